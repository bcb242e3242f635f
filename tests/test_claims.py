from __future__ import annotations

import json

import pytest

import rotation as rt
from rotation.errors import StaleResultError

from .conftest import decision_for

ROOT = rt.config.repo_root()


def test_registry_has_every_claim_of_the_first_article_once():
    """The first article's claim ids are those of its transcription (../shared/claims.md), in order;
    every claim names an article of data/articles.csv and a notebook that exists."""
    import re

    listed = re.findall(
        r"^\| *([A-Z][0-9]+) *\|", (ROOT.parent / "shared" / "claims.md").read_text(), flags=re.M
    )
    reg = rt.registry.registry()
    first = rt.articles.articles().index[0]
    assert rt.registry.claim_ids(first) == listed
    assert not reg.index.duplicated().any()
    assert set(reg["article"]) <= set(rt.articles.articles().index)
    assert all((ROOT / nb).is_file() for nb in reg["notebook"])


@pytest.mark.parametrize(
    "measured, expected",
    [(4.4, "supported"), (5.3, "supported"), (6.0, "partly supported"), (7.0, "not supported")],
)
def test_decide_approx_uses_declared_tolerances(measured, expected):
    assert rt.rules.decide("B2", measured=measured).verdict == expected  # tolerance 1 pp, partly 2 pp


@pytest.mark.parametrize(
    "measured, expected", [(7.5, "supported"), (6.5, "partly supported"), (5.9, "not supported")]
)
def test_decide_at_least(measured, expected):
    assert rt.rules.decide("B4", measured=measured).verdict == expected  # > 7 %, partly > 6 %


def test_decide_refuses_nan():
    with pytest.raises(ValueError, match="NaN"):
        rt.rules.decide("B2", measured=float("nan"))


def test_record_writes_deterministic_json(results_tmp):
    v = rt.claims.record(
        decision_for("B4", "supported"),
        7.1234567,
        "r",
        window=["2025-11-03", "2026-01-30"],
        data_end="2026-07-01",
    )
    path = results_tmp / "B4.json"
    first = path.read_text()
    r = json.loads(first)
    assert r["measured"] == 7.1235 and r["stated"] == 7.0 and r["notebook"] == "notebooks/01_breadth.ipynb"
    assert r["notebook_fingerprint"] == rt.claims.notebook_fingerprint("notebooks/01_breadth.ipynb")
    rt.claims.record(
        decision_for("B4", "supported"),
        7.1234567,
        "r",
        window=["2025-11-03", "2026-01-30"],
        data_end="2026-07-01",
    )
    assert path.read_text() == first
    assert "B4 — supported" in v._repr_markdown_()


def test_record_takes_no_free_verdict(results_tmp):
    with pytest.raises(TypeError):  # the old signature (id, verdict, measured, reason) is gone
        rt.claims.record("B4", "supported", 7.0, "r")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes the Decision a rule returned"):
        rt.claims.record("supported", 7.0, "r")  # type: ignore[arg-type]
    assert not (results_tmp / "B4.json").exists()


def test_record_refuses_a_forged_decision(results_tmp):
    forged = rt.rules.Decision("supported", "r", claim_id="B4", kind="decide", inputs={"measured": 2.0})
    with pytest.raises(ValueError, match="does not follow from its inputs"):
        rt.claims.record(forged, 2.0)
    assert not (results_tmp / "B4.json").exists()


def test_load_results_flags_missing_and_stale(results_tmp):
    rt.claims.record(decision_for("B4", "supported"), 7.5, "r")
    with pytest.raises(StaleResultError, match="B1: no results/B1.json"):
        rt.claims.load_results()
    r = json.loads((results_tmp / "B4.json").read_text())
    r["notebook_fingerprint"] = "0" * 16
    (results_tmp / "B4.json").write_text(json.dumps(r))
    df = rt.claims.load_results(strict=False)
    assert bool(df.loc["B4", "stale"]) is True


def test_result_files_are_strict_json_and_record_parameters_and_source(results_tmp, monkeypatch):
    def refuse(const):
        raise ValueError(const)

    rt.claims.record(
        decision_for("F4", "undecidable with this data"), float("nan"), "r"
    )  # registry unit is blank
    r = json.loads((results_tmp / "F4.json").read_text(), parse_constant=refuse)
    assert r["unit"] is None and r["measured"] is None
    nb = "notebooks/03_sector_flows.ipynb"
    rt.claims.record(decision_for("F1", "supported"), 1.0, "r")  # the defaults, read from the source
    defaults = rt.claims.notebook_parameters(nb)
    assert json.loads((results_tmp / "F1.json").read_text())["parameters"] == defaults
    # as a runner declares an adapted run's parameters: read from _run.json, not the caller's globals
    (results_tmp / "_run.json").write_text(json.dumps({"parameters": {nb: {"WEEK_END": "2026-02-27"}}}))
    WEEK_END = "2026-01-02"  # noqa: F841 (a local of the caller is not read)
    rt.claims.record(decision_for("F1", "supported"), 1.0, "r")
    got = json.loads((results_tmp / "F1.json").read_text())["parameters"]
    assert got == {**defaults, "WEEK_END": "2026-02-27"}
    src = rt.config.repo_root() / "notebooks" / "src" / "03_sector_flows.py"
    code = [c for h, c in rt.claims.code_cells("notebooks/03_sector_flows.ipynb")]
    assert code and all(c in src.read_text() for c in code)


def test_registry_is_read_afresh_when_the_file_changes_and_returns_a_copy(tmp_path, monkeypatch):
    import shutil

    for name in ("claims.csv", "articles.csv"):
        shutil.copy(rt.config.project_data_dir() / name, tmp_path / name)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: tmp_path)
    first = rt.registry.registry()
    first.loc["B2", "tolerance"] = 99.0  # a caller's change must not reach the next caller
    assert rt.registry.claim("B2")["tolerance"] != 99.0
    text = (tmp_path / "claims.csv").read_text()
    (tmp_path / "claims.csv").write_text(text.replace("B2,", "B2x,", 1))
    assert "B2x" in rt.registry.registry().index and "B2" not in rt.registry.registry().index
    (tmp_path / "claims.csv").unlink()
    with pytest.raises(rt.errors.DataValidationError, match="data/claims.csv is missing"):
        rt.registry.registry()


def test_parameter_defaults_are_literals_read_without_executing(tmp_path, monkeypatch):
    src = tmp_path / "notebooks" / "src"
    src.mkdir(parents=True)
    cell = '# %% tags=["parameters"]\nAS_OF = "2026-01-30"\nEND = AS_OF\nDAYS = (-7, 7)\n'
    (src / "x.py").write_text(cell + "\n# %%\nprint(END)\n")
    monkeypatch.setattr(rt.config, "repo_root", lambda: tmp_path)
    got = rt.claims.notebook_parameters(tmp_path / "notebooks" / "x.ipynb")
    assert got == {"AS_OF": "2026-01-30", "END": "2026-01-30", "DAYS": (-7, 7)}
    (src / "x.py").write_text(cell + "BAD = __import__('os').getcwd()\n")
    with pytest.raises(ValueError, match="line 4.*not a literal"):
        rt.claims.notebook_parameters(tmp_path / "notebooks" / "x.ipynb")
