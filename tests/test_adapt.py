"""Adapting: a claim notebook reruns with other parameters without touching committed results."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat

import rotation as rt

ROOT = rt.config.repo_root()


def test_breadth_reruns_for_the_2024_election_window_into_its_own_folder(tmp_path):
    committed = {p.name: p.read_bytes() for p in (ROOT / "results").glob("*.json")}
    out = tmp_path / "adapted.ipynb"
    subprocess.run([sys.executable, "-m", "rotation", "adapt", "notebooks/01_breadth.ipynb", "--out", str(out),
                    "-p", "WINDOW_START", "2024-11-05", "-p", "WINDOW_END", "2025-01-31", "-p", "AS_OF", "2025-01-31"],
                   cwd=ROOT, check=True, capture_output=True)
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "2024-11-05" in injected[0].source
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    b2 = json.loads((tmp_path / "results" / "B2.json").read_text())
    assert b2["window"] == ["2024-11-05", "2025-01-31"]
    assert (tmp_path / "adapted.html").is_file()
    assert {p.name: p.read_bytes() for p in (ROOT / "results").glob("*.json")} == committed
