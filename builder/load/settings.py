"""Load the project settings file (``stagecraft.yaml`` at the project's root), when there is one."""

from __future__ import annotations

from pathlib import Path

from builder.load.convert import to_model
from builder.load.yamlsource import load_yaml
from builder.model.settings import SETTINGS_FILE, ProjectSettings
from builder.problems import Problem


def load_settings(root: Path, display: str | None = None) -> tuple[ProjectSettings, list[Problem]]:
    """The settings of the project at ``root`` and the problems met reading them.

    No file: the defaults, no problem. A file with errors: the defaults and every
    error, located (``stagecraft.yaml:2:15: …``), so the build reports them all.
    """
    path = root / SETTINGS_FILE
    if not path.is_file():
        return ProjectSettings(), []
    data, smap, problems = load_yaml(path, display or SETTINGS_FILE)
    if data is None:
        return ProjectSettings(), problems
    settings, found = to_model(ProjectSettings, data, smap)
    return settings or ProjectSettings(), problems + found
