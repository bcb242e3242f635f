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
# Claims **B1–B7** of the February-2026 article (`data/claims.csv`): who carried the S&P 500 in 2025,
# how equal weight, small caps and sectors did from early November 2025, when leadership turned, and
# whether the rotation looks durable. The verdicts, computed below and read back from `results/`:

# %% tags=["parameters"]
AS_OF = "2026-01-30"                 # the article's data end (a Friday)
WINDOW_START = "2025-11-03"          # "early November 2025": first trading day of November
WINDOW_END = AS_OF
GRID_START_DAYS = (-10, 11)          # heatmap rows: trading days from WINDOW_START -10 to +11 calendar days
GRID_END_DAYS = (-7, 7)              # heatmap columns: around WINDOW_END, calendar days
EQUAL, CAP, SMALL, TECH = "RSP", "SPY", "IWM", "XLK"
INDEX_CAP, INDEX_SMALL = "^GSPC", "^RUT"     # price indices (no dividends)
SECTORS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
CLAIMED_LEADERS = ["XLB", "XLV", "XLY"]
CYCLICALS = ["XLB", "XLE", "XLF", "XLI", "XLY"]
MAG7 = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"]
B1_START, B1_END, B1_YEAR_END = "2024-12-31", "2025-11-28", "2025-12-31"
MEMBERS_VINTAGE = "2025-10-30"       # S&P 500 list closest to the window
CAPS_AS_OF = "2026-02-11"            # date of the market-cap snapshot
B5_LOOKBACK_DAYS = 305              # B5 sample starts 305 calendar days before WINDOW_START (2025-01-02)
B5_ALT_LOOKBACK_DAYS = (209, 154, 94)  # B5 sensitivity: later starts (2025-04-08, 2025-06-02, 2025-08-01)
B7_LOOKBACK_DAYS = 154              # B7 sample starts 154 calendar days before WINDOW_START (2025-06-02)
ROLL_DAYS = 20                       # B6: rolling windows, trading days
SPREAD_DAYS = 63                     # B6: "3 months", trading days
HISTORY_START = "2003-05-01"         # RSP's first full month
MA_WINDOWS = [50, 200]               # breadth: moving averages, trading days

# %%
import rotation as rt
from IPython.display import Markdown, display

rt.plots.set_theme()
CLAIMS = ["B1", "B2", "B3", "B4", "B5", "B6", "B7"]
display(Markdown(rt.claims.summary(CLAIMS)))

# %% [markdown]
# ## Data
#
# Three panels of the snapshot, each loaded once: the ETF panel (RSP, SPY, IWM and the 11 Select Sector
# SPDRs; adjusted closes, so changes are **total returns**), the two price indices ^GSPC and ^RUT (closing
# levels, **price returns**), and the S&P 500 member panel (adjusted closes and volumes of 683 current and
# former members) from a year before the first window so that 200-day averages exist.

# %%
import pandas as pd

B5_START = str((pd.Timestamp(WINDOW_START) - pd.Timedelta(days=B5_LOOKBACK_DAYS)).date())
B7_START = str((pd.Timestamp(WINDOW_START) - pd.Timedelta(days=B7_LOOKBACK_DAYS)).date())
first = min(pd.Timestamp(B5_START), pd.Timestamp(B1_START)) - pd.Timedelta(days=300)  # room for 200-day averages
etf = rt.data.closes([EQUAL, CAP, SMALL, *SECTORS], HISTORY_START)
idx = rt.data.closes([INDEX_CAP, INDEX_SMALL], first, panel="index")
members_long = rt.data.prices(None, first, panel="sp500", fields=("close", "volume"))
px = rt.breadth.wide(members_long)
pd.DataFrame({"first": [etf.index[0], idx.index[0], px.index[0]], "last": [etf.index[-1], idx.index[-1], px.index[-1]],
              "tickers": [etf.shape[1], idx.shape[1], px.shape[1]]}, index=["ETF", "index", "S&P 500 members"])

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
ret = rt.returns.total_return(etf[[EQUAL, CAP, SMALL]], WINDOW_START, WINDOW_END)
pr = rt.returns.total_return(idx, WINDOW_START, WINDOW_END)
pairs = {EQUAL: None, CAP: INDEX_CAP, SMALL: INDEX_SMALL}   # no equal-weight index level in the snapshot
basis = pd.DataFrame({"ETF total return, %": ret * 100,
                      "index": [i or "—" for i in pairs.values()],
                      "index price return, %": [pr[i] * 100 if i else float("nan") for i in pairs.values()]})
basis["ETF minus index, pp"] = basis.iloc[:, 0] - basis.iloc[:, 2]
basis.round(2)

