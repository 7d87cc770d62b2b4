"""Facilitator guides: ``guides/<programme-id>.html`` and ``guides/<programme-id>.pdf``.

Both come from one structure, :func:`builder.render.guide_data.build_guide`:

- the HTML page (for the screen, its stylesheet inlined so it opens anywhere) is
  rendered by the Jinja templates ``guide/*.html.j2``;
- the PDF (A4 print, tagged PDF/UA-1) is laid out by typst from
  ``guide/guide.typ`` and its parts, fed with :func:`builder.render.guide_print.print_data`.

An organisation's template folders may replace any part of either.
"""

from __future__ import annotations


from builder.render.context import ProgrammeView, RenderContext
from builder.render import fmt
from builder.render.guide_data import build_guide
from builder.render.guide_print import print_data
from builder.render.handout_data import appendix
from builder.render import typst_pdf
from builder.render.preparation import preparations
from builder.write.output import Artifact

TEMPLATE = "guide/guide.html.j2"
PRINT_TEMPLATE = "guide/guide.typ"


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
        money=lambda amount: fmt.money(amount, programme.language),
        css_string=css_string,
        colon=view.labels.guide_colon,
        keys=appendix(programme),
        preparations=lambda activity: preparations(activity, view.labels),
    )


def guide_print_data(ctx: RenderContext, view: ProgrammeView) -> dict[str, object]:
    """The data the guide's typst templates (and the forms) print for one programme."""
    return print_data(build_guide(view, ctx.stamp), appendix(view.programme))


def print_pdf(ctx: RenderContext, view: ProgrammeView, template: str, data: dict[str, object], title: str) -> bytes:
    """Compile one typst template of the guide family in the programme's language; errors raise ProblemsFound."""
    return typst_pdf.print_pdf(
        template, data, title=title, language=view.programme.language, template_dirs=ctx.template_dirs
    )


def render(ctx: RenderContext) -> list[Artifact]:
    """Guides for every programme of the project, in programme-id order.

    Every HTML page is rendered before the first PDF, so a template problem in
    any programme stops the build before the PDF work starts.
    """
    views = ctx.views()
    pages = [(view, render_html(ctx, view)) for view in views]
    artifacts: list[Artifact] = []
    for view, html in pages:
        programme = view.programme
        artifacts.append(Artifact(f"guides/{programme.id}.html", html.encode("utf-8")))
        title = f"{view.labels.facilitator_guide} — {programme.title}"
        pdf = print_pdf(ctx, view, PRINT_TEMPLATE, guide_print_data(ctx, view), title)
        artifacts.append(Artifact(f"guides/{programme.id}.pdf", pdf))
    return artifacts
