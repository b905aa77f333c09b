"""One page per institution as printable HTML (A4), for validation workshops. Pure.

Beside every score the page shows what its level means: the rating ladder with the band
reached, each stage's band, and each answer's scale level against the target's, with what
the answer means for the duty (a level counted lower for want of evidence is named, never
described as a practice). It prints on one A4 sheet and fits a phone's
width (tests/test_page.py measures both in a browser). Every text from the assessment and
the rule sets is HTML-escaped; the page has no external asset.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _html

from brecha.i18n import ntr, tr
from brecha.model import Text
from brecha.renderers._safe import translator, visible
from brecha.renderers._sections import (
    breach_alert_key,
    fixed_key,
    fixed_lead,
    none_found,
    nothing_urgent,
    review_first,
    withheld_line,
)
from brecha.workshop import CapLine, Item, LevelText, Page

__all__ = ["render_html"]

Tr = Callable[[Text | None], str]


def _esc(value: str) -> str:
    return _html(visible(value))


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


_CSS = """
@page{size:A4;margin:8mm 10mm}*{box-sizing:border-box}
body{font:9pt/1.25 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;margin:0 auto;max-width:190mm;
padding:8px;overflow-wrap:break-word}h1{font-size:13pt;margin:0 0 2px}h2{font-size:10pt;margin:6px 0 2px;border-bottom:1.5px solid #d9dee7}
.muted{color:#5b6475}.banner{background:#fef0c7;border:1px solid #fec84b;padding:2px 8px;border-radius:4px;font-weight:600;
font-size:9pt;display:inline-block}.top{display:grid;grid-template-columns:minmax(0,30%) minmax(0,1fr);gap:12px;align-items:start}
.big{font-size:24pt;font-weight:700;line-height:1}.bigword{font-size:16pt;font-weight:700;line-height:1.15;margin:2px 0}.withheld{background:#fef0c7;border:1px solid #b54708;padding:3px 6px;margin:4px 0;font-size:8.5pt;line-height:1.25}.breach{color:#b42318;font-size:8.5pt;line-height:1.25;border:1px solid #b42318;padding:3px 6px;margin:4px 0}.cap{color:#b42318;font-size:8pt;line-height:1.2}
.ladder{display:flex;border:1px solid #d9dee7;border-radius:4px;overflow:hidden;font-size:8.5pt}
.ladder div{flex:1 1 0;min-width:0;padding:3px 5px;border-right:1px solid #d9dee7}.ladder div:last-child{border-right:0}
.ladder .on{background:#1d2433;color:#fff;font-weight:700}.ladder .reach{outline:2px dashed #b54708;outline-offset:-3px}
table{border-collapse:collapse;width:100%;font-size:9pt}td,th{padding:1px 5px;border-bottom:1px solid #eef0f4;
text-align:left;vertical-align:top}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.bar{background:#f2f4f7;height:8px;border-radius:2px;min-width:40px}.bar span{display:block;height:8px;border-radius:2px;
background:#3e63dd;-webkit-print-color-adjust:exact;print-color-adjust:exact}.two{columns:2;column-gap:14px}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px}
.item{margin:0 0 4px;break-inside:avoid}b.id{font-family:ui-monospace,monospace;font-size:9pt;white-space:nowrap}
.weak{margin:0 0 2px;break-inside:avoid}h2 .none{font-size:9pt;font-weight:400;color:#5b6475}.crit{color:#b42318;font-weight:700}.lv{font-size:8pt}.lv i{color:#5b6475}
p{margin:2px 0}ul{margin:2px 0;padding-left:16px}footer{margin-top:8px;font-size:8pt;color:#5b6475}
@media screen and (max-width:600px){.top,.cols{grid-template-columns:minmax(0,1fr)}.two{columns:1}
.ladder{flex-direction:column}.ladder div{border-right:0;border-bottom:1px solid #d9dee7}.ladder div:last-child{border-bottom:0}}
@media print{body{max-width:none;padding:0}.item,tr{break-inside:avoid}}
"""


def _level(level: LevelText | None, t: Tr) -> str:
    """A level's label and, in italics, what it means for the rule."""
    if level is None:
        return ""
    text = t(level.label)
    if level.description is not None:
        text += f" <i>— {t(level.description)}</i>"
    return text


def _levels(item: Item, lang: str, t: Tr) -> list[str]:
    """The answer against the target, with what the answer given means for the rule.

    The answer is described in the rule's own words for that level where it has them, else the
    scale's, as ``assess`` offers them. A level counted lower for want of evidence is named by its
    label beside the answer's, and said to be for want of evidence, asserting nothing about
    practice («Respuesta: Siempre · Cuenta como: A veces (falta evidencia; no se afirma que
    ocurra)»): the institution never admitted that level, so its description (a practice) is not
    shown. The target follows by its label where it is its scale's top (always, monitored: the
    action says what reaching it takes), else on its own line with what it means. Levels nobody
    describes share one line with what the scale measures."""
    def name(key: str) -> str:
        return _esc(tr(key, lang))

    described = item.answer
    if item.answer is None:
        line = f"{name('page.answer')}: {name('page.unanswered')}"
    elif item.counted is not None:
        described = None
        line = (f"{name('page.answer')}: {t(item.answer.label)} · {name('page.counted')}: {t(item.counted.label)}"
                f" <i>({name('page.counted_no_evidence')})</i>")
    else:
        line = f"{name('page.answer')}: {_level(item.answer, t)}"
    target = item.target
    if not any(lv is not None and lv.description is not None for lv in (described, target)):
        return [f"{line} → {name('page.target')}: {t(target.label)} <i>({t(item.scale)})</i>"]
    if item.target_is_top:
        return [f"{line} → {name('page.target')}: {t(target.label)}"]
    return [line, f"{name('page.target')}: {_level(target, t)}"]


def _item(item: Item, lang: str, t: Tr, *, evidence: bool = False) -> str:
    """An answer to act on: its levels with what they mean, then the action and who else acts."""
    crit = f' <span class="crit">{_esc(tr("page.critical", lang))}</span>' if item.critical else ""
    ids = _esc(item.rule_id) if not item.same_duty else _esc(tr(
        "rules.joined", lang, first=", ".join((item.rule_id, *item.same_duty[:-1])), last=item.same_duty[-1]))
    lines = [f'<div class="item"><b class="id">{ids}</b> {t(item.title)}{crit}']
    lines += [f'<div class="lv">{line}</div>' for line in _levels(item, lang, t)]
    if evidence and item.evidence_needed is not None:
        lines.append(f'<div class="lv">{_esc(tr("page.evidence_needed", lang))}: {t(item.evidence_needed)}</div>')
    if not evidence and item.evidence_gap:  # the action is the evidence, the institution's own to gather
        action = f"{_esc(tr('action.unsupported', lang))} {t(item.evidence_needed) or t(item.action)}"
        lines.append(f'<div>→ {action} <span class="muted">({_esc(tr("page.also", lang))}: '
                     f'{_esc(tr("only_you.evidence", lang))})</span></div>')
    elif not evidence:  # who else must act, as the report says it: the others, or nobody else
        names = [_esc(short) if short else t(name) for short, name in zip(item.also, item.also_names, strict=True)]
        also = ", ".join(names) or _esc(tr("page.only_you.separately" if item.held_separately else "page.only_you", lang))
        lines.append(f'<div>→ {t(item.action)} <span class="muted">({_esc(tr("page.also", lang))}: {also})</span></div>')
    return "".join(lines) + "</div>"


def _confirm_first(page: Page, lang: str, t: Tr) -> str:
    """"Confirm first": the not-applicable answers the ratings wait on, critical ones first, in one
    paragraph (the page has little room to spare); those that do not fit counted ("" when the
    ratings wait on none)."""
    if not page.confirm_first:
        return ""
    crit = f' <span class="crit">{_esc(tr("page.critical_duty", lang))}</span>'
    items = "; ".join(f'<b class="id">{_esc(n.rule_id)}</b> {t(n.title)}{crit if n.critical else ""}'
                      for n in page.confirm_first)
    more = f"; {_esc(ntr('page.more', page.more_confirm_first, lang))}" if page.more_confirm_first else "."
    # where a rating is withheld, the line above already says why and what to do with them
    why = "" if page.source and review_first(page.source, lang) else \
        f' <span class=muted>({_esc(tr("page.confirm_first.why", lang))})</span>'
    return f'<p><b>{_esc(tr("page.confirm_first", lang))}</b>{why}: {items}{more}</p>'


def _joined(ids: tuple[str, ...], lang: str) -> str:
    return ids[0] if len(ids) == 1 else tr("rules.joined", lang, first=", ".join(ids[:-1]), last=ids[-1])


def _cap(cap: CapLine, lang: str, t: Tr) -> str:
    """Why the rating is held down, in full (it wraps): breaches by their IDs, as they are named in
    full with their law just below; anything else in words."""
    why = t(cap.text) if cap.text is not None else _esc(
        ntr("page.capped_breaches", len(cap.rules), lang, rules=_joined(cap.rules, lang)))
    return f'<div class="cap">{_esc(tr("page.capped", lang))}: {why}</div>'


def render_html(page: Page, lang: str) -> str:
    """The page in ``lang``: headline and ladder, stages, fix first, weaknesses, evidence gaps."""
    t = translator(lang, _esc, lambda m: f'<span class="muted">{_esc(m)}</span>')
    parts = [f'<!DOCTYPE html><html lang="{_esc(lang)}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{_esc(tr('page.title', lang))} — {_esc(page.institution_name)}</title>"
             f"<style>{_CSS}</style></head><body>"]
    if page.illustrative:
        parts.append(f'<p class="banner">{_esc(tr("illustrative", lang))}</p>')
    meta = f"{t(page.institution_type)} · {t(page.institution_level)}"
    if page.jurisdiction:
        meta += f" · {_esc(page.jurisdiction)}"
    meta += f" · {_esc(tr('assessed_on', lang))} {_esc(page.assessed_on)}"
    if page.round:
        meta += f" · {_esc(page.round)}"
    parts.append(f"<h1>{_esc(page.institution_name)}</h1><div class=muted>{meta}</div>")
    result = page.source.headline_result if page.source else None
    withheld = result is not None and result.withheld is not None
    rating = _esc(tr("rating_withheld", lang)) if withheld else t(page.rating) if page.rating else "—"
    if result is not None and result.fixed:  # withheld, but answers alone fix the band (a breach, a duty unmet)
        rating = f"{t(result.rating_label)} ({_esc(tr(fixed_key(result, 'rating_withheld'), lang))})"
    elif result is not None and result.at_most_label is not None:  # never reads better than its caps hold
        rating += f" ({_esc(tr('rating_withheld_at_most', lang, band=result.at_most_label.get(lang)))})"
    if page.provisional:
        rating += f" ({_esc(tr('rating_provisional', lang))})"
    caps = "".join(_cap(cap, lang, t) for cap in page.capped_by)
    if page.provisional:
        caps += (f'<div class="cap">{_esc(tr("page.provisional", lang))}'
                 f' {t(page.if_confirmed) if page.if_confirmed else "—"}</div>')
    # the legend explains the dashed border only where there is one
    note = "page.ladder_note" if any(r.reached and not r.rating for r in page.ladder) else "page.ladder_note_rating"
    ladder = "".join(
        f'<div class="{"on" if r.rating else ""}{" reach" if r.reached and not r.rating else ""}">{t(r.label)}<br>'
        f'<span>{r.low:.0f}–{(r.high if r.high is not None else 100):.0f}</span></div>' for r in page.ladder)
    if result is not None and result.withheld is not None:
        # a score over a few duties is never the large figure, nor set beside the ladder, where it
        # would fall in a band: the rating (none, or the band a breach fixes) is, the score small
        # with what it rests on; the ladder is left out (no band is marked on it)
        over = ntr("page.score_over_coverage" if result.fixed else "page.score_over", result.withheld.scored,
                   lang, rules=result.withheld.rules)
        headline = (f'<div class=muted>{_esc(tr("rating", lang))} ({_esc(page.ruleset_id or "—")})</div>'
                    f'<div class="bigword">{rating}</div>'
                    f'<div class=muted>{_esc(tr("page.score", lang))}: {_n(page.evidenced)} {_esc(over)} · '
                    f'{_esc(tr("page.claimed", lang, score=_n(page.claimed)))}</div>')
        scale = ""
    else:
        headline = (f'<div class=muted>{_esc(tr("page.score", lang))} ({_esc(page.ruleset_id or "—")})</div>'
                    f'<div class="big">{_n(page.evidenced)}</div>'
                    f'<div class=muted>{_esc(tr("page.claimed", lang, score=_n(page.claimed)))}</div>'
                    f'<div><b>{_esc(tr("rating", lang))}: {rating}</b></div>')
        scale = (f'<div class=muted>{_esc(tr("page.ladder", lang))}</div><div class="ladder">{ladder}</div>'
                 f'<div class=muted style="font-size:8pt;line-height:1.2">{_esc(tr(note, lang))}</div>')
    parts.append('<div class="top"><div>' + headline +
                 f'<div class=muted>{_esc(ntr("count.gaps", page.gaps, lang))} · '
                 f'{_esc(ntr("count.critical_gaps", page.critical_gaps, lang))}'
                 + (f' · {_esc(ntr("count.awaiting", page.awaiting, lang))}' if page.awaiting else "")
                 + '</div></div>'
                 f'<div>{scale}{caps}</div></div>')
    if result is not None and withheld:  # why there is no rating, what the score is over, what to do
        parts.append(f'<div class="withheld">⚠ {_esc(withheld_line(result, lang))}</div>')
    if page.breaches:  # an admitted breach of the law, in any rule set, whatever the rating: in full
        heading = ntr(breach_alert_key(page.breaches_in_law, page.breaches_partly_in_law), page.breached_duties, lang)
        parts.append(f'<div class="breach" id="breaches"><b>‼ {_esc(heading)}'
                     '</b>' + "".join(f"<div>{t(b)}</div>" for b in page.breaches) + "</div>")
    rows = "".join(
        # a withheld rating: no bar or score over the few duties answered, how many of them instead
        f"<tr><td>{t(s.label)}</td><td style='width:28%'><div class=bar></div></td><td class=num>—</td>"
        f"<td>{_esc(ntr('breakdown.withheld', s.rules, lang, answered=s.answered).removeprefix('— '))}</td></tr>"
        if s.withheld else
        f"<tr><td>{t(s.label)}</td><td style='width:28%'><div class=bar><span style='width:{max(0.0, min(100.0, s.evidenced or 0)):.0f}%'>"
        f"</span></div></td><td class=num>{_n(s.evidenced)}</td><td>{t(s.band) if s.band else '—'}</td></tr>"
        for s in page.stages)
    parts.append(f"<h2>{_esc(tr('page.stages', lang))}</h2><table>{rows}</table>")
    # as the report opens: an admitted breach of an absolute duty first; then, where a rating is
    # withheld, its not-applicable answers to review and to confirm; then the other actions; with
    # none, what the report says instead (nothing urgent, or what to check first)
    review = "".join(f"<p><b>{_esc(line)}</b></p>" for line in review_first(page.source, lang)) if page.source else ""
    breached = min(fixed_lead(page.source), len(page.fix_first)) if page.source else 0
    confirm = _confirm_first(page, lang, t)
    items = [_item(i, lang, t) for i in page.fix_first]
    if review and breached:  # in the columns, just after the action on what fixes it («Revise también …»)
        first, fix = "", "".join(items[:breached]) + review + confirm + "".join(items[breached:])
    elif review:  # the whole width, above the actions, with what to confirm under it
        first, fix = review + confirm, "".join(items)
    else:  # the not-applicable answers to confirm lead the columns, where their uneven ends leave room
        first, fix = "", confirm + "".join(items)
    if not fix and not first:
        fix = f"<p>{_esc(nothing_urgent(page.source, lang, t) if page.source else tr('page.none', lang))}</p>"
    parts.append(f'<h2>{_esc(tr("page.fix_first", lang))}</h2>{first}' + (f'<div class="two">{fix}</div>' if fix else ""))
    # weaknesses and evidence gaps side by side; a list alone takes the whole width in two
    # columns (a weakness is one line), and an empty one a line
    weak = "".join(f'<div class="weak"><b>{t(w.title)}</b> <span class=muted>({t(w.criticality)})</span></div>'
                   for w in page.weaknesses)
    evid = "".join(_item(i, lang, t, evidence=True) for i in page.evidence_gaps)
    both = bool(weak and evid)
    lists = []
    for title, shown, more in (("page.weaknesses", weak, page.more_weaknesses),
                               ("page.evidence_gaps", evid, page.more_evidence_gaps)):
        if not shown:  # on the heading's line; withheld, none is detectable while the answers wait
            empty = (none_found(page.source, lang) if page.source else "") or tr("page.none", lang)
            lists.append(f'<h2>{_esc(tr(title, lang))} <span class="none">{_esc(empty)}</span></h2>')
            continue
        body = shown if both else f'<div class="two">{shown}</div>'
        if more:
            body += f"<p class=muted>{_esc(ntr('page.more', more, lang))}</p>"
        lists.append(f"<h2>{_esc(tr(title, lang))}</h2>{body}")
    parts.append(f'<div class="cols"><div>{lists[0]}</div><div>{lists[1]}</div></div>' if both else "".join(lists))
    version = f"{page.ruleset_id} {page.ruleset_version}" if page.ruleset_id and page.ruleset_version else ""
    parts.append(f"<footer>{_esc(tr('page.footer', lang, ruleset=version))}</footer></body></html>\n")
    return "".join(parts)
