"""The framework model: what one ``curricula/frameworks/<id>.yaml`` file holds.

A framework is law (or a programme standard) written as data: each rule value
carries the article or document it comes from. Kinds (or tracks) override the
framework-wide rules with their own values, and legal routes (how a person is
sent to the programme: a sentence, an alternative to prosecution, a minor's
sentence…) override them again with theirs.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from builder.model.duration import Clock, Minutes
from builder.model.programme import Criterion, Ident, InterviewType, Language, Strict, Text, Weekday

T = TypeVar("T")


class Rule(BaseModel, Generic[T]):
    """A rule value with its source; ``severity`` says whether breaking it is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: T
    source: Text = Field(description="The article or document the value comes from.")
    text: str = Field("", description="The rule in plain words, in the framework's language.")
    severity: Literal["error", "warning"] = "error"


class Range(Strict):
    """An inclusive range of counts."""

    min: int = Field(ge=0, strict=True)
    max: int = Field(ge=0, strict=True)


class TimeWindow(Strict):
    """Clock times on given weekdays, e.g. school hours: Wednesday 08:00 to 12:00."""

    days: tuple[Weekday, ...] = Field(min_length=1)
    start: Clock
    end: Clock


class StaffRole(Strict):
    """A role the staff must include: ``match`` is looked for (any case) in the programme's ``staff`` entries."""

    role: Text = Field(description="The role in words, e.g. 'un psychologue titulaire de l'autorisation d'animer'.")
    match: Text = Field(description="Text one staff entry must contain, e.g. 'psychologue'.")


