"""When did a relative-strength line turn? Least-squares break dates with their uncertainty.

A relative-strength line ``log(A / B)`` that changes slope (a "stall" or a "turn") is a shift in
the **mean of its daily log changes** (its drift). The functions here estimate such shifts:

- :func:`single_break`: one break, its date chosen by least squares over a trimmed grid (the
  Quandt/Andrews sup-Wald approach), with the sup-Wald statistic and its block-bootstrap p-value,
  the shift's t-statistic from statsmodels OLS with HAC (Newey–West) standard errors, Bai's (1997)
  asymptotic confidence interval for the date, and a moving-block bootstrap interval for the date;
- :func:`partition`: the global least-squares partition into up to ``max_breaks`` breaks (Bai &
  Perron 1998/2003, dynamic programming), number of breaks chosen by BIC;
- :func:`final_regime_break`: the break that opens the regime in force at the end of the sample
  (what "has stalled since" or "began in" refers to), with :func:`single_break`'s uncertainty
  computed on its two adjacent regimes.

Units: returns are daily **log changes** (fractions); drifts are reported per trading day and in
percent per 21 trading days (about a month); windows and interval half-widths in **trading days**.
A break at position ``k`` means the new regime starts on ``dates[k]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from ..errors import DataValidationError
from .stats import block_bootstrap_indices, block_length, newey_west_lags

#: Quantiles of |argmax_s {W(s) - |s|/2}| (two-sided Brownian motion with drift), Bai (1997): a
#: break-date interval at level L is k̂ ± ceil(c_L · σ²_LR / δ²) trading days. From the limit's
#: closed-form CDF (Yao 1987; checked in tests/test_breaks.py). The 99 % value was 20.87 until
#: issue 23's check found it is 19.77; no notebook uses that level.
BAI_CRITICAL = {0.90: 7.69, 0.95: 11.03, 0.99: 19.77}


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------
def log_relative_returns(closes: pd.DataFrame, a: str, b: str) -> pd.Series:
    """Daily change of ``log(a / b)`` (log points as fractions), indexed by the day of the change.

    Raises if either column has gaps inside the sample (a gap would silently merge two days).
    """
    for t in (a, b):
        if t not in closes:
            raise KeyError(f"{t!r} not among the columns {list(closes.columns)}")
    pair = closes[[a, b]]
    if pair.isna().any().any():
        bad = pair.index[pair.isna().any(axis=1)]
        raise DataValidationError(
            f"{a}/{b}: missing closes on {len(bad)} day(s), first {bad[0].date()}; "
            "restrict the window or fill the panel"
        )
    out = np.log(pair[a] / pair[b]).diff().iloc[1:]
    out.name = f"dlog({a}/{b})"
    return out


def _lrv(e: np.ndarray, lags: int) -> np.ndarray:
    """Bartlett-kernel (Newey–West) long-run variance of each row of ``e`` (rows demeaned already)."""
    e = np.atleast_2d(e)
    n = e.shape[1]
    out = (e * e).sum(axis=1) / n
    for lag in range(1, lags + 1):
        out = out + 2.0 * (1.0 - lag / (lags + 1.0)) * (e[:, lag:] * e[:, :-lag]).sum(axis=1) / n
    return out


def _explained(y: np.ndarray, ks: np.ndarray) -> np.ndarray:
    """For rows of ``y`` (reps × n) and candidate breaks ``ks``: between-regime sum of squares
    k·m1² + (n−k)·m2² − n·m² (maximising it minimises the SSR). Shape reps × len(ks)."""
    n = y.shape[1]
    s1 = np.cumsum(y, axis=1)
    left = s1[:, ks - 1]
    total = s1[:, -1:]
    return left**2 / ks + (total - left) ** 2 / (n - ks) - total**2 / n


def _candidates(n: int, min_size: int) -> np.ndarray:
    if n < 2 * min_size:
        raise DataValidationError(
            f"{n} observations cannot hold two regimes of at least {min_size} trading days"
        )
    return np.arange(min_size, n - min_size + 1)


# --------------------------------------------------------------------------------------------
# one break
# --------------------------------------------------------------------------------------------
@dataclass
class BreakResult:
    """One estimated break in the drift of a daily series (see the module docstring for units)."""

    date: pd.Timestamp  # first day of the new regime
    position: int  # its position in the series
    n: int  # observations used
    drift_before: float  # mean daily log change before (fraction per trading day)
    drift_after: float  # ... and after
    shift_t_hac: float  # t-statistic of the shift, OLS with HAC (Newey–West) errors
    shift_p_hac: float  # its p-value (conditional on the date: not a test of "a break")
    sup_wald: float  # sup over the grid of the HAC Wald statistic for a shift
    sup_wald_p: float  # its moving-block bootstrap p-value under "no break"
    bai_ci: tuple[pd.Timestamp, pd.Timestamp]  # Bai (1997) interval for the date
    boot_ci: tuple[pd.Timestamp, pd.Timestamp]  # moving-block bootstrap percentile interval
    level: float  # coverage of both intervals
    grid: tuple[pd.Timestamp, pd.Timestamp]  # first and last candidate date
    wald_curve: pd.Series = field(repr=False, default_factory=pd.Series)  # Wald statistic by date

    def as_row(self) -> dict[str, object]:
        """A flat dict for a table: dates as ISO strings, drifts in percent per 21 trading days."""
        return {
            "break date": str(self.date.date()),
            f"Bai {self.level:.0%} interval": f"{self.bai_ci[0].date()} – {self.bai_ci[1].date()}",
            f"bootstrap {self.level:.0%} interval": f"{self.boot_ci[0].date()} – {self.boot_ci[1].date()}",
            "drift before, %/21d": round(self.drift_before * 21 * 100, 2),
            "drift after, %/21d": round(self.drift_after * 21 * 100, 2),
            "shift t (HAC)": round(self.shift_t_hac, 2),
            "sup-Wald": round(self.sup_wald, 2),
            "sup-Wald p (bootstrap)": round(self.sup_wald_p, 3),
        }


def single_break(
    y: pd.Series,
    *,
    trim: float = 0.15,
    min_size: int | None = None,
    level: float = 0.95,
    reps: int = 499,
    block: int | None = None,
    seed: int = 0,
) -> BreakResult:
    """Least-squares date of one shift in the mean of ``y`` (daily log changes), with uncertainty.

    The candidate grid leaves ``min_size`` observations (default ``ceil(trim · n)``) in each
    regime. Uncertainty: Bai's (1997) interval (assumes the same error variance in both regimes;
    long-run variance by Newey–West) and a moving-block bootstrap (blocks of ``block`` days,
    default :func:`rotation.analysis.stats.block_length`) that resamples the residuals around the two fitted
    drifts and re-estimates the date ``reps`` times. The sup-Wald p-value resamples the demeaned
    series (no break) the same way. Deterministic for a given ``seed``.
    """
    if level not in BAI_CRITICAL:
        raise ValueError(f"level must be one of {sorted(BAI_CRITICAL)}, got {level}")
    y = y.dropna()
    v = y.to_numpy(dtype=float)
    n = v.size
    ks = _candidates(n, min_size if min_size is not None else max(2, math.ceil(trim * n)))
    lags = newey_west_lags(n)
    k = int(ks[np.argmax(_explained(v[None, :], ks)[0])])
    m1, m2 = v[:k].mean(), v[k:].mean()
    fitted = np.where(np.arange(n) < k, m1, m2)
    resid = v - fitted
    t_hac, p_hac = _shift_hac(v, k, lags)
    idx = block_bootstrap_indices(n, block or block_length(n), reps, seed)
    curve = _wald(v[None, :], ks, lags)[0]
    sup_null = _wald((v - v.mean())[idx] + v.mean(), ks, lags).max(axis=1)
    lo, hi = _bai_interval(k, n, m2 - m1, float(_lrv(resid[None, :], lags)[0]), level)
    qlo, qhi = _boot_interval(fitted[None, :] + resid[idx], ks, level)
    d = y.index
    return BreakResult(
        date=d[k],
        position=k,
        n=n,
        drift_before=float(m1),
        drift_after=float(m2),
        shift_t_hac=t_hac,
        shift_p_hac=p_hac,
        sup_wald=float(curve.max()),
        sup_wald_p=float((1 + (sup_null >= curve.max()).sum()) / (reps + 1)),
        bai_ci=(d[lo], d[hi]),
        boot_ci=(d[qlo], d[qhi]),
        level=level,
        grid=(d[ks[0]], d[ks[-1]]),
        wald_curve=pd.Series(curve, index=d[ks], name="HAC Wald"),
    )


def _shift_hac(v: np.ndarray, k: int, lags: int) -> tuple[float, float]:
    """t-statistic and p-value of the shift at ``k``: statsmodels OLS with HAC (Newey–West) errors."""
    X = add_constant((np.arange(v.size) >= k).astype(float))
    ols = OLS(v, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    return float(ols.tvalues[1]), float(ols.pvalues[1])


def _wald(rows: np.ndarray, ks: np.ndarray, lags: int) -> np.ndarray:
    """HAC Wald statistic of a shift at each candidate ``ks`` for each row of ``rows`` (reps × n).
    The residual long-run variance is that at each row's own best break (one per row keeps this
    vectorised)."""
    n = rows.shape[1]
    s1 = np.cumsum(rows, axis=1)
    left, total = s1[:, ks - 1], s1[:, -1:]
    d = (total - left) / (n - ks) - left / ks
    best = ks[np.argmax(_explained(rows, ks), axis=1)]
    lm = np.where(np.arange(n)[None, :] < best[:, None], 1.0, 0.0)
    mean1 = (rows * lm).sum(axis=1) / best
    mean2 = (rows * (1 - lm)).sum(axis=1) / (n - best)
    e = rows - (lm * mean1[:, None] + (1 - lm) * mean2[:, None])
    lrv = _lrv(e, lags)[:, None]
    return d**2 / (lrv * (1.0 / ks + 1.0 / (n - ks)))


def _bai_interval(k: int, n: int, delta: float, lrv: float, level: float) -> tuple[int, int]:
    """Bai's (1997) interval for the break position: k ± ceil(c_L · σ²_LR / δ²), clipped to the sample."""
    half = math.ceil(BAI_CRITICAL[level] * lrv / delta**2) if delta != 0 else n
    return max(0, k - half - 1), min(n - 1, k + half + 1)


