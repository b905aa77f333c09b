"""``brecha draft``: the legal basis of each critical gap and top action, ready to adapt."""

from __future__ import annotations

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
from brecha.renderers.formats import DRAFT


@handled
def command(
    assessment: Annotated[str, typer.Argument(
        metavar=helptext("cli.metavar.assessment"), help=helptext("cli.draft.assessment"))],
    fmt: Annotated[str, format_option(DRAFT)] = DRAFT.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Facts, verified legal basis and action for each critical gap and top action of ASSESSMENT."""
    from brecha import api

    language = set_lang(lang)
    emit(DRAFT, fmt, api.draft_path(assessment, rules), language, output, force)
