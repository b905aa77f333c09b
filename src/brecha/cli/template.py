"""``brecha template``: a blank self-assessment with the questions as comments."""

from __future__ import annotations

import datetime
from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, handled, set_lang, write_result


@handled
def command(
    institution: Annotated[str, typer.Option("--institution", "-i", metavar="TYPE",
                                             help="Institution type, e.g. procuraduria-proteccion.")],
    level: Annotated[str, typer.Option("--level", "-l", metavar="LEVEL", help="federal, state or municipal.")],
    ruleset: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                       help="Rule set to include (repeatable; default: every one that applies).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Write a blank self-assessment for one institution type and level."""
    from brecha import api
    from brecha.templating import build_template

    text = build_template(api.load_content(rules), institution, level, lang=set_lang(lang),
                          date=datetime.date.today().isoformat(), rulesets=ruleset or ())
    write_result(text, output, force)
