"""Windows: returns over grids of start and end days, and the search for the article's own window.

The article says "since early November" and "to date" without dates. Two questions follow:

- *How robust is a verdict to the window?* :func:`grid_returns` gives every column's return for
  every (start, end) pair at once (vectorised: two row lookups and an outer division);
- *Which window and return basis did the article probably use?* :func:`reproduce_article` reads
  every (start, end, basis) against the stated figures at their stated precision ("about 6 %" its
  declared band, "1.6 %" its rounding, "more than 7 %" a bound): a window reproduces the article
  when every figure is inside its band; :func:`reproduction_summary` counts them per basis.

Units: returns in **percent**; misses in **percentage points**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from ..errors import DataNotFoundError


def trading_days_around(index: pd.DatetimeIndex, anchor, offsets: tuple[int, int]) -> pd.DatetimeIndex:
    """Trading days of ``index`` from ``anchor + offsets[0]`` to ``anchor + offsets[1]`` calendar
    days (inclusive)."""
    a = pd.Timestamp(anchor)
    days = index[(index >= a + pd.Timedelta(days=offsets[0])) & (index <= a + pd.Timedelta(days=offsets[1]))]
    if days.empty:
        raise DataNotFoundError(f"no trading day within {offsets} calendar days of {a.date()}")
    return days


def monthly_starts(index: pd.DatetimeIndex, start, months: int) -> pd.DatetimeIndex:
    """``start``'s trading day, then the first trading day of each of the next ``months - 1``
    months: the sample starts of a sample-start robustness grid."""
    first = index[index.searchsorted(pd.Timestamp(start))]
    later = pd.date_range(
        first.to_period("M").to_timestamp() + pd.DateOffset(months=1), periods=months - 1, freq="MS"
    )
    pos = index.searchsorted(later)
    if (pos >= len(index)).any():
        raise DataNotFoundError(
            f"the data end on {index[-1].date()}, before the last sample start {later[-1].date()}"
        )
    return pd.DatetimeIndex([first, *index[pos]])


def grid_returns(closes: pd.DataFrame, starts: Sequence, ends: Sequence) -> pd.DataFrame:
    """Return of every column from each start's close to each end's close, percent.

    Rows: a ``(start, end)`` MultiIndex over all pairs with ``end > start``; columns: the tickers.
    Start and end days must be rows of ``closes`` (use :func:`trading_days_around`); a missing close
    on one of them is an error naming the ticker and the day.
    """
    s_idx, e_idx = pd.DatetimeIndex(starts), pd.DatetimeIndex(ends)
    for days in (s_idx, e_idx):
        missing = days.difference(closes.index)
        if len(missing):
            raise DataNotFoundError(f"{missing[0].date()} is not a trading day of the panel")
    p0, p1 = closes.loc[s_idx], closes.loc[e_idx]
    for p in (p0, p1):
        if p.isna().any().any():
            day, tk = p.stack(future_stack=True).loc[lambda x: x.isna()].index[0]
            raise DataNotFoundError(f"no close for {tk} on {pd.Timestamp(day).date()}")
    r = (p1.to_numpy()[None, :, :] / p0.to_numpy()[:, None, :] - 1.0) * 100.0  # start × end × ticker
    mi = pd.MultiIndex.from_product([s_idx, e_idx], names=["start", "end"])
    out = pd.DataFrame(r.reshape(-1, closes.shape[1]), index=mi, columns=closes.columns)
    return out[out.index.get_level_values("end") > out.index.get_level_values("start")]


class Stated(Protocol):
    """A stated figure read at its precision (:class:`rotation.verdicts.articles.Figure`)."""

    @property
    def value(self) -> str: ...

    @property
    def precision(self) -> str: ...

    def band(self) -> tuple[float, float, bool, bool]: ...

    def contains(self, measured: float) -> bool: ...


def band_miss(values: np.ndarray, fig: Stated) -> np.ndarray:
    """How far each value lies outside the figure's band, in its unit (0 inside). A value on an
    open bound ("more than 7 %" measured as exactly 7) is outside by 0 but does not reproduce it:
    use :meth:`Stated.contains` for that."""
    lo, hi, _, _ = fig.band()
    return np.maximum(np.maximum(lo - values, values - hi), 0.0)


def _centre_gap(values: np.ndarray, fig: Stated) -> np.ndarray:
    """Distance from the stated value in half-widths of a closed band; 0 for a one-sided bound."""
    lo, hi, _, _ = fig.band()
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi == lo:
        return np.zeros_like(values)
    return np.abs(values - float(fig.value)) / ((hi - lo) / 2)


def reproduce_article(
    bases: Mapping[str, pd.DataFrame],
    targets: Mapping[str, tuple[str, Stated]],
    starts: Sequence,
    ends: Sequence,
) -> pd.DataFrame:
    """Every (basis, start, end) read against the stated figures at their stated precision.

    ``bases`` maps a basis label to a wide frame of closes; ``targets`` maps a figure's label to
    ``(column, figure)``, the column looked up in each basis. One row per (basis, start, end):
    each figure's value (**percent**), its miss outside its band (**pp**, 0 inside),
    ``reproduces`` (every figure inside its band), ``miss_pp`` (the largest miss) and
    ``centre_gap`` (RMS distance from the stated values in half-band widths, closed bands only).
    Sorted by basis (in the order given), then within each: reproducing windows first, nearest the
    stated values first; then the others by ``miss_pp``.
    """
    frames = []
    for basis, closes in bases.items():
        cols = [col for col, _ in targets.values()]
        missing = [c for c in cols if c not in closes]
        if missing:
            raise DataNotFoundError(f"basis {basis!r} has no column {missing[0]!r}")
        g = grid_returns(closes[list(dict.fromkeys(cols))], starts, ends)
        out = pd.DataFrame(index=g.index)
        inside, misses, gaps = [], [], []
        for lab, (col, fig) in targets.items():
            v = g[col].to_numpy()
            out[lab] = v
            out[f"{lab} miss, pp"] = band_miss(v, fig)
            inside.append(np.array([fig.contains(x) for x in v], dtype=bool))
            misses.append(out[f"{lab} miss, pp"].to_numpy())
            gaps.append(_centre_gap(v, fig))
        out["reproduces"] = np.logical_and.reduce(inside)
        out["miss_pp"] = np.max(misses, axis=0)
        out["centre_gap"] = np.sqrt(np.mean(np.square(gaps), axis=0))
        frames.append(out.assign(basis=basis).set_index("basis", append=True))
    res = pd.concat(frames).reorder_levels(["basis", "start", "end"])
    pos = res.index.get_level_values("basis").map({b: i for i, b in enumerate(bases)}).to_numpy()
    order = np.lexsort((res["centre_gap"], res["miss_pp"], ~res["reproduces"].to_numpy(), pos))
    return res.iloc[order]


def reproduction_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per basis of :func:`reproduce_article`: windows tried, how many reproduce every
    figure, the first and last start and end day among them, and the best window (the
    reproducing one nearest the stated values, else the nearest miss, with its ``miss_pp``)."""
    rows = {}
    for basis, t in table.groupby(level="basis", sort=False):
        ok = t[t["reproduces"]]
        best = (ok if len(ok) else t).index[0]
        s, e = (ok.index.get_level_values(k) for k in ("start", "end"))
        rows[basis] = {
            "windows": len(t),
            "reproducing": len(ok),
            "starts": f"{_iso(s.min())} … {_iso(s.max())}" if len(ok) else "—",
            "ends": f"{_iso(e.min())} … {_iso(e.max())}" if len(ok) else "—",
            "best start": _iso(best[1]),
            "best end": _iso(best[2]),
            "best reproduces": bool(t.loc[best, "reproduces"]),
            "best miss, pp": float(t.loc[best, "miss_pp"]),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _iso(day) -> str:
    return str(pd.Timestamp(day).date())


# --------------------------------------------------------------------------------------------
# a claim's window for a run: the registry's, moved only by a run's parameters
# --------------------------------------------------------------------------------------------
def claim_window(
    claim_id: str,
    *,
    start: str | None = None,
    end: str | None = None,
    as_of: str | None = None,
    anchor: str | None = None,
) -> tuple[str, str]:
    """The window of ``claim_id`` for this run, as ISO dates: its registry window
    (:func:`rotation.verdicts.registry.window`), moved only by a run's parameters, never restated.

    - ``start`` / ``end`` move the ends (an adapted run);
    - ``as_of``: a window that runs "to date" (its registry end is the article's data-as-of date)
      ends at ``as_of`` instead, unless ``end`` is given (a run judged at another date);
    - ``anchor``: the claim's window is tied to another claim's (B5's sample starts a fixed
      number of calendar days before B2's window): ``start`` / ``end`` / ``as_of`` move the
      anchor's window, and this claim's window moves by the same number of days at each end.
    """
    from . import articles, registry

    if anchor is not None:
        a0 = registry.window(anchor)
        a1 = claim_window(anchor, start=start, end=end, as_of=as_of)
        s0, e0 = (pd.Timestamp(x) for x in registry.window(claim_id))
        s = s0 + (pd.Timestamp(a1[0]) - pd.Timestamp(a0[0]))
        e = e0 + (pd.Timestamp(a1[1]) - pd.Timestamp(a0[1]))
        return registry.window(claim_id, start=str(s.date()), end=str(e.date()))
    if end is None and as_of is not None:
        to_date = articles.article(registry.article_of(claim_id))["data_as_of"]
        if registry.window(claim_id, start=start)[1] == str(pd.Timestamp(to_date).date()):
            end = str(pd.Timestamp(as_of).date())
    return registry.window(claim_id, start=start, end=end)


def shared_window(claim_ids: Sequence[str], **moves: str | None) -> tuple[str, str]:
    """The one window several claims share (B2, B3, B4 and B6 are measured over the same days),
    each by :func:`claim_window` with the same ``moves``; ``DataValidationError`` naming the
    claims if the registry gives them different windows."""
    from ..errors import DataValidationError

    wins = {c: claim_window(c, **moves) for c in claim_ids}
    if len(set(wins.values())) != 1:
        raise DataValidationError(
            "data/claims.csv: these claims are measured together but their windows differ: "
            + "; ".join(f"{c} {w[0]} … {w[1]}" for c, w in wins.items())
        )
    return next(iter(wins.values()))
