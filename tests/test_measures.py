"""The measure vocabulary: each measure on a small frame whose answer is known by construction,
and the generic ones against the committed results on the real snapshot."""

import json

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation import measures as ms
from rotation.errors import DataNotFoundError, ParameterError


def frame(**cols: list[float]) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    return pd.DataFrame(cols, index=pd.bdate_range("2025-01-01", periods=n))


@pytest.fixture
def two_months() -> pd.DataFrame:
    """A doubles over January and stays flat in February; B gains 10 % in each month."""
    idx = pd.DatetimeIndex(["2024-12-31", "2025-01-15", "2025-01-31", "2025-02-14", "2025-02-28"])
    return pd.DataFrame(
        {"A": [100, 150, 200, 200, 200], "B": [100, 105, 110, 115, 121]}, index=idx, dtype=float
    )


def test_window_return_reads_the_closes_on_or_before_each_end():
    px = frame(A=[100.0, 110.0, 121.0])
    m = ms.window_return(px, "A", px.index[0], px.index[2])
    assert m.value == pytest.approx(21.0)
    assert m.window == (str(px.index[0].date()), str(px.index[2].date()))
    assert m.unit == "percent" and m.series == ("A",) and m.coverage == 1.0 and not m.bounded
    # a window end on a holiday reads the close before it
    later = ms.window_return(px, "A", px.index[0], px.index[1] + pd.Timedelta(hours=12))
    assert later.value == pytest.approx(10.0)


def test_spread_and_relative_return_differ_as_they_should():
    px = frame(A=[100.0, 150.0], B=[100.0, 120.0])
    s = ms.spread(px, "A", "B", px.index[0], px.index[1])
    r = ms.relative_return(px, "A", "B", px.index[0], px.index[1])
    assert s.value == pytest.approx(30.0) and s.unit == "percentage points"
    assert r.value == pytest.approx((1.5 / 1.2 - 1) * 100)
    assert s.details == {"A_pct": pytest.approx(50.0), "B_pct": pytest.approx(20.0)}


def test_a_missing_ticker_is_named():
    px = frame(A=[1.0, 2.0])
    with pytest.raises(DataNotFoundError, match="NOPE"):
        ms.spread(px, "A", "NOPE", px.index[0], px.index[1])


def test_ytd_return_starts_at_the_previous_years_last_close(two_months):
    m = ms.ytd_return(two_months, "A", "2025-01-31")
    assert m.value == pytest.approx(100.0)
    assert m.window[0] == "2024-12-31"


def test_rank_and_top_k():
    px = frame(A=[1.0, 1.3], B=[1.0, 1.1], C=[1.0, 1.2], D=[1.0, 0.9])
    group = ["A", "B", "C", "D"]
    assert ms.rank_in_group(px, "C", group, px.index[0], px.index[1]).value == 2
    assert ms.rank_in_group(px, "D", group, px.index[0], px.index[1]).value == 4
    m = ms.count_in_top_k(px, ["B", "C", "D"], group, 2, px.index[0], px.index[1])
    assert m.value == 1 and m.details["top"] == ["A", "C"]
    with pytest.raises(ParameterError, match="at least 1"):
        ms.count_in_top_k(px, ["B"], group, 0, px.index[0], px.index[1])
    with pytest.raises(ParameterError, match="not in the group"):
        ms.rank_in_group(px, "Z", group, px.index[0], px.index[1])


def test_best_period_years_and_streak(two_months):
    best = ms.best_period_vs(two_months, "A", "B", "2025-01", "2025-01")
    worst = ms.best_period_vs(two_months, "A", "B", "2025-01", "2025-02", worst=True)
    assert best.value == 1 and worst.value == 1
    assert best.details["period_pct"] == pytest.approx((2.0 / 1.1 - 1) * 100)
    assert ms.streak(two_months, "A", "B", "2025-01-31").value == 1
    assert ms.streak(two_months, "A", "B", "2025-02-28").value == 0
    with pytest.raises(DataNotFoundError, match="complete years"):
        ms.years_beating(two_months, "A", "B", 2024, 2025)


def test_streak_does_not_read_past_its_end():
    idx = pd.DatetimeIndex(["2024-12-31", "2025-01-31", "2025-02-10", "2025-02-28"])
    px = pd.DataFrame({"A": [100, 110, 120, 90], "B": [100, 100, 100, 100]}, index=idx, dtype=float)
    # to 2025-02-10, A is ahead in February too; the close of 2025-02-28 must not count
    assert ms.streak(px, "A", "B", "2025-02-10").value == 2


def test_relative_turn_finds_the_peak_and_flags_an_edge():
    px = frame(A=[1.0, 1.2, 1.5, 1.1, 1.0], B=[1.0, 1.0, 1.0, 1.0, 1.0])
    peak = ms.relative_turn(px, "A", "B", px.index[0], px.index[-1])
    trough = ms.relative_turn(px, "A", "B", px.index[0], px.index[-1], direction="trough")
    assert peak.value == str(px.index[2].date()) and not peak.details["edge"]
    assert trough.value == str(px.index[0].date()) and trough.details["edge"]
    with pytest.raises(ParameterError):
        ms.relative_turn(px, "A", "B", px.index[0], px.index[-1], direction="up")


def test_flow_sum_bounds_missing_days():
    days = pd.bdate_range("2026-01-26", "2026-01-30")
    daily = pd.DataFrame({"X": [1e9, np.nan, 2e9, 1e9, 0.0]}, index=days)
    m = ms.flow_sum(daily, ["X"], days[0], days[-1], bound={"X": 3e9})
    assert m.value == pytest.approx(4.0)
    assert (m.low, m.high) == (pytest.approx(1.0), pytest.approx(7.0))
    assert m.coverage == pytest.approx(0.8) and m.bounded


