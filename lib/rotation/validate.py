"""Checks run on every load: columns and dtypes, duplicates, positive prices, date ranges.

Each check raises :class:`rotation.errors.DataValidationError` naming the dataset and the
offending rows; none of them ever drops or fills data silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .errors import DataValidationError

_KINDS = {
    "datetime": pd.api.types.is_datetime64_any_dtype,
    "number": pd.api.types.is_numeric_dtype,
    "string": lambda s: pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s),
}


def require_columns(df: pd.DataFrame, columns: dict[str, str], name: str) -> None:
    """Raise unless ``df`` has every column in ``columns`` with the stated kind
    (``"datetime"``, ``"number"`` or ``"string"``)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataValidationError(f"{name}: missing column(s) {missing}; found {list(df.columns)}")
    wrong = [f"{c} ({df[c].dtype}, expected {k})" for c, k in columns.items() if not _KINDS[k](df[c])]
    if wrong:
        raise DataValidationError(f"{name}: wrong dtype for {', '.join(wrong)}")


def require_unique(df: pd.DataFrame, keys: Sequence[str], name: str) -> None:
    """Raise if any combination of ``keys`` occurs more than once."""
    dup = df.duplicated(list(keys), keep=False)
    if dup.any():
        sample = df.loc[dup, list(keys)].drop_duplicates().head(5).to_dict("records")
        raise DataValidationError(f"{name}: {int(dup.sum())} duplicated {tuple(keys)} rows, e.g. {sample}")


def require_positive(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise if a non-missing value in ``columns`` is zero or negative."""
    for col in columns:
        bad = df[col].notna() & (df[col] <= 0)
        if bad.any():
            rows = df.loc[bad].head(5)
            where = rows[["ticker", "date"]].to_dict("records") if {"ticker", "date"} <= set(df) else rows.index.tolist()
            raise DataValidationError(f"{name}: {int(bad.sum())} non-positive {col!r} values, e.g. {where}")


def require_dates(df: pd.DataFrame, name: str, column: str = "date",
                  lo: str = "1980-01-01", hi: str = "2100-01-01") -> None:
    """Raise if a date is missing or outside ``[lo, hi]``."""
    d = df[column]
    if d.isna().any():
        raise DataValidationError(f"{name}: {int(d.isna().sum())} missing {column!r} values")
    out = (d < pd.Timestamp(lo)) | (d > pd.Timestamp(hi))
    if out.any():
        raise DataValidationError(f"{name}: {column!r} outside {lo}..{hi}, e.g. {d[out].head(3).dt.date.tolist()}")


def require_nonempty(df: pd.DataFrame, name: str) -> None:
    """Raise if ``df`` has no rows."""
    if df.empty:
        raise DataValidationError(f"{name}: no rows")


def _sorted(df: pd.DataFrame, strict: bool) -> bool:
    """Whether rows are ordered by ``ticker, date`` (``strict``: no repeated pair). Vectorised
    comparisons with the previous row; no Python objects are made from the string column."""
    if len(df) < 2:
        return True
    t, prev_t = df["ticker"].iloc[1:].reset_index(drop=True), df["ticker"].iloc[:-1].reset_index(drop=True)
    d = df["date"].to_numpy()
    later = (d[1:] > d[:-1]) if strict else (d[1:] >= d[:-1])
    ok = t.gt(prev_t).to_numpy(dtype=bool, na_value=False) | (t.eq(prev_t).to_numpy(dtype=bool, na_value=False) & later)
    return bool(ok.all())


def sort_by_ticker_date(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` sorted by ``ticker, date`` with a fresh index; no sort when it already is (the
    snapshot's panels are stored sorted)."""
    if _sorted(df, strict=False):
        return df.reset_index(drop=True)
    return df.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)


def validate_prices(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate a long price frame (``date, ticker, close`` at least), sorted by ``ticker, date``,
    and return it."""
    require_nonempty(df, name)
    require_columns(df, {"date": "datetime", "ticker": "string", "close": "number"}, name)
    require_dates(df, name)
    if not _sorted(df, strict=True):  # a repeated (ticker, date) or unsorted rows: check fully
        require_unique(df, ["ticker", "date"], name)
    require_positive(df, [c for c in ("open", "high", "low", "close") if c in df], name)
    return df
