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
WEEK_END = "2026-01-30"  # the article's week (Friday); Wednesday-ended weeks are shown too
N_WEEKS = 8  # "the sixth weekly outflow in eight weeks"
YTD = ("2026-01-01", "2026-01-30")  # F5: "2026 to date, through last Friday"
AUM_DATE = "2026-03-31"  # last day with shares outstanding and a price for every fund
CHASE_MONTH_WEEKS = 4  # the prior month: four weeks before a week
HAC_LAGS = 2  # Newey–West lags, weeks
STATED_BN = {
    "Materials": 6.5,
    "Industrials": 3.0,
    "Financials": 2.9,
    "Energy": 1.7,
    "Information Technology": -1.4,
}  # the article's figures, USD bn
RSP_STATED_BN = 4.8

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
    "The file holds {k} ETFs; its days with data run from {a} to {b} ({n} trading days); of the sector funds, {worst} "
    "lacks the most days ({m} of {n}) and {full} have a flow every day.",
    k=flows["ticker"].nunique(),
    a=rt.text.day(flows.dropna()["date"].min()),
    b=rt.text.day(flows.dropna()["date"].max()),
    n=int(cov["trading_days"].iloc[0]),
    worst=cov["missing"].idxmax(),
    m=int(cov["missing"].max()),
    full=int((cov["missing"] == 0).sum()),
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
fri = rt.flows.sector_weeks(flows, calendar, spdr, closes=closes, anchor_aum=anchor_aum, anchor_date=AUM_DATE)
wed = rt.flows.sector_weeks(
    flows, calendar, spdr, anchor="WED", closes=closes, anchor_aum=anchor_aum, anchor_date=AUM_DATE
)
fri_wide = rt.flows.sector_weeks(flows, calendar, wide)
wed_wide = rt.flows.sector_weeks(flows, calendar, wide, anchor="WED")
frames = {
    ("FRI", "narrow"): fri,
    ("WED", "narrow"): wed,
    ("FRI", "widened"): fri_wide,
    ("WED", "widened"): wed_wide,
}

