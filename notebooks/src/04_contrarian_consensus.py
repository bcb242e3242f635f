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
# sample, on the months after the article. Each claim's sectors, dates and cuts are read from its registry
# row. The verdicts, computed below and read back from `results/`:

# %% tags=["parameters"]
AS_OF = None  # C1, C2: None is the registry's window end (the cited report's date); a date moves it
C2_LOOKBACKS = [1, 2, 3, 4, 6]  # C2: trailing windows shown and its robustness grid, calendar months
OOS_START = None  # C3: None is the registry's window start (after the article); a date moves it
OOS_END = None  # C3: None means the last day of the ETF panel
C3_OTHER_STARTS = ["2026-01-27", "2026-01-30", "2026-02-09", "2026-02-17"]  # C3 grid: more starts
C3_FIRST_END = "2026-02-27"  # C3 robustness: ends are month ends from this day on, and the data's last day
SECTOR_ETFS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
BASKET_K = 3  # favoured / shunned baskets: top and bottom k scores (ties kept)

# %%
import pandas as pd
from IPython.display import display

import rotation as rt

rt.plots.set_theme()
C, CC = rt.consensus, rt.consensus_claims
CLAIMS = rt.registry.claims_of("04_contrarian_consensus.ipynb")
rt.claims.show_summary(CLAIMS)
report_date = rt.registry.window("C2", end=AS_OF)[1]  # C1's and C2's window end: the cited report

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
    "all sources": C.firm_views(calls, as_of=report_date),
    "primary only": C.firm_views(calls, as_of=report_date, include_secondary=False),
}
scores = {k: C.sector_scores(v, sector_of.tolist()) for k, v in views.items()}
calls.groupby(["kind", "source"]).agg(calls=("firm", "size"), firms=("firm", "nunique"))

# %% [markdown]
# <a id="C1"></a>
#
# ## C1 — what consensus favoured

# %% tags=["hide-input"]
rt.conclude.card("C1")

# %% [markdown]
# Consensus here is an AI reading of Wall Street forecasts by Trivariate Research. **Data.** The calls
# above; Trivariate's own set of forecasts is not public, so this is an independent, smaller sample of the
# same consensus. **Method.** The score above, with the registry's rule. **Robustness:** the same rule over
# every reading of the scoring rule: all or primary sources × a qualified stance as its base stance or as
# neutral × the two Wells Fargo desks separate or merged × silence as no view or as neutral.
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
named = rt.articles.figure("C1", "overweight").names  # the sectors the claim calls favourites
fig = rt.plots.bars(
    head["score"],
    "Figure 1. Net-overweight score of strategists' 2026 sector calls",
    "score: (overweights − underweights) / firms with a view",
    "consensus/strategist_sector_calls.csv (public pages), primary and secondary sources",
    highlight=named,
)

# %% tags=["hide-input"]
k1 = CC.top_k("C1")
n_primary = C.count_ranked(scores["primary only"]["score"], named, k1)
left_out = "; ".join(f"the {k} ({v})" for k, v in C.left_out(calls).items())
firms = {k: v["firm"].nunique() for k, v in views.items()}
rt.text.md(
    "Figure 1 shows "
    + " and ".join(f"{s} ranked {head.loc[s, 'rank']}" for s in named)
    + " of {n} (ties share the best rank), from {firms} firms; with primary sources only ({pf} firms), "
    "{np} of the {nn} in the top {k}. Left out of the score: {out}.",
    **{"n": len(head), "firms": firms["all sources"], "pf": firms["primary only"]},
    **{"np": n_primary, "nn": len(named), "k": k1, "out": left_out},
)

# %% [markdown]
# No firm made two calls on one sector, so the duplicate rule has nothing to resolve as the firms are
# transcribed. Merging the two Wells Fargo desks into one house does create a duplicate (both on
# Financials); the rule keeps the primary call, and the ranks of the two named sectors become:

# %%
houses = {f: "Wells Fargo" for f in calls["firm"].unique() if f.startswith("Wells Fargo")}
merged = C.sector_scores(C.firm_views(calls, as_of=report_date, houses=houses), sector_of.tolist())
merged.loc[named, ["n_firms", "n_calls", "score", "rank"]].round(2)

# %% [markdown]
# **Robustness and verdict.** The rule over the 16 readings (score by sector, the two named sectors' checks and
# the verdict):

# %%
variants = C.score_variants(calls, sector_of.tolist(), as_of=report_date, houses=houses)
c1_grid = CC.variant_grid("C1", variants, named)
c1_grid

# %%
v1 = CC.conclude_favourites("C1", scores, views, c1_grid, named, report_date=report_date)
v1

