"""Empirical-distribution helpers: rolling spreads, where a value sits in its own history, how
often one series beats another over rolling windows, block-bootstrap indices.

Units: spreads in **percentage points**; percentiles and shares of windows in **percent**;
windows in **trading days**. No normal assumption anywhere: distributions are the data's own.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .returns import trading_day


def rolling_spread(closes: pd.DataFrame, a: str, b: str, periods: int) -> pd.Series:
    """Trailing ``periods``-trading-day return of ``a`` minus that of ``b`` (percentage points),
    indexed by each window's last day; days without both full windows are dropped."""
    for t in (a, b):
        if t not in closes:
            raise KeyError(f"{t!r} not among the columns {list(closes.columns)}")
    r = closes[[a, b]] / closes[[a, b]].shift(periods) - 1.0
    out = ((r[a] - r[b]) * 100.0).dropna()
    out.name = f"{a}-{b} {periods}d spread, pp"
    return out


def empirical_percentile(history: pd.Series, value: float) -> float:
    """Percentile rank (0–100) of ``value`` in ``history``: percent of observations strictly
    below it plus half of those equal to it (so the median of a sample scores 50)."""
    h = pd.Series(history).dropna().to_numpy()
    if h.size == 0:
        raise DataValidationError("empty history: cannot rank a value in it")
    if np.isnan(value):
        raise DataValidationError("cannot rank a missing value")
    return float(((h < value).sum() + 0.5 * (h == value).sum()) / h.size * 100.0)


def non_overlapping(series: pd.Series, periods: int) -> pd.Series:
    """Every ``periods``-th observation counting back from the last one: the non-overlapping
    windows of a rolling statistic (the effective sample of an overlapping history)."""
    return series.iloc[::-1].iloc[::periods].iloc[::-1]


def share_of_windows_beating(
    closes: pd.DataFrame, a: str, b: str, periods: int, start, end
) -> dict[str, float]:
    """How often ``a`` beat ``b`` over rolling ``periods``-trading-day windows lying wholly
    inside ``[start, end]`` (the first window starts on the last trading day on or before
    ``start``).

    Returns ``windows`` (count), ``beaten`` (count) and ``share_pct`` (percent). Raises if the
    span holds no complete window.
    """
    sub = closes.loc[: pd.Timestamp(end), [a, b]]
    sub = sub.loc[trading_day(sub.index, start) :]
    spread = rolling_spread(sub, a, b, periods)
    if spread.empty:
        raise DataValidationError(
            f"{start}..{end} holds fewer than {periods + 1} trading days: no complete window"
        )
    beaten = int((spread > 0).sum())
    return {"windows": int(spread.size), "beaten": beaten, "share_pct": beaten / spread.size * 100.0}


def newey_west_lags(n: int) -> int:
    """Newey–West (1994) rule of thumb for the Bartlett-kernel lag length: floor(4 (n/100)^(2/9))."""
    return int(math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


#: the shortest bootstrap block, trading days (about a week)
MIN_BLOCK = 5


def block_length(n: int) -> int:
    """The project's one moving-block bootstrap block length for a daily series of ``n``
    observations: the Newey–West lag length (:func:`newey_west_lags`, the dependence the HAC
    errors allow for), at least :data:`MIN_BLOCK` days, at most ``n``."""
    return min(n, max(MIN_BLOCK, newey_west_lags(n)))


def block_bootstrap_indices(n: int, block: int, reps: int, seed: int = 0) -> np.ndarray:
    """``reps`` × ``n`` array of moving-block bootstrap positions into a series of length ``n``
    (blocks of ``block`` consecutive positions, starts drawn uniformly, truncated to ``n``)."""
    if not 1 <= block <= n:
        raise ValueError(f"block length must be between 1 and n={n}, got {block}")
    rng = np.random.default_rng(seed)
    nblocks = -(-n // block)
    starts = rng.integers(0, n - block + 1, size=(reps, nblocks))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(reps, -1)
    return idx[:, :n]


def sum_with_gaps(values: pd.Series, days: pd.DatetimeIndex) -> dict[str, float]:
    """Sum of a daily series over ``days`` when some days have no value (NaN or absent), with a
    bound for the gaps: each missing day is allowed any value within ± the largest absolute
    observed value. Returns ``total``, ``observed_days``, ``missing_days``, ``low``, ``high``
    (units of ``values``). Raises if no day is observed."""
    v = values.reindex(days)
    obs = v.dropna()
    if obs.empty:
        raise DataValidationError(f"no observed value between {days[0].date()} and {days[-1].date()}")
    missing = int(v.isna().sum())
    total = float(obs.sum())
    low, high = gap_bounds(total, missing, float(obs.abs().max()))
    return {"total": total, "observed_days": int(obs.size), "missing_days": missing, "low": low, "high": high}


def gap_bounds(observed, missing_days, cap):
    """Bounds of a sum with missing days: ``observed`` (the sum of the days seen; NaN when none
    was) plus each of the ``missing_days`` anywhere in ``[-cap, +cap]``. Scalars or aligned
    Series; returns ``(low, high)`` in the units of ``observed``. The one gap-bounded sum of the
    project: :func:`sum_with_gaps`, :func:`rotation.analysis.flows.with_bounds` and
    :func:`rotation.analysis.flows.window_sums` use it."""
    seen = (
        observed.fillna(0.0) if isinstance(observed, pd.Series) else (0.0 if np.isnan(observed) else observed)
    )
    gap = missing_days * cap
    return seen - gap, seen + gap
