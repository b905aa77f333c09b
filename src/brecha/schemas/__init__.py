"""The JSON Schemas of brecha's file formats, read from package data."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["KINDS", "load_schema"]

#: Document kind (the ``kind:`` field) -> schema file name.
KINDS: dict[str, str] = {
    "Standard": "standard.schema.json",
    "SourceRegister": "sources.schema.json",
    "InstitutionRegistry": "registry.schema.json",
    "RuleSet": "ruleset.schema.json",
    "Assessment": "assessment.schema.json",
    "GapReport": "report.schema.json",
    "common": "common.schema.json",
}


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """Return the parsed JSON Schema for a document kind (see :data:`KINDS`)."""
    data: dict[str, Any] = json.loads(files(__package__).joinpath(KINDS[kind]).read_text("utf-8"))
    return data
