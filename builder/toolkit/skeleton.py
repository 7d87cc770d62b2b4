"""``stagecraft new programme``: a programme skeleton that already meets its kind's structure.

The skeleton is built from the kind's rules (framework values merged with the
kind's): the exact session count or number of days, session lengths that reach
the minimum per session, per day and in total without passing the daily maximum,
the lunch break the kind requires, the phases in order, the required interviews
and completion criteria, the group size and staff count. It is written with
``status: draft``.

What only the designer can write (titles, summaries, objectives, activities'
content) is left as text starting with :data:`PLACEHOLDERS` (``[à écrire]``,
``[to write]``). ``stagecraft validate`` reports each one (rule ``placeholder``):
as a warning while the programme is a draft, as an error once it is published,
so a placeholder never reaches a published guide.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Sequence

from builder.model.duration import format_clock
from builder.model.framework import Framework, Rules
from builder.model.programme import PLACEHOLDERS

TODO = {"fr": PLACEHOLDERS[0], "en": PLACEHOLDERS[1], "ka": PLACEHOLDERS[2]}

DEFAULT_PHASES = {
    "fr": [("ouverture", "Ouverture"), ("approfondissement", "Approfondissement"), ("cloture", "Clôture")],
    "en": [("opening", "Opening"), ("core", "Core work"), ("closing", "Closing")],
    "ka": [("gaxsna", "გახსნა"), ("dziritadi", "ძირითადი ნაწილი"), ("dasruleba", "დასრულება")],
}
"""Phases of a kind whose framework prescribes none: a beginning, a middle and an end."""

WORDS = {
    "fr": {
        "title": "titre du programme",
        "summary": "ce que le programme vise et comment il s'y prend, en deux ou trois phrases",
        "audience": "à qui s'adresse le programme (public, conditions d'accès)",
        "objective": "ce que les participants sauront faire à la fin",
        "staff": "intervenant",
        "session": "titre de la séance",
        "session_objective": "ce que les participants sauront faire à la fin de la séance",
        "activity": "titre de l'activité",
        "break": "Pause",
        "timing": "quand a lieu l'entretien",
        "completion": "ce que le participant doit faire pour valider le programme",
    },
    "en": {
        "title": "title of the programme",
        "summary": "what the programme aims at and how, in two or three sentences",
        "audience": "who the programme is for (target group, eligibility)",
        "objective": "what participants will be able to do at the end",
        "staff": "facilitator",
        "session": "title of the session",
        "session_objective": "what participants will be able to do at the end of the session",
        "activity": "title of the activity",
        "break": "Break",
        "timing": "when the interview takes place",
        "completion": "what a participant must do to complete the programme",
    },
    "ka": {
        "title": "პროგრამის სახელწოდება",
        "summary": "რას ისახავს მიზნად პროგრამა და როგორ, ორ-სამ წინადადებაში",
        "audience": "ვისთვისაა პროგრამა (სამიზნე ჯგუფი, მონაწილეობის პირობები)",
        "objective": "რას შეძლებენ მონაწილეები პროგრამის ბოლოს",
        "staff": "ფასილიტატორი",
        "session": "სესიის სახელწოდება",
        "session_objective": "რას შეძლებენ მონაწილეები სესიის ბოლოს",
        "activity": "აქტივობის სახელწოდება",
        "break": "შესვენება",
        "timing": "როდის ტარდება გასაუბრება",
        "completion": "რა უნდა გააკეთოს მონაწილემ პროგრამის დასასრულებლად",
    },
}

INTERVIEW_TITLES = {
    "fr": {"preliminary": "Entretien préalable", "review": "Entretien bilan"},
    "en": {"preliminary": "Preliminary interview", "review": "Review interview"},
    "ka": {"preliminary": "წინასწარი გასაუბრება", "review": "შემაჯამებელი გასაუბრება"},
}

QUARTER = 15
BREAK = 15
"""A break in every session of three hours or more."""


@dataclass(frozen=True)
class PlannedSession:
    """One session of the skeleton: its day, start (None: follows on), training and break minutes."""

    day: int
    start: int | None
    training: int
    breaks: int
    phase: str

    @property
    def duration(self) -> int:
        return self.training + self.breaks


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _up(minutes: float) -> int:
    return int(math.ceil(minutes / QUARTER) * QUARTER)


def _hm(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}min"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def _value(rules: Rules, name: str) -> object:
    rule = getattr(rules, name)
    return None if rule is None else rule.value


def plan_sessions(rules: Rules, phases: list[str], start_time: int = 9 * 60) -> list[PlannedSession]:
    """Sessions (days, starts and lengths) that meet ``rules``; see the module docstring.

    Kinds with a session count get one session a week (day 1, 8, 15…), each long
    enough for the per-session and total minimums. Other kinds run whole days of
    two sessions (morning, afternoon), as many days as the kind says (else one).
    """
    count = _value(rules, "session_count")
    min_session = int(_value(rules, "min_session_duration") or 0)  # type: ignore[call-overload]
    min_total = int(_value(rules, "min_total_training") or 0)  # type: ignore[call-overload]
    breaks_count = bool(_value(rules, "breaks_count_as_training"))
    max_daily = _value(rules, "max_daily_training")
    min_daily = int(_value(rules, "min_daily_training") or 0)  # type: ignore[call-overload]
    min_gap = int(_value(rules, "min_break_between_sessions") or 0)  # type: ignore[call-overload]
    planned: list[tuple[int, int | None, int]] = []  # day, start, training
    if isinstance(count, int) and count > 0:
        training = max(min_session, _up(min_total / count), 2 * 60)
        if isinstance(max_daily, int):
            training = min(training, max_daily)
        planned = [(1 + 7 * index, None, training) for index in range(count)]
    else:
        day_count = _value(rules, "day_count")
        days = day_count if isinstance(day_count, int) and day_count > 0 else 1
        daily = max(min_daily, _up(min_total / days), 2 * min_session, 6 * 60)
        if isinstance(max_daily, int):
            daily = min(daily, max_daily)
        morning = _up(daily / 2)
        afternoon = max(daily - morning, min_session)
        for day in range(1, days + 1):
            planned.append((day, None, morning))
            planned.append((day, -1, afternoon))  # -1: after the morning and the lunch break
    sessions: list[PlannedSession] = []
    for index, (day, start, training) in enumerate(planned):
        breaks = BREAK if training >= 3 * 60 else 0
        if breaks and breaks_count:
            training -= breaks  # the break is part of the training time: the session keeps its length
        phase = phases[min(index * len(phases) // len(planned), len(phases) - 1)]
        if start == -1:
            previous = sessions[-1]
            start = (previous.start or start_time) + previous.duration + max(60, min_gap)
        sessions.append(PlannedSession(day, start, training, breaks, phase))
    _spread_phases(sessions, phases)
    return sessions


def _spread_phases(sessions: list[PlannedSession], phases: list[str]) -> None:
    """Make sure every phase has a session (more phases than sessions: the last ones share)."""
    if len(phases) > len(sessions):
        return
    for index, phase in enumerate(phases):
        present = [s.phase for s in sessions]
        if phase not in present:
            sessions[index] = PlannedSession(sessions[index].day, sessions[index].start,
                                             sessions[index].training, sessions[index].breaks, phase)


def default_routes(framework: Framework, kind: str) -> list[str]:
    """The routes a new programme of ``kind`` declares: every one that applies to it, except those
    reserved to minors (a programme for minors names its route with ``--route``) — unless every route of
    the kind is reserved to minors (a framework for minors only), when all of them are declared."""
    applicable = [rid for rid, route in framework.routes.items() if route.applies_to(kind)]
    adults = [rid for rid in applicable if not framework.routes[rid].minors]
    return adults or applicable


def skeleton(programme_id: str, framework: Framework, kind: str, language: str,
             routes: Sequence[str] = ()) -> str:
    """The YAML text of a new draft programme ``programme_id`` of ``framework``/``kind``.

    The programme accepts ``routes``; its structure meets the kind's rules with those of the
    first route that changes any (a minors' route: its fee, daily maximum, interviews, staff).
    """
    changing = [r for r in routes if r in framework.routes and framework.routes[r].rules != Rules()]
    rules = framework.rules_for(kind, changing[0] if changing else None)
    todo, words = TODO[language], WORDS[language]

    def t(key: str, number: int | None = None) -> str:
        """A quoted placeholder: what the designer is to write there."""
        return _q(f"{todo} {words[key]}" + (f" {number}" if number is not None else ""))

    phase_rule = _value(rules, "phases")
    # phase ids are Latin: a French or English title reads from the id, a Georgian one is to be written
    phases = (
        [(str(p), str(p).replace("-", " ").capitalize() if language != "ka" else f"{todo} {p}") for p in phase_rule]
        if isinstance(phase_rule, tuple) and phase_rule
        else DEFAULT_PHASES[language]
    )
    if not phase_rule and len(plan_sessions(rules, [p for p, _ in phases])) < len(phases):
        phases = [phases[0], phases[-1]]  # a one-day stage: an opening and a closing session
    plan = plan_sessions(rules, [p for p, _ in phases])
    size = _value(rules, "group_size")
    roles = list(rules.required_staff.value) if rules.required_staff else []
    staff_lines = [
        f"{todo} {role.role}" + ("" if role.match.lower() in role.role.lower() else f" ({role.match})")
        for role in roles
    ]
    staff = max(int(_value(rules, "min_staff") or 1), len(staff_lines))  # type: ignore[call-overload]
    staff_lines += [f"{todo} {words['staff']} {n}" for n in range(len(staff_lines) + 1, staff + 1)]
    wanted = [*(rules.required_interviews.value if rules.required_interviews else ()),
              *(rules.recommended_interviews.value if rules.recommended_interviews else ())]
    interviews = list(dict.fromkeys(i.value for i in wanted))
    criteria = [c.value for c in (_value(rules, "required_completion") or ())] or ["attendance"]  # type: ignore[attr-defined]
    max_fee = _value(rules, "max_fee_eur")
    kind_title = framework.kinds[kind].title
    lines = [
        "# yaml-language-server: $schema=../../schemas/programme.schema.json",
        f"# A new programme of '{framework.id}', kind '{kind}' ({kind_title}).",
        f"# Made by `stagecraft new programme`: sessions, phases, interviews and completion already meet the",
        f"# kind's rules (`stagecraft rules {framework.id} {kind}` lists them). Replace every '{todo}' text;",
        "# `stagecraft validate` lists those left. Set status: published when the programme is ready.",
        f"id: {programme_id}",
        f"title: {t('title')}",
        f"language: {language}",
        f"framework: {framework.id}",
        f"kind: {kind}",
    ]
    if routes:
        lines.append(f"routes: [{', '.join(routes)}]")
    lines += [
        'version: "0.1"',
        "status: draft",
        f"summary: {t('summary')}",
        f"audience: {t('audience')}",
        "objectives:",
        f"  - {t('objective')}",
    ]
    fee_note = f"  # at most {max_fee:g} EUR here" if isinstance(max_fee, (int, float)) else ""
    lines.append(f"fee_eur: 0{fee_note}")
    low, high = (size.min, size.max) if size is not None else (8, 12)  # type: ignore[attr-defined]
    lines.append(f"group_size: {{min: {low}, max: {high}}}")
    lines.append("staff:")
    lines += [f"  - {_q(line)}" for line in staff_lines]
    lines.append(f'start_time: "{format_clock(9 * 60)}"')
    if interviews:
        lines.append("interviews:")
        for kind_of in interviews:
            lines += [
                f"  - type: {kind_of}",
                f"    title: {_q(INTERVIEW_TITLES[language][kind_of])}",
                "    duration: 45min",
                f"    timing: {t('timing')}",
            ]
    lines += [
        "completion:",
        f"  criteria: [{', '.join(criteria)}]",
        f"  description: {t('completion')}",
        "phases:",
    ]
    lines += [f"  - {{id: {pid}, title: {_q(title)}}}" for pid, title in phases]
    lines.append("sessions:")
    for number, planned in enumerate(plan, start=1):
        lines += [
            f"  - id: s{number:02d}",
            f"    title: {t('session', number)}",
            f"    phase: {planned.phase}",
            f"    day: {planned.day}",
        ]
        if planned.start is not None:
            lines.append(f'    start: "{format_clock(planned.start)}"')
        lines += [
            f"    duration: {_hm(planned.duration)}",
            "    objectives:",
            f"      - {t('session_objective')}",
            "    activities:",
        ]
        first = planned.training // 2 // 5 * 5 if planned.breaks else planned.training
        parts = [(first, "discussion")]
        if planned.breaks:
            parts += [(planned.breaks, "break"), (planned.training - first, "small_groups")]
        for minutes, method in parts:
            title = words["break"] if method == "break" else f"{todo} {words['activity']}"
            lines.append(f"      - {{title: {_q(title)}, duration: {_hm(minutes)}, method: {method}}}")
    return "\n".join(lines) + "\n"
