"""``brecha diff``: what a rule-set change adds, removes or re-weights, and its effect on scores."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import EXIT, handled, helptext, write_result


class DiffFormat(StrEnum):
    """Output formats of ``brecha diff``."""

    MARKDOWN = "markdown"
    JSON = "json"


@handled
def command(
    old: Annotated[str, typer.Argument(help=helptext("cli.diff.old"))],
    new: Annotated[str | None, typer.Argument(help=helptext("cli.diff.new"))] = None,
    assessments: Annotated[list[str] | None, typer.Option("--assessments", "-a", metavar="PATH",
                           help=helptext("cli.diff.assessments"))] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help=helptext("cli.format"))] = DiffFormat.MARKDOWN,
    strict: Annotated[bool, typer.Option("--strict", help=helptext("cli.diff.strict"))] = False,
) -> None:
    """Compare two versions of the rule files (OLD → NEW)."""
    from brecha import api
    from brecha.renderers.diff import render_json, render_markdown

    result = api.diff(old, new, assessments or ())
    write_result(render_json(result) if fmt is DiffFormat.JSON else render_markdown(result), None, False)
    if strict and any(d.bump_missing for d in result.rulesets):
        raise typer.Exit(EXIT["findings"])
