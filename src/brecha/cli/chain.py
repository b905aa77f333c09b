"""``brecha chain``: the Ruta as a chain across the institutions of one state."""

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
    stderr,
)
from brecha.renderers.formats import CHAIN


@handled
def command(
    paths: Annotated[list[str], typer.Argument(metavar=helptext("cli.metavar.path"), help=helptext("cli.chain.paths"))],
    fmt: Annotated[str, format_option(CHAIN)] = CHAIN.default,
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", "-j", metavar=helptext("cli.metavar.code"),
                                                     help=helptext("cli.chain.jurisdiction"))] = None,
    ruleset: Annotated[str | None, typer.Option("--ruleset", metavar="ID", help=helptext("cli.chain.ruleset"))] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """The hand-offs of the Ruta over one state's self-assessments: weakest links, holes, contradictions."""
    from brecha import api

    language = set_lang(lang)
    result = api.chain_paths(paths, jurisdiction=jurisdiction, ruleset=ruleset, rules_dir=rules)
    for path, failure in result.failures:
        line = failure.format(language)
        stderr(line if line.startswith(path) else f"{path}: {line}")
    emit(CHAIN, fmt, result, language, output, force)
    if result.failures:
        raise typer.Exit(EXIT["input"])
