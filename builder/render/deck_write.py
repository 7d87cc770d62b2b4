"""Turn planned slides into a .pptx: placeholders filled by role, notes on every slide.

A :class:`SlideSpec` is what a slide says, independent of python-pptx. The writer
splits a content slide whose points do not fit into several slides titled
``Title (1/2)``, ``Title (2/2)``, each with the same speaker notes; it fills the
layout's placeholders as text (never pictures) and removes every placeholder it
did not fill, so no "Click to add text" box is left on a slide.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
from dataclasses import dataclass

from lxml import etree
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from builder.render.context import TemplateProblem
from builder.render.deck_master import CONTENT_LAYOUT, SECTION_LAYOUT, TITLE_LAYOUT, DeckMaster, Role
from builder.render.deck_text import Fit, paginate


class SlideKind(str, enum.Enum):
    """The three kinds of slide a deck uses, each on its named layout."""

    TITLE = TITLE_LAYOUT  # title and subtitle lines
    CONTENT = CONTENT_LAYOUT  # title and a bulleted list, split when long
    SECTION = SECTION_LAYOUT  # title and a short line (breaks, closing)


@dataclass(frozen=True)
class SlideSpec:
    """One planned slide: its kind, title, body paragraphs and speaker notes."""

    kind: SlideKind
    title: str
    body: tuple[str, ...]
    notes: str

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a slide needs a title")
        if self.kind is SlideKind.CONTENT and not self.body:
            raise ValueError(f"content slide '{self.title}' has no points")
        if not self.notes.strip():
            raise ValueError(f"slide '{self.title}' has no speaker notes")


LANGUAGE_IDS = {"fr": MSO_LANGUAGE_ID.FRENCH, "en": MSO_LANGUAGE_ID.ENGLISH_UK, "ka": MSO_LANGUAGE_ID.GEORGIAN}
LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB", "ka": "ka-GE"}
SCRIPT_FONTS = {"ka": ("Geor", "Sylfaen")}
"""The theme font for a language's script when the master's Latin font lacks it: Georgian text
in Arial would show empty boxes, so PowerPoint draws it in Sylfaen (shipped with Office); LibreOffice,
without Sylfaen, falls back to a font of the run's language (ka-GE), DejaVu Sans on Linux."""
DEFAULT_AUTHOR = "Stagecraft"
"""The author of every deck: no project setting names the organisation yet."""


@dataclass(frozen=True)
class DeckMeta:
    """What a deck says about itself: file properties and the footer of its content slides."""

    programme_title: str
    language: str
    stamp: dt.datetime
    author: str = DEFAULT_AUTHOR

    @property
    def language_tag(self) -> str:
        return LANGUAGE_TAGS.get(self.language, self.language)


def paginate_specs(specs: list[SlideSpec], fit: Fit) -> list[SlideSpec]:
    """Every content slide split into as many slides as its points need, titles numbered ``(i/n)``."""
    result: list[SlideSpec] = []
    for spec in specs:
        if spec.kind is not SlideKind.CONTENT:
            result.append(spec)
            continue
        pages = paginate(spec.body, fit)
        for number, page in enumerate(pages, start=1):
            title = spec.title if len(pages) == 1 else f"{spec.title} ({number}/{len(pages)})"
            result.append(SlideSpec(spec.kind, title, tuple(page), spec.notes))
    return result


