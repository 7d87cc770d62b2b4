"""Slide decks: what each slide says, its speaker notes, the master, and a real LibreOffice.

Decks are compared by content (titles, placeholder names, text, notes), never by
bytes: a saved .pptx carries timestamps.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml
from lxml import etree
from pptx import Presentation
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide

from builder.build import BuildOptions, run_build
from builder.problems import has_errors
from builder.render import decks
from builder.render.context import RenderContext, TemplateProblem
from builder.render.deck_master import DeckMaster
from builder.render.deck_text import Fit, line_count, paginate, sentences, wrap
from builder.validate.runner import validate
from conftest import FIXTURES, REPO, plain, require_tool

NBSP = " "  # slide text is compared through plain(); typography is pinned in test_typography.py
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


# --- helpers ------------------------------------------------------------------------------------


def render(root: Path, template_dirs: tuple[Path, ...] = (), allow_errors: bool = False) -> dict[str, bytes]:
    """Validate the project at ``root`` and render its decks: ``{path: bytes}``."""
    project, problems = validate(root)
    if not allow_errors:
        assert not has_errors(problems), "\n".join(p.format() for p in problems)
    artifacts = decks.render(RenderContext(project=project, template_dirs=template_dirs))
    return {a.path: a.data for a in artifacts}


def open_deck(data: bytes) -> PresentationObject:
    return Presentation(io.BytesIO(data))


def title_of(slide: Slide) -> str:
    return plain(slide.shapes.title.text_frame.text)


def titles(prs: PresentationObject) -> list[str]:
    return [title_of(s) for s in prs.slides]


def body_of(slide: Slide) -> list[str]:
    """The paragraphs of the slide's non-title placeholder (body or subtitle)."""
    others = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0]
    assert len(others) <= 1
    return [plain(p.text) for p in others[0].text_frame.paragraphs] if others else []


def notes_of(slide: Slide) -> str:
    return plain(slide.notes_slide.notes_text_frame.text)


def slide_titled(prs: PresentationObject, title: str) -> Slide:
    return next(s for s in prs.slides if title_of(s) == title)


