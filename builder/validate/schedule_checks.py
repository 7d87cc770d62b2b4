"""Schedule checks: durations, days and clock times, over the one computed schedule.

Every check here reads ``ctx.schedule``: the result of
:func:`builder.model.schedule.schedule` for this programme, its framework's rules
and the ``--start-time`` option, the very schedule every renderer prints. So a
build option that moves sessions is validated before anything is rendered.
"""

from __future__ import annotations

from typing import Iterator

from builder.load.project import Project
from builder.load.repair import known
from builder.model.duration import format_clock
from builder.model.framework import Rule
from builder.model.programme import Method
from builder.model.schedule import DAY_MINUTES, TimedSession, schedule
from builder.problems import Problem
from builder.validate.checks import CheckContext, check, legal, plain


@check("activity-sum")
def activities_add_up(ctx: CheckContext) -> Iterator[Problem]:
    for index, session in known(ctx.programme.sessions):
        if index in ctx.broken_sessions:
            continue  # a broken activity: its schema error says so, the other sessions are still added up
        total = sum(a.duration for a in session.activities)
        if total != session.duration:
            yield plain(
                ctx,
                "activity-sum",
                ("sessions", index, "duration"),
                f"sessions[{index}].duration: expected the activities to add up to {ctx.hm(session.duration)}, "
                f"got {ctx.hm(total)}",
            )


