# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Contrarian consensus: was shunning Energy and Materials a signal?
#
# [Scorecard](00_scorecard.ipynb) · [Breadth](01_breadth.ipynb) · [Small-cap earnings](02_small_cap_earnings.ipynb) · [Sector flows](03_sector_flows.ipynb) · **Contrarian consensus**
#
# Claims **C1–C3** of the February-2026 article, attributed to Trivariate Research: Wall Street consensus
# favoured Technology and Financials (C1), those two sectors had recently been among the worst performers
# (C2), and the lack of interest in Energy and Materials was a contrarian signal (C3). C3 is tested out of
# sample, on the months after the article. The verdicts, computed below and read back from `results/`:

# %% tags=["parameters"]
AS_OF = "2026-01-26"  # date of the report the article cites; calls dated later are left out
C2_LOOKBACKS = [
    1,
    2,
    3,
    4,
    6,
]  # C2: trailing windows shown and its robustness grid (calendar months to AS_OF)
OOS_START = "2026-02-02"  # C3: first trading day of February 2026, after the article
OOS_END = None  # C3: None means the last day of the ETF panel
C3_STARTS = [
    "2026-01-27",
    "2026-01-30",
    "2026-02-02",
    "2026-02-09",
    "2026-02-17",
]  # C3 robustness: OOS starts
C3_FIRST_END = "2026-02-27"  # C3 robustness: ends are month ends from this day on, and the data's last day
SECTOR_ETFS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
CLAIM_FAVOURED = ["XLK", "XLF"]  # the sectors the claim calls consensus favourites
CLAIM_SHUNNED = ["XLE", "XLB"]  # the sectors the claim calls shunned
BASKET_K = 3  # favoured / shunned baskets: top and bottom k scores (ties kept)

# %%
import pandas as pd
from IPython.display import display

import rotation as rt

rt.plots.set_theme()
C = rt.consensus
CLAIMS = rt.registry.claims_of("04_contrarian_consensus.ipynb")
rt.claims.show_summary(CLAIMS)
# the rules' cuts, read from data/claims.csv (never restated here)
C1_K = int(rt.registry.claim("C1")["top_k"])
C2_K, C2_MONTHS = int(rt.registry.claim("C2")["top_k"]), int(rt.registry.claim("C2")["lookback_months"])
LEAD = {
    rt.rules.SUPPORTED: "It holds",
    rt.rules.PARTLY: "Half of it holds",
    rt.rules.NOT: "It does not hold",
    rt.rules.UNDECIDABLE: "The data cannot decide it",
}  # first words of a headline

# %% [markdown]
# ## The data and the scoring rule
#
# **Calls.** `consensus/strategist_sector_calls.csv` of the snapshot: sector calls for 2026 transcribed
# from public pages, with the firm, a date (often only a month, sometimes none), the GICS sector, the stance,
# the page and whether the page is the firm's own (*primary*) or a report of it (*secondary*). One stance
# carries a qualifier (`overweight (partial: "to a certain extent")`); the BofA survey's firm name contains a
# comma inside quotes, which a CSV reader handles and a naive split on commas does not.
#
# **Rule** (`rotation.consensus`, unit-tested and committed before any return after the article was
# computed). Overweight = +1, neutral = 0, underweight = −1; a qualified stance counts as its base stance.
# Only single-firm recommendations count: the BofA Global Fund Manager Survey measures investors'
# positioning, not advice, and a Bloomberg roundup of "multiple strategists" names no single firm, so both
# are shown but left out of the score. One view per firm and sector: a primary source beats a secondary
# one, then the later call wins; equal-precedence calls that disagree stop the computation. Distinct desks
# of one bank (the Wells Fargo Investment Institute and a Wells Fargo equity-strategy note reported by
# Reuters) count as separate firms, as the transcription's notes treat them. The score of a sector is
#
# $$\text{score} = \frac{\#\text{overweight} - \#\text{underweight}}{\#\text{firms with a view}} \in [-1, 1],$$
#
# ranked 1 = most favoured, ties sharing the best rank. The headline uses primary and secondary sources;
# the primary-only score is the check. The table counts the calls and firms of each kind and source.

