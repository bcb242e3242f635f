"""rotation: test the claims of a February-2026 article on the US equity "rotation out of tech".

Notebooks use ``import rotation as rt`` and reach every module as an attribute
(``rt.data``, ``rt.returns``, ``rt.claims``, ``rt.plots`` ...). Submodules are imported on
first use, so ``import rotation`` stays cheap and no module holds global state.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

# jsonschema (imported by nbformat, papermill and jupytext) imports the optional rfc3987_syntax, which
# compiles a grammar for about 3 s in every process that validates a notebook: the runner, each worker
# and nbval. The notebook schemas use no "format" keyword, so validation is the same without it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

__version__ = "0.1.0"

_SUBMODULES = (
    "aum",
    "bench",
    "breadth",
    "breaks",
    "chase",
    "claims",
    "config",
    "consensus",
    "contributions",
    "data",
    "derive",
    "earnings",
    "earnings_tables",
    "eps_workbooks",
    "errors",
    "fetch",
    "flow_records",
    "flows",
    "io",
    "monitor",
    "notebooks",
    "origins",
    "plots",
    "refresh",
    "returns",
    "rules",
    "scorecard",
    "site",
    "stats",
    "text",
    "turns",
    "validate",
    "windows",
    "yahoo",
)


def __getattr__(name: str) -> ModuleType:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'rotation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SUBMODULES])
