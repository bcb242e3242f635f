"""The refresh (rotation.sources.refresh, rotation.sources.yahoo), tested without network: a fake at the yfinance boundary serves real
snapshot slices shaped as ``yf.download`` returns them (MultiIndex columns (Price, Ticker))."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from yfinance.exceptions import YFRateLimitError

import rotation as rt
from rotation import notebooks, refresh, refresh_plan, refresh_report, update, yahoo
from rotation.__main__ import main as cli
from rotation.errors import DataValidationError

from .conftest import data_root

ROOT = rt.config.repo_root()
SNAP = data_root()
FAST = yahoo.RetryPolicy(retries=2, backoff=0.5, batch_size=50, sleep=lambda s: None)


# ---------------------------------------------------------------- no test reaches the network
@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every outgoing connection and name lookup fails, as on a machine without network."""

    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_network_guard_makes_the_probe_report_offline_quickly():
    t0 = time.perf_counter()
    assert yahoo.network_available() is False
    assert time.perf_counter() - t0 < 1.0
    with pytest.raises(OSError, match="disabled"):
        socket.create_connection((yahoo.YAHOO_HOST, 443), timeout=1)


# ---------------------------------------------------------------- the fake Yahoo
def _snapshot_bars(panel: str) -> dict[str, pd.DataFrame]:
    df = pd.read_parquet(SNAP / rt.datasets.PANELS[panel])
    out = {}
    for t, g in df.groupby("ticker"):
        bars = g.set_index("date").drop(columns="ticker").rename(columns=str.capitalize)
        bars.index = pd.DatetimeIndex(bars.index, name="Date").as_unit("ns")
        out[yahoo.yahoo_symbol(str(t))] = bars.astype("float64")
    return out


def yf_frame(per_symbol: dict[str, pd.DataFrame | None]) -> pd.DataFrame:
    """What ``yf.download(..., group_by="column")`` returns: columns (Price, Ticker) sorted,
    the union of the dates, a symbol without data as all-NaN columns."""
    fields = ["Close", "High", "Low", "Open", "Volume"]
    empty = pd.DataFrame(columns=fields, dtype="float64", index=pd.DatetimeIndex([], name="Date"))
    dfs = {s: (b if b is not None else empty).reindex(columns=fields) for s, b in per_symbol.items()}
    idx = None
    for b in dfs.values():
        idx = b.index if idx is None else idx.union(b.index)
    dfs = {s: b.reindex(idx) for s, b in dfs.items()}
    data = pd.concat(dfs.values(), axis=1, sort=True, keys=dfs.keys(), names=["Ticker", "Price"])
    data.columns = data.columns.swaplevel(0, 1)
    return data.sort_index(level=0, axis=1)


class FakeYahoo:
    """The :class:`rotation.sources.yahoo.Downloader` boundary, serving ``bars`` (symbol -> OHLCV frame).

    ``script`` lists what successive ``download`` calls do first: an exception to raise, or
    None to answer. ``always`` is an exception raised by every call. ``empty`` answers every
    call with an empty frame."""

    def __init__(self, bars, shares=None, script=(), always=None, empty=False, quoted=None):
        self.bars, self.share_series, self.quoted = bars, shares or {}, quoted or {}
        self.script, self.always, self.empty = list(script), always, empty
        self.calls: list[tuple] = []
        self.share_calls: list[tuple] = []
        self.errors: dict[str, str] = {}

    def download(self, symbols, start, end, *, adjusted=True):
        self.calls.append((tuple(symbols), pd.Timestamp(start), pd.Timestamp(end), adjusted))
        if self.always is not None:
            raise self.always
        if self.script:
            exc = self.script.pop(0)
            if exc is not None:
                raise exc
        if self.empty:
            return pd.DataFrame()
        source = self.bars if adjusted else self.quoted
        return yf_frame({s: source[s].loc[start:end] if s in source else None for s in symbols})

    def shares(self, symbol, start, end):
        self.share_calls.append((symbol, pd.Timestamp(start), pd.Timestamp(end)))
        s = self.share_series.get(symbol)
        if s is None:
            return None
        day = s.index.tz_localize(None).normalize()
        return s[(day >= start) & (day <= end)]


