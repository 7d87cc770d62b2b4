"""Shared fixtures: small projects written into tmp_path, and real-client guards."""

from __future__ import annotations

import contextlib
import os
import shutil
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest

if TYPE_CHECKING:
    from builder.load.project import Project
    from builder.problems import Problem

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def plain(text: str) -> str:
    """``text`` as typed on a keyboard: no-break spaces as spaces, ’ as ', ‑ as -.

    For tests about content and structure; the typography itself is pinned in
    tests/test_typography.py.
    """
    table = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2019": "'", "\u2011": "-"})
    return text.translate(table)


def require_tool(name: str, why: str) -> str:
    """Path of the executable ``name``; skip with a visible reason where it is missing.

    In CI (``STAGECRAFT_REQUIRE_REAL=1``) a missing real client is a failure, not a skip.
    """
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: {why}"
    if os.environ.get("STAGECRAFT_REQUIRE_REAL") == "1":
        pytest.fail(message + " (STAGECRAFT_REQUIRE_REAL=1: CI must install it)")
    pytest.skip(message)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the shipped frameworks and no programmes yet."""
    root = tmp_path / "proj"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    return root


@pytest.fixture
def write_programme(project: Path) -> Callable[[str, str], Path]:
    """Write a programme file (dedented YAML) into the project; returns its path."""

    def write(name: str, text: str) -> Path:
        path = project / "curricula" / "programmes" / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def mini_project(project: Path) -> Path:
    """The project with the small valid French stage of tests/fixtures/stage-mini.yaml."""
    shutil.copy(FIXTURES / "stage-mini.yaml", project / "curricula" / "programmes" / "stage-mini.yaml")
    return project


def validate_from(root: Path, **options: Any) -> tuple["Project", list["Problem"]]:
    """``validate(root, **options)`` with ``root`` as the working folder, so problems name files relative
    to the project, as ``stagecraft validate`` run there prints them: ``(project, problems)``."""
    from builder.validate.runner import validate

    with contextlib.chdir(root):
        return validate(root, **options)
