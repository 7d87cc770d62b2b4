"""Blank forms written alone, to photocopy: ``forms/<programme-id>/attendance.pdf`` and
``forms/<programme-id>/attestation.pdf``.

The same typst parts and data as the forms at the end of the guide
(``guide/attendance.typ``, ``guide/attestation.typ``), through the stand-alone
wrappers ``guide/attendance-form.typ`` and ``guide/attestation-form.typ``: no
guide page numbers, no build stamp.
"""

from __future__ import annotations

from builder.render.context import RenderContext
from builder.render.guides import guide_print_data, print_pdf
from builder.write.output import Artifact

FORMS = {"attendance": "guide/attendance-form.typ", "attestation": "guide/attestation-form.typ"}
"""File name (without .pdf) -> the typst template that prints it."""


def render(ctx: RenderContext) -> list[Artifact]:
    """Both blank forms of every programme, in programme-id order."""
    artifacts: list[Artifact] = []
    for view in ctx.views():
        data = guide_print_data(ctx, view)
        labels, programme = view.labels, view.programme
        titles = {"attendance": labels.guide_attendance_sheet, "attestation": labels.attestation}
        for name, template in FORMS.items():
            pdf = print_pdf(ctx, view, template, data, f"{titles[name]} — {programme.title}")
            artifacts.append(Artifact(f"forms/{programme.id}/{name}.pdf", pdf))
    return artifacts