@pytest.fixture(scope="module")
def etf_bars() -> dict[str, pd.DataFrame]:
    return _snapshot_bars("etf")


@pytest.fixture
def dirs(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A stand-in snapshot folder (empty until a test seeds it) and an empty cache."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    (src / "prices").mkdir(parents=True)
    monkeypatch.delenv("ROTATION_DATA", raising=False)
    monkeypatch.delenv("ROTATION_PREFER_CACHE", raising=False)
    monkeypatch.setattr(rt.config, "snapshot_dir", lambda: src)
    monkeypatch.setenv("ROTATION_CACHE", str(cache))
    return src, cache


CUT, END = pd.Timestamp("2026-05-29"), pd.Timestamp("2026-06-12")
TICKERS = ["SPY", "RSP", "XLK"]


def seed_etf(src: Path, tickers=TICKERS, cut=CUT) -> pd.DataFrame:
    """Write the snapshot's ETF rows of ``tickers`` up to ``cut`` as the seed copy."""
    df = pd.read_parquet(SNAP / rt.datasets.PANELS["etf"])
    df = df[df["ticker"].isin(tickers) & (df["date"] <= cut) & (df["date"] >= "2025-01-01")].reset_index(
        drop=True
    )
    df.to_parquet(src / rt.datasets.PANELS["etf"], index=False)
    return df


def cached_etf(cache: Path) -> pd.DataFrame:
    return pd.read_parquet(cache / rt.datasets.PANELS["etf"])


def run_etf(fake, tickers=TICKERS, **kw) -> refresh_report.Report:
    return refresh.refresh(
        ["etf"],
        tickers,
        downloader=fake,
        end=kw.pop("end", END),
        probe=lambda: True,
        progress=False,
        policy=kw.pop("policy", FAST),
        **kw,
    )


# ---------------------------------------------------------------- the yf.download frame
def test_to_long_reads_multiindex_columns_and_drops_rows_without_close(etf_bars):
    spy = etf_bars["SPY"].loc["2026-06-01":"2026-06-05"].copy()
    spy.iloc[1, spy.columns.get_loc("Open")] = np.nan  # partial NaN row: close present, kept
    rsp = etf_bars["RSP"].loc["2026-06-01":"2026-06-05"].copy()
    rsp.iloc[2, rsp.columns.get_loc("Close")] = np.nan  # no close: not an observation, dropped
    frame = yf_frame({"SPY": spy, "RSP": rsp, "ZZZZ": None})
    assert frame.columns.names == ["Price", "Ticker"]
    long = yahoo.to_long(frame, {"SPY": "SPY", "RSP": "RSP", "ZZZZ": "ZZZZ"})
    assert list(long.columns) == ["date", "ticker", "open", "high", "low", "close", "volume"]
    assert long.groupby("ticker").size().to_dict() == {"RSP": 4, "SPY": 5}
    assert long["open"].isna().sum() == 1
    assert np.allclose(long.loc[long["ticker"] == "SPY", "close"], spy["Close"])


def test_to_long_of_an_empty_frame_is_empty_with_the_schema():
    long = yahoo.to_long(pd.DataFrame(), {"SPY": "SPY"})
    assert long.empty and list(long.columns) == ["date", "ticker", "open", "high", "low", "close", "volume"]


def test_yahoo_symbols_map_back_to_the_stored_names(etf_bars):
    frame = yf_frame({"^VIX": etf_bars["^VIX"].loc["2026-06-01":"2026-06-03"]})
    assert set(yahoo.to_long(frame, {"^VIX": "VIX"})["ticker"]) == {"VIX"}


# ---------------------------------------------------------------- incremental refresh
def test_refresh_appends_new_sessions_after_an_overlap_and_keeps_history(dirs, etf_bars):
    src, cache = dirs
    seed = seed_etf(src)
    fake = FakeYahoo(etf_bars)
    report = run_etf(fake)
    assert report.ok and report.status("etf", "updated") == sorted(TICKERS)
    ((symbols, start, end, adjusted),) = fake.calls
    fifth_last = seed.loc[seed["ticker"] == "SPY", "date"].sort_values().iloc[-refresh_plan.OVERLAP_SESSIONS]
    assert start == fifth_last and end == END and adjusted and sorted(symbols) == sorted(TICKERS)
    out = cached_etf(cache)
    assert out.groupby("ticker")["date"].max().eq(pd.Timestamp("2026-06-12")).all()
    old = out[out["date"] <= CUT].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        old[seed.columns], seed.sort_values(["ticker", "date"]).reset_index(drop=True), check_dtype=False
    )
    assert out["volume"].dtype == seed["volume"].dtype and out["date"].dtype == seed["date"].dtype
    assert not out.duplicated(["ticker", "date"]).any()
    # the refreshed file is what the data layer reads with the cache preferred
    assert (cache / rt.datasets.PANELS["etf"]).is_file() and report.written["etf"][1] == len(out)


