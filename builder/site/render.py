"""The ``site`` target of ``stagecraft build``: the documentation site as artifacts under ``site/``.

1. Pages: :func:`builder.site.pages.generate` makes every page as Markdown from
   the validated project, the hand-written pages of the project's docs folder
   and the guides and decks this build rendered (``ctx.produced``), copied under
   ``downloads/`` so every link resolves inside the site.
2. HTML: the engine (:mod:`builder.site.engine`, ProperDocs by default) builds
   those pages, written as plain files into a scratch folder, with the project's
   ``mkdocs.yml`` (or Stagecraft's own, for a project without one).
3. The output folder's files are returned as artifacts (with how many pages the
   engine rendered, :class:`SiteBuild`); only the writer puts them in ``build/``.

A problem at any step (a broken template, an unknown marker, an engine warning)
is reported as located :class:`~builder.problems.Problem` objects through
:class:`~builder.problems.ProblemsFound`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.load.defaults import DEFAULTS
from builder.load.project import display_path
from builder.problems import Location, Problem, ProblemsFound
from builder.render.context import RenderContext, programme_stamps
from builder.site import downloads as dl
from builder.site import engine
from builder.site.pages import GENERATED, Kept, SitePages, generate
from builder.write.cache import CACHE_DIR, code_digest, library_versions
from builder.write.output import Artifact, StoredArtifact, write_tree
from builder.write.workdir import SyncedFolder, locked_folder, read_state, remove, touch, write_state

ENGINE_LIBRARIES = ("mkdocs-material", "markdown", "pymdown-extensions", "mkdocs-material-extensions")
"""Besides the engine itself, the distributions whose version changes the HTML."""

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


def _generate(
    ctx: RenderContext,
    settings: engine.SiteSettings,
    into: dict[str, str] | None = None,
    kept: dict[str, Kept] | None = None,
    downloads: list[dl.Download] | None = None,
) -> tuple[SitePages, dict[str, str], dict[str, bytes]]:
    documents, others = read_documents(settings.docs_dir)
    site = generate(
        ctx,
        language=settings.language,
        documents=documents,
        nav=settings.nav,
        downloads=dl.for_site(ctx) if downloads is None else downloads,
        stamps=programme_stamps(ctx.project),
        into=into,
        kept=kept,
    )
    return site, documents, others


@dataclass(frozen=True)
class SiteBuild:
    """What one site build made: every file of the site, and how many of its pages the engine rendered."""

    artifacts: list[Artifact]
    """Every file as ``site/<path>``."""
    pages: int
    """The HTML pages of the site."""
    rendered: int
    """The pages the engine rendered in this build: every one in a full build; in an incremental
    one, those whose Markdown was written again or touched, and the theme's own pages (404), which
    it renders every time; none when the previous site was taken as it was."""
    full: bool
    """True when the engine built every page from nothing (no previous build it could start from)."""


ENGINE_WORK = "site-engine"
"""The engine's previous build, under the project's cache folder: ``docs/`` (the pages as plain files),
``site/`` (the engine's output) and ``state.json`` (what that build was made from)."""


def render(ctx: RenderContext) -> list[Artifact]:
    """Build the site for ``ctx`` and return every file as ``site/<path>`` (the target's renderer).

    See :func:`build_site`, which also says how many pages the engine rendered.
    """
    return build_site(ctx).artifacts


def build_site(ctx: RenderContext) -> SiteBuild:
    """Build the site for ``ctx``: every file as ``site/<path>``, and how many pages the engine rendered.

    Incremental: the pages are written into the docs folder of the previous build
    (``.stagecraft-cache/site-engine``), only where their bytes changed, and the
    engine runs in its dirty mode, which renders again only those pages (and the
    hand-written ones, which hold the catalogue). Anything that could change every
    page (the configuration, the hand-written pages and so the navigation, the set
    of pages, the theme, Stagecraft's site code, the engine or its version) makes a
    full build, as does a previous build that did not finish.

    Raises :class:`ProblemsFound` (located problems) when a page cannot be made or the
    engine reports any warning, and lets a template problem through as is; the
    previous build's output stays as it was (only the writer touches ``build/``).
    """
    file = config_file(ctx.project.root)
    settings = engine.read_settings(file)
    if "stagecraft" not in settings.plugins:
        raise ProblemsFound([
            Problem(Location(str(file)), "site-config", "the stagecraft plugin is not enabled (add 'stagecraft' under plugins:)")
        ])
    with locked_folder(ctx.project.root / CACHE_DIR / ENGINE_WORK) as work:
        docs, out, state_file = work / "docs", work / "site", work / "state.json"
        previous = read_state(state_file)
        remove(state_file)  # back only once this build has finished
        inputs = inputs_digest(ctx)
        downloads = dl.for_site(ctx)
        keys = _programme_keys(ctx, settings, downloads)
        kept = _kept(previous, keys, docs)
        synced = SyncedFolder(docs)
        for pages in (k.pages for k in kept.values()):
            synced.written.update(pages)  # unchanged programmes: their pages are already in docs/
        site, documents, others = _generate(ctx, settings, synced, kept, downloads)  # pages written as they come
        if site.problems:
            raise ProblemsFound([_in_docs(p, settings) for p in site.problems])
        for uri, data in others.items():
            synced.put(uri, data)
        for uri, text in documents.items():
            if uri not in site.pages:
                synced.put(uri, text.encode("utf-8"))
        for download in site.downloads:
            synced.put(download.site_path, download.data)
        handwritten = sorted(uri for uri in synced.written if uri.endswith(".md") and uri not in site.generated)
        programmes = {
            pid: {"key": keys[pid], "pages": list(site.programme_pages[pid]), "row": site.rows[pid]}
            for pid in site.programme_pages
        }
        del site, documents, others
        synced.remove_others()
        layout = _layout_digest(settings, sorted(synced.written))
        dirty = previous.get("layout") == layout and out.is_dir()
        if dirty:
            for uri in handwritten:  # they hold the catalogue and the nav titles: always rendered again
                touch(docs / uri)
        # The engine's dirty mode skips exactly the pages whose Markdown kept its time (same bytes, not touched).
        kept_pages = {uri for uri in synced.written if uri.endswith(".md")} - synced.changed - set(handwritten)
        skipped = len(kept_pages) if dirty else 0
        problems = engine.build(settings, docs, out, GENERATED, dirty=dirty)
        if problems:
            raise ProblemsFound(problems)
        write_state(state_file, {"layout": layout, "inputs": inputs, "programmes": programmes})
        artifacts = _artifacts(out)
        html = sum(1 for artifact in artifacts if artifact.path.endswith(".html"))
        return SiteBuild(artifacts, html, html - skipped, full=not dirty)


def unchanged(ctx: RenderContext) -> SiteBuild | None:
    """The previous site build's files when nothing the site is made from changed since, else ``None``.

    Nothing is generated and no engine runs: the files are read from the engine's
    previous output (see :func:`render`).
    """
    work = ctx.project.root / CACHE_DIR / ENGINE_WORK
    state = read_state(work / "state.json")
    if not state or state.get("inputs") != inputs_digest(ctx) or not (work / "site").is_dir():
        return None
    artifacts = _artifacts(work / "site")
    pages = sum(1 for artifact in artifacts if artifact.path.endswith(".html"))
    return SiteBuild(artifacts, pages, rendered=0, full=False)


def forget(root: Path) -> None:
    """Make the next site build a full one (``stagecraft build --no-cache``)."""
    remove(root / CACHE_DIR / ENGINE_WORK / "state.json")


def _programme_keys(
    ctx: RenderContext, settings: engine.SiteSettings, downloads: list[dl.Download]
) -> dict[str, str]:
    """Per programme, a digest of what its pages and catalogue card are made from.

    Its programme and framework files, its revision stamp, its downloads, its published
    cohorts (with today's date, which decides which are upcoming), and what all pages
    share: the site's language, the start-time option, the templates and labels, and the
    code and library versions that make pages.
    """
    shared = hashlib.sha256()
    for part in (settings.language, repr(ctx.start_time), code_digest(), library_versions()):
        shared.update(part.encode() + b"\0")
    for path in _files_under([Path(__file__).parent, *_template_folders(ctx)]):
        shared.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    stamps = programme_stamps(ctx.project)
    today = dt.date.today().isoformat()
    keys = {}
    for loaded in ctx.project.programmes:
        pid = loaded.model.id
        digest = shared.copy()
        framework = ctx.project.frameworks[loaded.model.framework]
        parts: list[bytes] = [loaded.path.read_bytes(), framework.path.read_bytes(), repr(stamps.get(pid)).encode()]
        for download in downloads:
            if download.programme == pid:
                parts.append(download.site_path.encode() + hashlib.sha256(download.data).digest())
        cohorts = [c for c in ctx.project.cohorts if c.model.publish and c.model.programme == pid]
        for cohort in sorted(cohorts, key=lambda c: c.model.id):
            parts.append(cohort.path.read_bytes())
        if cohorts:
            parts.append(today.encode())
        for data in parts:
            digest.update(data + b"\0")
        keys[pid] = digest.hexdigest()
    return keys


def _kept(previous: dict[str, Any], keys: dict[str, str], docs: Path) -> dict[str, Kept]:
    """The programmes whose pages the previous build made from the same inputs (and whose files are there)."""
    found = {}
    entries = previous.get("programmes")
    for pid, entry in (entries if isinstance(entries, dict) else {}).items():
        if not isinstance(entry, dict) or keys.get(pid) != entry.get("key"):
            continue
        pages, row = entry.get("pages"), entry.get("row")
        if isinstance(pages, list) and isinstance(row, dict) and all((docs / page).is_file() for page in pages):
            found[pid] = Kept(tuple(str(page) for page in pages), row)
    return found


def _layout_digest(settings: engine.SiteSettings, paths: list[str]) -> str:
    """What every page's HTML depends on besides its own Markdown: when it changes, the whole site is rendered.

    The engine and theme (names and versions), the configuration file and what it
    inherits, the hand-written pages as written (their titles make the navigation),
    Stagecraft's site code and theme files, and the list of pages and files.
    """
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode())
            digest.update(b"\0")

    name = engine.default_engine()
    add(name, *(f"{dist}={_version(dist)}" for dist in (name, *ENGINE_LIBRARIES)))
    add(settings.language, repr(settings.nav), settings.not_in_nav, *settings.plugins)
    for file in settings.chain:
        add(file.read_bytes())
    for path in _files_under([settings.docs_dir, Path(__file__).parent]):
        add(path.name, path.read_bytes())
    add(*paths)
    return digest.hexdigest()


