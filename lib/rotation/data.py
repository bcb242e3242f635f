"""The data layer: the only module that knows where files are.

Every loader returns a tidy, validated DataFrame with documented units, or raises
:class:`~rotation.errors.DataNotFoundError` naming what is missing, where it looked and the
command that fetches it. Nothing here returns a silent empty frame.

Units
-----
- prices: USD per share, adjusted for splits and dividends (``close``-to-``close`` changes are
  total returns), except the ``index`` panel, which holds price-index levels (price returns);
- flows: USD (not USD bn); shares: shares; AUM: USD;
- EPS: USD per index share; growth columns named ``*_pct`` are percent.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import config
from .errors import DataNotFoundError, DataValidationError, ParameterError
from . import validate
from .validate import missing_columns, require_columns, sort_by_ticker_date, validate_prices

#: Price panels of the snapshot: name -> relative path.
PANELS: dict[str, str] = {
    "etf": "prices/etf_daily.parquet",
    "sp500": "prices/sp500_daily.parquet",
    "sp1500": "prices/sp1500_daily.parquet",
    "index": "prices/index_daily.parquet",
}


# --------------------------------------------------------------------------------------------
# finding and reading files
# --------------------------------------------------------------------------------------------
def find(relpath: str) -> Path:
    """Path of ``relpath`` in the first data source that has it.

    Raises :class:`DataNotFoundError` listing every source searched and the fetch command.
    """
    sources = config.data_sources()
    for base in sources:
        path = base / relpath
        if path.is_file():
            return path
    searched = "\n".join(f"  - {b / relpath}" for b in sources)
    raise DataNotFoundError(
        f"dataset {relpath!r} not found. Searched:\n{searched}\n"
        f"Point {config.ENV_DATA} at a copy of the snapshot, or fetch it with `{config.FETCH_COMMAND}` "
        "(needs internet)."
    )


@lru_cache(maxsize=8)
def _read_parquet_cached(path: str, mtime_ns: int, columns: tuple[str, ...] | None) -> pd.DataFrame:
    import pyarrow.parquet as pq

    damaged = (f"{path}: cannot read the parquet file ({{}}). The file is damaged; restore the snapshot "
               f"or fetch it again with `{config.FETCH_COMMAND}`.")
    try:
        names = pq.read_schema(path).names
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise DataValidationError(damaged.format(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")) from exc
    if columns:
        err = missing_columns([n for n in names if not n.startswith("__")], columns, path)
        if err is not None:
            raise err
    try:
        return pd.read_parquet(path, columns=list(columns) if columns else None)
    except Exception as exc:
        raise DataValidationError(damaged.format(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")) from exc


def read_parquet(relpath: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a parquet dataset (memoised per file version; callers get their own copy)."""
    path = find(relpath)
    df = _read_parquet_cached(str(path), path.stat().st_mtime_ns, tuple(columns) if columns else None)
    return df.copy()


def read_csv(relpath: str, *, dates: tuple[str, ...] = (), schema: dict[str, str] | None = None,
             keys: tuple[str, ...] = (), **kwargs) -> pd.DataFrame:
    """Read a CSV dataset of the market-data sources, parsing ``dates`` as datetimes, checking
    the columns of ``schema`` (name -> ``"datetime"``, ``"number"``, ``"string"``) and that no
    two rows share ``keys`` (see :func:`rotation.validate.read_csv`)."""
    path = find(relpath)
    return validate.read_csv(path, str(path), schema=schema, dates=dates, keys=keys, **kwargs)


def read_project_csv(name: str, **kwargs) -> pd.DataFrame:
    """Read one of the repository's own files in ``data/``."""
    path = config.project_data_dir() / name
    if not path.is_file():
        raise DataNotFoundError(f"project file {path} is missing; it is part of the repository (git checkout it)")
    return validate.read_csv(path, f"data/{name}", **kwargs)


