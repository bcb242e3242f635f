"""Direction-aware turns of a line: when did it peak (a stall) or bottom (a rally's start)?

A claim that leadership *stalled* states a peak; a claim that a rally *began* states a trough.
:func:`turn` dates that turn in the stated direction and tests it:

- **date**: the highest (``peak``) or lowest (``trough``) close of the line over the sample; a
  turn within ``min_size`` trading days of either end of the sample is not a turn inside it
  (``inside = False``);
- **slope before vs after**: OLS of the line's daily log changes on a constant and an after-turn
  dummy, with HAC (Newey–West) standard errors: the dummy's coefficient is the change of drift
  (log points per trading day), tested one-sided in the stated direction (negative for a peak,
  positive for a trough). The date is chosen by the same data, which biases the p-value down
  (a pre-test effect); the bootstrap band and the sample-start grid are the checks on that;
- **bootstrap band**: moving-block bootstrap of the residuals around the two fitted drifts, the
  paths re-cumulated and the turn re-dated on each; the 2.5 and 97.5 percentiles of those dates.

Units: the line is ``log(level)`` (for a ratio, log relative strength); drifts in log points per
trading day, reported as percent per 21 trading days (about a month).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS

from ..errors import DataValidationError
from .stats import block_bootstrap_indices, block_length, newey_west_lags


@dataclass(frozen=True)
class Turn:
    """A dated turn of a line and its test (see the module docstring)."""

    direction: str  # "peak" or "trough"
    date: pd.Timestamp  # the day of the highest / lowest close
    inside: bool  # at least min_size trading days on both sides of it
    n: int  # daily changes used
    drift_before: float  # mean daily log change before the turn (fraction per day)
    drift_after: float  # ... from the turn on
    slope_change: float  # drift_after - drift_before
    t_hac: float  # t statistic of the change, HAC errors
    p_one_sided: float  # one-sided p in the stated direction (1.0 when not inside)
    band: tuple[pd.Timestamp, pd.Timestamp]  # bootstrap 95 % band of the date
    depth_pct: float  # how far the line ends from the turn, percent (signed)

    def as_row(self) -> dict[str, object]:
        """Flat dict for a table or a result file: dates as ISO strings, drifts in %/21 days."""
        return {
            f"{self.direction} date": str(self.date.date()),
            "inside the sample": self.inside,
            "bootstrap 95% band": f"{self.band[0].date()} – {self.band[1].date()}",
            "drift before, %/21d": round(self.drift_before * 2100, 2),
            "drift after, %/21d": round(self.drift_after * 2100, 2),
            "t (HAC)": round(self.t_hac, 2),
            "one-sided p": round(self.p_one_sided, 4),
            "end vs turn, %": round(self.depth_pct, 2),
        }

    def inputs(self) -> dict[str, object]:
        """What :func:`rotation.verdicts.rules.decide` needs for a ``turn`` test."""
        return {
            "date": self.date,
            "slope_change": self.slope_change if self.inside else 0.0,
            "p_one_sided": self.p_one_sided,
        }


def _extreme(paths: np.ndarray, direction: str) -> np.ndarray:
    return paths.argmax(axis=-1) if direction == "peak" else paths.argmin(axis=-1)


def turn(
    level: pd.Series,
    direction: str,
    *,
    min_size: int = 10,
    reps: int = 999,
    block: int | None = None,
    seed: int = 0,
) -> Turn:
    """Date and test the ``direction`` (``"peak"`` or ``"trough"``) turn of ``level`` (a positive
    series: a price, a total-return index or a ratio of two; not logged)."""
    s = _checked_level(level, direction, min_size)
    y = np.log(s.to_numpy())
    k = int(_extreme(y, direction))  # position of the turn in the level
    dy = np.diff(y)  # dy[i] = change from day i to day i+1
    n = dy.size
    inside = min_size <= k <= n - min_size
    if inside:
        before_mean, after_mean, b1, t, p, band = _tested_turn(s, dy, k, direction, reps, block, seed)
    else:
        before_mean = float(dy[:k].mean()) if k > 0 else float("nan")
        after_mean = float(dy[k:].mean()) if k < n else float("nan")
        b1, t, p, band = float("nan"), float("nan"), 1.0, (s.index[k], s.index[k])
    return Turn(
        direction=direction,
        date=s.index[k],
        inside=bool(inside),
        n=n,
        drift_before=before_mean,
        drift_after=after_mean,
        slope_change=b1,
        t_hac=t,
        p_one_sided=p,
        band=band,
        depth_pct=float((s.iloc[-1] / s.iloc[k] - 1) * 100),
    )


def _checked_level(level: pd.Series, direction: str, min_size: int) -> pd.Series:
    """``level`` if it can hold a turn: a known direction, no gaps, positive, long enough."""
    if direction not in ("peak", "trough"):
        raise ValueError(f"direction must be 'peak' or 'trough', not {direction!r}")
    s = level.dropna()
    if len(s) < len(level):
        bad = level.index[level.isna()]
        raise DataValidationError(
            f"{level.name or 'line'}: missing values on {len(bad)} day(s), first {bad[0].date()}"
        )
    if (s <= 0).any():
        raise DataValidationError(
            f"{level.name or 'line'}: non-positive values; a turn needs a positive level"
        )
    if len(s) < 2 * min_size + 2:
        raise DataValidationError(
            f"{level.name or 'line'}: {len(s)} days cannot hold a turn with {min_size} days on each side"
        )
    return s


def _tested_turn(
    s: pd.Series, dy: np.ndarray, k: int, direction: str, reps: int, block: int | None, seed: int
) -> tuple[float, float, float, float, float, tuple[pd.Timestamp, pd.Timestamp]]:
    """Drifts before and after the turn at ``k``, the slope change, its HAC t and one-sided p, and
    the bootstrap band of the date (residuals around the two drifts, resampled in blocks, re-dated)."""
    from scipy.stats import norm

    n = dy.size
    after = (np.arange(n) >= k).astype(float)  # changes from the turn on
    X = np.column_stack([np.ones(n), after])
    fit = OLS(dy, X).fit(cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(n)})
    b0, b1 = float(fit.params[0]), float(fit.params[1])
    t = float(fit.tvalues[1])
    p = float(norm.cdf(t)) if direction == "peak" else float(norm.sf(t))
    resid = dy - (b0 + b1 * after)
    idx = block_bootstrap_indices(n, block or block_length(n), reps, seed)
    paths = np.concatenate([np.zeros((reps, 1)), np.cumsum((b0 + b1 * after) + resid[idx], axis=1)], axis=1)
    dates = s.index[_extreme(paths, direction)]
    lo, hi = np.quantile(dates.asi8, [0.025, 0.975])
    band = (
        s.index[s.index.asi8.searchsorted(lo)],
        s.index[min(len(s) - 1, s.index.asi8.searchsorted(hi))],
    )
    return b0, b0 + b1, b1, t, p, band


def by_start(level: pd.Series, starts, direction: str, *, end=None, **kw) -> pd.DataFrame:
    """:func:`turn` on the samples ``start … end`` for each of ``starts``: one row per start
    (:meth:`Turn.as_row` plus the :meth:`Turn.inputs` columns ``date``, ``slope_change``,
    ``p_one_sided``)."""
    rows = {}
    for st in starts:
        tr = turn(level.loc[pd.Timestamp(st) : end], direction, **kw)
        rows[str(pd.Timestamp(st).date())] = {**tr.as_row(), **tr.inputs()}
    out = pd.DataFrame(rows).T
    out.index.name = "sample start"
    return out
