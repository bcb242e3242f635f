"""The notebook of an article whose claims its registry rows alone decide, written from a template.

An article added by rows (``data/articles.csv``, ``data/claims.csv``, ``data/claim_figures.csv``)
needs no hand-written code: :func:`source` writes its notebook's jupytext source, one section per
claim, each concluded by :func:`rotation.verdicts.conclude.conclude` from its row. The source holds calls
only: the title is the article's, every figure, window and rule is read from the registry when the
notebook runs, so a changed row changes the verdict, never the code. Each claim's section gives the
claim and who said it (:func:`rotation.verdicts.conclude.card`), the data and the measure in one sentence each,
the result as a table and a figure suited to the measure (numbered in order), the verdict, its
robustness over the row's grid and the measure followed to the end of the data
(:mod:`rotation.verdicts.conclusion_views`).

``python -m rotation new-article ID`` writes ``notebooks/src/20_<ID>.py`` and its ``.ipynb``;
``python -m rotation run notebooks/20_<ID>.ipynb`` executes it. A test checks that each committed
article notebook is the template's output, so template and notebooks cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from .. import config, io
from ..verdicts.articles import article
from ..verdicts.registry import claim, claim_ids

PREFIX = "20_"

_HEADER = """\
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
"""

_INTRO = """\
# %% [markdown]
# # {title}
#
# The claims of this article, each tested against the market-data snapshot. The verdicts, computed below:

# %% tags=["parameters"]
ARTICLE = "{article}"
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
"""

_CLAIM = """\
# %% [markdown]
# <a id="{cid}"></a>
#
# ## {cid}

# %%
rt.conclude.card("{cid}")
"""

_MEASURED = """\
# %% [markdown]
# **Data and measure.** What the rule reads, and how it is measured:

# %%
{var} = rt.conclude.conclude("{cid}", start=START, end=END)
rt.conclusion_views.describe({var})

# %% [markdown]
# **Result.** The measured figures against the stated ones, read at their stated precision:

# %%
rt.conclusion_views.result_table({var})

# %% [markdown]
# Figure {n} shows what the rule reads: {figure}.

# %%
fig = rt.plots.conclusion({var}, {n})

# %% [markdown]
# **Verdict.** By the registry's rule, from the numbers of the table and Figure {n}:

# %%
{var}

# %% [markdown]
# **Robustness.** The verdict again on every window of the row's grid:

# %%
rt.conclusion_views.grid_table({var})

# %% [markdown]
# **What happened next.** The same measure at the claim's date and followed to the end of the data:

# %%
rt.conclusion_views.followup_table({var})
"""

#: what a claim's figure shows, by its measure (:func:`rotation.plots.conclusion`)
GROUP_FIGURE = (
    "each member's return over the claim's window as a bar, the members the claim names highlighted "
    "(a benchmark as a dashed line)"
)
LINE_FIGURE = (
    "each series rebased to 100 at the window's start and followed to the end of the data, the "
    "window's end marked"
)
GROUP_MEASURES = ("rank_in_group", "count_in_top_k", "beats_benchmark")


def figure_words(claim_id: str) -> str:
    """What the claim's figure shows, in words: bars of a group's returns or lines of the series."""
    return GROUP_FIGURE if str(claim(claim_id)["measure"]) in GROUP_MEASURES else LINE_FIGURE


_UNDECIDABLE = """\
# %% [markdown]
# The snapshot holds no series that measures this claim; the verdict says what would decide it.

# %%
rt.conclude.conclude("{cid}")
"""

_END = """\
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
"""


def notebook_path(article_id: str) -> Path:
    """``notebooks/20_<article id>.ipynb``."""
    return config.repo_root() / "notebooks" / f"{PREFIX}{article_id}.ipynb"


def source(article_id: str) -> str:
    """The jupytext (py:percent) source of the article's notebook (module docstring)."""
    a = article(article_id)
    parts = [_HEADER, _INTRO.format(title=a["title"], article=article_id)]
    n = 0
    for cid in claim_ids(article_id):
        parts.append(_CLAIM.format(cid=cid))
        if str(claim(cid)["test"]) == "needs_data":
            parts.append(_UNDECIDABLE.format(cid=cid))
        else:
            n += 1  # figures are numbered in the order of the claims that have one
            parts.append(_MEASURED.format(cid=cid, var=cid.lower(), n=n, figure=figure_words(cid)))
    parts.append(_END)
    return "\n".join(parts)


def write(article_id: str) -> tuple[Path, Path]:
    """Write the article notebook's source and an unexecuted ``.ipynb`` (atomically); returns both
    paths. Every claim of the article must name this notebook in the registry."""
    import jupytext

    nb_path = notebook_path(article_id)
    rel = nb_path.relative_to(config.repo_root()).as_posix()
    wrong = [cid for cid in claim_ids(article_id) if str(claim(cid)["notebook"]) != rel]
    if wrong:
        from ..errors import DataValidationError

        raise DataValidationError(
            f"data/claims.csv: claims {wrong} of article {article_id} must name notebook {rel}"
        )
    src = config.notebook_source(nb_path)
    src.parent.mkdir(parents=True, exist_ok=True)
    text = source(article_id)
    io.write_text(src, text)
    io.write_text(nb_path, jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="ipynb"))
    return src, nb_path
