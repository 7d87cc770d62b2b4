"""The rules that apply to a programme, as rows for the site: name, value, text, source.

Values are written by :func:`builder.render.fmt.rule_value`, exactly as in the
guide and the decks; a rule's name needs a ``site_rule_<name>`` label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from builder.model.framework import Rule, Rules
from builder.model.programme import Programme
from builder.render import fmt


@dataclass(frozen=True)
class RuleRow:
    """One rule in force for a programme, ready to print."""

    name: str
    label: str
    value: str
    text: str
    source: str
    severity: str


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
                value=fmt.rule_value(name, rule, str(getattr(labels, "language", "fr")), labels, programme),
                text=rule.text,
                source=rule.source,
                severity=rule.severity,
            )
        )
    return rows
