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
import re
from dataclasses import dataclass

from lxml import etree
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import PP_ALIGN
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from builder.render import fmt
from builder.render.context import TemplateProblem
from builder.render.deck_master import CONTENT_LAYOUT, SECTION_LAYOUT, TITLE_LAYOUT, DeckMaster, Role
from builder.render.deck_text import Fit, line_count, paginate_indexed


class SlideKind(str, enum.Enum):
    """The three kinds of slide a deck uses, each on its named layout."""

    TITLE = TITLE_LAYOUT  # title and subtitle lines
    CONTENT = CONTENT_LAYOUT  # title and a bulleted list, split when long
    SECTION = SECTION_LAYOUT  # title and a short line (breaks, closing)


@dataclass(frozen=True)
class Point:
    """One paragraph of a slide's body, with what the speaker notes say about it.

    ``notes`` go to the notes of the slide that shows the point (a continuation
    slide carries only its own points' notes). A ``heading`` is a line without
    bullet that starts a group of points kept on one slide when they fit (a
    debrief under an activity's key points). ``link`` makes the text a hyperlink;
    ``number`` > 0 numbers the point (automatic numbering, no "• 1."). A point with
    ``links`` ((text, address) pairs found in its text) is a line without bullet whose
    text up to the first link is its label (``Documents : A · B``); it starts a group.
    """

    text: str
    notes: str = ""
    link: str = ""
    heading: bool = False
    number: int = 0
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SlideSpec:
    """One planned slide: its kind, title, body paragraphs and speaker notes.

    ``notes`` open the notes of the slide (of its first part when the body is
    split); ``continued`` opens those of the continuation slides (e.g. the timing
    line), which otherwise carry only their own points' notes. ``numbered`` numbers
    the points 1, 2, 3… across the parts.
    """

    kind: SlideKind
    title: str
    body: tuple[str | Point, ...]
    notes: str
    continued: str = ""
    numbered: bool = False
    dense: bool = False
    """One-line rows (an agenda): as many points as lines fit, not the usual seven."""

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a slide needs a title")
        if self.kind is SlideKind.CONTENT and not self.body:
            raise ValueError(f"content slide '{self.title}' has no points")
        if not self.notes.strip() and not any(p.notes.strip() for p in self.points):
            raise ValueError(f"slide '{self.title}' has no speaker notes")

    @property
    def points(self) -> tuple[Point, ...]:
        """The body as points (plain strings are points without notes)."""
        return tuple(p if isinstance(p, Point) else Point(p) for p in self.body)

    @property
    def texts(self) -> tuple[str, ...]:
        """The body's paragraphs as text."""
        return tuple(p.text for p in self.points)

    def groups(self) -> list[list[Point]]:
        """The points cut before each heading: what pagination keeps together when it fits."""
        groups: list[list[Point]] = []
        for point in self.points:
            if point.heading or point.links or not groups:
                groups.append([])
            groups[-1].append(point)
        return groups


LANGUAGE_IDS = {"fr": MSO_LANGUAGE_ID.FRENCH, "en": MSO_LANGUAGE_ID.ENGLISH_UK, "ka": MSO_LANGUAGE_ID.GEORGIAN}
LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB", "ka": "ka-GE"}
SCRIPT_FONTS = {"ka": ("Geor", "Sylfaen")}
"""The theme font for a language's script when the master's Latin font lacks it: Georgian text
in Arial would show empty boxes, so PowerPoint draws it in Sylfaen (shipped with Office); LibreOffice,
without Sylfaen, falls back to a font of the run's language (ka-GE), DejaVu Sans on Linux."""


@dataclass(frozen=True)
class DeckMeta:
    """What a deck says about itself: file properties and the footer of its slides.

    ``footer`` is the programme's short title (see :func:`builder.render.fmt.programme_short_title`); ``author``
    the organisation from the project settings, empty when none is set.
    """

    programme_title: str
    language: str
    stamp: dt.datetime
    author: str = ""
    footer: str = ""

    @property
    def language_tag(self) -> str:
        return LANGUAGE_TAGS.get(self.language, self.language)

    @property
    def footer_text(self) -> str:
        return self.footer or fmt.short_title(self.programme_title)


