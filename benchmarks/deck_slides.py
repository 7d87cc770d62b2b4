"""Benchmark: how many slides the decks of every programme have, and how many are thin.

    python benchmarks/deck_slides.py [--root .] [--json OUT] [--before FILE] [PROGRAMME...]

Renders the decks of every programme that loads (the real renderer, in this
process, nothing written to ``build/``), reopens each one with python-pptx and
counts, per programme:

- ``decks`` and ``slides`` (and slides per deck);
- ``debrief``: slides titled with the debrief label ("Questions de bilan" /
  "Debrief questions");
- ``one-line``: content slides whose body is a single paragraph that fits on one
  line of the master's body (the slide a trainer apologises for);
- ``split``: slides titled ``… (i/n)``, parts of a list split over several slides;
- ``repeated notes``: characters of speaker notes equal to the previous slide's.

``--json OUT`` saves the figures; ``--before FILE`` (a file saved earlier, e.g. on
the previous commit) prints the slide counts side by side, as in the README.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

from pptx import Presentation

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builder.render import decks  # noqa: E402
from builder.render.context import RenderContext, load_labels  # noqa: E402
from builder.render.deck_master import DeckMaster  # noqa: E402
from builder.render.deck_text import line_count  # noqa: E402
from builder.validate.runner import validate  # noqa: E402

SPLIT = re.compile(r"\(\d+/\d+\)\s*$")
FIELDS = ("decks", "slides", "debrief", "one_line", "split", "repeated_notes")


def measure(root: Path, only: set[str]) -> dict[str, dict[str, int]]:
    """Figures per programme id, from the decks the renderer makes now."""
    project, _ = validate(root)
    if only:
        project.programmes = [p for p in project.programmes if p.model.id in only]
    ctx = RenderContext(project=project)
    fit = DeckMaster.load(()).fit
    debrief_titles = {load_labels(ctx.template_dirs, lang)["debrief"] for lang in ("fr", "en")}
    figures: dict[str, Counter[str]] = {}
    for artifact in decks.render(ctx):
        programme = artifact.path.split("/")[1]
        counts = figures.setdefault(programme, Counter())
        counts["decks"] += 1
        previous_notes = None
        for slide in Presentation(io.BytesIO(artifact.data)).slides:
            counts["slides"] += 1
            title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
            if SPLIT.search(title):
                counts["split"] += 1
            if SPLIT.sub("", title).strip() in debrief_titles:
                counts["debrief"] += 1
            bodies = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0]
            if slide.slide_layout.name == "Title and Content" and bodies:
                paragraphs = [p.text for p in bodies[0].text_frame.paragraphs if p.text.strip()]
                if len(paragraphs) == 1 and line_count(paragraphs[0], fit.line_ems) == 1:
                    counts["one_line"] += 1
            notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
            if notes and notes == previous_notes:
                counts["repeated_notes"] += len(notes)
            previous_notes = notes
    return {pid: {f: figures[pid][f] for f in FIELDS} for pid in sorted(figures)}


def table(now: dict[str, dict[str, int]], before: dict[str, dict[str, int]] | None) -> str:
    """A Markdown table of the figures (with the saved ones side by side when given)."""
    rows = []
    total: Counter[str] = Counter()
    total_before: Counter[str] = Counter()
    if before is None:
        rows.append("| programme | decks | slides | per deck | debrief | one-line | split | repeated notes (chars) |")
        rows.append("|---|--:|--:|--:|--:|--:|--:|--:|")
    else:
        rows.append("| programme | decks | slides before | slides after | per deck before → after | debrief before → after | one-line before → after | split before → after | repeated notes before → after |")
        rows.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for pid, f in now.items():
        if before is None or pid in before:  # a new programme is listed, not added to the compared totals
            total.update(f)
        per = f["slides"] / max(f["decks"], 1)
        if before is None:
            rows.append(f"| {pid} | {f['decks']} | {f['slides']} | {per:.1f} | {f['debrief']} | {f['one_line']} | {f['split']} | {f['repeated_notes']} |")
            continue
        b = before.get(pid)
        if b is None:
            rows.append(f"| {pid} (new) | {f['decks']} | – | {f['slides']} | – → {per:.1f} | – → {f['debrief']} | – → {f['one_line']} | – → {f['split']} | – → {f['repeated_notes']} |")
            continue
        total_before.update(b)
        per_b = b["slides"] / max(b["decks"], 1)
        rows.append(
            f"| {pid} | {f['decks']} | {b['slides']} | {f['slides']} | {per_b:.1f} → {per:.1f} | {b['debrief']} → {f['debrief']} | "
            f"{b['one_line']} → {f['one_line']} | {b['split']} → {f['split']} | {b['repeated_notes']} → {f['repeated_notes']} |"
        )
    per = total["slides"] / max(total["decks"], 1)
    if before is None:
        rows.append(f"| **all** | {total['decks']} | {total['slides']} | {per:.1f} | {total['debrief']} | {total['one_line']} | {total['split']} | {total['repeated_notes']} |")
    else:
        per_b = total_before["slides"] / max(total_before["decks"], 1)
        rows.append(
            f"| **all (programmes in both)** | {total['decks']} | {total_before['slides']} | {total['slides']} | {per_b:.1f} → {per:.1f} | "
            f"{total_before['debrief']} → {total['debrief']} | {total_before['one_line']} → {total['one_line']} | "
            f"{total_before['split']} → {total['split']} | {total_before['repeated_notes']} → {total['repeated_notes']} |"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("programmes", nargs="*", help="programme ids (default: every programme that loads)")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--json", type=Path, help="save the figures as JSON")
    parser.add_argument("--before", type=Path, help="figures saved earlier, printed side by side")
    args = parser.parse_args(argv)
    now = measure(args.root, set(args.programmes))
    if args.json:
        args.json.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    print(table(now, before))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
