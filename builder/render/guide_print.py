"""The guide as plain data for the typst templates: :class:`~builder.render.guide_data.Guide` in,
JSON-ready dicts out.

Every value is already worded and formatted here (durations, clock spans, day
labels, money, dates through :mod:`builder.render.fmt`; typography through the
typeset view), so the ``.typ`` templates only lay text out. The same data feeds
the guide PDF and the two forms written alone (``forms/<id>/attendance.pdf``,
``attestation.pdf``).

Layout decisions that depend on counts are taken here, where they can be tested:
a run sheet is also cut into parts of at most :data:`RUN_SHEET_ROWS` rows, which
the template prints (each part whole, its header repeated, "suite" marked, the total
once at the end) when the whole run sheet does not fit on one page; the attendance sheet holds
at most :data:`ATTENDANCE_ROWS` participants a page, and every page repeats the
identification block.
"""

from __future__ import annotations

from typing import Any, Sequence

from builder.model.programme import Method, Programme
from builder.render import fmt
from builder.render.context import ProgrammeView
from builder.render.guide_data import Guide, HalfDay, SessionChapter
from builder.render.handout_data import KeyEntry
from builder.render.preparation import preparations
from builder.render.typography import NBSP

RUN_SHEET_ROWS = 28
"""Rows of a run-sheet part: a run sheet too tall for one page is printed in parts of at most this."""
ATTENDANCE_ROWS = 20
"""Participant rows on one landscape attendance page under the identification block."""

Data = dict[str, Any]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def _labelled(view: ProgrammeView, label: str, value: str) -> str:
    return f"{label}{view.labels.guide_colon}{value}"


def _day(view: ProgrammeView, day: int) -> str:
    return f"{view.labels.day}{NBSP}{view.training_day(day)}"


def cover(guide: Guide) -> Data:
    """The cover: title, the kind only when it says something the title does not, figures, stamp."""
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    kind = view.kind.title if " ".join(view.kind.title.split()) != " ".join(programme.title.split()) else None
    commit = guide.stamp_commit + (f" ({labels.uncommitted})" if guide.stamp_dirty else "")
    return {
        "kicker": labels.facilitator_guide,
        "title": programme.title,
        "kind": kind,
        "basis": _labelled(view, labels.legal_basis, guide.legal_basis),
        "summary": " ".join(programme.summary.split()),
        "figures": [
            [labels.training_hours, view.duration(view.total_minutes)],
            [labels.sessions_count, str(len(programme.sessions))],
            [labels.days_count, str(view.day_count)],
            [labels.group_size, f"{programme.group_size.min}–{programme.group_size.max}"],
        ],
        "stamp": [
            [labels.guide_programme_version, programme.version],
            [labels.commit, commit],
            [labels.generated_on, guide.stamp_date],
        ],
        "framework": view.framework.title,
        "running_stamp": f"{labels.version} {programme.version} · {labels.commit} {commit} · {guide.stamp_date}",
    }


def overview(guide: Guide) -> Data:
    """Summary, objectives, rationale, audience and the phases with their session counts."""
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    phases = []
    for phase in programme.phases:
        count = len(programme.sessions_in(phase.id))
        phases.append(
            {
                "title": phase.title,
                "count": fmt.count(count, labels.guide_unit_session, labels.guide_unit_sessions) if count else "",
                "summary": " ".join(phase.summary.split()),
            }
        )
    return {
        "summary": " ".join(programme.summary.split()),
        "objectives": list(programme.objectives),
        "rationale": _paragraphs(programme.rationale),
        "audience": _paragraphs(programme.audience),
        "phases": phases,
    }


def obligations(guide: Guide) -> Data:
    """The framework, the kind, when it is in force, and every rule with its value, text and source."""
    view, labels = guide.view, guide.view.labels
    kind, framework = view.kind, view.framework
    number = f" ({kind.number})" if kind.number else ""
    return {
        "framework": framework.title,
        "basis": _labelled(view, labels.legal_basis, framework.article),
        "framework_summary": " ".join(framework.summary.split()),
        "kind_heading": f"{labels.kind}{number}{labels.guide_colon}{kind.title}",
        "kind_summary": " ".join(kind.summary.split()),
        "in_force": guide.in_force,
        "in_force_source": _labelled(view, labels.source, kind.in_force.source) if kind.in_force and kind.in_force.source else "",
        "content": " ".join(kind.content.split()),
        "content_source": _labelled(view, labels.source, kind.content_source) if kind.content_source else "",
        "rules": [
            {"name": r.name, "value": r.value, "text": " ".join(r.text.split()), "source": r.source, "recommended": r.recommended}
            for r in guide.obligations
        ],
    }


