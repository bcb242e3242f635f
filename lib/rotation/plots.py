"""Every figure of the project: the seaborn theme, the generic helpers, and each theme's figures.

Every figure gets a title, axis labels with units and a source note; the generic helpers
(:func:`palette`, :func:`finish`, :func:`lines`, :func:`bars`, :func:`heatmap`) make that the short
path, and the figures of the notebooks' themes are built on them: sector flows
(:func:`flow_heatmap`, :func:`flow_weeks_with_bounds`, :func:`stated_vs_measured`), earnings
(:func:`eps_vintages`, :func:`eps_gap`), the strategists' consensus (:func:`score_vs_return`) and the
monitor (:func:`monitor_chart`). They take tables computed elsewhere and compute nothing a verdict
rests on; this module imports no other module of the package. Figures draw on axes passed in or
created here and return the figure; nothing is global except what :func:`set_theme` sets on purpose
(matplotlib's rcParams and, in a kernel, the inline backend's format).

Units are the caller's, stated on each axis: flows in USD bn or percent of AUM, growth in percent,
gaps in percentage points, scores as fractions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.artist import Artist

#: Okabe & Ito's colour-blind-safe palette, ordered so that the first few are far apart in hue and
#: lightness (blue, bluish green, reddish purple, vermillion, black, sky blue, orange, yellow).
OKABE_ITO = ["#0072b2", "#009e73", "#cc79a7", "#d55e00", "#000000", "#56b4e9", "#e69f00", "#f0e442"]
PALETTE = OKABE_ITO
#: Colours kept fixed across notebooks so a reader learns them once; no two share a colour, so any
#: of them can be drawn together.
COLORS = {
    "SPY": "#0072b2",
    "RSP": "#009e73",
    "IWM": "#cc79a7",
    "XLK": "#d55e00",
    "QQQ": "#000000",
    "mag7": "#000000",
    "rest": "#999999",
}
#: Line styles used, with the palette, once a chart has more series than colours.
_DASHES = ["-", "--", ":", "-."]


def palette(names: list[str], fixed: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Colour and line style per series: the fixed colour where one is set (``COLORS`` and
    ``fixed``), else the next palette colour not already used in this chart; past the palette's
    eight colours, colours repeat with another line style. No two series get the same pair."""
    fixed = {**COLORS, **(fixed or {})}
    out: dict[str, tuple[str, str]] = {}
    used: set[tuple[str, str]] = set()
    for n in names:
        if n in fixed and (fixed[n], "-") not in used:
            pair = (fixed[n], "-")
        else:
            pair = next(
                (c, d)
                for d in _DASHES
                for c in OKABE_ITO
                if (c, d) not in used and (d != "-" or c not in {v for k, v in fixed.items() if k in names})
            )
        used.add(pair)
        out[n] = pair
    return out


def numbered(n: int, title: str) -> str:
    """A figure title carrying its number, as the prose refers to it: ``Figure 3. <title>``."""
    return f"Figure {n}. {title}"


def set_theme() -> None:
    """Seaborn whitegrid theme, PNG output at 110 dpi, deterministic metadata."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    plt.rcParams.update(
        {
            "figure.figsize": (9, 4.5),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "figure.constrained_layout.use": True,
            "svg.hashsalt": "rotation",
        }
    )
    table_display()
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # outside IPython
        return
    # In a kernel the inline backend renders every new figure after its cell. pyplot's own
    # post-execute hook would first draw each figure once more, for nothing: a third of the cost of
    # a figure (the PNG is the same without it).
    plt.uninstall_repl_displayhook()


#: How a missing value is shown in every table (never "NaN", "NaT", "None" or "<NA>").
MISSING = "—"


def shown(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the missing values of its nullable (extension) columns and of its index as
    :data:`MISSING`; other columns are left to ``na_rep`` (their numbers keep pandas' formatting)."""
    cols = [
        c
        for c in df.columns
        if isinstance(df[c].dtype, pd.api.extensions.ExtensionDtype)
        and not isinstance(df[c].dtype, pd.CategoricalDtype | pd.DatetimeTZDtype)
        and df[c].isna().any()
    ]
    na_index = not isinstance(df.index, pd.MultiIndex) and df.index.hasnans
    if not cols and not na_index:
        return df
    out = df.copy()
    for c in cols:
        out[c] = out[c].astype(object).where(out[c].notna(), MISSING)
    if na_index:
        out.index = out.index.astype(object).where(out.index.notna(), MISSING)
    return out


