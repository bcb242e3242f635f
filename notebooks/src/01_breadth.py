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
# # Breadth: did the rally broaden out of tech?
#
# [Scorecard](00_scorecard.ipynb) · **Breadth** · [Small-cap earnings](02_small_cap_earnings.ipynb) · [Sector flows](03_sector_flows.ipynb) · [Contrarian consensus](04_contrarian_consensus.ipynb)
#
# Claims **B1–B7** of the February-2026 article (registry: `data/claims.csv`): who carried the S&P 500 in 2025,
# how equal weight, small caps and sectors did from early November 2025, when leadership turned, and
# whether the rotation looks durable. The verdicts, computed below and read back from `results/`:

# %% tags=["parameters"]
AS_OF = None  # None: the article's data-as-of date (data/articles.csv); a date judges the claims then
WINDOW_START = None  # None: the registry's windows (data/claims.csv); a date moves them (adapt)
WINDOW_END = None
B1_START = None  # None: B1's registry window
B1_END = None
GRID_START_DAYS = (-10, 11)  # heatmap rows: start days from the window's start, calendar days
GRID_END_DAYS = (-7, 7)  # heatmap columns: around the window's end, calendar days
INDEX_CAP = "^GSPC"  # the cap-weight price index, for comparison (no dividends)
SECTORS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
CYCLICALS = ["XLB", "XLE", "XLF", "XLI", "XLY"]
MAG7 = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"]
B1_END_DAYS = (-7, 7)  # B1 robustness: end days within a week of B1's end, calendar days
MEMBERS_VINTAGE = "2025-10-30"  # S&P 500 list closest to the window
CAPS_AS_OF = "2026-02-11"  # date of the market-cap snapshot
B5_GRID_MONTHS = 9  # B5 robustness: samples starting each month from B5's start, this many
SEARCH_START_DAYS = (-14, 14)  # article-window search: start days around the window's start
SEARCH_END_DAYS = (-10, 10)  # ... end days around its end
ROLL_DAYS = 20  # B6: rolling windows, trading days
SPREAD_DAYS = 63  # B6: "3 months", trading days
HISTORY_START = "2003-05-01"  # RSP's first full month
MA_WINDOWS = [50, 200]  # breadth: moving averages, trading days

# %%
import rotation as rt

rt.plots.set_theme()
bc = rt.breadth_claims
CLAIMS = rt.registry.claims_of("01_breadth.ipynb")
rt.claims.show_summary(CLAIMS)
JUDGED_AT = bc.data_as_of("B2", AS_OF)  # AS_OF, or the article's data end

# %%
moves = dict(start=WINDOW_START, end=WINDOW_END, as_of=JUDGED_AT)
START, END = rt.windows.shared_window(["B2", "B3", "B4", "B6"], **moves)
B1_FROM, B1_TO = rt.windows.claim_window("B1", start=B1_START, end=B1_END)
B5_FROM, B5_TO = rt.windows.claim_window("B5", anchor="B2", **moves)
B7_FROM, B7_TO = rt.windows.claim_window("B7", anchor="B2", **moves)

# %%
EQUAL, CAP = bc.series_tickers("B2")  # equal- and cap-weight S&P 500 ETFs
INDEX_SMALL, SMALL = bc.series_tickers("B4")  # the Russell 2000 index and its fund
TECH = bc.series_tickers("B6")[-1]  # the technology sector ETF
LEADERS = rt.articles.figure("B3", "leaders").names  # the sectors the article names

# %% [markdown]
# ## Data
#
# Three panels of the snapshot, each loaded once: the ETF panel (RSP, SPY, IWM and the 11 Select Sector
# SPDRs; adjusted closes, so changes are **total returns**), the two price indices ^GSPC and ^RUT (closing
# levels, **price returns**), and the S&P 500 member panel (adjusted closes and volumes of 683 current and
# former members) from a year before the first window so that 200-day averages exist.

# %%
import pandas as pd

first = min(pd.Timestamp(B5_FROM), pd.Timestamp(B1_FROM)) - pd.Timedelta(days=300)  # 200-day room
etf = rt.data.closes([EQUAL, CAP, SMALL, *SECTORS], HISTORY_START)
idx = rt.data.closes([INDEX_CAP, INDEX_SMALL], first, panel="index")
members_long = rt.data.prices(None, first, panel="sp500", fields=("close", "volume"))
px = rt.breadth.wide(members_long)
bc.spans({"ETF": etf, "index": idx, "S&P 500 members": px})

# %% [markdown]
# <a id="B2"></a><a id="B4"></a>
#
# ## B2, B4 — equal weight, cap weight and small caps since early November
#
# The two claims as the registry states them, each stated figure with the values that reproduce it at
# its stated precision:

# %% tags=["hide-input"]
rt.conclude.card("B2")

# %% tags=["hide-input"]
rt.conclude.card("B4")

# %% [markdown]
# **Data.** RSP (Invesco S&P 500 Equal Weight) and SPY (SPDR S&P 500), total returns, for B2; the Russell 2000
# index ^RUT, price return, for B4, with the fund IWM (total return) as a second reading; ^GSPC for comparison.
#
# **Method.** Return from the close of the window's first trading day to the close of its last; the spread
# is the difference of returns in percentage points.

