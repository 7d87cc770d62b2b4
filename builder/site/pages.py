"""The site as Markdown: a pure function of the project.

:func:`generate` takes the validated project (a :class:`RenderContext`), the
hand-written pages (their Markdown, by docs path), the downloads and the
programmes that failed validation, and returns every page of the site as
Markdown: one page per programme and per session, an error page per programme
with errors, and the hand-written pages with their ``<!-- stagecraft:NAME -->``
markers filled (``catalogue``, ``frameworks``, ``reference``). Nothing here
reads or writes files or knows the engine: ``stagecraft build`` writes the pages
as plain files for the engine, the plugin hands them to ``mkdocs serve``.

Navigation is bounded: the engine's navigation holds the hand-written pages
only; programme and session pages are reached from the catalogue and link to
each other (breadcrumb, previous and next session), so a page's size does not
grow with the library. Programme text is escaped by :mod:`builder.site.text`;
a programme's pages use labels in the programme's language, site-wide blocks
the site's language.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import jinja2
import yaml
from markupsafe import Markup

from builder.model.framework import Framework
from builder.model.programme import Programme
from builder.model.schedule import TimedSession
from builder.problems import Location, Problem, Severity
from builder.render import fmt as formats
from builder.render.context import BuildStamp, Labels, ProgrammeView, RenderContext, TemplateProblem
from builder.render.handout_data import documents_of_session
from builder.render.preparation import preparations
from builder.site import text
from builder.site.cohorts import upcoming_block
from builder.site.downloads import Download, handout_site_path
from builder.site.reference import model_docs
from builder.site.rules import rule_rows

MARKER = re.compile(r"<!--\s*stagecraft:([a-z-]+)\s*-->")
"""A hand-written page asks for a generated block with ``<!-- stagecraft:NAME -->``."""

GENERATED = "programmes/"
"""Every generated page lives under this docs folder (kept out of the engine's navigation)."""


def programme_uri(programme_id: str) -> str:
    """Source path (in the docs) of a programme's page."""
    return f"{GENERATED}{programme_id}/index.md"


def session_uri(programme_id: str, session_id: str) -> str:
    """Source path (in the docs) of a session's page."""
    return f"{GENERATED}{programme_id}/sessions/{session_id}.md"


class Fmt:
    """Helpers handed to the site templates as ``fmt``."""

    md = staticmethod(text.md)
    legal = staticmethod(text.legal)
    attr = staticmethod(text.attr)
    clock = staticmethod(formats.clock)
    span = staticmethod(formats.span)

    def __init__(self, language: str) -> None:
        self.language = language

    def duration(self, minutes: int) -> str:
        """A duration in the page's language (``2 h 30`` or ``2 h 30 min``)."""
        return formats.duration(minutes, self.language)

    def money(self, amount: float) -> str:
        """An amount in euros in the page's language (``12,50 €`` or ``€12.50``)."""
        return formats.money(amount, self.language)

    @staticmethod
    def meta(value: object) -> Markup:
        """A front-matter value: HTML-escaped (mkdocs-material prints ``title`` unescaped) and quoted."""
        return Markup(json.dumps(html.escape(text.collapse(value), quote=False), ensure_ascii=False))

    def date(self, day: dt.date) -> str:
        """A date in the page's language: ``23 mai 2024``, ``1ᵉʳ décembre 2025``, ``23 May 2024``."""
        return formats.date(day, self.language)

    def number(self, value: float) -> str:
        """A number with the page's decimal mark and grouping."""
        return formats.number(value, self.language)

    @staticmethod
    def count(value: int, singular: str, plural: str) -> str:
        """``1 séance``, ``3 séances``: the number and the word, with a no-break space between."""
        return formats.count(value, singular, plural)

    @staticmethod
    def group_size(low: int, high: int, labels: Labels) -> str:
        """``7 à 12 participants``."""
        return formats.group_size(low, high, labels)

    def stamp(self, stamp: BuildStamp, labels: Labels) -> str:
        """The revision line: ``Révision 0aed185 du 23/05/2024`` or the uncommitted-changes label."""
        if stamp.commit == "unknown":
            return labels["guide_commit_unknown"]
        line = f"{labels['commit']} {stamp.commit}"
        if stamp.dirty or stamp.date is None:
            return f"{line} ({labels['uncommitted']})"
        return f"{line} ({self.date(stamp.date)})"


@dataclass(frozen=True)
class FailedProgramme:
    """A programme file that did not validate: its id (the file name), title if known, and its errors."""

    id: str
    path: Path
    title: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class PhaseStep:
    """One phase on a programme's timeline."""

    title: str
    summary: str
    sessions: tuple[TimedSession, ...]
    days: tuple[int, ...]
    minutes: int


@dataclass
class SitePages:
    """Every page of one site build, as Markdown, with the engine's navigation."""

    pages: dict[str, str] = field(default_factory=dict)
    """Docs path -> Markdown: generated pages and the hand-written pages with their markers filled."""
    generated: set[str] = field(default_factory=set)
    """The docs paths that Stagecraft made (not hand-written)."""
    nav: list[Any] | None = None
    """The engine's navigation: the hand-written nav unchanged (generated pages stay out of it)."""
    downloads: list[Download] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Problems in the hand-written pages (an unknown marker), located in the page."""
    programme_pages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Programme id -> the docs paths of its pages (generated now or kept from the previous build)."""
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Programme id -> its catalogue card's values (plain JSON values, so a later build can reuse them)."""


@dataclass(frozen=True)
class Kept:
    """A programme whose pages the caller still has from its previous build (its inputs did not change)."""

    pages: tuple[str, ...]
    """The docs paths of its pages, already written."""
    row: Mapping[str, Any]
    """Its catalogue card's values, as :attr:`SitePages.rows` gave them."""


def timeline(view: ProgrammeView) -> list[PhaseStep]:
    """The programme's phases in order, each with its sessions, days and training time."""
    steps = []
    for phase in view.programme.phases:
        timed = tuple(t for t in view.sessions if t.session.phase == phase.id)
        minutes = sum(t.training_minutes for t in timed)
        steps.append(
            PhaseStep(phase.title, phase.summary, timed, tuple(sorted({view.training_day(t.day) for t in timed})), minutes)
        )
    return steps


def _days_text(days: tuple[int, ...], labels: Mapping[str, str]) -> str:
    return formats.day_list(days, labels["day"], labels["site_days"])


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one docs file to another (the engine resolves it and checks it)."""
    depth = from_uri.count("/")
    return "../" * depth + to_uri


def programme_page(ctx: RenderContext, view: ProgrammeView, downloads: list[Download], site: "_Site | str") -> str:
    """The Markdown of a programme's page (``site``: what the build shares, or just the site's language)."""
    site = _site(site)
    programme = view.programme
    uri = programme_uri(programme.id)
    sessions = [
        {
            "timed": t,
            "link": relative(uri, session_uri(programme.id, t.session.id)),
            "phase": (programme.phase(t.session.phase) or programme.phases[0]).title,
        }
        for t in view.sessions
    ]
    steps = timeline(view)
    links = {t.session.id: relative(uri, session_uri(programme.id, t.session.id)) for t in view.sessions}
    prepared = [  # outings and external contributors, in delivery order, with a link to their session
        {"timed": t, "link": links[t.session.id], "activity": activity, "preparation": prep}
        for t in view.sessions
        for activity in t.session.activities
        for prep in preparations(activity, view.labels)
    ]
    return ctx.render_template(
        "site/programme.md.j2",
        view=view,
        programme=programme,
        kind=view.kind,
        framework=view.framework,
        labels=view.labels,
        fmt=Fmt(programme.language),
        rules=rule_rows(view.rules, view.labels, programme),
        steps=[{"step": s, "days": _days_text(s.days, view.labels)} for s in steps],
        sessions=sessions,
        preparations=prepared,
        guides=[{"d": d, "link": relative(uri, d.site_path)} for d in downloads if d.kind == "guide"],
        decks=[
            {"d": d, "link": relative(uri, d.site_path), "title": _deck_title(d, programme, view.labels)}
            for d in sorted((d for d in downloads if d.kind == "deck"), key=lambda d: _deck_order(d, programme))
        ],
        participant_docs=participant_links(uri, programme, view.labels, downloads),
        foreign=programme.language != site.language,
        stamp=site.stamps.get(programme.id, ctx.stamp),
        source=view.loaded.path.name,
        home=relative(uri, site.home),
        preview=site.preview,
        cohorts=upcoming_block(ctx.project, programme.id, view.labels, dt.date.today()),
    )


def participant_links(
    uri: str, programme: Programme, labels: Mapping[str, str], downloads: list[Download], session: str | None = None
) -> list[dict[str, str]]:
    """Links to the printed participant documents: a session's pack then its documents, or all of them.

    Only files the handouts renderer produced are linked (none in a pages-only preview).
    """
    files = {d.name: d for d in downloads if d.kind == "participant"}
    links: list[dict[str, str]] = []
    if session is not None:
        pack = files.get(f"{session}.pdf")
        if pack is not None:
            links.append({"title": labels["handout_pack"], "link": relative(uri, pack.site_path)})
        handouts = documents_of_session(programme, session)
    else:
        handouts = list(programme.handouts)
    for handout in handouts:
        found = files.get(f"{handout.id}.pdf")
        if found is not None:
            links.append({"title": handout.participant.title, "link": relative(uri, found.site_path)})
    return links


def _deck_order(download: Download, programme: Programme) -> tuple[int, str]:
    """Programme-wide decks first, then session decks in session order."""
    ids = [s.id for s in programme.sessions]
    return (ids.index(download.session) + 1 if download.session in ids else 0, download.name)


def _deck_title(download: Download, programme: Programme, labels: Mapping[str, str]) -> str:
    """A deck's title: its session's number and title, the overview label, or its file name."""
    for number, session in enumerate(programme.sessions, start=1):
        if session.id == download.session:
            return f"{number}. {session.title}"
    if download.name == "overview.pptx":  # builder.render.decks.OVERVIEW
        return labels["overview"]
    return download.name


def session_page(
    ctx: RenderContext, view: ProgrammeView, timed: TimedSession, downloads: list[Download], site: "_Site | str"
) -> str:
    """The Markdown of one session's page, with links to the programme and its neighbours."""
    site = _site(site)
    programme = view.programme
    uri = session_uri(programme.id, timed.session.id)
    phase = programme.phase(timed.session.phase)
    index = timed.number - 1
    sessions = view.sessions

    def neighbour(position: int) -> dict[str, Any] | None:
        if 0 <= position < len(sessions):
            other = sessions[position]
            return {"timed": other, "link": relative(uri, session_uri(programme.id, other.session.id))}
        return None

    return ctx.render_template(
        "site/session.md.j2",
        view=view,
        programme=programme,
        timed=timed,
        session=timed.session,
        preparations=lambda activity: preparations(activity, view.labels),
        phase=phase.title if phase else timed.session.phase,
        labels=view.labels,
        fmt=Fmt(programme.language),
        programme_link=relative(uri, programme_uri(programme.id)),
        home=relative(uri, site.home),
        previous=neighbour(index - 1),
        next=neighbour(index + 1),
        count=len(sessions),
        decks=[
            {"d": d, "link": relative(uri, d.site_path)}
            for d in downloads
            if d.kind == "deck" and d.session == timed.session.id
        ],
        participant_docs=participant_links(uri, programme, view.labels, downloads, timed.session.id),
        handout_links={
            ref: relative(uri, handout_site_path(view.loaded.path, ref, ctx.project.root.resolve()))
            for activity in timed.session.activities
            for ref in activity.handout_files()
        },
        foreign=programme.language != site.language,
    )


