"""The dataset registry: which market-data files there are, and what each one is.

:data:`DATASETS` lists every market-data file the project reads: for each, its path relative to a
data folder (``file``, the key ``data/origins.csv`` also uses), its schema (columns and their kinds,
the key columns, the date columns), the loader of :mod:`rotation.inputs.data` that reads it, whether
``python -m rotation refresh`` can fetch it with yfinance (and from which date), and who reads it
(the notebooks and the refresh itself). The loaders read their schema from it, ``python -m rotation
check`` checks every file it lists, ``ensure-data`` fetches the files the notebooks need that no
source has, the missing-file message (:func:`how_to_get`) says how to get the file, and ``refresh``
takes its files from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import config

if TYPE_CHECKING:  # pandas only for the table: `make run` checks the files without importing it
    import pandas as pd


@dataclass(frozen=True)
class Dataset:
    """One market-data file of the registry."""

    file: str  # path relative to a data folder (the key of data/origins.csv too)
    loader: str  # the function of rotation.inputs.data that reads and validates it
    schema: Mapping[str, str]  # column -> kind ("datetime", "number", "string") that must be there
    keys: tuple[str, ...] = ()  # columns that no two rows share
    dates: tuple[str, ...] = ()  # CSV columns parsed as ISO dates
    refresh: str | None = None  # the `refresh --panels` name that fetches it with yfinance
    start: str | None = None  # first date of a full yfinance download
    readers: tuple[str, ...] = ()  # notebooks (by stem) and "refresh" that read it
    optional_readers: tuple[str, ...] = ()  # notebooks that read it when it is there (no stop without it)
    options: Mapping[str, Any] = field(default_factory=dict)  # further pandas.read_csv options


_OHLCV = {
    "date": "datetime",
    "ticker": "string",
    **{c: "number" for c in ("open", "high", "low", "close", "volume")},
}
_BREADTH, _EARNINGS, _FLOWS, _CONSENSUS, _MONITOR, _HOTTEST = (
    "01_breadth",
    "02_small_cap_earnings",
    "03_sector_flows",
    "04_contrarian_consensus",
    "05_rotation_monitor",
    "20_hottest-sectors-2025",
)
# the scorecard (00) reads results only, no market data. What each notebook read in its last run is in
# its key (results/.keys/<name>.json); tests/test_runcache.py checks that these readers include it.

#: Every market-data file the project reads: relative path -> :class:`Dataset`.
DATASETS: dict[str, Dataset] = {
    d.file: d
    for d in (
        Dataset(
            "prices/etf_daily.parquet",
            "prices",
            _OHLCV,
            ("ticker", "date"),
            refresh="etf",
            start="1985-01-01",
            readers=(_BREADTH, _EARNINGS, _FLOWS, _CONSENSUS, _MONITOR, _HOTTEST),
        ),
        Dataset(
            "prices/sp500_daily.parquet",
            "prices",
            _OHLCV,
            ("ticker", "date"),
            refresh="sp500",
            start="2015-01-01",
            readers=(_BREADTH, _MONITOR, _HOTTEST),
        ),
        Dataset(
            "prices/sp1500_daily.parquet",
            "prices",
            _OHLCV,
            ("ticker", "date"),
            refresh="sp1500",
            start="2024-01-01",
            optional_readers=(_BREADTH,),  # B1/B3: members the S&P 500 panel lacks (CTRA, HOLX), else bounded
        ),
        Dataset(
            "prices/index_daily.parquet",
            "prices",
            {"date": "datetime", "ticker": "string", "close": "number"},
            ("ticker", "date"),
            refresh="index",
            start="2010-01-01",
            readers=(_BREADTH, _HOTTEST),
        ),
        Dataset(
            "flows/etf_daily_flows.csv",
            "etf_flows",
            {"ticker": "string", "flow_usd": "number"},
            ("ticker", "date"),
            dates=("date",),
            readers=(_BREADTH, _FLOWS, _MONITOR),
        ),
        Dataset(
            "flows/etf_shares_outstanding.csv",
            "etf_shares_outstanding",
            {"ticker": "string", "shares": "number", "price": "number"},
            ("ticker", "date"),
            dates=("date",),
            refresh="shares",
            start="2025-01-01",
            readers=(_FLOWS,),
        ),
        Dataset(
            "flows/etf_aum.csv",
            "etf_aum",
            {"ticker": "string", "aum_usd": "number"},
            ("ticker",),
            dates=("updated_date",),
            readers=(_FLOWS,),
        ),
        Dataset(
            "universe/sp500_members_2026-07.csv",
            "sp500_members",
            {"symbol": "string", "gics_sector": "string", "yf_symbol": "string"},
            ("symbol",),
            readers=(_MONITOR, "refresh"),
        ),
        Dataset(
            "universe/sp500_constituents.csv",
            "sp500_constituents",
            {"ticker": "string", "gics_sector": "string", "vintage": "string"},
            ("vintage", "ticker"),
            readers=(_BREADTH, _EARNINGS),
        ),
        Dataset(
            "universe/iwm_holdings.csv",
            "iwm_holdings",
            {"ticker": "string", "sector": "string", "weight": "number", "market_value": "number"},
            dates=("as_of",),
            readers=(_EARNINGS,),
        ),
        Dataset(
            "universe/sp1500_tickers_2026-04.csv",
            "sp1500_tickers",
            {"ticker": "string"},
            readers=(_EARNINGS, "refresh"),
        ),
        Dataset(
            "reference/sp500_breadth_official.csv",
            "breadth_official",
            {f"pct_above_ma{n}": "number" for n in (20, 50, 200)},
            ("date",),
            dates=("date",),
            readers=(_BREADTH, _MONITOR),
            options={"comment": "#"},
        ),
        Dataset(
            "earnings/index_eps_estimates.csv",
            "index_eps_estimates",
            {"index": "string", "calendar_year": "number", "eps_estimate": "number", "kind": "string"},
            dates=("vintage_date",),
            readers=(_EARNINGS,),
        ),
        Dataset(
            "earnings/company_fundamentals.csv",
            "company_fundamentals",
            {"ticker": "string", "gics_sector": "string", "marketCap": "number"},
            ("ticker",),
            dates=("as_of",),
            readers=(_BREADTH, _EARNINGS),
        ),
        Dataset(
            "earnings/raw/raw_manifest.csv",
            "eps_workbooks",
            {"repo": "string", "commit": "string", "path": "string", "local": "string"},
            dates=("data_as_of",),
            readers=(_EARNINGS,),
        ),
        Dataset(
            "MANIFEST.csv",
            "snapshot_manifest",
            {"file": "string", "source": "string"},
            ("file",),
            readers=(_CONSENSUS,),
        ),
    )
}

#: Price panels: name -> relative path (the parquet files of the registry).
PANELS: dict[str, str] = {
    d.refresh: d.file for d in DATASETS.values() if d.file.endswith(".parquet") and d.refresh
}


def registry() -> pd.DataFrame:
    """:data:`DATASETS` as a table, one row per ``file`` (joins ``data/origins.csv`` on ``file``):
    ``loader, columns, keys, dates, refresh, start, readers``."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "file": d.file,
                "loader": d.loader,
                "columns": " ".join(d.schema),
                "keys": " ".join(d.keys),
                "dates": " ".join(d.dates),
                "refresh": d.refresh,
                "start": d.start,
                "readers": " ".join(d.readers),
            }
            for d in DATASETS.values()
        ]
    )


