"""Load a whole project: every framework and programme under ``curricula/``.

Nothing here raises on bad input; each file's problems are collected, and a
file that fails to load is absent from what gets rendered. No file is skipped
silently: see :func:`_discover`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from pydantic import BaseModel

from builder.load.cohort import COHORTS_DIR, LoadedCohort, load_cohort
from builder.load.convert import to_model
from builder.load.defaults import PROJECT_FRAMEWORKS, SHIPPED_FRAMEWORKS, FrameworkFile, framework_files
from builder.load.repair import UnknownValue, repair
from builder.load.yamlsource import SourceMap, load_yaml
from builder.model.framework import Framework
from builder.model.programme import Programme
from builder.problems import Location, Problem, Severity, suggest

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
    partial: list[LoadedProgramme] = field(default_factory=list)
    """Programmes with schema errors, repaired for the rule checks only (never rendered)."""
    cohorts: list[LoadedCohort] = field(default_factory=list)
    drafts: set[str] = field(default_factory=set)
    """Display paths of programmes marked ``status: draft`` (loaded or not)."""

    def published(self) -> list[LoadedProgramme]:
        """The programmes that are not drafts: what the site and its catalogue show."""
        return [p for p in self.programmes if p.display not in self.drafts]


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


YAML_SUFFIXES = (".yaml", ".yml")


def _discover(folder: Path, *, recursive: bool, seen: set[Path] | None = None) -> tuple[list[Path], list[Problem]]:
    """The YAML files of ``folder`` (sorted), and problems with files that cannot be read as such.

    Nothing is skipped silently: a link to a missing file is an error, an upper-case
    extension (``.YAML``) is read with a warning, and with ``recursive=False`` a
    subfolder holding YAML files is an error (its files would be ignored). Names
    starting with '.' (editor and system files) are not programme files.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return files, problems
    seen = set() if seen is None else seen
    real = folder.resolve()
    if real in seen:
        return files, problems  # a link back to a folder already read
    seen.add(real)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        display = f"{display_path(folder)}/{entry.name}"  # the entry itself, not where a link leads
        if entry.is_dir():
            if recursive:
                more, found = _discover(entry, recursive=True, seen=seen)
                files.extend(more)
                problems.extend(found)
                continue
            inner = [p for p in entry.iterdir() if p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith(".")]
            if inner:
                problems.append(
                    Problem(
                        Location(display),
                        "file-folder",
                        f"expected the files of {display_path(folder)}/ directly in it, got a subfolder with "
                        f"{len(inner)} YAML file(s) that are not read (move them up into {display_path(folder)}/)",
                    )
                )
            continue
        suffix = entry.suffix
        if suffix.lower() not in YAML_SUFFIXES:
            continue
        if entry.is_symlink() and not entry.exists():
            problems.append(
                Problem(
                    Location(display),
                    "file-link",
                    f"expected a file, got a link to '{os.readlink(entry)}', which does not exist "
                    "(fix the link or remove it)",
                )
            )
            continue
        if not entry.is_file():
            continue
        if suffix not in YAML_SUFFIXES:
            problems.append(
                Problem(
                    Location(display),
                    "file-extension",
                    f"expected the extension '{suffix.lower()}' in lower case, got '{suffix}' "
                    f"(rename the file to {entry.stem}{suffix.lower()}: editors and hooks match lower case only)",
                    Severity.WARNING,
                )
            )
        files.append(entry)
    return files, problems


def _load(path: Path, model: type[M]) -> tuple[str, SourceMap, M | None, list[Problem], M | None]:
    """Read, compose and schema-check one file.

    Returns (display path, source map, model or None, problems, repaired model or None):
    the repaired model (see :mod:`builder.load.repair`) is there only when the schema
    failed, for the rule checks to still run.
    """
    display = display_path(path)
    data, smap, yaml_problems = load_yaml(path, display)
    if data is None and yaml_problems:
        return display, smap, None, yaml_problems, None
    loaded, problems = to_model(model, data, smap)
    if yaml_problems and loaded is not None:
        # read, but not as written (a duplicate key, a refused tag, an undefined alias): checks only
        loaded, repaired = None, loaded
    else:
        wanted = loaded is None and isinstance(data, dict) and model is Programme  # only programmes are checked
        repaired = repair(model, data) if wanted else None
    return display, smap, loaded, yaml_problems + problems, repaired


