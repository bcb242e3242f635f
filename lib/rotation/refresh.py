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
  :data:`OVERLAP_SESSIONS` trading days before the last cached date. If an overlapping adjusted
  close differs from the cached one by more than :data:`REVISION_RTOL` (relative) the adjustment
  base changed (a dividend or split since the last download): that ticker is downloaded again
  in full and its old rows are replaced, so a ticker never mixes two adjustment bases.
- **Complete sessions only.** The last session requested is the last one whose daily bar is final
  (:func:`rotation.yahoo.last_complete_session`, after 18:00 New York time), so no intraday bar enters the cache.
- **Robust.** Batches of :attr:`rotation.yahoo.RetryPolicy.batch_size` tickers; rate limits, timeouts and dropped
  connections are retried with exponential backoff; a progress bar (tqdm); a final report of what
  was updated, re-adjusted, up to date, failed, stale or ended.
- **Safe writes.** Every file is validated by :func:`rotation.validate.validate_panel`, the
  checks the loaders use (no empty frame, no all-NaN column, no NaN, negative or zero close, no
  negative price or volume, no duplicated ticker-date, no date after today), and then written
  atomically with :func:`rotation.io.write_frame` (a temporary file in the same folder, flushed,
  given the old file's mode, then renamed). An interrupted refresh leaves the previous file
  intact; its temporary files are removed when the next refresh starts. A value that is not a
  number (Yahoo's ``"N/A"``) fails its ticker; a full disk leaves the previous file and ends in
  the report.
- **Offline.** A 3-second connection probe to Yahoo runs first; without network nothing is touched
  and the message says which data the notebooks will use.

The yfinance boundary is one small object (:class:`rotation.yahoo.Downloader`); tests pass a fake.
Which files exist, their schema and which of them a refresh can fetch is the dataset registry
(:data:`rotation.datasets.DATASETS`). ``ensure-data`` (:func:`ensure_data`) fetches what no data
source has; rerunning the notebooks on refreshed data is :func:`rotation.notebooks.rerun`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import config, data, datasets, io, validate, yahoo
from .errors import DataValidationError
from .yahoo import FIELDS, Downloader, RetryPolicy, to_long, with_retries, yahoo_symbol

OVERLAP_SESSIONS = 5  # trading days re-requested to catch revisions and re-adjustments
REVISION_RTOL = 1e-4  # relative difference of an overlapping adjusted close that means "re-adjusted"
REVISION_ATOL = 1e-4  # USD; covers the snapshot's rounding to 4 decimals
ENDED_AFTER_DAYS = 30  # days without data before a ticker no list asks for counts as ended


@dataclass(frozen=True)
class PanelSpec:
    """A price file: its relative path, value columns and the first date of a full download."""

    name: str
    relpath: str
    columns: tuple[str, ...]
    start: str


#: The price files a refresh can fetch, from the dataset registry (:data:`rotation.datasets.DATASETS`).
PANEL_SPECS: dict[str, PanelSpec] = {
    name: PanelSpec(
        name,
        rel,
        tuple(c for c in datasets.DATASETS[rel].schema if c not in ("date", "ticker")),
        str(datasets.DATASETS[rel].start),
    )
    for name, rel in datasets.PANELS.items()
}
#: The share-count file (the registry's ``shares`` dataset) and the first date asked for a
#: share-count series never downloaded before.
SHARES_RELPATH = next(d.file for d in datasets.DATASETS.values() if d.refresh == "shares")
SHARES_START = str(datasets.DATASETS[SHARES_RELPATH].start)
#: What ``refresh`` fetches by default (``sp1500`` on request: 1,500 tickers, used by few analyses).
DEFAULT_PANELS: tuple[str, ...] = ("etf", "sp500", "index", "shares")
ALL_PANELS: tuple[str, ...] = (*PANEL_SPECS, "shares")


# --------------------------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------------------------
STATUSES = ("updated", "re-adjusted", "new", "up to date", "failed", "ended")


MAX_LISTED = 20  # names listed per line of the report


def _short(names: Sequence[str]) -> str:
    head = ", ".join(names[:MAX_LISTED])
    return head + (f" ... and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")


@dataclass
class Report:
    """What a refresh did, per file and per ticker."""

    end: pd.Timestamp | None = None
    offline: str | None = None  # the offline message, when the probe failed
    tickers: dict[str, dict[str, tuple[str, str]]] = field(
        default_factory=dict
    )  # panel -> ticker -> (status, detail)
    written: dict[str, tuple[Path, int, pd.Timestamp]] = field(
        default_factory=dict
    )  # panel -> (path, rows, last date)
    stale: dict[str, dict[str, pd.Timestamp]] = field(default_factory=dict)  # panel -> ticker -> last date
    errors: dict[str, str] = field(default_factory=dict)  # panel -> why nothing was written
    cleaned: list[Path] = field(default_factory=list)  # stale temporary files removed at the start

    def mark(self, panel: str, tickers: Sequence[str], status: str, detail: str = "") -> None:
        book = self.tickers.setdefault(panel, {})
        for t in tickers:
            book[t] = (status, detail)

    def status(self, panel: str, status: str) -> list[str]:
        return sorted(t for t, (s, _) in self.tickers.get(panel, {}).items() if s == status)

    @property
    def failed(self) -> dict[str, dict[str, str]]:
        return {
            p: {t: d for t, (s, d) in book.items() if s == "failed"}
            for p, book in self.tickers.items()
            if any(s == "failed" for s, _ in book.values())
        }

    @property
    def ok(self) -> bool:
        """True unless offline, a file could not be written, or nothing at all succeeded."""
        if self.offline or self.errors:
            return False
        statuses = [s for book in self.tickers.values() for s, _ in book.values()]
        return any(s != "failed" for s in statuses) if statuses else True

    def format(self) -> str:
        if self.offline:
            return self.offline
        lines = [f"Refresh report (sessions up to {self.end.date() if self.end is not None else '?'}):"]
        if self.cleaned:
            lines.append(f"  removed {len(self.cleaned)} temporary file(s) left by an interrupted refresh")
        for panel in dict.fromkeys([*self.tickers, *self.errors]):
            counts = ", ".join(f"{len(self.status(panel, s))} {s}" for s in STATUSES if self.status(panel, s))
            lines.append(f"  {panel:<7} {counts or 'nothing to do'}")
            if panel in self.written:
                path, rows, last = self.written[panel]
                lines.append(f"          wrote {path} ({rows:,} rows, last date {last.date()})")
            if panel in self.errors:
                lines.append(f"          NOT WRITTEN: {self.errors[panel]}")
            failed = sorted(self.failed.get(panel, {}).items())
            for t, why in failed[:MAX_LISTED]:
                lines.append(f"          failed {t}: {why}")
            if len(failed) > MAX_LISTED:
                lines.append(f"          ... and {len(failed) - MAX_LISTED} more failed")
            ended = self.status(panel, "ended")
            if ended:
                lines.append(f"          ended (not refreshed): {_short(ended)}")
            stale = self.stale.get(panel, {})
            if stale:
                lines.append(
                    "          stale (last date before the file's): "
                    + _short([f"{t} {d.date()}" for t, d in sorted(stale.items())])
                )
        if os.environ.get(config.ENV_DATA):
            lines.append(
                f"Note: {config.ENV_DATA} is set, so the notebooks read only that folder and "
                f"not the refreshed cache {config.cache_dir()}."
            )
        elif self.written:
            lines.append(
                f"The notebooks use the refreshed files with {config.ENV_PREFER_CACHE}=1 (`make update` "
                "sets it); otherwise the snapshot comes first."
            )
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# reading the current copy, validating, writing atomically
# --------------------------------------------------------------------------------------------
def _candidate_sources() -> list[Path]:
    """Where a current copy of a file may be: the cache first, then the data sources."""
    out: list[Path] = []
    for d in (config.cache_dir(), *config.data_sources()):
        if d not in out:
            out.append(d)
    return out


def current_copy(relpath: str) -> tuple[pd.DataFrame | None, Path | None]:
    """The freshest readable copy of ``relpath`` on this machine (latest last date; the cache
    wins ties) and its path, or ``(None, None)``. A damaged file is skipped."""
    best: tuple[pd.Timestamp, int, Path] | None = None
    for rank, base in enumerate(_candidate_sources()):
        path = base / relpath
        if not path.is_file():
            continue
        try:
            dates = _read(path, columns=["date"])["date"]
        except Exception:
            continue
        last = pd.to_datetime(dates, format="ISO8601").max()
        if best is None or last > best[0]:
            best = (last, rank, path)
    if best is None:
        return None, None
    return _read(best[2]), best[2]


def _read(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path, columns=columns)
    df = pd.read_csv(path, usecols=columns)
    if "date" in df:
        df["date"] = pd.to_datetime(df["date"], format="ISO8601")
    return df


def _bad_tickers(long: pd.DataFrame, columns: Sequence[str]) -> dict[str, str]:
    """Tickers whose new rows are unusable: a value that is not a number (``"N/A"``), a
    non-positive close or a negative value (:func:`rotation.validate.invalid_values`)."""
    return {
        t: f"invalid data from Yahoo (negative, zero or not a number): {why}"
        for t, why in validate.invalid_values(long, columns).items()
    }


# --------------------------------------------------------------------------------------------
# which tickers
# --------------------------------------------------------------------------------------------
def _members() -> list[str] | None:
    """``yf_symbol`` of the S&P 500 member list, or None if no source has it."""
    try:
        return [str(s) for s in data.sp500_members()["yf_symbol"].dropna()]
    except FileNotFoundError:
        return None


def _project_universe() -> list[str]:
    """Tickers of the repository's ``data/universes.csv``."""
    try:
        return [str(t) for t in data.read_project_csv("universes.csv")["ticker"].dropna().unique()]
    except FileNotFoundError:
        return []


def plan_tickers(panel: str, existing: pd.DataFrame | None, only: Sequence[str] | None = None) -> list[str]:
    """Stored ticker names to refresh in ``panel`` (``etf``, ``sp500``, ``sp1500``, ``index`` or
    ``shares``): the tickers already in the file plus those the project needs:

    - ``sp500``: the ``yf_symbol`` column of the S&P 500 member list (former members already in
      the file are refreshed while they still trade; those without data for a month are left
      as they are, "ended");
    - ``index``: the ``^`` tickers of ``data/universes.csv``;
    - ``etf`` and ``shares``: the other tickers of ``data/universes.csv`` that are not S&P 500
      members (the ETFs);
    - ``sp1500``: the list ``universe/sp1500_tickers_2026-04.csv``.

    With ``only``, just those of them; a ticker named in ``only`` that is in no list goes to
    ``index`` if it starts with ``^``, to ``sp500`` if it is a member, else to ``etf``.
    """
    have = [] if existing is None else [str(t) for t in existing["ticker"].unique()]
    members = _members()
    member_set = set(members or [])
    project = _project_universe()
    etfs = [t for t in project if not t.startswith("^") and t not in member_set]
    if panel == "sp500":
        wanted = (members or []) + have
    elif panel == "index":
        wanted = have + [t for t in project if t.startswith("^")]
    elif panel == "etf":
        wanted = have + etfs
    elif panel == "shares":
        wanted = have + etfs
    elif panel == "sp1500":
        try:
            wanted = have + data.sp1500_tickers()
        except FileNotFoundError:
            wanted = have
    else:
        raise ValueError(f"unknown panel {panel!r}; choose from {ALL_PANELS}")
    wanted = list(dict.fromkeys(wanted))
    if only is None:
        return wanted
    listed = [t for t in only if t in wanted]
    known = set(member_set) | set(project) | set(have)
    homeless = [t for t in only if t not in known]
    if panel == "index":
        listed += [t for t in homeless if t.startswith("^") and t not in listed]
    elif panel == "etf":
        listed += [t for t in homeless if not t.startswith("^") and t not in member_set and t not in listed]
    return list(dict.fromkeys(listed))


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


def overlap_starts(cached: pd.DataFrame, n: int = OVERLAP_SESSIONS) -> pd.Series:
    """Per ticker, the ``n``-th last cached date (the first one if it has fewer rows): where an
    incremental request starts, so that ``n`` cached sessions are downloaded again."""
    d = cached.sort_values(["ticker", "date"], kind="stable")
    from_end = d.groupby("ticker").cumcount(ascending=False)
    return d[from_end < n].groupby("ticker")["date"].min()


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
    from tqdm.auto import tqdm

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
    if old is not None:
        old = old[["date", "ticker", *[c for c in cols if c in old]]].copy()
        for c in cols:
            if c not in old:
                old[c] = np.nan
        old["ticker"] = old["ticker"].astype(str)
    cached = old[old["ticker"].isin(names)] if old is not None and not full else None
    # request start per ticker: the OVERLAP-th last cached date, or the panel start for new ones
    starts = pd.Series(pd.Timestamp(spec.start), index=pd.Index(names, name="ticker"))
    last = pd.Series(dtype="datetime64[us]")
    if cached is not None and not cached.empty:
        last = cached.groupby("ticker")["date"].max()
        starts.loc[last.index] = overlap_starts(cached)
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
        starts = starts.drop(ended + current)
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
    if new.empty or not any(report.status(spec.name, s) for s in ("updated", "new", "re-adjusted")):
        return report  # no new session: the current copy stays where it is
    replaced = set(new["ticker"]) - set(incremental) | (set(redo) & set(new["ticker"]))
    keep = old[~old["ticker"].isin(replaced)] if old is not None else None
    pieces = [p for p in (keep, new[["date", "ticker", *cols]]) if p is not None and not p.empty]
    if not pieces:
        report.errors[spec.name] = "no data obtained and no earlier copy"
        return report
    merged = pd.concat(pieces, ignore_index=True)
    merged = merged.drop_duplicates(["ticker", "date"], keep="last").sort_values(
        ["ticker", "date"], kind="stable"
    )
    merged = merged.reset_index(drop=True).astype(dtypes)
    _write_checked(merged, spec.name, spec.relpath, cols, report)
    if spec.name in report.written:
        lastd = merged.groupby("ticker")["date"].max()
        refreshed = [t for t in names if report.tickers.get(spec.name, {}).get(t, ("",))[0] != "ended"]
        behind = lastd.reindex(refreshed).dropna()
        report.stale[spec.name] = {t: d for t, d in behind[behind < merged["date"].max()].items()}
    return report


def _write_checked(df: pd.DataFrame, panel: str, relpath: str, cols: Sequence[str], report: Report) -> None:
    path = config.cache_dir() / relpath
    try:
        validate.validate_panel(df, cols, str(path))
    except DataValidationError as exc:
        report.errors[panel] = f"validation failed, previous file kept: {exc}"
        return
    try:
        io.write_frame(path, df)
    except OSError as exc:  # a full disk, a read-only cache ...: the report says so, the old file stays
        report.errors[panel] = (
            f"cannot write {path}: {exc.strerror or exc}; previous file kept. Free space "
            f"(or fix the folder's permissions) and run `{config.FETCH_COMMAND}` again."
        )
        return
    report.written[panel] = (path, len(df), df["date"].max())


# --------------------------------------------------------------------------------------------
# refreshing the share counts
# --------------------------------------------------------------------------------------------
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
    _write_checked(merged.reset_index(drop=True), "shares", SHARES_RELPATH, ["shares", "price"], report)
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


# --------------------------------------------------------------------------------------------
# the whole refresh, offline message, ensure_data, rerun
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
            last = pd.to_datetime(_read(sources[found - 1] / rel, columns=["date"])["date"]).max().date()
            lines.append(f"  {rel:<36} from {found}., last date {last}")
        except Exception as exc:
            lines.append(f"  {rel:<36} from {found}., unreadable ({type(exc).__name__})")
    lines.append(f"Run `{config.FETCH_COMMAND}` again when the network is back.")
    return "\n".join(lines)


def missing_files() -> list[str]:
    """Files the notebooks need (:func:`rotation.datasets.needed_files`) that no data source has."""
    return [
        rel for rel in datasets.needed_files() if not any((d / rel).is_file() for d in config.data_sources())
    ]


def ensure_data(
    *, downloader: Downloader | None = None, probe: Callable[[], bool] | None = None, progress: bool = True
) -> int:
    """Do nothing (return 0) if every file the notebooks need is in some data source. Else
    download the ones yfinance can provide (prices, share counts) and return 0 if nothing is
    missing afterwards; otherwise print what is missing and what to do, and return 1."""
    missing = missing_files()
    if not missing:
        return 0
    if os.environ.get(config.ENV_DATA):
        print(
            f"{config.ENV_DATA}={os.environ[config.ENV_DATA]} lacks: {', '.join(missing)}.\n"
            f"While {config.ENV_DATA} is set only that folder is searched, so a download into the cache "
            f"would not help: unset it (the snapshot and the cache are then used) or complete that folder."
        )
        return 1
    panels = [datasets.fetchable(rel) for rel in missing if datasets.fetchable(rel)]
    print("Data missing from every source: " + ", ".join(missing))
    report = None
    if panels:
        print(f"Downloading {', '.join(panels)} with yfinance into {config.cache_dir()} ...", flush=True)
        report = refresh(panels, downloader=downloader, probe=probe, progress=progress)
        print(report.format())
    still = missing_files()
    if not still:
        return 0
    fetchable = [rel for rel in still if datasets.fetchable(rel)]
    other = [rel for rel in still if not datasets.fetchable(rel)]
    print("Still missing: " + ", ".join(still))
    if fetchable:
        why = "the network is unreachable" if report is not None and report.offline else "the download failed"
        print(f"- {', '.join(fetchable)}: {why}; run `{config.FETCH_COMMAND}` when online.")
    if other:
        print(
            f"- {', '.join(other)}: not on Yahoo; they come with the data snapshot. Put it at "
            f"{config.snapshot_dir()} or point {config.ENV_DATA} at a copy (see README, 'Data')."
        )
    print("Notebooks that read a missing file stop with an error naming it.")
    return 1
