"""Execute the notebooks (in place or to another folder, with parameters).

Used by ``make run``, ``make adapt``, ``make update`` and ``make bench`` through
``python -m rotation``. One runner: :func:`execute` runs one notebook without ever touching the
committed one on failure; :func:`execute_all` runs several (two processes at a time, the
scorecard last), in place or into another folder (:func:`rotation.run.update.rerun` runs it on
refreshed data; :mod:`rotation.run.site` renders the HTML). Execution
goes through papermill, so any notebook can be rerun with other parameters; afterwards the
volatile metadata papermill and nbclient add (timestamps, durations) is stripped so that a
committed notebook changes only when its content does.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

from .. import config
from ..errors import NotebookError, ParameterError, RotationError

SCORECARD = config.SCORECARD


def notebook_dir() -> Path:
    """``notebooks/`` of the repository."""
    return config.repo_root() / "notebooks"


def collection() -> list[Path]:
    """Every notebook in run order: the claim notebooks by number, the scorecard last
    (it gathers their results)."""
    return config.notebooks()


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


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in nb.cells]


def is_current(path: Path) -> bool:
    """True if the notebook's cells (type, source, tags) equal its source's; True if it has no source."""
    import jupytext

    src = config.notebook_source(path)
    if not src.is_file():
        return True
    if not path.is_file():
        return False
    return _cells(jupytext.read(src)) == _cells(nbformat.read(path, as_version=4))


def _from_source(path: Path) -> nbformat.NotebookNode:
    """The notebook with the cells of its source, paired by jupytext with the notebook's cells
    (``combine_inputs_with_outputs``, what ``jupytext --sync`` does): a cell whose input jupytext
    matches keeps its outputs and id; the notebook's metadata is kept."""
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs

    nb = jupytext.read(config.notebook_source(path))
    kernelspec = nb.metadata.get("kernelspec")  # the source's header is authoritative
    if path.is_file():
        import copy

        src = copy.deepcopy(nb)
        old = nbformat.read(path, as_version=4)
        nb = combine_inputs_with_outputs(nb, old, fmt="py:percent")
        nb.metadata = old.metadata
        for cell, s in zip(nb.cells, src.cells):  # tags are input: the source's win over a matched cell's
            if s.metadata.get("tags"):
                cell.metadata["tags"] = list(s.metadata["tags"])
    if kernelspec:
        nb.metadata["kernelspec"] = kernelspec
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault(
        "kernelspec", {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    )
    return nb


def _source_is_newer(path: Path) -> bool:
    return not (path.is_file() and path.stat().st_mtime > config.notebook_source(path).stat().st_mtime)


def sync_from_source(path: Path) -> bool:
    """Bring a notebook and its source into agreement; the newer file wins (as ``jupytext --sync``).

    A newer source rebuilds the notebook's cells with jupytext's pairing, keeping the outputs of
    the cells it matches (execute the notebook next to bring them up to date); a newer notebook
    (edited in JupyterLab without the jupytext extension) rewrites the source. Returns
    True if the notebook was rebuilt. Both files are written atomically. (:func:`execute` does
    not call this: it executes the rebuilt notebook from a temporary file and replaces the
    notebook only when the run succeeds.)
    """
    import jupytext

    from .. import io

    if is_current(path):
        return False
    if not _source_is_newer(path):
        nb = nbformat.read(path, as_version=4)
        io.write_text(config.notebook_source(path), jupytext.writes(nb, fmt="py:percent"))
        return False
    io.write_text(path, nbformat.writes(_from_source(path)) + "\n")
    return True


def _input(path: Path, workdir: Path, in_place: bool) -> Path:
    """The notebook to execute: ``path`` itself if it agrees with its source, else (newer source)
    the notebook rebuilt from the source in ``workdir``. For an in-place run a newer notebook
    first rewrites the source, as :func:`sync_from_source`."""
    if is_current(path):
        return path
    if not _source_is_newer(path):
        if in_place:
            sync_from_source(path)
        return path
    rebuilt = workdir / "input" / path.name
    rebuilt.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(_from_source(path), rebuilt)
    return rebuilt


def _claim_ids(notebook: Path) -> list[str]:
    """Claims the registry says ``notebook`` decides."""
    from ..verdicts import registry

    try:
        rel = notebook.resolve().relative_to(config.repo_root()).as_posix()
    except ValueError:
        return []
    reg = registry.registry()
    return list(reg.index[reg["notebook"] == rel])


def _results_state(folder: Path, ids: list[str]) -> str:
    """Hash of the result files ``<id>.json`` in ``folder``."""
    paths = [folder / f"{cid}.json" for cid in ids]
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths if p.is_file())).hexdigest()


