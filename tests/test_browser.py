"""The report in a real browser, offline: headless Chromium renders every page of build/site with
all network names unresolvable and a harness page inspects each rendered document.

Asserts, per page: no raw math text (``$`` or ``\\(`` / ``\\[`` outside code), no math typeset by a
script (no MathJax elements), every image loaded and visible, every internal link resolving to a
page and anchor of the rendered site. Skipped, with the reason, where Chromium is not installed
(``.ci/run`` installs Debian's ``chromium`` when it can)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

import rotation as rt

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None
)
pytestmark = [
    pytest.mark.slow,  # builds the HTML site, then starts Chromium (about 10 s): `make test` runs it
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium is not installed (Debian: apt-get install chromium; "
        ".ci/run installs it when apt-get can reach the package registry)",
    ),
]

_HARNESS = """<!doctype html><meta charset="utf-8"><body><pre id="result">pending</pre><script>
const pages = %s;
const out = {};
function skip(node) {
  for (let e = node.parentElement; e; e = e.parentElement) {
    if (['CODE', 'PRE', 'SCRIPT', 'STYLE', 'KBD', 'SAMP'].includes(e.tagName)) return true;
    if (e.tagName === 'DETAILS' && !e.open) return true;
  }
  return false;
}
function inspect(name, doc) {
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!skip(n) && /\\$|\\\\\\(|\\\\\\[/.test(n.nodeValue)) raw.push(n.nodeValue.trim().slice(0, 120));
  }
  const imgs = [...doc.images].filter(i => !i.closest('details:not([open])'));
  const broken = imgs.filter(i => !(i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0))
                     .map(i => (i.alt || i.src).slice(0, 60));
  const ids = [...doc.querySelectorAll('[id]')].map(e => e.id).concat([...doc.querySelectorAll('a[name]')].map(e => e.name));
  const links = [...doc.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  const math = doc.querySelectorAll('.MathJax, mjx-container, .MathJax_Display, script[type^="math/"]').length;
  out[name] = {raw, broken, images: imgs.length, ids, links, math, title: doc.title};
}
async function run() {
  for (const name of pages) {
    const f = document.createElement('iframe');
    f.style.width = '1200px'; f.style.height = '900px';
    await new Promise(res => { f.onload = res; f.src = name; document.body.appendChild(f); });
    try { inspect(name, f.contentDocument); } catch (e) { out[name] = {error: String(e)}; }
    f.remove();
  }
  document.getElementById('result').textContent = JSON.stringify(out);
}
run();
</script>"""


@pytest.fixture(scope="module")
def rendered(built_site, tmp_path_factory) -> dict:
    site = built_site
    pages = sorted(p.name for p in site.glob("*.html"))
    harness = tmp_path_factory.mktemp("harness") / "check.html"  # beside, not inside, the site
    harness.write_text(_HARNESS % json.dumps([f"{site.as_uri()}/{p}" for p in pages]))
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--allow-file-access-from-files",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=60000",
        "--run-all-compositor-stages-before-draw",
        f"--user-data-dir={harness.parent / 'chromium-profile'}",
        "--dump-dom",
        harness.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m and m.group(1) != "pending", f"the harness did not finish: {proc.stderr[-500:]}"
    import html

    result = {k.rsplit("/", 1)[-1]: v for k, v in json.loads(html.unescape(m.group(1))).items()}
    return {"site": site, "pages": pages, "result": result}


def test_every_page_renders_in_the_browser(rendered):
    assert set(rendered["result"]) == set(rendered["pages"])
    for name, r in rendered["result"].items():
        assert "error" not in r, f"{name}: {r.get('error')}"
        assert r["title"], f"{name}: no title"


def test_no_raw_or_script_typeset_math(rendered):
    for name, r in rendered["result"].items():
        assert not r["raw"], f"{name}: raw math or dollar text {r['raw'][:3]}"
        assert r["math"] == 0, f"{name}: {r['math']} math spans typeset by a script"


def test_every_figure_is_visible(rendered):
    for name, r in rendered["result"].items():
        assert not r["broken"], f"{name}: images not shown: {r['broken'][:3]}"
    for name in (p.stem for p in rt.notebooks.collection()):
        assert rendered["result"][f"{name}.html"]["images"] > 0, f"{name}: no figure"


def test_every_link_resolves_in_the_rendered_site(rendered):
    res = rendered["result"]
    for name, r in res.items():
        for href in r["links"]:
            if re.match(r"^(https?:|mailto:)", href):
                continue
            target, _, anchor = href.partition("#")
            target = target or name
            if target.endswith(".json"):  # a machine-readable file of the site (ClaimReview), not a page
                assert (rendered["site"] / target).is_file(), f"{name}: link {href} leads to no file"
                continue
            assert target in res, f"{name}: link {href} leads to no page of the site"
            if anchor:
                assert anchor in res[target]["ids"], f"{name}: link {href}: no anchor {anchor!r} in {target}"


# --------------------------------------------------------------------------------------------
# the whole answer on any screen: screenshots at 1400 and 400 px, no horizontal scrolling
# --------------------------------------------------------------------------------------------
_SCREEN_HEIGHT = 900
_MEASURE = """<!doctype html><meta charset="utf-8"><body style="margin:0"><pre id="result">pending</pre>
<script>
const pages = %s, width = %d, height = %d, out = {};
async function run() {
  for (const name of pages) {
    const f = document.createElement('iframe');
    f.style.cssText = `width:${width}px;height:${height}px;border:0;display:block`;
    await new Promise(res => { f.onload = res; f.src = name; document.body.appendChild(f); });
    const d = f.contentDocument, w = f.contentWindow;
    const answer = d.querySelector('.answer');
    const r = answer ? answer.getBoundingClientRect() : null;
    out[name] = {scroll: d.documentElement.scrollWidth, inner: w.innerWidth,
                 answerTop: r ? r.top : null, answerText: answer ? answer.innerText.slice(0, 200) : ''};
    f.remove();
  }
  document.getElementById('result').textContent = JSON.stringify(out);
}
run();
</script>"""
_PAGES = ["index.html", "article-tech-rotation-2026.html"]


def _chromium(*args: str, profile) -> subprocess.CompletedProcess:
    base = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([*base, *args], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module", params=[1400, 400], ids=["1400px", "400px"])
def screen(request, built_site, tmp_path_factory) -> dict:
    """Each page laid out at one window width: its document's scroll width, where its answer
    starts, and a screenshot of the first screen (``shots/<page>-<width>.png`` beside the site)."""
    width = request.param
    work = tmp_path_factory.mktemp(f"screen{width}")
    harness = work / "measure.html"
    harness.write_text(_MEASURE % (json.dumps([f"{built_site.as_uri()}/{p}" for p in _PAGES]), width, 900))
    proc = _chromium("--virtual-time-budget=30000", "--dump-dom", harness.as_uri(), profile=work / "profile")
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m and m.group(1) != "pending", f"the measuring page did not finish: {proc.stderr[-500:]}"
    import html

    measured = {k.rsplit("/", 1)[-1]: v for k, v in json.loads(html.unescape(m.group(1))).items()}
    shots = built_site.parent / "shots"
    shots.mkdir(exist_ok=True)
    for page in _PAGES:
        png = shots / f"{page.removesuffix('.html')}-{width}.png"
        _chromium(
            f"--window-size={width},{_SCREEN_HEIGHT}",
            f"--screenshot={png}",
            f"{built_site.as_uri()}/{page}",
            profile=work / "profile-shot",
        )
        assert png.is_file() and png.stat().st_size > 1000, f"no screenshot of {page} at {width} px"
    return {"width": width, "measured": measured, "shots": shots}


def test_the_answer_needs_no_horizontal_scrolling(screen):
    for page, r in screen["measured"].items():
        assert r["inner"] == screen["width"], f"{page}: laid out at {r['inner']} px, not {screen['width']}"
        assert r["scroll"] <= r["inner"], (
            f"{page} at {screen['width']} px scrolls sideways: its document is {r['scroll']} px wide"
        )


def test_the_findings_start_on_the_first_screen(screen):
    for page, r in screen["measured"].items():
        assert r["answerTop"] is not None, f"{page}: no answer block"
        assert r["answerTop"] < _SCREEN_HEIGHT * 0.75, (
            f"{page} at {screen['width']} px: the answer starts {r['answerTop']:.0f} px down, below the first screen"
        )
        assert "Of the article's" in r["answerText"], f"{page}: the answer does not open with the findings"
