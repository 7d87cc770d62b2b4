"""Outings and external contributors: the preparation each needs, its checks, and where it is printed.

The fixture tests/fixtures/spip-mini.yaml is a small SPIP collective programme with one outing
and one external contributor; the checks' messages are pinned with their locations, and the
guide (HTML and PDF), the deck notes and the site pages are read for the preparation block.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from builder.problems import Severity
from builder.render import decks, guides
from builder.render.context import BuildStamp, ProgrammeView, RenderContext
from builder.site.pages import programme_page, session_page
from builder.validate.runner import validate
from tests.conftest import FIXTURES, plain, require_tool, validate_from

MINI = "curricula/programmes/spip-mini.yaml"
STAMP = BuildStamp("abc1234", False, dt.date(2025, 1, 15))

OUTING_BLOCK = """        outing:
          destination: "Centre de tri des déchets ménagers de la communauté d'agglomération (visite guidée par l'agent d'accueil)."
          transport: "Minibus du service, 15 minutes de trajet."
          authorisation: "Le CPIP référent de chaque participant vérifie que le lieu et le groupe respectent ses interdictions."
          risks: "Chaussures fermées ; gilets fournis par le centre ; assurance du service pour le transport."
          if_unable: "Le participant qui ne peut pas venir fait au SPIP la fiche « Le parcours d'un emballage » avec un CPIP."
          checklist: ["Réserver la visite trois semaines avant.", "Confirmer le minibus la veille."]
"""
CONTRIBUTOR_BLOCK = """        contributor:
          organisation: "Centre de soins, d'accompagnement et de prévention en addictologie (CSAPA) du secteur"
          role: "Infirmier ou éducateur spécialisé du CSAPA"
          brief: ["Présenter l'accueil du CSAPA : gratuit, confidentiel, sans rendez-vous la première fois."]
          must_not: ["Demander à un participant pourquoi il est suivi ou quelle est sa peine."]
          present: "Le CPIP animateur reste dans la salle du début à la fin."
