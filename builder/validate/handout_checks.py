"""Checks of the participant documents (``handouts:``) of a programme.

Registered in the same registry as the rule checks (:mod:`builder.validate.checks`):
references from activities resolve, every handout is used, quiz questions have
answers, evaluations have scoring, documents hold what their type needs, and
participant texts are written in plain language (a warning: practice).
"""

from __future__ import annotations

from typing import Iterator

from builder.load.repair import known
from builder.model.handout import Handout, HandoutType
from builder.problems import Problem, Severity, suggest
from builder.validate.checks import CheckContext, check, plain
from builder.validate.plain_language import (
    LONG_WORD_LETTERS,
    MAX_AVERAGE_SENTENCE_WORDS,
    MAX_LONG_WORD_SHARE,
    MIN_WORDS,
    jargon_in,
    measure,
)

PLAIN_LANGUAGE_SOURCE = (
    "Inclusion Europe, « L'information pour tous : règles européennes pour une information facile à lire "
    "et à comprendre » (2009) — practice"
)
"""The published guidance behind the plain-language warning (its thresholds are Stagecraft's)."""

NEEDS: dict[HandoutType, tuple[tuple[str, ...], str]] = {
    HandoutType.CASE_CARD: (("cards",), "at least one card (participant.cards)"),
    HandoutType.QUIZ: (("questions",), "at least one question (participant.questions)"),
    HandoutType.WORKSHEET: (("questions",), "at least one prompt (participant.questions)"),
    HandoutType.EVALUATION: (("questions",), "at least one question (participant.questions)"),
    HandoutType.INFORMATION: (("sections", "contacts"), "sections or contacts (participant.sections, .contacts)"),
}
"""What each type of document must hold to be of use."""


@check("duplicate-id")
def unique_handout_ids(ctx: CheckContext) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, handout in enumerate(ctx.programme.handouts):
        if handout.id in seen:
            yield plain(
                ctx, "duplicate-id", ("handouts", index, "id"),
                f"handouts[{index}].id: expected a unique id, got '{handout.id}' again (first at handouts[{seen[handout.id]}])",
            )
        else:
            seen[handout.id] = index
        questions: dict[str, int] = {}
        for q_index, question in enumerate(handout.participant.questions):
            if question.id in questions:
                yield plain(
                    ctx, "duplicate-id", ("handouts", index, "participant", "questions", q_index, "id"),
                    f"handouts[{index}].participant.questions[{q_index}].id: expected a unique id within "
                    f"'{handout.id}', got '{question.id}' again (first at questions[{questions[question.id]}])",
                )
            else:
                questions[question.id] = q_index


@check("handout-ref")
def handout_references(ctx: CheckContext) -> Iterator[Problem]:
    ids = [h.id for h in ctx.programme.handouts]
    for s_index, session in known(ctx.programme.sessions):
        for a_index, activity in known(session.activities):
            for h_index, ref in enumerate(activity.handouts):
                if ref in activity.handout_ids() and ref not in ids:
                    yield plain(
                        ctx, "handout-ref", ("sessions", s_index, "activities", a_index, "handouts", h_index),
                        f"sessions[{s_index}].activities[{a_index}].handouts[{h_index}]: expected the id of one of "
                        f"the programme's handouts, got '{ref}'" + suggest(ref, ids),
                    )


@check("handout-unused")
def unused_handouts(ctx: CheckContext) -> Iterator[Problem]:
    used = {ref for s in ctx.programme.sessions for a in s.activities for ref in a.handout_ids()}
    for index, handout in enumerate(ctx.programme.handouts):
        if handout.id not in used:
            yield plain(
                ctx, "handout-unused", ("handouts", index, "id"),
                f"handouts[{index}].id: expected '{handout.id}' under the 'handouts' of at least one activity, "
                f"got no activity that hands it out",
                warn=True,
            )


@check("handout-content")
def handout_content(ctx: CheckContext) -> Iterator[Problem]:
    for index, handout in enumerate(ctx.programme.handouts):
        fields, words = NEEDS[handout.type]
        if not any(getattr(handout.participant, f) for f in fields):
            yield Problem(
                ctx.at("handouts", index, "participant", key=True), "handout-content",
                f"handouts[{index}].participant: expected {words} for a {handout.type.value} document, got none",
            )
        if handout.moment is not None and handout.type is not HandoutType.EVALUATION:
            yield plain(
                ctx, "handout-content", ("handouts", index, "moment"),
                f"handouts[{index}].moment: expected no moment for a {handout.type.value} document "
                f"(only evaluations have one), got '{handout.moment}'",
            )


