"""Keeps mkdocs-material's end-of-life banner off ``mkdocs serve`` and ``mkdocs build``.

mkdocs-material prints its banner when its theme package is imported under the
``mkdocs`` executable, unless ``NO_MKDOCS_2_WARNING`` is set. The theme is
imported while MkDocs validates ``mkdocs.yml``, before any plugin loads, so the
stagecraft plugin is too late. MkDocs (and ProperDocs) read ``mkdocs.yml`` with a
YAML loader that resolves ``!!python/name:`` tags while the file is read, before
validation: the project's ``mkdocs.yml`` names :data:`ENGINE` that way
(``extra: {engine: !!python/name:builder.site.engine_notice.ENGINE}``), so this
module is imported first. When the process is the ``mkdocs`` executable, the
import sets ``NO_MKDOCS_2_WARNING`` (and ``DISABLE_MKDOCS_2_WARNING`` for
ProperDocs' own notice, printed by plugins that ask for it) and logs one INFO line
saying which engine the site is made for. Under ``properdocs`` neither banner
exists and nothing happens.

A ``mkdocs.yml`` that does not name the module (written before the line existed)
gets the banner; the stagecraft plugin then calls :func:`hint_missing_line`, which
says, once, which line to add.

The module must import nothing of Stagecraft: it runs inside the engine, before
the engine's configuration is valid.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

ENGINE = "properdocs"
"""The site's default engine (the value ``mkdocs.yml``'s ``extra.engine`` reads)."""

NOTICE = (
    "Stagecraft: this site's default engine is ProperDocs, a maintained continuation of MkDocs 1.x; "
    "`properdocs serve -f mkdocs.yml` and `properdocs build -f mkdocs.yml` do the same as the mkdocs commands."
)
"""The one line logged instead of the end-of-life banners."""

MISSING_LINE = (
    "Stagecraft: mkdocs.yml lacks the line that keeps mkdocs-material's end-of-life banner off the mkdocs command; "
    "add `engine: !!python/name:builder.site.engine_notice.ENGINE` under `extra:` (as `stagecraft init` writes it), "
    "or use `properdocs serve -f mkdocs.yml`."
)
"""Logged by the stagecraft plugin, under the ``mkdocs`` command, when ``mkdocs.yml`` does not name this module."""


def running_mkdocs(argv0: str) -> bool:
    """True when ``argv0`` (the process's ``sys.argv[0]``) is MkDocs' command: ``mkdocs`` or ``python -m mkdocs``.

    The same test as mkdocs-material's and ProperDocs' banners.
    """
    path = Path(argv0)
    return path.name in ("mkdocs", "mkdocs.exe") or (path.name == "__main__.py" and path.parent.name == "mkdocs")


def quiet_banners() -> bool:
    """Under the ``mkdocs`` command, turn both end-of-life banners off; True when this call did it.

    Nothing is logged when the environment already asked for silence (``stagecraft build``
    runs the engine that way): the person or program that set it has made its choice.
    """
    if not running_mkdocs(sys.argv[0] if sys.argv else ""):
        return False
    asked = os.environ.get("NO_MKDOCS_2_WARNING") or os.environ.get("DISABLE_MKDOCS_2_WARNING", "").lower() == "true"
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ["DISABLE_MKDOCS_2_WARNING"] = "true"
    if asked:
        return False
    logging.getLogger("mkdocs").info(NOTICE)
    return True


def hint_missing_line(engine: object) -> None:
    """Under the ``mkdocs`` command, log :data:`MISSING_LINE` when ``engine`` (``mkdocs.yml``'s ``extra.engine``)
    is not :data:`ENGINE`, once per process.

    A ``mkdocs.yml`` written before the line existed never imports this module while it loads, so the banner
    has been printed by the time the plugin can tell: it can only say how to keep it off next time.
    """
    if engine != ENGINE and running_mkdocs(sys.argv[0] if sys.argv else ""):
        _log_missing_line()


@functools.cache  # once: `mkdocs serve` reads mkdocs.yml, and so calls the plugin, again at each rebuild
def _log_missing_line() -> None:
    logging.getLogger("mkdocs").info(MISSING_LINE)


quiet_banners()
