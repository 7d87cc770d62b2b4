"""The located YAML loader and schema errors: places in nested lists, safety limits, clean errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.load.convert import to_model
from builder.load.yamlsource import MAX_DEPTH, compose, load_yaml
from builder.model.duration import parse_duration
from builder.model.programme import Programme
from builder.problems import sort_problems
from conftest import FIXTURES

FIXTURE = FIXTURES / "stage-mini.yaml"


def problems_of(text: str) -> list[str]:
    data, smap, problems = compose(textwrap.dedent(text), "p.yaml")
    if not problems:
        _, problems = to_model(Programme, data, smap)
    return [p.format() for p in sort_problems(problems)]


def test_locations_in_nested_lists() -> None:
    text = textwrap.dedent(
        """\
        sessions:
          - id: a
            activities:
              - title: x
              - title: y
                duration: 45min
        """
    )
    _, smap, problems = compose(text, "p.yaml")
    assert problems == []
    assert str(smap.at(("sessions", 0, "activities", 1, "duration"))) == "p.yaml:6:19"
    assert str(smap.at(("sessions", 0, "activities", 1))) == "p.yaml:5:9"
    assert str(smap.at(("sessions", 0, "activities", 1, "duration"), key=True)) == "p.yaml:6:9"
    # a path below a scalar falls back to the nearest located ancestor
    assert str(smap.at(("sessions", 0, "id", 3))) == "p.yaml:2:9"



@pytest.mark.parametrize("file", sorted((FIXTURES.parents[1] / "curricula").rglob("*.yaml")), ids=lambda f: f.name)
def test_a_packed_source_map_locates_every_value_and_key_as_before(file: Path) -> None:
    """Valid files keep only their compressed text after loading: every location a problem
    could need (values, keys, text as written) comes back the same from it."""
    text = file.read_text(encoding="utf-8")
    _, full, problems = compose(text, "f.yaml", pack=False)
    _, packed, _ = compose(text, "f.yaml")
    assert problems == [] and len(full.values) > 10
    assert packed.values == full.values and packed.keys == full.keys and packed.raw == full.raw
    assert packed.line_text(3) == full.line_text(3) == text.splitlines()[2]

SCHEMA_ERRORS = """\
id: test
titel: X
language: de
framework: fr-code-penal-131-5-1
kind: stupefiants
version: 1.0
summary: s
audience: a
objectives: [o]
fee_eur: 100
group_size: {min: 3, max: x}
completion: {criteria: [attendance, attestatoin], description: d}
phases:
  - id: p1
    title: P
sessions:
  - id: s1
    title: S
    phase: p1
    duration: 90
    start: 13:30
    objectives: o
    activities:
      - title: A
        duration: 2h
        method: discusion
      - duration: 30min
        method: break
        start: "09:00"
