"""What a facilitator guide shows, worked out from a programme view before any template runs.

Pure functions: a :class:`ProgrammeView` and a :class:`BuildStamp` in, plain
frozen dataclasses out. Every word that ends up in the guide comes either from
the programme and framework files or from the labels of the programme's
language, so a French guide holds no English label and the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.programme import Method, Programme
from builder.model.schedule import TimedActivity, TimedSession
from builder.render import fmt
from builder.render.context import BuildStamp, ProgrammeView

NOON = 12 * 60
"""A session that starts before noon is a morning session."""
AFTERNOON = 13 * 60
"""In a morning session, work that starts at 13:00 or later belongs to the afternoon."""
COLUMNS_PER_SHEET = 8
"""Half-day signature columns on one landscape attendance sheet."""


@dataclass(frozen=True)
class Obligation:
    """One rule of the framework as the guide states it."""

    name: str
    value: str
    text: str
    source: str
    recommended: bool


@dataclass(frozen=True)
class RouteView:
    """One legal route the programme accepts, as the completion chapter and the attestation show it."""

    id: str
    title: str
    source: str
    text: str
    fee: str
    controller: str
    authorisation: str
    attestation_to: str
    attestation: str
    """The programme's own attestation text for this route ('' when it has none)."""
    non_completion: str
    """The programme's non-completion text for this route, else the framework's."""
    non_completion_source: str
    minors: bool


@dataclass(frozen=True)
class HalfDay:
    """A morning or afternoon of training: one signature column of the attendance sheet."""

    day: int
    part: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """``1-morning``: the day and the part, for anchors and tests."""
        return f"{self.day}-{self.part}"


@dataclass(frozen=True)
class SessionChapter:
    """A session with the lists its chapter gathers from its activities."""

    timed: TimedSession
    anchor: str
    phase_title: str
    opens_phase: bool
    """True for the first session of its phase (in programme order)."""
    training_minutes: int
    materials: tuple[str, ...]
    debrief: tuple[tuple[str, str, str], ...]
    """(activity title, question, answer to bring out — may be empty) for every debrief question."""
    """(activity title, question) pairs, in activity order."""


@dataclass(frozen=True)
class Guide:
    """Everything a guide template needs beyond the labels and the programme itself."""

    view: ProgrammeView
    stamp_commit: str
    stamp_dirty: bool
    stamp_date: str
    legal_basis: str
    in_force: str
    obligations: tuple[Obligation, ...]
    routes: tuple[RouteView, ...]
    daily_minutes: tuple[tuple[int, int], ...]
    """(day number, training minutes) for every training day."""
    first_start: int
    chapters: tuple[SessionChapter, ...]
    half_days: tuple[HalfDay, ...]
    sheets: tuple[tuple[HalfDay, ...], ...]
    participant_rows: int

    @property
    def programme(self) -> Programme:
        return self.view.programme

    @property
    def same_every_day(self) -> int | None:
        """The training minutes of every day when all days are equal, else ``None``."""
        values = {minutes for _, minutes in self.daily_minutes}
        return values.pop() if len(values) == 1 else None


def obligations(view: ProgrammeView) -> tuple[Obligation, ...]:
    """Every rule that applies to the programme's kind, in the framework model's order."""
    result = []
    for name in type(view.rules).model_fields:
        rule = getattr(view.rules, name)
        if rule is None:
            continue
        result.append(
            Obligation(
                name=view.labels[f"guide_rule_{name}"],
                value=fmt.rule_value(name, rule, view.programme.language, view.labels, view.programme),
                text=rule.text,
                source=rule.source,
                recommended=rule.severity == "warning",
            )
        )
    return tuple(result)


def routes(view: ProgrammeView) -> tuple[RouteView, ...]:
    """The programme's legal routes, in its order, each with the programme's texts or the framework's."""
    programme, framework = view.programme, view.framework
    result = []
    for route_id in programme.routes:
        route = framework.routes.get(route_id)
        if route is None:
            continue  # validation reports it
        own = programme.completion.routes.get(route_id)
        result.append(
            RouteView(
                id=route_id,
                title=route.title,
                source=route.source,
                text=route.text,
                fee=route.fee,
                controller=route.controller,
                authorisation=route.authorisation,
                attestation_to=route.attestation_to,
                attestation=own.attestation if own else "",
                non_completion=(own.non_completion if own and own.non_completion else route.non_completion.text),
                non_completion_source=route.non_completion.source,
                minors=route.minors,
            )
        )
    return tuple(result)


