"""The stages of builder/ depend on each other in one direction, and only write/ touches the output."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "builder"

# What each stage may import from builder (besides itself). The model is pure. The build cache keys
# per-programme renders on the code of model, load, render, write and problems (builder/write/cache.py):
# a renderer importing anything else would let a stale render through.
ALLOWED: dict[str, set[str]] = {
    "problems": set(),
    "model": set(),
    "load": {"model", "problems"},
    "validate": {"model", "load", "problems"},
    "write": {"problems"},
    "render": {"model", "load", "problems", "write", "render"},
}


def stage_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def builder_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "builder" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_import_direction() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = stage_of(path)
        if stage not in ALLOWED:
            continue  # orchestrators (build, cli, site plugin) may use every stage
        for used in builder_imports(path) - ALLOWED[stage] - {stage}:
            wrong.append(f"{path.relative_to(REPO)} ({stage}) imports builder.{used}")
    assert wrong == []


WRITES = ("write_bytes", "write_text", "mkdir", "unlink", "rmtree", "replace", "rename")


def test_only_write_stage_touches_the_disk() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if stage_of(path) in ("write",):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
                receiver = ast.unparse(node.func.value)
                if node.func.attr == "replace" and not receiver.startswith(("os", "shutil")):
                    continue  # str.replace
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:60]}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                mode = node.args[1] if len(node.args) > 1 else None
                if isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wax+"):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: open(..., {mode.value!r})")
    assert offenders == []