def needed_files() -> list[str]:
    """The files the notebooks need: those the registry lists a reader for."""
    return [d.file for d in DATASETS.values() if d.readers]


def fetchable(file: str) -> str | None:
    """The ``refresh --panels`` name that fetches ``file`` with yfinance, or None."""
    d = DATASETS.get(file)
    return d.refresh if d is not None else None


def how_to_get(relpath: str) -> str:
    """What to do about a missing ``relpath``: where to put the snapshot, or which command fetches
    it, and which notebooks read it (the end of the missing-file message)."""
    d = DATASETS.get(relpath)
    readers = [r for r in (d.readers if d else ()) if r != "refresh"]
    who = f" It is read by {', '.join(readers)}." if readers else ""
    if d is not None and d.refresh is None:
        return (
            f"It is not on Yahoo: point {config.ENV_DATA} at a copy of the data snapshot, put it at "
            f"{config.snapshot_dir()}, or build it from its public origin with `{config.CLI} fetch` "
            f"(needs internet; see README, 'Without the snapshot').{who}"
        )
    panels = f" --panels {d.refresh}" if d is not None else ""
    return (
        f"Point {config.ENV_DATA} at a copy of the snapshot, build the whole data folder with "
        f"`{config.CLI} fetch`, or fetch this file with `{config.FETCH_COMMAND}{panels}` "
        f"(needs internet).{who}"
    )
