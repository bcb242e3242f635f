"""The breadth claims (B1–B7) from their registry rows: tickers, stated figures in words, and the
glue between a measurement, its rule, its robustness grid and its recorded result, so that the
breadth notebook shows results and prose and no long code.

Units: returns and spreads in **percent** and **percentage points**; windows as ISO dates;
day offsets in **calendar days**.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from . import articles, registry, robustness, rules, text
from . import returns as rt_returns

_TICKER = re.compile(r"^\^?[A-Z][A-Z0-9.\-]*$")


def split_series(series: str) -> list[str]:
    """The items of a ``series`` cell in order, split at ``;``, ``/`` and ``|``
    (``"XLB;XLV;XLY|sectors"`` → ``["XLB", "XLV", "XLY", "sectors"]``)."""
    return [p.strip() for p in re.split(r"[;/|]", str(series)) if p.strip()]


def tickers_in(series: str) -> list[str]:
    """The tickers of a ``series`` cell, in order: its upper-case items (group names such as
    ``mag7`` or ``cyclical`` are left out)."""
    return [p for p in split_series(series) if _TICKER.match(p)]


def series_parts(claim_id: str) -> list[str]:
    """The items of a claim's ``series`` column (:func:`split_series`)."""
    return split_series(registry.claim(claim_id)["series"])


def series_tickers(claim_id: str) -> list[str]:
    """The tickers a claim's ``series`` column names, in order (:func:`tickers_in`);
    ``ValueError`` naming the claim if it names none."""
    tickers = tickers_in(registry.claim(claim_id)["series"])
    if not tickers:
        raise ValueError(f"data/claims.csv, claim {claim_id}: its series names no ticker")
    return tickers


_WORDS = {
    "about": "about {v}",
    "more_than": "more than {v}",
    "at_least": "at least {v}",
    "less_than": "less than {v}",
}


def stated_words(fig: articles.Figure) -> str:
    """A stated figure as the article put it, with its unit sign: ``"about 6 %"``, ``"1.6 %"``,
    ``"more than 7 %"``; names joined by commas; a range as ``low … high``."""
    if fig.precision == "named":
        return ", ".join(fig.names)
    if fig.precision == "range":
        return f"{fig.low} … {fig.high}"
    v = f"{fig.value} %" if fig.unit.startswith("percent") else fig.value
    return _WORDS.get(fig.precision, "{v}").format(v=v)


