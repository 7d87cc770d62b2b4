"""The site in a real browser: Playwright driving the system Chromium, over http://127.0.0.1 and file://.

Every request the pages make is recorded; none may leave the machine. Screenshots of what was
seen are saved under the test's tmp folder (tmp_path/…/shots) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from builder.load.project import load_project
from builder.render.context import RenderContext
from builder.site.render import render
from conftest import REPO, plain, require_tool
from test_site_support import UNIQUE_WORD, BuiltSite, built_site

__all__ = ["built_site"]

pytestmark = [pytest.mark.chromium, pytest.mark.timeout(300)]  # a browser call that never returns fails

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("data", "blob", "about")


class Server:
    """A static http.server on 127.0.0.1 serving one folder, in a thread, stopped by the test."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = require_tool("chromium", "the site tests drive the real browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the repository's own programmes (pages only: the downloads are tested on the small build)."""
    ctx = RenderContext(project=load_project(REPO))
    ctx.produced.update({"guides": [], "decks": []})
    folder = tmp_path_factory.mktemp("shipped-site")
    for artifact in render(ctx):
        target = folder / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    return folder / "site"


@pytest.fixture
def served(built_site: BuiltSite) -> Iterator[Server]:
    server = Server(built_site.site)
    try:
        yield server
    finally:
        server.stop()


class Recorder:
    """Every URL a page requested."""

    def __init__(self, page: object) -> None:
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))  # type: ignore[attr-defined]

    def leaving(self, allowed: str) -> list[str]:
        """Requested URLs that are neither under ``allowed`` (scheme://host) nor data:/blob:/about:."""
        bad = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if f"{parts.scheme}://{parts.netloc}" != allowed:
                bad.append(url)
        return bad


def search(page: object, word: str) -> list[str]:
    """Type ``word`` in mkdocs-material's search box; the result links' hrefs once they answer the whole word."""
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.press_sequentially(word, delay=30)
    last = re.split(r"[\s'’-]+", word)[-1]
    page.wait_for_function(  # type: ignore[attr-defined]
        """last => {
            const fold = text => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
            const links = Array.from(document.querySelectorAll('.md-search-result__item a'));
            return links.some(a => fold(new URL(a.href).searchParams.get('h') || '').includes(fold(last)));
        }""",
        arg=last,
        timeout=15000,
    )
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item a", "links => links.map(a => a.href)"
    )


def without_live_reload(page: object) -> None:
    """Fail the preview's live-reload poll, so the page never reloads itself; the test navigates instead.

    Closing a page while a reload commits can leave Chromium's close unanswered, and Playwright's
    ``page.close()`` then waits forever (microsoft/playwright#42366): seen here once in seven runs.
    """
    page.route("**/livereload/**", lambda route: route.abort())  # type: ignore[attr-defined]


def shot(page: object, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "shots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def catalogue_links(page: object) -> list[list[str]]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".sc-catalogue li.sc-card a", "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"
    )


def test_catalogue_lists_every_shipped_programme(browser: object, shipped_site: Path, tmp_path: Path) -> None:
    shipped = {p.model.id: p.model.title for p in load_project(REPO).programmes}
    assert shipped, "no shipped programme in curricula/programmes/"
    server = Server(shipped_site)
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        recorder = Recorder(page)
        page.goto(server.url)
        links = catalogue_links(page)
        shot(page, tmp_path, "catalogue")
        assert sorted(href for _, href in links) == sorted(f"programmes/{pid}/index.html" for pid in shipped)
        for title, href in links:
            assert plain(title) == plain(" ".join(shipped[href.split("/")[1]].split()))
        for pid in shipped:
            response = page.goto(f"{server.url}programmes/{pid}/index.html")
            assert response is not None and response.status == 200
            heading = page.locator("h1").first.inner_text().rstrip("¶").strip()
            assert plain(heading) == plain(" ".join(shipped[pid].split()))
        assert recorder.leaving(server.url.rstrip("/")) == []
        page.close()
    finally:
        server.stop()


