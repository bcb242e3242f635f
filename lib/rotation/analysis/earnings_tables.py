"""The display tables of the small-cap earnings notebook (claims E1-E2), assembled from the analysis
of :mod:`rotation.analysis.earnings`: every estimate that could match a stated figure and the closest ones,
published figures with their citations, re-weighted growth beside the index's own, the bottom-up
leads of company groups, and where the workbooks come from.

These functions choose, combine and label; the growth rates, gaps and weights they show are
computed by :mod:`rotation.analysis.earnings`, and the checks a verdict rests on are
:func:`rotation.analysis.earnings.e2_checks`. Units as there: growth in **percent**, gaps and leads in
**percentage points** (``pp``), cap shares in percent of the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import DataValidationError
from .earnings import cite, group_growth, index_growth, reweighted_growth


# --------------------------------------------------------------------------------------------
# E1: the estimates that could match the stated figures
# --------------------------------------------------------------------------------------------
def candidates(growth: pd.DataFrame, definitions: pd.DataFrame, year: int, as_of) -> pd.DataFrame:
    """Every (index, vintage, definition) estimate of ``year``'s growth up to ``as_of`` (percent):
    operating bottom-up for each index, as-reported bottom-up for the S&P 500."""
    op = growth[year].rename("growth_pct").reset_index().assign(definition="operating, bottom-up")
    rep = (
        definitions["as reported (bottom-up)"]
        .rename("growth_pct")
        .reset_index()
        .assign(index="S&P 500", definition="as reported, bottom-up")
    )
    c = pd.concat([op, rep], ignore_index=True)
    c = c[c["vintage_date"] <= pd.Timestamp(as_of)]
    c["vintage_date"] = c["vintage_date"].dt.strftime("%Y-%m-%d")
    return c[["index", "vintage_date", "definition", "growth_pct"]]


def stack_closest(closest: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The :func:`rotation.analysis.earnings.nearest` tables of several stated figures, one block per figure."""
    out = pd.concat({k: v.reset_index(drop=True) for k, v in closest.items()}, names=["stated", "rank"])
    out.index = [f"{k} (#{r + 1})" for k, r in out.index]
    out.index.name = "stated figure"
    return out


# --------------------------------------------------------------------------------------------
# published figures
# --------------------------------------------------------------------------------------------
def published_table(published: pd.DataFrame, period: str) -> pd.DataFrame:
    """Single-percentage growth figures for ``period`` with their citation (Markdown)."""
    p = published[published["single_pct"] & (published["period"] == period)]
    out = pd.DataFrame(
        {
            "index": p["index"],
            "metric": p["metric"],
            "growth, %": p["value_pct"],
            "source": [cite(r) for _, r in p.iterrows()],
        }
    )
    return out.set_index("index")


def published_points(gaps: pd.DataFrame) -> pd.DataFrame:
    """Available published gaps with their publication date (for :func:`rotation.plots.eps_gap`).

    A date given as an ISO day is used as is; one given approximately ("2026-01 (week before
    2026-01-26 ...)") is placed at the latest ISO day its text names, with ``date_approx`` True."""
    g = gaps[gaps["available"]].copy()
    text = g["date"].astype(str)
    exact = pd.to_datetime(text.str[:10], errors="coerce", format="%Y-%m-%d")
    named = text.str.findall(r"\d{4}-\d{2}-\d{2}").map(lambda ds: max(ds) if ds else None)
    g["date_approx"] = exact.isna() & named.notna()
    g["date"] = exact.fillna(pd.to_datetime(named, errors="coerce", format="%Y-%m-%d"))
    return g.dropna(subset=["date"])


def published_after(published: pd.DataFrame, as_of) -> pd.DataFrame:
    """Published figures dated after ``as_of`` (dates as published; approximate dates excluded)."""
    d = pd.to_datetime(published["date_published"].astype(str).str[:10], errors="coerce", format="%Y-%m-%d")
    p = published[d > pd.Timestamp(as_of)]
    if p.empty:
        raise DataValidationError(f"no published EPS figure dated after {pd.Timestamp(as_of).date()}")
    return pd.DataFrame(
        {
            "index": p["index"],
            "metric": p["metric"],
            "value": p["value"],
            "period": p["period"],
            "source": [cite(r) for _, r in p.iterrows()],
        }
    ).set_index("index")


