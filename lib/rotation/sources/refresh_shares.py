"""Refreshing the ETF share counts (``flows/etf_shares_outstanding.csv``) with yfinance.

Share counts come from ``get_shares_full`` (the last value of each day), ``price`` is the quoted
(unadjusted) close of that day in USD, NaN on days without a session. Per ticker only the days
from :data:`rotation.sources.refresh_plan.OVERLAP_SESSIONS` sessions before the last cached one are asked
for; overlapping days take the new values. The file is validated and written atomically like the
price files (:func:`rotation.sources.refresh_plan.write_checked`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .refresh_plan import (
    SHARES_RELPATH,
    SHARES_START,
    current_copy,
    overlap_starts,
    plan_tickers,
    write_checked,
)
from .refresh_report import Report
from .yahoo import Downloader, RetryPolicy, to_long, with_retries, yahoo_symbol


def refresh_shares(
    downloader: Downloader,
    *,
    end: pd.Timestamp,
    only: Sequence[str] | None = None,
    full: bool = False,
    policy: RetryPolicy | None = None,
    progress: bool = True,
    report: Report | None = None,
) -> Report:
    """Bring ``flows/etf_shares_outstanding.csv`` of the cache up to ``end``: share counts from
    ``get_shares_full`` (last value of each day), ``price`` the quoted close of that day (USD;
    NaN on days without a session). Overlapping days take the new values."""
    policy = policy or RetryPolicy()
    report = report or Report(end=end)
    old, _ = current_copy(SHARES_RELPATH)
    names = plan_tickers("shares", old, only)
    if old is not None:
        old = old.astype({"ticker": "str", "date": "datetime64[us]"})
    starts = _starts(names, None if full else old)
    new = _download_counts(names, starts, downloader, end, policy, progress, report)
    if not new.empty:
        new = _with_quoted_price(new, downloader, end, policy, report)
    if new.empty:
        report.errors["shares"] = "no share counts obtained" + (
            "; previous file kept" if old is not None else ""
        )
        return report
    merged = _merged(new, old)
    write_checked(merged.reset_index(drop=True), "shares", SHARES_RELPATH, ["shares", "price"], report)
    if "shares" in report.written:
        lastd = merged.groupby("ticker")["date"].max()
        behind = lastd.reindex(names).dropna()
        report.stale["shares"] = {t: d for t, d in behind[behind < merged["date"].max()].items()}
    return report


def _starts(names: list[str], old: pd.DataFrame | None) -> pd.Series:
    """Per ticker, the first day to ask for: the overlap before its last cached day (``old``),
    else the file's start."""
    starts = pd.Series(pd.Timestamp(SHARES_START), index=pd.Index(names, name="ticker"))
    if old is not None:
        mine = old[old["ticker"].isin(names)]
        if not mine.empty:
            ov = overlap_starts(mine)
            starts.loc[ov.index] = ov
    return starts


def _download_counts(
    names: list[str],
    starts: pd.Series,
    downloader: Downloader,
    end: pd.Timestamp,
    policy: RetryPolicy,
    progress: bool,
    report: Report,
) -> pd.DataFrame:
    """The new share-count rows (``ticker, date, shares``, ``price`` NaN) of every ticker of
    ``names``; a failure is marked in ``report`` and the ticker left out."""
    from tqdm.auto import tqdm

    rows: list[pd.DataFrame] = []
    failures_in_row = 0
    with tqdm(total=len(names), desc="ETF shares", unit="ticker", disable=not progress) as bar:
        for t in names:
            bar.update(1)
            if failures_in_row >= policy.max_consecutive_failures:
                report.mark(
                    "shares", [t], "failed", f"not attempted after {failures_in_row} failures in a row"
                )
                continue
            try:
                s = with_retries(lambda: downloader.shares(yahoo_symbol(t), starts[t], end), policy)  # noqa: B023 (called at once)
            except Exception as exc:
                failures_in_row += 1
                report.mark("shares", [t], "failed", f"{type(exc).__name__}: {exc}".strip(": "))
                continue
            failures_in_row = 0
            f, why = _counts_frame(t, s, starts[t], end)
            if why:
                report.mark("shares", [t], "failed", why)
                continue
            rows.append(f)
            report.mark("shares", [t], "updated")
    empty = {"ticker": "str", "date": "datetime64[us]", "shares": "int64"}
    new = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame({c: pd.Series(dtype=d) for c, d in empty.items()})
    )
    new = new.astype({"ticker": "str", "date": "datetime64[us]"})
    new["price"] = np.nan
    return new


def _counts_frame(
    t: str, s: pd.Series | None, start: pd.Timestamp, end: pd.Timestamp
) -> tuple[pd.DataFrame | None, str]:
    """One ticker's answer ``s`` as rows ``ticker, date, shares`` (the last count of each day
    from ``start`` to ``end``), or None and why it is refused."""
    if s is None or len(s.dropna()) == 0:
        return None, "no share counts returned"
    s = s.dropna()
    counts = pd.to_numeric(s, errors="coerce")
    if counts.isna().any():
        bad = s[counts.isna()]
        return None, f"invalid share count from Yahoo: {bad.iloc[0]!r} on {pd.Timestamp(bad.index[0]).date()}"
    idx = pd.DatetimeIndex(counts.index)
    day = (idx.tz_localize(None) if idx.tz is not None else idx).normalize()
    f = pd.DataFrame({"date": day, "ticker": t, "shares": counts.to_numpy()})
    f = f[(f["date"] >= start) & (f["date"] <= end)].groupby(["ticker", "date"], as_index=False).last()
    if (f["shares"] < 0).any():
        return None, "negative share count from Yahoo"
    return f, ""


def _merged(new: pd.DataFrame, old: pd.DataFrame | None) -> pd.DataFrame:
    """``new`` over ``old`` (overlapping days take the new values), sorted, in the file's schema."""
    keys = ["ticker", "date"]
    merged = new.set_index(keys)[["shares", "price"]]
    if old is not None:
        merged = merged.combine_first(old.set_index(keys)[["shares", "price"]])
    merged = merged.reset_index().sort_values(keys, kind="stable")[["date", "ticker", "shares", "price"]]
    return merged.astype({"date": "datetime64[us]", "ticker": "str", "shares": "int64", "price": "float64"})


def _with_quoted_price(
    new: pd.DataFrame, downloader: Downloader, end: pd.Timestamp, policy: RetryPolicy, report: Report
) -> pd.DataFrame:
    """Add ``price``, the quoted (unadjusted) close, for the new share-count rows."""
    tickers = sorted(new["ticker"].unique())
    symbols = {yahoo_symbol(t): t for t in tickers}
    start = new["date"].min()
    prices: list[pd.DataFrame] = []
    for i in range(0, len(tickers), policy.batch_size):
        chunk = {yahoo_symbol(t): t for t in tickers[i : i + policy.batch_size]}
        try:
            frame = with_retries(lambda: downloader.download(list(chunk), start, end, adjusted=False), policy)  # noqa: B023 (called at once)
        except Exception:
            continue  # price stays NaN: documented as possibly missing
        prices.append(to_long(frame, symbols, end)[["ticker", "date", "close"]])
    if not prices:
        return new
    px = pd.concat(prices, ignore_index=True).rename(columns={"close": "quoted"})
    px["ticker"] = px["ticker"].astype(str)
    out = new.merge(px, on=["ticker", "date"], how="left")
    out["price"] = out["quoted"]
    return out.drop(columns="quoted")
