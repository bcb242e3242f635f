"""Known-answer tests for every verdict rule (rotation.verdicts.rules) and the registry's validation."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import rotation as rt
from rotation import rules as R
from rotation.errors import DataValidationError


@pytest.mark.parametrize(
    "m, want",
    [(4.4, R.SUPPORTED), (5.4, R.SUPPORTED), (5.41, R.PARTLY), (2.4, R.PARTLY), (2.39, R.NOT), (6.5, R.NOT)],
)
def test_approx_edges(m, want):
    assert R.approx(m, 4.4, 1.0, 2.0) == want


@pytest.mark.parametrize("m, want", [(7.0, R.SUPPORTED), (6.14, R.PARTLY), (6.0, R.PARTLY), (5.99, R.NOT)])
def test_at_least_edges(m, want):
    assert R.at_least(m, 7.0, 1.0) == want


def test_at_most_is_the_mirror():
    assert R.at_least(3.0, 2.0, 0.5, sign=-1) == R.NOT
    assert R.at_least(2.4, 2.0, 0.5, sign=-1) == R.PARTLY
    assert R.at_least(1.0, 2.0, 0.5, sign=-1) == R.SUPPORTED


def test_nan_measured_is_an_error_not_a_verdict():
    with pytest.raises(DataValidationError, match="NaN"):
        R.approx(float("nan"), 4.4, 1.0, 2.0)


def test_checks_counts_and_unknowns():
    assert R.checks({"a": True, "b": True, "c": True}, 2) == R.SUPPORTED
    assert R.checks({"a": True, "b": True, "c": False}, 2) == R.PARTLY
    assert R.checks({"a": True, "b": False, "c": False}, 2) == R.NOT
    # one unknown check: 2 known passes give partly or supported -> undecidable
    assert R.checks({"a": True, "b": True, "c": None}, 2) == R.UNDECIDABLE
    # 0 known passes of 3 with partly_at 2 and one unknown: not supported either way
    assert R.checks({"a": False, "b": False, "c": None}, 2) == R.NOT


def test_b6_rule_from_registry():
    d = rt.rules.decide("B6", results={"small caps": True, "cyclicals": True, "flows": False})
    assert d.verdict == R.PARTLY and "2 of 3" in d.reason


def test_turn_peak_direction_is_required():
    kw = dict(direction="peak", tolerance=21, partial_tolerance=42, alpha=0.05)
    # the right date but the slope rises after it: an upturn never supports a stall
    assert R.turn("2025-10-30", "2025-10-29", slope_change=+0.1, p_one_sided=0.001, **kw) == R.NOT
    assert R.turn("2025-10-30", "2025-10-29", slope_change=-0.1, p_one_sided=0.01, **kw) == R.SUPPORTED
    # right date and sign, not significant: partly
    assert R.turn("2025-10-30", "2025-10-29", slope_change=-0.1, p_one_sided=0.2, **kw) == R.PARTLY
    assert R.turn("2025-12-05", "2025-10-29", slope_change=-0.1, p_one_sided=0.01, **kw) == R.PARTLY
    assert R.turn("2025-04-22", "2025-10-29", slope_change=-0.1, p_one_sided=0.01, **kw) == R.NOT


def test_turn_trough_and_interval():
    kw = dict(direction="trough", tolerance=0, partial_tolerance=30, alpha=0.05, stated_to="2025-10-31")
    assert R.turn("2025-10-15", "2025-09-30", slope_change=0.1, p_one_sided=0.01, **kw) == R.SUPPORTED
    assert R.turn("2025-11-20", "2025-09-30", slope_change=0.1, p_one_sided=0.01, **kw) == R.PARTLY
    assert R.turn("2025-12-15", "2025-09-30", slope_change=0.1, p_one_sided=0.01, **kw) == R.NOT
    assert R.days_outside("2025-11-20", "2025-09-30", "2025-10-31") == 20


def test_combine():
    assert R.combine([R.SUPPORTED, R.SUPPORTED]) == R.SUPPORTED
    assert R.combine([R.SUPPORTED, R.NOT]) == R.PARTLY
    assert R.combine([R.PARTLY, R.NOT]) == R.PARTLY
    assert R.combine([R.NOT, R.NOT]) == R.NOT
    assert R.combine([R.SUPPORTED, R.UNDECIDABLE]) == R.UNDECIDABLE


def test_b7_two_statements():
    good = {"date": "2025-10-20", "slope_change": 0.2, "p_one_sided": 0.01}
    low = {"date": "2025-11-20", "slope_change": 0.2, "p_one_sided": 0.01}
    late = {"date": "2026-01-10", "slope_change": 0.2, "p_one_sided": 0.01}
    assert rt.rules.decide("B7", parts={"fourth month": good, "mid-November low": low}).verdict == R.SUPPORTED
    assert rt.rules.decide("B7", parts={"fourth month": good, "mid-November low": late}).verdict == R.PARTLY
    assert rt.rules.decide("B7", parts={"fourth month": late, "mid-November low": late}).verdict == R.NOT


def test_approx_record_f1():
    assert R.approx_record(6.2, True, 6.5, 1, 3) == R.SUPPORTED
    assert R.approx_record(6.2, False, 6.5, 1, 3) == R.PARTLY
    assert R.approx_record(0.1, True, 6.5, 1, 3) == R.PARTLY
    assert R.approx_record(0.1, False, 6.5, 1, 3) == R.NOT
    assert R.approx_record(0.1, None, 6.5, 1, 3) == R.UNDECIDABLE
    assert R.approx_record(5.0, None, 6.5, 1, 3) == R.PARTLY  # partly whatever the record


def test_approx_each_f2():
    stated = {"Industrials": 3.0, "Financials": 2.9, "Energy": 1.7}
    assert R.approx_each({"Industrials": 2.5, "Financials": 3.5, "Energy": 1.0}, stated, 1.0) == R.SUPPORTED
    assert R.approx_each({"Industrials": 0.1, "Financials": 0.2, "Energy": 0.1}, stated, 1.0) == R.PARTLY
    assert R.approx_each({"Industrials": 0.1, "Financials": -0.2, "Energy": 0.1}, stated, 1.0) == R.NOT
    with pytest.raises(DataValidationError, match="Energy"):
        R.approx_each({"Industrials": 0.1, "Financials": 0.2}, stated, 1.0)


def test_f3_candidates_undecidable_unless_all_agree():
    assert rt.rules.decide("F3", candidates=[6]).verdict == R.SUPPORTED
    assert rt.rules.decide("F3", candidates=[5, 7]).verdict == R.PARTLY
    assert rt.rules.decide("F3", candidates=[3, 4, 5, 6]).verdict == R.UNDECIDABLE


def test_rank_corr_c3():
    assert R.rank_corr(-0.6, 0.04, 0.10) == R.SUPPORTED
    assert R.rank_corr(-0.2, 0.40, 0.10) == R.PARTLY
    assert R.rank_corr(0.16, 0.68, 0.10) == R.NOT


def test_proxy_is_never_not_supported():
    d = rt.rules.decide(
        "F2",
        measured={"Industrials": 0.1, "Financials": -0.2, "Energy": 0.1},
        stated={"Industrials": 3.0, "Financials": 2.9, "Energy": 1.7},
        proxy="three SPDRs",
    )
    assert d.verdict == R.UNDECIDABLE
    assert d.proxy["verdict"] == R.NOT and d.proxy["label"] == "three SPDRs"


def test_needs_data_is_undecidable():
    assert rt.rules.decide("F4", reason="no 2024 flows").verdict == R.UNDECIDABLE


def test_robustness_label_and_shares():
    rob = rt.robustness.summary([R.SUPPORTED] * 8 + [R.PARTLY] * 2, "10 windows", at=R.SUPPORTED)
    assert rob["label"] == "robust" and rob["shares"][R.SUPPORTED] == 0.8 and rob["n"] == 10
    assert rob["agree_with_registry_window"] == 0.8
    rob = rt.robustness.summary([R.SUPPORTED] * 7 + [R.PARTLY] * 3, "10 windows")
    assert rob["label"] == "window-sensitive" and rob["modal"] == R.SUPPORTED
    assert "70%" in rt.robustness.text(rob)
    with pytest.raises(ValueError):
        rt.robustness.summary(["maybe"], "x")


def test_robustness_is_about_the_registry_verdict():
    # the grid mostly says supported, the registry's window says partly: window-sensitive, said so
    rob = rt.robustness.summary([R.SUPPORTED] * 8 + [R.PARTLY], "9 samples", at=R.PARTLY)
    assert rob["label"] == "window-sensitive" and rob["agree_with_registry_window"] == pytest.approx(1 / 9)
    assert "mostly gives supported" in rt.robustness.text(rob)


# --------------------------------------------------------------------------------------------
# registry validation
# --------------------------------------------------------------------------------------------
@pytest.fixture
def registry_copy(tmp_path, monkeypatch):
    """A copy of data/ that a test may break; the project data dir points at it."""
    d = tmp_path / "data"
    shutil.copytree(rt.config.project_data_dir(), d)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: d)
    return d / "claims.csv"


def _edit(path, cid, col, value):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[df["id"] == cid, col] = value
    df.to_csv(path, index=False)


def test_blank_tolerance_stops_with_row_and_column(registry_copy):
    _edit(registry_copy, "B2", "tolerance", "")
    with pytest.raises(DataValidationError, match=r"row 3 \(B2\), column 'tolerance': blank"):
        rt.registry.registry()


def test_unknown_test_named(registry_copy):
    _edit(registry_copy, "C3", "test", "vibes")
    with pytest.raises(DataValidationError, match=r"\(C3\), column 'test': unknown test 'vibes'"):
        rt.registry.registry()


def test_duplicated_id_named(registry_copy):
    _edit(registry_copy, "B3", "id", "B2")
    with pytest.raises(DataValidationError, match=r"row 4, column 'id': duplicated claim id 'B2'"):
        rt.registry.registry()


def test_non_numeric_parameter_named(registry_copy):
    _edit(registry_copy, "C3", "alpha", "ten percent")
    with pytest.raises(DataValidationError, match=r"\(C3\), column 'alpha': 'ten percent' is not a number"):
        rt.registry.registry()


def test_bad_stated_date_named(registry_copy):
    _edit(registry_copy, "B5", "stated_value", "late October")
    with pytest.raises(DataValidationError, match=r"\(B5\), column 'stated_value'"):
        rt.registry.registry()


def test_every_rule_parameter_is_in_the_registry():
    reg = rt.registry.registry()
    for cid, row in reg.iterrows():
        for col in rt.registry.REQUIRED[row["test"]]:
            assert pd.notna(row[col]), f"{cid} lacks {col}"


def test_amendments_log_is_complete_and_current():
    """Every logged rule change names a registry claim, both verdicts, and its 'after' verdict is the
    committed result's (a rerun that changes it must update the log)."""
    import json

    log = pd.read_csv(rt.config.project_data_dir() / "amendments.csv", dtype=str, keep_default_na=False)
    reg = rt.registry.registry()
    assert {"date", "claim", "old_rule", "new_rule", "reason", "verdict_before", "verdict_after"} <= set(
        log.columns
    )
    assert {"B5", "B7", "F1", "F2"} <= set(log["claim"])
    for _, r in log.iterrows():
        assert r["claim"] in reg.index
        assert pd.Timestamp(r["date"]) <= pd.Timestamp.today()
        assert r["verdict_before"] in rt.registry.VERDICTS and r["verdict_after"] in rt.registry.VERDICTS, r[
            "claim"
        ]
        res = json.loads((rt.config.results_dir() / f"{r['claim']}.json").read_text())
        assert res["verdict"] == r["verdict_after"], (
            f"{r['claim']}: amendments.csv says {r['verdict_after']}, result {res['verdict']}"
        )


