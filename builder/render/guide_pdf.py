"""Print-ready PDF from a guide's HTML with WeasyPrint, with two font checks.

Before rendering, every font family the guide's stylesheet asks for first must be
known to fontconfig; otherwise WeasyPrint would silently substitute another font,
and the build stops with :class:`MissingFont` naming the family. After rendering,
every font in the PDF must be embedded (a ``FontFile``, ``FontFile2`` or
``FontFile3`` stream), so the guide prints the same on any machine.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import lru_cache
from typing import Any

from builder.problems import Location
from builder.render.context import TemplateProblem

GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "inherit", "initial", "unset"}
)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.S | re.I)
_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.I)


class MissingFont(TemplateProblem):
    """The guide's stylesheet asks for a font family fontconfig does not know."""


class FontNotEmbedded(RuntimeError):
    """The rendered PDF refers to a font without embedding it."""


def _first_family(declaration: str) -> str:
    first = declaration.split(",")[0].strip()
    return first.strip("'\"").strip()


def requested_fonts(html: str) -> list[str]:
    """The first family of every ``font-family`` declaration in the page's ``<style>`` blocks.

    Generic families (``serif``…) and families declared by ``@font-face`` are left out:
    those do not come from fontconfig. Order of first appearance, no repeats.
    """
    css = "\n".join(_STYLE.findall(html))
    declared = {_first_family(m) for face in _FONT_FACE.findall(css) for m in _FAMILY.findall(face)}
    css = _FONT_FACE.sub("", css)
    found: dict[str, None] = {}
    for declaration in _FAMILY.findall(css):
        family = _first_family(declaration)
        if family and family.lower() not in GENERIC_FAMILIES and family not in declared:
            found.setdefault(family, None)
    return list(found)


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Lower-cased family names fontconfig knows (``fc-list : family``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise MissingFont("fc-list (fontconfig) is not installed: the guide's fonts cannot be checked or found")
    listing = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=True, timeout=60).stdout
    names = {name.strip().lower() for line in listing.splitlines() for name in line.split(",") if name.strip()}
    return frozenset(names)


def check_fonts_installed(html: str, template: str) -> None:
    """Raise :class:`MissingFont` naming the first family the stylesheet wants that is not installed."""
    known = installed_families()
    for family in requested_fonts(html):
        if family.lower() not in known:
            raise MissingFont(
                f"font '{family}' is not installed (fontconfig's fc-list does not know it); "
                f"install it (Debian: apt-get install fonts-dejavu-core for DejaVu) or change font-family in the "
                f"template's stylesheet",
                Location(template),
            )


def _font_descriptors(font: Any) -> list[Any]:
    """A font's descriptors: its own, or its descendants' for a composite (Type0) font."""
    font_dict = font.get_object()
    if font_dict.get("/Subtype") == "/Type0":
        return [d.get_object().get("/FontDescriptor") for d in font_dict.get("/DescendantFonts", [])]
    return [font_dict.get("/FontDescriptor")]


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Base names of the fonts the PDF uses without embedding them (empty when all are embedded)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    missing: dict[str, None] = {}
    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for font in fonts.get_object().values():
            ref = getattr(font, "idnum", None)
            if ref is not None:
                if ref in seen:
                    continue
                seen.add(ref)
            name = str(font.get_object().get("/BaseFont", "?"))
            for descriptor in _font_descriptors(font):
                if descriptor is None:
                    missing.setdefault(name, None)
                    continue
                descriptor = descriptor.get_object()
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.setdefault(name, None)
    return list(missing)


def html_to_pdf(html: str, template: str = "guide/guide.html.j2") -> bytes:
    """Render ``html`` to an A4 PDF with WeasyPrint; check fonts before and after.

    A picklable top-level function of plain values, so programmes can be rendered
    in parallel worker processes.
    """
    import weasyprint

    check_fonts_installed(html, template)
    pdf: bytes = weasyprint.HTML(string=html, base_url=None).write_pdf()
    missing = unembedded_fonts(pdf)
    if missing:
        raise FontNotEmbedded(f"the PDF uses fonts that are not embedded: {', '.join(missing)}")
    return pdf
