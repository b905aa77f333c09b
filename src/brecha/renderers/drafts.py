"""Drafted legal basis as Markdown and as a printable HTML page. Pure.

Each draft is one paragraph per part: the facts (motivación), the law (fundamentación:
only verified provisions with a verified locator, cited by it), interpretive criteria, the
action, and the provisions that are named but not cited as law. An unanswered question is
drafted as a request for information: the facts say only that it went unanswered, the law is
the duty the request concerns, and the action is the request. The citation rule lives in
:mod:`brecha.drafting`; this module only words what the draft holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as _html

from brecha.drafting import Citation, Draft, DraftSet
from brecha.i18n import ntr, tr, worded_locator
from brecha.model import Text
from brecha.renderers._safe import translator, visible
from brecha.renderers.markdown import escape as md_escape
from brecha.report import GapStatus

__all__ = ["render_html", "render_markdown"]

Tr = Callable[[Text | None], str]
Esc = Callable[[str], str]


def _order(locator: str) -> tuple[int, ...]:
    """Article, fraction... in numeric order (art. 11 before art. 99); Roman fractions follow their article."""
    return tuple(int(n) for n in re.findall(r"\d+", locator))


def _cite(citations: tuple[Citation, ...], lang: str, t: Tr, esc: Esc) -> str:
    """Citations grouped by document, each group in article order: "Ley de Migración (art. 6; art. 11)"."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.standard_id, []).append(c)
    parts = [f"{t(group[0].standard_short)} ("
             + "; ".join(esc(worded_locator(c.locator or "", lang)) for c in sorted(group, key=lambda c: (_order(c.locator or ""),
                                                                                    c.locator or "")))
             + ")" for group in groups.values()]
    if len(parts) < 2:
        return "".join(parts)
    return tr("draft.and", lang, first=", ".join(parts[:-1]), last=parts[-1])


def _named(c: Citation, lang: str, t: Tr) -> str:
    """A provision named but not cited: its document, its title and how well it is known."""
    return tr("draft.named", lang, standard=t(c.standard_short), title=t(c.title),
              confidence=tr(f"confidence.{c.confidence}", lang))


def _not_law_here(c: Citation, place: str | None, lang: str, t: Tr, esc: Esc) -> str:
    """A verified provision of a treaty the institution's State is not party to, or of another
    country's statute: named with its locator and why it is not cited, never as law."""
    key = ("draft.named_place_unknown" if not place else "draft.named_not_party" if c.treaty
           else "draft.named_foreign")
    return tr(key, lang, standard=t(c.standard_short), locator=esc(worded_locator(c.locator or "", lang)),
              title=t(c.title), place=esc(place or ""), jurisdiction=esc(c.jurisdiction))


def _references(d: Draft, s: DraftSet, lang: str, t: Tr, esc: Esc) -> str:
    """The references not cited as law: law that is not the institution's first, then the rest."""
    return "; ".join([*(_not_law_here(c, s.place, lang, t, esc) for c in d.not_law_here),
                      *(_named(c, lang, t) for c in d.not_cited)])


def _quote_list(items: tuple[str, ...], lang: str, esc: Esc) -> str:
    return "; ".join(tr("draft.quote", lang, text=esc(item)) for item in items)


def _facts(d: Draft, s: DraftSet, lang: str, t: Tr, esc: Esc) -> str:
    who = esc(s.institution_name)
    if d.request:
        key = "draft.facts_awaiting" if d.status is GapStatus.AWAITING_CONFIRMATION else "draft.facts_unanswered"
        parts = [tr(key, lang, institution=who, date=esc(s.assessed_on), question=t(d.question))]
    else:
        key = "draft.facts_unsupported" if d.status is GapStatus.UNSUPPORTED else "draft.facts"
        parts = [tr(key, lang, institution=who, date=esc(s.assessed_on), question=t(d.question),
                    answer=t(d.answer_label) if d.answer_label else esc(d.answer or ""), target=t(d.target_label))]
        if d.evidence:
            parts.append(tr("draft.evidence", lang, evidence=_quote_list(d.evidence, lang, esc)))
        else:
            parts.append(tr("draft.no_evidence", lang))
        if d.counted_label is not None:
            parts.append(tr("draft.counted", lang, counted=t(d.counted_label)))
        if d.breach is not None:  # one admitted case of a duty without exception is a breach of the law
            parts.append(tr("draft.breach", lang, breach=t(d.breach)))
    if d.notes:
        parts.append(tr("draft.notes", lang, notes=esc(d.notes.strip().rstrip("."))))
    return " ".join(parts)


