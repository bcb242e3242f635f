"""The sector-flow claims (F1–F3, F5) decided from the flow file: the rule's grid cells, the tables
the notebook shows and the recorded verdicts.

The measurements come from :mod:`rotation.analysis.flows` and :mod:`rotation.analysis.flow_records`; the stated
figures from ``data/claim_figures.csv`` (:mod:`rotation.verdicts.articles`); the rules and tolerances from
the registry (:mod:`rotation.verdicts.rules`). Where the flow file holds only a proxy of the claim's scope
(the sector ETFs it has, not every fund of the provider's data), the verdict is *undecidable with
this data* and the proxy's own verdict is kept beside it.

Units: tables and rule inputs in **USD bn**; frames from :mod:`rotation.analysis.flows` in USD.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..analysis.flow_records import RECORD_INPUT, SignCount, count_sign
from ..analysis.flows import last_week_end, sector_series, week_ends, week_row
from ..text import usd_bn
from . import articles, robustness, rules
from .claims import Verdict, record
from .registry import claim

#: the registry's cell of the definitions grid: Friday-ended weeks of every fund of the sector
AT = ("FRI", "widened")
_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class FlowData:
    """What every flow claim reads: the flow file (long ``date, ticker, flow_usd``, USD), its
    trading-day ``calendar``, the ``narrow`` (SPDR) and ``wide`` fund sets (ticker -> sector), each
    fund's AUM (USD) on ``aum_date``."""

    flows: pd.DataFrame
    calendar: pd.DatetimeIndex
    narrow: pd.Series
    wide: pd.Series
    anchor_aum: pd.Series
    aum_date: str

    @property
    def data_start(self) -> pd.Timestamp:
        """The first day with a flow in the file."""
        return pd.Timestamp(self.flows.dropna()["date"].min())

    @property
    def data_end(self) -> pd.Timestamp:
        """The last day with a flow in the file."""
        return pd.Timestamp(self.flows.dropna()["date"].max())

    def members(self, sector: str) -> str:
        """The widened fund set of ``sector`` in words (``"XLB, GDX, GDXJ"``)."""
        return ", ".join(self.wide.index[self.wide == sector])

    def spdr(self, sector: str) -> str:
        """The sector's Select Sector SPDR (the narrow set)."""
        return str(self.narrow.index[self.narrow == sector][0])

    def aum(self, sector: str) -> pd.Series:
        """AUM (USD) on ``aum_date`` of each fund of the sector's widened set."""
        return self.anchor_aum[self.wide.index[self.wide == sector]]


def _bn(x: float) -> float:
    return float(x) / 1e9


def _day(x) -> str:
    return str(pd.Timestamp(x).date())


def _minus(x: float) -> str:
    """A stated figure as written in prose, with a typographic minus (``-1.4`` -> ``"−1.4"``)."""
    return f"{x:g}".replace("-", "−")


# --------------------------------------------------------------------------------------------
# F1: an amount and "a record", one sector's week under four definitions
# --------------------------------------------------------------------------------------------
def _proxy(d: rules.Decision) -> dict[str, Any]:
    """The proxy result of a decision made with ``proxy=`` (always set there)."""
    if d.proxy is None:
        raise ValueError(f"{d.claim_id}: decided without a proxy")
    return d.proxy


