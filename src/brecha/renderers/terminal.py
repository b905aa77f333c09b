"""Rich renderables for the terminal: coverage, explanations, compare, questions.

The gap report itself is in :mod:`brecha.renderers.console`. Nothing here prints.
"""

from __future__ import annotations

from typing import ClassVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markdown import Markdown, MarkdownElement, TableElement
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from brecha.coverage import Coverage, StandardCoverage
from brecha.explaining import Entry
from brecha.i18n import tr
from brecha.questions import Question
from brecha.renderers._safe import visible
from brecha.renderers.coverage import basis_share, percent

__all__ = ["choices", "coverage", "explanation", "markdown", "question"]


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def markdown(text: str) -> RenderableType:
    """Markdown shown in the terminal; its tables never cut a word that fits (see :class:`_Table`)."""
    return _Markdown(text)


class _Table(TableElement):
    """A Markdown table that wraps its cells between words rather than cutting one mid-word.

    rich narrows the widest columns first, and a column narrower than its longest word cuts that
    word with «…» (a plan's owner «Subprocuradu…»). Where rich would do so and every column's
    longest word fits the width, the widest columns are narrowed first, as rich does, but none
    below its longest word. Elsewhere the table is rich's own."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for table in super().__rich_console__(console, options):
            if isinstance(table, Table):
                _fit_words(table, console, options)
            yield table


def _fit_words(table: Table, console: Console, options: ConsoleOptions) -> None:
    columns = table.columns
    texts = [[cell.plain if isinstance(cell, Text) else str(cell) for cell in (column.header, *column.cells)]
             for column in columns]
    least = [max((cell_len(word) for cell in cells for word in cell.split()), default=1) for cells in texts]
    most = [max((cell_len(line) for cell in cells for line in cell.splitlines() or [""]), default=1) for cells in texts]
    padding = [table._get_padding_width(n) for n in range(len(columns))]
    room = options.max_width - table._extra_width - sum(padding)
    if sum(most) <= room or sum(least) > room:
        return  # it all fits, or no width keeps every word whole: rich's own layout
    given = table._calculate_column_widths(console, options.update_width(options.max_width - table._extra_width))
    if all(width - pad >= low for width, pad, low in zip(given, padding, least, strict=True)):
        return  # rich cuts no word
    widths = list(most)
    while sum(widths) > room:  # rich's way, the widest column first, but never below its longest word
        widest = max((n for n in range(len(widths)) if widths[n] > least[n]), key=lambda n: widths[n])
        widths[widest] -= 1
    for column, width in zip(columns, widths, strict=True):
        column.width = width


class _Markdown(Markdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {**Markdown.elements, "table_open": _Table}


def coverage(result: Coverage, lang: str) -> RenderableType:
    """A table of standards, then one line per provision no rule covers."""
    table = Table(title=tr("coverage.title", lang), title_justify="left")
    table.add_column(tr("coverage.standard", lang))
    for key in ("coverage.covered", "coverage.checkable"):
        table.add_column(tr(key, lang), justify="right")
    table.add_column("%", justify="right")
    table.add_column(tr("coverage.not_checkable", lang), justify="right")
    for s in result.standards:
        table.add_row(Text(s.id), str(s.covered), str(len(s.provisions)), percent(s.percent), str(len(s.not_checkable)))
    lines: list[RenderableType] = [Text(f"  {tr('coverage.uncovered', lang)}: {p.id}  {visible(p.title.get(lang))}")
                                   for s in result.standards for p in s.uncovered]
    if result.matrix:
        lines = [_matrix(s, lang) for s in result.standards if s.provisions]
    grounding = Table(title=tr("coverage.table.grounding", lang), title_justify="left")
    for key, justify in (("coverage.table.ruleset", "left"), ("coverage.table.rules", "right"),
                         ("coverage.table.home", "left"), ("coverage.table.verified_basis", "right"),
                         ("coverage.table.weak_basis", "right")):
        grounding.add_column(tr(key, lang), justify=justify)  # type: ignore[arg-type]
    for g in result.grounding:
        grounding.add_row(Text(g.id), str(g.rules), Text(g.home_standard or "—"), basis_share(g),
                          str(g.weak) if g.home_standard else "—")
    return Group(table, *lines, grounding)


def _matrix(s: StandardCoverage, lang: str) -> RenderableType:
    """One standard's provisions, each with the rules implementing it (none: in bold)."""
    table = Table(title=f"{s.id}: {visible((s.short_title or s.title).get(lang))}", title_justify="left",
                  title_style="bold", box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column(tr("coverage.provision", lang), ratio=3, overflow="fold")
    table.add_column(tr("coverage.rules", lang), ratio=2, overflow="fold")
    for p in s.provisions:
        who = Text(p.id, style="bold")
        who.append(" " + visible(p.title.get(lang)))
        rules = Text(", ".join(p.rules)) if p.rules else Text(tr("coverage.none", lang), style="bold red")
        table.add_row(who, rules)
    return table


def explanation(entry: Entry) -> RenderableType:
    """One ID explained: a panel of labelled fields (the entry is already in one language)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for name, value in entry.fields:
        grid.add_row(name, Text(visible(value)))
    title = Text(f"{entry.kind} {entry.id}: {visible(entry.title)}", style="bold")
    return Panel(grid, title=title, title_align="left")


def choices(items: list[tuple[str, str]]) -> RenderableType:
    """A numbered list of (label, ID) to pick from."""
    return Group(*(Text(f"{n:>3}. {visible(name)} ({ident})") for n, (name, ident) in enumerate(items, 1)))


def question(q: Question, lang: str) -> RenderableType:
    """One question of ``brecha assess``: stage, rule, question, numbered answers, expected evidence."""
    phase = q.phase if isinstance(q.phase, str) else q.phase.get(lang)
    parts: list[RenderableType] = [
        Rule(Text(f"[{q.position}/{q.total}] {phase}", style="bold")),
        Text(f"{q.rule_id} · {q.title.get(lang)}" + (f" ({tr('assess.critical', lang)})" if q.critical else ""),
             style="bold"),
        Text(q.text.get(lang))]
    for option in q.options:
        line = f"  {option.number}. {option.label.get(lang)} ({option.value})"
        parts.append(Text(line + (f" — {option.hint.get(lang)}" if option.hint else "")))
    if q.not_applicable:
        parts.append(Text(f"  n. {tr('assess.not_applicable', lang)} (not_applicable)"))
    else:
        parts.append(Text(f"  {tr('assess.no_not_applicable', lang)}", style="dim"))
    if q.evidence_examples:
        parts.append(Text(f"{tr('assess.evidence_hint', lang)}: {q.evidence_examples.get(lang)}", style="dim"))
    if q.current:
        parts.append(Text(f"({tr('assess.current', lang)}: {q.current})", style="cyan"))
    if q.evidence:
        parts.append(Text(f"{tr('assess.evidence_now', lang)}:", style="cyan"))
        parts += [Text(f"  - {visible(item)}", style="cyan") for item in q.evidence]
    if q.notes:
        parts.append(Text(f"{tr('assess.notes_now', lang)}: {visible(q.notes)}", style="cyan"))
    if q.confirmed_by and q.current == "not_applicable":
        parts.append(Text(f"{tr('assess.confirmed_now', lang)}: {visible(q.confirmed_by)}", style="cyan"))
    if q.equivalent and q.equivalent_value:
        parts.append(Text(tr("assess.equivalent", lang, rule=q.equivalent, value=q.equivalent_value), style="green"))
    return Group(*parts)
