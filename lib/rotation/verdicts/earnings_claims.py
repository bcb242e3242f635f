"""The small-cap earnings claims (E1, E2) concluded from S&P DJI's estimate vintages: the grids of
cells, the tables the notebook shows and the recorded results, through
:func:`rotation.verdicts.conclude.from_measurement`.

E1 is measured by :func:`rotation.analysis.measures.eps_growth` (the estimate of one index in the last
vintage on or before the claim's date); the Russell 2000 is not in the data, so the S&P 600 is its
proxy and the verdict is undecidable with the proxy's beside it. E2 is two checks (the sector
estimates and the published Magnificent-7 figures, :func:`rotation.analysis.earnings.e2_checks`). The
stated figures come from ``data/claim_figures.csv``, the tolerances from the registry. Growth is
in percent, gaps in percentage points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import text
from ..analysis import measures
from ..analysis.measures import Measurement
from . import rules
from .articles import figure
from .conclude import Conclusion, decide_measured, from_measurement
from .registry import NOT, PARTLY, SUPPORTED, UNDECIDABLE, claim, window_end

#: E1's proxy of the Russell 2000, its second proxy and the large-cap index it is compared with
PROXY, SECOND, LARGE = "S&P 600", "S&P 400", "S&P 500"
#: words for a headline, by the verdict on a figure
NEAR = {SUPPORTED: "close to", PARTLY: "near", NOT: "far from"}
#: the first words of a headline, by verdict
LEAD = {
    SUPPORTED: "It holds",
    PARTLY: "Half of it holds",
    NOT: "It does not hold",
    UNDECIDABLE: "The data cannot decide it",
}
NARROWS = {True: "narrows", False: "does not narrow"}


def as_of(claim_id: str, when: str | None = None) -> str:
    """The claim's data-as-of date: the registry's window end, or ``when`` in an adapted run."""
    return window_end(claim_id, when)


def stated(claim_id: str) -> tuple[float, float]:
    """E1's stated small-cap and large-cap growth, percent (``data/claim_figures.csv``)."""
    return figure(claim_id, "small_cap_growth").number, figure(claim_id, "large_cap_growth").number


# --------------------------------------------------------------------------------------------
# E1
# --------------------------------------------------------------------------------------------
def e1_grid(
    growth: pd.DataFrame, year: int, when, indexes: Sequence[str] = (PROXY, SECOND)
) -> list[Measurement]:
    """E1's robustness cells: each proxy index's ``year`` growth in every vintage up to ``when``."""
    return [
        measures.eps_growth(growth, ix, year, v) for v in measures.vintages(growth, when) for ix in indexes
    ]


def e1_grid_table(claim_id: str, cells: Sequence[Measurement]) -> pd.DataFrame:
    """The grid as shown: one row per issue, each proxy index's growth (%) and proxy verdict."""
    verdicts = rules.grid(claim_id, [{"measured": c.value} for c in cells])
    rows = [
        {
            "issue": c.details["vintage"],
            "index": c.series[0],
            "growth, %": round(c.value, 2),
            "proxy verdict": v,
        }
        for c, v in zip(cells, verdicts, strict=True)
    ]
    t = pd.DataFrame(rows).pivot(index="issue", columns="index", values=["growth, %", "proxy verdict"])
    t = t.swaplevel(axis=1).sort_index(axis=1)
    t.columns = [f"{ix}: {c}" for ix, c in t.columns]
    return t


def _grid_words(cells: Sequence[Measurement]) -> str:
    issues = sorted({c.details["vintage"] for c in cells})
    names = " and ".join(dict.fromkeys(c.series[0] for c in cells))
    return (
        f"proxy verdicts (E1 itself is undecidable in every cell): {names} for the Russell 2000 × "
        f"{len(issues)} S&P DJI issues {issues[0]} … {issues[-1]}"
    )


def _e1_texts(claim_id: str, m: Measurement, d: rules.Decision) -> dict[str, Any]:
    """E1's reason, headline, measured text and details: the proxy's verdict and the S&P 500 half."""
    g = m.details["by_index"]
    small, large = stated(claim_id)
    row = claim(claim_id)
    tol, ptol = float(row["tolerance"]), float(row["partial_tolerance"])
    sp500_v = rules.approx(g[LARGE], large, tol, ptol)
    reason = (
        f"No Russell 2000 earnings estimate is in the data, so its {small:g} % cannot be checked: {d.reason}. "
        f"The S&P 400, a second proxy, stands at {g[SECOND]:.2f} %. The S&P 500 half can be checked: "
        f"{g[LARGE]:.2f} % vs {large:g} % (gap {g[LARGE] - large:+.2f} pp): {sp500_v} "
        f"(within {tol:g} pp / {ptol:g} pp)."
    )
    assert d.proxy is not None, "E1 is decided on a proxy: its decision carries the proxy's verdict"
    headline = (
        f"Only a proxy is in the data: the S&P 600 small caps were expected to grow {m.details['year']} "
        f"earnings {g[PROXY]:.1f} %, {NEAR[d.proxy['verdict']]} the {small:g} % stated for the Russell 2000, "
        f"a different index; the S&P 500's {g[LARGE]:.1f} % is {NEAR[sp500_v]} the stated {large:g} %."
    )
    details = {
        "vintage": m.details["vintage"],
        "sp500_pct": g[LARGE],
        "sp400_pct": g[SECOND],
        "sp600_pct": g[PROXY],
        "sp500_vs_stated": sp500_v,
    }
    measured_text = f"no Russell 2000 estimate; S&P 500 {g[LARGE]:.2f} % (stated {large:g} %)"
    return {"reason": reason, "headline": headline, "details": details, "measured_text": measured_text}


