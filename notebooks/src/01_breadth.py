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
AS_OF = "2026-01-30"  # the date the claims are judged at (the article's data end)
WINDOW_START = None  # None: the registry's windows (data/claims.csv); a date moves them (adapt)
WINDOW_END = None
B1_START = None  # None: B1's registry window
B1_END = None
GRID_START_DAYS = (-10, 11)  # heatmap rows: start days from the window's start, calendar days
GRID_END_DAYS = (-7, 7)  # heatmap columns: around the window's end, calendar days
INDEX_CAP = "^GSPC"  # price indices (no dividends)
INDEX_SMALL = "^RUT"
SECTORS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
CYCLICALS = ["XLB", "XLE", "XLF", "XLI", "XLY"]
MAG7 = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"]
B1_END_DAYS = (-7, 7)  # B1 robustness: end days within a week of B1's end, calendar days
MEMBERS_VINTAGE = "2025-10-30"  # S&P 500 list closest to the window
CAPS_AS_OF = "2026-02-11"  # date of the market-cap snapshot
B5_GRID_MONTHS = 9  # B5 robustness: samples starting each month from B5's start, this many
B7_GRID_MONTHS = 5  # B7 (a) robustness: samples starting each month from B7's start
B7_LOW_MONTHS = [2, 3, 4, 5]  # B7 (b) robustness: months before AS_OF searched for the rally's low
SEARCH_START_DAYS = (-14, 14)  # article-window search: start days around the window's start
SEARCH_END_DAYS = (-10, 10)  # ... end days around its end
ROLL_DAYS = 20  # B6: rolling windows, trading days
SPREAD_DAYS = 63  # B6: "3 months", trading days
HISTORY_START = "2003-05-01"  # RSP's first full month
MA_WINDOWS = [50, 200]  # breadth: moving averages, trading days

# %%
import rotation as rt

rt.plots.set_theme()
CLAIMS = rt.registry.claims_of("01_breadth.ipynb")
rt.claims.show_summary(CLAIMS)
moves = dict(start=WINDOW_START, end=WINDOW_END, as_of=AS_OF)
START, END = rt.windows.shared_window(["B2", "B3", "B4", "B6"], **moves)
B1_FROM, B1_TO = rt.windows.claim_window("B1", start=B1_START, end=B1_END)
B5_FROM, B5_TO = rt.windows.claim_window("B5", anchor="B2", **moves)
B7_FROM, B7_TO = rt.windows.claim_window("B7", anchor="B2", **moves)
EQUAL, CAP = rt.breadth_claims.series_tickers("B2")  # equal- and cap-weight S&P 500 ETFs
(SMALL,) = rt.breadth_claims.series_tickers("B4")  # the Russell 2000 ETF
TECH = rt.breadth_claims.series_tickers("B6")[-1]  # the technology sector ETF
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

first = min(pd.Timestamp(B5_FROM), pd.Timestamp(B1_FROM)) - pd.Timedelta(
    days=300
)  # room for 200-day averages
etf = rt.data.closes([EQUAL, CAP, SMALL, *SECTORS], HISTORY_START)
idx = rt.data.closes([INDEX_CAP, INDEX_SMALL], first, panel="index")
members_long = rt.data.prices(None, first, panel="sp500", fields=("close", "volume"))
px = rt.breadth.wide(members_long)
rt.breadth_claims.spans({"ETF": etf, "index": idx, "S&P 500 members": px})

# %% [markdown]
# <a id="B2"></a><a id="B4"></a>
#
# ## B2, B4 — equal weight, cap weight and small caps since early November
#
# **Claim.** Since early November 2025 the equal-weight S&P 500 rose about 6 % while the cap-weighted
# index rose 1.6 % (B2, a spread of 4.4 pp); the Russell 2000 rose more than 7 % (B4). Source: the article.
#
# **Data.** RSP (Invesco S&P 500 Equal Weight), SPY (SPDR S&P 500) and IWM (iShares Russell 2000), total
# returns; ^GSPC and ^RUT price levels for comparison. The snapshot has no equal-weight index level, so RSP
# stands for it on both bases.
#
# **Method.** Return from the close of the window's first trading day to the close of its last; the spread
# is the difference of returns in percentage points.

