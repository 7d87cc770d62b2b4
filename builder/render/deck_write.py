"""Turn planned slides into a .pptx: placeholders filled by role, notes on every slide.

A :class:`SlideSpec` is what a slide says, independent of python-pptx. The writer
splits a content slide whose points do not fit into several slides titled
``Title (1/2)``, ``Title (2/2)``, each with the same speaker notes; it fills the
layout's placeholders as text (never pictures) and removes every placeholder it
did not fill, so no "Click to add text" box is left on a slide.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass

from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide
from pptx.text.text import TextFrame

from builder.render.context import TemplateProblem
from builder.render.deck_master import CONTENT_LAYOUT, SECTION_LAYOUT, TITLE_LAYOUT, DeckMaster, Role
from builder.render.deck_text import Fit, paginate


class Kind(str, enum.Enum):
    """The three kinds of slide a deck uses, each on its named layout."""

    TITLE = TITLE_LAYOUT  # title and subtitle lines
    CONTENT = CONTENT_LAYOUT  # title and a bulleted list, split when long
    SECTION = SECTION_LAYOUT  # title and a short line (breaks, closing)


@dataclass(frozen=True)
class SlideSpec:
    """One planned slide: its kind, title, body paragraphs and speaker notes."""

    kind: Kind
    title: str
    body: tuple[str, ...]
    notes: str

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a slide needs a title")
        if self.kind is Kind.CONTENT and not self.body:
            raise ValueError(f"content slide '{self.title}' has no points")
        if not self.notes.strip():
            raise ValueError(f"slide '{self.title}' has no speaker notes")


LANGUAGE_IDS = {"fr": MSO_LANGUAGE_ID.FRENCH, "en": MSO_LANGUAGE_ID.ENGLISH_UK}


def paginate_specs(specs: list[SlideSpec], fit: Fit) -> list[SlideSpec]:
    """Every content slide split into as many slides as its points need, titles numbered ``(i/n)``."""
    result: list[SlideSpec] = []
    for spec in specs:
        if spec.kind is not Kind.CONTENT:
            result.append(spec)
            continue
        pages = paginate(spec.body, fit)
        for number, page in enumerate(pages, start=1):
            title = spec.title if len(pages) == 1 else f"{spec.title} ({number}/{len(pages)})"
            result.append(SlideSpec(spec.kind, title, tuple(page), spec.notes))
    return result


def write_deck(master: DeckMaster, specs: list[SlideSpec], language: str) -> bytes:
    """The .pptx bytes of ``specs`` (paginated) on ``master``, text tagged with ``language``."""
    prs = master.open()
    lang = LANGUAGE_IDS.get(language, MSO_LANGUAGE_ID.NONE)
    layouts = {kind: master.layout(prs, kind.value) for kind in Kind}
    for spec in paginate_specs(specs, master.fit):
        slide = prs.slides.add_slide(layouts[spec.kind])
        slots = master.slots[spec.kind.value]
        filled = {slots[Role.TITLE]}
        _fill(_frame(slide, slots[Role.TITLE]), (spec.title,), lang)
        text_role = Role.SUBTITLE if spec.kind is Kind.TITLE else Role.BODY
        if spec.body:
            _fill(_frame(slide, slots[text_role]), spec.body, lang)
            filled.add(slots[text_role])
        _remove_unfilled(slide, filled)
        notes = slide.notes_slide.notes_text_frame
        if notes is None:
            raise TemplateProblem(f"{master.path}: the notes master has no body placeholder for speaker notes")
        _fill(notes, tuple(spec.notes.split("\n")), lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _frame(slide: Slide, idx: int) -> TextFrame:
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph.text_frame  # type: ignore[no-any-return]
    raise TemplateProblem(f"slide layout '{slide.slide_layout.name}' lost its placeholder {idx}")


def _fill(frame: TextFrame, paragraphs: tuple[str, ...], lang: MSO_LANGUAGE_ID) -> None:
    """Replace the frame's text with one paragraph per item, each run tagged with the language."""
    frame.text = paragraphs[0]
    for text in paragraphs[1:]:
        frame.add_paragraph().text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.language_id = lang


def _remove_unfilled(slide: Slide, filled: set[int]) -> None:
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in filled:
            element = ph._element
            element.getparent().remove(element)
