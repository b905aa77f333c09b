"""``brecha compare`` (two rounds of one institution) and ``brecha summary`` (many at once)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import (
    EXIT,
    ForceOption,
    LangOption,
    OutputOption,
    RulesOption,
    handled,
    helptext,
    set_lang,
    stderr,
    write_result,
)


class CompareFormat(StrEnum):
    """Output formats of ``brecha compare``."""

    CONSOLE = "console"
    MARKDOWN = "markdown"
    JSON = "json"


class SummaryFormat(StrEnum):
    """Output formats of ``brecha summary``."""

    CONSOLE = "console"
    CSV = "csv"
    JSON = "json"


_OUTPUT = OutputOption
_FORCE = ForceOption


@handled
def compare(
    old: Annotated[str, typer.Argument(help=helptext("cli.compare.old"))],
    new: Annotated[str, typer.Argument(help=helptext("cli.compare.new"))],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help=helptext("cli.format"))] = CompareFormat.CONSOLE,
    output: _OUTPUT = None,
    force: _FORCE = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Progress between two rounds of the same institution."""
    from brecha import api
    from brecha.renderers.rounds import compare_json, compare_markdown

    language = set_lang(lang)
    result = api.compare_paths(old, new, rules)
    if fmt is CompareFormat.JSON:
        write_result(compare_json(result, language), output, force)
    elif fmt is CompareFormat.MARKDOWN or output:
        write_result(compare_markdown(result, language), output, force)
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console(highlight=False).print(Markdown(compare_markdown(result, language)))


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


@handled
def summary(
    paths: Annotated[list[str], typer.Argument(help=helptext("cli.summary.paths"))],
    fmt: Annotated[SummaryFormat, typer.Option("--format", "-f", help=helptext("cli.format"))] = SummaryFormat.CONSOLE,
    output: _OUTPUT = None,
    force: _FORCE = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Many assessments at once: institutions x stages, ratings, the most common gaps."""
    from rich.console import Console

    from brecha import api
    from brecha.i18n import label
    from brecha.renderers.rounds import summary_csv, summary_json

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
    if fmt is SummaryFormat.CSV:
        write_result(summary_csv(result, language), output, force)
    elif fmt is SummaryFormat.JSON:
        write_result(summary_json(result, language), output, force)
    else:
        from rich.table import Table
        from rich.text import Text

        from brecha.renderers.console import clean

        table = Table(title=f"{len(result.rows)} {label('assessments', language)}", title_justify="left")
        table.add_column(label("institution", language), ratio=3, overflow="fold")
        table.add_column(label("score", language), justify="right", no_wrap=True)
        table.add_column(label("rating", language), ratio=1)
        table.add_column("!", justify="right", no_wrap=True)
        for n, _ in enumerate(result.phases, 1):
            table.add_column(f"#{n}", justify="right", no_wrap=True)
        for row in result.rows:
            r = row.report
            phase = {line.id: line.score.evidenced for line in r.by_phase}
            who = Text(clean(r.institution_name))
            who.append(f"\n{r.institution_type.id} · {r.institution_level.id}"
                       + (f" · {r.jurisdiction}" if r.jurisdiction else "") + f" · {r.assessed_on}", style="dim")
            score = f"{_n(r.overall.claimed)}/{_n(r.overall.evidenced)}"
            table.add_row(who, score, Text(r.rating_label.get(language) if r.rating_label else "—"),
                          str(r.overall.critical_gaps), *(_n(phase.get(p)) for p, _ in result.phases))
        console = Console(highlight=False)
        console.print(table)
        legend = [f"{label('score', language)} = {label('claimed', language)}/{label('evidenced', language)}; "
                  f"! = {label('critical_gaps', language).lower()}"]
        legend += [f"#{n} = {title.get(language)}" for n, (_, title) in enumerate(result.phases, 1)]
        console.print(Text("\n".join(legend), style="dim"))
        top = result.common_gaps[:10]
        if top:
            gaps = Table(title=label("gaps", language).capitalize(), title_justify="left")
            gaps.add_column(label("rule", language))
            gaps.add_column("n", justify="right")
            gaps.add_column(label("critical", language), justify="right")
            for g in top:
                gaps.add_row(Text(f"{g.rule_id} {g.title.get(language)}"), str(g.count), str(g.critical))
            console.print(gaps)
    if result.failures:
        raise typer.Exit(EXIT["input"])
