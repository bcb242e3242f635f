"""The HTML report in ``build/site``: one page per executed notebook and an answer-first landing page.

Pages work offline and load no script at all:

- formulas (``$...$``, ``$$...$$`` in Markdown cells) are rendered at build time to SVG with
  matplotlib's mathtext, so neither MathJax nor a network is needed, and a dollar sign that is not
  a formula can never be typeset as one;
- nbconvert's lab template is used without its require.js, MathJax and mermaid scripts;
- cells tagged ``hide-input`` / ``remove-input`` show only their output (the prose they render),
  ``remove-cell`` drops a cell; analysis code is folded under "show code".

The landing page (``index.html``) answers first: a five-sentence synthesis computed from
``results/*.json``, the verdict table, the rotation monitor's latest calls ("where are we now"),
then the notebooks and the sources.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

if TYPE_CHECKING:
    import pandas as pd

HIDE_INPUT_TAGS = ("hide-input", "remove-input")
REMOVE_CELL_TAGS = ("remove-cell",)

_LINK = re.compile(r'href="((?:\./)?[0-9]{2}_[A-Za-z0-9_-]+)\.ipynb(#[^"]*)?"')

_CSS = """
body.jp-Notebook { max-width: 62rem; margin: 0 auto; }
details.rt-code > summary { cursor: pointer; color: #555; font-size: 0.85em; padding: 0.1rem 0.5rem; }
details.rt-code[open] > summary { color: #222; }
.rt-menu a { color: #0550ae; }
.rt-menu span[aria-current] { font-weight: 600; }
.rt-menu { font: 0.9rem system-ui, sans-serif; padding: 0.4rem 0.8rem; border-bottom: 1px solid #ddd;
  display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
.rt-banner { font: 0.9rem system-ui, sans-serif; background: #fff4ce; border-left: 4px solid #e69f00;
  padding: 0.5rem 0.8rem; margin: 0.4rem 0; }
.rt-banner ul { margin: 0.2rem 0 0 1.2rem; padding: 0; }
img.rt-math { vertical-align: middle; }
div.rt-math-display { text-align: center; margin: 0.6em 0; }
"""

_TEMPLATE = (
    """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">"""
    + _CSS
    + """</style>{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<!--rt-menu-->
{%- endblock body_header -%}
{% block input_group -%}
<details class="rt-code"><summary>show code</summary>
{{ super() }}
</details>
{%- endblock input_group %}
"""
)


# --------------------------------------------------------------------------------------------
# formulas
# --------------------------------------------------------------------------------------------
#: TeX commands mathtext spells otherwise
_TEX_ALIASES = {r"\le ": r"\leq ", r"\ge ": r"\geq ", r"\le}": r"\leq}", r"\ge}": r"\geq}"}
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=[^\s\\])\$(?![\w$])")


def formula_svg(tex: str, *, fontsize: float = 12) -> tuple[str, float]:
    """Render TeX (without dollars) to an SVG document with matplotlib mathtext; returns the SVG
    text and its depth below the baseline (px)."""
    import matplotlib
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    t = tex.strip()
    for a, b in _TEX_ALIASES.items():
        t = t.replace(a, b)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "rotation", "svg.fonttype": "path"}):
        depth = mathtext.math_to_image(
            f"${t}$", buf, prop=FontProperties(size=fontsize), format="svg", dpi=96
        )
    return buf.getvalue().decode(), float(depth or 0.0)


def _img(tex: str, display: bool) -> str:
    svg, depth = formula_svg(tex, fontsize=14 if display else 12)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    alt = (
        html.escape("formula: " + " ".join(tex.split()), quote=True)
        .replace("\\", "&#92;")
        .replace("_", "&#95;")
    )
    style = "" if display else f' style="vertical-align:-{depth:.1f}px"'
    img = f'<img class="rt-math" alt="{alt}" src="{src}"{style}>'
    return f'\n\n<div class="rt-math-display">{img}</div>\n\n' if display else img