def mini_yaml() -> dict:
    return yaml.safe_load((FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def fifteen_sessions() -> dict:
    """An English resocialisation track with 15 two-hour sessions (the adults' framework)."""
    sessions = []
    for n in range(1, 16):
        phase = "anamnesis" if n <= 5 else "focus" if n <= 12 else "evaluation"
        sessions.append(
            {
                "id": f"s{n:02d}",
                "title": f"Session topic number {n}: working on the individual plan",
                "phase": phase,
                "day": 1 + 7 * (n - 1),
                "duration": "2h",
                "objectives": [f"Take step {n} of the individual plan."],
                "homework": [f"Note one thing about step {n}."],
                "activities": [
                    {
                        "title": f"Group work {n}",
                        "duration": "1h45",
                        "method": "small_groups",
                        "instructions": ["Groups discuss and add one step to their plan."],
                        "questions": ["What is the next small step?"],
                        "expected_answers": ["Calling the landlord."],
                        "slides": ["One step", "One helper"],
                    },
                    {"title": "Break", "duration": "15min", "method": "break"},
                ],
            }
        )
    return {
        "id": "reso-fifteen",
        "title": "Social training for adults",
        "language": "en",
        "framework": "resocialisation",
        "kind": "adults",
        "routes": ["court-obligation"],
        "version": "2.0",
        "summary": "Fifteen sessions from anamnesis to evaluation.",
        "audience": "Adults under probation supervision.",
        "objectives": ["Build an individual plan."],
        "fee_eur": 0,
        "group_size": {"min": 4, "max": 8},
        "staff": ["Activation worker"],
        "start_time": "14:00",
        "completion": {
            "criteria": ["attendance", "individual_plan"],
            "description": "Attend at least 30 hours and complete the individual plan.",
        },
        "phases": [
            {"id": "anamnesis", "title": "Anamnesis"},
            {"id": "focus", "title": "Focus"},
            {"id": "evaluation", "title": "Evaluation"},
        ],
        "sessions": sessions,
    }


GEORGIAN_SESSION = "სესია 1: შესავალი"
GEORGIAN_ACTIVITY = "ჯგუფური მუშაობა"


def georgian() -> dict:
    """The mini stage with Georgian titles and key points (language stays fr)."""
    data = mini_yaml()
    data["id"] = "stage-ka"
    data["sessions"][0]["title"] = GEORGIAN_SESSION
    data["sessions"][0]["activities"][0]["title"] = GEORGIAN_ACTIVITY
    data["sessions"][0]["activities"][0]["slides"] = ["პატივისცემა", "კონფიდენციალურობა", "საათები"]
    return data


@pytest.fixture
def mini_decks(mini_project: Path) -> dict[str, bytes]:
    return render(mini_project)


# --- what the decks say -------------------------------------------------------------------------


def test_a_deck_per_session_and_an_overview_per_programme(mini_decks: dict[str, bytes]) -> None:
    assert sorted(mini_decks) == [
        "decks/stage-mini/apres-midi.pptx",
        "decks/stage-mini/matin.pptx",
        "decks/stage-mini/overview.pptx",
    ]


def test_session_deck_slides_in_delivery_order(mini_decks: dict[str, bytes]) -> None:
    prs = open_deck(mini_decks["decks/stage-mini/matin.pptx"])
    assert titles(prs) == [
        "Les produits et leurs effets",
        "Objectifs",
        "Déroulé de la séance",
        "Accueil et règles du groupe",
        "Pause",
        "Quiz sur l'usage et ses effets",
        "Fin de la séance",
    ]
    assert [s.slide_layout.name for s in prs.slides] == [
        "Title Slide",
        "Title and Content",
        "Title and Content",
        "Title and Content",
        "Section Header",
        "Title and Content",
        "Section Header",
    ]


def test_title_slide_names_programme_phase_and_timing(mini_decks: dict[str, bytes]) -> None:
    first = open_deck(mini_decks["decks/stage-mini/matin.pptx"]).slides[0]
    assert body_of(first) == [
        "Stage de sensibilisation aux dangers des stupéfiants — format court",
        f"Phase{NBSP}: Ouverture",
        "Séance 1/2 · Jour 1 · 09:00–12:00 · 3 h",
    ]
    second = open_deck(mini_decks["decks/stage-mini/apres-midi.pptx"]).slides[0]
    assert body_of(second)[2] == "Séance 2/2 · Jour 1 · 13:30–16:00 · 2 h 30"


def test_agenda_gives_each_activity_its_clock_times(mini_decks: dict[str, bytes]) -> None:
    agenda = slide_titled(open_deck(mini_decks["decks/stage-mini/matin.pptx"]), "Déroulé de la séance")
    assert body_of(agenda) == [
        "09:00–09:45   Accueil et règles du groupe (45 min)",
        "09:45–10:00   Pause (15 min)",
        "10:00–12:00   Quiz sur l'usage et ses effets (2 h)",
    ]
    assert notes_of(agenda) == (
        f"Horaire{NBSP}: Jour 1, 09:00–12:00 (3 h)\n\nHeures de formation{NBSP}: 2 h 45"
    )


def test_activity_slide_shows_key_points_and_notes_hold_the_facilitator_script(mini_decks: dict[str, bytes]) -> None:
    slide = slide_titled(open_deck(mini_decks["decks/stage-mini/matin.pptx"]), "Accueil et règles du groupe")
    assert body_of(slide) == ["Respect de la parole", "Confidentialité", "Horaires"]
    assert notes_of(slide) == "\n".join(
        [
            f"Horaire{NBSP}: 09:00–09:45 (45 min) · Brise-glace",
            "",
            f"Déroulé{NBSP}:",
            "– Chacun se présente par son prénom et une attente pour la journée.",
            "",
            f"Questions à poser{NBSP}:",
            "– Qu'attendez-vous de cette journée ?",
            "",
            f"Réponses attendues{NBSP}:",
            "– « Rien, je suis obligé d'être là. »",
            "",
            f"Conseils d'animation{NBSP}:",
            "– Accueillir sans juger les réticences.",
            "",
            f"Matériel{NBSP}:",
            "– Badges prénoms",
        ]
    )


def test_break_and_debrief_slides(mini_decks: dict[str, bytes]) -> None:
    prs = open_deck(mini_decks["decks/stage-mini/matin.pptx"])
    pause = slide_titled(prs, "Pause")
    assert body_of(pause) == ["09:45–10:00 · 15 min"]
    assert notes_of(pause) == f"Horaire{NBSP}: 09:45–10:00 (15 min) · Pause"
    quiz = slide_titled(prs, "Quiz sur l'usage et ses effets")  # the debrief is on the activity's own slide
    assert body_of(quiz) == [
        "Effets immédiats",
        "Effets à long terme",
        "Dépendance",
        "Questions de bilan",
        "Qu'est-ce qui vous a surpris ?",
    ]
    assert notes_of(quiz).endswith(f"Questions de bilan{NBSP}:\n– Qu'est-ce qui vous a surpris ?")
    assert not any(title_of(s) == "Questions de bilan" for s in prs.slides)


def test_closing_slide_announces_next_session_or_end_of_programme(mini_decks: dict[str, bytes]) -> None:
    first = open_deck(mini_decks["decks/stage-mini/matin.pptx"]).slides[-1]
    assert body_of(first) == [f"Prochaine séance{NBSP}: La loi et la responsabilité", "Jour 1 · 13:30–16:00"]
    last = open_deck(mini_decks["decks/stage-mini/apres-midi.pptx"]).slides[-1]
    assert title_of(last) == "Fin de la séance"
    assert body_of(last) == ["Fin du programme"]
    assert f"Validation du stage{NBSP}: Présence à l'ensemble de la journée." in notes_of(last)


def test_every_slide_has_notes_and_only_filled_named_placeholders(mini_decks: dict[str, bytes]) -> None:
    expected = {
        "Title Slide": ["Title 1", "Subtitle 2"],
        "Title and Content": ["Title 1", "Content Placeholder 2"],
        "Section Header": ["Title 1", "Text Placeholder 2"],
    }
    for path, data in mini_decks.items():
        for number, slide in enumerate(open_deck(data).slides, start=1):
            where = f"{path} slide {number}"
            assert [ph.name for ph in slide.placeholders] == expected[slide.slide_layout.name], where
            assert all(ph.text_frame.text.strip() for ph in slide.placeholders), where
            assert notes_of(slide).strip(), where
            notes_body = slide.notes_slide.notes_text_frame._txBody.bodyPr
            assert notes_body.find(f"{A}normAutofit") is not None, where  # printed notes shrink, slides never
            assert not [s for s in slide.shapes if s.shape_type is not None and s.shape_type == 13], where  # pictures


def _package_problems(data: bytes) -> list[str]:
    """Parts that are not well-formed XML, and what presentation.xml fails to list."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(name))
                except etree.XMLSyntaxError as exc:
                    problems.append(f"{name}: {exc}")
        root = etree.fromstring(package.read("ppt/presentation.xml"))
        slides = [n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        listed = root.findall(f"{P}sldIdLst/{P}sldId")
        if len(listed) != len(slides):
            problems.append(f"presentation.xml lists {len(listed)} slides, the package holds {len(slides)}")
        if root.find(f"{P}notesMasterIdLst/{P}notesMasterId") is None:
            problems.append("presentation.xml does not list the notes master")
    return problems


def test_decks_are_well_formed_packages(mini_project: Path, tmp_path: Path) -> None:
    for data in render(mini_project).values():
        assert _package_problems(data) == []
    folder = tmp_path / "org"
    (folder / "deck").mkdir(parents=True)
    Presentation().save(str(folder / "deck" / "master.pptx"))  # a master without a notes master
    for data in render(mini_project, (folder,)).values():
        assert _package_problems(data) == []


def test_text_is_tagged_with_the_programme_language(mini_decks: dict[str, bytes]) -> None:
    slide = open_deck(mini_decks["decks/stage-mini/matin.pptx"]).slides[3]
    langs = {r._r.rPr.get("lang") for ph in slide.placeholders for p in ph.text_frame.paragraphs for r in p.runs}
    assert langs == {"fr-FR"}


def test_overview_presents_programme_legal_basis_rules_and_plan(mini_decks: dict[str, bytes]) -> None:
    prs = open_deck(mini_decks["decks/stage-mini/overview.pptx"])
    assert titles(prs) == [
        "Stage de sensibilisation aux dangers des stupéfiants — format court",
        "Présentation",
        "Objectifs",
        "Cadre légal",
        "Règles principales",
        "Phases",
        "Programme des séances",
        "Validation du stage",
    ]
    assert body_of(prs.slides[0]) == [
        "3° Stage de sensibilisation aux dangers de l'usage de produits stupéfiants",
        "Code pénal, art. 131-5-1",
        "Version 1.0",
    ]
    legal = body_of(slide_titled(prs, "Cadre légal"))
    assert legal[:2] == [
        "Code pénal, art. 131-5-1",
        f"Type de stage{NBSP}: 3° Stage de sensibilisation aux dangers de l'usage de produits stupéfiants",
    ]
    assert legal[2] == "En vigueur depuis le 24 mars 2020"
    in_force_notes = notes_of(slide_titled(prs, "Cadre légal"))
    assert "C. pén. art. 131-5-1, 3° (version en vigueur le 24 mars 2020)" in in_force_notes
    rules = slide_titled(prs, "Règles principales")
    assert f"Formation effective maximale par jour{NBSP}: 6 h" in body_of(rules)  # the value on the slide
    # ... and the rule's text with its source in the notes of that slide
    assert "La durée de la formation effective ne peut excéder six heures par jour. (C. pén. art. R131-36)" in notes_of(rules)
    session_plan = slide_titled(prs, "Programme des séances")
    assert body_of(session_plan) == [  # numbered by the list itself, never "• 1."
        "Les produits et leurs effets — Jour 1, 09:00–12:00 (3 h)",
        "La loi et la responsabilité — Jour 1, 13:30–16:00 (2 h 30)",
    ]
    numbering = [p._p.find(f".//{A}buAutoNum") for p in session_plan.placeholders[1].text_frame.paragraphs]
    assert [n.get("startAt") for n in numbering] == ["1", "2"]
    assert body_of(slide_titled(prs, "Phases")) == [
        "Ouverture — Séance 1",
        "Approfondissement — Séance 2",
        "Entretiens",
        "Entretien préalable : 45 min",
    ]
    facts = body_of(slide_titled(prs, "Présentation"))
    assert f"Participation financière{NBSP}: 190{NBSP}€" in facts
    summary = "Une journée pour comprendre les effets des produits stupéfiants sur la santé et la société."
    assert summary not in facts and summary in notes_of(slide_titled(prs, "Présentation"))


def test_long_list_is_split_over_slides_not_shrunk(write_programme: Callable[[str, str], Path], project: Path) -> None:
    data = mini_yaml()
    many = [f"Point clé numéro {n}" for n in range(1, 15)]
    data["sessions"][0]["activities"][0]["slides"] = many
    long = [f"Argument {n} : " + "une phrase assez longue qui occupe plusieurs lignes sur la diapositive " * 3 for n in range(1, 5)]
    data["sessions"][0]["activities"][2]["slides"] = long
    write_programme("stage-mini", dump(data))
    prs = open_deck(render(project)["decks/stage-mini/matin.pptx"])

    split = [s for s in prs.slides if title_of(s).startswith("Accueil et règles du groupe")]
    assert [title_of(s) for s in split] == [f"Accueil et règles du groupe ({n}/2)" for n in (1, 2)]
    assert [len(body_of(s)) for s in split] == [7, 7]  # at most 7 a slide, spread evenly
    assert [p for s in split for p in body_of(s)] == many
    script = "Chacun se présente par son prénom et une attente pour la journée."
    assert script in notes_of(split[0])
    assert script not in notes_of(split[1])  # a continuation carries its own notes, not the script again
    assert notes_of(split[1]) == f"Horaire{NBSP}: 09:00–09:45 (45 min) · Brise-glace\nActivité{NBSP}: Accueil et règles du groupe"

    # Four points of four lines each: fewer than six points, but too many lines for one slide.
    quiz = [s for s in prs.slides if title_of(s).startswith("Quiz sur l'usage")]
    assert len(quiz) == 2
    debrief = ["Questions de bilan", "Qu'est-ce qui vous a surpris ?"]
    assert [p for s in quiz for p in body_of(s)] == [p.strip() for p in long] + debrief
    fit = DeckMaster.load(()).fit
    for slide in split + quiz:
        assert sum(line_count(p, fit.line_ems) for p in body_of(slide)) <= fit.max_lines
        for ph in slide.placeholders:
            body_pr = ph.text_frame._txBody.bodyPr
            assert body_pr.find(f"{A}normAutofit") is None
            assert all(r.font.size is None for p in ph.text_frame.paragraphs for r in p.runs)


def test_session_plan_of_fifteen_sessions_is_split_in_english(write_programme: Callable[[str, str], Path], project: Path) -> None:
    write_programme("reso-fifteen", dump(fifteen_sessions()))
    built = render(project)
    assert len(built) == 16
    prs = open_deck(built["decks/reso-fifteen/overview.pptx"])
    plan = [s for s in prs.slides if title_of(s).startswith("Session plan")]
    assert [title_of(s) for s in plan] == ["Session plan (1/3)", "Session plan (2/3)", "Session plan (3/3)"]
    points = [p for s in plan for p in body_of(s)]
    assert len(points) == 15
    assert points[0] == "Session topic number 1: working on the individual plan — Day 1, 14:00–16:00 (2 h)"
    assert points[14].startswith("Session topic number 15")
    starts = [p._p.find(f".//{A}buAutoNum").get("startAt") for s in plan for p in s.placeholders[1].text_frame.paragraphs]
    assert starts == [str(n) for n in range(1, 16)]  # numbering goes on across the parts
    assert "Session topic number 1:" in notes_of(plan[0]) and "Session topic number 6:" not in notes_of(plan[0])
    assert body_of(slide_titled(prs, "Phases")) == [
        "Anamnesis — Sessions 1–5",
        "Focus — Sessions 6–12",
        "Evaluation — Sessions 13–15",
    ]
    session = open_deck(built["decks/reso-fifteen/s15.pptx"])
    assert titles(session) == [
        "Session topic number 15: working on the individual plan",
        "Objectives",
        "Agenda",
        "Group work 15",
        "Break",
        "End of the session",
    ]
    assert body_of(session.slides[-1]) == ["End of the programme", "Before the next session", "Note one thing about step 15."]
    assert notes_of(session.slides[3]).startswith("Time: 14:00–15:45 (1 h 45 min) · Small groups")


def test_french_decks_carry_no_english_label(mini_decks: dict[str, bytes]) -> None:
    fr = yaml.safe_load((REPO / "templates" / "labels" / "fr.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((REPO / "templates" / "labels" / "en.yaml").read_text(encoding="utf-8"))
    english_only = {v for v in en.values() if len(v) > 3} - set(fr.values())
    seen = []
    for data in mini_decks.values():
        for slide in open_deck(data).slides:
            seen.append(title_of(slide).split(" (")[0])
            seen += [line.rstrip(":").strip() for line in notes_of(slide).splitlines() if line.endswith(":")]
            seen += [line.split(":")[0].strip() for line in notes_of(slide).splitlines() if ":" in line]
    assert sorted(set(seen) & english_only) == []


def test_georgian_titles_are_kept_as_text(write_programme: Callable[[str, str], Path], project: Path) -> None:
    write_programme("stage-ka", dump(georgian()))
    prs = open_deck(render(project)["decks/stage-ka/matin.pptx"])
    assert titles(prs)[0] == GEORGIAN_SESSION
    assert body_of(slide_titled(prs, GEORGIAN_ACTIVITY)) == ["პატივისცემა", "კონფიდენციალურობა", "საათები"]
    assert body_of(prs.slides[0])[1] == f"Phase{NBSP}: Ouverture"  # labels stay French


# --- the master ---------------------------------------------------------------------------------


def test_default_master_is_16_9_with_layouts_scaled_to_the_page() -> None:
    prs = Presentation(str(REPO / "templates" / "deck" / "master.pptx"))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            assert 0 <= ph.left and ph.left + ph.width <= prs.slide_width, (layout.name, ph.name)
            assert 0 <= ph.top and ph.top + ph.height <= prs.slide_height, (layout.name, ph.name)
    content = {ph.name: ph for ph in prs.slide_layouts.get_by_name("Title and Content").placeholders}
    assert content["Content Placeholder 2"].width / prs.slide_width == pytest.approx(0.9, abs=0.01)
    assert len(prs.slides) == 0


def test_committed_master_matches_make_master_script() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import make_master
    finally:
        sys.path.pop(0)
    fresh = Presentation(io.BytesIO(make_master.make_master()))
    committed = Presentation(str(REPO / "templates" / "deck" / "master.pptx"))

    def shape(prs: PresentationObject) -> list[tuple[object, ...]]:
        return [
            (layout.name, ph.name, ph.left, ph.top, ph.width, ph.height)
            for layout in prs.slide_layouts
            for ph in layout.placeholders
        ]

    assert shape(fresh) == shape(committed)
    assert (fresh.slide_width, fresh.slide_height) == (committed.slide_width, committed.slide_height)


def _custom_master(tmp_path: Path, edit: Callable[[PresentationObject], None]) -> Path:
    """A --templates folder whose deck/master.pptx is the default master after ``edit``."""
    prs = Presentation(str(REPO / "templates" / "deck" / "master.pptx"))
    edit(prs)
    folder = tmp_path / "org-templates"
    (folder / "deck").mkdir(parents=True)
    prs.save(str(folder / "deck" / "master.pptx"))
    return folder


def test_missing_layout_lists_the_layouts_the_master_has(mini_project: Path, tmp_path: Path) -> None:
    def rename(prs: PresentationObject) -> None:
        prs.slide_layouts.get_by_name("Section Header")._element.cSld.set("name", "Intercalaire")

    folder = _custom_master(tmp_path, rename)
    with pytest.raises(TemplateProblem) as caught:
        render(mini_project, (folder,))
    assert str(caught.value) == (
        f"{folder / 'deck' / 'master.pptx'}: the slide master has no layout named 'Section Header' "
        "(decks need 'Title Slide', 'Title and Content', 'Section Header'); its layouts are: "
        "'Title Slide', 'Title and Content', 'Intercalaire', 'Two Content', 'Comparison', 'Title Only', "
        "'Blank', 'Content with Caption', 'Picture with Caption', 'Title and Vertical Text', "
        "'Vertical Title and Text'"
    )


def test_missing_placeholder_role_lists_the_layout_placeholders(mini_project: Path, tmp_path: Path) -> None:
    def drop_subtitle(prs: PresentationObject) -> None:
        layout = prs.slide_layouts.get_by_name("Title Slide")
        sub = next(ph for ph in layout.placeholders if ph.name == "Subtitle 2")
        sub._element.getparent().remove(sub._element)

    folder = _custom_master(tmp_path, drop_subtitle)
    with pytest.raises(TemplateProblem) as caught:
        render(mini_project, (folder,))
    assert str(caught.value) == (
        f"{folder / 'deck' / 'master.pptx'}: layout 'Title Slide' has no subtitle placeholder; it has: "
        "'Title 1' (title), 'Date Placeholder 3' (date), 'Footer Placeholder 4' (footer), "
        "'Slide Number Placeholder 5' (slide_number)"
    )


def test_organisation_master_replaces_the_default(mini_project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "org"
    (folder / "deck").mkdir(parents=True)
    Presentation().save(str(folder / "deck" / "master.pptx"))  # python-pptx's own 4:3 template
    prs = open_deck(render(mini_project, (folder,))["decks/stage-mini/matin.pptx"])
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
    assert titles(prs)[0] == "Les produits et leurs effets"


def test_build_with_a_broken_master_fails_and_keeps_previous_decks(mini_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    problems, summary = run_build(BuildOptions(root=mini_project, out=out, targets=("decks",), quiet=True, jobs=1))
    assert summary and not has_errors(problems)
    deck = out / "decks" / "stage-mini" / "matin.pptx"
    before = deck.read_bytes()
    assert titles(open_deck(before))[0] == "Les produits et leurs effets"

    folder = tmp_path / "org"
    (folder / "deck").mkdir(parents=True)
    (folder / "deck" / "master.pptx").write_text("not a presentation", encoding="utf-8")
    options = BuildOptions(root=mini_project, out=out, targets=("decks",), template_dirs=(folder,), quiet=True, jobs=1)
    problems, summary = run_build(options)
    assert summary == ""
    messages = [p.format() for p in problems]
    assert len(messages) == 1
    assert messages[0].startswith(f"{folder / 'deck' / 'master.pptx'}: error[template]: not a valid .pptx slide master")
    assert deck.read_bytes() == before


# --- text fitting -------------------------------------------------------------------------------


def test_paginate_counts_points_and_wrapped_lines() -> None:
    fit = Fit(line_ems=20, max_lines=6, max_points=3)
    assert paginate(["a", "b", "c"], fit) == [["a", "b", "c"]]
    assert paginate(["a", "b", "c", "d"], fit) == [["a", "b"], ["c", "d"]]
    assert paginate(list("abcdefg"), fit) == [["a", "b", "c"], ["d", "e"], ["f", "g"]]
    three_lines = "mot " * 24  # 24 four-em words: wraps on three lines of 20 ems
    assert line_count(three_lines, 20) == 3
    assert paginate([three_lines, three_lines, "x"], fit) == [[three_lines.strip(), three_lines.strip()], ["x"]]
    assert paginate([], fit) == []
    long_word = "anticonstitutionnellement" * 3  # wider than a line: cut, never overflowing
    assert all(line_count(piece, 20) == 1 for piece in wrap(long_word, 20))
    assert "".join(wrap(long_word, 20)) == long_word


@settings(max_examples=200, deadline=None)
@given(
    points=st.lists(st.text(alphabet="ab cdéმ.", min_size=1, max_size=300).filter(str.strip), max_size=30),
    max_lines=st.integers(1, 12),
    max_points=st.integers(1, 8),
)
def test_paginate_keeps_every_word_in_order_and_within_the_fit(points: list[str], max_lines: int, max_points: int) -> None:
    fit = Fit(line_ems=12, max_lines=max_lines, max_points=max_points)
    pages = paginate(points, fit)
    assert all(pages)
    # every character kept, in order (a word wider than a line is cut, so compare without spaces)
    assert "".join(p for page in pages for p in page).replace(" ", "") == "".join(points).replace(" ", "")
    for page in pages:
        assert len(page) <= max_points
        assert sum(line_count(p, 12) for p in page) <= max_lines


def test_a_point_longer_than_a_slide_is_cut_between_sentences() -> None:
    fit = Fit(line_ems=20, max_lines=2)
    text = "Première phrase assez longue pour une ligne. Voir C. pén. art. R131-36 pour le détail. Fin."
    pages = paginate([text], fit)
    assert len(pages) > 1
    assert " ".join(p for page in pages for p in page) == text
    assert all(line_count(p, 20) <= 2 for page in pages for p in page)
    assert sentences("Voir C. pén. art. R131-36 pour le détail. Fin.") == ["Voir C. pén. art. R131-36 pour le détail.", "Fin."]


# --- the real client: LibreOffice ---------------------------------------------------------------


def _convert(soffice: str, decks_in: Path, out: Path, profile: Path, timeout: int = 600) -> None:
    """Convert every .pptx of ``decks_in`` to PDF in ONE soffice run; kill it if it hangs."""
    files = sorted(str(p) for p in decks_in.glob("*.pptx"))
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
               "--convert-to", "pdf", "--outdir", str(out), *files]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"soffice did not finish converting {len(files)} decks in {timeout} s (killed)")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, output.decode(errors="replace")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_opens_every_shipped_deck(project: Path, write_programme: Callable[[str, str], Path], tmp_path: Path) -> None:
    soffice = require_tool("soffice", "decks are checked in a real LibreOffice")
    require_tool("pdftotext", "the converted decks' text is read with poppler")
    require_tool("pdfinfo", "the converted decks' page count is read with poppler")
    for shipped in sorted((REPO / "curricula" / "programmes").glob("*.yaml")):
        shutil.copy(shipped, project / "curricula" / "programmes" / shipped.name)
    shutil.copy(FIXTURES / "stage-mini.yaml", project / "curricula" / "programmes" / "stage-mini.yaml")
    write_programme("stage-ka", dump(georgian()))
    # Shipped programmes are checked by their own tests; here every one that loads must give decks that open.
    built = render(project, allow_errors=True)
    flat = tmp_path / "decks"
    flat.mkdir()
    for path, data in built.items():
        _, programme, name = path.split("/")
        (flat / f"{programme}__{name}").write_bytes(data)
    pdfs = tmp_path / "pdf"
    _convert(soffice, flat, pdfs, tmp_path / "lo-profile")

    failures = []
    for deck in sorted(flat.glob("*.pptx")):
        prs = Presentation(str(deck))
        pdf = pdfs / f"{deck.stem}.pdf"
        if not pdf.is_file():
            failures.append(f"{deck.name}: not converted")
            continue
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        if pages != len(prs.slides):
            failures.append(f"{deck.name}: {len(prs.slides)} slides but {pages} PDF pages")
        text = _squash(plain(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout))
        for slide in prs.slides:
            if _squash(plain(title_of(slide))) not in text:
                failures.append(f"{deck.name}: title {title_of(slide)!r} not in the PDF text")
            if not notes_of(slide).strip():
                failures.append(f"{deck.name}: a slide without speaker notes")
    assert failures == []
    assert len(built) >= 3 + 3  # at least the mini stage and its Georgian twin
    georgian_text = subprocess.run(
        ["pdftotext", str(pdfs / "stage-ka__matin.pdf"), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    assert GEORGIAN_SESSION in _squash(georgian_text)


# --- file properties and footers ----------------------------------------------------------------


MINI_TITLE = "Stage de sensibilisation aux dangers des stupéfiants — format court"  # tests/fixtures/stage-mini.yaml


def _app_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("docProps/app.xml").decode()


def _footer_texts(slide: Slide) -> list[str]:
    """The text of the slide's shapes that are not placeholders (the footer boxes)."""
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and not s.is_placeholder]


def test_file_properties_name_the_deck_programme_language_and_author(mini_project: Path) -> None:
    (mini_project / "stagecraft.yaml").write_text("organisation: Association Horizons\n", encoding="utf-8")
    for path, data in render(mini_project).items():
        prs = open_deck(data)
        core = prs.core_properties
        assert core.title.strip() and core.title == title_of(prs.slides[0]), path
        assert core.subject == MINI_TITLE, path
        assert core.language == "fr-FR", path
        assert core.author == "Association Horizons", path
        assert core.last_modified_by == "Association Horizons", path
        assert core.created is not None and core.created.year != 2013, path
        assert core.modified is not None and core.modified.year != 2013, path
        assert core.revision == 1, path
        app = _app_xml(data)
        assert "<PresentationFormat>On-screen Show (16:9)</PresentationFormat>" in app, path
        assert "4:3" not in app, path
        assert f"<Slides>{len(prs.slides)}</Slides>" in app, path


def test_without_an_organisation_the_author_is_empty_never_python_pptx(mini_decks: dict[str, bytes]) -> None:
    for path, data in mini_decks.items():
        core = open_deck(data).core_properties
        assert core.author == "" and core.last_modified_by == "", path
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            props = package.read("docProps/core.xml").decode()
        assert "Steve Canny" not in props and "python-pptx" not in props, path


def test_the_master_itself_says_16_9_and_names_no_author() -> None:
    data = (REPO / "templates" / "deck" / "master.pptx").read_bytes()
    app = _app_xml(data)
    assert "<PresentationFormat>On-screen Show (16:9)</PresentationFormat>" in app
    assert "4:3" not in app
    core = open_deck(data).core_properties
    assert core.last_modified_by == "" and core.author == ""
    assert core.created.year != 2013


def test_a_broken_settings_file_is_reported_where_it_is_wrong(mini_project: Path) -> None:
    (mini_project / "stagecraft.yaml").write_text("organisation: Horizons\norganization: typo\n", encoding="utf-8")
    _, problems = validate(mini_project)
    found = [p.format() for p in problems if "stagecraft.yaml" in p.format()]
    assert len(found) == 1 and ":2:" in found[0] and "organization" in found[0], found


MINI_SHORT = "Stage de sensibilisation aux dangers des stupéfiants"  # MINI_TITLE before its " — "


def test_every_slide_but_the_title_shows_its_number_and_the_programme(mini_decks: dict[str, bytes]) -> None:
    for path, data in mini_decks.items():
        prs = open_deck(data)
        assert _footer_texts(prs.slides[0]) == [], path  # the title slide stays clean
        for number, slide in enumerate(prs.slides, start=1):
            if number == 1:
                continue
            assert _footer_texts(slide) == [MINI_SHORT, str(number)], (path, number, title_of(slide))


def test_footer_shows_the_short_title_when_the_programme_gives_one(write_programme: Callable[[str, str], Path], project: Path) -> None:
    data = mini_yaml()
    data["short_title"] = "Stage stups (court)"
    write_programme("stage-mini", dump(data))
    prs = open_deck(render(project)["decks/stage-mini/matin.pptx"])
    assert {tuple(_footer_texts(s))[0] for s in list(prs.slides)[1:]} == {"Stage stups (court)"}
    assert prs.core_properties.subject == MINI_TITLE  # the file still names the whole title


def test_short_title_rule() -> None:
    from builder.render.fmt import short_title

    assert short_title("Stage de citoyenneté") == "Stage de citoyenneté"
    assert short_title(MINI_TITLE) == MINI_SHORT
    long = "Programme d'accompagnement vers l'emploi et le logement des personnes sortant de détention"
    assert short_title(long) == "Programme d'accompagnement vers l'emploi et le logement des…"
    assert len(short_title(long)) <= 60
    # typeset French titles: the colon's no-break space is a cut too; a no-break space is never cut at
    typeset = "Stage de responsabilité parentale\u00a0: comprendre, protéger et accompagner ses enfants au quotidien"
    assert short_title(typeset) == "Stage de responsabilité parentale"
    article = "Stage de citoyenneté prévu à l'article\u00a0131-5-1 du Code pénal pour les personnes majeures condamnées"
    assert short_title(article) == "Stage de citoyenneté prévu à l'article\u00a0131-5-1 du Code…"


def test_english_decks_say_en_gb(write_programme: Callable[[str, str], Path], project: Path) -> None:
    write_programme("reso-fifteen", dump(fifteen_sessions()))
    built = render(project)
    prs = open_deck(next(data for path, data in built.items() if path.startswith("decks/reso-fifteen/")))
    assert prs.core_properties.language == "en-GB"


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_prints_the_footer_and_slide_number(mini_decks: dict[str, bytes], tmp_path: Path) -> None:
    soffice = require_tool("soffice", "decks are checked in a real LibreOffice")
    require_tool("pdftotext", "the converted decks' text is read with poppler")
    folder = tmp_path / "decks"
    folder.mkdir()
    data = mini_decks["decks/stage-mini/matin.pptx"]
    (folder / "matin.pptx").write_bytes(data)
    _convert(soffice, folder, tmp_path / "pdf", tmp_path / "lo-profile")
    pdf = str(tmp_path / "pdf" / "matin.pdf")
    for number in range(2, len(open_deck(data).slides) + 1):
        page = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), pdf, "-"], capture_output=True, text=True, timeout=60
        ).stdout
        lines = [_squash(line) for line in page.splitlines() if line.strip()]
        assert MINI_SHORT in lines, (number, lines)
        assert str(number) in lines, (number, lines)