# %% tags=["hide-input"]
spread_pp = (ret[EQUAL] - ret[CAP]) * 100
v_tr, v_pr = rt.claims.decide("B4", ret[SMALL] * 100)[0], rt.claims.decide("B4", pr[INDEX_SMALL] * 100)[0]
b4_basis = (f"That matters for B4, whose verdict on the price return of {INDEX_SMALL} would be *{v_pr}* instead of *{v_tr}*"
            if v_pr != v_tr else f"B4's verdict is *{v_tr}* on either basis")
rt.text.md("Over {s} → {e}, {eq} returned {r_eq} and {cap} {r_cap} (total return): a spread of {sp}. "
           "{sm} returned {r_sm}. On a price basis {icap} rose {p_cap} and {ism} {p_sm}: the funds' total returns "
           "exceed them by {g_cap} and {g_sm} (dividends less fees). {b4_basis}. For B2 the snapshot has no equal-weight index "
           "level; the spread's price-basis value differs from the one above by the difference between RSP's and "
           "SPY's dividends over the window, which adjusted closes cannot separate ({cap}'s own {g_cap} gives the "
           "order of magnitude).",
           s=WINDOW_START, e=WINDOW_END, eq=EQUAL, cap=CAP, sm=SMALL, icap=INDEX_CAP, ism=INDEX_SMALL,
           r_eq=rt.text.pct(ret[EQUAL]), r_cap=rt.text.pct(ret[CAP]), r_sm=rt.text.pct(ret[SMALL]),
           sp=rt.text.pp(spread_pp), p_cap=rt.text.pct(pr[INDEX_CAP]), p_sm=rt.text.pct(pr[INDEX_SMALL]),
           g_cap=rt.text.pp(basis.loc[CAP].iloc[3], 2), g_sm=rt.text.pp(basis.loc[SMALL].iloc[3], 2),
           b4_basis=b4_basis)

# %% [markdown]
# **How the result moves with the window.** "Early November" and "to date" are vague, so Figure 1 recomputes
# the RSP − SPY spread (left) and the IWM − SPY spread (right) for every start day from about ten days before
# the window's start to eleven days after, and every end day within a week of its end. Look for how much of
# each spread depends on starting before or after the first week of November.

# %%
import matplotlib.pyplot as plt

def trading_days(anchor, offsets):
    a = pd.Timestamp(anchor)
    return etf.loc[a + pd.Timedelta(days=offsets[0]):a + pd.Timedelta(days=offsets[1])].index

starts, ends = trading_days(WINDOW_START, GRID_START_DAYS), trading_days(WINDOW_END, GRID_END_DAYS)
grid_eq = rt.returns.spread_grid(etf, EQUAL, CAP, starts, ends)
grid_sm = rt.returns.spread_grid(etf, SMALL, CAP, starts, ends)
src_etf = "snapshot prices/etf_daily.parquet (adjusted closes, total return)"
fig, axes = plt.subplots(1, 2, figsize=(2 + 1.3 * len(ends), 1 + 0.4 * len(starts)), sharey=True)
rt.plots.heatmap(grid_eq, f"Figure 1. {EQUAL} − {CAP}, total return, pp", src_etf, ax=axes[0])
rt.plots.heatmap(grid_sm, f"{SMALL} − {CAP}, total return, pp", src_etf, ax=axes[1])
_ = axes[1].set_ylabel("")

# %% tags=["hide-input"]
b2, b4 = rt.claims.claim("B2"), rt.claims.claim("B4")
rt.text.md("Across the {n} windows of Figure 1 (left) the equal-weight spread ranges from {lo} to {hi} (median {med}); "
           "{inside} of them lie within the {tol:g} pp tolerance of the stated {st:g} pp.",
           n=grid_eq.size, lo=rt.text.pp(grid_eq.min().min()), hi=rt.text.pp(grid_eq.max().max()),
           med=rt.text.pp(grid_eq.stack().median()), tol=float(b2["tolerance"]), st=float(b2["stated_value"]),
           inside=f"{((grid_eq - float(b2['stated_value'])).abs() <= float(b2['tolerance'])).to_numpy().mean():.0%}")

# %% tags=["hide-input"]
iwm_grid = rt.returns.spread_grid(etf.assign(CASH=1.0), SMALL, "CASH", starts, ends)
rt.text.md("Figure 1 (right) shows small caps ahead of {cap} in {share} of the windows. {sm}'s own total return over "
           "the same grid runs from {lo} to {hi}; it exceeds the stated {st:g} % in {above} of the windows.",
           cap=CAP, sm=SMALL, share=f"{(grid_sm > 0).to_numpy().mean():.0%}",
           lo=rt.text.pct(iwm_grid.min().min(), fraction=False), hi=rt.text.pct(iwm_grid.max().max(), fraction=False),
           st=float(b4["stated_value"]), above=f"{(iwm_grid > float(b4['stated_value'])).to_numpy().mean():.0%}")

