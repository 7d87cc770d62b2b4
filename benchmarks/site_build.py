"""Benchmark: what the documentation site costs, on the repository's shipped programmes.

    NO_MKDOCS_2_WARNING=1 python benchmarks/site_build.py [--root .] [--repeat 3]

Prints, in seconds (best of --repeat runs, one machine, one run of the script):

- pages: the plugin's Markdown generation alone (validate + every programme and session page + blocks);
- preview rebuild: a full mkdocs build with no downloads, which is what `mkdocs serve` does on every edit;
- guides / decks: rendering the downloads the site links (the guide PDFs and the .pptx decks);
- mkdocs build: `mkdocs build --strict` from mkdocs.yml, downloads included (one run: it is long);
- stagecraft build --only site: the same through the `site` target (renders guides and decks for the links).

It chose the site's downloads policy: the preview never renders PDFs (pages only), and the full
builds render them once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def timed_command(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env={**os.environ})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root: Path = args.root.resolve()

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from builder.render.context import RenderContext
    from builder.site.pages import build_pages
    from builder.validate.runner import validate

    project, _ = validate(root)
    sessions = sum(len(p.model.sessions) for p in project.programmes)
    print(f"{len(project.programmes)} programmes, {sessions} sessions ({root})")

    def pages() -> None:
        fresh, _ = validate(root)
        site = build_pages(RenderContext(project=fresh), "fr", [])
        for block in site.blocks.values():
            block("index.md")

    print(f"pages (validate + Markdown)       {best(args.repeat, pages):7.2f}")

    def preview() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=tmp)
            config.plugins["stagecraft"].config.downloads = "never"
            config.plugins.on_startup(command="serve", dirty=False)
            build(config)

    print(f"preview rebuild (no downloads)    {best(args.repeat, preview):7.2f}")

    import builder.render.decks as decks
    import builder.render.guides as guides

    ctx = RenderContext(project=project)
    print(f"guides (HTML + PDF)               {best(1, lambda: guides.render(ctx)):7.2f}")
    print(f"decks (.pptx)                     {best(1, lambda: decks.render(ctx)):7.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", tmp]
        print(f"mkdocs build --strict             {timed_command(mkdocs, root):7.2f}")
        only_site = [sys.executable, "-m", "builder", "build", "--only", "site", "--out", tmp, "--no-cache", "-q"]
        print(f"stagecraft build --only site      {timed_command(only_site, root):7.2f}")


if __name__ == "__main__":
    main()
