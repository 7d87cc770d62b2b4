"""The site engine: what turns the generated Markdown pages into HTML.

Stagecraft makes the pages itself (:mod:`builder.site.pages`); the engine only
renders them. ``stagecraft build`` writes every page as a plain file into a
scratch docs folder and runs the engine's own command line on it, with the
project's ``mkdocs.yml`` inherited (``INHERIT``) and the docs folder replaced.
The stagecraft plugin, still listed in that configuration, then only adds the
theme files (offline search shim, stylesheet, catalogue filters, accent-blind
search): the environment variable :data:`PAGES_GIVEN` tells it the pages are
already there.

Incremental builds use the engine's own ``--dirty`` mode on the previous build's
folders (see :mod:`builder.site.render` for when that is safe): only pages whose
file is newer than their HTML are rendered, and the plugin completes the search
index with the previous entries of the other pages.

Engines: ``properdocs`` (the default: a maintained continuation of MkDocs 1.x
that runs mkdocs-material and mkdocs plugins unchanged, and prints no end-of-life
notice) and ``mkdocs`` (MkDocs 1.6.1). ``STAGECRAFT_SITE_ENGINE`` picks one.
Running the engine in its own process keeps its memory out of the build and lets
either engine run whatever the build process imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.problems import Location, Problem

ENGINES = ("properdocs", "mkdocs")
"""Supported engines, the default first."""

PAGES_GIVEN = "STAGECRAFT_SITE_PAGES"
"""Set (to ``1``) in the engine's environment when the docs folder already holds every page."""


def default_engine() -> str:
    """``STAGECRAFT_SITE_ENGINE`` if set, else ProperDocs when installed, else MkDocs."""
    chosen = os.environ.get("STAGECRAFT_SITE_ENGINE", "").strip()
    if chosen:
        return chosen
    return "properdocs" if importlib.util.find_spec("properdocs") is not None else "mkdocs"


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml for a few plain keys; tags such as ``!ENV`` or ``!!python/name`` read as null."""


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Tolerant.add_multi_constructor("!", _ignore)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


@dataclass(frozen=True)
class SiteSettings:
    """What Stagecraft reads from a site configuration file (the engine reads the rest itself)."""

    file: Path
    docs_dir: Path
    language: str
    nav: list[Any] | None
    not_in_nav: str
    plugins: tuple[str, ...]
    chain: tuple[Path, ...] = ()
    """``file`` and the files it inherits (``INHERIT``), in that order."""


def read_settings(file: Path) -> SiteSettings:
    """The docs folder, theme language, nav and plugin names of ``file`` (following ``INHERIT``)."""
    data: dict[str, Any] = {}
    chain = [file]
    while True:
        loaded = yaml.load(chain[-1].read_text(encoding="utf-8"), Loader=_Tolerant) or {}
        parent = loaded.pop("INHERIT", None)
        data = {**loaded, **data}
        if not parent or len(chain) > 8:
            break
        chain.append((chain[-1].parent / str(parent)).resolve())
    theme = data.get("theme") or {}
    language = str(theme.get("language") or "en") if isinstance(theme, dict) else "en"
    plugins = data.get("plugins") or []
    names = tuple(str(next(iter(p))) if isinstance(p, dict) else str(p) for p in plugins) if isinstance(
        plugins, list) else tuple(str(k) for k in plugins)
    return SiteSettings(
        file=file,
        docs_dir=(file.parent / str(data.get("docs_dir") or "docs")).resolve(),
        language=language,
        nav=data.get("nav"),
        not_in_nav=str(data.get("not_in_nav") or ""),
        plugins=names,
        chain=tuple(chain),
    )


RUNNER = """
import importlib, logging, sys
name = sys.argv[1]
class Known(logging.Filter):
    # The notice of a dirty build: Stagecraft asks for one only when the navigation, the page set,
    # the configuration and the theme are those of the previous build (builder/site/render.py).
    def filter(self, record):
        return not record.getMessage().startswith("A 'dirty' build is being performed")
logging.getLogger(name + ".commands.build").addFilter(Known())
sys.argv = [name, *sys.argv[2:]]
importlib.import_module(name + ".__main__").cli()
"""
"""The engine's own command line, run with one log filter (see :func:`build`)."""


def build(
    settings: SiteSettings,
    docs: Path,
    site: Path,
    generated_prefix: str,
    engine: str | None = None,
    *,
    dirty: bool = False,
) -> list[Problem]:
    """Run ``engine build --strict`` on the plain pages in ``docs`` into ``site``; return its problems.

    The configuration is ``settings.file`` with ``docs_dir`` replaced and the generated
    pages kept out of the navigation. Every warning or error the engine prints is a
    problem located at the configuration file (the engine names the page in the message).

    ``dirty``: the engine's ``--dirty`` mode. ``site`` holds the previous build of the
    same pages; only pages whose file is newer than their HTML are rendered again (the
    stagecraft plugin merges their search entries into the previous index). The
    engine's notice that a dirty build may leave the navigation stale is filtered out:
    the caller asks for one only when nothing but page contents changed.
    """
    engine = engine or default_engine()
    if engine not in ENGINES:
        where = Location("STAGECRAFT_SITE_ENGINE")
        return [Problem(where, "site-engine", f"expected one of: {', '.join(ENGINES)}, got '{engine}'")]
    not_in_nav = "\n".join(line for line in (settings.not_in_nav, f"/{generated_prefix}") if line)
    config = {
        "INHERIT": str(settings.file.resolve()),
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site.resolve()),
        "not_in_nav": not_in_nav,
    }
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": _commit_time(settings.file.parent),  # dates the engine prints (sitemap, gzip)
        PAGES_GIVEN: "1",
        "NO_MKDOCS_2_WARNING": "1",  # mkdocs-material's end-of-life notice: never shown by Stagecraft's builds
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    command = [sys.executable, "-c", RUNNER, engine, "build", "--strict", "--config-file", "-"]
    if dirty:
        command.append("--dirty")
    result = subprocess.run(
        command, input=json.dumps(config), cwd=settings.file.parent, env=env,
        capture_output=True, text=True, timeout=3600,
    )
    if result.returncode == 0:
        return []
    where = Location(str(settings.file))
    lines = [" ".join(line.split()) for line in (result.stderr + result.stdout).splitlines()]
    reported = [line for line in lines if line.startswith(("WARNING", "ERROR", "Error", "Aborted"))]
    messages = [line for line in reported if not line.startswith("Aborted")] or lines[-5:]
    return [Problem(where, "site-engine", f"{engine} build --strict: {message}") for message in messages]


def _commit_time(folder: Path) -> str:
    """The time of the last commit of ``folder``'s repository (seconds), ``SOURCE_DATE_EPOCH`` if set, or 0."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    return found if found.isdigit() else "0"
