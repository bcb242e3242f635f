"""The data layer: the only module that knows where files are, and reads them.

Which files there are, their schemas and who reads them is the dataset registry
(:data:`rotation.inputs.datasets.DATASETS`): the loaders read their schema from it, and
:func:`check_file` validates any file it lists with that file's loader.

Every loader returns a tidy, validated DataFrame with documented units, or raises
:class:`~rotation.errors.DataNotFoundError` naming what is missing, where it looked and how to
get it. Nothing here returns a silent empty frame. The price loaders read only the tickers and
dates asked for (pyarrow filters, pushed down to the parquet reader).

Units
-----
- prices: USD per share, adjusted for splits and dividends (``close``-to-``close`` changes are
  total returns), except the ``index`` panel, which holds price-index levels (price returns);
- flows: USD (not USD bn); shares: shares; AUM: USD;
- EPS: USD per index share; growth columns named ``*_pct`` are percent.
"""

from __future__ import annotations

import errno
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import pandas as pd

from .. import config, reads
from ..errors import DataNotFoundError, DataValidationError, ParameterError
from . import plausibility, project_files, validate
from .datasets import DATASETS, PANELS, how_to_get
from .validate import missing_columns, require_columns, sort_by_ticker_date, validate_prices


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
            reads.note(path)
            return path
        problem = not_a_file(path)
        if problem:
            raise DataNotFoundError(f"dataset {relpath!r}: {problem}")
    searched = "\n".join(f"  - {b / relpath}" for b in sources)
    raise DataNotFoundError(f"dataset {relpath!r} not found. Searched:\n{searched}\n{how_to_get(relpath)}")


def not_a_file(path: Path) -> str | None:
    """Why ``path``, which is no readable file, is not merely absent (None if it is absent): a
    folder where a file should be, a symbolic-link loop, or a link to nothing. Each with the fix."""
    if path.is_dir():
        return f"{path} is a folder, where a file is expected: remove or rename the folder and put the file there"
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return f"{path} is a symbolic-link loop (it points back to itself): replace the link by the file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path} is a symbolic-link loop (it points back to itself): replace the link by the file"
        return (
            f"{path} is a broken symbolic link (to {os.readlink(path)}): fix the link or put the file there"
        )
    return None


