"""The ``site`` target of ``stagecraft build``: the documentation site as artifacts under ``site/``.

1. Pages: :func:`builder.site.pages.generate` makes every page as Markdown from
   the validated project, the hand-written pages of the project's docs folder
   and the guides and decks this build rendered (``ctx.produced``), copied under
   ``downloads/`` so every link resolves inside the site.
2. HTML: the engine (:mod:`builder.site.engine`, ProperDocs by default) builds
   those pages, written as plain files into a scratch folder, with the project's
   ``mkdocs.yml`` (or Stagecraft's own, for a project without one).
3. The output folder's files are returned as artifacts; only the writer puts
   them in ``build/``.

A problem at any step (a broken template, an unknown marker, an engine warning)
is reported as located :class:`~builder.problems.Problem` objects through
:class:`~builder.problems.ProblemsFound`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import tempfile
from pathlib import Path

from builder.load.defaults import DEFAULTS
from builder.load.project import display_path
from builder.problems import Location, Problem, ProblemsFound
from builder.render.context import RenderContext, programme_stamps
from builder.site import downloads as dl
from builder.site import engine
from builder.site.pages import GENERATED, SitePages, generate
from builder.write.output import Artifact, write_tree

DEFAULT_CONFIG = DEFAULTS.site_config
"""Stagecraft's own site configuration, used for projects that have no mkdocs.yml."""


def config_file(root: Path) -> Path:
    """The site configuration for the project at ``root``: its own, else Stagecraft's."""
    for name in ("properdocs.yml", "mkdocs.yml"):
        own = root / name
        if own.is_file():
            return own
    return DEFAULT_CONFIG


def read_documents(docs_dir: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """The hand-written pages (Markdown text by docs path) and every other file of ``docs_dir``.

    Hidden files and folders (``.name``) are left out, as the engines leave them out.
    """
    pages: dict[str, str] = {}
    others: dict[str, bytes] = {}
    if not docs_dir.is_dir():
        return pages, others
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix == ".md":
            pages[rel.as_posix()] = path.read_text(encoding="utf-8")
        else:
            others[rel.as_posix()] = path.read_bytes()
    return pages, others


def pages_for(ctx: RenderContext, settings: engine.SiteSettings) -> tuple[SitePages, dict[str, bytes]]:
    """Every page of the site (Markdown) and every file of the docs folder to write, for ``ctx``."""
    site, documents, others = _generate(ctx, settings)
    files = {uri: markdown.encode("utf-8") for uri, markdown in documents.items()}
    files.update(others)
    files.update({uri: markdown.encode("utf-8") for uri, markdown in site.pages.items()})
    files.update({d.site_path: d.data for d in site.downloads})
    return site, files


class _Written(dict[str, str]):
    """Pages written to ``folder`` as they are generated; only their paths stay in memory."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __setitem__(self, uri: str, markdown: str) -> None:
        write_tree(self.folder, {uri: markdown.encode("utf-8")})
        super().__setitem__(uri, "")


def _generate(
    ctx: RenderContext, settings: engine.SiteSettings, into: dict[str, str] | None = None
) -> tuple[SitePages, dict[str, str], dict[str, bytes]]:
    documents, others = read_documents(settings.docs_dir)
    site = generate(
        ctx,
        language=settings.language,
        documents=documents,
        nav=settings.nav,
        downloads=dl.for_site(ctx),
        stamps=programme_stamps(ctx.project),
        into=into,
    )
    return site, documents, others


def render(ctx: RenderContext) -> list[Artifact]:
    """Build the site for ``ctx`` and return every file as ``site/<path>``.

    Raises :class:`ProblemsFound` (located problems) when a page cannot be made or the
    engine reports any warning, and lets a template problem through as is.
    """
    file = config_file(ctx.project.root)
    settings = engine.read_settings(file)
    if "stagecraft" not in settings.plugins:
        raise ProblemsFound([
            Problem(Location(str(file)), "site-config", "the stagecraft plugin is not enabled (add 'stagecraft' under plugins:)")
        ])
    with tempfile.TemporaryDirectory(prefix="stagecraft-site-") as tmp:
        docs, out = Path(tmp) / "docs", Path(tmp) / "site"
        site, documents, others = _generate(ctx, settings, _Written(docs))  # each page written as it comes
        if site.problems:
            raise ProblemsFound([_in_docs(p, settings) for p in site.problems])
        write_tree(docs, others)
        write_tree(docs, {uri: text.encode("utf-8") for uri, text in documents.items() if uri not in site.pages})
        write_tree(docs, {d.site_path: d.data for d in site.downloads})
        del site, documents, others
        problems = engine.build(settings, docs, out, GENERATED)
        if problems:
            raise ProblemsFound(problems)
        return _artifacts(out)


def inputs_digest(ctx: RenderContext) -> str:
    """A digest of everything the site is made from, for the build cache (never a date or a machine path).

    The site configuration (and what it inherits), the hand-written pages, the programme and
    framework files, the templates, the site's own code and theme, the engine and its version,
    the revision stamps, the start-time option and the downloads' bytes.
    """
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode())
            digest.update(b"\0")

    file = config_file(ctx.project.root)
    settings = engine.read_settings(file)
    name = engine.default_engine()
    add(name, *(f"{dist}={_version(dist)}" for dist in (name, "mkdocs-material", "markdown", "pymdown-extensions")))
    add(file.read_bytes())
    for path in _files_under([settings.docs_dir, Path(__file__).parent, *_template_folders(ctx)]):
        add(path.name, path.read_bytes())
    for loaded in sorted(ctx.project.programmes, key=lambda p: p.model.id):
        add(loaded.path.name, loaded.path.read_bytes())
    for _, framework in sorted(ctx.project.frameworks.items()):
        add(framework.path.name, framework.path.read_bytes())
    add(repr(sorted(programme_stamps(ctx.project).items())), repr(ctx.start_time))
    for target in sorted(ctx.produced):
        for artifact in ctx.produced[target]:
            add(artifact.path, hashlib.sha256(artifact.data).digest())
    return digest.hexdigest()


def _template_folders(ctx: RenderContext) -> list[Path]:
    from builder.load.defaults import DEFAULT_TEMPLATES

    return [DEFAULT_TEMPLATES, *ctx.template_dirs]


def _files_under(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        if folder.is_dir():
            found.extend(sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts))
    return found


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _in_docs(problem: Problem, settings: engine.SiteSettings) -> Problem:
    """A problem in a hand-written page, located in the project's docs folder."""
    where = problem.location
    path = settings.docs_dir / where.path
    return Problem(Location(display_path(path), where.line, where.column), problem.rule, problem.message, problem.severity)


def _artifacts(folder: Path) -> list[Artifact]:
    """Every file under ``folder`` as ``site/<relative path>``, in path order."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found.append(Artifact("site/" + path.relative_to(folder).as_posix(), path.read_bytes()))
    return found
