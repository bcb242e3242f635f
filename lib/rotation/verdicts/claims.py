"""Verdicts: recording them (``results/<id>.json``) and reading them back.

The registry rows they refer to are read by :mod:`rotation.verdicts.registry`. A notebook computes a measured value, asks :func:`rotation.verdicts.rules.decide` for the verdict (every
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
import functools
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config, io, reads
from ..errors import DataValidationError, StaleResultError
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
    #: :func:`rotation.verdicts.rules.replay` re-derives the verdict from this file alone
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


def code_cells(notebook: str | Path) -> list[tuple[str, str]]:
    """``(tags, code)`` of each code cell of the notebook's source ``notebooks/src/<name>.py``
    (py:percent), or of the ``.ipynb`` if it has no source, both read by jupytext (the one reader
    of notebook sources); ``tags`` is the cell's tags as JSON, e.g. ``["parameters"]``. Memoised per
    version of the file (jupytext takes about 0.2 s a read; a notebook asks once per claim)."""
    src = config.notebook_source(notebook)
    path = src if src.is_file() else _notebook_path(notebook)
    if not path.is_file():
        raise unknown_notebook(notebook)
    st = path.stat()
    return list(_code_cells_of(str(path), src.is_file(), st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=32)
def _code_cells_of(path: str, percent: bool, mtime_ns: int, size: int) -> tuple[tuple[str, str], ...]:
    import jupytext

    nb = jupytext.read(path, fmt="py:percent") if percent else jupytext.read(path)
    return tuple(
        (json.dumps(c.metadata.get("tags", [])), c.source.strip()) for c in nb.cells if c.cell_type == "code"
    )


def notebook_fingerprint(notebook: str | Path) -> str:
    """sha256 (first 16 hex digits) of the code cells of a notebook's source
    ``notebooks/src/<name>.py`` (markdown and outputs ignored), so that editing the source, the
    documented way to change a notebook, makes its results stale; of the ``.ipynb``'s code
    cells for a notebook without a source."""
    code = "\n\x00\n".join(c for _, c in code_cells(notebook))
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def notebook_parameters(notebook: str | Path) -> dict[str, Any]:
    """Names and default values of the notebook's ``parameters`` cell, in order (one assignment
    per line). A value is a Python literal (:func:`ast.literal_eval`) or the name of an earlier
    parameter, as ``WINDOW_END = AS_OF``; nothing is executed."""
    cell = next((c for h, c in code_cells(notebook) if "parameters" in h), None)
    if cell is None:
        return {}
    values: dict[str, Any] = {}
    for node in ast.parse(cell).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = _parameter_value(node.value, values, notebook)
    return values


def _parameter_value(node: ast.expr, earlier: Mapping[str, Any], notebook: str | Path) -> Any:
    """A default of the parameters cell: a literal, or an earlier parameter by name."""
    if isinstance(node, ast.Name):
        if node.id not in earlier:
            raise ValueError(f"{notebook}: parameter default {node.id!r} names no earlier parameter")
        return earlier[node.id]
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ValueError(
            f"{notebook}, parameters cell, line {node.lineno}: {ast.unparse(node)!r} is not a literal "
            "(a parameter's default is a number, string, None, list or tuple, or an earlier parameter)"
        ) from None


def run_parameters(notebook: str, results: Path | None = None) -> dict[str, Any]:
    """The parameters a run of ``notebook`` computes with: the defaults of its parameters cell,
    overridden by those its runner declared in the results folder's ``_run.json`` (an adapted or
    updated run; :func:`declared_parameters`). Read from files, not from the caller's namespace."""
    declared = declared_parameters(results or config.results_dir()).get(str(notebook), {})
    return {**notebook_parameters(notebook), **declared}


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

    ``decision`` is what a rule returned (:func:`rotation.verdicts.rules.decide`, ``bounded`` or
    ``undecidable``): the verdict, the claim and the rule's inputs all come from it, so a recorded
    verdict always follows from recorded inputs (:func:`rotation.verdicts.rules.replay`). No free verdict
    string is accepted. ``reason`` defaults to the decision's, ``proxy`` to its proxy result.
    ``stated`` defaults to the registry's stated value (or its text for qualitative claims).
    ``parameters`` defaults to :func:`run_parameters`: the notebook's declared defaults and the
    values its runner declared for this results folder, recorded for :func:`load_results`.
    """
    _check_decision(decision)
    row = claim(decision.claim_id)
    notebook = notebook or row["notebook"]
    v = Verdict(
        id=decision.claim_id,
        verdict=decision.verdict,
        stated=_clean(_stated(row) if stated is None else stated),
        measured=_clean(measured),
        unit=_clean(row["unit"]),
        reason=decision.reason if reason is None else reason,
        notebook=notebook,
        window=_clean(list(window)) if window is not None else None,
        tolerance=None if pd.isna(row["tolerance"]) else float(row["tolerance"]),
        data_end=_clean(pd.Timestamp(data_end)) if data_end is not None else None,
        details=_clean(details or {}),
        notebook_fingerprint=notebook_fingerprint(notebook),
        headline=headline,
        measured_text=measured_text,
        proxy=_clean_or_none(decision.proxy if proxy is None else proxy),
        robustness=_clean_or_none(robustness),
        parameters=_clean(_recorded_parameters(notebook) if parameters is None else parameters),
        article=str(row["article"]),
        decision={"kind": decision.kind, "inputs": exact(decision.inputs)},
    )
    _write(v)
    return v


def _check_decision(decision: Any) -> None:
    """Refuse anything but a :class:`Decision` of a named claim whose verdict replays."""
    if not isinstance(decision, Decision):
        raise TypeError(
            f"record() takes the Decision a rule returned (rt.rules.decide / bounded / undecidable), "
            f"not {type(decision).__name__} {decision!r}"
        )
    if not decision.claim_id:
        raise ValueError("the decision names no claim: pass claim_id= to rt.rules.undecidable")
    if decision.verdict not in VERDICTS:
        raise ValueError(f"verdict {decision.verdict!r} is not one of {VERDICTS}")
    _check_replays(decision)


def _stated(row: pd.Series) -> Any:
    """The registry's stated value: a date for turns, a number, or the text of a qualitative claim."""
    sv = row["stated_value"]
    if pd.isna(sv):
        return row["stated_text"]
    return sv if row["test"] in ("turn", "turns", "turn_each") else float(sv)


def _clean_or_none(x: Any) -> Any:
    return _clean(x) if x is not None else None


def _recorded_parameters(notebook: str) -> dict[str, Any]:
    """:func:`run_parameters`, or none for a notebook whose source cannot be read."""
    try:
        return run_parameters(notebook)
    except (OSError, SyntaxError, ValueError):
        return {}


def _write(v: Verdict) -> None:
    """``results/<id>.json``, strict JSON, written atomically and only if its bytes changed."""
    out = config.results_dir()
    out.mkdir(parents=True, exist_ok=True)
    try:
        text = json.dumps(asdict(v), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:  # an infinite value: _clean turns NaN into null, not inf
        raise DataValidationError(
            f"{v.id}: cannot record an infinite value ({exc}); check the measurement"
        ) from exc
    path = out / f"{v.id}.json"
    if not path.exists() or path.read_text() != text:  # leave an unchanged file untouched
        io.write_text(path, text)


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
    return f"{config.CLI} run {notebook}"


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
            f"(other parameters belong in `{config.CLI} adapt`)"
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
