"""The vocabulary of measures: what market commentary states, computed from price series.

Each measure is a small, tested function of wide closes (one column per ticker, rows = trading
days; adjusted closes give **total** returns, index levels **price** returns) and returns one
:class:`Measurement`: the value in the claim's unit, bounds where the data only bound it, the
coverage, and the series, window and basis actually used. A rule in :mod:`rotation.verdicts.rules` decides
on it; :func:`rotation.verdicts.conclude.conclude` ties the two together from a registry row.

Units: returns and their differences are in **percent** / **percentage points**; dates are ISO
strings; counts and ranks are integers (rank 1 = best).

The measures (the registry's ``measure`` column names them):

============================  =================================================================
``window_return``             return of one series over a window
``spread``                    difference of two returns, pp
``relative_return``           ratio-based relative return, (1 + a) / (1 + b) - 1, percent
``rank_in_group``             rank of a series' return within a group (1 = best)
``count_in_top_k``            how many of a named set are among the group's k best
``beats_benchmark``           checks: each named member beat a benchmark, and no other did
``window_returns``            the return of each of several series over one window
``best_period_vs``            the best (or worst) calendar period of a against b since a date,
                              and where the latest period ranks among them
``years_beating``             calendar years in which a beat b over a span
``ytd_return``                return from the last close of the previous year
``relative_turn``             date of a relative line's peak or trough in a window
``streak``                    consecutive calendar periods, to the window end, in which a beat b
``flow_sum``                  sum of daily flows with its coverage and bounds for missing days
``contribution_share``        share of an index's gain contributed by a named set of members
``eps_growth``                estimated calendar-year EPS growth of an index in the last estimate
                              vintage on or before a date (E1's estimate vintages)
``rank_corr``                 Spearman rank correlation of a score with a later return, with its
                              one-sided permutation p-value (C3's rank test)
============================  =================================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import DataNotFoundError, ParameterError
from .consensus import N_RESAMPLES, spearman_grid, spearman_test
from .measurement import Measurement, trading_window
from .returns import as_of, total_return, trading_day


def _day(x: pd.Timestamp) -> str:
    return str(pd.Timestamp(x).date())


def _need(closes: pd.DataFrame, tickers: Sequence[str]) -> None:
    missing = [t for t in tickers if t not in closes.columns]
    if missing:
        raise DataNotFoundError(f"no prices for {missing}; the series loaded are {list(closes.columns)}")


# --------------------------------------------------------------------------------------------
# returns
# --------------------------------------------------------------------------------------------
def window_return(closes: pd.DataFrame, ticker: str, start, end, *, basis: str = "total") -> Measurement:
    """Return of ``ticker`` from the close on or before ``start`` to the close on or before
    ``end``, percent."""
    _need(closes, [ticker])
    r = float(total_return(closes[[ticker]], start, end).iloc[0]) * 100
    return Measurement("window_return", r, "percent", (ticker,), trading_window(closes, start, end), basis)


def spread(closes: pd.DataFrame, a: str, b: str, start, end, *, basis: str = "total") -> Measurement:
    """Return of ``a`` minus return of ``b`` over the window, percentage points."""
    _need(closes, [a, b])
    r = total_return(closes[[a, b]], start, end) * 100
    return Measurement(
        "spread",
        float(r[a] - r[b]),
        "percentage points",
        (a, b),
        trading_window(closes, start, end),
        basis,
        details={f"{a}_pct": float(r[a]), f"{b}_pct": float(r[b])},
    )


def relative_return(closes: pd.DataFrame, a: str, b: str, start, end, *, basis: str = "total") -> Measurement:
    """Ratio-based relative return ``(1 + r_a) / (1 + r_b) - 1`` over the window, percent (the
    change of the relative-strength line a / b)."""
    _need(closes, [a, b])
    r = total_return(closes[[a, b]], start, end)
    rel = ((1 + r[a]) / (1 + r[b]) - 1) * 100
    return Measurement(
        "relative_return", float(rel), "percent", (a, b), trading_window(closes, start, end), basis
    )


def ytd_return(closes: pd.DataFrame, ticker: str, as_of_date, *, basis: str = "total") -> Measurement:
    """Return from the last close of the previous calendar year to ``as_of_date``, percent."""
    start = pd.Timestamp(as_of_date).replace(month=1, day=1) - pd.Timedelta(days=1)
    m = window_return(closes, ticker, start, as_of_date, basis=basis)
    return Measurement("ytd_return", m.value, m.unit, m.series, m.window, basis)


def _group_returns(closes: pd.DataFrame, group: Sequence[str], start, end) -> pd.Series:
    _need(closes, group)
    return total_return(closes[list(group)], start, end) * 100


def rank_in_group(
    closes: pd.DataFrame, ticker: str, group: Sequence[str], start, end, *, basis: str = "total"
) -> Measurement:
    """Rank of ``ticker``'s return within ``group`` over the window (1 = best; ties share the
    better rank)."""
    if ticker not in group:
        raise ParameterError(f"{ticker} is not in the group {list(group)}")
    r = _group_returns(closes, group, start, end)
    rank = int(r.rank(ascending=False, method="min")[ticker])
    return Measurement(
        "rank_in_group",
        rank,
        f"rank of {len(group)}",
        tuple(group),
        trading_window(closes, start, end),
        basis,
        details={"returns_pct": r.round(4).to_dict()},
    )


def count_in_top_k(
    closes: pd.DataFrame,
    named: Sequence[str],
    group: Sequence[str],
    k: int,
    start,
    end,
    *,
    basis: str = "total",
) -> Measurement:
    """How many of ``named`` are among the ``k`` best returns of ``group`` over the window."""
    if k < 1:
        raise ParameterError(f"top k must be at least 1, not {k}")
    outside = [t for t in named if t not in group]
    if outside:
        raise ParameterError(f"{outside} are not in the group {list(group)}")
    r = _group_returns(closes, group, start, end)
    top = list(r.sort_values(ascending=False).index[:k])
    n = sum(t in top for t in named)
    return Measurement(
        "count_in_top_k",
        n,
        f"of {len(named)} in the top {k}",
        tuple(group),
        trading_window(closes, start, end),
        basis,
        details={"top": top, "returns_pct": r.round(4).to_dict()},
    )


def beats_benchmark(
    closes: pd.DataFrame,
    named: Sequence[str],
    group: Sequence[str],
    benchmark: str,
    start,
    end,
    *,
    basis: str = "total",
) -> Measurement:
    """ "These three sectors outperformed the index" as checks: each named member's return beat
    ``benchmark``'s over the window, and no other member of ``group`` did. ``value`` maps each
    check to True/False (the ``checks`` rule counts them)."""
    outside = [t for t in named if t not in group]
    if outside:
        raise ParameterError(f"{outside} are not in the group {list(group)}")
    r = _group_returns(closes, list(dict.fromkeys([*group, benchmark])), start, end)
    bench = float(r[benchmark])
    beat = [t for t in group if t != benchmark and r[t] > bench]
    checks: dict[str, bool] = {f"{t} beat {benchmark}": bool(r[t] > bench) for t in named}
    others = [t for t in beat if t not in named]
    checks[f"no other member beat {benchmark}"] = not others
    return Measurement(
        "beats_benchmark",
        checks,
        "checks",
        (*group, benchmark),
        trading_window(closes, start, end),
        basis,
        details={"benchmark_pct": bench, "beat": beat, "returns_pct": r.round(4).to_dict()},
    )


def window_returns(
    closes: pd.DataFrame, tickers: Sequence[str], start, end, *, basis: str = "total"
) -> Measurement:
    """The return of each of ``tickers`` over one window, percent (``value`` maps ticker to return)."""
    r = _group_returns(closes, tickers, start, end)
    return Measurement(
        "window_returns",
        {t: float(r[t]) for t in tickers},
        "percent",
        tuple(tickers),
        trading_window(closes, start, end),
        basis,
    )


# --------------------------------------------------------------------------------------------
# periods
# --------------------------------------------------------------------------------------------
def _period_relative(closes: pd.DataFrame, a: str, b: str, freq: str) -> pd.Series:
    """Relative return of a against b in each calendar period (``"M"`` month, ``"Y"`` year),
    percent, from the last close of the previous period; partial first periods are dropped."""
    _need(closes, [a, b])
    px = closes[[a, b]].dropna()
    ends = px.groupby(px.index.to_period(freq)).tail(1)
    r = ends.pct_change().dropna()
    rel = ((1 + r[a]) / (1 + r[b]) - 1) * 100
    rel.index = rel.index.to_period(freq)
    return rel


def best_period_vs(
    closes: pd.DataFrame,
    a: str,
    b: str,
    since,
    period,
    *,
    freq: str = "M",
    worst: bool = False,
    basis: str = "total",
) -> Measurement:
    """Where ``period`` (e.g. ``"2026-01"``) ranks among every calendar period since ``since`` by
    a's return relative to b (1 = best, or worst with ``worst``): "its best month against the
    Nasdaq 100 since April 2002" is rank 1."""
    rel = _period_relative(closes, a, b, freq)
    rel = rel[rel.index >= pd.Period(since, freq)]
    target = pd.Period(period, freq)
    if target not in rel.index:
        raise DataNotFoundError(
            f"no complete {freq} period {target} for {a} vs {b} (data {rel.index[0]} … {rel.index[-1]})"
        )
    rel = rel[rel.index <= target]
    rank = int(rel.rank(ascending=worst, method="min")[target])
    return Measurement(
        "best_period_vs",
        rank,
        f"rank of {len(rel)} periods",
        (a, b),
        (str(rel.index[0]), str(target)),
        basis,
        details={
            "period_pct": float(rel[target]),
            "best_pct": float(rel.max()),
            "worst_pct": float(rel.min()),
        },
    )