def error_page(ctx: RenderContext, failed: FailedProgramme, site: "_Site") -> str:
    """The page of a programme with errors (preview only): its problems, as ``stagecraft validate`` prints them."""
    labels = ctx.labels(site.language)
    return ctx.render_template(
        "site/errors.md.j2",
        failed=failed,
        problems=[p.format() for p in failed.problems],
        labels=labels,
        fmt=Fmt(site.language),
        home=relative(programme_uri(failed.id), site.home),
    )


def catalogue_row(view: ProgrammeView, labels: Labels, fmt: Fmt, site: "_Site") -> dict[str, Any]:
    """One programme's catalogue card: plain strings, numbers and booleans (stored between builds)."""
    programme = view.programme
    return {
        "id": str(programme.id),
        "title": str(programme.title),
        "summary": str(text.first_sentence(programme.summary)),
        "framework": str(view.framework.id),
        "framework_title": str(view.framework.title),
        "kind": str(programme.kind),
        "kind_title": str(view.kind.title),
        "kind_shown": "" if _contains(programme.title, view.kind.title) else str(view.kind.title),
        "language": str(programme.language),
        "language_name": str(labels[f"site_language_{programme.language}"]),
        "sessions": len(view.sessions),
        "hours": str(fmt.duration(view.total_minutes)),
        "foreign": programme.language != site.language,
        "errors": 0,
    }


