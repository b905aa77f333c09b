"""A blank self-assessment for one institution type and level, questions as comments."""

from __future__ import annotations

from collections.abc import Sequence

from brecha import model
from brecha.consistency import applies
from brecha.errors import UsageError
from brecha.yamlio import dump_text

__all__ = ["applicable_rulesets", "build_template"]

_WORDS = {
    "head": ("Autoevaluación de brecha: responda cada regla con uno de los valores indicados.",
             "brecha self-assessment: answer each rule with one of the values listed."),
    "blank": ("Deje 'value:' vacío si no tiene la información (cuenta como 0 y se lista).",
              "Leave 'value:' empty when you do not know (it counts as 0 and is listed)."),
    "na": ("not_applicable exige 'justification:'. Anote la evidencia en 'evidence:'.",
           "not_applicable needs a 'justification:'. List evidence under 'evidence:'."),
    "name": ("escriba el nombre oficial de la institución", "write the institution's official name"),
    "juris": ("código ISO 3166-2 de la entidad, p. ej. MX-ROO", "ISO 3166-2 code, e.g. MX-ROO"),
    "phase": ("Etapa", "Stage"),
    "values": ("Valores", "Values"),
    "needs_j": ("requiere justificación", "needs a justification"),
    "evidence": ("Evidencia", "Evidence"),
    "evidence_from": ("desde «{v}» se requiere evidencia", "from '{v}' evidence is required"),
    "critical": ("CRÍTICA", "CRITICAL"),
}


def _w(key: str, lang: str) -> str:
    es, en = _WORDS[key]
    return es if lang == "es" else en


def applicable_rulesets(lib: model.Library, itype: model.InstitutionType, level: str) -> list[model.RuleSet]:
    """Rule sets with at least one current rule that asks this institution."""
    return [rs for _, rs in sorted(lib.rulesets.items())
            if any(applies(r, itype, level) and not r.deprecated for r in rs.rules)]


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines() or [""]]


def build_template(lib: model.Library, institution: str, level: str, *, lang: str, date: str,
                   rulesets: Sequence[str] = ()) -> str:
    """The YAML text of a blank self-assessment (valid as it stands: all rules unanswered).

    Raises:
        UsageError: unknown institution type, level or rule set, or nothing to ask.
    """
    itype = lib.institution_types.get(institution)
    if itype is None:
        known = ", ".join(sorted(lib.institution_types))
        raise UsageError(f"unknown institution type {institution!r}; known: {known}")
    if level not in itype.levels:
        raise UsageError(f"{institution!r} exists at level(s) {', '.join(itype.levels)}, not {level!r}")
    if rulesets:
        unknown = [r for r in rulesets if r not in lib.rulesets]
        if unknown:
            raise UsageError(f"unknown rule set(s): {', '.join(unknown)}; known: {', '.join(sorted(lib.rulesets))}")
        chosen = [lib.rulesets[r] for r in rulesets]
    else:
        chosen = applicable_rulesets(lib, itype, level)
    if not chosen:
        raise UsageError(f"no rule set has questions for {institution!r} at level {level!r}")

    out = [f"# {_w('head', lang)}", f"# {_w('blank', lang)}", f"# {_w('na', lang)}",
           "kind: Assessment", "schema_version: 1", "institution:",
           f"  type: {institution}", f"  level: {level}",
           f"  name: {dump_text(itype.name.get(lang))}  # {_w('name', lang)}",
           f"  # jurisdiction: MX-XXX  # {_w('juris', lang)}",
           f"assessed_on: {dump_text(date)}", "assessors: []", "rulesets:"]
    for rs in chosen:
        out += [f"  - id: {rs.id}", f"    version: {dump_text(rs.version)}"]
    out.append("answers:")
    count = 0
    for rs in chosen:
        phases = {p.id: p for p in rs.phases}
        rules = [r for r in rs.rules if applies(r, itype, level) and not r.deprecated]
        order = {p.id: i for i, p in enumerate(rs.phases)}
        rules.sort(key=lambda r: (order.get(r.phase, len(order)), r.id))
        current = None
        for rule in rules:
            if rule.phase != current:
                current = rule.phase
                title = phases[rule.phase].title.get(lang) if rule.phase in phases else rule.phase
                out += ["", f"  # ── {_w('phase', lang)}: {title} ({rs.id}) ──"]
            scale = rs.scales[rule.scale]
            crit = rs.criticalities[rule.criticality]
            flag = f" [{_w('critical', lang)}]" if crit.critical else ""
            out.append("")
            out += _comment(f"{rule.id}{flag} · {rule.title.get(lang)}", "  ")
            out += _comment(rule.question.get(lang), "  ")
            values = " | ".join(f"{lv.value} ({lv.label.get(lang)})" for lv in scale.levels)
            out += _comment(f"{_w('values', lang)}: {values} | not_applicable ({_w('needs_j', lang)})", "  ")
            for value, guide in rule.guidance.items():
                out += _comment(f"  {value}: {guide.get(lang)}", "  ")
            if rule.evidence_examples:
                extra = f" ({_w('evidence_from', lang).format(v=rule.evidence_from)})" if rule.evidence_from else ""
                out += _comment(f"{_w('evidence', lang)}{extra}: {rule.evidence_examples.get(lang)}", "  ")
            out += [f"  {rule.id}:", "    value:", "    evidence: []", "    notes:"]
            count += 1
    if count == 0:
        out.append("  {}")
    return "\n".join(out) + "\n"
