"""The one schedule: its checks (each passing and failing, message and place pinned), the --start-time
option validated before anything renders, and a property over every shipped programme: whatever the
start time, either validation reports a problem or no two sessions of a day overlap in what is rendered."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.load.project import Project, load_project
from builder.problems import has_errors
from builder.render.context import RenderContext
from builder.render.deck_plan import plan_session
from builder.render.guide_data import build_guide
from builder.site.pages import programme_page
from builder.validate.runner import check_programme, validate
from conftest import FIXTURES, REPO, validate_from

FILES = len(list((REPO / "curricula" / "frameworks").glob("*.yaml"))) + 1
"""Files a one-programme project checks: the shipped frameworks and the programme."""

AS_OF = dt.date(2025, 1, 1)
MINI = "curricula/programmes/stage-mini.yaml"
ROAD = "Arrêté du 26 juin 2012 [fr-code-penal-131-5-1]"
NIGHT = "Arrêté du 26 juin 2012 (pas d'horaires de nuit) [fr-code-penal-131-5-1]"


def run(project: Path, edits: list[tuple[str, str]], start_time: int | None = None, fixture: str = "stage-mini") -> list[str]:
    """Validate the fixture with text edits applied (and a --start-time); the formatted problems."""
    text = (FIXTURES / f"{fixture}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"fixture has no {old!r}"
        text = text.replace(old, new, 1)
    return check_text(project, fixture, text, start_time)


def check_text(project: Path, name: str, text: str, start_time: int | None = None) -> list[str]:
    """Write a programme and validate the project from its folder (paths print relative to it)."""
    (project / "curricula" / "programmes" / f"{name}.yaml").write_text(text, encoding="utf-8")
    _, problems = validate_from(project, as_of=AS_OF, start_time=start_time)
    return [p.format() for p in problems]


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# --- Each check: the fixture passes, one edit fails with this exact message and place ------------------


def test_the_fixture_passes_every_schedule_check(project: Path) -> None:
    assert run(project, []) == []


def test_session_overlap(project: Path) -> None:
    assert run(project, [('    start: "13:30"', '    start: "11:30"')]) == [
        f"{MINI}:68:12: error[session-overlap]: sessions[1].start: expected 12:00 or later (sessions[0] 'Les "
        "produits et leurs effets' runs 09:00–12:00 on day 1), got 11:30: two sessions of one day cannot overlap; "
        "give this session a later start or shorten the session before it"
    ]


def test_a_session_without_start_that_overlaps_an_earlier_one(project: Path) -> None:
    # sessions[1] runs 08:00-08:30 (listed after a 09:00 session: out of order); sessions[2] follows it
    # at 08:30 and runs into sessions[0]
    third = (
        "  - id: soir\n    title: \"Clôture\"\n    phase: approfondissement\n    day: 1\n    duration: 1h\n"
        "    objectives: [\"Conclure.\"]\n    activities:\n      - title: \"Tour de table\"\n        duration: 1h\n"
        "        method: debrief\n        instructions: [\"Chacun conclut.\"]\n        facilitator_notes: [\"Écouter.\"]\n"
        "        slides: [\"Ce que je retiens\"]\n"
    )
    text = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8") + third
    edits = [('    start: "13:30"\n    duration: 2h30', '    start: "08:00"\n    duration: 30min'),
             ("      - title: \"Étude de cas : l'accident\"\n        duration: 2h\n",
              "      - title: \"Étude de cas : l'accident\"\n        duration: 15min\n"),
             ("      - title: \"Bilan de la journée\"\n        duration: 30min\n",
              "      - title: \"Bilan de la journée\"\n        duration: 15min\n")]
    for old, new in edits:
        text = text.replace(old, new, 1)
    assert check_text(project, "stage-mini", text) == [
        f"{MINI}:68:12: error[session-order]: sessions[1].start: expected 12:00 or later (sessions of a day are "
        "listed in the order they run; sessions[0] runs 09:00–12:00 on day 1), got 08:00; list this session "
        "before sessions[0] or give it a later start",
        f"{MINI}:84:5: error[session-overlap]: sessions[2].start: expected 12:00 or later (sessions[0] 'Les "
        "produits et leurs effets' runs 09:00–12:00 on day 1), got 08:30: two sessions of one day cannot "
        "overlap; give this session a 'start' after the session before it ends, or shorten that session",
    ]


def test_session_midnight(project: Path) -> None:
    assert run(project, [('    start: "13:30"', '    start: "22:30"')]) == [
        f"{MINI}:68:12: error[session-midnight]: sessions[1]: expected the session to end by midnight (24:00), "
        "got 22:30–01:00 the next day (2 h 30 min from 22:30); start it by 21:30 or split it over two days"
    ]
    assert run(project, [('    start: "13:30"', '    start: "21:30"')]) == []  # ends at 24:00 exactly


def test_session_midnight_for_a_session_without_its_own_start(project: Path) -> None:
    assert run(project, [('start_time: "09:00"', 'start_time: "22:00"'), ('    start: "13:30"\n', "")]) == [
        f"{MINI}:41:15: error[session-midnight]: sessions[0]: expected the session to end by midnight (24:00), "
        "got 22:00–01:00 the next day (3 h from 22:00); start it by 21:00 or split it over two days",
        f"{MINI}:68:15: error[session-midnight]: sessions[1]: expected the session to end by midnight (24:00), "
        "got a start at 01:00 the next day, after the sessions before it on day 1; move it to a later day or "
        "shorten the sessions before it",
    ]


def test_session_day_is_required_when_there_are_several_sessions(project: Path) -> None:
    # Without day keys the two sessions would quietly become a two-day stage; no guessed-day problem follows.
    no_days = [("    phase: ouverture\n    day: 1\n", "    phase: ouverture\n"),
               ("    phase: approfondissement\n    day: 1\n", "    phase: approfondissement\n")]
    assert run(project, no_days) == [
        f"{MINI}:37:5: error[session-day]: sessions[0]: expected 'day' (the day number: 1 = the first day; "
        "sessions with the same number run the same day), got none; write 'day: 1' for the first day",
        f"{MINI}:63:5: error[session-day]: sessions[1]: expected 'day' (the day number: 1 = the first day; "
        "sessions with the same number run the same day), got none; write 'day: 1' for the first day, "
        "'day: 2' for the next, and so on",
    ]
    assert run(project, no_days[1:]) == [
        f"{MINI}:64:5: error[session-day]: sessions[1]: expected 'day' (the day number: 1 = the first day; "
        "sessions with the same number run the same day), got none; write 'day: 1' to hold it on the same day "
        "as sessions[0], or a later day",
    ]


def test_a_single_session_needs_no_day(write_programme, project: Path) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")
    one = text[: text.index("  - id: apres-midi")].replace("    phase: ouverture\n    day: 1\n", "    phase: ouverture\n")
    one = one.replace("  - id: approfondissement\n    title: \"Approfondissement\"\n", "")
    assert check_text(project, "stage-mini", one) == []


# --- The lunch break (road safety: 45 min) on the effective schedule ---------------------------------


ROAD_SAFETY = [("kind: stupefiants", "kind: securite-routiere"), ("group_size: {min: 7, max: 12}", "group_size: {min: 6, max: 20}")]


def gaps(problems: list[str]) -> list[str]:
    return [p for p in problems if "[session-gap]" in p or "[session-overlap]" in p]


def test_lunch_break_with_the_start_time_option(project: Path) -> None:
    assert gaps(run(project, ROAD_SAFETY)) == []  # 12:00 to 13:30
    assert gaps(run(project, ROAD_SAFETY, start_time=9 * 60 + 45)) == []  # 12:45 to 13:30: exactly 45 min
    assert gaps(run(project, ROAD_SAFETY, start_time=10 * 60)) == [
        f"{MINI}:68:12: error[session-gap]: sessions[1].start: expected a break of at least 45 min after the "
        f"previous session (ends 13:00 with --start-time 10:00), got 30 min (source: {ROAD})"
    ]


def test_lunch_break_inside_a_day_held_as_one_session(project: Path) -> None:
    # The morning session runs 09:00-14:30 through lunchtime as day 1's only session (the other moves to day 2).
    whole_day = [*ROAD_SAFETY, ("    day: 1\n    duration: 3h\n", "    day: 1\n    duration: 5h30\n"),
                 ("        duration: 2h\n        method: quiz", "        duration: 4h30\n        method: quiz"),
                 ('    day: 1\n    start: "13:30"', '    day: 2\n    start: "13:30"')]
    assert [p for p in run(project, whole_day) if "[session-gap]" in p] == [
        f"{MINI}:45:7: error[session-gap]: sessions[0].activities: expected a break of at least 45 min (the lunch "
        "break: this session is day 1's only one and runs 09:00–14:30), got 15 min at most; add a 'break' "
        f"activity of at least 45 min or split the day into two sessions (source: {ROAD})"
    ]
    lunch = [("        duration: 15min\n        method: break", "        duration: 45min\n        method: break"),
             ("        duration: 2h\n        method: quiz", "        duration: 4h\n        method: quiz")]
    assert [p for p in run(project, [*whole_day[:3], *lunch, whole_day[4]]) if "[session-gap]" in p] == []


def test_session_night_on_the_programme_clock(project: Path) -> None:
    assert [p for p in run(project, ROAD_SAFETY) if "[session-night]" in p] == []
    late = [*ROAD_SAFETY, ('    day: 1\n    start: "13:30"', '    day: 1\n    start: "19:00"')]
    assert [p for p in run(project, late) if "[session-night]" in p] == [
        f"{MINI}:68:12: error[session-night]: sessions[1]: expected no session in night hours (21:00–06:00), got "
        f"19:00–21:30 on day 1; hold it between 06:00 and 21:00 (source: {NIGHT})"
    ]
    early = [*ROAD_SAFETY]
    assert [p for p in run(project, early, start_time=5 * 60 + 30) if "[session-night]" in p] == [
        f"{MINI}:37:5: error[session-night]: sessions[0]: expected no session in night hours (21:00–06:00), got "
        f"05:30–08:30 on day 1 with --start-time 05:30; hold it between 06:00 and 21:00 (source: {NIGHT})"
    ]
    # Stupéfiants has no night rule: the same late session passes that check.
    assert [p for p in run(project, late[2:]) if "[session-night]" in p] == []


def test_start_time_option_that_makes_sessions_overlap(project: Path) -> None:
    assert run(project, [], start_time=10 * 60 + 30) == []
    assert run(project, [], start_time=11 * 60) == [
        f"{MINI}:68:12: error[session-overlap]: sessions[1].start: expected 14:00 or later (sessions[0] 'Les "
        "produits et leurs effets' runs 11:00–14:00 on day 1 with --start-time 11:00), got 13:30: two sessions "
        "of one day cannot overlap; build with --start-time 10:30 or earlier, or give this session a later start"
    ]
    # The option replaces start_time: a session that sets its own start keeps it.
    own_start = [("    phase: ouverture\n    day: 1\n", '    phase: ouverture\n    day: 1\n    start: "08:00"\n')]
    assert run(project, own_start, start_time=11 * 60) == []


# --- One schedule: training time follows the framework's breaks rule everywhere ---------------------


def test_training_time_follows_the_breaks_rule_in_guide_and_deck(project: Path) -> None:
    """reso-mini's sessions last 2 h with a 15 min break, and its framework counts breaks as training."""
    shutil.copy(FIXTURES / "reso-mini.yaml", project / "curricula" / "programmes" / "reso-mini.yaml")
    shutil.copy(FIXTURES / "stage-mini.yaml", project / "curricula" / "programmes" / "stage-mini.yaml")
    ctx = RenderContext(project=load_project(project))
    reso, stage = ctx.views()
    assert reso.programme.id == "reso-mini"
    guide = build_guide(reso, ctx.stamp)
    assert guide.chapters[0].training_minutes == 120
    agenda = plan_session(reso, reso.sessions[0])
    notes = "\n".join(slide.notes for slide in agenda)
    assert re.search(r"Training hours\W+2\s*h(?![\s\d]*min)", notes), notes
    # stage-mini: breaks do not count (R131-36): the 3 h morning holds 2 h 45 of training
    assert build_guide(stage, ctx.stamp).chapters[0].training_minutes == 165
    notes = "\n".join(slide.notes for slide in plan_session(stage, stage.sessions[0]))
    assert re.search(r"Heures de formation\W+2\s*h\s*45", notes), notes


