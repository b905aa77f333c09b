"""Rule-set diffs as Markdown (for pull-request comments), plain text (for CI logs) or JSON. Pure."""

from __future__ import annotations

import json
from typing import Any

from brecha.diffing import DiffResult
from brecha.renderers._sections import withheld_counts
from brecha.renderers.markdown import escape
from brecha.sanitize import one_line

__all__ = ["render_json", "render_markdown", "render_text"]


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
                       f"{_rating(e.before)} → {_rating(e.after)} | {b.total_gaps} → {a.total_gaps} |")
        out.append("")
    return "\n".join(out)


def render_text(result: DiffResult) -> str:
    """The same content as plain text, one finding a line, for CI logs (no Markdown, no colour)."""
    out = [f"brecha diff: {_plain(result.old_label)} -> {_plain(result.new_label)}", ""]
    changed = [d for d in result.rulesets if d.changes]
    if not changed:
        out += ["No rule-set changes.", ""]
    for d in changed:
        out.append(f"{d.id} {d.old_version or '(new)'} -> {d.new_version or '(removed)'}")
        if d.bump_missing:
            made = "the version did not change" if d.bump_made is None else f"the version only had a {d.bump_made} bump"
            out.append(f"  ! these changes need a {d.bump_needed} version bump, but {made}")
        subject = max(len(c.subject) for c in d.changes)
        kind = max(len(c.kind) for c in d.changes)
        bump = max(len(c.bump) for c in d.changes)
        out += [f"  {c.subject:<{subject}}  {c.kind:<{kind}}  {c.bump:<{bump}}  {_plain(c.detail)}".rstrip()
                for c in d.changes]
        out.append("")
    if result.effects:
        out.append("Effect on assessments")
        for e in result.effects:
            if e.before is None or e.after is None:
                out.append(f"  {_plain(e.path)}: not evaluated: {_plain(e.error or '')}")
                continue
            b, a = e.before.overall, e.after.overall
            delta = "" if a.evidenced is None or b.evidenced is None else f" ({a.evidenced - b.evidenced:+.1f})"
            out.append(f"  {_plain(e.path)}: claimed {_score(b.claimed)} -> {_score(a.claimed)}, "
                       f"evidenced {_score(b.evidenced)} -> {_score(a.evidenced)}{delta}, "
                       f"rating {_rating(e.before)} -> {_rating(e.after)}, gaps {b.total_gaps} -> {a.total_gaps}")
        out.append("")
    return "\n".join(out)


def _rating(report: Any) -> str:
    """The headline rating's ID; for one withheld for want of coverage, ``not rated (33 of 37 not
    applicable)``: a change of ``not_applicable_share`` shows what it does; ``—`` without one."""
    result = report.headline_result
    held = result.withheld if result is not None else None
    if held is not None and result is not None and result.fixed:  # at the lowest band, by answers alone
        why = "absolute breach" if result.fixed_by_breach else "critical duty unmet"
        return f"{report.rating} ({why}; {held.not_applicable} of {held.rules} not applicable)"
    if held is not None:
        return f"not rated ({held.not_applicable} of {held.rules} not applicable)"
    return str(report.rating or "—")


def _plain(value: str) -> str:
    """One line, no control character (a path or a text from content may hold anything)."""
    return one_line(value)


def render_json(result: DiffResult) -> str:
    """The same content as JSON."""

    def side(report: Any) -> dict[str, Any] | None:
        if report is None:
            return None
        o = report.overall
        return {"claimed": None if o.claimed is None else round(o.claimed, 2),
                "evidenced": None if o.evidenced is None else round(o.evidenced, 2),
                "rating": report.rating, "withheld": withheld_counts(report.headline_result.withheld if report.headline_result else None), "gaps": o.gaps, "critical_gaps": o.critical_gaps,
                "total_gaps": o.total_gaps, "total_critical_gaps": o.total_critical_gaps}

    data = {
        "old": result.old_label, "new": result.new_label,
        "rulesets": [{"id": d.id, "old_version": d.old_version, "new_version": d.new_version,
                      "bump_needed": d.bump_needed, "bump_made": d.bump_made, "bump_missing": d.bump_missing,
                      "changes": [{"subject": c.subject, "kind": c.kind, "detail": c.detail, "bump": c.bump}
                                  for c in d.changes]} for d in result.rulesets],
        "assessments": [{"path": e.path, "before": side(e.before), "after": side(e.after), "error": e.error}
                        for e in result.effects],
        "unreadable": [{"path": i.location.path, "line": i.location.line, "col": i.location.col, "code": i.code,
                        "message": i.message} for i in result.unreadable],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
