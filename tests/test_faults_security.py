"""Fault suite, security (issue 22): a file name of ``data/origins.csv`` never leads outside the
data folder, a download never leaves the mirror's base URL (redirects included), and ``snapshot``
of a data folder made of symbolic links packs the data, verified against its manifest; archive
members that are links, absolute or hold ``..`` are refused."""

from __future__ import annotations

import http.server
import io
import tarfile
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import rotation as rt
from rotation import download, fetch, origins, pack
from rotation.errors import DataValidationError

from .test_faults import DATA, expect, world  # noqa: F401  (world: a fixture)
from .test_fetch import AUM, NO_SLEEP, TABLE, Mirror, _fill, _Handler, cache, local_only, mirror  # noqa: F401

FLOWS = "flows/etf_daily_flows.csv"


# ================================================================ origins: paths stay inside
@pytest.mark.parametrize(
    "column, value, culprit",
    [
        ("file", "../../outside.csv", "leaves its folder"),
        ("file", "flows/../../../x.csv", "leaves its folder"),
        ("file", "/tmp/x.csv", "absolute"),
        ("file", "flows//etf_aum.csv", "not normalised"),
        ("file", "./flows/etf_aum.csv", "not normalised"),
        ("file", "flows\\etf_aum.csv", "separator"),
        ("path", "../../../../other/repo/x.csv", "leaves its folder"),
        ("repo", "../evil", "is not owner/name"),
    ],
)
def test_an_unsafe_origins_row_is_refused_on_load_naming_line_and_column(tmp_path, column, value, culprit):
    df = pd.read_csv(origins.table_path(), dtype=str, keep_default_na=False)
    i = int(df.index[df["file"] == AUM][0])
    df.loc[i, column] = value
    bad = tmp_path / "origins.csv"
    df.to_csv(bad, index=False)
    with pytest.raises(DataValidationError, match=rf"line {i + 2} .*'{column}'.*{culprit}") as err:
        origins.load(bad)
    assert "fix" in str(err.value)


def test_a_transcribed_path_outside_data_is_refused(tmp_path):
    df = pd.read_csv(origins.table_path(), dtype=str, keep_default_na=False)
    i = int(df.index[df["kind"] == "transcribed"][0])
    df.loc[i, "path"] = "../../etc/passwd"
    bad = tmp_path / "origins.csv"
    df.to_csv(bad, index=False)
    with pytest.raises(DataValidationError, match="not in the project's data/ folder"):
        origins.load(bad)


def test_fetch_refuses_a_traversing_row_given_directly_and_writes_nothing(tmp_path, cache):
    evil = replace(TABLE[AUM], file="../../outside.csv")
    with pytest.raises(DataValidationError, match="leaves its folder"):
        fetch.fetch([evil], folder=cache, progress=False)
    assert not cache.exists() and not (tmp_path / "outside.csv").exists()


def test_the_cli_fetch_stops_on_a_traversing_origins_file(world, tmp_path, monkeypatch, capsys):
    here = tmp_path / "project_data"
    here.mkdir()
    text = origins.table_path().read_text().replace(f"\n{AUM},", "\n../../outside.csv,", 1)
    (here / "origins.csv").write_text(text)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: here)
    expect(
        world,
        ["fetch", "--no-live"],
        1,
        "origins.csv",
        "'../../outside.csv'",
        "leaves its folder",
        capsys=capsys,
    )
    assert not (tmp_path / "outside.csv").exists()


def test_a_symlink_inside_the_folder_that_points_out_is_refused(tmp_path):
    folder, outside = tmp_path / "data", tmp_path / "elsewhere"
    (folder / "flows").mkdir(parents=True)
    outside.mkdir()
    (folder / "flows" / "etf_aum.csv").symlink_to(outside / "victim.csv")
    with pytest.raises(download.FetchError, match="resolves outside the data folder"):
        fetch.inside(folder, AUM)
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(download.FetchError, match="outside the data folder"):
        fetch.inside(folder, "sub/x.csv")
    assert fetch.inside(folder, "flows/new.csv") == folder / "flows" / "new.csv"


# ================================================================ fetch stays under the base URL
class _Hop(_Handler):
    """The mirror's handler, but a path not under ``/moved`` is answered with a redirect to
    ``server.hop(path)``; ``/moved/<path>`` serves ``<path>``."""

    def do_GET(self):
        if self.path.startswith("/moved/"):
            self.path = self.path.removeprefix("/moved")
            return super().do_GET()
        self.server.log.append((self.path, "redirected"))
        self.send_response(302)
        self.send_header("Location", self.server.hop(self.path))
        self.send_header("Content-Length", "0")
        self.end_headers()


class _HopMirror(Mirror):
    def __init__(self, root: Path, hop) -> None:
        http.server.ThreadingHTTPServer.__init__(self, ("127.0.0.1", 0), _Hop)
        self.root, self.drop, self.log, self.hop = root, {}, [], hop


@pytest.fixture
def hop_mirror(tmp_path, monkeypatch):
    servers = []

    def start(hop, base: str = "") -> _HopMirror:
        srv = _HopMirror(tmp_path / "mirror", hop)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(srv)
        monkeypatch.setenv(download.ENV_MIRROR, srv.url + base)
        return srv

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def test_a_redirect_to_another_host_is_refused_and_nothing_is_written(snapshot, mirror, hop_mirror, cache):
    """The issue's case: a mirror redirects to a different host (here another port of 127.0.0.1,
    another origin): refused, the target never asked, nothing written."""
    _fill(mirror.root, snapshot, [AUM])
    other = mirror.url
    srv = hop_mirror(lambda path: other + path)
    report = fetch.fetch([TABLE[AUM]], progress=False, sleep=NO_SLEEP)
    why = report.failed[AUM]
    assert "refused the redirect" in why and other in why and srv.url in why and "ROTATION_MIRROR_URL" in why
    assert mirror.log == [] and not (cache / AUM).exists() and not report.complete


