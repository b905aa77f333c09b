"""Self-assessment files as assessors see them: questions as comments, answers as data.

One writer serves ``brecha template`` (a blank file) and ``brecha assess`` (the same file
filled in as the assessor answers), so both produce the same hand-editable YAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from brecha import model
from brecha.errors import UsageError
from brecha.frozen import record
from brecha.i18n import tr
from brecha.sanitize import one_line
from brecha.yamlio import dump_text

__all__ = ["Draft", "Template", "applicable_rules", "applicable_rulesets", "assessment_schema", "build_template",
           "draft_from", "new_draft", "render_draft"]

@dataclass
class Draft:
    """A self-assessment being written: header fields and answers (plain, JSON-shaped)."""

    institution: str
    level: str
    name: str
    assessed_on: str
    rulesets: list[tuple[str, str]]
    jurisdiction: str | None = None
    round: str | None = None
    assessors: list[tuple[str, str | None]] = field(default_factory=list)
    illustrative: bool = False
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


def applicable_rulesets(lib: model.Library, itype: model.InstitutionType, level: str) -> list[model.RuleSet]:
    """Rule sets with at least one current rule that asks this institution, its own first.

    A rule set that names the institution type itself (a national one: the Ruta names the
    Procuraduría) comes before one that reaches it only through an actor category (a
    regional one), so an assessor answers the questions of their own framework first.
    """
    found = [rs for _, rs in sorted(lib.rulesets.items())
             if any(model.applies(r, itype, level) and not r.deprecated for r in rs.rules)]
    return sorted(found, key=lambda rs: (not any(itype.id in r.applies_to.institution_types for r in rs.rules),
                                         rs.id))


def applicable_rules(lib: model.Library, draft: Draft) -> list[model.Rule]:
    """The current rules that ask this institution, in questionnaire order (by stage, then ID)."""
    itype = lib.institution_types.get(draft.institution)
    ordered: list[model.Rule] = []
    for rs_id, _version in draft.rulesets:
        rs = lib.rulesets.get(rs_id)
        if rs is None:
            continue
        order = {p.id: i for i, p in enumerate(rs.phases)}
        rules = [r for r in rs.rules if model.applies(r, itype, draft.level) and not r.deprecated]
        ordered += sorted(rules, key=lambda r: (order.get(r.phase, len(order)), r.id))
    return ordered


def new_draft(lib: model.Library, institution: str, level: str, *, date: str,
              rulesets: Sequence[str] = (), name: str | None = None) -> Draft:
    """A blank draft for an institution type and level.

    Raises:
        UsageError: unknown institution type, level or rule set, or nothing to ask.
    """
    itype = lib.institution_types.get(institution)
    if itype is None:
        known = ", ".join(sorted(lib.institution_types))
        raise UsageError("error.unknown_type", type=repr(institution), known=known)
    level = model.level_id(lib, level) or level
    if level not in itype.levels:
        raise UsageError("error.level_of_type", type=repr(institution), levels=", ".join(itype.levels),
                         level=repr(level))
    if rulesets:
        unknown = [r for r in rulesets if r not in lib.rulesets]
        if unknown:
            raise UsageError("error.unknown_rulesets", unknown=", ".join(unknown), known=", ".join(sorted(lib.rulesets)))
        chosen = [lib.rulesets[r] for r in rulesets]
    else:
        chosen = applicable_rulesets(lib, itype, level)
    if not chosen:
        raise UsageError("error.nothing_to_ask", type=repr(institution), level=repr(level))
    return Draft(institution=institution, level=level, name=name or itype.name.get("es"), assessed_on=date,
                 rulesets=[(rs.id, rs.version) for rs in chosen])


def draft_from(assessment: model.Assessment) -> Draft:
    """A draft holding an existing assessment's header and answers."""
    inst = assessment.institution
    answers = {}
    for rule_id, a in assessment.answers.items():
        entry: dict[str, Any] = {"value": a.value, "evidence": [_evidence_entry(r) for r in a.records]
                                 if a.records else list(a.evidence)}
        if a.notes:
            entry["notes"] = a.notes
        if a.justification:
            entry["justification"] = a.justification
        if a.confirmed_by:
            entry["confirmed_by"] = a.confirmed_by
        answers[rule_id] = entry
    return Draft(institution=inst.type, level=inst.level, name=inst.name, jurisdiction=inst.jurisdiction,
                 assessed_on=assessment.assessed_on, round=assessment.round, assessors=list(assessment.assessors),
                 rulesets=[(r.id, r.version) for r in assessment.rulesets], illustrative=assessment.illustrative,
                 answers=answers)