# %% [markdown]
# **Verdicts** (on the article's window, total return).

# %%
v, why = rt.claims.decide("B2", spread_pp)
rt.claims.record("B2", v, spread_pp, why, window=[WINDOW_START, WINDOW_END], data_end=etf.index[-1],
                 details={"rsp_pct": ret[EQUAL] * 100, "spy_pct": ret[CAP] * 100,
                          "grid_min_pp": grid_eq.min().min(), "grid_max_pp": grid_eq.max().max()})

# %%
v, why = rt.claims.decide("B4", ret[SMALL] * 100)
rt.claims.record("B4", v, ret[SMALL] * 100, f"{why}; on the {INDEX_SMALL} price return ({pr[INDEX_SMALL] * 100:.2f} %) "
                 f"it would be {v_pr}", window=[WINDOW_START, WINDOW_END], data_end=etf.index[-1],
                 details={"rut_price_return_pct": pr[INDEX_SMALL] * 100,
                          "grid_min_pct": iwm_grid.min().min(), "grid_max_pct": iwm_grid.max().max()})

# %% [markdown]
# **Caveats.** The article's figures are probably price returns of the indices (its 6 % may be the S&P 500
# Equal Weight index, not RSP); the registry decides on total returns, and the sentence under the first table
# says where the price basis would change a verdict. The window's start is vague; Figure 1 shows the verdicts'
# sensitivity to it.

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
# **Method.** Rank the 11 returns; the registry's rule counts how many of XLB, XLV, XLY are among the four
# best (supported if 3, partly if 2).

# %%
sec = rt.returns.total_return(etf[SECTORS], WINDOW_START, WINDOW_END).sort_values(ascending=False) * 100
rank = sec.rank(ascending=False).astype(int)
top4 = sec.index[:4].tolist()
n_claimed = sum(t in top4 for t in CLAIMED_LEADERS)
sec.round(2).rename("total return, %").to_frame().assign(rank=rank)

# %% [markdown]
# Figure 2 ranks the sectors, the three the article names highlighted; compare where XLK sits.

# %%
fig = rt.plots.bars(sec, f"Figure 2. Sector SPDR total return, {WINDOW_START} to {WINDOW_END}", "total return, %",
              src_etf, highlight=CLAIMED_LEADERS)

# %% tags=["hide-input"]
rt.text.md("Figure 2 shows {top} as the four best sector SPDRs over the window, so {k} of the three sectors the article "
           "names made the top four; {tech} ranked {r} of 11 with {rt_}.", top=", ".join(top4), k=n_claimed,
           tech=TECH, r=rank[TECH], rt_=rt.text.pct(sec[TECH], fraction=False))

# %% [markdown]
# Figure 3 follows each named sector and the actual top four relative to SPY through the window (1.0 = level
# on the first day; rising = beating SPY), to show whether the lead was steady or came late.

# %%
show = list(dict.fromkeys([*CLAIMED_LEADERS, *top4, TECH]))
rs = rt.returns.relative_strength(etf.loc[WINDOW_START:WINDOW_END, [*show, CAP]], CAP)
fig = rt.plots.lines(rs, f"Figure 3. Sector SPDRs relative to {CAP} (total return, 1.0 = {WINDOW_START})",
               "ratio to SPY, rebased", src_etf, hline=1.0)

# %% tags=["hide-input"]
end_rs = rs.drop(columns=CAP, errors="ignore").iloc[-1].sort_values(ascending=False)
rt.text.md("In Figure 3, {a} ended the window highest relative to {cap} ({va:.3f}) and {z} lowest ({vz:.3f}); {n} of the "
           "{m} lines shown ended above 1, i.e. ahead of {cap}.", a=end_rs.index[0], va=end_rs.iloc[0],
           z=end_rs.index[-1], vz=end_rs.iloc[-1], n=int((end_rs > 1).sum()), m=len(end_rs), cap=CAP)

# %%
v, why = rt.claims.decide("B3", n_claimed)
rt.claims.record("B3", v, n_claimed, f"{why}; the four best were {', '.join(top4)}; {TECH} ranked {rank[TECH]} of 11",
                 window=[WINDOW_START, WINDOW_END], data_end=etf.index[-1],
                 details={"top4": top4, "returns_pct": sec.round(2).to_dict(), "xlk_rank": rank[TECH]})

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
caps0 = rt.contributions.caps_on(caps, px, CAPS_AS_OF, B1_START)
contrib = {end: rt.contributions.cap_weighted_contributions(px, caps0, B1_START, end) for end in (B1_END, B1_YEAR_END)}
tables = {end: rt.contributions.group_table(c, {"Mag 7": MAG7}) for end, c in contrib.items()}
pd.concat(tables, names=["window end"]).round(2)

