"""A claim concluded from its registry row alone, and a new claim added by rows in a temporary
copy of the project (no code, no notebook edit)."""

import csv
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError

ROOT = rt.config.repo_root()


def test_b2_concluded_from_its_row_matches_the_notebook(results_tmp):
    """B2 (a spread of two ETFs) needs no notebook code: conclude() gives the committed verdict and value."""
    committed = json.loads((ROOT / "results" / "B2.json").read_text())
    c = rt.conclude.conclude("B2")
    assert c.verdict == committed["verdict"]
    assert c.measurement.value == pytest.approx(committed["measured"], abs=1e-3)
    assert list(c.measurement.window) == committed["window"]
    assert c.result.decision["inputs"]["measured"] == pytest.approx(committed["measured"], abs=1e-3)
    rec = json.loads((results_tmp / "B2.json").read_text())
    assert rt.rules.replay("B2", rec["decision"]["kind"], rec["decision"]["inputs"]).verdict == rec["verdict"]
    assert "B2" in c._repr_markdown_() and c.verdict in c._repr_markdown_()


def test_an_adapted_window_moves_the_measure_not_the_figure(results_tmp):
    base = rt.conclude.conclude("B4")
    moved = rt.conclude.conclude("B4", start="2025-12-01")
    assert moved.measurement.window[0] == "2025-12-01"
    assert moved.measurement.value != pytest.approx(base.measurement.value)
    assert float(rt.registry.claim("B4")["stated_value"]) == base.result.stated == moved.result.stated


def test_series_of_reads_pairs_and_groups():
    row = rt.registry.claim("B3")
    named, group = rt.conclude.series_of(row)
    assert named == rt.articles.figure("B3", "leaders").names
    assert set(named) <= set(group) and len(group) == len(rt.data.universe("sector_etf"))
    bad = row.copy()
    bad["series"] = "XLB|no_such_group"
    with pytest.raises(DataValidationError, match="no_such_group"):
        rt.conclude.series_of(bad)


def test_grid_windows_moves_each_end_by_trading_days():
    idx = pd.bdate_range("2025-01-01", periods=40)
    row = pd.Series({"grid": "start:-2..2;end:-1..1"}, name="X")
    cells = rt.conclude.grid_windows(row, idx, idx[10], idx[30])
    assert len(cells) == 15
    assert (idx[8], idx[29]) in cells and (idx[12], idx[31]) in cells
    with pytest.raises(DataValidationError, match="grid"):
        rt.conclude.grid_windows(pd.Series({"grid": "middle:1..2"}, name="X"), idx, idx[10], idx[30])
    assert rt.conclude.grid_windows(pd.Series({"grid": ""}, name="X"), idx, idx[10], idx[30]) == []