def _join_notes(*blocks: str) -> str:
    return "\n\n".join(b for b in (block.strip("\n") for block in blocks) if b.strip())


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]


def paginate_specs(specs: list[SlideSpec], fit: Fit) -> list[SlideSpec]:
    """Every content slide cut into as many slides as its points need, titles numbered ``(i/n)``.

    A group (a heading and its points) stays on one slide when it fits one; groups
    share a slide when they fit together. Each resulting slide's notes are the
    spec's notes (first part) or its ``continued`` notes, then the notes of the
    points it shows; points on the result carry no notes of their own.
    """
    result: list[SlideSpec] = []
    for spec in specs:
        if spec.kind is not SlideKind.CONTENT:
            result.append(spec)
            continue
        pages = _pages(spec, fit)
        for number, page in enumerate(pages, start=1):
            title = spec.title if len(pages) == 1 else f"{spec.title} ({number}/{len(pages)})"
            lead = spec.notes if number == 1 else (spec.continued or _first_line(spec.notes))
            notes = _join_notes(lead, *_point_notes(page))
            shown = tuple(Point(p.text, "", p.link, p.heading, p.number, p.links) for p in page)
            result.append(SlideSpec(spec.kind, title, shown, notes))
    return result


def _point_notes(page: list[Point]) -> list[str]:
    """The notes of a slide's points: one block per point, a heading's points in its block."""
    blocks: list[list[str]] = []
    grouped = False
    for point in page:
        if point.heading or not grouped:
            blocks.append([])
            grouped = grouped or point.heading
        if point.notes.strip():
            blocks[-1].append(point.notes)
    return ["\n".join(block) for block in blocks if block]


def _pages(spec: SlideSpec, fit: Fit) -> list[list[Point]]:
    """The points of ``spec`` laid out on pages (long points cut; numbering kept across pages)."""
    if spec.dense:
        fit = Fit(fit.line_ems, fit.max_lines, max(fit.max_points, fit.max_lines))
    counter = 0
    pages: list[list[Point]] = []
    current: list[Point] = []
    last_group = 0  # where the last group on ``current`` starts
    for group in spec.groups():
        heading = group[0] if group[0].heading else None
        items = group[1:] if heading else group
        room = Fit(fit.line_ems, max(fit.max_lines - (1 if heading else 0), 1), fit.max_points)
        laid: list[list[Point]] = []
        seen: set[int] = set()
        for part in paginate_indexed([p.text for p in items], room):
            page = [heading] if heading else []
            for index, piece in part:
                original = items[index]
                first = index not in seen  # a long point cut in pieces: its notes and number go with the first
                seen.add(index)
                number = 0
                if spec.numbered and first:
                    counter += 1
                    number = counter
                page.append(Point(piece, original.notes if first else "", original.link, False, number, original.links))
            laid.append(page)
        if not items and heading:
            laid = [[heading]]
        if len(laid) == 1 and current and _page_fits(current + laid[0], fit):
            current.extend(laid[0])
            last_group = len(current) - len(laid[0])
            continue
        carried: list[Point] = []
        if len(laid) == 1 and current and 0 < last_group and _lines(laid[0], fit) <= 2:
            # a short group (a documents line) would sit alone on a continuation: take the group before it along
            carried, current = current[last_group:], current[:last_group]
            if not _page_fits(carried + laid[0], fit):
                current, carried = current + carried, []
        if current:
            pages.append(current)
        pages.extend(laid[:-1])
        current = carried + laid[-1] if laid else []
        last_group = len(carried)
    if current:
        pages.append(current)
    return pages


def _lines(points: list[Point], fit: Fit) -> int:
    return sum(line_count(p.text, fit.line_ems) for p in points)


def _page_fits(points: list[Point], fit: Fit) -> bool:
    """Headings and link lines take lines but are not counted as points."""
    counted = [p.text for p in points if not p.heading and not p.links]
    extra = sum(line_count(p.text, fit.line_ems) for p in points if p.heading or p.links)
    return len(counted) <= fit.max_points and sum(line_count(t, fit.line_ems) for t in counted) + extra <= fit.max_lines


