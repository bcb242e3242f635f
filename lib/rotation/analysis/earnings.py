"""Index and company earnings: growth by vintage, the tech-vs-rest gap, the small-cap sector mix and
a bottom-up aggregation of company fundamentals (claims E1-E2).

The S&P DJI workbooks these tables come from are read by :mod:`rotation.inputs.eps_workbooks`; the
notebook's display tables are assembled by :mod:`rotation.analysis.earnings_tables` and its figures drawn by
:mod:`rotation.plots` (:func:`rotation.plots.eps_vintages`, :func:`rotation.plots.eps_gap`).

Units
-----
- EPS: USD per index share (S&P DJI's index points), USD per share for companies;
- earnings of a company or group: USD (``marketCap / PE``);
- growth columns named ``*_pct`` and gaps named ``*_pp``: percent and percentage points;
- weights named ``*_pct``: percent of the total (they sum to 100).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ..inputs.eps_workbooks import INDEX_ROW


# --------------------------------------------------------------------------------------------
# growth
# --------------------------------------------------------------------------------------------
def growth_pct(eps: pd.Series, base: pd.Series) -> pd.Series:
    """``(eps / base - 1) * 100`` (percent). NaN only where the base is not positive, where a
    growth rate is undefined; callers that need a number must check."""
    base = base.astype(float)
    return ((eps / base.where(base > 0)) - 1.0) * 100.0


def index_growth(
    annual: pd.DataFrame, years: Sequence[int], *, kind: str = "operating", sector: str = INDEX_ROW
) -> pd.DataFrame:
    """EPS growth over the previous calendar year, percent: rows ``(index, vintage_date)``,
    columns the ``years``. Uses the same vintage's figures for both years."""
    a = annual[(annual["kind"] == kind) & (annual["sector"] == sector)]
    wide = a.pivot_table(
        index=["index", "vintage_date"], columns="calendar_year", values="eps", aggfunc="first"
    )
    missing = [y for y in years if y not in wide.columns or y - 1 not in wide.columns]
    if missing:
        raise DataValidationError(
            f"no {kind} EPS for years {missing} (or the year before) in the parsed workbooks"
        )
    out = pd.DataFrame({y: growth_pct(wide[y], wide[y - 1]) for y in years})
    out.columns.name = "calendar_year"
    return out


def sp500_definitions(quarterly: pd.DataFrame, year: int) -> pd.DataFrame:
    """S&P 500 calendar-year EPS growth by definition and vintage, percent: operating and as
    reported, both bottom-up, from the December 12-month sums of ``ESTIMATES&PEs``."""
    q = quarterly[
        quarterly["quarter_end"].dt.month.eq(12) & quarterly["quarter_end"].dt.year.isin([year - 1, year])
    ]
    wide = q.pivot_table(
        index="vintage_date", columns=q["quarter_end"].dt.year, values=["operating_12m", "reported_12m"]
    )
    if (("operating_12m", year) not in wide.columns) or (("operating_12m", year - 1) not in wide.columns):
        raise DataValidationError(
            f"no December 12-month EPS for {year - 1} and {year} in the ESTIMATES&PEs tables"
        )
    return pd.DataFrame(
        {
            "operating (bottom-up)": growth_pct(
                wide[("operating_12m", year)], wide[("operating_12m", year - 1)]
            ),
            "as reported (bottom-up)": growth_pct(
                wide[("reported_12m", year)], wide[("reported_12m", year - 1)]
            ),
        }
    )


def nearest(candidates: pd.DataFrame, target: float, value: str = "growth_pct", n: int = 3) -> pd.DataFrame:
    """The ``n`` rows of ``candidates`` whose ``value`` is closest to ``target``, with ``gap_pp``."""
    if candidates[value].isna().all():
        raise DataValidationError(f"no {value} to compare with {target}")
    c = candidates.dropna(subset=[value]).assign(gap_pp=lambda d: d[value] - target)
    return c.reindex(c["gap_pp"].abs().sort_values(kind="stable").index).head(n)


def revisions(growth: pd.DataFrame, year: int) -> pd.DataFrame:
    """How a year's growth estimate moved across vintages: first, last, min, max and the
    last-minus-first change (pp), one row per index."""
    g = growth[year].unstack("index")
    return pd.DataFrame(
        {
            "first vintage": g.iloc[0],
            "last vintage": g.iloc[-1],
            "min": g.min(),
            "max": g.max(),
            "change_pp": g.iloc[-1] - g.iloc[0],
        }
    ).T


