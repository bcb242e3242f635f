"""The claim registry (``data/claims.csv``) and verdicts (``results/<id>.json``).

A notebook computes a measured value, asks :func:`rotation.rules.decide` for the verdict (every
rule lives there, its parameters in the registry) and calls :func:`record`. Tolerances live in the
registry, declared before any comparison; nothing here tunes them.

Each result carries the fingerprint of the notebook that wrote it (a hash of its code cells), so
:func:`load_results` can tell a result written by an older version of its notebook.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import config
from .errors import DataValidationError, StaleResultError

from .rules import TESTS, VERDICTS, validate_registry  # noqa: F401  (re-exported)


# --------------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------------
def registry() -> pd.DataFrame:
    """The claim registry, indexed by claim id (``B1`` ...), validated on load
    (:func:`rotation.rules.validate_registry`: a blank parameter, an unknown test or a duplicated
    id stops with a message naming the row and column)."""
    path = config.project_data_dir() / "claims.csv"
    try:
        df = pd.read_csv(path, dtype={"stated_value": "string", "date_from": "string", "date_to": "string"})
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataValidationError(f"data/claims.csv cannot be read as CSV: {exc}") from None
    validate_registry(df)
    return df.set_index("id")


def claim(claim_id: str) -> pd.Series:
    """One registry row; raises ``KeyError`` naming the known ids."""
    reg = registry()
    if claim_id not in reg.index:
        raise KeyError(f"unknown claim id {claim_id!r}; data/claims.csv has {list(reg.index)}")
    return reg.loc[claim_id]


# --------------------------------------------------------------------------------------------
# recording
# --------------------------------------------------------------------------------------------
@dataclass
class Verdict:
    """One claim's verdict, as written to ``results/<id>.json``."""

    id: str
    verdict: str
    stated: Any
    measured: Any
    unit: str
    reason: str
    notebook: str
    window: list[str] | None = None
    tolerance: Any = None
    data_end: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    notebook_fingerprint: str = ""
    #: one plain-language sentence a non-specialist reads first (the ``reason`` is the detail)
    headline: str = ""
    #: the measured value written in the claim's own unit, e.g. "+4.52 pp", "2 of 3 checks"
    measured_text: str = ""
    #: a proxy's own result where the data cover only a proxy of the claim's scope:
    #: ``{"label", "value", "unit", "text", "verdict"}`` (the proxy's verdict had it been the scope)
    proxy: dict[str, Any] | None = None
    #: the verdict over a declared grid of windows or definitions:
    #: ``{"grid", "n", "shares": {verdict: fraction}, "label": "robust" | "window-sensitive"}``
    robustness: dict[str, Any] | None = None

    def _repr_markdown_(self) -> str:
        measured = _fmt(self.measured)
        window = f" · window {self.window[0]} → {self.window[1]}" if self.window else ""
        return (f"**{self.id} — {self.verdict}.** Stated: {self.stated} · measured: {measured} "
                f"({self.unit}){window}.  \n{self.reason}")


def _fmt(x: Any) -> str:
    return f"{x:.2f}" if isinstance(x, float) else str(x)


def _clean(x: Any) -> Any:
    """JSON-safe, deterministic values: floats rounded to 4 decimals, timestamps as dates."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, pd.Timestamp):
        return str(x.date())
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        x = x.item()
    if isinstance(x, float):
        if math.isnan(x):
            return None
        return round(x, 4)
    return x


def notebook_fingerprint(notebook: str | Path) -> str:
    """sha256 (first 16 hex digits) of a notebook's code-cell sources, outputs ignored."""
    path = Path(notebook)
    if not path.is_absolute():
        path = config.repo_root() / path
    nb = json.loads(path.read_text())
    code = "\n\x00\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                           for c in nb["cells"] if c["cell_type"] == "code")
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def record(claim_id: str, verdict: str, measured: Any, reason: str, *, window=None,
           data_end=None, details: dict[str, Any] | None = None, stated: Any = None,
           notebook: str | None = None, headline: str = "", measured_text: str = "",
           proxy: dict[str, Any] | None = None, robustness: dict[str, Any] | None = None) -> Verdict:
    """Write ``results/<claim_id>.json`` and return the :class:`Verdict` (shown as Markdown).

    ``stated`` defaults to the registry's stated value (or its text for qualitative claims).
    """
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {VERDICTS}")
    row = claim(claim_id)
    if stated is None:
        sv = row["stated_value"]
        stated = row["stated_text"] if pd.isna(sv) else (sv if row["test"] in ("turn", "turns") else float(sv))
    notebook = notebook or row["notebook"]
    tol = None if pd.isna(row["tolerance"]) else float(row["tolerance"])
    v = Verdict(
        id=claim_id, verdict=verdict, stated=_clean(stated), measured=_clean(measured), unit=row["unit"],
        reason=reason, notebook=notebook, window=_clean(list(window)) if window is not None else None,
        tolerance=tol, data_end=_clean(pd.Timestamp(data_end)) if data_end is not None else None,
        details=_clean(details or {}), notebook_fingerprint=notebook_fingerprint(notebook),
        headline=headline, measured_text=measured_text,
        proxy=_clean(proxy) if proxy is not None else None,
        robustness=_clean(robustness) if robustness is not None else None,
    )
    out = config.results_dir()
    out.mkdir(exist_ok=True)
    text = json.dumps(asdict(v), indent=1, ensure_ascii=False) + "\n"
    path = out / f"{claim_id}.json"
    if not path.exists() or path.read_text() != text:  # leave an unchanged file untouched
        path.write_text(text)
    return v


# --------------------------------------------------------------------------------------------
# reading back
# --------------------------------------------------------------------------------------------
def load_results(*, strict: bool = True) -> pd.DataFrame:
    """Every claim's result joined to the registry, one row per claim id.

    With ``strict`` (default) raises :class:`StaleResultError` if a claim has no result file or
    its result was written by a different version of its notebook than the one on disk.
    """
    reg = registry()
    rows, problems = [], []
    for cid, row in reg.iterrows():
        path = config.results_dir() / f"{cid}.json"
        if not path.is_file():
            problems.append(f"{cid}: no results/{cid}.json (run {row['notebook']})")
            continue
        r = json.loads(path.read_text())
        current = notebook_fingerprint(r["notebook"])
        r["stale"] = r.get("notebook_fingerprint") != current
        if r["stale"]:
            problems.append(f"{cid}: results/{cid}.json was written by an older version of {r['notebook']}; rerun it")
        rows.append(r)
    if strict and problems:
        raise StaleResultError("results are missing or stale:\n  " + "\n  ".join(problems))
    df = pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()
    return df


def summary(claim_ids: list[str]) -> str:
    """Markdown bullet list ``id — verdict: reason`` from the saved results (for a notebook's
    opening summary). Missing or stale results are said to be so, never invented."""
    lines = []
    for cid in claim_ids:
        path = config.results_dir() / f"{cid}.json"
        if not path.is_file():
            lines.append(f"- **{cid}** — not computed yet: run this notebook.")
            continue
        r = json.loads(path.read_text())
        stale = " *(stale: rerun this notebook)*" if r.get("notebook_fingerprint") != notebook_fingerprint(r["notebook"]) else ""
        lines.append(f"- **{cid}** — *{r['verdict']}*: {r['reason']}{stale}")
    return "\n".join(lines)
