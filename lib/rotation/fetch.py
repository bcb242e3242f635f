"""Build the market-data folder from public sources: ``python -m rotation fetch``.

For a clone without the snapshot. Every file of ``data/origins.csv`` is obtained into the user
cache (:func:`rotation.config.cache_dir`; ``ROTATION_CACHE`` moves it), in the snapshot's layout,
so that the data layer finds it like any other source and the notebooks run unchanged:

- **pinned** files are downloaded with pooch from
  ``https://raw.githubusercontent.com/<owner>/<repo>/<commit>/<path>`` (or from the mirror named by
  ``ROTATION_MIRROR_URL``, laid out as ``<base>/<owner>/<repo>/<commit>/<path>``) and verified
  against their sha256. A wrong hash is an error naming the file and both hashes, and nothing is
  written. A download is streamed into ``.partial/<sha256>.part`` of the folder; a dropped
  connection is resumed there (HTTP ``Range``), within the run and by the next run, and the
  file appears under its name only once complete and verified. Files already present with the
  right hash are not downloaded again;
- **derived** files are built by :mod:`rotation.derive` from the pinned copies, byte for byte as
  the snapshot built them;
- **transcribed** files are copied from the project's ``data/``;
- **yfinance** price files come from the live path (:func:`rotation.refresh.refresh`), whole
  histories on the first run, increments afterwards. They differ from the snapshot's copies:
  Yahoo's adjusted closes move with every dividend.

Offline, the command says so within :data:`PROBE_TIMEOUT` seconds and lists what it could not get.
``MANIFEST.csv`` (``file, bytes, sha256, source, fetched_at``) is written last and atomically and
lists only verified files; :func:`is_complete` tells a complete folder from a partial one.

``python -m rotation snapshot OUT`` (:func:`pack`) packs the data the notebooks read, with a
manifest, into one ``.tar.gz`` archive: publish it beside a result, and anyone can rerun on
exactly those bytes with ``ROTATION_DATA`` pointing at the unpacked folder.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import logging
import os
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pandas as pd

from . import config, derive, origins
from .origins import Origin

ENV_MIRROR = "ROTATION_MIRROR_URL"
PROBE_TIMEOUT = 3.0  # seconds
MANIFEST = "MANIFEST.csv"
MANIFEST_COLUMNS = ("file", "bytes", "sha256", "source", "fetched_at")
PARTIAL_DIR = ".partial"
CHUNK = 1 << 16  # bytes per read


class FetchError(RuntimeError):
    """A file that could not be obtained: the message names it and says why."""


class HashMismatchError(FetchError):
    """A downloaded file whose sha256 is not the one of ``data/origins.csv``."""


# --------------------------------------------------------------------------------------------
# where from
# --------------------------------------------------------------------------------------------
def base_url() -> str:
    """``ROTATION_MIRROR_URL`` if set, else GitHub's raw host."""
    return (os.environ.get(ENV_MIRROR) or origins.RAW_BASE).rstrip("/")


