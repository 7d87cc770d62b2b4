"""Generate a synthetic curricula folder: the shipped library copied N times.

    python benchmarks/synth.py --factor 10 --out /tmp/synth10

Each copy gets its own id (``<id>-cNNN``, also its file name) and a retitled first
session, so every programme is distinct content for caches and search. The
frameworks, templates, site pages and mkdocs.yml are copied alongside so the
result is a complete project that `stagecraft build` and `mkdocs build` accept.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def generate(out: Path, factor: int) -> list[Path]:
    """Write a project with ``factor`` copies of every shipped programme into ``out``; return them."""
    if out.exists():
        shutil.rmtree(out)
    (out / "curricula" / "programmes").mkdir(parents=True)
    shutil.copytree(REPO / "curricula" / "frameworks", out / "curricula" / "frameworks")
    for extra in ("templates", "site"):
        if (REPO / extra).is_dir():
            shutil.copytree(REPO / extra, out / extra)
    if (REPO / "mkdocs.yml").is_file():
        shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    written = []
    for source in sorted((REPO / "curricula" / "programmes").glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        for copy in range(1, factor + 1):
            new_id = f"{source.stem}-c{copy:03d}"
            body = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
            body = re.sub(r'^title: "?(.*?)"?$', rf'title: "\1 ({copy})"', body, count=1, flags=re.MULTILINE)
            # a translation names its original's copy of the same number
            body = re.sub(r"^translation_of: *(\S+)$", rf"translation_of: \1-c{copy:03d}", body, count=1, flags=re.MULTILINE)
            path = out / "curricula" / "programmes" / f"{new_id}.yaml"
            path.write_text(body, encoding="utf-8")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    files = generate(args.out, args.factor)
    print(f"{len(files)} programmes in {args.out}")


if __name__ == "__main__":
    main()
