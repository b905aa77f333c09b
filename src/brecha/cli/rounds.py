"""``brecha compare`` (two rounds of one institution) and ``brecha summary`` (many at once)."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import (
    EXIT,
    HELP,
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
from brecha.errors import UsageError
from brecha.i18n import env_lang, tr
from brecha.renderers.formats import COMPARE, PLANNED_COMPARE, SUMMARY, SUMMARY_ANONYMOUS
from brecha.summarizing import MIN_GROUP, GroupBy, SortBy, SummaryOptions, View, duplicate_notice


@handled
def compare(
    rounds: Annotated[list[str], typer.Argument(metavar=helptext("cli.metavar.rounds"), help=helptext("cli.compare.rounds"))],
    fmt: Annotated[str, format_option(COMPARE)] = COMPARE.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    plan: Annotated[str | None, typer.Option("--plan", metavar=helptext("cli.metavar.file"), help=helptext("cli.evaluate.plan"))] = None,
    rules: RulesOption = None,
) -> None:
    """Progress between rounds of the same institution."""
    from brecha import api

    language = set_lang(lang)
    if len(rounds) < 2:
        raise UsageError("error.compare_needs_two")
    if plan is None:
        emit(COMPARE, fmt, api.compare_paths(rounds[0], rounds[1], rules, *rounds[2:]), language, output, force)
    else:
        emit(PLANNED_COMPARE, fmt, api.compare_with_plan(rounds[0], rounds[1], plan, rules, *rounds[2:]), language,
             output, force)


def _group_size(value: str | int) -> int:
    """--min-group: a whole number, at least 2 (a group of one is an institution)."""
    try:
        size = int(value)
    except ValueError:
        size = 0
    if size < 2:
        lang = env_lang()[0] or HELP  # --lang may not be read yet
        raise typer.BadParameter(tr("cli.summary.bad_min_group", lang, value=value))
    return size


def _may_be_terminal() -> bool:
    """Whether rich could take standard error for a terminal (else it draws no progress bar)."""
    import os
    import sys

    if os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE"):
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return True


@handled
def summary(
    paths: Annotated[list[str], typer.Argument(metavar=helptext("cli.metavar.path"), help=helptext("cli.summary.paths"))],
    fmt: Annotated[str, format_option(SUMMARY)] = SUMMARY.default,
    by: Annotated[View, typer.Option("--by", metavar="|".join(View), help=helptext("cli.summary.by"))] = View.RULESET,
    sort: Annotated[SortBy, typer.Option("--sort", metavar="|".join(SortBy), help=helptext("cli.summary.sort"))] = SortBy.JURISDICTION,
    group_by: Annotated[GroupBy | None, typer.Option("--group-by", metavar="|".join(GroupBy), help=helptext("cli.summary.group_by"))] = None,
    types: Annotated[list[str] | None, typer.Option("--type", metavar=helptext("cli.metavar.type"), help=helptext("cli.summary.type"))] = None,
    levels: Annotated[list[str] | None, typer.Option("--level", metavar=helptext("cli.metavar.level"),
                                                     help=helptext("cli.summary.level"))] = None,
    where: Annotated[list[str] | None, typer.Option("--jurisdiction", metavar=helptext("cli.metavar.code"),
                                                    help=helptext("cli.summary.jurisdiction"))] = None,
    anonymise: Annotated[bool, typer.Option("--anonymise", "--anonymize",
                                            help=helptext("cli.summary.anonymise"))] = False,
    min_group: Annotated[int, typer.Option("--min-group", metavar="N", parser=_group_size,
                                           help=helptext("cli.summary.min_group"))] = MIN_GROUP,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Many assessments at once: institutions x rule sets or stages, ratings, averages, common gaps."""
    from brecha import api

    language = set_lang(lang)
    options = SummaryOptions(types=tuple(types or ()), levels=tuple(levels or ()), jurisdictions=tuple(where or ()),
                             sort=sort, group_by=group_by, by=by)
    progress = None
    if _may_be_terminal():  # rich (~15 ms to import) only where it may draw a progress bar
        from rich.console import Console
        from rich.progress import Progress

        err = Console(stderr=True)
        if err.is_terminal:
            progress = Progress(console=err, transient=True)
            progress.start()
            task = progress.add_task("brecha summary", total=None)

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress.update(task, completed=done, total=total)

    try:
        if anonymise:
            shared, result = api.summarize_anonymous(paths, rules, tick, options, min_group=min_group,
                                                     group_by=group_by)
        else:
            result = api.summarize_paths(paths, rules, tick, options)
    finally:
        if progress is not None:
            progress.stop()
    for path in result.skipped:
        stderr("brecha: " + tr("summary.skipped", language, path=path))
    for path, failure in result.failures:
        line = failure.format(language)
        stderr(line if line.startswith(path) else f"{path}: {line}")
    for duplicate in result.duplicates:
        stderr("brecha: " + duplicate_notice(duplicate, language))
    if anonymise:
        emit(SUMMARY_ANONYMOUS, fmt, shared, language, output, force)
    else:
        emit(SUMMARY, fmt, result, language, output, force)
    if result.failures:
        raise typer.Exit(EXIT["input"])
