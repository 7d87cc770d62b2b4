"""The generated Markdown of the site: one page per programme and per session, and
the blocks that fill the hand-written pages' markers.

Pure: views and labels in, Markdown text out, through the overridable templates
under ``templates/site/``. Programme text is escaped by :mod:`builder.site.text`.
A programme's pages use labels in the programme's language; site-wide blocks
(catalogue, reference) use the site's language.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from markupsafe import Markup

from builder.model.duration import format_clock, format_duration
from builder.model.framework import Framework
from builder.model.programme import Programme
from builder.model.schedule import TimedSession
from builder.render.context import ProgrammeView, RenderContext, TemplateProblem
from builder.render.handout_data import documents_of_session
from builder.site import text
from builder.site.cohorts import upcoming_block
from builder.site.downloads import Download, handout_site_path
from builder.site.reference import model_docs
from builder.site.rules import rule_rows

MARKER = re.compile(r"<!--\s*stagecraft:([a-z-]+)\s*-->")
"""A hand-written page asks for a generated block with ``<!-- stagecraft:NAME -->``."""


def programme_uri(programme_id: str) -> str:
    """Source path (in the docs) of a programme's page."""
    return f"programmes/{programme_id}/index.md"


def session_uri(programme_id: str, session_id: str) -> str:
    """Source path (in the docs) of a session's page."""
    return f"programmes/{programme_id}/sessions/{session_id}.md"


class Fmt:
    """Helpers handed to the site templates as ``fmt``."""

    md = staticmethod(text.md)
    attr = staticmethod(text.attr)
    clock = staticmethod(format_clock)

    def __init__(self, language: str) -> None:
        self.language = language

    def duration(self, minutes: int) -> str:
        """A duration in the page's language (``2 h 30`` or ``2 h 30 min``)."""
        return format_duration(minutes, self.language)

    def span(self, start: int, end: int) -> str:
        """A clock span ``09:00–12:00``."""
        return f"{format_clock(start)}–{format_clock(end)}"

    @staticmethod
    def meta(value: object) -> Markup:
        """A front-matter value: HTML-escaped (mkdocs-material prints ``title`` unescaped) and quoted."""
        return Markup(json.dumps(html.escape(" ".join(str(value).split()), quote=False), ensure_ascii=False))

    def date(self, day: dt.date) -> str:
        """A date as readers of the page's language write it: ``23/05/2024`` or ``2024-05-23``."""
        return f"{day.day:02d}/{day.month:02d}/{day.year}" if self.language == "fr" else day.isoformat()

    def number(self, value: float) -> str:
        """A number without a useless ``.0``, with the page's decimal mark."""
        shown = f"{value:g}"
        return shown.replace(".", ",") if self.language == "fr" else shown


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
    """Everything the plugin adds to one build."""

    pages: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, Callable[[str], str]] = field(default_factory=dict)
    """Marker name -> a function of the docs path of the page holding the marker."""
    nav: list[dict[str, Any]] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)


def timeline(view: ProgrammeView) -> list[PhaseStep]:
    """The programme's phases in order, each with its sessions, days and training time."""
    steps = []
    for phase in view.programme.phases:
        timed = tuple(t for t in view.sessions if t.session.phase == phase.id)
        minutes = sum(t.training_minutes for t in timed)
        steps.append(PhaseStep(phase.title, phase.summary, timed, tuple(sorted({t.day for t in timed})), minutes))
    return steps


def _days_text(days: tuple[int, ...], labels: Mapping[str, str]) -> str:
    if not days:
        return ""
    if len(days) == 1:
        return f"{labels['day']} {days[0]}"
    if list(days) == list(range(days[0], days[-1] + 1)):
        return f"{labels['site_days']} {days[0]}–{days[-1]}"
    return f"{labels['site_days']} {', '.join(str(d) for d in days)}"


