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
from pathlib import Path
from typing import Any, Iterable

from builder.write.output import atomic_write

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


def read_search_index(site_dir: Path) -> dict[str, Any] | None:
    """The search index of the build in ``site_dir`` (``None`` when there is none or it is unreadable)."""
    try:
        data = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("docs"), list) else None


def _page_of(entry: Any) -> str:
    """The page URL of a search entry (its ``location`` without the ``#section``)."""
    location = entry.get("location", "") if isinstance(entry, dict) else ""
    return str(location).partition("#")[0]


def merge_search_index(site_dir: Path, previous: dict[str, Any], order: list[str], built: Iterable[str]) -> None:
    """Complete the index of a dirty build with the previous entries of the pages it did not render.

    The engine's dirty build indexes only the pages it rendered again (``built``).
    For every page of the site, in the engine's page ``order``, the index gets the
    new entries of a page rendered now, else the previous build's entries of that
    page; pages that no longer exist drop out. Written as the search plugin writes
    it, so a dirty build's index has the bytes of a full build's.
    """
    current = read_search_index(site_dir)
    if current is None:
        return
    rebuilt = set(built)
    new: dict[str, list[Any]] = {}
    for entry in current["docs"]:
        new.setdefault(_page_of(entry), []).append(entry)
    old: dict[str, list[Any]] = {}
    for entry in previous["docs"]:
        old.setdefault(_page_of(entry), []).append(entry)
    docs: list[Any] = []
    for url in order:
        docs.extend(new.get(url, []) if url in rebuilt else old.get(url, []))
    current["docs"] = docs
    data = json.dumps(current, separators=(",", ":"), default=str)
    atomic_write(site_dir / SEARCH_INDEX, data.encode("utf-8"))