def delivery(guide: Guide) -> Data:
    """Delivery facts and the programme at a glance (one row per session)."""
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    breaks = labels.guide_breaks_included if view.breaks_count else labels.guide_breaks_excluded
    if guide.same_every_day is not None:
        daily = f"{view.duration(guide.same_every_day)} {labels.per_day}"
    else:
        daily = " · ".join(_labelled(view, _day(view, d), view.duration(m)) for d, m in guide.daily_minutes)
    facts = [
        [labels.training_hours, f"{view.duration(view.total_minutes)} ({breaks})"],
        [labels.sessions_count, str(len(programme.sessions))],
        [labels.days_count, str(view.day_count)],
        [labels.guide_daily_training, daily],
        [labels.guide_first_start, fmt.clock(guide.first_start)],
        [labels.group_size, f"{programme.group_size.min} {labels.guide_range_to} {programme.group_size.max}{NBSP}{labels.participants}"],
    ]
    if programme.staff:
        facts.append([labels.staff, "\n".join(programme.staff)])
    facts.append([labels.fee, fmt.money(programme.fee_eur, programme.language)])
    glance = []
    previous = None
    for chapter in guide.chapters:
        t = chapter.timed
        glance.append(
            {
                "day": str(view.training_day(t.day)),
                "span": fmt.span(t.start, t.end),
                "session": f"{t.number}. {t.session.title}",
                "phase": chapter.phase_title,
                "duration": view.duration(t.session.duration),
                "new_day": previous is not None and t.day != previous,
            }
        )
        previous = t.day
    return {"facts": facts, "glance": glance}


def preparation(guide: Guide) -> Data:
    """Room, preparation checklist and staff."""
    programme = guide.programme
    return {
        "room": _paragraphs(programme.room),
        "checklist": list(programme.preparation),
        "staff": list(programme.staff),
    }


def interviews(guide: Guide) -> list[Data]:
    """Each interview with its facts, topics and notes."""
    view, labels = guide.view, guide.view.labels
    result = []
    for interview in guide.programme.interviews:
        facts = [[labels.timing, interview.timing], [labels.duration, view.duration(interview.duration)]]
        if interview.led_by:
            facts.append([labels.led_by, interview.led_by])
        result.append(
            {
                "title": interview.title or labels[f"interview_{interview.type.value}"],
                "facts": facts,
                "topics": list(interview.topics),
                "notes": list(interview.notes),
            }
        )
    return result


