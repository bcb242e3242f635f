from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError

C = rt.consensus
SECTORS = ["Energy", "Financials", "Information Technology", "Materials"]


def _raw(rows: list[tuple]) -> pd.DataFrame:
    """Hand-made calls: (firm, sector, stance, source_type, date)."""
    df = pd.DataFrame(rows, columns=["firm", "sector", "stance", "source_type", "date"])
    df["url"] = "https://example.org"
    return df


@pytest.fixture
def toy_calls() -> pd.DataFrame:
    return C.tidy_calls(
        _raw(
            [
                ("A", "Financials", "overweight", "primary", "2026-01-10"),
                ("A", "Energy", "underweight", "primary", "2026-01-10"),
                ("B", "Financials", "neutral", "secondary (podcast)", "2025-12"),
                ("B", "Energy", 'overweight (partial: "to a certain extent")', "secondary", "2025-12"),
                ("C", "Financials", "overweight", "primary (advisor repost)", "undated page"),
                ("Fund Manager Survey", "Energy", "underweight", "secondary", "2026-01-20"),
                ("Multiple strategists (roundup)", "Materials", "overweight", "secondary", "2025-12-14"),
            ]
        ),
        SECTORS,
    )


# --- parsing ---------------------------------------------------------------------------------
def test_partial_stance_counts_as_its_base_stance_and_is_flagged():
    p = C.parse_stances(pd.Series(['overweight (partial: "to a certain extent")', "Neutral", "underweight"]))
    assert p["stance"].tolist() == ["overweight", "neutral", "underweight"]
    assert p["value"].tolist() == [1, 0, -1]
    assert p["partial"].tolist() == [True, False, False]


def test_unknown_stance_text_is_an_error_naming_the_row():
    with pytest.raises(DataValidationError, match=r"row\(s\) \[1\].*bullish"):
        C.parse_stances(pd.Series(["overweight", "bullish"]))


def test_call_dates_are_the_earliest_day_of_the_stated_period():
    d = C.parse_call_dates(
        pd.Series(
            [
                "2026-01-26",
                "2025-11 (outlook)",
                "2025-11/12 (undated page)",
                "2026 (early; undated page)",
                "undated page (2025-26?)",
            ]
        )
    )
    assert d.iloc[:4].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-26",
        "2025-11-01",
        "2025-11-01",
        "2026-01-01",
    ]
    assert pd.isna(d.iloc[4])


def test_tidy_calls_classifies_source_and_kind(toy_calls):
    assert toy_calls["source"].tolist() == [
        "primary",
        "primary",
        "secondary",
        "secondary",
        "primary",
        "secondary",
        "secondary",
    ]
    assert toy_calls["kind"].tolist() == ["firm"] * 5 + ["survey", "roundup"]


def test_unknown_sector_is_an_error():
    with pytest.raises(DataValidationError, match="Tech"):
        C.tidy_calls(_raw([("A", "Tech", "overweight", "primary", "2026-01-01")]), SECTORS)


# --- one view per firm and sector; the score --------------------------------------------------
def test_score_is_net_overweights_over_firms_with_a_view(toy_calls):
    s = C.sector_scores(C.firm_views(toy_calls), SECTORS)
    # Financials: A OW, B N, C OW -> (2 - 0) / 3; Energy: A UW, B OW (partial) -> 0 / 2
    assert s.loc["Financials", "score"] == pytest.approx(2 / 3)
    assert s.loc["Energy", "score"] == pytest.approx(0.0)
    assert s.loc["Financials", "n_firms"] == 3 and s.loc["Energy", "n_firms"] == 2
    assert s.loc["Financials", "score_all"] == pytest.approx(2 / 3)  # 3 firms in all
    assert s.loc["Energy", "score_all"] == pytest.approx(0.0)


def test_survey_and_roundup_rows_do_not_count_as_firms(toy_calls):
    views = C.firm_views(toy_calls)
    assert set(views["firm"]) == {"A", "B", "C"}
    s = C.sector_scores(views, SECTORS)
    assert s.loc["Materials", "n_firms"] == 0  # only the roundup had a view


def test_sector_without_a_view_has_no_score_not_zero(toy_calls):
    s = C.sector_scores(C.firm_views(toy_calls), SECTORS)
    assert math.isnan(s.loc["Information Technology", "score"])
    assert pd.isna(s.loc["Information Technology", "rank"])


