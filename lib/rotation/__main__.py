"""Command line: ``python -m rotation <command>``.

- ``run [NOTEBOOK ...]``: execute notebooks in place (all by default) and build ``build/site``;
- ``bench``: time the import and data loads and each notebook's execution;
- ``refresh``: download fresh data with yfinance into the user cache (see ``rotation.refresh``);
- ``ensure-data``: fetch the data from its public origins only if no source has it (used by ``make run``);
- ``adapt NOTEBOOK -p NAME VALUE ...``: rerun a notebook with other parameters into its own folder;
- ``check [DATASET ... | results]``: validate the data files and the results;
- ``fetch``: build the data folder from public sources into the user cache (see ``rotation.fetch``);
- ``snapshot OUT``: pack the data the notebooks read, with a manifest, into one archive (see
  ``rotation.pack``);
- ``where``: print the data sources in search order.

Every command ends a failure it knows (bad data, a missing file, an unknown parameter, a failed
notebook, a full disk, Ctrl-C) with one message naming the culprit and what to do, and a non-zero
exit code; ``--debug`` (or ``ROTATION_DEBUG=1``) shows the traceback instead.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
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
    except KeyboardInterrupt:
        if debug:
            raise
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
    from . import notebooks

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
    from . import config, notebooks

    paths = [resolve_notebook(p) for p in args.notebooks] or notebooks.collection()
    t0 = time.perf_counter()
    for p, secs in notebooks.execute_all(paths, workers=args.jobs).items():
        print(f"executed {p.relative_to(config.repo_root())} in {secs:.1f} s", flush=True)
    print(f"{len(paths)} notebook(s) in {time.perf_counter() - t0:.1f} s wall time")
    if not args.no_html:
        index = notebooks.build_site(notebooks.collection(), config.repo_root() / "build" / "site")
        print(f"HTML: {index.relative_to(config.repo_root())}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from . import bench

    return bench.main(scale=not getattr(args, "no_scale", False))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_value(notebook: str, name: str, text: str, default):
    """A command-line value for parameter ``name`` of a notebook, checked against the kind of its
    default: a JSON list (dict) for a list (dict), a JSON number for a number, an ISO date for
    a date, text for text; ``ParameterError`` naming the parameter and an example otherwise."""
    import json

    import pandas as pd

    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        parsed = None
        is_json = False
    else:
        is_json = True
    if isinstance(default, (list, tuple)):
        if not (is_json and isinstance(parsed, list)):
            example = json.dumps(list(default)[:2])
            raise ParameterError(
                f"{notebook}: {name} takes a JSON list such as '{example}'; got {text!r}"
                + ("" if is_json else ' (not valid JSON: quote each text item with ")')
            )
        return parsed
    if isinstance(default, dict):
        if not (is_json and isinstance(parsed, dict)):
            raise ParameterError(
                f"{notebook}: {name} takes a JSON object such as '{json.dumps(default)[:60]}'; got {text!r}"
            )
        return parsed
    if isinstance(default, bool):
        if not (is_json and isinstance(parsed, bool)):
            raise ParameterError(f"{notebook}: {name} takes true or false; got {text!r}")
        return parsed
    if isinstance(default, (int, float)):
        if not (is_json and isinstance(parsed, (int, float)) and not isinstance(parsed, bool)):
            raise ParameterError(f"{notebook}: {name} takes a number such as {default!r}; got {text!r}")
        return parsed
    if default is None and is_json and parsed is None:
        return None
    value = parsed if is_json and isinstance(parsed, str) else text
    dated = (
        isinstance(default, str) and _DATE.match(default) or default is None and re.match(r"^\d{4}-", value)
    )
    if dated:
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            pd.Timestamp(value)
        except ValueError:
            raise ParameterError(
                f"{notebook}: {name} takes a date YYYY-MM-DD such as {default or '2026-05-29'}; got {text!r}"
            ) from None
    return value


def parse_parameters(notebook: Path, pairs: list[tuple[str, str]]) -> dict:
    """Command-line ``-p NAME VALUE`` pairs as notebook parameters: every name must be in the
    notebook's ``parameters`` cell, every value of the kind of its default, every ticker known
    to the data (where the default is a ticker or a list of tickers)."""
    from . import claims, data

    defaults = claims.notebook_parameters(notebook)
    unknown = [k for k, _ in pairs if k not in defaults]
    if unknown:
        raise ParameterError(
            f"{notebook.name} has no parameter {', '.join(unknown)}; its parameters are "
            f"{', '.join(defaults) or 'none'}"
        )
    params = {k: parse_value(notebook.name, k, v, defaults[k]) for k, v in pairs}
    checks = {k: v for k, v in params.items() if isinstance(defaults[k], (str, list, tuple))}
    if checks:
        known = data.known_tickers()

        def tickers(v) -> list[str] | None:
            items = [v] if isinstance(v, str) else list(v)
            return items if items and all(isinstance(i, str) for i in items) else None

        for k, v in checks.items():
            was = tickers(defaults[k])
            if was and all(t in known for t in was):  # the default names tickers: so must the value
                new = tickers(v) or []
                missing = [t for t in new if t not in known]
                if missing:
                    raise ParameterError(
                        f"{notebook.name}: {k} names unknown ticker(s) {', '.join(missing)}: "
                        "no data source has them. Check the spelling, or fetch them with "
                        f"`python -m rotation refresh --tickers {' '.join(missing)}`"
                    )
    return params


def _slug(params: dict) -> str:
    import hashlib
    import json

    text = "_".join(f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in params.items())
    text = re.sub(r"[^A-Za-z0-9_=.,^-]+", "-", text).strip("-")
    if len(text) > 80:
        text = hashlib.sha256(text.encode()).hexdigest()[:12]
    return text or "defaults"


def adapt_paths(src: Path, params: dict, out: str | None) -> tuple[Path, Path]:
    """The run's folder and output notebook: ``build/adapt/<name>__<parameters>/<name>.ipynb``
    by default; ``--out DIR`` or ``--out DIR/<file>.ipynb`` otherwise. A folder inside the
    repository must be under ``build/``: an adapted run never writes beside committed files."""
    from . import config

    root = config.repo_root()
    if out is None:
        folder = root / "build" / "adapt" / f"{src.stem}__{_slug(params)}"
        return folder, folder / src.name
    o = Path(out).expanduser().resolve()
    folder, nb = (o.parent, o) if o.suffix == ".ipynb" else (o, o / src.name)
    protected = [root / d for d in ("notebooks", "results", "data", "lib", "tests")] + list(
        config.data_sources()
    )
    inside = [d for d in protected if folder == d.resolve() or folder.is_relative_to(d.resolve())]
    if (
        inside
        or folder == root
        or (folder.is_relative_to(root) and not folder.is_relative_to(root / "build"))
    ):
        where = inside[0] if inside else folder
        raise ParameterError(
            f"--out {out}: an adapted run writes its notebook, page and results/ into "
            f"{folder}, which is inside {where}; choose a folder under build/ or outside "
            "the repository"
        )
    return folder, nb


def _retarget_links(page: Path) -> None:
    """In an adapted page, point links to the other notebooks' pages at the site built from the
    committed notebooks (``build/site``) if it exists, else remove them (keeping their text)."""
    from . import config

    site = config.repo_root() / "build" / "site"
    body = page.read_text()

    def fix(m: re.Match) -> str:
        name, anchor, text = m.group(2), m.group(3) or "", m.group(5)
        if (page.parent / f"{name}.html").is_file():
            return m.group(0)
        if (site / f"{name}.html").is_file():
            rel = os.path.relpath(site / f"{name}.html", page.parent)
            return f'<a{m.group(1)}href="{rel}{anchor}"{m.group(4)}>{text}</a>'
        return text

    link = re.compile(
        r'<a([^>]*?)href="(?:\./)?([0-9]{2}_[A-Za-z0-9_]+)\.html(#[^"]*)?"([^>]*)>(.*?)</a>', flags=re.S
    )
    from . import io

    io.write_text(page, link.sub(fix, body))


def verdict_lines(results: Path, ids: list[str] | None = None) -> list[str]:
    """``"B2: supported → not supported"`` per claim in ``results`` against the committed ones."""
    from . import notebooks

    lines = []
    for r in notebooks.verdict_changes(results):
        if ids is not None and r["id"] not in ids:
            continue
        mark = "" if r["committed"] == r["updated"] else "   <- changed"
        lines.append(
            f"  {r['id']}: {r['committed'] or 'no committed verdict'} → {r['updated']}"
            f" (measured {r['measured_committed']} → {r['measured_updated']}){mark}"
        )
    return lines


def _adapt(args: argparse.Namespace) -> int:
    from . import config, notebooks

    src = resolve_notebook(args.notebook)
    params = parse_parameters(src, args.param)
    folder, out = adapt_paths(src, params, args.out)
    results = folder / "results"
    with config.environ(
        {config.ENV_RESULTS: str(results)}
    ):  # the kernel inherits it: committed results stay intact
        secs = notebooks.execute(src, output=out, parameters=params, max_passes=1 if args.once else 2)
    page = notebooks.to_html(out, folder)
    _retarget_links(page)
    root = config.repo_root()

    def rel(p: Path) -> str:
        return str(p.relative_to(root)) if p.is_relative_to(root) else str(p)

    print(f"executed {src.name} with {params or 'its default parameters'} in {secs:.1f} s")
    print(f"notebook: {rel(out)}")
    print(f"HTML:     {rel(page)}")
    print(f"verdicts: {rel(results)} (committed → this run)")
    for line in verdict_lines(results, notebooks._claim_ids(src) or None):
        print(line)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Validate the named datasets (default: every one found) and, with ``results`` (default),
    the results against their notebooks."""
    from . import claims, config, data, datasets

    names = args.datasets or [*datasets.DATASETS, "results"]
    problems = 0
    for name in names:
        if name == "results":
            claims.load_results(strict=True)
            print(f"{config.results_dir()}: ok (every claim current)")
            continue
        if not args.datasets and not any((d / name).is_file() for d in config.data_sources()):
            print(f"{name}: missing from every data source")
            problems += 1
            continue
        print(data.check_file(name))
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
    from . import notebooks, refresh, refresh_plan, yahoo

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
        result = notebooks.rerun(out_dir, as_of=getattr(args, "as_of", None))
        _print_rerun(result, out_dir.resolve())
        if not report.ok:
            print("The data were NOT fully refreshed (see the report above).")
        if result["failed"]:
            return 1
    return 0 if report.ok else 1