def notebook_key(path: Path) -> str:
    """How results name a notebook: its path relative to the repository (``notebooks/01_x.ipynb``)."""
    path = Path(path).resolve()
    root = config.repo_root()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def failed_dir() -> Path:
    """Where a failed run leaves its partial notebook: ``build/failed/``."""
    return config.repo_root() / "build" / "failed"


def _display(path: Path) -> str:
    root = config.repo_root()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _stage(target: Path, stage: Path, notebook: Path, parameters: dict[str, Any]) -> dict[str, bytes]:
    """Copy the result files of ``target`` into ``stage`` (the kernel reads and writes there);
    declare ``parameters`` in the stage's run manifest. Returns the staged bytes per file name."""
    import json

    from ..verdicts import claims

    stage.mkdir(parents=True)
    before = {}
    if target.is_dir():
        for f in target.glob("*.json"):
            before[f.name] = f.read_bytes()
            (stage / f.name).write_bytes(before[f.name])
    declared = claims.declared_parameters(stage)
    key = notebook_key(notebook)
    if parameters or key in declared:
        declared[key] = claims._clean(parameters)
        text = json.dumps({"parameters": declared}, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        (stage / claims.RUN_MANIFEST).write_text(text)
    return before


def _commit(stage: Path, target: Path, before: dict[str, bytes]) -> list[str]:
    """Move the files the run wrote or changed from ``stage`` into ``target``, each atomically."""
    from .. import io

    changed = []
    for f in sorted(stage.glob("*.json")):
        data = f.read_bytes()
        if before.get(f.name) != data:
            io.write_bytes(target / f.name, data)
            changed.append(f.name)
    return changed


def _failure(exc: Exception, path: Path, partial: Path | None) -> NotebookError:
    """The project error for a failed run: the error raised in the kernel, its cell, and where
    the partial notebook is."""
    from papermill.exceptions import PapermillExecutionError

    from .. import io

    saved = ""
    if partial is not None and partial.is_file():
        dest = failed_dir() / path.name
        try:
            io.write_text(dest, nbformat.writes(clean(nbformat.read(partial, as_version=4))) + "\n")
            saved = f" The partial notebook is {_display(dest)}."
        except OSError as err:
            saved = f" (The partial notebook could not be saved: {err}.)"
    if isinstance(exc, PapermillExecutionError):
        evalue = str(exc.evalue).strip()
        where = f" in cell [{exc.exec_count}]" if exc.exec_count else ""
        what = f"{exc.ename}: {evalue}" if evalue else exc.ename
    else:
        where, what = "", f"{type(exc).__name__}: {str(exc).strip() or 'no message'}"
    return NotebookError(
        f"{_display(path)} failed{where}: {what}\nThe notebook and the results were left unchanged.{saved}"
    )


def check_parameters(path: Path, parameters: dict[str, Any]) -> dict[str, Any]:
    """Raise :class:`ParameterError` if a name is not in the notebook's ``parameters`` cell,
    listing the ones it has, or a number is not finite, not whole where the default is, or out
    of its declared range (:func:`rotation.run.parameters.check`); returns the checked values."""
    from ..verdicts import claims
    from . import parameters as _parameters

    if not parameters:
        return {}
    known = claims.notebook_parameters(path)
    unknown = [k for k in parameters if k not in known]
    if unknown:
        raise ParameterError(
            f"{path.name} has no parameter {', '.join(unknown)}; its parameters are "
            f"{', '.join(known) or 'none'}"
        )
    return _parameters.check(path, parameters, known)


def execute(
    path: Path,
    output: Path | None = None,
    parameters: dict[str, Any] | None = None,
    timeout: int = 600,
    max_passes: int = 1,
    reads: Path | None = None,
) -> float:
    """Execute ``path`` top to bottom, writing to ``output`` (default: in place); returns seconds.

    Nothing is lost on failure: the notebook runs in a temporary folder and its results go to a
    staging copy of the results folder (``ROTATION_RESULTS`` for the kernel); only when every
    cell succeeded is ``output`` replaced atomically and are the changed result files moved into
    :func:`rotation.config.results_dir`. A failure raises :class:`NotebookError` with the error
    raised in the kernel and leaves the partial notebook in ``build/failed/``.

    An in-place run executes the notebook rebuilt from ``notebooks/src/<name>.py`` if that is
    newer. The kernel runs in the notebook's folder so relative links behave as in JupyterLab.
    One pass: a notebook's opening summary is updated in place by its last cell
    (:func:`rotation.verdicts.claims.update_summary`), so it shows this run's verdicts without a second run.
    Non-default ``parameters`` are declared in the results folder's ``_run.json``. With ``reads``
    the kernel logs there every data file and result it reads (:mod:`rotation.reads`).
    """
    import tempfile

    from .. import io

    _sweep()
    path = Path(path).resolve()
    if not path.is_file():
        raise ParameterError(
            f"no notebook {path}; the notebooks are {', '.join(p.name for p in collection())}"
        )
    output = Path(output).resolve() if output is not None else path
    parameters = check_parameters(path, dict(parameters or {}))
    target = config.results_dir()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=RUN_PREFIX) as tmp:
        work = Path(tmp)
        (work / OWNER).write_text(f"{os.getpid()}\n")
        source = _input(path, work, in_place=output == path)
        stage = work / "results"
        before = _stage(target, stage, path, parameters)
        executed = work / "executed" / path.name
        executed.parent.mkdir()
        env = {config.ENV_RESULTS: str(stage)}
        if reads is not None:
            env[config.ENV_READS] = str(reads)
        with config.environ(env):
            _passes(path, source, executed, stage, parameters, timeout, max_passes)
        nb = clean(nbformat.read(executed, as_version=4))
        _commit(stage, target, before)
        io.write_text(output, nbformat.writes(nb) + "\n")
    return time.perf_counter() - t0