# --- The command line: validate and build with --start-time ------------------------------------------


def stagecraft(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


OVERLAP_AT_11 = (
    f"{MINI}:68:12: error[session-overlap]: sessions[1].start: expected 14:00 or later (sessions[0] 'Les produits "
    "et leurs effets' runs 11:00–14:00 on day 1 with --start-time 11:00), got 13:30: two sessions of one day "
    "cannot overlap; build with --start-time 10:30 or earlier, or give this session a later start"
)


def test_validate_with_start_time(mini_project: Path) -> None:
    ok = stagecraft("validate", "--start-time", "10:30", cwd=mini_project)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = stagecraft("validate", "--start-time", "11:00", cwd=mini_project)
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [OVERLAP_AT_11]
    assert bad.stderr.splitlines() == [f"checked {FILES} file(s): 1 error(s), 0 warning(s)"]
    typo = stagecraft("validate", "--start-time", "7:00", cwd=mini_project)
    assert typo.returncode == 2
    assert "Invalid value for '--start-time': expected a clock time like 09:00 (24-hour, HH:MM), got '7:00' " \
           "(write 07:00)" in typo.stderr
    assert "Traceback" not in typo.stderr


def test_validate_says_which_programmes_the_start_time_leaves_alone(mini_project: Path) -> None:
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    day: 1\n    duration: 3h\n", '    day: 1\n    start: "09:00"\n    duration: 3h\n'),
                    encoding="utf-8")
    result = stagecraft("validate", "--start-time", "11:00", cwd=mini_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "--start-time 11:00 leaves 1 programme(s) as they are, because each of their days starts with a session "
        "that sets its own 'start': stage-mini",
        f"checked {FILES} file(s): 0 error(s), 0 warning(s)",
    ]