def test_without_secondary_sources_only_primary_calls_count(toy_calls):
    s = C.sector_scores(C.firm_views(toy_calls, include_secondary=False), SECTORS)
    assert s.loc["Financials", "n_firms"] == 2 and s.loc["Financials", "score"] == pytest.approx(1.0)
    assert s.loc["Energy", "score"] == pytest.approx(-1.0)


def test_calls_after_as_of_are_dropped_but_undated_kept(toy_calls):
    views = C.firm_views(toy_calls, as_of="2026-01-01")
    assert set(views["firm"]) == {"B", "C"}


def test_ties_share_the_best_rank():
    views = pd.DataFrame(
        {
            "firm": ["A", "A", "A"],
            "sector": ["Energy", "Financials", "Materials"],
            "stance": ["overweight", "overweight", "underweight"],
            "n_calls": [1, 1, 1],
        }
    )
    s = C.sector_scores(views, SECTORS)
    assert s.loc[["Energy", "Financials", "Materials"], "rank"].tolist() == [1, 1, 3]


def test_duplicate_calls_of_one_firm_primary_beats_secondary_then_latest_wins():
    calls = C.tidy_calls(
        _raw(
            [
                ("A", "Energy", "underweight", "secondary", "2026-01-20"),
                ("A", "Energy", "overweight", "primary", "2025-11"),
                ("A", "Financials", "neutral", "primary", "2025-11"),
                ("A", "Financials", "overweight", "primary", "2026-01-05"),
                ("A", "Materials", "overweight", "primary", "undated"),
                ("A", "Materials", "underweight", "primary", "2025-12-01"),
            ]
        ),
        SECTORS,
    )
    v = C.firm_views(calls).set_index("sector")
    assert v.loc["Energy", "stance"] == "overweight"  # primary beats a later secondary
    assert v.loc["Financials", "stance"] == "overweight"  # later primary beats earlier primary
    assert v.loc["Materials", "stance"] == "underweight"  # a dated call beats an undated one
    assert v["n_calls"].tolist() == [2, 2, 2]


def test_conflicting_calls_of_equal_precedence_are_an_error():
    calls = C.tidy_calls(
        _raw(
            [
                ("A", "Energy", "underweight", "primary", "2026-01-20"),
                ("A", "Energy", "overweight", "primary", "2026-01-20"),
            ]
        ),
        SECTORS,
    )
    with pytest.raises(DataValidationError, match="conflicting"):
        C.firm_views(calls)


def test_houses_merge_desks_into_one_firm_before_resolving(toy_calls):
    v = C.firm_views(toy_calls, houses={"C": "A"})
    fin = v[(v["firm"] == "A") & (v["sector"] == "Financials")]
    assert len(fin) == 1 and fin["n_calls"].item() == 2 and fin["source"].item() == "primary"


def test_firm_table_marks_partial_and_secondary(toy_calls):
    t = C.firm_table(C.firm_views(toy_calls), SECTORS)
    assert t.loc["Energy", "B"] == "OW*'" and t.loc["Energy", "A"] == "UW"
    assert t.loc["Information Technology", "A"] == ""


def test_firm_table_short_labels_drop_parentheses_unless_they_collide():
    views = pd.DataFrame(
        {
            "firm": ["X (desk 1)", "Y (desk)"],
            "sector": ["Energy", "Energy"],
            "stance": ["overweight", "neutral"],
            "partial": [False, False],
            "source": ["primary", "primary"],
        }
    )
    assert C.firm_table(views, SECTORS).columns.tolist() == ["X", "Y"]
    clash = views.assign(firm=["X (desk 1)", "X (desk 2)"])
    assert C.firm_table(clash, SECTORS).columns.tolist() == ["X (desk 1)", "X (desk 2)"]


# --- rank correlation -------------------------------------------------------------------------
def test_perfect_negative_rank_correlation_exact_p_is_one_over_n_factorial():
    x = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    y = pd.Series([0.4, 0.3, 0.2, 0.1], index=list("abcd"))
    r = C.spearman_test(x, y, alternative="less")
    assert r["rho"] == pytest.approx(-1.0)
    assert r["p_value"] == pytest.approx(1 / 24)
    assert r["method"] == "exact"
    assert C.spearman_test(x, y, alternative="greater")["p_value"] == pytest.approx(1.0)


