"""constraints.txt pins a version of every dependency pyproject.toml declares, and that version meets it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def lock_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/lock.py", "--check"], cwd=root, capture_output=True, text=True, timeout=60
    )


def test_constraints_cover_pyproject() -> None:
    result = lock_check(REPO)
    assert result.returncode == 0, result.stderr  # each line names the package and says: python scripts/lock.py


def test_a_dependency_missing_from_the_lock_is_named(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "lock.py", tmp_path / "scripts")
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "constraints.txt").write_text("".join(l for l in lines if not l.startswith("rich==")))
    result = lock_check(tmp_path)
    assert result.returncode == 1
    assert "rich is required by pyproject.toml but missing from constraints.txt (run: python scripts/lock.py)" in result.stderr
