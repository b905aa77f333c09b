"""``brecha explain``: what a rule, provision, weakness or institution is, with sources."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, handled, helptext, set_lang


@handled
def command(
    ident: Annotated[str, typer.Argument(metavar="ID", help=helptext("cli.explain.id"))],
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Explain one ID with its sources and how well it is known."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from brecha import api
    from brecha.explaining import explain
    from brecha.renderers.console import clean

    entry = explain(api.load_content(rules), ident, set_lang(lang))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for name, value in entry.fields:
        grid.add_row(name, Text(clean(value)))
    title = Text(f"{entry.kind} {entry.id}: {clean(entry.title)}", style="bold")
    Console(highlight=False).print(Panel(grid, title=title, title_align="left"))
