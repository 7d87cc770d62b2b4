"""One way to write a value, in the programme's language, for every output.

Money, dates, durations, clock times and spans, counts, day labels and rule
values are formatted here and nowhere else: the guide, the decks, the site and
the printed forms show ``12,50 €``, ``1ᵉʳ décembre 2025``, ``2 h 30`` the same way.
Numbers, months and currency come from Babel's CLDR data; the no-break spaces
between a number and its unit are part of the result, so a value never breaks
across lines.

Titles too: :func:`programme_short_title` is what the deck footers and the guide's
running head call a programme.

Functions take the programme's language (``fr``, ``en`` or ``ka``); a language
Stagecraft does not know is written the English way. Georgian (``ka``) follows
Babel's ``ka_GE`` data (``1 დეკემბერი, 2025``, ``12,50 ₾``, ``1 234,5``) and
writes durations with its own unit words (``2 სთ 30 წთ``).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from functools import lru_cache
from typing import Any, Mapping, Sequence

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency as _babel_currency
from babel.numbers import format_decimal as _babel_decimal

from builder.model.duration import parse_duration
from builder.model.framework import ClockSpan, Range, Rule, Rules
from builder.model.programme import Programme
from builder.render.typography import NBSP, NNBSP

LOCALES = {"fr": "fr_FR", "en": "en_GB", "ka": "ka_GE"}
"""The Babel locale of each programme language (British English: ``1 December 2025``, ``€12.50``)."""

UNITS = {"ka": ("სთ", "წთ")}
"""Hour and minute words of a language whose durations are not written ``h`` / ``min``."""

CURRENCIES = ("EUR", "GEL")
"""Currencies :func:`money` writes: the euro, and the Georgian lari."""
LARI_WORD = "ლარი"
"""The lari in Georgian text: written as a word, since the sign ₾ is not in the printed documents'
fonts (DejaVu) and would print as an empty box."""

EN_DASH = "\u2013"


def locale(language: str) -> str:
    """The Babel locale used for ``language``."""
    return LOCALES.get(language, LOCALES["en"])


def money(amount: float, language: str, currency: str = "EUR") -> str:
    """An amount: ``190 €``, ``12,50 €`` (fr); ``€190``, ``€12.50`` (en); ``190 €``, ``12,50 ლარი`` (ka).

    ``currency`` is ``EUR`` (every fee of the model is in euros) or ``GEL``, the
    Georgian lari (``12,50 GEL`` in French, ``GEL 12.50`` in English). Whole amounts
    print without decimals, others with two.
    """
    whole = float(amount).is_integer()
    if language in ("fr", "ka"):
        pattern = "#,##0\u00a0¤" if whole else "#,##0.00\u00a0¤"
    else:
        pattern = "¤#,##0" if whole else "¤#,##0.00"
        if currency != "EUR":  # a letter code, not a sign: GEL 1,234.50
            pattern = "¤\u00a0" + pattern[1:]
    text: str = _babel_currency(amount, currency, format=pattern, locale=locale(language), currency_digits=False)
    return text.replace("₾", LARI_WORD)


def number(value: float, language: str) -> str:
    """A number with the language's decimal mark and grouping (``1 234,5`` / ``1,234.5``)."""
    text: str = _babel_decimal(value, locale=locale(language))
    return text.replace(" ", NNBSP)


def date(day: dt.date, language: str) -> str:
    """``1ᵉʳ décembre 2025``, ``24 mars 2020`` (fr); ``1 December 2025`` (en); ``1 დეკემბერი, 2025`` (ka,
    CLDR's long Georgian date). A no-break space after the day."""
    text: str = _babel_date(day, "d MMMM, y" if language == "ka" else "d MMMM y", locale=locale(language))
    if language == "fr" and day.day == 1:
        text = "1\u1d49\u02b3" + text[1:]
    return text.replace(" ", NBSP, 1)


def duration(minutes: int, language: str) -> str:
    """``2 h 30`` (fr) or ``2 h 30 min`` (en), ``3 h``, ``45 min``; ``2 სთ 30 წთ``, ``45 წთ`` (ka);
    no-break spaces inside."""
    hours, rest = divmod(minutes, 60)
    if language in UNITS:
        hour_word, minute_word = UNITS[language]
        parts = ([f"{hours}{NBSP}{hour_word}"] if hours else []) + ([f"{rest}{NBSP}{minute_word}"] if rest or not hours else [])
        return NBSP.join(parts)
    if not hours:
        return f"{rest}{NBSP}min"
    if not rest:
        return f"{hours}{NBSP}h"
    if language == "fr":
        return f"{hours}{NBSP}h{NBSP}{rest:02d}"
    return f"{hours}{NBSP}h{NBSP}{rest:02d}{NBSP}min"