"""


def write(project: Path, edits: list[tuple[str, str]], name: str = "spip-mini.yaml", source: Path | None = None) -> None:
    text = (source or FIXTURES / "spip-mini.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"fixture has no {old!r}"
        text = text.replace(old, new, 1)
    (project / "curricula" / "programmes" / name).write_text(text, encoding="utf-8")


def problems_of(project: Path) -> list[str]:
    _, problems = validate_from(project)
    return [p.format() for p in problems]


def test_the_fixture_with_both_blocks_is_clean(project: Path) -> None:
    write(project, [])
    assert problems_of(project) == []


def test_an_outing_without_its_preparation_is_an_error_with_the_law_it_comes_from(project: Path) -> None:
    write(project, [(OUTING_BLOCK, "")])
    assert problems_of(project) == [
        f"{MINI}:31:17: error[outing-preparation]: sessions[0].activities[0]: expected the outing's preparation "
        "under 'outing:' (destination, transport, authorisation, risks, if_unable) for the outing activity "
        "'Visite guidée du centre de tri', got none (source: C. pén. art. 132-45 (9°, 11°, 12° et 13°) et "
        "art. 132-44 [fr-spip-sessions-collectives])"
    ]


def test_a_contributor_without_a_brief_is_an_error_citing_professional_secrecy(project: Path) -> None:
    write(project, [(CONTRIBUTOR_BLOCK, "")])
    assert problems_of(project) == [
        f"{MINI}:52:17: error[contributor-brief]: sessions[1].activities[0]: expected the contributor's brief "
        "under 'contributor:' (organisation, role, brief, must_not, present) for the external_contributor "
        "activity 'Intervention d'un professionnel du CSAPA', got none (source: Code pénitentiaire, partie "
        "réglementaire (« Les personnels du service pénitentiaire d'insertion et de probation sont tenus au "
        "secret professionnel ») ; C. pén. art. 226-13 [fr-spip-sessions-collectives])"
    ]


def test_a_block_on_an_activity_of_another_method_is_a_warning(project: Path) -> None:
    write(project, [("        method: external_contributor", "        method: discussion")])
    assert problems_of(project) == [
        f"{MINI}:57:11: warning[contributor-brief]: sessions[1].activities[0].contributor: expected method "
        "'external_contributor' for an activity with a 'contributor' block, got 'discussion' (set the method, "
        "or remove the block)"
    ]


def test_a_missing_part_of_the_block_is_a_located_schema_error(project: Path) -> None:
    write(project, [('          if_unable: "Le participant qui ne peut pas venir fait au SPIP la fiche « Le parcours '
                     'd\'un emballage » avec un CPIP."\n', "")])
    found = problems_of(project)
    assert found == [
        f"{MINI}:36:11: error[schema-missing]: sessions[0].activities[0].outing.if_unable: expected the key "
        "'if_unable', found none"
    ]


def test_without_a_framework_rule_a_missing_block_is_still_an_error_without_a_source(project: Path) -> None:
    stage = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")
    stage = stage.replace("        method: case_study", "        method: outing", 1)
    (project / "curricula" / "programmes" / "stage-mini.yaml").write_text(stage, encoding="utf-8")
    found = [p for p in problems_of(project) if "outing" in p]
    assert found == [
        "curricula/programmes/stage-mini.yaml:74:17: error[outing-preparation]: sessions[1].activities[0]: "
        "expected the outing's preparation under 'outing:' (destination, transport, authorisation, risks, "
        "if_unable) for the outing activity 'Étude de cas : l'accident', got none"
    ]


# --- where the preparation is printed -----------------------------------------------------------


@pytest.fixture(scope="module")
def spip_ctx(tmp_path_factory: pytest.TempPathFactory) -> RenderContext:
    root = tmp_path_factory.mktemp("spip") / "proj"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(Path(__file__).resolve().parents[1] / "curricula" / "frameworks", root / "curricula" / "frameworks")
    write(root, [])
    project, problems = validate(root)
    assert not [p for p in problems if p.severity is Severity.ERROR], [p.format() for p in problems]
    return RenderContext(project=project, stamp=STAMP)


EXPECTED_OUTING = [
    "Lieu", "Centre de tri des déchets ménagers",
    "Trajet", "Minibus du service, 15 minutes de trajet.",
    "Autorisation et", "Le CPIP référent de chaque participant vérifie",
    "Sécurité et assurance", "Chaussures fermées",
    "Si un participant ne peut", "Le participant qui ne peut pas venir",
    "Avant le jour de la sortie", "Réserver la visite trois semaines avant.",
]
EXPECTED_CONTRIBUTOR = [
    "Structure", "Centre de soins",
    "Fonction", "Infirmier ou éducateur spécialisé du CSAPA",
    "Qui reste dans la salle", "Le CPIP animateur reste dans la salle",
    "Ce qui est demandé à l'intervenant", "Présenter l'accueil du CSAPA",
    "L'intervenant s'interdit de", "Demander à un participant pourquoi il est suivi",
]


def in_order(text: str, fragments: list[str]) -> None:
    """Each fragment is found in ``text`` after the one before it."""
    position = 0
    for fragment in fragments:
        found = text.find(_words(fragment), position)
        assert found >= 0, f"{fragment!r} not found after position {position}"
        position = found + len(_words(fragment))


def _words(text: str) -> str:
    return " ".join(plain(text).split())


def test_the_html_guide_shows_each_preparation_under_its_activity(spip_ctx: RenderContext) -> None:
    view = spip_ctx.view(spip_ctx.project.programmes[0])
    page = guides.render_html(spip_ctx, view)
    text = _words(re.sub(r"<[^>]+>", " ", page))
    in_order(text, ["Visite guidée du centre de tri", "Préparer la sortie", *EXPECTED_OUTING, "Déroulé",
                    "Intervention d'un professionnel du CSAPA", "Préparer l'intervention", *EXPECTED_CONTRIBUTOR])


def test_the_printed_guide_shows_the_preparation_blocks(spip_ctx: RenderContext, tmp_path: Path) -> None:
    tool = require_tool("pdftotext", "the printed guide's text is read with poppler's pdftotext")
    pdf = next(a.data for a in guides.render(spip_ctx) if a.path.endswith(".pdf"))
    (tmp_path / "guide.pdf").write_bytes(pdf)
    text = _words(subprocess.run([tool, "-layout", str(tmp_path / "guide.pdf"), "-"], capture_output=True,
                                 text=True, check=True).stdout)
    in_order(text, ["PRÉPARER LA SORTIE", *EXPECTED_OUTING, "DÉROULÉ", "PRÉPARER L'INTERVENTION",
                    *EXPECTED_CONTRIBUTOR])


def test_the_deck_notes_carry_the_preparation(spip_ctx: RenderContext) -> None:
    artifacts = {a.path: a.data for a in decks.render(spip_ctx)}
    deck = Presentation(io.BytesIO(artifacts["decks/spip-mini/s2.pptx"]))
    notes = [plain(s.notes_slide.notes_text_frame.text) for s in deck.slides if s.has_notes_slide]
    slide = next(n for n in notes if "Préparer l'intervention" in n)
    assert "Qui reste dans la salle : Le CPIP animateur reste dans la salle du début à la fin." in slide
    assert "L'intervenant s'interdit de :\n– Demander à un participant pourquoi il est suivi" in slide


def test_the_site_pages_show_the_preparation(spip_ctx: RenderContext) -> None:
    view = spip_ctx.view(spip_ctx.project.programmes[0])
    page = plain(programme_page(spip_ctx, view, [], "fr"))
    assert "## Sorties et intervenants extérieurs : ce qu'il faut préparer" in page
    assert "### Préparer la sortie · [Visite guidée du centre de tri](" in page
    assert "- **Trajet** : Minibus du service, 15 minutes de trajet." in page
    session = plain(session_page(spip_ctx, view, view.sessions[1], [], "fr"))
    assert '!!! note "Préparer l\'intervention"' in session
    assert "    - **Qui reste dans la salle** : Le CPIP animateur reste dans la salle du début à la fin." in session
