"""Rule-set diffs as Markdown (for pull-request comments) or JSON. Pure."""

from __future__ import annotations

import json
from typing import Any

from brecha.diffing import DiffResult
from brecha.renderers.markdown import escape

__all__ = ["render_json", "render_markdown"]


def _code(value: str) -> str:
    """Inline code: backticks inside would end it early."""
    return "`" + value.replace("`", "'").replace("\n", " ") + "`"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def render_markdown(result: DiffResult) -> str:
    """A review-ready summary: changes per rule set, version advice, score effects."""
    out = [f"## brecha diff: {_code(result.old_label)} → {_code(result.new_label)}", ""]
    changed = [d for d in result.rulesets if d.changes]
    if not changed:
        out += ["No rule-set changes.", ""]
    for d in changed:
        out += [f"### `{d.id}` {d.old_version or '(new)'} → {d.new_version or '(removed)'}", ""]
        if d.bump_missing:
            out += [f"> ⚠️ These changes need a **{d.bump_needed}** version bump, but the version "
                    f"{'did not change' if d.bump_made is None else f'only had a {d.bump_made} bump'}.", ""]
        out += ["| subject | change | detail | bump |", "|---|---|---|---|"]
        out += [f"| `{c.subject}` | {c.kind} | {escape(c.detail)} | {c.bump} |" for c in d.changes]
        out.append("")
    if result.effects:
        out += ["### Effect on assessments", "",
                "| assessment | claimed | evidenced | rating | gaps |", "|---|---|---|---|---|"]
        for e in result.effects:
            if e.before is None or e.after is None:
                out.append(f"| {_code(e.path)} | — | — | — | {escape(e.error or '')} |")
                continue
            b, a = e.before.overall, e.after.overall
            delta = "" if a.evidenced is None or b.evidenced is None else f" ({a.evidenced - b.evidenced:+.1f})"
            out.append(f"| {_code(e.path)} | {_score(b.claimed)} → {_score(a.claimed)} | "
                       f"{_score(b.evidenced)} → {_score(a.evidenced)}{delta} | "
                       f"{e.before.rating or '—'} → {e.after.rating or '—'} | {b.total_gaps} → {a.total_gaps} |")
        out.append("")
    return "\n".join(out)


def render_json(result: DiffResult) -> str:
    """The same content as JSON."""

    def side(report: Any) -> dict[str, Any] | None:
        if report is None:
            return None
        o = report.overall
        return {"claimed": None if o.claimed is None else round(o.claimed, 2),
                "evidenced": None if o.evidenced is None else round(o.evidenced, 2),
                "rating": report.rating, "gaps": o.gaps, "critical_gaps": o.critical_gaps,
                "total_gaps": o.total_gaps, "total_critical_gaps": o.total_critical_gaps}

    data = {
        "old": result.old_label, "new": result.new_label,
        "rulesets": [{"id": d.id, "old_version": d.old_version, "new_version": d.new_version,
                      "bump_needed": d.bump_needed, "bump_made": d.bump_made, "bump_missing": d.bump_missing,
                      "changes": [{"subject": c.subject, "kind": c.kind, "detail": c.detail, "bump": c.bump}
                                  for c in d.changes]} for d in result.rulesets],
        "assessments": [{"path": e.path, "before": side(e.before), "after": side(e.after), "error": e.error}
                        for e in result.effects],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
