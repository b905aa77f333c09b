"""``brecha coverage``: provisions x rules for each standard."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, emit, format_option, handled, helptext, set_lang
from brecha.renderers.formats import COVERAGE


@handled
def command(
    ruleset: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                       help=helptext("cli.coverage.ruleset"))] = None,
    matrix: Annotated[bool, typer.Option("--matrix", help=helptext("cli.coverage.matrix"))] = False,
    standard: Annotated[list[str] | None, typer.Option("--standard", metavar="ID",
                        help=helptext("cli.coverage.standard"))] = None,
    fmt: Annotated[str, format_option(COVERAGE)] = COVERAGE.default,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Show which provisions the rule sets cover, and which none does."""
    from brecha import api

    language = set_lang(lang)
    emit(COVERAGE, fmt, api.coverage(ruleset or (), rules, matrix=matrix, standards=standard or ()), language)