def test_second_refresh_finds_everything_up_to_date_and_downloads_nothing(dirs, etf_bars):
    src, cache = dirs
    seed_etf(src)
    run_etf(FakeYahoo(etf_bars))
    before = (cache / rt.datasets.PANELS["etf"]).read_bytes()
    fake = FakeYahoo(etf_bars)
    report = run_etf(fake)
    assert fake.calls == [] and report.status("etf", "up to date") == sorted(TICKERS)
    assert (cache / rt.datasets.PANELS["etf"]).read_bytes() == before


def test_changed_adjustment_base_in_the_overlap_triggers_a_full_redownload(dirs, etf_bars):
    src, cache = dirs
    seed = seed_etf(src)
    bars = dict(etf_bars)
    spy = bars["SPY"].copy()
    ex_date = pd.Timestamp("2026-06-01")  # a dividend after the cache: Yahoo rescales every earlier close
    spy.loc[spy.index < ex_date, ["Open", "High", "Low", "Close"]] *= 0.995
    bars["SPY"] = spy
    fake = FakeYahoo(bars)
    report = run_etf(fake)
    assert report.status("etf", "re-adjusted") == ["SPY"]
    assert report.status("etf", "updated") == ["RSP", "XLK"]
    full = [c for c in fake.calls if c[0] == ("SPY",)]
    assert full and full[0][1] == seed.loc[seed["ticker"] == "SPY", "date"].min()
    out = cached_etf(cache).set_index(["ticker", "date"])["close"]
    new_spy = spy.loc[seed.loc[seed["ticker"] == "SPY", "date"].min() : END, "Close"]
    assert np.allclose(out.loc["SPY"].to_numpy(), new_spy.to_numpy())  # one adjustment base only
    rsp_old = seed[seed["ticker"] == "RSP"].set_index("date")["close"]
    assert np.array_equal(out.loc["RSP"].loc[rsp_old.index].to_numpy(), rsp_old.to_numpy())


def test_rounding_noise_in_the_overlap_is_not_a_readjustment(dirs, etf_bars):
    src, _ = dirs
    seed_etf(src)
    bars = {s: b * (1 + 2e-6) for s, b in etf_bars.items()}
    report = run_etf(FakeYahoo(bars))
    assert report.status("etf", "re-adjusted") == [] and report.status("etf", "updated") == sorted(TICKERS)


def test_readjusted_compares_only_the_overlap_dates():
    old = pd.DataFrame(
        {
            "ticker": ["A"] * 3 + ["B"] * 3,
            "date": pd.to_datetime(["2026-01-02", "2026-01-05", "2026-01-06"] * 2),
            "close": [10.0, 11.0, 12.0, 20.0, 21.0, 22.0],
        }
    )
    new = pd.DataFrame(
        {
            "ticker": ["A", "A", "B", "B", "C"],
            "date": pd.to_datetime(["2026-01-05", "2026-01-06"] * 2 + ["2026-01-06"]),
            "close": [11.0, 12.0, 21.0, 21.9, 5.0],
        }
    )
    starts = pd.Series(pd.to_datetime(["2026-01-05", "2026-01-05"]), index=["A", "B"])
    assert refresh.readjusted(old, new, starts) == ["B"]
    # a ticker without new rows is not re-adjusted (it is reported failed elsewhere) ...
    assert refresh.readjusted(old, new[new["ticker"] != "A"], starts.loc[["A"]]) == []
    # ... but one whose new rows miss every cached overlap date cannot be checked: re-download it
    shifted = new.assign(date=new["date"] + pd.Timedelta(days=30))
    assert refresh.readjusted(old, shifted, starts) == ["A", "B"]