def render_math(markdown: str) -> str:
    """Replace every ``$$...$$`` and ``$...$`` formula outside code by an inline SVG image.
    An escaped ``\\$`` is left alone (it stays a literal dollar sign)."""
    parts = _CODE.split(markdown)
    for i in range(0, len(parts), 2):  # even parts are prose, odd parts code
        s = _DISPLAY.sub(lambda m: _img(m.group(1), True), parts[i])
        parts[i] = _INLINE.sub(lambda m: _img(m.group(1), False), s)
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# notebook pages
# --------------------------------------------------------------------------------------------
def prepare(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` as the page shows it: formulas rendered, tagged inputs and cells removed."""
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & set(REMOVE_CELL_TAGS):
            continue
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell.source = render_math(cell.source)
        if cell.cell_type == "code":  # machine-readable outputs for other tools, not for readers
            cell.outputs = [
                o
                for o in cell.outputs
                if not (
                    set(o.get("data", {})) and all(k.startswith("application/vnd.rotation.") for k in o.data)
                )
            ]
        cells.append(cell)
    nb.cells = cells
    return nb


@functools.lru_cache(maxsize=1)
def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"rotation.html.j2": _TEMPLATE})],
        template_file="rotation.html.j2",
    )
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    tags = TagRemovePreprocessor(
        remove_input_tags=set(HIDE_INPUT_TAGS), remove_cell_tags=set(REMOVE_CELL_TAGS)
    )
    exporter.register_preprocessor(tags, enabled=True)
    return exporter


def short_title(title_text: str) -> str:
    """An article's title as a menu shows it: up to its first " (", ". ", "? " or ":"."""
    return re.split(r" \(|[.?:](?:\s|$)", str(title_text), maxsplit=1)[0].strip()


def menu(paths: list[Path] | None = None, current: str = "") -> str:
    """The menu every page opens with: the report (front page), each article's page, the
    rotation monitor and the list of notebooks. ``paths``: the site's notebooks (default: the
    collection); ``current``: the page's own file name, marked and not linked."""
    from .. import config
    from ..verdicts import articles

    paths = config.notebooks() if paths is None else paths
    items = [("index.html", "&larr; Report: every article")]
    items += [
        (article_page_name(str(aid)), html.escape(short_title(a["title"])))
        for aid, a in articles.articles().iterrows()
    ]
    items += [
        (f"{p.stem}.html", "Is the rotation still on? (monitor)")
        for p in paths
        if p.stem.endswith("_monitor")
    ]
    items += [("index.html#notebooks", "All notebooks")]
    links = [
        f"<span aria-current='page'>{text}</span>" if href == current else f"<a href='{href}'>{text}</a>"
        for href, text in items
    ]
    return f"<nav class='rt-menu' aria-label='site'>{''.join(links)}</nav>"


def to_html(path: Path, outdir: Path, *, nav: str | None = None, banner: str = "") -> Path:
    """Render one executed notebook to ``outdir/<name>.html`` (links to sibling notebooks
    rewritten to their pages; no script; see the module docstring), opening with ``nav`` (default
    :func:`menu`) and ``banner`` (HTML, e.g. an adapted run's parameters)."""
    body, _ = _exporter().from_notebook_node(prepare(nbformat.read(path, as_version=4)))
    body = _LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
    nav = menu(current=f"{path.stem}.html") if nav is None else nav
    body = body.replace("<!--rt-menu-->", nav + banner, 1)
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / f"{path.stem}.html"
    out.write_text(body)
    return out


def title(path: Path) -> str:
    """The notebook's first level-1 heading (else its file name)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


# --------------------------------------------------------------------------------------------
# landing page
# --------------------------------------------------------------------------------------------
_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:64rem;margin:1.5rem auto;
 padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.cite{color:#444;font-size:.92rem}
.answer{background:#f6f8fa;border-left:4px solid #0173b2;padding:.6rem 1rem}
.answer p{margin:.35rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.35rem .4rem;text-align:left;vertical-align:top}
th{background:#fafafa}
.v{font-weight:600;white-space:nowrap;padding:.05rem .4rem;border-radius:.25rem;color:#fff}
.v-supported{background:#4477aa}.v-partly{background:#ccbb44;color:#000}.v-not{background:#ee6677;color:#000}
.v-undecidable{background:#bbbbbb;color:#000}
.call-on{color:#0173b2;font-weight:600}.call-paused{color:#8a5a00;font-weight:600}
.call-reversed{color:#cc3311;font-weight:600}
details summary{cursor:pointer;color:#555;font-size:.85rem}
.muted{color:#666;font-size:.85rem}
.rt-menu{display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.9rem;padding:.3rem 0 .5rem;
 border-bottom:1px solid #ddd}
.rt-menu span[aria-current]{font-weight:600}
@media (max-width:40rem){
 h1{font-size:1.3rem} .answer{padding:.4rem .7rem}
 table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}
 table.cards tr:first-child{display:none}
 table.cards tr{border:1px solid #ddd;border-radius:.4rem;margin:.6rem 0;padding:.3rem .5rem}
 table.cards td{border:0;padding:.15rem 0;overflow-wrap:anywhere}
 table.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#444}
}
"""


def _badge(verdict: str) -> str:
    cls = {"supported": "supported", "partly supported": "partly", "not supported": "not"}.get(
        verdict, "undecidable"
    )
    return f'<span class="v v-{cls}">{html.escape(verdict)}</span>'


def _page_link(notebook: str, anchor: str = "") -> str:
    name = notebook.split("/")[-1].removesuffix(".ipynb")
    return f"{name}.html" + (f"#{anchor}" if anchor else "")


def _td(label: str, content: str, cls: str = "") -> str:
    """A table cell that names its column, so that a narrow screen shows each row as a card."""
    c = f' class="{cls}"' if cls else ""
    return f'<td data-label="{html.escape(label)}"{c}>{content}</td>'


def _verdict_rows(card) -> str:
    from .. import text
    from ..verdicts import scorecard

    tab = scorecard.table(card, markdown=False)
    rows = []
    for cid, r in tab.iterrows():
        detail = text.no_dollars(str(card.loc[cid, "reason"]))
        esc = {
            k: html.escape(text.no_dollars(str(r[k])))
            for k in ("claim", "finding", "stated", "measured", "proxy")
        }
        rows.append(
            "<tr>"
            + _td("id", f'<a href="{_page_link(card.loc[cid, "notebook"], cid)}">{cid}</a>')
            + _td("claim", esc["claim"])
            + _td("verdict", _badge(r["verdict"]))
            + _td(
                "what we found",
                f"{esc['finding']}<details><summary>detail</summary>{html.escape(detail)}</details>",
            )
            + _td("stated", esc["stated"])
            + _td("measured", esc["measured"])
            + _td("proxy", esc["proxy"])
            + _td("robustness", html.escape(r["robustness"]))
            + "</tr>"
        )
    head = (
        "<tr><th>id</th><th>claim</th><th>verdict</th><th>what we found</th><th>stated</th>"
        "<th>measured</th><th>proxy (not the claim's scope)</th><th>robustness</th></tr>"
    )
    return f"<table class='cards'>{head}{''.join(rows)}</table>"


def _leg_rows(legs) -> str:
    rows = "".join(
        "<tr>"
        + _td("leg", html.escape(r["label"]))
        + _td("role", r["role"])
        + _td("call", html.escape(r["call"]), f"call-{r['call'].split()[0]}")
        + _td("decided by", html.escape(r["reason"]), "muted")
        + "</tr>"
        for _, r in legs.iterrows()
    )
    head = "<tr><th>leg</th><th>role</th><th>call</th><th>decided by</th></tr>"
    return f"<table class='cards'>{head}{rows}</table>"


def _number(x, spec: str) -> str:
    """A number formatted by ``spec``; "—" when missing (never "nan")."""
    import math

    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def _monitor_rows(calls) -> str:
    rows = []
    for _, r in calls.iterrows():
        rows.append(
            "<tr>"
            f"<td>{html.escape(r['label'])}</td>"
            f"<td>{html.escape(r['value_text'])}</td>"
            f"<td>{_number(r['percentile'], '.0f')}</td>"
            f'<td class="call-{r["call"]}">{r["call"]}</td>'
            f"<td>{r['as_of']}</td>"
            f'<td class="muted">{html.escape(r["rule"])}</td>'
            "</tr>"
        )
    head = (
        "<tr><th>indicator</th><th>latest</th><th>percentile in history</th><th>call</th><th>as of</th>"
        "<th>rule (data/monitor_rules.csv)</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def article_page_name(article_id: str) -> str:
    """The file name of an article's page: ``article-<id>.html``."""
    return f"article-{article_id}.html"


def article_notebooks(article_id: str, pages: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """The notebooks of an article: those deciding its claims (the registry's ``notebook``
    column) and those its row of ``data/articles.csv`` lists in ``notebooks`` (scorecard, monitor)."""
    from ..verdicts import articles, registry

    reg = registry.registry()
    names = {str(nb).rsplit("/", 1)[-1] for nb in reg.loc[reg["article"] == article_id, "notebook"]}
    extra = str(articles.article(article_id).get("notebooks", "") or "")
    names |= {x.strip().rsplit("/", 1)[-1] for x in extra.split(";") if x.strip()}
    return sorted(((p, pg) for p, pg in pages if p.name in names), key=lambda pp: pp[0].name)


def _cite(a, *, with_title: bool = True) -> str:
    who = f"{a['outlet']}" + (
        f", by {a['author']}" if a["author"] and not a["author"].startswith("not recorded") else ""
    )
    return (
        "<p class='cite'>"
        + (f"<em>{html.escape(a['title'])}</em>, " if with_title else "")
        + f"{html.escape(who)}; published "
        f"{html.escape(a['published'])}, its figures as of {html.escape(a['data_as_of'])}. "
        f"<a href='{html.escape(a['url'])}'>The article</a>.</p>"
    )


def _answer(g: Gathered) -> str:
    from .. import text
    from ..verdicts import scorecard

    said = scorecard.synthesis(g.card, g.calls, monitor=g.has_monitor)
    said.append(g.amendments)
    return "".join(f"<p>{html.escape(text.no_dollars(s))}</p>" for s in said)


def _monitor_html(mon: list[Path]) -> tuple[pd.DataFrame | None, str]:
    """The monitor's calls as its executed notebook published them, and the panel showing them.
    The site reads results only: with no published calls the panel says so (and how to publish
    them) instead of computing calls from market data."""
    from ..analysis import monitor

    try:
        calls = monitor.published(mon[0]) if mon else None
    except Exception as exc:  # the report still shows the verdicts; the reason is shown, not hidden
        return None, f"<p>The monitor's result could not be read: {html.escape(str(exc))}</p>"
    if calls is None or calls.empty:
        where = html.escape(mon[0].as_posix()) if mon else "the monitor notebook"
        return None, (
            f"<p>The monitor has published no result: {where} holds no calls. Run it "
            "(<code>make run</code>) to publish where the thesis stands; this page computes none itself.</p>"
        )
    return calls, (
        f"<p>{html.escape(monitor.summary(calls))}</p>{_leg_rows(monitor.legs(calls))}"
        f"<details><summary>every indicator</summary>{_monitor_rows(calls)}</details>"
        f'<p class="muted">History, charts and method: <a href="{mon[0].stem}.html">'
        "the rotation monitor</a>. <code>make update</code> refreshes the data and this panel.</p>"
    )


@dataclass(frozen=True)
class Gathered:
    """What an article's pages (its own and the front page's block) show, gathered once per build:
    its row of ``data/articles.csv``, the scorecard of its claims, its notebooks, the monitor's calls
    (if it has a monitor), its ClaimReview entries and the amendments sentence."""

    id: str
    row: pd.Series
    card: pd.DataFrame
    notebooks: list[tuple[Path, Path]]
    calls: pd.DataFrame | None
    monitor_html: str
    reviews: list | None
    reviews_error: str
    amendments: str

    @property
    def has_monitor(self) -> bool:
        return any(p.stem.endswith("_monitor") for p, _ in self.notebooks)


def gather_article(article_id: str, pages: list[tuple[Path, Path]]) -> Gathered:
    """Read an article's results, monitor and amendments once (see :class:`Gathered`)."""
    from ..verdicts import articles, claimreview, scorecard

    mine = article_notebooks(article_id, pages)
    mon = [p for p, _ in mine if p.stem.endswith("_monitor")]
    calls, monitor_html = _monitor_html(mon) if mon else (None, "")
    try:
        reviews, error = claimreview.reviews(article_id), ""
    except Exception as exc:  # a missing result: the page says so instead of embedding a partial review
        reviews, error = None, str(exc)
    return Gathered(
        id=article_id,
        row=articles.article(article_id),
        card=scorecard.gather(strict=False, article=article_id),
        notebooks=mine,
        calls=calls,
        monitor_html=monitor_html,
        reviews=reviews,
        reviews_error=error,
        amendments=scorecard.amendments_text(scorecard.amendments(article_id)),
    )


def _page(title_text: str, body: str, nav: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title_text)}</title><style>{_PAGE_CSS}</style></head><body>{nav}{body}"
        "<h2 id='sources'>Sources</h2><p class='muted'>Claims: <code>data/claims.csv</code> and "
        "<code>data/claim_figures.csv</code>; articles: <code>data/articles.csv</code>. Market data: a "
        "frozen snapshot of public data (Yahoo Finance adjusted prices via yfinance, issuer ETF flow and "
        "share files, S&amp;P Dow Jones Indices EPS workbooks, Barchart breadth series, strategists' "
        "published notes), each file pinned to a public source with its sha256; see the README. "
        "Every number on this page is computed from them.</p></body></html>\n"
    )


def landing_page(
    pages: list[tuple[Path, Path]], article_id: str | None = None, gathered: Gathered | None = None
) -> str:
    """One article's page (``article_id``; the first article of ``data/articles.csv`` by default):
    the answer in words, every claim with its verdict, where the thesis stands now if the article
    has a monitor, its notebooks; the verdicts embedded as schema.org ClaimReview JSON-LD.
    ``gathered``: the article's results as :func:`gather_article` read them (read here if not given)."""
    from ..verdicts import articles, claimreview

    article_id = article_id or str(articles.articles().index[0])
    g = gathered or gather_article(article_id, pages)
    a, card = g.row, g.card
    stale = card.index[card.get("stale", False) == True].tolist() if "stale" in card else []  # noqa: E712
    warn = (
        f"<p><strong>Stale results</strong> ({', '.join(stale)}): their notebooks changed since; rerun "
        "<code>make run</code>.</p>"
        if stale
        else ""
    )
    items = "\n".join(f'<li><a href="{pg.name}">{html.escape(title(p))}</a></li>' for p, pg in g.notebooks)
    ld = (
        claimreview.script_tag(g.reviews)
        if g.reviews is not None
        else f"<p class='muted'>ClaimReview not embedded: {html.escape(g.reviews_error)}</p>"
    )
    now = (
        f"<h2 id='now'>Where are we now: does the thesis still hold?</h2>{g.monitor_html}"
        if g.has_monitor
        else ""
    )
    body = (
        f"<h1>{html.escape(a['title'])}: its claims tested against market data</h1>{_cite(a)}"
        f"<h2 id='answer'>The answer</h2>{warn}<div class='answer'>{_answer(g)}</div>"
        f"<h2 id='verdicts'>Every claim</h2>"
        "<p class='muted'>Verdicts follow the rules and tolerances of <code>data/claims.csv</code>, each stated "
        "figure read at the precision it was stated with. Each id links to the notebook section that decides "
        "it; “detail” unfolds the computed reason. Machine-readable: "
        f"<a href='claimreview/{article_id}.json'>ClaimReview JSON-LD</a>.</p>"
        f"{_verdict_rows(card)}{now}"
        f"<h2 id='notebooks'>The notebooks</h2><ol>{items}</ol>{ld}"
    )
    nav = menu([p for p, _ in pages], current=article_page_name(article_id))
    return _page(f"{a['title']}: what held up", body, nav)


def index_page(pages: list[tuple[Path, Path]], gathered: list[Gathered] | None = None) -> str:
    """The front page: every article tested, each with its answer in words (the monitor's thesis
    call by leg included where the article has a monitor) and a link to its page."""
    from ..verdicts import articles

    gathered = gathered or [gather_article(str(aid), pages) for aid in articles.articles().index]
    blocks = []
    for g in gathered:
        aid, a = html.escape(g.id), g.row
        counts = g.card["verdict"].fillna("no result").value_counts()
        tally = ", ".join(f"{n} {v}" for v, n in counts.items())
        blocks.append(
            f"<h2 id='{aid}'><a href='{article_page_name(g.id)}'>{html.escape(a['title'])}</a></h2>"
            f"{_cite(a, with_title=False)}<div class='answer'>{_answer(g)}</div>"
            f"<p class='muted'>{len(g.card)} claims: {html.escape(tally)}. "
            f"<a href='{article_page_name(g.id)}'>Every claim, and the notebooks</a>.</p>"
        )
    items = "\n".join(f'<li><a href="{pg.name}">{html.escape(title(p))}</a></li>' for p, pg in sorted(pages))
    body = (
        "<h1>Market commentary, tested against market data</h1>"
        "<p class='muted'>Each article's claims are rows of a registry; each verdict is computed from a frozen "
        "snapshot of market data by a declared rule and can be replayed from its recorded inputs.</p>"
        f"<div id='answer'>{''.join(blocks)}</div>"
        f"<h2 id='notebooks'>All notebooks</h2><ol>{items}</ol>"
    )
    return _page("Market commentary, tested", body, menu([p for p, _ in pages], current="index.html"))


def build_site(paths: list[Path], outdir: Path, reuse: frozenset[Path] | set[Path] = frozenset()) -> Path:
    """An HTML page per notebook, a page per article (``article-<id>.html``) with its ClaimReview
    file (``claimreview/<id>.json``), and the front page ``index.html``; returns its path. The page
    of a notebook in ``reuse`` is kept when it exists (the execution cache knows it is current).
    Each article's results are gathered once (:func:`gather_article`) for its page and the front page."""
    from .. import io as rio
    from ..verdicts import articles, claimreview

    outdir.mkdir(parents=True, exist_ok=True)
    pages = [
        (p, outdir / f"{p.stem}.html")
        if p in reuse and (outdir / f"{p.stem}.html").is_file()
        else (p, to_html(p, outdir, nav=menu(paths, current=f"{p.stem}.html")))
        for p in paths
    ]
    gathered = [gather_article(str(aid), pages) for aid in articles.articles().index]
    (outdir / "claimreview").mkdir(exist_ok=True)
    for g in gathered:
        rio.write_text(outdir / article_page_name(g.id), landing_page(pages, g.id, g))
        if g.reviews is None:  # results missing or stale: said here and on the page
            print(f"note: no ClaimReview file for article {g.id}: {g.reviews_error}", file=sys.stderr)
        else:
            rio.write_text(outdir / "claimreview" / f"{g.id}.json", claimreview.jsonld(g.id, g.reviews))
    index = outdir / "index.html"
    rio.write_text(index, index_page(pages, gathered))
    return index
