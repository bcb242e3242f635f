"""The breadth claims (B1–B7) from their registry rows: tickers, stated figures in words, and the
glue between a measurement, its rule, its robustness grid and its recorded result, so that the
breadth notebook shows results and prose and no long code.

Units: returns and spreads in **percent** and **percentage points**; windows as ISO dates;
day offsets in **calendar days**.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from .. import text
from ..analysis import returns as rt_returns
from ..analysis import turns
from ..errors import DataValidationError
from . import articles, registry, robustness, rules, windows

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
    """The claim's rule (:func:`rotation.verdicts.rules.grid`) on every cell's measured value, summarised
    (:func:`rotation.verdicts.robustness.summary`) against ``at``, the registry window's verdict."""
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
    small = series_tickers("B4")[-1]  # the Russell 2000 fund (B4's second reading)
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


def b4_readings(etf: pd.DataFrame, idx: pd.DataFrame, window: tuple[str, str]) -> pd.DataFrame:
    """B4 on each series of its row (``^RUT;IWM``): the index's price return, which decides, and
    the fund's total return, the second reading; **percent**, each with the rule's verdict."""
    index, fund = series_tickers("B4")
    s, e = window
    vals = {
        f"{index} price return": return_pct(idx, index, s, e),
        f"{fund} total return": return_pct(etf, fund, s, e),
    }
    verdicts = rules.grid("B4", [{"measured": v} for v in vals.values()])
    return pd.DataFrame({"return, %": pd.Series(vals), "verdict": verdicts})


def runs(days: Sequence, held: Sequence[bool]) -> list[tuple[str, str]]:
    """The runs of consecutive ``days`` on which ``held`` is true, as ``(first, last)`` ISO dates."""
    out: list[tuple[str, str]] = []
    prev = False
    for day, h in zip(days, held):
        if h and not prev:
            out.append((text.day(day), text.day(day)))
        elif h:
            out[-1] = (out[-1][0], text.day(day))
        prev = bool(h)
    return out


def held_words(by_end: pd.Series, fig: articles.Figure) -> str:
    """On which end days a return from the window's start (``by_end``, **percent**, indexed by end
    day) reproduces ``fig`` at its stated precision: ``"2026-01-26 … 2026-01-29 (4 of 10 end
    days), not on 2026-01-30"`` (the last end day, the registry's)."""
    held = [fig.contains(v) for v in by_end]
    spans = ", ".join(a if a == b else f"{a} … {b}" for a, b in runs(by_end.index, held))
    last = text.day(by_end.index[-1])
    where = f"on end days {spans} ({sum(held)} of {len(held)} end days)" if spans else "on no end day"
    return f"{where}, {'and' if held[-1] else 'not'} on {last}"


