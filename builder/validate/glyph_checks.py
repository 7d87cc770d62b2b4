"""Characters the printed documents' fonts cannot draw (rule ``glyphs``, a warning).

Guides, forms and handouts embed DejaVu Sans and DejaVu Serif. A character
neither font has — most emoji, some symbols — prints as an empty box. This check
finds such characters in a programme's text before anything is printed and
points at the YAML value holding them.

The fonts are found with fontconfig and read with fontTools only when
a programme has a character outside the ranges DejaVu is known to cover, so
ordinary French and English programmes cost nothing.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from pydantic import BaseModel

from builder.problems import Problem, Severity
from builder.validate.checks import CheckContext, check

FONTS = ("DejaVu Sans", "DejaVu Serif")
"""The families the printed documents embed (templates/guide/common.typ)."""
_SAFE_BELOW = 0x0250
"""Latin, Latin-1 and Latin Extended A/B: covered by DejaVu; no font lookup needed."""
_SAFE = frozenset("\u00a0\u202f\u2009\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac\u2022\u2192\u1d49\u02b3\u2060")


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points at least one of :data:`FONTS` (regular style) can draw."""
    import shutil
    import subprocess

    from fontTools.ttLib import TTFont

    everything = frozenset(range(0x110000))  # fonts cannot be inspected here: warn about nothing
    points: set[int] = set()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return everything
    for family in FONTS:  # fontconfig, not typst: typst's threads must not start before the build forks
        try:
            listing = subprocess.run(
                [fc_list, f"{family}:style=Book", "file"], capture_output=True, text=True, check=False, timeout=60
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return everything
        for line in listing.splitlines():
            path = line.strip().rstrip(":")
            try:
                points.update(TTFont(path, lazy=True).getBestCmap() or {} if path else {})
            except Exception:  # fontTools raises many kinds on a damaged or foreign file: skip that file
                continue
    # fontconfig knows neither family (not installed, another configuration): the print build reports the
    # missing font itself; a warning on every non-Latin letter would only be noise.
    return frozenset(points) if points else everything


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _strings(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))


_ABOVE_SAFE = re.compile(f"[^\\x00-{chr(_SAFE_BELOW - 1)}]")
"""A character at or above :data:`_SAFE_BELOW`: most texts have none, and are not read letter by letter."""


def _suspect(text: str) -> list[str]:
    if _ABOVE_SAFE.search(text) is None:
        return []
    return [c for c in text if ord(c) >= _SAFE_BELOW and c not in _SAFE and not c.isspace()]


def _show(path: tuple[str | int, ...]) -> str:
    shown = ""
    for part in path:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else part)
    return shown


@check("glyphs")
def glyphs(ctx: CheckContext) -> Iterator[Problem]:
    """Warn about every text holding characters the embedded fonts lack (they would print as boxes)."""
    for path, text in _strings(ctx.programme, ()):
        suspects = _suspect(text)
        if not suspects:
            continue
        known = covered()
        missing = list(dict.fromkeys(c for c in suspects if ord(c) not in known))
        if not missing:
            continue
        names = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed').lower()})" for c in missing)
        yield Problem(
            ctx.at(*path),
            "glyphs",
            f"{_show(path)}: {names} cannot be printed: the guides' fonts ({', '.join(FONTS)}) have no glyph "
            f"for it, so it would print as an empty box; write it in words or remove it",
            Severity.WARNING,
        )
