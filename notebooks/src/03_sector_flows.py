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
# Claims **F1–F5** of the February-2026 article: the flows of the week to about 2026-01-30 (F1–F3),
# the surge after the 2024 election (F4) and RSP's 2026 inflows (F5), tested with daily flows of US
# ETFs. The verdicts, computed below and read back from `results/`:

# %% tags=["parameters"]
WEEK_END = "2026-01-30"         # the article's week (Friday); Wednesday-ended weeks are shown too
N_WEEKS = 8                     # "the sixth weekly outflow in eight weeks"
YTD = ("2026-01-01", "2026-01-30")  # F5: "2026 to date, through last Friday"
AUM_DATE = "2026-03-31"         # last day with shares outstanding and a price for every fund
CHASE_MONTH_WEEKS = 4           # the prior month: four weeks before a week
HAC_LAGS = 2                    # Newey–West lags, weeks
STATED_BN = {"Materials": 6.5, "Industrials": 3.0, "Financials": 2.9, "Energy": 1.7,
             "Information Technology": -1.4}  # the article's figures, USD bn
RSP_STATED_BN = 4.8

# %%
import pandas as pd
from IPython.display import Markdown, display

import rotation as rt

rt.plots.set_theme()
display(Markdown(rt.claims.summary(["F1", "F2", "F3", "F4", "F5"])))

# %% [markdown]
# ## The data and how weeks are summed
#
# **Data.** `flows/etf_daily_flows.csv` of the snapshot: daily net creations minus redemptions (USD)
# of US-listed ETFs (bond, gold and international funds among them). Which funds make a sector is kept as data in
# `data/flow_funds.csv`: the eleven Select Sector SPDRs always; the gold miners GDX and GDXJ in
# Materials only when asked (they hold gold producers, which GICS files under Materials, but investors
# buy them as a gold trade); the industry funds SOXX (semiconductors) and IBB (biotech) as a variant.
# Vanguard, iShares and Fidelity sector ETFs, mutual funds and non-US funds are not in the data, while
# the article's source (Deutsche Bank, most likely from EPFR) covers all of them.
#
# Many days have no flow. The table counts, per fund, the trading days without a flow between the
# first and last day the file has data for any fund.

# %%
funds = rt.data.read_project_csv("flow_funds.csv")
flows = rt.data.etf_flows()
calendar = rt.data.closes(["SPY"], "2025-11-01").index   # NYSE trading days of the ETF panel
spdr = rt.flows.sector_map(funds)
gold = rt.flows.sector_map(funds, gold_miners=True)
wide = rt.flows.sector_map(funds, gold_miners=True, industry=True)
cov = rt.flows.coverage(flows, calendar, list(wide.index)).join(wide)
cov.sort_values("missing", ascending=False).round(3)

# %% tags=["hide-input"]
rt.text.md("The file holds {k} ETFs; its days with data run from {a} to {b} ({n} trading days); of the sector funds, {worst} "
           "lacks the most days ({m} of {n}) and {full} have a flow every day.",
           k=flows["ticker"].nunique(), a=rt.text.day(flows.dropna()["date"].min()), b=rt.text.day(flows.dropna()["date"].max()),
           n=int(cov["trading_days"].iloc[0]), worst=cov["missing"].idxmax(), m=int(cov["missing"].max()),
           full=int((cov["missing"] == 0).sum()))

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
anchor_aum = rt.flows.aum_from_shares(sh, AUM_DATE)
closes = rt.data.closes(list(spdr.index), "2025-10-01")
fri = rt.flows.sector_weeks(flows, calendar, spdr, closes=closes, anchor_aum=anchor_aum, anchor_date=AUM_DATE)
wed = rt.flows.sector_weeks(flows, calendar, spdr, anchor="WED", closes=closes, anchor_aum=anchor_aum,
                            anchor_date=AUM_DATE)
fri_gold = rt.flows.sector_weeks(flows, calendar, gold)
wed_gold = rt.flows.sector_weeks(flows, calendar, gold, anchor="WED")