def write_deck(master: DeckMaster, specs: list[SlideSpec], language: str, meta: DeckMeta | None = None) -> bytes:
    """The .pptx bytes of ``specs`` (paginated) on ``master``, text tagged with ``language``.

    With ``meta``, every slide but title slides carries its number and the programme's title
    at its foot as plain text (read by screen readers, printed by every viewer), and the file
    properties name the deck, programme, language, author and stamp.
    """
    prs = master.open()
    lang = LANGUAGE_IDS.get(language, MSO_LANGUAGE_ID.NONE)
    if language in SCRIPT_FONTS:
        _script_font(prs, *SCRIPT_FONTS[language])
    layouts = {kind: master.layout(prs, kind.value) for kind in SlideKind}
    for number, spec in enumerate(paginate_specs(specs, master.fit), start=1):
        slide = prs.slides.add_slide(layouts[spec.kind])
        slots = master.slots[spec.kind.value]
        filled = {slots[Role.TITLE]}
        _fill(_frame(slide, slots[Role.TITLE]), (spec.title,), lang)
        text_role = Role.SUBTITLE if spec.kind is SlideKind.TITLE else Role.BODY
        if spec.body:
            _fill(_frame(slide, slots[text_role]), spec.body, lang)
            filled.add(slots[text_role])
        _remove_unfilled(slide, filled)
        notes = slide.notes_slide.notes_text_frame
        if notes is None:
            raise TemplateProblem(f"{master.path}: the notes master has no body placeholder for speaker notes")
        _fill(notes, tuple(spec.notes.split("\n")), lang)
        _shrink_on_overflow(notes)
        if meta is not None and spec.kind is not SlideKind.TITLE:
            colour = FOOTER_LIGHT if spec.kind is SlideKind.SECTION else FOOTER_GREY
            _add_footer(prs, slide, meta.programme_title, number, lang, colour)
    list_notes_master(prs)
    if meta is not None:
        deck_title = specs[0].title if specs and specs[0].kind is SlideKind.TITLE else meta.programme_title
        _set_properties(prs, deck_title, meta)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _script_font(prs: PresentationObject, script: str, typeface: str) -> None:
    """Give every theme of the deck a font for ``script`` (unless the master already names one)."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    for slide_master in prs.slide_masters:
        part = slide_master.part.part_related_by(RT.THEME)
        theme = etree.fromstring(part.blob)
        changed = False
        for group in theme.iterfind(f".//{{{a}}}fontScheme/*"):
            if not any(f.get("script") == script for f in group.findall(f"{{{a}}}font")):
                etree.SubElement(group, f"{{{a}}}font", script=script, typeface=typeface)
                changed = True
        if changed:
            part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def list_notes_master(prs: PresentationObject) -> None:
    """Name the notes master in ``presentation.xml``, as PowerPoint does.

    python-pptx 1.0 relates a new notes master to the presentation but leaves
    ``<p:notesMasterIdLst>`` out (scanny/python-pptx#1128); Keynote then loses the
    notes and PowerPoint's Notes Pages view may too. Adds the list when missing.
    """
    element = prs._element
    if element.find(qn("p:notesMasterIdLst")) is not None:
        return
    r_id = prs.part.relate_to(prs.part.notes_master_part, RT.NOTES_MASTER)
    listed = etree.SubElement(element, qn("p:notesMasterIdLst"))
    etree.SubElement(listed, qn("p:notesMasterId")).set(qn("r:id"), r_id)
    element.find(qn("p:sldMasterIdLst")).addnext(listed)


FOOTER_PT = 12
FOOTER_GREY = RGBColor(0x5A, 0x63, 0x6E)  # on the white content slides
FOOTER_LIGHT = RGBColor(0xC9, 0xD3, 0xDE)  # on the default master's navy section slides


def _add_footer(
    prs: PresentationObject, slide: Slide, text: str, number: int, lang: MSO_LANGUAGE_ID, colour: RGBColor
) -> None:
    """The programme's title at the bottom left and the slide's number at the bottom right, as text boxes."""
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    margin, box_h = width // 20, Pt(FOOTER_PT * 2)
    top = height - box_h - height // 60
    number_w = width // 10
    boxes = (
        (margin, width - 2 * margin - number_w, text, PP_ALIGN.LEFT),
        (width - margin - number_w, number_w, str(number), PP_ALIGN.RIGHT),
    )
    for left, box_w, value, align in boxes:
        box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(box_w), box_h)
        box.name = "Footer" if align is PP_ALIGN.LEFT else "Slide Number"
        frame = box.text_frame
        frame.word_wrap = True  # LibreOffice centres an unwrapped box on its text, whatever its alignment
        frame.text = value
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        for run in paragraph.runs:
            run.font.size = Pt(FOOTER_PT)
            run.font.color.rgb = colour
            run.font.language_id = lang


def _set_properties(prs: PresentationObject, title: str, meta: DeckMeta) -> None:
    """File properties from the programme (never python-pptx's template's), and 16:9 in app.xml."""
    core = prs.core_properties
    core.title = title
    core.subject = meta.programme_title
    core.language = meta.language_tag
    core.author = meta.author
    core.last_modified_by = meta.author
    core.created = meta.stamp
    core.modified = meta.stamp
    core.last_printed = meta.stamp
    core.revision = 1
    core.comments = ""
    core.keywords = ""
    core.category = ""
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":  # python-pptx reads but never writes this part
            blob = part.blob.replace(b"On-screen Show (4:3)", b"On-screen Show (16:9)")
            blob = blob.replace(b"Microsoft Macintosh PowerPoint", b"Stagecraft")
            part.blob = blob


def _frame(slide: Slide, idx: int) -> TextFrame:
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph.text_frame
    raise TemplateProblem(f"slide layout '{slide.slide_layout.name}' lost its placeholder {idx}")


def _fill(frame: TextFrame, paragraphs: tuple[str, ...], lang: MSO_LANGUAGE_ID) -> None:
    """Replace the frame's text with one paragraph per item, each run tagged with the language."""
    frame.text = paragraphs[0]
    for text in paragraphs[1:]:
        frame.add_paragraph().text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.language_id = lang


def _shrink_on_overflow(frame: TextFrame) -> None:
    """Let long speaker notes shrink to fit a printed notes page rather than run off it.

    Slides never shrink (long lists are split instead); notes may, because a
    facilitator's script is read, not projected. LibreOffice honours this only on
    the notes slide itself, not when inherited from the notes master.
    """
    body_pr = frame._txBody.find(qn("a:bodyPr"))
    for child in list(body_pr):
        if child.tag in (qn("a:noAutofit"), qn("a:spAutoFit"), qn("a:normAutofit")):
            body_pr.remove(child)
    warp = body_pr.find(qn("a:prstTxWarp"))  # the schema puts autofit right after it, before any 3-D
    body_pr.insert(0 if warp is None else body_pr.index(warp) + 1, etree.Element(qn("a:normAutofit")))


def _remove_unfilled(slide: Slide, filled: set[int]) -> None:
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in filled:
            element = ph._element
            element.getparent().remove(element)
