"""The state of an interactive self-assessment: which question, which answers. No I/O.

The terminal loop of ``brecha assess`` reads what the assessor types and hands it here;
every decision about answers (what a value means, which evidence is kept, when an
equivalent rule's answer may be offered) is made in this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from brecha import model
from brecha.errors import UsageError
from brecha.questions import Option, Question
from brecha.templating import Draft, applicable_rules, render_draft

__all__ = ["EvidenceEdit", "Option", "Question", "Session", "evidence_edit"]


class EvidenceEdit(StrEnum):
    """What a line typed at the evidence prompt does to the evidence already listed."""

    KEEP = "keep"  # Enter: leave it as it is
    ADD = "add"  # "+ item; item": add to the list
    REPLACE = "replace"  # "item; item": the new list
    CLEAR = "clear"  # "-": no evidence


def evidence_edit(typed: str) -> tuple[EvidenceEdit, list[str]]:
    """Read the evidence prompt: ``""`` keep, ``-`` clear, ``+ a; b`` add, ``a; b`` replace."""
    text = typed.strip()
    if not text:
        return EvidenceEdit.KEEP, []
    if text == "-":
        return EvidenceEdit.CLEAR, []
    if text.startswith("+"):
        return EvidenceEdit.ADD, _items(text[1:])
    return EvidenceEdit.REPLACE, _items(text)


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if not model.is_blank(item)]


@dataclass
class Session:
    """Walks the applicable rules of a draft in order; answers go into the draft."""

    lib: model.Library
    draft: Draft
    rules: list[model.Rule]
    index: int = 0
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def start(cls, lib: model.Library, draft: Draft, rulesets: tuple[str, ...] = ()) -> Session:
        """Open a session at the first unanswered question (or at the end when all are answered).

        ``rulesets`` limits the questions to those rule sets (all of the draft's when empty).

        Raises:
            UsageError: a rule set the draft does not use.
        """
        rules = applicable_rules(lib, draft)
        if rulesets:
            used = {rs for rs, _ in draft.rulesets}
            unknown = [rs for rs in rulesets if rs not in used]
            if unknown:
                raise UsageError("error.unknown_rulesets", unknown=", ".join(unknown), known=", ".join(sorted(used)))
            rules = [r for r in rules if r.ruleset_id in rulesets]
        session = cls(lib, draft, rules, equivalents=_equivalence(lib, rules))
        session.index = next((i for i, r in enumerate(session.rules) if not session.answered(r.id)),
                             len(session.rules))
        return session

    def answered(self, rule_id: str) -> bool:
        """Whether a rule has a value (a scale level or not_applicable)."""
        return bool((self.draft.answers.get(rule_id) or {}).get("value"))

    @property
    def current(self) -> model.Rule | None:
        """The rule being asked, or None at the end."""
        return self.rules[self.index] if self.index < len(self.rules) else None

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, total) over the applicable rules."""
        return sum(self.answered(r.id) for r in self.rules), len(self.rules)

    def entry(self, rule_id: str) -> dict[str, Any]:
        """A rule's answer as it stands (empty when unanswered)."""
        return self.draft.answers.get(rule_id) or {}

    def question(self) -> Question | None:
        """The current question as the assessor sees it, or None at the end."""
        rule = self.current
        if rule is None:
            return None
        rs = self.lib.rulesets[rule.ruleset_id]
        phase = next((p.title for p in rs.phases if p.id == rule.phase), rule.phase)
        options = tuple(Option(number=n, value=lv.value, label=lv.label,
                               hint=rule.level_description(lv))
                        for n, lv in enumerate(self.scale(rule).levels, 1))
        offered = self.offered()
        return Question(position=self.index + 1, total=len(self.rules), phase=phase, rule_id=rule.id,
                        title=rule.title, critical=rs.criticalities[rule.criticality].critical, text=rule.question,
                        options=options, evidence_examples=rule.evidence_examples,
                        current=self.entry(rule.id).get("value") or None,
                        evidence=tuple(self.entry(rule.id).get("evidence") or ()),
                        notes=self.entry(rule.id).get("notes"),
                        equivalent=offered[0] if offered else None,
                        equivalent_value=offered[1] if offered else None,
                        not_applicable=self.allows_not_applicable(rule),
                        confirmed_by=self.entry(rule.id).get("confirmed_by"))

    def allows_not_applicable(self, rule: model.Rule) -> bool:
        """Whether "not applicable" answers this rule: never for an absolute duty the institution holds."""
        itype = self.lib.institution_types.get(self.draft.institution)
        return not model.never_not_applicable(rule, itype, self.draft.level)

    def is_critical(self, rule: model.Rule) -> bool:
        """Whether the rule's criticality is marked critical (a "not applicable" then asks who confirmed it)."""
        return self.lib.rulesets[rule.ruleset_id].criticalities[rule.criticality].critical

    def scale(self, rule: model.Rule) -> model.Scale:
        """The answer scale of a rule."""
        return self.lib.rulesets[rule.ruleset_id].scales[rule.scale]

    def offered(self) -> tuple[str, str] | None:
        """For an unanswered current rule: an answered equivalent rule and its value, to confirm.

        The value must be on the current rule's scale (lint holds equivalent rules to one scale).
        """
        rule = self.current
        if rule is None or self.answered(rule.id):
            return None
        for other in self.equivalents.get(rule.id, ()):
            value = self.entry(other).get("value")
            if value == model.NOT_APPLICABLE and not self.allows_not_applicable(rule):
                continue
            if value and (value == model.NOT_APPLICABLE or self.scale(rule).level(value) is not None):
                return other, value
        return None

    def confirm_equivalent(self) -> str:
        """Give the current rule its equivalent's answer (value, evidence, notes, justification); move on.

        Returns:
            The ID of the rule whose answer was taken.

        Raises:
            UsageError: nothing is offered for the current rule.
        """
        offered = self.offered()
        rule = self.current
        if offered is None or rule is None:
            raise UsageError("error.no_question_left")
        source = self.entry(offered[0])
        copy = {"value": source["value"], "evidence": list(source.get("evidence") or [])}
        for key in ("notes", "justification", "confirmed_by"):
            if source.get(key):
                copy[key] = source[key]
        self.draft.answers[rule.id] = copy
        self.index += 1
        return offered[0]

    def read_value(self, typed: str) -> str | None:
        """The scale value meant by what was typed at the answer prompt (a number or a value)."""
        rule = self.current
        if rule is None:
            return None
        scale = self.scale(rule)
        text = typed.strip()
        if text.isdigit() and 0 < int(text) <= len(scale.levels):
            return scale.levels[int(text) - 1].value
        if scale.level(text) is not None:
            return text
        from brecha.consistency import suggest_value  # the same near misses a file is told about

        meant = suggest_value(scale, text)
        return meant if meant is not None and meant != model.NOT_APPLICABLE else None

    def answer(self, value: str, *, justification: str | None = None) -> None:
        """Record a value for the current rule (keeping its evidence and notes); stay on it.

        Raises:
            UsageError: a value not on the scale, not_applicable on an absolute duty the
                institution holds, or not_applicable without a justification.
        """
        rule = self.current
        if rule is None:
            raise UsageError("error.no_question_left")
        if value == model.NOT_APPLICABLE:
            if not self.allows_not_applicable(rule):
                raise UsageError("error.na_absolute", rule=rule.id, top=self.scale(rule).values[-1])
            if justification is None or model.is_empty_justification(justification):
                raise UsageError("error.na_needs_justification")
        elif self.scale(rule).level(value) is None:
            raise UsageError("error.not_an_answer", value=repr(value), rule=rule.id)
        entry = self.draft.answers.setdefault(rule.id, {"value": None, "evidence": []})
        entry["value"] = value
        if value == model.NOT_APPLICABLE:
            entry["justification"] = justification.strip() if justification else None
        else:
            entry.pop("justification", None)
            entry.pop("confirmed_by", None)

    def set_confirmed_by(self, rule_id: str, typed: str) -> bool:
        """Who confirmed that a not-applicable duty does not apply: ``""`` keeps it as it is, ``-``
        removes it, anything else replaces it; whether it changed.

        Raises:
            UsageError: the rule is not answered not_applicable, the text says nothing (no
                letter or digit), or it names one of the assessors (no confirmation from outside).
        """
        entry = self.draft.answers.setdefault(rule_id, {"value": None, "evidence": []})
        if entry.get("value") != model.NOT_APPLICABLE:
            raise UsageError("error.confirmed_without_na", rule=rule_id)
        before = entry.get("confirmed_by")
        text = typed.strip()
        if not text:
            return False
        if text == "-":
            entry.pop("confirmed_by", None)
        elif model.is_blank(text):
            raise UsageError("error.confirmed_blank")
        elif (who := model.self_confirmed(text, self.draft.assessors)) is not None:
            raise UsageError("error.confirmed_self", who=who)
        else:
            entry["confirmed_by"] = text
        return entry.get("confirmed_by") != before

    def edit_evidence(self, rule_id: str, how: EvidenceEdit, items: list[str]) -> bool:
        """Keep, add to, replace or clear a rule's evidence; whether anything changed."""
        entry = self.draft.answers.setdefault(rule_id, {"value": None, "evidence": []})
        before = list(entry.get("evidence") or [])
        match how:
            case EvidenceEdit.KEEP:
                after = before
            case EvidenceEdit.ADD:
                after = before + [i for i in items if i not in before]
            case EvidenceEdit.REPLACE:
                after = list(items)
            case EvidenceEdit.CLEAR:
                after = []
        entry["evidence"] = after
        return after != before

    def set_notes(self, rule_id: str, typed: str) -> bool:
        """Notes: ``""`` keeps them, ``-`` removes them, anything else replaces them; whether they changed."""
        entry = self.draft.answers.setdefault(rule_id, {"value": None, "evidence": []})
        before = entry.get("notes")
        text = typed.strip()
        if not text:
            return False
        if text == "-" or model.is_blank(text):
            entry.pop("notes", None)
        else:
            entry["notes"] = text
        return entry.get("notes") != before

    def annotate(self, rule_id: str, *, evidence: list[str] | None = None, notes: str | None = None) -> None:
        """Replace a rule's evidence list and/or notes."""
        if evidence is not None:
            self.edit_evidence(rule_id, EvidenceEdit.REPLACE, [e.strip() for e in evidence if not model.is_blank(e)])
        if notes is not None:
            self.set_notes(rule_id, notes if not model.is_blank(notes) else "-")

    def set_header(self, *, assessors: list[tuple[str, str | None]] | None = None, round: str | None = None) -> None:
        """Who assessed and which round (left as they are when ``None``)."""
        if assessors is not None:
            self.draft.assessors = assessors
        if round is not None:
            self.draft.round = round or None

    def next(self) -> None:
        """Go to the next question."""
        self.index = min(self.index + 1, len(self.rules))

    def skip(self) -> None:
        """Leave the current question as it is and go to the next."""
        self.next()

    def back(self) -> None:
        """Go to the previous question."""
        self.index = max(self.index - 1, 0)

    def text(self, lang: str) -> str:
        """The assessment file's text as it stands."""
        return render_draft(self.lib, self.draft, lang)


def _equivalence(lib: model.Library, rules: list[model.Rule]) -> dict[str, tuple[str, ...]]:
    """Rule asked -> its equivalent rules (declared on either side; answered in the file or this session)."""
    asked = {r.id for r in rules}
    pairs: dict[str, set[str]] = {}
    for rule in lib.rules.values():
        for other in rule.equivalent_to:
            pairs.setdefault(rule.id, set()).add(other)
            pairs.setdefault(other, set()).add(rule.id)
    return {rid: tuple(sorted(others)) for rid, others in pairs.items() if rid in asked}
