"""What each deck says: slide specs planned from a programme view, in its language.

Pure functions over :class:`ProgrammeView`; no python-pptx here. A session deck
has a title slide, objectives, a timed agenda, one slide per activity (its key
points, or its method and times when it has none), a slide for each activity's
debrief questions, a slide per break, homework and a closing slide. The overview
deck presents the programme, its objectives, legal basis, main rules with their
sources, phases, session plan, interviews and completion. Every slide carries
speaker notes: the facilitator's timing first, then what to do and say.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from builder.model.framework import Rule, Rules
from builder.model.programme import Activity, Method
from builder.model.schedule import TimedActivity, TimedSession
from builder.render import fmt
from builder.render.context import Labels, ProgrammeView
from builder.render.deck_write import SlideKind, SlideSpec
from builder.render.preparation import preparations

DASH = "–"  # between session numbers: 3–5
BULLET = "– "  # list items in speaker notes


def _colon(labels: Labels) -> str:
    return labels["deck_colon"]


def _heading(labels: Labels, key: str) -> str:
    """``Déroulé :`` / ``Steps:`` — a label followed by the language's colon."""
    return f"{labels[key]}{_colon(labels)}".rstrip()


def _labelled(labels: Labels, key: str, value: str) -> str:
    return f"{labels[key]}{_colon(labels)}{value}"


def _notes(*blocks: Sequence[str]) -> str:
    """Join non-empty blocks of lines with a blank line between them."""
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _listed(labels: Labels, key: str, items: Iterable[str]) -> list[str]:
    """A labelled list for the notes, or nothing when ``items`` is empty."""
    items = [i for i in items if i.strip()]
    return [_heading(labels, key), *(BULLET + i for i in items)] if items else []


def _span(start: int, end: int) -> str:
    return fmt.span(start, end)


def session_timing(view: ProgrammeView, timed: TimedSession) -> str:
    """``Horaire : Jour 1, 09:00–12:00 (3 h)`` — the first line of a session slide's notes."""
    labels = view.labels
    when = f"{labels.day} {view.training_day(timed.day)}, {_span(timed.start, timed.end)} ({view.duration(timed.session.duration)})"
    return _labelled(labels, "time", when)


def activity_timing(view: ProgrammeView, timed: TimedActivity) -> str:
    """``Horaire : 09:00–09:45 (45 min) · Brise-glace`` — the first line of an activity's notes."""
    labels = view.labels
    method = labels[f"method_{timed.activity.method.value}"]
    when = f"{_span(timed.start, timed.end)} ({view.duration(timed.activity.duration)}) · {method}"
    return _labelled(labels, "time", when)


def activity_notes(view: ProgrammeView, timed: TimedActivity) -> str:
    """Everything a facilitator needs while the activity's slides are up."""
    labels = view.labels
    activity: Activity = timed.activity
    purpose = [_labelled(labels, "purpose", activity.purpose)] if activity.purpose.strip() else []
    condition = [_labelled(labels, "condition_only", activity.condition)] if activity.condition.strip() else []
    prepared = [prep.lines(_colon(labels), BULLET) for prep in preparations(activity, labels)]
    return _notes(
        [activity_timing(view, timed)],
        condition,
        *prepared,
        purpose,
        _listed(labels, "instructions", activity.instructions),
        _listed(labels, "questions", activity.questions),
        _listed(labels, "expected_answers", activity.expected_answers),
        _listed(labels, "facilitator_notes", activity.facilitator_notes),
        _listed(labels, "materials", activity.materials),
        _listed(labels, "guide_handouts", handout_links(view, activity.handout_ids())),
    )


def handout_links(view: ProgrammeView, ids: Iterable[str]) -> list[str]:
    """``Title — ../../handouts/<programme>/<id>.pdf`` for each participant document.

    The path is relative to the deck (``decks/<programme>/<session>.pptx``) and
    resolves both in the build folder and in the site's downloads.
    """
    programme = view.programme
    found = []
    for handout_id in ids:
        handout = programme.handout(handout_id)
        if handout is not None:
            found.append(f"{handout.participant.title}{DASH_SEPARATOR}../../handouts/{programme.id}/{handout.id}.pdf")
    return found


DASH_SEPARATOR = " — "


def _pack(view: ProgrammeView, session_id: str) -> list[str]:
    """The session's participant pack (one PDF to photocopy), when its activities hand documents out."""
    session = next(s for s in view.programme.sessions if s.id == session_id)
    if not any(a.handout_ids() for a in session.activities):
        return []
    path = f"../../handouts/{view.programme.id}/{session_id}.pdf"
    return [_labelled(view.labels, "handout_pack", path)]


