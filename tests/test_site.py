"""The documentation site, read as files: what `stagecraft build` and `mkdocs build` put in it."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from builder.build import BuildOptions, run_build
from builder.load.project import load_project
from builder.model.programme import Activity, Programme, Session
from builder.render.context import RenderContext, TemplateProblem
from builder.problems import ProblemsFound
from builder.site.render import forget, render
from conftest import REPO, plain, require_tool
from test_site_support import (
    HOSTILE_SCRIPT,
    HOSTILE_TITLE,
    UNIQUE_WORD,
    BuiltSite,
    built_site,
    external_links,
    local_targets,
    make_project,
    read_page,
    table_rows,
    visible_text,
)

__all__ = ["built_site"]  # the session fixture, imported so pytest sees it here


def page(site: BuiltSite, path: str) -> str:
    """A page's HTML through plain(): these tests are about content (typography: test_typography.py)."""
    return plain((site.site / path).read_text(encoding="utf-8"))


def quick_context(root: Path) -> RenderContext:
    """A render context for ``root`` with no guides or decks (the site links none)."""
    ctx = RenderContext(project=load_project(root))
    ctx.produced.update({"guides": [], "decks": []})
    return ctx


def files_of(artifacts: list) -> dict[str, bytes]:
    return {a.path: a.data for a in artifacts}


# -- the stagecraft build path ------------------------------------------------------------


def test_build_writes_a_page_per_programme_and_per_session(built_site: BuiltSite) -> None:
    site = built_site.site
    assert (site / "index.html").is_file()
    for programme in ("stage-mini", "reso-mini", "stage-temoin"):
        assert (site / "programmes" / programme / "index.html").is_file()
    assert (site / "programmes" / "stage-mini" / "sessions" / "matin.html").is_file()
    assert (site / "programmes" / "stage-mini" / "sessions" / "apres-midi.html").is_file()
    assert len(list((site / "programmes" / "reso-mini" / "sessions").glob("*.html"))) == 15


def test_downloads_are_copied_into_the_site_and_linked(built_site: BuiltSite) -> None:
    site = built_site.site
    guide = site / "downloads" / "guides" / "stage-mini.pdf"
    assert guide.read_bytes() == (built_site.out / "guides" / "stage-mini.pdf").read_bytes()
    assert guide.read_bytes().startswith(b"%PDF")
    programme = page(built_site, "programmes/stage-mini/index.html")
    assert 'href="../../downloads/guides/stage-mini.pdf"' in programme
    for deck in (built_site.out / "decks" / "stage-mini").iterdir():
        assert (site / "downloads" / "decks" / "stage-mini" / deck.name).read_bytes() == deck.read_bytes()
        assert f"../../downloads/decks/stage-mini/{deck.name}" in programme
    session = page(built_site, "programmes/stage-mini/sessions/matin.html")
    assert 'href="../../../downloads/decks/stage-mini/matin.pptx"' in session


def test_every_link_of_every_page_resolves_inside_the_site(built_site: BuiltSite) -> None:
    site = built_site.site.resolve()
    broken, outside, external = [], [], []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for html_page in pages:
        for link, target in local_targets(html_page, site):
            if not target.is_file() and not (target / "index.html").is_file():
                broken.append(f"{html_page.relative_to(site)} -> {link}")
            if site not in target.parents and target != site:
                outside.append(f"{html_page.relative_to(site)} -> {link}")
        external += [f"{html_page.relative_to(site)} -> {link}" for link in external_links(html_page)]
    assert broken == []
    assert outside == []
    assert [e for e in external if "127.0.0.1" not in e] == []


def test_pages_load_no_cdn_script_font_or_generator_link(built_site: BuiltSite) -> None:
    index = page(built_site, "index.html")
    assert "unpkg.com" not in index and "fonts.googleapis" not in index and "fonts.gstatic" not in index
    assert 'src="assets/javascripts/iframe-worker/shim.js"' in index
    assert (built_site.site / "assets/javascripts/iframe-worker/shim.js").is_file()
    assert (built_site.site / "search" / "search_index.js").is_file()  # the offline plugin's file:// index
    assert "squidfunk" not in index  # extra.generator: false


