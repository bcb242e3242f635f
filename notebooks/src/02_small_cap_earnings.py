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
# # Small-cap earnings: did analysts expect small caps to out-earn the S&P 500 in 2025?
#
# [Scorecard](00_scorecard.ipynb) · [Breadth](01_breadth.ipynb) · **Small-cap earnings** · [Sector flows](03_sector_flows.ipynb) · [Contrarian consensus](04_contrarian_consensus.ipynb)
#
# Claims **E1–E2** of the February-2026 article (registry: `data/claims.csv`, stated figures:
# `data/claim_figures.csv`): estimated 2025 EPS growth of the Russell 2000 against the S&P 500 (E1), and a
# narrowing of the tech giants' earnings-growth lead (E2). The verdicts, computed below and read back from
# `results/`:

# %% tags=["parameters"]
AS_OF = (
    None  # None: the registry's data-as-of date of E1/E2 (the last issue on or before it is "the" estimate)
)
YEAR = 2025  # the year E1 is about
NEXT = 2026  # the year E2 compares it with
INDEXES = ["S&P 500", "S&P 400", "S&P 600"]  # large, mid and small caps of S&P DJI's workbook
IWM_AS_OF = "2026-01-21"  # IWM holdings date used for the Russell 2000's sector mix
SP500_LIST = "2026-03-04"  # S&P 500 constituent list used to tell S&P 400/600 names apart
TECH = "Information Technology"
SMALL = "IWM"  # ETFs for "what happened next"
LARGE = "SPY"

# %%

import rotation as rt

rt.plots.set_theme()
CLAIMS = rt.registry.claims_of("02_small_cap_earnings.ipynb")
rt.claims.show_summary(CLAIMS)
as_of = rt.earnings_claims.as_of("E1", AS_OF)  # the registry's data-as-of date unless AS_OF moves it

# %% [markdown]
# ## The data: S&P Dow Jones Indices' earnings workbooks
#
# S&P DJI's *S&P 500 Earnings and Estimate Report* (`sp-500-eps-est.xlsx`, Howard Silverblatt) gave, in
# every issue, operating and as-reported EPS of the S&P 500, 400 and 600 and of their sectors, actual
# and estimated. Its estimates are **bottom-up**: the sum of the Capital IQ consensus for each member
# (the sheet's notes say so); the workbooks in the snapshot hold no top-down (strategist) estimate. The
# issue dated 2026-01-30 was the last: the report was discontinued.
#
# The snapshot keeps copies of the workbook found in public repositories. `rt.earnings` parses every
# copy directly (openpyxl, sheets `SECTOR EPS` and `ESTIMATES&PEs`), stops with an error naming the file
# and sheet on a layout it does not know, and caches the parsed tables in the user cache keyed by each
# file's sha256 (a cold parse of all copies takes a few seconds; with the cache this notebook stays
# within its time budget). Where one issue exists in several copies, the copies must agree.

# %%
wb = rt.eps_workbooks.eps_vintages()
rt.eps_workbooks.copies_per_vintage(wb["files"])

# %% [markdown]
# The parsed index rows are checked against `earnings/index_eps_estimates.csv`, which the snapshot
# derived from the same workbooks (years 2018 on):

# %%
check = rt.eps_workbooks.cross_check(wb["annual"], rt.data.index_eps_estimates())
check

# %% tags=["hide-input"]
rt.text.md(
    "{n} files, {v} distinct issues ({first} to {last}); {m} index-year values matched with the CSV, "
    "largest difference {d:.2g} USD per index share, {s} status mismatches.",
    n=len(wb["files"]),
    v=len(check),
    first=rt.text.day(check.index[0]),
    last=rt.text.day(check.index[-1]),
    m=int(check["matched"].sum()),
    d=check["max_abs_diff"].max(),
    s=int(check["status_mismatches"].sum()),
)

# %% [markdown]
# <a id="E1"></a>
#
# ## E1 — estimated 2025 EPS growth: Russell 2000 vs S&P 500

# %% tags=["hide-input"]
rt.conclude.card("E1")