def url_of(o: Origin, base: str | None = None) -> str:
    """``<base>/<owner>/<repo>/<commit>/<path>``, the path URL-quoted (spaces as ``%20``)."""
    return f"{base or base_url()}/{o.repo}/{o.commit}/{quote(o.path, safe='/')}"


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def reachable(host: str, port: int, timeout: float = PROBE_TIMEOUT) -> bool:
    """True if a TCP connection to ``host:port`` (name lookup included) opens within ``timeout``
    seconds; the answer comes within ``timeout`` seconds in every case."""
    from .yahoo import network_available

    return network_available(host, port, max(0.1, timeout - 0.5))  # it waits 0.5 s beyond its timeout


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# resumable download, behind pooch
# --------------------------------------------------------------------------------------------
class ResumableDownloader:
    """A pooch downloader (``downloader(url, output_file, pooch)``) that streams into ``part``
    and resumes it with an HTTP ``Range`` request: after a dropped connection (up to
    ``retries`` times in this call) and in a later call when ``part`` is left from an earlier
    run. A server that ignores ``Range`` (status 200) restarts the file from zero. When the
    download is complete, ``part`` is moved onto pooch's temporary file; pooch then checks the
    hash and moves it to its final name. ``sha256`` holds the hash of the completed download."""

    def __init__(
        self,
        part: Path,
        *,
        expected_bytes: int | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        bar: Any = None,
    ) -> None:
        self.part, self.expected_bytes, self.timeout, self.retries = part, expected_bytes, timeout, retries
        self.sleep, self.bar = sleep, bar
        self.sha256: str | None = None
        self.resumed_from: list[int] = []  # the offsets of the Range requests sent

    def __call__(self, url: str, output_file: str, pooch: Any, check_only: bool = False) -> bool | None:
        import requests

        if check_only:
            return True
        self.part.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(self.retries + 1):
            have = self.part.stat().st_size if self.part.is_file() else 0
            if self.expected_bytes is not None and have >= self.expected_bytes:
                break  # complete from an earlier run; the hash check decides
            headers = {"Range": f"bytes={have}-"} if have else {}
            try:
                with requests.get(url, stream=True, timeout=self.timeout, headers=headers) as resp:
                    if have and resp.status_code == 416:  # nothing left to send
                        break
                    resp.raise_for_status()
                    if have and resp.status_code == 206:
                        self.resumed_from.append(have)
                        mode = "ab"
                    else:
                        if have and self.bar is not None:
                            self.bar.update(-have)
                        mode = "wb"
                    with open(self.part, mode) as fh:
                        for chunk in resp.iter_content(CHUNK):
                            fh.write(chunk)
                            if self.bar is not None:
                                self.bar.update(len(chunk))
                break
            except (
                requests.exceptions.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.Timeout,
            ) as exc:
                if attempt == self.retries:
                    raise FetchError(
                        f"connection dropped {attempt + 1} times ({type(exc).__name__}); "
                        f"{self.part.stat().st_size if self.part.is_file() else 0:,} bytes kept "
                        "for the next run to resume"
                    ) from exc
                self.sleep(min(2.0**attempt, 10.0))
        self.sha256 = sha256_of(self.part)
        os.replace(self.part, output_file)
        return None


def download_pinned(
    o: Origin,
    folder: Path,
    *,
    base: str | None = None,
    retries: int = 3,
    sleep: Callable[[float], None] = time.sleep,
    bar: Any = None,
) -> Path:
    """Download the pinned file ``o`` into ``folder / o.file`` with pooch, verified against
    ``o.sha256``. Raises :class:`HashMismatchError` (nothing written, the partial download
    removed) or :class:`FetchError` naming the file."""
    import pooch
    import requests

    target = folder / o.file
    part = folder / PARTIAL_DIR / f"{o.sha256}.part"
    url = url_of(o, base)
    dl = ResumableDownloader(part, expected_bytes=o.bytes, retries=retries, sleep=sleep, bar=bar)
    logger = (
        pooch.get_logger()
    )  # pooch's own logger announces every download at INFO; the progress bar does that
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        pooch.retrieve(
            url, known_hash=f"sha256:{o.sha256}", fname=target.name, path=target.parent, downloader=dl
        )
    except ValueError as exc:
        part.unlink(missing_ok=True)
        if dl.sha256 is None:
            raise
        raise HashMismatchError(
            f"{o.file}: wrong sha256, refused and not written. Downloaded from {url}: "
            f"sha256 {dl.sha256}; data/origins.csv expects {o.sha256}"
        ) from exc
    except requests.exceptions.HTTPError as exc:
        raise FetchError(f"{o.file}: {exc.response.status_code} {exc.response.reason} from {url}") from exc
    except FetchError as exc:
        raise FetchError(f"{o.file}: {exc} (from {url})") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{o.file}: {type(exc).__name__} from {url}") from exc
    finally:
        logger.setLevel(level)
    return target


