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


def decision_for(claim_id: str, verdict: str = "supported") -> rt.rules.Decision:
    """A real decision of ``claim_id``'s registry rule that gives ``verdict``: inputs chosen from the
    claim's own row (its stated value and tolerances), decided by :func:`rotation.verdicts.rules.decide`, so
    tests record results the way notebooks do (``record`` takes no free verdict)."""
    from rotation.verdicts.registry import NOT, PARTLY, SUPPORTED, UNDECIDABLE

    row = rt.registry.claim(claim_id)
    if row["test"] == "needs_data":  # no data can decide it: always undecidable
        return rt.rules.decide(claim_id, reason="test: no data")
    if verdict == UNDECIDABLE:
        return rt.rules.undecidable(f"test: {claim_id} undecidable", claim_id=claim_id)
    test, pick = row["test"], {SUPPORTED: 0, PARTLY: 1, NOT: 2}[verdict]
    num = lambda col: float(row[col])  # noqa: E731
    if test == "approx":
        s, t, p = num("stated_value"), num("tolerance"), num("partial_tolerance")
        inputs = {"measured": [s, s + (t + p) / 2, s + p + 1][pick]}
    elif test in ("at_least", "at_most"):
        s, t, sign = num("stated_value"), num("tolerance"), 1 if test == "at_least" else -1
        inputs = {"measured": s - sign * [0, t / 2, t + 1][pick]}
    elif test == "checks":
        n, p = max(3, int(num("partly_at")) + 1), int(num("partly_at"))
        passed = [n, p, 0][pick]
        inputs = {"results": {f"check {i}": i < passed for i in range(n)}}
    elif test == "turn":
        d, t = pd.Timestamp(row["stated_value"]), num("tolerance")
        sign = -1 if row["direction"] == "peak" else 1
        inputs = {
            "date": str((d + pd.Timedelta(days=[0, t + 1, 0][pick])).date()),
            "slope_change": sign * [1.0, 1.0, -1.0][pick],
            "p_one_sided": [0.001, 0.5, 0.5][pick],
        }
    elif test == "turn_each":
        sign = -1 if row["direction"] == "peak" else 1
        good = {"date": row["stated_value"], "slope_change": sign * 1.0, "p_one_sided": 0.001}
        bad = {**good, "slope_change": -sign * 1.0}
        one, two = [(good, good), (good, bad), (bad, bad)][pick]
        inputs = {"parts": {"one": one, "two": two}}
    elif test == "turns":
        sign = -1 if row["direction"] == "peak" else 1
        a = {"date": row["date_from"], "slope_change": sign * 1.0, "p_one_sided": 0.001}
        b_ok = {"date": row["stated_value"], "slope_change": sign * 1.0, "p_one_sided": 0.001}
        b_bad = {"date": row["stated_value"], "slope_change": -sign * 1.0, "p_one_sided": 0.5}
        a_bad = {**a, "slope_change": -sign * 1.0}
        parts = [(a, b_ok), (a, b_bad), (a_bad, b_bad)][pick]
        inputs = {"parts": {"first": parts[0], "second": parts[1]}}
    elif test == "approx_record":
        s, p = num("stated_value"), num("partial_tolerance")
        inputs = {"measured": [s, s, s + p + 1][pick], "record": [True, False, False][pick]}
    elif test == "approx_each":
        stated = rt.rules.stated_each(claim_id)
        factor = [1.0, 10.0, -1.0][pick]
        inputs = {"measured": {k: v * factor for k, v in stated.items()}}
    elif test == "figure":
        (f,) = [f for f in rt.articles.figures(claim_id).values() if f.precision != "named"]
        lo, hi, _, _ = f.band()
        edge = lo if hi == float("inf") else hi
        inputs = {
            "measured": [
                f.number if f.contains(f.number) else lo + 1,
                edge + num("partial_tolerance") / 2 + 0.01,
                edge + num("partial_tolerance") + 1,
            ][pick]
        }
        if hi == float("inf"):
            inputs = {
                "measured": [lo + 1, lo - num("partial_tolerance") / 2, lo - num("partial_tolerance") - 1][
                    pick
                ]
            }
    elif test == "figure_each":
        figs = rt.articles.figures(claim_id)
        tol, n_ok = num("tolerance"), [len(figs), int(num("partly_at")), 0][pick]
        inputs = {
            "measured": {k: f.number + (0 if i < n_ok else tol + 10) for i, (k, f) in enumerate(figs.items())}
        }
    elif test == "rank_corr":
        inputs = {"rho": [-0.5, -0.1, 0.3][pick], "p_value": [0.01, 0.5, 0.5][pick]}
    else:
        raise ValueError(f"{claim_id}: test {test!r} gives only 'undecidable with this data'")
    d = rt.rules.decide(claim_id, **inputs)
    assert d.verdict == verdict, (claim_id, verdict, d)
    return d
