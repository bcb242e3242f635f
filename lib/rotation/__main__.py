"""Command line: ``python -m rotation <command>``.

- ``run [NOTEBOOK ...]``: execute notebooks in place (all by default) and build ``build/site``;
- ``refresh``: download fresh data with yfinance into the user cache (see ``rotation.sources.refresh``);
- ``ensure-data``: fetch the data from its public origins only if no source has it (used by ``make run``);
- ``adapt NOTEBOOK -p NAME VALUE ...``: rerun a notebook with other parameters into its own folder;
- ``new-article ID``: write the notebook of an article added by registry rows (see
  ``rotation.run.article_notebook``);
- ``check [DATASET ... | results]``: validate the data files and the results;
- ``fetch``: build the data folder from public sources into the user cache (see ``rotation.sources.fetch``);
- ``snapshot OUT``: pack the data the notebooks read, with a manifest, into one archive (see
  ``rotation.sources.pack``);
- ``where``: print the data sources in search order.

Every command ends a failure it knows (bad data, a missing file, an unknown parameter, a failed
notebook, a full disk, Ctrl-C) with one message naming the culprit and what to do, and a non-zero
exit code; ``--debug`` (or ``ROTATION_DEBUG=1``) shows the traceback instead.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .errors import ParameterError, RotationError

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130


# --------------------------------------------------------------------------------------------
# the error boundary
# --------------------------------------------------------------------------------------------
def _os_message(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    what = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        folder = Path(exc.filename).parent if exc.filename else None
        return (
            f"cannot write{where}: {what}"
            + (f" (the file system of {folder})" if folder else "")
            + "; free disk space there, or point the output elsewhere, and run the command again. "
            "Files are written atomically: nothing was left half-written."
        )
    hint = {
        errno.ENOSPC: "free disk space and run the command again",
        errno.EACCES: "check the file's permissions",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "check the path",
    }.get(exc.errno or 0, "run the command again once this is fixed")
    return (
        f"cannot access{where}: {what}; {hint}. Files are written atomically: nothing was left half-written."
    )


def boundary(fn: Callable[[], int | None], *, debug: bool = False) -> int:
    """Run ``fn`` (a command) and return its exit code; a known failure is printed to stderr as
    one message without a traceback and returns 1 (130 for Ctrl-C). ``debug`` re-raises."""
    try:
        return int(fn() or 0)
    except KeyboardInterrupt as exc:
        if debug:
            raise
        from .run.notebooks import EXIT_TERMINATED, Terminated

        if isinstance(exc, Terminated):
            print(
                "terminated (SIGTERM): stopped; any kernel was stopped and its temporary folder removed. "
                "Files are written atomically, so none was left half-written.",
                file=sys.stderr,
            )
            return EXIT_TERMINATED
        print(
            "interrupted (Ctrl-C): stopped. Files are written atomically, so none was left half-written.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except RotationError as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        if debug:
            raise
        print(f"error: {_os_message(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(
            f"error: unexpected {type(exc).__name__}: {first}. This is a bug: rerun with --debug "
            "(or ROTATION_DEBUG=1) to see the traceback, and report it.",
            file=sys.stderr,
        )
        return EXIT_ERROR


# --------------------------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------------------------
def resolve_notebook(name: str) -> Path:
    """A notebook named by path, file name, stem or number (``04``, ``04_contrarian_consensus``)."""
    from .run import notebooks

    path = Path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    stem = path.name.removesuffix(".ipynb")
    known = notebooks.collection()
    hits = [p for p in known if p.stem == stem or p.stem.split("_")[0] == stem]
    if len(hits) == 1 and (path.suffix != ".ipynb" or path.name == hits[0].name):
        return hits[0]
    raise ParameterError(
        f"no notebook {name!r}; choose one of {', '.join(p.name for p in known)} (by path, name or number)"
    )


def _run(args: argparse.Namespace) -> int:
    """Execute the stale notebooks (all with ``--force``) through the execution cache
    (:mod:`rotation.run.runcache`), then build the site unless it is current."""
    from . import config
    from .run import runcache

    root = config.repo_root()
    paths = [resolve_notebook(p) for p in args.notebooks] or config.notebooks()
    t0 = time.perf_counter()
    ctx = runcache.Context.now(root)
    outcome = runcache.run(
        paths, workers=args.jobs, force=args.force, ctx=ctx, say=lambda s: print(s, flush=True)
    )
    n = len(outcome.executed)
    print(
        f"{n} notebook(s) executed, {len(outcome.up_to_date)} up to date, in "
        f"{time.perf_counter() - t0:.1f} s wall time"
    )
    if not args.no_html:
        out = root / "build" / "site"
        collection = config.notebooks()
        key = runcache.site_key(collection, ctx)
        if not args.force and runcache.site_is_current(out, key):
            print(f"HTML: {(out / 'index.html').relative_to(root)} (up to date)")
        else:
            from .run import site

            reuse = set() if args.force else runcache.reusable_pages(out, collection, ctx)
            index = site.build_site(collection, out, reuse=reuse)
            runcache.mark_site(out, key, collection, ctx)
            kept = f" ({len(reuse)} notebook page(s) unchanged, kept)" if reuse else ""
            print(f"HTML: {index.relative_to(root)}{kept}")
    return 0


def _adapt(args: argparse.Namespace) -> int:
    from . import config
    from .run import adapt, notebooks, site

    src = resolve_notebook(args.notebook)
    params = adapt.parse_parameters(src, args.param)
    folder, out = adapt.adapt_paths(src, params, args.out)
    results = folder / "results"
    with config.environ(
        {config.ENV_RESULTS: str(results)}
    ):  # the kernel inherits it: committed results stay intact
        secs = notebooks.execute(src, output=out, parameters=params, max_passes=1)
    page = site.to_html(out, folder, banner=adapt.banner(src, params))
    adapt.retarget_links(page)
    root = config.repo_root()

    def rel(p: Path) -> str:
        return str(p.relative_to(root)) if p.is_relative_to(root) else str(p)

    print(f"executed {src.name} with {params or 'its default parameters'} in {secs:.1f} s")
    print(f"notebook: {rel(out)}")
    print(f"HTML:     {rel(page)}")
    print(f"verdicts: {rel(results)} (committed → this run)")
    for line in adapt.verdict_lines(results, notebooks._claim_ids(src) or None):
        print(line)
    return 0


def _new_article(args: argparse.Namespace) -> int:
    from . import config
    from .run import article_notebook

    src, nb = article_notebook.write(args.article)
    root = config.repo_root()
    print(f"wrote {src.relative_to(root)} and {nb.relative_to(root)}")
    print(f"run it: {config.CLI} run {nb.relative_to(root)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Validate the named datasets (default: every one found), with ``project`` (default) every
    CSV of the project's ``data/`` against its schema, with ``results`` (default) the
    results against their notebooks, with ``notebooks`` (default) say which notebooks are stale
    against their recorded key and why. The EPS workbooks' manifest is checked with every
    workbook it lists opened and parsed, as notebook 02 reads them."""
    from . import config
    from .inputs import datasets

    names = args.datasets or [*datasets.DATASETS, "project", "results", "notebooks"]
    problems = 0
    for name in names:
        if name == "project":
            from .inputs import project_files

            print("\n".join(project_files.check_all()))
            continue
        if name == "results":
            from .verdicts import claims

            claims.load_results(strict=True)
            print(f"{config.results_dir()}: ok (every claim current)")
            continue
        if name == "notebooks":
            from .run import runcache

            ctx = runcache.Context.now()
            stale = 0
            for p in config.notebooks():
                st = runcache.status(p, ctx)
                stale += st.stale
                print(st.line(ctx.root))
            ctx.hasher.save()
            if stale:
                print(f"{stale} notebook(s) stale: `make run` executes them")
            if stale and args.datasets:
                problems += 1
            continue
        if not args.datasets and not any((d / name).is_file() for d in config.data_sources()):
            print(f"{name}: missing from every data source")
            problems += 1
            continue
        from .inputs import data, eps_workbooks

        print(data.check_file(name))
        if datasets.DATASETS[name].loader == "eps_workbooks":
            wb = eps_workbooks.eps_vintages(cache="read")
            print(
                f"  {len(wb['files'])} EPS workbooks: ok ({wb['files']['vintage_date'].nunique()} vintages, "
                "every sheet parsed)"
            )
    return 1 if problems else 0