# %%
ret = rt.returns.total_return(etf[[EQUAL, CAP, SMALL]], START, END)
pr = rt.returns.total_return(idx, START, END)
basis = bc.basis_table(ret, pr, {EQUAL: None, CAP: INDEX_CAP, SMALL: INDEX_SMALL})
readings = bc.b4_readings(etf, idx, (START, END))
basis.round(2).astype(object).fillna("—")  # no equal-weight index level in the data

# %% tags=["hide-input"]
rt.text.md("{t}", t=bc.basis_words(basis, readings, (START, END)))

# %% [markdown]
# **How the result moves with the window.** "Early November" and "to date" are vague, so Figure 1 recomputes
# the RSP − SPY spread (left) and the IWM − SPY spread (right) for every start day from about ten days before
# the window's start to eleven days after, and every end day within a week of its end. Look for how much of
# each spread depends on starting before or after the first week of November.

# %%
import matplotlib.pyplot as plt

starts = rt.windows.trading_days_around(etf.index, START, GRID_START_DAYS)
ends = rt.windows.trading_days_around(etf.index, END, GRID_END_DAYS)
cells = rt.windows.grid_returns(etf[[EQUAL, CAP, SMALL, *SECTORS]], starts, ends)
cells_pr = rt.windows.grid_returns(idx.loc[idx.index.isin(etf.index)], starts, ends)
grid_eq = (cells[EQUAL] - cells[CAP]).unstack("end")
grid_sm = (cells[SMALL] - cells[CAP]).unstack("end")

# %%
src_etf = "snapshot prices/etf_daily.parquet (adjusted closes, total return)"
fig, axes = plt.subplots(1, 2, figsize=(2 + 1.3 * len(ends), 1 + 0.4 * len(starts)), sharey=True)
rt.plots.heatmap(grid_eq, f"Figure 1. {EQUAL} − {CAP}, total return, pp", src_etf, ax=axes[0])
rt.plots.heatmap(grid_sm, f"{SMALL} − {CAP}, total return, pp", src_etf, ax=axes[1])
_ = axes[1].set_ylabel("")

# %% [markdown]
# Each cell of Figure 1 is also a verdict: the registry's rule applied to that window. The share of the grid
# giving each verdict is how robust the verdict is ("robust" when one verdict holds on at least 80 % of the
# grid); B4 is decided on ^RUT's price return over the same windows, and IWM is shown beside it.

# %%
spread_pp = (ret[EQUAL] - ret[CAP]) * 100
d2 = rt.rules.decide("B2", measured=spread_pp)  # the registry window's verdict, recorded below
d4 = rt.rules.decide("B4", measured=readings["return, %"].iloc[0])
by_end = cells_pr[INDEX_SMALL].xs(starts[starts <= pd.Timestamp(START)][-1], level="start")

# %%
grid_txt = bc.grid_words(starts, ends, len(cells))
rob = {
    "B2": bc.grid_robustness("B2", cells[EQUAL] - cells[CAP], grid_txt, d2.verdict),
    "B4": bc.grid_robustness("B4", cells_pr[INDEX_SMALL], grid_txt, d4.verdict),
    "fund": bc.grid_robustness("B4", cells[SMALL], grid_txt, readings["verdict"].iloc[1]),
}
bc.robustness_table(rob).rename({"fund": f"B4 on {SMALL} (total return)"})

# %% tags=["hide-input"]
held = bc.held_words(by_end.loc[:END], rt.articles.figure("B4", "small_caps"))
lo, hi = rt.text.pp(grid_eq.min().min()), rt.text.pp(grid_eq.max().max())
rt.text.md(
    "Across the {n} windows the equal-weight spread ranges from {lo} to {hi}. From the {s} close, the {rut} "
    "figure the article states held {held}.",
    **dict(n=grid_eq.size, lo=lo, hi=hi, s=START, rut=INDEX_SMALL, held=held),
)

# %% [markdown]
# **Caveats.** The article's equal-weight figure is probably the S&P 500 Equal Weight index, not RSP; the
# data hold no level of that index, so B2 is decided on the two funds. The next section asks which window and
# basis the article itself used.
#
# <a id="window"></a>
#
# ### How the article probably measured
#
# The article gives three figures for one window, B2's two and B4's one, each read at the precision it was
# stated with (the cards above give their bands). Every start day within two weeks of the registry's window
# start and every end day within ten days of its end is tried on two bases: the funds' total returns, and the
# indices' price returns with RSP standing in for the equal-weight index. A window **reproduces** the article
# when every figure is inside its band; a miss is the distance outside a band, in pp.

# %%
bases = bc.window_bases(etf, idx, INDEX_CAP)
search, by_basis = bc.search_article_window(bases, (START, END), SEARCH_START_DAYS, SEARCH_END_DAYS)
rt.text.table(by_basis.round(2))

# %% tags=["hide-input"]
rt.text.md("By basis: {t}.", t=bc.search_words(by_basis))

# %% [markdown]
# B2 and B4 by their rules on the registry's window and on each basis's best window of the search (the
# reproducing window nearest the stated values, or else the nearest miss):

# %%
on_windows = bc.verdicts_on_windows(search, by_basis, {"B2": spread_pp, "B4": d4.inputs["measured"]})
rt.text.table(on_windows.round(2))

