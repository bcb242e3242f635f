"""Fault suite, ``snapshot`` guard (issue 22): the archive never lands on a tracked file, in
``data/`` or in a data folder, never replaces a file without ``--force``, and a message names OUT
(never a temporary file)."""

from __future__ import annotations

import os
import tarfile

import pytest

from rotation import download, pack

from .test_faults import ROOT, expect, world  # noqa: F401  (world: a fixture)
from .test_fetch import AUM, TABLE


@pytest.mark.parametrize(
    "out, culprit",
    [
        ("results/B2.json", "inside the repository"),
        ("data/snapshot.tar.gz", "inside the repository"),
        ("notebooks/new.tar.gz", "inside the repository"),
        ("snapshot.tar.gz", "inside the repository"),
        ("lib/rotation/x.tar.gz", "inside the repository"),
    ],
)
def test_snapshot_refuses_a_path_inside_the_repository(world, capsys, monkeypatch, out, culprit):
    monkeypatch.chdir(ROOT)
    text = expect(world, ["snapshot", out], 1, out, culprit, "under build/", capsys=capsys)
    assert ".tmp" not in text
    assert not (ROOT / out).exists() or out == "results/B2.json"


def test_snapshot_refuses_a_path_inside_the_data_folder(world, capsys):
    out = world.data / "again.tar.gz"
    expect(world, ["snapshot", str(out)], 1, str(out), "inside the data folder", capsys=capsys)
    assert not out.exists()


def test_snapshot_refuses_a_path_inside_the_cache(world, capsys):
    out = world.cache / "x.tar.gz"
    expect(world, ["snapshot", str(out)], 1, "inside the data folder", capsys=capsys)


def test_snapshot_onto_a_folder_names_the_folder_not_a_temporary_file(world, capsys, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    text = expect(world, ["snapshot", str(folder)], 1, str(folder), "is a folder", capsys=capsys)
    assert ".tmp" not in text and os.listdir(folder) == []


def test_snapshot_refuses_an_existing_file_without_force(world, capsys, tmp_path):
    out = tmp_path / "old.tar.gz"
    out.write_bytes(b"keep me")
    expect(world, ["snapshot", str(out)], 1, str(out), "exists", "--force", capsys=capsys)
    assert out.read_bytes() == b"keep me"


def test_force_replaces_an_existing_archive(snapshot, tmp_path):
    out = tmp_path / "old.tar.gz"
    out.write_bytes(b"old")
    with pytest.raises(Exception, match="--force"):
        pack.pack(out, rows=[TABLE[AUM]], folder=snapshot)
    pack.pack(out, rows=[TABLE[AUM]], folder=snapshot, force=True)
    with tarfile.open(out) as tar:
        assert f"old/{AUM}" in tar.getnames()


def test_under_build_is_allowed(snapshot):
    out = ROOT / "build" / "test-faults-snapshot" / "d.tar.gz"
    try:
        pack.pack(out, rows=[TABLE[AUM]], folder=snapshot)
        assert out.is_file()
    finally:
        out.unlink(missing_ok=True)
        if out.parent.is_dir():
            out.parent.rmdir()


def test_a_failed_write_names_out_and_leaves_no_temporary_file(snapshot, tmp_path, monkeypatch):
    out = tmp_path / "full" / "d.tar.gz"

    def full_disk(self, *a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", full_disk)
    with pytest.raises(download.FetchError) as err:
        pack.pack(out, rows=[TABLE[AUM]], folder=snapshot)
    assert str(out) in str(err.value) and "No space left on device" in str(err.value)
    assert os.listdir(out.parent) == []
