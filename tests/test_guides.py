"""Facilitator guides: golden HTML, PDF text and fonts, labels in one language, blank forms,
and template failures that leave the previous build in place.

Regenerate the golden HTML on purpose only (after a deliberate change to the guide), then
review the diff before committing it:

    STAGECRAFT_REGEN_GOLDEN=1 python -m pytest -q tests/test_guides.py -k golden
"""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from builder.build import BuildOptions, run_build
from builder.load.project import Project
from builder.model.programme import Method
from builder.render import guides
from builder.render.context import BuildStamp, ProgrammeView, RenderContext
from builder.render.guide_data import half_days, sheets
from builder.render.guide_pdf import requested_fonts, unembedded_fonts
from builder.validate.runner import validate
from tests.conftest import FIXTURES, REPO, require_tool

GOLDEN = Path(__file__).resolve().parent / "golden"
STAMP = BuildStamp("abc1234", False, dt.date(2025, 1, 15))
LABELS = REPO / "templates" / "labels"


# ---------------------------------------------------------------- helpers


class _Text(html.parser.HTMLParser):
    """Visible text of an HTML page: no <style>, <head> or tags, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "head", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "head", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def squeeze(text: str) -> str:
    """Runs of spaces and line breaks as one space; no-break spaces are kept (French typography)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return squeeze(" ".join(parser.parts))


def section(page: str, anchor: str) -> str:
    """The HTML inside the element with ``id=anchor`` up to the end of its section."""
    match = re.search(r'id="' + re.escape(anchor) + r'"[^>]*>(.*?)</section>', page, re.S)
    assert match, anchor
    return match.group(1)


def pdf_text(pdf: bytes, tmp: Path) -> str:
    pdftotext = require_tool("pdftotext", "the PDF guide's text is read with poppler's pdftotext")
    path = tmp / "guide.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    return out.stdout


CODES = frozenset({"id", "language", "framework", "kind", "type", "method", "phase", "criteria", "severity", "value"})
"""Model fields holding codes, not prose: the guide shows labels for them, never the codes."""


def strings_in(value: Any) -> Iterator[str]:
    """Every prose string inside a dumped model (the words a designer or framework author wrote)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in CODES:
                yield from strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)


def template_words(text: str, view: ProgrammeView) -> str:
    """The text with every string from the programme and framework files cut out.

    What is left comes from the templates and labels, which is what must be in the
    programme's language; the programme's own words are the designer's business.
    """
    content = set(strings_in(view.programme.model_dump(mode="json")))
    content |= set(strings_in(view.framework.model_dump(mode="json", by_alias=True)))
    for item in sorted((squeeze(c) for c in content if c.strip()), key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(item) + r"(?!\w)", " ", text)
    return text


def foreign_labels(language: str) -> dict[str, str]:
    """Labels of the other language whose value differs from this language's value."""
    own = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
    other = "en" if language == "fr" else "fr"
    theirs = yaml.safe_load((LABELS / f"{other}.yaml").read_text(encoding="utf-8"))
    mine = {str(v).strip() for v in own.values()}
    return {k: str(v).strip() for k, v in theirs.items() if str(v).strip() not in mine}


def found_labels(text: str, labels: dict[str, str]) -> list[str]:
    hits = []
    for key, value in labels.items():
        if re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text):
            hits.append(f"{key}={value!r}")
    return hits


