"""``brecha page``: one printable page of an institution's results, for a validation workshop."""

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
from brecha.renderers.formats import PAGE


@handled
def command(
    assessment: Annotated[str, typer.Argument(
        metavar=helptext("cli.metavar.assessment"), help=helptext("cli.page.assessment"))],
    fmt: Annotated[str, format_option(PAGE)] = PAGE.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Headline, stages, what to fix first, weaknesses and evidence gaps of ASSESSMENT on one page."""
    from brecha import api

    language = set_lang(lang)
    emit(PAGE, fmt, api.page_path(assessment, rules), language, output, force)
