"""What an article notebook shows of a claim concluded from its row
(:class:`rotation.verdicts.conclude.Conclusion`), each as Markdown: the data and the measure in one
sentence each (:func:`describe`), the result as a table of measured against stated figures
(:func:`result_table`), the verdict on every window of the row's grid (:func:`grid_table`) and the
measure followed to the end of the data (:func:`followup_table`).

Returns are in percent, differences in percentage points, dates ISO; nothing here decides: every
verdict shown comes from :mod:`rotation.verdicts.rules`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import Markdown

from .. import text
from ..analysis.measurement import Measurement
from .articles import figures
from .conclude import Conclusion, benchmark_of, grid_windows, measure, rule_inputs
from .registry import claim
from .rules import grid

#: one sentence per measure; fields: a, b (the first two series), named, group, s, e (the window),
#: basis, k, n (number of named), direction
SENTENCES = {
    "window_return": "the {basis} return of {a} from the close of {s} to the close of {e}",
    "ytd_return": "the {basis} return of {a} from the last close of the previous year ({s}) to the close of {e}",
    "spread": "the {basis} return of {a} minus that of {b} from {s} to {e}, in percentage points",
    "relative_return": "the relative return of {a} against {b}, (1 + r_a) / (1 + r_b) − 1, from {s} to {e}",
    "rank_in_group": "the rank of {a}'s {basis} return from {s} to {e} among the {group} (1 = best)",
    "count_in_top_k": "how many of {named} are among the {k} best {basis} returns of the {group} from {s} to {e}",
    "beats_benchmark": "whether each of {named} beat the benchmark's {basis} return from {s} to {e}, "
    "and none of the others ({others}) did",
    "window_returns": "the {basis} return of each of {named} from the close of {s} to the close of {e}",
    "best_period_vs": "where the last month ranks among every month from {s} to {e} by {a}'s return against {b}",
    "years_beating": "the number of calendar years from {s} to {e} in which {a}'s return beat {b}'s",
    "streak": "the number of consecutive months up to {e} in which {a}'s return beat {b}'s",
    "relative_turn": "the date of the {direction} of the relative line {a} / {b} from {s} to {e}",
}


def _basis(b: str) -> str:
    return {"total": "total", "price": "price"}.get(b, b)


def _fields(c: Conclusion) -> dict[str, Any]:
    m, row = c.measurement, claim(c.result.id)
    named = list(c.named) or list(m.series)
    group = [t for t in m.series if t not in named]
    others = [t for t in group if t != benchmark_of(row)]
    s, e = m.window if m.window else ("", "")
    return {
        "a": named[0] if named else "",
        "b": named[1] if len(named) > 1 else "",
        "named": ", ".join(named),
        "n": len(named),
        "others": ", ".join(others),
        "group": f"{len(m.series)} series ({', '.join(m.series)})" if group else ", ".join(m.series),
        "s": s,
        "e": e,
        "basis": _basis(m.basis),
        "k": "" if pd.isna(row.get("top_k")) else int(float(row["top_k"])),
        "direction": "" if pd.isna(row.get("direction")) else str(row["direction"]),
    }


def measure_sentence(c: Conclusion) -> str:
    """The measure in one sentence (:data:`SENTENCES`), e.g. "the total return of XLK from the
    last close of the previous year (2024-12-31) to the close of 2025-12-22"."""
    m = c.measurement
    template = SENTENCES.get(m.measure, f"{m.measure} of {{named}} from {{s}} to {{e}}")
    return template.format(**_fields(c))


def data_sentence(c: Conclusion) -> str:
    """Which series of the snapshot the measure read, on which basis, and over which dates."""
    if c.closes is None:
        return "no series of the snapshot measures this claim"
    tickers = [t for t in c.measurement.series if t in c.closes.columns]
    px = c.closes[tickers].dropna(how="all")
    kind = (
        "index levels (price return, no dividends)"
        if all(t.startswith("^") for t in tickers)
        else "adjusted closes (total return: dividends and splits included)"
    )
    return (
        f"{len(tickers)} series of the snapshot, {kind}: {', '.join(tickers)}, read over the claim's window "
        f"and after it, to {text.day(px.index[-1])} (the end of the data)"
    )


