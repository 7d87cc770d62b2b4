"""What every renderer receives: the validated project, views of each programme,
labels in the programme's language, the Jinja environment and the build stamp.

Renderers are pure: ``render(ctx) -> list[Artifact]``; nothing here writes files.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, Sequence

import jinja2
import yaml

from builder.load.defaults import DEFAULT_TEMPLATES
from builder.load.project import LoadedProgramme, Project
from builder.model.duration import format_clock
from builder.model.framework import Framework, Kind, Rules
from builder.model.programme import Programme
from builder.model.schedule import Schedule, TimedSession, schedule
from builder.problems import Location, Problem
from builder.render import fmt
from builder.render.typography import typeset, typeset_model
from builder.write.output import Artifact



__all__ = ["DEFAULT_TEMPLATES", "BuildStamp", "Labels", "ProgrammeView", "RenderContext", "TemplateProblem"]


class TemplateProblem(Exception):
    """A template is missing or broken, at a real place: the template file and line (or a labels file).

    ``problem`` is the same as a located :class:`~builder.problems.Problem` (rule ``template``),
    which is how it crosses the render boundary; ``str()`` gives the message with its place.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location or Location("templates")
        self.message = message
        super().__init__(f"{self.location}: {message}" if location else message)

    @property
    def problem(self) -> Problem:
        return Problem(self.location, "template", self.message)


def template_location(env: jinja2.Environment, name: str, exc: BaseException, line: int = 0) -> Location:
    """Where a template error happened: the template's file (as found by the loader) and line.

    The line comes from ``line`` (syntax errors) or from the innermost template frame of
    the traceback (Jinja maps rendering errors back to template lines).
    """
    frame_file, frame_line = "", 0
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".jinja", ".html", ".md")):
            frame_file, frame_line = filename, tb.tb_lineno
        tb = tb.tb_next
    if frame_file and not line:
        return Location(frame_file, frame_line, 1 if frame_line else 0)
    try:
        source = env.loader.get_source(env, name)[1] if env.loader else None
    except jinja2.TemplateNotFound:
        source = None
    return Location(source or name, line, 1 if line else 0)


class Labels(Mapping[str, str]):
    """Generated labels in one language, loaded from ``templates/labels/<lang>.yaml``.

    A missing label raises ``KeyError`` naming the key and language, so a template
    can never print an English word in a French guide by accident.
    """

    def __init__(self, language: str, values: Mapping[str, str], file: Path | None = None) -> None:
        self.language = language
        self._values = dict(values)
        self.file = file or DEFAULT_TEMPLATES / "labels" / f"{language}.yaml"
        """The labels file a missing label should be added to (the defaults)."""

    def __getitem__(self, key: str) -> str:
        try:
            return self._values[key]
        except KeyError:
            raise KeyError(f"no label '{key}' for language '{self.language}'") from None

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]


def load_labels(template_dirs: tuple[Path, ...], language: str) -> Labels:
    """Labels for ``language``: the defaults, overridden key by key by organisation folders,
    typeset for the language (no-break spaces, apostrophes, quotes)."""
    values: dict[str, str] = {}
    for folder in (DEFAULT_TEMPLATES, *reversed(template_dirs)):
        file = folder / "labels" / f"{language}.yaml"
        if file.is_file():
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            values.update({str(k): str(v) for k, v in data.items()})
    return Labels(language, {key: typeset(value, language) for key, value in values.items()})


def make_environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """A Jinja environment that fails loudly, searching organisation folders first."""
    loaders = [jinja2.FileSystemLoader(str(d)) for d in template_dirs]
    loaders.append(jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["clock"] = format_clock
    return env


@dataclass(frozen=True)
class BuildStamp:
    """Where a build came from: the last commit touching its files, whether they have uncommitted
    changes, and the date of that commit (``None`` outside git). Never today's date: the same commit
    gives the same stamp, so a rebuild gives the same bytes and a cache can be shared."""

    commit: str
    dirty: bool
    date: dt.date | None = None

    @classmethod
    def read(cls, root: Path, files: tuple[Path, ...] = ()) -> "BuildStamp":
        """Ask git about ``root``: the last commit touching ``files`` (default: the curricula and
        templates) and whether they have uncommitted changes. Outside git, commit is 'unknown'."""
        return cls.read_many(root, [files or (root / "curricula", root / "templates")])[0]

    @classmethod
    def read_many(cls, root: Path, groups: Sequence[tuple[Path, ...]]) -> list["BuildStamp"]:
        """One stamp per group of files, from three git calls whatever the number of groups.

        A group's commit is the latest commit touching any of its files; it is dirty when
        any of them differs from that commit or is not tracked. Outside git: 'unknown'.
        """
        inside = [[f for f in group if _inside(f, root)] for group in groups]  # shipped files are not in git here
        paths = sorted({_rel(f, root) for group in inside for f in group})
        if not paths:
            return [cls("unknown", False) for _ in groups]
        try:
            log = _git(root, "log", "--format=%x01%h %cs", "--name-only", "--relative", "--", *paths)
            changed = _git(root, "diff", "--name-only", "--relative", "HEAD", "--", *paths)
            untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", *paths)
        except (OSError, subprocess.SubprocessError):
            return [cls("unknown", False) for _ in groups]
        recency: dict[str, tuple[int, str, str]] = {}  # path -> (age rank, commit, date); rank 0 = newest
        rank, commit, day = -1, "", ""
        for line in log.splitlines():
            if line.startswith("\x01"):
                rank += 1
                commit, _, day = line[1:].partition(" ")
            elif line and line not in recency:
                recency[line] = (rank, commit, day)
        dirty = set(changed.splitlines()) | set(untracked.splitlines())
        stamps = []
        for group in inside:
            names = [_rel(f, root) for f in group]
            known = [recency[found] for name in names for found in _under(name, recency)]
            latest = min(known) if known else None
            is_dirty = any(d == n or d.startswith(n.rstrip("/") + "/") for n in names for d in dirty)
            when = _date(latest[2]) if latest else None
            stamps.append(cls(latest[1] if latest else "unknown", is_dirty, when))
        return stamps


def programme_stamps(project: Project) -> dict[str, BuildStamp]:
    """Each programme's stamp: the last commit of its own YAML and its framework's (as on its guide)."""
    groups = [(p.path, project.frameworks[p.model.framework].path) for p in project.programmes]
    stamps = BuildStamp.read_many(project.root, groups) if groups else []
    return {p.model.id: stamp for p, stamp in zip(project.programmes, stamps)}


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _under(name: str, recency: Mapping[str, tuple[int, str, str]]) -> list[str]:
    """``name`` itself when git knows it as a file, else the known files below it (a folder)."""
    if name in recency:
        return [name]
    prefix = name.rstrip("/") + "/"
    return [n for n in recency if n.startswith(prefix)]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=30
    ).stdout


