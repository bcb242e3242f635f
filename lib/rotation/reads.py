"""What a notebook reads, noted at run time for the execution cache (:mod:`rotation.run.runcache`).

The runner sets ``ROTATION_READS`` to a log file for the kernel; the data layer's loaders (market-data
files of every source, the project's ``data/*.csv``, the S&P workbooks) and the results reader call
:func:`note` with each file they open, and :func:`note_result` with each claim result they read. Each
distinct entry is appended once per process, one line each (``file<TAB>absolute path`` or
``result<TAB>claim id``). Without ``ROTATION_READS`` nothing is written (notebooks opened in
JupyterLab, nbval, the tests).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from . import config

_seen: set[tuple[str, str]] = set()
_quiet: list[bool] = []


@contextlib.contextmanager
def unnoted() -> Iterator[None]:
    """Reads inside this block are not noted: for lookups whose answer cannot change a result, only
    stop the run (:func:`rotation.inputs.data.known_tickers` reads every panel's tickers to reject an unknown
    one; a ticker a notebook uses is read, and noted, from its own panel)."""
    _quiet.append(True)
    try:
        yield
    finally:
        _quiet.pop()


def _append(kind: str, value: str) -> None:
    log = os.environ.get(config.ENV_READS)
    if not log or _quiet or (log, f"{kind}\t{value}") in _seen:
        return
    _seen.add((log, f"{kind}\t{value}"))
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"{kind}\t{value}\n")


def note(path: str | Path) -> None:
    """Note that a data file (market data, a project CSV, a workbook) was read."""
    if os.environ.get(config.ENV_READS):
        _append("file", os.path.abspath(path))  # symlinks kept: a file is named by its data folder


def note_result(claim_id: str) -> None:
    """Note that the result of ``claim_id`` (``results/<id>.json``) was read."""
    _append("result", claim_id)


def read_log(path: Path) -> tuple[list[Path], list[str]]:
    """The files and the claim results a log names, each once, in order of first reading."""
    files: dict[str, None] = {}
    results: dict[str, None] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, _, value = line.partition("\t")
            if kind == "file" and value:
                files[value] = None
            elif kind == "result" and value:
                results[value] = None
    return [Path(f) for f in files], list(results)
