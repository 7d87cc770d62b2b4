"""The build orchestrator: load → validate → render → write, in that order.

Nothing is written to the output until every programme has loaded and validated
and every renderer has returned its artifacts; then the writer swaps the new
target folders in. Any problem on the way leaves the previous output as it was.

Per-programme targets (guides, decks) render one programme at a time, on all
cores, and are cached by content: a programme whose YAML, framework, templates
and options are unchanged is not rendered again. The site renders last, from
the whole project, and links to what the other targets produced.
"""

from __future__ import annotations

import concurrent.futures as futures
import datetime as dt
import hashlib
import importlib
import multiprocessing
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from builder.load.defaults import organisation_templates
from builder.load.project import Project, display_path
from builder.problems import Location, Problem, ProblemsFound, Severity, has_errors, sort_problems
from builder.render.context import DEFAULT_TEMPLATES, RenderContext, TemplateProblem, programme_stamps
from builder.validate.runner import validate
from builder.validate.schedule_checks import start_time_note
from builder.write.cache import CACHE_DIR, ArtifactCache, code_digest, hash_files, library_versions
from builder.write.output import Artifact, DuplicateArtifact, UnsafePath, unwritable, write_targets

if TYPE_CHECKING:
    from builder.site.render import SiteBuild

TARGETS: dict[str, str] = {
    "guides": "builder.render.guides",
    "decks": "builder.render.decks",
    "handouts": "builder.render.handouts",
    "forms": "builder.render.forms",
    "cohorts": "builder.render.cohorts",
    "site": "builder.site.render",
}
"""Each target's renderer module; it exposes ``render(ctx: RenderContext) -> list[Artifact]``.
The order matters: the site links to the guides and decks rendered before it."""

PER_PROGRAMME = ("guides", "decks", "handouts", "forms")
"""Targets whose output for one programme depends on that programme alone."""


@dataclass(frozen=True)
class BuildOptions:
    """What ``stagecraft build`` was asked to do."""

    root: Path
    out: Path
    targets: tuple[str, ...] = ("guides", "decks", "handouts", "forms", "cohorts", "site")
    template_dirs: tuple[Path, ...] = ()
    """``--templates`` folders; the project's own ``templates/`` is searched before them."""
    start_time: int | None = None
    as_of: dt.date | None = None
    strict: bool = False
    quiet: bool = False
    jobs: int | None = None
    use_cache: bool = True
    programmes: tuple[Path, ...] = ()
    """Programme files to build (``stagecraft build ID…``): their guides and decks only, drafts
    included; the other programmes' output and the site stay as they are. Empty: every
    programme that is not a draft, and the site."""