def _comment(text: str, indent: str) -> list[str]:
    # one_line: a content text never breaks out of its comment or writes a control
    # character into the file (brecha would then refuse the file it wrote)
    return [f"{indent}# {one_line(line)}".rstrip() for line in text.splitlines() or [""]]


_EVIDENCE_FIELDS = ("title", "date", "link", "file", "verified_by")


def _evidence_entry(record: model.Evidence) -> str | dict[str, str]:
    """An evidence item as data: its title alone when that is all it has (the plain form)."""
    fields = {key: value for key in _EVIDENCE_FIELDS if (value := getattr(record, key)) is not None}
    return record.title if list(fields) == ["title"] else fields


def _evidence_text(item: str | dict[str, str]) -> str:
    if isinstance(item, str):
        return dump_text(item)
    return "{" + ", ".join(f"{key}: {dump_text(item[key])}" for key in _EVIDENCE_FIELDS if item.get(key)) + "}"


def _answer_lines(rule_id: str, entry: dict[str, Any] | None) -> list[str]:
    entry = entry or {}
    value = entry.get("value")
    out = [f"  {rule_id}:", f"    value: {dump_text(value) if value else ''}".rstrip()]
    evidence = entry.get("evidence") or []
    out.append("    evidence: []" if not evidence else "    evidence:")
    out += [f"      - {_evidence_text(item)}" for item in evidence]
    out.append(f"    notes: {dump_text(entry['notes'])}" if entry.get("notes") else "    notes:")
    if entry.get("justification"):
        out.append(f"    justification: {dump_text(entry['justification'])}")
    if entry.get("confirmed_by"):
        out.append(f"    confirmed_by: {dump_text(entry['confirmed_by'])}")
    return out


def _schema_command(draft: Draft) -> str:
    """The command that writes this file's rule-aware schema (answer values each rule accepts)."""
    sets = "".join(f" --ruleset {rs}" for rs, _ in draft.rulesets)
    return f"brecha schema assessment -i {draft.institution} -l {draft.level}{sets} -o assessment.schema.json"


def assessment_schema(lib: model.Library, draft: Draft, base: dict[str, Any], lang: str) -> dict[str, Any]:
    """``base`` (the self-contained assessment schema) narrowed to one institution: its type and
    level, its rule sets, and for each rule asked the answer values its scale accepts, with the
    question as description, so an editor completes and checks answers as it types.

    Answers to other rules stay valid here (lint warns about them), as in the general schema.
    """
    import copy

    schema = copy.deepcopy(base)
    schema["title"] = f"Assessment: {draft.institution} · {draft.level}"
    props = schema["properties"]
    inst = props["institution"]["properties"]
    inst["type"] = {"const": draft.institution}
    inst["level"] = {"const": draft.level}
    ids = [rs for rs, _ in draft.rulesets]
    props["rulesets"]["items"]["properties"]["id"] = {"enum": ids}
    answer = next(b for b in props["answers"]["additionalProperties"]["oneOf"] if b.get("type") == "object")
    itype = lib.institution_types.get(draft.institution)
    rules: dict[str, Any] = {}
    for rule in applicable_rules(lib, draft):
        scale = lib.rulesets[rule.ruleset_id].scales[rule.scale]
        refused = model.never_not_applicable(rule, itype, draft.level)
        values = [*scale.values] if refused else [*scale.values, model.NOT_APPLICABLE]
        labels = ", ".join(f"{lv.value} = {lv.label.get(lang)}" for lv in scale.levels)
        entry = copy.deepcopy(answer)
        entry["properties"]["value"] = {"enum": [*values, None], "description": labels}
        entry["description"] = f"{rule.title.get(lang)}: {rule.question.get(lang)}"
        rules[rule.id] = {"description": f"{rule.id} · {rule.title.get(lang)}", "oneOf": [{"type": "null"}, entry]}
    props["answers"]["properties"] = rules
    return schema


