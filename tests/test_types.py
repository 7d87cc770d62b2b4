"""The package type-checks (mypy with the pydantic plugin, configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_builder_type_checks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "builder"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:]
