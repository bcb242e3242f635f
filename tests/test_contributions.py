from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError


@pytest.fixture
def closes() -> pd.DataFrame:
    idx = pd.to_datetime(["2024-12-31", "2025-06-30", "2025-11-28", "2026-02-11"])
    return pd.DataFrame(
        {
            "BIG": [100.0, 105.0, 110.0, 120.0],
            "SMALL": [50.0, 48.0, 45.0, 60.0],
            "MID": [10.0, 11.0, 12.0, 12.0],
        },
        index=idx,
    )


def test_contributions_are_start_weight_times_return_and_sum_to_the_index_return(closes):
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0})
    c = rt.contributions.cap_weighted_contributions(closes, caps, "2024-12-31", "2025-11-28")
    assert c["weight"].tolist() == pytest.approx([0.75, 0.25])
    assert c["contribution"].tolist() == pytest.approx([0.075, -0.025])
    assert c["contribution"].sum() == pytest.approx(0.05)


def test_group_table_shares_of_gain_add_to_one_hundred(closes):
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0, "MID": 100.0})
    c = rt.contributions.cap_weighted_contributions(closes, caps, "2024-12-31", "2025-11-28")
    t = rt.contributions.group_table(c, {"big": ["BIG"]})
    assert t.loc["big", "share_of_gain_pct"] + t.loc["rest", "share_of_gain_pct"] == pytest.approx(100.0)
    assert t.loc["big", "share_of_gain_pct"] == pytest.approx(
        0.6 * 10 / (0.6 * 10 + 0.2 * -10 + 0.2 * 20) * 100
    )
    assert t.loc["all", "members"] == 3 and t.loc["rest", "members"] == 2


def test_group_table_names_members_without_contribution(closes):
    c = rt.contributions.cap_weighted_contributions(
        closes, pd.Series({"BIG": 1.0}), "2024-12-31", "2025-11-28"
    )
    with pytest.raises(DataNotFoundError, match="NVDA"):
        rt.contributions.group_table(c, {"g": ["BIG", "NVDA"]})


def test_caps_are_carried_back_by_the_price_ratio(closes):
    caps = rt.contributions.caps_on(pd.Series({"BIG": 1200.0}), closes, "2026-02-11", "2024-12-31")
    assert caps["BIG"] == pytest.approx(1000.0)
    with pytest.raises(DataNotFoundError, match="XYZ"):
        rt.contributions.caps_on(pd.Series({"XYZ": 1.0}), closes, "2026-02-11", "2024-12-31")


def test_one_class_per_company_keeps_the_preferred_class_once():
    f = pd.DataFrame(
        {
            "ticker": ["GOOG", "GOOGL", "FOX", "FOXA", "AAPL"],
            "name": ["Alphabet Inc.", "Alphabet Inc.", "Fox Corporation", "Fox Corporation", "Apple Inc."],
            "marketCap": [3.8e12, 3.8e12, 2.6e10, 2.6e10, 4e12],
        }
    )
    kept, dropped = rt.contributions.one_class_per_company(f)
    assert sorted(kept["ticker"]) == ["AAPL", "FOX", "GOOGL"] and dropped == ["FOXA", "GOOG"]


def test_price_ticker_maps_class_dots_and_renamed_tickers():
    assert rt.contributions.price_ticker("BRK.B") == "BRK-B"
    assert rt.contributions.price_ticker("BK") == "BNY"
    assert rt.contributions.price_ticker("AAPL") == "AAPL"


def test_impute_caps_recovers_an_exact_power_law():
    rng = np.random.default_rng(0)
    dv = pd.Series(rng.uniform(1e6, 1e9, 40), index=[f"T{i}" for i in range(40)])
    caps = 50 * dv**1.1
    dv["NEW"] = 2e8
    out = rt.contributions.impute_caps(caps, dv, ["NEW"])
    assert out.loc["NEW", "cap_fit"] == pytest.approx(50 * 2e8**1.1, rel=1e-6)
    assert out.loc["NEW", "cap_high"] == pytest.approx(
        out.loc["NEW", "cap_fit"], rel=1e-6
    )  # no residual spread
    with pytest.raises(DataNotFoundError, match="ZZZ"):
        rt.contributions.impute_caps(caps, dv, ["ZZZ"])


def test_missing_member_scenarios_start_from_the_known_share(closes):
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0})
    imputed = pd.DataFrame({"cap_fit": [100.0], "cap_high": [200.0]}, index=["MID"])
    s = rt.contributions.missing_member_scenarios(closes, caps, imputed, "2024-12-31", "2025-11-28", ["BIG"])
    assert s.loc["known caps only", "group_share_pct"] == pytest.approx(0.075 / 0.05 * 100)
    # MID (+20 %) at cap 100: USD gain 30 (BIG) - 10 (SMALL) + 20 (MID) = 40; BIG's gain 30
    assert s.loc["+ missing at fitted caps", "group_share_pct"] == pytest.approx(30 / 40 * 100)
    assert s.loc["+ missing at high caps", "missing_weight_pct"] == pytest.approx(200 / 600 * 100)


def test_basket_is_buy_and_hold_from_one(closes):
    b = rt.contributions.basket(closes, pd.Series({"BIG": 1.0, "SMALL": 1.0}), "2025-06-30")
    assert b.iloc[0] == pytest.approx(1.0)
    assert b.iloc[1] == pytest.approx(0.5 * 110 / 105 + 0.5 * 45 / 48)


def test_snapshot_members_left_out_are_named_and_alphabet_counted_once(snapshot):
    members = rt.data.sp500_constituents("2025-10-30")["ticker"].tolist()
    c = rt.data.closes(["AAPL", "GOOGL", "GOOG", "BNY"], "2025-01-02", "2025-01-10", panel="sp500")
    caps, missing = rt.contributions.member_caps(
        members, rt.data.company_fundamentals(), list(c.columns) + ["MSFT"]
    )
    assert "GOOG" in missing["second_class"] and "GOOGL" in caps.index and "BNY" in caps.index
    assert "CTRA" in missing["no_price"]
    assert caps["AAPL"] > 1e12  # USD, not USD bn


def test_unpriced_members_at_the_lowest_return_raise_the_groups_share(closes):
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0, "MID": 100.0})
    s = rt.contributions.missing_member_scenarios(
        closes,
        caps,
        pd.DataFrame(columns=["cap_fit", "cap_high"]),
        "2024-12-31",
        "2025-11-28",
        ["BIG"],
        no_price=["GONE"],
        no_price_cap=50.0,
    )
    base = s.loc["known caps only", "group_share_pct"]  # USD gains 30 - 10 + 20 = 40
    assert base == pytest.approx(75.0)
    assert s.loc["+ unpriced at lowest return", "group_share_pct"] == pytest.approx(
        30 / (40 + 50 * -0.1) * 100
    )
    assert s.loc["+ unpriced at highest return", "group_share_pct"] == pytest.approx(
        30 / (40 + 50 * 0.2) * 100
    )
