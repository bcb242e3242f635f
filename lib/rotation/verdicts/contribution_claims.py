"""B1 and B3 decided on contributions to the S&P 500 members' gain: the members, their caps,
sectors and prices loaded once (:class:`Members`), the measures of :mod:`rotation.analysis.contributions`
on a claim's window and grid, and the claims' records.

Units: caps in **USD**; shares of the gain in **percent**; contributions in **percentage points**
of the members' cap-weighted return; windows as ISO dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import text
from ..analysis import breadth, contributions
from ..analysis import returns as rt_returns
from ..analysis.measures import Measurement
from ..inputs import data
from . import articles, registry, robustness, rules


@dataclass(frozen=True)
class Members:
    """An S&P 500 member list with what the snapshot knows of each member.

    ``closes``: adjusted closes (the S&P 500 panel; members it lacks from the S&P 1500 panel);
    ``caps``: known market caps on ``caps_as_of`` (USD, one share class per company);
    ``missing``: what the others could have weighed (:func:`rotation.analysis.contributions.missing_caps`);
    ``sectors``: GICS sector by price ticker; ``left_out``: the tickers without price
    (``no_price``), without cap (``no_cap``) and the share classes dropped (``second_class``)."""

    closes: pd.DataFrame
    caps: pd.Series
    missing: pd.DataFrame
    sectors: pd.Series
    left_out: dict[str, list[str]]
    caps_as_of: str
    vintage: str

    def at(self, start) -> tuple[pd.Series, pd.DataFrame]:
        """Known and bounded caps carried to ``start`` by the price ratio (USD)."""
        return (
            contributions.caps_on(self.caps, self.closes, self.caps_as_of, start),
            contributions.carry_missing(self.missing, self.closes, self.caps_as_of, start),
        )


def load_members(sp500_long: pd.DataFrame, vintage: str, caps_as_of: str, *, days: int = 92) -> Members:
    """:class:`Members` of the ``vintage`` list: ``sp500_long`` (the S&P 500 panel, long, with
    ``close`` and ``volume``) completed from the S&P 1500 panel for members it lacks or has no
    volume for; caps from the fundamentals file (Yahoo Finance, on ``caps_as_of``); dollar volume
    and volatility over ``days`` calendar days to it for the caps that must be bounded."""
    const = data.sp500_constituents(vintage)
    tickers = [contributions.price_ticker(t) for t in const["ticker"]]
    with_volume = set(sp500_long.loc[sp500_long["volume"].notna(), "ticker"].astype(str))
    in1500 = data.price_tickers().get(data.PANELS["sp1500"], frozenset())
    extra = sorted(t for t in tickers if t not in with_volume and t in in1500)
    long = sp500_long
    if extra:
        more = data.prices(extra, sp500_long["date"].min(), panel="sp1500", fields=("close", "volume"))
        long = pd.concat([sp500_long[~sp500_long["ticker"].astype(str).isin(extra)], more], ignore_index=True)
    px = breadth.wide(sp500_long)
    if extra:
        absent = [t for t in extra if t not in px.columns or px[t].isna().all()]
        px = px.join(breadth.wide(more)[absent], how="left") if absent else px
    fund = data.company_fundamentals()
    caps, left = contributions.member_caps(list(const["ticker"]), fund, list(px.columns))
    stats = contributions.trading_stats(long, caps_as_of, days)
    reported = pd.Series(
        fund["marketCap"].to_numpy(dtype=float), index=fund["ticker"].map(contributions.price_ticker)
    )
    missing = contributions.missing_caps(
        caps,
        stats["dollar_volume"],
        left["no_cap"],
        left["no_price"],
        reported,
        volatility=stats["volatility"],
    )
    sectors = pd.Series(const["gics_sector"].to_numpy(), index=tickers, name="gics_sector")
    return Members(px, caps, missing, sectors, left, caps_as_of, vintage)


def named_sectors(claim_id: str = "B3") -> list[str]:
    """The GICS sectors the claim names, from its stated leaders (sector SPDRs) and
    ``data/universes.csv``'s ``sector_etf`` group."""
    etfs = data.universe("sector_etf").set_index("ticker")["gics_sector"]
    return [str(etfs[t]) for t in articles.figure(claim_id, "leaders").names]


