"""Safe, located YAML reading.

PyYAML's composer is recursive (libyaml's segfaults on deep nesting) and its
constructor expands aliases without limit. So this module reads the *event*
stream (iterative, C speed with libyaml) and composes plain Python values itself,
with an explicit stack. Along the way it:

- records where every value and mapping key starts (a :class:`SourceMap`);
- refuses tags other than the YAML core ones (``!!python/...`` is never run);
- bounds nesting depth and the size of alias expansion (YAML bombs fail fast);
- reports duplicate keys, non-string keys and multiple documents.

Every problem is collected; the caller gets ``(data, sourcemap, problems)``.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from builder.problems import Location, Problem

try:  # libyaml's parser when present: the fast path
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

PathKey = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    "!",
    _CORE + "str",
    _CORE + "int",
    _CORE + "float",
    _CORE + "bool",
    _CORE + "null",
    _CORE + "map",
    _CORE + "seq",
    _CORE + "timestamp",
}
_STR = _CORE + "str"
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class _Positions:
    """What a :class:`SourceMap` knows of its document while unpacked."""

    text: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)


class SourceMap:
    """Where each value (and each mapping key) of one YAML document starts.

    Paths are tuples of keys and list indices, e.g. ``("sessions", 3, "duration")``.
    Lines and columns are stored 1-based.

    A document read without any problem is *packed* (:meth:`pack`): only its text
    is kept, compressed, and the positions are composed again from it the first
    time a location is asked for. A valid programme is never asked (locations are
    for problems), and a library of 1,700 programmes kept every position of every
    file in memory for nothing: most of the loaded project's size.
    """

    __slots__ = ("path", "reported", "_positions", "_packed")

    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self.reported: set[PathKey] = set()
        """Values the loader already reported (an undefined alias, a merge key): schema errors there are not repeated."""
        self._positions: _Positions | None = _Positions(text)
        self._packed: bytes | None = None

    @property
    def values(self) -> dict[PathKey, tuple[int, int]]:
        """Line and column where each value starts."""
        return self._unpacked().values

    @property
    def keys(self) -> dict[PathKey, tuple[int, int]]:
        """Line and column where each mapping key starts."""
        return self._unpacked().keys

    @property
    def raw(self) -> dict[PathKey, str]:
        """Unquoted scalars YAML read as something other than text, as written (``1.10`` became 1.1)."""
        return self._unpacked().raw

    @property
    def text(self) -> str:
        """The source text, for messages that quote what was written."""
        return self._unpacked().text

    def pack(self) -> None:
        """Keep only the compressed text; the positions come back from it on first use.

        Only for a document composed without problems: composing its text again
        gives the same map (``reported`` is empty and stays so).
        """
        if self._positions is None or self.reported:
            return
        self._packed = zlib.compress(self._positions.text.encode("utf-8"), 1)
        self._positions = None

    def _unpacked(self) -> _Positions:
        if self._positions is None:
            assert self._packed is not None
            text = zlib.decompress(self._packed).decode("utf-8")
            _, again, _ = compose(text, self.path, pack=False)
            self._positions, self._packed = again._unpacked(), None
        return self._positions

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` (empty when out of range)."""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def at(self, path: PathKey, *, key: bool = False) -> Location:
        """Location of ``path``; falls back to its nearest located ancestor.

        With ``key=True`` the location of the mapping key is preferred (used for
        unknown or duplicate keys).
        """
        probe = tuple(path)
        if key and probe in self.keys:
            line, col = self.keys[probe]
            return Location(self.path, line, col)
        while True:
            if probe in self.values:
                line, col = self.values[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


def _loc(path: str, mark: Any) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _describe(value: object) -> str:
    """A found value in YAML's words (never Python's ``None`` or ``['a']``)."""
    if value is None:
        return "no value"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _scalar(event: yaml.ScalarEvent) -> tuple[object, str | None]:
    """Build a scalar value; returns (value, refused tag or None)."""
    tag = event.tag
    if tag is not None and tag not in _ALLOWED_TAGS:
        return None, tag
    if tag is None or tag == "!":
        if tag == "!" or not event.implicit[0]:
            return event.value, None  # quoted or block text: a string, the common case
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value, None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    build: Callable[[Any, Any], object] | None = _constructor.yaml_constructors.get(tag)
    if build is None:  # pragma: no cover - every allowed tag has a constructor
        return event.value, None
    try:
        return build(_constructor, node), None
    except (ValueError, yaml.YAMLError):
        return event.value, None


class _Frame:
    """An open mapping or sequence on the compose stack."""

    __slots__ = ("container", "path", "pending_key", "anchor", "size", "key_mark", "start")

    def __init__(
        self, container: dict[Any, Any] | list[Any], path: PathKey, anchor: str | None, start: Any
    ) -> None:
        self.container = container
        self.start = start
        self.path = path
        self.pending_key: object = _NO_KEY
        self.anchor = anchor
        self.size = 1
        self.key_mark: Any = None


_NO_KEY = object()
_BAD_KEY = object()


def compose(text: str, path: str, *, pack: bool = True) -> tuple[Any, SourceMap, list[Problem]]:
    """Compose one YAML document from ``text`` into plain Python data.

    Returns the data (``None`` for an empty document), its source map, and the
    problems found. On a syntax error the data is ``None``.

    Nesting deeper than :data:`MAX_DEPTH` is always reported as ``yaml-depth`` at
    the first level too deep, whatever limit the YAML library has of its own:
    libyaml (PyYAML >= 6.0.4) refuses flow nesting beyond 1,000 levels while it
    looks ahead, before any event reaches this module, so that refusal is
    replaced by a read of the text up to it with the pure-Python parser, which
    stops at our limit.

    With ``pack`` (the default) the source map of a document without problems is
    packed (see :meth:`SourceMap.pack`).
    """
    data, smap, problems = _compose(text, path, _Loader)
    refused = next((p.location for p in problems if p.rule == _LIBRARY_DEPTH), None)
    if refused is None:
        if pack and not problems:
            smap.pack()
        return data, smap, problems
    return None, smap, [_locate_depth(text, path, refused)]


def _locate_depth(text: str, path: str, refused: Location) -> Problem:
    """The ``yaml-depth`` problem at our limit, for a text the YAML library refused as too deep.

    Only the top-level entry holding the refused place is read again (from the last
    line that starts at column 1), so a deep value at the end of a large file costs
    milliseconds, not a pure-Python parse of the whole file. Nesting depth is the
    same in that entry read alone, since it starts at the document's top level.
    """
    lines = text.splitlines(keepends=True)
    end = min(max(refused.line, 1), len(lines))
    start = end - 1
    while start > 0 and (not lines[start][:1].strip() or lines[start][:1] == "#"):
        start -= 1
    _, _, again = _compose("".join(lines[start:end]), path, yaml.SafeLoader)
    for problem in again:
        if problem.rule == "yaml-depth":
            where = problem.location
            return Problem(Location(path, where.line + start, where.column), "yaml-depth", _DEPTH_MESSAGE)
    return Problem(refused, "yaml-depth", _DEPTH_MESSAGE)


_LIBRARY_DEPTH = "<library-depth>"
"""A placeholder rule for the YAML library's own nesting refusal; never leaves :func:`compose`."""

_DEPTH_MESSAGE = (
    f"expected at most {MAX_DEPTH} levels of nesting, got deeper "
    "(look for a '[' or '{' that is never closed)"
)


def _compose(text: str, path: str, loader: type) -> tuple[Any, SourceMap, list[Problem]]:
    """:func:`compose` with a given PyYAML loader class (libyaml's or the pure-Python one)."""
    smap = SourceMap(path, text=text)
    problems: list[Problem] = []
    anchors: dict[str, tuple[object, int]] = {}
    stack: list[_Frame] = []
    root: object = None
    documents = 0
    expanded = 0

    def attach(value: object, size: int, mark: Any, raw: str | None = None, broken: bool = False) -> None:
        """Place a finished value into its parent (or make it the root).

        ``raw`` is the text of an unquoted scalar read as a non-text value;
        ``broken`` marks a value the loader has already reported.
        """
        nonlocal root
        if not stack:
            root = value
            return
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.container, list):
            child_path = parent.path + (len(parent.container),)
            smap.values.setdefault(child_path, (mark.line + 1, mark.column + 1))
            if raw is not None:
                smap.raw[child_path] = raw
            if broken:
                smap.reported.add(child_path)
            parent.container.append(value)
            return
        if parent.pending_key is _NO_KEY:
            if value == "<<" and raw == "<<":
                problems.append(
                    Problem(
                        _loc(path, mark),
                        "yaml-merge",
                        "expected plain keys, got a '<<' merge key (Stagecraft does not merge mappings: "
                        "write the keys out in full, or quote '<<' if it is text)",
                    )
                )
                smap.reported.add(parent.path)
                parent.pending_key = _BAD_KEY
                return
            if not isinstance(value, (str, int, float, bool)) or value is None:
                problems.append(
                    Problem(
                        _loc(path, mark),
                        "yaml-key",
                        f"expected a plain text key, got {_describe(value)} (write 'key: value', with the key "
                        "as text)",
                    )
                )
                parent.pending_key = _BAD_KEY
            else:
                key = raw if raw is not None else str(value)  # keys are text as written: 'on', '1.10'
                if key == "<<":
                    key = str(value)
                parent.pending_key = key
                parent.key_mark = mark
            return
        pending = parent.pending_key
        parent.pending_key = _NO_KEY
        if not isinstance(pending, str):  # a refused key: its value is dropped
            return
        key = pending
        child_path = parent.path + (key,)
        if key in parent.container:
            first = smap.keys.get(child_path, (0, 0))
            problems.append(
                Problem(
                    _loc(path, parent.key_mark),
                    "yaml-duplicate-key",
                    f"duplicate key '{key}' (first defined at line {first[0]}): expected each key once",
                )
            )
            return
        smap.keys[child_path] = (parent.key_mark.line + 1, parent.key_mark.column + 1)
        smap.values[child_path] = (mark.line + 1, mark.column + 1)
        if raw is not None:
            smap.raw[child_path] = raw
        if broken:
            smap.reported.add(child_path)
        parent.container[key] = value

    def child_path() -> PathKey:
        if not stack:
            return ()
        parent = stack[-1]
        if isinstance(parent.container, list):
            return parent.path + (len(parent.container),)
        if parent.pending_key is _NO_KEY or parent.pending_key is _BAD_KEY:
            return parent.path + ("<key>",)
        return parent.path + (str(parent.pending_key),)

    def refuse_tag(tag: str, mark: Any) -> None:
        problems.append(
            Problem(
                _loc(path, mark),
                "yaml-tag",
                f"expected plain YAML (text, numbers, lists, mappings), got the tag '{_show_tag(tag)}'; "
                "Stagecraft never constructs tagged objects",
            )
        )

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.ScalarEvent):
                if documents > 1:
                    continue
                value, refused = _scalar(event)
                if refused:
                    refuse_tag(refused, event.start_mark)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                plain = event.implicit[0] and event.tag is None
                raw = event.value if plain and (not isinstance(value, str) or event.value == "<<") else None
                attach(value, 1, event.start_mark, raw, broken=bool(refused))
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    problems.append(
                        Problem(
                            _loc(path, event.start_mark),
                            "yaml-documents",
                            "expected a single YAML document, got a second one ('---')",
                        )
                    )
                continue
            if documents > 1:
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    refuse_tag(event.tag, event.start_mark)
                    smap.reported.add(child_path())
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(_loc(path, event.start_mark), "yaml-depth", _DEPTH_MESSAGE))
                    return None, smap, problems
                here = child_path()
                if not stack:
                    smap.values[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
                container: dict[Any, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append(_Frame(container, here, event.anchor, event.start_mark))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.anchor:
                    anchors[frame.anchor] = (frame.container, frame.size)
                attach(frame.container, frame.size, frame.start)
            elif isinstance(event, yaml.AliasEvent):
                target = anchors.get(event.anchor)
                if target is None:
                    problems.append(
                        Problem(
                            _loc(path, event.start_mark),
                            "yaml-alias",
                            f"alias *{event.anchor} is not defined: expected an anchor &{event.anchor} "
                            f"earlier in the file (to write text starting with '*', put it in quotes)",
                        )
                    )
                    attach(None, 1, event.start_mark, broken=True)
                    continue
                value, size = target
                expanded += size
                if expanded > MAX_NODES:
                    problems.append(
                        Problem(
                            _loc(path, event.start_mark),
                            "yaml-aliases",
                            f"expected at most {MAX_NODES} values once aliases are expanded, got more "
                            "(a YAML bomb?)",
                        )
                    )
                    return None, smap, problems
                attach(value, size, event.start_mark)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _loc(path, mark) if mark is not None else Location(path, 1, 1)
        if "maximum nesting depth" in (exc.problem or ""):
            problems.append(Problem(where, _LIBRARY_DEPTH, _DEPTH_MESSAGE))
            return None, smap, problems
        explained = _explain(exc, text)
        if explained is not None:
            line, column, what = explained
            where = Location(path, line, column)
        else:
            what = exc.problem or "invalid YAML"
            if exc.context:
                what = f"{exc.context}, {what}"
            if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
                what += " (a tab: indent with spaces)"
            else:
                what += " (check the indentation and the quotes of this line and the line above)"
        problems.append(Problem(where, "yaml-syntax", f"invalid YAML: {what}"))
        return None, smap, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(Location(path, 1, 1), "yaml-syntax", f"invalid YAML: {exc}"))
        return None, smap, problems
    return root, smap, problems


def _indent(line: str) -> int:
    """Column (0-based) where a line's content starts; after '- ' for a list item."""
    stripped = line.lstrip(" ")
    column = len(line) - len(stripped)
    while stripped.startswith("- "):
        rest = stripped[2:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    return column


def _previous_content(lines: list[str], index: int) -> int | None:
    """Index of the nearest line above ``index`` holding YAML (not blank, not a comment)."""
    for above in range(index - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            return above
    return None


def _quote_trouble(line: str) -> tuple[str, int, str] | None:
    """A quoting mistake on one line: (``'open'`` or ``'inside'``, 0-based column of the quote, the quote).

    ``open``: a quoted text that does not close on its line; ``inside``: text goes on
    after the closing quote (a quote inside the text). A quote only opens text at the
    start of a value, so the apostrophe of unquoted ``l'ensemble`` is no quote.
    """
    index = 0
    before = ""
    while index < len(line):
        char = line[index]
        if char == "#" and (not before or before[-1] in " \t"):
            return None
        if char in "\"'" and (not before.strip() or before.rstrip()[-1] in ":-[{,"):
            opened = index
            index += 1
            while index < len(line):
                here = line[index]
                if char == '"' and here == "\\":
                    index += 2
                    continue
                if here == char:
                    if char == "'" and line[index + 1 : index + 2] == "'":
                        index += 2
                        continue
                    break
                index += 1
            else:
                return "open", opened, char
            rest = line[index + 1 :].strip()
            if rest and rest[0] not in ",]}:#":
                return "inside", opened, char
            before = line[: index + 1]
            index += 1
            continue
        before += char
        index += 1
    return None


def _key_of(line: str) -> str:
    return line.strip().lstrip("- ").split(":", 1)[0].strip()


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """libyaml's error in a designer's terms: (line, column, 'expected ..., got ... (fix)'), 1-based.

    Covers what designers meet: indentation, quotes, a ': ' inside text, a missing
    space after ':' or '-', characters that cannot start text. ``None`` leaves the
    library's own words (with a generic hint).
    """
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    index = mark.line
    line = lines[index] if index < len(lines) else ""
    if _char_at(text, mark.line, mark.column) == "\t" or "tab" in problem:
        return (
            mark.line + 1, mark.column + 1,
            "expected spaces for indentation, got a tab (indent with spaces; set your editor to insert spaces)",
        )
    if "end of stream" in problem and "quoted scalar" in context and exc.context_mark is not None:
        start = exc.context_mark
        return (
            start.line + 1, start.column + 1,
            "expected a closing quote for the text that starts here, got the end of the file (close the quote)",
        )
    if "unknown escape character" in problem:
        return (
            mark.line + 1, mark.column + 1,
            "expected a known escape after '\\' in double-quoted text, got '\\"
            + _char_at(text, mark.line, mark.column + (_char_at(text, mark.line, mark.column) == "\\"))
            + "' (write '\\\\' for a backslash, or put the text in single quotes)",
        )
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        start = exc.context_mark
        key_line = lines[start.line] if start.line < len(lines) else ""
        tight = re.search(r"^(\s*(?:- )?[^\s:#][^:#]*):(\S.*)$", key_line)
        if tight:
            return (
                start.line + 1, len(tight.group(1)) + 1,
                f"expected a space after ':', got '{key_line.strip()}' "
                f"(write {tight.group(1).strip()}: {tight.group(2).strip()})",
            )
        return (
            start.line + 1, start.column + 1,
            f"expected 'key: value', got '{key_line.strip()}' with no ': ' (add ': ' after the key, "
            "or indent the line under the text it continues)",
        )
    if "mapping values are not allowed" in problem:
        stripped = line.lstrip(" ")
        if stripped.startswith("-") and len(stripped) > 1 and stripped[1] not in " -":
            column = len(line) - len(stripped)
            return (
                index + 1, column + 1,
                f"expected a space after '-' in a list item, got '{stripped.split(':')[0]}' "
                f"(write '- {stripped[1:].strip()}')",
            )
        head = line[: mark.column]
        first = re.search(r":(\s|$)", head)
        if first:
            key = head[: first.start()].strip().lstrip("- ").strip()
            value = line[first.end():].strip()
            return (
                index + 1, mark.column + 1,
                f"expected text after '{key}:', got a second ':' followed by a space inside it "
                f"(put the whole text in quotes: {key}: \"{value.replace(chr(34), chr(39))}\")",
            )
        above = _previous_content(lines, index)
        column = len(line) - len(stripped)
        dash = re.match(r"^(\s*)-([^\s-].*)$", lines[above]) if above is not None else None
        if above is not None and dash:
            return (
                above + 1, len(dash.group(1)) + 1,
                f"expected a space after '-' in a list item, got '-{dash.group(2).split(':')[0]}' "
                f"(write '- {dash.group(2).strip()}')",
            )
        if above is not None:
            expected = _indent(lines[above])
            return (
                index + 1, column + 1,
                f"expected '{_key_of(line)}:' at column {expected + 1} like '{_key_of(lines[above])}:' "
                f"above it, got column {column + 1} (indentation: line keys of one mapping up "
                "with the same number of spaces)",
            )
        return None
    if "expected key" in problem or "expected '-' indicator" in problem or "expected <block end>" in problem:
        trouble = _quote_trouble(line)
        if trouble is not None and trouble[0] == "inside":
            _, column, quote = trouble
            fix = (
                "write \\\" for a \" inside double quotes, or put the text in single quotes"
                if quote == '"'
                else "write '' for an apostrophe inside single quotes, or put the text in double quotes"
            )
            return (
                index + 1, column + 1,
                f"expected the text to end at its closing {quote}, got more text after it ({fix})",
            )
        for above in range(index, max(index - 30, -1), -1):
            trouble = _quote_trouble(lines[above])
            if trouble is not None and trouble[0] == "open" and above < index:
                _, column, quote = trouble
                return (
                    above + 1, column + 1,
                    f"expected a closing {quote} on this line, got none: the text runs on to line "
                    f"{index + 1} (close the quote at the end of the text)",
                )
        stripped = line.lstrip(" ")
        column = len(line) - len(stripped)
        start = exc.context_mark
        if stripped.startswith(":") or stripped.startswith("- :"):
            return (
                index + 1, column + 1,
                f"expected a key before ':', got none (write the key first: 'name{stripped.lstrip('- ')}')",
            )
        above = _previous_content(lines, index)
        if "'-' indicator" in problem and above is not None and stripped:
            return (
                index + 1, column + 1,
                f"expected '{_key_of(line)}:' at column {_indent(lines[above]) + 1} like "
                f"'{_key_of(lines[above])}:' above it, got column {column + 1} (indentation: line keys of "
                "one mapping up with the same number of spaces)",
            )
        if start is not None and stripped:
            return (
                index + 1, column + 1,
                f"expected '{_key_of(line)}:' at column {start.column + 1}, in line with the keys above it "
                f"(from line {start.line + 1}), got column {column + 1} (indentation: line keys of one "
                "mapping up with the same number of spaces)",
            )
        return None
    if "cannot start any token" in problem:
        char = _char_at(text, mark.line, mark.column)
        return (
            mark.line + 1, mark.column + 1,
            f"expected text, got '{char}' at its start, which YAML reserves (put the text in quotes)",
        )
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        sign = "*" if "alias" in context else "&"
        start = exc.context_mark or mark
        return (
            start.line + 1, start.column + 1,
            f"expected text, got a '{sign}' at its start, which YAML reads as an "
            f"{'alias' if sign == '*' else 'anchor'} (put the text in quotes)",
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        start = exc.context_mark
        opener = "[" if "]" in problem else "{"
        closer = "]" if opener == "[" else "}"
        where = f" opened at line {start.line + 1}" if start is not None else ""
        return (
            mark.line + 1, mark.column + 1,
            f"expected ',' or '{closer}' in the '{opener}' list{where}, got more text (close it with "
            f"'{closer}', and put an item holding ',', ':' or quotes in quotes)",
        )
    return None


def read_text(file: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file with a size cap; a leading byte-order mark is dropped.

    Returns ``(None, problems)`` when the file is too large, unreadable or not UTF-8.
    """
    try:
        size = file.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    Location(display, 1, 1),
                    "file-size",
                    f"expected a file of at most {max_bytes // 1024} KiB, got {size // 1024} KiB",
                )
            ]
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(Location(display), "file-read", f"cannot read the file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                Location(display, line, column),
                "file-encoding",
                f"expected UTF-8 text, got the byte 0x{raw[exc.start]:02x} (save the file as UTF-8)",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_yaml(file: Path, display: str) -> tuple[Any, SourceMap, list[Problem]]:
    """Read and compose one YAML file: ``(data, sourcemap, problems)``."""
    text, problems = read_text(file, display)
    if text is None:
        return None, SourceMap(display), problems
    return compose(text, display)
