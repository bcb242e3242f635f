"""The report's pages without rendering notebooks: one menu on every page, each article gathered
once, the amendments counted from the log, adapted pages' banner and report link, tables without
NaN or "...", legends that cover no line and heatmap numbers sized to their cells."""

from __future__ import annotations

import re

import matplotlib
import nbformat
import numpy as np
import pandas as pd
import pytest

import rotation as rt

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

S, P, N, U = rt.registry.VERDICTS


# ---------------------------------------------------------------------------- amendments
@pytest.mark.parametrize(
    "before, after, move",
    [
        (N, P, "up"),
        (P, S, "up"),
        (S, N, "down"),
        (P, N, "down"),
        (N, U, "to undecidable"),
        (S, U, "to undecidable"),
        (U, P, "from undecidable"),
        (P, P, "unchanged"),
        (U, U, "unchanged"),
    ],
)
def test_each_amendment_move_is_named_by_its_direction(before, after, move):
    assert rt.scorecard._move(before, after) == move


def _log(tmp_path, monkeypatch, rows: list[tuple[str, str, str]]) -> None:
    df = pd.DataFrame(rows, columns=["claim", "verdict_before", "verdict_after"])
    for col in ("date", "old_rule", "new_rule", "reason"):
        df[col] = "x"
    df.to_csv(tmp_path / "amendments.csv", index=False)
    monkeypatch.setattr(rt.config, "project_data_dir", lambda: tmp_path)


def test_amendments_text_counts_each_direction(tmp_path, monkeypatch):
    _log(tmp_path, monkeypatch, [("B5", N, P), ("B7", P, P), ("F1", N, U), ("F2", N, U)])
    said = rt.scorecard.amendments_text(rt.scorecard.amendments())
    assert said.startswith("4 rules were changed after their results were seen")
    assert (
        "1 moved its verdict up (B5), none down, 2 to undecidable (F1, F2) and 1 left it unchanged (B7)"
        in said
    )
    assert (
        "No change moved a verdict down: every one that moved a verdict moved it up or to undecidable" in said
    )


def test_amendments_text_says_a_move_down_without_the_reassurance(tmp_path, monkeypatch):
    _log(tmp_path, monkeypatch, [("B4", S, N)])
    said = rt.scorecard.amendments_text(rt.scorecard.amendments())
    assert "1 rule was changed after its result was seen" in said and "1 down (B4)" in said
    assert "No change moved a verdict down" not in said


def test_a_verdict_outside_the_scale_is_named_with_its_row(tmp_path, monkeypatch):
    _log(tmp_path, monkeypatch, [("B5", N, "mostly")])
    with pytest.raises(rt.errors.DataValidationError, match=r"amendments.csv row 2 \(B5\): verdict_after"):
        rt.scorecard.amendments()


def test_the_committed_log_is_told_as_it_moved():
    log = rt.scorecard.amendments("tech-rotation-2026")
    text = rt.scorecard.amendments_text(log)
    assert len(log) and f"{len(log)} rules were changed" in text
    for move, ids in log.groupby("move")["claim"]:
        assert f"({', '.join(ids)})" in text, (move, text)
    assert ("No change moved a verdict down" in text) == (not (log["move"] == "down").any())


