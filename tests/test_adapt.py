"""Adapting: a claim notebook reruns with other parameters without touching committed results."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

import rotation as rt

ROOT = rt.config.repo_root()


@pytest.mark.slow
def test_breadth_reruns_for_the_2024_election_window_into_its_own_folder(tmp_path):
    committed = {p.name: p.read_bytes() for p in (ROOT / "results").glob("*.json")}
    out = tmp_path / "adapted.ipynb"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rotation",
            "adapt",
            "notebooks/01_breadth.ipynb",
            "--out",
            str(out),
            "-p",
            "WINDOW_START",
            "2024-11-05",
            "-p",
            "WINDOW_END",
            "2025-01-31",
            "-p",
            "AS_OF",
            "2025-01-31",
            "--once",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "2024-11-05" in injected[0].source
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    b2 = json.loads((tmp_path / "results" / "B2.json").read_text())
    assert b2["window"] == ["2024-11-05", "2025-01-31"]
    assert (tmp_path / "adapted.html").is_file()
    assert {p.name: p.read_bytes() for p in (ROOT / "results").glob("*.json")} == committed


@pytest.mark.slow
@pytest.mark.parametrize(
    "notebook, params, claim, check",
    [
        ("02_small_cap_earnings", {"AS_OF": "2025-12-31"}, "E1", lambda r: r["window"][1] == "2025-12-31"),
        ("03_sector_flows", {"WEEK_END": "2026-02-27"}, "F1", lambda r: r["window"][1] == "2026-02-27"),
        (
            "04_contrarian_consensus",
            {"OOS_END": "2026-05-29"},
            "C3",
            lambda r: r["window"][1] == "2026-05-29",
        ),
    ],
)
def test_claim_notebooks_rerun_with_other_parameters(tmp_path, notebook, params, claim, check):
    out = tmp_path / f"{notebook}.ipynb"
    args = [a for k, v in params.items() for a in ("-p", k, v)]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rotation",
            "adapt",
            f"notebooks/{notebook}.ipynb",
            "--out",
            str(out),
            "--once",
            *args,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    nb = nbformat.read(out, as_version=4)
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    r = json.loads((tmp_path / "results" / f"{claim}.json").read_text())
    assert check(r), r["window"]


def test_a_dict_parameter_takes_a_json_object_only():
    """No committed notebook has a dict parameter any more (stated figures are data), but an adapted
    or new notebook may: its value must be a JSON object, and the error names the parameter."""
    from rotation.errors import ParameterError
    from rotation.run.adapt import parse_value

    assert parse_value("x.ipynb", "MAP", '{"a": 1}', {"a": 0}) == {"a": 1}
    with pytest.raises(ParameterError, match="MAP takes a JSON object"):
        parse_value("x.ipynb", "MAP", '{"a": 1', {"a": 0})
