"""The printed guide and forms (typst), checked on the real PDFs as a trainer would look at them.

Text positions come from poppler's ``pdftotext -bbox-layout``; structure (tags,
language, title, fonts) from pypdf. Expected values are read from the test
programmes, never computed by the code under test.
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from builder.build import BuildOptions, run_build
from builder.render import forms, guides
from builder.render.context import RenderContext
from builder.render.guide_print import print_data, run_sheet
from builder.render.guide_data import build_guide
from builder.render.typst_pdf import compile_pdf, unembedded_fonts
from builder.validate.runner import validate
from tests.conftest import FIXTURES, REPO, plain, require_tool
from tests.test_guides import STAMP, english_track, make_project

MINI = yaml.safe_load((FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8"))
PT_PER_MM = 72 / 25.4
HEAD, FOOT = 20 * PT_PER_MM, 18 * PT_PER_MM  # the guide's top and bottom margins (running head and foot)
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Page:
    """One PDF page: its size and its text lines (top to bottom) with their vertical positions."""

    width: float
    height: float
    lines: tuple[tuple[float, float, str], ...]  # (yMin, yMax, text)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def text(self) -> str:
        return "\n".join(t for _, _, t in self.lines)

    def body(self) -> list[str]:
        """Lines between the running head and the running foot."""
        return [t for top, bottom, t in self.lines if top > HEAD and bottom < self.height - FOOT]


def pages_of(pdf: bytes, tmp: Path) -> list[Page]:
    tool = require_tool("pdftotext", "the printed guide's text positions are read with poppler's pdftotext")
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run([tool, "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        words = sorted(
            (float(w.get("yMin", 0)), float(w.get("yMax", 0)), float(w.get("xMin", 0)), w.text or "")
            for w in page.iter(f"{_XHTML}word")
        )
        rows: list[list[tuple[float, float, float, str]]] = []
        for word in words:  # words on one visual line (table cells included) share their top, within 2 pt
            if rows and abs(rows[-1][0][0] - word[0]) < 2:
                rows[-1].append(word)
            else:
                rows.append([word])
        lines = tuple(
            (row[0][0], max(w[1] for w in row), " ".join(w[3] for w in sorted(row, key=lambda w: w[2]))) for row in rows
        )
        pages.append(Page(float(page.get("width", 0)), float(page.get("height", 0)), lines))
    return pages


def ctx_for(root: Path) -> RenderContext:
    project, problems = validate(root)
    assert not [p for p in problems if p.severity.value == "error"], [p.format() for p in problems]
    return RenderContext(project=project, stamp=STAMP)


def built(ctx: RenderContext) -> dict[str, bytes]:
    return {a.path: a.data for a in [*guides.render(ctx), *forms.render(ctx)]}


def programme(**changes: object) -> str:
    data = yaml.safe_load((FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderContext, dict[str, bytes]]:
    ctx = ctx_for(make_project(tmp_path_factory.mktemp("mini"), {"stage-mini": programme()}))
    return ctx, built(ctx)


def chapter_starts(ctx: RenderContext) -> list[str]:
    """The first words of every chapter heading of the guide, as the data gives them."""
    view = ctx.views()[0]
    data = print_data(build_guide(view, ctx.stamp))
    labels = data["labels"]
    names = [labels[k] for k in ("contents", "overview", "guide_ch_obligations", "guide_ch_delivery", "guide_ch_preparation",
                                  "interviews", "guide_ch_completion", "guide_answer_keys")]
    names += [f"{s['number']} — {s['title']}" for s in data["sessions"]]
    names += [s["phase_banner"]["name"].upper() for s in data["sessions"] if s["phase_banner"]]  # printed above the heading
    names += [labels["guide_attendance_sheet"], labels["attestation"]]
    return [" ".join(n.split()[:2]) for n in names]


def short_pages(pages: list[Page], starts: list[str]) -> list[int]:
    """Numbers of the pages holding fewer than five lines that are not the last page of a chapter.

    A chapter's last page is one followed by a page that opens a chapter (its first body line starts with a
    chapter heading, or a phase banner above one), or the document's last page.
    """
    def opens(page: Page) -> bool:
        body = page.body() if not page.landscape else [t for _, _, t in page.lines]
        return any(any(line.replace("\u00a0", " ").startswith(s) for s in starts) for line in body[:4])

    short = []
    for index, page in enumerate(pages[1:-1], start=1):  # the cover is designed, the last page ends a chapter
        if page.landscape:
            continue
        if len(page.body()) < 5 and not opens(pages[index + 1]):
            short.append(index + 1)
    return short


# ---------------------------------------------------------------- run sheets


def test_a_run_sheet_fits_on_one_page_with_its_total_once(mini: tuple[RenderContext, dict[str, bytes]], tmp_path: Path) -> None:
    _, files = mini
    pages = pages_of(files["guides/stage-mini.pdf"], tmp_path)
    text = "\n".join(p.text for p in pages)
    assert text.count("Total de la séance") == 2  # one per session, never repeated
    for spans, total in (
        (("09:00–09:45", "09:45–10:00", "10:00–12:00"), "09:00–12:00 3 h Total de la séance"),
        (("13:30–15:30", "15:30–16:00"), "13:30–16:00 2 h 30 Total de la séance"),
    ):
        holding = [p for p in pages if any(total in line.replace("\u00a0", " ") for _, _, line in p.lines)]
        assert len(holding) == 1
        page = holding[0].text.replace("\u00a0", " ")
        assert "Horaire Durée Activité Méthode" in page
        for span in spans:
            assert span in page


def test_a_long_run_sheet_is_split_with_its_header_repeated_and_suite_marked(tmp_path: Path) -> None:
    session = dict(MINI["sessions"][0])
    session["activities"] = [
        {"title": f"Tour de table numéro {n}", "duration": "3min", "method": "discussion",
         "instructions": ["Donner la parole."], "facilitator_notes": ["Rester bref."], "slides": ["Point"]}
        for n in range(1, 61)
    ]
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(sessions=[session, MINI["sessions"][1]])}))
    pages = pages_of(built(ctx)["guides/stage-mini.pdf"], tmp_path)
    sheets = [p for p in pages if "Horaire Durée Activité Méthode" in p.text.replace("\u00a0", " ")
              and re.search(r"\d\d:\d\d–\d\d:\d\d 3 min Tour de table", p.text.replace("\u00a0", " "))]
    assert len(sheets) >= 2, [p.text[:300] for p in sheets]
    # every page of the run sheet repeats its header; continuations say so; the total comes once, at the end
    assert all(p.text.count("Horaire Durée Activité Méthode".replace(" ", " ")) == 1 or "(suite)" in p.text for p in sheets)
    assert "Minutage (suite)" not in sheets[0].text.replace("\u00a0", " ")
    assert all("Minutage (suite)" in p.text.replace("\u00a0", " ") for p in sheets[1:])
    assert [p.text.count("Total de la séance (") for p in sheets] == [0] * (len(sheets) - 1) + [1]
    rows = [n for p in sheets for n in re.findall(r"Tour de table numéro (\d+)", p.text)]
    assert sorted({int(n) for n in rows}) == list(range(1, 61))


def test_run_sheet_parts_are_even_and_keep_every_row() -> None:
    project, _ = validate(REPO)
    ctx = RenderContext(project=project, stamp=STAMP)
    view = next(v for v in ctx.views() if v.programme.id == "stupefiants")
    chapter = build_guide(view, STAMP).chapters[0]
    rows = len(chapter.timed.activities)
    parts = run_sheet(view, chapter, rows_per_part=3)["parts"]
    assert sum(len(p) for p in parts) == rows
    assert max(len(p) for p in parts) - min(len(p) for p in parts) <= 1


# ---------------------------------------------------------------- pages


def test_no_page_under_five_lines_except_a_chapters_last(mini: tuple[RenderContext, dict[str, bytes]], tmp_path: Path) -> None:
    ctx, files = mini
    pages = pages_of(files["guides/stage-mini.pdf"], tmp_path)
    assert short_pages(pages, chapter_starts(ctx)) == []


def test_the_running_head_names_the_chapter_that_opens_on_the_page(mini: tuple[RenderContext, dict[str, bytes]], tmp_path: Path) -> None:
    ctx, files = mini
    pages = pages_of(files["guides/stage-mini.pdf"], tmp_path)
    data = print_data(build_guide(ctx.views()[0], ctx.stamp))
    for session in data["sessions"]:
        heading = plain(f"{session['number']} — {session['title']}")
        opening = [p for p in pages if any(plain(line).startswith(heading) for line in p.body()[:4])]
        assert len(opening) == 1, heading
        head = [plain(t) for top, _, t in opening[0].lines if top <= HEAD]
        assert head and head[0].endswith(plain(session["number"])), (heading, head)


def test_a_debrief_answer_prints_under_its_question_in_both_guides(tmp_path: Path) -> None:
    data = yaml.safe_load((FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8"))
    session = data["sessions"][0]
    activity = next(a for a in session["activities"] if a.get("debrief"))
    answer = "Le plus souvent la durée des effets ; relier à la dépendance."
    activity["debrief"] = [{"question": "Qu'est-ce qui vous a surpris ?", "answer": answer}]
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(sessions=[session, *data["sessions"][1:]])}))
    files = built(ctx)
    text = plain(" ".join(p.text for p in pages_of(files["guides/stage-mini.pdf"], tmp_path)))
    question_at = text.index("Qu'est-ce qui vous a surpris ?", text.index("Questions de bilan de la séance"))
    assert text.index("→ Le plus souvent la durée des effets", question_at) > question_at
    html = plain(files["guides/stage-mini.html"].decode("utf-8"))
    assert "surpris ?<p class=\"answer\">→ Le plus souvent la durée des effets ; relier à la dépendance.</p>" in html


def test_a_long_title_runs_on_one_line_of_the_running_head(tmp_path: Path) -> None:
    long = ("Stage de sensibilisation aux dangers de l'usage de produits stupéfiants organisé en deux journées "
            "pour les personnes majeures")
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(title=long)}))
    pages = pages_of(built(ctx)["guides/stage-mini.pdf"], tmp_path)
    heads = [h for p in pages[1:] if (h := [plain(t) for top, _, t in p.lines if top <= HEAD])
             and not any("FORMULAIRE VIERGE" in line for line in h)]  # blank forms have no running head
    assert len(heads) > 5 and all(len(h) == 1 for h in heads), heads  # one line, nothing wrapped under it
    assert all(h[0].startswith("Stage de sensibilisation aux dangers de l'usage de produits") for h in heads), [h for h in heads if not h[0].startswith("Stage")]
    assert all("… " in h[0] and "majeures" not in h[0] for h in heads)



def test_the_running_head_calls_the_programme_what_the_deck_footer_does(tmp_path: Path) -> None:
    """A long title with a subtitle: the guide's running head and every deck's footer both keep the part
    before " — " (before, the guide cut it at a word and the decks before the dash)."""
    import io as _io

    from pptx import Presentation

    from builder.render import decks

    title = "Stage de citoyenneté — module pour les personnes majeures condamnées à une peine de stage"
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(title=title)}))
    pages = pages_of(built(ctx)["guides/stage-mini.pdf"], tmp_path)
    heads = [plain(h[0]) for p in pages[1:] if (h := [t for top, _, t in p.lines if top <= HEAD])
             and not any("FORMULAIRE VIERGE" in line for line in h)]
    assert len(heads) > 5 and all(h.startswith("Stage de citoyenneté ") and "module" not in h for h in heads), heads
    footers = set()
    for artifact in decks.render(ctx):
        for slide in list(Presentation(_io.BytesIO(artifact.data)).slides)[1:]:
            footers.update(plain(s.text_frame.text) for s in slide.shapes
                           if s.has_text_frame and not s.is_placeholder and "Stage" in s.text_frame.text)
    assert footers == {"Stage de citoyenneté"}

@pytest.mark.slow
@pytest.mark.parametrize("path", sorted((REPO / "curricula" / "programmes").glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_guides_have_no_short_page_and_no_orphan_punctuation(path: Path, tmp_path: Path) -> None:
    project, _ = validate(REPO)
    ctx = RenderContext(project=project, stamp=STAMP)
    view = next((v for v in ctx.views() if v.programme.id == path.stem), None)
    if view is None:
        pytest.skip(f"{path.name} does not validate")
    one = RenderContext(project=type(project)(root=project.root, frameworks=project.frameworks, programmes=[view.loaded]), stamp=STAMP)
    pdf = built(one)[f"guides/{path.stem}.pdf"]
    pages = pages_of(pdf, tmp_path)
    assert short_pages(pages, chapter_starts(one)) == []
    if view.programme.language == "fr":
        assert orphan_punctuation(pages) == []


def orphan_punctuation(pages: list[Page]) -> list[str]:
    """Lines a French reader would flag: starting with : ; ? ! or », or ending with «."""
    found = []
    for number, page in enumerate(pages, start=1):
        for _, _, line in page.lines:
            if re.match(r"^[:;?!»]", line) or line.endswith("«"):
                found.append(f"p{number}: {line}")
    return found


def test_french_guide_has_no_punctuation_or_guillemet_alone_at_a_line_edge(
    mini: tuple[RenderContext, dict[str, bytes]], tmp_path: Path
) -> None:
    _, files = mini
    pages = pages_of(files["guides/stage-mini.pdf"], tmp_path)
    assert orphan_punctuation(pages) == []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files["guides/stage-mini.pdf"])).pages)
    assert "Cadre légal\u00a0:" in text  # the no-break space itself is in the PDF's text


# ---------------------------------------------------------------- forms


def test_attendance_sheet_for_twenty_fits_one_page(tmp_path: Path) -> None:
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(group_size={"min": 7, "max": 20})}))
    files = built(ctx)
    alone = pages_of(files["forms/stage-mini/attendance.pdf"], tmp_path)
    assert len(alone) == 1 and alone[0].landscape
    assert "20" in alone[0].text.split() and "Organisme" in alone[0].text
    in_guide = [p for p in pages_of(files["guides/stage-mini.pdf"], tmp_path) if p.landscape]
    assert len(in_guide) == 1


def test_attendance_sheet_for_more_than_twenty_repeats_the_identification_block(tmp_path: Path) -> None:
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(group_size={"min": 7, "max": 25})}))
    alone = pages_of(built(ctx)["forms/stage-mini/attendance.pdf"], tmp_path)
    assert len(alone) == 2
    for page in alone:
        for words in ("Feuille d’émargement", "Organisme", "Signature et cachet de l’organisme", "Nom et prénom"):
            assert words in page.text.replace("\u00a0", " "), words
    numbers = [int(w) for p in alone for w in p.text.split() if w.isdigit() and int(w) <= 25]
    assert set(range(1, 26)) <= set(numbers)


def test_forms_alone_carry_no_page_number_no_stamp_and_their_title_once(
    mini: tuple[RenderContext, dict[str, bytes]], tmp_path: Path
) -> None:
    _, files = mini
    for name, title in (("attendance", "Feuille d’émargement"), ("attestation", "Attestation de fin de stage")):
        pages = pages_of(files[f"forms/stage-mini/{name}.pdf"], tmp_path)
        assert len(pages) == 1
        text = pages[0].text
        assert "Page " not in text and "abc1234" not in text
        assert text.count(title) == 1
    guide = pages_of(files["guides/stage-mini.pdf"], tmp_path)
    form_pages = [p for p in guide if "Formulaire vierge" in p.text.replace("\u00a0", " ").replace("FORMULAIRE VIERGE", "Formulaire vierge")
                  or "FORMULAIRE VIERGE" in p.text]
    assert len(form_pages) == 2
    assert all("Page " not in p.text and "abc1234" not in p.text for p in form_pages)


def test_cover_does_not_repeat_the_title(tmp_path: Path) -> None:
    title = "Stage de sensibilisation aux dangers de l'usage de produits stupéfiants"
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(title=title)}))
    cover = pages_of(built(ctx)["guides/stage-mini.pdf"], tmp_path)[0].text.replace("\n", " ")
    assert cover.count("dangers de l’usage") == 1  # the kind's title equals the programme's: printed once


def test_a_second_day_is_day_two(tmp_path: Path) -> None:
    sessions = [dict(MINI["sessions"][0], day=1), dict(MINI["sessions"][1], day=15, start="09:00")]
    ctx = ctx_for(make_project(tmp_path / "p", {"stage-mini": programme(sessions=sessions)}))
    text = "\n".join(p.text for p in pages_of(built(ctx)["guides/stage-mini.pdf"], tmp_path)).replace("\u00a0", " ")
    assert "Jour 2 · 09:00–11:30" in text
    assert "Jour 15" not in text


# ---------------------------------------------------------------- accessibility and fonts


def test_guide_and_forms_are_tagged_with_title_language_and_embedded_fonts(mini: tuple[RenderContext, dict[str, bytes]]) -> None:
    _, files = mini
    for path in ("guides/stage-mini.pdf", "forms/stage-mini/attendance.pdf", "forms/stage-mini/attestation.pdf"):
        reader = PdfReader(io.BytesIO(files[path]))
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog, path  # tagged PDF
        assert catalog["/MarkInfo"]["/Marked"], path
        assert catalog["/Lang"] == "fr", path
        assert reader.metadata is not None and reader.metadata.title, path
        assert unembedded_fonts(files[path]) == [], path
    assert PdfReader(io.BytesIO(files["guides/stage-mini.pdf"])).metadata.title.startswith("Guide de l’animateur — ")


def test_english_guide_is_tagged_in_english(tmp_path: Path) -> None:
    ctx = ctx_for(make_project(tmp_path / "p", {"track-adults": english_track()}))
    reader = PdfReader(io.BytesIO(built(ctx)["guides/track-adults.pdf"]))
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_a_typst_template_error_is_located_in_the_template(tmp_path: Path) -> None:
    org = tmp_path / "org"
    (org / "guide").mkdir(parents=True)
    (org / "guide" / "cover.typ").write_text("#let cover(d, L) = {\n  d.no_such_key\n}\n", encoding="utf-8")
    result = compile_pdf("guide/guide.typ", {"labels": {}}, title="t", language="fr", template_dirs=(org,))
    assert result.pdf is None
    assert any(p.location.line == 2 and str(org / "guide" / "cover.typ") in p.location.path for p in result.problems), [
        p.format() for p in result.problems
    ]


def test_an_unknown_font_stops_the_print_with_its_template_line(tmp_path: Path) -> None:
    org = tmp_path / "org"
    (org / "guide").mkdir(parents=True)
    common = (REPO / "templates" / "guide" / "common.typ").read_text(encoding="utf-8")
    (org / "guide" / "common.typ").write_text(common.replace('#let serif = "DejaVu Serif"', '#let serif = "Stagecraft Missing Serif"'), encoding="utf-8")
    root = make_project(tmp_path / "p", {"stage-mini": programme()})
    out = tmp_path / "build"
    problems, summary = run_build(BuildOptions(root=root, out=out, targets=("guides",), template_dirs=(org,), quiet=True, use_cache=False))
    messages = [p.format() for p in problems]
    assert summary == "" and len(messages) == 1
    assert "unknown font family: stagecraft missing serif" in messages[0]
    assert f"{org / 'guide' / 'common.typ'}:" in messages[0]
