"""How much text a slide holds, and how a long list is split over several slides.

Pure functions, no python-pptx. A slide body never shrinks its text: a list that
does not fit is cut into pages of at most ``Fit.max_points`` points and
``Fit.max_lines`` wrapped lines, and a single point too long for one slide is cut
at sentence (then word) boundaries. Line counts are estimated from character
widths of a wide sans-serif font (DejaVu Sans, what LibreOffice falls back to), so
real fonts such as Arial fit with room to spare.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_NARROW = frozenset("iljtfrI.,;:!'’|()[]«» ")
_WIDE = frozenset("mwMW@%")
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break space: "Phase\u00a0:" stays one word
_BOUNDARY = re.compile(r"(?<=[.!?…;]) +")
_ABBREVIATIONS = frozenset(
    "art arts al cf ex p pp pén proc civ n no nos réf min max env vol éd ed dr mr mrs ms st vs".split()
)


@dataclass(frozen=True)
class Fit:
    """What one text placeholder holds: an ``em`` budget per line, lines and points per slide."""

    line_ems: float
    max_lines: int
    max_points: int = 7

    def __post_init__(self) -> None:
        if self.line_ems < 5 or self.max_lines < 1 or self.max_points < 1:
            raise ValueError(f"a slide body too small to hold text: {self}")


@functools.lru_cache(maxsize=4096)
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
    return sum(map(char_ems, text))


def _one_line(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text).strip()


def wrap(text: str, line_ems: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines at most ``line_ems`` wide (a long word is cut)."""
    space = char_ems(" ")
    lines: list[str] = []
    current: list[str] = []
    width = 0.0
    for word in _SPACES.split(text.strip()):
        if not word:
            continue
        size = text_ems(word)
        while size > line_ems:  # a word wider than the line: cut it
            if current:
                lines.append(" ".join(current))
                current, width = [], 0.0
            cut, used = 0, 0.0
            while cut < len(word) and used + char_ems(word[cut]) <= line_ems:
                used += char_ems(word[cut])
                cut += 1
            cut = max(cut, 1)
            lines.append(word[:cut])
            word = word[cut:]
            size = text_ems(word)
        if not word:
            continue
        if current and width + space + size <= line_ems:
            current.append(word)
            width += space + size
        else:
            if current:
                lines.append(" ".join(current))
            current, width = [word], size
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def line_count(text: str, line_ems: float) -> int:
    """How many lines ``text`` takes once wrapped."""
    return len(wrap(text, line_ems))


def break_long(text: str, fit: Fit) -> list[str]:
    """``text`` (line breaks made spaces) as pieces that each fit on a slide: cut at sentences, then words."""
    text = _one_line(text)
    if line_count(text, fit.line_ems) <= fit.max_lines:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(text):
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


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence (or clause ending in ``;``).

    A full stop after an abbreviation (``art.``, ``C.``, ``proc.``) or before a
    lower-case word is not a sentence end, so ``(C. pén. art. R131-36)`` stays whole.
    """
    text = _one_line(text)
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        after = text[match.end() : match.end() + 1]
        last_word = before.rsplit(" ", 1)[-1].lstrip("(«\"'[").rstrip(".")
        if before.endswith(".") and (len(last_word) <= 1 or last_word.lower() in _ABBREVIATIONS):
            continue
        if not before.endswith(";") and after.islower():
            continue
        parts.append(before)
        start = match.end()
    parts.append(text[start:])
    return [p for p in parts if p]


def _by_lines(text: str, fit: Fit) -> list[str]:
    lines = wrap(text, fit.line_ems)
    return [" ".join(lines[i : i + fit.max_lines]) for i in range(0, len(lines), fit.max_lines)]


def paginate(points: tuple[str, ...] | list[str], fit: Fit) -> list[list[str]]:
    """Split ``points`` into as few pages as fit, in order, balanced; never an empty page.

    A page holds at most ``max_points`` points whose wrapped lines stay within
    ``max_lines``. When one page is not enough, the points are spread evenly over
    the pages needed (15 points give 8 + 7, not 14 + 1). An empty list gives no page.
    """
    return [[piece for _, piece in page] for page in paginate_indexed(points, fit)]


def paginate_indexed(points: tuple[str, ...] | list[str], fit: Fit) -> list[list[tuple[int, str]]]:
    """:func:`paginate`, each piece with the index of the point it comes from (a long point may give several)."""
    pieces = [
        (index, piece, line_count(piece, fit.line_ems))
        for index, point in enumerate(points)
        for piece in break_long(point, fit)
    ]
    pages = _fill_pages(pieces, fit, pages=0)
    if len(pages) > 1:
        balanced = _fill_pages(pieces, fit, pages=len(pages))
        if len(balanced) == len(pages):
            pages = balanced
    return [[(index, piece) for index, piece, _ in page] for page in pages]


def _fill_pages(pieces: list[tuple[int, str, int]], fit: Fit, pages: int) -> list[list[tuple[int, str, int]]]:
    """Greedy fill within ``fit``; with ``pages``, each page also takes no more than its even share."""
    result: list[list[tuple[int, str, int]]] = []
    page: list[tuple[int, str, int]] = []
    used = 0
    quota = fit.max_points
    for position, piece in enumerate(pieces):
        lines = piece[2]
        if page and (len(page) >= quota or used + lines > fit.max_lines):
            result.append(page)
            page, used = [], 0
        if not page and pages:
            left = max(pages - len(result), 1)
            quota = min(fit.max_points, -(-(len(pieces) - position) // left))  # ceiling division
        page.append(piece)
        used += lines
    if page:
        result.append(page)
    return result
