"""How much text a slide holds, and how a long list is split over several slides.

Pure functions, no python-pptx. A slide body never shrinks its text: a list that
does not fit is cut into pages of at most ``Fit.max_points`` points and
``Fit.max_lines`` wrapped lines, and a single point too long for one slide is cut
at sentence (then word) boundaries. Line counts are estimated from character
widths of a wide sans-serif font (DejaVu Sans, what LibreOffice falls back to), so
real fonts such as Arial fit with room to spare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NARROW = frozenset("iljtfrI.,;:!'’|()[]«» ")
_WIDE = frozenset("mwMW@%")
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+")


@dataclass(frozen=True)
class Fit:
    """What one text placeholder holds: an ``em`` budget per line, lines and points per slide."""

    line_ems: float
    max_lines: int
    max_points: int = 6

    def __post_init__(self) -> None:
        if self.line_ems < 5 or self.max_lines < 1 or self.max_points < 1:
            raise ValueError(f"a slide body too small to hold text: {self}")


def char_ems(char: str) -> float:
    """Estimated advance width of one character, in ems (deliberately on the wide side)."""
    code = ord(char)
    if char == " ":
        return 0.33
    if char in _NARROW:
        return 0.36
    if char in _WIDE:
        return 1.0
    if 0x10A0 <= code <= 0x10FF or 0x1C90 <= code <= 0x1CBF:  # Georgian
        return 0.75
    if code >= 0x2E80:  # CJK and other full-width scripts
        return 1.0
    if char.isupper():
        return 0.74
    if char.isdigit():
        return 0.64
    return 0.6


def text_ems(text: str) -> float:
    """Estimated width of ``text`` on one line, in ems."""
    return sum(char_ems(c) for c in text)


def wrap(text: str, line_ems: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines at most ``line_ems`` wide (a long word is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while text_ems(word) > line_ems:  # a word wider than the line: cut it
            if current:
                lines.append(current)
                current = ""
            cut = 1
            while cut < len(word) and text_ems(word[: cut + 1]) <= line_ems:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if text_ems(candidate) <= line_ems:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def line_count(text: str, line_ems: float) -> int:
    """How many lines ``text`` takes once wrapped."""
    return len(wrap(text, line_ems))


def break_long(text: str, fit: Fit) -> list[str]:
    """``text`` as one or more pieces that each fit on a slide: cut at sentences, then words."""
    if line_count(text, fit.line_ems) <= fit.max_lines:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text.strip()):
        for unit in ([sentence] if line_count(sentence, fit.line_ems) <= fit.max_lines else _by_lines(sentence, fit)):
            candidate = f"{current} {unit}" if current else unit
            if line_count(candidate, fit.line_ems) <= fit.max_lines:
                current = candidate
            else:
                pieces.append(current)
                current = unit
    if current:
        pieces.append(current)
    return pieces


def _by_lines(text: str, fit: Fit) -> list[str]:
    lines = wrap(text, fit.line_ems)
    return [" ".join(lines[i : i + fit.max_lines]) for i in range(0, len(lines), fit.max_lines)]


def paginate(points: tuple[str, ...] | list[str], fit: Fit) -> list[list[str]]:
    """Split ``points`` into pages, in order, each within ``fit``; never an empty page.

    A page takes points while it has fewer than ``max_points`` and their wrapped
    lines stay within ``max_lines``. An empty list gives no page.
    """
    pages: list[list[str]] = []
    page: list[str] = []
    used = 0
    for point in points:
        for piece in break_long(point, fit):
            lines = line_count(piece, fit.line_ems)
            if page and (len(page) >= fit.max_points or used + lines > fit.max_lines):
                pages.append(page)
                page, used = [], 0
            page.append(piece)
            used += lines
    if page:
        pages.append(page)
    return pages