# --- fewer, fuller slides (issue 11): the shipped library ------------------------------------------


@pytest.fixture(scope="module")
def library() -> tuple[dict[str, bytes], RenderContext]:
    """Every deck of the shipped programmes, rendered once for this module, with its render context."""
    project, _ = validate(REPO)
    ctx = RenderContext(project=project)
    return {a.path: a.data for a in decks.render(ctx)}, ctx


def _is_split(title: str) -> bool:
    return re.search(r"\(\d+/\d+\)$", title) is not None


def _base(title: str) -> str:
    return re.sub(r" \(\d+/\d+\)$", "", title)


def test_no_content_slide_is_a_single_one_line_bullet(library: tuple[dict[str, bytes], RenderContext]) -> None:
    built, _ = library
    fit = DeckMaster.load(()).fit
    thin = []
    for path, data in built.items():
        for number, slide in enumerate(open_deck(data).slides, start=1):
            if slide.slide_layout.name != "Title and Content":
                continue  # title, break, section and closing slides
            body = [p for p in body_of(slide) if p.strip()]
            if len(body) == 1 and line_count(body[0], fit.line_ems) == 1:
                thin.append(f"{path} slide {number} {title_of(slide)!r}: {body[0]!r}")
    assert thin == []
    debrief_titled = [p for p, d in built.items() for s in open_deck(d).slides if _base(title_of(s)) in ("Questions de bilan", "Debrief questions")]
    assert debrief_titled == []


