"""The notebook of an article decided by its registry rows alone is the template's output."""

import json
import re

import rotation as rt
from rotation import article_notebook as an

ROOT = rt.config.repo_root()


def generated_articles() -> list[str]:
    return [a for a in rt.articles.articles().index if an.notebook_path(a).is_file()]


def test_at_least_one_article_is_decided_by_rows_alone():
    assert generated_articles()


def test_each_committed_article_notebook_is_the_templates_output():
    for a in generated_articles():
        src = rt.config.notebook_source(an.notebook_path(a))
        assert src.read_text() == an.source(a), (
            f"{src} differs from the template: run python -m rotation new-article {a}"
        )


def test_every_claim_has_its_section_and_a_short_cell():
    for a in generated_articles():
        nb = json.loads(an.notebook_path(a).read_text())
        md = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        for cid in rt.registry.claim_ids(a):
            assert f'<a id="{cid}"></a>' in md and f"## {cid}" in md
        code = [len("".join(c["source"]).splitlines()) for c in nb["cells"] if c["cell_type"] == "code"]
        assert max(code) <= 8


def test_the_template_refuses_a_claim_that_names_another_notebook(tmp_path, monkeypatch):
    import shutil

    import pytest

    from rotation.errors import DataValidationError

    root = tmp_path / "p"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    a = generated_articles()[0]
    cid = rt.registry.claim_ids(a)[0]
    text = (root / "data" / "claims.csv").read_text()
    row = next(line for line in text.splitlines() if line.startswith(f"{cid},"))
    (root / "data" / "claims.csv").write_text(
        text.replace(row, row.replace(f"20_{a}.ipynb", "01_breadth.ipynb"))
    )
    monkeypatch.chdir(root)
    monkeypatch.setenv("ROTATION_ROOT", str(root))
    with pytest.raises(DataValidationError, match=cid):
        an.write(a)
    assert not (root / "notebooks").exists()


def test_each_measured_claim_has_data_result_figure_verdict_grid_and_followup():
    parts = ("conclusion_views.describe", "conclusion_views.result_table", "rt.plots.conclusion(")
    parts += ("conclusion_views.grid_table", "conclusion_views.followup_table")
    for a in generated_articles():
        src = an.source(a)
        measured = [c for c in rt.registry.claim_ids(a) if rt.registry.claim(c)["test"] != "needs_data"]
        for cid in measured:
            var = cid.lower()
            for p in parts:
                assert f"{p}({var}" in src or f"{p}{var}" in src, f"{a}/{cid}: no {p}"
        numbers = [int(x) for x in re.findall(r"rt\.plots\.conclusion\(\w+, (\d+)\)", src)]
        assert numbers == list(range(1, len(measured) + 1))  # numbered in order, none skipped
