"""The gap report as one self-contained HTML page: printable, readable on a phone. Pure."""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _html
from urllib.parse import urlsplit

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
    levels,
    no_gaps,
    no_information,
    none_found,
    nothing_urgent,
    provisional_line,
    rating_text,
    review_first,
    rule_ids,
    score_label,
    withheld_line,
    withheld_reason,
)
from brecha.report import EvidenceItem, Gap, GapReport, Score, ScoreLine

__all__ = ["render", "safe_link"]

Tr = Callable[[Text | None], str]


def _esc(value: str) -> str:
    return _html(visible(value))

_CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dee7;--bad:#b42318;--warn:#b54708;--ok:#067647;--bar:#3e63dd;--bar2:#9db1f5}
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
margin:0 auto;max-width:960px;padding:16px;overflow-wrap:break-word}h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin-top:1.6em;
border-bottom:2px solid var(--line)}h3{font-size:1.05rem;margin-bottom:.3em}.muted{color:var(--muted)}
.banner{background:#fef0c7;border:1px solid #fec84b;padding:.5em .8em;border-radius:6px;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.card{flex:1 1 180px;border:1px solid var(--line);
border-radius:8px;padding:10px 14px}.card b{display:block;font-size:1.6rem}.capped{color:var(--bad);font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid var(--line);padding:6px 8px;
text-align:left;vertical-align:top}td.num,th.num{text-align:right;white-space:nowrap}.crit{color:var(--bad);font-weight:700}
.gap{border-left:4px solid var(--bad);padding:4px 12px;margin:10px 0}.weak{border-left:4px solid var(--warn);padding:4px 12px;
margin:10px 0}ul.prov{margin:.3em 0;padding-left:1.2em;font-size:.92rem;color:var(--muted)}code{font-size:.9em;white-space:nowrap}code.fp{white-space:normal;overflow-wrap:anywhere}
.chart .row{display:grid;grid-template-columns:minmax(0,38%) 1fr 8.5em;gap:8px;align-items:center;margin:6px 0}
.chart .lbl{overflow-wrap:anywhere}.track{background:#f2f4f7;border-radius:3px;padding:2px 0}.track span{display:block;
height:9px;margin:1px 0;border-radius:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}.b1{background:var(--bar2)}
.b2{background:var(--bar)}.val{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.scroll{overflow-x:auto}
.val.none{grid-column:2/-1;text-align:left;white-space:normal;color:var(--muted)}
.legend span{display:inline-block;width:12px;height:12px;
margin:0 4px 0 12px;vertical-align:middle}footer{margin-top:2em;font-size:.85rem;color:var(--muted)}
.legend span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media (max-width:600px){body{font-size:15px;padding:10px}th,td{padding:4px}.chart .row{grid-template-columns:1fr 7.5em}
.chart .lbl{grid-column:1/-1;margin-bottom:-4px}.val.none{grid-column:1/-1}table{font-size:.9rem}}
.appendix>h2:first-child{border-bottom:3px double var(--line)}ul.brief{padding-left:1.2em}ul.brief li{margin:.2em 0}
@media print{@page{size:A4;margin:16mm 14mm}body{max-width:none;font-size:10.5pt;padding:0}
.appendix{break-before:page}h2,h3{break-after:avoid}.gap,.weak,tr,.row,.card,li{break-inside:avoid}
a{color:inherit;text-decoration:none}.scroll{overflow:visible}}
"""


def render(report: GapReport, lang: str) -> str:
    """Render the report in ``lang``; every piece of user text is HTML-escaped."""

    t = translator(lang, _esc, lambda m: f'<span class="muted">{_esc(m)}</span>')

    def e(value: str | None) -> str:
        return _esc(value or "")

    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{e(tr('report.title', lang))} — {e(report.institution_name)}</title>"
             f"<style>{_CSS}</style></head><body>"]
    if report.illustrative:
        parts.append(f'<p class="banner">{e(tr("illustrative", lang))}</p>')
    parts.append(f"<h1>{e(tr('report.title', lang))}: {e(report.institution_name)}</h1>")
    meta = f"{t(report.institution_type.name)} · {t(report.institution_level.name)}"
    if report.jurisdiction:
        meta += f" · {e(report.jurisdiction)}"
    meta += f"<br>{e(tr('assessed_on', lang))}: {e(report.assessed_on)}"
    if report.round:
        meta += f" · {e(tr('round', lang))}: {e(report.round)}"
    if report.assessors:
        meta += f"<br>{e(tr('assessors', lang))}: " + ", ".join(
            e(name) + (f" ({e(role)})" if role else "") for name, role in report.assessors)
    parts.append(f'<p class="muted" id="meta">{meta}<br>{e(tr("rulesets", lang))}: '
                 + ", ".join(f"{e(d.id)} {e(d.version)}" for d in report.rulesets)
                 + f" · {e(tr('report.generated_by', lang, version=__version__))}</p>")
    if report.institution_categories:
        parts.append(f'<p class="muted">{e(tr("categories", lang))}: '
                     + ", ".join(t(c.name) for c in report.institution_categories) + "</p>")
    alert = breach_alert(report, lang)
    if alert:  # an admitted breach of the law heads the report, whatever the ratings
        parts.append(f'<div class="banner" id="breaches"><b>⚠ {e(alert)}:</b><ul>'
                     + "".join(f"<li>{item}</li>" for item in breach_items(report, lang, t)) + "</ul></div>")
    def listed(gaps: tuple[Gap, ...], start: int = 1) -> str:
        items = "".join(
            f'<li><b>{rule_ids(g, lang, lambda r: f"<code>{e(r)}</code>")}'
            f'{" <span class=crit>!</span>" if g.critical else ""} {t(g.title)}</b>'
            f"<br>{answer(g, lang, t)}<br>{action(g, lang, t)}<br><i>{also(g, lang, t)}</i></li>" for g in gaps)
        return (f'<ol start="{start}">' if start > 1 else "<ol>") + f"{items}</ol>" if items else ""

    # an admitted breach of an absolute duty first; then, where a rating is withheld, its
    # not-applicable answers to review; then the other actions
    breached = fixed_lead(report)
    review = "".join(f"<p><b>{e(line)}</b></p>" for line in review_first(report, lang))
    opening = (listed(report.fix_first[:breached]) + review + listed(report.fix_first[breached:], breached + 1))
    parts.append(f'<section id="fix-first" class="gap"><h2>{e(tr("fix_first", lang))}</h2>'
                 + (opening if report.fix_first or review else "" if any(r.withheld for r in report.results)
                    else f"<p>{e(nothing_urgent(report, lang, t))}</p>")
                 + (f"<p><b>{answer_first(report, lang, t)}</b></p>" if report.answer_first else "")
                 + (f"<p><b>{confirm_first(report, lang, t)}</b></p>" if confirm_first(report, lang, t) else "")
                 + "</section>")
    parts.append(f'<h2>{e(tr("judgment", lang))}</h2><div class="cards">')
    for result in sorted(report.results, key=lambda r: not r.headline):
        sc = result.score
        rating = rating_text(result, lang, t) if result.rating_label else e(rating_text(result, lang, t))
        capped = f'<div class="capped">{e(tr("rating_capped", lang))}</div>' if result.capped else ""
        if result.withheld:
            capped += f'<div class="capped">{e(withheld_reason(result, lang))}</div>'
        elif result.provisional:
            capped += f'<div class="capped">{e(tr("rating_provisional", lang))}</div>'
        mark = f" · {e(tr('headline_mark', lang))}" if result.headline else ""
        ident = ' id="rating"' if result.headline else ""
        score_id = ' id="score"' if result.headline else ""
        parts.append(f'<div class="card"{ident}>{e(tr("rating", lang))} ({e(result.id)}{mark})<b>{rating}</b>{capped}'
                     f'<span{score_id}>{e(score_label(result, lang))}: {pct(sc.claimed)} {e(tr("claimed", lang))} · '
                     f'{pct(sc.evidenced)} {e(tr("evidenced", lang))}</span><br>{e(counts(sc, lang, len(result.awaiting)))}<br><span class="muted">'
                     + e(" · ".join((ntr("count.rules", sc.rules, lang), ntr("count.answered", sc.answered, lang),
                                     ntr("count.not_applicable", sc.not_applicable, lang),
                                     ntr("count.unanswered", sc.unanswered, lang)))) + "</span></div>")
    parts.append(f'</div><p><i>{e(headline_reason(report, lang))}</i></p>')
    capped_results = [r for r in report.results if r.caps]
    if capped_results:
        parts.append(f'<h2 class="crit">{e(tr("caps", lang))}</h2>')
        for result in capped_results:
            sentence, lines = cap_lines(result, lang, t)
            parts.append(f"<p>{sentence}</p><ul>" + "".join(f"<li><b>{limit}</b> {reason}</li>"
                                                             for limit, reason in lines) + "</ul>")
    for result in (r for r in report.results if r.provisional and not r.withheld):
        parts.append(f'<p class="banner" id="provisional-{e(result.id)}">⚠ {provisional_line(result, lang, t)}</p>')
    for result in (r for r in report.results if r.withheld):
        parts.append(f'<p class="banner" id="withheld-{e(result.id)}">⚠ {e(withheld_line(result, lang))}</p>')
    loud = [n for n in report.notices if n.loud]
    if loud:
        parts.append(f'<h2 class="crit">⚠ {e(tr("loud_notices", lang))} ({len(loud)})</h2>'
                     + "".join(f'<p class="banner">{t(n.message)}</p>' for n in loud))
    if report.evidence_gaps:
        parts.append(f"<h2>{e(tr('evidence_gaps', lang))} ({len(report.evidence_gaps)})</h2>"
                     f'<p class="muted">{e(tr("evidence_gaps.lead", lang))}</p><ul>'
                     + "".join(f'<li><b><code>{e(g.rule_id)}</code>{" <span class=crit>!</span>" if g.critical else ""}'
                               f" {t(g.title)}</b> — {answer(g, lang, t)}<br>{e(tr('evidence_needed', lang))}: "
                               f"{t(g.evidence_needed) or '—'}</li>" for g in report.evidence_gaps) + "</ul>")
    elif none_found(report, lang):  # withheld: none detectable while the answers wait, not "none"
        parts.append(f"<h2>{e(tr('evidence_gaps', lang))}</h2><p>{e(none_found(report, lang))}</p>")
    if report.coordination:
        rows = "".join(
            f"<tr><td>{t(c.actor.name)}</td><td>{e(ntr('coordination.rules', len(c.rules), lang))}"
            + (f" ({e(ntr('coordination.critical', c.critical, lang))})" if c.critical else "")
            + f": {', '.join(f'<code>{e(r)}</code>' for r in c.rules)}</td></tr>" for c in report.coordination)
        parts.append(f"<h2>{e(tr('coordination', lang))}</h2><p class=\"muted\">{e(tr('coordination.lead', lang))}</p>"
                     f'<div class="scroll"><table><tbody>{rows}</tbody></table></div>')
    for result in report.results:
        if result.by_phase:
            parts.append(f"<h2>{e(tr('by_phase_of', lang, id=result.id))}</h2>"
                         + (_table(result.by_phase, lang, t, withheld=True) if result.withheld is not None
                            else _chart(result.by_phase, lang, t)))  # withheld: no bar over the few duties left
    if report.by_standard:
        withheld = any(r.withheld is not None for r in report.results)
        parts.append(f"<h2>{e(tr('by_standard', lang))}</h2>{_table(report.by_standard, lang, t, withheld=withheld)}"
                     f'<p class="muted"><i>{e(tr("by_standard.caption", lang))}</i></p>')
    crit = critical_gaps(report)
    if crit:  # in the summary: one line each, linked to the detail in the appendix
        parts.append(f'<h2 class="crit">{e(tr("critical_gaps", lang))} ({e(critical_count(report, lang))})</h2><ul class="brief">'
                     + "".join(f'<li><a href="#gap-{e(g.rule_id)}"><code>{e(g.rule_id)}</code></a> {t(g.title)} — '
                               f"{levels(g, lang, t)}</li>" for g in crit) + "</ul>")
    parts.append(f'<section class="appendix" id="appendix"><h2>{e(tr("report.appendix", lang))}</h2>'
                 f'<p class="muted">{e(tr("report.appendix_lead", lang))}</p>')
    if crit:
        parts.append(f'<h2 class="crit">{e(tr("critical_gaps", lang))} ({e(critical_count(report, lang))})</h2>')
        parts.extend(_gap_block(g, lang, t, e) for g in crit)
    parts.append(f"<h2>{e(tr('all_gaps', lang))}</h2>")
    if not report.all_gaps:
        parts.append(f"<p>{e(no_gaps(report, lang))}</p>")
    else:
        rows = "".join(
            f'<tr><td><code>{e(g.rule_id)}</code>{" <span class=crit>!</span>" if g.critical else ""}</td>'
            f"<td>{given(g, lang, t)} → {t(g.target_label)}</td>"
            f'<td class="num">{g.priority:.2f}</td><td><b>{t(g.title)}</b>: {action(g, lang, t)}'
            f'<br><span class="muted">{also(g, lang, t)}</span></td></tr>' for g in report.all_gaps)
        parts.append(f"<div class=\"scroll\"><table><thead><tr><th>{e(tr('rule', lang))}</th>"
                     f"<th>{e(tr('answer', lang))} → {e(tr('target', lang))}</th>"
                     f'<th class="num">{e(tr("priority", lang))}</th><th>{e(tr("action", lang))}</th></tr>'
                     f"</thead><tbody>{rows}</tbody></table></div>")
    if not report.weaknesses and none_found(report, lang):  # withheld: none detectable while the answers wait
        parts.append(f"<h2>{e(tr('weaknesses', lang))}</h2><p>{e(none_found(report, lang))}</p>")
    if report.weaknesses:
        parts.append(f"<h2>{e(tr('weaknesses', lang))} ({len(report.weaknesses)})</h2>")
        for w in report.weaknesses:
            parts.append(f'<div class="weak"><h3><code>{e(w.id)}</code> {t(w.title)}</h3><p>{t(w.description)}</p>'
                         f"<p><i>{e(tr('recommendation', lang))}:</i> {t(w.recommendation)}</p>"
                         f'<p class="muted">{e(tr("triggered_by", lang))}: {e(", ".join(w.triggered_by))}'
                         + (f" · {e(tr('sources', lang))}: {e(', '.join(w.sources))}" if w.sources else "")
                         + "</p></div>")
    for key, rows_ in (
        ("unanswered_rules", [f"<code>{e(u.rule_id)}</code> {t(u.title)}" for u in report.unanswered]),
        ("not_applicable_rules", [f"<code>{e(n.rule_id)}</code> {t(n.title)}"
                                  + (f" ({e(tr('critical', lang))})" if n.critical else "")
                                  + f" — {e(n.justification)}{confirmation(n, lang, e)}"
                                  for n in report.not_applicable]),
        ("report.evidence_given", [f"<code>{e(line.rule_id)}</code> {t(line.title)}<ul>"
                                   + "".join(f"<li>{_evidence_item(item, lang)}</li>" for item in line.items) + "</ul>"
                                   for line in report.evidence]),
        ("notices", [t(n.message) for n in report.notices if not n.loud]),
        ("sources", [f"<code>{e(s.id)}</code> {e(s.title)}" + (f", {e(s.publisher)}" if s.publisher else "")
                     + (f" ({e(s.date)})" if s.date else "") + (f" — {e(s.address)}" if s.address else "")
                     for s in report.sources]),
    ):
        if rows_:
            parts.append(f"<h2>{e(tr(key, lang))} ({len(rows_)})</h2><ul>"
                         + "".join(f"<li>{r}</li>" for r in rows_) + "</ul>")
    parts.append("</section>")
    parts.append(f"<footer><p>{e(tr('method', lang))}</p><p>{e(tr('fingerprints', lang))}: "
                 + ", ".join(f'{e(d.id)} {e(d.version)} <code class="fp">{e(d.fingerprint)}</code>'
                             for d in report.rulesets)
                 + f"</p><p>{e(tr('report.generated_by', lang, version=__version__))}</p></footer></body></html>\n")
    return "".join(parts)


def safe_link(link: str | None) -> str | None:
    """A link that may be followed from a report: http or https, with a host, nothing that breaks out."""
    if not link or any(ord(c) <= 0x20 or c in '"<>\\`' or not c.isprintable() for c in link):
        return None
    parts = urlsplit(link)
    return link if parts.scheme in ("http", "https") and parts.netloc else None


def _evidence_item(item: EvidenceItem, lang: str) -> str:
    title = _esc(item.title)
    link = safe_link(item.link)
    out = f'<a href="{_html(link, quote=True)}" rel="noopener noreferrer">{title}</a>' if link else title
    if item.link and not link:
        out += f" — {_esc(item.link)}"  # shown, never followed
    if item.date:
        out += f" ({_esc(item.date)})"
    if item.file:
        out += f" — <code>{_esc(item.file)}</code>"
    if item.verified_by:
        out += f" — {_esc(tr('report.evidence_verified_by', lang, who=item.verified_by))}"
    if item.stale:
        out += f' <span class="crit">({_esc(tr("report.evidence_stale", lang))})</span>'
    return out


def _chart(lines: tuple[ScoreLine, ...], lang: str, t: Tr) -> str:
    """A horizontal bar chart in plain HTML and CSS: claimed and evidenced score per line."""
    rows = []
    for line in lines:
        if no_information(line.score):  # no bar to draw: the words take its place (never wider than the page)
            rows.append(f'<div class="row"><div class="lbl">{t(line.label)}</div>'
                        f'<div class="val none">{_val(line.score, lang)}</div></div>')
            continue
        claimed, evidenced = line.score.claimed or 0, line.score.evidenced or 0
        rows.append(f'<div class="row"><div class="lbl">{t(line.label)}</div><div class="track">'
                    f'<span class="b1" style="width:{claimed:.1f}%"></span>'
                    f'<span class="b2" style="width:{evidenced:.1f}%"></span></div>'
                    f'<div class="val">{_val(line.score, lang)}</div></div>')
    legend = (f'<p class="legend muted"><span style="background:var(--bar2)"></span>{_esc(tr("claimed", lang))}'
              f'<span style="background:var(--bar)"></span>{_esc(tr("evidenced", lang))}</p>')
    return f'<div class="chart" role="img">{"".join(rows)}</div>{legend}'


def _val(score: Score, lang: str) -> str:
    """A bar's figures, or that the line has no answer (not a score of 0)."""
    if no_information(score):
        return _esc(breakdown_gaps(score, lang))
    return f"{pct(score.claimed)} / {pct(score.evidenced)}"


def _table(lines: tuple[ScoreLine, ...], lang: str, t: Tr, *, withheld: bool = False) -> str:
    """A breakdown table; ``withheld``: no score over the few duties answered, how many of them instead."""
    rows = "".join(f'<tr><td>{t(line.label)}</td><td class="num">{"—" if withheld else pct(line.score.claimed)}</td>'
                   f'<td class="num">{_esc(coverage(line.score, lang)) if withheld else pct(line.score.evidenced)}</td>'
                   f'<td class="num">{_esc(breakdown_gaps(line.score, lang))}</td></tr>'
                   for line in lines)
    return (f'<div class="scroll"><table><thead><tr><th></th><th class="num">{_esc(tr("claimed", lang))}</th>'
            f'<th class="num">{_esc(tr("evidenced", lang))}</th><th class="num">{_esc(tr("gaps", lang))}</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div>")


def _gap_block(gap: Gap, lang: str, t: Tr, e: Callable[[str | None], str]) -> str:
    provs = "".join(
        f"<li>{t(p.standard_title)}{' ' + e(worded_locator(p.locator, lang)) if p.locator else ''}"
        f"{' (' + e(tr('locator_unverified', lang)) + ')' if p.locator and not p.locator_verified else ''}: "
        f"{t(p.title)} <i>[{e(confidence_label(p.confidence, lang, p.verified_in.get(lang) if p.verified_in else None))}]</i></li>"
        for p in gap.provisions)
    notes = f"<p><i>{e(tr('notes', lang))}:</i> {e(gap.notes)}</p>" if gap.notes else ""
    basis = basis_line(gap, lang)
    if basis:
        notes += f'<p class="muted">{e(basis)}</p>'

    return (f'<div class="gap" id="gap-{e(gap.rule_id)}"><h3><code>{e(gap.rule_id)}</code> {t(gap.title)}</h3>'
            f"<p>{answer(gap, lang, t)} · "
            f"{t(gap.phase_title)}</p><p><b>{e(tr('action', lang))}:</b> {action(gap, lang, t)}</p>"
            f'<p class="muted">{also(gap, lang, t)}</p>{notes}'
            f'<ul class="prov">{provs}</ul></div>')