# %%
sector_of = C.sector_etfs(SECTOR_ETFS)
calls = C.tidy_calls(rt.data.strategist_calls(), C.sector_etfs().tolist())  # checked against all 11
calls = calls[calls["sector"].isin(sector_of)]  # the sectors studied
views = {
    "all sources": C.firm_views(calls, as_of=AS_OF),
    "primary only": C.firm_views(calls, as_of=AS_OF, include_secondary=False),
}
scores = {k: C.sector_scores(v, sector_of.tolist()) for k, v in views.items()}
calls.groupby(["kind", "source"]).agg(calls=("firm", "size"), firms=("firm", "nunique"))

# %% [markdown]
# <a id="C1"></a>
#
# ## C1 — what consensus favoured
#
# **Claim.** Consensus, as an AI reading of Wall Street forecasts by Trivariate Research, is overweight
# Technology and Financials through 2026. **Data.** The calls above; Trivariate's own set of forecasts is not
# public, so this is an independent, smaller sample of the same consensus. **Method.** The score above;
# rule declared in `data/claims.csv` (C1, with its `top_k`): supported if Technology and Financials both
# rank in the top 3 of 11, partly if one does. **Robustness:** the same rule over every reading of the
# scoring rule: all or primary sources × a qualified stance as its base stance or as neutral × the two
# Wells Fargo desks separate or merged × silence as no view or as neutral (16 readings).
#
# **Result.** The sector-by-firm table shows each firm's view (`OW`, `N`, `UW`; `*` a qualified call, `'`
# a secondary source; empty = no view), sectors in order of the headline score. "Wells Fargo" is the
# equity-strategy note reported by Reuters, a different desk from the Wells Fargo Investment Institute.

# %%
order = scores["all sources"].sort_values("score", ascending=False).index
C.firm_table(views["all sources"], sector_of.tolist()).loc[order]

# %% [markdown]
# The score per sector, with how many firms and calls stand behind it, under both source sets:

# %%
cols = ["overweight", "neutral", "underweight", "n_firms", "n_calls", "score", "rank"]
check = scores["primary only"][["n_firms", "score", "rank"]].add_suffix(" (primary)")
scores["all sources"][cols].join(check).loc[order].round(2)

# %% [markdown]
# Figure 1 ranks the headline score; the two sectors the claim names are highlighted. Look at where
# Information Technology sits relative to Financials.

# %%
head = scores["all sources"]
named = sector_of[CLAIM_FAVOURED].tolist()
fig = rt.plots.bars(
    head["score"],
    "Figure 1. Net-overweight score of strategists' 2026 sector calls",
    "score: (overweights − underweights) / firms with a view",
    "consensus/strategist_sector_calls.csv (public pages), primary and secondary sources",
    highlight=named,
)

# %% tags=["hide-input"]
in_top = {k: C.ranked_within(s["score"], named, C1_K) for k, s in scores.items()}
n_top = {k: sum(v.values()) for k, v in in_top.items()}
left_out = (
    calls[calls["kind"] != "firm"]
    .groupby("kind")
    .apply(lambda g: ", ".join(f"{st} {se}" for st, se in zip(g["stance"], g["sector"])))
)
rt.text.md(
    "Figure 1 shows "
    + " and ".join(f"{s} ranked {head.loc[s, 'rank']}" for s in named)
    + " of {n} (ties share the best rank), from {firms} firms; with primary sources only ({pf} firms), "
    "{np} of the two in the top {k}. Left out of the score: "
    + "; ".join(f"the {k} ({v})" for k, v in left_out.items())
    + ".",
    n=len(head),
    firms=views["all sources"]["firm"].nunique(),
    pf=views["primary only"]["firm"].nunique(),
    np=n_top["primary only"],
    k=C1_K,
)

# %% [markdown]
# No firm made two calls on one sector, so the duplicate rule has nothing to resolve as the firms are
# transcribed. Merging the two Wells Fargo desks into one house does create a duplicate (both on
# Financials); the rule keeps the primary call, and the ranks of the two named sectors become:

