"""``brecha diff``: what a rule-set change adds, removes or re-weights, and its effect on scores."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import EXIT, emit, format_option, handled, helptext, set_lang, stderr
from brecha.renderers.formats import DIFF


@handled
def command(
    old: Annotated[str, typer.Argument(metavar=helptext("cli.metavar.old"), help=helptext("cli.diff.old"))],
    new: Annotated[str | None, typer.Argument(metavar=helptext("cli.metavar.new"), help=helptext("cli.diff.new"))] = None,
    assessments: Annotated[list[str] | None, typer.Option("--assessments", "-a", metavar=helptext("cli.metavar.path"),
                           help=helptext("cli.diff.assessments"))] = None,
    fmt: Annotated[str, format_option(DIFF)] = DIFF.default,
    strict: Annotated[bool, typer.Option("--strict", help=helptext("cli.diff.strict"))] = False,
) -> None:
    """Compare two versions of the rule files (OLD → NEW)."""
    from brecha import api

    language = set_lang(None)  # diagnostics follow BRECHA_LANG or the locale, as everywhere
    result = api.diff(old, new, assessments or ())
    emit(DIFF, fmt, result, "en")  # the diff itself speaks to maintainers in pull requests: English
    for issue in result.unreadable:  # each one located, after what could be compared (as lint does)
        stderr(issue.format(language))
    if result.unreadable:
        raise typer.Exit(EXIT["input"])
    if strict and any(d.bump_missing for d in result.rulesets):
        raise typer.Exit(EXIT["findings"])