# --------------------------------------------------------------------------------------------
# prices
# --------------------------------------------------------------------------------------------
def _window(start: str | pd.Timestamp | None, end: str | pd.Timestamp | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    s = pd.Timestamp(start) if start is not None else None
    e = pd.Timestamp(end) if end is not None else None
    if s is not None and e is not None and e < s:
        raise ParameterError(f"end {e.date()} is before start {s.date()}: swap the two dates")
    return s, e


def prices(tickers: list[str] | None = None, start=None, end=None, *, panel: str = "etf",
           fields: tuple[str, ...] = ("close",)) -> pd.DataFrame:
    """Daily prices in long format: ``date, ticker`` and ``fields`` (USD per share).

    ``panel`` is one of :data:`PANELS`. ``tickers=None`` means every ticker of the panel.
    Raises :class:`DataNotFoundError` if a requested ticker is absent or the window holds no
    rows, and ``ValueError`` if ``end`` is before ``start``.
    """
    if panel not in PANELS:
        raise ParameterError(f"unknown panel {panel!r}; choose one of {sorted(PANELS)}")
    s, e = _window(start, end)
    relpath = PANELS[panel]
    df = read_parquet(relpath, columns=["date", "ticker", *fields])
    name = str(find(relpath))
    validate.require_nonempty(df, name)
    if tickers is not None:
        tickers = list(dict.fromkeys(tickers))
        present = set(df["ticker"].unique())
        missing = [t for t in tickers if t not in present]
        if missing:
            raise DataNotFoundError(
                f"ticker(s) {missing} not in {name} (panel {panel!r}). "
                f"Fetch them with `{config.FETCH_COMMAND} --tickers {' '.join(missing)}`."
            )
        df = df[df["ticker"].isin(tickers)]
    if s is not None:
        df = df[df["date"] >= s]
    if e is not None:
        df = df[df["date"] <= e]
    if df.empty:
        raise DataNotFoundError(
            f"no {panel!r} prices for {tickers or 'any ticker'} between {s and s.date()} and {e and e.date()} "
            f"in {name}; the data may end earlier: `{config.FETCH_COMMAND}` extends it."
        )
    df = sort_by_ticker_date(df)
    df["ticker"] = df["ticker"].astype("string")
    return validate_prices(df, name)


def closes(tickers: list[str] | None = None, start=None, end=None, *, panel: str = "etf") -> pd.DataFrame:
    """Wide adjusted closes: index ``date``, one column per ticker (USD per share).

    Days on which a ticker did not trade are NaN in its column; nothing is filled.
    """
    long = prices(tickers, start, end, panel=panel)
    wide = long.pivot(index="date", columns="ticker", values="close")
    wide.columns = wide.columns.astype(str)
    wide.columns.name = "ticker"
    if tickers is not None:
        wide = wide[list(dict.fromkeys(tickers))]
    return wide


def panel_span(panel: str = "etf") -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last date of a price panel."""
    d = read_parquet(PANELS[panel], columns=["date"])["date"]
    return d.min(), d.max()


def last_market_day() -> str:
    """The last session with data: SPY's last date in the ETF panel (ISO date)."""
    try:
        d = prices(["SPY"], panel="etf")["date"].max()
    except FileNotFoundError:
        d = panel_span("etf")[1]
    return pd.Timestamp(d).strftime("%Y-%m-%d")


# --------------------------------------------------------------------------------------------
# flows, shares, AUM
# --------------------------------------------------------------------------------------------
def etf_flows(tickers: list[str] | None = None) -> pd.DataFrame:
    """Daily ETF net flows: ``date, ticker, flow_usd`` (USD). A missing ``flow_usd`` is a day
    without data, not a zero flow, and stays NaN."""
    name = "flows/etf_daily_flows.csv"
    df = read_csv(name, dates=("date",), schema={"ticker": "string", "flow_usd": "number"}, keys=("ticker", "date"))
    return _select(df, tickers, name)


def etf_shares_outstanding(tickers: list[str] | None = None) -> pd.DataFrame:
    """ETF shares outstanding: ``date, ticker, shares`` (shares) and ``price`` (USD, may be NaN)."""
    name = "flows/etf_shares_outstanding.csv"
    df = read_csv(name, dates=("date",), schema={"ticker": "string", "shares": "number", "price": "number"},
                  keys=("ticker", "date"))
    return _select(df, tickers, name)


def etf_aum() -> pd.DataFrame:
    """Assets under management per ETF: ``ticker, aum_usd`` (USD), ``updated_date``."""
    name = "flows/etf_aum.csv"
    return read_csv(name, dates=("updated_date",), schema={"ticker": "string", "aum_usd": "number"}, keys=("ticker",))


def published_flow_figures() -> pd.DataFrame:
    """Fund-flow figures published by others, with publisher, URL and quote
    (hand-transcribed research input kept in the repository: ``data/published_flow_figures.csv``)."""
    return read_project_csv("published_flow_figures.csv")


def _select(df: pd.DataFrame, tickers: list[str] | None, name: str) -> pd.DataFrame:
    if tickers is None:
        return df.sort_values(["ticker", "date"]).reset_index(drop=True)
    missing = sorted(set(tickers) - set(df["ticker"]))
    if missing:
        raise DataNotFoundError(f"ticker(s) {missing} not in {name}; it covers {sorted(df['ticker'].unique())}")
    return df[df["ticker"].isin(tickers)].sort_values(["ticker", "date"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# universes and reference series
# --------------------------------------------------------------------------------------------
def sp500_members() -> pd.DataFrame:
    """S&P 500 members as listed in July 2026 (``yf_symbol`` is the price-panel ticker)."""
    return read_csv("universe/sp500_members_2026-07.csv", keys=("symbol",),
                    schema={"symbol": "string", "gics_sector": "string", "yf_symbol": "string"})


def sp500_constituents(vintage: str | None = None) -> pd.DataFrame:
    """S&P 500 constituents with GICS sector at a vintage (``2025-10-30`` or ``2026-03-04``)."""
    df = read_csv("universe/sp500_constituents.csv", keys=("vintage", "ticker"),
                  schema={"ticker": "string", "gics_sector": "string", "vintage": "string"})
    if vintage is not None:
        if vintage not in set(df["vintage"]):
            raise DataNotFoundError(f"vintage {vintage} not in universe/sp500_constituents.csv; "
                                    f"have {sorted(df['vintage'].unique())}")
        df = df[df["vintage"] == vintage].reset_index(drop=True)
    return df


def iwm_holdings() -> pd.DataFrame:
    """iShares Russell 2000 ETF holdings; ``weight`` in percent, ``market_value`` in USD."""
    return read_csv("universe/iwm_holdings.csv", dates=("as_of",),
                    schema={"ticker": "string", "sector": "string", "weight": "number", "market_value": "number"})


def breadth_official() -> pd.DataFrame:
    """Official S&P 500 breadth: percent of members above 20/50/200-day averages (percent)."""
    name = "reference/sp500_breadth_official.csv"
    df = read_csv(name, dates=("date",), keys=("date",), comment="#",
                  schema={f"pct_above_ma{n}": "number" for n in (20, 50, 200)})
    return df.set_index("date").sort_index()


# --------------------------------------------------------------------------------------------
# earnings and consensus
# --------------------------------------------------------------------------------------------
def index_eps_estimates() -> pd.DataFrame:
    """S&P DJI operating/reported EPS by index, calendar year and vintage (USD; growth percent)."""
    return read_csv("earnings/index_eps_estimates.csv", dates=("vintage_date",),
                    schema={"index": "string", "calendar_year": "number", "eps_estimate": "number", "kind": "string"})


def sector_eps_estimates() -> pd.DataFrame:
    """As :func:`index_eps_estimates`, by GICS sector."""
    return read_csv("earnings/index_eps_estimates_by_sector.csv", dates=("vintage_date",),
                    schema={"index": "string", "sector": "string", "calendar_year": "number", "eps_estimate": "number"})


def published_eps_figures() -> pd.DataFrame:
    """EPS figures published by FactSet, LSEG, Jefferies and others (``value`` as published text;
    hand-transcribed research input kept in the repository: ``data/published_eps_figures.csv``)."""
    return read_project_csv("published_eps_figures.csv")


def company_fundamentals() -> pd.DataFrame:
    """Yahoo Finance fields for S&P 500 members on 2026-02-11 (``marketCap`` USD; growth fractions)."""
    return read_csv("earnings/company_fundamentals.csv", dates=("as_of",), keys=("ticker",),
                    schema={"ticker": "string", "gics_sector": "string", "marketCap": "number"})


def eps_workbooks() -> pd.DataFrame:
    """The raw S&P DJI EPS workbooks listed in ``earnings/raw/raw_manifest.csv``, with
    ``file`` the absolute path of each local copy and ``data_as_of`` parsed as a date."""
    manifest = read_csv("earnings/raw/raw_manifest.csv", dates=("data_as_of",),
                        schema={"repo": "string", "commit": "string", "path": "string", "local": "string"})
    base = find("earnings/raw/raw_manifest.csv").parent
    manifest["file"] = [str(base / p) for p in manifest["local"]]
    return manifest


def strategist_calls() -> pd.DataFrame:
    """Strategists' 2026 sector calls: ``firm, date (text), sector, stance, source_type, url ...``
    (hand-transcribed research input kept in the repository: ``data/strategist_sector_calls.csv``)."""
    df = read_project_csv("strategist_sector_calls.csv")
    require_columns(df, {"firm": "string", "sector": "string", "stance": "string"}, "strategist_sector_calls")
    return df


def sp1500_tickers() -> list[str]:
    """Tickers of the S&P 1500 stock panel (``universe/sp1500_tickers_2026-04.csv``, April 2026)."""
    name = "universe/sp1500_tickers_2026-04.csv"
    df = read_csv(name, schema={"ticker": "string"})
    return df["ticker"].astype(str).tolist()


def universe(group: str) -> pd.DataFrame:
    """One ticker group of ``data/universes.csv`` (``mag7``, ``sector_etf``, ``market``, ``index``,
    ``cyclical``): ``ticker, label, gics_sector, role``."""
    u = read_project_csv("universes.csv")
    if group not in set(u["group"]):
        raise KeyError(f"no group {group!r} in data/universes.csv; groups: {sorted(u['group'].unique())}")
    return u.loc[u["group"] == group].drop(columns="group").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# checking every dataset (``python -m rotation check``)
# --------------------------------------------------------------------------------------------
#: Each market-data file with the loader that reads and validates it.
LOADERS: dict[str, object] = {
    **{rel: (lambda p=p: prices(panel=p)) for p, rel in PANELS.items()},
    "flows/etf_daily_flows.csv": etf_flows,
    "flows/etf_shares_outstanding.csv": etf_shares_outstanding,
    "flows/etf_aum.csv": etf_aum,
    "universe/sp500_members_2026-07.csv": sp500_members,
    "universe/sp500_constituents.csv": sp500_constituents,
    "universe/iwm_holdings.csv": iwm_holdings,
    "universe/sp1500_tickers_2026-04.csv": sp1500_tickers,
    "reference/sp500_breadth_official.csv": breadth_official,
    "earnings/index_eps_estimates.csv": index_eps_estimates,
    "earnings/index_eps_estimates_by_sector.csv": sector_eps_estimates,
    "earnings/company_fundamentals.csv": company_fundamentals,
    "earnings/raw/raw_manifest.csv": eps_workbooks,
}


def check_file(relpath: str) -> str:
    """Load and validate one market-data file with its loader; returns ``"<path>: ok (N rows)"``
    or raises the loader's :class:`DataNotFoundError` / :class:`DataValidationError`."""
    if relpath not in LOADERS:
        raise ParameterError(f"no dataset {relpath!r}; the datasets are {', '.join(LOADERS)}")
    out = LOADERS[relpath]()  # type: ignore[operator]
    return f"{find(relpath)}: ok ({len(out):,} rows)"


def known_tickers() -> set[str]:
    """Every ticker any data source or ``data/universes.csv`` knows: the price panels' and the
    flow files' tickers (used to reject an unknown ticker before a notebook runs)."""
    names: set[str] = set(read_project_csv("universes.csv")["ticker"].dropna().astype(str))
    for rel in PANELS.values():
        try:
            names |= set(read_parquet(rel, columns=["ticker"])["ticker"].astype(str).unique())
        except DataNotFoundError:
            continue
    for rel in ("flows/etf_daily_flows.csv", "flows/etf_shares_outstanding.csv"):
        try:
            names |= set(read_csv(rel)["ticker"].astype(str))
        except DataNotFoundError:
            continue
    return names
