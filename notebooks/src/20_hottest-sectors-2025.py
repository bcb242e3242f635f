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
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w1 = rt.conclude.conclude("W1", start=START, end=END)
rt.conclusion_views.describe(w1)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w1)

# %% [markdown]
# Figure 1 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w1, 1)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 1:

# %%
w1

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w1)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w1)

# %% [markdown]
# <a id="W2"></a>
#
# ## W2

# %%
rt.conclude.card("W2")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w2 = rt.conclude.conclude("W2", start=START, end=END)
rt.conclusion_views.describe(w2)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w2)

# %% [markdown]
# Figure 2 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w2, 2)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 2:

# %%
w2

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w2)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w2)

# %% [markdown]
# <a id="W3"></a>
#
# ## W3

# %%
rt.conclude.card("W3")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w3 = rt.conclude.conclude("W3", start=START, end=END)
rt.conclusion_views.describe(w3)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w3)

# %% [markdown]
# Figure 3 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w3, 3)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 3:

# %%
w3

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w3)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w3)

# %% [markdown]
# <a id="W4"></a>
#
# ## W4

# %%
rt.conclude.card("W4")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w4 = rt.conclude.conclude("W4", start=START, end=END)
rt.conclusion_views.describe(w4)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w4)

# %% [markdown]
# Figure 4 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w4, 4)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 4:

# %%
w4

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w4)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w4)

# %% [markdown]
# <a id="W5"></a>
#
# ## W5

# %%
rt.conclude.card("W5")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w5 = rt.conclude.conclude("W5", start=START, end=END)
rt.conclusion_views.describe(w5)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w5)

# %% [markdown]
# Figure 5 shows what the rule reads: each member's return over the claim's window as a bar, the members the claim names highlighted (a benchmark as a dashed line).

# %%
fig = rt.plots.conclusion(w5, 5)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 5:

# %%
w5

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w5)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w5)

# %% [markdown]
# <a id="W6"></a>
#
# ## W6

# %%
rt.conclude.card("W6")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w6 = rt.conclude.conclude("W6", start=START, end=END)
rt.conclusion_views.describe(w6)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w6)

# %% [markdown]
# Figure 6 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w6, 6)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 6:

# %%
w6

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w6)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w6)

# %% [markdown]
# <a id="W7"></a>
#
# ## W7

# %%
rt.conclude.card("W7")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w7 = rt.conclude.conclude("W7", start=START, end=END)
rt.conclusion_views.describe(w7)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w7)

# %% [markdown]
# Figure 7 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w7, 7)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 7:

# %%
w7

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w7)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w7)

# %% [markdown]
# <a id="W8"></a>
#
# ## W8

# %%
rt.conclude.card("W8")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w8 = rt.conclude.conclude("W8", start=START, end=END)
rt.conclusion_views.describe(w8)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w8)

# %% [markdown]
# Figure 8 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w8, 8)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 8:

# %%
w8

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w8)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w8)

# %% [markdown]
# <a id="W9"></a>
#
# ## W9

# %%
rt.conclude.card("W9")

# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
w9 = rt.conclude.conclude("W9", start=START, end=END)
rt.conclusion_views.describe(w9)

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table(w9)

# %% [markdown]
# Figure 9 shows what the rule reads: each series rebased to 100 at the window's start and followed to the end of the data, the window's end marked.

# %%
fig = rt.plots.conclusion(w9, 9)

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure 9:

# %%
w9

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table(w9)

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table(w9)

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
