"""nbval re-executes the committed notebooks; their ``record`` calls write ``results/<id>.json``.

A test run must leave the committed tree untouched (``git status`` clean), so the kernels write into
a temporary copy of ``results/`` (``ROTATION_RESULTS``, inherited by every kernel nbval starts):
the notebooks read the committed verdicts from it and any result they would change stays there.
The copy is removed when the run ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config) -> None:
    if not getattr(config.option, "nbval", False) or os.environ.get("ROTATION_RESULTS"):
        return
    tmp = Path(tempfile.mkdtemp(prefix="rotation-nbval-"))
    shutil.copytree(_ROOT / "results", tmp / "results")
    os.environ["ROTATION_RESULTS"] = str(tmp / "results")
    config._rotation_nbval_tmp = tmp  # type: ignore[attr-defined]


def pytest_unconfigure(config) -> None:
    tmp = getattr(config, "_rotation_nbval_tmp", None)
    if tmp is not None:
        os.environ.pop("ROTATION_RESULTS", None)
        shutil.rmtree(tmp, ignore_errors=True)
