"""Cohort checks: a programme laid on real dates, checked against the calendar rules of its law.

A cohort is checked once per legal route it declares, with that route's rules
(framework ⊕ kind ⊕ route); the same finding under two routes is reported once.
Rule values and their sources come from the framework file; holidays come from
the ``holidays`` package (regional ones included: Alsace ``6AE``, Moselle ``57``;
school holidays by zone A, B or C).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from builder.load.cohort import LoadedCohort
from builder.load.project import PROGRAMMES_DIR, Project
from builder.load.yamlsource import PathKey
from builder.model.cohort import Cohort, InterviewType
from builder.model.cohort_plan import CohortPlan, DatedSession, month_end, plan, programme_days
from builder.model.duration import format_clock, format_duration
from builder.model.framework import Framework, Rule, Rules
from builder.model.programme import Programme
from builder.problems import Problem, Severity, suggest

T = TypeVar("T")

COUNTRIES = holidays.list_supported_countries()
"""Country code -> its subdivisions in the ``holidays`` package."""


def regions(country: str) -> list[str]:
    """Subdivisions of ``country`` with their own public holidays (France's school zones left out)."""
    return [s for s in COUNTRIES.get(country, []) if not s.startswith("Zone")]


WEEKDAY_VALUES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The values of the model's weekdays, Monday first (as ``datetime.date.weekday``)."""


def weekday_name(day: dt.date) -> str:
    """'Monday' … 'Sunday' (messages are in English)."""
    return day.strftime("%A")


def show(day: dt.date) -> str:
    """A date as messages print it: ``2028-12-26 (Tuesday)``."""
    return f"{day.isoformat()} ({weekday_name(day)})"


@dataclass(frozen=True)
class CohortContext:
    """One cohort under one route: its programme, framework, merged rules and dated plan."""

    loaded: LoadedCohort
    programme: Programme
    framework: Framework
    route: str
    rules: Rules
    plan: CohortPlan

    @property
    def cohort(self) -> Cohort:
        return self.loaded.model

    def where(self, day: int) -> PathKey:
        """Where a programme day's date is written: its entry in ``dates``, or ``start``."""
        if self.cohort.dates:
            return ("dates", sorted(self.plan.dates).index(day))
        return ("start",)

    def legal(self, rule_id: str, rule: Rule[T], path: PathKey, message: str) -> Problem:
        """A problem against a framework rule: severity and source from the rule."""
        severity = Severity.WARNING if rule.severity == "warning" else Severity.ERROR
        return Problem(self.loaded.smap.at(path), rule_id, message, severity, f"{rule.source} [{self.framework.id}]")

    def plain(self, rule_id: str, path: PathKey, message: str) -> Problem:
        """A problem with no legal source (the cohort's own data)."""
        return Problem(self.loaded.smap.at(path), rule_id, message)

    @cached_property
    def public_holidays(self) -> holidays.HolidayBase:
        years = range(self.plan.first.year - 1, self.plan.last.year + 2)
        return holidays.country_holidays(self.cohort.country, subdiv=self.cohort.holiday_region or None,
                                         years=years)

    @cached_property
    def school_holidays(self) -> set[dt.date]:
        """School-holiday days of the cohort's zone (France only: the package has no other school calendar)."""
        if self.cohort.country != "FR" or not self.cohort.school_zone:
            return set()
        years = range(self.plan.first.year - 1, self.plan.last.year + 2)
        return set(holidays.country_holidays("FR", subdiv=f"Zone {self.cohort.school_zone}",
                                             categories=("school",), years=years))

    def label(self, dated: DatedSession) -> str:
        """A session as messages name it: ``'Title' 09:00–12:00 on 2028-12-26``."""
        timed = dated.timed
        return (f"'{timed.session.title}' {format_clock(timed.start)}–{format_clock(timed.end)} "
                f"on {dated.date.isoformat()}")


CohortCheck = Callable[[CohortContext], Iterator[Problem]]
COHORT_CHECKS: list[tuple[str, CohortCheck]] = []


def cohort_check(rule_id: str) -> Callable[[CohortCheck], CohortCheck]:
    """Register a cohort check under its rule id."""

    def register(func: CohortCheck) -> CohortCheck:
        COHORT_CHECKS.append((rule_id, func))
        return func

    return register


def hm(minutes: int) -> str:
    return format_duration(minutes, "en")


# --- The calendar of the law ---------------------------------------------------------------------


@cohort_check("cohort-span")
def calendar_month(ctx: CohortContext) -> Iterator[Problem]:
    rule = ctx.rules.max_span_months
    if not rule:
        return
    first = ctx.plan.first
    limit = first
    for _ in range(rule.value):
        limit = month_end(limit) + dt.timedelta(days=1)
    limit -= dt.timedelta(days=1)
    last_day = max(ctx.plan.dates, key=lambda d: ctx.plan.dates[d])
    last = ctx.plan.dates[last_day]
    if last > limit:
        months = "one calendar month" if rule.value == 1 else f"{rule.value} calendar months"
        yield ctx.legal(
            "cohort-span", rule, ctx.where(last_day),
            f"day {last_day}: expected a date by {limit.isoformat()} ({months} from {first.isoformat()}, the "
            f"first day counted), got {last.isoformat()}",
        )


@cohort_check("cohort-consecutive")
def consecutive(ctx: CohortContext) -> Iterator[Problem]:
    rule = ctx.rules.consecutive_days
    if not (rule and rule.value):
        return
    numbers = sorted(ctx.plan.dates)
    for before, after in zip(numbers, numbers[1:]):
        expected = ctx.plan.dates[before] + dt.timedelta(days=1)
        if ctx.plan.dates[after] != expected:
            yield ctx.legal(
                "cohort-consecutive", rule, ctx.where(after),
                f"day {after}: expected {expected.isoformat()}, the day after day {before} (consecutive days), "
                f"got {ctx.plan.dates[after].isoformat()}",
            )


@cohort_check("cohort-sunday")
def sunday(ctx: CohortContext) -> Iterator[Problem]:
    rule = ctx.rules.no_sunday
    if not (rule and rule.value):
        return
    for number, day in sorted(ctx.plan.dates.items()):
        if day.weekday() == 6:
            yield ctx.legal("cohort-sunday", rule, ctx.where(number),
                            f"day {number}: expected a day other than Sunday, got {show(day)}")


@cohort_check("cohort-holiday")
def public_holiday(ctx: CohortContext) -> Iterator[Problem]:
    rule = ctx.rules.no_public_holiday
    if not (rule and rule.value):
        return
    region = f"region {ctx.cohort.holiday_region}" if ctx.cohort.holiday_region \
        else f"{ctx.cohort.country} (national list)"
    for number, day in sorted(ctx.plan.dates.items()):
        name = ctx.public_holidays.get(day)
        if name:
            yield ctx.legal(
                "cohort-holiday", rule, ctx.where(number),
                f"day {number}: expected a day that is not a public holiday in {region}, got {show(day)}: {name}",
            )


@cohort_check("cohort-night")
def night(ctx: CohortContext) -> Iterator[Problem]:
    rule = ctx.rules.night
    if not rule:
        return
    span = f"{format_clock(rule.value.start)}–{format_clock(rule.value.end)}"
    for dated in ctx.plan.sessions:
        if rule.value.overlaps(dated.timed.start, dated.timed.end):
            yield ctx.legal(
                "cohort-night", rule, ("start_time",) if ctx.cohort.start_time is not None
                else ctx.where(dated.timed.day),
                f"day {dated.timed.day}: expected no session in night hours ({span}), got {ctx.label(dated)}",
            )


@cohort_check("cohort-school-time")
def school_time(ctx: CohortContext) -> Iterator[Problem]:
    rule = ctx.rules.school_time
    if not rule:
        return
    if not ctx.cohort.school_zone:
        yield ctx.legal(
            "cohort-school-time", rule, ("routes",),
            f"school_zone: expected the school-holiday zone (A, B or C) for route '{ctx.route}', which forbids "
            "sessions in school time, got none",
        )
        return
    for dated in ctx.plan.sessions:
        day = dated.date
        if day in ctx.public_holidays or day in ctx.school_holidays:
            continue  # not a school day
        for window in rule.value:
            if WEEKDAY_VALUES[day.weekday()] in {d.value for d in window.days} and window.start < dated.timed.end \
                    and dated.timed.start < window.end:
                yield ctx.legal(
                    "cohort-school-time", rule, ctx.where(dated.timed.day),
                    f"day {dated.timed.day}: expected no session in school time on a school day ("
                    f"{weekday_name(day)} {format_clock(window.start)}–{format_clock(window.end)}, zone "
                    f"{ctx.cohort.school_zone}), got {ctx.label(dated)}",
                )
                break


# --- Daily limits, as for the programme ---------------------------------------------------------


@cohort_check("cohort-daily")
def daily(ctx: CohortContext) -> Iterator[Problem]:
    per_date: dict[dt.date, list[DatedSession]] = {}
    for dated in ctx.plan.sessions:
        per_date.setdefault(dated.date, []).append(dated)
    most, gap_rule = ctx.rules.max_daily_training, ctx.rules.min_break_between_sessions
    for day, sessions in sorted(per_date.items()):
        where = ctx.where(sessions[0].timed.day)
        got = sum(d.timed.training_minutes for d in sessions)
        if most and got > most.value:
            yield ctx.legal("cohort-daily", most, where,
                            f"{day.isoformat()}: expected at most {hm(most.value)} of training, got {hm(got)}")
        ordered = sorted(sessions, key=lambda d: d.timed.start)
        for before, after in zip(ordered, ordered[1:]):
            gap = after.timed.start - before.timed.end
            if gap < 0:
                yield ctx.plain("cohort-daily", where,
                                f"{day.isoformat()}: expected sessions that do not overlap, got "
                                f"{ctx.label(before)} and {ctx.label(after)}")
            elif gap_rule and gap < gap_rule.value:
                yield ctx.legal("cohort-daily", gap_rule, where,
                                f"{day.isoformat()}: expected a break of at least {hm(gap_rule.value)} between "
                                f"sessions, got {hm(gap)} before {ctx.label(after)}")


# --- Interviews and the venue -------------------------------------------------------------------


@cohort_check("cohort-interviews")
def interviews(ctx: CohortContext) -> Iterator[Problem]:
    required = ctx.rules.required_interviews
    slots = ctx.cohort.interviews
    present = {s.type for s in slots}
    first, last = ctx.plan.first, ctx.plan.last
    for wanted in (required, ctx.rules.recommended_interviews):
        for needed in wanted.value if wanted else ():
            if needed not in present:
                present.add(needed)  # once, even when required and recommended
                when = f"before {first.isoformat()} (the first day)" if needed is InterviewType.PRELIMINARY \
                    else f"after {last.isoformat()} (the last day)"
                assert wanted is not None
                yield ctx.legal("cohort-interviews", wanted, ("interviews",),
                                f"interviews: expected a '{needed.value}' interview slot {when}, got none")
    window = ctx.rules.review_after_days
    for index, slot in enumerate(slots):
        if slot.type is InterviewType.PRELIMINARY and slot.date >= first and required \
                and InterviewType.PRELIMINARY in required.value:
            yield ctx.legal("cohort-interviews", required, ("interviews", index, "date"),
                            f"interviews[{index}].date: expected a date before {first.isoformat()} (the first "
                            f"day), got {slot.date.isoformat()}")
        if slot.type is InterviewType.REVIEW:
            after = (slot.date - last).days
            if window and not window.value.min <= after <= window.value.max:
                earliest = last + dt.timedelta(days=window.value.min)
                latest = last + dt.timedelta(days=window.value.max)
                yield ctx.legal(
                    "cohort-interviews", window, ("interviews", index, "date"),
                    f"interviews[{index}].date: expected the review {window.value.min} to {window.value.max} days "
                    f"after the last day ({earliest.isoformat()} to {latest.isoformat()}), got "
                    f"{slot.date.isoformat()} ({after} days after)",
                )
            elif after < 0:
                yield ctx.plain("cohort-interviews", ("interviews", index, "date"),
                                f"interviews[{index}].date: expected {last.isoformat()} (the last day) or later, got "
                                f"{slot.date.isoformat()}")


@cohort_check("cohort-closure")
def closures(ctx: CohortContext) -> Iterator[Problem]:
    for number, day in sorted(ctx.plan.dates.items()):
        for index, closure in enumerate(ctx.cohort.closures):
            if closure.covers(day):
                reason = f": {closure.reason}" if closure.reason else ""
                yield ctx.plain("cohort-closure", ctx.where(number),
                                f"day {number}: expected a day the venue is open, got {show(day)} "
                                f"(closures[{index}]{reason})")
                break
    for index, slot in enumerate(ctx.cohort.interviews):
        if not slot.place and any(c.covers(slot.date) for c in ctx.cohort.closures):
            yield ctx.plain("cohort-closure", ("interviews", index, "date"),
                            f"interviews[{index}].date: expected a day the venue is open, got {show(slot.date)}")


# --- Structure: what must hold before any dated rule can be checked --------------------------------


def structure(loaded: LoadedCohort, programme: Programme, rules: Rules) -> list[Problem]:
    """Problems that make the dated plan meaningless: dating, time zone, region, routes, interview times."""
    cohort, smap = loaded.model, loaded.smap
    found: list[Problem] = []

    def add(rule: str, path: PathKey, message: str) -> None:
        found.append(Problem(smap.at(path), rule, message))

    numbers = programme_days(programme, rules)
    if cohort.dates and cohort.start is not None:
        add("cohort-dates", ("start",), "start: expected either 'dates' or 'start' (with a 'pattern'), got both")
    elif not cohort.dates and cohort.start is None:
        add("cohort-dates", (), "(document): expected 'dates' (one date per programme day) or 'start' (with a "
            "'pattern'), got neither")
    elif cohort.dates and len(cohort.dates) != len(numbers):
        add("cohort-dates", ("dates",), f"dates: expected {len(numbers)} date(s), one per day of programme "
            f"'{programme.id}' (days {', '.join(map(str, numbers))}), got {len(cohort.dates)}")
    for index in range(1, len(cohort.dates)):
        if cohort.dates[index] <= cohort.dates[index - 1]:
            add("cohort-dates", ("dates", index), f"dates[{index}]: expected a date after "
                f"{cohort.dates[index - 1].isoformat()} (the previous day's), got {cohort.dates[index].isoformat()}")
    try:
        ZoneInfo(cohort.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        add("cohort-timezone", ("timezone",),
            f"timezone: expected an IANA time zone like 'Europe/Paris', got '{cohort.timezone}'")
    if cohort.country not in COUNTRIES:
        add("cohort-region", ("country",), f"country: expected a country code known to the holidays package, "
            f"got '{cohort.country}'" + suggest(cohort.country, sorted(COUNTRIES), list_all=False))
    elif cohort.holiday_region and cohort.holiday_region not in regions(cohort.country):
        add("cohort-region", ("holiday_region",), f"holiday_region: expected a subdivision of {cohort.country} "
            f"with its own public holidays, got '{cohort.holiday_region}'"
            + suggest(cohort.holiday_region, regions(cohort.country)))
    accepted = programme.routes
    for index, route in enumerate(cohort.routes):
        if route not in accepted:
            add("cohort-route", ("routes", index), f"routes[{index}]: expected a route of programme "
                f"'{programme.id}' ({', '.join(accepted) or 'none declared'}), got '{route}'")
    for index, slot in enumerate(cohort.interviews):
        if slot.end <= slot.start:
            add("cohort-interviews", ("interviews", index, "end"), f"interviews[{index}].end: expected a time "
                f"after {format_clock(slot.start)}, got {format_clock(slot.end)}")
    return found


def resolve(loaded: LoadedCohort, project: Project) -> tuple[Programme | None, list[Problem]]:
    """The cohort's programme, or a located problem saying why it is not available."""
    wanted = loaded.model.programme
    for candidate in project.programmes:
        if candidate.model.id == wanted:
            return candidate.model, []
    where = loaded.smap.at(("programme",))
    if (project.root / PROGRAMMES_DIR / f"{wanted}.yaml").is_file():
        return None, [Problem(where, "ref-programme", f"programme: expected a programme that validates, got "
                              f"'{wanted}', which has errors (fix them to check this cohort)")]
    known = sorted(p.model.id for p in project.programmes)
    return None, [Problem(where, "ref-programme", f"programme: expected a programme in "
                          f"{PROGRAMMES_DIR.as_posix()}/, got '{wanted}'" + suggest(wanted, known))]


def check_cohort(loaded: LoadedCohort, project: Project) -> list[Problem]:
    """Every problem of one cohort: structure first, then each rule under each of its routes."""
    programme, problems = resolve(loaded, project)
    if programme is None:
        return problems
    framework = project.frameworks[programme.framework].model
    kind_rules = framework.rules_for(programme.kind)
    problems = structure(loaded, programme, kind_rules)
    if problems:
        return problems
    dated = plan(loaded.model, programme, kind_rules)
    seen: set[tuple[object, ...]] = set()
    found: list[Problem] = []
    for route in loaded.model.routes:
        ctx = CohortContext(loaded, programme, framework, route, framework.rules_for(programme.kind, route), dated)
        for _rule_id, func in COHORT_CHECKS:
            for problem in func(ctx):
                key = (problem.location, problem.rule, problem.message)
                if key not in seen:
                    seen.add(key)
                    found.append(problem)
    return found