# %% [markdown]
# The verdicts recorded are the registry window's: the search shows how far the article's figures single out
# a window, not which one it used.
#
# **Verdicts** (on the registry's window). Each result also keeps the claim's measure at the end of the data
# ("follow-up"), which the scorecard reads instead of recomputing it.

# %%
b2 = bc.b2_result(d2, etf, (START, END), rob["B2"], grid_eq)
b2["details"]["article_window"] = bc.search_record(by_basis, on_windows)
rt.claims.record(d2, **b2)

# %%
b4 = bc.b4_result(d4, readings, by_end, rob, (START, END), (etf, idx), cells_pr[INDEX_SMALL])
rt.claims.record(d4, **b4)

# %% [markdown]
# <a id="B3"></a>
#
# ## B3 — which sectors led?
#
# **Claim.** Materials, Health Care and Consumer Discretionary replaced Technology as the main drivers of
# the advance (leaders XLB, XLV, XLY). Source: the article.
#
# **Data.** Total returns of the 11 Select Sector SPDRs over the B2 window.
#
# **Method.** Rank the 11 returns; the registry's rule counts how many of XLB, XLV, XLY are among the
# `top_k` = 4 best (supported if 3, partly if 2).

# %%
TOP_K = int(rt.registry.claim("B3")["top_k"])
ranks = rt.breadth_claims.sector_ranks(etf, SECTORS, START, END)
sec, rank = ranks["total return, %"], ranks["rank"]
top4 = sec.index[:TOP_K].tolist()
n_claimed = sum(t in top4 for t in LEADERS)
ranks.round(2)

# %% [markdown]
# Figure 2 ranks the sectors, the three the article names highlighted; compare where XLK sits.

# %%
fig = rt.plots.bars(
    sec,
    f"Figure 2. Sector SPDR total return, {START} to {END}",
    "total return, %",
    src_etf,
    highlight=LEADERS,
)

# %% tags=["hide-input"]
rt.text.md(
    "Figure 2 shows {top} as the four best sector SPDRs over the window, so {k} of the three sectors the article "
    "names made the top four; {tech} ranked {r} of 11 with {rt_}.",
    top=", ".join(top4),
    k=n_claimed,
    tech=TECH,
    r=rank[TECH],
    rt_=rt.text.pct(sec[TECH], fraction=False),
)

# %% [markdown]
# Figure 3 follows each named sector and the actual top four relative to SPY through the window (1.0 = level
# on the first day; rising = beating SPY), to show whether the lead was steady or came late.

# %%
show = list(dict.fromkeys([*LEADERS, *top4, TECH]))
rs = rt.returns.relative_strength(etf.loc[START:END, [*show, CAP]], CAP)
fig = rt.plots.lines(
    rs,
    f"Figure 3. Sector SPDRs relative to {CAP} (total return, 1.0 = {START})",
    "ratio to SPY, rebased",
    src_etf,
    hline=1.0,
)

# %% tags=["hide-input"]
end_rs = rs.drop(columns=CAP, errors="ignore").iloc[-1].sort_values(ascending=False)
rt.text.md(
    "In Figure 3, {a} ended the window highest relative to {cap} ({va:.3f}) and {z} lowest ({vz:.3f}); {n} of the "
    "{m} lines shown ended above 1, i.e. ahead of {cap}.",
    a=end_rs.index[0],
    va=end_rs.iloc[0],
    z=end_rs.index[-1],
    vz=end_rs.iloc[-1],
    n=int((end_rs > 1).sum()),
    m=len(end_rs),
    cap=CAP,
)

# %%
d3 = rt.rules.decide("B3", measured=n_claimed)
in_top = rt.breadth_claims.count_in_top(cells[SECTORS], LEADERS, TOP_K)
rob["B3"] = rt.breadth_claims.grid_robustness("B3", in_top, grid_txt, d3.verdict)
rt.claims.record(d3, **rt.breadth_claims.b3_result(d3, ranks, etf, (START, END), rob["B3"]))

# %% [markdown]
# **Caveats.** Sector SPDRs are cap-weighted within their sector, so a sector "driver" of an equal-weight
# advance could rank differently with equal-weight sector funds. "Drivers of the advance" could also mean
# contribution (return × weight) rather than return; Technology's large weight would then count for more.

# %% [markdown]
# <a id="B1"></a>
#
# ## B1 — how much of 2025's gain was the Magnificent Seven?
#
# **Claim.** Through November 2025 the Magnificent Seven (AAPL, MSFT, NVDA, AMZN, GOOGL, META, TSLA) accounted
# for "almost all" of the S&P 500's double-digit 2025 gain. Source: the article.
#
# **Data.** Member closes from the S&P 500 panel; the member list of the October 2025 vintage; market caps
# from `earnings/company_fundamentals.csv` (Yahoo Finance, 2026-02-11).
#
# **Method.** Market caps are carried back from the snapshot date to 2024-12-31 by each member's
# adjusted-price ratio (**assumption:** constant share counts; dividends make a payer's earlier cap look
# about one year's yield too small). Contributions are cap weight at the start × total return; the group's
# share of the gain is its summed contribution over the total. Yahoo reports a company's whole cap on every
# share class, so one class per company is kept (Alphabet as GOOGL). Caps are full, not float-adjusted as
# S&P's are.