# %% tags=["hide-input"]
imp = rt.flows.implied_flows(sh[sh["ticker"].isin(spdr.index)]).merge(flows, on=["date", "ticker"]).dropna()
gap_share = ((imp["implied_flow_usd"] - imp["flow_usd"]).abs() / imp["flow_usd"].abs().clip(lower=1e6)).max()
aum_file = rt.data.etf_aum().set_index("ticker")["aum_usd"].reindex(spdr.index)
rt.text.md("Checks. Share-count changes × price reproduce the reported flows on the {n} fund-days where "
           "both exist (largest gap {g} of the flow), so a flow here is created or redeemed shares × NAV "
           "on the trade date. The funds' AUM on {d} (shares × price) totals {a}; the snapshot's AUM file "
           "({f}) is a few days later.", n=len(imp), g=rt.text.pct(gap_share, 2, sign=False), d=AUM_DATE,
           a=f"{anchor_aum[spdr.index].sum() / 1e9:.1f} USD bn", f=f"{aum_file.sum() / 1e9:.1f} USD bn")

# %% [markdown]
# Figure 1 shows every Friday-ended week of the data as a percent of the sector fund's assets. Look
# for the blank cells: weeks in which a fund lacks a day cannot be summed.

# %%
fig = rt.flows.plot_heatmap(fri, "flow_pct", "Figure 1. Weekly net flows of the Select Sector SPDRs, % of AUM",
                            "etf_daily_flows.csv (snapshot); AUM rolled back from shares × price", "% of AUM")

# %% tags=["hide-input"]
pct = fri.dropna(subset=["flow_pct"])
blank = fri[fri["flow_usd"].isna()].groupby("sector").size()
big = pct.loc[pct["flow_pct"].abs().idxmax()]
rt.text.md("In Figure 1, {s} of the {n} complete sector-weeks moved more than 5 % of assets; the largest was {sec} "
           "in the week to {w} ({v}). {b} has the most blank weeks ({k} of {m}).",
           s=int((pct["flow_pct"].abs() > 5).sum()), n=len(pct), sec=big["sector"], w=rt.text.day(big["week_end"]),
           v=rt.text.pct(big["flow_pct"], fraction=False), b=blank.idxmax(), k=int(blank.max()),
           m=fri["week_end"].nunique())

# %% [markdown]
#
# <a id="F1"></a>
#
# ## F1 — a record week for Materials
#
# **Claim.** In the week to about 2026-01-30, Materials sector funds took a record +USD 6.5 bn
# (Deutsche Bank flows data).
#
# **Data.** XLB, and XLB with GDX and GDXJ; the table gives the share of the week's fund-days observed.
#
# **Method.** The week's sum, coverage and range (Friday- and Wednesday-ended weeks); "record" means
# larger than every earlier week in the data: certain if the week's lower bound beats every earlier
# week's upper bound, excluded if an earlier week's lower bound reaches its upper bound.

# %%
defs = {"XLB, Fri week": fri, "XLB, Wed week": wed, "XLB+GDX+GDXJ, Fri week": fri_gold,
        "XLB+GDX+GDXJ, Wed week": wed_gold}
week_of = {k: rt.flows.last_week_end(WEEK_END, "WED" if "Wed" in k else "FRI") for k in defs}
f1 = pd.DataFrame({k: rt.flows.week_row(v, "Materials", week_of[k]) for k, v in defs.items()}).T
f1["record"] = [rt.flows.record_status(rt.flows.sector_series(v, "Materials"), week_of[k]) for k, v in defs.items()]
f1["earlier_weeks"] = [int((rt.flows.sector_series(v, "Materials").index < week_of[k]).sum()) for k, v in defs.items()]
f1_bn = f1[["observed_usd", "low_usd", "high_usd"]].astype(float).div(1e9).round(2)
f1_bn.join(f1[["coverage", "record", "earlier_weeks"]].astype({"coverage": float}).round(2)).assign(week=[rt.text.day(d) for d in f1["week_end"]])

# %% [markdown]
# Figure 2 puts the week among all weeks of the data; a week without a vertical bar is complete.

# %%
fig = rt.flows.plot_weeks_with_bounds(
    {"XLB": rt.flows.sector_series(fri, "Materials"), "XLB+GDX+GDXJ": rt.flows.sector_series(fri_gold, "Materials")},
    "Figure 2. Materials ETF flows by Friday-ended week", "etf_daily_flows.csv (snapshot)", mark=WEEK_END)

# %% [markdown]
# Figure 2 shows that the ranges left by missing days are wider than the weekly Materials flows
# themselves, which is why the record test cannot be settled; the week of the claim is the dotted line.

