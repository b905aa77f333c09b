"""A plan followed up at the next round: Markdown, JSON data and an HTML section. Pure."""

from __future__ import annotations

import html
from typing import Any

from brecha.followup import ActionFollowUp, FollowUp, FollowUpState
from brecha.i18n import ntr, tr
from brecha.renderers.markdown import escape

__all__ = ["follow_up_data", "follow_up_html", "follow_up_markdown"]

_ORDER = (FollowUpState.OVERDUE, FollowUpState.OPEN, FollowUpState.DONE, FollowUpState.DROPPED)


def _state(state: FollowUpState, lang: str) -> str:
    return tr(f"followup.state.{state.value}", lang)


def _rows(result: FollowUp) -> list[Any]:
    return sorted(result.actions, key=lambda a: (_ORDER.index(a.state), a.action.due or "9999", a.action.id))


def _missing(action: Any, lang: str) -> str:
    """What a critical action lacks: ``no owner or due date``, ``no owner`` or ``no due date``."""
    if not action.owner and not action.due:
        return tr("followup.missing.both", lang)
    return tr("followup.missing.owner" if not action.owner else "followup.missing.due", lang)


def _unassigned(result: FollowUp, lang: str) -> str:
    """``Critical actions nobody is answerable for (2): A04 (no owner or due date), ...`` or ''."""
    if not result.unassigned:
        return ""
    items = ", ".join(f"{a.action.id} ({_missing(a.action, lang)})" for a in result.unassigned)
    return f"{ntr('followup.unassigned', len(result.unassigned), lang)}: {items}"


def _without(result: FollowUp, ident: str, title: str, lang: str) -> str:
    """``ID · title`` of a gap or weakness no action answers, and the plan's dropped actions on it:
    ``ID · title — action A06 dropped`` (a dropped action is not a forgotten one)."""
    ids = result.dropped(ident)
    if not ids:
        return f"{ident} · {title}"
    return f"{ident} · {title} — " + ntr("followup.dropped_action", len(ids), lang, ids=", ".join(ids))


def _missing_lines(result: FollowUp, lang: str) -> list[str]:
    """Every gap and weakness no action answers (or only a dropped one), the most urgent first."""
    return [*(_without(result, g.rule_id, g.title.get(lang), lang) for g in result.gaps_without_action),
            *(_without(result, w.id, w.title.get(lang), lang) for w in result.weaknesses_without_action)]


def _breaches(result: FollowUp, lang: str) -> str:
    """``‼ Absolute duties breached with no action in the plan (1): A · title`` ('' when none): said
    first, before the actions, as the most urgent thing the follow-up shows."""
    breaches = result.breaches_without_action
    if not breaches:
        return ""
    items = "; ".join(_without(result, g.rule_id, g.title.get(lang), lang) for g in breaches)
    return f"‼ {ntr('followup.breaches_without_action', len(breaches), lang)}: {items}"


def _overdue_breaches(result: FollowUp, lang: str) -> str:
    """``‼ Overdue action on an absolute duty breached (1): A02 on MX-ISN-08, due 2027-03-31``
    ('' when none): beside the breaches with no action, since the count of overdue actions alone
    hides that one of them is on a breach of the law."""
    items = result.overdue_on_breaches
    if not items:
        return ""
    listed = "; ".join(tr("followup.overdue_item", lang, id=a.action.id, rule=a.action.rule, due=a.action.due)
                       for a in items)
    return f"‼ {ntr('followup.overdue_on_breaches', len(items), lang)}: {listed}"


def _now(item: ActionFollowUp, lang: str) -> str:
    """Where what the action answers stands in this round: a gap ``still open`` or ``closed``; a
    weakness ``still detected`` or ``no longer detected``, as compare says it, never "closed": a
    pattern stops being detected as soon as one of its conditions stops holding, the others may
    remain."""
    if item.action.rule:
        if item.unconfirmed_na:  # out of the gaps by a self-declared exemption: never "closed"
            return tr("followup.gap.unconfirmed_na", lang)
        return tr("followup.gap.open" if item.gap_open else "followup.gap.closed", lang)
    return tr("weakness.found" if item.gap_open else "weakness.gone", lang)


def _done_but_open(result: FollowUp, lang: str) -> str:
    """``Marked done, but the gap is still open: A05`` (or the weakness still detected)."""
    items = result.done_but_open
    key = "followup.done_but_open" if all(a.action.rule for a in items) else "followup.done_but_open_found"
    return tr(key, lang, ids=", ".join(a.action.id for a in items))


def _state_cell(item: Any, lang: str) -> str:
    state = _state(item.state, lang)
    return f"{state} — {_missing(item.action, lang)}" if item.unassigned else state


