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
# # These Were the Hottest Sectors in 2025. Will They Continue to Be in 2026?
#
# The claims of this article, each tested against the market-data snapshot. The verdicts, computed below:

# %% tags=["parameters"]
ARTICLE = "hottest-sectors-2025"
START = None  # an adapted run may move every claim's window start (ISO date); None: the registry's
END = None  # ... and its end; what the article stated never moves

# %%
import rotation as rt

rt.plots.set_theme()
CLAIMS = rt.registry.claim_ids(ARTICLE)
rt.claims.show_summary(CLAIMS)

# %%
rt.articles.header(ARTICLE)

# %% [markdown]
# **How a claim is read.** Each claim's row in `data/claims.csv` names its measure, series, return basis,
# window and rule; its stated figures are in `data/claim_figures.csv` with the precision they were stated
# with ("about 17 %" is 15.3 … 18.7, "24.9 %" is 24.85 … 24.95, see `data/precisions.csv`). The verdict
# comes from `rotation.rules` and is recorded with its inputs, so it can be replayed without a kernel. The
# window is then moved by the row's grid, and the measure followed to the end of the data.

# %% [markdown]
# <a id="W1"></a>
#
# ## W1

# %%
rt.conclude.card("W1")

# %% [markdown]
# Figure 1 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w1 = rt.conclude.conclude("W1", start=START, end=END)
fig = rt.plots.conclusion(w1, 1)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w1

# %% [markdown]
# <a id="W2"></a>
#
# ## W2

# %%
rt.conclude.card("W2")

# %% [markdown]
# Figure 2 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w2 = rt.conclude.conclude("W2", start=START, end=END)
fig = rt.plots.conclusion(w2, 2)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w2

# %% [markdown]
# <a id="W3"></a>
#
# ## W3

# %%
rt.conclude.card("W3")

# %% [markdown]
# Figure 3 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w3 = rt.conclude.conclude("W3", start=START, end=END)
fig = rt.plots.conclusion(w3, 3)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w3

# %% [markdown]
# <a id="W4"></a>
#
# ## W4

# %%
rt.conclude.card("W4")

# %% [markdown]
# Figure 4 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w4 = rt.conclude.conclude("W4", start=START, end=END)
fig = rt.plots.conclusion(w4, 4)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w4

# %% [markdown]
# <a id="W5"></a>
#
# ## W5

# %%
rt.conclude.card("W5")

# %% [markdown]
# Figure 5 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w5 = rt.conclude.conclude("W5", start=START, end=END)
fig = rt.plots.conclusion(w5, 5)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w5

# %% [markdown]
# <a id="W6"></a>
#
# ## W6

# %%
rt.conclude.card("W6")

# %% [markdown]
# Figure 6 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w6 = rt.conclude.conclude("W6", start=START, end=END)
fig = rt.plots.conclusion(w6, 6)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w6

# %% [markdown]
# <a id="W7"></a>
#
# ## W7

# %%
rt.conclude.card("W7")

# %% [markdown]
# Figure 7 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w7 = rt.conclude.conclude("W7", start=START, end=END)
fig = rt.plots.conclusion(w7, 7)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w7

# %% [markdown]
# <a id="W8"></a>
#
# ## W8

# %%
rt.conclude.card("W8")

# %% [markdown]
# Figure 8 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w8 = rt.conclude.conclude("W8", start=START, end=END)
fig = rt.plots.conclusion(w8, 8)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w8

# %% [markdown]
# <a id="W9"></a>
#
# ## W9

# %%
rt.conclude.card("W9")

# %% [markdown]
# Figure 9 shows what the rule reads: the series over the claim's window and after it, or the group's
# returns with the named members highlighted.

# %%
w9 = rt.conclude.conclude("W9", start=START, end=END)
fig = rt.plots.conclusion(w9, 9)

# %% [markdown]
# The verdict, from the figure's numbers:

# %%
w9

# %% [markdown]
# <a id="W10"></a>
#
# ## W10

# %%
rt.conclude.card("W10")

# %% [markdown]
# The snapshot holds no series that measures this claim; the verdict says what would decide it.

# %%
rt.conclude.conclude("W10")

# %% [markdown]
# <a id="W11"></a>
#
# ## W11

# %%
rt.conclude.card("W11")

# %% [markdown]
# The snapshot holds no series that measures this claim; the verdict says what would decide it.

# %%
rt.conclude.conclude("W11")

# %% [markdown]
# <a id="W12"></a>
#
# ## W12

# %%
rt.conclude.card("W12")

# %% [markdown]
# The snapshot holds no series that measures this claim; the verdict says what would decide it.

# %%
rt.conclude.conclude("W12")

# %% [markdown]
# ## Scorecard
#
# Every claim of the article, its verdict and what was measured (from `results/`):

# %%
rt.scorecard.article_table(ARTICLE)

# %% [markdown]
# **Caveats.** A verdict holds for the series the row names, on the snapshot's data: adjusted closes give
# total returns, index levels price returns, and an article that quotes price returns for a fund or stock
# is read with the partly band its row allows for dividends. Claims without data are undecidable, not
# false.

# %%
rt.claims.update_summary(CLAIMS)
