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


# --------------------------------------------------------------------------------------------
# members left out, bounded; contributions by group (known answers on hand-made frames)
# --------------------------------------------------------------------------------------------
C = rt.contributions


def _missing(rows: dict[str, tuple[float, float, float, str]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=["cap_low", "cap", "cap_high", "source"])


def test_book_gains_are_cap_times_return_and_bounded_by_the_corners(closes):
    """BIG +10 % at 300, SMALL -10 % at 100 known; MID (+20 %) may weigh 0..200; GONE (no price)
    may weigh 0..50 at any return between -10 % and +20 %."""
    missing = _missing({"MID": (0.0, 0.0, 200.0, "volume"), "GONE": (0.0, 0.0, 50.0, "typical")})
    book = C.member_book(
        closes,
        pd.Series({"BIG": 300.0, "SMALL": 100.0}),
        missing,
        pd.Series(dtype=str),
        "2024-12-31",
        "2025-11-28",
    )
    g = C.member_gains(book)
    assert g.loc["BIG"].tolist() == pytest.approx([30.0, 30.0, 30.0])
    assert g.loc["SMALL"].tolist() == pytest.approx([-10.0, -10.0, -10.0])
    assert g.loc["MID"].tolist() == pytest.approx([0.0, 0.0, 40.0])
    assert g.loc["GONE"].tolist() == pytest.approx([0.0, -5.0, 10.0])
    assert set(book["group"]) == {"other"} and np.isnan(book.loc["GONE", "return"])


def test_share_bounds_take_the_others_at_their_extremes(closes):
    missing = _missing({"MID": (0.0, 0.0, 200.0, "volume"), "GONE": (0.0, 0.0, 50.0, "typical")})
    book = C.member_book(
        closes,
        pd.Series({"BIG": 300.0, "SMALL": 100.0}),
        missing,
        pd.Series(dtype=str),
        "2024-12-31",
        "2025-11-28",
    )
    mid, low, high = C.share_bounds(C.member_gains(book), ["BIG"])
    assert mid == pytest.approx(30 / 20 * 100)  # the left-out members at nothing
    assert low == pytest.approx(30 / (20 + 40 + 10) * 100)  # MID at 200, GONE at 50 and +20 %
    assert high == pytest.approx(30 / (20 - 5) * 100)  # MID at nothing, GONE at 50 and -10 %
    with pytest.raises(rt.errors.DataValidationError, match="only bounded"):
        C.share_bounds(C.member_gains(book), ["BIG", "MID"])


def test_group_contributions_cap_and_equal_weighted(closes):
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0, "MID": 100.0})
    sectors = pd.Series({"BIG": "A", "SMALL": "B", "MID": "B"})
    book = C.member_book(closes, caps, _missing({}), sectors, "2024-12-31", "2025-11-28")
    t = C.group_contributions(book, C.member_gains(book))
    assert t.index.tolist() == ["A", "B"]  # A: 0.6 x 10 = 6 pp; B: 0.2 x -10 + 0.2 x 20 = 2 pp
    assert t["contribution_pp"].tolist() == pytest.approx([6.0, 2.0])
    assert t["weight_pct"].tolist() == pytest.approx([60.0, 40.0])
    assert t["ew_return_pct"].tolist() == pytest.approx([10.0, 5.0])
    assert t["ew_contribution_pp"].tolist() == pytest.approx([10 / 3, 10 / 3])
    assert t["share_of_gain_pct"].sum() == pytest.approx(100.0)


def test_top_k_bounds_move_the_named_against_the_others():
    t = pd.DataFrame(
        {"contribution_pp": [3.0, 2.0, 1.0], "low_pp": [3.0, 0.5, 1.0], "high_pp": [3.0, 2.0, 2.5]},
        index=["A", "B", "C"],
    )
    assert C.top_k_bounds(t, ["B"], 2) == (1, 0, 1)  # B at 0.5 falls below C; C at 1 cannot pass B at 2
    assert C.top_k_bounds(t, ["C"], 2) == (0, 0, 1)  # C at 2.5 passes B at 0.5
    with pytest.raises(DataNotFoundError, match="Z"):
        C.count_in_top(t["contribution_pp"], ["Z"], 1)


def test_missing_caps_by_what_each_member_could_weigh():
    rng = np.random.default_rng(0)
    tick = [f"T{i}" for i in range(40)]
    dv = pd.Series(np.exp(rng.uniform(15, 20, 40)), index=tick)
    caps = dv * 30.0  # an exact law: the fit predicts 30 x dollar volume, the residuals are zero
    dv["NEW"] = 2.0e6
    out = C.missing_caps(caps, dv, ["NEW", "NOVOL"], ["GONE", "DEAD"], pd.Series({"GONE": 7.0e9}))
    assert out.loc["NEW", ["cap_low", "cap", "cap_high"]].tolist() == pytest.approx(
        [0.0, 0.0, 6.0e7], rel=1e-6
    )
    assert out.loc["NOVOL", "cap_high"] == pytest.approx(caps.quantile(0.95))
    assert out.loc["GONE", ["cap_low", "cap", "cap_high"]].tolist() == [7.0e9, 0.0, 7.0e9]
    assert out.loc["DEAD", "cap_high"] == pytest.approx(caps.median())
    assert (out["cap"] == 0).all()  # every member left out is outside the central value


