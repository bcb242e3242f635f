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
# # Sector fund flows: did money leave tech for cyclicals?
#
# [Scorecard](00_scorecard.ipynb) · [Breadth](01_breadth.ipynb) · [Small-cap earnings](02_small_cap_earnings.ipynb) · **Sector flows** · [Contrarian consensus](04_contrarian_consensus.ipynb)
#
# Claims **F1–F5** of the February-2026 article: the flows of the article's week (F1–F3), the surge
# after the 2024 election (F4) and RSP's 2026 inflows (F5), tested with daily flows of US ETFs. Each
# claim's figures and window are read from its registry row. The verdicts, computed below and read
# back from `results/`:

# %% tags=["parameters"]
WEEK_END = None  # F1–F3: None is the week the registry states (its window end); a date moves it
YTD_END = None  # F5: None is the end of the registry's window; a date moves it
AUM_DATE = "2026-03-31"  # last day with shares outstanding and a price for every fund
CHASE_MONTH_WEEKS = 4  # the prior month: four weeks before a week
HAC_LAGS = 2  # Newey–West lags, weeks

# %%
import pandas as pd
from IPython.display import display

import rotation as rt

rt.plots.set_theme()
CLAIMS = rt.registry.claims_of("03_sector_flows.ipynb")
rt.claims.show_summary(CLAIMS)

# %% [markdown]
# ## The data and how weeks are summed
#
# **Data.** `flows/etf_daily_flows.csv` of the snapshot: daily net creations minus redemptions (USD)
# of US-listed ETFs (bond, gold and international funds among them). Which funds make a sector is kept as data in
# `data/flow_funds.csv`. Two fund sets per sector: the Select Sector SPDR alone (*narrow*) and every
# fund of the sector that the file holds (*widened*: with the gold miners GDX and GDXJ in Materials,
# which GICS files there although investors buy them as a gold trade, and the industry funds SOXX and
# IBB in Technology and Health Care). Vanguard, iShares and Fidelity sector ETFs, mutual funds and non-US
# funds are not in the data, while the article's source (Deutsche Bank, most likely from EPFR) covers all
# of them: for F1–F3 the file's ETFs are a **proxy** of the claim's scope, and their verdicts are
# *undecidable with this data*, with the proxy's own result beside them (rules in `data/claims.csv`).
#
# Many days have no flow. The table counts, per fund, the trading days without a flow between the
# first and last day the file has data for any fund.

# %%
funds = rt.data.read_project_csv("flow_funds.csv")
flows = rt.data.etf_flows()
calendar = rt.data.closes(["SPY"], "2025-11-01").index  # NYSE trading days of the ETF panel
spdr = rt.flows.sector_map(funds)
wide = rt.flows.sector_map(funds, gold_miners=True, industry=True)
members = {s: ", ".join(wide.index[wide == s]) for s in wide.unique()}  # the widened set of each sector
cov = rt.flows.coverage(flows, calendar, list(wide.index)).join(wide)
cov.sort_values("missing", ascending=False).round(3)

# %% tags=["hide-input"]
rt.text.md(
    "The file holds {k} ETFs; its days with data run from {a} to {b} ({n} trading days); of the sector "
    "funds, {worst} lacks the most days ({m} of {n}) and {full} have a flow every day.",
    **rt.flows.coverage_facts(flows, cov),
)

# %% tags=["hide-input"]
rt.text.md(
    "Widened fund sets: "
    + "; ".join(f"{s}: {m}" for s, m in members.items() if "," in m)
    + "; every other sector has only its SPDR."
)

# %% [markdown]
# **Method.** A week's flow is the sum of its daily flows, on the trading days of the NYSE calendar
# (the dates of the ETF price panel). Two conventions: weeks ending on **Friday** (Monday to Friday, as
# ETF issuers and most ETF press report) and weeks ending on **Wednesday** (Thursday to Wednesday, the
# week EPFR and other fund-flow providers report, so probably the article's). A day without data is
# missing, never zero: a week sums only if every trading day of every member fund has a flow; otherwise
# its flow is left blank and the table keeps the observed part, the coverage (fund-days observed over
# fund-days) and a **range**: each missing day at most the largest absolute daily flow that fund shows
# in the data. That range is a plausible bound, not a hard limit.
#
# **Percent of assets.** AUM is known on one date only (shares outstanding × price). Earlier AUM is
# rolled back from it with the daily flows and adjusted-close returns:
# $\mathrm{AUM}_t = A_t\,(\mathrm{AUM}_T/A_T - \sum_{t<s\le T} F_s/A_s)$, with $A$ the adjusted close,
# $F$ the flow and $T$ the anchor date; a missing flow adds nothing and is counted. A week's flow is
# divided by the AUM at the close before the week. The roll is checked against the snapshot's AUM file
# and against share counts below.

