"""What the plugin adds to the engine's output: accent-blind search and a sitemap without ``site_url``.

Accent-blind search for mkdocs-material's search worker.

mkdocs-material searches with lunr.js in a web worker (or, from ``file://``, in
an iframe through the iframe-worker shim). Its index keeps accents, so
"stupefiants", as people type on a phone, does not find "stupéfiants". After the
engine has built the site, :func:`add_accent_folding` appends a small script to
the worker (``assets/javascripts/workers/search.*.min.js``). It runs right after
the worker defines ``self.lunr``, before any message, and

- adds a pipeline step that strips combining accents from every indexed word
  (after the stop-word filter, which knows the accented French stop words);
- folds every query the same way, by wrapping lunr's query lexer, which both
  lunr's parser and mkdocs-material's query transformation use, and blanks the
  French elisions of the query ("l'", "d'", "qu'"), which would otherwise match
  every word starting with that letter.

So "hameconnage" finds "hameçonnage", and "l'hameçonnage" (in the text or in the
query) is still found: the site's search separator splits words at apostrophes. Folding keeps the length of
precomposed letters, so highlighting positions stay right. Applying it twice is
harmless (the script is added once, and checks for itself).
"""

from __future__ import annotations

import gzip
import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from builder.write.output import atomic_write, atomic_write_chunks

MARK = "/* stagecraft: accent-blind search */"

FOLDING = MARK + r"""
(function () {
  var lunr = self.lunr;
  if (!lunr || lunr.stagecraftFold) return;
  var fold = function (text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
  lunr.stagecraftFold = fold;
  var foldToken = function (token) { return token.update(function (value) { return fold(value); }); };
  lunr.Pipeline.registerFunction(foldToken, "stagecraftFold");
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (this.pipeline._stack.indexOf(foldToken) === -1) this.pipeline.add(foldToken);
    return add.call(this, doc, attributes);
  };
  // French elisions ("l'", "d'", "qu'") become blanks of the same length: "l'hameçonnage" searches
  // "hameconnage", not every word starting with "l". Lengths are kept for mkdocs-material's slicing.
  var elision = /(^|[\s"«(])((?:[cdjlmnst]|qu)['\u2019])/gi;
  var blank = function (text) {
    return text.replace(elision, function (all, before, word) { return before + word.replace(/./g, " "); });
  };
  var Lexer = lunr.QueryLexer;
  var Folded = function (text) { Lexer.call(this, blank(fold(text))); };
  Folded.prototype = Lexer.prototype;
  Object.keys(Lexer).forEach(function (key) { Folded[key] = Lexer[key]; });
  lunr.QueryLexer = Folded;
})();
"""


def add_accent_folding(site_dir: Path) -> list[Path]:
    """Append the folding script to each search worker under ``site_dir``; return the files changed."""
    changed = []
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search*.js")):
        source = worker.read_text(encoding="utf-8")
        if MARK in source:
            continue
        atomic_write(worker, (source.rstrip("\n") + "\n;" + FOLDING).encode("utf-8"))
        changed.append(worker)
    return changed


def write_sitemap(site_dir: Path, urls: list[str]) -> None:
    """``sitemap.xml`` (and ``.gz``) listing ``urls`` relative to the site's root.

    The engines list pages only when ``site_url`` is set (an offline site has none), which
    left the sitemap empty. Set ``site_url`` in mkdocs.yml for absolute addresses, as search
    engines require; the gzip copy takes its time from ``SOURCE_DATE_EPOCH`` (the commit),
    so the same commit gives the same bytes.
    """
    entries = "".join(f"\n  <url><loc>{html.escape(url)}</loc></url>" for url in urls)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}\n</urlset>\n'
    ).encode("utf-8")
    atomic_write(site_dir / "sitemap.xml", xml)
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    atomic_write(site_dir / "sitemap.xml.gz", gzip.compress(xml, mtime=mtime))


SEARCH_INDEX = Path("search") / "search_index.json"


SCRIPT_INDEX = Path("search") / "search_index.js"
"""The index as a script, for ``file://`` (mkdocs-material's offline plugin writes it the same way)."""

def _dumps(value: Any) -> str:
    """JSON as mkdocs-material writes its index; entry by entry, the same bytes as the whole at once."""
    return json.dumps(value, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class PreviousIndex:
    """A built search index as text, with where each page's entries are in it.

    Nothing is parsed into objects beyond one entry at a time: at a thousand
    programmes the index is hundreds of megabytes, three times that as objects.
    """

    text: str
    spans: dict[str, list[tuple[int, int]]]
    """Per page URL, the (start, end) of each of its entries in ``text``, in order."""


def read_previous_index(site_dir: Path) -> PreviousIndex | None:
    """The search index of the build in ``site_dir`` (``None`` when there is none or it is unreadable)."""
    try:
        text = (site_dir / SEARCH_INDEX).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    decoder = json.JSONDecoder()
    head = '{"config":'
    try:
        if not text.startswith(head):
            return None
        _, at = decoder.raw_decode(text, len(head))
        if not text.startswith(',"docs":[', at):
            return None
        at += len(',"docs":[')
        spans: dict[str, list[tuple[int, int]]] = {}
        while text[at] != "]":
            entry, end = decoder.raw_decode(text, at)
            spans.setdefault(_page_of(entry), []).append((at, end))
            at = end + 1 if text[end] == "," else end
    except (ValueError, IndexError):
        return None
    return PreviousIndex(text, spans)


def _page_of(entry: Any) -> str:
    """The page URL of a search entry (its ``location`` without the ``#section``)."""
    location = entry.get("location", "") if isinstance(entry, dict) else ""
    return str(location).partition("#")[0]


def index_entries(
    fresh: list[dict[str, Any]], order: list[str], built: Iterable[str], previous: PreviousIndex | None
) -> Iterator[str]:
    """The site's search entries, each as JSON text, in the order a full build writes them.

    ``fresh`` are the entries of the pages this build rendered (``built``). Without a
    ``previous`` index (a full build) that is all of them. A dirty build indexes only
    the pages it rendered again: for every page of the site, in the engine's page
    ``order``, the index gets the new entries of a page rendered now, else the previous
    build's entries of that page; pages that no longer exist drop out.
    """
    if previous is None:
        yield from (_dumps(entry) for entry in fresh)
        return
    rebuilt = set(built)
    new: dict[str, list[dict[str, Any]]] = {}
    for entry in fresh:
        new.setdefault(_page_of(entry), []).append(entry)
    for url in order:
        if url in rebuilt:
            yield from (_dumps(entry) for entry in new.get(url, []))
        else:
            yield from (previous.text[start:end] for start, end in previous.spans.get(url, []))


def write_search_index(site_dir: Path, settings: dict[str, Any], entries: Iterable[str], *, script: bool) -> None:
    """Write ``search/search_index.json`` (and with ``script`` its ``.js`` twin) entry by entry.

    The bytes are those of mkdocs-material's search and offline plugins, which build
    the whole index as one string and then encode it (and read it back for the
    script): three copies of hundreds of megabytes at a thousand programmes.
    """
    head = '{"config":' + _dumps(settings) + ',"docs":['
    files = {site_dir / SEARCH_INDEX: head}
    if script:
        files[site_dir / SCRIPT_INDEX] = "var __index = " + head

    def chunks() -> Iterator[str]:
        for index, entry in enumerate(entries):
            yield "," + entry if index else entry
        yield "]}"

    atomic_write_chunks(files, chunks())