# %% tags=["hide-input"]
rt.text.md("Robustness: {r}.", r=rt.robustness.text(v1.robustness))

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

# %% tags=["hide-input"]
rt.conclude.card("C2")

# %% [markdown]
# **Data.** Adjusted daily closes of the 11 Select Sector SPDRs (ETF panel); their changes are total
# returns. **Method.** Return over the `C2_LOOKBACKS` calendar months to the report date, each window
# opening at the close of the last trading day on or before its start; rank 1 = best; the rule decides on
# the registry's `lookback_months`. **Robustness:** the same rule over every lookback.

# %%
closes = rt.data.closes(SECTOR_ETFS, None, OOS_END)  # whole history of the panel to OOS_END
closes.index[[0, -1]].strftime("%Y-%m-%d").tolist()

# %% [markdown]
# **Result.** Returns in percent and ranks (1 = best of 11), windows opening on the days listed below the
# table:

# %%
laggards = rt.articles.figure("C2", "laggards").names  # the funds the claim calls worst performers
k2, m2 = CC.top_k("C2"), CC.lookback_months("C2")
months = sorted(set(C2_LOOKBACKS) | {m2})
trail = C.trailing_returns(closes, report_date, months)
shown = trail.assign(**{f"{m}m": trail[f"{m}m"] * 100 for m in months}).join(sector_of)
shown.sort_values(f"rank_{m2}m").round(2)

# %% tags=["hide-input"]
starts = C.window_starts(closes, report_date, months)
rt.text.md(
    "Windows (total return, %): "
    + "; ".join(f"{k}: {rt.text.day(d)} → {report_date}" for k, d in starts.items())
)

# %% [markdown]
# Figure 2 shows the returns over the window the rule decides on (the registry's `lookback_months`); the two ETFs the claim names are
# highlighted. Look at whether they sit at the bottom.

# %%
fig = rt.plots.bars(
    trail[f"{m2}m"] * 100,
    f"Figure 2. Sector SPDR total return over {m2} months to {report_date}",
    "total return, %",
    "adjusted daily closes of the Select Sector SPDRs (snapshot ETF panel)",
    highlight=laggards,
)

# %% tags=["hide-input"]
n_worst = {m: sum(v.values()) for m, v in CC.worst_by_window("C2", trail, laggards, months).items()}
rt.text.md(
    "In Figure 2, "
    + ", ".join(f"{t} ranks {trail.loc[t, f'rank_{m2}m']}" for t in laggards)
    + f" of {len(trail)}. Of {' and '.join(laggards)}, the number among the worst {k2} by window: "
    + ", ".join(f"{m}m: {n}" for m, n in n_worst.items())
    + "."
)

# %% [markdown]
# **Robustness and verdict.** The rule over every lookback:

# %%
c2_grid = CC.lookback_grid("C2", trail, laggards, C2_LOOKBACKS)
c2_grid

# %%
v2 = CC.conclude_laggards(
    "C2", trail, closes, c2_grid, laggards, report_date=report_date, window_start=starts[f"{m2}m"]
)
v2

# %% tags=["hide-input"]
rt.text.md("Robustness: {r}.", r=rt.robustness.text(v2.robustness))

# %% [markdown]
# **Caveats.** "Recently" is vague; the robustness table shows how the ranks move with the lookback. Total
# returns include dividends, which differ by sector, while commentary often quotes price returns; the SPDRs are cap-weighted and concentrated (a few stocks
# drive XLK), so they are a proxy for "the sector".

# %% [markdown]
# <a id="C3"></a>
#
# ## C3 — was the lack of interest in Energy and Materials a contrarian signal?

# %% tags=["hide-input"]
rt.conclude.card("C3")

# %% [markdown]
# The article adds that clients rarely ask about these sectors. As a testable hypothesis: sectors that
# consensus avoids do better afterwards, so the consensus score and the later return are negatively related.
#
# **Data.** The headline score of C1, fixed on the report date, and the sector SPDRs' total return from the
# close of the registry's window start to the end of the data; everything after the article is out of
# sample. Client interest is not observed here.
#
# **Method.** Spearman rank correlation ρ between score and later return across the sectors (ties get
# average ranks). With a dozen points no large-sample approximation is safe, so the p-value comes from a
# permutation test: the returns are re-paired with the scores (all n! pairings when that is feasible,
# otherwise random pairings drawn with a fixed seed; the result line says which), and p is the share of
# pairings with ρ at or below the observed one (one-sided: H1 is ρ < 0). The test assumes only that, with no
# relation, every pairing is equally likely; the rule and its `alpha` are the registry's (above).
# **Robustness:** the same rule over out-of-sample starts (the window's and `C3_OTHER_STARTS`) × ends at every month's last
# trading day from `C3_FIRST_END` and the data's last day. The grid's p-values share one set of random
# pairings (as many as the headline test's, computed at once for all cells), so a cell's p can differ from the
# headline test's in the third decimal (Monte Carlo error).
#
# First, the claim's premise in these data: how many firms recommended Energy and Materials?

