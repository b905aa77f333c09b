"""``brecha summary`` for the terminal (or plain text in a file): institutions as rows.

Each row names its institution on a line of its own (never squeezed out at 80 columns),
with type, level, jurisdiction and date below it (and, for an earlier round, that it is not
averaged); the columns are the rule sets (score and rating) or, with ``--by stage``, the
stages of one rule set at a time. Averages by group and the most common gaps follow; they
count institutions, each by its latest round, and the legend says so.
"""

from __future__ import annotations

from brecha.i18n import ntr, tr
from brecha.renderers import layout as box  # SIMPLE_HEAD: rich's box, by name
from brecha.renderers._safe import visible
from brecha.renderers._sections import NOT_IN_LAW, breach_alert_key
from brecha.renderers.layout import Group, Renderable, Table, Text
from brecha.report import Brief, duties_in_law
from brecha.summarizing import (
    AnonymousGroup,
    AnonymousSummary,
    GroupBy,
    RoundStatus,
    Row,
    Summary,
    View,
    actor_name,
    counting_note,
)
from brecha.summarizing import Group as SummaryGroup

__all__ = ["render", "render_anonymous"]


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _who(row: Row, lang: str) -> Text:
    r = row.report
    who = Text(visible(r.institution_name), style="bold")
    facts = [actor_name(r.institution_type, lang), actor_name(r.institution_level, lang)]  # labels, not IDs
    if r.jurisdiction:
        facts.append(visible(r.jurisdiction))
    facts.append(visible(r.round) if r.round else r.assessed_on)
    who.append("\n" + " · ".join(facts), style="dim")
    if row.status is not RoundStatus.LATEST:
        note = "summary.status.earlier" if row.status is RoundStatus.EARLIER else "summary.status.duplicate"
        who.append("\n" + tr(note, lang), style="dim italic")
    return who


def _table(title: str, *, lines: bool = False) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                 show_edge=False, expand=True, show_lines=lines)


def _rules_in_law(brief: Brief) -> dict[str, bool]:
    """Each rule an institution admits breaching: whether law binding it makes the rule's duty
    absolute (a duty two rule sets ask is in law when either rule is: :func:`report.duties_in_law`)."""
    duties = duties_in_law(detail for _, detail in brief.breaches)
    return {detail.id: duties[detail.duty or detail.id] for _, detail in brief.breaches}


def _listing() -> Table:
    """A list of institutions, one a bullet, whose wrapped lines stay under the name."""
    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


def _title(result: Summary, lang: str) -> str:
    """How many files, and of how many institutions when that differs."""
    files = ntr("count.assessments", len(result.rows), lang)
    if result.institutions == len(result.rows):
        return files
    return f"{files} · {ntr('count.institutions', result.institutions, lang)}"


def _by_ruleset(result: Summary, lang: str) -> Table:
    table = _table(_title(result, lang), lines=True)
    table.add_column(tr("institution", lang), ratio=1, min_width=24, overflow="fold")
    for rs, _ in result.rulesets:
        table.add_column(rs, justify="right", no_wrap=True)
    table.add_column("!", justify="right", no_wrap=True)
    for row in result.rows:
        cells: list[Text] = []
        for rs, _ in result.rulesets:
            cell = row.cell(rs)
            if cell is None:
                cells.append(Text("·", style="dim"))
                continue
            text = Text(_n(cell.score.evidenced))
            if cell.fixed and cell.rating_label is not None:  # its score is still not averaged
                text.append("\n" + cell.rating_label.get(lang), style="dim")
                if not cell.fixed_by_breach:  # a critical duty unmet fixes it (a breach is marked below)
                    text.append("\n" + tr("summary.critical_short", lang), style="bold red")
            elif cell.withheld is not None:  # a score over too few duties: not rated, not averaged
                text.append("\n" + tr("summary.withheld_short", lang), style="bold yellow")
                if cell.at_most is not None:  # what its caps already hold it at, whatever the rest
                    text.append("\n≤ " + cell.at_most.get(lang), style="dim")
            elif cell.rating_label is not None:
                text.append("\n" + cell.rating_label.get(lang), style="dim")
            if cell.breaches:  # held by an admitted breach of the law: never read as a good score
                text.append("\n" + tr("summary.breach_short", lang), style="bold red")
            if cell.provisional and cell.withheld is None:
                text.append("\n" + tr("rating_provisional", lang), style="yellow")
            cells.append(text)
        table.add_row(_who(row, lang), *cells, str(row.report.critical_duties))
    return table