def write_deck(master: DeckMaster, specs: list[SlideSpec], language: str, meta: DeckMeta | None = None) -> bytes:
    """The .pptx bytes of ``specs`` (paginated) on ``master``, text tagged with ``language``.

    Every slide's title is in its layout's title placeholder (what screen readers
    announce first). With ``meta``, every slide but title slides carries its number and
    the programme's short title at its foot as plain text (read by screen readers,
    printed by every viewer), and the file properties name the deck, programme,
    language, author and stamp.
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
            _fill_points(_frame(slide, slots[text_role]), spec.points, lang)
            filled.add(slots[text_role])
        _remove_unfilled(slide, filled)
        notes = slide.notes_slide.notes_text_frame
        if notes is None:
            raise TemplateProblem(f"{master.path}: the notes master has no body placeholder for speaker notes")
        _fill(notes, tuple(spec.notes.split("\n")), lang)
        _shrink_on_overflow(notes)
        if meta is not None and spec.kind is not SlideKind.TITLE:
            colour = FOOTER_LIGHT if spec.kind is SlideKind.SECTION else FOOTER_GREY
            _add_footer(prs, slide, meta.footer_text, number, lang, colour)
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
    core.author = meta.author  # the organisation, or empty: never python-pptx's template's author
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
            count = str(len(prs.slides)).encode()
            blob = part.blob.replace(b"On-screen Show (4:3)", b"On-screen Show (16:9)")  # an organisation's old master
            blob = blob.replace(b"Microsoft Macintosh PowerPoint", b"Stagecraft")
            blob = re.sub(rb"<Slides>\d+</Slides>", b"<Slides>" + count + b"</Slides>", blob)
            blob = re.sub(rb"<Notes>\d+</Notes>", b"<Notes>" + count + b"</Notes>", blob)
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


HEADING_COLOUR = MSO_THEME_COLOR.ACCENT_1


def _fill_points(frame: TextFrame, points: tuple[Point, ...], lang: MSO_LANGUAGE_ID) -> None:
    """One paragraph per point: headings bold without bullet, numbered points auto-numbered, links clickable."""
    _fill(frame, tuple(p.text for p in points), lang)
    for paragraph, point in zip(frame.paragraphs, points):
        ppr = paragraph._p.get_or_add_pPr()
        if point.heading:
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            _set_bullet(ppr, etree.Element(qn("a:buNone")))
            for run in paragraph.runs:
                run.font.bold = True
                run.font.color.theme_color = HEADING_COLOUR
        elif point.number:
            _set_bullet(ppr, etree.Element(qn("a:buAutoNum"), type="arabicPeriod", startAt=str(point.number)))
        if point.link:
            for run in paragraph.runs:
                run.hyperlink.address = point.link
        if point.links:
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            _set_bullet(ppr, etree.Element(qn("a:buNone")))
            _link_runs(paragraph, point.links, lang)


def _link_runs(paragraph: _Paragraph, links: tuple[tuple[str, str], ...], lang: MSO_LANGUAGE_ID) -> None:
    """Rebuild the paragraph's runs so each linked text is its own clickable run; the label before the
    first link is bold in the heading colour."""
    text = paragraph.text
    pieces: list[tuple[str, str]] = []
    position = 0
    for label, address in links:
        found = text.find(label, position)
        if found < 0:
            continue  # not in this part of a point cut over two slides
        if found > position:
            pieces.append((text[position:found], ""))
        pieces.append((label, address))
        position = found + len(label)
    if position < len(text):
        pieces.append((text[position:], ""))
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    for index, (part, address) in enumerate(pieces):
        run = paragraph.add_run()
        run.text = part
        run.font.language_id = lang
        if address:
            run.hyperlink.address = address
        elif index == 0:
            run.font.bold = True
            run.font.color.theme_color = HEADING_COLOUR


def _set_bullet(ppr: etree._Element, bullet: etree._Element) -> None:
    """Put ``bullet`` in the paragraph properties, in its schema place (before tabs, default run, extensions)."""
    for old in ppr.findall(qn("a:buNone")) + ppr.findall(qn("a:buAutoNum")) + ppr.findall(qn("a:buChar")):
        ppr.remove(old)
    after = [ppr.find(qn(tag)) for tag in ("a:tabLst", "a:defRPr", "a:extLst")]
    anchor = next((a for a in after if a is not None), None)
    if anchor is None:
        ppr.append(bullet)
    else:
        anchor.addprevious(bullet)


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
