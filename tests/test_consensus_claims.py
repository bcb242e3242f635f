"""rotation.verdicts.consensus_claims: the C1–C3 grids follow the registry's cuts, and the recorded verdicts
replay from their inputs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import rotation as rt

CC = rt.consensus_claims
SECTORS = list("ABCDEFGHIJK")  # eleven, like the sector SPDRs


def _replays(results, cid):
    rec = json.loads((results / f"{cid}.json").read_text())
    return rt.rules.replay(cid, rec["decision"]["kind"], rec["decision"]["inputs"]).verdict == rec["verdict"]


def test_cuts_come_from_the_registry():
    assert CC.top_k("C1") == int(rt.registry.claim("C1")["top_k"])
    assert CC.lookback_months("C2") == int(rt.registry.claim("C2")["lookback_months"])


def test_variant_grid_ranks_the_named_sectors_and_applies_the_rule():
    k = CC.top_k("C1")
    both = pd.Series(np.arange(11, 0, -1.0), index=SECTORS)  # A best, B second
    one = both.copy()
    one["B"] = -5.0  # B last
    grid = CC.variant_grid("C1", pd.DataFrame([both, one], index=["r1", "r2"]), ["A", "B"])
    assert grid["rank: B"].tolist() == [2, 11] and k < 11
    assert grid["verdict"].tolist() == [rt.registry.SUPPORTED, rt.registry.PARTLY]


def test_conclude_favourites_records_ranks_and_replays(results_tmp):
    score = pd.Series(np.linspace(1, -1, 11), index=SECTORS)
    head = pd.DataFrame({"score": score, "rank": score.rank(ascending=False, method="min").astype(int)})
    head["n_firms"] = 5
    views = pd.DataFrame({"firm": ["x", "y"], "date": pd.to_datetime(["2025-12-01", "2026-01-10"])})
    grid = pd.DataFrame({"verdict": [rt.registry.SUPPORTED] * 4})
    v = CC.conclude_favourites(
        "C1",
        {"all sources": head, "primary only": head},
        {"all sources": views},
        grid,
        ["A", "B"],
        report_date="2026-01-26",
    )
    assert v.verdict == rt.registry.SUPPORTED and v.measured == "A 1, B 2 (of 11)"
    assert v.window == ["2025-12-01", "2026-01-26"] and v.robustness["grid"].startswith("4 readings")
    assert _replays(results_tmp, "C1")


@pytest.fixture
def closes() -> pd.DataFrame:
    """Eleven funds: A and B fall, the rest rise at different speeds (fractions per day)."""
    days = pd.bdate_range("2025-06-02", "2026-03-31")
    drift = pd.Series(np.linspace(-0.002, 0.002, 11), index=SECTORS)
    drift[["A", "B"]] = [-0.003, -0.0025]
    return pd.DataFrame(np.exp(np.outer(np.arange(len(days)), drift)), index=days, columns=SECTORS)


def test_lookback_grid_and_laggards_follow_the_lookbacks(closes, results_tmp):
    m = CC.lookback_months("C2")
    trail = rt.consensus.trailing_returns(closes, "2026-01-26", sorted({1, 6, m}))
    worst = CC.worst_by_window("C2", trail, ["A", "B"], [1, m])
    assert worst[m] == {"A": True, "B": True}
    grid = CC.lookback_grid("C2", trail, ["A", "B"], [1, 6])
    assert list(grid.index) == ["1 months", "6 months"] and (grid["rank: A"] == 1 + 10).all()
    v = CC.conclude_laggards(
        "C2", trail, closes, grid, ["A", "B"], report_date="2026-01-26", window_start="2025-10-24"
    )
    assert v.verdict == rt.registry.SUPPORTED and v.details["followup"][0]["latest date"] == "2026-03-31"
    assert v.robustness["grid"] == "lookbacks of 1, 6 calendar months to 2026-01-26"
    assert _replays(results_tmp, "C2")


def _cell(rho: float, p: float, end: str) -> rt.measures.Measurement:
    details = {"p_value": p, "method": "exact", "n": 11}
    return rt.measures.Measurement(
        "rank_corr", rho, "rho", tuple(SECTORS), ("2026-02-02", end), "total", details=details
    )


def test_contrarian_cells_text_and_verdict(results_tmp):
    cells = [_cell(0.2, 0.7, "2026-02-27"), _cell(-0.5, 0.04, "2026-03-31")]
    text = CC.grid_text(cells)
    assert text.loc["2026-02-02", "2026-03-31"] == "-0.50 (0.04)"
    verdicts = CC.grid_verdicts("C3", cells)
    assert list(verdicts) == [rt.registry.NOT, rt.registry.SUPPORTED]  # p 0.04 < alpha 0.1, negative
    later = pd.Series(0.01, index=SECTORS)
    m = _cell(0.2, 0.7, "2026-03-31")
    c = CC.conclude_contrarian(
        "C3", m, m, later, later, cells, report_date="2026-01-26", starts=["2026-02-02"]
    )
    v = c.result
    assert v.verdict == rt.registry.NOT and "did better than those they shunned" in v.headline
    assert v.headline.endswith("a pattern chance easily gives).") and _replays(results_tmp, "C3")
    assert v.window == ["2026-02-02", "2026-03-31"] and c.robustness["n"] == 2
