"""``python -m rotation snapshot OUT`` (rotation.sources.pack): one archive of the data the notebooks read."""

from __future__ import annotations

import io
import tarfile

import pandas as pd
import pytest

import rotation as rt
from rotation import download, pack
from tests.test_fetch import AUM, TABLE


def test_snapshot_packs_the_data_read_with_a_manifest(snapshot, tmp_path, monkeypatch):
    rows = [TABLE[AUM], TABLE["flows/etf_daily_flows.csv"], TABLE["prices/index_daily.parquet"]]
    out = pack.pack(tmp_path / "result-data.tar.gz", rows=rows, folder=snapshot)
    with tarfile.open(out) as tar:
        names = sorted(tar.getnames())
        manifest = pd.read_csv(io.BytesIO(tar.extractfile("result-data/MANIFEST.csv").read()))
        tar.extractall(tmp_path / "x", filter="data")
    assert names == sorted(["result-data/MANIFEST.csv", *(f"result-data/{o.file}" for o in rows)])
    assert manifest.set_index("file").loc[AUM, "sha256"] == TABLE[AUM].sha256
    assert manifest.set_index("file").loc["prices/index_daily.parquet", "source"].startswith("culolom/")
    monkeypatch.setenv("ROTATION_DATA", str(tmp_path / "x" / "result-data"))
    assert len(rt.data.etf_aum()) == len(pd.read_csv(snapshot / AUM))
    with pytest.raises(download.FetchError, match=r"no data source has universe/iwm_holdings.csv"):
        pack.pack(tmp_path / "y.tar.gz", rows=[TABLE["universe/iwm_holdings.csv"]], folder=tmp_path)
    assert not (tmp_path / "y.tar.gz").exists()
