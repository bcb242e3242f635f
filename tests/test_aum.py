"""rotation.analysis.aum: the AUM roll, percent of start-of-week AUM, AUM from shares, implied flows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError

from .conftest import FLOW_CAL as CAL

F = rt.flows


# ---------------------------------------------------------------- AUM and percent
def test_aum_roll_backward_removes_flows_and_price_moves():
    days = pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07"])
    daily = pd.DataFrame({"A": [0.0, 10.0, 20.0]}, index=days)
    closes = pd.DataFrame({"A": [100.0, 110.0, 110.0]}, index=days)
    aum = rt.aum.aum_history(daily, closes, pd.Series({"A": 240.0}), "2026-01-07").set_index("date")[
        "aum_usd"
    ]
    # 01-07: 240; 01-06: 240 - 20 = 220 (no price move); 01-05: (220 - 10) / 1.1
    assert aum.tolist() == pytest.approx([210.0 / 1.1, 220.0, 240.0])


def test_aum_roll_counts_unknown_flow_days():
    days = pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"])
    daily = pd.DataFrame({"A": [1.0, np.nan, 1.0, np.nan]}, index=days)
    closes = pd.DataFrame({"A": [1.0, 1.0, 1.0, 1.0]}, index=days)
    out = rt.aum.aum_history(daily, closes, pd.Series({"A": 100.0}), "2026-01-07").set_index("date")
    assert out["unknown_flow_days"].tolist() == [1, 0, 0, 1]
    assert out["aum_usd"].tolist() == pytest.approx([99.0, 99.0, 100.0, 100.0])


def test_percent_of_aum_uses_assets_before_the_week(toy_flows):
    daily = F.daily_panel(toy_flows, CAL)
    wk = F.weekly(daily, "FRI")
    aum = pd.DataFrame({"date": CAL, "ticker": "A", "aum_usd": 1000.0})
    aum.loc[aum["date"] == pd.Timestamp("2026-01-09"), "aum_usd"] = 500.0  # Friday before week 2
    out = rt.aum.percent_of_aum(wk[wk["ticker"] == "A"], aum).set_index("week_end")
    assert out.loc["2026-01-16", "flow_pct"] == pytest.approx(40.0 / 500.0 * 100)
    assert out.loc["2026-01-09", "flow_pct"] == pytest.approx(15.0 / 1000.0 * 100)


def test_aum_from_shares_needs_a_price(snapshot):
    sh = rt.data.etf_shares_outstanding(["XLB"])
    aum = rt.aum.aum_from_shares(sh, "2026-03-31")
    assert 4e9 < aum["XLB"] < 9e9
    with pytest.raises(DataNotFoundError, match="2026-04-02"):
        rt.aum.aum_from_shares(sh, "2026-04-02")  # shares but no price that day


# ---------------------------------------------------------------- implied flows
def test_implied_flows_are_share_change_times_price():
    sh = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-27", "2026-03-30", "2026-03-31"]),
            "ticker": "A",
            "shares": [100.0, 110.0, 105.0],
            "price": [10.0, 11.0, np.nan],
        }
    )
    out = rt.aum.implied_flows(sh)
    assert out["implied_flow_usd"].iloc[0] == pytest.approx(10 * 11.0)
    assert out["days_spanned"].tolist() == [3.0, 1.0]
    assert np.isnan(out["implied_flow_usd"].iloc[1])  # no price: never carried over
    lagged = rt.aum.implied_flows(sh, lag=1)
    assert lagged.set_index("date").loc["2026-03-27", "implied_flow_usd"] == pytest.approx(10 * 10.0)


def test_implied_flows_match_reported_flows_in_the_snapshot(snapshot):
    imp = rt.aum.implied_flows(rt.data.etf_shares_outstanding(["XLB", "XLE", "XLK"]))
    both = imp.merge(rt.data.etf_flows(["XLB", "XLE", "XLK"]), on=["date", "ticker"]).dropna()
    assert len(both) >= 6
    assert np.allclose(both["implied_flow_usd"], both["flow_usd"], rtol=0.01, atol=1e6)


def test_implied_gap_is_zero_when_share_counts_reproduce_the_flows():
    days = pd.to_datetime(["2026-03-27", "2026-03-30", "2026-03-31"])
    sh = pd.DataFrame(
        {"date": days, "ticker": "A", "shares": [100.0, 110.0, 105.0], "price": [10.0, 10.0, 20.0]}
    )
    flows = pd.DataFrame({"date": days[1:], "ticker": "A", "flow_usd": [100.0, -100.0]})
    n, gap = rt.aum.implied_gap(sh, flows, ["A"])
    assert n == 2 and gap == pytest.approx(0.0)
    flows.loc[flows.index[0], "flow_usd"] = 2e6  # reported 2 mn, implied 100: the gap is nearly all of it
    assert rt.aum.implied_gap(sh, flows, ["A"])[1] == pytest.approx(1.0, abs=1e-4)
    with pytest.raises(DataNotFoundError, match="no fund-day"):
        rt.aum.implied_gap(sh, flows, ["B"])