def years_beating(
    closes: pd.DataFrame, a: str, b: str, first_year: int, last_year: int, *, basis: str = "total"
) -> Measurement:
    """Number of calendar years ``first_year`` … ``last_year`` in which a's return beat b's."""
    rel = _period_relative(closes, a, b, "Y")
    span = rel[(rel.index.year >= first_year) & (rel.index.year <= last_year)]
    expected = last_year - first_year + 1
    if len(span) < expected:
        raise DataNotFoundError(
            f"{a} vs {b}: only {len(span)} complete years in {first_year} … {last_year} (need {expected})"
        )
    n = int((span > 0).sum())
    return Measurement(
        "years_beating",
        n,
        f"years of {expected}",
        (a, b),
        (str(first_year), str(last_year)),
        basis,
        details={"by_year_pct": {str(k): round(float(v), 4) for k, v in span.items()}},
    )


def streak(
    closes: pd.DataFrame, a: str, b: str, end, *, freq: str = "M", basis: str = "total"
) -> Measurement:
    """Consecutive complete calendar periods up to the one containing ``end`` in which a beat b
    ("four consecutive months"); the last period runs to ``end``, not beyond it."""
    rel = _period_relative(closes.loc[: pd.Timestamp(end)], a, b, freq)
    rel = rel[rel.index <= pd.Period(end, freq)]
    n = 0
    for v in rel.iloc[::-1]:
        if v > 0:
            n += 1
        else:
            break
    first = str(rel.index[-n]) if n else None
    return Measurement(
        "streak",
        n,
        f"consecutive {'months' if freq == 'M' else 'periods'}",
        (a, b),
        (first or str(rel.index[-1]), str(rel.index[-1])),
        basis,
    )


