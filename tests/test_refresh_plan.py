"""Planning a refresh (rotation.sources.refresh_plan): which tickers, and from which date."""

from __future__ import annotations

import pandas as pd

from rotation import refresh_plan


def test_plan_tickers_covers_members_indices_and_project_etfs(snapshot):
    assert len(refresh_plan.plan_tickers("sp500", None)) == 503
    assert {"^GSPC", "^RUT", "^NDX"} <= set(refresh_plan.plan_tickers("index", None))
    etf = refresh_plan.plan_tickers("etf", pd.DataFrame({"ticker": ["DBC"]}))
    assert {"DBC", "SPY", "RSP", "IWM", "XLK"} <= set(etf) and "AAPL" not in etf
    assert "RSP" in refresh_plan.plan_tickers("shares", None)
    assert refresh_plan.plan_tickers("sp500", None, only=["AAPL", "ARKK"]) == ["AAPL"]
    assert refresh_plan.plan_tickers("etf", None, only=["AAPL", "ARKK"]) == ["ARKK"]
    assert refresh_plan.plan_tickers("index", None, only=["^VIX", "SPY"]) == ["^VIX"]


def test_overlap_starts_is_the_fifth_last_cached_session_or_the_first():
    d = pd.date_range("2026-01-05", periods=8, freq="B")
    cached = pd.DataFrame({"ticker": ["A"] * 8 + ["B"] * 2, "date": list(d) + list(d[:2])})
    starts = refresh_plan.overlap_starts(cached, 5)
    assert starts["A"] == d[3] and starts["B"] == d[0]
