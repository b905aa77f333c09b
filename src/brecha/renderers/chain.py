"""The Ruta as a chain: Markdown, JSON and a self-contained HTML page with its diagram. Pure.

Every text that comes from an assessment (institution names, paths) or from content is
escaped for the format it goes into: Markdown markup, HTML and SVG.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape as _html
from typing import Any

from brecha.chain import (
    CHAIN_SCHEMA_VERSION,
    Breach,
    Chain,
    Contradiction,
    Hole,
    Link,
    Named,
    Position,
    SideResult,
    Stage,
)
from brecha.i18n import ntr, tr
from brecha.model import Text
from brecha.renderers._safe import translator, visible
from brecha.renderers.markdown import escape as md_escape

__all__ = ["render_html", "render_json", "render_markdown", "strength"]

Tr = Callable[[Text | None], str]


def strength(value: float | None) -> str:
    """A strength in [0, 1] as a whole number out of 100, or a dash when unknown."""
    return "—" if value is None else f"{round(value * 100):d}"


def _answer(p: Position, lang: str, t: Tr) -> str:
    if not p.answered:
        return tr("chain.no_answer", lang)
    if p.not_applicable:
        return tr("chain.not_applicable" if p.confirmed else "chain.not_applicable_unconfirmed", lang)
    return t(p.label) if p.label else p.value or ""


def _who(p: Position, t: Tr, esc: Callable[[str], str]) -> str:
    return esc(p.member.name)


def _shown(value: float | None, lang: str, exact: bool = True) -> str:
    """A strength out of 100 ("≤ 33" when a hole could lower it; 0 is as low as it goes), or the word for unknown."""
    if value is None:
        return tr("chain.unknown_short", lang)
    return strength(value) if exact or value <= 0 else tr("chain.at_most", lang, value=strength(value))


def _strength_note(chain: Chain, lang: str) -> str:
    note = tr("chain.strength_note", lang)
    if not chain.exact and chain.strength:
        note += "; " + tr("chain.bound_note", lang)
    return note


def _link_note(link: Link, lang: str) -> str:
    """What a link with a hole is known to be, or that it is unknown; nothing for an exact link."""
    if link.exact:
        return ""
    bound = link.bound
    return tr("chain.unknown_note", lang) if bound is None else tr("chain.bound_link_note", lang, value=strength(bound))


def _breach_text(b: Breach, lang: str, t: Tr, esc: Callable[[str], str]) -> str:
    return tr("chain.breach", lang, who=esc(b.member.name), breach=t(b.breach), rule=esc(b.rule_id),
              answer=t(b.label) if b.label else esc(b.value))


def _breaches_here(chain: Chain, link: Link, lang: str, t: Tr, esc: Callable[[str], str]) -> str:
    """The breaches admitted at the stage of ``link`` by its institutions, as a sentence (empty when none)."""
    found = chain.breaches_at(link)
    if not found:
        return ""
    return ". " + tr("chain.breach_here", lang, breaches="; ".join(_breach_text(b, lang, t, esc) for b in found))


def _hole_text(h: Hole, lang: str, t: Tr) -> str:
    return tr("chain.hole", lang, institution=t(h.institution.name), side=tr(f"chain.side.{h.side}", lang),
              rule=h.rule_id)


def _contradiction_text(c: Contradiction, lang: str, t: Tr, esc: Callable[[str], str]) -> str:
    return tr("chain.contradiction", lang, sender=esc(c.claim.member.name), claim=_answer(c.claim, lang, t),
              rule_from=c.claim_rule, receiver=esc(c.denial.member.name), denial=_answer(c.denial, lang, t),
              rule_to=c.denial_rule)


def _weakest_text(link: Link, lang: str, t: Tr, esc: Callable[[str], str]) -> str:
    p = link.weakest
    if p is None:
        return tr("chain.nobody", lang)
    side = link.sender if p.side == "from" else link.receiver
    text = tr("chain.weakest_answer", lang, who=_who(p, t, esc), answer=_answer(p, lang, t),
              side=tr(f"chain.side.{p.side}", lang), rule=side.rule_id)
    if p.notes:  # what the institution says happens: where a child ends up when the link fails
        text += " — " + tr("chain.notes", lang, notes=esc(p.notes.strip().removesuffix(".")))
    return text


# Markdown ------------------------------------------------------------------------------

def render_markdown(chain: Chain, lang: str) -> str:
    """The chain as Markdown: headline, stages, each link with both sides, holes, contradictions."""
    t = translator(lang, md_escape)
    esc = md_escape
    out = [f"# {tr('chain.title', lang)}: {esc(chain.jurisdiction)}", ""]
    if chain.illustrative:
        out += [f"> **{tr('illustrative', lang)}**", ""]
    out += [f"{tr('chain.ruleset', lang)}: {esc(chain.ruleset_id)} {esc(chain.ruleset_version)} · "
            f"{ntr('chain.count.institutions', len(chain.members), lang)}", ""]
    weakest = chain.weakest
    out += [f"**{tr('chain.strength', lang)}: {_shown(chain.strength, lang, chain.exact)} / 100** — "
            f"{_strength_note(chain, lang)}", ""]
    if weakest is not None:
        out += [f"{tr('chain.weakest', lang)}: **{esc(weakest.id)} {t(weakest.title)}** — "
                f"{_weakest_text(weakest, lang, t, esc)}{_breaches_here(chain, weakest, lang, t, esc)}", ""]
    counts = [ntr("chain.count.holes", len(chain.holes), lang),
              ntr("chain.count.contradictions", len(chain.contradictions), lang)]
    if chain.breaches:
        counts.insert(0, f"**⚠ {ntr('chain.count.breaches', len(chain.breaches), lang)}**")
    out += [" · ".join(counts), ""]
    if chain.breaches:  # never below the fold: what no route may do to a child
        out += [f"## {tr('chain.breaches', lang)}", "", tr("chain.breaches_note", lang), ""]
        out += [f"- {_breach_text(b, lang, t, esc)}" for b in chain.breaches]
        out.append("")
    out += [f"## {tr('chain.stages', lang)}", "",
            f"| {tr('chain.stage', lang)} | {tr('chain.strength_short', lang)} | {tr('chain.weakest', lang)} |",
            "|---|---:|---|"]
    for stage in chain.stages:
        link = stage.weakest
        out.append(f"| {t(stage.title)} | {_shown(stage.strength, lang, stage.exact)} | "
                   + (f"{esc(link.id)} {t(link.title)}" if link else tr("chain.unknown", lang)) + " |")
    out.append("")
    for stage in chain.stages:
        out += [f"## {t(stage.title)} — {_shown(stage.strength, lang, stage.exact)}", ""]
        for b in stage.breaches:
            out += [f"> ⚠ {tr('chain.breach_label', lang)}: {_breach_text(b, lang, t, esc)}", ""]
        for link in stage.links:
            out += _link_markdown(link, lang, t, esc)
    if chain.holes:
        out += [f"## {tr('chain.holes', lang)}", "", tr("chain.holes_note", lang), ""]
        out += [f"- {esc(h.link_id)}: {_hole_text(h, lang, t)}" for h in chain.holes]
        out.append("")
    if chain.contradictions:
        out += [f"## {tr('chain.contradictions', lang)}", "", tr("chain.contradiction_note", lang), ""]
        out += [f"- {esc(c.link_id)}: {_contradiction_text(c, lang, t, esc)}" for c in chain.contradictions]
        out.append("")
    out += _members_markdown(chain, lang, t, esc)
    out += [f"## {tr('chain.method_title', lang)}", "", tr("chain.method", lang), ""]
    return "\n".join(out)


def _link_markdown(link: Link, lang: str, t: Tr, esc: Callable[[str], str]) -> list[str]:
    out = [f"### {esc(link.id)} {t(link.title)} — {_shown(link.bound, lang, link.exact)}", ""]
    if link.description:
        out += [t(link.description), ""]
    out += [f"| {tr('chain.side', lang)} | {tr('institution', lang)} | {tr('chain.rule', lang)} | "
            f"{tr('chain.answer', lang)} | {tr('chain.counted', lang)} | {tr('chain.evidence', lang)} |",
            "|---|---|---|---|---:|---:|"]
    for side in (link.sender, link.receiver):
        label = tr(f"chain.side.{side.side}", lang)
        for p in side.positions:
            counted = strength(p.counted) if p.counts else "—"
            out.append(f"| {label} | {_who(p, t, esc)} | {esc(side.rule_id)} | {_answer(p, lang, t)} | "
                       f"{counted} | {p.evidence or '—'} |")
        for m in side.missing:
            out.append(f"| {label} | {t(m.name)}: {tr('chain.missing', lang)} | {esc(side.rule_id)} | — | — | — |")
    out.append("")
    out.append(f"{tr('chain.weakest_here', lang)}: {_weakest_text(link, lang, t, esc)}")
    note = _link_note(link, lang)
    if note:
        out.append(f"  \n{note}")
    out.append("")
    for c in link.contradictions:
        out += [f"> ⚠ {tr('chain.contradiction_label', lang)}: {_contradiction_text(c, lang, t, esc)}", ""]
    return out


def _members_markdown(chain: Chain, lang: str, t: Tr, esc: Callable[[str], str]) -> list[str]:
    out = [f"## {tr('chain.members', lang)}", "",
           f"| {tr('institution', lang)} | {tr('type', lang)} | {tr('level', lang)} | {tr('assessed_on', lang)} | "
           f"{tr('chain.file', lang)} |", "|---|---|---|---|---|"]
    for m in chain.members:
        out.append(f"| {esc(m.name)} | {t(m.type.name)} | {t(m.level.name)} | {esc(m.assessed_on)} | "
                   f"{esc(m.path)} |")
    out.append("")
    if chain.excluded:
        out += [f"## {tr('chain.excluded', lang)}", ""]
        out += [f"- {esc(x.path)} ({esc(x.name)}): "
                + tr(f"chain.exclusion.{x.reason}", lang, jurisdiction=esc(x.jurisdiction or "—"),
                     ruleset=esc(chain.ruleset_id)) for x in chain.excluded]
        out.append("")
    if chain.failures:
        out += [f"## {tr('chain.failures', lang)}", ""]
        out += [f"- {esc(failure.format(lang))}" for _, failure in chain.failures]
        out.append("")
    return out


# JSON ----------------------------------------------------------------------------------

def _text(value: Text | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {k: v for k, v in (("es", value.es), ("en", value.en)) if v is not None}


def _named(n: Named) -> dict[str, Any]:
    return {"id": n.id, "name": _text(n.name)}


def _position(p: Position) -> dict[str, Any]:
    return {"institution": p.member.name, "path": p.member.path, "type": p.member.type.id,
            "level": p.member.level.id, "value": p.value, "label": _text(p.label),
            "claimed": round(p.claimed * 100, 2), "counted": round(p.counted * 100, 2) if p.counts else None,
            "evidence": p.evidence, "at_top": p.at_top, "below_middle": p.below_middle, "notes": p.notes,
            "confirmed": p.confirmed if p.not_applicable else None}


def _side(s: SideResult) -> dict[str, Any]:
    return {"rule": s.rule_id, "rule_title": _text(s.rule_title), "institutions": [n.id for n in s.institutions],
            "positions": [_position(p) for p in s.positions], "missing": [n.id for n in s.missing]}


def _out_of_100(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def _link(link: Link) -> dict[str, Any]:
    weakest = link.weakest
    return {"id": link.id, "stage": link.stage, "title": _text(link.title), "description": _text(link.description),
            "strength": _out_of_100(link.strength), "at_most": _out_of_100(link.bound), "exact": link.exact,
            "weakest": None if weakest is None else {"side": weakest.side.value, "institution": weakest.member.name,
                                                     "path": weakest.member.path, "value": weakest.value},
            "from": _side(link.sender), "to": _side(link.receiver),
            "contradictions": [{"claim": c.claim.member.path, "denial": c.denial.member.path}
                               for c in link.contradictions]}


def _stage(stage: Stage) -> dict[str, Any]:
    weakest = stage.weakest
    return {"id": stage.id, "title": _text(stage.title), "strength": _out_of_100(stage.strength), "exact": stage.exact,
            "weakest": weakest.id if weakest else None, "links": [_link(link) for link in stage.links]}


def _breach(b: Breach) -> dict[str, Any]:
    return {"institution": b.member.name, "path": b.member.path, "type": b.member.type.id, "rule": b.rule_id,
            "rule_title": _text(b.rule_title), "stage": b.stage, "value": b.value, "label": _text(b.label),
            "breach": _text(b.breach)}


def render_json(chain: Chain, lang: str) -> str:
    """The chain as JSON (``schemas/chain.schema.json``); strengths out of 100; texts in both languages."""
    weakest = chain.weakest
    data = {
        "kind": "Chain", "schema_version": CHAIN_SCHEMA_VERSION, "jurisdiction": chain.jurisdiction,
        "ruleset": {"id": chain.ruleset_id, "version": chain.ruleset_version},
        "illustrative": chain.illustrative,
        "strength": _out_of_100(chain.strength), "exact": chain.exact,
        "weakest": weakest.id if weakest else None,
        "breaches": [_breach(b) for b in chain.breaches],
        "members": [{"institution": m.name, "path": m.path, "type": m.type.id, "level": m.level.id,
                     "assessed_on": m.assessed_on, "round": m.round, "illustrative": m.illustrative}
                    for m in chain.members],
        "stages": [_stage(s) for s in chain.stages],
        "holes": [{"link": h.link_id, "side": h.side.value, "rule": h.rule_id, "institution": h.institution.id}
                  for h in chain.holes],
        "contradictions": [{"link": c.link_id, "claim": _position(c.claim), "denial": _position(c.denial)}
                           for c in chain.contradictions],
        "excluded": [{"path": x.path, "institution": x.name, "jurisdiction": x.jurisdiction, "reason": x.reason.value}
                     for x in chain.excluded],
        "failures": [{"path": path, "message": failure.format(lang)} for path, failure in chain.failures],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# HTML ----------------------------------------------------------------------------------

def _esc(value: str) -> str:
    return _html(visible(value))


_CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dee7;--bad:#b42318;--warn:#b54708;--ok:#067647}
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
margin:0 auto;max-width:1000px;padding:16px}h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin-top:1.6em;
border-bottom:2px solid var(--line)}h3{font-size:1.02rem;margin:1.2em 0 .3em}.muted{color:var(--muted)}
.banner{background:#fef0c7;border:1px solid #fec84b;padding:.5em .8em;border-radius:6px;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.card{flex:1 1 200px;border:1px solid var(--line);
border-radius:8px;padding:10px 14px}.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid var(--line);padding:5px 8px;
text-align:left;vertical-align:top}td.num,th.num{text-align:right;white-space:nowrap}.warn{border-left:4px solid var(--warn);
padding:4px 12px;margin:8px 0}.warn.bad{border-left-color:var(--bad)}.card.bad{border-color:var(--bad);
color:var(--bad)}.breaches{border:2px solid var(--bad);border-radius:8px;padding:0 14px 4px;margin:12px 0}
.breaches h2{margin-top:.6em;border:0;color:var(--bad)}.hole{color:var(--muted);font-style:italic}.diagram{overflow-x:auto}
.scroll{overflow-x:auto}body{overflow-wrap:break-word}svg{max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
svg *{-webkit-print-color-adjust:exact;print-color-adjust:exact}footer{margin-top:2em;font-size:.85rem;color:var(--muted)}
@media print{body{max-width:none}tr,.warn,svg{break-inside:avoid}.scroll{overflow:visible}}
"""