def describe(c: Conclusion) -> Markdown:
    """**Data.** and **Measure.** of a concluded claim, one sentence each."""
    return Markdown(
        text.no_dollars(
            f"**Data.** {data_sentence(c)[0].upper()}{data_sentence(c)[1:]}. "
            f"**Measure.** `{c.measurement.measure}`: {measure_sentence(c)}."
        )
    )


def _stated_of(claim_id: str) -> dict[str, Any]:
    return {
        f.key: f
        for f in figures(claim_id, str(claim(claim_id)["article"])).values()
        if f.precision != "named"
    }


def _group_table(c: Conclusion, returns: dict[str, float]) -> pd.DataFrame:
    bench = benchmark_of(claim(c.result.id))
    r = pd.Series(returns, dtype=float).sort_values(ascending=False)
    role = ["named" if t in c.named else "benchmark" if t == bench else "" for t in r.index]
    out = pd.DataFrame({"return, %": r.round(2), "role": role}, index=r.index)
    out.index.name = "series"
    return out


def result_table(c: Conclusion) -> Markdown:
    """The result as a table: for a group measure every member's return with the named ones (and
    the benchmark) marked; for several series each measured value against its stated figure and
    the values that reproduce it; for one value the measured against the stated figure."""
    m = c.measurement
    returns = m.details.get("returns_pct")
    if returns:
        return text.table(_group_table(c, returns))
    stated = _stated_of(c.result.id)
    if isinstance(m.value, dict):
        rows = {
            k: {
                "measured": v if isinstance(v, bool) else f"{float(v):+.2f} %",
                "stated": stated[k].value if k in stated else "",
                "read as": stated[k].band_text() if k in stated else "",
            }
            for k, v in m.value.items()
        }
        t = pd.DataFrame(rows).T.rename_axis("item")
    else:
        f = next(iter(stated.values()), None)
        t = pd.DataFrame(
            {
                "window": [f"{m.window[0]} → {m.window[1]}" if m.window else ""],
                "measured": [m.text()],
                "stated": [f.value if f else ""],
                "read as": [f.band_text() if f else ""],
            },
            index=pd.Index([", ".join(c.named or m.series)], name="series"),
        )
    return text.table(t)


def grid_table(c: Conclusion) -> Markdown:
    """The verdict on every window of the row's grid (measured again on each), the claim's own
    window marked; a sentence where the row declares no grid."""
    row = claim(c.result.id)
    m = c.measurement
    if c.closes is None or m.window is None or c.robustness is None:
        return Markdown("The row declares no robustness grid: the verdict is on the claim's window only.")
    start, end = m.window
    cells = grid_windows(row, c.closes.loc[: pd.Timestamp(end) + pd.Timedelta(days=10)].index, start, end)
    ms = [measure(row, c.closes.loc[:e], s, e) for s, e in cells]
    verdicts = grid(c.result.id, [rule_inputs(x) for x in ms])
    t = pd.DataFrame(
        {
            "window": [_span(x) for x in ms],
            "measured": [x.text() for x in ms],
            "verdict": verdicts,
            "": ["the claim's window" if x.window == m.window else "" for x in ms],
        }
    ).set_index("window")
    return text.table(t)


def _span(m: Measurement) -> str:
    """A measurement's window as "start → end" (a dash when it names none)."""
    return f"{m.window[0]} → {m.window[1]}" if m.window is not None else "—"


def followup_table(c: Conclusion) -> Markdown:
    """The measure at the window's end and followed to the end of the data, or a sentence saying
    why there is no follow-up."""
    m, f = c.measurement, c.followup
    if f is None or not f.window:
        if m.measure in ("best_period_vs", "years_beating"):
            return Markdown("The measure is of closed calendar periods: it is not followed beyond them.")
        return Markdown("No data after the window's end: the measure cannot be followed further.")
    t = pd.DataFrame(
        {"window": [_span(x) for x in (m, f)], "measured": [m.text(), f.text()]},
        index=["at the claim's date", "to the end of the data"],
    )
    return text.table(t)
