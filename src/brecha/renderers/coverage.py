"""Coverage of standards by rule sets as JSON and Markdown. Pure."""

from __future__ import annotations

import json

from brecha.coverage import Coverage
from brecha.i18n import tr
from brecha.renderers.markdown import escape

__all__ = ["percent", "render_json", "render_markdown"]


def percent(value: float | None) -> str:
    """A coverage share without decimals, or a dash."""
    return "—" if value is None else f"{value:.0f}"


def render_json(result: Coverage, lang: str) -> str:
    """Every standard: checkable leaf provisions, the rules implementing each, the not checkable."""
    data = [{"standard": s.id, "title": s.title.get(lang), "checkable": len(s.provisions),
             "covered": s.covered, "percent": None if s.percent is None else round(s.percent, 1),
             "provisions": [{"id": p.id, "confidence": p.confidence, "rules": list(p.rules)} for p in s.provisions],
             "not_checkable": [{"id": i, "reason": r.get(lang)} for i, r in s.not_checkable]}
            for s in result.standards]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_markdown(result: Coverage, lang: str) -> str:
    """A table of standards, then the provisions no rule covers."""
    out = [f"| {tr('coverage.standard', lang)} | {tr('coverage.covered', lang)} | {tr('coverage.checkable', lang)} "
           f"| % | {tr('coverage.not_checkable', lang)} |", "|---|---:|---:|---:|---:|"]
    for s in result.standards:
        out.append(f"| `{s.id}` {escape(s.title.get(lang))} | {s.covered} | {len(s.provisions)} | {percent(s.percent)} "
                   f"| {len(s.not_checkable)} |")
    for s in result.standards:
        if s.uncovered:
            out += ["", tr("coverage.uncovered_in", lang, standard=s.id),
                    *(f"- `{p.id}` {escape(p.title.get(lang))}" for p in s.uncovered)]
    return "\n".join(out) + "\n"