# %%
sh = rt.data.etf_shares_outstanding()
anchor_aum = rt.aum.aum_from_shares(sh, AUM_DATE)
closes = rt.data.closes(list(spdr.index), "2025-10-01")
aum = {"closes": closes, "anchor_aum": anchor_aum, "anchor_date": AUM_DATE}
frames = rt.flows.week_frames(flows, calendar, spdr, wide, **aum)  # (FRI | WED, narrow | widened)
fri, wed, fri_wide = frames["FRI", "narrow"], frames["WED", "narrow"], frames["FRI", "widened"]
fl = rt.flow_claims.FlowData(flows, calendar, spdr, wide, anchor_aum, AUM_DATE)  # what the claims read

# %% tags=["hide-input"]
n_days, gap = rt.aum.implied_gap(sh, flows, spdr.index)
aum_file = rt.data.etf_aum().set_index("ticker")["aum_usd"].reindex(spdr.index).sum()
rt.text.md(
    "Checks. Share-count changes × price reproduce the reported flows on the {n} fund-days where both exist "
    "(largest gap {g} of the flow), so a flow here is created or redeemed shares × NAV on the trade date. "
    "The funds' AUM on {d} (shares × price) totals {a:.1f} USD bn; the snapshot's AUM file ({f:.1f} USD bn) "
    "is a few days later.",
    n=n_days,
    g=rt.text.pct(gap, 2, sign=False),
    d=AUM_DATE,
    a=anchor_aum[spdr.index].sum() / 1e9,
    f=aum_file / 1e9,
)

# %% [markdown]
# Figure 1 shows every Friday-ended week of the data as a percent of the sector fund's assets. Look
# for the blank cells: weeks in which a fund lacks a day cannot be summed.

# %%
fig = rt.plots.flow_heatmap(
    fri,
    "flow_pct",
    "Figure 1. Weekly net flows of the Select Sector SPDRs, % of AUM",
    "etf_daily_flows.csv (snapshot); AUM rolled back from shares × price",
    "% of AUM",
)

# %% tags=["hide-input"]
rt.text.md(
    "In Figure 1, {s} of the {n} complete sector-weeks moved more than 5 % of assets; the largest was {sec} "
    "in the week to {w} ({v:+.1f} %). {b} has the most blank weeks ({k} of {m}).",
    **rt.flows.heatmap_facts(fri, 5.0),
)

# %% [markdown]
#
# <a id="F1"></a>
#
# ## F1 — a record week for Materials

# %% tags=["hide-input"]
rt.conclude.card("F1")

# %% [markdown]
# **Data.** Only a proxy: the Materials ETFs of the flow file, XLB alone and widened with GDX and GDXJ.
#
# **Method.** The week's sum with its coverage and range (Friday- and Wednesday-ended weeks); "record"
# means larger than every earlier week in the data: certain if the week's lower bound beats every earlier
# week's upper bound, excluded if an earlier week's lower bound reaches its upper bound. The rule is
# applied to the proxy over its whole range: where the range or an unknown record leaves more than one
# verdict, the proxy's verdict is itself undecidable. The four definitions are the robustness grid (of
# proxy verdicts); the registry's cell is the Friday week of the widened set.

# %%
week = rt.registry.window("F1", end=WEEK_END)[1]  # the claim's week (its last day)
f1 = rt.flow_records.week_by_definition(frames, "Materials", week)
f1["proxy verdict"] = rt.rules.grid("F1", rt.flow_claims.record_cells(f1))
rt.flow_claims.week_table_bn(f1)

# %% [markdown]
# Figure 2 puts the week among all weeks of the data; a week without a vertical bar is complete.

# %%
materials = {
    "XLB": rt.flows.sector_series(fri, "Materials"),
    members["Materials"].replace(", ", "+"): rt.flows.sector_series(fri_wide, "Materials"),
}
title = "Figure 2. Materials ETF flows by Friday-ended week"
fig = rt.plots.flow_weeks_with_bounds(materials, title, "etf_daily_flows.csv (snapshot)", mark=week)

# %% [markdown]
# Figure 2 shows that the ranges left by missing days are wider than the weekly Materials flows
# themselves, which is why the record test cannot be settled; the week of the claim is the dotted line.

