"""Explanations of any ID (rule, provision, weakness, institution, standard, source)."""

from __future__ import annotations

import difflib

from brecha import model
from brecha.conditions import leaves
from brecha.errors import UsageError
from brecha.frozen import record
from brecha.grounding import cite
from brecha.i18n import Message, confidence_label, tr, worded_locator

__all__ = ["Entry", "explain"]


@record
class Entry:
    """What ``explain`` shows: a kind, an ID, a title and labelled fields, in one language."""

    kind: str
    id: str
    title: str
    fields: tuple[tuple[str, str], ...]


def explain(lib: model.Library, ident: str, lang: str) -> Entry:
    """Describe the object with this ID.

    Raises:
        UsageError: no object has this ID (with the closest IDs as suggestions).
    """

    def t(text: model.Text | None) -> str:
        return "" if text is None else text.get(lang)

    fields: list[tuple[str, str]] = []

    def add(key: str, value: str) -> None:
        if value:
            fields.append((tr(key, lang), value))

    def src(ids: tuple[str, ...]) -> str:
        return "\n".join(f"{s}: {lib.sources[s].title}" + (f" ({lib.sources[s].address})" if lib.sources[s].address else "")
                         if s in lib.sources else s for s in ids)

    rule_id = lib.aliases.get(ident, ident)
    if rule_id in lib.rules:
        r = lib.rules[rule_id]
        rs = lib.rulesets[r.ruleset_id]
        scale = rs.scales.get(r.scale)
        add("explain.field.question", t(r.question))
        add("explain.field.ruleset", f"{rs.id} {rs.version}")
        phase = next((p for p in rs.phases if p.id == r.phase), None)
        add("explain.field.phase", t(phase.title) if phase else r.phase)
        crit = rs.criticalities.get(r.criticality)
        add("explain.field.criticality", f"{t(crit.label) if crit else r.criticality} ({crit.weight:g})" if crit else r.criticality)
        if r.absolute is not None:
            top = t(scale.levels[-1].label) if scale and scale.levels else "—"
            add("explain.field.absolute", tr("explain.absolute", lang, breach=t(r.absolute.breach), top=top,
                                             provisions=t(cite(lib, r.absolute.provisions))))
        scope = r.applies_to
        # names a person reads, each with the ID typed in an assessment
        add("explain.field.applies", ", ".join(t(_actor_name(lib, a)) + f" ({a})"
                                               for a in (*scope.institution_types, *scope.categories))
            + (f" [{', '.join(t(lib.levels[lv].name) if lv in lib.levels else lv for lv in scope.levels)}]"
               if scope.levels else ""))
        add("explain.field.responsible", ", ".join(t(_actor_name(lib, a)) + f" ({a})" for a in r.responsible))

        def label(value: str) -> str:
            level = scale.level(value) if scale else None
            return t(level.label) if level else value

        if scale:  # each value as typed in an assessment, with its label and score
            add("explain.field.scale", " | ".join(f"{lv.value} = {t(lv.label)} ({lv.score:g})" for lv in scale.levels))
        add("explain.field.target", f"{label(r.target)} ({r.target})" if label(r.target) != r.target else r.target)
        if r.evidence_examples:
            add("explain.field.evidence", t(r.evidence_examples)
                + (f" [{tr('explain.evidence_from', lang, level=label(r.evidence_from))}]" if r.evidence_from else ""))
        add("explain.field.guidance", "\n".join(f"{label(v)}: {t(g)}" for v, g in r.guidance.items()))
        add("explain.field.action", t(r.action))
        for who, text in r.action_for.items():
            add("explain.field.action", f"{t(_actor_name(lib, who))} ({who}): {t(text)}")
        add("explain.field.implements", "\n".join(_provision_line(lib, p, lang) for p in r.implements))
        add("explain.field.aliases", ", ".join(r.aliases))
        if r.deprecated:
            add("explain.field.deprecated", f"{r.deprecated.since} → {r.deprecated.replaced_by or '—'}: {t(r.deprecated.reason)}")
        return Entry(tr("explain.kind.rule", lang), r.id, t(r.title), tuple(fields))
    if ident in lib.provisions:
        p = lib.provisions[ident]
        std = lib.standards[p.standard_id]
        add("explain.field.standard", f"{t(std.title)} ({std.id}; {tr('force.' + std.legal_force, lang)})")
        if p.parent_id:
            add("explain.field.parent", f"{p.parent_id}: {t(lib.provisions[p.parent_id].title)}")
        add("explain.field.text", t(p.text))
        if p.locator:
            add("explain.field.locator", worded_locator(p.locator, lang) + ("" if p.locator_verified else f" ({tr('explain.field.unverified', lang)})"))
        add("explain.field.confidence", confidence_label(p.confidence.value, lang, p.verified_in.get(lang) if p.verified_in else None))
        add("explain.field.sources", src(p.sources))
        add("explain.field.note", t(p.note))
        if not p.checkable:
            add("explain.field.checkable", f"{tr('explain.field.no', lang)}: {t(p.not_checkable_reason)}")
        add("explain.field.children", "\n".join(f"{c}: {t(lib.provisions[c].title)}" for c in p.children if c in lib.provisions))
        add("explain.field.rules", ", ".join(sorted(r.id for r in lib.rules.values() if ident in r.implements)))
        return Entry(tr("explain.kind.provision", lang), p.id, t(p.title), tuple(fields))
    if ident in lib.weaknesses:
        w = lib.weaknesses[ident]
        add("explain.field.description", t(w.description))
        add("explain.field.condition", ", ".join(sorted({leaf.rule for leaf in leaves(w.when)})))
        add("explain.field.recommendation", t(w.recommendation))
        add("explain.field.responsible", ", ".join(t(_actor_name(lib, a)) + f" ({a})" for a in w.responsible))
        add("explain.field.provisions", "\n".join(_provision_line(lib, p, lang) for p in w.provisions))
        add("explain.field.sources", src(w.sources))
        return Entry(tr("explain.kind.weakness", lang), w.id, t(w.title), tuple(fields))
    if ident in lib.institution_types:
        it = lib.institution_types[ident]
        add("explain.field.description", t(it.description))
        add("explain.field.country", it.country or tr("explain.field.country_child", lang))
        add("explain.field.levels", ", ".join(it.levels))
        add("explain.field.categories", ", ".join(f"{c} ({t(lib.categories[c].name)})" if c in lib.categories else c
                                    for c in it.categories))
        add("explain.field.sources", src(it.sources))
        add("explain.field.rules", ", ".join(sorted(r.id for r in lib.rules.values() if ident in r.responsible)))
        # the short name is added unless the name already holds it ("... (DIF)", "... (Procuraduría de Protección)")
        title = t(it.name) + (f" ({it.acronym})" if it.acronym and it.acronym not in t(it.name) else "")
        return Entry(tr("explain.kind.institution", lang), it.id, title, tuple(fields))
    if ident in lib.categories:
        c = lib.categories[ident]
        add("explain.field.description", t(c.description))
        add("explain.field.types", ", ".join(sorted(i.id for i in lib.institution_types.values() if ident in i.categories)))
        return Entry(tr("explain.kind.category", lang), c.id, t(c.name), tuple(fields))
    if ident in lib.standards:
        s = lib.standards[ident]
        add("explain.field.publisher", s.publisher)
        add("explain.field.issued", s.issued)
        add("explain.field.force", tr("force." + s.legal_force, lang))
        add("explain.field.binds", "\n".join(f"{b.country} ({b.date}; {b.source})" + (f": {t(b.note)}" if b.note else "")
                                              for b in s.binds))
        add("explain.field.description", t(s.description))
        add("explain.field.identification", t(s.identification))
        add("explain.field.sources", src(s.sources))
        add("explain.field.provisions", str(len(s.provisions)))
        return Entry(tr("explain.kind.standard", lang), s.id, t(s.title), tuple(fields))
    if ident in lib.rulesets:
        rs = lib.rulesets[ident]
        add("explain.field.version", rs.version)
        add("explain.field.description", t(rs.description))
        add("explain.field.rules", str(len(rs.rules)))
        return Entry(tr("explain.kind.ruleset", lang), rs.id, t(rs.title), tuple(fields))
    if ident in lib.sources:
        so = lib.sources[ident]
        add("explain.field.publisher", so.publisher or "")
        add("explain.field.date", so.date or "")
        add("explain.field.type", so.type)
        add("explain.field.address", so.address or "")
        add("explain.field.note", t(so.note))
        users = sorted({p.standard_id for p in lib.provisions.values() if ident in p.sources}
                       | {w.id for w in lib.weaknesses.values() if ident in w.sources})
        add("explain.field.cited_by", ", ".join(users))
        return Entry(tr("explain.kind.source", lang), so.id, so.title, tuple(fields))
    known = [*lib.rules, *lib.aliases, *lib.provisions, *lib.weaknesses, *lib.institution_types,
             *lib.categories, *lib.standards, *lib.rulesets, *lib.sources]
    close = difflib.get_close_matches(ident, known, n=3)
    raise UsageError("error.unknown_id", id=repr(ident),
                     hint=Message("error.did_you_mean", close=", ".join(close)) if close else "")


def _actor_name(lib: model.Library, ident: str) -> model.Text:
    found = lib.institution_types.get(ident) or lib.categories.get(ident)
    return found.name if found else model.Text(es=ident, en=ident)


def _provision_line(lib: model.Library, pid: str, lang: str) -> str:
    p = lib.provisions.get(pid)
    if p is None:
        return pid
    where = f" [{worded_locator(p.locator, lang)}{'' if p.locator_verified else '?'}]" if p.locator else ""
    said = confidence_label(p.confidence.value, lang, p.verified_in.get(lang) if p.verified_in else None)
    return f"{pid}{where}: {p.title.get(lang)} ({said})"
