"""The execution cache (rotation.run.runcache): a notebook re-executes exactly when its key changed.

Each test builds a small project in a temporary folder (registry, sources, a data folder with its
manifest, a lock, a copy of a package) and runs it with an executor that does what a kernel would:
read the files its notebook names (noting them as the data layer does), write its results and its
notebook. One slow test runs real kernels on two tiny notebooks. The repository is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rotation as rt
from rotation import config, reads, runcache
from rotation.errors import NotebookError
from tools import bench

CLAIMS = """id,article,notebook,statement
A1,art,notebooks/01_a.ipynb,first claim
A2,art,notebooks/01_a.ipynb,second claim
B1,art,notebooks/02_b.ipynb,third claim
"""
FIGURES = """article,claim,key,value
art,A1,x,1
art,B1,y,2
"""
SOURCE = '# %% tags=["parameters"]\nAS_OF = "2026-01-30"\n\n# %%\nx = 1\n'

#: what each notebook reads: data files (of the data folder), project files (data/), results
READS = {
    "01_a": {"data": ["prices/x.parquet", "flows/shared.csv"], "project": ["universes.csv"], "results": []},
    "02_b": {"data": ["flows/y.csv", "flows/shared.csv"], "project": [], "results": []},
    "00_scorecard": {"data": [], "project": ["claims.csv"], "results": ["A1", "A2", "B1"]},
}


class Project:
    """A small project: ``root`` (registry, sources, notebooks, results, lock), ``market`` (a data
    folder with MANIFEST.csv) and ``pkg`` (a package copy whose bytes make the key's ``package``)."""

    def __init__(self, tmp: Path):
        self.root, self.market, self.pkg = tmp / "proj", tmp / "market", tmp / "pkg"
        (self.root / "notebooks" / "src").mkdir(parents=True)
        (self.root / "data").mkdir()
        (self.root / "pyproject.toml").write_text("[project]\nname = 'p'\n")
        (self.root / "requirements.lock").write_text("pandas==3.1.1 \\\n    --hash=sha256:00\n")
        (self.root / "data" / "claims.csv").write_text(CLAIMS)
        (self.root / "data" / "claim_figures.csv").write_text(FIGURES)
        (self.root / "data" / "universes.csv").write_text("group,ticker\nmag7,AAPL\n")
        for stem in READS:
            (self.root / "notebooks" / "src" / f"{stem}.py").write_text(SOURCE)
            (self.root / "notebooks" / f"{stem}.ipynb").write_text("{}\n")
        for rel, text in {
            "prices/x.parquet": "x1\n",
            "flows/y.csv": "y1\n",
            "flows/shared.csv": "s\n",
        }.items():
            (self.market / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.market / rel).write_text(text)
        self.pkg.mkdir()
        (self.pkg / "__init__.py").write_text("VERSION = 1\n")
        self.executed: list[list[str]] = []
        self.fail: set[str] = set()
        self.result_depends_on_data = True

    def notebooks(self) -> list[Path]:
        return config.notebooks()

    def ctx(self) -> runcache.Context:
        return runcache.Context.now(self.root, pkg=self.pkg)

    def execute_all(self, paths, workers, *, reads: dict[Path, Path]):
        """What a kernel does for these notebooks: read, note the reads, write results and notebook."""
        self.executed.append([p.stem for p in paths])
        failures, times = {}, {}
        for p in paths:
            spec = READS[p.stem]
            if p.stem in self.fail:
                failures[p] = f"{p.name} failed"
                continue
            os.environ[config.ENV_READS] = str(reads[p])
            try:
                seen = []
                for rel in spec["data"]:
                    path = rt.data.find(rel)
                    seen.append(path.read_text() if self.result_depends_on_data else "")
                for rel in spec["project"]:
                    path = config.project_data_dir() / rel
                    rt.reads.note(path)
                    seen.append(path.read_text())
                for cid in spec["results"]:
                    rt.reads.note_result(cid)
                    seen.append((config.results_dir() / f"{cid}.json").read_text())
                source = config.notebook_source(p).read_text()
                for cid in runcache.Context.now(self.root).claim_ids(p):
                    out = config.results_dir() / f"{cid}.json"
                    out.parent.mkdir(exist_ok=True)
                    out.write_text(json.dumps({"id": cid, "source": source, "seen": seen}) + "\n")
                p.write_text(json.dumps({"source": source, "seen": seen}) + "\n")
                times[p] = 0.1
            finally:
                del os.environ[config.ENV_READS]
                reads_module_forget()
        if failures:
            raise NotebookError("\n".join(failures.values()), failures=failures)
        return times

    def run(self, force: bool = False) -> list[str]:
        """Run the collection through the cache; the notebooks executed (in order of execution)."""
        self.executed = []
        lines: list[str] = []
        runcache.run(
            self.notebooks(), force=force, execute_all=self.execute_all, ctx=self.ctx(), say=lines.append
        )
        self.lines = lines
        return [s for group in self.executed for s in group]

    def status(self, stem: str) -> runcache.Status:
        return runcache.status(self.root / "notebooks" / f"{stem}.ipynb", self.ctx())

    def edit(self, rel: str, old: str, new: str, base: Path | None = None) -> None:
        path = (base or self.root) / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new))


