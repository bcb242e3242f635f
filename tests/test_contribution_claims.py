"""B1 and B3 on contributions: the records from hand-made measurements, and the measures on the
snapshot against the committed results."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import rotation as rt
from rotation.analysis.measures import Measurement

from .conftest import decision_for

CC = rt.contribution_claims
ROB = {"label": "robust", "n": 1, "shares": {"not supported": 1.0}, "grid": "g"}
SECTORS = ["Communication Services", "Health Care", "Industrials", "Materials", "Information Technology"]


def _b3_measurement() -> Measurement:
    table = pd.DataFrame(
        {
            "contribution_pp": [1.4, 0.7, 0.6, 0.3, -2.1],
            "low_pp": [1.3, 0.6, 0.4, 0.3, -4.0],
            "high_pp": [1.5, 0.8, 0.8, 0.3, -2.1],
            "ew_contribution_pp": [0.0, 0.9, 1.3, 1.0, -0.2],
        },
        index=SECTORS,
    )
    return Measurement(
        "sectors_in_top_contributors",
        1,
        "of 3 in the top 4",
        ("Materials", "Health Care", "Consumer Discretionary"),
        ("2025-11-03", "2026-01-30"),
        "total",
        low=1.0,
        high=1.0,
        coverage=0.9,
        details={"table": table, "top": SECTORS[:4], "ew_top": SECTORS[1:5], "ew_count": 2},
    )


def test_b3_result_names_the_contributors_and_both_second_readings():
    ranks = pd.DataFrame(
        {"total return, %": [9.0, 8.0, 7.0, 6.0, 1.0], "rank": [1, 2, 3, 4, 5]},
        index=["XLB", "XLE", "XLV", "XLI", "XLK"],
    )
    etf = pd.DataFrame(1.0, index=pd.bdate_range("2025-11-03", "2026-02-27"), columns=ranks.index)
    out = CC.b3_result(decision_for("B3", "not supported"), _b3_measurement(), ranks, etf, ROB)
    assert out["measured"] == 1 and out["window"] == ["2025-11-03", "2026-01-30"]
    assert "1 of the three sectors" in out["headline"] and " was among the 4 largest" in out["headline"]
    second = out["details"]["second_readings"]
    assert second["sector SPDR total returns"] == {
        "count": 2,
        "top": ["XLB", "XLE", "XLV", "XLI"],
        "verdict": "partly supported",
    }
    assert second["equal-weighted contributions"]["verdict"] == "partly supported"
    assert out["details"]["bounds_pp"]["Information Technology"] == [-4.0, -2.1]
    assert "-2.10 pp" in out["reason"] and "cannot change it" in out["reason"]


def test_b1_result_records_the_share_its_bounds_and_the_year():
    table = pd.DataFrame({"weight_pct": [35.0, 65.0]}, index=["Mag 7", "other"])
    m = Measurement(
        "group_share_of_gain",
        44.4,
        "percent of the gain",
        ("AAPL",),
        ("2024-12-31", "2025-11-28"),
        "total",
        low=34.0,
        high=48.2,
        coverage=0.88,
        details={"table": table, "left_out": {"PLTR": "volume", "DAY": "typical", "IPG": "typical"}},
    )
    year = Measurement("group_share_of_gain", 45.0, "percent of the gain", ("AAPL",), None, "total")
    recon = pd.Series([18.2, 17.6, 16.0, 0.6])
    d = rt.rules.bounded("B1", m.low, m.high)
    out = CC.b1_result(d, m, year, pd.Series([44.0, 47.9]), ROB, recon, "2026-08-14")
    assert d.verdict == "not supported" and out["measured"] == 44.4
    assert "about 44 %" in out["headline"] and "34–48 %" in out["headline"]
    assert (
        out["reason"].startswith("Mag 7 share 44.4 % on the 88 % of members")
        and "44.0 to 47.9 %" in out["reason"]
    )
    assert out["details"]["left_out"] == {"typical": ["DAY", "IPG"], "volume": ["PLTR"]}
    assert out["details"]["share_full_year_pct"] == 45.0 and out["details"]["gap_to_spy_pp"] == 0.6


def test_bounds_across_the_partly_line_leave_b1_undecidable():
    assert rt.rules.bounded("B1", 45.0, 55.0).verdict == rt.registry.UNDECIDABLE
    assert rt.rules.bounded("B3", 1.0, 2.0).verdict == rt.registry.UNDECIDABLE
    assert rt.rules.bounded("B3", 2.0, 2.0).verdict == "partly supported"


@pytest.fixture(scope="module")
def members() -> CC.Members:
    long = rt.data.prices(None, "2024-06-01", panel="sp500", fields=("close", "volume"))
    return CC.load_members(long, "2025-10-30", "2026-02-11")


def test_snapshot_contributions_reproduce_the_committed_b1_and_b3(snapshot, members):
    """The registry windows on the snapshot give the committed values; the bounds contain them."""
    root = rt.config.repo_root() / "results"
    b1, b3 = (json.loads((root / f"{c}.json").read_text()) for c in ("B1", "B3"))
    m3 = CC.b3_measure(members, *rt.registry.window("B3"))
    assert m3.value == b3["measured"] and m3.details["top"] == b3["details"]["top_contributors"]
    assert m3.low <= m3.value <= m3.high
    assert set(CC.named_sectors()) == {"Materials", "Health Care", "Consumer Discretionary"}
    m1 = CC.b1_measure(members, *rt.registry.window("B1"))
    assert m1.value == pytest.approx(b1["measured"], abs=1e-3)
    assert m1.low < m1.value < m1.high and [m1.low, m1.high] == pytest.approx(
        b1["details"]["bounds_pct"], abs=1e-3
    )
    assert {"CTRA", "HOLX"} <= set(members.closes.columns) and members.left_out["no_price"] == [
        "DAY",
        "IPG",
        "K",
    ]
    assert members.missing.loc["K", "source"] == "its reported cap"
