"""Refreshing the ETF share counts (``flows/etf_shares_outstanding.csv``) with yfinance.

Share counts come from ``get_shares_full`` (the last value of each day), ``price`` is the quoted
(unadjusted) close of that day in USD, NaN on days without a session. Per ticker only the days
from :data:`rotation.refresh_plan.OVERLAP_SESSIONS` sessions before the last cached one are asked
for; overlapping days take the new values. The file is validated and written atomically like the
price files (:func:`rotation.refresh_plan.write_checked`).
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
    from tqdm.auto import tqdm

    policy = policy or RetryPolicy()
    report = report or Report(end=end)
    old, _ = current_copy(SHARES_RELPATH)
    names = plan_tickers("shares", old, only)
    starts = pd.Series(pd.Timestamp(SHARES_START), index=pd.Index(names, name="ticker"))
    if old is not None:
        old = old.astype({"ticker": "str", "date": "datetime64[us]"})
    if old is not None and not full:
        mine = old[old["ticker"].isin(names)]
        if not mine.empty:
            ov = overlap_starts(mine)
            starts.loc[ov.index] = ov
    rows: list[pd.DataFrame] = []
    with tqdm(total=len(names), desc="ETF shares", unit="ticker", disable=not progress) as bar:
        failures_in_row = 0
        for t in names:
            if failures_in_row >= policy.max_consecutive_failures:
                report.mark(
                    "shares", [t], "failed", f"not attempted after {failures_in_row} failures in a row"
                )
                bar.update(1)
                continue
            try:
                s = with_retries(lambda: downloader.shares(yahoo_symbol(t), starts[t], end), policy)  # noqa: B023 (called at once)
            except Exception as exc:
                failures_in_row += 1
                report.mark("shares", [t], "failed", f"{type(exc).__name__}: {exc}".strip(": "))
                bar.update(1)
                continue
            failures_in_row = 0
            bar.update(1)
            if s is None or len(s.dropna()) == 0:
                report.mark("shares", [t], "failed", "no share counts returned")
                continue
            s = s.dropna()
            counts = pd.to_numeric(s, errors="coerce")
            if counts.isna().any():
                bad = s[counts.isna()]
                report.mark(
                    "shares",
                    [t],
                    "failed",
                    f"invalid share count from Yahoo: {bad.iloc[0]!r} on {pd.Timestamp(bad.index[0]).date()}",
                )
                continue
            s = counts
            idx = pd.DatetimeIndex(s.index)
            day = (idx.tz_localize(None) if idx.tz is not None else idx).normalize()
            f = pd.DataFrame({"date": day, "ticker": t, "shares": s.to_numpy()})
            f = (
                f[(f["date"] >= starts[t]) & (f["date"] <= end)]
                .groupby(["ticker", "date"], as_index=False)
                .last()
            )
            if (f["shares"] < 0).any():
                report.mark("shares", [t], "failed", "negative share count from Yahoo")
                continue
            rows.append(f)
            report.mark("shares", [t], "updated")
        new = (
            pd.concat(rows, ignore_index=True)
            if rows
            else pd.DataFrame(
                {
                    "ticker": pd.Series(dtype="str"),
                    "date": pd.Series(dtype="datetime64[us]"),
                    "shares": pd.Series(dtype="int64"),
                }
            )
        )
        new = new.astype({"ticker": "str", "date": "datetime64[us]"})
        new["price"] = np.nan
        if not new.empty:
            new = _with_quoted_price(new, downloader, end, policy, report)
    if new.empty:
        report.errors["shares"] = "no share counts obtained" + (
            "; previous file kept" if old is not None else ""
        )
        return report
    keys = ["ticker", "date"]
    merged = new.set_index(keys)[["shares", "price"]]
    if old is not None:
        merged = merged.combine_first(old.set_index(keys)[["shares", "price"]])
    merged = merged.reset_index().sort_values(["ticker", "date"], kind="stable")[
        ["date", "ticker", "shares", "price"]
    ]
    merged = merged.astype({"date": "datetime64[us]", "ticker": "str", "shares": "int64", "price": "float64"})
    write_checked(merged.reset_index(drop=True), "shares", SHARES_RELPATH, ["shares", "price"], report)
    if "shares" in report.written:
        lastd = merged.groupby("ticker")["date"].max()
        behind = lastd.reindex(names).dropna()
        report.stale["shares"] = {t: d for t, d in behind[behind < merged["date"].max()].items()}
    return report


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