# %%
top = f1["high_usd"].astype(float).max() / 1e9
rec = sorted(set(f1["record"]))
ptol = float(rt.claims.claim("F1")["partial_tolerance"])
if top < STATED_BN["Materials"] - ptol:  # not even "partly" on the amount, under any definition
    verdict = "partly supported" if rec == ["record"] else "not supported"
else:
    verdict = "undecidable with this data"
xlb = f1.loc["XLB, Fri week"]
rt.claims.record(
    "F1", verdict, round(float(xlb["observed_usd"]) / 1e9, 3),
    f"Materials ETFs covered took {rt.text.usd_bn(xlb['observed_usd'], 2)} in the week (XLB, "
    f"{xlb['fund_days_observed']} of {xlb['fund_days']} days observed); even with gold miners and every missing "
    f"day at its largest flow the week stays below {top:.1f} bn, short of the stated 6.5 bn by more than the "
    f"partial tolerance; the record test is {' / '.join(rec)} because of missing days. The stated figure covers "
    "all Materials funds (ETFs and mutual funds), not these ETFs.",
    window=[rt.text.day(xlb["first_day"]), WEEK_END], data_end=flows.dropna()["date"].max(),
    details={k: {"observed_bn": r["observed_usd"] / 1e9, "low_bn": r["low_usd"] / 1e9, "high_bn": r["high_usd"] / 1e9,
                 "coverage": r["coverage"], "record": r["record"]} for k, r in f1.iterrows()})

# %%
rt.text.md("**Caveats.** XLB held {a} on {d}; a week of {x} bn would have been {p} of its assets, so the article's "
           "figure must come from a wider universe (other Materials ETFs, mutual funds, global funds, perhaps gold "
           "and mining funds). The verdict says what the ETFs in the data show, not that the provider's figure is "
           "wrong. A record over the {n} earlier weeks of these data would say little about a record over the "
           "provider's history. The missing-day range rests on each fund's largest daily flow in the data.",
           a=f"{anchor_aum['XLB'] / 1e9:.1f} USD bn", d=AUM_DATE, x=STATED_BN["Materials"],
           p=rt.text.pct(STATED_BN["Materials"] * 1e9 / anchor_aum["XLB"], 0, sign=False),
           n=int(f1["earlier_weeks"].max()))

# %% [markdown]
# <a id="F2"></a>
#
# ## F2 — Industrials, Financials and Energy in the same week
#
# **Claim.** Same week: Industrials +USD 3.0 bn, Financials +USD 2.9 bn, Energy +USD 1.7 bn (Deutsche Bank).
#
# **Data and method.** XLI, XLF, XLE: weekly sums as above. Rule (registry): supported if all three are
# within USD 1 bn of the stated figures, partly if all three have the stated sign.

# %%
names = ["Industrials", "Financials", "Energy"]
rows = {(s, a): rt.flows.week_row(v, s, rt.flows.last_week_end(WEEK_END, a))
        for s in names for a, v in (("FRI", fri), ("WED", wed))}
f2 = pd.DataFrame(rows).T[["first_day", "week_end", "flow_usd", "coverage", "flow_pct"]]
f2[["flow_usd", "coverage", "flow_pct"]] = f2[["flow_usd", "coverage", "flow_pct"]].astype(float)
f2["flow_bn"] = f2["flow_usd"].astype(float) / 1e9
f2["stated_bn"] = [STATED_BN[s] for s, _ in f2.index]
f2.assign(week=[rt.text.day(d) for d in f2["week_end"]])[["week", "flow_bn", "stated_bn", "coverage", "flow_pct"]].round(2)

# %% [markdown]
# Figure 3 compares each stated weekly figure of F1–F3 with what the ETFs took (Friday weeks). Points on
# the dashed line would reproduce the article; grey bars are ranges from missing days.

# %%
friday = {s: rt.flows.week_row(fri, s, WEEK_END) for s in STATED_BN}
cmp = pd.DataFrame({"label": [f"{s} ({','.join(spdr.index[spdr == s])})" for s in STATED_BN],
                    "stated_bn": list(STATED_BN.values()),
                    "measured_bn": [friday[s]["observed_usd"] / 1e9 for s in STATED_BN],
                    "low_bn": [friday[s]["low_usd"] / 1e9 for s in STATED_BN],
                    "high_bn": [friday[s]["high_usd"] / 1e9 for s in STATED_BN]})