# %%
ret = rt.returns.total_return(etf[[EQUAL, CAP, SMALL]], START, END)
pr = rt.returns.total_return(idx, START, END)
pairs = {EQUAL: None, CAP: INDEX_CAP, SMALL: INDEX_SMALL}  # no equal-weight index level in the snapshot
basis = rt.breadth_claims.basis_table(ret, pr, pairs)
basis.round(2)

# %%
spread_pp = (ret[EQUAL] - ret[CAP]) * 100
v_tr, v_pr = rt.rules.grid("B4", [{"measured": ret[SMALL] * 100}, {"measured": pr[INDEX_SMALL] * 100}])
b4_basis = (
    f"That matters for B4, whose verdict on the price return of {INDEX_SMALL} would be *{v_pr}* instead of *{v_tr}*"
    if v_pr != v_tr
    else f"B4's verdict is *{v_tr}* on either basis"
)
names = dict(eq=EQUAL, cap=CAP, sm=SMALL, icap=INDEX_CAP, ism=INDEX_SMALL)

# %% tags=["hide-input"]
rt.text.md(
    "Over {s} → {e}, {eq} returned {r_eq} and {cap} {r_cap} (total return): a spread of {sp}. "
    "{sm} returned {r_sm}. On a price basis {icap} rose {p_cap} and {ism} {p_sm}: the funds' total returns "
    "exceed them by {g_cap} and {g_sm} (dividends less fees). {b4_basis}. For B2 the snapshot has no equal-weight index "
    "level; the spread's price-basis value differs from the one above by the difference between RSP's and "
    "SPY's dividends over the window, which adjusted closes cannot separate ({cap}'s own {g_cap} gives the "
    "order of magnitude).",
    s=START,
    e=END,
    **names,
    r_eq=rt.text.pct(ret[EQUAL]),
    r_cap=rt.text.pct(ret[CAP]),
    r_sm=rt.text.pct(ret[SMALL]),
    sp=rt.text.pp(spread_pp),
    p_cap=rt.text.pct(pr[INDEX_CAP]),
    p_sm=rt.text.pct(pr[INDEX_SMALL]),
    g_cap=rt.text.pp(basis.loc[CAP].iloc[3], 2),
    g_sm=rt.text.pp(basis.loc[SMALL].iloc[3], 2),
    b4_basis=b4_basis,
)

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
src_etf = "snapshot prices/etf_daily.parquet (adjusted closes, total return)"
fig, axes = plt.subplots(1, 2, figsize=(2 + 1.3 * len(ends), 1 + 0.4 * len(starts)), sharey=True)
rt.plots.heatmap(grid_eq, f"Figure 1. {EQUAL} − {CAP}, total return, pp", src_etf, ax=axes[0])
rt.plots.heatmap(grid_sm, f"{SMALL} − {CAP}, total return, pp", src_etf, ax=axes[1])
_ = axes[1].set_ylabel("")

# %% [markdown]
# Each cell of Figure 1 is also a verdict: the registry's rule applied to that window. The share of the grid
# giving each verdict is how robust the verdict is ("robust" when one verdict holds on at least 80 % of the
# grid); B4 is also shown on the price basis of ^RUT, whose verdict turns on single end days.

# %%
d2 = rt.rules.decide("B2", measured=spread_pp)  # the registry window's verdict, recorded below
grid_txt = rt.breadth_claims.grid_words(starts, ends, len(cells))
rob = {
    "B2": rt.breadth_claims.grid_robustness("B2", cells[EQUAL] - cells[CAP], grid_txt, d2.verdict),
    "B4": rt.breadth_claims.grid_robustness("B4", cells[SMALL], grid_txt, v_tr),
    "price": rt.breadth_claims.grid_robustness("B4", cells_pr[INDEX_SMALL], grid_txt, v_pr),
}
rt.breadth_claims.robustness_table(rob).rename({"price": f"B4 on {INDEX_SMALL} (price)"})