# %%
v1 = rt.flow_claims.conclude_record_week("F1", f1, fl, key="materials", sector="Materials", week=week)
v1

# %% tags=["hide-input"]
rt.text.md(
    "**Proxy result:** {p} on the registry's cell. **Robustness:** {r}.\n\n"
    "**Caveats.** A record over the {n} earlier weeks of these data would say little about a record over the "
    "provider's history. The missing-day range rests on each fund's largest daily flow in the data.",
    p=v1.proxy["verdict"],
    r=rt.robustness.text(v1.robustness),
    n=int(f1["earlier_weeks"].max()),
)

# %% [markdown]
# <a id="F2"></a>
#
# ## F2 — Industrials, Financials and Energy in the same week

# %% tags=["hide-input"]
rt.conclude.card("F2")

# %% [markdown]
# **Data and method.** Only a proxy: the flow file holds one fund per sector here (XLI, XLF, XLE), so the
# widened set is the narrow one; weekly sums as above. The rule is applied to the proxy over the range
# of any missing days. Robustness grid (of proxy verdicts): Friday- and Wednesday-ended weeks.

# %%
stated2 = rt.rules.stated_each("F2")  # USD bn by sector, data/claim_figures.csv
f2 = rt.flow_claims.sectors_week(frames, stated2, week)
f2_cells = {w: rt.flow_claims.each_bounds(f2, w, stated2) for w in ("FRI", "WED")}
f2.assign(week_to=[rt.text.day(d) for d in f2["week_end"]])[
    ["week_to", "flow_bn", "stated_bn", "coverage"]
].round(2)

# %% [markdown]
# Figure 3 compares each stated weekly figure of F1–F3 with what the ETFs of the flow file took (Friday
# weeks, widened sets). Points on the dashed line would reproduce the article; grey bars are ranges from
# missing days.

# %%
tech = "Information Technology"
stated_week = {"Materials": rt.articles.figure("F1", "materials").number, **stated2}
stated_week[tech] = rt.articles.figure("F3", "tech_flow").number
cmp = rt.flow_claims.stated_vs_measured(fri_wide, stated_week, members, week)
title = f"Figure 3. Week to {week}: stated vs measured sector flows"
fig = rt.plots.stated_vs_measured(cmp, title, "article; etf_daily_flows.csv (snapshot)")

# %% tags=["hide-input"]
above = cmp.loc[cmp["measured_bn"] > cmp["stated_bn"], "label"].tolist()
rt.text.md(
    "In Figure 3, {k} of the {n} points lie below the 45-degree line: the ETFs took less (or lost more) "
    "than stated. Above it: {a}.",
    k=len(cmp) - len(above),
    n=len(cmp),
    a=", ".join(above) or "none",
)

# %%
v2 = rt.flow_claims.conclude_each_week("F2", f2, f2_cells, fl, week=week)
v2

# %% tags=["hide-input"]
fin = f2.xs("FRI", level="week").loc["Financials"]
rt.text.md(
    "**Proxy result:** {p} (Friday week); Wednesday week: {w}. **Robustness:** {r}.\n\n"
    "**Caveats.** The three SPDRs are the largest US ETFs of their sectors but far from all sector funds; the "
    "article's figures include mutual funds and probably non-US funds. Financials (XLF) alone took {f} that "
    "week, {share} of the stated figure.",
    p=v2.proxy["verdict"],
    w=v2.details["proxy_verdicts"]["WED week"],
    r=rt.robustness.text(v2.robustness),
    f=rt.text.usd_bn(fin["flow_bn"] * 1e9, 2),
    share=rt.text.pct(fin["flow_bn"] / fin["stated_bn"], 0, sign=False),
)

# %% [markdown]
# <a id="F3"></a>
#
# ## F3 — a streak of technology outflows

# %% tags=["hide-input"]
rt.conclude.card("F3")

# %% [markdown]
# **Data.** Only a proxy: XLK, widened with SOXX (which lacks many days). The flow data start on
# 2026-01-02, so the first weeks of the claim's window lie before the data.
#
# **Method.** For each week of the claim's window: complete, partial or absent; a partial week counts as
# an outflow (or inflow) only if its whole range has that sign. The result is the smallest and largest
# number of outflow weeks consistent with the data, and the rule is applied to every count the data
# allow. Robustness grid (of proxy verdicts): Friday- and Wednesday-ended weeks × narrow and widened
# fund sets; the registry's cell is Friday weeks, widened.