# ---------------------------------------------------------------- failures, retries, batches
def test_rate_limit_is_retried_with_exponential_backoff_then_succeeds(dirs, etf_bars):
    src, _ = dirs
    seed_etf(src)
    waits: list[float] = []
    policy = yahoo.RetryPolicy(retries=3, backoff=2.0, sleep=waits.append)
    fake = FakeYahoo(etf_bars, script=[YFRateLimitError(), TimeoutError("read timed out"), None])
    report = run_etf(fake, policy=policy)
    assert waits == [2.0, 4.0] and len(fake.calls) == 3
    assert report.ok and report.status("etf", "updated") == sorted(TICKERS)


def test_persistent_failure_marks_tickers_failed_stale_and_keeps_the_old_copy(dirs, etf_bars):
    src, cache = dirs
    seed_etf(src)
    fake = FakeYahoo(etf_bars, always=ConnectionError("connection reset"))
    report = run_etf(fake)
    assert len(fake.calls) == FAST.retries + 1
    assert (
        sorted(report.failed["etf"]) == sorted(TICKERS) and "connection reset" in report.failed["etf"]["SPY"]
    )
    assert not report.ok and not (cache / rt.datasets.PANELS["etf"]).exists()
    assert "failed SPY" in report.format()


def test_non_transient_errors_are_not_retried(dirs, etf_bars):
    src, _ = dirs
    seed_etf(src)
    fake = FakeYahoo(etf_bars, always=KeyError("chart"))
    report = run_etf(fake)
    assert len(fake.calls) == 1 and sorted(report.failed["etf"]) == sorted(TICKERS)


def test_missing_ticker_is_failed_and_stale_while_the_others_are_written(dirs, etf_bars):
    src, cache = dirs
    seed_etf(src)
    bars = {s: b for s, b in etf_bars.items() if s != "XLK"}
    report = run_etf(FakeYahoo(bars))
    assert report.failed["etf"] == {"XLK": "no data returned"}
    assert report.stale["etf"] == {"XLK": CUT}
    out = cached_etf(cache)
    assert out.loc[out["ticker"] == "XLK", "date"].max() == CUT  # old rows kept, not dropped
    assert "stale" in report.format() and "XLK 2026-05-29" in report.format()


def test_an_empty_frame_fails_the_batch_without_writing(dirs, etf_bars):
    src, cache = dirs
    seed_etf(src)
    report = run_etf(FakeYahoo(etf_bars, empty=True))
    assert sorted(report.failed["etf"]) == sorted(TICKERS) and not report.ok
    assert not (cache / rt.datasets.PANELS["etf"]).exists()


def test_batches_group_tickers_and_abort_after_consecutive_failures(dirs, etf_bars):
    src, _ = dirs
    seed_etf(src)
    policy = yahoo.RetryPolicy(retries=0, batch_size=1, max_consecutive_failures=2, sleep=lambda s: None)
    fake = FakeYahoo(etf_bars, always=TimeoutError("timed out"))
    report = run_etf(fake, policy=policy)
    assert len(fake.calls) == 2  # the third batch is not attempted
    assert sum("not attempted" in why for why in report.failed["etf"].values()) == 1


def test_negative_prices_from_yahoo_fail_that_ticker_only(dirs, etf_bars):
    src, cache = dirs
    seed_etf(src)
    bars = dict(etf_bars)
    bad = bars["RSP"].copy()
    bad.loc["2026-06-10", "Close"] = -1.0
    bars["RSP"] = bad
    report = run_etf(FakeYahoo(bars))
    assert list(report.failed["etf"]) == ["RSP"] and "negative" in report.failed["etf"]["RSP"]
    out = cached_etf(cache)
    assert (out["close"] > 0).all() and out.loc[out["ticker"] == "RSP", "date"].max() == CUT


def test_new_ticker_is_downloaded_from_the_panel_start(dirs, etf_bars):
    src, cache = dirs
    seed_etf(src, tickers=["SPY"])
    fake = FakeYahoo(etf_bars)
    report = run_etf(fake, tickers=["SPY", "XLB"])
    assert report.status("etf", "new") == ["XLB"]
    assert ("XLB",) in [
        c[0] for c in fake.calls if c[1] == pd.Timestamp(refresh_plan.PANEL_SPECS["etf"].start)
    ]
    out = cached_etf(cache)
    assert out.loc[out["ticker"] == "XLB", "date"].min() == etf_bars["XLB"].index.min()


