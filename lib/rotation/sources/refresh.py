"""Refresh the market data with yfinance into the user cache.

``python -m rotation refresh`` downloads the prices every notebook reads (the ETF panel, the S&P 500
members of the universe file, the index levels ^GSPC ^RUT ^NDX; optionally the S&P 1500 panel) and
the ETF share counts, and writes them into :func:`rotation.config.cache_dir` with the snapshot's
relative paths and schema (``prices/etf_daily.parquet`` with ``date, ticker, open, high, low,
close, volume``; ``flows/etf_shares_outstanding.csv`` with ``date, ticker, shares, price`` ...).
The data layer then finds the refreshed files like any other source (``ROTATION_PREFER_CACHE=1``
puts the cache first).

How a refresh works
-------------------
- **Seed.** Each file starts from the freshest copy on the machine: the cache, else the snapshot.
- **Incremental.** Per ticker, only sessions after the cached ones are requested, starting
  :data:`rotation.sources.refresh_plan.OVERLAP_SESSIONS` trading days before the last cached date. If an overlapping adjusted
  close differs from the cached one by more than :data:`REVISION_RTOL` (relative) the adjustment
  base changed (a dividend or split since the last download): that ticker is downloaded again
  in full and its old rows are replaced, so a ticker never mixes two adjustment bases.
- **Complete sessions only.** The last session requested is the last one whose daily bar is final
  (:func:`rotation.sources.yahoo.last_complete_session`, after 18:00 New York time), so no intraday bar enters the cache.
- **Robust.** Batches of :attr:`rotation.sources.yahoo.RetryPolicy.batch_size` tickers; rate limits, timeouts and dropped
  connections are retried with exponential backoff; a progress bar (tqdm); a final report of what
  was updated, re-adjusted, up to date, failed, stale or ended.
- **Safe writes.** Every file is validated by :func:`rotation.inputs.validate.validate_panel`, the
  checks the loaders use (no empty frame, no all-NaN column, no NaN, negative or zero close, no
  negative price or volume, no duplicated ticker-date, no date after today), and then written
  atomically with :func:`rotation.io.write_frame` (a temporary file in the same folder, flushed,
  given the old file's mode, then renamed). An interrupted refresh leaves the previous file
  intact; its temporary files are removed when the next refresh starts. A value that is not a
  number (Yahoo's ``"N/A"``) fails its ticker; a NaN close on a day other tickers traded is not
  written (a day without a close is no observation) and is listed in the report; a full disk leaves the previous file and ends in
  the report.
- **Offline.** A 3-second connection probe to Yahoo runs first; without network nothing is touched
  and the message says which data the notebooks will use.

The yfinance boundary is one small object (:class:`rotation.sources.yahoo.Downloader`); tests pass a fake.
Which files exist, their schema and which of them a refresh can fetch is the dataset registry
(:data:`rotation.inputs.datasets.DATASETS`). This module refreshes the price files (:func:`refresh_prices`)
and runs a whole refresh (:func:`refresh`); planning (files, tickers, first dates, the checked
write) is :mod:`rotation.sources.refresh_plan`, the share counts :mod:`rotation.sources.refresh_shares`, the report
:mod:`rotation.sources.refresh_report`. ``ensure-data`` (:func:`rotation.sources.fetch.ensure_data`) fetches what no
data source has; rerunning the notebooks on refreshed data is :func:`rotation.run.update.rerun`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import config, io
from ..inputs import datasets, validate
from . import yahoo
from .refresh_plan import (
    ALL_PANELS,
    DEFAULT_PANELS,
    PANEL_SPECS,
    PanelSpec,
    current_copy,
    overlap_starts,
    plan_tickers,
    read_copy,
    write_checked,
)
from .refresh_report import Report
from .refresh_shares import refresh_shares
from .yahoo import FIELDS, Downloader, RetryPolicy, missing_closes, to_long, with_retries, yahoo_symbol

REVISION_RTOL = 1e-4  # relative difference of an overlapping adjusted close that means "re-adjusted"
REVISION_ATOL = 1e-4  # USD; covers the snapshot's rounding to 4 decimals
ENDED_AFTER_DAYS = 30  # days without data before a ticker no list asks for counts as ended


# --------------------------------------------------------------------------------------------
# refreshing a price file
# --------------------------------------------------------------------------------------------
def _batches(starts: pd.Series, size: int) -> Iterator[tuple[pd.Timestamp, list[str]]]:
    """Tickers grouped by request start date, in chunks of ``size``."""
    for start, group in starts.groupby(starts, sort=True):
        names = sorted(group.index)
        for i in range(0, len(names), size):
            yield pd.Timestamp(start), names[i : i + size]


def _fetch_batches(
    starts: pd.Series,
    end: pd.Timestamp,
    downloader: Downloader,
    policy: RetryPolicy,
    bar: Any,
    panel: str,
    report: Report,
) -> pd.DataFrame:
    """Download every ticker of ``starts`` (index: ticker, value: start date) in batches; mark
    the failures in ``report``; return the long rows obtained."""
    got: list[pd.DataFrame] = []
    failures_in_row = 0
    for start, names in _batches(starts, policy.batch_size):
        if failures_in_row >= policy.max_consecutive_failures:
            report.mark(
                panel, names, "failed", f"not attempted after {failures_in_row} failed batches in a row"
            )
            bar.update(len(names))
            continue
        symbols = {yahoo_symbol(t): t for t in names}
        try:
            frame = with_retries(lambda: downloader.download(list(symbols), start, end), policy)  # noqa: B023 (called at once)
        except Exception as exc:
            failures_in_row += 1
            report.mark(panel, names, "failed", f"{type(exc).__name__}: {exc}".strip(": "))
            bar.update(len(names))
            continue
        failures_in_row = 0
        long = to_long(frame, symbols, end)
        for t, days in missing_closes(frame, symbols, end).items():
            report.missing.setdefault(panel, {})[t] = days
        reasons = getattr(downloader, "errors", {}) or {}
        missing = sorted(set(names) - set(long["ticker"]))
        for t in missing:
            report.mark(panel, [t], "failed", reasons.get(yahoo_symbol(t), "no data returned"))
        for t, why in _bad_tickers(long, [c for c in FIELDS.values() if c in long]).items():
            report.mark(panel, [t], "failed", why)
            long = long[long["ticker"] != t]
        for c in FIELDS.values():  # every value left is a number: give the columns a numeric dtype
            if c in long and long[c].dtype == object:
                long[c] = pd.to_numeric(long[c])
        got.append(long)
        bar.update(len(names))
    return pd.concat(got, ignore_index=True) if got else to_long(None, {})


def readjusted(
    old: pd.DataFrame,
    new: pd.DataFrame,
    starts: pd.Series,
    rtol: float = REVISION_RTOL,
    atol: float = REVISION_ATOL,
) -> list[str]:
    """Tickers whose adjusted closes on the overlap (cached dates from their request start)
    differ between ``old`` and ``new`` beyond ``rtol``/``atol``, or for which the new data
    shares no overlap date with the cached data: their adjustment base changed."""
    tickers = sorted(set(new["ticker"]) & set(starts.index))
    if not tickers:
        return []
    o = old[old["ticker"].isin(tickers)][["ticker", "date", "close"]]
    o = o[o["date"] >= o["ticker"].map(starts).astype("datetime64[us]")]
    both = o.merge(new[["ticker", "date", "close"]], on=["ticker", "date"], suffixes=("_old", "_new"))
    differs = (both["close_new"] - both["close_old"]).abs() > np.maximum(rtol * both["close_old"].abs(), atol)
    changed = set(both.loc[differs, "ticker"])
    no_overlap = set(tickers) - set(both["ticker"])
    return sorted(changed | no_overlap)


def _schema(like: pd.DataFrame | None, columns: Sequence[str]) -> dict[str, Any]:
    """dtypes of the existing file, else the snapshot's documented schema (volume ``Int64``)."""
    out: dict[str, Any] = {
        "date": "datetime64[us]",
        "ticker": like["ticker"].dtype if like is not None else "str",
    }
    for c in columns:
        out[c] = (
            like[c].dtype if like is not None and c in like else ("Int64" if c == "volume" else "float64")
        )
    return out


