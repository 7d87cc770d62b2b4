"""The ``stagecraft`` command line: parse options, call one library function, report.

Exit codes: 0 when all is well, 1 when the content has problems (or a build
failed), 2 for usage errors. Never a traceback for bad input.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from builder import __version__
from builder.load.project import PROGRAMMES_DIR, find_root
from builder.problems import Problem, Severity, has_errors, suggest, to_json
from builder.toolkit.commands import diff_command, init_command, new_group, rules_command, schema_command


def _report(problems: list[Problem], fmt: str, checked: str) -> None:
    if fmt == "json":
        click.echo(to_json(problems))
        return
    for problem in problems:
        click.echo(problem.format(), err=False)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    summary = f"{checked}: {errors} error(s), {warnings} warning(s)"
    click.echo(summary, err=True)


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2023-06-01, got {value!r}") from None


def _start_time(value: str | None) -> int | None:
    """Minutes after midnight for ``--start-time HH:MM``; a usage error otherwise."""
    if value is None:
        return None
    from builder.model.duration import parse_clock

    try:
        return parse_clock(value)
    except ValueError:
        hours, _, minutes = value.strip().partition(":")
        hint = ""
        if hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60:
            hint = f" (write {int(hours):02d}:{minutes})"
        raise click.BadParameter(
            f"expected a clock time like 09:00 (24-hour, HH:MM), got {value!r}{hint}", param_hint="'--start-time'"
        ) from None


START_TIME_HELP = (
    "Use HH:MM as every programme's start_time: each day's first session starts then unless it sets its own "
    "start. The schedule is validated with it."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stagecraft")
def main() -> None:
    """Author, check and build court-ordered training programmes."""


def _programme_files(root: Path, names: tuple[str, ...]) -> tuple[Path, ...]:
    """The programme file of each name (an id, or a path to a .yaml file); a usage error for an unknown one."""
    folder = root / PROGRAMMES_DIR
    known = sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []
    files = []
    for name in names:
        if name.endswith((".yaml", ".yml")) and Path(name).is_file():
            files.append(Path(name).resolve())
            continue
        matches = [folder / f"{name}{suffix}" for suffix in (".yaml", ".yml") if (folder / f"{name}{suffix}").is_file()]
        if not matches:
            raise click.UsageError(f"no programme '{name}' in {PROGRAMMES_DIR.as_posix()}/{suggest(name, known)}")
        files.append(matches[0])
    return tuple(dict.fromkeys(files))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--as-of", "as_of", metavar="DATE", help="Check the law in force on DATE (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--start-time", metavar="HH:MM", help=START_TIME_HELP)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project folder holding curricula/ (default: found from the files or the working folder).",
)
def validate(
    files: tuple[Path, ...], strict: bool, as_of: str | None, fmt: str, start_time: str | None, root: Path | None
) -> None:
    """Check programmes against their framework's rules.

    With no FILES, checks every framework and programme under curricula/.
    """
    from builder.validate.runner import validate as run_validate
    from builder.validate.schedule_checks import start_time_note

    day = _as_of(as_of)
    start = _start_time(start_time)
    base = root or find_root(files[0].parent if files else Path.cwd())
    if not (base / "curricula").is_dir():
        raise click.UsageError(f"no curricula/ folder in {base} (use --root)")
    project, problems = run_validate(base, list(files) or None, as_of=day, strict=strict, start_time=start)
    count = len(files) if files else (
        len(project.programmes) + len(project.partial) + len(project.frameworks) + len(project.cohorts)
    )
    if fmt == "text" and (note := start_time_note(project, start)):
        click.echo(note, err=True)
    _report(problems, fmt, f"checked {count} file(s)")
    sys.exit(1 if has_errors(problems) else 0)


@main.command()
@click.argument("programmes", nargs=-1, metavar="[PROGRAMME]...")
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(["guides", "decks", "handouts", "forms", "cohorts", "site"]),
    help="Build only these outputs (repeatable). Default: everything.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), show_default=True)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="An organisation's template folder, searched before the defaults (repeatable).",
)
@click.option("--start-time", metavar="HH:MM", help=START_TIME_HELP)
@click.option("--as-of", "as_of", metavar="DATE", help="Check the law in force on DATE (default: today).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel workers (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Render every programme again, ignoring the build cache.")
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
def build(
    programmes: tuple[str, ...],
    only: tuple[str, ...],
    out: Path,
    template_dirs: tuple[Path, ...],
    start_time: str | None,
    as_of: str | None,
    strict: bool,
    quiet: bool,
    jobs: int | None,
    no_cache: bool,
    root: Path | None,
) -> None:
    """Validate, then build guides, decks and the site into the output folder.

    With PROGRAMME ids (or files), builds only their guides and decks (drafts too) and leaves the
    rest of the output and the site as they are. Drafts (status: draft) are otherwise not built.
    A failed build leaves the previous output exactly as it was.
    """
    from builder.build import BuildOptions, run_build

    start = _start_time(start_time)
    base = root or find_root(Path.cwd())
    if not (base / "curricula").is_dir():
        raise click.UsageError(f"no curricula/ folder in {base} (use --root)")
    files = _programme_files(base, programmes)
    if files and only and set(only) <= {"site"}:
        raise click.UsageError("the site shows every programme: build it without naming programmes")
    options = BuildOptions(
        root=base,
        out=out if out.is_absolute() else Path.cwd() / out,
        targets=tuple(only) or ("guides", "decks", "handouts", "forms", "cohorts", "site"),
        template_dirs=tuple(template_dirs),
        start_time=start,
        as_of=_as_of(as_of),
        strict=strict,
        quiet=quiet,
        jobs=jobs,
        use_cache=not no_cache,
        programmes=files,
    )
    problems, summary = run_build(options)
    if problems:
        _report(problems, "text", "build")
    if has_errors(problems):
        click.echo("build failed: the previous output was left as it was", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(summary, err=True)


for _command in (init_command, new_group, schema_command, rules_command, diff_command):
    main.add_command(_command)