def render_draft(lib: model.Library, draft: Draft, lang: str) -> str:
    """The draft as YAML text: valid as it stands, questions and allowed answers as comments."""
    itype = lib.institution_types.get(draft.institution)
    out = [f"# {tr('template.head', lang)}", f"# {tr('template.blank', lang)}", f"# {tr('template.na', lang)}", f"# {tr('template.schema', lang, command=_schema_command(draft))}",
           "# yaml-language-server: $schema=assessment.schema.json",
           "kind: Assessment", "schema_version: 1"]
    if draft.illustrative:
        out.append("illustrative: true")
    out += ["institution:", f"  type: {draft.institution}", f"  level: {draft.level}",
            f"  name: {dump_text(draft.name)}" + ("" if draft.name != (itype.name.get('es') if itype else None)
                                                   else f"  # {tr('template.name', lang)}")]
    out.append(f"  jurisdiction: {dump_text(draft.jurisdiction)}" if draft.jurisdiction
               else f"  # jurisdiction: MX-XXX  # {tr('template.juris', lang)}")
    out.append(f"assessed_on: {dump_text(draft.assessed_on)}")
    if draft.round:
        out.append(f"round: {dump_text(draft.round)}")
    if draft.assessors:
        out.append("assessors:")
        for name, role in draft.assessors:
            out.append(f"  - name: {dump_text(name)}")
            if role:
                out.append(f"    role: {dump_text(role)}")
    else:
        out.append("assessors: []")
    out.append("rulesets:")
    for rs_id, version in draft.rulesets:
        out += [f"  - id: {rs_id}", f"    version: {dump_text(version)}"]
    out.append("answers:")
    asked = applicable_rules(lib, draft)
    current = None
    for rule in asked:
        rs = lib.rulesets[rule.ruleset_id]
        if (rs.id, rule.phase) != current:
            current = (rs.id, rule.phase)
            phase = next((p for p in rs.phases if p.id == rule.phase), None)
            out += ["", f"  # ── {phase.title.get(lang) if phase else rule.phase} ({rs.id}) ──"]
        scale = rs.scales[rule.scale]
        critical = rs.criticalities[rule.criticality].critical
        flag = f" [{tr('template.critical', lang)}]" if critical else ""
        out.append("")
        out += _comment(f"{rule.id}{flag} · {rule.title.get(lang)}", "  ")
        out += _comment(rule.question.get(lang), "  ")
        values = " | ".join(f"{lv.value} ({lv.label.get(lang)})" for lv in scale.levels)
        if model.never_not_applicable(rule, itype, draft.level):  # an absolute duty it holds
            na = tr("template.no_na", lang)
        else:
            na = f"not_applicable ({tr('template.needs_jc' if critical else 'template.needs_j', lang)})"
        out += _comment(f"{tr('template.values', lang)}: {values} | {na}", "  ")
        for value, guide in rule.guidance.items():
            out += _comment(f"  {value}: {guide.get(lang)}", "  ")
        if rule.evidence_examples:
            extra = f" ({tr('template.evidence_from', lang, v=rule.evidence_from)})" if rule.evidence_from else ""
            out += _comment(f"{tr('template.evidence', lang)}{extra}: {rule.evidence_examples.get(lang)}", "  ")
        out += _answer_lines(rule.id, draft.answers.get(rule.id))
    others = [rid for rid in sorted(draft.answers) if rid not in {r.id for r in asked}]
    if others:
        out += ["", f"  # ── {tr('template.other', lang)} ──"]
        for rid in others:
            out += _answer_lines(rid, draft.answers[rid])
    if not asked and not others:
        out.append("  {}")
    return "\n".join(out) + "\n"


@record
class Template:
    """A self-assessment document for ``brecha template``: the draft and the content it asks from."""

    lib: model.Library
    draft: Draft

    def text(self, lang: str) -> str:
        """The YAML text, with questions and allowed answers as comments in ``lang``."""
        return render_draft(self.lib, self.draft, lang)


def build_template(lib: model.Library, institution: str, level: str, *, lang: str, date: str,
                   rulesets: Sequence[str] = ()) -> str:
    """The YAML text of a blank self-assessment (every rule unanswered)."""
    return render_draft(lib, new_draft(lib, institution, level, date=date, rulesets=rulesets), lang)
