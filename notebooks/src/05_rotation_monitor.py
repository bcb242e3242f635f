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
# # Rotation monitor: is the rotation out of tech still on?
#
# [Scorecard](00_scorecard.ipynb) · [Breadth](01_breadth.ipynb) · [Small-cap earnings](02_small_cap_earnings.ipynb) · [Sector flows](03_sector_flows.ipynb) · [Contrarian consensus](04_contrarian_consensus.ipynb) · **Monitor**
#
# The article's thesis, measured at every date up to the last day of the data: equal weight beating cap
# weight, small caps beating large, technology lagging the market, cyclicals beating defensives, breadth
# broadening, and money moving into cyclical sector funds. Each indicator gets a call, **on**, **paused** or
# **reversed**, by a rule declared in `data/monitor_rules.csv`, and its percentile in its own history.
# Indicators are not votes: they belong to the thesis's **legs**, each leg calls by the rule of
# `data/monitor_legs.csv`, and the thesis is read from the legs by `data/monitor_thesis.csv`. These are
# readings, not claims: nothing here is written to `results/`. `make update` refreshes the data and reruns
# this notebook.

# %% tags=["parameters"]
CHART_FROM = "2025-06-02"  # start of the charts (the calls use each indicator's whole history)
LEGS_FROM = "2025-11-01"  # start of the legs' month-by-month chart (B2's window starts 2025-11-03)
BASE_SINCE = "2003-01-01"  # base rates: earliest analogue date (RSP's history starts in 2003)
BASE_HORIZONS = [63, 126]  # base rates: forward horizons, trading days (3 and 6 months)
ROUND_TRIP_FROM = "2025-11-03"  # start of the cumulative RSP − SPY spread (claim B2's window start)

# %%
import rotation as rt

rt.plots.set_theme()
hist = rt.monitor.history()
calls = rt.monitor.calls(hist)
labels = rt.monitor.rules()["label"]  # indicator id -> its label in the charts
legs = rt.monitor.legs(calls)

# %% tags=["hide-input"]
rt.monitor.publish(calls)  # machine-readable copy for the report's landing page (not displayed)
rt.text.md(rt.monitor.summary(calls))

# %% [markdown]
# ## The legs
#
# Table 1 gives each leg's call, the indicators that decide it (a leg's 1-month spread is shown and does not
# decide; the own breadth counts do not vote; a stale or gap-bounded reading does not vote) and its rule.

# %%
rt.text.table(legs[["label", "role", "call", "reason", "rule"]])

# %% [markdown]
# Figure 1 gives each leg's call at each month end since the article's window, from the indicators that
# had data on that day (the flows leg, with three months of data, is left out).

# %%
hist_legs = rt.monitor.leg_history(hist, LEGS_FROM)
fig = rt.plots.leg_calls(
    hist_legs,
    rt.monitor.leg_rules()["label"],
    "Figure 1. The thesis by leg, month by month",
    "ETF and member price panels, official breadth (snapshot); data/monitor_legs.csv",
)

# %% tags=["hide-input"]
turned = {leg: hist_legs[leg][hist_legs[leg] != hist_legs[leg].shift()].index[-1] for leg in hist_legs}
rt.text.md(
    "In Figure 1 the latest turn of each leg: {t}.",
    t="; ".join(
        f"{legs.loc[k, 'label'].lower()} to *{hist_legs.loc[d, k]}* in {d:%B %Y}" for k, d in turned.items()
    ),
)

# %% [markdown]
# ## The indicators
#
# Table 2 gives each indicator's latest value, the date of that value (the data end differ: ETF prices to
# July 2026, the member panel to August, flows to March), its percentile in its own history (100 = the
# highest ever) and the call with its rule.

# %%
tab = calls[["label", "leg", "value_text", "percentile", "call", "as_of", "since", "rule"]].copy()
tab["percentile"] = tab["percentile"].round(0).astype(int)
rt.text.table(tab.rename(columns={"value_text": "latest", "as_of": "as of", "since": "history from"}))