"""


def test_every_schema_error_in_one_run() -> None:
    assert problems_of(SCHEMA_ERRORS) == [
        "p.yaml:2:1: error[schema-unknown-key]: titel: unknown key 'titel' (did you mean 'title'?)",
        "p.yaml:3:11: error[schema-choice]: language: expected one of 'fr', 'en' or 'ka', got 'de'",
        "p.yaml:6:10: error[schema-type]: version: expected text, got 1.0 (quote it: '1.0')",
        "p.yaml:11:27: error[schema-type]: group_size.max: expected a whole number, got 'x'",
        "p.yaml:12:37: error[schema-choice]: completion.criteria[1]: expected one of 'attendance', 'attestation', "
        "'individual_plan', 'review_interview' or 'summary_report', got 'attestatoin' (did you mean 'attestation'?)",
        "p.yaml:20:15: error[schema-duration]: sessions[0].duration: expected a duration like '2h30' or '45min', "
        "got the bare number 90 (durations are text: write '90min')",
        "p.yaml:21:12: error[schema-clock]: sessions[0].start: expected a clock time in quotes, got 13:30 "
        "unquoted, which YAML reads as a number (quote it: '13:30')",
        "p.yaml:26:17: error[schema-choice]: sessions[0].activities[0].method: expected one of 'discussion', "
        "'case_study', 'role_play', 'small_groups', 'exercise', 'icebreaker', 'quiz', 'debrief', "
        "'individual_work', 'testimony', 'video', 'presentation', 'outing', 'external_contributor' or 'break', "
        "got 'discusion' "
        "(did you mean 'discussion'?)",
        "p.yaml:27:9: error[schema-missing]: sessions[0].activities[1].title: expected the key 'title', found none",
        "p.yaml:29:9: error[schema-unknown-key]: sessions[0].activities[1].start: unknown key 'start' "
        "(expected one of: title, duration, method, purpose, instructions, questions, expected_answers, "
        "facilitator_notes, materials, debrief, slides, handouts, condition, outing, contributor)",
    ]


def test_durations() -> None:
    assert [parse_duration(t) for t in ("2h", "2h30", "45min", "1h15min", "1 h 05")] == [120, 150, 45, 75, 65]
    for bad in ("2h75", "90", "1.5h", "0min", "h"):
        try:
            parse_duration(bad)
        except Exception as exc:  # pydantic's PydanticCustomError
            assert "expected" in str(exc)
        else:
            raise AssertionError(f"{bad!r} was accepted")


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    assert problems_of(text)[0] == (
        "p.yaml:1:5: error[yaml-tag]: expected plain YAML (text, numbers, lists, mappings), got the tag "
        "'!!python/object/apply:os.system'; Stagecraft never constructs tagged objects"
    )
    assert not marker.exists()


def test_yaml_bomb_fails_fast() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    problems = problems_of("\n".join(lines) + "\n")
    assert len(problems) == 1
    assert "error[yaml-aliases]: expected at most 200000 values once aliases are expanded" in problems[0]


DEPTH_ERROR = (
    "p.yaml:1:65: error[yaml-depth]: expected at most 64 levels of nesting, got deeper "
    "(look for a '[' or '{' that is never closed)"
)


@pytest.mark.parametrize("depth", [65, 100, 999, 1001, 5_000, 100_000])
def test_deep_flow_nesting_is_refused_at_our_limit(depth: int) -> None:
    """The same located error at every depth, whatever limit libyaml has of its own (6.0.4: 1,000)."""
    assert MAX_DEPTH == 64
    assert problems_of("[" * depth + "]" * depth) == [DEPTH_ERROR]
    assert problems_of("{a: " * depth + "}" * depth)[0].startswith("p.yaml:1:257: error[yaml-depth]: ")


@pytest.mark.parametrize("depth", [100, 1_200])
def test_deep_nesting_after_other_entries_is_located_alike(depth: int) -> None:
    text = "id: a\n# a comment\nsessions:\n  - title: x\n    questions: [" + "[\n" * depth + "]" * depth + "]\n"
    assert problems_of(text) == [
        "p.yaml:65:1: error[yaml-depth]: expected at most 64 levels of nesting, got deeper "
        "(look for a '[' or '{' that is never closed)"
    ]


@pytest.mark.parametrize("depth", [65, 1_500])
def test_deep_block_nesting_is_refused_at_our_limit(depth: int) -> None:
    text = "".join(" " * level + "- \n" for level in range(depth))
    assert problems_of(text) == [
        "p.yaml:65:65: error[yaml-depth]: expected at most 64 levels of nesting, got deeper "
        "(look for a '[' or '{' that is never closed)"
    ]


def test_nesting_at_the_limit_is_accepted() -> None:
    data, _, problems = compose("[" * 64 + "]" * 64, "p.yaml")
    assert problems == []
    for _ in range(63):
        data = data[0]
    assert data == []


def test_duplicate_keys_are_located() -> None:
    assert problems_of("id: a\ntitle: b\nid: c\n")[0] == (
        "p.yaml:3:1: error[yaml-duplicate-key]: duplicate key 'id' (first defined at line 1): expected each key once"
    )


def test_syntax_error_and_tabs() -> None:
    assert problems_of("a: [1\nb: 2\n") == [
        "p.yaml:2:2: error[yaml-syntax]: invalid YAML: expected ',' or ']' in the '[' list opened at line 1, got "
        "more text (close it with ']', and put an item holding ',', ':' or quotes in quotes)"
    ]
    assert problems_of("a:\n\t- 1\n") == [
        "p.yaml:2:1: error[yaml-syntax]: invalid YAML: expected spaces for indentation, got a tab (indent with "
        "spaces; set your editor to insert spaces)"
    ]


def test_file_level_problems(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("id: a\ntitle: Stage de citoyennet\xe9\n".encode("latin-1"))
    assert [p.format() for p in load_yaml(latin1, "latin1.yaml")[2]] == [
        "latin1.yaml:2:27: error[file-encoding]: expected UTF-8 text, got the byte 0xe9 (save the file as UTF-8)"
    ]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    assert [p.format() for p in load_yaml(big, "big.yaml")[2]] == [
        "big.yaml:1:1: error[file-size]: expected a file of at most 2048 KiB, got 3072 KiB"
    ]
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffid: a\r\ntitle: b\r\n".encode("utf-8"))
    data, _, problems = load_yaml(bom, "bom.yaml")
    assert (data, problems) == ({"id": "a", "title": "b"}, [])
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    data, smap, problems = load_yaml(empty, "empty.yaml")
    assert [p.format() for p in to_model(Programme, data, smap)[1]] == [
        "empty.yaml:1:1: error[schema-type]: (document): expected a mapping (key: value), got an empty file"
    ]


def test_second_document_is_refused() -> None:
    assert problems_of("id: a\n---\nid: b\n")[0] == (
        "p.yaml:2:1: error[yaml-documents]: expected a single YAML document, got a second one ('---')"
    )


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(yaml_values)
def test_arbitrary_documents_only_give_clean_errors(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    data, smap, problems = compose(text, "p.yaml")
    if not problems:
        model, problems = to_model(Programme, data, smap)
        assert model is None or isinstance(model, Programme)
    for problem in problems:
        assert problem.location.path == "p.yaml" and problem.location.line >= 1
        assert problem.rule and problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_only_gives_clean_errors(text: str) -> None:
    data, smap, problems = compose(text, "p.yaml")
    if not problems:
        _, problems = to_model(Programme, data, smap)
    assert all(p.format().startswith("p.yaml:") for p in problems)


def test_repair_keeps_valid_parts_and_marks_broken_ones_unknown() -> None:
    from builder.load.repair import UNKNOWN, UnknownValue, repair

    text = (FIXTURE.read_text(encoding="utf-8")
            .replace("method: quiz", "method: quizz")
            .replace("fee_eur: 190", "fee_eur: '190'")
            .replace("room:", "rooom:"))
    data, _, problems = compose(text, "p.yaml")
    assert problems == []
    model = repair(Programme, data)
    assert model is not None and isinstance(model, Programme)
    activities = model.sessions[0].activities
    assert len(activities) == 3 and activities[2] is UNKNOWN  # the list keeps its length and indices
    assert activities[0].title == "Accueil et règles du groupe"
    assert model.fee_eur is UNKNOWN
    assert model.room == ""  # an unknown key is dropped: the default stands
    assert model.sessions[1].id == "apres-midi"
    for use in (lambda: model.fee_eur > 450, lambda: activities[2].duration, lambda: f"{model.fee_eur}",
                lambda: sum([1, model.fee_eur]), lambda: model.fee_eur in {1}, lambda: bool(model.fee_eur)):
        try:
            use()
        except UnknownValue:
            continue
        raise AssertionError("a broken part was read without notice")


def test_repair_sets_aside_every_top_level_key_that_fails() -> None:
    from builder.load.repair import UNKNOWN, repair

    model = repair(Programme, {"id": "x", "sessions": 3})
    assert model is not None and model.id == "x"
    assert model.sessions is UNKNOWN and model.title is UNKNOWN and model.fee_eur is UNKNOWN


@pytest.mark.parametrize(
    ("written", "meant"),
    [("35mn", "35min"), ("3H", "3h"), ("40m", "40min"), ("20mins", "20min"), ("3h30m", "3h30"), ("9:00", "9h"),
     ("3:00", "3h"), ("1.5h", "1h30"), ("2h 15mn", "2h15"), ("1 heure", "1h"), ("90", None), ("2h75", None),
     ("0min", None), ("h", None)],
)
def test_duration_hints(written: str, meant: str | None) -> None:
    from builder.model.duration import duration_hint

    assert duration_hint(written) == meant


@pytest.mark.parametrize(("written", "meant"), [("9:00", "09:00"), ("9h", "09:00"), ("14H30", "14:30"),
                                                ("25:00", None), ("9", None)])
def test_clock_hints(written: str, meant: str | None) -> None:
    from builder.model.duration import clock_hint

    assert clock_hint(written) == meant


def _paths(value: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, prefix + (index,))
    return found


_FIXTURE_DATA = compose(FIXTURE.read_text(encoding="utf-8"), "p.yaml")[0]
_FIXTURE_PATHS = _paths(_FIXTURE_DATA)
junk = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.lists(st.integers(), max_size=2) | (
    st.dictionaries(st.sampled_from(["id", "title", "x"]), st.text(max_size=4), max_size=2)
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FIXTURE_PATHS), junk), min_size=1, max_size=4))
def test_any_broken_programme_is_checked_without_crashing(edits: list[tuple[tuple[str | int, ...], object]]) -> None:
    """Whatever parts are broken, the repaired programme goes through every check without an exception."""
    import copy
    import datetime as dt

    from builder.load.project import LoadedProgramme, Project, load_framework
    from builder.load.repair import UnknownValue, repair
    from builder.validate.runner import check_programme

    data = copy.deepcopy(_FIXTURE_DATA)
    for path, value in edits:
        target = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    _, smap, _ = compose(FIXTURE.read_text(encoding="utf-8"), "p.yaml")
    model, problems = to_model(Programme, data, smap)
    for problem in problems:  # YAML's words, never Python's (text the designer wrote is quoted back as written)
        unquoted = problem.message.replace("'True'", "").replace("'False'", "").replace("'None'", "")
        assert not any(word in unquoted for word in ("None", "datetime", "True", "False")), problem.message
    programme = model or repair(Programme, data)
    if programme is None:
        assert problems
        return
    framework, _ = load_framework(FIXTURES.parents[1] / "curricula" / "frameworks" / "fr-code-penal-131-5-1.yaml")
    assert framework is not None
    project = Project(root=FIXTURES, frameworks={framework.model.id: framework})
    try:  # what load_project's reference check lets through
        if programme.framework != framework.model.id or programme.kind not in framework.model.kinds:
            return
    except UnknownValue:
        return
    for problem in check_programme(project, LoadedProgramme(FIXTURE, "p.yaml", smap, programme), dt.date(2025, 1, 1)):
        assert problem.rule and problem.message
        assert not any(word in problem.message for word in ("None", "datetime", "True", "False")), problem.message
