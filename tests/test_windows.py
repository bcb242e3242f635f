"""rotation.verdicts.windows.claim_window / shared_window: a run's windows are the registry's, moved only by
parameters; tiny registries in a temporary data folder give known answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError

DATA = Path(rt.__file__).parents[2] / "data"


@pytest.fixture
def registry_dir(tmp_path, monkeypatch):
    """A copy of data/ whose claims.csv the test rewrites: ``write({id: (start, end)})``."""
    for name in ("claims.csv", "articles.csv", "claim_figures.csv", "precisions.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: tmp_path)
    reg = pd.read_csv(tmp_path / "claims.csv", dtype=str, keep_default_na=False)

    def write(windows: dict[str, tuple[str, str]]) -> None:
        df = reg.copy()
        for cid, (s, e) in windows.items():
            df.loc[df["id"] == cid, ["window_start", "window_end"]] = [s, e]
        df.to_csv(tmp_path / "claims.csv", index=False)

    return write


def test_default_window_is_the_registry_row():
    assert rt.windows.claim_window("B2") == rt.registry.window("B2")
    assert rt.windows.claim_window("B2", as_of=None) == rt.registry.window("B2")


def test_a_to_date_window_follows_as_of_but_a_dated_one_does_not(registry_dir):
    registry_dir({"B2": ("2025-11-03", "2026-01-30"), "B1": ("2024-12-31", "2025-11-28")})
    # the article's data run to 2026-01-30: B2 runs "to date", B1 ends on its own date
    assert rt.windows.claim_window("B2", as_of="2026-03-31") == ("2025-11-03", "2026-03-31")
    assert rt.windows.claim_window("B1", as_of="2026-03-31") == ("2024-12-31", "2025-11-28")
    # an explicit end wins over as_of
    assert rt.windows.claim_window("B2", end="2026-01-15", as_of="2026-03-31")[1] == "2026-01-15"


def test_an_anchored_window_moves_by_the_anchors_days(registry_dir):
    registry_dir({"B2": ("2025-11-03", "2026-01-30"), "B5": ("2025-01-02", "2026-01-30")})
    s, e = rt.windows.claim_window("B5", anchor="B2", start="2024-11-05", end="2025-01-31")
    assert pd.Timestamp("2025-11-03") - pd.Timestamp("2025-01-02") == pd.Timestamp(
        "2024-11-05"
    ) - pd.Timestamp(s)
    assert e == "2025-01-31"
    assert rt.windows.claim_window("B5", anchor="B2") == ("2025-01-02", "2026-01-30")


def test_shared_window_refuses_claims_whose_windows_differ(registry_dir):
    registry_dir({"B2": ("2025-11-03", "2026-01-30"), "B4": ("2025-11-04", "2026-01-30")})
    with pytest.raises(DataValidationError, match="B2 2025-11-03.*B4 2025-11-04"):
        rt.windows.shared_window(["B2", "B4"])
    assert rt.windows.shared_window(["B2", "B4"], start="2025-11-10") == ("2025-11-10", "2026-01-30")
