"""``brecha evaluate``: score a self-assessment and show its gap report."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import (
    EXIT,
    LangOption,
    RulesOption,
    emit,
    format_option,
    handled,
    helptext,
    set_lang,
    stderr,
)
from brecha.i18n import tr
from brecha.renderers.formats import (
    PLANNED_REPORT_DETAIL,
    REPORT,
    REPORT_DETAIL,
    planned_report_formats,
    report_formats,
)


@handled
def command(
    assessment: Annotated[str, typer.Argument(
        metavar=helptext("cli.metavar.assessment"), help=helptext("cli.evaluate.assessment"))],
    fmt: Annotated[str, format_option(REPORT, "cli.evaluate.format")] = REPORT.default,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar=helptext("cli.metavar.file"),
                                               help=helptext("cli.evaluate.output"))] = None,
    force: Annotated[bool, typer.Option("--force", help=helptext("cli.evaluate.force"))] = False,
    lang: LangOption = None,
    fail_under: Annotated[float | None, typer.Option("--fail-under", metavar="N", min=0, max=100,
                          help=helptext("cli.evaluate.fail_under"))] = None,
    plan: Annotated[str | None, typer.Option("--plan", metavar=helptext("cli.metavar.file"), help=helptext("cli.evaluate.plan"))] = None,
    detail: Annotated[bool, typer.Option("--detail", help=helptext("cli.evaluate.detail"))] = False,
    rules: RulesOption = None,
) -> None:
    """Evaluate ASSESSMENT against its rule sets and print the gap report."""
    from brecha import api

    language = set_lang(lang)
    # the concise report ends with the command that shows everything: this one, with --detail
    again = (assessment, *(("--plan", plan) if plan is not None else ()),
             *(("--rules", rules) if rules is not None else ()), *(("--lang", language) if lang is not None else ()))
    if plan is None:
        report = api.evaluate_path(assessment, rules)
        emit(REPORT_DETAIL if detail and fmt in REPORT_DETAIL.renderers else report_formats(again), fmt, report,
             language, output, force)
    else:
        planned = api.evaluate_with_plan(assessment, plan, rules)
        whole = detail and fmt in PLANNED_REPORT_DETAIL.renderers
        emit(PLANNED_REPORT_DETAIL if whole else planned_report_formats(again), fmt, planned, language, output,
             force)
        report = planned.report
    score = report.overall.evidenced
    headline = report.headline_result
    if fail_under is not None and headline is not None and headline.withheld is not None:
        # a score over too few duties is not one to pass on: the rating it would earn is withheld
        values = {"id": headline.id, "limit": f"{fail_under:g}", "na": headline.withheld.not_applicable,
                  "rules": headline.withheld.rules}
        if headline.fixed and headline.rating_label is not None:  # rated all the same: say the band
            key = "cli.evaluate.withheld_fixed" if headline.fixed_by_breach else "cli.evaluate.withheld_fixed_critical"
            stderr("brecha: " + tr(key, language, band=headline.rating_label.get(language),
                                   **values))
        else:
            stderr("brecha: " + tr("cli.evaluate.withheld", language, **values))
        raise typer.Exit(EXIT["findings"])
    if fail_under is not None and (score is None or score < fail_under):
        shown = "—" if score is None else f"{score:.1f}"
        stderr("brecha: " + tr("cli.evaluate.below", language, score=shown, limit=f"{fail_under:g}"))
        raise typer.Exit(EXIT["findings"])
