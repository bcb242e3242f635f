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

# %% tags=["hide-input"]
rt.conclude.card("B3")

# %% [markdown]
# **Data.** The S&P 500 members of the list nearest the window (`universe/sp500_constituents.csv`, with their
# GICS sectors), their adjusted closes (the S&P 500 panel, completed from the S&P 1500 panel for members it
# lacks) and their market caps (`earnings/company_fundamentals.csv`, Yahoo Finance), carried back to the
# window's start by each member's price ratio. The sector SPDRs' total returns give a second reading.
#
# **Method.** A member's contribution to the index's gain is its cap weight at the window's start times its
# total return; a sector's is the sum over its members, in pp of the members' cap-weighted return. The
# "drivers of the advance" are the sectors with the largest contributions. Equal weights (each member 1/N)
# show the same for the average stock. Members the data give no cap or no price are left out of the central
# value and bounded (see B1 below); the count of named sectors is read at both ends of those bounds.

# %%
M = rt.contribution_claims.load_members(members_long, MEMBERS_VINTAGE, CAPS_AS_OF)
m3 = rt.contribution_claims.b3_measure(M, START, END)
TOP_K, NAMED = int(rt.registry.claim("B3")["top_k"]), rt.contribution_claims.named_sectors()
sec_tab = m3.details["table"]
sec_tab.drop(columns="share_of_gain_pct").round(2)

# %% tags=["hide-input"]
rt.text.md(
    "Over {s} → {e} the members' cap-weighted return was {tot}. The {k} largest contributors were {top}: {n} of "
    "the three sectors the article names ({named}). {tech} contributed {tc}. Read at either end of the bounds "
    "for the members left out, the count is {rng}.",
    s=m3.window[0],
    e=m3.window[1],
    tot=rt.text.pct(sec_tab["contribution_pp"].sum(), 2, fraction=False),
    k=TOP_K,
    top=", ".join(m3.details["top"]),
    n=m3.value,
    named=", ".join(NAMED),
    tech="Information Technology",
    tc=rt.text.pp(sec_tab.loc["Information Technology", "contribution_pp"], 2),
    rng=f"{m3.low:.0f}" + ("" if m3.low == m3.high else f" to {m3.high:.0f}"),
)

# %% [markdown]
# Figure 2 sets the sectors' contributions on cap weights (left) beside equal weights (right), the named
# sectors highlighted: a sector can lead the average stock and still add little to the index.

# %%
import matplotlib.pyplot as plt

src_members = (
    "snapshot prices/sp500_daily.parquet, sp1500_daily.parquet; caps: earnings/company_fundamentals.csv"
)
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
title = f"Figure 2. Sector contributions to the S&P 500 members' return, {m3.window[0]} to {m3.window[1]}"
rt.plots.bars(sec_tab["contribution_pp"], title, "cap-weighted, pp", src_members, highlight=NAMED, ax=axes[0])
_ = rt.plots.bars(sec_tab["ew_contribution_pp"], "", "equal-weighted, pp", "", highlight=NAMED, ax=axes[1])

# %% tags=["hide-input"]
rt.text.md(
    "In Figure 2, on equal weights the {k} largest contributors were {ew} ({n} of the three named). Information "
    "Technology contributed {tc} on cap weights and {te} on equal weights; the difference is what its largest "
    "members did beyond the average member.",
    k=TOP_K,
    ew=", ".join(m3.details["ew_top"]),
    n=m3.details["ew_count"],
    tc=rt.text.pp(sec_tab.loc["Information Technology", "contribution_pp"], 2),
    te=rt.text.pp(sec_tab.loc["Information Technology", "ew_contribution_pp"], 2),
)

# %% [markdown]
# **Second reading: the sector funds' returns.** Figure 3 ranks the 11 Select Sector SPDRs by total return over
# the same window, the three the article names highlighted.

# %%
ranks = rt.breadth_claims.sector_ranks(etf, SECTORS, START, END)
sec, rank = ranks["total return, %"], ranks["rank"]
fig = rt.plots.bars(
    sec,
    f"Figure 3. Sector SPDR total return, {START} to {END}",
    "total return, %",
    src_etf,
    highlight=LEADERS,
)

# %% tags=["hide-input"]
top_etf = sec.index[:TOP_K].tolist()
rt.text.md(
    "Figure 3 shows {top} as the {k} best sector SPDRs, so {n} of the three named funds made the top {k} by "
    "return; {tech} ranked {r} of 11 with {rt_}. Return and contribution differ because a fund's return ignores "
    "its sector's weight in the index.",
    top=", ".join(top_etf),
    k=TOP_K,
    n=sum(t in top_etf for t in LEADERS),
    tech=TECH,
    r=rank[TECH],
    rt_=rt.text.pct(sec[TECH], fraction=False),
)

# %% [markdown]
# **Verdict.** The registry's rule on the contributions, read over the bounds; its grid moves the window's start
# and end as in Figure 1 and recounts the contributions on each window.

# %%
d3 = rt.rules.bounded("B3", m3.low, m3.high)
b3_starts = rt.windows.trading_days_around(M.closes.index, START, GRID_START_DAYS)
b3_ends = rt.windows.trading_days_around(M.closes.index, END, GRID_END_DAYS)
b3_grid = rt.contribution_claims.b3_grid(M, b3_starts, b3_ends)
b3_words = rt.breadth_claims.grid_words(b3_starts, b3_ends, len(b3_grid))
rob_b3 = rt.breadth_claims.grid_robustness("B3", b3_grid, b3_words, d3.verdict)
rt.claims.record(d3, **rt.contribution_claims.b3_result(d3, m3, ranks, etf, rob_b3))

