"""The gap report as Markdown (fit for a pull request, a wiki or an e-mail). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from brecha.i18n import tr
from brecha.model import Text
from brecha.renderers._basis import basis_line
from brecha.renderers._safe import pct, translator, visible
from brecha.report import Gap, GapReport, ScoreLine

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

    o = report.overall
    out: list[str] = [f"# {tr('report.title', lang)}: {escape(report.institution_name)}", ""]
    if report.illustrative:
        out += [f"> **{tr('illustrative', lang)}**", ""]
    out += [
        "| | |", "|---|---|",
        f"| {tr('type', lang)} | {t(report.institution_type.name)} · {t(report.institution_level.name)}"
        + (f" · {escape(report.jurisdiction)}" if report.jurisdiction else "") + " |",
        f"| {tr('assessed_on', lang)} | {escape(report.assessed_on)}"
        + (f" · {escape(report.round)}" if report.round else "") + " |",
    ]
    if report.assessors:
        out.append(f"| {tr('assessors', lang)} | "
                   + ", ".join(escape(n) + (f" ({escape(r)})" if r else "") for n, r in report.assessors) + " |")
    out.append(f"| {tr('rulesets', lang)} | " + ", ".join(f"{d.id} {d.version}" for d in report.rulesets) + " |")
    rating = t(report.rating_label) + (f" ({tr('rating_capped', lang)})" if report.rating_capped else "")
    out += ["", f"**{tr('score', lang)}: {pct(o.claimed)} {tr('claimed', lang)} · "
                f"{pct(o.evidenced)} {tr('evidenced', lang)}** / 100  ",
            f"**{tr('rating', lang)}: {rating}**  ",
            f"{o.rules} {tr('rules', lang)} · {o.answered} {tr('answered', lang)} · {o.not_applicable} "
            f"{tr('not_applicable', lang)} · {o.unanswered} {tr('unanswered', lang)} · {o.gaps} "
            f"{tr('gaps', lang)} · {o.critical_gaps} {tr('critical_gaps', lang).lower()}", ""]
    for key, lines in (("by_phase", report.by_phase), ("by_standard", report.by_standard),
                       ("by_institution", report.by_institution)):
        if lines:
            out += _score_table(tr(key, lang), lines, lang, t)
    crit = report.critical_gaps
    if crit:
        out += [f"## {tr('critical_gaps', lang)} ({len(crit)})", ""]
        for gap in crit:
            out += _gap_section(gap, lang, t)
    out += [f"## {tr('gaps_by_institution', lang)}", ""]
    if not report.gaps:
        out += [tr("no_gaps", lang), ""]
    for actor, gaps in report.gaps_by_responsible():
        out += [f"### {t(actor.name)}", "",
                f"| {tr('rule', lang)} | {tr('answer', lang)} → {tr('target', lang)} | "
                f"{tr('priority', lang)} | {tr('action', lang)} |", "|---|---|---:|---|"]
        for gap in gaps:
            answer = t(gap.answer_label) if gap.answer_label else tr("no_information", lang)
            mark = " ❗" if gap.critical else ""
            out.append(f"| `{gap.rule_id}`{mark} | {answer} → {t(gap.target_label)} | {gap.priority:.2f} | "
                       f"**{t(gap.title)}**: {t(gap.action)} |")
        out.append("")
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
        ("unevidenced", [f"`{u.rule_id}` {t(u.title)} — {t(u.answer_label)}" for u in report.unevidenced]),
        ("not_applicable_rules", [f"`{n.rule_id}` {t(n.title)} — {escape(n.justification)}"
                                  for n in report.not_applicable]),
        ("notices", [t(n.message) for n in report.notices]),
        ("sources", [f"`{s.id}` {escape(s.title)}" + (f", {escape(s.publisher)}" if s.publisher else "")
                     + (f" ({escape(s.date)})" if s.date else "") + (f" — {escape(s.address)}" if s.address else "")
                     for s in report.sources]),
    ):
        if rows:
            out += [f"## {tr(key, lang)} ({len(rows)})", "", *(f"- {row}" for row in rows), ""]
    out += ["---", "", f"*{escape(tr('method', lang))}*", "",
            f"{tr('fingerprints', lang)}: " + ", ".join(f"{d.id} {d.version} `{d.fingerprint[:19]}…`"
                                                          for d in report.rulesets), ""]
    return "\n".join(out)


def _score_table(title: str, lines: tuple[ScoreLine, ...], lang: str, t: Tr) -> list[str]:
    out = [f"### {title}", "", f"| | {tr('claimed', lang)} | {tr('evidenced', lang)} | {tr('gaps', lang)} |",
           "|---|---:|---:|---:|"]
    for line in lines:
        crit = f" ({line.score.critical_gaps} ❗)" if line.score.critical_gaps else ""
        out.append(f"| {t(line.label)} | {pct(line.score.claimed)} | {pct(line.score.evidenced)} | "
                   f"{line.score.gaps}{crit} |")
    return [*out, ""]


def _gap_section(gap: Gap, lang: str, t: Tr) -> list[str]:
    answer = t(gap.answer_label) if gap.answer_label else tr("no_information", lang)
    out = [f"### `{gap.rule_id}` {t(gap.title)}", "",
           f"- {tr('answer', lang)}: {answer} → {tr('target', lang)}: {t(gap.target_label)} · "
           f"{tr('phase', lang)}: {t(gap.phase_title)}",
           f"- {tr('action', lang)}: {t(gap.action)}",
           f"- {', '.join(t(a.name) for a in gap.responsible)}"]
    if gap.notes:
        out.append(f"- {tr('notes', lang)}: {escape(gap.notes)}")
    basis = basis_line(gap, lang)
    if basis:
        out.append(f"- {escape(basis)}")
    for prov in gap.provisions:
        where = f" {escape(prov.locator)}" if prov.locator else ""
        if prov.locator and not prov.locator_verified:
            where += f" ({tr('locator_unverified', lang)})"
        out.append(f"  - {t(prov.standard_title)}{where}: {t(prov.title)} "
                   f"*[{tr('confidence.' + prov.confidence, lang)}]*")
    return [*out, ""]
