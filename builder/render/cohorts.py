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
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from builder.model.cohort_plan import plan
from builder.render.cohort_data import CohortDocs
from builder.render.cohort_ics import calendar_ics
from builder.render.context import DEFAULT_TEMPLATES, RenderContext, TemplateProblem
from builder.problems import Location
from builder.write.output import Artifact

TARGET = "cohorts"
_WRAPPER = (
    "#set document(title: sys.inputs.title)\n"
    "#set text(lang: sys.inputs.lang)\n"
    '#include sys.inputs.at("stagecraft-main")\n'
)


def previous_calendar_path(cohort_id: str) -> str:
    """Where a cohort's calendar sits in the output folder (read back to derive SEQUENCE)."""
    return f"{TARGET}/{cohort_id}/calendar.ics"


def _templates(template_dirs: tuple[Path, ...]) -> dict[str, str]:
    """Every ``.typ`` file on the search path by relative name, first folder wins."""
    found: dict[str, str] = {}
    for folder in (*template_dirs, DEFAULT_TEMPLATES):
        if folder.is_dir():
            for file in sorted(folder.rglob("*.typ")):
                found.setdefault(file.relative_to(folder).as_posix(), str(file.resolve()))
    return found


@lru_cache(maxsize=1)
def _fonts() -> Any:
    """Typst's font book, built once per process (scanning the system fonts costs more than a page)."""
    import typst

    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


def compile_pdf(name: str, data: dict[str, Any], *, title: str, language: str,
                template_dirs: tuple[Path, ...]) -> bytes:
    """Compile ``cohort/<name>.typ`` with ``data`` (read by the template from ``sys.inputs.data``)."""
    import typst

    inputs = _templates(template_dirs)
    main = inputs.get(f"cohort/{name}.typ")
    if main is None:
        raise TemplateProblem(f"template not found: cohort/{name}.typ")
    where = Location(main)
    inputs.update({"data": json.dumps(data, ensure_ascii=False), "title": title, "lang": language,
                   "stagecraft-main": main})
    try:
        compiler = typst.Compiler(root="/", font_paths=_fonts(), sys_inputs=inputs)
        pdf = compiler.compile(_WRAPPER.encode(), format="pdf", pdf_standards=["ua-1"])
    except Exception as exc:  # typst reports template errors as its own exception types
        raise TemplateProblem(str(exc).strip() or type(exc).__name__, where) from None
    assert isinstance(pdf, bytes)
    return pdf


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