_W = 960  # diagram width in SVG units
_ROW = 74  # height of one link's row
_HEAD = 34  # height of a stage heading
_BOX = 330  # width of a side's box
_FROM_X, _TO_X = 10, _W - 10 - _BOX


_COLOURS = {"unknown": "#98a2b3", "low": "#b42318", "mid": "#b54708", "high": "#067647"}


def _band(value: float | None) -> str:
    if value is None:
        return "unknown"
    if value < 1 / 3:
        return "low"
    return "mid" if value < 2 / 3 else "high"


def _colour(value: float | None) -> str:
    return _COLOURS[_band(value)]


def _clip(value: str, size: int) -> str:
    return value if len(value) <= size else value[: size - 1] + "…"


def _box(x: int, y: int, side: SideResult, title: str, lang: str, t: Tr) -> str:
    """One side of a link: who acts there, its weakest answer, and who has no assessment.

    ``t`` gives plain text here: everything is escaped once, where it is written.
    """
    weakest = side.weakest
    counting = any(p.counts for p in side.positions)
    colour = _colour(weakest.counted if weakest is not None and counting else None)
    dash = ' stroke-dasharray="6 4"' if side.missing else ""
    names = ", ".join(n.acronym or t(n.name) for n in side.institutions)
    if weakest is not None and counting:
        answer = f"{strength(weakest.counted)} · {_answer(weakest, lang, t)} · {weakest.member.name}"
    else:
        answer = tr("chain.missing", lang)
    missing = ""
    if side.missing and counting:
        missing = f"{tr('chain.missing', lang)}: " + ", ".join(n.acronym or t(n.name) for n in side.missing)
    full = " — ".join(part for part in (f"{title}: {names}", answer, missing) if part)
    lines = [f'<text x="{x + 8}" y="{y + 17}" font-size="13" font-weight="600" fill="#1d2433">'
             f"{_esc(_clip(names, 40))}</text>",
             f'<text x="{x + 8}" y="{y + 35}" font-size="12" fill="{colour}">{_esc(_clip(answer, 47))}</text>']
    if missing:
        lines.append(f'<text x="{x + 8}" y="{y + 52}" font-size="11" font-style="italic" fill="#5b6475">'
                     f"{_esc(_clip(missing, 52))}</text>")
    return (f"<g><title>{_esc(full)}</title>"
            f'<rect x="{x}" y="{y}" width="{_BOX}" height="{_ROW - 14}" rx="6" fill="#fff" stroke="{colour}" '
            f'stroke-width="2"{dash}/>{"".join(lines)}</g>')