def run_sheet(view: ProgrammeView, chapter: SessionChapter, rows_per_part: int = RUN_SHEET_ROWS) -> Data:
    """The run sheet's rows cut into parts of at most ``rows_per_part`` (as evenly as possible)."""
    labels, t = view.labels, chapter.timed
    rows = [
        {
            "span": fmt.span(item.start, item.end),
            "duration": view.duration(item.activity.duration),
            "title": item.activity.title,
            "method": labels[f"method_{item.activity.method.value}"],
            "break": item.activity.method is Method.BREAK,
            "anchor": None if item.activity.method is Method.BREAK else f"{chapter.anchor}-a{index}",
        }
        for index, item in enumerate(t.activities, start=1)
    ]
    count = max(1, -(-len(rows) // rows_per_part))
    base, extra = divmod(len(rows), count)
    parts, first = [], 0
    for index in range(count):  # as even as possible: 7 rows in 3 parts are 3, 2, 2
        size = base + (1 if index < extra else 0)
        parts.append(rows[first : first + size])
        first += size
    return {
        "parts": parts,
        "total": {
            "span": fmt.span(t.start, t.end),
            "duration": view.duration(t.session.duration),
            "text": f"{labels.guide_session_total} ({labels.guide_of_which_training} {view.duration(chapter.training_minutes)})",
        },
    }


def _activity(view: ProgrammeView, chapter: SessionChapter, index: int, item: Any) -> Data:
    labels, programme = view.labels, view.programme
    a = item.activity
    span = fmt.span(item.start, item.end)
    if a.method is Method.BREAK:
        extra = f" · {a.title}" if a.title != labels.method_break else ""
        return {"break": True, "label": labels.method_break, "text": f"{span} · {view.duration(a.duration)}{extra}"}
    handouts: list[dict[str, str | None]] = []
    for ref in a.handouts:
        doc = programme.handout(ref)
        if doc is not None:
            handouts.append({"text": f"{doc.participant.title} — ", "link": labels.guide_handout_key_ref, "anchor": f"handout-{doc.id}"})
        else:
            handouts.append({"text": ref.split("/")[-1], "link": None, "anchor": None})
    method = labels[f"method_{a.method.value}"]
    return {
        "break": False,
        "anchor": f"{chapter.anchor}-a{index}",
        "span": span,
        "title": a.title,
        "meta": f"{_labelled(view, labels.method, method)} · {_labelled(view, labels.duration, view.duration(a.duration))}",
        "purpose": " ".join(a.purpose.split()),
        "instructions": list(a.instructions),
        "questions": list(a.questions),
        "answers": list(a.expected_answers),
        "key_points": list(a.slides),
        "notes": list(a.facilitator_notes),
        "materials": list(a.materials),
        "handouts": handouts,
        "preparations": [
            {
                "kind": prep.kind,
                "title": prep.title,
                "facts": [[label, text] for label, text in prep.facts],
                "lists": [{"title": label, "items": list(items)} for label, items in prep.lists],
            }
            for prep in preparations(a, labels)
        ],
    }


def session(guide: Guide, chapter: SessionChapter) -> Data:
    """One session chapter: meta line, objectives, materials, run sheet, activities, debrief, homework."""
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    t, s = chapter.timed, chapter.timed.session
    phase = programme.phase(s.phase)
    debrief: list[Data] = []
    for title, question, answer in chapter.debrief:
        if not debrief or debrief[-1]["title"] != title:
            debrief.append({"title": title, "questions": []})
        debrief[-1]["questions"].append({"question": question, "answer": answer})
    return {
        "anchor": chapter.anchor,
        "number": f"{labels.session} {t.number}",
        "title": s.title,
        "phase_banner": (
            {"name": _labelled(view, labels.phase, chapter.phase_title), "summary": " ".join(phase.summary.split()) if phase else ""}
            if chapter.opens_phase
            else None
        ),
        "meta": " · ".join(
            [_day(view, t.day), fmt.span(t.start, t.end), view.duration(s.duration), _labelled(view, labels.phase, chapter.phase_title)]
        ),
        "summary": _paragraphs(s.summary),
        "objectives": list(s.objectives),
        "materials": list(chapter.materials),
        "run_sheet": run_sheet(view, chapter),
        "activities": [_activity(view, chapter, i, item) for i, item in enumerate(t.activities, start=1)],
        "debrief": debrief,
        "homework": list(s.homework),
    }


def completion(guide: Guide) -> Data:
    """Completion criteria, the law on it, attestation, non-completion and disclosure."""
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    c = programme.completion
    rule = view.rules.required_completion
    return {
        "criteria": [labels[f"criterion_{criterion.value}"] for criterion in c.criteria],
        "description": _paragraphs(c.description),
        "law": " ".join(rule.text.split()) if rule and rule.text else "",
        "law_source": _labelled(view, labels.source, rule.source) if rule and rule.text else "",
        "attestation": _paragraphs(c.attestation),
        "non_completion": _paragraphs(c.non_completion),
        "routes": [
            {
                "title": r.title,
                "text": _paragraphs(r.text),
                "facts": [
                    [labels.route_source, r.source],
                    [labels.route_fee, r.fee],
                    [labels.route_controller, r.controller],
                    *([[labels.route_authorisation, r.authorisation]] if r.authorisation else []),
                    [labels.route_attestation_to, r.attestation_to + (f"\n{r.attestation}" if r.attestation else "")],
                    [labels.route_non_completion, f"{r.non_completion}\n{_labelled(view, labels.source, r.non_completion_source)}"],
                ],
            }
            for r in guide.routes
        ],
        "disclosure": _paragraphs(programme.disclosure),
    }


def answer_keys(view: ProgrammeView, keys: Sequence[KeyEntry]) -> list[Data]:
    """The handouts' facilitator keys, for the appendix."""
    labels, programme = view.labels, view.programme
    result = []
    for entry in keys:
        used = "; ".join(f"{session} — {activity}" for session, activity in entry.used_in)
        result.append(
            {
                "anchor": entry.anchor,
                "title": entry.handout.participant.title,
                "meta": f"{labels['handout_type_' + entry.handout.type.value]} · "
                + _labelled(view, labels.guide_handout_participant_file, f"handouts/{programme.id}/{entry.handout.id}.pdf"),
                "used_in": _labelled(view, labels.guide_handout_used_in, used) if used else "",
                "notes": list(entry.notes),
                "questions": [
                    {
                        "number": str(q.number),
                        "text": q.text,
                        "answer": q.answer or "",
                        "explanation": q.explanation or "",
                        "source": _labelled(view, labels.guide_handout_source, q.source) if q.answer and q.source else "",
                        "expected": list(q.expected),
                    }
                    for q in entry.questions
                ],
                "scoring": list(entry.scoring),
            }
        )
    return result


def _column(view: ProgrammeView, half: HalfDay) -> Data:
    labels = view.labels
    return {
        "name": _day(view, half.day),
        "part": labels[f"guide_half_{half.part}"],
        "span": fmt.span(half.start, half.end),
        "key": half.key,
    }


def attendance(guide: Guide, rows_per_page: int = ATTENDANCE_ROWS) -> Data:
    """The attendance sheet's pages: each half-day column group times each block of participant rows.

    Every page carries the identification block, so a page never stands without it.
    """
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    rows = guide.participant_rows
    blocks = max(1, -(-rows // rows_per_page))
    size = -(-rows // blocks)
    ranges = [(first, min(first + size - 1, rows)) for first in range(1, rows + 1, size)]
    total = len(guide.sheets) * len(ranges)
    pages: list[Data] = []
    for columns in guide.sheets:
        for first, last in ranges:
            number = len(pages) + 1
            pages.append(
                {
                    "sheet": f"{labels.guide_sheet} {number} / {total}" if total > 1 else "",
                    "columns": [_column(view, half) for half in columns],
                    "first": first,
                    "last": last,
                }
            )
    kind = view.kind.title if " ".join(view.kind.title.split()) != " ".join(programme.title.split()) else None
    programme_line = " — ".join(x for x in (programme.title, kind, guide.legal_basis) if x)
    return {"programme": programme_line, "pages": pages}


def attestation(guide: Guide) -> Data:
    """The blank attestation: pre-filled facts of the stage and empty fields."""
    view, labels, programme = guide.view, guide.view.labels, guide.programme
    rule = view.rules.required_completion
    notes = []
    if rule and rule.text:
        notes.append(f"{' '.join(rule.text.split())} ({rule.source})")
    notes.append(labels.guide_attestation_keep)
    return {
        "routes": [f"{r.title} ({r.source}) — {r.attestation_to}" for r in guide.routes],
        "facts": [
            [labels.kind, view.kind.title],
            [labels.legal_basis, guide.legal_basis],
            [labels.programme, f"{programme.title} ({labels.version} {programme.version})"],
            [labels.guide_planned, view.duration(view.total_minutes)],
        ],
        "notes": notes,
    }


def print_data(guide: Guide, keys: Sequence[KeyEntry] = ()) -> Data:
    """Everything the guide's typst templates print, as JSON-ready data."""
    view = guide.view
    return {
        "lang": guide.programme.language,
        "labels": dict(view.labels),
        "title": guide.programme.title,
        "running_title": fmt.programme_short_title(guide.programme),  # the deck footer's
        "cover": cover(guide),
        "overview": overview(guide),
        "obligations": obligations(guide),
        "delivery": delivery(guide),
        "preparation": preparation(guide),
        "interviews": interviews(guide),
        "sessions": [session(guide, chapter) for chapter in guide.chapters],
        "completion": completion(guide),
        "answer_keys": answer_keys(view, keys),
        "attendance": attendance(guide),
        "attestation": attestation(guide),
    }
