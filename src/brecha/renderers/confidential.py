"""The confidential summary as CSV and JSON: groups only, never a name, file, date or note. Pure.

Everything shown comes from :class:`brecha.summarizing.AnonymousSummary`, which holds no
text from the assessments; these renderers add only the catalogue's words.
"""

from __future__ import annotations

import csv
import io
import json

from brecha.i18n import ntr, tr
from brecha.summarizing import SUMMARY_FORMAT_VERSION, AnonymousGroup, AnonymousSummary

__all__ = ["render_csv", "render_json"]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _group(g: AnonymousGroup) -> dict[str, object]:
    return {"type": g.type.id if g.type else None, "level": g.level.id if g.level else None, "region": g.region,
            "institutions": g.count, "mean_evidenced": {rs: _r(m) for rs, m in g.means},
            "averaged_over": {rs: g.averaged_over(rs) for rs, m in g.means if m is not None},
            "with_critical_gaps": g.with_critical_gaps, "with_absolute_breach": g.with_absolute_breach,
            "with_provisional_rating": g.with_provisional, "with_withheld_rating": g.with_withheld}


def render_json(result: AnonymousSummary, lang: str) -> str:
    """The groups, the total over them, what was suppressed (counted, never described), common gaps."""
    data = {
        "kind": "AnonymousSummary", "summary_format_version": SUMMARY_FORMAT_VERSION,
        "confidential": True, "min_group": result.min_group,
        "grouped_by": str(result.group_by) if result.group_by else "type-level-country",
        "rule": tr("summary.anon.rule", lang, k=result.min_group),
        "rulesets": [{"id": rs, "title": t.get(lang)} for rs, t in result.rulesets],
        "groups": [_group(g) for g in result.groups],
        "total": _group(result.total) if result.total else None,
        "suppressed_groups": result.suppressed_groups,
        "common_gaps": [{"rule": g.rule_id, "rules": list(g.rule_ids or (g.rule_id,)), "title": g.title.get(lang),
                         "institutions": g.count, "critical_in": g.critical} for g in result.common_gaps],
        "common_gaps_left_out": result.common_gaps_left_out,
        "unreadable_files": result.failures,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_csv(result: AnonymousSummary, lang: str) -> str:
    """One row per published group, then the total over them; a comment line states the rule."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["type", "level", "region", "institutions", *(f"{rs}_evidenced" for rs, _ in result.rulesets),
                     "with_critical_gaps", "with_absolute_breach", "with_provisional_rating", "with_withheld_rating"])
    for g in (*result.groups, *((result.total,) if result.total else ())):
        is_total = g is result.total
        writer.writerow(["*" if is_total else (g.type.id if g.type else ""), "" if is_total or not g.level else g.level.id,
                         "" if is_total else g.region or "", g.count,
                         *("" if m is None else f"{m:.1f}" for _, m in g.means), g.with_critical_gaps,
                         g.with_absolute_breach, g.with_provisional, g.with_withheld])
    writer.writerow([f"# {tr('summary.anon.rule', lang, k=result.min_group)}"])
    if result.suppressed_groups:
        writer.writerow([f"# {ntr('summary.anon.suppressed', result.suppressed_groups, lang, k=result.min_group)}"])
    return buffer.getvalue()