# --------------------------------------------------------------------------------------------
# the manifest
# --------------------------------------------------------------------------------------------
def read_manifest(folder: Path) -> pd.DataFrame:
    """The folder's ``MANIFEST.csv`` (empty frame with the columns if there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return pd.DataFrame(columns=list(MANIFEST_COLUMNS))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_manifest(folder: Path, entries: Sequence[dict[str, Any]]) -> Path:
    """Write ``MANIFEST.csv`` atomically (temporary file, fsync, rename)."""
    df = pd.DataFrame(list(entries), columns=list(MANIFEST_COLUMNS)).sort_values("file", kind="stable")
    return _atomic_bytes(folder / MANIFEST, df.to_csv(index=False, lineterminator="\n").encode())


def _atomic_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
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
        entry = listed.loc[o.file]
        if str(path.stat().st_size) != str(entry["bytes"]):
            out.append(o.file)
        elif verify and (
            sha256_of(path) != entry["sha256"] or (o.kind == "pinned" and entry["sha256"] != o.sha256)
        ):
            out.append(o.file)
    return out


def is_complete(folder: Path, rows: Sequence[Origin] | None = None, *, verify: bool = True) -> bool:
    """True if ``folder`` holds every file of ``data/origins.csv`` as its ``MANIFEST.csv`` lists
    it (a partly fetched folder, or one without a manifest, is not complete)."""
    return not missing(folder, rows, verify=verify)


# --------------------------------------------------------------------------------------------
# the fetch
# --------------------------------------------------------------------------------------------
@dataclass
class FetchReport:
    """What :func:`fetch` did, file by file."""

    folder: Path
    got: dict[str, str] = field(
        default_factory=dict
    )  # file -> "downloaded" | "cached" | "built" | "copied" | "yfinance"
    failed: dict[str, str] = field(default_factory=dict)  # file -> why
    offline: list[str] = field(default_factory=list)  # one line per unreachable host
    live: Any = None  # rotation.refresh.Report
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


def _entry(folder: Path, file: str, source: str, when: str) -> dict[str, Any]:
    path = folder / file
    return {
        "file": file,
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
        "source": source,
        "fetched_at": when,
    }


def _source(o: Origin) -> str:
    if o.kind == "pinned":
        return o.copy
    if o.kind == "derived":
        return f"derived: rotation.derive.{o.recipe} from {len(o.inputs)} pinned file(s)"
    if o.kind == "transcribed":
        return f"transcribed: the project's {o.path}"
    return f"yfinance (live, panel {o.recipe})"


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
    cannot be had: the report says which and why.

    ``panels`` restricts the yfinance files to those panels (``etf``, ``sp500``, ``sp1500``,
    ``index``); ``live_data=False`` skips them. ``downloader`` is the :class:`rotation.yahoo.Downloader`
    (tests pass a fake); the probes default to a TCP connection within :data:`PROBE_TIMEOUT`
    seconds to the mirror's host and to Yahoo.
    """
    from tqdm.auto import tqdm

    from . import refresh, yahoo

    t0 = time.perf_counter()
    rows = list(rows) if rows is not None else origins.load()
    table = origins.by_file(rows)
    folder = Path(folder) if folder is not None else config.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    report = FetchReport(folder=folder)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    previous = read_manifest(folder).set_index("file")
    entries: dict[str, dict[str, Any]] = {}

    pinned = [o for o in rows if o.kind == "pinned"]
    todo = [o for o in pinned if not ((folder / o.file).is_file() and sha256_of(folder / o.file) == o.sha256)]
    for o in pinned:
        if o not in todo:
            report.got[o.file] = "cached"
    wanted_live = [
        o for o in rows if o.kind == "yfinance" and live_data and (panels is None or o.recipe in panels)
    ]

    # probes, at once: the mirror only if something must be downloaded, Yahoo only if a live file is wanted
    base = base_url()
    host, port = _host_port(base)
    checks: dict[str, Callable[[], bool]] = {}
    if todo:
        checks["mirror"] = mirror_probe or (lambda: reachable(host, port))
    if wanted_live:
        checks["yahoo"] = yahoo_probe or (lambda: reachable(yahoo.YAHOO_HOST, 443))
    with ThreadPoolExecutor(max_workers=2) as pool:
        up = dict(zip(checks, pool.map(lambda f: f(), checks.values())))

    if todo and not up["mirror"]:
        report.offline.append(
            f"no connection to {host}:{port} within {PROBE_TIMEOUT:.0f} s"
            + (f" ({ENV_MIRROR}={os.environ[ENV_MIRROR]})" if os.environ.get(ENV_MIRROR) else "")
        )
        for o in todo:
            report.failed[o.file] = f"not downloaded (offline): {url_of(o, base)}"
    elif todo:
        total = sum(o.bytes or 0 for o in todo)
        with tqdm(
            total=total, unit="B", unit_scale=True, desc=f"{len(todo)} pinned file(s)", disable=not progress
        ) as bar:
            for o in todo:
                try:
                    download_pinned(o, folder, base=base, retries=retries, sleep=sleep, bar=bar)
                    report.got[o.file] = "downloaded"
                except FetchError as exc:
                    report.failed[o.file] = str(exc).removeprefix(f"{o.file}: ")
    for o in pinned:
        if o.file in report.got:
            entries[o.file] = {
                "file": o.file,
                "bytes": (folder / o.file).stat().st_size,
                "sha256": o.sha256,
                "source": _source(o),
                "fetched_at": now if report.got[o.file] == "downloaded" else _when(previous, o.file, now),
            }

    # transcribed: the project's own copies
    for o in rows:
        if o.kind != "transcribed":
            continue
        src = config.repo_root() / o.path
        if not src.is_file():
            report.failed[o.file] = f"the project's {o.path} is missing (git checkout it)"
            continue
        _atomic_bytes(folder / o.file, src.read_bytes())
        report.got[o.file] = "copied"
        entries[o.file] = _entry(folder, o.file, _source(o), now)

    # derived: from the verified pinned copies; cached when the file is already the snapshot's
    derived = [o for o in rows if o.kind == "derived"]
    ready, cached = [], []
    for o in derived:
        lacking = [f for f in o.inputs if f not in entries]
        path = folder / o.file
        if lacking:
            report.failed[o.file] = f"not built: its input(s) {', '.join(lacking)} are missing"
        elif path.is_file() and o.sha256 and sha256_of(path) == o.sha256:
            cached.append(o)
        else:
            ready.append(o)
    for o in cached:
        report.got[o.file] = "cached"
        entries[o.file] = _entry(folder, o.file, _source(o), _when(previous, o.file, now))
    if ready:
        try:
            built = derive.build(ready, folder, table)
        except Exception as exc:  # a recipe that fails names its file; the others are still listed as missing
            for o in ready:
                report.failed[o.file] = f"not built: {type(exc).__name__}: {exc}"
            built = {}
        for file, data in built.items():
            _atomic_bytes(folder / file, data)
            report.got[file] = "built"
            entries[file] = _entry(folder, file, _source(table[file]), now)
            want = table[file].sha256
            if want and entries[file]["sha256"] != want:
                report.got[file] = "built (differs from the snapshot's copy)"

    # live series
    if wanted_live:
        if not up["yahoo"]:
            report.offline.append(f"no connection to {yahoo.YAHOO_HOST}:443 within {PROBE_TIMEOUT:.0f} s")
        with config.environ({config.ENV_CACHE: str(folder), config.ENV_DATA: str(folder)}):
            report.live = refresh.refresh(
                [o.recipe for o in wanted_live],
                downloader=downloader,
                probe=lambda: up["yahoo"],
                progress=progress,
            )
        written = {str(Path(p).relative_to(folder)) for p, _, _ in report.live.written.values()}
        for o in wanted_live:
            path = folder / o.file
            if o.file in written:
                report.got[o.file] = "yfinance"
                entries[o.file] = _entry(folder, o.file, _source(o), now)
            elif (
                path.is_file()
                and o.file in previous.index
                and sha256_of(path) == previous.loc[o.file, "sha256"]
            ):
                report.got[o.file] = "cached"
                entries[o.file] = _entry(
                    folder, o.file, previous.loc[o.file, "source"], previous.loc[o.file, "fetched_at"]
                )
            else:
                why = report.live.errors.get(o.recipe) or (
                    "offline" if not up["yahoo"] else "no data obtained"
                )
                report.failed[o.file] = f"not obtained from Yahoo ({why}); tickers: {o.note}"

    # carry over verified entries of files not handled this time (other panels, a narrower table)
    for f, e in previous.iterrows():
        if (
            f not in entries
            and f not in report.failed
            and (folder / f).is_file()
            and str((folder / f).stat().st_size) == e["bytes"]
            and sha256_of(folder / f) == e["sha256"]
        ):
            entries[f] = {"file": f, **e.to_dict()}
    with contextlib.suppress(OSError):  # empty once every download completed
        (folder / PARTIAL_DIR).rmdir()
    write_manifest(folder, list(entries.values()))  # last
    report.absent = missing(folder, rows, verify=False)
    report.complete = not report.absent
    report.seconds = time.perf_counter() - t0
    return report


