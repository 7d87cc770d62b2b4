"""Turn composed YAML data into model objects, with every schema error located.

pydantic collects all field errors in one pass; this module rewrites each one as
a :class:`Problem` that says where (from the :class:`SourceMap`), what was
expected and what was found, and suggests the closest key for a misspelt one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.load.yamlsource import PathKey, SourceMap
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
    """A short, readable rendering of a found value."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, bool):
        return str(value).lower()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


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


def _message(error: dict[str, Any], model: type[BaseModel], path: PathKey) -> str:
    kind = error["type"]
    found = error.get("input")
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
        return f"{name}: expected one of {expected}, got {describe(found)}{hint}"
    if kind in _TYPE_WORDS:
        word = _TYPE_WORDS[kind]
        hint = ""
        if word == "text" and isinstance(found, (int, float)) and not isinstance(found, bool):
            hint = f" (quote it: '{found}')"
        return f"{name}: expected {word}, got {describe(found)}{hint}"
    if kind == "string_too_short":
        return f"{name}: expected non-empty text, got {describe(found)}"
    if kind == "string_pattern_mismatch":
        return f"{name}: expected an id of lowercase letters, digits and '-', got {describe(found)}"
    if kind == "string_too_long":
        return f"{name}: expected at most {ctx.get('max_length')} characters, got {len(str(found))}"
    if kind == "too_short":
        return f"{name}: expected at least {ctx.get('min_length')} item(s), got {describe(found)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[kind]
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        return f"{name}: expected a number {sign} {limit}, got {describe(found)}"
    message = str(error.get("msg", "invalid value"))
    if kind in ("duration", "clock"):
        return f"{name}: {message}"
    return f"{name}: {message}, got {describe(found)}"


def to_model(model: type[M], data: Any, smap: SourceMap) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` as ``model``; on failure return every error, located."""
    if not isinstance(data, dict):
        where = smap.at(())
        return None, [
            Problem(where, "schema-type", f"(document): expected a mapping (key: value), got {describe(data)}")
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[PathKey, str]] = set()
        errors = exc.errors(include_url=False)
        failed_paths = [_clean_path(e["loc"], data)[0] for e in errors if e["type"] != "too_short"]
        for error in errors:
            path, is_key = _clean_path(error["loc"], data)
            if error["type"] == "too_short" and any(
                len(other) > len(path) and other[: len(path)] == path for other in failed_paths
            ):
                continue  # pydantic drops failed items, then counts what is left
            message = _message(dict(error), model, path)
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
