#!/usr/bin/env python
"""Regenerate ``templates/deck/master.pptx``: Stagecraft's 16:9 slide master.

python-pptx's default template is 4:3, and changing ``slide_width`` alone leaves
every layout and master placeholder where it was on the 4:3 page. This script
starts from that default, sets the widescreen size (13.333 x 7.5 in), moves and
resizes every master and layout shape proportionally, and sets the theme: colours,
fonts (Arial, present in PowerPoint everywhere and mapped to a metric-compatible
font by LibreOffice), text sizes that stay readable from the back of a room, and a
few decorative shapes. The layout names python-pptx ships ("Title Slide", "Title
and Content", "Section Header", ...) are kept: the deck renderer and pandoc's
``--reference-doc`` both choose layouts by those names.

An organisation replaces the result with its own master (logo, colours, fonts) by
putting ``deck/master.pptx`` in its ``--templates`` folder; this script is only
for the default.

Usage: python scripts/make_master.py [OUTPUT]   (default: templates/deck/master.pptx)
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import NotesMaster, SlideLayout, SlideMaster
from pptx.util import Emu

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builder.render.deck_write import list_notes_master  # noqa: E402

WIDE = Emu(12192000)  # 13.333 in
HIGH = Emu(6858000)  # 7.5 in
OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "deck" / "master.pptx"

A = "http://schemas.openxmlformats.org/drawingml/2006/main"

COLOURS = {
    "dk1": "1B1F24",  # body text: near black
    "lt1": "FFFFFF",
    "dk2": "1F3A5F",  # titles, section backgrounds: navy
    "lt2": "EEF2F6",
    "accent1": "2E6DA4",  # blue
    "accent2": "D9822B",  # orange
    "accent3": "3C8D5A",
    "accent4": "7A5C99",
    "accent5": "2A9BB0",
    "accent6": "B8443C",
    "hlink": "2E6DA4",
    "folHlink": "7A5C99",
}
FONT = "Arial"
TITLE_SIZE = 3200  # hundredths of a point
BODY_SIZES = (2400, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600)
SUBTITLE_SIZE = 2000


def scale_shapes(tree: etree._Element, sx: float, sy: float) -> None:
    """Scale every shape position and size in a master or layout shape tree."""
    for xfrm in tree.iter(qn("a:xfrm"), qn("p:xfrm")):
        off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        if off is not None:
            off.set("x", str(round(int(off.get("x")) * sx)))
            off.set("y", str(round(int(off.get("y")) * sy)))
        if ext is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * sx)))
            ext.set("cy", str(round(int(ext.get("cy")) * sy)))


def _defrpr(level_ppr: etree._Element) -> etree._Element:
    found = level_ppr.find(qn("a:defRPr"))
    if found is None:
        found = etree.SubElement(level_ppr, qn("a:defRPr"))
    return found


def _fill(rpr: etree._Element, scheme: str) -> None:
    """Give a run-properties element a solid scheme-colour fill (replacing any fill)."""
    for old in rpr.findall(qn("a:solidFill")):
        rpr.remove(old)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val=scheme)
    rpr.insert(0, fill)


def style_master(master: SlideMaster) -> None:
    """Text styles: left-aligned navy titles, readable body sizes, no shrinking of body text."""
    el = master._element
    title = el.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    rpr = _defrpr(title)
    rpr.set("sz", str(TITLE_SIZE))
    rpr.set("b", "1")
    _fill(rpr, "tx2")
    body = el.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}")
    for level, size in enumerate(BODY_SIZES, start=1):
        ppr = body.find(qn(f"a:lvl{level}pPr"))
        if ppr is not None:
            _defrpr(ppr).set("sz", str(size))
    # Body text keeps its size: the renderer splits long lists over several slides instead.
    for sp in el.iter(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("type") == "body":
            body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            for child in list(body_pr):
                body_pr.remove(child)
            etree.SubElement(body_pr, qn("a:noAutofit"))


def _rect(shape_id: int, name: str, x: int, y: int, cx: int, cy: int, scheme: str) -> etree._Element:
    """A plain filled rectangle (decoration, not a placeholder)."""
    xml = (
        f'<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A}">'
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>'
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>'
        f"</p:sp>"
    )
    return etree.fromstring(xml)


def _insert_behind(tree: etree._Element, shape: etree._Element) -> None:
    """Put a decoration first in the shape tree so placeholders draw on top of it."""
    grp = tree.find(qn("p:grpSpPr"))
    grp.addnext(shape)


def decorate(master: SlideMaster) -> None:
    """An accent bar over every content slide; a navy band on the title slide; navy section slides."""
    tree = master._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    _insert_behind(tree, _rect(90, "Accent Bar", 0, 0, int(WIDE), 91440, "accent1"))
    for layout in master.slide_layouts:
        if layout.name == "Title Slide":
            _title_layout(layout)
        elif layout.name == "Section Header":
            _section_layout(layout)


def _title_layout(layout: SlideLayout) -> None:
    el = layout._element
    el.set("showMasterSp", "0")
    tree = el.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    _insert_behind(tree, _rect(90, "Title Band", 0, 0, 365760, int(HIGH), "tx2"))
    _insert_behind(tree, _rect(91, "Title Rule", 685800 * 4 // 3, 3680000, 2400000, 54864, "accent2"))
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is None:
            continue
        lst = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
        if ph.get("type") == "ctrTitle":
            ppr = lst.find(qn("a:lvl1pPr"))
            if ppr is None:
                ppr = etree.SubElement(lst, qn("a:lvl1pPr"))
            ppr.set("algn", "l")
            _defrpr(ppr).set("sz", "4000")
            body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            body_pr.set("anchor", "b")
        elif ph.get("type") == "subTitle":
            for ppr in lst:
                ppr.set("algn", "l")
                ppr.set("marL", "0")
            _defrpr(lst.find(qn("a:lvl1pPr"))).set("sz", str(SUBTITLE_SIZE))
    # Left-align title and subtitle on one edge, clear of the band.
    for ph in layout.placeholders:
        if ph.placeholder_format.idx in (0, 1):
            ph.left = Emu(685800 * 4 // 3)
            ph.width = Emu(int(WIDE) - 2 * ph.left)
    for ph in layout.placeholders:
        if ph.placeholder_format.idx == 1:
            ph.top = Emu(3886200)


def _section_layout(layout: SlideLayout) -> None:
    """Navy background; the title above an orange rule, the short body line below it."""
    el = layout._element
    el.set("showMasterSp", "0")
    csld = el.find(qn("p:cSld"))
    bg = etree.fromstring(
        f'<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A}">'
        f'<p:bgPr><a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    )
    csld.insert(0, bg)
    tree = csld.find(qn("p:spTree"))
    left = 722313 * 4 // 3
    _insert_behind(tree, _rect(90, "Section Rule", left, 3840480, 2400000, 54864, "accent2"))
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is None or ph.get("type") not in ("title", "body"):
            continue
        is_title = ph.get("type") == "title"
        off = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
        ext = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")
        off.set("x", str(left))
        off.set("y", str(1600200 if is_title else 4023360))
        ext.set("cx", str(int(WIDE) - 2 * left))
        ext.set("cy", str(2148840 if is_title else 1600200))
        sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}").set("anchor", "b" if is_title else "t")
        lst = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
        ppr = lst.find(qn("a:lvl1pPr"))
        if ppr is None:
            ppr = etree.SubElement(lst, qn("a:lvl1pPr"))
        rpr = _defrpr(ppr)
        rpr.attrib.pop("cap", None)
        _fill(rpr, "bg1")
        if not is_title:
            rpr.find(qn("a:solidFill"))[0].append(etree.Element(qn("a:lumMod"), val="85000"))
            rpr.set("sz", "2400")


def style_notes(notes_master: NotesMaster) -> None:
    """Notes pages: a 16:9 slide image, a taller notes box in 11 pt that shrinks to fit when printed."""
    boxes = {
        "Slide Image Placeholder 3": (685800, 502920, 5486400, 3086100),
        "Notes Placeholder 4": (685800, 3749040, 5486400, 4846320),
    }
    for shape in notes_master.shapes:
        if shape.name in boxes:
            shape.left, shape.top, shape.width, shape.height = (Emu(v) for v in boxes[shape.name])
        if shape.name == "Notes Placeholder 4":
            body_pr = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            for child in list(body_pr):
                body_pr.remove(child)
            etree.SubElement(body_pr, qn("a:normAutofit"))
    style = notes_master._element.find(f"{qn('p:notesStyle')}/{qn('a:lvl1pPr')}")
    _defrpr(style).set("sz", "1100")


def set_theme(master: SlideMaster) -> None:
    """Theme colours and fonts (Georgian falls back to Sylfaen in PowerPoint, DejaVu in LibreOffice)."""
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", "Stagecraft")
    scheme = theme.find(f".//{{{A}}}clrScheme")
    scheme.set("name", "Stagecraft")
    for slot, value in COLOURS.items():
        holder = scheme.find(f"{{{A}}}{slot}")
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, f"{{{A}}}srgbClr", val=value)
    fonts = theme.find(f".//{{{A}}}fontScheme")
    fonts.set("name", "Stagecraft")
    for which in ("majorFont", "minorFont"):
        group = fonts.find(f"{{{A}}}{which}")
        group.find(f"{{{A}}}latin").set("typeface", FONT)
        if not any(f.get("script") == "Geor" for f in group.findall(f"{{{A}}}font")):
            etree.SubElement(group, f"{{{A}}}font", script="Geor", typeface="Sylfaen")
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


MASTER_DATE = dt.datetime(2026, 12, 2, 0, 0, 0)
"""When this design of the master was made (kept fixed so the script gives the same file)."""


def set_properties(prs: PresentationObject) -> None:
    """The master's own file properties: its name, no author, a fixed date, and 16:9 in ``app.xml``.

    python-pptx's template says "last modified by Steve Canny", 2013 and "On-screen Show (4:3)";
    decks copy these parts, so the master must not carry them.
    """
    core = prs.core_properties
    core.title = "Stagecraft 16:9"
    core.subject = ""
    core.author = ""
    core.last_modified_by = ""
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.revision = 1
    core.created = MASTER_DATE
    core.modified = MASTER_DATE
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":  # python-pptx reads but never writes this part
            part._blob = APP_XML


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<TotalTime>0</TotalTime><Words>0</Words><Application>Stagecraft</Application>"
    b"<PresentationFormat>On-screen Show (16:9)</PresentationFormat><Paragraphs>0</Paragraphs>"
    b"<Slides>0</Slides><Notes>0</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def make_master() -> bytes:
    """The 16:9 master as .pptx bytes (no slides; a notes master included)."""
    prs = Presentation()
    sx = int(WIDE) / prs.slide_width
    sy = int(HIGH) / prs.slide_height
    prs.slide_width, prs.slide_height = WIDE, HIGH
    size = prs._element.find(qn("p:sldSz"))
    size.attrib.pop("type", None)  # "screen4x3" no longer applies; widescreen has no type
    for master in prs.slide_masters:
        scale_shapes(master._element.find(qn("p:cSld")), sx, sy)
        for layout in master.slide_layouts:
            scale_shapes(layout._element.find(qn("p:cSld")), sx, sy)
        style_master(master)
        decorate(master)
        set_theme(master)
    style_notes(prs.notes_master)  # created now so an organisation can restyle the notes pages too
    list_notes_master(prs)
    prs.slides  # adds an empty <p:sldIdLst/>: pandoc < 3.9 drops every slide without one (jgm/pandoc#7536)
    set_properties(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(make_master())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
