"""Helpers for the handout tests: text, font sizes and facilitator-only texts of PDFs and programmes."""

from __future__ import annotations

import io
import math
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from builder.model.programme import Programme

_QUOTES = str.maketrans({"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "})


def normalise(text: str) -> str:
    """Text compared across YAML and PDF: one kind of quote and apostrophe, spaces collapsed, lower case."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


def pdf_text(pdf: Path) -> str:
    """What a reader gets from the PDF (poppler's pdftotext, the real client)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def font_sizes(data: bytes) -> set[float]:
    """The effective sizes (pt) of every visible text run in the PDF."""
    sizes: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]), 1))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def facilitator_only_texts(programme: Programme) -> list[str]:
    """Every facilitator-only text of a programme that could be recognised in a participant file.

    Answer keys, expected answers, scoring, notes of every handout; the activities'
    expected answers and facilitator notes; the disclosure text. Texts that are also
    participant text (a quiz answer 'Vrai' is printed as a choice) and texts of fewer
    than three words (too short to tell a leak from a coincidence) are left out.
    """
    participant = {
        normalise(text) for handout in programme.handouts for _, text in handout.participant.texts()
    }
    found: list[str] = []
    for handout in programme.handouts:
        found += handout.facilitator.texts()
    for session in programme.sessions:
        for activity in session.activities:
            found += list(activity.expected_answers) + list(activity.facilitator_notes)
    if programme.disclosure:
        found.append(programme.disclosure)
    result = []
    for text in found:
        norm = normalise(text)
        if norm not in participant and len(norm.split()) >= 3:
            result.append(norm)
    return list(dict.fromkeys(result))
