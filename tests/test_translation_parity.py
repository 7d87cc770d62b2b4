"""Translation parity: ``translation_of`` names the original, and the twin keeps its shape.

The fixture pair is tests/fixtures/ka-mini.yaml (Georgian original) and ka-mini-en.yaml (its English
twin). Each test copies them into a project, changes the twin, and pins the full messages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.validate.runner import validate
from tests.conftest import FIXTURES


@pytest.fixture
def pair(project: Path) -> Path:
    """A project holding the Georgian original and its English twin, both valid."""
    shutil.copy(FIXTURES / "frameworks" / "ka-test.yaml", project / "curricula" / "frameworks")
    for name in ("ka-mini", "ka-mini-en"):
        shutil.copy(FIXTURES / f"{name}.yaml", project / "curricula" / "programmes" / f"{name}.yaml")
    return project


def _twin(root: Path) -> Path:
    return root / "curricula" / "programmes" / "ka-mini-en.yaml"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _messages(root: Path, files: list[Path] | None = None) -> list[str]:
    _, problems = validate(root, files, strict=True)
    return [p.format().replace(str(root) + "/", "") for p in problems]


def test_the_fixture_pair_is_clean(pair: Path) -> None:
    assert _messages(pair) == []


def test_a_changed_activity_duration_is_reported_at_the_twin(pair: Path) -> None:
    # the quiz lasts 1h45 in the original; the twin shortens it (and so its session no longer adds up)
    _edit(_twin(pair), "        duration: 1h45\n        method: quiz", "        duration: 1h30\n        method: quiz")
    parity = [m for m in _messages(pair) if "translation-parity" in m]
    assert parity == [
        "curricula/programmes/ka-mini-en.yaml:61:19: error[translation-parity]: sessions[0].activities[2].duration: "
        "expected 1 h 45 min as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:60:19), got 1 h 30 min: "
        "write duration: 1h45, or change both versions",
    ]


def test_every_difference_in_one_run(pair: Path) -> None:
    twin = _twin(pair)
    _edit(twin, "    day: 1\n    start: \"14:00\"", "    day: 2\n    start: \"14:00\"")
    _edit(twin, "        method: case_study", "        method: small_groups")
    _edit(twin, "    type: quiz", "    type: worksheet")
    _edit(twin, '        - {id: q2, text: "Alcohol and medicines together are more dangerous.", choices: ["True", "False"]}\n', "")
    _edit(twin, "  - id: dziritadi\n    title: \"Core work\"", "  - id: core\n    title: \"Core work\"")
    _edit(twin, "    phase: dziritadi", "    phase: core")
    messages = [m for m in _messages(pair, [twin]) if "translation-parity" in m or "ref-translation" in m]
    assert messages == [
        "curricula/programmes/ka-mini-en.yaml:36:9: error[translation-parity]: phases[1].id: expected phase 'dziritadi' "
        "here as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:35:9), got 'core': a translation keeps "
        "the original's phase ids in order (gaxsna, dziritadi); translate titles only",
        "curricula/programmes/ka-mini-en.yaml:70:12: error[translation-parity]: sessions[1].phase: expected 'dziritadi' "
        "as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:69:12), got 'core': write phase: dziritadi",
        "curricula/programmes/ka-mini-en.yaml:71:10: error[translation-parity]: sessions[1].day: expected day 1 as in "
        "the original 'ka-mini' (curricula/programmes/ka-mini.yaml:70:10), got day 2: write day: 1, or change both "
        "versions",
        "curricula/programmes/ka-mini-en.yaml:78:17: error[translation-parity]: sessions[1].activities[0].method: "
        "expected case_study as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:77:17), got "
        "small_groups: write method: case_study",
        "curricula/programmes/ka-mini-en.yaml:90:11: error[translation-parity]: handouts[0].type: expected quiz as in "
        "the original 'ka-mini' (curricula/programmes/ka-mini.yaml:89:11), got worksheet: write type: quiz",
        "curricula/programmes/ka-mini-en.yaml:95:9: error[translation-parity]: handouts[0].participant.questions: "
        "expected 2 questions as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:94:9), got 1: "
        "translate each of the original's questions, no more, no fewer",
    ]


def test_sessions_missing_added_or_reordered(pair: Path) -> None:
    twin = _twin(pair)
    text = twin.read_text(encoding="utf-8")
    first = text[text.index("  - id: dila\n"):text.index("  - id: nashuadghevi\n")]
    second = text[text.index("  - id: nashuadghevi\n"):text.index("handouts:\n")]
    twin.write_text(text.replace(first + second, second + first.replace("id: dila", "id: dilla")), encoding="utf-8")
    messages = [m for m in _messages(pair) if "translation-parity" in m]
    assert messages == [
        "curricula/programmes/ka-mini-en.yaml:39:3: error[translation-parity]: sessions: expected session 'dila' as "
        "in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:38:9), got none: translate it into this file "
        "(same id, day and timings)",
        "curricula/programmes/ka-mini-en.yaml:39:9: error[translation-parity]: sessions[0].id: expected session 'dila' "
        "here as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:67:9), got 'nashuadghevi' (the "
        "original's sessions[1]): put the sessions in the original's order",
        "curricula/programmes/ka-mini-en.yaml:59:9: error[translation-parity]: sessions[1].id: expected a session id "
        "of the original 'ka-mini' (curricula/programmes/ka-mini.yaml:38:3), got 'dilla' (did you mean 'dila'?): a "
        "translation keeps the original's session ids; rename it or remove the session",
    ]


def test_unknown_original_says_did_you_mean(pair: Path) -> None:
    _edit(_twin(pair), "translation_of: ka-mini", "translation_of: ka-mnii")
    assert [m for m in _messages(pair) if "translation" in m] == [
        "curricula/programmes/ka-mini-en.yaml:6:17: error[ref-translation]: translation_of: expected the id of a "
        "programme in curricula/programmes/, got 'ka-mnii' (did you mean 'ka-mini'?)",
    ]


def test_a_translation_of_itself_or_of_a_translation(pair: Path) -> None:
    third = pair / "curricula" / "programmes" / "ka-mini-fr.yaml"
    shutil.copy(_twin(pair), third)
    _edit(third, "id: ka-mini-en", "id: ka-mini-fr")
    _edit(third, "translation_of: ka-mini", "translation_of: ka-mini-en")
    _edit(pair / "curricula" / "programmes" / "ka-mini.yaml", "language: ka\n", "language: ka\ntranslation_of: ka-mini\n")
    assert [m for m in _messages(pair) if "translation" in m] == [
        "curricula/programmes/ka-mini-fr.yaml:6:17: error[ref-translation]: translation_of: expected an original, got "
        "'ka-mini-en', itself a translation of 'ka-mini' (curricula/programmes/ka-mini-en.yaml:6:17): translate from "
        "the original, write translation_of: ka-mini",
        "curricula/programmes/ka-mini.yaml:6:17: error[ref-translation]: translation_of: expected the id of the "
        "programme this one translates, got 'ka-mini', this programme's own id: remove translation_of from the "
        "original and write it in each translation",
    ]


def test_validating_the_original_alone_reports_its_drifted_twin(pair: Path) -> None:
    original = pair / "curricula" / "programmes" / "ka-mini.yaml"
    _edit(original, "    duration: 2h\n", "    duration: 2h15\n")
    _edit(original, "        duration: 1h30\n        method: case_study", "        duration: 1h45\n        method: case_study")
    messages = [m for m in _messages(pair, [original]) if "translation" in m]
    assert messages == [
        "curricula/programmes/ka-mini-en.yaml:73:15: error[translation-parity]: sessions[1].duration: expected "
        "2 h 15 min as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:72:15), got 2 h: write "
        "duration: 2h15, or change both versions",
        "curricula/programmes/ka-mini-en.yaml:77:19: error[translation-parity]: sessions[1].activities[0].duration: "
        "expected 1 h 45 min as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:76:19), got 1 h 30 min: "
        "write duration: 1h45, or change both versions",
    ]


def test_the_command_line_exits_1_with_the_message(pair: Path) -> None:
    import subprocess
    import sys

    _edit(_twin(pair), "        duration: 1h45\n        method: quiz", "        duration: 1h30\n        method: quiz")
    run = subprocess.run(
        [sys.executable, "-m", "builder", "validate"], cwd=pair, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert (
        "curricula/programmes/ka-mini-en.yaml:61:19: error[translation-parity]: sessions[0].activities[2].duration: "
        "expected 1 h 45 min as in the original 'ka-mini' (curricula/programmes/ka-mini.yaml:60:19), got 1 h 30 min"
    ) in run.stdout + run.stderr