def table_html(df: pd.DataFrame) -> str:
    """A table as a notebook shows it: every column and every cell in full (no "..."), missing values
    as :data:`MISSING`; frames longer than ``display.max_rows`` show their first and last rows."""
    n = pd.get_option("display.max_rows")
    return shown(df).to_html(
        na_rep=MISSING,
        max_rows=n,
        max_cols=None,
        border=0,
        escape=True,
    )


def table_text(df: pd.DataFrame) -> str:
    """The plain-text form of :func:`table_html` (what ``text/plain`` outputs hold)."""
    n = pd.get_option("display.max_rows")
    return shown(df).to_string(na_rep=MISSING, max_rows=n, min_rows=min(n, 20))


def table_display() -> None:
    """In a kernel, show every DataFrame and Series in full: no truncated cell or hidden column
    (``display.max_colwidth`` and ``display.max_columns`` unset), missing values as :data:`MISSING`
    (:func:`table_html`, :func:`table_text`). Outside IPython only the pandas options are set."""
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 250)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None:
        return
    formatters = ip.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, table_html)
    formatters["text/plain"].for_type(pd.DataFrame, lambda df, p, cycle: p.text(table_text(df)))
    formatters["text/plain"].for_type(pd.Series, lambda s, p, cycle: p.text(_series_text(s)))


def _series_text(s: pd.Series) -> str:
    n = pd.get_option("display.max_rows")
    return s.to_string(na_rep=MISSING, max_rows=n, min_rows=min(n, 20), name=True, dtype=True)


#: The widest figure the report shows at its natural size (inches at 110 dpi, about 1,045 px: the
#: page's column). A wider figure is scaled down on the page, and its text with it.
PAGE_WIDTH_IN = 9.5
#: Where a legend may go inside the axes, tried in this order (:func:`place_legend`).
_CORNERS: tuple[Any, ...] = ("upper left", "upper right", "lower left", "lower right")


def _drawn_points(ax: plt.Axes) -> np.ndarray:
    """Everything drawn on ``ax`` as points in axes coordinates: the lines (their segments sampled),
    the vertices of filled areas and the centres of scatter markers."""
    from matplotlib.collections import PathCollection

    to_axes = ax.transAxes.inverted()
    pts = [np.empty((0, 2))]
    for line in ax.lines:
        xy = np.asarray(line.get_xydata(), dtype=float)
        if len(xy) > 1:
            t = np.linspace(0.0, 1.0, 8, endpoint=False)[None, :, None]
            xy = np.vstack([(xy[:-1, None, :] + (xy[1:] - xy[:-1])[:, None, :] * t).reshape(-1, 2), xy[-1:]])
        pts.append((line.get_transform() + to_axes).transform(xy))
    for coll in ax.collections:
        if isinstance(coll, PathCollection):  # scatter: the markers' centres
            pts.append((coll.get_offset_transform() + to_axes).transform(np.asarray(coll.get_offsets())))
        else:  # filled bands, vertical ranges: their outlines
            for path in coll.get_paths():
                pts.append((coll.get_transform() + to_axes).transform(path.vertices))
    out = np.vstack(pts)
    return out[np.isfinite(out).all(axis=1)]


def place_legend(ax: plt.Axes, **kwargs) -> plt.Artist:
    """A legend where it covers nothing: the first corner of the axes (:data:`_CORNERS`) whose box
    holds no drawn point (:func:`_drawn_points`, with a margin), else outside, right of the axes.
    ``kwargs`` go to ``ax.legend`` (``frameon=False`` by default). Call it after the last series."""
    kwargs.setdefault("frameon", False)
    ax.get_xlim(), ax.get_ylim()  # settle autoscaling before reading positions
    pts = _drawn_points(ax)
    get_renderer = getattr(ax.figure.canvas, "get_renderer", None)
    if get_renderer is not None:
        renderer = get_renderer()
        for loc in _CORNERS:
            leg = ax.legend(loc=loc, **kwargs)
            box = leg.get_window_extent(renderer).transformed(ax.transAxes.inverted()).expanded(1.15, 1.25)
            inside = (
                (pts[:, 0] >= box.x0) & (pts[:, 0] <= box.x1) & (pts[:, 1] >= box.y0) & (pts[:, 1] <= box.y1)
            )
            if not inside.any():
                return leg
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, **kwargs)