# %% tags=["hide-input"]
rut_by_end = cells_pr[INDEX_SMALL].xs(
    pd.Timestamp(starts[starts.get_indexer([pd.Timestamp(START)], method="pad")[0]]), level="start"
)
rt.text.md(
    "Across the {n} windows the equal-weight spread ranges from {lo} to {hi} (median {med}). From the {s} close, "
    "{rut} stood at {r1} on {d1} and {r2} on {d2}: on the price basis B4 turns on the single end day.",
    n=grid_eq.size,
    lo=rt.text.pp(grid_eq.min().min()),
    hi=rt.text.pp(grid_eq.max().max()),
    med=rt.text.pp(grid_eq.stack().median()),
    s=START,
    rut=INDEX_SMALL,
    r1=rt.text.pct(rut_by_end.loc[:END].iloc[-2], fraction=False),
    d1=rt.text.day(rut_by_end.loc[:END].index[-2]),
    r2=rt.text.pct(rut_by_end.loc[:END].iloc[-1], fraction=False),
    d2=rt.text.day(rut_by_end.loc[:END].index[-1]),
)

# %% [markdown]
# **Verdicts** (on the registry's window, total return). Each result also keeps the claim's measure at the end
# of the data ("follow-up"), which the scorecard reads instead of recomputing it.

# %%
rt.claims.record(d2, **rt.breadth_claims.b2_result(d2, etf, (START, END), rob["B2"], grid_eq))

# %%
d4 = rt.rules.decide("B4", measured=ret[SMALL] * 100)
price4 = (INDEX_SMALL, pr[INDEX_SMALL], v_pr, rut_by_end)
rt.claims.record(d4, **rt.breadth_claims.b4_result(d4, etf, (START, END), rob, price4, cells[SMALL]))

# %% [markdown]
# **Caveats.** The article's figures are probably price returns of the indices (its 6 % may be the S&P 500
# Equal Weight index, not RSP); the registry decides on total returns, and the table above shows where the
# price basis changes a verdict. The next section asks which window and basis the article itself used.
#
# <a id="window"></a>
#
# ### How the article probably measured
#
# The article gives three figures for one window: equal weight +6 %, cap weight +1.6 % and small caps "more
# than 7 %". Every start day within two weeks of the registry's window start and every end day within ten
# days of its end is tried on two bases: ETF total returns (RSP, SPY, IWM) and index price returns (^GSPC,
# ^RUT; RSP again for equal weight, the snapshot having no equal-weight index level). A window's error is
# the root mean square of its three misses in pp (for "more than 7 %", only a shortfall counts). Table: the
# best matches on each basis.

# %%
stated = {k: f.number for k, f in {**rt.articles.figures("B2"), **rt.articles.figures("B4")}.items()}
both = etf[[EQUAL, CAP, SMALL]].join(idx, how="inner")
bases = {
    "ETF total return": both[[EQUAL, CAP, SMALL]],
    "index price return": both[[EQUAL, INDEX_CAP, INDEX_SMALL]].rename(
        columns={INDEX_CAP: CAP, INDEX_SMALL: SMALL}
    ),
}
match = rt.windows.match_article(
    bases,
    {
        "equal weight, %": (EQUAL, stated["equal_weight"]),
        "cap weight, %": (CAP, stated["cap_weight"]),
        "small caps, %": (SMALL, stated["small_caps"]),
    },
    rt.windows.trading_days_around(both.index, START, SEARCH_START_DAYS),
    rt.windows.trading_days_around(both.index, END, SEARCH_END_DAYS),
    at_least=["small caps, %"],
)
best = match.groupby(level="basis", sort=False).head(3)
best[["equal weight, %", "cap weight, %", "small caps, %", "rms_pp"]].round(2)

# %%
best_row = match.iloc[0]
best_b2 = best_row["equal weight, %"] - best_row["cap weight, %"]
on_best = {
    "B2": rt.rules.decide("B2", measured=best_b2),
    "B4": rt.rules.decide("B4", measured=best_row["small caps, %"]),
}

