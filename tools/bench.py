"""``make bench`` (``python tools/bench.py``, beside the tests, not in the installed package): how fast the collection runs and how its costs grow, as ratios to a floor.

Every figure is measured in the same run as a *floor*, so that a busy or slow machine moves both
and the ratio stays meaningful:

- **floor notebook**: a notebook that imports the stack, reads the S&P 500 panel, pivots it wide
  and draws one figure: the fixed cost any notebook of the collection pays;
- **each notebook**: its wall time (seconds) and its ratio to the floor; the goal bounds the
  sequential total at :data:`GOALS` ``["sequential_over_floor"]`` × (notebooks × floor);
- **the collection from scratch** with two workers, wall seconds and its ratio to as many floor
  notebooks run the same way, the least a collection of that many notebooks can take on this machine
  (goal: :data:`GOALS` ``["collection_over_floors"]``);
- **the execution cache** (:func:`cache_cases`, in a copy of the repository): ``make run`` with
  nothing changed (goal: :data:`GOALS` ``["unchanged_s"]`` seconds), after a one-line edit of one
  notebook's source (goal: that notebook and the scorecard, nothing else) and after a change of one
  data file's bytes (goal: exactly the notebooks that read it), each as a ratio to as many floors;
- **the cold set-up** (``--setup``, ``make bench SETUP=1``; it downloads the lock's packages): venv,
  uv and the lock from empty caches, and with the collection from scratch the fresh clone's
  ``make run`` (goal: :data:`GOALS` ``["fresh_clone_s"]`` seconds, the issue's absolute bound);
- **scale**: % of members above their 50/200-day averages and cap-weighted contributions on
  generated panels of 500, 1,500 and 5,000 tickers over 25 years (the largest ≈ 31 M rows), each
  in a fresh process, with its time (s) and peak memory (GB, the process's maximum resident set).
  The generated prices are benchmark inputs only (geometric random walks with a fixed seed); no
  result of the project is computed from them. Goal: cost linear in the tickers, and the 5,000
  panel under :data:`GOALS` ``["scale_s"]`` seconds and ``["scale_gb"]`` GB; linearity is judged from
  1,500 to 5,000 tickers (per-row cost ratio), the table shows it between each pair of sizes.

:func:`main` prints the table and returns 1 when a goal is missed, naming it and by how much.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

#: the goals, in the units of their names
GOALS = {
    "collection_over_floors": 1.3,
    "sequential_over_floor": 1.15,
    "unchanged_s": 2.0,
    "fresh_clone_s": 60.0,
    "scale_s": 30.0,
    "scale_gb": 4.0,
    "scale_linearity": 1.5,
}
SCALE_TICKERS = (500, 1500, 5000)
SCALE_YEARS = 25

_FLOOR = """\
import rotation as rt
rt.plots.set_theme()
px = rt.breadth.wide(rt.data.prices(None, panel="sp500"))
ax = px.iloc[:, :5].div(px.iloc[0, :5]).plot(legend=False)
"""


def floor_notebook(path: Path) -> Path:
    """Write the floor notebook (see the module docstring) to ``path``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(_FLOOR)]
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _timed_run(path: Path, out: Path) -> float:
    from rotation import notebooks

    t0 = time.perf_counter()
    notebooks.execute(path, output=out, max_passes=1)
    return time.perf_counter() - t0