def _stages_withheld(result: Summary) -> bool:
    """Whether a table by stage shows a row whose stages give no score because its rating is
    withheld (see :func:`_by_stage`): the legend then says what that «—» means too."""
    return any(cell.withheld is not None for rs, _ in result.rulesets
               if any(owner == rs for _, _, owner in result.phases)
               for row in result.rows if (cell := row.cell(rs)) is not None)


def _by_stage(result: Summary, lang: str) -> list[Renderable]:
    parts: list[Renderable] = []
    for rs, title in result.rulesets:
        phases = [(p, label) for p, label, owner in result.phases if owner == rs]
        rows = [row for row in result.rows if row.cell(rs) is not None]
        if not phases or not rows:
            continue
        table = _table(f"{rs}: {visible(title.get(lang))}", lines=True)
        table.add_column(tr("institution", lang), ratio=1, min_width=24, overflow="fold")
        for n, _ in enumerate(phases, 1):
            table.add_column(f"#{n}", justify="right", no_wrap=True)
        breached = any(row.cell(rs).breaches for row in rows)  # type: ignore[union-attr]
        if breached:  # as in the rule-set view: a stage score never hides an admitted breach of the law
            table.add_column("‼", justify="right", no_wrap=True)
        for row in rows:
            score = row.stage_scores()  # none where the rating is withheld: said under the name
            mark = (Text("‼", style="bold red") if row.cell(rs).breaches else "",) if breached else ()  # type: ignore[union-attr]
            who = _who(row, lang)
            if row.cell(rs).withheld is not None:  # type: ignore[union-attr]
                who.append("\n" + tr("summary.stages_withheld", lang), style="yellow")
            table.add_row(who, *(_n(score.get(p)) if p in score else Text("·", style="dim")
                                 for p, _ in phases), *mark)
        legend = Text("\n".join(f"#{n} = {label.get(lang)}" for n, (_, label) in enumerate(phases, 1)), style="dim")
        parts += [table, Text(""), legend, Text("")]
    return parts


_GROUP_NAMES = {GroupBy.TYPE: "summary.group.type", GroupBy.LEVEL: "summary.group.level",
                GroupBy.JURISDICTION: "summary.group.jurisdiction", GroupBy.COUNTRY: "summary.group.country"}


def _averages(result: Summary, lang: str) -> Renderable | None:
    if not result.total:
        return None
    groups = [*result.groups, *result.total]
    title = tr("summary.averages", lang) if result.group_by is None else \
        tr("summary.averages_by", lang, group=tr(_GROUP_NAMES[result.group_by], lang))
    table = _table(title)
    table.add_column(tr("summary.group", lang), ratio=1, min_width=16, overflow="fold")
    table.add_column(tr("summary.count_column", lang), justify="right", no_wrap=True)
    for rs, _ in result.rulesets:
        table.add_column(rs, justify="right", no_wrap=True)
    table.add_column("!", justify="right", no_wrap=True)
    breached = any(g.breached for g in groups)
    if breached:  # how many institutions of each group admit a breach of an absolute duty
        table.add_column("‼", justify="right", no_wrap=True)
    for group in groups:
        label = tr("summary.all", lang) if group.key == "*" else visible(group.label.get(lang))
        table.add_row(Text(label, style="bold" if group.key == "*" else ""), str(group.count),
                      *(_mean(group, rs, mean) for rs, mean in group.means),
                      _one_decimal(group.mean_critical_gaps), *((str(group.breached),) if breached else ()))
    return table


def _mean(group: SummaryGroup | AnonymousGroup, ruleset: str, mean: float | None) -> Text:
    """A rule set's mean, with how many institutions it is over when fewer than the group's n."""
    text = Text(_n(mean))
    over = group.averaged_over(ruleset)
    if mean is not None and over != group.count:
        text.append(f"\nn={over}", style="dim")
    return text


