"""Checks run on every load and before every write of the refresh: columns and dtypes against
the expected schema, CSV parsing, empty files, duplicated rows, NaN and non-positive prices,
dates after the run's date or before the data's plausible range.

This module is the one place that validates data: the loaders of :mod:`rotation.inputs.data` and the
refresh of :mod:`rotation.sources.refresh` both use it. Each check raises
:class:`rotation.errors.DataValidationError` naming the file, the ticker and date or the row, and
what to do; none of them ever drops or fills data silently.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataValidationError

_KINDS = {
    "datetime": pd.api.types.is_datetime64_any_dtype,
    "number": pd.api.types.is_numeric_dtype,
    "string": lambda s: pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s),
}


#: The earliest date any dataset may hold (the oldest series, DBC's and VUSTX's, start in 1986).
EARLIEST = "1980-01-01"

FIX = "Fix or remove the row(s), restore the snapshot, or fetch the file again with `python -m rotation refresh`"
REFETCH = "Restore the file from the snapshot or fetch it again with `python -m rotation refresh`"


def missing_columns(found: Iterable[str], expected: Iterable[str], name: str) -> DataValidationError | None:
    """The error for columns of the expected schema absent from ``found`` (None if none is)."""
    found, expected = list(found), list(expected)
    missing = [c for c in expected if c not in found]
    if not missing:
        return None
    import difflib

    extra = [c for c in found if c not in expected]
    renamed = [
        f"{m[0]!r} -> {c!r}"
        for c in missing
        if (m := [e for e in extra if e.lower() == c.lower()] or difflib.get_close_matches(c, extra, n=1))
    ]
    hint = f"; renamed? {', '.join(renamed)}" if renamed else ""
    return DataValidationError(
        f"{name}: missing column(s) {missing}; the expected schema is {expected}, "
        f"the file has {found}{hint}. {REFETCH}"
    )


def require_columns(df: pd.DataFrame, columns: dict[str, str], name: str) -> None:
    """Raise unless ``df`` has every column in ``columns`` with the stated kind
    (``"datetime"``, ``"number"`` or ``"string"``)."""
    err = missing_columns(df.columns, columns, name)
    if err is not None:
        raise err
    wrong = [f"{c} ({df[c].dtype}, expected {k})" for c, k in columns.items() if not _KINDS[k](df[c])]
    if wrong:
        bad = []
        for c, k in columns.items():
            if k == "number" and not _KINDS[k](df[c]):
                vals = pd.to_numeric(df[c], errors="coerce")
                rows = vals.isna() & df[c].notna()
                if rows.any():
                    i = df.index[rows][0]
                    bad.append(f"{c!r} holds {df.at[i, c]!r}, e.g. {_examples(df, rows)}")
        detail = f" ({'; '.join(bad)})" if bad else ""
        raise DataValidationError(f"{name}: wrong dtype for {', '.join(wrong)}{detail}. {FIX}")


def require_unique(df: pd.DataFrame, keys: Sequence[str], name: str) -> None:
    """Raise if any combination of ``keys`` occurs more than once."""
    dup = df.duplicated(list(keys), keep=False)
    if dup.any():
        sample = df.loc[dup, list(keys)].drop_duplicates().head(5)
        sample = ", ".join(
            " ".join(str(v.date()) if isinstance(v, pd.Timestamp) else str(v) for v in row)
            for row in sample.itertuples(index=False)
        )
        raise DataValidationError(
            f"{name}: {int(dup.sum())} duplicated {tuple(keys)} rows, e.g. {sample}. {FIX}"
        )


def _examples(df: pd.DataFrame, bad: pd.Series, column: str | None = None) -> str:
    """Up to five offending rows as ``TICKER on DATE`` (or data row numbers)."""
    rows = df.loc[bad].head(5)
    if {"ticker", "date"} <= set(df.columns):
        return ", ".join(
            f"{t} on {pd.Timestamp(d).date() if pd.notna(d) else d}"
            for t, d in zip(rows["ticker"], rows["date"])
        )
    if column is not None and column in df.columns:
        return ", ".join(f"{v} (data row {i + 1})" for i, v in zip(rows.index, rows[column]))
    return ", ".join(f"data row {i + 1}" for i in rows.index)


def require_positive(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise if a non-missing value in ``columns`` is zero or negative."""
    for col in columns:
        bad = df[col].notna() & (df[col] <= 0)
        if bad.any():
            raise DataValidationError(
                f"{name}: {int(bad.sum())} non-positive {col!r} value(s), e.g. {_examples(df, bad)}. {FIX}"
            )


