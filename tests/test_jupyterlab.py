"""Notebooks open clean in JupyterLab: opening and saving a committed notebook (with the jupytext
pairing of notebooks/jupytext.toml, as JupyterLab with the jupytext extension does) changes neither
the .ipynb nor its source; prose-rendering cells carry the tag that hides their input in the report;
notebooks cite the repository's files, never paths outside it."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import nbformat
import pytest

import rotation as rt

NOTEBOOKS = sorted(rt.notebooks.notebook_dir().glob("[0-9][0-9]_*.ipynb"))


def test_kernelspec_is_what_jupyterlab_writes():
    from jupyter_client.kernelspec import KernelSpecManager

    installed = KernelSpecManager().get_kernel_spec("python3").display_name
    for p in NOTEBOOKS:
        ks = nbformat.read(p, as_version=4).metadata["kernelspec"]
        assert ks == {"display_name": installed, "language": "python", "name": "python3"}, p.name
        assert f"display_name: {installed}" in rt.config.notebook_source(p).read_text(), p.name


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """A copy of notebooks/ after every notebook was opened and saved through jupytext's contents
    manager (the one JupyterLab uses with the jupytext extension installed)."""
    from jupytext import TextFileContentsManager

    root = tmp_path_factory.mktemp("lab") / "notebooks"
    shutil.copytree(rt.notebooks.notebook_dir(), root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    cm = TextFileContentsManager(root_dir=str(root))
    for p in NOTEBOOKS:
        cm.save(cm.get(p.name), p.name)
    return root


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_open_and_save_leaves_notebook_and_source_unchanged(saved, nb):
    assert (saved / nb.name).read_text() == nb.read_text(), f"saving {nb.name} in JupyterLab would change it"
    src = rt.config.notebook_source(nb)
    assert (saved / "src" / src.name).read_text() == src.read_text(), (
        f"saving {nb.name} would rewrite {src.name}"
    )


def _last_call(source: str) -> str:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return ""
    return ast.get_source_segment(source, body[-1]) or "" if body else ""


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_rendering_cells_hide_their_input(nb):
    for cell in nbformat.read(nb, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        last = _last_call(cell.source)
        only_prose = (
            last.startswith(("rt.text.md(", "display(Markdown("))
            and "rt.claims.record" not in cell.source
            and "fig" not in cell.source
            and "import " not in cell.source
        )
        if only_prose:
            assert set(cell.metadata.get("tags", [])) & set(rt.site.HIDE_INPUT_TAGS), (
                f"{nb.name}: prose cell without a hide-input tag: {cell.source[:80]!r}"
            )


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_cite_files_of_the_repository_only(nb):
    text = nb.read_text()
    assert "../shared" not in text, f"{nb.name} points the reader outside the repository"