@check("session-min-duration")
def session_minimum(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.min_session_duration
    if not rule:
        return
    for index, session in enumerate(ctx.programme.sessions):
        if index in ctx.broken_sessions:
            continue  # its training time is unknown
        got = ctx.schedule.sessions[index].training_minutes
        if got < rule.value:
            yield legal(
                ctx,
                "session-min-duration",
                rule,
                ("sessions", index, "duration"),
                f"sessions[{index}]: expected at least {ctx.hm(rule.value)} of training, got {ctx.hm(got)}",
            )


@check("session-count")
def session_count(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.session_count
    if rule and len(ctx.programme.sessions) != rule.value:
        yield legal(
            ctx,
            "session-count",
            rule,
            ("sessions",),
            f"sessions: expected exactly {rule.value} sessions for '{ctx.programme.kind}', "
            f"got {len(ctx.programme.sessions)}",
        )


@check("total-training")
def total_training(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.min_total_training
    if not rule or ctx.broken_sessions:
        return  # with a broken activity, the total is unknown
    got = ctx.schedule.total_minutes
    if got < rule.value:
        counted = "breaks included" if ctx.schedule.breaks_count else "breaks not counted"
        yield legal(
            ctx,
            "total-training",
            rule,
            ("sessions",),
            f"sessions: expected at least {ctx.hm(rule.value)} of training in total ({counted}), got {ctx.hm(got)}",
        )


# --- Days ----------------------------------------------------------------------------------------


@check("session-day")
def session_day(ctx: CheckContext) -> Iterator[Problem]:
    """In a programme of several sessions, every session says its day: none is guessed."""
    sessions = ctx.programme.sessions
    if len(sessions) < 2:
        return
    for index, session in enumerate(sessions):
        if session.day is not None:
            continue
        before = sessions[index - 1].day if index else None
        if index == 0:
            hint = "write 'day: 1' for the first day"
        elif before is not None:
            hint = f"write 'day: {before}' to hold it on the same day as sessions[{index - 1}], or a later day"
        else:
            hint = "write 'day: 1' for the first day, 'day: 2' for the next, and so on"
        yield plain(
            ctx, "session-day", ("sessions", index),
            f"sessions[{index}]: expected 'day' (the day number: 1 = the first day; sessions with the same "
            f"number run the same day), got none; {hint}",
        )


@check("daily-training")
def daily_training(ctx: CheckContext) -> Iterator[Problem]:
    plan = ctx.schedule
    if not plan.days_stated:
        return  # session-day reports it; days would be guesses
    most, least = ctx.rules.max_daily_training, ctx.rules.min_daily_training
    for day, got in plan.minutes_per_day.items():
        if any(timed.index in ctx.broken_sessions for timed in plan.on(day)):
            continue  # a session with a broken activity: the day's training time is unknown
        where = ("sessions", plan.on(day)[0].index)  # located at the day's first session
        if most and got > most.value:
            yield legal(
                ctx, "daily-training", most, where,
                f"day {day}: expected at most {ctx.hm(most.value)} of training, got {ctx.hm(got)}",
            )
        if least and got < least.value:
            yield legal(
                ctx, "daily-training", least, where,
                f"day {day}: expected at least {ctx.hm(least.value)} of training, got {ctx.hm(got)}",
            )


@check("days")
def day_pattern(ctx: CheckContext) -> Iterator[Problem]:
    plan = ctx.schedule
    if not plan.days_stated:
        return  # session-day reports it; days would be guesses
    numbers = [t.day for t in plan.sessions]
    for index in range(1, len(numbers)):
        if numbers[index] < numbers[index - 1]:
            yield plain(
                ctx, "days", ("sessions", index, "day"),
                f"sessions[{index}].day: expected day {numbers[index - 1]} or later, got {numbers[index]}",
            )
    distinct = list(plan.days)
    count = ctx.rules.day_count
    if count and len(distinct) != count.value:
        yield legal(
            ctx, "days", count, ("sessions",),
            f"sessions: expected {count.value} training days, got {len(distinct)}",
        )
    consecutive = ctx.rules.consecutive_days
    if consecutive and consecutive.value and distinct != list(range(distinct[0], distinct[0] + len(distinct))):
        yield legal(
            ctx, "days", consecutive, ("sessions",),
            f"sessions: expected consecutive days, got days {', '.join(map(str, distinct))}",
        )
    span, months = ctx.rules.max_span_days, ctx.rules.max_span_months
    got = distinct[-1] - distinct[0] + 1
    last = numbers.index(distinct[-1])
    if span and got > span.value:
        yield legal(
            ctx, "days", span, ("sessions", last, "day"),
            f"sessions[{last}].day: expected the programme to span at most {span.value} days, "
            f"got {got} days (day {distinct[0]} to day {distinct[-1]})",
        )
    elif months and not span and got > 31 * months.value:
        # Day numbers have no calendar: no month is longer than 31 days. A cohort's real dates are
        # checked against the calendar month itself (cohort-span).
        within = "one calendar month" if months.value == 1 else f"{months.value} calendar months"
        yield legal(
            ctx, "days", months, ("sessions", last, "day"),
            f"sessions[{last}].day: expected the programme to fit in {within} ({31 * months.value} days at "
            f"most), got {got} days (day {distinct[0]} to day {distinct[-1]})",
        )


# --- Clock times ---------------------------------------------------------------------------------


def clock(minutes: int) -> str:
    """``HH:MM``, saying 'the next day' past midnight (the schedule never wraps)."""
    return format_clock(minutes) + (" the next day" if minutes >= DAY_MINUTES else "")


def span(timed: TimedSession) -> str:
    """``09:00–12:00`` (the end may fall the next day)."""
    return f"{format_clock(timed.start)}–{clock(timed.end)}"


def start_path(timed: TimedSession) -> tuple[str | int, ...]:
    """Where a session's start is written: its ``start`` key, else the session."""
    if timed.session.start is not None:
        return ("sessions", timed.index, "start")
    return ("sessions", timed.index)


def option(ctx: CheckContext, timed: TimedSession) -> str:
    """`` with --start-time 11:00`` when the option set this session's start (directly or by following on)."""
    override = ctx.schedule.override
    if override is not None and timed.anchored:
        return f" with --start-time {format_clock(override)}"
    return ""


@check("session-overlap")
def session_overlap(ctx: CheckContext) -> Iterator[Problem]:
    """No two sessions of one day overlap, and a day's sessions are listed in the order they run.

    Each session is compared with the sessions listed before it on its day; the
    first conflict is reported at the later-listed session (``session-order``
    when it runs wholly before one listed earlier).
    """
    plan = ctx.schedule
    if not plan.days_stated:
        return  # session-day reports it; days would be guesses
    for day in plan.days:
        listed = plan.on(day)
        for position, after in enumerate(listed):
            earlier = listed[:position]
            clash = next((b for b in earlier if after.start < b.end and b.start < after.end), None)
            if clash is not None:
                yield overlap_problem(ctx, clash, after)
                continue
            ahead = next((b for b in earlier if after.start < b.start), None)
            if ahead is not None:
                yield plain(
                    ctx, "session-order", start_path(after),
                    f"sessions[{after.index}].start: expected {format_clock(ahead.end)} or later (sessions of a "
                    f"day are listed in the order they run; sessions[{ahead.index}] runs {span(ahead)} on day "
                    f"{day}{option(ctx, ahead)}), got {format_clock(after.start)}; list this session before "
                    f"sessions[{ahead.index}] or give it a later start",
                )


def overlap_problem(ctx: CheckContext, before: TimedSession, after: TimedSession) -> Problem:
    """``after`` starts while ``before`` (listed earlier, same day) still runs."""
    override = ctx.schedule.override
    if override is not None and before.anchored and not after.anchored:
        latest = override - (before.end - after.start)
        fix = (
            f"build with --start-time {format_clock(latest)} or earlier, or give this session a later start"
            if latest >= 0
            else "give this session a later start"
        )
    elif after.session.start is not None:
        fix = "give this session a later start or shorten the session before it"
    else:
        fix = "give this session a 'start' after the session before it ends, or shorten that session"
    return plain(
        ctx, "session-overlap", start_path(after),
        f"sessions[{after.index}].start: expected {format_clock(before.end)} or later (sessions[{before.index}] "
        f"'{before.session.title}' runs {span(before)} on day {before.day}{option(ctx, before)}), got "
        f"{clock(after.start)}: two sessions of one day cannot overlap; {fix}",
    )


@check("session-midnight")
def session_midnight(ctx: CheckContext) -> Iterator[Problem]:
    """Every session ends by midnight of its day: a day's sessions never spill into the next."""
    for timed in ctx.schedule.sessions:
        if timed.end <= DAY_MINUTES:
            continue
        index, length = timed.index, ctx.hm(timed.session.duration)
        where = start_path(timed) if timed.session.start is not None else ("sessions", index, "duration")
        if timed.start >= DAY_MINUTES:
            detail = (
                f"a start at {clock(timed.start)}, after the sessions before it on day {timed.day}"
                f"{option(ctx, timed)}; move it to a later day or shorten the sessions before it"
            )
        else:
            latest = DAY_MINUTES - timed.session.duration
            detail = (
                f"{span(timed)} ({length} from {format_clock(timed.start)}{option(ctx, timed)}); "
                f"start it by {format_clock(latest)} or split it over two days"
            )
        yield plain(
            ctx, "session-midnight", where,
            f"sessions[{index}]: expected the session to end by midnight (24:00), got {detail}",
        )


LUNCHTIME = (12 * 60, 14 * 60)
"""A day held as one session that runs through these hours holds its lunch break inside the session."""


@check("session-gap")
def session_gap(ctx: CheckContext) -> Iterator[Problem]:
    """The lunch break, on the effective schedule: the pause between two sessions of a day, or, for a day
    held as one session through lunchtime, a break activity inside it, is at least the framework's minimum."""
    rule = ctx.rules.min_break_between_sessions
    plan = ctx.schedule
    if not rule or not plan.days_stated:
        return
    for day in plan.days:
        listed = plan.on(day)  # in listed order: session-overlap reports sessions listed out of order
        if len(listed) == 1:
            yield from lunch_inside(ctx, rule, listed[0])
        for before, after in zip(listed, listed[1:]):
            gap = after.start - before.end
            if gap >= rule.value:
                continue
            got = ctx.hm(gap) if gap >= 0 else f"a start at {format_clock(after.start)}"
            yield legal(
                ctx, "session-gap", rule, start_path(after),
                f"sessions[{after.index}].start: expected a break of at least {ctx.hm(rule.value)} after the "
                f"previous session (ends {clock(before.end)}{option(ctx, before)}), got {got}",
            )


def lunch_inside(ctx: CheckContext, rule: Rule[int], only: TimedSession) -> Iterator[Problem]:
    """A day's only session that runs through lunchtime holds a break of at least the minimum."""
    if only.start > LUNCHTIME[0] or only.end < LUNCHTIME[1] or only.index in ctx.broken_sessions:
        return
    longest = max((a.activity.duration for a in only.activities if a.activity.method is Method.BREAK), default=0)
    if longest >= rule.value:
        return
    got = f"{ctx.hm(longest)} at most" if longest else "no break"
    yield legal(
        ctx, "session-gap", rule, ("sessions", only.index, "activities"),
        f"sessions[{only.index}].activities: expected a break of at least {ctx.hm(rule.value)} (the lunch break: "
        f"this session is day {only.day}'s only one and runs {span(only)}{option(ctx, only)}), got {got}; add a "
        f"'break' activity of at least {ctx.hm(rule.value)} or split the day into two sessions",
    )


def start_time_note(project: Project, start_time: int | None) -> str:
    """A line saying which programmes ``--start-time`` leaves as they are, or '' when it moves them all.

    The option replaces each programme's ``start_time``; a programme whose every day
    starts with a session that sets its own ``start`` keeps its times (it is not a problem).
    """
    if start_time is None:
        return ""
    kept = []
    for loaded in project.programmes:
        programme = loaded.model
        framework = project.frameworks[programme.framework].model
        if not schedule(programme, framework.rules_for(programme.kind), start_time).moved_by_option:
            kept.append(programme.id)
    if not kept:
        return ""
    return (
        f"--start-time {format_clock(start_time)} leaves {len(kept)} programme(s) as they are, because each of "
        f"their days starts with a session that sets its own 'start': {', '.join(sorted(kept))}"
    )


@check("session-night")
def session_night(ctx: CheckContext) -> Iterator[Problem]:
    """No session runs in the framework's night hours, on the programme's own clock times (cohorts check their
    dated sessions again with the cohort's start time: ``cohort-night``)."""
    rule = ctx.rules.night
    if not rule:
        return
    night = rule.value
    hours = f"{format_clock(night.start)}–{format_clock(night.end)}"
    for timed in ctx.schedule.sessions:
        start, end = timed.start % DAY_MINUTES, min(timed.end, DAY_MINUTES)
        if night.overlaps(start, end if end > start else DAY_MINUTES):
            yield legal(
                ctx, "session-night", rule, start_path(timed),
                f"sessions[{timed.index}]: expected no session in night hours ({hours}), got {span(timed)} on "
                f"day {timed.day}{option(ctx, timed)}; hold it between {format_clock(night.end)} and {format_clock(night.start)}",
            )