def refresh_prices(
    spec: PanelSpec,
    downloader: Downloader,
    *,
    end: pd.Timestamp,
    only: Sequence[str] | None = None,
    full: bool = False,
    policy: RetryPolicy | None = None,
    progress: bool = True,
    report: Report | None = None,
) -> Report:
    """Bring one price file of the cache up to ``end`` (see the module docstring)."""
    policy = policy or RetryPolicy()
    report = report or Report(end=end)
    old, _ = current_copy(spec.relpath)
    names = plan_tickers(spec.name, old, only)
    if not names:
        report.errors[spec.name] = (
            "no ticker to refresh (the S&P 500 member list, universe/sp500_members_2026-07.csv, "
            "comes with the snapshot)"
            if spec.name == "sp500"
            else "no ticker to refresh"
        )
        return report
    cols = list(spec.columns)
    dtypes = _schema(old, cols)
    old = _aligned(old, cols)
    cached = old[old["ticker"].isin(names)] if old is not None and not full else None
    starts, last = _request_starts(spec, old, cached, names, only, end, report)
    new, incremental, redo = _download(spec, starts, last, cached, end, downloader, policy, progress, report)
    if new.empty or not any(report.status(spec.name, s) for s in ("updated", "new", "re-adjusted")):
        return report  # no new session: the current copy stays where it is
    _merge_and_write(spec, old, new, incremental, redo, cols, dtypes, names, report)
    return report


