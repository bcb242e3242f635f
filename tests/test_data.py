from __future__ import annotations

import time

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError, DataValidationError

from .conftest import write_prices


# ---------------------------------------------------------------- the real snapshot
def test_etf_prices_are_tidy_and_typed(snapshot):
    df = rt.data.prices(["SPY", "RSP"], "2025-11-01", "2026-01-31")
    assert list(df.columns) == ["date", "ticker", "close"]
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert set(df["ticker"]) == {"SPY", "RSP"}
    assert df["date"].min() >= pd.Timestamp("2025-11-01") and df["date"].max() <= pd.Timestamp("2026-01-31")
    # 60 NYSE sessions from 2025-11-03 to 2026-01-30 (Thanksgiving, Christmas, New Year, MLK closed)
    assert df.groupby("ticker").size().to_dict() == {"RSP": 61, "SPY": 61}


def test_closes_wide_has_one_column_per_ticker_in_order(snapshot):
    wide = rt.data.closes(["XLK", "XLB"], "2026-01-02", "2026-01-09")
    assert list(wide.columns) == ["XLK", "XLB"]
    assert wide.index.is_monotonic_increasing and wide.notna().all().all()


def test_all_snapshot_prices_load_fast(snapshot):
    rt.data.prices(panel="sp500")  # warm the file cache
    rt.data._read_parquet_cached.cache_clear()
    t0 = time.perf_counter()
    n = sum(len(rt.data.prices(panel=p)) for p in rt.datasets.PANELS)
    assert n > 2_800_000
    assert time.perf_counter() - t0 < 3.0  # target 0.5 s, measured by `make bench`; generous here


def test_unknown_ticker_names_ticker_file_and_fetch_command(snapshot):
    with pytest.raises(DataNotFoundError) as e:
        rt.data.prices(["SPY", "NOPE"], "2025-01-01", "2025-02-01")
    msg = str(e.value)
    assert "NOPE" in msg and "etf_daily.parquet" in msg and "python -m rotation refresh --tickers NOPE" in msg


def test_empty_window_is_an_error_not_an_empty_frame(snapshot):
    with pytest.raises(DataNotFoundError, match="no 'etf' prices"):
        rt.data.prices(["SPY"], "2030-01-01", "2030-02-01")


def test_end_before_start_is_rejected(snapshot):
    with pytest.raises(ValueError, match="before start"):
        rt.data.prices(["SPY"], "2026-01-31", "2025-11-01")


def test_unknown_panel_is_rejected():
    with pytest.raises(ValueError, match="unknown panel"):
        rt.data.prices(["SPY"], panel="bonds")


def test_flows_keep_gaps_as_missing_not_zero(snapshot):
    f = rt.data.etf_flows()
    assert f["flow_usd"].isna().any(), "the snapshot has days without data"
    assert not (f.loc[f["flow_usd"].isna()].index.empty)


def test_breadth_reference_reads_past_its_comment_line(snapshot):
    b = rt.data.breadth_official()
    assert list(b.columns) == ["pct_above_ma20", "pct_above_ma50", "pct_above_ma200"]
    assert b.loc["2026-01-30"].between(0, 100).all()


# ---------------------------------------------------------------- bad data, each a clear error
def test_missing_snapshot_directory_names_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DataNotFoundError) as e:
        rt.data.prices(["SPY"])
    assert "nowhere" in str(e.value) and "python -m rotation fetch" in str(e.value)
    assert isinstance(e.value, FileNotFoundError)


def test_duplicated_rows_are_rejected(fake_data):
    write_prices(fake_data, [("2026-01-02", "SPY", 1.0), ("2026-01-02", "SPY", 1.0)])
    with pytest.raises(DataValidationError, match="duplicated"):
        rt.data.prices(["SPY"])


def test_non_positive_price_is_rejected_with_ticker_and_date(fake_data):
    write_prices(fake_data, [("2026-01-02", "SPY", 1.0), ("2026-01-05", "SPY", 0.0)])
    with pytest.raises(DataValidationError) as e:
        rt.data.prices(["SPY"])
    assert "SPY" in str(e.value) and "2026-01-05" in str(e.value)