# %%
shunned = rt.articles.figure("C3", "contrarian").names  # the sectors the claim calls shunned
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
oos = rt.registry.window("C3", start=OOS_START, end=rt.text.day(closes.index[-1]))  # out of sample
score, score_p = (scores[k]["score"].reindex(sector_of.to_numpy()).set_axis(sector_of.index) for k in scores)
later = rt.returns.total_return(closes, *oos)
m3, m3_p = rt.measures.rank_corr(score, later, oos), rt.measures.rank_corr(score_p, later, oos)
rt.text.md(
    "Spearman ρ = {rho:+.2f}, one-sided permutation p = {p:.2f} ({m}); with primary sources only, "
    "ρ = {rho2:+.2f}, p = {p2:.2f}. Window {s} → {e}.",
    **{"rho": m3.value, "p": m3.details["p_value"], "m": m3.details["method"], "rho2": m3_p.value},
    **{"p2": m3_p.details["p_value"], "s": m3.window[0], "e": m3.window[1]},
)

# %% [markdown]
# Figure 3 puts each sector's consensus score against its return after the article. A contrarian signal
# would show as a cloud falling from left to right.

# %%
fig = rt.plots.score_vs_return(
    score,
    later,
    f"Figure 3. Consensus score on {report_date} and total return {oos[0]} → {oos[1]}",
    "strategist_sector_calls.csv; Select Sector SPDR adjusted closes",
)

# %% tags=["hide-input"]
fav, shun = score.idxmax(), score.idxmin()
rises = "rises from left to right: favoured sectors did better, the opposite of a contrarian signal"
rt.text.md(
    "In Figure 3 the consensus favourite, {f} (score {sf:+.2f}), returned {rf} and the least favoured, {s} "
    "(score {ss:+.2f}), returned {rs}; with ρ = {rho:+.2f} the cloud {how}.",
    **{"f": fav, "sf": score[fav], "rf": rt.text.pct(later[fav]), "s": shun, "ss": score[shun]},
    **{"rs": rt.text.pct(later[shun]), "rho": m3.value},
    how=rises if m3.value > 0 else "falls from left to right, as a contrarian signal would",
)

# %% [markdown]
# **Robustness and verdict.** ρ and its one-sided p-value (in brackets) by start (rows) and end (columns), then
# the verdict of each cell:

# %%
c3_starts = sorted([oos[0], *C3_OTHER_STARTS])  # the registry's window start and the others
c3_later = C.return_grid(closes[list(score.index)], c3_starts, first_end=C3_FIRST_END)
c3_cells = rt.measures.rank_corr_grid(score, c3_later)
rt.text.table(CC.grid_text(c3_cells))

# %%
CC.grid_verdicts("C3", c3_cells).value_counts().rename_axis("verdict").to_frame("cells")

# %%
v3 = CC.conclude_contrarian("C3", m3, m3_p, later, score, c3_cells, report_date=report_date, starts=c3_starts)
v3.result

# %% tags=["hide-input"]
rt.text.md("Robustness: {r}.", r=rt.robustness.text(v3.robustness))

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
# Figure 4 follows equal-weight, buy-and-hold baskets from the start of C3's window: the consensus favourites and the
# shunned sectors by the headline score (top and bottom `BASKET_K`, ties kept), and the claim's own pairs
# (its "consensus" Technology and Financials against its "contrarian" Energy and Materials). If the claim
# were right, the shunned and contrarian lines would end on top.

# %%
fav, shun = C.extremes(score, BASKET_K)
ticker_of = pd.Series(sector_of.index, index=sector_of.to_numpy())  # sector -> ticker
pairs = {"favoured": fav, "shunned": shun, "claim's consensus": laggards}
pairs["claim's contrarian"] = ticker_of[shunned].tolist()
paths = C.basket_paths(closes, {f"{k}: {'+'.join(v)}": v for k, v in pairs.items()}, oos[0]) * 100
fig = rt.plots.lines(
    paths,
    f"Figure 4. Equal-weight sector baskets from {oos[0]}",
    "cumulative total return, %",
    "Select Sector SPDR adjusted closes (snapshot ETF panel); baskets by the consensus score on "
    + report_date,
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
