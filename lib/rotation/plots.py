"""The project's seaborn theme and small figure helpers.

Every figure gets a title, axis labels with units and a source note; these helpers make that the
short path. They draw on axes passed in or created here and return the figure; nothing is global
except what :func:`set_theme` sets on purpose (matplotlib's rcParams).
"""

from __future__ import annotations



import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

PALETTE = "colorblind"
#: Colours kept fixed across notebooks so a reader learns them once.
COLORS = {"SPY": "#0173b2", "RSP": "#de8f05", "IWM": "#029e73", "QQQ": "#d55e00", "mag7": "#cc78bc",
          "XLK": "#d55e00", "rest": "#949494"}


def set_theme() -> None:
    """Seaborn whitegrid theme, PNG output at 110 dpi, deterministic metadata."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    plt.rcParams.update({
        "figure.figsize": (9, 4.5),
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "figure.constrained_layout.use": True,
        "svg.hashsalt": "rotation",
    })
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("png")
    except ImportError:  # outside IPython
        pass


def source_note(fig: plt.Figure, text: str) -> None:
    """Small grey source line at the bottom left of ``fig``."""
    fig.text(0.0, -0.01, f"Source: {text}", ha="left", va="top", fontsize=8, color="#555555")


def finish(ax: plt.Axes, title: str, ylabel: str, source: str, xlabel: str = "") -> plt.Figure:
    """Title, labels and source note; returns the figure."""
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    source_note(ax.figure, source)
    return ax.figure


def lines(df: pd.DataFrame, title: str, ylabel: str, source: str, *, hline: float | None = None,
          ax: plt.Axes | None = None, colors: dict[str, str] | None = None) -> plt.Figure:
    """Line chart of every column of a date-indexed frame."""
    if ax is None:
        _, ax = plt.subplots()
    long = df.rename_axis("date").reset_index().melt("date", var_name="series", value_name="value")
    palette = {k: v for k, v in {**COLORS, **(colors or {})}.items() if k in set(long["series"])}
    sns.lineplot(long, x="date", y="value", hue="series", ax=ax,
                 palette=palette if len(palette) == df.shape[1] else None)
    if hline is not None:
        ax.axhline(hline, color="black", lw=0.8)
    ax.legend(title=None, frameon=False)
    return finish(ax, title, ylabel, source)


def bars(values: pd.Series, title: str, xlabel: str, source: str, *, highlight: list[str] | None = None,
         ax: plt.Axes | None = None) -> plt.Figure:
    """Horizontal bars of a labelled series, sorted, with ``highlight`` labels in a second colour."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.35 * len(values) + 1.2))
    s = values.sort_values(ascending=False)
    hl = set(highlight or [])
    colors = ["#de8f05" if k in hl else "#0173b2" for k in s.index]
    sns.barplot(x=s.to_numpy(), y=[str(i) for i in s.index], hue=[str(i) for i in s.index],
                palette=colors, legend=False, ax=ax, orient="h")
    ax.axvline(0, color="black", lw=0.8)
    fig = finish(ax, title, "", source, xlabel=xlabel)
    return fig


def heatmap(grid: pd.DataFrame, title: str, source: str, *, unit: str = "pp", ax: plt.Axes | None = None,
            center: float = 0.0) -> plt.Figure:
    """Annotated heatmap of a start-date × end-date grid (e.g. a return spread in pp)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.75 * grid.shape[1], 0.9 + 0.42 * grid.shape[0]))
    g = grid.copy()
    g.index = [d.strftime("%Y-%m-%d") if hasattr(d, "strftime") else str(d) for d in g.index]
    g.columns = [d.strftime("%m-%d") if hasattr(d, "strftime") else str(d) for d in g.columns]
    sns.heatmap(g, annot=True, fmt=".1f", cmap="RdBu", center=center, ax=ax,
                cbar_kws={"label": unit}, annot_kws={"fontsize": 8})
    return finish(ax, title, f"window start ({grid.index.name or 'start'})", source,
                  xlabel=f"window end ({grid.columns.name or 'end'})")