def test_build_with_an_impossible_start_time_writes_nothing(mini_project: Path) -> None:
    out = mini_project / "build"
    (out / "guides").mkdir(parents=True)
    (out / "guides" / "stage-mini.html").write_text("the previous build", encoding="utf-8")
    before = snapshot(out)
    result = stagecraft("build", "--start-time", "11:00", "--only", "guides", cwd=mini_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [OVERLAP_AT_11]
    assert "build failed: the previous output was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before
    assert not (mini_project / ".stagecraft-cache").exists()  # nothing rendered


# --- The property: validated or never overlapping in what is rendered --------------------------------


@pytest.fixture(scope="module")
def library() -> Project:
    project = load_project(REPO)
    assert project.problems == []
    return project


ROW = re.compile(r"^\|\s*(\d+)\s*\|.*\|\s*(\d+)\s*\|\s*(\d{2}):(\d{2})\s*[–-]\s*(\d{2}):(\d{2})\s*\|")
"""A row of a programme page's session table: number, ..., day, start–end, duration."""


def rendered_sessions(project: Project, programme_id: str, start_time: int) -> list[tuple[int, int, int]]:
    """(day, start, end) of every session as the site's programme page prints it."""
    ctx = RenderContext(project=project, start_time=start_time)
    view = next(v for v in ctx.views() if v.programme.id == programme_id)
    rows = []
    for line in programme_page(ctx, view, [], "fr").splitlines():
        match = ROW.match(line)
        if match:
            _, day, h1, m1, h2, m2 = map(int, match.groups())
            start, end = h1 * 60 + m1, h2 * 60 + m2
            rows.append((day, start, end if end > start else end + 24 * 60))  # a printed end past midnight
    assert len(rows) == len(view.programme.sessions), "the session table changed shape: update ROW"
    return rows


SHIPPED = sorted(p.stem for p in (REPO / "curricula" / "programmes").glob("*.yaml"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programme_id=st.sampled_from(SHIPPED), start_time=st.integers(min_value=6 * 60, max_value=14 * 60))
@example(programme_id="securite-routiere", start_time=11 * 60)
@example(programme_id="securite-routiere", start_time=8 * 60 + 30)
@example(programme_id="resocialisation-adults", start_time=14 * 60)
def test_any_start_time_either_fails_validation_or_renders_no_overlap(
    library: Project, programme_id: str, start_time: int
) -> None:
    loaded = next(p for p in library.programmes if p.model.id == programme_id)
    if has_errors(check_programme(library, loaded, AS_OF, start_time)):
        return
    rows = rendered_sessions(library, programme_id, start_time)
    for index, (day, start, end) in enumerate(rows):
        for other_day, other_start, other_end in rows[:index]:
            assert not (day == other_day and start < other_end and other_start < end), (
                f"{programme_id} at {start_time // 60:02d}:{start_time % 60:02d}: day {day} prints "
                f"{other_start}-{other_end} and {start}-{end}"
            )
        assert end <= 24 * 60


def test_the_property_sees_both_outcomes(library: Project) -> None:
    """The property is not vacuous: shipped programmes pass at some start times and fail at others."""
    road = next(p for p in library.programmes if p.model.id == "securite-routiere")
    assert not has_errors(check_programme(library, road, AS_OF, 8 * 60 + 30))
    assert rendered_sessions(library, "securite-routiere", 8 * 60 + 30)[:2] == [
        (1, hm("08:30"), hm("12:15")), (1, hm("13:45"), hm("17:30"))
    ]
    assert has_errors(check_programme(library, road, AS_OF, 11 * 60))
