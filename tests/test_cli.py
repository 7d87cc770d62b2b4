"""The ``stagecraft validate`` command as a user runs it: a real subprocess, exit codes, text and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

FILES = len(list((REPO / "curricula" / "frameworks").glob("*.yaml"))) + 1
"""Files a one-programme project checks: the shipped frameworks and the programme."""


def stagecraft(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_valid_project_exits_zero(mini_project: Path) -> None:
    result = stagecraft("validate", cwd=mini_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"checked {FILES} file(s): 0 error(s), 0 warning(s)"


def test_every_problem_in_one_run_exit_one_no_traceback(mini_project: Path) -> None:
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("fee_eur: 190", "fee_eur: 600").replace("    duration: 45min\n    timing", "    duration: 45\n    timing")
    text = text.replace("group_size: {min: 7, max: 12}", "group_size: {min: 7, max: 14}")
    path.write_text(text, encoding="utf-8")
    result = stagecraft("validate", cwd=mini_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # a schema error does not hide the rule checks of the same file
    lines = result.stdout.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [
        ["curricula/programmes/stage-mini.yaml:14:10", "error[fee]"],
        ["curricula/programmes/stage-mini.yaml:15:13", "warning[group-size]"],
        ["curricula/programmes/stage-mini.yaml:23:15", "error[schema-duration]"],
    ]
    assert lines[2].endswith(
        "interviews[0].duration: expected a duration like '2h30' or '45min', got the bare number 45 "
        "(durations are text: write '45min')"
    )
    path.write_text(text.replace("    duration: 45\n    timing", "    duration: 45min\n    timing"), encoding="utf-8")
    result = stagecraft("validate", "curricula/programmes/stage-mini.yaml", cwd=mini_project)
    assert result.returncode == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["error[fee]", "warning[group-size]"]


BROKEN_MORNING = (
    "        duration: 45min\n        method: icebreaker",
    "        duration: quarante\n        method: icebreaker",
)
"""The morning's first activity fails its schema (a duration in words)."""


def validate_edited(project: Path, *edits: tuple[str, str]) -> list[tuple[str, str, str]]:
    """Apply ``edits`` (each text once) to stage-mini.yaml, run `stagecraft validate`: (where, rule, message)
    of each line it prints, once it has exited 1 without a traceback."""
    path = project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    result = stagecraft("validate", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    found = []
    for line in result.stdout.splitlines():
        where, rule, message = line.split(": ", 2)
        found.append((where, rule, message))
    return found


def test_a_broken_activity_does_not_hide_the_other_sessions_problems(mini_project: Path) -> None:
    """The morning's first activity fails its schema; the afternoon's activities that do not add up, and its
    activity without slides, are still reported in the same run."""
    found = validate_edited(
        mini_project,
        BROKEN_MORNING,
        ('    start: "13:30"\n    duration: 2h30', '    start: "13:30"\n    duration: 3h'),
        ('        slides: ["Ce que je retiens"]\n', ""),
    )
    assert [(where, rule) for where, rule, _ in found] == [
        ("curricula/programmes/stage-mini.yaml:46:19", "error[schema-duration]"),
        ("curricula/programmes/stage-mini.yaml:69:15", "error[activity-sum]"),
        ("curricula/programmes/stage-mini.yaml:78:9", "warning[activity-content]"),
    ], found
    assert found[1][2] == "sessions[1].duration: expected the activities to add up to 3 h, got 2 h 30 min"
    assert found[2][2].startswith("sessions[1].activities[1]: expected 'slides'")


def test_a_broken_activity_leaves_its_session_on_the_clock(mini_project: Path) -> None:
    """A session with a broken activity keeps its day, start and duration: the afternoon that overlaps it is
    reported. Its training time is unknown, so the day's total is not judged: the 6 h cap would see 6 h 15
    if the morning's 15-minute break were not known to be there."""
    found = validate_edited(
        mini_project,
        BROKEN_MORNING,
        ('    start: "13:30"\n    duration: 2h30', '    start: "11:00"\n    duration: 3h15'),
        ("        duration: 2h\n        method: case_study", "        duration: 2h45\n        method: case_study"),
    )
    assert [(where, rule) for where, rule, _ in found] == [
        ("curricula/programmes/stage-mini.yaml:46:19", "error[schema-duration]"),
        ("curricula/programmes/stage-mini.yaml:68:12", "error[session-overlap]"),
    ], found
    assert found[1][2].startswith("sessions[1].start: expected 12:00 or later (sessions[0] 'Les produits et leurs "
                                  "effets' runs 09:00–12:00 on day 1), got 11:00")


def test_strict_turns_warnings_into_errors(mini_project: Path) -> None:
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("group_size: {min: 7, max: 12}", "group_size: {min: 7, max: 14}"),
        encoding="utf-8",
    )
    assert stagecraft("validate", cwd=mini_project).returncode == 0
    strict = stagecraft("validate", "--strict", cwd=mini_project)
    assert strict.returncode == 1
    assert strict.stdout.startswith("curricula/programmes/stage-mini.yaml:15:13: error[group-size]:")


