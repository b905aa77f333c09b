"""``brecha lint``: schema and consistency checks of content and assessments."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import (
    EXIT,
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
from brecha.renderers.formats import LINT


@handled
def command(
    paths: Annotated[list[str] | None, typer.Argument(metavar=helptext("cli.metavar.path"), help=helptext("cli.lint.paths"))] = None,
    fmt: Annotated[str, format_option(LINT)] = LINT.default,
    strict: Annotated[bool, typer.Option("--strict", help=helptext("cli.lint.strict"))] = False,
    select: Annotated[list[str] | None, typer.Option("--select", metavar=helptext("cli.metavar.code"),
                                                     help=helptext("cli.lint.select"))] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar=helptext("cli.metavar.code"),
                                                     help=helptext("cli.lint.ignore"))] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help=helptext("cli.lint.statistics"))] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Check standards, rule sets and self-assessments; exit 1 if problems are found."""
    from brecha import api

    language = set_lang(lang)
    result = api.lint(paths or [], rules, select=select or (), ignore=ignore or (), statistics=statistics)
    emit(LINT, fmt, result, language, output, force)
    if result.unreadable:  # every file that could be read is still checked and reported
        raise typer.Exit(EXIT["input"])
    raise typer.Exit(EXIT["findings"] if result.failed(strict=strict) else EXIT["ok"])
