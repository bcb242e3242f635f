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

#: every module of the package by its flat name -> its home in the layer folders (tools/relayout.py),
#: so that ``rt.returns`` keeps working
_HOMES: dict[str, str] = {
    "adapt": "rotation.run.adapt",
    "article_notebook": "rotation.run.article_notebook",
    "articles": "rotation.verdicts.articles",
    "aum": "rotation.analysis.aum",
    "baserates": "rotation.analysis.baserates",
    "breadth": "rotation.analysis.breadth",
    "breadth_claims": "rotation.verdicts.breadth_claims",
    "breaks": "rotation.analysis.breaks",
    "chase": "rotation.analysis.chase",
    "claimreview": "rotation.verdicts.claimreview",
    "claims": "rotation.verdicts.claims",
    "conclude": "rotation.verdicts.conclude",
    "conclusion_views": "rotation.verdicts.conclusion_views",
    "config": "rotation.config",
    "consensus": "rotation.analysis.consensus",
    "consensus_claims": "rotation.verdicts.consensus_claims",
    "contribution_claims": "rotation.verdicts.contribution_claims",
    "contributions": "rotation.analysis.contributions",
    "data": "rotation.inputs.data",
    "datasets": "rotation.inputs.datasets",
    "derive": "rotation.sources.derive",
    "download": "rotation.sources.download",
    "earnings": "rotation.analysis.earnings",
    "earnings_claims": "rotation.verdicts.earnings_claims",
    "earnings_tables": "rotation.analysis.earnings_tables",
    "eps_workbooks": "rotation.inputs.eps_workbooks",
    "errors": "rotation.errors",
    "fetch": "rotation.sources.fetch",
    "flow_claims": "rotation.verdicts.flow_claims",
    "flow_records": "rotation.analysis.flow_records",
    "flows": "rotation.analysis.flows",
    "io": "rotation.io",
    "lockfile": "rotation.run.lockfile",
    "manifest": "rotation.sources.manifest",
    "measurement": "rotation.analysis.measurement",
    "measures": "rotation.analysis.measures",
    "monitor": "rotation.analysis.monitor",
    "notebooks": "rotation.run.notebooks",
    "origins": "rotation.sources.origins",
    "pack": "rotation.sources.pack",
    "parameters": "rotation.run.parameters",
    "plausibility": "rotation.inputs.plausibility",
    "plots": "rotation.plots",
    "project_files": "rotation.inputs.project_files",
    "reads": "rotation.reads",
    "refresh": "rotation.sources.refresh",
    "refresh_plan": "rotation.sources.refresh_plan",
    "refresh_report": "rotation.sources.refresh_report",
    "refresh_shares": "rotation.sources.refresh_shares",
    "registry": "rotation.verdicts.registry",
    "returns": "rotation.analysis.returns",
    "robustness": "rotation.verdicts.robustness",
    "rules": "rotation.verdicts.rules",
    "runcache": "rotation.run.runcache",
    "scorecard": "rotation.verdicts.scorecard",
    "site": "rotation.run.site",
    "stats": "rotation.analysis.stats",
    "text": "rotation.text",
    "turns": "rotation.analysis.turns",
    "update": "rotation.run.update",
    "validate": "rotation.inputs.validate",
    "windows": "rotation.verdicts.windows",
    "yahoo": "rotation.sources.yahoo",
}
_SUBMODULES = tuple(_HOMES)


def __getattr__(name: str) -> ModuleType:
    if name in _HOMES:
        return importlib.import_module(_HOMES[name])
    raise AttributeError(f"module 'rotation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SUBMODULES])