fig = rt.flows.plot_stated_vs_measured(cmp, f"Figure 3. Week to {WEEK_END}: stated vs measured sector flows",
                                       "article; etf_daily_flows.csv (snapshot)")

# %% tags=["hide-input"]
above = cmp.loc[cmp["measured_bn"] > cmp["stated_bn"], "label"].tolist()
rt.text.md("In Figure 3, {k} of the {n} points lie below the 45-degree line: the ETFs took less (or lost more) "
           "than stated. Above it: {a}.", k=len(cmp) - len(above), n=len(cmp),
           a=", ".join(above) or "none")

# %%
fr = f2.xs("FRI", level=1)
tol = float(rt.claims.claim("F2")["tolerance"])
within = (fr["flow_bn"] - fr["stated_bn"]).abs() <= tol
signed = (fr["flow_bn"] * fr["stated_bn"]) > 0
wd = f2.xs("WED", level=1)
wed_signed = int(((wd["flow_bn"] * wd["stated_bn"]) > 0).sum())
verdict = "supported" if within.all() else "partly supported" if signed.all() else "not supported"
rt.claims.record(
    "F2", verdict, round(float(fr.at["Industrials", "flow_bn"]), 3),  # the registry's stated value is Industrials
    f"ETF flows that week: " + ", ".join(f"{s} {rt.text.usd_bn(v * 1e9, 2)} (stated {fr.at[s, 'stated_bn']:+.1f})"
                                          for s, v in fr["flow_bn"].items())
    + f"; {int(within.sum())} of 3 within {tol:g} bn, {int(signed.sum())} of 3 with the stated sign"
      f"; in the Wednesday-ended week to {rt.text.day(wd['week_end'].iloc[0])}, {wed_signed} of 3 have the stated sign.",
    window=[rt.text.day(fr["first_day"].iloc[0]), WEEK_END],
    data_end=flows.dropna()["date"].max(), details={"stated_bn": {s: STATED_BN[s] for s in names}, "friday_week_bn": fr["flow_bn"].to_dict(),
             "wednesday_week_bn": wd["flow_bn"].to_dict()})

# %%
rt.text.md("**Caveats.** The three SPDRs are the largest US ETFs of their sectors but far from all sector funds; "
           "the article's figures include mutual funds and probably non-US funds. Financials (XLF) alone took "
           "{f} that week, {share} of the stated figure.", f=rt.text.usd_bn(fr.at["Financials", "flow_bn"] * 1e9, 2),
           share=rt.text.pct(fr.at["Financials", "flow_bn"] / fr.at["Financials", "stated_bn"], 0, sign=False))

# %% [markdown]
# <a id="F3"></a>
#
# ## F3 — technology outflows, six weeks in eight
#
# **Claim.** Same week: technology funds −USD 1.4 bn, their sixth weekly outflow in eight weeks.
#
# **Data.** XLK (and, as a variant, XLK with SOXX, which lacks most days). The flow data start on
# 2026-01-02, so of the eight weeks to 2026-01-30 the first ones lie before the data.
#
# **Method.** For each of the eight weeks: complete, partial or absent; a partial week counts as an
# outflow (or inflow) only if its whole range has that sign. The result is the smallest and largest
# number of outflow weeks consistent with the data.

# %%
labels = rt.flows.week_ends(WEEK_END, N_WEEKS, "FRI")
tech = rt.flows.sector_series(fri, "Information Technology")
soxx = rt.flows.sector_series(rt.flows.sector_weeks(flows, calendar, rt.flows.sector_map(funds, industry=True)),
                              "Information Technology")
counts = {"XLK": rt.flows.count_sign(tech, labels, -1), "XLK+SOXX": rt.flows.count_sign(soxx, labels, -1)}
f3 = tech.reindex(labels)[["observed_usd", "coverage", "low_usd", "high_usd"]].div([1e9, 1, 1e9, 1e9]).round(2)
f3

# %% tags=["hide-input"]
c = counts["XLK"]
K_STATED = int(float(rt.claims.claim("F3")["stated_value"]))  # "the sixth weekly outflow"
tech_week = float(tech.loc[WEEK_END, "flow_usd"])
rt.text.md("Of the {n} weeks, {cov} are complete, {part} partial and {ab} before the data. XLK had outflows in "
           "at least {lo} and at most {hi} of them (with SOXX: {slo} to {shi}); the stated {ks} is {poss}. In the week itself XLK's flow was {w} (stated −1.4 USD bn).",
           slo=counts["XLK+SOXX"].k_min, shi=counts["XLK+SOXX"].k_max, n=c.n, cov=c.covered, part=c.partial, ab=c.absent, lo=c.k_min, hi=c.k_max,
           ks=K_STATED, poss=("consistent with the data only if every uncovered week was an outflow"
                              if c.possible(K_STATED) and c.k_max == K_STATED else
                              "consistent with the data" if c.possible(K_STATED) else "excluded"),
           w=rt.text.usd_bn(tech_week, 2))

