"""The package's shape: its import graph has no cycle (a module-level or a deferred import alike),
so each module can be read, tested and replaced from the bottom up."""

from __future__ import annotations

from pathlib import Path

import rotation as rt
from tools import relayout

PKG = Path(rt.__file__).parent


def graph() -> dict[str, set[str]]:
    """The package's import graph by flat module name, laid out flat or in layer folders
    (:func:`tools.relayout.graph`: relative and absolute imports, module level or deferred)."""
    return relayout.graph(PKG)


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