def _law(d: Draft, lang: str, t: Tr, esc: Esc) -> str:
    if not d.law:
        return tr("draft.law_none", lang)
    return tr("draft.request.law" if d.request else "draft.law", lang, citations=_cite(d.law, lang, t, esc))


def _interpretation(d: Draft, lang: str, t: Tr, esc: Esc) -> str:
    text = tr("draft.interpretation", lang, citations=_cite(d.interpretation, lang, t, esc))
    if d.absolute_by:  # the law cited above forbids, but does not itself state the duty asked without exception
        text += " " + tr("draft.law_absolute_by", lang, citations=_cite(d.absolute_by, lang, t, esc))
    return text


def _action_title(d: Draft) -> str:
    return "draft.request.title" if d.request else "draft.action_title"


def _action(d: Draft, s: DraftSet, lang: str, t: Tr, esc: Esc) -> str:
    if d.request:  # ask for the facts; the rule's action would presume a breach nobody stated
        key = "draft.request_awaiting" if d.status is GapStatus.AWAITING_CONFIRMATION else "draft.request"
        text = tr(key, lang, institution=esc(s.institution_name), question=t(d.question))
        if d.evidence_expected is not None:
            text += " " + tr("draft.request.evidence", lang, evidence=t(d.evidence_expected).rstrip("."))
        return text
    text = t(d.action)
    if d.others:
        text += " " + tr("draft.others", lang, others=", ".join(t(o) for o in d.others))
    return text


def _reasons(d: Draft, lang: str) -> str:
    return " · ".join(tr(f"draft.reason.{r}", lang) for r in d.reasons)


def _documents(s: DraftSet) -> list[Citation]:
    """One citation per standard cited as law or as interpretation, in order of first use."""
    seen: dict[str, Citation] = {}
    for d in s.drafts:
        for c in (*d.law, *d.interpretation):
            seen.setdefault(c.standard_id, c)
    return list(seen.values())


def render_markdown(drafts: DraftSet, lang: str) -> str:
    """The drafts as Markdown, one section per gap."""
    t = translator(lang, md_escape)
    esc = md_escape
    out = [f"# {tr('draft.title', lang)}: {esc(drafts.institution_name)}", ""]
    if drafts.illustrative:
        out += [f"> **{tr('illustrative', lang)}**", ""]
    out += [f"{t(drafts.institution_type)} · {t(drafts.institution_level)}"
            + (f" · {esc(drafts.jurisdiction)}" if drafts.jurisdiction else "")
            + f" · {tr('assessed_on', lang)} {esc(drafts.assessed_on)}", "",
            f"> {tr('draft.rule', lang)}", "", ntr("draft.count", len(drafts.drafts), lang), ""]
    for n, d in enumerate(drafts.drafts, 1):
        out += [f"## {n}. {esc(d.rule_id)} {t(d.title)}", "", f"*{t(d.stage)} · {_reasons(d, lang)}*", "",
                f"**{tr('draft.facts_title', lang)}.** {_facts(d, drafts, lang, t, esc)}", "",
                f"**{tr('draft.law_title', lang)}.** {_law(d, lang, t, esc)}", ""]
        if d.interpretation:
            out += [f"**{tr('draft.interpretation_title', lang)}.** {_interpretation(d, lang, t, esc)}", ""]
        out += [f"**{tr(_action_title(d), lang)}.** {_action(d, drafts, lang, t, esc)}", ""]
        if d.not_cited or d.not_law_here:
            out += [f"**{tr('draft.not_cited_title', lang)}.** " + _references(d, drafts, lang, t, esc) + ".", ""]
    documents = _documents(drafts)
    if documents:
        out += [f"## {tr('draft.documents', lang)}", ""]
        out += [f"- {t(c.standard_short)}: {t(c.standard_title)}" for c in documents]
        out.append("")
    return "\n".join(out)