def fit_page(fig: plt.Figure) -> None:
    """Scale a figure wider than :data:`PAGE_WIDTH_IN` down to it, keeping its aspect ratio, so that
    the page shows it at its natural size and its text at the size it was set in."""
    w, h = fig.get_size_inches()
    if w > PAGE_WIDTH_IN:
        fig.set_size_inches(PAGE_WIDTH_IN, h * PAGE_WIDTH_IN / w)


def cell_fontsize(ax: plt.Axes, grid: pd.DataFrame, *, colorbar: bool = True, digits: int = 1) -> float:
    """The largest annotation size (points, 7 to 11) that fits the cells of ``grid`` drawn on ``ax``:
    about half a cell's height, and the widest number written to ``digits`` decimals within its width
    (the colour bar, when there is one, takes about a tenth of the axes' width)."""
    width_pt, height_pt = _cell_points(ax, grid, colorbar)
    values = grid.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    ems = max((_text_ems(f"{v:.{digits}f}") for v in finite), default=2.6)
    size = min(0.55 * height_pt, width_pt / (ems + 0.35))
    return float(np.clip(size, 7.0, 11.0))


def _text_ems(text: str) -> float:
    """The width of a number written in the theme's sans-serif font, in ems (DejaVu Sans: digits
    0.64, the point 0.32, the minus sign 0.84)."""
    return sum(0.32 if c in ".," else 0.84 if c in "-−+" else 0.64 for c in text)


def _cell_points(ax: plt.Axes, grid: pd.DataFrame, colorbar: bool = True) -> tuple[float, float]:
    """Width and height (points) of one cell of ``grid`` drawn on ``ax`` (before layout)."""
    pos = ax.get_position()
    fig = cast(plt.Figure, ax.figure)
    width_pt = pos.width * fig.get_figwidth() * 72 * (0.9 if colorbar else 1.0)
    height_pt = pos.height * fig.get_figheight() * 72
    return width_pt / max(grid.shape[1], 1), height_pt / max(grid.shape[0], 1)


def fit_tick_labels(ax: plt.Axes, grid: pd.DataFrame, *, colorbar: bool = True) -> None:
    """Tick labels of a heatmap sized to its cells: column labels level while they fit their
    cell's width at 7 points or more (turned upright otherwise), row labels within a cell's height."""
    width_pt, height_pt = _cell_points(ax, grid, colorbar)
    xchars = max((len(str(c)) for c in grid.columns), default=1)
    xsize = min(11.0, width_pt / (0.6 * xchars + 0.4))
    if xsize >= 7.0:
        ax.tick_params(axis="x", labelsize=xsize, labelrotation=0)
    else:
        ax.tick_params(axis="x", labelsize=min(10.0, 0.85 * width_pt), labelrotation=90)
    ax.tick_params(axis="y", labelsize=float(np.clip(0.8 * height_pt, 6.0, 11.0)))


def source_note(fig: plt.Figure, text: str) -> None:
    """Small grey source line at the bottom left of ``fig``."""
    fig.text(0.0, -0.01, f"Source: {text}", ha="left", va="top", fontsize=8, color="#555555")


def finish(ax: plt.Axes, title: str, ylabel: str, source: str, xlabel: str = "") -> plt.Figure:
    """Title, labels and source note; returns the figure."""
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    fig = cast(plt.Figure, ax.figure)  # our axes sit on figures, never on subfigures
    source_note(fig, source)
    return fig


def lines(
    df: pd.DataFrame,
    title: str,
    ylabel: str,
    source: str,
    *,
    hline: float | None = None,
    ax: plt.Axes | None = None,
    colors: dict[str, str] | None = None,
) -> plt.Figure:
    """Line chart of every column of a date-indexed frame."""
    if ax is None:
        _, ax = plt.subplots()
    styles = palette([str(c) for c in df.columns], colors)
    for col in df.columns:
        color, dash = styles[str(col)]
        ax.plot(df.index, df[col], color=color, ls=dash, lw=1.6, label=str(col))
    if hline is not None:
        ax.axhline(hline, color="black", lw=0.8)
    place_legend(ax, title=None)
    return finish(ax, title, ylabel, source)


