"""The environment files agree; the collection's guards (ML4T-style) hold."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import rotation as rt

ROOT = rt.config.repo_root()


def _pins_pyproject() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return dict(d.split("==") for d in deps)


def test_every_dependency_is_pinned():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", d) for d in deps), deps


def _env_files() -> tuple[str, str, str, str]:
    return tuple(
        (ROOT / f).read_text() for f in ("pyproject.toml", "requirements.lock", "uv.lock", "environment.yml")
    )


def test_lock_pyproject_and_environment_yml_agree_on_every_pin():
    """Every direct pin of pyproject.toml is the one of requirements.lock, uv.lock and environment.yml;
    the two locks hold the same versions; environment.yml is the lock's pins; every pin has a hash."""
    assert rt.lockfile.disagreements(*_env_files()) == []
    pyproject, lock, uv_lock, env = _env_files()
    assert set(_pins_pyproject()) and len(rt.lockfile.requirement_lines(lock)) > 2 * len(_pins_pyproject())
    assert re.search(r"^\s+- python=3\.11\s*$", env, flags=re.M)
    assert env == rt.lockfile.environment_yml(lock), "environment.yml is not what `make lock` writes"


def test_a_planted_disagreement_is_named():
    pyproject, lock, uv_lock, env = _env_files()
    bumped = lock.replace("\npandas==3.1.1 ", "\npandas==3.1.2 ")
    assert bumped != lock
    found = rt.lockfile.disagreements(pyproject, bumped, uv_lock, env)
    assert any("pandas: pyproject.toml pins 3.1.1, requirements.lock has 3.1.2" in f for f in found), found
    assert any("pandas: requirements.lock has 3.1.2, uv.lock has 3.1.1" in f for f in found), found
    assert any("environment.yml is not the lock's pins" in f for f in found), found
    unhashed = re.sub(r"(\ntqdm==4\.70\.1) \\\n(    --hash=\S+( \\)?\n)+", r"\1\n", lock)
    assert unhashed != lock
    assert "tqdm: no sha256 in requirements.lock" in rt.lockfile.disagreements(
        pyproject, unhashed, uv_lock, env
    )


def test_the_venv_holds_the_locked_versions():
    """What is installed is what the lock pins (for this platform's markers): the lock is what ran."""
    from importlib import metadata

    from packaging.markers import Marker

    wrong = []
    for name, version, marker in rt.lockfile.requirement_lines(_env_files()[1]):
        if marker and not Marker(marker).evaluate():
            continue
        try:
            got = metadata.version(name)
        except metadata.PackageNotFoundError:
            got = "not installed"
        if got != version:
            wrong.append(f"{name}: lock {version}, installed {got}")
    assert not wrong, "the venv is not the lock's (rm -r .venv; make): " + "; ".join(wrong)


def _notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_committed_notebooks_carry_outputs_without_machine_paths_or_errors():
    for path in _notebooks():
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert any(c["outputs"] for c in code), f"{path.name}: committed without outputs; run `make run`"
        text = json.dumps([c["outputs"] for c in code])
        assert not re.search(r"/(work|home|tmp|root|Users)/", text), (
            f"{path.name}: outputs show a machine path"
        )
        assert '"output_type": "error"' not in text, f"{path.name}: an output is an error"
        counts = [c["execution_count"] for c in code]
        assert counts == list(range(1, len(code) + 1)), (
            f"{path.name}: not executed top to bottom; run `make run`"
        )
        assert "papermill" not in nb["metadata"], f"{path.name}: volatile metadata left; run `make run`"
        stderr = [o for c in code for o in c["outputs"] if o.get("name") == "stderr"]
        assert not stderr, f"{path.name}: warnings or stderr output in the committed notebook: {stderr[:1]}"


def test_claim_notebooks_have_a_parameters_cell_first():
    for path in _notebooks():
        if path.name.startswith("00_"):
            continue
        code = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        assert "parameters" in code[0]["metadata"].get("tags", []), (
            f"{path.name}: first code cell not tagged 'parameters'"
        )


def test_every_claim_has_one_deciding_notebook_and_it_records_it():
    reg = rt.registry.registry()
    for cid, row in reg.iterrows():
        path = ROOT / row["notebook"]
        if not path.exists():
            continue  # a notebook not written yet: test_results_... below reports it once written
        result = ROOT / "results" / f"{cid}.json"
        assert result.is_file(), f"{cid}: {row['notebook']} never records it"
        assert json.loads(result.read_text())["notebook"] == row["notebook"], (
            f"{cid}: recorded by another notebook"
        )