def catalogue_block(ctx: RenderContext, cards: Mapping[str, Mapping[str, Any]], site: "_Site", from_uri: str) -> str:
    """The catalogue of every programme (its card values in ``cards``) and every programme with errors."""
    labels = ctx.labels(site.language)
    fmt = Fmt(site.language)
    rows: list[dict[str, Any]] = [
        {**card, "link": relative(from_uri, programme_uri(str(card["id"])))} for card in cards.values()
    ]
    for failed in site.failed:
        rows.append(
            {
                "id": failed.id,
                "title": failed.title or failed.id,
                "link": relative(from_uri, programme_uri(failed.id)),
                "summary": "",
                "framework": "",
                "framework_title": "",
                "kind": "",
                "kind_title": "",
                "kind_shown": "",
                "language": "",
                "language_name": "",
                "sessions": 0,
                "hours": "",
                "foreign": False,
                "errors": sum(1 for p in failed.problems if p.severity is Severity.ERROR),
            }
        )
    rows.sort(key=lambda r: (text.collapse(r["title"]).casefold(), r["id"]))
    frameworks = sorted({(r["framework"], r["framework_title"]) for r in rows if r["framework"]})
    kinds = sorted({(r["kind"], r["kind_title"]) for r in rows if r["kind"]}, key=lambda k: str(k[1]).casefold())
    languages = sorted({(r["language"], r["language_name"]) for r in rows if r["language"]})
    return ctx.render_template(
        "site/catalogue.md.j2",
        rows=rows,
        frameworks=frameworks,
        kinds=kinds,
        languages=languages,
        labels=labels,
        fmt=fmt,
    )