def test_each_debrief_question_is_on_its_activity_slide_with_its_answer_in_that_slide_notes(
    library: tuple[dict[str, bytes], RenderContext],
) -> None:
    built, ctx = library
    checked = 0
    for view in ctx.views():
        programme = view.programme
        for session in programme.sessions:
            slides = list(open_deck(built[f"decks/{programme.id}/{session.id}.pptx"]).slides)
            for activity in session.activities:
                for item in activity.debrief:
                    question = plain(item.question)
                    showing = [s for s in slides if question in body_of(s)]
                    where = f"{programme.id}/{session.id}: {question!r}"
                    assert len(showing) == 1, where
                    assert _base(title_of(showing[0])) == plain(activity.title), where
                    assert question in notes_of(showing[0]), where
                    if item.answer.strip():
                        assert plain(item.answer) in notes_of(showing[0]), where
                    checked += 1
    assert checked > 200


def test_continuation_slides_carry_only_their_own_notes(library: tuple[dict[str, bytes], RenderContext]) -> None:
    built, _ = library
    repeated = []
    for path, data in built.items():
        parts: dict[str, list[Slide]] = {}
        for slide in open_deck(data).slides:
            if _is_split(title_of(slide)):
                parts.setdefault(_base(title_of(slide)), []).append(slide)
        for title, group in parts.items():
            seen: set[str] = set()
            for slide in group:
                lines = {line for line in notes_of(slide).splitlines() if len(line) > 60}
                if lines & seen:
                    repeated.append(f"{path} {title!r}: {sorted(lines & seen)[0][:80]!r}")
                seen |= lines
    assert repeated == []