def reads_module_forget() -> None:
    reads._seen.clear()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    p = Project(tmp_path)
    monkeypatch.chdir(p.root)
    monkeypatch.setenv("ROTATION_ROOT", str(p.root))
    monkeypatch.setenv(config.ENV_DATA, str(p.market))
    for var in (config.ENV_RESULTS, config.ENV_PREFER_CACHE, config.ENV_READS):
        monkeypatch.delenv(var, raising=False)
    assert config.repo_root() == p.root
    p.run()
    return p


ALL = ["01_a", "02_b", "00_scorecard"]


def test_first_run_executes_everything_and_records_a_key_each(project):
    assert [s for g in project.executed for s in g] == ALL  # the fixture's run: no key yet
    for stem in ALL:
        key = json.loads((project.root / "results" / ".keys" / f"{stem}.json").read_text())
        assert key["notebook"] == f"notebooks/{stem}.ipynb"
    key = json.loads((project.root / "results" / ".keys" / "01_a.json").read_text())
    assert set(key["inputs"]["data"]) == {"prices/x.parquet", "flows/shared.csv"}
    assert set(key["inputs"]["registry"]) == {"A1", "A2"}
    assert key["inputs"]["project"] == {
        "data/universes.csv": runcache.sha256_file(project.root / "data" / "universes.csv")
    }
    assert key["defaults"] == {"AS_OF": "2026-01-30"}
    score = json.loads((project.root / "results" / ".keys" / "00_scorecard.json").read_text())
    assert (
        set(score["inputs"]["results"]) == {"A1", "A2", "B1"}
        and "data/claims.csv" in score["inputs"]["project"]
    )


def test_unchanged_executes_nothing_and_says_why_one_line_each(project):
    before = {p: p.read_bytes() for p in (project.root / "results").rglob("*.json")}
    assert project.run() == []
    assert len(project.lines) == 3 and all(line.startswith("up to date") for line in project.lines)
    assert (
        "notebooks/01_a.ipynb: source, package, lock, 2 registry rows, 2 data files, 1 project file"
        in project.lines[0]
    )
    assert "3 results read" in project.lines[2]
    assert {p: p.read_bytes() for p in (project.root / "results").rglob("*.json")} == before


def test_a_one_line_source_edit_runs_that_notebook_and_the_scorecard_only(project):
    project.edit("notebooks/src/02_b.py", "x = 1", "x = 2")
    assert "source notebooks/src/02_b.py changed" in project.status("02_b").line(project.root)
    assert project.run() == ["02_b", "00_scorecard"]
    assert "result B1 changed" in project.lines[-2]  # the scorecard says why it runs again
    assert project.run() == []


def test_a_parameter_default_edit_names_the_parameter(project):
    project.edit("notebooks/src/01_a.py", '"2026-01-30"', '"2026-02-02"')
    line = project.status("01_a").line(project.root)
    assert "AS_OF '2026-01-30' -> '2026-02-02'" in line, line
    assert project.run() == ["01_a", "00_scorecard"]