def b4_result(
    d: rules.Decision,
    readings: pd.DataFrame,
    by_end: pd.Series,
    robs: Mapping[str, dict],
    window: tuple[str, str],
    closes: tuple[pd.DataFrame, pd.DataFrame],
    grid: pd.Series,
) -> dict[str, Any]:
    """B4's record: the ^RUT price return over ``window`` (**percent**, :func:`b4_readings`), the
    end days on which it held (``by_end``: its return from the window's start to each end day of
    the grid up to the window's end), robustness ``robs["B4"]`` and the fund's ``robs["fund"]``;
    ``closes`` = (ETF panel, index panel); ``grid``: ^RUT's return on every grid window."""
    index, fund = series_tickers("B4")
    etf, idx = closes
    cap, (s, e), last = series_tickers("B2")[1], window, idx.index[-1]
    r_idx, r_fund = readings["return, %"].iloc[0], readings["return, %"].iloc[1]
    held = held_words(by_end.loc[:e], articles.figure("B4", "small_caps"))
    return {
        "measured": r_idx,
        "reason": f"{d.reason}; the stated figure held {held}; second reading, {fund} total return "
        f"{r_fund:+.2f} %: {readings['verdict'].iloc[1]}; {robustness.text(robs['B4'])}; "
        f"{fund}: {robustness.text(robs['fund'])}",
        "window": [s, e],
        "data_end": last,
        "robustness": robs["B4"],
        "measured_text": text.pct(r_idx, 2, fraction=False),
        "headline": f"The Russell 2000 ({index}) rose {text.pct(r_idx, fraction=False)} over {s} → {e} "
        f"against the stated '{_said('B4', 'small_caps')}': the figure held {held}. {fund}, with "
        f"dividends, returned {text.pct(r_fund, fraction=False)}.",
        "details": {
            "fund_total_return_pct": r_fund,
            "fund_verdict": readings["verdict"].iloc[1],
            "fund_robustness": robs["fund"],
            "followup": [
                followup(f"{index} since {s}, %", r_idx, return_pct(idx, index, s, last), last),
                followup(
                    f"{fund} − {cap} since {s}, pp",
                    spread_pct(etf, fund, cap, s, e),
                    spread_pct(etf, fund, cap, s, etf.index[-1]),
                    etf.index[-1],
                ),
            ],
            "index_by_end_pct": {text.day(k): v for k, v in by_end.items()},
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


def b5_lines() -> dict[str, tuple[str, str]]:
    """B5's lines from its row (``mag7/RSP;XLK/RSP``): label → (leader, base); the group name
    ``mag7`` is the basket ``"Mag 7"``."""
    out = {}
    for part in str(registry.claim("B5")["series"]).split(";"):
        a, _, b = part.strip().partition("/")
        a = "Mag 7" if a.lower() == "mag7" else a
        out[f"{a}/{b}"] = (a, b)
    return out


def b5_turns(line_of: Callable[[Any, str], pd.Series], start) -> dict[str, Any]:
    """The peak (or the row's direction) of each of B5's lines from sample ``start``
    (``line_of(start, leader)``: the leader relative to the base), as :class:`rotation.analysis.turns.Turn`."""
    direction = str(registry.claim("B5")["direction"])
    return {k: turns.turn(line_of(start, a), direction) for k, (a, _) in b5_lines().items()}


def b5_by_start(line_of: Callable[[Any, str], pd.Series], starts: Sequence) -> pd.DataFrame:
    """B5 re-dated and re-decided on samples starting at each of ``starts``: each line's turn date
    and one-sided p, and the claim's verdict by its rule (``turn_each``)."""
    rows = {}
    for st in starts:
        ts = b5_turns(line_of, st)
        row: dict[str, Any] = {}
        for k, t in ts.items():
            row[f"{k} turn"], row[f"{k} p"] = text.day(t.date), round(float(t.p_one_sided), 3)
        row["verdict"] = rules.grid("B5", [{"parts": {k: t.inputs() for k, t in ts.items()}}])[0]
        rows[text.day(st)] = row
    return pd.DataFrame(rows).T.rename_axis("sample start")


def b5_result(
    d: rules.Decision,
    ts: Mapping[str, Any],
    brk: Any,
    rob: dict,
    tables: tuple[pd.DataFrame, pd.DataFrame],
    etf: pd.DataFrame,
    window: tuple[str, str],
    data_end,
) -> dict[str, Any]:
    """B5's record: the turn of each of its lines (``ts``: label → :class:`rotation.analysis.turns.Turn`),
    the single-break reading ``brk`` of the first line, the robustness over sample starts ``rob``
    and ``tables`` = (by sample start, break test); the follow-up is XLK − RSP from the stated
    date (**pp**)."""
    equal, tech = series_tickers("B5")[0], series_tickers("B6")[-1]
    fig, last = articles.figure("B5", "stall"), etf.index[-1]
    sens, second = tables
    drift = "down" if brk.drift_after < brk.drift_before else "up"
    peaks = "; ".join(f"{k} {text.day(t.date)}" for k, t in ts.items())
    bands = "; ".join(f"{k} {text.day(t.band[0])} – {text.day(t.band[1])}" for k, t in ts.items())
    said = "; ".join(
        f"{k} {'peaked' if t.direction == 'peak' else 'turned'} on {text.day(t.date)} and fell "
        f"{abs(t.depth_pct):.0f} % to {window[1]}"
        for k, t in ts.items()
    )
    return {
        "measured": peaks,
        "reason": f"{d.reason}; bootstrap 95 % bands {bands}; {robustness.text(rob)}; second reading, the "
        f"single break test of {next(iter(ts))}: {brk.date.date()}, drift {drift} (sup-Wald p = {brk.sup_wald_p:.2f})",
        "window": list(window),
        "data_end": data_end,
        "robustness": rob,
        "measured_text": f"peaks: {peaks}",
        "headline": f"Relative to equal weight, {said}; the article dated the stall {fig.band_text()} "
        f"({fig.text}).",
        "details": {
            "lines": {k: t.as_row() for k, t in ts.items()},
            "followup": [
                followup(
                    f"{tech} − {equal} since {fig.value}, pp",
                    spread_pct(etf, tech, equal, fig.value, window[1]),
                    spread_pct(etf, tech, equal, fig.value, last),
                    last,
                )
            ],
            "by_start": sens.to_dict("index"),
            "break_test": dict(second.to_dict("index")),
        },
    }


def _check_word(p: Any, yes: str = "yes", no: str = "no", proxy: Any = None) -> str:
    if not pd.isna(p):
        return yes if p else no
    return "no data" if pd.isna(proxy) else f"not computable (proxy: {yes if proxy else no})"


def _b6_words(checks: pd.DataFrame, yes: str, no: str) -> list[str]:
    proxies = checks["proxy"] if "proxy" in checks else pd.Series(None, index=checks.index, dtype=object)
    return [_check_word(p, yes, no, proxies[k]) for k, p in checks["passed"].items()]


def b6_proxy(checks: pd.DataFrame, label: str) -> dict[str, Any] | None:
    """The verdict B6's rule would give with each not-computable check replaced by its proxy's
    result (``checks`` column ``proxy``), labelled ``label``; ``None`` if no check has a proxy."""
    if "proxy" not in checks or checks["proxy"].isna().all():
        return None
    with_proxy = {
        k: (bool(p) if not pd.isna(p) else None if pd.isna(q) else bool(q))
        for k, p, q in zip(checks.index, checks["passed"], checks["proxy"])
    }
    verdict = rules.checks(with_proxy, int(registry.claim("B6")["partly_at"]))
    n = sum(1 for c in with_proxy.values() if c)
    return {"label": label, "text": f"{n} of {len(checks)} checks pass", "verdict": verdict}


def b6_result(
    d: rules.Decision, checks: pd.DataFrame, extra: Mapping[str, Any], window: tuple[str, str], data_end
) -> dict[str, Any]:
    """B6's record: how many of the declared ``checks`` (columns ``measured``, ``passed``: True,
    False or None when not computable, and optionally ``proxy``: a proxy's result for a check
    that is not computable) pass, each in words, the rule's verdict with the proxies counted
    (``proxy``), and ``extra`` (``details`` to keep, the 3-month spread's ``percentile`` and its
    history's first ``year``)."""
    passed = int(sum(p is True or p == True for p in checks["passed"]))  # noqa: E712 (numpy bools)
    equal, cap = series_tickers("B2")
    small = series_tickers("B6")[0]
    pf = zip(checks.index, checks["measured"], _b6_words(checks, "pass", "fail"))
    each = "; ".join(f"{k}: {m} — {w}" for k, m, w in pf)
    yes_no = "; ".join(f"{k}: {w}" for k, w in zip(checks.index, _b6_words(checks, "yes", "no")))
    return {
        "measured": f"{passed} of {len(checks)}",
        "reason": f"{d.reason}: {each}; 3-month {equal}-{cap} spread at the {extra['percentile']:.0f}th "
        f"percentile since {extra['year']}",
        "window": list(window),
        "data_end": data_end,
        "measured_text": f"{passed} of {len(checks)} checks pass",
        "headline": f"{passed} of the {len(checks)} declared checks of a 'real' rotation pass: {yes_no}.",
        "proxy": b6_proxy(checks, f"{small}'s flows as the small-cap funds'"),
        "details": dict(extra["details"]),
    }


def grid_axes(claim_id: str) -> dict[str, range]:
    """A notebook grid declared in the row's ``grid`` column (``name:a..b;name:a..b``), by axis."""
    spec = str(registry.claim(claim_id)["grid"])
    axes = {}
    for part in spec.split(";"):
        name, _, span = part.strip().partition(":")
        lo, _, hi = span.partition("..")
        try:
            axes[name] = range(int(lo), int(hi) + 1)
        except ValueError:
            raise DataValidationError(
                f"data/claims.csv, claim {claim_id}, column 'grid': {part!r}; write name:a..b (e.g. a_start_months:0..3)"
            ) from None
    return axes


def b7_samples(
    index: pd.DatetimeIndex, window: tuple[str, str]
) -> tuple[dict[str, pd.Timestamp], dict[int, pd.Timestamp]]:
    """B7's declared grid (``a_start_months``, ``b_lookback_months``) as sample starts: (a) the
    first trading day of each month counted from the window's start; (b) the window's end less
    each number of months. Only samples that start before the stated range they test can contain
    the turn; the others are left out (a low on the sample's edge is no turn at all)."""
    axes, (start, end) = grid_axes("B7"), window
    row = registry.claim("B7")
    months = windows.monthly_starts(index, start, max(axes["a_start_months"]) + 1)
    a = {text.day(months[i]): months[i] for i in axes["a_start_months"]}
    b = {m: pd.Timestamp(end) - pd.DateOffset(months=m) for m in axes["b_lookback_months"]}
    a_lo, b_lo = pd.Timestamp(row["date_from"]), pd.Timestamp(articles.figure("B7", "rally_start").low)
    return {k: v for k, v in a.items() if v < a_lo}, {m: v for m, v in b.items() if v < b_lo}


def b7_grid(y_a: pd.Series, y_b: pd.Series, samples: tuple[Mapping, Mapping]) -> pd.Series:
    """B7's verdict on every pair of its grid (:func:`b7_samples`): (a) the trough of ``y_a`` (the
    RSP/SPY line) from each start, (b) the trough of ``y_b`` (RSP) over each look-back."""
    ga = {k: turns.turn(y_a.loc[st:], "trough") for k, st in samples[0].items()}
    gb = {m: turns.turn(y_b.loc[st:], "trough") for m, st in samples[1].items()}
    pairs = [(a, m) for a in ga for m in gb]
    cells = [{"parts": {"a": ga[a].inputs(), "b": gb[m].inputs()}} for a, m in pairs]
    names = ["(a) sample start", "(b) months searched"]
    return pd.Series(rules.grid("B7", cells), index=pd.MultiIndex.from_tuples(pairs, names=names), name="B7")


def _stated_range(claim_id: str, key: str) -> str:
    """A dated figure as stated, with its range: ``"fourth month" (2025-09-30 … 2025-10-31)``."""
    f = articles.figure(claim_id, key)
    quoted = f.text.split('"')[1] if f.text.count('"') >= 2 else f.key
    return f'"{quoted}" ({f.band_text()})'


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
        f"from a low on {tb.date.date()}; the article said the rotation {_stated_range('B7', 'fourth_month')} "
        f"and the rally {_stated_range('B7', 'rally_start')}.",
        "details": {"a_rsp_spy": ta.as_row(), "b_rsp_low": tb.as_row(), "grid": dict(grid)},
    }


# --------------------------------------------------------------------------------------------
# the article's own window, searched at the stated precision (B2 and B4's three figures)
# --------------------------------------------------------------------------------------------
def data_as_of(claim_id: str, as_of: str | None = None) -> str:
    """The date a claim is judged at: ``as_of`` when a run gives one, else its article's data-as-of
    date (``data/articles.csv``), never restated in a notebook."""
    if as_of:
        return text.day(as_of)
    return text.day(articles.article(registry.article_of(claim_id))["data_as_of"])


def window_bases(etf: pd.DataFrame, idx: pd.DataFrame, index_cap: str) -> dict[str, pd.DataFrame]:
    """The two bases the article may have used, each labelled for what it is, as closes with the
    columns ``equal``, ``cap`` and ``small``: the funds' total returns (B2's ETFs and B4's fund),
    and the indices' price returns (``index_cap`` and B4's index) with the equal-weight fund
    standing in for the equal-weight index, whose level the data do not hold."""
    equal, cap = series_tickers("B2")
    index, fund = series_tickers("B4")
    both = etf[[equal, cap, fund]].join(idx[[index_cap, index]], how="inner")
    roles = ("equal", "cap", "small")
    return {
        f"ETF total return ({equal}, {cap}, {fund})": both[[equal, cap, fund]].set_axis(roles, axis=1),
        f"index price return ({index_cap}, {index}; {equal} total return for the equal-weight index)": both[
            [equal, index_cap, index]
        ].set_axis(roles, axis=1),
    }


def window_targets() -> dict[str, tuple[str, articles.Figure]]:
    """The three stated figures of B2 and B4, each with the role of the series it is read on."""
    return {
        "equal weight, %": ("equal", articles.figure("B2", "equal_weight")),
        "cap weight, %": ("cap", articles.figure("B2", "cap_weight")),
        "small caps, %": ("small", articles.figure("B4", "small_caps")),
    }


def search_article_window(
    bases: Mapping[str, pd.DataFrame],
    window: tuple[str, str],
    start_days: tuple[int, int],
    end_days: tuple[int, int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every start day within ``start_days`` and end day within ``end_days`` calendar days of the
    registry's ``window``, on each basis, read at the stated precision
    (:func:`rotation.verdicts.windows.reproduce_article`): the full table and its summary per basis."""
    index = next(iter(bases.values())).index
    starts = windows.trading_days_around(index, window[0], start_days)
    ends = windows.trading_days_around(index, window[1], end_days)
    table = windows.reproduce_article(bases, window_targets(), starts, ends)
    return table, windows.reproduction_summary(table)


def verdicts_on_windows(
    table: pd.DataFrame, summary: pd.DataFrame, registry_row: Mapping[str, float]
) -> pd.DataFrame:
    """B2 (equal minus cap weight, **pp**) and B4 (small caps, **percent**) by their rules on the
    registry's window (``registry_row``: the deciding values ``B2`` and ``B4``) and on each basis's
    best window of the search (the reproducing one nearest the stated values, else the nearest miss)."""
    rows = {"registry window": {"B2, pp": registry_row["B2"], "B4, %": registry_row["B4"]}}
    for basis, r in summary.iterrows():
        v = table.loc[(basis, pd.Timestamp(r["best start"]), pd.Timestamp(r["best end"]))]
        label = f"{r['best start']} → {r['best end']}, {basis}"
        rows[label] = {"B2, pp": v["equal weight, %"] - v["cap weight, %"], "B4, %": v["small caps, %"]}
    out = pd.DataFrame(rows).T
    out["B2"] = rules.grid("B2", [{"measured": x} for x in out["B2, pp"]])
    out["B4"] = rules.grid("B4", [{"measured": x} for x in out["B4, %"]])
    return out[["B2, pp", "B2", "B4, %", "B4"]]


def search_words(summary: pd.DataFrame) -> str:
    """The search per basis in one sentence each: how many windows reproduce every figure and
    where they lie, or the nearest miss."""
    out = []
    for basis, r in summary.iterrows():
        if r["reproducing"]:
            out.append(
                f"on the {basis}, {r['reproducing']} of {r['windows']} windows "
                f"{'reproduces' if r['reproducing'] == 1 else 'reproduce'} all three figures "
                f"(starts {r['starts']}, ends {r['ends']}; nearest the stated values {r['best start']} → {r['best end']})"
            )
        else:
            out.append(
                f"on the {basis}, none of {r['windows']} windows does; the nearest miss, {r['best start']} → "
                f"{r['best end']}, is {r['best miss, pp']:.2f} pp outside a band"
            )
    return "; ".join(out)


def basis_words(basis: pd.DataFrame, readings: pd.DataFrame, window: tuple[str, str]) -> str:
    """B2 and B4 over the registry's window in words, from :func:`basis_table` (**percent**) and
    :func:`b4_readings`: the two funds' spread, the index B4 is decided on beside its fund, and
    what the funds' dividends add."""
    (equal, cap), (index, fund) = series_tickers("B2"), series_tickers("B4")
    r, gap = basis["ETF total return, %"], basis["ETF minus index, pp"]
    return (
        f"Over {window[0]} → {window[1]}, {equal} returned {text.pct(r[equal], fraction=False)} and {cap} "
        f"{text.pct(r[cap], fraction=False)} (total return): a spread of {text.pp(r[equal] - r[cap])}. "
        f"{index}, the index B4 names, rose {text.pct(readings['return, %'].iloc[0], fraction=False)} (price "
        f"return, *{readings['verdict'].iloc[0]}*); {fund}, with dividends, "
        f"{text.pct(readings['return, %'].iloc[1], fraction=False)} (*{readings['verdict'].iloc[1]}*). The funds' "
        f"total returns exceed their indices' price returns by {text.pp(gap[cap], 2)} ({cap}) and "
        f"{text.pp(gap[fund], 2)} ({fund}): dividends less fees. The data hold no equal-weight index level, so "
        "B2 stays on the two funds, one basis for both legs."
    )


def turn_words(label: str, t: Any) -> str:
    """One line's turn (:class:`rotation.analysis.turns.Turn`) in a sentence: its date and bootstrap band,
    the drift before and after (**percent per 21 trading days**), the one-sided p and the depth."""
    return (
        f"The {label} line {'peaked' if t.direction == 'peak' else 'bottomed'} on {text.day(t.date)} (bootstrap "
        f"band {text.day(t.band[0])} to {text.day(t.band[1])}); its drift went from {t.drift_before * 2100:+.1f} "
        f"to {t.drift_after * 2100:+.1f} % per 21 trading days (one-sided HAC p = {t.p_one_sided:.3f}), and it "
        f"ended the window {abs(t.depth_pct):.1f} % from the turn."
    )


def search_record(summary: pd.DataFrame, on_windows: pd.DataFrame) -> dict[str, Any]:
    """The article-window search as B2's result keeps it (the scorecard reads it): per basis the
    windows tried and reproducing, their span and the best window, and B2 / B4 on each window."""
    return {
        "by_basis": {
            b: {k: (v if isinstance(v, str) else v.item() if hasattr(v, "item") else v) for k, v in r.items()}
            for b, r in summary.iterrows()
        },
        "verdicts": {
            w: {k: (float(v) if not isinstance(v, str) else v) for k, v in r.items()}
            for w, r in on_windows.iterrows()
        },
    }


# --------------------------------------------------------------------------------------------
# B6's three checks and the history of the equal-weight spread
# --------------------------------------------------------------------------------------------
def flow_ytd(flows: pd.Series, days: pd.DatetimeIndex) -> tuple[dict[str, Any], str]:
    """The fund's net flow (USD) summed over ``days`` with missing days bounded
    (:func:`rotation.analysis.stats.sum_with_gaps`) and in words; ``{"error": ...}`` and "no flow data for the
    year" when the flow file has none for those days (the check cannot be made)."""
    from ..analysis import stats

    try:
        ytd = stats.sum_with_gaps(flows, days)
    except DataValidationError as exc:
        return {"error": str(exc)}, "no flow data for the year"
    words = (
        f"{ytd['total'] / 1e9:+.1f} USD bn ({ytd['missing_days']} day(s) missing: "
        f"{ytd['low'] / 1e9:+.1f} to {ytd['high'] / 1e9:+.1f} USD bn)"
    )
    return ytd, words


def b6_checks(
    roll: Mapping[str, Any], cyc: pd.Series, flow: tuple[Mapping[str, Any], str], roll_days: int, year: int
) -> pd.DataFrame:
    """B6's three declared checks, each measured in words and passed (True, False, or None when it
    cannot be made): the small-cap fund beats the cap-weight fund in most rolling windows
    (``roll``), the cyclical SPDRs (equally weighted) beat the technology SPDR (``cyc``: total
    returns, fractions), and small-cap fund inflows improved. The last is not computable: the data
    hold one small-cap fund's flows (``flow``: its net flow of ``year``), a proxy for the claim's
    "small-cap fund inflows", so it is None and the proxy's own result (positive at its low bound)
    stands beside it in column ``proxy`` (None for the checks measured on the claim's scope)."""
    small, cap, tech = series_tickers("B6")
    cyclicals = [c for c in cyc.index if c != tech]
    ytd, flow_words = flow
    beat = int((cyc[cyclicals] > cyc[tech]).sum())
    proxy_pass = ytd["low"] > 0 if "error" not in ytd else None
    return pd.DataFrame(
        {
            "measured": [
                f"{roll['beaten']} of {roll['windows']} windows ({roll['share_pct']:.0f} %)",
                f"{cyc[cyclicals].mean():.2%} vs {cyc[tech]:.2%}; {beat} of {len(cyclicals)} beat {tech}",
                f"not computable: only {small}'s flows are in the data (proxy: {small} net flow {year} YTD "
                f"{flow_words})",
            ],
            "passed": [roll["share_pct"] > 50, cyc[cyclicals].mean() > cyc[tech], None],
            "proxy": [None, None, proxy_pass],
        },
        index=[
            f"{small} beats {cap}, rolling {roll_days}d",
            f"cyclicals beat {tech}",
            "small-cap fund inflows improved",
        ],
    )


def spread_history(etf: pd.DataFrame, days: int, as_of) -> dict[str, Any]:
    """The ``days``-day equal- minus cap-weight spread (B2's funds, **pp**) over its whole history to
    ``as_of``: the series, its last value, and that value's percentile among all earlier windows
    (overlapping) and among the non-overlapping ones, with their counts."""
    from ..analysis import stats

    equal, cap = series_tickers("B2")
    hist = stats.rolling_spread(etf.loc[:as_of], equal, cap, days)
    now, sparse = hist.iloc[-1], stats.non_overlapping(hist, days)
    return {
        "hist": hist,
        "now": float(now),
        "pct_all": stats.empirical_percentile(hist.iloc[:-1], now),
        "pct_ind": stats.empirical_percentile(sparse.iloc[:-1], now),
        "n_all": len(hist) - 1,
        "n_ind": len(sparse) - 1,
    }


def spread_words(h: Mapping[str, Any], days: int) -> str:
    """:func:`spread_history` in a sentence."""
    hist = h["hist"]
    return (
        f"The {days}-day spread to {text.day(hist.index[-1])} is {text.pp(h['now'])}: higher than "
        f"{h['pct_all']:.0f} % of all {h['n_all']} earlier overlapping windows since {text.day(hist.index[0])} "
        f"and {h['pct_ind']:.0f} % of the {h['n_ind']} non-overlapping ones."
    )


# --------------------------------------------------------------------------------------------
# what happened next
# --------------------------------------------------------------------------------------------
def next_table(closes: pd.DataFrame, as_of) -> pd.DataFrame:
    """Total return of each column from ``as_of`` to every month end after it (**percent**), with the
    equal- minus cap-weight spread (B2's funds, **pp**) as the third column; index as ISO dates."""
    equal, cap = series_tickers("B2")
    nxt = rt_returns.returns_to_month_ends(closes, as_of) * 100
    nxt.insert(2, f"{equal}-{cap}, pp", nxt[equal] - nxt[cap])
    nxt.index = nxt.index.strftime("%Y-%m-%d")
    return nxt


def next_words(nxt: pd.DataFrame, as_of) -> str:
    """The last row of :func:`next_table` in a sentence, and whether the equal-weight lead grew
    (by more than 1 pp), shrank, or neither."""
    equal, cap = series_tickers("B2")
    last, sp = nxt.iloc[-1], nxt.iloc[-1][f"{equal}-{cap}, pp"]
    others = ", ".join(f"{c} {text.pct(last[c], fraction=False)}" for c in nxt.columns[3:])
    held = "grew" if sp > 1 else "shrank" if sp < -1 else "neither grew nor shrank by more than 1 pp"
    return (
        f"from {text.day(as_of)} to {nxt.index[-1]}, {equal} returned {text.pct(last[equal], fraction=False)} "
        f"and {cap} {text.pct(last[cap], fraction=False)} ({text.pp(sp)}); {others}. The equal-weight lead of "
        f"the article's window {held} over the following months."
    )


def regained_words(line: pd.Series, peak, as_of, label: str) -> str:
    """Whether a relative line regained its pre-article ``peak`` after ``as_of``, and where it
    stood at the end of the data against that peak."""
    after = line.loc[pd.Timestamp(as_of) + pd.Timedelta(days=1) :]
    regained = after[after >= line.loc[peak]]
    what = (
        f"regained its {text.day(peak)} peak on {text.day(regained.index[0])}"
        if len(regained)
        else f"stayed below its peak through {text.day(after.index[-1])}"
    )
    gap = text.pct(line.iloc[-1] / line.loc[peak] - 1)
    return f"After the article the {label} line {what}; at the end of the data ({text.day(line.index[-1])}) it stood {gap} from its {text.day(peak)} peak."


def month_end_rows(frame: pd.DataFrame, start, as_of) -> pd.DataFrame:
    """``frame``'s rows on the last trading day at or before ``start`` and ``as_of`` and on the last
    trading day of each month after ``as_of``."""
    later = frame.loc[as_of:]
    month_ends = later.groupby(later.index.to_period("M")).tail(1).index
    firsts = [
        frame.index[frame.index.searchsorted(pd.Timestamp(d), side="right") - 1] for d in (start, as_of)
    ]
    return frame.loc[firsts + list(month_ends)].drop_duplicates()
