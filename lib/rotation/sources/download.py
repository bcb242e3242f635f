"""Download a pinned file of ``data/origins.csv``, verified by hash, resuming what was cut off.

A pinned file comes from ``https://raw.githubusercontent.com/<owner>/<repo>/<commit>/<path>`` (or
from the mirror named by ``ROTATION_MIRROR_URL``, laid out as ``<base>/<owner>/<repo>/<commit>/<path>``)
through pooch, and is verified against its sha256: a wrong hash is an error naming the file and both
hashes, and nothing is written. The download is streamed into ``.partial/<sha256>.part`` of the
folder; a dropped connection is resumed there (HTTP ``Range``), within the call and by the next run,
and the file appears under its name only once complete and verified. :func:`reachable` is the
connection probe that tells an offline machine within :data:`PROBE_TIMEOUT` seconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from . import origins
from .origins import Origin

ENV_MIRROR = "ROTATION_MIRROR_URL"
PROBE_TIMEOUT = 3.0  # seconds
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


def inside_base(url: str, base: str) -> bool:
    """Whether ``url`` is under the mirror's ``base`` URL: same scheme, host and port, and a
    path below the base's (after resolving ``.`` and ``..``)."""
    import posixpath

    u, b = urlsplit(url), urlsplit(base.rstrip("/"))
    if (u.scheme, u.hostname, u.port) != (b.scheme, b.hostname, b.port) or u.username or u.password:
        return False
    path = posixpath.normpath(u.path or "/")
    root = b.path.rstrip("/")
    return path.startswith(root + "/")


def check_url(url: str, base: str, file: str) -> str:
    """``url`` if it is under ``base``; else :class:`FetchError` naming ``file``, both URLs and
    the fix (a request never leaves the configured base URL)."""
    if not inside_base(url, base):
        raise FetchError(
            f"{file}: refused {url}: it is outside the mirror's base {base} (another host, scheme or "
            f"folder). Fix {ENV_MIRROR} or the row of data/origins.csv; downloads never leave the base URL"
        )
    return url


def host_port(url: str) -> tuple[str, int]:
    """The host and port a connection to ``url`` goes to (443 for https, 80 for http by default)."""
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def reachable(host: str, port: int, timeout: float = PROBE_TIMEOUT) -> bool:
    """True if a TCP connection to ``host:port`` (name lookup included) opens within ``timeout``
    seconds; the answer comes within ``timeout`` seconds in every case."""
    from .yahoo import network_available

    return network_available(host, port, max(0.1, timeout - 0.5))  # it waits 0.5 s beyond its timeout


def sha256_of(path: Path) -> str:
    """The sha256 of the file at ``path``, as hex (read in blocks of 1 MiB)."""
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
        base: str | None = None,
        expected_bytes: int | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        bar: Any = None,
    ) -> None:
        self.part, self.expected_bytes, self.timeout, self.retries = part, expected_bytes, timeout, retries
        self.base = base
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
                with self._get(url, headers) as resp:
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

    def _get(self, url: str, headers: dict[str, str], max_redirects: int = 5) -> Any:
        """``requests.get`` following redirects only while they stay under :attr:`base` (any
        other is refused with :class:`FetchError` naming both URLs)."""
        from urllib.parse import urljoin

        import requests

        base = self.base or base_url()
        for _ in range(max_redirects + 1):
            if not inside_base(url, base):
                raise FetchError(f"refused {url}: outside the mirror's base {base}; fix {ENV_MIRROR}")
            resp = requests.get(
                url, stream=True, timeout=self.timeout, headers=headers, allow_redirects=False
            )
            if not resp.is_redirect:
                return resp
            target = urljoin(url, resp.headers.get("location", ""))
            resp.close()
            if not inside_base(target, base):
                raise FetchError(
                    f"refused the redirect from {url} to {target}: outside the mirror's base {base}. "
                    f"Fix {ENV_MIRROR} (or ask the mirror's owner); downloads never leave the base URL"
                )
            url = target
        raise FetchError(f"more than {max_redirects} redirects from {url}")


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
    base = base or base_url()
    url = check_url(url_of(o, base), base, o.file)
    dl = ResumableDownloader(part, base=base, expected_bytes=o.bytes, retries=retries, sleep=sleep, bar=bar)
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
        resp = exc.response
        status = f"{resp.status_code} {resp.reason}" if resp is not None else "HTTP error"
        raise FetchError(f"{o.file}: {status} from {url}") from exc
    except FetchError as exc:
        raise FetchError(f"{o.file}: {exc} (from {url})") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{o.file}: {type(exc).__name__} from {url}") from exc
    finally:
        logger.setLevel(level)
    return target
