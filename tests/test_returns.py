from __future__ import annotations

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataNotFoundError


@pytest.fixture
def toy() -> pd.DataFrame:
    idx = pd.to_datetime(["2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07"])
    return pd.DataFrame({"A": [100.0, 110.0, 121.0, 110.0], "B": [50.0, 50.0, 55.0, 60.0]}, index=idx)


def test_total_return_uses_last_close_on_or_before_each_end(toy):
    r = rt.returns.total_return(toy, "2026-01-03", "2026-01-06")  # 01-03 is a Saturday -> 01-02
    assert r["A"] == pytest.approx(0.21) and r["B"] == pytest.approx(0.10)


def test_grid_spread_matches_pairwise_returns(toy):
    cells = rt.windows.grid_returns(
        toy, pd.to_datetime(["2026-01-02", "2026-01-05"]), pd.to_datetime(["2026-01-06", "2026-01-07"])
    )
    g = (cells["A"] - cells["B"]).unstack("end")
    assert g.shape == (2, 2)
    assert g.iloc[0, 0] == pytest.approx((0.21 - 0.10) * 100)
    assert g.iloc[1, 1] == pytest.approx((0.0 - 0.20) * 100)


def test_relative_strength_rebases_to_one(toy):
    rs = rt.returns.relative_strength(toy, "B")
    assert list(rs.columns) == ["A"] and rs["A"].iloc[0] == 1.0
    assert rs["A"].iloc[2] == pytest.approx((121 / 55) / (100 / 50))


def test_window_past_the_data_is_an_error(toy):
    with pytest.raises(DataNotFoundError, match="data end on 2026-01-07"):
        rt.returns.total_return(toy, "2026-01-02", "2026-03-01")


def test_window_before_the_data_is_an_error(toy):
    with pytest.raises(DataNotFoundError, match="data start"):
        rt.returns.total_return(toy, "2025-01-02", "2026-01-05")


def test_missing_close_on_window_day_names_ticker(toy):
    toy.loc["2026-01-06", "B"] = float("nan")
    with pytest.raises(DataNotFoundError, match=r"\['B'\]"):
        rt.returns.total_return(toy, "2026-01-02", "2026-01-06")


def test_end_before_start_rejected(toy):
    with pytest.raises(ValueError):
        rt.returns.total_return(toy, "2026-01-06", "2026-01-02")


def test_snapshot_spy_return_matches_hand_computation(snapshot):
    c = rt.data.closes(["SPY"], "2025-10-01", "2026-02-15")
    r = rt.returns.total_return(c, "2025-11-03", "2026-01-30")["SPY"]
    assert r == pytest.approx(c.loc["2026-01-30", "SPY"] / c.loc["2025-11-03", "SPY"] - 1)
    assert 0.0 < r < 0.05  # SPY was up low single digits over the article's window


def test_returns_to_month_ends_take_each_months_last_day():
    idx = pd.to_datetime(["2026-01-30", "2026-02-02", "2026-02-27", "2026-03-02", "2026-03-05"])
    c = pd.DataFrame({"A": [100.0, 101.0, 110.0, 120.0, 90.0]}, index=idx)
    r = rt.returns.returns_to_month_ends(c, "2026-01-30")
    assert r.index.strftime("%Y-%m-%d").tolist() == ["2026-02-27", "2026-03-05"]
    assert r["A"].tolist() == pytest.approx([0.10, -0.10])
