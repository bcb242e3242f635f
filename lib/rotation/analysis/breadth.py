"""Market breadth from a member price panel: percent above a moving average, advance–decline line,
and how far a computed breadth series is from an official one.

Units: breadth in **percent** of members (0–100); windows in **trading days**; differences between
breadth series in **percentage points**.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError


def _check_wide(closes: pd.DataFrame) -> None:
    if not isinstance(closes.index, pd.DatetimeIndex):
        raise DataValidationError("closes must be wide: a DatetimeIndex of dates, one column per member")
    if not closes.index.is_monotonic_increasing:
        raise DataValidationError("closes must be sorted by date (closes.sort_index())")


def pct_above_ma(closes: pd.DataFrame, window: int) -> pd.Series:
    """Percent (0–100) of members whose close is above their own ``window``-trading-day simple
    moving average, each day.

    A member counts on a day only if it has a close that day and ``window`` closes up to it (its
    average is complete); the denominator is the number of such members. Days on which no member
    qualifies are dropped, never reported as 0 %.
    """
    _check_wide(closes)
    if window < 2:
        raise ValueError(f"window must be at least 2 trading days, got {window}")
    ma = closes.rolling(window, min_periods=window).mean()
    valid = ma.notna() & closes.notna()
    above = (closes > ma) & valid
    n = valid.sum(axis=1)
    out = (above.sum(axis=1) / n.where(n > 0)) * 100.0
    out = out.dropna()
    out.name = f"pct_above_ma{window}"
    return out


def advance_decline(closes: pd.DataFrame) -> pd.DataFrame:
    """Daily advancers, decliners (counts of members), ``net`` = advancers − decliners and the
    advance–decline line ``ad_line`` (cumulative ``net`` from the first day, members).

    A member counts on a day only if it has closes on that day and the previous trading day;
    unchanged closes count as neither. The first day (no previous close) is dropped.
    """
    _check_wide(closes)
    chg = closes.diff().iloc[1:]
    adv = (chg > 0).sum(axis=1)
    dec = (chg < 0).sum(axis=1)
    out = pd.DataFrame({"advancers": adv, "decliners": dec, "net": adv - dec})
    out["ad_line"] = out["net"].cumsum()
    return out


def tracking_error(computed: pd.Series, official: pd.Series, *, max_lag: int = 2) -> dict[str, float]:
    """Compare a computed breadth series with an official one on their common days (percent).

    Returns ``days`` (count), ``mean_diff_pp`` (computed − official, pp), ``tracking_error_pp``
    (standard deviation of the difference, pp), ``rmse_pp``, ``max_abs_diff_pp``, ``corr`` and
    ``best_lag`` (trading days by which shifting the official series forward, within
    ±``max_lag``, minimises the RMSE: 0 means the two are aligned). Raises if fewer than 20
    common days.
    """
    both = pd.concat({"c": computed, "o": official}, axis=1, join="inner").dropna()
    if len(both) < 20:
        raise DataValidationError(
            f"only {len(both)} common days between computed and official breadth; need 20"
        )
    d = both["c"] - both["o"]
    rmse_by_lag = {
        lag: float(np.sqrt(((both["c"] - both["o"].shift(lag)) ** 2).mean()))
        for lag in range(-max_lag, max_lag + 1)
    }
    return {
        "days": int(len(both)),
        "mean_diff_pp": float(d.mean()),
        "tracking_error_pp": float(d.std(ddof=1)),
        "rmse_pp": float(np.sqrt((d**2).mean())),
        "max_abs_diff_pp": float(d.abs().max()),
        "corr": float(both["c"].corr(both["o"])),
        "best_lag": int(min(rmse_by_lag, key=lambda lag: rmse_by_lag[lag])),
    }


def wide(long: pd.DataFrame, field: str = "close") -> pd.DataFrame:
    """Pivot a long price frame (``date, ticker, <field>``, as :func:`rotation.inputs.data.prices`
    returns) to wide: index ``date``, one float column per ticker; nothing is filled."""
    if field not in long:
        raise KeyError(
            f"{field!r} not among the columns {list(long.columns)}; load it with fields=(..., {field!r})"
        )
    # scatter into a preallocated array by factorized codes: linear in the rows, one copy of the
    # values (DataFrame.pivot builds a MultiIndex and unstacks it, several copies and a sort)
    d_codes, dates = pd.factorize(long["date"], sort=True)
    t_codes, tickers = pd.factorize(long["ticker"], sort=True)  # a categorical stays codes, not strings
    tickers = pd.Index(np.asarray(tickers, dtype=object).astype(str))
    order = np.argsort(tickers.to_numpy(), kind="stable")  # columns in text order, as a pivot gives them
    if (order != np.arange(len(order))).any():
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        t_codes, tickers = rank[t_codes], tickers[order]
    n_dates, n_tickers = len(dates), len(tickers)
    flat = d_codes.astype(np.int64) * n_tickers + t_codes
    if len(flat) and np.bincount(flat, minlength=n_dates * n_tickers).max() > 1:
        dup = pd.Series(flat).duplicated(keep=False).to_numpy()
        first = long.loc[dup].iloc[0]
        raise DataValidationError(
            f"duplicated rows for {first['ticker']} on {pd.Timestamp(first['date']).date()}: a wide panel needs one per day"
        )
    values = np.full((n_dates, n_tickers), np.nan)
    values[d_codes, t_codes] = long[field].to_numpy(dtype=float, na_value=np.nan)
    return pd.DataFrame(
        values,
        index=pd.DatetimeIndex(dates, name="date"),
        columns=pd.Index(tickers, name="ticker", dtype=str),
    )
