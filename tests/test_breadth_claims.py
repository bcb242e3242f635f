"""rotation.verdicts.breadth_claims: the breadth claims' tickers and stated figures from their rows."""

from __future__ import annotations

import pytest

import rotation as rt
from rotation.verdicts.articles import Figure


def fig(value: str, precision: str, unit: str = "percent", low: str = "", high: str = "") -> Figure:
    return Figure("a", "X1", "k", value, unit, precision, low, high)


def test_series_items_keep_tickers_in_order_and_drop_group_names():
    assert rt.breadth_claims.split_series("XLB;XLV;XLY|sectors") == ["XLB", "XLV", "XLY", "sectors"]
    assert rt.breadth_claims.tickers_in("mag7/RSP") == ["RSP"]
    assert rt.breadth_claims.tickers_in("IWM;SPY;cyclical;XLK") == ["IWM", "SPY", "XLK"]
    assert rt.breadth_claims.tickers_in("RSP/SPY;^GSPC") == ["RSP", "SPY", "^GSPC"]
    assert rt.breadth_claims.tickers_in("mag7;sp500 members") == []


def test_a_claim_whose_series_names_no_ticker_is_named():
    with pytest.raises(ValueError, match="B1"):
        rt.breadth_claims.series_tickers("B1")  # "mag7;sp500 members"
    assert rt.breadth_claims.series_tickers("B2") == ["RSP", "SPY"]


def test_stated_words_keep_the_stated_precision():
    assert rt.breadth_claims.stated_words(fig("6", "about")) == "about 6 %"
    assert rt.breadth_claims.stated_words(fig("1.6", "rounded")) == "1.6 %"
    assert rt.breadth_claims.stated_words(fig("7", "more_than")) == "more than 7 %"
    assert rt.breadth_claims.stated_words(fig("XLB;XLV", "named", "tickers")) == "XLB, XLV"
    assert rt.breadth_claims.stated_words(fig("3", "exact", "rank")) == "3"


def test_the_registry_names_the_breadth_tickers():
    assert rt.breadth_claims.series_tickers("B3") == rt.articles.figure("B3", "leaders").names


# ------------------------------------------------------------------ tiny frames with known answers
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from tests.conftest import decision_for  # noqa: E402


@pytest.fixture
def etf() -> pd.DataFrame:
    """RSP +10 %, SPY +5 %, IWM +8 % from 2025-11-03 to 2026-01-30; then each +1 % more."""
    days = pd.DatetimeIndex(
        ["2025-10-29", "2025-11-03", "2025-12-31", "2026-01-29", "2026-01-30", "2026-02-27"]
    )
    return pd.DataFrame(
        {
            "RSP": [100.0, 100.0, 105.0, 109.0, 110.0, 111.1],
            "SPY": [200.0, 200.0, 205.0, 209.0, 210.0, 212.1],
            "IWM": [50.0, 50.0, 52.0, 53.0, 54.0, 54.54],
            "XLK": [10.0, 10.0, 10.0, 10.0, 10.4, 10.5],
        },
        index=days,
    )


def test_spans_give_each_panels_first_and_last_day_and_width(etf):
    out = rt.breadth_claims.spans({"ETF": etf, "two": etf.iloc[1:3, :2]})
    assert out.loc["ETF", "first"] == etf.index[0] and out.loc["two", "last"] == etf.index[2]
    assert out["tickers"].tolist() == [4, 2]


def test_basis_table_gap_is_etf_minus_index_and_missing_index_is_nan():
    ret, pr = pd.Series({"RSP": 0.06, "SPY": 0.02}), pd.Series({"^GSPC": 0.015})
    out = rt.breadth_claims.basis_table(ret, pr, {"RSP": None, "SPY": "^GSPC"})
    assert out.loc["SPY", "ETF minus index, pp"] == pytest.approx(0.5)
    assert np.isnan(out.loc["RSP", "ETF minus index, pp"]) and out.loc["RSP", "index"] == "—"