def clock(minutes: int) -> str:
    """``09:00`` for minutes after midnight (wrapping past midnight), in both languages."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def span(start: int, end: int) -> str:
    """A clock span ``09:00–12:00`` (en dash, no spaces, so it never breaks)."""
    return f"{clock(start)}{EN_DASH}{clock(end)}"


def count(value: int, singular: str, plural: str) -> str:
    """``1 jour``, ``3 jours``: the number and the word with a no-break space between."""
    return f"{value}{NBSP}{singular if value == 1 else plural}"


def group_size(low: int, high: int, labels: Mapping[str, str]) -> str:
    """``7 à 12 participants`` / ``7 to 12 participants`` / ``4–10 მონაწილე`` (a language whose range word is a
    dash takes it unspaced; a no-break space before the word)."""
    to = labels["guide_range_to"]
    between = to if to in (EN_DASH, "-") else f" {to} "
    return f"{low}{between}{high}{NBSP}{labels['participants']}"


def day_list(days: Sequence[int], singular: str, plural: str) -> str:
    """Training days by number: ``Jour 2``, ``Jours 1–3`` (a run), ``Jours 1, 3`` (no-break space after the word)."""
    if not days:
        return ""
    if len(days) == 1:
        return f"{singular}{NBSP}{days[0]}"
    if list(days) == list(range(days[0], days[-1] + 1)):
        return f"{plural}{NBSP}{days[0]}{EN_DASH}{days[-1]}"
    return f"{plural}{NBSP}{', '.join(str(d) for d in days)}"


def day_numbers(days: Sequence[int]) -> dict[int, int]:
    """Calendar day numbers (``day: 15`` in YAML) mapped to the training day they are (1, 2, …).

    A two-day stage held on days 1 and 15 has a *second* day, not a fifteenth.
    """
    return {day: rank for rank, day in enumerate(sorted(set(days)), start=1)}


def day_label(day: int, days: Sequence[int], labels: Mapping[str, str]) -> str:
    """``Jour 2`` for the second training day, whatever its calendar number."""
    return f"{labels['day']}{NBSP}{day_numbers(days)[day]}"


@lru_cache(maxsize=None)
def is_duration_rule(name: str) -> bool:
    """True when the rule ``name`` holds a duration (its value is parsed like '6h')."""
    for rule_type in typing.get_args(Rules.model_fields[name].annotation):
        fields = getattr(rule_type, "model_fields", {})
        if "value" in fields:
            return any(getattr(m, "func", None) is parse_duration for m in fields["value"].metadata)
    return False


def rule_value(
    name: str, rule: Rule[Any], language: str, labels: Mapping[str, str], programme: Programme | None = None
) -> str:
    """A rule's value in words of ``language``: ``6 h``, ``7 à 12 participants``, ``450 €``.

    Phase ids become the programme's phase titles (when a programme is given);
    interview and completion values their labels. Used by the guide, the decks
    and the site alike.
    """
    value = rule.value
    if is_duration_rule(name):
        return duration(int(value), language)
    if name in ("max_span_days", "day_count"):
        return count(int(value), labels["guide_unit_day"], labels["guide_unit_days"])
    if name in ("deadline_months", "max_span_months"):
        return count(int(value), labels["guide_unit_month"], labels["guide_unit_months"])
    if name == "session_count":
        return count(int(value), labels["guide_unit_session"], labels["guide_unit_sessions"])
    if name == "min_staff":
        return count(int(value), labels["guide_unit_facilitator"], labels["guide_unit_facilitators"])
    if name.endswith("_eur"):
        return money(float(value), language)
    if isinstance(value, bool):
        return labels["guide_yes"] if value else labels["guide_no"]
    if isinstance(value, ClockSpan):
        return span(value.start, value.end)
    if name == "review_after_days" and isinstance(value, Range):
        return f"{value.min} {labels['guide_range_to']} " + count(value.max, labels["guide_unit_day"], labels["guide_unit_days"])
    if isinstance(value, Range):
        return group_size(value.min, value.max, labels)
    if name == "phases":
        titles = []
        for phase_id in value:
            phase = programme.phase(phase_id) if programme is not None else None
            titles.append(phase.title if phase else phase_id)
        return " → ".join(titles)
    if name in ("required_interviews", "recommended_interviews", "parents_at_interviews"):
        return ", ".join(labels[f"interview_{item.value}"] for item in value)
    if name == "required_staff":
        return "; ".join(role.role for role in value)
    if name == "school_time":
        return "; ".join(
            f"{', '.join(labels[f'weekday_{day.value}'] for day in window.days)} {span(window.start, window.end)}"
            for window in value
        )
    if name == "required_completion":
        return ", ".join(labels[f"criterion_{item.value}"] for item in value)
    if isinstance(value, float):
        return number(value, language)
    return str(value)


SHORT_TITLE_MAX = 60
"""Longest short form (characters) taken from a title: what fits a deck footer and a guide's running head."""
_TITLE_CUTS = (" — ", " – ", " : ", f"{NBSP}: ", f"{NNBSP}: ", ": ", " (")


def short_title(title: str, limit: int = SHORT_TITLE_MAX) -> str:
    """One line's worth of ``title``.

    ``title`` itself when it has at most ``limit`` characters; else its part before the
    first " — ", " : " or " (" when that part has 12 to ``limit`` characters; else its
    words up to ``limit`` characters followed by "…". Runs of spaces and line breaks
    become one space; no-break spaces stay, and a title is never cut at one.
    """
    title = re.sub(r"[ \t\r\n]+", " ", title).strip()
    if len(title) <= limit:
        return title
    for cut in _TITLE_CUTS:
        head = title.split(cut, 1)[0].strip()
        if 12 <= len(head) <= limit and head != title:
            return head
    kept = ""
    for word in title.split(" "):
        candidate = f"{kept} {word}".strip()
        if len(candidate) + 1 > limit:
            break
        kept = candidate
    return (kept or title[: limit - 1]).rstrip(f" ,;:—–-{NBSP}{NNBSP}") + "…"


def programme_short_title(programme: Programme) -> str:
    """What a deck's footer and a guide's running head call ``programme``: its ``short_title`` when
    it has one, else :func:`short_title` of its title."""
    return short_title(programme.short_title) if programme.short_title else short_title(programme.title)
