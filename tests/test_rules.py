"""Every rule: the fixture programme passes, one edit makes it fail with this exact message and place."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import validate_from

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = dt.date(2025, 1, 1)
FR = "fr-code-penal-131-5-1"
MINI = "curricula/programmes/stage-mini.yaml"
RESO = "curricula/programmes/reso-mini.yaml"


def run(project: Path, fixture: str, edits: list[tuple[str, str]], as_of: dt.date = AS_OF) -> list[str]:
    """Copy a fixture into the project with text edits applied; return the formatted problems."""
    text = (FIXTURES / f"{fixture}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"fixture has no {old!r}"
        text = text.replace(old, new, 1)
    (project / "curricula" / "programmes" / f"{fixture}.yaml").write_text(text, encoding="utf-8")
    _, problems = validate_from(project, as_of=as_of)
    return [p.format() for p in problems]


@pytest.mark.parametrize("fixture", ["stage-mini", "reso-mini"])
def test_fixture_programmes_pass_every_rule(project: Path, fixture: str) -> None:
    assert run(project, fixture, []) == []


CASES: dict[str, tuple[str, list[tuple[str, str]], list[str]]] = {
    "fee": (
        "stage-mini",
        [("fee_eur: 190", "fee_eur: 451")],
        [
            f"{MINI}:14:10: error[fee]: fee_eur: expected at most 450 EUR, got 451 EUR "
            f"(source: C. pén. art. 131-5-1 et art. 131-13 (amende de 3e classe : 450 €) [{FR}])"
        ],
    ),
    "group-size-practice": (
        "stage-mini",
        [("group_size: {min: 7, max: 12}", "group_size: {min: 7, max: 15}")],
        [
            f"{MINI}:15:13: warning[group-size]: group_size: expected between 7 and 12 participants, got 7 to 15 "
            f"(source: Fiche CDAD du Val-de-Marne (pratique) ; OFDT : environ 10 stagiaires [{FR}])"
        ],
    ),
    "group-size-order": (
        "stage-mini",
        [("group_size: {min: 7, max: 12}", "group_size: {min: 9, max: 8}")],
        [f"{MINI}:15:13: error[group-size]: group_size: expected min <= max, got min 9 > max 8"],
    ),
    "interviews": (
        "stage-mini",
        [("  - type: preliminary\n", "  - type: review\n")],
        [
            f"{MINI}:21:3: error[interviews]: interviews: expected a 'preliminary' interview for 'stupefiants', "
            f"got review (source: C. pén. art. R131-39 [{FR}])"
        ],
    ),
    "completion": (
        "stage-mini",
        [("criteria: [attendance, attestation]", "criteria: [attendance]")],
        [
            f"{MINI}:27:13: error[completion]: completion.criteria: expected 'attestation', got attendance "
            f"(source: C. pén. art. R131-40 [{FR}])"
        ],
    ),
    "ref-kind": (
        "stage-mini",
        [("kind: stupefiants", "kind: stupefiant")],
        [
            f"{MINI}:6:7: error[ref-kind]: kind: expected a kind of '{FR}', got 'stupefiant' "
            "(did you mean 'stupefiants'?)"
        ],
    ),
    "ref-framework": (
        "stage-mini",
        [(f"framework: {FR}", "framework: fr-code-penal")],
        [
            f"{MINI}:5:12: error[ref-framework]: framework: expected a shipped framework or one in curricula/frameworks/, "
            f"got 'fr-code-penal' (did you mean '{FR}'?)"
        ],
    ),
    "id-filename": (
        "stage-mini",
        [("id: stage-mini", "id: stage-other")],
        [f"{MINI}:2:5: error[id-filename]: id: expected 'stage-mini' (the file name), got 'stage-other'"],
    ),
    "ref-phase": (
        "stage-mini",
        [("    phase: approfondissement", "    phase: aprofondissement")],
        [
            f"{MINI}:34:5: error[phases]: phases[1]: expected at least one session in phase 'approfondissement', "
            "got none",
            f"{MINI}:66:12: error[ref-phase]: sessions[1].phase: expected a phase of this programme, "
            "got 'aprofondissement' (did you mean 'approfondissement'?)",
        ],
    ),
    "duplicate-id": (
        "stage-mini",
        [("  - id: apres-midi", "  - id: matin")],
        [f"{MINI}:64:9: error[duplicate-id]: sessions[1].id: expected a unique id, got 'matin' again "
         "(first at sessions[0])"],
    ),
    "activity-sum": (
        "stage-mini",
        [("    duration: 2h30\n", "    duration: 2h45\n")],
        [f"{MINI}:69:15: error[activity-sum]: sessions[1].duration: expected the activities to add up to "
         "2 h 45 min, got 2 h 30 min"],
    ),
    "daily-training": (
        "stage-mini",
        [("        duration: 2h\n        method: case_study", "        duration: 3h15\n        method: case_study"),
         ("    duration: 2h30\n", "    duration: 3h45\n")],
        [f"{MINI}:37:5: error[daily-training]: day 1: expected at most 6 h of training, got 6 h 30 min "
         f"(source: C. pén. art. R131-36 [{FR}])"],
    ),
    "span": (
        "stage-mini",
        [("    phase: approfondissement\n    day: 1", "    phase: approfondissement\n    day: 40")],
        [f"{MINI}:67:10: error[days]: sessions[1].day: expected the programme to fit in one calendar month (31 "
         f"days at most), got 40 days (day 1 to day 40) (source: C. pén. art. 131-5-1 (« une durée ne pouvant "
         f"excéder un mois ») [{FR}])"],
    ),
    "day-order": (
        "stage-mini",
        [("    phase: ouverture\n    day: 1", "    phase: ouverture\n    day: 2")],
        [f"{MINI}:67:10: error[days]: sessions[1].day: expected day 2 or later, got 1"],
    ),
    "phase-order": (
        "stage-mini",
        [("    phase: ouverture\n    day: 1", "    phase: approfondissement\n    day: 1"),
         ("    phase: approfondissement\n    day: 1\n    start", "    phase: ouverture\n    day: 1\n    start")],
        [f"{MINI}:66:12: error[phases]: sessions[1].phase: expected phase 'approfondissement' or a later one, "
         "got 'ouverture' (phases run in order: ouverture -> approfondissement)"],
    ),
    "activity-content": (
        "stage-mini",
        [('        facilitator_notes: ["Veiller à ce que chacun prenne la parole."]\n', "")],
        [f"{MINI}:72:9: warning[activity-content]: sessions[1].activities[0]: expected 'facilitator_notes' "
         "for a facilitator to run 'Étude de cas : l'accident', got none"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule_failure_is_reported_exactly(project: Path, name: str) -> None:
    fixture, edits, want = CASES[name]
    assert run(project, fixture, edits) == want


def test_kind_not_yet_in_force(project: Path) -> None:
    edits = [("kind: stupefiants", "kind: espace-numerique")]
    assert run(project, "stage-mini", edits, as_of=dt.date(2024, 5, 23)) == []
    assert run(project, "stage-mini", edits, as_of=dt.date(2023, 6, 1)) == [
        f"{MINI}:6:7: error[in-force]: kind: expected a kind in force on 2023-06-01, got 'espace-numerique' "
        "(in force from 2024-05-23) (source: C. pén. art. 131-5-1, 9°, créé par la loi n° 2024-449 du 21 mai 2024 "
        "(JO du 22 mai 2024) [fr-code-penal-131-5-1])"
    ]


def test_stages_that_existed_before_2020_warn_instead_of_failing(project: Path) -> None:
    """Before the 2020 regime the drugs stage existed under other articles: a warning, never an error."""
    assert run(project, "stage-mini", [], as_of=dt.date(2019, 12, 31)) == [
        f"{MINI}:6:7: warning[in-force]: kind: the rules checked for 'stupefiants' are those in force from "
        "2020-03-24; on 2019-12-31 other rules applied, which Stagecraft does not model: avant le 24 mars 2020, "
        "ce stage existait sous d'autres articles du Code pénal, avec d'autres règles (consentement du prévenu, "
        "stage prononcé à la place de l'emprisonnement, pas de délai de six mois) (check them by hand) "
        "(source: Loi n° 2019-222 du 23 mars 2019 ; C. pén. art. 131-5-1, versions antérieures au 24 mars 2020 "
        f"[{FR}])"
    ]


@pytest.mark.parametrize(
    ("kind", "created", "law"),
    [("violences-couple", dt.date(2014, 8, 6), "Loi n° 2014-873"), ("achat-actes-sexuels", dt.date(2016, 4, 15), "Loi n° 2016-444")],
)
def test_stages_created_before_2020_exist_from_their_law(project: Path, kind: str, created: dt.date, law: str) -> None:
    edits = [("kind: stupefiants", f"kind: {kind}")]
    review = ("  - type: preliminary\n", "  - type: review\n    duration: 1h\n    timing: \"Un mois après\"\n  - type: preliminary\n")
    in_2019 = run(project, "stage-mini", [*edits, review], as_of=dt.date(2019, 6, 1))
    assert [p.split(": ", 2)[1] for p in in_2019] == ["warning[in-force]"]
    before = run(project, "stage-mini", [*edits, review], as_of=created - dt.timedelta(days=1))
    assert [p.split(": ", 2)[1] for p in before] == ["error[in-force]"]
    assert f"(in force from {created.isoformat()})" in before[0] and law in before[0]


PIN = "People in Need (Člověk v tísni), « Resocialisation programmes »"
RESO_SOURCE = f"{PIN}, adult social training [resocialisation]"


def test_resocialisation_session_count_and_total(project: Path) -> None:
    text = (FIXTURES / "reso-mini.yaml").read_text(encoding="utf-8")
    last_session = text[text.index("  - id: s15\n"):]
    assert run(project, "reso-mini", [(last_session, "")]) == [
        f"{RESO}:26:3: error[session-count]: sessions: expected exactly 15 sessions for 'adults', got 14 "
        f"(source: {RESO_SOURCE})",
        f"{RESO}:26:3: error[total-training]: sessions: expected at least 30 h of training in total "
        f"(breaks included), got 28 h (source: {RESO_SOURCE})",
    ]


def test_resocialisation_session_minimum(project: Path) -> None:
    edits = [
        ('    duration: 2h\n    objectives: ["Work on life situation."]',
         '    duration: 1h45\n    objectives: ["Work on life situation."]'),
        ('        duration: 1h45\n        method: small_groups\n        instructions: ["Groups discuss life',
         '        duration: 1h30\n        method: small_groups\n        instructions: ["Groups discuss life'),
    ]
    assert run(project, "reso-mini", edits) == [
        f"{RESO}:26:3: error[total-training]: sessions: expected at least 30 h of training in total "
        f"(breaks included), got 29 h 45 min (source: {RESO_SOURCE})",
        f"{RESO}:30:15: error[session-min-duration]: sessions[0]: expected at least 2 h of training, "
        f"got 1 h 45 min (source: {RESO_SOURCE})",
    ]


def test_resocialisation_phase_order_and_completion(project: Path) -> None:
    edits = [
        ('  - id: anamnesis\n    title: "Anamnesis"\n  - id: focus\n    title: "Focus"',
         '  - id: focus\n    title: "Focus"\n  - id: anamnesis\n    title: "Anamnesis"'),
        ("criteria: [attendance, individual_plan]", "criteria: [attendance]"),
    ]
    source = f"{PIN} [resocialisation]"
    assert run(project, "reso-mini", edits) == [
        f"{RESO}:16:13: error[completion]: completion.criteria: expected 'individual_plan', got attendance "
        f"(source: {source})",
        f"{RESO}:19:3: error[phases]: phases: expected anamnesis -> focus -> evaluation, "
        f"got focus -> anamnesis -> evaluation (source: {source})",
        f"{RESO}:76:12: error[phases]: sessions[3].phase: expected phase 'anamnesis' or a later one, got 'focus' "
        "(phases run in order: focus -> anamnesis -> evaluation)",
    ]


def test_road_safety_rules(project: Path) -> None:
    edits = [
        ("kind: stupefiants", "kind: securite-routiere"),
        ("group_size: {min: 7, max: 12}", "group_size: {min: 4, max: 20}"),
        ("    phase: approfondissement\n    day: 1", "    phase: approfondissement\n    day: 3"),
        ('staff: ["Un animateur socio-judiciaire", "Un intervenant en addictologie"]', 'staff: ["Un psychologue"]'),
    ]
    arrete = "Arrêté du 26 juin 2012 [fr-code-penal-131-5-1]"
    r223 = "C. route art. R223-5 [fr-code-penal-131-5-1]"
    daily = arrete
    assert run(project, "stage-mini", edits) == [
        f"{MINI}:15:13: error[group-size]: group_size: expected between 6 and 20 participants, got 4 to 20 "
        f"(source: {arrete})",
        f"{MINI}:16:8: error[staff]: staff: expected at least 2 facilitator(s), got 1 (source: {arrete})",
        f"{MINI}:16:8: error[staff]: staff: expected un enseignant de la conduite et de la sécurité routière "
        "titulaire de l'autorisation d'animer (a staff entry containing 'de la conduite et de la sécurité routière'), "
        "got 'Un psychologue' (source: C. route art. R212-2 II [fr-code-penal-131-5-1])",
        f"{MINI}:37:3: error[total-training]: sessions: expected at least 14 h of training in total "
        f"(breaks not counted), got 5 h 15 min (source: {arrete})",
        f"{MINI}:37:3: error[days]: sessions: expected consecutive days, got days 1, 3 (source: {r223})",
        f"{MINI}:37:5: error[daily-training]: day 1: expected at least 7 h of training, got 2 h 45 min "
        f"(source: {daily})",
        f"{MINI}:64:5: error[daily-training]: day 3: expected at least 7 h of training, got 2 h 30 min "
        f"(source: {daily})",
    ]


def test_road_safety_day_count(project: Path) -> None:
    edits = [
        ("kind: stupefiants", "kind: securite-routiere"),
        ("group_size: {min: 7, max: 12}", "group_size: {min: 6, max: 20}"),
    ]
    problems = run(project, "stage-mini", edits)
    assert (
        f"{MINI}:37:3: error[days]: sessions: expected 2 training days, got 1 "
        "(source: C. route art. R223-5 [fr-code-penal-131-5-1])"
    ) in problems


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("../handouts/quiz.pdf", None),
        ("/etc/passwd", "expected a path relative to the programme file, got '/etc/passwd'"),
        ("../../../outside.pdf", "expected a file inside the project, got '../../../outside.pdf', which leads outside it"),
        ("../handouts/missing.pdf", "expected an existing file, got '../handouts/missing.pdf' (not found)"),
        ("../handouts/link.pdf", "expected a file inside the project, got '../handouts/link.pdf', which leads outside it"),
    ],
)
def test_handout_references_stay_inside_the_project(project: Path, ref: str, message: str | None) -> None:
    handouts = project / "curricula" / "handouts"
    handouts.mkdir()
    (handouts / "quiz.pdf").write_bytes(b"%PDF-1.4\n")
    (project.parent / "outside.pdf").write_bytes(b"%PDF-1.4\n")
    (handouts / "link.pdf").symlink_to(project.parent / "outside.pdf")
    edit = ('        materials: ["Badges prénoms"]\n', f'        materials: ["Badges prénoms"]\n        handouts: ["{ref}"]\n')
    got = run(project, "stage-mini", [edit])
    want = [] if message is None else [
        f"{MINI}:53:20: error[file-ref]: sessions[0].activities[0].handouts[0]: {message}"
    ]
    assert got == want


def test_road_safety_lunch_break(project: Path) -> None:
    base = [
        ("kind: stupefiants", "kind: securite-routiere"),
        ("group_size: {min: 7, max: 12}", "group_size: {min: 6, max: 20}"),
    ]
    ok = run(project, "stage-mini", base)
    assert not [p for p in ok if "session-gap" in p]
    short = run(project, "stage-mini", [*base, ('    start: "13:30"', '    start: "12:30"')])
    assert [p for p in short if "session-gap" in p] == [
        f"{MINI}:68:12: error[session-gap]: sessions[1].start: expected a break of at least 45 min after the "
        "previous session (ends 12:00), got 30 min (source: Arrêté du 26 juin 2012 [fr-code-penal-131-5-1])"
    ]


def test_reserved_session_id(project: Path) -> None:
    assert run(project, "stage-mini", [("  - id: apres-midi", "  - id: overview")]) == [
        f"{MINI}:64:9: error[reserved-id]: sessions[1].id: expected an id other than 'overview' "
        "(the overview deck uses it), got 'overview'"
    ]


# --- Legal routes (issue 10) --------------------------------------------------------------------------

ROUTE_IDS = "peine, peine-contravention, sursis-probatoire, alternative-poursuites, composition-penale, mineur"


@pytest.mark.parametrize(
    ("edits", "want"),
    [
        (
            [("routes: [peine]  #", "#")],
            f"{MINI}:6:7: error[route]: routes: expected the legal routes by which participants come (one or more "
            "of: peine, sursis-probatoire, alternative-poursuites, composition-penale, mineur), got none "
            "(add e.g. 'routes: [peine]')",
        ),
        (
            [("routes: [peine]", "routes: [peine, alternative]")],
            f"{MINI}:1:17: error[route]: routes[1]: expected a route of '{FR}', got 'alternative' "
            "(did you mean 'alternative-poursuites'?)",
        ),
        (
            [("routes: [peine]", "routes: [peine, peine]")],
            f"{MINI}:1:17: error[route]: routes[1]: expected each route once, got 'peine' again",
        ),
        (
            [("routes: [peine]", "routes: [peine-contravention]")],
            f"{MINI}:1:10: error[route]: routes[0]: expected a route that applies to kind 'stupefiants', got "
            "'peine-contravention' (it applies to: citoyennete, violences-couple, achat-actes-sexuels, "
            "sexisme-egalite) (source: Article qui prévoit la contravention, par exemple C. pén. art. R625-8-3 "
            "(stages des 1°, 4°, 5° ou 7° de l'article 131-5-1) ou art. 611-1 (achat d'actes sexuels) "
            f"[{FR}])",
        ),
        (
            [('  attestation: "L\'attestation de fin de stage est remise à la personne (R131-40)."',
              '  attestation: "L\'attestation de fin de stage est remise à la personne (R131-40)."\n'
              '  routes: {alternative-poursuites: {non_completion: "Le procureur est informé."}}')],
            f"{MINI}:30:12: error[route]: completion.routes.alternative-poursuites: expected one of the "
            "programme's routes (peine), got 'alternative-poursuites'",
        ),
    ],
    ids=["missing", "unknown", "duplicate", "not-for-this-kind", "completion-text-for-an-undeclared-route"],
)
def test_route_references(project: Path, edits: list[tuple[str, str]], want: str) -> None:
    assert run(project, "stage-mini", edits) == [want]


# A minor's version of the fixture that meets every CJPM rule (fee 0, parents at both interviews, an
# educator present throughout, the summary report, sessions outside school hours).
MINOR = [
    ("routes: [peine]", "routes: [mineur]"),
    ("fee_eur: 190", "fee_eur: 0"),
    ('staff: ["Un animateur socio-judiciaire"', 'staff: ["Un éducateur de la PJJ, présent tout le stage"'),
    ('start_time: "09:00"', 'start_time: "09:00"\nschool_holidays: true'),
    ("    title: \"Entretien préalable\"\n",
     "    title: \"Entretien préalable\"\n    parents: true\n"),
    ("completion:\n",
     "  - {type: review, duration: 1h, timing: \"En fin de stage\", parents: true}\ncompletion:\n"),
    ("criteria: [attendance, attestation]", "criteria: [attendance, attestation, summary_report]"),
]
CJPM = f"[{FR}]"


def test_a_minors_programme_that_meets_the_cjpm_passes(project: Path) -> None:
    assert run(project, "stage-mini", MINOR) == []


@pytest.mark.parametrize(
    ("change", "want"),
    [
        (
            ("fee_eur: 0", "fee_eur: 80"),
            f"{MINI}:14:10: error[fee]: fee_eur: expected at most 0 EUR, got 80 EUR (route 'mineur') "
            f"(source: CJPM art. L122-5 {CJPM})",
        ),
        (
            ("    parents: true\n", ""),
            f"{MINI}:22:5: error[interviews]: interviews[0]: expected the parents or legal representatives at the "
            "'preliminary' interview (parents: true), got parents: false (route 'mineur') "
            f"(source: CJPM art. R122-11, al. 1 et R122-12, al. 1 {CJPM})",
        ),
        (
            ('staff: ["Un éducateur de la PJJ, présent tout le stage"', 'staff: ["Un animateur de la PJJ"'),
            f"{MINI}:16:8: error[staff]: staff: expected un personnel éducatif du service chargé du stage, présent "
            "pendant tout le stage (a staff entry containing 'éducat'), got 'Un animateur de la PJJ', "
            f"'Un intervenant en addictologie' (route 'mineur') (source: CJPM art. R122-11, al. 2 {CJPM})",
        ),
        (
            ("criteria: [attendance, attestation, summary_report]", "criteria: [attendance, attestation]"),
            f"{MINI}:30:13: error[completion]: completion.criteria: expected 'summary_report', got attendance, "
            f"attestation (route 'mineur') (source: C. pén. art. R131-40 ; CJPM art. R122-12, al. 2 {CJPM})",
        ),
        (
            ("school_holidays: true", "first_weekday: wednesday"),
            f"{MINI}:40:5: error[school-time]: sessions[0]: expected a time outside school hours (wednesday "
            "08:00-12:00), got wednesday 09:00-12:00 (day 1) (route 'mineur') (source: CJPM art. R122-7 "
            f"(obligations scolaires) {CJPM})",
        ),
        (
            ("school_holidays: true", "first_weekday: saturday"),
            None,
        ),
        (
            ("\nschool_holidays: true", ""),
            f"{MINI}:6:7: warning[school-time]: first_weekday: expected the weekday of day 1 (e.g. 'first_weekday: "
            "wednesday'), or 'school_holidays: true', so that school hours can be checked, got neither (route "
            f"'mineur') (source: CJPM art. R122-7 (obligations scolaires) {CJPM})",
        ),
    ],
    ids=["fee", "parents", "educator", "summary-report", "school-time", "saturday", "weekday-unknown"],
)
def test_minors_rules_are_law(project: Path, change: tuple[str, str], want: str | None) -> None:
    assert run(project, "stage-mini", [*MINOR, change]) == ([want] if want else [])


def test_minors_route_before_the_cjpm_warns(project: Path) -> None:
    problems = run(project, "stage-mini", MINOR, as_of=dt.date(2021, 6, 1))
    assert problems == [
        f"{MINI}:1:10: warning[in-force]: routes[0]: the rules checked for 'mineur' are those in force from "
        "2021-09-30; on 2021-06-01 other rules applied, which Stagecraft does not model: avant le 30 septembre "
        "2021, le stage des mineurs relevait de l'ordonnance du 2 février 1945 et des articles R131-41 à R131-44 "
        "du Code pénal (check them by hand) (source: Décret n° 2021-682 du 27 mai 2021 ; C. pén. art. R131-41 à "
        f"R131-44 (anciens) [{FR}])"
    ]


def test_route_rules_apply_only_to_programmes_that_accept_the_route(project: Path) -> None:
    # the same programme for adults (peine) may cost 190 EUR; accepting the minors' route too makes it an error
    assert run(project, "stage-mini", [("routes: [peine]", "routes: [peine, alternative-poursuites]")]) == []
    problems = run(project, "stage-mini", [("routes: [peine]", "routes: [peine, mineur]")])
    assert f"{MINI}:14:10: error[fee]: fee_eur: expected at most 0 EUR, got 190 EUR (route 'mineur') " \
        f"(source: CJPM art. L122-5 {CJPM})" in problems


def test_review_interview_is_practice_for_responsabilisation_stages(project: Path) -> None:
    assert run(project, "stage-mini", [("kind: stupefiants", "kind: violences-couple")]) == [
        f"{MINI}:21:3: warning[interviews]: interviews: expected a 'review' interview for 'violences-couple', got "
        "preliminary (source: Médiations 49, « Qu'est-ce que le stage socio-judiciaire ? » (pratique) "
        f"[{FR}])"
    ]


ROAD_DAYS = [
    ("kind: stupefiants", "kind: securite-routiere-penal"),
    ("    phase: approfondissement\n    day: 1", "    phase: approfondissement\n    day: 2"),
]


def test_road_safety_under_the_code_penal_validates_with_its_own_rules(project: Path) -> None:
    # Organised under C. pén. R131-35 ff. (R131-11-1): two days of under 6 h validate (no 7 h days, no
    # trainer pair), and R131-36's 6 h cap applies.
    assert run(project, "stage-mini", ROAD_DAYS) == []
    longer = [("        duration: 2h\n        method: quiz", "        duration: 5h30\n        method: quiz"),
              ("    duration: 3h\n", "    duration: 6h30\n")]
    assert run(project, "stage-mini", [*ROAD_DAYS, *longer]) == [
        f"{MINI}:37:5: error[daily-training]: day 1: expected at most 6 h of training, got 6 h 15 min "
        f"(source: C. pén. art. R131-36 [{FR}])"
    ]


def test_road_safety_trainers_are_those_of_the_code_de_la_route(project: Path) -> None:
    edits = [
        ("kind: stupefiants", "kind: securite-routiere"),
        ("group_size: {min: 7, max: 12}", "group_size: {min: 6, max: 20}"),
        ('staff: ["Un animateur socio-judiciaire", "Un intervenant en addictologie"]',
         'staff: ["Un psychologue", "Un expert en sécurité routière"]'),
    ]
    staff = [p for p in run(project, "stage-mini", edits) if "[staff]" in p]
    assert staff == [
        f"{MINI}:16:8: error[staff]: staff: expected un enseignant de la conduite et de la sécurité routière "
        "titulaire de l'autorisation d'animer (a staff entry containing 'de la conduite et de la sécurité "
        "routière'), got 'Un psychologue', 'Un expert en sécurité routière' (source: C. route art. R212-2 II "
        f"[{FR}])"
    ]


def test_resocialisation_minors_phases_are_the_projects_choice_not_the_source(project: Path) -> None:
    edits = [
        ("kind: adults", "kind: minors"),
        ('  - id: anamnesis\n    title: "Anamnesis"\n  - id: focus\n    title: "Focus"',
            '  - id: focus\n    title: "Focus"\n  - id: anamnesis\n    title: "Anamnesis"'),
    ]
    phases = [p for p in run(project, "reso-mini", edits) if "phases: expected anamnesis" in p]
    assert phases == [
        f"{RESO}:19:3: warning[phases]: phases: expected anamnesis -> focus -> evaluation, got focus -> anamnesis "
        "-> evaluation (source: Choice of this project (practice): the adult phases of People in Need (Člověk v tísni), "
        "« Resocialisation programmes », applied to minors [resocialisation])"
    ]


def test_a_route_naming_an_unknown_kind_is_located_in_the_framework(project: Path) -> None:
    path = project / "curricula" / "frameworks" / f"{FR}.yaml"
    text = path.read_text(encoding="utf-8")
    line = "    kinds: [citoyennete, violences-couple, achat-actes-sexuels, sexisme-egalite]"
    assert line in text
    path.write_text(text.replace(line, line.replace("sexisme-egalite", "sexisme-egalit")), encoding="utf-8")
    number = text[: text.index(line)].count("\n") + 1
    problems = run(project, "stage-mini", [])
    assert [p for p in problems if "[ref-kind]" in p] == [
        f"curricula/frameworks/{FR}.yaml:{number}:{line.index('sexisme') + 1}: error[ref-kind]: routes.peine-contravention.kinds[3]: expected "
        f"a kind of '{FR}', got 'sexisme-egalit' (did you mean 'sexisme-egalite'?)"
    ]
