"""One archive of the data the notebooks read: ``python -m rotation snapshot OUT``.

:func:`pack` packs every file of ``data/origins.csv`` as the notebooks find it, with a
``MANIFEST.csv``, into one ``.tar.gz`` archive: publish it beside a result, and anyone can rerun on
exactly those bytes with ``ROTATION_DATA`` pointing at the unpacked folder.
"""

from __future__ import annotations

import tarfile
import time
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import pandas as pd

from .. import config, io
from ..errors import ParameterError
from . import origins
from .download import FetchError, sha256_of
from .manifest import MANIFEST, MANIFEST_COLUMNS, read_manifest, source_of
from .origins import Origin


def check_out(out: Path | str, *, force: bool = False) -> Path:
    """The archive path ``out``, resolved, if ``snapshot`` may write it; else
    :class:`ParameterError` naming ``out``: a folder (give a file name), a path inside the
    repository outside ``build/`` (a tracked file would be replaced), a path inside a data source
    or the cache (the data the archive packs), or an existing file without ``force``."""
    given = str(out)
    o = Path(out).expanduser()
    if o.is_dir():
        raise ParameterError(
            f"snapshot {given}: {given} is a folder; give the archive's file name, e.g. {o / 'rotation-data.tar.gz'}"
        )
    o = o.resolve()
    root = config.repo_root().resolve()
    if o.is_relative_to(root) and not o.is_relative_to(root / "build"):
        raise ParameterError(
            f"snapshot {given}: {o} is inside the repository {root}, where it would replace or add a "
            "tracked file; write the archive under build/ or outside the repository"
        )
    for d in [*config.data_sources(), config.cache_dir()]:
        d = Path(d).expanduser().resolve()
        if o.is_relative_to(d):
            raise ParameterError(
                f"snapshot {given}: {o} is inside the data folder {d} that the archive packs; "
                "write it under build/ or elsewhere"
            )
    if o.exists() and not force:
        raise ParameterError(
            f"snapshot {given}: {o} exists; pass --force to replace it, or choose another name"
        )
    return o


def _locate(rows: Sequence[Origin], sources: Sequence[Path], out: Path) -> dict[str, Path]:
    """File -> the first of ``sources`` that has it; :class:`FetchError` listing those none has."""
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
    return found


def _manifest(found: dict[str, Path], table: dict[str, Origin]) -> pd.DataFrame:
    """The archive's ``MANIFEST.csv``: each file's bytes and sha256 as found (through any link),
    with its source and fetch date from its folder's manifest when the bytes are the same."""
    manifests = {s: read_manifest(s).set_index("file") for s in set(found.values())}
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
                "source": m.loc[f, "source"] if same else source_of(table[f]),
                "fetched_at": m.loc[f, "fetched_at"] if same and "fetched_at" in m.columns else "",
            }
        )
    return pd.DataFrame(entries, columns=list(MANIFEST_COLUMNS)).sort_values("file")


def pack(
    out: Path,
    *,
    folder: Path | None = None,
    rows: Sequence[Origin] | None = None,
    force: bool = False,
) -> Path:
    """Pack every file of ``data/origins.csv`` as the notebooks find it (each from the first
    data source that has it, or all from ``folder``) with a ``MANIFEST.csv`` into the gzipped
    tar ``out``, under a top folder named after ``out``. Raises :class:`FetchError` listing the
    files no source has, :class:`ParameterError` for an ``out`` it may not write
    (:func:`check_out`). Written atomically; a failed write names ``out`` and leaves nothing."""
    given = str(out)
    out = check_out(out, force=force)
    rows = list(rows) if rows is not None else origins.load()
    sources = [Path(folder)] if folder is not None else config.data_sources()
    found = _locate(rows, sources, out)
    out = Path(out)
    top = out.name.removesuffix(".gz").removesuffix(".tgz").removesuffix(".tar") or "data"
    manifest = _manifest(found, origins.by_file(rows))
    data = manifest.to_csv(index=False, lineterminator="\n").encode()

    def write(tmp: Path) -> None:
        # dereference: a data folder made of symbolic links packs the bytes they point to
        with tarfile.open(tmp, "w:gz", dereference=True) as tar:
            for f in sorted(found):
                tar.add(found[f] / f, arcname=f"{top}/{f}", recursive=False)
            info = tarfile.TarInfo(f"{top}/{MANIFEST}")
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, BytesIO(data))
        verify_archive(tmp, top, manifest, name=given)

    try:
        io.atomic_write(out, write)
    except FetchError:
        raise
    except OSError as exc:
        raise FetchError(
            f"cannot write the archive {given} ({exc.strerror or type(exc).__name__} while writing into "
            f"{out.parent}); free space or choose another place"
        ) from None
    return out


def unsafe_member(m: tarfile.TarInfo, top: str | None = None) -> str | None:
    """Why the archive member ``m`` must not be unpacked (None if it may): a link (symbolic or
    hard), anything but a regular file or folder, an absolute name, a ``..`` part, or a name
    outside the folder ``top``."""
    if m.issym() or m.islnk():
        return f"a link (to {m.linkname!r}), not the data"
    if not (m.isfile() or m.isdir()):
        return "not a regular file"
    name = m.name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in name.split("/"):
        return "a '..' part, which leaves the folder"
    if top is not None and name.split("/")[0] != top:
        return f"outside the archive's folder {top}/"
    return None


def verify_archive(path: Path, top: str, manifest: pd.DataFrame, *, name: str | None = None) -> None:
    """Raise :class:`FetchError` unless the gzipped tar ``path`` holds exactly the files of
    ``manifest`` under ``top/`` (and its ``MANIFEST.csv``), each a regular file with the listed
    bytes and sha256, and no member :func:`unsafe_member` refuses."""
    import hashlib

    name = name or str(path)
    want = {f"{top}/{r.file}": (int(r.bytes), str(r.sha256)) for r in manifest.itertuples()}
    seen: set[str] = set()
    with tarfile.open(path, "r:gz") as tar:
        for m in tar:
            why = unsafe_member(m, top)
            if why:
                raise FetchError(f"archive {name}: member {m.name!r} is {why}; refused, nothing written")
            if m.isdir() or m.name == f"{top}/{MANIFEST}":
                continue
            if m.name not in want:
                raise FetchError(f"archive {name}: member {m.name!r} is not in its manifest; nothing written")
            member = tar.extractfile(m)
            if member is None:  # not a regular file: unsafe_member refuses those, so this cannot pass
                raise FetchError(f"archive {name}: member {m.name!r} is not a regular file; nothing written")
            h = hashlib.sha256(member.read()).hexdigest()
            if (m.size, h) != want[m.name]:
                raise FetchError(
                    f"archive {name}: {m.name} has {m.size:,} bytes, sha256 {h}; its manifest lists "
                    f"{want[m.name][0]:,} bytes, sha256 {want[m.name][1]} (the file changed while packing?); "
                    "nothing written, run the command again"
                )
            seen.add(m.name)
    lacking = sorted(set(want) - seen)
    if lacking:
        raise FetchError(f"archive {name}: {', '.join(lacking)} missing from the archive; nothing written")
