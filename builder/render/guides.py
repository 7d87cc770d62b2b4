"""Facilitator guides: ``guides/<programme-id>.html`` and ``guides/<programme-id>.pdf``.

Both come from one template, ``guide/guide.html.j2``: the HTML file is the
rendered page (its stylesheet inlined, so it opens anywhere), and the PDF is that
same page laid out by WeasyPrint for A4 print (its ``@page`` rules give page
numbers, running heads and the table of contents' page references). An
organisation's ``--templates`` folder may replace any part of it.
"""

from __future__ import annotations


from builder.render.context import ProgrammeView, RenderContext, TemplateProblem
from builder.render.guide_data import build_guide, format_money
from builder.render.guide_pdf import html_to_pdf
from builder.render.handout_data import appendix
from builder.write.output import Artifact

TEMPLATE = "guide/guide.html.j2"


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for labels placed by ``content:``)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def render_html(ctx: RenderContext, view: ProgrammeView) -> str:
    """The guide of one programme as a standalone HTML page.

    Raises :class:`~builder.render.context.TemplateProblem` when a template is
    missing or broken or uses a variable or label that does not exist; the
    message names the template file and line at fault.
    """
    return _render_html(ctx, view)


def _render_html(ctx: RenderContext, view: ProgrammeView) -> str:
    guide = build_guide(view, ctx.stamp)
    programme = view.programme
    return ctx.render_template(
        TEMPLATE,
        guide=guide,
        programme=programme,
        view=view,
        labels=view.labels,
        framework=view.framework,
        kind=view.kind,
        duration=view.duration,
        money=lambda amount: format_money(amount, view.labels, programme.language),
        css_string=css_string,
        colon=view.labels.guide_colon,
        keys=appendix(programme),
    )


def render(ctx: RenderContext) -> list[Artifact]:
    """Guides for every programme of the project, in programme-id order.

    Every HTML page is rendered before the first PDF, so a template problem in
    any programme stops the build before the slow PDF work starts. The PDF is
    laid out from exactly the HTML that is shipped, once per programme.
    """
    pages = [(view.programme.id, render_html(ctx, view)) for view in ctx.views()]
    artifacts: list[Artifact] = []
    for programme_id, html in pages:
        artifacts.append(Artifact(f"guides/{programme_id}.html", html.encode("utf-8")))
        artifacts.append(Artifact(f"guides/{programme_id}.pdf", html_to_pdf(html, TEMPLATE)))
    return artifacts
