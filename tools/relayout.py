"""Move the package's modules into folders by layer, once (issue 23): ``python tools/relayout.py``.

:data:`LAYOUT` declares each module's layer; the layers, lowest first, are :data:`LAYERS`. A module
imports only modules of its own layer or of a lower one (``tests/test_layers.py`` checks it, on the
flat layout through this map and on the folders after the move). Foundations stay at the top of
``lib/rotation/``. The data layer's folder is ``inputs/`` (``rotation.inputs.data`` holds the loaders):
a folder ``data/`` beside the module ``data`` cannot be, and a package ``data`` whose ``__init__``
held the loaders would shadow its submodules by the loaders of the same name (``eps_workbooks``).

The script stops, changing nothing, when a module of ``lib/rotation/`` is not in :data:`LAYOUT` (a
new module: give it a layer) or a mapped one is missing. Otherwise it ``git mv``s the files, rewrites
the package's relative imports for the new places, rewrites ``rotation.<module>`` references (imports,
``python -m``, mock targets, prose) in ``lib/``, ``tests/``, ``tools/``, the Makefile, ``.ci/``,
``pyproject.toml`` and the Markdown files (not in the notebooks' sources, which use ``rt.<module>``), and writes ``rotation/__init__.py``'s
table from flat name to new home, so that ``import rotation as rt; rt.returns ...`` works unchanged
and no notebook line changes. Then run ``make format`` and ``make test``.

``--check`` only reports what would move (and stops on unmapped modules); ``--root`` works on
another checkout (a scratch copy).
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

#: the layers, lowest first; a module may import its own layer and those before it
LAYERS = ("foundations", "data", "sources", "analysis", "verdicts", "run")
#: ... except :data:`SIBLINGS`, two layers of the same rank (sources and analysis) that do not import each other
#: the folder of each layer under lib/rotation/ ("" = the package's top)
FOLDERS = {
    "foundations": "",
    "data": "inputs",
    "sources": "sources",
    "analysis": "analysis",
    "verdicts": "verdicts",
    "run": "run",
}
#: the two layers that sit side by side: neither imports the other
SIBLINGS = {frozenset({"sources", "analysis"})}

#: every module of the package and its layer
LAYOUT: dict[str, str] = {
    # foundations: where things are, errors, atomic writes, prose, figures, the read log
    **dict.fromkeys(("config", "errors", "io", "text", "plots", "reads"), "foundations"),
    # data: the registry of market-data files, the loaders (data/__init__.py), checks, the workbooks
    **dict.fromkeys(
        ("data", "datasets", "validate", "plausibility", "project_files", "eps_workbooks"), "data"
    ),
    # sources: building and refreshing the data folder from public origins and yfinance
    **dict.fromkeys(
        (
            "origins",
            "download",
            "manifest",
            "derive",
            "fetch",
            "pack",
            "yahoo",
            "refresh_plan",
            "refresh",
            "refresh_shares",
            "refresh_report",
        ),
        "sources",
    ),
    # analysis: the calculations
    **dict.fromkeys(
        (
            "returns",
            "stats",
            "breadth",
            "contributions",
            "breaks",
            "turns",
            "flows",
            "aum",
            "flow_records",
            "chase",
            "earnings",
            "earnings_tables",
            "consensus",
            "monitor",
            "baserates",
            "measurement",
            "measures",
        ),
        "analysis",
    ),
    # verdicts: the registry and its rules, recording, concluding, the scorecard
    **dict.fromkeys(
        (
            "articles",
            "registry",
            "rules",
            "robustness",
            "claims",
            "conclude",
            "windows",
            "breadth_claims",
            "contribution_claims",
            "earnings_claims",
            "flow_claims",
            "consensus_claims",
            "scorecard",
            "claimreview",
            "conclusion_views",
        ),
        "verdicts",
    ),
    # run: the runner and its cache, the site, adapting, updating, templates, the lock
    **dict.fromkeys(
        (
            "notebooks",
            "runcache",
            "parameters",
            "site",
            "adapt",
            "update",
            "article_notebook",
            "lockfile",
        ),
        "run",
    ),
}
#: files that stay where they are: the package's own (the command line is the top of the house)
TOP = {"__init__": "run", "__main__": "run"}
#: a layer whose package *is* one of its modules (its ``__init__.py``); none: see the module docstring
PACKAGE_OF_LAYER: dict[str, str] = {}

TEXT_FILES = ("Makefile", "pyproject.toml", ".pre-commit-config.yaml", "environment.yml")
TEXT_GLOBS = (
    "lib/**/*.py",
    "tests/**/*.py",
    "tools/**/*.py",
    ".ci/*",
    "*.md",
    "*/*.md",
)
#: the notebooks' sources are left as they are (``rt.<module>`` keeps working, and a changed source
#: would re-execute its notebook); the move stops if one imports a moved module by its dotted path
NOTEBOOK_SOURCES = "notebooks/src/*.py"


def home(name: str) -> str:
    """The dotted module path of flat module ``name`` after the move."""
    if name in TOP:
        return f"rotation.{name}"
    layer = LAYOUT[name]
    folder = FOLDERS[layer]
    if not folder:
        return f"rotation.{name}"
    if PACKAGE_OF_LAYER.get(layer) == name:
        return f"rotation.{folder}"
    return f"rotation.{folder}.{name}"


def new_path(name: str) -> str:
    """The file of ``name`` after the move, relative to ``lib/``."""
    dotted = home(name)
    if PACKAGE_OF_LAYER.get(LAYOUT[name]) == name:
        return dotted.replace(".", "/") + "/__init__.py"
    return dotted.replace(".", "/") + ".py"


def unmapped(pkg: Path) -> tuple[list[str], list[str]]:
    """Modules of the flat package that :data:`LAYOUT` does not name, and mapped ones that are missing."""
    found = {p.stem for p in pkg.glob("*.py")} - set(TOP)
    return sorted(found - set(LAYOUT)), sorted(set(LAYOUT) - found)


def _relative(importer: str, target: str) -> str:
    """The relative module path (``..analysis``) from module ``importer``'s package to ``target``."""
    pkg = importer.split(".")[:-1]
    tgt = target.split(".")
    common = 0
    while common < min(len(pkg), len(tgt)) and pkg[common] == tgt[common]:
        common += 1
    return "." * (len(pkg) - common + 1) + ".".join(tgt[common:])


