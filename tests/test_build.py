"""The orchestrator: nothing written on failure, confined output, content-keyed incremental builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build as build_module
from builder.build import BuildOptions, run_build
from conftest import FIXTURES


@pytest.fixture
def fake_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})


def options(root: Path, **extra: object) -> BuildOptions:
    return BuildOptions(root=root, out=root / "build", targets=("guides",), quiet=True, **extra)  # type: ignore[arg-type]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_programmes(mini_project: Path) -> Path:
    shutil.copy(FIXTURES / "reso-mini.yaml", mini_project / "curricula" / "programmes" / "reso-mini.yaml")
    return mini_project


def test_build_writes_every_programme(two_programmes: Path, fake_targets: None) -> None:
    problems, summary = run_build(options(two_programmes))
    assert problems == []
    assert sorted(snapshot(two_programmes / "build")) == ["guides/reso-mini.txt", "guides/stage-mini.txt"]
    assert "2 of 2 programme renders needed" in summary


def test_stale_files_disappear(two_programmes: Path, fake_targets: None) -> None:
    (two_programmes / "build" / "guides").mkdir(parents=True)
    (two_programmes / "build" / "guides" / "old.txt").write_text("from a programme since deleted")
    (two_programmes / "build" / "notes.txt").write_text("not ours")
    run_build(options(two_programmes))
    assert sorted(snapshot(two_programmes / "build")) == ["guides/reso-mini.txt", "guides/stage-mini.txt", "notes.txt"]


@pytest.mark.parametrize("mode", ["raise", "template", "escape"])
def test_failed_render_leaves_previous_build(
    two_programmes: Path, fake_targets: None, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    run_build(options(two_programmes))
    before = snapshot(two_programmes / "build")
    monkeypatch.setenv("FAKE_RENDERER_MODE", mode)
    problems, _ = run_build(options(two_programmes, use_cache=False))
    assert {p.rule for p in problems} == {{"raise": "render", "template": "template", "escape": "write"}[mode]}
    if mode == "raise":  # located at each programme rendered, never at an invented place
        assert sorted(p.location.path.rsplit("/", 1)[-1] for p in problems) == ["reso-mini.yaml", "stage-mini.yaml"]
    if mode == "template":
        assert [p.format() for p in problems] == ["guide/session.html.j2:3:1: error[template]: 'session' is undefined"]
    assert snapshot(two_programmes / "build") == before
    assert not (two_programmes.parent / "escaped.txt").exists()
    assert not list((two_programmes / "build").glob(".staging-*"))


def test_two_artifacts_for_one_path_are_an_error(
    two_programmes: Path, fake_targets: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_build(options(two_programmes))
    before = snapshot(two_programmes / "build")
    monkeypatch.setenv("FAKE_RENDERER_MODE", "duplicate")
    problems, summary = run_build(options(two_programmes, use_cache=False))
    assert [p.rule for p in problems] == ["write-duplicate"] and summary == ""
    assert problems[0].location.path.endswith("build/guides/same.txt")
    assert "two files of this build would be written to guides/same.txt" in problems[0].message
    assert snapshot(two_programmes / "build") == before


def test_validation_error_leaves_previous_build(two_programmes: Path, fake_targets: None) -> None:
    run_build(options(two_programmes))
    before = snapshot(two_programmes / "build")
    path = two_programmes / "curricula" / "programmes" / "stage-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("fee_eur: 190", "fee_eur: 900"), encoding="utf-8")
    problems, _ = run_build(options(two_programmes))
    assert [p.rule for p in problems] == ["fee"]
    assert snapshot(two_programmes / "build") == before


def test_incremental_build_renders_only_what_changed(two_programmes: Path, fake_targets: None) -> None:
    _, first = run_build(options(two_programmes))
    assert "2 of 2 programme renders needed" in first
    _, again = run_build(options(two_programmes))
    assert "0 of 2 programme renders needed" in again
    path = two_programmes / "curricula" / "programmes" / "stage-mini.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("format court", "format très court"), encoding="utf-8")
    _, edited = run_build(options(two_programmes))
    assert "1 of 2 programme renders needed" in edited
    assert "format très court" in (two_programmes / "build" / "guides" / "stage-mini.txt").read_text()
    path.write_text(original, encoding="utf-8")  # reverting finds the earlier entry: keyed by content
    path.touch()
    _, reverted = run_build(options(two_programmes))
    assert "1 of 2 programme renders needed" in reverted  # the edited entry was pruned, the original re-rendered
    _, touched = run_build(options(two_programmes))
    assert "0 of 2 programme renders needed" in touched


def test_parallel_build_uses_several_processes(two_programmes: Path) -> None:
    # In a fresh interpreter, as `stagecraft build` runs: a process that has already run typst (earlier tests of
    # this session) renders in-process on purpose, since forking it would copy typst's thread locks.
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from pathlib import Path\n"
        "from builder import build\n"
        "build.TARGETS = {'guides': 'fake_renderer'}\n"
        f"root = Path({str(two_programmes)!r})\n"
        "problems, _ = build.run_build(build.BuildOptions(root=root, out=root / 'build', targets=('guides',),\n"
        "                                                quiet=True, jobs=2, use_cache=False))\n"
        "sys.exit(1 if problems else 0)\n"
    )
    env = {**os.environ, "FAKE_RENDERER_DELAY": "0.5"}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=two_programmes)
    pids = {p.read_text().rsplit(" ", 1)[1] for p in (two_programmes / "build" / "guides").iterdir()}
    assert len(pids) == 2


def test_build_stamp_per_programme_files(tmp_path: Path) -> None:
    """Each guide's stamp names the last commit of its own files, and 'dirty' only when they changed."""
    import subprocess

    from builder.render.context import BuildStamp

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "Test")
    a, b, shared = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "fw.yaml"
    for path in (a, b, shared):
        path.write_text("x: 1\n")
    git("add", ".")
    git("commit", "-qm", "first")
    first = git("rev-parse", "--short", "HEAD")
    b.write_text("x: 2\n")
    git("commit", "-qam", "second")
    second = git("rev-parse", "--short", "HEAD")
    a.write_text("x: 3\n")  # uncommitted
    new = tmp_path / "new.yaml"
    new.write_text("x: 4\n")  # untracked
    stamps = BuildStamp.read_many(tmp_path, [(a, shared), (b, shared), (new, shared)])
    assert [(s.commit, s.dirty) for s in stamps] == [(first, True), (second, False), (first, True)]
    no_git = BuildStamp.read_many(tmp_path / "missing-folder", [(a,)])  # git cannot run there
    assert [(s.commit, s.dirty) for s in no_git] == [("unknown", False)]