def test_injected_parameters_are_part_of_the_key(project):
    ctx = project.ctx()
    nb = project.root / "notebooks" / "01_a.ipynb"
    assert not runcache.status(nb, ctx).stale
    st = runcache.status(nb, ctx, parameters={"AS_OF": "2025-01-31"})
    assert st.stale and "parameters {'AS_OF': '2025-01-31'}" in st.why[0]


def test_a_data_file_change_runs_exactly_the_notebooks_that_read_it(project):
    project.edit("flows/y.csv", "y1", "y2", base=project.market)
    assert project.status("01_a").stale is False
    assert "data file flows/y.csv changed" in project.status("02_b").line(project.root)
    assert project.run() == ["02_b", "00_scorecard"]  # B1 changed with the data: the scorecard follows
    project.edit("flows/shared.csv", "s", "t", base=project.market)
    assert project.run() == ["01_a", "02_b", "00_scorecard"]


def test_a_data_change_that_leaves_the_results_leaves_the_scorecard(project):
    project.result_depends_on_data = False
    project.run(force=True)
    project.edit("prices/x.parquet", "x1", "x2", base=project.market)
    assert project.run() == ["01_a"]  # its results came out the same: the scorecard stands


def test_a_package_edit_runs_everything(project):
    (project.pkg / "measures.py").write_text("# a new module\n")
    assert "package lib/rotation changed" in project.status("01_a").line(project.root)
    assert project.run() == ALL


def test_a_lock_change_runs_everything(project):
    project.edit("requirements.lock", "3.1.1", "3.1.2")
    assert "requirements.lock changed" in project.status("02_b").line(project.root)
    assert project.run() == ALL


def test_a_registry_row_runs_only_the_notebook_that_concludes_it(project):
    project.edit("data/claims.csv", "third claim", "third claim reworded")
    assert "registry row B1 changed" in project.status("02_b").line(project.root)
    assert not project.status("01_a").stale
    # the scorecard reads the whole registry: it follows (and B1's result is unchanged here)
    assert project.run() == ["02_b", "00_scorecard"]
    project.edit("data/claim_figures.csv", "art,A1,x,1", "art,A1,x,1.5")
    assert project.run() == ["01_a"]  # its results came out the same; the scorecard reads no figures


def test_a_project_file_runs_the_notebooks_that_read_it(project):
    project.edit("data/universes.csv", "AAPL", "MSFT")
    assert "project file data/universes.csv changed" in project.status("01_a").line(project.root)
    assert project.run() == ["01_a", "00_scorecard"]


def test_a_planted_stale_result_or_notebook_is_seen(project):
    """The check can fail: a key that matches every input while an output was changed by hand is stale."""
    (project.root / "results" / "A2.json").write_text('{"id": "A2", "verdict": "forged"}\n')
    assert "its result A2 changed since its run" in project.status("01_a").line(project.root)
    (project.root / "notebooks" / "02_b.ipynb").write_text("{}\n")
    assert "notebooks/02_b.ipynb changed since its run" in project.status("02_b").line(project.root)
    key = project.root / "results" / ".keys" / "00_scorecard.json"
    key.write_text("{not json")
    assert "damaged" in project.status("00_scorecard").line(project.root)
    assert project.run() == ALL


def test_force_runs_everything(project):
    assert project.run(force=True) == ALL
    assert all(line.startswith(("forced", "executed")) for line in project.lines)


def test_a_failure_keeps_the_failed_key_and_skips_the_scorecard(project):
    project.edit("flows/shared.csv", "s", "t", base=project.market)
    keys = project.root / "results" / ".keys"
    before = (keys / "02_b.json").read_text(), (keys / "00_scorecard.json").read_text()
    project.fail = {"02_b"}
    with pytest.raises(NotebookError) as e:
        project.run()
    assert "02_b.ipynb failed" in str(e.value) and "00_scorecard.ipynb not run" in str(e.value)
    assert project.executed == [["01_a", "02_b"]]
    assert ((keys / "02_b.json").read_text(), (keys / "00_scorecard.json").read_text()) == before
    project.fail = set()
    assert project.run() == ["02_b", "00_scorecard"]  # 01_a's key was recorded