class Progress:
    """One plain line per finished unit of work on stderr (CI logs, pipes), unless quiet."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.done, self.quiet = total, 0, quiet

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def step(self, what: str) -> None:
        self.done += 1
        if not self.quiet:
            print(f"[{self.done}/{self.total}] {what}", file=sys.stderr, flush=True)


class BarProgress(Progress):
    """A progress bar (rich) for a terminal: one line redrawn in place, gone when the build ends."""

    def __init__(self, total: int) -> None:
        super().__init__(total, quiet=False)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._bar.add_task("building", total=total)

    def __enter__(self) -> "BarProgress":
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def step(self, what: str) -> None:
        self.done += 1
        self._bar.update(self._task, advance=1, description=what)


def make_progress(total: int, quiet: bool) -> Progress:
    """A bar on an interactive terminal; plain lines in CI (``CI`` set), in pipes; nothing when quiet."""
    if not quiet and sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb":
        return BarProgress(total)
    return Progress(total, quiet)


def renderer(target: str) -> Callable[[RenderContext], list[Artifact]]:
    """The render function of a target (imported lazily: validation needs none of them)."""
    module = importlib.import_module(TARGETS[target])
    render: Callable[[RenderContext], list[Artifact]] = module.render
    return render


def _render_one(target: str, ctx: RenderContext) -> tuple[list[Artifact], list[Problem]]:
    """Worker: render one target for the programmes of ``ctx``; problems come back as located objects."""
    artifacts, problems = _guarded(target, ctx, renderer(target))
    return artifacts or [], problems


Made = TypeVar("Made")


def _guarded(target: str, ctx: RenderContext, render: Callable[[RenderContext], Made]) -> tuple[Made | None, list[Problem]]:
    """``render(ctx)``, or ``None`` and the problems that stopped it, as located objects.

    A template problem carries its template file and line; a renderer's own report
    (:class:`ProblemsFound`) its problems; any other failure is located at the
    programme file being rendered (or the project, for the site).
    """
    try:
        return render(ctx), []
    except TemplateProblem as exc:
        return None, [exc.problem]
    except ProblemsFound as exc:
        return None, list(exc.problems)
    except Exception as exc:  # a renderer failure must not lose the previous build
        programmes = ctx.project.programmes
        where = Location(programmes[0].display) if len(programmes) == 1 else Location(str(ctx.project.root))
        return None, [Problem(where, "render", f"{target}: rendering failed: {type(exc).__name__}: {exc}")]


_FORKED_UNITS: list[tuple[str, RenderContext]] = []


def _render_forked(index: int) -> tuple[list[Artifact], list[Problem]]:
    """Worker entry point: render the unit the parent prepared before forking."""
    return _render_one(*_FORKED_UNITS[index])


def _programme_contexts(base: RenderContext) -> list[RenderContext]:
    """A context per programme, each with the stamp of that programme's own files."""
    project = base.project
    stamps = programme_stamps(project)
    return [
        RenderContext(
            project=Project(
                root=project.root, frameworks=project.frameworks, programmes=[loaded], settings=project.settings
            ),
            template_dirs=base.template_dirs,
            start_time=base.start_time,
            stamp=stamps[loaded.model.id],
        )
        for loaded in project.programmes
    ]


def _inputs_digest(ctx: RenderContext) -> str:
    """A digest of what one programme's context renders from: its options, its stamp (commit and
    commit date, printed on the cover: never today's date), the project settings and its YAML files."""
    loaded = ctx.project.programmes[0]
    framework = ctx.project.frameworks[loaded.model.framework]
    digest = hashlib.sha256()
    for part in (repr(ctx.start_time), repr(ctx.stamp), repr(ctx.project.settings)):
        digest.update(part.encode() + b"\0")
    digest.update(loaded.path.read_bytes() + b"\0" + framework.path.read_bytes())
    return digest.hexdigest()


def _cache_key(target: str, inputs: str, shared: str) -> str:
    return hashlib.sha256(f"{target}\0{shared}\0{inputs}".encode()).hexdigest()[:32]


def render_programmes(
    ctx: RenderContext,
    targets: list[str],
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    prune: bool = True,
) -> tuple[dict[str, list[Artifact]], list[Problem], int]:
    """Render per-programme ``targets`` for every programme of ``ctx``, through the content cache.

    Returns the artifacts by target, the render problems (located) and how many
    programme renders were needed (cache misses). Used by ``stagecraft build``
    and by the site plugin (for ``properdocs build``), so both share one cache. ``prune`` drops the cache
    entries of programmes not rendered here (not for a partial build).
    """
    root = ctx.project.root
    cache = ArtifactCache(root / CACHE_DIR)
    shared = code_digest() + library_versions() + hash_files([DEFAULT_TEMPLATES, *ctx.template_dirs])
    contexts = _programme_contexts(ctx)
    units = [(t, one) for t in targets for one in contexts]
    progress = progress or Progress(len(units), quiet=True)
    results: dict[int, list[Artifact]] = {}
    inputs = {id(one): _inputs_digest(one) for one in contexts}  # once per programme, not per target
    keys = {i: _cache_key(t, inputs[id(unit)], shared) for i, (t, unit) in enumerate(units)}
    todo = []
    for index, (target, unit) in enumerate(units):
        hit = cache.get(target, keys[index]) if use_cache else None
        if hit is not None:
            results[index] = hit
            progress.step(f"{target}: {unit.project.programmes[0].model.id} (cached)")
        else:
            todo.append(index)
    errors = _render_units(units, todo, results, jobs, progress)
    if errors:
        return {}, errors, len(todo)
    for index in todo:
        cache.put(units[index][0], keys[index], results[index])
    produced: dict[str, list[Artifact]] = {}
    for target in targets:
        if prune:
            cache.prune(target, {keys[i] for i, (t, _) in enumerate(units) if t == target})
        produced[target] = [a for i, (t, _) in enumerate(units) if t == target for a in results[i]]
    return produced, [], len(todo)