def _is_draft(programme: Programme) -> bool:
    """True when the programme says ``status: draft`` (a repaired one too: a draft with schema errors)."""
    try:
        return str(programme.status) == "draft"
    except UnknownValue:
        return False


def load_framework(path: Path) -> tuple[LoadedFramework | None, list[Problem]]:
    """Load and schema-check one framework file, and check that its routes name its own kinds."""
    display, smap, model, problems, _ = _load(path, Framework)
    if model is None:
        return None, problems
    loaded = LoadedFramework(path, display, smap, model)
    return loaded, [*problems, *route_kinds(loaded)]


def route_kinds(loaded: LoadedFramework) -> list[Problem]:
    """A route's ``kinds`` are kinds of its framework (a typo would silently close the route to every programme)."""
    kinds = sorted(loaded.model.kinds)
    return [
        Problem(
            loaded.smap.at(("routes", route_id, "kinds", index)),
            "ref-kind",
            f"routes.{route_id}.kinds[{index}]: expected a kind of '{loaded.model.id}', got '{kind}'"
            f"{suggest(kind, kinds)}",
        )
        for route_id, route in loaded.model.routes.items()
        for index, kind in enumerate(route.kinds)
        if kind not in loaded.model.kinds
    ]


def load_programme(path: Path) -> tuple[LoadedProgramme | None, list[Problem]]:
    """Load and schema-check one programme file."""
    display, smap, model, problems, _ = _load(path, Programme)
    return (LoadedProgramme(path, display, smap, model) if model else None), problems


def _framework_sources(root: Path) -> tuple[list[FrameworkFile], list[Problem]]:
    """The shipped framework files, then the project's own, found by :func:`_discover`."""
    own = root / FRAMEWORKS_DIR
    own_files, problems = _discover(own, recursive=False)
    shipped = [source for source in framework_files(root) if source.shipped]
    if own.is_dir() and SHIPPED_FRAMEWORKS.is_dir() and own.resolve() == SHIPPED_FRAMEWORKS.resolve():
        return [FrameworkFile(path, True) for path in own_files], problems  # a checkout of Stagecraft
    return shipped + [FrameworkFile(path, False) for path in own_files], problems


def _is_framework_file(root: Path, path: Path) -> bool:
    try:
        return path.resolve().parent == (root / FRAMEWORKS_DIR).resolve()
    except OSError:
        return False