def test_return_and_spread_are_percent_and_none_for_an_empty_window(etf):
    assert rt.breadth_claims.return_pct(etf, "RSP", "2025-11-03", "2026-01-30") == pytest.approx(10.0)
    assert rt.breadth_claims.spread_pct(etf, "RSP", "SPY", "2025-11-03", "2026-01-30") == pytest.approx(5.0)
    assert rt.breadth_claims.return_pct(etf, "RSP", "2026-01-30", "2025-11-03") is None
    assert rt.breadth_claims.spread_pct(etf, "RSP", "SPY", "2026-01-30", "2026-01-30") is None


def test_grid_robustness_applies_the_claims_rule_to_every_cell():
    # B2: approx 4.4 pp within 1 (supported), within 2 (partly)
    rob = rt.breadth_claims.grid_robustness("B2", [4.4, 4.9, 6.0, 9.0], "4 cells", "supported")
    assert rob["shares"] == {"supported": 0.5, "partly supported": 0.25, "not supported": 0.25}
    assert rob["label"] == "window-sensitive" and rob["n"] == 4
    table = rt.breadth_claims.robustness_table({"B2": rob})
    assert table.loc["B2", "supported"] == "50%" and table.loc["B2", "label"] == "window-sensitive"


def test_grid_words_name_the_first_and_last_days():
    s, e = pd.DatetimeIndex(["2025-10-24", "2025-11-14"]), pd.DatetimeIndex(["2026-01-23", "2026-02-06"])
    assert rt.breadth_claims.grid_words(s, e, 4) == (
        "start 2025-10-24 … 2025-11-14 × end 2026-01-23 … 2026-02-06, 4 windows"
    )


def test_month_end_spreads_are_pp_against_the_base(etf):
    out = rt.breadth_claims.month_end_spreads(etf, ["RSP"], "SPY", "2025-11-03")
    assert list(out.index) == ["2025-12-31", "2026-01-30", "2026-02-27"]
    assert out.loc["2026-01-30", "RSP − SPY"] == pytest.approx(10.0 - 5.0)


def test_sector_ranks_and_count_in_top(etf):
    ranks = rt.breadth_claims.sector_ranks(etf, ["RSP", "SPY", "IWM", "XLK"], "2025-11-03", "2026-01-30")
    assert ranks.index.tolist() == ["RSP", "IWM", "SPY", "XLK"] and ranks["rank"].tolist() == [1, 2, 3, 4]
    cells = pd.DataFrame({"A": [3.0, 1.0], "B": [2.0, 2.0], "C": [1.0, 3.0]})
    assert rt.breadth_claims.count_in_top(cells, ["A", "B"], 2).tolist() == [2, 1]


def test_b2_result_records_the_spread_and_the_stated_figures_in_words(etf):
    d = decision_for("B2")
    grid = pd.DataFrame([[4.0, 5.0], [3.0, 6.0]])
    out = rt.breadth_claims.b2_result(
        d,
        etf,
        ("2025-11-03", "2026-01-30"),
        {"label": "robust", "n": 1, "shares": {"supported": 1.0}, "grid": "g"},
        grid,
    )
    assert out["measured"] == pytest.approx(5.0) and out["window"] == ["2025-11-03", "2026-01-30"]
    assert "about 6 % against 1.6 %" in out["headline"] and "+5.0 pp" in out["headline"]
    assert out["details"]["followup"][0]["latest"] == pytest.approx(11.1 - 6.05)
    assert (out["details"]["grid_min_pp"], out["details"]["grid_max_pp"]) == (3.0, 6.0)


ROB = {"label": "robust", "n": 1, "shares": {"supported": 1.0}, "grid": "g"}


def test_b4_readings_decide_on_the_index_and_read_the_fund_beside_it(etf):
    idx = pd.DataFrame({"^RUT": [100.0, 100.0, 104.0, 107.4, 105.8, 108.0]}, index=etf.index)
    out = rt.breadth_claims.b4_readings(etf, idx, ("2025-11-03", "2026-01-30"))
    assert list(out.index) == ["^RUT price return", "IWM total return"]
    assert out["return, %"].tolist() == pytest.approx([5.8, 8.0])
    assert out["verdict"].tolist() == ["not supported", "supported"]  # > 7 supported, > 6 partly


