"""Hostile and broken input: each case gives a clean, located error, exit 1, and the build writes nothing."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from builder import build as build_module
from builder.build import BuildOptions, run_build
from conftest import FIXTURES, REPO, require_tool

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
)
DEPTH = (
    "error[yaml-depth]: expected at most 64 levels of nesting, got deeper (look for a '[' or '{' that is never closed)"
)

# Hostile or broken files, written as they are: file name -> (bytes, the problems `validate` prints for it).
CASES: dict[str, tuple[bytes, list[str]]] = {
    "yaml-bomb": (
        BOMB.encode(),
        ["bad.yaml:6:8: error[yaml-aliases]: expected at most 200000 values once aliases are expanded, got more "
         "(a YAML bomb?)"],
    ),
    "python-tag": (
        b"id: !!python/object/apply:subprocess.call [['touch', 'pwned']]\n",
        ["bad.yaml:1:5: error[yaml-tag]: expected plain YAML (text, numbers, lists, mappings), got the tag "
         "'!!python/object/apply:subprocess.call'; Stagecraft never constructs tagged objects"],
    ),
    "deep-nesting": (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", ["bad.yaml:1:67: " + DEPTH]),
    "nesting-one-too-deep": (b"a: " + b"[" * 65 + b"]" * 65 + b"\n", ["bad.yaml:1:67: " + DEPTH]),
    "latin-1": (
        "title: Sécurité\n".encode("latin-1"),
        ["bad.yaml:1:9: error[file-encoding]: expected UTF-8 text, got the byte 0xe9 (save the file as UTF-8)"],
    ),
    "tabs": (
        b"id: a\nsessions:\n\t- id: s1\n",
        ["bad.yaml:3:1: error[yaml-syntax]: invalid YAML: expected spaces for indentation, got a tab (indent with "
         "spaces; set your editor to insert spaces)"],
    ),
    "empty": (b"", ["bad.yaml:1:1: error[schema-type]: (document): expected a mapping (key: value), got an empty file"]),
    "crlf-and-bom-still-checked": (
        "\ufeffid: bad\r\ntitle: x\r\n".encode("utf-8"),
        ["bad.yaml:1:1: error[schema-missing]: language: expected the key 'language', found none"],
    ),
}

# Mistakes a designer makes in a valid programme (tests/fixtures/stage-mini.yaml):
# name -> (text to replace, replacement, the one problem `validate` prints for it).
MINI = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")
ACCUEIL = '        duration: 45min\n        method: icebreaker'
VARIANTS: dict[str, tuple[str, str, str]] = {
    # indentation, quotes and colons, in a designer's words
    "indent-deeper": (
        "    phase: ouverture\n    day: 1", "    phase: ouverture\n     day: 1",
        "40:6: error[yaml-syntax]: invalid YAML: expected 'day:' at column 5 like 'phase:' above it, got column 6 "
        "(indentation: line keys of one mapping up with the same number of spaces)",
    ),
    "indent-shallower": (
        "    phase: ouverture\n    day: 1", "    phase: ouverture\n   day: 1",
        "40:4: error[yaml-syntax]: invalid YAML: expected 'day:' at column 5 like 'phase:' above it, got column 4 "
        "(indentation: line keys of one mapping up with the same number of spaces)",
    ),
    "indent-list-item": (
        "  - id: matin\n    title:", "  - id: matin\n   title:",
        "38:4: error[yaml-syntax]: invalid YAML: expected 'title:' at column 5 like 'id:' above it, got column 4 "
        "(indentation: line keys of one mapping up with the same number of spaces)",
    ),
    "dash-without-space": (
        "  - id: ouverture", "  -id: ouverture",
        "32:3: error[yaml-syntax]: invalid YAML: expected a space after '-' in a list item, got '-id' "
        "(write '- id: ouverture')",
    ),
    "colon-without-space": (
        "fee_eur: 190", "fee_eur:190",
        "14:8: error[yaml-syntax]: invalid YAML: expected a space after ':', got 'fee_eur:190' (write fee_eur: 190)",
    ),
    "colon-in-text": (
        'title: "Ouverture"', "title: Ouverture: le début",
        "33:21: error[yaml-syntax]: invalid YAML: expected text after 'title:', got a second ':' followed by a "
        "space inside it (put the whole text in quotes: title: \"Ouverture: le début\")",
    ),
    "quote-not-closed": (
        'title: "Ouverture"', 'title: "Ouverture',
        "33:12: error[yaml-syntax]: invalid YAML: expected a closing \" on this line, got none: the text runs on "
        "to line 35 (close the quote at the end of the text)",
    ),
    "quote-inside-double-quotes": (
        'title: "Ouverture"', 'title: "L"ouverture"',
        "33:12: error[yaml-syntax]: invalid YAML: expected the text to end at its closing \", got more text after "
        "it (write \\\" for a \" inside double quotes, or put the text in single quotes)",
    ),
    "apostrophe-inside-single-quotes": (
        'title: "Ouverture"', "title: 'L'ouverture'",
        "33:12: error[yaml-syntax]: invalid YAML: expected the text to end at its closing ', got more text after "
        "it (write '' for an apostrophe inside single quotes, or put the text in double quotes)",
    ),
    "quote-open-at-end-of-file": (
        '        slides: ["Ce que je retiens"]', '        slides: ["Ce que je retiens]',
        "83:18: error[yaml-syntax]: invalid YAML: expected a closing quote for the text that starts here, got the "
        "end of the file (close the quote)",
    ),
    "list-not-closed": (
        'slides: ["Respect de la parole", "Confidentialité", "Horaires"]',
        'slides: ["Respect de la parole" "Confidentialité", "Horaires"]',
        "53:41: error[yaml-syntax]: invalid YAML: expected ',' or ']' in the '[' list opened at line 53, got more "
        "text (close it with ']', and put an item holding ',', ':' or quotes in quotes)",
    ),
    "reserved-first-character": (
        'title: "Ouverture"', "title: @home",
        "33:12: error[yaml-syntax]: invalid YAML: expected text, got '@' at its start, which YAML reserves (put the "
        "text in quotes)",
    ),
    "star-at-start": (
        'title: "Ouverture"', "title: *important* day",
        "33:12: error[yaml-syntax]: invalid YAML: expected text, got a '*' at its start, which YAML reads as an "
        "alias (put the text in quotes)",
    ),
    "backslash-in-double-quotes": (
        'title: "Ouverture"', 'title: "C:\\dossier"',
        "33:15: error[yaml-syntax]: invalid YAML: expected a known escape after '\\' in double-quoted text, got "
        "'\\d' (write '\\\\' for a backslash, or put the text in single quotes)",
    ),
    "line-without-colon": (
        "    phase: ouverture\n", "    phase: ouverture\n    just text\n",
        "40:5: error[yaml-syntax]: invalid YAML: expected 'key: value', got 'just text' with no ': ' (add ': ' "
        "after the key, or indent the line under the text it continues)",
    ),
    "key-missing": (
        "    phase: ouverture\n    day: 1", "    : ouverture\n    day: 1",
        "39:5: error[yaml-syntax]: invalid YAML: expected a key before ':', got none (write the key first: "
        "'name: ouverture')",
    ),
    "french-colon-in-list-item": (
        '["Nommer les principaux produits et leurs effets."]', "[Objectif : nommer les produits]",
        "43:18: error[schema-type]: sessions[0].objectives[0]: expected text, got a mapping (key: value) (a ':' "
        "followed by a space makes a key: value pair; quote the whole text: \"Objectif : nommer les produits\")",
    ),
    "french-colon-in-block-list-item": (
        '    objectives: ["Nommer les principaux produits et leurs effets."]',
        "    objectives:\n      - Objectif : nommer les produits",
        "44:9: error[schema-type]: sessions[0].objectives[0]: expected text, got a mapping (key: value) (a ':' "
        "followed by a space makes a key: value pair; quote the whole text: \"Objectif : nommer les produits\")",
    ),
    "french-colon-in-title": (
        'title: "Ouverture"', "title: Objectif : ouverture",
        "33:21: error[yaml-syntax]: invalid YAML: expected text after 'title:', got a second ':' followed by a "
        "space inside it (put the whole text in quotes: title: \"Objectif : ouverture\")",
    ),
    # YAML reading text as something else
    "yes-as-text": (
        'title: "Ouverture"', "title: Yes",
        "33:12: error[schema-type]: phases[0].title: expected text, got Yes (unquoted, yes, no, on, off, true and "
        "false are read as true or false: quote it: 'Yes')",
    ),
    "no-in-a-list": (
        'materials: ["Badges prénoms"]', "materials: [no]",
        "52:21: error[schema-type]: sessions[0].activities[0].materials[0]: expected text, got no (unquoted, yes, "
        "no, on, off, true and false are read as true or false: quote it: 'no')",
    ),
    "on-as-text": (
        'room: "Salle de 30 m² avec tables en U et vidéoprojecteur."', "room: on",
        "17:7: error[schema-type]: room: expected text, got on (unquoted, yes, no, on, off, true and false are "
        "read as true or false: quote it: 'on')",
    ),
    "version-1.10": (
        'version: "1.0"', "version: 1.10",
        "7:10: error[schema-type]: version: expected text, got 1.10 (quote it: '1.10')",
    ),
    "date-as-text": (
        'version: "1.0"', "version: 2025-03-01",
        "7:10: error[schema-type]: version: expected text, got 2025-03-01 (quote it: '2025-03-01')",
    ),
    "no-value": (
        'version: "1.0"', "version:",
        "7:9: error[schema-type]: version: expected text, got no value (write the text after 'version:', or "
        "remove the key)",
    ),
    "undefined-alias": (
        'title: "Ouverture"', "title: *ouverture",
        "33:12: error[yaml-alias]: alias *ouverture is not defined: expected an anchor &ouverture earlier in the "
        "file (to write text starting with '*', put it in quotes)",
    ),
    "merge-key": (
        '  - id: approfondissement\n    title: "Approfondissement"',
        "  - <<: {id: approfondissement, title: Approfondissement}",
        "34:5: error[yaml-merge]: expected plain keys, got a '<<' merge key (Stagecraft does not merge mappings: "
        "write the keys out in full, or quote '<<' if it is text)",
    ),
    "duplicate-key": (
        "    phase: ouverture\n    day: 1", "    phase: ouverture\n    phase: approfondissement\n    day: 1",
        "40:5: error[yaml-duplicate-key]: duplicate key 'phase' (first defined at line 39): expected each key once",
    ),
    # silent coercions, now refused
    "quoted-fee": (
        "fee_eur: 190", 'fee_eur: "190"',
        "14:10: error[schema-type]: fee_eur: expected a number, got '190' (in quotes it is text: write it without "
        "quotes: fee_eur: 190)",
    ),
    "quoted-day": (
        "    day: 1\n    duration: 3h", '    day: "1"\n    duration: 3h',
        "40:10: error[schema-type]: sessions[0].day: expected a whole number, got '1' (in quotes it is text: write "
        "it without quotes: day: 1)",
    ),
    "yes-as-number": (
        "group_size: {min: 7, max: 12}", "group_size: {min: yes, max: 12}",
        "15:19: error[schema-type]: group_size.min: expected a whole number, got yes (unquoted, yes, no, on, off, "
        "true and false are read as true or false: write a number)",
    ),
    "decimal-group-size": (
        "group_size: {min: 7, max: 12}", "group_size: {min: 7.5, max: 12}",
        "15:19: error[schema-type]: group_size.min: expected a whole number, got 7.5 (write a whole number, "
        "without decimals)",
    ),
    "id-with-capitals": (
        "  - id: matin", "  - id: Matin Découverte",
        "37:9: error[schema-type]: sessions[0].id: expected an id of lowercase letters, digits and '-', got "
        "'Matin Découverte' (write 'matin-decouverte')",
    ),
    # durations and clock times as designers write them
    **{
        f"duration-{written}": (
            ACCUEIL, ACCUEIL.replace("45min", written),
            f"46:19: error[schema-duration]: sessions[0].activities[0].duration: expected a duration like '2h30' or "
            f"'45min', got '{written.strip(chr(34))}' (write '{fix}')",
        )
        for written, fix in [
            ("35mn", "35min"), ("3H", "3h"), ("40m", "40min"), ("20mins", "20min"), ("3h30m", "3h30"),
            ('"9:00"', "9h"), ("1.5h", "1h30"),
        ]
    },
    "duration-3:00-unquoted": (
        ACCUEIL, ACCUEIL.replace("45min", "3:00"),
        "46:19: error[schema-duration]: sessions[0].activities[0].duration: expected a duration like '2h30' or "
        "'45min', got 3:00, which YAML reads as a clock-like number (write '3h')",
    ),
    "duration-bare-number": (
        ACCUEIL, ACCUEIL.replace("45min", "45"),
        "46:19: error[schema-duration]: sessions[0].activities[0].duration: expected a duration like '2h30' or "
        "'45min', got the bare number 45 (durations are text: write '45min')",
    ),
    "duration-empty": (
        ACCUEIL, ACCUEIL.replace("45min", ""),
        "46:18: error[schema-duration]: sessions[0].activities[0].duration: expected a duration like '2h30' or "
        "'45min', got no value",
    ),
    "duration-yes": (
        ACCUEIL, ACCUEIL.replace("45min", "yes"),
        "46:19: error[schema-duration]: sessions[0].activities[0].duration: expected a duration like '2h30' or "
        "'45min', got yes (unquoted, yes, no, on, off, true and false are read as true or false)",
    ),
    "clock-unquoted": (
        'start_time: "09:00"', "start_time: 9:00",
        "19:13: error[schema-clock]: start_time: expected a clock time in quotes, got 9:00 unquoted, which YAML "
        "reads as a number (quote it: '09:00')",
    ),
    "clock-french": (
        'start_time: "09:00"', 'start_time: "9h"',
        "19:13: error[schema-clock]: start_time: expected a clock time like '09:30', got '9h' (write '09:00')",
    ),
    "misspelt-key": (
        'title: "Stage de', 'titel: "Stage de',
        "3:1: error[schema-unknown-key]: titel: unknown key 'titel' (did you mean 'title'?)",
    ),
}


def variant(name: str) -> bytes:
    old, new, _ = VARIANTS[name]
    assert MINI.count(old) >= 1, old
    text = MINI.replace(old, new, 1).replace("id: stage-mini", f"id: v-{name.lower().replace('.', '-').replace(':', '-').replace(chr(34), '')}")
    return text.encode("utf-8")


def file_of(name: str) -> str:
    return "v-" + name.lower().replace(".", "-").replace(":", "-").replace('"', "") + ".yaml"


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, list[str]]]:
    """One project holding every broken file and variant, validated in ONE run of the CLI."""
    root = tmp_path_factory.mktemp("hostile") / "proj"
    programmes = root / "curricula" / "programmes"
    programmes.mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    for name, (data, _) in CASES.items():
        (programmes / f"{name}.yaml").write_bytes(data)
    for name in VARIANTS:
        (programmes / file_of(name)).write_bytes(variant(name))
    result = run_cli(root, "validate")
    by_file: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        by_file.setdefault(line.split(":", 1)[0], []).append(line)
    assert not (root / "pwned").exists()
    return result, by_file


def test_the_broken_library_is_one_clean_run(
    library: tuple[subprocess.CompletedProcess[str], dict[str, list[str]]],
) -> None:
    result, by_file = library
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(CASES) + len(VARIANTS) >= 50
    assert set(by_file) == {f"curricula/programmes/{n}.yaml" for n in CASES} | {
        f"curricula/programmes/{file_of(n)}" for n in VARIANTS
    }


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gives_clean_located_error(
    library: tuple[subprocess.CompletedProcess[str], dict[str, list[str]]], case: str
) -> None:
    _, by_file = library
    lines = by_file[f"curricula/programmes/{case}.yaml"]
    for expected in CASES[case][1]:
        assert "curricula/programmes/" + expected.replace("bad.yaml", f"{case}.yaml") in lines, lines


@pytest.mark.parametrize("name", list(VARIANTS))
def test_designer_mistake_gives_one_located_error_with_a_fix(
    library: tuple[subprocess.CompletedProcess[str], dict[str, list[str]]], name: str
) -> None:
    _, by_file = library
    path = f"curricula/programmes/{file_of(name)}"
    assert by_file[path] == [f"{path}:{VARIANTS[name][2]}"]


def test_fifty_megabyte_file_is_refused_quickly(project: Path) -> None:
    path = project / "curricula" / "programmes" / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"a: ")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x\n")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout == (
        "curricula/programmes/huge.yaml:1:1: error[file-size]: expected a file of at most 2048 KiB, got 51200 KiB\n"
    )


@pytest.mark.parametrize("case", ["yaml-bomb", "python-tag", "latin-1", "empty"])
def test_hostile_file_writes_nothing(mini_project: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    opts = BuildOptions(root=mini_project, out=mini_project / "build", targets=("guides",), quiet=True)
    assert run_build(opts)[0] == []
    before = sorted(p.name for p in (mini_project / "build").rglob("*"))
    (mini_project / "curricula" / "programmes" / "bad.yaml").write_bytes(CASES[case][0])
    problems, _ = run_build(opts)
    assert problems and all(str(p.location).startswith(f"{mini_project}/curricula/programmes/bad.yaml:") for p in problems)
    assert sorted(p.name for p in (mini_project / "build").rglob("*")) == before


def test_html_in_titles_is_text_in_the_guide(mini_project: Path) -> None:
    """A title holding markup is printed as text in the guide, never interpreted."""
    from builder.load.project import load_project
    from builder.render.context import RenderContext
    from builder.render.guides import render_html

    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: "Les produits et leurs effets"', 'title: "<script>alert(1)</script> & <b>effets</b>"')
    path.write_text(text, encoding="utf-8")
    project = load_project(mini_project)
    assert project.problems == []
    ctx = RenderContext(project=project)
    html = render_html(ctx, ctx.view(project.programmes[0]))
    assert "<script>alert(1)</script>" not in html and "<b>effets</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;effets&lt;/b&gt;" in html
NINE_MISTAKES = [
    ('title: "Stage de sensibilisation', 'titel: "Stage de sensibilisation'),  # a misspelt key
    ("language: fr", "language: de"),  # not a language of the tool
    ('version: "1.0"', "version: 1.10"),  # YAML would read 1.1
    ("fee_eur: 190", "fee_eur: 600"),  # above the legal maximum
    ("    duration: 45min\n    timing", "    duration: 45\n    timing"),  # a bare number
    ("criteria: [attendance, attestation]", "criteria: [attendance, attestatoin]"),  # a typo in a choice
    ('"Accueil et règles du groupe"\n        duration: 45min', '"Accueil et règles du groupe"\n        duration: 50min'),
]
THIRD_SESSION = """\
  - id: matin
    title: "Retour sur l'expérience"
    phase: approfondissement
    day: 40
    duration: 1h
    objectives: ["Faire le point un mois après."]
    activities:
      - title: "Tour de table"
        duration: 1h
        method: discussion
        instructions: ["Chacun dit ce qui a changé."]
        facilitator_notes: ["Écouter sans juger."]
        slides: ["Un mois après"]