def test_corrupt_parquet_names_the_file(fake_data):
    (fake_data / "prices" / "etf_daily.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DataValidationError, match="etf_daily.parquet"):
        rt.data.prices(["SPY"])


def test_env_setting_is_the_only_source_when_set(fake_data):
    write_prices(fake_data, [("2026-01-02", "ZZZ", 10.0), ("2026-01-05", "ZZZ", 11.0)])
    assert rt.config.data_sources() == [fake_data]
    assert rt.data.closes(["ZZZ"])["ZZZ"].tolist() == [10.0, 11.0]


def test_prefer_cache_puts_cache_first(monkeypatch, tmp_path):
    monkeypatch.delenv("ROTATION_DATA", raising=False)
    monkeypatch.setenv("ROTATION_CACHE", str(tmp_path))
    monkeypatch.setenv("ROTATION_PREFER_CACHE", "1")
    assert rt.config.data_sources()[0] == tmp_path
    monkeypatch.setenv("ROTATION_PREFER_CACHE", "0")
    assert rt.config.data_sources()[1] == tmp_path


@pytest.mark.parametrize(
    "project, snap",
    [
        ("strategist_sector_calls.csv", "consensus/strategist_sector_calls.csv"),
        ("published_flow_figures.csv", "flows/published_flow_figures.csv"),
        ("published_eps_figures.csv", "earnings/published_eps_figures.csv"),
    ],
)
def test_hand_transcribed_inputs_keep_every_snapshot_row(snapshot, project, snap):
    """The repository's copies of the hand-transcribed files may add rows (each with its URL), never
    lose or alter one of the snapshot's."""
    mine = pd.read_csv(rt.config.project_data_dir() / project, dtype=str)
    theirs = pd.read_csv(snapshot / snap, dtype=str)
    assert list(mine.columns) == list(theirs.columns)
    merged = theirs.merge(mine, how="left", indicator=True)
    assert (merged["_merge"] == "both").all(), merged.loc[merged["_merge"] != "both"].head()
    assert mine["url"].notna().all(), "every hand-entered row keeps its source URL"


def test_unsorted_rows_come_back_sorted_by_ticker_and_date(fake_data):
    write_prices(fake_data, [("2026-01-05", "B", 2.0), ("2026-01-02", "B", 1.0), ("2026-01-02", "A", 5.0)])
    df = rt.data.prices()
    assert list(zip(df["ticker"], df["date"].dt.day)) == [("A", 2), ("B", 2), ("B", 5)]


def test_duplicate_hidden_in_unsorted_rows_is_found(fake_data):
    write_prices(fake_data, [("2026-01-02", "B", 1.0), ("2026-01-02", "A", 5.0), ("2026-01-02", "B", 1.0)])
    with pytest.raises(DataValidationError, match="duplicated"):
        rt.data.prices()


def test_prices_read_only_the_rows_asked_for(snapshot, monkeypatch):
    seen = []
    real = pd.read_parquet

    def spy(path, *a, **k):
        seen.append(k.get("filters"))
        return real(path, *a, **k)

    monkeypatch.setattr(pd, "read_parquet", spy)
    rt.data._read_parquet_cached.cache_clear()
    df = rt.data.prices(["SPY"], "2026-01-02", "2026-01-09")
    assert set(df["ticker"]) == {"SPY"} and len(df) == 6
    assert seen[0] == [
        ("ticker", "in", ["SPY"]),
        ("date", ">=", pd.Timestamp("2026-01-02")),
        ("date", "<=", pd.Timestamp("2026-01-09")),
    ]


def test_a_ticker_without_rows_in_the_window_is_named(snapshot):
    with pytest.raises(DataNotFoundError, match=r"no 'etf' prices for \['RSP'\] between 1995-01-03"):
        rt.data.prices(["SPY", "RSP"], "1995-01-03", "1995-01-10")  # RSP starts in 2003