def test_every_slide_title_is_in_the_title_placeholder_read_first(library: tuple[dict[str, bytes], RenderContext]) -> None:
    from pptx.enum.shapes import PP_PLACEHOLDER

    built, _ = library
    layouts = set()
    for path, data in built.items():
        for number, slide in enumerate(open_deck(data).slides, start=1):
            layouts.add(slide.slide_layout.name)
            first = list(slide.shapes)[0]
            where = f"{path} slide {number}"
            assert first.is_placeholder, where
            assert first.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE), where
            assert first.text_frame.text.strip(), where
            assert slide.shapes.title.shape_id == first.shape_id, where
    assert layouts == {"Title Slide", "Title and Content", "Section Header"}


def _debrief_programme(debrief: list[object], slides: list[str]) -> dict:
    data = mini_yaml()
    quiz = data["sessions"][0]["activities"][2]
    quiz["debrief"] = debrief
    quiz["slides"] = slides
    return data


@settings(max_examples=12, deadline=None)
@given(
    items=st.lists(
        st.tuples(
            st.text(alphabet="abcdefgh ijklmnopé", min_size=3, max_size=120).filter(lambda t: len(t.strip()) >= 3),
            st.text(alphabet="qrstuvwxyz ABC", min_size=0, max_size=200),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda item: item[0].strip(),
    ),
    key_points=st.integers(0, 7),
)
def test_debrief_answers_follow_their_questions_whatever_the_length(
    tmp_path_factory: pytest.TempPathFactory, items: list[tuple[str, str]], key_points: int
) -> None:
    root = tmp_path_factory.mktemp("debrief") / "proj"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    debrief = [{"question": f"Q{n} {q.strip()} ?", "answer": f"A{n} {a}".strip()} for n, (q, a) in enumerate(items)]
    data = _debrief_programme(debrief, [f"Point {n}" for n in range(1, key_points + 1)])
    (root / "curricula" / "programmes" / "stage-mini.yaml").write_text(dump(data), encoding="utf-8")
    slides = list(open_deck(render(root)["decks/stage-mini/matin.pptx"]).slides)
    for entry in debrief:
        question = " ".join(entry["question"].split())
        showing = [s for s in slides if any(" ".join(p.split()) == question for p in body_of(s))]
        assert len(showing) == 1, question
        notes = " ".join(notes_of(showing[0]).split())
        assert question in notes
        assert " ".join(entry["answer"].split()) in notes
        assert _base(title_of(showing[0])) == "Quiz sur l'usage et ses effets"
        # the answer follows its own question in the notes, before the next question
        after = notes.split(question, 1)[1]
        assert after.lstrip(" →").startswith(" ".join(entry["answer"].split()))


@settings(max_examples=12, deadline=None)
@given(points=st.lists(st.text(alphabet="abcdefghij klmnop", min_size=2, max_size=40).filter(lambda t: t.strip()), min_size=1, max_size=7))
def test_lists_of_up_to_seven_short_items_are_never_split(tmp_path_factory: pytest.TempPathFactory, points: list[str]) -> None:
    root = tmp_path_factory.mktemp("seven") / "proj"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    data = mini_yaml()
    data["sessions"][0]["activities"][0]["slides"] = points
    data["objectives"] = points
    data["sessions"][0]["objectives"] = points
    (root / "curricula" / "programmes" / "stage-mini.yaml").write_text(dump(data), encoding="utf-8")
    built = render(root)
    for path in ("decks/stage-mini/matin.pptx", "decks/stage-mini/overview.pptx"):
        for slide in open_deck(built[path]).slides:
            assert not _is_split(title_of(slide)), (path, title_of(slide))
    welcome = slide_titled(open_deck(built["decks/stage-mini/matin.pptx"]), "Accueil et règles du groupe")
    assert [" ".join(p.split()) for p in body_of(welcome)] == [" ".join(p.split()) for p in points]


def test_session_decks_link_the_handouts_that_the_build_writes(tmp_path: Path, project: Path) -> None:
    shutil.copy(FIXTURES / "handouts-mini.yaml", project / "curricula" / "programmes" / "handouts-mini.yaml")
    out = tmp_path / "build"
    problems, _ = run_build(BuildOptions(root=project, out=out, targets=("decks", "handouts"), quiet=True, jobs=1))
    assert not has_errors(problems), [p.format() for p in problems]
    deck = out / "decks" / "handouts-mini" / "matin.pptx"
    prs = Presentation(str(deck))
    links: dict[str, list[str]] = {}
    for slide in prs.slides:
        for shape in slide.placeholders:
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    if run.hyperlink.address:
                        links.setdefault(title_of(slide), []).append(run.hyperlink.address)
    assert links[title_of(prs.slides[0])] == ["../../handouts/handouts-mini/matin.pdf"]  # the session's pack
    assert sorted(links["Quiz sur l'usage et ses effets"]) == [
        "../../handouts/handouts-mini/eval-journee.pdf",
        "../../handouts/handouts-mini/quiz-effets.pdf",
    ]
    for targets in links.values():
        for target in targets:
            assert (deck.parent / target).resolve().is_file(), target  # the link opens a file the build wrote
    quiz = slide_titled(prs, "Quiz sur l'usage et ses effets")
    assert "Lire chaque affirmation" in notes_of(quiz)  # the activity's script stays with its documents
    for slide in prs.slides:
        assert "../../handouts" not in notes_of(slide)  # no bare paths in the notes
    with zipfile.ZipFile(deck) as package:
        rels = [package.read(n).decode() for n in package.namelist() if n.startswith("ppt/slides/_rels/")]
    assert any('TargetMode="External"' in r and "handouts-mini/quiz-effets.pdf" in r for r in rels)