def relative_turn(
    closes: pd.DataFrame, a: str, b: str, start, end, *, direction: str = "peak", basis: str = "total"
) -> Measurement:
    """Date of the highest (``peak``) or lowest (``trough``) close of the relative line a / b in
    the window."""
    if direction not in ("peak", "trough"):
        raise ParameterError(f"direction must be peak or trough, not {direction!r}")
    _need(closes, [a, b])
    win = closes.loc[trading_day(closes.index, start) : pd.Timestamp(end), [a, b]].dropna()
    line = win[a] / win[b]
    day = line.idxmax() if direction == "peak" else line.idxmin()
    return Measurement(
        "relative_turn",
        _day(day),
        "date",
        (a, b),
        (_day(win.index[0]), _day(win.index[-1])),
        basis,
        details={"direction": direction, "edge": bool(day in (win.index[0], win.index[-1]))},
    )


# --------------------------------------------------------------------------------------------
# flows and contributions
# --------------------------------------------------------------------------------------------
def flow_sum(
    daily: pd.DataFrame, tickers: Sequence[str], start, end, *, bound: Mapping[str, float]
) -> Measurement:
    """Sum of daily net flows (USD) of ``tickers`` over the window's business days, in USD bn.

    ``daily``: rows = days, columns = tickers, NaN = a missing day. ``bound[t]`` is the largest
    absolute daily flow a missing day of t can take (e.g. the fund's largest observed day): the
    sum is then known only within ``low`` … ``high``; ``coverage`` is the share of fund-days
    observed."""
    _need(daily, tickers)
    days = pd.bdate_range(start, end)
    win = daily.reindex(days)[list(tickers)]
    observed = float(win.sum(skipna=True).sum()) / 1e9
    gaps = win.isna().sum()
    slack = float(sum(gaps[t] * abs(bound[t]) for t in tickers)) / 1e9
    coverage = float(win.notna().to_numpy().mean()) if win.size else 0.0
    return Measurement(
        "flow_sum",
        observed,
        "USD bn",
        tuple(tickers),
        (_day(days[0]), _day(days[-1])),
        "flows",
        low=observed - slack,
        high=observed + slack,
        coverage=coverage,
        details={"missing_days": {t: int(gaps[t]) for t in tickers}},
    )