def test_programme_text_is_shown_as_text_never_as_html(built_site: BuiltSite) -> None:
    catalogue = page(built_site, "index.html")
    assert "<b>gras</b>" not in catalogue and "<i>co</i>" not in catalogue
    assert HOSTILE_TITLE in visible_text(catalogue)
    programme = page(built_site, "programmes/stage-temoin/index.html")
    assert "<img src=x" not in programme
    assert "<img src=x onerror=alert(1)>" in visible_text(programme)
    assert read_page(programme).title == f"{HOSTILE_TITLE} - Stagecraft — programmes"
    assert "<title>Stage témoin &lt;b&gt;gras&lt;/b&gt; &amp; &lt;i&gt;co&lt;/i&gt; - " in programme
    # Markdown characters stay characters: no emphasis, no link
    assert "Comprendre *la loi* et [ses] raisons." in visible_text(programme)
    session = page(built_site, "programmes/stage-temoin/sessions/accueil.html")
    assert HOSTILE_SCRIPT not in session
    assert HOSTILE_SCRIPT in visible_text(session)


def row_of(rows: list[list[str]], first_cell: str) -> list[str]:
    found = [row for row in rows if row and row[0].startswith(first_cell)]
    assert len(found) == 1, (first_cell, rows)
    return found[0]


def cards(markup: str) -> list[str]:
    """The visible text of each catalogue card, in page order."""
    found = []
    for part in markup.split('<li class="sc-card')[1:]:
        found.append(visible_text("<li " + part.split("</li>", 1)[0]).replace('"', "").strip())
    return found


def test_catalogue_lists_each_programme_with_its_facts(built_site: BuiltSite) -> None:
    catalogue = page(built_site, "index.html")
    found = cards(catalogue)
    assert len(found) == 3  # one card per programme
    # stage-mini: 3 h and 2 h 30 less a 15 min break = 5 h 15 of training, in 2 sessions
    mini = [c for c in found if "format court" in c]
    assert mini == [
        "Stage de sensibilisation aux dangers des stupéfiants — format court "
        "Stage de sensibilisation aux dangers de l'usage de produits stupéfiants · Français · 2 séances · 5 h 15 "
        "Une journée pour comprendre les effets des produits stupéfiants sur la santé et la société."
    ]
    english = [c for c in found if "Social training for adults, test edition" in c]
    assert english and " EN " in english[0] and "Anglais" in english[0]
    assert 'href="programmes/stage-mini/index.html"' in catalogue
    assert 'data-kind="stupefiants"' in catalogue and 'data-language="en"' in catalogue


def test_programme_page_shows_rules_timeline_sessions_interviews_completion(built_site: BuiltSite) -> None:
    markup = page(built_site, "programmes/stage-mini/index.html")
    text = visible_text(markup)
    rows = table_rows(markup)
    assert row_of(rows, "Formation maximale par jour") == [
        "Formation maximale par jour", "6 h", "La durée de la formation effective ne peut excéder six heures par jour.",
        "C. pén. art. R131-36",
    ]
    assert row_of(rows, "Taille du groupe")[0] == "Taille du groupe pratique recommandée"  # a warning-level rule
    assert 'class="sc-timeline"' in markup
    assert "Ouverture Jour 1 · 1 séance · 2 h 45" in text and "Approfondissement Jour 1 · 1 séance · 2 h 30" in text
    assert row_of(rows, "1") == ["1", "Les produits et leurs effets", "Ouverture", "1", "09:00–12:00", "3 h"]
    assert row_of(rows, "2") == ["2", "La loi et la responsabilité", "Approfondissement", "1", "13:30–16:00", "2 h 30"]
    assert 'href="sessions/matin.html"' in markup
    assert "Entretien préalable Durée : 45 min Moment : Dans les deux semaines précédant le stage" in text
    assert "Attestation de fin de stage" in text and "Présence à l'ensemble de la journée." in text


