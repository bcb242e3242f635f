"""The rendered report: every notebook has a page, internal links resolve, figures are embedded."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import rotation as rt

pytestmark = pytest.mark.slow  # builds the HTML site with nbconvert (end to end)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.imgs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("name"):
            self.ids.add(a["name"])
        if tag == "img" and a.get("src"):
            self.imgs.append(a["src"])


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text())
    return p


def test_every_notebook_has_a_page_listed_in_the_index(site):
    names = [p.stem for p in rt.notebooks.collection()]
    assert names, "no notebooks"
    index = _parse(site / "index.html")
    for name in names:
        assert (site / f"{name}.html").is_file()
        assert f"{name}.html" in index.hrefs


def test_every_internal_link_resolves_to_a_page_and_anchor(site):
    for page in site.glob("*.html"):
        for href in _parse(page).hrefs:
            if re.match(r"^(https?:|mailto:)", href) or href.startswith("#") and len(href) == 1:
                continue
            target, _, anchor = href.partition("#")
            assert not target.endswith(".ipynb"), f"{page.name}: link to a notebook file {href}"
            dest = site / target if target else page
            assert dest.is_file(), f"{page.name}: broken link {href}"
            if anchor:
                assert anchor in _parse(dest).ids, (
                    f"{page.name}: link {href} has no anchor {anchor!r} in {dest.name}"
                )


def test_figures_are_embedded_not_linked(site):
    for name in [p.stem for p in rt.notebooks.collection()]:
        imgs = _parse(site / f"{name}.html").imgs
        assert imgs, f"{name}: no figure"
        assert all(
            src.startswith(("data:image/png;base64,", "data:image/svg+xml;base64,")) for src in imgs
        ), f"{name}: figure not embedded"


def test_pages_load_no_script_and_no_remote_resource(site):
    for page in site.glob("*.html"):
        text = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page.read_text(), flags=re.S)
        assert "<script" not in text, f"{page.name} loads a script"
        assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(js|css)', text), (
            f"{page.name} loads a remote resource"
        )


def test_formulas_are_rendered_at_build_time(site):
    for name in ("03_sector_flows", "04_contrarian_consensus"):
        text = (site / f"{name}.html").read_text()
        assert 'class="rt-math"' in text, f"{name}: no rendered formula"
        assert "\\mathrm" not in re.sub(r'alt="[^"]*"', "", text) and "\\frac" not in re.sub(
            r'alt="[^"]*"', "", text
        )


def test_prose_cells_show_no_code_and_analysis_code_is_folded(site):
    text = (site / "01_breadth.html").read_text()
    assert "rt.text.md(" not in text  # inputs of prose-rendering cells are removed by their tag
    assert "<summary>show code</summary>" in text


def test_render_math_leaves_code_and_escaped_dollars_alone():
    out = rt.site.render_math("cost \\$5 and `$x$` and $a_t$")
    assert out.startswith('cost \\$5 and `$x$` and <img class="rt-math"')


def test_article_page_answers_first_and_cites_the_article(site):
    first = rt.articles.articles().index[0]
    text = (site / rt.site.article_page_name(first)).read_text()
    assert (
        text.index("The answer")
        < text.index("Every claim")
        < text.index("Where are we now")
        < text.index("The notebooks")
    )
    assert rt.articles.article(first)["url"] in text
    assert 'class="call-' in text, "no monitor call on the page of the article with a monitor"


def test_front_page_gives_each_articles_answer_before_the_notebooks(site):
    text = (site / "index.html").read_text()
    arts = rt.articles.articles()
    assert len(arts) >= 2
    for aid in arts.index:
        page = rt.site.article_page_name(str(aid))
        assert (site / page).is_file() and f"href='{page}'" in text
        n = len(rt.registry.claim_ids(str(aid)))
        assert f"{n} claims:" in text
        assert text.index(page) < text.index("All notebooks")
    # an article without a monitor is not told about one
    other = [str(i) for i in arts.index if not any("monitor" in str(x) for x in [arts.loc[i, "notebooks"]])]
    assert other and "rotation monitor" not in (site / rt.site.article_page_name(other[0])).read_text()


def test_claimreview_is_embedded_and_published_per_article(site):
    import json

    for aid in rt.articles.articles().index:
        doc = json.loads((site / "claimreview" / f"{aid}.json").read_text())
        assert [d["url"].split("#")[1] for d in doc] == rt.registry.claim_ids(str(aid))
        assert all(not rt.claimreview.missing_fields(d) for d in doc)
        page = (site / rt.site.article_page_name(str(aid))).read_text()
        m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
        assert m and json.loads(m.group(1).replace("<\\/", "</")) == doc


def test_pages_show_no_machine_paths(site):
    for page in site.glob("*.html"):
        assert not re.search(r"/(work|home|root|Users)/", page.read_text()), (
            f"{page.name} shows a machine path"
        )