# %%
n_weeks = rt.flows.weeks_in(*rt.registry.window("F3"))  # the weeks of the claim's stated window
counts = rt.flow_claims.sign_counts(frames, tech, week, n_weeks, sign=-1)
f3 = rt.flow_claims.counts_table(counts)
f3["proxy verdict"] = rt.rules.grid("F3", rt.flow_claims.count_cells(counts))
weeks3 = rt.flows.sector_series(fri_wide, tech).reindex(rt.flows.week_ends(week, n_weeks, "FRI"))
display(weeks3[["observed_usd", "coverage", "low_usd", "high_usd"]].div([1e9, 1, 1e9, 1e9]).round(2))
f3

# %% tags=["hide-input"]
c, narrow3 = counts[rt.flow_claims.AT], counts[("FRI", "narrow")]
k_stated = int(rt.articles.figure("F3", "outflow_weeks").number)
rt.text.md(
    "Of the {n} Friday weeks, {cov} are complete for {m}, {part} partial and {ab} before the data. These funds "
    "had outflows in at least {lo} and at most {hi} of them (XLK alone: {slo} to {shi}); the stated {ks} is {poss}.",
    n=c.n,
    cov=c.covered,
    m=members[tech],
    part=c.partial,
    ab=c.absent,
    lo=c.k_min,
    hi=c.k_max,
    slo=narrow3.k_min,
    shi=narrow3.k_max,
    ks=k_stated,
    poss="consistent with the data" if c.possible(k_stated) else "excluded",
)

# %% tags=["hide-input"]
wk3 = rt.flows.week_row(fri_wide, tech, week)
rt.text.md(
    "In the week itself they took {w} on the days observed ({d} of {dd} fund-days; stated {s}).",
    w=rt.text.usd_bn(wk3["observed_usd"], 2),
    d=int(wk3["fund_days_observed"]),
    dd=int(wk3["fund_days"]),
    s=rt.text.usd_bn(stated_week[tech] * 1e9),
)

# %%
v3 = rt.flow_claims.conclude_sign_count(
    "F3",
    counts,
    list(f3["proxy verdict"]),
    fl,
    sector=tech,
    sector_words="technology",
    week_flow=wk3,
    week=week,
)
v3

# %% tags=["hide-input"]
rt.text.md(
    "**Proxy result:** {p} on the registry's cell. **Robustness:** {r}.",
    p=v3.proxy["verdict"],
    r=rt.robustness.text(v3.robustness),
)

# %% [markdown]
# **Caveats.** The count needs flows from the first weeks of the claim's window, which the snapshot
# lacks; the live path could rebuild them from XLK's daily share counts (see F4). XLK is the largest US
# technology ETF, but Vanguard's VGT and the mutual funds in the article's data are missing.
#
# <a id="F4"></a>
#
# ## F4 — a short-lived cyclical surge after the November 2024 election

# %% tags=["hide-input"]
rt.conclude.card("F4")

# %% [markdown]
# **Data.** None of the snapshot's flows reach back to 2024. Published figures give the context but not
# the sectors: they are listed below.

# %%
pub = rt.data.published_flow_figures()
pub[pub["claim"].str.startswith("F4")][
    ["figure_id", "quantity", "value", "unit", "period_start", "period_end", "publisher"]
]

# %% [markdown]
# **What would decide it.** Daily (or weekly) net flows of the cyclical sector funds (XLB, XLE, XLF, XLI,
# XLY and their Vanguard/iShares peers) from October 2024 to February 2025: a surge means weekly inflows
# well above their 2024 norm in the weeks after the election, "faded quickly" means a return to that norm
# within a few weeks. The live path of the project can rebuild them from share counts, as
# `rt.aum.implied_flows` does with the snapshot (it reproduces the reported flows, see the checks
# above). This snippet is not run here (no network):
#
# ```python
# import yfinance as yf
# shares = yf.Ticker("XLF").get_shares_full(start="2024-10-01", end="2025-02-28")   # shares by date
# px = yf.download("XLF", start="2024-10-01", end="2025-02-28", auto_adjust=False)["Close"]
# frame = (shares.rename("shares").to_frame().assign(date=lambda d: d.index.tz_localize(None).normalize())
#          .groupby("date").last().join(px.rename(columns={"XLF": "price"})).reset_index().assign(ticker="XLF"))
# daily = rt.aum.implied_flows(frame)   # (shares_t - shares_prev) × price_t, USD
# ```
#
# Yahoo's share counts are sparse for some funds and can lag issuers' files by a day, so the implied
# flows need the same coverage checks as the snapshot's.
#
# **Robustness.** None: with no flow before 2026 there is no window or definition to vary.