def scale_case(n_tickers: int, years: int = SCALE_YEARS, seed: int = 0) -> dict[str, float]:
    """Generate a long panel of ``n_tickers`` × ``years`` of trading days, pivot it wide, compute %
    above the 50- and 200-day averages and the cap-weighted contributions over the last year.
    Returns ``rows``, ``seconds`` (after generation) and ``peak_gb`` of this process."""
    import resource

    import numpy as np
    import pandas as pd

    from rotation import breadth, contributions

    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2000-01-03", periods=252 * years)
    steps = rng.normal(0.0003, 0.02, size=(len(days), n_tickers)).astype("float64")
    closes = 50.0 * np.exp(np.cumsum(steps, axis=0))
    tickers = [f"T{i:05d}" for i in range(n_tickers)]
    long = pd.DataFrame(
        {
            "date": np.repeat(days.to_numpy(), n_tickers),
            "ticker": pd.Categorical.from_codes(np.tile(np.arange(n_tickers), len(days)), tickers),
            "close": closes.ravel(),
        }
    )
    del steps, closes
    t0 = time.perf_counter()
    wide = breadth.wide(long)
    for w in (50, 200):
        breadth.pct_above_ma(wide, w)
    caps = pd.Series(rng.lognormal(23, 1.5, n_tickers), index=tickers)
    contributions.cap_weighted_contributions(wide, caps, days[-252], days[-1])
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9  # Linux: kilobytes
    return {"rows": float(len(long)), "seconds": secs, "peak_gb": peak}


def _scale_in_child(n: int) -> dict[str, float]:
    here = str(Path(__file__).resolve().parent)
    code = f"import json, sys; sys.path.insert(0, {here!r}); import bench as b; print(json.dumps(b.scale_case({n})))"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if child.returncode != 0:
        from rotation.errors import RotationError

        raise RotationError(
            f"bench: the {n}-ticker scale case failed: "
            f"{(child.stderr.strip().splitlines() or ['no message'])[-1]}"
        )
    return json.loads(child.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# the execution cache: nothing changed, a one-line edit, a data change (in a copy of the repository)
# --------------------------------------------------------------------------------------------
EDIT_MARK = "import rotation as rt"


def copy_repository(root: Path, dest: Path) -> Path:
    """Copy the repository's tracked files (``git ls-files``; without git: everything but ``.venv``,
    ``build`` and ``.git``) and its recorded keys to ``dest``."""
    import shutil

    if dest.exists():
        shutil.rmtree(dest)
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True)
    if listed.returncode == 0 and listed.stdout:
        files = [root / f for f in listed.stdout.decode().split("\0") if f]
    else:
        skip = {".venv", "build", ".git"}
        files = [p for p in root.rglob("*") if p.is_file() and not skip & set(p.relative_to(root).parts)]
    files += sorted((root / "results" / ".keys").glob("*.json"))  # recorded, maybe not committed yet
    for f in files:
        if f.is_file():
            target = dest / f.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)
    return dest


def data_farm(dest: Path, sources: list[Path]) -> Path:
    """One folder of symlinks that resolves every file as the data sources do (the first source that
    has a file wins), for ``ROTATION_DATA``."""
    import shutil

    if dest.exists():
        shutil.rmtree(dest)
    for base in reversed(sources):
        if not base.is_dir():
            continue
        for f in base.rglob("*"):
            if f.is_file():
                link = dest / f.relative_to(base)
                link.parent.mkdir(parents=True, exist_ok=True)
                link.unlink(missing_ok=True)
                link.symlink_to(f.resolve())
    return dest


def _cli_run(copy: Path, env: dict[str, str], *extra: str) -> tuple[float, list[str]]:
    """``ensure-data`` then ``run`` in ``copy`` (as ``make run``): seconds and the notebooks executed."""
    import re

    from rotation.errors import RotationError

    t0 = time.perf_counter()
    out = ""
    for args in (["ensure-data"], ["run", *extra]):
        p = subprocess.run(
            [sys.executable, "-m", "rotation", *args],
            cwd=copy,
            env={**env, "ROTATION_ROOT": str(copy)},
            capture_output=True,
            text=True,
        )
        if p.returncode != 0:
            last = (p.stderr.strip() or p.stdout.strip() or "no message").splitlines()[-1]
            raise RotationError(f"bench: `{' '.join(args)}` in the copy {copy} failed: {last}")
        out += p.stdout
    return time.perf_counter() - t0, re.findall(r"^executed\s+notebooks/(\S+)\.ipynb", out, flags=re.M)


def _results_state(copy: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (copy / "results").glob("*.json")}


def _edit_target(copy: Path) -> Path | None:
    """The claim notebook's source to edit: the first with the line ``import rotation as rt``."""
    for src in sorted((copy / "notebooks" / "src").glob("[0-9][0-9]_*.py")):
        if not src.name.startswith("00_") and f"\n{EDIT_MARK}\n" in src.read_text():
            return src
    return None


def _data_target(copy: Path) -> tuple[str, list[str]] | None:
    """A data file that some but not all claim notebooks read (per their keys), the smallest CSV, with
    its readers."""
    readers: dict[str, set[str]] = {}
    claim_notebooks = set()
    for key in (copy / "results" / ".keys").glob("*.json"):
        doc = json.loads(key.read_text())
        stem = Path(doc["notebook"]).stem
        if not stem.startswith("00_"):
            claim_notebooks.add(stem)
        for rel in doc.get("inputs", {}).get("data", {}):
            readers.setdefault(rel, set()).add(stem)
    some = [
        r
        for r, who in readers.items()
        if r.endswith(".csv") and r != "MANIFEST.csv" and 0 < len(who) < len(claim_notebooks)
    ]
    if not some:
        return None
    rel = min(some, key=lambda r: (len(readers[r]), r))
    return rel, sorted(readers[rel])


Row = tuple[str, str, str, str]


class Report:
    """The table's rows (what, measured, ratio, goal) and the goals missed, in words."""

    def __init__(self, floor: float = 1.0) -> None:
        self.rows: list[Row] = []
        self.misses: list[str] = []
        self.floor = floor

    def ratio(self, secs: float, n: int) -> str:
        """``secs`` as a ratio to ``n`` floor notebooks (to one when ``n`` is 0)."""
        if not n:
            return f"{secs / self.floor:.2f}× of 1 floor"
        return f"{secs / (n * self.floor):.2f}× of {n} floor{'s' * (n != 1)}"


def cache_cases(
    out: Path, floor: float, workers: int = 2, *, collection_s: float | None = None
) -> tuple[list[Row], list[str]]:
    """``make run`` through the execution cache in a copy of the repository (``build/bench/repo``,
    data through a folder of symlinks): brought up to date, then with nothing changed (goal
    :data:`GOALS` ``["unchanged_s"]``), after a one-line edit of one notebook's source (goal: that
    notebook, and the scorecard if its results changed) and after a change of one data file's bytes
    (goal: exactly the notebooks whose key names it, and the scorecard if a result changed). Each
    time is given as a ratio to as many floor notebooks (``floor`` seconds each)."""
    import os

    from rotation import config

    rep = Report(floor)
    copy = copy_repository(config.repo_root(), out / "repo")
    farm = data_farm(out / "data", config.data_sources())
    env = {k: v for k, v in os.environ.items() if k not in (config.ENV_RESULTS, config.ENV_READS)}
    env[config.ENV_DATA] = str(farm)
    secs, ran = _cli_run(copy, env)
    rep.rows.append(
        (
            f"cache: bring the copy up to date ({len(ran)} executed)",
            f"{secs:.2f} s",
            rep.ratio(secs, len(ran)),
            "",
        )
    )
    secs, ran = _cli_run(copy, env)
    goal = GOALS["unchanged_s"]
    rep.rows.append(
        ("cache: make run, nothing changed", f"{secs:.2f} s", rep.ratio(secs, 0), f"≤ {goal:.0f} s")
    )
    if secs > goal:
        rep.misses.append(f"make run with nothing changed took {secs:.2f} s, goal ≤ {goal:.0f} s")
    if ran:
        rep.misses.append(f"make run with nothing changed executed {', '.join(ran)}")
    _edit_case(rep, copy, env)
    _data_case(rep, copy, farm, env)
    return rep.rows, rep.misses


def _edit_case(rep: Report, copy: Path, env: dict[str, str]) -> None:
    """A one-line edit of one notebook's source: that notebook runs (and the scorecard if a result changed)."""
    src = _edit_target(copy)
    if src is None:
        return
    before = _results_state(copy)
    src.write_text(
        src.read_text().replace(f"\n{EDIT_MARK}\n", f"\n{EDIT_MARK}  # bench: a one-line edit\n", 1)
    )
    secs, ran = _cli_run(copy, env)
    want = [src.stem] + (["00_scorecard"] if _results_state(copy) != before else [])
    rep.rows.append(
        (
            f"cache: one-line edit of {src.name} ({', '.join(ran) or 'nothing'})",
            f"{secs:.2f} s",
            rep.ratio(secs, len(ran)),
            f"runs {' + '.join(want)}",
        )
    )
    if sorted(ran) != sorted(want):
        rep.misses.append(f"a one-line edit of {src.name} executed {ran or 'nothing'}, expected {want}")


def _data_case(rep: Report, copy: Path, farm: Path, env: dict[str, str]) -> None:
    """New bytes in one data file some notebooks read: exactly those run (and the scorecard if a result changed)."""
    target = _data_target(copy)
    if target is None:
        return
    rel, readers = target
    before = _results_state(copy)
    changed = farm / rel
    data = changed.read_bytes()
    changed.unlink()
    changed.write_bytes(data + b"\n")  # new bytes, same table
    secs, ran = _cli_run(copy, env)
    want = readers + (["00_scorecard"] if _results_state(copy) != before else [])
    rep.rows.append(
        (
            f"cache: {rel} changed ({', '.join(ran) or 'nothing'})",
            f"{secs:.2f} s",
            rep.ratio(secs, len(ran)),
            f"runs {' + '.join(want)}",
        )
    )
    if sorted(ran) != sorted(want):
        rep.misses.append(f"a change of {rel} executed {ran or 'nothing'}, expected its readers {want}")


def cold_setup(folder: Path) -> float:
    """Seconds for the Makefile's set-up from empty caches (a fresh ``UV_CACHE_DIR``, no pip cache):
    ``python -m venv``, uv at the Makefile's version, ``requirements.lock`` with hashes, the project."""
    import os
    import re
    import shutil

    from rotation import config
    from rotation.errors import RotationError

    root = config.repo_root()
    version = re.search(r"^UV_VERSION\s*:=\s*(\S+)", (root / "Makefile").read_text(), flags=re.M)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    env = {**os.environ, "UV_CACHE_DIR": str(folder / "uv-cache"), "PIP_NO_CACHE_DIR": "1"}
    venv = folder / "venv"
    py, uv = venv / "bin" / "python", venv / "bin" / "uv"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(py), "-m", "pip", "install", "--quiet", f"uv=={version.group(1) if version else '0.13.9'}"],
        [
            str(uv),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(py),
            "--require-hashes",
            "-r",
            str(root / "requirements.lock"),
        ],
        [str(uv), "pip", "install", "--quiet", "--python", str(py), "--no-deps", "-e", str(root)],
    ]
    t0 = time.perf_counter()
    for cmd in steps:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if p.returncode != 0:
            raise RotationError(f"bench: set-up step `{' '.join(cmd[:4])}` failed: {p.stderr.strip()[-300:]}")
    secs = time.perf_counter() - t0
    shutil.rmtree(folder, ignore_errors=True)
    return secs


def main(*, scale: bool = True, workers: int = 2, cache: bool = True, setup: bool = False) -> int:
    """Measure, print the table, return 0 if every goal is met, else 1 (the misses are named)."""
    from rotation import config, notebooks

    out = config.repo_root() / "build" / "bench"
    rep = Report()
    _load_panels(rep)
    with config.environ({config.ENV_RESULTS: str(out / "results")}):  # committed results stay as they are
        rep.floor = _timed_run(floor_notebook(out / "floor.ipynb"), out / "floor_out.ipynb")
        rep.rows.append(
            ("floor notebook (imports, S&P 500 panel, one figure)", f"{rep.floor:.2f} s", "1.00×", "")
        )
        paths = notebooks.collection()
        _sequential(rep, paths, out)
        wall, floor_wall = _collection(rep, paths, out, workers)
    if cache:
        cache_rows, cache_misses = cache_cases(out, rep.floor, workers, collection_s=wall)
        rep.rows += cache_rows
        rep.misses += cache_misses
    if setup:
        _setup(rep, out, wall, floor_wall, len(paths))
    if scale:
        _scale(rep)
    return _print(rep)


