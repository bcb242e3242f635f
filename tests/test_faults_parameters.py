"""Fault suite, notebook parameter ranges (issue 22): a value of the right kind but an impossible
size (``ROLL_DAYS -5``), a NaN or a fraction for a whole number stop before any kernel starts,
naming the notebook, the parameter, the value and the valid range."""

from __future__ import annotations

import pytest

import rotation as rt
from rotation.errors import ParameterError

from .test_faults import ROOT, _adapt, expect, world  # noqa: F401  (world: a fixture)

NB = {p.stem[:2]: p for p in (ROOT / "notebooks").glob("0*.ipynb")}


@pytest.mark.parametrize(
    "nb, name, value, culprit",
    [
        ("01", "ROLL_DAYS", "-5", "ROLL_DAYS must be >= 2 (data/parameter_ranges.csv); got -5"),
        ("01", "ROLL_DAYS", "0", "ROLL_DAYS must be >= 2"),
        ("01", "ROLL_DAYS", "NaN", "ROLL_DAYS must be a finite number; got nan"),
        ("01", "ROLL_DAYS", "Infinity", "ROLL_DAYS must be a finite number; got inf"),
        ("01", "ROLL_DAYS", "20.5", "ROLL_DAYS must be a whole number such as 20; got 20.5"),
        ("01", "SPREAD_DAYS", "-63", "SPREAD_DAYS must be >= 2"),
        ("01", "B5_GRID_MONTHS", "0", "B5_GRID_MONTHS must be >= 1"),
        ("01", "MA_WINDOWS", "[50, -200]", "each item of MA_WINDOWS must be >= 2"),
        ("01", "MA_WINDOWS", "[50, 20.5]", "each item of MA_WINDOWS must be a whole number"),
        ("01", "MA_WINDOWS", "[50, NaN]", "MA_WINDOWS must be a finite number"),
        ("02", "YEAR", "1850", "YEAR must be from 2000 to 2100"),
        ("03", "CHASE_MONTH_WEEKS", "0", "CHASE_MONTH_WEEKS must be >= 1"),
        ("03", "HAC_LAGS", "-1", "HAC_LAGS must be >= 0"),
        ("04", "BASKET_K", "12", "BASKET_K must be from 1 to 11"),
        ("04", "C2_LOOKBACKS", "[1, 0]", "each item of C2_LOOKBACKS must be >= 1"),
    ],
)
def test_an_impossible_parameter_value_stops_adapt_naming_it(world, capsys, nb, name, value, culprit):
    _adapt(world, capsys, [nb, "-p", name, value], NB[nb].name, culprit)


@pytest.mark.parametrize(
    "nb, name, value, parsed",
    [
        ("01", "ROLL_DAYS", "21", 21),
        ("01", "ROLL_DAYS", "21.0", 21),
        ("03", "HAC_LAGS", "0", 0),
        ("01", "MA_WINDOWS", "[20, 100.0]", [20, 100]),
        ("04", "BASKET_K", "11", 11),
    ],
)
def test_a_valid_value_passes_as_its_kind(nb, name, value, parsed):
    got = rt.adapt.parse_parameters(NB[nb], [(name, value)])[name]
    assert got == parsed and type(got) is type(parsed)


@pytest.mark.parametrize(
    "params, culprit",
    [
        ({"ROLL_DAYS": float("nan")}, "ROLL_DAYS must be a finite number"),
        ({"ROLL_DAYS": 20.5}, "ROLL_DAYS must be a whole number"),
        ({"ROLL_DAYS": -5}, "ROLL_DAYS must be >= 2"),
        ({"ROLL_DAYS": "20"}, "ROLL_DAYS takes whole numbers"),
    ],
)
def test_execute_refuses_an_impossible_value_before_starting_a_kernel(
    world, capsys, monkeypatch, params, culprit
):
    import papermill

    def no_kernel(*a, **k):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    expect(
        world,
        lambda: rt.notebooks.execute(NB["01"], world.tmp / "x.ipynb", params),
        1,
        culprit,
        capsys=capsys,
    )
    assert not (world.tmp / "x.ipynb").exists()


def test_every_whole_number_parameter_has_a_declared_range():
    declared = rt.parameters.ranges()
    for nb in NB.values():
        for name, default in rt.claims.notebook_parameters(nb).items():
            items = list(default) if isinstance(default, (list, tuple)) else [default]
            if isinstance(default, tuple):  # (lo, hi) grids of day offsets: signed by design
                continue
            if items and all(isinstance(x, int) and not isinstance(x, bool) for x in items):
                assert (nb.stem, name) in declared, (
                    f"{nb.stem} {name}: declare its range in data/parameter_ranges.csv"
                )


def test_every_declared_range_names_a_parameter_whose_default_is_in_it():
    for stem, name in rt.parameters.ranges():
        (nb,) = [p for p in NB.values() if p.stem == stem]
        defaults = rt.claims.notebook_parameters(nb)
        assert name in defaults, f"data/parameter_ranges.csv: {stem} has no parameter {name}"
        assert rt.parameters.check(nb, {name: defaults[name]}, defaults)[name] == defaults[name]


@pytest.mark.parametrize(
    "row, culprit",
    [
        ("01_breadth,ROLL_DAYS,whole,1,,x", "column 'kind': 'whole'"),
        ("01_breadth,ROLL_DAYS,integer,5,2,x", "min 5 is above max 2"),
        ("01_breadth,ROLL_DAYS,integer,one,,x", "column 'min': 'one' is not a number"),
    ],
)
def test_a_bad_range_row_is_named(tmp_path, monkeypatch, row, culprit):
    (tmp_path / "parameter_ranges.csv").write_text(f"notebook,parameter,kind,min,max,meaning\n{row}\n")
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: tmp_path)
    with pytest.raises(rt.errors.DataValidationError, match="data row 1") as err:
        rt.parameters.ranges()
    assert culprit in str(err.value)


def test_the_issue_case_roll_days_minus_five_is_refused():
    with pytest.raises(ParameterError, match="ROLL_DAYS"):
        rt.adapt.parse_parameters(NB["01"], [("ROLL_DAYS", "-5")])
