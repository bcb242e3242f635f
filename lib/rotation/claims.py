"""Verdicts: recording them (``results/<id>.json``) and reading them back.

The registry rows they refer to are read by :mod:`rotation.registry`. A notebook computes a measured value, asks :func:`rotation.rules.decide` for the verdict (every
rule lives there, its parameters in the registry) and calls :func:`record`. Tolerances live in the
registry, declared before any comparison; nothing here tunes them.

Each result carries the fingerprint of the notebook *source* that wrote it (a hash of the code
cells of ``notebooks/src/<name>.py``, the file one edits) and the values of the notebook's
parameters it was computed with, so :func:`load_results` can tell a result written by an older
version of its notebook or with other parameters than the folder's (see :func:`declared_parameters`).
Result files are strict JSON (no ``NaN``) and written atomically.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import re
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import config, io, reads
from .errors import DataValidationError, StaleResultError
from .registry import UNDECIDABLE, VERDICTS, claim, registry, unknown_notebook
from .rules import Decision, replay


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
    #: the notebook's parameters (its ``parameters`` cell) as they were when the result was computed
    parameters: dict[str, Any] = field(default_factory=dict)
    #: the article the claim belongs to (``data/articles.csv``)
    article: str = ""
    #: how the verdict was reached: ``{"kind", "inputs"}``, the rule's inputs exactly as given, so
    #: :func:`rotation.rules.replay` re-derives the verdict from this file alone
    decision: dict[str, Any] = field(default_factory=dict)

    def _repr_markdown_(self) -> str:
        measured = _fmt(self.measured)
        window = f" · window {self.window[0]} → {self.window[1]}" if self.window else ""
        return (
            f"**{self.id} — {self.verdict}.** Stated: {self.stated} · measured: {measured} "
            f"({self.unit}){window}.  \n{self.reason}"
        )


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


def exact(x: Any) -> Any:
    """JSON-safe values *without rounding* (a rule's inputs must replay to the same verdict):
    timestamps as ISO dates, numpy scalars as Python numbers, tuples as lists."""
    if isinstance(x, Mapping):
        return {str(k): exact(v) for k, v in x.items()}
    if isinstance(x, pd.Series):
        return exact(x.to_dict())
    if isinstance(x, (list, tuple, range, set, frozenset)) or hasattr(x, "tolist"):
        items = x.tolist() if hasattr(x, "tolist") and not isinstance(x, (list, tuple)) else x
        if not isinstance(items, (list, tuple, range, set, frozenset)):
            return exact(items)
        return [exact(v) for v in (sorted(items) if isinstance(items, (set, frozenset)) else items)]
    if isinstance(x, pd.Timestamp):
        return x.isoformat() if (x.hour or x.minute or x.second) else str(x.date())
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def _notebook_path(notebook: str | Path) -> Path:
    path = Path(notebook)
    return path if path.is_absolute() else config.repo_root() / path


_CELL = re.compile(r"^# %%(.*)$", flags=re.M)


def code_cells(notebook: str | Path) -> list[tuple[str, str]]:
    """``(header, code)`` of each code cell of the notebook's source (py:percent; the header is
    what follows ``# %%``, e.g. ``tags=["parameters"]``), or of the ``.ipynb`` if it has no
    source (the header then holds its tags)."""
    src = config.notebook_source(notebook)
    if src.is_file():
        text = src.read_text()
        marks = list(_CELL.finditer(text))
        cells = []
        for m, nxt in zip(marks, [*marks[1:], None]):
            header = m.group(1).strip()
            if header.startswith("[markdown]") or header.startswith("[md]"):
                continue
            cells.append((header, text[m.end() : nxt.start() if nxt else len(text)].strip()))
        return cells
    if not _notebook_path(notebook).is_file():
        raise unknown_notebook(notebook)
    nb = json.loads(_notebook_path(notebook).read_text())
    return [
        (
            json.dumps(c.get("metadata", {}).get("tags", [])),
            ("".join(c["source"]) if isinstance(c["source"], list) else c["source"]).strip(),
        )
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]


def notebook_fingerprint(notebook: str | Path) -> str:
    """sha256 (first 16 hex digits) of the code cells of a notebook's source
    ``notebooks/src/<name>.py`` (markdown and outputs ignored), so that editing the source, the
    documented way to change a notebook, makes its results stale; of the ``.ipynb``'s code
    cells for a notebook without a source."""
    code = "\n\x00\n".join(c for _, c in code_cells(notebook))
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def notebook_parameters(notebook: str | Path) -> dict[str, Any]:
    """Names and default values of the notebook's ``parameters`` cell, in order (one
    assignment per line; a value may refer to an earlier parameter, as ``WINDOW_END = AS_OF``)."""
    cell = next((c for h, c in code_cells(notebook) if "parameters" in h), None)
    if cell is None:
        return {}
    values: dict[str, Any] = {}
    for node in ast.parse(cell).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            expr = ast.Expression(node.value)
            values[node.targets[0].id] = eval(
                compile(expr, "<parameters>", "eval"), {"__builtins__": {}}, dict(values)
            )
    return values


def _caller_parameters(notebook: str, depth: int = 2) -> dict[str, Any]:
    """The values the notebook's parameter names have where :func:`record` was called: the
    kernel's namespace inside a notebook, else the caller's globals (absent names are left out)."""
    try:
        names = list(notebook_parameters(notebook))
    except (OSError, SyntaxError, ValueError):
        return {}
    ns: dict[str, Any] = {}
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        ns = shell.user_ns
    else:
        ns = sys._getframe(depth).f_globals
    return {n: ns[n] for n in names if n in ns}


def _check_replays(decision: Decision) -> None:
    """Refuse a decision whose verdict its own recorded inputs do not give under the registry's rule
    (a hand-made :class:`Decision`): what is recorded must replay."""
    if decision.kind == "undecidable":
        if decision.verdict != UNDECIDABLE:
            raise ValueError(f"{decision.claim_id}: an 'undecidable' decision must be {UNDECIDABLE!r}")
        return
    again = replay(decision.claim_id, decision.kind, json.loads(json.dumps(exact(decision.inputs))))
    if again.verdict != decision.verdict:
        raise ValueError(
            f"{decision.claim_id}: verdict {decision.verdict!r} does not follow from its inputs "
            f"({again.verdict!r} by the registry's rule); record what rt.rules.decide returns"
        )


def record(
    decision: Decision,
    measured: Any,
    reason: str | None = None,
    *,
    window=None,
    data_end=None,
    details: dict[str, Any] | None = None,
    stated: Any = None,
    notebook: str | None = None,
    headline: str = "",
    measured_text: str = "",
    proxy: dict[str, Any] | None = None,
    robustness: dict[str, Any] | None = None,
    parameters: dict[str, Any] | None = None,
) -> Verdict:
    """Write ``results/<claim id>.json`` (atomically, strict JSON) and return the
    :class:`Verdict` (shown as Markdown).

    ``decision`` is what a rule returned (:func:`rotation.rules.decide`, ``bounded`` or
    ``undecidable``): the verdict, the claim and the rule's inputs all come from it, so a recorded
    verdict always follows from recorded inputs (:func:`rotation.rules.replay`). No free verdict
    string is accepted. ``reason`` defaults to the decision's, ``proxy`` to its proxy result.
    ``stated`` defaults to the registry's stated value (or its text for qualitative claims).
    ``parameters`` defaults to the current values of the notebook's parameter names (in the
    kernel running the notebook), recorded for :func:`load_results`.
    """
    if not isinstance(decision, Decision):
        raise TypeError(
            f"record() takes the Decision a rule returned (rt.rules.decide / bounded / undecidable), "
            f"not {type(decision).__name__} {decision!r}"
        )
    if not decision.claim_id:
        raise ValueError("the decision names no claim: pass claim_id= to rt.rules.undecidable")
    claim_id, verdict = decision.claim_id, decision.verdict
    reason = decision.reason if reason is None else reason
    proxy = decision.proxy if proxy is None else proxy
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {VERDICTS}")
    _check_replays(decision)
    row = claim(claim_id)
    if stated is None:
        sv = row["stated_value"]
        stated = (
            row["stated_text"] if pd.isna(sv) else (sv if row["test"] in ("turn", "turns") else float(sv))
        )
    notebook = notebook or row["notebook"]
    if parameters is None:
        parameters = _caller_parameters(notebook)
    tol = None if pd.isna(row["tolerance"]) else float(row["tolerance"])
    v = Verdict(
        id=claim_id,
        verdict=verdict,
        stated=_clean(stated),
        measured=_clean(measured),
        unit=_clean(row["unit"]),
        reason=reason,
        notebook=notebook,
        window=_clean(list(window)) if window is not None else None,
        tolerance=tol,
        data_end=_clean(pd.Timestamp(data_end)) if data_end is not None else None,
        details=_clean(details or {}),
        notebook_fingerprint=notebook_fingerprint(notebook),
        headline=headline,
        measured_text=measured_text,
        proxy=_clean(proxy) if proxy is not None else None,
        robustness=_clean(robustness) if robustness is not None else None,
        parameters=_clean(parameters),
        article=str(row["article"]),
        decision={"kind": decision.kind, "inputs": exact(decision.inputs)},
    )
    out = config.results_dir()
    out.mkdir(parents=True, exist_ok=True)
    try:
        text = json.dumps(asdict(v), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:  # an infinite value: _clean turns NaN into null, not inf
        raise DataValidationError(
            f"{claim_id}: cannot record an infinite value ({exc}); check the measurement"
        ) from exc
    path = out / f"{claim_id}.json"
    if not path.exists() or path.read_text() != text:  # leave an unchanged file untouched
        io.write_text(path, text)
    return v


# --------------------------------------------------------------------------------------------
# reading back
# --------------------------------------------------------------------------------------------
RUN_MANIFEST = "_run.json"


def declared_parameters(results: Path | None = None) -> dict[str, dict[str, Any]]:
    """The parameters a results folder was computed with, per notebook, as its runner declared
    them in ``_run.json`` (adapted and updated runs write one; the committed ``results/`` has
    none: every notebook ran with its defaults)."""
    path = (results or config.results_dir()) / RUN_MANIFEST
    if not path.is_file():
        return {}
    try:
        return dict(json.loads(path.read_text()).get("parameters", {}))
    except (json.JSONDecodeError, AttributeError) as exc:
        raise StaleResultError(f"{path}: not valid JSON ({exc}); delete it and rerun the notebooks") from exc


def rerun_command(notebook: str) -> str:
    """The command that recomputes a notebook's results in place."""
    return f"python -m rotation run {notebook}"


