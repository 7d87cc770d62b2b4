"""Typography and the one formatting module: what a reader sees, whatever the author typed.

Expected strings are written out by hand with their special characters named:
NBSP (no-break space), NNBSP (narrow no-break space), NBHY (non-breaking hyphen).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import re

import pytest

from builder.render import fmt
from builder.render.typography import typeset

NBSP, NNBSP, NBHY = "\u00a0", "\u202f", "\u2011"

PLAIN_SPACE_BEFORE_PUNCT = re.compile(r"[^\s\u00a0\u202f] [:;?!](?:\s|$)|« | »")
"""A French text error: a plain (breaking) space before : ; ? ! or inside « »."""


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Attention: danger", f"Attention{NBSP}: danger"),
        ("Attention : danger", f"Attention{NBSP}: danger"),
        ("Vraiment ? Oui ! Non; peut-être", f"Vraiment{NNBSP}? Oui{NNBSP}! Non{NNBSP}; peut-être"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ('Il dit "bonjour" et « au revoir »', f"Il dit «{NBSP}bonjour{NBSP}» et «{NBSP}au revoir{NBSP}»"),
        ("l'usage d'un produit", "l\u2019usage d\u2019un produit"),
        ("C. pén. art. 131-5-1", f"C.{NBSP}pén.{NBSP}art.{NBSP}131{NBHY}5{NBHY}1"),
        ("C. pén. art. R131-36", f"C.{NBSP}pén.{NBSP}art.{NBSP}R131{NBHY}36"),
        ("amende de 3e classe : 450 €", f"amende de 3\u1d49 classe{NBSP}: 450{NBSP}€"),
        ("le 1er jour, 6 heures", f"le 1\u1d49\u02b3 jour, 6{NBSP}heures"),
        ("à 09:00, voir https://example.org/?a=1", "à 09:00, voir https://example.org/?a=1"),
        ("3 800 caractères", f"3{NNBSP}800 caractères"),
    ],
)
def test_french_typography(typed: str, printed: str) -> None:
    assert typeset(typed, "fr") == printed
    assert typeset(printed, "fr") == printed  # typesetting twice changes nothing


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Note : read this !", "Note: read this!"),
        ('He said "stop" and it\'s done', "He said \u201cstop\u201d and it\u2019s done"),
        ("6 hours, 12 min", f"6{NBSP}hours, 12{NBSP}min"),
        ("Penal Code art. 131-5-1", f"Penal Code art.{NBSP}131{NBHY}5{NBHY}1"),
    ],
)
def test_english_typography(typed: str, printed: str) -> None:
    assert typeset(typed, "en") == printed
    assert typeset(printed, "en") == printed


def test_georgian_text_in_a_french_programme_keeps_its_own_punctuation() -> None:
    assert typeset("სესია 1: შესავალი", "fr") == "სესია 1: შესავალი"


def test_values_have_one_spelling_per_language() -> None:
    assert fmt.money(12.5, "fr") == f"12,50{NBSP}€"
    assert fmt.money(190, "fr") == f"190{NBSP}€"
    assert fmt.money(12.5, "en") == "€12.50"
    assert fmt.money(190.0, "en") == "€190"
    assert fmt.date(dt.date(2025, 12, 1), "fr") == f"1\u1d49\u02b3{NBSP}décembre 2025"
    assert fmt.date(dt.date(2020, 3, 24), "fr") == f"24{NBSP}mars 2020"
    assert fmt.date(dt.date(2020, 3, 24), "en") == f"24{NBSP}March 2020"
    assert fmt.duration(150, "fr") == f"2{NBSP}h{NBSP}30"
    assert fmt.duration(150, "en") == f"2{NBSP}h{NBSP}30{NBSP}min"
    assert fmt.duration(45, "fr") == f"45{NBSP}min"
    assert fmt.span(9 * 60, 12 * 60 + 30) == "09:00–12:30"


def test_a_second_training_day_is_day_two_whatever_its_calendar_number() -> None:
    assert fmt.day_numbers([1, 1, 15, 15]) == {1: 1, 15: 2}


def test_a_character_the_fonts_lack_is_a_located_warning(tmp_path: Path) -> None:
    import shutil

    from builder.validate.runner import validate
    from conftest import FIXTURES, REPO

    root = tmp_path / "p"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    text = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), start=1) if "Les produits et leurs effets" in l)
    text = text.replace("Les produits et leurs effets", "Les produits et leurs effets \U0001F697", 1)
    (root / "curricula" / "programmes" / "stage-mini.yaml").write_text(text, encoding="utf-8")
    _, problems = validate(root)
    glyphs = [p for p in problems if p.rule == "glyphs"]
    assert len(glyphs) == 1
    assert glyphs[0].severity.value == "warning" and glyphs[0].location.line == line
    assert "U+1F697" in glyphs[0].message and "empty box" in glyphs[0].message
    assert [p for p in problems if p.severity.value == "error"] == []


def test_fonts_fontconfig_cannot_find_give_no_glyph_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fc-list lists no DejaVu (an empty fontconfig configuration): Georgian text is not flagged letter by letter."""
    from builder.validate import glyph_checks

    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    glyph_checks.covered.cache_clear()
    try:
        known = glyph_checks.covered()
        assert ord("ქ") in known and 0x1F697 in known  # nothing inspected: nothing reported
    finally:
        glyph_checks.covered.cache_clear()
