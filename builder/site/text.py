"""Programme text made safe for the generated Markdown pages.

Programme content is plain text written by designers. It is shown as text,
never run: ``<``, ``>`` and ``&`` become HTML entities, and the characters that
Markdown would read as markup (emphasis, links, code, tables, attribute lists,
a list or heading marker at the start) are backslash-escaped. Runs of ASCII
whitespace, including the line breaks of folded YAML strings, collapse to single
spaces, so a value can never start a new Markdown block; no-break spaces
(U+00A0, U+202F) are kept, since French typography puts them where a line must
not break.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(#|[-+]|(?P<number>\d+)(?=[.)]))")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_SENTENCE_END = re.compile(r"(?<=[^\s.A-ZÀ-Ý]{2}[.!?…])\s+(?=[A-ZÀ-Ý«\"])")
"""A sentence ends after a word (not an abbreviation such as "C." or "art.") before a capital."""

_TOKEN = re.compile(
    r"(?:C\.\s(?:pén\.|route|civ\.|trav\.|proc\.\spén\.))"  # code abbreviations: "C. pén.", "C. route"
    r"|(?:\b(?:art|Art|articles?)\.?\s+)?\b[LRDA]?\.?\s?\d+(?:-\d+)+\b"  # 131-5-1, R131-36, art. 131-5-1
    r"|\b[LRD]\d+(?:-\d+)*\b"  # R131, L122
)
"""Tokens a line must not break inside: article numbers and code abbreviations."""


def collapse(value: object) -> str:
    """``value`` as one line: ASCII whitespace collapsed, no-break spaces kept."""
    return _SPACES.sub(" ", str(value)).strip()


def md(value: object) -> Markup:
    """``value`` as inline Markdown that displays exactly its text.

    >>> str(md("<b>1 * 2</b>"))
    '&lt;b&gt;1 \\\\* 2&lt;/b&gt;'
    """
    return Markup(_LINE_START.sub(_escape_line_start, _escape(collapse(value))))


def _escape(text: str) -> str:
    """HTML entities and backslash-escaped Markdown characters (no line-start handling)."""
    return _INLINE.sub(r"\\\1", html.escape(text, quote=False))


def legal(value: object) -> Markup:
    """Like :func:`md`, with article numbers (``131-5-1``, ``R131-36``, ``C. pén.``) kept on one line."""
    text = collapse(value)
    pieces: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        pieces.append(_escape(text[last : match.start()]))
        token = html.escape(match.group(0), quote=False)
        pieces.append(f'<span class="sc-nb">{token}</span>')  # letters, digits, dots, spaces, hyphens
        last = match.end()
    pieces.append(_escape(text[last:]))
    return Markup(_LINE_START.sub(_escape_line_start, "".join(pieces)))


def _escape_line_start(match: re.Match[str]) -> str:
    """``#``, ``-``, ``+`` get a backslash; ``1.`` becomes ``1\\.`` (a digit cannot be escaped)."""
    if match.group("number"):
        return match.group("number") + "\\"
    return "\\" + match.group(1)


def attr(value: object) -> Markup:
    """``value`` escaped for an HTML attribute or a raw HTML block (quotes included)."""
    return Markup(html.escape(collapse(value), quote=True))


def nav_title(value: object) -> str:
    """A navigation title: mkdocs prints it into HTML unescaped, so escape it here."""
    return html.escape(collapse(value), quote=False)


def first_sentence(value: object, limit: int = 160) -> str:
    """The first sentence of ``value`` (at most ``limit`` characters, cut at a word with an ellipsis)."""
    text = collapse(value)
    match = _SENTENCE_END.search(text)
    sentence = text[: match.start()] if match else text
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;: ")
    return cut + "…"
