"""Streaks, records and ranks judged from flows with gaps: how many of the last ``n`` weeks had an
outflow, whether a week is the largest inflow so far, how one sector's week reads under several
definitions of the week and the fund set, and the rank a stated flow would take among funds.

Units: flows in **USD** (not USD bn). Every judgement uses the ``low_usd`` / ``high_usd`` bounds
of :func:`rotation.analysis.flows.with_bounds` or :func:`rotation.analysis.flows.window_sums`, so a missing day can
make the answer "undetermined" (or a range of counts or ranks) but never reads as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .flows import last_week_end, sector_series, week_row


# --------------------------------------------------------------------------------------------
# streaks, "k of the last n weeks", records
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignCount:
    """How many of ``n`` weeks had a flow of the asked sign, given what the data show."""

    n: int  #: weeks asked about
    covered: int  #: weeks with every day observed
    partial: int  #: weeks with some days observed
    absent: int  #: weeks with no observation at all (e.g. before the data start)
    certain: int  #: weeks whose flow (or whole bound range) has the sign
    certain_not: int  #: weeks whose flow (or whole bound range) has the other sign
    k_min: int  #: fewest weeks with the sign consistent with the data
    k_max: int  #: most weeks with the sign consistent with the data

    def possible(self, k: int) -> bool:
        """Whether exactly ``k`` weeks of the sign is consistent with the data."""
        return self.k_min <= k <= self.k_max


def count_sign(weeks: pd.DataFrame, labels: pd.DatetimeIndex, sign: int = -1) -> SignCount:
    """Count weeks of outflows (``sign=-1``) or inflows (``+1``) among ``labels``.

    ``weeks`` holds one series's weekly rows indexed by ``week_end`` with ``flow_usd``,
    ``observed_usd`` and, for partial weeks, ``low_usd`` / ``high_usd`` (see
    :func:`rotation.analysis.flows.with_bounds`). A complete week counts by its sign; a partial week counts
    as certain only if its whole bound range has that sign; a week absent from the data is
    unknown. A zero flow is neither sign.
    """
    if sign not in (-1, 1):
        raise ValueError("sign must be -1 (outflows) or +1 (inflows)")
    w = weeks.reindex(labels)
    full = w["flow_usd"].notna()
    seen = w["observed_usd"].notna() & ~full
    absent = ~(full | seen)
    v = w["flow_usd"] * sign
    if seen.any() and not {"low_usd", "high_usd"} <= set(w.columns):
        raise ValueError("partial weeks need low_usd/high_usd bounds: call with_bounds() first")
    lo = (w["low_usd"] if sign == 1 else -w["high_usd"]) if seen.any() else pd.Series(np.nan, index=w.index)
    hi = (w["high_usd"] if sign == 1 else -w["low_usd"]) if seen.any() else pd.Series(np.nan, index=w.index)
    yes = (full & (v > 0)) | (seen & (lo > 0))
    no = (full & (v <= 0)) | (seen & (hi <= 0))
    n = len(labels)
    return SignCount(
        n=n,
        covered=int(full.sum()),
        partial=int(seen.sum()),
        absent=int(absent.sum()),
        certain=int(yes.sum()),
        certain_not=int(no.sum()),
        k_min=int(yes.sum()),
        k_max=int(n - no.sum()),
    )


def record_status(weeks: pd.DataFrame, at) -> str:
    """Whether the week ``at`` holds the largest weekly inflow so far in the data.

    ``weeks`` is indexed by ``week_end`` with ``low_usd`` and ``high_usd`` (equal to the flow for
    complete weeks; see :func:`rotation.analysis.flows.with_bounds`); weeks with no observation should be
    left out. Returns ``"record"`` if the week's lower bound beats every earlier week's upper bound,
    ``"not a record"`` if some earlier week's lower bound reaches its upper bound, else
    ``"undetermined"``. Raises if ``at`` is not in the frame or no earlier week exists.
    """
    at = pd.Timestamp(at)
    if at not in weeks.index:
        raise KeyError(
            f"week {at.date()} is not in the flow weeks ({weeks.index.min().date()}..{weeks.index.max().date()})"
        )
    earlier = weeks[weeks.index < at]
    if earlier.empty:
        raise ValueError(f"no week before {at.date()} in the data: a record cannot be judged")
    if weeks.at[at, "low_usd"] > earlier["high_usd"].max():
        return "record"
    if weeks.at[at, "high_usd"] <= earlier["low_usd"].max():
        return "not a record"
    return "undetermined"


# --------------------------------------------------------------------------------------------
# one sector's week under several definitions; ranks
# --------------------------------------------------------------------------------------------
#: :func:`record_status` as the ``record`` input of the rules (``None``: the data cannot tell)
RECORD_INPUT: dict[str, bool | None] = {"record": True, "not a record": False, "undetermined": None}


def week_by_definition(frames: dict[tuple[str, str], pd.DataFrame], sector: str, date) -> pd.DataFrame:
    """One sector's week to ``date`` under several definitions of the week and the fund set.

    ``frames`` maps ``(anchor, funds)`` (``"FRI"``/``"WED"`` and a label of the fund set) to a
    :func:`rotation.analysis.flows.sector_weeks` frame of that anchor. One row per definition, indexed by ``week`` and
    ``funds``: ``week_end`` (the last week ending on or before ``date``), ``first_day``,
    ``flow_usd`` (NaN unless complete), ``observed_usd``, ``low_usd``, ``high_usd`` (USD),
    ``fund_days``, ``fund_days_observed``, ``coverage``, ``record`` (:func:`record_status`, or
    ``"undetermined"`` when no earlier week exists) and ``earlier_weeks`` (weeks before it with
    an observation)."""
    rows = {}
    for (anchor, label), frame in frames.items():
        wk = last_week_end(date, anchor)
        r = week_row(frame, sector, wk)
        series = sector_series(frame, sector)
        earlier = int((series.index < wk).sum())
        rec = record_status(series, wk) if earlier and wk in series.index else "undetermined"
        rows[(anchor, label)] = {
            **r[
                [
                    "week_end",
                    "first_day",
                    "flow_usd",
                    "observed_usd",
                    "low_usd",
                    "high_usd",
                    "fund_days",
                    "fund_days_observed",
                    "coverage",
                ]
            ].to_dict(),
            "record": rec,
            "earlier_weeks": earlier,
        }
    out = pd.DataFrame(rows).T
    out.index.names = ["week", "funds"]
    for c in ("flow_usd", "observed_usd", "low_usd", "high_usd", "coverage"):
        out[c] = out[c].astype("float64")
    for c in ("fund_days", "fund_days_observed", "earlier_weeks"):
        out[c] = out[c].astype("int64")
    return out


def rank_of(value: float, others: pd.DataFrame) -> tuple[int, int]:
    """Best and worst rank (1 = largest inflow) that a flow of ``value`` (USD) would take among
    funds with ``low_usd`` / ``high_usd`` bounds (from :func:`rotation.analysis.flows.window_sums`)."""
    best = 1 + int((others["low_usd"] > value).sum())
    worst = 1 + int((others["high_usd"] > value).sum())
    return best, worst
