# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Scorecard: what the February-2026 "rotation out of tech" article got right
#
# **Scorecard** · [Breadth](01_breadth.ipynb) · [Small-cap earnings](02_small_cap_earnings.ipynb) · [Sector flows](03_sector_flows.ipynb) · [Contrarian consensus](04_contrarian_consensus.ipynb)
#
# Every claim of the article (registry: `data/claims.csv`) with the figure it stated, the figure measured
# here and the verdict, gathered from `results/*.json` as written by the four claim notebooks. The table
# refuses to render if a result is missing or was written by an older version of its notebook.

# %%
import rotation as rt
from IPython.display import Markdown, display

rt.plots.set_theme()
card = rt.scorecard.gather()
display(Markdown(rt.scorecard.prose(card)))

# %% [markdown]
# ## Verdicts by theme
#
# Counts of verdicts per theme. Tolerances were declared in the registry before any comparison; each
# verdict's rule is stated in its notebook section.

# %%
rt.scorecard.counts(card)

# %% [markdown]
# ## Every claim
#
# The links lead to the notebook section where each claim is decided, with its data, method and caveats.

# %%
rt.text.table(rt.scorecard.table(card))

# %% [markdown]
# ## Stated versus measured
#
# For the claims whose stated and measured values are both numbers, Figure 1 puts the measurement against
# the article's figure. Points on the diagonal are exact reproductions; units differ by claim (percent,
# percentage points, USD bn, counts), hence the symmetric-log axes.

# %%
fig = rt.scorecard.stated_vs_measured(card, "results/*.json computed from the data snapshot; rotation scorecard")

# %% [markdown]
# Figure 1 shows how far each reproduction lands from the stated figure; the colour is the verdict, which
# also accounts for the declared tolerance.

# %% [markdown]
# ## Why each verdict
#
# The reason recorded with each verdict, as computed.

# %%
display(Markdown("\n".join(f"- **{cid}** — *{r.verdict}*: {r.reason}" for cid, r in card.iterrows())))

# %% [markdown]
# ## What happened next
#
# The article was written in early February 2026; what follows is out of sample. Figure 2 extends the
# breadth measures of claims B2 and B4 from the article's window start to each month end in the data:
# the equal-weight (RSP) and small-cap (IWM) returns against the cap-weighted S&P 500 (SPY), total returns.

# %%
start = card.loc["B2", "window"][0]
px = rt.data.closes(["RSP", "SPY", "IWM"], start)
cum = rt.returns.returns_to_month_ends(px, start) * 100
spread = cum[["RSP", "IWM"]].sub(cum["SPY"], axis=0).rename(columns=lambda c: f"{c} − SPY")
spread.round(1)

# %%
fig = rt.plots.lines(spread, f"Equal-weight and small caps vs cap weight since {start}",
                     "cumulative total-return spread, pp", "ETF adjusted closes (snapshot); month ends", hline=0)

# %%
last = spread.iloc[-1]
rt.text.md("By {d}, the last day of the data, RSP's lead over SPY since {s} stood at {a} (it was {b} on the "
           "article's date) and IWM's at {c}.", d=rt.text.day(spread.index[-1]), s=start,
           a=rt.text.pp(last.iloc[0]), b=rt.text.pp(card.loc["B2", "measured"]), c=rt.text.pp(last.iloc[1]))

# %% [markdown]
# Table 1 puts the price-based measures of five claims side by side: their value at the article's date and
# on the last day of the ETF data (total returns; ranks among the 11 sector SPDRs, 1 = best).

# %%
rt.scorecard.followup(card)

# %% [markdown]
# The other notebooks carry their own "what happened next" sections: sector leadership and breadth after
# January ([breadth](01_breadth.ipynb)), flows to April 2026 ([flows](03_sector_flows.ipynb)), and the
# out-of-sample test of the contrarian signal ([consensus](04_contrarian_consensus.ipynb)). The earnings
# workbook was discontinued after its January-2026 issue ([earnings](02_small_cap_earnings.ipynb)).
#
# ## Sources
# The article's claims and attributions: `data/claims.csv`. Market data: the snapshot described in
# `../shared/data/README.md` (Yahoo Finance adjusted prices, issuer ETF flow files, S&P Dow Jones Indices
# EPS workbooks, strategists' published notes), refreshable with `python -m rotation refresh`.
