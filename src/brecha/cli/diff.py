"""``brecha diff``: what a rule-set change adds, removes or re-weights, and its effect on scores."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import EXIT, handled, write_result


class DiffFormat(StrEnum):
    """Output formats of ``brecha diff``."""

    MARKDOWN = "markdown"
    JSON = "json"


@handled
def command(
    old: Annotated[str, typer.Argument(help="The old content: a folder, or a git revision (e.g. main, HEAD~1).")],
    new: Annotated[str | None, typer.Argument(help="The new content folder (default: the bundled content).")] = None,
    assessments: Annotated[list[str] | None, typer.Option("--assessments", "-a", metavar="PATH",
                           help="Assessments (files or folders) to evaluate with both versions.")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.MARKDOWN,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when a needed version bump is missing.")] = False,
) -> None:
    """Compare two versions of the rule files (OLD → NEW)."""
    from brecha import api
    from brecha.renderers.diff import render_json, render_markdown

    result = api.diff(old, new, assessments or ())
    write_result(render_json(result) if fmt is DiffFormat.JSON else render_markdown(result), None, False)
    if strict and any(d.bump_missing for d in result.rulesets):
        raise typer.Exit(EXIT["findings"])
