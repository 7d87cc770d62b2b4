"""Working folders kept between builds (the site engine's previous build, in the project's cache folder).

Only the write stage touches the disk: these helpers keep a folder of plain
files in step with a new build, lock it against a concurrent build, and keep a
small JSON state beside it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

from builder.write.output import atomic_write, safe_relative, write_tree


class SyncedFolder(dict[str, str]):
    """A folder from a previous build, brought up to date file by file (``folder[path] = text`` or :meth:`put`).

    A file whose bytes are already there is left untouched, so it keeps its time
    (the site engine's dirty mode then skips it). Only paths stay in memory.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.changed: set[str] = set()
        self.written: set[str] = set()
        """Every path of this build (pages and other files)."""

    def __setitem__(self, uri: str, markdown: str) -> None:
        self.put(uri, markdown.encode("utf-8"))
        super().__setitem__(uri, "")

    def put(self, uri: str, data: bytes) -> None:
        """Write ``data`` at ``uri`` unless the file already holds exactly these bytes."""
        path = self.folder.joinpath(*safe_relative(uri).parts)
        try:
            same = path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            write_tree(self.folder, {uri: data})
            self.changed.add(uri)
        self.written.add(uri)

    def remove_others(self) -> None:
        """Delete what the previous build had and this one does not."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*"), reverse=True):
            rel = path.relative_to(self.folder).as_posix()
            if path.is_file() and rel not in self.written:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


@contextlib.contextmanager
def locked_folder(work: Path) -> Iterator[Path]:
    """The folder ``work`` (created), locked for the caller while the block runs.

    When another process holds it (or it cannot be written), a temporary folder is
    used instead, so that build starts from nothing and leaves the other alone.
    """
    try:
        work.mkdir(parents=True, exist_ok=True)
        handle = (work / ".lock").open("a")
    except OSError:
        handle = None
    if handle is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            handle = None
    if handle is None:
        with tempfile.TemporaryDirectory(prefix="stagecraft-site-") as tmp:
            yield Path(tmp)
        return
    try:
        yield work
    finally:
        handle.close()


def read_state(file: Path) -> dict[str, Any]:
    """The JSON object in ``file``; empty when it is missing or unreadable."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(file: Path, state: dict[str, Any]) -> None:
    """Write ``state`` as JSON atomically; a cache that cannot be written is no error."""
    try:
        atomic_write(file, json.dumps(state, sort_keys=True).encode("utf-8"))
    except OSError:
        pass  # an unwritable cache only costs a full build next time


def remove(file: Path) -> None:
    """Delete ``file`` if it exists."""
    file.unlink(missing_ok=True)


def touch(file: Path) -> None:
    """Set ``file``'s modification time to now (the site engine then renders it again)."""
    os.utime(file)
