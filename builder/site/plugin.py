"""The mkdocs plugin that turns ``curricula/`` into site pages at build time.

Enabled in ``mkdocs.yml`` as ``plugins: [stagecraft]`` (entry point
``builder.site.plugin:StagecraftPlugin``). On each build it loads and validates
the project, renders a page per programme and per session from
``templates/site/`` (nothing generated is committed), fills the
``<!-- stagecraft:NAME -->`` markers of the hand-written pages (``catalogue``,
``frameworks``, ``reference``) and appends a "Programmes" section to the nav.
Drafts (``status: draft``) are left out of every page.
``mkdocs serve`` also watches ``curricula/`` and the template folders, so editing
a YAML file or a template reloads the page.

Offline: the plugin's theme folder (``builder/site/theme``) adds a local copy of
the iframe-worker shim that the ``offline`` plugin would load from a CDN, a small
stylesheet, and a ``lang`` attribute on pages of another language.

Downloads (``downloads`` option): ``build`` (default) renders the guides and decks
with their renderers in ``mkdocs build`` and none in ``mkdocs serve``, which stays
Markdown-only and fast; ``always`` renders them in both; ``never`` links none.
``stagecraft build`` hands the plugin its own render context instead
(:meth:`StagecraftPlugin.use_context`), with the guides and decks of the same build.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, NoReturn

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder.load.defaults import organisation_templates
from builder.load.project import Project, find_root
from builder.problems import Severity
from builder.render.context import DEFAULT_TEMPLATES, BuildStamp, RenderContext, TemplateProblem
from builder.site import downloads as dl
from builder.site.pages import MARKER, SitePages, build_pages

log = logging.getLogger("mkdocs.plugins.stagecraft")

THEME_DIR = Path(__file__).resolve().parent / "theme"
STYLESHEET = "assets/stylesheets/stagecraft.css"
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
    """Generates the programme pages; see the module docstring."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._given: RenderContext | None = None
        self._command = "build"
        self._site: SitePages | None = None
        self._content_errors = 0

    def use_context(self, ctx: RenderContext) -> None:
        """Build from ``ctx`` (already validated, with ``ctx.produced``) instead of loading the project."""
        self._given = ctx

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    # -- configuration ---------------------------------------------------------------

    def _root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        if self.config.root:
            return (base / self.config.root).resolve()
        return find_root(base)

    def _template_dirs(self, config: MkDocsConfig) -> tuple[Path, ...]:
        """The project's ``templates/``, then the ``templates`` option's folders (before the defaults)."""
        base = Path(config.config_file_path or ".").resolve().parent
        return organisation_templates(self._root(config), [(base / folder) for folder in self.config.templates])

    @event_priority(50)  # before the offline plugin, so it sees our shim and adds no CDN script
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [*polyfills, SHIM]
        if STYLESHEET not in [str(css) for css in config.extra_css]:
            config.extra_css.append(STYLESHEET)
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        started = time.perf_counter()
        ctx = self._context(config)
        language = config.theme.get("language") or "fr"
        files = self._downloads(ctx)
        try:
            self._site = build_pages(ctx, language, files)
        except TemplateProblem as exc:
            self._template_problem(exc)
        if config.nav is not None:
            config.nav = [*config.nav, *self._site.nav]
        log.debug("stagecraft: %d page(s) generated in %.2f s", len(self._site.pages), time.perf_counter() - started)
        return config

    def _template_problem(self, exc: TemplateProblem) -> NoReturn:
        """Stop the build: ``stagecraft build`` reports the template problem itself, mkdocs as a plugin error."""
        if self._given is not None:
            raise exc
        raise PluginError(f"stagecraft: {exc}") from None

    def _context(self, config: MkDocsConfig) -> RenderContext:
        """The given context, or one made by loading and validating the project."""
        if self._given is not None:
            return self._given
        from builder.validate.runner import validate

        root = self._root(config)
        if not (root / "curricula").is_dir():
            raise PluginError(f"stagecraft: no curricula/ folder in {root} (set the plugin's 'root' option)")
        project, problems = validate(root)
        for problem in problems:
            if problem.severity is Severity.ERROR:
                self._content_errors += 1
                log.error("stagecraft: %s", problem.format())
            else:
                log.info("stagecraft: %s", problem.format())
        published = Project(root=project.root, frameworks=project.frameworks, programmes=project.published())
        return RenderContext(project=published, template_dirs=self._template_dirs(config), stamp=BuildStamp.read(root))

    def _downloads(self, ctx: RenderContext) -> list[dl.Download]:
        """The guide and deck files to copy into the site (see the ``downloads`` option)."""
        mode = self.config.downloads
        if self._content_errors:
            log.info("stagecraft: the programmes have errors: no guide or deck is rendered for the site")
            return []
        files = dl.handouts(ctx)  # source files: always copied, they cost nothing to render
        if self._given is None and (mode == "never" or (mode == "build" and self._command == "serve")):
            return files
        started = time.perf_counter()
        artifacts = dl.render_missing(ctx)
        sessions = {p.model.id: [s.id for s in p.model.sessions] for p in ctx.project.programmes}
        found = dl.collect(artifacts, sessions) + files
        log.info("stagecraft: %d download(s) ready in %.1f s", len(found), time.perf_counter() - started)
        return found

    # -- files, pages, live reload -----------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._site is not None
        for uri, markdown in self._site.pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                raise PluginError(f"stagecraft: {uri} is generated; remove it from {config.docs_dir}")
            files.append(File.generated(config, uri, content=markdown))
        for download in self._site.downloads:
            files.append(File.generated(config, download.site_path, content=download.data))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self._site is not None
        blocks = self._site.blocks

        def fill(match: Any) -> str:
            name = match.group(1)
            if name not in blocks:
                log.warning(
                    "stagecraft: %s: unknown marker '%s' (expected one of: %s)",
                    page.file.src_uri, name, ", ".join(sorted(blocks)),
                )
                return match.group(0)
            try:
                return blocks[name](page.file.src_uri)
            except TemplateProblem as exc:
                self._template_problem(exc)
                raise

        return MARKER.sub(fill, markdown)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = self._root(config)
        for folder in (root / "curricula", DEFAULT_TEMPLATES, *self._template_dirs(config)):
            if folder.is_dir():
                server.watch(str(folder))
        return server