def read_result(path: Path, claim_id: str, notebook: str) -> dict[str, Any]:
    """One result file as a dict; :class:`StaleResultError` naming the file, the claim and the
    rerun command if it is empty, damaged or not strict JSON."""

    def bad(const: str) -> float:
        raise ValueError(f"{const} is not valid JSON")

    reads.note_result(claim_id)
    try:
        r = json.loads(path.read_text(), parse_constant=bad)
        if not isinstance(r, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise StaleResultError(
            f"{claim_id}: {path} is empty or damaged ({exc}); rerun `{rerun_command(notebook)}`"
        ) from exc
    return r


def result_problem(
    r: dict[str, Any], claim_id: str, declared: dict[str, dict[str, Any]] | None = None
) -> str | None:
    """Why a result cannot be shown as current, or None: its notebook source changed since it
    was written, or it was computed with other parameter values than its folder declares
    (the notebook's defaults for the committed ``results/``)."""
    notebook = r.get("notebook", "")
    fix = f"rerun `{rerun_command(notebook)}`"
    try:
        current = notebook_fingerprint(notebook)
    except OSError:
        return f"{claim_id}: its notebook {notebook} is missing"
    if r.get("notebook_fingerprint") != current:
        src, root = config.notebook_source(notebook), config.repo_root()
        shown = src.relative_to(root) if src.is_relative_to(root) else notebook
        return f"{claim_id}: results/{claim_id}.json was written by another version of {shown}; {fix}"
    expected = {**notebook_parameters(notebook), **(declared or {}).get(notebook, {})}
    got = r.get("parameters") or {}
    differ = [
        f"{k}={got[k]!r} (expected {_clean(expected[k])!r})"
        for k in got
        if k in expected and _clean(got[k]) != _clean(expected[k])
    ]
    if differ:
        return (
            f"{claim_id}: results/{claim_id}.json was computed with {', '.join(differ)}; {fix} "
            "(other parameters belong in `python -m rotation adapt`)"
        )
    return None


def load_results(*, strict: bool = True, article: str | None = None) -> pd.DataFrame:
    """Every claim's result (of ``article``, or of every article), one row per claim id.

    With ``strict`` (default) raises :class:`StaleResultError` naming each claim and the command
    to rerun if a claim has no result file, its file is damaged, its result was written by a
    different version of its notebook source than the one on disk, or it was computed with
    parameter values other than the notebook's defaults (or, in an adapted or updated run's
    folder, than the ones that run declared). Without ``strict`` the column ``stale`` flags them.
    """
    reg = registry()
    if article is not None:
        reg = reg[reg["article"] == article]
    declared = declared_parameters()
    rows, problems = [], []
    for cid, row in reg.iterrows():
        path = config.results_dir() / f"{cid}.json"
        if not path.is_file():
            problems.append(f"{cid}: no results/{cid}.json; run `{rerun_command(row['notebook'])}`")
            continue
        try:
            r = read_result(path, cid, row["notebook"])
        except StaleResultError as exc:
            problems.append(str(exc))
            continue
        why = result_problem(r, cid, declared)
        r["stale"] = why is not None
        if why:
            problems.append(why)
        rows.append(r)
    if strict and problems:
        raise StaleResultError("results are missing or stale:\n  " + "\n  ".join(problems))
    df = pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()
    return df


def summary(claim_ids: list[str]) -> str:
    """Markdown bullet list ``id — verdict: finding. Robustness: label.`` from the saved results (for
    a notebook's opening summary): the one-sentence ``headline`` where the result has one, else its
    reason. Missing or stale results are said to be so, never invented."""
    lines = []
    for cid in claim_ids:
        path = config.results_dir() / f"{cid}.json"
        if not path.is_file():
            lines.append(f"- **{cid}** — not computed yet: run this notebook.")
            continue
        try:
            r = read_result(path, cid, "")
        except StaleResultError:
            lines.append(f"- **{cid}** — result file damaged: run this notebook.")
            continue
        stale = (
            " *(stale: rerun this notebook)*"
            if r.get("notebook_fingerprint") != notebook_fingerprint(r["notebook"])
            else ""
        )
        rob = r.get("robustness") or {}
        robust = f" Robustness: {rob['label']}." if rob.get("label") else ""
        finding = r.get("headline") or r["reason"]
        lines.append(f"- **{cid}** — *{r['verdict']}*: {finding}{robust}{stale}")
    return "\n".join(lines)


#: the display id of a notebook's opening summary, updated in place by its last cell
SUMMARY_DISPLAY_ID = "rotation-claims-summary"


def show_summary(claim_ids: list[str]) -> None:
    """Display the opening summary (:func:`summary`) under a display id, so that the notebook's last
    cell can replace it with this run's verdicts (:func:`update_summary`): one execution pass gives
    a current summary at the top (the executed notebook keeps the updated output)."""
    from IPython.display import Markdown, display

    display(Markdown(summary(claim_ids)), display_id=SUMMARY_DISPLAY_ID)


def update_summary(claim_ids: list[str]) -> None:
    """Replace the opening summary shown by :func:`show_summary` with the results this run wrote."""
    from IPython.display import Markdown, update_display

    update_display(Markdown(summary(claim_ids)), display_id=SUMMARY_DISPLAY_ID)