"""


def test_nine_mistakes_in_one_file_give_nine_problems_in_one_run(mini_project: Path) -> None:
    """Schema errors do not hide the rule checks of the same file; nothing depending on a broken part is reported."""
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = MINI
    for old, new in NINE_MISTAKES:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text + THIRD_SESSION, encoding="utf-8")  # a duplicate id, 40 days after the first
    result = run_cli(mini_project, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [
        ["curricula/programmes/stage-mini.yaml:3:1", "error[schema-unknown-key]"],
        ["curricula/programmes/stage-mini.yaml:4:11", "error[schema-choice]"],
        ["curricula/programmes/stage-mini.yaml:7:10", "error[schema-type]"],
        ["curricula/programmes/stage-mini.yaml:14:10", "error[fee]"],
        ["curricula/programmes/stage-mini.yaml:23:15", "error[schema-duration]"],
        ["curricula/programmes/stage-mini.yaml:27:26", "error[schema-choice]"],
        ["curricula/programmes/stage-mini.yaml:41:15", "error[activity-sum]"],
        ["curricula/programmes/stage-mini.yaml:84:9", "error[duplicate-id]"],
        ["curricula/programmes/stage-mini.yaml:87:10", "error[days]"],
    ]
    assert "sessions[0].duration: expected the activities to add up to 3 h, got 3 h 05 min" in lines[6]
    assert "sessions[2].day: expected the programme to fit in one calendar month (31 days at most), got 40 days" in lines[8]


def test_checks_that_read_a_broken_part_say_nothing(mini_project: Path) -> None:
    """A broken activity: the checks of the rest of the file run; none that needs that activity guesses."""
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = MINI.replace("fee_eur: 190", "fee_eur: 600").replace(
        '"Bilan de la journée"\n        duration: 30min', '"Bilan de la journée"\n        duration: 35mn'
    )
    path.write_text(text.replace("    duration: 2h\n    summary", "    duration: 2h\n    summary"), "utf-8")
    result = run_cli(mini_project, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.split(": ")[:2] for line in result.stdout.splitlines()] == [
        ["curricula/programmes/stage-mini.yaml:14:10", "error[fee]"],
        ["curricula/programmes/stage-mini.yaml:79:19", "error[schema-duration]"],
    ]


def test_a_broken_programme_is_checked_but_never_built(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    path.write_text(MINI.replace("fee_eur: 190", "fee_eur: 600").replace("language: fr", "language: de"), "utf-8")
    opts = BuildOptions(root=mini_project, out=mini_project / "build", targets=("guides",), quiet=True)
    problems, _ = run_build(opts)
    assert sorted(p.rule for p in problems) == ["fee", "schema-choice"]
    assert not (mini_project / "build").exists()


def test_no_programme_file_is_skipped_or_overwritten_silently(mini_project: Path) -> None:
    programmes = mini_project / "curricula" / "programmes"
    (programmes / "themes").mkdir()
    (programmes / "themes" / "sous-dossier.yaml").write_text(
        MINI.replace("id: stage-mini", "id: sous-dossier").replace("fee_eur: 190", "fee_eur: 600"), "utf-8"
    )
    (programmes / "lien.yaml").symlink_to("../disparu.yaml")
    (programmes / "themes" / "boucle").symlink_to("..")  # a loop is read once
    for suffix in (".yaml", ".yml"):
        (programmes / f"double{suffix}").write_text(MINI.replace("id: stage-mini", "id: double"), "utf-8")
    (programmes / "majuscules.YAML").write_text(MINI.replace("id: stage-mini", "id: majuscules"), "utf-8")
    (programmes / ".#stage-mini.yaml").write_text("editor lock file", "utf-8")
    result = run_cli(mini_project, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "curricula/programmes/double.yml:2:5: error[duplicate-programme]: id: expected one file per programme, got "
        "'double' again (already the id of curricula/programmes/double.yaml): rename or remove one of them",
        "curricula/programmes/lien.yaml: error[file-link]: expected a file, got a link to '../disparu.yaml', which "
        "does not exist (fix the link or remove it)",
        "curricula/programmes/majuscules.YAML: warning[file-extension]: expected the extension '.yaml' in lower "
        "case, got '.YAML' (rename the file to majuscules.yaml: editors and hooks match lower case only)",
        "curricula/programmes/themes/sous-dossier.yaml:14:10: error[fee]: fee_eur: expected at most 450 EUR, got "
        "600 EUR (source: " + result.stdout.split("(source: ")[1].split("\n")[0],
    ]


def test_subfolder_programmes_are_built_like_the_others(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validating a programme by its path and building the library see the same files."""
    from builder.load.project import load_project

    themes = mini_project / "curricula" / "programmes" / "themes"
    themes.mkdir()
    shutil.move(mini_project / "curricula" / "programmes" / "stage-mini.yaml", themes / "stage-mini.yaml")
    project = load_project(mini_project)
    assert project.problems == [] and [p.model.id for p in project.programmes] == ["stage-mini"]
    assert run_cli(mini_project, "validate", "curricula/programmes/themes/stage-mini.yaml").returncode == 0


