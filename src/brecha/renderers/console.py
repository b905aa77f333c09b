"""The gap report for the terminal (no printing here): a layout that rich prints in colour,
or that prints itself as plain text when there is no terminal (:mod:`brecha.renderers.layout`)."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence

from brecha.i18n import confidence_label, ntr, tr, worded_locator
from brecha.model import Text
from brecha.renderers import layout as box  # ROUNDED, HEAVY, SIMPLE_HEAD: rich's boxes, by name
from brecha.renderers._basis import basis_line
from brecha.renderers._safe import pct, translator, visible
from brecha.renderers._sections import (
    action,
    also,
    answer,
    answer_first,
    awaiting_cell,
    breach_alert,
    breach_items,
    cap_lines,
    confirm_first,
    confirmation,
    counts,
    coverage,
    critical_count,
    critical_gaps,
    fixed_first,
    fixed_lead,
    gap_cell,
    given,
    headline_reason,
    levels,
    no_gaps,
    no_information,
    none_found,
    not_applicable_count,
    nothing_urgent,
    opening_waits,
    provisional_line,
    rating_line,
    rating_marks,
    rating_text,
    review_first,
    rule_ids,
    score_label,
    withheld_line,
)
from brecha.renderers.layout import Group, Padding, Panel, Renderable, Table
from brecha.renderers.layout import Text as RText
from brecha.report import Gap, GapReport, ProvisionRef, Score, ScoreLine

__all__ = ["breaches", "clean", "closing", "render", "render_detail"]

Tr = Callable[[Text | None], str]


clean = visible  # user text in a terminal: shown, never run as escape sequences


def render(report: GapReport, lang: str, *, again: Sequence[str] | None = None, closing: bool = True) -> Renderable:
    """The concise console report, about a screen: who, each rule set's rating, what to fix first,
    the critical gaps, the weaknesses and the counts; ``--detail`` gives everything.

    ``again``: the arguments of this run after ``brecha evaluate``, the assessment first as the
    user typed it (``-`` for standard input); the closing line repeats them with ``--detail``.
    Without them it says "the same command with --detail". ``closing=False`` leaves that line out
    (for whatever follows the report to end with :func:`closing`). User text is shown literally,
    never as markup.
    """
    t = translator(lang, clean)
    parts: list[Renderable] = [_header(report, lang, t)]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(tr("ruleset", lang), no_wrap=True)
    table.add_column(tr("rating", lang))
    table.add_column(tr("claimed", lang).capitalize(), justify="right", no_wrap=True)
    table.add_column(tr("evidenced", lang).capitalize(), justify="right", no_wrap=True)
    table.add_column(tr("gaps", lang).capitalize(), justify="right", no_wrap=True)
    for result in sorted(report.results, key=lambda r: not r.headline):
        s = result.score
        name = RText(result.id, style="bold cyan" if result.headline else "bold")
        if result.headline:
            name.append(f" ({tr('headline_mark', lang)})", style="cyan")
        if result.fixed and result.rating_label is not None:  # the band, and what fixes it (a breach, a duty unmet)
            # short in the narrow column: the duty is named just below, the coverage in the line after it
            rating = RText(t(result.rating_label), style="bold")
            rating.append("\n" + tr("rating_breach_short" if result.fixed_by_breach else "rating_critical_short", lang),
                          style="bold red")
        else:
            rating = RText(rating_text(result, lang, t), style="bold yellow" if result.withheld else "bold")
            rating.append(rating_marks(result, lang), style="red")
        # a withheld rating's score says what it rests on, in the cell itself: never read at full weight
        over = f"\n({result.withheld.scored}/{result.withheld.rules})" if result.withheld else ""
        table.add_row(name, rating, pct(s.claimed) + over, pct(s.evidenced) + over, _gaps_cell(s, lang))
    parts.append(table)
    parts.extend(breaches(report, lang))  # an admitted breach of the law first, whatever the ratings
    for result in report.results:  # the other caps that hold name their rules, in one line each
        for cap, (limit, _) in zip(result.caps, cap_lines(result, lang, t)[1], strict=True):
            if cap.when != "absolute-breach":  # said just above, with the law
                parts.append(RText(f"{result.id}: {limit}", style="red"))
        if result.withheld:  # why there is no rating, what the score is over, what to do
            parts.append(RText(withheld_line(result, lang), style="bold yellow"))
        elif result.provisional:  # which critical duties it rests on, and the rating once confirmed
            parts.append(RText(provisional_line(result, lang, t), style="bold yellow"))
    # an unconfirmed critical "not applicable" is said once here, by the provisional line above (or,
    # where the rating is withheld, by the cap lines and the opening's «Confirme primero»); too many
    # "not applicable" answers, by the withheld line when every such rule set is withheld
    quiet = {"critical-not-applicable", "critical-not-applicable-withheld", "critical-not-applicable-breach",
             "critical-not-applicable-fixed"}
    if sum(n.code == "many-not-applicable" for n in report.notices) == sum(r.withheld is not None for r in report.results):
        quiet.add("many-not-applicable")
    loud = [n for n in report.notices if n.loud and n.code not in quiet]
    for notice in loud:
        parts.append(RText(f"⚠ {t(notice.message)}", style="bold red"))
    parts.append(RText(""))
    parts.append(_fix_first(report, lang, t))
    shown = fixed_first(report)
    every_critical = critical_gaps(report)
    rest = [g for g in every_critical if g.rule_id not in shown]
    if rest:
        duties = report.critical_duties  # fewer than the gaps where two rule sets ask one duty
        key = "concise.more_critical" if duties == len(every_critical) else "concise.more_critical_duties"
        parts.append(RText("\n" + ntr(key, len(rest), lang, total=len(every_critical), duties=duties),
                           style="bold red"))
        parts.append(_one_per_line([(g.rule_id, t(g.title), levels(g, lang, t)) for g in rest]))
    if report.weaknesses:
        parts.append(RText(f"\n{tr('weaknesses', lang)} ({len(report.weaknesses)})", style="bold"))
        parts.append(_one_per_line([(w.id, t(w.title), "") for w in report.weaknesses]))
    parts.append(RText(""))
    totals = [ntr("count.evidence_gaps", len(report.evidence_gaps), lang),
              ntr("count.unanswered", len(report.unanswered), lang)]
    # what the rating waits on leads: never "0 … 0" first where the rating is withheld or provisional
    totals.insert(0 if report.awaiting_confirmation else 2, not_applicable_count(report, lang))
    if report.coordination:
        totals.append(ntr("count.coordination", len(report.coordination), lang))
    parts.append(RText(" · ".join(totals), style="dim"))
    if closing:
        parts.append(_closing(again, lang))
    return Group(*parts)


def breaches(report: GapReport, lang: str, *, full: bool = True) -> list[Renderable]:
    """The admitted breaches of absolute duties, in every rule set, whatever the ratings: a heading
    and one line each with the law that forbids it (``full``: and what the answer admits). Empty
    when there is none."""
    heading = breach_alert(report, lang)
    if not heading:
        return []
    t = translator(lang, clean)
    return [RText(f"‼ {heading}", style="bold red"),  # ‼: one cell wide, as the plain layout needs
            *(Padding(RText(item, style="red"), (0, 0, 0, 2)) for item in breach_items(report, lang, t, full=full))]


def closing(again: Sequence[str] | None, lang: str) -> Renderable:
    """The concise report's closing line (see :func:`render`)."""
    return _closing(again, lang)