# %% [markdown]
# ## Relative performance
#
# Figure 2 draws the 3-month (63 trading days) total-return spreads behind the calls since mid-2025: above
# zero, equal weight, small caps, technology or cyclicals beat their benchmark over the preceding three months.

# %%
fig = rt.plots.monitor_chart(
    hist,
    ["eq_cap_3m", "small_large_3m", "tech_mkt_3m", "cyc_def_3m"],
    labels,
    CHART_FROM,
    "Figure 2. Three-month return spreads",
    "trailing 63-day total-return spread, pp",
    "ETF adjusted closes (snapshot); data/monitor_rules.csv",
)

# %% tags=["hide-input"]
last = {i: hist[i].iloc[-1] for i in ["small_large_3m", "cyc_def_3m", "tech_mkt_3m", "eq_cap_3m"]}
word = {i: "led" if v >= 0 else "trailed" for i, v in last.items()}
n_on = int((calls.loc[list(last), "call"] == "on").sum())
rt.text.md(
    "Figure 2 at the end of the data ({d}): over three months small caps {w1} SPY by {s}, cyclicals {w2} "
    "defensives by {c}, technology {w3} the market by {t} and equal weight {w4} cap weight by {e}; {n} of "
    "these 4 spreads call the rotation on.",
    d=rt.text.day(hist["eq_cap_3m"].index[-1]),
    w1=word["small_large_3m"],
    s=rt.text.pp(abs(last["small_large_3m"])).lstrip("+"),
    w2=word["cyc_def_3m"],
    c=rt.text.pp(abs(last["cyc_def_3m"])).lstrip("+"),
    w3=word["tech_mkt_3m"],
    t=rt.text.pp(abs(last["tech_mkt_3m"])).lstrip("+"),
    w4=word["eq_cap_3m"],
    e=rt.text.pp(abs(last["eq_cap_3m"])).lstrip("+"),
    n=n_on,
)

# %% [markdown]
# The end value of a cumulative spread can hide its path. Table 3 gives the high, the low after it and the
# last value of RSP's cumulative lead over SPY since claim B2's window start (total returns, pp).

# %%
px = rt.data.closes(["RSP", "SPY"], ROUND_TRIP_FROM)
cum = (px / px.iloc[0] - 1) * 100
trip = rt.monitor.round_trip((cum["RSP"] - cum["SPY"]).rename("RSP − SPY"))
trip.assign(value=trip["value"].round(1))

# %% tags=["hide-input"]
rt.text.md(
    "RSP's lead over SPY since {s} rose to {a} on {ad}, fell back to {b} on {bd} and stood at {c} on {cd}.",
    s=ROUND_TRIP_FROM,
    a=rt.text.pp(trip.loc["high", "value"]),
    ad=rt.text.day(trip.loc["high", "date"]),
    b=rt.text.pp(trip.loc["low after the high", "value"]),
    bd=rt.text.day(trip.loc["low after the high", "date"]),
    c=rt.text.pp(trip.loc["last", "value"]),
    cd=rt.text.day(trip.loc["last", "date"]),
)

# %% [markdown]
# ## Breadth
#
# Figure 3 shows the percent of S&P 500 members above their 50- and 200-day averages, counted here from the
# member panel (July-2026 list, so today's members only) and as published (S5FI, S5TH).

# %%
fig = rt.plots.monitor_chart(
    hist,
    ["breadth50_own", "breadth50_official", "breadth200_own", "breadth200_official"],
    labels,
    CHART_FROM,
    "Figure 3. S&P 500 breadth: own count and official series",
    "members above their average, %",
    "member price panel; reference/sp500_breadth_official.csv",
    hline=50,
)

# %% tags=["hide-input"]
b = {
    i: calls.loc[i] for i in ["breadth50_own", "breadth200_own", "breadth50_official", "breadth200_official"]
}
rt.text.md(
    "In Figure 3, {o50} of members stood above their 50-day average and {o200} above their 200-day "
    "average on {od} by the own count (percentiles {p50:.0f} and {p200:.0f} of its history); the "
    "official series read {f50} and {f200} on {fd}.",
    o50=b["breadth50_own"].value_text,
    o200=b["breadth200_own"].value_text,
    od=b["breadth50_own"].as_of,
    p50=b["breadth50_own"].percentile,
    p200=b["breadth200_own"].percentile,
    f50=b["breadth50_official"].value_text,
    f200=b["breadth200_official"].value_text,
    fd=b["breadth50_official"].as_of,
)