# %%
members = rt.data.sp500_constituents(MEMBERS_VINTAGE)["ticker"].tolist()
caps, missing = rt.contributions.member_caps(members, rt.data.company_fundamentals(), list(px.columns))
caps0 = rt.contributions.caps_on(caps, px, CAPS_AS_OF, B1_FROM)
B1_YEAR_END = f"{pd.Timestamp(B1_TO).year}-12-31"  # the calendar year of B1's window
contrib = {
    end: rt.contributions.cap_weighted_contributions(px, caps0, B1_FROM, end) for end in (B1_TO, B1_YEAR_END)
}
tables = {end: rt.contributions.group_table(c, {"Mag 7": MAG7}) for end, c in contrib.items()}
pd.concat(tables, names=["window end"]).round(2)

# %% [markdown]
# The reconstruction is checked against SPY's total return and the S&P 500's price return over the same
# windows; the gap measures what the member data miss (members without caps, index changes during 2025,
# float adjustment, dividends).

# %%
recon = pd.DataFrame(
    {
        end: {
            "members, cap-weighted, %": t.loc["all", "return_pct"],
            f"{CAP} total return, %": rt.returns.total_return(etf[[CAP]], B1_FROM, end)[CAP] * 100,
            f"{INDEX_CAP} price return, %": rt.returns.total_return(idx[[INDEX_CAP]], B1_FROM, end)[INDEX_CAP]
            * 100,
        }
        for end, t in tables.items()
    }
).T
recon["gap to SPY, pp"] = recon.iloc[:, 0] - recon.iloc[:, 1]
recon.round(2)

# %% [markdown]
# Figure 4 lists the 15 largest contributors through the claim's end date (Mag 7 highlighted): it shows whether
# the gain came from the seven or from a few of them plus other large names.

# %%
top = (contrib[B1_TO]["contribution"] * 100).nlargest(15)
fig = rt.plots.bars(
    top,
    f"Figure 4. Largest contributions to the S&P 500 members' return, {B1_FROM} to {B1_TO}",
    "contribution, pp",
    "snapshot prices/sp500_daily.parquet; caps: earnings/company_fundamentals.csv",
    highlight=MAG7,
)

# %% tags=["hide-input"]
in7 = top[top.index.isin(MAG7)]
rt.text.md(
    "Figure 4: {k} of the 15 largest contributors are Mag 7 members, together {a} of the {t} contributed by "
    "these 15 names; the largest single contributor was {first} ({v}).",
    k=len(in7),
    a=rt.text.pp(in7.sum()).lstrip("+"),
    t=rt.text.pp(top.sum()).lstrip("+"),
    first=top.index[0],
    v=rt.text.pp(top.iloc[0]),
)

# %% [markdown]
# **Members left out.** Some October-2025 members have no price in the panel, some priced members have no cap in
# the fundamentals file, and a second share class is dropped where the cap sits on the first:

# %%
pd.Series({k: ", ".join(v) for k, v in missing.items()}, name="tickers").to_frame().assign(
    count=[len(v) for v in missing.values()]
)

# %% [markdown]
# To bound their effect, caps of priced members without one are imputed from their median daily dollar
# volume (log–log OLS on the members with both, last 3 months before the cap date), with a *high* value at
# the fit's 95th residual percentile; members without volume get the median (fit) and the 95th percentile
# (high) of the known non-Mag 7 caps, and so do the unpriced members, whose return is set in turn to the
# lowest and the highest of any member (alone, and on top of the high caps). The share under each assumption:

# %%
recent = members_long[
    members_long["date"].between(pd.Timestamp(CAPS_AS_OF) - pd.Timedelta(days=92), pd.Timestamp(CAPS_AS_OF))
]
dvol = (recent["close"] * recent["volume"].astype(float)).groupby(recent["ticker"].astype(str)).median()
has_dv = [t for t in missing["no_cap"] if dvol.get(t, 0) > 0]
q = caps.drop(MAG7).quantile([0.5, 0.95])
imputed = pd.concat(
    [
        rt.contributions.impute_caps(caps, dvol, has_dv),
        pd.DataFrame(
            {"cap_fit": q[0.5], "cap_high": q[0.95]}, index=[t for t in missing["no_cap"] if t not in has_dv]
        ),
    ]
)
imputed0 = imputed.apply(lambda col: rt.contributions.caps_on(col, px, CAPS_AS_OF, B1_FROM))
scen = rt.contributions.missing_member_scenarios(
    px, caps0, imputed0, B1_FROM, B1_TO, MAG7, no_price=missing["no_price"], no_price_cap=q[0.95]
)
scen.round(2)

# %% tags=["hide-input"]
share = tables[B1_TO].loc["Mag 7", "share_of_gain_pct"]
lo, hi = scen["group_share_pct"].min(), scen["group_share_pct"].max()
rt.text.md(
    "The Mag 7 share moves from {lo:.1f} % to {hi:.1f} % across these assumptions. The highest value needs the "
    "{k} unpriced members ({names}) each to be as large as the 95th-percentile member ({cap}) and all to have "
    "had the worst return of any member ({worst}); with their caps imputed, the priced missing members move the "
    "share to {fit:.1f} %.",
    lo=lo,
    hi=hi,
    k=len(missing["no_price"]),
    names=", ".join(missing["no_price"]),
    cap=f"USD {q[0.95] / 1e9:.0f} bn on {CAPS_AS_OF}",
    worst=rt.text.pct(contrib[B1_TO]["return"].min()),
    fit=scen.loc["+ missing at fitted caps", "group_share_pct"],
)