# %% [markdown]
# The article (early February 2026) gives no source or date for the projections.
#
# **Data.** The Russell 2000 is **not** in the data: no index-level or per-company Russell 2000
# earnings estimate exists in the snapshot. S&P DJI's workbooks give the S&P 600 (small caps) and
# S&P 400 (mid caps), used here as stated proxies, and the S&P 500, for every issue in the snapshot
# (table above). IWM's holdings (2025-11-05, 2026-01-21) give the Russell 2000's sector mix.
#
# **Method.** Estimated calendar-year growth = EPS(year) / EPS(year − 1) − 1, both from the same issue
# (operating EPS, bottom-up; 2025 is a mix of reported quarters and estimates until Q4 is in). For the
# S&P 500 the `ESTIMATES&PEs` sheet also gives as-reported (GAAP) EPS estimates, from its December
# 12-month sums. "The" estimate at the article's date is the last issue on or before the registry's
# data-as-of date (`as_of`; the parameter `AS_OF` moves it in an adapted run); the other
# issues show how much the answer depends on the date.

# %%
growth = rt.earnings.index_growth(wb["annual"], [YEAR, NEXT])
defs = rt.earnings.sp500_definitions(wb["quarterly"], YEAR)
table = growth[YEAR].unstack("index")[INDEXES].join(defs[["as reported (bottom-up)"]].add_prefix("S&P 500 "))
table.round(2)

# %% [markdown]
# Figure 1 shows the same estimates over time for 2025 and 2026, with the article's two figures as
# dashed lines: look at where each index crosses them, and when.

# %%
stated_small, stated_large = rt.earnings_claims.stated("E1")
src = "S&P Dow Jones Indices, sp-500-eps-est.xlsx (SECTOR EPS sheet), 11 issues 2025-06 to 2026-01; copies listed under Sources."
fig = rt.plots.eps_vintages(
    growth,
    [YEAR, NEXT],
    INDEXES,
    {
        f"stated Russell 2000 ({stated_small:g} %)": stated_small,
        f"stated S&P 500 ({stated_large:g} %)": stated_large,
    },
    src,
    title="Figure 1. S&P DJI bottom-up operating EPS growth estimates, by vintage",
)

# %% tags=["hide-input"]
at = rt.measures.vintages(growth, as_of)[-1]  # the last issue on or before as_of
now = growth.xs(at, level="vintage_date")
rt.text.md(
    "In the last issue before {asof} (data as of {at}) the S&P 500's 2025 operating EPS was expected "
    "to grow {g500}, the S&P 400's {g400} and the S&P 600's {g600}; the small-cap estimate fell from "
    "{first600} in the first issue, while the S&P 500's rose from {first500}.",
    asof=as_of,
    at=rt.text.day(at),
    g500=rt.text.pct(now.loc["S&P 500", YEAR], 2, fraction=False),
    g400=rt.text.pct(now.loc["S&P 400", YEAR], 2, fraction=False),
    g600=rt.text.pct(now.loc["S&P 600", YEAR], 2, fraction=False),
    first600=rt.text.pct(growth.loc["S&P 600", YEAR].iloc[0], 2, fraction=False),
    first500=rt.text.pct(growth.loc["S&P 500", YEAR].iloc[0], 2, fraction=False),
)

# %% [markdown]
# **Which vintage and definition come closest to each stated figure?** Every issue up to `as_of`,
# every index, operating and (S&P 500) as reported:

# %%
cands = rt.earnings_tables.candidates(growth, defs, YEAR, as_of)
closest = {f"{v:g} %": rt.earnings.nearest(cands, v) for v in (stated_large, stated_small)}
rt.text.table(rt.earnings_tables.stack_closest(closest).round(2))

# %% tags=["hide-input"]
best600 = rt.earnings.nearest(cands[cands["index"] == "S&P 600"], stated_small, n=1).iloc[0]
t1, t2 = (closest[f"{v:g} %"].iloc[0] for v in (stated_large, stated_small))
rt.text.md(
    "Closest to {s1}: the {a[index]}, issue of {a[vintage_date]}, {a[definition]} ({a[growth_pct]:.2f} %). "
    "Closest to {s2}: the {b[index]}, issue of {b[vintage_date]}, {b[definition]} ({b[growth_pct]:.2f} %); the "
    "small-cap S&P 600 came closest in the issue of {c[vintage_date]} ({c[growth_pct]:.2f} %).",
    a=t1,
    b=t2,
    c=best600,
    s1=f"{stated_large:g} %",
    s2=f"{stated_small:g} %",
)

