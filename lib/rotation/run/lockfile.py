"""The environment files and their agreement: ``pyproject.toml`` (the direct pins), ``uv.lock`` (every
transitive pin, resolved by ``uv lock`` for Python 3.11 on every platform), ``requirements.lock``
(the same pins with the sha256 of every distribution, exported from ``uv.lock`` for pip and ``uv pip``)
and ``environment.yml`` (conda: Python 3.11 from conda-forge, then the same pins through pip).

``make lock`` re-resolves: ``uv lock``, ``uv export`` into ``requirements.lock``, then
``python -m rotation.run.lockfile`` writes ``environment.yml`` from ``requirements.lock``
(:func:`environment_yml`). ``tests/test_environment.py`` checks that the four agree.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

LOCK = "requirements.lock"
UV_LOCK = "uv.lock"
ENVIRONMENT = "environment.yml"

_REQ = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")


def normalise(name: str) -> str:
    """A distribution name as the lock files spell it (PEP 503: lower case, runs of ``-_.`` as ``-``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(pyproject: str) -> dict[str, str]:
    """``pyproject.toml``'s dependencies (its text): normalised name -> pinned version."""
    deps = tomllib.loads(pyproject)["project"]["dependencies"]
    return {normalise(n): v for n, v in (d.split("==") for d in deps)}


def requirements(text: str) -> dict[str, tuple[str, str]]:
    """The pins of a requirements file (``requirements.lock``): name -> (version, environment marker
    or ""). A name pinned twice under exclusive markers (one version for Python < 3.11.5, another
    above) keeps the version of its last line; both are in :func:`requirement_lines`."""
    return {n: (v, m) for n, v, m in requirement_lines(text)}


def requirement_lines(text: str) -> list[tuple[str, str, str]]:
    """Every ``name==version ; marker`` line of a requirements file, in order (hash lines,
    comments and options skipped)."""
    out = []
    for line in text.splitlines():
        m = _REQ.match(line)
        if m:
            out.append((normalise(m.group(1)), m.group(2), (m.group(3) or "").strip()))
    return out


def uv_lock_versions(uv_lock: str) -> dict[str, set[str]]:
    """``uv.lock``'s packages (its text) from the package index: name -> the versions it resolved
    (more than one when markers split the resolution); the project itself is left out."""
    out: dict[str, set[str]] = {}
    for p in tomllib.loads(uv_lock).get("package", []):
        if "registry" in p.get("source", {}):
            out.setdefault(normalise(p["name"]), set()).add(p["version"])
    return out


def environment_pins(text: str) -> list[tuple[str, str, str]]:
    """The ``name==version ; marker`` items of ``environment.yml``'s pip section, in order."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^\s+- (.+)$", line)
        if m:
            req = _REQ.match(m.group(1).strip())
            if req:
                out.append((normalise(req.group(1)), req.group(2), (req.group(3) or "").strip()))
    return out


def disagreements(pyproject: str, lock: str, uv_lock: str, environment: str) -> list[str]:
    """Where the four environment files (given as text) disagree, one line each; empty if they agree:
    every direct pin of ``pyproject.toml`` is the lock's, ``uv.lock``'s and ``environment.yml``'s; the
    lock and ``uv.lock`` hold the same versions; ``environment.yml`` names exactly the lock's pins
    (with their markers); every pin of the lock carries a sha256."""
    direct = direct_pins(pyproject)
    lines = requirement_lines(lock)
    pinned: dict[str, set[str]] = {}
    for n, v, _ in lines:
        pinned.setdefault(n, set()).add(v)
    uv = uv_lock_versions(uv_lock)
    env_lines = environment_pins(environment)
    env: dict[str, set[str]] = {}
    for n, v, _ in env_lines:
        env.setdefault(n, set()).add(v)
    out = []
    for name, version in sorted(direct.items()):
        for label, pins in ((LOCK, pinned), (UV_LOCK, uv), (ENVIRONMENT, env)):
            if pins.get(name) != {version}:
                got = ", ".join(sorted(pins.get(name, ()))) or "nothing"
                out.append(f"{name}: pyproject.toml pins {version}, {label} has {got}")
    for name in sorted(set(pinned) | set(uv)):
        if pinned.get(name) != uv.get(name):
            out.append(
                f"{name}: {LOCK} has {', '.join(sorted(pinned.get(name, ()))) or 'nothing'}, "
                f"{UV_LOCK} has {', '.join(sorted(uv.get(name, ()))) or 'nothing'} (run `make lock`)"
            )
    if env_lines != lines:
        missing = sorted(set(lines) - set(env_lines))
        extra = sorted(set(env_lines) - set(lines))
        out.append(
            f"{ENVIRONMENT} is not the lock's pins (run `make lock`): "
            f"missing {[f'{n}=={v}' for n, v, _ in missing]}, extra {[f'{n}=={v}' for n, v, _ in extra]}"
        )
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock)
    for block in blocks:
        m = _REQ.match(block.splitlines()[0]) if block.strip() else None
        if m and "--hash=sha256:" not in block:
            out.append(f"{normalise(m.group(1))}: no sha256 in {LOCK}")
    return out


HEADER = """\
# conda env create -f environment.yml && conda activate rotation
# Written by `make lock` from requirements.lock (python -m rotation.run.lockfile): every pin of the lock,
# through pip, then the project itself. tests/test_environment.py keeps it in step with
# requirements.lock, uv.lock and pyproject.toml. Do not edit by hand: edit pyproject.toml, run `make lock`.
"""


def environment_yml(lock_text: str) -> str:
    """``environment.yml`` for the pins of ``requirements.lock`` (markers kept, hashes dropped: conda's
    pip section cannot check hashes and install the project editable in one call)."""
    lines = [HEADER.rstrip("\n"), "name: rotation", "channels:", "  - conda-forge", "dependencies:"]
    lines += ["  - python=3.11", "  - pip", "  - pip:"]
    for name, version, marker in requirement_lines(lock_text):
        lines.append(f"      - {name}=={version}" + (f" ; {marker}" if marker else ""))
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def main(root: Path | None = None) -> int:
    """Write ``environment.yml`` from ``requirements.lock`` (``python -m rotation.run.lockfile``)."""
    from .. import config, io

    root = root or config.repo_root()
    io.write_text(root / ENVIRONMENT, environment_yml((root / LOCK).read_text()))
    print(f"wrote {ENVIRONMENT} from {LOCK}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
