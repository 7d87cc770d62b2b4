"""The site in a real browser: Playwright driving the system Chromium, over http://127.0.0.1 and file://.

Every request the pages make is recorded; none may leave the machine. Screenshots of what was
seen are saved under the test's tmp folder (tmp_path/…/shots) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
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

pytestmark = pytest.mark.chromium

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
    """Type ``word`` in mkdocs-material's search box; the result links' hrefs."""
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.press_sequentially(word, delay=30)
    page.wait_for_selector(".md-search-result__item a", timeout=15000)  # type: ignore[attr-defined]
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item a", "links => links.map(a => a.href)"
    )


def shot(page: object, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "shots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def test_catalogue_lists_every_shipped_programme(browser: object, shipped_site: Path, tmp_path: Path) -> None:
    shipped = {p.model.id: p.model.title for p in load_project(REPO).programmes}
    assert shipped, "no shipped programme in curricula/programmes/"
    server = Server(shipped_site)
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        recorder = Recorder(page)
        page.goto(server.url)
        links = page.eval_on_selector_all(
            ".sc-catalogue table a", "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"
        )
        shot(page, tmp_path, "catalogue")
        assert sorted(href for _, href in links) == sorted(f"programmes/{pid}/index.html" for pid in shipped)
        for title, href in links:
            assert plain(title) == plain(shipped[href.split("/")[1]])
        for pid in shipped:
            response = page.goto(f"{server.url}programmes/{pid}/index.html")
            assert response is not None and response.status == 200
            heading = page.locator("h1").first.inner_text().rstrip("¶").strip()
            assert plain(heading) == plain(" ".join(shipped[pid].split()))
        if "espace-numerique" in shipped:
            page.goto(server.url)
            found = search(page, "hameçonnage")
            shot(page, tmp_path, "search-hameconnage")
            assert any("/programmes/espace-numerique/sessions/" in href for href in found), found
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
