"""``brecha schema``: print a shipped JSON Schema (self-contained), e.g. for editors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import ForceOption, OutputOption, emit, handled, helptext
from brecha.renderers.formats import SCHEMA


class SchemaKind(StrEnum):
    """Document kinds with a schema."""

    ASSESSMENT = "assessment"
    RULESET = "ruleset"
    STANDARD = "standard"
    REGISTRY = "registry"
    SOURCES = "sources"
    REPORT = "report"
    CHAIN = "chain"
    PLAN = "plan"


_KINDS = {SchemaKind.ASSESSMENT: "Assessment", SchemaKind.RULESET: "RuleSet", SchemaKind.STANDARD: "Standard",
          SchemaKind.REGISTRY: "InstitutionRegistry", SchemaKind.SOURCES: "SourceRegister",
          SchemaKind.REPORT: "GapReport", SchemaKind.CHAIN: "Chain", SchemaKind.PLAN: "ActionPlan"}


@handled
def command(
    kind: Annotated[SchemaKind, typer.Argument(help=helptext("cli.schema.kind"))],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a document kind, with shared definitions inlined."""
    from brecha import api

    emit(SCHEMA, SCHEMA.default, api.schema(_KINDS[kind]), "en", output, force)
