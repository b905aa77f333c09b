"""``brecha lint``: schema and consistency checks of content and assessments."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import EXIT, LangOption, RulesOption, handled, set_lang, write_result
from brecha.renderers.lint import LintFormat


@handled
def command(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders (default: the content in use).")] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
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