def test_validate_a_framework_file_checks_it_as_a_framework(project: Path) -> None:
    result = run_cli(project, "validate", "curricula/frameworks/fr-code-penal-131-5-1.yaml")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    assert result.stderr.strip() == "checked 1 file(s): 0 error(s), 0 warning(s)"
    path = project / "curricula" / "frameworks" / "resocialisation.yaml"
    path.write_text(path.read_text("utf-8").replace("language: en", "language: english", 1), "utf-8")
    result = run_cli(project, "validate", "curricula/frameworks/resocialisation.yaml")
    assert result.returncode == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["error[schema-choice]"]
    shutil.copy(FIXTURES / "reso-mini.yaml", project / "curricula" / "programmes" / "reso-mini.yaml")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "curricula/programmes/reso-mini.yaml:5:12: "
        "warning[ref-framework]: framework: 'resocialisation' has errors (reported in its file), so this "
        "programme's rules were not checked; they are once the framework loads"
    )


def test_yaml_files_in_a_frameworks_subfolder_are_reported(project: Path) -> None:
    extra = project / "curricula" / "frameworks" / "old"
    extra.mkdir()
    shutil.copy(project / "curricula" / "frameworks" / "resocialisation.yaml", extra / "resocialisation.yaml")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "curricula/frameworks/old: error[file-folder]: expected the files of curricula/frameworks/ directly in it, "
        "got a subfolder with 1 YAML file(s) that are not read (move them up into curricula/frameworks/)"
    ]