# %%
b1_ends = rt.windows.trading_days_around(px.index, B1_TO, B1_END_DAYS)
b1_grid = rt.breadth_claims.share_by_end(px, caps0, B1_FROM, b1_ends, MAG7)
d1 = rt.rules.decide("B1", measured=share)
b1_words = f"end {rt.text.day(b1_ends[0])} … {rt.text.day(b1_ends[-1])}, {len(b1_ends)} end days"
rob_b1 = rt.breadth_claims.grid_robustness("B1", b1_grid, b1_words, d1.verdict)
extra = {"year_end": B1_YEAR_END, "recon": recon, "caps": caps, "missing": missing}
b1 = rt.breadth_claims.b1_result(d1, tables, (lo, hi), b1_grid, rob_b1, extra, (B1_FROM, B1_TO), px.index[-1])
rt.claims.record(d1, **b1)

# %% [markdown]
# **Caveats.** Two of the unpriced members (CTRA, HOLX) are in the S&P 1500 panel, which this notebook does
# not load to stay fast; their prices would narrow the bound. Full rather than float-adjusted caps overweight companies with large insider holdings (Tesla,
# Meta, Alphabet), which if anything raises the Mag 7 share measured here. The list is October 2025's, so
# names added during 2025 count from January and names removed are absent; the reconciliation gap above bounds
# the combined effect of these choices on the index return. The share is a ratio of two returns and moves
# with the end date: compare the two rows of the first table.

# %% [markdown]
# ## Breadth itself: members above their averages, advances and declines
#
# **Data.** The member panel, restricted to the October 2025 list (so the computed series has survivorship
# and membership drift the official one lacks), against the official percentages of members above their
# 50- and 200-day averages (`$S5FI`, `$S5TH`, `reference/sp500_breadth_official.csv`).
#
# **Method.** Each day, the percent of members whose close is above their own N-day simple average, among
# members with N days of history; the advance–decline line is the cumulative count of advancing minus
# declining members.

# %%
mem_px = px[[t for t in map(rt.contributions.price_ticker, members) if t in px.columns]]
official = rt.data.breadth_official()
mine = {n: rt.breadth.pct_above_ma(mem_px, n) for n in MA_WINDOWS}
te = pd.DataFrame(
    {
        f"{n}-day": rt.breadth.tracking_error(mine[n].loc[B1_FROM:], official[f"pct_above_ma{n}"])
        for n in MA_WINDOWS
    }
).T
te.round(2)

# %% [markdown]
# Figure 5 overlays the computed and official series from the start of 2025; look at the weeks around the
# article's window, when the 50-day share of members above average rose while the cap-weighted index lagged.

# %%
both = (
    pd.DataFrame(
        {
            **{f"{n}-day, computed": mine[n] for n in MA_WINDOWS},
            **{f"{n}-day, official": official[f"pct_above_ma{n}"] for n in MA_WINDOWS},
        }
    )
    .loc[B1_FROM:]
    .dropna()
)
fig = rt.plots.lines(
    both,
    "Figure 5. S&P 500 members above their moving average, %",
    "percent of members",
    "member panel (October 2025 list); reference/sp500_breadth_official.csv (\\$S5FI, \\$S5TH)",
    colors={
        "50-day, computed": "#0173b2",
        "50-day, official": "#56b4e9",
        "200-day, computed": "#d55e00",
        "200-day, official": "#e69f00",
    },
)
_ = fig.axes[0].axvspan(pd.Timestamp(START), pd.Timestamp(END), color="grey", alpha=0.15)

# %% tags=["hide-input"]
ad = rt.breadth.advance_decline(mem_px.loc[B1_FROM:])
rt.text.md(
    "The computed series sit {md50} (50-day) and {md200} (200-day) above the official ones on average, "
    "as expected when today's list leaves out members that were removed after falling; around that offset "
    "they track with {te50} and {te200} of tracking error over {days} common days (best alignment lag {lag} "
    "days). Over the article's window the advance–decline line gained {adw} (net advancing members summed "
    "over its days), against {ady} from {b1} to the window's start.",
    md50=rt.text.pp(te.loc["50-day", "mean_diff_pp"]),
    md200=rt.text.pp(te.loc["200-day", "mean_diff_pp"]),
    te50=rt.text.pp(te.loc["50-day", "tracking_error_pp"]).lstrip("+"),
    te200=rt.text.pp(te.loc["200-day", "tracking_error_pp"]).lstrip("+"),
    days=int(te.loc["50-day", "days"]),
    lag=int(te.loc["50-day", "best_lag"]),
    b1=B1_FROM,
    adw=f"{int(ad.loc[START:END, 'net'].iloc[1:].sum()):+,d}",
    ady=f"{int(ad.loc[:START, 'net'].sum()):+,d}",
)

# %% [markdown]
# <a id="B5"></a>
#
# ## B5 — did Tech and Mag 7 leadership stall in late October?
#
# The claim as the registry states it, with the rule that decides it:

# %% tags=["hide-input"]
rt.conclude.card("B5")

# %% [markdown]
# **Data.** The Mag 7 as one cap-weighted, buy-and-hold basket (caps as in B1, from the sample's start) and
# XLK, each relative to RSP (the equal-weight market), total return, from the registry's start to the window end.
#
# **Method.** A stall is a **peak** of the relative-strength line: the claim states a direction, and the test
# checks it. The claim names two leaders, so both lines are read. The peak is the line's highest close over the
# sample. Around it, the daily log changes of the line are regressed on a constant and an after-peak dummy (OLS,
# HAC Newey–West errors): a stall needs the drift after the peak below the drift before, tested one-sided. A
# moving-block bootstrap of the residuals around the two drifts, re-cumulated and re-dated, gives a 95 % band for
# the date. The registry's rule (`turn_each`) judges each line and combines them as the card says. Because the
# same data pick the date and test the drift change, the p-value is optimistic; the band and the sample-start
# grid below are the checks.


# %%
def with_mag7(start, end=None):
    """ETF closes joined with the cap-weighted Mag 7 basket bought at ``start`` (caps carried back)."""
    mag = rt.contributions.basket(px, rt.contributions.caps_on(caps[MAG7], px, CAPS_AS_OF, start), start)
    return etf.join(mag.rename("Mag 7"), how="inner").loc[:end]


def rs_line(start, a="Mag 7"):
    """``a`` relative to EQUAL from ``start`` to B5_TO (total return)."""
    c = with_mag7(start, B5_TO)
    return (c[a] / c[EQUAL]).rename(f"{a}/{EQUAL}")


# %%
turns5 = bc.b5_turns(rs_line, B5_FROM)
pd.DataFrame({k: t.as_row() for k, t in turns5.items()}).T

# %% [markdown]
# Figure 6 draws both relative-strength lines with their peaks (dashed) and the stated date (dotted).
# A stall shows as a line that stops rising and turns down.

# %%
rel5 = with_mag7(B5_FROM, B5_TO)
rs5 = rt.returns.relative_strength(rel5[["Mag 7", TECH, EQUAL]], EQUAL)
fig = rt.plots.lines(
    rs5,
    f"Figure 6. Mag 7 basket and {TECH} relative to {EQUAL} (total return, 1.0 = {B5_FROM})",
    "ratio to RSP, rebased",
    f"member and ETF panels of the snapshot; caps {CAPS_AS_OF} carried back",
    hline=1.0,
    colors={"Mag 7": rt.plots.COLORS["mag7"]},
)
for t, c in zip(turns5.values(), [rt.plots.COLORS["mag7"], rt.plots.COLORS["XLK"]]):
    fig.axes[0].axvline(t.date, color=c, ls="--", lw=1)
_ = fig.axes[0].axvline(pd.Timestamp(rt.articles.figure("B5", "stall").value), color="black", ls=":", lw=1)

# %% tags=["hide-input"]
t5 = turns5[f"Mag 7/{EQUAL}"]
rt.text.md("In Figure 6: {t}", t=" ".join(bc.turn_words(k, t) for k, t in turns5.items()))

# %% [markdown]
# **How the verdict moves with the sample's start.** The peak is re-dated and re-tested on samples starting
# each month from the registry's start; each sample's verdict by the same rule.

# %%
b5_starts = rt.windows.monthly_starts(etf.index, B5_FROM, B5_GRID_MONTHS)
sens5 = bc.b5_by_start(rs_line, b5_starts)
d5 = rt.rules.decide("B5", parts={k: t.inputs() for k, t in turns5.items()})  # recorded below
words5 = f"sample start {sens5.index[0]} … {sens5.index[-1]}, monthly, {len(sens5)} samples"
rob5 = rt.robustness.summary(sens5["verdict"], words5, at=d5.verdict)
sens5

# %% [markdown]
# **A second reading: the break test.** The notebook's earlier method dated a single least-squares break in the
# line's drift over the registry's sample. It is kept as a second reading, with the sign of its drift change:
# a break whose drift *rises* is the start of leadership, the opposite of a stall, and never counts for the claim.

# %%
fits = {
    k: rt.breaks.final_regime_break(rt.breaks.log_relative_returns(rel5, k.split("/")[0], EQUAL))
    for k in turns5
}
second = pd.DataFrame(
    {
        k: {
            "method": how,
            **br.as_row(),
            "direction": "down (a stall)" if br.drift_after < br.drift_before else "up (not a stall)",
        }
        for k, (part, br, how) in fits.items()
    }
).T
second

# %%
b5 = bc.b5_result(
    d5, turns5, fits[f"Mag 7/{EQUAL}"][1], rob5, (sens5, second), etf, (B5_FROM, B5_TO), px.index[-1]
)
rt.claims.record(d5, **b5)

# %% [markdown]
# **Caveats.** Daily relative returns are noisy next to a drift change of a few percent a month, so the
# bootstrap band of the date is wide. Choosing the date by the line's own maximum and then testing the drift
# change at it overstates significance; the grid of sample starts shows whether the peak and the verdict hold
# when the sample changes. Within the sample the line stays below its peak by construction; whether it stayed
# there after the article is in "What happened next".

# %% [markdown]
# <a id="B7"></a>
#
# ## B7 — when did the rotation and the rally start?
#
# The claim as the registry states it, with its two dated statements and the rule that combines them:

# %% tags=["hide-input"]
rt.conclude.card("B7")

# %% [markdown]
# **Data.** RSP and SPY, total return.
#
# **Method.** Two statements, each a **trough** tested as in B5 (the date of the low, a one-sided HAC test that
# the drift rises after it, a bootstrap band): (a) *fourth month*: the low of the equal-weight / cap-weight line
# `RSP/SPY` over the registry's sample; (b) *began in mid-November*: the lowest close of RSP itself over the
# registry's look-back before the article. The registry's rule (`turns`) judges each and combines them.

# %%
y7a = (etf[EQUAL] / etf[CAP]).loc[B7_FROM:B7_TO].rename(f"{EQUAL}/{CAP}")
low_months = int(rt.registry.claim("B7")["lookback_months"])
y7b = etf[EQUAL].loc[pd.Timestamp(B7_TO) - pd.DateOffset(months=low_months) : B7_TO]
t7 = {"(a) fourth month": rt.turns.turn(y7a, "trough"), "(b) mid-November low": rt.turns.turn(y7b, "trough")}
pd.DataFrame({k: t.as_row() for k, t in t7.items()}).T

# %% [markdown]
# Figure 7 shows both lines over the months before the article, with the two troughs (dashed), the "fourth
# month" range (shaded) and the stated mid-November date (dotted).

# %%
lines7 = pd.DataFrame(
    {
        f"{EQUAL}/{CAP}": y7a / y7a.iloc[0],
        EQUAL: etf[EQUAL].loc[B7_FROM:B7_TO] / etf[EQUAL].loc[B7_FROM:].iloc[0],
    }
)
fig = rt.plots.lines(
    lines7,
    f"Figure 7. {EQUAL} relative to {CAP} and {EQUAL} itself (total return, 1.0 = {B7_FROM})",
    "rebased level",
    src_etf,
    hline=1.0,
)
ax = fig.axes[0]
fourth = rt.articles.figure("B7", "fourth_month")
ax.axvspan(pd.Timestamp(fourth.low), pd.Timestamp(fourth.high), color="grey", alpha=0.15)
for t in t7.values():
    ax.axvline(t.date, color="black", ls="--", lw=1)
_ = ax.axvline(pd.Timestamp(rt.articles.figure("B7", "rally_start").value), color="black", ls=":", lw=1)

# %% [markdown]
# **How the verdict moves.** The grid is declared in the registry (`grid` of B7): statement (a) on samples
# starting each month from the registry's start, statement (b) with the low searched over several look-backs,
# B7's verdict on every pair. Only samples that start before the range they test can contain the turn; a sample
# starting later would find its low on its own first days, which is no turn at all, so the grid leaves it out.

# %%
samples7 = bc.b7_samples(etf.index, (B7_FROM, B7_TO))
v7 = bc.b7_grid(y7a, etf[EQUAL].loc[:B7_TO], samples7)
d7 = rt.rules.decide("B7", parts={k: t.inputs() for k, t in t7.items()})  # recorded below
words7 = f"(a) sample starts {', '.join(samples7[0])} × (b) look-backs of {', '.join(map(str, samples7[1]))} months"
rob7 = rt.robustness.summary(v7, f"{words7}, {len(v7)} pairs", at=d7.verdict)
v7.unstack()

# %%
ta, tb = t7.values()
grid7 = {f"{a} | {m} months": v for (a, m), v in v7.items()}
b7 = bc.b7_result(d7, ta, tb, rob7, grid7, (B7_FROM, B7_TO), etf.index[-1])
rt.claims.record(d7, **b7)

# %% [markdown]
# **Caveats.** The two statements use different lines because they say different things: the rotation is
# relative (equal weight against cap weight), the rally is absolute (the level of the market). The low of a level
# depends on how far back one looks, which the grid shows.
#
# <a id="B6"></a>
#
# ## B6 — is the rotation real?
#
# The claim as the registry states it, with its three declared checks:

# %% tags=["hide-input"]
rt.conclude.card("B6")

# %% [markdown]
# **Data.** IWM, SPY, XLK and the cyclical SPDRs (XLB, XLE, XLF, XLI, XLY) over the B2 window; IWM daily net
# flows in 2026 (`flows/etf_daily_flows.csv`, which starts on 2026-01-02: no earlier months to compare with).
#
# **Method.** The card's three checks: (1) on rolling windows of `ROLL_DAYS` trading days inside the window;
# (2) with the cyclical SPDRs equally weighted; (3) with days without flow data bounded by ± the largest observed
# daily flow.

# %%
roll = rt.stats.share_of_windows_beating(etf, SMALL, CAP, ROLL_DAYS, START, END)
cyc = rt.returns.total_return(etf[CYCLICALS + [TECH]], START, END)
flows = rt.data.etf_flows([SMALL]).set_index("date")["flow_usd"]
year = pd.Timestamp(JUDGED_AT).year
flow = bc.flow_ytd(flows, etf.loc[f"{year}-01-01" : JUDGED_AT].index)

# %%
checks = bc.b6_checks(roll, cyc, flow, ROLL_DAYS, year)
checks

