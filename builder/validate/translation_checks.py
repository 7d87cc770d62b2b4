"""Translation parity: a programme that declares ``translation_of: <id>`` keeps its original's shape.

Two language versions of one programme drift apart when only one is edited. A
translation must keep the original's phases, sessions (ids, order, days, start
times, durations), activities (count, durations, methods, handouts) and handouts
(ids, types, number of questions), so both versions run the same day the same way.
Each difference is reported at its place in the *translation's* file, saying what
the original has (with its location), what the translation has and how to fix it.

``translation_of`` itself must name another programme that is not a translation
(rule ``ref-translation``).
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from builder.load.project import LoadedProgramme
from builder.load.repair import UnknownValue
from builder.model.duration import format_clock, format_duration
from builder.model.handout import Handout
from builder.model.programme import Activity, Programme, Session
from builder.problems import Location, Problem, suggest

PARITY = "translation-parity"
REFERENCE = "ref-translation"


def translation_problems(
    checked: Sequence[LoadedProgramme], known: dict[str, LoadedProgramme], unreadable: Iterable[str] = ()
) -> list[Problem]:
    """Problems of every programme of ``checked`` that declares ``translation_of``.

    ``known`` maps every programme id of the project to its loaded file (the
    originals are looked up there); ``unreadable`` holds the file stems of
    programme files that did not load at all (their ids are unknown, so a
    translation naming one is not told the id does not exist).
    """
    problems: list[Problem] = []
    for loaded in checked:
        try:
            problems.extend(_check(loaded, known, set(unreadable)))
        except UnknownValue:
            continue  # a part of either file is broken: its schema errors say so
    return problems


def _check(loaded: LoadedProgramme, known: dict[str, LoadedProgramme], unreadable: set[str]) -> Iterator[Problem]:
    target = loaded.model.translation_of
    if target is None:
        return
    where = loaded.smap.at(("translation_of",))
    if target == loaded.model.id:
        yield Problem(
            where, REFERENCE,
            f"translation_of: expected the id of the programme this one translates, got '{target}', this "
            "programme's own id: remove translation_of from the original and write it in each translation",
        )
        return
    original = known.get(target)
    if original is None:
        if target in unreadable:
            return  # the original's own file reports why it did not load
        others = sorted(i for i in known if i != loaded.model.id)
        yield Problem(
            where, REFERENCE,
            f"translation_of: expected the id of a programme in curricula/programmes/, got '{target}'"
            + suggest(target, others),
        )
        return
    upstream = original.model.translation_of
    if upstream == target:
        return  # the original names itself: its own file reports it
    if upstream is not None:
        yield Problem(
            where, REFERENCE,
            f"translation_of: expected an original, got '{target}', itself a translation of '{upstream}' "
            f"({original.smap.at(('translation_of',))}): translate from the original, write translation_of: {upstream}",
        )
        return
    yield from Parity(loaded, original).problems()


class Parity:
    """The comparison of one translation with its original."""

    def __init__(self, translation: LoadedProgramme, original: LoadedProgramme) -> None:
        self.translation = translation
        self.original = original
        self.name = original.model.id

    # -- reporting ------------------------------------------------------------------------------

    def problem(self, path: tuple[str | int, ...], original_path: tuple[str | int, ...], message: str) -> Problem:
        """A difference at ``path`` in the translation, pointing at ``original_path`` in the original."""
        return Problem(
            self.translation.smap.at(path), PARITY,
            message.replace("{original}", f"'{self.name}' ({self._there(original_path)})"),
        )

    def _there(self, path: tuple[str | int, ...]) -> Location:
        return self.original.smap.at(path)

    # -- comparisons ----------------------------------------------------------------------------

    def problems(self) -> Iterator[Problem]:
        """Every difference, in the order of the translation's file."""
        a, b = self.original.model, self.translation.model
        if a.start_time != b.start_time:
            yield self.problem(
                ("start_time",), ("start_time",),
                f"start_time: expected \"{format_clock(a.start_time)}\" as in the original {{original}}, got "
                f"\"{format_clock(b.start_time)}\": write start_time: \"{format_clock(a.start_time)}\", or change both versions",
            )
        yield from self.phases(a, b)
        yield from self.sessions(a, b)
        yield from self.handouts(a, b)

    def phases(self, a: Programme, b: Programme) -> Iterator[Problem]:
        """Phase ids, in order."""
        ids_a, ids_b = [p.id for p in a.phases], [p.id for p in b.phases]
        if ids_a == ids_b:
            return
        for index, phase_id in enumerate(ids_b):
            if index < len(ids_a) and ids_a[index] == phase_id:
                continue
            expected = f"phase '{ids_a[index]}'" if index < len(ids_a) else "no phase"
            yield self.problem(
                ("phases", index, "id"), ("phases", min(index, len(ids_a) - 1), "id"),
                f"phases[{index}].id: expected {expected} here as in the original {{original}}, got '{phase_id}': "
                f"a translation keeps the original's phase ids in order ({', '.join(ids_a)}); translate titles only",
            )
        for index in range(len(ids_b), len(ids_a)):
            yield self.problem(
                ("phases",), ("phases", index, "id"),
                f"phases: expected phase '{ids_a[index]}' as in the original {{original}}, got no phases[{index}]: "
                "add it (same id, translated title)",
            )

    def sessions(self, a: Programme, b: Programme) -> Iterator[Problem]:
        """Session ids and order; then each session present in both, matched by id."""
        ids_a = [s.id for s in a.sessions]
        index_a = {s.id: i for i, s in enumerate(a.sessions)}
        ids_b = [s.id for s in b.sessions]
        for index, session in enumerate(b.sessions):
            if session.id not in index_a:
                yield self.problem(
                    ("sessions", index, "id"), ("sessions",),
                    f"sessions[{index}].id: expected a session id of the original {{original}}, got '{session.id}'"
                    f"{suggest(session.id, [i for i in ids_a if i not in ids_b])}: a translation keeps the "
                    "original's session ids; rename it or remove the session",
                )
                continue
            if index < len(ids_a) and ids_a[index] != session.id:
                yield self.problem(
                    ("sessions", index, "id"), ("sessions", index_a[session.id], "id"),
                    f"sessions[{index}].id: expected session '{ids_a[index]}' here as in the original {{original}}, "
                    f"got '{session.id}' (the original's sessions[{index_a[session.id]}]): put the sessions in the "
                    "original's order",
                )
            yield from self.session(index, session, index_a[session.id], a.sessions[index_a[session.id]])
        for i, session_id in enumerate(ids_a):
            if session_id not in ids_b:
                yield self.problem(
                    ("sessions",), ("sessions", i, "id"),
                    f"sessions: expected session '{session_id}' as in the original {{original}}, got none: "
                    "translate it into this file (same id, day and timings)",
                )

    def session(self, index: int, b: Session, index_a: int, a: Session) -> Iterator[Problem]:
        """One session's phase, day, start, duration and activities."""
        here: tuple[str | int, ...] = ("sessions", index)
        there: tuple[str | int, ...] = ("sessions", index_a)
        label = f"sessions[{index}]"
        if a.phase != b.phase:
            yield self.problem(
                (*here, "phase"), (*there, "phase"),
                f"{label}.phase: expected '{a.phase}' as in the original {{original}}, got '{b.phase}': write "
                f"phase: {a.phase}",
            )
        if a.day != b.day:
            fix = f"write day: {a.day}" if a.day is not None else "remove it"
            yield self.problem(
                (*here, "day") if b.day is not None else here, (*there, "day") if a.day is not None else there,
                f"{label}.day: expected {_show(a.day)} as in the original {{original}}, got {_show(b.day)}: "
                f"{fix}, or change both versions",
            )
        if a.start != b.start:
            expected = f'"{format_clock(a.start)}"' if a.start is not None else "no start"
            found = f'"{format_clock(b.start)}"' if b.start is not None else "none"
            yield self.problem(
                (*here, "start") if b.start is not None else here, (*there, "start") if a.start is not None else there,
                f"{label}.start: expected {expected} as in the original {{original}}, got {found}: "
                "a translation keeps the original's timings; change both versions together",
            )
        if a.duration != b.duration:
            yield self.problem(
                (*here, "duration"), (*there, "duration"),
                f"{label}.duration: expected {_hm(a.duration)} as in the original {{original}}, got {_hm(b.duration)}: "
                f"write duration: {_yaml(a.duration)}, or change both versions",
            )
        yield from self.activities(here, label, b.activities, there, a.activities)

    def activities(
        self, here: tuple[str | int, ...], label: str, b: Sequence[Activity], there: tuple[str | int, ...],
        a: Sequence[Activity],
    ) -> Iterator[Problem]:
        """The count; when it matches, each activity's duration, method and handouts, in order."""
        if len(a) != len(b):
            yield self.problem(
                (*here, "activities"), (*there, "activities"),
                f"{label}.activities: expected {len(a)} activities as in the original {{original}}, got {len(b)}: "
                "a translation has one activity for each of the original's, in the same order",
            )
            return
        for i, (act_a, act_b) in enumerate(zip(a, b)):
            at, at_a = (*here, "activities", i), (*there, "activities", i)
            name = f"{label}.activities[{i}]"
            if act_a.duration != act_b.duration:
                yield self.problem(
                    (*at, "duration"), (*at_a, "duration"),
                    f"{name}.duration: expected {_hm(act_a.duration)} as in the original {{original}}, got "
                    f"{_hm(act_b.duration)}: write duration: {_yaml(act_a.duration)}, or change both versions",
                )
            if act_a.method != act_b.method:
                yield self.problem(
                    (*at, "method"), (*at_a, "method"),
                    f"{name}.method: expected {act_a.method.value} as in the original {{original}}, got "
                    f"{act_b.method.value}: write method: {act_a.method.value}",
                )
            ids_a, ids_b = list(act_a.handout_ids()), list(act_b.handout_ids())
            if ids_a != ids_b:
                yield self.problem(
                    (*at, "handouts") if act_b.handouts else at, (*at_a, "handouts") if act_a.handouts else at_a,
                    f"{name}.handouts: expected {_ids(ids_a)} as in the original {{original}}, got {_ids(ids_b)}: "
                    "hand out the same documents (same ids) at the same moment",
                )

    def handouts(self, a: Programme, b: Programme) -> Iterator[Problem]:
        """Handout ids, types and question counts."""
        by_id = {h.id: (i, h) for i, h in enumerate(a.handouts)}
        seen: set[str] = set()
        for index, handout in enumerate(b.handouts):
            seen.add(handout.id)
            match = by_id.get(handout.id)
            if match is None:
                yield self.problem(
                    ("handouts", index, "id"), ("handouts",),
                    f"handouts[{index}].id: expected a handout id of the original {{original}}, got '{handout.id}'"
                    f"{suggest(handout.id, [i for i in by_id if i not in {h.id for h in b.handouts}])}: "
                    "a translation keeps the original's handout ids",
                )
                continue
            yield from self.handout(index, handout, *match)
        for handout_id, (i, _) in by_id.items():
            if handout_id not in seen:
                yield self.problem(
                    ("handouts",), ("handouts", i, "id"),
                    f"handouts: expected handout '{handout_id}' as in the original {{original}}, got none: "
                    "translate it into this file (same id and type)",
                )

    def handout(self, index: int, b: Handout, index_a: int, a: Handout) -> Iterator[Problem]:
        """One handout's type and number of questions."""
        here, there = ("handouts", index), ("handouts", index_a)
        if a.type != b.type:
            yield self.problem(
                (*here, "type"), (*there, "type"),
                f"handouts[{index}].type: expected {a.type.value} as in the original {{original}}, got "
                f"{b.type.value}: write type: {a.type.value}",
            )
        count_a, count_b = len(a.participant.questions), len(b.participant.questions)
        if count_a != count_b:
            yield self.problem(
                (*here, "participant", "questions"), (*there, "participant", "questions"),
                f"handouts[{index}].participant.questions: expected {count_a} questions as in the original "
                f"{{original}}, got {count_b}: translate each of the original's questions, no more, no fewer",
            )


def _hm(minutes: int) -> str:
    return format_duration(minutes, "en")


def _yaml(minutes: int) -> str:
    """A duration as a designer writes it in YAML: ``1h45``, ``2h``, ``45min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}min"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def _show(day: int | None) -> str:
    return "no day" if day is None else f"day {day}"


def _ids(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]" if ids else "none"
