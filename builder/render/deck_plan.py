"""What each deck says: slide specs planned from a programme view, in its language.

Pure functions over :class:`ProgrammeView`; no python-pptx here. A session deck
has a title slide, objectives, a timed agenda (with a link to the session's
participant pack), one slide per activity (its key points, then its debrief
questions and links to its participant documents), a slide per break, and a
closing slide (next session, homework). The overview deck presents the programme
as key points: facts, objectives, legal basis, main rules as values, phases,
session plan, interviews and completion; the paragraphs behind them go to the
notes of the slide that shows each point. Every slide carries speaker notes: the
facilitator's timing first, then what to do and say; a debrief question's answer
is in the notes of the slide that shows the question.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from builder.model.framework import Rule, Rules
from builder.model.programme import Activity, Method
from builder.model.schedule import TimedActivity, TimedSession
from builder.render import fmt
from builder.render.context import Labels, ProgrammeView
from builder.render.deck_text import line_count, sentences, wrap
from builder.render.deck_write import Point, SlideKind, SlideSpec
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
    )


HANDOUTS = "../../handouts"
"""Where participant documents are, relative to a deck (``decks/<programme>/<session>.pptx``): the
same in the build folder and in the site's downloads."""


def handout_links(view: ProgrammeView, ids: Iterable[str]) -> list[Point]:
    """A point per participant document, its title linking to ``../../handouts/<programme>/<id>.pdf``."""
    programme = view.programme
    found = []
    for handout_id in ids:
        handout = programme.handout(handout_id)
        if handout is not None:
            title = handout.participant.title
            found.append(Point(title, notes=BULLET + title, link=f"{HANDOUTS}/{programme.id}/{handout.id}.pdf"))
    return found


def pack_link(view: ProgrammeView, session_id: str) -> Point | None:
    """The session's participant pack (one PDF to photocopy) as a linked point, when it hands documents out."""
    session = next(s for s in view.programme.sessions if s.id == session_id)
    if not any(view.programme.handout(h) for a in session.activities for h in a.handout_ids()):
        return None
    return Point(f"{session.title} (PDF)", link=f"{HANDOUTS}/{view.programme.id}/{session_id}.pdf")