# %% [markdown]
# The reconstruction is checked against SPY's total return and the S&P 500's price return over the same
# windows; the gap measures what the member data miss (members without caps, index changes during 2025,
# float adjustment, dividends).

# %%
recon = pd.DataFrame({end: {"members, cap-weighted, %": t.loc["all", "return_pct"],
                            f"{CAP} total return, %": rt.returns.total_return(etf[[CAP]], B1_START, end)[CAP] * 100,
                            f"{INDEX_CAP} price return, %": rt.returns.total_return(idx[[INDEX_CAP]], B1_START, end)[INDEX_CAP] * 100}
                      for end, t in tables.items()}).T
recon["gap to SPY, pp"] = recon.iloc[:, 0] - recon.iloc[:, 1]
recon.round(2)

# %% [markdown]
# Figure 4 lists the 15 largest contributors through the claim's end date (Mag 7 highlighted): it shows whether
# the gain came from the seven or from a few of them plus other large names.

# %%
top = (contrib[B1_END]["contribution"] * 100).nlargest(15)
fig = rt.plots.bars(top, f"Figure 4. Largest contributions to the S&P 500 members' return, {B1_START} to {B1_END}",
              "contribution, pp", "snapshot prices/sp500_daily.parquet; caps: earnings/company_fundamentals.csv",
              highlight=MAG7)

# %% tags=["hide-input"]
in7 = top[top.index.isin(MAG7)]
rt.text.md("Figure 4: {k} of the 15 largest contributors are Mag 7 members, together {a} of the {t} contributed by "
           "these 15 names; the largest single contributor was {first} ({v}).", k=len(in7), a=rt.text.pp(in7.sum()).lstrip("+"),
           t=rt.text.pp(top.sum()).lstrip("+"), first=top.index[0], v=rt.text.pp(top.iloc[0]))

# %% [markdown]
# **Members left out.** Some October-2025 members have no price in the panel, some priced members have no cap in
# the fundamentals file, and a second share class is dropped where the cap sits on the first:

# %%
pd.Series({k: ", ".join(v) for k, v in missing.items()}, name="tickers").to_frame().assign(
    count=[len(v) for v in missing.values()])

# %% [markdown]
# To bound their effect, caps of priced members without one are imputed from their median daily dollar
# volume (log–log OLS on the members with both, last 3 months before the cap date), with a *high* value at
# the fit's 95th residual percentile; members without volume get the median (fit) and the 95th percentile
# (high) of the known non-Mag 7 caps, and so do the unpriced members, whose return is set in turn to the
# lowest and the highest of any member (alone, and on top of the high caps). The share under each assumption:

# %%
recent = members_long[members_long["date"].between(pd.Timestamp(CAPS_AS_OF) - pd.Timedelta(days=92), pd.Timestamp(CAPS_AS_OF))]
dvol = (recent["close"] * recent["volume"].astype(float)).groupby(recent["ticker"].astype(str)).median()
has_dv = [t for t in missing["no_cap"] if dvol.get(t, 0) > 0]
q = caps.drop(MAG7).quantile([0.5, 0.95])
imputed = pd.concat([rt.contributions.impute_caps(caps, dvol, has_dv),
                     pd.DataFrame({"cap_fit": q[0.5], "cap_high": q[0.95]}, index=[t for t in missing["no_cap"] if t not in has_dv])])
imputed0 = imputed.apply(lambda col: rt.contributions.caps_on(col, px, CAPS_AS_OF, B1_START))
scen = rt.contributions.missing_member_scenarios(px, caps0, imputed0, B1_START, B1_END, MAG7,
                                                 no_price=missing["no_price"], no_price_cap=q[0.95])
scen.round(2)

# %%
share = tables[B1_END].loc["Mag 7", "share_of_gain_pct"]
lo, hi = scen["group_share_pct"].min(), scen["group_share_pct"].max()
display(rt.text.md("The Mag 7 share moves from {lo:.1f} % to {hi:.1f} % across these assumptions. The highest value needs the "
           "{k} unpriced members ({names}) each to be as large as the 95th-percentile member ({cap}) and all to have "
           "had the worst return of any member ({worst}); with their caps imputed, the priced missing members move the "
           "share to {fit:.1f} %.",
           lo=lo, hi=hi, k=len(missing["no_price"]), names=", ".join(missing["no_price"]),
           cap=f"USD {q[0.95] / 1e9:.0f} bn on {CAPS_AS_OF}", worst=rt.text.pct(contrib[B1_END]["return"].min()),
           fit=scen.loc["+ missing at fitted caps", "group_share_pct"]))