# %% [markdown]
# **Published figures.** Other publishers' projections of 2025 growth, as transcribed in the snapshot
# (only single percentages for calendar 2025 are listed; price targets and ranges are not EPS growth):

# %%
pub = rt.earnings.published_growth(rt.data.published_eps_figures())
rt.text.table(rt.earnings_tables.published_table(pub, f"CY{YEAR}"))

# %% [markdown]
# ### How good a proxy is the S&P 600 for the Russell 2000?
#
# S&P DJI's sector weights of the S&P 600 are not in the data, and neither are its members' market
# values. What is there: IWM's holdings with their weights and sectors, and the S&P 1500 ticker list
# (April 2026). IWM names that are in the S&P 1500 but not in the S&P 500 are S&P 400/600 members; their
# IWM weights give an S&P-style small-cap subset of the Russell 2000, compared here with the whole fund.

# %%
midsmall = rt.earnings.midsmall_tickers(rt.data.sp1500_tickers(), rt.data.sp500_constituents(SP500_LIST))
mix = rt.earnings.iwm_sector_mix(rt.data.iwm_holdings(), IWM_AS_OF, midsmall)
mix.round(2)

# %% tags=["hide-input"]
rt.text.md(
    "Only {w} of IWM's weight ({n} of its names) is in S&P 400/600 members: the rest are Russell 2000 "
    "companies that S&P's indices leave out, many for lack of positive earnings, which S&P requires "
    "for inclusion and Russell does not. The sector mixes differ by {d} (share of weight that would "
    "have to move).",
    w=rt.text.pct(mix.attrs["overlap_weight_pct"], fraction=False, sign=False),
    n=rt.text.pct(mix.attrs["overlap_names_pct"], fraction=False, sign=False),
    d=rt.text.pp(rt.earnings.mix_distance(mix["iwm_pct"], mix["overlap_pct"])),
)

# %% [markdown]
# Sector mix matters for growth. Re-weighting the S&P 600's sector earnings with IWM's sector weights
# (each sector's earnings ∝ weight × EPS / sector price) answers "what would S&P 600 growth be with the
# Russell 2000's sector mix?". The method is checked on the S&P 500, whose own cap weights are in
# `company_fundamentals.csv` (2026-02-11): it should return the S&P 500's own growth.

# %%
fund = rt.data.company_fundamentals()
companies = rt.earnings.company_earnings(fund)
sp500_w = companies.groupby("gics_sector")["marketCap"].sum() / companies["marketCap"].sum() * 100
reweighted = rt.earnings_tables.reweight_table(
    wb["annual"],
    at,
    {
        "S&P 500 with its own cap weights": ("S&P 500", sp500_w),
        "S&P 600 with IWM's sector mix": ("S&P 600", mix["iwm_pct"]),
    },
    [YEAR, NEXT],
)
reweighted.round(2)

# %%
rt.text.md(
    "The check on the S&P 500 misses its own growth by {e} for {y}, a measure of the method's error. "
    "With IWM's sector mix the S&P 600's {y} growth would be {rw} instead of {own}: sector mix alone "
    "moves the small-cap figure by {d}.",
    y=YEAR,
    e=rt.text.pp(reweighted.loc["S&P 500 with its own cap weights", "error_pp"]),
    rw=rt.text.pct(reweighted.loc["S&P 600 with IWM's sector mix", YEAR], 2, fraction=False),
    own=rt.text.pct(now.loc["S&P 600", YEAR], 2, fraction=False),
    d=rt.text.pp(reweighted.loc["S&P 600 with IWM's sector mix", "error_pp"]),
)

# %% [markdown]
# ### Revisions: estimates are not facts
#
# How the 2025 estimate moved between the first and the last issue (growth in percent, change in pp):

