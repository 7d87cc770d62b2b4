"""The rule checks: a registry of small functions, one per rule kind.

Each check receives a :class:`CheckContext` (one programme, its framework and
the kind's merged rules) and yields located problems. Rule *values* and their
sources live in the framework YAML; the code only knows rule *kinds* (a minimum,
a maximum, a count, an order, a required set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, TypeVar

from builder.load.yamlsource import PathKey, SourceMap
from builder.model.duration import format_duration
from builder.model.framework import Framework, Kind, Rule, Rules
from builder.model.handout import is_handout_id
from builder.model.programme import Method, Programme
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
    start_time: int | None = None
    """The ``--start-time`` option of the build (or of ``validate``) the schedule is checked with."""

    @cached_property
    def schedule(self) -> Schedule:
        """The programme's one schedule, as every renderer will print it."""
        return schedule(self.programme, self.rules, self.start_time)

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
    """A problem against a framework rule: its severity and source come from the rule."""
    severity = Severity.WARNING if rule.severity == "warning" else Severity.ERROR
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
        for index, item in enumerate(getattr(ctx.programme, field)):
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
    for index, session in enumerate(ctx.programme.sessions):
        if session.id in RESERVED_SESSION_IDS:
            yield plain(
                ctx, "reserved-id", ("sessions", index, "id"),
                f"sessions[{index}].id: expected an id other than '{session.id}' (the overview deck uses it), "
                f"got '{session.id}'",
            )


@check("ref-phase")
def phases_resolve(ctx: CheckContext) -> Iterator[Problem]:
    known = [p.id for p in ctx.programme.phases]
    for index, session in enumerate(ctx.programme.sessions):
        if session.phase not in known:
            yield plain(
                ctx,
                "ref-phase",
                ("sessions", index, "phase"),
                f"sessions[{index}].phase: expected a phase of this programme, got '{session.phase}'"
                + suggest(session.phase, known),
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


@check("activity-content")
def activity_content(ctx: CheckContext) -> Iterator[Problem]:
    for s_index, session in enumerate(ctx.programme.sessions):
        for a_index, activity in enumerate(session.activities):
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


@check("file-ref")
def file_references(ctx: CheckContext) -> Iterator[Problem]:
    root = ctx.root.resolve()
    for s_index, session in enumerate(ctx.programme.sessions):
        for a_index, activity in enumerate(session.activities):
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
    rule = ctx.rules.required_interviews
    if not rule:
        return
    present = {i.type for i in ctx.programme.interviews}
    for needed in rule.value:
        if needed not in present:
            yield legal(
                ctx, "interviews", rule, ("interviews",),
                f"interviews: expected a '{needed.value}' interview for '{ctx.programme.kind}', got "
                + (", ".join(sorted(t.value for t in present)) or "none"),
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
    period = ctx.kind.in_force
    if period is None or period.covers(ctx.as_of):
        return
    since = period.since.isoformat()
    until = f" until {period.until.isoformat()}" if period.until else ""
    yield Problem(
        ctx.at("kind"),
        "in-force",
        f"kind: expected a kind in force on {ctx.as_of.isoformat()}, got '{ctx.programme.kind}' "
        f"(in force from {since}{until})",
        Severity.ERROR,
        f"{period.source} [{ctx.framework.id}]",
    )


def run_checks(ctx: CheckContext) -> list[Problem]:
    """Run every registered check on one programme."""
    problems: list[Problem] = []
    for _rule_id, func in CHECKS:
        problems.extend(func(ctx))
    return problems