def test_results_exist_and_are_current_for_every_written_notebook():
    reg = rt.registry.registry()
    for cid, row in reg.iterrows():
        if not (ROOT / row["notebook"]).exists():
            continue
        path = ROOT / "results" / f"{cid}.json"
        assert path.is_file(), f"{cid}: no results/{cid}.json; run `make run`"
        r = json.loads(path.read_text())
        assert r["verdict"] in rt.registry.VERDICTS
        assert r["notebook"] == row["notebook"], (
            f"{cid}: decided by {r['notebook']}, registry says {row['notebook']}"
        )
        assert r["notebook_fingerprint"] == rt.claims.notebook_fingerprint(row["notebook"]), (
            f"{cid}: results/{cid}.json is stale against {row['notebook']}; run `make run`"
        )


def test_every_notebook_has_a_source_and_matches_it():
    for path in _notebooks():
        assert rt.config.notebook_source(path).is_file(), f"{path.name}: no notebooks/src/{path.stem}.py"
        assert rt.notebooks.is_current(path), (
            f"{path.name} is stale against notebooks/src/{path.stem}.py; run `make run` to rebuild and execute it"
        )


def test_sync_takes_the_newer_side(tmp_path):
    import os

    import jupytext
    import nbformat

    nb_path = tmp_path / "01_x.ipynb"
    (tmp_path / "src").mkdir()
    src = tmp_path / "src" / "01_x.py"
    src.write_text("# %%\nx = 1\n")
    assert rt.notebooks.sync_from_source(nb_path) is True  # no notebook yet: built from the source
    assert nbformat.read(nb_path, as_version=4).cells[0].source == "x = 1"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[0].source = "x = 2"
    nbformat.write(nb, nb_path)
    os.utime(src, (1, 1))  # the notebook is newer: its edit goes to the source
    assert rt.notebooks.sync_from_source(nb_path) is False
    assert jupytext.read(src).cells[0].source == "x = 2"
    assert rt.notebooks.is_current(nb_path)


def test_sync_from_a_newer_source_keeps_the_outputs_and_ids_of_unchanged_cells(tmp_path):
    import os

    import nbformat

    nb_path = tmp_path / "01_x.ipynb"
    (tmp_path / "src").mkdir()
    out = nbformat.v4.new_output("stream", name="stdout", text="1\n")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("print(1)", outputs=[out]), nbformat.v4.new_code_cell("y = 2")]
    )
    nbformat.write(nb, nb_path)
    src = tmp_path / "src" / "01_x.py"
    src.write_text("# %%\nprint(1)\n\n# %%\ny = 3\n")
    os.utime(nb_path, (1, 1))  # the source is newer
    assert rt.notebooks.sync_from_source(nb_path) is True
    synced = nbformat.read(nb_path, as_version=4)
    assert [c.source for c in synced.cells] == ["print(1)", "y = 3"]
    assert synced.cells[0].outputs == [out] and synced.cells[0].id == nb.cells[0].id
    assert rt.notebooks.is_current(nb_path)


def test_each_notebooks_opening_summary_shows_its_current_verdicts():
    reg = rt.registry.registry()
    for path in _notebooks():
        rel = f"notebooks/{path.name}"
        ids = list(reg.index[reg["notebook"] == rel])
        if not ids:
            continue
        outputs = [
            o for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code" for o in c["outputs"]
        ]
        summary = next(
            (
                "".join(o["data"]["text/markdown"])
                for o in outputs
                if "text/markdown" in o.get("data", {})
                and f"- **{ids[0]}** —" in "".join(o["data"]["text/markdown"])
            ),
            "",
        )
        assert summary, f"{path.name}: no opening summary of its verdicts"
        for cid in ids:
            verdict = json.loads((ROOT / "results" / f"{cid}.json").read_text())["verdict"]
            assert f"- **{cid}** — *{verdict}*" in summary, (
                f"{path.name}: summary does not show {cid} as {verdict}; run `make run`"
            )


def test_a_tag_added_in_the_source_survives_the_rebuild(tmp_path, monkeypatch):
    """A new tagged parameters cell inserted in the source before an existing cell reaches the
    rebuilt notebook with its tag (jupytext's pairing alone gives it the old cell's metadata)."""
    import shutil

    import nbformat

    root = tmp_path / "p"
    (root / "notebooks" / "src").mkdir(parents=True)
    shutil.copytree(rt.config.repo_root() / "data", root / "data")
    shutil.copy(rt.config.repo_root() / "pyproject.toml", root / "pyproject.toml")
    src = root / "notebooks" / "src" / "09_t.py"
    nb = root / "notebooks" / "09_t.ipynb"
    monkeypatch.chdir(root)
    monkeypatch.setenv("ROTATION_ROOT", str(root))
    src.write_text("# %% [markdown]\n# # T\n\n# %%\nimport math\n\nB = math.pi\n")
    nbformat.write(rt.notebooks._from_source(nb), nb)
    src.write_text(
        '# %% [markdown]\n# # T\n\n# %% tags=["parameters"]\nA = 1\n\n# %%\nimport math\n\nB = math.pi\n'
    )
    rebuilt = rt.notebooks._from_source(nb)
    assert [c.metadata.get("tags") or [] for c in rebuilt.cells] == [[], ["parameters"], []]