def inputs_digest(ctx: RenderContext) -> str:
    """A digest of everything the site is made from, for the build cache (never a date or a machine path).

    The site configuration (and what it inherits), the hand-written pages, the programme and
    framework files, the templates, the site's own code and theme, the code of the stages it
    uses and the rendering libraries' versions, the engine and its version,
    the revision stamps, the start-time option, the downloads' bytes, and the published cohorts
    with today's date (a programme page lists its upcoming cohorts; without any, no date counts).
    """
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode())
            digest.update(b"\0")

    file = config_file(ctx.project.root)
    settings = engine.read_settings(file)
    name = engine.default_engine()
    add(name, *(f"{dist}={_version(dist)}" for dist in (name, *ENGINE_LIBRARIES)))
    for chained in settings.chain:
        add(chained.read_bytes())
    add(code_digest(), library_versions())  # the model, formatting and typography code the pages go through
    for path in _files_under([settings.docs_dir, Path(__file__).parent, *_template_folders(ctx)]):
        add(path.name, path.read_bytes())
    for loaded in sorted(ctx.project.programmes, key=lambda p: p.model.id):
        add(loaded.path.name, loaded.path.read_bytes())
    for _, framework in sorted(ctx.project.frameworks.items()):
        add(framework.path.name, framework.path.read_bytes())
    add(repr(sorted(programme_stamps(ctx.project).items())), repr(ctx.start_time))
    published = sorted((c for c in ctx.project.cohorts if c.model.publish), key=lambda c: c.model.id)
    for cohort in published:  # programme pages list the upcoming ones: which those are depends on the day
        add(cohort.path.name, cohort.path.read_bytes())
    if published:
        add(dt.date.today().isoformat())
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
    """Every file under ``folder`` as ``site/<relative path>``, in path order (read when written)."""
    found: list[Artifact] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found.append(StoredArtifact("site/" + path.relative_to(folder).as_posix(), path))
    return found
