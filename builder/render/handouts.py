"""The ``handouts`` target: printed participant documents, one PDF each and one pack per session.

``render(ctx)`` returns, for every programme with handouts:

- ``handouts/<programme-id>/<handout-id>.pdf``: each participant document, A4,
  large type (nothing under 13 pt), room to write where a question asks for it;
- ``handouts/<programme-id>/<session-id>.pdf``: the session's pack, the documents
  its activities hand out in activity order, each starting on a new page.

Only the participant part of a handout reaches this module's output: the data
handed to typst is made by :func:`builder.render.handout_data.participant_data`
from a :class:`~builder.model.handout.ParticipantDocument` alone. Answer keys,
expected answers and scoring are printed in the facilitator guide's appendix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from builder.model.handout import Handout
from builder.problems import Location
from builder.render.context import ProgrammeView, RenderContext, TemplateProblem
from builder.render.handout_data import documents_of_session, participant_data
from builder.render.typst_pdf import print_pdf
from builder.write.output import Artifact

TEMPLATE = "handout/handout.typ"


def _document(view: ProgrammeView, handout: Handout) -> dict[str, Any]:
    labels = view.labels
    data = participant_data(handout.participant, handout.type, handout.moment, labels, view.programme.title)
    data["page_label"] = labels.handout_page
    return data


def compile_documents(
    documents: list[dict[str, Any]], *, title: str, language: str, template_dirs: Sequence[Path]
) -> bytes:
    """One PDF from participant documents, through the print pipeline (errors raise ProblemsFound)."""
    return print_pdf(TEMPLATE, {"documents": documents}, title=title, language=language, template_dirs=template_dirs)


def render_programme(ctx: RenderContext, view: ProgrammeView) -> list[Artifact]:
    """The handout PDFs and session packs of one programme."""
    programme = view.programme
    if not programme.handouts:
        return []
    language = programme.language
    documents = {h.id: _document(view, h) for h in programme.handouts}
    artifacts = []
    for handout in programme.handouts:
        pdf = compile_documents(
            [documents[handout.id]], title=handout.participant.title, language=language,
            template_dirs=ctx.template_dirs,
        )
        artifacts.append(Artifact(f"handouts/{programme.id}/{handout.id}.pdf", pdf))
    for session in programme.sessions:
        pack = documents_of_session(programme, session.id)
        if not pack:
            continue
        title = f"{view.labels.handout_pack} — {session.title}"
        pdf = compile_documents(
            [documents[h.id] for h in pack], title=title, language=language, template_dirs=ctx.template_dirs
        )
        artifacts.append(Artifact(f"handouts/{programme.id}/{session.id}.pdf", pdf))
    return artifacts


def render(ctx: RenderContext) -> list[Artifact]:
    """Every programme's handout PDFs and session packs, under ``handouts/``."""
    artifacts: list[Artifact] = []
    for view in ctx.views():
        try:
            artifacts.extend(render_programme(ctx, view))
        except KeyError as exc:  # a label missing from templates/labels/<lang>.yaml
            raise TemplateProblem(f"{exc.args[0]}: add it to this labels file", Location(view.labels.file.as_posix())) from None
    return artifacts
