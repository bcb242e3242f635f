"""rotation.verdicts.flow_claims: the flow claims' grid cells and tables keep missing days as ranges, and the
recorded verdicts read their stated figures from data/claim_figures.csv and replay."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import rotation as rt

from .conftest import FLOW_CAL as CAL

FC = rt.flow_claims
SECTOR = "Materials"


@pytest.fixture
def toy(toy_flows) -> FC.FlowData:
    """Fund A (the sector's SPDR) has every day; fund B (widened set) lacks 2026-01-07."""
    narrow, wide = pd.Series({"A": SECTOR}), pd.Series({"A": SECTOR, "B": SECTOR})
    return FC.FlowData(toy_flows, CAL, narrow, wide, pd.Series({"A": 1e9, "B": 3e9}), "2026-01-16")


@pytest.fixture
def frames(toy) -> dict:
    closes = pd.DataFrame({"A": 1.0}, index=CAL)
    return rt.flows.week_frames(
        toy.flows,
        CAL,
        toy.narrow,
        toy.wide,
        closes=closes,
        anchor_aum=toy.anchor_aum,
        anchor_date="2026-01-16",
    )


def test_flow_data_names_the_sets_and_the_span(toy):
    assert toy.spdr(SECTOR) == "A" and toy.members(SECTOR) == "A, B"
    assert toy.aum(SECTOR).sum() == 4e9
    assert (toy.data_start, toy.data_end) == (pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-16"))


def test_record_cells_keep_the_range_and_an_unknown_record(frames):
    table = rt.flow_records.week_by_definition(frames, SECTOR, "2026-01-09")
    cells = FC.record_cells(table)
    assert len(cells) == len(table) == 4
    wide = cells[2]  # FRI, widened: B's gap on 2026-01-07 leaves a range (USD bn)
    assert wide["low"] < wide["high"] and cells[0]["low"] == cells[0]["high"] == pytest.approx(15e-9)
    assert wide["record"] is None  # no earlier week: the data cannot tell


def test_week_table_bn_is_in_bn_and_keeps_the_verdict_column(frames):
    table = rt.flow_records.week_by_definition(frames, SECTOR, "2026-01-16").assign(**{"proxy verdict": "x"})
    out = FC.week_table_bn(table)
    assert out["observed_usd"].iloc[0] == pytest.approx(table["observed_usd"].iloc[0] / 1e9, abs=0.01)
    assert "proxy verdict" in out and out["week_to"].iloc[0] == "2026-01-16" and "fund_days" not in out


def test_conclude_record_week_reads_the_stated_figure_and_replays(frames, toy, results_tmp):
    table = rt.flow_records.week_by_definition(frames, SECTOR, "2026-01-16")
    table["proxy verdict"] = rt.rules.grid("F1", FC.record_cells(table))
    v = FC.conclude_record_week("F1", table, toy, key="materials", sector=SECTOR, week="2026-01-16")
    stated = rt.articles.figure("F1", "materials").number
    assert v.verdict == rt.registry.UNDECIDABLE and v.window[1] == "2026-01-16"
    assert f"a {stated:g} USD bn week" in v.reason and "of A's assets" in v.reason
    assert v.robustness["n"] == 4 and v.proxy["verdict"] == table.loc[FC.AT, "proxy verdict"]
    rec = json.loads((results_tmp / "F1.json").read_text())
    assert rt.rules.replay("F1", rec["decision"]["kind"], rec["decision"]["inputs"]).verdict == rec["verdict"]


def test_sectors_week_and_each_bounds_carry_the_stated_figures(frames):
    stated = {SECTOR: 2.0}
    t = FC.sectors_week(frames, stated, "2026-01-16")
    assert set(t.index.get_level_values("week")) == {"FRI", "WED"}
    assert (t["stated_bn"] == 2.0).all() and t["flow_bn"].notna().all()
    cell = FC.each_bounds(t, "FRI", stated)
    assert cell["stated"] == stated and cell["low"][SECTOR] <= cell["high"][SECTOR]


def test_conclude_each_week_records_both_week_definitions(toy, results_tmp):
    stated = rt.rules.stated_each("F2")
    wide = pd.Series({"A": "Industrials", "B": "Financials"})
    flows = pd.concat(
        [toy.flows, toy.flows[toy.flows["ticker"] == "A"].assign(ticker="C")], ignore_index=True
    )
    wide["C"] = "Energy"
    data = FC.FlowData(flows, CAL, wide, wide, pd.Series({"A": 1e9, "B": 1e9, "C": 1e9}), "2026-01-16")
    frames = {(a, "widened"): rt.flows.sector_weeks(flows, CAL, wide, anchor=a) for a in ("FRI", "WED")}
    t = FC.sectors_week(frames, stated, "2026-01-16")
    cells = {w: FC.each_bounds(t, w, stated) for w in ("FRI", "WED")}
    v = FC.conclude_each_week("F2", t, cells, data, week="2026-01-16")
    assert set(v.details["proxy_verdicts"]) == {"FRI week", "WED week"}
    assert v.details["stated_bn"] == stated and v.robustness["n"] == 2
    assert all(f"{stated[s]:+.1f}" in v.headline for s in stated)


def test_stated_vs_measured_has_one_row_per_stated_figure(frames):
    out = FC.stated_vs_measured(frames["FRI", "widened"], {SECTOR: 6.5}, {SECTOR: "A, B"}, "2026-01-16")
    assert out["label"].tolist() == ["Materials (A, B)"] and out["stated_bn"].tolist() == [6.5]
    assert out["low_bn"].iloc[0] <= out["measured_bn"].iloc[0] <= out["high_bn"].iloc[0]


def test_sign_counts_give_a_range_of_counts_and_candidates(frames):
    counts = FC.sign_counts(frames, SECTOR, "2026-01-16", 4, sign=1)
    c = counts[FC.AT]
    assert c.n == 4 and c.absent == 2  # two of the four weeks lie before the data
    table = FC.counts_table(counts)
    assert list(table.index) == list(counts) and (table["outflows_min"] <= table["outflows_max"]).all()
    cells = FC.count_cells(counts)
    assert list(cells[2]["candidates"]) == list(range(c.k_min, c.k_max + 1))


def test_conclude_sign_count_reads_count_and_flow_from_the_figures(frames, toy, results_tmp):
    counts = FC.sign_counts(frames, SECTOR, "2026-01-16", 8)
    grid = rt.rules.grid("F3", FC.count_cells(counts))
    row = rt.flows.week_row(frames["FRI", "widened"], SECTOR, "2026-01-16")
    v = FC.conclude_sign_count(
        "F3", counts, grid, toy, sector=SECTOR, sector_words="toy", week_flow=row, week="2026-01-16"
    )
    flow = rt.articles.figure("F3", "tech_flow").number
    assert v.reason.endswith(f"vs the stated {flow:g} bn.".replace("-", "−"))
    assert v.window == ["2025-11-24", "2026-01-16"]  # eight Friday weeks: from the Monday of the first
    assert v.details["FRI weeks, widened"]["absent"] == counts[FC.AT].absent


def test_above_separates_sure_from_possible(toy):
    sums = rt.flows.window_sums(toy.flows, CAL, ["A", "B"], "2026-01-05", "2026-01-09")
    assert FC.above(-8.0, sums) == (["A"], ["B"])  # B: -10 … -6 straddles -8
    assert FC.above(100.0, sums) == ([], [])


def test_conclude_fund_flow_without_the_fund_is_undecidable_with_its_rank(toy, results_tmp):
    sums = rt.flows.window_sums(toy.flows, CAL, ["A", "B"], "2026-01-05", "2026-01-16")
    v = FC.conclude_fund_flow("F5", toy, sums, window=("2026-01-05", "2026-01-16"))
    assert v.verdict == rt.registry.UNDECIDABLE and v.details["funds_covered"] == 2
    assert v.details["rank_if_stated_best"] == 1 and "(the article: 3rd of ~1,500)" in v.reason


def test_conclude_fund_flow_with_the_fund_decides_by_the_rule(toy, results_tmp):
    days = pd.bdate_range("2026-01-05", "2026-01-09")
    rsp = pd.DataFrame({"date": days, "ticker": "RSP", "flow_usd": 4.8e9 / len(days)})
    data = FC.FlowData(pd.concat([toy.flows, rsp]), CAL, toy.narrow, toy.wide, toy.anchor_aum, "2026-01-16")
    v = FC.conclude_fund_flow("F5", data, pd.DataFrame(), window=("2026-01-05", "2026-01-09"))
    assert v.verdict == rt.registry.SUPPORTED and v.measured == pytest.approx(4.8)


def test_ordinal_words():
    assert [FC._ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]
    assert np.isfinite(1.0)
