"""Fault suite, plausibility of price series (issue 22): a bad tick stops the load, a market move
does not.

Known answers: a planted x100 tick (the issue's RSP on 2026-01-30), an infinite close, a genuine
crash day (2020-03-16 and a 1987-style drop), the largest genuine reverting move of the snapshot
(PG&E, 2018-11-15), an unadjusted split, and the thresholds of :data:`rotation.inputs.validate.SPIKE`
one by one on synthetic series. The whole snapshot passes.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError
from rotation.inputs.plausibility import last_day_moves
from rotation.inputs.validate import SPIKE, SpikeRule, spikes

from .test_faults import DATA, ETF, _with, expect, world  # noqa: F401  (world: a fixture)

SP500 = rt.datasets.PANELS["sp500"]


@pytest.fixture(scope="module")
def etf_q1() -> pd.DataFrame:
    """SPY, RSP and XLK from October 2025 to March 2026 (real closes), so 2026-01-30 has a next day."""
    df = pd.read_parquet(DATA / ETF)
    keep = (
        df["ticker"].isin(["SPY", "RSP", "XLK"]) & (df["date"] >= "2025-10-01") & (df["date"] <= "2026-03-31")
    )
    return df[keep].reset_index(drop=True)


def _close(df: pd.DataFrame, ticker: str, date: str) -> float:
    return float(df.loc[(df["ticker"] == ticker) & (df["date"] == pd.Timestamp(date)), "close"].iloc[0])


def series(returns, start: str = "2020-01-02", ticker: str = "T", first: float = 100.0) -> pd.DataFrame:
    """A long price frame of one ticker from daily simple ``returns``."""
    r = np.asarray(returns, dtype=float)
    close = first * np.cumprod(np.r_[1.0, 1.0 + r])
    dates = pd.bdate_range(start, periods=len(close))
    return pd.DataFrame({"date": dates, "ticker": ticker, "close": close})


def noise(n: int, vol: float, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, vol, n)


def planted(returns_before, spike: float, back: float, returns_after) -> pd.DataFrame:
    """A series with a one-day move ``spike`` followed by ``back`` (simple returns)."""
    return series(np.r_[returns_before, spike, back, returns_after])


# ================================================================ the case, through the CLI
def test_planted_x100_tick_stops_check_naming_file_ticker_date_values_and_fix(world, etf_q1, capsys):
    good = _close(etf_q1, "RSP", "2026-01-30")
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=good * 100))
    text = expect(
        world,
        ["check", ETF],
        1,
        "etf_daily.parquet",
        "implausible one-day spike in RSP on 2026-01-30",
        f"{good * 100:.6g}",
        "data/price_exceptions.csv",
        "refresh --panels etf --tickers RSP",
        capsys=capsys,
    )
    assert "then -99.0% the next day" in text and "robust daily volatility" in text


def test_planted_tick_stops_a_load_whose_window_ends_on_it(world, etf_q1, capsys):
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=_close(etf_q1, "RSP", "2026-01-30") * 100))
    expect(
        world,
        lambda: rt.data.closes(["SPY", "RSP"], "2025-11-01", "2026-01-30"),
        1,
        "RSP on 2026-01-30",
        capsys=capsys,
    )


def test_planted_tick_does_not_stop_other_tickers_or_windows_without_it(world, etf_q1):
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=_close(etf_q1, "RSP", "2026-01-30") * 100))
    assert len(rt.data.closes(["SPY", "XLK"])) > 100
    assert len(rt.data.closes(["RSP"], "2025-10-01", "2026-01-29")) > 50


def test_tick_divided_by_100_is_caught_too(world, etf_q1, capsys):
    world.write(ETF, _with(etf_q1, "XLK", "2025-12-10", close=_close(etf_q1, "XLK", "2025-12-10") / 100))
    expect(world, ["check", ETF], 1, "XLK on 2025-12-10", "-99.0%", capsys=capsys)


def test_infinite_close_is_caught_at_load_naming_file_ticker_and_date(world, etf_q1, capsys):
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=np.inf))
    expect(
        world, ["check", ETF], 1, "etf_daily.parquet", "infinite 'close'", "RSP on 2026-01-30", capsys=capsys
    )


def test_minus_infinite_close_is_caught_as_infinite(world, etf_q1, capsys):
    world.write(ETF, _with(etf_q1, "SPY", "2025-11-03", close=-np.inf))
    expect(world, ["check", ETF], 1, "infinite 'close'", "SPY on 2025-11-03", capsys=capsys)


def test_infinite_high_is_caught(world, etf_q1, capsys):
    world.write(ETF, _with(etf_q1, "SPY", "2025-11-03", high=np.inf))
    expect(
        world,
        lambda: rt.data.prices(["SPY"], fields=("high", "close")),
        1,
        "infinite 'high'",
        "SPY on 2025-11-03",
        capsys=capsys,
    )


def test_a_declared_exception_lets_the_move_pass(world, etf_q1, tmp_path, monkeypatch):
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=_close(etf_q1, "RSP", "2026-01-30") * 100))
    data_dir = tmp_path / "project_data"
    data_dir.mkdir()
    shutil.copy(rt.config.project_data_dir() / "price_pairs.csv", data_dir)
    (data_dir / "price_exceptions.csv").write_text(
        "file,ticker,from,to,reason\nprices/etf_daily.parquet,RSP,2026-01-30,2026-01-30,test: declared\n"
    )
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: data_dir)
    assert rt.data.implausible(ETF).empty
    assert len(rt.data.closes(["RSP"])) > 100


@pytest.mark.parametrize(
    "row, culprit",
    [
        ("prices/etf_daily.parquet,RSP,2026-01-30,2026-01-30,", "blank 'reason'"),
        (
            "prices/nope.parquet,RSP,2026-01-30,2026-01-30,why",
            "'file' 'prices/nope.parquet' is not a price file",
        ),
        (
            "prices/etf_daily.parquet,RSP,2026-02-01,2026-01-30,why",
            "'to' 2026-01-30 is before 'from' 2026-02-01",
        ),
        ("prices/etf_daily.parquet,RSP,2026-13-01,2026-01-30,why", "'2026-13-01' in column 'from'"),
    ],
)
def test_a_bad_exception_row_is_named(world, etf_q1, tmp_path, monkeypatch, capsys, row, culprit):
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=_close(etf_q1, "RSP", "2026-01-30") * 100))
    data_dir = tmp_path / "project_data"
    data_dir.mkdir()
    shutil.copy(rt.config.project_data_dir() / "price_pairs.csv", data_dir)
    (data_dir / "price_exceptions.csv").write_text(f"file,ticker,from,to,reason\n{row}\n")
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: data_dir)
    expect(
        world,
        lambda: rt.data.implausible(ETF),
        1,
        "data/price_exceptions.csv",
        "data row 1",
        culprit,
        capsys=capsys,
    )


# ================================================================ genuine moves must pass
def test_the_march_2020_crash_passes(world):
    """2020-03-16: SPY -10.9 %, XLU -11.6 % then +12.8 % the next day (a genuine reverting move)."""
    df = pd.read_parquet(DATA / ETF)
    df = df[(df["date"] >= "2019-10-01") & (df["date"] <= "2020-07-31")].reset_index(drop=True)
    spy = df[df["ticker"] == "SPY"].set_index("date")["close"]
    assert spy.pct_change()["2020-03-16"] < -0.10  # the crash day is in the data
    world.write(ETF, df)
    assert rt.data.implausible(ETF).empty
    assert spikes(df).empty


def test_a_1987_style_crash_passes():
    """-20.5 % in a day after months of 1 % days, +5.3 % the next: a crash, not a tick."""
    df = planted(noise(120, 0.01), -0.205, 0.053, noise(60, 0.03, seed=1))
    assert spikes(df).empty


def test_a_crash_that_fully_reverts_in_a_calm_series_is_caught_only_beyond_k_sigma():
    """The same -20.5 %, fully undone the next day, in a 0.5 % series: 40+ sigmas, a tick."""
    df = planted(noise(120, 0.005), -0.205, 0.2579, noise(60, 0.005, seed=1))
    assert len(spikes(df)) == 1


def test_the_largest_genuine_reverting_move_of_the_snapshot_passes():
    """PG&E on 2018-11-15: -31 % then +38 % (the wildfire news, then the regulator's comments):
    15.5 robust sigmas, below the threshold."""
    df = pd.read_parquet(
        DATA / SP500, columns=["date", "ticker", "close"], filters=[("ticker", "in", ["PCG"])]
    )
    z = spikes(df, SpikeRule(k_sigma=10))
    assert list(z["date"].dt.strftime("%Y-%m-%d")) == ["2018-11-15"]
    assert 15 < z["z"].iloc[0] < SPIKE.k_sigma
    assert spikes(df).empty


def test_an_unadjusted_split_is_not_a_spike():
    """A 2:1 split left unadjusted halves the close and stays there: a level jump, not a tick."""
    df = planted(noise(100, 0.01), -0.5, 0.002, noise(100, 0.01, seed=1))
    assert spikes(df).empty


def test_a_stale_series_is_judged_by_its_moving_days():
    """A thinly traded series (most closes unchanged) has a zero MAD; its own moves set the scale."""
    r = np.where(np.random.default_rng(2).random(250) < 0.2, noise(250, 0.05), 0.0)
    df = series(np.r_[r[:120], 0.13, -0.12, r[120:]])
    assert spikes(df).empty


# ================================================================ the whole snapshot passes
@pytest.mark.parametrize("panel", sorted(rt.datasets.PANELS))
def test_every_series_of_the_snapshot_passes(panel):
    """Every series of every price file: no spike beyond the declared exceptions."""
    assert rt.data.implausible(rt.datasets.PANELS[panel]).empty


def test_the_declared_exceptions_are_each_needed():
    """Each row of data/price_exceptions.csv covers at least one spike or last-day move found."""
    exc = rt.data.price_exceptions()
    assert len(exc)
    for file, rows in exc.groupby("file"):
        full = pd.read_parquet(DATA / file, columns=["date", "ticker", "close"])
        found = pd.concat([spikes(full), last_day_moves(full)], ignore_index=True)
        for _, r in rows.iterrows():
            hit = found[(found["ticker"] == r["ticker"]) & found["date"].between(r["from"], r["to"])]
            assert len(hit), f"{file} {r['ticker']}: the exception covers no spike; remove it"


# ================================================================ the thresholds, one by one
def _tick(spike: float, back: float, vol: float = 0.01) -> pd.DataFrame:
    return planted(noise(100, vol), spike, back, noise(100, vol, seed=1))


def test_k_sigma_separates_a_tick_from_a_large_day():
    df = _tick(0.5, -1 / 3)  # +50 % and back, in a 1 % series: about 40 sigmas
    (z,) = spikes(df, SpikeRule(k_sigma=1))["z"]
    assert len(spikes(df, SpikeRule(k_sigma=z * 0.99))) == 1
    assert spikes(df, SpikeRule(k_sigma=z * 1.01)).empty


def test_revert_requires_the_next_day_to_undo_most_of_the_move():
    assert len(spikes(_tick(0.5, -0.30))) == 1  # undoes 88 % of the (log) move
    assert spikes(_tick(0.5, -0.20)).empty  # undoes 55 %: a move that partly holds


def test_min_move_ignores_small_blips_of_a_very_calm_series():
    df = _tick(0.08, -0.074, vol=0.0005)  # 8 %: hundreds of sigmas of a 0.05 % series, but small
    assert spikes(df).empty
    assert len(spikes(df, SpikeRule(min_move=0.05))) == 1


def test_a_short_series_uses_the_unknown_sigma():
    df = series([0.01, -0.01, 99.0, -0.99, 0.01])  # x100 and back, five days of history
    (s,) = spikes(df)["sigma"]
    assert s == SPIKE.sigma_unknown


def test_the_spike_names_its_values():
    df = _tick(99.0, -0.99)
    s = spikes(df).iloc[0]
    assert s["close"] == pytest.approx(s["before"] * 100)
    assert s["move"] == pytest.approx(99.0) and s["back"] == pytest.approx(-0.99)


def test_spikes_is_per_ticker():
    """A jump between two tickers' series is not a return."""
    a = series(noise(50, 0.01), ticker="A", first=10.0)
    b = series(noise(50, 0.01, seed=1), ticker="B", first=1000.0)
    c = series(noise(50, 0.01, seed=2), ticker="C", first=10.0)
    assert spikes(pd.concat([a, b, c], ignore_index=True)).empty


def test_the_declared_thresholds():
    """The one place the thresholds live; changing one is a decision, made here too."""
    assert (SPIKE.k_sigma, SPIKE.min_move, SPIKE.revert, SPIKE.half_window) == (20.0, 0.10, 0.25, 32)


@pytest.mark.parametrize(
    "bad", [{"k_sigma": 0}, {"min_move": -0.1}, {"revert": 1.0}, {"half_window": 0}, {"min_obs": 100}]
)
def test_thresholds_out_of_range_are_refused(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        SpikeRule(**bad)


def test_a_plausibility_error_is_a_data_validation_error(world, etf_q1):
    world.write(ETF, _with(etf_q1, "RSP", "2026-01-30", close=_close(etf_q1, "RSP", "2026-01-30") * 100))
    with pytest.raises(DataValidationError, match="RSP on 2026-01-30"):
        rt.data.prices(["RSP"])
