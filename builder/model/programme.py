"""The programme model: what one ``curricula/programmes/<id>.yaml`` file describes.

Plain frozen pydantic models with no file or template I/O. Field descriptions
feed the generated YAML reference, so they are written for programme designers.
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from builder.model.duration import Clock, Minutes
from builder.model.handout import Handout, is_handout_id

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Language = Literal["fr", "en", "ka"]
"""A content language: French, English, Georgian (ISO 639-1). Generated labels come from
``templates/labels/<language>.yaml``."""
LANGUAGES: tuple[str, ...] = ("fr", "en", "ka")


PLACEHOLDERS = ("[à écrire]", "[to write]", "[დასაწერია]")
"""How text left for the designer starts (``stagecraft new``); validation reports every one."""


def _one_or_many(value: object) -> object:
    """Let a single string stand for a one-item list."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[
    tuple[Text, ...],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {"type": "string", "minLength": 1}},
                {"type": "string", "minLength": 1},
            ]
        }
    ),
]


class Strict(BaseModel):
    """Base: immutable, unknown keys refused.

    Numbers are ``strict=True`` field by field, so a quoted ``"190"`` or a ``yes``
    is refused rather than read as a number (strict mode for the whole model
    would also refuse a YAML list where a tuple is held).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, str_strip_whitespace=True)


class Method(str, enum.Enum):
    """How an activity is run. Participatory methods come first in the list."""

    DISCUSSION = "discussion"
    CASE_STUDY = "case_study"
    ROLE_PLAY = "role_play"
    SMALL_GROUPS = "small_groups"
    EXERCISE = "exercise"
    ICEBREAKER = "icebreaker"
    QUIZ = "quiz"
    DEBRIEF = "debrief"
    INDIVIDUAL_WORK = "individual_work"
    TESTIMONY = "testimony"
    VIDEO = "video"
    PRESENTATION = "presentation"
    OUTING = "outing"
    EXTERNAL_CONTRIBUTOR = "external_contributor"
    BREAK = "break"


PARTICIPATORY = frozenset(
    {
        Method.DISCUSSION,
        Method.CASE_STUDY,
        Method.ROLE_PLAY,
        Method.SMALL_GROUPS,
        Method.EXERCISE,
        Method.ICEBREAKER,
        Method.QUIZ,
        Method.DEBRIEF,
    }
)


class DebriefQuestion(Strict):
    """A question that closes an activity, with the answer the facilitator brings the group to."""

    question: Text = Field(description="The question, as put to the group and shown on the activity's slide.")
    answer: str = Field(
        "",
        description="What the facilitator listens for or brings out in reply, shown under the question in the "
        "speaker notes of the slide that shows it.",
    )


def _debrief_items(value: object) -> object:
    """Let ``debrief`` be one question, a list of questions, or questions with their answers."""
    value = _one_or_many(value)
    if isinstance(value, (list, tuple)):
        return [{"question": item} if isinstance(item, str) else item for item in value]
    return value


_DEBRIEF_ITEM_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string", "minLength": 1, "description": "The question put to the group."},
        "answer": {"type": "string", "description": "What the facilitator listens for or brings out in reply."},
    },
    "required": ["question"],
    "additionalProperties": False,
}

DebriefList = Annotated[
    tuple[DebriefQuestion, ...],
    BeforeValidator(_debrief_items),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {"anyOf": [{"type": "string", "minLength": 1}, _DEBRIEF_ITEM_SCHEMA]}},
                {"type": "string", "minLength": 1},
            ]
        }
    ),
]


class Outing(Strict):
    """What a facilitator prepares before taking the group out (method ``outing``)."""

    destination: Text = Field(description="Where the group goes and what it sees there (the place, its address or "
                              "service, the person who receives the group).")
    transport: Text = Field(description="How the group gets there and back, and the time it takes.")
    authorisation: Text = Field(
        description="What the measure requires before the outing and who authorises or checks it (e.g. that the "
        "place and the group are compatible with each participant's prohibitions)."
    )
    risks: Text = Field(description="Risks, safety and insurance: what is covered, by whom, what to check.")
    if_unable: Text = Field(
        description="What a participant who cannot go (health, prohibition, hours of an electronic tag) does "
        "instead, so that the session still counts for them."
    )
    checklist: TextList = Field((), description="Steps to take before the day (bookings, confirmations, papers).")


class Contributor(Strict):
    """An external contributor's part in an activity (method ``external_contributor``)."""

    organisation: Text = Field(description="The organisation the contributor comes from, e.g. a CSAPA.")
    role: Text = Field(description="The contributor's profession or role, never a name.")
    brief: TextList = Field(description="What the contributor is asked to cover, point by point.")
    must_not: TextList = Field(
        description="What the contributor must not ask or reveal (participants' offences, sentences and judicial "
        "situation stay confidential)."
    )
    present: Text = Field(description="Who from the service stays in the room throughout, and what they do.")


