"""The gap report as Markdown (fit for a pull request, a wiki or an e-mail). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from brecha import __version__
from brecha.i18n import confidence_label, ntr, tr, worded_locator
from brecha.model import Text
from brecha.renderers._basis import basis_line
from brecha.renderers._safe import pct, translator, visible
from brecha.renderers._sections import (
    action,
    also,
    answer,
    answer_first,
    breach_alert,
    breach_items,
    breakdown_gaps,
    cap_lines,
    confirm_first,
    confirmation,
    counts,
    coverage,
    critical_count,
    critical_gaps,
    fixed_lead,
    given,
    headline_reason,
    no_gaps,
    none_found,
    nothing_urgent,
    provisional_line,
    rating_line,
    review_first,
    rule_ids,
    score_label,
    withheld_line,
)
from brecha.report import EvidenceItem, Gap, GapReport, ScoreLine

__all__ = ["escape", "render"]

Tr = Callable[[Text | None], str]

_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def escape(value: str) -> str:
    """Make user text inert in Markdown: no markup, no raw HTML, no table breaks."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = visible(value.replace("\n", " "))
    return _SPECIAL.sub(r"\\\1", value)


def render(report: GapReport, lang: str) -> str:
    """Render the report in ``lang``."""

    t = translator(lang, escape)

    out: list[str] = [f"# {tr('report.title', lang)}: {escape(report.institution_name)}", ""]
    if report.illustrative:
        out += [f"> **{tr('illustrative', lang)}**", ""]
    out += [
        "| | |", "|---|---|",
        f"| {tr('type', lang)} | {t(report.institution_type.name)} · {t(report.institution_level.name)}"
        + (f" · {escape(report.jurisdiction)}" if report.jurisdiction else "") + " |",
        f"| {tr('assessed_on', lang)} | {escape(report.assessed_on)} |",
    ]
    if report.round:
        out.append(f"| {tr('round', lang)} | {escape(report.round)} |")
    if report.assessors:
        out.append(f"| {tr('assessors', lang)} | "
                   + ", ".join(escape(n) + (f" ({escape(r)})" if r else "") for n, r in report.assessors) + " |")
    out.append(f"| {tr('rulesets', lang)} | " + ", ".join(f"{d.id} {d.version}" for d in report.rulesets) + " |")
    if report.institution_categories:
        out.append(f"| {tr('categories', lang)} | " + ", ".join(t(c.name) for c in report.institution_categories)
                   + " |")
    alert = breach_alert(report, lang)
    if alert:  # an admitted breach of the law heads the report, whatever the ratings
        out += ["", f"> **⚠ {alert}:**", ">", *(f"> - {item}" for item in breach_items(report, lang, t))]
    out += ["", f"## {tr('fix_first', lang)}", ""]
    # the critical "not applicable" to confirm, a paragraph of its own before the numbered actions
    # (after them, it read as part of the last one)
    withheld = review_first(report, lang)
    review = [line for first in (*withheld, *filter(None, (confirm_first(report, lang, t),)))
              for line in (f"**{first}**", "")]
    if not report.fix_first and not withheld:
        out += [nothing_urgent(report, lang, t), ""]
    # an admitted breach of an absolute duty first; then, where a rating is withheld, its
    # not-applicable answers to review, and the critical ones to confirm; then the other actions
    breached = fixed_lead(report)
    if not breached:
        out += review
    for number, gap in enumerate(report.fix_first, 1):
        if breached and number == breached + 1:
            out += ["", *review]
        mark = " ❗" if gap.critical else ""
        ids = rule_ids(gap, lang, lambda r: f"`{r}`")
        out += [f"{number}. **{ids}{mark} {t(gap.title)}**  ", f"   {answer(gap, lang, t)}  ",
                f"   {action(gap, lang, t)}  ", f"   *{also(gap, lang, t)}*"]
    if breached and breached == len(report.fix_first) and review:
        out += ["", *review[:-1]]
    if report.answer_first:
        out += ["", f"**{answer_first(report, lang, t)}**"]
    out += ["", f"## {tr('judgment', lang)}", ""]
    for result in sorted(report.results, key=lambda r: not r.headline):
        sc = result.score
        out += [f"- **{rating_line(result, lang, t)}**  ",
                f"  {score_label(result, lang)}: {pct(sc.claimed)} {tr('claimed', lang)} · "
                f"{pct(sc.evidenced)} {tr('evidenced', lang)} / 100  ",
                f"  {counts(sc, lang, len(result.awaiting))}  ",
                "  " + " · ".join((ntr("count.rules", sc.rules, lang), ntr("count.answered", sc.answered, lang),
                                   ntr("count.not_applicable", sc.not_applicable, lang),
                                   ntr("count.unanswered", sc.unanswered, lang)))]
    reason = headline_reason(report, lang)
    out += ["", f"*{reason}*" if reason else "", ""]
    capped = [r for r in report.results if r.caps]
    if capped:
        out += [f"## {tr('caps', lang)}", ""]
        for result in capped:
            sentence, lines = cap_lines(result, lang, t)
            out += [sentence, "", *(f"- **{limit}** {reason}" for limit, reason in lines), ""]
    for result in (r for r in report.results if r.provisional and not r.withheld):
        out += [f"> ⚠ **{provisional_line(result, lang, t)}**", ""]
    for result in (r for r in report.results if r.withheld):
        out += [f"> ⚠ **{withheld_line(result, lang)}**", ""]
    loud = [n for n in report.notices if n.loud]
    if loud:
        out += [f"## ⚠ {tr('loud_notices', lang)} ({len(loud)})", "", *(f"> **{t(n.message)}**  " for n in loud), ""]
    if report.evidence_gaps:
        out += [f"## {tr('evidence_gaps', lang)} ({len(report.evidence_gaps)})", "",
                f"*{tr('evidence_gaps.lead', lang)}*", ""]
        for gap in report.evidence_gaps:
            mark = " ❗" if gap.critical else ""
            out += [f"- **`{gap.rule_id}`{mark} {t(gap.title)}** — {answer(gap, lang, t)}  ",
                    f"  {tr('evidence_needed', lang)}: {t(gap.evidence_needed) or '—'}"]
        out.append("")
    elif none_found(report, lang):  # withheld: none detectable while the answers wait, not "none"
        out += [f"## {tr('evidence_gaps', lang)}", "", none_found(report, lang), ""]
    if report.coordination:
        out += [f"## {tr('coordination', lang)}", "", f"*{tr('coordination.lead', lang)}*", "",
                f"| | {tr('rules', lang)} |", "|---|---|"]
        for row in report.coordination:
            count = ntr("coordination.rules", len(row.rules), lang)
            if row.critical:
                count += f" ({ntr('coordination.critical', row.critical, lang)})"
            out.append(f"| {t(row.actor.name)} | {count}: {', '.join(f'`{r}`' for r in row.rules)} |")
        out.append("")
    if any(r.by_phase for r in report.results) or report.by_standard:
        out += [f"## {tr('breakdown', lang)}", ""]  # the score tables below are its subsections
    for result in report.results:
        if result.by_phase:
            out += _score_table(tr("by_phase_of", lang, id=result.id), result.by_phase, lang, t,
                                withheld=result.withheld is not None)
    if report.by_standard:
        out += _score_table(tr("by_standard", lang), report.by_standard, lang, t,
                            withheld=any(r.withheld is not None for r in report.results))
        out += [f"*{tr('by_standard.caption', lang)}*", ""]
    crit = critical_gaps(report)
    if crit:
        out += [f"## {tr('critical_gaps', lang)} ({critical_count(report, lang)})", ""]
        for gap in crit:
            out += _gap_section(gap, lang, t)
    out += [f"## {tr('all_gaps', lang)}", ""]
    if not report.all_gaps:
        out += [no_gaps(report, lang), ""]
    else:
        out += [f"| {tr('rule', lang)} | {tr('answer', lang)} → {tr('target', lang)} | "
                f"{tr('priority', lang)} | {tr('action', lang)} |", "|---|---|---:|---|"]
        for gap in report.all_gaps:
            mark = " ❗" if gap.critical else ""
            out.append(f"| `{gap.rule_id}`{mark} | {given(gap, lang, t)} → {t(gap.target_label)} | {gap.priority:.2f} | "
                       f"**{t(gap.title)}**: {action(gap, lang, t)} *{also(gap, lang, t)}* |")
        out.append("")
    if not report.weaknesses and none_found(report, lang):  # withheld: none detectable while the answers wait
        out += [f"## {tr('weaknesses', lang)}", "", none_found(report, lang), ""]
    if report.weaknesses:
        out += [f"## {tr('weaknesses', lang)} ({len(report.weaknesses)})", ""]
        for weak in report.weaknesses:
            out += [f"### `{weak.id}` {t(weak.title)}", "", t(weak.description), "",
                    f"*{tr('recommendation', lang)}:* {t(weak.recommendation)}  ",
                    f"{tr('triggered_by', lang)}: {', '.join(f'`{r}`' for r in weak.triggered_by)}"
                    + (f" · {tr('sources', lang)}: {', '.join(weak.sources)}" if weak.sources else ""), ""]
    for key, rows in (
        ("unanswered_rules", [f"`{u.rule_id}` {t(u.title)}" + (f" ({tr('critical', lang)})" if u.critical else "")
                              for u in report.unanswered]),
        ("not_applicable_rules", [f"`{n.rule_id}` {t(n.title)}" + (f" ({tr('critical', lang)})" if n.critical else "")
                                  + f" — {escape(n.justification)}{confirmation(n, lang, escape)}"
                                  for n in report.not_applicable]),
        ("report.evidence_given", [f"`{line.rule_id}` {t(line.title)}: "
                                   + "; ".join(_evidence_item(item, lang) for item in line.items)
                                   for line in report.evidence]),
        ("notices", [t(n.message) for n in report.notices if not n.loud]),
        ("sources", [f"`{s.id}` {escape(s.title)}" + (f", {escape(s.publisher)}" if s.publisher else "")
                     + (f" ({escape(s.date)})" if s.date else "") + (f" — {escape(s.address)}" if s.address else "")
                     for s in report.sources]),
    ):
        if rows:
            out += [f"## {tr(key, lang)} ({len(rows)})", "", *(f"- {row}" for row in rows), ""]
    out += ["---", "", f"*{escape(tr('method', lang))}*", "",
            f"{tr('fingerprints', lang)}: " + ", ".join(f"{d.id} {d.version} `{d.fingerprint[:19]}…`"
                                                          for d in report.rulesets) + "  ",
            tr("report.generated_by", lang, version=__version__), ""]
    return "\n".join(out)


