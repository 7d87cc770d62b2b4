"""Print documents with typst: a ``.typ`` template and JSON data in, PDF bytes out.

Every printed document (guides, blank forms, handouts, cohort documents) goes
through :func:`compile_pdf`. The PDF is tagged PDF/UA-1 with its title and
language set, and its fonts embedded (DejaVu Sans and Serif; nothing is
downloaded). Problems come back as located :class:`~builder.problems.Problem`
objects, never as exceptions: a broken template names its file, line and column.

Templates are found on the template search path: the folders given (an
organisation's ``templates/``, then ``--templates`` folders) before the packaged
defaults. Templates load data and each other through ``sys.inputs``::

    #let data = json(bytes(sys.inputs.data))           // the data passed in
    #import sys.inputs.at("guide/common.typ"): *        // another template, found on the search path

``sys.inputs.at("<folder>/<file>.typ")`` is the absolute path of the first file of
that name on the search path, so an organisation can replace one partial and
keep the rest. ``sys.inputs.title`` and ``sys.inputs.lang`` hold the document's
title and language (already set by the wrapper before the template runs).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Iterable, Mapping, Sequence

from builder.problems import Location, Problem, ProblemsFound, Severity
from builder.load.defaults import DEFAULT_TEMPLATES

PDF_STANDARD: Final = "ua-1"
_WRAPPER = (
    '#set document(title: sys.inputs.title)\n'
    '#set text(lang: sys.inputs.lang)\n'
    '#include sys.inputs.at("stagecraft-main")\n'
)
_BLOCK = re.compile(r"^(?=(?:error|warning):)", re.M)
_WHERE = re.compile(r"┌─ (?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+)")
_FONT_WARNINGS = ("unknown font family",)


@dataclass(frozen=True)
class PrintResult:
    """The PDF (``None`` when an error stopped it) and every problem met on the way."""

    pdf: bytes | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when a PDF was produced without errors."""
        return self.pdf is not None and not any(p.severity is Severity.ERROR for p in self.problems)


