"""Execute the notebooks (in place or to another folder, with parameters) and render HTML.

Used by ``make run``, ``make adapt`` and ``make bench`` through ``python -m rotation``. Execution
goes through papermill, so any notebook can be rerun with other parameters; afterwards the
volatile metadata papermill and nbclient add (timestamps, durations) is stripped so that a
committed notebook changes only when its content does.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import nbformat

from . import config

SCORECARD = "00_scorecard.ipynb"


def notebook_dir() -> Path:
    """``notebooks/`` of the repository."""
    return config.repo_root() / "notebooks"


def collection() -> list[Path]:
    """Every notebook in run order: the claim notebooks by number, the scorecard last
    (it gathers their results)."""
    paths = sorted(notebook_dir().glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if p.name != SCORECARD] + [p for p in paths if p.name == SCORECARD]


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop volatile metadata (papermill's and nbclient's execution timestamps and durations)."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("papermill", None)
    return nb


def source_of(path: Path) -> Path:
    """The jupytext (py:percent) source of a notebook: ``notebooks/src/<name>.py``.

    The source is what one edits and reviews; the ``.ipynb`` beside it is built from it and
    carries the outputs."""
    return path.parent / "src" / f"{path.stem}.py"


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in nb.cells]


def is_current(path: Path) -> bool:
    """True if the notebook's cells (type, source, tags) equal its source's; True if it has no source."""
    import jupytext

    src = source_of(path)
    if not src.is_file():
        return True
    if not path.is_file():
        return False
    return _cells(jupytext.read(src)) == _cells(nbformat.read(path, as_version=4))


def sync_from_source(path: Path) -> bool:
    """Bring a notebook and its source into agreement; the newer file wins (as ``jupytext --sync``).

    A newer source rebuilds the notebook's cells (outputs dropped: execute it next); a newer
    notebook (edited in JupyterLab without the jupytext extension) rewrites the source. Returns
    True if the notebook was rebuilt.
    """
    import jupytext

    src = source_of(path)
    if is_current(path):
        return False
    if path.is_file() and path.stat().st_mtime > src.stat().st_mtime:
        jupytext.write(nbformat.read(path, as_version=4), src, fmt="py:percent")
        return False
    nb = jupytext.read(src)
    if path.is_file():
        nb.metadata = nbformat.read(path, as_version=4).metadata
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("kernelspec", {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"})
    nbformat.write(nb, path)
    return True


def _results_state(notebook: Path) -> str:
    """Hash of the result files of the claims that ``notebook`` decides (per the registry)."""
    from . import claims

    try:
        rel = notebook.resolve().relative_to(config.repo_root()).as_posix()
    except ValueError:
        return ""
    reg = claims.registry()
    paths = [config.results_dir() / f"{cid}.json" for cid in reg.index[reg["notebook"] == rel]]
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths if p.is_file())).hexdigest()


def execute(path: Path, output: Path | None = None, parameters: dict[str, Any] | None = None,
            timeout: int = 600, max_passes: int = 2) -> float:
    """Execute ``path`` top to bottom, writing to ``output`` (default: in place); returns seconds.

    An in-place run first rebuilds the notebook from ``notebooks/src/<name>.py`` if that changed.
    The kernel runs in ``notebooks/`` so relative links behave as in JupyterLab. If the run
    changed its claims' ``results/*.json`` the notebook is executed once more (``max_passes=2``),
    so that its opening summary (read from the saved results) shows the verdicts of this run.
    """
    import papermill as pm

    if output is None or output == path:
        sync_from_source(path)
    output = output or path
    output.parent.mkdir(parents=True, exist_ok=True)
    source = path
    t0 = time.perf_counter()
    for _ in range(max_passes):
        before = _results_state(source)
        pm.execute_notebook(str(path), str(output), parameters=parameters or {}, kernel_name="python3",
                            cwd=str(path.parent), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, execution_timeout=timeout,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
        nb = clean(nbformat.read(output, as_version=4))
        nbformat.write(nb, output)
        if _results_state(source) == before:
            break
        path = output
    return time.perf_counter() - t0


def execute_all(paths: list[Path], workers: int = 2) -> dict[Path, float]:
    """Execute notebooks in place, the claim notebooks ``workers`` at a time, the scorecard
    after them (it reads their results). Returns seconds per notebook."""
    from concurrent.futures import ProcessPoolExecutor

    first = [p for p in paths if p.name != SCORECARD]
    last = [p for p in paths if p.name == SCORECARD]
    times: dict[Path, float] = {}
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for p, secs in zip(first, pool.map(execute, first)):
            times[p] = secs
    for p in last:
        times[p] = execute(p)
    return times


# --------------------------------------------------------------------------------------------
# HTML (see rotation.site)
# --------------------------------------------------------------------------------------------
def to_html(path: Path, outdir: Path) -> Path:
    """Render one executed notebook to ``outdir/<name>.html`` (:func:`rotation.site.to_html`)."""
    from . import site

    return site.to_html(path, outdir)


def build_site(paths: list[Path], outdir: Path) -> Path:
    """HTML page per notebook plus the landing page ``index.html`` (:func:`rotation.site.build_site`)."""
    from . import site

    return site.build_site(paths, outdir)
