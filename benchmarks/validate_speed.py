"""Benchmark: `stagecraft validate` against a bare YAML parse of the same files.

Run from the repository root:

    python benchmarks/validate_speed.py [--root DIR] [--repeat N]

Prints the best-of-N time of (a) yaml.load with libyaml's CSafeLoader on every
file under curricula/, (b) Stagecraft's full validation (located loading, schema,
every rule) in the same process, and their ratio; then the wall time of the
`stagecraft validate` command itself (interpreter start-up included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builder.validate.runner import validate  # noqa: E402


def best_of(repeat: int, func: object) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    root: Path = args.root.resolve()
    files = sorted((root / "curricula").rglob("*.yaml"))
    size = sum(f.stat().st_size for f in files)
    texts = [f.read_text(encoding="utf-8") for f in files]

    def bare() -> None:
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)

    found: list[int] = []

    def full() -> None:
        _, problems = validate(root, as_of=dt.date.today())
        found.append(len(problems))

    parse = best_of(args.repeat, bare)
    checked = best_of(args.repeat, full)
    print(f"files: {len(files)} ({size / 1024:.0f} KiB) under {root / 'curricula'}")
    print(f"bare yaml.load (CSafeLoader): {parse * 1000:8.1f} ms")
    print(f"stagecraft validation:        {checked * 1000:8.1f} ms")
    print(f"ratio validate / parse:       {checked / parse:8.2f}x   ({found[-1]} problem(s) reported)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "builder", "validate", "--root", str(root)], check=False,
                   capture_output=True)
    print(f"`stagecraft validate` command (with interpreter start-up): {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