def _evidence_item(item: EvidenceItem, lang: str) -> str:
    """One evidence item as inert text: a link is shown, not made clickable."""
    out = escape(item.title)
    if item.date:
        out += f" ({escape(item.date)})"
    for where in (item.link, item.file):
        if where:
            out += f" — {escape(where)}"
    if item.verified_by:
        out += f" — {escape(tr('report.evidence_verified_by', lang, who=item.verified_by))}"
    if item.stale:
        out += f" **({escape(tr('report.evidence_stale', lang))})**"
    return out


def _score_table(title: str, lines: tuple[ScoreLine, ...], lang: str, t: Tr, *, withheld: bool = False) -> list[str]:
    """A breakdown; ``withheld``: no score over the few duties answered, how many of them instead."""
    out = [f"### {title}", "", f"| | {tr('claimed', lang)} | {tr('evidenced', lang)} | {tr('gaps', lang)} |",
           "|---|---:|---:|---:|"]
    for line in lines:
        if withheld:
            out.append(f"| {t(line.label)} | — | {coverage(line.score, lang)} | {breakdown_gaps(line.score, lang, ' ❗')} |")
            continue
        out.append(f"| {t(line.label)} | {pct(line.score.claimed)} | {pct(line.score.evidenced)} | "
                   f"{breakdown_gaps(line.score, lang, ' ❗')} |")
    return [*out, ""]


def _gap_section(gap: Gap, lang: str, t: Tr) -> list[str]:
    out = [f"### `{gap.rule_id}` {t(gap.title)}", "",
           f"- {answer(gap, lang, t)} · {tr('phase', lang)}: {t(gap.phase_title)}",
           f"- {tr('action', lang)}: {action(gap, lang, t)}",
           f"- {also(gap, lang, t)}"]
    if gap.notes:
        out.append(f"- {tr('notes', lang)}: {escape(gap.notes)}")
    basis = basis_line(gap, lang)
    if basis:
        out.append(f"- {escape(basis)}")
    for prov in gap.provisions:
        where = f" {escape(worded_locator(prov.locator, lang))}" if prov.locator else ""
        if prov.locator and not prov.locator_verified:
            where += f" ({tr('locator_unverified', lang)})"
        out.append(f"  - {t(prov.standard_title)}{where}: {t(prov.title)} "
                   f"*[{escape(confidence_label(prov.confidence, lang, prov.verified_in.get(lang) if prov.verified_in else None))}]*")
    return [*out, ""]
