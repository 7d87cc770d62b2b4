"""Handout files: listed in the guide, copied into the site and linked from the session page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from builder.build import BuildOptions, run_build
from conftest import REPO


def test_handout_is_copied_into_the_site_and_linked(mini_project: Path) -> None:
    handouts = mini_project / "curricula" / "handouts"
    handouts.mkdir()
    (handouts / "quiz-effets.pdf").write_bytes(b"%PDF-1.4 quiz\n")
    path = mini_project / "curricula" / "programmes" / "stage-mini.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '        debrief: ["Qu\'est-ce qui vous a surpris ?"]\n',
        '        debrief: ["Qu\'est-ce qui vous a surpris ?"]\n        handouts: ["../handouts/quiz-effets.pdf"]\n',
    )
    path.write_text(text, encoding="utf-8")
    (mini_project / "mkdocs.yml").write_text(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    shutil.copytree(REPO / "site", mini_project / "site")
    problems, _ = run_build(
        BuildOptions(root=mini_project, out=mini_project / "build", targets=("guides", "site"), quiet=True)
    )
    assert problems == []
    site = mini_project / "build" / "site"
    copied = site / "downloads" / "files" / "curricula" / "handouts" / "quiz-effets.pdf"
    assert copied.read_bytes() == b"%PDF-1.4 quiz\n"
    pages = [p for p in site.rglob("*.html") if "quiz-effets.pdf" in p.read_text(encoding="utf-8")]
    assert pages, "no page links the handout"
    for page in pages:
        for href in re.findall(r'href="([^"]*quiz-effets\.pdf)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve() == copied.resolve()
    guide = (mini_project / "build" / "guides" / "stage-mini.html").read_text(encoding="utf-8")
    assert "quiz-effets.pdf" in guide
