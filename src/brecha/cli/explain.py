"""``brecha explain``: what a rule, provision, weakness or institution is, with sources."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, emit, format_option, handled, helptext, set_lang
from brecha.renderers.formats import EXPLAIN


@handled
def command(
    ident: Annotated[str, typer.Argument(metavar="ID", help=helptext("cli.explain.id"))],
    fmt: Annotated[str, format_option(EXPLAIN)] = EXPLAIN.default,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Explain one ID with its sources and how well it is known."""
    from brecha import api

    language = set_lang(lang)
    emit(EXPLAIN, fmt, api.explain(ident, language, rules), language)
