"""``stagecraft init DIR``: the files of a new project that validates and builds at once.

An organisation keeps its programmes in its own git repository and installs
Stagecraft as a tool. The project gets: ``curricula/`` with one example programme
(the shipped stupéfiants stage), its own empty ``templates/`` (searched before the
defaults), the site (``mkdocs.yml`` and the pages of ``site/``), the JSON Schemas
and the editor settings that map them to programme and framework files, a
pre-commit hook, and CI for GitHub Actions (validate every pull request, publish
the site with GitHub Pages) and GitLab CI (the ``pages`` job).

CI installs the same Stagecraft version that made the project
(``stagecraft==<version>``); change ``STAGECRAFT`` in the workflow to move on.
"""

from __future__ import annotations

import json
from pathlib import Path

from builder import __version__
from builder.load.defaults import DEFAULTS
from builder.model.jsonschema import schema_files
from builder.model.settings import SETTINGS_FILE

GITIGNORE = """\
# Stagecraft output and caches
/build/
/.stagecraft-cache/
/site-build/
__pycache__/
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install` once, then every commit that touches
# curricula/ is validated by the installed `stagecraft`.
repos:
  - repo: local
    hooks:
      - id: stagecraft-validate
        name: stagecraft validate
        entry: stagecraft validate
        language: system
        files: ^curricula/.*\\.ya?ml$
        pass_filenames: false
"""

GITHUB = """\
# Validate every pull request; on the default branch, build the guides, decks and site and publish the
# site with GitHub Pages (Settings > Pages > Source: GitHub Actions).
name: programmes
on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
env:
  STAGECRAFT: "stagecraft=={version}"
  CI: "true"
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: python -m pip install "$STAGECRAFT"
      - run: stagecraft validate
  build:
    if: github.event_name != 'pull_request'
    needs: validate
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # build stamps name the last commit of each programme
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: sudo apt-get update && sudo apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
      - run: python -m pip install "$STAGECRAFT"
      - run: stagecraft build --quiet --out build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: build/site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

GITLAB = """\
# Validate every merge request and branch; on the default branch, build the guides, decks and site and
# publish the site with GitLab Pages (the `pages` job's `public/` folder).
image: python:3.11
variables:
  STAGECRAFT: "stagecraft=={version}"
  GIT_DEPTH: "0"   # build stamps name the last commit of each programme
stages: [test, deploy]
before_script:
  - python -m pip install "$STAGECRAFT"
validate:
  stage: test
  script:
    - stagecraft validate
pages:
  stage: deploy
  script:
    - apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
    - stagecraft build --quiet --out build
    - rm -rf public && mv build/site public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""

README = """\
# {name}

Training programmes kept as YAML and built with [Stagecraft](https://pypi.org/project/stagecraft/)
(`pipx install stagecraft`, or `pip install stagecraft` in a virtual environment).

```sh
stagecraft validate                 # check every programme against its legal framework
stagecraft build                    # guides (HTML, PDF), slide decks and the site in build/
stagecraft new programme ID --framework fr-code-penal-131-5-1 --kind stupefiants
stagecraft rules fr-code-penal-131-5-1 stupefiants   # the rules of a kind, with their sources
properdocs serve -f mkdocs.yml      # live preview of the site
```

| folder | what it holds |
|---|---|
| `curricula/programmes/` | one YAML file per programme (`status: draft` keeps one off the site) |
| `curricula/frameworks/` | your own frameworks, if any (the shipped ones are always available) |
| `templates/` | your overrides of Stagecraft's templates: same paths as the defaults, searched first |
| `site/`, `mkdocs.yml` | the hand-written pages and settings of the site |
| `schemas/` | JSON Schemas for the editor (`stagecraft schema` rewrites them after an upgrade) |
| `stagecraft.yaml` | the project's settings: `organisation:`, which the slide decks name as their author |

CI: `.github/workflows/programmes.yml` (GitHub Actions and Pages) and `.gitlab-ci.yml` (GitLab Pages)
validate every change and publish the site from the default branch. `pre-commit install` validates
before each commit.
"""

TEMPLATES_README = """\
Templates of this project, searched before Stagecraft's own defaults.

Copy a default file here under the same path to change it, for instance `labels/fr.yaml` (only the keys
you want to change), `guide/cover.html.j2`, `site/programme.md.j2` or `deck/master.pptx`.
Editing a file here re-renders what uses it at the next `stagecraft build`.
"""


def vscode_settings() -> str:
    """Editor settings: the schemas for programme and framework files (VS Code's YAML extension)."""
    settings = {
        "yaml.schemas": {
            "./schemas/programme.schema.json": ["curricula/programmes/*.yaml", "curricula/programmes/*.yml"],
            "./schemas/framework.schema.json": ["curricula/frameworks/*.yaml", "curricula/frameworks/*.yml"],
        },
        "files.associations": {"*.yaml.j2": "yaml"},
        # mkdocs.yml names the module that keeps the end-of-life banner off `mkdocs` (builder/site/engine_notice.py)
        "yaml.customTags": ["tag:yaml.org,2002:python/name:builder.site.engine_notice.ENGINE"],
    }
    return json.dumps(settings, indent=2) + "\n"


def _site_files() -> dict[str, bytes]:
    pages = DEFAULTS.site_config.parent / "site"
    return {f"site/{p.relative_to(pages).as_posix()}": p.read_bytes() for p in sorted(pages.rglob("*")) if p.is_file()}


def _mkdocs(name: str) -> bytes:
    lines = DEFAULTS.site_config.read_text(encoding="utf-8").splitlines()
    out = [f"site_name: {json.dumps(name, ensure_ascii=False)}" if line.startswith("site_name:") else line for line in lines]
    return ("\n".join(out) + "\n").encode()


def settings_file(organisation: str) -> bytes:
    """``stagecraft.yaml`` naming ``organisation`` (quoted, so any name reads back as written)."""
    return (
        "# Stagecraft project settings. organisation: who runs the programmes (the slide decks' author).\n"
        f"organisation: {json.dumps(organisation, ensure_ascii=False)}\n"
    ).encode()


def project_files(name: str, organisation: str = "") -> dict[str, bytes]:
    """Every file of a new project called ``name``, by path relative to the project folder; with
    ``organisation``, its ``stagecraft.yaml`` too."""
    files: dict[str, bytes] = {
        f"curricula/programmes/{DEFAULTS.example.name}": DEFAULTS.example.read_bytes(),
        "templates/README.md": TEMPLATES_README.encode(),
        "mkdocs.yml": _mkdocs(name),
        **_site_files(),
        **{f"schemas/{n}": data for n, data in schema_files().items()},
        ".gitignore": GITIGNORE.encode(),
        ".pre-commit-config.yaml": PRE_COMMIT.encode(),
        ".vscode/settings.json": vscode_settings().encode(),
        ".vscode/extensions.json": b'{\n  "recommendations": ["redhat.vscode-yaml"]\n}\n',
        ".github/workflows/programmes.yml": GITHUB.format(version=__version__).encode(),
        ".gitlab-ci.yml": GITLAB.format(version=__version__).encode(),
        "README.md": README.format(name=name).encode(),
    }
    if organisation:
        files[SETTINGS_FILE] = settings_file(organisation)
    return files


def is_empty(folder: Path) -> bool:
    """True when ``folder`` does not exist or holds nothing (hidden files count)."""
    return not folder.exists() or not any(folder.iterdir())