def english_track(sessions: int = 15) -> str:
    """A valid English resocialisation programme (adults: 15 sessions of 2 h, three phases)."""
    phases = ["anamnesis"] * 3 + ["focus"] * 9 + ["evaluation"] * 3
    lines = []
    for n in range(1, sessions + 1):
        lines.append(
            textwrap.dedent(
                f"""\
                - id: s{n:02d}
                  title: "Week {n}: taking stock of step {n}"
                  phase: {phases[n - 1]}
                  day: {1 + 7 * (n - 1)}
                  start: "17:00"
                  duration: 2h
                  summary: "The group reviews step {n} and plans the week ahead."
                  objectives: ["Name one change made since last week."]
                  activities:
                    - title: "Check-in round {n}"
                      duration: 50min
                      method: discussion
                      instructions: ["Each member reports on the homework."]
                      questions: ["What went well this week?"]
                      expected_answers: ["I paid my first instalment."]
                      facilitator_notes: ["Keep each turn short."]
                      materials: ["Flip chart"]
                      debrief: ["What will you do differently?"]
                      slides: ["One change", "One difficulty"]
                    - title: "Tea"
                      duration: 10min
                      method: break
                    - title: "Budget exercise {n}"
                      duration: 1h
                      method: exercise
                      instructions: ["Hand out the budget sheet."]
                      facilitator_notes: ["Pair stronger readers with weaker ones."]
                      materials: ["Budget sheets", "Calculators"]
                      slides: ["Income", "Fixed costs", "What is left"]
                  homework: ["Write down every expense for a week."]
                """
            )
        )
    body = textwrap.indent("".join(lines), "  ")
    return (
        textwrap.dedent(
            """\
            id: track-adults
            title: "Social training for adults"
            language: en
            framework: resocialisation
            kind: adults
            routes: [court-obligation]
            version: "2.1"
            summary: "Fifteen weekly sessions to deal with debts, work and housing."
            rationale: "Clients learn best by working on their own situation."
            audience: "Adults on probation with a reasonable obligation to attend social training."
            objectives: ["Make an individual plan.", "Deal with debts."]
            fee_eur: 0
            group_size: {min: 6, max: 10}
            staff: ["Activation worker"]
            room: "A quiet room with a table for ten."
            preparation: ["Read each client's referral."]
            start_time: "17:00"
            interviews:
              - type: preliminary
                duration: 1h
                timing: "Before the first session"
                led_by: "Activation worker"
                topics: ["The tripartite agreement"]
                notes: ["Explain what happens on breach."]
            completion:
              criteria: [attendance, individual_plan]
              description: "Attend at least 30 hours and write an individual plan."
              non_completion: "The probation officer is told within a week."
            disclosure: "Tell the probation officer the same day."
            phases:
              - {id: anamnesis, title: "Anamnesis"}
              - {id: focus, title: "Focus"}
              - {id: evaluation, title: "Evaluation"}
            sessions:
            """
        )
        + body
    )


