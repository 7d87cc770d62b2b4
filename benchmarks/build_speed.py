"""Benchmark: how validation and builds grow with the size of the library, in one run on one machine.

    python benchmarks/build_speed.py [--factors 1,10,100] [--full-build-max 10] [--work /tmp/stagecraft-bench]

For each factor F, a synthetic project holds F copies of every shipped programme
(benchmarks/synth.py). The script measures, each as its own process:

- `stagecraft validate` against a bare yaml.load (CSafeLoader) of the same files;
- a full `stagecraft build` (guides, decks, site; cold cache) against `mkdocs build` of the same site
  pages alone, for factors up to --full-build-max (PDF guides dominate and grow linearly);
- an incremental build after editing one programme against that full build;
- `mkdocs build` of the pages alone (no guides or decks) at every factor;
- peak memory (max RSS of the child) of each command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd`` in a fresh process; return (seconds, peak MiB of that process tree).

    ``os.wait4`` gives the resource usage of this one child (its max RSS covers the
    worker processes it waited for), unlike RUSAGE_CHILDREN which spans all children.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{out.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


PARSE = (
    "import sys, yaml, pathlib\n"
    "for f in sorted(pathlib.Path('curricula').rglob('*.yaml')):\n"
    "    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


def bench(factor: int, work: Path, full: bool) -> None:
    root = work / f"x{factor}"
    files = generate(root, factor)
    py = sys.executable
    cli = [py, "-m", "builder"]
    parse_s, _ = timed([py, "-c", PARSE], root)
    validate_s, validate_mb = timed([*cli, "validate"], root)
    print(f"\n== x{factor}: {len(files)} programmes")
    print(f"validate {validate_s:7.2f} s  | bare parse {parse_s:6.2f} s | ratio {validate_s / parse_s:5.2f}x "
          f"(both include interpreter start-up) | peak {validate_mb:.0f} MiB")
    # mkdocs build of the same pages alone: the plugin told not to render guides and decks
    pages_only = root / "mkdocs-pages.yml"
    pages_only.write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - stagecraft\n", "  - stagecraft:\n      downloads: never\n"), encoding="utf-8")
    mkdocs_s, mkdocs_mb = timed([py, "-m", "mkdocs", "build", "--quiet", "-f", str(pages_only),
                                 "--site-dir", str(root / "mk-site")], root)
    print(f"mkdocs build, pages alone {mkdocs_s:7.2f} s | peak {mkdocs_mb:.0f} MiB")
    if not full:
        return
    shutil.rmtree(root / ".stagecraft-cache", ignore_errors=True)
    full_s, full_mb = timed([*cli, "build", "--quiet"], root)
    edited = files[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: \"", "title: \"Édité — ", 1),
                      encoding="utf-8")
    incr_s, _ = timed([*cli, "build", "--quiet"], root)
    print(f"full build (cold cache) {full_s:7.2f} s | mkdocs build alone {mkdocs_s:7.2f} s | "
          f"ratio {full_s / mkdocs_s:5.2f}x | peak {full_mb:.0f} MiB")
    print(f"incremental build after editing one programme {incr_s:7.2f} s | "
          f"{incr_s / full_s * 100:4.1f} % of the full build")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--full-build-max", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stagecraft-bench"))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for factor in (int(f) for f in args.factors.split(",")):
        bench(factor, args.work, factor <= args.full_build_max)


if __name__ == "__main__":
    main()