def load_project(
    root: Path, programme_files: list[Path] | None = None, cohort_files: list[Path] | None = None
) -> Project:
    """Load every framework (shipped ones, then the project's), then the given programme
    files (default: all of them), then the given cohort files (default: all of
    ``curricula/cohorts/`` when no programme file is given).

    A project framework with a shipped framework's id replaces it, with a warning
    when the two files differ; two project files with one id are an error naming
    both. Framework references are resolved here: a programme whose framework or
    kind does not exist gets a located problem (with a suggestion) and is dropped.
    Programmes are read from ``curricula/programmes/`` and its subfolders; two files
    with one id are an error naming both. A framework file among ``programme_files``
    is checked as a framework (every framework is), not as a programme.
    A programme with schema errors is kept in :attr:`Project.partial`, repaired,
    for the rule checks; it is never rendered.
    """
    project = Project(root=root)
    sources, problems = _framework_sources(root)
    project.problems.extend(problems)
    shipped: dict[str, Path] = {}
    failed_frameworks: set[str] = set()
    for source in sources:
        path = source.path
        loaded, problems = load_framework(path)
        project.problems.extend(problems)
        if loaded is None:
            failed_frameworks.add(path.stem)
            continue
        if loaded.model.id != path.stem:
            project.problems.append(
                Problem(
                    loaded.smap.at(("id",)),
                    "id-filename",
                    f"id: expected '{path.stem}' (the file name), got '{loaded.model.id}'",
                )
            )
        first = project.frameworks.get(loaded.model.id)
        replaced = shipped.get(loaded.model.id)
        if first is not None and replaced is None:
            project.problems.append(_duplicate(loaded, first))
            continue
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
    if programme_files is None:
        files, problems = _discover(root / PROGRAMMES_DIR, recursive=True)
        project.problems.extend(problems)
    else:
        files = [f for f in programme_files if not _is_framework_file(root, f)]
    seen: dict[str, LoadedProgramme] = {}
    for path in files:
        display, smap, model, problems, repaired = _load(path, Programme)
        project.problems.extend(problems)
        candidate = model or repaired
        if candidate is None:
            continue
        loaded_p = LoadedProgramme(path, display, smap, candidate)
        try:
            programme_id = str(candidate.id)
            framework_id = str(candidate.framework)
        except UnknownValue:
            continue  # its id or framework is broken: the schema problems say so
        first_p = seen.get(programme_id)
        if first_p is not None:
            project.problems.append(_duplicate(loaded_p, first_p))
            continue
        seen[programme_id] = loaded_p
        if _is_draft(candidate):
            project.drafts.add(display)
        if framework_id in failed_frameworks:
            project.problems.append(
                Problem(
                    smap.at(("framework",)),
                    "ref-framework",
                    f"framework: '{framework_id}' has errors (reported in its file), so this programme's rules "
                    "were not checked; they are once the framework loads",
                    Severity.WARNING,
                )
            )
            continue
        try:
            problems = resolve_references(loaded_p, project.frameworks)
        except UnknownValue:
            continue  # its kind is broken: the schema problems say so
        project.problems.extend(problems)
        if problems:
            continue
        (project.programmes if model is not None else project.partial).append(loaded_p)
    if cohort_files is None:
        cohort_files = []
        if programme_files is None:
            cohort_files, problems = _discover(root / COHORTS_DIR, recursive=False)
            project.problems.extend(problems)
    for path in cohort_files:
        loaded_c, problems = load_cohort(path, display_path(path))
        project.problems.extend(problems)
        if loaded_c is not None:
            project.cohorts.append(loaded_c)
    return project


def load_programmes(root: Path, keep: Callable[[Path, str], bool]) -> tuple[list[LoadedProgramme], set[str]]:
    """The project's programme files that ``keep(path, text)`` selects, loaded for comparison.

    Returns those that loaded (schema-valid, or repaired when the schema failed) and
    the file stems of the selected files that did not load at all. Their problems
    are not returned: these files are read only to compare another programme with
    them (a translation with its original); validating them reports their problems.
    """
    files, _ = _discover(root / PROGRAMMES_DIR, recursive=True)
    loaded: list[LoadedProgramme] = []
    unreadable: set[str] = set()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            unreadable.add(path.stem)
            continue
        if not keep(path, text):
            continue
        display, smap, model, _problems, repaired = _load(path, Programme)
        candidate = model or repaired
        if candidate is None:
            unreadable.add(path.stem)
        else:
            loaded.append(LoadedProgramme(path, display, smap, candidate))
    return loaded, unreadable


def programme_stems(root: Path) -> set[str]:
    """The file stems of every programme file of the project (subfolders included)."""
    files, _ = _discover(root / PROGRAMMES_DIR, recursive=True)
    return {f.stem for f in files}


def _duplicate(loaded: Loaded, first: Loaded) -> Problem:
    """Two files declaring one id: the second is reported, naming the first."""
    what = "framework" if isinstance(loaded, LoadedFramework) else "programme"
    ident = loaded.model.id  # type: ignore[attr-defined]
    return Problem(
        loaded.smap.at(("id",)),
        f"duplicate-{what}",
        f"id: expected one file per {what}, got '{ident}' again (already the id of {first.display}): "
        "rename or remove one of them",
    )


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
