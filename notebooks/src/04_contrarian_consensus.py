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
AS_OF = "2026-01-26"        # date of the report the article cites; calls dated later are left out
TRAIL_MONTHS = [1, 3, 6]    # C2: trailing windows (calendar months) ending on AS_OF
C2_MONTHS = 3               # C2: the window the registry rule decides on
OOS_START = "2026-02-02"    # C3: first trading day of February 2026, after the article
OOS_END = None              # C3: None = last day of the ETF panel
SECTOR_ETFS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
CLAIM_FAVOURED = ["XLK", "XLF"]   # the sectors the claim calls consensus favourites
CLAIM_SHUNNED = ["XLE", "XLB"]    # the sectors the claim calls shunned
BASKET_K = 3                      # favoured / shunned baskets: top and bottom k scores (ties kept)

# %%
import rotation as rt
from IPython.display import Markdown, display

rt.plots.set_theme()
C = rt.consensus
CLAIMS = ["C1", "C2", "C3"]
display(Markdown(rt.claims.summary(CLAIMS)))

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
calls = calls[calls["sector"].isin(sector_of)]                                # the sectors studied
views = {"all sources": C.firm_views(calls, as_of=AS_OF),
         "primary only": C.firm_views(calls, as_of=AS_OF, include_secondary=False)}
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
# rule declared in `data/claims.csv`: supported if Technology and Financials both rank in the top 3 of 11,
# partly if one does.
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
fig = rt.plots.bars(head["score"], "Figure 1. Net-overweight score of strategists' 2026 sector calls",
                    "score: (overweights − underweights) / firms with a view",
                    "consensus/strategist_sector_calls.csv (public pages), primary and secondary sources",
                    highlight=named)

# %% tags=["hide-input"]
n_top = {k: C.count_ranked(s["score"], named, C.C1_TOP_K) for k, s in scores.items()}
left_out = calls[calls["kind"] != "firm"].groupby("kind").apply(
    lambda g: ", ".join(f"{st} {se}" for st, se in zip(g["stance"], g["sector"])))
rt.text.md("Figure 1 shows " + " and ".join(f"{s} ranked {head.loc[s, 'rank']}" for s in named)
           + " of {n} (ties share the best rank), from {firms} firms; with primary sources only ({pf} firms), "
           "{np} of the two in the top {k}. Left out of the score: " + "; ".join(f"the {k} ({v})" for k, v in
           left_out.items()) + ".", n=len(head), firms=views["all sources"]["firm"].nunique(),
           pf=views["primary only"]["firm"].nunique(), np=n_top["primary only"], k=C.C1_TOP_K)

# %% [markdown]
# No firm made two calls on one sector, so the duplicate rule has nothing to resolve as the firms are
# transcribed. Merging the two Wells Fargo desks into one house does create a duplicate (both on
# Financials); the rule keeps the primary call, and the ranks of the two named sectors become:

# %%
houses = {f: "Wells Fargo" for f in calls["firm"].unique() if f.startswith("Wells Fargo")}
merged = C.sector_scores(C.firm_views(calls, as_of=AS_OF, houses=houses), sector_of.tolist())
merged.loc[named, ["n_firms", "n_calls", "score", "rank"]].round(2)

# %% [markdown]
# **Verdict.**

# %%
ranks = {s: int(head.loc[s, "rank"]) for s in named}
rt.claims.record(
    "C1", rt.claims.decide_count(n_top["all sources"], len(named), partly_at=1),
    ", ".join(f"{s} {r}" for s, r in ranks.items()) + f" (of {len(head)})",
    f"{n_top['all sources']} of {' and '.join(named)} in the top {C.C1_TOP_K} of the net-overweight score "
    f"({views['all sources']['firm'].nunique()} firms, primary and secondary sources; primary only: "
    f"{n_top['primary only']} of {len(named)})", window=[views["all sources"]["date"].min(), AS_OF],
    details={"ranks": ranks, "scores": head["score"].to_dict(), "n_firms": head["n_firms"].to_dict(),
             "in_top_primary_only": n_top["primary only"]})

# %% [markdown]
# **Caveats.** A handful of firms, several known only through reposts, podcasts or aggregators; two pages are
# undated (Schwab's ratings and a UBS downgrade). Firms that name only favourites leave their other
# sectors without a view, so a sector favoured by a few and ignored by the rest can outscore one that
# everybody discussed: the `score_all` column of `rotation.consensus.sector_scores` (silence read as
# neutral) is the alternative reading. Trivariate's consensus came from a machine reading of many more
# forecasts; this sample can test it only loosely.