def bars(
    values: pd.Series,
    title: str,
    xlabel: str,
    source: str,
    *,
    highlight: list[str] | None = None,
    ax: plt.Axes | None = None,
) -> plt.Figure:
    """Horizontal bars of a labelled series, sorted, with ``highlight`` labels in a second colour."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.35 * len(values) + 1.2))
    s = values.sort_values(ascending=False)
    hl = set(highlight or [])
    colors = [OKABE_ITO[3] if k in hl else OKABE_ITO[0] for k in s.index]
    sns.barplot(
        x=s.to_numpy(),
        y=[str(i) for i in s.index],
        hue=[str(i) for i in s.index],
        palette=colors,
        legend=False,
        ax=ax,
        orient="h",
    )
    ax.axvline(0, color="black", lw=0.8)
    fig = finish(ax, title, "", source, xlabel=xlabel)
    return fig


def _annotated_heatmap(grid: pd.DataFrame, ax: plt.Axes, *, unit: str, fontsize: float, **kwargs) -> None:
    """``sns.heatmap`` of ``grid`` on ``ax``, each cell annotated to one decimal, red-blue, with a
    colour bar labelled ``unit``; ``kwargs`` go to seaborn.

    Seaborn 0.13 draws the whole figure inside ``heatmap`` only to decide whether to turn
    overlapping tick labels: half the cost of an annotated heatmap. That draw is skipped (where
    seaborn has the private hook; elsewhere it runs unchanged) and the labels are set level here
    instead: our heatmaps' labels are short dates and names."""
    import seaborn.matrix as sm

    original = getattr(sm, "_draw_figure", None)
    if original is not None:
        sm._draw_figure = lambda fig: None
    try:
        sns.heatmap(
            grid,
            annot=True,
            fmt=".1f",
            cmap="RdBu",
            ax=ax,
            cbar_kws={"label": unit},
            annot_kws={"fontsize": fontsize},
            **kwargs,
        )
    finally:
        if original is not None:
            sm._draw_figure = original
    ax.tick_params(axis="x", labelrotation=0)
    ax.tick_params(axis="y", labelrotation=0)