def contribution_share(
    closes: pd.DataFrame, weights: pd.Series, named: Sequence[str], start, end, *, basis: str = "total"
) -> Measurement:
    """Share of a cap-weighted basket's gain over the window contributed by ``named`` members,
    percent: sum over named of w_i r_i divided by sum over all of w_i r_i (``weights`` at the
    window's start). Members without prices in the window are left out, and ``coverage`` is the
    weight share that was priced."""
    win = closes.loc[trading_day(closes.index, start) : pd.Timestamp(end)]
    d0, p0 = win.index[0], win.iloc[0]
    p1 = win.iloc[-1]
    r = p1 / p0 - 1
    w = weights.reindex(r.index)
    ok = r.notna() & w.notna()
    contrib = (w[ok] / w[ok].sum()) * r[ok]
    total = float(contrib.sum())
    if total == 0 or np.isnan(total):
        raise DataNotFoundError(
            f"the basket's gain over {_day(d0)} … {_day(win.index[-1])} is zero or missing"
        )
    inside = [t for t in named if t in contrib.index]
    share = float(contrib[inside].sum()) / total * 100
    coverage = float(weights.reindex(r.index)[ok].sum() / weights.sum())
    return Measurement(
        "contribution_share",
        share,
        "percent of the gain",
        tuple(named),
        (_day(d0), _day(win.index[-1])),
        basis,
        coverage=coverage,
        details={"basket_gain_pct": total * 100, "named_priced": len(inside)},
    )


# --------------------------------------------------------------------------------------------
# estimates and rank tests
# --------------------------------------------------------------------------------------------
def vintages(growth: pd.DataFrame, as_of) -> list[pd.Timestamp]:
    """The estimate vintages of ``growth`` (rows ``(index, vintage_date)``) on or before ``as_of``,
    oldest first; none stops, naming the first vintage."""
    v = pd.DatetimeIndex(growth.index.get_level_values("vintage_date").unique()).sort_values()
    kept = list(v[v <= pd.Timestamp(as_of)])
    if not kept:
        raise DataNotFoundError(f"no estimate vintage on or before {_day(as_of)} (the first is {_day(v[0])})")
    return kept


