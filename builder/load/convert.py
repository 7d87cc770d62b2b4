"""Turn composed YAML data into model objects, with every schema error located.

pydantic collects all field errors in one pass; this module rewrites each one as
a :class:`Problem` that says where (from the :class:`SourceMap`), what was
expected and what was found, and suggests the closest key for a misspelt one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.load.yamlsource import PathKey, SourceMap
from builder.model.duration import clock_hint, duration_hint
from builder.problems import Problem, suggest

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_type": "a date like 2024-05-23",
    "date_parsing": "a date like 2024-05-23",
    "date_from_datetime_parsing": "a date like 2024-05-23",
    "date_from_datetime_inexact": "a date like 2024-05-23",
}


_RULES = {
    "missing": "schema-missing",
    "extra_forbidden": "schema-unknown-key",
    "enum": "schema-choice",
    "literal_error": "schema-choice",
    "duration": "schema-duration",
    "clock": "schema-clock",
}


def describe(value: object) -> str:
    """A short, readable rendering of a found value, in YAML's words (never Python's)."""
    if value is None:
        return "no value"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _found(value: object, raw: str | None) -> str:
    """The found value as written in the file when YAML changed it (``1.10``, ``yes``, ``3:00``)."""
    if raw is not None and not isinstance(value, (dict, list)):
        return raw if raw.strip() else "no value"
    return describe(value)


_BOOL_WORDS = "yes, no, on, off, true and false"


def _text_hint(found: object, raw: str | None, smap: SourceMap, path: PathKey) -> str:
    """How to write text that YAML read as something else."""
    if isinstance(found, bool):
        shown = raw or str(found).lower()
        return f" (unquoted, {_BOOL_WORDS} are read as true or false: quote it: '{shown}')"
    if isinstance(found, (int, float, dt.date, dt.datetime)):
        shown = raw or describe(found)
        return f" (quote it: '{shown}')"
    if found is None and path and isinstance(path[-1], str):
        return f" (write the text after '{path[-1]}:', or remove the key)"
    if isinstance(found, dict) and len(found) == 1:
        line, column = smap.values.get(path, (0, 0))
        written = smap.line_text(line)[column - 1 :].strip() if line else ""
        head = smap.line_text(line)[: column - 1]
        if head.count("[") > head.count("]") or head.count("{") > head.count("}"):
            written = re.split(r"[,\]}]", written, maxsplit=1)[0].strip()  # an item of a [list]
        if ":" in written and not written.startswith(("{", "[")):
            return (
                f" (a ':' followed by a space makes a key: value pair; quote the whole text: "
                f"\"{written.replace(chr(34), chr(39))}\")"
            )
    return ""


def _clean_path(loc: tuple[Any, ...], data: Any) -> tuple[PathKey, bool]:
    """pydantic loc to a data path; the flag says the error is about a mapping key.

    The loc is walked along the data itself, so validator wrappers and union
    member names (which are not data keys) are dropped, whatever a key looks like.
    """
    path: list[str | int] = []
    is_key = False
    current = data
    for index, part in enumerate(loc):
        if part == "[key]":
            is_key = True
        elif isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, (list, tuple)) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif index == len(loc) - 1 and isinstance(current, dict):
            path.append(part)  # a missing key
    return tuple(path), is_key


def _dotted(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _fields_of(model: type[BaseModel], path: PathKey) -> list[str]:
    """Names of the keys allowed at ``path`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _model_in(annotation: Any) -> Any:
    """The model class inside an annotation such as ``tuple[Session, ...]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(error: dict[str, Any], model: type[BaseModel], path: PathKey, smap: SourceMap) -> str:
    kind = error["type"]
    found = error.get("input")
    raw = smap.raw.get(path)
    ctx = error.get("ctx") or {}
    name = _dotted(path)
    if kind == "missing":
        return f"{name}: expected the key '{path[-1]}', found none"
    if kind == "extra_forbidden":
        hint = suggest(str(path[-1]), _fields_of(model, path[:-1]))
        return f"{name}: unknown key '{path[-1]}'{hint}"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        hint = suggest(found, options, list_all=False) if isinstance(found, str) else ""
        if isinstance(found, bool):
            hint = f" (unquoted, {_BOOL_WORDS} are read as true or false: quote it: '{raw or str(found).lower()}')"
        return f"{name}: expected one of {expected}, got {_found(found, raw)}{hint}"
    if kind in _TYPE_WORDS:
        word = _TYPE_WORDS[kind]
        hint = ""
        if word == "text":
            hint = _text_hint(found, raw, smap, path)
        elif isinstance(found, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", found) and word != "text":
            hint = f" (in quotes it is text: write it without quotes: {path[-1]}: {found.strip()})"
        elif isinstance(found, bool) and word in ("a number", "a whole number"):
            hint = f" (unquoted, {_BOOL_WORDS} are read as true or false: write a number)"
        elif isinstance(found, float) and word == "a whole number":
            hint = " (write a whole number, without decimals)"
        return f"{name}: expected {word}, got {_found(found, raw)}{hint}"
    if kind == "string_too_short":
        return f"{name}: expected non-empty text, got {describe(found)}"
    if kind == "string_pattern_mismatch":
        hint = ""
        if isinstance(found, str):
            slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", found).encode("ascii", "ignore")
                          .decode().lower()).strip("-")[:64]
            hint = f" (write '{slug}')" if slug and slug != found else ""
        return f"{name}: expected an id of lowercase letters, digits and '-', got {_found(found, raw)}{hint}"
    if kind == "string_too_long":
        return f"{name}: expected at most {ctx.get('max_length')} characters, got {len(str(found))}"
    if kind == "too_short":
        return f"{name}: expected at least {ctx.get('min_length')} item(s), got {describe(found)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[kind]
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        return f"{name}: expected a number {sign} {limit}, got {_found(found, raw)}"
    message = str(error.get("msg", "invalid value"))
    if kind == "duration" and raw is not None and ":" in raw:
        better = duration_hint(raw)
        return (
            f"{name}: expected a duration like '2h30' or '45min', got {raw}, which YAML reads as a clock-like "
            "number" + (f" (write '{better}')" if better else "")
        )
    if kind == "clock" and raw is not None and ":" in raw:
        clock = clock_hint(raw)
        return (
            f"{name}: expected a clock time in quotes, got {raw} unquoted, which YAML reads as a number "
            f"(quote it: '{clock or raw}')"
        )
    if kind in ("duration", "clock") and isinstance(found, bool) and raw is not None:
        return (
            f"{name}: {message.rsplit(', got ', 1)[0]}, got {raw} (unquoted, {_BOOL_WORDS} are read as true or "
            "false)"
        )
    if kind in ("duration", "clock"):
        return f"{name}: {message}"
    return f"{name}: {message}, got {_found(found, raw)}"


def to_model(model: type[M], data: Any, smap: SourceMap) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` as ``model``; on failure return every error, located."""
    if not isinstance(data, dict):
        where = smap.at(())
        return None, [
            Problem(
                where,
                "schema-type",
                "(document): expected a mapping (key: value), got "
                + ("an empty file" if data is None else describe(data)),
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[PathKey, str]] = set()
        errors = exc.errors(include_url=False)
        failed_paths = [_clean_path(e["loc"], data)[0] for e in errors if e["type"] != "too_short"]
        # A misspelt key is one mistake: report the unknown key with its suggestion, not also the missing one.
        misspelt = set()
        for error in errors:
            if error["type"] == "extra_forbidden":
                path, _ = _clean_path(error["loc"], data)
                close = difflib.get_close_matches(str(path[-1]), _fields_of(model, path[:-1]), n=1, cutoff=0.6)
                if close:
                    misspelt.add(path[:-1] + (close[0],))
        for error in errors:
            path, is_key = _clean_path(error["loc"], data)
            if error["type"] == "missing" and path in misspelt:
                continue
            if path in smap.reported or (error["type"] == "missing" and path[:-1] in smap.reported):
                continue  # the loader has said what is wrong there (an undefined alias, a merge key)
            if error["type"] == "too_short" and any(
                len(other) > len(path) and other[: len(path)] == path for other in failed_paths
            ):
                continue  # pydantic drops failed items, then counts what is left
            message = _message(dict(error), model, path, smap)
            if (path, message) in seen:
                continue
            seen.add((path, message))
            rule = _RULES.get(error["type"], "schema-type")
            if error["type"] == "missing":
                where = smap.at(path[:-1])
            else:
                where = smap.at(path, key=is_key or error["type"] == "extra_forbidden")
            problems.append(Problem(where, rule, message))
        return None, problems