def follow_up_markdown(result: FollowUp, lang: str) -> str:
    """The follow-up as a Markdown section: counts, then every action, then gaps without one."""
    out = [f"## {tr('followup.title', lang, made_on=result.plan_made_on, date=result.reference_date)}", ""]
    counts = [ntr(f"followup.count.{s.value}", result.count(s), lang) for s in _ORDER]
    out += [" · ".join(counts), ""]
    if result.breaches_without_action:
        out += [f"**{escape(_breaches(result, lang))}**", ""]
    if result.overdue_on_breaches:
        out += [f"**{escape(_overdue_breaches(result, lang))}**", ""]
    if result.done_but_open:
        out += [f"**{_done_but_open(result, lang)}**", ""]
    if result.unassigned:
        out += [f"**{escape(_unassigned(result, lang))}**", ""]
    if result.actions:
        out += [f"| ID | {tr('followup.col.about', lang)} | {tr('followup.col.state', lang)} | "
                f"{tr('followup.col.due', lang)} | {tr('followup.col.owner', lang)} | {tr('followup.col.gap', lang)} |",
                "|---|---|---|---|---|---|"]
        for item in _rows(result):
            action = item.action
            about = action.rule or action.weakness or ""
            gap = _now(item, lang)
            out.append(f"| {escape(action.id)} | {escape(about)} | {_state_cell(item, lang)} | {escape(action.due or '—')} "
                       f"| {escape(action.owner or '—')} | {gap} |")
        out.append("")
    missing = _missing_lines(result, lang)
    out.append(f"### {ntr('followup.without_action', len(missing), lang)}")
    out.append("")
    out += [f"- {escape(line)}" for line in missing] or [tr("followup.none", lang)]
    return "\n".join(out) + "\n"


def follow_up_data(result: FollowUp) -> dict[str, Any]:
    """The follow-up as JSON-shaped data (the report's ``plan_follow_up``)."""
    return {
        "plan_made_on": result.plan_made_on,
        "reference_date": result.reference_date,
        "counts": {s.value: result.count(s) for s in FollowUpState},
        "actions": [{"id": a.action.id, "rule": a.action.rule, "weakness": a.action.weakness,
                     "state": a.state.value, "status": a.action.status.value, "due": a.action.due,
                     "owner": a.action.owner, "gap_open": a.gap_open, "critical": a.critical,
                     "unassigned": a.unassigned} for a in result.actions],
        "gaps_without_action": [g.rule_id for g in result.gaps_without_action],
        "weaknesses_without_action": [w.id for w in result.weaknesses_without_action],
    }


def follow_up_html(result: FollowUp, lang: str) -> str:
    """The follow-up as an HTML section (every user text escaped)."""
    e = html.escape
    out = [f"<section id=\"plan-follow-up\"><h2>{e(tr('followup.title', lang, made_on=result.plan_made_on, date=result.reference_date))}</h2>",
           "<p>" + e(" · ".join(ntr(f"followup.count.{s.value}", result.count(s), lang) for s in _ORDER)) + "</p>"]
    if result.breaches_without_action:
        out.append(f'<p class="crit"><strong>{e(_breaches(result, lang))}</strong></p>')
    if result.overdue_on_breaches:
        out.append(f'<p class="crit"><strong>{e(_overdue_breaches(result, lang))}</strong></p>')
    if result.done_but_open:
        out.append(f"<p><strong>{e(_done_but_open(result, lang))}</strong></p>")
    if result.unassigned:
        out.append(f"<p><strong>{e(_unassigned(result, lang))}</strong></p>")
    if result.actions:
        heads = ["ID", tr("followup.col.about", lang), tr("followup.col.state", lang), tr("followup.col.due", lang),
                 tr("followup.col.owner", lang), tr("followup.col.gap", lang)]
        # in the report's scroll box: six columns do not fit a phone's width, and the page must not overflow
        out.append('<div class="scroll"><table><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in heads)
                   + "</tr></thead><tbody>")
        for item in _rows(result):
            a = item.action
            cells = [a.id, a.rule or a.weakness or "", _state_cell(item, lang), a.due or "—", a.owner or "—",
                     _now(item, lang)]
            out.append(f"<tr class=\"{item.state.value}\">" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table></div>")
    missing = _missing_lines(result, lang)
    out.append(f"<h3>{e(ntr('followup.without_action', len(missing), lang))}</h3>")
    out.append("<ul>" + "".join(f"<li>{e(m)}</li>" for m in missing) + "</ul>" if missing
               else f"<p>{e(tr('followup.none', lang))}</p>")
    out.append("</section>")
    return "\n".join(out) + "\n"