def test_rank_correlation_matches_scipy_and_aligns_on_index():
    rng = np.random.default_rng(0)
    x = pd.Series(rng.normal(size=11), index=[f"s{i}" for i in range(11)])
    y = pd.Series(rng.normal(size=11), index=x.index)
    r = C.spearman_test(x, y.iloc[::-1], alternative="two-sided")  # reversed order, same pairs
    assert r["rho"] == pytest.approx(float(__import__("scipy").stats.spearmanr(x, y).statistic))
    assert r["method"].startswith("Monte Carlo") and 0.0 < r["p_value"] <= 1.0


def test_monte_carlo_p_value_is_deterministic():
    x = pd.Series(np.arange(11.0))
    y = pd.Series([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    assert C.spearman_test(x, y)["p_value"] == C.spearman_test(x, y)["p_value"]


def test_missing_value_in_correlation_is_an_error():
    x = pd.Series([1.0, 2.0, 3.0], index=list("abc"))
    y = pd.Series([1.0, 2.0], index=list("ab"))
    with pytest.raises(DataValidationError, match=r"\['c'\]"):
        C.spearman_test(x, y)


# --- returns and baskets ----------------------------------------------------------------------
@pytest.fixture
def toy_closes() -> pd.DataFrame:
    idx = pd.to_datetime(["2025-12-31", "2026-01-30", "2026-02-02", "2026-02-27", "2026-03-31"])
    return pd.DataFrame(
        {"A": [100.0, 100, 100, 110, 120], "B": [100.0, 100, 100, 90, 80], "C": [100.0, 100, 100, 100, 100]},
        index=idx,
    )


def test_basket_is_equal_weight_buy_and_hold(toy_closes):
    p = C.basket_paths(toy_closes, {"AB": ["A", "B"], "A": ["A"]}, "2026-02-02")
    assert p.index[0] == pd.Timestamp("2026-02-02")
    assert p["AB"].tolist() == pytest.approx([0.0, 0.0, 0.0])
    assert p["A"].iloc[-1] == pytest.approx(0.20)


def test_return_grid_and_spearman_grid_per_start_and_month_end(toy_closes):
    score = pd.Series({"A": -1.0, "B": 1.0, "C": 0.0})
    g = C.return_grid(toy_closes, ["2026-01-30", "2026-02-02"], first_end="2026-02-27")
    assert [(s.strftime("%m-%d"), e.strftime("%m-%d")) for s, e in g.index] == [
        ("01-30", "02-27"),
        ("01-30", "03-31"),
        ("02-02", "02-27"),
        ("02-02", "03-31"),
    ]
    assert g.loc[(pd.Timestamp("2026-02-02"), pd.Timestamp("2026-03-31")), "A"] == pytest.approx(0.20)
    out = C.spearman_grid(score, g)
    assert out["rho"].tolist() == pytest.approx([-1.0] * 4)
    assert out["p_value"].tolist() == pytest.approx([1 / 6] * 4)  # 3! pairings, exact
    assert C.spearman_grid(score, g, alternative="greater")["p_value"].tolist() == pytest.approx([1.0] * 4)
    with pytest.raises(DataValidationError, match="empty"):
        C.return_grid(toy_closes, ["2026-02-02"], first_end="2026-05-01")


def test_spearman_grid_agrees_with_the_single_test():
    rng = np.random.default_rng(1)
    x = pd.Series(rng.normal(size=11), index=[f"s{i}" for i in range(11)])
    ys = pd.DataFrame(rng.normal(size=(4, 11)), columns=x.index)
    g = C.spearman_grid(x, ys, n_resamples=20_000)
    for i in range(4):
        one = C.spearman_test(x, ys.iloc[i], n_resamples=20_000)
        assert g["rho"].iloc[i] == pytest.approx(one["rho"])
        assert abs(g["p_value"].iloc[i] - one["p_value"]) < 0.015  # Monte Carlo error of two draws
    small = C.spearman_grid(x.iloc[:5], ys.iloc[:, :5], alternative="two-sided")
    assert small["p_value"].iloc[0] == pytest.approx(
        C.spearman_test(x.iloc[:5], ys.iloc[0, :5], alternative="two-sided")["p_value"]
    )


def test_trailing_returns_rank_one_is_best(toy_closes):
    r = C.trailing_returns(toy_closes, "2026-03-31", months=(1,))
    assert r["1m"].tolist() == pytest.approx([120 / 110 - 1, 80 / 90 - 1, 0.0])
    assert r["rank_1m"].tolist() == [1, 3, 2]


def test_extremes_keep_ties_at_the_cut():
    s = pd.Series({"a": 1.0, "b": 0.75, "c": 0.75, "d": 0.0, "e": -1.0})
    fav, shun = C.extremes(s, 2)
    assert fav == ["a", "b", "c"] and shun == ["d", "e"]
    with pytest.raises(ValueError, match="overlap"):
        C.extremes(s, 4)


# --- the real snapshot ------------------------------------------------------------------------
def test_snapshot_calls_parse_and_every_sector_has_a_view(snapshot):
    u = rt.data.read_project_csv("universes.csv")
    sectors = u.loc[u["group"] == "sector_etf", "gics_sector"].tolist()
    calls = C.tidy_calls(rt.data.strategist_calls(), sectors)
    assert len(calls) == 46
    assert calls["partial"].sum() == 1  # JPMorgan on Energy, "to a certain extent"
    bofa = calls[calls["firm"].str.startswith("BofA")]
    assert len(bofa) == 2 and set(bofa["kind"]) == {"survey"}  # the quoted firm name with a comma
    s = C.sector_scores(C.firm_views(calls, as_of="2026-01-26"), sectors)
    assert (s["n_firms"] > 0).all() and s["score"].between(-1, 1).all()


def test_count_ranked_counts_best_and_worst():
    v = pd.Series({"a": 0.3, "b": 0.2, "c": 0.1, "d": -0.1})
    assert C.count_ranked(v, ["a", "c"], 2) == 1
    assert C.count_ranked(v, ["c", "d"], 2, best=False) == 2
    with pytest.raises(KeyError):
        C.count_ranked(v, ["z"], 2)


def test_ranked_within_names_each_sector():
    v = pd.Series({"a": 0.3, "b": 0.2, "c": 0.2, "d": -0.1})
    assert C.ranked_within(v, ["a", "c"], 2) == {"a": True, "c": True}  # b and c tie at rank 2
    assert C.ranked_within(v, ["a", "d"], 1, best=False) == {"a": False, "d": True}


def test_partial_as_neutral_changes_only_qualified_stances(toy_calls):
    c = C.partial_as_neutral(toy_calls)
    assert (
        c.loc[toy_calls["partial"], "stance"].eq("neutral").all()
        and c.loc[toy_calls["partial"], "value"].eq(0).all()
    )
    pd.testing.assert_frame_equal(c[~toy_calls["partial"]], toy_calls[~toy_calls["partial"]])


def test_score_variants_cover_every_reading(toy_calls):
    v = C.score_variants(toy_calls, SECTORS, houses={"C": "A"})
    assert len(v) == 16 and list(v.columns) == SECTORS
    assert v.loc[("all", "base stance", "separate", "no view"), "Financials"] == pytest.approx(2 / 3)
    # B's partial overweight on Energy read as neutral: A UW, B N -> -1 / 2
    assert v.loc[("all", "neutral", "separate", "no view"), "Energy"] == pytest.approx(-0.5)
    # primary only: Financials A OW, C OW -> 1; merging C into A leaves one view -> 1
    assert v.loc[("primary", "base stance", "merged", "no view"), "Financials"] == pytest.approx(1.0)
    # silence as neutral: Energy net 0 over 3 firms
    assert v.loc[("all", "base stance", "separate", "neutral"), "Energy"] == pytest.approx(0.0)


def test_sector_etfs_map_tickers_to_gics_sectors():
    m = C.sector_etfs(["XLK", "XLF"])
    assert m.to_dict() == {"XLK": "Information Technology", "XLF": "Financials"}
    assert len(C.sector_etfs()) == 11
    with pytest.raises(KeyError, match="SPY"):
        C.sector_etfs(["SPY"])


def test_left_out_lists_the_calls_that_are_not_one_firms_advice():
    calls = pd.DataFrame(
        {
            "kind": ["firm", "survey", "survey", "roundup"],
            "stance": ["overweight", "underweight", "neutral", "overweight"],
            "sector": ["Energy", "Materials", "Energy", "Financials"],
        }
    )
    out = rt.consensus.left_out(calls)
    assert out.to_dict() == {
        "roundup": "overweight Financials",
        "survey": "underweight Materials, neutral Energy",
    }
