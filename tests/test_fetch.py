"""``python -m rotation fetch`` without internet: a local mirror on 127.0.0.1 serves copies of the
snapshot's pinned files in the raw-URL layout ``<owner>/<repo>/<commit>/<path>``; a fake stands in
for yfinance. Derived files built from the pinned copies must equal the snapshot's, byte for byte."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

import rotation as rt
from rotation import datasets, derive, download, fetch, manifest, origins, refresh_plan, yahoo
from tests.test_refresh import SNAP, FakeYahoo, _snapshot_bars, dirs, etf_bars  # noqa: F401 (fixtures)

NO_SLEEP = lambda s: None  # noqa: E731
ROWS = origins.load()
TABLE = origins.by_file(ROWS)
AUM = "flows/etf_aum.csv"
XLSX = "earnings/raw/fshvets24__Sectoral-CAPE-Research/02bd357dbd/sp-500-eps-est.xlsx"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- no test reaches the internet
@pytest.fixture(autouse=True)
def local_only(monkeypatch):
    """Name lookups of anything but the loopback fail, as on a machine without network."""
    real = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise OSError(f"network disabled in tests ({host})")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


# ---------------------------------------------------------------- the local mirror
class Mirror(http.server.ThreadingHTTPServer):
    """Serves ``root`` with HTTP Range support; ``drop`` maps a URL path to a byte count after
    which the connection is cut once (a download killed midway); ``log`` records (path, Range)."""

    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root, self.drop, self.log = root, {}, []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        srv: Mirror = self.server
        rng = self.headers.get("Range")
        srv.log.append((self.path, rng))
        path = srv.root / unquote(self.path.lstrip("/"))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start = int(rng.removeprefix("bytes=").split("-")[0]) if rng else 0
        if start >= len(data) and rng:
            self.send_error(416)
            return
        body = data[start:]
        self.send_response(206 if rng else 200)
        self.send_header("Content-Length", str(len(body)))
        if rng:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        cut = srv.drop.pop(self.path, None)
        if cut is not None:
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(body)


def _fill(root: Path, snapshot: Path, files: list[str]) -> None:
    for f in files:
        o = TABLE[f]
        dest = root / o.repo / o.commit / o.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(snapshot / o.file, dest)


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    server = Mirror(tmp_path / "mirror")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.setenv(download.ENV_MIRROR, server.url)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty user cache, no snapshot beside the repository, no ROTATION_DATA."""
    d = tmp_path / "cache"
    monkeypatch.setenv("ROTATION_CACHE", str(d))
    monkeypatch.delenv("ROTATION_DATA", raising=False)
    monkeypatch.delenv("ROTATION_PREFER_CACHE", raising=False)
    monkeypatch.setattr(rt.config, "snapshot_dir", lambda: tmp_path / "no-snapshot")
    return d


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------- the origins table
def test_origins_cover_every_file_the_data_layer_reads_and_pin_the_snapshots_bytes(snapshot):
    kinds = {o.file: o.kind for o in ROWS}
    needed = set(datasets.needed_files()) - {"MANIFEST.csv"}  # the manifest is written by the fetch itself
    assert needed <= set(kinds), needed - set(kinds)
    assert {k for k in kinds.values()} == set(origins.KINDS)
    for o in ROWS:
        if o.kind in ("pinned", "derived"):
            raw = (snapshot / o.file).read_bytes()
            assert (_sha(raw), len(raw)) == (o.sha256, o.bytes), o.file
        if o.kind == "yfinance":
            assert (
                o.recipe in refresh_plan.PANEL_SPECS and refresh_plan.PANEL_SPECS[o.recipe].relpath == o.file
            )
    assert "/work" not in origins.table_path().read_text() and "/tmp" not in origins.table_path().read_text()


def test_origins_table_is_checked_on_load(tmp_path):
    bad = tmp_path / "origins.csv"
    text = origins.table_path().read_text()
    bad.write_text(text.replace(TABLE[AUM].commit, TABLE[AUM].commit[:12], 1))
    with pytest.raises(
        ValueError, match=r"line 5 \(flows/etf_daily_flows.csv\): a pinned file needs .*full 40-hex commit"
    ):
        origins.load(bad)


