"""The rotation monitor: declared rules, calls, percentiles and the values behind them."""

from __future__ import annotations

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError


def test_rules_declare_every_indicator_the_issue_names():
    r = rt.monitor.rules()
    for stem in ("eq_cap", "small_large", "tech_mkt"):
        assert {f"{stem}_{m}m" for m in (1, 3, 6)} <= set(r.index)
    assert {
        "cyc_def_3m",
        "breadth50_own",
        "breadth200_own",
        "breadth50_official",
        "breadth200_official",
        "flows_cyc_tech",
    } <= set(r.index)
    assert (r["on_at"] > r["reversed_at"]).all() and set(r["thesis_sign"]) <= {1, -1}


def test_call_follows_the_declared_rule_and_the_thesis_direction():
    r = rt.monitor.rules()
    assert rt.monitor.call(0.6, r.loc["eq_cap_1m"]) == "on"
    assert rt.monitor.call(0.4, r.loc["eq_cap_1m"]) == "paused"
    assert rt.monitor.call(-0.5, r.loc["eq_cap_1m"]) == "reversed"
    assert rt.monitor.call(-2.0, r.loc["tech_mkt_3m"]) == "on"  # tech lagging is the rotation
    assert rt.monitor.call(2.0, r.loc["tech_mkt_3m"]) == "reversed"
    assert rt.monitor.call(61, r.loc["breadth50_official"]) == "on"
    assert rt.monitor.call(45, r.loc["breadth50_official"]) == "paused"
    with pytest.raises(DataValidationError, match="eq_cap_1m"):
        rt.monitor.call(float("nan"), r.loc["eq_cap_1m"])


def test_percentile_counts_values_at_or_below():
    s = pd.Series([1.0, 2.0, 3.0, 4.0])
    assert rt.monitor.percentile(s, 3.0) == 75.0
    assert rt.monitor.percentile(s, 0.0) == 0.0


def test_round_trip_finds_high_then_later_low_then_last():
    s = pd.Series([0.0, 9.1, 4.0, 1.0, 5.2], index=pd.date_range("2026-01-01", periods=5))
    t = rt.monitor.round_trip(s)
    assert t["value"].tolist() == [9.1, 1.0, 5.2]


def test_spread_indicator_equals_direct_trailing_returns(snapshot):
    hist = rt.monitor.history()
    px = rt.data.closes(["RSP", "SPY"])
    d = hist["eq_cap_3m"].index[-1]
    i = px.index.get_loc(d)
    direct = (px.iloc[i] / px.iloc[i - 63] - 1) * 100
    assert hist["eq_cap_3m"].iloc[-1] == pytest.approx(direct["RSP"] - direct["SPY"])
    c = rt.monitor.calls(hist)
    assert set(c["call"]) <= set(rt.monitor.CALLS)
    assert c["percentile"].between(0, 100).all()
    assert c.loc["breadth50_official", "as_of"] == str(rt.data.breadth_official().index[-1].date())


def test_a_rule_file_with_inverted_thresholds_is_refused(tmp_path, monkeypatch):
    import shutil

    for f in ("claims.csv", "universes.csv"):
        (tmp_path / "data").mkdir(exist_ok=True)
        shutil.copy(rt.config.project_data_dir() / f, tmp_path / "data" / f)
    rules = pd.read_csv(rt.config.project_data_dir() / "monitor_rules.csv")
    rules.loc[0, "on_at"] = -5
    rules.to_csv(tmp_path / "data" / "monitor_rules.csv", index=False)
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataValidationError, match="eq_cap_1m"):
        rt.monitor.rules()
