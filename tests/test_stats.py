from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError


@pytest.fixture
def pair() -> pd.DataFrame:
    idx = pd.bdate_range("2026-01-05", periods=5)
    return pd.DataFrame(
        {"A": [100.0, 102.0, 104.0, 103.0, 110.0], "B": [100.0, 101.0, 105.0, 104.0, 104.0]}, index=idx
    )


def test_rolling_spread_is_difference_of_trailing_returns_in_pp(pair):
    s = rt.stats.rolling_spread(pair, "A", "B", 2)
    assert len(s) == 3  # the first two days have no full window
    assert s.iloc[0] == pytest.approx((104 / 100 - 105 / 100) * 100)
    assert s.iloc[-1] == pytest.approx((110 / 104 - 104 / 105) * 100)


def test_empirical_percentile_scores_the_median_fifty_and_counts_ties_half():
    h = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    assert rt.stats.empirical_percentile(h, 3.0) == pytest.approx(50.0)
    assert rt.stats.empirical_percentile(h, 10.0) == pytest.approx(100.0)
    assert rt.stats.empirical_percentile(h, 0.0) == pytest.approx(0.0)


def test_empirical_percentile_of_missing_value_or_empty_history_raises():
    with pytest.raises(DataValidationError):
        rt.stats.empirical_percentile(pd.Series([1.0]), float("nan"))
    with pytest.raises(DataValidationError):
        rt.stats.empirical_percentile(pd.Series([np.nan]), 1.0)


def test_non_overlapping_counts_back_from_the_last_observation():
    s = pd.Series(range(10))
    assert rt.stats.non_overlapping(s, 3).tolist() == [0, 3, 6, 9]
    assert rt.stats.non_overlapping(s.iloc[:9], 3).tolist() == [2, 5, 8]


def test_share_of_windows_beating_counts_only_windows_inside_the_span(pair):
    out = rt.stats.share_of_windows_beating(pair, "A", "B", 2, "2026-01-06", "2026-01-09")
    # windows 01-06..01-08 and 01-07..01-09 : A 103/102 vs B 104/101 (loses), 110/104 vs 104/105 (wins)
    assert out == {"windows": 2, "beaten": 1, "share_pct": 50.0}


def test_share_of_windows_beating_without_a_full_window_raises(pair):
    with pytest.raises(DataValidationError, match="no complete window"):
        rt.stats.share_of_windows_beating(pair, "A", "B", 10, "2026-01-05", "2026-01-09")


def test_block_bootstrap_indices_are_contiguous_blocks_of_valid_positions():
    idx = rt.stats.block_bootstrap_indices(10, 3, reps=50, seed=1)
    assert idx.shape == (50, 10) and idx.min() >= 0 and idx.max() <= 9
    assert (np.diff(idx[:, :3], axis=1) == 1).all()  # the first block is consecutive
    assert (rt.stats.block_bootstrap_indices(10, 3, 5, seed=1) == idx[:5]).all()  # deterministic by seed
    with pytest.raises(ValueError):
        rt.stats.block_bootstrap_indices(5, 6, 1)


def test_sum_with_gaps_bounds_missing_days_by_largest_observed_value():
    days = pd.bdate_range("2026-01-05", periods=4)
    v = pd.Series([1.0, -3.0, np.nan], index=days[:3])  # day 3 NaN, day 4 absent
    out = rt.stats.sum_with_gaps(v, days)
    assert out["total"] == -2.0 and out["missing_days"] == 2 and out["observed_days"] == 2
    assert (out["low"], out["high"]) == (-8.0, 4.0)


def test_sum_with_gaps_without_any_observation_raises():
    days = pd.bdate_range("2025-01-06", periods=3)
    with pytest.raises(DataValidationError, match="no observed value"):
        rt.stats.sum_with_gaps(pd.Series([1.0], index=[pd.Timestamp("2026-01-05")]), days)


def test_snapshot_rsp_spy_spread_history_starts_in_2003(snapshot):
    c = rt.data.closes(["RSP", "SPY"], "2003-05-01", "2026-01-30")
    h = rt.stats.rolling_spread(c, "RSP", "SPY", 63)
    assert h.index[0].year == 2003 and len(h) > 5000
    assert h.abs().max() < 40  # a 3-month equal-minus-cap spread is never tens of pp