def test_held_words_name_the_runs_of_end_days_inside_the_band():
    days = pd.bdate_range("2026-01-26", periods=5)
    by_end = pd.Series([7.5, 7.2, 6.0, 7.1, 6.9], index=days)
    words = rt.breadth_claims.held_words(by_end, fig("7", "more_than"))
    assert words == "on end days 2026-01-26 … 2026-01-27, 2026-01-29 (3 of 5 end days), not on 2026-01-30"
    assert rt.breadth_claims.held_words(by_end * 0, fig("7", "more_than")).startswith("on no end day")
    assert rt.breadth_claims.runs(days[:2], [False, True]) == [("2026-01-27", "2026-01-27")]


def test_b4_result_records_the_index_return_and_the_days_it_held(etf):
    idx = pd.DataFrame({"^RUT": [100.0, 100.0, 104.0, 107.4, 105.8, 108.0]}, index=etf.index)
    readings = rt.breadth_claims.b4_readings(etf, idx, ("2025-11-03", "2026-01-30"))
    by_end = pd.Series([7.4, 5.8], index=pd.DatetimeIndex(["2026-01-29", "2026-01-30"]))
    d = rt.rules.decide("B4", measured=readings["return, %"].iloc[0])
    out = rt.breadth_claims.b4_result(
        d, readings, by_end, {"B4": ROB, "fund": ROB}, ("2025-11-03", "2026-01-30"), (etf, idx), by_end
    )
    assert out["measured"] == pytest.approx(5.8) and "'more than 7 %'" in out["headline"]
    assert (
        "held on end days 2026-01-29 … 2026-01-29 (1 of 2 end days), not on 2026-01-30" not in out["headline"]
    )
    assert "held on end days 2026-01-29 (1 of 2 end days), not on 2026-01-30" in out["headline"]
    assert out["details"]["fund_total_return_pct"] == pytest.approx(8.0)
    assert out["details"]["followup"][0]["latest"] == pytest.approx(8.0)
    assert (out["details"]["grid_min_pct"], out["details"]["grid_max_pct"]) == (5.8, 7.4)


def test_b5_lines_come_from_the_row():
    assert rt.breadth_claims.b5_lines() == {"Mag 7/RSP": ("Mag 7", "RSP"), "XLK/RSP": ("XLK", "RSP")}


def test_b5_result_dates_each_lines_peak_and_says_which_way_the_break_went(etf):
    from types import SimpleNamespace as NS

    day = pd.Timestamp("2025-11-03")
    turn = NS(date=day, band=(day, day), depth_pct=-7.6, direction="peak", as_row=lambda: {"peak date": "x"})
    brk = NS(date=day, drift_after=0.1, drift_before=0.2, sup_wald_p=0.04)
    sens = pd.DataFrame({"verdict": ["partly supported"]}, index=["2025-01-02"])
    out = rt.breadth_claims.b5_result(
        decision_for("B5"),
        {"Mag 7/RSP": turn, "XLK/RSP": turn},
        brk,
        ROB,
        (sens, pd.DataFrame({"m": ["a"]})),
        etf,
        ("2025-01-02", "2026-01-30"),
        "2026-02-27",
    )
    assert out["measured"] == "Mag 7/RSP 2025-11-03; XLK/RSP 2025-11-03"
    assert "Mag 7/RSP peaked on 2025-11-03 and fell 8 %" in out["headline"]
    assert rt.articles.figure("B5", "stall").band_text() in out["headline"]
    assert "drift down (sup-Wald p = 0.04)" in out["reason"]
    # XLK minus RSP from the stated stall date (flat to 2025-11-03)
    assert out["details"]["followup"][0]["at the article"] == pytest.approx(4.0 - 10.0)