def _closing(again: Sequence[str] | None, lang: str) -> RText:
    return RText(_more(again, lang), style="italic dim")


def _more(again: Sequence[str] | None, lang: str) -> str:
    """The closing line: the command that prints everything, ready to type again (shell-quoted,
    and shown through the terminal sanitiser, since a file name may hold anything)."""
    if not again:
        return tr("concise.more_same", lang)
    path, options = again[0], list(again[1:])
    odd = path.startswith("-") and path != "-"  # a file named like an option goes after "--"
    words = [*options, "--detail", "--", path] if odd else [path, *options, "--detail"]
    command = clean(shlex.join(["brecha", "evaluate", *words]))
    return tr("concise.more_stdin" if path == "-" else "concise.more", lang, command=command)


def _one_per_line(rows: list[tuple[str, str, str]]) -> Renderable:
    """Gaps or weaknesses one per entry: ID, title, a short fact. A long title wraps under itself
    rather than being cut: cut, a title can say the opposite of the duty ("Sin contacto consular
    ante posible refu…")."""
    table = Table(box=None, show_header=False, show_edge=False, pad_edge=False, expand=True, padding=(0, 1))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    table.add_column(no_wrap=True, style="dim", justify="right")
    for rule_id, title, extra in rows:
        table.add_row(f"  {rule_id}", title, extra)
    return table


