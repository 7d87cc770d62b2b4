"""Plain-language measures for participant documents.

Many participants read with difficulty, so every participant document is held
to three measures (all warnings: this is practice, not law):

- **sentence length**: the average number of words per sentence of a document
  must not exceed :data:`MAX_AVERAGE_SENTENCE_WORDS` (20). A sentence ends at
  ``.``, ``!``, ``?``, ``…`` or ``:`` followed by a space, or at the end of a
  text (a title, a list item, a question, an answer choice);
- **long words**: words of more than :data:`LONG_WORD_LETTERS` (12) letters
  must be at most :data:`MAX_LONG_WORD_SHARE` (5 %) of a document's words
  (documents of fewer than :data:`MIN_WORDS` words are not measured);
- **jargon**: a word or phrase of the language's list (:data:`JARGON`) is
  flagged where it appears, with the plain words to use instead.

Words are runs of letters (an apostrophe or hyphen splits them: ``l'accompagnement``
is ``l`` + ``accompagnement``); numbers are not words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

MAX_AVERAGE_SENTENCE_WORDS = 20
LONG_WORD_LETTERS = 12
MAX_LONG_WORD_SHARE = 0.05
MIN_WORDS = 50

JARGON: dict[str, dict[str, str]] = {
    "fr": {
        "afférent": "qui concerne",
        "ainsi que susmentionné": "comme dit plus haut",
        "ci-après": "plus bas",
        "concomitant": "en même temps",
        "corrélativement": "en même temps",
        "de facto": "en fait",
        "diligenter": "lancer",
        "dûment": "bien",
        "étayage": "soutien",
        "icelle": "celle-ci",
        "idoine": "qui convient",
        "in fine": "à la fin",
        "ledit": "ce",
        "ladite": "cette",
        "lesdits": "ces",
        "lesdites": "ces",
        "mentalisation": "se mettre à la place de l'autre",
        "nonobstant": "malgré",
        "prérogative": "droit",
        "psychoéducatif": "pour comprendre ce qui se passe",
        "remédiation": "aide",
        "réflexivité": "réfléchir à ce qu'on fait",
        "stricto sensu": "au sens strict",
        "subséquent": "suivant",
        "susmentionné": "dont on a parlé",
        "susvisé": "dont on a parlé",
        "a fortiori": "encore plus",
        "empowerment": "pouvoir d'agir",
    },
    "en": {
        "aforementioned": "this",
        "commence": "start",
        "hereinafter": "from now on",
        "herein": "here",
        "notwithstanding": "despite",
        "pursuant to": "under",
        "thereof": "of it",
        "whereby": "by which",
        "psychoeducational": "to understand what happens",
        "remediation": "help",
        "reflexivity": "thinking about what you do",
        "empowerment": "power to act",
        "mentalisation": "putting yourself in someone else's place",
        "utilise": "use",
        "in lieu of": "instead of",
    },
}
"""Words and phrases a participant should not have to decode, with the plain words to use instead."""

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?…:]+(?:\s|$)")


@dataclass(frozen=True)
class Measures:
    """A document's plain-language figures."""

    words: int
    sentences: int
    long_words: int

    @property
    def average_sentence(self) -> float:
        """Average words per sentence (0 for an empty document)."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_share(self) -> float:
        """Share of words longer than :data:`LONG_WORD_LETTERS` letters."""
        return self.long_words / self.words if self.words else 0.0


def words(text: str) -> list[str]:
    """The words of ``text`` (runs of letters)."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that hold at least one word; the end of the text ends a sentence."""
    return [part for part in _SENTENCE_END.split(text) if words(part)]


def measure(texts: Iterable[str]) -> Measures:
    """Words, sentences and long words over several texts, each ending a sentence."""
    total_words = total_sentences = long = 0
    for text in texts:
        found = words(text)
        total_words += len(found)
        long += sum(1 for w in found if len(w) > LONG_WORD_LETTERS)
        total_sentences += len(sentences(text))
    return Measures(total_words, total_sentences, long)


@functools.lru_cache(maxsize=None)
def _jargon_patterns(language: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each jargon term of ``language`` with its plain words and its whole-word pattern (compiled once)."""
    return tuple(
        (term, plain, re.compile(rf"(?<![^\W\d_]){re.escape(term)}(?![^\W\d_])"))
        for term, plain in JARGON.get(language, {}).items()
    )


def jargon_in(text: str, language: str) -> list[tuple[str, str]]:
    """The jargon of ``language`` found in ``text``: (term, plain words), in list order."""
    lowered = text.lower()
    return [(term, plain) for term, plain, pattern in _jargon_patterns(language) if pattern.search(lowered)]
