from __future__ import annotations

import pytest

import rotation as rt
from rotation.errors import StaleResultError

from .conftest import decision_for


def _record_all(verdict: str = "supported") -> None:
    for cid in rt.registry.registry().index:
        rt.claims.record(decision_for(cid, verdict), 1.5, f"reason {cid}")


def test_scorecard_refuses_a_missing_result(results_tmp):
    rt.claims.record(decision_for("B2", "supported"), 4.5, "r")
    with pytest.raises(StaleResultError, match="B1"):
        rt.scorecard.gather()


def test_scorecard_rows_follow_the_registry_and_link_to_sections(results_tmp):
    _record_all()
    card = rt.scorecard.gather()
    assert list(card.index) == list(rt.registry.registry().index)
    assert card.loc["F3", "link"] == "[03_sector_flows § F3](03_sector_flows.ipynb#F3)"


def test_counts_cover_all_four_verdicts_and_sum_to_the_claims(results_tmp):
    _record_all()
    rt.claims.record(decision_for("C3", "undecidable with this data"), None, "no data")
    c = rt.scorecard.counts(rt.scorecard.gather())
    assert list(c.columns) == list(rt.registry.VERDICTS)
    reg = rt.registry.registry()
    undecidable = 1 + int((reg["test"] == "needs_data").sum())  # C3, and every claim no data can decide
    assert c.loc["all"].sum() == len(reg) and c.loc["all", "undecidable with this data"] == undecidable


def test_gaps_are_in_units_of_the_declared_tolerance(results_tmp):
    _record_all()
    rt.claims.record(decision_for("B2", "supported"), 4.9, "r")  # approx 4.4, tolerance 1.0
    rt.claims.record(
        decision_for("B5", "not supported"), "2025-11-19", "date"
    )  # 2025-10-29, tolerance 21 days
    rt.claims.record(
        decision_for("E1", "undecidable with this data"), 7.9, "proxy"
    )  # a proxy is not the claim
    g = rt.scorecard.gaps(rt.scorecard.gather())
    assert g.loc["B2", "gap"] == pytest.approx(0.5)
    assert g.loc["B5", "gap"] == pytest.approx(21 / 21)
    assert "B6" not in g.index and "E1" not in g.index
    assert (g.loc["B4", ["supported_lo", "partly_lo"]] == [0, -1]).all()  # at_least: supported from 0 up


def test_table_uses_headline_and_measured_text_and_never_shows_a_proxy_as_measured(results_tmp):
    _record_all()
    rt.claims.record(
        decision_for("B2", "supported"),
        4.5177,
        "measured 4.52 vs stated 4.4 percentage points: gap 0.12; more",
    )
    rt.claims.record(
        decision_for("B4", "partly supported"),
        6.1,
        "r",
        headline="Small caps rose 6.1 %, short of 7 %.",
        measured_text="+6.1 %",
        robustness={"grid": "windows", "n": 10, "shares": {"partly supported": 0.8}, "label": "robust"},
    )
    rt.claims.record(
        decision_for("E1", "undecidable with this data"),
        7.9,
        "no Russell 2000 estimate",
        proxy={"label": "S&P 600", "value": 7.9, "unit": "%", "text": "+7.9 %", "verdict": "not supported"},
    )
    t = rt.scorecard.table(rt.scorecard.gather())
    assert t.loc["B2", "measured"] == "+4.52 pp"
    assert t.loc["B2", "finding"] == "Measured 4.52 vs stated 4.4 percentage points: gap 0.12."
    assert (
        t.loc["B4", "finding"] == "Small caps rose 6.1 %, short of 7 %."
        and t.loc["B4", "measured"] == "+6.1 %"
    )
    assert t.loc["B4", "robustness"] == "robust: 80% of 10 grid cells agree"
    assert t.loc["E1", "measured"] == "—" and t.loc["E1", "proxy"].startswith("S&P 600: +7.9 %")