def test_a_ticker_without_data_for_a_month_counts_as_ended_and_is_not_requested(dirs, etf_bars):
    src, _ = dirs
    seed = seed_etf(src, tickers=["SPY", "VXO"], cut=CUT)
    vxo = pd.read_parquet(SNAP / rt.datasets.PANELS["etf"]).query("ticker == 'VXO'").tail(10)
    pd.concat([seed, vxo]).to_parquet(src / rt.datasets.PANELS["etf"], index=False)
    fake = FakeYahoo(etf_bars)
    report = refresh.refresh(
        ["etf"], None, downloader=fake, end=END, probe=lambda: True, progress=False, policy=FAST
    )
    assert report.status("etf", "ended") == ["VXO"]
    assert all("^VXO" not in c[0] for c in fake.calls)


def test_a_required_ticker_behind_the_others_is_refreshed_not_ended(dirs):
    src, cache = dirs
    idx = pd.read_parquet(SNAP / rt.datasets.PANELS["index"])
    idx.to_parquet(src / rt.datasets.PANELS["index"], index=False)  # ^NDX ends 2026-07-10, ^RUT 2026-09-25
    bars = _snapshot_bars("index")
    fake = FakeYahoo(bars)
    report = refresh.refresh(
        ["index"],
        None,
        downloader=fake,
        end=pd.Timestamp("2026-09-25"),
        probe=lambda: True,
        progress=False,
        policy=FAST,
    )
    assert report.status("index", "ended") == []
    assert sorted(s for c in fake.calls for s in c[0]) == ["^GSPC", "^NDX"]  # ^RUT is already up to date
    # the fake has nothing newer (it serves the snapshot): no new session, nothing to write
    assert (
        report.status("index", "up to date") == ["^GSPC", "^NDX", "^RUT"] and not (cache / "prices").exists()
    )


# ---------------------------------------------------------------- validation and atomic writes
def _frame(**over) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-01-02", "2026-01-05"]),
            "ticker": ["A", "A"],
            "open": [1.0, 2.0],
            "high": [1.0, 2.0],
            "low": [1.0, 2.0],
            "close": [1.0, 2.0],
            "volume": pd.array([10, 20], dtype="Int64"),
        }
    )
    return df.assign(**over)


@pytest.mark.parametrize(
    "bad, match",
    [
        (_frame().iloc[0:0], "no rows"),
        (_frame(close=[1.0, -2.0]), "non-positive 'close'"),
        (_frame(low=[1.0, -0.5]), "negative 'low'"),
        (_frame(date=pd.to_datetime(["2026-01-02", "2026-01-02"])), "duplicated"),
        (_frame(volume=pd.array([pd.NA, pd.NA], dtype="Int64")), "no value at all"),
    ],
)
def test_validation_rejects_empty_negative_duplicated_and_all_nan(bad, match):
    with pytest.raises(DataValidationError, match=match):
        rt.validate.validate_panel(bad, ["open", "high", "low", "close", "volume"], "test")


def test_validation_accepts_zero_open_as_yahoo_sends_for_vix():
    rt.validate.validate_panel(_frame(open=[0.0, 2.0]), ["open", "high", "low", "close", "volume"], "test")


def test_interrupted_write_leaves_the_old_file_intact_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "prices" / "etf_daily.parquet"
    rt.io.write_frame(path, _frame())
    before = path.read_bytes()
    real = pd.DataFrame.to_parquet

    def crash(self, target, *a, **k):
        real(self, target, *a, **k)
        Path(target).write_bytes(Path(target).read_bytes()[:20])  # half-written
        raise KeyboardInterrupt  # Ctrl-C mid-write

    monkeypatch.setattr(pd.DataFrame, "to_parquet", crash)
    with pytest.raises(KeyboardInterrupt):
        rt.io.write_frame(path, _frame(close=[5.0, 6.0]))
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["etf_daily.parquet"]
    assert pd.read_parquet(path)["close"].tolist() == [1.0, 2.0]


