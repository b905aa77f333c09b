"""Rich renderables for the terminal: summaries, coverage, explanations, compare, questions.

The gap report itself is in :mod:`brecha.renderers.console`. Nothing here prints.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from brecha.coverage import Coverage
from brecha.explaining import Entry
from brecha.i18n import ntr, tr
from brecha.questions import Question
from brecha.renderers._safe import visible
from brecha.renderers.coverage import percent
from brecha.summarizing import Summary

__all__ = ["choices", "coverage", "explanation", "markdown", "question", "summary"]


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def markdown(text: str) -> RenderableType:
    """Markdown shown in the terminal."""
    return Markdown(text)


def summary(result: Summary, lang: str) -> RenderableType:
    """Institutions x stages with scores and ratings; then the most common gaps."""
    table = Table(title=ntr("count.assessments", len(result.rows), lang), title_justify="left")
    table.add_column(tr("institution", lang), ratio=3, overflow="fold")
    table.add_column(tr("score", lang), justify="right", no_wrap=True)
    table.add_column(tr("rating", lang), ratio=1)
    table.add_column("!", justify="right", no_wrap=True)
    for n, _ in enumerate(result.phases, 1):
        table.add_column(f"#{n}", justify="right", no_wrap=True)
    for row in result.rows:
        r = row.report
        phase = {line.id: line.score.evidenced for line in r.by_phase}
        who = Text(visible(r.institution_name))
        who.append(f"\n{r.institution_type.id} · {r.institution_level.id}"
                   + (f" · {r.jurisdiction}" if r.jurisdiction else "") + f" · {r.assessed_on}", style="dim")
        score = f"{_n(r.overall.claimed)}/{_n(r.overall.evidenced)}"
        table.add_row(who, score, Text(r.rating_label.get(lang) if r.rating_label else "—"),
                      str(r.overall.critical_gaps), *(_n(phase.get(p)) for p, _ in result.phases))
    legend = [tr("summary.legend", lang, score=tr("score", lang), claimed=tr("claimed", lang),
                 evidenced=tr("evidenced", lang), critical=tr("critical_gaps", lang).lower())]
    legend += [f"#{n} = {title.get(lang)}" for n, (_, title) in enumerate(result.phases, 1)]
    parts: list[RenderableType] = [table, Text("\n".join(legend), style="dim")]
    top = result.common_gaps[:10]
    if top:
        gaps = Table(title=tr("gaps", lang).capitalize(), title_justify="left")
        gaps.add_column(tr("rule", lang))
        gaps.add_column(tr("summary.count_column", lang), justify="right")
        gaps.add_column(tr("critical", lang), justify="right")
        for g in top:
            gaps.add_row(Text(f"{g.rule_id} {g.title.get(lang)}"), str(g.count), str(g.critical))
        parts.append(gaps)
    return Group(*parts)


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
    lines = [Text(f"  {tr('coverage.uncovered', lang)}: {p.id}  {p.title.get(lang)}")
             for s in result.standards for p in s.uncovered]
    return Group(table, *lines)


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
    parts.append(Text("  n. not_applicable"))
    if q.evidence_examples:
        parts.append(Text(f"{tr('assess.evidence_hint', lang)}: {q.evidence_examples.get(lang)}", style="dim"))
    if q.current:
        parts.append(Text(f"({tr('assess.current', lang)}: {q.current})", style="cyan"))
    return Group(*parts)