# %%
houses = {f: "Wells Fargo" for f in calls["firm"].unique() if f.startswith("Wells Fargo")}
merged = C.sector_scores(C.firm_views(calls, as_of=AS_OF, houses=houses), sector_of.tolist())
merged.loc[named, ["n_firms", "n_calls", "score", "rank"]].round(2)

# %% [markdown]
# **Robustness and verdict.** The rule over the 16 readings (score by sector, the two named sectors' checks and
# the verdict):

# %%
variants = C.score_variants(calls, sector_of.tolist(), as_of=AS_OF, houses=houses)
c1_cells = [{"results": C.ranked_within(r, named, C1_K)} for _, r in variants.iterrows()]
c1_grid = variants.rank(axis=1, ascending=False, method="min")[named].astype(int).add_prefix("rank: ")
c1_grid["verdict"] = rt.rules.grid("C1", c1_cells)
c1_grid

# %%
ranks = {s: int(head.loc[s, "rank"]) for s in named}
d1 = rt.rules.decide("C1", results={f"{s} in the top {C1_K}": v for s, v in in_top["all sources"].items()})
c1_rob = rt.robustness.summary(
    c1_grid["verdict"],
    "16 readings of the scoring rule: all or primary sources × qualified "
    "stance as base or neutral × Wells Fargo desks separate or merged × silence as no view "
    "or neutral",
    at=d1.verdict,
)
rt.claims.record(
    d1,
    ", ".join(f"{s} {r}" for s, r in ranks.items()) + f" (of {len(head)})",
    f"{n_top['all sources']} of {' and '.join(named)} in the top {C1_K} of the net-overweight score "
    f"({views['all sources']['firm'].nunique()} firms, primary and secondary sources; primary only: "
    f"{n_top['primary only']} of {len(named)}): {d1.reason}",
    window=[views["all sources"]["date"].min(), AS_OF],
    data_end=views["all sources"]["date"].max(),
    details={
        "ranks": ranks,
        "scores": head["score"].to_dict(),
        "n_firms": head["n_firms"].to_dict(),
        "in_top_primary_only": n_top["primary only"],
    },
    headline=(
        f"{LEAD[d1.verdict]}: in the strategists' 2026 sector calls collected here, "
        + " and ".join(f"{s} ranks {r} of {len(head)}" for s, r in ranks.items())
        + f" by net overweights; the claim needs both in the top {C1_K}."
    ),
    measured_text=", ".join(f"{s} rank {r}" for s, r in ranks.items()) + f" of {len(head)}",
    robustness=c1_rob,
)

# %% tags=["hide-input"]
rt.text.md("Robustness: {r}.", r=rt.robustness.text(c1_rob))

# %% [markdown]
# **Caveats.** A handful of firms, several known only through reposts, podcasts or aggregators; two pages are
# undated (Schwab's ratings and a UBS downgrade). Firms that name only favourites leave their other
# sectors without a view, so a sector favoured by a few and ignored by the rest can outscore one that
# everybody discussed: the `score_all` column of `rotation.consensus.sector_scores` (silence read as
# neutral) is the alternative reading, one of the robustness grid's. Trivariate's consensus came from a machine reading of many more
# forecasts; this sample can test it only loosely.

# %% [markdown]
# <a id="C2"></a>
#
# ## C2 — had Technology and Financials been among the worst performers?
#
# **Claim.** Technology and Financials had recently been among the worst-performing sectors (Trivariate
# Research). **Data.** Adjusted daily closes of the 11 Select Sector SPDRs (ETF panel); their changes are
# total returns. **Method.** Return over the `C2_LOOKBACKS` calendar months to the report date, each window
# opening at the close of the last trading day on or before its start; rank 1 = best. Rule declared in
# `data/claims.csv` (C2, with its `top_k` and `lookback_months`): supported if XLK and XLF both rank among
# the worst 4 of 11 over 3 months, partly if one does. **Robustness:** the same rule over every lookback.

# %%
closes = rt.data.closes(SECTOR_ETFS, None, OOS_END)  # whole history of the panel to OOS_END
closes.index[[0, -1]].strftime("%Y-%m-%d").tolist()

