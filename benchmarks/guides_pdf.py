"""Benchmark: the printed facilitator guides (typst), pages and seconds per page.

    python benchmarks/guides_pdf.py [--root .] [--repeat 1] [--weasyprint]

For every programme of the project that validates without errors, the script times
(in this one process, after one warm-up render so imports and the font book are not
counted) what ``stagecraft build`` does for the guide PDF:

- the print data (``builder.render.guides.guide_print_data``: model → worded, formatted,
  typeset data);
- typst laying out ``templates/guide/guide.typ`` into a tagged PDF/UA-1
  (``builder.render.guides.print_pdf``), including the embedded-font check (pypdf).

It prints pages, wall-clock seconds, CPU seconds (this process, all threads) and
seconds per page per programme, and the totals. On a shared machine the wall clock
grows with the load (reported too); CPU seconds do not. ``--weasyprint`` also times
the previous pipeline (WeasyPrint on the HTML guide) when ``weasyprint`` is installed;
it is no longer a dependency of Stagecraft.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builder.problems import Severity  # noqa: E402
from builder.render.context import BuildStamp, RenderContext  # noqa: E402
from builder.render.guides import PRINT_TEMPLATE, guide_print_data, print_pdf, render_html  # noqa: E402
from builder.validate.runner import validate  # noqa: E402

T = TypeVar("T")


def pages_of(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, float, T]:
    """The fastest of ``repeat`` runs: (wall seconds, CPU seconds, last result)."""
    best: tuple[float, float] | None = None
    result: T
    for _ in range(max(repeat, 1)):
        start, start_cpu = time.perf_counter(), cpu()
        result = work()
        spent = (time.perf_counter() - start, cpu() - start_cpu)
        best = spent if best is None or spent[0] < best[0] else best
    assert best is not None
    return best[0], best[1], result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    parser.add_argument("--weasyprint", action="store_true", help="also time WeasyPrint on the HTML guide")
    args = parser.parse_args()

    project, problems = validate(args.root)
    bad = {p.location.path for p in problems if p.severity is Severity.ERROR}
    project.programmes = [p for p in project.programmes if p.display not in bad]
    if not project.programmes:
        raise SystemExit(f"no programme in {args.root}/curricula/programmes validates")
    ctx = RenderContext(project=project, stamp=BuildStamp.read(args.root))
    views = ctx.views()
    weasy = None
    if args.weasyprint:
        try:
            import weasyprint

            weasy = weasyprint
        except ImportError:
            print("weasyprint is not installed: typst only", file=sys.stderr)

    def typst_pdf(view: object) -> bytes:
        data = guide_print_data(ctx, view)  # type: ignore[arg-type]
        return print_pdf(ctx, view, PRINT_TEMPLATE, data, "benchmark")  # type: ignore[arg-type]

    typst_pdf(views[0])  # imports and the font book, not counted
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    head = f"{'programme':28} {'pages':>5} {'data s':>7} {'typst s':>8} {'cpu s':>6} {'s/page':>7} {'cpu/page':>8}"
    if weasy is not None:
        head += f" {'weasy pages':>11} {'weasy s':>8} {'s/page':>7}"
    print(head)
    total = {"pages": 0, "data": 0.0, "typst": 0.0, "cpu": 0.0, "wpages": 0, "weasy": 0.0}
    per_page: list[float] = []
    for view in views:
        data_s, _, data = best_of(args.repeat, lambda: guide_print_data(ctx, view))
        typst_s, cpu_s, pdf = best_of(args.repeat, lambda: print_pdf(ctx, view, PRINT_TEMPLATE, data, "benchmark"))
        pages = pages_of(pdf)
        total["pages"] += pages
        total["data"] += data_s
        total["typst"] += typst_s
        total["cpu"] += cpu_s
        per_page.append((data_s + typst_s) / pages)
        line = (
            f"{view.programme.id:28} {pages:5d} {data_s:7.2f} {typst_s:8.2f} {cpu_s:6.2f} "
            f"{(data_s + typst_s) / pages:7.3f} {cpu_s / pages:8.4f}"
        )
        if weasy is not None:
            html = render_html(ctx, view)
            weasy_s, _, wpdf = best_of(args.repeat, lambda: weasy.HTML(string=html).write_pdf())
            wpages = pages_of(wpdf)
            total["wpages"] += wpages
            total["weasy"] += weasy_s
            line += f" {wpages:11d} {weasy_s:8.2f} {weasy_s / wpages:7.3f}"
        print(line, flush=True)
    pages = total["pages"]
    line = (
        f"{'total (' + str(len(views)) + ' programmes)':28} {pages:5d} {total['data']:7.2f} {total['typst']:8.2f} "
        f"{total['cpu']:6.2f} {(total['data'] + total['typst']) / pages:7.3f} {total['cpu'] / pages:8.4f}"
    )
    if weasy is not None:
        line += f" {total['wpages']:11d} {total['weasy']:8.2f} {total['weasy'] / total['wpages']:7.3f}"
    print(line)
    print(f"typst median seconds per page (data + layout, wall clock): {statistics.median(per_page):.3f}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
