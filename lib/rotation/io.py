"""Atomic writes: a reader sees the old file or the new one, never a partial one.

Every file the project writes for others to read (``results/*.json``, executed notebooks, the
refreshed data cache, the parsed-workbook cache) goes through :func:`atomic_write` (frames through
:func:`write_frame`): the bytes go
to a temporary file in the target's folder (``.<name>.<random>.tmp``), are flushed to disk, take
the mode of the file they replace (or the umask's default for a new file), and are renamed over
the target. On any failure, including Ctrl-C and a full disk, the temporary file is removed and
the target is left as it was. :func:`remove_stale_temps` clears what a killed process left.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

TMP_SUFFIX = ".tmp"


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Create ``path`` by calling ``write(tmp)`` on a temporary file beside it, then renaming it.

    ``write`` receives the temporary path and must create the file there. The new file keeps
    the permission bits of the file it replaces."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise _naming(exc, path) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _naming(exc, path, tmp) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _naming(exc: OSError, path: Path, tmp: Path | None = None) -> OSError:
    """``exc`` with the target ``path`` as its file name when it names none, or only the
    temporary file (a full disk reported by a writer that does not say where): the message
    then names the file the command was writing, never a temporary one."""
    if (
        exc.filename is not None
        and str(exc.filename) != str(tmp)
        and not str(exc.filename).endswith(TMP_SUFFIX)
    ):
        return exc
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def write_text(path: Path, text: str) -> None:
    """Atomically replace ``path`` with ``text`` (UTF-8)."""
    write_bytes(path, text.encode("utf-8"))


def write_frame(path: Path, df: Any) -> None:
    """Atomically replace ``path`` with the pandas frame ``df``: parquet or CSV (ISO dates, no
    index) by the path's suffix."""
    path = Path(path)

    def write(tmp: Path) -> None:
        if path.suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            df.to_csv(tmp, index=False, date_format="%Y-%m-%d")

    atomic_write(path, write)


def copy_file(src: Path, dest: Path) -> None:
    """Atomically replace ``dest`` with the bytes of ``src``."""
    write_bytes(dest, Path(src).read_bytes())


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files :func:`atomic_write` leaves when its process is killed
    (``.<name>.<random>.tmp``) anywhere under ``folder``; returns what was removed."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for p in folder.rglob(f".*{TMP_SUFFIX}"):
        if p.is_file():
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed
