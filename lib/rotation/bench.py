"""``make bench``: how fast the collection runs and how its costs grow, as ratios to a floor.

Every figure is measured in the same run as a *floor*, so that a busy or slow machine moves both
and the ratio stays meaningful:

- **floor notebook**: a notebook that imports the stack, reads the S&P 500 panel, pivots it wide
  and draws one figure: the fixed cost any notebook of the collection pays;
- **each notebook**: its wall time (seconds) and its ratio to the floor; the goal bounds the
  sequential total at :data:`GOALS` ``["sequential_over_floor"]`` × (notebooks × floor);
- **the collection** with two workers, wall seconds (goal: :data:`GOALS` ``["collection_s"]``),
  beside as many floor notebooks run the same way: the least a collection of that many
  notebooks can take on this machine;
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
    "collection_s": 15.0,
    "sequential_over_floor": 1.1,
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
    from . import notebooks

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

    from . import breadth, contributions

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
    code = f"import json, rotation.bench as b; print(json.dumps(b.scale_case({n})))"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if child.returncode != 0:
        from .errors import RotationError

        raise RotationError(
            f"bench: the {n}-ticker scale case failed: "
            f"{(child.stderr.strip().splitlines() or ['no message'])[-1]}"
        )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main(*, scale: bool = True, workers: int = 2) -> int:
    """Measure, print the table, return 0 if every goal is met, else 1 (the misses are named)."""
    from . import config, data, datasets, notebooks
    from .errors import RotationError

    out = config.repo_root() / "build" / "bench"
    misses: list[str] = []
    rows: list[tuple[str, str, str, str]] = []
    t0 = time.perf_counter()
    try:  # also the preflight: no kernel starts when the data are missing or damaged
        for panel in datasets.PANELS:
            data.prices(panel=panel)
    except RotationError as exc:
        raise RotationError(f"bench: loading the price panels failed: {exc}") from None
    rows.append(
        (
            f"load all {len(datasets.PANELS)} price panels, in process",
            f"{time.perf_counter() - t0:.2f} s",
            "",
            "",
        )
    )
    with config.environ({config.ENV_RESULTS: str(out / "results")}):  # committed results stay as they are
        floor = _timed_run(floor_notebook(out / "floor.ipynb"), out / "floor_out.ipynb")
        rows.append(("floor notebook (imports, S&P 500 panel, one figure)", f"{floor:.2f} s", "1.00×", ""))
        seq = 0.0
        paths = notebooks.collection()
        for p in paths:
            secs = _timed_run(p, out / p.name)
            seq += secs
            rows.append((p.name, f"{secs:.2f} s", f"{secs / floor:.2f}×", ""))
        ratio = seq / (len(paths) * floor)
        goal = GOALS["sequential_over_floor"]
        rows.append(
            (
                f"sequential total ({len(paths)} notebooks)",
                f"{seq:.2f} s",
                f"{ratio:.2f}× of {len(paths)} floors",
                f"≤ {goal:.2f}×",
            )
        )
        if ratio > goal:
            misses.append(
                f"sequential total is {ratio:.2f}× of {len(paths)} floors, goal ≤ {goal:.2f}× "
                f"(+{(ratio / goal - 1) * 100:.0f} %)"
            )
        t0 = time.perf_counter()
        notebooks.execute_all(paths, workers, out_dir=out / "parallel")
        wall = time.perf_counter() - t0
        # the least a collection of this many notebooks can take here: as many floor notebooks,
        # on the same workers (kernel starts, the stack's imports, one panel and one figure each)
        floors = [floor_notebook(out / "floors" / f"floor_{i}.ipynb") for i in range(len(paths))]
        t0 = time.perf_counter()
        notebooks.execute_all(floors, workers, out_dir=out / "floors_out")
        floor_wall = time.perf_counter() - t0
    goal = GOALS["collection_s"]
    rows.append(
        (
            f"{len(paths)} floor notebooks, {workers} workers",
            f"{floor_wall:.2f} s",
            "1.00×",
            "",
        )
    )
    rows.append(
        (
            f"collection, {workers} workers",
            f"{wall:.2f} s",
            f"{wall / floor_wall:.2f}× of {len(paths)} floors",
            f"≤ {goal:.0f} s",
        )
    )
    if wall > goal:
        misses.append(
            f"the collection took {wall:.1f} s with {workers} workers, goal ≤ {goal:.0f} s "
            f"(+{(wall / goal - 1) * 100:.0f} %); {len(paths)} floor notebooks alone take "
            f"{floor_wall:.1f} s on the same workers"
        )
    if scale:
        res = {n: _scale_in_child(n) for n in SCALE_TICKERS}
        prev = None
        for n, r in res.items():
            growth = (
                ""
                if prev is None
                else (f"{(r['seconds'] / res[prev]['seconds']) / (n / prev):.2f}× linear from {prev:,}")
            )
            rows.append(
                (
                    f"scale: {n:,} tickers × {SCALE_YEARS} y ({r['rows'] / 1e6:.1f} M rows)",
                    f"{r['seconds']:.2f} s, {r['peak_gb']:.2f} GB",
                    growth,
                    f"≤ {GOALS['scale_s']:.0f} s, {GOALS['scale_gb']:.0f} GB"
                    if n == SCALE_TICKERS[-1]
                    else "",
                )
            )
            prev = n
        big, mid = res[SCALE_TICKERS[-1]], res[SCALE_TICKERS[-2]]
        growth = (big["seconds"] / mid["seconds"]) / (SCALE_TICKERS[-1] / SCALE_TICKERS[-2])
        if big["seconds"] > GOALS["scale_s"]:
            misses.append(
                f"the {SCALE_TICKERS[-1]:,}-ticker panel took {big['seconds']:.1f} s, goal ≤ {GOALS['scale_s']:.0f} s"
            )
        if big["peak_gb"] > GOALS["scale_gb"]:
            misses.append(
                f"the {SCALE_TICKERS[-1]:,}-ticker panel peaked at {big['peak_gb']:.2f} GB, goal ≤ {GOALS['scale_gb']:.0f} GB"
            )
        if growth > GOALS["scale_linearity"]:
            misses.append(
                f"cost grows {growth:.2f}× faster than the tickers from {SCALE_TICKERS[-2]:,} to "
                f"{SCALE_TICKERS[-1]:,} (goal ≤ {GOALS['scale_linearity']:.1f}×: close to linear)"
            )
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'what':<{width}}{'measured':>22}{'ratio':>26}{'goal':>22}")
    for name, m, r, g in rows:
        print(f"{name:<{width}}{m:>22}{r:>26}{g:>22}")
    if misses:
        print("\nMissed goals:\n  - " + "\n  - ".join(misses))
        return 1
    print("\nEvery goal met.")
    return 0