# --------------------------------------------------------------------------------------------
# re-weighting and the bottom-up leads
# --------------------------------------------------------------------------------------------
def reweight_table(
    annual: pd.DataFrame, vintage, spec: dict[str, tuple[str, pd.Series]], years: Sequence[int]
) -> pd.DataFrame:
    """:func:`rotation.analysis.earnings.reweighted_growth` for several (index, weights) pairs, with the
    index's own growth and ``error_pp`` = re-weighted minus own for the first year (pp);
    ``dropped`` sectors listed."""
    own = index_growth(annual[annual["vintage_date"] == pd.Timestamp(vintage)], list(years))
    rows: dict[str, dict[Any, Any]] = {}
    for label, (index, w) in spec.items():
        g = reweighted_growth(annual, index, w, years, vintage=vintage)
        own_i = own.xs(index, level="index").iloc[0]
        rows[label] = {
            **{y: g[y] for y in years},
            **{f"own {y}": own_i[y] for y in years},
            "error_pp": g[years[0]] - own_i[years[0]],
            "dropped": ", ".join(g.attrs["dropped"]) or "-",
        }
    out = pd.DataFrame(rows).T
    return out.astype({c: float for c in out.columns if c != "dropped"})


def lead_table(companies: pd.DataFrame, groups: dict[str, pd.Series]) -> pd.DataFrame:
    """Bottom-up lead of each group over the rest of the companies (percent and pp).

    For each ``label -> boolean mask``: median company growth forward-vs-trailing and latest
    quarter y/y, for the group and the rest, the two leads (group minus rest, pp) and whether the
    forward lead is smaller than the recent one (``narrows``); the aggregate forward growth
    (:func:`rotation.analysis.earnings.group_growth`) for reference.
    """
    rows = {}
    for label, mask in groups.items():
        g = group_growth(companies, mask.map({True: "group", False: "rest"}))
        rows[label] = {
            "recent y/y, group (median)": g.loc["group", "median_recent_yoy_pct"],
            "recent y/y, rest (median)": g.loc["rest", "median_recent_yoy_pct"],
            "forward, group (median)": g.loc["group", "median_forward_pct"],
            "forward, rest (median)": g.loc["rest", "median_forward_pct"],
            "recent lead, pp": g.loc["group", "median_recent_yoy_pct"]
            - g.loc["rest", "median_recent_yoy_pct"],
            "forward lead, pp": g.loc["group", "median_forward_pct"] - g.loc["rest", "median_forward_pct"],
            "forward aggregate, group": g.loc["group", "forward_vs_trailing_pct"],
            "forward aggregate, rest": g.loc["rest", "forward_vs_trailing_pct"],
            "companies": int(g.loc["group", "n"]),
            "cap share, %": g.loc["group", "cap_share_pct"],
        }
    out = pd.DataFrame(rows).T
    out["narrows"] = out["forward lead, pp"] < out["recent lead, pp"]
    return out


# --------------------------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------------------------
def sources_table(files: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Where every workbook copy comes from (GitHub links) and S&P DJI's original URL."""
    rows = [
        {
            "what": f"S&P DJI workbook, data as of {r.vintage_date.date()}",
            "where": f"<https://github.com/{r.repo}/blob/{r.commit}/{r.path.replace(' ', '%20')}>",
        }
        for r in files.itertuples()
    ]
    orig = published.loc[published["publisher"].str.startswith("S&P Dow Jones"), "url"].drop_duplicates()
    rows += [
        {"what": "S&P DJI, original location of the workbook (discontinued)", "where": f"<{u}>"} for u in orig
    ]
    out = pd.DataFrame(rows)
    out.index = range(1, len(out) + 1)
    out.index.name = "#"
    return out
