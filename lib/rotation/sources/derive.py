"""Recipes: the derived files of the data folder, built from the pinned copies as the snapshot built them.

One function per derived file of ``data/origins.csv`` (its ``recipe`` column), each reading its
pinned inputs from a data folder in the snapshot's layout and returning the table; :func:`build`
writes it as CSV. Built from the same pinned bytes, every recipe reproduces the snapshot's file
byte for byte (``tests/test_fetch.py`` checks it), so the notebooks read the same numbers.

- ``raw_manifest``: ``earnings/raw/raw_manifest.csv``, one row per S&P DJI workbook (repo, commit,
  commit date, path, local copy, and the three dates the workbook states on its SECTOR EPS sheet);
- ``index_eps_estimates`` / ``index_eps_estimates_by_sector``: the SECTOR EPS sheet of the first
  copy of each workbook issue (vintage), read with :func:`rotation.inputs.eps_workbooks.read_eps_workbook`,
  calendar years from :data:`FIRST_YEAR`; EPS in USD per index share; ``yoy_growth_pct`` in
  percent against the previous calendar year, empty when that year is missing or its EPS is not
  positive, rounded to 2 decimals;
- ``iwm_holdings``: every holding line of the iShares IWM exports (weight in percent, market value
  in USD, price in USD per share, quantity in shares); ``iwm_sector_weights``: their equity lines
  summed by sector;
- ``sp500_constituents``: the two vintages (commit dates) of the Wikipedia-derived member list;
- ``company_fundamentals``: Yahoo Finance fields of the pinned JSON, with the GICS sector of the
  2026-03-04 member list (tickers with ``.`` spelled ``-``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .origins import Origin

FIRST_YEAR = 2018  # first calendar year of the EPS tables
EPS_SOURCE = "S&P DJI sp-500-eps-est.xlsx SECTOR EPS sheet"
#: The sector label the snapshot keeps (the parser shortens it to "Real Estate").
REAL_ESTATE = "Real Estate (proforma pre-9/19/16)"
FUNDAMENTALS_UNIVERSE = "S&P 500 ({n} of ~503 names)"


def _inputs(origin: Origin, table: dict[str, Origin]) -> list[Origin]:
    return [table[f] for f in origin.inputs]


def _local(o: Origin) -> str:
    """The path of a pinned copy under ``earnings/raw`` (``owner__repo/commit10/path``)."""
    return o.file.removeprefix("earnings/raw/")


# --------------------------------------------------------------------------------------------
# S&P DJI workbooks
# --------------------------------------------------------------------------------------------
def _workbooks(folder: Path, origin: Origin, table: dict[str, Origin]) -> list[tuple[Origin, object]]:
    from ..inputs.eps_workbooks import read_eps_workbook

    return [(o, read_eps_workbook(folder / o.file)) for o in _inputs(origin, table)]


def raw_manifest(folder: Path, origin: Origin, table: dict[str, Origin], books=None) -> pd.DataFrame:
    """``repo, commit, commit_date, path, local, data_as_of, actuals_through, estimates_from``."""
    books = books if books is not None else _workbooks(folder, origin, table)
    day = "%Y-%m-%d"
    return pd.DataFrame(
        [
            {
                "repo": o.repo,
                "commit": o.commit,
                "commit_date": o.commit_date,
                "path": o.path,
                "local": _local(o),
                "data_as_of": wb.vintage_date.strftime(day),
                "actuals_through": wb.actuals_through.strftime(day),
                "estimates_from": wb.estimates_from.strftime(day),
            }
            for o, wb in books
        ]
    )


def _eps_long(books) -> pd.DataFrame:
    """Annual EPS of the first copy of each vintage, years from FIRST_YEAR, with growth."""
    parts, seen = [], set()
    for o, wb in books:
        if wb.vintage_date in seen:
            continue
        seen.add(wb.vintage_date)
        a = wb.annual[wb.annual["calendar_year"] >= FIRST_YEAR].copy()
        a["vintage_date"] = wb.vintage_date.strftime("%Y-%m-%d")
        a["actuals_through"] = wb.actuals_through.strftime("%Y-%m-%d")
        a["source"] = f"{EPS_SOURCE}; {o.repo}@{o.commit[:10]}:{o.path}"
        parts.append(a)
    df = pd.concat(parts, ignore_index=True).rename(columns={"eps": "eps_estimate"})
    df["sector"] = df["sector"].replace({"Real Estate": REAL_ESTATE})
    keys = ["vintage_date", "index", "sector", "kind", "calendar_year"]
    prev = df[keys + ["eps_estimate"]].assign(calendar_year=df["calendar_year"] + 1)
    df = df.merge(prev.rename(columns={"eps_estimate": "prev"}), on=keys, how="left")
    df["yoy_growth_pct"] = ((df["eps_estimate"] / df["prev"].where(df["prev"] > 0) - 1) * 100).round(2)
    # the workbook stores whole numbers as integers, and the snapshot wrote the cells as read: "16", not "16.0"
    df["eps_estimate"] = pd.Series(
        [int(v) if float(v).is_integer() else v for v in df["eps_estimate"]], index=df.index, dtype=object
    )
    return df


def index_eps_estimates(folder: Path, origin: Origin, table: dict[str, Origin], books=None) -> pd.DataFrame:
    """Index rows: ``index, calendar_year, eps_estimate, kind, vintage_date, source, status,
    yoy_growth_pct, actuals_through``."""
    df = _eps_long(books if books is not None else _workbooks(folder, origin, table))
    df = df[df["sector"] == "Index"].sort_values(
        ["vintage_date", "kind", "index", "calendar_year"], kind="stable"
    )
    return df[
        [
            "index",
            "calendar_year",
            "eps_estimate",
            "kind",
            "vintage_date",
            "source",
            "status",
            "yoy_growth_pct",
            "actuals_through",
        ]
    ]


def index_eps_estimates_by_sector(
    folder: Path, origin: Origin, table: dict[str, Origin], books=None
) -> pd.DataFrame:
    """Every row: ``index, sector, calendar_year, eps_estimate, kind, status, yoy_growth_pct,
    vintage_date, actuals_through, source``."""
    df = _eps_long(books if books is not None else _workbooks(folder, origin, table))
    df = df.sort_values(["vintage_date", "kind", "index", "sector", "calendar_year"], kind="stable")
    return df[
        [
            "index",
            "sector",
            "calendar_year",
            "eps_estimate",
            "kind",
            "status",
            "yoy_growth_pct",
            "vintage_date",
            "actuals_through",
            "source",
        ]
    ]


# --------------------------------------------------------------------------------------------
# iShares IWM holdings
# --------------------------------------------------------------------------------------------
_AS_OF = re.compile(r'^Fund Holdings as of,"?([^"]+)"?\s*$', flags=re.M)


def read_ishares_holdings(path: Path) -> tuple[pd.Timestamp, pd.DataFrame]:
    """An iShares holdings export: the "Fund Holdings as of" date and the holding lines (the
    table after the header block, up to the first blank line), numbers without thousands commas."""
    text = path.read_text(encoding="utf-8-sig")
    m = _AS_OF.search(text)
    if not m:
        raise ValueError(f"{path}: no 'Fund Holdings as of' line; not an iShares holdings export")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Ticker,Name,")), None)
    if start is None:
        raise ValueError(f"{path}: no 'Ticker,Name,...' header line")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip("\xa0 \t")), len(lines))
    df = pd.read_csv(
        io.StringIO("\n".join(lines[start:end])),
        thousands=",",
        keep_default_na=False,
        na_values=[""],
        dtype={"Ticker": str, "Name": str},
    )
    return pd.Timestamp(pd.to_datetime(m.group(1), format="%b %d, %Y")), df


def iwm_holdings(folder: Path, origin: Origin, table: dict[str, Origin]) -> pd.DataFrame:
    """``ticker, name, sector, asset_class, weight (percent), market_value (USD), price (USD),
    quantity (shares), as_of, source``, one block per export."""
    parts = []
    for o in _inputs(origin, table):
        as_of, h = read_ishares_holdings(folder / o.file)
        parts.append(
            pd.DataFrame(
                {
                    "ticker": h["Ticker"],
                    "name": h["Name"],
                    "sector": h["Sector"],
                    "asset_class": h["Asset Class"],
                    "weight": h["Weight (%)"].astype(float),
                    "market_value": h["Market Value"].astype(float),
                    "price": h["Price"].astype(float),
                    "quantity": h["Quantity"].astype(float),
                    "as_of": as_of.strftime("%Y-%m-%d"),
                    "source": o.copy,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def iwm_sector_weights(folder: Path, origin: Origin, table: dict[str, Origin]) -> pd.DataFrame:
    """Equity lines by export date and sector: ``as_of, sector, n, weight_pct, market_value``."""
    h = iwm_holdings(folder, origin, table)
    eq = h[h["asset_class"] == "Equity"]
    g = eq.groupby(["as_of", "sector"])
    return pd.DataFrame(
        {"n": g.size(), "weight_pct": g["weight"].sum(), "market_value": g["market_value"].sum()}
    ).reset_index()


# --------------------------------------------------------------------------------------------
# S&P 500 member lists and company fundamentals
# --------------------------------------------------------------------------------------------
def _constituents(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def sp500_constituents(folder: Path, origin: Origin, table: dict[str, Origin]) -> pd.DataFrame:
    """``ticker, name, gics_sector, gics_sub_industry, date_added, vintage, source``; ``vintage``
    is the commit date of each copy, oldest first."""
    parts = []
    for o in sorted(_inputs(origin, table), key=lambda o: o.commit_date):
        c = _constituents(folder / o.file)
        parts.append(
            pd.DataFrame(
                {
                    "ticker": c["Symbol"],
                    "name": c["Security"],
                    "gics_sector": c["GICS Sector"],
                    "gics_sub_industry": c["GICS Sub-Industry"],
                    "date_added": c["Date added"],
                    "vintage": o.commit_date,
                    "source": f"{o.repo}@{o.commit[:10]}:{o.path} (commit date {o.commit_date})",
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def company_fundamentals(folder: Path, origin: Origin, table: dict[str, Origin]) -> pd.DataFrame:
    """``ticker, name, yahoo_sector, gics_sector, marketCap (USD), trailingPE, forwardPE,
    trailingEps, forwardEps (empty: not in the JSON), earningsGrowth, revenueGrowth (fractions),
    as_of, universe, source``, in the JSON's order."""
    ins = _inputs(origin, table)
    js = next(o for o in ins if o.file.endswith(".json"))
    members = next(o for o in ins if o.file.endswith(".csv"))
    recs = json.loads((folder / js.file).read_text())
    m = re.search(r"(\d{8})\.json$", js.path)
    if not m:
        raise ValueError(f"{js.file}: no YYYYMMDD date in the file name")
    as_of = pd.Timestamp(m.group(1)).strftime("%Y-%m-%d")
    c = _constituents(folder / members.file)
    gics = dict(zip(c["Symbol"].str.replace(".", "-", regex=False), c["GICS Sector"]))
    df = pd.DataFrame(recs)
    out = pd.DataFrame(
        {
            "ticker": df["ticker"],
            "name": df["name"],
            "yahoo_sector": df["sector"],
            "gics_sector": df["ticker"].map(gics),
            "marketCap": df["marketCap"],
            "trailingPE": df["trailingPE"],
            "forwardPE": df["forwardPE"],
            "trailingEps": None,
            "forwardEps": None,
            "earningsGrowth": df["earningsGrowth"],
            "revenueGrowth": df["revenueGrowth"],
            "as_of": as_of,
            "universe": FUNDAMENTALS_UNIVERSE.format(n=len(df)),
            "source": f"{js.copy} (Yahoo Finance via yfinance)",
        }
    )
    return out


