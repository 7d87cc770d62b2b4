"""The ``site`` target of ``stagecraft build``: the mkdocs site as artifacts under ``site/``.

Runs a real ``mkdocs build --strict`` with the project's ``mkdocs.yml`` (or,
for a project without one, Stagecraft's own ``mkdocs.yml`` and hand-written
pages) into a temporary folder, with the stagecraft plugin fed this build's
render context: the programmes already validated, the organisation templates,
the start-time option, and the guides and decks rendered earlier in the same
build (copied under ``site/downloads/`` so every link resolves inside the
site). With ``--only site`` the guides and decks are rendered here for the
site's downloads. The folder's files are returned as artifacts; only the
writer puts them in the output folder.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from builder.load.defaults import DEFAULTS
from builder.render.context import RenderContext
from builder.write.output import Artifact

DEFAULT_CONFIG = DEFAULTS.site_config
"""Stagecraft's own site configuration, used for projects that have no mkdocs.yml."""


class SiteProblem(Exception):
    """mkdocs reported problems (broken links, missing files, bad configuration)."""


class _Collect(logging.Handler):
    """Keeps the messages of mkdocs warnings and errors for the build report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def config_file(root: Path) -> Path:
    """The mkdocs configuration for the project at ``root``: its own, else Stagecraft's."""
    own = root / "mkdocs.yml"
    return own if own.is_file() else DEFAULT_CONFIG


def render(ctx: RenderContext) -> list[Artifact]:
    """Build the site for ``ctx`` and return every file as ``site/<path>``.

    Raises :class:`SiteProblem` with mkdocs' own messages when the build has any
    warning (it runs in strict mode), and lets a template problem through as is.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's banner, not a problem
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from builder.site.plugin import StagecraftPlugin

    file = config_file(ctx.project.root)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        with tempfile.TemporaryDirectory(prefix="stagecraft-site-") as tmp:
            try:
                config = load_config(config_file=str(file), site_dir=tmp, strict=True)
            except (Abort, ConfigurationError) as exc:
                raise SiteProblem(f"{file}: {_report(collect, exc)}") from None
            plugin = config.plugins.get("stagecraft")
            if not isinstance(plugin, StagecraftPlugin):
                raise SiteProblem(f"{file}: the stagecraft plugin is not enabled (add 'stagecraft' under plugins:)")
            plugin.use_context(ctx)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            except Abort as exc:
                raise SiteProblem(f"mkdocs build --strict ({file}): {_report(collect, exc)}") from None
            finally:
                config.plugins.on_shutdown()
            return _artifacts(Path(tmp))
    finally:
        logger.removeHandler(collect)


def _report(collect: _Collect, exc: Exception) -> str:
    return "; ".join(collect.messages) or str(exc)


def _artifacts(folder: Path) -> list[Artifact]:
    """Every file under ``folder`` as ``site/<relative path>``, in path order."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found.append(Artifact("site/" + path.relative_to(folder).as_posix(), path.read_bytes()))
    return found
