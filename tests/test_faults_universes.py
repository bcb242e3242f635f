"""Fault suite, universe members (issue 22): a member of a ``data/universes.csv`` group that the data
it is used with does not have stops, named, instead of silently moving the group's measures."""

from __future__ import annotations

import shutil

import pytest

import rotation as rt
from rotation.errors import DataValidationError

from .test_faults import ROOT, expect, world  # noqa: F401  (world: a fixture)

GROUPS = ("mag7", "sector_etf", "market", "index", "cyclical", "defensive")


@pytest.fixture
def universes_with(tmp_path, monkeypatch):
    """A copy of data/ as the project data folder; ``add(text)`` appends lines to universes.csv."""
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "data", proj)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: proj)

    def add(lines: str) -> None:
        with open(proj / "universes.csv", "a") as f:
            f.write(lines)

    return add


@pytest.mark.parametrize("group", GROUPS)
def test_every_committed_member_is_in_the_price_data(group):
    assert len(rt.data.universe(group)) >= 3


def test_the_issue_case_an_unknown_mag7_member_stops_naming_it(world, universes_with, capsys):
    world.link_all()
    universes_with("mag7,NOSUCH,No such company,,test\n")
    expect(
        world,
        lambda: rt.data.universe("mag7"),
        1,
        "data/universes.csv, group 'mag7'",
        "NOSUCH",
        "refresh --tickers NOSUCH",
        capsys=capsys,
    )


def test_an_unknown_member_stops_the_bottom_up_groups_of_e2(world, universes_with, capsys):
    """Notebook 02 (E2) builds its Mag 7 group from the file and the company data."""
    world.link_all()
    universes_with("mag7,NOSUCH,No such company,,test\n")
    mag7 = rt.data.read_project_csv("universes.csv").query("group == 'mag7'")["ticker"]
    companies = rt.earnings.company_earnings(rt.data.company_fundamentals())
    expect(
        world, lambda: rt.earnings.in_group(companies, mag7), 1, "NOSUCH", "data/universes.csv", capsys=capsys
    )


def test_the_committed_mag7_are_seven_companies():
    mag7 = rt.data.universe("mag7")["ticker"]
    companies = rt.earnings.company_earnings(rt.data.company_fundamentals())
    assert rt.earnings.in_group(companies, mag7).sum() == 7


def test_an_unknown_member_stops_the_monitor_group(world, universes_with, capsys):
    world.link_all()
    universes_with("cyclical,XLZZ,Nothing,,test\n")
    expect(world, lambda: rt.monitor._members("group:cyclical"), 1, "group 'cyclical'", "XLZZ", capsys=capsys)


@pytest.mark.parametrize(
    "line, culprit",
    [("mag7,,blank,,test\n", "blank 'ticker'"), ("mag7,AAPL,Apple again,,test\n", "duplicated")],
)
def test_a_bad_universe_row_is_named(universes_with, line, culprit):
    universes_with(line)
    with pytest.raises(DataValidationError, match=culprit) as err:
        rt.data.universe("mag7")
    assert "universes.csv" in str(err.value)