def eps_growth(growth: pd.DataFrame, index: str, year: int, as_of) -> Measurement:
    """Estimated EPS growth of ``index`` for calendar ``year`` in the last vintage on or before
    ``as_of``, percent (the estimate "at" a date; :func:`rotation.analysis.earnings.index_growth` gives
    ``growth``: rows ``(index, vintage_date)``, columns calendar years, percent).

    ``window`` is (the vintage used, ``as_of``); ``details`` hold the vintage, every index's growth
    in that vintage (``by_index``) and ``index``'s growth in each vintage up to ``as_of``
    (``by_vintage``), so the estimate's path is recorded with it."""
    if year not in growth.columns:
        raise DataNotFoundError(f"no EPS growth for {year}; the table has {list(growth.columns)}")
    indexes = list(growth.index.get_level_values("index").unique())
    if index not in indexes:
        raise DataNotFoundError(f"no EPS estimates for {index!r}; the table has {indexes}")
    kept = vintages(growth, as_of)
    at = kept[-1]
    now = growth.xs(at, level="vintage_date")[year]
    path = growth.xs(index, level="index")[year].reindex(kept)
    if pd.isna(now.get(index)):
        raise DataNotFoundError(f"{index}: no {year} EPS growth in the vintage of {_day(at)}")
    return Measurement(
        "eps_growth",
        float(now[index]),
        "percent",
        (index,),
        (_day(at), _day(as_of)),
        "estimates",
        coverage=float(path.notna().mean()),
        details={
            "vintage": _day(at),
            "year": int(year),
            "by_index": {str(k): float(x) for k, x in now.dropna().items()},
            "by_vintage": {_day(k): float(x) for k, x in path.dropna().items()},
        },
    )


def rank_corr(
    score: pd.Series, later: pd.Series, window: tuple[str, str], *, alternative: str = "less"
) -> Measurement:
    """Spearman rank correlation of ``score`` with ``later`` (a return over ``window``, aligned on
    the index: one item per sector), with its permutation p-value
    (:func:`rotation.analysis.consensus.spearman_test`; ``"less"``: H1 is a negative correlation, the
    contrarian hypothesis). ``value`` is rho; ``details`` hold ``p_value``, ``method``, ``n``."""
    t = spearman_test(score, later, alternative=alternative)
    return Measurement(
        "rank_corr",
        float(t["rho"]),
        "Spearman rank correlation",
        tuple(str(i) for i in score.index),
        (_day(window[0]), _day(window[1])),
        "total",
        details={
            "p_value": float(t["p_value"]),
            "method": t["method"],
            "n": int(t["n"]),
            "alternative": alternative,
        },
    )


def rank_corr_grid(score: pd.Series, later: pd.DataFrame, *, alternative: str = "less") -> list[Measurement]:
    """:func:`rank_corr` in every cell of a grid of windows at once (``later``: rows ``(start,
    end)``, columns the items of ``score``; :func:`rotation.analysis.consensus.return_grid`), on one shared
    set of pairings (:func:`rotation.analysis.consensus.spearman_grid`), one measurement per row."""
    cells = spearman_grid(score, later, alternative=alternative)
    exact = math.factorial(len(score)) <= N_RESAMPLES  # as spearman_grid decides
    method = "exact, shared" if exact else f"Monte Carlo, {N_RESAMPLES:,} shared pairings"
    return [
        Measurement(
            "rank_corr",
            float(r.rho),
            "Spearman rank correlation",
            tuple(str(i) for i in score.index),
            (_day(s), _day(e)),
            "total",
            details={
                "p_value": float(r.p_value),
                "method": method,
                "n": len(score),
                "alternative": alternative,
            },
        )
        for (s, e), r in zip(cells.index, cells.itertuples(), strict=True)
    ]


#: name -> function, the registry's ``measure`` column's vocabulary for generic claims
MEASURES: dict[str, Callable[..., Measurement]] = {
    "window_return": window_return,
    "spread": spread,
    "relative_return": relative_return,
    "ytd_return": ytd_return,
    "rank_in_group": rank_in_group,
    "count_in_top_k": count_in_top_k,
    "beats_benchmark": beats_benchmark,
    "window_returns": window_returns,
    "best_period_vs": best_period_vs,
    "years_beating": years_beating,
    "streak": streak,
    "relative_turn": relative_turn,
    "flow_sum": flow_sum,
    "contribution_share": contribution_share,
    "eps_growth": eps_growth,
    "rank_corr": rank_corr,
}


def as_of_close(closes: pd.DataFrame, ticker: str, when) -> tuple[str, float]:
    """The close of ``ticker`` on the last trading day on or before ``when`` (a helper for tables)."""
    day, row = as_of(closes[[ticker]], when)
    return _day(day), float(row[ticker])
