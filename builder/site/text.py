"""Programme text made safe for the generated Markdown pages.

Programme content is plain text written by designers. It is shown as text,
never run: ``<``, ``>`` and ``&`` become HTML entities, and the characters that
Markdown would read as markup (emphasis, links, code, tables, attribute lists,
a list or heading marker at the start) are backslash-escaped. Breaking
whitespace, including the line breaks of folded YAML strings, collapses to
single spaces, so a value can never start a new Markdown block; no-break spaces
(the typography of :mod:`builder.render.typography`) are kept.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_BREAKING = re.compile(r"[ \t\r\n\f\v\u2028\u2029\x85]+")
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(#|[-+]|(?P<number>\d+)(?=[.)]))")


def md(value: object) -> Markup:
    """``value`` as inline Markdown that displays exactly its text.

    >>> str(md("<b>1 * 2</b>"))
    '&lt;b&gt;1 \\\\* 2&lt;/b&gt;'
    """
    text = collapse(value)
    text = html.escape(text, quote=False)
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(_escape_line_start, text)
    return Markup(text)


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


def collapse(value: object) -> str:
    """``value`` as one line: breaking whitespace runs become one space, no-break spaces stay."""
    return _BREAKING.sub(" ", str(value)).strip(" ")
