"""Write constraints.txt: the exact version of every package Stagecraft installs, as found here.

Run it after adding or upgrading a dependency, once the suite passes with the new versions:

    python scripts/lock.py            # rewrites constraints.txt from the installed packages
    python scripts/lock.py --check    # exit 1 when a pyproject requirement is missing or unmet in it

The lock covers the runtime dependencies and every extra (test, bench, ...), with
everything they pull in. ``scripts/test.sh`` (and so ``.ci/run``) installs with
``-c constraints.txt``; ``STAGECRAFT_NEWEST=1 bash scripts/test.sh`` ignores it and
upgrades every dependency to its newest release instead.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints.txt"
HEADER = """\
# Versions the Stagecraft test suite passed with (Python {python}). Installed by scripts/test.sh and .ci/run
# with `pip install -c constraints.txt -e '.[test]'`. Regenerate with `python scripts/lock.py` after the suite
# passes with new versions; `STAGECRAFT_NEWEST=1 bash scripts/test.sh` runs it with the newest releases instead.
"""


def project_requirements() -> list[Requirement]:
    """Runtime requirements and every extra's, from pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in data.get("dependencies", [])]
    for extra in data.get("optional-dependencies", {}).values():
        found.extend(Requirement(r) for r in extra)
    return found


def _applies(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    env = default_environment()
    if not extras:
        return req.marker.evaluate({**env, "extra": ""})
    return any(req.marker.evaluate({**env, "extra": extra}) for extra in extras)


def closure(roots: list[Requirement]) -> dict[str, str]:
    """Canonical name -> installed version of ``roots`` and everything they require."""
    pinned: dict[str, str] = {}
    todo: list[tuple[Requirement, set[str]]] = [(r, set(r.extras)) for r in roots if _applies(r, set())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if (name, frozenset(extras)) in seen:
            continue
        seen.add((name, frozenset(extras)))
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(f"lock: {req.name} is not installed: pip install -e '.[test,bench]' first")
        pinned[name] = dist.version
        for text in dist.requires or []:
            sub = Requirement(text)
            if _applies(sub, extras):
                todo.append((sub, set(sub.extras)))
    return pinned


def read_lock() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def check() -> list[str]:
    """What is wrong with constraints.txt against pyproject.toml (empty when all is well)."""
    pins = read_lock()
    wrong = []
    for req in project_requirements():
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            wrong.append(f"{req.name} is required by pyproject.toml but missing from constraints.txt")
        elif not req.specifier.contains(version, prereleases=True):
            wrong.append(f"{req.name}=={version} in constraints.txt does not meet pyproject.toml's '{req}'")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check constraints.txt against pyproject.toml")
    args = parser.parse_args()
    if args.check:
        wrong = check()
        for line in wrong:
            print(f"constraints.txt: {line} (run: python scripts/lock.py)", file=sys.stderr)
        return 1 if wrong else 0
    pins = closure(project_requirements())
    python = ".".join(map(str, sys.version_info[:2]))
    body = "".join(f"{name}=={version}\n" for name, version in sorted(pins.items()))
    LOCK.write_text(HEADER.format(python=python) + body, encoding="utf-8")
    print(f"wrote {LOCK.relative_to(ROOT)}: {len(pins)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