def test_contribution_share_weights_at_the_start():
    px = frame(A=[100.0, 120.0], B=[100.0, 100.0], C=[100.0, 110.0])
    w = pd.Series({"A": 2.0, "B": 1.0, "C": 1.0})
    m = ms.contribution_share(px, w, ["A"], px.index[0], px.index[1])
    # gain: 0.5 * 20 % + 0.25 * 10 % = 12.5 %; A's part 10 %
    assert m.value == pytest.approx(80.0)
    assert m.details["basket_gain_pct"] == pytest.approx(12.5)


def test_measurement_text_carries_the_unit():
    assert (
        ms.Measurement("spread", 4.5177, "percentage points", ("A", "B"), None, "total").text() == "+4.52 pp"
    )
    assert ms.Measurement("window_return", -1.0, "percent", ("A",), None, "total").text() == "-1.00 %"


def test_every_registry_measure_is_known_or_declared_elsewhere():
    """A registry row names a measure of the vocabulary, or one a notebook computes (declared in
    rotation.verdicts.conclude.NOTEBOOK_MEASURES)."""
    known = set(ms.MEASURES) | set(rt.conclude.NOTEBOOK_MEASURES)
    unknown = {cid: m for cid, m in rt.registry.registry()["measure"].items() if m not in known}
    assert not unknown


def test_spread_on_the_snapshot_matches_the_committed_result():
    """B2's committed spread (RSP − SPY) follows from the snapshot through the vocabulary."""
    res = json.loads((rt.config.repo_root() / "results" / "B2.json").read_text())
    s, e = rt.registry.window("B2")
    px = rt.data.closes(["RSP", "SPY"], "2025-01-01", e, panel="etf")
    m = ms.spread(px, "RSP", "SPY", s, e)
    assert m.value == pytest.approx(res["measured"], abs=1e-3)


# --------------------------------------------------------------------------------------------
# estimates and rank tests (E1's vintages, C3's rank test)
# --------------------------------------------------------------------------------------------
def growth_table() -> pd.DataFrame:
    """Two indexes × three vintages, growth in percent: X's 2025 estimate falls 10 → 8 → 6."""
    idx = pd.MultiIndex.from_product(
        [["X", "Y"], pd.to_datetime(["2025-06-30", "2025-09-30", "2025-12-31"])],
        names=["index", "vintage_date"],
    )
    return pd.DataFrame({2025: [10.0, 8.0, 6.0, 3.0, 4.0, 5.0], 2026: [1.0] * 6}, index=idx)


def test_eps_growth_reads_the_last_vintage_on_or_before_the_date():
    g = growth_table()
    m = ms.eps_growth(g, "X", 2025, "2025-11-15")  # between the 2nd and 3rd vintages
    assert m.value == 8.0 and m.unit == "percent" and m.series == ("X",) and m.basis == "estimates"
    assert m.window == ("2025-09-30", "2025-11-15") and m.details["vintage"] == "2025-09-30"
    assert m.details["by_index"] == {"X": 8.0, "Y": 4.0}
    assert m.details["by_vintage"] == {"2025-06-30": 10.0, "2025-09-30": 8.0}
    assert ms.eps_growth(g, "Y", 2025, "2025-12-31").value == 5.0  # a vintage on the date counts
    assert [str(v.date()) for v in ms.vintages(g, "2025-09-30")] == ["2025-06-30", "2025-09-30"]


def test_eps_growth_stops_naming_what_is_missing():
    g = growth_table()
    with pytest.raises(DataNotFoundError, match="2025-06-30"):
        ms.eps_growth(g, "X", 2025, "2025-01-01")  # before the first vintage
    with pytest.raises(DataNotFoundError, match="'Z'"):
        ms.eps_growth(g, "Z", 2025, "2025-12-31")
    with pytest.raises(DataNotFoundError, match="2027"):
        ms.eps_growth(g, "X", 2027, "2025-12-31")


def test_rank_corr_of_a_reversed_order_is_minus_one_and_exact():
    score = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=list("ABCDE"))
    later = pd.Series([0.5, 0.4, 0.3, 0.2, 0.1], index=list("ABCDE"))
    m = ms.rank_corr(score, later, ("2026-02-02", "2026-03-31"))
    assert m.value == pytest.approx(-1.0) and m.measure == "rank_corr"
    # exact: 5! = 120 pairings, one of them as extreme as the observed
    assert m.details["p_value"] == pytest.approx(1 / 120) and m.details["method"] == "exact"
    assert m.details["n"] == 5 and m.series == tuple("ABCDE") and m.window == ("2026-02-02", "2026-03-31")
    assert rt.conclude.rule_inputs(m) == {"rho": pytest.approx(-1.0), "p_value": pytest.approx(1 / 120)}


def test_rank_corr_grid_gives_one_measurement_per_window():
    score = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("ABCD"))
    idx = pd.MultiIndex.from_tuples(
        [
            (pd.Timestamp("2026-02-02"), pd.Timestamp("2026-02-27")),
            (pd.Timestamp("2026-02-02"), pd.Timestamp("2026-03-31")),
        ],
        names=["start", "end"],
    )
    ys = pd.DataFrame([[1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]], index=idx, columns=list("ABCD"))
    cells = ms.rank_corr_grid(score, ys)
    assert [c.value for c in cells] == [pytest.approx(1.0), pytest.approx(-1.0)]
    assert [c.window for c in cells] == [("2026-02-02", "2026-02-27"), ("2026-02-02", "2026-03-31")]
    assert cells[1].details["p_value"] == pytest.approx(1 / 24)  # exact over 4! pairings
    assert cells[1].details["method"] == "exact, shared"