# ---------------------------------------------------------------- derived equal the snapshot's
def test_derived_files_equal_the_snapshots_byte_for_byte(snapshot):
    rows = [
        TABLE[f]
        for f in (
            "universe/iwm_holdings.csv",
            "universe/iwm_sector_weights.csv",
            "universe/sp500_constituents.csv",
            "earnings/company_fundamentals.csv",
        )
    ]
    built = derive.build(rows, snapshot, TABLE)
    for f, raw in built.items():
        assert raw == (snapshot / f).read_bytes(), f


def test_eps_tables_derived_from_workbooks_equal_the_snapshots_rows(snapshot):
    """The two copies of the last issue: the first is used, as the snapshot did, and the rows of
    that vintage equal the snapshot's lines exactly. (The full tables, from all 15 workbooks, take
    ~15 s to parse; the fetch compares them with the snapshot's sha256 from data/origins.csv.)"""
    books = (XLSX, "earnings/raw/gene7299__go_spxeps_backend/aff4f19e58/sp-500-eps-est.xlsx")
    targets = (
        "earnings/index_eps_estimates.csv",
        "earnings/index_eps_estimates_by_sector.csv",
        "earnings/raw/raw_manifest.csv",
    )
    subs = [origins.Origin(**{**TABLE[t].__dict__, "inputs": books}) for t in targets]
    built = derive.build(subs, snapshot, TABLE)  # the workbooks are parsed once for the three
    for target in targets:
        lines = (snapshot / target).read_bytes().decode().splitlines(keepends=True)
        if target.endswith("raw_manifest.csv"):
            keep = [ln for b in books for ln in lines[1:] if f",{b.removeprefix('earnings/raw/')}," in ln]
        else:
            keep = [ln for ln in lines[1:] if ",2026-01-29," in ln]
            assert "fshvets24" in built[target].decode() and "gene7299" not in built[target].decode()
        assert len(keep) > 1 and built[target].decode() == lines[0] + "".join(keep), target


# ---------------------------------------------------------------- fetch into an empty cache
SMALL = [
    "universe/sp500_members_2026-07.csv",
    AUM,
    "flows/etf_daily_flows.csv",
    "earnings/raw/datasets__s-and-p-500-companies/738a0bd51b/data/constituents.csv",
    "earnings/raw/datasets__s-and-p-500-companies/409cfe9d42/data/constituents.csv",
    "earnings/raw/trucinski-portfolio__unlv-investment-challenge/d52277f8ef/output/.cache/fundamentals_20260211.json",
]


@pytest.fixture(scope="module")
def index_bars():
    return _snapshot_bars("index")


def test_fetch_fills_an_empty_cache_that_verifies(snapshot, mirror, cache, index_bars):
    _fill(mirror.root, snapshot, SMALL)
    rows = [TABLE[f] for f in SMALL] + [
        TABLE["universe/sp500_constituents.csv"],
        TABLE["earnings/company_fundamentals.csv"],
        TABLE["prices/index_daily.parquet"],
    ]
    rows += [o for o in ROWS if o.kind == "transcribed"]
    fake = FakeYahoo(index_bars)
    report = fetch.fetch(rows, downloader=fake, yahoo_probe=lambda: True, progress=False, sleep=NO_SLEEP)
    assert report.ok and report.complete, report.format()
    assert manifest.is_complete(cache, rows)
    assert report.got["universe/sp500_constituents.csv"] == "built" and report.got[AUM] == "downloaded"
    for f in SMALL + ["universe/sp500_constituents.csv", "earnings/company_fundamentals.csv"]:
        assert (cache / f).read_bytes() == (snapshot / f).read_bytes(), f
    assert (cache / "earnings/published_eps_figures.csv").read_bytes() == (
        rt.config.project_data_dir() / "published_eps_figures.csv"
    ).read_bytes()
    listed = manifest.read_manifest(cache)
    assert list(listed.columns) == list(manifest.MANIFEST_COLUMNS) and sorted(listed["file"]) == sorted(
        o.file for o in rows
    )
    assert listed.set_index("file").loc[AUM, "source"] == TABLE[AUM].copy
    # the live file came through the yfinance path, with the snapshot's rows the fake served
    px = pd.read_parquet(cache / "prices/index_daily.parquet")
    assert set(px["ticker"]) == {"^GSPC", "^NDX", "^RUT"} and len(px) == len(
        pd.read_parquet(snapshot / "prices/index_daily.parquet")
    )
    assert fake.calls and {s for call in fake.calls for s in call[0]} == {"^GSPC", "^NDX", "^RUT"}
    # the data layer reads the fetched folder as a data source
    assert rt.config.data_sources()[-1] == cache and len(rt.data.sp500_constituents("2026-03-04")) == 503
    assert _files(cache) == sorted([*(o.file for o in rows), "MANIFEST.csv"])  # no temporary or partial file
    # a second run downloads nothing and changes nothing
    before = {f: (cache / f).read_bytes() for f in _files(cache)}
    n = len(mirror.log)
    again = fetch.fetch(rows, downloader=FakeYahoo(index_bars), yahoo_probe=lambda: True, progress=False)
    assert again.complete and len(mirror.log) == n
    assert {f: (cache / f).read_bytes() for f in _files(cache) if f != "MANIFEST.csv"} == {
        f: b for f, b in before.items() if f != "MANIFEST.csv"
    }


