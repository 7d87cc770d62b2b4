"""Validation of participant documents: references, use, answers, scoring, content, plain language."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.model.handout import Answer, FacilitatorKey, Handout, ParticipantDocument, is_handout_id

from conftest import validate_from

FIXTURES = Path(__file__).parent / "fixtures"
MINI = "curricula/programmes/handouts-mini.yaml"

def run(project: Path, edits: list[tuple[str, str]]) -> list[str]:
    """The handouts-mini fixture with ``edits``; the formatted problems."""
    text = (FIXTURES / "handouts-mini.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"fixture has no {old!r}"
        text = text.replace(old, new, 1)
    (project / "curricula" / "programmes" / "handouts-mini.yaml").write_text(text, encoding="utf-8")
    _, problems = validate_from(project)
    return [p.format() for p in problems]


def test_programme_with_handouts_passes(project: Path) -> None:
    assert run(project, []) == []


CASES: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "unknown-id": (
        [("handouts: [quiz-effets, eval-journee]", "handouts: [quiz-efets, eval-journee]")],
        [
            f"{MINI}:63:20: error[handout-ref]: sessions[0].activities[2].handouts[0]: expected the id of one of "
            "the programme's handouts, got 'quiz-efets' (did you mean 'quiz-effets'?)",
            f"{MINI}:87:9: warning[handout-unused]: handouts[0].id: expected 'quiz-effets' under the 'handouts' of "
            "at least one activity, got no activity that hands it out",
        ],
    ),
    "missing-answer": (
        [('        q2: {answer: "Faux", source: "C. route art. L235-1"}\n', "")],
        [
            f"{MINI}:94:11: error[handout-answer]: handouts[0].participant.questions[1]: expected an answer for "
            "quiz question 'q2' under handouts[0].facilitator.answers, got none",
        ],
    ),
    "answer-to-nothing": (
        [("        q2: {answer:", "        q3: {answer:")],
        [
            f"{MINI}:94:11: error[handout-answer]: handouts[0].participant.questions[1]: expected an answer for "
            "quiz question 'q2' under handouts[0].facilitator.answers, got none",
            f"{MINI}:98:9: error[handout-answer]: handouts[0].facilitator.answers.q3: expected the id of a "
            "question of 'quiz-effets', got 'q3' (expected one of: q1, q2)",
        ],
    ),
    "no-scoring": (
        [('    facilitator:\n      scoring: ["Compter 1 à 4 points par réponse."]\n', "")],
        [
            f"{MINI}:99:5: error[handout-scoring]: handouts[1].facilitator.scoring: expected how to score and "
            "read evaluation 'eval-journee', got none",
        ],
    ),
    "no-scale": (
        [('      scale: ["Pas d\'accord", "Plutôt pas d\'accord", "Plutôt d\'accord", "D\'accord"]\n', "")],
        [
            f"{MINI}:105:53: error[handout-scoring]: handouts[1].participant.questions[0].scale: expected a "
            "'scale' list in handouts[1].participant to answer on, got none",
        ],
    ),
    "no-moment": (
        [("    moment: before_after\n", "")],
        [
            f"{MINI}:99:9: error[handout-scoring]: handouts[1]: expected a 'moment' for evaluation "
            "'eval-journee' (before, after, before_after or end), got none",
        ],
    ),
    "empty-quiz": (
        [
            (
                '      questions:\n        - {id: q1, text: "Le cannabis rend dépendant.", choices: ["Vrai", "Faux"]}\n'
                '        - {id: q2, text: "On peut conduire deux heures après un joint.", choices: ["Vrai", "Faux"]}\n',
                "",
            ),
            ("      answers:\n", "      notes: [\"Corriger ensemble.\"]\n      answers:\n"),
            ('        q1: {answer: "Vrai", source: "OFDT, Drogues et addictions, chiffres clés"}\n', ""),
            ('        q2: {answer: "Faux", source: "C. route art. L235-1"}\n', ""),
            ("      answers:\n", ""),
        ],
        [
            f"{MINI}:89:5: error[handout-content]: handouts[0].participant: expected at least one question "
            "(participant.questions) for a quiz document, got none",
        ],
    ),
    "duplicate-question": (
        [("{id: q2, text: \"On peut", "{id: q1, text: \"On peut")],
        [
            f"{MINI}:94:16: error[duplicate-id]: handouts[0].participant.questions[1].id: expected a unique id "
            "within 'quiz-effets', got 'q1' again (first at questions[0])",
            f"{MINI}:98:9: error[handout-answer]: handouts[0].facilitator.answers.q2: expected the id of a "
            "question of 'quiz-effets', got 'q2' (expected one of: q1)",
        ],
    ),
    "jargon": (
        [('intro: ["Cochez une case par ligne."]', 'intro: ["Cochez une case par ligne, nonobstant vos doutes."]')],
        [
            f"{MINI}:91:15: warning[plain-language]: handouts[0].participant.intro[0]: expected everyday words, "
            "got the jargon 'nonobstant' (say 'malgré') (source: Inclusion Europe, « L'information pour tous : "
            "règles européennes pour une information facile à lire et à comprendre » (2009) — practice)",
        ],
    ),
    "long-sentences": (
        [
            (
                'intro: ["Cochez une case par ligne."]',
                'intro: ["Vous allez lire des phrases sur les produits et vous cochez pour chacune la case qui '
                'correspond le mieux à ce que vous pensez vraiment aujourd\'hui avant la correction en groupe '
                'avec les animateurs du stage de cette journée, leurs explications détaillées et les questions '
                'que vous voudrez poser ensuite à tout le groupe réuni dans la salle."]',
            )
        ],
        [
            f"{MINI}:89:5: warning[plain-language]: handouts[0].participant: expected at most 20 words per "
            "sentence on average for participants who read with difficulty, got 23.7 in 'quiz-effets' (split long "
            "sentences) (source: Inclusion Europe, « L'information pour tous : règles européennes pour une "
            "information facile à lire et à comprendre » (2009) — practice)",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_handout_rule(project: Path, case: str) -> None:
    edits, expected = CASES[case]
    assert run(project, edits) == expected


def test_file_paths_and_ids_share_the_field() -> None:
    assert is_handout_id("quiz-effets")
    assert not is_handout_id("../handouts/quiz.pdf")
    assert not is_handout_id("quiz.pdf")


def test_participant_document_has_no_path_to_facilitator_content() -> None:
    """The participant part is a separate class: none of its fields (nested included) holds a key type."""
    facilitator_types = {FacilitatorKey, Answer, Handout}
    seen: set[type] = set()

    def walk(model: type) -> None:
        if model in seen:
            return
        seen.add(model)
        for field in model.model_fields.values():  # type: ignore[attr-defined]
            for arg in _types_in(field.annotation):
                assert arg not in facilitator_types, f"{model.__name__} reaches {arg}"
                if hasattr(arg, "model_fields"):
                    walk(arg)

    walk(ParticipantDocument)
    assert set(ParticipantDocument.model_fields) & set(FacilitatorKey.model_fields) == set()
    assert set(Handout.model_fields) == {"id", "type", "moment", "participant", "facilitator"}


def _types_in(annotation: object) -> list[object]:
    found = [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _types_in(arg)
    return found
