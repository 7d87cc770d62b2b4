"""JSON Schemas of programme and framework files, generated from the model.

Editors validate YAML with them (VS Code's YAML extension and every
yaml-language-server editor), and ``check-jsonschema`` in CI. yaml-language-server
understands JSON Schema draft-07 at most, so pydantic's output (draft 2020-12) is
rewritten: ``$defs`` become ``definitions`` and fixed-length ``prefixItems`` the
draft-07 array form of ``items``. Field descriptions come from the model, so an
editor's hover text is the same as the YAML reference on the site.

The schema checks shapes only; rule checks (framework values, sums, references)
stay with ``stagecraft validate``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from builder.model.framework import Framework
from builder.model.programme import Programme

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

SCHEMAS: dict[str, type[BaseModel]] = {
    "programme.schema.json": Programme,
    "framework.schema.json": Framework,
}
"""File name -> the model it describes."""

REGENERATE = "stagecraft schema --out schemas"
"""The command that rewrites the committed schemas (run from the repository root)."""


def _draft07(node: Any) -> Any:
    """``node`` with 2020-12-only keywords rewritten in draft-07 terms."""
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "prefixItems":
            out["items"] = _draft07(value)
            out["additionalItems"] = _draft07(node["items"]) if "items" in node else False
        elif key == "items" and "prefixItems" in node:
            continue
        elif key == "$defs":
            out["definitions"] = _draft07(value)
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        else:
            out[key] = _draft07(value)
    return out


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The draft-07 JSON Schema of ``model`` as input (what a YAML file may hold)."""
    raw = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    return {"$schema": DRAFT_07, **_draft07(raw)}


def schema_files() -> dict[str, bytes]:
    """Every schema file's name and its content (stable: same model, same bytes)."""
    return {
        name: (json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n").encode()
        for name, model in SCHEMAS.items()
    }
