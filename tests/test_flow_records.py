"""rotation.analysis.flow_records: streaks and records respect the bounds of missing days; one week by
definition; ranks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt

from .conftest import FLOW_CAL as CAL

F = rt.flows
R = rt.flow_records


# ---------------------------------------------------------------- streaks and records
def _weeks(values, low=None, high=None):
    idx = pd.date_range("2026-01-09", periods=len(values), freq="W-FRI", name="week_end")
    df = pd.DataFrame({"flow_usd": values, "observed_usd": values}, index=idx)
    df["low_usd"] = low if low is not None else df["flow_usd"]
    df["high_usd"] = high if high is not None else df["flow_usd"]
    return df


def test_count_sign_gives_the_range_consistent_with_gaps():
    w = _weeks([-1.0, 2.0, np.nan, -3.0], low=[-1.0, 2.0, -5.0, -3.0], high=[-1.0, 2.0, -1.0, -3.0])
    w.loc[w.index[2], "observed_usd"] = -3.0  # a partial week whose whole range is negative
    labels = pd.date_range(end=w.index[-1], periods=6, freq="W-FRI")  # two weeks before the data
    c = R.count_sign(w, labels, sign=-1)
    assert (c.covered, c.partial, c.absent) == (3, 1, 2)
    assert (c.k_min, c.k_max) == (3, 5) and c.possible(4) and not c.possible(6)


def test_record_status_respects_bounds():
    w = _weeks([1.0, 2.0, 5.0])
    assert R.record_status(w, w.index[2]) == "record"
    assert R.record_status(w, w.index[1]) == "record"
    w2 = _weeks([1.0, np.nan, 5.0], low=[1.0, 0.0, 5.0], high=[1.0, 6.0, 5.0])
    assert R.record_status(w2, w2.index[2]) == "undetermined"
    w3 = _weeks([4.0, 2.0, 3.0])
    assert R.record_status(w3, w3.index[2]) == "not a record"
    with pytest.raises(ValueError, match="no week before"):
        R.record_status(w, w.index[0])


# ---------------------------------------------------------------- one sector's week by definition; ranks
def test_week_by_definition_rows_per_anchor_and_fund_set(toy_flows):
    daily_f, daily_w = F.daily_panel(toy_flows, CAL), F.daily_panel(toy_flows, CAL, "WED")
    one, both = pd.Series({"A": "S"}), pd.Series({"A": "S", "B": "S"})

    def sec(daily, m, a):
        return F.by_sector(F.with_bounds(F.weekly(daily, a), F.daily_cap(daily)), m)

    frames = {
        ("FRI", "narrow"): sec(daily_f, one, "FRI"),
        ("FRI", "widened"): sec(daily_f, both, "FRI"),
        ("WED", "narrow"): sec(daily_w, one, "WED"),
    }
    out = R.week_by_definition(frames, "S", "2026-01-16")
    fri_n, fri_w = out.loc[("FRI", "narrow")], out.loc[("FRI", "widened")]
    assert (
        fri_n["flow_usd"] == 40.0 and fri_n["record"] == "record" and fri_n["earlier_weeks"] == 1
    )  # 40 > 15
    assert fri_w["flow_usd"] == 30.0 and fri_w["fund_days"] == 10
    wed = out.loc[("WED", "narrow")]
    assert wed["week_end"] == pd.Timestamp("2026-01-14") and wed["flow_usd"] == 4 + 5 + 6 + 7 + 8
    # the earlier Wed week (01-02 .. 01-07) lacks 01-02: observed 1+2+3 = 6, at most 6 + 10 = 16 < 30
    assert wed["record"] == "record" and wed["earlier_weeks"] == 1
    assert R.RECORD_INPUT["undetermined"] is None and R.RECORD_INPUT["not a record"] is False


def test_rank_uses_bounds(toy_flows):
    out = F.window_sums(toy_flows, CAL, ["A", "B"], "2026-01-05", "2026-01-09")
    assert R.rank_of(-7.0, out) == (2, 3)  # B's range straddles -7: second or third
    assert R.rank_of(20.0, out) == (1, 1)
