"""The toolkit commands as a designer runs them: init, new programme, rules, schema, drafts, partial builds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder import build as build_module
from builder.build import BarProgress, BuildOptions, Progress, make_progress, run_build
from builder.load.project import load_project
from builder.model.jsonschema import REGENERATE, schema_files
from conftest import FIXTURES, REPO, plain, require_tool

FR = "fr-code-penal-131-5-1"
LEFT_FOR_THE_DESIGNER = {"placeholder", "activity-content"}


def stagecraft(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def problems(cwd: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = stagecraft("validate", "--format", "json", *args, cwd=cwd)
    return result.returncode, json.loads(result.stdout)["problems"]


@pytest.fixture
def initialised(tmp_path: Path) -> Path:
    result = stagecraft("init", "asso", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "asso"


# -- init ------------------------------------------------------------------------------------------


def test_init_writes_a_project_that_validates(initialised: Path) -> None:
    for name in (
        "curricula/programmes/stupefiants.yaml", "mkdocs.yml", ".gitignore", ".pre-commit-config.yaml",
        ".vscode/settings.json", ".github/workflows/programmes.yml", ".gitlab-ci.yml",
        "schemas/programme.schema.json", "site/index.md",
    ):
        assert (initialised / name).is_file(), name
    assert not (initialised / "curricula" / "frameworks").exists()  # the shipped frameworks need no copy
    code, found = problems(initialised)
    assert (code, found) == (0, [])
    settings = json.loads((initialised / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/programme.schema.json"][0] == "curricula/programmes/*.yaml"
    workflow = yaml.safe_load((initialised / ".github" / "workflows" / "programmes.yml").read_text())
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    gitlab = yaml.safe_load((initialised / ".gitlab-ci.yml").read_text())
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    result = stagecraft("init", "full", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not empty (use --force" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]
    forced = stagecraft("init", "full", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine"
    (tmp_path / "a-file").write_text("x")
    assert stagecraft("init", "a-file", cwd=tmp_path).returncode == 2


# -- new programme -----------------------------------------------------------------------------------


def every_kind() -> list[tuple[str, str]]:
    project = load_project(REPO, [])
    return [(fid, kind) for fid, f in sorted(project.frameworks.items()) for kind in f.model.kinds]


@pytest.mark.parametrize(("framework", "kind"), every_kind())
def test_new_programme_meets_the_kind_rules(initialised: Path, framework: str, kind: str) -> None:
    result = stagecraft("new", "programme", f"new-{kind}", "--framework", framework, "--kind", kind, cwd=initialised)
    assert result.returncode == 0, result.stderr
    path = f"curricula/programmes/new-{kind}.yaml"
    code, found = problems(initialised, path)
    assert code == 0
    mine = [p for p in found if p["path"] == path]
    assert {p["severity"] for p in mine} == {"warning"}
    assert {p["rule"] for p in mine} == LEFT_FOR_THE_DESIGNER  # structure, durations, interviews: all met
    # once published, placeholders are errors: they can never reach a published guide
    file = initialised / path
    file.write_text(file.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    code, found = problems(initialised, path)
    assert code == 1
    assert {p["rule"] for p in found if p["severity"] == "error"} == {"placeholder"}


def test_new_programme_in_english_and_its_structure(initialised: Path) -> None:
    result = stagecraft("new", "programme", "reso", "--framework", "resocialisation", "--kind", "minors", cwd=initialised)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((initialised / "curricula" / "programmes" / "reso.yaml").read_text(encoding="utf-8"))
    assert data["language"] == "en" and data["status"] == "draft"
    assert len(data["sessions"]) == 14  # the minors' track: 14 sessions of at least 2h30, 35 h in total
    assert [p["id"] for p in data["phases"]] == ["anamnesis", "focus", "evaluation"]
    assert data["title"].startswith("[to write]")
    assert sorted(data["completion"]["criteria"]) == ["attendance", "individual_plan"]


def test_new_programme_in_georgian(initialised: Path) -> None:
    """--language ka: Georgian placeholders and titles; phases the framework names are left to write."""
    result = stagecraft("new", "programme", "reso-ka", "--framework", "resocialisation", "--kind", "adults",
                        "--language", "ka", cwd=initialised)
    assert result.returncode == 0, result.stderr
    text = (initialised / "curricula" / "programmes" / "reso-ka.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["language"] == "ka"
    assert data["title"] == "[დასაწერია] პროგრამის სახელწოდება"
    assert data["phases"][0] == {"id": "anamnesis", "title": "[დასაწერია] anamnesis"}
    assert "[to write]" not in text and "[à écrire]" not in text
    code, found = problems(initialised, "curricula/programmes/reso-ka.yaml")
    assert code == 0 and {p["rule"] for p in found if p["path"].endswith("reso-ka.yaml")} == LEFT_FOR_THE_DESIGNER


def test_new_programme_bad_input(initialised: Path) -> None:
    cases = {
        ("Stage_2J", FR, "stupefiants"): "is not a valid programme id",
        ("ok", "fr-code-penal", "stupefiants"): "unknown framework 'fr-code-penal' (did you mean 'fr-code-penal-131-5-1'?)",
        ("ok", FR, "stupefiant"): "has no kind 'stupefiant' (did you mean 'stupefiants'?)",
        ("ok", "resocialisation", "teens"): "(expected one of: adults, minors)",
        ("stupefiants", FR, "stupefiants"): "already exists",
    }
    for (pid, framework, kind), message in cases.items():
        result = stagecraft("new", "programme", pid, "--framework", framework, "--kind", kind, cwd=initialised)
        assert result.returncode == 2, (pid, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
    outside = stagecraft("new", "programme", "x", "--framework", FR, "--kind", "stupefiants", cwd=initialised.parent)
    assert outside.returncode == 2 and "stagecraft init" in outside.stderr


# -- rules -----------------------------------------------------------------------------------------------


def test_rules_of_a_kind_with_values_sources_and_severity(tmp_path: Path) -> None:
    result = stagecraft("rules", FR, "stupefiants", cwd=tmp_path)  # outside any project: the shipped frameworks
    assert result.returncode == 0, result.stderr
    lines = plain(result.stdout).splitlines()  # words compared; the no-break spaces are French typography
    daily = lines.index("  Formation maximale par jour: 6 h  [max_daily_training, error]")
    assert "source: C. pén. art. R131-36" in lines[daily + 2]
    assert any(line.startswith("  Taille du groupe: 7 à 12 participants  [group_size, warning (practice)]") for line in lines)
    listing = stagecraft("rules", cwd=tmp_path).stdout
    assert "resocialisation" in listing and "stupefiants" in listing
    wrong = stagecraft("rules", FR, "stupefiant", cwd=tmp_path)
    assert wrong.returncode == 2 and "did you mean 'stupefiants'?" in wrong.stderr


# -- schema ------------------------------------------------------------------------------------------------


def test_committed_schemas_are_up_to_date() -> None:
    for name, data in schema_files().items():
        committed = REPO / "schemas" / name
        assert committed.is_file() and committed.read_bytes() == data, (
            f"schemas/{name} is out of date with the model: run `{REGENERATE}` from the repository root "
            "and commit the result"
        )


def test_schemas_are_draft_07_with_descriptions() -> None:
    for name, data in schema_files().items():
        text = data.decode()
        schema = json.loads(text)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "prefixItems" not in text and "$defs" not in text
    programme = json.loads(schema_files()["programme.schema.json"])
    assert programme["properties"]["fee_eur"]["description"] == "What the participant pays, in euros."
    duration = programme["definitions"]["Session"]["properties"]["duration"]
    assert duration["type"] == "string"  # durations are text, as designers write them


def test_every_shipped_programme_carries_the_modeline() -> None:
    for path in sorted((REPO / "curricula" / "programmes").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/programme.schema.json", path.name


def test_check_jsonschema_accepts_shipped_programmes_and_refuses_a_bad_one(tmp_path: Path) -> None:
    tool = require_tool("check-jsonschema", "it validates YAML files against the JSON Schema")
    schema = str(REPO / "schemas" / "programme.schema.json")
    files = sorted(str(p) for p in (REPO / "curricula" / "programmes").glob("*.yaml"))
    good = subprocess.run([tool, "--schemafile", schema, *files], capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stdout + good.stderr
    frameworks = sorted(str(p) for p in (REPO / "curricula" / "frameworks").glob("*.yaml"))
    fw = subprocess.run([tool, "--schemafile", str(REPO / "schemas" / "framework.schema.json"), *frameworks],
                        capture_output=True, text=True, timeout=300)
    assert fw.returncode == 0, fw.stdout + fw.stderr
    bad = tmp_path / "bad.yaml"
    text = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("fee_eur: 190", "fee_eur: 190\ncolour: blue"), encoding="utf-8")
    refused = subprocess.run([tool, "--schemafile", schema, str(bad)], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1
    assert "colour" in refused.stdout


def test_schema_command_check_names_the_command(tmp_path: Path) -> None:
    result = stagecraft("schema", "--check", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1 and REGENERATE in result.stderr
    assert stagecraft("schema", "--out", str(tmp_path), cwd=tmp_path).returncode == 0
    assert stagecraft("schema", "--check", "--out", str(tmp_path), cwd=tmp_path).returncode == 0


# -- drafts, partial builds, progress ------------------------------------------------------------------------------


@pytest.fixture
def with_draft(mini_project: Path) -> Path:
    """stage-mini, and a draft copy of reso-mini whose fee breaks its framework's rule (none: it has no cap)."""
    text = (FIXTURES / "stage-mini.yaml").read_text(encoding="utf-8")
    draft = text.replace("id: stage-mini", "id: brouillon").replace("fee_eur: 190", "fee_eur: 900\nstatus: draft")
    (mini_project / "curricula" / "programmes" / "brouillon.yaml").write_text(draft, encoding="utf-8")
    return mini_project


