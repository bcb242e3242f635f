"""One call concludes a claim from its registry row: read the row, measure, decide, run the
declared grid, record, and return what a notebook shows.

For a claim whose ``measure`` is one of the generic price measures of :mod:`rotation.analysis.measures`,
the row alone decides it:

- ``measure``: the measure's name; ``series``: its tickers, ``a;b`` for two series,
  ``named|group`` for a set within a group (a group is a ``data/universes.csv`` group or a
  ``;``-list);
- ``basis``: ``total`` (adjusted closes: ETFs, S&P 500 members) or ``price`` (index levels);
- ``window_start`` / ``window_end``: the window the claim states; ``top_k``, ``direction``;
- ``grid``: the robustness grid, ``start:-5..5`` and/or ``end:-5..5`` (trading days moved from the
  window's start / end; both: every pair), blank for none;
- ``test`` and its tolerances: the rule (``approx``, ``at_least``, ``at_most``).

``conclude(claim_id)`` returns a :class:`Conclusion` (the decision, the measurement, the grid's
summary and the recorded result) shown as Markdown. Parameters of an adapted run may move the
window (``start=``, ``end=``) or the data's end; they never change a stated figure.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import text
from ..analysis import measures
from ..analysis.measures import Measurement
from ..errors import DataNotFoundError, DataValidationError, ParameterError
from ..inputs import data
from . import robustness, rules
from .claims import Verdict, record
from .registry import claim, window

#: measures the row alone can compute, and what they take
GENERIC = (
    "window_return",
    "ytd_return",
    "spread",
    "relative_return",
    "rank_in_group",
    "count_in_top_k",
    "best_period_vs",
    "years_beating",
    "streak",
    "relative_turn",
    "beats_benchmark",
    "window_returns",
)

#: measures a claim's notebook computes itself (with data beyond prices: caps, estimates, flows,
#: strategist calls), and ``needs_data`` for a claim the data cannot reach, which concludes as
#: undecidable with the row's rule text saying what would decide it; where the measure is a named
#: one of :mod:`rotation.analysis.measures` (``eps_growth``, ``rank_corr``), :func:`from_measurement`
#: concludes it from the notebook's measurement
NOTEBOOK_MEASURES = (
    "group_share_of_gain",
    "sectors_in_top_contributors",
    "checks",
    "relative_turns",
    "eps_growth",
    "eps_growth_gap",
    "flow_sum",
    "consensus_rank",
    "rank_corr",
    "needs_data",
)


@dataclass(frozen=True)
class Conclusion:
    """What :func:`conclude` returns: the rule's decision, the measurement, the grid's robustness
    summary, the follow-up reading to the end of the data and the recorded result."""

    decision: rules.Decision
    measurement: Measurement
    robustness: dict[str, Any] | None
    followup: Measurement | None
    result: Verdict
    closes: pd.DataFrame | None = None
    named: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        return self.decision.verdict

    def _repr_markdown_(self) -> str:
        m = self.measurement
        win = f"{m.window[0]} → {m.window[1]}" if m.window else ""
        rob = f" {robustness.text(self.robustness)}." if self.robustness else ""
        nxt = (
            f" **What happened next:** to {self.followup.window[1]}, {self.followup.text()}."
            if self.followup is not None and self.followup.window
            else ""
        )
        return (
            f"**{self.result.id} — {self.verdict}.** Measured {m.text()} ({', '.join(m.series)}, {m.basis} "
            f"return, {win}). {self.decision.reason}.{rob}{nxt}"
        )


# --------------------------------------------------------------------------------------------
# the row's series
# --------------------------------------------------------------------------------------------
def _split(x: Any) -> list[str]:
    return [t.strip() for t in str(x).split(";") if t.strip()] if pd.notna(x) else []


def benchmark_of(row: pd.Series) -> str | None:
    """The benchmark of a ``named|group|benchmark`` series (``None`` without a third part)."""
    parts = str(row.get("series", "")).split("|")
    return parts[2].strip() if len(parts) > 2 and parts[2].strip() else None


def series_of(row: pd.Series) -> tuple[list[str], list[str]]:
    """``(named, group)`` of the row's ``series`` column: ``a;b`` -> (``[a, b]``, ``[]``);
    ``named|group`` -> the named tickers and the group's (a universe group or a ``;``-list);
    a third part, ``named|group|benchmark``, is the benchmark (:func:`benchmark_of`)."""
    raw = str(row["series"]) if pd.notna(row.get("series")) else ""
    if not raw:
        raise DataValidationError(
            f"{row.name}: column 'series' is blank; name the tickers the claim is about"
        )
    named, _, rest = raw.partition("|")
    members = _split(rest.split("|")[0])
    if len(members) == 1:
        try:
            members = list(data.universe(members[0])["ticker"])
        except KeyError as exc:
            raise DataValidationError(
                f"{row.name}, column 'series': group {members[0]!r} is not a data/universes.csv group ({exc})"
            ) from None
    return _split(named), members


def load(tickers: list[str], start, end=None, *, basis: str) -> pd.DataFrame:
    """Wide closes of ``tickers`` from ``start`` (with a year's room) on the claim's basis: index
    levels (``price``) for ``^`` tickers, adjusted closes (``total``) from the ETF panel, else
    the S&P 500 member panel. A ticker in no panel stops, naming it."""
    first = pd.Timestamp(start) - pd.Timedelta(days=400)
    want_price = basis == "price"
    frames = []
    for t in tickers:
        if t.startswith("^") != want_price and t.startswith("^"):
            raise ParameterError(f"{t} is a price index: the claim's basis must be 'price', not {basis!r}")
        panels = ("index",) if t.startswith("^") else ("etf", "sp500")
        for panel in panels:
            try:
                frames.append(data.closes([t], first, end, panel=panel))
                break
            except (DataNotFoundError, DataValidationError, KeyError):
                continue
        else:
            raise DataNotFoundError(f"{t}: in none of the price panels {panels}; check the registry's series")
    return pd.concat(frames, axis=1).sort_index()


# --------------------------------------------------------------------------------------------
# measuring and deciding
# --------------------------------------------------------------------------------------------
def measure(row: pd.Series, closes: pd.DataFrame, start, end) -> Measurement:
    """The row's measure over ``start`` … ``end`` on ``closes``."""
    name, basis = str(row["measure"]), str(row["basis"])
    named, group = series_of(row)
    if name not in GENERIC:
        raise DataValidationError(
            f"{row.name}: measure {name!r} is not one the registry alone can compute ({', '.join(GENERIC)}); "
            "conclude it in its notebook"
        )
    if name in ("window_return",):
        return measures.window_return(closes, named[0], start, end, basis=basis)
    if name == "ytd_return":
        return measures.ytd_return(closes, named[0], end, basis=basis)
    if name in ("spread", "relative_return"):
        return measures.MEASURES[name](closes, named[0], named[1], start, end, basis=basis)
    if name == "relative_turn":
        return measures.relative_turn(
            closes, named[0], named[1], start, end, direction=str(row["direction"]), basis=basis
        )
    if name == "window_returns":
        return measures.window_returns(closes, named, start, end, basis=basis)
    if name == "beats_benchmark":
        bench = benchmark_of(row)
        if bench is None:
            raise DataValidationError(f"{row.name}: beats_benchmark needs series named|group|benchmark")
        return measures.beats_benchmark(closes, named, group, bench, start, end, basis=basis)
    if name == "rank_in_group":
        return measures.rank_in_group(closes, named[0], group, start, end, basis=basis)
    if name == "count_in_top_k":
        return measures.count_in_top_k(
            closes, named, group, int(float(row["top_k"])), start, end, basis=basis
        )
    if name == "best_period_vs":
        worst = str(row.get("direction")) == "trough"
        period = pd.Timestamp(end).strftime("%Y-%m")
        return measures.best_period_vs(closes, named[0], named[1], start, period, worst=worst, basis=basis)
    if name == "years_beating":
        return measures.years_beating(
            closes, named[0], named[1], pd.Timestamp(start).year, pd.Timestamp(end).year, basis=basis
        )
    return measures.streak(closes, named[0], named[1], end, basis=basis)


def grid_windows(
    row: pd.Series, index: pd.DatetimeIndex, start, end
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The declared grid's windows: each ``start:a..b`` / ``end:a..b`` axis moves that end of the
    window by a..b trading days on ``index``; both axes give every pair. Empty without a grid."""
    spec = str(row.get("grid")) if pd.notna(row.get("grid")) else ""
    if not spec.strip():
        return []
    axes: dict[str, range] = {}
    for part in spec.split(";"):
        side, _, span = part.strip().partition(":")
        lo, _, hi = span.partition("..")
        try:
            axes[side] = range(int(lo), int(hi) + 1)
        except ValueError:
            raise DataValidationError(
                f"{row.name}, column 'grid': {part!r}; write start:-5..5 or end:-5..5"
            ) from None
        if side not in ("start", "end"):
            raise DataValidationError(f"{row.name}, column 'grid': {side!r} is not start or end")
    s0, e0 = (index.searchsorted(pd.Timestamp(x), side="right") - 1 for x in (start, end))
    shifts = itertools.product(axes.get("start", range(0, 1)), axes.get("end", range(0, 1)))
    out = []
    for ds, de in shifts:
        i, j = s0 + ds, e0 + de
        if 0 <= i < j < len(index):
            out.append((index[i], index[j]))
    return out


def _decide(claim_id: str, m: Measurement) -> rules.Decision:
    v = m.value
    if isinstance(v, dict) and v and all(isinstance(x, bool) for x in v.values()):
        return rules.decide(claim_id, results=dict(v))
    if isinstance(v, dict) and v:
        return rules.decide(claim_id, measured={k: float(x) for k, x in v.items()})
    if isinstance(v, (int, float)):
        return rules.decide(claim_id, measured=float(v))
    raise DataValidationError(
        f"{claim_id}: measure {m.measure} gives {m.value!r}, which no numeric rule decides"
    )


def _stated(claim_id: str) -> str:
    """The claim's stated figures in words with the values that reproduce them: "36.8 (36.75 … 36.85)"."""
    from .articles import figures

    figs = [f for f in figures(claim_id, str(claim(claim_id)["article"])).values() if f.precision != "named"]
    return ", ".join(
        f"{f.key} {f.value} ({f.band_text()})" if len(figs) > 1 else f"{f.value} ({f.band_text()})"
        for f in figs
    )


def _headline(claim_id: str, names: list[str], m: Measurement) -> str:
    """One sentence of what was measured against what was stated (the verdict is shown beside it)."""
    where = f" over {m.window[0]} → {m.window[1]}, {m.basis} return" if m.window else ""
    said = _stated(claim_id)
    return f"{', '.join(names)}: {m.text()}{where}" + (f"; the article said {said}." if said else ".")


def _undecidable(claim_id: str, row: pd.Series) -> Conclusion:
    """A claim the data cannot reach: undecidable, with the row's rule text (what would decide it)."""
    d = rules.undecidable(f"the data cannot decide it: {row['rule']}", claim_id=claim_id)
    unit = str(row["unit"]) if pd.notna(row["unit"]) else ""
    m = Measurement(str(row["measure"]), None, unit, (), None, str(row["basis"]))
    res = record(d, None, measured_text="no data", headline=f"undecidable with this data: {row['rule']}.")
    return Conclusion(d, m, None, None, res)


def conclude(
    claim_id: str, *, start=None, end=None, data_end=None, closes: pd.DataFrame | None = None
) -> Conclusion:
    """Conclude ``claim_id`` from its registry row (module docstring): measured on the row's window
    (or ``start``/``end`` of an adapted run), decided by :mod:`rotation.verdicts.rules`, re-decided on the
    declared grid, followed up to the end of the data, recorded in ``results/``."""
    row = claim(claim_id)
    if str(row["measure"]) == "needs_data" or str(row["test"]) == "needs_data":
        return _undecidable(claim_id, row)
    start, end = window(claim_id, start, end)
    named, _ = series_of(row)
    px = closes if closes is not None else _closes(row, start, data_end)
    m = measure(row, px.loc[: pd.Timestamp(end)], start, end)
    d = _decide(claim_id, m)
    rob = _robustness(claim_id, row, px, start, end, d.verdict)
    follow = _followup(row, px, start, end)
    reason = d.reason + (f"; {robustness.text(rob)}" if rob else "")
    res = record(
        d,
        m.value,
        reason,
        window=list(m.window) if m.window else None,
        data_end=px.index[-1],
        robustness=rob,
        measured_text=m.text(),
        headline=_headline(claim_id, named or list(m.series), m),
        details=_details(row, m, follow, px.index[-1]),
    )
    return Conclusion(d, m, rob, follow, res, px, tuple(named))


def _closes(row: pd.Series, start: Any, data_end: Any) -> pd.DataFrame:
    """The closes of every series the row names (and its benchmark), from ``start`` to ``data_end``."""
    named, group = series_of(row)
    bench = benchmark_of(row)
    tickers = list(dict.fromkeys([*named, *group, *([bench] if bench else [])]))
    return load(tickers, start, data_end, basis=str(row["basis"]))


def _robustness(
    claim_id: str, row: pd.Series, px: pd.DataFrame, start: Any, end: Any, at: str
) -> dict[str, Any] | None:
    """The verdict over the row's declared grid of windows (None without a grid)."""
    cells = grid_windows(row, px.loc[: pd.Timestamp(end) + pd.Timedelta(days=10)].index, start, end)
    if not cells:
        return None
    verdicts = [_decide(claim_id, measure(row, px.loc[:e], s, e)).verdict for s, e in cells]
    spec = f"{row['grid']} trading days, {len(cells)} windows"
    return robustness.summary(verdicts, spec, at=at)


def _followup(row: pd.Series, px: pd.DataFrame, start: Any, end: Any) -> Measurement | None:
    """The measure from the window's start to the end of the data, when the data run past it."""
    last = px.index[-1]
    if last <= pd.Timestamp(end) or str(row["measure"]) in ("best_period_vs", "years_beating"):
        return None
    try:
        return measure(row, px, start, last)
    except (DataNotFoundError, ValueError):
        return None


def _details(row: pd.Series, m: Measurement, follow: Measurement | None, last: Any) -> dict[str, Any]:
    """The result's ``details``: the measure, its series and basis, its own details, the follow-up."""
    followup = (
        [{"label": f"{row['measure']} to {text.day(last)}", "value": follow.value, "text": follow.text()}]
        if follow is not None
        else []
    )
    return {
        "measure": m.measure,
        "series": list(m.series),
        "basis": m.basis,
        **dict(m.details),
        "followup": followup,
    }


def card(claim_id: str) -> Any:
    """The claim as its registry row states it, as Markdown for a notebook (``IPython.display.Markdown``
    renders it): the statement and who made it, each stated figure with the values that reproduce it
    at its stated precision, and what decides it (measure, series, basis, window, rule). Amounts are
    written in USD, never with "$" (:func:`rotation.text.no_dollars`)."""
    from IPython.display import Markdown

    from .articles import figures

    row = claim(claim_id)
    figs = figures(claim_id, str(row["article"]))
    stated = "; ".join(
        f"{f.text or f.value} — read as {f.band_text()} ({f.precision.replace('_', ' ')})"
        for f in figs.values()
    )
    win = ""
    if pd.notna(row["window_start"]) and pd.notna(row["window_end"]):
        s, e = (text.day(row[c]) for c in ("window_start", "window_end"))
        win = f" over {s} → {e}" if s != e else f" on {s}"
    basis = {"total": "total return (adjusted closes)", "price": "price return (index levels)"}.get(
        str(row["basis"]), str(row["basis"])
    )
    spec = str(row["grid"]) if pd.notna(row.get("grid")) else ""
    moved = spec and all(p.strip().split(":")[0] in ("start", "end") for p in spec.split(";"))
    grid = (
        f" Robustness: the window moved by {spec} trading days."
        if moved
        else (f" Robustness grid: `{spec}`." if spec else "")
    )
    return Markdown(
        text.no_dollars(  # a pair of "$" would be typeset as mathematics
            f"**Claim.** {row['statement']} ({row['attribution']}).\n\n"
            + (f"**Stated.** {stated}.\n\n" if stated else "")
            + f"**Method.** `{row['measure']}` of {str(row['series']).replace('|', ' within ')}{win}, {basis}. "
            f"**Rule** (`{row['test']}`): {row['rule']}.{grid}"
        )
    )


# --------------------------------------------------------------------------------------------
# a claim measured on data beyond prices (estimates, strategist calls): the notebook measures
# with a named measure of rotation.analysis.measures, this concludes it like the generic claims
# --------------------------------------------------------------------------------------------
def rule_inputs(m: Measurement) -> dict[str, Any]:
    """The rule's inputs a measurement gives: ``rho`` and ``p_value`` for ``rank_corr``,
    ``results`` for checks, else ``measured``."""
    if m.measure == "rank_corr":
        return {"rho": float(m.value), "p_value": float(m.details["p_value"])}
    v = m.value
    if isinstance(v, dict) and v and all(isinstance(x, bool) for x in v.values()):
        return {"results": dict(v)}
    if isinstance(v, dict) and v:
        return {"measured": {k: float(x) for k, x in v.items()}}
    if isinstance(v, (int, float)):
        return {"measured": float(v)}
    raise DataValidationError(f"measure {m.measure} gives {m.value!r}, which no rule decides")


def decide_measured(claim_id: str, m: Measurement, *, proxy: str | None = None) -> rules.Decision:
    """:func:`rotation.verdicts.rules.decide` on the inputs of ``m``; with ``proxy`` (a label) ``m`` measured
    only a proxy of the claim's scope, and the verdict is undecidable with the proxy's beside it."""
    return rules.decide(claim_id, proxy=proxy, **rule_inputs(m))


def from_measurement(
    claim_id: str,
    m: Measurement,
    *,
    proxy: str | None = None,
    grid: list[Measurement] | tuple[Measurement, ...] = (),
    grid_spec: str = "",
    followup: Measurement | None = None,
    **record_kw: Any,
) -> Conclusion:
    """Conclude ``claim_id`` from a measurement its notebook made with a named measure: decided by
    its registry rule (:func:`decide_measured`), re-decided on each cell of ``grid`` (described by
    ``grid_spec``; on a proxy these are the proxy's verdicts, the label is taken at the proxy's
    verdict) and recorded. ``record_kw`` go to :func:`rotation.verdicts.claims.record` (``reason``,
    ``headline``, ``details``, ``data_end``, ``measured``, …); ``window`` defaults to the
    measurement's, ``measured`` to its value and ``measured_text`` to its text."""
    d = decide_measured(claim_id, m, proxy=proxy)
    rob = None
    if grid:
        at = d.proxy["verdict"] if d.proxy else d.verdict
        verdicts = rules.grid(claim_id, [rule_inputs(c) for c in grid])
        rob = robustness.summary(verdicts, grid_spec or f"{len(grid)} cells", at=at)
    kw: dict[str, Any] = {"window": list(m.window) if m.window else None, "measured_text": m.text()}
    kw.update(record_kw)
    measured = kw.pop("measured", m.value)
    res = record(d, measured, robustness=rob, **kw)
    return Conclusion(d, m, rob, followup, res)
