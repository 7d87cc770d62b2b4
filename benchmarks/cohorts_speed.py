"""Cohorts: time to check and to build the shipped example cohorts, and N copies of them.

    python benchmarks/cohorts_speed.py [--copies 1,10]

For each number of copies, a temporary project holds the shipped curricula with
every example cohort copied N times (new ids, same dates). Reports the cohort
checks alone (after loading) and ``stagecraft build --only cohorts`` (calendar and
typst PDFs), in seconds, per cohort and per PDF page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from builder.build import BuildOptions, run_build  # noqa: E402
from builder.load.project import load_project  # noqa: E402
from builder.validate.cohort_checks import check_cohort  # noqa: E402


def make_project(folder: Path, copies: int) -> int:
    shutil.copytree(REPO / "curricula", folder / "curricula")
    cohorts = folder / "curricula" / "cohorts"
    originals = sorted(cohorts.glob("*.yaml"))
    for original in originals:
        text = original.read_text(encoding="utf-8")
        for index in range(1, copies):
            name = f"{original.stem}-{index}"
            (cohorts / f"{name}.yaml").write_text(text.replace(f"id: {original.stem}", f"id: {name}"), "utf-8")
    return len(originals) * copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", default="1,10")
    args = parser.parse_args()
    print("| cohorts | checks (s) | build --only cohorts (s) | s per cohort | PDF pages | s per page |")
    print("|---|---|---|---|---|---|")
    for copies in (int(c) for c in args.copies.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            count = make_project(root, copies)
            os.chdir(root)
            project = load_project(root)
            started = time.perf_counter()
            problems = [p for c in project.cohorts for p in check_cohort(c, project)]
            checks = time.perf_counter() - started
            assert not problems, problems[:3]
            started = time.perf_counter()
            found, _ = run_build(BuildOptions(root=root, out=root / "build", targets=("cohorts",), quiet=True))
            build = time.perf_counter() - started
            assert not found, [p.format() for p in found[:3]]
            pages = sum(len(PdfReader(p).pages) for p in (root / "build" / "cohorts").rglob("*.pdf"))
            os.chdir(REPO)
        print(f"| {count} | {checks:.2f} | {build:.1f} | {build / count:.2f} | {pages} | {build / pages:.3f} |")


if __name__ == "__main__":
    main()
