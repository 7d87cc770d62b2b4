"""The rule checks: a registry of small functions, one per rule kind.

Each check receives a :class:`CheckContext` (one programme, its framework and
the kind's merged rules) and yields located problems. Rule *values* and their
sources live in the framework YAML; the code only knows rule *kinds* (a minimum,
a maximum, a count, an order, a required set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, TypeVar

from pydantic import BaseModel

from builder.load.repair import any_unknown, known
from builder.load.yamlsource import PathKey, SourceMap
from builder.model.duration import format_clock, format_duration
from builder.model.framework import Framework, InForce, Kind, Rule, Rules
from builder.model.handout import is_handout_id
from builder.model.programme import PLACEHOLDERS, Method, Programme
from builder.model.schedule import Schedule, schedule
from builder.problems import Location, Problem, Severity, suggest

T = TypeVar("T")


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at for one programme."""

    programme: Programme
    smap: SourceMap
    framework: Framework
    kind: Kind
    rules: Rules
    as_of: dt.date
    file: Path
    root: Path
    route: str | None = None
    """The legal route whose rules ``rules`` include (``None``: the kind's rules alone)."""
    start_time: int | None = None
    """The ``--start-time`` option of the build (or of ``validate``) the schedule is checked with."""

    @cached_property
    def schedule(self) -> Schedule:
        """The programme's one schedule, as every renderer will print it.

        A session with an activity that failed its schema (:attr:`broken_sessions`) is timed by its declared
        day, start and duration, which do not depend on its activities; its training time and its activities'
        clock times are unknown, and the checks that need them step over it.
        """
        programme = self.programme
        if self.broken_sessions:
            sessions = tuple(
                session.model_copy(update={"activities": ()}) if index in self.broken_sessions else session
                for index, session in enumerate(programme.sessions)
            )
            programme = programme.model_copy(update={"sessions": sessions})
        return schedule(programme, self.rules, self.start_time)

    @cached_property
    def broken_sessions(self) -> frozenset[int]:
        """Indices of the sessions holding an activity that failed its schema (none in a valid programme)."""
        return frozenset(
            index for index, session in known(self.programme.sessions) if any_unknown(session.activities)
        )

    @property
    def file_stem(self) -> str:
        """The programme file's name without '.yaml'."""
        return self.file.stem

    def at(self, *path: str | int, key: bool = False) -> Location:
        """Location of a path in the programme file."""
        return self.smap.at(tuple(path), key=key)

    def breaks_count(self) -> bool:
        """Whether breaks count as training under this framework (default: no)."""
        return self.schedule.breaks_count

    def hm(self, minutes: int) -> str:
        """A duration in the message language (English)."""
        return format_duration(minutes, "en")


Check = Callable[[CheckContext], Iterator[Problem]]
CHECKS: list[tuple[str, Check]] = []


def check(rule_id: str) -> Callable[[Check], Check]:
    """Register a check under its rule id."""

    def register(func: Check) -> Check:
        CHECKS.append((rule_id, func))
        return func

    return register


def legal(ctx: CheckContext, rule_id: str, rule: Rule[T], path: PathKey, message: str) -> Problem:
    """A problem against a framework rule: its severity and source come from the rule.

    A rule that a legal route sets names the route, since it binds only programmes
    that accept that route.
    """
    severity = Severity.WARNING if rule.severity == "warning" else Severity.ERROR
    route = ctx.framework.routes.get(ctx.route) if ctx.route else None
    if route is not None and any(rule is getattr(route.rules, name) for name in type(route.rules).model_fields):
        message += f" (route '{ctx.route}')"
    return Problem(ctx.smap.at(path), rule_id, message, severity, f"{rule.source} [{ctx.framework.id}]")


def plain(ctx: CheckContext, rule_id: str, path: PathKey, message: str, *, warn: bool = False) -> Problem:
    """A structural or quality problem with no legal source."""
    return Problem(ctx.smap.at(path), rule_id, message, Severity.WARNING if warn else Severity.ERROR)


# --- Structure ---------------------------------------------------------------------------------


