"""Refreshing the ETF share counts (rotation.sources.refresh_shares), without network: the fake Yahoo of
test_refresh.py serves share counts and quoted closes."""

from __future__ import annotations

import pandas as pd
import pytest

from rotation import refresh, refresh_plan
from tests.test_refresh import END, FAST, SNAP, FakeYahoo, dirs, etf_bars, no_network  # noqa: F401 (fixtures)


def test_shares_take_the_last_count_of_each_day_and_the_quoted_close(dirs, etf_bars):
    src, cache = dirs
    (src / "flows").mkdir()
    old = pd.read_csv(SNAP / refresh_plan.SHARES_RELPATH).query("ticker == 'SPY'")
    old.to_csv(src / refresh_plan.SHARES_RELPATH, index=False)
    stamps = pd.DatetimeIndex(
        ["2026-04-01 09:30", "2026-04-06 09:30", "2026-04-06 16:00", "2026-04-07 09:30"],
        tz="America/New_York",
    )
    counts = pd.Series([1_000_000_000, 990_000_000, 995_000_000, 1_002_000_000], index=stamps)
    quoted = {"SPY": etf_bars["SPY"] * 1.01}
    fake = FakeYahoo(etf_bars, shares={"SPY": counts}, quoted=quoted)
    report = refresh.refresh(
        ["shares"],
        ["SPY"],
        downloader=fake,
        end=pd.Timestamp("2026-04-08"),
        probe=lambda: True,
        progress=False,
        policy=FAST,
    )
    assert report.ok and report.status("shares", "updated") == ["SPY"]
    out = pd.read_csv(cache / refresh_plan.SHARES_RELPATH, parse_dates=["date"])
    assert list(out.columns) == ["date", "ticker", "shares", "price"]
    row = out.set_index("date").loc["2026-04-06"]
    assert row["shares"] == 995_000_000  # the day's last count
    assert row["price"] == pytest.approx(etf_bars["SPY"].loc["2026-04-06", "Close"] * 1.01)
    assert out.set_index("date").loc["2026-04-01", "shares"] == 1_000_000_000  # overlap: new value wins
    kept = old[old["date"] < "2026-03-28"]
    assert len(out[out["date"] < "2026-03-28"]) == len(kept)
    assert fake.calls and not fake.calls[0][3]  # the price is the quoted close, not adjusted
    assert fake.share_calls[0][1] == pd.Timestamp(
        old["date"].sort_values().iloc[-refresh_plan.OVERLAP_SESSIONS]
    )


def test_shares_without_data_are_failed_and_the_file_not_written(dirs, etf_bars):
    _, cache = dirs
    report = refresh.refresh(
        ["shares"],
        ["SPY"],
        downloader=FakeYahoo(etf_bars),
        end=END,
        probe=lambda: True,
        progress=False,
        policy=FAST,
    )
    assert report.failed["shares"] == {"SPY": "no share counts returned"}
    assert not (cache / refresh_plan.SHARES_RELPATH).exists()
