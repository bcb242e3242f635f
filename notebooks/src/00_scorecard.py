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
# # Scorecard: what the February-2026 "rotation out of tech" article got right
#
# **Scorecard** · [Breadth](01_breadth.ipynb) · [Small-cap earnings](02_small_cap_earnings.ipynb) · [Sector flows](03_sector_flows.ipynb) · [Contrarian consensus](04_contrarian_consensus.ipynb) · [Monitor](05_rotation_monitor.ipynb)
#
# The article: a market commentary on the US equity "rotation out of tech", published in the first days of
# February 2026 (its data run to about 2026-01-30); its title and outlet are not recorded, and it is known
# from a reproduction cited in `data/published_flow_figures.csv` (rows PF01, PF02). Every claim (registry:
# `data/claims.csv`) with the figure it stated, the figure measured here and the verdict, gathered from
# `results/*.json` as written by the four claim notebooks. The table refuses to render if a result is
# missing or was written by an older version of its notebook.

# %% tags=["parameters"]
ARTICLE = "tech-rotation-2026"  # the article whose claims this scorecard gathers (data/articles.csv)

# %%
from IPython.display import Markdown, display

import rotation as rt

rt.plots.set_theme()
card = rt.scorecard.gather(article=ARTICLE)

# %% tags=["hide-input"]
display(Markdown(rt.text.no_dollars(rt.scorecard.prose(card))))

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
# One line per claim: the verdict, what was found (one sentence), the article's figure, the measured figure
# in the claim's own unit, a proxy's result where only a proxy could be measured (never counted as the
# measurement), and how robust the verdict is to the window. The links lead to the notebook section where
# each claim is decided, with its data, method and caveats.

# %%
rt.text.table(rt.scorecard.table(card))

# %% [markdown]
# ## How far from the article's figure
#
# Figure 1 puts every claim with a numeric or date measurement on one scale: the gap between the measured
# and the stated figure divided by the claim's declared tolerance, so that 0 is an exact reproduction and
# ±1 the edge of the tolerance. The shaded zones are where the declared rule says "supported" (blue) and
# "partly supported" (grey); an "at least" claim is supported anywhere to the right of 0.

# %%
fig = rt.scorecard.gap_chart(
    card, "results/*.json computed from the data snapshot; data/claims.csv tolerances"
)

# %% tags=["hide-input"]
g = rt.scorecard.gaps(card)
inside = g.index[(g["gap"] >= g["supported_lo"]) & (g["gap"] <= g["supported_hi"])].tolist()
far = g.index[g["gap"].abs() > 3].tolist()
rt.text.md(
    "In Figure 1, {n_in} of the {n} claims plotted land in their supported zone ({ins}); {n_far} lie more "
    "than three tolerances from the article's figure ({far}).",
    n_in=len(inside),
    n=len(g),
    ins=", ".join(inside) or "none",
    n_far=len(far),
    far=", ".join(far) or "none",
)

# %% [markdown]
# ## Why each verdict
#
# The finding in one sentence, then the reason recorded with each verdict, as computed.

# %% tags=["hide-input"]
display(
    Markdown(
        rt.text.no_dollars(
            "\n".join(
                f"- **{cid}** — *{r.verdict}*: {rt.scorecard.finding(r)}  \n  <small>{r.reason}</small>"
                for cid, r in card.iterrows()
            )
        )
    )
)

# %% [markdown]
# ## The article's window
#
# The article does not say over which days its breadth figures ran. The breadth notebook tries every start
# and end day near the registry's window and reads each stated figure at the precision it is stated with
# ("about", its rounding, "more than"); a window reproduces the article when every figure is inside its
# band. The table below is that search as recorded in `results/B2.json`, per basis: the windows tried, how many
# reproduce all the figures, the best one (else the nearest miss) and B2 and B4 by their rules on it.

# %%
rt.scorecard.article_window(card)

# %% tags=["hide-input"]
display(Markdown(rt.scorecard.article_window_text(card) or "The breadth result holds no window search."))

# %% [markdown]
# ## What happened next
#
# The article was written in early February 2026; what follows is out of sample. Figure 2 extends the
# breadth measures of claims B2 and B4 from the article's window start to each month end in the data:
# the equal-weight (RSP) and small-cap (IWM) returns against the cap-weighted S&P 500 (SPY), total returns.

# %%
start = card.loc["B2", "window"][0]
spread = rt.scorecard.month_end_spreads(card)  # recorded by the breadth notebook: no market data read here
spread.round(1)

# %%
fig = rt.plots.lines(
    spread,
    f"Figure 2. Equal-weight and small caps vs cap weight since {start}",
    "cumulative total-return spread, pp",
    "results/B2.json (breadth notebook; ETF adjusted closes); month ends",
    hline=0,
)

# %% tags=["hide-input"]
last = spread.iloc[-1]
rt.text.md(
    "Figure 2: by {d}, the last day of the data, RSP's lead over SPY since {s} stood at {a} (it was {b} on the "
    "article's date) and IWM's at {c}.",
    d=rt.text.day(spread.index[-1]),
    s=start,
    a=rt.text.pp(last.iloc[0]),
    b=rt.text.pp(card.loc["B2", "measured"]),
    c=rt.text.pp(last.iloc[1]),
)

# %% [markdown]
# Table 1 puts the measures of five claims side by side: their value at the article's date and on the last
# day of the data each notebook read (total returns; ranks among the 11 sector SPDRs, 1 = best). They are
# recorded by the claim notebooks in their results; the scorecard reads no market data.

# %%
rt.scorecard.followup(card)

# %% [markdown]
# The other notebooks carry their own "what happened next" sections: sector leadership and breadth after
# January ([breadth](01_breadth.ipynb)), flows to April 2026 ([flows](03_sector_flows.ipynb)), and the
# out-of-sample test of the contrarian signal ([consensus](04_contrarian_consensus.ipynb)). The earnings
# workbook was discontinued after its January-2026 issue ([earnings](02_small_cap_earnings.ipynb)). Whether
# the rotation is still on at the end of the data, indicator by indicator: [the monitor](05_rotation_monitor.ipynb).
#
# ## Rules changed after the results were seen
#
# A rule changed once its result is known can drift towards the answer its author expected. Table 2 lists
# every rule of this article's claims changed after its result was seen, from `data/amendments.csv`, with
# the verdict before and after and the direction it moved ("up" is towards "supported").

# %%
log = rt.scorecard.amendments(ARTICLE)
log.set_index("claim")[["date", "verdict_before", "verdict_after", "move"]]

# %% tags=["hide-input"]
display(Markdown(rt.scorecard.amendments_text(log)))

# %% [markdown]
# ## Sources
# The article's claims and attributions: `data/claims.csv`. Market data: the data snapshot summarised in
# the README's "Data" section (Yahoo Finance adjusted prices, issuer ETF flow files, S&P Dow Jones Indices
# EPS workbooks, strategists' published notes), refreshable with `python -m rotation refresh`.
