"""The rules that apply to a programme, as rows for the site: name, value, text, source.

Values are shown in the words of the page's language: durations as ``6 h``,
days and months with their unit, yes/no, interview and completion names from the
labels, phase ids as the programme's phase titles. The kind of a value is read
from the model (``Rule[Minutes]`` and so on), so a rule added to the model is
shown without code here; its name needs a ``site_rule_<name>`` label.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Mapping

from pydantic import BaseModel, BeforeValidator

from builder.model.duration import format_clock, format_duration, parse_duration
from builder.model.framework import ClockSpan, Range, Rule, Rules, StaffRole, TimeWindow
from builder.model.programme import InterviewType, Programme


@dataclass(frozen=True)
class RuleRow:
    """One rule in force for a programme, ready to print."""

    name: str
    label: str
    value: str
    text: str
    source: str
    severity: str


def _is_duration(rule_type: Any) -> bool:
    """True when a ``Rule[...]`` class holds a duration (``Rule[Minutes]``)."""
    args = getattr(rule_type, "__pydantic_generic_metadata__", {}).get("args", ())
    for arg in args:
        for meta in getattr(arg, "__metadata__", ()):
            if isinstance(meta, BeforeValidator) and meta.func is parse_duration:
                return True
    return False


def _rule_class(name: str) -> Any:
    """The ``Rule[...]`` class of a field of :class:`Rules` (unwrapping ``| None``)."""
    annotation = Rules.model_fields[name].annotation
    for arg in getattr(annotation, "__args__", ()) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def format_value(name: str, value: object, labels: Mapping[str, str], programme: Programme | None = None) -> str:
    """A rule value in words: ``6 h``, ``31 jours``, ``oui``, ``7–12``, ``450 €``."""
    language = getattr(labels, "language", "fr")
    if _is_duration(_rule_class(name)):
        return format_duration(int(value), language)  # type: ignore[call-overload]
    if isinstance(value, bool):
        return labels["site_yes"] if value else labels["site_no"]
    if isinstance(value, ClockSpan):
        return f"{format_clock(value.start)}–{format_clock(value.end)}"
    if isinstance(value, Range):
        unit = f" {labels['site_unit_days']}" if name.endswith("_days") else ""
        return f"{value.min}–{value.max}{unit}"
    if isinstance(value, float) or name.endswith("_eur"):
        return f"{float(value):g} {labels['euro']}"  # type: ignore[arg-type]
    if isinstance(value, int):
        if name.endswith("_days"):
            return f"{value} {labels['site_unit_days']}"
        if name.endswith("_months"):
            return f"{value} {labels['site_unit_months']}"
        return str(value)
    if isinstance(value, tuple):
        return ", ".join(_item(name, item, labels, programme) for item in value)
    return str(value)


def _item(name: str, item: object, labels: Mapping[str, str], programme: Programme | None) -> str:
    """One element of a list value: an interview, a completion criterion, a phase, a role or a time window."""
    if isinstance(item, StaffRole):
        return item.role
    if isinstance(item, TimeWindow):
        days = ", ".join(labels[f"weekday_{day.value}"] for day in item.days)
        return f"{days} {format_clock(item.start)}–{format_clock(item.end)}"
    if isinstance(item, enum.Enum):
        prefix = "interview" if isinstance(item, InterviewType) else "criterion"
        return labels[f"{prefix}_{item.value}"]
    if name == "phases" and programme is not None:
        phase = programme.phase(str(item))
        if phase is not None:
            return phase.title
    return str(item)


def rule_rows(rules: Rules, labels: Mapping[str, str], programme: Programme | None = None) -> list[RuleRow]:
    """Every rule that is set, in model order, with its value in words."""
    rows: list[RuleRow] = []
    for name in Rules.model_fields:
        rule = getattr(rules, name)
        if not isinstance(rule, Rule):
            continue
        rows.append(
            RuleRow(
                name=name,
                label=labels[f"site_rule_{name}"],
                value=format_value(name, rule.value, labels, programme),
                text=rule.text,
                source=rule.source,
                severity=rule.severity,
            )
        )
    return rows
