"""rotation.inputs.eps_workbooks (the S&P DJI workbook parser and its cache) and rotation.analysis.earnings (growth,
tech-vs-rest, small-cap mix, bottom-up)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError
from rotation.inputs.eps_workbooks import WorkbookLayoutError


@pytest.fixture(scope="module")
def latest_file() -> str:
    m = rt.data.eps_workbooks()
    return m.loc[m["data_as_of"].idxmax(), "file"]


@pytest.fixture(scope="module")
def latest(latest_file):
    return rt.eps_workbooks.read_eps_workbook(latest_file)


@pytest.fixture
def cache_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("ROTATION_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


# ---------------------------------------------------------------- the parser on real workbooks
def test_last_issue_parses_to_the_published_index_eps(latest):
    assert latest.vintage_date == pd.Timestamp("2026-01-29")
    assert latest.actuals_through == pd.Timestamp("2025-09-30")
    a = latest.annual.set_index(["index", "sector", "calendar_year", "kind"])["eps"]
    assert a[("S&P 500", "Index", 2025, "operating")] == pytest.approx(265.41)
    assert a[("S&P 500", "Index", 2024, "operating")] == pytest.approx(233.36)
    assert a[("S&P 600", "Index", 2024, "reported")] == pytest.approx(34.87)
    assert a[("S&P 500", "Information Technology", 2026, "operating")] == pytest.approx(219.78)
    assert ("S&P 600", "Real Estate", 2025, "operating") in a.index  # "(proforma ...)" suffix removed


def test_last_issue_years_carry_their_status(latest):
    st = latest.annual[(latest.annual["sector"] == "Index") & (latest.annual["kind"] == "operating")]
    st = st.groupby("calendar_year")["status"].first()
    assert st[2024] == "actual" and st[2025] == "partial_estimate" and st[2026] == "estimate"
    assert not ((latest.annual["kind"] == "reported") & (latest.annual["calendar_year"] >= 2025)).any()


def test_quarterly_and_contribution_tables_of_last_issue(latest):
    q = latest.quarterly.set_index("quarter_end")
    assert q.loc["2025-12-31", "operating_12m"] == pytest.approx(265.42)
    assert q.loc["2025-12-31", "status"] == "partial_estimate"
    assert q.loc["2024-12-31", "status"] == "actual"
    c = latest.contribution
    assert c.groupby("quarter_end")["share"].sum().between(0.999, 1.001).all()
    assert c["sector"].nunique() == 11


@pytest.mark.slow  # parses all 15 workbooks (about 11 s)
def test_every_vintage_matches_the_derived_csv(cache_tmp):
    v = rt.eps_workbooks.eps_vintages()
    assert v["annual"]["vintage_date"].nunique() == 11
    chk = rt.eps_workbooks.cross_check(v["annual"], rt.data.index_eps_estimates())
    assert (chk["only_csv"] == 0).all() and (chk["matched"] > 0).all()
    assert chk["max_abs_diff"].max() < 1e-9 and chk["status_mismatches"].sum() == 0


def test_parsed_tables_are_cached_by_file_hash(cache_tmp, latest_file, monkeypatch):
    first = rt.eps_workbooks._parse_cached(latest_file, True)
    assert len(list(cache_tmp.rglob("*.parquet"))) == 3

    def boom(path):
        raise AssertionError("parsed again although cached")

    monkeypatch.setattr(rt.eps_workbooks, "read_eps_workbook", boom)
    again = rt.eps_workbooks._parse_cached(latest_file, True)
    pd.testing.assert_frame_equal(first["annual"], again["annual"])


# ---------------------------------------------------------------- layouts it does not know
def test_workbook_without_the_sector_sheet_names_file_and_sheet(tmp_path):
    import openpyxl

    path = tmp_path / "not-sp.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    with pytest.raises(WorkbookLayoutError) as e:
        rt.eps_workbooks.read_eps_workbook(path)
    assert "not-sp.xlsx" in str(e.value) and "'SECTOR EPS'" in str(e.value)
    assert isinstance(e.value, DataValidationError)


@pytest.mark.slow  # rewrites a real workbook with openpyxl (about 4 s)
def test_moved_header_row_is_a_layout_error(tmp_path, latest_file):
    import openpyxl

    wb = openpyxl.load_workbook(latest_file)
    ws = wb["SECTOR EPS"]
    for row in ws.iter_rows(max_row=10):
        if row[0].value == "INDEX NAME":
            row[0].value = "NAME OF INDEX"
    path = tmp_path / "moved.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookLayoutError, match=r"moved\.xlsx, sheet 'SECTOR EPS': no 'INDEX NAME' header"):
        rt.eps_workbooks.read_eps_workbook(path)


def test_text_in_a_number_cell_is_a_layout_error_not_nan():
    with pytest.raises(WorkbookLayoutError, match="holds 'n.m.'"):
        rt.eps_workbooks._number("n.m.", "f.xlsx", "SECTOR EPS", "row 8 (S&P 500) 2025 EPS")
    assert math.isnan(rt.eps_workbooks._number(None, "f.xlsx", "SECTOR EPS", "x"))


def test_a_file_that_is_no_workbook_is_a_layout_error(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_text("not a zip")
    with pytest.raises(WorkbookLayoutError, match="junk.xlsx: cannot open"):
        rt.eps_workbooks.read_eps_workbook(path)


# ---------------------------------------------------------------- growth on hand-made frames
def test_growth_is_undefined_on_a_non_positive_base():
    g = rt.earnings.growth_pct(pd.Series([110.0, 5.0, 3.0]), pd.Series([100.0, 0.0, -2.0]))
    assert g.iloc[0] == pytest.approx(10.0) and g.iloc[1:].isna().all()


def _annual(rows):
    return pd.DataFrame(
        rows, columns=["index", "sector", "calendar_year", "kind", "eps", "price", "vintage_date"]
    )


def test_index_growth_uses_one_vintage_for_both_years():
    v1, v2 = pd.Timestamp("2025-06-01"), pd.Timestamp("2025-12-01")
    a = _annual(
        [
            ("S&P 600", "Index", 2024, "operating", 50.0, 1, v1),
            ("S&P 600", "Index", 2025, "operating", 60.0, 1, v1),
            ("S&P 600", "Index", 2024, "operating", 48.0, 1, v2),
            ("S&P 600", "Index", 2025, "operating", 54.0, 1, v2),
        ]
    )
    g = rt.earnings.index_growth(a, [2025])
    assert g.loc[("S&P 600", v1), 2025] == pytest.approx(20.0)
    assert g.loc[("S&P 600", v2), 2025] == pytest.approx(12.5)
    with pytest.raises(DataValidationError, match="2026"):
        rt.earnings.index_growth(a, [2026])


def test_sector_vs_rest_splits_index_earnings_by_contribution_share():
    v = pd.Timestamp("2026-01-29")
    qs = pd.date_range("2024-03-31", periods=8, freq="QE")
    quarterly = pd.DataFrame({"vintage_date": v, "quarter_end": qs, "operating_eps": [10.0] * 4 + [12.0] * 4})
    share = [0.2] * 4 + [0.25] * 4
    contribution = pd.DataFrame(
        {"vintage_date": v, "quarter_end": qs, "sector": "Information Technology", "share": share}
    )
    out = rt.earnings.sector_vs_rest(quarterly, contribution, "Information Technology", [2025])
    # tech: 4*2.0 -> 4*3.0 = +50 %; rest: 4*8.0 -> 4*9.0 = +12.5 %
    assert out.loc[v, (2025, "Information Technology")] == pytest.approx(50.0)
    assert out.loc[v, (2025, "rest")] == pytest.approx(12.5)
    assert out.loc[v, (2025, "gap_pp")] == pytest.approx(37.5)
    with pytest.raises(DataValidationError, match="incomplete quarters"):
        rt.earnings.sector_vs_rest(quarterly.iloc[1:], contribution, "Information Technology", [2025])


def test_reweighting_with_own_weights_reproduces_the_index():
    v = pd.Timestamp("2026-01-29")
    # two sectors, equal market weight; earnings yields 10 % and 5 % of price in 2024
    a = _annual(
        [
            ("X", "A", 2024, "operating", 10.0, 100.0, v),
            ("X", "A", 2025, "operating", 12.0, 100.0, v),
            ("X", "B", 2024, "operating", 5.0, 100.0, v),
            ("X", "B", 2025, "operating", 5.0, 100.0, v),
        ]
    )
    a["kind"] = "operating"
    g = rt.earnings.reweighted_growth(a, "X", pd.Series({"A": 50.0, "B": 50.0}), [2025])
    assert g[2025] == pytest.approx((17 / 15 - 1) * 100)
    g_b = rt.earnings.reweighted_growth(a, "X", pd.Series({"B": 100.0, "C": 3.0}), [2025])
    assert g_b[2025] == pytest.approx(0.0) and g_b.attrs["dropped"] == ["A", "C"]


def test_nearest_orders_by_absolute_gap():
    c = pd.DataFrame({"growth_pct": [10.0, 13.0, 14.2, np.nan]}, index=list("abcd"))
    n = rt.earnings.nearest(c, 13.5, n=2)
    assert list(n.index) == ["b", "c"] and n["gap_pp"].tolist() == pytest.approx([-0.5, 0.7])


# ---------------------------------------------------------------- small caps
def test_iwm_mix_renormalises_equity_lines_and_maps_sector_names():
    h = pd.DataFrame(
        {
            "ticker": ["AAA", "BBB", "CCC", "CASH"],
            "sector": ["Communication", "Energy", "Energy", "Cash and/or Derivatives"],
            "asset_class": ["Equity", "Equity", "Equity", "Cash"],
            "weight": [30.0, 50.0, 10.0, 10.0],
            "as_of": pd.Timestamp("2026-01-21"),
        }
    )
    mix = rt.earnings.iwm_sector_mix(h, "2026-01-21", ["BBB", "CCC"])
    assert mix.loc["Energy", "iwm_pct"] == pytest.approx(60 / 90 * 100)
    assert mix.loc["Communication Services", "overlap_pct"] == 0.0
    assert mix.loc["Energy", "overlap_pct"] == pytest.approx(100.0)
    assert mix.attrs["overlap_weight_pct"] == pytest.approx(60 / 90 * 100)
    with pytest.raises(DataValidationError, match="no IWM equity holdings on 2025-01-01"):
        rt.earnings.iwm_sector_mix(h, "2025-01-01", ["BBB"])


def test_mix_distance_is_half_the_absolute_differences():
    a, b = pd.Series({"x": 60.0, "y": 40.0}), pd.Series({"x": 50.0, "z": 50.0})
    assert rt.earnings.mix_distance(a, b) == pytest.approx(50.0)
    assert rt.earnings.mix_distance(a, a) == 0.0


# ---------------------------------------------------------------- bottom-up
def test_company_earnings_keeps_one_share_class_and_excludes_losses():
    f = pd.DataFrame(
        {
            "ticker": ["GOOG", "GOOGL", "LOSS", "X"],
            "name": ["Alphabet", "Alphabet", "Loss Co", "X Co"],
            "marketCap": [300.0, 300.0, 50.0, 100.0],
            "trailingPE": [30.0, 30.0, np.nan, 20.0],
            "forwardPE": [25.0, 25.0, 40.0, 16.0],
            "earningsGrowth": [0.3, 0.3, np.nan, 0.1],
        }
    )
    c = rt.earnings.company_earnings(f)
    assert len(c) == 3 and c.loc[c["name"] == "Alphabet", "tickers"].item() == "GOOG GOOGL"
    assert c.set_index("name").loc["X Co", "growth_pct"] == pytest.approx(25.0)  # 20/16 - 1
    grp = rt.earnings.in_group(c, ["GOOGL"]).map({True: "giant", False: "rest"})
    g = rt.earnings.group_growth(c, grp)
    assert g.loc["giant", "forward_vs_trailing_pct"] == pytest.approx(20.0)  # 12 / 10 - 1
    assert g.loc["rest", "excluded"] == 1 and g.loc["rest", "n"] == 2
    assert g["cap_share_pct"].sum() == pytest.approx(100.0)


def test_bottom_up_on_the_snapshot_counts_every_company_once(snapshot):
    c = rt.earnings.company_earnings(rt.data.company_fundamentals())
    assert c["name"].is_unique and 460 < len(c) < 474
    assert rt.earnings.in_group(c, ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"]).sum() == 7


# ---------------------------------------------------------------- stated and published figures
def test_published_growth_parses_single_percentages_only(snapshot):
    p = rt.earnings.published_growth(rt.data.published_eps_figures())
    assert p.loc[p["value"] == "12.1%", "value_pct"].tolist() == pytest.approx(
        [12.1] * int((p["value"] == "12.1%").sum())
    )
    assert p.loc[p["value"].str.startswith("13.5% (target"), "value_pct"].isna().all()  # a price target
    assert not p.loc[p["value"] == "9%-10%", "single_pct"].item()  # a range


# ---------------------------------------------------------------- E2's checks (the verdict is rules.decide's)
def test_e2_checks_measure_both_gaps_and_leave_the_verdict_to_the_rules():
    last = pd.Series({(2025, "gap_pp"): 28.3, (2026, "gap_pp"): 28.6})
    mag7 = pd.DataFrame({"gap_pp": [12.9, 10.7], "available": [True, True]}, index=["CY2025", "CY2026"])
    bu = pd.DataFrame(
        {"recent lead, pp": [10.5], "forward lead, pp": [-4.9], "narrows": [True]}, index=["Magnificent 7"]
    )
    e2 = rt.earnings.e2_checks(last, "Information Technology", 2025, 2026, mag7, bu)
    assert e2["checks"] == {"sector estimates": False, "published Mag 7": True}
    assert e2["measured"] == pytest.approx(0.3)
    assert rt.rules.decide("E2", results=e2["checks"]).verdict == "partly supported"
    missing = mag7.assign(available=[True, False])
    e2m = rt.earnings.e2_checks(last, "Information Technology", 2025, 2026, missing, bu)
    assert e2m["checks"]["published Mag 7"] is None and "cannot be made" in e2m["text"]
    # sector does not narrow, Mag 7 unknown: partly or not -> undecidable
    assert rt.rules.decide("E2", results=e2m["checks"]).verdict == "undecidable with this data"
