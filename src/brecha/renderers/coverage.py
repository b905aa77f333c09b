"""Coverage of standards by rule sets as JSON and Markdown. Pure."""

from __future__ import annotations

import json

from brecha.coverage import Coverage, RuleSetGrounding
from brecha.i18n import tr
from brecha.model import Confidence
from brecha.renderers.markdown import escape

__all__ = ["basis_share", "percent", "render_json", "render_markdown", "render_table"]


def percent(value: float | None) -> str:
    """A coverage share without decimals, or a dash."""
    return "—" if value is None else f"{value:.0f}"


_CONFIDENCE_HEADS = {Confidence.VERIFIED: "coverage.table.verified",
                     Confidence.OFFICIAL_SUMMARY: "coverage.table.official-summary",
                     Confidence.SECONDARY: "coverage.table.secondary",
                     Confidence.RECONSTRUCTED: "coverage.table.reconstructed",
                     Confidence.INFERRED: "coverage.table.inferred"}


def basis_share(rs: RuleSetGrounding) -> str:
    """Rules with a verified basis, with their share, or a dash when the rule set declares no basis."""
    return "—" if rs.percent is None else f"{rs.verified} ({rs.percent:.0f} %)"


def render_json(result: Coverage, lang: str) -> str:
    """Every standard (checkable leaf provisions, the rules implementing each, the not checkable), then
    every rule set with how many of its rules have a verified basis and how many a weak one."""
    data = {
        "standards": [{"standard": s.id, "title": s.title.get(lang), "checkable": len(s.provisions),
                       "covered": s.covered, "percent": None if s.percent is None else round(s.percent, 1),
                       "by_confidence": {c.value: n for c, n in s.confidence},
                       "provisions": [{"id": p.id, "confidence": p.confidence, "rules": list(p.rules)}
                                      for p in s.provisions],
                       "not_checkable": [{"id": i, "reason": r.get(lang)} for i, r in s.not_checkable]}
                      for s in result.standards],
        "matrix": {p.id: list(p.rules) for s in result.standards for p in s.provisions},
        "rulesets": [{"ruleset": g.id, "version": g.version, "rules": g.rules, "weaknesses": g.weaknesses,
                      "home": g.home_standard, "legal": list(g.legal_standards), "verified_basis": g.verified,
                      "verified_percent": None if g.percent is None else round(g.percent, 1), "weak_basis": g.weak,
                      "without_home_provision": g.no_home}
                     for g in result.grounding],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _ruleset_table(result: Coverage, lang: str) -> list[str]:
    out = [f"| {tr('coverage.table.ruleset', lang)} | {tr('coverage.table.version', lang)} "
           f"| {tr('coverage.table.rules', lang)} | {tr('coverage.table.weaknesses', lang)} "
           f"| {tr('coverage.table.home', lang)} | {tr('coverage.table.legal', lang)} "
           f"| {tr('coverage.table.verified_basis', lang)} | {tr('coverage.table.weak_basis', lang)} |",
           "|---|---|---:|---:|---|---|---:|---:|"]
    for g in result.grounding:
        declared = g.home_standard is not None
        out.append(f"| `{g.id}` | {g.version} | {g.rules} | {g.weaknesses} "
                   f"| {f'`{g.home_standard}`' if declared else '—'} "
                   f"| {', '.join(f'`{s}`' for s in g.legal_standards) or '—'} | {basis_share(g)} "
                   f"| {g.weak if declared else '—'} |")
    return out


def render_table(result: Coverage, lang: str) -> str:
    """The encoded content in two Markdown tables (the README's, generated from the content):
    standards with their provisions by confidence, then rule sets with the strength of their basis."""
    out = [f"| {tr('coverage.standard', lang)} | {tr('coverage.table.title', lang)} "
           f"| {tr('coverage.table.provisions', lang)} | "
           + " | ".join(tr(_CONFIDENCE_HEADS[c], lang) for c in Confidence) + " |",
           "|---|---|---:|" + "---:|" * len(Confidence)]
    for s in result.standards:
        counts = dict(s.confidence)
        out.append(f"| `{s.id}` | {escape((s.short_title or s.title).get(lang))} | {s.total} | "
                   + " | ".join(str(counts.get(c, 0) or "—") for c in Confidence) + " |")
    return "\n".join([*out, "", *_ruleset_table(result, lang)]) + "\n"


def _matrix_markdown(result: Coverage, lang: str) -> list[str]:
    out: list[str] = []
    for s in result.standards:
        if not s.provisions:
            continue
        out += ["", f"## `{s.id}` {escape((s.short_title or s.title).get(lang))}", "",
                f"| {tr('coverage.provision', lang)} | {tr('coverage.confidence', lang)} | {tr('coverage.rules', lang)} |",
                "|---|---|---|"]
        for p in s.provisions:
            rules = ", ".join(f"`{r}`" for r in p.rules) or f"**{tr('coverage.none', lang)}**"
            out.append(f"| `{p.id}` {escape(p.title.get(lang))} | {p.confidence} | {rules} |")
    return out


def render_markdown(result: Coverage, lang: str) -> str:
    """A table of standards, then the provisions no rule covers (or, as a matrix, every provision
    with the rules implementing it)."""
    out = [f"| {tr('coverage.standard', lang)} | {tr('coverage.covered', lang)} | {tr('coverage.checkable', lang)} "
           f"| % | {tr('coverage.not_checkable', lang)} |", "|---|---:|---:|---:|---:|"]
    for s in result.standards:
        out.append(f"| `{s.id}` {escape(s.title.get(lang))} | {s.covered} | {len(s.provisions)} | {percent(s.percent)} "
                   f"| {len(s.not_checkable)} |")
    out += ["", *_ruleset_table(result, lang)]
    if result.matrix:
        return "\n".join([*out, *_matrix_markdown(result, lang)]) + "\n"
    for s in result.standards:
        if s.uncovered:
            out += ["", tr("coverage.uncovered_in", lang, standard=s.id),
                    *(f"- `{p.id}` {escape(p.title.get(lang))}" for p in s.uncovered)]
    return "\n".join(out) + "\n"
