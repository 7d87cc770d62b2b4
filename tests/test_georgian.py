"""A Georgian programme through every output: guide (HTML and PDF), forms, handouts, decks, site.

The project is the Georgian fixture (tests/fixtures/ka-mini.yaml, framework
tests/fixtures/frameworks/ka-test.yaml) built once with ``run_build``. What a Georgian reader
would notice is checked on the real files: Georgian text in the PDFs as poppler extracts it,
fonts embedded, slides tagged ka-GE and drawn by LibreOffice, the site's pages in Georgian and
its search finding Georgian words. No generated label of the English or French label files
may appear in any Georgian output (the property is checked against every value of those files).
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import io
import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from pptx import Presentation

from builder.build import BuildOptions, run_build
from builder.render.typst_pdf import unembedded_fonts
from tests.conftest import FIXTURES, REPO, plain, require_tool

LABELS = REPO / "templates" / "labels"
GEORGIAN = re.compile(r"[\u10d0-\u10ff]")


def _labels(language: str) -> dict[str, str]:
    data = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


KA = _labels("ka")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Georgian project built into ``<root>/build`` (every target), on the default French site."""
    root = tmp_path_factory.mktemp("ka") / "proj"
    (root / "curricula" / "programmes").mkdir(parents=True)
    (root / "curricula" / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "frameworks" / "ka-test.yaml", root / "curricula" / "frameworks")
    shutil.copy(FIXTURES / "ka-mini.yaml", root / "curricula" / "programmes")
    shutil.copy(REPO / "mkdocs.yml", root)
    shutil.copytree(REPO / "site", root / "site")
    problems, _ = run_build(BuildOptions(root=root, out=root / "build", strict=True, quiet=True))
    assert [p.format() for p in problems] == []
    return root / "build"


def pdf_text(path: Path) -> str:
    pdftotext = require_tool("pdftotext", "PDF text is read with poppler's pdftotext")
    out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    return re.sub(r"\s+", " ", out.stdout.replace("\u00a0", " "))


def deck_text(data: bytes) -> str:
    """Every text of a deck: slides and speaker notes."""
    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return re.sub(r"\s+", " ", "\n".join(parts).replace("\u00a0", " "))


class _Visible(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts).replace("\u00a0", " "))


def article(page: str) -> str:
    """The visible text of a site page's content (the engine's chrome is in the site's language)."""
    match = re.search(r"<article[^>]*>(.*)</article>", page, re.S)
    assert match
    return visible(match.group(1))


def foreign_labels() -> dict[str, str]:
    """Every English and French label with a Latin word that the Georgian file does not also use."""
    mine = {v.strip() for v in KA.values()}
    found: dict[str, str] = {}
    for language in ("en", "fr"):
        for key, value in _labels(language).items():
            text = re.sub(r"\{[a-z_]+\}", " ", value).replace("\u00a0", " ").strip(" :")
            if re.search(r"[A-Za-zÀ-ÿ]{2,}", text) and value.strip() not in mine:
                found[f"{language}.{key}"] = text
    return found


def leaks(text: str) -> list[str]:
    hits = []
    for key, value in foreign_labels().items():
        pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in value.split()) + r"(?![\w-])"
        if re.search(pattern, text):
            hits.append(f"{key}={value!r}")
    return hits


# ---------------------------------------------------------------- print


def test_guide_pdf_is_georgian_with_its_fonts_embedded(built: Path) -> None:
    pdf = built / "guides" / "ka-mini.pdf"
    assert unembedded_fonts(pdf.read_bytes()) == []
    text = pdf_text(pdf)
    for label in ("facilitator_guide", "run_sheet", "guide_attendance_sheet", "guide_ch_obligations", "guide_answer_keys"):
        assert KA[label] in text, label
    assert "ფსიქოაქტიური ნივთიერებები და არჩევანი" in text  # the title, as a reader copies it
    assert "10:45–12:30" in text and "1 სთ 45 წთ" in text and "4 სთ 15 წთ" in text
    assert "„სწორია“ ან „არასწორია“" in text  # Georgian quotation marks from straight quotes


def test_forms_and_handouts_print_georgian(built: Path) -> None:
    for path, expected in (
        (built / "forms" / "ka-mini" / "attendance.pdf", [KA["guide_attendance_sheet"], KA["guide_half_morning"]]),
        (built / "forms" / "ka-mini" / "attestation.pdf", [KA["attestation"], KA["guide_last_name"]]),
        (built / "handouts" / "ka-mini" / "mitebi-quiz.pdf", ["მითები და ფაქტები", "კანაფი დამოკიდებულებას არ იწვევს"]),
        (built / "handouts" / "ka-mini" / "dila.pdf", [KA["handout_type_quiz"], "სწორია"]),
    ):
        assert unembedded_fonts(path.read_bytes()) == [], path
        text = pdf_text(path)
        for item in expected:
            assert item in text, (path.name, item)


def test_guide_html_is_georgian(built: Path) -> None:
    page = (built / "guides" / "ka-mini.html").read_text(encoding="utf-8")
    assert '<html lang="ka">' in page
    text = visible(page)
    assert KA["guide_session_total"] in text and "2 სთ 30 წთ" in text


# ---------------------------------------------------------------- decks


