"""The shipped programme library: the figures a court or a funder would check, and content quality.

Expected figures come from the law and the programme standard (../shared/domain/rules.md), not from the
framework files, so a wrong framework value fails here too.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from builder.load.project import load_project
from builder.model.programme import Criterion, InterviewType, Method, Programme
from conftest import REPO

FRENCH = [
    "citoyennete-majeurs",
    "citoyennete-mineurs",
    "stupefiants",
    "stupefiants-mineurs",
    "responsabilite-parentale",
    "violences-couple",
    "securite-routiere",
    "achat-actes-sexuels",
    "sexisme-egalite",
    "maltraitance-animale",
    "espace-numerique",
]
RESOCIALISATION = ["resocialisation-adults", "resocialisation-minors"]
GEORGIA = ["ge-prevention-minors", "ge-prevention-minors-en"]  # the Georgian original and its English twin
RESPONSABILISATION = {"responsabilite-parentale", "violences-couple"}
SPIP = ["spip-eco-citoyennete", "spip-addictions"]
"""The SPIP's own collective programmes (not peines de stage), after the SPIP de l'Allier, antenne de Montluçon."""


def training_per_day(programme: Programme) -> dict[int, int]:
    """Minutes of non-break activity per stated day, worked out here from the YAML values alone."""
    per_day: dict[int, int] = {}
    for session in programme.sessions:
        assert session.day is not None, (programme.id, session.id)
        work = sum(a.duration for a in session.activities if a.method is not Method.BREAK)
        per_day[session.day] = per_day.get(session.day, 0) + work
    return per_day


@pytest.fixture(scope="module")
def library() -> dict[str, Programme]:
    project = load_project(REPO)
    assert project.problems == []
    return {p.model.id: p.model for p in project.programmes}


def test_every_programme_of_the_sources_is_shipped(library: dict[str, Programme]) -> None:
    assert sorted(library) == sorted(FRENCH + RESOCIALISATION + SPIP + GEORGIA)
    for name in FRENCH + RESOCIALISATION + SPIP + GEORGIA:
        assert (REPO / "curricula" / "programmes" / f"{name}.yaml").is_file()


@pytest.mark.parametrize("name", SPIP)
def test_spip_collective_programmes(library: dict[str, Programme], name: str) -> None:
    """The source: collective workshops run by the SPIP, outings into the City, external contributors (the CSAPA)."""
    programme = library[name]
    assert programme.framework == "fr-spip-sessions-collectives" and programme.language == "fr"
    assert programme.routes == ()  # not a peine de stage: no route of art. 131-5-1
    assert programme.fee_eur == 0
    assert any("SPIP" in entry for entry in programme.staff)
    days = [s.day for s in programme.sessions]
    assert len(days) >= 4 and len(set(days)) == len(days)  # a multi-week group: one session a day …
    assert all(b - a == 7 for a, b in zip(days, days[1:]))  # … once a week
    activities = [a for s in programme.sessions for a in s.activities]
    outings = [a for a in activities if a.method is Method.OUTING]
    contributors = [a for a in activities if a.method is Method.EXTERNAL_CONTRIBUTOR]
    assert outings and contributors
    for outing in outings:
        assert outing.outing is not None and "132-45" in outing.outing.authorisation
        assert outing.outing.if_unable and outing.outing.checklist
    for contributor in contributors:
        assert contributor.contributor is not None
        assert any("peine" in line for line in contributor.contributor.must_not)  # the judicial situation stays confidential
        assert "reste dans la salle" in contributor.contributor.present or "restent dans la salle" in contributor.contributor.present
    if name == "spip-addictions":
        assert len(days) == 6 and any("CSAPA" in c.contributor.organisation for c in contributors if c.contributor)
    kinds = {h.type.value for h in programme.handouts}
    assert {"case_card", "quiz", "worksheet", "evaluation", "information"} <= kinds


@pytest.mark.parametrize("name", FRENCH)
def test_french_stage_figures(library: dict[str, Programme], name: str) -> None:
    programme = library[name]
    assert programme.language == "fr"
    assert programme.framework == "fr-code-penal-131-5-1"
    assert programme.fee_eur <= 450  # C. pén. 131-5-1 and 131-13
    per_day = training_per_day(programme)
    assert max(per_day) - min(per_day) + 1 <= 31  # at most one month
    if name == "securite-routiere":  # C. route R223-5: 2 consecutive days of 7 h
        assert sorted(per_day) == [min(per_day), min(per_day) + 1]
        assert list(per_day.values()) == [7 * 60, 7 * 60]
        assert 6 <= programme.group_size.min and programme.group_size.max <= 20
        assert len(programme.staff) >= 2
    else:
        assert max(per_day.values()) <= 6 * 60  # R131-36
    types = [i.type for i in programme.interviews]
    assert InterviewType.PRELIMINARY in types  # R131-39
    if name in RESPONSABILISATION:
        assert InterviewType.REVIEW in types  # entretien bilan: Médiations 49 practice
    assert Criterion.ATTESTATION in programme.completion.criteria  # R131-40
    assert "procureur" in programme.disclosure.lower()  # Médiations 49


@pytest.mark.parametrize(
    ("name", "sessions", "minimum", "total"),
    [("resocialisation-adults", 15, 120, 30 * 60), ("resocialisation-minors", 14, 150, 35 * 60)],
)
def test_resocialisation_figures(
    library: dict[str, Programme], name: str, sessions: int, minimum: int, total: int
) -> None:
    programme = library[name]
    assert programme.language == "en"
    assert len(programme.sessions) == sessions
    assert all(s.duration >= minimum for s in programme.sessions)  # breaks counted: the programme's reading
    assert sum(s.duration for s in programme.sessions) >= total
    assert [p.id for p in programme.phases] == ["anamnesis", "focus", "evaluation"]
    order = {"anamnesis": 0, "focus": 1, "evaluation": 2}
    positions = [order[s.phase] for s in programme.sessions]
    assert positions == sorted(positions)
    assert set(positions) == {0, 1, 2}
    assert {Criterion.ATTENDANCE, Criterion.INDIVIDUAL_PLAN} <= set(programme.completion.criteria)


def test_activities_are_complete_and_never_copied(library: dict[str, Programme]) -> None:
    seen: Counter[str] = Counter()
    for programme in library.values():
        for session in programme.sessions:
            assert sum(a.duration for a in session.activities) == session.duration, (programme.id, session.id)
            for activity in session.activities:
                if activity.method is Method.BREAK:
                    continue
                where = f"{programme.id}/{session.id}/{activity.title}"
                assert activity.instructions, f"{where}: no instructions"
                assert activity.facilitator_notes, f"{where}: no facilitator notes"
                assert 3 <= len(activity.slides) <= 6, f"{where}: {len(activity.slides)} key points"
                seen["\n".join(activity.instructions)] += 1
                seen["\n".join(activity.facilitator_notes)] += 1
    copied = [text[:80] for text, count in seen.items() if count > 1]
    assert copied == []


PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|placeholder)\b", re.IGNORECASE)


def test_no_placeholder_text() -> None:
    for path in sorted((REPO / "curricula").rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not PLACEHOLDER.search(line), f"{path.name}:{number}: {line.strip()}"


def test_participatory_methods_come_first(library: dict[str, Programme]) -> None:
    """Seed 000: the stages favour participation and interaction; lectures stay a minority of the time."""
    for programme in library.values():
        minutes = Counter[str]()
        for session in programme.sessions:
            for activity in session.activities:
                minutes[activity.method.value] += activity.duration
        taught = minutes["presentation"] + minutes["video"]
        assert taught * 3 < sum(minutes.values()) - minutes["break"], programme.id


def test_french_programmes_read_as_french(library: dict[str, Programme]) -> None:
    for name in FRENCH:
        text = " ".join(s.title + " " + s.summary for s in library[name].sessions)
        assert re.search(r"\b(les|des|la|et)\b", text), name
    for name in RESOCIALISATION:
        text = " ".join(s.title + " " + s.summary for s in library[name].sessions)
        assert re.search(r"\b(the|and|of)\b", text), name


def test_library_files_are_utf8_without_tabs() -> None:
    for path in sorted(Path(REPO / "curricula").rglob("*.yaml")):
        assert "\t" not in path.read_text(encoding="utf-8"), path.name


INTERNAL = re.compile(r"seed|rules\.md|non vérifié|/work/|[0-9a-f]{16}\.txt", re.IGNORECASE)
"""What must never reach a court or a funder: names of the project's source copies and internal remarks."""


