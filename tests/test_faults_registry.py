"""Fault suite, registry ranges (issue 22): every number of ``data/claims.csv`` has its valid range,
and a value outside it stops naming the file, the claim, the column and the value."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError

from .test_faults import ROOT, expect, world  # noqa: F401  (world: a fixture)


@pytest.fixture
def registry_copy(tmp_path, monkeypatch):
    """A copy of the project's data/ selected as the project data folder; returns an editor."""
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "data", proj)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: proj)

    def edit(claim_id: str, **changes) -> None:
        reg = pd.read_csv(proj / "claims.csv", dtype=str, keep_default_na=False)
        assert (reg["id"] == claim_id).sum() == 1
        for col, value in changes.items():
            reg.loc[reg["id"] == claim_id, col] = value
        reg.to_csv(proj / "claims.csv", index=False)

    return edit


def test_the_committed_registry_is_in_range(registry_copy):
    registry_copy("B2")  # rewritten unchanged
    assert len(rt.registry.registry()) == len(pd.read_csv(ROOT / "data" / "claims.csv"))


@pytest.mark.parametrize(
    "claim_id, changes, culprit",
    [
        ("B2", {"tolerance": "-1.0"}, "column 'tolerance': -1 is out of range; it must be >= 0"),
        ("B1", {"tolerance": "-0.5"}, "column 'tolerance': -0.5 is"),
        ("B2", {"tolerance": "inf"}, "column 'tolerance': inf is out of range"),
        ("B2", {"partial_tolerance": "-2"}, "column 'partial_tolerance': -2 is"),
        ("B2", {"partial_tolerance": "0.5"}, "1 and 0.5; partial_tolerance must be >= tolerance"),
        ("B5", {"tolerance": "50"}, "50 and 42; partial_tolerance must be >= tolerance"),
        ("B5", {"alpha": "0"}, "column 'alpha': 0 is out of range; it must be in (0, 1)"),
        ("B5", {"alpha": "1"}, "column 'alpha': 1 is"),
        ("C3", {"alpha": "1.5"}, "column 'alpha': 1.5 is"),
        ("C3", {"alpha": "-0.05"}, "column 'alpha': -0.05 is"),
        ("B3", {"top_k": "0"}, "column 'top_k': 0 is out of range; it must be a whole number >= 1"),
        ("B3", {"top_k": "2.5"}, "column 'top_k': 2.5 is"),
        ("C2", {"top_k": "-4"}, "column 'top_k': -4 is"),
        ("B7", {"lookback_months": "0"}, "column 'lookback_months': 0 is"),
        ("B6", {"partly_at": "0"}, "column 'partly_at': 0 is"),
        ("B2", {"window_start": "2026-01-30"}, "'window_start' / 'window_end': 2026-01-30 and 2026-01-30"),
        (
            "B2",
            {"window_start": "2026-03-01"},
            "2026-03-01 and 2026-01-30; window_start must be before window_end",
        ),
        ("B2", {"window_end": "2026-02-31"}, "column 'window_end': '2026-02-31' is not a date"),
        ("B7", {"date_from": "2025-11-30"}, "2025-11-30 and 2025-10-31; date_from must not be after date_to"),
    ],
)
def test_a_registry_number_out_of_range_names_file_claim_column_and_value(
    registry_copy, claim_id, changes, culprit
):
    registry_copy(claim_id, **changes)
    with pytest.raises(DataValidationError) as err:
        rt.registry.registry()
    msg = str(err.value)
    assert msg.startswith("data/claims.csv, row ") and f"({claim_id})" in msg, msg
    assert culprit in msg, msg


def test_a_negative_tolerance_stops_the_decision_instead_of_moving_the_verdict(world, registry_copy, capsys):
    """The issue's case: B2 with tolerance -1 became *partly supported*; now the rule does not run."""
    registry_copy("B2", tolerance="-1")
    expect(
        world,
        lambda: rt.rules.decide("B2", measured=4.4),
        1,
        "data/claims.csv",
        "(B2)",
        "'tolerance'",
        "-1 is out of range",
        capsys=capsys,
    )
