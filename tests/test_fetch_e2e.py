"""End to end without the snapshot: a complete data folder built in an empty cache from a local
mirror of the pinned files plus a fake yfinance, then the notebooks executed on it.

The fake serves the snapshot's own prices, so the verdicts that rest only on pinned inputs
(earnings, flows, consensus) must equal the committed ones. Marked ``e2e`` (it builds every file and
runs every notebook, about two minutes): ``make e2e`` runs it, and CI after ``make test``.
"""

from __future__ import annotations

import json

import pytest

import rotation as rt
from rotation import fetch, manifest
from tests.test_fetch import NO_SLEEP, ROWS, _fill, cache, local_only, mirror  # noqa: F401 (fixtures)
from tests.test_refresh import FakeYahoo, _snapshot_bars

PINNED_ONLY = ["02_small_cap_earnings", "03_sector_flows", "04_contrarian_consensus"]


@pytest.mark.e2e
def test_an_empty_cache_becomes_a_complete_folder_the_notebooks_run_on(
    snapshot,
    mirror,
    cache,
    tmp_path,  # noqa: F811
    monkeypatch,
):
    _fill(mirror.root, snapshot, [o.file for o in ROWS if o.kind == "pinned"])
    bars = {}
    for panel in (
        "sp1500",
        "sp500",
        "index",
        "etf",
    ):  # a ticker in two panels (SPY) is served from the ETF panel
        bars.update(_snapshot_bars(panel))
    report = fetch.fetch(downloader=FakeYahoo(bars), yahoo_probe=lambda: True, progress=False, sleep=NO_SLEEP)
    assert report.complete, report.format()
    assert manifest.is_complete(cache)
    assert not manifest.missing(cache)

    # every notebook on that folder alone (the scorecard last: it reads the others' results)
    monkeypatch.setenv("ROTATION_DATA", str(cache))
    results = tmp_path / "results"
    monkeypatch.setenv("ROTATION_RESULTS", str(results))
    for nb in rt.notebooks.collection():
        rt.notebooks.execute(nb, output=tmp_path / "out" / nb.name, max_passes=1)
        assert (tmp_path / "out" / nb.name).is_file()
    # the verdicts that rest on pinned inputs only equal the committed ones
    reg = rt.registry.registry()
    for cid, row in reg.iterrows():
        if row["notebook"].removeprefix("notebooks/").removesuffix(".ipynb") not in PINNED_ONLY:
            continue
        got = json.loads((results / f"{cid}.json").read_text())["verdict"]
        committed = json.loads((rt.config.repo_root() / "results" / f"{cid}.json").read_text())["verdict"]
        assert got == committed, f"{cid}: {got} on the fetched folder, {committed} committed"
