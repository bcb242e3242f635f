"""The declared schema of every project file in ``data/`` (the repository's own CSV files).

One entry per file: each column with its kind, ``text``, ``number``, ``int`` or ``date`` (ISO
``YYYY-MM-DD``), and ``?`` when a cell may be blank. :func:`check` validates a frame against its
file's schema and stops at the first bad cell, naming the file, the row (data row and line), the
column, the value and what is wrong; :func:`rotation.inputs.data.read_project_csv` runs it on every read,
and ``python -m rotation check`` on every file (:func:`check_all`, which also refuses a CSV in
``data/`` without a schema). The loaders keep their own checks of meaning (known ids, ranges).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataValidationError

_T, _TO, _N, _NO, _I, _IO, _D, _DO = "text", "text?", "number", "number?", "int", "int?", "date", "date?"

#: file -> column -> kind (``?``: may be blank)
SCHEMAS: dict[str, dict[str, str]] = {
    "amendments.csv": {
        "date": _D, "claim": _T, "old_rule": _T, "new_rule": _T, "reason": _T,
        "verdict_before": _T, "verdict_after": _T,
    },
    "articles.csv": {
        "id": _T, "title": _T, "outlet": _T, "author": _T, "published": _T, "data_as_of": _D,
        "url": _T, "found_via": _TO, "notes": _TO, "notebooks": _TO,
    },
    "claim_figures.csv": {
        "article": _T, "claim": _T, "key": _T, "value": _T, "unit": _T, "precision": _T,
        "low": _TO, "high": _TO, "text": _T,
    },
    "claims.csv": {
        "id": _T, "article": _T, "theme": _T, "statement": _T, "test": _T, "tolerance": _NO,
        "partial_tolerance": _NO, "partly_at": _NO, "alpha": _NO, "top_k": _IO, "lookback_months": _IO,
        "date_from": _DO, "date_to": _DO, "window_start": _DO, "window_end": _DO, "notebook": _T,
    },
    "flow_funds.csv": {
        "ticker": _T, "fund": _T, "asset_class": _T, "region": _T, "sector": _TO, "kind": _T,
    },
    "monitor_legs.csv": {
        "leg": _T, "label": _T, "role": _T, "min_days": _I, "stale_after_days": _I, "rule": _T,
    },
    "monitor_rules.csv": {
        "id": _T, "label": _T, "measure": _T, "a": _TO, "b": _TO, "days": _I, "unit": _T,
        "thesis_sign": _N, "center": _N, "on_at": _N, "reversed_at": _N, "rule": _T, "leg": _T,
        "votes": _N, "note": _TO,
    },
    "monitor_thesis.csv": {"call": _T, "core_share": _NO, "support_share": _NO, "rule": _T},
    "origins.csv": {
        "file": _T, "kind": _T, "repo": _TO, "commit": _TO, "commit_date": _DO, "path": _TO,
        "sha256": _TO, "bytes": _IO, "recipe": _TO, "inputs": _TO, "note": _TO,
    },
    "parameter_ranges.csv": {
        "notebook": _T, "parameter": _T, "kind": _T, "min": _N, "max": _NO, "meaning": _T,
    },
    "precisions.csv": {"precision": _T, "band": _T, "relative_width": _NO, "description": _T},
    "price_exceptions.csv": {"file": _T, "ticker": _T, "from": _D, "to": _D, "reason": _T},
    "price_pairs.csv": {"fund_file": _T, "fund": _T, "index_file": _T, "index": _T, "reason": _T},
    "published_eps_figures.csv": {
        "claim": _T, "index": _T, "metric": _T, "value": _T, "period": _T, "publisher": _T,
        "url": _T, "date_published": _TO, "notes": _TO,
    },
    "published_flow_figures.csv": {
        "figure_id": _T, "claim": _T, "quantity": _T, "value": _N, "unit": _T, "period_start": _DO,
        "period_end": _DO, "scope": _T, "publisher": _T, "headline": _TO, "url": _T,
        "published_date": _DO, "quote": _T, "notes": _TO,
    },
    "rating_scale.csv": {"verdict": _T, "robustness": _TO, "rating": _IO, "label": _T},
    "strategist_sector_calls.csv": {
        "firm": _T, "strategist": _T, "date": _T, "sector": _T, "stance": _T, "url": _T,
        "quote_excerpt": _T, "source_type": _T, "notes": _TO,
    },
    "universes.csv": {"group": _T, "ticker": _T, "label": _T, "gics_sector": _TO, "role": _T},
}  # fmt: skip

_WHAT = {
    "number": "is not a number; write a number such as 0.5",
    "int": "is not a whole number; write one such as 21",
    "date": "is not an ISO date; write YYYY-MM-DD",
}


def _where(name: str, i: int, col: str) -> str:
    return f"{name}, data row {i + 1} (line {i + 2}), column {col!r}"


def _bad_cells(values: pd.Series, kind: str) -> pd.Series:
    """Which non-blank cells of ``values`` are not of ``kind``."""
    if kind == "text" or (kind == "date" and pd.api.types.is_datetime64_any_dtype(values)):
        return pd.Series(False, index=values.index)
    if kind == "date":
        parsed = pd.to_datetime(values.astype("string").str.strip(), format="%Y-%m-%d", errors="coerce")
        return parsed.isna()
    nums = pd.to_numeric(values, errors="coerce").astype(float)
    bad = ~np.isfinite(nums.to_numpy())
    if kind == "int":
        bad |= np.isfinite(nums.to_numpy()) & (nums.to_numpy() % 1 != 0)
    return pd.Series(bad, index=values.index)


def check(df: pd.DataFrame, name: str) -> None:
    """Raise :class:`DataValidationError` at the first cell of ``df`` that breaks the schema of
    the project file ``name`` (``data/<file>``): a missing column, a blank required cell, a cell
    of the wrong kind. A file without a declared schema passes (see :func:`check_all`)."""
    schema = SCHEMAS.get(Path(name).name)
    if schema is None:
        return
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise DataValidationError(
            f"{name}: missing column(s) {missing}; its columns are {list(schema)} "
            f"(rotation.inputs.project_files.SCHEMAS). Restore the header (git diff {name})"
        )
    for col, spec in schema.items():
        kind, optional = spec.rstrip("?"), spec.endswith("?")
        v = df[col]
        blank = v.isna() | v.astype("string").str.strip().eq("").fillna(True)
        if not optional and blank.any():
            i = int(np.flatnonzero(blank.to_numpy())[0])
            raise DataValidationError(
                f"{name}, data row {i + 1} (line {i + 2}): blank {col!r}; every row needs it. Fill in the cell"
            )
        bad = _bad_cells(v[~blank], kind)
        if bad.any():
            i = int(v.index.get_loc(bad.index[bad.to_numpy()][0]))
            raise DataValidationError(f"{_where(name, i, col)}: {v.iloc[i]!r} {_WHAT[kind]}")


def check_all(folder: Path | None = None) -> list[str]:
    """Check every ``*.csv`` of the project's ``data/`` (or ``folder``) against its schema;
    returns one ``ok`` line per file, raises at the first problem (a CSV without a schema too)."""
    from .validate import read_csv

    folder = folder or config.project_data_dir()
    lines = []
    for path in sorted(folder.glob("*.csv")):
        name = f"data/{path.name}"
        if path.name not in SCHEMAS:
            raise DataValidationError(
                f"{name} has no declared schema: add it to rotation.inputs.project_files.SCHEMAS"
            )
        df = read_csv(path, name, dtype=str, keep_default_na=False)
        check(df, name)
        lines.append(f"{name}: ok ({len(df)} rows)")
    return lines
