"""The search index Stagecraft writes in place of mkdocs-material's search and offline plugins.

It must have the bytes those plugins write (``json.dumps`` of the whole index with
``separators=(",", ":")``, and ``var __index = `` before it for ``file://``), written
entry by entry; a dirty build's index must equal a full build's.
"""

from __future__ import annotations

import json
from pathlib import Path

from builder.site.search import SCRIPT_INDEX, SEARCH_INDEX, index_entries, read_previous_index, write_search_index

SETTINGS = {"lang": ["fr"], "separator": "[\\s\\-‑'’]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1000.0}}}


def entry(page: str, section: str, text: str) -> dict[str, str]:
    return {"location": f"{page}#{section}" if section else page, "title": section or page, "text": text}


FULL = [
    entry("index.html", "", "<p>Catalogue</p>"),
    entry("programmes/a/index.html", "", "<p>Stupéfiants, « cadre » légal\u00a0: art.\u00a0131‑5‑1</p>"),
    entry("programmes/a/index.html", "seances", "<p>l’hameçonnage</p>"),
    entry("programmes/b/index.html", "", "<p>Citoyenneté</p>"),
]
ORDER = ["index.html", "programmes/a/index.html", "programmes/b/index.html"]


def as_material_writes(docs: list[dict[str, str]]) -> str:
    """What mkdocs-material's search plugin writes (material/plugins/search/plugin.py, generate_search_index)."""
    return json.dumps({"config": SETTINGS, "docs": docs}, separators=(",", ":"), default=str)


def test_the_index_and_its_script_have_the_bytes_mkdocs_material_writes(tmp_path: Path) -> None:
    write_search_index(tmp_path, SETTINGS, index_entries(FULL, ORDER, ORDER, None), script=True)
    written = (tmp_path / SEARCH_INDEX).read_bytes()
    assert written == as_material_writes(FULL).encode("utf-8")
    assert (tmp_path / SCRIPT_INDEX).read_bytes() == b"var __index = " + written
    assert sorted(p.name for p in (tmp_path / "search").iterdir()) == ["search_index.js", "search_index.json"]


def test_a_dirty_build_keeps_the_other_pages_entries_and_replaces_the_rendered_ones(tmp_path: Path) -> None:
    write_search_index(tmp_path, SETTINGS, index_entries(FULL, ORDER, ORDER, None), script=False)
    previous = read_previous_index(tmp_path)
    assert previous is not None and sorted(previous.spans) == sorted(ORDER)
    edited = [entry("programmes/a/index.html", "", "<p>Stupéfiants, nouvelle version</p>")]
    order = [*ORDER, "programmes/c/index.html"]  # a new page, rendered now
    new_page = [entry("programmes/c/index.html", "", "<p>Nouveau</p>")]
    built = ["index.html", "programmes/a/index.html", "programmes/c/index.html"]
    fresh = [FULL[0], *edited, *new_page]
    write_search_index(tmp_path, SETTINGS, index_entries(fresh, order, built, previous), script=False)
    expected = [FULL[0], *edited, FULL[3], *new_page]  # b's entry kept as it was, in page order
    assert (tmp_path / SEARCH_INDEX).read_text(encoding="utf-8") == as_material_writes(expected)
    # a page that no longer exists drops out
    previous = read_previous_index(tmp_path)
    write_search_index(tmp_path, SETTINGS, index_entries([], ORDER[:2], [], previous), script=False)
    assert json.loads((tmp_path / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"] == [FULL[0], *edited]


def test_an_unreadable_previous_index_is_none(tmp_path: Path) -> None:
    assert read_previous_index(tmp_path) is None
    (tmp_path / "search").mkdir()
    for broken in ('{"docs":[]}', '{"config":{},"docs":[{"location":"a"', "not json"):
        (tmp_path / SEARCH_INDEX).write_text(broken, encoding="utf-8")
        assert read_previous_index(tmp_path) is None
