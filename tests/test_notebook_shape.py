"""Notebooks hold narrative and calls: code cells of a median of at most 8 lines, none over 25.

A notebook that does not meet it yet is listed with its current values, so that the test fails
if it gets worse, and fails (asking to tighten the list) once it meets the goal.
"""

import statistics

import pytest

import rotation as rt

MEDIAN, LONGEST = 8, 25
#: notebook -> (median, longest) it has today, where it misses the goal
NOT_YET: dict[str, tuple[float, int]] = {}


def shape(nb) -> tuple[float, int]:
    lines = [len(code.splitlines()) for _, code in rt.claims.code_cells(nb)]
    return statistics.median(lines), max(lines)


@pytest.mark.parametrize("nb", rt.notebooks.collection(), ids=lambda p: p.stem)
def test_code_cells_are_short(nb):
    median, longest = shape(nb)
    if nb.name in NOT_YET:
        was_median, was_longest = NOT_YET[nb.name]
        assert median <= was_median and longest <= was_longest, f"{nb.name} got longer: {median}/{longest}"
        assert median > MEDIAN or longest > LONGEST, f"{nb.name} now meets the goal: remove it from NOT_YET"
    else:
        assert median <= MEDIAN and longest <= LONGEST, f"{nb.name}: median {median}, longest {longest}"
