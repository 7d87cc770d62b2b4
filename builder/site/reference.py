"""The YAML reference, read from the pydantic models: every key, its type, default and description.

Nothing here is written by hand twice: keys, requiredness, defaults and
descriptions come from ``model_fields``; a field without a description takes the
first line of its nested model's docstring. Types are named in the site's
language through ``site_type_*`` labels, and nested models link to their section.

For a site in another language than the models' English, ``texts`` (the template
``site/reference.<lang>.yaml``) gives each mapping a heading and a summary and each
key a description; a key it lacks keeps the model's description, marked English.
Headings are words ("Taille du groupe", "Group size"), never class names.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from pydantic import BaseModel, BeforeValidator, StringConstraints
from pydantic.fields import FieldInfo
from markupsafe import Markup
from pydantic_core import PydanticUndefined

from builder.model.duration import format_clock, format_duration, parse_clock, parse_duration
from builder.site.text import md

_CODE = re.compile(r"``(.+?)``|`([^`\n]+)`")
"""Code in a description: ````name```` (docstrings) or ```name``` (the translated texts)."""


@dataclass(frozen=True)
class FieldDoc:
    """One key of a YAML mapping."""

    key: str
    type: str
    links: tuple[tuple[str, str], ...]
    required: bool
    default: Markup
    description: Markup


@dataclass(frozen=True)
class ModelDoc:
    """One YAML mapping (a model class) and its keys."""

    name: str
    anchor: str
    summary: Markup
    fields: tuple[FieldDoc, ...]


Texts = Mapping[str, Mapping[str, Any]]
"""``{"models": {Name: {title, summary}}, "fields": {"Name.key": description}}``."""


def title_of(model: type, texts: Texts) -> str:
    """A mapping's heading: from ``texts``, else its class name in words (``GroupSize`` -> ``Group size``)."""
    name = _display_name(model)
    found = (texts.get("models") or {}).get(name) or {}
    if found.get("title"):
        return str(found["title"])
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def anchor(model: type[BaseModel]) -> str:
    """The section id of a model on the reference page."""
    return "ref-" + _display_name(model).lower()


def _display_name(model: type) -> str:
    name = model.__name__
    return name.split("[", 1)[0]


def _summary(model: type) -> str:
    doc = inspect.getdoc(model) or ""
    return doc.strip().split("\n\n", 1)[0].replace("\n", " ")


def doc_markdown(text: str) -> Markup:
    """A docstring or description as Markdown: plain text escaped, ````name```` as code."""
    pieces = []
    parts = _CODE.split(text)  # text, code (``), code (`), text, ...
    for i in range(0, len(parts), 3):
        part = parts[i]
        if part.strip():
            lead = " " if part[0].isspace() and i else ""
            trail = " " if part[-1].isspace() else ""
            pieces.append(Markup(lead) + md(part) + Markup(trail))
        else:
            pieces.append(Markup(" " if part else ""))
        if i + 2 < len(parts):
            code = parts[i + 1] if parts[i + 1] is not None else parts[i + 2]
            pieces.append(Markup(f"`{code}`"))
    return Markup("").join(pieces).strip()


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Annotated``; return the bare type and its metadata."""
    metadata: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        metadata.extend(annotation.__metadata__)
        annotation = annotation.__origin__
    return annotation, metadata


class _Namer:
    """Names a type in the site's language, collecting the models it mentions."""

    def __init__(self, labels: Mapping[str, str], texts: Texts | None = None) -> None:
        self.labels = labels
        self.texts: Texts = texts or {}
        self.models: list[type[BaseModel]] = []
        self.links: list[tuple[str, str]] = []

    def name(self, annotation: Any, metadata: list[Any] | None = None) -> str:
        annotation, more = _unwrap(annotation)
        metadata = (metadata or []) + more
        labels = self.labels
        for meta in metadata:
            if isinstance(meta, BeforeValidator):
                if meta.func is parse_duration:
                    return labels["site_type_duration"]
                if meta.func is parse_clock:
                    return labels["site_type_clock"]
                if getattr(meta.func, "__name__", "") == "_one_or_many":
                    return labels["site_type_text_list"]
            if isinstance(meta, StringConstraints) and meta.pattern:
                return labels["site_type_ident"]
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
            present = [a for a in args if a is not type(None)]
            return " / ".join(self.name(a) for a in present)
        if origin is Literal:
            return labels["site_type_one_of"].format(choices=", ".join(f"`{a}`" for a in args))
        if origin in (tuple, list):
            return labels["site_type_list_of"].format(item=self.name(args[0]))
        if origin is dict:
            return labels["site_type_mapping"].format(key=self.name(args[0]), value=self.name(args[1]))
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return labels["site_type_one_of"].format(choices=", ".join(f"`{m.value}`" for m in annotation))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            generic = getattr(annotation, "__pydantic_generic_metadata__", {})
            if generic.get("origin") is not None:
                inner = self.name(generic["args"][0])
                self._model(generic["origin"])
                return labels["site_type_rule_of"].format(value=inner)
            self._model(annotation)
            return labels["site_type_model"].format(name=title_of(annotation, self.texts))
        if annotation is bool:
            return labels["site_type_bool"]
        if annotation is int:
            return labels["site_type_int"]
        if annotation is float:
            return labels["site_type_number"]
        if annotation is str:
            return labels["site_type_text"]
        if annotation is dt.date:
            return labels["site_type_date"]
        if annotation is Any or isinstance(annotation, typing.TypeVar):
            return labels["site_type_any"]
        raise TypeError(f"the YAML reference cannot name the type {annotation!r}")

    def _model(self, model: type[BaseModel]) -> None:
        if model not in self.models:
            self.models.append(model)
        link = (title_of(model, self.texts), anchor(model))
        if link not in self.links:
            self.links.append(link)