def _header(report: GapReport, lang: str, t: Tr) -> Renderable:
    """Who, where, when and against which rule sets, in a few lines."""
    head = RText()
    head.append(f"{tr('report.title', lang)}: ", style="bold")
    head.append(clean(report.institution_name), style="bold")
    where = [t(report.institution_type.name), t(report.institution_level.name)]
    if report.jurisdiction:
        where.append(clean(report.jurisdiction))
    head.append("\n" + " · ".join(where), style="dim")
    when = clean(report.assessed_on + (f" · {tr('round', lang).lower()} {report.round}" if report.round else ""))
    head.append("\n" + when + " · " + ", ".join(f"{d.id} {d.version}" for d in report.rulesets), style="dim")
    if report.illustrative:
        head.append("\n" + tr("illustrative", lang), style="bold yellow")
    return head


def render_detail(report: GapReport, lang: str) -> Renderable:
    """The whole console report (``--detail``); user text is shown literally, never as markup."""

    t = translator(lang, clean)

    def plain(value: str | None) -> RText:
        return RText(clean(value or ""))

    parts: list[Renderable] = []
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold")
    head.add_column()
    head.add_row(tr("institution", lang), plain(report.institution_name))
    head.add_row(tr("type", lang), RText(f"{t(report.institution_type.name)} · {t(report.institution_level.name)}"
                                            + (f" · {report.jurisdiction}" if report.jurisdiction else "")))
    if report.institution_categories:
        head.add_row(tr("categories", lang), RText(", ".join(t(c.name) for c in report.institution_categories)))
    head.add_row(tr("assessed_on", lang), plain(report.assessed_on + (f" · {tr('round', lang).lower()} {report.round}"
                                                                     if report.round else "")))
    if report.assessors:
        head.add_row(tr("assessors", lang), plain(", ".join(n + (f" ({r})" if r else "") for n, r in report.assessors)))
    head.add_row(tr("rulesets", lang), RText(", ".join(f"{d.id} {d.version}" for d in report.rulesets)))
    title = tr("report.title", lang)
    if report.illustrative:
        head.add_row("", RText(tr("illustrative", lang), style="bold yellow"))
    parts.append(Panel(head, title=RText(title, style="bold"), box=box.ROUNDED, expand=False))

    parts.extend(breaches(report, lang))
    parts.append(_fix_first(report, lang, t))
    parts.append(_judgment(report, lang, t))
    capped = [r for r in report.results if r.caps]
    if capped:
        parts.append(RText(f"\n{tr('caps', lang)}", style="bold red"))
        for result in capped:
            sentence, lines = cap_lines(result, lang, t)
            parts.append(Padding(RText(sentence), (0, 0, 0, 2)))
            for limit, reason in lines:
                parts.append(Padding(RText(f"• {limit}", style="bold"), (0, 0, 0, 2)))
                parts.append(Padding(RText(reason, style="dim"), (0, 0, 0, 4)))
    for result in (r for r in report.results if r.provisional and not r.withheld):
        parts.append(RText(f"\n{provisional_line(result, lang, t)}", style="bold yellow"))
    for result in (r for r in report.results if r.withheld):
        parts.append(RText(f"\n{withheld_line(result, lang)}", style="bold yellow"))

    loud = [n for n in report.notices if n.loud]
    if loud:
        parts.append(RText(f"\n{tr('loud_notices', lang)} ({len(loud)})", style="bold red"))
        parts.extend(Padding(RText(t(n.message), style="bold red"), (0, 0, 0, 2)) for n in loud)

    if report.evidence_gaps:
        parts.append(RText(f"\n{tr('evidence_gaps', lang)} ({len(report.evidence_gaps)})", style="bold yellow"))
        parts.append(Padding(RText(tr("evidence_gaps.lead", lang), style="dim"), (0, 0, 0, 2)))
        for gap in report.evidence_gaps:
            body = RText()
            body.append(f"{gap.rule_id}{' !' if gap.critical else ''} ", style="bold")
            body.append(t(gap.title), style="bold")
            body.append(f"\n{answer(gap, lang, t)}")
            body.append(f"\n{tr('evidence_needed', lang)}: ", style="italic")
            body.append(t(gap.evidence_needed) or "—")
            parts.append(Padding(body, (0, 0, 1, 2)))
    elif none_found(report, lang):  # withheld: none detectable while the answers wait, not "none"
        parts.append(RText(f"\n{tr('evidence_gaps', lang)}", style="bold yellow"))
        parts.append(Padding(RText(none_found(report, lang), style="yellow"), (0, 0, 0, 2)))

    if report.coordination:
        parts.append(RText(f"\n{tr('coordination', lang)}", style="bold"))
        parts.append(Padding(RText(tr("coordination.lead", lang), style="dim"), (0, 0, 0, 2)))
        for row in report.coordination:
            body = RText()
            body.append(t(row.actor.name), style="bold cyan")
            count = ntr("coordination.rules", len(row.rules), lang)
            if row.critical:
                count += f" ({ntr('coordination.critical', row.critical, lang)})"
            body.append(f" — {count}: {', '.join(row.rules)}")
            parts.append(Padding(body, (0, 0, 0, 2)))

    for result in report.results:
        if result.by_phase:
            parts.append(_score_table(tr("by_phase_of", lang, id=result.id), result.by_phase, lang, t,
                                      withheld=result.withheld is not None))
    if report.by_standard:
        parts.append(_score_table(tr("by_standard", lang), report.by_standard, lang, t,
                                  withheld=any(r.withheld is not None for r in report.results)))
        parts.append(Padding(RText(tr("by_standard.caption", lang), style="dim italic"), (0, 0, 0, 2)))

    crit = critical_gaps(report)
    if crit:
        parts.append(RText(f"\n{tr('critical_gaps', lang)} ({critical_count(report, lang)})", style="bold red"))
        for gap in crit:
            parts.append(_gap_block(gap, lang, t))

    parts.append(RText(f"\n{tr('all_gaps', lang)}", style="bold"))
    if not report.all_gaps:
        parts.append(RText(no_gaps(report, lang), style="yellow" if report.awaiting_confirmation else "green"))
    else:
        table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True)
        table.add_column(tr("rule", lang), no_wrap=True)
        table.add_column(tr("answer", lang) + " → " + tr("target", lang), ratio=1)
        table.add_column(tr("priority", lang), justify="right", no_wrap=True)
        table.add_column(tr("action", lang), ratio=3)
        for gap in report.all_gaps:
            rule = RText(gap.rule_id + (" !" if gap.critical else ""), style="red" if gap.critical else "")
            table.add_row(rule, RText(f"{given(gap, lang, t)} → {t(gap.target_label)}"), f"{gap.priority:.2f}",
                          RText(f"{t(gap.title)}: {action(gap, lang, t)}\n{also(gap, lang, t)}"))
        parts.append(table)

    if not report.weaknesses and none_found(report, lang):  # withheld: none detectable while the answers wait
        parts.append(RText(f"\n{tr('weaknesses', lang)}", style="bold"))
        parts.append(Padding(RText(none_found(report, lang), style="yellow"), (0, 0, 0, 2)))
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
        ("not_applicable_rules", [f"{n.rule_id}{' (' + tr('critical', lang) + ')' if n.critical else ''}  "
                                  f"{t(n.title)} — {clean(n.justification)}{confirmation(n, lang, clean)}"
                                  for n in report.not_applicable]),
        ("notices", [t(n.message) for n in report.notices if not n.loud]),
    ):
        if rows:
            parts.append(RText(f"\n{tr(key, lang)} ({len(rows)})", style="bold"))
            parts.extend(Padding(RText(row), (0, 0, 0, 2)) for row in rows)

    parts.append(RText("\n" + tr("method", lang), style="dim"))
    return Group(*parts)