def _aligned(old: pd.DataFrame | None, cols: list[str]) -> pd.DataFrame | None:
    """The current copy with ``date``, ``ticker`` and every column of ``cols`` (absent ones NaN)."""
    if old is None:
        return None
    old = old[["date", "ticker", *[c for c in cols if c in old]]].copy()
    for c in cols:
        if c not in old:
            old[c] = np.nan
    old["ticker"] = old["ticker"].astype(str)
    return old


def _request_starts(
    spec: PanelSpec,
    old: pd.DataFrame | None,
    cached: pd.DataFrame | None,
    names: list[str],
    only: Sequence[str] | None,
    end: pd.Timestamp,
    report: Report,
) -> tuple[pd.Series, pd.Series]:
    """The request start per ticker (the OVERLAP-th last cached date, or the panel start for new
    ones), without the tickers that ended or are up to date (marked in ``report``); and each cached
    ticker's last date."""
    starts = pd.Series(pd.Timestamp(spec.start), index=pd.Index(names, name="ticker"))
    last = pd.Series(dtype="datetime64[us]")
    if cached is None or cached.empty:
        return starts, last
    last = cached.groupby("ticker")["date"].max()
    starts.loc[last.index] = overlap_starts(cached)
    assert old is not None  # cached is a part of old
    panel_last = old["date"].max()
    required = set(plan_tickers(spec.name, None)) | set(only or ())
    ended = [
        t
        for t in last.index
        if t not in required and last[t] < panel_last - pd.Timedelta(days=ENDED_AFTER_DAYS)
    ]
    current = [t for t in last.index if last[t] >= end and t not in ended]
    report.mark(spec.name, ended, "ended", "no data for a month before the file's last date")
    report.mark(spec.name, current, "up to date")
    return starts.drop(ended + current), last


def _download(
    spec: PanelSpec,
    starts: pd.Series,
    last: pd.Series,
    cached: pd.DataFrame | None,
    end: pd.Timestamp,
    downloader: Downloader,
    policy: RetryPolicy,
    progress: bool,
    report: Report,
) -> tuple[pd.DataFrame, pd.Index, list[str]]:
    """Download from each start, marking what grew; a ticker whose adjustment base changed is
    downloaded again in full (``redo``). Returns the new rows, the incremental tickers and redo."""
    from tqdm.auto import tqdm

    incremental = starts.index.intersection(last.index)
    with tqdm(total=len(starts), desc=f"{spec.name} prices", unit="ticker", disable=not progress) as bar:
        new = _fetch_batches(starts, end, downloader, policy, bar, spec.name, report)
        inc_new = new[new["ticker"].isin(incremental)]
        redo = readjusted(cached, inc_new, starts.loc[incremental]) if len(incremental) else []
        fresh = sorted(set(new["ticker"]) - set(incremental))
        new_last = inc_new.groupby("ticker")["date"].max()
        grown = new_last > last.reindex(new_last.index)
        report.mark(spec.name, sorted(set(grown.index[grown]) - set(redo)), "updated")
        report.mark(spec.name, sorted(set(grown.index[~grown]) - set(redo)), "up to date")
        report.mark(spec.name, fresh, "new")
        if redo:
            bar.total += len(redo)
            bar.refresh()
            assert cached is not None  # redo names cached tickers only
            firsts = cached[cached["ticker"].isin(redo)].groupby("ticker")["date"].min()
            redo_new = _fetch_batches(firsts, end, downloader, policy, bar, spec.name, report)
            report.mark(
                spec.name,
                sorted(set(redo_new["ticker"])),
                "re-adjusted",
                "adjustment base changed: full history downloaded again",
            )
            # a ticker whose full download failed keeps its old rows only (never two bases)
            new = pd.concat([new[~new["ticker"].isin(redo)], redo_new], ignore_index=True)
    return new, incremental, list(redo)


