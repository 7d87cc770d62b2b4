"""The shipped library's participant documents: every one printed, nothing facilitator-only in them.

Properties are checked against each programme's YAML (its facilitator-only texts,
its sessions, its handouts), not against a hand-written list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.model.handout import HandoutType
from builder.render.context import RenderContext
from builder.render.typst_pdf import unembedded_fonts
from builder.render.handout_data import documents_of_session
from builder.render.handouts import render_programme
from conftest import REPO, require_tool, validate_from
from handout_checks import facilitator_only_texts, font_sizes, normalise, page_count, pdf_text

PROGRAMMES = sorted(p.stem for p in (REPO / "curricula" / "programmes").glob("*.yaml"))


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    project, problems = validate_from(REPO)
    return project, problems


@pytest.mark.parametrize("programme_id", PROGRAMMES)
def test_programme_hands_out_what_it_uses(library, programme_id: str) -> None:  # type: ignore[no-untyped-def]
    project, problems = library
    loaded = next(p for p in project.programmes if p.model.id == programme_id)
    programme = loaded.model
    assert programme.handouts, f"{programme_id} has no participant document"
    moments = {h.moment for h in programme.handouts if h.type is HandoutType.EVALUATION}
    assert moments & {"before_after", "before"} and moments & {"before_after", "after"}, (
        f"{programme_id} has no before/after evaluation"
    )
    mine = [p.format() for p in problems if p.location.path.endswith(f"{programme_id}.yaml")]
    assert [p for p in mine if "handout" in p or "plain-language" in p] == []


@pytest.mark.parametrize("programme_id", PROGRAMMES)
def test_participant_pdfs_hold_no_facilitator_text(library, programme_id: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    require_tool("pdftotext", "participant PDFs are read back with poppler")
    project, _ = library
    ctx = RenderContext(project=project)
    loaded = next(p for p in project.programmes if p.model.id == programme_id)
    view = ctx.view(loaded)
    programme = view.programme
    files = {}
    for artifact in render_programme(ctx, view):
        path = tmp_path / Path(artifact.path).name
        path.write_bytes(artifact.data)
        files[path.stem] = path
    packs = [s.id for s in programme.sessions if documents_of_session(programme, s.id)]
    assert sorted(files) == sorted([h.id for h in programme.handouts] + packs)
    secrets = facilitator_only_texts(programme)
    for stem, path in files.items():
        data = path.read_bytes()
        text = normalise(pdf_text(path))
        assert [s for s in secrets if s in text] == [], f"{programme_id}/{stem}.pdf prints facilitator-only text"
        assert unembedded_fonts(data) == []
        assert min(font_sizes(data)) >= 13
    for handout in programme.handouts:
        pages = page_count(files[handout.id].read_bytes())
        assert 1 <= pages <= 4, f"{programme_id}/{handout.id}.pdf has {pages} pages"
        assert normalise(handout.participant.title) in normalise(pdf_text(files[handout.id]))
    for session_id in packs:
        expected = sum(page_count(files[h.id].read_bytes()) for h in documents_of_session(programme, session_id))
        assert page_count(files[session_id].read_bytes()) == expected
