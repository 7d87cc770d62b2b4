"""A cohort's dated plan: the programme's schedule laid on real dates, in the venue's time zone.

Pure functions over the model, shared by the cohort checks and every cohort
document (calendar, run sheet, forms, convocation), so they all show the same
dates and times. Clock times come from the programme's one schedule
(:func:`builder.model.schedule.schedule`), with the cohort's ``start_time`` in the
place of the ``--start-time`` option (each day's first session starts then).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from builder.model.cohort import Cohort, InterviewSlot, Pattern
from builder.model.programme import Programme
from builder.model.framework import Rules
from builder.model.schedule import TimedSession, schedule

NOON = 13 * 60
"""A session starting before 13:00 belongs to the morning half-day (lunch is usually 12:00–14:00)."""


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """``day`` moved by ``months`` calendar months; the flag says the day of month did not exist (clamped)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)), day.day > last


def month_end(first: dt.date) -> dt.date:
    """The last day of the calendar month that starts on ``first`` (first day counted).

    15 January → 14 February; when the same day does not exist in the next month
    (30 January), the month ends on that month's last day (28 or 29 February).
    """
    same_day, clamped = add_months(first, 1)
    return same_day if clamped else same_day - dt.timedelta(days=1)


def programme_days(programme: Programme, rules: Rules) -> list[int]:
    """The programme's distinct day numbers, in order."""
    return list(schedule(programme, rules).days)


def day_dates(cohort: Cohort, numbers: list[int]) -> dict[int, dt.date]:
    """The date of each programme day number; with explicit ``dates``, as many as both lists hold."""
    if cohort.dates or cohort.start is None:  # neither: the checks report it
        return dict(zip(numbers, cohort.dates))
    first = numbers[0] if numbers else 1
    result = {}
    for position, number in enumerate(numbers):
        if cohort.pattern is Pattern.PROGRAMME:
            offset = number - first
        elif cohort.pattern is Pattern.CONSECUTIVE:
            offset = position
        else:
            offset = 7 * position
        result[number] = cohort.start + dt.timedelta(days=offset)
    return result


@dataclass(frozen=True)
class DatedSession:
    """A programme session on its date, with aware start and end times."""

    timed: TimedSession
    date: dt.date
    start: dt.datetime
    end: dt.datetime

    @property
    def half(self) -> str:
        """'am' or 'pm': the half-day the session belongs to."""
        return "am" if self.timed.start < NOON else "pm"


@dataclass(frozen=True)
class DatedInterview:
    """An interview slot with aware start and end times."""

    slot: InterviewSlot
    index: int
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class HalfDay:
    """A real half-day of the cohort: its date, part ('am'/'pm') and clock span (minutes)."""

    date: dt.date
    part: str
    start: int
    end: int
    day: int


@dataclass(frozen=True)
class CohortPlan:
    """Everything dated about a cohort."""

    cohort: Cohort
    zone: ZoneInfo
    dates: dict[int, dt.date]
    sessions: tuple[DatedSession, ...]
    interviews: tuple[DatedInterview, ...]

    @property
    def first(self) -> dt.date:
        return min(self.dates.values())

    @property
    def last(self) -> dt.date:
        return max(self.dates.values())

    def half_days(self) -> list[HalfDay]:
        """One entry per real half-day with sessions, in time order."""
        spans: dict[tuple[dt.date, str], HalfDay] = {}
        for dated in self.sessions:
            key = (dated.date, dated.half)
            found = spans.get(key)
            start, end = dated.timed.start, dated.timed.end
            if found:
                start, end = min(start, found.start), max(end, found.end)
            spans[key] = HalfDay(dated.date, dated.half, start, end, dated.timed.day)
        return [spans[k] for k in sorted(spans, key=lambda k: (k[0], k[1] == "pm"))]


def at(day: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """An aware datetime from a date and minutes after midnight (minutes past 24 h run into the next day)."""
    return dt.datetime.combine(day, dt.time(), zone) + dt.timedelta(minutes=minutes)


def plan(cohort: Cohort, programme: Programme, rules: Rules) -> CohortPlan:
    """The dated plan of ``cohort``; sessions whose day has no date (too few ``dates``) are left out.

    ``rules`` are the framework's rules for the programme's kind (breaks as training).
    The time zone must exist (the checks report it otherwise); ``at()`` keeps
    wall-clock times, so 09:00 stays 09:00 on both sides of a daylight-saving change.
    """
    zone = ZoneInfo(cohort.timezone)
    timed = schedule(programme, rules, cohort.start_time)
    dates = day_dates(cohort, list(timed.days))
    sessions = tuple(
        DatedSession(t, dates[t.day], at(dates[t.day], t.start, zone), at(dates[t.day], t.end, zone))
        for t in timed.sessions
        if t.day in dates
    )
    interviews = tuple(
        DatedInterview(slot, index, at(slot.date, slot.start, zone), at(slot.date, slot.end, zone))
        for index, slot in enumerate(cohort.interviews)
    )
    return CohortPlan(cohort, zone, dates, sessions, interviews)
