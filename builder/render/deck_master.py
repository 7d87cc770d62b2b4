"""The slide master decks are built on: found, checked and measured once per build.

The master is ``deck/master.pptx`` in the first ``--templates`` folder that has
one, else Stagecraft's own ``templates/deck/master.pptx`` (16:9, made by
``scripts/make_master.py``). Layouts are chosen by name and placeholders by role,
so an organisation's master works as long as it has the three layouts below with
those roles; anything missing is a :class:`TemplateProblem` that lists what the
master does have.
"""

from __future__ import annotations

import enum
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import SlideLayout

from builder.problems import Location
from builder.render.context import DEFAULT_TEMPLATES, TemplateProblem
from builder.render.deck_text import Fit

MASTER_FILE = Path("deck") / "master.pptx"

TITLE_LAYOUT = "Title Slide"
CONTENT_LAYOUT = "Title and Content"
SECTION_LAYOUT = "Section Header"


class Role(str, enum.Enum):
    """What a placeholder is for, whatever its name in the master."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    BODY = "body"


ROLE_TYPES: dict[Role, frozenset[PP_PLACEHOLDER]] = {
    Role.TITLE: frozenset({PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}),
    Role.SUBTITLE: frozenset({PP_PLACEHOLDER.SUBTITLE}),
    Role.BODY: frozenset({PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}),
}

REQUIRED: dict[str, tuple[Role, ...]] = {
    TITLE_LAYOUT: (Role.TITLE, Role.SUBTITLE),
    CONTENT_LAYOUT: (Role.TITLE, Role.BODY),
    SECTION_LAYOUT: (Role.TITLE, Role.BODY),
}
"""The layouts decks use, by name, and the placeholder roles each must have."""

_EMU_PER_PT = 12700
_DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # left, top, right, bottom (OOXML defaults)


def find_master(template_dirs: tuple[Path, ...]) -> Path:
    """The master to use: the first ``--templates`` folder's ``deck/master.pptx``, else the default."""
    for folder in template_dirs:
        candidate = folder / MASTER_FILE
        if candidate.is_file():
            return candidate
    return DEFAULT_TEMPLATES / MASTER_FILE


def _role_of(kind: PP_PLACEHOLDER) -> str:
    for role, kinds in ROLE_TYPES.items():
        if kind in kinds:
            return role.value
    return str(kind).split(".")[-1].split(" ")[0].lower()


def _placeholders(layout: SlideLayout) -> list[LayoutPlaceholder]:
    return list(layout.placeholders)


def describe_layout(layout: SlideLayout) -> str:
    """``'Title 1' (title), 'Date Placeholder 3' (date)`` — what a layout offers."""
    shown = [f"'{ph.name}' ({_role_of(ph.placeholder_format.type)})" for ph in _placeholders(layout)]
    return ", ".join(shown) or "no placeholders"


@dataclass(frozen=True)
class DeckMaster:
    """A checked master: its bytes, where it came from, placeholder indexes per layout, and the body fit."""

    path: Path
    data: bytes
    slots: dict[str, dict[Role, int]]
    fit: Fit

    @classmethod
    def load(cls, template_dirs: tuple[Path, ...]) -> "DeckMaster":
        """Find, open and check the master; raise :class:`TemplateProblem` naming what is wrong."""
        path = find_master(template_dirs)
        try:
            data = path.read_bytes()
            prs = Presentation(io.BytesIO(data))
        except OSError as exc:
            raise TemplateProblem(f"cannot read the slide master: {exc.strerror or exc}", Location(str(path))) from None
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
            raise TemplateProblem(f"not a valid .pptx slide master ({type(exc).__name__}: {exc})", Location(str(path))) from None
        layouts = {layout.name: layout for master in prs.slide_masters for layout in master.slide_layouts}
        slots: dict[str, dict[Role, int]] = {}
        for name, roles in REQUIRED.items():
            layout = layouts.get(name)
            if layout is None:
                have = ", ".join(f"'{n}'" for n in layouts) or "none"
                raise TemplateProblem(  # located at the master file
                    location=Location(str(path)),
                    message=f"the slide master has no layout named '{name}' (decks need "
                    f"{', '.join(repr(n) for n in REQUIRED)}); its layouts are: {have}"
                )
            slots[name] = {role: _placeholder_idx(path, layout, role) for role in roles}
        body = _placeholder(layouts[CONTENT_LAYOUT], slots[CONTENT_LAYOUT][Role.BODY])
        return cls(path, data, slots, _measure(layouts[CONTENT_LAYOUT], body))

    def open(self) -> PresentationObject:
        """A fresh presentation on this master, with any sample slides of the master removed."""
        prs = Presentation(io.BytesIO(self.data))
        ids = prs.slides._sldIdLst
        for sld_id in list(ids):
            prs.part.drop_rel(sld_id.rId)
            ids.remove(sld_id)
        return prs

    def layout(self, prs: PresentationObject, name: str) -> SlideLayout:
        """The layout called ``name`` in ``prs`` (checked to exist by :meth:`load`)."""
        for master in prs.slide_masters:
            for layout in master.slide_layouts:
                if layout.name == name:
                    return cast(SlideLayout, layout)
        raise TemplateProblem(f"the slide master has no layout named '{name}'", Location(str(self.path)))


