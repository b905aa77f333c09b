"""Explanations of any ID (rule, provision, weakness, institution, standard, source)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from brecha import model
from brecha.conditions import leaves
from brecha.errors import UsageError
from brecha.i18n import label

__all__ = ["Entry", "explain"]


@dataclass(frozen=True, slots=True)
class Entry:
    """What ``explain`` shows: a kind, an ID, a title and labelled fields, in one language."""

    kind: str
    id: str
    title: str
    fields: tuple[tuple[str, str], ...]


_KIND = {
    "rule": ("Regla", "Rule"), "provision": ("Disposición", "Provision"),
    "weakness": ("Patrón de debilidad", "Weakness pattern"), "institution": ("Tipo de institución", "Institution type"),
    "category": ("Categoría de actor", "Actor category"), "standard": ("Norma o instrumento", "Standard"),
    "ruleset": ("Conjunto de reglas", "Rule set"), "source": ("Fuente", "Source"),
}
_F = {
    "question": ("Pregunta", "Question"), "ruleset": ("Conjunto", "Rule set"), "phase": ("Etapa", "Stage"),
    "criticality": ("Criticidad", "Criticality"), "applies": ("Aplica a", "Applies to"),
    "responsible": ("Responsables", "Responsible"), "implements": ("Implementa", "Implements"),
    "scale": ("Escala", "Scale"), "target": ("Meta", "Target"), "evidence": ("Evidencia", "Evidence"),
    "guidance": ("Guía", "Guidance"), "action": ("Acción recomendada", "Recommended action"),
    "aliases": ("Antes llamada", "Formerly"), "deprecated": ("En desuso", "Deprecated"),
    "standard": ("Instrumento", "Standard"), "text": ("Contenido (paráfrasis)", "Content (paraphrase)"),
    "locator": ("Ubicación", "Locator"), "confidence": ("Qué tan conocida", "How well known"),
    "sources": ("Fuentes", "Sources"), "note": ("Nota", "Note"), "checkable": ("Verificable", "Checkable"),
    "rules": ("Reglas que la implementan", "Rules implementing it"), "parent": ("Dentro de", "Part of"),
    "children": ("Contiene", "Contains"), "description": ("Descripción", "Description"),
    "condition": ("Se detecta con", "Detected from"), "recommendation": ("Recomendación", "Recommendation"),
    "levels": ("Niveles", "Levels"), "categories": ("Categorías", "Categories"), "country": ("País", "Country"),
    "types": ("Tipos de institución", "Institution types"), "publisher": ("Emisor", "Publisher"),
    "issued": ("Fecha", "Issued"), "force": ("Naturaleza", "Legal force"), "identification": ("Identificación", "Identification"),
    "provisions": ("Disposiciones", "Provisions"), "version": ("Versión", "Version"), "address": ("Dirección", "Address"),
    "type": ("Tipo", "Type"), "date": ("Fecha", "Date"), "cited_by": ("Citada por", "Cited by"),
    "no": ("no", "no"), "unverified": ("número no confirmado", "number not confirmed"),
}


def _k(key: str, lang: str, table: dict[str, tuple[str, str]] = _F) -> str:
    es, en = table[key]
    return es if lang == "es" else en


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
            fields.append((_k(key, lang), value))

    def src(ids: tuple[str, ...]) -> str:
        return "\n".join(f"{s}: {lib.sources[s].title}" + (f" ({lib.sources[s].address})" if lib.sources[s].address else "")
                         if s in lib.sources else s for s in ids)

    rule_id = lib.aliases.get(ident, ident)
    if rule_id in lib.rules:
        r = lib.rules[rule_id]
        rs = lib.rulesets[r.ruleset_id]
        scale = rs.scales.get(r.scale)
        add("question", t(r.question))
        add("ruleset", f"{rs.id} {rs.version}")
        phase = next((p for p in rs.phases if p.id == r.phase), None)
        add("phase", t(phase.title) if phase else r.phase)
        crit = rs.criticalities.get(r.criticality)
        add("criticality", f"{t(crit.label) if crit else r.criticality} ({crit.weight:g})" if crit else r.criticality)
        scope = r.applies_to
        add("applies", ", ".join((*scope.institution_types, *scope.categories))
            + (f" [{', '.join(scope.levels)}]" if scope.levels else ""))
        add("responsible", ", ".join(t(_actor_name(lib, a)) + f" ({a})" for a in r.responsible))
        if scale:
            add("scale", " | ".join(f"{lv.value} = {t(lv.label)} ({lv.score:g})" for lv in scale.levels))
        add("target", r.target)
        if r.evidence_examples:
            add("evidence", t(r.evidence_examples) + (f" [≥ {r.evidence_from}]" if r.evidence_from else ""))
        add("guidance", "\n".join(f"{v}: {t(g)}" for v, g in r.guidance.items()))
        add("action", t(r.action))
        add("implements", "\n".join(_provision_line(lib, p, lang) for p in r.implements))
        add("aliases", ", ".join(r.aliases))
        if r.deprecated:
            add("deprecated", f"{r.deprecated.since} → {r.deprecated.replaced_by or '—'}: {t(r.deprecated.reason)}")
        return Entry(_k("rule", lang, _KIND), r.id, t(r.title), tuple(fields))
    if ident in lib.provisions:
        p = lib.provisions[ident]
        std = lib.standards[p.standard_id]
        add("standard", f"{t(std.title)} ({std.id}; {label('force.' + std.legal_force, lang)})")
        if p.parent_id:
            add("parent", f"{p.parent_id}: {t(lib.provisions[p.parent_id].title)}")
        add("text", t(p.text))
        if p.locator:
            add("locator", p.locator + ("" if p.locator_verified else f" ({_k('unverified', lang)})"))
        add("confidence", label("confidence." + p.confidence.value, lang))
        add("sources", src(p.sources))
        add("note", t(p.note))
        if not p.checkable:
            add("checkable", f"{_k('no', lang)}: {t(p.not_checkable_reason)}")
        add("children", "\n".join(f"{c}: {t(lib.provisions[c].title)}" for c in p.children if c in lib.provisions))
        add("rules", ", ".join(sorted(r.id for r in lib.rules.values() if ident in r.implements)))
        return Entry(_k("provision", lang, _KIND), p.id, t(p.title), tuple(fields))
    if ident in lib.weaknesses:
        w = lib.weaknesses[ident]
        add("description", t(w.description))
        add("condition", ", ".join(sorted({leaf.rule for leaf in leaves(w.when)})))
        add("recommendation", t(w.recommendation))
        add("responsible", ", ".join(t(_actor_name(lib, a)) + f" ({a})" for a in w.responsible))
        add("provisions", "\n".join(_provision_line(lib, p, lang) for p in w.provisions))
        add("sources", src(w.sources))
        return Entry(_k("weakness", lang, _KIND), w.id, t(w.title), tuple(fields))
    if ident in lib.institution_types:
        it = lib.institution_types[ident]
        add("description", t(it.description))
        add("country", it.country)
        add("levels", ", ".join(it.levels))
        add("categories", ", ".join(f"{c} ({t(lib.categories[c].name)})" if c in lib.categories else c
                                    for c in it.categories))
        add("sources", src(it.sources))
        add("rules", ", ".join(sorted(r.id for r in lib.rules.values() if ident in r.responsible)))
        title = t(it.name) + (f" ({it.acronym})" if it.acronym else "")
        return Entry(_k("institution", lang, _KIND), it.id, title, tuple(fields))
    if ident in lib.categories:
        c = lib.categories[ident]
        add("description", t(c.description))
        add("types", ", ".join(sorted(i.id for i in lib.institution_types.values() if ident in i.categories)))
        return Entry(_k("category", lang, _KIND), c.id, t(c.name), tuple(fields))
    if ident in lib.standards:
        s = lib.standards[ident]
        add("publisher", s.publisher)
        add("issued", s.issued)
        add("force", label("force." + s.legal_force, lang))
        add("description", t(s.description))
        add("identification", t(s.identification))
        add("sources", src(s.sources))
        add("provisions", str(len(s.provisions)))
        return Entry(_k("standard", lang, _KIND), s.id, t(s.title), tuple(fields))
    if ident in lib.rulesets:
        rs = lib.rulesets[ident]
        add("version", rs.version)
        add("description", t(rs.description))
        add("rules", str(len(rs.rules)))
        return Entry(_k("ruleset", lang, _KIND), rs.id, t(rs.title), tuple(fields))
    if ident in lib.sources:
        so = lib.sources[ident]
        add("publisher", so.publisher or "")
        add("date", so.date or "")
        add("type", so.type)
        add("address", so.address or "")
        add("note", t(so.note))
        users = sorted({p.standard_id for p in lib.provisions.values() if ident in p.sources}
                       | {w.id for w in lib.weaknesses.values() if ident in w.sources})
        add("cited_by", ", ".join(users))
        return Entry(_k("source", lang, _KIND), so.id, so.title, tuple(fields))
    known = [*lib.rules, *lib.aliases, *lib.provisions, *lib.weaknesses, *lib.institution_types,
             *lib.categories, *lib.standards, *lib.rulesets, *lib.sources]
    close = difflib.get_close_matches(ident, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"no rule, provision, weakness, institution, standard or source has the ID {ident!r}{hint}")


def _actor_name(lib: model.Library, ident: str) -> model.Text:
    found = lib.institution_types.get(ident) or lib.categories.get(ident)
    return found.name if found else model.Text(es=ident, en=ident)


def _provision_line(lib: model.Library, pid: str, lang: str) -> str:
    p = lib.provisions.get(pid)
    if p is None:
        return pid
    where = f" [{p.locator}{'' if p.locator_verified else '?'}]" if p.locator else ""
    return f"{pid}{where}: {p.title.get(lang)} ({label('confidence.' + p.confidence.value, lang)})"
