"""The gap report as a rich renderable for the terminal (no printing here)."""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RText

from brecha.i18n import ntr, tr
from brecha.model import Text
from brecha.renderers._basis import basis_line
from brecha.renderers._safe import pct, translator, visible
from brecha.report import Gap, GapReport, ProvisionRef, ScoreLine

__all__ = ["clean", "render"]

Tr = Callable[[Text | None], str]


clean = visible  # user text in a terminal: shown, never run as escape sequences


def render(report: GapReport, lang: str) -> RenderableType:
    """Build the console report; user text is shown literally, never as markup."""

    t = translator(lang, clean)

    def plain(value: str | None) -> RText:
        return RText(clean(value or ""))

    parts: list[RenderableType] = []
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold")
    head.add_column()
    head.add_row(tr("institution", lang), plain(report.institution_name))
    head.add_row(tr("type", lang), RText(f"{t(report.institution_type.name)} · {t(report.institution_level.name)}"
                                            + (f" · {report.jurisdiction}" if report.jurisdiction else "")))
    head.add_row(tr("assessed_on", lang), plain(report.assessed_on + (f" · {report.round}" if report.round else "")))
    if report.assessors:
        head.add_row(tr("assessors", lang), plain(", ".join(n + (f" ({r})" if r else "") for n, r in report.assessors)))
    head.add_row(tr("rulesets", lang), RText(", ".join(f"{d.id} {d.version}" for d in report.rulesets)))
    title = tr("report.title", lang)
    if report.illustrative:
        head.add_row("", RText(tr("illustrative", lang), style="bold yellow"))
    parts.append(Panel(head, title=RText(title, style="bold"), box=box.ROUNDED, expand=False))

    o = report.overall
    summary = RText()
    summary.append(f"{tr('score', lang)}: ", style="bold")
    summary.append(f"{pct(o.claimed)} {tr('claimed', lang)}", style="bold")
    summary.append(" · ")
    summary.append(f"{pct(o.evidenced)} {tr('evidenced', lang)}", style="bold")
    summary.append("  /100\n")
    if report.rating_label is not None:
        summary.append(f"{tr('rating', lang)}: ", style="bold")
        summary.append(t(report.rating_label), style="bold cyan")
        if report.rating_capped:
            summary.append(f" ({tr('rating_capped', lang)})", style="red")
        summary.append("\n")
    summary.append(" · ".join((
        ntr("count.rules", o.rules, lang), ntr("count.answered", o.answered, lang),
        ntr("count.not_applicable", o.not_applicable, lang), ntr("count.unanswered", o.unanswered, lang),
        ntr("count.gaps", o.gaps, lang), ntr("count.critical_gaps", o.critical_gaps, lang))))
    parts.append(Panel(summary, box=box.ROUNDED, expand=False))

    for key, lines in (("by_phase", report.by_phase), ("by_standard", report.by_standard),
                       ("by_institution", report.by_institution)):
        if lines:
            parts.append(_score_table(tr(key, lang), lines, lang, t))

    crit = report.critical_gaps
    if crit:
        parts.append(RText(f"\n{tr('critical_gaps', lang)} ({len(crit)})", style="bold red"))
        for gap in crit:
            parts.append(_gap_block(gap, lang, t))

    parts.append(RText(f"\n{tr('gaps_by_institution', lang)}", style="bold"))
    if not report.gaps:
        parts.append(RText(tr("no_gaps", lang), style="green"))
    for actor, gaps in report.gaps_by_responsible():
        table = Table(title=RText(t(actor.name), style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
                      show_lines=False, expand=True)
        table.add_column(tr("rule", lang), no_wrap=True)
        table.add_column(tr("answer", lang) + " → " + tr("target", lang), ratio=1)
        table.add_column(tr("priority", lang), justify="right", no_wrap=True)
        table.add_column(tr("action", lang), ratio=3)
        for gap in gaps:
            answer = t(gap.answer_label) if gap.answer_label else tr("no_information", lang)
            rule = RText(gap.rule_id + (" !" if gap.critical else ""), style="red" if gap.critical else "")
            table.add_row(rule, RText(f"{answer} → {t(gap.target_label)}"), f"{gap.priority:.2f}",
                          RText(f"{t(gap.title)}: {t(gap.action)}"))
        parts.append(table)

    if report.weaknesses:
        parts.append(RText(f"\n{tr('weaknesses', lang)} ({len(report.weaknesses)})", style="bold"))
        for weak in report.weaknesses:
            body = RText()
            body.append(f"{weak.id} ", style="bold")
            body.append(t(weak.title), style="bold")
            body.append(f"\n{t(weak.description)}\n")
            body.append(f"{tr('recommendation', lang)}: ", style="italic")
            body.append(t(weak.recommendation))
            body.append(f"\n{tr('triggered_by', lang)}: {', '.join(weak.triggered_by)}", style="dim")
            if weak.sources:
                body.append(f" · {tr('sources', lang)}: {', '.join(weak.sources)}", style="dim")
            parts.append(Padding(body, (0, 0, 1, 2)))

    for key, rows in (
        ("unanswered_rules", [f"{u.rule_id}{' (' + tr('critical', lang) + ')' if u.critical else ''}  {t(u.title)}"
                              for u in report.unanswered]),
        ("unevidenced", [f"{u.rule_id}  {t(u.title)} — {t(u.answer_label)}" for u in report.unevidenced]),
        ("not_applicable_rules", [f"{n.rule_id}  {t(n.title)} — {clean(n.justification)}" for n in report.not_applicable]),
        ("notices", [t(n.message) for n in report.notices]),
    ):
        if rows:
            parts.append(RText(f"\n{tr(key, lang)} ({len(rows)})", style="bold"))
            parts.extend(Padding(RText(row), (0, 0, 0, 2)) for row in rows)

    parts.append(RText("\n" + tr("method", lang), style="dim"))
    return Group(*parts)


def _score_table(title: str, lines: tuple[ScoreLine, ...], lang: str, t: Tr) -> Table:
    table = Table(title=RText(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    table.add_column("", ratio=1)
    table.add_column(tr("claimed", lang), justify="right", no_wrap=True)
    table.add_column(tr("evidenced", lang), justify="right", no_wrap=True)
    table.add_column(tr("gaps", lang), justify="right", no_wrap=True)
    for line in lines:
        table.add_row(RText(t(line.label)), pct(line.score.claimed), pct(line.score.evidenced),
                      str(line.score.gaps) + (f" ({line.score.critical_gaps}!)" if line.score.critical_gaps else ""))
    return table


def _gap_block(gap: Gap, lang: str, t: Tr) -> RenderableType:
    body = RText()
    body.append(f"{gap.rule_id} ", style="bold red")
    body.append(t(gap.title), style="bold")
    answer = t(gap.answer_label) if gap.answer_label else tr("no_information", lang)
    body.append(f"\n{tr('answer', lang)}: {answer} → {tr('target', lang)}: {t(gap.target_label)}"
                f" · {tr('phase', lang)}: {t(gap.phase_title)}")
    body.append(f"\n{tr('action', lang)}: ", style="italic")
    body.append(t(gap.action))
    body.append(f"\n{', '.join(t(a.name) for a in gap.responsible)}", style="cyan")
    if gap.notes:
        body.append(f"\n{tr('notes', lang)}: ", style="italic")
        body.append(clean(gap.notes))
    basis = basis_line(gap, lang)
    if basis:
        body.append(f"\n{clean(basis)}", style="yellow" if gap.basis and gap.basis.weak else "")
    for prov in gap.provisions:
        body.append("\n" + _provision_line(prov, lang, t), style="dim")
    return Padding(body, (0, 0, 1, 2))


def _provision_line(prov: ProvisionRef, lang: str, t: Tr) -> str:
    where = f" {prov.locator}" if prov.locator else ""
    if prov.locator and not prov.locator_verified:
        where += f" ({tr('locator_unverified', lang)})"
    return (f"  ↳ {t(prov.standard_title)}{where}: {t(prov.title)} "
            f"[{tr('confidence.' + prov.confidence, lang)}]")
