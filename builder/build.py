"""The build orchestrator: load → validate → render → write, in that order.

Nothing is written until every programme has loaded and validated and every
renderer has returned its artifacts; then the writer swaps the new target
folders in. Any problem on the way leaves the previous output as it was.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from builder.problems import Location, Problem, has_errors
from builder.render.context import BuildStamp, RenderContext, TemplateProblem
from builder.validate.runner import validate
from builder.write.output import Artifact, write_targets

TARGETS: dict[str, str] = {
    "guides": "builder.render.guides",
    "decks": "builder.render.decks",
    "site": "builder.site.render",
}
"""Each target's renderer module; it exposes ``render(ctx: RenderContext) -> list[Artifact]``.
The order matters: the site links to the guides and decks rendered before it."""


@dataclass(frozen=True)
class BuildOptions:
    """What ``stagecraft build`` was asked to do."""

    root: Path
    out: Path
    targets: tuple[str, ...] = ("guides", "decks", "site")
    template_dirs: tuple[Path, ...] = ()
    start_time: int | None = None
    as_of: dt.date | None = None
    strict: bool = False
    quiet: bool = False
    jobs: int | None = None
    use_cache: bool = True


def renderer(target: str) -> Callable[[RenderContext], list[Artifact]]:
    """The render function of a target (imported lazily: validation needs none of them)."""
    module = importlib.import_module(TARGETS[target])
    return module.render  # type: ignore[no-any-return]


def run_build(options: BuildOptions) -> tuple[list[Problem], str]:
    """Build the requested targets; return the problems and a one-line summary."""
    started = time.perf_counter()
    project, problems = validate(options.root, as_of=options.as_of, strict=options.strict)
    if has_errors(problems):
        return problems, ""
    ctx = RenderContext(
        project=project,
        template_dirs=options.template_dirs,
        start_time=options.start_time,
        stamp=BuildStamp.read(options.root),
    )
    ordered = [t for t in TARGETS if t in options.targets]
    for target in ordered:
        try:
            ctx.produced[target] = renderer(target)(ctx)
        except TemplateProblem as exc:
            return problems + [Problem(Location("templates"), "template", str(exc))], ""
        except Exception as exc:  # a renderer failure must not lose the previous build
            message = f"{target}: rendering failed: {type(exc).__name__}: {exc}"
            return problems + [Problem(Location(target), "render", message)], ""
    try:
        write_targets(options.out, ordered, ctx.produced)
    except OSError as exc:
        return problems + [Problem(Location(str(options.out)), "write", f"cannot write the output: {exc}")], ""
    files = sum(len(a) for a in ctx.produced.values())
    seconds = time.perf_counter() - started
    summary = (
        f"built {', '.join(ordered)} for {len(project.programmes)} programme(s): "
        f"{files} file(s) in {options.out} ({seconds:.1f} s)"
    )
    return problems, summary
