"""Facilitator guides: ``guides/<programme-id>.html`` and ``guides/<programme-id>.pdf``.

Both come from one template, ``guide/guide.html.j2``: the HTML file is the
rendered page (its stylesheet inlined, so it opens anywhere), and the PDF is that
same page laid out by WeasyPrint for A4 print (its ``@page`` rules give page
numbers, running heads and the table of contents' page references). An
organisation's ``--templates`` folder may replace any part of it.
"""

from __future__ import annotations

from types import TracebackType

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


def _template_line(tb: TracebackType | None) -> str | None:
    """``file:line`` of the innermost template frame of a rendering traceback, if any.

    Jinja rewrites tracebacks so template frames carry the template's file name
    and line; Python frames (``.py``) are skipped.
    """
    where = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _located(problem: TemplateProblem) -> TemplateProblem:
    """The problem with the included template and line that caused it, when known.

    ``ctx.render_template`` names only the top template (``guide/guide.html.j2``);
    a guide is made of many partials, so name the one at fault.
    """
    cause = problem.__context__
    if cause is None:
        return problem
    where = _template_line(cause.__traceback__)
    message = str(problem)
    top = f"{TEMPLATE}: "
    if where is None or not message.startswith(top):
        return problem
    return TemplateProblem(f"{where}: {message[len(top):]}")


def render_html(ctx: RenderContext, view: ProgrammeView) -> str:
    """The guide of one programme as a standalone HTML page.

    Raises :class:`~builder.render.context.TemplateProblem` when a template is
    missing or broken or uses a variable or label that does not exist; the
    message names the template file and line at fault.
    """
    try:
        return _render_html(ctx, view)
    except TemplateProblem as problem:
        raise _located(problem) from None


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
