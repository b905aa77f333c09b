"""The state of an interactive self-assessment: which question, which answers. No I/O."""

from __future__ import annotations

from dataclasses import dataclass

from brecha import model
from brecha.errors import UsageError
from brecha.questions import Option, Question
from brecha.templating import Draft, applicable_rules, render_draft

__all__ = ["Option", "Question", "Session"]



@dataclass
class Session:
    """Walks the applicable rules of a draft in order; answers go into the draft."""

    lib: model.Library
    draft: Draft
    rules: list[model.Rule]
    index: int = 0

    @classmethod
    def start(cls, lib: model.Library, draft: Draft) -> Session:
        """Open a session at the first unanswered question (or at the end when all are answered)."""
        session = cls(lib, draft, applicable_rules(lib, draft))
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

    def question(self) -> Question | None:
        """The current question as the assessor sees it, or None at the end."""
        rule = self.current
        if rule is None:
            return None
        rs = self.lib.rulesets[rule.ruleset_id]
        phase = next((p.title for p in rs.phases if p.id == rule.phase), rule.phase)
        options = tuple(Option(number=n, value=lv.value, label=lv.label,
                               hint=rule.guidance.get(lv.value) or lv.description)
                        for n, lv in enumerate(self.scale(rule).levels, 1))
        return Question(position=self.index + 1, total=len(self.rules), phase=phase, rule_id=rule.id,
                        title=rule.title, critical=rs.criticalities[rule.criticality].critical, text=rule.question,
                        options=options, evidence_examples=rule.evidence_examples,
                        current=(self.draft.answers.get(rule.id) or {}).get("value") or None)

    def scale(self, rule: model.Rule) -> model.Scale:
        """The answer scale of a rule."""
        return self.lib.rulesets[rule.ruleset_id].scales[rule.scale]

    def answer(self, value: str, *, justification: str | None = None) -> None:
        """Record a value for the current rule (keeping its evidence and notes) and move on.

        Raises:
            UsageError: a value not on the scale, or not_applicable without a justification.
        """
        rule = self.current
        if rule is None:
            raise UsageError("error.no_question_left")
        if value == model.NOT_APPLICABLE:
            if justification is None or model.is_blank(justification):
                raise UsageError("error.na_needs_justification")
        elif self.scale(rule).level(value) is None:
            raise UsageError("error.not_an_answer", value=repr(value), rule=rule.id)
        entry = self.draft.answers.setdefault(rule.id, {"value": None, "evidence": []})
        entry["value"] = value
        if value == model.NOT_APPLICABLE:
            entry["justification"] = justification.strip() if justification else None
        else:
            entry.pop("justification", None)
        self.index += 1

    def annotate(self, rule_id: str, *, evidence: list[str] | None = None, notes: str | None = None) -> None:
        """Replace a rule's evidence list and/or notes."""
        entry = self.draft.answers.setdefault(rule_id, {"value": None, "evidence": []})
        if evidence is not None:
            entry["evidence"] = [e.strip() for e in evidence if not model.is_blank(e)]
        if notes is not None:
            if not model.is_blank(notes):
                entry["notes"] = notes.strip()
            else:
                entry.pop("notes", None)

    def skip(self) -> None:
        """Leave the current question as it is and go to the next."""
        self.index = min(self.index + 1, len(self.rules))

    def back(self) -> None:
        """Go to the previous question."""
        self.index = max(self.index - 1, 0)

    def text(self, lang: str) -> str:
        """The assessment file's text as it stands."""
        return render_draft(self.lib, self.draft, lang)
