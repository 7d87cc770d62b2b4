"""Where Stagecraft's defaults live, and the search paths built on them.

The defaults are the templates (Jinja, labels, the .pptx master), the shipped
frameworks, the default site (``mkdocs.yml`` and its pages) and the JSON Schemas.
In the repository they are the top-level ``templates/``, ``curricula/frameworks/``,
``mkdocs.yml``, ``site/``, ``schemas/`` (and the example programme of
``stagecraft init``); a wheel carries copies of them under
``builder/_defaults/`` (made by the build step in ``setup.py``). Both layouts are
resolved here, once, so no other module guesses paths from ``__file__``.

A project (the folder holding ``curricula/``) adds to them:

- templates: the project's own ``templates/`` is searched first, then the
  ``--templates`` folders in the order given, then the defaults;
- frameworks: every shipped framework, plus the project's ``curricula/frameworks/``;
  a project framework with a shipped framework's id replaces it (the loader warns
  when the two files differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

_PACKAGE = Path(__file__).resolve().parents[1]
_PACKAGED = _PACKAGE / "_defaults"
"""In an installed wheel: the copies made by the build step."""
_CHECKOUT = _PACKAGE.parent
"""In a repository checkout (or an editable install): the repository itself."""

EXAMPLE = "stupefiants.yaml"
"""The shipped programme a new project starts with (setup.py packages it as examples/)."""

PROJECT_TEMPLATES = Path("templates")
"""A project's own template folder, relative to the project root."""
PROJECT_FRAMEWORKS = Path("curricula") / "frameworks"
"""A project's own frameworks, relative to the project root."""


@dataclass(frozen=True)
class Defaults:
    """The folders and files Stagecraft ships; see the module docstring."""

    templates: Path
    frameworks: Path
    site_config: Path
    schemas: Path
    example: Path
    """The example programme ``stagecraft init`` puts in a new project."""

    @property
    def packaged(self) -> bool:
        """True when running from an installed wheel rather than a checkout."""
        return self.templates.parent == _PACKAGED


def _resolve() -> Defaults:
    if _PACKAGED.is_dir():
        base = _PACKAGED
        return Defaults(
            base / "templates", base / "frameworks", base / "mkdocs.yml", base / "schemas",
            base / "examples" / EXAMPLE,
        )
    base = _CHECKOUT
    return Defaults(
        base / "templates", base / "curricula" / "frameworks", base / "mkdocs.yml", base / "schemas",
        base / "curricula" / "programmes" / EXAMPLE,
    )


DEFAULTS = _resolve()
DEFAULT_TEMPLATES = DEFAULTS.templates
"""Stagecraft's own templates: searched last."""
SHIPPED_FRAMEWORKS = DEFAULTS.frameworks
"""The frameworks every project can use."""


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def organisation_templates(root: Path, extra: Iterable[Path] = ()) -> tuple[Path, ...]:
    """The template folders searched before the defaults, first first.

    The project's ``templates/`` (when it exists) comes first, then ``extra`` (the
    ``--templates`` folders, or the site plugin's ``templates`` option). The
    default folder itself and repeated folders are left out, so a checkout of
    Stagecraft (whose ``templates/`` *is* the defaults) searches it once.
    """
    found: list[Path] = []
    candidates = [root / PROJECT_TEMPLATES, *extra]
    for folder in candidates:
        if not folder.is_dir() or _same(folder, DEFAULT_TEMPLATES):
            continue
        if any(_same(folder, seen) for seen in found):
            continue
        found.append(folder.resolve())
    return tuple(found)


def template_search_path(root: Path, extra: Iterable[Path] = ()) -> tuple[Path, ...]:
    """Every template folder in search order: project, ``extra``, then the defaults."""
    return (*organisation_templates(root, extra), DEFAULT_TEMPLATES)


@dataclass(frozen=True)
class FrameworkFile:
    """A framework file to load, and whether Stagecraft ships it."""

    path: Path
    shipped: bool


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def framework_files(root: Path) -> list[FrameworkFile]:
    """The shipped framework files, then the project's own (``curricula/frameworks/``).

    When the project folder is the shipped folder (a checkout of Stagecraft), its
    files are listed once, as shipped.
    """
    shipped = [FrameworkFile(p, True) for p in _yaml_files(SHIPPED_FRAMEWORKS)]
    own = root / PROJECT_FRAMEWORKS
    if own.is_dir() and SHIPPED_FRAMEWORKS.is_dir() and _same(own, SHIPPED_FRAMEWORKS):
        return shipped
    return shipped + [FrameworkFile(p, False) for p in _yaml_files(own)]