def debrief_points(view: ProgrammeView, activity: Activity) -> list[Point]:
    """The debrief under an activity's key points: a heading, then each question with its answer in the notes."""
    if not activity.debrief:
        return []
    labels = view.labels
    points = [Point(labels.debrief, notes=_heading(labels, "debrief"), heading=True)]
    for item in activity.debrief:
        answer = [f"  → {item.answer}"] if item.answer.strip() else []
        points.append(Point(item.question, notes="\n".join([BULLET + item.question, *answer])))
    return points


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
    pack = pack_link(view, session.id)
    agenda = tuple(
        f"{_span(a.start, a.end)}   {a.activity.title} ({view.duration(a.activity.duration)})" for a in timed.activities
    )
    subtitle: list[str | Point] = [programme.title, _labelled(labels, "phase", phase.title if phase else session.phase), when]
    if pack is not None:  # the link the trainer follows to print the session's documents
        subtitle.append(Point(f"{labels.handout_pack} (PDF)", link=pack.link))
    specs = [
        SlideSpec(
            SlideKind.TITLE,
            session.title,
            tuple(subtitle),
            _notes(
                timing,
                [session.summary] if session.summary.strip() else [],
                _listed(labels, "materials", materials),
                [_labelled(labels, "handout_pack", pack.text)] if pack is not None else [],
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
            agenda,
            _notes(timing, [_labelled(labels, "training_hours", view.duration(timed.training_minutes))]),
            continued=timing[0],
            dense=True,
        ),
    ]
    for timed_activity in timed.activities:
        specs.append(_activity_slide(view, timed_activity))
    specs.append(_closing(view, timed, timing))
    return specs


def _activity_slide(view: ProgrammeView, timed: TimedActivity) -> SlideSpec:
    """One slide for an activity: key points, then debrief questions and documents (split only when too long).

    An activity with none of those (and a break) is a section slide: its title, method and times.
    """
    labels = view.labels
    activity = timed.activity
    notes = activity_notes(view, timed)
    times = f"{_span(timed.start, timed.end)} · {view.duration(activity.duration)}"
    if activity.method is Method.BREAK:
        return SlideSpec(SlideKind.SECTION, activity.title, (times,), notes)
    method = labels[f"method_{activity.method.value}"]
    documents = handout_links(view, activity.handout_ids())
    extra: list[Point] = debrief_points(view, activity)
    if documents:  # one line: "Documents à distribuer ou projeter : A · B", each title a link
        label = f"{labels.guide_handouts}{_colon(labels)}"
        text = label + " · ".join(d.text for d in documents)
        listed = "\n".join([_heading(labels, "guide_handouts"), *(d.notes for d in documents)])
        extra.append(Point(text, notes=listed, links=tuple((d.text, d.link) for d in documents)))
    if not activity.slides and not extra:
        return SlideSpec(SlideKind.SECTION, activity.title, (f"{method} · {times}",), notes)
    body: list[str | Point] = list(activity.slides) or [f"{method} · {times}"]
    continued = "\n".join([activity_timing(view, timed), _labelled(labels, "activity", activity.title)])
    return SlideSpec(SlideKind.CONTENT, activity.title, (*body, *extra), notes, continued=continued)


def _closing(view: ProgrammeView, timed: TimedSession, timing: list[str]) -> SlideSpec:
    """What comes next (the next session, or the end of the programme), then the homework if any."""
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
    homework = timed.session.homework
    if not homework:
        return SlideSpec(SlideKind.SECTION, labels.deck_end_of_session, body, _notes(timing, extra))
    points: list[str | Point] = [
        *body,
        Point(labels.homework, notes=_heading(labels, "homework"), heading=True),
        *(Point(item, notes=BULLET + item) for item in homework),
    ]
    return SlideSpec(SlideKind.CONTENT, labels.deck_end_of_session, tuple(points), _notes(timing, extra), continued=timing[0])


# --- overview deck -----------------------------------------------------------------------------


def main_rules(rules: Rules) -> list[tuple[str, Rule]]:
    """The rules that apply and say something in plain words, in the framework's order."""
    found = []
    for name in type(rules).model_fields:
        rule = getattr(rules, name)
        if rule is not None and rule.text.strip():
            found.append((name, rule))
    return found


KEY_POINT_LINES = 3
"""A key point on an overview slide is at most this many lines; a longer text goes to the notes."""


def plan_overview(view: ProgrammeView, fit_ems: float = 34.0) -> list[SlideSpec]:
    """The slides of a programme's overview deck: key points, with the paragraphs behind them in the notes.

    ``fit_ems`` is the width of a body line (from the master); a text longer than
    :data:`KEY_POINT_LINES` such lines is never a bullet.
    """
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
    short = lambda text: line_count(text, fit_ems) <= KEY_POINT_LINES  # noqa: E731
    audience = _labelled(labels, "audience", programme.audience)
    facts: list[str | Point] = [
        audience if short(audience) else Point(_labelled(labels, "audience", _first_words(programme.audience, fit_ems)), notes=audience),
        _labelled(labels, "group_size", f"{programme.group_size.min}–{programme.group_size.max} {labels.participants}"),
        _labelled(labels, "fee", fmt.money(programme.fee_eur, lang)),
        *total,
    ]
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
            tuple(facts),
            _notes(
                [programme.summary],
                [_labelled(labels, "rationale", programme.rationale)] if programme.rationale.strip() else [],
                _listed(labels, "staff", programme.staff),
                [_labelled(labels, "room", programme.room)] if programme.room.strip() else [],
                _listed(labels, "preparation", programme.preparation),
            ),
        ),
        SlideSpec(
            SlideKind.CONTENT,
            labels.objectives,
            programme.objectives,
            _notes([programme.summary]),
            continued=labels.objectives,
        ),
    ]
    legal: list[str | Point] = [framework.article, _labelled(labels, "kind", kind_line)]
    legal_notes = [[framework.title], [framework.summary] if framework.summary.strip() else []]
    if kind.in_force is not None and kind.in_force.start is not None:
        legal.append(
            Point(
                f"{labels.in_force_since} {fmt.date(kind.in_force.start, lang)}",
                notes=_labelled(labels, "source", kind.in_force.source) if kind.in_force.source.strip() else "",
            )
        )
    if kind.content.strip():
        legal_notes.append([kind.content + (f" ({kind.content_source})" if kind.content_source.strip() else "")])
    rules = main_rules(view.rules)
    if len(rules) == 1:  # one rule is no slide of its own: it goes under the legal basis
        legal += [Point(labels.deck_main_rules, notes=_heading(labels, "deck_main_rules"), heading=True)]
        legal += [_rule_point(view, name, rule) for name, rule in rules]
    specs.append(SlideSpec(SlideKind.CONTENT, labels.legal_basis, tuple(legal), _notes(*legal_notes)))
    if len(rules) > 1:
        specs.append(
            SlideSpec(
                SlideKind.CONTENT,
                labels.deck_main_rules,
                tuple(_rule_point(view, name, rule) for name, rule in rules),
                _notes([framework.title, framework.article], [kind.summary] if kind.summary.strip() else []),
                continued=framework.article,
                dense=True,
            )
        )
    specs.append(_phases(view, _interview_points(view)))
    specs.append(
        SlideSpec(
            SlideKind.CONTENT,
            labels.deck_session_plan,
            tuple(
                Point(
                    f"{t.session.title} — {labels.day} {view.training_day(t.day)}, {_span(t.start, t.end)} "
                    f"({view.duration(t.session.duration)})",
                    notes=f"{t.number}. {t.session.title}" + (f"{_colon(labels)}{t.session.summary}" if t.session.summary.strip() else ""),
                )
                for t in view.sessions
            ),
            _notes(total),
            numbered=True,
        )
    )
    specs.append(_completion(view, short))
    return specs


