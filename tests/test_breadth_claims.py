"""rotation.breadth_claims: the breadth claims' tickers and stated figures from their rows."""

from __future__ import annotations

import pytest

import rotation as rt
from rotation.articles import Figure


def fig(value: str, precision: str, unit: str = "percent", low: str = "", high: str = "") -> Figure:
    return Figure("a", "X1", "k", value, unit, precision, low, high)


def test_series_tickers_keep_tickers_in_order_and_drop_group_names(monkeypatch):
    rows = {
        "X1": "XLB;XLV;XLY|sectors",
        "X2": "mag7/RSP",
        "X3": "IWM;SPY;cyclical;XLK",
        "X4": "mag7;sp500 members",
    }
    monkeypatch.setattr(rt.registry, "claim", lambda cid: {"series": rows[cid]})
    assert rt.breadth_claims.series_tickers("X1") == ["XLB", "XLV", "XLY"]
    assert rt.breadth_claims.series_tickers("X2") == ["RSP"]
    assert rt.breadth_claims.series_tickers("X3") == ["IWM", "SPY", "XLK"]
    with pytest.raises(ValueError, match="X4"):
        rt.breadth_claims.series_tickers("X4")


def test_stated_words_keep_the_stated_precision():
    assert rt.breadth_claims.stated_words(fig("6", "about")) == "about 6 %"
    assert rt.breadth_claims.stated_words(fig("1.6", "rounded")) == "1.6 %"
    assert rt.breadth_claims.stated_words(fig("7", "more_than")) == "more than 7 %"
    assert rt.breadth_claims.stated_words(fig("XLB;XLV", "named", "tickers")) == "XLB, XLV"
    assert rt.breadth_claims.stated_words(fig("3", "exact", "rank")) == "3"


def test_the_registry_names_the_breadth_tickers():
    assert rt.breadth_claims.series_tickers("B3") == rt.articles.figure("B3", "leaders").names