def _diagram(chain: Chain, lang: str) -> str:
    """The chain as inline SVG: a row per hand-off, sender on the left, receiver on the right."""
    t = translator(lang, str)  # plain text: escaped once, where it is written
    height = sum(_HEAD + _ROW * len(s.links) for s in chain.stages) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {height}" width="{_W}" height="{height}" '
             f'role="img" aria-label="{_esc(tr("chain.diagram", lang))}">',
             "<defs>" + "".join(
                 f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="12" '
                 f'markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
                 f'fill="{colour}"/></marker>' for name, colour in _COLOURS.items()) + "</defs>"]
    y = 4
    weakest = chain.weakest
    for stage in chain.stages:
        parts.append(f'<text x="10" y="{y + 22}" font-size="15" font-weight="700" fill="#1d2433">'
                     f'{_esc(_clip(t(stage.title), 90))} — {_esc(_shown(stage.strength, lang, stage.exact))}</text>')
        y += _HEAD
        for link in stage.links:
            colour = _colour(link.bound)  # what is known of it: at most that, when a side is missing
            parts.append(_box(_FROM_X, y, link.sender, tr("chain.side.from", lang), lang, t))
            parts.append(_box(_TO_X, y, link.receiver, tr("chain.side.to", lang), lang, t))
            mid = y + (_ROW - 14) // 2
            x1, x2 = _FROM_X + _BOX + 6, _TO_X - 6
            width = 5 if link is weakest else 3
            dash = ' stroke-dasharray="8 5"' if not link.exact else ""
            parts.append(f'<line x1="{x1}" y1="{mid}" x2="{x2}" y2="{mid}" stroke="{colour}" stroke-width="{width}"'
                         f'{dash} marker-end="url(#arrow-{_band(link.bound)})"/>')
            centre = (x1 + x2) // 2
            label = f"{link.id} · {_shown(link.bound, lang, link.exact)}"
            parts.append(f'<text x="{centre}" y="{mid - 8}" font-size="12" text-anchor="middle" fill="#1d2433">'
                         f'<title>{_esc(t(link.title))}</title>{_esc(label)}</text>')
            parts.append(f'<text x="{centre}" y="{mid + 18}" font-size="11" text-anchor="middle" fill="#5b6475">'
                         f'{_esc(_clip(t(link.title), 38))}</text>')
            if link.contradictions:
                bx = x1 + 14
                parts.append(f'<g><title>{_esc(tr("chain.contradiction_label", lang))}</title>'
                             f'<circle cx="{bx}" cy="{mid - 13}" r="9" fill="#b54708"/>'
                             f'<text x="{bx}" y="{mid - 9}" font-size="13" font-weight="700" '
                             f'text-anchor="middle" fill="#fff">!</text></g>')
            y += _ROW
    parts.append("</svg>")
    return "".join(parts)