def _contains(title: str, kind: str) -> bool:
    """True when a programme's title already names its kind (the card then does not repeat it)."""
    return text.collapse(kind).casefold().replace("’", "'") in text.collapse(title).casefold().replace("’", "'")


def frameworks_block(ctx: RenderContext, frameworks: list[Framework], site: "_Site") -> str:
    """Each framework with its rules and kinds, in the framework's own language."""
    sections = []
    for framework in frameworks:
        labels = ctx.labels(framework.language)
        sections.append(
            {
                "framework": framework,
                "labels": labels,
                "fmt": Fmt(framework.language),
                "rules": rule_rows(framework.rules, labels),
                "kinds": [
                    {"id": kind_id, "kind": kind, "rules": rule_rows(kind.rules, labels)}
                    for kind_id, kind in framework.kinds.items()
                ],
                "foreign": framework.language != site.language,
            }
        )
    return ctx.render_template("site/frameworks.md.j2", sections=sections)


def reference_block(ctx: RenderContext, site: "_Site") -> str:
    """The YAML reference of programme and framework files, from the models, in the site's language."""
    from builder.model.framework import Framework as FrameworkModel

    labels = ctx.labels(site.language)
    texts = reference_texts(ctx, site.language)
    return ctx.render_template(
        "site/reference.md.j2",
        labels=labels,
        fmt=Fmt(site.language),
        programme_models=model_docs(Programme, labels, texts),
        framework_models=model_docs(FrameworkModel, labels, texts),
    )


def reference_texts(ctx: RenderContext, language: str) -> dict[str, Any]:
    """The YAML reference's headings and descriptions in ``language`` (template ``site/reference.<lang>.yaml``).

    English sites need none (the models are written in English). A broken file is a template problem.
    """
    name = f"site/reference.{language}.yaml"
    loader = ctx.env.loader
    if loader is None:
        return {}
    try:
        source, filename, _ = loader.get_source(ctx.env, name)
    except jinja2.TemplateNotFound:
        return {}
    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(filename or name, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)
        raise TemplateProblem(f"not valid YAML: {getattr(exc, 'problem', exc)}", where) from None
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class _Site:
    """What every page of one build shares."""

    language: str
    home: str
    failed: tuple[FailedProgramme, ...]
    stamps: Mapping[str, BuildStamp]
    preview: bool


def _site(site: "_Site | str") -> _Site:
    """``site`` itself, or a site in that language with nothing else known (a page rendered alone)."""
    return site if isinstance(site, _Site) else _Site(site, "index.md", (), {}, False)


