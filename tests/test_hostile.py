"""Hostile and broken input: each case gives a clean, located error, exit 1, and the build writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builder import build as build_module
from builder.build import BuildOptions, run_build

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
)

CASES: dict[str, tuple[bytes, str]] = {
    "yaml-bomb": (BOMB.encode(), "bad.yaml:6:8: error[yaml-aliases]: expected at most 200000 values"),
    "python-tag": (
        b"id: !!python/object/apply:subprocess.call [['touch', 'pwned']]\n",
        "bad.yaml:1:5: error[yaml-tag]: expected plain YAML (text, numbers, lists, mappings), got the tag "
        "'!!python/object/apply:subprocess.call'",
    ),
    "deep-nesting": (
        b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "bad.yaml:1:67: error[yaml-depth]: expected at most 64 levels of nesting, got deeper "
        "(look for a '[' or '{' that is never closed)\n",
    ),
    "nesting-one-too-deep": (
        b"a: " + b"[" * 65 + b"]" * 65 + b"\n",
        "bad.yaml:1:67: error[yaml-depth]: expected at most 64 levels of nesting, got deeper "
        "(look for a '[' or '{' that is never closed)\n",
    ),
    "latin-1": ("title: Sécurité\n".encode("latin-1"), "bad.yaml:1:9: error[file-encoding]: expected UTF-8 text"),
    "tabs": (b"id: a\nsessions:\n\t- id: s1\n", "bad.yaml:3:1: error[yaml-syntax]: invalid YAML"),
    "empty": (b"", "bad.yaml:1:1: error[schema-type]: (document): expected a mapping (key: value), got nothing"),
    "crlf-and-bom-still-checked": (
        "\ufeffid: bad\r\ntitle: x\r\n".encode("utf-8"),
        "bad.yaml:1:1: error[schema-missing]: language: expected the key 'language', found none",
    ),
}


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gives_clean_located_error(project: Path, case: str) -> None:
    data, expected = CASES[case]
    (project / "curricula" / "programmes" / "bad.yaml").write_bytes(data)
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("curricula/programmes/" + expected), result.stdout
    assert not (project / "pwned").exists()


def test_fifty_megabyte_file_is_refused_quickly(project: Path) -> None:
    path = project / "curricula" / "programmes" / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"a: ")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x\n")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout == (
        "curricula/programmes/huge.yaml:1:1: error[file-size]: expected a file of at most 2048 KiB, got 51200 KiB\n"
    )


@pytest.mark.parametrize("case", ["yaml-bomb", "python-tag", "latin-1", "empty"])
def test_hostile_file_writes_nothing(mini_project: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    opts = BuildOptions(root=mini_project, out=mini_project / "build", targets=("guides",), quiet=True)
    assert run_build(opts)[0] == []
    before = sorted(p.name for p in (mini_project / "build").rglob("*"))
    (mini_project / "curricula" / "programmes" / "bad.yaml").write_bytes(CASES[case][0])
    problems, _ = run_build(opts)
    assert problems and all(str(p.location).startswith(f"{mini_project}/curricula/programmes/bad.yaml:") for p in problems)
    assert sorted(p.name for p in (mini_project / "build").rglob("*")) == before


def test_html_in_titles_is_text_in_the_guide(mini_project: Path) -> None:
    """A title holding markup is printed as text in the guide, never interpreted."""
    from builder.load.project import load_project
    from builder.render.context import RenderContext
    from builder.render.guides import render_html

    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: "Les produits et leurs effets"', 'title: "<script>alert(1)</script> & <b>effets</b>"')
    path.write_text(text, encoding="utf-8")
    project = load_project(mini_project)
    assert project.problems == []
    ctx = RenderContext(project=project)
    html = render_html(ctx, ctx.view(project.programmes[0]))
    assert "<script>alert(1)</script>" not in html and "<b>effets</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;effets&lt;/b&gt;" in html