# --------------------------------------------------------------------------------------------
# tech versus the rest (sector workbook data)
# --------------------------------------------------------------------------------------------
def sector_vs_rest(
    quarterly: pd.DataFrame, contribution: pd.DataFrame, sector: str, years: Sequence[int]
) -> pd.DataFrame:
    """Operating-earnings growth of one S&P 500 sector and of the rest of the index, percent.

    A calendar year's earnings of the sector are ``sum_q share_q * EPS_q`` and of the rest
    ``sum_q (1 - share_q) * EPS_q`` (index EPS of the four quarters, ``share`` from the
    contribution table), all in S&P 500 index points so that the divisor cancels in growth
    rates. Rows ``vintage_date``, columns ``(year, sector|rest|gap_pp)``; ``gap_pp`` =
    sector minus rest. Raises if a needed quarter is missing.
    """
    c = contribution[contribution["sector"].str.strip() == sector]
    if c.empty:
        raise DataValidationError(
            f"sector {sector!r} not in the contribution table; have {sorted(contribution['sector'].unique())}"
        )
    q = quarterly[["vintage_date", "quarter_end", "operating_eps"]].merge(
        c[["vintage_date", "quarter_end", "share"]], on=["vintage_date", "quarter_end"], how="inner"
    )
    q = q.assign(
        year=q["quarter_end"].dt.year,
        sec=q["operating_eps"] * q["share"],
        rest=q["operating_eps"] * (1 - q["share"]),
    )
    counts = q.groupby(["vintage_date", "year"]).size()
    need = sorted({y for y in years} | {y - 1 for y in years})
    short = [(v.date(), y) for (v, y), n in counts.items() if y in need and n != 4]
    lacking = [(v.date(), y) for v in q["vintage_date"].unique() for y in need if (v, y) not in counts.index]
    if short or lacking:
        raise DataValidationError(f"incomplete quarters for sector-vs-rest growth: {short or lacking}")
    ann = q.groupby(["vintage_date", "year"])[["sec", "rest"]].sum().unstack("year")
    cols = {}
    for y in years:
        s, r = (
            growth_pct(ann[("sec", y)], ann[("sec", y - 1)]),
            growth_pct(ann[("rest", y)], ann[("rest", y - 1)]),
        )
        cols[(y, sector)], cols[(y, "rest")], cols[(y, "gap_pp")] = s, r, s - r
    out = pd.DataFrame(cols)
    out.columns = pd.MultiIndex.from_tuples(out.columns, names=["calendar_year", "series"])
    return out


# --------------------------------------------------------------------------------------------
# small caps: the Russell 2000 (IWM) against the S&P 400/600
# --------------------------------------------------------------------------------------------
_IWM_SECTORS = {"Communication": "Communication Services"}


def iwm_sector_mix(holdings: pd.DataFrame, as_of, sp_midsmall: Iterable[str]) -> pd.DataFrame:
    """Sector weights of IWM on ``as_of`` against those of its holdings that are S&P 400/600 members.

    ``holdings``: :func:`rotation.inputs.data.iwm_holdings`; equity lines only, weights renormalised to
    100 within each set. ``sp_midsmall``: tickers of the S&P 400 and 600. Sector names follow GICS
    ("Communication" -> "Communication Services"). Columns ``iwm_pct, overlap_pct`` (percent),
    ``iwm_n, overlap_n`` (names); the frame's ``attrs`` hold the overlap's share of IWM's weight
    (``overlap_weight_pct``) and of its names (``overlap_names_pct``).
    """
    h = holdings[(holdings["as_of"] == pd.Timestamp(as_of)) & (holdings["asset_class"] == "Equity")]
    if h.empty:
        raise DataValidationError(
            f"no IWM equity holdings on {pd.Timestamp(as_of).date()}; "
            f"have {sorted(holdings['as_of'].dt.date.unique())}"
        )
    h = h.assign(
        sector=h["sector"].replace(_IWM_SECTORS),
        ticker_n=h["ticker"].astype(str).str.replace(".", "-", regex=False),
    )
    members = {str(t).replace(".", "-") for t in sp_midsmall}
    o = h[h["ticker_n"].isin(members)]
    if o.empty:
        raise DataValidationError(
            "no IWM holding is among the given S&P 400/600 tickers; check the ticker lists"
        )
    out = (
        pd.DataFrame(
            {
                "iwm_pct": h.groupby("sector")["weight"].sum() / h["weight"].sum() * 100,
                "overlap_pct": o.groupby("sector")["weight"].sum() / o["weight"].sum() * 100,
                "iwm_n": h.groupby("sector").size(),
                "overlap_n": o.groupby("sector").size(),
            }
        )
        .fillna({"overlap_pct": 0.0, "overlap_n": 0})
        .astype({"overlap_n": int})
    )
    out.index.name = "sector"
    out.attrs = {
        "overlap_weight_pct": float(o["weight"].sum() / h["weight"].sum() * 100),
        "overlap_names_pct": float(len(o) / len(h) * 100),
    }
    return out.sort_values("iwm_pct", ascending=False)