def _importer(name: str) -> str:
    """The dotted name the importer's relative imports resolve against (a package's own __init__
    resolves against the package itself, so add a last part)."""
    dotted = home(name)
    return f"{dotted}.__init__" if PACKAGE_OF_LAYER.get(LAYOUT.get(name, "")) == name else dotted


def rewrite_relative(source: str, name: str) -> str:
    """``source`` (flat module ``name``) with each ``from . import x`` / ``from .x import y`` pointing
    at the new homes (one statement per target package)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    me = _importer(name)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level != 1:
            continue
        indent = lines[node.lineno - 1][: len(lines[node.lineno - 1]) - len(lines[node.lineno - 1].lstrip())]
        out: list[str] = []
        if node.module is None:
            groups: dict[str, list[str]] = {}
            for a in node.names:
                target = home(a.name)
                parent, _, last = target.rpartition(".")
                alias = f"{last} as {a.asname}" if a.asname else last
                groups.setdefault(_relative(me, parent), []).append(alias)
            out = [f"{indent}from {rel} import {', '.join(names)}\n" for rel, names in groups.items()]
        else:
            first, _, rest = node.module.partition(".")
            target = home(first) + (f".{rest}" if rest else "")
            names = ", ".join(f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names)
            out = [f"{indent}from {_relative(me, target)} import {names}\n"]
        edits.append((node.lineno - 1, node.end_lineno or node.lineno, out))
    for start, end, out in sorted(edits, reverse=True):
        lines[start:end] = out
    return "".join(lines)


def _code(path: Path) -> str:
    """The code lines of a jupytext source (its comment lines, the markdown, left out)."""
    return "".join(
        line for line in path.read_text().splitlines(keepends=True) if not line.lstrip().startswith("#")
    )


#: modules whose comment lines are notebook text (the article template's markdown, which must stay
#: the committed notebooks' text): their ``rotation.<module>`` prose keeps the flat names
NOTEBOOK_TEXT = ("article_notebook.py",)


def _rewrite_code(text: str) -> str:
    """:func:`rewrite_dotted` on a Python file's lines except its comment lines (:data:`NOTEBOOK_TEXT`)."""
    lines = text.splitlines(keepends=True)
    return "".join(line if line.lstrip().startswith("#") else rewrite_dotted(line) for line in lines)


