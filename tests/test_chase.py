"""rotation.chase: the flow-chasing regression recovers a known slope."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt


def test_chase_regression_recovers_a_known_slope():
    rng = np.random.default_rng(0)
    weeks = pd.date_range("2026-01-09", periods=30, freq="W-FRI")
    r = pd.DataFrame(rng.normal(0, 0.02, (30, 3)), index=weeks, columns=["a", "b", "c"])
    prior = r.shift(1) * 100
    flow = 0.5 * prior + rng.normal(0, 0.01, (30, 3))
    res = rt.chase.regression(rt.chase.panel(flow, r, month_weeks=4), fixed_effects=True)
    assert res.loc["ret_prior_week_pct", "coef"] == pytest.approx(0.5, abs=0.02)
    assert res.loc["ret_prior_week_pct", "p"] < 0.01 and res["keys"].iloc[0] == 3