def require_values(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise if a value in ``columns`` is missing (NaN): a price row without a price is not an
    observation, and a silent NaN would change a result."""
    for col in columns:
        bad = df[col].isna()
        if bad.any():
            raise DataValidationError(
                f"{name}: {int(bad.sum())} NaN {col!r} value(s), e.g. {_examples(df, bad)}. {FIX}"
            )


def run_date() -> pd.Timestamp:
    """Today (the run's date): no observation can be dated after it."""
    return pd.Timestamp.now().normalize()


def require_dates(
    df: pd.DataFrame,
    name: str,
    column: str = "date",
    lo: str = EARLIEST,
    hi: str | pd.Timestamp | None = None,
) -> None:
    """Raise if a date is missing, before ``lo`` or after ``hi`` (default: the run's date, so
    a far-future date is caught)."""
    d = df[column]
    if d.isna().any():
        raise DataValidationError(
            f"{name}: {int(d.isna().sum())} missing {column!r} value(s), e.g. "
            f"{_examples(df, d.isna())}. {FIX}"
        )
    hi_ts = run_date() if hi is None else pd.Timestamp(hi)
    late, early = d > hi_ts, d < pd.Timestamp(lo)
    if late.any():
        raise DataValidationError(
            f"{name}: {int(late.sum())} {column!r} value(s) after the run's date {hi_ts.date()}, "
            f"e.g. {_examples(df, late, column)}. {FIX}"
        )
    if early.any():
        raise DataValidationError(
            f"{name}: {int(early.sum())} {column!r} value(s) before {lo}, "
            f"e.g. {_examples(df, early, column)}. {FIX}"
        )


def require_nonempty(df: pd.DataFrame, name: str) -> None:
    """Raise if ``df`` has no rows."""
    if df.empty:
        raise DataValidationError(f"{name}: no rows (an empty file). {FIX}")


def _sorted(df: pd.DataFrame, strict: bool) -> bool:
    """Whether rows are ordered by ``ticker, date`` (``strict``: no repeated pair). Vectorised
    comparisons with the previous row; no Python objects are made from the string column."""
    if len(df) < 2:
        return True
    t, prev_t = df["ticker"].iloc[1:].reset_index(drop=True), df["ticker"].iloc[:-1].reset_index(drop=True)
    d = df["date"].to_numpy()
    later = (d[1:] > d[:-1]) if strict else (d[1:] >= d[:-1])
    ok = t.gt(prev_t).to_numpy(dtype=bool, na_value=False) | (
        t.eq(prev_t).to_numpy(dtype=bool, na_value=False) & later
    )
    return bool(ok.all())


def sort_by_ticker_date(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` sorted by ``ticker, date`` with a fresh index; no sort when it already is (the
    snapshot's panels are stored sorted)."""
    if _sorted(df, strict=False):
        return df.reset_index(drop=True)
    return df.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)


def validate_prices(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate a long price frame (``date, ticker, close`` at least), sorted by ``ticker, date``,
    and return it: rows present, dates plausible and not after today, one row per ticker and
    date, every close a finite positive number (open/high/low positive, volume finite where
    present). The plausibility of the series (:func:`spikes`) is checked by the loader on the
    whole file, see :func:`rotation.inputs.data.prices`."""
    require_nonempty(df, name)
    require_columns(df, {"date": "datetime", "ticker": "string", "close": "number"}, name)
    require_dates(df, name)
    if not _sorted(df, strict=True):  # a repeated (ticker, date) or unsorted rows: check fully
        require_unique(df, ["ticker", "date"], name)
    require_values(df, ["close"], name)
    require_finite(df, [c for c in ("open", "high", "low", "close", "volume") if c in df], name)
    require_positive(df, [c for c in ("open", "high", "low", "close") if c in df], name)
    return df


def require_not_all_nan(df: pd.DataFrame, name: str) -> None:
    """Raise if a column holds no value at all."""
    empty = [c for c in df.columns if df[c].isna().all()]
    if empty:
        raise DataValidationError(f"{name}: column(s) {empty} hold no value at all")


def require_not_negative(df: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Raise if a non-missing value in ``columns`` is negative (zero is allowed: Yahoo sends 0
    for the unknown open/high/low of some index series, as the snapshot shows for VIX)."""
    for col in columns:
        bad = df[col].notna() & (df[col] < 0)
        if bad.any():
            raise DataValidationError(
                f"{name}: {int(bad.sum())} negative {col!r} value(s), e.g. {_examples(df, bad)}"
            )


def validate_panel(df: pd.DataFrame, columns: Sequence[str], name: str) -> pd.DataFrame:
    """Validate a long frame before the refresh writes it: rows present, expected columns,
    dates plausible and not after today, one row per ticker and date, no all-NaN column,
    every close a positive number, nothing negative."""
    require_nonempty(df, name)
    kinds = {"date": "datetime", "ticker": "string", **{c: "number" for c in columns}}
    require_columns(df, kinds, name)
    require_dates(df, name)
    require_unique(df, ["ticker", "date"], name)
    require_not_all_nan(df, name)
    if "close" in columns:
        require_values(df, ["close"], name)
        require_positive(df, ["close"], name)
    require_finite(df, list(columns), name)
    require_not_negative(df, list(columns), name)
    return df


def invalid_values(df: pd.DataFrame, columns: Sequence[str]) -> dict[str, str]:
    """Per ticker, the first value in ``columns`` that is not a number (text such as ``"N/A"``),
    negative, or a non-positive close: ``{ticker: "invalid 'close' value 'N/A' on 2026-06-10"}``."""
    out: dict[str, str] = {}
    for col in columns:
        if col not in df:
            continue
        raw = df[col]
        vals = pd.to_numeric(raw, errors="coerce")
        bad = (vals.isna() & raw.notna()) | (vals < 0)
        if col == "close":
            bad |= vals <= 0
        for i in df.index[bad.to_numpy(dtype=bool, na_value=False)]:
            t = str(df.at[i, "ticker"])
            if t not in out:
                out[t] = f"invalid {col!r} value {raw.at[i]!r} on {pd.Timestamp(df.at[i, 'date']).date()}"
    return out


# --------------------------------------------------------------------------------------------
# reading CSV files
# --------------------------------------------------------------------------------------------
def read_csv(
    path: Path,
    name: str | None = None,
    *,
    schema: dict[str, str] | None = None,
    dates: Sequence[str] = (),
    keys: Sequence[str] = (),
    **kwargs,
) -> pd.DataFrame:
    """Read a CSV file, turning every parse failure into a :class:`DataValidationError` that
    names the file and the row: an empty file, a malformed line, a missing column of
    ``schema`` (name -> kind), a date that does not parse, a value of the wrong kind, a
    duplicated ``keys`` row. ``dates`` are parsed as ISO dates (and checked against the run's
    date)."""
    name = name or str(path)
    try:
        df = pd.read_csv(path, **kwargs)
    except pd.errors.EmptyDataError as exc:
        raise DataValidationError(f"{name}: the file is empty. {FIX}") from exc
    except pd.errors.ParserError as exc:
        raise DataValidationError(f"{name}: cannot parse the CSV ({str(exc).strip()}). {FIX}") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise DataValidationError(f"{name}: cannot read the CSV ({exc}). {FIX}") from exc
    expected = list(dict.fromkeys([*(schema or {}), *dates]))
    err = missing_columns(df.columns, expected, name)
    if err is not None:
        raise err
    for col in dates:
        df[col] = parse_dates(df[col], name, col)
    if schema:
        require_columns(df, schema, name)
    for col in dates:
        if col == "date":
            require_dates(df, name, col)
        else:  # other date columns (as_of, vintage_date ...) may be blank, never in the future
            late = df[col].notna() & (df[col] > run_date())
            if late.any():
                raise DataValidationError(
                    f"{name}: {col!r} after the run's date {run_date().date()}, e.g. "
                    f"{_examples(df, late, col)}. {FIX}"
                )
    if keys:
        require_unique(df, list(keys), name)
    return df


def parse_dates(values: pd.Series, name: str, column: str) -> pd.Series:
    """ISO dates of a text column; a value that is not one names its data row and column."""
    parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    bad = parsed.isna() & values.notna()
    if bad.any():
        i = values.index[bad][0]
        raise DataValidationError(
            f"{name}: {values.at[i]!r} in column {column!r}, data row {int(i) + 1} "
            f"(line {int(i) + 2} of the file), is not an ISO date YYYY-MM-DD. {FIX}"
        )
    return parsed


# --------------------------------------------------------------------------------------------
# plausibility of price series: a one-day tick that reverts is a bad tick, not a market move
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpikeRule:
    """When a one-day move of a price series is an implausible tick rather than a market move.

    This block is the one place the thresholds live (tests/test_faults_plausibility.py checks each
    against known answers). A day ``t`` is a spike when, with ``r_t`` its log return and ``r_t+1``
    the next day's:

    - the two moves have opposite signs and the next day undoes most of the move:
      ``|r_t + r_t+1| <= revert * |r_t|``;
    - both moves are at least ``min_move`` (log) and at least ``k_sigma`` robust sigmas of the
      series itself, the sigma being 1.4826 x the median absolute deviation of the series'
      non-zero log returns in the ``half_window`` returns on each side of the pair (a stale
      series' unchanged days say nothing about its volatility); with fewer than ``min_obs`` such
      returns the sigma is ``sigma_unknown``, never below ``sigma_floor``.

    Calibrated on the snapshot (2026): the largest reverting moves of genuine market days are
    below 16 sigmas (PG&E on 2018-11-15, -31 % then +38 %: 15.5; VIX/VXO spikes: < 7; the index
    and ETF panels' March-2020 days: < 5), crash days that do not revert (1987-10-19, 2020-03-16)
    never qualify, and a decimal-shift tick (x10, x100) is hundreds of sigmas.
    """

    k_sigma: float = 20.0
    min_move: float = 0.10  # log return, about +10.5 % / -9.5 %
    revert: float = 0.25  # the next day undoes at least 75 % of the move
    half_window: int = 32  # trading days each side of the pair
    min_obs: int = 10
    sigma_unknown: float = 0.05
    sigma_floor: float = 0.001

    def __post_init__(self) -> None:
        checks = {
            "k_sigma": self.k_sigma > 0,
            "min_move": self.min_move >= 0,
            "revert": 0 <= self.revert < 1,
            "half_window": isinstance(self.half_window, int) and self.half_window >= 1,
            "min_obs": isinstance(self.min_obs, int) and 1 <= self.min_obs <= 2 * self.half_window,
            "sigma_unknown": self.sigma_unknown > 0,
            "sigma_floor": self.sigma_floor > 0,
        }
        require_in_range(self, checks)


def require_in_range(rule: object, checks: Mapping[str, bool]) -> None:
    """Raise ``ValueError`` naming the thresholds of ``rule`` (a dataclass of thresholds) whose
    ``checks`` entry is false, with their values."""
    bad = [f"{k}={getattr(rule, k)!r}" for k, ok in checks.items() if not ok]
    if bad:
        raise ValueError(f"{type(rule).__name__}: out of range: {', '.join(bad)}")


#: The thresholds of the plausibility check (see :class:`SpikeRule`).
SPIKE = SpikeRule()

SPIKE_FIX = (
    "A bad tick, not a market move: fix the close or fetch the series again (`{fetch}`), or restore "
    "the snapshot; if the move is genuine, declare it in data/price_exceptions.csv with a reason"
)


def require_finite(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise if a value in ``columns`` is infinite (a NaN is :func:`require_values`' business)."""
    for col in columns:
        vals = df[col].to_numpy(dtype=float, na_value=np.nan)
        bad = np.isinf(vals)
        if bad.any():
            mask = pd.Series(bad, index=df.index)
            raise DataValidationError(
                f"{name}: {int(bad.sum())} infinite {col!r} value(s), e.g. {_examples(df, mask)}. {FIX}"
            )


def spikes(df: pd.DataFrame, rule: SpikeRule = SPIKE) -> pd.DataFrame:
    """The implausible one-day spikes of a long price frame (``date, ticker, close``), by ``rule``.

    One row per spike: ``ticker, date, before, close, after`` (the closes of the previous, the
    spike and the next day), ``move`` and ``back`` (the two simple returns), ``sigma`` (the
    series' robust daily volatility, log) and ``z`` (the smaller move in sigmas). Vectorised: the
    reverting pairs are found on whole arrays, the robust sigma is computed only at them."""
    cols = ["ticker", "date", "before", "close", "after", "move", "back", "sigma", "z"]
    n = len(df)
    if n < 3:
        return pd.DataFrame(columns=cols)
    if not _sorted(df, strict=True):
        df = df.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)
    codes, _ = pd.factorize(df["ticker"])
    c = df["close"].to_numpy(dtype=float, na_value=np.nan)
    same = np.r_[False, codes[1:] == codes[:-1]]
    with np.errstate(all="ignore"):
        lc = np.log(np.where(np.isfinite(c) & (c > 0), c, np.nan))
        r = np.r_[np.nan, np.diff(lc)]
        r[~same] = np.nan
        rn = np.r_[r[1:], np.nan]
        a = np.abs(r)
        pair = (np.sign(r) * np.sign(rn) < 0) & (np.abs(r + rn) <= rule.revert * a)
        pair &= np.minimum(a, np.abs(rn)) >= rule.min_move
    idx = np.flatnonzero(pair)
    if not len(idx):
        return pd.DataFrame(columns=cols)
    h = rule.half_window
    offsets = np.r_[np.arange(-h, 0), np.arange(2, h + 2)]  # around the pair (t, t+1), not in it
    pos = idx[:, None] + offsets[None, :]
    inside = (pos >= 0) & (pos < n)
    pos = np.clip(pos, 0, n - 1)
    inside &= codes[pos] == codes[idx][:, None]
    w = np.where(inside, r[pos], np.nan)
    w[w == 0] = np.nan  # an unchanged close (a stale quote) carries no volatility
    enough = np.sum(~np.isnan(w), axis=1) >= rule.min_obs
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: handled by `enough`
        med = np.nanmedian(w, axis=1)
        mad = np.nanmedian(np.abs(w - med[:, None]), axis=1)
    sigma = np.where(enough, np.maximum(1.4826 * mad, rule.sigma_floor), rule.sigma_unknown)
    z = np.minimum(a[idx], np.abs(rn[idx])) / sigma
    hit = z >= rule.k_sigma
    idx, sigma, z = idx[hit], sigma[hit], z[hit]
    return pd.DataFrame(
        {
            "ticker": df["ticker"].iloc[idx].astype(str).to_numpy(),
            "date": df["date"].iloc[idx].to_numpy(),
            "before": c[idx - 1],
            "close": c[idx],
            "after": c[idx + 1],
            "move": np.expm1(r[idx]),
            "back": np.expm1(rn[idx]),
            "sigma": sigma,
            "z": z,
        },
        columns=cols,
    )


def describe_spikes(found: pd.DataFrame, name: str, fetch: str | None = None) -> str:
    """The message for the spikes ``found`` (:func:`spikes`) in file ``name``: the first one in
    full with its values, what to do (``fetch``: the command that fetches the series again), the
    rest counted."""
    s = found.iloc[0]
    more = ""
    if len(found) > 1:
        others = ", ".join(
            f"{t} on {pd.Timestamp(d).date()}" for t, d in zip(found["ticker"][1:6], found["date"][1:6])
        )
        more = f" ({len(found) - 1} more: {others}{', …' if len(found) > 6 else ''})"
    return (
        f"{name}: implausible one-day spike in {s['ticker']} on {pd.Timestamp(s['date']).date()}: close "
        f"{s['before']:.6g} -> {s['close']:.6g} -> {s['after']:.6g} ({s['move']:+.1%}, then {s['back']:+.1%} "
        f"the next day; {s['z']:.0f} x the series' robust daily volatility of {s['sigma']:.2%}){more}. "
        + SPIKE_FIX.format(fetch=fetch or f"python -m rotation refresh --tickers {s['ticker']}")
        + "."
    )
