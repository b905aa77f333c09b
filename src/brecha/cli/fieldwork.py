"""``brecha import``, ``brecha export`` and ``brecha plan``: spreadsheets, mobile forms, action plans."""

from __future__ import annotations

import datetime
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
    stderr,
)
from brecha.i18n import ntr
from brecha.renderers.formats import EXPORT, PLAN


@handled
def import_command(
    source: Annotated[str, typer.Argument(metavar=helptext("cli.metavar.file"), help=helptext("cli.import.file"))],
    output: Annotated[str | None, typer.Option("--output", "-o", metavar=helptext("cli.metavar.file_or_folder"),
                                               help=helptext("cli.import.output"))] = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Turn a filled workbook, or a KoBoToolbox/ODK submissions export, into self-assessment YAML."""
    from brecha import api

    language = set_lang(lang)
    imported = api.import_file(source, lang=language, rules_dir=rules)
    for notice in dict.fromkeys(n for item in imported for n in item.notices):
        stderr(notice.format(language))
    if output is None and len(imported) == 1:
        typer.echo(imported[0].text, nl=False)
        return
    written = api.write_imported(imported, output, force=force)
    stderr("brecha: " + ntr("cli.import.written", len(written), language))


@handled
def export_command(
    fmt: Annotated[str, typer.Argument(metavar="|".join(EXPORT.names), help=helptext("cli.export.format"),
                                       parser=lambda v: v)],
    institution: Annotated[str, typer.Option("--institution", "-i", metavar=helptext("cli.metavar.type"),
                                             help=helptext("cli.template.institution"))],
    level: Annotated[str, typer.Option("--level", "-l", metavar=helptext("cli.metavar.level"), help=helptext("cli.template.level"))],
    ruleset: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                       help=helptext("cli.template.ruleset"))] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rules: RulesOption = None,
) -> None:
    """Write a form for a data-collection tool (xlsform: KoBoToolbox, ODK Collect)."""
    from brecha import api
    from brecha.errors import UsageError

    language = set_lang(None)
    if fmt not in EXPORT.renderers:
        raise UsageError("cli.bad_format", value=fmt, choices=", ".join(EXPORT.names))
    form = api.xlsform(institution, level, rulesets=ruleset or (), rules_dir=rules)
    emit(EXPORT, fmt, form, language, output, force)


@handled
def plan_command(
    assessment: Annotated[str, typer.Argument(
        metavar=helptext("cli.metavar.assessment"), help=helptext("cli.plan.assessment"))],
    fmt: Annotated[str, format_option(PLAN, "cli.plan.format")] = PLAN.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Draw an action plan from the gaps and weaknesses of a self-assessment."""
    from brecha import api

    language = set_lang(lang)
    drawn = api.plan(assessment, lang=language, made_on=datetime.date.today().isoformat(), rules_dir=rules)
    emit(PLAN, fmt, drawn, language, output, force)
