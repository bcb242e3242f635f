"""How a verdict moves over a declared grid of windows or definitions.

A claim notebook decides its claim on the registry's window, then applies the same rule
(:func:`rotation.verdicts.rules.grid`) to every cell of a grid around it: other start and end days,
other sample starts, other definitions. :func:`summary` gives the share of the grid for each
verdict and the label: "robust" if the registry window's verdict holds on at least
:data:`ROBUST_SHARE` of the grid (a fraction), else "window-sensitive". :func:`text` writes it as
one line for a notebook's prose and the results' ``robustness`` field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .registry import VERDICTS
from .rules import EPS

#: share of a robustness grid that must give one verdict for it to be called "robust" (fraction)
ROBUST_SHARE = 0.8


def summary(verdicts: Iterable[str], grid: str, *, at: str | None = None) -> dict[str, Any]:
    """Share of a grid's cells giving each verdict, and the label.

    With ``at`` (the verdict on the registry's own window or definition) the label is "robust" if
    that verdict holds on at least :data:`ROBUST_SHARE` of the grid, else "window-sensitive"; a grid
    that mostly gives another verdict is therefore window-sensitive, never robust. Without ``at``,
    "robust" means any one verdict holds on that share. ``grid`` describes the grid in words (e.g.
    ``"start 2025-10-31 … 11-07 × end 2026-01-26 … 01-30, 30 windows"``).
    """
    vs = [str(v) for v in verdicts]
    if not vs:
        raise ValueError("an empty robustness grid")
    bad = set(vs) - set(VERDICTS)
    if bad:
        raise ValueError(f"not verdicts: {sorted(bad)}")
    c = Counter(vs)
    shares = {v: c[v] / len(vs) for v in VERDICTS if c[v]}
    modal, modal_share = max(shares.items(), key=lambda kv: kv[1])
    held = shares.get(at, 0.0) if at is not None else modal_share
    out: dict[str, Any] = {
        "grid": grid,
        "n": len(vs),
        "shares": shares,
        "label": "robust" if held >= ROBUST_SHARE - EPS else "window-sensitive",
        "modal": modal,
    }
    if at is not None:
        out["verdict"] = at
        out["agree_with_registry_window"] = held
    return out


def text(rob: Mapping[str, Any]) -> str:
    """One line: ``robust (supported 93 % of 30: <grid>)``; when the registry window's verdict is
    not the grid's most common one, that is said."""
    parts = ", ".join(f"{v} {s:.0%}" for v, s in sorted(rob["shares"].items(), key=lambda kv: -kv[1]))
    note = (
        f"; the grid mostly gives {rob['modal']}"
        if rob.get("verdict") and rob["modal"] != rob["verdict"]
        else ""
    )
    return f"{rob['label']} ({parts} of {rob['n']}: {rob['grid']}{note})"