# %%
verdict = "undecidable with this data" if c.k_min != c.k_max else rt.claims.decide("F3", c.k_min)[0]
rt.claims.record(
    "F3", verdict, f"{c.k_min}–{c.k_max}" if c.k_min != c.k_max else c.k_min,
    f"only {c.covered} of the {c.n} weeks to {WEEK_END} are complete in the flow data ({c.partial} partial, {c.absent} "
    f"before {rt.text.day(flows.dropna()['date'].min())}): XLK had outflows in {c.k_min} to {c.k_max} of them, so the stated {K_STATED} of {c.n} is "
    f"{'possible but unverified' if c.possible(K_STATED) else 'excluded'}; the week's XLK flow was "
    f"{rt.text.usd_bn(tech_week, 2)} vs the stated −1.4 bn.",
    window=[rt.text.day(labels[0] - pd.Timedelta(days=4)), WEEK_END], data_end=flows.dropna()["date"].max(),
    details={k: {"covered": v.covered, "partial": v.partial, "absent": v.absent, "k_min": v.k_min, "k_max": v.k_max}
             for k, v in counts.items()} | {"xlk_week_bn": tech_week / 1e9})

# %% [markdown]
# **Caveats.** The count needs flows from early December 2025, which the snapshot lacks; the live path
# could rebuild them from XLK's daily share counts (see F4). XLK is the largest US technology ETF, but
# Vanguard's VGT and the mutual funds in the article's data are missing.
#
# <a id="F4"></a>
#
# ## F4 — a short-lived cyclical surge after the November 2024 election
#
# **Claim.** A similar surge of cyclical-sector inflows happened briefly after the November 2024
# election and faded quickly (Deutsche Bank strategist).
#
# **Data.** None of the snapshot's flows reach back to 2024. Published figures give the context but not
# the sectors: they are listed below.

# %%
pub = rt.data.published_flow_figures()
pub[pub["claim"].str.startswith("F4")][["figure_id", "quantity", "value", "unit", "period_start", "period_end", "publisher"]]

# %% [markdown]
# **What would decide it.** Daily (or weekly) net flows of the cyclical sector funds (XLB, XLE, XLF, XLI,
# XLY and their Vanguard/iShares peers) from October 2024 to February 2025: a surge means weekly inflows
# well above their 2024 norm in the weeks after 2024-11-05, "faded quickly" means a return to that norm
# within a few weeks. The live path of the project can rebuild them from share counts, as
# `rt.flows.implied_flows` does with the snapshot (it reproduces the reported flows, see the checks
# above). This snippet is not run here (no network):
#
# ```python
# import yfinance as yf
# shares = yf.Ticker("XLF").get_shares_full(start="2024-10-01", end="2025-02-28")   # shares by date
# px = yf.download("XLF", start="2024-10-01", end="2025-02-28", auto_adjust=False)["Close"]
# frame = (shares.rename("shares").to_frame().assign(date=lambda d: d.index.tz_localize(None).normalize())
#          .groupby("date").last().join(px.rename(columns={"XLF": "price"})).reset_index().assign(ticker="XLF"))
# daily = rt.flows.implied_flows(frame)   # (shares_t - shares_prev) × price_t, USD
# ```
#
# Yahoo's share counts are sparse for some funds and can lag issuers' files by a day, so the implied
# flows need the same coverage checks as the snapshot's.

# %%
rt.claims.record(
    "F4", "undecidable with this data", None,
    f"the snapshot's flows start on {rt.text.day(flows.dropna()['date'].min())}; deciding it needs daily or weekly flows of the cyclical sector "
    "funds from Oct 2024 to Feb 2025 (issuer share counts or yfinance get_shares_full × price); published "
    "figures (PF05-PF08) show a record all-ETF inflow after the 2024 election but no sector detail",
    window=["2024-11-05", "2025-01-31"], data_end=flows.dropna()["date"].max())

