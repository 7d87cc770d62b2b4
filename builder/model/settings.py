"""Project settings: what ``stagecraft.yaml`` at the project's root says about the organisation.

A plain frozen model, no I/O. Every key is optional; a project without the file
gets the defaults.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from builder.model.programme import Strict

SETTINGS_FILE = "stagecraft.yaml"

ORGANISATION_MAX = 200
"""Longest organisation name (characters)."""


class ProjectSettings(Strict):
    """Settings of one project (an organisation's repository of programmes)."""

    organisation: Annotated[str, StringConstraints(strip_whitespace=True, max_length=ORGANISATION_MAX)] = Field(
        "",
        description="The organisation that runs the programmes, e.g. 'Association Horizons'. Decks name it as "
        "their author; without it, their author is left empty.",
    )
