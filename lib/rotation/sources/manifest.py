"""A data folder's ``MANIFEST.csv``: which files it holds, verified, and where each came from.

One row per file (``file, bytes, sha256, source, fetched_at``), written atomically and last by
:func:`rotation.sources.fetch.fetch`, so it lists only verified files. :func:`missing` and
:func:`is_complete` tell a complete folder from a partial one against ``data/origins.csv``;
:func:`entry` and :func:`source_of` make a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from . import origins
from .download import sha256_of
from .origins import Origin

MANIFEST = "MANIFEST.csv"
MANIFEST_COLUMNS = ("file", "bytes", "sha256", "source", "fetched_at")


def read_manifest(folder: Path) -> pd.DataFrame:
    """The folder's ``MANIFEST.csv`` (empty frame with the columns if there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return pd.DataFrame(columns=list(MANIFEST_COLUMNS))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_manifest(folder: Path, entries: Sequence[dict[str, Any]]) -> Path:
    """Write ``MANIFEST.csv`` atomically (:func:`rotation.io.write_bytes`: temporary file, fsync,
    rename)."""
    df = pd.DataFrame(list(entries), columns=list(MANIFEST_COLUMNS)).sort_values("file", kind="stable")
    path = folder / MANIFEST
    io.write_bytes(path, df.to_csv(index=False, lineterminator="\n").encode())
    return path


def missing(folder: Path, rows: Sequence[Origin] | None = None, *, verify: bool = True) -> list[str]:
    """Files of ``data/origins.csv`` that the folder's manifest does not vouch for: not listed,
    absent, of another size, or (``verify``) of another sha256 than listed; pinned files must
    also have the sha256 of the origins table."""
    rows = list(rows) if rows is not None else origins.load()
    listed = read_manifest(folder).set_index("file") if (folder / MANIFEST).is_file() else None
    out = []
    for o in rows:
        path = folder / o.file
        if listed is None or o.file not in listed.index or not path.is_file():
            out.append(o.file)
            continue
        row = listed.loc[o.file]
        if str(path.stat().st_size) != str(row["bytes"]):
            out.append(o.file)
        elif verify and (
            sha256_of(path) != row["sha256"] or (o.kind == "pinned" and row["sha256"] != o.sha256)
        ):
            out.append(o.file)
    return out


def is_complete(folder: Path, rows: Sequence[Origin] | None = None, *, verify: bool = True) -> bool:
    """True if ``folder`` holds every file of ``data/origins.csv`` as its ``MANIFEST.csv`` lists
    it (a partly fetched folder, or one without a manifest, is not complete)."""
    return not missing(folder, rows, verify=verify)


def entry(folder: Path, file: str, source: str, when: str) -> dict[str, Any]:
    """The manifest row of ``folder / file`` as it is now: its size and sha256, ``source`` and
    ``fetched_at`` (``when``)."""
    path = folder / file
    return {
        "file": file,
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
        "source": source,
        "fetched_at": when,
    }


def source_of(o: Origin) -> str:
    """The manifest's ``source`` of a file of ``data/origins.csv``: where it came from."""
    if o.kind == "pinned":
        return o.copy
    if o.kind == "derived":
        return f"derived: rotation.sources.derive.{o.recipe} from {len(o.inputs)} pinned file(s)"
    if o.kind == "transcribed":
        return f"transcribed: the project's {o.path}"
    return f"yfinance (live, panel {o.recipe})"


def fetched_at(previous: pd.DataFrame, file: str, default: str) -> str:
    """When ``file`` was fetched according to the manifest ``previous`` (indexed by ``file``), else
    ``default``."""
    return str(previous.loc[file, "fetched_at"]) if file in previous.index else default
