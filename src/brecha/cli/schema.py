"""``brecha schema``: print a shipped JSON Schema (self-contained), e.g. for editors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import (
    HELP,
    ForceOption,
    LangOption,
    OutputOption,
    RulesOption,
    emit,
    handled,
    helptext,
    set_lang,
)
from brecha.errors import UsageError
from brecha.i18n import tr
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
    kind: Annotated[SchemaKind, typer.Argument(metavar=helptext("cli.metavar.kind"),
                                                    help=tr("cli.schema.kind", HELP, kinds=", ".join(SchemaKind)))],
    institution: Annotated[str | None, typer.Option("--institution", "-i", metavar=helptext("cli.metavar.type"),
                                                    help=helptext("cli.schema.institution"))] = None,
    level: Annotated[str | None, typer.Option("--level", "-l", metavar=helptext("cli.metavar.level"),
                                              help=helptext("cli.schema.level"))] = None,
    ruleset: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                                                      help=helptext("cli.template.ruleset"))] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Print the JSON Schema of a document kind, with shared definitions inlined."""
    from brecha import api

    language = set_lang(lang)
    if institution is None and level is None and not ruleset:
        emit(SCHEMA, SCHEMA.default, api.schema(_KINDS[kind]), language, output, force)
        return
    if kind is not SchemaKind.ASSESSMENT or institution is None or level is None:
        raise UsageError("error.schema_for")
    emit(SCHEMA, SCHEMA.default, api.assessment_schema(institution, level, rulesets=ruleset or (), lang=language,
                                                       rules_dir=rules), language, output, force)