@lru_cache(maxsize=16)
def _read_parquet_cached(
    path: str,
    mtime_ns: int,
    columns: tuple[str, ...] | None,
    filters: tuple[tuple[str, str, Any], ...] | None = None,
) -> pd.DataFrame:
    import pyarrow.parquet as pq

    damaged = (
        f"{path}: cannot read the parquet file ({{}}). The file is damaged; restore the snapshot "
        f"or fetch it again with `{config.FETCH_COMMAND}`."
    )
    try:
        names = pq.read_schema(path).names
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise DataValidationError(
            damaged.format(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        ) from exc
    if columns:
        err = missing_columns([n for n in names if not n.startswith("__")], columns, path)
        if err is not None:
            raise err
    pushed = [(c, op, list(v) if isinstance(v, tuple) else v) for c, op, v in filters] if filters else None
    try:
        return pd.read_parquet(path, columns=list(columns) if columns else None, filters=pushed)
    except Exception as exc:
        raise DataValidationError(
            damaged.format(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        ) from exc


def read_parquet(
    relpath: str, columns: list[str] | None = None, filters: list[tuple[str, str, Any]] | None = None
) -> pd.DataFrame:
    """Read a parquet dataset: only ``columns``, and only the rows that pass ``filters``
    (pyarrow's ``[(column, op, value), ...]``, all must hold; pushed down to the reader, so row
    groups that cannot match are skipped). Memoised per file version, columns and filters;
    callers get their own copy."""
    path = find(relpath)
    key = (
        tuple((c, op, tuple(v) if isinstance(v, (list, set)) else v) for c, op, v in filters)
        if filters
        else None
    )
    df = _read_parquet_cached(str(path), path.stat().st_mtime_ns, tuple(columns) if columns else None, key)
    return df.copy()


def _num_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def read_csv(
    relpath: str,
    *,
    dates: tuple[str, ...] = (),
    schema: dict[str, str] | None = None,
    keys: tuple[str, ...] = (),
    **kwargs,
) -> pd.DataFrame:
    """Read a CSV dataset of the market-data sources, parsing ``dates`` as datetimes, checking
    the columns of ``schema`` (name -> ``"datetime"``, ``"number"``, ``"string"``) and that no
    two rows share ``keys`` (see :func:`rotation.inputs.validate.read_csv`). A file of the registry
    read without any of them is read with its registered schema, dates, keys and options."""
    path = find(relpath)
    d = DATASETS.get(relpath)
    if d is not None and not (dates or schema or keys or kwargs):
        dates, schema, keys, kwargs = d.dates, dict(d.schema), d.keys, dict(d.options)
    return validate.read_csv(path, str(path), schema=schema, dates=dates, keys=keys, **kwargs)


def read_project_csv(name: str, **kwargs) -> pd.DataFrame:
    """Read one of the repository's own files in ``data/``."""
    path = config.project_data_dir() / name
    problem = not_a_file(path)
    if problem:
        raise DataNotFoundError(f"project file data/{name}: {problem}")
    if not path.is_file():
        raise DataNotFoundError(
            f"project file {path} is missing; it is part of the repository (git checkout it)"
        )
    reads.note(path)
    df = validate.read_csv(path, f"data/{name}", **kwargs)
    project_files.check(df, f"data/{name}")
    return df


# --------------------------------------------------------------------------------------------
# prices
# --------------------------------------------------------------------------------------------
def _window(
    start: str | pd.Timestamp | None, end: str | pd.Timestamp | None
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    s = pd.Timestamp(start) if start is not None else None
    e = pd.Timestamp(end) if end is not None else None
    if s is not None and e is not None and e < s:
        raise ParameterError(f"end {e.date()} is before start {s.date()}: swap the two dates")
    return s, e


def _stop_if_implausible(
    relpath: str,
    tickers: list[str] | None,
    s: pd.Timestamp | None,
    e: pd.Timestamp | None,
    panel: str,
    name: str,
) -> None:
    """Raise :class:`DataValidationError` if an implausible price of ``relpath``
    (:func:`implausible`) falls in what is loaded: ``tickers`` (or a fund's index) from ``s`` to ``e``."""
    found = implausible(relpath)
    if not len(found):
        return
    keep = pd.Series(True, index=found.index)
    if tickers is not None:
        keep &= found["ticker"].isin(tickers) | found["other"].isin(tickers)
    if s is not None:
        keep &= found["date"] >= s
    if e is not None:
        keep &= found["date"] <= e
    if keep.any():
        first = found.loc[keep, "ticker"].iloc[0]
        fetch = f"{config.FETCH_COMMAND} --panels {panel} --tickers {first}"
        raise DataValidationError(plausibility.describe(found[keep], name, fetch))


def prices(
    tickers: list[str] | None = None,
    start=None,
    end=None,
    *,
    panel: str = "etf",
    fields: tuple[str, ...] = ("close",),
) -> pd.DataFrame:
    """Daily prices in long format: ``date, ticker`` and ``fields`` (USD per share).

    ``panel`` is one of :data:`rotation.inputs.datasets.PANELS`. ``tickers=None`` means every ticker of
    the panel. Only the rows of ``tickers`` from ``start`` to ``end`` are read (filters pushed down
    to the parquet reader). Raises :class:`DataNotFoundError` if a requested ticker is absent or the
    window holds no rows for it, and ``ValueError`` if ``end`` is before ``start``.
    """
    if panel not in PANELS:
        raise ParameterError(f"unknown panel {panel!r}; choose one of {sorted(PANELS)}")
    s, e = _window(start, end)
    relpath = PANELS[panel]
    filters: list[tuple[str, str, Any]] = []
    if tickers is not None:
        tickers = list(dict.fromkeys(tickers))
        filters.append(("ticker", "in", tickers))
    if s is not None:
        filters.append(("date", ">=", s))
    if e is not None:
        filters.append(("date", "<=", e))
    df = read_parquet(relpath, columns=["date", "ticker", *fields], filters=filters or None)
    path = find(relpath)
    name = str(path)
    if df.empty and _num_rows(path) == 0:
        validate.require_nonempty(df, name)
    if tickers is not None:
        _check_tickers(df, relpath, panel, tickers, s, e)
    if df.empty:
        raise DataNotFoundError(
            f"no {panel!r} prices for {tickers or 'any ticker'} between {s and s.date()} and {e and e.date()} "
            f"in {name}; the data may end earlier: `{config.FETCH_COMMAND}` extends it."
        )
    df = sort_by_ticker_date(df)
    df["ticker"] = df["ticker"].astype("string")
    validate_prices(df, name)
    _stop_if_implausible(relpath, tickers, s, e, panel, name)
    return df


def _check_tickers(df: pd.DataFrame, relpath: str, panel: str, tickers: list[str], s: Any, e: Any) -> None:
    """:class:`DataNotFoundError` for a requested ticker the panel lacks (with the command that
    fetches it) or one without rows in the window while other tickers have some."""
    name = str(find(relpath))
    got = set(df["ticker"].unique())
    absent = [t for t in tickers if t not in got]
    if not absent:
        return
    known = set(read_parquet(relpath, columns=["ticker"], filters=[("ticker", "in", absent)])["ticker"])
    missing = [t for t in absent if t not in known]
    if missing:
        raise DataNotFoundError(
            f"ticker(s) {missing} not in {name} (panel {panel!r}). "
            f"Fetch them with `{config.FETCH_COMMAND} --tickers {' '.join(missing)}`."
        )
    if not df.empty:
        raise DataNotFoundError(
            f"no {panel!r} prices for {absent} between {s and s.date()} and {e and e.date()} in {name} "
            f"(other tickers have some); the data may end earlier: `{config.FETCH_COMMAND}` extends it."
        )


#: Price moves the plausibility check (:func:`rotation.inputs.validate.spikes`) must not stop on, each
#: with its reason: ``file, ticker, from, to, reason`` (``data/price_exceptions.csv``).
PRICE_EXCEPTIONS = "price_exceptions.csv"


def price_exceptions() -> pd.DataFrame:
    """``data/price_exceptions.csv``, validated: each row names a price file of the registry, a
    ticker, a ``from`` … ``to`` date range (``from`` not after ``to``) and a reason."""
    name = f"data/{PRICE_EXCEPTIONS}"
    df = read_project_csv(
        PRICE_EXCEPTIONS,
        schema={"file": "string", "ticker": "string", "reason": "string"},
        dates=("from", "to"),
        dtype={"file": str, "ticker": str, "reason": str},
        keep_default_na=False,
        na_values={"from": [""], "to": [""]},
    )
    for i, row in df.iterrows():
        where = f"{name}, data row {int(i) + 1} (line {int(i) + 2})"
        for col in ("file", "ticker", "reason", "from", "to"):
            if pd.isna(row[col]) or not str(row[col]).strip():
                raise DataValidationError(f"{where}: blank {col!r}; every exception needs it")
        if row["file"] not in PANELS.values():
            raise DataValidationError(
                f"{where}: 'file' {row['file']!r} is not a price file; choose one of {sorted(PANELS.values())}"
            )
        if row["to"] < row["from"]:
            raise DataValidationError(
                f"{where}: 'to' {row['to'].date()} is before 'from' {row['from'].date()}: swap the two dates"
            )
    return df


#: Funds checked against their index (:func:`rotation.inputs.plausibility.against_index`):
#: ``fund_file, fund, index_file, index, reason`` (``data/price_pairs.csv``).
PRICE_PAIRS = "price_pairs.csv"


def price_pairs() -> pd.DataFrame:
    """``data/price_pairs.csv``, validated: each row names a fund in a price file, its index in a
    price file, and why the two must move together."""
    name = f"data/{PRICE_PAIRS}"
    cols = ("fund_file", "fund", "index_file", "index", "reason")
    df = read_project_csv(PRICE_PAIRS, schema=dict.fromkeys(cols, "string"), dtype=str, keep_default_na=False)
    for i, row in df.iterrows():
        where = f"{name}, data row {int(i) + 1} (line {int(i) + 2})"
        for col in cols:
            if not str(row[col]).strip():
                raise DataValidationError(f"{where}: blank {col!r}; every pair needs it")
        for col in ("fund_file", "index_file"):
            if row[col] not in PANELS.values():
                raise DataValidationError(
                    f"{where}: {col!r} {row[col]!r} is not a price file; choose one of {sorted(PANELS.values())}"
                )
    return df


def _mtime_key(path: Path) -> tuple[str, int]:
    return str(path), path.stat().st_mtime_ns if path.is_file() else 0


def _pairs_of(relpath: str) -> tuple[tuple[str, str, str, str, Path], ...]:
    """The declared pairs with a side in ``relpath`` whose other file a data source has:
    ``(fund_file, fund, index_file, index, other path)`` (the table memoised per version of
    ``data/price_pairs.csv``: every price load asks)."""
    out = []
    for fund_file, fund, index_file, index in _pairs_table(
        _mtime_key(config.project_data_dir() / PRICE_PAIRS)
    ):
        if relpath not in (fund_file, index_file):
            continue
        try:
            with reads.unnoted():  # a check that only stops a run: not an input of the cache
                other = find(index_file if relpath == fund_file else fund_file)
        except DataNotFoundError:  # a clone without that panel: nothing to compare with
            continue
        out.append((fund_file, fund, index_file, index, other))
    return tuple(out)


@lru_cache(maxsize=4)
def _pairs_table(key: tuple) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((r.fund_file, r.fund, r.index_file, r.index) for r in price_pairs().itertuples(index=False))


def _pair_findings(full: pd.DataFrame, relpath: str, pairs: tuple) -> list[pd.DataFrame]:
    found = []
    for fund_file, fund, index_file, index, other in pairs:
        o = _read_parquet_cached(str(other), other.stat().st_mtime_ns, ("date", "ticker", "close"))
        f_df, i_df = (full, o) if relpath == fund_file else (o, full)
        if relpath == fund_file == index_file:
            f_df = i_df = full
        found.append(plausibility.against_index(f_df[f_df["ticker"] == fund], i_df[i_df["ticker"] == index]))
    return found


@lru_cache(maxsize=8)
def _implausible_cached(path: str, mtime_ns: int, relpath: str, key: tuple) -> pd.DataFrame:
    full = _read_parquet_cached(path, mtime_ns, ("date", "ticker", "close"))
    panel = next((k for k, v in PANELS.items() if v == relpath), "")
    parts = [plausibility.as_findings(validate.spikes(full)), plausibility.last_day_moves(full)]
    if panel in plausibility.PLAUSIBLE.jump_panels:
        parts.append(plausibility.level_jumps(full))
    parts += _pair_findings(full, relpath, key[-1])
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=plausibility.COLUMNS)
    found = pd.concat(parts, ignore_index=True)
    exc = price_exceptions()
    files = {relpath, *(p[0] for p in key[-1])}
    exc = exc[exc["file"].isin(files)]
    if exc.empty:
        return found
    m = found.reset_index().merge(exc[["ticker", "from", "to"]], on="ticker", how="left")
    declared = set(m.loc[(m["date"] >= m["from"]) & (m["date"] <= m["to"]), "index"])
    return found.loc[~found.index.isin(declared)].reset_index(drop=True)


def implausible(relpath: str) -> pd.DataFrame:
    """The implausible prices of the price file ``relpath`` (its whole series): the reverting
    one-day spikes of :func:`rotation.inputs.validate.spikes`, the last-day moves, level jumps and gaps
    against an index of :mod:`rotation.inputs.plausibility`, less those declared in
    ``data/price_exceptions.csv``; memoised per file version. :func:`prices` stops on any that
    falls in what it loads."""
    path = find(relpath)
    here = config.project_data_dir()
    pairs = _pairs_of(relpath)
    key = (
        _mtime_key(here / PRICE_EXCEPTIONS),
        _mtime_key(here / PRICE_PAIRS),
        tuple(_mtime_key(p[-1]) for p in pairs),
        pairs,
    )
    return _implausible_cached(str(path), path.stat().st_mtime_ns, relpath, key).copy()


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
    return _select(read_csv(name), tickers, name)


def etf_shares_outstanding(tickers: list[str] | None = None) -> pd.DataFrame:
    """ETF shares outstanding: ``date, ticker, shares`` (shares) and ``price`` (USD, may be NaN)."""
    name = "flows/etf_shares_outstanding.csv"
    return _select(read_csv(name), tickers, name)


def etf_aum() -> pd.DataFrame:
    """Assets under management per ETF: ``ticker, aum_usd`` (USD), ``updated_date``."""
    return read_csv("flows/etf_aum.csv")


def published_flow_figures() -> pd.DataFrame:
    """Fund-flow figures published by others, with publisher, URL and quote
    (hand-transcribed research input kept in the repository: ``data/published_flow_figures.csv``)."""
    return read_project_csv("published_flow_figures.csv")


def _select(df: pd.DataFrame, tickers: list[str] | None, name: str) -> pd.DataFrame:
    if tickers is None:
        return df.sort_values(["ticker", "date"]).reset_index(drop=True)
    missing = sorted(set(tickers) - set(df["ticker"]))
    if missing:
        raise DataNotFoundError(
            f"ticker(s) {missing} not in {name}; it covers {sorted(df['ticker'].unique())}"
        )
    return df[df["ticker"].isin(tickers)].sort_values(["ticker", "date"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# universes and reference series
# --------------------------------------------------------------------------------------------
def sp500_members() -> pd.DataFrame:
    """S&P 500 members as listed in July 2026 (``yf_symbol`` is the price-panel ticker)."""
    return read_csv("universe/sp500_members_2026-07.csv")


def sp500_constituents(vintage: str | None = None) -> pd.DataFrame:
    """S&P 500 constituents with GICS sector at a vintage (``2025-10-30`` or ``2026-03-04``)."""
    df = read_csv("universe/sp500_constituents.csv")
    if vintage is not None:
        if vintage not in set(df["vintage"]):
            raise DataNotFoundError(
                f"vintage {vintage} not in universe/sp500_constituents.csv; "
                f"have {sorted(df['vintage'].unique())}"
            )
        df = df[df["vintage"] == vintage].reset_index(drop=True)
    return df


def iwm_holdings() -> pd.DataFrame:
    """iShares Russell 2000 ETF holdings; ``weight`` in percent, ``market_value`` in USD."""
    return read_csv("universe/iwm_holdings.csv")


def breadth_official() -> pd.DataFrame:
    """Official S&P 500 breadth: percent of members above 20/50/200-day averages (percent)."""
    return read_csv("reference/sp500_breadth_official.csv").set_index("date").sort_index()


# --------------------------------------------------------------------------------------------
# earnings and consensus
# --------------------------------------------------------------------------------------------
def index_eps_estimates() -> pd.DataFrame:
    """S&P DJI operating/reported EPS by index, calendar year and vintage (USD; growth percent)."""
    return read_csv("earnings/index_eps_estimates.csv")


def published_eps_figures() -> pd.DataFrame:
    """EPS figures published by FactSet, LSEG, Jefferies and others (``value`` as published text;
    hand-transcribed research input kept in the repository: ``data/published_eps_figures.csv``)."""
    return read_project_csv("published_eps_figures.csv")


def company_fundamentals() -> pd.DataFrame:
    """Yahoo Finance fields for S&P 500 members on 2026-02-11 (``marketCap`` USD; growth fractions)."""
    return read_csv("earnings/company_fundamentals.csv")


def eps_workbooks() -> pd.DataFrame:
    """The raw S&P DJI EPS workbooks listed in ``earnings/raw/raw_manifest.csv``, with
    ``file`` the absolute path of each local copy and ``data_as_of`` parsed as a date."""
    manifest = read_csv("earnings/raw/raw_manifest.csv")
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
    return read_csv("universe/sp1500_tickers_2026-04.csv")["ticker"].astype(str).tolist()


def snapshot_manifest() -> pd.DataFrame:
    """The data folder's ``MANIFEST.csv``: one row per ``file`` with its ``source`` (where it was
    gathered from), ``bytes``, ``sha256`` and a ``note``."""
    return read_csv("MANIFEST.csv")


def universes() -> pd.DataFrame:
    """``data/universes.csv``, validated: ``group, ticker, label, gics_sector, role``, no blank
    group or ticker, no member twice in a group."""
    name = "data/universes.csv"
    u = read_project_csv(
        "universes.csv", schema={"group": "string", "ticker": "string"}, keys=("group", "ticker"), dtype=str
    )
    for col in ("group", "ticker"):
        blank = u[col].isna() | (u[col].astype(str).str.strip() == "")
        if blank.any():
            i = int(u.index[blank][0])
            raise DataValidationError(f"{name}, data row {i + 1} (line {i + 2}): blank {col!r}")
    return u


@lru_cache(maxsize=8)
def _tickers_of(path: str, mtime_ns: int) -> frozenset[str]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        col = pq.read_table(path, columns=["ticker"]).column("ticker")
    except Exception as exc:  # a damaged file: its loader says so with the fix
        raise DataValidationError(
            f"{path}: cannot read its tickers ({type(exc).__name__}); restore the snapshot"
        ) from exc
    return frozenset(str(t) for t in pc.unique(col).to_pylist())


def price_tickers() -> dict[str, frozenset[str]]:
    """Tickers of each price file a data source has: relative path -> tickers (memoised per file
    version)."""
    out = {}
    with reads.unnoted():  # a membership check that only stops a run: not an input of the cache
        for rel in PANELS.values():
            try:
                path = find(rel)
            except DataNotFoundError:
                continue
            out[rel] = _tickers_of(str(path), path.stat().st_mtime_ns)
    return out


def universe(group: str) -> pd.DataFrame:
    """One ticker group of ``data/universes.csv`` (``mag7``, ``sector_etf``, ``market``, ``index``,
    ``cyclical``): ``ticker, label, gics_sector, role``. Every member must be in a price file:
    one that none has stops, named with the group (it would silently move a group's average)."""
    u = universes()
    if group not in set(u["group"]):
        raise KeyError(f"no group {group!r} in data/universes.csv; groups: {sorted(u['group'].unique())}")
    members = u.loc[u["group"] == group].drop(columns="group").reset_index(drop=True)
    files = price_tickers()
    known = set().union(*files.values()) if files else set()
    absent = [t for t in members["ticker"] if t not in known]
    if absent:
        raise DataNotFoundError(
            f"data/universes.csv, group {group!r}: member(s) {', '.join(absent)} are in no price file "
            f"({', '.join(files) or 'no price file found'}). Fix the ticker in data/universes.csv, or fetch it "
            f"with `{config.FETCH_COMMAND} --tickers {' '.join(absent)}`."
        )
    return members


# --------------------------------------------------------------------------------------------
# checking every dataset (``python -m rotation check``)
# --------------------------------------------------------------------------------------------
def check_file(relpath: str) -> str:
    """Load and validate one file of :data:`rotation.inputs.datasets.DATASETS` with its loader (a price
    panel whole); returns ``"<path>: ok (N rows)"`` or raises the loader's
    :class:`DataNotFoundError` / :class:`DataValidationError`."""
    if relpath not in DATASETS:
        raise ParameterError(f"no dataset {relpath!r}; the datasets are {', '.join(DATASETS)}")
    d = DATASETS[relpath]
    out = prices(panel=cast(str, d.refresh)) if d.loader == "prices" else globals()[d.loader]()
    return f"{find(relpath)}: ok ({len(out):,} rows)"


def known_tickers() -> set[str]:
    """Every ticker any data source or ``data/universes.csv`` knows: the price panels' and the
    flow files' tickers (used to reject an unknown ticker before a notebook runs)."""
    names: set[str] = set(read_project_csv("universes.csv")["ticker"].dropna().astype(str))
    names = names.union(*price_tickers().values())  # memoised per file version, reads unnoted
    with reads.unnoted():  # a check that only stops a run: not an input of the execution cache
        for rel in ("flows/etf_daily_flows.csv", "flows/etf_shares_outstanding.csv"):
            try:
                names |= set(pd.read_csv(find(rel), usecols=["ticker"])["ticker"].astype(str))
            except DataNotFoundError:
                continue
    return names