def heatmap(
    grid: pd.DataFrame,
    title: str,
    source: str,
    *,
    unit: str = "pp",
    ax: plt.Axes | None = None,
    center: float = 0.0,
) -> plt.Figure:
    """Annotated heatmap of a start-date × end-date grid (e.g. a return spread in pp). A figure
    wider than the page (``ax``'s, e.g. two heatmaps side by side) is scaled to it (:func:`fit_page`)
    and the numbers are set as large as their cells allow (:func:`cell_fontsize`)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(1.6 + 0.75 * grid.shape[1], 1.2 + 0.42 * grid.shape[0]))
    fit_page(cast(plt.Figure, ax.figure))
    g = grid.copy()
    g.index = [d.strftime("%Y-%m-%d") if hasattr(d, "strftime") else str(d) for d in g.index]
    g.columns = [d.strftime("%m-%d") if hasattr(d, "strftime") else str(d) for d in g.columns]
    _annotated_heatmap(g, ax, unit=unit, fontsize=cell_fontsize(ax, g), center=center)
    fit_tick_labels(ax, g)
    years = sorted({d.year for d in grid.columns if hasattr(d, "year")})
    span = f", {years[0]}" if len(years) == 1 else f", {years[0]}–{years[-1]}" if years else ""
    return finish(ax, title, "window start", source, xlabel=f"window end (month-day{span})")


# --------------------------------------------------------------------------------------------
# sector flows (rotation.analysis.flows)
# --------------------------------------------------------------------------------------------
def flow_heatmap(sectors: pd.DataFrame, value: str, title: str, source: str, unit: str) -> plt.Figure:
    """Sector × week heatmap of ``value`` (e.g. ``flow_pct`` of :func:`rotation.analysis.flows.sector_weeks`);
    incomplete weeks are left blank."""
    grid = sectors.pivot(index="sector", columns="week_end", values=value)
    grid.columns = [d.strftime("%m-%d") for d in grid.columns]
    fig, ax = plt.subplots(figsize=(10, 4.8))
    lim = float(np.nanmax(np.abs(grid.to_numpy())))
    _annotated_heatmap(
        grid,
        ax,
        unit=unit,
        fontsize=cell_fontsize(ax, grid),
        center=0.0,
        vmin=-lim,
        vmax=lim,
        linewidths=0.5,
        linecolor="#eeeeee",
    )
    ax.grid(False)
    ax.set_facecolor("#f2f2f2")
    return finish(ax, title, "", source, xlabel="week ending (blank: a fund-day missing)")


def flow_weeks_with_bounds(series: dict[str, pd.DataFrame], title: str, source: str, mark=None) -> plt.Figure:
    """Weekly flows (USD bn) of one or more definitions (:func:`rotation.analysis.flows.sector_series`, in
    USD): a point for the observed sum, a bar for the range the missing days allow (complete weeks
    have no bar); ``mark`` draws a dotted line at one week."""
    frames = []
    for label, s in series.items():
        frames.append(
            pd.DataFrame(
                {
                    "week": s.index.strftime("%m-%d"),
                    "definition": label,
                    "observed": s["observed_usd"] / 1e9,
                    "low": s["low_usd"] / 1e9,
                    "high": s["high_usd"] / 1e9,
                    "complete": s["flow_usd"].notna(),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    sns.pointplot(
        df,
        x="week",
        y="observed",
        hue="definition",
        dodge=0.4,
        linestyle="none",
        markers="o",
        ax=ax,
        errorbar=None,
    )
    offsets = np.linspace(-0.2, 0.2, len(series)) if len(series) > 1 else [0.0]
    weeks = list(dict.fromkeys(df["week"]))
    for off, (label, color) in zip(offsets, zip(series, sns.color_palette(n_colors=len(series)))):
        sub = df[df["definition"] == label]
        x = np.array([weeks.index(w) for w in sub["week"]]) + off
        ax.vlines(x, sub["low"], sub["high"], color=color, alpha=0.5, lw=2)
    ax.axhline(0, color="black", lw=0.8)
    if mark is not None:
        ax.axvline(weeks.index(pd.Timestamp(mark).strftime("%m-%d")), color="#555555", ls=":", lw=1)
    place_legend(ax, title=None)
    return finish(
        ax,
        title,
        "net flow, USD bn",
        source,
        xlabel="week ending (bar: range if each missing day were ± the fund's largest daily flow)",
    )


def stated_vs_measured(df: pd.DataFrame, title: str, source: str) -> plt.Figure:
    """Stated vs measured flows (USD bn) with a 45-degree line; ``df`` has ``label``,
    ``stated_bn``, ``measured_bn``, ``low_bn``, ``high_bn``."""
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    sns.scatterplot(df, x="stated_bn", y="measured_bn", hue="label", s=70, ax=ax)
    ax.vlines(df["stated_bn"], df["low_bn"], df["high_bn"], color="#949494", lw=1.5)
    lo = float(min(df[["stated_bn", "low_bn"]].min().min(), 0) - 0.5)
    hi = float(max(df[["stated_bn", "high_bn"]].max().max(), 0) + 0.5)
    ax.plot([lo, hi], [lo, hi], color="black", lw=0.8, ls="--")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    place_legend(ax, title=None, fontsize=8)
    return finish(
        ax, title, "measured in US sector ETFs, USD bn", source, xlabel="stated by the article, USD bn"
    )


def flow_vs_return(panel: pd.DataFrame, title: str, source: str) -> plt.Figure:
    """Each sector-week's flow (``flow_pct``, percent of start-of-week AUM) against the previous
    week's total return (``ret_prior_week_pct``, percent), with the least-squares line on that
    return alone (a :func:`rotation.analysis.chase.panel`)."""
    fig, ax = plt.subplots()
    sns.regplot(
        panel,
        x="ret_prior_week_pct",
        y="flow_pct",
        ci=None,
        scatter_kws={"s": 18, "alpha": 0.6},
        line_kws={"color": OKABE_ITO[3]},
        ax=ax,
    )
    return finish(ax, title, "flow, % of start-of-week AUM", source, xlabel="prior-week total return, %")


# --------------------------------------------------------------------------------------------
# earnings (rotation.analysis.earnings)
# --------------------------------------------------------------------------------------------
def eps_vintages(
    growth: pd.DataFrame,
    years: Sequence[int],
    indexes: Sequence[str],
    stated: dict[str, float],
    source: str,
    title: str = "S&P DJI bottom-up operating EPS growth estimates, by vintage",
) -> plt.Figure:
    """Estimated EPS growth (percent; :func:`rotation.analysis.earnings.index_growth`) of each index by
    vintage, one panel per year; the stated figures as dashed lines on the first panel."""
    long = (
        growth[list(years)]
        .reset_index()
        .melt(["index", "vintage_date"], var_name="year", value_name="growth")
    )
    long = long[long["index"].isin(indexes)]
    fig, axes = plt.subplots(1, len(years), figsize=(10, 4.2), sharey=False)
    axes = np.atleast_1d(axes)
    for ax, y in zip(axes, years):
        sns.lineplot(
            long[long["year"] == y],
            x="vintage_date",
            y="growth",
            hue="index",
            hue_order=list(indexes),
            marker="o",
            ax=ax,
            legend=ax is axes[0],
        )
        ax.set_title(f"calendar {y} over {y - 1}", fontsize=10, fontweight="normal")
        ax.set_xlabel("workbook vintage (data as of)")
        ax.set_ylabel("estimated operating EPS growth, %")
        ax.tick_params(axis="x", rotation=30)
    for (label, value), style in zip(stated.items(), ["--", ":"]):
        axes[0].axhline(value, color="black", lw=0.9, ls=style, label=label)
    place_legend(axes[0], fontsize=8)
    fig.suptitle(title, x=0.0, ha="left", fontweight="bold")
    source_note(fig, source)
    return fig


def eps_gap(
    svr: pd.DataFrame,
    years: Sequence[int],
    published: pd.DataFrame | None,
    source: str,
    title: str = "Information Technology's expected earnings-growth lead over the rest of the S&P 500",
) -> plt.Figure:
    """Growth gap (pp) of the sector over the rest of the S&P 500 by vintage
    (:func:`rotation.analysis.earnings.sector_vs_rest`), one line per year; published group-minus-rest gaps
    as diamonds at their publication date in their year's colour (hollow where the date is
    approximate: see :func:`rotation.analysis.earnings_tables.published_points`)."""
    gaps = svr.xs("gap_pp", axis=1, level="series")[list(years)]
    long = gaps.reset_index().melt("vintage_date", var_name="year", value_name="gap")
    long["year"] = long["year"].map(lambda y: f"{y} over {y - 1}")
    colors = {y: OKABE_ITO[i] for i, y in enumerate(years)}
    fig, ax = plt.subplots(figsize=(9, 4.2))
    sns.lineplot(
        long,
        x="vintage_date",
        y="gap",
        hue="year",
        marker="o",
        ax=ax,
        palette={f"{y} over {y - 1}": colors[y] for y in years},
    )
    if published is not None and len(published):
        for per, r in published.iterrows():
            y = int(str(per).removeprefix("CY")) if str(per).removeprefix("CY").isdigit() else None
            c = colors.get(y, "black") if y is not None else "black"
            approx = bool(r.get("date_approx", False))
            ax.scatter(
                [r["date"]],
                [r["gap_pp"]],
                marker="D",
                s=60,
                zorder=5,
                edgecolor=c,
                facecolor="white" if approx else c,
                label=f"Magnificent 7 minus other 493, {per} (published{', date approximate' if approx else ''})",
            )
    ax.axhline(0, color="black", lw=0.8)
    place_legend(ax, fontsize=8)
    ax.tick_params(axis="x", rotation=30)
    return finish(ax, title, "growth gap, percentage points", source, xlabel="workbook vintage (data as of)")


# --------------------------------------------------------------------------------------------
# strategists' consensus (rotation.analysis.consensus) and the monitor (rotation.analysis.monitor)
# --------------------------------------------------------------------------------------------
def score_vs_return(score: pd.Series, ret: pd.Series, title: str, source: str) -> plt.Figure:
    """Scatter of consensus score (x, fraction) against later total return (y; ``ret`` a fraction,
    drawn in percent), one labelled point per sector ETF."""
    fig, ax = plt.subplots(figsize=(8, 5))
    df = pd.DataFrame({"score": score, "ret": ret.reindex(score.index) * 100})
    sns.scatterplot(df, x="score", y="ret", s=60, ax=ax)
    for name, r in df.iterrows():
        ax.annotate(str(name), (r["score"], r["ret"]), xytext=(5, 3), textcoords="offset points", fontsize=9)
    ax.axhline(0, color="black", lw=0.8)
    return finish(
        ax,
        title,
        "total return after the article, %",
        source,
        xlabel="consensus net-overweight score ((OW - UW) / firms with a view)",
    )


def monitor_chart(
    hist: Mapping[str, pd.Series],
    ids: Sequence[str],
    labels: Mapping[str, str] | pd.Series,
    start,
    title: str,
    ylabel: str,
    source: str,
    *,
    hline: float | None = 0.0,
) -> plt.Figure:
    """Line chart of some monitor indicators from ``start`` (``hist`` from
    :func:`rotation.analysis.monitor.history`, ``labels`` id -> label, e.g. the ``label`` column of
    :func:`rotation.analysis.monitor.rules`). The calls are not shaded: the zero line (``hline``) is drawn
    and the rule thresholds are stated in the notebook's table instead."""
    df = pd.concat({labels[i]: hist[i].loc[start:] for i in ids}, axis=1)
    return lines(df, title, ylabel, source, hline=hline)


