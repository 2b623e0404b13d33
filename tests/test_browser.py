"""The slides and the site in a real headless Chromium (Debian's package) driven by Playwright.

Needs ``make slides site`` first (``make test`` and ``make test-browser`` do it). Where Chromium
or Playwright is missing the tests are skipped, unless ``DLB_BROWSER_REQUIRED=1`` (CI sets it),
where they fail. Every page is served from ``build/`` over a local HTTP server; any request to
another host is blocked and reported. Screenshots go to ``build/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import notebooks as nbtools  # noqa: E402

#: The folder served: it holds slides/ and site/ (another one for tests of a copy).
WEB_ROOT = Path(os.environ.get("DLB_WEB_ROOT", ROOT / "build"))
SHOTS = ROOT / "build" / "screenshots"
REQUIRED = os.environ.get("DLB_BROWSER_REQUIRED") == "1"
STEMS = [s for s, _ in nbtools.COURSE]
#: Chromium as root in a closed network: no sandbox, no GPU, no calls home.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-dev-shm-usage"]


def _unavailable(why: str):
    if REQUIRED:
        pytest.fail(why + " (DLB_BROWSER_REQUIRED=1)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def server():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(WEB_ROOT))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements.txt)")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _unavailable("no chromium on PATH (Debian: apt-get install -y chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page whose failed requests, requests to other hosts and console errors are recorded."""

    def __init__(self, browser, base: str, *, viewport=(1280, 720)):
        self.base = base
        self.context = browser.new_context(viewport={"width": viewport[0],
                                                     "height": viewport[1]})
        self.outside, self.failed, self.errors = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self._watch(self.page)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _watch(self, page):
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(
            f"{r.url} (HTTP {r.status})"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def assert_clean(self, what: str):
        assert not self.outside, f"{what}: requests outside build/: {self.outside[:5]}"
        assert not self.failed, f"{what}: failed requests: {self.failed[:5]}"
        assert not self.errors, f"{what}: console errors: {self.errors[:5]}"

    def close(self):
        self.context.close()


def _need(path: Path, target: str) -> None:
    if not path.exists():
        _unavailable(f"{path} is missing: run `make {target}` first")


# --- slides ------------------------------------------------------------------------------------

def _decks() -> dict:
    """What make slides recorded for each deck: slides and notes counted in its metadata."""
    import json

    path = WEB_ROOT / "slides" / "decks.json"
    _need(path, "slides")
    return json.loads(path.read_text(encoding="utf-8"))


_RAW_MATH = re.compile(r"\$[^$\s][^$]*\$")
_TEXT_WITHOUT_CODE = """() => Array.from(document.querySelectorAll('.jp-RenderedMarkdown'))
    .map(e => { const c = e.cloneNode(true);
                c.querySelectorAll('code, pre, mjx-container').forEach(x => x.remove());
                return c.textContent; }).join('\\n')"""
_FIRST_FIGURE = """() => { const slides = Reveal.getSlides();
    for (const s of slides) { if (s.querySelector('.jp-OutputArea-output img'))
        return Reveal.getIndices(s); }
    return Reveal.getIndices(slides[Math.min(1, slides.length - 1)]); }"""


@pytest.mark.parametrize("stem", STEMS)
def test_deck(browser, server, stem):
    deck = WEB_ROOT / "slides" / f"{stem}.slides.html"
    _need(deck, "slides")
    expected = _decks()[stem]
    watched = Watched(browser, server)
    page = watched.page
    try:
        page.goto(f"{server}/slides/{deck.name}")
        page.wait_for_function("window.deckReady === true", timeout=30_000)
        page.evaluate("MathJax.startup.promise")
        assert page.evaluate("Reveal.getTotalSlides()") == expected["slides"], \
            "slide count differs from the notebook's slideshow metadata"
        page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == 1, "ArrowRight did not advance"
        typeset = page.evaluate("document.querySelectorAll('mjx-container').length")
        assert typeset > 0 or not expected["math"], "MathJax typeset nothing"
        raw = _RAW_MATH.findall(page.evaluate(_TEXT_WITHOUT_CODE))
        assert not raw, f"untypeset math left: {raw[:3]}"
        images = page.evaluate("""() => Array.from(document.images).map(i =>
            [i.getAttribute('src').slice(0, 60), i.complete, i.naturalWidth, i.naturalHeight])""")
        broken = [i for i in images if not (i[1] and i[2] > 0 and i[3] > 0)]
        assert not broken, f"images that did not load: {broken[:3]}"
        at = page.evaluate(_FIRST_FIGURE)
        page.evaluate(f"Reveal.slide({at['h']}, {at['v']})")
        page.wait_for_timeout(300)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"slide_{stem}.png"))
        watched.assert_clean(deck.name)
    finally:
        watched.close()


