"""Checks the schemas cannot express: references, scales, coverage, translations."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping

from brecha import conditions, model
from brecha.codes import Code
from brecha.errors import Issue, Location, Severity
from brecha.yamlio import Document, escape_pointer

__all__ = ["check_assessment", "check_library"]

W = Severity.WARNING


def _hint(name: str, known: Iterable[str], lang: str = "en") -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    if not close:
        return ""
    return f"; ¿quiso decir {close[0]!r}?" if lang == "es" else f"; did you mean {close[0]!r}?"


class _Locator:
    """Finds the line of a field next to an object whose ID location is known."""

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self.documents = documents

    def __call__(self, location: Location, suffix: str) -> Location:
        pointer = location.pointer.rsplit("/", 1)[0] + suffix
        doc = self.documents.get(location.path)
        if doc is None:
            return Location(location.path, location.line, location.col, pointer)
        return doc.locate(pointer)


def check_library(lib: model.Library, documents: Mapping[str, Document] | None = None) -> list[Issue]:
    """Cross-check all loaded content; return errors and warnings.

    ``documents`` (path -> parsed document) lets problems point at the exact field.
    """
    issues: list[Issue] = []
    add = issues.append
    actors = {**lib.institution_types, **lib.categories}
    _at = _Locator(documents or {})

    def refs(where: Location, kind: str, names: Iterable[str], known: Iterable[str], code: Code,
             field: str | None = None) -> None:
        known_set = known if isinstance(known, (set, dict)) else set(known)
        for index, name in enumerate(names):
            if name not in known_set:
                at = _at(where, f"/{field}/{index}") if field else where
                add(Issue(at, code, f"unknown {kind} {name!r}{_hint(name, known_set)}"))

    def texts(where: Location, **fields: model.Text | None) -> None:
        for name, text in fields.items():
            if text is not None and text.missing():
                add(Issue(where, Code.MISSING_TRANSLATION,
                          f"{name} has no {'/'.join(text.missing())} text", W))

    for std in lib.standards.values():
        refs(_at(std.location, ""), "source", std.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")
        texts(std.location, title=std.title, description=std.description)
        for prov in std.provisions:
            refs(prov.location, "source", prov.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")
            texts(prov.location, title=prov.title, text=prov.text)
    for itype in lib.institution_types.values():
        refs(itype.location, "level", itype.levels, lib.levels, Code.UNKNOWN_LEVEL, "levels")
        refs(itype.location, "actor category", itype.categories, lib.categories, Code.UNKNOWN_CATEGORY, "categories")
        refs(itype.location, "source", itype.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")

    covered: set[str] = set()
    used_actors: set[str] = set()
    for rs in lib.rulesets.values():
        issues.extend(_check_vocabulary(rs))
        used_scales: set[str] = set()
        for rule in rs.rules:
            loc = rule.location
            used_scales.add(rule.scale)
            scale = rs.scales.get(rule.scale)
            if scale is None:
                add(Issue(_at(loc, "/scale"), Code.UNKNOWN_SCALE,
                          f"unknown scale {rule.scale!r}{_hint(rule.scale, rs.scales)}"))
            if rule.criticality not in rs.criticalities:
                add(Issue(_at(loc, "/criticality"), Code.UNKNOWN_CRITICALITY,
                          f"unknown criticality {rule.criticality!r}{_hint(rule.criticality, rs.criticalities)}"))
            phases = {p.id for p in rs.phases}
            if rule.phase not in phases:
                add(Issue(_at(loc, "/phase"), Code.UNKNOWN_PHASE,
                          f"unknown phase {rule.phase!r}{_hint(rule.phase, phases)}"))
            refs(loc, "institution type", rule.applies_to.institution_types,
                 lib.institution_types, Code.UNKNOWN_INSTITUTION, "applies_to/institution_types")
            refs(loc, "actor category", rule.applies_to.categories,
                 lib.categories, Code.UNKNOWN_CATEGORY, "applies_to/categories")
            refs(loc, "level", rule.applies_to.levels, lib.levels, Code.UNKNOWN_LEVEL, "applies_to/levels")
            refs(loc, "institution type or actor category", rule.responsible,
                 actors, Code.UNKNOWN_INSTITUTION, "responsible")
            refs(loc, "provision", rule.implements, lib.provisions, Code.UNKNOWN_PROVISION, "implements")
            used_actors.update(rule.responsible, rule.applies_to.institution_types, rule.applies_to.categories)
            if scale is not None:
                for what, value in (("target", rule.target), ("evidence.required_from", rule.evidence_from)):
                    if value is not None and scale.level(value) is None:
                        add(Issue(_at(loc, "/" + what.replace(".", "/")), Code.UNKNOWN_VALUE,
                                  f"{what} {value!r} is not on scale {scale.id!r} "
                                  f"(allowed: {', '.join(scale.values)})"))
                for value in rule.guidance:
                    if scale.level(value) is None:
                        add(Issue(_at(loc, "/guidance"), Code.UNKNOWN_VALUE,
                                  f"guidance for {value!r}, which is not on scale {scale.id!r} "
                                  f"(allowed: {', '.join(scale.values)})"))
            if rule.deprecated and rule.deprecated.replaced_by and \
                    rule.deprecated.replaced_by not in lib.rules:
                add(Issue(_at(loc, "/deprecated/replaced_by"), Code.UNKNOWN_RULE,
                          f"replaced_by names unknown rule {rule.deprecated.replaced_by!r}"))
            if not rule.deprecated:
                covered.update(rule.implements)
            texts(loc, title=rule.title, question=rule.question, action=rule.action,
                  **{"evidence.examples": rule.evidence_examples})
            if rule.evidence_examples is None:
                add(Issue(loc, Code.NO_EVIDENCE_GUIDANCE,
                          f"rule {rule.id} says nothing about the evidence that backs a high answer", W))
            crit = rs.criticalities.get(rule.criticality)
            basis = [lib.provisions[p] for p in rule.implements if p in lib.provisions]
            if crit and crit.critical and basis and all(
                    p.confidence is model.Confidence.INFERRED for p in basis):
                add(Issue(loc, Code.WEAK_BASIS,
                          f"critical rule {rule.id} rests only on inferred provisions", W))
        for weak in rs.weaknesses:
            loc = weak.location
            if weak.criticality not in rs.criticalities:
                add(Issue(_at(loc, "/criticality"), Code.UNKNOWN_CRITICALITY,
                          f"unknown criticality {weak.criticality!r}"))
            refs(loc, "source", weak.sources, lib.sources, Code.UNKNOWN_SOURCE, "sources")
            refs(loc, "provision", weak.provisions, lib.provisions, Code.UNKNOWN_PROVISION, "provisions")
            refs(loc, "institution type or actor category", weak.responsible,
                 actors, Code.UNKNOWN_INSTITUTION, "responsible")
            texts(loc, title=weak.title, description=weak.description, recommendation=weak.recommendation)
            for leaf in conditions.leaves(weak.when):
                target = lib.rules.get(leaf.rule) or lib.rules.get(lib.aliases.get(leaf.rule, ""))
                leaf_loc = _at(Location(loc.path, loc.line, loc.col, "/x"), leaf.pointer)
                if target is not None and target.id != leaf.rule:
                    add(Issue(leaf_loc, Code.RENAMED_RULE, f"condition uses {leaf.rule}, now called {target.id}", W))
                if target is None:
                    add(Issue(leaf_loc, Code.UNKNOWN_RULE,
                              f"condition names unknown rule {leaf.rule!r}{_hint(leaf.rule, lib.rules)}"))
                    continue
                if target.deprecated:
                    add(Issue(leaf_loc, Code.DEPRECATED_REFERENCE,
                              f"condition uses deprecated rule {leaf.rule}", W))
                scale = lib.rulesets[target.ruleset_id].scales.get(target.scale)
                compared = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
                for wanted in compared:
                    if isinstance(wanted, str) and scale and scale.level(wanted) is None \
                            and wanted != model.NOT_APPLICABLE:
                        add(Issue(leaf_loc, Code.UNKNOWN_VALUE,
                                  f"condition compares {leaf.rule} with {wanted!r}, which is not on "
                                  f"its scale (allowed: {', '.join(scale.values)})"))
        for index, scale_id in enumerate(rs.scales):
            if scale_id not in used_scales:
                add(Issue(_at(rs.location, f"/scales/{index}/id"), Code.UNUSED_SCALE,
                          f"scale {scale_id!r} is used by no rule", W))
        texts(_at(rs.location, "/title"), title=rs.title, description=rs.description)
        for scale in rs.scales.values():
            texts(rs.location, **{f"scale {scale.id}": scale.title},
                  **{f"level {lv.value}": lv.label for lv in scale.levels})
        for phase in rs.phases:
            texts(rs.location, **{f"phase {phase.id}": phase.title})

    for prov in lib.provisions.values():
        if prov.checkable and not prov.children and prov.id not in covered:
            add(Issue(prov.location, Code.UNCOVERED_PROVISION,
                      f"provision {prov.id} is implemented by no rule; add a rule or mark it "
                      "'checkable: false' with a reason", W))
    if lib.rulesets:
        everyone: list[model.InstitutionType | model.ActorCategory] = [
            *lib.institution_types.values(), *lib.categories.values()]
        reached = used_actors | {t.id for t in lib.institution_types.values()
                                 if any(c in used_actors for c in t.categories)}
        for actor in everyone:
            if actor.id not in reached:
                add(Issue(actor.location, Code.UNUSED_INSTITUTION,
                          f"{actor.id!r} is named by no rule", W))
    return issues


def _check_vocabulary(rs: model.RuleSet) -> list[Issue]:
    issues: list[Issue] = []
    for scale in rs.scales.values():
        values = scale.values
        where = Location(rs.location.path, rs.location.line, rs.location.col, "/scales")
        if len(set(values)) != len(values):
            issues.append(Issue(where, Code.DUPLICATE_ID, f"scale {scale.id!r} repeats a value"))
        if model.NOT_APPLICABLE in values:
            issues.append(Issue(where, Code.RESERVED_VALUE,
                                f"scale {scale.id!r} may not define {model.NOT_APPLICABLE!r}: "
                                "it is reserved for rules that do not apply"))
        scores = [lv.score for lv in scale.levels]
        if scores != sorted(scores):
            issues.append(Issue(where, Code.SCALE_ORDER,
                                f"scale {scale.id!r}: scores must not decrease from the first "
                                "level to the last (lowest first)"))
        if scale.level(scale.default_target) is None:
            issues.append(Issue(where, Code.UNKNOWN_VALUE,
                                f"scale {scale.id!r}: default_target {scale.default_target!r} is "
                                f"not one of its values ({', '.join(values)})"))
    bands = rs.rating_bands
    where = Location(rs.location.path, rs.location.line, rs.location.col, "/rating_bands")
    if bands and bands[0].min_score != 0:
        issues.append(Issue(where, Code.RATING_BANDS, "the lowest rating band must start at 0"))
    if len({b.min_score for b in bands}) != len(bands) or len({b.id for b in bands}) != len(bands):
        issues.append(Issue(where, Code.RATING_BANDS, "rating bands must have distinct IDs and minimums"))
    for name, ids in (("phase", [p.id for p in rs.phases]),
                      ("scale", list(rs.scales)), ("criticality", list(rs.criticalities))):
        if len(set(ids)) != len(ids):
            issues.append(Issue(where, Code.DUPLICATE_ID, f"a {name} ID is defined twice"))
    return issues


def check_assessment(a: model.Assessment, lib: model.Library, doc: Document) -> list[Issue]:
    """Check an assessment's references against the library: errors and warnings (in es and en)."""
    issues: list[Issue] = []
    add = issues.append
    inst = a.institution
    itype = lib.institution_types.get(inst.type)
    if itype is None:
        known = lib.institution_types
        add(Issue(doc.locate("/institution/type"), Code.UNKNOWN_INSTITUTION,
                  f"unknown institution type {inst.type!r}{_hint(inst.type, known)}",
                  es=f"tipo de institución desconocido {inst.type!r}{_hint(inst.type, known, 'es')}"))
    elif inst.level not in itype.levels:
        levels = ", ".join(itype.levels)
        add(Issue(doc.locate("/institution/level"), Code.UNKNOWN_LEVEL,
                  f"{inst.type!r} exists at level(s) {levels}, not {inst.level!r}",
                  es=f"{inst.type!r} existe en el nivel o niveles {levels}, no {inst.level!r}"))
    declared = set()
    for i, ref in enumerate(a.rulesets):
        rs = lib.rulesets.get(ref.id)
        if rs is None:
            known_rs = ", ".join(sorted(lib.rulesets)) or "—"
            add(Issue(doc.locate(f"/rulesets/{i}/id"), Code.UNKNOWN_RULESET,
                      f"unknown rule set {ref.id!r}{_hint(ref.id, lib.rulesets)} (known: {known_rs})",
                      es=f"conjunto de reglas desconocido {ref.id!r}{_hint(ref.id, lib.rulesets, 'es')} "
                         f"(conocidos: {known_rs})"))
            continue
        declared.add(ref.id)
        if rs.version != ref.version:
            add(Issue(doc.locate(f"/rulesets/{i}/version"), Code.RULESET_VERSION,
                      f"answered with {ref.id} {ref.version}; evaluating with {rs.version}", W,
                      es=f"respondida con {ref.id} {ref.version}; se evalúa con {rs.version}"))
    for rule_id, answer in a.answers.items():
        pointer = f"/answers/{escape_pointer(rule_id)}"
        issues.extend(_blank_texts(answer, pointer, doc))
        rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
        if rule is None:
            add(Issue(answer.location, Code.UNKNOWN_RULE,
                      f"answer to unknown rule {rule_id!r}{_hint(rule_id, lib.rules)}",
                      es=f"respuesta a una regla desconocida {rule_id!r}{_hint(rule_id, lib.rules, 'es')}"))
            continue
        if rule.id != rule_id:
            add(Issue(answer.location, Code.RENAMED_RULE,
                      f"rule {rule_id} is now called {rule.id}; the answer counts for {rule.id}", W,
                      es=f"la regla {rule_id} ahora se llama {rule.id}; la respuesta cuenta para {rule.id}"))
        if rule.ruleset_id not in declared:
            add(Issue(answer.location, Code.UNDECLARED_RULESET,
                      f"rule {rule.id} belongs to rule set {rule.ruleset_id!r}, which 'rulesets' does not list",
                      es=f"la regla {rule.id} pertenece al conjunto {rule.ruleset_id!r}, que 'rulesets' no incluye"))
            continue
        scale = lib.rulesets[rule.ruleset_id].scales.get(rule.scale)
        value = answer.value
        if value is not None and value != model.NOT_APPLICABLE and scale and scale.level(value) is None:
            allowed = ", ".join((*scale.values, model.NOT_APPLICABLE))
            add(Issue(doc.locate(pointer + "/value"), Code.UNKNOWN_VALUE,
                      f"{value!r} is not an answer to {rule.id}; allowed: {allowed}",
                      es=f"{value!r} no es una respuesta válida para {rule.id}; valores permitidos: {allowed}"))
        if itype is not None and not model.applies(rule, itype, inst.level):
            add(Issue(answer.location, Code.NOT_ASKED,
                      f"rule {rule.id} does not apply to {inst.type} at level {inst.level}; the answer is ignored", W,
                      es=f"la regla {rule.id} no aplica a {inst.type} en el nivel {inst.level}; se ignora la respuesta"))
    return issues



_BLANK = {
    "justification": ("the not_applicable justification", "la justificación de «no aplica»"),
    "evidence": ("an evidence item", "un elemento de evidencia"),
    "notes": ("the note", "la nota"),
}


def _blank_texts(answer: model.Answer, pointer: str, doc: Document) -> Iterator[Issue]:
    """Errors for texts of an answer that say nothing (no letter or digit): blank is nothing."""
    texts = [("justification", "/justification", answer.justification),
             *(("evidence", f"/evidence/{i}", item) for i, item in enumerate(answer.evidence)),
             ("notes", "/notes", answer.notes)]
    for what, suffix, text in texts:
        if isinstance(text, str) and model.is_blank(text):
            en, es = _BLANK[what]
            yield Issue(doc.locate(pointer + suffix), Code.BLANK_TEXT,
                        f"{en} of {answer.rule_id} says nothing ({text!r}): write what it means, "
                        "or remove the field",
                        es=f"{es} de {answer.rule_id} no dice nada ({text!r}): escriba su contenido "
                           "o borre el campo")
