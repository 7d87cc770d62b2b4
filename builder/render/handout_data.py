"""What participant documents print, and what the facilitator guide's appendix shows.

Two pure functions, kept apart on purpose:

- :func:`participant_data` takes a :class:`ParticipantDocument` (plus its type,
  moment and the labels) and nothing else: it cannot reach an answer key,
  expected answers, scoring or notes, which live on :class:`FacilitatorKey`;
- :func:`appendix` gathers, for the facilitator guide, each handout's key next
  to the activities that hand it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder.model.handout import FacilitatorKey, Handout, HandoutType, ParticipantDocument
from builder.model.programme import Programme
from builder.render.context import Labels


def participant_data(
    document: ParticipantDocument, kind: HandoutType, moment: str | None, labels: Labels, programme_title: str
) -> dict[str, Any]:
    """The JSON-ready data of one printed participant document (``templates/handout/handout.typ``)."""
    questions = []
    for number, question in enumerate(document.questions, 1):
        questions.append(
            {
                "number": number,
                "text": question.text,
                "choices": list(question.choices),
                "scale": question.scale,
                "lines": question.writing_lines,
            }
        )
    return {
        "kind": labels[f"handout_type_{kind.value}"],
        "moment": labels[f"handout_moment_{moment}"] if moment else "",
        "moment_choices": [labels.handout_moment_start, labels.handout_moment_finish] if moment == "before_after" else [],
        "programme": programme_title,
        "title": document.title,
        "intro": list(document.intro),
        "cards": [{"title": c.title, "text": list(c.text), "items": list(c.items)} for c in document.cards],
        "sections": [{"heading": s.heading, "text": list(s.text), "items": list(s.items)} for s in document.sections],
        "scale": list(document.scale),
        "questions": questions,
        "contacts": [
            {"name": c.name, "what": c.what, "phone": c.phone, "web": c.web} for c in document.contacts
        ],
        "contacts_heading": labels.handout_contacts,
        "phone_label": labels.handout_phone,
        "web_label": labels.handout_web,
        "closing": list(document.closing),
    }


def documents_of_session(programme: Programme, session_id: str) -> list[Handout]:
    """The handouts a session's activities hand out, in activity order, each once."""
    session = next(s for s in programme.sessions if s.id == session_id)
    found: dict[str, Handout] = {}
    for activity in session.activities:
        for ref in activity.handout_ids():
            handout = programme.handout(ref)
            if handout is not None:
                found.setdefault(ref, handout)
    return list(found.values())


@dataclass(frozen=True)
class KeyQuestion:
    """One question of a handout with what the facilitator's key says about it."""

    number: int
    text: str
    answer: str
    explanation: str
    source: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class KeyEntry:
    """A handout in the guide's appendix: its key, and where it is used."""

    handout: Handout
    anchor: str
    used_in: tuple[tuple[str, str], ...]
    """(session title, activity title) pairs that hand it out."""
    questions: tuple[KeyQuestion, ...]
    scoring: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def has_key(self) -> bool:
        """True when there is anything facilitator-only to print."""
        return bool(self.questions or self.scoring or self.notes)


def _key_questions(document: ParticipantDocument, key: FacilitatorKey) -> tuple[KeyQuestion, ...]:
    result = []
    for number, question in enumerate(document.questions, 1):
        answer = key.answers.get(question.id)
        expected = key.expected.get(question.id, ())
        if answer is None and not expected:
            continue
        result.append(
            KeyQuestion(
                number=number,
                text=question.text,
                answer=answer.answer if answer else "",
                explanation=answer.explanation if answer else "",
                source=answer.source if answer else "",
                expected=tuple(expected),
            )
        )
    return tuple(result)


def anchor(handout_id: str) -> str:
    """The guide anchor of a handout's appendix entry."""
    return f"handout-{handout_id}"


def appendix(programme: Programme) -> tuple[KeyEntry, ...]:
    """Every handout of the programme, in order of first use, with its facilitator key."""
    used: dict[str, list[tuple[str, str]]] = {}
    for session in programme.sessions:
        for activity in session.activities:
            for ref in activity.handout_ids():
                used.setdefault(ref, []).append((session.title, activity.title))
    order = {ref: index for index, ref in enumerate(used)}
    handouts = sorted(programme.handouts, key=lambda h: order.get(h.id, len(order)))
    return tuple(
        KeyEntry(
            handout=h,
            anchor=anchor(h.id),
            used_in=tuple(used.get(h.id, ())),
            questions=_key_questions(h.participant, h.facilitator),
            scoring=h.facilitator.scoring,
            notes=h.facilitator.notes,
        )
        for h in handouts
    )