def b3_measure(m: Members, start, end) -> Measurement:
    """B3's rule input: how many of the named sectors are among the registry's ``top_k`` largest
    cap-weighted contributors over the window (:func:`rotation.analysis.contributions.sectors_in_top_contributors`)."""
    k = int(registry.claim("B3")["top_k"])
    caps0, missing0 = m.at(start)
    return contributions.sectors_in_top_contributors(
        m.closes, caps0, missing0, m.sectors, named_sectors(), k, start, end
    )


#: a grid's window may start or end on a day a member's series skips (a gap of the data, such as
#: FISV on 2025-11-12): its close is then taken from the previous day, at most this many days back
GRID_FILL_DAYS = 3


def b3_grid(m: Members, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex) -> pd.Series:
    """B3's count on every start × end window (the robustness grid), central caps; a missing
    close is taken from the previous one, up to :data:`GRID_FILL_DAYS` days back."""
    k = int(registry.claim("B3")["top_k"])
    windows = [(s, e) for s in starts for e in ends]
    closes = m.closes.ffill(limit=GRID_FILL_DAYS)
    return contributions.top_k_grid(
        closes, m.caps, m.missing, m.caps_as_of, m.sectors, named_sectors(), k, windows
    )


def mag7() -> list[str]:
    """The Magnificent Seven of ``data/universes.csv`` (group ``mag7``)."""
    return data.universe("mag7")["ticker"].tolist()


def b1_measure(m: Members, start, end) -> Measurement:
    """B1's rule input: the Magnificent Seven's share of the members' cap-weighted gain over the
    window, bounded for the members left out (:func:`rotation.analysis.contributions.group_share_of_gain`)."""
    caps0, missing0 = m.at(start)
    return contributions.group_share_of_gain(m.closes, caps0, missing0, mag7(), start, end, label="Mag 7")


def b1_by_end(m: Members, start, ends) -> pd.Series:
    """B1's central share (percent) from ``start`` to each of ``ends`` (its robustness grid)."""
    caps0, missing0 = m.at(start)
    return pd.Series(
        {
            e: contributions.group_share_of_gain(m.closes, caps0, missing0, mag7(), start, e).value
            for e in ends
        }
    )


def reconciliation(m: Measurement, etf: pd.DataFrame, idx: pd.DataFrame, cap: str, index: str) -> pd.Series:
    """The members' cap-weighted return over the measurement's window beside the cap-weight ETF's
    total return and the index's price return (percent), and the gap to the ETF (pp)."""
    s, e = m.window or ("", "")
    out = pd.Series(
        {
            "members, cap-weighted, %": m.details["index_return_pct"],
            f"{cap} total return, %": float(rt_returns.total_return(etf[[cap]], s, e).iloc[0]) * 100,
            f"{index} price return, %": float(rt_returns.total_return(idx[[index]], s, e).iloc[0]) * 100,
        }
    )
    out["gap to the ETF, pp"] = out.iloc[0] - out.iloc[1]
    return out


def _bounds_words(m: Measurement, unit: str = " %") -> str:
    if m.low is None or m.high is None or m.low == m.high:
        return "the members left out cannot change it"
    return f"with the members left out bounded, {m.low:.1f}–{m.high:.1f}{unit}"