# %% [markdown]
# **Result.** Returns in percent and ranks (1 = best of 11), windows opening on the days listed below the
# table:

# %%
months = sorted(set(C2_LOOKBACKS) | {C2_MONTHS})
trail = C.trailing_returns(closes, AS_OF, months)
shown = trail.assign(**{f"{m}m": trail[f"{m}m"] * 100 for m in months}).join(sector_of)
shown.sort_values(f"rank_{C2_MONTHS}m").round(2)

# %% tags=["hide-input"]
starts = C.window_starts(closes, AS_OF, months)
rt.text.md(
    "Windows (total return, %): " + "; ".join(f"{k}: {rt.text.day(d)} → {AS_OF}" for k, d in starts.items())
)

# %% [markdown]
# Figure 2 shows the returns over the window the rule decides on (the registry's `lookback_months`); the two ETFs the claim names are
# highlighted. Look at whether they sit at the bottom.

# %%
fig = rt.plots.bars(
    trail[f"{C2_MONTHS}m"] * 100,
    f"Figure 2. Sector SPDR total return over {C2_MONTHS} months to {AS_OF}",
    "total return, %",
    "adjusted daily closes of the Select Sector SPDRs (snapshot ETF panel)",
    highlight=CLAIM_FAVOURED,
)

# %% tags=["hide-input"]
in_worst = {m: C.ranked_within(trail[f"{m}m"], CLAIM_FAVOURED, C2_K, best=False) for m in months}
n_worst = {m: sum(v.values()) for m, v in in_worst.items()}
rt.text.md(
    "In Figure 2, "
    + ", ".join(f"{t} ranks {trail.loc[t, f'rank_{C2_MONTHS}m']}" for t in CLAIM_FAVOURED)
    + f" of {len(trail)}. Of the two, the number among the worst {C2_K} by window: "
    + ", ".join(f"{m}m: {n}" for m, n in n_worst.items())
    + "."
)

# %% [markdown]
# **Robustness and verdict.** The rule over every lookback:

# %%
c2_grid = (
    trail[[f"rank_{m}m" for m in C2_LOOKBACKS]]
    .loc[CLAIM_FAVOURED]
    .T.add_prefix("rank: ")
    .set_axis(pd.Index([f"{m} months" for m in C2_LOOKBACKS], name="lookback"))
)
c2_grid["verdict"] = rt.rules.grid("C2", [{"results": in_worst[m]} for m in C2_LOOKBACKS])
c2_grid

# %%
d2 = rt.rules.decide("C2", results={f"{t} in the worst {C2_K}": v for t, v in in_worst[C2_MONTHS].items()})
c2_rob = rt.robustness.summary(
    c2_grid["verdict"],
    f"lookbacks of {', '.join(map(str, C2_LOOKBACKS))} calendar months to {AS_OF}",
    at=d2.verdict,
)
c2_ranks = {t: int(trail.loc[t, f"rank_{C2_MONTHS}m"]) for t in CLAIM_FAVOURED}
latest_ranks = C.trailing_returns(
    closes, closes.index[-1], months=(C2_MONTHS,)
)  # for the scorecard's follow-up
rt.claims.record(
    d2,
    ", ".join(f"{t} {r}" for t, r in c2_ranks.items()) + f" (of {len(trail)})",
    f"{n_worst[C2_MONTHS]} of {' and '.join(CLAIM_FAVOURED)} among the worst {C2_K} of {len(trail)} sector "
    f"SPDRs by {C2_MONTHS}-month total return to {AS_OF}: {d2.reason} (by window: "
    + ", ".join(f"{m}m: {n}" for m, n in n_worst.items())
    + ")",
    window=[starts[f"{C2_MONTHS}m"], AS_OF],
    data_end=closes.index[-1],
    details={
        "returns_pct": {f"{m}m": (trail[f"{m}m"] * 100).to_dict() for m in months},
        "ranks": {f"{m}m": trail[f"rank_{m}m"].to_dict() for m in months},
        "in_worst": n_worst,
        "followup": [
            {
                "measure": f"{t} rank over the trailing {C2_MONTHS} months (of {len(trail)}, 1 = best)",
                "at the article": c2_ranks[t],
                "latest": int(latest_ranks.loc[t, f"rank_{C2_MONTHS}m"]),
                "latest date": rt.text.day(closes.index[-1]),
            }
            for t in CLAIM_FAVOURED
        ],
    },
    headline=(
        f"{LEAD[d2.verdict]}: over the {C2_MONTHS} months to {AS_OF} "
        + " and ".join(f"{t} ranked {r} of {len(trail)}" for t, r in c2_ranks.items())
        + f" sector funds by total return (the claim needs both among the worst {C2_K})."
    ),
    measured_text=", ".join(f"{t} rank {r}" for t, r in c2_ranks.items()) + f" of {len(trail)} (1 = best)",
    robustness=c2_rob,
)