@check("id-filename")
def id_matches_file(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.programme.id != ctx.file_stem:
        yield plain(
            ctx, "id-filename", ("id",), f"id: expected '{ctx.file_stem}' (the file name), got '{ctx.programme.id}'"
        )


@check("duplicate-id")
def unique_ids(ctx: CheckContext) -> Iterator[Problem]:
    for field in ("phases", "sessions"):
        seen: dict[str, int] = {}
        for index, item in known(getattr(ctx.programme, field)):
            if item.id in seen:
                yield plain(
                    ctx,
                    "duplicate-id",
                    (field, index, "id"),
                    f"{field}[{index}].id: expected a unique id, got '{item.id}' again "
                    f"(first at {field}[{seen[item.id]}])",
                )
            else:
                seen[item.id] = index


RESERVED_SESSION_IDS = frozenset({"overview"})
"""File stems the outputs use for themselves (decks/<programme>/overview.pptx)."""


@check("reserved-id")
def reserved_ids(ctx: CheckContext) -> Iterator[Problem]:
    for index, session in known(ctx.programme.sessions):
        if session.id in RESERVED_SESSION_IDS:
            yield plain(
                ctx, "reserved-id", ("sessions", index, "id"),
                f"sessions[{index}].id: expected an id other than '{session.id}' (the overview deck uses it), "
                f"got '{session.id}'",
            )


@check("ref-phase")
def phases_resolve(ctx: CheckContext) -> Iterator[Problem]:
    phases = [p.id for p in ctx.programme.phases]
    for index, session in known(ctx.programme.sessions):
        if session.phase not in phases:
            yield plain(
                ctx,
                "ref-phase",
                ("sessions", index, "phase"),
                f"sessions[{index}].phase: expected a phase of this programme, got '{session.phase}'"
                + suggest(session.phase, phases),
            )


@check("group-size")
def group_size(ctx: CheckContext) -> Iterator[Problem]:
    size = ctx.programme.group_size
    if size.min > size.max:
        yield plain(
            ctx, "group-size", ("group_size",), f"group_size: expected min <= max, got min {size.min} > max {size.max}"
        )
        return
    rule = ctx.rules.group_size
    if rule and (size.min < rule.value.min or size.max > rule.value.max):
        yield legal(
            ctx,
            "group-size",
            rule,
            ("group_size",),
            f"group_size: expected between {rule.value.min} and {rule.value.max} participants, "
            f"got {size.min} to {size.max}",
        )


@check("staff")
def staff(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.min_staff
    if rule and len(ctx.programme.staff) < rule.value:
        yield legal(
            ctx,
            "staff",
            rule,
            ("staff",),
            f"staff: expected at least {rule.value} facilitator(s), got {len(ctx.programme.staff)}",
        )
    roles = ctx.rules.required_staff
    if roles:
        got = ", ".join(f"'{entry}'" for entry in ctx.programme.staff) or "none"
        for role in roles.value:
            if not any(role.match.casefold() in entry.casefold() for entry in ctx.programme.staff):
                yield legal(
                    ctx, "staff", roles, ("staff",),
                    f"staff: expected {role.role} (a staff entry containing '{role.match}'), got {got}",
                )


@check("activity-content")
def activity_content(ctx: CheckContext) -> Iterator[Problem]:
    for s_index, session in known(ctx.programme.sessions):
        for a_index, activity in known(session.activities):
            if activity.method is Method.BREAK:
                continue
            where = ("sessions", s_index, "activities", a_index)
            name = f"sessions[{s_index}].activities[{a_index}]"
            for field in ("instructions", "facilitator_notes", "slides"):
                if not getattr(activity, field):
                    yield plain(
                        ctx,
                        "activity-content",
                        where,
                        f"{name}: expected '{field}' for a facilitator to run '{activity.title}', got none",
                        warn=True,
                    )


def _texts(value: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a model value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))


@check("placeholder")
def placeholders(ctx: CheckContext) -> Iterator[Problem]:
    """Text still starting with ``[à écrire]`` / ``[to write]``: an error, so only a draft may keep it."""
    for path, text in _texts(ctx.programme, ()):
        if text.startswith(PLACEHOLDERS):
            name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            yield plain(
                ctx, "placeholder", path,
                f"{name}: expected the programme's own text, got the placeholder {text!r}",
            )


@check("file-ref")
def file_references(ctx: CheckContext) -> Iterator[Problem]:
    root = ctx.root.resolve()
    for s_index, session in known(ctx.programme.sessions):
        for a_index, activity in known(session.activities):
            for h_index, ref in enumerate(activity.handouts):
                if is_handout_id(ref):
                    continue  # a handout of the programme: handout-ref checks it
                where = ("sessions", s_index, "activities", a_index, "handouts", h_index)
                name = f"sessions[{s_index}].activities[{a_index}].handouts[{h_index}]"
                problem = handout_problem(ref, ctx.file, root)
                if problem:
                    yield plain(ctx, "file-ref", where, f"{name}: {problem}")


def handout_problem(ref: str, programme_file: Path, root: Path) -> str | None:
    """Why a handout reference is refused, or ``None`` when it names a file inside the project."""
    if PurePosixPath(ref).is_absolute() or "\\" in ref or ":" in ref.split("/")[0]:
        return f"expected a path relative to the programme file, got {ref!r}"
    target = (programme_file.parent / ref).resolve()
    if not target.is_relative_to(root):
        return f"expected a file inside the project, got {ref!r}, which leads outside it"
    if not target.is_file():
        return f"expected an existing file, got {ref!r} (not found)"
    return None


# --- Order ---------------------------------------------------------------------------------------


@check("phases")
def phase_order(ctx: CheckContext) -> Iterator[Problem]:
    programme = ctx.programme
    order = [p.id for p in programme.phases]
    rule = ctx.rules.phases
    if rule and tuple(order) != tuple(rule.value):
        yield legal(
            ctx, "phases", rule, ("phases",),
            f"phases: expected {' -> '.join(rule.value)}, got {' -> '.join(order)}",
        )
    for index, phase in enumerate(programme.phases):
        if not programme.sessions_in(phase.id):
            yield plain(
                ctx, "phases", ("phases", index),
                f"phases[{index}]: expected at least one session in phase '{phase.id}', got none",
            )
    position = {pid: i for i, pid in enumerate(order)}
    reached = 0
    previous = None
    for index, session in enumerate(programme.sessions):
        where = position.get(session.phase)
        if where is None:
            continue  # ref-phase reports it
        if where < reached and session.phase != previous:  # once per run of sessions, not per session
            yield plain(
                ctx, "phases", ("sessions", index, "phase"),
                f"sessions[{index}].phase: expected phase '{order[reached]}' or a later one, "
                f"got '{session.phase}' (phases run in order: {' -> '.join(order)})",
            )
        reached = max(reached, where)
        previous = session.phase


# --- Money and procedure -----------------------------------------------------------------------


@check("fee")
def fee(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.max_fee_eur
    if rule and ctx.programme.fee_eur > rule.value:
        yield legal(
            ctx, "fee", rule, ("fee_eur",),
            f"fee_eur: expected at most {rule.value:g} EUR, got {ctx.programme.fee_eur:g} EUR",
        )


@check("interviews")
def interviews(ctx: CheckContext) -> Iterator[Problem]:
    present = {i.type for i in ctx.programme.interviews}
    required = ctx.rules.required_interviews
    for rule in (required, ctx.rules.recommended_interviews):
        if not rule:
            continue
        for needed in rule.value:
            if needed not in present and (rule is required or not required or needed not in required.value):
                yield legal(
                    ctx, "interviews", rule, ("interviews",),
                    f"interviews: expected a '{needed.value}' interview for '{ctx.programme.kind}', got "
                    + (", ".join(sorted(t.value for t in present)) or "none"),
                )
    parents = ctx.rules.parents_at_interviews
    if not parents:
        return
    for index, interview in enumerate(ctx.programme.interviews):
        if interview.type in parents.value and not interview.parents:
            yield legal(
                ctx, "interviews", parents, ("interviews", index),
                f"interviews[{index}]: expected the parents or legal representatives at the "
                f"'{interview.type.value}' interview (parents: true), got parents: false",
            )


@check("completion")
def completion(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.required_completion
    if not rule:
        return
    present = set(ctx.programme.completion.criteria)
    for needed in rule.value:
        if needed not in present:
            yield legal(
                ctx, "completion", rule, ("completion", "criteria"),
                f"completion.criteria: expected '{needed.value}', got "
                + ", ".join(c.value for c in ctx.programme.completion.criteria),
            )


@check("in-force")
def in_force(ctx: CheckContext) -> Iterator[Problem]:
    yield from _in_force(ctx, ctx.kind.in_force, ("kind",), "kind", ctx.programme.kind)
    route = ctx.framework.routes.get(ctx.route) if ctx.route else None
    if route is not None and ctx.route is not None:
        index = ctx.programme.routes.index(ctx.route)
        yield from _in_force(ctx, route.in_force, ("routes", index), f"routes[{index}]", ctx.route)


def _in_force(ctx: CheckContext, period: InForce | None, path: PathKey, name: str, value: str) -> Iterator[Problem]:
    """An error when ``value`` did not exist on ``--as-of``; a warning when its rules then are not modelled."""
    if period is None:
        return
    day = ctx.as_of.isoformat()
    where = f"{period.source} [{ctx.framework.id}]"
    if not period.covers(ctx.as_of):
        since = f" from {period.since.isoformat()}" if period.since else ""
        until = f" until {period.until.isoformat()}" if period.until else ""
        yield Problem(
            ctx.smap.at(path), "in-force",
            f"{name}: expected a {name.split('[')[0].rstrip('s')} in force on {day}, got '{value}' "
            f"(in force{since}{until})",
            Severity.ERROR, where,
        )
    elif not period.modelled(ctx.as_of) and period.modelled_from is not None:
        history = f": {period.history}" if period.history else ""
        source = period.history_source or period.source
        yield Problem(
            ctx.smap.at(path), "in-force",
            f"{name}: the rules checked for '{value}' are those in force from {period.modelled_from.isoformat()}; "
            f"on {day} other rules applied, which Stagecraft does not model{history} (check them by hand)",
            Severity.WARNING, f"{source} [{ctx.framework.id}]",
        )


# --- Legal routes and minors -----------------------------------------------------------------------


@check("route")
def routes(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.route is not None:
        return  # reported once, from the kind's context
    framework, programme = ctx.framework, ctx.programme
    declared = list(framework.routes)
    if declared and not programme.routes:
        applicable = [r for r in declared if framework.routes[r].applies_to(programme.kind)]
        yield plain(
            ctx, "route", ("kind",),
            f"routes: expected the legal routes by which participants come (one or more of: "
            f"{', '.join(applicable)}), got none (add e.g. 'routes: [{applicable[0]}]')",
        )
    seen: set[str] = set()
    for index, route_id in enumerate(programme.routes):
        where = ("routes", index)
        route = framework.routes.get(route_id)
        if route is None:
            yield plain(
                ctx, "route", where,
                f"routes[{index}]: expected a route of '{framework.id}', got '{route_id}'"
                + suggest(route_id, declared),
            )
        elif not route.applies_to(programme.kind):
            yield Problem(
                ctx.smap.at(where), "route",
                f"routes[{index}]: expected a route that applies to kind '{programme.kind}', got '{route_id}' "
                f"(it applies to: {', '.join(route.kinds)})",
                Severity.ERROR, f"{route.source} [{framework.id}]",
            )
        if route_id in seen:
            yield plain(ctx, "route", where, f"routes[{index}]: expected each route once, got '{route_id}' again")
        seen.add(route_id)
    for route_id in programme.completion.routes:
        if route_id not in programme.routes:
            yield Problem(
                ctx.smap.at(("completion", "routes", route_id), key=True), "route",
                f"completion.routes.{route_id}: expected one of the programme's routes "
                f"({', '.join(programme.routes) or 'none declared'}), got '{route_id}'"
                + suggest(route_id, programme.routes, list_all=False),
            )


@check("school-time")
def school_time(ctx: CheckContext) -> Iterator[Problem]:
    rule = ctx.rules.school_time
    programme = ctx.programme
    if not rule or programme.school_holidays:
        return
    if programme.first_weekday is None:
        yield replace(
            legal(
                ctx, "school-time", rule, ("kind",),
                "first_weekday: expected the weekday of day 1 (e.g. 'first_weekday: wednesday'), or "
                "'school_holidays: true', so that school hours can be checked, got neither",
            ),
            severity=Severity.WARNING,
        )
        return
    for timed in ctx.schedule.sessions:
        weekday = programme.weekday(timed.day)
        for window in rule.value:
            if weekday in window.days and timed.start < window.end and window.start < timed.end:
                index = timed.index
                path = ("sessions", index, "start") if timed.session.start is not None else ("sessions", index)
                yield legal(
                    ctx, "school-time", rule, path,
                    f"sessions[{index}]: expected a time outside school hours ({weekday.value} "
                    f"{format_clock(window.start)}-{format_clock(window.end)}), got {weekday.value} "
                    f"{format_clock(timed.start)}-{format_clock(timed.end)} (day {timed.day})",
                )
                break


def route_contexts(ctx: CheckContext) -> list[CheckContext]:
    """One context per distinct set of rules the programme's routes bring.

    A programme must meet the rules of every route it accepts. Routes that change
    no rule share the kind's rules; each route that changes some gets its own
    context, so its problems name it. Unknown routes are left to the ``route`` check.
    """
    contexts: list[CheckContext] = []
    plain_route: str | None = None
    for route_id in dict.fromkeys(ctx.programme.routes):
        route = ctx.framework.routes.get(route_id)
        if route is None or not route.applies_to(ctx.programme.kind):
            continue
        if route.rules == Rules() and route.in_force is None:
            plain_route = plain_route or route_id
            continue
        contexts.append(replace(ctx, rules=ctx.framework.rules_for(ctx.programme.kind, route_id), route=route_id))
    if plain_route is not None or not contexts:
        contexts.insert(0, replace(ctx, route=None))
    return contexts


def run_checks(ctx: CheckContext) -> list[Problem]:
    """Run every registered check on one programme, under the rules of each route it accepts.

    A problem found under several routes' rules is reported once.
    """
    problems: dict[Problem, None] = {}
    for route_ctx in route_contexts(ctx):
        for _rule_id, func in CHECKS:
            problems.update(dict.fromkeys(func(route_ctx)))
    return list(problems)
