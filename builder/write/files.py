"""Writing source files for the designer: schemas, new programmes, a new project.

Unlike build output, these files are the designer's own afterwards, so nothing is
removed: each file is written atomically, and an existing file is replaced only
when the caller says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from builder.write.output import atomic_write, safe_relative


class FileExists(Exception):
    """A file to write is already there and may not be replaced."""


def write_files(root: Path, files: Mapping[str, bytes], *, replace: bool = False) -> list[Path]:
    """Write ``files`` (paths relative to ``root``) and return the paths written, in order.

    Every path is checked before anything is written: with ``replace`` false, one
    existing file raises :class:`FileExists` naming all of them and nothing is written.
    """
    targets = [(root.joinpath(*safe_relative(name).parts), data) for name, data in files.items()]
    existing = [path for path, _ in targets if path.exists()]
    if existing and not replace:
        raise FileExists(", ".join(str(p) for p in existing))
    for path, data in targets:
        atomic_write(path, data)
    return [path for path, _ in targets]


def out_of_date(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """The names in ``files`` whose file under ``root`` differs or is missing."""
    return [name for name, data in files.items() if not (root / name).is_file() or (root / name).read_bytes() != data]