# %% tags=["hide-input"]
rt.text.md("Robustness: {r}.", r=rt.robustness.text(c2_rob))

# %% [markdown]
# **Caveats.** "Recently" is vague; the robustness table shows how the ranks move with the lookback. Total
# returns include dividends, which differ by sector, while commentary often quotes price returns; the SPDRs are cap-weighted and concentrated (a few stocks
# drive XLK), so they are a proxy for "the sector".

# %% [markdown]
# <a id="C3"></a>
#
# ## C3 — was the lack of interest in Energy and Materials a contrarian signal?
#
# **Claim.** Almost nobody recommends overweighting Energy or Materials, and clients rarely ask about them:
# a contrarian signal (Trivariate Research). As a testable hypothesis: sectors that consensus avoids do
# better afterwards, so the consensus score and the later return are negatively related.
#
# **Data.** The headline score of C1, fixed on `AS_OF`, and the sector SPDRs' total return from the close of
# `OOS_START` to the end of the data; everything after the article is out of sample. Client interest is not
# observed here.
#
# **Method.** Spearman rank correlation ρ between score and later return across the sectors (ties get
# average ranks). With a dozen points no large-sample approximation is safe, so the p-value comes from a
# permutation test: the returns are re-paired with the scores (all n! pairings when that is feasible,
# otherwise random pairings drawn with a fixed seed; the result line says which), and p is the share of
# pairings with ρ at or below the observed one (one-sided: H1 is ρ < 0). The test assumes only that, with no
# relation, every pairing is equally likely. Rule declared in
# `data/claims.csv` (C3, with its `alpha`): supported if ρ < 0 with p < 0.10, partly if ρ < 0, not supported
# if ρ ≥ 0. **Robustness:** the same rule over out-of-sample starts `C3_STARTS` × ends at every month's last
# trading day from `C3_FIRST_END` and the data's last day. The grid's p-values share one set of random
# pairings (as many as the headline test's, computed at once for all cells), so a cell's p can differ from the
# headline test's in the third decimal (Monte Carlo error).
#
# First, the claim's premise in these data: how many firms recommended Energy and Materials?

# %%
shunned = sector_of[CLAIM_SHUNNED].tolist()
head.loc[shunned, ["overweight", "neutral", "underweight", "n_firms", "score", "rank"]]

# %% tags=["hide-input"]
rt.text.md(
    "Premise: "
    + "; ".join(
        f"{s}: {head.loc[s, 'overweight']} of {head.loc[s, 'n_firms']} firms with a "
        f"view overweight, rank {head.loc[s, 'rank']} of {len(head)}"
        for s in shunned
    )
    + "."
)

# %% tags=["hide-input"]
score = head["score"].reindex(sector_of.to_numpy()).set_axis(sector_of.index)  # by ticker
later = rt.returns.total_return(closes, OOS_START, closes.index[-1])
test = C.spearman_test(score, later, alternative="less")
test_p = C.spearman_test(
    scores["primary only"]["score"].reindex(sector_of.to_numpy()).set_axis(sector_of.index), later
)
rt.text.md(
    "Spearman ρ = {rho:+.2f}, one-sided permutation p = {p:.2f} ({m}); with primary sources only, "
    "ρ = {rho2:+.2f}, p = {p2:.2f}. Window {s} → {e}.",
    rho=test["rho"],
    p=test["p_value"],
    m=test["method"],
    rho2=test_p["rho"],
    p2=test_p["p_value"],
    s=OOS_START,
    e=rt.text.day(closes.index[-1]),
)