# --------------------------------------------------------------------------------------------
# a claim added by rows, in a temporary copy of the project
# --------------------------------------------------------------------------------------------
def _append(path: Path, row: dict[str, str]) -> None:
    with path.open(newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", newline="") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    """The project's own files (data/, notebook sources, pyproject) in a temporary folder, made the
    repository by the working directory; results go to its results/."""
    data = (
        rt.config.snapshot_dir() if "ROTATION_DATA" not in os.environ else Path(os.environ["ROTATION_DATA"])
    )
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks" / "src", root / "notebooks" / "src")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    monkeypatch.chdir(root)
    monkeypatch.setenv("ROTATION_ROOT", str(root))
    monkeypatch.setenv("ROTATION_RESULTS", str(root / "results"))
    monkeypatch.setenv("ROTATION_DATA", str(data))
    return root


def test_a_new_article_and_claim_by_registry_rows_alone(project_copy):
    before = rt.registry.claim_ids()
    _append(
        project_copy / "data" / "articles.csv",
        {
            "id": "test-article",
            "title": "A test",
            "published": "2026-02-02",
            "data_as_of": "2026-01-30",
            "url": "https://example.org/a-test",
        },
    )
    row = {k: "" for k in rt.registry.registry().reset_index().columns}
    row.update(
        id="T1",
        article="test-article",
        theme="small caps",
        statement="Small caps beat large caps by more than 4 points since early November",
        unit="percentage points",
        test="figure",
        partial_tolerance="1",
        rule="IWM minus SPY total return over the window vs 'more than 4 pp'",
        window_start="2025-11-03",
        window_end="2026-01-30",
        attribution="test",
        notebook="notebooks/01_breadth.ipynb",
        measure="spread",
        series="IWM;SPY",
        basis="total",
        grid="start:-3..3",
    )
    _append(project_copy / "data" / "claims.csv", row)
    _append(
        project_copy / "data" / "claim_figures.csv",
        {
            "article": "test-article",
            "claim": "T1",
            "key": "gap",
            "value": "4",
            "unit": "percentage points",
            "precision": "more_than",
            "text": "more than 4 points",
        },
    )
    assert rt.registry.claim_ids() == [*before, "T1"]
    assert rt.registry.claim_ids("test-article") == ["T1"]
    assert rt.registry.claim_ids(rt.articles.articles().index[0]) == [
        c for c in before if rt.registry.article_of(c) == rt.articles.articles().index[0]
    ]
    c = rt.conclude.conclude("T1")
    iwm = rt.data.closes(["IWM", "SPY"], "2025-10-01", "2026-01-30")
    expect = (
        iwm["IWM"].asof(pd.Timestamp("2026-01-30")) / iwm["IWM"].asof(pd.Timestamp("2025-11-03"))
        - iwm["SPY"].asof(pd.Timestamp("2026-01-30")) / iwm["SPY"].asof(pd.Timestamp("2025-11-03"))
    ) * 100
    assert c.measurement.value == pytest.approx(expect, abs=1e-6)
    assert c.verdict == ("supported" if expect > 4 else "partly supported" if expect > 3 else "not supported")
    assert c.robustness is not None and c.robustness["n"] == 7
    rec = json.loads((project_copy / "results" / "T1.json").read_text())
    assert rec["article"] == "test-article"
    assert not (ROOT / "results" / "T1.json").exists()


def test_figure_rule_reads_the_stated_precision(project_copy):
    """'about 6 %' is 5.4 … 6.6: 6.5 is supported though 0.5 away; 7.0 is outside the band."""
    _append(
        project_copy / "data" / "articles.csv",
        {
            "id": "a2",
            "title": "t",
            "published": "2026-02-02",
            "data_as_of": "2026-01-30",
            "url": "https://example.org/a2",
        },
    )
    row = {k: "" for k in rt.registry.registry().reset_index().columns}
    row.update(
        id="T2",
        article="a2",
        statement="s",
        unit="percent",
        test="figure",
        partial_tolerance="0.5",
        notebook="notebooks/01_breadth.ipynb",
        measure="window_return",
        series="RSP",
        basis="total",
    )
    _append(project_copy / "data" / "claims.csv", row)
    _append(
        project_copy / "data" / "claim_figures.csv",
        {"article": "a2", "claim": "T2", "key": "r", "value": "6", "unit": "percent", "precision": "about"},
    )
    assert rt.rules.decide("T2", measured=6.5).verdict == "supported"
    assert rt.rules.decide("T2", measured=5.4).verdict == "supported"
    assert rt.rules.decide("T2", measured=7.0).verdict == "partly supported"
    assert rt.rules.decide("T2", measured=7.2).verdict == "not supported"
    d = rt.rules.decide("T2", measured=7.0)
    assert rt.rules.replay("T2", d.kind, d.inputs).verdict == d.verdict


def test_a_claim_the_data_cannot_reach_concludes_undecidable_saying_why(results_tmp):
    cid = next(i for i, t in rt.registry.registry()["test"].items() if t == "needs_data")
    c = rt.conclude.conclude(cid)
    assert c.verdict == rt.registry.UNDECIDABLE
    assert str(rt.registry.claim(cid)["rule"]) in c.decision.reason
    assert json.loads((results_tmp / f"{cid}.json").read_text())["measured"] is None


def test_card_writes_amounts_in_usd_never_with_a_dollar_sign():
    """Two "$" in one Markdown paragraph are typeset as mathematics: the card of a claim quoting
    "$6.5bn" must read "USD 6.5bn"."""
    for cid in rt.registry.claim_ids():
        assert "$" not in rt.conclude.card(cid).data, cid
    assert "USD 6.5bn" in rt.conclude.card("F1").data