def test_session_page_has_objectives_run_sheet_and_facilitator_notes(built_site: BuiltSite) -> None:
    markup = page(built_site, "programmes/stage-mini/sessions/matin.html")
    text = visible_text(markup)
    assert "Objectifs Nommer les principaux produits et leurs effets." in text
    assert table_rows(markup) == [
        ["Horaire", "Activité", "Méthode", "Durée"],
        ["09:00–09:45", "Accueil et règles du groupe", "Brise-glace", "45 min"],
        ["09:45–10:00", "Pause", "Pause", "15 min"],
        ["10:00–12:00", "Quiz sur l'usage et ses effets", "Quiz", "2 h"],
    ]
    assert "Conseils d'animation Accueillir sans juger les réticences." in text
    assert "Réponses attendues « Rien, je suis obligé d'être là. »" in text


def test_english_programme_pages_use_english_labels_and_are_marked(built_site: BuiltSite) -> None:
    programme = page(built_site, "programmes/reso-mini/index.html")
    session_file = sorted((built_site.site / "programmes/reso-mini/sessions").glob("*.html"))[0]
    session = session_file.read_text(encoding="utf-8")
    assert '<div class="sc-lang" lang="en">' in programme and '<div class="sc-lang" lang="en">' in session
    assert "Legal basis" in programme and "Completion" in programme and "Run sheet" in session
    for french in ("Cadre légal", "Séances</h2>", "Validation du stage", "Téléchargements"):
        assert french not in programme
    assert "Minutage" not in session and "Objectifs" not in session
    french_page = page(built_site, "programmes/stage-mini/index.html")
    assert 'lang="en"' not in french_page.split('<article')[1]


def test_reference_is_generated_from_the_model_fields_in_the_sites_language(built_site: BuiltSite) -> None:
    reference = page(built_site, "reference.html")
    for model in (Programme, Session, Activity):
        for name in model.model_fields:
            assert f"<code>{name}</code>" in reference, name
    text = visible_text(reference)
    # headings are words in French, never class names
    for heading in ("Taille du groupe", "Entrée en vigueur", "Séance", "Activité"):
        assert f">{heading}<" in reference.replace('<a class="headerlink"', "<").replace(" <", "<"), heading
    assert "GroupSize" not in text and "InForce" not in text
    # descriptions are French (templates/site/reference.fr.yaml); a key it lacks is marked lang="en"
    assert "Sa durée totale, pauses comprises." in text  # Session.duration
    assert "Total length, breaks included." not in text
    assert "durée (ex. 2h30, 45min)" in reference  # Minutes fields, named in French
    assert "<code>09:00</code>" in reference  # start_time's default, written as a clock time
    # key names never break inside a token
    css = (REPO / "builder/site/theme/assets/stylesheets/stagecraft.css").read_text(encoding="utf-8")
    assert ".md-typeset td code, .md-typeset th code { white-space: nowrap;" in css


def test_frameworks_page_lists_each_kind_with_its_rules(built_site: BuiltSite) -> None:
    frameworks = page(built_site, "frameworks.html")
    for title in ("Stage de citoyenneté", "Stage de sensibilisation à la sécurité routière",
                  "Social training programme for adults"):
        assert title in frameworks
    assert "Le stage se déroule sur deux jours consécutifs." in frameworks
    assert "C. route art. R223-6" in visible_text(frameworks)
    # article numbers never break inside: French typography joins them with no-break spaces and hyphens
    raw = (built_site.site / "frameworks.html").read_text(encoding="utf-8")
    assert "art.\u00a0R223\u20116" in raw
    assert "C.\u00a0pén." in raw


def test_search_index_splits_words_at_apostrophes(built_site: BuiltSite) -> None:
    index = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    assert "'" in index["config"]["separator"] and "’" in index["config"]["separator"]
    hits = [doc["location"] for doc in index["docs"] if f"l'{UNIQUE_WORD}" in plain(doc["text"])]
    assert hits and all(h.startswith("programmes/stage-temoin/sessions/citoyen.html") for h in hits)


# -- the render function and the plugin, without downloads -----------------------------------


