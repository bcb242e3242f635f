"""Returns over windows, spreads over grids of windows, relative strength.

Conventions used everywhere in the project:

- a window ``[start, end]`` runs from the close of the last trading day on or before
  ``start`` to the close of the last trading day on or before ``end``;
- returns are **fractions** (0.061 = 6.1 %); functions whose name ends in ``_pct`` return percent;
- with the adjusted closes of the ETF and member panels they are **total returns**; with the
  ``index`` panel they are **price returns**.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataNotFoundError

#: How many calendar days a window end may fall after a ticker's last price before it is an error.
MAX_STALE_DAYS = 5


def trading_day(index: pd.DatetimeIndex, when) -> pd.Timestamp:
    """The last day of ``index`` on or before ``when`` (the project's window convention).

    Raises naming the date if ``when`` is before the first day or ``index`` is empty."""
    when = pd.Timestamp(when)
    if len(index) == 0:
        raise DataNotFoundError("no prices: the frame is empty")
    pos = index.searchsorted(when, side="right") - 1
    if pos < 0:
        raise DataNotFoundError(f"no price on or before {when.date()}: data start {index[0].date()}")
    return index[pos]


def as_of(closes: pd.DataFrame, when, max_stale_days: int = MAX_STALE_DAYS) -> tuple[pd.Timestamp, pd.Series]:
    """Row of ``closes`` on the last trading day on or before ``when``, with its date.

    Raises if ``when`` is before the data or more than ``max_stale_days`` after the last row,
    or if a ticker has no price on that day.
    """
    when = pd.Timestamp(when)
    idx = closes.index
    day = trading_day(idx, when)
    pos = idx.get_loc(day)
    if (when - day).days > max_stale_days:
        raise DataNotFoundError(
            f"no price within {max_stale_days} days before {when.date()}: the data end on {idx[-1].date()}"
        )
    row = closes.iloc[pos]
    missing = row.index[row.isna()].tolist()
    if missing:
        raise DataNotFoundError(
            f"no close for {missing} on {day.date()} (nearest trading day to {when.date()})"
        )
    return day, row


def total_return(closes: pd.DataFrame, start, end) -> pd.Series:
    """Return of each column of wide ``closes`` over ``[start, end]`` (fraction).

    Total return for adjusted closes, price return for index levels.
    """
    if pd.Timestamp(end) < pd.Timestamp(start):
        raise ValueError(f"end {pd.Timestamp(end).date()} is before start {pd.Timestamp(start).date()}")
    d0, p0 = as_of(closes, start)
    d1, p1 = as_of(closes, end)
    if d1 <= d0:
        raise ValueError(
            f"window {pd.Timestamp(start).date()}..{pd.Timestamp(end).date()} holds no trading day after {d0.date()}"
        )
    out = p1 / p0 - 1.0
    out.name = "return"
    return out


def relative_strength(closes: pd.DataFrame, benchmark: str, base=None) -> pd.DataFrame:
    """Each column divided by ``benchmark``, rebased to 1.0 on ``base`` (default: first row).

    A rising line means the column beats the benchmark (total-return basis for ETF closes).
    """
    if benchmark not in closes:
        raise KeyError(f"benchmark {benchmark!r} not among the columns {list(closes.columns)}")
    ratio = closes.div(closes[benchmark], axis=0).drop(columns=benchmark)
    day, row = as_of(ratio, base if base is not None else ratio.index[0])
    return ratio / row


def returns_to_month_ends(closes: pd.DataFrame, start) -> pd.DataFrame:
    """Return of each column from ``start`` to every month's last trading day after it (fraction).

    The last row is the data's final day (a partial month). Index: those trading days.
    """
    d0, p0 = as_of(closes, start)
    after = closes.loc[closes.index > d0]
    if after.empty:
        raise DataNotFoundError(f"no prices after {d0.date()}: the data end there")
    ends = after.groupby(after.index.to_period("M")).tail(1)
    out = ends / p0 - 1.0
    out.index.name = "date"
    return out
