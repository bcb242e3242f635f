"""The package's shape: its import graph has no cycle (a module-level or a deferred import alike),
so each module can be read, tested and replaced from the bottom up."""

from __future__ import annotations

import ast
from pathlib import Path

import rotation as rt

PKG = Path(rt.__file__).parent


def imports_of(path: Path) -> set[str]:
    """The package's modules that ``path`` imports anywhere in it (``from . import x``,
    ``from .x import y``, ``import rotation.x``, also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module is None:
                names.update(a.name for a in node.names)
            elif node.level == 1:
                names.add(node.module.split(".")[0])
            elif node.module and node.module.startswith("rotation."):
                names.add(node.module.split(".")[1])
            elif node.module == "rotation":
                names.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[1] for a in node.names if a.name.startswith("rotation."))
    modules = {p.stem for p in PKG.glob("*.py")}
    return (names & modules) - {path.stem}


def graph() -> dict[str, set[str]]:
    return {p.stem: imports_of(p) for p in PKG.glob("*.py") if p.stem != "__init__"}


def cycle(g: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``g`` as a path ``[a, b, …, a]``, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                return [*stack[stack.index(m) :], m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_cycle_finder_finds_a_planted_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_the_import_graph_has_no_cycle():
    g = graph()
    assert {"data", "rules", "registry", "claims"} <= set(g)  # the graph was read
    assert "registry" in g["rules"]  # deferred and module-level imports both count
    assert cycle(g) is None, " -> ".join(cycle(g) or [])