def test_b7_samples_keep_only_samples_that_can_contain_the_turn():
    index = pd.bdate_range("2025-05-01", "2026-01-30")
    a, b = rt.breadth_claims.b7_samples(index, ("2025-06-02", "2026-01-30"))
    row = rt.registry.claim("B7")
    assert all(st < pd.Timestamp(row["date_from"]) for st in a.values())
    assert list(a) == ["2025-06-02", "2025-07-01", "2025-08-01", "2025-09-01"]
    low = pd.Timestamp(rt.articles.figure("B7", "rally_start").low)
    assert list(b) == [3, 4, 5] and all(st < low for st in b.values())
    later = rt.breadth_claims.b7_samples(index, ("2025-08-04", "2026-01-30"))[0]  # a moved window
    assert list(later) == ["2025-08-04", "2025-09-01"]  # 2025-10-01 and 11-03 cannot contain the turn


def test_grid_axes_name_a_bad_spec(monkeypatch):
    row = rt.registry.claim("B7").copy()
    row["grid"] = "a_start_months:zero"
    monkeypatch.setattr(rt.registry, "claim", lambda cid: row)
    with pytest.raises(rt.errors.DataValidationError, match="claim B7, column 'grid'"):
        rt.breadth_claims.grid_axes("B7")


def test_data_as_of_is_the_articles_unless_a_run_gives_one():
    assert rt.breadth_claims.data_as_of("B2") == rt.articles.article("tech-rotation-2026")["data_as_of"]
    assert rt.breadth_claims.data_as_of("B2", "2026-03-02") == "2026-03-02"


def test_the_window_search_labels_its_bases_and_decides_on_each_best_window():
    days = pd.bdate_range("2025-10-27", periods=70)
    lin = lambda a: pd.Series(100 + a * np.arange(70.0), index=days)  # noqa: E731
    etf = pd.DataFrame({"RSP": lin(0.1), "SPY": lin(0.03), "IWM": lin(0.12)})
    idx = pd.DataFrame({"^GSPC": lin(0.025), "^RUT": lin(0.11)})
    bases = rt.breadth_claims.window_bases(etf, idx, "^GSPC")
    assert list(bases) == [
        "ETF total return (RSP, SPY, IWM)",
        "index price return (^GSPC, ^RUT; RSP total return for the equal-weight index)",
    ]
    table, summary = rt.breadth_claims.search_article_window(
        bases, (str(days[5].date()), str(days[-6].date())), (-3, 3), (-3, 3)
    )
    assert (summary["windows"] > 0).all() and set(summary.columns) >= {
        "reproducing",
        "best start",
        "best miss, pp",
    }
    on = rt.breadth_claims.verdicts_on_windows(table, summary, {"B2": 4.4, "B4": 8.0})
    assert on.loc["registry window", "B2"] == "supported" and on.loc["registry window", "B4"] == "supported"
    assert (
        len(on) == 3
        and "none of" in rt.breadth_claims.search_words(summary)
        or "reproduc" in rt.breadth_claims.search_words(summary)
    )


def test_b6_result_counts_passes_and_says_no_data_for_a_check_that_cannot_be_made():
    checks = pd.DataFrame(
        {"measured": ["a", "b", "c"], "passed": [True, False, None]}, index=["one", "two", "three"]
    )
    d = rt.rules.decide("B6", results={"one": True, "two": False, "three": None})
    extra = {"details": {"k": 1}, "percentile": 97.2, "year": 2003}
    out = rt.breadth_claims.b6_result(d, checks, extra, ("2025-11-03", "2026-01-30"), "2026-07-01")
    assert out["measured"] == "1 of 3" and "three: c — no data" in out["reason"]
    assert (
        "one: yes; two: no; three: no data." in out["headline"]
        and "97th percentile since 2003" in out["reason"]
    )


