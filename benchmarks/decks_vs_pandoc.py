"""Benchmark: Stagecraft's deck renderer against pandoc, on the same slides, same machine, one run.

    python benchmarks/decks_vs_pandoc.py [--root .] [--repeat 3] [--keep /tmp/decks-vs-pandoc]

For every programme of the project (every one that loads; rule problems do not
matter here), the script plans the decks once and paginates them exactly as the
renderer does, so both sides get the same slides: same titles, same points,
same speaker notes. Then it times

- Stagecraft: ``write_deck`` for every deck, in this process (python-pptx, the
  master loaded once), best of ``--repeat`` rounds;
- pandoc: the equivalent Markdown (``## title``, bullets, ``::: notes`` blocks)
  converted to .pptx with ``--reference-doc`` set to the same master, one pandoc
  process per deck as a user would run it, best of ``--repeat`` rounds.

It checks that pandoc produced as many slides as Stagecraft for every deck and
prints the totals and the ratio pandoc / Stagecraft. Markdown writing is not
timed; nor is planning (it is shared).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pptx import Presentation

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builder.load.project import load_project  # noqa: E402
from builder.render.context import RenderContext  # noqa: E402
from builder.render.deck_master import DeckMaster  # noqa: E402
from builder.render.deck_write import SlideKind, SlideSpec, paginate_specs, write_deck  # noqa: E402
from builder.render.decks import plan  # noqa: E402

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Markdown-escape every ASCII punctuation mark so the text stays literal ("1. x" is no list)."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split("\n")))


def to_markdown(slides: list[SlideSpec], language: str) -> str:
    """One pandoc slide per spec: ``## title``, the body as bullets (or lines), then the notes."""
    out = [f"---\nlang: {language}\n---\n"]
    for slide in slides:
        out.append(f"## {escape(slide.title)}\n")
        if slide.kind is SlideKind.CONTENT:
            out.extend(f"- {escape(point)}" for point in slide.body)
        else:
            out.append("\n\n".join(escape(line) for line in slide.body))
        out.append("\n::: notes\n")
        out.extend(escape(line) + "\n" if line else "" for line in slide.notes.split("\n"))
        out.append(":::\n")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Keep the Markdown and pandoc decks in this folder.")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        print("pandoc is not installed (apt-get install pandoc)", file=sys.stderr)
        return 2

    project = load_project(args.root)
    ctx = RenderContext(project=project)
    master = DeckMaster.load(())
    decks: list[tuple[str, str, list[SlideSpec]]] = []
    for view in ctx.views():
        for stem, specs in plan(view).items():
            decks.append((f"{view.programme.id}__{stem}", view.programme.language, paginate_specs(specs, master.fit)))
    if not decks:
        print(f"no programme loaded from {args.root}/curricula/programmes", file=sys.stderr)
        return 2
    slides = sum(len(s) for _, _, s in decks)

    ours: list[float] = []
    produced: dict[str, bytes] = {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        for name, language, specs in decks:
            produced[name] = write_deck(master, specs, language)
        ours.append(time.perf_counter() - started)

    work = args.keep or Path(tempfile.mkdtemp(prefix="decks-vs-pandoc-"))
    work.mkdir(parents=True, exist_ok=True)
    for name, language, specs in decks:
        (work / f"{name}.md").write_text(to_markdown(specs, language), encoding="utf-8")
    theirs: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for name, _, _ in decks:
            subprocess.run(
                [pandoc, str(work / f"{name}.md"), "-o", str(work / f"{name}.pptx"), "--slide-level=2",
                 f"--reference-doc={master.path}"],
                check=True, timeout=300,
            )
        theirs.append(time.perf_counter() - started)

    mismatched = []
    for name, _, specs in decks:
        count = len(Presentation(str(work / f"{name}.pptx")).slides)
        ours_count = len(Presentation(io.BytesIO(produced[name])).slides)
        if not count == ours_count == len(specs):
            mismatched.append(f"{name}: stagecraft {ours_count}, pandoc {count}, planned {len(specs)}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)

    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    best_ours, best_theirs = min(ours), min(theirs)
    print(f"{len(project.programmes)} programmes, {len(decks)} decks, {slides} slides (best of {args.repeat})")
    print(f"stagecraft (python-pptx, in process): {best_ours:7.2f} s  {1000 * best_ours / len(decks):6.1f} ms/deck")
    print(f"{version:<36}: {best_theirs:7.2f} s  {1000 * best_theirs / len(decks):6.1f} ms/deck")
    print(f"ratio pandoc / stagecraft: {best_theirs / best_ours:.1f}x")
    if mismatched:
        print("slide counts differ:\n  " + "\n  ".join(mismatched), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
