"""Benchmark: the documentation site at scale, against the engine alone on the same pages.

    python benchmarks/site_build.py --factor 100 [--engine properdocs] [--work /tmp/site-bench]

On a synthetic library (``benchmarks/synth.py``: the shipped programmes copied N times) it measures,
each step in its own process (wall time, peak resident memory of Stagecraft and of the engine):

1. site build: ``builder.site.render.render`` (page generation + plain files + the engine + reading the
   output back as artifacts), pages only (no guides or decks: they are cached per programme and
   measured by the other benchmarks);
2. engine alone: the engine's own command line on the very same pages, already written as plain files
   (the same configuration, theme additions included);
3. no-change rebuild: the site step of ``stagecraft build`` twice on the same project, the second one
   timed (the site comes from the build cache);
4. one-programme edit: the title of one programme changed, then the site step again (the engine renders
   again only the pages whose Markdown changed: that programme's and the hand-written ones; it prints how
   many).

Prints one line per step and the ratios the README reports, in wall-clock time and in CPU time (the
process and its children: on a machine shared with other jobs, wall-clock ratios between steps run minutes
apart mostly measure the other jobs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
root = Path(sys.argv[1]); mode = sys.argv[2]
from builder.load.project import load_project
from builder.render.context import RenderContext
from builder.site import engine
from builder.site.pages import GENERATED
from builder.site.render import config_file, pages_for, render
from builder.write.output import write_tree
ctx = RenderContext(project=load_project(root))
ctx.produced.update({"guides": [], "decks": [], "handouts": []})
started = time.perf_counter()
before = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = before.ru_utime + before.ru_stime
if mode == "site":
    artifacts = render(ctx)
    count = len(artifacts)
elif mode == "cached":  # what `stagecraft build --only site` does for the site, through the build cache
    from builder.build import _render_site
    artifacts, problems = _render_site(ctx, use_cache=True)
    assert not problems, [p.format() for p in problems]
    count = len(artifacts)
else:  # export: the same pages as plain files, for the engine-alone run
    settings = engine.read_settings(config_file(root))
    site, files = pages_for(ctx, settings)
    write_tree(Path(sys.argv[3]), files)
    count = len(files)
seconds = time.perf_counter() - started
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime - cpu_before
print(json.dumps({"seconds": seconds, "files": count, "cpu": cpu,
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "engine_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def child(root: Path, mode: str, *extra: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", CHILD, str(root), mode, *extra], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and the peak memory (MiB) of the command's process."""
    wrapped = [sys.executable, "-c", "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
               "capture_output=True); r = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(r.ru_utime + r.ru_stime, r.ru_maxrss)", *command]
    started = time.perf_counter()
    result = subprocess.run(wrapped, cwd=cwd, check=True, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    cpu, peak = result.stdout.split()[-2:]
    return time.perf_counter() - started, float(cpu), int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--engine", default=None, help="properdocs (default) or mkdocs")
    parser.add_argument("--work", type=Path, default=None, help="folder for the synthetic project (kept)")
    args = parser.parse_args()
    if args.engine:
        os.environ["STAGECRAFT_SITE_ENGINE"] = args.engine

    import synth
    from builder.site import engine

    work = args.work or Path(tempfile.mkdtemp(prefix="site-bench-"))
    root = work / f"x{args.factor}"
    programmes = synth.generate(root, args.factor)
    name = engine.default_engine()
    print(f"{len(programmes)} programmes (x{args.factor}) in {root}; engine {name}")

    site = child(root, "site")
    print(f"site build (pages + engine)      {site['seconds']:8.1f} s  {site['files']:6d} files  "
          f"stagecraft {site['self_mb']:6.0f} MiB, engine {site['engine_mb']:6.0f} MiB")

    docs = work / f"x{args.factor}-docs"
    exported = child(root, "export", str(docs))
    settings = engine.read_settings(root / "mkdocs.yml")
    config = {"INHERIT": str(settings.file), "docs_dir": str(docs), "site_dir": str(work / "engine-out"),
              "not_in_nav": "/programmes/"}
    (work / "engine.yml").write_text(json.dumps(config), encoding="utf-8")
    alone, alone_cpu, alone_mb = timed([sys.executable, "-m", name, "build", "-f", str(work / "engine.yml")], root,
                            {engine.PAGES_GIVEN: "1", "NO_MKDOCS_2_WARNING": "1"})
    print(f"engine alone, same plain pages   {alone:8.1f} s  {int(exported['files']):6d} files  engine {alone_mb:6.0f} MiB")
    print(f"  ratio site / engine alone      {site['seconds'] / alone:8.2f} wall clock")
    print(f"  CPU: site {site['cpu']:.1f} s, engine alone {alone_cpu:.1f} s, ratio {site['cpu'] / alone_cpu:.2f} "
          "(what a shared machine's load does not change)")

    child(root, "cached")  # fills the cache
    unchanged = child(root, "cached")
    print(f"no-change rebuild (cached)       {unchanged['seconds']:8.1f} s  stagecraft {unchanged['self_mb']:6.0f} MiB")
    first = sorted((root / "curricula" / "programmes").glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace('title: "', 'title: "Édité — ', 1), encoding="utf-8")
    output = root / ".stagecraft-cache" / "site-engine" / "site"
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*.html")}
    edited = child(root, "cached")
    again = [path for path in output.rglob("*.html") if path.stat().st_mtime_ns != before.get(path)]
    print(f"one-programme edit rebuild       {edited['seconds']:8.1f} s  "
          f"({edited['seconds'] / site['seconds']:.2f} of the site build above, CPU {edited['cpu']:.1f} s = "
          f"{edited['cpu'] / site['cpu']:.2f}; {len(again)} of {len(before)} "
          f"pages rendered again)  stagecraft {edited['self_mb']:6.0f} MiB, engine {edited['engine_mb']:6.0f} MiB")


if __name__ == "__main__":
    main()
