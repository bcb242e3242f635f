"""Fault suite, EPS workbooks in ``check`` (issue 22): ``python -m rotation check`` opens every
workbook the manifest lists, as notebook 02 does, so a corrupt workbook or one with a sheet
removed fails the check, named, instead of "ok"."""

from __future__ import annotations

import pandas as pd
import pytest

from rotation.inputs.eps_workbooks import ESTIMATES_SHEET, SECTOR_SHEET

from .test_faults import DATA, expect, world  # noqa: F401  (world: a fixture)

MANIFEST = "earnings/raw/raw_manifest.csv"


@pytest.fixture(scope="module")
def workbook() -> str:
    """The relative path of the first workbook of the manifest (parsed first: the check stops there)."""
    m = pd.read_csv(DATA / MANIFEST)
    local = m.loc[m["local"].str.endswith(".xlsx"), "local"].iloc[0]
    return f"earnings/raw/{local}"


def test_check_opens_the_workbooks_and_passes_on_the_snapshot(world, capsys):
    world.link_all()
    expect(world, ["check", MANIFEST], 0, "EPS workbooks: ok", "vintages", capsys=capsys)


def test_a_corrupt_workbook_fails_the_check_naming_it(world, workbook, capsys):
    world.link_all()
    world.write(workbook, b"PK\x03\x04 not really a workbook")
    name = workbook.rsplit("/", 1)[-1]
    expect(
        world, ["check", MANIFEST], 1, name, "cannot open as an xlsx workbook", "restore it", capsys=capsys
    )


def test_a_truncated_workbook_fails_the_check(world, workbook, capsys):
    world.link_all()
    world.write(workbook, (DATA / workbook).read_bytes()[:5000])
    expect(world, ["check", MANIFEST], 1, workbook.rsplit("/", 1)[-1], capsys=capsys)


@pytest.mark.parametrize("sheet", [ESTIMATES_SHEET, SECTOR_SHEET])
def test_a_workbook_without_a_sheet_fails_the_check_naming_the_sheet(
    world, workbook, tmp_path, capsys, sheet
):
    import openpyxl

    world.link_all()
    wb = openpyxl.load_workbook(DATA / workbook)
    del wb[sheet]
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    world.write(workbook, edited.read_bytes())
    expect(world, ["check", MANIFEST], 1, workbook.rsplit("/", 1)[-1], sheet, "missing", capsys=capsys)


def test_check_without_arguments_opens_the_workbooks_too(world, workbook, capsys):
    world.link_all()
    world.write(workbook, b"not a zip")
    expect(world, ["check"], 1, "cannot open as an xlsx workbook", capsys=capsys)