v, why = rt.claims.decide("B1", share)
rt.claims.record("B1", v, share, f"{why}; with members left out bounded, the share lies in {lo:.1f}–{hi:.1f} %",
                 window=[B1_START, B1_END], data_end=px.index[-1],
                 details={"share_full_year_pct": tables[B1_YEAR_END].loc["Mag 7", "share_of_gain_pct"],
                          "mag7_weight_pct": tables[B1_END].loc["Mag 7", "weight_pct"], "bounds_pct": [lo, hi],
                          "members_return_pct": recon.iloc[0, 0], "gap_to_spy_pp": recon.iloc[0, 3],
                          "members_with_cap": len(caps), "left_out": missing})

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
te = pd.DataFrame({f"{n}-day": rt.breadth.tracking_error(mine[n].loc[B1_START:], official[f"pct_above_ma{n}"])
                   for n in MA_WINDOWS}).T
te.round(2)

# %% [markdown]
# Figure 5 overlays the computed and official series from the start of 2025; look at the weeks around the
# article's window, when the 50-day share of members above average rose while the cap-weighted index lagged.

# %%
both = pd.DataFrame({**{f"{n}-day, computed": mine[n] for n in MA_WINDOWS},
                     **{f"{n}-day, official": official[f"pct_above_ma{n}"] for n in MA_WINDOWS}}).loc[B1_START:].dropna()
fig = rt.plots.lines(both, "Figure 5. S&P 500 members above their moving average, %", "percent of members",
                     "member panel (October 2025 list); reference/sp500_breadth_official.csv (\\$S5FI, \\$S5TH)",
                     colors={"50-day, computed": "#0173b2", "50-day, official": "#56b4e9",
                             "200-day, computed": "#d55e00", "200-day, official": "#e69f00"})
_ = fig.axes[0].axvspan(pd.Timestamp(WINDOW_START), pd.Timestamp(WINDOW_END), color="grey", alpha=0.15)

# %% tags=["hide-input"]
ad = rt.breadth.advance_decline(mem_px.loc[B1_START:])
rt.text.md("The computed series sit {md50} (50-day) and {md200} (200-day) above the official ones on average, "
           "as expected when today's list leaves out members that were removed after falling; around that offset "
           "they track with {te50} and {te200} of tracking error over {days} common days (best alignment lag {lag} "
           "days). Over the article's window the advance–decline line gained {adw} (net advancing members summed "
           "over its days), against {ady} from {b1} to the window's start.",
           md50=rt.text.pp(te.loc["50-day", "mean_diff_pp"]), md200=rt.text.pp(te.loc["200-day", "mean_diff_pp"]),
           te50=rt.text.pp(te.loc["50-day", "tracking_error_pp"]).lstrip("+"),
           te200=rt.text.pp(te.loc["200-day", "tracking_error_pp"]).lstrip("+"),
           days=int(te.loc["50-day", "days"]), lag=int(te.loc["50-day", "best_lag"]), b1=B1_START,
           adw=f"{int(ad.loc[WINDOW_START:WINDOW_END, 'net'].iloc[1:].sum()):+,d}",
           ady=f"{int(ad.loc[:WINDOW_START, 'net'].sum()):+,d}")

# %% [markdown]
# <a id="B5"></a>
#
# ## B5 — did Tech and Mag 7 leadership stall in late October?
#
# **Claim.** Leadership of Technology and the Magnificent Seven has stalled since late October 2025 (stated
# date 2025-10-29). Source: Morgan Stanley Wealth Management CIO report of 2026-01-26, as quoted.
#
# **Data.** The Mag 7 as one cap-weighted, buy-and-hold basket (caps as in B1, from the window's start) and
# XLK, each relative to RSP (the equal-weight market), total return, over the registry's window.
#
# **Method.** A stall is a change in the slope of the relative-strength line `log(Mag 7 / RSP)`, i.e. a
# shift in the mean of its daily log changes. The break date minimises the sum of squared residuals over a
# grid that leaves at least 15 % of the sample in each regime (Bai–Perron global partition with up to five
# breaks, number of breaks by BIC; the date is the start of the regime in force at the window's end, or the
# single least-squares break when BIC keeps none). Uncertainty: sup-Wald test with HAC (Newey–West) variance
# and a moving-block bootstrap p-value; Bai's (1997) 95 % interval for the date; a moving-block bootstrap
# interval for the date (499 resamples of the residuals around the fitted drifts).

# %%
def with_mag7(start, end=None):
    """ETF closes joined with the cap-weighted Mag 7 basket bought at ``start`` (caps carried back)."""
    mag = rt.contributions.basket(px, rt.contributions.caps_on(caps[MAG7], px, CAPS_AS_OF, start), start)
    return etf.join(mag.rename("Mag 7"), how="inner").loc[:end]

def pair_closes(start):
    return with_mag7(start, WINDOW_END)