def _fix_first(report: GapReport, lang: str, t: Tr) -> Renderable:
    """The opening, the same in the concise report and in ``--detail``: the most urgent actions
    for this institution, each with its answer against the target (how far the practice is from
    the standard) and who else must act, or that no other institution shares the duty; a duty
    two rule sets ask is one entry naming both rules.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    review = review_first(report, lang)
    if not report.fix_first and not review:
        grid.add_row("", RText(nothing_urgent(report, lang, t), style="yellow" if opening_waits(report) else "green"))
    # "not applicable" on critical duties, unconfirmed: they hold the rating until confirmed. A line
    # of its own before the numbered actions (after them, it read as part of the last one)
    waiting = confirm_first(report, lang, t)
    review = [*review, *([waiting] if waiting else [])]
    # an admitted breach of an absolute duty first; then, where a rating is withheld, its
    # not-applicable answers to review, and the critical ones to confirm; then the other actions
    breached = fixed_lead(report)
    if not breached:
        for line in review:
            grid.add_row("", RText(line, style="bold yellow"))
    for number, gap in enumerate(report.fix_first, 1):
        if number == breached + 1 and breached:
            for line in review:
                grid.add_row("", RText(line, style="bold yellow"))
        body = RText()
        body.append(f"{rule_ids(gap, lang)}{' !' if gap.critical else ''} ", style="bold red" if gap.critical else "bold")
        body.append(t(gap.title), style="bold")
        body.append(f"\n{answer(gap, lang, t)}")
        body.append(f"\n{action(gap, lang, t)}")
        body.append(f"\n{also(gap, lang, t)}", style="cyan")
        grid.add_row(RText(f"{number}.", style="bold"), body)
    if breached and breached == len(report.fix_first):
        for line in review:
            grid.add_row("", RText(line, style="bold yellow"))
    if report.answer_first:  # unknowns apart: they do not displace what is known to be wrong
        grid.add_row("", RText(answer_first(report, lang, t), style="bold yellow"))
    return Panel(grid, title=RText(tr("fix_first", lang), style="bold"), title_align="left", box=box.HEAVY,
                 expand=False, border_style="red" if critical_gaps(report) else "")


def _judgment(report: GapReport, lang: str, t: Tr) -> Renderable:
    """Each rule set's own rating and score, the headline one first, and why it heads the report."""
    lines: list[Renderable] = [RText(tr("judgment", lang), style="bold")]
    for result in sorted(report.results, key=lambda r: not r.headline):
        lines.append(RText(rating_line(result, lang, t), style="bold cyan" if result.headline else "bold"))
        s = result.score
        detail = RText(f"{score_label(result, lang)}: {pct(s.claimed)} {tr('claimed', lang)} · "
                       f"{pct(s.evidenced)} {tr('evidenced', lang)}  /100\n{counts(s, lang, len(result.awaiting))}\n")
        detail.append(" · ".join((
            ntr("count.rules", s.rules, lang), ntr("count.answered", s.answered, lang),
            ntr("count.not_applicable", s.not_applicable, lang), ntr("count.unanswered", s.unanswered, lang))),
            style="dim")
        lines.append(Padding(detail, (0, 0, 0, 3)))
    reason = headline_reason(report, lang)
    if reason:
        lines.append(RText(reason, style="italic"))
    return Panel(Group(*lines), box=box.ROUNDED, expand=False)


