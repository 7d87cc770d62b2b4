"""Validation orchestration: load a project, run every check, return all problems.

A programme with schema errors is still checked, as repaired by
:mod:`builder.load.repair`: a check that reads one of its broken parts stops
there, and what it reported before stands (nothing it reported depends on them).
Checks that go item by item step over a broken session or activity
(:func:`builder.load.repair.known`) and go on with the next; a session with a
broken activity stays on the schedule by its declared span
(:attr:`builder.validate.checks.CheckContext.schedule`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from builder.load.project import LoadedProgramme, Project, load_programmes, load_project, programme_stems
from builder.load.repair import UnknownValue
from builder.problems import Problem, Severity, apply_strict, sort_problems
from builder.validate import activity_checks  # noqa: F401  (registers the outing and contributor checks)
from builder.validate import glyph_checks  # noqa: F401  (registers the glyph check)
from builder.validate import handout_checks  # noqa: F401  (registers the handout checks)
from builder.validate import schedule_checks  # noqa: F401  (registers the schedule checks)
from builder.validate.checks import CHECKS, CheckContext, route_contexts
from builder.validate.cohort_checks import check_cohort
from builder.validate.translation_checks import translation_problems


def check_programme(
    project: Project, loaded: LoadedProgramme, as_of: dt.date, start_time: int | None = None
) -> list[Problem]:
    """Run every rule check on one loaded programme (its references already resolved).

    ``start_time`` is the ``--start-time`` option: the schedule is checked as it will print.
    """
    try:
        ctx = _context(project, loaded, as_of, start_time)
    except UnknownValue:
        return []  # the framework or kind is broken: the schema errors say so
    try:
        contexts = route_contexts(ctx)  # one per set of rules the programme's legal routes bring
    except UnknownValue:
        contexts = [ctx]
    problems: dict[Problem, None] = {}  # a problem found under several routes' rules is reported once
    for route_ctx in contexts:
        for _rule_id, func in CHECKS:
            try:
                for problem in func(route_ctx):
                    problems.setdefault(problem, None)
            except UnknownValue:
                continue  # the check read a broken part; what it found before stands
    return list(problems)


def _context(project: Project, loaded: LoadedProgramme, as_of: dt.date, start_time: int | None) -> CheckContext:
    programme = loaded.model
    framework = project.frameworks[programme.framework].model
    return CheckContext(
        programme=programme,
        smap=loaded.smap,
        framework=framework,
        kind=framework.kinds[programme.kind],
        rules=framework.rules_for(programme.kind),
        as_of=as_of,
        file=loaded.path,
        root=project.root,
        start_time=start_time,
    )


def validate(
    root: Path,
    programme_files: list[Path] | None = None,
    *,
    as_of: dt.date | None = None,
    strict: bool = False,
    start_time: int | None = None,
) -> tuple[Project, list[Problem]]:
    """Load and check a project; return it with every problem, sorted by location.

    ``start_time`` (minutes after midnight) is the ``--start-time`` option of a build:
    each day's first session starts then, and the schedule checks see it.
    Files under a ``cohorts`` folder are checked as cohorts; their programmes are
    loaded too (only the programmes' own problems go unreported then).
    """
    cohort_files = [f for f in programme_files or () if f.resolve().parent.name == "cohorts"] or None
    only_cohorts = False
    if cohort_files:
        programme_files = [f for f in programme_files or () if f not in cohort_files] or None
        only_cohorts = programme_files is None
    project = load_project(root, programme_files, cohort_files)
    day = as_of or dt.date.today()
    problems = list(project.problems)
    if only_cohorts:
        cohort_paths = {f.resolve() for f in cohort_files or ()}
        problems = [p for p in problems if Path(p.location.path).resolve() in cohort_paths]
    checked = [] if only_cohorts else [*project.programmes, *project.partial]
    for loaded in checked:
        problems.extend(check_programme(project, loaded, day, start_time))
    problems.extend(check_translations(project, checked, partial_run=programme_files is not None))
    for cohort in project.cohorts:
        problems.extend(check_cohort(cohort, project))
    if not strict:
        problems = [soften_draft(p) if p.location.path in project.drafts else p for p in problems]
    return project, sort_problems(apply_strict(problems, strict))


def check_translations(project: Project, checked: list[LoadedProgramme], *, partial_run: bool) -> list[Problem]:
    """Translation parity (:mod:`builder.validate.translation_checks`) of the checked programmes.

    When only some files are validated (a pre-commit hook passes the changed ones),
    the originals they translate are read from the project too, and so are the
    translations of the checked programmes: editing an original reports where its
    translations no longer match it.
    """
    known: dict[str, LoadedProgramme] = {}
    for loaded in checked:
        try:
            known.setdefault(str(loaded.model.id), loaded)
        except UnknownValue:
            continue
    if not partial_run:
        loaded_stems = {p.path.stem for p in checked}
        return translation_problems(checked, known, programme_stems(project.root) - loaded_stems)
    if not checked:
        return []
    wanted: set[str] = set()
    for loaded in checked:
        try:
            if loaded.model.translation_of:
                wanted.add(str(loaded.model.translation_of))
        except UnknownValue:
            continue
    paths = {p.path.resolve() for p in checked}
    extra, unreadable = load_programmes(
        project.root,
        lambda path, text: path.resolve() not in paths and (path.stem in wanted or "translation_of" in text),
    )
    checked_ids = set(known)
    translations: list[LoadedProgramme] = []
    for loaded in extra:
        try:
            known.setdefault(str(loaded.model.id), loaded)
            if loaded.model.translation_of in checked_ids:
                translations.append(loaded)
        except UnknownValue:
            continue
    return translation_problems([*checked, *translations], known, unreadable)


def soften_draft(problem: Problem) -> Problem:
    """A draft's error as a warning that says it becomes an error once the programme is published."""
    if problem.severity is not Severity.ERROR:
        return problem
    return replace(
        problem,
        severity=Severity.WARNING,
        message=problem.message + " (status: draft; an error once published or with --strict)",
    )
