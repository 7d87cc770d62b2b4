"""Typography applied to programme text before it reaches any output.

Designers type plain spaces, straight quotes and typewriter apostrophes; every
output (guides, decks, site, handouts) should print what a typesetter would.
:func:`typeset` fixes a string for one language, and :func:`typeset_model`
returns a copy of a frozen model with all its prose typeset (identifiers, paths
and enum values are left alone).

French (the rules of the *Lexique des règles typographiques en usage à
l'Imprimerie nationale*): a narrow no-break space (U+202F) before ``; ! ?``, a
no-break space (U+00A0) before ``:`` and inside « », straight double quotes
become « », a no-break space between a number and its unit (``450 €``, ``6 h``),
inside legal references (``C. pén.``, ``art. 131-5-1``) and a non-breaking hyphen
inside article numbers (``R131-36``), ordinals ``1er``, ``3e`` with superscript
letters. English: no space before ``; : ! ?``, “curly” quotes, the same no-break
spaces between numbers and units and in references. Georgian: as English, with
Georgian quotation marks „…“ (low opening, high closing). All: one apostrophe, ’.

Idempotent: typesetting typeset text changes nothing.
"""

from __future__ import annotations

import enum
import re
from typing import Any, TypeVar

from pydantic import BaseModel

NBSP = "\u00a0"
"""No-break space: before a French colon, inside « », between a number and its unit."""
NNBSP = "\u202f"
"""Narrow no-break space: before French ; ! ? and between thousands."""
NBHY = "\u2011"
"""Non-breaking hyphen: inside article numbers (131-5-1, R131-36)."""

_SPACES = "[ \t\u00a0\u202f\u2009]"
_UNITS = (
    r"€|%|h\b|min\b|EUR\b|km/h\b|km\b|kg\b|mg\b|ml\b|cl\b|g\b|m\b|l\b|"
    r"heures?\b|minutes?\b|jours?\b|semaines?\b|mois\b|ans?\b|années?\b|séances?\b|"
    r"hours?\b|days?\b|weeks?\b|months?\b|years?\b|sessions?\b|"
    r"participants?\b|stagiaires?\b|personnes?\b|people\b|points?\b|"
    # Georgian stems (the word takes case endings: 3 საათი, 3 საათის): hours, minutes, days, weeks,
    # months, years, lari, euros, participants, sessions, points
    r"₾|სთ\b|წთ\b|საათ|წუთ|დღ|კვირ|თვ[ეი]|წელ|წლ|ლარ|ევრო|მონაწილ|სესი|ქულ"
)
_NUMBER_UNIT = re.compile(rf"(\d){_SPACES}+(?={_UNITS})")
_THOUSANDS = re.compile(rf"(?<![\d,.])(\d{{1,3}}){_SPACES}(?=\d{{3}}(?!\d))")
_ARTICLE = re.compile(rf"\b(art|arts|al|p|pp|n°|N°)\.?{_SPACES}+(?=[LRDA]?\d)")
_ARTICLE_NUMBER = re.compile(r"\b([LRDA]?\d+(?:-\d+)+)\b")
_CODE_LETTER = re.compile(rf"\bC\.{_SPACES}+(?=[a-zé])")
_CODE_NAME = re.compile(rf"\b(pén|proc|pr|civ|trav|éduc|rur|env)\.{_SPACES}+")
_APOSTROPHE_OPEN = re.compile(r"(?<![\w’])'(?=\w)")
_APOSTROPHE = re.compile(r"'")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')
_FR_OPEN = re.compile(rf"(«|“){_SPACES}*")
_FR_CLOSE = re.compile(rf"{_SPACES}*(»|”)")
_FR_HIGH_SPACED = re.compile(rf"{_SPACES}+([;!?])")
_FR_HIGH = re.compile(r"(?<=[\w»)\]”’%€.…])([;!?])(?=\s|$|[)\]”’.,…!?])")
_FR_COLON_SPACED = re.compile(rf"{_SPACES}+:(?=\s|$)")
_FR_COLON = re.compile(r"(?<=[\w»)\]”’%€])(:)(?=\s|$)")
_FR_ORDINAL = re.compile(r"\b(\d+)(er|re|ème|eme|e)(?=[\s\u00a0\u202f,.;:!?)]|$)")
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]")
_EN_HIGH = re.compile(rf"(?<=[\w)\]”“’]){_SPACES}+([;:!?])(?=\s|$)")