@check("handout-answer")
def quiz_answers(ctx: CheckContext) -> Iterator[Problem]:
    for index, handout in enumerate(ctx.programme.handouts):
        ids = [q.id for q in handout.participant.questions]
        key = handout.facilitator
        if handout.type is HandoutType.QUIZ:
            for q_index, question in enumerate(handout.participant.questions):
                if question.id not in key.answers:
                    yield plain(
                        ctx, "handout-answer", ("handouts", index, "participant", "questions", q_index),
                        f"handouts[{index}].participant.questions[{q_index}]: expected an answer for quiz question "
                        f"'{question.id}' under handouts[{index}].facilitator.answers, got none",
                    )
        for field in ("answers", "expected"):
            for name in getattr(key, field):
                if name not in ids:
                    yield Problem(
                        ctx.at("handouts", index, "facilitator", field, name, key=True), "handout-answer",
                        f"handouts[{index}].facilitator.{field}.{name}: expected the id of a question of "
                        f"'{handout.id}', got '{name}'" + suggest(name, list(dict.fromkeys(ids))),
                    )


@check("handout-scoring")
def evaluation_scoring(ctx: CheckContext) -> Iterator[Problem]:
    for index, handout in enumerate(ctx.programme.handouts):
        document = handout.participant
        for q_index, question in enumerate(document.questions):
            if question.scale and not document.scale:
                yield Problem(
                    ctx.at("handouts", index, "participant", "questions", q_index, "scale", key=True),
                    "handout-scoring",
                    f"handouts[{index}].participant.questions[{q_index}].scale: expected a 'scale' list in "
                    f"handouts[{index}].participant to answer on, got none",
                )
        if handout.type is not HandoutType.EVALUATION:
            continue
        if not handout.facilitator.scoring:
            yield plain(
                ctx, "handout-scoring", ("handouts", index, "facilitator", "scoring"),
                f"handouts[{index}].facilitator.scoring: expected how to score and read evaluation "
                f"'{handout.id}', got none",
            )
        if handout.moment is None:
            yield plain(
                ctx, "handout-scoring", ("handouts", index, "id"),
                f"handouts[{index}]: expected a 'moment' for evaluation '{handout.id}' "
                f"(before, after, before_after or end), got none",
            )


LABELS = frozenset({"title", "heading", "choices", "scale", "name"})
"""Fields that hold labels, not sentences: left out of the average sentence length."""


def _plain_language(ctx: CheckContext, index: int, handout: Handout) -> Iterator[Problem]:
    document = handout.participant
    texts = document.texts()
    where = ("handouts", index, "participant")
    name = f"handouts[{index}].participant"
    prose = measure(text for path, text in texts if not set(path) & LABELS)
    figures = measure(text for _, text in texts)
    if prose.average_sentence > MAX_AVERAGE_SENTENCE_WORDS:
        yield Problem(
            ctx.at(*where, key=True), "plain-language",
            f"{name}: expected at most {MAX_AVERAGE_SENTENCE_WORDS} words per sentence on average for participants "
            f"who read with difficulty, got {prose.average_sentence:.1f} in '{handout.id}' (split long sentences)",
            Severity.WARNING, PLAIN_LANGUAGE_SOURCE,
        )
    if figures.words >= MIN_WORDS and figures.long_share > MAX_LONG_WORD_SHARE:
        yield Problem(
            ctx.at(*where, key=True), "plain-language",
            f"{name}: expected at most {MAX_LONG_WORD_SHARE:.0%} of words longer than {LONG_WORD_LETTERS} letters, "
            f"got {figures.long_share:.0%} ({figures.long_words} of {figures.words}) in '{handout.id}' "
            f"(use shorter, everyday words)",
            Severity.WARNING, PLAIN_LANGUAGE_SOURCE,
        )
    for path, text in texts:
        for term, plain_words in jargon_in(text, ctx.programme.language):
            dotted = name + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
            yield Problem(
                ctx.at(*where, *path), "plain-language",
                f"{dotted}: expected everyday words, got the jargon '{term}' (say '{plain_words}')",
                Severity.WARNING, PLAIN_LANGUAGE_SOURCE,
            )


@check("plain-language")
def plain_language(ctx: CheckContext) -> Iterator[Problem]:
    for index, handout in enumerate(ctx.programme.handouts):
        yield from _plain_language(ctx, index, handout)