def make_project(root: Path, programmes: dict[str, str]) -> Path:
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    for name, text in programmes.items():
        (root / "curricula" / "programmes" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def context(root: Path, start_time: int | None = None) -> RenderContext:
    project, problems = validate(root)
    errors = [p.format() for p in problems if p.severity.value == "error"]
    assert not errors, errors
    return RenderContext(project=project, stamp=STAMP, start_time=start_time)


MINI = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def mini_ctx(tmp_path_factory: pytest.TempPathFactory) -> RenderContext:
    return context(make_project(tmp_path_factory.mktemp("mini"), {"stage-mini": MINI}))


@pytest.fixture(scope="module")
def mini_built(mini_ctx: RenderContext) -> dict[str, bytes]:
    """The mini stage's guides, rendered once for the module."""
    return {a.path: a.data for a in guides.render(mini_ctx)}


@pytest.fixture(scope="module")
def english_ctx(tmp_path_factory: pytest.TempPathFactory) -> RenderContext:
    return context(make_project(tmp_path_factory.mktemp("en"), {"track-adults": english_track()}))


@pytest.fixture(scope="module")
def english_built(english_ctx: RenderContext) -> dict[str, bytes]:
    return {a.path: a.data for a in guides.render(english_ctx)}


# ---------------------------------------------------------------- golden HTML


def test_golden_html_of_the_mini_stage(mini_ctx: RenderContext) -> None:
    page = guides.render_html(mini_ctx, mini_ctx.views()[0])
    golden = GOLDEN / "stage-mini.html"
    if os.environ.get("STAGECRAFT_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page, encoding="utf-8")
    assert golden.is_file(), "no golden file: run STAGECRAFT_REGEN_GOLDEN=1 python -m pytest tests/test_guides.py -k golden"
    assert page == golden.read_text(encoding="utf-8"), (
        "the guide HTML changed; if on purpose, regenerate with "
        "STAGECRAFT_REGEN_GOLDEN=1 python -m pytest -q tests/test_guides.py -k golden and review the diff"
    )


# ---------------------------------------------------------------- artifacts and HTML content


def test_render_returns_an_html_and_a_pdf_per_programme(mini_built: dict[str, bytes]) -> None:
    assert sorted(mini_built) == ["guides/stage-mini.html", "guides/stage-mini.pdf"]
    assert mini_built["guides/stage-mini.pdf"].startswith(b"%PDF-")
    assert mini_built["guides/stage-mini.html"].decode("utf-8").startswith("<!DOCTYPE html>")


def test_cover_carries_the_build_stamp(mini_ctx: RenderContext) -> None:
    text = visible_text(guides.render_html(mini_ctx, mini_ctx.views()[0]))
    assert "Version du programme 1.0" in text
    assert "Révision abc1234" in text
    assert "Date de la révision 15 janvier 2025" in text
    assert "Cadre légal\u00a0: Code pénal, art. 131-5-1, 3°" in text

    dirty = RenderContext(project=mini_ctx.project, stamp=BuildStamp("abc1234", True, dt.date(2025, 1, 15)))
    text = visible_text(guides.render_html(dirty, dirty.views()[0]))
    assert "abc1234 (modifications non validées)" in text
    outside = RenderContext(project=mini_ctx.project, stamp=BuildStamp("unknown", False, dt.date(2025, 1, 15)))
    text = visible_text(guides.render_html(outside, outside.views()[0]))
    assert "Révision hors suivi de versions" in text
    assert "unknown" not in text


def test_every_framework_rule_is_stated_with_its_text_and_source(mini_ctx: RenderContext) -> None:
    view = mini_ctx.views()[0]
    text = visible_text(guides.render_html(mini_ctx, view))
    rules = [getattr(view.rules, name) for name in type(view.rules).model_fields]
    stated = [rule for rule in rules if rule is not None]
    assert len(stated) == 8  # 7 framework-wide rules and the stupéfiants group size
    for rule in stated:
        assert squeeze(rule.text) in text
        assert rule.source in text
    assert squeeze(view.kind.content) in text
    assert view.kind.content_source in text
    assert "En vigueur depuis le 24 mars 2020" in text
    assert "Formation effective maximale par jour 6 h" in text
    assert "Coût maximal pour la personne 450\u00a0€" in text
    assert "Entretiens obligatoires Entretien préalable" in text
    assert "7 à 12 participants" in text


def test_run_sheet_times_add_up_and_breaks_are_shown(mini_ctx: RenderContext) -> None:
    text = visible_text(guides.render_html(mini_ctx, mini_ctx.views()[0]))
    run_sheet = text.split("Minutage", 1)[1].split("Activités", 1)[0]
    assert squeeze(run_sheet) == squeeze(
        """Horaire Durée Activité Méthode
           09:00–09:45 45 min Accueil et règles du groupe Brise-glace
           09:45–10:00 15 min Pause Pause
           10:00–12:00 2 h Quiz sur l'usage et ses effets Quiz
           09:00–12:00 3 h Total de la séance (dont formation effective 2 h 45)"""
    )
    afternoon = text.split("Séance 2", 2)[2]
    assert "13:30–15:30 2 h Étude de cas : l'accident Étude de cas" in afternoon
    assert "15:30–16:00 30 min Bilan de la journée Bilan" in afternoon
    assert "13:30–16:00 2 h 30 Total de la séance (dont formation effective 2 h 30)" in afternoon


def test_start_time_option_moves_the_run_sheet(mini_ctx: RenderContext) -> None:
    ctx = RenderContext(project=mini_ctx.project, stamp=STAMP, start_time=8 * 60 + 30)
    text = visible_text(guides.render_html(ctx, ctx.views()[0]))
    assert "08:30–09:15 45 min Accueil et règles du groupe" in text
    assert "09:15–09:30 15 min Pause" in text
    # the afternoon session has its own start in the programme, which the option does not move
    assert "13:30–15:30 2 h Étude de cas" in text


def test_activities_use_the_content_notes_layout(mini_ctx: RenderContext) -> None:
    page = guides.render_html(mini_ctx, mini_ctx.views()[0])
    assert page.count('<table class="script">') == 4  # four activities, the break is a bar
    first = visible_text(section(page, "session-matin-a1"))
    assert first.startswith("09:00–09:45 Accueil et règles du groupe Méthode\u00a0: Brise-glace · Durée\u00a0: 45 min")
    assert "Contenu Notes pour l'animateur" in first
    assert "Questions à poser Qu'attendez-vous de cette journée ?" in first
    assert "Réponses attendues [« Rien, je suis obligé d'être là. »]" in first
    assert "Conseils d'animation Accueillir sans juger les réticences." in first


def test_session_chapters_gather_materials_debrief_and_interviews(mini_ctx: RenderContext) -> None:
    page = guides.render_html(mini_ctx, mini_ctx.views()[0])
    text = visible_text(page)
    morning = text.split("Séance 1 Les produits", 1)[1].split("Séance 2 La loi", 1)[0]
    assert "Matériel à préparer Badges prénoms" in morning
    assert "Questions de bilan de la séance Quiz sur l'usage et ses effets Qu'est-ce qui vous a surpris ?" in morning
    afternoon = text.split("Séance 2 La loi", 1)[1]
    assert "Aucun matériel particulier pour cette séance." in afternoon
    assert "Entretiens Entretien préalable Moment Dans les deux semaines précédant le stage Durée 45 min" in text
    assert page.count('<span class="box" aria-hidden="true"></span>') == (
        1  # the morning's badges
        + 1  # preparation: the attendance sheet
        + 2  # interview topics
        + 2  # completion criteria
        + 1  # the attestation's legal route (the fixture accepts one: peine)
    )


def test_blank_attendance_sheet_has_a_cell_per_participant_per_half_day(mini_ctx: RenderContext) -> None:
    page = guides.render_html(mini_ctx, mini_ctx.views()[0])
    sheet = section(page, "attendance")
    assert sheet.count('class="row-number"') == 12  # group_size.max
    assert re.findall(r'data-half="([^"]+)"', sheet) == ["1-morning", "1-afternoon"]
    text = visible_text(sheet)
    assert "N° Nom et prénom Jour 1 — matin 09:00–12:00 Date\u00a0: Jour 1 — après-midi 13:30–16:00 Date\u00a0:" in text
    for field in ("Organisme", "Responsable de l'encadrement technique et administratif", "N° d'agrément ou de convention", "Lieu (adresse)", "Signature et cachet de l'organisme"):
        assert field in text
    rows = re.findall(r"<tr><td class=\"row-number\">\d+</td>(.*?)</tr>", sheet)
    assert rows and all(row == "<td></td>" * 3 for row in rows)  # blank: name and two signatures


def test_blank_attestation_has_the_fields_of_the_rules(mini_ctx: RenderContext) -> None:
    page = guides.render_html(mini_ctx, mini_ctx.views()[0])
    form = visible_text(section(page, "attestation"))
    assert form.startswith("Attestation de fin de stage Formulaire vierge à imprimer")
    for field in (
        "Nom Prénom Date et lieu de naissance",
        "Type de stage Stage de sensibilisation aux dangers de l'usage de produits stupéfiants",
        "Cadre légal Code pénal, art. 131-5-1, 3°",
        "Référence de la décision",
        "Dates du stage du au",
        "Heures de formation effectuées",
        "Durée prévue 5 h 15",
        "Nom de l'organisme",
        "Fait à le Signature et cachet de l'organisme",
    ):
        assert field in form
    assert "C. pén. art. R131-40" in form


# ---------------------------------------------------------------- the PDF


def test_pdf_holds_every_session_title_and_run_sheet_time(mini_built: dict[str, bytes], tmp_path: Path) -> None:
    text = squeeze(pdf_text(mini_built["guides/stage-mini.pdf"], tmp_path))
    for title in ("Les produits et leurs effets", "La loi et la responsabilité"):
        assert title in text
    for span in ("09:00–09:45", "09:45–10:00", "10:00–12:00", "13:30–15:30", "15:30–16:00", "13:30–16:00"):
        assert span in text


def test_pdf_is_a4_with_numbered_pages_and_a_paged_contents(mini_built: dict[str, bytes], tmp_path: Path) -> None:
    from pypdf import PdfReader
    import io

    pdf = mini_built["guides/stage-mini.pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    portrait = [p for p in reader.pages if float(p.mediabox.width) < float(p.mediabox.height)]
    assert portrait and all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in portrait)
    landscape = [p for p in reader.pages if float(p.mediabox.width) > float(p.mediabox.height)]
    assert len(landscape) == 1  # the attendance sheet
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")
    assert f"Page 2 / {count}" in pages[1]
    assert "Page" not in pages[0]  # the cover carries no number
    contents = squeeze(pages[1])
    match = re.search(r"Séance 1 — Les produits et leurs effets[ .]*?(\d+)", contents)
    assert match, contents
    assert "Les produits et leurs effets" in pages[int(match.group(1)) - 1]


def test_pdf_embeds_every_font(mini_built: dict[str, bytes], tmp_path: Path) -> None:
    pdf = mini_built["guides/stage-mini.pdf"]
    assert unembedded_fonts(pdf) == []
    pdffonts = require_tool("pdffonts", "poppler's pdffonts lists the fonts of the PDF")
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert listing
    assert all(line.split()[-5] == "yes" for line in listing), listing  # the "emb" column
    assert any("DejaVuSerif" in line.replace("-", "") for line in listing)
    assert any("DejaVuSans" in line.replace("-", "") for line in listing)


def test_unembedded_fonts_are_reported() -> None:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject
    import io

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    out = io.BytesIO()
    writer.write(out)
    assert unembedded_fonts(out.getvalue()) == ["/Helvetica"]


def test_requested_fonts_reads_the_first_family_of_each_declaration() -> None:
    page = """<style>
      @font-face { font-family: "House Font"; src: url(house.woff2); }
      body { font-family: "DejaVu Serif", serif; }
      h1 { font-family: 'House Font', sans-serif; }
      th { font-family: Marianne, "DejaVu Sans", sans-serif; }
      code { font-family: monospace; }
    </style>"""
    assert requested_fonts(page) == ["DejaVu Serif", "Marianne"]


# ---------------------------------------------------------------- one language per guide


def test_french_guide_holds_no_english_label(mini_ctx: RenderContext, mini_built: dict[str, bytes], tmp_path: Path) -> None:
    view = mini_ctx.views()[0]
    english = foreign_labels("fr")
    assert "Session" in english.values() and "Break" in english.values()
    page_text = template_words(visible_text(mini_built["guides/stage-mini.html"].decode("utf-8")), view)
    assert found_labels(page_text, english) == []
    printed = template_words(squeeze(pdf_text(mini_built["guides/stage-mini.pdf"], tmp_path)), view)
    assert found_labels(printed, english) == []


def test_english_guide_holds_no_french_label(
    english_ctx: RenderContext, english_built: dict[str, bytes], tmp_path: Path
) -> None:
    view = english_ctx.views()[0]
    french = foreign_labels("en")
    assert "Séance" in french.values() and "Pause" in french.values()
    page_text = template_words(visible_text(english_built["guides/track-adults.html"].decode("utf-8")), view)
    assert found_labels(page_text, french) == []
    printed = template_words(squeeze(pdf_text(english_built["guides/track-adults.pdf"], tmp_path)), view)
    assert found_labels(printed, french) == []
    assert "Certificate of completion" in page_text
    assert "Attendance sheet" in page_text


def test_english_fifteen_session_guide(english_ctx: RenderContext, english_built: dict[str, bytes], tmp_path: Path) -> None:
    page = english_built["guides/track-adults.html"].decode("utf-8")
    text = visible_text(page)
    assert "Legal basis: People in Need (Člověk v tísni) social training programme standard" in text
    assert "Revision date 15 January 2025" in text
    assert "Required phases Anamnesis → Focus → Evaluation" in text
    assert "Training hours 30 h (breaks included)" in text
    assert "Training time per day 2 h per day" in text
    # fifteen weekly evenings: fifteen afternoon half-days over two sheets of 8 and 7 columns
    assert page.count('class="form attendance"') == 2
    assert re.findall(r'data-half="(\d+)-afternoon"', page) == [str(1 + 7 * n) for n in range(15)]
    assert "Sheet 1 / 2" in text and "Sheet 2 / 2" in text
    assert page.count('class="row-number"') == 2 * 10
    printed = squeeze(pdf_text(english_built["guides/track-adults.pdf"], tmp_path))
    for n in range(1, 16):
        assert f"Week {n}: taking stock of step {n}" in printed
    assert "17:00–17:50" in printed and "17:50–18:00" in printed and "18:00–19:00" in printed


# ---------------------------------------------------------------- half-days


def test_half_days_of_the_mini_stage(mini_ctx: RenderContext) -> None:
    columns = half_days(mini_ctx.views()[0].sessions)
    assert [(h.key, h.start, h.end) for h in columns] == [("1-morning", 540, 720), ("1-afternoon", 810, 960)]


def test_a_whole_day_session_with_lunch_gives_two_half_days(write_programme, project: Path) -> None:
    text = MINI.replace("id: stage-mini", "id: day").split("sessions:")[0] + textwrap.dedent(
        """\
        sessions:
          - id: jour
            title: "La journée"
            phase: ouverture
            duration: 7h
            objectives: ["Tout voir."]
            activities:
              - {title: "Matin", duration: 3h, method: discussion}
              - {title: "Déjeuner", duration: 1h, method: break}
              - {title: "Après-midi", duration: 2h45, method: case_study}
              - {title: "Pause", duration: 15min, method: break}
        """
    )
    write_programme("day", text)
    project_model, _ = validate(project)
    ctx = RenderContext(project=project_model, stamp=STAMP)
    columns = half_days(ctx.views()[0].sessions)
    assert [(h.key, h.start, h.end) for h in columns] == [("1-morning", 540, 720), ("1-afternoon", 780, 945)]


def test_sheets_split_half_days_evenly() -> None:
    assert [len(s) for s in sheets(tuple(range(15)))] == [8, 7]  # type: ignore[arg-type]
    assert [len(s) for s in sheets(tuple(range(8)))] == [8]  # type: ignore[arg-type]
    assert [len(s) for s in sheets(tuple(range(17)))] == [6, 6, 5]  # type: ignore[arg-type]
    assert sheets(()) == ()


# ---------------------------------------------------------------- through the build


def _build(root: Path, out: Path, templates: tuple[Path, ...] = ()) -> tuple[list[str], str]:
    problems, summary = run_build(BuildOptions(root=root, out=out, targets=("guides",), template_dirs=templates))
    return [p.format() for p in problems], summary


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def first_build(mini_project: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    out = tmp_path / "build"
    problems, summary = _build(mini_project, out)
    assert problems == [] and summary.startswith("built guides for 1 programme(s): 2 file(s)")
    before = _snapshot(out / "guides")
    assert sorted(before) == ["stage-mini.html", "stage-mini.pdf"]
    return mini_project, out, before


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "guide/session.html.j2",
            "<section>\n{% if chapter.timed %}\n<h1>{{ chapter.timed.number }}</h1>\n",
            "{folder}/guide/session.html.j2:3:1: error[template]: template syntax error: Unexpected end of "
            "template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block "
            "that needs to be closed is 'if'.",
        ),
        (
            "guide/cover.html.j2",
            "<section>{{ programme.subtitle }}</section>\n",
            "{folder}/guide/cover.html.j2:1:1: error[template]: 'builder.model.programme.Programme object' "
            "has no attribute 'subtitle'",
        ),
        (
            "guide/cover.html.j2",
            "<section>{{ labels.guide_no_such_label }}</section>\n",
            "{folder}/guide/cover.html.j2:1:1: error[template]: no label 'guide_no_such_label' for "
            "language 'fr'",
        ),
    ],
)
def test_a_broken_template_fails_cleanly_and_keeps_the_previous_guides(
    first_build: tuple[Path, Path, dict[str, bytes]], tmp_path: Path, name: str, text: str, expected: str
) -> None:
    root, out, before = first_build
    org = tmp_path / "org-templates"
    (org / name).parent.mkdir(parents=True)
    (org / name).write_text(text, encoding="utf-8")
    problems, summary = _build(root, out, (org,))
    assert problems == [expected.format(folder=org)]
    assert summary == ""
    assert _snapshot(out / "guides") == before
    assert sorted(p.name for p in out.iterdir()) == ["guides"]  # no staging left behind


