"""French typography in participant documents, as a reader sees it on the printed page.

poppler's ``pdftotext -bbox`` gives every word with its box. What a reader of a French
handout sees, checked on every handout of every shipped French programme:

- a full space before ``:`` and inside « », a thin one (narrower than a word space)
  before ``;``, ``?`` and ``!``, never none;
- no line that starts with ``: ; ? ! »`` and no line that ends with «: the spaces are
  no-break spaces, so the punctuation stays with its word.

The widths are DejaVu Sans's (the handouts' embedded font): a word space is 0.318 em,
the narrow no-break space (U+202F) 0.2 em.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.render.context import RenderContext
from builder.render.handouts import render_programme
from conftest import REPO, require_tool, validate_from

WORD_SPACE_EM = 0.318
THIN_SPACE_EM = 0.2
TOLERANCE_EM = 0.05

FRENCH = sorted(
    p.stem
    for p in (REPO / "curricula" / "programmes").glob("*.yaml")
    if re.search(r"^language:\s*fr\s*$", p.read_text(encoding="utf-8"), re.MULTILINE)
)

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    @property
    def size(self) -> float:
        """The font size in points (pdftotext's box height is the font size)."""
        return self.y_max - self.y_min


def lines_of(pdf: Path) -> list[list[Word]]:
    """The PDF's lines of words, in reading order, from poppler's word boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines: list[list[Word]] = []
    for page in out.split("<page ")[1:]:
        current: list[Word] = []
        for x0, y0, x1, y1, text in _WORD.findall(page):
            word = Word(html.unescape(text), float(x0), float(x1), float(y0), float(y1))
            if current and (abs(word.y_min - current[-1].y_min) > 1 or word.x_min < current[-1].x_min):
                lines.append(current)
                current = []
            current.append(word)
        if current:
            lines.append(current)
    return lines


def typography_faults(pdf: Path) -> list[str]:
    """What a reader would see as broken French typography in one PDF, with the line it is on."""
    faults = []
    for line in lines_of(pdf):
        said = " ".join(w.text for w in line)
        if line[0].text[0] in ":;?!»":
            faults.append(f"line starts with {line[0].text[0]!r}: {said}")
        if line[-1].text == "«":
            faults.append(f"line ends with '«': {said}")
        for before, word in zip(line, line[1:]):
            gap = (word.x_min - before.x_max) / word.size
            if word.text in (":", "»") or before.text == "«":
                if abs(gap - WORD_SPACE_EM) > TOLERANCE_EM:
                    faults.append(f"space of {gap:.2f} em (expected {WORD_SPACE_EM}) at {before.text!r} {word.text!r}: {said}")
            elif word.text[0] in ";?!" and not before.text.endswith(("(", "«")):
                if abs(gap - THIN_SPACE_EM) > TOLERANCE_EM:
                    faults.append(f"space of {gap:.2f} em (expected a thin {THIN_SPACE_EM}) at {before.text!r} {word.text!r}: {said}")
        for word in line:
            if re.search(r"[^\d\s/][:;?!]$|[«][^\s]|[^\s]»", word.text) and not re.match(r"https?:", word.text):
                faults.append(f"no space in {word.text!r}: {said}")
    return faults


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    project, _ = validate_from(REPO)
    return project


def test_the_french_programmes_are_found() -> None:
    assert {"stupefiants", "citoyennete-majeurs", "violences-couple"} <= set(FRENCH)
    assert "resocialisation-adults" not in FRENCH


@pytest.mark.parametrize("programme_id", FRENCH)
def test_french_handouts_keep_french_typography_on_the_page(library, programme_id: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    require_tool("pdftotext", "handout text and word boxes are read back with poppler")
    ctx = RenderContext(project=library)
    loaded = next(p for p in library.programmes if p.model.id == programme_id)
    view = ctx.view(loaded)
    handout_ids = {h.id for h in view.programme.handouts}
    checked = 0
    for artifact in render_programme(ctx, view):
        path = tmp_path / Path(artifact.path).name
        if path.stem not in handout_ids:
            continue  # session packs repeat the handouts
        path.write_bytes(artifact.data)
        assert typography_faults(path) == [], f"{programme_id}/{path.name}"
        checked += 1
    assert checked == len(handout_ids)


def test_the_check_sees_a_plain_space_and_a_missing_one(tmp_path: Path) -> None:
    """The measure itself: a PDF typed with plain spaces (or none) fails, the typeset one passes."""
    require_tool("pdftotext", "handout text and word boxes are read back with poppler")
    import typst

    def pdf(text: str, name: str) -> Path:
        source = tmp_path / f"{name}.typ"
        source.write_text(
            '#set text(font: "DejaVu Sans", size: 14pt, lang: "fr")\n#set page(width: 30cm, height: 5cm)\n'
            + text
            + "\n",
            encoding="utf-8",
        )
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(typst.compile(str(source)))
        return out

    good = pdf("Pour chaque phrase\u00a0: que veut-il\u202f? Il dit «\u00a0oui\u00a0» et part\u202f!", "good")
    assert typography_faults(good) == []
    plain = pdf("Pour chaque phrase : que veut-il ? Il dit « oui » et part !", "plain")
    assert [f for f in typography_faults(plain) if "thin" in f]  # a word space before ? and !
    none = pdf("Pour chaque phrase: que veut-il? Il dit «oui» et part!", "none")
    assert len([f for f in typography_faults(none) if f.startswith("no space")]) == 4
