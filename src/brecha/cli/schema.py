"""``brecha schema``: print a shipped JSON Schema (self-contained), e.g. for editors."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import ForceOption, OutputOption, handled, helptext, write_result


class SchemaKind(StrEnum):
    """Document kinds with a schema."""

    ASSESSMENT = "assessment"
    RULESET = "ruleset"
    STANDARD = "standard"
    REGISTRY = "registry"
    SOURCES = "sources"
    REPORT = "report"


_KINDS = {SchemaKind.ASSESSMENT: "Assessment", SchemaKind.RULESET: "RuleSet", SchemaKind.STANDARD: "Standard",
          SchemaKind.REGISTRY: "InstitutionRegistry", SchemaKind.SOURCES: "SourceRegister",
          SchemaKind.REPORT: "GapReport"}


@handled
def command(
    kind: Annotated[SchemaKind, typer.Argument(help=helptext("cli.schema.kind"))],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a document kind, with shared definitions inlined."""
    from brecha.schemas import bundled_schema

    text = json.dumps(bundled_schema(_KINDS[kind]), ensure_ascii=False, indent=2) + "\n"
    write_result(text, output, force)