# --------------------------------------------------------------------------------------------
# registry and writing
# --------------------------------------------------------------------------------------------
Recipe = Callable[..., pd.DataFrame]
RECIPES: dict[str, Recipe] = {
    "raw_manifest": raw_manifest,
    "index_eps_estimates": index_eps_estimates,
    "index_eps_estimates_by_sector": index_eps_estimates_by_sector,
    "iwm_holdings": iwm_holdings,
    "iwm_sector_weights": iwm_sector_weights,
    "sp500_constituents": sp500_constituents,
    "company_fundamentals": company_fundamentals,
}
_SHARES_WORKBOOKS = {"raw_manifest", "index_eps_estimates", "index_eps_estimates_by_sector"}
#: The snapshot wrote these three with Python's csv module (``\r\n`` line ends), the others with pandas.
CRLF = _SHARES_WORKBOOKS


def to_csv_bytes(df: pd.DataFrame, crlf: bool = False) -> bytes:
    """The CSV bytes the snapshot's files have: no index, ``\\n`` (or ``\\r\\n``) line ends,
    floats in their shortest repr, missing values empty."""
    return df.to_csv(index=False, lineterminator="\r\n" if crlf else "\n").encode("utf-8")


def build(origins: list[Origin], folder: Path, table: dict[str, Origin]) -> dict[str, bytes]:
    """The bytes of each derived file of ``origins``, built from the pinned inputs in ``folder``.
    The S&P DJI workbooks are parsed once for the three recipes that read them."""
    out: dict[str, bytes] = {}
    books_cache: dict[tuple[str, ...], list] = {}
    for o in origins:
        fn = RECIPES.get(o.recipe)
        if fn is None:
            raise ValueError(
                f"{o.file}: no recipe {o.recipe!r} in rotation.sources.derive (known: {sorted(RECIPES)})"
            )
        missing = [f for f in o.inputs if not (folder / f).is_file()]
        if missing:
            raise FileNotFoundError(f"{o.file}: its input(s) {missing} are not in {folder}")
        if o.recipe in _SHARES_WORKBOOKS:
            if o.inputs not in books_cache:
                books_cache[o.inputs] = _workbooks(folder, o, table)
            df = fn(folder, o, table, books=books_cache[o.inputs])
        else:
            df = fn(folder, o, table)
        out[o.file] = to_csv_bytes(df, crlf=o.recipe in CRLF)
    return out