# %% [markdown]
# <a id="C2"></a>
#
# ## C2 — had Technology and Financials been among the worst performers?
#
# **Claim.** Technology and Financials had recently been among the worst-performing sectors (Trivariate
# Research). **Data.** Adjusted daily closes of the 11 Select Sector SPDRs (ETF panel); their changes are
# total returns. **Method.** Return over the 1, 3 and 6 calendar months to the report date, each window
# opening at the close of the last trading day on or before its start; rank 1 = best. Rule declared in
# `data/claims.csv`: supported if XLK and XLF both rank among the worst 4 of 11 over 3 months, partly if
# one does.

# %%
closes = rt.data.closes(SECTOR_ETFS, None, OOS_END)  # whole history of the panel to OOS_END
closes.index[[0, -1]].strftime("%Y-%m-%d").tolist()

# %% [markdown]
# **Result.** Returns in percent and ranks (1 = best of 11), windows opening on the days listed below the
# table:

# %%
trail = C.trailing_returns(closes, AS_OF, TRAIL_MONTHS)
shown = trail.assign(**{f"{m}m": trail[f"{m}m"] * 100 for m in TRAIL_MONTHS}).join(sector_of)
shown.sort_values(f"rank_{C2_MONTHS}m").round(2)

# %% tags=["hide-input"]
starts = C.window_starts(closes, AS_OF, TRAIL_MONTHS)
rt.text.md("Windows (total return, %): " + "; ".join(f"{k}: {rt.text.day(d)} → {AS_OF}" for k, d in starts.items()))

# %% [markdown]
# Figure 2 shows the 3-month returns, the window the rule decides on; the two ETFs the claim names are
# highlighted. Look at whether they sit at the bottom.

# %%
fig = rt.plots.bars(trail[f"{C2_MONTHS}m"] * 100,
                    f"Figure 2. Sector SPDR total return over {C2_MONTHS} months to {AS_OF}", "total return, %",
                    "adjusted daily closes of the Select Sector SPDRs (snapshot ETF panel)", highlight=CLAIM_FAVOURED)

# %% tags=["hide-input"]
n_worst = {m: C.count_ranked(trail[f"{m}m"], CLAIM_FAVOURED, C.C2_WORST_K, best=False) for m in TRAIL_MONTHS}
rt.text.md("In Figure 2, " + ", ".join(f"{t} ranks {trail.loc[t, f'rank_{C2_MONTHS}m']}" for t in CLAIM_FAVOURED)
           + f" of {len(trail)}. Of the two, the number among the worst {C.C2_WORST_K} by window: "
           + ", ".join(f"{m}m: {n}" for m, n in n_worst.items()) + ".")

# %% [markdown]
# **Verdict.**

# %%
rt.claims.record(
    "C2", rt.claims.decide_count(n_worst[C2_MONTHS], len(CLAIM_FAVOURED), partly_at=1),
    ", ".join(f"{t} {trail.loc[t, f'rank_{C2_MONTHS}m']}" for t in CLAIM_FAVOURED) + f" (of {len(trail)})",
    f"{n_worst[C2_MONTHS]} of {' and '.join(CLAIM_FAVOURED)} among the worst {C.C2_WORST_K} of {len(trail)} sector "
    f"SPDRs by {C2_MONTHS}-month total return to {AS_OF} (by window: "
    + ", ".join(f"{m}m: {n}" for m, n in n_worst.items()) + ")",
    window=[starts[f"{C2_MONTHS}m"], AS_OF], data_end=closes.index[-1],
    details={"returns_pct": {f"{m}m": (trail[f"{m}m"] * 100).to_dict() for m in TRAIL_MONTHS},
             "ranks": {f"{m}m": trail[f"rank_{m}m"].to_dict() for m in TRAIL_MONTHS}, "in_worst": n_worst})

# %% [markdown]
# **Caveats.** "Recently" is vague; the table shows how the ranks move between 1, 3 and 6 months. Total
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
# `data/claims.csv`: supported if ρ < 0 with p < 0.10, partly if ρ < 0, not supported if ρ ≥ 0.
#
# First, the claim's premise in these data: how many firms recommended Energy and Materials?

# %%
shunned = sector_of[CLAIM_SHUNNED].tolist()
head.loc[shunned, ["overweight", "neutral", "underweight", "n_firms", "score", "rank"]]

# %% tags=["hide-input"]
rt.text.md("Premise: " + "; ".join(f"{s}: {head.loc[s, 'overweight']} of {head.loc[s, 'n_firms']} firms with a "
           f"view overweight, rank {head.loc[s, 'rank']} of {len(head)}" for s in shunned) + ".")