def conclusion(
    c, n: int, source: str = "Yahoo Finance via yfinance (the project's snapshot)"
) -> plt.Figure | None:
    """The figure of a claim concluded from its row (:class:`rotation.verdicts.conclude.Conclusion`),
    numbered ``n``: for returns, each series rebased to 100 at the window's start, from the start
    to the end of the data, the window's end marked; for a group (rank, top k, beating a
    benchmark), the members' returns over the window with the named ones highlighted. ``None``
    for a claim without data."""
    m = c.measurement
    if m.window is None or c.closes is None:
        return None
    start, end = (pd.Timestamp(x) for x in m.window)
    returns = m.details.get("returns_pct")
    if returns:
        named = [t for t in c.named if t in returns]
        bench = m.details.get("benchmark_pct")
        fig = bars(
            pd.Series(returns, dtype=float),
            numbered(n, f"{c.result.id}: return over {m.window[0]} → {m.window[1]} ({m.basis} return)"),
            "percent",
            source,
            highlight=named,
        )
        if bench is not None:
            fig.axes[0].axvline(bench, color="black", ls="--", lw=1)
        return fig
    tickers = [t for t in m.series if t in c.closes.columns]
    px = c.closes.loc[start:, tickers].dropna(how="all")
    rebased = px / px.iloc[0] * 100
    fig = lines(
        rebased,
        numbered(
            n, f"{c.result.id}: {', '.join(tickers)} from {m.window[0]} (100 = the window's first close)"
        ),
        f"index ({m.basis} return)",
        source,
    )
    ax = fig.axes[0]
    ax.axvline(end, color="black", ls="--", lw=1)
    ax.annotate(f"window end {m.window[1]}", (end, ax.get_ylim()[1]), ha="right", va="top", fontsize=8)
    return fig


