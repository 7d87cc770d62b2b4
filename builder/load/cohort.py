"""Load cohort files (``curricula/cohorts/<cohort-id>.yaml``) and resolve their programme.

A key that looks like participant data (``participants``, ``nom``, ``date_of_birth``…)
is refused wherever it appears, with its own message, before the schema check:
a cohort file never holds personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.load.convert import to_model
from builder.load.yamlsource import PathKey, SourceMap, load_yaml
from builder.model.cohort import Cohort, personal_keys
from builder.problems import Problem

COHORTS_DIR = Path("curricula") / "cohorts"


@dataclass(frozen=True)
class LoadedCohort:
    """A cohort with the file it came from and its source map."""

    path: Path
    display: str
    smap: SourceMap
    model: Cohort


def _dotted(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _without(data: Any, drop: list[PathKey]) -> Any:
    """``data`` with the mapping keys at ``drop`` removed (so the schema does not report them twice)."""
    if isinstance(data, dict):
        return {k: _without(v, [p[1:] for p in drop if p[0] == k and len(p) > 1])
                for k, v in data.items() if (k,) not in drop}
    if isinstance(data, list):
        return [_without(v, [p[1:] for p in drop if p[0] == i and len(p) > 1]) for i, v in enumerate(data)]
    return data


def personal_data_problems(data: Any, smap: SourceMap) -> tuple[Any, list[Problem]]:
    """Refuse keys that look like participant data; return the data without them and the problems."""
    found = personal_keys(data)
    problems = [
        Problem(
            smap.at(path, key=True),
            "personal-data",
            f"{_dotted(path)}: a cohort file holds no personal data, got the key '{path[-1]}' (list no "
            "participants, names, birth dates or contacts of people here; keep them in your case-management "
            "system and fill the printed forms by hand)",
        )
        for path in found
    ]
    return _without(data, found), problems


def load_cohort(path: Path, display: str) -> tuple[LoadedCohort | None, list[Problem]]:
    """Read, screen for personal data and schema-check one cohort file."""
    data, smap, problems = load_yaml(path, display)
    if problems:
        return None, problems
    data, problems = personal_data_problems(data, smap)
    model, schema = to_model(Cohort, data, smap)
    problems += schema
    if model is None or problems:
        return None, problems
    if model.id != path.stem:
        return None, [Problem(smap.at(("id",)), "id-filename",
                              f"id: expected '{path.stem}' (the file name), got '{model.id}'")]
    return LoadedCohort(path, display, smap, model), []