def _esc(value: str) -> str:
    return _html(visible(value))


_CSS = """
*{box-sizing:border-box}body{font:15px/1.55 Georgia,"Times New Roman",serif;color:#1d2433;margin:0 auto;
max-width:800px;padding:24px}h1{font-size:1.4rem;margin:.2em 0}h2{font-size:1.1rem;margin:1.6em 0 .3em;
border-bottom:1px solid #d9dee7}p{margin:.5em 0;text-align:justify}.muted{color:#5b6475}.rule{border:1px solid #fec84b;
background:#fffaeb;padding:.5em .8em;border-radius:4px}.banner{background:#fef0c7;border:1px solid #fec84b;
padding:.5em .8em;border-radius:6px;font-weight:600}.draft{break-inside:avoid-page}.nc{font-size:.9rem;color:#5b6475}
@page{margin:2cm}@media print{body{max-width:none;padding:0}.draft{break-inside:avoid}a{color:inherit}}
"""


def render_html(drafts: DraftSet, lang: str) -> str:
    """The drafts as one printable, self-contained HTML page."""
    t = translator(lang, _esc, lambda m: f'<span class="muted">{_esc(m)}</span>')
    esc = _esc
    title = f"{tr('draft.title', lang)}: {drafts.institution_name}"
    parts = [f'<!DOCTYPE html><html lang="{_esc(lang)}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"]
    if drafts.illustrative:
        parts.append(f'<p class="banner">{_esc(tr("illustrative", lang))}</p>')
    parts.append(f"<h1>{_esc(title)}</h1>")
    meta = f"{t(drafts.institution_type)} · {t(drafts.institution_level)}"
    if drafts.jurisdiction:
        meta += f" · {esc(drafts.jurisdiction)}"
    parts.append(f'<p class="muted">{meta} · {esc(tr("assessed_on", lang))} {esc(drafts.assessed_on)}</p>')
    parts.append(f'<p class="rule">{esc(tr("draft.rule", lang))}</p>')
    parts.append(f"<p>{esc(ntr('draft.count', len(drafts.drafts), lang))}</p>")
    for n, d in enumerate(drafts.drafts, 1):
        block = [f'<section class="draft" id="{esc(d.rule_id)}"><h2>{n}. {esc(d.rule_id)} {t(d.title)}</h2>',
                 f'<p class="muted"><em>{t(d.stage)} · {esc(_reasons(d, lang))}</em></p>',
                 f"<p><strong>{esc(tr('draft.facts_title', lang))}.</strong> {_facts(d, drafts, lang, t, esc)}</p>",
                 f"<p><strong>{esc(tr('draft.law_title', lang))}.</strong> {_law(d, lang, t, esc)}</p>"]
        if d.interpretation:
            block.append(f"<p><strong>{esc(tr('draft.interpretation_title', lang))}.</strong> "
                         f"{_interpretation(d, lang, t, esc)}</p>")
        block.append(f"<p><strong>{esc(tr(_action_title(d), lang))}.</strong> {_action(d, drafts, lang, t, esc)}</p>")
        if d.not_cited or d.not_law_here:
            block.append(f'<p class="nc"><strong>{esc(tr("draft.not_cited_title", lang))}.</strong> '
                         + _references(d, drafts, lang, t, esc) + ".</p>")
        parts.append("".join(block) + "</section>")
    documents = _documents(drafts)
    if documents:
        parts.append(f"<h2>{esc(tr('draft.documents', lang))}</h2><ul>"
                     + "".join(f"<li>{t(c.standard_short)}: {t(c.standard_title)}</li>" for c in documents) + "</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)
