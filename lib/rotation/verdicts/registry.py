"""The claim registry, ``data/claims.csv``: its vocabulary, its schema and its loading.

Each row is one claim of the article (id ``B1`` …), with the rule that decides it (``test``) and
every parameter of that rule (tolerances in the claim's unit, ``partly_at``, ``alpha``,
``direction``, ``top_k``, ``lookback_months``, ``date_from``, ``date_to``). :func:`registry`
validates the file on load and stops at the first problem with its row and column named;
:func:`claim` returns one row. The rules that read these rows are in :mod:`rotation.verdicts.rules`; the
verdicts they give are recorded by :mod:`rotation.verdicts.claims`.
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path

import pandas as pd

from .. import config, reads
from ..errors import DataValidationError

SUPPORTED, PARTLY, NOT, UNDECIDABLE = (
    "supported",
    "partly supported",
    "not supported",
    "undecidable with this data",
)
VERDICTS = (SUPPORTED, PARTLY, NOT, UNDECIDABLE)

#: which registry columns each test needs (validated when the registry is loaded)
REQUIRED: dict[str, tuple[str, ...]] = {
    "approx": ("stated_value", "tolerance", "partial_tolerance"),
    "at_least": ("stated_value", "tolerance"),
    "at_most": ("stated_value", "tolerance"),
    "checks": ("partly_at",),
    "turn": ("stated_value", "tolerance", "partial_tolerance", "alpha", "direction"),
    "turn_each": ("stated_value", "tolerance", "partial_tolerance", "alpha", "direction"),
    "turns": ("stated_value", "tolerance", "partial_tolerance", "alpha", "direction", "date_from", "date_to"),
    "approx_each": ("tolerance",),
    "approx_record": ("stated_value", "tolerance", "partial_tolerance"),
    "rank_corr": ("alpha",),
    "figure": ("partial_tolerance",),
    "figure_each": ("tolerance", "partly_at"),
    "needs_data": (),
}
TESTS = tuple(REQUIRED)
#: registry columns that hold numbers
NUMERIC = ("tolerance", "partial_tolerance", "partly_at", "alpha", "top_k", "lookback_months")
#: the valid range of each number column: (test of the value, the range in words)
RANGES: dict[str, tuple] = {
    "tolerance": (lambda v: v >= 0, ">= 0 (a tolerance is a distance)"),
    "partial_tolerance": (lambda v: v >= 0, ">= 0 (a tolerance is a distance)"),
    "partly_at": (lambda v: v >= 1 and v == int(v), "a whole number >= 1 (checks that must pass)"),
    "alpha": (lambda v: 0 < v < 1, "in (0, 1) (a significance level)"),
    "top_k": (lambda v: v >= 1 and v == int(v), "a whole number >= 1"),
    "lookback_months": (lambda v: v >= 1 and v == int(v), "a whole number >= 1 (months)"),
}
#: pairs of columns whose first must not exceed the second: (low, high, how they must compare)
ORDERED = (
    ("tolerance", "partial_tolerance", "partial_tolerance must be >= tolerance (partly is the wider band)"),
    ("window_start", "window_end", "window_start must be before window_end"),
    ("date_from", "date_to", "date_from must not be after date_to"),
)
DATE_COLUMNS = ("window_start", "window_end", "date_from", "date_to")


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------
def validate_registry(df: pd.DataFrame, name: str = "data/claims.csv") -> None:
    """Raise :class:`DataValidationError` naming the row and column of the first problem:
    a duplicated or blank id, an unknown test, a blank or non-numeric parameter its test needs,
    a number outside its range (:data:`RANGES`: tolerances >= 0, alpha in (0, 1), top_k >= 1 …),
    a pair out of order (:data:`ORDERED`: partial_tolerance >= tolerance, window_start before
    window_end), a date that does not parse, or an unknown direction."""
    _check_ids(df, name)
    for pos, (_, row) in enumerate(df.iterrows(), start=2):  # row 1 is the header
        where = f"{name}, row {pos} ({row['id']})"
        _check_required(df, row, name, where)
        _check_numbers(df, row, where)
        _check_dates(df, row, where)
        _check_order(df, row, where)
        _check_stated(row, where)


def _check_ids(df: pd.DataFrame, name: str) -> None:
    """The columns ``id`` and ``test`` exist; every id is present and unique."""
    if "id" not in df.columns or "test" not in df.columns:
        raise DataValidationError(f"{name}: needs the columns 'id' and 'test'; found {list(df.columns)}")
    for i, cid in enumerate(df["id"], start=2):  # row 1 is the header
        if pd.isna(cid) or not str(cid).strip():
            raise DataValidationError(f"{name}, row {i}, column 'id': blank claim id")
    dup = df["id"][df["id"].duplicated()]
    if len(dup):
        i = int(dup.index[0]) + 2
        raise DataValidationError(f"{name}, row {i}, column 'id': duplicated claim id {dup.iloc[0]!r}")


def _check_required(df: pd.DataFrame, row: pd.Series, name: str, where: str) -> None:
    """The row's test is known and every column it needs is present and filled."""
    test = row["test"]
    if test not in REQUIRED:
        raise DataValidationError(
            f"{where}, column 'test': unknown test {test!r}; allowed: {', '.join(TESTS)}"
        )
    for col in REQUIRED[test]:
        if col not in df.columns:
            raise DataValidationError(
                f"{name}: column {col!r} is missing (test {test!r} of {row['id']} needs it)"
            )
        if pd.isna(row[col]) or str(row[col]).strip() == "":
            raise DataValidationError(f"{where}, column {col!r}: blank, but test {test!r} needs it")