# --------------------------------------------------------------------------------------------
# bounded measurements and grids (rules.interval_points, bounded, grid)
# --------------------------------------------------------------------------------------------
def test_interval_points_are_the_ends_and_the_stated_value_inside():
    assert R.interval_points(-1.0, 2.0, 6.5) == [-1.0, 2.0]
    assert R.interval_points(5.0, 7.0, 6.5) == [5.0, 6.5, 7.0]
    assert R.interval_points(3.0, 3.0) == [3.0]
    with pytest.raises(ValueError, match="above"):
        R.interval_points(2.0, 1.0)
    with pytest.raises(DataValidationError, match="NaN"):
        R.interval_points(float("nan"), 1.0)


def test_bounded_f1_far_below_and_record_unknown_is_undecidable():
    # amount: every value in -1.3 ... 2.8 is more than 3 bn from 6.5 (not even partly);
    # a record would make it partly, so with the record unknown the rule cannot decide
    assert R.bounded("F1", -1.3, 2.8, record=None).verdict == R.UNDECIDABLE
    assert R.bounded("F1", -1.3, 2.8, record=False).verdict == R.NOT
    assert R.bounded("F1", -1.3, 2.8, record=True).verdict == R.PARTLY
    # 4.0 ... 5.4: within 3 bn but not within 1 everywhere -> partly whatever the record
    assert R.bounded("F1", 4.0, 5.4, record=None).verdict == R.PARTLY
    # the interval reaches 6.5: supported there if a record, partly at 4.0 -> undecidable
    assert R.bounded("F1", 4.0, 7.0, record=True).verdict == R.UNDECIDABLE