def _score_table(title: str, lines: tuple[ScoreLine, ...], lang: str, t: Tr, *, withheld: bool = False) -> Table:
    """A breakdown; ``withheld``: no score over the few duties answered, how many of them instead
    (under the label, as a line with no answer says so: the narrow columns keep their width)."""
    table = Table(title=RText(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    table.add_column("", ratio=1)
    table.add_column(tr("claimed", lang), justify="right", no_wrap=True)
    table.add_column(tr("evidenced", lang), justify="right", no_wrap=True)
    table.add_column(tr("gaps", lang), justify="right", no_wrap=True)
    for line in lines:
        label = RText(t(line.label))
        if withheld:
            label.append("\n" + coverage(line.score, lang).removeprefix("— "), style="yellow")
            table.add_row(label, "—", "—", _gaps_cell(line.score, lang) if line.score.total_gaps else "—")
            continue
        if no_information(line.score):  # said under the label: the narrow gaps column keeps its width
            label.append("\n" + ntr("breakdown.no_information", line.score.unanswered, lang), style="yellow")
        table.add_row(label, pct(line.score.claimed), pct(line.score.evidenced),
                      _gaps_cell(line.score, lang) if line.score.total_gaps or not no_information(line.score) else "—")
    return table


def _gaps_cell(score: Score, lang: str) -> RText:
    """A narrow gaps cell: ``N (K!)``, and below it how many of the critical ones await confirmation,
    over two lines to keep the column narrow («3 críticos» / «por confirmar»: it says "critical",
    as the count of every «no aplica» to confirm, under the table, is another)."""
    cell = RText(gap_cell(score, lang, awaiting=False))
    if score.awaiting:
        count, word, rest = (*awaiting_cell(score, lang).split(" ", 2), "", "")[:3]
        cell.append(f"\n{count} {word}" + (f"\n{rest}" if rest else ""), style="yellow")
    return cell


def _gap_block(gap: Gap, lang: str, t: Tr) -> Renderable:
    body = RText()
    body.append(f"{gap.rule_id} ", style="bold red")
    body.append(t(gap.title), style="bold")
    body.append(f"\n{answer(gap, lang, t)} · {tr('phase', lang)}: {t(gap.phase_title)}")
    body.append(f"\n{tr('action', lang)}: ", style="italic")
    body.append(action(gap, lang, t))
    body.append(f"\n{also(gap, lang, t)}", style="cyan")
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
    where = f" {worded_locator(prov.locator, lang)}" if prov.locator else ""
    if prov.locator and not prov.locator_verified:
        where += f" ({tr('locator_unverified', lang)})"
    return (f"  ↳ {t(prov.standard_title)}{where}: {t(prov.title)} "
            f"[{confidence_label(prov.confidence, lang, prov.verified_in.get(lang) if prov.verified_in else None)}]")