def _load_panels(rep: Report) -> None:
    """Load every price panel in process (also the preflight: no kernel starts on missing data)."""
    from rotation import data, datasets
    from rotation.errors import RotationError

    t0 = time.perf_counter()
    try:
        for panel in datasets.PANELS:
            data.prices(panel=panel)
    except RotationError as exc:
        raise RotationError(f"bench: loading the price panels failed: {exc}") from None
    rep.rows.append(
        (
            f"load all {len(datasets.PANELS)} price panels, in process",
            f"{time.perf_counter() - t0:.2f} s",
            "",
            "",
        )
    )


def _sequential(rep: Report, paths: list[Path], out: Path) -> None:
    """Each notebook in turn, as a ratio to the floor; the total against its goal."""
    seq = 0.0
    for p in paths:
        secs = _timed_run(p, out / p.name)
        seq += secs
        rep.rows.append((p.name, f"{secs:.2f} s", f"{secs / rep.floor:.2f}×", ""))
    ratio = seq / (len(paths) * rep.floor)
    goal = GOALS["sequential_over_floor"]
    rep.rows.append(
        (
            f"sequential total ({len(paths)} notebooks)",
            f"{seq:.2f} s",
            f"{ratio:.2f}× of {len(paths)} floors",
            f"≤ {goal:.2f}×",
        )
    )
    if ratio > goal:
        rep.misses.append(
            f"sequential total is {ratio:.2f}× of {len(paths)} floors, goal ≤ {goal:.2f}× "
            f"(+{(ratio / goal - 1) * 100:.0f} %)"
        )


def _collection(rep: Report, paths: list[Path], out: Path, workers: int) -> tuple[float, float]:
    """The collection from scratch on ``workers``, against as many floor notebooks run the same way
    (the least that many notebooks can take here). Returns both wall times."""
    from rotation import notebooks

    t0 = time.perf_counter()
    notebooks.execute_all(paths, workers, out_dir=out / "parallel")
    wall = time.perf_counter() - t0
    floors = [floor_notebook(out / "floors" / f"floor_{i}.ipynb") for i in range(len(paths))]
    t0 = time.perf_counter()
    notebooks.execute_all(floors, workers, out_dir=out / "floors_out")
    floor_wall = time.perf_counter() - t0
    goal = GOALS["collection_over_floors"]
    rep.rows.append((f"{len(paths)} floor notebooks, {workers} workers", f"{floor_wall:.2f} s", "1.00×", ""))
    rep.rows.append(
        (
            f"collection from scratch, {workers} workers",
            f"{wall:.2f} s",
            f"{wall / floor_wall:.2f}× of {len(paths)} floors",
            f"≤ {goal:.2f}×",
        )
    )
    if wall / floor_wall > goal:
        rep.misses.append(
            f"the collection took {wall:.1f} s with {workers} workers, {wall / floor_wall:.2f}× of "
            f"{len(paths)} floor notebooks on the same workers ({floor_wall:.1f} s), goal ≤ {goal:.2f}×"
        )
    return wall, floor_wall