def _default(info: FieldInfo, labels: Mapping[str, str]) -> Markup:
    """The default as a designer would write it in YAML, as inline code (empty when none is worth showing)."""
    return Markup(_default_text(info, labels))


def _default_text(info: FieldInfo, labels: Mapping[str, str]) -> str:
    if info.is_required() or info.default is PydanticUndefined:
        return ""
    value = info.default
    metadata = list(info.metadata)
    if value is None or value == "" or isinstance(value, BaseModel):
        return ""
    for meta in metadata:
        if isinstance(meta, BeforeValidator) and meta.func is parse_clock and isinstance(value, int):
            return f"`{format_clock(value)}`"
        if isinstance(meta, BeforeValidator) and meta.func is parse_duration and isinstance(value, int):
            return f"`{format_duration(value, getattr(labels, 'language', 'fr'))}`"
    if isinstance(value, tuple):
        return "`[]`" if not value else "`[" + ", ".join(str(v) for v in value) + "]`"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, enum.Enum):
        return f"`{value.value}`"
    return f"`{value}`"


def model_docs(root: type[BaseModel], labels: Mapping[str, str], texts: Texts | None = None) -> list[ModelDoc]:
    """``root`` and every model reachable from it, in the order a designer meets them (see the module docstring)."""
    texts = texts or {}
    translated = bool(texts.get("fields"))
    fields_text: Mapping[str, Any] = texts.get("fields") or {}
    docs: list[ModelDoc] = []
    queue: list[type[BaseModel]] = [root]
    seen: set[type[BaseModel]] = set()
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.add(model)
        fields = []
        found: list[type[BaseModel]] = []
        for name, info in model.model_fields.items():
            namer = _Namer(labels, texts)
            type_name = namer.name(info.annotation, list(info.metadata))
            nested = [m for m in namer.models if m not in seen]
            found.extend(nested)
            key = info.alias or name
            description = info.description or ""
            if not description and namer.models:
                description = _summary(namer.models[0])
            own = fields_text.get(f"{_display_name(model)}.{key}")
            if own:
                shown = doc_markdown(str(own))
            elif translated and description:
                shown = Markup('<span lang="en">') + doc_markdown(description) + Markup("</span>")
            else:
                shown = doc_markdown(description)
            fields.append(
                FieldDoc(
                    key=info.alias or name,
                    type=type_name,
                    links=tuple(namer.links),
                    required=info.is_required(),
                    default=_default(info, labels),
                    description=shown,
                )
            )
        summary = ((texts.get("models") or {}).get(_display_name(model)) or {}).get("summary") or _summary(model)
        docs.append(ModelDoc(title_of(model, texts), anchor(model), doc_markdown(str(summary)), tuple(fields)))
        queue.extend(m for m in found if m not in queue)
    return docs