def test_bounded_f2_per_figure_boxes():
    stated = {"Industrials": 3.0, "Financials": 2.9, "Energy": 1.7}
    lo = {"Industrials": 0.1, "Financials": 1.0, "Energy": 0.2}
    hi = {"Industrials": 0.5, "Financials": 1.5, "Energy": 0.4}
    assert R.bounded("F2", lo, hi, stated=stated).verdict == R.PARTLY  # all positive, none within 1
    d = R.bounded("F2", {**lo, "Industrials": -0.2}, hi, stated=stated)
    assert (
        d.verdict == R.UNDECIDABLE and "not supported (e.g. at" in d.reason and "partly supported" in d.reason
    )


def test_bounded_with_proxy_keeps_the_bounds_beside_an_undecidable_verdict():
    d = R.bounded("F1", -1.3, 2.8, record=False, proxy="Materials ETFs")
    assert d.verdict == R.UNDECIDABLE
    assert d.proxy["verdict"] == R.NOT and (d.proxy["low"], d.proxy["high"]) == (-1.3, 2.8)


def test_grid_reads_the_registry_once_and_applies_the_rule_per_cell():
    cells = [
        {"candidates": [6]},
        {"candidates": [1, 2, 6]},
        {"measured": 5},
        {"low": 6.5, "high": 7.0},
        {"low": 5.5, "high": 6.4},
    ]
    assert R.grid("F3", cells) == [R.SUPPORTED, R.UNDECIDABLE, R.PARTLY, R.PARTLY, R.UNDECIDABLE]
    assert R.grid(
        "C3", [{"rho": -0.5, "p_value": 0.05}, {"rho": -0.5, "p_value": 0.2}, {"rho": 0.1, "p_value": 0.7}]
    ) == [R.SUPPORTED, R.PARTLY, R.NOT]
    assert R.grid("C2", [{"results": {"XLK": True, "XLF": False}}]) == [R.PARTLY]


