"""Facilitator guides: ``guides/<programme-id>.html`` and ``guides/<programme-id>.pdf``.

Both come from one structure, :func:`builder.render.guide_data.build_guide`:

- the HTML page (for the screen, its stylesheet inlined so it opens anywhere) is
  rendered by the Jinja templates ``guide/*.html.j2``;
- the PDF (A4 print, tagged PDF/UA-1) is laid out by typst from
  ``guide/guide.typ`` and its parts, fed with :func:`builder.render.guide_print.print_data`.

An organisation's template folders may replace any part of either.
"""

from __future__ import annotations

from types import TracebackType

from builder.render.context import ProgrammeView, RenderContext, TemplateProblem
from builder.render import fmt
from builder.render.guide_data import build_guide
from builder.render.guide_print import print_data
from builder.render.handout_data import appendix
from builder.render.typst_pdf import compile_pdf
from builder.write.output import Artifact

TEMPLATE = "guide/guide.html.j2"
PRINT_TEMPLATE = "guide/guide.typ"


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
        money=lambda amount: fmt.money(amount, programme.language),
        css_string=css_string,
        colon=view.labels.guide_colon,
        keys=appendix(programme),
    )


def guide_print_data(ctx: RenderContext, view: ProgrammeView) -> dict[str, object]:
    """The data the guide's typst templates (and the forms) print for one programme."""
    return print_data(build_guide(view, ctx.stamp), appendix(view.programme))


def print_pdf(ctx: RenderContext, view: ProgrammeView, template: str, data: dict[str, object], title: str) -> bytes:
    """Compile one typst template of the guide family; a problem is a located :class:`TemplateProblem`."""
    result = compile_pdf(
        template, data, title=title, language=view.programme.language, template_dirs=ctx.template_dirs
    )
    if result.pdf is None or not result.ok:
        errors = [f"{p.location}: {p.message}" for p in result.problems if p.severity.value == "error"]
        errors = errors or [f"{template}: typst produced no PDF"]
        raise TemplateProblem("; ".join(errors))
    return result.pdf


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
