"""Shared fixtures: the real data (skipped nowhere: CI has it) and tiny hand-made frames.

The real data is the folder named by ``ROTATION_DATA`` when it is set (as the README documents),
else the snapshot ``../shared/data`` beside the repository.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest

# jsonschema's optional rfc3987_syntax costs about 3 s at import (see rotation/__init__.py, which
# blocks it for the project's processes); blocked here too before the nbval plugin can import it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import rotation as rt  # noqa: E402


def data_root() -> Path:
    """The real data: ``ROTATION_DATA`` if set, else the snapshot beside the repository."""
    env = os.environ.get("ROTATION_DATA")
    return Path(env).expanduser() if env else rt.config.snapshot_dir()


@pytest.fixture
def snapshot() -> Path:
    """The data folder the data layer finds by default (``ROTATION_DATA`` or the snapshot)."""
    path = data_root()
    assert path.is_dir(), (
        f"the data {path} must be beside the repository (or named by ROTATION_DATA) for the tests"
    )
    return path


@pytest.fixture
def fake_data(tmp_path, monkeypatch) -> Path:
    """An empty data source selected through ROTATION_DATA; tests write files into it."""
    monkeypatch.setenv("ROTATION_DATA", str(tmp_path))
    (tmp_path / "prices").mkdir()
    (tmp_path / "flows").mkdir()
    return tmp_path


@pytest.fixture
def results_tmp(tmp_path, monkeypatch) -> Path:
    """Send results/*.json to a temporary folder."""
    d = tmp_path / "results"
    monkeypatch.setenv("ROTATION_RESULTS", str(d))
    return d


def write_prices(base: Path, rows: list[tuple[str, str, float]], panel: str = "etf") -> None:
    """Write a minimal price parquet (date, ticker, close) for ``panel`` under ``base``."""
    df = pd.DataFrame(rows, columns=["date", "ticker", "close"])
    df["date"] = pd.to_datetime(df["date"])
    path = base / rt.datasets.PANELS[panel]
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_parquet(path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The HTML report built once per test session from the committed notebooks."""
    out = tmp_path_factory.mktemp("report") / "site"
    rt.site.build_site(rt.notebooks.collection(), out)
    return out


# ---------------------------------------------------------------- tiny flow frames (flows, aum, flow_records)
#: A trading calendar: weekdays without the exchange holidays of the period.
FLOW_HOLIDAYS = pd.to_datetime(["2025-12-25", "2026-01-01", "2026-01-19"])
FLOW_CAL = pd.bdate_range("2025-12-22", "2026-01-30").difference(FLOW_HOLIDAYS)


def long_flows(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """A long flow frame (``date, ticker, flow_usd``) from ``(date, ticker, USD)`` rows."""
    df = pd.DataFrame(rows, columns=["date", "ticker", "flow_usd"])
    df["date"] = pd.to_datetime(df["date"])
    return df


@pytest.fixture
def toy_flows() -> pd.DataFrame:
    """Fund A: every day of two weeks, 1..10 (USD). Fund B: 2026-01-07 empty (a gap)."""
    days = pd.bdate_range("2026-01-05", "2026-01-16")
    rows = [(d.strftime("%Y-%m-%d"), "A", float(i + 1)) for i, d in enumerate(days)]
    rows += [
        (d.strftime("%Y-%m-%d"), "B", float("nan") if d == pd.Timestamp("2026-01-07") else -2.0) for d in days
    ]
    return long_flows(rows)