def generate(
    ctx: RenderContext,
    *,
    language: str,
    documents: Mapping[str, str],
    nav: list[Any] | None = None,
    downloads: Sequence[Download] = (),
    failed: Sequence[FailedProgramme] = (),
    stamps: Mapping[str, BuildStamp] | None = None,
    home: str = "index.md",
    preview: bool = False,
    into: dict[str, str] | None = None,
    kept: Mapping[str, Kept] | None = None,
) -> SitePages:
    """Every page of the site as Markdown (see the module docstring).

    ``documents`` are the hand-written pages (docs path -> Markdown); ``nav`` the
    engine's navigation as configured (``None``: the engine builds it from the
    files). ``stamps`` gives each programme's revision (the same as its guide's);
    ``preview`` says the site is a live preview (its pages say downloads are not
    joined). ``into`` is the mapping the pages are stored in (default: a new dict);
    ``stagecraft build`` passes one that writes each page out as it comes, so a large
    library's pages are never all held in memory. ``kept``: programmes (by id) whose pages
    the caller still has from a previous build with the same inputs; their pages are
    not made again (only listed) and their catalogue card comes from :class:`Kept`.
    A broken template or a missing label raises :class:`TemplateProblem`
    with the template's file and line; an unknown marker is a located problem in
    :attr:`SitePages.problems`.
    """
    try:
        return _generate(
            ctx, language, documents, nav, list(downloads), tuple(failed), stamps or {}, home, preview,
            {} if into is None else into, kept or {},
        )
    except KeyError as exc:
        labels = ctx.labels(language)
        raise TemplateProblem(str(exc.args[0]), Location(str(labels.file))) from None


def _generate(
    ctx: RenderContext,
    language: str,
    documents: Mapping[str, str],
    nav: list[Any] | None,
    downloads: list[Download],
    failed: tuple[FailedProgramme, ...],
    stamps: Mapping[str, BuildStamp],
    home: str,
    preview: bool,
    into: dict[str, str],
    kept: Mapping[str, Kept],
) -> SitePages:
    site = _Site(language, home, failed, stamps, preview)
    result = SitePages(pages=into, downloads=downloads, nav=nav)
    labels, fmt = ctx.labels(language), Fmt(language)
    programmes = sorted(ctx.project.programmes, key=lambda p: p.model.id)
    taken = {loaded.model.id for loaded in programmes}
    for loaded in programmes:
        programme_id = loaded.model.id
        if programme_id in kept:
            result.programme_pages[programme_id] = kept[programme_id].pages
            result.rows[programme_id] = dict(kept[programme_id].row)
            continue
        # One view at a time: its typeset copy of the programme and its schedule are freed with it,
        # so a large library's views are never all in memory.
        view = ctx.view(loaded)
        programme = view.programme
        own = [d for d in downloads if d.programme == programme.id]
        uris = [programme_uri(programme.id)]
        result.pages[uris[0]] = programme_page(ctx, view, own, site)
        for timed in view.sessions:
            uris.append(session_uri(programme.id, timed.session.id))
            result.pages[uris[-1]] = session_page(ctx, view, timed, own, site)
        result.programme_pages[programme_id] = tuple(uris)
        result.rows[programme_id] = catalogue_row(view, labels, fmt, site)
    for one in failed:
        if one.id not in taken:
            result.pages[programme_uri(one.id)] = error_page(ctx, one, site)
    result.generated = {*result.pages, *(uri for uris in result.programme_pages.values() for uri in uris)}
    cards = result.rows
    frameworks = [ctx.framework(framework_id) for framework_id in sorted(ctx.project.frameworks)]
    blocks: dict[str, Callable[[str], str]] = {
        "catalogue": lambda uri: catalogue_block(ctx, cards, site, uri),
        "frameworks": lambda uri: frameworks_block(ctx, frameworks, site),
        "reference": lambda uri: reference_block(ctx, site),
    }
    cache: dict[tuple[str, str], str] = {}
    for uri, markdown in documents.items():
        if uri in result.generated:
            result.problems.append(
                Problem(Location(uri), "site-generated-path", f"{uri} is generated by Stagecraft; remove or rename it")
            )
            continue
        filled = fill_markers(uri, markdown, blocks, cache, result.problems)
        if filled != markdown:
            result.pages[uri] = filled
    return result


def fill_markers(
    uri: str,
    markdown: str,
    blocks: Mapping[str, Callable[[str], str]],
    cache: dict[tuple[str, str], str],
    problems: list[Problem],
) -> str:
    """``markdown`` with each known marker replaced by its block; unknown markers become problems."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in blocks:
            line = markdown.count("\n", 0, match.start()) + 1
            column = match.start() - (markdown.rfind("\n", 0, match.start()) + 1) + 1
            problems.append(
                Problem(
                    Location(uri, line, column),
                    "site-marker",
                    f"unknown marker '{name}' (expected one of: {', '.join(sorted(blocks))})",
                )
            )
            return match.group(0)
        key = (name, uri.count("/") and uri.rsplit("/", 1)[0] or "")
        if key not in cache:
            cache[key] = blocks[name](uri)
        return cache[key]

    return MARKER.sub(fill, markdown)
