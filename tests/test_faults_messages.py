"""Fault suite, clear messages (issue 22): each names the input and the fix. A full disk names the
file and its folder; ROTATION_RESULTS pointing at a file; a wrong ``notebook`` in data/claims.csv
(row and column); every project CSV of data/ validated against its declared schema (file, row,
column, what is wrong); a symbolic-link loop and a folder where a file should be, told apart."""

from __future__ import annotations

import errno
import json
import os
import shutil

import pandas as pd
import pytest

import rotation as rt
from rotation import project_files
from rotation.errors import DataValidationError

from .conftest import decision_for
from .test_faults import (  # noqa: F401  (fixtures)
    ETF,
    ROOT,
    _recorded,  # noqa: F401  (the fixture results needs)
    expect,
    results,
    world,
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's data/ selected as the project data folder."""
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "data", proj)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: proj)
    return proj


def _edit(path, row: int, **changes) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col, value in changes.items():
        df.loc[row, col] = value
    df.to_csv(path, index=False)


# ================================================================ a full disk names the file
def test_a_full_disk_names_the_file_and_its_folder(world, results, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")  # as a writer says it: no file name

    monkeypatch.setattr(os, "fsync", full)
    text = expect(
        world,
        lambda: rt.claims.record(decision_for("B4", "not supported"), 2.0, "r"),
        1,
        f"cannot write {results / 'B4.json'}: No space left on device",
        f"the file system of {results}",
        "free disk space there",
        capsys=capsys,
    )
    assert ".tmp" not in text
    assert json.loads((results / "B4.json").read_text())["verdict"] == "supported"
    assert not [p for p in results.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_while_writing_a_frame_names_the_target(tmp_path, monkeypatch):
    def full(self, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    target = tmp_path / "prices" / "etf_daily.parquet"
    with pytest.raises(OSError) as err:
        rt.io.write_frame(target, pd.DataFrame({"a": [1]}))
    assert err.value.filename == str(target) and err.value.errno == errno.ENOSPC
    assert os.listdir(target.parent) == []


# ================================================================ ROTATION_RESULTS at a file
def test_rotation_results_pointing_at_a_file_names_the_variable_and_the_fix(
    world, tmp_path, monkeypatch, capsys
):
    f = tmp_path / "results.txt"
    f.write_text("x")
    monkeypatch.setenv("ROTATION_RESULTS", str(f))
    expect(
        world,
        ["check", "results"],
        1,
        f"ROTATION_RESULTS={f} is a file, not a folder",
        "point ROTATION_RESULTS at a folder",
        capsys=capsys,
    )
    assert f.read_text() == "x"


# ================================================================ a wrong notebook in claims.csv
def test_a_wrong_notebook_in_the_registry_names_row_and_column(world, project, results, capsys):
    reg = pd.read_csv(project / "claims.csv", dtype=str, keep_default_na=False)
    i = int(reg.index[reg["id"] == "B2"][0])
    _edit(project / "claims.csv", i, notebook="notebooks/01_bredth.ipynb")
    expect(
        world,
        lambda: rt.claims.record(decision_for("B2", "supported"), 4.4, "r"),
        1,
        f"data/claims.csv, row {i + 2} (B2), column 'notebook'",
        "'notebooks/01_bredth.ipynb' is no notebook",
        "01_breadth.ipynb",
        capsys=capsys,
    )


# ================================================================ every project CSV has a schema
def test_every_project_csv_has_a_schema_and_passes():
    names = {p.name for p in (ROOT / "data").glob("*.csv")}
    assert names == set(project_files.SCHEMAS)
    assert len(project_files.check_all()) == len(names)


def test_check_validates_the_project_files(world, capsys):
    text = expect(world, ["check", "project"], 0, "data/monitor_rules.csv: ok", capsys=capsys)
    assert text.count(": ok (") == len(project_files.SCHEMAS)


def test_text_in_a_number_column_of_monitor_rules_names_file_row_and_column(world, project, capsys):
    _edit(project / "monitor_rules.csv", 2, on_at="half a point")
    expect(
        world,
        rt.monitor.rules,
        1,
        "data/monitor_rules.csv, data row 3 (line 4), column 'on_at'",
        "'half a point' is not a number",
        capsys=capsys,
    )
    expect(world, ["check", "project"], 1, "data/monitor_rules.csv, data row 3", capsys=capsys)


def test_a_fraction_in_a_whole_number_column_is_named(world, project, capsys):
    _edit(project / "monitor_legs.csv", 0, min_days="63.5")
    expect(
        world, ["check", "project"], 1, "monitor_legs.csv", "'min_days'", "not a whole number", capsys=capsys
    )


def test_a_blank_firm_in_the_strategist_calls_names_file_row_and_column(world, project, capsys):
    _edit(project / "strategist_sector_calls.csv", 4, firm="")
    expect(
        world,
        rt.data.strategist_calls,
        1,
        "data/strategist_sector_calls.csv, data row 5 (line 6): blank 'firm'",
        "Fill in the cell",
        capsys=capsys,
    )


def test_a_bad_date_in_a_project_file_is_named(world, project, capsys):
    _edit(project / "amendments.csv", 0, date="30/11/2026")
    expect(world, ["check", "project"], 1, "amendments.csv", "'date'", "not an ISO date", capsys=capsys)


def test_a_missing_column_of_a_project_file_is_named(world, project, capsys):
    df = pd.read_csv(project / "universes.csv", dtype=str).drop(columns="role")
    df.to_csv(project / "universes.csv", index=False)
    expect(world, ["check", "project"], 1, "data/universes.csv", "'role'", capsys=capsys)


def test_a_project_csv_without_a_schema_is_refused(world, project, capsys):
    (project / "notes.csv").write_text("a,b\n1,2\n")
    expect(world, ["check", "project"], 1, "data/notes.csv has no declared schema", "SCHEMAS", capsys=capsys)


def test_the_checker_names_a_blank_and_a_kind():
    df = pd.DataFrame({"call": ["on", " "], "core_share": ["1", "x"], "support_share": ["", ""], "rule": "r"})
    with pytest.raises(DataValidationError, match=r"data row 2 \(line 3\): blank 'call'"):
        project_files.check(df, "data/monitor_thesis.csv")
    df.loc[1, "call"] = "off"
    with pytest.raises(
        DataValidationError, match=r"data row 2 \(line 3\), column 'core_share': 'x' is not a number"
    ):
        project_files.check(df, "data/monitor_thesis.csv")


# ================================================================ a loop and a folder, told apart
def test_a_folder_where_a_data_file_should_be(world, capsys):
    (world.data / ETF).mkdir(parents=True)
    expect(world, ["check", ETF], 1, "etf_daily.parquet is a folder, where a file is expected", capsys=capsys)


def test_a_symlink_loop_where_a_data_file_should_be(world, capsys):
    path = world.data / ETF
    path.parent.mkdir(parents=True)
    (path.parent / "other.parquet").symlink_to(path)
    path.symlink_to(path.parent / "other.parquet")
    expect(world, ["check", ETF], 1, "etf_daily.parquet is a symbolic-link loop", capsys=capsys)


def test_a_broken_symlink_names_its_target(world, capsys):
    path = world.data / ETF
    path.parent.mkdir(parents=True)
    path.symlink_to(world.tmp / "gone.parquet")
    expect(world, ["check", ETF], 1, "broken symbolic link", "gone.parquet", capsys=capsys)


def test_a_missing_file_still_says_not_found(world, capsys):
    expect(world, ["check", ETF], 1, "not found", capsys=capsys)


def test_a_folder_or_a_loop_where_a_project_file_should_be(world, project, capsys):
    (project / "monitor_rules.csv").unlink()
    (project / "monitor_rules.csv").mkdir()
    expect(world, rt.monitor.rules, 1, "data/monitor_rules.csv", "is a folder", capsys=capsys)
    (project / "monitor_rules.csv").rmdir()
    (project / "monitor_rules.csv").symlink_to(project / "monitor_rules.csv")
    expect(world, rt.monitor.rules, 1, "data/monitor_rules.csv", "symbolic-link loop", capsys=capsys)
