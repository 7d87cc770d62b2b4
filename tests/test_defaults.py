"""Where defaults live: project templates first, shipped frameworks for every project, overrides warned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import build as build_module
from builder.build import BuildOptions, run_build
from builder.load.defaults import DEFAULT_TEMPLATES, SHIPPED_FRAMEWORKS, organisation_templates, template_search_path
from builder.validate.runner import validate
from conftest import FIXTURES, REPO

FRAMEWORK = "fr-code-penal-131-5-1"


@pytest.fixture
def bare_project(tmp_path: Path) -> Path:
    """A project as an organisation has it: programmes only, no frameworks, no templates."""
    root = tmp_path / "org"
    (root / "curricula" / "programmes").mkdir(parents=True)
    shutil.copy(FIXTURES / "stage-mini.yaml", root / "curricula" / "programmes" / "stage-mini.yaml")
    return root


def test_checkout_defaults_are_the_repository_folders() -> None:
    assert DEFAULT_TEMPLATES == REPO / "templates"
    assert SHIPPED_FRAMEWORKS == REPO / "curricula" / "frameworks"
    assert organisation_templates(REPO) == ()  # Stagecraft's own templates/ is not searched twice
    assert template_search_path(REPO) == (DEFAULT_TEMPLATES,)


def test_search_order_project_then_options_then_defaults(bare_project: Path, tmp_path: Path) -> None:
    own = bare_project / "templates"
    own.mkdir()
    extra = tmp_path / "extra"
    extra.mkdir()
    assert template_search_path(bare_project, [extra, own, extra]) == (own, extra, DEFAULT_TEMPLATES)
    assert organisation_templates(tmp_path / "no-templates-here", [extra]) == (extra,)


def test_programmes_use_shipped_frameworks(bare_project: Path) -> None:
    project, problems = validate(bare_project)
    assert problems == []
    assert project.frameworks[FRAMEWORK].path == SHIPPED_FRAMEWORKS / f"{FRAMEWORK}.yaml"


def test_project_framework_replacing_a_shipped_one_is_warned(bare_project: Path) -> None:
    own = bare_project / "curricula" / "frameworks"
    own.mkdir()
    shutil.copy(SHIPPED_FRAMEWORKS / f"{FRAMEWORK}.yaml", own)
    _, same = validate(bare_project)
    assert same == []  # an identical copy replaces nothing
    text = (own / f"{FRAMEWORK}.yaml").read_text(encoding="utf-8")
    (own / f"{FRAMEWORK}.yaml").write_text(text.replace("max_fee_eur:\n    value: 450", "max_fee_eur:\n    value: 100"))
    _, problems = validate(bare_project)
    assert [(p.rule, p.severity.value) for p in problems] == [("framework-override", "warning"), ("fee", "error")]
    assert problems[0].location.path.endswith(f"org/curricula/frameworks/{FRAMEWORK}.yaml")
    assert "expected at most 100 EUR, got 190 EUR" in problems[1].message  # the project's value is the one checked


def test_project_may_add_a_framework(bare_project: Path) -> None:
    own = bare_project / "curricula" / "frameworks"
    own.mkdir()
    text = (SHIPPED_FRAMEWORKS / f"{FRAMEWORK}.yaml").read_text(encoding="utf-8")
    (own / "maison.yaml").write_text(text.replace(f"id: {FRAMEWORK}", "id: maison"), encoding="utf-8")
    programme = bare_project / "curricula" / "programmes" / "stage-mini.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace(f"framework: {FRAMEWORK}", "framework: maison"))
    project, problems = validate(bare_project)
    assert problems == []
    assert {FRAMEWORK, "maison", "resocialisation"} <= set(project.frameworks)


def test_project_templates_win_and_their_edits_invalidate_the_cache(
    bare_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    monkeypatch.setenv("FAKE_RENDERER_MODE", "probe")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "probe.txt").write_text("from --templates")
    options = BuildOptions(root=bare_project, out=bare_project / "build", targets=("guides",), quiet=True,
                           template_dirs=(extra,))
    guide = bare_project / "build" / "guides" / "stage-mini.txt"
    assert run_build(options)[0] == []
    assert guide.read_text() == "from --templates"
    (bare_project / "templates").mkdir()
    (bare_project / "templates" / "probe.txt").write_text("from the project's templates/")
    problems, summary = run_build(options)
    assert problems == [] and "1 of 1 programme renders needed" in summary
    assert guide.read_text() == "from the project's templates/"
    (bare_project / "templates" / "probe.txt").write_text("edited in the project")
    _, summary = run_build(options)
    assert "1 of 1 programme renders needed" in summary
    assert guide.read_text() == "edited in the project"