def render_html(chain: Chain, lang: str) -> str:
    """One self-contained page: the chain's diagram (inline SVG), then each link in detail."""
    t = translator(lang, _esc, lambda m: f'<span class="muted">{_esc(m)}</span>')
    title = f"{tr('chain.title', lang)}: {chain.jurisdiction}"
    parts = [f'<!DOCTYPE html><html lang="{_esc(lang)}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"]
    if chain.illustrative:
        parts.append(f'<p class="banner">{_esc(tr("illustrative", lang))}</p>')
    parts.append(f"<h1>{_esc(title)}</h1>")
    parts.append(f'<p class="muted">{_esc(tr("chain.ruleset", lang))}: {_esc(chain.ruleset_id)} '
                 f'{_esc(chain.ruleset_version)} · {_esc(ntr("chain.count.institutions", len(chain.members), lang))}</p>')
    weakest = chain.weakest
    breaches = (f'<div class="card bad">{_esc(tr("chain.breaches", lang))}<b>{len(chain.breaches)}</b></div>'
                if chain.breaches else "")
    parts.append('<div class="cards">'
                 f'<div class="card" id="strength">{_esc(tr("chain.strength", lang))}'
                 f'<b>{_esc(_shown(chain.strength, lang, chain.exact)) if chain.strength is not None else "—"}</b>'
                 f'<span class="muted">{_esc(_strength_note(chain, lang))}</span></div>'
                 f'<div class="card">{_esc(tr("chain.weakest", lang))}<b>{_esc(weakest.id) if weakest else "—"}</b>'
                 + (f"{t(weakest.title)}" if weakest else "") + "</div>" + breaches +
                 f'<div class="card">{_esc(tr("chain.holes", lang))}<b>{len(chain.holes)}</b></div>'
                 f'<div class="card">{_esc(tr("chain.contradictions", lang))}<b>{len(chain.contradictions)}</b></div>'
                 "</div>")
    if weakest is not None:
        parts.append(f"<p><strong>{_esc(tr('chain.weakest', lang))}:</strong> {_esc(weakest.id)} {t(weakest.title)} — "
                     f"{_weakest_text(weakest, lang, t, _esc)}{_breaches_here(chain, weakest, lang, t, _esc)}</p>")
    if chain.breaches:  # never below the fold: what no route may do to a child
        parts.append(f'<div class="breaches" id="breaches"><h2>{_esc(tr("chain.breaches", lang))}</h2>'
                     f'<p>{_esc(tr("chain.breaches_note", lang))}</p><ul>'
                     + "".join(f"<li>{_breach_text(b, lang, t, _esc)}</li>"
                               for b in chain.breaches) + "</ul></div>")
    parts.append(f'<h2>{_esc(tr("chain.diagram", lang))}</h2><p class="muted">{_esc(tr("chain.legend", lang))}</p>'
                 f'<div class="diagram">{_diagram(chain, lang)}</div>')
    for stage in chain.stages:
        parts.append(f"<h2>{t(stage.title)} — {_esc(_shown(stage.strength, lang, stage.exact))}</h2>")
        for b in stage.breaches:
            parts.append(f'<p class="warn bad">⚠ {_esc(tr("chain.breach_label", lang))}: '
                         f"{_breach_text(b, lang, t, _esc)}</p>")
        for link in stage.links:
            parts.append(_link_html(link, lang, t))
    if chain.holes:
        parts.append(f"<h2>{_esc(tr('chain.holes', lang))}</h2><p>{_esc(tr('chain.holes_note', lang))}</p><ul>"
                     + "".join(f"<li>{_esc(h.link_id)}: {_hole_text(h, lang, t)}</li>" for h in chain.holes)
                     + "</ul>")
    if chain.contradictions:
        parts.append(f"<h2>{_esc(tr('chain.contradictions', lang))}</h2>"
                     f"<p>{_esc(tr('chain.contradiction_note', lang))}</p><ul>"
                     + "".join(f"<li>{_esc(c.link_id)}: {_contradiction_text(c, lang, t, _esc)}</li>"
                               for c in chain.contradictions) + "</ul>")
    parts.append(_members_html(chain, lang, t))
    parts.append(f"<h2>{_esc(tr('chain.method_title', lang))}</h2><p>{_esc(tr('chain.method', lang))}</p>")
    parts.append(f"<footer>brecha · {_esc(chain.ruleset_id)} {_esc(chain.ruleset_version)}</footer></body></html>\n")
    return "".join(parts)


def _link_html(link: Link, lang: str, t: Tr) -> str:
    rows = []
    for side in (link.sender, link.receiver):
        label = _esc(tr(f"chain.side.{side.side}", lang))
        for p in side.positions:
            counted = strength(p.counted) if p.counts else "—"
            rows.append(f"<tr><td>{label}</td><td>{_who(p, t, _esc)}</td><td>{_esc(side.rule_id)}</td>"
                        f"<td>{_answer(p, lang, t)}</td><td class=num>{counted}</td>"
                        f"<td class=num>{p.evidence or '—'}</td></tr>")
        for m in side.missing:
            rows.append(f'<tr class="hole"><td>{label}</td><td>{t(m.name)}: {_esc(tr("chain.missing", lang))}</td>'
                        f"<td>{_esc(side.rule_id)}</td><td>—</td><td class=num>—</td><td class=num>—</td></tr>")
    head = "".join(f"<th{' class=num' if k in ('chain.counted', 'chain.evidence') else ''}>{_esc(tr(k, lang))}</th>"
                   for k in ("chain.side", "institution", "chain.rule", "chain.answer", "chain.counted", "chain.evidence"))
    out = [f'<h3 id="{_esc(link.id)}">{_esc(link.id)} {t(link.title)} — {_esc(_shown(link.bound, lang, link.exact))}</h3>']
    if link.description:
        out.append(f'<p class="muted">{t(link.description)}</p>')
    out.append(f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    note = _link_note(link, lang)
    out.append(f"<p>{_esc(tr('chain.weakest_here', lang))}: {_weakest_text(link, lang, t, _esc)}"
               + (f"<br><span class=muted>{_esc(note)}</span>" if note else "") + "</p>")
    for c in link.contradictions:
        out.append(f'<p class="warn">⚠ {_esc(tr("chain.contradiction_label", lang))}: '
                   f"{_contradiction_text(c, lang, t, _esc)}</p>")
    return "".join(out)


def _members_html(chain: Chain, lang: str, t: Tr) -> str:
    head = "".join(f"<th>{_esc(tr(k, lang))}</th>" for k in ("institution", "type", "level", "assessed_on", "chain.file"))
    rows = "".join(f"<tr><td>{_esc(m.name)}</td><td>{t(m.type.name)}</td><td>{t(m.level.name)}</td>"
                   f"<td>{_esc(m.assessed_on)}</td><td><code>{_esc(m.path)}</code></td></tr>" for m in chain.members)
    out = [f"<h2>{_esc(tr('chain.members', lang))}</h2>"
           f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>']
    if chain.excluded:
        out.append(f"<h2>{_esc(tr('chain.excluded', lang))}</h2><ul>" + "".join(
            f"<li><code>{_esc(x.path)}</code> ({_esc(x.name)}): "
            + _esc(tr(f"chain.exclusion.{x.reason}", lang, jurisdiction=x.jurisdiction or "—", ruleset=chain.ruleset_id))
            + "</li>" for x in chain.excluded) + "</ul>")
    if chain.failures:
        out.append(f"<h2>{_esc(tr('chain.failures', lang))}</h2><ul>"
                   + "".join(f"<li>{_esc(failure.format(lang))}</li>" for _, failure in chain.failures) + "</ul>")
    return "".join(out)