def test_a_partly_fetched_folder_is_never_complete(snapshot, mirror, cache):
    _fill(mirror.root, snapshot, [AUM])
    rows = [TABLE[AUM], TABLE["flows/etf_daily_flows.csv"]]  # the second is not on the mirror
    report = fetch.fetch(rows, progress=False, sleep=NO_SLEEP)
    assert not report.complete and "404" in report.failed["flows/etf_daily_flows.csv"]
    assert manifest.missing(cache, rows) == ["flows/etf_daily_flows.csv"]
    assert list(manifest.read_manifest(cache)["file"]) == [AUM]
    assert not manifest.is_complete(cache, rows)
    assert "NOT complete" in report.format() and "flows/etf_daily_flows.csv: 404" in report.format()
    # a file changed after the fetch, or a folder without manifest, is not complete either
    assert manifest.is_complete(cache, rows[:1])
    (cache / AUM).write_bytes((cache / AUM).read_bytes().replace(b"SPY", b"SPX"))
    assert not manifest.is_complete(cache, rows[:1])
    (cache / AUM).write_bytes((snapshot / AUM).read_bytes())
    assert manifest.is_complete(cache, rows[:1])
    (cache / "MANIFEST.csv").unlink()
    assert not manifest.is_complete(cache, rows[:1])


# ---------------------------------------------------------------- failure without loss
def test_a_tampered_file_is_refused_naming_the_file_and_both_hashes(snapshot, mirror, cache):
    _fill(mirror.root, snapshot, [AUM])
    o = TABLE[AUM]
    served = mirror.root / o.repo / o.commit / o.path
    tampered = served.read_bytes().replace(b"SPY", b"SPX", 1)
    served.write_bytes(tampered)
    report = fetch.fetch([o], progress=False, sleep=NO_SLEEP)
    why = report.failed[AUM]
    assert _sha(tampered) in why and o.sha256 in why and "not written" in why
    assert not (cache / AUM).exists() and not report.complete
    assert _files(cache) == ["MANIFEST.csv"] and manifest.read_manifest(cache).empty
    with pytest.raises(download.HashMismatchError, match=rf"{AUM}.*{_sha(tampered)}.*{o.sha256}"):
        download.download_pinned(o, cache, sleep=NO_SLEEP)


def test_a_download_cut_midway_resumes_with_a_range_request(snapshot, mirror, cache):
    _fill(mirror.root, snapshot, [XLSX])
    o = TABLE[XLSX]
    path = "/" + download.url_of(o).split("/", 3)[3]
    mirror.drop[path] = 100_000
    report = fetch.fetch([o], progress=False, sleep=NO_SLEEP, retries=2)
    assert report.complete, report.format()
    assert (cache / XLSX).read_bytes() == (snapshot / XLSX).read_bytes()
    ranges = [r for p, r in mirror.log if p == path]
    assert len(ranges) == 2 and ranges[0] is None and 0 < int(ranges[1][6:-1]) <= 100_000, ranges


