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


def test_match_article_finds_the_exact_window():
    c = _closes()
    # A returns exactly +6 % from day 0 (100) to day 6 (106); B flat.
    target_end = c.index[6]
    m = rt.windows.match_article({"only": c}, {"a": ("A", 6.0), "b": ("B", 0.0)}, c.index[:3], c.index[4:10])
    best = m.index[0]
    assert best[1] == c.index[0] and best[2] == target_end and m.iloc[0]["rms_pp"] == pytest.approx(0.0)


def test_match_article_at_least_counts_only_shortfalls():
    c = _closes()
    m = rt.windows.match_article({"only": c}, {"a": ("A", 5.0)}, c.index[:1], c.index[-1:], at_least=["a"])
    assert m.iloc[0]["rms_pp"] == 0.0  # 29 % is "more than 5 %": no error


def test_monthly_starts():
    idx = pd.bdate_range("2025-01-01", "2025-06-30")
    st = rt.windows.monthly_starts(idx, "2025-01-02", 3)
    assert list(st.strftime("%Y-%m-%d")) == ["2025-01-02", "2025-02-03", "2025-03-03"]
    with pytest.raises(DataNotFoundError):
        rt.windows.monthly_starts(idx, "2025-05-01", 4)


def test_match_summary_counts_the_close_windows_on_each_basis():
    idx = pd.MultiIndex.from_tuples(
        [
            ("ETF total return", pd.Timestamp("2025-11-03"), pd.Timestamp("2026-01-30")),
            ("index price return", pd.Timestamp("2025-10-31"), pd.Timestamp("2026-01-29")),
            ("ETF total return", pd.Timestamp("2025-11-05"), pd.Timestamp("2026-01-30")),
        ],
        names=["basis", "start", "end"],
    )
    match = pd.DataFrame({"rms_pp": [0.1, 0.4, 0.9]}, index=idx)
    out = rt.windows.match_summary(match, 0.5)
    assert (out["basis"], out["s"], out["e"], out["err"]) == (
        "ETF total return",
        "2025-11-03",
        "2026-01-30",
        0.1,
    )
    assert (out["n"], out["N"], out["nt"], out["np_"]) == (2, 3, 1, 1)
    assert (out["s0"], out["s1"]) == ("2025-10-31", "2025-11-03")