def test_a_missing_font_names_the_font_and_keeps_the_previous_guides(
    first_build: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
) -> None:
    root, out, before = first_build
    org = tmp_path / "org-templates"
    (org / "guide").mkdir(parents=True)
    (org / "guide" / "guide.css").write_text('body { font-family: "Stagecraft Missing Sans", serif; }\n', encoding="utf-8")
    problems, _ = _build(root, out, (org,))
    assert len(problems) == 1
    assert problems[0].startswith(
        "guide/guide.html.j2: error[template]: font 'Stagecraft Missing Sans' is not installed "
        "(fontconfig's fc-list does not know it)"
    )
    assert _snapshot(out / "guides") == before


def test_an_organisation_template_replaces_one_part_of_the_guide(mini_project: Path, tmp_path: Path) -> None:
    org = tmp_path / "org-templates"
    (org / "guide").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "guide" / "preparation.html.j2", org / "guide" / "preparation.html.j2")
    custom = (org / "guide" / "preparation.html.j2").read_text(encoding="utf-8")
    custom = custom.replace("</section>", "  <p>Association Horizon — 12 rue des Lilas, Angers</p>\n</section>")
    (org / "guide" / "preparation.html.j2").write_text(custom, encoding="utf-8")
    out = tmp_path / "build"
    problems, _ = _build(mini_project, out, (org,))
    assert problems == []
    page = visible_text((out / "guides" / "stage-mini.html").read_text(encoding="utf-8"))
    assert "Association Horizon — 12 rue des Lilas, Angers" in page
    assert "Feuille d'émargement" in page  # the rest still comes from the defaults


