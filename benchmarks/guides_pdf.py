"""Benchmark: PDF facilitator guides, pages and seconds per page, WeasyPrint (shipped) against typst.

    python benchmarks/guides_pdf.py [--root .] [--repeat 1] [--no-typst]

For every programme of the project that validates without errors, the script times
(in this one process, after one warm-up render so imports and font loading are not
counted):

- the HTML guide (``builder.render.guides.render_html``: model → Jinja templates);
- the PDF the build ships: WeasyPrint on that HTML, with the fontconfig check before
  and the embedded-font check (pypdf) after (``builder.render.guide_pdf.html_to_pdf``);
- for comparison, typst (pip package ``typst``) on a typst document holding the same
  content (cover, outline, chapters, run sheets, two-column activities, the blank
  forms). It is written by this script only; it is not a second guide template.

It prints pages, seconds and seconds per page per programme, and the totals.
Figures depend on the machine and its load; run it on an idle machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builder.problems import Severity  # noqa: E402
from builder.render.context import BuildStamp, ProgrammeView, RenderContext  # noqa: E402
from builder.render.guide_data import Guide, build_guide  # noqa: E402
from builder.render.guide_pdf import html_to_pdf  # noqa: E402
from builder.render.guides import render_html  # noqa: E402
from builder.validate.runner import validate  # noqa: E402


def pages_of(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


T = TypeVar("T")


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs (seconds) and the last result."""
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


# ---------------------------------------------------------------- typst, same content