# %% [markdown]
# **Caveats.** PF08 is the 2016 election (XLF's record week), not 2024; PF05–PF07 are total flows.
#
# <a id="F5"></a>
#
# ## F5 — RSP's 2026 inflows
#
# **Claim.** The Invesco S&P 500 Equal Weight ETF (RSP) took about USD 4.8 bn in 2026 to date, third among
# roughly 1,500 US equity ETFs (the article).
#
# **Data.** RSP is **not** in the snapshot's flow data. The US equity ETFs that are give a partial league table;
# the one page in the snapshot that states the figure (PF01) reproduces the article, so it is not
# independent evidence.
#
# **Method.** Net flows from the first trading day of 2026 to the article's Friday, with ranges for
# missing days; then the best and worst rank a USD 4.8 bn inflow would take among these funds. The table
# lists them by observed flow (USD bn).

# %%
us_eq = funds.loc[(funds["asset_class"] == "equity") & (funds["region"] == "US"), "ticker"].tolist()
ytd = rt.flows.window_sums(flows, calendar, us_eq, *YTD)
best, worst = rt.flows.rank_of(RSP_STATED_BN * 1e9, ytd)
ytd_bn = (ytd[["observed_usd", "low_usd", "high_usd"]] / 1e9).join(ytd[["days", "days_observed"]]).round(2)
ytd_bn.sort_values("observed_usd", ascending=False)

# %% tags=["hide-input"]
rt.text.md("Funds whose flow exceeded {x} bn: surely {sure}; possibly, within "
           "the range of their missing days, {maybe}. A {x} bn inflow would rank {b} to {w} among these {n} funds.",
           x=RSP_STATED_BN, sure=", ".join(ytd.index[ytd["low_usd"] > RSP_STATED_BN * 1e9]) or "none",
           maybe=", ".join(ytd.index[(ytd["high_usd"] > RSP_STATED_BN * 1e9) & ~(ytd["low_usd"] > RSP_STATED_BN * 1e9)]) or "none",
           b=best, w=worst, n=len(us_eq))

# %%
if "RSP" in set(flows["ticker"]):  # a data source with RSP (e.g. the live path) decides it directly
    rsp = rt.flows.window_sums(flows, calendar, ["RSP"], *YTD).loc["RSP"]
    rsp_bn = float(rsp["flow_usd"]) / 1e9  # NaN if a day is missing: decide() then raises, by design
    v, why = rt.claims.decide("F5", rsp_bn)
    f5 = rt.claims.record("F5", v, rsp_bn, why, window=list(YTD), data_end=flows.dropna()["date"].max())
else:
    f5 = rt.claims.record(
        "F5", "undecidable with this data", None,
        f"RSP is not in the flow data; among the {len(us_eq)} US equity ETFs covered a {RSP_STATED_BN} bn inflow to "
        f"{YTD[1]} would rank {best}{'' if best == worst else f' to {worst}'} (the article: 3rd of ~1,500); the only "
        "page stating the figure repeats the article. RSP's daily share counts (issuer file or yfinance "
        "get_shares_full) × price would decide it.",
        window=list(YTD), data_end=flows.dropna()["date"].max(),
        details={"rank_if_stated_best": best, "rank_if_stated_worst": worst, "funds_covered": len(us_eq)})
f5

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
wr = {a: rt.flows.weekly_returns(closes, a).rename(columns=spdr) for a in ("FRI", "WED")}
fp = {"FRI": fri, "WED": wed}
panels = {a: rt.flows.chase_panel(fp[a].pivot(index="week_end", columns="sector", values="flow_pct"), wr[a],
                                  CHASE_MONTH_WEEKS) for a in fp}
fits = {(a, fe): rt.flows.chase_regression(panels[a], fixed_effects=fe, maxlags=HAC_LAGS)
        for a in panels for fe in (False, True)}
chase = pd.concat(fits, names=["week", "sector_effects"])
chase.round(3)

# %% [markdown]
# Figure 4 plots each sector-week's flow against the previous week's return (Friday weeks); the line is
# the least-squares fit on that return alone.

# %%
import seaborn as sns

ax = sns.regplot(panels["FRI"], x="ret_prior_week_pct", y="flow_pct", ci=None, scatter_kws={"s": 18, "alpha": 0.6},
                 line_kws={"color": rt.plots.OKABE_ITO[3]})