def test_b7_result_names_both_troughs_and_keeps_the_grid():
    from types import SimpleNamespace as NS

    a, b = pd.Timestamp("2025-10-29"), pd.Timestamp("2025-11-20")
    ta = NS(date=a, band=(a, a), as_row=lambda: {"trough": "a"})
    tb = NS(date=b, band=(b, b), as_row=lambda: {"trough": "b"})
    out = rt.breadth_claims.b7_result(
        decision_for("B7", "partly supported"),
        ta,
        tb,
        ROB,
        {"x | 3 months": "supported"},
        ("2025-06-02", "2026-01-30"),
        b,
    )
    assert out["measured"] == "2025-10-29 / 2025-11-20" and out["details"]["grid"] == {
        "x | 3 months": "supported"
    }
    assert "rally low 2025-11-20" in out["measured_text"]


def test_b6_checks_name_each_check_and_leave_a_missing_flow_unknown():
    roll = {"beaten": 38, "windows": 41, "share_pct": 92.7}
    cyc = pd.Series({"XLB": 0.10, "XLE": 0.02, "XLK": -0.04})
    no_flow = rt.breadth_claims.flow_ytd(pd.Series(dtype=float), pd.bdate_range("2026-01-02", periods=3))
    out = rt.breadth_claims.b6_checks(roll, cyc, no_flow, 20, 2026)
    assert list(out.index) == [
        "IWM beats SPY, rolling 20d",
        "cyclicals beat XLK",
        "small-cap fund inflows improved",
    ]
    assert out["passed"].tolist()[:2] == [True, True] and out["passed"].iloc[2] is None
    assert out["proxy"].iloc[2] is None  # no flow data: not even the proxy can be read
    assert "2 of 2 beat XLK" in out.loc["cyclicals beat XLK", "measured"]


def test_b6_flow_check_on_iwm_alone_is_not_computable_and_the_proxy_stands_beside_it():
    roll = {"beaten": 38, "windows": 41, "share_pct": 92.7}
    cyc = pd.Series({"XLB": 0.10, "XLE": 0.02, "XLK": -0.04})
    days = pd.bdate_range("2026-01-02", periods=3)
    outflow = rt.breadth_claims.flow_ytd(pd.Series(-1e9, index=days), days)
    checks = rt.breadth_claims.b6_checks(roll, cyc, outflow, 20, 2026)
    row = checks.loc["small-cap fund inflows improved"]
    assert (
        row["passed"] is None and not row["proxy"] and "proxy: IWM net flow 2026 YTD -3.0" in row["measured"]
    )
    d = rt.rules.decide("B6", results=dict(zip(checks.index, checks["passed"])))
    assert d.verdict == "undecidable with this data"  # 2 pass; the third could make it 3 or leave 2
    extra = {"details": {}, "percentile": 97.2, "year": 2003}
    out = rt.breadth_claims.b6_result(d, checks, extra, ("2025-11-03", "2026-01-30"), "2026-07-01")
    assert "small-cap fund inflows improved: not computable (proxy: no)." in out["headline"]
    assert "— not computable (proxy: fail)" in out["reason"]
    assert out["proxy"]["verdict"] == "partly supported" and out["proxy"]["text"] == "2 of 3 checks pass"


def test_next_table_and_words_give_the_spread_after_the_article(etf):
    nxt = rt.breadth_claims.next_table(etf[["RSP", "SPY", "IWM"]], "2026-01-30")
    assert list(nxt.columns) == ["RSP", "SPY", "RSP-SPY, pp", "IWM"] and list(nxt.index) == ["2026-02-27"]
    assert nxt.loc["2026-02-27", "RSP-SPY, pp"] == pytest.approx(1.0 - 1.0)
    words = rt.breadth_claims.next_words(nxt, "2026-01-30")
    assert words.startswith("from 2026-01-30 to 2026-02-27") and "neither grew nor shrank" in words


def test_regained_words_and_month_end_rows():
    days = pd.bdate_range("2026-01-26", periods=30)
    line = pd.Series(np.r_[np.linspace(1.0, 1.1, 5), np.linspace(1.05, 1.2, 25)], index=days)
    words = rt.breadth_claims.regained_words(line, days[4], days[5], "test")
    assert f"regained its {days[4].date()} peak on" in words
    rows = rt.breadth_claims.month_end_rows(line.to_frame("x"), days[0], days[5])
    assert rows.index[0] == days[0] and rows.index[-1] == days[-1]