class ClockSpan(Strict):
    """A clock span within a day, e.g. 21:00–06:00; ``end`` before ``start`` runs past midnight."""

    start: Clock
    end: Clock

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` (minutes after midnight, same day) meets this span."""
        if self.start <= self.end:
            return start < self.end and end > self.start
        return end > self.start or start < self.end  # wraps midnight (night hours)


class Rules(Strict):
    """Rule values. Every entry is optional; a kind's entries replace the framework's."""

    max_span_days: Rule[int] | None = Field(None, description="Longest span from first to last day.")
    max_span_months: Rule[int] | None = Field(
        None, description="Longest span in calendar months, the first day counted (15 Jan to 14 Feb is one)."
    )
    deadline_months: Rule[int] | None = Field(None, description="Months to complete after the decision.")
    max_daily_training: Rule[Minutes] | None = None
    min_daily_training: Rule[Minutes] | None = None
    day_count: Rule[int] | None = Field(None, description="Exact number of training days.")
    min_break_between_sessions: Rule[Minutes] | None = Field(
        None, description="Shortest pause between two sessions of the same day (e.g. lunch)."
    )
    consecutive_days: Rule[bool] | None = None
    session_count: Rule[int] | None = Field(None, description="Exact number of sessions.")
    min_session_duration: Rule[Minutes] | None = None
    min_total_training: Rule[Minutes] | None = None
    breaks_count_as_training: Rule[bool] | None = None
    phases: Rule[tuple[Ident, ...]] | None = Field(None, description="Required phases, in order.")
    max_fee_eur: Rule[float] | None = None
    group_size: Rule[Range] | None = None
    min_staff: Rule[int] | None = None
    required_staff: Rule[tuple[StaffRole, ...]] | None = Field(
        None, description="Roles the staff must include, each found by a text in one `staff` entry."
    )
    required_interviews: Rule[tuple[InterviewType, ...]] | None = None
    recommended_interviews: Rule[tuple[InterviewType, ...]] | None = Field(
        None, description="Interviews that practice recommends (give it `severity: warning`)."
    )
    parents_at_interviews: Rule[tuple[InterviewType, ...]] | None = Field(
        None, description="Interviews the parents or legal representatives must attend (minors)."
    )
    required_completion: Rule[tuple[Criterion, ...]] | None = None
    school_time: Rule[tuple[TimeWindow, ...]] | None = Field(
        None, description="School hours no session may overlap (minors), as weekdays and clock times."
    )
    outing_preparation: Rule[bool] | None = Field(
        None, description="An 'outing' activity states its preparation (`outing:` block): true to require it. "
        "Without this rule an outing without its block is still an error (its guide would lack it)."
    )
    contributor_brief: Rule[bool] | None = Field(
        None, description="An 'external_contributor' activity states the contributor's brief (`contributor:` "
        "block): true to require it. Without this rule a missing block is still an error."
    )
    # Calendar rules, checked on cohorts (curricula/cohorts/), which put a programme on real dates.
    no_sunday: Rule[bool] | None = Field(None, description="No session on a Sunday.")
    no_public_holiday: Rule[bool] | None = Field(None, description="No session on a public holiday.")
    night: Rule[ClockSpan] | None = Field(None, description="Night hours, when no session may run.")
    review_after_days: Rule[Range] | None = Field(
        None, description="Days between the last day and the review interview."
    )

    def merged(self, override: "Rules") -> "Rules":
        """These rules with every entry ``override`` sets replacing ours."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        for name in type(override).model_fields:
            value = getattr(override, name)
            if value is not None:
                data[name] = value
        return Rules.model_validate(data)


class InForce(Strict):
    """When a kind (or route) exists in law, and from when its rules here describe that law.

    ``from`` (inclusive) is the date it was created, ``until`` (exclusive) the date it
    ended. ``modelled_from`` is the date from which the rules of the framework file
    describe it: before that it existed under other rules (``history`` says which),
    which are not modelled, so a check on an earlier date is a warning, not an error.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    since: dt.date | None = Field(
        None, alias="from", description="The date it was created; leave it out when it is not known."
    )
    until: dt.date | None = None
    source: Text
    modelled_from: dt.date | None = Field(
        None, description="The date from which the rules of this file describe it (e.g. 2020-03-24)."
    )
    history: str = Field("", description="What differed before `modelled_from`, with its sources.")
    history_source: str = Field("", description="The documents that say so.")

    @property
    def start(self) -> dt.date | None:
        """The date to show as 'in force since': the creation date, else the date the rules here start."""
        return self.since or self.modelled_from

    def covers(self, day: dt.date) -> bool:
        """True when it exists on ``day`` (an unknown creation date is taken as 'always')."""
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)

    def modelled(self, day: dt.date) -> bool:
        """True when the rules of this file describe the law on ``day``."""
        return self.modelled_from is None or self.modelled_from <= day


class Kind(Strict):
    """A kind of stage (or a programme track) with its own rule values."""

    title: Text
    number: str = Field("", description="Its number in the law, e.g. '3°'.")
    summary: str = ""
    content: str = Field("", description="What the law says the content covers.")
    content_source: str = ""
    in_force: InForce | None = None
    rules: Rules = Rules()


class NonCompletion(Strict):
    """What happens in law when a person does not complete the programme."""

    text: Text
    source: Text


class Route(Strict):
    """A legal route by which a person comes to the programme, and what it changes."""

    title: Text
    source: Text = Field(description="The article that opens this route, e.g. 'C. proc. pén. art. 41-1, 2°'.")
    text: str = Field("", description="The route in plain words.")
    controller: Text = Field(description="Who controls that the person does the programme.")
    attestation_to: Text = Field(description="Where the attestation of completion goes.")
    fee: Text = Field(description="Who pays, in words, with its article.")
    non_completion: NonCompletion
    authorisation: str = Field("", description="Who authorises the programme for this route, when the law says.")
    minors: bool = Field(False, description="True for a route reserved to minors.")
    kinds: tuple[Ident, ...] = Field((), description="The kinds this route applies to; empty means all.")
    in_force: InForce | None = None
    rules: Rules = Rules()

    def applies_to(self, kind: str) -> bool:
        """True when a programme of ``kind`` may accept this route."""
        return not self.kinds or kind in self.kinds


class Framework(Strict):
    """A legal or programme framework: rule values with sources, and its kinds."""

    id: Ident
    title: Text
    language: Language
    summary: Text
    article: Text = Field(description="The main legal basis, e.g. 'Code pénal, art. 131-5-1'.")
    rules: Rules = Rules()
    kinds: dict[Ident, Kind] = Field(min_length=1)
    routes: dict[Ident, Route] = Field(
        default_factory=dict,
        description="The legal routes by which a person comes to a programme of this framework.",
    )

    def programme_rules(self, kind: str, routes: tuple[str, ...]) -> Rules:
        """The rules a programme of ``kind`` accepting ``routes`` states: the kind's, with every route's own applied.

        What guides and the site print. Checks test each route's rules separately (a programme must meet all).
        """
        rules = self.rules_for(kind)
        for route_id in routes:
            route = self.routes.get(route_id)
            if route is not None and route.applies_to(kind):
                rules = rules.merged(route.rules)
        return rules

    def rules_for(self, kind: str, route: str | None = None) -> Rules:
        """The framework's rules, with the kind's own values applied, then the route's (when given)."""
        rules = self.rules.merged(self.kinds[kind].rules)
        if route is not None and route in self.routes:
            rules = rules.merged(self.routes[route].rules)
        return rules