def _fetch(args: argparse.Namespace) -> int:
    """``fetch``: build the data folder into the user cache (:func:`rotation.fetch.fetch`) and print
    its report. 0 if the folder is complete, 1 otherwise (one clear line per file that could not
    be had; no traceback)."""
    from . import config, download, fetch

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
    """``snapshot OUT``: pack the data the notebooks read into one archive (:func:`rotation.pack.pack`).
    0 on success; 1 with one line naming the files no source has."""
    from . import config, download, pack

    try:
        out = pack.pack(Path(args.out), folder=Path(args.folder) if getattr(args, "folder", None) else None)
    except download.FetchError as exc:
        print(exc)
        return 1
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB); unpack it and set {config.ENV_DATA} to its folder"
    )
    return 0


def _ensure(args: argparse.Namespace) -> int:
    """Nothing to do when every file the notebooks read is in some data source. Otherwise (and with
    ``ROTATION_DATA`` unset) build the whole data folder from its public origins into the user cache
    (``python -m rotation fetch``: pinned copies verified by hash, derived files, yfinance series)."""
    import os

    from . import config, fetch

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
    p = sub.add_parser("run", help="execute notebooks in place and build HTML")
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--jobs", type=int, default=2, help="claim notebooks executed at once (default 2)")
    p.set_defaults(func=_run)
    p = sub.add_parser(
        "bench", help="time the notebooks and the scale cases against a floor; exit 1 on a missed goal"
    )
    p.add_argument("--no-scale", action="store_true", help="skip the generated-panel scale cases")
    p.set_defaults(func=_bench)
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
    p = sub.add_parser("check", help="validate the data files and the results")
    p.add_argument("datasets", nargs="*", help="relative paths (prices/etf_daily.parquet ...) or 'results'")
    p.set_defaults(func=_check)
    sub.add_parser("where", help="print the data sources in search order").set_defaults(func=_where)
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
    sub.add_parser("ensure-data", help="download data only if no source has it").set_defaults(func=_ensure)
    p = sub.add_parser(
        "fetch", help="build the data folder from public sources into the user cache (rotation.fetch)"
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
    p.add_argument("out", help="the archive to write (.tar.gz)")
    p.add_argument(
        "--from",
        dest="folder",
        help="pack this folder (default: each file from the first data source "
        "that has it, as the notebooks read it)",
    )
    p.set_defaults(func=_snapshot)
    return parser


def main(argv: list[str] | None = None) -> int:
    from . import config

    args = parser().parse_args(argv)
    debug = bool(args.debug) or os.environ.get(config.ENV_DEBUG, "") not in ("", "0")
    return boundary(lambda: args.func(args), debug=debug)


if __name__ == "__main__":
    sys.exit(main())
