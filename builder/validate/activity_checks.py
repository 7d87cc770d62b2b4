"""Checks of the activities that need preparing beyond the room: outings and external contributors.

An ``outing`` activity must carry its ``outing:`` block (destination, transport, the
authorisation the measure requires, risks and insurance, what a participant who
cannot go does) and an ``external_contributor`` activity its ``contributor:`` block
(organisation, role, brief, what must not be asked or revealed, who stays in the room):
the guide prints them, and without them the facilitator has nothing to prepare from.
When the framework states the rule (``outing_preparation``, ``contributor_brief``), its
severity and source are the framework's; otherwise a missing block is an error.
A block on an activity of another method is a warning: it is printed, but the method
says something else.
"""

from __future__ import annotations

from typing import Iterator

from builder.load.repair import known
from builder.model.framework import Rule
from builder.model.programme import Method
from builder.problems import Problem
from builder.validate.checks import CheckContext, check, legal, plain

NEEDED: dict[Method, tuple[str, str, str]] = {
    Method.OUTING: (
        "outing",
        "outing_preparation",
        "the outing's preparation under 'outing:' (destination, transport, authorisation, risks, if_unable)",
    ),
    Method.EXTERNAL_CONTRIBUTOR: (
        "contributor",
        "contributor_brief",
        "the contributor's brief under 'contributor:' (organisation, role, brief, must_not, present)",
    ),
}
"""Per method: the block it needs, the framework rule that may state it, and what to write."""


def _missing(ctx: CheckContext, rule_id: str, rule_name: str, path: tuple[str | int, ...], message: str) -> Iterator[Problem]:
    rule: Rule[bool] | None = getattr(ctx.rules, rule_name)
    if rule is None:
        yield plain(ctx, rule_id, path, message)
    elif rule.value:
        yield legal(ctx, rule_id, rule, path, message)


def _blocks(ctx: CheckContext, method: Method, rule_id: str) -> Iterator[Problem]:
    field, rule_name, what = NEEDED[method]
    for s_index, session in known(ctx.programme.sessions):
        for a_index, activity in known(session.activities):
            name = f"sessions[{s_index}].activities[{a_index}]"
            where: tuple[str | int, ...] = ("sessions", s_index, "activities", a_index)
            block = getattr(activity, field)
            if activity.method is method and block is None:
                message = f"{name}: expected {what} for the {method.value} activity '{activity.title}', got none"
                yield from _missing(ctx, rule_id, rule_name, (*where, "method"), message)
            elif block is not None and activity.method is not method:
                yield plain(
                    ctx, rule_id, (*where, field),
                    f"{name}.{field}: expected method '{method.value}' for an activity with a '{field}' block, "
                    f"got '{activity.method.value}' (set the method, or remove the block)",
                    warn=True,
                )


@check("outing-preparation")
def outing_preparation(ctx: CheckContext) -> Iterator[Problem]:
    yield from _blocks(ctx, Method.OUTING, "outing-preparation")


@check("contributor-brief")
def contributor_brief(ctx: CheckContext) -> Iterator[Problem]:
    yield from _blocks(ctx, Method.EXTERNAL_CONTRIBUTOR, "contributor-brief")