rel5 = pair_closes(B5_START)
fits = {f"{a}/{EQUAL}": rt.breaks.final_regime_break(rt.breaks.log_relative_returns(rel5, a, EQUAL))
        for a in ("Mag 7", TECH)}
pd.DataFrame({k: {"method": how, **br.as_row()} for k, (part, br, how) in fits.items()}).T

# %% [markdown]
# Figure 6 draws both relative-strength lines with the estimated break (dashed) and the stated date (dotted).
# A stall shows as a line that stops rising.

# %%
rs5 = rt.returns.relative_strength(rel5[["Mag 7", TECH, EQUAL]], EQUAL)
fig = rt.plots.lines(rs5, f"Figure 6. Mag 7 basket and {TECH} relative to {EQUAL} (total return, 1.0 = {B5_START})",
                     "ratio to RSP, rebased", "member and ETF panels of the snapshot; caps 2026-02-11 carried back",
                     hline=1.0, colors={"Mag 7": rt.plots.COLORS["mag7"]})
for (part, br, how), c in zip(fits.values(), [rt.plots.COLORS["mag7"], rt.plots.COLORS["XLK"]]):
    fig.axes[0].axvline(br.date, color=c, ls="--", lw=1)
_ = fig.axes[0].axvline(pd.Timestamp(rt.claims.claim("B5")["stated_value"]), color="black", ls=":", lw=1)

# %% tags=["hide-input"]
peak = rs5["Mag 7"]
rt.text.md("Descriptively, Figure 6's Mag 7 line reached its high on {d} ({lvl:.3f}) and ended the window {dd} below "
           "it; the formal estimates below ask whether the data can date a change in its drift.",
           d=rt.text.day(peak.idxmax()), lvl=peak.max(), dd=rt.text.pct(rs5["Mag 7"].iloc[-1] / peak.max() - 1).lstrip("−-+"))

# %% [markdown]
# How the estimate moves with the sample's start (single least-squares break, same trimming): a start after
# the spring sell-off leaves the late-2025 turn as the only large change.

# %%
starts = [B5_START, *(str((pd.Timestamp(WINDOW_START) - pd.Timedelta(days=d)).date()) for d in B5_ALT_LOOKBACK_DAYS)]
sens = {s: rt.breaks.single_break(rt.breaks.log_relative_returns(pair_closes(s), "Mag 7", EQUAL), reps=199).as_row()
        for s in starts}
pd.DataFrame(sens).T.rename_axis("sample start")

# %%
part, br, how = fits[f"Mag 7/{EQUAL}"]
v, why = rt.claims.decide("B5", br.date)
rt.claims.record("B5", v, str(br.date.date()),
                 f"{why}; {how}; sup-Wald p = {br.sup_wald_p:.2f}; 95 % intervals: Bai {br.bai_ci[0].date()}–{br.bai_ci[1].date()}, "
                 f"bootstrap {br.boot_ci[0].date()}–{br.boot_ci[1].date()}; samples starting later give "
                 + ", ".join(f"{r['break date']} (from {s}, p = {r['sup-Wald p (bootstrap)']:.2f})" for s, r in list(sens.items())[1:])
                 + f"; the Mag 7/{EQUAL} line's high was on {peak.idxmax().date()}",
                 window=[B5_START, WINDOW_END], data_end=px.index[-1],
                 details={"mag7": br.as_row(), "xlk": fits[f"{TECH}/{EQUAL}"][1].as_row(), "by_start": sens,
                          "mag7_rs_high": str(peak.idxmax().date())})

# %% [markdown]
# **Caveats.** Daily relative returns are noisy next to a drift change of a few percent a month, so break
# dates are poorly identified: the intervals are wide and BIC often keeps no break. A single-break model over
# a sample with two turns (spring and autumn 2025) picks the larger one; the start-date table shows the
# estimate conditional on later starts, which the registry's window does not use. Bai's interval assumes
# equal error variance in both regimes.

# %% [markdown]
# <a id="B7"></a>
#
# ## B7 — when did the equal-weight rally start?
#
# **Claim.** The rotation has entered its fourth month; the current rally began in mid-November 2025 (stated
# 2025-11-17). Source: the article and a Deutsche Bank strategist.
#
# **Data and method.** As B5, for `log(RSP / SPY)` over the registry's window from June 2025: the start of
# the regime of equal-weight outperformance in force at the window's end.

# %%
y7 = rt.breaks.log_relative_returns(etf.loc[B7_START:WINDOW_END], EQUAL, CAP)
part7, br7, how7 = rt.breaks.final_regime_break(y7)
ys = rt.breaks.log_relative_returns(etf.loc[B7_START:WINDOW_END], SMALL, CAP)
small7 = rt.breaks.final_regime_break(ys)[1]
pd.DataFrame({f"{EQUAL}/{CAP}": br7.as_row(), f"{SMALL}/{CAP}": small7.as_row()}).T

