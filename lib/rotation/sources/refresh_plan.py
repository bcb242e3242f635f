"""Planning a refresh: which files, which tickers, from which copy and from which date.

- the price files and the share-count file a refresh can fetch come from the dataset registry
  (:data:`rotation.inputs.datasets.DATASETS`): :data:`PANEL_SPECS`, :data:`SHARES_RELPATH`;
- each file starts from the freshest copy on the machine, the cache or a data source
  (:func:`current_copy`);
- the tickers are those already in the file plus those the project needs (:func:`plan_tickers`);
- each ticker is requested from :data:`OVERLAP_SESSIONS` sessions before its last cached date
  (:func:`overlap_starts`), a new one from the file's first date;
- the result replaces the cache's copy only once validated, atomically (:func:`write_checked`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config, io
from ..errors import DataValidationError
from ..inputs import data, datasets, validate
from .refresh_report import Report

OVERLAP_SESSIONS = 5  # trading days re-requested to catch revisions and re-adjustments


@dataclass(frozen=True)
class PanelSpec:
    """A price file: its relative path, value columns and the first date of a full download."""

    name: str
    relpath: str
    columns: tuple[str, ...]
    start: str


#: The price files a refresh can fetch, from the dataset registry (:data:`rotation.inputs.datasets.DATASETS`).
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
# the copy a file starts from
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
            dates = read_copy(path, columns=["date"])["date"]
        except Exception:
            continue
        last = pd.to_datetime(dates, format="ISO8601").max()
        if best is None or last > best[0]:
            best = (last, rank, path)
    if best is None:
        return None, None
    return read_copy(best[2]), best[2]


def read_copy(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A parquet or CSV copy of a refreshed file (``columns`` only), ``date`` as datetimes."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path, columns=columns)
    df = pd.read_csv(path, usecols=columns)
    if "date" in df:
        df["date"] = pd.to_datetime(df["date"], format="ISO8601")
    return df


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
# from which date
# --------------------------------------------------------------------------------------------
def overlap_starts(cached: pd.DataFrame, n: int = OVERLAP_SESSIONS) -> pd.Series:
    """Per ticker, the ``n``-th last cached date (the first one if it has fewer rows): where an
    incremental request starts, so that ``n`` cached sessions are downloaded again."""
    d = cached.sort_values(["ticker", "date"], kind="stable")
    from_end = d.groupby("ticker").cumcount(ascending=False)
    return d[from_end < n].groupby("ticker")["date"].min()


# --------------------------------------------------------------------------------------------
# the checked, atomic write that ends a refresh
# --------------------------------------------------------------------------------------------
def write_checked(df: pd.DataFrame, panel: str, relpath: str, cols: Sequence[str], report: Report) -> None:
    """Validate ``df`` (:func:`rotation.inputs.validate.validate_panel`) and write it atomically to the
    cache as ``relpath``; record what was written in ``report``, or why nothing was (the previous
    file is then kept)."""
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