# %% tags=["hide-input"]
rt.text.md(
    "The best joint match is the {basis} from the {s} close to {e} (RMS error {err:.2f} pp); {n} of the {N} "
    "windows reproduce all three figures within 0.5 pp RMS, {nt} on the total-return and {np_} on the price basis, "
    "their starts ranging over {s0} … {s1}. The figures are reproducible, but they do not single out one window "
    "or basis. On the best-matching window B2 is *{v2}* and B4 *{v4}*, against *{r2}* and *{r4}* on the registry's.",
    **rt.windows.match_summary(match, 0.5),
    v2=on_best["B2"].verdict,
    v4=on_best["B4"].verdict,
    r2=d2.verdict,
    r4=v_tr,
)

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
# **Claim.** Leadership of Technology and the Magnificent Seven has stalled since late October 2025 (stated
# date 2025-10-29). Source: Morgan Stanley Wealth Management CIO report of 2026-01-26, as quoted.
#
# **Data.** The Mag 7 as one cap-weighted, buy-and-hold basket (caps as in B1, from the sample's start) and
# XLK, each relative to RSP (the equal-weight market), total return, from the registry's start to the window end.
#
# **Method.** A stall is a **peak** of the relative-strength line: the claim states a direction, and the test
# checks it. The peak is the line's highest close over the sample. Around it, the daily log changes of the line
# are regressed on a constant and an after-peak dummy (OLS, HAC Newey–West errors): a stall needs the drift
# after the peak below the drift before, tested one-sided. A moving-block bootstrap of the residuals around the
# two drifts, re-cumulated and re-dated, gives a 95 % band for the date. The registry's rule (`turn`, in
# `data/claims.csv`): supported if the peak is within 21 days of 2025-10-29 with one-sided p < 0.05, partly if
# within 42 days with a falling drift; an upward turn never counts. Because the same data pick the date and
# test the drift change, the p-value is optimistic; the band and the sample-start grid below are the checks.


# %%
def with_mag7(start, end=None):
    """ETF closes joined with the cap-weighted Mag 7 basket bought at ``start`` (caps carried back)."""
    mag = rt.contributions.basket(px, rt.contributions.caps_on(caps[MAG7], px, CAPS_AS_OF, start), start)
    return etf.join(mag.rename("Mag 7"), how="inner").loc[:end]


def rs_line(start, a="Mag 7"):
    """``a`` relative to EQUAL from ``start`` to B5_TO (total return)."""
    c = with_mag7(start, B5_TO)
    return (c[a] / c[EQUAL]).rename(f"{a}/{EQUAL}")


turns5 = {f"{a}/{EQUAL}": rt.turns.turn(rs_line(B5_FROM, a), "peak") for a in ("Mag 7", TECH)}
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
rt.text.md(
    "Figure 6's Mag 7 line peaked on {d} (bootstrap band {b0} to {b1}); its drift went from {db:+.1f} to "
    "{da:+.1f} % per 21 trading days (one-sided HAC p = {p:.3f}), and it ended the window {dd} below the peak. "
    "{tech}'s line peaked on {dx}.",
    d=rt.text.day(t5.date),
    b0=rt.text.day(t5.band[0]),
    b1=rt.text.day(t5.band[1]),
    db=t5.drift_before * 2100,
    da=t5.drift_after * 2100,
    p=t5.p_one_sided,
    dd=f"{abs(t5.depth_pct):.1f} %",
    tech=TECH,
    dx=rt.text.day(turns5[f"{TECH}/{EQUAL}"].date),
)

# %% [markdown]
# **How the verdict moves with the sample's start.** The peak is re-dated and re-tested on samples starting
# each month from the registry's start; each sample's verdict by the same rule.