def test_the_manifest_vouches_for_a_file_not_newer_than_it(project, monkeypatch):
    """A data file listed in its folder's MANIFEST.csv with its size, and not newer, takes the listed
    sha256 without being read; a file changed after the manifest is hashed."""
    x = project.market / "prices" / "x.parquet"
    manifest = project.market / "MANIFEST.csv"
    manifest.write_text(f"file,bytes,sha256,source\nprices/x.parquet,{x.stat().st_size},{'a' * 64},test\n")
    os.utime(x, ns=(manifest.stat().st_mtime_ns - 10**9,) * 2)
    h = runcache.Hasher(None)
    assert h.data_file(x, project.market) == "a" * 64
    os.utime(x, ns=(manifest.stat().st_mtime_ns + 10 * 10**9,) * 2)  # changed after the manifest
    assert runcache.Hasher(None).data_file(x, project.market) == runcache.sha256_file(x)


def test_the_hash_memo_is_used_and_refreshed(project):
    memo = project.root / "build" / "cache" / "sha256.json"
    assert memo.is_file()
    x = project.market / "prices" / "x.parquet"
    st = x.stat()
    data = json.loads(memo.read_text())
    data[str(x)] = [st.st_size, st.st_mtime_ns, "b" * 64]  # plant: the memo is believed for this stat
    memo.write_text(json.dumps(data))
    assert runcache.Context.now(project.root, pkg=project.pkg).data_sha("prices/x.parquet") == "b" * 64
    x.write_text("x-changed\n")  # a new size and mtime: hashed again
    assert runcache.Context.now(project.root, pkg=project.pkg).data_sha(
        "prices/x.parquet"
    ) == runcache.sha256_file(x)


def test_the_site_key_follows_notebooks_and_results(project):
    ctx = project.ctx()
    out = project.root / "build" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("<html>")
    key = runcache.site_key(project.notebooks(), ctx)
    assert not runcache.site_is_current(out, key)
    runcache.mark_site(out, key, project.notebooks(), ctx)
    assert runcache.site_is_current(out, key)
    assert runcache.reusable_pages(out, project.notebooks(), project.ctx()) == set(project.notebooks())
    (project.root / "results" / "A1.json").write_text("{}\n")
    assert runcache.site_key(project.notebooks(), project.ctx()) != key
    project.edit("notebooks/src/02_b.py", "x = 1", "x = 2")
    project.run()  # 02_b and the scorecard run: their pages are rendered again, 01_a's is kept
    kept = runcache.reusable_pages(out, project.notebooks(), project.ctx())
    assert {p.stem for p in kept} == {"01_a"}


def test_bench_edits_one_notebook_and_changes_a_file_only_some_read(project, tmp_path):
    """make bench's cache cases: the data file it changes is read by some claim notebooks, not all; the
    folder of symlinks resolves each file as the data sources do (the first source wins)."""
    assert bench._data_target(project.root) == ("flows/y.csv", ["02_b"])
    first, second = tmp_path / "first", tmp_path / "second"
    for base, text in ((first, "first\n"), (second, "second\n")):
        (base / "flows").mkdir(parents=True)
        (base / "flows" / "y.csv").write_text(text)
    (second / "only.csv").write_text("x\n")
    farm = bench.data_farm(tmp_path / "farm", [first, second])
    assert (farm / "flows" / "y.csv").read_text() == "first\n" and (farm / "only.csv").read_text() == "x\n"
    src = project.root / "notebooks" / "src" / "01_a.py"
    assert bench._edit_target(project.root) is None  # no `import rotation as rt` line yet
    src.write_text(SOURCE + "\n# %%\nimport rotation as rt\n")
    assert bench._edit_target(project.root) == src


def _committed_keys() -> list[dict]:
    keys = sorted((rt.config.repo_root() / "results" / ".keys").glob("*.json"))
    if not keys:
        pytest.skip("no keys committed yet: `make run` records them")
    return [json.loads(p.read_text()) for p in keys]