def conclude_e1(claim_id: str, growth: pd.DataFrame, year: int, when) -> Conclusion:
    """Conclude E1: the S&P 600's estimated ``year`` growth in the last issue on or before ``when``
    as a proxy of the Russell 2000 (undecidable, with the proxy's verdict), the S&P 500's half
    checked in the reason, the proxies in every issue up to ``when`` as the grid."""
    m = measures.eps_growth(growth, PROXY, year, when)
    label = f"{PROXY} for the Russell 2000, S&P DJI issue of {m.details['vintage']}"
    d = decide_measured(claim_id, m, proxy=label)
    cells = e1_grid(growth, year, when)
    return from_measurement(
        claim_id,
        m,
        proxy=label,
        grid=cells,
        grid_spec=_grid_words(cells),
        measured=None,
        data_end=m.details["vintage"],
        **_e1_texts(claim_id, m, d),
    )


# --------------------------------------------------------------------------------------------
# E2
# --------------------------------------------------------------------------------------------
def e2_measurement(e2: Mapping[str, Any], sector: str, vintage, when) -> Measurement:
    """E2's two checks (:func:`rotation.analysis.earnings.e2_checks`) as a measurement of the issue ``vintage``."""
    return Measurement(
        "eps_growth_gap",
        dict(e2["checks"]),
        "checks",
        (sector, "rest"),
        (text.day(vintage), text.day(when)),
        "estimates",
        details=dict(e2["details"]),
    )


def e2_grid(claim_id: str, e2: Mapping[str, Any], narrowing: pd.Series, when) -> pd.DataFrame:
    """The sector check in every issue up to ``when`` (``narrowing``: issue -> the sector gap
    narrows), the published check held; one row per issue with the rule's verdict."""
    t = narrowing.loc[: pd.Timestamp(when)].rename("sector gap narrows").to_frame()
    cells = [{"results": {**e2["checks"], "sector estimates": bool(n)}} for n in t["sector gap narrows"]]
    t["verdict"] = rules.grid(claim_id, cells)
    return t


def _e2_headline(d: rules.Decision, e2: Mapping[str, Any], mag7: pd.DataFrame, years: tuple[int, int]) -> str:
    gaps, (y, n) = e2["details"]["sector_gap_pp"], years
    published = e2["checks"]["published Mag 7"]
    mag = (
        "is not in the data for both years"
        if published is None
        else f"{NARROWS[published]} ({mag7.loc[f'CY{y}', 'gap_pp']:.1f} → {mag7.loc[f'CY{n}', 'gap_pp']:.1f} pp)"
    )
    return (
        f"{LEAD[d.verdict]}: the published Magnificent-7 growth lead over the other 493 companies {mag}; "
        f"in S&P's sector estimates the tech sector's lead {NARROWS[e2['checks']['sector estimates']]} "
        f"({gaps[y]:.1f} → {gaps[n]:.1f} pp)."
    )


def conclude_e2(
    claim_id: str,
    e2: Mapping[str, Any],
    grid: pd.DataFrame,
    mag7: pd.DataFrame,
    *,
    sector: str,
    vintage,
    when,
    years: tuple[int, int],
) -> Conclusion:
    """Conclude E2 from its checks in the issue ``vintage`` (``e2``), with ``grid`` (:func:`e2_grid`)
    as robustness and the published Mag 7 gaps ``mag7`` (:func:`rotation.analysis.earnings.published_gap`)."""
    m = e2_measurement(e2, sector, vintage, when)
    d = decide_measured(claim_id, m)
    issues = grid.index
    gaps = e2["details"]["sector_gap_pp"]
    cells = [
        Measurement(
            "eps_growth_gap",
            {**e2["checks"], "sector estimates": bool(x)},
            "checks",
            m.series,
            m.window,
            m.basis,
        )
        for x in grid["sector gap narrows"]
    ]
    spec = (
        f"{len(grid)} S&P DJI issues {text.day(issues.min())} … {text.day(issues.max())} for the sector check; "
        "published Mag 7 figures fixed"
    )
    return from_measurement(
        claim_id,
        m,
        grid=cells,
        grid_spec=spec,
        measured=e2["measured"],
        reason=f"{e2['text']}: {d.reason}.",
        data_end=vintage,
        details=dict(e2["details"]),
        headline=_e2_headline(d, e2, mag7, years),
        measured_text=f"tech-sector gap {gaps[years[0]]:.1f} → {gaps[years[1]]:.1f} pp ({e2['measured']:+.2f} pp); "
        f"{sum(bool(c) for c in e2['checks'].values())} of {len(e2['checks'])} checks narrow",
    )