def legal_basis(view: ProgrammeView) -> str:
    """The framework's main article, with the kind's number when it has one (``…131-5-1, 3°``)."""
    number = view.kind.number
    return f"{view.framework.article}, {number}" if number else view.framework.article


def in_force(view: ProgrammeView) -> str:
    """When the kind came into force (and until when), or '' when the framework does not say."""
    period = view.kind.in_force
    if period is None or period.start is None:
        return ""
    text = f"{view.labels.in_force_since} {fmt.date(period.start, view.programme.language)}"
    if period.until is not None:
        text += f" {view.labels.guide_in_force_until} {fmt.date(period.until, view.programme.language)}"
    return text


def _trim_breaks(activities: list[TimedActivity]) -> list[TimedActivity]:
    """Drop breaks at either end: a lunch break does not stretch the morning."""
    while activities and activities[0].activity.method is Method.BREAK:
        activities = activities[1:]
    while activities and activities[-1].activity.method is Method.BREAK:
        activities = activities[:-1]
    return activities


def half_days(sessions: list[TimedSession]) -> tuple[HalfDay, ...]:
    """The half-days the schedule uses, in order, each with its clock times.

    A session starting before noon is a morning; its activities that start at
    13:00 or later (after a lunch break, say) make an afternoon of the same day.
    A session starting at noon or later is an afternoon. Breaks at the edge of a
    half-day do not count towards its times.
    """
    parts: dict[tuple[int, str], list[TimedActivity]] = {}
    for timed in sessions:
        for item in timed.activities:
            morning = timed.start < NOON and item.start < AFTERNOON
            parts.setdefault((timed.day, "morning" if morning else "afternoon"), []).append(item)
    result = []
    for (day, part), items in sorted(parts.items(), key=lambda kv: (kv[0][0], kv[0][1] != "morning")):
        work = _trim_breaks(items)
        if not work:
            continue
        result.append(HalfDay(day, part, min(a.start for a in work), max(a.end for a in work)))
    return tuple(result)


def sheets(columns: tuple[HalfDay, ...], per_sheet: int = COLUMNS_PER_SHEET) -> tuple[tuple[HalfDay, ...], ...]:
    """Split half-days over as few sheets as fit, as evenly as possible (15 → 8 + 7)."""
    if not columns:
        return ()
    count = -(-len(columns) // per_sheet)
    size = -(-len(columns) // count)
    return tuple(columns[i : i + size] for i in range(0, len(columns), size))


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


def chapters(view: ProgrammeView) -> tuple[SessionChapter, ...]:
    """One chapter per session, with its materials and debrief questions gathered."""
    result: list[SessionChapter] = []
    for timed in view.sessions:
        session = timed.session
        previous = result[-1].timed.session.phase if result else None
        phase = view.programme.phase(session.phase)
        result.append(
            SessionChapter(
                timed=timed,
                anchor=f"session-{session.id}",
                phase_title=phase.title if phase else session.phase,
                opens_phase=session.phase != previous,
                training_minutes=timed.training_minutes,
                materials=_unique([m for a in session.activities for m in a.materials]),
                debrief=tuple((a.title, q.question, q.answer) for a in session.activities for q in a.debrief),
            )
        )
    return tuple(result)


def build_guide(view: ProgrammeView, stamp: BuildStamp) -> Guide:
    """Work out everything the guide shows for one programme."""
    labels = view.labels
    timed = view.sessions
    columns = half_days(timed)
    commit = labels.guide_commit_unknown if stamp.commit == "unknown" else stamp.commit
    first_start = min((s.start for s in timed if s.day == timed[0].day), default=view.programme.start_time)
    return Guide(
        view=view,
        stamp_commit=commit,
        stamp_dirty=stamp.dirty,
        stamp_date=fmt.date(stamp.date, view.programme.language) if stamp.date and not stamp.dirty else labels.uncommitted,
        legal_basis=legal_basis(view),
        in_force=in_force(view),
        obligations=obligations(view),
        routes=routes(view),
        daily_minutes=tuple(view.schedule.minutes_per_day.items()),
        first_start=first_start,
        chapters=chapters(view),
        half_days=columns,
        sheets=sheets(columns),
        participant_rows=view.programme.group_size.max,
    )