# %%
b5_starts = rt.windows.monthly_starts(etf.index, B5_FROM, B5_GRID_MONTHS)
sens5 = pd.DataFrame(
    {str(st.date()): {**(t := rt.turns.turn(rs_line(st), "peak")).as_row(), **t.inputs()} for st in b5_starts}
).T
sens5["verdict"] = rt.rules.grid("B5", sens5[["date", "slope_change", "p_one_sided"]].to_dict("records"))
d5 = rt.rules.decide("B5", **t5.inputs())  # the registry sample's verdict, recorded below
rob5 = rt.robustness.summary(
    sens5["verdict"],
    f"sample start {sens5.index[0]} … {sens5.index[-1]}, monthly, {len(sens5)} samples",
    at=d5.verdict,
)
sens5.drop(columns=["date", "slope_change", "p_one_sided"]).rename_axis("sample start")

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
turns = {"mag7": t5, "tech": turns5[f"{TECH}/{EQUAL}"]}
b5 = rt.breadth_claims.b5_result(
    d5, turns, fits[f"Mag 7/{EQUAL}"][1], rob5, (sens5, second), etf, (B5_FROM, B5_TO), px.index[-1]
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
# **Claim.** The rotation has entered its fourth month; the current rally began in mid-November 2025. Source:
# the article ("fourth month") and a Deutsche Bank strategist ("mid-November").
#
# **Data.** RSP and SPY, total return.
#
# **Method.** Two statements, each a **trough** tested as in B5 (the date of the low, a one-sided HAC test that
# the drift rises after it, a bootstrap band):
#
# - (a) *fourth month*: the low of the equal-weight / cap-weight line `RSP/SPY`, over the registry's sample from
#   June 2025; the article's date puts the start 3 to 4 months back, in 2025-09-30 … 2025-10-31;
# - (b) *began in mid-November*: the lowest close of RSP itself in the 3 months before the article, against
#   2025-11-17 ± 14 days.
#
# The registry's rule (`turns`) judges each (supported in range with p < 0.05, partly within 30 days with a
# rising drift) and combines them: supported if both are, not supported if neither is even partly, else partly.

# %%
y7a = (etf[EQUAL] / etf[CAP]).loc[B7_FROM:B7_TO].rename(f"{EQUAL}/{CAP}")
low_months = int(rt.registry.claim("B7")["lookback_months"])
low_start = lambda m: pd.Timestamp(B7_TO) - pd.DateOffset(months=m)
y7b = etf[EQUAL].loc[low_start(low_months) : B7_TO]
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
# **How the verdict moves.** Statement (a) on samples starting each month from June 2025; statement (b) with
# the low searched over the last 2 to 5 months; B7's verdict on every pair.

# %%
b7_starts = rt.windows.monthly_starts(etf.index, B7_FROM, B7_GRID_MONTHS)
ga = {str(st.date()): rt.turns.turn(y7a.loc[st:], "trough") for st in b7_starts}
gb = {m: rt.turns.turn(etf[EQUAL].loc[low_start(m) : B7_TO], "trough") for m in B7_LOW_MONTHS}
pairs = [(a, m) for a in ga for m in gb]
d7 = rt.rules.decide(
    "B7", parts={k: t.inputs() for k, t in t7.items()}
)  # the registry's reading, recorded below
v7 = rt.rules.grid("B7", [{"parts": {"a": ga[a].inputs(), "b": gb[m].inputs()}} for a, m in pairs])
rob7 = rt.robustness.summary(
    v7,
    f"(a) sample start {b7_starts[0].date()} … {b7_starts[-1].date()} monthly × (b) low over the last "
    f"{B7_LOW_MONTHS[0]}–{B7_LOW_MONTHS[-1]} months, {len(pairs)} pairs",
    at=d7.verdict,
)
pd.Series(
    v7,
    index=pd.MultiIndex.from_tuples(pairs, names=["(a) sample start", "(b) months searched"]),
    name="B7 verdict",
).unstack()

# %%
ta, tb = t7.values()
b7 = rt.breadth_claims.b7_result(
    d7, ta, tb, rob7, dict(zip([f"{a} | {m} months" for a, m in pairs], v7)), (B7_FROM, B7_TO), etf.index[-1]
)
rt.claims.record(d7, **b7)

# %% [markdown]
# **Caveats.** The two statements use different lines because they say different things: the rotation is
# relative (equal weight against cap weight), the rally is absolute (the level of the market). The low of a level
# depends on how far back one looks: over two months it falls at the sample's edge, which is no turn at all.
#
# <a id="B6"></a>
#
# ## B6 — is the rotation real?
#
# **Claim.** The rotation is real: the Russell 2000 keeps beating large caps, cyclical sectors took the lead
# from tech, and small-cap fund inflows improved in recent months. Source: Jefferies equity research, as quoted.
#
# **Data.** IWM, SPY, XLK and the cyclical SPDRs (XLB, XLE, XLF, XLI, XLY) over the B2 window; IWM daily net
# flows in 2026 (`flows/etf_daily_flows.csv`, which starts on 2026-01-02: no earlier months to compare with).
#
# **Method.** Three checks declared in the registry: (1) IWM beats SPY in most rolling 20-trading-day windows
# inside the window; (2) the cyclical SPDRs, equally weighted, beat XLK; (3) IWM's 2026 net flow to the as-of
# date is positive (days without data bounded by ± the largest observed daily flow).

# %%
roll = rt.stats.share_of_windows_beating(etf, SMALL, CAP, ROLL_DAYS, START, END)
cyc = rt.returns.total_return(etf[CYCLICALS + [TECH]], START, END)
flows = rt.data.etf_flows([SMALL]).set_index("date")["flow_usd"]
try:
    ytd = rt.stats.sum_with_gaps(flows, etf.loc[f"{pd.Timestamp(AS_OF).year}-01-01" : AS_OF].index)
    flow_txt = (
        f"{ytd['total'] / 1e9:+.1f} USD bn ({ytd['missing_days']} day(s) missing: "
        f"{ytd['low'] / 1e9:+.1f} to {ytd['high'] / 1e9:+.1f} USD bn)"
    )
except rt.errors.DataValidationError as exc:  # no flow data for this year: the check cannot be made
    ytd, flow_txt = {"error": str(exc)}, "no flow data for the year"

# %%
checks = pd.DataFrame(
    {
        "measured": [
            f"{roll['beaten']} of {roll['windows']} windows ({roll['share_pct']:.0f} %)",
            f"{cyc[CYCLICALS].mean():.2%} vs {cyc[TECH]:.2%}; {(cyc[CYCLICALS] > cyc[TECH]).sum()} of {len(CYCLICALS)} beat {TECH}",
            flow_txt,
        ],
        "passed": [
            roll["share_pct"] > 50,
            cyc[CYCLICALS].mean() > cyc[TECH],
            ytd["low"] > 0 if "error" not in ytd else None,
        ],
    },
    index=[
        f"{SMALL} beats {CAP}, rolling {ROLL_DAYS}d",
        f"cyclicals beat {TECH}",
        f"{SMALL} net flow {pd.Timestamp(AS_OF).year} YTD > 0",
    ],
)
checks

# %% [markdown]
# **How unusual was the equal-weight lead?** The 3-month (63-trading-day) RSP − SPY spread is ranked in its own
# history since RSP's first full month (overlapping windows; the non-overlapping subsample is the effective
# sample). Figure 8 shows the distribution of that history; look at where the latest value (dotted) sits.

# %%
import seaborn as sns

hist = rt.stats.rolling_spread(etf.loc[:AS_OF], EQUAL, CAP, SPREAD_DAYS)
now = hist.iloc[-1]
pct_all = rt.stats.empirical_percentile(hist.iloc[:-1], now)
pct_ind = rt.stats.empirical_percentile(rt.stats.non_overlapping(hist, SPREAD_DAYS).iloc[:-1], now)
ax = sns.histplot(hist, bins=80, color=rt.plots.COLORS["RSP"])
ax.axvline(now, color="black", ls=":", lw=1.2)
fig = rt.plots.finish(
    ax,
    f"Figure 8. {EQUAL} − {CAP}, {SPREAD_DAYS}-day total return since {hist.index[0].year}",
    "trading days",
    src_etf,
    xlabel="spread, pp",
)

# %% tags=["hide-input"]
rt.text.md(
    "The {d}-day spread to {e} is {now}: higher than {p1:.0f} % of all {n1} earlier overlapping windows "
    "since {s} and {p2:.0f} % of the {n2} non-overlapping ones. The flows file covers {f0} to {f1}.",
    d=SPREAD_DAYS,
    e=rt.text.day(hist.index[-1]),
    now=rt.text.pp(now),
    p1=pct_all,
    n1=len(hist) - 1,
    s=rt.text.day(hist.index[0]),
    p2=pct_ind,
    n2=len(rt.stats.non_overlapping(hist, SPREAD_DAYS)) - 1,
    f0=rt.text.day(flows.index.min()),
    f1=rt.text.day(flows.index.max()),
)

# %%
d6 = rt.rules.decide(
    "B6", results={k: (None if pd.isna(p) else bool(p)) for k, p in checks["passed"].items()}
)
kept = {
    "rolling": roll,
    "cyclicals_minus_xlk_pp": (cyc[CYCLICALS].mean() - cyc[TECH]) * 100,
    "iwm_flow_ytd_usd": ytd,
    "spread_63d_pp": now,
    "spread_percentile": pct_all,
    "spread_percentile_non_overlapping": pct_ind,
}
extra = {"details": kept, "percentile": pct_all, "year": hist.index[0].year}
rt.claims.record(d6, **rt.breadth_claims.b6_result(d6, checks, extra, (START, END), etf.index[-1]))

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
_ = fig.axes[0].axvline(pd.Timestamp(AS_OF), color="black", ls=":", lw=1)

# %%
nxt = rt.returns.returns_to_month_ends(after[[EQUAL, CAP, SMALL, TECH, "Mag 7", *CYCLICALS]], AS_OF) * 100
nxt.insert(2, f"{EQUAL}-{CAP}, pp", nxt[EQUAL] - nxt[CAP])
nxt.index = nxt.index.strftime("%Y-%m-%d")
nxt.round(2).rename_axis(f"total return from {AS_OF} to, %")

# %% tags=["hide-input"]
last = nxt.iloc[-1]
rt.text.md(
    "Figure 8 and the table: from {a} to {z}, {eq} returned {r_eq} and {cap} {r_cap} ({sp}); {sm} {r_sm}, {tech} {r_tech} and the "
    "Mag 7 basket {r_m7}. The equal-weight lead of the article's window {held} over the following months.",
    a=AS_OF,
    z=nxt.index[-1],
    eq=EQUAL,
    cap=CAP,
    sm=SMALL,
    tech=TECH,
    r_eq=rt.text.pct(last[EQUAL], fraction=False),
    r_cap=rt.text.pct(last[CAP], fraction=False),
    sp=rt.text.pp(last[f"{EQUAL}-{CAP}, pp"]),
    r_sm=rt.text.pct(last[SMALL], fraction=False),
    r_tech=rt.text.pct(last[TECH], fraction=False),
    r_m7=rt.text.pct(last["Mag 7"], fraction=False),
    held="grew"
    if last[f"{EQUAL}-{CAP}, pp"] > 1
    else "shrank"
    if last[f"{EQUAL}-{CAP}, pp"] < -1
    else "neither grew nor shrank by more than 1 pp",
)

# %% [markdown]
# Did the stall of B5 last? The Mag 7 / RSP line of the registry's sample, continued to the end of the data,
# against its peak before the article:

# %% tags=["hide-input"]
full = with_mag7(B5_FROM)
line_after = full["Mag 7"] / full[EQUAL]
after_peak = line_after.loc[pd.Timestamp(AS_OF) + pd.Timedelta(days=1) :]
regained = after_peak[after_peak >= line_after.loc[t5.date]]
rt.text.md(
    "After the article the line {what}; at the end of the data ({z}) it stood {gap} from its {d} peak.",
    what=(
        f"regained its {rt.text.day(t5.date)} peak on {rt.text.day(regained.index[0])}"
        if len(regained)
        else f"stayed below its peak through {rt.text.day(after_peak.index[-1])}"
    ),
    z=rt.text.day(line_after.index[-1]),
    d=rt.text.day(t5.date),
    gap=rt.text.pct(line_after.iloc[-1] / line_after.loc[t5.date] - 1),
)

# %%
brd = pd.DataFrame({f"{n}-day computed": mine[n] for n in MA_WINDOWS}).join(
    official[[f"pct_above_ma{n}" for n in MA_WINDOWS]]
)
month_ends = (
    brd.loc[AS_OF:].groupby(brd.loc[AS_OF:].index.to_period("M")).tail(1).index
)  # last trading day of each month
brd.loc[
    [brd.index[brd.index.searchsorted(pd.Timestamp(d), side="right") - 1] for d in (START, AS_OF)]
    + list(month_ends)
].drop_duplicates().round(1).rename_axis("trading day (month ends: last trading day)")

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