def search_path(template_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The folders templates are looked up in, first match wins: ``template_dirs`` then the defaults."""
    return (*template_dirs, DEFAULT_TEMPLATES)


def resolve(name: str, template_dirs: Sequence[Path] = ()) -> Path | None:
    """The first file called ``name`` (``guide/guide.typ``) on the search path, or ``None``."""
    for folder in search_path(template_dirs):
        candidate = folder / name
        if candidate.is_file():
            return candidate.resolve()
    return None


def template_inputs(template_dirs: Sequence[Path] = ()) -> dict[str, str]:
    """``{"guide/common.typ": "/abs/path", ...}`` for every ``.typ`` file on the search path."""
    found: dict[str, str] = {}
    for folder in search_path(template_dirs):
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*.typ")):
            found.setdefault(file.relative_to(folder).as_posix(), str(file.resolve()))
    return found


@lru_cache(maxsize=1)
def _fonts() -> Any:
    """Typst's font book, built once per process (system fonts: DejaVu from fontconfig's folders)."""
    import typst

    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


def compile_pdf(
    template: str,
    data: Mapping[str, Any],
    *,
    title: str,
    language: str,
    template_dirs: Sequence[Path] = (),
    timestamp: dt.datetime | None = None,
) -> PrintResult:
    """Compile ``template`` (a name on the search path, e.g. ``guide/guide.typ``) with ``data``.

    ``data`` must be JSON-serialisable; the template reads it with
    ``json(bytes(sys.inputs.data))``. The result is PDF/UA-1 with ``title`` and
    ``language`` set. Typst errors and warnings come back as problems located in
    the template file at fault; a warning about an unknown font is an error (the
    PDF would silently use another font).
    """
    import typst

    main = resolve(template, template_dirs)
    if main is None:
        folders = ", ".join(str(f) for f in search_path(template_dirs))
        return PrintResult(None, (_problem(template, f"template not found (searched {folders})"),))
    inputs = template_inputs(template_dirs)
    inputs.update(
        {
            "data": json.dumps(data, ensure_ascii=False),
            "title": title,
            "lang": language,
            "stagecraft-main": str(main),
        }
    )
    compiler = typst.Compiler(root="/", font_paths=_fonts(), sys_inputs=inputs)
    try:
        pdf, warnings = compiler.compile_with_warnings(
            _WRAPPER.encode(), format="pdf", pdf_standards=[PDF_STANDARD], timestamp=timestamp
        )
    except typst.TypstError as error:
        return PrintResult(None, tuple(_from_diagnostic(error, str(main), Severity.ERROR, "error")))
    problems = tuple(
        p for w in warnings for p in _from_diagnostic(w, str(main), Severity.ERROR if _is_font(w) else Severity.WARNING)
    )
    if any(p.severity is Severity.ERROR for p in problems):
        return PrintResult(None, problems)
    assert isinstance(pdf, bytes)
    missing = unembedded_fonts(pdf)
    if missing:
        message = f"the PDF uses fonts that are not embedded: {', '.join(missing)}"
        return PrintResult(None, (*problems, _problem(str(main), message)))
    return PrintResult(pdf, problems)


def print_pdf(
    template: str,
    data: Mapping[str, Any],
    *,
    title: str,
    language: str,
    template_dirs: Sequence[Path] = (),
) -> bytes:
    """The PDF of :func:`compile_pdf`, for renderers: its errors are raised as :class:`ProblemsFound`.

    Every distinct error is raised at once, at the first place it occurs (an unknown
    font is reported once, not at each of its uses); warnings (a deprecated typst
    call, say) do not stop the document.
    """
    result = compile_pdf(template, data, title=title, language=language, template_dirs=template_dirs)
    first: dict[str, Problem] = {}
    for problem in result.problems:
        if problem.severity is Severity.ERROR:
            first.setdefault(problem.message, problem)
    errors = list(first.values())
    if result.pdf is None or errors:
        raise ProblemsFound(errors or [_problem(template, "typst produced no PDF")])
    return result.pdf


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


def _is_font(warning: Any) -> bool:
    return any(text in str(getattr(warning, "message", warning)) for text in _FONT_WARNINGS)


def _from_diagnostic(diagnostic: Any, main: str, severity: Severity, kind: str = "warning") -> list[Problem]:
    """Problems from a typst error or warning: one per ``error:`` (or ``warning:``) block of its
    diagnostic text, each located at the first template position the block names."""
    text = str(getattr(diagnostic, "diagnostic", "") or "")
    hints = [str(h) for h in getattr(diagnostic, "hints", []) or []]
    blocks = [b for b in _BLOCK.split(text) if b.strip()] if text else []
    problems = []
    for block in blocks:
        head, _, rest = block.partition("\n")
        if not head.startswith(kind + ":"):
            continue
        message = head[len(kind) + 1 :].strip()
        location = Location(main)
        where = _WHERE.search(rest)
        if where and "__typst_py_bytes__" not in where.group("path"):
            location = Location(_shown(Path(where.group("path"))), int(where.group("line")), int(where.group("column")))
        problems.append(Problem(location, "template", message + _hints(hints), severity))
    if not problems:
        message = str(getattr(diagnostic, "message", diagnostic)).strip()
        problems.append(Problem(Location(main), "template", message + _hints(hints), severity))
    return problems


def _hints(hints: list[str]) -> str:
    return f" (hint: {'; '.join(hints)})" if hints else ""


def _shown(path: Path) -> str:
    """A template path as the user knows it: relative to the working folder when inside it."""
    absolute = path if path.is_absolute() else (Path.cwd() / path)
    try:
        return absolute.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.resolve().as_posix()


def _problem(template: str, message: str) -> Problem:
    return Problem(Location(template), "template", message)


def first_error(problems: Iterable[Problem]) -> Problem | None:
    """The first error among ``problems`` (warnings skipped), or ``None``."""
    return next((p for p in problems if p.severity is Severity.ERROR), None)