def test_catalogue_is_scannable_and_filterable_on_a_390_px_phone(browser: object, shipped_site: Path,
                                                                 tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    recorder = Recorder(page)
    page.goto((shipped_site / "index.html").resolve().as_uri())
    shot(page, tmp_path, "catalogue-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing clipped sideways
    cards = page.locator("li.sc-card")
    total = cards.count()
    assert total == len(load_project(REPO).programmes)
    for index in range(total):  # each card: a title, one meta line (kind · language · sessions · hours), a summary
        card = cards.nth(index)
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        meta = card.locator(".sc-card__meta").inner_text()
        assert meta.count(" · ") in (2, 3) and "séance" in meta and re.search(r"\d+ (h|min)( \d+)?$", plain(meta)), meta
        assert box["height"] < 240  # a card, not a wall: the audience paragraph is not in it
    language = page.locator("select[data-sc-filter='language']")
    assert page.locator("form.sc-filters").is_visible()
    language.select_option("en")
    english = [c for c in range(total) if cards.nth(c).is_visible()]
    assert 0 < len(english) < total
    assert all(cards.nth(c).get_attribute("data-language") == "en" for c in english)
    shot(page, tmp_path, "catalogue-390-en")
    language.select_option("")
    page.locator("select[data-sc-filter='kind']").select_option("stupefiants")
    visible = [cards.nth(c).locator("a").inner_text() for c in range(total) if cards.nth(c).is_visible()]
    # the adults' stage and the minors' one (CJPM): the two programmes of that kind, nothing else
    assert len(visible) == 2 and all("stupéfiants" in title for title in visible), visible
    assert sum("mineurs" in title for title in visible) == 1, visible
    assert recorder.urls and recorder.leaving("file://") == []
    page.close()


def search_shipped(page: object, base: str, word: str) -> list[str]:
    page.goto(base + "index.html")  # type: ignore[attr-defined]
    return search(page, word)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_search_is_accent_blind_offline(browser: object, shipped_site: Path, tmp_path: Path, scheme: str) -> None:
    """"stupefiants" finds "stupéfiants", "hameconnage" finds "hameçonnage", even after "l'"; nothing leaves."""
    server = Server(shipped_site) if scheme == "http" else None
    base = server.url if server else shipped_site.resolve().as_uri() + "/"
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        recorder = Recorder(page)
        accented = search_shipped(page, base, "stupéfiants")
        plain = search_shipped(page, base, "stupefiants")
        shot(page, tmp_path, f"search-stupefiants-{scheme}")
        assert any("/programmes/stupefiants/" in href for href in plain), plain
        assert {h.split("#")[0] for h in plain} == {h.split("#")[0] for h in accented}
        for word in ("hameconnage", "hameçonnage", "l'hameçonnage"):
            found = search_shipped(page, base, word)
            assert any("/programmes/espace-numerique/sessions/" in href for href in found), (word, found)
        shot(page, tmp_path, f"search-hameconnage-{scheme}")
        allowed = server.url.rstrip("/") if server else "file://"
        assert recorder.leaving(allowed) == []
        page.close()
    finally:
        if server:
            server.stop()


AXE_PATHS = (REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js",
             REPO / "node_modules" / "axe-core" / "axe.min.js")


def axe_script() -> Path:
    """axe-core's browser script, installed from the npm registry by scripts/test.sh."""
    for path in AXE_PATHS:
        if path.is_file():
            return path
    message = "axe-core is not installed: run scripts/test.sh (npm install --prefix .cache/npm axe-core)"
    if os.environ.get("STAGECRAFT_REQUIRE_REAL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def test_site_pages_pass_axe_core_without_serious_violations(browser: object, shipped_site: Path,
                                                             tmp_path: Path) -> None:
    script = axe_script()
    server = Server(shipped_site)
    pages = ["index.html", "frameworks.html", "reference.html", "getting-started.html",
             "programmes/stupefiants/index.html", "programmes/stupefiants/sessions/j1-sante.html",
             "programmes/resocialisation-adults/index.html"]
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        recorder = Recorder(page)
        found = {}
        for path in pages:
            page.goto(server.url + path)
            page.add_script_tag(path=str(script))
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"] if v["impact"] in ("serious", "critical")
            ]
            found[path] = serious
        assert found == {path: [] for path in pages}
        assert recorder.leaving(server.url.rstrip("/")) == []
        page.close()
    finally:
        server.stop()


def test_search_finds_a_word_after_an_apostrophe_over_http(browser: object, served: Server, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    recorder = Recorder(page)
    page.goto(served.url)
    found = search(page, UNIQUE_WORD)
    shot(page, tmp_path, "search-http")
    assert found and all("/programmes/stage-temoin/sessions/citoyen.html" in href for href in found), found
    page.goto(found[0])
    assert UNIQUE_WORD in page.inner_text("article")
    assert recorder.leaving(served.url.rstrip("/")) == []
    page.close()


def test_every_download_link_resolves_over_http(browser: object, served: Server, built_site: BuiltSite,
                                                tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    recorder = Recorder(page)
    checked = 0
    for pid in ("stage-mini", "reso-mini", "stage-temoin"):
        page.goto(f"{served.url}programmes/{pid}/index.html")
        if pid == "stage-mini":
            shot(page, tmp_path, "programme")
        hrefs = page.eval_on_selector_all("article a[href*='downloads/']", "links => links.map(a => a.href)")
        assert any(h.endswith(f"/downloads/guides/{pid}.pdf") for h in hrefs), hrefs
        assert any(f"/downloads/decks/{pid}/" in h for h in hrefs), hrefs
        for href in hrefs:
            response = page.request.get(href)
            assert response.status == 200, href
            local = built_site.site / urlsplit(href).path.lstrip("/")
            assert response.body() == local.read_bytes()
            checked += 1
    assert checked >= 3 + 2 * 3
    page.goto(f"{served.url}programmes/stage-temoin/sessions/accueil.html")
    shot(page, tmp_path, "session")
    assert page.evaluate("() => window.__stagecraft_pwned") is None
    assert "<script>window.__stagecraft_pwned = 1</script>" in page.inner_text("article")
    assert recorder.leaving(served.url.rstrip("/")) == []
    page.close()


def test_the_site_works_from_file_urls_without_any_request_leaving(browser: object, built_site: BuiltSite,
                                                                  tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    recorder = Recorder(page)
    index = (built_site.site / "index.html").resolve().as_uri()
    page.goto(index)
    page.click(".sc-catalogue a[href='programmes/stage-mini/index.html']")
    page.wait_for_load_state()
    assert page.url.endswith("/programmes/stage-mini/index.html")
    hrefs = page.eval_on_selector_all("article a[href*='downloads/']", "links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        assert href.startswith("file://") and Path(urlsplit(href).path).is_file(), href
    page.goto(index)
    found = search(page, UNIQUE_WORD)
    shot(page, tmp_path, "search-file")
    assert found and all(
        h.startswith("file://") and urlsplit(h).path.endswith("/stage-temoin/sessions/citoyen.html") for h in found
    ), found
    assert recorder.urls and recorder.leaving("file://") == []
    page.close()


def test_preview_shows_a_programme_with_errors_until_the_first_clean_rebuild(browser: object, tmp_path: Path) -> None:
    """`properdocs serve`: the broken programme's page lists its problems as `stagecraft validate` prints them,
    the catalogue marks it, and both go back to normal at the first rebuild after the fix."""
    import shutil
    import subprocess
    import sys

    from test_site import free_port, wait_for
    from test_site_support import make_project

    root = make_project(tmp_path / "p")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "properdocs", "serve", "-f", "mkdocs.yml", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    programme_url = base + "programmes/stage-mini/index.html"
    try:
        wait_for(programme_url, "Les produits et leurs effets")
        mini = root / "curricula" / "programmes" / "stage-mini.yaml"
        good = mini.read_text(encoding="utf-8")
        mini.write_text(good.replace("fee_eur: 190", "fee_eur: 900").replace("max: 12", "max: 40"), encoding="utf-8")
        validate = subprocess.run([sys.executable, "-m", "builder", "validate"], cwd=root,
                                  capture_output=True, text=True, timeout=120)
        expected = [line for line in validate.stdout.splitlines() if "stage-mini.yaml:" in line and "error[" in line]
        assert len(expected) == 1 and "error[fee]" in expected[0], validate.stdout
        wait_for(programme_url, "error[fee]")
        page = browser.new_page()  # type: ignore[attr-defined]
        without_live_reload(page)
        recorder = Recorder(page)
        page.goto(programme_url)
        shot(page, tmp_path, "preview-errors")
        assert page.locator("h1").first.inner_text().rstrip("¶").strip() == (
            "Stage de sensibilisation aux dangers des stupéfiants — format court")
        assert "title:" not in page.inner_text("article")  # the front matter is read, not shown
        shown = page.locator("pre.sc-problems").inner_text().strip().splitlines()
        assert [line for line in shown if "error[" in line] == expected
        page.goto(base)
        marked = page.locator("li.sc-card--errors")
        assert marked.count() == 1 and "Erreurs à corriger : 1" in plain(marked.inner_text())
        assert "format court" in marked.inner_text()
        assert recorder.leaving(base.rstrip("/")) == []
        page.close()  # before the fix, so that no rebuild can race the close; a fresh page reads the rebuilt site
        mini.write_text(good, encoding="utf-8")
        wait_for(programme_url, "Les produits et leurs effets")
        page = browser.new_page()  # type: ignore[attr-defined]
        without_live_reload(page)
        recorder = Recorder(page)
        page.goto(programme_url)
        assert page.locator("pre.sc-problems").count() == 0
        assert "title:" not in page.inner_text("article")
        page.goto(base)
        assert page.locator("li.sc-card--errors").count() == 0
        shot(page, tmp_path, "preview-fixed")
        assert recorder.leaving(base.rstrip("/")) == []
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
