"""Figure helpers: what they draw, and that their speed-ups change nothing around them."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn.matrix  # noqa: E402

import rotation as rt  # noqa: E402

# seaborn 0.13 calls a colormap method matplotlib 3.11 plans to deprecate (not our code)
pytestmark = pytest.mark.filterwarnings("ignore:The set_bad function:PendingDeprecationWarning")


def test_heatmap_annotates_every_cell_and_leaves_seaborn_as_it_was():
    before = seaborn.matrix._draw_figure
    starts = pd.bdate_range("2025-10-27", periods=4)
    ends = pd.bdate_range("2026-01-26", periods=3)
    grid = pd.DataFrame(np.arange(12.0).reshape(4, 3) - 5, index=starts, columns=ends)
    fig = rt.plots.heatmap(grid, "Figure 1. spread", "test grid")
    ax = fig.axes[0]
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(f"{v:.1f}" for v in grid.to_numpy().ravel())
    assert [t.get_text() for t in ax.get_yticklabels()] == [d.strftime("%Y-%m-%d") for d in starts]
    assert ax.get_xlabel() == "window end (month-day, 2026)"
    assert seaborn.matrix._draw_figure is before
    plt.close(fig)


def test_heatmap_restores_seaborn_when_drawing_fails():
    before = seaborn.matrix._draw_figure
    bad = pd.DataFrame({"a": ["x", "y"]})  # not numbers: seaborn refuses
    try:
        rt.plots.heatmap(bad, "t", "s")
    except (TypeError, ValueError):
        pass
    assert seaborn.matrix._draw_figure is before
    plt.close("all")


def test_heatmap_tick_labels_are_level():
    """Seaborn's own check for overlapping labels needs the skipped pre-draw (without it, it turns
    these labels upright); the helpers set the rotation themselves, horizontal, as the labels are
    short dates and sector names."""
    weeks = pd.date_range("2026-01-02", periods=14, freq="W-FRI")
    sectors = ["Communication Services", "Consumer Discretionary", "Energy", "Utilities"]
    long = pd.DataFrame(
        [(s, w, float(i - j)) for i, s in enumerate(sectors) for j, w in enumerate(weeks)],
        columns=["sector", "week_end", "flow_pct"],
    )
    grid = pd.DataFrame(np.ones((3, 11)), index=weeks[:3], columns=weeks[3:])
    with plt.rc_context():  # the notebooks' theme (constrained layout, 110 dpi), for this test only
        rt.plots.set_theme()
        figs = [
            rt.plots.flow_heatmap(long, "flow_pct", "Figure 1. t", "s", "% of AUM"),
            rt.plots.heatmap(grid, "t", "s"),
        ]
        for ax in [f.axes[0] for f in figs]:
            ax.figure.canvas.draw()
            assert {t.get_rotation() for t in ax.get_xticklabels()} == {0.0}
            assert {t.get_rotation() for t in ax.get_yticklabels()} == {0.0}
    plt.close("all")


def test_flow_vs_return_labels_its_axes_and_draws_the_fit():
    panel = pd.DataFrame({"ret_prior_week_pct": [-1.0, 0.0, 1.0, 2.0], "flow_pct": [-0.5, 0.0, 0.5, 1.0]})
    fig = rt.plots.flow_vs_return(panel, "Figure 9. t", "src")
    ax = fig.axes[0]
    assert ax.get_title() == "Figure 9. t" and ax.get_xlabel() == "prior-week total return, %"
    assert ax.get_ylabel() == "flow, % of start-of-week AUM" and len(ax.lines) == 1
    x, y = ax.lines[0].get_data()
    assert np.polyfit(x, y, 1)[0] == pytest.approx(0.5)
    plt.close(fig)