# %% tags=["hide-input"]
rt.text.md("The equal-weight turn is dated {d} (drift {b:+.1f} → {a:+.1f} % per 21 trading days), with a bootstrap "
           "95 % interval of {lo} to {hi}; small caps against {cap} give {ds}, but with a sup-Wald p of {ps:.2f} "
           "the data cannot tell that date from no break at all.",
           d=rt.text.day(br7.date), b=br7.drift_before * 2100, a=br7.drift_after * 2100, lo=rt.text.day(br7.boot_ci[0]),
           hi=rt.text.day(br7.boot_ci[1]), cap=CAP, ds=rt.text.day(small7.date), ps=small7.sup_wald_p)

# %%
v, why = rt.claims.decide("B7", br7.date)
rt.claims.record("B7", v, str(br7.date.date()),
                 f"{why}; {how7}; sup-Wald p = {br7.sup_wald_p:.2f}; 95 % intervals: Bai {br7.bai_ci[0].date()}–{br7.bai_ci[1].date()}, "
                 f"bootstrap {br7.boot_ci[0].date()}–{br7.boot_ci[1].date()}",
                 window=[B7_START, WINDOW_END], data_end=etf.index[-1],
                 details={"rsp_spy": br7.as_row(), "iwm_spy": small7.as_row()})

# %% [markdown]
# **Caveats.** The same identification problem as B5: a point date with an interval of months. "Fourth
# month" by 2026-01-30 would put the start in October, two to three weeks before the stated mid-November.

# %% [markdown]
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
roll = rt.stats.share_of_windows_beating(etf, SMALL, CAP, ROLL_DAYS, WINDOW_START, WINDOW_END)
cyc = rt.returns.total_return(etf[CYCLICALS + [TECH]], WINDOW_START, WINDOW_END)
flows = rt.data.etf_flows([SMALL]).set_index("date")["flow_usd"]
try:
    ytd = rt.stats.sum_with_gaps(flows, etf.loc[f"{pd.Timestamp(AS_OF).year}-01-01":AS_OF].index)
    flow_txt = (f"{ytd['total'] / 1e9:+.1f} USD bn ({ytd['missing_days']} day(s) missing: "
                f"{ytd['low'] / 1e9:+.1f} to {ytd['high'] / 1e9:+.1f} USD bn)")
except rt.errors.DataValidationError as exc:   # no flow data for this year: the check cannot be made
    ytd, flow_txt = {"error": str(exc)}, "no flow data for the year"

# %%
checks = pd.DataFrame({
    "measured": [f"{roll['beaten']} of {roll['windows']} windows ({roll['share_pct']:.0f} %)",
                 f"{cyc[CYCLICALS].mean():.2%} vs {cyc[TECH]:.2%}; {(cyc[CYCLICALS] > cyc[TECH]).sum()} of {len(CYCLICALS)} beat {TECH}",
                 flow_txt],
    "passed": [roll["share_pct"] > 50, cyc[CYCLICALS].mean() > cyc[TECH], ytd["low"] > 0 if "error" not in ytd else None]},
    index=[f"{SMALL} beats {CAP}, rolling {ROLL_DAYS}d", f"cyclicals beat {TECH}", f"{SMALL} net flow {pd.Timestamp(AS_OF).year} YTD > 0"])
checks

# %% [markdown]
# **How unusual was the equal-weight lead?** The 3-month (63-trading-day) RSP − SPY spread is ranked in its own
# history since RSP's first full month (overlapping windows; the non-overlapping subsample is the effective
# sample). Figure 7 shows the distribution of that history; look at where the latest value (dotted) sits.

# %%
import seaborn as sns

hist = rt.stats.rolling_spread(etf.loc[:AS_OF], EQUAL, CAP, SPREAD_DAYS)
now = hist.iloc[-1]
pct_all = rt.stats.empirical_percentile(hist.iloc[:-1], now)
pct_ind = rt.stats.empirical_percentile(rt.stats.non_overlapping(hist, SPREAD_DAYS).iloc[:-1], now)
ax = sns.histplot(hist, bins=80, color=rt.plots.COLORS["RSP"])
ax.axvline(now, color="black", ls=":", lw=1.2)
fig = rt.plots.finish(ax, f"Figure 7. {EQUAL} − {CAP}, {SPREAD_DAYS}-day total return since {hist.index[0].year}",
                "trading days", src_etf, xlabel="spread, pp")

