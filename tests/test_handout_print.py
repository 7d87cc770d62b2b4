"""Printed participant documents: files, contents, type size, fonts, the guide's appendix, the site's links."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from builder.build import BuildOptions, run_build
from builder.render.typst_pdf import unembedded_fonts
from conftest import FIXTURES, REPO, require_tool, validate_from
from handout_checks import facilitator_only_texts, font_sizes, normalise, page_count, pdf_text

GOLDEN = Path(__file__).parent / "golden" / "handouts-mini-quiz-effets.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handouts-mini fixture built (guides, handouts, site) once for this module."""
    root = tmp_path_factory.mktemp("h") / "proj"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    shutil.copy(FIXTURES / "handouts-mini.yaml", root / "curricula" / "programmes" / "handouts-mini.yaml")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    problems, _ = run_build(
        BuildOptions(root=root, out=root / "build", targets=("guides", "decks", "handouts", "site"), quiet=True)
    )
    assert [p.format() for p in problems] == []
    return root


def programme(root: Path):  # type: ignore[no-untyped-def]
    project, _ = validate_from(root)
    return project.programmes[0].model


def test_every_handout_and_session_pack_is_written(built: Path) -> None:
    folder = built / "build" / "handouts" / "handouts-mini"
    assert sorted(p.name for p in folder.iterdir()) == [
        "apres-midi.pdf",
        "cas-accident.pdf",
        "eval-journee.pdf",
        "matin.pdf",
        "quiz-effets.pdf",
    ]
    # The morning pack holds the quiz then the questionnaire, each from a new page.
    pack = pdf_text(folder / "matin.pdf")
    assert pack.index("Vrai ou faux") < pack.index("Ce que je pense aujourd")
    assert page_count((folder / "matin.pdf").read_bytes()) == 2


def test_participant_files_hold_no_facilitator_text(built: Path) -> None:
    secrets = facilitator_only_texts(programme(built))
    assert "ne pas chercher un coupable dans le groupe : parler du cas, pas des personnes présentes." in secrets
    folder = built / "build" / "handouts" / "handouts-mini"
    for pdf in folder.glob("*.pdf"):
        text = normalise(pdf_text(pdf))
        assert text, f"{pdf.name}: no text extracted"
        leaks = [s for s in secrets if s in text]
        assert leaks == [], f"{pdf.name} prints facilitator-only text: {leaks}"


def test_answer_key_is_in_the_guide_and_linked_from_the_activity(built: Path) -> None:
    guide = (built / "build" / "guides" / "handouts-mini.html").read_text(encoding="utf-8")
    assert 'id="handout-quiz-effets"' in guide
    assert '<a href="#handout-quiz-effets">Corrigé et consignes\u00a0: annexe</a>' in guide
    # French typography joins "C. route art. L235-1" with no-break spaces and a no-break hyphen: compare words.
    appendix = re.sub(r"[\u00a0\u202f]", " ", guide[guide.index('id="answer-keys"') :]).replace("\u2011", "-")
    assert "C. route art. L235-1" in appendix
    assert "Compter 1 à 4 points par réponse." in appendix
    assert "Dormir sur place, appeler un proche, un taxi ou un VTC." in appendix


def test_large_type_and_embedded_fonts(built: Path) -> None:
    for pdf in (built / "build" / "handouts" / "handouts-mini").glob("*.pdf"):
        data = pdf.read_bytes()
        assert min(font_sizes(data)) >= 13, f"{pdf.name}: text under 13 pt"
        assert unembedded_fonts(data) == []


def test_worksheet_leaves_room_to_write(built: Path) -> None:
    """The case card's first question asks for 4 lines: its PDF draws at least 4 + 3 writing lines."""
    data = (built / "build" / "handouts" / "handouts-mini" / "cas-accident.pdf").read_bytes()
    from pypdf import PdfReader
    import io

    content = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages)
    # typst draws each writing line as a stroked path: "m ... l ... S"
    lines = re.findall(rb"[\d.]+ [\d.]+ m\s+[\d.]+ [\d.]+ l\s+S", content)
    assert len(lines) >= 7


def test_site_session_page_links_its_handouts(built: Path) -> None:
    site = built / "build" / "site"
    page = site / "programmes" / "handouts-mini" / "sessions" / "matin.html"
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.pdf)"', html)
    targets = {(page.parent / link).resolve() for link in links}
    folder = site / "downloads" / "handouts" / "handouts-mini"
    assert {folder / "matin.pdf", folder / "quiz-effets.pdf", folder / "eval-journee.pdf"} <= targets
    assert all(t.is_file() for t in targets)


def test_session_deck_points_at_its_handouts(built: Path) -> None:
    from pptx import Presentation

    deck_path = built / "build" / "decks" / "handouts-mini" / "matin.pptx"
    links = [
        run.hyperlink.address
        for slide in Presentation(str(deck_path)).slides
        for shape in slide.placeholders
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address
    ]
    assert "../../handouts/handouts-mini/matin.pdf" in links  # the pack, on the title slide (a clickable link)
    assert "../../handouts/handouts-mini/quiz-effets.pdf" in links
    assert all((deck_path.parent / link).resolve().is_file() for link in links)


def test_golden_text_of_the_quiz(built: Path) -> None:
    require_tool("pdftotext", "the golden text is what poppler extracts")
    text = pdf_text(built / "build" / "handouts" / "handouts-mini" / "quiz-effets.pdf")
    if os.environ.get("STAGECRAFT_REGEN_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_a_broken_organisation_template_is_located_and_the_previous_handouts_stay(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns("build"))
    out = built / "build"
    before = (out / "handouts" / "handouts-mini" / "matin.pdf").read_bytes()
    own = root / "templates" / "handout"
    own.mkdir(parents=True)
    lines = (REPO / "templates" / "handout" / "handout.typ").read_text(encoding="utf-8").splitlines()
    lines.insert(5, "#let broken = (")  # an unclosed parenthesis on line 6
    (own / "handout.typ").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, _ = run_build(BuildOptions(root=root, out=out, targets=("handouts",), quiet=True))
    errors = [p.format() for p in problems if p.severity.value == "error"]
    assert errors and "templates/handout/handout.typ:6:" in errors[0], errors
    assert all(str(own / "handout.typ") in e for e in errors), errors
    assert (out / "handouts" / "handouts-mini" / "matin.pdf").read_bytes() == before
