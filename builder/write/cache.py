"""A content-keyed cache of rendered artifacts, one entry per (target, programme).

The key is a hash of everything the rendering depends on: the programme's YAML,
its framework's YAML, the templates and labels, Stagecraft's own code, the
versions of the libraries that render (and of Python), the build options and
the programme's revision stamp (commit and commit date, never today's date).
Timestamps and absolute paths play no part, so touching a file does not
invalidate it, reverting an edit finds the old entry again, and a cache folder
copied to another machine (a CI cache) is valid there.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from builder.write.output import Artifact

_CODE_ROOT = Path(__file__).resolve().parents[1]

CACHE_DIR = ".stagecraft-cache"
"""The project's build cache folder (rendered artifacts, the site engine's previous build)."""


def hash_files(paths: Iterable[Path]) -> str:
    """A digest of the names and contents of ``paths`` (folders are walked, sorted)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(path.parent) if path.is_dir() else file.name).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


RENDER_CODE = ("model", "load", "render", "write", "problems.py")
"""What a per-programme renderer can import (tests/test_architecture.py enforces it)."""


def code_digest() -> str:
    """A digest of the code renderers run: changing it renders everything again.

    Only the stages a renderer may import count, so editing the CLI, the checks
    or the site plugin keeps the guides and decks cached.
    """
    return hash_files([_CODE_ROOT / part for part in RENDER_CODE])


RENDER_LIBRARIES = ("jinja2", "markupsafe", "pydantic", "pyyaml", "python-pptx", "typst", "pypdf", "babel")
"""Distributions whose version changes what renderers produce (missing ones count as absent)."""


def library_versions() -> str:
    """The versions of Python and of the rendering libraries, as one string for cache keys."""
    found = [f"python={sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"]
    for name in RENDER_LIBRARIES:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ";".join(found)


class ArtifactCache:
    """Pickled artifact lists under ``folder/<target>/<key>.pkl``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, target: str, key: str) -> list[Artifact] | None:
        """The artifacts stored for ``key``, or ``None`` (a corrupt entry counts as missing)."""
        path = self.folder / target / f"{key}.pkl"
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if isinstance(value, list) and all(isinstance(a, Artifact) for a in value):
            return value
        return None

    def put(self, target: str, key: str, artifacts: list[Artifact]) -> None:
        """Store artifacts atomically; entries for other keys of the target are pruned later.

        A cache that cannot be written (say, left owned by root by a ``sudo`` build)
        is no reason to fail a build: the entry is simply not stored.
        """
        folder = self.folder / target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(artifacts, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pkl")
        except OSError:
            Path(tmp).unlink(missing_ok=True)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self, target: str, keep: set[str]) -> None:
        """Remove the target's entries whose key is not in ``keep`` (what cannot be removed stays)."""
        folder = self.folder / target
        if not folder.is_dir():
            return
        for entry in folder.glob("*.pkl"):
            if entry.stem not in keep:
                try:
                    entry.unlink(missing_ok=True)
                except OSError:
                    pass

    def unwritable(self, targets: Iterable[str]) -> str | None:
        """Why the cache cannot store entries for ``targets`` (an OS message), or ``None`` when it can.

        Tries what :meth:`put` does, in the cache folder and each target folder, and
        leaves nothing behind.
        """
        for folder in (self.folder, *(self.folder / t for t in targets)):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=".probe-")
                os.close(fd)
                os.unlink(tmp)
            except OSError as exc:
                return f"{exc.strerror or exc} ({folder})"
        return None
