"""Command line: ``python -m rotation <command>``.

- ``run [NOTEBOOK ...]``: execute notebooks in place (all by default) and build ``build/site``;
- ``bench``: time the import and data loads and each notebook's execution;
- ``refresh``: download fresh data with yfinance into the user cache (see ``rotation.live``);
- ``ensure-data``: download the data only if no source has it (used by ``make run``);
- ``adapt NOTEBOOK -p NAME VALUE ...``: rerun a notebook with other parameters into ``build/adapt``;
- ``fetch``: build the data folder from public sources into the user cache (see ``rotation.fetch``);
- ``snapshot OUT``: pack the data the notebooks read, with a manifest, into one archive;
- ``where``: print the data sources in search order.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _run(args: argparse.Namespace) -> int:
    from . import config, notebooks

    paths = [Path(p).resolve() for p in args.notebooks] or notebooks.collection()
    t0 = time.perf_counter()
    for p, secs in notebooks.execute_all(paths, workers=args.jobs).items():
        print(f"executed {p.relative_to(config.repo_root())} in {secs:.1f} s", flush=True)
    print(f"{len(paths)} notebook(s) in {time.perf_counter() - t0:.1f} s wall time")
    if not args.no_html:
        index = notebooks.build_site(notebooks.collection(), config.repo_root() / "build" / "site")
        print(f"HTML: {index.relative_to(config.repo_root())}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    import subprocess

    from . import config, notebooks

    code = ("import time; t=time.perf_counter(); import rotation as rt, rotation.data, pyarrow.parquet;"
            "t1=time.perf_counter();"
            "[rt.data.prices(panel=p) for p in rt.data.PANELS]; t2=time.perf_counter();"
            "print(f'{t1-t:.2f} {t2-t1:.2f}')")
    imp, load = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                               text=True).stdout.split()
    print(f"{'import rotation.data (pandas, pyarrow)':<40}{float(imp):>7.2f} s")
    print(f"{'load all snapshot prices (4 panels)':<40}{float(load):>7.2f} s   target < 0.5 s")
    out = config.repo_root() / "build" / "bench"
    total = 0.0
    for p in notebooks.collection():
        secs = notebooks.execute(p, output=out / p.name)
        total += secs
        print(f"{p.name:<40}{secs:>7.2f} s   target < 10 s")
    print(f"{'whole collection':<40}{total:>7.2f} s   target < 30 s")
    return 0


def _adapt(args: argparse.Namespace) -> int:
    import os

    from . import config, notebooks

    src = Path(args.notebook).resolve()
    params = {k: _value(v) for k, v in args.param}
    out = Path(args.out).resolve() if args.out else config.repo_root() / "build" / "adapt" / src.name
    if out == src:
        raise SystemExit("adapt writes a copy; choose an --out other than the committed notebook")
    results = out.parent / "results"
    os.environ[config.ENV_RESULTS] = str(results)  # the kernel inherits it: committed results stay intact
    secs = notebooks.execute(src, output=out, parameters=params, max_passes=1 if args.once else 2)
    page = notebooks.to_html(out, out.parent)
    root = config.repo_root()
    print(f"executed {src.name} with {params} in {secs:.1f} s")
    print(f"notebook: {out.relative_to(root) if out.is_relative_to(root) else out}")
    print(f"HTML:     {page.relative_to(root) if page.is_relative_to(root) else page}")
    print(f"verdicts: {results.relative_to(root) if results.is_relative_to(root) else results}")
    return 0


def _value(text: str):
    """A parameter value from the command line: JSON if it parses (numbers, lists), else text."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _where(args: argparse.Namespace) -> int:
    from . import config

    for i, d in enumerate(config.data_sources(), 1):
        print(f"{i}. {d} ({'present' if d.is_dir() else 'absent'})")
    print(f"results: {config.results_dir()}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from . import live

    return live.main(args)


def _fetch(args: argparse.Namespace) -> int:
    from . import fetch

    return fetch.main(args)


def _ensure(args: argparse.Namespace) -> int:
    from . import live

    return live.ensure_data(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rotation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="execute notebooks in place and build HTML")
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--jobs", type=int, default=2, help="claim notebooks executed at once (default 2)")
    p.set_defaults(func=_run)
    sub.add_parser("bench", help="time data loads and notebooks").set_defaults(func=_bench)
    p = sub.add_parser("adapt", help="rerun a notebook with other parameters into build/adapt")
    p.add_argument("notebook")
    p.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="a parameter of the notebook's parameters cell (value parsed as JSON if it can be)")
    p.add_argument("--out", help="output notebook (default build/adapt/<name>.ipynb)")
    p.add_argument("--once", action="store_true",
                   help="execute once (faster; the opening summary then shows the verdicts found before the run)")
    p.set_defaults(func=_adapt)
    sub.add_parser("where", help="print the data sources in search order").set_defaults(func=_where)
    p = sub.add_parser("refresh", help="download fresh data with yfinance into the user cache")
    p.add_argument("--tickers", nargs="*", help="only these tickers")
    p.add_argument("--panels", nargs="+", choices=["etf", "sp500", "sp1500", "index", "shares"],
                   help="files to refresh (default: etf sp500 index shares)")
    p.add_argument("--full", action="store_true", help="ignore the cached rows: download whole histories")
    p.add_argument("--batch-size", type=int, help="tickers per download request (default 50)")
    p.add_argument("--rerun", metavar="DIR",
                   help="then rerun every notebook with the cache preferred (data to the last market day) into "
                        "DIR (notebooks, results, site); committed notebooks and results/ stay untouched")
    p.add_argument("--as-of", metavar="DATE|last",
                   help="with --rerun: pass AS_OF to the notebooks ('last' = last market day with data); "
                        "default: keep their own AS_OF, the article's date")
    p.set_defaults(func=_refresh)
    sub.add_parser("ensure-data", help="download data only if no source has it").set_defaults(func=_ensure)
    p = sub.add_parser("fetch", help="build the data folder from public sources into the user cache (rotation.fetch)")
    p.add_argument("--panels", nargs="+", choices=["etf", "sp500", "sp1500", "index"],
                   help="only these yfinance price files (default: all four)")
    p.add_argument("--no-live", action="store_true", help="skip the yfinance price files")
    p.set_defaults(func=_fetch)
    p = sub.add_parser("snapshot", help="pack the data the notebooks read, with a manifest, into one archive")
    p.add_argument("out", help="the archive to write (.tar.gz)")
    p.add_argument("--from", dest="folder", help="pack this folder (default: each file from the first data source "
                                                  "that has it, as the notebooks read it)")
    p.set_defaults(func=_fetch)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