def _where(args: argparse.Namespace) -> int:
    from . import config

    for i, d in enumerate(config.data_sources(), 1):
        print(f"{i}. {d} ({'present' if d.is_dir() else 'absent'})")
    print(f"results: {config.results_dir()}")
    return 0


def _print_rerun(result: dict, out_dir: Path) -> None:
    from . import config

    root = config.repo_root()

    def rel(p: Path) -> str:
        return str(p.relative_to(root)) if p.is_relative_to(root) else str(p)

    asof = f"AS_OF={result['as_of']}" if result["as_of"] else "each notebook's own AS_OF (the article's date)"
    print(
        f"Notebooks rerun on data to {result['data_end']} (cache preferred), {asof}, into {rel(out_dir)}; "
        "the committed notebooks and results/ are unchanged."
    )
    for r in result["changes"]:
        flag = "" if r["committed"] == r["updated"] else "   <- changed"
        print(
            f"  {r['id']:<4} {str(r['committed']):<20} -> {str(r['updated']):<20} "
            f"(measured {r['measured_committed']} -> {r['measured_updated']}, data to {r['data_end']}){flag}"
        )
    for p, err in result["failed"].items():
        print(f"  FAILED {rel(p)}: {err}")
    if result["site"] is not None:
        print(f"HTML: {rel(result['site'])}")