# %%
rev = rt.earnings.revisions(growth, YEAR)[INDEXES]
rev.round(2)

# %% tags=["hide-input"]
rt.text.md(
    "Between {f} and {l} the estimated {y} growth of the S&P 600 moved by {c600} and that of the S&P 500 "
    'by {c500}, as reported quarters replaced estimates. A February-2026 statement of "estimated 2025 growth" '
    "is therefore a statement about one vintage: depending on the issue, the same source gave the S&P 500 "
    "between {lo500} and {hi500} and the S&P 600 between {lo600} and {hi600}.",
    f=rt.text.day(growth.index.get_level_values(1).min()),
    l=rt.text.day(at),
    y=YEAR,
    c600=rt.text.pp(rev.loc["change_pp", "S&P 600"]),
    c500=rt.text.pp(rev.loc["change_pp", "S&P 500"]),
    lo500=rt.text.pct(rev.loc["min", "S&P 500"], fraction=False),
    hi500=rt.text.pct(rev.loc["max", "S&P 500"], fraction=False),
    lo600=rt.text.pct(rev.loc["min", "S&P 600"], fraction=False),
    hi600=rt.text.pct(rev.loc["max", "S&P 600"], fraction=False),
)

# %% [markdown]
# **Verdict.** The registry's rule (above) needs a Russell 2000 estimate. Only a proxy is in the data, so
# E1 is *undecidable with this data*; the proxy's own result (the S&P 600 judged as if it were the Russell
# 2000) stands beside it, and the S&P 500's stated figure is checked with the same tolerances in the reason.
#
# **Robustness.** The grid is of *proxy* verdicts: the S&P 600 and the S&P 400 in every issue up to
# `as_of` (E1 itself is undecidable in every cell).

# %%
e1 = rt.earnings_claims.conclude_e1("E1", growth, YEAR, as_of)
cells = rt.earnings_claims.e1_grid(growth, YEAR, as_of)
rt.text.table(rt.earnings_claims.e1_grid_table("E1", cells))

# %% tags=["hide-input"]
rt.text.md("Proxy robustness: {r}.", r=rt.robustness.text(e1.robustness))

# %%
e1.result

# %% [markdown]
# **Caveats.** The S&P 600 and the Russell 2000 are different universes: the S&P 600 requires positive
# earnings, the Russell 2000 does not, so Russell 2000 "EPS growth" (index-level, with losses netted) can
# differ a lot from the S&P 600's. The article gives neither source nor date for its two figures; the
# snapshot's published figures include a Jefferies figure equal to the one stated for the Russell 2000,
# but it is a forecast of the Russell 2000's 2025 *price* gain, not of its earnings: a possible origin of
# the number. Operating EPS excludes items each company calls unusual; as-reported (GAAP) growth differs
# from it (table above).

# %% [markdown]
# <a id="E2"></a>
#
# ## E2 — the tech giants' earnings-growth lead is expected to narrow
#
# **Claim.** The long-standing earnings-growth advantage of the tech giants over the rest of the market
# is expected to narrow (the article; qualitative).
#
# **Data.** (1) S&P DJI's workbooks: each sector's share of S&P 500 operating earnings by quarter, actual
# and estimated through 2026, and the index's quarterly EPS; no issue has 2027 estimates. (2) Published
# Magnificent-7 and other-493 growth figures (FactSet). (3) Yahoo Finance fundamentals of S&P 500
# members on 2026-02-11 for a bottom-up check.
#
# **Method.** A calendar year's tech earnings are Σ share × EPS over its four quarters, the rest's
# Σ (1 − share) × EPS (index points, so the divisor cancels); growth and the gap tech − rest (pp) follow
# for 2025 and 2026. The rule: the expected gap for 2026 is smaller than for 2025 in the latest issue;
# supported if it narrows both in the sector estimates and in the published Mag 7 figures, partly if in one.

# %%
svr = rt.earnings.sector_vs_rest(wb["quarterly"], wb["contribution"], TECH, [YEAR, NEXT])
svr.round(2)