# %%
d4 = rt.rules.decide(
    "F4",
    reason=f"the snapshot's flows start on {rt.text.day(fl.data_start)}; deciding it needs daily or "
    "weekly flows of the cyclical sector funds from Oct 2024 to Feb 2025 (issuer share counts or yfinance "
    "get_shares_full × price); published figures (PF05-PF08) show a record all-ETF inflow after the 2024 election but "
    "no sector detail",
)
rt.claims.record(
    d4,
    None,
    d4.reason,
    window=list(rt.registry.window("F4")),
    data_end=fl.data_end,
    headline="The data cannot decide it: the flow data start in January 2026, and published figures for "
    "late 2024 give total ETF flows, not sectors.",
    measured_text="no sector flows before 2026",
)

# %% [markdown]
# **Caveats.** PF08 is the 2016 election (XLF's record week), not 2024; PF05–PF07 are total flows.
#
# <a id="F5"></a>
#
# ## F5 — RSP's 2026 inflows

# %% tags=["hide-input"]
rt.conclude.card("F5")

# %% [markdown]
# **Data.** RSP is **not** in the snapshot's flow data. The US equity ETFs that are give a partial league table;
# the one page in the snapshot that states the figure (PF01) reproduces the article, so it is not
# independent evidence.
#
# **Method.** Net flows over the claim's window (the first trading day of 2026 to the article's Friday),
# with ranges for missing days; then the best and worst rank the stated inflow would take among these
# funds. The table lists them by observed flow (USD bn). **Robustness:** none while RSP's flows are
# missing (a grid of windows would vary nothing); with RSP in the data, the verdict is taken over the
# range of any missing days.

# %%
ytd_window = rt.registry.window("F5", end=YTD_END)
us_eq = funds.loc[(funds["asset_class"] == "equity") & (funds["region"] == "US"), "ticker"].tolist()
ytd = rt.flows.window_sums(flows, calendar, us_eq, *ytd_window)
ytd_bn = (ytd[["observed_usd", "low_usd", "high_usd"]] / 1e9).join(ytd[["days", "days_observed"]]).round(2)
ytd_bn.sort_values("observed_usd", ascending=False)

# %% tags=["hide-input"]
x5 = rt.articles.figure("F5", "rsp_flow").number  # USD bn
sure, maybe = rt.flow_claims.above(x5 * 1e9, ytd)
best, worst = rt.flow_records.rank_of(x5 * 1e9, ytd)
rt.text.md(
    "Funds whose flow exceeded {x} bn: surely {sure}; possibly, within the range of their missing days, "
    "{maybe}. A {x} bn inflow would rank {b} to {w} among these {n} funds.",
    **{"x": x5, "sure": ", ".join(sure) or "none", "maybe": ", ".join(maybe) or "none"},
    **{"b": best, "w": worst, "n": len(us_eq)},
)

# %%
rt.flow_claims.conclude_fund_flow("F5", fl, ytd, window=ytd_window)

# %% [markdown]
# **Caveats.** The covered funds are among the largest US equity ETFs, which is where the leaders of a
# flow table usually are, but a ranking of ~1,500 funds cannot be rebuilt from a couple of dozen.
#
# ## Do flows chase returns?
#
# **Question.** Do sector funds take money after they have done well? For each sector SPDR and complete
# week, the flow in percent of start-of-week AUM is regressed on the fund's total return of the previous
# week and of the four weeks before (percent), by OLS, pooled and with a sector intercept (fixed
# effects). Standard errors are Newey–West (HAC, Bartlett kernel) within each sector's weekly series,
# which allows for autocorrelation of flows; incomplete weeks are dropped, not filled.

# %%
panels = rt.chase.panels({"FRI": fri, "WED": wed}, closes, spdr, CHASE_MONTH_WEEKS)
chase = rt.chase.fits(panels, HAC_LAGS)
chase.round(3)

# %% [markdown]
# Figure 4 plots each sector-week's flow against the previous week's return (Friday weeks); the line is
# the least-squares fit on that return alone.

# %%
fig = rt.plots.flow_vs_return(
    panels["FRI"],
    "Figure 4. Sector SPDR weekly flow vs prior-week return",
    "etf_daily_flows.csv, etf_daily.parquet (snapshot)",
)