def _refresh(args: argparse.Namespace) -> int:
    """``refresh``: refresh the cache, print the report, then (``--rerun DIR``) rerun the
    notebooks into DIR. 0 on success; 1 if offline, if a file could not be written, if every
    download failed or if a rerun notebook failed."""
    from .run import update
    from .sources import refresh, refresh_plan, yahoo

    panels = getattr(args, "panels", None) or list(refresh_plan.DEFAULT_PANELS)
    policy = yahoo.RetryPolicy(batch_size=getattr(args, "batch_size", None) or yahoo.RetryPolicy.batch_size)
    report = refresh.refresh(
        panels, getattr(args, "tickers", None) or None, full=bool(getattr(args, "full", False)), policy=policy
    )
    print(report.format(), flush=True)
    out = getattr(args, "rerun", None)
    if out:
        if not report.ok:
            print("Rerunning the notebooks on the data already on this machine (see above).", flush=True)
        out_dir = Path(out)
        result = update.rerun(out_dir, as_of=getattr(args, "as_of", None))
        _print_rerun(result, out_dir.resolve())
        if not report.ok:
            print("The data were NOT fully refreshed (see the report above).")
        if result["failed"]:
            return 1
    return 0 if report.ok else 1


def _fetch(args: argparse.Namespace) -> int:
    """``fetch``: build the data folder into the user cache (:func:`rotation.sources.fetch.fetch`) and print
    its report. 0 if the folder is complete, 1 otherwise (one clear line per file that could not
    be had; no traceback)."""
    from . import config
    from .sources import download, fetch

    cache = config.cache_dir()
    print(f"Fetching the data into {cache} (pinned files from {download.base_url()}) ...", flush=True)
    report = fetch.fetch(panels=getattr(args, "panels", None), live_data=not getattr(args, "no_live", False))
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


def _snapshot(args: argparse.Namespace) -> int:
    """``snapshot OUT``: pack the data the notebooks read into one archive (:func:`rotation.sources.pack.pack`).
    0 on success; 1 with one line naming the files no source has."""
    from . import config
    from .sources import download, pack

    try:
        out = pack.pack(
            Path(args.out),
            folder=Path(args.folder) if getattr(args, "folder", None) else None,
            force=bool(getattr(args, "force", False)),
        )
    except download.FetchError as exc:
        print(exc)
        return 1
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; every file's bytes verified against its MANIFEST.csv); "
        f"unpack it and set {config.ENV_DATA} to its folder"
    )
    return 0


def _ensure(args: argparse.Namespace) -> int:
    """Nothing to do when every file the notebooks read is in some data source. Otherwise (and with
    ``ROTATION_DATA`` unset) build the whole data folder from its public origins into the user cache
    (``python -m rotation fetch``: pinned copies verified by hash, derived files, yfinance series)."""
    import os

    from . import config
    from .inputs import datasets

    sources = config.data_sources()
    if all(any((d / rel).is_file() for d in sources) for rel in datasets.needed_files()):
        return 0  # every file is there (without importing the data layer: `make run` stays fast)
    from .sources import fetch

    missing = fetch.missing_files()
    if not missing or os.environ.get(config.ENV_DATA):
        return fetch.ensure_data()  # nothing missing, or ROTATION_DATA set: its own message
    print("Data missing from every source: " + ", ".join(missing))
    return _fetch(argparse.Namespace(command="fetch", panels=None, no_live=False))


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m rotation", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of a failure (or ROTATION_DEBUG=1)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_run(sub)
    _add_articles_and_checks(sub)
    _add_refresh(sub)
    _add_data(sub)
    return parser


