from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.linear_model import OLS

import rotation as rt
from rotation.breaks import _explained, _lrv
from rotation.errors import DataValidationError


def _series(values: np.ndarray) -> pd.Series:
    return pd.Series(values, index=pd.bdate_range("2025-01-02", periods=len(values)))


@pytest.fixture
def shifted() -> pd.Series:
    """Daily changes with a drift shift from -0.3 % to +0.3 % at position 120 of 250 (noise 0.5 %)."""
    rng = np.random.default_rng(42)
    drift = np.where(np.arange(250) < 120, -0.003, 0.003)
    return _series(drift + rng.normal(0, 0.005, 250))


def test_explained_sum_of_squares_picks_the_brute_force_ssr_minimum():
    rng = np.random.default_rng(3)
    y = rng.normal(0, 1, 40) + np.r_[np.zeros(25), np.ones(15)]
    ks = np.arange(5, 36)
    ssr = [((y[:k] - y[:k].mean()) ** 2).sum() + ((y[k:] - y[k:].mean()) ** 2).sum() for k in ks]
    assert ks[np.argmax(_explained(y[None, :], ks)[0])] == ks[np.argmin(ssr)]


def test_lrv_matches_statsmodels_hac_variance_of_the_mean():
    e = np.random.default_rng(5).normal(0, 1, 200)
    e = e - e.mean()
    fit = OLS(e, np.ones(200)).fit(cov_type="HAC", cov_kwds={"maxlags": 4, "use_correction": False})
    assert _lrv(e[None, :], 4)[0] == pytest.approx(fit.bse[0] ** 2 * 200)


def test_single_break_finds_a_clear_shift_with_intervals_covering_it(shifted):
    br = rt.breaks.single_break(shifted, reps=199)
    true = shifted.index[120]
    assert abs(br.position - 120) <= 3
    assert br.bai_ci[0] <= true <= br.bai_ci[1] and br.boot_ci[0] <= true <= br.boot_ci[1]
    assert br.drift_before < 0 < br.drift_after and br.shift_t_hac > 5
    assert br.sup_wald_p < 0.01


def test_single_break_on_pure_noise_is_not_significant():
    y = _series(np.random.default_rng(7).normal(0, 0.01, 250))
    br = rt.breaks.single_break(y, reps=199)
    assert br.sup_wald_p > 0.10
    assert br.grid[0] == y.index[38] and br.grid[1] == y.index[250 - 38]  # 15 % trimming, ceil(37.5)


def test_single_break_is_deterministic_for_a_seed(shifted):
    a, b = rt.breaks.single_break(shifted, reps=99, seed=1), rt.breaks.single_break(shifted, reps=99, seed=1)
    assert a.as_row() == b.as_row()


def test_partition_recovers_two_breaks_and_bic_keeps_none_without_them():
    rng = np.random.default_rng(11)
    drift = np.r_[np.full(100, -0.004), np.full(100, 0.004), np.full(100, -0.004)]
    y = _series(drift + rng.normal(0, 0.004, 300))
    part = rt.breaks.partition(y, max_breaks=4)
    assert len(part.positions) == 2
    assert abs(part.positions[0] - 100) <= 3 and abs(part.positions[1] - 200) <= 3
    assert part.regimes(y.index)["trading days"].sum() == 300
    flat = rt.breaks.partition(_series(rng.normal(0, 0.004, 300)), max_breaks=4)
    assert flat.positions == []


def test_final_regime_break_reports_the_last_break():
    rng = np.random.default_rng(11)
    drift = np.r_[np.full(100, -0.004), np.full(100, 0.004), np.full(100, -0.004)]
    y = _series(drift + rng.normal(0, 0.004, 300))
    part, br, how = rt.breaks.final_regime_break(y, max_breaks=4, reps=99)
    assert br.date == part.breaks[-1] and "last of 2" in how


def test_too_short_a_series_for_two_regimes_raises():
    with pytest.raises(DataValidationError, match="two regimes"):
        rt.breaks.single_break(_series(np.zeros(10)), min_size=6)


def test_log_relative_returns_refuses_gaps():
    c = pd.DataFrame(
        {"A": [1.0, np.nan, 1.2], "B": [1.0, 1.0, 1.0]}, index=pd.bdate_range("2026-01-05", periods=3)
    )
    with pytest.raises(DataValidationError, match="missing closes"):
        rt.breaks.log_relative_returns(c, "A", "B")
    ok = rt.breaks.log_relative_returns(c.fillna(1.1), "A", "B")
    assert ok.iloc[-1] == pytest.approx(np.log(1.2 / 1.1))


def test_snapshot_rsp_spy_break_falls_in_autumn_2025(snapshot):
    c = rt.data.closes(["RSP", "SPY"], "2025-06-02", "2026-01-30")
    br = rt.breaks.single_break(rt.breaks.log_relative_returns(c, "RSP", "SPY"), reps=99)
    assert pd.Timestamp("2025-09-01") <= br.date <= pd.Timestamp("2025-12-31")
    assert br.drift_after > br.drift_before  # equal weight gained on cap weight after it