def test_impute_caps_with_volatility_separates_turnover_from_size():
    """Two names of equal dollar volume: the more volatile is the smaller (cap = dv^1 / vol)."""
    rng = np.random.default_rng(1)
    tick = [f"T{i}" for i in range(50)]
    dv = pd.Series(np.exp(rng.uniform(15, 20, 50)), index=tick)
    vol = pd.Series(np.exp(rng.uniform(-4, -3, 50)), index=tick)
    caps = dv / vol
    dv = pd.concat([dv, pd.Series({"CALM": 1e7, "WILD": 1e7})])
    vol = pd.concat([vol, pd.Series({"CALM": 0.02, "WILD": 0.04})])
    out = C.impute_caps(caps, dv, ["CALM", "WILD"], volatility=vol)
    assert out["cap_fit"].tolist() == pytest.approx([5e8, 2.5e8], rel=1e-6)


def test_measures_return_the_rule_inputs_as_one_object(closes):
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0})
    missing = _missing({"MID": (0.0, 0.0, 200.0, "volume")})
    m = C.group_share_of_gain(closes, caps, missing, ["BIG"], "2024-12-31", "2025-11-28", label="big")
    assert (m.measure, m.window, m.unit) == (
        "group_share_of_gain",
        ("2024-12-31", "2025-11-28"),
        "percent of the gain",
    )
    assert (m.value, m.low, m.high) == pytest.approx((150.0, 30 / 60 * 100, 150.0))
    assert m.coverage == pytest.approx(2 / 3) and m.details["left_out"] == {"MID": "volume"}
    sectors = pd.Series({"BIG": "A", "SMALL": "B", "MID": "C"})
    s = C.sectors_in_top_contributors(closes, caps, missing, sectors, ["C"], 1, "2024-12-31", "2025-11-28")
    assert (s.value, s.low, s.high) == (0, 0.0, 1.0)  # MID at 200 x 20 % = 40 passes BIG's 30
    assert s.details["top"] == ["A"] and s.details["ew_top"] == ["C"] and s.details["ew_count"] == 1


def test_top_k_grid_counts_every_window(closes):
    caps = pd.Series({"BIG": 360.0, "SMALL": 120.0})  # on 2026-02-11: 300 and 100 at the start
    sectors = pd.Series({"BIG": "A", "SMALL": "B"})
    days = closes.index
    windows = [(days[0], days[1]), (days[0], days[2]), (days[1], days[2])]
    g = C.top_k_grid(closes, caps, _missing({}), "2026-02-11", sectors, ["B"], 1, windows)
    assert g.tolist() == [0, 0, 0] and g.index.names == ["start", "end"]
    assert C.top_k_grid(closes, caps, _missing({}), "2026-02-11", sectors, ["A"], 1, windows).tolist() == [
        1,
        1,
        1,
    ]


def test_trading_stats_median_dollar_volume_and_volatility():
    dates = pd.bdate_range("2026-01-01", periods=5)
    long = pd.DataFrame(
        {"date": dates, "ticker": "X", "close": [10.0, 11.0, 10.0, 11.0, 10.0], "volume": [1, 2, 3, 4, 5]}
    )
    st = C.trading_stats(long, dates[-1], days=30)
    assert st.loc["X", "dollar_volume"] == pytest.approx(30.0)  # 10, 22, 30, 44, 50
    assert st.loc["X", "volatility"] == pytest.approx(
        np.log(np.array([1.1, 1 / 1.1, 1.1, 1 / 1.1])).std(ddof=1)
    )


def test_central_contributions_for_every_end_equal_the_table_of_each_window(closes):
    """The grid's fast path (one book per start, every end at once) gives the central column of
    group_contributions window by window, a member without a price included (it adds 0)."""
    caps = pd.Series({"BIG": 300.0, "SMALL": 100.0})
    missing = _missing({"MID": (50.0, 100.0, 200.0, "volume"), "GONE": (0.0, 25.0, 50.0, "typical")})
    sectors = pd.Series({"BIG": "A", "SMALL": "B", "MID": "B", "GONE": "C"})
    ends = ["2025-06-30", "2025-11-28", "2026-02-11"]
    book = C.member_book(closes, caps, missing, sectors, "2024-12-31", ends[0])
    fast = C.central_contributions(closes, book, "2024-12-31", ends)
    for i, e in enumerate(ends):
        b = C.member_book(closes, caps, missing, sectors, "2024-12-31", e)
        slow = C.group_contributions(b, C.member_gains(b))["contribution_pp"]
        assert fast.iloc[i].to_dict() == pytest.approx(slow.to_dict())
    assert fast["C"].eq(0).all()  # GONE has no price
    gap = closes.copy()
    gap.loc["2025-11-28", "SMALL"] = np.nan
    with pytest.raises(DataNotFoundError, match="2025-11-28.*SMALL"):
        C.central_contributions(gap, book, "2024-12-31", ends)
