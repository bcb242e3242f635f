"""rotation.flows: weekly sums keep gaps missing, percent of AUM, streaks, records, implied flows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError, DataValidationError

F = rt.flows

# A trading calendar: weekdays without the exchange holidays of the period.
HOLIDAYS = pd.to_datetime(["2025-12-25", "2026-01-01", "2026-01-19"])
CAL = pd.bdate_range("2025-12-22", "2026-01-30").difference(HOLIDAYS)


def _long(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["date", "ticker", "flow_usd"])
    df["date"] = pd.to_datetime(df["date"])
    return df


@pytest.fixture
def toy() -> pd.DataFrame:
    """Fund A: every day of two weeks, 1..10 (USD). Fund B: 2026-01-07 empty (a gap)."""
    days = pd.bdate_range("2026-01-05", "2026-01-16")
    rows = [(d.strftime("%Y-%m-%d"), "A", float(i + 1)) for i, d in enumerate(days)]
    rows += [(d.strftime("%Y-%m-%d"), "B", np.nan if d == pd.Timestamp("2026-01-07") else -2.0) for d in days]
    return _long(rows)


# ---------------------------------------------------------------- weekly sums and gaps
def test_flows_gap_is_missing_not_zero(toy):
    wk = F.weekly(F.daily_panel(toy, CAL), "FRI").set_index(["week_end", "ticker"])
    b = wk.loc[(pd.Timestamp("2026-01-09"), "B")]
    assert np.isnan(b["flow_usd"])  # not -8 (gap as zero) and not -10
    assert b["observed_usd"] == -8.0 and b["days_observed"] == 4 and b["days"] == 5
    assert b["coverage"] == pytest.approx(0.8)
    assert wk.loc[(pd.Timestamp("2026-01-16"), "B"), "flow_usd"] == -10.0


def test_friday_weeks_sum_monday_to_friday(toy):
    wk = F.weekly(F.daily_panel(toy, CAL), "FRI").set_index(["week_end", "ticker"])
    assert wk.loc[(pd.Timestamp("2026-01-09"), "A"), "flow_usd"] == 1 + 2 + 3 + 4 + 5
    assert wk.loc[(pd.Timestamp("2026-01-16"), "A"), "flow_usd"] == 6 + 7 + 8 + 9 + 10


def test_wednesday_weeks_run_thursday_to_wednesday(toy):
    daily = F.daily_panel(toy, CAL, "WED")
    wk = F.weekly(daily, "WED").set_index(["week_end", "ticker"])
    # week to Wed 01-14 = Thu 01-08 .. Wed 01-14 = days 4,5,6,7,8 of fund A
    assert wk.loc[(pd.Timestamp("2026-01-14"), "A"), "flow_usd"] == 4 + 5 + 6 + 7 + 8
    # the week to Wed 01-07 starts Thu 01-01 (holiday) and Fri 01-02 has no data: incomplete
    first = wk.loc[(pd.Timestamp("2026-01-07"), "A")]
    assert np.isnan(first["flow_usd"]) and first["days"] == 4 and first["days_observed"] == 3


def test_last_week_end_never_runs_past_the_date():
    assert F.last_week_end("2026-01-30", "FRI") == pd.Timestamp("2026-01-30")
    assert F.last_week_end("2026-01-30", "WED") == pd.Timestamp("2026-01-28")
    assert F.last_week_end("2026-01-28", "WED") == pd.Timestamp("2026-01-28")
    assert F.week_ends("2026-01-30", 3, "FRI").strftime("%m-%d").tolist() == ["01-16", "01-23", "01-30"]


def test_days_before_the_data_start_count_as_missing():
    wk = F.weekly(F.daily_panel(_long([("2026-01-02", "A", 5.0)]), CAL), "FRI")
    row = wk.iloc[0]
    assert row["week_end"] == pd.Timestamp("2026-01-02") and row["days"] == 4  # 12-29, 12-30, 12-31, 01-02
    assert np.isnan(row["flow_usd"]) and row["observed_usd"] == 5.0


def test_a_calendar_starting_inside_the_first_week_is_an_error(toy):
    with pytest.raises(DataNotFoundError, match="calendar"):
        F.daily_panel(toy, CAL[CAL >= "2026-01-05"])


def test_holiday_rows_are_dropped_not_counted():
    rows = [
        ("2026-01-20", "A", 1.0),
        ("2026-01-21", "A", 1.0),
        ("2026-01-22", "A", 1.0),
        ("2026-01-23", "A", 1.0),
        ("2026-01-19", "A", np.nan),
    ]
    wk = F.weekly(F.daily_panel(_long(rows), CAL), "FRI")
    assert wk.iloc[0]["days"] == 4 and wk.iloc[0]["flow_usd"] == 4.0


def test_flow_on_a_non_trading_day_is_an_error():
    with pytest.raises(DataValidationError, match="2026-01-19"):
        F.daily_panel(_long([("2026-01-19", "A", 1.0)]), CAL)


def test_unknown_week_anchor_is_rejected(toy):
    with pytest.raises(ValueError, match="anchor"):
        F.weekly(F.daily_panel(toy, CAL), "SUN")


def test_bounds_widen_by_the_cap_per_missing_day(toy):
    daily = F.daily_panel(toy, CAL)
    wk = F.with_bounds(F.weekly(daily, "FRI"), F.daily_cap(daily)).set_index(["week_end", "ticker"])
    b = wk.loc[(pd.Timestamp("2026-01-09"), "B")]
    assert (b["low_usd"], b["high_usd"]) == (-8.0 - 2.0, -8.0 + 2.0)
    a = wk.loc[(pd.Timestamp("2026-01-09"), "A")]
    assert a["low_usd"] == a["high_usd"] == 15.0


# ---------------------------------------------------------------- sectors
def test_sector_sum_is_missing_when_any_member_has_a_gap(toy):
    wk = F.weekly(F.daily_panel(toy, CAL), "FRI")
    sec = F.by_sector(wk, pd.Series({"A": "S", "B": "S"})).set_index("week_end")
    assert np.isnan(sec.loc["2026-01-09", "flow_usd"])
    assert sec.loc["2026-01-09", "observed_usd"] == 15.0 - 8.0
    assert sec.loc["2026-01-09", "coverage"] == pytest.approx(9 / 10)
    assert sec.loc["2026-01-16", "flow_usd"] == 40.0 - 10.0


def test_sector_map_puts_gold_miners_in_materials_only_on_request():
    funds = rt.data.read_project_csv("flow_funds.csv")
    base, gold = F.sector_map(funds), F.sector_map(funds, gold_miners=True)
    assert "GDX" not in base.index and gold["GDX"] == gold["GDXJ"] == "Materials"
    assert base.nunique() == 11 and len(base) == 11
    assert "ICLN" not in F.sector_map(funds, gold_miners=True, industry=True).index
    assert F.sector_map(funds, industry=True)["SOXX"] == "Information Technology"


def test_every_flow_fund_is_classified(snapshot):
    funds = rt.data.read_project_csv("flow_funds.csv")
    assert set(funds["ticker"]) == set(rt.data.etf_flows()["ticker"])
    assert funds["ticker"].is_unique


# ---------------------------------------------------------------- AUM and percent
def test_aum_roll_backward_removes_flows_and_price_moves():
    days = pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07"])
    daily = pd.DataFrame({"A": [0.0, 10.0, 20.0]}, index=days)
    closes = pd.DataFrame({"A": [100.0, 110.0, 110.0]}, index=days)
    aum = F.aum_history(daily, closes, pd.Series({"A": 240.0}), "2026-01-07").set_index("date")["aum_usd"]
    # 01-07: 240; 01-06: 240 - 20 = 220 (no price move); 01-05: (220 - 10) / 1.1
    assert aum.tolist() == pytest.approx([210.0 / 1.1, 220.0, 240.0])


def test_aum_roll_counts_unknown_flow_days():
    days = pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"])
    daily = pd.DataFrame({"A": [1.0, np.nan, 1.0, np.nan]}, index=days)
    closes = pd.DataFrame({"A": [1.0, 1.0, 1.0, 1.0]}, index=days)
    out = F.aum_history(daily, closes, pd.Series({"A": 100.0}), "2026-01-07").set_index("date")
    assert out["unknown_flow_days"].tolist() == [1, 0, 0, 1]
    assert out["aum_usd"].tolist() == pytest.approx([99.0, 99.0, 100.0, 100.0])


def test_percent_of_aum_uses_assets_before_the_week(toy):
    daily = F.daily_panel(toy, CAL)
    wk = F.weekly(daily, "FRI")
    aum = pd.DataFrame({"date": CAL, "ticker": "A", "aum_usd": 1000.0})
    aum.loc[aum["date"] == pd.Timestamp("2026-01-09"), "aum_usd"] = 500.0  # Friday before week 2
    out = F.percent_of_aum(wk[wk["ticker"] == "A"], aum).set_index("week_end")
    assert out.loc["2026-01-16", "flow_pct"] == pytest.approx(40.0 / 500.0 * 100)
    assert out.loc["2026-01-09", "flow_pct"] == pytest.approx(15.0 / 1000.0 * 100)


def test_aum_from_shares_needs_a_price(snapshot):
    sh = rt.data.etf_shares_outstanding(["XLB"])
    aum = F.aum_from_shares(sh, "2026-03-31")
    assert 4e9 < aum["XLB"] < 9e9
    with pytest.raises(DataNotFoundError, match="2026-04-02"):
        F.aum_from_shares(sh, "2026-04-02")  # shares but no price that day


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
    c = F.count_sign(w, labels, sign=-1)
    assert (c.covered, c.partial, c.absent) == (3, 1, 2)
    assert (c.k_min, c.k_max) == (3, 5) and c.possible(4) and not c.possible(6)


def test_record_status_respects_bounds():
    w = _weeks([1.0, 2.0, 5.0])
    assert F.record_status(w, w.index[2]) == "record"
    assert F.record_status(w, w.index[1]) == "record"
    w2 = _weeks([1.0, np.nan, 5.0], low=[1.0, 0.0, 5.0], high=[1.0, 6.0, 5.0])
    assert F.record_status(w2, w2.index[2]) == "undetermined"
    w3 = _weeks([4.0, 2.0, 3.0])
    assert F.record_status(w3, w3.index[2]) == "not a record"
    with pytest.raises(ValueError, match="no week before"):
        F.record_status(w, w.index[0])


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
    out = F.implied_flows(sh)
    assert out["implied_flow_usd"].iloc[0] == pytest.approx(10 * 11.0)
    assert out["days_spanned"].tolist() == [3.0, 1.0]
    assert np.isnan(out["implied_flow_usd"].iloc[1])  # no price: never carried over
    lagged = F.implied_flows(sh, lag=1)
    assert lagged.set_index("date").loc["2026-03-27", "implied_flow_usd"] == pytest.approx(10 * 10.0)


def test_implied_flows_match_reported_flows_in_the_snapshot(snapshot):
    imp = F.implied_flows(rt.data.etf_shares_outstanding(["XLB", "XLE", "XLK"]))
    both = imp.merge(rt.data.etf_flows(["XLB", "XLE", "XLK"]), on=["date", "ticker"]).dropna()
    assert len(both) >= 6
    assert np.allclose(both["implied_flow_usd"], both["flow_usd"], rtol=0.01, atol=1e6)


# ---------------------------------------------------------------- real weeks and the regression
def test_snapshot_week_to_2026_01_30_keeps_xlb_gaps(snapshot):
    cal = rt.data.closes(["SPY"], "2025-12-01", "2026-04-30").index
    wk = F.weekly(F.daily_panel(rt.data.etf_flows(["XLB", "XLF"]), cal), "FRI").set_index(
        ["week_end", "ticker"]
    )
    xlb = wk.loc[(pd.Timestamp("2026-01-30"), "XLB")]
    assert np.isnan(xlb["flow_usd"]) and xlb["days_observed"] == 2 and xlb["days"] == 5
    xlf = wk.loc[(pd.Timestamp("2026-01-30"), "XLF")]
    assert xlf["days_observed"] == 5 and 1e9 < xlf["flow_usd"] < 2e9


def test_chase_regression_recovers_a_known_slope():
    rng = np.random.default_rng(0)
    weeks = pd.date_range("2026-01-09", periods=30, freq="W-FRI")
    r = pd.DataFrame(rng.normal(0, 0.02, (30, 3)), index=weeks, columns=["a", "b", "c"])
    prior = r.shift(1) * 100
    flow = 0.5 * prior + rng.normal(0, 0.01, (30, 3))
    res = F.chase_regression(F.chase_panel(flow, r, month_weeks=4), fixed_effects=True)
    assert res.loc["ret_prior_week_pct", "coef"] == pytest.approx(0.5, abs=0.02)
    assert res.loc["ret_prior_week_pct", "p"] < 0.01 and res["keys"].iloc[0] == 3


def test_window_sums_keep_gaps_missing_and_rank_uses_bounds(toy):
    out = F.window_sums(toy, CAL, ["A", "B"], "2026-01-05", "2026-01-09")
    assert out.at["A", "flow_usd"] == 15.0 and np.isnan(out.at["B", "flow_usd"])
    assert (out.at["B", "low_usd"], out.at["B", "high_usd"]) == (-10.0, -6.0)
    assert F.rank_of(-7.0, out) == (2, 3)  # B's range straddles -7: second or third
    assert F.rank_of(20.0, out) == (1, 1)


# ---------------------------------------------------------------- one sector's week by definition; text of bounded sums
def test_week_by_definition_rows_per_anchor_and_fund_set(toy):
    daily_f, daily_w = F.daily_panel(toy, CAL), F.daily_panel(toy, CAL, "WED")
    one, both = pd.Series({"A": "S"}), pd.Series({"A": "S", "B": "S"})

    def sec(daily, m, a):
        return F.by_sector(F.with_bounds(F.weekly(daily, a), F.daily_cap(daily)), m)

    frames = {
        ("FRI", "narrow"): sec(daily_f, one, "FRI"),
        ("FRI", "widened"): sec(daily_f, both, "FRI"),
        ("WED", "narrow"): sec(daily_w, one, "WED"),
    }
    out = F.week_by_definition(frames, "S", "2026-01-16")
    fri_n, fri_w = out.loc[("FRI", "narrow")], out.loc[("FRI", "widened")]
    assert (
        fri_n["flow_usd"] == 40.0 and fri_n["record"] == "record" and fri_n["earlier_weeks"] == 1
    )  # 40 > 15
    assert fri_w["flow_usd"] == 30.0 and fri_w["fund_days"] == 10
    wed = out.loc[("WED", "narrow")]
    assert wed["week_end"] == pd.Timestamp("2026-01-14") and wed["flow_usd"] == 4 + 5 + 6 + 7 + 8
    # the earlier Wed week (01-02 .. 01-07) lacks 01-02: observed 1+2+3 = 6, at most 6 + 10 = 16 < 30
    assert wed["record"] == "record" and wed["earlier_weeks"] == 1
    assert F.RECORD_INPUT["undetermined"] is None and F.RECORD_INPUT["not a record"] is False


def test_window_bounds_text_never_reads_a_missing_day_as_zero(toy):
    sums = F.window_sums(toy, CAL, ["A", "B"], "2026-01-05", "2026-01-09")
    txt = F.window_bounds_text(
        sums.assign(
            flow_usd=sums["flow_usd"] * 1e9,
            observed_usd=sums["observed_usd"] * 1e9,
            low_usd=sums["low_usd"] * 1e9,
            high_usd=sums["high_usd"] * 1e9,
        )
    )
    assert txt["A"] == "+15.00"
    assert txt["B"] == "-8.00 (-10.00 … -6.00; 4 of 5 days)"
