"""The ``cohorts`` target: per cohort, ``cohorts/<cohort-id>/`` with its calendar and printed documents.

- ``calendar.ics``: one event per session and interview slot (see :mod:`builder.render.cohort_ics`);
- ``runsheet.pdf``: the dated run sheet for the trainers;
- ``attendance.pdf``: dated attendance sheets, one column per real half-day;
- ``attestation-<route>.pdf`` and ``convocation-<route>.pdf``: one per legal route of the cohort
  (fee, controller, attestation and consequences differ by route).

PDFs are typst documents from ``templates/cohort/`` (an organisation's templates
folder is searched first).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from builder.model.cohort_plan import plan
from builder.render.cohort_data import CohortDocs
from builder.render.cohort_ics import calendar_ics
from builder.render.context import RenderContext
from builder.render.typst_pdf import print_pdf
from builder.write.output import Artifact

TARGET = "cohorts"


def previous_calendar_path(cohort_id: str) -> str:
    """Where a cohort's calendar sits in the output folder (read back to derive SEQUENCE)."""
    return f"{TARGET}/{cohort_id}/calendar.ics"


def compile_pdf(name: str, data: dict[str, Any], *, title: str, language: str,
                template_dirs: tuple[Path, ...]) -> bytes:
    """``cohort/<name>.typ`` with ``data``, through the print pipeline (errors raise ProblemsFound)."""
    return print_pdf(f"cohort/{name}.typ", data, title=title, language=language, template_dirs=template_dirs)


def render(ctx: RenderContext, now: dt.datetime | None = None) -> list[Artifact]:
    """Every file of every cohort. ``now`` (default: the current UTC time) stamps changed events."""
    stamp = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    project = ctx.project
    programmes = {p.model.id: p for p in project.programmes}
    artifacts: list[Artifact] = []
    for loaded in sorted(project.cohorts, key=lambda c: c.model.id):
        cohort = loaded.model
        if cohort.programme not in programmes:
            continue  # a draft programme, not built: its cohorts wait with it
        programme = programmes[cohort.programme].model
        framework = project.frameworks[programme.framework].model
        labels = ctx.labels(programme.language)
        dated = plan(cohort, programme, framework.rules_for(programme.kind))
        docs = CohortDocs(loaded, programme, framework, dated, labels)
        folder = f"{TARGET}/{cohort.id}"
        titles = {t.value: labels[f"interview_{t.value}"] for t in {s.type for s in cohort.interviews}}
        artifacts.append(Artifact(
            f"{folder}/calendar.ics",
            calendar_ics(dated, programme, interview_titles=titles, day_label=labels.day,
                         previous=ctx.previous.get(previous_calendar_path(cohort.id)), now=stamp),
        ))

        def pdf(name: str, data: dict[str, Any], file: str) -> None:
            title = f"{data['title']} — {programme.title} — {cohort.title or cohort.id}"
            artifacts.append(Artifact(f"{folder}/{file}", compile_pdf(
                name, data, title=title, language=programme.language, template_dirs=ctx.template_dirs)))

        pdf("runsheet", docs.runsheet(), "runsheet.pdf")
        pdf("attendance", docs.attendance(), "attendance.pdf")
        for route in cohort.routes:
            pdf("attestation", docs.attestation(route), f"attestation-{route}.pdf")
            pdf("convocation", docs.convocation(route), f"convocation-{route}.pdf")
    return artifacts
