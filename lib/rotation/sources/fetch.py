"""Build the market-data folder from public sources: ``python -m rotation fetch``.

For a clone without the snapshot. Every file of ``data/origins.csv`` is obtained into the user
cache (:func:`rotation.config.cache_dir`; ``ROTATION_CACHE`` moves it), in the snapshot's layout,
so that the data layer finds it like any other source and the notebooks run unchanged:

- **pinned** files are downloaded by :mod:`rotation.sources.download` (pooch, verified against their
  sha256, resumed over HTTP ``Range`` after a dropped connection, within the run and by the next
  run). Files already present with the right hash are not downloaded again;
- **derived** files are built by :mod:`rotation.sources.derive` from the pinned copies, byte for byte as
  the snapshot built them;
- **transcribed** files are copied from the project's ``data/``;
- **yfinance** price files come from the live path (:func:`rotation.sources.refresh.refresh`), whole
  histories on the first run, increments afterwards. They differ from the snapshot's copies:
  Yahoo's adjusted closes move with every dividend.

Offline, the fetch says so within :data:`rotation.sources.download.PROBE_TIMEOUT` seconds and lists what
it could not get. ``MANIFEST.csv`` (:mod:`rotation.sources.manifest`) is written last and atomically and
lists only verified files; :func:`rotation.sources.manifest.is_complete` tells a complete folder from a
partial one.

Ensure-data: :func:`missing_files` lists the files the notebooks need that no data source has.
``python -m rotation ensure-data`` (run by ``make run``) does nothing when there is none and runs
the fetch otherwise; :func:`ensure_data` is its yfinance-only form (it downloads what yfinance can
provide and says where the rest comes from) and gives its message when ``ROTATION_DATA`` names a
folder that lacks files. The command line (``fetch``, ``ensure-data``, and ``snapshot OUT``,
:func:`rotation.sources.pack.pack`) is in :mod:`rotation.__main__`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config, io
from ..inputs import datasets
from . import derive, origins
from .download import (
    ENV_MIRROR,
    PARTIAL_DIR,
    PROBE_TIMEOUT,
    FetchError,
    base_url,
    download_pinned,
    host_port,
    reachable,
    sha256_of,
    url_of,
)
from .manifest import entry, fetched_at, missing, read_manifest, source_of, write_manifest
from .origins import Origin
from .yahoo import Downloader


@dataclass
class FetchReport:
    """What :func:`fetch` did, file by file."""

    folder: Path
    got: dict[str, str] = field(
        default_factory=dict
    )  # file -> "downloaded" | "cached" | "built" | "copied" | "yfinance"
    failed: dict[str, str] = field(default_factory=dict)  # file -> why
    offline: list[str] = field(default_factory=list)  # one line per unreachable host
    live: Any = None  # rotation.sources.refresh.Report
    complete: bool = False
    absent: list[str] = field(default_factory=list)  # files of the table not in the manifest after the run
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.offline

    def format(self) -> str:
        counts: dict[str, int] = {}
        for how in self.got.values():
            counts[how] = counts.get(how, 0) + 1
        lines = [
            f"Data folder {self.folder}: "
            + (", ".join(f"{n} {how}" for how, n in sorted(counts.items())) or "nothing obtained")
            + f" ({self.seconds:.1f} s)."
        ]
        lines += [f"Offline: {line}" for line in self.offline]
        if self.failed:
            lines.append(f"Could not get {len(self.failed)} file(s):")
            lines += [f"  {f}: {why}" for f, why in sorted(self.failed.items())]
        skipped = [f for f in self.absent if f not in self.failed]
        if skipped:
            lines.append(f"Not fetched this time: {', '.join(skipped)}")
        lines.append(
            "Complete: every file of data/origins.csv is there and verified (MANIFEST.csv)."
            if self.complete
            else f"NOT complete ({len(self.absent)} file(s) missing): MANIFEST.csv lists only the verified "
            "files; run `python -m rotation fetch` again to get the rest (downloads resume)."
        )
        return "\n".join(lines)


@dataclass
class _Run:
    """One fetch in progress: where, what was done, the manifest entries made so far."""

    folder: Path
    report: FetchReport
    previous: Any  # the folder's earlier MANIFEST.csv, indexed by file
    now: str
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)


def fetch(
    rows: Sequence[Origin] | None = None,
    *,
    folder: Path | None = None,
    panels: Sequence[str] | None = None,
    live_data: bool = True,
    downloader: Any = None,
    yahoo_probe: Callable[[], bool] | None = None,
    mirror_probe: Callable[[], bool] | None = None,
    retries: int = 3,
    sleep: Callable[[float], None] = time.sleep,
    progress: bool = True,
) -> FetchReport:
    """Obtain every file of ``rows`` (default: all of ``data/origins.csv``) into ``folder``
    (default: the user cache), then write its ``MANIFEST.csv``. Never raises for a file that
    cannot be had: the report says which and why. A row whose file would land outside ``folder``
    (or whose download would leave the mirror's base) is refused before anything is fetched
    (:func:`rotation.sources.origins.check_paths`).

    ``panels`` restricts the yfinance files to those panels (``etf``, ``sp500``, ``sp1500``,
    ``index``); ``live_data=False`` skips them. ``downloader`` is the :class:`rotation.sources.yahoo.Downloader`
    (tests pass a fake); the probes default to a TCP connection within :data:`PROBE_TIMEOUT`
    seconds to the mirror's host and to Yahoo.
    """
    t0 = time.perf_counter()
    rows = list(rows) if rows is not None else origins.load()
    for o in rows:
        origins.check_paths(o, f"data/origins.csv ({o.file})")
    folder = Path(folder) if folder is not None else config.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    run = _Run(
        folder=folder,
        report=FetchReport(folder=folder),
        previous=read_manifest(folder).set_index("file"),
        now=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    pinned = [o for o in rows if o.kind == "pinned"]
    todo = [o for o in pinned if not ((folder / o.file).is_file() and sha256_of(folder / o.file) == o.sha256)]
    for o in pinned:
        if o not in todo:
            run.report.got[o.file] = "cached"
    wanted_live = [
        o for o in rows if o.kind == "yfinance" and live_data and (panels is None or o.recipe in panels)
    ]
    up = _probes(bool(todo), bool(wanted_live), mirror_probe, yahoo_probe)
    _download_all(run, todo, up.get("mirror", False), retries=retries, sleep=sleep, progress=progress)
    _pinned_entries(run, pinned)
    _copy_transcribed(run, rows)
    _build_derived(run, rows)
    if wanted_live:
        _fetch_live(run, wanted_live, up["yahoo"], downloader, progress)
    _carry_over(run)
    with contextlib.suppress(OSError):  # empty once every download completed
        (folder / PARTIAL_DIR).rmdir()
    write_manifest(folder, list(run.entries.values()))  # last
    run.report.absent = missing(folder, rows, verify=False)
    run.report.complete = not run.report.absent
    run.report.seconds = time.perf_counter() - t0
    return run.report


def inside(folder: Path, rel: str) -> Path:
    """``folder / rel``, refused (:class:`FetchError`) if it resolves outside ``folder`` (a
    symbolic link inside the folder that points out of it, or a name that escapes it)."""
    target = folder / rel
    base = folder.resolve()
    if not target.parent.resolve().is_relative_to(base) or (
        target.is_symlink() and not target.resolve().is_relative_to(base)
    ):
        raise FetchError(f"{rel}: refused: {target} resolves outside the data folder {base}")
    return target


def _probes(
    mirror: bool,
    live: bool,
    mirror_probe: Callable[[], bool] | None,
    yahoo_probe: Callable[[], bool] | None,
) -> dict[str, bool]:
    """The connection probes, at once: the mirror only if something must be downloaded, Yahoo
    only if a live file is wanted."""
    from . import yahoo

    host, port = host_port(base_url())
    checks: dict[str, Callable[[], bool]] = {}
    if mirror:
        checks["mirror"] = mirror_probe or (lambda: reachable(host, port))
    if live:
        checks["yahoo"] = yahoo_probe or (lambda: reachable(yahoo.YAHOO_HOST, 443))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(checks, pool.map(lambda f: f(), checks.values())))


def _download_all(
    run: _Run, todo: list[Origin], up: bool, *, retries: int, sleep: Callable[[float], None], progress: bool
) -> None:
    """Download the pinned files ``todo`` (or say why not, offline)."""
    from tqdm.auto import tqdm

    base = base_url()
    if todo and not up:
        host, port = host_port(base)
        run.report.offline.append(
            f"no connection to {host}:{port} within {PROBE_TIMEOUT:.0f} s"
            + (f" ({ENV_MIRROR}={os.environ[ENV_MIRROR]})" if os.environ.get(ENV_MIRROR) else "")
        )
        for o in todo:
            run.report.failed[o.file] = f"not downloaded (offline): {url_of(o, base)}"
        return
    if not todo:
        return
    total = sum(o.bytes or 0 for o in todo)
    desc = f"{len(todo)} pinned file(s)"
    with tqdm(total=total, unit="B", unit_scale=True, desc=desc, disable=not progress) as bar:
        for o in todo:
            try:
                inside(run.folder, o.file)
                download_pinned(o, run.folder, base=base, retries=retries, sleep=sleep, bar=bar)
                run.report.got[o.file] = "downloaded"
            except FetchError as exc:
                run.report.failed[o.file] = str(exc).removeprefix(f"{o.file}: ")


def _pinned_entries(run: _Run, pinned: list[Origin]) -> None:
    """The manifest entries of the pinned files obtained (downloaded now, or cached)."""
    for o in pinned:
        if o.file in run.report.got:
            run.entries[o.file] = {
                "file": o.file,
                "bytes": (run.folder / o.file).stat().st_size,
                "sha256": o.sha256,
                "source": source_of(o),
                "fetched_at": run.now
                if run.report.got[o.file] == "downloaded"
                else fetched_at(run.previous, o.file, run.now),
            }


def _copy_transcribed(run: _Run, rows: Sequence[Origin]) -> None:
    """The transcribed files: copies of the project's own ``data/`` files."""
    for o in rows:
        if o.kind != "transcribed":
            continue
        src = config.repo_root() / o.path
        if not src.is_file():
            run.report.failed[o.file] = f"the project's {o.path} is missing (git checkout it)"
            continue
        try:
            io.copy_file(src, inside(run.folder, o.file))
        except FetchError as exc:
            run.report.failed[o.file] = str(exc).removeprefix(f"{o.file}: ")
            continue
        run.report.got[o.file] = "copied"
        run.entries[o.file] = entry(run.folder, o.file, source_of(o), run.now)


def _build_derived(run: _Run, rows: Sequence[Origin]) -> None:
    """The derived files, from the verified pinned copies; cached when already the snapshot's."""
    table = origins.by_file(rows)
    ready = []
    for o in (o for o in rows if o.kind == "derived"):
        lacking = [f for f in o.inputs if f not in run.entries]
        path = run.folder / o.file
        if lacking:
            run.report.failed[o.file] = f"not built: its input(s) {', '.join(lacking)} are missing"
        elif path.is_file() and o.sha256 and sha256_of(path) == o.sha256:
            run.report.got[o.file] = "cached"
            run.entries[o.file] = entry(
                run.folder, o.file, source_of(o), fetched_at(run.previous, o.file, run.now)
            )
        else:
            ready.append(o)
    if not ready:
        return
    try:
        built = derive.build(ready, run.folder, table)
    except Exception as exc:  # a recipe that fails names its file; the others are still listed as missing
        for o in ready:
            run.report.failed[o.file] = f"not built: {type(exc).__name__}: {exc}"
        return
    for file, data in built.items():
        io.write_bytes(inside(run.folder, file), data)
        run.report.got[file] = "built"
        run.entries[file] = entry(run.folder, file, source_of(table[file]), run.now)
        want = table[file].sha256
        if want and run.entries[file]["sha256"] != want:
            run.report.got[file] = "built (differs from the snapshot's copy)"


def _fetch_live(run: _Run, wanted: list[Origin], up: bool, downloader: Any, progress: bool) -> None:
    """The yfinance price files, through the refresh path into the folder."""
    from . import refresh, yahoo

    if not up:
        run.report.offline.append(f"no connection to {yahoo.YAHOO_HOST}:443 within {PROBE_TIMEOUT:.0f} s")
    with config.environ({config.ENV_CACHE: str(run.folder), config.ENV_DATA: str(run.folder)}):
        live = refresh.refresh(
            [o.recipe for o in wanted], downloader=downloader, probe=lambda: up, progress=progress
        )
    run.report.live = live
    written = {str(Path(p).relative_to(run.folder)) for p, _, _ in live.written.values()}
    prev = run.previous
    for o in wanted:
        path = run.folder / o.file
        if o.file in written:
            run.report.got[o.file] = "yfinance"
            run.entries[o.file] = entry(run.folder, o.file, source_of(o), run.now)
        elif path.is_file() and o.file in prev.index and sha256_of(path) == prev.loc[o.file, "sha256"]:
            run.report.got[o.file] = "cached"
            run.entries[o.file] = entry(
                run.folder, o.file, prev.loc[o.file, "source"], prev.loc[o.file, "fetched_at"]
            )
        else:
            why = live.errors.get(o.recipe) or ("offline" if not up else "no data obtained")
            run.report.failed[o.file] = f"not obtained from Yahoo ({why}); tickers: {o.note}"


def _carry_over(run: _Run) -> None:
    """Keep the verified entries of files not handled this time (other panels, a narrower table)."""
    for f, e in run.previous.iterrows():
        path = run.folder / f
        if (
            f not in run.entries
            and f not in run.report.failed
            and path.is_file()
            and str(path.stat().st_size) == e["bytes"]
            and sha256_of(path) == e["sha256"]
        ):
            run.entries[f] = {"file": f, **e.to_dict()}


# --------------------------------------------------------------------------------------------
# ensure-data: only what no data source has
# --------------------------------------------------------------------------------------------
def missing_files() -> list[str]:
    """Files the notebooks need (:func:`rotation.inputs.datasets.needed_files`) that no data source has."""
    return [
        rel for rel in datasets.needed_files() if not any((d / rel).is_file() for d in config.data_sources())
    ]


def ensure_data(
    *, downloader: Downloader | None = None, probe: Callable[[], bool] | None = None, progress: bool = True
) -> int:
    """Do nothing (return 0) if every file the notebooks need is in some data source. Else
    download the ones yfinance can provide (prices, share counts) and return 0 if nothing is
    missing afterwards; otherwise print what is missing and what to do, and return 1."""
    from . import refresh

    lacking = missing_files()
    if not lacking:
        return 0
    if os.environ.get(config.ENV_DATA):
        print(
            f"{config.ENV_DATA}={os.environ[config.ENV_DATA]} lacks: {', '.join(lacking)}.\n"
            f"While {config.ENV_DATA} is set only that folder is searched, so a download into the cache "
            f"would not help: unset it (the snapshot and the cache are then used) or complete that folder."
        )
        return 1
    panels = [p for p in (datasets.fetchable(rel) for rel in lacking) if p is not None]
    print("Data missing from every source: " + ", ".join(lacking))
    report = None
    if panels:
        print(f"Downloading {', '.join(panels)} with yfinance into {config.cache_dir()} ...", flush=True)
        report = refresh.refresh(panels, downloader=downloader, probe=probe, progress=progress)
        print(report.format())
    still = missing_files()
    if not still:
        return 0
    fetchable = [rel for rel in still if datasets.fetchable(rel)]
    other = [rel for rel in still if not datasets.fetchable(rel)]
    print("Still missing: " + ", ".join(still))
    if fetchable:
        why = "the network is unreachable" if report is not None and report.offline else "the download failed"
        print(f"- {', '.join(fetchable)}: {why}; run `{config.FETCH_COMMAND}` when online.")
    if other:
        print(
            f"- {', '.join(other)}: not on Yahoo; they come with the data snapshot. Put it at "
            f"{config.snapshot_dir()} or point {config.ENV_DATA} at a copy (see README, 'Data')."
        )
    print("Notebooks that read a missing file stop with an error naming it.")
    return 1