# %% tags=["hide-input"]
b, m = (chase.loc[("FRI", True, t)] for t in ("ret_prior_week_pct", "ret_prior_month_pct"))
rt.text.md(
    "With sector effects, a 1 pp higher return in the previous week goes with {bw:+.2f} pp of AUM more "
    "inflow (HAC p = {pw:.2f}); a 1 pp higher return over the month before goes with {bm:+.2f} pp "
    "(p = {pm:.2f}). {n} sector-weeks, {w} weeks.",
    **{"bw": b["coef"], "pw": b["p"], "bm": m["coef"], "pm": m["p"], "n": int(b["n"]), "w": int(b["weeks"])},
)

# %% tags=["hide-input"]
rt.text.md(
    "Across the four fits, terms with HAC p < 0.05: {s}. The signs are the same in every fit: prior-week "
    "returns {w}, prior-month returns {m}.",
    **rt.chase.sign_pattern(chase, 0.05),
)

# %% [markdown]
# So the data lean toward a pull into last week's winners and away from last month's, a weak pattern at
# best.
#
# **Caveats.** About three months of weeks (the `weeks` column), overlapping monthly returns and a single
# market episode (the rotation itself): the estimates are noisy and may not survive another sample. HAC
# errors with so few weeks per sector are themselves imprecise. Same-week returns are left out on purpose:
# flows and prices answer the same news within a week, so a same-week coefficient would not say which
# follows which.
#
# ## What happened next
#
# From February to the end of the flow data, Figure 1 already shows the weeks. The table sums the
# sector SPDRs' flows by calendar month (USD bn). A month with missing days shows the observed part, the
# range its missing days allow (each at most the fund's largest daily flow) and the days observed: a
# missing day is never summed as zero.

# %%
months = rt.flows.monthly_sums(flows, calendar, list(spdr.index), ytd_window[0], fl.data_end)
nxt = pd.DataFrame({m: rt.flows.window_bounds_text(v) for m, v in months.items()})
nxt.rename(index=lambda t: f"{spdr[t]} ({t})").rename_axis("sector (SPDR), USD bn")

# %% tags=["hide-input"]
gaps = {m: int((v["days"] - v["days_observed"]).sum()) for m, v in months.items()}
rt.text.md("Fund-days missing by month: " + ", ".join(f"{m}: {k}" for m, k in gaps.items()) + ".")

# %% [markdown]
# Independent check of the flow file: a blog citing ETFdb (PF09, PF10), published by 2026-02-14, reported
# over "the past month" flows into XLE and out of XLK. Its window is not stated, so the table sums every
# one-month window ending between 2026-02-06 and 2026-02-13 (USD bn; a window with a missing day shows
# its observed part and range, as above).

# %%
ends = calendar[(calendar >= "2026-02-06") & (calendar <= "2026-02-13")]
sums = rt.flows.trailing_month_sums(flows, calendar, ["XLE", "XLK"], ends)
published = pub.set_index("figure_id").loc[["PF09", "PF10"], "value"].set_axis(["XLE", "XLK"])
one_month = pd.DataFrame({d: rt.flows.window_bounds_text(v) for d, v in sums.items()}).T
one_month.loc["published (ETFdb)"] = [f"{published[t]:+.2f}" for t in one_month.columns]
one_month

# %% tags=["hide-input"]
inside = rt.flows.inside_sums(sums, published)
rt.text.md(
    "The published XLK figure is {k} the range of these windows (with their missing-day ranges) and the "
    "XLE figure {e}: the flow file {verdict}.",
    k="inside" if inside["XLK"] else "outside",
    e="inside" if inside["XLE"] else "outside",
    verdict="matches an independent source"
    if all(inside.values())
    else "matches it in sign and, for one fund, in size; the other gap may be a different window or data vendor",
)

# %% [markdown]
# ## Sources

# %%
cited = pub[pub["figure_id"].isin(["PF01", "PF05", "PF07", "PF08", "PF09"])]
rt.text.table(
    cited.assign(link=[f"[{p.split('/')[2]}]({u})" for p, u in zip(cited["url"], cited["url"])]).set_index(
        "figure_id"
    )[["quantity", "publisher", "link"]]
)

# %% [markdown]
# Market data: the snapshot's `flows/etf_daily_flows.csv`, `flows/etf_shares_outstanding.csv`,
# `flows/etf_aum.csv` and `prices/etf_daily.parquet` (the README's data section says where each file comes from).
# Fund classification: `data/flow_funds.csv`.

# %% [markdown]
# The summary at the top of this notebook is replaced by the verdicts just recorded:

# %%
rt.claims.update_summary(CLAIMS)
