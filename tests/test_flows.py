"""rotation.analysis.flows: weekly sums keep gaps missing, bounds, sectors, sums over a window."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError, DataValidationError

from .conftest import FLOW_CAL as CAL
from .conftest import long_flows

F = rt.flows


# ---------------------------------------------------------------- weekly sums and gaps
def test_flows_gap_is_missing_not_zero(toy_flows):
    wk = F.weekly(F.daily_panel(toy_flows, CAL), "FRI").set_index(["week_end", "ticker"])
    b = wk.loc[(pd.Timestamp("2026-01-09"), "B")]
    assert np.isnan(b["flow_usd"])  # not -8 (gap as zero) and not -10
    assert b["observed_usd"] == -8.0 and b["days_observed"] == 4 and b["days"] == 5
    assert b["coverage"] == pytest.approx(0.8)
    assert wk.loc[(pd.Timestamp("2026-01-16"), "B"), "flow_usd"] == -10.0


def test_friday_weeks_sum_monday_to_friday(toy_flows):
    wk = F.weekly(F.daily_panel(toy_flows, CAL), "FRI").set_index(["week_end", "ticker"])
    assert wk.loc[(pd.Timestamp("2026-01-09"), "A"), "flow_usd"] == 1 + 2 + 3 + 4 + 5
    assert wk.loc[(pd.Timestamp("2026-01-16"), "A"), "flow_usd"] == 6 + 7 + 8 + 9 + 10


def test_wednesday_weeks_run_thursday_to_wednesday(toy_flows):
    daily = F.daily_panel(toy_flows, CAL, "WED")
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
    wk = F.weekly(F.daily_panel(long_flows([("2026-01-02", "A", 5.0)]), CAL), "FRI")
    row = wk.iloc[0]
    assert row["week_end"] == pd.Timestamp("2026-01-02") and row["days"] == 4  # 12-29, 12-30, 12-31, 01-02
    assert np.isnan(row["flow_usd"]) and row["observed_usd"] == 5.0


def test_a_calendar_starting_inside_the_first_week_is_an_error(toy_flows):
    with pytest.raises(DataNotFoundError, match="calendar"):
        F.daily_panel(toy_flows, CAL[CAL >= "2026-01-05"])


def test_holiday_rows_are_dropped_not_counted():
    rows = [
        ("2026-01-20", "A", 1.0),
        ("2026-01-21", "A", 1.0),
        ("2026-01-22", "A", 1.0),
        ("2026-01-23", "A", 1.0),
        ("2026-01-19", "A", np.nan),
    ]
    wk = F.weekly(F.daily_panel(long_flows(rows), CAL), "FRI")
    assert wk.iloc[0]["days"] == 4 and wk.iloc[0]["flow_usd"] == 4.0


def test_flow_on_a_non_trading_day_is_an_error():
    with pytest.raises(DataValidationError, match="2026-01-19"):
        F.daily_panel(long_flows([("2026-01-19", "A", 1.0)]), CAL)


def test_unknown_week_anchor_is_rejected(toy_flows):
    with pytest.raises(ValueError, match="anchor"):
        F.weekly(F.daily_panel(toy_flows, CAL), "SUN")


def test_bounds_widen_by_the_cap_per_missing_day(toy_flows):
    daily = F.daily_panel(toy_flows, CAL)
    wk = F.with_bounds(F.weekly(daily, "FRI"), F.daily_cap(daily)).set_index(["week_end", "ticker"])
    b = wk.loc[(pd.Timestamp("2026-01-09"), "B")]
    assert (b["low_usd"], b["high_usd"]) == (-8.0 - 2.0, -8.0 + 2.0)
    a = wk.loc[(pd.Timestamp("2026-01-09"), "A")]
    assert a["low_usd"] == a["high_usd"] == 15.0


# ---------------------------------------------------------------- sectors
def test_sector_sum_is_missing_when_any_member_has_a_gap(toy_flows):
    wk = F.weekly(F.daily_panel(toy_flows, CAL), "FRI")
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


# ---------------------------------------------------------------- real weeks
def test_snapshot_week_to_2026_01_30_keeps_xlb_gaps(snapshot):
    cal = rt.data.closes(["SPY"], "2025-12-01", "2026-04-30").index
    wk = F.weekly(F.daily_panel(rt.data.etf_flows(["XLB", "XLF"]), cal), "FRI").set_index(
        ["week_end", "ticker"]
    )
    xlb = wk.loc[(pd.Timestamp("2026-01-30"), "XLB")]
    assert np.isnan(xlb["flow_usd"]) and xlb["days_observed"] == 2 and xlb["days"] == 5
    xlf = wk.loc[(pd.Timestamp("2026-01-30"), "XLF")]
    assert xlf["days_observed"] == 5 and 1e9 < xlf["flow_usd"] < 2e9


# ---------------------------------------------------------------- sums over a window; text of bounded sums
def test_window_sums_keep_gaps_missing(toy_flows):
    out = F.window_sums(toy_flows, CAL, ["A", "B"], "2026-01-05", "2026-01-09")
    assert out.at["A", "flow_usd"] == 15.0 and np.isnan(out.at["B", "flow_usd"])
    assert (out.at["B", "low_usd"], out.at["B", "high_usd"]) == (-10.0, -6.0)


def test_window_bounds_text_never_reads_a_missing_day_as_zero(toy_flows):
    sums = F.window_sums(toy_flows, CAL, ["A", "B"], "2026-01-05", "2026-01-09")
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


# ---------------------------------------------------------------- the notebook's frames and tables
def test_week_frames_give_every_definition_with_percent_only_for_the_narrow_set(toy_flows):
    narrow, wide = pd.Series({"A": "S"}), pd.Series({"A": "S", "B": "S"})
    closes = pd.DataFrame({"A": 1.0}, index=CAL)
    out = F.week_frames(
        toy_flows,
        CAL,
        narrow,
        wide,
        closes=closes,
        anchor_aum=pd.Series({"A": 100.0}),
        anchor_date="2026-01-16",
    )
    assert list(out) == list(F.DEFINITIONS)
    assert "flow_pct" in out["FRI", "narrow"] and "flow_pct" not in out["FRI", "widened"]
    assert (out["WED", "widened"]["week_end"].dt.day_of_week == 2).all()
    assert (out["FRI", "narrow"]["week_end"].dt.day_of_week == 4).all()


def test_weeks_in_counts_the_weeks_a_window_touches():
    assert F.weeks_in("2025-12-08", "2026-01-30") == 8  # F3's window: eight Friday weeks
    assert F.weeks_in("2026-01-26", "2026-01-30") == 1
    assert F.weeks_in("2026-01-26", "2026-01-30", "WED") == 2  # Thu..Wed weeks: 01-28 and 02-04
    with pytest.raises(ValueError, match="after its end"):
        F.weeks_in("2026-02-10", "2026-01-30")


def test_coverage_facts_name_the_fund_missing_most_days(toy_flows):
    cov = F.coverage(toy_flows, CAL, ["A", "B"])
    facts = F.coverage_facts(toy_flows, cov)
    assert facts["worst"] == "B" and facts["m"] == 1 and facts["full"] == 1
    assert (facts["a"], facts["b"], facts["k"]) == ("2026-01-05", "2026-01-16", 2)


def test_heatmap_facts_count_big_weeks_and_blank_ones():
    weeks = pd.DataFrame(
        {
            "sector": ["S", "S", "T", "T"],
            "week_end": pd.to_datetime(["2026-01-09", "2026-01-16"] * 2),
            "flow_usd": [1.0, np.nan, 2.0, 3.0],
            "flow_pct": [6.0, np.nan, -2.0, -9.0],
        }
    )
    facts = F.heatmap_facts(weeks, 5.0)
    assert (facts["s"], facts["n"], facts["sec"], facts["w"]) == (2, 3, "T", "2026-01-16")
    assert (facts["b"], facts["k"], facts["m"]) == ("S", 1, 2)


def test_monthly_and_trailing_sums_are_window_sums_of_their_spans(toy_flows):
    months = F.monthly_sums(toy_flows, CAL, ["A"], "2026-01-01", "2026-01-16")
    assert list(months) == ["2026-01"] and months["2026-01"].at["A", "observed_usd"] == 55.0
    trail = F.trailing_month_sums(toy_flows, CAL, ["A", "B"], [pd.Timestamp("2026-01-09")])
    assert list(trail) == ["2026-01-09"]
    # the month to 2026-01-09 starts on 2025-12-10: days before the data are missing, not zero
    assert trail["2026-01-09"].at["A", "days"] > trail["2026-01-09"].at["A", "days_observed"] == 5


def test_inside_sums_uses_the_widest_range_of_the_windows(toy_flows):
    sums = {"w1": F.window_sums(toy_flows, CAL, ["A", "B"], "2026-01-05", "2026-01-09")}
    got = F.inside_sums(sums, pd.Series({"A": 15e-9, "B": -8e-9}))
    assert got == {"A": True, "B": True}
    assert F.inside_sums(sums, pd.Series({"B": -5e-9})) == {"B": False}  # B: -10 … -6 USD