def typeset(text: str, language: str) -> str:
    """``text`` with the typography of ``language`` (``fr``, ``ka``; anything else gets English rules)."""
    if not text:
        return text
    text = _APOSTROPHE_OPEN.sub("’" if language == "fr" else "‘", text)
    text = _APOSTROPHE.sub("’", text)
    text = _NUMBER_UNIT.sub(lambda m: m.group(1) + NBSP, text)
    text = _ARTICLE.sub(lambda m: m.group(0).rstrip(" \t\u00a0\u202f\u2009") + NBSP, text)
    text = _ARTICLE_NUMBER.sub(lambda m: m.group(1).replace("-", NBHY), text)
    text = _CODE_LETTER.sub("C." + NBSP, text)
    text = _CODE_NAME.sub(lambda m: m.group(1) + "." + NBSP, text)
    if language == "fr" and (_LATIN.search(text) or not any(c.isalpha() for c in text)):
        return _french(text)  # not for a Georgian title in a French programme
    if language == "ka":
        return _georgian(text)
    return _english(text)


def _french(text: str) -> str:
    text = _DOUBLE_QUOTED.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _FR_OPEN.sub("«" + NBSP, text)
    text = _FR_CLOSE.sub(NBSP + "»", text)
    text = _FR_HIGH_SPACED.sub(lambda m: NNBSP + m.group(1), text)
    text = _FR_HIGH.sub(lambda m: NNBSP + m.group(1), text)
    text = _FR_COLON_SPACED.sub(NBSP + ":", text)
    text = _FR_COLON.sub(NBSP + ":", text)
    text = _THOUSANDS.sub(lambda m: m.group(1) + NNBSP, text)
    return _FR_ORDINAL.sub(_ordinal, text)


def _ordinal(match: re.Match[str]) -> str:
    number, suffix = match.groups()
    if suffix == "er":
        return f"{number}\u1d49\u02b3"  # 1ᵉʳ
    if suffix == "re":
        return f"{number}\u02b3\u1d49"  # 1ʳᵉ
    return f"{number}\u1d49"  # 3ᵉ


def _georgian(text: str) -> str:
    text = _DOUBLE_QUOTED.sub(lambda m: f"\u201e{m.group(1)}\u201c", text)  # „…“
    return _EN_HIGH.sub(lambda m: m.group(1), text)


def _english(text: str) -> str:
    text = _DOUBLE_QUOTED.sub(lambda m: f"\u201c{m.group(1)}\u201d", text)
    return _EN_HIGH.sub(lambda m: m.group(1), text)


PLAIN_FIELDS = frozenset(
    {"id", "phase", "framework", "kind", "language", "handouts", "version", "routes", "type", "value", "severity", "kinds"}
)
"""Fields holding identifiers, paths or codes: never typeset (unless they hold models, like a
programme's ``handouts``)."""

M = TypeVar("M", bound=BaseModel)


def typeset_model(model: M, language: str) -> M:
    """A copy of ``model`` with every prose string typeset for ``language``.

    Walks nested models, tuples, lists and dicts; fields named in
    :data:`PLAIN_FIELDS`, enums, numbers and dates are kept as they are. The copy
    is made with ``model_copy`` (no validation runs again).
    """
    changes: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in PLAIN_FIELDS and _is_code(value):
            continue
        new = _typeset_value(value, language)
        if new is not value:
            changes[name] = new
    return model.model_copy(update=changes) if changes else model


def _is_code(value: Any) -> bool:
    """True for a string or a list of strings (ids, paths); models and mappings of models
    (a programme's handouts, a framework's kinds and routes) hold prose."""
    if isinstance(value, (tuple, list)):
        return all(isinstance(v, str) for v in value)
    return not isinstance(value, (BaseModel, dict))


def _typeset_value(value: Any, language: str) -> Any:
    if isinstance(value, enum.Enum) or value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        new = typeset(value, language)
        return value if new == value else new
    if isinstance(value, BaseModel):
        return typeset_model(value, language)
    if isinstance(value, (tuple, list)):
        items = [_typeset_value(v, language) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        mapped = {k: _typeset_value(v, language) for k, v in value.items()}
        if all(mapped[k] is value[k] for k in value):
            return value
        return mapped
    return value
