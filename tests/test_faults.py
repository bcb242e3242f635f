"""The fault suite: bad input, bad data and failures end in one clear message, never lose anything.

Every case asserts three things: the exit code of the command (through the command line's error
boundary, :func:`rotation.__main__.boundary`), that the message names the culprit (file, ticker,
date, column, parameter or claim), and that the committed notebooks, ``results/``, ``data/``, the
data folder and the cache are byte-identical afterwards (or changed only as intended). Most cases
run the command in-process on small generated data folders (``tmp_path``); the few that start a
Jupyter kernel are marked ``slow``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation import yahoo as yahoo_boundary
from rotation.__main__ import boundary, main
from rotation.errors import DataValidationError, ParameterError

from .conftest import data_root, decision_for
from .test_refresh import FakeYahoo

ROOT = rt.config.repo_root()
DATA = data_root()
ETF = rt.datasets.PANELS["etf"]
FLOWS = "flows/etf_daily_flows.csv"
COMMITTED = ("notebooks", "results", "data")


# ---------------------------------------------------------------- what must not change
_HASHED: dict[tuple, str] = {}  # (path, inode, mtime, size) -> sha256: a file rewritten gets a new key


def _sha256(p: Path) -> str:
    st = p.stat()
    key = (str(p), st.st_ino, st.st_mtime_ns, st.st_size)
    if key not in _HASHED:
        _HASHED[key] = hashlib.sha256(p.read_bytes()).hexdigest()
    return _HASHED[key]


def _digest(folder: Path) -> dict[str, str]:
    """File -> sha256 (a symlink -> its target) of everything under ``folder``."""
    out = {}
    if not folder.exists():
        return out
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[str(p.relative_to(folder))] = "-> " + os.readlink(p)
        elif p.is_file():
            out[str(p.relative_to(folder))] = _sha256(p)
    return out


class World:
    """A run's surroundings: a data folder of symlinks to the real data (a test replaces one file
    with a faulty copy), an empty cache, results in a temporary folder or the committed one."""

    def __init__(self, tmp: Path):
        self.tmp, self.data, self.cache = tmp, tmp / "data", tmp / "cache"
        self.data.mkdir()
        self.cache.mkdir()

    def link_all(self) -> None:
        for src in DATA.rglob("*"):
            if src.is_file():
                dest = self.data / src.relative_to(DATA)
                dest.parent.mkdir(parents=True, exist_ok=True)
                if not dest.exists():
                    dest.symlink_to(src)

    def write(self, relpath: str, content: bytes | str | pd.DataFrame) -> Path:
        path = self.data / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            path.unlink()
        if isinstance(content, pd.DataFrame):
            content.to_parquet(path, index=False) if path.suffix == ".parquet" else content.to_csv(
                path, index=False
            )
        elif isinstance(content, str):
            path.write_text(content)
        else:
            path.write_bytes(content)
        return path

    def state(self, cache: bool = True) -> dict[str, dict[str, str]]:
        s = {d: _digest(ROOT / d) for d in COMMITTED}
        s["data folder"] = _digest(self.data)
        if cache:
            s["cache"] = _digest(self.cache)
        return s


@pytest.fixture
def world(tmp_path, monkeypatch) -> World:
    w = World(tmp_path)
    monkeypatch.setenv("ROTATION_DATA", str(w.data))
    monkeypatch.setenv("ROTATION_CACHE", str(w.cache))
    for var in ("ROTATION_RESULTS", "ROTATION_PREFER_CACHE", "ROTATION_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    return w


def expect(
    w: World,
    command: list[str] | Callable[[], int | None],
    code: int,
    *culprits: str,
    capsys,
    cache_may_change: bool = False,
) -> str:
    """Run ``command`` (CLI arguments, or a callable run through the error boundary); assert its
    exit code, that its output names every culprit and shows no traceback, and that nothing
    committed (nor the data folder, nor the cache unless allowed) changed. Returns the output."""
    before = w.state(cache=not cache_may_change)
    got = main(command) if isinstance(command, list) else boundary(command)
    out = capsys.readouterr()
    text = out.out + out.err
    assert got == code, text
    for c in culprits:
        assert c in text, f"{c!r} not named in: {text}"
    assert "Traceback" not in text and "_RemoteTraceback" not in text, text
    if code != 0:
        assert text.strip(), "a failure says why"
    assert w.state(cache=not cache_may_change) == before, (
        "a committed file, the data folder or the cache changed"
    )
    return text


# ---------------------------------------------------------------- small real data frames
@pytest.fixture(scope="module")
def etf_small() -> pd.DataFrame:
    df = pd.read_parquet(DATA / ETF)
    return df[
        df["ticker"].isin(["SPY", "RSP", "XLK"]) & (df["date"] >= "2025-10-01") & (df["date"] <= "2026-01-30")
    ].reset_index(drop=True)


@pytest.fixture(scope="module")
def flows_text() -> str:
    return (DATA / FLOWS).read_text()


def _with(df: pd.DataFrame, ticker: str, date: str, **values) -> pd.DataFrame:
    df = df.copy()
    row = (df["ticker"] == ticker) & (df["date"] == pd.Timestamp(date))
    assert row.sum() == 1
    for k, v in values.items():
        df.loc[row, k] = v
    return df


def _check(w: World, relpath: str, capsys, code: int, *culprits: str) -> str:
    return expect(w, ["check", relpath], code, *culprits, capsys=capsys)


# ================================================================ 1. data validation (check)
def test_valid_price_file_passes(world, etf_small, capsys):
    world.write(ETF, etf_small)
    _check(world, ETF, capsys, 0, "ok")


def test_far_future_date_is_caught_with_file_ticker_and_date(world, etf_small, capsys):
    future = etf_small.tail(1).assign(ticker="SPY", date=pd.Timestamp("2099-01-02"))
    world.write(ETF, pd.concat([etf_small, future]))
    _check(world, ETF, capsys, 1, "etf_daily.parquet", "SPY on 2099-01-02", "after the run's date")


def test_nan_close_is_named_with_file_ticker_and_date(world, etf_small, capsys):
    world.write(ETF, _with(etf_small, "RSP", "2025-11-03", close=np.nan))
    _check(world, ETF, capsys, 1, "etf_daily.parquet", "NaN 'close'", "RSP on 2025-11-03")


@pytest.mark.parametrize("value", [0.0, -5.0])
def test_non_positive_close_is_named(world, etf_small, capsys, value):
    world.write(ETF, _with(etf_small, "XLK", "2026-01-05", close=value))
    _check(world, ETF, capsys, 1, "etf_daily.parquet", "non-positive 'close'", "XLK on 2026-01-05")


def test_negative_open_is_named(world, etf_small, capsys):
    world.write(ETF, _with(etf_small, "SPY", "2025-12-01", open=-1.0))
    expect(
        world,
        lambda: rt.data.prices(["SPY"], fields=("open", "close")),
        1,
        "'open'",
        "SPY on 2025-12-01",
        capsys=capsys,
    )


def test_dropped_close_column_is_named_against_the_schema(world, etf_small, capsys):
    world.write(ETF, etf_small.drop(columns="close"))
    _check(world, ETF, capsys, 1, "missing column(s) ['close']", "expected schema", "etf_daily.parquet")


def test_renamed_column_is_named_as_renamed(world, etf_small, capsys):
    world.write(ETF, etf_small.rename(columns={"close": "Close"}))
    _check(world, ETF, capsys, 1, "['close']", "renamed? 'Close' -> 'close'")


def test_duplicated_price_rows_are_named(world, etf_small, capsys):
    world.write(ETF, pd.concat([etf_small, etf_small[etf_small["date"] == "2025-11-03"]]))
    _check(world, ETF, capsys, 1, "duplicated", "2025-11-03", "etf_daily.parquet")


def test_damaged_parquet_is_named_with_a_fix(world, capsys):
    world.write(ETF, b"PAR1 not a parquet file")
    _check(world, ETF, capsys, 1, "etf_daily.parquet", "damaged", "restore the snapshot")


def test_empty_parquet_file_is_named(world, capsys):
    world.write(ETF, b"")
    _check(world, ETF, capsys, 1, "etf_daily.parquet", "damaged")


def test_parquet_without_rows_is_named(world, etf_small, capsys):
    world.write(ETF, etf_small.iloc[0:0])
    _check(world, ETF, capsys, 1, "etf_daily.parquet", "no rows")


def test_date_before_the_plausible_range_is_named(world, etf_small, capsys):
    old = etf_small.head(1).assign(date=pd.Timestamp("1970-01-02"))
    world.write(ETF, pd.concat([old, etf_small]))
    _check(world, ETF, capsys, 1, "before 1980-01-01", "1970-01-02")


def test_index_panel_nan_close_is_named(world, capsys):
    df = pd.read_parquet(DATA / rt.datasets.PANELS["index"])
    df = df[df["date"] >= "2025-01-01"].reset_index(drop=True)
    world.write(rt.datasets.PANELS["index"], _with(df, "^GSPC", "2025-06-02", close=np.nan))
    _check(world, rt.datasets.PANELS["index"], capsys, 1, "index_daily.parquet", "^GSPC on 2025-06-02", "NaN")


def test_bad_csv_date_names_file_row_and_value(world, flows_text, capsys):
    lines = flows_text.splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[0], "2026-02-31x", 1)
    world.write(FLOWS, "\n".join(lines) + "\n")
    _check(world, FLOWS, capsys, 1, "etf_daily_flows.csv", "'2026-02-31x'", "line 6", "ISO date")


def test_csv_without_header_names_the_missing_columns(world, flows_text, capsys):
    world.write(FLOWS, "\n".join(flows_text.splitlines()[1:]) + "\n")
    _check(world, FLOWS, capsys, 1, "etf_daily_flows.csv", "missing column(s)", "'date'", "expected schema")


def test_empty_csv_is_named(world, capsys):
    world.write(FLOWS, "")
    _check(world, FLOWS, capsys, 1, "etf_daily_flows.csv", "empty")


def test_malformed_csv_line_is_named(world, flows_text, capsys):
    lines = flows_text.splitlines()
    lines[10] += ",1,2,3"
    world.write(FLOWS, "\n".join(lines) + "\n")
    _check(world, FLOWS, capsys, 1, "etf_daily_flows.csv", "line 11")


def test_duplicated_csv_rows_are_named(world, flows_text, capsys):
    lines = flows_text.splitlines()
    world.write(FLOWS, "\n".join([*lines, lines[3]]) + "\n")
    ticker = lines[3].split(",")[1]
    _check(world, FLOWS, capsys, 1, "duplicated", ticker)


def test_future_date_in_a_csv_is_named(world, flows_text, capsys):
    lines = flows_text.splitlines()
    parts = lines[1].split(",")
    world.write(FLOWS, "\n".join([*lines, ",".join(["2099-01-02", parts[1] + "Z", "1.0"])]) + "\n")
    _check(world, FLOWS, capsys, 1, "2099-01-02", "after the run's date")


def test_text_in_a_number_column_is_named(world, flows_text, capsys):
    lines = flows_text.splitlines()
    parts = lines[2].split(",")
    lines[2] = ",".join([parts[0], parts[1], "N/A?"])
    world.write(FLOWS, "\n".join(lines) + "\n")
    _check(world, FLOWS, capsys, 1, "flow_usd", "'N/A?'", parts[1])


def test_missing_column_of_the_share_counts_is_named(world, capsys):
    df = pd.read_csv(DATA / "flows/etf_shares_outstanding.csv").drop(columns="price")
    world.write("flows/etf_shares_outstanding.csv", df)
    _check(world, "flows/etf_shares_outstanding.csv", capsys, 1, "['price']", "etf_shares_outstanding.csv")


def test_duplicated_breadth_date_is_named(world, capsys):
    text = (DATA / "reference/sp500_breadth_official.csv").read_text().splitlines()
    last = text[-1]
    world.write("reference/sp500_breadth_official.csv", "\n".join([*text, last]) + "\n")
    _check(world, "reference/sp500_breadth_official.csv", capsys, 1, "duplicated", last.split(",")[0])


def test_member_list_without_yahoo_symbols_is_named(world, capsys):
    df = pd.read_csv(DATA / "universe/sp500_members_2026-07.csv").drop(columns="yf_symbol")
    world.write("universe/sp500_members_2026-07.csv", df)
    _check(world, "universe/sp500_members_2026-07.csv", capsys, 1, "['yf_symbol']")


def test_missing_dataset_names_every_place_searched(world, capsys):
    _check(world, ETF, capsys, 1, "prices/etf_daily.parquet", str(world.data), "python -m rotation fetch")


def test_unknown_dataset_lists_the_known_ones(world, capsys):
    _check(world, "prices/bonds.parquet", capsys, 1, "no dataset 'prices/bonds.parquet'", ETF)


def test_check_without_arguments_lists_every_missing_file(world, capsys):
    expect(world, ["check"], 1, "missing from every data source", FLOWS, capsys=capsys)


def test_damaged_workbook_names_it_and_says_what_to_do(world, tmp_path, capsys):
    bad = world.write("earnings/raw/x/sp-500-eps-est.xlsx", b"not a zip")
    expect(
        world,
        lambda: rt.eps_workbooks.read_eps_workbook(bad),
        1,
        "sp-500-eps-est.xlsx",
        "restore it from the snapshot",
        capsys=capsys,
    )


def test_unknown_ticker_in_the_data_layer_names_the_fetch_command(world, etf_small, capsys):
    world.write(ETF, etf_small)
    expect(world, lambda: rt.data.prices(["SPY", "NOPE"]), 1, "NOPE", "refresh --tickers NOPE", capsys=capsys)


# ================================================================ 2. adapt that cannot hurt
def _adapt(world, capsys, args: list[str], *culprits: str) -> str:
    world.link_all()
    return expect(world, ["adapt", *args], 1, *culprits, capsys=capsys)


def test_misspelled_parameter_is_an_error_listing_the_parameters(world, capsys):
    _adapt(
        world,
        capsys,
        ["01", "-p", "WINDOWSTART", "2024-11-05"],
        "no parameter WINDOWSTART",
        "WINDOW_START",
        "AS_OF",
    )


def test_scorecard_takes_only_its_article(world, capsys):
    _adapt(world, capsys, ["00", "-p", "AS_OF", "2026-01-30"], "no parameter AS_OF", "ARTICLE")


def test_malformed_json_for_a_list_parameter(world, capsys):
    _adapt(
        world, capsys, ["01", "-p", "SECTORS", "[XLB, XLK]"], "SECTORS takes a JSON list", "not valid JSON"
    )


def test_scalar_for_a_list_parameter(world, capsys):
    _adapt(world, capsys, ["04", "-p", "C2_LOOKBACKS", "3"], "C2_LOOKBACKS takes a JSON list")


def test_text_for_a_number_parameter(world, capsys):
    _adapt(world, capsys, ["03", "-p", "HAC_LAGS", "two"], "HAC_LAGS takes a number", "'two'")


def test_malformed_date_for_a_window_override_that_defaults_to_none(world, capsys):
    _adapt(world, capsys, ["03", "-p", "WEEK_END", "2026-01-32"], "WEEK_END takes a date", "'2026-01-32'")


@pytest.mark.parametrize("value", ["2025-13-45", "yesterday", "2025-1-5"])
def test_invalid_date_parameter(world, capsys, value):
    _adapt(world, capsys, ["01", "-p", "AS_OF", value], "AS_OF takes a date YYYY-MM-DD", repr(value))


def test_invalid_date_for_a_parameter_that_defaults_to_none(world, capsys):
    _adapt(world, capsys, ["04", "-p", "OOS_END", "2026-99-01"], "OOS_END takes a date")


def test_unknown_ticker_in_a_list_parameter(world, capsys):
    _adapt(
        world,
        capsys,
        ["01", "-p", "SECTORS", '["XLB", "NOPE"]'],
        "SECTORS names unknown ticker(s) NOPE",
        "refresh --tickers NOPE",
    )


def test_unknown_ticker_in_a_ticker_parameter(world, capsys):
    _adapt(world, capsys, ["01", "-p", "INDEX_CAP", "RSPX"], "INDEX_CAP names unknown ticker(s) RSPX")


def test_nonexistent_notebook(world, capsys):
    _adapt(
        world,
        capsys,
        ["07_nothing", "-p", "AS_OF", "2026-01-30"],
        "no notebook '07_nothing'",
        "01_breadth.ipynb",
    )


@pytest.mark.parametrize(
    "out, where",
    [
        ("notebooks/03_sector_flows.ipynb", "notebooks"),
        ("notebooks/results/x.ipynb", "notebooks"),
        ("results", "results"),
        ("data/x.ipynb", "data"),
        ("x.ipynb", "inside"),
    ],
)
def test_out_may_not_point_beside_committed_files(world, capsys, out, where):
    text = _adapt(
        world,
        capsys,
        ["04", "--out", str(ROOT / out), "-p", "AS_OF", "2026-01-30"],
        f"--out {ROOT / out}",
        "choose a folder under build/",
    )
    assert where in text
    assert not (ROOT / "notebooks" / "results").exists()


def test_execute_refuses_an_unknown_parameter_before_starting_a_kernel(world, capsys):
    nb = ROOT / "notebooks" / "04_contrarian_consensus.ipynb"
    expect(
        world,
        lambda: rt.notebooks.execute(nb, world.tmp / "x.ipynb", {"OOS_ENDS": "2026-05-29"}),
        1,
        "no parameter OOS_ENDS",
        "OOS_END",
        capsys=capsys,
    )


def test_each_adapted_run_gets_its_own_folder_named_after_its_parameters():
    from rotation.run.adapt import adapt_paths

    nb = ROOT / "notebooks" / "01_breadth.ipynb"
    a, _ = adapt_paths(nb, {"WINDOW_START": "2024-11-05"}, None)
    b, _ = adapt_paths(nb, {"WINDOW_START": "2024-11-06"}, None)
    assert a != b and a.parent == b.parent == ROOT / "build" / "adapt" and "WINDOW_START=2024-11-05" in a.name
    assert adapt_paths(nb, {}, "/tmp/x/run1")[0] == Path("/tmp/x/run1")


def test_adapted_pages_link_to_the_committed_site_or_not_at_all(tmp_path, monkeypatch):
    from rotation.run.adapt import retarget_links

    page = tmp_path / "01_breadth.html"
    page.write_text(
        '<a href="00_scorecard.html">Scorecard</a> <a href="01_breadth.html#B2">B2</a> '
        '<a href="02_small_cap_earnings.html#E1">E1</a>'
    )
    monkeypatch.setattr(rt.config, "repo_root", lambda: tmp_path / "repo")
    site = tmp_path / "repo" / "build" / "site"
    site.mkdir(parents=True)
    (site / "00_scorecard.html").write_text("x")
    (tmp_path / "01_breadth.html").touch()
    retarget_links(page)
    body = page.read_text()
    assert 'href="repo/build/site/00_scorecard.html"' in body  # the committed site's page
    assert 'href="01_breadth.html#B2"' in body  # a link within the page stays
    assert (
        "02_small_cap_earnings.html" not in body and "E1" in body
    )  # no page anywhere: link removed, text kept


# ================================================================ 3. results and provenance
@pytest.fixture(scope="module")
def _recorded(tmp_path_factory) -> Path:
    """Every claim recorded once for the module (recording all of them takes a third of a second)."""
    d = tmp_path_factory.mktemp("recorded") / "results"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROTATION_RESULTS", str(d))
        for cid in rt.registry.registry().index:
            rt.claims.record(decision_for(cid, "supported"), 1.5, f"reason {cid}", parameters={})
    return d


@pytest.fixture
def results(world, monkeypatch, _recorded) -> Path:
    """A complete, current set of results in a temporary folder (a copy of every claim recorded
    by this test run)."""
    import shutil

    d = world.tmp / "results"
    shutil.copytree(_recorded, d)
    monkeypatch.setenv("ROTATION_RESULTS", str(d))
    return d


def _edit(path: Path, **changes) -> None:
    r = json.loads(path.read_text())
    r.update(changes)
    path.write_text(json.dumps(r))


def test_current_results_pass(world, results, capsys):
    expect(world, ["check", "results"], 0, "every claim current", capsys=capsys)


def test_zero_byte_result_names_claim_file_and_rerun_command(world, results, capsys):
    (results / "F1.json").write_bytes(b"")
    expect(
        world,
        ["check", "results"],
        1,
        "F1:",
        "F1.json",
        "empty or damaged",
        "python -m rotation run notebooks/03_sector_flows.ipynb",
        capsys=capsys,
    )


def test_nan_in_a_result_is_not_strict_json(world, results, capsys):
    (results / "F4.json").write_text((results / "F4.json").read_text().replace('"unit": null', '"unit": NaN'))
    expect(world, ["check", "results"], 1, "F4:", "NaN is not valid JSON", capsys=capsys)


def test_result_that_is_not_an_object(world, results, capsys):
    (results / "B3.json").write_text("[]")
    expect(world, ["check", "results"], 1, "B3:", "not a JSON object", capsys=capsys)


def test_result_of_an_edited_source_is_stale(world, results, capsys):
    _edit(results / "B2.json", notebook_fingerprint="0" * 16)
    expect(
        world,
        ["check", "results"],
        1,
        "B2:",
        "notebooks/src/01_breadth.py",
        "python -m rotation run notebooks/01_breadth.ipynb",
        capsys=capsys,
    )


def test_result_computed_with_other_parameters_is_refused(world, results, capsys):
    _edit(results / "B2.json", parameters={"WINDOW_START": "2024-11-05", "AS_OF": "2026-01-30"})
    expect(
        world,
        ["check", "results"],
        1,
        "B2:",
        "WINDOW_START='2024-11-05' (expected None)",
        "python -m rotation adapt",
        capsys=capsys,
    )


def test_missing_result_names_the_claim(world, results, capsys):
    (results / "C2.json").unlink()
    expect(
        world,
        ["check", "results"],
        1,
        "C2: no results/C2.json",
        "notebooks/04_contrarian_consensus.ipynb",
        capsys=capsys,
    )


def test_declared_parameters_of_an_adapted_run_are_accepted(world, results, capsys):
    nb = "notebooks/01_breadth.ipynb"
    (results / "_run.json").write_text(json.dumps({"parameters": {nb: {"WINDOW_START": "2024-11-05"}}}))
    for cid in ("B1", "B2", "B3", "B4", "B5", "B6", "B7"):
        _edit(results / f"{cid}.json", parameters={"WINDOW_START": "2024-11-05"})
    expect(world, ["check", "results"], 0, "every claim current", capsys=capsys)


def test_declared_parameters_reject_a_result_with_the_defaults(world, results, capsys):
    nb = "notebooks/01_breadth.ipynb"
    (results / "_run.json").write_text(json.dumps({"parameters": {nb: {"WINDOW_START": "2024-11-05"}}}))
    _edit(results / "B4.json", parameters={"WINDOW_START": "2025-11-03"})
    expect(
        world,
        ["check", "results"],
        1,
        "B4:",
        "WINDOW_START='2025-11-03' (expected '2024-11-05')",
        capsys=capsys,
    )


def test_damaged_run_manifest_is_named(world, results, capsys):
    (results / "_run.json").write_text("{")
    expect(world, ["check", "results"], 1, "_run.json", "not valid JSON", capsys=capsys)


def test_record_on_a_full_disk_leaves_the_old_result(world, results, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    expect(
        world,
        lambda: rt.claims.record(decision_for("B4", "not supported"), 2.0, "r"),
        1,
        "No space left on device",
        "free disk space",
        capsys=capsys,
    )
    assert json.loads((results / "B4.json").read_text())["verdict"] == "supported"
    assert not [p for p in results.iterdir() if p.name.endswith(".tmp")]


def test_record_refuses_an_infinite_value(world, results, capsys):
    expect(
        world,
        lambda: rt.claims.record(decision_for("B4", "supported"), float("inf"), "r"),
        1,
        "B4",
        "infinite",
        capsys=capsys,
    )
    assert json.loads((results / "B4.json").read_text())["measured"] == 1.5


def test_blank_tolerance_in_the_registry_is_an_error_naming_row_and_column(
    world, tmp_path, monkeypatch, capsys
):
    reg = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str)
    reg.loc[reg["id"] == "B2", "tolerance"] = ""
    (tmp_path / "proj").mkdir()
    reg.to_csv(tmp_path / "proj" / "claims.csv", index=False)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: tmp_path / "proj")
    with pytest.raises(DataValidationError, match=r"B2.*tolerance|tolerance.*B2"):
        rt.registry.registry()
    expect(world, lambda: rt.rules.decide("B2", measured=5.0), 1, "B2", "tolerance", capsys=capsys)


# ================================================================ 4. refresh housekeeping
END = pd.Timestamp("2026-06-12")


@pytest.fixture
def yahoo(world, monkeypatch, etf_small):
    """The refresh's network boundary replaced by a fake serving the real bars; a seed ETF file
    (SPY, RSP, XLK to 2026-01-30) in the data folder."""
    df = pd.read_parquet(DATA / ETF)
    bars = {}
    for t, g in df[df["ticker"].isin(["SPY", "RSP", "XLK"])].groupby("ticker"):
        b = g.set_index("date").drop(columns="ticker").rename(columns=str.capitalize)
        b.index = pd.DatetimeIndex(b.index, name="Date").as_unit("ns")
        bars[str(t)] = b.astype("float64")
    world.write(ETF, etf_small)
    fake = FakeYahoo(bars)
    monkeypatch.setattr(yahoo_boundary, "network_available", lambda *a, **k: True)
    monkeypatch.setattr(yahoo_boundary, "YFinanceDownloader", lambda *a, **k: fake)
    monkeypatch.setattr(yahoo_boundary, "last_complete_session", lambda now=None: END)
    return fake


REFRESH = ["refresh", "--panels", "etf", "--tickers", "SPY", "RSP", "XLK"]


def test_refresh_full_disk_ends_in_the_report(world, yahoo, monkeypatch, capsys):
    def full(self, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    expect(
        world,
        REFRESH,
        1,
        "NOT WRITTEN",
        "etf_daily.parquet",
        "No space left on device",
        "previous file kept",
        capsys=capsys,
    )


def test_refresh_na_close_fails_that_ticker_only(world, yahoo, capsys):
    rsp = yahoo.bars["RSP"].astype(object)
    rsp.loc["2026-06-10", "Close"] = "N/A"
    yahoo.bars["RSP"] = rsp
    expect(world, REFRESH, 0, "failed RSP", "'N/A'", "2026-06-10", capsys=capsys, cache_may_change=True)
    out = pd.read_parquet(world.cache / ETF)
    assert out.loc[out["ticker"] == "RSP", "date"].max() == pd.Timestamp("2026-01-30")  # RSP kept as it was
    assert out.loc[out["ticker"] == "SPY", "date"].max() == pd.Timestamp("2026-06-12")


def test_refresh_nan_close_from_the_downloader_is_listed_not_dropped_silently(world, yahoo, capsys):
    """The issue's case: RSP's close on 2026-06-05 comes back NaN while SPY and XLK traded."""
    yahoo.bars["RSP"].loc["2026-06-05", "Close"] = np.nan
    expect(
        world,
        REFRESH,
        0,
        "no close from Yahoo on a trading day, not written (1): RSP 2026-06-05",
        "refresh again later",
        capsys=capsys,
        cache_may_change=True,
    )
    out = pd.read_parquet(world.cache / ETF)
    rsp = out.loc[out["ticker"] == "RSP", "date"]
    assert pd.Timestamp("2026-06-05") not in set(rsp) and rsp.max() == END  # a gap, named


def test_refresh_does_not_list_days_before_a_ticker_starts_or_holidays():
    frame = pd.DataFrame(
        {("Close", "A"): [np.nan, 1.0, 1.1, np.nan], ("Close", "B"): [2.0, 2.1, np.nan, np.nan]},
        index=pd.to_datetime(["2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07"]),
    )
    got = yahoo_boundary.missing_closes(frame, {"A": "A", "B": "B"})
    assert got == {"B": [pd.Timestamp("2026-01-06")]}  # A before its first close, 01-07 nobody traded


def test_refresh_ctrl_c_during_download_is_one_line(world, yahoo, capsys):
    yahoo.always = KeyboardInterrupt()
    text = expect(world, REFRESH, 130, "interrupted (Ctrl-C)", capsys=capsys)
    lines = [ln for ln in text.replace("\r", "\n").splitlines() if ln.strip() and "ticker/s" not in ln]
    assert len(lines) == 1, lines  # besides the progress bar


def test_refresh_ctrl_c_during_a_write_keeps_the_old_cache_file(world, yahoo, monkeypatch, capsys):
    monkeypatch.setattr(yahoo_boundary, "last_complete_session", lambda now=None: pd.Timestamp("2026-03-02"))
    assert main(REFRESH) == 0  # a first cache file
    monkeypatch.setattr(yahoo_boundary, "last_complete_session", lambda now=None: END)
    capsys.readouterr()
    real = pd.DataFrame.to_parquet

    def interrupted(self, target, *a, **k):
        real(self, target, *a, **k)
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", interrupted)
    expect(world, REFRESH, 130, "interrupted", capsys=capsys)
    assert not list(world.cache.rglob("*.tmp"))


def test_refresh_removes_stale_temporary_files_at_start(world, yahoo, capsys):
    stale = world.cache / "prices" / ".etf_daily.parquet.abc123.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x" * 1000)
    expect(world, REFRESH, 0, "removed 1 temporary file", capsys=capsys, cache_may_change=True)
    assert not stale.exists()


def test_refresh_keeps_the_file_mode(world, yahoo, capsys, monkeypatch):
    monkeypatch.setattr(yahoo_boundary, "last_complete_session", lambda now=None: pd.Timestamp("2026-03-02"))
    assert main(REFRESH) == 0
    path = world.cache / ETF
    os.chmod(path, 0o640)
    monkeypatch.setattr(yahoo_boundary, "last_complete_session", lambda now=None: END)
    expect(world, REFRESH, 0, "wrote", capsys=capsys, cache_may_change=True)
    assert (path.stat().st_mode & 0o777) == 0o640
    assert pd.read_parquet(path)["date"].max() == END


def test_refresh_seed_with_a_future_date_is_not_written(world, yahoo, etf_small, capsys):
    future = etf_small.tail(1).assign(ticker="SPY", date=pd.Timestamp("2099-01-02"))
    world.write(ETF, pd.concat([etf_small, future]))
    expect(world, REFRESH, 1, "validation failed", "SPY on 2099-01-02", capsys=capsys)


def test_refresh_seed_with_a_nan_close_is_not_written(world, yahoo, etf_small, capsys):
    world.write(ETF, _with(etf_small, "XLK", "2025-12-01", close=np.nan))
    expect(world, REFRESH, 1, "validation failed", "NaN 'close'", "XLK on 2025-12-01", capsys=capsys)


def test_refresh_invalid_share_count_fails_that_ticker(world, yahoo, capsys):
    yahoo.share_series = {
        "SPY": pd.Series(["N/A"], index=pd.DatetimeIndex(["2026-06-01"], tz="America/New_York"))
    }
    expect(
        world,
        ["refresh", "--panels", "shares", "--tickers", "SPY"],
        1,
        "failed SPY",
        "invalid share count",
        "'N/A'",
        capsys=capsys,
    )


def test_refresh_offline_touches_nothing(world, monkeypatch, capsys):
    monkeypatch.setattr(yahoo_boundary, "network_available", lambda *a, **k: False)
    expect(world, ["refresh"], 1, "Network unreachable", capsys=capsys)


def test_refresh_unknown_panel_is_a_usage_error(world, capsys):
    with pytest.raises(SystemExit) as e:
        main(["refresh", "--panels", "bonds"])
    assert e.value.code == 2 and "bonds" in capsys.readouterr().err


def test_ensure_data_names_what_rotation_data_lacks(world, capsys):
    expect(world, ["ensure-data"], 1, "ROTATION_DATA", ETF, capsys=capsys)


# ================================================================ 5. the error boundary itself
def test_run_with_an_unknown_notebook_lists_the_notebooks(world, capsys):
    expect(world, ["run", "notebooks/09_nothing.ipynb"], 1, "no notebook", "01_breadth.ipynb", capsys=capsys)


def test_debug_flag_shows_the_traceback(world):
    with pytest.raises(ParameterError):
        main(["--debug", "adapt", "01", "-p", "WINDOWSTART", "x"])


def test_debug_environment_variable_shows_the_traceback(world, monkeypatch):
    monkeypatch.setenv("ROTATION_DEBUG", "1")
    with pytest.raises(ParameterError):
        main(["adapt", "01", "-p", "WINDOWSTART", "x"])


def test_ctrl_c_in_any_command_is_one_line(world, monkeypatch, capsys):
    import rotation.__main__ as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_where", interrupted)
    text = expect(world, ["where"], 130, "interrupted", capsys=capsys)
    assert len(text.strip().splitlines()) == 1


def test_an_unexpected_error_is_one_line_pointing_to_debug(world, monkeypatch, capsys):
    import rotation.__main__ as cli

    def bug(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_where", bug)
    expect(world, ["where"], 1, "unexpected ZeroDivisionError", "--debug", capsys=capsys)


def test_a_permission_error_names_the_file(world, monkeypatch, capsys):
    def denied():
        raise PermissionError(errno.EACCES, "Permission denied", str(world.tmp / "x.json"))

    expect(world, denied, 1, "x.json", "Permission denied", "permissions", capsys=capsys)


@pytest.mark.slow  # a subprocess
def test_bench_surfaces_the_childs_error(world, capsys):
    from tools import bench

    expect(
        world,
        lambda: bench.main(),
        1,
        "bench: loading the price panels failed",
        "prices/etf_daily.parquet",
        capsys=capsys,
    )


@pytest.mark.slow  # a subprocess
def test_cli_in_a_subprocess_prints_one_line_and_no_traceback(world):
    p = subprocess.run(
        [sys.executable, "-m", "rotation", "adapt", "04", "-p", "OOS_ENDS", "2026-05-29"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines() == [p.stderr.strip()] and "OOS_END" in p.stderr


# ================================================================ 6. end to end, with kernels
@pytest.mark.slow
def test_failed_run_changes_no_committed_file_and_keeps_the_partial_notebook(world, etf_small, capsys):
    """A far-future row stops the notebook; the project error from the kernel (in a worker
    process) reaches the user as one message; notebooks/ and results/ are untouched."""
    world.link_all()
    df = pd.read_parquet(DATA / ETF)
    world.write(ETF, pd.concat([df, df.tail(1).assign(ticker="SPY", date=pd.Timestamp("2099-01-02"))]))
    failed = ROOT / "build" / "failed" / "01_breadth.ipynb"
    failed.unlink(missing_ok=True)
    expect(
        world,
        ["run", "--no-html", "notebooks/01_breadth.ipynb"],
        1,
        "notebooks/01_breadth.ipynb failed",
        "DataValidationError",
        "SPY on 2099-01-02",
        "build/failed/01_breadth.ipynb",
        capsys=capsys,
    )
    assert failed.is_file()


@pytest.mark.slow
def test_failed_adapt_in_a_subprocess_is_one_message_without_kernel_noise(world, tmp_path):
    out = tmp_path / "adapt"
    p = subprocess.run(
        [sys.executable, "-m", "rotation", "adapt", "03", "--once", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "ROTATION_DATA": str(world.data)},
    )
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr and "IPKernelApp" not in p.stderr, p.stderr
    assert "DataNotFoundError" in p.stderr and "not found" in p.stderr
    assert not (out / "03_sector_flows.ipynb").exists() and not (out / "results").exists()