fig = rt.plots.finish(ax, "Figure 4. Sector SPDR weekly flow vs prior-week return", "flow, % of start-of-week AUM",
                      "etf_daily_flows.csv, etf_daily.parquet (snapshot)", xlabel="prior-week total return, %")

# %% tags=["hide-input"]
b = fits[("FRI", True)].loc["ret_prior_week_pct"]
m = fits[("FRI", True)].loc["ret_prior_month_pct"]
rt.text.md("With sector effects, a 1 pp higher return in the previous week goes with {bw:+.2f} pp of AUM more "
           "inflow (HAC p = {pw:.2f}); a 1 pp higher return over the month before goes with {bm:+.2f} pp "
           "(p = {pm:.2f}). {n} sector-weeks, {w} weeks.", bw=b["coef"], pw=b["p"], bm=m["coef"], pm=m["p"],
           n=int(b["n"]), w=int(b["weeks"]))

# %% tags=["hide-input"]
sig = chase[chase["p"] < 0.05]
rt.text.md("Across the four fits, terms with HAC p < 0.05: {s}. The signs are the same in every fit: prior-week "
           "returns {w}, prior-month returns {m}.",
           s="; ".join(f"{t} ({a} weeks, {'with' if fe else 'without'} sector effects, p = {r['p']:.3f})"
                       for (a, fe, t), r in sig.iterrows()) or "none",
           w="positive" if (chase.xs("ret_prior_week_pct", level=2)["coef"] > 0).all() else "mixed",
           m="negative" if (chase.xs("ret_prior_month_pct", level=2)["coef"] < 0).all() else "mixed")

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
# sector SPDRs' flows by month, with the days observed.

# %%
months = {m: rt.flows.window_sums(flows, calendar, list(spdr.index), *r) for m, r in
          {"Jan": ("2026-01-01", "2026-01-31"), "Feb": ("2026-02-01", "2026-02-28"),
           "Mar": ("2026-03-01", "2026-03-31")}.items()}
nxt = pd.concat({m: (v["observed_usd"] / 1e9).round(2) for m, v in months.items()}, axis=1)
nxt["days missing (Jan-Mar)"] = sum(v["days"] - v["days_observed"] for v in months.values())
nxt.rename(index=spdr).rename_axis("sector (SPDR), USD bn")

# %% [markdown]
# Independent check of the flow file: a blog citing ETFdb (PF09, PF10), published by 2026-02-14, reported
# over "the past month" flows into XLE and out of XLK. Its window is not stated, so the table sums every
# one-month window ending between 2026-02-06 and 2026-02-13 (observed days; XLK misses one).

# %%
ends = calendar[(calendar >= "2026-02-06") & (calendar <= "2026-02-13")]
one_month = pd.concat({rt.text.day(e): rt.flows.window_sums(flows, calendar, ["XLE", "XLK"],
                                                            e - pd.DateOffset(months=1) + pd.Timedelta(days=1), e)["observed_usd"] / 1e9
                       for e in ends}, axis=1).T.round(2)
published = pub.set_index("figure_id").loc[["PF09", "PF10"], "value"].set_axis(["XLE", "XLK"])
one_month.loc["published (ETFdb)"] = published
one_month

# %%
inside = {t: one_month.iloc[:-1][t].min() <= published[t] <= one_month.iloc[:-1][t].max() for t in published.index}
rt.text.md("The published XLK figure is {k} the range of these windows and the XLE figure {e}: the flow file "
           "{verdict}.", k="inside" if inside["XLK"] else "outside", e="inside" if inside["XLE"] else "outside",
           verdict="matches an independent source" if all(inside.values()) else
           "matches it in sign and, for one fund, in size; the other gap may be a different window or data vendor")

# %% [markdown]
# ## Sources

# %%
cited = pub[pub["figure_id"].isin(["PF01", "PF05", "PF07", "PF08", "PF09"])]
rt.text.table(cited.assign(link=[f"[{p.split('/')[2]}]({u})" for p, u in zip(cited["url"], cited["url"])])
              .set_index("figure_id")[["quantity", "publisher", "link"]])

# %% [markdown]
# Market data: the snapshot's `flows/etf_daily_flows.csv`, `flows/etf_shares_outstanding.csv`,
# `flows/etf_aum.csv` and `prices/etf_daily.parquet` (the README's data section says where each file comes from).
# Fund classification: `data/flow_funds.csv`.