def midsmall_tickers(sp1500: Iterable[str], sp500: pd.DataFrame) -> set[str]:
    """S&P 400 and 600 members: the S&P 1500 tickers that are not in the S&P 500 list ``sp500``
    (a frame with ``ticker``); share classes spelled with a dash."""
    large = set(sp500["ticker"].astype(str).str.replace(".", "-", regex=False))
    out = {str(t).replace(".", "-") for t in sp1500} - large
    if not out:
        raise DataValidationError("no S&P 400/600 ticker left after removing the S&P 500 list")
    return out


def mix_distance(a: pd.Series, b: pd.Series) -> float:
    """Half the sum of absolute weight differences (pp): the share of one mix that would have to
    move to turn it into the other (0 = identical, 100 = disjoint). Both in percent."""
    a, b = a.align(b, fill_value=0.0)
    return float((a - b).abs().sum() / 2)


def reweighted_growth(
    annual: pd.DataFrame, index: str, weights_pct: pd.Series, years: Sequence[int], *, vintage=None
) -> pd.Series:
    """An index's operating-EPS growth (percent) recomputed with other sector weights.

    A sector's earnings are proportional to ``weight * EPS_s / price_s`` (its market weight times
    its earnings yield on the vintage's price), so the index growth with market weights ``w`` is
    ``sum_s w_s EPS_s,y / P_s / sum_s w_s EPS_s,y-1 / P_s - 1``. With the index's own weights this
    reproduces its growth; with another index's weights it answers "what if it had that sector
    mix". Sectors absent from ``weights_pct`` or without EPS count with weight 0 (listed in the
    result's ``attrs['dropped']``). ``vintage`` defaults to the latest.
    """
    a = annual[(annual["kind"] == "operating") & (annual["index"] == index) & (annual["sector"] != INDEX_ROW)]
    vintage = a["vintage_date"].max() if vintage is None else pd.Timestamp(vintage)
    a = a[a["vintage_date"] == vintage]
    eps = a.pivot_table(index="sector", columns="calendar_year", values="eps", aggfunc="first")
    price = a.groupby("sector")["price"].first()
    need = sorted({y for y in years} | {y - 1 for y in years})
    w = weights_pct.reindex(eps.index).fillna(0.0)
    usable = eps[need].notna().all(axis=1) & (price > 0) & (w > 0)
    dropped = sorted(set(eps.index[~usable]) | (set(weights_pct.index) - set(eps.index)))
    ey = eps.loc[usable, need].div(price[usable], axis=0).mul(w[usable], axis=0).sum()
    out = pd.Series(
        {y: growth_pct(pd.Series([ey[y]]), pd.Series([ey[y - 1]])).iloc[0] for y in years}, name=index
    )
    out.attrs["dropped"] = dropped
    return out