def _check_numbers(df: pd.DataFrame, row: pd.Series, where: str) -> None:
    """Every filled number column (:data:`NUMERIC`) is a finite number in its range (:data:`RANGES`)."""
    for col in NUMERIC:
        if col not in df.columns or pd.isna(row[col]):
            continue
        try:
            v = float(row[col])
        except (TypeError, ValueError):
            raise DataValidationError(f"{where}, column {col!r}: {row[col]!r} is not a number") from None
        ok, words = RANGES[col]
        if not (math.isfinite(v) and ok(v)):
            raise DataValidationError(f"{where}, column {col!r}: {v:g} is out of range; it must be {words}")


def _check_dates(df: pd.DataFrame, row: pd.Series, where: str) -> None:
    """Every filled date column (:data:`DATE_COLUMNS`) parses."""
    for col in DATE_COLUMNS:
        if col in df.columns and pd.notna(row[col]) and str(row[col]).strip():
            try:
                pd.Timestamp(str(row[col]))
            except (TypeError, ValueError):
                raise DataValidationError(
                    f"{where}, column {col!r}: {row[col]!r} is not a date (YYYY-MM-DD)"
                ) from None


def _check_order(df: pd.DataFrame, row: pd.Series, where: str) -> None:
    """Each pair of :data:`ORDERED` columns, where both are filled, is in order."""
    for lo, hi, words in ORDERED:
        if lo not in df.columns or hi not in df.columns or pd.isna(row[lo]) or pd.isna(row[hi]):
            continue
        a, b = row[lo], row[hi]
        if lo in DATE_COLUMNS:
            a, b = pd.Timestamp(str(a)), pd.Timestamp(str(b))
            bad = a >= b if lo == "window_start" else a > b
            shown = f"{a.date()} and {b.date()}"
        else:
            a, b = float(a), float(b)
            bad, shown = a > b, f"{a:g} and {b:g}"
        if bad:
            raise DataValidationError(f"{where}, columns {lo!r} / {hi!r}: {shown}; {words}")


def _check_stated(row: pd.Series, where: str) -> None:
    """A numeric test's stated value is a number; a turn's is a date, with a known direction."""
    test = row["test"]
    if test in ("approx", "at_least", "at_most"):
        try:
            float(row["stated_value"])
        except (TypeError, ValueError):
            raise DataValidationError(
                f"{where}, column 'stated_value': {row['stated_value']!r} is not a number"
            ) from None
    if test in ("turn", "turn_each"):
        try:
            pd.Timestamp(row["stated_value"])
        except (TypeError, ValueError):
            raise DataValidationError(
                f"{where}, column 'stated_value': {row['stated_value']!r} is not a date"
            ) from None
        if row["direction"] not in ("peak", "trough"):
            raise DataValidationError(
                f"{where}, column 'direction': {row['direction']!r}; use peak or trough"
            )