def plan_session(view: ProgrammeView, timed: TimedSession) -> list[SlideSpec]:
    """The slides of one session's deck, in delivery order."""
    labels = view.labels
    programme = view.programme
    session = timed.session
    timing = [session_timing(view, timed)]
    phase = programme.phase(session.phase)
    total = len(view.sessions)
    when = (
        f"{labels.session} {timed.number}/{total} · {labels.day} {view.training_day(timed.day)} · "
        f"{_span(timed.start, timed.end)} · {view.duration(session.duration)}"
    )
    materials = list(dict.fromkeys(m for a in session.activities for m in a.materials))
    specs = [
        SlideSpec(
            SlideKind.TITLE,
            session.title,
            (programme.title, _labelled(labels, "phase", phase.title if phase else session.phase), when),
            _notes(
                timing,
                [session.summary] if session.summary.strip() else [],
                _listed(labels, "materials", materials),
                _pack(view, session.id),
            ),
        ),
        SlideSpec(
            SlideKind.CONTENT,
            labels.objectives,
            session.objectives,
            _notes(timing, [session.summary] if session.summary.strip() else []),
        ),
        SlideSpec(
            SlideKind.CONTENT,
            labels.agenda,
            tuple(
                f"{_span(a.start, a.end)}   {a.activity.title} ({view.duration(a.activity.duration)})"
                for a in timed.activities
            ),
            _notes(timing, [_labelled(labels, "training_hours", view.duration(timed.training_minutes))]),
        ),
    ]
    for timed_activity in timed.activities:
        specs.extend(_activity_slides(view, timed_activity))
    if session.homework:
        specs.append(SlideSpec(SlideKind.CONTENT, labels.homework, session.homework, _notes(timing)))
    specs.append(_closing(view, timed, timing))
    return specs


def _activity_slides(view: ProgrammeView, timed: TimedActivity) -> list[SlideSpec]:
    labels = view.labels
    activity = timed.activity
    notes = activity_notes(view, timed)
    times = f"{_span(timed.start, timed.end)} · {view.duration(activity.duration)}"
    if activity.method is Method.BREAK:
        return [SlideSpec(SlideKind.SECTION, activity.title, (times,), notes)]
    if activity.slides:
        slides = [SlideSpec(SlideKind.CONTENT, activity.title, activity.slides, notes)]
    else:
        method = labels[f"method_{activity.method.value}"]
        slides = [SlideSpec(SlideKind.SECTION, activity.title, (f"{method} · {times}",), notes)]
    if activity.debrief:
        debrief_notes = _notes(
            [activity_timing(view, timed), _labelled(labels, "activity", activity.title)],
            _listed(labels, "expected_answers", activity.expected_answers),
        )
        slides.append(SlideSpec(SlideKind.CONTENT, labels.debrief, activity.debrief, debrief_notes))
    return slides


def _closing(view: ProgrammeView, timed: TimedSession, timing: list[str]) -> SlideSpec:
    labels = view.labels
    following = next((s for s in view.sessions if s.number == timed.number + 1), None)
    if following is not None:
        body: tuple[str, ...] = (
            _labelled(labels, "deck_next_session", following.session.title),
            f"{labels.day} {view.training_day(following.day)} · {_span(following.start, following.end)}",
        )
        extra: list[str] = []
    else:
        body = (labels.deck_end_of_programme,)
        extra = [_labelled(labels, "completion", view.programme.completion.description)]
    homework = _listed(labels, "homework", timed.session.homework)
    return SlideSpec(SlideKind.SECTION, labels.deck_end_of_session, body, _notes(timing, homework, extra))


# --- overview deck -----------------------------------------------------------------------------


def main_rules(rules: Rules) -> list[tuple[str, Rule]]:
    """The rules that apply and say something in plain words, in the framework's order."""
    found = []
    for name in type(rules).model_fields:
        rule = getattr(rules, name)
        if rule is not None and rule.text.strip():
            found.append((name, rule))
    return found