def test_render_returns_site_artifacts_only(tmp_path: Path) -> None:
    artifacts = files_of(render(quick_context(make_project(tmp_path / "p"))))
    assert all(path.startswith("site/") for path in artifacts)
    assert "site/programmes/stage-temoin/sessions/citoyen.html" in artifacts
    programme = artifacts["site/programmes/stage-mini/index.html"].decode()
    assert "downloads/" not in programme
    assert "Aucun support n'est joint à ce programme." in plain(visible_text(programme))


def test_start_time_option_moves_the_run_sheet(tmp_path: Path) -> None:
    ctx = quick_context(make_project(tmp_path / "p"))
    ctx.start_time = 8 * 60 + 30
    artifacts = files_of(render(ctx))
    session = artifacts["site/programmes/stage-temoin/sessions/accueil.html"].decode()
    assert "08:30–10:30" in session


def test_an_organisation_template_replaces_the_default(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    org = tmp_path / "org"
    (org / "site").mkdir(parents=True)
    default = (REPO / "templates" / "site" / "session.md.j2").read_text(encoding="utf-8")
    (org / "site" / "session.md.j2").write_text(default.replace("## {{ labels.objectives }}", "## Buts (version maison)"),
                                                encoding="utf-8")
    ctx = RenderContext(project=load_project(root), template_dirs=(org,))
    ctx.produced.update({"guides": [], "decks": []})
    session = files_of(render(ctx))["site/programmes/stage-mini/sessions/matin.html"].decode()
    assert "Buts (version maison)" in session


def test_a_broken_template_is_a_template_problem_naming_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    org = tmp_path / "org"
    (org / "site").mkdir(parents=True)
    (org / "site" / "programme.md.j2").write_text("# {{ programme.title }\n", encoding="utf-8")
    ctx = RenderContext(project=load_project(root), template_dirs=(org,))
    ctx.produced.update({"guides": [], "decks": []})
    with pytest.raises(TemplateProblem) as raised:
        render(ctx)
    problem = raised.value.problem
    assert problem.location.path == str(org / "site" / "programme.md.j2") and problem.location.line == 1
    assert problem.message == "template syntax error: unexpected '}'"


def test_a_failed_site_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    out = tmp_path / "out"
    problems, _ = run_build(BuildOptions(root=root, out=out, targets=("site",)))
    assert not [p for p in problems if p.severity.value == "error"]
    before = (out / "site" / "index.html").read_bytes()
    org = tmp_path / "org"
    (org / "site").mkdir(parents=True)
    (org / "site" / "catalogue.md.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    problems, _ = run_build(BuildOptions(root=root, out=out, targets=("site",), template_dirs=(org,)))
    assert [p.format() for p in problems if p.severity.value == "error"] == [
        f"{org / 'site' / 'catalogue.md.j2'}:1:1: error[template]: 'no_such_value' is undefined"
    ]
    assert (out / "site" / "index.html").read_bytes() == before


def test_unknown_marker_is_a_problem_located_in_the_page(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    (root / "site" / "index.md").write_text("# Accueil\n\nTexte  <!-- stagecraft:catalog -->\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        render(quick_context(root))
    [problem] = raised.value.problems
    assert problem.location.path.endswith("site/index.md")
    assert (problem.location.line, problem.location.column) == (3, 8)
    assert problem.message == "unknown marker 'catalog' (expected one of: catalogue, frameworks, reference)"


# -- mkdocs itself --------------------------------------------------------------------------


def engine(root: Path, *args: str, name: str = "properdocs") -> subprocess.CompletedProcess[str]:
    """The engine's own command line, as a designer runs it (no environment variable set)."""
    env = {k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k}
    return subprocess.run([sys.executable, "-m", name, *args, "-f", "mkdocs.yml"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_mkdocs_build_strict_from_mkdocs_yml_renders_downloads(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    result = engine(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "end of life" not in result.stderr + result.stdout and "MkDocs 2" not in result.stderr + result.stdout
    built = root / "site-build"
    assert (built / "downloads" / "guides" / "stage-mini.pdf").read_bytes().startswith(b"%PDF")
    assert (built / "downloads" / "decks" / "stage-mini" / "matin.pptx").is_file()
    assert 'href="../../downloads/guides/stage-mini.pdf"' in (built / "programmes/stage-mini/index.html").read_text()
    assert not list((root / "site").rglob("programmes"))  # nothing generated lands in the docs folder


@pytest.mark.slow
def test_mkdocs_build_strict_of_the_repository_passes(tmp_path: Path) -> None:
    """The shipped programmes, straight from the repository's mkdocs.yml (renders every guide and deck)."""
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr
    shipped = sorted(p.stem for p in (REPO / "curricula" / "programmes").glob("*.yaml"))
    for programme in shipped:
        assert (tmp_path / "site" / "programmes" / programme / "index.html").is_file()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
        return response.read().decode("utf-8")


def wait_for(url: str, wanted: str, seconds: float = 60) -> str:
    import time
    import urllib.error

    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if wanted in last:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{wanted!r} not served at {url} within {seconds} s")


def test_mkdocs_serve_reloads_after_a_yaml_or_template_edit(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.copytree(REPO / "site", root / "site")
    (root / "org" / "site").mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - stagecraft\n" in config
    (root / "mkdocs.yml").write_text(
        config.replace("  - stagecraft\n", "  - stagecraft:\n      templates: [org]\n"), encoding="utf-8"
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "properdocs", "serve", "-f", "mkdocs.yml", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/programmes/stage-mini/sessions/matin.html"
        first = wait_for(url, "Les produits et leurs effets")
        assert "downloads/" not in first  # the preview renders no PDF
        yaml_file = root / "curricula" / "programmes" / "stage-mini.yaml"
        yaml_file.write_text(
            yaml_file.read_text(encoding="utf-8").replace("Les produits et leurs effets", "Produits, effets et risques"),
            encoding="utf-8",
        )
        wait_for(url, "Produits, effets et risques")
        default = (REPO / "templates" / "site" / "session.md.j2").read_text(encoding="utf-8")
        (root / "org" / "site" / "session.md.j2").write_text(
            default.replace("## {{ labels.run_sheet }}", "## Minutage détaillé"), encoding="utf-8"
        )
        wait_for(url, "Minutage détaillé")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("name", ["properdocs", "mkdocs"])
def test_engine_build_fails_on_a_programme_with_errors(tmp_path: Path, name: str) -> None:
    root = make_project(tmp_path / "p")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    mini = root / "curricula" / "programmes" / "stage-mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("fee_eur: 190", "fee_eur: 900"), encoding="utf-8")
    result = engine(root, "build", name=name)  # not even --strict: an invalid programme is never published
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "stagecraft: the programmes have errors:" in output
    assert "stage-mini.yaml:" in output and "error[fee]: fee_eur: expected at most 450 EUR, got 900 EUR" in output
    assert not (root / "site-build" / "index.html").exists()


def test_each_supported_engine_builds_the_same_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine matrix: `stagecraft build --only site` with ProperDocs (default) and with MkDocs 1.6."""
    root = make_project(tmp_path / "p")
    pages = {}
    for name in ("properdocs", "mkdocs"):
        monkeypatch.setenv("STAGECRAFT_SITE_ENGINE", name)
        artifacts = files_of(render(quick_context(root)))
        pages[name] = sorted(path for path in artifacts if path.endswith(".html"))
        assert "site/programmes/stage-mini/sessions/matin.html" in pages[name]
        assert b"stagecraft: accent-blind search" in next(
            data for path, data in artifacts.items() if "/workers/search" in path and path.endswith(".js")
        )
    assert pages["properdocs"] == pages["mkdocs"]
    assert len(pages["properdocs"]) > 20


def test_an_unknown_engine_is_a_located_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAGECRAFT_SITE_ENGINE", "zensical-nightly")
    with pytest.raises(ProblemsFound) as raised:
        render(quick_context(make_project(tmp_path / "p")))
    assert [p.format() for p in raised.value.problems] == [
        "STAGECRAFT_SITE_ENGINE: error[site-engine]: expected one of: properdocs, mkdocs, got 'zensical-nightly'"
    ]


def test_the_same_commit_gives_the_same_site_bytes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    first = files_of(render(quick_context(root)))
    second = files_of(render(quick_context(root)))
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    sitemap = first["site/sitemap.xml"].decode()
    assert "<loc>programmes/stage-mini/sessions/matin.html</loc>" in sitemap and "<loc>index.html</loc>" in sitemap


def test_a_site_build_with_nothing_changed_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, targets=("site",), quiet=True)
    problems, _ = run_build(options)
    assert [p for p in problems if p.severity.value == "error"] == []
    first = (out / "site" / "index.html").read_bytes()
    import builder.site.engine as site_engine

    runs: list[Path] = []

    def engine_ran(settings: object, docs: Path, site: Path, generated: str, name: str | None = None,
                   dirty: bool = False) -> list:
        runs.append(docs)
        return []

    monkeypatch.setattr(site_engine, "build", engine_ran)
    problems, summary = run_build(options)
    assert [p for p in problems if p.severity.value == "error"] == []
    assert runs == []  # nothing changed: no engine ran
    assert "site unchanged" in summary
    assert (out / "site" / "index.html").read_bytes() == first
    mini = root / "curricula" / "programmes" / "stage-mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("format court", "format bref"), encoding="utf-8")
    run_build(options)
    assert len(runs) == 1  # an edit runs the engine again


def test_french_pages_keep_french_typography(built_site: BuiltSite) -> None:
    """No plain space before : ; ? ! or inside « » on a French page; the YAML's plain spaces became no-break ones."""
    for path in ("programmes/stage-mini/index.html", "programmes/stage-mini/sessions/matin.html"):
        text = visible_text((built_site.site / path).read_text(encoding="utf-8"))
        assert re.findall(r"\w [:;?!](?=\s|$)|« | »", text) == [], path
    session = visible_text((built_site.site / "programmes/stage-mini/sessions/matin.html").read_text(encoding="utf-8"))
    assert "surpris\u202f?" in session  # typed "surpris ?" in the YAML
    assert "d\u2019être" in session and "d'être" not in session


def rendered_pages(root: Path) -> dict[Path, int]:
    """The engine's HTML output of the last site build (kept in the project's cache folder), with times."""
    folder = root / ".stagecraft-cache" / "site-engine" / "site"
    return {path.relative_to(folder): path.stat().st_mtime_ns for path in folder.rglob("*.html")}


def test_an_edit_to_one_programme_renders_only_that_programmes_pages_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, targets=("site",), quiet=True)
    problems, summary = run_build(options)
    assert [p.format() for p in problems if p.severity.value == "error"] == []
    before = rendered_pages(root)
    assert f"site: {len(before)} pages rendered, " in summary  # the first build renders every page
    mini = root / "curricula" / "programmes" / "stage-mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("format court", "format bref"), encoding="utf-8")
    problems, summary = run_build(options)
    assert [p.format() for p in problems if p.severity.value == "error"] == []
    after = rendered_pages(root)
    assert sorted(after) == sorted(before)
    again = sorted(str(path) for path in after if after[path] != before[path])
    assert f"site: {len(again)} of {len(after)} pages rendered again, " in summary  # what the engine wrote
    assert again == [
        "404.html", "frameworks.html", "getting-started.html", "index.html",  # hand-written: always rendered
        "programmes/stage-mini/index.html",
        "programmes/stage-mini/sessions/apres-midi.html",
        "programmes/stage-mini/sessions/matin.html",
        "reference.html",
    ]
    assert "format bref" in plain(visible_text((out / "site" / "programmes/stage-mini/index.html").read_text(encoding="utf-8")))
    # the search index still holds every page: the edited one's new text and the others' untouched entries
    index = json.loads((out / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {entry["location"].partition("#")[0] for entry in index["docs"]}
    assert {"programmes/stage-temoin/sessions/citoyen.html", "programmes/reso-mini/index.html"} <= pages
    assert any("format bref" in plain(entry["text"]) for entry in index["docs"])
    assert not any("format court" in plain(entry["text"]) for entry in index["docs"])
    # the same bytes as a build from nothing
    incremental = {p.relative_to(out): p.read_bytes() for p in (out / "site").rglob("*") if p.is_file()}
    fresh = tmp_path / "fresh"
    forget(root)  # the site from nothing; guides and decks still from the cache (decks' zip times differ)
    run_build(BuildOptions(root=root, out=fresh, targets=("site",), quiet=True))
    assert all(rendered_pages(root)[path] != after[path] for path in after)
    full = {p.relative_to(fresh): p.read_bytes() for p in (fresh / "site").rglob("*") if p.is_file()}
    assert sorted(incremental) == sorted(full)
    assert [str(path) for path in full if full[path] != incremental[path]] == []


def test_a_new_programme_or_a_failed_build_makes_the_next_site_build_a_full_one(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, targets=("site",), quiet=True)
    run_build(options)
    before = rendered_pages(root)
    shutil.copy(root / "curricula" / "programmes" / "stage-mini.yaml", root / "curricula" / "programmes" / "stage-mini-2.yaml")
    copy = root / "curricula" / "programmes" / "stage-mini-2.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("id: stage-mini", "id: stage-mini-2"), encoding="utf-8")
    problems, summary = run_build(options)
    assert [p.format() for p in problems if p.severity.value == "error"] == []
    after = rendered_pages(root)
    assert all(after[path] != before[path] for path in before)  # the page list changed: every page again
    assert f"site: {len(after)} pages rendered, " in summary
    assert Path("programmes/stage-mini-2/index.html") in after
    # a site build that fails (a broken template) leaves build/ alone and the next build renders everything
    org = tmp_path / "org"
    (org / "site").mkdir(parents=True)
    (org / "site" / "session.md.j2").write_text("{{ nothing_here }}\n", encoding="utf-8")
    problems, _ = run_build(BuildOptions(root=root, out=out, targets=("site",), quiet=True, template_dirs=(org,)))
    assert [p.rule for p in problems if p.severity.value == "error"] == ["template"]
    assert (out / "site" / "programmes" / "stage-mini-2" / "index.html").is_file()
    failed = rendered_pages(root)
    assert [p.format() for p in run_build(options)[0] if p.severity.value == "error"] == []
    last = rendered_pages(root)
    assert all(last[path] != failed[path] for path in failed)


def mkdocs_executable() -> list[str]:
    """MkDocs' own `mkdocs` command (its console script), run by the interpreter Stagecraft is installed in.

    In a virtual environment made with --system-site-packages the script sits beside the base interpreter.
    """
    for folder in (Path(sys.executable).parent, Path(sys.base_prefix) / "bin"):
        if (folder / "mkdocs").is_file():
            return [sys.executable, str(folder / "mkdocs")]
    return [require_tool("mkdocs", "the `mkdocs` command a designer may type")]


BANNERS = ("end of life", "MkDocs 2", "Zensical", "recommending ProperDocs", "switch to *ProperDocs*",
           "MkDocs may break", "NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")
"""What mkdocs-material's end-of-life banner and ProperDocs' plugin notice print."""

ENGINE_LINE = "INFO    -  Stagecraft: this site's default engine is ProperDocs"


def banner_env() -> dict[str, str]:
    """This environment without either variable that turns the banners off, as a designer's shell has it."""
    return {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}


def site_project(tmp_path: Path, how: str) -> Path:
    """A project with programmes and the site's mkdocs.yml: the test project with the repository's
    mkdocs.yml, or one made by `stagecraft init`."""
    if how == "init":
        made = subprocess.run([sys.executable, "-m", "builder", "init", "asso"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert made.returncode == 0, made.stderr
        return tmp_path / "asso"
    root = make_project(tmp_path / "p")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    return root


def mkdocs_build(root: Path) -> str:
    """`mkdocs build` in ``root`` with neither banner variable set (it must succeed); what it printed."""
    built = subprocess.run([*mkdocs_executable(), "build"], cwd=root, env=banner_env(), capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    return built.stdout + built.stderr


def mkdocs_serve(root: Path, log: Path, while_serving: Callable[[], None] = lambda: None) -> tuple[int, str]:
    """`mkdocs serve` in ``root`` with neither banner variable set, until it answers and ``while_serving``
    returns; its port and what it printed."""
    port = free_port()
    with log.open("wb") as sink:
        server = subprocess.Popen([*mkdocs_executable(), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                                  env=banner_env(), stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_for(f"http://127.0.0.1:{port}/", "<html")
            while_serving()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return port, log.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["repository", "init"])
def test_mkdocs_serve_and_build_print_no_end_of_life_banner(tmp_path: Path, how: str) -> None:
    """Typing `mkdocs build` or `mkdocs serve`, with no variable set: one plain line, no banner."""
    root = site_project(tmp_path, how)
    if how == "init":  # the editor knows the tag (VS Code's YAML extension flags unknown ones)
        tags = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.customTags"]
        assert "engine: !!python/name:builder.site.engine_notice.ENGINE" in (root / "mkdocs.yml").read_text()
        assert tags == ["tag:yaml.org,2002:python/name:builder.site.engine_notice.ENGINE"]
    output = mkdocs_build(root)
    assert [banner for banner in BANNERS if banner in output] == []
    assert output.count(ENGINE_LINE) == 1
    assert (root / "site-build" / "index.html").is_file()
    port, served = mkdocs_serve(root, tmp_path / "serve.log")
    assert f"Serving on http://127.0.0.1:{port}/" in served
    assert [banner for banner in BANNERS if banner in served] == []
    assert served.count(ENGINE_LINE) == 1


def test_a_mkdocs_yml_without_the_engine_line_says_which_line_to_add(tmp_path: Path) -> None:
    """A mkdocs.yml written before the engine line existed: `mkdocs build` shows the banner (the theme is
    imported before any plugin), then one line saying what to add; `properdocs build` says nothing of it."""
    from builder.site.engine_notice import MISSING_LINE

    root = site_project(tmp_path, "repository")
    config = root / "mkdocs.yml"
    line = "  engine: !!python/name:builder.site.engine_notice.ENGINE\n"
    assert line in config.read_text(encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(line, ""), encoding="utf-8")
    output = mkdocs_build(root)
    assert "end of life" in output and output.count(MISSING_LINE) == 1 and ENGINE_LINE not in output
    assert "add `engine: !!python/name:builder.site.engine_notice.ENGINE` under `extra:`" in output
    proper = subprocess.run([sys.executable, "-m", "properdocs", "build"], cwd=root, env=banner_env(),
                            capture_output=True, text=True, timeout=600)
    assert proper.returncode == 0, proper.stderr[-3000:]
    assert MISSING_LINE not in proper.stdout + proper.stderr
    log = tmp_path / "serve.log"

    def edit_and_wait_for_the_rebuild() -> None:  # `mkdocs serve` reads mkdocs.yml again at each rebuild
        programme = root / "curricula" / "programmes" / "stage-mini.yaml"
        programme.write_text(programme.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while log.read_text(encoding="utf-8").count("Documentation built") < 2 and time.monotonic() < deadline:
            time.sleep(0.3)

    _, served = mkdocs_serve(root, log, edit_and_wait_for_the_rebuild)
    assert served.count("Documentation built") >= 2, served[-3000:]
    assert served.count(MISSING_LINE) == 1


def test_the_docs_give_only_site_commands_that_print_no_end_of_life_notice() -> None:
    """The docs a designer reads (README, the site's getting-started page, the README of `stagecraft init`)
    give `properdocs …` or `stagecraft build`, the default engine's commands; `mkdocs serve|build` work and
    print no banner either (checked above), and the README says how."""
    from builder.toolkit.scaffold import README as init_readme

    texts = {
        "README.md": (REPO / "README.md").read_text(encoding="utf-8"),
        "site/getting-started.md": (REPO / "site" / "getting-started.md").read_text(encoding="utf-8"),
        "stagecraft init README": init_readme,
    }
    command = re.compile(r"^\s*(?:\$\s*)?mkdocs\s+(serve|build|gh-deploy)\b|previews? it with `mkdocs", re.MULTILINE)
    assert {name: command.findall(text) for name, text in texts.items()} == {name: [] for name in texts}
    assert "properdocs serve -f mkdocs.yml" in texts["stagecraft init README"]
    assert "properdocs serve -f mkdocs.yml" in texts["site/getting-started.md"]
    assert "`mkdocs build` works too, without the banner" in texts["README.md"]