def _relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one docs file to another (mkdocs resolves it and checks it)."""
    depth = from_uri.count("/")
    return "../" * depth + to_uri


def programme_page(ctx: RenderContext, view: ProgrammeView, downloads: list[Download], site_language: str) -> str:
    """The Markdown of a programme's page."""
    programme = view.programme
    uri = programme_uri(programme.id)
    sessions = [
        {
            "timed": t,
            "link": _relative(uri, session_uri(programme.id, t.session.id)),
            "phase": (programme.phase(t.session.phase) or programme.phases[0]).title,
        }
        for t in view.sessions
    ]
    steps = timeline(view)
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
        guides=[{"d": d, "link": _relative(uri, d.site_path)} for d in downloads if d.kind == "guide"],
        decks=[
            {"d": d, "link": _relative(uri, d.site_path), "title": _deck_title(d, programme, view.labels)}
            for d in sorted((d for d in downloads if d.kind == "deck"), key=lambda d: _deck_order(d, programme))
        ],
        participant_docs=participant_links(uri, programme, view.labels, downloads),
        foreign=programme.language != site_language,
        stamp=ctx.stamp,
        source=view.loaded.path.name,
        cohorts=upcoming_block(ctx.project, programme.id, view.labels, ctx.stamp.date),
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
            links.append({"title": labels["handout_pack"], "link": _relative(uri, pack.site_path)})
        handouts = documents_of_session(programme, session)
    else:
        handouts = list(programme.handouts)
    for handout in handouts:
        found = files.get(f"{handout.id}.pdf")
        if found is not None:
            links.append({"title": handout.participant.title, "link": _relative(uri, found.site_path)})
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
    ctx: RenderContext, view: ProgrammeView, timed: TimedSession, downloads: list[Download], site_language: str
) -> str:
    """The Markdown of one session's page."""
    programme = view.programme
    uri = session_uri(programme.id, timed.session.id)
    phase = programme.phase(timed.session.phase)
    return ctx.render_template(
        "site/session.md.j2",
        view=view,
        programme=programme,
        timed=timed,
        session=timed.session,
        phase=phase.title if phase else timed.session.phase,
        labels=view.labels,
        fmt=Fmt(programme.language),
        programme_link=_relative(uri, programme_uri(programme.id)),
        decks=[
            {"d": d, "link": _relative(uri, d.site_path)}
            for d in downloads
            if d.kind == "deck" and d.session == timed.session.id
        ],
        participant_docs=participant_links(uri, programme, view.labels, downloads, timed.session.id),
        handout_links={
            ref: _relative(uri, handout_site_path(view.loaded.path, ref, ctx.project.root.resolve()))
            for activity in timed.session.activities
            for ref in activity.handout_files()
        },
        foreign=programme.language != site_language,
    )


def catalogue_block(ctx: RenderContext, views: list[ProgrammeView], site_language: str, from_uri: str) -> str:
    """The catalogue table of every programme, for a hand-written page at ``from_uri``."""
    labels = ctx.labels(site_language)
    fmt = Fmt(site_language)
    rows = [
        {
            "view": v,
            "link": _relative(from_uri, programme_uri(v.programme.id)),
            "hours": fmt.duration(v.total_minutes),
            "language": labels[f"site_language_{v.programme.language}"],
            "foreign": v.programme.language != site_language,
        }
        for v in views
    ]
    return ctx.render_template("site/catalogue.md.j2", rows=rows, labels=labels, fmt=fmt)


def frameworks_block(ctx: RenderContext, frameworks: list[Framework], site_language: str) -> str:
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
                "foreign": framework.language != site_language,
            }
        )
    return ctx.render_template("site/frameworks.md.j2", sections=sections)


def reference_block(ctx: RenderContext, site_language: str) -> str:
    """The YAML reference of programme and framework files, from the models."""
    from builder.model.framework import Framework as FrameworkModel

    labels = ctx.labels(site_language)
    return ctx.render_template(
        "site/reference.md.j2",
        labels=labels,
        fmt=Fmt(site_language),
        programme_models=model_docs(Programme, labels),
        framework_models=model_docs(FrameworkModel, labels),
    )


def build_pages(ctx: RenderContext, site_language: str, downloads: list[Download]) -> SitePages:
    """Every generated page and block of the site, and the navigation section of the programmes.

    A label missing from ``templates/labels/<lang>.yaml`` is a :class:`TemplateProblem`.
    """
    try:
        return _build_pages(ctx, site_language, downloads)
    except KeyError as exc:
        raise TemplateProblem(f"labels: {exc.args[0]}") from None


def _labelled(block: Callable[[str], str]) -> Callable[[str], str]:
    """``block`` with a missing label reported as a :class:`TemplateProblem`."""

    def run(uri: str) -> str:
        try:
            return block(uri)
        except KeyError as exc:
            raise TemplateProblem(f"labels: {exc.args[0]}") from None

    return run


def _build_pages(ctx: RenderContext, site_language: str, downloads: list[Download]) -> SitePages:
    views = ctx.views()
    result = SitePages(downloads=downloads)
    section: list[Any] = []
    for view in views:
        programme = view.programme
        own = [d for d in downloads if d.programme == programme.id]
        result.pages[programme_uri(programme.id)] = programme_page(ctx, view, own, site_language)
        children: list[Any] = [programme_uri(programme.id)]
        for timed in view.sessions:
            uri = session_uri(programme.id, timed.session.id)
            result.pages[uri] = session_page(ctx, view, timed, own, site_language)
            children.append({text.nav_title(f"{timed.number}. {timed.session.title}"): uri})
        section.append({text.nav_title(programme.title): children})
    labels = ctx.labels(site_language)
    if section:
        result.nav = [{text.nav_title(labels["site_programmes"]): section}]
    frameworks = [f.model for _, f in sorted(ctx.project.frameworks.items())]
    result.blocks["catalogue"] = _labelled(lambda uri: catalogue_block(ctx, views, site_language, uri))
    result.blocks["frameworks"] = _labelled(lambda uri: frameworks_block(ctx, frameworks, site_language))
    result.blocks["reference"] = _labelled(lambda uri: reference_block(ctx, site_language))
    return result