# %% [markdown]
# **How unusual was the equal-weight lead?** The 3-month (63-trading-day) RSP − SPY spread is ranked in its own
# history since RSP's first full month (overlapping windows; the non-overlapping subsample is the effective
# sample). Figure 8 shows the distribution of that history; look at where the latest value (dotted) sits.

# %%
import seaborn as sns

h6 = bc.spread_history(etf, SPREAD_DAYS, JUDGED_AT)
ax = sns.histplot(h6["hist"], bins=80, color=rt.plots.COLORS["RSP"])
ax.axvline(h6["now"], color="black", ls=":", lw=1.2)
title = f"Figure 8. {EQUAL} − {CAP}, {SPREAD_DAYS}-day total return since {h6['hist'].index[0].year}"
fig = rt.plots.finish(ax, title, "trading days", src_etf, xlabel="spread, pp")

# %% tags=["hide-input"]
rt.text.md(
    "{t} The flows file covers {f0} to {f1}.",
    t=bc.spread_words(h6, SPREAD_DAYS),
    f0=rt.text.day(flows.index.min()),
    f1=rt.text.day(flows.index.max()),
)

# %%
d6 = rt.rules.decide(
    "B6", results={k: (None if pd.isna(p) else bool(p)) for k, p in checks["passed"].items()}
)
cyc_lead = (cyc[CYCLICALS].mean() - cyc[TECH]) * 100
kept = {
    "rolling": roll,
    "cyclicals_minus_xlk_pp": cyc_lead,
    "iwm_flow_ytd_usd": flow[0],
    "spread_63d_pp": h6["now"],
}
kept |= {"spread_percentile": h6["pct_all"], "spread_percentile_non_overlapping": h6["pct_ind"]}
extra = {"details": kept, "percentile": h6["pct_all"], "year": h6["hist"].index[0].year}
rt.claims.record(d6, **bc.b6_result(d6, checks, extra, (START, END), etf.index[-1]))

# %% [markdown]
# **Caveats.** The flow check covers one month: "improved in recent months" needs 2025 IWM flows, which the
# snapshot lacks (issuers' daily share counts or `yfinance.Ticker.get_shares_full` would give them). Flows are
# creations minus redemptions and include arbitrage and hedging activity, not only investor demand. The
# percentile describes size, not persistence.

# %% [markdown]
# ## What happened next
#
# The same measures after the article, from its as-of date to the end of each panel. Figure 9 continues the
# relative-strength lines of the window; the dotted line marks the article's data end.

# %%
after = with_mag7(START)
rs_after = rt.returns.relative_strength(after[[EQUAL, SMALL, TECH, "Mag 7", CAP]], CAP)
fig = rt.plots.lines(
    rs_after,
    f"Figure 9. Relative to {CAP} since {START} (total return, 1.0 = start)",
    "ratio to SPY, rebased",
    "ETF and member panels of the snapshot",
    hline=1.0,
    colors={"Mag 7": rt.plots.COLORS["mag7"]},
)
_ = fig.axes[0].axvline(pd.Timestamp(JUDGED_AT), color="black", ls=":", lw=1)

# %%
nxt = bc.next_table(after[[EQUAL, CAP, SMALL, TECH, "Mag 7", *CYCLICALS]], JUDGED_AT)
nxt.round(2).rename_axis(f"total return from {JUDGED_AT} to, %")

# %% tags=["hide-input"]
rt.text.md("Figure 9 and the table: {t}", t=bc.next_words(nxt, JUDGED_AT))

# %% [markdown]
# Did the stall of B5 last? The Mag 7 / RSP line of the registry's sample, continued to the end of the data,
# against its peak before the article:

# %% tags=["hide-input"]
full = with_mag7(B5_FROM)
rt.text.md("{t}", t=bc.regained_words(full["Mag 7"] / full[EQUAL], t5.date, JUDGED_AT, "Mag 7"))

# %% [markdown]
# Breadth at the article's window start, at its data end and at each month end since, computed against official:

# %%
brd = pd.DataFrame({f"{n}-day computed": mine[n] for n in MA_WINDOWS})
brd = brd.join(official[[f"pct_above_ma{n}" for n in MA_WINDOWS]])
rows = bc.month_end_rows(brd, START, JUDGED_AT).round(1).astype(object).fillna("—")
rows.rename_axis("trading day (month ends: last trading day)")

# %% [markdown]
# ## Sources
#
# - Prices: snapshot `prices/etf_daily.parquet`, `prices/sp500_daily.parquet`, `prices/index_daily.parquet`
#   (Yahoo Finance adjusted closes; the README's data section gives the origin of each file).
# - Members: `universe/sp500_constituents.csv` (vintage 2025-10-30), from the `datasets/s-and-p-500-companies`
#   repository; market caps: `earnings/company_fundamentals.csv` (Yahoo Finance via yfinance, 2026-02-11).
# - Official breadth: `reference/sp500_breadth_official.csv` (Barchart `$S5FI`, `$S5TH`).
# - Flows: `flows/etf_daily_flows.csv`.
# - Methods: Andrews (1993) sup-Wald test; Bai (1997) break-date interval; Bai & Perron (2003) multiple breaks;
#   Newey & West (1994) lag rule.

# %% [markdown]
# The summary at the top of this notebook is replaced by the verdicts just recorded:

# %%
rt.claims.update_summary(CLAIMS)