# %% [markdown]
# As a check of the split, the sector's own EPS growth in the `SECTOR EPS` sheet should be close to the
# growth of its earnings share computed here (they differ only by changes of the sector's divisor):

# %% tags=["hide-input"]
own = rt.earnings.index_growth(wb["annual"], [YEAR, NEXT], sector=TECH).xs("S&P 500", level="index")
diff = (svr.xs(TECH, axis=1, level="series") - own).abs().max()
rt.text.md(
    "Largest difference over all issues: {d} ({y}), {e} ({n}): small next to the gaps below.",
    d=rt.text.pp(diff[YEAR]),
    y=YEAR,
    e=rt.text.pp(diff[NEXT]),
    n=NEXT,
)

# %% [markdown]
# Figure 2 shows the gap by issue, for 2025 and 2026: a narrowing lead would put the 2026 line below the
# 2025 line. The diamonds are FactSet's published Magnificent-7-minus-other-493 gaps, in the colour of their
# year (hollow where the publication date is approximate): the CY2026 diamond below the CY2025 one is E2's narrowing.

# %%
mag7 = rt.earnings.published_gap(pub, "Magnificent 7", "ex-Mag7", [f"CY{YEAR}", f"CY{NEXT}"])
fig = rt.plots.eps_gap(
    svr,
    [YEAR, NEXT],
    rt.earnings_tables.published_points(mag7),
    src.replace("SECTOR EPS", "ESTIMATES&PEs") + " Diamonds: FactSet (table below).",
    title="Figure 2. Information Technology's expected earnings-growth lead over the rest of the S&P 500",
)

# %% tags=["hide-input"]
last = svr.loc[at]
rt.text.md(
    "In the issue of {at}, {tech} was expected to grow operating earnings {t1} in {y} and {t2} in {n}, "
    "the rest of the S&P 500 {r1} and {r2}: the gap goes from {g1} to {g2}, so the sector's lead is not "
    "expected to narrow.",
    at=rt.text.day(at),
    tech=TECH,
    y=YEAR,
    n=NEXT,
    t1=rt.text.pct(last[(YEAR, TECH)], fraction=False),
    t2=rt.text.pct(last[(NEXT, TECH)], fraction=False),
    r1=rt.text.pct(last[(YEAR, "rest")], fraction=False),
    r2=rt.text.pct(last[(NEXT, "rest")], fraction=False),
    g1=rt.text.pp(last[(YEAR, "gap_pp")]),
    g2=rt.text.pp(last[(NEXT, "gap_pp")]),
)

# %% tags=["hide-input"]
narrowing = svr[(NEXT, "gap_pp")] < svr[(YEAR, "gap_pp")]
rt.text.md(
    "Figure 2 shows how this changed: in {k} of {n} issues (the latest of them dated {upto}) the expected {nx} gap "
    "was smaller than the {y} gap, i.e. a narrowing was expected; in the issue of {at} it is {word}.",
    k=int(narrowing.sum()),
    n=len(narrowing),
    upto=rt.text.day(narrowing[narrowing].index.max()) if narrowing.any() else "-",
    nx=NEXT,
    y=YEAR,
    at=rt.text.day(at),
    word="expected" if narrowing.loc[at] else "not expected",
)

# %% [markdown]
# **Published Magnificent-7 figures** in the snapshot:

# %%
rt.text.table(mag7.round(2))

# %% [markdown]
# **Bottom-up check** from company fundamentals (2026-02-11): EPS = price / P/E, so a company's earnings
# are market cap / P/E and a group's growth is Σ forward earnings / Σ trailing earnings − 1 (market-cap
# weights applied to earnings yields). Yahoo's trailing P/E uses GAAP EPS of the last four quarters, its
# forward P/E the analysts' adjusted EPS of the next fiscal year: the ratio mixes definitions and spans
# one to two years, so its level is not a 2026 growth estimate. Its use is the *comparison* of groups:
# the expected lead (forward) against the recent lead (latest quarter's y/y growth, median company).

# %%
mag7_tickers = rt.data.read_project_csv("universes.csv").query("group == 'mag7'")["ticker"]
groups = {
    "Magnificent 7": rt.earnings.in_group(companies, mag7_tickers),
    TECH: companies["gics_sector"].eq(TECH),
}
bottom_up = rt.earnings_tables.lead_table(companies, groups)
bottom_up.round(2)