def _render_site(ctx: RenderContext, use_cache: bool) -> tuple[list[Artifact], list[Problem]]:
    """The site's files (see :func:`_build_site`), or none and the problems that stopped it."""
    built, problems = _build_site(ctx, use_cache)
    return (built.artifacts if built else []), problems


def _build_site(ctx: RenderContext, use_cache: bool) -> tuple["SiteBuild | None", list[Problem]]:
    """The site: the previous build's files when nothing it reads changed (no page generated, no engine
    run), else a build that renders only the pages that changed (:mod:`builder.site.render`)."""
    from builder.site import render as site

    ArtifactCache(ctx.project.root / CACHE_DIR).prune("site", set())  # whole-site entries of earlier versions
    if not use_cache:
        site.forget(ctx.project.root)
    else:
        hit = site.unchanged(ctx)
        if hit is not None:
            return hit, []
    return _guarded("site", ctx, site.build_site)


def pages_note(built: "SiteBuild") -> str:
    """How many pages the site engine rendered, for the build summary."""
    if built.rendered == 0:
        return "site unchanged"
    pages = "page" if built.pages == 1 else "pages"
    if built.full:
        return f"site: {built.pages} {pages} rendered"
    return f"site: {built.rendered} of {built.pages} {pages} rendered again"


def run_build(options: BuildOptions) -> tuple[list[Problem], str]:
    """Build the requested targets; return the problems and a one-line summary.

    The site links to every programme's guide and decks, so building the site
    renders (or takes from the cache) those too, even when only the site is written.
    Validation sees the ``start_time`` option: a start time that makes sessions
    overlap or breaks a schedule rule stops the build before anything renders.
    Drafts (``status: draft``) are validated but built only when named.
    """
    started = time.perf_counter()
    partial = bool(options.programmes)
    project, problems = validate(
        options.root, list(options.programmes) or None, as_of=options.as_of, strict=options.strict,
        start_time=options.start_time,
    )
    if has_errors(problems):
        return problems, ""
    selected = project.programmes if partial else project.published()
    drafts = len(project.programmes) - len(selected)
    ctx = RenderContext(
        project=Project(root=project.root, frameworks=project.frameworks, programmes=selected,
                        cohorts=project.cohorts, settings=project.settings),
        template_dirs=organisation_templates(options.root, options.template_dirs),
        start_time=options.start_time,
    )
    ordered = [t for t in TARGETS if t in options.targets and not (partial and t not in PER_PROGRAMME)]
    needed = list(PER_PROGRAMME) if "site" in ordered else [t for t in ordered if t in PER_PROGRAMME]
    blocked = unwritable(options.out)
    if blocked is not None:
        return problems + [
            Problem(
                Location(display_path(options.out)),
                "write",
                f"expected an output folder Stagecraft can write, got one it cannot: {blocked} (make it "
                "writable, or choose another folder with --out); nothing was rendered and the previous "
                "output is as it was",
            )
        ], ""
    if options.use_cache:
        problems = problems + _cache_warning(options.root, needed)
    units = len(needed) * len(selected)
    progress = make_progress(units + (1 if "site" in ordered else 0), options.quiet)
    with progress:
        produced, errors, rendered = render_programmes(
            ctx, needed, jobs=options.jobs, use_cache=options.use_cache, progress=progress, prune=not partial
        )
        if errors:
            return problems + errors, ""
        ctx.produced.update(produced)
        if "cohorts" in ordered:
            ctx.previous.update(previous_calendars(options.out, project))
            artifacts, errors = _render_one("cohorts", ctx)
            if errors:
                return problems + errors, ""
            ctx.produced["cohorts"] = artifacts
        site_built = None
        if "site" in ordered:
            site_built, errors = _build_site(ctx, options.use_cache)
            if site_built is None:
                return problems + errors, ""
            ctx.produced["site"] = site_built.artifacts
            progress.step("site")
    ids = {p.model.id for p in selected}
    keep = None
    if partial:
        def keep(path: str) -> bool:  # another programme's file: a partial build leaves it
            target, _, rest = path.partition("/")
            return not any(rest.startswith((f"{i}.", f"{i}/")) for i in ids)
    try:
        write_targets(options.out, ordered, ctx.produced, keep=keep)
    except DuplicateArtifact as exc:
        return problems + [Problem(Location(str(options.out / exc.path)), "write-duplicate", str(exc))], ""
    except (OSError, UnsafePath) as exc:
        return problems + [Problem(Location(str(options.out)), "write", f"cannot write the output: {exc}")], ""
    files = sum(len(ctx.produced.get(t, ())) for t in ordered)
    seconds = time.perf_counter() - started
    left_out = f"; {drafts} draft(s) not built" if drafts else ""
    site_note = "; the site was left as it was (it shows every programme: run stagecraft build)" if partial else ""
    site_pages = f"{pages_note(site_built)}, " if site_built is not None else ""
    summary = (
        f"built {', '.join(ordered)} for {len(selected)} programme(s): {files} file(s) in "
        f"{options.out} ({rendered} of {units} programme renders needed, {site_pages}{seconds:.1f} s)"
        f"{left_out}{site_note}"
    )
    note = start_time_note(ctx.project, options.start_time)  # the programmes built
    if note:
        summary += "\n" + note
    return problems, summary