def test_a_draft_errors_are_warnings_unless_strict(with_draft: Path) -> None:
    code, found = problems(with_draft)
    assert code == 0
    assert [(p["rule"], p["severity"]) for p in found] == [("fee", "warning")]
    assert "status: draft" in str(found[0]["message"])
    code, found = problems(with_draft, "--strict")
    assert code == 1 and [(p["rule"], p["severity"]) for p in found] == [("fee", "error")]


def test_drafts_are_built_only_when_named_and_partial_builds_keep_the_rest(
    with_draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "TARGETS", {"guides": "fake_renderer"})
    out = with_draft / "build"
    options = BuildOptions(root=with_draft, out=out, targets=("guides",), quiet=True)
    _, summary = run_build(options)
    assert sorted(p.name for p in (out / "guides").iterdir()) == ["stage-mini.txt"]
    assert "1 draft(s) not built" in summary
    draft = with_draft / "curricula" / "programmes" / "brouillon.yaml"
    problems_, summary = run_build(BuildOptions(root=with_draft, out=out, targets=("guides",), quiet=True,
                                                programmes=(draft,)))
    assert [p.rule for p in problems_] == ["fee"]  # reported, as a warning
    assert sorted(p.name for p in (out / "guides").iterdir()) == ["brouillon.txt", "stage-mini.txt"]
    assert "the site was left as it was" in summary