def test_failing_validation_keeps_the_previous_cache_file(dirs, etf_bars, monkeypatch):
    src, cache = dirs
    seed_etf(src)
    run_etf(FakeYahoo(etf_bars), end=END - pd.Timedelta(days=7))
    before = (cache / rt.datasets.PANELS["etf"]).read_bytes()

    def refuse(df, columns, name):
        raise DataValidationError(f"{name}: broken on purpose")

    monkeypatch.setattr(rt.validate, "validate_panel", refuse)
    report = run_etf(FakeYahoo(etf_bars))
    assert "broken on purpose" in report.errors["etf"] and not report.ok
    assert (cache / rt.datasets.PANELS["etf"]).read_bytes() == before


# ---------------------------------------------------------------- share counts
# ---------------------------------------------------------------- offline, ensure_data, CLI
def test_offline_refresh_touches_nothing_and_says_which_data_the_notebooks_use(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ROTATION_CACHE", str(tmp_path / "cache"))
    t0 = time.perf_counter()
    code = cli(["refresh"])
    out = capsys.readouterr().out
    assert code == 1 and time.perf_counter() - t0 < 5
    assert "Network unreachable" in out and yahoo.YAHOO_HOST in out
    assert str(SNAP) in out and "prices/etf_daily.parquet" in out and "last date 2026-07-01" in out
    assert not (tmp_path / "cache").exists()


def test_cli_refresh_options_parse(monkeypatch):
    seen = {}
    import rotation.__main__

    monkeypatch.setattr(rotation.__main__, "_refresh", lambda args: seen.setdefault("args", args) and 0)
    cli(["refresh", "--tickers", "SPY", "RSP", "--panels", "etf", "shares", "--full", "--rerun", "build/x"])
    a = seen["args"]
    assert a.tickers == ["SPY", "RSP"] and a.panels == ["etf", "shares"] and a.full and a.rerun == "build/x"


# ---------------------------------------------------------------- which tickers, which sessions
@pytest.mark.parametrize(
    "now, session",
    [
        ("2026-11-24 15:00", "2026-11-23"),  # Tuesday before the bar is final
        ("2026-11-24 19:00", "2026-11-24"),  # Tuesday evening
        ("2026-11-28 10:00", "2026-11-27"),  # Saturday
        ("2026-11-23 09:00", "2026-11-20"),  # Monday morning: the previous Friday
    ],
)
def test_last_complete_session_never_includes_an_unfinished_day(now, session):
    ts = pd.Timestamp(now, tz="America/New_York")
    assert yahoo.last_complete_session(ts) == pd.Timestamp(session)


# ---------------------------------------------------------------- the real yfinance adapter
def _patch_yf_download(monkeypatch, message: str | None, frame: pd.DataFrame | None = None):
    import yfinance as yf

    def fake_download(tickers, **kwargs):
        assert kwargs["auto_adjust"] is True and kwargs["group_by"] == "column" and kwargs["threads"] is False
        if message:
            logging.getLogger("yfinance").error(message)
        return frame if frame is not None else pd.DataFrame()

    monkeypatch.setattr(yf, "download", fake_download)


def test_yfinance_adapter_turns_a_logged_rate_limit_into_an_exception(monkeypatch):
    _patch_yf_download(
        monkeypatch, "['SPY', 'RSP']: YFRateLimitError('Too Many Requests. Rate limited. Try after a while.')"
    )
    with pytest.raises(YFRateLimitError):
        yahoo.YFinanceDownloader().download(["SPY", "RSP"], CUT, END)


def test_yfinance_adapter_turns_all_timeouts_into_timeout_error(monkeypatch):
    _patch_yf_download(monkeypatch, "['SPY']: Timeout('Operation timed out after 10001 milliseconds')")
    with pytest.raises(TimeoutError):
        yahoo.YFinanceDownloader().download(["SPY"], CUT, END)


def test_yfinance_adapter_keeps_per_ticker_reasons_and_returns_the_frame(monkeypatch, etf_bars):
    frame = yf_frame({"SPY": etf_bars["SPY"].loc[CUT:END], "ZZZZ": None})
    _patch_yf_download(monkeypatch, "['ZZZZ']: possibly delisted; no timezone found", frame)
    dl = yahoo.YFinanceDownloader()
    got = dl.download(["SPY", "ZZZZ"], CUT, END)
    assert got is frame and dl.errors == {"ZZZZ": "possibly delisted; no timezone found"}


# ---------------------------------------------------------------- rerun for `make update`
def _tiny_notebook(path: Path) -> Path:
    """A notebook with an AS_OF parameter that reports what it sees and writes one result."""
    import nbformat

    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        }
    )
    params = nbformat.v4.new_code_cell('AS_OF = "2026-01-30"')
    params.metadata["tags"] = ["parameters"]
    body = nbformat.v4.new_code_cell(
        "import json, rotation as rt\n"
        "first = rt.config.data_sources()[0] == rt.config.cache_dir()\n"
        "out = rt.config.results_dir(); out.mkdir(parents=True, exist_ok=True)\n"
        "(out / 'ZZ.json').write_text(json.dumps({'id': 'ZZ', 'verdict': 'supported', 'measured': 1.0,\n"
        "                                        'data_end': AS_OF, 'cache_first': first}))"
    )
    nb.cells = [params, body]
    nbformat.write(nb, path)
    return path


