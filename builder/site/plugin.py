"""The mkdocs/ProperDocs plugin: a thin adapter between the engine and :mod:`builder.site.pages`.

Enabled in ``mkdocs.yml`` as ``plugins: [stagecraft]`` (entry point
``builder.site.plugin:StagecraftPlugin``). On each build it loads and validates
the project and hands the engine the pages made by
:func:`builder.site.pages.generate`, the same function ``stagecraft build``
uses: the programme and session pages, and the hand-written pages with their
``<!-- stagecraft:NAME -->`` markers filled. Generated pages stay out of the
engine's navigation (the catalogue and the pages' own links lead to them).
Drafts (``status: draft``) are left out of every page.

Errors: ``properdocs build`` (or ``mkdocs build``) stops with every located
problem when a programme has errors. ``properdocs serve`` keeps running: a
programme with errors gets a page listing its problems (the text of
``stagecraft validate``), the catalogue marks it, and the next clean rebuild
shows the programme again (nothing is remembered between rebuilds).

Theme: the plugin's folder (``builder/site/theme``) adds a local copy of the
iframe-worker shim that the ``offline`` plugin would load from a CDN, a
stylesheet, the catalogue filters' script, a ``lang`` attribute on pages of
another language, and accent-blind search (appended to the search worker's
language support after the build). When ``stagecraft build`` runs the engine on
pages it wrote itself (:data:`builder.site.engine.PAGES_GIVEN`), only the theme
part runs.

Downloads (``downloads`` option): ``build`` (default) has the build
orchestrator render the guides and decks (through its cache) for
``properdocs build`` and none for ``properdocs serve``; ``always`` renders them
in both; ``never`` links none.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from builder.load.defaults import organisation_templates
from builder.load.project import Project, find_root
from builder.problems import Problem, Severity
from builder.render.context import DEFAULT_TEMPLATES, RenderContext, TemplateProblem, programme_stamps
from builder.site import downloads as dl
from builder.site.engine import PAGES_GIVEN
from builder.site.engine_notice import hint_missing_line
from builder.site.pages import GENERATED, FailedProgramme, SitePages, generate
from builder.site.search import add_accent_folding, index_entries, read_previous_index, write_search_index, write_sitemap

log = logging.getLogger("mkdocs.plugins.stagecraft")

THEME_DIR = Path(__file__).resolve().parent / "theme"
STYLESHEET = "assets/stylesheets/stagecraft.css"
SCRIPT = "assets/javascripts/stagecraft.js"
SHIM = "assets/javascripts/iframe-worker/shim.js"
"""The local iframe-worker shim (in THEME_DIR) that replaces the offline plugin's CDN copy."""

EXTENSIONS = ("tables", "attr_list", "md_in_html", "admonition", "toc")
"""Markdown extensions the generated pages use; added when mkdocs.yml lacks them."""


class StagecraftConfig(Config):
    """Options of ``plugins: - stagecraft:`` in mkdocs.yml."""

    root = opt.Optional(opt.Type(str))
    """Project folder holding curricula/ (default: found from mkdocs.yml's folder)."""
    templates = opt.ListOfItems(opt.Type(str), default=[])
    """Organisation template folders searched before the defaults (like ``--templates``)."""
    downloads = opt.Choice(("build", "always", "never"), default="build")