def q(text: object) -> str:
    """A typst string literal."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def typst_items(items: tuple[str, ...] | list[str]) -> str:
    return "".join(f"#list({q(i)})\n" for i in items)


def typst_source(guide: Guide) -> str:
    """A typst document with the guide's content, laid out like the WeasyPrint guide."""
    view: ProgrammeView = guide.view
    p, labels, d = view.programme, view.labels, view.duration
    out = [
        '#set page(paper: "a4", margin: (top: 20mm, bottom: 18mm, x: 18mm), '
        'numbering: "1 / 1", footer: context [#set text(7pt); ' + q(labels.page) + " #counter(page).display(\"1 / 1\", both: true)])\n",
        f'#set text(font: "DejaVu Serif", size: 10pt, lang: "{p.language}")\n',
        '#show heading: set text(font: "DejaVu Sans")\n',
        "#set par(justify: true)\n",
        f"#text(size: 9pt, upper({q(labels.facilitator_guide)}))\n\n",
        f"#text(size: 24pt, weight: \"bold\", {q(p.title)})\n\n#{q(view.kind.title)}\n\n",
        f"#{q(labels.legal_basis + labels.guide_colon + guide.legal_basis)}\n\n#{q(p.summary)}\n\n",
        f"#{q(labels.guide_programme_version)} #{q(p.version)} · #{q(guide.stamp_commit)} · #{q(guide.stamp_date)}\n",
        "#pagebreak()\n#outline()\n#pagebreak()\n",
        f"#heading(level: 1, {q(labels.overview)})\n#{q(p.summary)}\n\n",
        f"#heading(level: 2, {q(labels.guide_programme_objectives)})\n{typst_items(list(p.objectives))}",
        f"#heading(level: 2, {q(labels.audience)})\n#{q(p.audience)}\n\n#pagebreak()\n",
        f"#heading(level: 1, {q(labels.guide_ch_obligations)})\n#{q(view.framework.summary)}\n\n",
        "#table(columns: (28%, 20%, 1fr), "
        + ", ".join(f"{q(o.name)}, {q(o.value)}, {q(o.text + ' — ' + o.source)}" for o in guide.obligations)
        + ")\n#pagebreak()\n",
    ]
    for interview in p.interviews:
        out.append(f"#heading(level: 2, {q(interview.title or labels['interview_' + interview.type.value])})\n")
        out.append(f"#{q(interview.timing)} · #{q(d(interview.duration))}\n\n{typst_items(list(interview.topics))}")
    for chapter in guide.chapters:
        t = chapter.timed
        s = t.session
        out.append(f"#pagebreak()\n#heading(level: 1, {q(labels.session + ' ' + str(t.number) + ' — ' + s.title)})\n")
        out.append(f"#{q(s.summary)}\n\n#heading(level: 2, {q(labels.objectives)})\n{typst_items(list(s.objectives))}")
        out.append(f"#heading(level: 2, {q(labels.guide_materials_checklist)})\n")
        out.append("".join(f"#box(width: 3mm, height: 3mm, stroke: 0.8pt) #{q(m)}\n\n" for m in chapter.materials))
        rows = ", ".join(
            f"{q(f'{a.start // 60:02d}:{a.start % 60:02d}–{a.end // 60:02d}:{a.end % 60:02d}')}, "
            f"{q(d(a.activity.duration))}, {q(a.activity.title)}, {q(labels['method_' + a.activity.method.value])}"
            for a in t.activities
        )
        out.append(f"#heading(level: 2, {q(labels.run_sheet)})\n#table(columns: (auto, auto, 1fr, auto), {rows})\n")
        for item in t.activities:
            a = item.activity
            if a.method.value == "break":
                out.append(f"#rect(width: 100%, stroke: (dash: \"dashed\"), {q(labels.method_break + ' ' + d(a.duration))})\n")
                continue
            content = "".join(
                f"#{q(x)}\n\n" for x in (a.purpose, *a.instructions, *a.questions, *a.expected_answers, *a.slides) if x
            )
            notes = "".join(f"#{q(x)}\n\n" for x in (*a.facilitator_notes, *a.materials))
            out.append(f"#heading(level: 3, {q(a.title)})\n")
            out.append(
                f"#table(columns: (63%, 37%), {q(labels.guide_content)}, {q(labels.guide_notes)}, "
                f"[{content}], table.cell(fill: luma(245))[{notes}])\n"
            )
        if chapter.debrief:
            out.append(f"#heading(level: 2, {q(labels.guide_session_debrief)})\n")
            out.append(typst_items([question for _, question in chapter.debrief]))
        if s.homework:
            out.append(f"#heading(level: 2, {q(labels.homework)})\n{typst_items(list(s.homework))}")
    completion = p.completion
    out.append(f"#pagebreak()\n#heading(level: 1, {q(labels.guide_ch_completion)})\n#{q(completion.description)}\n\n")
    for columns in guide.sheets:
        header = ", ".join(
            [q(labels.guide_row_number), q(labels.guide_participant_name)]
            + [q(f"{labels.day} {h.day} — {labels['guide_half_' + h.part]}") for h in columns]
        )
        cells = ", ".join(["[]"] * ((len(columns) + 2) * guide.participant_rows))
        out.append(
            '#page(flipped: true)[\n'
            f"#heading(level: 1, {q(labels.guide_attendance_sheet)})\n"
            f"#table(columns: (9mm, 55mm, {', '.join(['1fr'] * len(columns))}), rows: (auto, {', '.join(['7.6mm'] * guide.participant_rows)}), "
            f"{header}, {cells})\n]\n"
        )
    out.append(f"#heading(level: 1, {q(labels.attestation)})\n")
    for field in (labels.guide_last_name, labels.guide_first_name, labels.guide_birth, labels.guide_decision_ref,
                  labels.guide_hours_done, labels.guide_signature_stamp):
        out.append(f"#{q(field)} #box(width: 1fr, stroke: (bottom: 0.75pt))\n\n")
    return "".join(out)


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    parser.add_argument("--no-typst", action="store_true", help="measure WeasyPrint only")
    args = parser.parse_args()

    project, problems = validate(args.root)
    bad = {p.location.path for p in problems if p.severity is Severity.ERROR}
    project.programmes = [p for p in project.programmes if p.display not in bad]
    if not project.programmes:
        raise SystemExit(f"no programme in {args.root}/curricula/programmes validates")
    ctx = RenderContext(project=project, stamp=BuildStamp.read(args.root))
    views = ctx.views()
    typst = None
    if not args.no_typst:
        try:
            import typst as typst_module

            typst = typst_module
        except ImportError:
            print("typst is not installed (pip install typst): measuring WeasyPrint only", file=sys.stderr)

    warm = render_html(ctx, views[0])  # imports, fonts and caches, not counted
    html_to_pdf(warm)
    if typst is not None:
        typst.compile(typst_source(build_guide(views[0], ctx.stamp)).encode("utf-8"))

    head = f"{'programme':28} {'pages':>5} {'html s':>7} {'weasy s':>8} {'s/page':>7}"
    if typst is not None:
        head += f" {'typst pages':>11} {'typst s':>8} {'s/page':>7}"
    print(head)
    totals = {"pages": 0, "html": 0.0, "weasy": 0.0, "tpages": 0, "typst": 0.0}
    per_page: list[float] = []
    for view in views:
        html_s, html = best_of(args.repeat, lambda: render_html(ctx, view))
        weasy_s, pdf = best_of(args.repeat, lambda: html_to_pdf(html))
        pages = pages_of(pdf)
        line = f"{view.programme.id:28} {pages:5d} {html_s:7.2f} {weasy_s:8.2f} {weasy_s / pages:7.3f}"
        totals["pages"] += pages
        totals["html"] += html_s
        totals["weasy"] += weasy_s
        per_page.append(weasy_s / pages)
        if typst is not None:
            source = typst_source(build_guide(view, ctx.stamp)).encode("utf-8")
            typst_s, tpdf = best_of(args.repeat, lambda: typst.compile(source))
            tpages = pages_of(tpdf)
            totals["tpages"] += tpages
            totals["typst"] += typst_s
            line += f" {tpages:11d} {typst_s:8.2f} {typst_s / tpages:7.3f}"
        print(line, flush=True)
    line = (
        f"{'total (' + str(len(views)) + ' programmes)':28} {totals['pages']:5d} {totals['html']:7.2f} "
        f"{totals['weasy']:8.2f} {totals['weasy'] / totals['pages']:7.3f}"
    )
    if typst is not None:
        line += f" {totals['tpages']:11d} {totals['typst']:8.2f} {totals['typst'] / totals['tpages']:7.3f}"
    print(line)
    print(f"WeasyPrint median seconds per page: {statistics.median(per_page):.3f}")


if __name__ == "__main__":
    main()