def _one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def render(result: Summary, lang: str) -> Renderable:
    """The summary: the main table, its legend, averages, the most common gaps."""
    parts: list[Renderable] = []
    if result.by is View.STAGE:
        parts += _by_stage(result, lang)
    else:
        parts.append(_by_ruleset(result, lang))
    # the stage tables have no rating and no critical gaps column, and mark a stage without a
    # score (—) and one without duties of the institution's own (·): their legend says just that
    legend = [tr("summary.legend_stages" if result.by is View.STAGE else "summary.legend_scores", lang)]
    if result.by is View.STAGE and _stages_withheld(result):  # a — there may be no answer counting, or this
        legend.append(tr("summary.legend_stages_withheld", lang, mark=tr("summary.stages_withheld", lang)))
    if any(row.breached for row in result.rows):
        legend.append(tr("summary.legend_breach", lang))
    if result.rows:
        legend.append(counting_note(result, lang))
    if result.filtered_out:
        legend.append(ntr("summary.filtered_out", result.filtered_out, lang))
    parts.append(Text("\n".join(legend), style="dim"))
    breached = result.breached
    if breached:  # a coordinator must see who admits a breach of the law, whatever the score
        # "violates the law" only where law binding each institution (its country's statutes, the
        # treaties its country is party to) makes the breached duty absolute, not the joint general
        # comments alone; a list of both says so and marks each rule whose duty is not (†)
        in_law = [_rules_in_law(row.report) for row in breached]
        found = [law for rules in in_law for law in rules.values()]
        key = breach_alert_key(all(found), any(found), "summary.breached")
        parts.append(Text("\n" + ntr(key, len(breached), lang), style="bold red"))
        listed = _listing()
        parts.append(listed)
        for row, rules in zip(breached, in_law, strict=True):
            marked = key == "summary.breached_mixed"
            # a withheld rating the breach fixes is rated, so not listed under «Sin calificación»:
            # its coverage is said here, and that its score is not averaged
            admits = "; ".join(f"{c.ruleset_id}: "
                               + ", ".join(r + (NOT_IN_LAW if marked and not rules.get(r, False) else "") for r in c.breaches)
                               + (f" ({tr('summary.breached_coverage', lang, na=c.withheld.not_applicable, rules=c.withheld.rules)})"
                                  if c.fixed and c.withheld is not None else "")
                               for c in row.cells if c.breaches)
            which = "" if row.rounds < 2 else \
                " " + tr("summary.breached_round", lang, round=visible(row.report.round or row.report.assessed_on))
            listed.add_row("  • ", Text(f"{visible(row.report.institution_name)}{which} — {admits}"))
    provisional = result.provisional
    if provisional:  # a coordinator must see whose rating rests on unconfirmed "not applicable"
        parts.append(Text("\n" + ntr("summary.provisional", len(provisional), lang), style="bold yellow"))
        waiting = _listing()
        parts.append(waiting)
        for row in provisional:
            rests = "; ".join(f"{c.ruleset_id}: {', '.join(c.provisional)}" for c in row.cells if c.provisional)
            waiting.add_row("  • ", Text(f"{visible(row.report.institution_name)} — {rests}"))
    unrated = result.unrated
    if unrated:  # a score over too few duties: named, never averaged as if earned (a rating an
        # admitted absolute breach fixes is given: that institution is named among the breaches)
        parts.append(Text("\n" + ntr("summary.withheld", len(unrated), lang), style="bold yellow"))
        held = _listing()
        parts.append(held)
        for row in unrated:
            why = "; ".join(tr("summary.withheld_item", lang, id=c.ruleset_id, na=c.withheld.not_applicable,
                               rules=c.withheld.rules)
                            for c in row.cells if c.withheld is not None and not c.fixed)
            held.add_row("  • ", Text(f"{visible(row.report.institution_name)} — {why}"))
    unmet = result.fixed_unmet
    if unmet:  # rated at the lowest band by a critical duty unmet, with too little coverage to rate by the score
        parts.append(Text("\n" + ntr("summary.fixed_critical", len(unmet), lang), style="bold red"))
        listed = _listing()
        parts.append(listed)
        for row in unmet:
            which = "" if row.rounds < 2 else \
                " " + tr("summary.breached_round", lang, round=visible(row.report.round or row.report.assessed_on))
            fixed = "; ".join(f"{c.ruleset_id}: {', '.join(c.fixed_by)} ("
                              + tr("summary.breached_coverage", lang, na=c.withheld.not_applicable,
                                   rules=c.withheld.rules) + ")"
                              for c in row.cells if c.fixed and not c.fixed_by_breach and c.withheld is not None)
            listed.add_row("  • ", Text(f"{visible(row.report.institution_name)}{which} — {fixed}"))
    averages = _averages(result, lang)
    if averages is not None:
        parts += [Text(""), averages, Text(tr("summary.averages_legend", lang), style="dim")]
    top = result.common_gaps[:10]
    if top:
        gaps = _table(tr("summary.common_gaps", lang))
        gaps.add_column(tr("rule", lang), ratio=1, overflow="fold")
        gaps.add_column(tr("summary.count_column", lang), justify="right", no_wrap=True)
        gaps.add_column("!", justify="right", no_wrap=True)
        for g in top:
            line = Text(g.rules_text(lang), style="bold")
            line.append(" " + visible(g.title.get(lang)))
            gaps.add_row(line, str(g.count), str(g.critical))
        parts += [Text(""), gaps]
    if result.common_gaps_left_out:
        parts.append(Text(ntr("summary.common_gaps_left_out", result.common_gaps_left_out, lang), style="dim"))
    return Group(*parts)