class Activity(Strict):
    """A timed part of a session, with everything a facilitator needs to run it."""

    title: Text = Field(description="Short name shown in run sheets and on slides.")
    duration: Minutes = Field(description="Length, e.g. '20min' or '1h15'.")
    method: Method = Field(description="How it is run; 'break' marks a pause.")
    purpose: str = Field("", description="Why this activity is here, in one or two sentences.")
    instructions: TextList = Field((), description="What the facilitator does, says and asks, step by step.")
    questions: TextList = Field((), description="Questions the facilitator puts to the group.")
    expected_answers: TextList = Field((), description="Answers to expect from the group.")
    facilitator_notes: TextList = Field((), description="Delivery tips: what to watch for, how to adapt.")
    materials: TextList = Field((), description="What to prepare: handouts, boards, equipment.")
    debrief: DebriefList = Field(
        (),
        description="Questions to close the activity: each a question, or `{question: …, answer: …}` with the "
        "answer to bring out (printed under its question in the guide, on the site's session page and in the "
        "speaker notes).",
    )
    slides: TextList = Field((), description="Key points projected on the slides (3 to 6 is best).")
    handouts: TextList = Field(
        (),
        description="Documents handed out: the id of one of the programme's `handouts` (e.g. 'quiz-loi'), "
        "or a file (PDF, image) as a path relative to the programme file, e.g. '../handouts/quiz.pdf', "
        "which must exist inside the project. An entry of lowercase letters, digits and '-' is an id.",
    )
    condition: str = Field(
        "",
        description="When set, the activity is run only in this case (e.g. 'only when art. 132-76 applies'); "
        "its instructions say what the group does with the time otherwise. Guides and slides mark it.",
    )
    outing: Outing | None = Field(
        None, description="For an 'outing' activity: what to prepare (destination, transport, authorisation, "
        "risks and insurance, what a participant who cannot go does)."
    )
    contributor: Contributor | None = Field(
        None, description="For an 'external_contributor' activity: the organisation, the contributor's role and "
        "brief, what they must not ask or reveal, and who stays in the room."
    )

    def handout_ids(self) -> list[str]:
        """The entries of ``handouts`` that name handouts of the programme, in order."""
        return [ref for ref in self.handouts if is_handout_id(ref)]

    def handout_files(self) -> list[str]:
        """The entries of ``handouts`` that are file paths, in order."""
        return [ref for ref in self.handouts if not is_handout_id(ref)]


class Session(Strict):
    """One session of the programme, delivered on one day."""

    id: Ident = Field(description="Unique within the programme, e.g. 's01'.")
    title: Text
    phase: Ident = Field(description="The id of one of the programme's phases.")
    day: int | None = Field(
        None,
        ge=1,
        strict=True,
        description="Day number counted from the first day (1 = first day, 8 = a week later). "
        "Sessions with the same number are delivered the same day. Required when the programme has more "
        "than one session.",
    )
    start: Clock | None = Field(
        None,
        description="Clock time the session starts, e.g. '13:30'. Without it, a day's first session starts at "
        "the programme's start_time and a later one when the session before it ends.",
    )
    duration: Minutes = Field(description="Total length, breaks included.")
    summary: str = Field("", description="What the session is about and why, for the guide.")
    objectives: TextList = Field(description="What participants will be able to do at the end.")
    activities: tuple[Activity, ...] = Field(min_length=1)
    homework: TextList = Field((), description="What participants do before the next session.")


class Phase(Strict):
    """A stage of the programme (e.g. anamnesis, focus, evaluation)."""

    id: Ident
    title: Text
    summary: str = ""


class GroupSize(Strict):
    """How many participants a group takes."""

    min: int = Field(ge=1, strict=True)
    max: int = Field(ge=1, strict=True)


class InterviewType(str, enum.Enum):
    """Individual interviews around the group sessions."""

    PRELIMINARY = "preliminary"
    REVIEW = "review"


class Interview(Strict):
    """An individual interview: the entretien préalable or the entretien bilan."""

    type: InterviewType
    title: str = Field("", description="Name in the programme's language, e.g. 'Entretien préalable'.")
    duration: Minutes
    timing: Text = Field(description="When it takes place, e.g. 'about one month after the stage'.")
    led_by: str = Field("", description="Who conducts it.")
    parents: bool = Field(
        False,
        description="True when the parents or legal representatives take part (required for minors at the "
        "preliminary interview and the end review, CJPM R122-11 and R122-12).",
    )
    topics: TextList = Field((), description="What it covers.")
    notes: TextList = Field((), description="Guidance for the interviewer.")


class Criterion(str, enum.Enum):
    """What completing the programme requires."""

    ATTENDANCE = "attendance"
    ATTESTATION = "attestation"
    INDIVIDUAL_PLAN = "individual_plan"
    REVIEW_INTERVIEW = "review_interview"
    SUMMARY_REPORT = "summary_report"


