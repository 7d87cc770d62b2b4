"""The only module that writes build output to disk.

Renderers return :class:`Artifact` objects (a relative path and bytes). The
writer stages every artifact in a temporary folder inside the output folder,
and only when all of them are written does it swap each target folder in with
``os.replace``. A failure at any point leaves the previous output untouched.
Paths are confined: an artifact cannot escape its target folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping, Sequence


@dataclass(frozen=True)
class Artifact:
    """One output file: a path relative to the output folder (``guides/x.pdf``) and its bytes."""

    path: str
    data: bytes


class StoredArtifact(Artifact):
    """An artifact whose bytes stay in a file until they are needed (``data`` reads them).

    The writer copies the file without reading it into memory, so a large site's
    thousands of files are never all held at once. The file must stay as it is until
    the build is written (the site engine's output folder, locked for the build).
    """

    source: Path

    def __init__(self, path: str, source: Path) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "source", source)

    @property
    def data(self) -> bytes:
        """The file's bytes, read now."""
        return self.source.read_bytes()


class UnsafePath(ValueError):
    """An artifact path that would land outside the output folder."""


class DuplicateArtifact(ValueError):
    """Two artifacts of one build for the same path: the build stops instead of letting one silently win."""

    def __init__(self, path: str) -> None:
        super().__init__(f"two files of this build would be written to {path}; each output path must be unique")
        self.path = path


def safe_relative(path: str) -> PurePosixPath:
    """Check that ``path`` is relative and stays inside its folder; return it normalised."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(part in ("..", "") for part in pure.parts) or "\\" in path:
        raise UnsafePath(f"artifact path {path!r} would land outside the output folder")
    return pure


def unwritable(out: Path) -> str | None:
    """Why ``out`` cannot receive a build (an OS message), or ``None`` when it can.

    Checked before anything renders, so a read-only project or output folder fails
    in a second, not after the whole render. Nothing is left behind: a missing
    ``out`` is probed in its nearest existing parent, not created.
    """
    if out.exists() and not out.is_dir():
        return "it is a file, not a folder"
    probe = out
    while not probe.exists():
        if probe.parent == probe:
            return "no folder on its path exists"
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is a file, not a folder"
    try:
        Path(tempfile.mkdtemp(prefix=".probe-", dir=probe)).rmdir()
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def write_targets(
    out: Path,
    targets: Sequence[str],
    artifacts: Mapping[str, Iterable[Artifact]],
    keep: Callable[[str], bool] | None = None,
) -> None:
    """Replace ``out/<target>`` for each target with exactly its artifacts, atomically per target.

    ``artifacts`` maps a target name to artifacts whose paths start with that target
    (``decks/x/s01.pptx``). Other folders in ``out`` are left alone. With ``keep``
    (a partial build), the files already in a target whose path ``keep`` accepts
    stay, unless an artifact replaces them. Two artifacts with one path
    raise :class:`DuplicateArtifact` before anything is written.
    """
    seen: set[str] = set()
    for target in targets:
        for artifact in artifacts.get(target, ()):
            safe_relative(artifact.path)  # an escaping path is reported as such, duplicated or not
            if artifact.path in seen:
                raise DuplicateArtifact(artifact.path)
            seen.add(artifact.path)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        for target in targets:
            root = staging / target
            root.mkdir()
            current = out / target
            if keep is not None and current.is_dir():
                for old in sorted(p for p in current.rglob("*") if p.is_file()):
                    kept = old.relative_to(out)
                    if keep(kept.as_posix()):
                        (staging / kept).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(old, staging / kept)
            for artifact in artifacts.get(target, ()):
                rel = safe_relative(artifact.path)
                if rel.parts[0] != target:
                    raise UnsafePath(f"artifact {artifact.path!r} is outside its target folder '{target}/'")
                dest = staging.joinpath(*rel.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(artifact, StoredArtifact):
                    shutil.copyfile(artifact.source, dest)
                else:
                    dest.write_bytes(artifact.data)
        for target in targets:
            _swap(staging / target, out / target, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, current: Path, out: Path) -> None:
    """Put ``new`` where ``current`` is; the old folder is removed only after the swap."""
    if current.exists():
        old = Path(tempfile.mkdtemp(prefix=".old-", dir=out))
        os.replace(current, old / "previous")
        os.replace(new, current)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, current)


def atomic_write(path: Path, data: bytes) -> None:
    """Write one file atomically: a temporary file in the same folder, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_chunks(files: Mapping[Path, str], chunks: Iterable[str]) -> None:
    """Write each of ``files`` (path -> text to start it with) as its start then every chunk, in UTF-8.

    For a file too large to hold in memory as one string: the chunks are read once
    and go to every file as they come. Each file is written under a temporary name
    in its folder and renamed when complete, so a reader never sees half of one.
    """
    temporary = {path: path.with_name(f".{path.name}.part") for path in files}
    handles = []
    try:
        for path, start in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = temporary[path].open("w", encoding="utf-8")
            handles.append(handle)
            handle.write(start)
        for chunk in chunks:
            for handle in handles:
                handle.write(chunk)
        for handle in handles:
            handle.close()
        for path, part in temporary.items():
            os.replace(part, path)
    finally:
        for handle in handles:
            handle.close()
        for part in temporary.values():
            part.unlink(missing_ok=True)


def write_tree(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (relative path -> bytes) under ``folder``, a scratch folder the caller owns.

    Used to hand pages to an external engine as plain files; paths are confined to ``folder``.
    """
    for path, data in files.items():
        rel = safe_relative(path)
        dest = folder.joinpath(*rel.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