def _dimensions(result: AnonymousSummary) -> list[str]:
    """The group columns present: type, level, region (in that order)."""
    groups = result.groups
    found = [("type", any(g.type for g in groups)), ("level", any(g.level for g in groups)),
             ("summary.region", any(g.region for g in groups))]
    return [key for key, present in found if present] or ["type", "level", "summary.region"]


def _dimension(group: AnonymousGroup, key: str, lang: str) -> str:
    match key:
        case "type":
            return actor_name(group.type, lang) if group.type else ""
        case "level":
            return actor_name(group.level, lang) if group.level else ""
        case _:
            return visible(group.region or "")


def render_anonymous(result: AnonymousSummary, lang: str) -> Renderable:
    """The confidential summary: groups only, with the rule that made it and what it left out."""
    published = result.total.count if result.total else 0
    table = _table(ntr("summary.anon.title", published, lang, k=result.min_group))
    dims = _dimensions(result)
    for key in dims:
        table.add_column(tr(key, lang), ratio=1, overflow="fold")
    table.add_column(tr("summary.count_column", lang), justify="right", no_wrap=True)
    for rs, _ in result.rulesets:
        table.add_column(rs, justify="right", no_wrap=True)
    table.add_column("!", justify="right", no_wrap=True)
    breached = any(g.with_absolute_breach for g in result.groups)
    if breached:  # how many members admit a breach of an absolute duty: a mean score does not show it
        table.add_column("‼", justify="right", no_wrap=True)
    # how many members' ratings are provisional, or withheld (their scores not in the means)
    ratings = any(g.with_provisional or g.with_withheld for g in result.groups)
    if ratings:
        table.add_column(tr("summary.anon.provisional_column", lang), justify="right", no_wrap=True)
        table.add_column(tr("summary.anon.withheld_column", lang), justify="right", no_wrap=True)

    def counts(group: AnonymousGroup) -> tuple[str, ...]:
        return (str(group.with_critical_gaps), *((str(group.with_absolute_breach),) if breached else ()),
                *((str(group.with_provisional), str(group.with_withheld)) if ratings else ()))

    for group in result.groups:
        table.add_row(*(_dimension(group, key, lang) for key in dims), str(group.count),
                      *(_mean(group, rs, mean) for rs, mean in group.means), *counts(group))
    if result.total is not None:
        total = result.total
        table.add_row(Text(tr("summary.all", lang), style="bold"), *([""] * (len(dims) - 1)), str(total.count),
                      *(_mean(total, rs, mean) for rs, mean in total.means), *counts(total))
    notes = [tr("summary.anon.rule", lang, k=result.min_group), tr("summary.anon.legend", lang)]
    if breached:
        notes.append(tr("summary.anon.legend_breach", lang))
    if ratings:
        notes.append(tr("summary.anon.legend_ratings", lang))
    if not result.groups:
        notes.append(tr("summary.anon.none", lang, k=result.min_group))
    if result.suppressed_groups:
        notes.append(ntr("summary.anon.suppressed", result.suppressed_groups, lang, k=result.min_group))
    if result.failures:
        notes.append(ntr("summary.anon.failures", result.failures, lang))
    parts: list[Renderable] = [table, Text("\n".join(notes), style="dim")]
    top = result.common_gaps[:10]
    if top:
        gaps = _table(tr("summary.common_gaps", lang))
        gaps.add_column(tr("rule", lang), ratio=1, overflow="fold")
        gaps.add_column(tr("summary.count_column", lang), justify="right", no_wrap=True)
        gaps.add_column("!", justify="right", no_wrap=True)
        for g in top:
            line = Text(g.rules_text(lang), style="bold")
            line.append(" " + visible(g.title.get(lang)))
            gaps.add_row(line, str(g.count), str(g.critical))
        parts += [Text(""), gaps]
    if result.common_gaps_left_out:
        parts.append(Text(ntr("summary.common_gaps_left_out", result.common_gaps_left_out, lang), style="dim"))
    return Group(*parts)