@dataclass(frozen=True)
class ProgrammeView:
    """A programme with everything derived that renderers show."""

    loaded: LoadedProgramme
    framework: Framework
    labels: Labels
    start_time: int | None = None

    @cached_property
    def programme(self) -> Programme:
        """The programme with its text typeset for its language (see :mod:`builder.render.typography`)."""
        return typeset_model(self.loaded.model, self.loaded.model.language)

    @property
    def kind(self) -> Kind:
        return self.framework.kinds[self.programme.kind]

    @cached_property
    def rules(self) -> Rules:
        """The kind's rules with those of the programme's legal routes (a minors' route: fee 0 …)."""
        return self.framework.programme_rules(self.programme.kind, self.programme.routes)

    @cached_property
    def schedule(self) -> Schedule:
        """The programme's one schedule (the one validation checked), ``start_time`` option applied."""
        return schedule(self.programme, self.rules, self.start_time)

    @property
    def breaks_count(self) -> bool:
        return self.schedule.breaks_count

    @cached_property
    def sessions(self) -> list[TimedSession]:
        """Sessions with their day, clock span and training time, in programme order."""
        return list(self.schedule.sessions)

    @property
    def total_minutes(self) -> int:
        return self.schedule.total_minutes

    @property
    def day_count(self) -> int:
        return len(self.schedule.days)

    @cached_property
    def _day_numbers(self) -> dict[int, int]:
        return fmt.day_numbers([t.day for t in self.schedule.sessions])

    def training_day(self, day: int) -> int:
        """The training day a calendar day number is: days 1 and 15 of a two-day stage are days 1 and 2."""
        return self._day_numbers.get(day, day)

    def duration(self, minutes: int) -> str:
        """A duration in the programme's language (:func:`builder.render.fmt.duration`)."""
        return fmt.duration(minutes, self.programme.language)


@dataclass
class RenderContext:
    """Shared by all renderers of one build."""

    project: Project
    template_dirs: tuple[Path, ...] = ()
    start_time: int | None = None
    stamp: BuildStamp = field(default_factory=lambda: BuildStamp("unknown", False))
    produced: dict[str, list[Artifact]] = field(default_factory=dict)
    previous: dict[str, bytes] = field(default_factory=dict)
    """Files of the previous build that renderers derive state from (cohort calendars: SEQUENCE)."""
    _labels: dict[str, Labels] = field(default_factory=dict, init=False, repr=False)
    _frameworks: dict[str, Framework] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def env(self) -> jinja2.Environment:
        return make_environment(self.template_dirs)

    def labels(self, language: str) -> Labels:
        """The labels of ``language``, read once per context (every view of that language shares them)."""
        if language not in self._labels:
            self._labels[language] = load_labels(self.template_dirs, language)
        return self._labels[language]

    def framework(self, framework_id: str) -> Framework:
        """The framework with its text typeset for its own language, made once per context."""
        if framework_id not in self._frameworks:
            model = self.project.frameworks[framework_id].model
            self._frameworks[framework_id] = typeset_model(model, model.language)
        return self._frameworks[framework_id]

    def view(self, loaded: LoadedProgramme) -> ProgrammeView:
        framework = self.framework(loaded.model.framework)
        return ProgrammeView(loaded, framework, self.labels(loaded.model.language), self.start_time)

    def views(self) -> list[ProgrammeView]:
        """A view per programme, in file-name order."""
        return [self.view(p) for p in sorted(self.project.programmes, key=lambda p: p.model.id)]

    def render_template(self, name: str, **values: Any) -> str:
        """Render one template; a missing template or variable raises :class:`TemplateProblem`."""
        try:
            return self.env.get_template(name).render(**values)
        except jinja2.TemplateSyntaxError as exc:
            where = Location(exc.filename or name, exc.lineno, 1)
            raise TemplateProblem(f"template syntax error: {exc.message}", where) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(f"template not found: {exc.name}", Location(name)) from None
        except jinja2.UndefinedError as exc:
            where = template_location(self.env, name, exc)
            raise TemplateProblem(str(exc.message), where) from None
        except KeyError as exc:
            where = template_location(self.env, name, exc)
            raise TemplateProblem(str(exc.args[0]), where) from None