# --------------------------------------------------------------------------------------------
# bottom-up: company fundamentals
# --------------------------------------------------------------------------------------------
def company_earnings(fund: pd.DataFrame) -> pd.DataFrame:
    """Trailing and forward earnings per company (USD) from Yahoo Finance fields.

    EPS = price / PE, so earnings = shares x price / PE = ``marketCap / PE``, and a company's
    forward-over-trailing EPS growth is ``trailingPE / forwardPE - 1`` (the price cancels). Share
    classes of one company (same ``name``, e.g. GOOG/GOOGL) are kept once, since Yahoo's
    ``marketCap`` covers all classes. Companies without a positive trailing and forward P/E
    (Yahoo leaves the P/E empty for losses) get ``usable = False``. Adds ``trailing_usd,
    forward_usd`` (USD), ``growth_pct`` (percent) and ``tickers`` (all share classes, space-separated).

    Yahoo's ``trailingPE`` rests on GAAP (as-reported) EPS of the last four quarters and its
    ``forwardPE`` on the analysts' (adjusted) EPS of the next fiscal year: their ratio mixes two
    definitions and a horizon of one to two years.
    """
    tickers = fund.groupby("name")["ticker"].agg(lambda t: " ".join(sorted(map(str, t))))
    f = fund.drop_duplicates("name", keep="first").copy()
    f["tickers"] = f["name"].map(tickers)
    ok = (f["trailingPE"] > 0) & (f["forwardPE"] > 0) & (f["marketCap"] > 0)
    f["usable"] = ok
    f["trailing_usd"] = (f["marketCap"] / f["trailingPE"]).where(ok)
    f["forward_usd"] = (f["marketCap"] / f["forwardPE"]).where(ok)
    f["growth_pct"] = (f["trailingPE"] / f["forwardPE"] - 1).where(ok) * 100
    return f


def in_group(companies: pd.DataFrame, tickers: Iterable[str]) -> pd.Series:
    """True for companies any of whose share classes is among ``tickers``. A ticker that is no
    company's (a misspelt member of a ``data/universes.csv`` group) stops, named: it would
    otherwise shrink the group silently."""
    wanted = list(dict.fromkeys(map(str, tickers)))
    classes = companies["tickers"].str.split()
    have = set().union(*classes.map(set)) if len(classes) else set()
    absent = [t for t in wanted if t not in have]
    if absent:
        raise DataValidationError(
            f"group member(s) {', '.join(absent)} are no company of the company data "
            f"({len(companies)} companies, earnings/company_fundamentals.csv): check the ticker(s) in "
            "data/universes.csv (or the list passed)"
        )
    wanted_set = set(wanted)
    return classes.map(lambda ts: bool(wanted_set & set(ts)))


