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
    handled,
    helptext,
    set_lang,
    write_result,
)
from brecha.renderers.lint import LintFormat


@handled
def command(
    paths: Annotated[list[str] | None, typer.Argument(help=helptext("cli.lint.paths"))] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help=helptext("cli.format"))] = LintFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help=helptext("cli.lint.strict"))] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Check standards, rule sets and self-assessments; exit 1 if problems are found."""
    from brecha import api
    from brecha.renderers.lint import render

    language = set_lang(lang)
    result = api.lint(paths or [], rules)
    write_result(render(fmt, result.issues, len(result.files), language), output, force)
    raise typer.Exit(EXIT["findings"] if result.failed(strict=strict) else EXIT["ok"])
