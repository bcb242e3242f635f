from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError
from tools import bench


@pytest.fixture
def panel() -> pd.DataFrame:
    idx = pd.bdate_range("2026-01-05", periods=4)
    return pd.DataFrame(
        {
            "A": [10.0, 11.0, 12.0, 11.0],  # 2-day MA: -, 10.5, 11.5, 11.5 -> above, above, below
            "B": [10.0, 9.0, 9.0, 10.0],  # MA: -, 9.5, 9.0, 9.5 -> below, equal (not above), above
            "C": [np.nan, np.nan, 5.0, 6.0],  # listed on day 3: MA from day 4 only -> above
        },
        index=idx,
    )


def test_pct_above_ma_counts_members_with_a_complete_average_only(panel):
    out = rt.breadth.pct_above_ma(panel, 2)
    assert out.index[0] == panel.index[1]  # day 1 has no complete average and is dropped, not 0 %
    assert out.tolist() == pytest.approx([50.0, 50.0, 100 * 2 / 3])


def test_pct_above_ma_rejects_unsorted_or_long_frames(panel):
    with pytest.raises(DataValidationError, match="sorted"):
        rt.breadth.pct_above_ma(panel.iloc[::-1], 2)
    with pytest.raises(DataValidationError, match="wide"):
        rt.breadth.pct_above_ma(panel.reset_index(drop=True), 2)


def test_advance_decline_counts_unchanged_as_neither_and_cumulates(panel):
    ad = rt.breadth.advance_decline(panel)
    assert ad["advancers"].tolist() == [1, 1, 2]
    assert ad["decliners"].tolist() == [1, 0, 1]  # B unchanged on day 3
    assert ad["ad_line"].tolist() == [0, 1, 2]


def test_tracking_error_of_identical_series_is_zero_and_detects_a_lag():
    idx = pd.bdate_range("2025-01-01", periods=60)
    s = pd.Series(np.sin(np.arange(60) / 5) * 20 + 50, index=idx)
    same = rt.breadth.tracking_error(s, s)
    assert same["tracking_error_pp"] == 0 and same["rmse_pp"] == 0 and same["best_lag"] == 0
    lagged = rt.breadth.tracking_error(s, s.shift(-1))  # official one day ahead of computed
    assert lagged["best_lag"] == 1


def test_tracking_error_needs_enough_common_days():
    s = pd.Series([1.0] * 5, index=pd.bdate_range("2025-01-01", periods=5))
    with pytest.raises(DataValidationError, match="common days"):
        rt.breadth.tracking_error(s, s)


def test_wide_names_the_missing_field():
    long = pd.DataFrame({"date": pd.to_datetime(["2026-01-05"]), "ticker": ["A"], "close": [1.0]})
    assert rt.breadth.wide(long).loc["2026-01-05", "A"] == 1.0
    with pytest.raises(KeyError, match="volume"):
        rt.breadth.wide(long, "volume")


def test_snapshot_breadth_tracks_the_official_50_day_series(snapshot):
    members = [rt.contributions.price_ticker(t) for t in rt.data.sp500_constituents("2025-10-30")["ticker"]]
    c = rt.data.closes(None, "2025-03-01", "2025-12-31", panel="sp500")
    c = c[[t for t in members if t in c.columns]]
    te = rt.breadth.tracking_error(
        rt.breadth.pct_above_ma(c, 50).loc["2025-07-01":], rt.data.breadth_official()["pct_above_ma50"]
    )
    assert te["corr"] > 0.95 and te["rmse_pp"] < 5  # same members give nearly the same series


def test_wide_is_a_pivot_for_text_and_categorical_tickers_and_names_duplicates():
    long = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-03", "2025-01-02", "2025-01-02", "2025-01-03", "2025-01-06"]),
            "ticker": ["B", "B", "A", "A", "A"],
            "close": [2.0, 1.0, 10.0, 11.0, 12.0],
        }
    )
    expect = long.pivot(index="date", columns="ticker", values="close").astype(float)
    for frame in (long, long.assign(ticker=pd.Categorical(long["ticker"], categories=["B", "A"]))):
        got = rt.breadth.wide(frame)
        assert list(got.columns) == ["A", "B"] and list(got.index) == list(expect.index)
        assert (got.fillna(-1).to_numpy() == expect.fillna(-1).to_numpy()).all()
        assert np.isnan(got.loc["2025-01-06", "B"])  # nothing is filled
    dup = pd.concat([long, long.iloc[[0]]])
    with pytest.raises(rt.errors.DataValidationError, match=r"duplicated rows for B on 2025-01-03"):
        rt.breadth.wide(dup)


def test_bench_scale_case_runs_small():
    out = bench.scale_case(20, years=2)
    assert out["rows"] == 20 * 504 and out["seconds"] >= 0 and out["peak_gb"] > 0