def group_growth(companies: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Bottom-up growth by group, from :func:`company_earnings` (percent).

    ``groups``: a label per row of ``companies`` (same index). Columns:

    - ``forward_vs_trailing_pct``: ``sum(forward) / sum(trailing) - 1``, aggregate earnings as an
      index computes them (market-cap weights applied to earnings yields);
    - ``median_forward_pct``: the median company's ``growth_pct`` (robust to a few depressed
      GAAP bases);
    - ``median_recent_yoy_pct``: the median company's latest-quarter y/y EPS growth
      (``earningsGrowth``; a mean is ruined by companies coming back from near-zero earnings);
    - ``n``, ``excluded`` (no positive P/E), ``cap_share_pct`` (percent of the total market cap).
    """
    c = companies.assign(group=groups)
    u = c[c["usable"]]
    g, gu = c.groupby("group"), u.groupby("group")
    out = pd.DataFrame(
        {
            "forward_vs_trailing_pct": (gu["forward_usd"].sum() / gu["trailing_usd"].sum() - 1) * 100,
            "median_forward_pct": gu["growth_pct"].median(),
            "median_recent_yoy_pct": gu["earningsGrowth"].median() * 100,
            "n": g.size(),
            "excluded": g["usable"].apply(lambda s: int((~s).sum())),
            "cap_share_pct": g["marketCap"].sum() / c["marketCap"].sum() * 100,
        }
    )
    out.index.name = "group"
    return out


# --------------------------------------------------------------------------------------------
# published figures
# --------------------------------------------------------------------------------------------
def published_growth(published: pd.DataFrame) -> pd.DataFrame:
    """Published EPS-growth figures with a single percent value, parsed to ``value_pct``.

    Rows whose ``value`` is not one percentage (ranges, dollar amounts, price targets) keep
    ``value_pct`` NaN and are flagged ``single_pct = False``.
    """
    p = published.copy()
    m = p["value"].astype(str).str.fullmatch(r"\s*([+-]?\d+(?:\.\d+)?)%\s*")
    p["single_pct"] = m & p["metric"].str.contains("EPS growth|Operating EPS growth", case=False, regex=True)
    p["value_pct"] = pd.to_numeric(
        p["value"].astype(str).str.rstrip("%").where(p["single_pct"]), errors="coerce"
    )
    return p


def cite(row: pd.Series) -> str:
    """Markdown citation: publisher, date, link."""
    return f"{row['publisher']}, {row['date_published']}, <{row['url']}>"


# --------------------------------------------------------------------------------------------
# the published Magnificent-7 gap
# --------------------------------------------------------------------------------------------
def published_gap(published: pd.DataFrame, group: str, rest: str, periods: Sequence[str]) -> pd.DataFrame:
    """Published growth of ``group`` and ``rest`` (``index`` column contains the text) per period,
    percent, and the gap in pp; a period without both figures has NaN and ``available = False``."""
    p = published_growth(published)
    p = p[p["single_pct"]]
    rows = []
    for per in periods:
        g = p[(p["period"] == per) & p["index"].str.contains(group, regex=False)]
        r = p[(p["period"] == per) & p["index"].str.contains(rest, regex=False)]
        gv = g["value_pct"].iloc[0] if len(g) else np.nan
        rv = r["value_pct"].iloc[0] if len(r) else np.nan
        src = g.iloc[0] if len(g) else (r.iloc[0] if len(r) else None)
        rows.append(
            {
                "period": per,
                "group_pct": gv,
                "rest_pct": rv,
                "gap_pp": gv - rv,
                "available": bool(len(g) and len(r)),
                "date": src["date_published"] if src is not None else "",
                "source": cite(src) if src is not None else "not in the snapshot's published figures",
            }
        )
    return pd.DataFrame(rows).set_index("period")


# --------------------------------------------------------------------------------------------
# claim E2's two checks
# --------------------------------------------------------------------------------------------
def e2_checks(
    last: pd.Series, sector: str, year: int, nxt: int, mag7: pd.DataFrame, bottom_up: pd.DataFrame
) -> dict:
    """E2's two checks, measured (the verdict is :func:`rotation.verdicts.rules.decide`'s): ``sector
    estimates`` = the sector's EPS-growth gap over the rest of the S&P 500 (pp) is smaller for
    ``nxt`` than for ``year`` in the issue ``last``; ``published Mag 7`` = the published Mag 7
    gap narrows (``None`` when a year's published figures are missing).

    Returns ``checks`` (for ``results=``), ``text`` (what was measured, one sentence),
    ``measured`` (change of the sector gap, pp; negative = narrowing) and ``details`` (gaps and
    the bottom-up table, which is shown but not part of the rule)."""
    g1, g2 = float(last[(year, "gap_pp")]), float(last[(nxt, "gap_pp")])
    sector_narrows = g2 < g1
    py, pn = f"CY{year}", f"CY{nxt}"
    have = bool(mag7.loc[py, "available"]) and bool(mag7.loc[pn, "available"])
    mag_narrows = bool(mag7.loc[pn, "gap_pp"] < mag7.loc[py, "gap_pp"]) if have else None
    mag_text = (
        f"the published Mag 7 gap goes from {mag7.loc[py, 'gap_pp']:.1f} to {mag7.loc[pn, 'gap_pp']:.1f} pp"
        if have
        else f"the published Mag 7 figures in the snapshot cover {', '.join(mag7.index[mag7['available']]) or 'no year'} "
        f"only, so the second check cannot be made (published 2026 Mag 7 / other-493 growth would decide it)"
    )
    text = (
        f"{sector} minus rest of the S&P 500, S&P DJI's last issue: {g1:.1f} pp for {year}, {g2:.1f} pp for {nxt} "
        f"({'narrows' if sector_narrows else 'does not narrow'}); {mag_text}"
    )
    bu = bottom_up[["recent lead, pp", "forward lead, pp", "narrows"]]
    details = {
        "sector_gap_pp": {year: g1, nxt: g2},
        "sector_narrows": sector_narrows,
        "mag7_published_narrows": mag_narrows,
        "bottom_up": {
            k: {c: (bool(v) if c == "narrows" else float(v)) for c, v in r.items()} for k, r in bu.iterrows()
        },
    }
    return {
        "checks": {"sector estimates": sector_narrows, "published Mag 7": mag_narrows},
        "text": text,
        "measured": g2 - g1,
        "details": details,
    }