def _placeholder_idx(path: Path, layout: SlideLayout, role: Role) -> int:
    for ph in _placeholders(layout):
        if ph.placeholder_format.type in ROLE_TYPES[role]:
            return int(ph.placeholder_format.idx)
    raise TemplateProblem(  # located at the master file
        location=Location(str(path)),
        message=f"layout '{layout.name}' has no {role.value} placeholder; it has: {describe_layout(layout)}"
    )


def _placeholder(layout: SlideLayout, idx: int) -> LayoutPlaceholder:
    return next(ph for ph in _placeholders(layout) if ph.placeholder_format.idx == idx)


def _measure(layout: SlideLayout, body: LayoutPlaceholder) -> Fit:
    """How much a content slide's body holds, from its size, insets, indent and level-1 font size."""
    left, top, right, bottom = _insets(body._element, layout)
    size_pt = _level1(body._element, layout, "sz", 1800) / 100
    indent = _level1(body._element, layout, "marL", 0)
    width_pt = (int(body.width) - left - right - indent) / _EMU_PER_PT
    height_pt = (int(body.height) - top - bottom) / _EMU_PER_PT
    line_pt = size_pt * 1.2
    space_pt = size_pt * 0.2 * 1.2  # the master's usual 20% space before each point
    max_points = 7  # a list of up to seven short points is never split
    max_lines = int((height_pt - max_points * space_pt) // line_pt)
    try:
        return Fit(line_ems=width_pt / size_pt, max_lines=max_lines, max_points=max_points)
    except ValueError as exc:
        raise TemplateProblem(f"layout '{layout.name}': {exc}") from None


def _chain(element: etree._Element, layout: SlideLayout) -> list[etree._Element]:
    """The placeholder, its master counterpart, and the master's body text style."""
    chain = [element]
    master = layout.slide_master
    for mph in list(master.placeholders):
        if mph._element.find(f".//{qn('p:ph')}").get("type") == "body":
            chain.append(mph._element)
            break
    style = master._element.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}")
    if style is not None:
        chain.append(style)
    return chain


def _level1(element: etree._Element, layout: SlideLayout, attribute: str, default: int) -> int:
    for node in _chain(element, layout):
        for ppr in node.iter(qn("a:lvl1pPr")):
            target = ppr.find(qn("a:defRPr")) if attribute == "sz" else ppr
            if target is not None and target.get(attribute) is not None:
                return int(target.get(attribute))
    return default


def _insets(element: etree._Element, layout: SlideLayout) -> tuple[int, int, int, int]:
    values = list(_DEFAULT_INSETS)
    for node in reversed(_chain(element, layout)[:2]):
        body_pr = node.find(f".//{qn('a:bodyPr')}")
        if body_pr is None:
            continue
        for i, name in enumerate(("lIns", "tIns", "rIns", "bIns")):
            if body_pr.get(name) is not None:
                values[i] = int(body_pr.get(name))
    return values[0], values[1], values[2], values[3]