def test_speaker_notes(browser, server):
    """The S key opens the speaker view, which shows the current slide's notes."""
    stem = next((s for s, d in _decks().items() if d["notes"]), None)
    assert stem, "no deck has speaker notes"
    deck = WEB_ROOT / "slides" / f"{stem}.slides.html"
    _need(deck, "slides")
    watched = Watched(browser, server)
    page = watched.page
    try:
        page.goto(f"{server}/slides/{deck.name}")
        page.wait_for_function("window.deckReady === true", timeout=30_000)
        at = page.evaluate("""() => { for (const s of Reveal.getSlides())
            if (Reveal.getSlideNotes(s)) return Reveal.getIndices(s); return null; }""")
        assert at, "no slide carries notes"
        page.evaluate(f"Reveal.slide({at['h']}, {at['v']})")
        notes = page.evaluate("Reveal.getSlideNotes()")
        with page.expect_popup() as popup_info:
            page.keyboard.press("s")
        popup = popup_info.value
        watched._watch(popup)
        popup.wait_for_selector(".speaker-controls-notes .value", timeout=20_000)
        words = " ".join(re.sub(r"<[^>]+>", " ", notes).split()[:4])
        popup.wait_for_function(
            "w => document.querySelector('.speaker-controls-notes .value').textContent"
            ".replace(/\\s+/g, ' ').includes(w)", arg=words, timeout=20_000)
        watched.assert_clean(f"{deck.name} speaker view")
    finally:
        watched.close()


# --- site --------------------------------------------------------------------------------------

SITE_PAGES = ["index.html"] + [f"notebooks/{s}.html" for s in STEMS]
_LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"""


@pytest.mark.parametrize("page_path", SITE_PAGES)
def test_site_page(browser, server, page_path):
    """A page loads with nothing failed, nothing from outside, no console error, math typeset,
    and every link to the site itself resolves (the file, and the #anchor on it)."""
    path = WEB_ROOT / "site" / page_path
    _need(path, "site")
    watched = Watched(browser, server, viewport=(1280, 900))
    page = watched.page
    try:
        page.goto(f"{server}/site/{page_path}", wait_until="load")
        page.evaluate("window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
        raw = _RAW_MATH.findall(page.evaluate(
            """() => { const c = document.querySelector('main').cloneNode(true);
                c.querySelectorAll('code, pre, mjx-container, .output').forEach(x => x.remove());
                return c.textContent; }"""))
        assert not raw, f"{page_path}: untypeset math left: {raw[:3]}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"site_{Path(page_path).stem}.png"))
        links = {u for u in page.evaluate(_LINKS) if u.startswith(server + "/")}
        watched.assert_clean(page_path)
        texts: dict[str, str] = {}
        bad = []
        for url in sorted(links):
            target, _, anchor = url.partition("#")
            target = target.split("?")[0]
            if target not in texts:
                response = page.request.get(target)
                texts[target] = response.text() if response.ok else ""
                if not response.ok:
                    bad.append(f"{url} (HTTP {response.status})")
                    continue
            if anchor and target.endswith(".html") and f'id="{anchor}"' not in texts[target]:
                bad.append(f"{url} (no #{anchor} there)")
        assert not bad, f"{page_path}: internal links that do not resolve: {bad[:5]}"
        if page_path == "index.html":
            for stem in STEMS:
                for kind in (f"notebooks/{stem}.html", f"slides/{stem}.slides.html",
                             f"{stem}.ipynb"):
                    assert any(u.endswith(kind) for u in links), f"index lacks a link to {kind}"
    finally:
        watched.close()


def _unique_word() -> tuple[str, str]:
    """A word of one notebook's prose that no other notebook (and no contents page) contains."""
    import nbformat

    words = {}
    for stem in STEMS:
        # the notebook the site was built from (the site keeps a copy of its sources)
        nb = nbformat.read(WEB_ROOT / "site" / "_sources" / "notebooks" / f"{stem}.ipynb",
                           as_version=4)
        text = " ".join(c.source for c in nb.cells).lower()
        words[stem] = (set(re.findall(r"\b[a-z]{9,}\b", text)), text)
    for stem in reversed(STEMS):
        others = " ".join(t for s, (_, t) in words.items() if s != stem)
        for word in sorted(words[stem][0]):
            if word not in others and word not in "".join(dict(nbtools.COURSE).values()).lower():
                return stem, word
    raise AssertionError("no notebook has a word of its own")


def test_site_search(browser, server):
    """Search finds the one notebook that contains a word only it contains."""
    _need(WEB_ROOT / "site" / "search.html", "site")
    stem, word = _unique_word()
    watched = Watched(browser, server)
    page = watched.page
    try:
        page.goto(f"{server}/site/search.html?q={word}")
        page.wait_for_selector("ul.search li a", timeout=30_000)
        hits = page.evaluate("() => Array.from(document.querySelectorAll('ul.search li a'))"
                             ".map(a => a.getAttribute('href'))")
        pages = {h.split("#")[0].split("?")[0] for h in hits}
        assert pages == {f"notebooks/{stem}.html"}, f"search for {word!r} found {sorted(pages)}"
        watched.assert_clean("search.html")
    finally:
        watched.close()