def _sweep() -> None:
    """Remove what a killed run (SIGKILL) left behind, saying so."""
    removed = sweep_stale_runs()
    if removed:
        print(
            f"removed {len(removed)} temporary folder(s) left by killed runs: {', '.join(map(str, removed))}",
            file=sys.stderr,
        )


def _passes(
    path: Path,
    source: Path,
    executed: Path,
    stage: Path,
    parameters: dict[str, Any],
    timeout: int,
    max_passes: int,
) -> None:
    """Execute ``source`` into ``executed`` up to ``max_passes`` times, until the staged results
    of the notebook's claims stop changing."""
    ids = _claim_ids(path)
    work = executed.parent.parent
    for n in range(max_passes):
        state = _results_state(stage, ids)
        _papermill(path, source, executed, parameters, timeout, work)
        if n == max_passes - 1 or _results_state(stage, ids) == state:
            break
        source = work / "executed" / f"pass-{n}-{path.name}"
        executed.replace(source)


def _papermill(
    path: Path, source: Path, executed: Path, parameters: dict[str, Any], timeout: int, work: Path
) -> None:
    """One papermill execution in the notebook's folder; a failure becomes :class:`NotebookError`,
    Ctrl-C or SIGTERM stops the kernel first."""
    import papermill as pm

    try:
        with _kernel_files_in(work):  # the kernel's connection file goes with the folder
            pm.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=timeout,
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                # every output and result file is complete when the last cell has run: stop
                # the kernel then, without the graceful shutdown's wait (about 0.3 s a run)
                shutdown_kernel="immediate",
            )
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM (Terminated): stop the kernel, then clean up
        stop_kernels(work)
        raise
    except Exception as exc:
        raise _failure(exc, path, executed if executed.is_file() else None) from None


def execute_all(
    paths: Sequence[Path],
    workers: int = 2,
    *,
    out_dir: Path | None = None,
    parameters: Mapping[Path, dict[str, Any]] | None = None,
    reads: Mapping[Path, Path] | None = None,
) -> dict[Path, float]:
    """Execute notebooks (:func:`execute` each), in place or into ``out_dir``, the claim notebooks
    ``workers`` at a time in separate processes, the scorecard after them (it reads their
    results). ``parameters`` maps a notebook path to its parameters, ``reads`` to the log of what it
    reads (see :func:`execute`). Returns seconds per output notebook.

    A failing notebook does not stop the others; the scorecard is not run if a claim notebook
    failed. Afterwards a :class:`NotebookError` lists every failure (the kernel's error each);
    its ``failures`` maps each output notebook that failed to its message."""
    from concurrent.futures import ProcessPoolExecutor

    paths = [Path(p) for p in paths]
    out = {p: (Path(out_dir).resolve() / p.name if out_dir is not None else p) for p in paths}
    params = {p: dict((parameters or {}).get(p, {})) for p in paths}
    first = [p for p in paths if p.name != SCORECARD]
    last = [p for p in paths if p.name == SCORECARD]
    times: dict[Path, float] = {}
    failures: dict[Path, str] = {}
    if first:
        with ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(first))), initializer=_worker_init
        ) as pool:
            futures = {
                p: pool.submit(_execute_in_worker, p, out[p], params[p], (reads or {}).get(p)) for p in first
            }
            workers_ = set(getattr(pool, "_processes", None) or ())
            _FORWARD.update(workers_)
            try:
                for p, fut in futures.items():
                    try:
                        times[out[p]] = fut.result()
                    except RotationError as exc:
                        failures[out[p]] = str(exc)
            except KeyboardInterrupt:  # the workers got the signal too: wait for their cleanup
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            finally:
                _FORWARD.difference_update(workers_)
    for p in last:
        if failures:
            failures[out[p]] = f"{_display(p)} not run: it gathers the results of the notebooks that failed"
            continue
        try:
            times[out[p]] = execute(p, out[p], params[p], reads=(reads or {}).get(p))
        except RotationError as exc:
            failures[out[p]] = str(exc)
    if failures:
        raise NotebookError("\n".join(failures.values()), failures=failures)
    return times