def test_as_of_and_json(mini_project: Path) -> None:
    # Before 2020 the drugs stage existed under rules Stagecraft does not model: a warning, not an error.
    result = stagecraft("validate", "--as-of", "2019-06-01", "--format", "json", cwd=mini_project)
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert payload["errors"] == 0 and payload["warnings"] == 1
    (problem,) = payload["problems"]
    assert (problem["path"], problem["line"], problem["column"], problem["rule"], problem["severity"]) == (
        "curricula/programmes/stage-mini.yaml", 6, 7, "in-force", "warning"
    )
    assert problem["source"].startswith("Loi n° 2019-222 du 23 mars 2019")
    strict = stagecraft("validate", "--as-of", "2019-06-01", "--strict", cwd=mini_project)
    assert strict.returncode == 1


def test_usage_errors_exit_two(mini_project: Path) -> None:
    assert stagecraft("validate", "--as-of", "yesterday", cwd=mini_project).returncode == 2
    assert stagecraft("validate", "missing.yaml", cwd=mini_project).returncode == 2
    assert stagecraft("validate", "--format", "xml", cwd=mini_project).returncode == 2


def test_garbage_files_give_clean_errors(project: Path) -> None:
    programmes = project / "curricula" / "programmes"
    (programmes / "binary.yaml").write_bytes(b"\x00\xff\xfe garbage")
    (programmes / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (programmes / "tag.yaml").write_text("id: !!python/name:os.system\n", encoding="utf-8")
    result = stagecraft("validate", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "curricula/programmes/binary.yaml:1:2: error[file-encoding]: expected UTF-8 text, got the byte 0xff "
        "(save the file as UTF-8)",
        "curricula/programmes/list.yaml:1:1: error[schema-type]: (document): expected a mapping (key: value), "
        "got a list of 2",
    ]
    # the refused tag, and every key the file lacks, in one run
    assert lines[-1] == (
        "curricula/programmes/tag.yaml:1:5: error[yaml-tag]: expected plain YAML (text, numbers, lists, mappings), "
        "got the tag '!!python/name:os.system'; Stagecraft never constructs tagged objects"
    )
    assert "curricula/programmes/tag.yaml:1:1: error[schema-missing]: title: expected the key 'title', found none" in lines
    assert not any("id:" in line for line in lines)  # the refused value is not reported twice


def test_shipped_curricula_validate_strict() -> None:
    result = stagecraft("validate", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout


def test_python_dash_m_and_console_script_agree(mini_project: Path) -> None:
    exe = shutil.which("stagecraft")
    assert exe, "the console script is installed by pip install -e ."
    result = subprocess.run([exe, "validate"], cwd=mini_project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stderr.strip() == f"checked {FILES} file(s): 0 error(s), 0 warning(s)"
