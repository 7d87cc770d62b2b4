"""Benchmark: from a checkout to a built project, the way an organisation starts.

    python benchmarks/install_init_build.py

Times, in seconds (one run each, on this machine), each step an organisation goes through:

- wheel: ``pip wheel --no-deps`` of a clean copy of the repository (setup.py packages the defaults);
- install: a fresh venv (``--system-site-packages`` for the dependencies) and ``pip install --no-deps`` of the
  wheel: Stagecraft itself comes from the wheel, not the checkout;
- init: ``stagecraft init`` in an empty folder;
- validate: ``stagecraft validate`` in the new project;
- build: ``stagecraft build --quiet`` (guides, decks, handouts, site) with a cold cache;
- rebuild: the same again, everything from the cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def step(name: str, cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    print(f"{name:<10} {seconds:7.1f} s", flush=True)
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="stagecraft-bench-") as tmp:
        base = Path(tmp)
        source = base / "src"
        listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                                 capture_output=True, text=True, check=True).stdout
        for name in filter(None, listing.split("\0")):
            if (REPO / name).is_file():
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                (source / name).write_bytes((REPO / name).read_bytes())
        total = step("wheel", [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"),
                               str(source)], cwd=base)
        wheel = next((base / "dist").glob("stagecraft-*.whl"))
        venv = base / "venv"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                       check=True, capture_output=True)
        seconds = time.perf_counter() - started
        print(f"{'install':<10} {seconds:7.1f} s", flush=True)
        total += seconds
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
        env["NO_MKDOCS_2_WARNING"] = "1"
        total += step("init", ["stagecraft", "init", "asso"], cwd=base, env=env)
        project = base / "asso"
        total += step("validate", ["stagecraft", "validate"], cwd=project, env=env)
        total += step("build", ["stagecraft", "build", "--quiet"], cwd=project, env=env)
        print(f"{'total':<10} {total:7.1f} s")
        step("rebuild", ["stagecraft", "build", "--quiet"], cwd=project, env=env)


if __name__ == "__main__":
    main()