def record_cells(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``approx_record`` rule's inputs for each row of a
    :func:`rotation.analysis.flow_records.week_by_definition` table: ``low`` / ``high`` (USD bn) and
    ``record`` (True, False, or None when the data cannot tell)."""
    return [
        {"low": _bn(r.low_usd), "high": _bn(r.high_usd), "record": RECORD_INPUT[r.record]}
        for r in table.itertuples()
    ]


def week_table_bn(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`rotation.analysis.flow_records.week_by_definition` table as shown: the observed flow and its
    range in USD bn, coverage, record status, earlier weeks, any further columns (the proxy
    verdict) and the week's end date."""
    money = table[["observed_usd", "low_usd", "high_usd"]].div(1e9).round(2)
    rest = table.drop(columns=["week_end", "first_day", "flow_usd", "observed_usd", "low_usd", "high_usd"])
    rest = rest.drop(columns=["fund_days", "fund_days_observed"]).round(2)
    return money.join(rest).assign(week_to=[_day(d) for d in table["week_end"]])


def conclude_record_week(
    claim_id: str, table: pd.DataFrame, data: FlowData, *, key: str, sector: str, week: str
) -> Verdict:
    """Decide and record an ``approx_record`` claim ("a record USD 6.5 bn week") on its proxy.

    ``table`` is :func:`rotation.analysis.flow_records.week_by_definition` for ``sector`` with a
    ``proxy verdict`` column (the rule on each definition); the registry's cell is :data:`AT`.
    ``key`` names the stated figure (USD bn); ``week`` is the claim's week end (ISO date). The
    plausibility sentence sets the stated figure against the funds' AUM on ``data.aum_date``."""
    narrow, wide = data.spdr(sector), data.members(sector)
    stated = articles.figure(claim_id, key).number
    ptol = float(claim(claim_id)["partial_tolerance"])
    m = table.loc[AT]
    d = rules.bounded(
        claim_id,
        _bn(m["low_usd"]),
        _bn(m["high_usd"]),
        record=RECORD_INPUT[m["record"]],
        proxy=f"{sector} ETFs in the flow file ({wide}), Friday week, "
        f"{m['fund_days_observed']} of {m['fund_days']} fund-days observed",
    )
    rob = robustness.summary(
        table["proxy verdict"],
        f"proxy verdicts ({claim_id} itself is undecidable in every cell): Friday- "
        f"and Wednesday-ended weeks × {narrow} alone or every {sector} fund of the flow file ({wide})",
        at=_proxy(d)["verdict"],
    )
    far = _bn(m["high_usd"]) < stated - ptol
    return record(
        d,
        None,
        _record_week_reason(d.reason, table, data, sector=sector, stated=stated, ptol=ptol),
        window=[_day(m["first_day"]), week],
        data_end=data.data_end,
        details=_record_week_details(table),
        headline=(
            f"Only a proxy is in the data: the {sector} ETFs of the flow file ({wide}) took "
            f"{_bn(m['observed_usd']):+.1f} USD bn that week on the days observed (at most "
            f"{_bn(m['high_usd']):+.1f} with the missing days), {'far from' if far else 'possibly near'} the "
            f"stated {stated:g} bn, but the claim covers all {sector} funds."
        ),
        measured_text=f"not in the data (all {sector} funds)",
        proxy={**_proxy(d), "value": _bn(m["observed_usd"])},
        robustness=rob,
    )


def _record_week_reason(
    rule_reason: str, table: pd.DataFrame, data: FlowData, *, sector: str, stated: float, ptol: float
) -> str:
    """The reason of a record-week claim: the rule's, what decides it, the plausibility against AUM."""
    narrow, aum, aum_date = data.spdr(sector), data.aum(sector), data.aum_date
    m = table.loc[AT]
    far = _bn(m["high_usd"]) < stated - ptol
    funds = _WORDS.get(len(aum), str(len(aum)))
    return (
        f"{rule_reason}. On the amount alone the proxy is {'more' if far else 'less'} than {ptol:g} bn from the "
        f"stated figure on every reading; the record, {m['record']} with the missing days, is what decides "
        f"between 'partly' and 'not'. Plausibility: a {stated:g} USD bn week would be "
        f"{stated * 1e9 / aum[narrow]:.0%} of {narrow}'s assets and {stated * 1e9 / aum.sum():.0%} of the "
        f"{funds} funds' assets on {aum_date}; with every missing day at its largest flow no definition "
        f"exceeds {_bn(table['high_usd'].max()):+.1f} USD bn. The claim covers every {sector} fund in the "
        "provider's data (ETFs and mutual funds), so the stated figure may be right for that universe."
    )


def _record_week_details(table: pd.DataFrame) -> dict[str, Any]:
    """Each definition's observed flow, its range, coverage, record status and proxy verdict."""
    return {
        f"{w} week, {f}": {
            "observed_bn": _bn(r["observed_usd"]),
            "low_bn": _bn(r["low_usd"]),
            "high_bn": _bn(r["high_usd"]),
            "coverage": r["coverage"],
            "record": r["record"],
            "proxy_verdict": r["proxy verdict"],
        }
        for (w, f), r in table.iterrows()
    }


# --------------------------------------------------------------------------------------------
# F2: several sectors' stated figures in one week
# --------------------------------------------------------------------------------------------
def sectors_week(
    frames: Mapping[tuple[str, str], pd.DataFrame],
    stated_bn: Mapping[str, float],
    week,
    funds: str = "widened",
) -> pd.DataFrame:
    """Each sector of ``stated_bn`` in the week to ``week``, Friday- and Wednesday-ended, for one
    fund set: :func:`rotation.analysis.flow_records.week_by_definition` rows indexed ``(week, sector)``,
    with ``flow_bn`` (the observed flow, USD bn) and ``stated_bn``."""
    from ..analysis.flow_records import week_by_definition

    out = (
        pd.concat(
            {s: week_by_definition(dict(frames), s, week).xs(funds, level="funds") for s in stated_bn},
            names=["sector"],
        )
        .swaplevel()
        .sort_index()
    )
    out["flow_bn"] = out["observed_usd"] / 1e9
    out["stated_bn"] = [float(stated_bn[s]) for _, s in out.index]
    return out


def each_bounds(table: pd.DataFrame, anchor: str, stated_bn: Mapping[str, float]) -> dict[str, Any]:
    """The ``approx_each`` rule's inputs for one week definition (``"FRI"`` or ``"WED"``) of a
    :func:`sectors_week` table: per-sector ``low`` / ``high`` (USD bn) and ``stated``."""
    w = table.xs(anchor, level="week").reindex(list(stated_bn))
    return {
        "low": (w["low_usd"] / 1e9).to_dict(),
        "high": (w["high_usd"] / 1e9).to_dict(),
        "stated": dict(stated_bn),
    }


def conclude_each_week(
    claim_id: str, table: pd.DataFrame, cells: Mapping[str, Mapping[str, Any]], data: FlowData, *, week: str
) -> Verdict:
    """Decide and record an ``approx_each`` flow claim on its proxy, the Friday week.

    ``table`` is :func:`sectors_week`; ``cells`` the rule's inputs per week definition
    (:func:`each_bounds`, ``"FRI"`` first), which make the robustness grid. The plausibility
    sentence sets each stated figure against its sector's fund assets on ``data.aum_date``."""
    stated = dict(cells["FRI"]["stated"])
    names = list(stated)
    members = {n: data.members(n) for n in names}
    grid = dict(zip(cells, rules.grid(claim_id, cells.values())))
    fr = table.xs("FRI", level="week")
    d = rules.bounded(
        claim_id,
        **cells["FRI"],
        proxy=f"the flow file's {', '.join(f'{s} ({members[s]})' for s in names)} ETFs, Friday week, "
        f"{int(fr['fund_days_observed'].sum())} of {int(fr['fund_days'].sum())} fund-days observed",
    )
    rob = robustness.summary(
        list(grid.values()),
        f"proxy verdicts ({claim_id} itself is undecidable in every cell): Friday- "
        "and Wednesday-ended weeks (the flow file holds no other fund of these sectors, so the "
        "widened sets equal the SPDRs)",
        at=_proxy(d)["verdict"],
    )
    share = ", ".join(f"{stated[s] * 1e9 / data.aum(s).sum():.0%} of {members[s]}'s" for s in names)
    values = ", ".join(f"{s} {fr.at[s, 'flow_bn']:+.2f}" for s in names)
    return record(
        d,
        None,
        f"{d.reason}. Plausibility: the stated weeks would be {share} assets on {data.aum_date}. "
        "The claim covers every fund of these sectors in the provider's data.",
        window=[_day(fr["first_day"].min()), week],
        data_end=data.data_end,
        details={
            "stated_bn": stated,
            "friday_week_bn": fr["flow_bn"].to_dict(),
            "wednesday_week_bn": table.xs("WED", level="week")["flow_bn"].to_dict(),
            "proxy_verdicts": {f"{w} week": v for w, v in grid.items()},
        },
        headline=(
            f"Only a proxy is in the data: the sector ETFs of the flow file took {values} USD bn that week "
            f"against the stated {', '.join(f'{stated[s]:+.1f}' for s in names)} bn, but the claim covers "
            "all funds of these sectors."
        ),
        measured_text=f"not in the data (all {', '.join(names)} funds)",
        proxy={**_proxy(d), "value": values},
        robustness=rob,
    )


def stated_vs_measured(
    weeks: pd.DataFrame, stated_bn: Mapping[str, float], members: Mapping[str, str], week
) -> pd.DataFrame:
    """The table behind a stated-versus-measured figure: one row per sector of ``stated_bn``
    (USD bn), its measured flow in the week ``week`` of a :func:`rotation.analysis.flows.sector_weeks`
    frame and the range of its missing days (USD bn); ``label`` names the sector and its funds."""
    rows = {s: week_row(weeks, s, week) for s in stated_bn}
    return pd.DataFrame(
        {
            "label": [f"{s} ({members[s]})" for s in stated_bn],
            "stated_bn": [float(v) for v in stated_bn.values()],
            "measured_bn": [_bn(rows[s]["observed_usd"]) for s in stated_bn],
            "low_bn": [_bn(rows[s]["low_usd"]) for s in stated_bn],
            "high_bn": [_bn(rows[s]["high_usd"]) for s in stated_bn],
        }
    )


# --------------------------------------------------------------------------------------------
# F3: "the sixth weekly outflow in eight weeks"
# --------------------------------------------------------------------------------------------
def sign_counts(
    frames: Mapping[tuple[str, str], pd.DataFrame], sector: str, week, n_weeks: int, sign: int = -1
) -> dict[tuple[str, str], SignCount]:
    """For each week definition of ``frames``: how many of the ``n_weeks`` weeks to ``week`` had a
    flow of ``sign`` (:func:`rotation.analysis.flow_records.count_sign`, missing days as bounds)."""
    out = {}
    for (anchor, funds), frame in frames.items():
        labels = week_ends(last_week_end(week, anchor), n_weeks, anchor)
        out[(anchor, funds)] = count_sign(sector_series(frame, sector), labels, sign)
    return out


def counts_table(counts: Mapping[tuple[str, str], SignCount]) -> pd.DataFrame:
    """:func:`sign_counts` as a table indexed ``(week, funds)``: complete, partial and absent
    weeks and the fewest and most weeks of the sign the data allow."""
    rows = {
        k: {
            "complete": c.covered,
            "partial": c.partial,
            "absent": c.absent,
            "outflows_min": c.k_min,
            "outflows_max": c.k_max,
        }
        for k, c in counts.items()
    }
    return pd.DataFrame(rows).T.rename_axis(["week", "funds"])


def count_cells(counts: Mapping[tuple[str, str], SignCount]) -> list[dict[str, Any]]:
    """The rule's inputs per definition: every count the data allow as ``candidates``."""
    return [{"candidates": range(c.k_min, c.k_max + 1)} for c in counts.values()]


def conclude_sign_count(
    claim_id: str,
    counts: Mapping[tuple[str, str], SignCount],
    grid: list[str],
    data: FlowData,
    *,
    sector: str,
    sector_words: str,
    week_flow: pd.Series,
    week: str,
) -> Verdict:
    """Decide and record a streak claim ("k of the last n weeks had an outflow") on its proxy.

    ``counts`` is :func:`sign_counts` (the registry's cell is :data:`AT`), ``grid`` the proxy
    verdicts of every definition; ``week_flow`` the widened set's row of the claim's Friday week
    (:func:`rotation.analysis.flows.week_row`); ``sector_words`` names the sector's funds in prose
    ("technology"). The stated count and flow are the claim's figures ``outflow_weeks`` and
    ``tech_flow``."""
    narrow, wide = data.spdr(sector), data.members(sector)
    c = counts[AT]
    k_stated = int(articles.figure(claim_id, "outflow_weeks").number)
    flow_stated = _minus(articles.figure(claim_id, "tech_flow").number)
    wk = week_flow
    d = rules.decide(
        claim_id,
        candidates=range(c.k_min, c.k_max + 1),
        proxy=f"{sector_words} ETFs in the flow file ({wide}), Friday weeks, {c.covered} of {c.n} weeks complete",
    )
    rob = robustness.summary(
        grid,
        f"proxy verdicts ({claim_id} itself is undecidable in every cell): Friday- and "
        f"Wednesday-ended weeks × {narrow} alone or every {sector_words} fund of the flow file ({wide})",
        at=_proxy(d)["verdict"],
    )
    first = week_ends(week, c.n, "FRI")[0] - pd.Timedelta(days=4)
    return record(
        d,
        None,
        f"{d.reason}. {c.covered} of the {c.n} weeks to {week} are complete ({c.partial} partial, {c.absent} "
        f"before {_day(data.data_start)}). The week's flow of these funds: {usd_bn(wk['observed_usd'], 2)} observed "
        f"(range {usd_bn(wk['low_usd'], 2)} … {usd_bn(wk['high_usd'], 2)}) vs the stated {flow_stated} bn.",
        window=[_day(first), week],
        data_end=data.data_end,
        details=_sign_count_details(counts) | {"week_observed_bn": _bn(wk["observed_usd"])},
        headline=_sign_count_headline(c, k_stated, sector_words, wide),
        measured_text=f"not in the data (all {sector_words} funds)",
        proxy={**_proxy(d), "value": f"{c.k_min}–{c.k_max}" if c.k_min != c.k_max else c.k_min},
        robustness=rob,
    )


def _sign_count_headline(c: SignCount, k_stated: int, sector_words: str, wide: str) -> str:
    """The headline of a streak claim: the range of counts the proxy allows against the stated one."""
    if c.k_min != c.k_max:
        return (
            f"Only a proxy is in the data, and it is too short: the {sector_words} ETFs of the flow file ({wide}) "
            f"had outflows in {c.k_min} to {c.k_max} of the {c.n} weeks (the data start in January), so the "
            f"stated {k_stated} of {c.n} can be neither confirmed nor excluded."
        )
    return (
        f"Only a proxy is in the data: the {sector_words} ETFs of the flow file ({wide}) had outflows in "
        f"{c.k_min} of the {c.n} weeks against the stated {k_stated}, but the claim covers all {sector_words} funds."
    )


def _sign_count_details(counts: Mapping[tuple[str, str], SignCount]) -> dict[str, Any]:
    """Each definition's weeks covered, partial, absent and the range of outflow weeks."""
    return {
        f"{w} weeks, {f}": {
            "covered": v.covered,
            "partial": v.partial,
            "absent": v.absent,
            "k_min": v.k_min,
            "k_max": v.k_max,
        }
        for (w, f), v in counts.items()
    }


# --------------------------------------------------------------------------------------------
# F5: one fund's flow over a window and its rank
# --------------------------------------------------------------------------------------------
def above(value_usd: float, sums: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Funds of a :func:`rotation.analysis.flows.window_sums` frame whose flow surely exceeds ``value_usd``
    (lower bound above it) and those that may (only the upper bound above it)."""
    sure = sums["low_usd"] > value_usd
    maybe = (sums["high_usd"] > value_usd) & ~sure
    return list(sums.index[sure]), list(sums.index[maybe])


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def conclude_fund_flow(
    claim_id: str, data: FlowData, others: pd.DataFrame, *, window: tuple[str, str]
) -> Verdict:
    """Decide and record a claim on one fund's net flow over a window (F5: "RSP took about USD 4.8 bn
    in 2026 to date, third among ~1,500 US equity ETFs"). The fund is the claim's ``series``; the
    stated flow and rank are its figures ``rsp_flow`` (USD bn) and ``rsp_rank``. With the fund in
    the flow file the rule decides over the range of its missing days; without it the claim is
    undecidable, and the rank the stated flow would take among ``others`` (:func:`window_sums`
    of the funds the file covers) is recorded."""
    from ..analysis.flow_records import rank_of
    from ..analysis.flows import window_sums

    fund = str(claim(claim_id)["series"])
    stated = articles.figure(claim_id, "rsp_flow").number
    flows, calendar, data_end = data.flows, data.calendar, data.data_end
    if fund in set(flows["ticker"]):  # a data source with the fund (e.g. the live path) decides it
        r = window_sums(flows, calendar, [fund], *window).loc[fund]
        d = rules.bounded(claim_id, _bn(r["low_usd"]), _bn(r["high_usd"]))
        return record(
            d,
            _bn(r["observed_usd"]),
            d.reason,
            window=list(window),
            data_end=data_end,
            headline=f"{fund} took {_bn(r['observed_usd']):+.1f} USD bn in 2026 to {window[1]} against the "
            f"stated {stated:g} bn: {d.verdict}.",
            measured_text=f"{_bn(r['observed_usd']):+.2f} USD bn ({int(r['days_observed'])} of "
            f"{int(r['days'])} days)",
        )
    best, worst = rank_of(stated * 1e9, others)
    rank = "" if best == worst else f" to {worst}"
    said = _ordinal(int(articles.figure(claim_id, "rsp_rank").number))
    d = rules.undecidable(
        f"{fund} is not in the flow data; among the {len(others)} US equity ETFs covered a {stated} bn inflow to "
        f"{window[1]} would rank {best}{rank} (the article: {said} of ~1,500); the only page stating the figure "
        f"repeats the article. {fund}'s daily share counts (issuer file or yfinance get_shares_full) × price "
        "would decide it.",
        claim_id=claim_id,
    )
    return record(
        d,
        None,
        d.reason,
        window=list(window),
        data_end=data_end,
        details={"rank_if_stated_best": best, "rank_if_stated_worst": worst, "funds_covered": len(others)},
        headline=f"The data cannot decide it: {fund}'s flows are not in the data; a {stated:g} USD bn inflow "
        f"would rank {best}{rank} among the {len(others)} US equity ETFs that are.",
        measured_text=f"{fund} not in the flow data",
    )