def _cache_beside_the_data(tmp_path, monkeypatch) -> None:
    """An empty cache, or (when the snapshot is not beside the repository and only ROTATION_DATA
    names the data) the data folder standing in as the cache, so that the kernels find data."""
    cache = tmp_path / "empty-cache" if rt.config.snapshot_dir().is_dir() else SNAP
    monkeypatch.setenv("ROTATION_CACHE", str(cache))


@pytest.mark.slow
def test_rerun_writes_beside_the_committed_notebooks_and_results(tmp_path, monkeypatch):
    _cache_beside_the_data(tmp_path, monkeypatch)
    for var in ("ROTATION_PREFER_CACHE", "ROTATION_RESULTS", "ROTATION_DATA"):
        monkeypatch.delenv(var, raising=False)
    committed = {p.name: p.read_bytes() for p in (ROOT / "results").glob("*.json")}
    nb = _tiny_notebook(tmp_path / "09_tiny.ipynb")
    assert notebooks.has_parameter(nb, "AS_OF") and not notebooks.has_parameter(nb, "NOT_A_PARAMETER")
    assert rt.data.last_market_day() == "2026-07-01"  # SPY's last date in the snapshot

    kept = update.rerun(tmp_path / "keep", paths=[nb], html=False)
    got = json.loads((tmp_path / "keep" / "results" / "ZZ.json").read_text())
    assert kept["failed"] == {} and kept["data_end"] == "2026-07-01" and kept["as_of"] is None
    assert got["data_end"] == "2026-01-30" and got["cache_first"] is True  # own AS_OF; cache preferred
    assert kept["changes"] == [
        {
            "id": "ZZ",
            "committed": None,
            "updated": "supported",
            "measured_committed": None,
            "measured_updated": 1.0,
            "data_end": "2026-01-30",
        }
    ]

    moved = update.rerun(tmp_path / "last", as_of="last", paths=[nb], html=False)
    assert moved["as_of"] == "2026-07-01"
    assert json.loads((tmp_path / "last" / "results" / "ZZ.json").read_text())["data_end"] == "2026-07-01"

    assert {p.name: p.read_bytes() for p in (ROOT / "results").glob("*.json")} == committed
    assert "ROTATION_RESULTS" not in os.environ and "ROTATION_PREFER_CACHE" not in os.environ  # restored


@pytest.mark.slow
def test_a_failing_notebook_is_reported_and_does_not_stop_the_rerun(tmp_path, monkeypatch):
    import nbformat

    _cache_beside_the_data(tmp_path, monkeypatch)
    monkeypatch.delenv("ROTATION_DATA", raising=False)
    good = _tiny_notebook(tmp_path / "09_good.ipynb")
    bad = nbformat.read(good, as_version=4)
    bad.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(bad, tmp_path / "08_bad.ipynb")
    result = update.rerun(tmp_path / "out", paths=[tmp_path / "08_bad.ipynb", good], html=False)
    assert list(result["failed"]) == [tmp_path / "out" / "08_bad.ipynb"]
    assert "broken on purpose" in result["failed"][tmp_path / "out" / "08_bad.ipynb"]
    assert (tmp_path / "out" / "09_good.ipynb").is_file()