def test_no_internal_reference_in_the_library_or_the_templates() -> None:
    for folder in ("curricula", "templates", "site"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix not in {".yaml", ".yml", ".j2", ".md", ".css"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                assert not INTERNAL.search(line), f"{path.relative_to(REPO)}:{number}: {line.strip()[:120]}"


def test_no_internal_reference_in_generated_guides_and_pages() -> None:
    from builder.render.context import RenderContext
    from builder.render.guides import render_html
    from builder.site.pages import generate

    ctx = RenderContext(project=load_project(REPO))
    ctx.produced.update({"guides": [], "decks": []})
    outputs = {f"guides/{view.programme.id}.html": render_html(ctx, view) for view in ctx.views()}
    markers = {f"{name}.md": f"<!-- stagecraft:{name} -->" for name in ("catalogue", "frameworks", "reference")}
    pages = generate(ctx, language="fr", documents=markers)
    assert set(markers) <= set(pages.pages)  # every block filled
    outputs.update(pages.pages)
    outputs["golden"] = (REPO / "tests" / "golden" / "stage-mini.html").read_text(encoding="utf-8")
    assert len(outputs) > 12 * 3
    for name, text in outputs.items():
        found = INTERNAL.search(text)
        assert found is None, f"{name}: …{text[max(found.start() - 60, 0):found.end() + 20]}…"


def test_every_programme_declares_its_legal_routes(library: dict[str, Programme]) -> None:
    for name in FRENCH:
        assert library[name].routes, name
    assert library["citoyennete-mineurs"].routes == ("mineur",)
    for name in RESOCIALISATION:
        assert set(library[name].routes) == {"court-obligation", "probation-supervision"}
    for name in ("stupefiants", "citoyennete-majeurs", "violences-couple"):  # a text per route (issue 10)
        assert set(library[name].completion.routes) == set(library[name].routes), name


MINORS = ["citoyennete-mineurs", "stupefiants-mineurs"]


@pytest.mark.parametrize("name", MINORS)
def test_the_minors_stage_is_free_and_outside_school_hours(library: dict[str, Programme], name: str) -> None:
    programme = library[name]
    assert programme.routes == ("mineur",)
    assert programme.fee_eur == 0  # CJPM L122-5: never at the minor's expense
    assert programme.first_weekday is not None and programme.first_weekday.value == "wednesday"
    for session in programme.sessions:  # Wednesday afternoons: collèges and lycées teach in the morning
        assert session.day is not None and (session.day - 1) % 7 == 0, session.id
        assert session.start is not None and session.start >= 12 * 60, session.id
    assert all(i.parents for i in programme.interviews)  # CJPM R122-11, R122-12
    assert {c.value for c in programme.completion.criteria} >= {"attestation", "summary_report"}
    assert any("éducat" in s.lower() for s in programme.staff)


def test_road_safety_names_the_trainers_of_the_code_de_la_route(library: dict[str, Programme]) -> None:
    staff = " ".join(library["securite-routiere"].staff).lower()
    assert "de la conduite et de la sécurité routière" in staff and "psychologue" in staff  # C. route R212-2 II
    assert "expert" not in staff
    text = library["securite-routiere"].completion.attestation
    assert "R223-8 II" in text and "préfet" in text


def test_conditional_modules_say_when_they_apply(library: dict[str, Programme]) -> None:
    for name in ("citoyennete-majeurs", "citoyennete-mineurs"):
        conditional = [a for s in library[name].sessions for a in s.activities if a.condition]
        assert any("132-76" in a.condition and "R131-35" in a.condition for a in conditional), name
    bullying = [a for s in library["citoyennete-mineurs"].sessions for a in s.activities if "L122-5" in a.condition]
    assert len(bullying) == 1


@pytest.mark.parametrize("name", GEORGIA)
def test_georgian_prevention_programme(library: dict[str, Programme], name: str) -> None:
    """What a Georgian partner or funder would check: routes, no fee, after school, minors' interviews, sources."""
    programme = library[name]
    assert programme.framework == "ge-juvenile-prevention" and programme.kind == "prevention-minors"
    assert set(programme.routes) == {"diversion", "probation"}  # diversion programme; juvenile probationers
    assert set(programme.completion.routes) == {"diversion", "probation"}
    assert programme.fee_eur == 0
    assert [s.day for s in programme.sessions] == [1, 8, 15, 22, 29, 36]  # one afternoon a week
    for session in programme.sessions:
        assert session.start is not None and session.start >= 16 * 60, session.id  # after school
    types = [i.type for i in programme.interviews]
    assert InterviewType.PRELIMINARY in types  # the Agency's individual assessment first (practice)
    assert all(i.parents for i in programme.interviews)
    quiz = [h for h in programme.handouts if h.type.value == "quiz"]
    assert quiz and all(a.source for h in quiz for a in h.facilitator.answers.values())
    contacts = [c for h in programme.handouts for c in h.participant.contacts]
    assert [c.phone for c in contacts] == ["112"]  # the one number checked on its service's own page (112.gov.ge)
    assert {h.type.value for h in programme.handouts} >= {"case_card", "quiz", "worksheet", "evaluation", "information"}


def test_the_minors_drug_stage_says_what_the_law_says_for_minors(library: dict[str, Programme]) -> None:
    """CJPM and C. proc. pén. facts a minor is told, with the article each comes from (checked on Légifrance copies)."""
    programme = library["stupefiants-mineurs"]
    assert programme.kind == "stupefiants"
    assert programme.group_size.min >= 7 and programme.group_size.max <= 12  # CDAD practice, narrowed for teens
    law = programme.handout("quiz-loi-mineurs")
    assert law is not None
    answers = law.facilitator.answers
    assert answers["l2"].answer == "Faux" and "495-17" in answers["l2"].source  # no amende forfaitaire for a minor
    assert "L121-5" in answers["l3"].source and "L121-6" in answers["l3"].source  # penalties halved
    assert "L122-5" in answers["l7"].source  # never at the minor's expense
    survey = programme.handout("quiz-combien")
    assert survey is not None
    assert all("ESCAPAD 2022" in key.source for key in survey.facilitator.answers.values())
    phones = {c.name: c.phone for h in programme.handouts for c in h.participant.contacts}
    assert phones["Drogues Info Service"] == "0 800 23 13 13"
    assert phones["Fil Santé Jeunes"] == "0 800 235 236"
    parents = programme.handout("fiche-parents")
    assert parents is not None and parents.type.value == "information"
    handed = {h for s in programme.sessions for a in s.activities for h in a.handout_ids()}
    assert {"fiche-parents", "eval-avant-apres", "message-parents"} <= handed


def test_the_georgian_programme_is_in_georgian_and_its_twin_in_english(library: dict[str, Programme]) -> None:
    original, twin = library["ge-prevention-minors"], library["ge-prevention-minors-en"]
    assert original.language == "ka" and original.translation_of is None
    assert twin.language == "en" and twin.translation_of == "ge-prevention-minors"
    georgian = " ".join(s.title + " " + s.summary for s in original.sessions)
    assert len(re.findall(r"[\u10d0-\u10ff]", georgian)) > 0.8 * len(re.findall(r"[^\W\d_]", georgian))
    assert re.search(r"\b(the|and|of)\b", " ".join(s.summary for s in twin.sessions))

    def shape(p: Programme) -> list[object]:
        """Sessions, activities, timings and documents: what the two language versions must share."""
        return [(s.id, s.day, s.start, s.duration, [(a.duration, a.method, a.handouts) for a in s.activities])
                for s in p.sessions] + [(h.id, h.type) for h in p.handouts]

    assert shape(original) == shape(twin)
