"""``brecha compare`` (two rounds of one institution) and ``brecha summary`` (many at once)."""

from __future__ import annotations

from typing import Annotated

import typer

from brecha.cli._common import (
    EXIT,
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
from brecha.renderers.formats import COMPARE, SUMMARY


@handled
def compare(
    old: Annotated[str, typer.Argument(help=helptext("cli.compare.old"))],
    new: Annotated[str, typer.Argument(help=helptext("cli.compare.new"))],
    fmt: Annotated[str, format_option(COMPARE)] = COMPARE.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Progress between two rounds of the same institution."""
    from brecha import api

    language = set_lang(lang)
    emit(COMPARE, fmt, api.compare_paths(old, new, rules), language, output, force)


@handled
def summary(
    paths: Annotated[list[str], typer.Argument(help=helptext("cli.summary.paths"))],
    fmt: Annotated[str, format_option(SUMMARY)] = SUMMARY.default,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Many assessments at once: institutions x stages, ratings, the most common gaps."""
    from rich.console import Console

    from brecha import api

    language = set_lang(lang)
    err = Console(stderr=True)
    progress = None
    if err.is_terminal:
        from rich.progress import Progress

        progress = Progress(console=err, transient=True)
        progress.start()
        task = progress.add_task("brecha summary", total=None)

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress.update(task, completed=done, total=total)

    try:
        result = api.summarize_paths(paths, rules, tick)
    finally:
        if progress is not None:
            progress.stop()
    for path, error in result.failures:
        stderr(error if error.startswith(path) else f"{path}: {error}")
    emit(SUMMARY, fmt, result, language, output, force)
    if result.failures:
        raise typer.Exit(EXIT["input"])
