"""Programme languages: every label file has the same keys, and Georgian (ka) values are
formatted and typeset the Georgian way.

Expected values are written out by hand (CLDR's Georgian month names, the lari sign, the
Georgian quotation marks „…“), never computed with the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.model.programme import LANGUAGES, PLACEHOLDERS
from builder.render import fmt
from builder.render.typography import typeset
from builder.validate.runner import validate
from tests.conftest import FIXTURES, REPO

LABELS = REPO / "templates" / "labels"
GEORGIAN_LETTER = re.compile(r"[\u10d0-\u10ff]")


def _labels(language: str) -> dict[str, str]:
    data = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_language_has_a_label_file_and_no_other_file_exists() -> None:
    assert sorted(p.stem for p in LABELS.glob("*.yaml")) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_label_files_have_the_same_keys(language: str) -> None:
    english, other = _labels("en"), _labels(language)
    missing = sorted(set(english) - set(other))
    extra = sorted(set(other) - set(english))
    assert (missing, extra) == ([], []), f"labels/{language}.yaml: missing {missing}, not in en.yaml {extra}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_filled_and_keep_their_fields(language: str) -> None:
    english = _labels("en")
    for key, value in _labels(language).items():
        assert isinstance(value, str) and value.strip(), f"labels/{language}.yaml: {key} is empty"
        assert not value.startswith(PLACEHOLDERS), f"labels/{language}.yaml: {key} is a placeholder"
        fields = {part.split("}")[0] for part in english[key].split("{")[1:]}
        mine = {part.split("}")[0] for part in value.split("{")[1:]}
        assert mine == fields, f"labels/{language}.yaml: {key} has fields {mine}, en.yaml {fields}"


def test_georgian_labels_are_georgian() -> None:
    """Every Georgian label holds Georgian letters, unless it is a sign, a number mark or YAML syntax."""
    not_words = {"euro", "guide_colon", "deck_colon", "site_colon", "guide_range_to", "guide_row_number",
                 "site_number", "cohort_day_heading", "cohort_half_heading", "cohort_slot", "site_type_date", "site_type_bool"}
    for key, value in _labels("ka").items():
        if key in not_words:
            continue
        assert any("\u10d0" <= c <= "\u10ff" for c in value), f"labels/ka.yaml: {key} = {value!r} has no Georgian letter"


def test_georgian_values() -> None:
    assert fmt.date(dt.date(2025, 12, 1), "ka") == "1\u00a0დეკემბერი, 2025"
    assert fmt.date(dt.date(2020, 3, 24), "ka") == "24\u00a0მარტი, 2020"
    assert fmt.duration(150, "ka") == "2\u00a0სთ\u00a030\u00a0წთ"
    assert fmt.duration(180, "ka") == "3\u00a0სთ"
    assert fmt.duration(45, "ka") == "45\u00a0წთ"
    assert fmt.money(190, "ka") == "190\u00a0€"
    assert fmt.money(12.5, "ka", "GEL") == "12,50\u00a0ლარი"  # the sign ₾ is not in DejaVu
    assert fmt.money(1234, "fr", "GEL") == "1\u202f234\u00a0GEL"
    assert fmt.money(1234.5, "en", "GEL") == "GEL\u00a01,234.50"
    assert fmt.number(1234.5, "ka") == "1\u00a0234,5"


def test_georgian_typography() -> None:
    assert typeset('ჩაწერეთ "stagecraft build" : ეს ყველაფერია ?', "ka") == "ჩაწერეთ „stagecraft build“: ეს ყველაფერია?"
    assert typeset("სესია 3 სთ, 12 მონაწილე", "ka") == "სესია 3\u00a0სთ, 12\u00a0მონაწილე"
    once = typeset('"ციტატა" ; და ა.შ.', "ka")
    assert typeset(once, "ka") == once
    assert "\u202f" not in once and "«" not in once


def test_georgian_programme_is_valid_input(project: Path) -> None:
    shutil.copy(FIXTURES / "frameworks" / "ka-test.yaml", project / "curricula" / "frameworks")
    path = project / "curricula" / "programmes" / "ka-mini.yaml"
    shutil.copy(FIXTURES / "ka-mini.yaml", path)
    _, problems = validate(project, [path], strict=True)
    assert [p.format() for p in problems] == []


def test_glyphs_warns_about_georgian_characters_the_fonts_lack(project: Path) -> None:
    """DejaVu draws Georgian letters, not the Mtavruli capitals (U+1C90…) nor the lari sign ₾."""
    shutil.copy(FIXTURES / "frameworks" / "ka-test.yaml", project / "curricula" / "frameworks")
    path = project / "curricula" / "programmes" / "ka-mini.yaml"
    text = (FIXTURES / "ka-mini.yaml").read_text(encoding="utf-8")
    text = text.replace('room: "ოთახი 20 ადამიანისთვის, პროექტორით."', 'room: "ოთახის ქირა: 50 ₾."')
    text = text.replace('  - id: gaxsna\n    title: "გახსნა"', '  - id: gaxsna\n    title: "ᲒᲐᲮᲡᲜᲐ"')
    path.write_text(text, encoding="utf-8")
    _, problems = validate(project, [path])
    glyphs = [p.format().split(": ", 1)[1] for p in problems if p.rule == "glyphs"]
    assert len(glyphs) == 2, glyphs
    assert "U+20BE" in glyphs[0] + glyphs[1] and "U+1C92" in glyphs[0] + glyphs[1]


def test_georgian_yaml_reference_names_real_keys() -> None:
    """templates/site/reference.ka.yaml describes mappings and keys that exist in the model (a typo would be
    silently unused: the key would show in English)."""
    from builder.model import framework, handout, programme

    models = {name: getattr(module, name) for module in (programme, framework, handout) for name in dir(module)}
    data = yaml.safe_load((REPO / "templates" / "site" / "reference.ka.yaml").read_text(encoding="utf-8"))
    unknown = [m for m in data["models"] if not hasattr(models.get(m), "model_fields")]
    unknown += [k for k in data["fields"] if k.split(".")[1] not in getattr(models.get(k.split(".")[0]), "model_fields", {})]
    assert unknown == []
    assert all(GEORGIAN_LETTER.search(v["summary"]) for v in data["models"].values())
