"""Participant documents (handouts) written in the programme YAML.

A handout has two parts that never mix:

- ``participant``: a :class:`ParticipantDocument`, everything printed for
  participants (title, texts, cards, questions with room to write, contacts);
- ``facilitator``: a :class:`FacilitatorKey`, everything only the facilitator
  sees (answer keys with their sources, expected answers, questionnaire scoring,
  notes). It is printed in the facilitator guide's appendix, never in a
  participant file.

The participant renderer receives a :class:`ParticipantDocument` alone: the
class has no field through which facilitator-only text could be reached.
"""

from __future__ import annotations

import enum
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""An activity's ``handouts`` entry matching this is a handout id; anything else is a file path."""


def _one_or_many(value: object) -> object:
    """Let a single string stand for a one-item list."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]


class _Strict(BaseModel):
    """Immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class HandoutType(str, enum.Enum):
    """What kind of participant document a handout is."""

    CASE_CARD = "case_card"
    QUIZ = "quiz"
    WORKSHEET = "worksheet"
    EVALUATION = "evaluation"
    INFORMATION = "information"


# --- What participants see ------------------------------------------------------------------------


class Card(_Strict):
    """A boxed text: a case, a scene, a situation card (one card per box, cut out or read aloud)."""

    title: Text = Field(description="The card's heading, e.g. 'Situation 1 : le contrôle routier'.")
    text: TextList = Field((), description="The card's paragraphs.")
    items: TextList = Field((), description="A bulleted list printed after the paragraphs.")


class Section(_Strict):
    """A part of a document with an optional heading, paragraphs and a bulleted list."""

    heading: str = Field("", description="The section's heading (none for a plain block of text).")
    text: TextList = Field((), description="Paragraphs.")
    items: TextList = Field((), description="A bulleted list printed after the paragraphs.")


class Question(_Strict):
    """A question or prompt participants answer on the sheet."""

    id: Ident = Field(description="Unique within the handout, e.g. 'q1'; the facilitator's key refers to it.")
    text: Text = Field(description="The question, statement or prompt as participants read it.")
    choices: TextList = Field((), description="Answers to tick (a box is printed before each).")
    scale: bool = Field(False, description="Answered on the document's `scale` (printed as a grid row).")
    lines: int = Field(
        0,
        ge=0,
        le=30,
        description="Lines to write on. Default: 3 for a question with no choices and no scale, 0 otherwise.",
    )

    @property
    def writing_lines(self) -> int:
        """The lines printed under the question (3 for an open question that sets none)."""
        if self.lines:
            return self.lines
        return 0 if (self.choices or self.scale) else 3


class Contact(_Strict):
    """A service participants can turn to (information sheets)."""

    name: Text = Field(description="The service, e.g. 'Drogues Info Service'.")
    what: str = Field("", description="What it offers, in one sentence.")
    phone: str = Field("", description="Phone number, only when checked against the service's own page.")
    web: str = Field("", description="Web address.")


class ParticipantDocument(_Strict):
    """Everything printed for participants. It holds no answer, no expected answer, no note."""

    title: Text = Field(description="The document's title as participants read it.")
    intro: TextList = Field((), description="Paragraphs under the title (what the sheet is for, how to fill it in).")
    cards: tuple[Card, ...] = Field((), description="Boxed texts: cases, scenes, situation cards.")
    sections: tuple[Section, ...] = Field((), description="Headed parts: information, rights, what happens next.")
    scale: TextList = Field(
        (), description="The answer scale of the questions marked `scale: true`, e.g. ['Pas du tout', …, 'Tout à fait']."
    )
    questions: tuple[Question, ...] = Field((), description="Questions, statements or prompts to answer on the sheet.")
    contacts: tuple[Contact, ...] = Field((), description="Services to turn to.")
    closing: TextList = Field((), description="Paragraphs at the end of the document.")

    def texts(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every participant-facing text with its path inside the document (for language checks)."""
        found: list[tuple[tuple[str | int, ...], str]] = [(("title",), self.title)]
        for field in ("intro", "scale", "closing"):
            found += [((field, i), text) for i, text in enumerate(getattr(self, field))]
        for c, card in enumerate(self.cards):
            found.append((("cards", c, "title"), card.title))
            found += [(("cards", c, f, i), t) for f in ("text", "items") for i, t in enumerate(getattr(card, f))]
        for s, section in enumerate(self.sections):
            if section.heading:
                found.append((("sections", s, "heading"), section.heading))
            found += [(("sections", s, f, i), t) for f in ("text", "items") for i, t in enumerate(getattr(section, f))]
        for q, question in enumerate(self.questions):
            found.append((("questions", q, "text"), question.text))
            found += [(("questions", q, "choices", i), t) for i, t in enumerate(question.choices)]
        for c, contact in enumerate(self.contacts):
            found += [(("contacts", c, f), getattr(contact, f)) for f in ("name", "what") if getattr(contact, f)]
        return found


# --- What only the facilitator sees ---------------------------------------------------------------


class Answer(_Strict):
    """The right answer to one question, why, and the public document that says so."""

    answer: Text = Field(description="The right answer, e.g. 'Faux' or 'B'.")
    explanation: str = Field("", description="What to say when correcting, in one or two sentences.")
    source: str = Field("", description="The public document the answer rests on (an article, a published report).")


class FacilitatorKey(_Strict):
    """Facilitator-only content of a handout: printed in the guide's appendix, never for participants."""

    answers: dict[Ident, Answer] = Field(
        default_factory=dict, description="Answer key: question id -> answer, explanation, source. Every quiz question needs one."
    )
    expected: dict[Ident, TextList] = Field(
        default_factory=dict, description="What to expect or bring out for an open question: question id -> points."
    )
    scoring: TextList = Field((), description="How to score the questionnaire and read the result (evaluations).")
    notes: TextList = Field((), description="How to use the document: when to hand it out, what to watch for.")

    def texts(self) -> list[str]:
        """Every facilitator-only text (answers, explanations, sources, expected points, scoring, notes)."""
        found: list[str] = []
        for answer in self.answers.values():
            found += [t for t in (answer.answer, answer.explanation, answer.source) if t]
        for points in self.expected.values():
            found += list(points)
        return found + list(self.scoring) + list(self.notes)


class Handout(_Strict):
    """A participant document: what participants read (``participant``) and its key (``facilitator``)."""

    id: Ident = Field(description="Unique within the programme; activities list it under `handouts`.")
    type: HandoutType = Field(description="case_card, quiz, worksheet, evaluation or information.")
    moment: Literal["before", "after", "before_after", "end"] | None = Field(
        None,
        description="For an evaluation: filled in at the start (before), at the end (after), both "
        "(before_after: the same questionnaire twice, to compare) or as an end-of-stage evaluation (end).",
    )
    participant: ParticipantDocument = Field(description="What is printed for participants.")
    facilitator: FacilitatorKey = Field(
        default_factory=FacilitatorKey, description="Answer key, expected answers, scoring and notes: guide only."
    )


def is_handout_id(ref: str) -> bool:
    """True when an activity's ``handouts`` entry names a handout of the programme, not a file."""
    return bool(ID_PATTERN.match(ref))
