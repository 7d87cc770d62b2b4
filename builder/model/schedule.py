"""Derived timing: days, clock times and training totals, shared by checks and renderers.

Pure functions over the model. A session without a ``day`` is its own day, the
day after the previous session's. A session without a ``start`` starts at the
programme's ``start_time`` when it is the first of its day, otherwise when the
previous session of that day ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.programme import Activity, Method, Programme, Session


@dataclass(frozen=True)
class TimedActivity:
    """An activity with its clock times (minutes after midnight)."""

    activity: Activity
    start: int
    end: int


@dataclass(frozen=True)
class TimedSession:
    """A session with its day number, clock times and timed activities."""

    session: Session
    number: int
    day: int
    start: int
    end: int
    activities: tuple[TimedActivity, ...]


def training_minutes(session: Session, breaks_count: bool) -> int:
    """Training time of a session: its duration, less its breaks unless breaks count.

    Uses the session's declared duration so the figure matches what the programme
    promises even when its activities do not add up (a separate check reports that).
    """
    if breaks_count:
        return session.duration
    breaks = sum(a.duration for a in session.activities if a.method is Method.BREAK)
    return max(session.duration - breaks, 0)


def days(programme: Programme) -> list[int]:
    """The day number of each session, in order."""
    result: list[int] = []
    previous = 0
    for session in programme.sessions:
        day = session.day if session.day is not None else previous + 1
        result.append(day)
        previous = day
    return result


def schedule(programme: Programme) -> list[TimedSession]:
    """Every session with its day, clock start and end, and its activities' times."""
    timed: list[TimedSession] = []
    last_end: dict[int, int] = {}
    for number, (session, day) in enumerate(zip(programme.sessions, days(programme)), start=1):
        if session.start is not None:
            start = session.start
        else:
            start = last_end.get(day, programme.start_time)
        clock = start
        activities = []
        for activity in session.activities:
            activities.append(TimedActivity(activity, clock, clock + activity.duration))
            clock += activity.duration
        end = start + session.duration
        last_end[day] = end
        timed.append(TimedSession(session, number, day, start, end, tuple(activities)))
    return timed


def total_minutes(programme: Programme, breaks_count: bool) -> int:
    """Total training minutes over all sessions."""
    return sum(training_minutes(s, breaks_count) for s in programme.sessions)


def minutes_per_day(programme: Programme, breaks_count: bool) -> dict[int, int]:
    """Training minutes per day number."""
    per_day: dict[int, int] = {}
    for session, day in zip(programme.sessions, days(programme)):
        per_day[day] = per_day.get(day, 0) + training_minutes(session, breaks_count)
    return per_day