def test_a_download_killed_midway_leaves_no_file_and_the_next_run_resumes(snapshot, mirror, cache):
    _fill(mirror.root, snapshot, [XLSX])
    o = TABLE[XLSX]
    path = "/" + download.url_of(o).split("/", 3)[3]
    mirror.drop[path] = 150_000
    first = fetch.fetch([o], progress=False, sleep=NO_SLEEP, retries=0)  # the run dies with the connection
    kept = (cache / download.PARTIAL_DIR / f"{o.sha256}.part").stat().st_size
    assert 0 < kept <= 150_000 and f"{kept:,} bytes kept for the next run to resume" in first.failed[XLSX]
    assert not (cache / XLSX).exists() and XLSX not in set(manifest.read_manifest(cache)["file"])
    second = fetch.fetch([o], progress=False, sleep=NO_SLEEP, retries=0)
    assert second.complete and (cache / XLSX).read_bytes() == (snapshot / XLSX).read_bytes()
    assert [r for p, r in mirror.log if p == path] == [None, f"bytes={kept}-"]
    assert _files(cache) == sorted([XLSX, "MANIFEST.csv"])


def test_offline_says_so_within_three_seconds_and_lists_what_it_could_not_get(cache, monkeypatch, capsys):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv(download.ENV_MIRROR, f"http://127.0.0.1:{port}")
    from rotation.__main__ import main

    t0 = time.perf_counter()
    rc = main(["fetch"])
    elapsed = time.perf_counter() - t0
    out = capsys.readouterr().out
    assert rc == 1 and elapsed < 3.0, elapsed
    assert f"Offline: no connection to 127.0.0.1:{port} within 3 s" in out
    assert f"Offline: no connection to {yahoo.YAHOO_HOST}:443" in out
    assert f"{AUM}: not downloaded (offline): http://127.0.0.1:{port}/isaergun/etf-flows-data/" in out
    assert "prices/sp500_daily.parquet: not obtained from Yahoo" in out
    assert "earnings/index_eps_estimates.csv: not built" in out and "NOT complete" in out
    assert "Traceback" not in out


# ---------------------------------------------------------------- ensure-data
def test_ensure_data_does_nothing_when_every_file_is_found(snapshot):
    fake = FakeYahoo({})
    assert fetch.missing_files() == []
    assert fetch.ensure_data(downloader=fake, probe=lambda: True, progress=False) == 0
    assert fake.calls == [] and fake.share_calls == []


def test_ensure_data_without_any_data_fetches_prices_and_says_what_else_is_needed(
    dirs, etf_bars, capsys, monkeypatch
):
    src, cache = dirs
    bars = {**etf_bars, **_snapshot_bars("index")}
    shares = pd.read_csv(SNAP / refresh_plan.SHARES_RELPATH, parse_dates=["date"])
    series = {
        t: pd.Series(
            g["shares"].to_numpy(), index=pd.DatetimeIndex(g["date"]).tz_localize("America/New_York")
        )
        for t, g in shares.groupby("ticker")
    }
    monkeypatch.setattr(yahoo, "last_complete_session", lambda now=None: pd.Timestamp("2026-04-03"))
    fake = FakeYahoo(bars, shares=series, quoted=bars)
    assert fetch.ensure_data(downloader=fake, probe=lambda: True, progress=False) == 1
    out = capsys.readouterr().out
    assert (cache / rt.datasets.PANELS["etf"]).is_file() and (cache / rt.datasets.PANELS["index"]).is_file()
    assert (cache / refresh_plan.SHARES_RELPATH).is_file()
    etf = pd.read_parquet(cache / rt.datasets.PANELS["etf"])
    assert {"SPY", "RSP", "IWM", "XLK"} <= set(etf["ticker"])
    idx = pd.read_parquet(cache / rt.datasets.PANELS["index"])
    assert list(idx.columns) == ["date", "ticker", "close"] and set(idx["ticker"]) == {
        "^GSPC",
        "^RUT",
        "^NDX",
    }
    assert "universe/sp500_members_2026-07.csv" in out and "snapshot" in out and "Still missing" in out
    # what was fetched is now found by the data layer
    assert rt.data.closes(["SPY"], "2026-03-02", "2026-03-06").shape == (5, 1)


def test_ensure_data_offline_prints_what_to_do(dirs, capsys):
    assert fetch.ensure_data(probe=lambda: False, progress=False) == 1
    out = capsys.readouterr().out
    assert "Network unreachable" in out and "when online" in out


def test_ensure_data_refuses_to_download_what_rotation_data_would_hide(fake_data, capsys):
    fake = FakeYahoo({})
    assert fetch.ensure_data(downloader=fake, probe=lambda: True, progress=False) == 1
    assert fake.calls == [] and "ROTATION_DATA" in capsys.readouterr().out
