from __future__ import annotations

import pytest

import rotation as rt
from rotation.errors import StaleResultError


def _record_all(verdict: str = "supported") -> None:
    for cid in rt.claims.registry().index:
        rt.claims.record(cid, verdict, 1.5, f"reason {cid}")


def test_scorecard_refuses_a_missing_result(results_tmp):
    rt.claims.record("B2", "supported", 4.5, "r")
    with pytest.raises(StaleResultError, match="B1"):
        rt.scorecard.gather()


def test_scorecard_rows_follow_the_registry_and_link_to_sections(results_tmp):
    _record_all()
    card = rt.scorecard.gather()
    assert list(card.index) == list(rt.claims.registry().index)
    assert card.loc["F3", "link"] == "[03_sector_flows § F3](03_sector_flows.ipynb#F3)"


def test_counts_cover_all_four_verdicts_and_sum_to_the_claims(results_tmp):
    _record_all()
    rt.claims.record("C3", "undecidable with this data", None, "no data")
    c = rt.scorecard.counts(rt.scorecard.gather())
    assert list(c.columns) == list(rt.claims.VERDICTS)
    assert c.loc["all"].sum() == 17 and c.loc["all", "undecidable with this data"] == 1


def test_numeric_keeps_only_claims_with_two_numbers(results_tmp):
    _record_all()
    rt.claims.record("B5", "supported", "2025-10-30", "date")
    num = rt.scorecard.numeric(rt.scorecard.gather())
    assert "B5" not in num.index  # a date is not plotted against a number
    assert "B6" not in num.index  # qualitative: stated is text
    assert "B2" in num.index and num.loc["B2", "stated"] == 4.4


def test_followup_measures_agree_with_direct_returns(results_tmp, snapshot):
    _record_all()
    rt.claims.record("B2", "supported", 4.5, "r", window=["2025-11-03", "2026-01-30"])
    rt.claims.record("C2", "supported", 1.0, "r", window=["2025-10-24", "2026-01-26"])
    f = rt.scorecard.followup(rt.scorecard.gather())
    px = rt.data.closes(["RSP", "SPY"], "2025-10-01", "2026-02-15")
    r = rt.returns.total_return(px, "2025-11-03", "2026-01-30") * 100
    assert f.iloc[0, 1] == pytest.approx(round(r["RSP"] - r["SPY"], 1))
    assert f.columns[-1] == "on 2026-07-01"  # the ETF panel's last day
    ranks = f.loc["C2"].iloc[:, 1:].to_numpy().ravel()
    assert all(1 <= int(x) <= 11 for x in ranks)
