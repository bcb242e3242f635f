"""The one result type of the measures (:mod:`rotation.analysis.measures`): what a rule decides on, with
what it was computed on. Its own module, below every calculation, so that a calculation module
(``contributions``, ``earnings``) can return one while ``measures`` builds on those modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .returns import trading_day


@dataclass(frozen=True)
class Measurement:
    """A measure's result: the rule's input and what it was computed on.

    ``value`` is in ``unit``; ``low``/``high`` bound it where data are missing (``None`` when the
    value is complete); ``coverage`` is the share of the needed observations present (1.0 =
    complete); ``series``, ``window`` and ``basis`` are what was actually used (the window's
    trading days, not the requested dates)."""

    measure: str
    value: Any
    unit: str
    series: tuple[str, ...]
    window: tuple[str, str] | None
    basis: str
    low: float | None = None
    high: float | None = None
    coverage: float = 1.0
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high

    def text(self) -> str:
        """The value in its unit, e.g. ``"+4.52 pp"``, ``"2 of 3"``, ``"2025-10-29"``."""
        v = self.value
        if isinstance(v, Mapping):
            if all(isinstance(x, bool) for x in v.values()):
                return f"{sum(v.values())} of {len(v)} checks pass"
            if self.unit == "percent":
                return ", ".join(f"{k} {x:+.2f} %" for k, x in v.items())
        if self.unit in ("percent", "percentage points") and isinstance(v, (int, float)):
            word = " pp" if self.unit == "percentage points" else " %"
            return f"{v:+.2f}{word}"
        if self.unit == "USD bn" and isinstance(v, (int, float)):
            return f"{v:+.2f} USD bn"
        return str(v)


def trading_window(closes: pd.DataFrame, start: Any, end: Any) -> tuple[str, str]:
    """The trading days of ``closes`` a window from ``start`` to ``end`` is measured on, as ISO
    dates (a measurement's ``window``: the days actually used, not the requested dates)."""
    return tuple(str(trading_day(closes.index, d).date()) for d in (start, end))  # type: ignore[return-value]
