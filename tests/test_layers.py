"""The layers of the package: a module imports only modules of its own layer or a lower one
(foundations < data < sources, analysis < verdicts < run; sources and analysis do not import each
other). The map is tools/relayout.py's LAYOUT; the check reads the package as it is laid out, flat
or in folders, so it holds before and after the move."""

from __future__ import annotations

from pathlib import Path

import rotation as rt
from tools import relayout

PKG = Path(rt.__file__).resolve().parent


def test_every_module_has_a_layer():
    found = set(relayout.modules(PKG)) - set(relayout.TOP)
    assert found == set(relayout.LAYOUT), (
        f"give these a layer in tools/relayout.py: {sorted(found - set(relayout.LAYOUT))}; "
        f"gone: {sorted(set(relayout.LAYOUT) - found)}"
    )


def test_no_module_imports_a_higher_layer():
    bad = relayout.against_layers(relayout.graph(PKG))
    assert not bad, "; ".join(bad)


def test_a_planted_import_against_the_layers_is_found(tmp_path):
    pkg = tmp_path / "rotation"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "returns.py").write_text("from . import errors\n\n\ndef f():\n    from .rules import decide\n")
    (pkg / "errors.py").write_text("")
    (pkg / "rules.py").write_text("from .returns import f\n")
    g = relayout.graph(pkg)
    assert g["returns"] == {"errors", "rules"}  # a deferred import counts
    assert relayout.against_layers(g) == ["returns (analysis) imports rules (verdicts)"]


def test_siblings_do_not_import_each_other_and_the_folders_are_read(tmp_path):
    pkg = tmp_path / "rotation"
    for folder in ("analysis", "sources", "inputs"):
        (pkg / folder).mkdir(parents=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "config.py").write_text("")
    (pkg / "inputs" / "data.py").write_text("from .. import config\nfrom . import datasets\n")
    (pkg / "inputs" / "datasets.py").write_text("")
    (pkg / "analysis" / "returns.py").write_text("from ..inputs import data\nfrom ..sources import yahoo\n")
    (pkg / "sources" / "yahoo.py").write_text("")
    g = relayout.graph(pkg)
    assert g["data"] == {"config", "datasets"} and g["returns"] == {"data", "yahoo"}
    assert relayout.against_layers(g) == ["returns (analysis) imports yahoo (sources)"]
