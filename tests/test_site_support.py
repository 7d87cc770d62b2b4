"""Shared builds for the site tests (no tests here): a small project built by `stagecraft build`.

The project holds the mini French stage, the mini English track and a "témoin" programme
whose text carries HTML-ish content and a word found nowhere else, after an apostrophe.
"""

from __future__ import annotations

import html.parser
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.build import BuildOptions, run_build
from conftest import FIXTURES, REPO

UNIQUE_WORD = "hydroglyphe"
"""Appears only in the témoin programme's second session, as « l'hydroglyphe »."""

HOSTILE_TITLE = "Stage témoin <b>gras</b> & <i>co</i>"
HOSTILE_SCRIPT = "<script>window.__stagecraft_pwned = 1</script>"

TEMOIN = textwrap.dedent(
    f"""\
    id: stage-temoin
    title: "{HOSTILE_TITLE}"
    language: fr
    framework: fr-code-penal-131-5-1
    kind: citoyennete
    routes: [peine]
    version: "2.0"
    summary: "Un programme de test dont le texte contient du HTML : <img src=x onerror=alert(1)>."
    audience: "Personnes majeures condamnées à un stage de citoyenneté."
    objectives: ["Comprendre *la loi* et [ses] raisons."]
    fee_eur: 120
    group_size: {{min: 6, max: 12}}
    interviews:
      - type: preliminary
        title: "Entretien préalable"
        duration: 30min
        timing: "Avant le stage"
    completion:
      criteria: [attendance, attestation]
      description: "Présence à toute la journée."
    phases:
      - id: ouverture
        title: "Ouverture"
      - id: loi
        title: "La loi"
    sessions:
      - id: accueil
        title: "Accueil du groupe"
        phase: ouverture
        day: 1
        duration: 2h
        objectives: ["Se présenter."]
        activities:
          - title: "Tour de table"
            duration: 2h
            method: icebreaker
            instructions: ["{HOSTILE_SCRIPT}"]
            facilitator_notes: ["Accueillir chacun."]
      - id: citoyen
        title: "Être citoyen"
        phase: loi
        day: 1
        start: "13:30"
        duration: 3h
        objectives: ["Situer ses droits et devoirs."]
        activities:
          - title: "Étude de cas"
            duration: 2h45
            method: case_study
            instructions: ["Présenter l'{UNIQUE_WORD} du groupe, puis distribuer le cas."]
            facilitator_notes: ["Veiller à ce que chacun prenne la parole."]
          - title: "Pause"
            duration: 15min
            method: break
    """
)


@dataclass(frozen=True)
class BuiltSite:
    """A project and its `stagecraft build` output."""

    root: Path
    out: Path

    @property
    def site(self) -> Path:
        return self.out / "site"


def make_project(root: Path) -> Path:
    """The shipped frameworks with stage-mini, reso-mini and the témoin programme."""
    programmes = root / "curricula" / "programmes"
    programmes.mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", root / "curricula" / "frameworks")
    for name in ("stage-mini.yaml", "reso-mini.yaml"):
        shutil.copy(FIXTURES / name, programmes / name)
    (programmes / "stage-temoin.yaml").write_text(TEMOIN, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """`stagecraft build` (guides, decks and site) of the small project, once per test session."""
    root = make_project(tmp_path_factory.mktemp("site-project"))
    out = tmp_path_factory.mktemp("site-out")
    problems, summary = run_build(BuildOptions(root=root, out=out))
    assert [p.format() for p in problems if p.severity.value == "error"] == []
    assert summary
    return BuiltSite(root, out)


class Links(html.parser.HTMLParser):
    """Collects href and src attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def local_targets(page: Path, site: Path) -> list[tuple[str, Path]]:
    """Every local link of ``page`` with the file it points to (query and fragment dropped).

    A root-relative link (``/assets/...``, only in 404.html) is taken from ``site``, as served at ``/``.
    """
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    targets = []
    for link in parser.found:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        base = site if parts.path.startswith("/") else page.parent
        targets.append((link, (base / unquote(parts.path).lstrip("/")).resolve()))
    return targets


def external_links(page: Path) -> list[str]:
    """Links of ``page`` that leave the site (any scheme or host)."""
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [link for link in parser.found if urlsplit(link).scheme or urlsplit(link).netloc]


class _Reader(html.parser.HTMLParser):
    """Visible text (entities decoded, scripts and styles skipped), page title and table cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.title = ""
        self.tables: list[list[list[str]]] = []
        self._skip = 0
        self._in_title = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.text.append(" ")
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        self.text.append(" ")
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def read_page(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    return reader


def visible_text(markup: str) -> str:
    """The page's text as a reader sees it (heading permalinks left out), whitespace collapsed."""
    return " ".join("".join(read_page(markup).text).replace("¶", " ").split())


def table_rows(markup: str) -> list[list[str]]:
    """The cell texts of every row of every table of the page."""
    return [row for table in read_page(markup).tables for row in table]