def test_a_redirect_inside_the_base_is_followed(snapshot, hop_mirror, cache):
    srv = hop_mirror(lambda path: f"{srv.url}/moved{path}")
    _fill(srv.root, snapshot, [AUM])
    report = fetch.fetch([TABLE[AUM]], progress=False, sleep=NO_SLEEP)
    assert report.complete, report.format()
    assert (cache / AUM).read_bytes() == (snapshot / AUM).read_bytes()
    assert [r for _, r in srv.log] == ["redirected", None]


def test_a_redirect_out_of_the_base_folder_on_the_same_host_is_refused(snapshot, hop_mirror, cache):
    srv = hop_mirror(lambda path: f"{srv.url}/moved{path.removeprefix('/base')}", base="/base")
    _fill(srv.root, snapshot, [AUM])
    report = fetch.fetch([TABLE[AUM]], progress=False, sleep=NO_SLEEP)
    assert "refused the redirect" in report.failed[AUM] and f"{srv.url}/base" in report.failed[AUM]
    assert not (cache / AUM).exists()


def test_urls_outside_the_base_are_refused():
    base = "http://127.0.0.1:1/base"
    assert not download.inside_base(f"{base}/../owner/x", base)
    assert not download.inside_base("http://127.0.0.1:1/basement/x", base)
    assert download.inside_base(f"{base}/owner/repo/x", base)
    with pytest.raises(download.FetchError, match="outside the mirror's base"):
        download.check_url(f"{base}/../../etc/passwd", base, AUM)


def test_userinfo_in_a_redirect_is_not_the_same_origin():
    assert not download.inside_base("http://evil@127.0.0.1:1/x/y", "http://127.0.0.1:1/x")
    assert not download.inside_base("https://127.0.0.1:1/x/y", "http://127.0.0.1:1/x")


# ================================================================ snapshot of a folder of symlinks
def _linked(tmp_path: Path, snapshot: Path, files: list[str]) -> Path:
    folder = tmp_path / "links"
    for f in files:
        (folder / f).parent.mkdir(parents=True, exist_ok=True)
        (folder / f).symlink_to(snapshot / f)
    return folder


def test_snapshot_of_a_folder_of_symlinks_packs_the_bytes(snapshot, tmp_path):
    files = [AUM, FLOWS]
    folder = _linked(tmp_path, snapshot, files)
    out = pack.pack(tmp_path / "out" / "d.tar.gz", rows=[TABLE[f] for f in files], folder=folder)
    with tarfile.open(out) as tar:
        for f in files:
            m = tar.getmember(f"d/{f}")
            assert m.isfile() and not m.issym()
            assert tar.extractfile(m).read() == (snapshot / f).read_bytes()


def test_the_cli_snapshot_says_it_verified_the_archive(world, tmp_path, capsys, monkeypatch):
    folder = _linked(tmp_path, DATA, [AUM])
    monkeypatch.setattr(origins, "load", lambda path=None: [TABLE[AUM]])
    text = expect(
        world, ["snapshot", str(tmp_path / "s.tar.gz"), "--from", str(folder)], 0, "verified", capsys=capsys
    )
    assert "MANIFEST.csv" in text


def test_a_file_changed_while_packing_is_caught_and_nothing_is_written(snapshot, tmp_path, monkeypatch):
    folder = tmp_path / "copy"
    (folder / "flows").mkdir(parents=True)
    (folder / AUM).write_bytes((snapshot / AUM).read_bytes())
    real = tarfile.TarFile.add

    def add_then_change(self, name, *a, **k):
        real(self, name, *a, **k)
        Path(name).write_bytes(b"changed")  # too late: the manifest was made before

    monkeypatch.setattr(tarfile.TarFile, "add", add_then_change)
    monkeypatch.setattr(
        pack, "sha256_of", lambda p: "0" * 64
    )  # the manifest's hash differs from the packed bytes
    out = tmp_path / "out" / "d.tar.gz"
    with pytest.raises(download.FetchError, match=r"d/flows/etf_aum.csv has .* its manifest lists"):
        pack.pack(out, rows=[TABLE[AUM]], folder=folder)
    assert list(out.parent.iterdir()) == []


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    m = tarfile.TarInfo(name)
    m.type, m.linkname = kind, link
    return m


@pytest.mark.parametrize(
    "member, culprit",
    [
        (_member("/etc/passwd"), "absolute"),
        (_member("d/../../x"), "'..'"),
        (_member("d/flows/etf_aum.csv", tarfile.SYMTYPE, "/etc/passwd"), "a link"),
        (_member("d/flows/etf_aum.csv", tarfile.LNKTYPE, "d/x"), "a link"),
        (_member("d/dev", tarfile.CHRTYPE), "not a regular file"),
        (_member("other/x.csv"), "outside the archive's folder"),
    ],
)
def test_unsafe_archive_members_are_refused(member, culprit, tmp_path):
    assert culprit in pack.unsafe_member(member, "d")
    path = tmp_path / "bad.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(member, io.BytesIO(b"") if member.isfile() else None)
    with pytest.raises(download.FetchError, match="refused"):
        pack.verify_archive(path, "d", pd.DataFrame(columns=["file", "bytes", "sha256"]))


def test_a_safe_member_passes():
    assert pack.unsafe_member(_member("d/flows/etf_aum.csv"), "d") is None
