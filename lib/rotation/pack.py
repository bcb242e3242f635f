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

from . import config, io, origins
from .download import FetchError, sha256_of
from .manifest import MANIFEST, MANIFEST_COLUMNS, read_manifest, source_of
from .origins import Origin


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
                "source": m.loc[f, "source"] if same else source_of(table[f]),
                "fetched_at": m.loc[f, "fetched_at"] if same and "fetched_at" in m.columns else "",
            }
        )
    manifest = pd.DataFrame(entries, columns=list(MANIFEST_COLUMNS)).sort_values("file")
    data = manifest.to_csv(index=False, lineterminator="\n").encode()

    def write(tmp: Path) -> None:
        with tarfile.open(tmp, "w:gz") as tar:
            for f in sorted(found):
                tar.add(found[f] / f, arcname=f"{top}/{f}")
            info = tarfile.TarInfo(f"{top}/{MANIFEST}")
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, BytesIO(data))

    io.atomic_write(out, write)
    return out