def _first_words(text: str, fit_ems: float) -> str:
    """A key point made from a paragraph: its first sentence when that fits :data:`KEY_POINT_LINES` lines,
    else its longest opening clause that does (cut before " (", ", ", " ; " or " : " outside brackets),
    else its words that fit and "…"."""
    first = sentences(text)[0].rstrip(".")
    if line_count(first, fit_ems) <= KEY_POINT_LINES:
        return first
    best, depth = "", 0
    for index, char in enumerate(first):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and first[index : index + 2] in (" (", ", ", " ;", " :", "\u00a0:", "\u202f;"):
            head = first[:index].rstrip()
            if len(head) >= 30 and line_count(head, fit_ems) <= KEY_POINT_LINES:
                best = head
    if best:
        return best
    lines = wrap(first, fit_ems)[:KEY_POINT_LINES]
    return " ".join(lines).rstrip(" ,;:") + "…"


def _rule_point(view: ProgrammeView, name: str, rule: Rule[Any]) -> Point:
    """``Formation effective maximale par jour : 6 h`` on the slide; the rule's text and source in the notes."""
    labels = view.labels
    key = f"guide_rule_{name}"
    value = fmt.rule_value(name, rule, view.programme.language, labels, view.programme)
    text = _labelled(labels, key, value) if key in labels else rule.text
    source = f" ({rule.source})" if rule.source.strip() else ""
    return Point(text, notes=f"{BULLET}{text}\n  {rule.text}{source}")


def _phases(view: ProgrammeView, interviews: list[Point]) -> SlideSpec:
    """The phases with the sessions of each, then the individual interviews around them."""
    labels = view.labels
    points: list[Point] = []
    for phase in view.programme.phases:
        numbers = [t.number for t in view.sessions if t.session.phase == phase.id]
        if not numbers:
            which = ""
        elif len(numbers) == 1:
            which = f" — {labels.session} {numbers[0]}"
        else:
            which = f" — {labels.sessions} {numbers[0]}{DASH}{numbers[-1]}"
        titles = [f"{t.number}. {t.session.title}" for t in view.sessions if t.session.phase == phase.id]
        notes = [_heading_text(phase.title, labels), *([phase.summary] if phase.summary.strip() else []), *(BULLET + t for t in titles)]
        points.append(Point(f"{phase.title}{which}", notes="\n".join(notes)))
    return SlideSpec(SlideKind.CONTENT, labels.phases, (*points, *interviews), "")


def _heading_text(text: str, labels: Labels) -> str:
    return f"{text}{_colon(labels)}".rstrip()


def _interview_points(view: ProgrammeView) -> list[Point]:
    """A heading and a point per interview (its name and length; what it covers in the notes)."""
    labels = view.labels
    if not view.programme.interviews:
        return []
    points = [Point(labels.interviews, notes=_heading(labels, "interviews"), heading=True)]
    for interview in view.programme.interviews:
        name = interview.title or labels[f"interview_{interview.type.value}"]
        led = [_labelled(labels, "led_by", interview.led_by)] if interview.led_by.strip() else []
        notes = [
            _heading_text(name, labels),
            _labelled(labels, "time", interview.timing) if interview.timing.strip() else "",
            *led,
            *_listed(labels, "topics", interview.topics),
            *_listed(labels, "notes", interview.notes),
        ]
        points.append(Point(f"{name}{_colon(labels)}{view.duration(interview.duration)}", notes="\n".join(n for n in notes if n)))
    return points


def _completion(view: ProgrammeView, short: Callable[[str], bool]) -> SlideSpec:
    labels = view.labels
    completion = view.programme.completion
    criteria = _labelled(labels, "criteria", ", ".join(labels[f"criterion_{c.value}"] for c in completion.criteria))
    points: list[str | Point] = [criteria]
    for text in (completion.description, completion.attestation):
        if text.strip():
            points.append(text if short(text) else Point(_first_words(text, 34.0), notes=text))
    notes = _notes(
        [_labelled(labels, "non_completion", completion.non_completion)] if completion.non_completion.strip() else [],
        [_labelled(labels, "disclosure", view.programme.disclosure)] if view.programme.disclosure.strip() else [],
        [completion.description],
    )
    return SlideSpec(SlideKind.CONTENT, labels.completion, tuple(points), notes)