def _boot_interval(boot_rows: np.ndarray, ks: np.ndarray, level: float) -> tuple[int, int]:
    """Percentile interval of the break position re-estimated on each bootstrap row."""
    kb = ks[np.argmax(_explained(boot_rows, ks), axis=1)]
    a = (1 - level) / 2
    qlo, qhi = np.quantile(kb, [a, 1 - a], method="inverted_cdf")
    return int(qlo), int(qhi)


# --------------------------------------------------------------------------------------------
# several breaks
# --------------------------------------------------------------------------------------------
@dataclass
class Partition:
    """Global least-squares partition of a series into regimes of constant drift."""

    breaks: list[pd.Timestamp]  # first day of each new regime
    positions: list[int]
    drifts: list[float]  # mean daily log change of each regime (fraction per trading day)
    bic: pd.Series  # BIC by number of breaks (the minimum is chosen)
    min_size: int  # shortest regime allowed, trading days

    def regimes(self, index: pd.DatetimeIndex) -> pd.DataFrame:
        """One row per regime: start, end, trading days, drift in percent per 21 trading days."""
        edges = [0, *self.positions, len(index)]
        return pd.DataFrame(
            {
                "start": [str(index[a].date()) for a in edges[:-1]],
                "end": [str(index[b - 1].date()) for b in edges[1:]],
                "trading days": [b - a for a, b in zip(edges[:-1], edges[1:])],
                "drift, %/21d": [round(m * 21 * 100, 2) for m in self.drifts],
            },
            index=pd.RangeIndex(1, len(edges), name="regime"),
        )