def plan_overview(view: ProgrammeView) -> list[SlideSpec]:
    """The slides of a programme's overview deck."""
    labels = view.labels
    programme = view.programme
    framework = view.framework
    kind = view.kind
    lang = programme.language
    total = [
        _labelled(labels, "total_duration", view.duration(view.total_minutes)),
        _labelled(labels, "sessions_count", str(len(programme.sessions))),
        _labelled(labels, "days_count", str(view.day_count)),
    ]
    kind_line = f"{kind.number} {kind.title}".strip()
    specs = [
        SlideSpec(
            SlideKind.TITLE,
            programme.title,
            (kind_line, framework.article, f"{labels.version} {programme.version}"),
            _notes([programme.summary], [programme.rationale] if programme.rationale.strip() else []),
        ),
        SlideSpec(
            SlideKind.CONTENT,
            labels.overview,
            (
                programme.summary,
                _labelled(labels, "audience", programme.audience),
                _labelled(labels, "group_size", f"{programme.group_size.min}–{programme.group_size.max} {labels.participants}"),
                _labelled(labels, "fee", fmt.money(programme.fee_eur, lang)),
                " · ".join(total),
            ),
            _notes(
                [_labelled(labels, "rationale", programme.rationale)] if programme.rationale.strip() else [],
                _listed(labels, "staff", programme.staff),
                [_labelled(labels, "room", programme.room)] if programme.room.strip() else [],
                _listed(labels, "preparation", programme.preparation),
                total,
            ),
        ),
        SlideSpec(SlideKind.CONTENT, labels.objectives, programme.objectives, _notes([programme.summary])),
    ]
    legal = [framework.article, _labelled(labels, "kind", kind_line)]
    if kind.content.strip():
        legal.append(kind.content + (f" ({kind.content_source})" if kind.content_source.strip() else ""))
    if kind.in_force is not None and kind.in_force.start is not None:
        legal.append(f"{labels.in_force_since} {fmt.date(kind.in_force.start, lang)} ({kind.in_force.source})")
    specs.append(SlideSpec(SlideKind.CONTENT, labels.legal_basis, tuple(legal), _notes([framework.title], [framework.summary])))
    rules = main_rules(view.rules)
    if rules:
        specs.append(
            SlideSpec(
                SlideKind.CONTENT,
                labels.deck_main_rules,
                tuple(f"{rule.text} ({rule.source})" for _, rule in rules),
                _notes([framework.title, framework.article], [kind.summary] if kind.summary.strip() else []),
            )
        )
    specs.append(_phases(view))
    specs.append(
        SlideSpec(
            SlideKind.CONTENT,
            labels.deck_session_plan,
            tuple(
                f"{t.number}. {t.session.title} — {labels.day} {view.training_day(t.day)}, {_span(t.start, t.end)} "
                f"({view.duration(t.session.duration)})"
                for t in view.sessions
            ),
            _notes(total),
        )
    )
    if programme.interviews:
        specs.append(_interviews(view))
    specs.append(_completion(view))
    return specs


def _phases(view: ProgrammeView) -> SlideSpec:
    labels = view.labels
    points, notes = [], []
    for phase in view.programme.phases:
        numbers = [t.number for t in view.sessions if t.session.phase == phase.id]
        if not numbers:
            which = ""
        elif len(numbers) == 1:
            which = f" — {labels.session} {numbers[0]}"
        else:
            which = f" — {labels.sessions} {numbers[0]}{DASH}{numbers[-1]}"
        points.append(f"{phase.title}{which}")
        titles = [f"{t.number}. {t.session.title}" for t in view.sessions if t.session.phase == phase.id]
        notes.append([_heading_text(phase.title, labels), *([phase.summary] if phase.summary.strip() else []), *(BULLET + t for t in titles)])
    return SlideSpec(SlideKind.CONTENT, labels.phases, tuple(points), _notes(*notes))


def _heading_text(text: str, labels: Labels) -> str:
    return f"{text}{_colon(labels)}".rstrip()


def _interviews(view: ProgrammeView) -> SlideSpec:
    labels = view.labels
    points, notes = [], []
    for interview in view.programme.interviews:
        name = interview.title or labels[f"interview_{interview.type.value}"]
        points.append(f"{name}{_colon(labels)}{view.duration(interview.duration)} — {interview.timing}")
        led = [_labelled(labels, "led_by", interview.led_by)] if interview.led_by.strip() else []
        notes.append(
            [_heading_text(name, labels), *led, *_listed(labels, "topics", interview.topics), *_listed(labels, "notes", interview.notes)]
        )
    return SlideSpec(SlideKind.CONTENT, labels.interviews, tuple(points), _notes(*notes))


def _completion(view: ProgrammeView) -> SlideSpec:
    labels = view.labels
    completion = view.programme.completion
    points = [
        completion.description,
        _labelled(labels, "criteria", ", ".join(labels[f"criterion_{c.value}"] for c in completion.criteria)),
    ]
    if completion.attestation.strip():
        points.append(completion.attestation)
    notes = _notes(
        [_labelled(labels, "non_completion", completion.non_completion)] if completion.non_completion.strip() else [],
        [_labelled(labels, "disclosure", view.programme.disclosure)] if view.programme.disclosure.strip() else [],
        [completion.description],
    )
    return SlideSpec(SlideKind.CONTENT, labels.completion, tuple(points), notes)