# %% tags=["hide-input"]
lead = bottom_up[["recent lead, pp", "forward lead, pp"]]
rt.text.md(
    "Bottom-up, the median Magnificent-7 company's lead over the rest goes from {a} (latest quarter) to {b} "
    "(forward); the median {tech} company's from {c} to {d}.",
    tech=TECH,
    a=rt.text.pp(lead.iloc[0, 0]),
    b=rt.text.pp(lead.iloc[0, 1]),
    c=rt.text.pp(lead.iloc[1, 0]),
    d=rt.text.pp(lead.iloc[1, 1]),
)

# %% [markdown]
# **Verdict.** The rule (`data/claims.csv`, E2) has two checks, the sector estimates of the latest issue and
# the published Mag 7 figures: supported if the gap narrows in both, partly if in one.
#
# **Robustness.** The sector check in every issue up to `as_of`, the published Mag 7 check held at its
# one pair of figures:

# %%
e2 = rt.earnings.e2_checks(last, TECH, YEAR, NEXT, mag7, bottom_up)
by_issue = rt.earnings_claims.e2_grid("E2", e2, narrowing, as_of)
args = {"sector": TECH, "vintage": at, "when": as_of, "years": (YEAR, NEXT)}
v2 = rt.earnings_claims.conclude_e2("E2", e2, by_issue, mag7, **args)
rt.text.table(by_issue.rename(index=rt.text.day).rename_axis("issue"))

# %% tags=["hide-input"]
flips = by_issue["verdict"].ne(by_issue["verdict"].shift()).cumsum()  # runs of one verdict, oldest first
rt.text.md(
    "Robustness: {r}. The verdict of the latest issue ({v}) is shared by {a} of the issues, the run of "
    "issues since {since}: the label describes the whole grid, not the latest issue.",
    r=rt.robustness.text(v2.robustness),
    v=v2.verdict,
    a=rt.text.pct(v2.robustness["agree_with_registry_window"], 0, sign=False),
    since=rt.text.day(by_issue.index[flips == flips.iloc[-1]].min()),
)

# %%
v2.result

# %% [markdown]
# **Caveats.** "Tech giants" is not the Information Technology sector: Amazon and Tesla are Consumer
# Discretionary, Alphabet and Meta Communication Services, while the sector includes Broadcom, Micron and
# AMD; compare the two rows of the bottom-up table. The published Mag-7 figures for 2026 are not in the
# snapshot: they were transcribed into this repository's `data/published_eps_figures.csv` from FactSet's
# Earnings Insight (late January 2026, the page's date inferred from its text), with the URL and quote. The
# two FactSet vintages (December 2025 for 2025, January 2026 for 2026) differ by about a month. No 2027
# estimates are in the data, so "2025 → 2026 → 2027" stops at 2026.

# %% [markdown]
# ## What happened next
#
# S&P DJI discontinued the workbook after the 2026-01-30 issue, so no later vintage exists here; the
# 2025 actuals with the fourth quarter are not in the data. Published figures after the article:

# %%
rt.text.table(rt.earnings_tables.published_after(pub, as_of))

# %% [markdown]
# And small caps against large caps in the market since the article's data end (total returns of ETFs):

# %% tags=["hide-input"]
etf = rt.data.closes([SMALL, LARGE], as_of)
after = rt.returns.total_return(etf, as_of, etf.index[-1])
rt.text.md(
    "From {a} to {e}: {s} {rs}, {l} {rl}.",
    a=as_of,
    e=rt.text.day(etf.index[-1]),
    s=SMALL,
    l=LARGE,
    rs=rt.text.pct(after[SMALL]),
    rl=rt.text.pct(after[LARGE]),
)

# %% [markdown]
# ## Sources

# %%
rt.text.table(rt.earnings_tables.sources_table(wb["files"], pub))

# %% [markdown]
# The summary at the top of this notebook is replaced by the verdicts just recorded:

# %%
rt.claims.update_summary(CLAIMS)
