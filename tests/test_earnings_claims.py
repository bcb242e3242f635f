"""rotation.verdicts.earnings_claims: E1 and E2 concluded through rotation.verdicts.conclude from named measures, the
stated figures and the data-as-of date read from the registry, the recorded verdicts replayable."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import rotation as rt

EC = rt.earnings_claims


def growth_table(sp600: float) -> pd.DataFrame:
    """S&P 500/400/600 growth in two vintages; the S&P 600's latest 2025 estimate is ``sp600``."""
    idx = pd.MultiIndex.from_product(
        [["S&P 400", "S&P 500", "S&P 600"], pd.to_datetime(["2025-12-15", "2026-01-29"])],
        names=["index", "vintage_date"],
    )
    return pd.DataFrame({2025: [10.0, 9.9, 13.0, 13.7, 14.0, sp600], 2026: [15.0] * 6}, index=idx)


def _replays(results, cid):
    rec = json.loads((results / f"{cid}.json").read_text())
    return rt.rules.replay(cid, rec["decision"]["kind"], rec["decision"]["inputs"]).verdict == rec["verdict"]


def test_as_of_and_stated_figures_come_from_the_registry():
    assert (
        EC.as_of("E1")
        == rt.registry.window_end("E1")
        == str(pd.Timestamp(rt.registry.claim("E1")["window_end"]).date())
    )
    assert EC.as_of("E1", "2025-12-31") == "2025-12-31"  # an adapted run moves it
    small, large = EC.stated("E1")
    assert small == rt.articles.figure("E1", "small_cap_growth").number
    assert large == rt.articles.figure("E1", "large_cap_growth").number


def test_e1_is_undecidable_with_the_proxys_verdict_beside_it(results_tmp):
    small, _ = EC.stated("E1")
    c = EC.conclude_e1("E1", growth_table(small + 0.2), 2025, "2026-01-30")  # the proxy within 1 pp
    assert c.verdict == rt.registry.UNDECIDABLE
    assert c.decision.proxy["verdict"] == rt.registry.SUPPORTED and c.decision.proxy[
        "value"
    ] == pytest.approx(small + 0.2)
    assert c.measurement.measure == "eps_growth" and c.measurement.window == ("2026-01-29", "2026-01-30")
    r = c.result
    assert r.measured is None and r.details["vintage"] == "2026-01-29" and r.details["sp500_pct"] == 13.7
    assert r.robustness["n"] == 4 and "2 S&P DJI issues 2025-12-15 … 2026-01-29" in r.robustness["grid"]
    assert "S&P 400" in r.reason and _replays(results_tmp, "E1")


def test_e1_grid_table_shows_each_proxy_by_issue():
    small, _ = EC.stated("E1")
    g = growth_table(small - 5)
    t = EC.e1_grid_table("E1", EC.e1_grid(g, 2025, "2026-01-30"))
    assert list(t.index) == ["2025-12-15", "2026-01-29"]
    assert list(t.columns) == [
        "S&P 400: growth, %",
        "S&P 400: proxy verdict",
        "S&P 600: growth, %",
        "S&P 600: proxy verdict",
    ]
    assert t.loc["2026-01-29", "S&P 600: proxy verdict"] == rt.registry.NOT


def test_e2_grid_and_conclusion_follow_the_checks(results_tmp):
    e2 = {
        "checks": {"sector estimates": False, "published Mag 7": True},
        "text": "the gap",
        "measured": 1.5,
        "details": {"sector_gap_pp": {2025: 10.0, 2026: 11.5}},
    }
    narrowing = pd.Series([True, False], index=pd.to_datetime(["2025-12-15", "2026-01-29"]))
    grid = EC.e2_grid("E2", e2, narrowing, "2026-01-30")
    assert list(grid["verdict"]) == [rt.registry.SUPPORTED, rt.registry.PARTLY]
    mag7 = pd.DataFrame({"gap_pp": [20.0, 10.0], "available": [True, True]}, index=["CY2025", "CY2026"])
    args = {
        "sector": "Information Technology",
        "vintage": "2026-01-29",
        "when": "2026-01-30",
        "years": (2025, 2026),
    }
    c = EC.conclude_e2("E2", e2, grid, mag7, **args)
    assert c.verdict == rt.registry.PARTLY and c.result.measured == 1.5
    assert c.result.headline.startswith("Half of it holds") and "20.0 → 10.0 pp" in c.result.headline
    assert c.robustness["shares"] == {rt.registry.SUPPORTED: 0.5, rt.registry.PARTLY: 0.5}
    assert _replays(results_tmp, "E2")