def test_bounded_without_a_range_is_the_plain_rule():
    d = R.bounded(
        "F2",
        {"Industrials": -0.15, "Financials": 1.36, "Energy": 0.03},
        {"Industrials": -0.15, "Financials": 1.36, "Energy": 0.03},
        stated={"Industrials": 3.0, "Financials": 2.9, "Energy": 1.7},
    )
    assert d.verdict == R.NOT and "between" not in d.reason and "2 of 3 with the stated sign" in d.reason


def test_turn_each_combines_the_lines_like_turns():
    row = rt.registry.claim("B5")
    stated = pd.Timestamp(row["stated_value"])
    good = {"date": str(stated.date()), "slope_change": -1.0, "p_one_sided": 0.01}
    near = {**good, "date": str((stated + pd.Timedelta(days=30)).date())}  # within 42 days: partly
    up = {**good, "slope_change": 1.0}  # an upward turn never counts for a stall
    decide = lambda **parts: rt.rules.decide("B5", parts=parts).verdict  # noqa: E731
    assert decide(mag7=good, tech=good) == "supported"
    assert decide(mag7=good, tech=near) == "partly supported"
    assert decide(mag7=up, tech=near) == "partly supported"
    assert decide(mag7=up, tech=up) == "not supported"
    d = rt.rules.decide("B5", parts={"mag7": good, "tech": up})
    assert "mag7: peak on" in d.reason and "tech: peak on" in d.reason and "slope rises" in d.reason
    assert rt.rules.replay("B5", d.kind, d.inputs).verdict == d.verdict
    with pytest.raises(rt.errors.DataValidationError, match="turn_each"):
        rt.rules.decide("B5", parts={})


def test_every_registry_test_has_one_rule_in_the_table():
    from rotation import registry, rules

    assert set(rules.RULES) == set(registry.TESTS)