# %% tags=["hide-input"]
imp = rt.aum.implied_flows(sh[sh["ticker"].isin(spdr.index)]).merge(flows, on=["date", "ticker"]).dropna()
gap_share = ((imp["implied_flow_usd"] - imp["flow_usd"]).abs() / imp["flow_usd"].abs().clip(lower=1e6)).max()
aum_file = rt.data.etf_aum().set_index("ticker")["aum_usd"].reindex(spdr.index)
rt.text.md(
    "Checks. Share-count changes × price reproduce the reported flows on the {n} fund-days where "
    "both exist (largest gap {g} of the flow), so a flow here is created or redeemed shares × NAV "
    "on the trade date. The funds' AUM on {d} (shares × price) totals {a}; the snapshot's AUM file "
    "({f}) is a few days later.",
    n=len(imp),
    g=rt.text.pct(gap_share, 2, sign=False),
    d=AUM_DATE,
    a=f"{anchor_aum[spdr.index].sum() / 1e9:.1f} USD bn",
    f=f"{aum_file.sum() / 1e9:.1f} USD bn",
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
pct = fri.dropna(subset=["flow_pct"])
blank = fri[fri["flow_usd"].isna()].groupby("sector").size()
big = pct.loc[pct["flow_pct"].abs().idxmax()]
rt.text.md(
    "In Figure 1, {s} of the {n} complete sector-weeks moved more than 5 % of assets; the largest was {sec} "
    "in the week to {w} ({v}). {b} has the most blank weeks ({k} of {m}).",
    s=int((pct["flow_pct"].abs() > 5).sum()),
    n=len(pct),
    sec=big["sector"],
    w=rt.text.day(big["week_end"]),
    v=rt.text.pct(big["flow_pct"], fraction=False),
    b=blank.idxmax(),
    k=int(blank.max()),
    m=fri["week_end"].nunique(),
)

# %% [markdown]
#
# <a id="F1"></a>
#
# ## F1 — a record week for Materials
#
# **Claim.** In the week to about 2026-01-30, Materials sector funds took a record +USD 6.5 bn
# (Deutsche Bank flows data).
#
# **Data.** Only a proxy: the Materials ETFs of the flow file, XLB alone and widened with GDX and GDXJ.
#
# **Method.** The week's sum with its coverage and range (Friday- and Wednesday-ended weeks); "record"
# means larger than every earlier week in the data: certain if the week's lower bound beats every earlier
# week's upper bound, excluded if an earlier week's lower bound reaches its upper bound. The rule
# (`data/claims.csv`, F1): supported within 1 bn of +6.5 bn and a record, partly within 3 bn or a record.
# Applied to the proxy over its whole range: where the range or an unknown record leaves more than one
# verdict, the proxy's verdict is itself undecidable. The four definitions are the robustness grid (of
# proxy verdicts); the registry's cell is the Friday week of the widened set.

# %%
f1 = rt.flow_records.week_by_definition(frames, "Materials", WEEK_END)
f1["proxy verdict"] = rt.rules.grid(
    "F1",
    [
        {"low": r.low_usd / 1e9, "high": r.high_usd / 1e9, "record": rt.flow_records.RECORD_INPUT[r.record]}
        for r in f1.itertuples()
    ],
)
f1_bn = f1[["observed_usd", "low_usd", "high_usd"]].div(1e9).round(2)
f1_bn.join(f1[["coverage", "record", "earlier_weeks", "proxy verdict"]].round(2)).assign(
    week_to=[rt.text.day(d) for d in f1["week_end"]]
)

# %% [markdown]
# Figure 2 puts the week among all weeks of the data; a week without a vertical bar is complete.

# %%
fig = rt.plots.flow_weeks_with_bounds(
    {
        "XLB": rt.flows.sector_series(fri, "Materials"),
        members["Materials"].replace(", ", "+"): rt.flows.sector_series(fri_wide, "Materials"),
    },
    "Figure 2. Materials ETF flows by Friday-ended week",
    "etf_daily_flows.csv (snapshot)",
    mark=WEEK_END,
)

# %% [markdown]
# Figure 2 shows that the ranges left by missing days are wider than the weekly Materials flows
# themselves, which is why the record test cannot be settled; the week of the claim is the dotted line.

# %%
m1 = f1.loc[("FRI", "widened")]
d1 = rt.rules.bounded(
    "F1",
    m1["low_usd"] / 1e9,
    m1["high_usd"] / 1e9,
    record=rt.flow_records.RECORD_INPUT[m1["record"]],
    proxy=f"Materials ETFs in the flow file ({members['Materials']}), Friday week, "
    f"{m1['fund_days_observed']} of {m1['fund_days']} fund-days observed",
)
f1_rob = rt.robustness.summary(
    f1["proxy verdict"],
    "proxy verdicts (F1 itself is undecidable in every cell): Friday- "
    f"and Wednesday-ended weeks × XLB alone or every Materials fund of the flow file "
    f"({members['Materials']})",
    at=d1.proxy["verdict"],
)
mat_aum = anchor_aum[wide.index[wide == "Materials"]]
share = {
    "XLB": STATED_BN["Materials"] * 1e9 / mat_aum["XLB"],
    "all": STATED_BN["Materials"] * 1e9 / mat_aum.sum(),
}
top = f1["high_usd"].max() / 1e9
far = m1["high_usd"] / 1e9 < STATED_BN["Materials"] - float(rt.registry.claim("F1")["partial_tolerance"])
rt.claims.record(
    d1,
    None,
    f"{d1.reason}. On the amount alone the proxy is {'more' if far else 'less'} than "
    f"{float(rt.registry.claim('F1')['partial_tolerance']):g} bn from the stated figure on every reading; the record, "
    f"{m1['record']} with the missing days, is what decides between 'partly' and 'not'. "
    f"Plausibility: a {STATED_BN['Materials']:g} USD bn week would be {share['XLB']:.0%} of XLB's assets "
    f"and {share['all']:.0%} of the three funds' assets on {AUM_DATE}; with every missing day at its largest flow "
    f"no definition exceeds {top:+.1f} USD bn. The claim covers every Materials fund in the provider's data "
    "(ETFs and mutual funds), so the stated figure may be right for that universe.",
    window=[rt.text.day(m1["first_day"]), WEEK_END],
    data_end=flows.dropna()["date"].max(),
    details={
        f"{w} week, {f}": {
            "observed_bn": r["observed_usd"] / 1e9,
            "low_bn": r["low_usd"] / 1e9,
            "high_bn": r["high_usd"] / 1e9,
            "coverage": r["coverage"],
            "record": r["record"],
            "proxy_verdict": r["proxy verdict"],
        }
        for (w, f), r in f1.iterrows()
    },
    headline=(
        f"Only a proxy is in the data: the Materials ETFs of the flow file ({members['Materials']}) took "
        f"{m1['observed_usd'] / 1e9:+.1f} USD bn that week on the days observed (at most {m1['high_usd'] / 1e9:+.1f} "
        f"with the missing days), {'far from' if far else 'possibly near'} the stated {STATED_BN['Materials']:g} bn, but the claim covers all "
        "Materials funds."
    ),
    measured_text="not in the data (all Materials funds)",
    proxy={**d1.proxy, "value": m1["observed_usd"] / 1e9},
    robustness=f1_rob,
)

# %% tags=["hide-input"]
rt.text.md(
    "**Proxy result:** {p} on the registry's cell. **Robustness:** {r}.\n\n"
    "**Caveats.** A record over the {n} earlier weeks of these data would say little about a record over the "
    "provider's history. The missing-day range rests on each fund's largest daily flow in the data.",
    p=d1.proxy["verdict"],
    r=rt.robustness.text(f1_rob),
    n=int(f1["earlier_weeks"].max()),
)

# %% [markdown]
# <a id="F2"></a>
#
# ## F2 — Industrials, Financials and Energy in the same week
#
# **Claim.** Same week: Industrials +USD 3.0 bn, Financials +USD 2.9 bn, Energy +USD 1.7 bn (Deutsche Bank).
#
# **Data and method.** Only a proxy: the flow file holds one fund per sector here (XLI, XLF, XLE), so the
# widened set is the narrow one; weekly sums as above. Rule (`data/claims.csv`, F2): supported if all three
# are within USD 1 bn of the stated figures, partly if all three have the stated sign; applied to the proxy
# over the range of any missing days. Robustness grid (of proxy verdicts): Friday- and Wednesday-ended
# weeks.

# %%
names = ["Industrials", "Financials", "Energy"]
stated2 = {s: STATED_BN[s] for s in names}
f2 = (
    pd.concat(
        {
            s: rt.flow_records.week_by_definition(frames, s, WEEK_END).xs("widened", level="funds")
            for s in names
        },
        names=["sector"],
    )
    .swaplevel()
    .sort_index()
)
f2["flow_bn"], f2["stated_bn"] = f2["observed_usd"] / 1e9, [STATED_BN[s] for _, s in f2.index]


def bounds_bn(week: str) -> dict:
    """The week's per-sector bounds (USD bn) as the rule's inputs."""
    w = f2.xs(week, level="week").reindex(names)
    return {"low": (w["low_usd"] / 1e9).to_dict(), "high": (w["high_usd"] / 1e9).to_dict(), "stated": stated2}


f2_cells = {w: bounds_bn(w) for w in ("FRI", "WED")}
f2_grid = dict(zip(f2_cells, rt.rules.grid("F2", f2_cells.values())))
f2.assign(week_to=[rt.text.day(d) for d in f2["week_end"]])[
    ["week_to", "flow_bn", "stated_bn", "coverage"]
].round(2)

# %% [markdown]
# Figure 3 compares each stated weekly figure of F1–F3 with what the ETFs of the flow file took (Friday
# weeks, widened sets). Points on the dashed line would reproduce the article; grey bars are ranges from
# missing days.

# %%
friday = {s: rt.flows.week_row(fri_wide, s, WEEK_END) for s in STATED_BN}
cmp = pd.DataFrame(
    {
        "label": [f"{s} ({members[s]})" for s in STATED_BN],
        "stated_bn": list(STATED_BN.values()),
        "measured_bn": [friday[s]["observed_usd"] / 1e9 for s in STATED_BN],
        "low_bn": [friday[s]["low_usd"] / 1e9 for s in STATED_BN],
        "high_bn": [friday[s]["high_usd"] / 1e9 for s in STATED_BN],
    }
)
fig = rt.plots.stated_vs_measured(
    cmp,
    f"Figure 3. Week to {WEEK_END}: stated vs measured sector flows",
    "article; etf_daily_flows.csv (snapshot)",
)

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
fr = f2.xs("FRI", level="week")
d2 = rt.rules.bounded(
    "F2",
    **f2_cells["FRI"],
    proxy=f"the flow file's {', '.join(f'{s} ({members[s]})' for s in names)} ETFs, Friday week, "
    f"{int(fr['fund_days_observed'].sum())} of {int(fr['fund_days'].sum())} fund-days observed",
)
f2_rob = rt.robustness.summary(
    list(f2_grid.values()),
    "proxy verdicts (F2 itself is undecidable in every cell): Friday- "
    "and Wednesday-ended weeks (the flow file holds no other fund of these sectors, so the "
    "widened sets equal the SPDRs)",
    at=d2.proxy["verdict"],
)
aum2 = {s: STATED_BN[s] * 1e9 / anchor_aum[wide.index[wide == s]].sum() for s in names}
rt.claims.record(
    d2,
    None,
    f"{d2.reason}. Plausibility: the stated weeks would be "
    + ", ".join(f"{aum2[s]:.0%} of {members[s]}'s" for s in names)
    + f" assets on {AUM_DATE}. The claim covers every fund of these sectors in the provider's data.",
    window=[rt.text.day(fr["first_day"].min()), WEEK_END],
    data_end=flows.dropna()["date"].max(),
    details={
        "stated_bn": stated2,
        "friday_week_bn": fr["flow_bn"].to_dict(),
        "wednesday_week_bn": f2.xs("WED", level="week")["flow_bn"].to_dict(),
        "proxy_verdicts": {f"{w} week": v for w, v in f2_grid.items()},
    },
    headline=(
        "Only a proxy is in the data: the sector ETFs of the flow file took "
        + ", ".join(f"{s} {fr.at[s, 'flow_bn']:+.2f}" for s in names)
        + " USD bn that week against the stated "
        + ", ".join(f"{stated2[s]:+.1f}" for s in names)
        + " bn, but the claim covers all funds of these sectors."
    ),
    measured_text="not in the data (all Industrials, Financials, Energy funds)",
    proxy={**d2.proxy, "value": ", ".join(f"{s} {fr.at[s, 'flow_bn']:+.2f}" for s in names)},
    robustness=f2_rob,
)

# %%
rt.text.md(
    "**Proxy result:** {p} (Friday week); Wednesday week: {w}. **Robustness:** {r}.\n\n"
    "**Caveats.** The three SPDRs are the largest US ETFs of their sectors but far from all sector funds; the "
    "article's figures include mutual funds and probably non-US funds. Financials (XLF) alone took {f} that "
    "week, {share} of the stated figure.",
    p=d2.proxy["verdict"],
    w=f2_grid["WED"],
    r=rt.robustness.text(f2_rob),
    f=rt.text.usd_bn(fr.at["Financials", "flow_bn"] * 1e9, 2),
    share=rt.text.pct(fr.at["Financials", "flow_bn"] / fr.at["Financials", "stated_bn"], 0, sign=False),
)

# %% [markdown]
# <a id="F3"></a>
#
# ## F3 — technology outflows, six weeks in eight
#
# **Claim.** Same week: technology funds −USD 1.4 bn, their sixth weekly outflow in eight weeks.
#
# **Data.** Only a proxy: XLK, widened with SOXX (which lacks many days). The flow data start on
# 2026-01-02, so of the eight weeks to 2026-01-30 the first ones lie before the data.
#
# **Method.** For each of the eight weeks: complete, partial or absent; a partial week counts as an
# outflow (or inflow) only if its whole range has that sign. The result is the smallest and largest
# number of outflow weeks consistent with the data. Rule (`data/claims.csv`, F3): supported if 6 of 8,
# partly if 5 or 7; applied to every count the data allow. Robustness grid (of proxy verdicts): Friday-
# and Wednesday-ended weeks × narrow and widened fund sets; the registry's cell is Friday weeks, widened.

# %%
tech = "Information Technology"
counts = {}
for (anchor, fs), frame in frames.items():
    labels_ = rt.flows.week_ends(rt.flows.last_week_end(WEEK_END, anchor), N_WEEKS, anchor)
    counts[(anchor, fs)] = rt.flow_records.count_sign(rt.flows.sector_series(frame, tech), labels_, -1)
f3 = pd.DataFrame(
    {
        k: {
            "complete": c.covered,
            "partial": c.partial,
            "absent": c.absent,
            "outflows_min": c.k_min,
            "outflows_max": c.k_max,
        }
        for k, c in counts.items()
    }
).T.rename_axis(["week", "funds"])
f3["proxy verdict"] = rt.rules.grid(
    "F3", [{"candidates": range(c.k_min, c.k_max + 1)} for c in counts.values()]
)
labels = rt.flows.week_ends(WEEK_END, N_WEEKS, "FRI")
weeks3 = rt.flows.sector_series(fri_wide, tech).reindex(labels)[
    ["observed_usd", "coverage", "low_usd", "high_usd"]
]
display(weeks3.div([1e9, 1, 1e9, 1e9]).round(2))
f3

# %% tags=["hide-input"]
c = counts[("FRI", "widened")]
K_STATED = int(float(rt.registry.claim("F3")["stated_value"]))  # "the sixth weekly outflow"
wk3 = rt.flows.week_row(fri_wide, tech, WEEK_END)
rt.text.md(
    "Of the {n} Friday weeks, {cov} are complete for {m}, {part} partial and {ab} before the data. These "
    "funds had outflows in at least {lo} and at most {hi} of them (XLK alone: {slo} to {shi}); the stated {ks} "
    "is {poss}. In the week itself they took {w} on the days observed ({d} of {dd} fund-days; stated −1.4 USD bn).",
    m=members[tech],
    slo=counts[("FRI", "narrow")].k_min,
    shi=counts[("FRI", "narrow")].k_max,
    n=c.n,
    cov=c.covered,
    part=c.partial,
    ab=c.absent,
    lo=c.k_min,
    hi=c.k_max,
    ks=K_STATED,
    poss="consistent with the data" if c.possible(K_STATED) else "excluded",
    w=rt.text.usd_bn(wk3["observed_usd"], 2),
    d=int(wk3["fund_days_observed"]),
    dd=int(wk3["fund_days"]),
)

# %%
d3 = rt.rules.decide(
    "F3",
    candidates=range(c.k_min, c.k_max + 1),
    proxy=f"technology ETFs in the flow file ({members[tech]}), Friday weeks, {c.covered} of {c.n} "
    "weeks complete",
)
f3_rob = rt.robustness.summary(
    f3["proxy verdict"],
    "proxy verdicts (F3 itself is undecidable in every cell): Friday- and "
    f"Wednesday-ended weeks × XLK alone or every technology fund of the flow file ({members[tech]})",
    at=d3.proxy["verdict"],
)
rt.claims.record(
    d3,
    None,
    f"{d3.reason}. {c.covered} of the {c.n} weeks to {WEEK_END} are complete ({c.partial} partial, {c.absent} "
    f"before {rt.text.day(flows.dropna()['date'].min())}). The week's flow of these funds: "
    f"{rt.text.usd_bn(wk3['observed_usd'], 2)} observed (range {rt.text.usd_bn(wk3['low_usd'], 2)} … "
    f"{rt.text.usd_bn(wk3['high_usd'], 2)}) vs the stated −1.4 bn.",
    window=[rt.text.day(labels[0] - pd.Timedelta(days=4)), WEEK_END],
    data_end=flows.dropna()["date"].max(),
    details={
        f"{w} weeks, {f}": {
            "covered": v.covered,
            "partial": v.partial,
            "absent": v.absent,
            "k_min": v.k_min,
            "k_max": v.k_max,
        }
        for (w, f), v in counts.items()
    }
    | {"week_observed_bn": wk3["observed_usd"] / 1e9},
    headline=(
        f"Only a proxy is in the data, and it is too short: the technology ETFs of the flow file ({members[tech]}) "
        f"had outflows in {c.k_min} to {c.k_max} of the {c.n} weeks (the data start in January), so the stated "
        f"{K_STATED} of {c.n} can be neither confirmed nor excluded."
        if c.k_min != c.k_max
        else f"Only a proxy is in the data: the technology ETFs of the flow file ({members[tech]}) had outflows in "
        f"{c.k_min} of the {c.n} weeks against the stated {K_STATED}, but the claim covers all technology funds."
    ),
    measured_text="not in the data (all technology funds)",
    proxy={**d3.proxy, "value": f"{c.k_min}–{c.k_max}" if c.k_min != c.k_max else c.k_min},
    robustness=f3_rob,
)

# %% tags=["hide-input"]
rt.text.md(
    "**Proxy result:** {p} on the registry's cell. **Robustness:** {r}.",
    p=d3.proxy["verdict"],
    r=rt.robustness.text(f3_rob),
)

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
pub[pub["claim"].str.startswith("F4")][
    ["figure_id", "quantity", "value", "unit", "period_start", "period_end", "publisher"]
]

# %% [markdown]
# **What would decide it.** Daily (or weekly) net flows of the cyclical sector funds (XLB, XLE, XLF, XLI,
# XLY and their Vanguard/iShares peers) from October 2024 to February 2025: a surge means weekly inflows
# well above their 2024 norm in the weeks after 2024-11-05, "faded quickly" means a return to that norm
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
    reason=f"the snapshot's flows start on {rt.text.day(flows.dropna()['date'].min())}; deciding it needs daily or "
    "weekly flows of the cyclical sector funds from Oct 2024 to Feb 2025 (issuer share counts or yfinance "
    "get_shares_full × price); published figures (PF05-PF08) show a record all-ETF inflow after the 2024 election but "
    "no sector detail",
)
rt.claims.record(
    d4,
    None,
    d4.reason,
    window=["2024-11-05", "2025-01-31"],
    data_end=flows.dropna()["date"].max(),
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
# lists them by observed flow (USD bn). Rule (`data/claims.csv`, F5): RSP's flow within 0.5 bn of 4.8 bn,
# partly within 1.5 bn; undecidable without RSP flows. **Robustness:** none while RSP's flows are missing
# (a grid of windows would vary nothing); with RSP in the data, the verdict is taken over the range of any
# missing days.

# %%
us_eq = funds.loc[(funds["asset_class"] == "equity") & (funds["region"] == "US"), "ticker"].tolist()
ytd = rt.flows.window_sums(flows, calendar, us_eq, *YTD)
best, worst = rt.flow_records.rank_of(RSP_STATED_BN * 1e9, ytd)
ytd_bn = (ytd[["observed_usd", "low_usd", "high_usd"]] / 1e9).join(ytd[["days", "days_observed"]]).round(2)
ytd_bn.sort_values("observed_usd", ascending=False)

# %% tags=["hide-input"]
rt.text.md(
    "Funds whose flow exceeded {x} bn: surely {sure}; possibly, within "
    "the range of their missing days, {maybe}. A {x} bn inflow would rank {b} to {w} among these {n} funds.",
    x=RSP_STATED_BN,
    sure=", ".join(ytd.index[ytd["low_usd"] > RSP_STATED_BN * 1e9]) or "none",
    maybe=", ".join(
        ytd.index[(ytd["high_usd"] > RSP_STATED_BN * 1e9) & ~(ytd["low_usd"] > RSP_STATED_BN * 1e9)]
    )
    or "none",
    b=best,
    w=worst,
    n=len(us_eq),
)

# %%
if "RSP" in set(flows["ticker"]):  # a data source with RSP (e.g. the live path) decides it directly
    rsp = rt.flows.window_sums(flows, calendar, ["RSP"], *YTD).loc["RSP"]
    d5 = rt.rules.bounded("F5", rsp["low_usd"] / 1e9, rsp["high_usd"] / 1e9)
    f5 = rt.claims.record(
        d5,
        rsp["observed_usd"] / 1e9,
        d5.reason,
        window=list(YTD),
        data_end=flows.dropna()["date"].max(),
        headline=f"RSP took {rsp['observed_usd'] / 1e9:+.1f} USD bn in 2026 to {YTD[1]} against the "
        f"stated {RSP_STATED_BN:g} bn: {d5.verdict}.",
        measured_text=f"{rsp['observed_usd'] / 1e9:+.2f} USD bn ({int(rsp['days_observed'])} of "
        f"{int(rsp['days'])} days)",
    )
else:
    d5 = rt.rules.undecidable(
        f"RSP is not in the flow data; among the {len(us_eq)} US equity ETFs covered a {RSP_STATED_BN} bn inflow to "
        f"{YTD[1]} would rank {best}{'' if best == worst else f' to {worst}'} (the article: 3rd of ~1,500); the only "
        "page stating the figure repeats the article. RSP's daily share counts (issuer file or yfinance "
        "get_shares_full) × price would decide it.",
        claim_id="F5",
    )
    f5 = rt.claims.record(
        d5,
        None,
        d5.reason,
        window=list(YTD),
        data_end=flows.dropna()["date"].max(),
        details={"rank_if_stated_best": best, "rank_if_stated_worst": worst, "funds_covered": len(us_eq)},
        headline=f"The data cannot decide it: RSP's flows are not in the data; a {RSP_STATED_BN:g} USD bn inflow would "
        f"rank {best}{'' if best == worst else f' to {worst}'} among the {len(us_eq)} US equity ETFs that are.",
        measured_text="RSP not in the flow data",
    )
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
wr = {a: rt.chase.weekly_returns(closes, a).rename(columns=spdr) for a in ("FRI", "WED")}
fp = {"FRI": fri, "WED": wed}
panels = {
    a: rt.chase.panel(
        fp[a].pivot(index="week_end", columns="sector", values="flow_pct"), wr[a], CHASE_MONTH_WEEKS
    )
    for a in fp
}
fits = {
    (a, fe): rt.chase.regression(panels[a], fixed_effects=fe, maxlags=HAC_LAGS)
    for a in panels
    for fe in (False, True)
}
chase = pd.concat(fits, names=["week", "sector_effects"])
chase.round(3)

# %% [markdown]
# Figure 4 plots each sector-week's flow against the previous week's return (Friday weeks); the line is
# the least-squares fit on that return alone.

# %%
import seaborn as sns

ax = sns.regplot(
    panels["FRI"],
    x="ret_prior_week_pct",
    y="flow_pct",
    ci=None,
    scatter_kws={"s": 18, "alpha": 0.6},
    line_kws={"color": rt.plots.OKABE_ITO[3]},
)
fig = rt.plots.finish(
    ax,
    "Figure 4. Sector SPDR weekly flow vs prior-week return",
    "flow, % of start-of-week AUM",
    "etf_daily_flows.csv, etf_daily.parquet (snapshot)",
    xlabel="prior-week total return, %",
)

# %% tags=["hide-input"]
b = fits[("FRI", True)].loc["ret_prior_week_pct"]
m = fits[("FRI", True)].loc["ret_prior_month_pct"]
rt.text.md(
    "With sector effects, a 1 pp higher return in the previous week goes with {bw:+.2f} pp of AUM more "
    "inflow (HAC p = {pw:.2f}); a 1 pp higher return over the month before goes with {bm:+.2f} pp "
    "(p = {pm:.2f}). {n} sector-weeks, {w} weeks.",
    bw=b["coef"],
    pw=b["p"],
    bm=m["coef"],
    pm=m["p"],
    n=int(b["n"]),
    w=int(b["weeks"]),
)

# %% tags=["hide-input"]
sig = chase[chase["p"] < 0.05]
rt.text.md(
    "Across the four fits, terms with HAC p < 0.05: {s}. The signs are the same in every fit: prior-week "
    "returns {w}, prior-month returns {m}.",
    s="; ".join(
        f"{t} ({a} weeks, {'with' if fe else 'without'} sector effects, p = {r['p']:.3f})"
        for (a, fe, t), r in sig.iterrows()
    )
    or "none",
    w="positive" if (chase.xs("ret_prior_week_pct", level=2)["coef"] > 0).all() else "mixed",
    m="negative" if (chase.xs("ret_prior_month_pct", level=2)["coef"] < 0).all() else "mixed",
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
month_list = pd.period_range(YTD[0], flows.dropna()["date"].max(), freq="M")
months = {
    m.strftime("%Y-%m"): rt.flows.window_sums(
        flows, calendar, list(spdr.index), m.start_time, m.end_time.normalize()
    )
    for m in month_list
}
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
sums = {
    rt.text.day(e): rt.flows.window_sums(
        flows, calendar, ["XLE", "XLK"], e - pd.DateOffset(months=1) + pd.Timedelta(days=1), e
    )
    for e in ends
}
published = pub.set_index("figure_id").loc[["PF09", "PF10"], "value"].set_axis(["XLE", "XLK"])
one_month = pd.DataFrame({d: rt.flows.window_bounds_text(v) for d, v in sums.items()}).T
one_month.loc["published (ETFdb)"] = [f"{published[t]:+.2f}" for t in one_month.columns]
one_month

# %%
inside = {
    t: min(v.at[t, "low_usd"] for v in sums.values()) / 1e9
    <= published[t]
    <= max(v.at[t, "high_usd"] for v in sums.values()) / 1e9
    for t in published.index
}
rt.text.md(
    "The published XLK figure is {k} the range of these windows (with their missing-day ranges) and the "
    "XLE figure {e}: the flow file "
    "{verdict}.",
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
