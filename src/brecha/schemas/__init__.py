"""The JSON Schemas of brecha's file formats, read from package data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "bundled_schema", "load_schema"]

#: Document kind (the ``kind:`` field) -> schema file name.
KINDS: dict[str, str] = {
    "Standard": "standard.schema.json",
    "SourceRegister": "sources.schema.json",
    "InstitutionRegistry": "registry.schema.json",
    "RuleSet": "ruleset.schema.json",
    "Assessment": "assessment.schema.json",
    "ActionPlan": "plan.schema.json",
    "GapReport": "report.schema.json",
    "Chain": "chain.schema.json",
    "common": "common.schema.json",
}


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """Return the parsed JSON Schema for a document kind (see :data:`KINDS`)."""
    data: dict[str, Any] = json.loads((_HERE / KINDS[kind]).read_text("utf-8"))
    return data


_HERE = Path(__file__).parent  # brecha is installed as files (see loading.bundled_root)

_COMMON = "urn:brecha:schema:common:1#/$defs/"


def bundled_schema(kind: str) -> dict[str, Any]:
    """A self-contained copy of a kind's schema (shared definitions inlined), for editors."""
    common = load_schema("common")["$defs"]
    used: set[str] = set()

    def rewrite(node: Any, inside_common: bool = False) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                local = inside_common and isinstance(value, str) and value.startswith("#/$defs/")
                if key == "$ref" and isinstance(value, str) and (value.startswith(_COMMON) or local):
                    name = value.removeprefix(_COMMON).removeprefix("#/$defs/")
                    used.add(name)
                    out[key] = f"#/$defs/common-{name}"
                else:
                    out[key] = rewrite(value, inside_common)
            return out
        if isinstance(node, list):
            return [rewrite(item, inside_common) for item in node]
        return node

    schema: dict[str, Any] = rewrite(load_schema(kind))
    schema.pop("$id", None)  # a standalone copy: refs resolve within the file
    defs = schema.setdefault("$defs", {})
    done: set[str] = set()
    while used - done:  # shared definitions may refer to each other
        name = min(used - done)
        done.add(name)
        defs[f"common-{name}"] = rewrite(common[name], inside_common=True)
    return schema
