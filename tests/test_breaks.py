from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.linear_model import OLS

import rotation as rt
from rotation.analysis.breaks import _explained, _lrv
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


# ---------------------------------------------------------------- independent cross-checks
# ruptures (its exact dynamic programme, Dynp, with the l2 cost: the sum of squares around each
# segment's mean) is an implementation of the least-squares partition written by others.
@pytest.fixture(scope="module")
def three_regimes() -> pd.Series:
    rng = np.random.default_rng(11)
    drift = np.r_[np.full(50, 0.004), np.full(45, -0.003), np.full(55, 0.002)]
    return _series(drift + rng.normal(0, 0.004, drift.size))


def _ssr(v: np.ndarray, positions: list[int]) -> float:
    edges = [0, *positions, v.size]
    return float(sum(((v[a:b] - v[a:b].mean()) ** 2).sum() for a, b in zip(edges[:-1], edges[1:])))


def test_partition_is_ruptures_exact_partition_for_each_number_of_breaks(three_regimes):
    rpt = pytest.importorskip("ruptures")
    v = three_regimes.to_numpy()
    part = rt.breaks.partition(three_regimes, max_breaks=3, min_size=15)
    assert len(part.positions) == 2  # BIC keeps the two planted breaks
    algo = rpt.Dynp(model="l2", min_size=15, jump=1).fit(v)
    for m in (1, 2, 3):
        theirs = algo.predict(n_bkps=m)[:-1]  # ruptures ends the list with n
        ours = rt.breaks.partition(three_regimes, max_breaks=m, min_size=15)
        # the BIC of m breaks is n·log(SSR/n) + (2m + 1)·log(n), with SSR that of ruptures' partition
        n = v.size
        assert ours.bic[m] == pytest.approx(n * np.log(_ssr(v, theirs) / n) + (2 * m + 1) * np.log(n))
    assert part.positions == algo.predict(n_bkps=2)[:-1]


def test_single_break_date_is_ruptures_one_break_and_brute_force(shifted):
    rpt = pytest.importorskip("ruptures")
    v = shifted.to_numpy()
    br = rt.breaks.single_break(shifted, min_size=20, reps=19)
    assert [br.position] == rpt.Dynp(model="l2", min_size=20, jump=1).fit(v).predict(n_bkps=1)[:-1]
    brute = min(range(20, v.size - 19), key=lambda k: _ssr(v, [k]))
    assert br.position == brute


def test_partition_matches_a_brute_force_search_over_every_two_break_split():
    rng = np.random.default_rng(2)
    v = np.r_[np.zeros(20), np.full(15, 1.0), np.zeros(25)] + rng.normal(0, 0.8, 60)
    y, h = _series(v), 8
    splits = [(a, b) for a in range(h, 60) for b in range(a + h, 60 - h + 1)]
    best = min(splits, key=lambda ab: _ssr(v, list(ab)))
    ours = rt.breaks.partition(y, max_breaks=2, min_size=h)
    assert ours.bic[2] == pytest.approx(60 * np.log(_ssr(v, list(best)) / 60) + 5 * np.log(60))


def test_bai_critical_values_are_the_quantiles_of_their_limit_in_closed_form():
    """Bai (1997): the break-date error scaled by σ²/δ² tends to argmax_s {W(s) − |s|/2}, whose CDF
    for x > 0 is G(x) = 1 + √(x/2π)·e^(−x/8) − (x+5)/2·Φ(−√x/2) + 3/2·e^x·Φ(−3√x/2) (Yao 1987), so
    the level-L critical value solves G(c) = (1 + L)/2."""
    from scipy.optimize import brentq
    from scipy.stats import norm

    def cdf(x: float) -> float:
        r = np.sqrt(x)
        return (
            1
            + np.sqrt(x / (2 * np.pi)) * np.exp(-x / 8)
            - (x + 5) / 2 * norm.cdf(-r / 2)
            + 1.5 * np.exp(x) * norm.cdf(-1.5 * r)
        )

    for level, c in rt.breaks.BAI_CRITICAL.items():
        assert brentq(lambda x, p=(1 + level) / 2: cdf(x) - p, 0.01, 200) == pytest.approx(c, abs=0.01), level


def test_bai_critical_values_match_a_simulation_of_the_limit():
    rng = np.random.default_rng(0)
    step, half, reps = 0.05, 60.0, 3000
    s = np.arange(1, int(half / step) + 1) * step
    right = np.cumsum(rng.normal(0, np.sqrt(step), (reps, s.size)), axis=1) - s / 2
    left = np.cumsum(rng.normal(0, np.sqrt(step), (reps, s.size)), axis=1) - s / 2
    br, bl = right.max(axis=1), left.max(axis=1)
    where = np.where(np.maximum(br, bl) <= 0, 0.0, np.where(br > bl, s[right.argmax(1)], s[left.argmax(1)]))
    for level in (0.90, 0.95):
        assert np.quantile(where, level) == pytest.approx(rt.breaks.BAI_CRITICAL[level], rel=0.1), level
