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
from pathlib import Path

import nbformat

HIDE_INPUT_TAGS = ("hide-input", "remove-input")
REMOVE_CELL_TAGS = ("remove-cell",)

#: The article under test, as far as the repository's records identify it
#: (``data/published_flow_figures.csv``, rows PF01-PF02: a reproduction of the article).
ARTICLE = {
    "what": 'a market-commentary article on the US equity "rotation out of tech"',
    "date": "published in the first days of February 2026 (its data run to about Friday 2026-01-30)",
    "outlet": (
        "its original title and outlet are not recorded; the article is known from a reproduction on "
        "Tiger Trade news (ttm.financial, news item 1106526321), cited in data/published_flow_figures.csv "
        "(PF01, PF02)"
    ),
    "url": "https://ttm.financial/m/news/1106526321",
}

_LINK = re.compile(r'href="((?:\./)?[0-9]{2}_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')

_CSS = """
body.jp-Notebook { max-width: 62rem; margin: 0 auto; }
details.rt-code > summary { cursor: pointer; color: #555; font-size: 0.85em; padding: 0.1rem 0.5rem; }
details.rt-code[open] > summary { color: #222; }
.rt-topbar { font: 0.9rem sans-serif; padding: 0.4rem 0.8rem; border-bottom: 1px solid #ddd; }
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
<div class="rt-topbar"><a href="index.html">&larr; Report: what held up and where we are now</a></div>
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


def to_html(path: Path, outdir: Path) -> Path:
    """Render one executed notebook to ``outdir/<name>.html`` (links to sibling notebooks
    rewritten to their pages; no script; see the module docstring)."""
    body, _ = _exporter().from_notebook_node(prepare(nbformat.read(path, as_version=4)))
    body = _LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
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
"""


def _badge(verdict: str) -> str:
    cls = {"supported": "supported", "partly supported": "partly", "not supported": "not"}.get(
        verdict, "undecidable"
    )
    return f'<span class="v v-{cls}">{html.escape(verdict)}</span>'


def _page_link(notebook: str, anchor: str = "") -> str:
    name = notebook.split("/")[-1].removesuffix(".ipynb")
    return f"{name}.html" + (f"#{anchor}" if anchor else "")


def _verdict_rows(card) -> str:
    from . import scorecard, text

    tab = scorecard.table(card, markdown=False)
    rows = []
    for cid, r in tab.iterrows():
        detail = text.no_dollars(str(card.loc[cid, "reason"]))
        rows.append(
            "<tr>"
            f'<td><a href="{_page_link(card.loc[cid, "notebook"], cid)}">{cid}</a></td>'
            f"<td>{html.escape(text.no_dollars(r['claim']))}</td>"
            f"<td>{_badge(r['verdict'])}</td>"
            f"<td>{html.escape(text.no_dollars(r['finding']))}"
            f"<details><summary>detail</summary>{html.escape(detail)}</details></td>"
            f"<td>{html.escape(text.no_dollars(r['stated']))}</td>"
            f"<td>{html.escape(text.no_dollars(r['measured']))}</td>"
            f"<td>{html.escape(text.no_dollars(r['proxy']))}</td>"
            f"<td>{html.escape(r['robustness'])}</td>"
            "</tr>"
        )
    head = (
        "<tr><th>id</th><th>claim</th><th>verdict</th><th>what we found</th><th>stated</th>"
        "<th>measured</th><th>proxy (not the claim's scope)</th><th>robustness</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _monitor_rows(calls) -> str:
    rows = []
    for _, r in calls.iterrows():
        rows.append(
            "<tr>"
            f"<td>{html.escape(r['label'])}</td>"
            f"<td>{html.escape(r['value_text'])}</td>"
            f"<td>{r['percentile']:.0f}</td>"
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


def landing_page(pages: list[tuple[Path, Path]]) -> str:
    """The report's front page as HTML (see the module docstring)."""
    from . import monitor, scorecard, text

    card = scorecard.gather(strict=False)
    mon = [p for p, _ in pages if p.stem == "05_rotation_monitor"]
    try:
        calls = monitor.published(mon[0]) if mon else None
        calls = monitor.calls() if calls is None else calls
        monitor_html = (
            f"<p>{html.escape(monitor.summary(calls))}</p>{_monitor_rows(calls)}"
            '<p class="muted">History, charts and method: <a href="05_rotation_monitor.html">'
            "the rotation monitor</a>. <code>make update</code> refreshes the data and this panel.</p>"
        )
    except Exception as exc:  # the report still shows the verdicts; the reason is shown, not hidden
        calls = None
        monitor_html = f"<p>The monitor could not be computed: {html.escape(str(exc))}</p>"
    sentences = scorecard.synthesis(card, calls)
    stale = card.index[card.get("stale", False) == True].tolist() if "stale" in card else []  # noqa: E712
    warn = (
        (
            f"<p><strong>Stale results</strong> ({', '.join(stale)}): their notebooks changed since; rerun "
            "<code>make run</code>.</p>"
        )
        if stale
        else ""
    )
    order = sorted(pages, key=lambda pp: pp[0].name)
    items = "\n".join(f'<li><a href="{pg.name}">{html.escape(title(p))}</a></li>' for p, pg in order)
    a = ARTICLE
    answer = "".join(f"<p>{html.escape(text.no_dollars(s))}</p>" for s in sentences)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Rotation out of tech: what held up</title><style>{_PAGE_CSS}</style></head><body>"
        "<h1>The February-2026 “rotation out of tech” article, tested against market data</h1>"
        f"<p class='cite'>The article: {html.escape(a['what'])}, {html.escape(a['date'])}; "
        f"{html.escape(a['outlet'])}. Its claims, as tested here, are listed in "
        "<code>data/claims.csv</code>.</p>"
        f"<h2 id='answer'>The answer</h2>{warn}<div class='answer'>{answer}</div>"
        f"<h2 id='verdicts'>Every claim</h2>"
        "<p class='muted'>Verdicts follow tolerances declared in <code>data/claims.csv</code> before any "
        "comparison. Each id links to the notebook section that decides it; “detail” unfolds the computed "
        "reason.</p>"
        f"{_verdict_rows(card)}"
        f"<h2 id='now'>Where are we now: is the rotation still on?</h2>{monitor_html}"
        f"<h2 id='notebooks'>The notebooks</h2><ol>{items}</ol>"
        "<h2 id='sources'>Sources</h2><p class='muted'>Claims: <code>data/claims.csv</code>. Market data: a "
        "frozen snapshot of public data (Yahoo Finance adjusted prices via yfinance, issuer ETF flow and "
        "share files, S&amp;P Dow Jones Indices EPS workbooks, Barchart breadth series, strategists' "
        "published notes), each file pinned to a public source with its sha256; see the README. "
        "Every number on this page is computed from them.</p>"
        "</body></html>\n"
    )


def build_site(paths: list[Path], outdir: Path) -> Path:
    """An HTML page per notebook plus the landing page ``index.html``; returns its path."""
    outdir.mkdir(parents=True, exist_ok=True)
    pages = [(p, to_html(p, outdir)) for p in paths]
    index = outdir / "index.html"
    tmp = index.with_suffix(".tmp")
    tmp.write_text(landing_page(pages))
    tmp.replace(index)
    return index
