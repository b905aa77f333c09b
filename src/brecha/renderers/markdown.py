"""The gap report as Markdown (fit for a pull request, a wiki or an e-mail). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from brecha.i18n import label
from brecha.model import Text
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
    out: list[str] = [f"# {label('report.title', lang)}: {escape(report.institution_name)}", ""]
    if report.illustrative:
        out += [f"> **{label('illustrative', lang)}**", ""]
    out += [
        "| | |", "|---|---|",
        f"| {label('type', lang)} | {t(report.institution_type.name)} · {t(report.institution_level.name)}"
        + (f" · {escape(report.jurisdiction)}" if report.jurisdiction else "") + " |",
        f"| {label('assessed_on', lang)} | {escape(report.assessed_on)}"
        + (f" · {escape(report.round)}" if report.round else "") + " |",
    ]
    if report.assessors:
        out.append(f"| {label('assessors', lang)} | "
                   + ", ".join(escape(n) + (f" ({escape(r)})" if r else "") for n, r in report.assessors) + " |")
    out.append(f"| {label('rulesets', lang)} | " + ", ".join(f"{d.id} {d.version}" for d in report.rulesets) + " |")
    rating = t(report.rating_label) + (f" ({label('rating_capped', lang)})" if report.rating_capped else "")
    out += ["", f"**{label('score', lang)}: {pct(o.claimed)} {label('claimed', lang)} · "
                f"{pct(o.evidenced)} {label('evidenced', lang)}** / 100  ",
            f"**{label('rating', lang)}: {rating}**  ",
            f"{o.rules} {label('rules', lang)} · {o.answered} {label('answered', lang)} · {o.not_applicable} "
            f"{label('not_applicable', lang)} · {o.unanswered} {label('unanswered', lang)} · {o.gaps} "
            f"{label('gaps', lang)} · {o.critical_gaps} {label('critical_gaps', lang).lower()}", ""]
    for key, lines in (("by_phase", report.by_phase), ("by_standard", report.by_standard),
                       ("by_institution", report.by_institution)):
        if lines:
            out += _score_table(label(key, lang), lines, lang, t)
    crit = report.critical_gaps
    if crit:
        out += [f"## {label('critical_gaps', lang)} ({len(crit)})", ""]
        for gap in crit:
            out += _gap_section(gap, lang, t)
    out += [f"## {label('gaps_by_institution', lang)}", ""]
    if not report.gaps:
        out += [label("no_gaps", lang), ""]
    for actor, gaps in report.gaps_by_responsible():
        out += [f"### {t(actor.name)}", "",
                f"| {label('rule', lang)} | {label('answer', lang)} → {label('target', lang)} | "
                f"{label('priority', lang)} | {label('action', lang)} |", "|---|---|---:|---|"]
        for gap in gaps:
            answer = t(gap.answer_label) if gap.answer_label else label("no_information", lang)
            mark = " ❗" if gap.critical else ""
            out.append(f"| `{gap.rule_id}`{mark} | {answer} → {t(gap.target_label)} | {gap.priority:.2f} | "
                       f"**{t(gap.title)}**: {t(gap.action)} |")
        out.append("")
    if report.weaknesses:
        out += [f"## {label('weaknesses', lang)} ({len(report.weaknesses)})", ""]
        for weak in report.weaknesses:
            out += [f"### `{weak.id}` {t(weak.title)}", "", t(weak.description), "",
                    f"*{label('recommendation', lang)}:* {t(weak.recommendation)}  ",
                    f"{label('triggered_by', lang)}: {', '.join(f'`{r}`' for r in weak.triggered_by)}"
                    + (f" · {label('sources', lang)}: {', '.join(weak.sources)}" if weak.sources else ""), ""]
    for key, rows in (
        ("unanswered_rules", [f"`{u.rule_id}` {t(u.title)}" + (f" ({label('critical', lang)})" if u.critical else "")
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
            out += [f"## {label(key, lang)} ({len(rows)})", "", *(f"- {row}" for row in rows), ""]
    out += ["---", "", f"*{escape(label('method', lang))}*", "",
            f"{label('fingerprints', lang)}: " + ", ".join(f"{d.id} {d.version} `{d.fingerprint[:19]}…`"
                                                          for d in report.rulesets), ""]
    return "\n".join(out)


def _score_table(title: str, lines: tuple[ScoreLine, ...], lang: str, t: Tr) -> list[str]:
    out = [f"### {title}", "", f"| | {label('claimed', lang)} | {label('evidenced', lang)} | {label('gaps', lang)} |",
           "|---|---:|---:|---:|"]
    for line in lines:
        crit = f" ({line.score.critical_gaps} ❗)" if line.score.critical_gaps else ""
        out.append(f"| {t(line.label)} | {pct(line.score.claimed)} | {pct(line.score.evidenced)} | "
                   f"{line.score.gaps}{crit} |")
    return [*out, ""]


def _gap_section(gap: Gap, lang: str, t: Tr) -> list[str]:
    answer = t(gap.answer_label) if gap.answer_label else label("no_information", lang)
    out = [f"### `{gap.rule_id}` {t(gap.title)}", "",
           f"- {label('answer', lang)}: {answer} → {label('target', lang)}: {t(gap.target_label)} · "
           f"{label('phase', lang)}: {t(gap.phase_title)}",
           f"- {label('action', lang)}: {t(gap.action)}",
           f"- {', '.join(t(a.name) for a in gap.responsible)}"]
    if gap.notes:
        out.append(f"- {label('notes', lang)}: {escape(gap.notes)}")
    for prov in gap.provisions:
        where = f" {escape(prov.locator)}" if prov.locator else ""
        if prov.locator and not prov.locator_verified:
            where += f" ({label('locator_unverified', lang)})"
        out.append(f"  - {t(prov.standard_title)}{where}: {t(prov.title)} "
                   f"*[{label('confidence.' + prov.confidence, lang)}]*")
    return [*out, ""]
