"""The execution cache of ``python -m rotation run``: a notebook is re-executed only when its key changed.

A notebook's **key** is the sha256 of everything its outputs depend on:

- ``source``: its jupytext source ``notebooks/src/<name>.py`` (the parameters cell's defaults with it);
- ``parameters``: the parameters the run injected (none for ``make run``);
- ``package``: every ``*.py`` of the ``rotation`` package that runs it;
- ``lock``: ``requirements.lock``, every installed version;
- ``registry``: the registry rows it concludes, per claim (its ``data/claims.csv`` row and that claim's
  ``data/claim_figures.csv`` rows);
- ``data``: the bytes of each market-data file it read (relative to its data folder: which file the data
  layer would read now), ``project``: each other file of ``data/`` it read;
- ``results``: the results of other notebooks' claims it read (the scorecard reads them all).

What a notebook reads is noted by the data layer in the kernel (:mod:`rotation.reads`), so the key names
the files of the run, not a declared list. Unlike jupyter-cache, which keys on the code cells only, a
change of a data file's bytes re-executes exactly the notebooks that read it.

The key is recorded after a successful run, with the sha256 of what the run wrote (``outputs``: the
notebook and its results, so an edit of either is seen), in ``results/.keys/<name>.json`` beside the
results (committed with them; deterministic: an unchanged rerun writes the same bytes). :func:`status`
compares the recorded key with the present one and says why a notebook is stale, or why it is up to
date. Files of a data folder are hashed once per (path, size, mtime) (``build/cache/sha256.json``), or
taken from the folder's ``MANIFEST.csv`` when the file has the listed size and is not newer than the
manifest. Nothing here imports pandas, nbformat or a kernel: with nothing changed, ``run`` takes well
under a second.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config, reads

KEYS = ".keys"
KEY_VERSION = 1
LOCK = "requirements.lock"
REGISTRY_FILES = ("claims.csv", "claim_figures.csv")
MANIFEST = "MANIFEST.csv"
#: a file this much newer than its folder's MANIFEST.csv (ns) is hashed instead of trusted
MANIFEST_SLACK_NS = 2_000_000_000


def keys_dir() -> Path:
    """Where the keys are recorded: ``results/.keys/`` (of :func:`rotation.config.results_dir`)."""
    return config.results_dir() / KEYS


def key_path(notebook: Path) -> Path:
    return keys_dir() / f"{Path(notebook).stem}.json"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _abs(path: str | Path) -> Path:
    """An absolute path, symlinks kept (as :func:`rotation.reads.note` names files)."""
    return Path(os.path.abspath(path))


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


# --------------------------------------------------------------------------------------------
# hashing, once per run
# --------------------------------------------------------------------------------------------
class Hasher:
    """sha256 of files, each computed once per :class:`Hasher`; a data-folder file through its
    folder's manifest or the memo of earlier runs (``build/cache/sha256.json``: path, size and mtime ->
    sha256)."""

    def __init__(self, memo: Path | None = None):
        self.memo_path = memo
        self.memo: dict[str, list] = {}
        if memo is not None and memo.is_file():
            try:
                self.memo = dict(json.loads(memo.read_text()))
            except (ValueError, TypeError):
                self.memo = {}
        self._dirty = False
        self._manifests: dict[Path, tuple[int, dict[str, tuple[int, str]]]] = {}
        self._done: dict[Path, str | None] = {}

    def file(self, path: Path) -> str | None:
        """sha256 of a small file (read whole), None if it is missing."""
        if path not in self._done:
            try:
                self._done[path] = sha256_bytes(path.read_bytes())
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                self._done[path] = None
        return self._done[path]

    def data_file(self, path: Path, base: Path | None = None) -> str | None:
        """sha256 of a data file of the folder ``base`` (manifest, memo or read), None if missing."""
        if path in self._done:
            return self._done[path]
        try:
            st = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            self._done[path] = None
            return None
        key = str(path)
        m = self.memo.get(key)
        if m and m[0] == st.st_size and m[1] == st.st_mtime_ns:
            sha = str(m[2])
        else:
            sha = self._from_manifest(path, st, base) or sha256_file(path)
            self.memo[key] = [st.st_size, st.st_mtime_ns, sha]
            self._dirty = True
        self._done[path] = sha
        return sha

    def _from_manifest(self, path: Path, st, base: Path | None) -> str | None:
        if base is None or not path.is_relative_to(base):
            return None
        if base not in self._manifests:
            rows: dict[str, tuple[int, str]] = {}
            mtime = -1
            man = base / MANIFEST
            try:
                mtime = man.stat().st_mtime_ns
                with open(man, newline="", encoding="utf-8") as fh:
                    for r in csv.DictReader(fh):
                        if r.get("file") and r.get("sha256") and (r.get("bytes") or "").isdigit():
                            rows[r["file"]] = (int(r["bytes"]), r["sha256"])
            except (OSError, csv.Error):
                rows = {}
            self._manifests[base] = (mtime, rows)
        mtime, rows = self._manifests[base]
        row = rows.get(path.relative_to(base).as_posix())
        if row and row[0] == st.st_size and st.st_mtime_ns <= mtime + MANIFEST_SLACK_NS:
            return row[1]
        return None

    def save(self) -> None:
        """Write the memo (atomically) if it learned something."""
        if self.memo_path is None or not self._dirty:
            return
        from .. import io

        try:
            io.write_text(self.memo_path, json.dumps(self.memo, sort_keys=True) + "\n")
        except OSError:  # a read-only build folder costs only speed
            pass
        self._dirty = False


# --------------------------------------------------------------------------------------------
# the parts of a key
# --------------------------------------------------------------------------------------------
def package_dir() -> Path:
    """The ``rotation`` package that executes the notebooks (this one; the folder of its ``config``,
    which stays at the package's top whichever layer folder this module is in)."""
    return Path(config.__file__).resolve().parent


def package_sha(pkg: Path | None = None) -> str:
    """sha256 over every ``*.py`` of the package, by relative path."""
    pkg = pkg or package_dir()
    h = hashlib.sha256()
    for p in sorted(pkg.rglob("*.py")):
        if "__pycache__" in p.parts:
            continue
        h.update(p.relative_to(pkg).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:  # a row's surplus fields are kept under ""
        return [{str(k or ""): v for k, v in r.items()} for r in csv.DictReader(fh)]


@dataclass
class Context:
    """What every notebook's key shares in one run: the repository, the package's and the lock's
    sha256, the registry, the data sources, and the :class:`Hasher`."""

    root: Path
    hasher: Hasher
    package: str
    lock: str | None
    claims: list[dict[str, str]]
    figures: list[dict[str, str]]
    sources: list[Path]
    python: str = field(default_factory=lambda: f"{sys.version_info.major}.{sys.version_info.minor}")

    @classmethod
    def now(cls, root: Path | None = None, pkg: Path | None = None) -> Context:
        root = root or config.repo_root()
        hasher = Hasher(root / "build" / "cache" / "sha256.json")
        data = config.project_data_dir()
        return cls(
            root=root,
            hasher=hasher,
            package=package_sha(pkg),
            lock=hasher.file(root / LOCK),
            claims=_csv_rows(data / "claims.csv"),
            figures=_csv_rows(data / "claim_figures.csv"),
            sources=[_abs(s) for s in config.data_sources()],
        )

    def claim_ids(self, notebook: Path) -> list[str]:
        """Claims the registry says ``notebook`` concludes."""
        rel = _rel(_abs(notebook), _abs(self.root))
        return [r["id"] for r in self.claims if r.get("notebook") == rel]

    def registry_rows(self, notebook: Path) -> dict[str, str]:
        """sha256 per claim ``notebook`` concludes: its claims.csv row with that claim's figure rows."""
        out = {}
        for cid in self.claim_ids(notebook):
            row = next(r for r in self.claims if r["id"] == cid)
            figs = [f for f in self.figures if f.get("claim") == cid]
            out[cid] = sha256_bytes(json.dumps([row, figs], sort_keys=True).encode())
        return out

    def data_sha(self, rel: str) -> str | None:
        """sha256 of the data file ``rel`` the data layer would read now (first source that has it)."""
        for base in self.sources:
            path = base / rel
            if path.is_file():
                return self.hasher.data_file(path, base)
        return None

    def project_sha(self, rel: str) -> str | None:
        return self.hasher.file(self.root / rel)

    def result_sha(self, claim_id: str) -> str | None:
        return self.hasher.file(config.results_dir() / f"{claim_id}.json")

    def source_sha(self, notebook: Path) -> str | None:
        src = config.notebook_source(notebook)
        return self.hasher.file(src if src.is_file() else Path(notebook))


def _clean(x: Any) -> Any:
    return json.loads(json.dumps(x, sort_keys=True, default=str))


def static_inputs(nb: Path, ctx: Context, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """The parts of the key known before a run: source, parameters, package, lock, registry rows."""
    return {
        "source": ctx.source_sha(nb),
        "parameters": _clean(parameters or {}),
        "package": ctx.package,
        "lock": ctx.lock,
        "python": ctx.python,
        "registry": ctx.registry_rows(nb),
    }


def read_inputs(nb: Path, ctx: Context, files: Sequence[Path], results: Sequence[str]) -> dict[str, Any]:
    """The parts of the key a run's reads give: each data file (by its path in its data folder), each
    other project file, each result of another notebook's claims, with their sha256 now."""
    own = set(ctx.claim_ids(nb))
    root = _abs(ctx.root)
    data_dir, res_dir = root / "data", _abs(config.results_dir())
    data: dict[str, str | None] = {}
    project: dict[str, str | None] = {}
    other: dict[str, str | None] = {}
    for f in files:
        f = _abs(f)
        if f.is_relative_to(data_dir):
            rel = _rel(f, root)
            if own and f.name in REGISTRY_FILES and f.parent == data_dir:
                continue  # its own rows are the key's `registry`
            project[rel] = ctx.project_sha(rel)
        elif f.is_relative_to(res_dir):
            continue
        elif base := next((b for b in ctx.sources if f.is_relative_to(b)), None):
            rel = f.relative_to(base).as_posix()
            data[rel] = ctx.data_sha(rel)
        else:
            other[str(f)] = ctx.hasher.data_file(f)
    used = {cid: ctx.result_sha(cid) for cid in results if cid not in own}
    out: dict[str, Any] = {
        "data": dict(sorted(data.items())),
        "project": dict(sorted(project.items())),
        "results": dict(sorted(used.items())),
    }
    if other:
        out["other"] = dict(sorted(other.items()))
    return out


def outputs(nb: Path, ctx: Context) -> dict[str, Any]:
    """sha256 of what a run of ``nb`` leaves: the notebook and its claims' result files."""
    return {
        "notebook": sha256_bytes(Path(nb).read_bytes()) if Path(nb).is_file() else None,
        "results": {cid: ctx.result_sha(cid) for cid in ctx.claim_ids(nb)},
    }


def key_text(nb: Path, ctx: Context, inputs: dict[str, Any]) -> str:
    """The recorded key of ``nb`` (JSON) after its run: ``inputs`` and the ``outputs`` now."""
    ctx.hasher._done.clear()  # the run wrote files: hash them afresh
    doc = {
        "version": KEY_VERSION,
        "notebook": _rel(Path(nb).resolve(), ctx.root),
        "inputs": inputs,
        "outputs": outputs(nb, ctx),
        "defaults": defaults(nb),  # shown when the source changes; not compared (the source is)
    }
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def record(nb: Path, ctx: Context, inputs: dict[str, Any]) -> Path:
    """Write ``results/.keys/<name>.json`` (only if it changed)."""
    from .. import io

    path = key_path(nb)
    text = key_text(nb, ctx, inputs)
    if not path.is_file() or path.read_text() != text:
        io.write_text(path, text)
    return path


def recorded(nb: Path) -> dict[str, Any] | None:
    path = key_path(nb)
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text())
    except ValueError:
        return None
    return doc if isinstance(doc, dict) and doc.get("version") == KEY_VERSION else None


# --------------------------------------------------------------------------------------------
# up to date or stale, and why
# --------------------------------------------------------------------------------------------
@dataclass
class Status:
    notebook: Path
    stale: bool
    why: list[str]  # what changed (stale), or what was compared (up to date)
    reads_results: bool = False  # its key names other notebooks' results: it runs after them

    def line(self, root: Path) -> str:
        name = _rel(self.notebook, root)
        if self.stale:
            more = f" (+{len(self.why) - 3} more)" if len(self.why) > 3 else ""
            return f"stale       {name}: {'; '.join(self.why[:3])}{more}"
        return f"up to date  {name}: {', '.join(self.why)} unchanged"


def _changed(what: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    for k in sorted(set(old) | set(new)):
        if k not in new or new[k] is None:
            out.append(f"{what} {k} is gone")
        elif k not in old:
            out.append(f"{what} {k} is new")
        elif old[k] != new[k]:
            out.append(f"{what} {k} changed")
    return out


def defaults(nb: Path) -> dict[str, Any] | None:
    """The default values of the notebook's parameters cell (None if it cannot be read)."""
    from ..verdicts import claims

    try:
        return _clean(claims.notebook_parameters(nb))
    except (OSError, SyntaxError, ValueError, NameError, TypeError):
        return None


def _source_change(nb: Path, recorded_defaults: dict[str, Any] | None) -> str:
    """What changed in the source, for the message: the parameters whose defaults changed, if any."""
    src = config.notebook_source(nb)
    what = f"source {_rel(src, config.repo_root())} changed"
    now = defaults(nb)
    if recorded_defaults is None or now is None or now == recorded_defaults:
        return what
    names = [k for k in {**recorded_defaults, **now} if recorded_defaults.get(k) != now.get(k)]
    shown = ", ".join(f"{k} {recorded_defaults.get(k)!r} -> {now.get(k)!r}" for k in names[:3])
    return f"{what} (parameters {shown})"


def status(nb: Path, ctx: Context, parameters: dict[str, Any] | None = None) -> Status:
    """Whether ``nb`` must run: its recorded key against the present one (see the module docstring)."""
    nb = Path(nb)
    key = recorded(nb)
    if key is None:
        missing = (
            "no key recorded" if not key_path(nb).is_file() else "its key file is damaged or of an older kind"
        )
        return Status(nb, True, [f"{missing} ({_rel(key_path(nb), ctx.root)})"])
    inputs, outs = key.get("inputs", {}), key.get("outputs", {})
    reads_results = bool(inputs.get("results"))
    why: list[str] = []
    now = static_inputs(nb, ctx, parameters)
    if now["source"] != inputs.get("source"):
        why.append(_source_change(nb, key.get("defaults")))
    if now["parameters"] != inputs.get("parameters"):
        why.append(f"parameters {now['parameters']} (recorded {inputs.get('parameters')})")
    if now["package"] != inputs.get("package"):
        why.append("package lib/rotation changed")
    if now["lock"] != inputs.get("lock"):
        why.append(f"{LOCK} changed")
    if now["python"] != inputs.get("python"):
        why.append(f"Python {now['python']} (recorded {inputs.get('python')})")
    why += _changed("registry row", inputs.get("registry", {}), now["registry"])
    why += _changed("data file", inputs.get("data", {}), {k: ctx.data_sha(k) for k in inputs.get("data", {})})
    why += _changed(
        "project file", inputs.get("project", {}), {k: ctx.project_sha(k) for k in inputs.get("project", {})}
    )
    why += _changed(
        "result", inputs.get("results", {}), {k: ctx.result_sha(k) for k in inputs.get("results", {})}
    )
    why += _changed(
        "file", inputs.get("other", {}), {k: ctx.hasher.data_file(Path(k)) for k in inputs.get("other", {})}
    )
    out_now = outputs(nb, ctx)
    if out_now["notebook"] != outs.get("notebook"):
        why.append(f"{_rel(nb, ctx.root)} changed since its run")
    why += [
        w.replace("result ", "its result ").replace(" changed", " changed since its run")
        for w in _changed("result", outs.get("results", {}), out_now["results"])
    ]
    if why:
        return Status(nb, True, why, reads_results)
    n_reg, n_data = len(now["registry"]), len(inputs.get("data", {}))
    n_proj, n_res = len(inputs.get("project", {})), len(inputs.get("results", {}))
    parts = ["source", "package", "lock"]
    parts += [f"{n_reg} registry row{'s' * (n_reg != 1)}"] if n_reg else []
    parts += [f"{n_data} data file{'s' * (n_data != 1)}"] if n_data else []
    parts += [f"{n_proj} project file{'s' * (n_proj != 1)}"] if n_proj else []
    parts += [f"{n_res} result{'s' * (n_res != 1)} read"] if n_res else []
    return Status(nb, False, parts, reads_results)


# --------------------------------------------------------------------------------------------
# a cached run
# --------------------------------------------------------------------------------------------
Executor = Callable[..., dict[Path, float]]


@dataclass
class Outcome:
    executed: dict[Path, float]
    up_to_date: list[Path]
    failed: dict[Path, str]


def run(
    paths: Sequence[Path],
    *,
    workers: int = 2,
    force: bool = False,
    say: Callable[[str], None] = print,
    execute_all: Executor | None = None,
    ctx: Context | None = None,
) -> Outcome:
    """Execute the stale notebooks of ``paths`` (all with ``force``), record their keys, and say, one
    line each, which are up to date and why. The claim notebooks run first (``workers`` at a time);
    the scorecard, and any notebook whose key names other notebooks' results, are judged after them,
    against the results they left. ``execute_all`` is :func:`rotation.run.notebooks.execute_all` (a test
    passes its own). A failure leaves the keys of the failed notebooks as they were and raises
    :class:`~rotation.errors.NotebookError` after the others ran."""
    from ..errors import NotebookError

    ctx = ctx or Context.now()
    paths = [Path(p).resolve() for p in paths]
    out = Outcome({}, [], {})
    job = _Job(ctx, workers, force, say, execute_all, out)
    first = [p for p in paths if p.name != config.SCORECARD]
    statuses = {p: status(p, ctx) for p in first}
    later = [p for p in first if statuses[p].reads_results] + [p for p in paths if p.name == config.SCORECARD]
    job.phase([p for p in first if p not in later], statuses)
    if later and out.failed:
        for p in later:
            out.failed[p] = (
                f"{_rel(p, ctx.root)} not run: it gathers the results of the notebooks that failed"
            )
    elif later:
        ctx.hasher._done.clear()  # results were rewritten
        job.phase(later, {p: status(p, ctx) for p in later})
    ctx.hasher.save()
    if out.failed:
        raise NotebookError("\n".join(out.failed.values()), failures=out.failed)
    return out


@dataclass
class _Job:
    """One :func:`run`: its settings and the :class:`Outcome` it fills, phase by phase."""

    ctx: Context
    workers: int
    force: bool
    say: Callable[[str], None]
    execute_all: Executor | None
    out: Outcome

    def phase(self, group: list[Path], statuses: dict[Path, Status]) -> None:
        """Say each notebook's status, execute the stale ones (all with ``force``), record their keys."""
        todo = [p for p in group if self.force or statuses[p].stale]
        for p in group:
            if self.force:
                self.say(f"forced      {_rel(p, self.ctx.root)}")
            else:
                self.say(statuses[p].line(self.ctx.root))
                if not statuses[p].stale:
                    self.out.up_to_date.append(p)
        if todo:
            self._execute(todo)

    def _execute(self, todo: list[Path]) -> None:
        import tempfile

        from ..errors import NotebookError

        inputs = {p: static_inputs(p, self.ctx) for p in todo}
        if self.execute_all is None:  # imported only when something runs: nbformat alone takes 0.5 s
            from .notebooks import execute_all as run_all
        else:
            run_all = self.execute_all
        with tempfile.TemporaryDirectory(prefix="rotation-reads-") as tmp:
            logs = {p: Path(tmp) / f"{p.stem}.log" for p in todo}
            try:
                times, errors = run_all(todo, self.workers, reads=logs), {}
            except NotebookError as exc:
                errors = {Path(k).resolve(): v for k, v in (exc.failures or {}).items()}
                times = {}
                if not errors:
                    raise
            for p in todo:
                if p in errors:
                    self.out.failed[p] = errors[p]
                    continue
                files, results = reads.read_log(logs[p])
                record(p, self.ctx, {**inputs[p], **read_inputs(p, self.ctx, files, results)})
                self.out.executed[p] = times.get(p, float("nan"))
                self.say(f"executed    {_rel(p, self.ctx.root)} in {self.out.executed[p]:.1f} s")


# --------------------------------------------------------------------------------------------
# the site
# --------------------------------------------------------------------------------------------
SITE_KEY = ".rotation-key"


def site_key(notebooks: Sequence[Path], ctx: Context) -> str:
    """sha256 of what the HTML site is built from: the package, the notebooks, the results and the
    project's data files."""
    h = hashlib.sha256(f"{ctx.package}\0".encode())
    files = [
        *notebooks,
        *sorted(config.results_dir().glob("*.json")),
        *sorted((ctx.root / "data").glob("*.csv")),
    ]
    for f in files:
        h.update(f"{f.name}\0{ctx.hasher.file(Path(f))}\0".encode())
    return h.hexdigest()


def page_keys(notebooks: Sequence[Path], ctx: Context) -> dict[str, str]:
    """sha256 of what each notebook's page is rendered from: the notebook and the package."""
    return {
        Path(p).stem: sha256_bytes(f"{ctx.package}\0{ctx.hasher.file(Path(p))}".encode()) for p in notebooks
    }


def _marker(outdir: Path) -> dict[str, Any]:
    try:
        doc = json.loads((outdir / SITE_KEY).read_text())
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def site_is_current(outdir: Path, key: str) -> bool:
    """True if the site in ``outdir`` was built from inputs of sha256 ``key`` (:func:`site_key`)."""
    return (outdir / "index.html").is_file() and _marker(outdir).get("site") == key


def reusable_pages(outdir: Path, notebooks: Sequence[Path], ctx: Context) -> set[Path]:
    """The notebooks whose page in ``outdir`` was rendered from the notebook and package as they are."""
    old = _marker(outdir).get("pages", {})
    now = page_keys(notebooks, ctx)
    return {Path(p) for p in notebooks if old.get(Path(p).stem) == now[Path(p).stem]}


def mark_site(outdir: Path, key: str, notebooks: Sequence[Path] = (), ctx: Context | None = None) -> None:
    """Record the site's key (and each page's, for :func:`reusable_pages`) in ``outdir``."""
    from .. import io

    pages = page_keys(notebooks, ctx) if ctx is not None else {}
    io.write_text(
        outdir / SITE_KEY, json.dumps({"site": key, "pages": pages}, indent=1, sort_keys=True) + "\n"
    )