# %% [markdown]
# Figure 3 puts each sector's consensus score against its return after the article. A contrarian signal
# would show as a cloud falling from left to right.

# %%
fig = rt.plots.score_vs_return(
    score,
    later,
    f"Figure 3. Consensus score on {AS_OF} and total return {OOS_START} → {rt.text.day(closes.index[-1])}",
    "strategist_sector_calls.csv; Select Sector SPDR adjusted closes",
)

# %% tags=["hide-input"]
fav, shun = score.idxmax(), score.idxmin()
rt.text.md(
    "In Figure 3 the consensus favourite, {f} (score {sf:+.2f}), returned {rf} and the least favoured, {s} "
    "(score {ss:+.2f}), returned {rs}; with ρ = {rho:+.2f} the cloud {how}.",
    f=fav,
    sf=score[fav],
    rf=rt.text.pct(later[fav]),
    s=shun,
    ss=score[shun],
    rs=rt.text.pct(later[shun]),
    rho=test["rho"],
    how="rises from left to right: favoured sectors did better, the opposite of a contrarian signal"
    if test["rho"] > 0
    else "falls from left to right, as a contrarian signal would",
)

# %% [markdown]
# **Robustness and verdict.** ρ and its one-sided p-value (in brackets) by start (rows) and end (columns), then
# the verdict of each cell:

# %%
c3_cells = C.spearman_grid(score, C.return_grid(closes[list(score.index)], C3_STARTS, first_end=C3_FIRST_END))
c3_cells["verdict"] = rt.rules.grid(
    "C3", [{"rho": r.rho, "p_value": r.p_value} for r in c3_cells.itertuples()]
)
cell_text = [f"{r.rho:+.2f} ({r.p_value:.2f})" for r in c3_cells.itertuples()]
rt.text.table(
    c3_cells.assign(cell=cell_text)["cell"]
    .unstack("end")
    .rename(index=rt.text.day, columns=rt.text.day)
    .rename_axis("start \\ end")
)

# %%
c3_cells["verdict"].value_counts().rename_axis("verdict").to_frame("cells")

# %%
d3 = rt.rules.decide("C3", rho=test["rho"], p_value=test["p_value"])
ends = c3_cells.index.get_level_values("end")
c3_rob = rt.robustness.summary(
    c3_cells["verdict"],
    f"out-of-sample starts {', '.join(C3_STARTS)} × {ends.nunique()} ends "
    f"{rt.text.day(ends.min())} … {rt.text.day(ends.max())} (month ends and the data's last day); "
    f"one shared set of {C.N_RESAMPLES:,} random pairings",
    at=d3.verdict,
)
rt.claims.record(
    d3,
    test["rho"],
    f"Spearman rho {test['rho']:+.2f} (one-sided permutation p {test['p_value']:.2f}, {test['method']}, n = {test['n']}) "
    f"between the consensus score on {AS_OF} and sector SPDR total return {OOS_START} to "
    f"{rt.text.day(closes.index[-1])}: {d3.reason}",
    window=[OOS_START, closes.index[-1]],
    data_end=closes.index[-1],
    details={
        "p_value": test["p_value"],
        "method": test["method"],
        "rho_primary_only": test_p["rho"],
        "p_primary_only": test_p["p_value"],
        "later_return_pct": (later * 100).to_dict(),
        "score": score.to_dict(),
    },
    headline=(
        f"{LEAD[d3.verdict]}: after the article, the sectors strategists favoured did "
        + ("worse" if test["rho"] < 0 else "better" if test["rho"] > 0 else "no differently")
        + f" than those they shunned, by rank (correlation {test['rho']:+.2f}, "
        + (
            "a pattern chance would rarely give)."
            if test["p_value"] < float(rt.registry.claim("C3")["alpha"])
            else "a pattern chance easily gives)."
        )
    ),
    measured_text=f"Spearman rho {test['rho']:+.2f} (p = {test['p_value']:.2f})",
    robustness=c3_rob,
)

