"""Test helpers importable from any test module (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brecha import model
from brecha.errors import Location

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINI = TESTS / "fixtures" / "mini"


def assessment(itype: str, level: str, answers: dict[str, Any], *, rulesets: tuple[str, ...] = ("mini",),
               version: str = "1.0.0") -> model.Assessment:
    """Build an assessment directly (answers: rule -> value or (value, evidence, justification))."""
    built = {}
    for rule_id, spec in answers.items():
        value, evidence, justification = spec if isinstance(spec, tuple) else (spec, (), None)
        built[rule_id] = model.Answer(rule_id=rule_id, value=value, evidence=tuple(evidence), notes=None,
                                      justification=justification, location=Location("a.yaml"))
    return model.Assessment(
        institution=model.InstitutionProfile(type=itype, level=level, name="X", jurisdiction=None),
        assessed_on="2026-01-01", round=None, assessors=(),
        rulesets=tuple(model.RuleSetRef(id=r, version=version) for r in rulesets),
        answers=built, illustrative=False, fingerprint="sha256:" + "0" * 64, location=Location("a.yaml"))


def own_duties(lib: model.Library, itype: str, level: str, ruleset: str) -> list[model.Rule]:
    """The rules of ``ruleset`` that are duties of this institution type at this level."""
    kind = lib.institution_types[itype]
    return [rule for rule in lib.rulesets[ruleset].rules
            if not rule.deprecated and model.applies(rule, kind, level) and model.holds_duty(rule, kind)]


def top_answers(lib: model.Library, itype: str, level: str, ruleset: str) -> dict[str, Any]:
    """Every own duty answered at the top of its scale, with evidence (for :func:`assessment`)."""
    scales = lib.rulesets[ruleset].scales
    return {rule.id: (scales[rule.scale].values[-1], ("Registro 2026",), None)
            for rule in own_duties(lib, itype, level, ruleset)}