# %% tags=["hide-input"]
rt.text.md("The {d}-day spread to {e} is {now}: higher than {p1:.0f} % of all {n1} earlier overlapping windows "
           "since {s} and {p2:.0f} % of the {n2} non-overlapping ones. The flows file covers {f0} to {f1}.",
           d=SPREAD_DAYS, e=rt.text.day(hist.index[-1]), now=rt.text.pp(now), p1=pct_all, n1=len(hist) - 1,
           s=rt.text.day(hist.index[0]), p2=pct_ind, n2=len(rt.stats.non_overlapping(hist, SPREAD_DAYS)) - 1,
           f0=rt.text.day(flows.index.min()), f1=rt.text.day(flows.index.max()))

# %%
passed = int((checks["passed"] == True).sum())  # noqa: E712 (None = not computable)
v = (rt.claims.decide_count(passed, len(checks), partly_at=2) if checks["passed"].notna().all()
     else "undecidable with this data")
rt.claims.record("B6", v, f"{passed} of {len(checks)}",
                 "; ".join(f"{k}: {m} — {'no data' if pd.isna(p) else 'pass' if p else 'fail'}" for k, (m, p) in checks.iterrows())
                 + f"; 3-month {EQUAL}-{CAP} spread at the {pct_all:.0f}th percentile since {hist.index[0].year}",
                 window=[WINDOW_START, WINDOW_END], data_end=etf.index[-1],
                 details={"rolling": roll, "cyclicals_minus_xlk_pp": (cyc[CYCLICALS].mean() - cyc[TECH]) * 100,
                          "iwm_flow_ytd_usd": ytd, "spread_63d_pp": now, "spread_percentile": pct_all,
                          "spread_percentile_non_overlapping": pct_ind})

# %% [markdown]
# **Caveats.** The flow check covers one month: "improved in recent months" needs 2025 IWM flows, which the
# snapshot lacks (issuers' daily share counts or `yfinance.Ticker.get_shares_full` would give them). Flows are
# creations minus redemptions and include arbitrage and hedging activity, not only investor demand. The
# percentile describes size, not persistence.

# %% [markdown]
# ## What happened next
#
# The same measures after the article, from its as-of date to the end of each panel. Figure 8 continues the
# relative-strength lines of the window; the dotted line marks the article's data end.

# %%
after = with_mag7(WINDOW_START)
rs_after = rt.returns.relative_strength(after[[EQUAL, SMALL, TECH, "Mag 7", CAP]], CAP)
fig = rt.plots.lines(rs_after, f"Figure 8. Relative to {CAP} since {WINDOW_START} (total return, 1.0 = start)",
                     "ratio to SPY, rebased", "ETF and member panels of the snapshot", hline=1.0,
                     colors={"Mag 7": rt.plots.COLORS["mag7"]})
_ = fig.axes[0].axvline(pd.Timestamp(AS_OF), color="black", ls=":", lw=1)

# %%
nxt = rt.returns.returns_to_month_ends(after[[EQUAL, CAP, SMALL, TECH, "Mag 7", *CYCLICALS]], AS_OF) * 100
nxt.insert(2, f"{EQUAL}-{CAP}, pp", nxt[EQUAL] - nxt[CAP])
nxt.index = nxt.index.strftime("%Y-%m-%d")
nxt.round(2).rename_axis(f"total return from {AS_OF} to, %")

# %% tags=["hide-input"]
last = nxt.iloc[-1]
rt.text.md("Figure 8 and the table: from {a} to {z}, {eq} returned {r_eq} and {cap} {r_cap} ({sp}); {sm} {r_sm}, {tech} {r_tech} and the "
           "Mag 7 basket {r_m7}. The equal-weight lead of the article's window {held} over the following months.",
           a=AS_OF, z=nxt.index[-1], eq=EQUAL, cap=CAP, sm=SMALL, tech=TECH, r_eq=rt.text.pct(last[EQUAL], fraction=False),
           r_cap=rt.text.pct(last[CAP], fraction=False), sp=rt.text.pp(last[f"{EQUAL}-{CAP}, pp"]),
           r_sm=rt.text.pct(last[SMALL], fraction=False), r_tech=rt.text.pct(last[TECH], fraction=False),
           r_m7=rt.text.pct(last["Mag 7"], fraction=False),
           held="grew" if last[f"{EQUAL}-{CAP}, pp"] > 1 else "shrank" if last[f"{EQUAL}-{CAP}, pp"] < -1 else "neither grew nor shrank by more than 1 pp")

# %%
brd = pd.DataFrame({f"{n}-day computed": mine[n] for n in MA_WINDOWS}).join(
    official[[f"pct_above_ma{n}" for n in MA_WINDOWS]])
brd.loc[[brd.index[brd.index.searchsorted(pd.Timestamp(d), side="right") - 1] for d in (WINDOW_START, AS_OF)]
        + list(brd.loc[AS_OF:].resample("ME").last().index.intersection(brd.index)) + [brd.index[-1]]].drop_duplicates().round(1)

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