def _when(previous: pd.DataFrame, file: str, default: str) -> str:
    return str(previous.loc[file, "fetched_at"]) if file in previous.index else default


# --------------------------------------------------------------------------------------------
# snapshot: one archive of the data the notebooks read
# --------------------------------------------------------------------------------------------
def pack(out: Path, *, folder: Path | None = None, rows: Sequence[Origin] | None = None) -> Path:
    """Pack every file of ``data/origins.csv`` as the notebooks find it (each from the first
    data source that has it, or all from ``folder``) with a ``MANIFEST.csv`` into the gzipped
    tar ``out``, under a top folder named after ``out``. Raises :class:`FetchError` listing the
    files no source has. Written atomically."""
    rows = list(rows) if rows is not None else origins.load()
    sources = [Path(folder)] if folder is not None else config.data_sources()
    found: dict[str, Path] = {}
    for o in rows:
        hit = next((s for s in sources if (s / o.file).is_file()), None)
        if hit is not None:
            found[o.file] = hit
    lacking = [o.file for o in rows if o.file not in found]
    if lacking:
        raise FetchError(
            f"cannot pack {out}: no data source has {', '.join(lacking)} "
            f"(searched {', '.join(map(str, sources))}); run `python -m rotation fetch` first"
        )
    out = Path(out)
    top = out.name.removesuffix(".gz").removesuffix(".tgz").removesuffix(".tar") or "data"
    manifests = {s: read_manifest(s).set_index("file") for s in set(found.values())}
    table = origins.by_file(rows)
    entries = []
    for f, s in found.items():
        m = manifests[s]
        path = s / f
        sha = sha256_of(path)
        same = f in m.index and m.loc[f, "sha256"] == sha
        entries.append(
            {
                "file": f,
                "bytes": path.stat().st_size,
                "sha256": sha,
                "source": m.loc[f, "source"] if same else _source(table[f]),
                "fetched_at": m.loc[f, "fetched_at"] if same and "fetched_at" in m.columns else "",
            }
        )
    manifest = pd.DataFrame(entries, columns=list(MANIFEST_COLUMNS)).sort_values("file")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        with tarfile.open(tmp, "w:gz") as tar:
            for f in sorted(found):
                tar.add(found[f] / f, arcname=f"{top}/{f}")
            data = manifest.to_csv(index=False, lineterminator="\n").encode()
            info = tarfile.TarInfo(f"{top}/{MANIFEST}")
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, io.BytesIO(data))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------
def main(args: argparse.Namespace) -> int:
    """``python -m rotation fetch`` / ``snapshot OUT``. Returns 0 on success, 1 otherwise
    (one clear line per file that could not be had; no traceback)."""
    if getattr(args, "command", "fetch") == "snapshot":
        try:
            out = pack(Path(args.out), folder=Path(args.folder) if getattr(args, "folder", None) else None)
        except FetchError as exc:
            print(exc)
            return 1
        print(
            f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB); unpack it and set {config.ENV_DATA} to its folder"
        )
        return 0
    cache = config.cache_dir()
    print(f"Fetching the data into {cache} (pinned files from {base_url()}) ...", flush=True)
    report = fetch(panels=getattr(args, "panels", None), live_data=not getattr(args, "no_live", False))
    if report.live is not None and not report.live.offline:
        print(
            "\n".join(
                line
                for line in report.live.format().splitlines()
                if not line.startswith(("Note:", "The notebooks use"))
            )
        )
    print(report.format())
    return 0 if report.complete else 1
