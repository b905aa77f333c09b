"""Closed vocabularies: each Python enum spells exactly what the JSON Schemas allow."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest

from brecha import model, report
from brecha.schemas import load_schema


def _at(kind: str, *path: str) -> list[Any]:
    node: Any = load_schema(kind)
    for key in path:
        node = node[int(key)] if isinstance(node, list) else node[key]
    values: list[Any] = node["enum"]
    return values


@pytest.mark.parametrize(("enum", "kind", "path"), [
    (model.Confidence, "common", ("$defs", "confidence")),
    (model.Confidence, "GapReport", ("$defs", "provisions", "items", "properties", "confidence")),
    (model.LegalForce, "Standard", ("properties", "legal_force")),
    (report.GapStatus, "GapReport", ("$defs", "gap", "properties", "status")),
    (report.HeadlineReason, "GapReport", ("$defs", "v2", "properties", "headline", "oneOf", "1", "properties",
                                          "reason")),
    (model.CapCondition, "RuleSet", ("properties", "rating_caps", "items", "properties", "when")),
    (model.CapCondition, "GapReport", ("$defs", "result", "properties", "caps", "items", "properties", "when")),
], ids=["confidence", "report-confidence", "legal-force", "gap-status", "headline-reason", "cap-condition",
        "report-cap-condition"])
def test_enum_matches_schema(enum: type[StrEnum], kind: str, path: tuple[str, ...]) -> None:
    """A value added to the schema but not the enum (or back) fails here, not when a file uses it."""
    assert [m.value for m in enum] == _at(kind, *path)