# %% tags=["hide-input"]
rt.text.md("Robustness: {r}.", r=rt.robustness.text(c3_rob))

# %% [markdown]
# **Caveats.** One episode and eleven sectors cannot establish a rule, whatever the sign: the sector returns
# share one market and a few common shocks, so they are far from independent observations, and a
# permutation p-value measures only how unusual this one pairing is. The test also depends on the premise
# line above: where the sample's strategists did recommend Energy and Materials, the score does not encode
# the claim's "nobody wants them", and the claim may rest on Trivariate's larger set of forecasts or on
# client conversations, neither of which is observed here. The pairs in Figure 4 test the claim's own
# reading directly.

# %% [markdown]
# ## What happened next
#
# Figure 4 follows equal-weight, buy-and-hold baskets from `OOS_START`: the consensus favourites and the
# shunned sectors by the headline score (top and bottom `BASKET_K`, ties kept), and the claim's own pairs
# (its "consensus" Technology and Financials against its "contrarian" Energy and Materials). If the claim
# were right, the shunned and contrarian lines would end on top.

# %%
fav, shun = C.extremes(score, BASKET_K)
baskets = {
    f"favoured: {'+'.join(fav)}": fav,
    f"shunned: {'+'.join(shun)}": shun,
    f"claim's consensus: {'+'.join(CLAIM_FAVOURED)}": CLAIM_FAVOURED,
    f"claim's contrarian: {'+'.join(CLAIM_SHUNNED)}": CLAIM_SHUNNED,
}
paths = C.basket_paths(closes, baskets, OOS_START) * 100
fig = rt.plots.lines(
    paths,
    f"Figure 4. Equal-weight sector baskets from {OOS_START}",
    "cumulative total return, %",
    "Select Sector SPDR adjusted closes (snapshot ETF panel); baskets by the consensus score on " + AS_OF,
    hline=0.0,
)

# %% tags=["hide-input"]
last, lead = paths.iloc[-1], paths.iloc[:, 3] - paths.iloc[:, 2]  # claim's contrarian minus consensus pair
rt.text.md(
    "Figure 4 ends on {d} with "
    + "; ".join(f"{k} {rt.text.pct(v / 100)}" for k, v in last.items())
    + ". The claim's contrarian pair was ahead of its consensus pair on {share} of the trading days, the "
    "last of them {lastday}.",
    d=rt.text.day(paths.index[-1]),
    share=rt.text.pct((lead > 0).mean(), 0, sign=False),
    lastday=rt.text.day(lead.index[lead > 0][-1]) if (lead > 0).any() else "none",
)

# %% [markdown]
# How the result moves with the window after the article: the C3 robustness grid above (starts × month ends).

# %% [markdown]
# ## What would establish a rule
#
# A contrarian rule is a statement about many episodes: sectors that strategists or investors avoid beat
# those they favour, on average, over the following months. Testing it needs many years of dated consensus
# sector calls recorded when they were made, for example the monthly sector positioning of the BofA Global
# Fund Manager Survey, the published sector ratings of strategy teams (S&P 500 sector weightings from
# several houses, each dated), or analysts' recommendation histories aggregated by sector; then the same
# score at each date, the returns that followed, and a test that respects the overlap of windows and the
# correlation across sectors (for example a panel regression with time-clustered errors, or a long–short
# favoured-minus-shunned return series with HAC errors). One month of calls, eleven sectors and a few
# months of returns can only say whether this episode looked like the claim.

# %% [markdown]
# ## Sources

# %% tags=["hide-input"]
src = calls.drop_duplicates(["firm", "url"])[["firm", "date_text", "source", "url"]].set_index("firm")
prices_src = rt.data.read_csv("MANIFEST.csv").set_index("file").loc["prices/etf_daily.parquet", "source"]
display(rt.text.table(src))
rt.text.md(
    "Prices: snapshot `prices/etf_daily.parquet`, gathered from `{s}` (adjusted daily closes).", s=prices_src
)

# %% [markdown]
# The summary at the top of this notebook is replaced by the verdicts just recorded:

# %%
rt.claims.update_summary(CLAIMS)