#: colours of the monitor's calls (Paul Tol's bright scheme, as the verdicts)
CALL_COLORS = {"on": "#4477aa", "paused": "#ccbb44", "reversed": "#ee6677", "no reading": "#eeeeee"}


def leg_calls(frame: pd.DataFrame, labels: Mapping[str, str], title: str, source: str) -> plt.Figure:
    """Each leg's call at each date (rows = dates, columns = legs, values = calls) as coloured
    cells with the call written in, so a reader sees when each leg turned."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    order = list(CALL_COLORS)
    codes = frame.apply(lambda col: col.map(order.index)).T
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(frame.columns) + 1.6))
    ax.imshow(
        codes.to_numpy(), aspect="auto", cmap=ListedColormap(list(CALL_COLORS.values())), vmin=0, vmax=3
    )
    ax.set_yticks(range(len(codes.index)), [labels.get(c, c) for c in codes.index])
    ax.set_xticks(
        range(len(frame.index)), [d.strftime("%Y-%m") for d in frame.index], rotation=45, ha="right"
    )
    for (i, j), v in np.ndenumerate(frame.T.to_numpy()):
        ax.text(j, i, str({"no reading": "–"}.get(v, v)), ha="center", va="center", fontsize=8)
    ax.grid(False)
    ax.legend(
        handles=[Patch(color=c, label=k) for k, c in CALL_COLORS.items()],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        frameon=False,
    )
    return finish(ax, title, "", source)


def base_rates(forwards: Mapping[str, pd.DataFrame], title: str, source: str) -> plt.Figure:
    """One panel per spread: each analogue's forward spread by horizon (dots), the mean with its
    bootstrap interval (bar), and what followed the article's date (diamond). ``forwards`` maps a
    spread's label to a frame with columns ``horizon``, ``value`` (one row per analogue) and the
    table of :func:`rotation.analysis.baserates.outcomes` in ``.attrs["table"]``."""
    fig, axes = plt.subplots(1, len(forwards), figsize=(9, 4), sharey=True, squeeze=False)
    for ax, (label, df) in zip(axes[0], forwards.items()):
        tab = df.attrs["table"]
        hs = list(tab.index)
        jitter = np.random.default_rng(0)  # seeded: the same figure on every run
        for k, h in enumerate(hs):
            ys = df.loc[df["horizon"] == h, "value"].to_numpy()
            ax.scatter(k + jitter.uniform(-0.15, 0.15, len(ys)), ys, color=OKABE_ITO[0], alpha=0.6, s=18)
        for k, h in enumerate(hs):
            r = tab.loc[h]
            ax.errorbar(
                k + 0.3,
                r["mean_pp"],
                yerr=[[r["mean_pp"] - r["ci_low_pp"]], [r["ci_high_pp"] - r["mean_pp"]]],
                fmt="s",
                color="black",
                capsize=4,
                label="mean, 90 % bootstrap interval" if k == 0 else None,
            )
            if np.isfinite(r["followed_pp"]):
                ax.plot(
                    k - 0.3,
                    r["followed_pp"],
                    "D",
                    color=OKABE_ITO[3],
                    ms=8,
                    label="after the article" if k == 0 else None,
                )
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xticks(range(len(hs)), [f"{h} trading days" for h in hs])
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("")
        ax.set_ylabel("spread over the following days, pp")
    place_legend(axes[0][0], fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    source_note(fig, source)
    return fig


def gap_chart(gaps: pd.DataFrame, source: str, colors: Mapping[str, str], *, clip: float = 6.0) -> plt.Figure:
    """Figure: each claim's gap from its stated figure in tolerances (``gaps``: the frame of
    :func:`rotation.verdicts.scorecard.gaps`), on one axis, each point in its verdict's colour (``colors``, in
    the legend's order). The shaded zones are where the declared rule says "supported" (dark) and
    "partly" (light); gaps beyond ``±clip`` are drawn at the edge with their value written."""
    g = gaps.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(g) + 1.4))
    for y, (_cid, r) in enumerate(g.iterrows()):
        lo, hi = max(r["partly_lo"], -clip), min(r["partly_hi"], clip)
        ax.fill_betweenx([y - 0.35, y + 0.35], lo, hi, color="#dddddd", lw=0)
        lo, hi = max(r["supported_lo"], -clip), min(r["supported_hi"], clip)
        ax.fill_betweenx([y - 0.35, y + 0.35], lo, hi, color="#aac4e0", lw=0)
        x = float(np.clip(r["gap"], -clip, clip))
        marker = "o" if abs(r["gap"]) <= clip else (">" if r["gap"] > 0 else "<")
        ax.scatter([x], [y], s=70, marker=marker, color=colors[r["verdict"]], edgecolor="black", zorder=3)
        if abs(r["gap"]) > clip:
            ax.annotate(
                f"{r['gap']:+.0f}",
                (x, y),
                xytext=(-22 if x > 0 else 8, 6),
                textcoords="offset points",
                fontsize=8,
            )
    ax.axvline(0, color="black", lw=0.8)
    short = {
        "percent of index gain": "pp of share",
        "percentage points": "pp",
        "percent": "pp",
        "sectors of 3 in the top 4": "sector",
    }
    ax.set_yticks(
        range(len(g)),
        [f"{cid}  (1 = {r['tolerance']:g} {short.get(r['unit'], r['unit'])})" for cid, r in g.iterrows()],
    )
    ax.set_xlim(-clip - 0.5, clip + 0.5)
    ax.grid(axis="y", visible=False)
    handles: list[Artist] = [
        plt.Line2D([], [], marker="o", ls="", color=colors[v], markeredgecolor="black", label=v)
        for v in colors
        if v in set(g["verdict"])
    ]
    handles += [
        plt.Rectangle((0, 0), 1, 1, color="#aac4e0", label="supported zone"),
        plt.Rectangle((0, 0), 1, 1, color="#dddddd", label="partly zone"),
    ]
    ax.legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return finish(
        ax,
        "Figure 1. Distance from the article's figure, in declared tolerances",
        "",
        source,
        xlabel="(measured − stated) / tolerance; 0 = exactly as stated",
    )
