"""Where things are: the repository, the market-data sources, the user cache.

The data layer is the only consumer of these paths. Order of market-data sources:

1. the directory named by the environment variable ``ROTATION_DATA``, when set;
2. with ``ROTATION_PREFER_CACHE=1`` (set by ``make update``), the user cache filled by
   ``python -m rotation refresh``, then the snapshot;
3. otherwise the snapshot ``../shared/data`` beside the repository, then the user cache.

Each file is taken from the first source that has it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

ENV_DATA = "ROTATION_DATA"
ENV_CACHE = "ROTATION_CACHE"
ENV_PREFER_CACHE = "ROTATION_PREFER_CACHE"
ENV_RESULTS = "ROTATION_RESULTS"
ENV_DEBUG = "ROTATION_DEBUG"
ENV_ROOT = "ROTATION_ROOT"  # the repository, where it is not the checkout the package lives in
ENV_READS = "ROTATION_READS"  # the log of the files a notebook reads (rotation.reads)

#: the command line as it works from the repository's root, written in every message that names a
#: command (a bare ``python`` is often another interpreter without the project installed)
CLI = ".venv/bin/python -m rotation"
FETCH_COMMAND = f"{CLI} refresh"


def repo_root() -> Path:
    """The repository root: ``$ROTATION_ROOT`` when set (a copy of the repository, a test's
    temporary project), else the checkout this package lives in (``lib/rotation/`` of it). Only a
    package installed outside any checkout looks for ``data/claims.csv`` and ``pyproject.toml``
    above the working directory."""
    from .errors import DataNotFoundError

    if os.environ.get(ENV_ROOT):
        root = Path(os.environ[ENV_ROOT]).resolve()
        if not (root / "data" / "claims.csv").is_file():
            raise DataNotFoundError(f"{ENV_ROOT}={root} holds no data/claims.csv; point it at the repository")
        return root
    here = Path(__file__).resolve().parents[2]
    if (here / "data" / "claims.csv").is_file():
        return here
    for base in (Path.cwd(), *Path.cwd().parents):
        if (base / "data" / "claims.csv").is_file() and (base / "pyproject.toml").is_file():
            return base
    raise DataNotFoundError(
        "cannot find the rotation repository (a folder with data/claims.csv and pyproject.toml): "
        f"set {ENV_ROOT}, or run from inside the repository"
    )


def project_data_dir() -> Path:
    """The repository's own facts: claim registry, universes, hand-entered published figures."""
    return repo_root() / "data"


def notebook_source(notebook: str | Path) -> Path:
    """The jupytext (py:percent) source of a notebook, ``notebooks/src/<name>.py`` beside
    ``notebooks/<name>.ipynb``: the file one edits and reviews (a relative path is taken from the
    repository's root)."""
    path = Path(notebook)
    path = path if path.is_absolute() else repo_root() / path
    return path.parent / "src" / f"{path.stem}.py"


#: the notebook that gathers the claim notebooks' results, run after them
SCORECARD = "00_scorecard.ipynb"


def notebooks() -> list[Path]:
    """Every notebook of ``notebooks/`` in run order: the claim notebooks by number, the scorecard
    last (it gathers their results)."""
    paths = sorted((repo_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if p.name != SCORECARD] + [p for p in paths if p.name == SCORECARD]


def results_dir() -> Path:
    """Where notebooks write ``<claim id>.json`` verdicts: ``results/`` of the repository, or
    the directory named by ``ROTATION_RESULTS`` (adapted runs write there, not over the
    committed results)."""
    env = os.environ.get(ENV_RESULTS)
    if not env:
        return repo_root() / "results"
    path = Path(env).expanduser()
    if path.exists() and not path.is_dir():
        from .errors import ParameterError

        raise ParameterError(
            f"{ENV_RESULTS}={env} is a file, not a folder: point {ENV_RESULTS} at a folder for the "
            "results (it is created if missing), or unset it to use results/ of the repository"
        )
    return path


def snapshot_dir() -> Path:
    """The default market-data snapshot: ``../shared/data`` beside the repository."""
    return (repo_root().parent / "shared" / "data").resolve()


def cache_dir() -> Path:
    """The user cache that the refresh (``python -m rotation refresh``) writes (``ROTATION_CACHE`` overrides it)."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("rotation", appauthor=False)) / "data"


def data_sources() -> list[Path]:
    """Market-data directories in the order they are searched (see the module docstring)."""
    env = os.environ.get(ENV_DATA)
    if env:
        return [Path(env).expanduser()]
    snapshot, cache = snapshot_dir(), cache_dir()
    if os.environ.get(ENV_PREFER_CACHE) == "1":
        return [cache, snapshot]
    return [snapshot, cache]


@contextlib.contextmanager
def environ(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for a block (kernels started in it inherit them) and restore
    them afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
