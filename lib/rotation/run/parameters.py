"""Valid values of notebook parameters: kinds and ranges, checked before a kernel starts.

A parameter's kind is its default's (:func:`rotation.run.adapt.parse_value` checks JSON lists, dates,
numbers); this module adds what a kind alone does not say: a number is finite (never NaN), a
parameter whose default is a whole number takes whole numbers only (``20.5`` is refused, ``20.0``
is 20), and the ranges declared in ``data/parameter_ranges.csv`` (``notebook, parameter, kind,
min, max, meaning``; a list parameter's range holds for each item) hold. Every whole-number
parameter of every notebook has a row there (``tests/test_faults_parameters.py``).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from ..errors import DataValidationError, ParameterError

RANGES_FILE = "parameter_ranges.csv"
KINDS = ("integer", "number")


@lru_cache(maxsize=4)
def _ranges(path: str, mtime_ns: int) -> dict[tuple[str, str], dict]:
    name = f"data/{RANGES_FILE}"
    try:
        df = pd.read_csv(path, dtype={"notebook": str, "parameter": str, "kind": str})
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataValidationError(f"{name}: cannot be read ({exc}); git checkout it") from None
    missing = [c for c in ("notebook", "parameter", "kind", "min", "max") if c not in df.columns]
    if missing:
        raise DataValidationError(f"{name}: missing column(s) {missing}; git checkout it")
    out: dict[tuple[str, str], dict] = {}
    for i, row in df.iterrows():
        where = f"{name}, data row {int(i) + 1} (line {int(i) + 2})"
        if row["kind"] not in KINDS:
            raise DataValidationError(
                f"{where}, column 'kind': {row['kind']!r}; use one of {', '.join(KINDS)}"
            )
        bounds: dict[str, float | None] = {}
        for col in ("min", "max"):
            v = row[col]
            if pd.isna(v):
                bounds[col] = None
                continue
            try:
                bounds[col] = float(v)
            except (TypeError, ValueError):
                raise DataValidationError(f"{where}, column {col!r}: {v!r} is not a number") from None
        if bounds["min"] is not None and bounds["max"] is not None and bounds["min"] > bounds["max"]:
            raise DataValidationError(f"{where}: min {bounds['min']:g} is above max {bounds['max']:g}")
        key = (str(row["notebook"]), str(row["parameter"]))
        if key in out:
            raise DataValidationError(f"{where}: {key[0]} {key[1]} is declared twice")
        out[key] = {"kind": row["kind"], **bounds}
    return out


def ranges() -> dict[tuple[str, str], dict]:
    """``(notebook stem, parameter) -> {kind, min, max}`` from ``data/parameter_ranges.csv``."""
    path = config.project_data_dir() / RANGES_FILE
    if not path.is_file():
        raise DataValidationError(
            f"data/{RANGES_FILE} is missing; it is part of the repository (git checkout it)"
        )
    return _ranges(str(path), path.stat().st_mtime_ns)


def _whole(default: Any) -> bool:
    return isinstance(default, int) and not isinstance(default, bool)


def _number(default: Any) -> bool:
    return isinstance(default, (int, float)) and not isinstance(default, bool)


def _items(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def check(notebook: str | Path, params: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """``params`` checked against their ``defaults``' kinds and the declared ranges; returns them
    with whole numbers given as ``20.0`` made ``20``. Raises :class:`ParameterError` naming the
    notebook, the parameter, the value and the valid range."""
    stem = Path(str(notebook)).stem
    nb = Path(str(notebook)).name
    declared = ranges()
    out = dict(params)
    for k, v in params.items():
        if k not in defaults:
            continue  # unknown names are refused by the callers, with the list of known ones
        d = defaults[k]
        d_items = _items(d)
        numeric = bool(d_items) and all(_number(x) for x in d_items)
        whole = numeric and all(_whole(x) for x in d_items)
        rng = declared.get((stem, k))
        if rng is not None and rng["kind"] == "integer":
            whole = numeric = True
        if not numeric:
            continue
        items = _items(v)
        shown = "each item of " if isinstance(d, (list, tuple)) else ""
        fixed = []
        for x in items:
            if not _number(x):
                raise ParameterError(f"{nb}: {k} takes {'whole ' if whole else ''}numbers; got {v!r}")
            if not math.isfinite(x):
                raise ParameterError(f"{nb}: {k} must be a finite number; got {x!r}")
            if whole:
                if x != int(x):
                    raise ParameterError(
                        f"{nb}: {shown}{k} must be a whole number such as {d_items[0]!r}; got {x!r}"
                    )
                x = int(x)
            if rng is not None:
                lo, hi = rng["min"], rng["max"]
                if (lo is not None and x < lo) or (hi is not None and x > hi):
                    span = (
                        f">= {lo:g}"
                        if hi is None
                        else f"<= {hi:g}"
                        if lo is None
                        else f"from {lo:g} to {hi:g}"
                    )
                    raise ParameterError(f"{nb}: {shown}{k} must be {span} (data/{RANGES_FILE}); got {x!r}")
            fixed.append(x)
        out[k] = fixed if isinstance(v, (list, tuple)) else fixed[0]
    return out