# --------------------------------------------------------------------------------------------
# small measures the breadth sections share
# --------------------------------------------------------------------------------------------
def spans(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """First day, last day and number of tickers of each wide panel (one row per panel)."""
    return pd.DataFrame(
        {
            "first": [f.index[0] for f in frames.values()],
            "last": [f.index[-1] for f in frames.values()],
            "tickers": [f.shape[1] for f in frames.values()],
        },
        index=list(frames),
    )


def basis_table(ret: pd.Series, pr: pd.Series, pairs: Mapping[str, str | None]) -> pd.DataFrame:
    """Each ETF's total return beside its index's price return (``pairs``: ETF → index or None),
    both in **percent**, and their gap in **percentage points** (NaN where no index)."""
    out = pd.DataFrame(
        {
            "ETF total return, %": ret[list(pairs)] * 100,
            "index": [i or "—" for i in pairs.values()],
            "index price return, %": [pr[i] * 100 if i else float("nan") for i in pairs.values()],
        }
    )
    out["ETF minus index, pp"] = out.iloc[:, 0] - out.iloc[:, 2]
    return out


def return_pct(closes: pd.DataFrame, ticker: str, start, end) -> float | None:
    """Total return of ``ticker`` over ``start … end``, **percent**; None when the window is empty
    (an adapted window that ends before a claim's stated date)."""
    if pd.Timestamp(end) <= pd.Timestamp(start):
        return None
    return float(rt_returns.total_return(closes[[ticker]], start, end).iloc[0]) * 100


def spread_pct(closes: pd.DataFrame, a: str, b: str, start, end) -> float | None:
    """``a``'s minus ``b``'s total return over the window, **percentage points**; None if empty."""
    ra, rb = return_pct(closes, a, start, end), return_pct(closes, b, start, end)
    return None if ra is None or rb is None else ra - rb


def followup(measure: str, at_article: Any, latest: Any, last) -> dict[str, Any]:
    """One follow-up row of a result: the measure at the article's date and at ``last``."""
    return {"measure": measure, "at the article": at_article, "latest": latest, "latest date": text.day(last)}


def grid_words(starts: pd.DatetimeIndex, ends: pd.DatetimeIndex, n: int) -> str:
    """A start × end grid in words: ``start 2025-10-24 … 11-14 × end …, 150 windows``."""
    return (
        f"start {text.day(starts[0])} … {text.day(starts[-1])} × end {text.day(ends[0])} … "
        f"{text.day(ends[-1])}, {n} windows"
    )


def grid_robustness(claim_id: str, measured: Iterable[float], grid: str, at: str) -> dict[str, Any]:
    """The claim's rule (:func:`rotation.rules.grid`) on every cell's measured value, summarised
    (:func:`rotation.robustness.summary`) against ``at``, the registry window's verdict."""
    return robustness.summary(rules.grid(claim_id, [{"measured": m} for m in measured]), grid, at=at)


def robustness_table(robs: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """One row per robustness summary: the share of its grid giving each verdict, and its label."""
    return pd.DataFrame(
        {k: {**{v: f"{s:.0%}" for v, s in r["shares"].items()}, "label": r["label"]} for k, r in robs.items()}
    ).T.fillna("—")


def month_end_spreads(closes: pd.DataFrame, others: Sequence[str], base: str, start) -> pd.DataFrame:
    """Each of ``others`` minus ``base``, total return from ``start`` to every month end,
    **percentage points**; index as ISO dates (the scorecard's Figure 2 reads it)."""
    cum = rt_returns.returns_to_month_ends(closes[[*others, base]], start) * 100
    out = cum[list(others)].sub(cum[base], axis=0).rename(columns=lambda c: f"{c} − {base}")
    out.index = out.index.strftime("%Y-%m-%d")
    return out


# --------------------------------------------------------------------------------------------
# what each breadth claim records besides its decision (rt.claims.record(d, **result))
# --------------------------------------------------------------------------------------------
def _said(claim_id: str, key: str) -> str:
    return stated_words(articles.figure(claim_id, key))


def b2_result(
    d: rules.Decision, etf: pd.DataFrame, window: tuple[str, str], rob: dict, grid: pd.DataFrame
) -> dict[str, Any]:
    """B2's record: the RSP − SPY spread over ``window`` (**pp**), its robustness ``rob`` over the
    start × end ``grid`` of spreads (pp), the month-end spreads and the follow-up to the data end."""
    equal, cap = series_tickers("B2")
    (small,) = series_tickers("B4")
    s, e = window
    ret = rt_returns.total_return(etf[[equal, cap, small]], s, e)
    spread, last = (ret[equal] - ret[cap]) * 100, etf.index[-1]
    return {
        "measured": spread,
        "reason": f"{d.reason}; {robustness.text(rob)}",
        "window": [s, e],
        "data_end": last,
        "robustness": rob,
        "measured_text": text.pp(spread, 2),
        "headline": f"Equal weight beat cap weight by {text.pp(spread)} ({equal} {text.pct(ret[equal])}, "
        f"{cap} {text.pct(ret[cap])}); the article said {_said('B2', 'equal_weight')} against "
        f"{_said('B2', 'cap_weight')}.",
        "details": {
            "rsp_pct": ret[equal] * 100,
            "spy_pct": ret[cap] * 100,
            "followup": [
                followup(f"{equal} − {cap} since {s}, pp", spread, spread_pct(etf, equal, cap, s, last), last)
            ],
            "month_ends_pp": month_end_spreads(etf, [equal, small], cap, s).to_dict("index"),
            "grid_min_pp": grid.min().min(),
            "grid_max_pp": grid.max().max(),
        },
    }


def b4_result(
    d: rules.Decision,
    etf: pd.DataFrame,
    window: tuple[str, str],
    robs: Mapping[str, dict],
    price: tuple[str, float, str, pd.Series],
    grid: pd.Series,
) -> dict[str, Any]:
    """B4's record: IWM's total return over ``window`` (**percent**), robustness ``robs["B4"]`` and
    on the price basis ``robs["price"]``; ``price`` = (index ticker, its price return as a fraction,
    its verdict, its return by end day from the window's start in percent); ``grid``: IWM's return
    on every grid window (percent)."""
    (small,) = series_tickers("B4")
    cap = series_tickers("B2")[1]
    s, e = window
    ret = rt_returns.total_return(etf[[small, cap]], s, e)
    idx, pr, v_pr, by_end = price
    before = by_end.loc[:e].iloc[-2]
    days = by_end.loc[:e].index
    last = etf.index[-1]
    return {
        "measured": ret[small] * 100,
        "reason": f"{d.reason}; on the {idx} price return ({pr * 100:.2f} %) it would be {v_pr}; "
        f"{text.day(days[-2])} instead of {text.day(days[-1])} as the end day "
        f"gives {idx} {before:+.2f} %; {robustness.text(robs['B4'])}; "
        f"price basis: {robustness.text(robs['price'])}",
        "window": [s, e],
        "data_end": last,
        "robustness": robs["B4"],
        "measured_text": text.pct(ret[small], 2),
        "headline": f"Small caps ({small}) rose {text.pct(ret[small])} with dividends against the stated "
        f"'{_said('B4', 'small_caps')}'; the {idx} index's price return was {text.pct(pr)}, and "
        f"{text.pct(before, fraction=False)} a day earlier.",
        "details": {
            "rut_price_return_pct": pr * 100,
            "price_basis_robustness": robs["price"],
            "followup": [
                followup(f"{small} since {s}, %", ret[small] * 100, return_pct(etf, small, s, last), last),
                followup(
                    f"{small} − {cap} since {s}, pp",
                    (ret[small] - ret[cap]) * 100,
                    spread_pct(etf, small, cap, s, last),
                    last,
                ),
            ],
            "rut_by_end_pct": {text.day(k): v for k, v in by_end.items()},
            "grid_min_pct": grid.min(),
            "grid_max_pct": grid.max(),
        },
    }


def sector_ranks(etf: pd.DataFrame, sectors: Sequence[str], start, end) -> pd.DataFrame:
    """Each sector's total return over the window (**percent**, best first) and its rank (1 = best)."""
    ret = rt_returns.total_return(etf[list(sectors)], start, end).sort_values(ascending=False) * 100
    return pd.DataFrame({"total return, %": ret, "rank": ret.rank(ascending=False).astype(int)})


def count_in_top(cells: pd.DataFrame, named: Sequence[str], k: int) -> pd.Series:
    """For every row (a grid window) of returns, how many of ``named`` rank among the ``k`` best."""
    return cells.rank(axis=1, ascending=False)[list(named)].le(k).sum(axis=1)


def b5_result(
    d: rules.Decision,
    turns: Mapping[str, Any],
    brk: Any,
    rob: dict,
    tables: tuple[pd.DataFrame, pd.DataFrame],
    etf: pd.DataFrame,
    window: tuple[str, str],
    data_end,
) -> dict[str, Any]:
    """B5's record: the peak of the Mag 7 / RSP line (``turns["mag7"]``, a :class:`rotation.turns.Turn`)
    and of XLK / RSP (``turns["tech"]``), the single-break reading ``brk``, the robustness over
    sample starts ``rob`` and ``tables`` = (by sample start, break test); the follow-up is XLK − RSP
    from the stated date (**pp**)."""
    t5, tx = turns["mag7"], turns["tech"]
    equal, tech = series_tickers("B5")[0], series_tickers("B6")[-1]
    stated, last = articles.figure("B5", "stall").value, etf.index[-1]
    sens, second = tables
    drift = "down" if brk.drift_after < brk.drift_before else "up"
    return {
        "measured": str(t5.date.date()),
        "reason": f"{d.reason}; bootstrap 95 % band {t5.band[0].date()} – {t5.band[1].date()}; "
        f"{tech}/{equal} peaked on {tx.date.date()}; {robustness.text(rob)}; second reading, the single "
        f"break test: {brk.date.date()}, drift {drift} (sup-Wald p = {brk.sup_wald_p:.2f})",
        "window": list(window),
        "data_end": data_end,
        "robustness": rob,
        "measured_text": f"peak on {t5.date.date()}",
        "headline": f"The Mag 7's lead over the equal-weight market peaked on {t5.date.date()} and the line "
        f"then fell {abs(t5.depth_pct):.0f} % to the article's date; the article dated the stall to late October.",
        "details": {
            "mag7": t5.as_row(),
            "xlk": tx.as_row(),
            "followup": [
                followup(
                    f"{tech} − {equal} since {stated}, pp",
                    spread_pct(etf, tech, equal, stated, window[1]),
                    spread_pct(etf, tech, equal, stated, last),
                    last,
                )
            ],
            "by_start": sens.drop(columns=["date", "slope_change", "p_one_sided"]).to_dict("index"),
            "break_test": dict(second.to_dict("index")),
        },
    }


def _check_word(p: Any, yes: str = "yes", no: str = "no") -> str:
    return "no data" if pd.isna(p) else yes if p else no


def b6_result(
    d: rules.Decision, checks: pd.DataFrame, extra: Mapping[str, Any], window: tuple[str, str], data_end
) -> dict[str, Any]:
    """B6's record: how many of the declared ``checks`` (columns ``measured``, ``passed``: True,
    False or None for no data) pass, each in words, and ``extra`` (``details`` to keep, the
    3-month spread's ``percentile`` and its history's first ``year``)."""
    passed = int(sum(p is True or p == True for p in checks["passed"]))  # noqa: E712 (numpy bools)
    equal, cap = series_tickers("B2")
    each = "; ".join(f"{k}: {m} — {_check_word(p, 'pass', 'fail')}" for k, (m, p) in checks.iterrows())
    return {
        "measured": f"{passed} of {len(checks)}",
        "reason": f"{d.reason}: {each}; 3-month {equal}-{cap} spread at the {extra['percentile']:.0f}th "
        f"percentile since {extra['year']}",
        "window": list(window),
        "data_end": data_end,
        "measured_text": f"{passed} of {len(checks)} checks pass",
        "headline": f"{passed} of the {len(checks)} declared checks of a 'real' rotation pass: "
        + "; ".join(f"{k}: {_check_word(p)}" for k, p in checks["passed"].items())
        + ".",
        "details": dict(extra["details"]),
    }


def b7_result(
    d: rules.Decision,
    ta: Any,
    tb: Any,
    rob: dict,
    grid: Mapping[str, str],
    window: tuple[str, str],
    data_end,
) -> dict[str, Any]:
    """B7's record: the two troughs (``ta``: the RSP/SPY line's low, "fourth month"; ``tb``: RSP's
    own low, "mid-November"), their bootstrap bands, and the verdict on every ``grid`` pair."""
    return {
        "measured": f"{ta.date.date()} / {tb.date.date()}",
        "reason": f"{d.reason}; bands {ta.band[0].date()} – {ta.band[1].date()} and {tb.band[0].date()} – "
        f"{tb.band[1].date()}; {robustness.text(rob)}",
        "window": list(window),
        "data_end": data_end,
        "robustness": rob,
        "measured_text": f"rotation low {ta.date.date()}, rally low {tb.date.date()}",
        "headline": f"Equal weight's lead over cap weight began from a low on {ta.date.date()} and RSP's rally "
        f"from a low on {tb.date.date()}; the article spoke of a fourth month and a mid-November start.",
        "details": {"a_rsp_spy": ta.as_row(), "b_rsp_low": tb.as_row(), "grid": dict(grid)},
    }