# %% [markdown]
# **Caveats.** Caps are full, not float-adjusted as S&P's are, and the sectors are GICS's: Alphabet and Meta
# count in Communication Services, Amazon and Tesla in Consumer Discretionary, so "Technology" here is the
# Information Technology sector without them. The member list is one vintage; members added or removed
# during the window are counted as of that list.

# %% [markdown]
# <a id="B1"></a>
#
# ## B1 — how much of 2025's gain was the Magnificent Seven?

# %% tags=["hide-input"]
rt.conclude.card("B1")

# %% [markdown]
# **Data.** The members, closes and caps of B3, carried back to B1's window start.
#
# **Method.** The Magnificent Seven's share of the gain is their summed contribution (cap weight at the start
# × total return) over all members'. Yahoo reports a company's whole cap on every share class, so one class
# per company is kept (Alphabet as GOOGL). **Assumption:** constant share counts between the window and the
# cap date; dividends make a payer's earlier cap look about one year's yield too small.

# %%
B1_YEAR_END = f"{pd.Timestamp(B1_TO).year}-12-31"  # the calendar year of B1's window
m1 = rt.contribution_claims.b1_measure(M, B1_FROM, B1_TO)
m1_year = rt.contribution_claims.b1_measure(M, B1_FROM, B1_YEAR_END)
tables = {m.window[1]: m.details["table"] for m in (m1, m1_year)}
pd.concat(tables, names=["window end"])[
    ["members", "weight_pct", "contribution_pp", "share_of_gain_pct"]
].round(2)

# %% [markdown]
# The reconstruction is checked against SPY's total return and the S&P 500's price return over the same
# windows; the gap measures what the member data miss (members left out, index changes during 2025, float
# adjustment, dividends).

# %%
recon = pd.DataFrame(
    {m.window[1]: rt.contribution_claims.reconciliation(m, etf, idx, CAP, INDEX_CAP) for m in (m1, m1_year)}
).T
recon.round(2)

# %% [markdown]
# Figure 4 lists the 15 largest contributors through the claim's end date (Mag 7 highlighted): it shows whether
# the gain came from the seven or from a few of them plus other large names.

# %%
top = m1.details["member_pp"].nlargest(15)
title = f"Figure 4. Largest contributions to the S&P 500 members' return, {m1.window[0]} to {m1.window[1]}"
fig = rt.plots.bars(top, title, "contribution, pp", src_members, highlight=rt.contribution_claims.mag7())

# %% tags=["hide-input"]
in7 = top[top.index.isin(rt.contribution_claims.mag7())]
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
# **Members left out.** Some members of the list have no cap in the fundamentals file and a few have no price in
# either panel. Each is bounded by what it could have weighed, as the table says by kind (caps in USD bn on the
# cap date):

# %%
members = rt.data.sp500_constituents(MEMBERS_VINTAGE)["ticker"].tolist()  # the list, also for breadth below
caps = M.caps  # known caps, also for the Mag 7 basket of B5
rt.contribution_claims.left_out_table(M)

# %% tags=["hide-input"]
rt.text.md(
    "**The bound.** Each member without a cap may weigh anything from nothing up to the cap its trading volume "
    "and volatility predict at the generous end (the fit's 95th-percentile error), and each member without a "
    "price up to its last reported cap or, without one, a typical member's cap, at any return between the worst "
    "and the best member's. Over {s} → {e} that leaves the Mag 7 share between {lo:.1f} % and {hi:.1f} % "
    "(central {mid:.1f} %, on the {cov:.0f} % of members with a known cap and price).",
    s=m1.window[0],
    e=m1.window[1],
    lo=m1.low,
    hi=m1.high,
    mid=m1.value,
    cov=m1.coverage * 100,
)

# %%
d1 = rt.rules.bounded("B1", m1.low, m1.high)
b1_ends = rt.windows.trading_days_around(M.closes.index, B1_TO, B1_END_DAYS)
b1_grid = rt.contribution_claims.b1_by_end(M, B1_FROM, b1_ends)
b1_words = f"end {rt.text.day(b1_ends[0])} … {rt.text.day(b1_ends[-1])}, {len(b1_ends)} end days"
rob_b1 = rt.breadth_claims.grid_robustness("B1", b1_grid, b1_words, d1.verdict)
b1 = rt.contribution_claims.b1_result(d1, m1, m1_year, b1_grid, rob_b1, recon.iloc[0], M.closes.index[-1])
rt.claims.record(d1, **b1)

# %% [markdown]
# **Caveats.** Full rather than float-adjusted caps overweight companies with large insider holdings (Tesla,
# Meta, Alphabet), which if anything raises the Mag 7 share measured here. Trading volume overstates the caps
# of heavily traded names, so the bound's lower end is generous to the other 493. The list is one vintage:
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
# (2) with the cyclical SPDRs equally weighted; (3) "small-cap fund inflows improved" is not computable: the data
# hold one small-cap fund's flows, IWM's, a proxy for the claim's funds. IWM's 2026 net flow (days without flow
# data bounded by ± the largest observed daily flow) is stated beside the check and never counted; the rule then
# gives a verdict only if every outcome of that check agrees (amended 2026-12-03, `data/amendments.csv`).

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