# ---------------------------------------------------------------------------- the site's pages
@pytest.fixture
def site_without_renders(tmp_path, monkeypatch):
    """build_site over the collection with every notebook page already there (kept, not rendered),
    counting how often each article's results are gathered."""
    paths = rt.notebooks.collection()
    for p in paths:
        (tmp_path / f"{p.stem}.html").write_text("<html><body>page</body></html>")
    counts: dict[tuple[str, str], int] = {}

    def counting(name, fn):
        def wrapped(*args, **kwargs):
            aid = kwargs.get("article") or (args[0] if args else None)
            counts[(name, aid)] = counts.get((name, aid), 0) + 1
            return fn(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(rt.scorecard, "gather", counting("gather", rt.scorecard.gather))
    monkeypatch.setattr(rt.claimreview, "reviews", counting("reviews", rt.claimreview.reviews))
    rt.site.build_site(paths, tmp_path, reuse=set(paths))
    return tmp_path, counts


def test_the_site_gathers_each_article_once(site_without_renders):
    _, counts = site_without_renders
    for aid in rt.articles.articles().index:
        assert counts.get(("gather", aid)) == 1, counts
        assert counts.get(("reviews", aid)) == 1, counts


def test_every_page_menu_has_the_report_articles_and_monitor(site_without_renders, tmp_path):
    out, _ = site_without_renders
    monitor = next(p.stem for p in rt.notebooks.collection() if p.stem.endswith("_monitor"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A page\n\nText.")])
    nbformat.write(nb, tmp_path / "99_page.ipynb")
    rendered = rt.site.to_html(tmp_path / "99_page.ipynb", tmp_path / "rendered")
    pages = [out / "index.html", *(out / rt.site.article_page_name(a) for a in rt.articles.articles().index)]
    for page in [*pages, rendered]:
        nav = re.search(r"<nav class='rt-menu'.*?</nav>", page.read_text(), re.S)
        assert nav, f"{page.name}: no menu"
        hrefs = re.findall(r"href='([^']+)'", nav.group(0)) + re.findall(r"aria-current='page'", nav.group(0))
        for target in ["index.html", f"{monitor}.html", *(p.name for p in pages[1:])]:
            assert target in hrefs or page.name == target, f"{page.name}: the menu lacks {target}"


def test_the_front_page_gives_the_amendments_and_the_thesis_by_leg(site_without_renders):
    out, _ = site_without_renders
    text = (out / "index.html").read_text()
    said = rt.scorecard.amendments_text(rt.scorecard.amendments("tech-rotation-2026"))
    assert said.split(":")[0] in text  # "N rules were changed after their results were seen (...)"
    assert "By leg" in text or "by leg" in text


# ---------------------------------------------------------------------------- adapted pages
def test_an_adapted_page_names_what_differs_and_links_the_report(tmp_path, monkeypatch):
    src = rt.config.repo_root() / "notebooks" / "01_breadth.ipynb"
    banner = rt.adapt.banner(
        src, {"WINDOW_START": "2024-11-05", "AS_OF": rt.claims.notebook_parameters(src)["AS_OF"]}
    )
    assert "<code>WINDOW_START</code> = 2024-11-05 (committed run: none)" in banner
    assert "AS_OF" not in banner  # unchanged: not listed
    root = tmp_path / "repo"
    site = root / "build" / "site"
    site.mkdir(parents=True)
    for name in ["index", "article-tech-rotation-2026", "05_rotation_monitor"]:
        (site / f"{name}.html").write_text("x")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Adapted")])
    nbformat.write(nb, tmp_path / "01_breadth.ipynb")
    page = rt.site.to_html(tmp_path / "01_breadth.ipynb", tmp_path / "out", banner=banner)
    monkeypatch.setattr(rt.config, "repo_root", lambda: root)
    rt.adapt.retarget_links(page)
    text = page.read_text()
    assert "Adapted run" in text and "WINDOW_START" in text
    assert "href='../repo/build/site/index.html'" in text  # the report link leads to the committed site
    assert "href='../repo/build/site/05_rotation_monitor.html'" in text
    assert "href='index.html'" not in text


# ---------------------------------------------------------------------------- tables and figures
def test_tables_show_every_cell_whole_and_no_nan():
    rt.plots.table_display()
    df = pd.DataFrame(
        {
            "x": [1.5, np.nan],
            "s": [None, "a long text " * 10],
            "n": pd.array([1, None], dtype="Int64"),
            "t": [pd.NaT, pd.Timestamp("2026-01-30")],
            **{f"c{i}": [i, i] for i in range(30)},
        },
        index=pd.Index(["a", None]),
    )
    for text in (rt.plots.table_html(df), rt.plots.table_text(df)):
        assert not re.search(r"\bNaN\b|\bNaT\b|\bNone\b|<NA>|&lt;NA&gt;|\.\.\.", text)
        assert "c29" in text and ("a long text " * 10).strip() in text
    assert "nan" not in rt.text.table(df).data.lower().replace("nanos", "")


def test_a_legend_goes_where_no_line_is():
    fig, ax = plt.subplots()
    x = np.arange(50.0)
    ax.plot(x, 100 - x, label="falling")  # occupies the upper left and the lower right
    ax.plot(x, np.full(50, 100.0), label="flat")  # and the top edge
    leg = rt.plots.place_legend(ax)
    assert leg._loc in (3, 4) or leg.get_bbox_to_anchor() is not None
    renderer = fig.canvas.get_renderer()
    box = leg.get_window_extent(renderer).transformed(ax.transAxes.inverted())
    pts = rt.plots._drawn_points(ax)
    assert not (
        (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)
    ).any()
    plt.close(fig)


def test_a_legend_with_every_corner_taken_goes_outside():
    fig, ax = plt.subplots()
    x = np.linspace(0, 1, 200)
    for k in range(4):
        ax.plot(x, (k % 2) + (-1) ** k * x * 0 + np.sin(40 * x) * 0.5 + k * 0.0, label=str(k))
    ax.fill_between(x, -1, 2, alpha=0.1)
    leg = rt.plots.place_legend(ax)
    box = leg.get_window_extent(fig.canvas.get_renderer()).transformed(ax.transAxes.inverted())
    assert box.x0 >= 1.0
    plt.close(fig)


def test_heatmap_numbers_are_legible_on_the_page():
    rt.plots.set_theme()
    grid = pd.DataFrame(
        np.linspace(1.1, 9.3, 16 * 11).reshape(16, 11),  # spreads in pp, as the breadth notebook's
        index=pd.bdate_range("2025-10-24", periods=16),
        columns=pd.bdate_range("2026-01-23", periods=11),
    )
    fig, axes = plt.subplots(1, 2, figsize=(16.3, 7.4), sharey=True)  # two panels, wider than the page
    for ax in axes:
        rt.plots.heatmap(grid, "t", "s", ax=ax)
    assert fig.get_figwidth() <= rt.plots.PAGE_WIDTH_IN
    sizes = [t.get_fontsize() for t in axes[0].texts]
    assert sizes and min(sizes) >= 8.0  # about 11 px on the page, not 7
    plt.close(fig)


# ---------------------------------------------------------------------------- the monitor panel
def test_a_monitor_without_published_calls_is_said_and_never_recomputed(tmp_path, monkeypatch):
    def no_market_data(*args, **kwargs):
        raise AssertionError("the site computed the monitor's calls from market data")

    monkeypatch.setattr(rt.monitor, "calls", no_market_data)
    nb = tmp_path / "05_rotation_monitor.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), nb)
    calls, panel = rt.site._monitor_html([nb])
    assert calls is None
    assert "The monitor has published no result" in panel and "make run" in panel


def test_a_published_monitor_result_is_read_as_published():
    mon = next(p for p in rt.notebooks.collection() if p.stem.endswith("_monitor"))
    calls, panel = rt.site._monitor_html([mon])
    assert calls is not None and calls.equals(rt.monitor.published(mon))
    assert rt.monitor.summary(calls).split(":")[0] in panel