def test_build_names_unknown_programmes(mini_project: Path) -> None:
    result = stagecraft("build", "stage-mni", cwd=mini_project)
    assert result.returncode == 2
    assert "no programme 'stage-mni' in curricula/programmes/ (did you mean 'stage-mini'?)" in result.stderr
    site_only = stagecraft("build", "stage-mini", "--only", "site", cwd=mini_project)
    assert site_only.returncode == 2 and "Traceback" not in site_only.stderr


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert isinstance(make_progress(3, quiet=False), BarProgress)
    assert type(make_progress(3, quiet=True)) is Progress
    monkeypatch.setenv("CI", "true")
    assert type(make_progress(3, quiet=False)) is Progress


def test_plain_progress_lines_in_a_pipe(mini_project: Path, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "reso-mini.yaml", mini_project / "curricula" / "programmes" / "reso-mini.yaml")
    result = stagecraft("build", "--only", "guides", "--out", str(tmp_path / "out"), cwd=mini_project)
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert sorted(s.split(" ", 1)[0] for s in steps) == ["[1/2]", "[2/2]"]
    assert sorted(s.split(" ", 1)[1] for s in steps) == ["guides: reso-mini", "guides: stage-mini"]


# -- diff -------------------------------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=designer@example.org", "-c", "user.name=Designer", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=60)


def test_diff_between_two_versions_in_programme_terms(mini_project: Path) -> None:
    git(mini_project, "init", "-q")
    git(mini_project, "add", ".")
    git(mini_project, "commit", "-qm", "1.0")
    git(mini_project, "tag", "v1.0")
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"').replace("fee_eur: 190", "fee_eur: 600")
    text = text.replace("        duration: 2h\n        method: quiz", "        duration: 2h\n        method: discussion")
    text = text.replace("    start: \"13:30\"\n    duration: 2h30", "    start: \"13:30\"\n    duration: 3h")
    text = text.replace("      - title: \"Bilan de la journée\"\n        duration: 30min",
                        "      - title: \"Bilan de la journée\"\n        duration: 1h")
    text = text.replace('    objectives: ["Situer l\'usage au regard de la loi."]',
                        '    objectives: ["Situer l\'usage au regard de la loi.", "Nommer les peines encourues."]')
    path.write_text(text, encoding="utf-8")
    git(mini_project, "commit", "-qam", "1.1")
    result = stagecraft("diff", "v1.0", "HEAD", "stage-mini", cwd=mini_project)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("# Programme changes: v1.0 (")
    assert "Version 1.0 → 1.1." in report
    assert "- fee_eur: 190 EUR → 600 EUR" in report
    assert "    - duration: 2 h 30 → 3 h" in report
    assert "    - activity 'Quiz sur l'usage et ses effets': method quiz → discussion" in report
    assert "    - activity 'Bilan de la journée': 30 min → 1 h" in report
    assert "    - objective added: Nommer les peines encourues." in report
    assert "| rule errors | 0 | 1 |" in report
    assert "Rules broken after, not before: `fee`." in report
    assert "| training time | 5 h 15 | 5 h 45 |" in report  # breaks are not training time in this framework


