"""Located problems: what every stage of Stagecraft reports instead of raising.

A problem says where (file, line, column, 1-based), what rule it breaks, what was
expected and what was found, and, for a legal rule, the article it comes from.
Loaders and checks return lists of problems; the CLI prints them all at once.
"""

from __future__ import annotations

import difflib
import enum
import json
from dataclasses import asdict, dataclass, replace
from typing import Iterable, Sequence


class Severity(str, enum.Enum):
    """How serious a problem is; ``--strict`` turns warnings into errors."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file. ``line`` and ``column`` are 1-based (0 = unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One finding: a location, a severity, a rule id, a message and an optional source."""

    location: Location
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    source: str | None = None

    def format(self) -> str:
        """Render as ``path:line:col: error[rule]: message (source: ...)``."""
        text = f"{self.location}: {self.severity.value}[{self.rule}]: {self.message}"
        if self.source:
            text += f" (source: {self.source})"
        return text

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict with flat location fields."""
        data = asdict(self)
        loc = data.pop("location")
        return {
            "path": loc["path"],
            "line": loc["line"],
            "column": loc["column"],
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
            "source": self.source,
        }


def suggest(value: str, options: Iterable[str], *, list_all: bool = True) -> str:
    """A hint for a value that is not one of ``options``: the closest option, or all of them.

    Returns `` (did you mean 'x'?)``, or `` (expected one of: a, b)`` when nothing is
    close (an empty string then, with ``list_all=False``).
    """
    choices = list(options)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(choices) or 'none'})" if list_all else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, then line and column, keeping rule order stable."""
    return sorted(problems, key=lambda p: (p.location.path, p.location.line, p.location.column))


def apply_strict(problems: Sequence[Problem], strict: bool) -> list[Problem]:
    """With ``strict``, every warning becomes an error; otherwise return unchanged."""
    if not strict:
        return list(problems)
    return [replace(p, severity=Severity.ERROR) for p in problems]


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when at least one problem is an error."""
    return any(p.severity is Severity.ERROR for p in problems)


def to_json(problems: Sequence[Problem]) -> str:
    """Serialise problems with a summary, for editors and CI annotations."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    payload = {
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.as_dict() for p in problems],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


class ProblemsFound(Exception):
    """Raised by orchestrators when a stage reported errors; carries every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = list(problems)