def test_synthesis_answers_in_findings_not_counts_alone(results_tmp):
    _record_all("not supported")
    rt.claims.record(
        decision_for("B2", "supported"), 4.5, "r", headline="Equal weight beat cap weight; more."
    )
    first = rt.articles.articles().index[0]
    card = rt.scorecard.gather(article=first)
    s = rt.scorecard.synthesis(card, monitor=False)
    n = len(rt.registry.claim_ids(first))
    cannot = int((card["test"] == "needs_data").sum())
    assert s[0] == (
        f"Of the article's {n} claims, 1 held up, 0 held only in part, {n - 1 - cannot} did not hold and "
        f"{cannot} cannot be decided with the public data used here."
    )
    assert s[1] == "What held: Equal weight beat cap weight (B2)."
    assert s[2].startswith("What did not hold: ")
    assert len(rt.scorecard.synthesis(card)) == len(s) + 1  # the monitor's sentence


def test_followup_comes_from_the_results_alone(results_tmp, monkeypatch):
    _record_all()
    rows = [
        {
            "measure": "RSP − SPY since 2025-11-03, pp",
            "at the article": 4.5177,
            "latest": 5.2,
            "latest date": "2026-07-01",
        }
    ]
    rt.claims.record(
        decision_for("B2", "supported"),
        4.5,
        "r",
        window=["2025-11-03", "2026-01-30"],
        details={
            "followup": rows,
            "month_ends_pp": {
                "2025-11-28": {"RSP − SPY": 1.0, "IWM − SPY": 2.0},
                "2025-12-31": {"RSP − SPY": 3.0, "IWM − SPY": 1.5},
            },
        },
    )
    monkeypatch.setattr(rt.data, "closes", lambda *a, **k: pytest.fail("the scorecard must not read prices"))
    card = rt.scorecard.gather()
    f = rt.scorecard.followup(card)
    assert list(f.index) == ["B2"] and f.iloc[0]["at the article"] == 4.5 and f.iloc[0]["latest"] == 5.2
    m = rt.scorecard.month_end_spreads(card)
    assert m.loc["2025-12-31", "RSP − SPY"] == 3.0 and len(m) == 2


def test_followup_without_recorded_values_is_an_error(results_tmp):
    _record_all()
    with pytest.raises(rt.errors.StaleResultError, match="follow-up"):
        rt.scorecard.followup(rt.scorecard.gather())


def test_a_turn_read_on_several_lines_gaps_by_the_line_farthest_from_the_stated_date():
    assert rt.scorecard._dates("Mag 7/RSP 2025-11-03; XLK/RSP 2025-10-29") == ["2025-11-03", "2025-10-29"]
    with pytest.raises(ValueError, match="no date"):
        rt.scorecard._dates("partly")


def test_article_window_sentence_reads_the_recorded_search(results_tmp):
    _record_all()
    search = {
        "by_basis": {
            "fund": {
                "windows": 9,
                "reproducing": 0,
                "best start": "2025-11-03",
                "best end": "2026-01-30",
                "best reproduces": False,
                "best miss, pp": 0.25,
            },
            "index": {
                "windows": 9,
                "reproducing": 2,
                "best start": "2025-11-04",
                "best end": "2026-01-29",
                "best reproduces": True,
                "best miss, pp": 0.0,
            },
        },
        "verdicts": {
            "registry window": {"B2": "supported", "B4": "not supported"},
            "2025-11-03 → 2026-01-30, fund": {"B2": "supported", "B4": "partly supported"},
            "2025-11-04 → 2026-01-29, index": {"B2": "partly supported", "B4": "supported"},
        },
    }
    rt.claims.record(decision_for("B2", "supported"), 4.5, "r", details={"article_window": search})
    card = rt.scorecard.gather()
    t = rt.scorecard.article_window(card)
    assert list(t["reproducing"]) == [0, 2] and t.loc["index", "B4"] == "supported"
    s = rt.scorecard.article_window_text(card)
    assert (
        "on the fund basis, none of 9 windows reproduces them all (nearest miss 2025-11-03 → 2026-01-30, "
        in s
    )
    assert "0.25 pp outside a band: B2 supported, B4 partly supported there)" in s
    assert "on the index basis, 2 of 9 windows reproduce them all" in s
    assert s.endswith("On the registry's window: B2 supported, B4 not supported.")
    assert s in rt.scorecard.synthesis(card, monitor=False)


def test_no_article_window_sentence_without_a_search(results_tmp):
    _record_all()
    card = rt.scorecard.gather()
    assert rt.scorecard.article_window(card) is None and rt.scorecard.article_window_text(card) is None
