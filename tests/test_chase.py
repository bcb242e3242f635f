"""rotation.analysis.chase: the flow-chasing regression recovers a known slope."""

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


def test_panels_fits_and_sign_pattern_follow_each_anchor():
    rng = np.random.default_rng(1)
    days = pd.bdate_range("2026-01-05", periods=150)
    closes = pd.DataFrame(
        100 * np.exp(np.cumsum(rng.normal(0, 0.01, (150, 2)), axis=0)), index=days, columns=["XA", "XB"]
    )
    mapping = pd.Series({"XA": "a", "XB": "b"})
    weeks = {}
    for anchor in ("FRI", "WED"):
        r = rt.chase.weekly_returns(closes, anchor).rename(columns=mapping)
        flow = (0.5 * r.shift(1) * 100 + rng.normal(0, 0.01, r.shape)).stack().rename("flow_pct")
        weeks[anchor] = flow.rename_axis(["week_end", "sector"]).reset_index()
    panels = rt.chase.panels(weeks, closes, mapping, month_weeks=4)
    assert set(panels) == {"FRI", "WED"} and set(panels["FRI"]["key"]) == {"a", "b"}
    fits = rt.chase.fits(panels, maxlags=2)
    assert fits.index.names == ["week", "sector_effects", "term"] and len(fits) == 8
    assert fits.xs("ret_prior_week_pct", level="term")["coef"].to_numpy() == pytest.approx(0.5, abs=0.05)
    words = rt.chase.sign_pattern(fits, 0.05)
    assert words["w"] == "positive" and "ret_prior_week_pct (FRI weeks" in words["s"]