# %% tags=["hide-input"]
score = head["score"].reindex(sector_of.to_numpy()).set_axis(sector_of.index)  # by ticker
later = rt.returns.total_return(closes, OOS_START, closes.index[-1])
test = C.spearman_test(score, later, alternative="less")
test_p = C.spearman_test(scores["primary only"]["score"].reindex(sector_of.to_numpy()).set_axis(sector_of.index), later)
rt.text.md("Spearman ρ = {rho:+.2f}, one-sided permutation p = {p:.2f} ({m}); with primary sources only, "
           "ρ = {rho2:+.2f}, p = {p2:.2f}. Window {s} → {e}.", rho=test["rho"], p=test["p_value"], m=test["method"],
           rho2=test_p["rho"], p2=test_p["p_value"], s=OOS_START, e=rt.text.day(closes.index[-1]))

# %% [markdown]
# Figure 3 puts each sector's consensus score against its return after the article. A contrarian signal
# would show as a cloud falling from left to right.

# %%
fig = C.score_return_figure(score, later, f"Figure 3. Consensus score on {AS_OF} and total return {OOS_START} → "
                            f"{rt.text.day(closes.index[-1])}", "strategist_sector_calls.csv; Select Sector SPDR adjusted closes")

# %% tags=["hide-input"]
fav, shun = score.idxmax(), score.idxmin()
rt.text.md("In Figure 3 the consensus favourite, {f} (score {sf:+.2f}), returned {rf} and the least favoured, {s} "
           "(score {ss:+.2f}), returned {rs}; with ρ = {rho:+.2f} the cloud {how}.", f=fav, sf=score[fav],
           rf=rt.text.pct(later[fav]), s=shun, ss=score[shun], rs=rt.text.pct(later[shun]), rho=test["rho"],
           how="rises from left to right: favoured sectors did better, the opposite of a contrarian signal"
           if test["rho"] > 0 else "falls from left to right, as a contrarian signal would")

# %% [markdown]
# **Verdict.**

# %%
rt.claims.record(
    "C3", C.contrarian_verdict(test["rho"], test["p_value"]), test["rho"],
    f"Spearman rho {test['rho']:+.2f} (one-sided permutation p {test['p_value']:.2f}, n = {test['n']}) between the "
    f"consensus score on {AS_OF} and sector SPDR total return {OOS_START} to {rt.text.day(closes.index[-1])}; "
    f"a negative rho with p < {C.ALPHA} would support a contrarian signal",
    window=[OOS_START, closes.index[-1]], data_end=closes.index[-1],
    details={"p_value": test["p_value"], "method": test["method"], "rho_primary_only": test_p["rho"],
             "p_primary_only": test_p["p_value"], "later_return_pct": (later * 100).to_dict(),
             "score": score.to_dict()})

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
baskets = {f"favoured: {'+'.join(fav)}": fav, f"shunned: {'+'.join(shun)}": shun,
           f"claim's consensus: {'+'.join(CLAIM_FAVOURED)}": CLAIM_FAVOURED,
           f"claim's contrarian: {'+'.join(CLAIM_SHUNNED)}": CLAIM_SHUNNED}
paths = C.basket_paths(closes, baskets, OOS_START) * 100
fig = rt.plots.lines(paths, f"Figure 4. Equal-weight sector baskets from {OOS_START}", "cumulative total return, %",
                     "Select Sector SPDR adjusted closes (snapshot ETF panel); baskets by the consensus score on " + AS_OF,
                     hline=0.0)

# %% tags=["hide-input"]
last, lead = paths.iloc[-1], paths.iloc[:, 3] - paths.iloc[:, 2]  # claim's contrarian minus consensus pair
rt.text.md("Figure 4 ends on {d} with " + "; ".join(f"{k} {rt.text.pct(v / 100)}" for k, v in last.items())
           + ". The claim's contrarian pair was ahead of its consensus pair on {share} of the trading days, the "
           "last of them {lastday}.", d=rt.text.day(paths.index[-1]), share=rt.text.pct((lead > 0).mean(), 0, sign=False),
           lastday=rt.text.day(lead.index[lead > 0][-1]) if (lead > 0).any() else "none")

# %% [markdown]
# How the result moves with the end date: ρ and its one-sided p-value from `OOS_START` to each month's last
# trading day (the last row is the final day of the data).

# %%
by_end = C.correlation_by_end(score, closes, OOS_START)
by_end.round(2)

# %% tags=["hide-input"]
rt.text.md("Across the {n} end dates ρ ranges from {lo:+.2f} to {hi:+.2f}; the smallest one-sided p-value is "
           "{p:.2f}.", n=len(by_end), lo=by_end["rho"].min(), hi=by_end["rho"].max(), p=by_end["p_value"].min())

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
rt.text.md("Prices: snapshot `prices/etf_daily.parquet`, gathered from `{s}` (adjusted daily closes).", s=prices_src)
