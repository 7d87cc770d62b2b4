"""The toolkit commands of ``stagecraft``: init, new, schema, rules, diff.

Each parses its options, calls one library function and reports. Exit codes as
everywhere: 0 all good, 1 content problems, 2 usage errors (click's own, or
:class:`click.UsageError`). Never a traceback for bad input.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from builder.load.defaults import organisation_templates
from builder.load.project import PROGRAMMES_DIR, Project, display_path, find_root, load_project
from builder.model.framework import Framework
from builder.model.programme import LANGUAGES
from builder.model.jsonschema import REGENERATE, schema_files
from builder.problems import Severity, suggest
from builder.write.files import FileExists, out_of_date, write_files

IDENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _project_root(required: bool = True) -> Path:
    root = find_root(Path.cwd())
    if required and not (root / "curricula").is_dir():
        raise click.UsageError(
            f"no curricula/ folder in {Path.cwd()} or above it (run `stagecraft init DIR` to make a project)"
        )
    return root


def _framework(project: Project, framework_id: str) -> Framework:
    loaded = project.frameworks.get(framework_id)
    if loaded is None:
        hint = suggest(framework_id, sorted(project.frameworks))
        raise click.UsageError(f"unknown framework '{framework_id}'{hint}")
    return loaded.model


def _kind(framework: Framework, kind: str) -> str:
    if kind not in framework.kinds:
        hint = suggest(kind, sorted(framework.kinds))
        raise click.UsageError(f"'{framework.id}' has no kind '{kind}'{hint}")
    return kind


# -- init --------------------------------------------------------------------------------------


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (existing files are replaced).")
@click.option("--organisation", default="",
              help="Who runs the programmes, e.g. 'Association Horizons': written to stagecraft.yaml, "
                   "named as the slide decks' author.")
def init_command(directory: Path, force: bool, organisation: str) -> None:
    """Make a new project in DIRECTORY: an example programme, site, schemas, editor, pre-commit and CI files.

    The project validates and builds at once: cd DIRECTORY && stagecraft validate && stagecraft build.
    """
    from builder.model.settings import ORGANISATION_MAX
    from builder.toolkit.scaffold import is_empty, project_files

    if directory.exists() and not directory.is_dir():
        raise click.UsageError(f"{directory} is a file, not a folder")
    if not force and not is_empty(directory):
        raise click.UsageError(f"{directory} is not empty (use --force to write into it anyway)")
    organisation = " ".join(organisation.split())
    if len(organisation) > ORGANISATION_MAX:
        raise click.UsageError(
            f"--organisation: expected at most {ORGANISATION_MAX} characters, got {len(organisation)} (shorten the name)"
        )
    name = directory.resolve().name
    files = project_files(name, organisation)
    try:
        write_files(directory, files, replace=True)
    except OSError as exc:
        click.echo(f"{directory}: cannot write the project: {exc}", err=True)
        sys.exit(1)
    click.echo(f"made {len(files)} files in {directory}", err=True)
    click.echo(f"next: cd {directory} && stagecraft validate && stagecraft build", err=True)


# -- new -----------------------------------------------------------------------------------------


@click.group("new")
def new_group() -> None:
    """Start a new file from a skeleton."""


@new_group.command("programme")
@click.argument("programme_id", metavar="ID")
@click.option("--framework", "framework_id", required=True, help="The framework id, e.g. fr-code-penal-131-5-1.")
@click.option("--kind", required=True, help="A kind (or track) of that framework, e.g. stupefiants.")
@click.option("--language", type=click.Choice(list(LANGUAGES)), default=None,
              help="Language of the content and labels (default: the framework's).")
@click.option("--route", "route_ids", multiple=True,
              help="A legal route participants come by (repeatable; default: every route of the kind not "
                   "reserved to minors). `stagecraft rules FRAMEWORK KIND` lists them.")
@click.option("--force", is_flag=True, help="Replace an existing programme file.")
def new_programme(
    programme_id: str, framework_id: str, kind: str, language: str | None, route_ids: tuple[str, ...], force: bool
) -> None:
    """Write curricula/programmes/ID.yaml: a draft that already meets the kind's structural rules.

    Sessions, durations, phases, interviews and completion follow the kind's rules; the text only the
    designer can write starts with '[à écrire]' ('[to write]'), which `stagecraft validate` lists.
    """
    from builder.toolkit.skeleton import default_routes, skeleton
    from builder.validate.runner import validate

    if not IDENT.match(programme_id) or len(programme_id) > 64:
        raise click.UsageError(
            f"'{programme_id}' is not a valid programme id: lowercase letters, digits and hyphens, starting with a "
            "letter or digit, at most 64 characters (it is also the file name), e.g. stage-stups-2j"
        )
    root = _project_root()
    project = load_project(root, [])
    framework = _framework(project, framework_id)
    _kind(framework, kind)
    for route_id in route_ids:
        route = framework.routes.get(route_id)
        if route is None or not route.applies_to(kind):
            minors = [r for r, v in framework.routes.items() if v.minors and v.applies_to(kind)]
            known = list(dict.fromkeys(default_routes(framework, kind) + minors))
            raise click.UsageError(f"'{framework.id}' has no route '{route_id}' for kind '{kind}'{suggest(route_id, known)}")
    routes = list(route_ids) or default_routes(framework, kind)
    text = skeleton(programme_id, framework, kind, language or framework.language, routes)
    files = {f"{PROGRAMMES_DIR.as_posix()}/{programme_id}.yaml": text.encode()}
    files.update({f"schemas/{n}": d for n, d in schema_files().items() if not (root / "schemas" / n).exists()})
    try:
        written = write_files(root, files, replace=force)
    except FileExists as exc:
        raise click.UsageError(f"already exists: {exc} (use --force to replace it)") from None
    path = written[0]
    _, problems = validate(root, [path], strict=True)  # strict: the draft's errors show as errors here
    mine = [p for p in problems if p.location.path == display_path(path)]
    left = ("placeholder", "activity-content")
    errors = [p for p in mine if p.rule not in left]
    todo = sum(1 for p in mine if p.rule in left)
    click.echo(f"wrote {display_path(path)}: a draft of '{framework.id}' / '{kind}' with {todo} thing(s) to write "
               "(stagecraft validate lists them)", err=True)
    for problem in errors:  # a skeleton must meet its rules; say so loudly if one does not
        click.echo(problem.format(), err=True)
    sys.exit(1 if errors else 0)


# -- schema ---------------------------------------------------------------------------------------


@click.command("schema")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the schema files (default: schemas/ in the project).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a schema file is missing or out of date.")
def schema_command(out: Path | None, check: bool) -> None:
    """Write the JSON Schemas of programme and framework files (draft-07, for editors and check-jsonschema)."""
    folder = out or (_project_root(required=False) / "schemas")
    files = schema_files()
    if check:
        stale = out_of_date(folder, files)
        for name in stale:
            click.echo(f"{folder / name}: out of date with the model (run: {REGENERATE})", err=True)
        sys.exit(1 if stale else 0)
    try:
        written = write_files(folder, files, replace=True)
    except OSError as exc:
        click.echo(f"{folder}: cannot write the schemas: {exc}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(str(path))


# -- rules ----------------------------------------------------------------------------------------


@click.command("rules")
@click.argument("framework_id", required=False, metavar="[FRAMEWORK]")
@click.argument("kind", required=False, metavar="[KIND]")
def rules_command(framework_id: str | None, kind: str | None) -> None:
    """Print the rules that apply: every framework, one framework, or one kind (value, source, severity)."""
    from builder.toolkit.rules import framework_listing, kind_rules, overview

    root = _project_root(required=False)
    project = load_project(root, [])
    broken = [p for p in project.problems if p.severity is Severity.ERROR]
    for problem in broken:
        click.echo(problem.format(), err=True)
    dirs = organisation_templates(root)
    if framework_id is None:
        click.echo(overview(project))
    else:
        framework = _framework(project, framework_id)
        if kind is None:
            click.echo(framework_listing(framework, dirs))
        else:
            click.echo(kind_rules(framework, _kind(framework, kind), dirs))
    sys.exit(1 if broken else 0)


# -- diff ----------------------------------------------------------------------------------------


@click.command("diff")
@click.argument("rev1")
@click.argument("rev2")
@click.argument("programmes", nargs=-1, metavar="[PROGRAMME]...")
def diff_command(rev1: str, rev2: str, programmes: tuple[str, ...]) -> None:
    """What changed in the programmes between two git revisions, as Markdown.

    Sessions added, removed or moved, durations, methods, objectives, and rule compliance before and after.
    """
    from builder.toolkit.diff import GitError, diff_report

    root = _project_root()
    project = load_project(root, [])
    ids = [Path(p).stem if p.endswith((".yaml", ".yml")) else p for p in programmes]
    try:
        click.echo(diff_report(root, project, rev1, rev2, ids), nl=False)
    except GitError as exc:
        raise click.UsageError(str(exc)) from None