def test_diff_sessions_added_removed_and_moved(mini_project: Path) -> None:
    git(mini_project, "init", "-q")
    git(mini_project, "add", ".")
    git(mini_project, "commit", "-qm", "first")
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    data = path.read_text(encoding="utf-8")
    head, sessions = data.split("sessions:\n")
    matin, apres = sessions.split("  - id: apres-midi\n")
    apres = "  - id: apres-midi\n" + apres
    extra = matin.replace("id: matin", "id: soir").replace("Les produits et leurs effets", "Retour d'expérience")
    path.write_text(head + "sessions:\n" + apres + extra, encoding="utf-8")
    git(mini_project, "commit", "-qam", "second")
    report = stagecraft("diff", "HEAD~1", "HEAD", cwd=mini_project).stdout
    assert "- added: `soir` Retour d'expérience (session 2, day 1, 3 h)" in report
    assert "- removed: `matin` Les produits et leurs effets (session 1, day 1, 3 h)" in report
    assert "- moved:" not in report  # one session kept: nothing to move relative to
    path.write_text(head + "sessions:\n" + extra + apres, encoding="utf-8")  # soir first: the two swap places
    git(mini_project, "commit", "-qam", "third")
    swapped = stagecraft("diff", "HEAD~1", "HEAD", cwd=mini_project).stdout
    assert "- moved: `soir` Retour d'expérience: session 2 → 1" in swapped
    assert "- moved: `apres-midi` La loi et la responsabilité: session 1 → 2" in swapped


def test_diff_bad_input(mini_project: Path, tmp_path: Path) -> None:
    git(mini_project, "init", "-q")
    git(mini_project, "add", ".")
    git(mini_project, "commit", "-qm", "first")
    unknown = stagecraft("diff", "v9.9", "HEAD", cwd=mini_project)
    assert unknown.returncode == 2 and "unknown revision 'v9.9'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    missing = stagecraft("diff", "HEAD", "HEAD", "nope", cwd=mini_project)
    assert missing.returncode == 2 and "no programme 'nope'" in missing.stderr
    same = stagecraft("diff", "HEAD", "HEAD", cwd=mini_project)
    assert same.returncode == 0 and "Unchanged: `stage-mini`." in same.stdout


def test_mkdocs_build_leaves_drafts_out_of_the_site(with_draft: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - stagecraft\n" in config
    config = config.replace("\n  - stagecraft\n", "\n  - stagecraft:\n      downloads: never\n")
    (with_draft / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "site", with_draft / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=with_draft,
                            capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    built = with_draft / "site-build"
    assert (built / "programmes" / "stage-mini" / "index.html").is_file()
    assert not (built / "programmes" / "brouillon").exists()
    assert "brouillon" not in (built / "index.html").read_text(encoding="utf-8")


def test_init_with_an_organisation_writes_its_settings_and_the_decks_name_it(tmp_path: Path) -> None:
    """`stagecraft init --organisation` writes stagecraft.yaml; the project validates and its decks carry the
    organisation as author. Without the option no settings file is written (the decks' author stays empty)."""
    import io

    from pptx import Presentation

    from builder.render import decks
    from builder.render.context import RenderContext
    from builder.validate.runner import validate

    name = 'Association "Horizons" : Maine-et-Loire'
    result = stagecraft("init", "asso", "--organisation", f"  {name} ", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "asso"
    assert yaml.safe_load((project / "stagecraft.yaml").read_text(encoding="utf-8")) == {"organisation": name}
    assert problems(project) == (0, [])
    built = [a for a in decks.render(RenderContext(project=validate(project)[0])) if a.path.endswith(".pptx")]
    assert built and {Presentation(io.BytesIO(a.data)).core_properties.author for a in built} == {name}
    assert stagecraft("init", "bare", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "bare" / "stagecraft.yaml").exists()
    too_long = stagecraft("init", "long", "--organisation", "x" * 201, cwd=tmp_path)
    assert too_long.returncode == 2 and "expected at most 200 characters, got 201" in too_long.stderr
    assert not (tmp_path / "long").exists()