# %% [markdown]
# ## Sector flows momentum
#
# Figure 4 shows net flows into the cyclical sector SPDRs minus those into XLK over the trailing 20 trading
# days with flow data. The flow file covers only January to March 2026, so this history is short.

# %%
fig = rt.plots.monitor_chart(
    hist,
    ["flows_cyc_tech"],
    labels,
    None,
    "Figure 4. Cyclical SPDRs minus XLK, trailing 20-day net flow",
    "USD bn",
    "flows/etf_daily_flows.csv (snapshot); data/monitor_rules.csv",
)

# %% tags=["hide-input"]
f = calls.loc["flows_cyc_tech"]
rt.text.md(
    "Figure 4 ends on {d} with the cyclical funds {w} XLK by {v} over 20 trading days: the call is "
    "*{c}*, on {n} days of history.",
    d=f.as_of,
    w="ahead of" if f.value >= 0 else "behind",
    v=rt.text.usd_bn(abs(f.value) * 1e9).lstrip("+"),
    c=f.call,
    n=len(hist["flows_cyc_tech"]),
)

# %% [markdown]
# ## Base rates: is it durable?
#
# The article's breadth figures are spreads over claim B2's window (its end and length come from the
# registry). Every earlier date since 2003 on which the same trailing spread was at least as wide is an
# analogue, thinned to one per episode (at least six months apart, and six months before the article's
# date, so no analogue sees the article's own move). Table 4 gives the spread over the following three and
# six months across the analogues, with a 90 % percentile-bootstrap interval for their mean, beside what
# followed the article's date.

# %%
b2_start, b2_end = rt.registry.window("B2")
base_px = rt.data.closes(["RSP", "IWM", "SPY"])
lookback = len(base_px.loc[b2_start:b2_end]) - 1  # trading days of B2's window
base = {
    f"{a} − SPY": rt.baserates.outcomes(base_px, a, "SPY", b2_end, lookback, BASE_HORIZONS, since=BASE_SINCE)
    for a in ("RSP", "IWM")
}
rt.text.table(rt.baserates.table(base))

# %% [markdown]
# Figure 5 shows every analogue's outcome, so that a few large episodes cannot hide behind the mean.

# %%
forwards = rt.baserates.forward_frames(base_px, base, BASE_HORIZONS)
fig = rt.plots.base_rates(
    forwards,
    f"Figure 5. After a spread as wide as on {b2_end}: the next 3 and 6 months",
    "ETF adjusted closes (snapshot); total returns; analogues thinned to one per episode",
)

# %% tags=["hide-input"]
rt.text.md(rt.baserates.sentence(base))

# %% [markdown]
# ## Method and caveats
#
# - Returns are total returns from adjusted closes (dividends reinvested); spreads are differences of
#   returns over the same trailing window, in percentage points. Groups (cyclicals XLB XLE XLF XLI XLY;
#   defensives XLP XLU XLV) are equal-weighted averages of their members' returns (`data/universes.csv`).
# - The own breadth count uses today's members, so years back it overstates breadth (survivorship); the
#   official series has no such bias. Percentiles compare the latest value with every past value of the
#   same indicator; they say how unusual a reading is, not whether it will last.
# - The thresholds (`on_at`, `reversed_at`) are a dead band around "no difference"; they are declared in
#   `data/monitor_rules.csv`, with the rule in words, and are not fitted to the data.
# - The legs and the thesis rule (`data/monitor_legs.csv`, `data/monitor_thesis.csv`) were declared on
#   2026-12-03, after a review had read the indicators' latest values: they replace a count of 15
#   overlapping indicators ("12 of 15 say on"), which the review found double-counted each leg's horizons
#   and four breadth series. The Magnificent Seven leg is new (equal-weighted Mag 7 minus RSP).
