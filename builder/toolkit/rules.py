"""``stagecraft rules``: the rules of the frameworks, a framework or a kind, as plain text.

Values are written in the framework's language with the site's wording
(:mod:`builder.site.rules`), each with its source and whether breaking it is an
error (law) or a warning (practice).
"""

from __future__ import annotations

from pathlib import Path

from builder.load.project import Project
from builder.model.framework import Framework, Rules
from builder.render.context import load_labels
from builder.site.rules import rule_rows


def overview(project: Project) -> str:
    """Every framework with its kinds, for a first look."""
    lines = []
    for fid, loaded in sorted(project.frameworks.items()):
        framework = loaded.model
        lines.append(f"{fid} — {framework.title} ({framework.article})")
        for kid, kind in framework.kinds.items():
            number = f"{kind.number} " if kind.number else ""
            lines.append(f"  {kid:<26} {number}{kind.title}")
        lines.append("")
    lines.append("stagecraft rules FRAMEWORK [KIND] prints the rules with their sources.")
    return "\n".join(lines)


def _rows(rules: Rules, language: str, template_dirs: tuple[Path, ...]) -> list[str]:
    labels = load_labels(template_dirs, language)
    lines = []
    for row in rule_rows(rules, labels):
        severity = "error" if row.severity == "error" else "warning (practice)"
        lines.append(f"  {row.label}: {row.value}  [{row.name}, {severity}]")
        if row.text:
            lines.append(f"      {row.text}")
        lines.append(f"      source: {row.source}")
    return lines or ["  (no rule)"]


def _routes(framework: Framework, kind: str | None) -> list[str]:
    lines = []
    for rid, route in framework.routes.items():
        if kind is not None and not route.applies_to(kind):
            continue
        changes = ", ".join(n for n in type(route.rules).model_fields if getattr(route.rules, n) is not None)
        extra = f"; its own rules: {changes}" if changes else ""
        lines.append(f"  {rid:<24} {route.title} ({route.source}{extra})")
    return (["", "Legal routes (programme key `routes:`):", *lines]) if lines else []


def framework_listing(framework: Framework, template_dirs: tuple[Path, ...] = ()) -> str:
    """The framework-wide rules and the list of its kinds."""
    lines = [f"{framework.id} — {framework.title}", f"Legal basis: {framework.article}", "",
             "Rules for every kind (a kind may replace them):"]
    lines += _rows(framework.rules, framework.language, template_dirs)
    lines += ["", "Kinds (stagecraft rules " + framework.id + " KIND):"]
    for kid, kind in framework.kinds.items():
        number = f"{kind.number} " if kind.number else ""
        lines.append(f"  {kid:<26} {number}{kind.title}")
    lines += _routes(framework, None)
    return "\n".join(lines)


def kind_rules(framework: Framework, kind: str, template_dirs: tuple[Path, ...] = ()) -> str:
    """The rules that apply to a programme of ``kind``: the framework's, with the kind's replacing them."""
    entry = framework.kinds[kind]
    number = f" ({entry.number})" if entry.number else ""
    lines = [f"{framework.id} / {kind} — {entry.title}{number}", f"Legal basis: {framework.article}"]
    if entry.in_force is not None:
        since = f"from {entry.in_force.since.isoformat()}" if entry.in_force.since else "(date of creation not given)"
        until = f" until {entry.in_force.until.isoformat()}" if entry.in_force.until else ""
        lines.append(f"In force {since}{until} ({entry.in_force.source})")
    if entry.content:
        lines.append(f"Content: {entry.content}" + (f" ({entry.content_source})" if entry.content_source else ""))
    lines += ["", "Rules:"]
    lines += _rows(framework.rules_for(kind), framework.language, template_dirs)
    lines += _routes(framework, kind)
    return "\n".join(lines)
