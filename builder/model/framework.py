"""The framework model: what one ``curricula/frameworks/<id>.yaml`` file holds.

A framework is law (or a programme standard) written as data: each rule value
carries the article or document it comes from. Kinds (or tracks) override the
framework-wide rules with their own values.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from builder.model.duration import Clock, Minutes
from builder.model.programme import Criterion, Ident, InterviewType, Strict, Text

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

    min: int = Field(ge=0)
    max: int = Field(ge=0)


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
    required_interviews: Rule[tuple[InterviewType, ...]] | None = None
    required_completion: Rule[tuple[Criterion, ...]] | None = None
    # Calendar rules: checked on cohorts (curricula/cohorts/), which put a programme on real dates.
    max_span_months: Rule[int] | None = Field(
        None, description="Longest span in calendar months, the first day counted (15 Jan to 14 Feb is one)."
    )
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
    """When a kind exists in law: from ``from`` (inclusive) until ``until`` (exclusive)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    since: dt.date = Field(alias="from")
    until: dt.date | None = None
    source: Text

    def covers(self, day: dt.date) -> bool:
        """True when the kind is in force on ``day``."""
        return self.since <= day and (self.until is None or day < self.until)


class Kind(Strict):
    """A kind of stage (or a programme track) with its own rule values."""

    title: Text
    number: str = Field("", description="Its number in the law, e.g. '3°'.")
    summary: str = ""
    content: str = Field("", description="What the law says the content covers.")
    content_source: str = ""
    in_force: InForce | None = None
    rules: Rules = Rules()


class Framework(Strict):
    """A legal or programme framework: rule values with sources, and its kinds."""

    id: Ident
    title: Text
    language: Literal["fr", "en"]
    summary: Text
    article: Text = Field(description="The main legal basis, e.g. 'Code pénal, art. 131-5-1'.")
    rules: Rules = Rules()
    kinds: dict[Ident, Kind] = Field(min_length=1)

    def rules_for(self, kind: str) -> Rules:
        """The framework's rules with the kind's own values applied."""
        return self.rules.merged(self.kinds[kind].rules)
