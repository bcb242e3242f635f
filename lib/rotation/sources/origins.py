"""Where every file of the market-data folder comes from: the project's table ``data/origins.csv``.

One row per file of the data folder (path ``file`` in the snapshot's layout), of one ``kind``:

- ``pinned``: byte-identical to ``path`` of the public GitHub repository ``repo`` at the full
  commit SHA ``commit``; ``sha256`` and ``bytes`` are known in advance (``commit_date`` where known);
- ``derived``: built by the recipe ``recipe`` of :mod:`rotation.sources.derive` from the pinned files
  listed in ``inputs`` (separated by ``|``); ``sha256`` / ``bytes`` are those of the snapshot's copy,
  which the recipe reproduces byte for byte;
- ``yfinance``: a price file refreshed by :mod:`rotation.sources.refresh`; ``recipe`` is its panel name
  (``etf``, ``sp500``, ``sp1500``, ``index``), ``inputs`` the ticker list it follows, ``note`` the
  tickers and span. No hash: live prices change with every dividend;
- ``transcribed``: hand-entered from web pages, kept in the project's ``data/`` (``path``).

The table is the project's own: nothing here reads ``../shared``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import DataValidationError

TABLE = "origins.csv"
KINDS = ("pinned", "derived", "yfinance", "transcribed")
COLUMNS = (
    "file",
    "kind",
    "repo",
    "commit",
    "commit_date",
    "path",
    "sha256",
    "bytes",
    "recipe",
    "inputs",
    "note",
)
RAW_BASE = "https://raw.githubusercontent.com"


@dataclass(frozen=True)
class Origin:
    """One row of ``data/origins.csv`` (empty strings where a column does not apply)."""

    file: str
    kind: str
    repo: str = ""
    commit: str = ""
    commit_date: str = ""
    path: str = ""
    sha256: str = ""
    bytes: int | None = None
    recipe: str = ""
    inputs: tuple[str, ...] = ()
    note: str = ""

    @property
    def copy(self) -> str:
        """``owner/repo@commit12:path``, how the snapshot names a pinned copy."""
        return f"{self.repo}@{self.commit[:12]}:{self.path}"


_REPO_PART = re.compile(r"^[A-Za-z0-9_.-]+$")


def unsafe_path(value: str) -> str | None:
    """Why ``value`` is not a safe relative path (None if it is): it must be relative, with ``/``
    separators, normalised (no ``.``, ``..`` or empty part), so that joined to a folder it stays
    inside that folder."""
    if not value:
        return "it is blank"
    if value.startswith(("/", "~")) or (len(value) > 1 and value[1] == ":"):
        return "it is absolute"
    if "\\" in value:
        return "it has a '\\' separator"
    parts = value.split("/")
    if ".." in parts:
        return "it leaves its folder ('..')"
    if any(p in ("", ".") for p in parts) or "\x00" in value:
        return "it is not normalised (an empty or '.' part)"
    return None


def check_paths(o: Origin, where: str) -> None:
    """Raise :class:`DataValidationError` naming ``where`` if the row's ``file`` could point
    outside the data folder, a pinned row's ``repo``/``path`` outside the mirror's base, or a
    transcribed row's ``path`` outside the project's ``data/``."""
    checks = [("file", o.file)]
    if o.kind == "pinned":
        checks.append(("path", o.path))
        bad_repo = o.repo.count("/") != 1 or not all(
            _REPO_PART.match(x) and x not in (".", "..") for x in o.repo.split("/")
        )
        if bad_repo:
            raise DataValidationError(f"{where}: 'repo' {o.repo!r} is not owner/name; fix the row")
        if not re.fullmatch(r"[0-9a-f]{40}", o.commit):
            raise DataValidationError(f"{where}: 'commit' {o.commit!r} is not a full 40-hex commit SHA")
    if o.kind == "transcribed" and o.path:
        checks.append(("path", o.path))
        if not o.path.startswith("data/"):
            raise DataValidationError(f"{where}: 'path' {o.path!r} is not in the project's data/ folder")
    for col, value in checks:
        why = unsafe_path(value)
        if why:
            raise DataValidationError(
                f"{where}: {col!r} {value!r} is refused: {why}. A file name is relative to the data folder "
                "(e.g. prices/etf_daily.parquet); fix the row"
            )


def table_path() -> Path:
    return config.project_data_dir() / TABLE


def load(path: Path | None = None) -> list[Origin]:
    """Every row of ``data/origins.csv``, checked: known kinds, one row per file, a full commit
    SHA and a sha256 for every pinned file, a recipe for every derived file whose inputs are
    pinned files of the table, and every path safe (:func:`check_paths`: no file outside the data
    folder, no download outside the mirror's base)."""
    path = path or table_path()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    rows = [
        Origin(
            file=r["file"],
            kind=r["kind"],
            repo=r["repo"],
            commit=r["commit"],
            commit_date=r["commit_date"],
            path=r["path"],
            sha256=r["sha256"],
            bytes=int(r["bytes"]) if r["bytes"] else None,
            recipe=r["recipe"],
            inputs=tuple(x for x in r["inputs"].split("|") if x),
            note=r["note"],
        )
        for r in df.to_dict("records")
    ]
    files = [o.file for o in rows]
    dup = sorted({f for f in files if files.count(f) > 1})
    if dup:
        raise ValueError(f"{path}: file(s) listed twice: {dup}")
    pinned = {o.file for o in rows if o.kind == "pinned"}
    for i, o in enumerate(rows, start=2):
        where = f"{path}, line {i} ({o.file})"
        if o.kind not in KINDS:
            raise ValueError(f"{where}: kind {o.kind!r} is not one of {KINDS}")
        if o.kind == "pinned":
            if len(o.commit) != 40 or len(o.sha256) != 64 or not o.repo.count("/") == 1 or not o.path:
                raise ValueError(
                    f"{where}: a pinned file needs owner/repo, a full 40-hex commit, path and sha256"
                )
        if o.kind == "derived":
            if not o.recipe or not o.inputs:
                raise ValueError(f"{where}: a derived file needs a recipe and its inputs")
            unknown = [x for x in o.inputs if x not in pinned]
            if unknown:
                raise ValueError(f"{where}: inputs {unknown} are not pinned files of the table")
        if o.kind in ("yfinance", "transcribed") and not (o.recipe or o.path):
            raise ValueError(f"{where}: a {o.kind} file needs its panel (recipe) or its project path")
        check_paths(o, where)
    return rows


def by_file(rows: Sequence[Origin] | None = None) -> dict[str, Origin]:
    return {o.file: o for o in (rows if rows is not None else load())}
