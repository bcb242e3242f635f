"""Turns (direction-aware peaks and troughs) and window grids: hand-made lines with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError, DataValidationError


def _tent(
    n_up: int, n_down: int, up: float = 0.004, down: float = -0.004, noise: float = 0.0005, seed: int = 1
):
    """A line that rises for n_up days, then falls for n_down days (small noise)."""
    rng = np.random.default_rng(seed)
    steps = np.r_[np.full(n_up, up), np.full(n_down, down)] + rng.normal(0, noise, n_up + n_down)
    idx = pd.bdate_range("2025-01-02", periods=n_up + n_down + 1)
    return pd.Series(np.exp(np.r_[0.0, np.cumsum(steps)]) * 100, index=idx, name="line")


def test_peak_is_dated_and_its_falling_drift_is_significant():
    line = _tent(120, 60)
    t = rt.turns.turn(line, "peak", reps=199)
    assert abs((t.date - line.index[120]).days) <= 3
    assert t.inside and t.slope_change < 0 and t.p_one_sided < 0.01
    assert t.band[0] <= t.date <= t.band[1]
    assert t.depth_pct < 0


def test_a_trough_is_not_a_peak():
    line = _tent(120, 60, up=-0.004, down=0.004)  # falls, then rises
    t = rt.turns.turn(line, "trough", reps=199)
    assert t.slope_change > 0 and t.p_one_sided < 0.01
    # asked for a peak, the same line has its maximum at the start: no turn inside the sample
    p = rt.turns.turn(line, "peak", reps=199)
    assert not p.inside and p.p_one_sided == 1.0


def test_turn_at_the_edge_never_supports_a_claim():
    line = _tent(178, 2)  # still rising until two days before the end: no peak inside the sample
    t = rt.turns.turn(line, "peak", reps=99)
    assert not t.inside
    assert (
        rt.rules.turn(
            t.date,
            t.date,
            direction="peak",
            tolerance=21,
            partial_tolerance=42,
            alpha=0.05,
            **{k: v for k, v in t.inputs().items() if k != "date"},
        )
        == "not supported"
    )


def test_turn_rejects_gaps_and_short_lines():
    line = _tent(30, 30)
    with pytest.raises(DataValidationError, match="missing values"):
        rt.turns.turn(line.where(line.index != line.index[5]), "peak")
    with pytest.raises(DataValidationError, match="cannot hold a turn"):
        rt.turns.turn(line.iloc[:15], "peak")
    with pytest.raises(ValueError, match="peak"):
        rt.turns.turn(line, "top")


def test_by_start_gives_one_row_per_start():
    line = _tent(120, 60)
    starts = [line.index[0], line.index[20], line.index[40]]
    out = rt.turns.by_start(line, starts, "peak", reps=99)
    assert list(out.index) == [str(d.date()) for d in starts]
    assert all(abs((pd.Timestamp(d) - line.index[120]).days) <= 3 for d in out["date"])


def _closes():
    idx = pd.bdate_range("2025-10-27", periods=30)
    return pd.DataFrame({"A": np.linspace(100, 129, 30), "B": 100.0}, index=idx)


def test_grid_returns_known_values():
    c = _closes()
    g = rt.windows.grid_returns(c, c.index[:2], c.index[-2:])
    assert len(g) == 4
    s, e = c.index[0], c.index[-1]
    assert g.loc[(s, e), "A"] == pytest.approx((129 / 100 - 1) * 100)
    assert (g["B"] == 0).all()


def test_grid_returns_names_a_missing_close():
    c = _closes()
    c.loc[c.index[1], "A"] = np.nan
    with pytest.raises(DataNotFoundError, match=r"no close for A on 2025-10-28"):
        rt.windows.grid_returns(c, c.index[:2], c.index[-2:])


def _fig(value: str, precision: str) -> rt.articles.Figure:
    return rt.articles.Figure("a", "X", "k", value, "percent", precision)


def test_reproduce_article_reads_each_figure_at_its_precision():
    c = _closes()  # A rises 1 a day from 100: from day 0, end day j returns exactly j %; B is flat
    targets = {"a": ("A", _fig("6", "about")), "b": ("B", _fig("0.0", "rounded"))}
    t = rt.windows.reproduce_article({"only": c}, targets, c.index[:1], c.index[4:10])
    assert t["reproduces"].sum() == 1  # "about 6" is 5.4 ... 6.6: only the 6 % end day
    best = t.index[0]
    assert best == ("only", c.index[0], c.index[6]) and t.iloc[0]["centre_gap"] == pytest.approx(0.0)
    assert t.loc[("only", c.index[0], c.index[9]), "a miss, pp"] == pytest.approx(9 - 6.6)


def test_reproduce_article_more_than_is_an_open_bound():
    c = _closes()
    t = rt.windows.reproduce_article(
        {"only": c}, {"a": ("A", _fig("5.5", "more_than"))}, c.index[:1], c.index[4:10]
    )
    by_end = t.droplevel(["basis", "start"]).sort_index()
    assert list(by_end["reproduces"]) == [False, False, True, True, True, True]  # 4 %, 5 %: not more than 5.5
    assert by_end.iloc[1]["miss_pp"] == pytest.approx(0.5) and by_end.iloc[0]["miss_pp"] == pytest.approx(1.5)
    assert (by_end.iloc[2:]["miss_pp"] == 0).all()  # an overshoot of a lower bound costs nothing
    on_bound = _fig("5", "more_than")
    assert rt.windows.band_miss(np.array([5.0]), on_bound)[0] == 0.0 and not on_bound.contains(5.0)


def test_reproduction_summary_counts_per_basis_and_names_the_nearest_miss():
    c = _closes()
    bases = {"one": c, "two": c.assign(A=c["A"] * 0 + 100)}  # on "two" A is flat: never 6 %
    targets = {"a": ("A", _fig("6.3", "rounded"))}  # 6.25 ... 6.35: no whole-percent window
    t = rt.windows.reproduce_article(bases, targets, c.index[:1], c.index[4:10])
    out = rt.windows.reproduction_summary(t)
    assert list(out.index) == ["one", "two"] and (out["reproducing"] == 0).all()
    assert out.loc["one", "best end"] == str(c.index[6].date())  # 6 % misses by 0.25, 7 % by 0.65
    assert out.loc["one", "best miss, pp"] == pytest.approx(0.25)
    t2 = rt.windows.reproduce_article(bases, {"a": ("A", _fig("6", "about"))}, c.index[:1], c.index[4:10])
    out2 = rt.windows.reproduction_summary(t2)
    assert (
        out2.loc["one", "reproducing"] == 1
        and out2.loc["one", "starts"] == f"{c.index[0].date()} … {c.index[0].date()}"
    )
    assert out2.loc["two", "reproducing"] == 0 and out2.loc["two", "starts"] == "—"


def test_reproduce_article_names_a_missing_column():
    c = _closes()
    with pytest.raises(DataNotFoundError, match="basis 'only' has no column 'Z'"):
        rt.windows.reproduce_article({"only": c}, {"z": ("Z", _fig("1", "about"))}, c.index[:1], c.index[4:6])


def test_monthly_starts():
    idx = pd.bdate_range("2025-01-01", "2025-06-30")
    st = rt.windows.monthly_starts(idx, "2025-01-02", 3)
    assert list(st.strftime("%Y-%m-%d")) == ["2025-01-02", "2025-02-03", "2025-03-03"]
    with pytest.raises(DataNotFoundError):
        rt.windows.monthly_starts(idx, "2025-05-01", 4)