class StagecraftPlugin(BasePlugin[StagecraftConfig]):
    """Adds the generated pages to the engine's files; see the module docstring."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command = "build"
        self._dirty = False
        self._site: SitePages | None = None
        self._urls: list[str] = []
        self._order: list[str] = []
        self._built: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        self._dirty = dirty

    # -- configuration ---------------------------------------------------------------

    def _base(self, config: MkDocsConfig) -> Path:
        path = config.config_file_path
        return Path(path).resolve().parent if path and not path.startswith("<") else Path.cwd()

    def _root(self, config: MkDocsConfig) -> Path:
        if self.config.root:
            return (self._base(config) / self.config.root).resolve()
        return find_root(self._base(config))

    def _template_dirs(self, config: MkDocsConfig) -> tuple[Path, ...]:
        """The project's ``templates/``, then the ``templates`` option's folders (before the defaults)."""
        return organisation_templates(self._root(config), [(self._base(config) / folder) for folder in self.config.templates])

    @property
    def _pages_given(self) -> bool:
        return os.environ.get(PAGES_GIVEN) == "1"

    @event_priority(50)  # before the offline plugin, so it sees our shim and adds no CDN script
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._site = None  # a rebuild in `serve` starts from nothing: no error count survives a fix
        hint_missing_line(config.extra.get("engine"))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [*polyfills, SHIM]
        if STYLESHEET not in [str(css) for css in config.extra_css]:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(js) for js in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        return config

    # -- pages --------------------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._built = set()

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._order = [f.url for f in files.documentation_pages()]
        self._urls = sorted(url for url in self._order if url != "404.html")
        return nav

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self._built.add(page.url)  # the pages this build renders (all of them unless dirty)
        return context

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self._pages_given:
            for file in files:
                if file.src_uri.startswith(GENERATED) and file.is_documentation_page():
                    file.inclusion = InclusionLevel.NOT_IN_NAV
            return files
        started = time.perf_counter()
        ctx, failed = self._project(config)
        documents = {f.src_uri: f.content_string for f in files.documentation_pages()}
        try:
            site = generate(
                ctx,
                language=config.theme.get("language") or "en",
                documents=documents,
                nav=config.nav,
                downloads=self._downloads(ctx) if not failed else dl.handouts(ctx),
                failed=failed,
                stamps=programme_stamps(ctx.project),
                preview=self._command == "serve" and self.config.downloads != "always",
            )
        except TemplateProblem as exc:
            raise PluginError(f"stagecraft: {exc.problem.format()}") from None
        if site.problems:
            self._stop(site.problems, "the hand-written pages have problems")
        for uri in sorted(site.generated):
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"stagecraft: {uri} is generated; remove it from {config.docs_dir}")
            files.append(File.generated(config, uri, content=site.pages[uri], inclusion=InclusionLevel.NOT_IN_NAV))
        for download in site.downloads:
            files.append(File.generated(config, download.site_path, content=download.data))
        self._site = site
        log.debug("stagecraft: %d page(s) generated in %.2f s", len(site.generated), time.perf_counter() - started)
        return files

    def _project(self, config: MkDocsConfig) -> tuple[RenderContext, list[FailedProgramme]]:
        """The validated project, without its programmes with errors (listed apart, for `serve`).

        Outside `serve`, any error stops the build with every problem.
        """
        from builder.validate.runner import validate

        root = self._root(config)
        if not (root / "curricula").is_dir():
            raise PluginError(f"stagecraft: no curricula/ folder in {root} (set the plugin's 'root' option)")
        project, problems = validate(root)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        for problem in problems:
            if problem.severity is Severity.WARNING:
                log.info("stagecraft: %s", problem.format())
        failed: list[FailedProgramme] = []
        ids: set[str] = set()
        if errors:
            if self._command != "serve":
                self._stop(problems, "the programmes have errors")
            for problem in errors:
                log.warning("stagecraft: %s", problem.format())
            failed = failed_programmes(root, problems)
            ids = {f.id for f in failed}
        shown = [p for p in project.published() if p.path.stem not in ids]
        published = Project(root=project.root, frameworks=project.frameworks, programmes=shown, settings=project.settings)
        ctx = RenderContext(project=published, template_dirs=self._template_dirs(config))
        return ctx, failed

    def _stop(self, problems: list[Problem], what: str) -> None:
        """Stop the build with every problem, one per line, as ``stagecraft validate`` prints them."""
        lines = "\n".join(p.format() for p in problems)
        raise PluginError(f"stagecraft: {what}:\n{lines}")

    def _downloads(self, ctx: RenderContext) -> list[dl.Download]:
        """The guide and deck files to copy into the site (see the ``downloads`` option)."""
        mode = self.config.downloads
        if mode == "never" or (mode == "build" and self._command == "serve"):
            return dl.handouts(ctx)  # source files: always copied, they cost nothing to render
        from builder.build import PER_PROGRAMME, render_programmes  # the orchestrator renders, through its cache

        started = time.perf_counter()
        produced, problems, _ = render_programmes(ctx, list(PER_PROGRAMME))
        if problems:
            self._stop(problems, "the guides or decks could not be rendered")
        ctx.produced.update(produced)
        found = dl.for_site(ctx)
        log.info("stagecraft: %d download(s) ready in %.1f s", len(found), time.perf_counter() - started)
        return found

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A hand-written page with its markers filled (its front matter was already read by the engine)."""
        site, uri = self._site, page.file.src_uri
        if site is None or uri in site.generated or uri not in site.pages:
            return markdown  # generated pages reach the engine as files, front matter included
        body, _ = get_data(site.pages[uri])
        return body

    # The engine reads every page before it writes any, and keeps each page's Markdown, HTML and table of
    # contents until the end: at 1,000 programmes, gigabytes. Once converted, the Markdown is not read
    # again; once written, the HTML is not either (in a dirty build, pages not rendered never have any).

    @event_priority(-100)  # last: every other plugin has seen this page's Markdown
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.markdown = None
        return html

    @event_priority(-100)  # last: every other plugin is done with this page's HTML; the engine writes `output`
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        page.content = None
        return output

    @event_priority(10)  # before the search plugin would write its index (see _write_search_index)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self._command == "build":
            self._write_search_index(config)
        add_accent_folding(site_dir)
        if not config.site_url:
            write_sitemap(site_dir, self._urls)

    def _write_search_index(self, config: MkDocsConfig) -> None:
        """Write the search index (and its offline script) in place of mkdocs-material's plugins.

        Same bytes, written entry by entry: those plugins hold the whole index as one
        string, its encoded copy and a third copy for the script, which at a thousand
        programmes made the engine's peak memory. A dirty build also completes the
        index with the previous entries of the pages it did not render (the engine
        indexes only the pages it renders). The plugins are then told not to write.
        """
        search, offline = config.plugins.get("material/search"), config.plugins.get("material/offline")
        index = getattr(search, "search_index", None)
        if search is None or index is None or not search.config.enabled:
            return
        script = offline is not None and bool(offline.config.enabled)
        site_dir = Path(config.site_dir)
        previous = read_previous_index(site_dir) if self._dirty else None
        settings = {key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        entries = index_entries(index.entries, self._order, self._built, previous)
        write_search_index(site_dir, settings, entries, script=script)
        search.config.enabled = False  # written; its own post-build step would write the same bytes again
        if script and offline is not None:
            offline.config.enabled = False  # idem for the script (its configuration step has run already)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = self._root(config)
        for folder in (root / "curricula", DEFAULT_TEMPLATES, *self._template_dirs(config)):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def failed_programmes(root: Path, problems: list[Problem]) -> list[FailedProgramme]:
    """The programme files under ``curricula/programmes`` that have errors, with all their problems."""
    by_file: dict[Path, list[Problem]] = {}
    for problem in problems:
        path = Path(problem.location.path)
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        by_file.setdefault(absolute, []).append(problem)
    folder = (root / "curricula" / "programmes").resolve()
    found = []
    for path, mine in sorted(by_file.items()):
        if path.parent == folder and any(p.severity is Severity.ERROR for p in mine):
            found.append(FailedProgramme(path.stem, path, _title_of(path), tuple(mine)))
    return found


def _title_of(path: Path) -> str:
    """The ``title:`` line of a programme file that may not load (for the catalogue and the page heading)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines[:60]:
        if line.startswith("title:"):
            return line.split(":", 1)[1].split(" #", 1)[0].strip().strip("\"'")
    return ""