def _merge_and_write(
    spec: PanelSpec,
    old: pd.DataFrame | None,
    new: pd.DataFrame,
    incremental: pd.Index,
    redo: list[str],
    cols: list[str],
    dtypes: Any,
    names: list[str],
    report: Report,
) -> None:
    """The current copy with the new rows in place of the replaced tickers', checked and written;
    the tickers left behind the file's last date are noted in ``report.stale``."""
    replaced = set(new["ticker"]) - set(incremental) | (set(redo) & set(new["ticker"]))
    keep = old[~old["ticker"].isin(replaced)] if old is not None else None
    pieces = [p for p in (keep, new[["date", "ticker", *cols]]) if p is not None and not p.empty]
    if not pieces:
        report.errors[spec.name] = "no data obtained and no earlier copy"
        return
    merged = pd.concat(pieces, ignore_index=True)
    merged = merged.drop_duplicates(["ticker", "date"], keep="last").sort_values(
        ["ticker", "date"], kind="stable"
    )
    merged = merged.reset_index(drop=True).astype(dtypes)
    write_checked(merged, spec.name, spec.relpath, cols, report)
    if spec.name in report.written:
        lastd = merged.groupby("ticker")["date"].max()
        refreshed = [t for t in names if report.tickers.get(spec.name, {}).get(t, ("",))[0] != "ended"]
        behind = lastd.reindex(refreshed).dropna()
        report.stale[spec.name] = {t: d for t, d in behind[behind < merged["date"].max()].items()}


def _bad_tickers(long: pd.DataFrame, columns: Sequence[str]) -> dict[str, str]:
    """Tickers whose new rows are unusable: a value that is not a number (``"N/A"``), a
    non-positive close or a negative value (:func:`rotation.inputs.validate.invalid_values`)."""
    return {
        t: f"invalid data from Yahoo (negative, zero or not a number): {why}"
        for t, why in validate.invalid_values(long, columns).items()
    }


# --------------------------------------------------------------------------------------------
# the whole refresh, and what it says offline
# --------------------------------------------------------------------------------------------
def refresh(
    panels: Sequence[str] = DEFAULT_PANELS,
    tickers: Sequence[str] | None = None,
    *,
    downloader: Downloader | None = None,
    full: bool = False,
    end: pd.Timestamp | None = None,
    probe: Callable[[], bool] | None = None,
    policy: RetryPolicy | None = None,
    progress: bool = True,
) -> Report:
    """Refresh ``panels`` (names of :data:`PANEL_SPECS` and ``"shares"``) into the cache.

    ``tickers`` restricts the refresh to those stored ticker names; ``full`` ignores the cached
    rows and downloads every ticker's whole history. Returns the :class:`Report`; when the
    probe finds no network, nothing is touched and ``report.offline`` holds the message.
    """
    unknown = [p for p in panels if p not in ALL_PANELS]
    if unknown:
        raise ValueError(f"unknown panel(s) {unknown}; choose from {list(ALL_PANELS)}")
    end = pd.Timestamp(end) if end is not None else yahoo.last_complete_session()
    report = Report(end=end)
    if not (probe or yahoo.network_available)():
        report.offline = offline_message()
        return report
    report.cleaned = io.remove_stale_temps(config.cache_dir())
    downloader = downloader or yahoo.YFinanceDownloader()
    for panel in panels:
        if panel == "shares":
            refresh_shares(
                downloader, end=end, only=tickers, full=full, policy=policy, progress=progress, report=report
            )
        else:
            refresh_prices(
                PANEL_SPECS[panel],
                downloader,
                end=end,
                only=tickers,
                full=full,
                policy=policy,
                progress=progress,
                report=report,
            )
    return report


def offline_message() -> str:
    """Network unreachable: say so, and which files (from which source, to which date) the
    notebooks will use."""
    sources = config.data_sources()
    lines = [
        f"Network unreachable: no connection to {yahoo.YAHOO_HOST}:443 within {yahoo.PROBE_TIMEOUT:.0f} s. "
        "Nothing was downloaded; the cache is unchanged.",
        "The notebooks will use the data already on this machine, each file from the first of:",
    ]
    lines += [f"  {i}. {d} ({'present' if d.is_dir() else 'absent'})" for i, d in enumerate(sources, 1)]
    for rel in [d.file for d in datasets.DATASETS.values() if d.refresh]:
        found = next((i for i, d in enumerate(sources, 1) if (d / rel).is_file()), None)
        if found is None:
            lines.append(f"  {rel:<36} missing everywhere")
            continue
        try:
            last = pd.to_datetime(read_copy(sources[found - 1] / rel, columns=["date"])["date"]).max().date()
            lines.append(f"  {rel:<36} from {found}., last date {last}")
        except Exception as exc:
            lines.append(f"  {rel:<36} from {found}., unreadable ({type(exc).__name__})")
    lines.append(f"Run `{config.FETCH_COMMAND}` again when the network is back.")
    return "\n".join(lines)
