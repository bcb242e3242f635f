"""S&P DJI's EPS workbooks: the parser, its landmark checks and the parsed-table cache (the data
side of the earnings analysis, :mod:`rotation.analysis.earnings`).

The workbooks
-------------
S&P Dow Jones Indices' "S&P 500 Earnings and Estimate Report" (``sp-500-eps-est.xlsx``, Howard
Silverblatt, discontinued after the issue dated 2026-01-30). Two of its sheets are read:

- ``SECTOR EPS``: operating and as-reported EPS of the S&P 500, 400, 600 and Composite 1500 and of
  their GICS sectors, by quarter and calendar year. Estimates are S&P's bottom-up aggregation of
  Capital IQ consensus (the notes of the sheet say so); the as-reported block holds actuals only.
- ``ESTIMATES&PEs``: S&P 500 quarterly operating and as-reported EPS with 12-month sums (actuals and
  bottom-up estimates) and each sector's share of S&P 500 operating earnings by quarter.

:func:`read_eps_workbook` checks every landmark of the layout it relies on and raises
:class:`WorkbookLayoutError`, naming the file, the sheet and the missing landmark, on anything else.
:func:`eps_vintages` reads every workbook of the snapshot (``rotation.inputs.data.eps_workbooks``) and
caches the parsed tables in the user cache, keyed by the file's sha256 and the parser version;
:func:`cross_check` compares them with the derived ``earnings/index_eps_estimates.csv``.

Units: EPS in USD per index share (S&P DJI's index points); sector contributions in percent of
S&P 500 operating earnings.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config, reads
from ..errors import DataValidationError
from . import data

#: Bump when the parser's output changes, so that cached tables are not reused.
PARSER_VERSION = 1
SECTOR_SHEET = "SECTOR EPS"
ESTIMATES_SHEET = "ESTIMATES&PEs"
#: The indices of the ``SECTOR EPS`` sheet, longest name first for prefix matching.
INDEXES = ("S&P Composite 1500", "S&P 500", "S&P 400", "S&P 600")
INDEX_ROW = "Index"  # the ``sector`` value of an index's own row

_ANNUAL_EPS = re.compile(r"^(\d{4})\s*EPS$")
_ANNUAL_PE = re.compile(r"^(\d{4})\s*P/E$")
_QUARTER = re.compile(r"^(\d{4})(E?)\s*Q([1-4])$")
_DATE_LABEL = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*(\(.*\))?\s*$")


class WorkbookLayoutError(DataValidationError):
    """An S&P DJI workbook whose sheet does not have the layout the parser knows."""


def _layout_error(path: str, sheet: str, what: str) -> WorkbookLayoutError:
    return WorkbookLayoutError(
        f"{path}, sheet {sheet!r}: {what}. The parser knows the layout of S&P DJI's sp-500-eps-est.xlsx "
        "issues of 2025-06 to 2026-01; check that the file is such a workbook, or extend "
        "rotation.inputs.eps_workbooks for the new layout (and bump PARSER_VERSION)."
    )


# --------------------------------------------------------------------------------------------
# parsing one workbook
# --------------------------------------------------------------------------------------------
@dataclass
class EpsWorkbook:
    """The tables parsed from one workbook (see :func:`read_eps_workbook`)."""

    vintage_date: pd.Timestamp
    actuals_through: pd.Timestamp
    estimates_from: pd.Timestamp
    annual: pd.DataFrame
    quarterly: pd.DataFrame
    contribution: pd.DataFrame


def _clean_name(x) -> str:
    return re.sub(r"\s+", " ", str(x)).strip()


def _labelled_date(rows: list[tuple], label: str, path: str, sheet: str) -> pd.Timestamp:
    for r in rows[:15]:
        if r and r[0] is not None and _clean_name(r[0]).lower().startswith(label.lower()):
            value = r[1] if len(r) > 1 else None
            if isinstance(value, dt.datetime):
                return pd.Timestamp(value)
            raise _layout_error(path, sheet, f"the cell right of {label!r} holds {value!r}, not a date")
    raise _layout_error(path, sheet, f"no {label!r} cell in the first 15 rows")


def _split_name(name: str) -> tuple[str, str] | None:
    for idx in INDEXES:
        if name == idx or name.startswith(idx + " "):
            sector = name[len(idx) :].strip() or INDEX_ROW
            return idx, re.sub(r"\s*\(proforma.*\)$", "", sector)
    return None


def _number(x, path: str, sheet: str, where: str) -> float:
    if x is None or (isinstance(x, str) and x.strip() in ("", "NA", "N/A", "-")):
        return np.nan
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return float(x)
    raise _layout_error(path, sheet, f"{where} holds {x!r}, not a number")


def _sector_section(rows: list[tuple], title: str, kind: str, path: str) -> pd.DataFrame:
    """One section of the sector sheet (``title``: operating or as-reported EPS): a row per index,
    sector and calendar year with its EPS, P/E, price and status (actual or estimated)."""
    sheet = SECTOR_SHEET
    t, header = _section_header(rows, title, path)
    eps_cols, pe_cols = _year_columns(header, _ANNUAL_EPS), _year_columns(header, _ANNUAL_PE)
    if len(eps_cols) < 3:
        raise _layout_error(
            path, sheet, f"the header of {title!r} has {len(eps_cols)} annual 'YYYY EPS' columns"
        )
    estimated: dict[int, list[bool]] = {}
    for h in header:
        if isinstance(h, str) and (m := _QUARTER.match(_clean_name(h))):
            estimated.setdefault(int(m.group(1)), []).append(m.group(2) == "E")
    recs: list[tuple[Any, ...]] = []
    for i in range(t + 1, len(rows)):
        r = rows[i]
        if not r or r[0] is None:
            continue
        name = _clean_name(r[0])
        if name.startswith(("Operating Earnings", "As Reported Earnings", "Notes")):
            break
        parsed = _split_name(name)
        if parsed is not None:
            recs += _sector_records(r, i, name, parsed, kind, eps_cols, pe_cols, estimated, path)
    df = pd.DataFrame(
        recs, columns=["index", "sector", "calendar_year", "kind", "eps", "pe", "price", "status"]
    )
    missing = (
        [ix for ix in INDEXES if not ((df["index"] == ix) & (df["sector"] == INDEX_ROW)).any()]
        if len(df)
        else list(INDEXES)
    )
    if missing:
        raise _layout_error(path, sheet, f"section {title!r} has no row for {missing}")
    return df.dropna(subset=["eps"]).reset_index(drop=True)


def _section_header(rows: list[tuple], title: str, path: str) -> tuple[int, tuple]:
    """The row of the section titled ``title`` and its ``INDEX NAME`` header row (within two rows)."""
    starts = [i for i, r in enumerate(rows) if r and r[0] is not None and _clean_name(r[0]).startswith(title)]
    if not starts:
        raise _layout_error(path, SECTOR_SHEET, f"no section titled {title!r}")
    t = starts[0]
    heads = [i for i in range(max(0, t - 2), min(len(rows), t + 3)) if rows[i] and rows[i][0] == "INDEX NAME"]
    if not heads:
        raise _layout_error(path, SECTOR_SHEET, f"no 'INDEX NAME' header row within two rows of {title!r}")
    return t, rows[heads[0]]


def _year_columns(header: tuple, pattern: re.Pattern) -> dict[int, int]:
    """``{year: column}`` of the header cells matching ``pattern`` (its first group is the year)."""
    return {
        int(m.group(1)): j
        for j, h in enumerate(header)
        if isinstance(h, str) and (m := pattern.match(_clean_name(h)))
    }


def _sector_records(
    r: tuple,
    i: int,
    name: str,
    parsed: tuple[str, str],
    kind: str,
    eps_cols: dict[int, int],
    pe_cols: dict[int, int],
    estimated: dict[int, list[bool]],
    path: str,
) -> list[tuple[Any, ...]]:
    """The records of one index/sector row ``r`` (row ``i`` of the sheet), one per EPS year."""
    sheet = SECTOR_SHEET
    index, sector = parsed
    price = _number(r[1], path, sheet, f"row {i + 1} ({name}) price")
    out = []
    for year, j in eps_cols.items():
        flags = estimated.get(year, [False])
        status = "estimate" if all(flags) else "partial_estimate" if any(flags) else "actual"
        pe = (
            _number(r[pe_cols[year]], path, sheet, f"row {i + 1} ({name}) {year} P/E")
            if year in pe_cols
            else np.nan
        )
        eps = _number(r[j], path, sheet, f"row {i + 1} ({name}) {year} EPS")
        out.append((index, sector, year, kind, eps, pe, price, status))
    return out


def _quarter_end(label) -> pd.Timestamp | None:
    if isinstance(label, dt.datetime):
        return pd.Timestamp(label).normalize()
    if isinstance(label, str) and (m := _DATE_LABEL.match(label)):
        return pd.Timestamp(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    return None


def _quarterly(rows: list[tuple], path: str) -> pd.DataFrame:
    sheet = ESTIMATES_SHEET
    heads = [
        i
        for i, r in enumerate(rows)
        if r
        and r[0] is not None
        and _clean_name(r[0]) == "QUARTER"
        and "OPERATING" in r
        and "AS REPORTED" in r
    ]
    if not heads:
        raise _layout_error(path, sheet, "no 'QUARTER' header row with 'OPERATING' and 'AS REPORTED' columns")
    h = rows[heads[0]]
    op, rep = h.index("OPERATING"), h.index("AS REPORTED")
    twelve = [j for j, x in enumerate(h) if isinstance(x, str) and x.strip().startswith("12 MONTH")]
    if not twelve:
        raise _layout_error(path, sheet, "no '12 MONTH EARNINGS PER SHARE' column in the 'QUARTER' header")
    status: str | None = None
    recs: list[tuple[Any, ...]] = []
    for i in range(heads[0] + 1, len(rows)):
        r = rows[i]
        first = r[0] if r else None
        if isinstance(first, str) and first.strip() in ("ESTIMATES", "ACTUALS"):
            status = first.strip().lower()[:-1]  # estimate / actual
            continue
        q = _quarter_end(first)
        if q is None:
            if status == "actual" and recs and first is not None:
                break
            continue
        if status is None:
            raise _layout_error(path, sheet, f"row {i + 1}: a quarter before the 'ESTIMATES' marker")
        partial = isinstance(first, str) and "(" in first
        vals = [
            _number(r[j], path, sheet, f"row {i + 1} ({first})") for j in (op, rep, twelve[0], twelve[0] + 1)
        ]
        recs.append((q, *vals, "partial_estimate" if partial else status))
    if not any(s == "actual" for *_, s in recs):
        raise _layout_error(path, sheet, "no 'ACTUALS' quarters after the 'QUARTER' header")
    return pd.DataFrame(
        recs,
        columns=["quarter_end", "operating_eps", "reported_eps", "operating_12m", "reported_12m", "status"],
    )


def _contribution(rows: list[tuple], path: str) -> pd.DataFrame:
    sheet = ESTIMATES_SHEET
    starts = [i for i, r in enumerate(rows) if r and r[0] == "OPERATING EARNINGS CONTRIBUTION"]
    if not starts:
        raise _layout_error(path, sheet, "no 'OPERATING EARNINGS CONTRIBUTION' table")
    t = starts[0]
    dates = rows[t + 2]
    cols = {j: pd.Timestamp(d) for j, d in enumerate(dates) if isinstance(d, dt.datetime)}
    if len(cols) < 8:
        raise _layout_error(
            path, sheet, f"the contribution table has {len(cols)} quarter columns, expected at least 8"
        )
    recs, total = [], None
    for i in range(t + 3, min(len(rows), t + 20)):
        r = rows[i]
        if not r or r[0] is None:
            continue
        name = _clean_name(r[0])
        if name == "S&P 500":
            total = i
            break
        for j, d in cols.items():
            recs.append(
                (
                    name,
                    d.to_period("Q").end_time.normalize(),
                    _number(r[j], path, sheet, f"row {i + 1} ({name})"),
                )
            )
    if total is None or len({s for s, *_ in recs}) != 11:
        raise _layout_error(
            path, sheet, "the contribution table does not list 11 sectors followed by an 'S&P 500' row"
        )
    df = pd.DataFrame(recs, columns=["sector", "quarter_end", "share"]).dropna(subset=["share"])
    sums = df.groupby("quarter_end")["share"].sum()
    if not np.allclose(sums, 1.0, atol=1e-3):
        raise _layout_error(
            path,
            sheet,
            f"sector shares do not sum to 1 in quarters {list(sums[~np.isclose(sums, 1, atol=1e-3)].index.date)}",
        )
    return df


def read_eps_workbook(path: str | Path) -> EpsWorkbook:
    """Parse one S&P DJI ``sp-500-eps-est.xlsx`` workbook (openpyxl, read-only, cached values).

    Returns an :class:`EpsWorkbook` with

    - ``annual``: ``index, sector, calendar_year, kind (operating|reported), eps`` (USD per index
      share), ``pe`` (year-end price for actual years, current price for estimates), ``price``
      (index level on the vintage date), ``status`` (actual|partial_estimate|estimate);
    - ``quarterly``: S&P 500 ``quarter_end, operating_eps, reported_eps, operating_12m,
      reported_12m`` (USD; 12-month sums, bottom-up for estimates) and ``status``;
    - ``contribution``: ``sector, quarter_end, share`` (fraction of S&P 500 operating earnings).

    Raises :class:`WorkbookLayoutError` naming the file, the sheet and what is missing.
    """
    import openpyxl

    path = str(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise several types for a file that is no xlsx
        raise WorkbookLayoutError(
            f"{path}: cannot open as an xlsx workbook ({exc}). The file is damaged or not "
            "a workbook: restore it from the snapshot (earnings/raw/raw_manifest.csv names "
            "its source repository and commit)"
        ) from exc
    try:
        for sheet in (SECTOR_SHEET, ESTIMATES_SHEET):
            if sheet not in wb.sheetnames:
                raise _layout_error(path, sheet, f"the sheet is missing (sheets: {wb.sheetnames})")
        sector_rows = list(wb[SECTOR_SHEET].iter_rows(values_only=True))
        est_rows = list(wb[ESTIMATES_SHEET].iter_rows(max_row=400, values_only=True))
    finally:
        wb.close()
    vintage = _labelled_date(sector_rows, "Data as of the close of", path, SECTOR_SHEET)
    actuals = _labelled_date(sector_rows, "Historical actuals", path, SECTOR_SHEET)
    estimates = _labelled_date(sector_rows, "Estimates", path, SECTOR_SHEET)
    annual = pd.concat(
        [
            _sector_section(sector_rows, "Operating Earnings Per Share", "operating", path),
            _sector_section(sector_rows, "As Reported Earnings Per Share", "reported", path),
        ],
        ignore_index=True,
    )
    return EpsWorkbook(
        vintage, actuals, estimates, annual, _quarterly(est_rows, path), _contribution(est_rows, path)
    )


# --------------------------------------------------------------------------------------------
# every vintage of the snapshot, cached
# --------------------------------------------------------------------------------------------
_TABLES = ("annual", "quarterly", "contribution")


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _cache_paths(sha: str) -> dict[str, Path]:
    base = config.cache_dir() / "parsed" / "sp_eps_workbooks"
    return {t: base / f"{sha[:20]}-v{PARSER_VERSION}-{t}.parquet" for t in _TABLES}


def _write_parquet(table: pd.DataFrame, tmp: Path) -> None:
    table.to_parquet(tmp, index=False)


def _parse_cached(path: str, cache: bool | str) -> dict[str, pd.DataFrame]:
    reads.note(path)
    paths = _cache_paths(_sha256(path))
    if cache and all(p.is_file() for p in paths.values()):
        return {t: pd.read_parquet(p) for t, p in paths.items()}
    wb = read_eps_workbook(path)
    meta = {
        "vintage_date": wb.vintage_date,
        "actuals_through": wb.actuals_through,
        "estimates_from": wb.estimates_from,
    }
    out = {t: getattr(wb, t).assign(**meta) for t in _TABLES}
    if cache is True:
        from .. import io

        try:
            for t, p in paths.items():  # atomic: a reader never sees a half-written table
                io.atomic_write(p, functools.partial(_write_parquet, out[t]))
        except OSError:  # a read-only cache only costs speed; the parsed tables are returned anyway
            pass
    return out


def eps_vintages(*, cache: bool | str = True) -> dict[str, pd.DataFrame]:
    """Every workbook of ``earnings/raw/raw_manifest.csv`` parsed, one issue per vintage.

    ``cache``: True reads and writes the parsed tables in the user cache (keyed by the file's
    sha256, so a changed workbook is parsed afresh), ``"read"`` only reads them (``python -m
    rotation check`` writes nothing), False parses every workbook.

    Returns ``{"annual", "quarterly", "contribution", "files"}``: the three tables of
    :func:`read_eps_workbook` stacked with ``vintage_date, actuals_through, estimates_from`` and
    ``copy`` (``owner/repo@commit``); ``files`` lists each workbook with its vintage and sha256.
    Where several copies of one issue exist, their tables must agree to 1e-9 (else
    :class:`~rotation.errors.DataValidationError`) and the last copy of the manifest is kept.
    A workbook whose "Data as of" date differs from the manifest's ``data_as_of`` is an error.
    """
    manifest = data.eps_workbooks()
    manifest = manifest[manifest["local"].str.endswith(".xlsx")]
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in _TABLES}
    files = []
    for row in manifest.itertuples(index=False):
        tables = _parse_cached(row.file, cache)
        vintage = tables["annual"]["vintage_date"].iloc[0]
        if vintage != row.data_as_of:
            raise DataValidationError(
                f"{row.local}: 'Data as of' {vintage.date()} in the workbook, "
                f"{row.data_as_of.date()} in raw_manifest.csv"
            )
        copy = f"{row.repo}@{row.commit[:10]}"
        files.append(
            {
                "copy": copy,
                "repo": row.repo,
                "commit": row.commit,
                "path": row.path,
                "vintage_date": vintage,
                "sha256": _sha256(row.file),
            }
        )
        for t in _TABLES:
            parts[t].append(tables[t].assign(copy=copy))
    out = {t: pd.concat(v, ignore_index=True) for t, v in parts.items()}
    files_df = pd.DataFrame(files)
    out["files"] = files_df
    _check_copies_agree(out["annual"], ["index", "sector", "calendar_year", "kind"], "eps")
    keep = files_df.groupby("vintage_date")["copy"].last()
    for t in _TABLES:
        df = out[t]
        out[t] = df[df["copy"] == df["vintage_date"].map(keep)].reset_index(drop=True)
    return out


def _check_copies_agree(df: pd.DataFrame, keys: list[str], value: str) -> None:
    wide = df.pivot_table(index=["vintage_date", *keys], columns="copy", values=value, aggfunc="first")
    spread = wide.max(axis=1) - wide.min(axis=1)
    bad = spread[spread > 1e-9]
    if len(bad):
        raise DataValidationError(
            f"copies of one workbook issue disagree on {len(bad)} values, e.g. {bad.head(3).to_dict()}"
        )


def copies_per_vintage(files: pd.DataFrame) -> pd.DataFrame:
    """How many distinct files (by sha256) hold each vintage, and which copies."""
    g = files.groupby("vintage_date")
    return pd.DataFrame({"files": g["sha256"].nunique(), "copies": g["copy"].agg(", ".join)})


# --------------------------------------------------------------------------------------------
# cross-check with the derived CSV
# --------------------------------------------------------------------------------------------
def cross_check(annual: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Compare parsed annual EPS with ``earnings/index_eps_estimates.csv`` (index rows only).

    Returns one row per vintage: ``matched`` rows, ``only_parsed`` / ``only_csv`` row counts,
    ``max_abs_diff`` (USD per index share) and ``status_mismatches``.
    """
    keys = ["index", "calendar_year", "kind", "vintage_date"]
    a = annual[annual["sector"] == INDEX_ROW][[*keys, "eps", "status"]]
    b = derived[[*keys, "eps_estimate", "status"]].rename(columns={"status": "status_csv"})
    m = a.merge(b, on=keys, how="outer", indicator=True)
    both = m[m["_merge"] == "both"]
    g = m.groupby("vintage_date")
    return pd.DataFrame(
        {
            "matched": g["_merge"].apply(lambda s: int((s == "both").sum())),
            "only_parsed": g["_merge"].apply(lambda s: int((s == "left_only").sum())),
            "only_csv": g["_merge"].apply(lambda s: int((s == "right_only").sum())),
            "max_abs_diff": both.assign(d=(both["eps"] - both["eps_estimate"]).abs())
            .groupby("vintage_date")["d"]
            .max(),
            "status_mismatches": both.assign(x=both["status"] != both["status_csv"])
            .groupby("vintage_date")["x"]
            .sum(),
        }
    )
