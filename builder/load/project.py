"""Load a whole project: every framework and programme under ``curricula/``.

Nothing here raises on bad input; each file's problems are collected, and a
file that fails to load is simply absent from the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from builder.load.cohort import COHORTS_DIR, LoadedCohort, load_cohort
from builder.load.convert import to_model
from builder.load.defaults import PROJECT_FRAMEWORKS, framework_files
from builder.load.yamlsource import SourceMap, load_yaml
from builder.model.framework import Framework
from builder.model.programme import Programme
from builder.problems import Problem, Severity, suggest

M = TypeVar("M", bound=BaseModel)

FRAMEWORKS_DIR = PROJECT_FRAMEWORKS
PROGRAMMES_DIR = Path("curricula") / "programmes"


@dataclass(frozen=True)
class Loaded:
    """A model object with the file it came from and its source map."""

    path: Path
    display: str
    smap: SourceMap


@dataclass(frozen=True)
class LoadedFramework(Loaded):
    model: Framework


@dataclass(frozen=True)
class LoadedProgramme(Loaded):
    model: Programme


@dataclass
class Project:
    """Everything that loaded, and the problems met on the way."""

    root: Path
    frameworks: dict[str, LoadedFramework] = field(default_factory=dict)
    programmes: list[LoadedProgramme] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cohorts: list[LoadedCohort] = field(default_factory=list)


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when inside it, else absolute."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(absolute)


def find_root(start: Path) -> Path:
    """The project folder: the nearest ancestor of ``start`` holding ``curricula/``."""
    here = start.resolve()
    for candidate in (here, *here.parents):
        if (candidate / "curricula").is_dir():
            return candidate
    return Path.cwd()


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _load(path: Path, model: type[M]) -> tuple[str, SourceMap, M | None, list[Problem]]:
    """Read, compose and schema-check one file: (display path, source map, model or None, problems)."""
    display = display_path(path)
    data, smap, problems = load_yaml(path, display)
    if problems:
        return display, smap, None, problems
    loaded, problems = to_model(model, data, smap)
    return display, smap, loaded, problems


def load_framework(path: Path) -> tuple[LoadedFramework | None, list[Problem]]:
    """Load and schema-check one framework file."""
    display, smap, model, problems = _load(path, Framework)
    return (LoadedFramework(path, display, smap, model) if model else None), problems


def load_programme(path: Path) -> tuple[LoadedProgramme | None, list[Problem]]:
    """Load and schema-check one programme file."""
    display, smap, model, problems = _load(path, Programme)
    return (LoadedProgramme(path, display, smap, model) if model else None), problems


def load_project(
    root: Path, programme_files: list[Path] | None = None, cohort_files: list[Path] | None = None
) -> Project:
    """Load every framework (shipped ones, then the project's), then the given programme
    files (default: all of them), then the given cohort files (default: all of
    ``curricula/cohorts/`` when no programme file is given).

    A project framework with a shipped framework's id replaces it, with a warning
    when the two files differ. Framework references are resolved here: a programme
    whose framework or kind does not exist gets a located problem (with a
    suggestion) and is dropped.
    """
    project = Project(root=root)
    shipped: dict[str, Path] = {}
    for source in framework_files(root):
        loaded, problems = load_framework(source.path)
        project.problems.extend(problems)
        if loaded is None:
            continue
        path = source.path
        if loaded.model.id != path.stem:
            project.problems.append(
                Problem(
                    loaded.smap.at(("id",)),
                    "id-filename",
                    f"id: expected '{path.stem}' (the file name), got '{loaded.model.id}'",
                )
            )
        replaced = shipped.get(loaded.model.id)
        if replaced is not None and not source.shipped and replaced.read_bytes() != path.read_bytes():
            project.problems.append(
                Problem(
                    loaded.smap.at(("id",)),
                    "framework-override",
                    f"id: '{loaded.model.id}' is also a framework shipped with Stagecraft ({replaced}); this "
                    "project's file replaces it for every programme (rename the id to keep both)",
                    Severity.WARNING,
                )
            )
        if source.shipped:
            shipped[loaded.model.id] = path
        project.frameworks[loaded.model.id] = loaded
    files = programme_files if programme_files is not None else _yaml_files(root / PROGRAMMES_DIR)
    for path in files:
        loaded_p, problems = load_programme(path)
        project.problems.extend(problems)
        if loaded_p is None:
            continue
        problems = resolve_references(loaded_p, project.frameworks)
        project.problems.extend(problems)
        if not problems:
            project.programmes.append(loaded_p)
    if cohort_files is None:
        cohort_files = [] if programme_files is not None else _yaml_files(root / COHORTS_DIR)
    for path in cohort_files:
        loaded_c, problems = load_cohort(path, display_path(path))
        project.problems.extend(problems)
        if loaded_c is not None:
            project.cohorts.append(loaded_c)
    return project


def resolve_references(loaded: LoadedProgramme, frameworks: dict[str, LoadedFramework]) -> list[Problem]:
    """Problems with the programme's ``framework`` and ``kind`` references."""
    programme = loaded.model
    framework = frameworks.get(programme.framework)
    if framework is None:
        hint = suggest(programme.framework, sorted(frameworks))
        return [
            Problem(
                loaded.smap.at(("framework",)),
                "ref-framework",
                f"framework: expected a shipped framework or one in {FRAMEWORKS_DIR.as_posix()}/, got '{programme.framework}'{hint}",
            )
        ]
    if programme.kind not in framework.model.kinds:
        hint = suggest(programme.kind, sorted(framework.model.kinds))
        return [
            Problem(
                loaded.smap.at(("kind",)),
                "ref-kind",
                f"kind: expected a kind of '{framework.model.id}', got '{programme.kind}'{hint}",
            )
        ]
    return []
