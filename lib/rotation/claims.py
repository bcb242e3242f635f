"""The claim registry (``data/claims.csv``) and verdicts (``results/<id>.json``).

A notebook computes a measured value, asks :func:`decide` (numeric claims) or builds its own
computed verdict (qualitative claims), and calls :func:`record`. Tolerances live in the registry,
declared before any comparison; nothing here tunes them.

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

VERDICTS = ("supported", "partly supported", "not supported", "undecidable with this data")
TESTS = ("approx", "at_least", "at_most", "date", "qualitative")


# --------------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------------
def registry() -> pd.DataFrame:
    """The claim registry, indexed by claim id (``B1`` ...)."""
    df = pd.read_csv(config.project_data_dir() / "claims.csv", dtype={"stated_value": "string"})
    if df["id"].duplicated().any():
        raise DataValidationError(f"data/claims.csv: duplicated ids {df.loc[df['id'].duplicated(), 'id'].tolist()}")
    bad = sorted(set(df["test"]) - set(TESTS))
    if bad:
        raise DataValidationError(f"data/claims.csv: unknown test(s) {bad}; allowed {TESTS}")
    return df.set_index("id")


def claim(claim_id: str) -> pd.Series:
    """One registry row; raises ``KeyError`` naming the known ids."""
    reg = registry()
    if claim_id not in reg.index:
        raise KeyError(f"unknown claim id {claim_id!r}; data/claims.csv has {list(reg.index)}")
    return reg.loc[claim_id]


# --------------------------------------------------------------------------------------------
# deciding
# --------------------------------------------------------------------------------------------
def decide(claim_id: str, measured: float | pd.Timestamp | str) -> tuple[str, str]:
    """Verdict and reason for a numeric or date claim, from the registry's test and tolerances.

    - ``approx``: supported if ``|measured - stated| <= tolerance``, partly if within
      ``partial_tolerance``;
    - ``at_least`` / ``at_most``: supported if measured is on the stated side of the stated
      value, partly if within ``tolerance`` of it;
    - ``date``: as ``approx`` in calendar days.
    """
    row = claim(claim_id)
    test = row["test"]
    tol = float(row["tolerance"]) if pd.notna(row["tolerance"]) else math.nan
    ptol = float(row["partial_tolerance"]) if pd.notna(row["partial_tolerance"]) else math.nan
    unit = row["unit"]
    if test == "qualitative":
        raise ValueError(f"{claim_id} is qualitative: build its verdict in the notebook and pass it to record()")
    if test == "date":
        stated_d, measured_d = pd.Timestamp(row["stated_value"]), pd.Timestamp(measured)
        gap = abs((measured_d - stated_d).days)
        what = f"estimated date {measured_d.date()} is {gap} calendar days from the stated {stated_d.date()}"
        verdict = "supported" if gap <= tol else "partly supported" if gap <= ptol else "not supported"
        return verdict, f"{what} (supported within {tol:g}, partly within {ptol:g} days)"
    stated = float(row["stated_value"])
    m = float(measured)
    if math.isnan(m):
        raise DataValidationError(f"{claim_id}: measured value is NaN; a verdict needs a number")
    if test == "approx":
        gap = abs(m - stated)
        verdict = "supported" if gap <= tol else "partly supported" if (not math.isnan(ptol) and gap <= ptol) else "not supported"
        return verdict, (f"measured {m:.2f} vs stated {stated:g} {unit}: gap {gap:.2f} "
                         f"(supported within {tol:g}, partly within {ptol:g})")
    sign = 1 if test == "at_least" else -1
    word = "at least" if sign == 1 else "at most"
    if sign * (m - stated) >= 0:
        verdict = "supported"
    elif sign * (m - stated) >= -tol:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    return verdict, f"measured {m:.2f} vs stated {word} {stated:g} {unit} (partly within {tol:g})"


def decide_count(passed: int, total: int, *, partly_at: int | None = None) -> str:
    """Verdict for a claim decided by ``total`` declared checks: all pass -> supported,
    at least ``partly_at`` (default ``total - 1``, minimum 1) -> partly, else not supported."""
    if total <= 0 or not 0 <= passed <= total:
        raise ValueError(f"need 0 <= passed <= total and total > 0, got {passed}/{total}")
    partly_at = max(1, total - 1) if partly_at is None else partly_at
    return "supported" if passed == total else "partly supported" if passed >= partly_at else "not supported"


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
        stated = row["stated_text"] if pd.isna(sv) else (float(sv) if row["test"] != "date" else sv)
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
