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
    assert set(c["call"]) <= {*rt.monitor.CALLS, rt.monitor.UNDECIDABLE}
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
    monkeypatch.setenv("ROTATION_ROOT", str(tmp_path))
    with pytest.raises(DataValidationError, match="eq_cap_1m"):
        rt.monitor.rules()


# ---------------------------------------------------------------- legs and the thesis (known answers)
def _calls(rows):
    """A calls frame from (id, leg, call, as_of, votes) rows, with the rules' horizons."""
    df = pd.DataFrame(rows, columns=["id", "leg", "call", "as_of", "votes"]).set_index("id")
    return df


def test_combine_needs_agreement():
    assert rt.monitor.combine(["on", "on"]) == "on"
    assert rt.monitor.combine(["reversed", "on"]) == "paused"
    assert rt.monitor.combine(["reversed"]) == "reversed"
    assert rt.monitor.combine([]) == "no reading"


def test_a_leg_ignores_short_horizons_stale_and_non_voting_readings():
    c = _calls(
        [
            ("eq_cap_1m", "equal_weight", "reversed", "2026-07-01", True),  # short: shown only
            ("eq_cap_3m", "equal_weight", "on", "2026-07-01", True),
            ("eq_cap_6m", "equal_weight", "on", "2026-07-01", True),
            ("breadth50_own", "breadth", "reversed", "2026-08-14", False),  # survivorship: no vote
            ("breadth50_official", "breadth", "on", "2026-07-01", True),
            ("breadth200_official", "breadth", "on", "2026-07-01", True),
            ("flows_cyc_tech", "flows", "on", "2026-03-31", True),  # stale
        ]
    )
    vote = rt.monitor.voting(c)
    assert vote["eq_cap_1m"].startswith("shown") and vote["breadth50_own"].startswith("does not vote")
    assert vote["flows_cyc_tech"] == "stale" and vote["eq_cap_3m"] == "votes"
    lg = rt.monitor.legs(c)
    assert lg.loc["equal_weight", "call"] == "on"  # the 1-month reversal does not decide
    assert lg.loc["breadth", "call"] == "on"  # the own count does not vote
    assert lg.loc["flows", "call"] == "no reading"


def _legs(core, support):
    rows = [(f"c{i}", "core", v) for i, v in enumerate(core)] + [
        (f"s{i}", "support", v) for i, v in enumerate(support)
    ]
    return (
        pd.DataFrame(rows, columns=["leg", "role", "call"]).set_index("leg").assign(label=lambda d: d.index)
    )


def test_the_thesis_is_read_from_legs_not_counted():
    assert rt.monitor.thesis(_legs(["on", "on"], ["on", "paused"]))[0] == "on"
    assert rt.monitor.thesis(_legs(["on", "paused"], ["on", "on", "on"]))[0] == "mixed"
    assert rt.monitor.thesis(_legs(["reversed", "paused"], ["paused", "reversed"]))[0] == "reversed"
    # many support legs on cannot outvote a core leg that reversed
    assert rt.monitor.thesis(_legs(["reversed", "reversed"], ["on"] * 5))[0] == "mixed"


def test_a_flow_reading_calls_only_when_its_bounds_agree():
    r = rt.monitor.rules().loc["flows_cyc_tech"]
    v, lo, hi, missing = rt.monitor.flow_bounds(r["a"], r["b"], int(r["days"]))
    assert lo <= v <= hi and (missing == 0) == (lo == hi)
    c = rt.monitor.calls()
    agree = rt.monitor.call(lo, r) == rt.monitor.call(hi, r)
    assert (c.loc["flows_cyc_tech", "call"] == rt.monitor.UNDECIDABLE) == (not agree)