def _cache_warning(root: Path, targets: list[str]) -> list[Problem]:
    """A warning when the build cache cannot be written: the build goes on, storing nothing."""
    folder = root / CACHE_DIR
    why = ArtifactCache(folder).unwritable(targets)
    if why is None:
        return []
    return [
        Problem(
            Location(display_path(folder)),
            "cache",
            f"expected a build cache Stagecraft can write, got one it cannot: {why}; this build renders "
            f"without storing its results (give the folder back to your user, e.g. after a build run with "
            f"sudo: 'sudo chown -R \"$USER\" {CACHE_DIR}', or delete it)",
            Severity.WARNING,
        )
    ]


def previous_calendars(out: Path, project: Project) -> dict[str, bytes]:
    """Each cohort's calendar.ics from the previous build, when there is one (the SEQUENCE state)."""
    found: dict[str, bytes] = {}
    for loaded in project.cohorts:
        rel = f"cohorts/{loaded.model.id}/calendar.ics"
        try:
            found[rel] = (out / rel).read_bytes()
        except OSError:
            continue
    return found


def _threads_alive() -> int:
    """How many threads this process runs, native ones included (Linux), else the Python ones."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _render_units(
    units: list[tuple[str, RenderContext]],
    todo: list[int],
    results: dict[int, list[Artifact]],
    jobs: int | None,
    progress: Progress,
) -> list[Problem]:
    """Render the units listed in ``todo`` into ``results``, in parallel when worth it."""
    errors: list[Problem] = []
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers > 1 and _threads_alive() > 1:
        # Forking a process that runs other threads (typst's compiler keeps a thread pool once used)
        # copies their locks held: the children hang. Such a process renders in-process instead.
        workers = 1
    if workers <= 1:
        for index in todo:
            target, unit = units[index]
            results[index], found = _render_one(target, unit)
            errors.extend(found)
            progress.step(f"{target}: {unit.project.programmes[0].model.id}")
        return sort_problems(dict.fromkeys(errors))  # one template problem met by every programme is said once
    global _FORKED_UNITS
    _FORKED_UNITS = units  # workers are forked and read their unit from here: the model needs no pickling
    context = multiprocessing.get_context("fork")
    with futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = {pool.submit(_render_forked, i): i for i in todo}
        for done in futures.as_completed(pending):
            index = pending[done]
            target, unit = units[index]
            results[index], found = done.result()
            errors.extend(found)
            progress.step(f"{target}: {unit.project.programmes[0].model.id}")
    return sort_problems(dict.fromkeys(errors))
