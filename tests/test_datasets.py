"""The dataset registry (rotation.inputs.datasets): every file a notebook reads is listed with that
notebook, and the registry drives refresh and ensure-data."""

from __future__ import annotations

import rotation as rt


def test_registry_lists_every_file_a_notebook_reads_with_that_notebook():
    import re

    by_loader: dict[str, list[str]] = {}
    for d in rt.datasets.DATASETS.values():
        by_loader.setdefault(d.loader, []).append(d.file)
    calls = {"eps_vintages": "eps_workbooks", "closes": "prices", "snapshot_manifest": "snapshot_manifest"}
    for src in sorted((rt.config.repo_root() / "notebooks" / "src").glob("[0-9][0-9]_*.py")):
        text = src.read_text()
        used = {calls.get(n, n) for n in re.findall(r"rt\.(?:data|eps_workbooks)\.(\w+)\(", text)}
        files = {f for n in used if n != "prices" for f in by_loader.get(n, [])}
        if "prices" in used:
            files |= {rt.datasets.PANELS[p] for p in ["etf", *re.findall(r"panel=\"(\w+)\"", text)]}
        files |= {f for f in re.findall(r"rt\.data\.read_csv\(\"([^\"]+)\"", text)}
        for f in files:
            assert src.stem in rt.datasets.DATASETS[f].readers, (
                f"{f} is read by {src.stem}; add it to the registry"
            )


def test_registry_drives_refresh_and_ensure_data():
    assert {s.relpath for s in rt.refresh_plan.PANEL_SPECS.values()} == set(rt.datasets.PANELS.values())
    assert rt.refresh_plan.PANEL_SPECS["index"].columns == ("close",)
    assert rt.datasets.fetchable(rt.refresh_plan.SHARES_RELPATH) == "shares"
    needed = rt.datasets.needed_files()
    assert "prices/etf_daily.parquet" in needed and "universe/sp500_members_2026-07.csv" in needed
    assert "prices/sp1500_daily.parquet" not in needed  # 01 reads it only when it is there
    assert rt.datasets.DATASETS["prices/sp1500_daily.parquet"].optional_readers == ("01_breadth",)
    assert list(rt.datasets.registry()["file"]) == list(rt.datasets.DATASETS)