class RouteCompletion(Strict):
    """What completion means for participants who come by one legal route."""

    attestation: str = Field("", description="What the attestation states and where it goes, for this route.")
    non_completion: str = Field(
        "",
        description="What happens on non-completion for this route; when empty, the framework's consequence "
        "for the route is shown.",
    )


class Completion(Strict):
    """How a participant completes the programme, and what happens if not."""

    criteria: tuple[Criterion, ...] = Field(min_length=1)
    description: Text = Field(description="Completion in plain words, for the guide.")
    attestation: str = Field("", description="What the attestation states and where it goes.")
    non_completion: str = Field(
        "", description="What happens when a participant does not complete, whatever the route."
    )
    routes: dict[Ident, RouteCompletion] = Field(
        default_factory=dict,
        description="Per legal route (an id of the programme's `routes`): its own attestation and "
        "non-completion texts.",
    )


class Weekday(str, enum.Enum):
    """Days of the week, for programmes that run on fixed weekdays."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """0 for Monday … 6 for Sunday (as ``datetime.date.weekday``)."""
        return list(Weekday).index(self)


class Programme(Strict):
    """One programme: its legal frame, delivery parameters, interviews, phases and sessions."""

    id: Ident = Field(description="Matches the file name without '.yaml'.")
    title: Text
    short_title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = Field(
        "",
        description="A short form of the title, at most 60 characters, printed at the foot of every slide. "
        "Without it, a title longer than 60 characters is shortened to its part before ' — ', ' : ' or ' (', "
        "else to its first words and '…'.",
    )
    language: Language = Field(description="The language of the content and of every generated label: fr, en or ka (Georgian).")
    translation_of: Ident | None = Field(
        None,
        description="The id of the programme this one translates (e.g. the Georgian original of an English twin): "
        "validation checks that both keep the same phases, sessions, activities and handouts (rule translation-parity).",
    )
    framework: Ident = Field(description="The id of a file in curricula/frameworks/.")
    kind: Ident = Field(description="A kind (or track) defined by that framework.")
    routes: tuple[Ident, ...] = Field(
        (),
        description="The legal routes by which participants come (ids of the framework's `routes`, e.g. "
        "[peine, alternative-poursuites]); each route's rules, fee, controller and consequences apply.",
    )
    version: Text = Field(description="The programme's own version, e.g. '1.2' (quoted).")
    status: Literal["draft", "published"] = Field(
        "published",
        description="'draft' keeps the programme out of the site and its catalogue while it is written; it is "
        "still validated, its errors reported as warnings (errors again with --strict).",
    )
    summary: Text
    rationale: str = Field("", description="Why the programme is built this way.")
    audience: Text = Field(description="Who the programme is for (target group, eligibility).")
    objectives: TextList
    fee_eur: float = Field(ge=0, strict=True, description="What the participant pays, in euros.")
    group_size: GroupSize
    staff: TextList = Field((), description="Who runs the sessions.")
    room: str = Field("", description="Room and equipment.")
    preparation: TextList = Field((), description="What to prepare before the first session.")
    start_time: Clock = Field(
        9 * 60,
        description="When a day's first session starts, unless it sets its own 'start'.",
        json_schema_extra={"default": "09:00"},
    )
    first_weekday: Weekday | None = Field(
        None,
        description="The weekday of day 1 when the programme runs on fixed weekdays (e.g. 'wednesday'); "
        "each day's weekday then follows from its number, so school time can be checked.",
    )
    school_holidays: bool = Field(
        False, description="True when the programme runs only during school holidays (minors' programmes)."
    )
    interviews: tuple[Interview, ...] = ()
    completion: Completion
    disclosure: str = Field("", description="What to do if new facts are disclosed during the programme.")
    phases: tuple[Phase, ...] = Field(min_length=1)
    sessions: tuple[Session, ...] = Field(min_length=1)
    handouts: tuple[Handout, ...] = Field(
        (), description="Participant documents (cards, quizzes, worksheets, questionnaires, information sheets)."
    )

    def handout(self, handout_id: str) -> Handout | None:
        """The handout with ``handout_id``, if any."""
        return next((h for h in self.handouts if h.id == handout_id), None)

    def weekday(self, day: int) -> Weekday | None:
        """The weekday of day number ``day``, when ``first_weekday`` is set."""
        if self.first_weekday is None:
            return None
        return list(Weekday)[(self.first_weekday.number + day - 1) % 7]

    def phase(self, phase_id: str) -> Phase | None:
        """The phase with ``phase_id``, if any."""
        return next((p for p in self.phases if p.id == phase_id), None)

    def sessions_in(self, phase_id: str) -> list[Session]:
        """Sessions of one phase, in programme order."""
        return [s for s in self.sessions if s.phase == phase_id]