def _setup(rep: Report, out: Path, wall: float, floor_wall: float, n: int) -> None:
    """The cold set-up, and with the collection a fresh clone's ``make run``, against its goal."""
    secs = cold_setup(out / "setup")
    total = secs + wall
    goal = GOALS["fresh_clone_s"]
    rep.rows.append(("cold set-up (venv, uv, the lock; empty caches)", f"{secs:.1f} s", "", ""))
    rep.rows.append(
        (
            "fresh clone: set-up + collection from scratch",
            f"{total:.1f} s",
            f"{total / floor_wall:.2f}× of {n} floors",
            f"≤ {goal:.0f} s",
        )
    )
    if total > goal:
        rep.misses.append(f"a fresh clone's set-up and collection take {total:.1f} s, goal ≤ {goal:.0f} s")


def _scale(rep: Report) -> None:
    """The generated panels, each in a fresh process: time, peak memory and growth against linear."""
    res = {n: _scale_in_child(n) for n in SCALE_TICKERS}
    prev = None
    for n, r in res.items():
        growth = (
            ""
            if prev is None
            else f"{(r['seconds'] / res[prev]['seconds']) / (n / prev):.2f}× linear from {prev:,}"
        )
        goal = f"≤ {GOALS['scale_s']:.0f} s, {GOALS['scale_gb']:.0f} GB" if n == SCALE_TICKERS[-1] else ""
        what = f"scale: {n:,} tickers × {SCALE_YEARS} y ({r['rows'] / 1e6:.1f} M rows)"
        rep.rows.append((what, f"{r['seconds']:.2f} s, {r['peak_gb']:.2f} GB", growth, goal))
        prev = n
    big, mid = res[SCALE_TICKERS[-1]], res[SCALE_TICKERS[-2]]
    linearity = (big["seconds"] / mid["seconds"]) / (SCALE_TICKERS[-1] / SCALE_TICKERS[-2])
    if big["seconds"] > GOALS["scale_s"]:
        rep.misses.append(
            f"the {SCALE_TICKERS[-1]:,}-ticker panel took {big['seconds']:.1f} s, goal ≤ {GOALS['scale_s']:.0f} s"
        )
    if big["peak_gb"] > GOALS["scale_gb"]:
        rep.misses.append(
            f"the {SCALE_TICKERS[-1]:,}-ticker panel peaked at {big['peak_gb']:.2f} GB, goal ≤ {GOALS['scale_gb']:.0f} GB"
        )
    if linearity > GOALS["scale_linearity"]:
        rep.misses.append(
            f"cost grows {linearity:.2f}× faster than the tickers from {SCALE_TICKERS[-2]:,} to "
            f"{SCALE_TICKERS[-1]:,} (goal ≤ {GOALS['scale_linearity']:.1f}×: close to linear)"
        )


def _print(rep: Report) -> int:
    """Print the table and the missed goals; 1 if any was missed, else 0."""
    head = ("what", "measured", "ratio", "goal")
    w = [max(len(r[i]) for r in [head, *rep.rows]) + 2 for i in range(4)]
    for name, m, r, g in [head, *rep.rows]:
        print(f"{name:<{w[0]}}{m:>{w[1]}}{r:>{w[2]}}  {g}".rstrip())
    if rep.misses:
        print("\nMissed goals:\n  - " + "\n  - ".join(rep.misses))
        return 1
    print("\nEvery goal met.")
    return 0


def cli(argv: list[str] | None = None) -> int:
    """``python tools/bench.py [--setup] [--no-scale] [--no-cache]``: :func:`main` behind the command
    line's error boundary (a known failure is one line, exit 1)."""
    import argparse

    from rotation.__main__ import boundary

    p = argparse.ArgumentParser(prog="tools/bench.py", description=__doc__.split("\n")[0])
    p.add_argument("--no-scale", action="store_true", help="skip the generated-panel scale cases")
    p.add_argument("--no-cache", action="store_true", help="skip the execution-cache cases")
    p.add_argument("--setup", action="store_true", help="also time the cold set-up (downloads the lock)")
    args = p.parse_args(argv)
    return boundary(lambda: main(scale=not args.no_scale, cache=not args.no_cache, setup=args.setup))


if __name__ == "__main__":
    sys.exit(cli())
