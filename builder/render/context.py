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
from builder.model.duration import format_clock, format_duration
from builder.model.framework import Framework, Kind, Rules
from builder.model.programme import Programme
from builder.model.schedule import Schedule, TimedSession, schedule
from builder.write.output import Artifact



__all__ = ["DEFAULT_TEMPLATES", "BuildStamp", "Labels", "ProgrammeView", "RenderContext", "TemplateProblem"]


class TemplateProblem(Exception):
    """A template is missing or broken; the message names the template and the line."""


class Labels(Mapping[str, str]):
    """Generated labels in one language, loaded from ``templates/labels/<lang>.yaml``.

    A missing label raises ``KeyError`` naming the key and language, so a template
    can never print an English word in a French guide by accident.
    """

    def __init__(self, language: str, values: Mapping[str, str]) -> None:
        self.language = language
        self._values = dict(values)

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
    """Labels for ``language``: the defaults, overridden key by key by organisation folders."""
    values: dict[str, str] = {}
    for folder in (DEFAULT_TEMPLATES, *reversed(template_dirs)):
        file = folder / "labels" / f"{language}.yaml"
        if file.is_file():
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            values.update({str(k): str(v) for k, v in data.items()})
    return Labels(language, values)


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
    """Where a build came from: programme version, commit (or uncommitted changes) and date."""

    commit: str
    dirty: bool
    date: dt.date

    @classmethod
    def read(cls, root: Path, files: tuple[Path, ...] = (), today: dt.date | None = None) -> "BuildStamp":
        """Ask git about ``root``: the last commit touching ``files`` (default: the curricula and
        templates) and whether they have uncommitted changes. Outside git, commit is 'unknown'."""
        return cls.read_many(root, [files or (root / "curricula", root / "templates")], today)[0]

    @classmethod
    def read_many(
        cls, root: Path, groups: Sequence[tuple[Path, ...]], today: dt.date | None = None
    ) -> list["BuildStamp"]:
        """One stamp per group of files, from three git calls whatever the number of groups.

        A group's commit is the latest commit touching any of its files; it is dirty when
        any of them differs from that commit or is not tracked. Outside git: 'unknown'.
        """
        day = today or dt.date.today()
        inside = [[f for f in group if _inside(f, root)] for group in groups]  # shipped files are not in git here
        paths = sorted({_rel(f, root) for group in inside for f in group})
        if not paths:
            return [cls("unknown", False, day) for _ in groups]
        try:
            log = _git(root, "log", "--format=%x01%h", "--name-only", "--relative", "--", *paths)
            changed = _git(root, "diff", "--name-only", "--relative", "HEAD", "--", *paths)
            untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", *paths)
        except (OSError, subprocess.SubprocessError):
            return [cls("unknown", False, day) for _ in groups]
        recency: dict[str, tuple[int, str]] = {}  # path -> (age rank, commit); rank 0 = newest
        rank, commit = -1, ""
        for line in log.splitlines():
            if line.startswith("\x01"):
                rank, commit = rank + 1, line[1:]
            elif line and line not in recency:
                recency[line] = (rank, commit)
        dirty = set(changed.splitlines()) | set(untracked.splitlines())
        stamps = []
        for group in inside:
            names = [_rel(f, root) for f in group]
            known = [recency[found] for name in names for found in _under(name, recency)]
            latest = min(known)[1] if known else "unknown"
            is_dirty = any(d == n or d.startswith(n.rstrip("/") + "/") for n in names for d in dirty)
            stamps.append(cls(latest, is_dirty, day))
        return stamps


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _under(name: str, recency: Mapping[str, tuple[int, str]]) -> list[str]:
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

    @property
    def programme(self) -> Programme:
        return self.loaded.model

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

    def duration(self, minutes: int) -> str:
        """A duration in the programme's language."""
        return format_duration(minutes, self.programme.language)


@dataclass
class RenderContext:
    """Shared by all renderers of one build."""

    project: Project
    template_dirs: tuple[Path, ...] = ()
    start_time: int | None = None
    stamp: BuildStamp = field(default_factory=lambda: BuildStamp("unknown", False, dt.date.today()))
    produced: dict[str, list[Artifact]] = field(default_factory=dict)
    previous: dict[str, bytes] = field(default_factory=dict)
    """Files of the previous build that renderers derive state from (cohort calendars: SEQUENCE)."""
    _labels: dict[str, Labels] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def env(self) -> jinja2.Environment:
        return make_environment(self.template_dirs)

    def labels(self, language: str) -> Labels:
        """The labels of ``language``, read once per context (every view of that language shares them)."""
        if language not in self._labels:
            self._labels[language] = load_labels(self.template_dirs, language)
        return self._labels[language]

    def view(self, loaded: LoadedProgramme) -> ProgrammeView:
        framework = self.project.frameworks[loaded.model.framework].model
        return ProgrammeView(loaded, framework, self.labels(loaded.model.language), self.start_time)

    def views(self) -> list[ProgrammeView]:
        """A view per programme, in file-name order."""
        return [self.view(p) for p in sorted(self.project.programmes, key=lambda p: p.model.id)]

    def render_template(self, name: str, **values: Any) -> str:
        """Render one template; a missing template or variable raises :class:`TemplateProblem`."""
        try:
            return self.env.get_template(name).render(**values)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(f"template not found: {exc.name}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(f"{name}: {exc.message}") from None
        except KeyError as exc:
            raise TemplateProblem(f"{name}: {exc.args[0]}") from None
