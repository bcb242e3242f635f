import numpy as np
import pandas as pd
import pytest

from rotation import baserates as br
from rotation.errors import DataNotFoundError


def _px(a_daily: np.ndarray) -> pd.DataFrame:
    idx = pd.bdate_range("2010-01-01", periods=len(a_daily) + 1)
    a = 100 * np.cumprod(np.r_[1.0, 1 + a_daily])
    return pd.DataFrame({"A": a, "B": 100.0}, index=idx)


def test_trailing_and_forward_are_the_same_spread_seen_from_both_ends():
    px = _px(np.full(50, 0.01))
    t, f = br.trailing(px, "A", "B", 10), br.forward(px, "A", "B", 10)
    assert t.iloc[-1] == pytest.approx((1.01**10 - 1) * 100)
    assert f.iloc[0] == pytest.approx((1.01**10 - 1) * 100)
    assert f.iloc[-5:].isna().all()


def test_analogues_are_one_per_episode_and_before_the_date():
    s = pd.Series(
        [0, 5, 6, 5, 0, 0, 0, 7, 0, 0, 6], index=pd.bdate_range("2020-01-01", periods=11), dtype=float
    )
    got = br.analogues(s, s.index[-1], gap=3)
    assert list(got) == [s.index[2], s.index[7]]  # 6 and 7; the day after 6 is the same episode
    assert all(d < s.index[-1] for d in got)


def test_outcomes_report_an_interval_that_contains_the_mean():
    rng = np.random.default_rng(1)
    px = _px(rng.normal(0.0, 0.01, 3000))
    tab, dates = br.outcomes(px, "A", "B", px.index[-200], 21, (21, 42), n_boot=500)
    assert set(tab.index) == {21, 42} and len(dates) >= 3
    assert (tab["ci_low_pp"] <= tab["mean_pp"]).all() and (tab["mean_pp"] <= tab["ci_high_pp"]).all()
    assert tab["followed_pp"].notna().all()
    again, _ = br.outcomes(px, "A", "B", px.index[-200], 21, (21, 42), n_boot=500)
    pd.testing.assert_frame_equal(tab, again)  # seeded


def test_too_few_episodes_stop():
    px = _px(np.r_[np.zeros(300), np.full(30, 0.02)])
    with pytest.raises(DataNotFoundError, match="episodes"):
        br.outcomes(px, "A", "B", px.index[-1], 21, (21,))


def test_the_readers_table_has_no_raw_nan():
    rng = np.random.default_rng(2)
    px = _px(rng.normal(0.0, 0.01, 3000))
    base = {"A − B": br.outcomes(px, "A", "B", px.index[-30], 21, (21, 42), n_boot=200)}
    t = br.table(base)
    assert t.loc[("A − B", "42 trading days"), "after the article"] == "— (data end)"
    assert not t.astype(str).apply(lambda c: c.str.contains("nan")).any().any()
    assert "episodes" in br.sentence(base)