@contextlib.contextmanager
def read_only(*folders: Path) -> Iterator[None]:
    """Make folders unwritable for this process: ``chattr +i`` as root (root ignores file modes), else chmod."""
    if os.geteuid() == 0:
        chattr = require_tool("chattr", "root ignores file modes; an immutable folder stands in for a read-only one")
        done = []
        try:
            for folder in folders:
                if subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode:
                    pytest.skip("this file system does not support chattr +i")
                done.append(folder)
            yield
        finally:
            for folder in done:
                subprocess.run([chattr, "-i", str(folder)], capture_output=True)
    else:
        modes = {folder: folder.stat().st_mode for folder in folders}
        try:
            for folder in folders:
                folder.chmod(0o555)
            yield
        finally:
            for folder, mode in modes.items():
                folder.chmod(mode)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_unwritable_cache_builds_without_it_and_warns(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Say after one `sudo stagecraft build`: the cache belongs to root; the build still succeeds."""
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    opts = BuildOptions(root=mini_project, out=mini_project / "build", targets=("guides",), quiet=True)
    assert run_build(opts)[0] == []
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    path.write_text(MINI.replace("format court", "format court révisé"), "utf-8")  # a render is needed
    cache = mini_project / ".stagecraft-cache"
    before = snapshot(cache)
    with read_only(cache, cache / "guides"):
        problems, summary = run_build(opts)
    assert [p.format() for p in problems] == [
        f"{cache}: warning[cache]: expected a build cache Stagecraft can write, got one it cannot: "
        + problems[0].message.split("got one it cannot: ")[1]
    ]
    assert "this build renders without storing its results" in problems[0].message
    assert "sudo chown -R \"$USER\" .stagecraft-cache" in problems[0].message
    assert summary.startswith("built guides for 1 programme(s)")
    assert (mini_project / "build" / "guides" / "stage-mini.txt").exists()
    assert snapshot(cache) == before


def test_read_only_output_fails_before_rendering_and_keeps_the_build(
    mini_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    opts = BuildOptions(root=mini_project, out=mini_project / "build", targets=("guides",), quiet=True)
    assert run_build(opts)[0] == []
    before = snapshot(mini_project / "build")
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    path.write_text(MINI.replace("format court", "format court révisé"), "utf-8")
    monkeypatch.setenv("FAKE_RENDERER_MODE", "raise")  # a render would fail differently: none may start
    with read_only(mini_project / "build"):
        problems, summary = run_build(opts)
    assert summary == ""
    assert [p.rule for p in problems] == ["write"]
    assert problems[0].message.startswith("expected an output folder Stagecraft can write, got one it cannot: ")
    assert problems[0].message.endswith(
        "(make it writable, or choose another folder with --out); nothing was rendered and the previous output "
        "is as it was"
    )
    assert snapshot(mini_project / "build") == before


def test_read_only_project_build_is_one_clean_error(mini_project: Path) -> None:
    """The whole project read-only (cache and output inside it): exit 1 at once, no traceback, nothing rendered."""
    (mini_project / "build").mkdir()
    with read_only(mini_project, mini_project / "build"):
        result = run_cli(mini_project, "build", "--only", "guides")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[1/" not in result.stderr  # no progress line: nothing rendered
    assert result.stdout.startswith(
        "build: error[write]: expected an output folder Stagecraft can write, got one it cannot: "
    )
    assert result.stderr.strip().endswith("build failed: the previous output was left as it was")
