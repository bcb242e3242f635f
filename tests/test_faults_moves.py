"""Fault suite, plausibility beyond the reverting spike (issue 22): a bad price on a series' last
day, a level jump that holds in a fund or an index, a fund moving against its index.

Known answers: a planted x100 tick on the last day, an unadjusted split of a fund (and of a fund
with a declared index), SPY moving 8 % against ^GSPC for one day, and the genuine large moves
that must pass: 2020-03-16 in the funds and the indices, a 1987-style crash, a volatility index
doubling, a crash on the last day. The thresholds of :data:`rotation.inputs.plausibility.PLAUSIBLE` are
checked one by one; the whole snapshot passes (tests/test_faults_plausibility.py).
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.inputs.plausibility import (
    PLAUSIBLE,
    PlausibilityRule,
    against_index,
    last_day_moves,
    level_jumps,
)

from .test_faults import DATA, ETF, _with, expect, world  # noqa: F401  (world: a fixture)
from .test_faults_plausibility import noise, series

INDEX = rt.datasets.PANELS["index"]


def _window(relpath: str, tickers: list[str], start: str, end: str) -> pd.DataFrame:
    df = pd.read_parquet(DATA / relpath)
    keep = df["ticker"].isin(tickers) & (df["date"] >= start) & (df["date"] <= end)
    return df[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def funds() -> pd.DataFrame:
    return _window(ETF, ["SPY", "RSP", "XLK"], "2025-10-01", "2026-03-31")


@pytest.fixture(scope="module")
def indices() -> pd.DataFrame:
    return _window(INDEX, ["^GSPC", "^RUT", "^NDX"], "2025-10-01", "2026-03-31")


def _close(df: pd.DataFrame, ticker: str, date: str) -> float:
    return float(df.loc[(df["ticker"] == ticker) & (df["date"] == pd.Timestamp(date)), "close"].iloc[0])


def _split(df: pd.DataFrame, ticker: str, date: str, ratio: float = 0.5) -> pd.DataFrame:
    """``df`` with ``ticker``'s closes from ``date`` on multiplied by ``ratio`` (a split left
    unadjusted)."""
    df = df.copy()
    rows = (df["ticker"] == ticker) & (df["date"] >= pd.Timestamp(date))
    df.loc[rows, "close"] *= ratio
    return df


# ================================================================ a tick on the last day
def test_a_x100_tick_on_the_last_day_stops_check_naming_it(world, funds, capsys):
    last = str(funds["date"].max().date())
    world.write(ETF, _with(funds, "RSP", last, close=_close(funds, "RSP", last) * 100))
    expect(
        world,
        ["check", ETF],
        1,
        "etf_daily.parquet",
        f"last day, RSP on {last}",
        "no next day",
        "data/price_exceptions.csv",
        "--tickers RSP",
        capsys=capsys,
    )


def test_a_tick_on_the_last_day_stops_a_load_that_reaches_it_only(world, funds, capsys):
    last = str(funds["date"].max().date())
    world.write(ETF, _with(funds, "XLK", last, close=_close(funds, "XLK", last) / 10))
    expect(world, lambda: rt.data.closes(["XLK"]), 1, f"XLK on {last}", capsys=capsys)
    assert len(rt.data.closes(["XLK"], end="2026-03-30")) > 100
    assert len(rt.data.closes(["SPY", "RSP"])) > 100


def test_a_crash_on_the_last_day_passes():
    """-20 % on the last day of a 1 % series: 22 sigmas, a possible market day."""
    assert last_day_moves(series(np.r_[noise(200, 0.01), -0.20])).empty


def test_the_last_day_rule_thresholds():
    df = series(np.r_[noise(200, 0.01), 1.0])  # +100 %: log 0.69, about 70 sigmas
    assert len(last_day_moves(df)) == 1
    assert last_day_moves(df, PlausibilityRule(last_k_sigma=100)).empty
    assert last_day_moves(df, PlausibilityRule(last_min_move=0.8)).empty


# ================================================================ a level jump that holds
def test_an_unadjusted_split_of_a_fund_stops_check(world, funds, capsys):
    world.write(ETF, _split(funds, "XLK", "2026-01-15"))
    expect(
        world,
        ["check", ETF],
        1,
        "level jump in XLK on 2026-01-15",
        "-49.7%",
        "unadjusted split",
        capsys=capsys,
    )


def test_a_reverse_split_is_a_level_jump_too():
    df = series(np.r_[noise(100, 0.01), 2.0, noise(100, 0.01, seed=1)])  # x3, held
    (row,) = level_jumps(df).itertuples()
    assert row.move == pytest.approx(2.0)


def test_genuine_crash_days_are_not_level_jumps(world):
    """2020-03-16 (SPY -10.9 %, XLE -14 %, ^RUT -14 %) and XLE's -20 % of 2020-03-09, in funds and
    indices, against their indices too."""
    world.write(ETF, _window(ETF, ["SPY", "IWM", "QQQ", "XLE", "XLU"], "2019-10-01", "2020-07-31"))
    world.write(INDEX, _window(INDEX, ["^GSPC", "^RUT", "^NDX"], "2019-10-01", "2020-07-31"))
    assert rt.data.implausible(ETF).empty
    assert rt.data.implausible(INDEX).empty


def test_a_1987_style_crash_is_not_a_level_jump():
    """-20.5 % in a day after months of 1 % days (the S&P 500 on 1987-10-19), held."""
    assert level_jumps(series(np.r_[noise(120, 0.01), -0.205, noise(60, 0.03, seed=1)])).empty


def test_a_volatility_index_may_double():
    df = series(np.r_[noise(100, 0.02), 1.16, noise(100, 0.02, seed=1)], ticker="VIX")
    assert level_jumps(df).empty
    assert len(level_jumps(df.assign(ticker="XLK"))) == 1


def test_the_level_jump_thresholds():
    df = series(np.r_[noise(100, 0.01), -0.4, noise(100, 0.01, seed=1)])  # log -0.51
    assert len(level_jumps(df)) == 1
    assert level_jumps(df, PlausibilityRule(jump_min_move=0.6)).empty
    assert level_jumps(df, PlausibilityRule(jump_k_sigma=500)).empty


def test_member_stocks_are_not_checked_for_level_jumps(world):
    """A genuine halving on news is common among stocks (CORT, 2025-12-31): only funds and indices."""
    assert "sp500" not in PLAUSIBLE.jump_panels
    sp = _window(rt.datasets.PANELS["sp500"], ["AAPL", "MSFT"], "2025-06-01", "2026-03-31")
    world.write(rt.datasets.PANELS["sp500"], _split(sp, "AAPL", "2026-01-15"))
    assert rt.data.implausible(rt.datasets.PANELS["sp500"]).empty


# ================================================================ a fund against its index
def test_spy_moving_against_its_index_stops_naming_both(world, funds, indices, capsys):
    """SPY +8 % on one day, then back, while ^GSPC moved as it did: below the spike's 10 %."""
    world.write(ETF, _with(funds, "SPY", "2026-01-22", close=_close(funds, "SPY", "2026-01-22") * 1.08))
    world.write(INDEX, indices)
    expect(
        world,
        ["check", ETF],
        1,
        "SPY moved against its index ^GSPC on 2026-01-22",
        "data/price_pairs.csv",
        "1 more: SPY on 2026-01-23",
        capsys=capsys,
    )


