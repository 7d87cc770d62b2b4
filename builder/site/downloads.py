"""Downloads offered on the site: each programme's guide PDF and its slide decks.

The files come from the guide and deck renderers (``guides/<id>.pdf``,
``decks/<id>/<name>`` or ``decks/<id>.pptx``). The site copies each one under
``downloads/`` so every link resolves inside the site folder, whether it is
served over HTTP or opened from disk. A programme with no rendered file gets no
link: the site never points at a file it does not hold. This module only sorts
artifacts it is given; whoever builds the site (``stagecraft build``, or the
plugin for ``properdocs build``) has the orchestrator render them first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from builder.render.context import RenderContext
from builder.write.output import Artifact

SOURCES = ("guides", "decks", "handouts")
"""The targets whose artifacts the site offers as downloads (rendered by the orchestrator, never here)."""


@dataclass(frozen=True)
class Download:
    """One file of one programme, copied into the site at ``site_path``."""

    programme: str
    kind: str
    session: str | None
    name: str
    site_path: str
    data: bytes


def collect(artifacts: Mapping[str, Iterable[Artifact]], programmes: Mapping[str, Iterable[str]]) -> list[Download]:
    """The downloads in ``artifacts`` for ``programmes`` (id -> its session ids).

    A guide is ``guides/<id>.pdf``; a deck is any file under ``decks/<id>/`` (or
    ``decks/<id>.<ext>``). A deck whose file name (without extension) is a session
    id belongs to that session; the others belong to the programme.
    """
    found: list[Download] = []
    for artifact in artifacts.get("guides", ()):
        path = PurePosixPath(artifact.path)
        if len(path.parts) == 2 and path.suffix == ".pdf" and path.stem in programmes:
            found.append(Download(path.stem, "guide", None, path.name, f"downloads/{artifact.path}", artifact.data))
    for artifact in artifacts.get("decks", ()):
        path = PurePosixPath(artifact.path)
        if len(path.parts) == 3 and path.parts[1] in programmes:
            programme = path.parts[1]
        elif len(path.parts) == 2 and path.stem in programmes:
            programme = path.stem
        else:
            continue
        sessions = set(programmes[programme])
        session = path.stem if len(path.parts) == 3 and path.stem in sessions else None
        found.append(Download(programme, "deck", session, path.name, f"downloads/{artifact.path}", artifact.data))
    for artifact in artifacts.get("handouts", ()):
        path = PurePosixPath(artifact.path)
        if len(path.parts) != 3 or path.parts[1] not in programmes or path.suffix != ".pdf":
            continue
        programme = path.parts[1]
        session = path.stem if path.stem in set(programmes[programme]) else None
        found.append(
            Download(programme, "participant", session, path.name, f"downloads/{artifact.path}", artifact.data)
        )
    return sorted(found, key=lambda d: (d.programme, d.kind != "guide", d.site_path))


def handouts(ctx: RenderContext) -> list[Download]:
    """Every handout file the programmes reference, copied under ``downloads/files/``.

    Validation has already checked that each reference names a file inside the
    project, so the site path mirrors its place in the project and never collides.
    """
    root = ctx.project.root.resolve()
    found: dict[str, Download] = {}
    for loaded in ctx.project.programmes:
        for session in loaded.model.sessions:
            for activity in session.activities:
                for ref in activity.handout_files():
                    source = (loaded.path.parent / ref).resolve()
                    site_path = handout_site_path(loaded.path, ref, root)
                    if site_path not in found:
                        found[site_path] = Download(
                            loaded.model.id, "handout", session.id, source.name, site_path, source.read_bytes()
                        )
    return sorted(found.values(), key=lambda d: d.site_path)


def handout_site_path(programme_file: Path, ref: str, root: Path) -> str:
    """Where the handout ``ref`` of ``programme_file`` lives in the site."""
    relative = (programme_file.parent / ref).resolve().relative_to(root)
    return f"downloads/files/{relative.as_posix()}"


def for_site(ctx: RenderContext) -> list[Download]:
    """The downloads of ``ctx``: the guides and decks in ``ctx.produced`` and every handout."""
    sessions = {p.model.id: [s.id for s in p.model.sessions] for p in ctx.project.programmes}
    return collect(ctx.produced, sessions) + handouts(ctx)
