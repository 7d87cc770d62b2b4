"""Durations as programme designers write them: ``2h``, ``2h30``, ``45min``, ``1h15min``.

The model stores whole minutes (``int``). A bare number is refused with a hint,
because ``90`` could mean minutes or hours.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_PATTERN = re.compile(r"^\s*(?:(\d+)\s*h\s*(?:(\d+)\s*(?:min)?)?|(\d+)\s*min)\s*$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_duration(value: object) -> int:
    """Return the number of minutes in ``value``, or raise a pydantic error.

    >>> parse_duration("2h30"), parse_duration("45min"), parse_duration("1h15min")
    (150, 45, 75)
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError(
            "duration", "expected a duration like '2h30' or '45min', got {got}", {"got": _show(value)}
        )
    if isinstance(value, (int, float)):
        raise PydanticCustomError(
            "duration",
            "expected a duration like '2h30' or '45min', got the bare number {got} "
            "(durations are text: write {hint})",
            {"got": _show(value), "hint": _number_hint(value)},
        )
    match = _PATTERN.match(value)
    if not match:
        hint = duration_hint(value)
        raise PydanticCustomError(
            "duration",
            "expected a duration like '2h30' or '45min', got {got}" + (" (write {hint})" if hint else ""),
            {"got": repr(value), "hint": f"'{hint}'"},
        )
    hours, minutes, only_minutes = match.groups()
    if only_minutes is not None:
        total = int(only_minutes)
    else:
        extra = int(minutes) if minutes else 0
        if extra >= 60:
            raise PydanticCustomError(
                "duration", "expected minutes below 60 after the hours, got {got}", {"got": repr(value)}
            )
        total = int(hours) * 60 + extra
    if total <= 0:
        raise PydanticCustomError("duration", "expected a duration above zero, got {got}", {"got": repr(value)})
    return total


_LOOSE = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*(?:h|hr|hrs|hour|hours|heure|heures)\s*)?"
    r"(?:(?P<m>\d+)\s*(?:m|mn|mns|min|mins|minute|minutes)?\.?)?\s*$",
    re.IGNORECASE,
)
_COLON = re.compile(r"^\s*(\d{1,2}):([0-5]\d)(?::00)?\s*$")


def duration_hint(text: str) -> str | None:
    """The duration a near miss most likely means, in the accepted form; ``None`` when unsure.

    ``35mn`` -> ``35min``, ``3H`` -> ``3h``, ``40m`` -> ``40min``, ``20mins`` -> ``20min``,
    ``3h30m`` -> ``3h30``, ``1.5h`` -> ``1h30``, ``9:00`` and ``3:00`` (hours:minutes) -> ``9h`` and ``3h``.
    """
    colon = _COLON.match(text)
    decimal = re.match(r"^\s*(\d+)[.,](\d+)\s*h\s*$", text, re.IGNORECASE)
    if decimal:
        hours, minutes = int(decimal.group(1)), round(float("0." + decimal.group(2)) * 60)
    elif colon:
        hours, minutes = int(colon.group(1)), int(colon.group(2))
    else:
        loose = _LOOSE.match(text)
        if not loose or not (loose.group("h") or loose.group("m")):
            return None
        hours = int(loose.group("h") or 0)
        minutes = int(loose.group("m") or 0)
        if not loose.group("h") and not re.search(r"m", text, re.IGNORECASE):
            return None  # a bare number: minutes or hours?
    if minutes >= 60 or hours * 60 + minutes <= 0:
        return None
    if not hours:
        return f"{minutes}min"
    return f"{hours}h{minutes:02d}" if minutes else f"{hours}h"


def parse_clock(value: object) -> int:
    """Return minutes after midnight for a ``HH:MM`` string, or raise a pydantic error."""
    if isinstance(value, str):
        match = _CLOCK.match(value.strip())
        if match:
            return int(match.group(1)) * 60 + int(match.group(2))
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 09:30 as a sexagesimal number.
        raise PydanticCustomError(
            "clock", "expected a clock time like '09:30' in quotes, got the number {got}", {"got": value}
        )
    hint = clock_hint(value) if isinstance(value, str) else None
    raise PydanticCustomError(
        "clock",
        "expected a clock time like '09:30', got {got}" + (" (write {hint})" if hint else ""),
        {"got": _show(value), "hint": f"'{hint}'"},
    )


def clock_hint(text: str) -> str | None:
    """The ``HH:MM`` form of a clock time written otherwise (``9:00``, ``9h``, ``9h30``, ``14H``)."""
    match = re.match(r"^\s*(\d{1,2})\s*(?::|h|H)\s*(\d{2})?\s*$", text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def _number_hint(value: float) -> str:
    if value > 12:
        return f"'{value:g}min'"
    return f"'{value:g}h' or '{value:g}min'"


def _show(value: object) -> str:
    """A found value in YAML's words (``no value``, ``true``, ``a list``), never Python's."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_duration(minutes: int, language: str = "en") -> str:
    """Human form of a duration: ``2 h 30`` (fr) or ``2 h 30 min`` (en), ``45 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest:02d}" if language == "fr" else f"{hours} h {rest:02d} min"


def format_clock(minutes: int) -> str:
    """``HH:MM`` for minutes after midnight (wrapping past midnight)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


Minutes = Annotated[
    int,
    BeforeValidator(parse_duration),
    WithJsonSchema({"type": "string", "pattern": _PATTERN.pattern, "examples": ["2h30", "45min", "1h15min"]}),
]
"""A duration field: written as text in YAML, held as whole minutes."""

Clock = Annotated[
    int,
    BeforeValidator(parse_clock),
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern, "examples": ["09:00", "13:30"]}),
]
"""A clock time field: written ``HH:MM``, held as minutes after midnight."""