# --------------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------------
def registry() -> pd.DataFrame:
    """The claim registry, indexed by claim id (``B1`` ...), validated on load
    (:func:`validate_registry`: a blank parameter, an unknown test or a duplicated
    id stops with a message naming the row and column).

    Parsed and validated once per distinct file content (a notebook asks for its claims dozens of
    times); an edited file is read afresh. Returns a copy the caller may change."""
    path = config.project_data_dir() / "claims.csv"
    reads.note(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataValidationError(
            f"data/claims.csv is missing (looked in {path.parent}); it is part of the repository (git checkout it)"
        ) from None
    return _parsed_registry(raw).copy()


@functools.lru_cache(maxsize=4)
def _parsed_registry(raw: bytes) -> pd.DataFrame:
    try:
        df = pd.read_csv(
            io.BytesIO(raw), dtype={"stated_value": "string", "date_from": "string", "date_to": "string"}
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataValidationError(f"data/claims.csv cannot be read as CSV: {exc}") from None
    validate_registry(df)
    _validate_articles_column(df)
    return df.set_index("id")


def _validate_articles_column(df: pd.DataFrame, name: str = "data/claims.csv") -> None:
    """Every claim names an article of ``data/articles.csv``."""
    from . import articles as _articles

    if "article" not in df.columns:
        raise DataValidationError(f"{name}: needs the column 'article' (an id of data/articles.csv)")
    known = set(_articles.articles().index)
    for pos, (cid, art) in enumerate(zip(df["id"], df["article"]), start=2):
        if pd.isna(art) or str(art) not in known:
            raise DataValidationError(
                f"{name}, row {pos} ({cid}), column 'article': {art!r} is not an article of "
                f"data/articles.csv (known: {', '.join(sorted(known))}); add its row there first"
            )


def article_of(claim_id: str) -> str:
    """The id of the article a claim belongs to (``data/articles.csv``)."""
    return str(claim(claim_id)["article"])


def claim_ids(article: str | None = None) -> list[str]:
    """The registry's claim ids in file order, of one article or of all."""
    reg = registry()
    return [str(i) for i in (reg.index if article is None else reg.index[reg["article"] == article])]


def unknown_notebook(notebook: str | Path) -> DataValidationError:
    """The error for a ``notebook`` that has neither a source (``notebooks/src/<name>.py``) nor an
    ``.ipynb``: named with the registry rows whose ``notebook`` column holds it, and the fix."""
    name = str(notebook)
    try:
        df = pd.read_csv(config.project_data_dir() / "claims.csv", dtype=str, keep_default_na=False)
        rows = [
            f"row {i + 2} ({cid})" for i, (cid, nb) in enumerate(zip(df["id"], df["notebook"])) if nb == name
        ]
    except (OSError, KeyError, pd.errors.ParserError):
        rows = []
    where = f"data/claims.csv, {', '.join(rows)}, column 'notebook'" if rows else f"notebook {name!r}"
    known = sorted(p.name for p in (config.repo_root() / "notebooks").glob("*.ipynb"))
    return DataValidationError(
        f"{where}: {name!r} is no notebook of the project (neither {config.notebook_source(name)} nor the "
        f".ipynb exists). Fix the column to one of notebooks/{{{', '.join(known)}}}, or write the notebook "
        "(`python -m rotation new-article` for an article decided by its rows)"
    )


def claims_of(notebook: str) -> list[str]:
    """The ids of the claims a notebook decides (the registry's ``notebook`` column), in file order;
    ``notebook`` as in that column (``notebooks/01_breadth.ipynb``) or its file name."""
    reg = registry()
    name = notebook.rsplit("/", 1)[-1]
    return [str(i) for i, nb in reg["notebook"].items() if str(nb).rsplit("/", 1)[-1] == name]


def claim(claim_id: str) -> pd.Series:
    """One registry row; raises ``KeyError`` naming the known ids."""
    reg = registry()
    if claim_id not in reg.index:
        raise KeyError(f"unknown claim id {claim_id!r}; data/claims.csv has {list(reg.index)}")
    return reg.loc[claim_id]


def window(claim_id: str, start: str | None = None, end: str | None = None) -> tuple[str, str]:
    """The window a claim states (``window_start``, ``window_end`` of its row) as ISO dates; an adapted
    run may move either end (``start=`` / ``end=``), never the registry. A blank end with no ``end=``
    stops, naming the claim."""
    row = claim(claim_id)
    s = start if start is not None else row["window_start"]
    e = end if end is not None else row["window_end"]
    if pd.isna(s) or pd.isna(e):
        raise DataValidationError(
            f"data/claims.csv, claim {claim_id}: window_start / window_end is blank; "
            "fill it in the registry or pass start= / end="
        )
    s, e = pd.Timestamp(s), pd.Timestamp(e)
    if s >= e:
        raise DataValidationError(
            f"claim {claim_id}: window start {s.date()} is not before its end {e.date()}"
        )
    return str(s.date()), str(e.date())


def window_end(claim_id: str, end: str | None = None) -> str:
    """The end of a claim's window (its data-as-of date: ``window_end`` of its row) as an ISO date,
    for a claim whose window has no start (an estimate "as of" a date); an adapted run may move it
    (``end=``). A blank end with no ``end=`` stops, naming the claim."""
    e = end if end is not None else claim(claim_id)["window_end"]
    if pd.isna(e):
        raise DataValidationError(
            f"data/claims.csv, claim {claim_id}: window_end is blank; fill it in the registry or pass end="
        )
    return str(pd.Timestamp(e).date())
