"""Windows: returns over grids of start and end days, and the search for the article's own window.

The article says "since early November" and "to date" without dates. Two questions follow:

- *How robust is a verdict to the window?* :func:`grid_returns` gives every column's return for
  every (start, end) pair at once (vectorised: two row lookups and an outer division);
- *Which window and return basis did the article probably use?* :func:`match_article` scores every
  (start, end, basis) by how well it reproduces the stated figures jointly.

Units: returns in **percent**; errors in **percentage points**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import DataNotFoundError


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


def match_article(
    bases: Mapping[str, pd.DataFrame],
    targets: Mapping[str, tuple[str, float]],
    starts: Sequence,
    ends: Sequence,
    *,
    at_least: Sequence[str] = (),
) -> pd.DataFrame:
    """Score every (basis, start, end) by how well it reproduces the stated figures jointly.

    ``bases`` maps a basis label (e.g. ``"ETF total return"``) to a wide frame of closes;
    ``targets`` maps a figure's label to ``(column, stated percent)``, the column being looked up
    in each basis (a basis lacking it is an error). For the labels in ``at_least`` ("more than
    7 %") only a shortfall counts as error. Returns one row per (basis, start, end) with each
    figure's value, its error (pp) and ``rms_pp``, the root mean square of the errors, sorted
    best first.
    """
    frames = []
    for basis, closes in bases.items():
        cols = {lab: col for lab, (col, _) in targets.items()}
        missing = [c for c in cols.values() if c not in closes]
        if missing:
            raise DataNotFoundError(f"basis {basis!r} has no column {missing[0]!r}")
        g = grid_returns(closes[list(dict.fromkeys(cols.values()))], starts, ends)
        out = pd.DataFrame(index=g.index)
        errs = []
        for lab, (col, stated) in targets.items():
            out[lab] = g[col]
            e = g[col] - stated
            if lab in at_least:
                e = e.clip(upper=0.0)
            out[f"{lab} error, pp"] = e
            errs.append(e.to_numpy())
        out["rms_pp"] = np.sqrt(np.mean(np.square(errs), axis=0))
        frames.append(out.assign(basis=basis).set_index("basis", append=True))
    res = pd.concat(frames).reorder_levels(["basis", "start", "end"]).sort_values("rms_pp", kind="stable")
    return res


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
    (:func:`rotation.registry.window`), moved only by a run's parameters, never restated.

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
    from .errors import DataValidationError

    wins = {c: claim_window(c, **moves) for c in claim_ids}
    if len(set(wins.values())) != 1:
        raise DataValidationError(
            "data/claims.csv: these claims are measured together but their windows differ: "
            + "; ".join(f"{c} {w[0]} … {w[1]}" for c, w in wins.items())
        )
    return next(iter(wins.values()))


def match_summary(match: pd.DataFrame, within_pp: float = 0.5) -> dict[str, object]:
    """The article-window search (:func:`match_article`) in a few values: the best (basis, start,
    end) and its RMS error (**pp**), how many windows reproduce the figures within ``within_pp``
    RMS, on each basis, and the range of their start days (ISO dates)."""
    top, close = match.index[0], match[match["rms_pp"] <= within_pp]
    bases = close.index.get_level_values("basis")
    starts = close.index.get_level_values("start")
    return {
        "basis": top[0],
        "s": str(pd.Timestamp(top[1]).date()),
        "e": str(pd.Timestamp(top[2]).date()),
        "err": float(match.iloc[0]["rms_pp"]),
        "n": len(close),
        "N": len(match),
        "nt": int((bases == "ETF total return").sum()),
        "np_": int((bases == "index price return").sum()),
        "s0": str(starts.min().date()) if len(close) else "—",
        "s1": str(starts.max().date()) if len(close) else "—",
    }