def test_a_fund_against_its_index_stops_a_load_of_either(world, funds, indices, capsys):
    world.write(ETF, funds)
    world.write(
        INDEX, _with(indices, "^GSPC", "2026-01-22", close=_close(indices, "^GSPC", "2026-01-22") * 0.93)
    )
    expect(
        world, lambda: rt.data.closes(["^GSPC"], panel="index"), 1, "against its index ^GSPC", capsys=capsys
    )
    expect(world, lambda: rt.data.closes(["SPY"]), 1, "SPY moved against", capsys=capsys)
    assert len(rt.data.closes(["RSP", "XLK"])) > 100  # no pair: not stopped


def test_a_split_of_a_fund_with_an_index_is_named_both_ways(world, funds, indices, capsys):
    world.write(ETF, _split(funds, "SPY", "2026-01-15"))
    world.write(INDEX, indices)
    found = rt.data.implausible(ETF)
    assert set(found["kind"]) == {"level jump", "against its index"}
    expect(world, ["check", ETF], 1, "level jump in SPY on 2026-01-15", "1 more", capsys=capsys)


def test_the_pair_gap_threshold():
    dates = pd.bdate_range("2026-01-01", periods=60)
    idx = pd.DataFrame({"date": dates, "ticker": "I", "close": 100 * np.cumprod(1 + noise(60, 0.01))})
    fund = idx.assign(ticker="F")
    fund.loc[30:, "close"] *= 1.06  # a 6 % gap on one day
    assert list(against_index(fund, idx)["date"]) == [dates[30]]
    assert against_index(fund, idx, PlausibilityRule(pair_gap=0.07)).empty
    assert against_index(idx.assign(ticker="F"), idx).empty


def test_the_pairs_are_compared_on_the_days_both_close():
    """A day missing from the index file is not a gap: both returns span the same two dates."""
    dates = pd.bdate_range("2026-01-01", periods=60)
    idx = pd.DataFrame({"date": dates, "ticker": "I", "close": 100 * np.cumprod(1 + noise(60, 0.02))})
    assert against_index(idx.assign(ticker="F"), idx.drop(index=range(20, 25))).empty


def test_the_declared_pairs_and_thresholds():
    pairs = rt.data.price_pairs()
    assert {(r.fund, r.index) for r in pairs.itertuples()} == {
        ("SPY", "^GSPC"),
        ("IWM", "^RUT"),
        ("QQQ", "^NDX"),
    }
    assert (PLAUSIBLE.last_k_sigma, PLAUSIBLE.last_min_move, PLAUSIBLE.jump_min_move, PLAUSIBLE.pair_gap) == (
        50.0,
        0.5,
        0.35,
        0.05,
    )


@pytest.mark.parametrize("bad", [{"last_k_sigma": 0}, {"jump_min_move": 0}, {"pair_gap": -0.01}])
def test_thresholds_out_of_range_are_refused(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        PlausibilityRule(**bad)


@pytest.mark.parametrize(
    "row, culprit",
    [
        ("prices/etf_daily.parquet,SPY,prices/index_daily.parquet,^GSPC,", "blank 'reason'"),
        ("prices/etf.parquet,SPY,prices/index_daily.parquet,^GSPC,why", "'fund_file' 'prices/etf.parquet'"),
    ],
)
def test_a_bad_pair_row_is_named(world, funds, tmp_path, monkeypatch, capsys, row, culprit):
    world.write(ETF, funds)
    here = tmp_path / "project_data"
    here.mkdir()
    shutil.copy(rt.config.project_data_dir() / "price_exceptions.csv", here)
    (here / "price_pairs.csv").write_text(f"fund_file,fund,index_file,index,reason\n{row}\n")
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: here)
    expect(world, ["check", ETF], 1, "data/price_pairs.csv, data row 1", culprit, capsys=capsys)