def test_every_file_a_recorded_run_read_is_in_the_dataset_registry_with_its_reader():
    """What the kernels read (the committed keys) is what rotation.inputs.datasets declares, so that
    ensure-data fetches it and a missing file's message names its readers."""
    workbooks = rt.datasets.DATASETS["earnings/raw/raw_manifest.csv"]
    for key in _committed_keys():
        stem = Path(key["notebook"]).stem
        for rel in key["inputs"]["data"]:
            d = rt.datasets.DATASETS.get(rel, workbooks if rel.startswith("earnings/raw/") else None)
            assert d is not None, f"{stem} read {rel}, which rotation.inputs.datasets does not list"
            assert stem in (*d.readers, *d.optional_readers), (
                f"{stem} read {d.file}; add it to that dataset's readers"
            )


def test_the_repository_keeps_no_keys_of_another_kind():
    """The committed keys, where there are any, are of this version (the lead regenerates them)."""
    for path in sorted((rt.config.repo_root() / "results" / ".keys").glob("*.json")):
        assert json.loads(path.read_text()).get("version") == runcache.KEY_VERSION, path


# ---------------------------------------------------------------- real kernels
NB_READS = """\
# %% tags=["parameters"]
NAME = "{rel}"

# %%
import rotation as rt

print(len(rt.data.read_csv(NAME)))
"""


@pytest.mark.slow  # two kernels, three runs
def test_real_kernels_note_what_they_read(tmp_path):
    """End to end: `python -m rotation run` in a temporary project; each notebook's key names the data
    file its kernel read; unchanged, nothing runs; a data change runs only its reader."""
    root, market = tmp_path / "proj", tmp_path / "market"
    (root / "notebooks" / "src").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(rt.config.repo_root() / "pyproject.toml", root)
    shutil.copytree(rt.config.repo_root() / "data", root / "data", dirs_exist_ok=True)  # a valid registry
    for stem, rel in (("01_a", "flows/a.csv"), ("02_b", "flows/b.csv")):
        (market / rel).parent.mkdir(parents=True, exist_ok=True)
        (market / rel).write_text("ticker,value\nSPY,1\n")
        (root / "notebooks" / "src" / f"{stem}.py").write_text(NB_READS.format(rel=rel))
    import nbformat

    for stem in ("01_a", "02_b"):
        nb = root / "notebooks" / f"{stem}.ipynb"
        nbformat.write(rt.notebooks._from_source(nb), nb)
    env = {**os.environ, config.ENV_DATA: str(market), config.ENV_ROOT: str(root)}
    env.pop(config.ENV_RESULTS, None)

    def run() -> str:
        p = subprocess.run(
            [sys.executable, "-m", "rotation", "run", "--no-html"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert p.returncode == 0, p.stdout + p.stderr
        return p.stdout

    out = run()
    assert out.count("executed    notebooks/") == 2, out
    key = json.loads((root / "results" / ".keys" / "01_a.json").read_text())
    assert list(key["inputs"]["data"]) == ["flows/a.csv"], key
    out = run()
    assert "executed    " not in out and out.count("up to date  notebooks/") == 2, out
    (market / "flows" / "b.csv").write_text("ticker,value\nSPY,2\nQQQ,3\n")
    out = run()
    assert "executed    notebooks/02_b.ipynb" in out and "executed    notebooks/01_a.ipynb" not in out, out
    assert "data file flows/b.csv changed" in out, out


def test_ticker_checks_are_not_inputs_but_the_panel_read_is(tmp_path, monkeypatch):
    """known_tickers, the universe check and the fund-against-index check open other price panels
    only to stop a run: they are not noted, so a change of a panel a notebook never reads does not
    rerun it (the project files that declare the checks are noted when read)."""
    log = tmp_path / "reads.log"
    monkeypatch.setenv(rt.config.ENV_READS, str(log))
    rt.reads._seen.clear()
    assert "SPY" in rt.data.known_tickers()
    rt.data.universe("sector_etf")
    files, _ = rt.reads.read_log(log)
    assert [p.name for p in files] == ["universes.csv"]  # the project file that names the tickers
    rt.data.prices(["SPY"], "2026-01-02", "2026-01-09")  # SPY is checked against ^GSPC, not noted
    files, _ = rt.reads.read_log(log)
    market = [p.name for p in files if rt.config.project_data_dir() not in p.parents]
    assert market == ["etf_daily.parquet"]
