"""Build step: the wheel carries Stagecraft's defaults as package data.

The repository keeps them where designers and contributors expect them
(``templates/``, ``curricula/frameworks/``, ``mkdocs.yml`` and ``site/``,
``schemas/``, and the example programme ``stagecraft init`` copies); this copies them under ``builder/_defaults/`` in the wheel, where
``builder.load.defaults`` finds them. An editable install reads them in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent

DEFAULTS = {
    "templates": "templates",
    "curricula/frameworks": "frameworks",
    "mkdocs.yml": "mkdocs.yml",
    "site": "site",
    "schemas": "schemas",
    "curricula/programmes/stupefiants.yaml": "examples/stupefiants.yaml",
}
"""Repository path -> path under builder/_defaults/ (mirrored by builder/load/defaults.py)."""


class BuildWithDefaults(build_py):
    """``build_py`` that also copies the defaults into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's own folders
        target = Path(self.build_lib) / "builder" / "_defaults"
        if target.exists():
            shutil.rmtree(target)  # a stale copy must not carry deleted templates into the wheel
        for source, name in DEFAULTS.items():
            path = HERE / source
            if path.is_dir():
                shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif path.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / name)
            else:
                raise SystemExit(f"setup.py: {source} is missing: the wheel would have no defaults")


setup(cmdclass={"build_py": BuildWithDefaults})