def rewrite_dotted(text: str) -> str:
    """Every ``rotation.<module>`` reference to a module that moves, by its new home."""
    names = sorted((n for n in LAYOUT if home(n) != f"rotation.{n}"), key=len, reverse=True)
    pattern = re.compile(r"\brotation\.(" + "|".join(names) + r")\b")
    return pattern.sub(lambda m: home(m.group(1)), text)


INIT_TABLE = """#: every module of the package by its flat name -> its home in the layer folders (tools/relayout.py),
#: so that ``rt.returns`` keeps working
_HOMES: dict[str, str] = {HOMES}
_SUBMODULES = tuple(_HOMES)


def __getattr__(name: str) -> ModuleType:
    if name in _HOMES:
        return importlib.import_module(_HOMES[name])
    raise AttributeError(f"module 'rotation' has no attribute {name!r}")
"""


def rewrite_init(text: str) -> str:
    """``rotation/__init__.py`` with the flat-name table in place of the folder listing."""
    start = text.index("#: every module of the package, found in its folder")
    end = text.index("def __dir__() -> list[str]:")
    homes = "{\n" + "".join(f'    "{n}": "{home(n)}",\n' for n in sorted(LAYOUT)) + "}"
    table = INIT_TABLE.replace("{HOMES}", homes)
    return (text[:start] + table + "\n\n" + text[end:]).replace("import pkgutil\n", "")


LAYER_DOC = '"""The {layer} layer of the package (tools/relayout.py; the README\'s layout table)."""\n'


def relayout(root: Path, *, check: bool = False) -> list[tuple[str, str]]:
    """Move the files under ``root`` (see the module docstring); returns ``(old, new)`` paths."""
    pkg = root / "lib" / "rotation"
    extra, missing = unmapped(pkg)
    if extra or missing:
        raise SystemExit(
            "relayout: stopped, nothing changed. "
            + (
                f"Not in LAYOUT (give each a layer in tools/relayout.py): {', '.join(extra)}. "
                if extra
                else ""
            )
            + (f"In LAYOUT but not in lib/rotation/: {', '.join(missing)}." if missing else "")
        )
    dotted = [
        str(p.relative_to(root)) for p in root.glob(NOTEBOOK_SOURCES) if rewrite_dotted(_code(p)) != _code(p)
    ]
    if dotted:
        raise SystemExit(f"relayout: stopped, nothing changed. Use rt.<module> in {', '.join(dotted)}")
    moves = [
        (f"lib/rotation/{n}.py", "lib/" + new_path(n))
        for n in sorted(LAYOUT)
        if new_path(n) != f"rotation/{n}.py"
    ]
    if check:
        return moves
    # every new text is computed before anything is written: a failure changes nothing
    relative = {n: rewrite_relative((pkg / f"{n}.py").read_text(), n) for n in [*LAYOUT, "__main__"]}
    init = rewrite_init((pkg / "__init__.py").read_text())
    for name, text in relative.items():  # while every file is where its flat name says
        (pkg / f"{name}.py").write_text(text)
    for folder in sorted({FOLDERS[LAYOUT[n]] for n in LAYOUT} - {""}):
        (pkg / folder).mkdir(exist_ok=True)
    for old, new in moves:
        subprocess.run(["git", "mv", old, new], cwd=root, check=True)
    for layer, folder in FOLDERS.items():
        layer_init = pkg / folder / "__init__.py"
        if folder and not layer_init.exists():
            layer_init.write_text(LAYER_DOC.format(layer=layer))
            subprocess.run(["git", "add", str(layer_init.relative_to(root))], cwd=root, check=True)
    (pkg / "__init__.py").write_text(init)
    files = {root / f for f in TEXT_FILES} | {p for g in TEXT_GLOBS for p in root.glob(g)}
    for path in sorted(p for p in files if p.is_file() and ".venv" not in p.parts):
        text = path.read_text()
        new = _rewrite_code(text) if path.name in NOTEBOOK_TEXT else rewrite_dotted(text)
        if new != text:
            path.write_text(new)
    return moves


