"""Schedule checks: durations, days and clock times, over the one computed schedule.

Every check here reads the schedule from :mod:`builder.model.schedule`, the same
function the renderers use, so what is validated is what prints.
"""

from __future__ import annotations

from typing import Iterator

from builder.model.duration import format_clock
from builder.model.schedule import days, minutes_per_day, schedule, total_minutes, training_minutes
from builder.problems import Problem
from builder.validate.checks import CheckContext, check, legal, plain


@check("activity-sum")
def activities_add_up(ctx: CheckContext) -> Iterator[Problem]:
    for index, session in enumerate(ctx.programme.sessions):
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
        got = training_minutes(session, ctx.breaks_count())
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
    if not rule:
        return
    got = total_minutes(ctx.programme, ctx.breaks_count())
    if got < rule.value:
        counted = "breaks included" if ctx.breaks_count() else "breaks not counted"
        yield legal(
            ctx,
            "total-training",
            rule,
            ("sessions",),
            f"sessions: expected at least {ctx.hm(rule.value)} of training in total ({counted}), got {ctx.hm(got)}",
        )


@check("daily-training")
def daily_training(ctx: CheckContext) -> Iterator[Problem]:
    most, least = ctx.rules.max_daily_training, ctx.rules.min_daily_training
    numbers = days(ctx.programme)
    for day, got in sorted(minutes_per_day(ctx.programme, ctx.breaks_count()).items()):
        where = ("sessions", numbers.index(day))  # located at the day's first session
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


@check("session-gap")
def session_gap(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.min_break_between_sessions
    if not rule:
        return
    timed = schedule(ctx.programme)
    for before, after in zip(timed, timed[1:]):
        if before.day == after.day and after.start - before.end < rule.value:
            index = after.number - 1
            gap = after.start - before.end
            got = ctx.hm(gap) if gap >= 0 else f"a start at {format_clock(after.start)}"
            yield legal(
                ctx, "session-gap", rule, ("sessions", index, "start"),
                f"sessions[{index}].start: expected a break of at least {ctx.hm(rule.value)} after the "
                f"previous session (ends {format_clock(before.end)}), got {got}",
            )


@check("days")
def day_pattern(ctx: CheckContext) -> Iterator[Problem]:
    numbers = days(ctx.programme)
    for index in range(1, len(numbers)):
        if numbers[index] < numbers[index - 1]:
            yield plain(
                ctx, "days", ("sessions", index, "day"),
                f"sessions[{index}].day: expected day {numbers[index - 1]} or later, got {numbers[index]}",
            )
    distinct = sorted(set(numbers))
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
    span = ctx.rules.max_span_days
    if span and distinct[-1] - distinct[0] + 1 > span.value:
        last = numbers.index(distinct[-1])
        yield legal(
            ctx, "days", span, ("sessions", last, "day"),
            f"sessions[{last}].day: expected the programme to span at most {span.value} days, "
            f"got {distinct[-1] - distinct[0] + 1} days (day {distinct[0]} to day {distinct[-1]})",
        )
