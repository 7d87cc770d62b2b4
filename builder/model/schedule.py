"""The one schedule: each session's day, clock span and training time.

:func:`schedule` is the only place where Stagecraft works out when a session
runs. Validation checks its result and every renderer (guides, decks, site)
prints its result, so what is checked is what prints, build options included.

Rules, in order:

- **Day.** A session's ``day`` is its day number (1 = first day). A session
  without one takes the day after the previous session's (the first: day 1);
  in a programme of more than one session the ``session-day`` check refuses
  that, so the guess never reaches an output.
- **Start.** A session with its own ``start`` starts then: a designer who pins
  a time (school hours, a lunch break) keeps it. Otherwise the first session of
  its day starts at the programme's ``start_time``, and a later one when the
  previous session of its day ends. The build option ``--start-time``
  (``start_time`` here) replaces the programme's ``start_time``: it moves every
  day's first session that has no ``start`` of its own, and the sessions that
  follow on from it.
- **End.** Start plus the session's declared ``duration`` (breaks included).
  Minutes run past 24:00 when a session runs past midnight: they are never
  wrapped here, so a check can see it.
- **Training.** The session's duration, less its breaks unless the framework's
  ``breaks_count_as_training`` rule says breaks count.

Pure functions over the model; no I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property

from builder.model.framework import Rules
from builder.model.programme import Activity, Method, Programme, Session

DAY_MINUTES = 24 * 60


class StartFrom(str, enum.Enum):
    """Why a session starts when it does (checks say it in their messages)."""

    OWN = "start"
    """Its own ``start`` key."""
    START_TIME = "start_time"
    """The programme's ``start_time``: it is the first session of its day."""
    OVERRIDE = "--start-time"
    """The build option: it is the first session of its day."""
    PREVIOUS = "previous"
    """The end of the session before it on the same day."""


@dataclass(frozen=True)
class TimedActivity:
    """An activity with its clock times (minutes after midnight of its day)."""

    activity: Activity
    start: int
    end: int


@dataclass(frozen=True)
class TimedSession:
    """A session with its day number, clock span, timed activities and training time."""

    session: Session
    index: int
    """Position in ``programme.sessions`` (0-based): ``sessions[index]`` in messages."""
    day: int
    start: int
    end: int
    """Minutes after midnight of its day; above 1440 when the session runs past midnight."""
    activities: tuple[TimedActivity, ...]
    training_minutes: int
    """The session's training time under the framework's breaks rule."""
    start_from: StartFrom
    anchored: bool
    """True when the start follows from the day's start time (``start_time`` or ``--start-time``),
    directly or through the sessions before it, rather than from a ``start`` key."""

    @property
    def number(self) -> int:
        """The session's number as printed (1 = first)."""
        return self.index + 1


@dataclass(frozen=True)
class Schedule:
    """Every session of one programme, timed, under one framework's rules and one start-time option."""

    sessions: tuple[TimedSession, ...]
    breaks_count: bool
    """Whether breaks count as training (the framework's ``breaks_count_as_training``)."""
    start_time: int
    """The time a day's first session starts when nothing else says: the option, else the programme's."""
    override: int | None
    """The ``--start-time`` option, when given."""
    days_stated: bool
    """False when a programme of several sessions leaves ``day`` out somewhere (days are then guessed)."""

    @cached_property
    def days(self) -> tuple[int, ...]:
        """The distinct day numbers, in order."""
        return tuple(sorted({t.day for t in self.sessions}))

    @cached_property
    def minutes_per_day(self) -> dict[int, int]:
        """Training minutes per day number, in day order."""
        per_day: dict[int, int] = {}
        for timed in sorted(self.sessions, key=lambda t: t.day):
            per_day[timed.day] = per_day.get(timed.day, 0) + timed.training_minutes
        return per_day

    @cached_property
    def total_minutes(self) -> int:
        """Training minutes over the whole programme."""
        return sum(t.training_minutes for t in self.sessions)

    @property
    def moved_by_option(self) -> bool:
        """True when the ``--start-time`` option moves at least one session (``False`` without it)."""
        return self.override is not None and any(t.anchored for t in self.sessions)

    def on(self, day: int) -> list[TimedSession]:
        """The sessions of one day, in programme order."""
        return [t for t in self.sessions if t.day == day]

    def next_after(self, timed: TimedSession) -> TimedSession | None:
        """The session listed after ``timed``, if any."""
        following = timed.index + 1
        return self.sessions[following] if following < len(self.sessions) else None


def breaks_count(rules: Rules) -> bool:
    """Whether breaks count as training under ``rules`` (default: no)."""
    rule = rules.breaks_count_as_training
    return bool(rule.value) if rule else False


def training_minutes(session: Session, breaks_count: bool) -> int:
    """Training time of a session: its duration, less its breaks unless breaks count.

    Uses the session's declared duration so the figure matches what the programme
    promises even when its activities do not add up (``activity-sum`` reports that).
    """
    if breaks_count:
        return session.duration
    breaks = sum(a.duration for a in session.activities if a.method is Method.BREAK)
    return max(session.duration - breaks, 0)


def schedule(programme: Programme, rules: Rules, start_time: int | None = None) -> Schedule:
    """Time every session of ``programme`` (see the module's rules).

    ``rules`` are the framework's rules for the programme's kind (they say whether
    breaks count as training); ``start_time`` is the ``--start-time`` build option.
    """
    counts = breaks_count(rules)
    default_start = programme.start_time if start_time is None else start_time
    timed: list[TimedSession] = []
    last: dict[int, TimedSession] = {}  # the latest-listed session of each day so far
    previous_day = 0
    for index, session in enumerate(programme.sessions):
        day = session.day if session.day is not None else previous_day + 1
        previous_day = day
        before = last.get(day)
        if session.start is not None:
            start, start_from, anchored = session.start, StartFrom.OWN, False
        elif before is None:
            origin = StartFrom.START_TIME if start_time is None else StartFrom.OVERRIDE
            start, start_from, anchored = default_start, origin, True
        else:
            start, start_from, anchored = before.end, StartFrom.PREVIOUS, before.anchored
        clock = start
        activities = []
        for activity in session.activities:
            activities.append(TimedActivity(activity, clock, clock + activity.duration))
            clock += activity.duration
        entry = TimedSession(
            session=session,
            index=index,
            day=day,
            start=start,
            end=start + session.duration,
            activities=tuple(activities),
            training_minutes=training_minutes(session, counts),
            start_from=start_from,
            anchored=anchored,
        )
        last[day] = entry
        timed.append(entry)
    stated = len(programme.sessions) == 1 or all(s.day is not None for s in programme.sessions)
    return Schedule(tuple(timed), counts, default_start, start_time, stated)