def _add_run(sub: argparse._SubParsersAction) -> None:
    """The commands ``run``, ``adapt``."""
    p = sub.add_parser("run", help="execute notebooks in place and build HTML")
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--jobs", type=int, default=2, help="claim notebooks executed at once (default 2)")
    p.add_argument(
        "--force", action="store_true", help="execute every notebook, even those whose key is unchanged"
    )
    p.set_defaults(func=_run)
    p = sub.add_parser("adapt", help="rerun a notebook with other parameters into its own folder")
    p.add_argument("notebook", help="path, name or number of the notebook (e.g. 04)")
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help='a parameter of the notebook\'s parameters cell (lists as JSON: \'["XLB", "XLK"]\')',
    )
    p.add_argument(
        "--out",
        help="output folder, or notebook path whose folder receives the page and results/ "
        "(default build/adapt/<name>__<parameters>/)",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="execute once (faster; the opening summary then shows the verdicts found before the run)",
    )
    p.set_defaults(func=_adapt)


def _add_articles_and_checks(sub: argparse._SubParsersAction) -> None:
    """The commands ``new-article``, ``check``, ``where``."""
    p = sub.add_parser("new-article", help="write the notebook of an article its registry rows decide")
    p.add_argument("article", help="an id of data/articles.csv")
    p.set_defaults(func=_new_article)
    p = sub.add_parser("check", help="validate the data files and the results")
    p.add_argument(
        "datasets",
        nargs="*",
        help="relative paths (prices/etf_daily.parquet ...), 'project' (data/*.csv), 'results' or "
        "'notebooks' (stale against their key)",
    )
    p.set_defaults(func=_check)
    sub.add_parser("where", help="print the data sources in search order").set_defaults(func=_where)


def _add_refresh(sub: argparse._SubParsersAction) -> None:
    """The commands ``refresh``."""
    p = sub.add_parser("refresh", help="download fresh data with yfinance into the user cache")
    p.add_argument("--tickers", nargs="*", help="only these tickers")
    p.add_argument(
        "--panels",
        nargs="+",
        choices=["etf", "sp500", "sp1500", "index", "shares"],
        help="files to refresh (default: etf sp500 index shares)",
    )
    p.add_argument("--full", action="store_true", help="ignore the cached rows: download whole histories")
    p.add_argument("--batch-size", type=int, help="tickers per download request (default 50)")
    p.add_argument(
        "--rerun",
        metavar="DIR",
        help="then rerun every notebook with the cache preferred (data to the last market day) into "
        "DIR (notebooks, results, site); committed notebooks and results/ stay untouched",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE|last",
        help="with --rerun: pass AS_OF to the notebooks ('last' = last market day with data); "
        "default: keep their own AS_OF, the article's date",
    )
    p.set_defaults(func=_refresh)


def _add_data(sub: argparse._SubParsersAction) -> None:
    """The commands ``ensure-data``, ``fetch``, ``snapshot``."""
    sub.add_parser("ensure-data", help="download data only if no source has it").set_defaults(func=_ensure)
    p = sub.add_parser(
        "fetch", help="build the data folder from public sources into the user cache (rotation.sources.fetch)"
    )
    p.add_argument(
        "--panels",
        nargs="+",
        choices=["etf", "sp500", "sp1500", "index"],
        help="only these yfinance price files (default: all four)",
    )
    p.add_argument("--no-live", action="store_true", help="skip the yfinance price files")
    p.set_defaults(func=_fetch)
    p = sub.add_parser("snapshot", help="pack the data the notebooks read, with a manifest, into one archive")
    p.add_argument("out", help="the archive to write (.tar.gz), outside the repository or under build/")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument(
        "--from",
        dest="folder",
        help="pack this folder (default: each file from the first data source "
        "that has it, as the notebooks read it)",
    )
    p.set_defaults(func=_snapshot)


def main(argv: list[str] | None = None) -> int:
    from . import config

    args = parser().parse_args(argv)
    debug = bool(args.debug) or os.environ.get(config.ENV_DEBUG, "") not in ("", "0")
    if argv is None:  # the command-line process (not a test calling main): SIGTERM acts like Ctrl-C
        from .run.notebooks import handle_sigterm

        handle_sigterm()
    return boundary(lambda: args.func(args), debug=debug)


if __name__ == "__main__":
    sys.exit(main())