def partition(
    y: pd.Series, *, max_breaks: int = 5, min_size: int | None = None, trim: float = 0.15
) -> Partition:
    """Bai–Perron global least-squares partition of ``y`` into at most ``max_breaks + 1`` regimes
    of constant mean, each at least ``min_size`` observations (default ``ceil(trim · n)``); the
    number of breaks minimises BIC = n·log(SSR/n) + (2m + 1)·log(n) (m break dates, m + 1 means).
    """
    y = y.dropna()
    v = y.to_numpy(dtype=float)
    n = v.size
    h = min_size if min_size is not None else max(2, math.ceil(trim * n))
    if n < 2 * h:
        raise DataValidationError(f"{n} observations cannot hold two regimes of at least {h} trading days")
    s1 = np.concatenate([[0.0], np.cumsum(v)])
    s2 = np.concatenate([[0.0], np.cumsum(v * v)])
    i = np.arange(n + 1)[:, None]
    j = np.arange(n + 1)[None, :]
    length = (j - i).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (s2[j] - s2[i]) - (s1[j] - s1[i]) ** 2 / length
    cost = np.where(length >= h, cost, np.inf)

    best = [cost[0].copy()]  # best[m][j]: min SSR of y[:j] with m breaks
    arg = [np.zeros(n + 1, dtype=int)]
    for _ in range(max_breaks):
        tot = best[-1][:, None] + cost
        arg.append(np.argmin(tot, axis=0))
        best.append(tot[arg[-1], np.arange(n + 1)])
    ssr = np.array([b[n] for b in best])
    m_all = np.arange(max_breaks + 1)
    with np.errstate(divide="ignore"):
        bic = n * np.log(ssr / n) + (2 * m_all + 1) * np.log(n)
    bic = np.where(np.isfinite(ssr), bic, np.inf)
    m = int(np.argmin(bic))
    pos, j_end = [], n
    for mm in range(m, 0, -1):
        j_end = int(arg[mm][j_end])
        pos.append(j_end)
    pos = sorted(pos)
    edges = [0, *pos, n]
    drifts = [float(v[a:b].mean()) for a, b in zip(edges[:-1], edges[1:])]
    return Partition(
        breaks=[y.index[p] for p in pos],
        positions=pos,
        drifts=drifts,
        bic=pd.Series(bic, index=pd.Index(m_all, name="breaks"), name="BIC"),
        min_size=h,
    )