# --------------------------------------------------------------------------------------------
# the import graph, on the flat layout or the folders (tests/test_layers.py, test_architecture.py)
# --------------------------------------------------------------------------------------------
def flat_name(dotted: str) -> str | None:
    """The flat module name of ``rotation.x`` or of its new home (``rotation.analysis.x``); None for
    the layer packages themselves and for names outside the package."""
    if dotted in _BY_HOME:
        return _BY_HOME[dotted]
    parts = dotted.split(".")
    if parts[0] == "rotation" and len(parts) == 2 and parts[1] in {*LAYOUT, *TOP}:
        return parts[1]
    return None


_BY_HOME = {home(n): n for n in LAYOUT}


def modules(pkg: Path) -> dict[str, tuple[str, Path]]:
    """Flat name -> (dotted name as laid out now, file) for every module of the package in ``pkg``."""
    out = {}
    for path in sorted(pkg.rglob("*.py")):
        rel = path.relative_to(pkg.parent).with_suffix("")
        dotted = ".".join(rel.parts)
        if rel.name == "__init__":
            dotted = dotted[: -len(".__init__")]
        name = flat_name(dotted) if dotted != "rotation" else "__init__"
        if name is not None:
            out[name] = (dotted, path)
    return out


def imports_of(dotted: str, path: Path) -> set[str]:
    """Flat names of the package's modules that the module ``dotted`` (file ``path``) imports
    anywhere in it (module level or deferred), relative or absolute."""
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                root = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{root}.{base}" if base else root
            for full in [base, *(f"{base}.{a.name}" for a in node.names)]:
                name = flat_name(full)
                if name is not None:
                    found.add(name)
        elif isinstance(node, ast.Import):
            found.update(n for a in node.names if (n := flat_name(a.name)) is not None)
    own = flat_name(dotted) if dotted != "rotation" else "__init__"
    return found - {own}


def graph(pkg: Path) -> dict[str, set[str]]:
    """Flat name -> the flat names it imports, for every module but ``__init__``."""
    return {n: imports_of(d, p) for n, (d, p) in modules(pkg).items() if n != "__init__"}


def layer_of(name: str) -> str:
    return LAYOUT.get(name) or TOP[name]


def against_layers(g: dict[str, set[str]]) -> list[str]:
    """``a (layer) imports b (higher layer)`` for every import against :data:`LAYERS`."""
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    bad = []
    for a, deps in sorted(g.items()):
        for b in sorted(deps):
            la, lb = layer_of(a), layer_of(b)
            if rank[lb] > rank[la] or (la != lb and frozenset({la, lb}) in SIBLINGS):
                bad.append(f"{a} ({la}) imports {b} ({lb})")
    return bad


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="tools/relayout.py", description=__doc__.split("\n")[0])
    p.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1], help="the checkout")
    p.add_argument("--check", action="store_true", help="only list the moves (and stop on unmapped modules)")
    args = p.parse_args(argv)
    moves = relayout(args.root.resolve(), check=args.check)
    for old, new in moves:
        print(f"{'would move' if args.check else 'moved'}  {old} -> {new}")
    if not args.check:
        print("now: make format && make test (the moves and rewrites are staged or in the work tree)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
