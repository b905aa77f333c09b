"""``brecha template``: a blank self-assessment with the questions as comments."""

from __future__ import annotations

import datetime
from typing import Annotated

import typer

from brecha.cli._common import (
    ForceOption,
    LangOption,
    OutputOption,
    RulesOption,
    emit,
    format_option,
    handled,
    helptext,
    set_lang,
)
from brecha.renderers.formats import TEMPLATE


@handled
def command(
    institution: Annotated[str, typer.Option("--institution", "-i", metavar=helptext("cli.metavar.type"),
                                             help=helptext("cli.template.institution"))],
    level: Annotated[str, typer.Option("--level", "-l", metavar=helptext("cli.metavar.level"), help=helptext("cli.template.level"))],
    ruleset: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                       help=helptext("cli.template.ruleset"))] = None,
    fmt: Annotated[str, format_option(TEMPLATE, "cli.template.format")] = TEMPLATE.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Write a blank self-assessment for one institution type and level."""
    from brecha import api

    language = set_lang(lang)
    result = api.template(institution, level, date=datetime.date.today().isoformat(), rulesets=ruleset or (),
                          rules_dir=rules)
    emit(TEMPLATE, fmt, result, language, output, force)