def final_regime_break(
    y: pd.Series,
    *,
    max_breaks: int = 5,
    min_size: int | None = None,
    trim: float = 0.15,
    level: float = 0.95,
    reps: int = 499,
    seed: int = 0,
) -> tuple[Partition, BreakResult, str]:
    """The break that opens the regime in force at the end of ``y``, with its uncertainty.

    Runs :func:`partition`; if BIC keeps at least one break, the last one is re-estimated by
    :func:`single_break` on its two adjacent regimes (same minimum regime length, so the date is
    the same) to obtain its intervals and tests. If BIC keeps none, falls back to
    :func:`single_break` on the whole series. Returns the partition, the break and a sentence
    saying which of the two happened.
    """
    part = partition(y, max_breaks=max_breaks, min_size=min_size, trim=trim)
    y = y.dropna()
    if part.positions:
        start = part.positions[-2] if len(part.positions) > 1 else 0
        br = single_break(y.iloc[start:], min_size=part.min_size, level=level, reps=reps, seed=seed)
        how = (
            f"last of {len(part.positions)} break(s) chosen by BIC (regimes of at least {part.min_size} "
            f"trading days); intervals from its two adjacent regimes"
        )
    else:
        br = single_break(y, min_size=part.min_size, level=level, reps=reps, seed=seed)
        how = (
            "BIC keeps no break: the single least-squares break over the trimmed grid, "
            "which the data do not distinguish from no break unless its sup-Wald p is small"
        )
    return part, br, how