def b3_result(d: rules.Decision, m: Measurement, ranks: pd.DataFrame, etf: pd.DataFrame, rob: dict) -> dict:
    """B3's record: the named sectors among the top-k contributors (``m``, :func:`b3_measure`),
    the sector table, and the second readings: the equal-weighted contributions and the sector
    SPDRs' return rank (``ranks``, :func:`rotation.verdicts.breadth_claims.sector_ranks`), each with the
    verdict the registry's rule would give on it."""
    k, table, named = int(registry.claim("B3")["top_k"]), m.details["table"], named_sectors()
    etf_top = ranks.index[:k].tolist()
    n_etf = sum(t in etf_top for t in articles.figure("B3", "leaders").names)
    second = {
        "equal-weighted contributions": (m.details["ew_count"], m.details["ew_top"]),
        "sector SPDR total returns": (n_etf, etf_top),
    }
    verdicts = rules.grid("B3", [{"measured": n} for n, _ in second.values()])
    tech = "Information Technology"
    s, last = m.window[0] if m.window else "", etf.index[-1]
    later = rt_returns.total_return(etf[list(ranks.index)], s, last).nlargest(k).index
    words = "; ".join(f"on {lab}: {n} of 3 ({v})" for (lab, (n, _)), v in zip(second.items(), verdicts))
    return {
        "measured": m.value,
        "reason": f"{d.reason}; the {k} largest contributors were {', '.join(m.details['top'])}; "
        f"{tech} contributed {text.pp(table.loc[tech, 'contribution_pp'], 2)}; {_bounds_words(m, '')}; "
        f"second readings {words}; {robustness.text(rob)}",
        "window": list(m.window or ()),
        "data_end": last,
        "robustness": rob,
        "measured_text": f"{m.value} of {len(named)} named sectors among the {k} largest contributors",
        "headline": f"{m.value} of the three sectors the article named ({', '.join(named)}) "
        f"{'was' if m.value == 1 else 'were'} among the {k} "
        f"largest contributors to the S&P 500's gain ({', '.join(m.details['top'])}); Technology contributed "
        f"{text.pp(table.loc[tech, 'contribution_pp'])}. By fund return, {n_etf} of 3 were in the top {k}.",
        "details": {
            "top_contributors": m.details["top"],
            "contribution_pp": table["contribution_pp"].round(3).to_dict(),
            "bounds_pp": {
                g: [round(lo, 3), round(hi, 3)] for g, lo, hi in table[["low_pp", "high_pp"]].itertuples()
            },
            "ew_contribution_pp": table["ew_contribution_pp"].round(3).to_dict(),
            "count_bounds": [m.low, m.high],
            "coverage": m.coverage,
            "second_readings": {
                lab: {"count": n, "top": top, "verdict": v}
                for (lab, (n, top)), v in zip(second.items(), verdicts)
            },
            "etf_returns_pct": ranks["total return, %"].round(2).to_dict(),
            "followup": [
                {
                    "measure": f"four best sector SPDRs since {s} (returns)",
                    "at the article": ", ".join(etf_top),
                    "latest": ", ".join(later),
                    "latest date": text.day(last),
                }
            ],
        },
    }


def b1_result(
    d: rules.Decision,
    m: Measurement,
    year: Measurement,
    by_end: pd.Series,
    rob: dict,
    recon: pd.Series,
    data_end,
) -> dict:
    """B1's record: the Mag 7 share of the gain (``m``, :func:`b1_measure`) with its bounds, the
    calendar year's share (``year``), its range over end days ``by_end`` and the reconciliation
    with the index (``recon``, :func:`reconciliation`)."""
    s, e = m.window or ("", "")
    table = m.details["table"]
    return {
        "measured": m.value,
        "reason": f"Mag 7 share {m.value:.1f} % on the {m.coverage * 100:.0f} % of members with a known cap and price; "
        f"{d.reason}; over end days near {e} the share runs from {by_end.min():.1f} to "
        f"{by_end.max():.1f} % ({robustness.text(rob)})",
        "window": [s, e],
        "data_end": data_end,
        "robustness": rob,
        "measured_text": f"{m.value:.0f} % of the gain",
        "headline": f"The Magnificent Seven made about {m.value:.0f} % of the S&P 500's 2025 gain to the end of "
        f"November ({m.low:.0f}–{m.high:.0f} % with the members the data lack bounded by what they could have "
        "weighed); the article said 'almost all'.",
        "details": {
            "share_full_year_pct": year.value,
            "mag7_weight_pct": float(table.loc["Mag 7", "weight_pct"]),
            "bounds_pct": [m.low, m.high],
            "coverage": m.coverage,
            "members_return_pct": float(recon.iloc[0]),
            "gap_to_spy_pp": float(recon.iloc[3]),
            "left_out": {
                how: sorted(t for t, h in m.details["left_out"].items() if h == how)
                for how in sorted(set(m.details["left_out"].values()))
            },
        },
    }


def left_out_table(m: Members) -> pd.DataFrame:
    """The members left out, by how their cap is bounded: how many, the range of their upper caps
    (USD bn, on the cap date) and the (at most three) largest of them."""
    g = m.missing.assign(high_bn=m.missing["cap_high"] / 1e9).groupby("source")
    out = pd.DataFrame(
        {
            "members": g.size(),
            "upper cap, USD bn": g["high_bn"].agg(
                lambda s: f"{s.min():.0f}" if s.min() == s.max() else f"{s.min():.0f}–{s.max():.0f}"
            ),
            "largest": g["high_bn"].agg(lambda s: ", ".join(s.nlargest(3).index)),
        }
    )
    out.index.name = "bounded by"
    return out.sort_values("members", ascending=False)