def test_generated_output_has_no_leftovers(mini_built: dict[str, bytes], english_built: dict[str, bytes]) -> None:
    for path, data in {**mini_built, **english_built}.items():
        if path.endswith(".html"):
            text = visible_text(data.decode("utf-8"))
            for leftover in ("TODO", "None", "{{", "{%", "undefined", "Undefined"):
                assert leftover not in text, (path, leftover)


def test_breaks_use_the_break_method(mini_ctx: RenderContext) -> None:
    # the run sheet marks breaks by text as well as shading, so it reads in black and white
    page = guides.render_html(mini_ctx, mini_ctx.views()[0])
    rows = re.findall(r'<tr class="break">(.*?)</tr>', page, re.S)
    breaks = [a for s in mini_ctx.views()[0].programme.sessions for a in s.activities if a.method is Method.BREAK]
    assert len(rows) == len(breaks) == 1
    assert "Pause" in visible_text(rows[0])


# ---------------------------------------------------------------- the shipped programmes


SHIPPED = sorted((REPO / "curricula" / "programmes").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped_ctx() -> RenderContext:
    project, problems = validate(REPO)
    bad = {p.location.path for p in problems if p.severity.value == "error"}
    project.programmes = [p for p in project.programmes if p.display not in bad]
    return RenderContext(project=project, stamp=STAMP)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_programme_guide_speaks_one_language(shipped_ctx: RenderContext, path: Path) -> None:
    view = next((v for v in shipped_ctx.views() if v.programme.id == path.stem), None)
    if view is None:
        pytest.skip(f"{path.name} does not validate (stagecraft validate reports why)")
    page = guides.render_html(shipped_ctx, view)
    text = visible_text(page)
    foreign = foreign_labels(view.programme.language)
    assert found_labels(template_words(text, view), foreign) == []
    for leftover in ("TODO", "None", "{{", "{%", "Undefined"):
        assert leftover not in text
    for timed in view.sessions:
        assert timed.session.title in text
        for item in timed.activities:
            assert f"{item.start // 60:02d}:{item.start % 60:02d}–{item.end // 60:02d}:{item.end % 60:02d}" in text
    assert page.count('class="row-number"') == view.programme.group_size.max * len(build_guide_sheets(view))


def build_guide_sheets(view: ProgrammeView) -> tuple[Any, ...]:
    return sheets(half_days(view.sessions))