def test_deck_runs_are_tagged_georgian_and_labelled_in_georgian(built: Path) -> None:
    data = (built / "decks" / "ka-mini" / "dila.pptx").read_bytes()
    prs = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]
    assert KA["agenda"] in titles and KA["deck_end_of_session"] in titles
    langs = {r._r.get_or_add_rPr().get("lang") for s in prs.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert langs == {"ka-GE"}
    assert prs.core_properties.language == "ka-GE"
    with zipfile.ZipFile(io.BytesIO(data)) as pptx:
        theme = pptx.read("ppt/theme/theme1.xml").decode("utf-8")
    assert theme.count('script="Geor" typeface="Sylfaen"') == 2  # headings and body


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_draws_the_georgian_slides(built: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice", "decks are checked in a real LibreOffice")
    out = tmp_path / "pdf"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(out), str(built / "decks" / "ka-mini" / "dila.pptx")],
        capture_output=True, timeout=600, check=True,
    )
    pdf = out / "dila.pdf"
    text = pdf_text(pdf)
    assert KA["agenda"] in text and KA["deck_end_of_session"] in text and "ნივთიერებები და მათი მოქმედება" in text
    fonts = subprocess.run([require_tool("pdffonts", "fonts are listed by poppler"), str(pdf)],
                           capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts  # a font that has Georgian letters drew them (Arial's stand-in has none)


# ---------------------------------------------------------------- site


def test_site_pages_of_a_georgian_programme(built: Path) -> None:
    page = (built / "site" / "programmes" / "ka-mini" / "index.html").read_text(encoding="utf-8")
    text = article(page)
    for label in ("legal_basis", "audience", "sessions_count", "site_language_notice", "interview_preliminary"):
        assert KA[label] in text, label
    assert "4 სთ 15 წთ" in plain(text) and "4–10 მონაწილე" in plain(text)  # the site keeps no-break spaces
    session = article((built / "site" / "programmes" / "ka-mini" / "sessions" / "dila.html").read_text(encoding="utf-8"))
    assert KA["run_sheet"] in session and "10:00–10:30" in session
    catalogue = visible((built / "site" / "index.html").read_text(encoding="utf-8"))
    assert "Géorgien" in catalogue  # the French site names the programme's language in French


# ---------------------------------------------------------------- no foreign label anywhere


def test_the_property_sees_the_labels() -> None:
    labels = foreign_labels()
    assert labels["en.run_sheet"] == "Run sheet" and labels["fr.run_sheet"] == "Minutage"
    assert leaks("… Run sheet …") == ["en.run_sheet='Run sheet'"]
    assert leaks(re.sub(r"\{[a-z_]+\}", " ", " ".join(KA.values()))) == []  # fields like {day} are not text


def test_no_english_or_french_label_in_any_georgian_output(built: Path) -> None:
    outputs = {
        "guide.pdf": pdf_text(built / "guides" / "ka-mini.pdf"),
        "guide.html": visible((built / "guides" / "ka-mini.html").read_text(encoding="utf-8")),
        "attendance.pdf": pdf_text(built / "forms" / "ka-mini" / "attendance.pdf"),
        "attestation.pdf": pdf_text(built / "forms" / "ka-mini" / "attestation.pdf"),
        "handouts": pdf_text(built / "handouts" / "ka-mini" / "dila.pdf"),
        "site": article((built / "site" / "programmes" / "ka-mini" / "index.html").read_text(encoding="utf-8"))
        + article((built / "site" / "programmes" / "ka-mini" / "sessions" / "dila.html").read_text(encoding="utf-8")),
    }
    for deck in sorted((built / "decks" / "ka-mini").glob("*.pptx")):
        outputs[deck.name] = deck_text(deck.read_bytes())
    found = {name: leaks(text) for name, text in outputs.items()}
    assert found == {name: [] for name in outputs}
    assert all(GEORGIAN.search(text) for text in outputs.values())


# ---------------------------------------------------------------- search in a real browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def served(built: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built / "site")))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.mark.chromium
@pytest.mark.slow
def test_search_finds_georgian_words(served: str, tmp_path: Path) -> None:
    """A Georgian word finds its pages; a prefix finds every case form; a case form is not stemmed."""
    chromium = require_tool("chromium", "the site's search runs in the real browser")
    from playwright.sync_api import sync_playwright

    def search(page: object, word: str) -> list[str]:
        page.goto(served + "index.html")  # type: ignore[attr-defined]
        box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
        box.click()
        box.fill(word)  # a Georgian keyboard layout types letters Playwright's keyboard does not have
        box.press("End")  # the key event the search box listens to
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => document.querySelector('.md-search-result__meta')?.textContent.match(/\\d/)", timeout=15000)
        return sorted({href.split("?")[0].split("#")[0].removeprefix(served) for href in page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".md-search-result__item a", "links => links.map(a => a.href)")})

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            assert search(page, "გიორგის") == ["programmes/ka-mini/sessions/nashuadghevi.html"]
            assert "programmes/ka-mini/sessions/dila.html" in search(page, "ნივთიერებები")
            # "ნივთიერებ" (a stem) finds the nominative "ნივთიერებები" and the genitive "ნივთიერებების";
            # the genitive typed in full does not find the nominative (no Georgian stemmer)
            assert "programmes/ka-mini/sessions/dila.html" in search(page, "ნივთიერებ")
            page.screenshot(path=str(tmp_path / "search-georgian.png"))
        finally:
            browser.close()