# --------------------------------------------------------------------------------------------
# signals and what a killed run leaves behind
# --------------------------------------------------------------------------------------------
#: the prefix of a run's temporary folder (holding the notebook, staged results and the kernel's
#: connection file) and the file in it naming the process that owns it
RUN_PREFIX = "rotation-run-"
OWNER = "owner"
EXIT_TERMINATED = 128 + signal.SIGTERM
_FORWARD: set[int] = set()  # worker processes a SIGTERM is passed on to
_BUSY = threading.Event()  # a worker is executing a notebook (it must clean up before exiting)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C's KeyboardInterrupt, so that every cleanup
    a Ctrl-C runs (kernel stopped, temporary folder removed, no half-written file) runs too."""


def _on_sigterm(signum, frame) -> None:
    for pid in list(_FORWARD):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    raise Terminated()


def handle_sigterm() -> None:
    """Make SIGTERM stop this process the way Ctrl-C does (from the main thread only)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm_in_worker(signum, frame) -> None:
    if _BUSY.is_set():
        raise Terminated()
    os._exit(EXIT_TERMINATED)  # idle: nothing to clean up


def _worker_init() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm_in_worker)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the workers


def _execute_in_worker(
    path: Path, output: Path, parameters: dict[str, Any], reads: Path | None = None
) -> float:
    _BUSY.set()
    try:
        return execute(path, output, parameters, reads=reads)
    except KeyboardInterrupt:  # cleaned up (kernel stopped, folder removed): leave without a traceback
        os._exit(EXIT_TERMINATED)
    finally:
        _BUSY.clear()


@contextlib.contextmanager
def _kernel_files_in(folder: Path):
    """Let jupyter_client write the kernel's connection file (a ``tempfile``) into ``folder``."""
    import tempfile

    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = before


def _processes_naming(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (a run's kernel: ``-f <folder>/tmp….json``);
    Linux only (``/proc``), else none."""
    needle = str(folder).encode()
    pids: list[int] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return pids
    for p in proc.iterdir():
        if not p.name.isdigit() or int(p.name) == os.getpid():
            continue
        try:
            if needle in (p / "cmdline").read_bytes():
                pids.append(int(p.name))
        except OSError:
            continue
    return pids


def stop_kernels(folder: Path, grace: float = 2.0) -> list[int]:
    """Stop the kernels of the run whose temporary folder is ``folder``: SIGTERM, then SIGKILL
    after ``grace`` seconds. Returns their pids."""
    pids = _processes_naming(folder)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _alive(p)]
    for pid in alive:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (dead, not yet reaped) is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def sweep_stale_runs(max_age_without_owner: float = 86400.0) -> list[Path]:
    """Remove the temporary folders of runs that were killed (SIGKILL, power loss): a
    ``rotation-run-*`` folder of this user whose owner process is gone (or, without an owner
    file, older than ``max_age_without_owner`` seconds), after stopping any kernel still naming it.
    Returns the folders removed."""
    import tempfile

    removed = []
    for d in sorted(Path(tempfile.gettempdir()).glob(RUN_PREFIX + "*")):
        try:
            if d.is_symlink() or not d.is_dir() or d.stat().st_uid != os.getuid():
                continue
            owner = d / OWNER
            if owner.is_file():
                text = owner.read_text().strip()
                stale = not (text.isdigit() and _alive(int(text)))
            else:
                stale = time.time() - d.stat().st_mtime > max_age_without_owner
        except OSError:
            continue
        if stale:
            stop_kernels(d)
            shutil.rmtree(d, ignore_errors=True)
            if not d.exists():
                removed.append(d)
    return removed


# --------------------------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------------------------
def has_parameter(notebook: Path, name: str) -> bool:
    """True if the notebook's ``parameters`` cell assigns ``name``."""
    pattern = re.compile(rf"^{re.escape(name)}\s*=", flags=re.M)
    nb = nbformat.read(notebook, as_version=4)
    return any("parameters" in c.metadata.get("tags", []) and pattern.search(c.source) for c in nb.cells)
