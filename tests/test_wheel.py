"""Stagecraft as an organisation installs it: a wheel, not a checkout; a project made by `stagecraft init`;
the commands of the generated CI workflows; the pre-commit hook run by the real pre-commit.

Slow (a wheel build, a venv, full builds). Nothing leaves the machine: pip uses its configured index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, require_tool

pytestmark = pytest.mark.slow


def run(cmd: list[str] | str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 900) -> str:
    result = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, shell=isinstance(cmd, str)
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the repository's files (tracked and new, not ignored)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    source.mkdir()
    files = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO).split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((REPO / name).read_bytes())
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(source)], cwd=base)
    [found] = (base / "dist").glob("stagecraft-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh venv with the wheel installed non-editable; its environment for subprocesses.

    The venv sees the system's packages for the dependencies, but Stagecraft itself must come from the
    wheel: the test checks where ``builder`` is imported from, from a folder outside the repository.
    """
    venv = tmp_path_factory.mktemp("venv") / "v"
    run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=venv.parent)
    python = str(venv / "bin" / "python")
    # A venv made from inside a venv sees the base interpreter's packages, not the ones the tests run with:
    # a path file adds those (appended after the new venv's own site-packages, so the wheel still wins).
    where_packages = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run([python, "-c", where_packages], cwd=venv.parent).strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "stagecraft-test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], cwd=venv.parent)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["NO_MKDOCS_2_WARNING"] = "1"
    where = run([python, "-c", "import builder; print(builder.__file__)"], cwd=venv.parent, env=env)
    assert where.strip().startswith(str(venv)), f"builder imported from {where.strip()}, not from the wheel"
    return env


def test_wheel_carries_the_defaults(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "builder/_defaults/templates/deck/master.pptx",
        "builder/_defaults/templates/labels/fr.yaml",
        "builder/_defaults/templates/guide/guide.html.j2",
        "builder/_defaults/frameworks/fr-code-penal-131-5-1.yaml",
        "builder/_defaults/frameworks/resocialisation.yaml",
        "builder/_defaults/schemas/programme.schema.json",
        "builder/_defaults/mkdocs.yml",
        "builder/_defaults/site/index.md",
        "builder/_defaults/examples/stupefiants.yaml",
    ):
        assert needed in names, needed


def test_init_validate_build_and_the_generated_workflows(installed: dict[str, str], tmp_path: Path) -> None:
    run(["stagecraft", "init", "mon-association"], cwd=tmp_path, env=installed)
    project = tmp_path / "mon-association"
    assert "0 error(s)" in run(["stagecraft", "validate"], cwd=project, env=installed)
    run(["stagecraft", "new", "programme", "stage-stups-2j", "--framework", "fr-code-penal-131-5-1",
         "--kind", "stupefiants"], cwd=project, env=installed)
    rules = run(["stagecraft", "rules", "fr-code-penal-131-5-1", "stupefiants"], cwd=project, env=installed)
    assert "C. pén. art. R131-36" in rules
    run(["git", "init", "-q"], cwd=project)  # the workflows check out a git repository
    env = {**installed, "CI": "true"}
    commands = workflow_commands(project)
    assert any("upload-pages-artifact" in c for c in commands["github-uses"])
    for command in commands["github"] + commands["gitlab"]:
        run(command, cwd=project, env=env)
    assert (project / "build" / "guides" / "stupefiants.pdf").is_file()
    assert not (project / "build" / "guides" / "stage-stups-2j.pdf").exists()  # a draft is not published
    assert (project / "public" / "index.html").is_file()  # GitLab Pages' folder
    assert "stage-stups-2j" not in (project / "public" / "index.html").read_text(encoding="utf-8")


def workflow_commands(project: Path) -> dict[str, list[str]]:
    """The shell commands of the generated GitHub and GitLab workflows, in order.

    Left out: the apt-get lines (this machine has the system libraries) and the pip install of
    "$STAGECRAFT" (the wheel is installed already: the variable names a release on PyPI).
    """
    github = yaml.safe_load((project / ".github" / "workflows" / "programmes.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))

    def keep(command: str) -> bool:
        return "apt-get" not in command and '"$STAGECRAFT"' not in command

    gh = [s["run"] for job in github["jobs"].values() for s in job["steps"] if "run" in s]
    uses = [s["uses"] for job in github["jobs"].values() for s in job["steps"] if "uses" in s]
    gl = [*gitlab.get("before_script", []), *gitlab["validate"]["script"], *gitlab["pages"]["script"]]
    return {"github": [c for c in gh if keep(c)], "gitlab": [c for c in gl if keep(c)], "github-uses": uses}


def test_pre_commit_hook_on_a_good_and_a_bad_programme(tmp_path: Path) -> None:
    pre_commit = require_tool("pre-commit", "the real pre-commit runs the repository's hook")
    project = tmp_path / "asso"
    (project / "curricula" / "programmes").mkdir(parents=True)
    programme = project / "curricula" / "programmes" / "stage-mini.yaml"
    programme.write_text((FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git = ["git", "-c", "user.email=designer@example.org", "-c", "user.name=Designer"]
    run(["git", "init", "-q"], cwd=project)
    run([*git, "add", "."], cwd=project)
    run([*git, "commit", "-qm", "programme"], cwd=project)
    good = subprocess.run([pre_commit, "try-repo", str(REPO), "stagecraft-validate", "--all-files"],
                          cwd=project, capture_output=True, text=True, timeout=900)
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-2000:]
    assert "stagecraft validate" in good.stdout and "Passed" in good.stdout
    programme.write_text(programme.read_text(encoding="utf-8").replace("fee_eur: 190", "fee_eur: 900"), encoding="utf-8")
    bad = subprocess.run([pre_commit, "try-repo", str(REPO), "stagecraft-validate", "--all-files"],
                         cwd=project, capture_output=True, text=True, timeout=900)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "curricula/programmes/stage-mini.yaml:" in bad.stdout and "error[fee]: fee_eur: expected at most 450 EUR" in bad.stdout
    assert "Traceback" not in bad.stdout
