"""Evaluation of weakness conditions (three-valued).

Scores, gaps, evidence, notices and findings are tested as data: tests/cases/evaluation/
(see test_evaluation_cases.py). Tests that need code rather than a report fragment stay here.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from brecha import api, conditions, loading, model
from brecha.conditions import holds
from brecha.evaluation import evaluate
from brecha.i18n import Lang

from helpers import ROOT, assessment

EXAMPLES = ROOT / "examples"


class TestWeaknesses:
    @pytest.mark.parametrize(("items", "expected"), [
        ((True, True), True), ((True, None), None), ((False, None), False), ((None, None), None)])
    def test_kleene_all(self, items: tuple[bool | None, ...], expected: bool | None) -> None:
        """all: false dominates, then unknown."""
        leaves = {True: "a", False: "b", None: "c"}
        cond = conditions.AllOf(items=tuple(conditions.AnswerTest(rule=leaves[i], op=conditions.Operator.IS, value="x", pointer="")
                                     for i in items))
        lookup = _lookup()
        assert holds(cond, lookup) is expected
        assert holds(conditions.Negation(item=cond), lookup) is (None if expected is None else not expected)

    @pytest.mark.parametrize(("items", "expected"), [
        ((False, False), False), ((False, None), None), ((True, None), True)])
    def test_kleene_any(self, items: tuple[bool | None, ...], expected: bool | None) -> None:
        """any: true dominates, then unknown."""
        leaves = {True: "a", False: "b", None: "c"}
        cond = conditions.AnyOf(items=tuple(conditions.AnswerTest(rule=leaves[i], op=conditions.Operator.IS, value="x", pointer="")
                                      for i in items))
        assert holds(cond, _lookup()) is expected


def _lookup() -> dict[str, conditions.Facts]:
    def known(rule: str, value: str | None) -> conditions.Facts:
        return conditions.Facts(rule_id=rule, value=value, evidenced=False, levels=("y", "x"))
    return {"a": known("a", "x"), "b": known("b", "y"), "c": known("c", None)}


class TestOwnDuties:
    def test_scored_only_on_own_duties_with_who_else_must_act(self, mini: model.Library) -> None:
        """office-b answers T-ENT-02 through its category; agency-a, also responsible, is named, not scored."""
        report = evaluate(assessment("office-b", "state", {"T-ENT-02": "initial"}), mini)
        gap = next(g for g in report.gaps if g.rule_id == "T-ENT-02")
        assert [a.id for a in gap.also] == ["agency-a"]  # its own category is the same institution: not named
        assert [(c.actor.id, c.rules) for c in report.coordination] == [("agency-a", ("T-ENT-02",))]
        assert [c.id for c in report.institution_categories] == ["child-protection-authority"]

    def test_an_asked_rule_held_by_others_is_not_scored(self, mini: model.Library) -> None:
        """A rule that asks the institution but holds only others responsible leaves its score, with a notice."""
        rule = mini.rules["T-ENT-02"]
        others = dataclasses.replace(rule, responsible=("agency-a",))
        lib = dataclasses.replace(mini, rules={**mini.rules, "T-ENT-02": others}, rulesets={
            "mini": dataclasses.replace(mini.rulesets["mini"], rules=tuple(
                others if r.id == "T-ENT-02" else r for r in mini.rulesets["mini"].rules))})
        report = evaluate(assessment("office-b", "state", {"T-ENT-02": "absent"}), lib)
        assert "T-ENT-02" not in {g.rule_id for g in report.gaps}
        assert report.overall.rules == 2 and "not-own" in {n.code for n in report.notices}


class TestNotApplicable:
    def test_critical_not_applicable_is_loud(self, mini: model.Library) -> None:
        """not_applicable on a critical rule, unconfirmed, is said loudly; here one of two duties, over the
        share. It counts in the score as an unanswered critical duty, so it leaves no gap in what the
        score covers: the rating is provisional on it, not withheld."""
        report = evaluate(assessment("agency-a", "federal", {
            "T-ENT-01": ("not_applicable", (), "No hay contacto"), "T-ENT-02": "monitored"}), mini)
        loud = [n for n in report.notices if n.loud]
        assert [n.code for n in loud] == ["many-not-applicable", "critical-not-applicable"]
        assert report.results[0].withheld is None and report.results[0].provisional == ("T-ENT-01",)
        assert "T-ENT-01" in (loud[1].message.en or "") and report.not_applicable[0].critical

    def test_share_above_the_declared_one_is_loud(self, mini: model.Library) -> None:
        """One not_applicable of three (under the mini share of 0.4) is quiet; two of three is loud."""
        quiet = evaluate(assessment("office-b", "state", {"T-DEC-02": ("not_applicable", (), "Sin audiencias")}), mini)
        assert not any(n.loud for n in quiet.notices)
        loud = evaluate(assessment("office-b", "state", {"T-DEC-02": ("not_applicable", (), "Sin audiencias"),
                                                         "T-ENT-02": ("not_applicable", (), "Sin ingreso")}), mini)
        assert [n.code for n in loud.notices if n.loud] == ["many-not-applicable"]


EQUIVALENT = """\
kind: Assessment
schema_version: 1
institution: {type: inm, level: federal, name: INM test office, jurisdiction: MX-CHP}
assessed_on: "2026-01-01"
rulesets: [{id: ruta-mx, version: %s}, {id: crm-regional, version: %s}]
answers:
  MX-ING-07: {value: implementado}
  CRM-LIB-01: {value: %s}
  CRM-DET-04: {value: %s}
  MX-ING-04: {value: %s}
"""


def _equivalent(tmp_path: Path, lib: model.Library, det04: str, lib01: str = "siempre",
                ing04: str = "siempre") -> str:
    path = tmp_path / "equivalent.yaml"
    path.write_text(EQUIVALENT % (lib.rulesets["ruta-mx"].version, lib.rulesets["crm-regional"].version,
                                  lib01, det04, ing04), encoding="utf-8")
    return str(path)


def test_equivalent_rules_answered_differently_are_flagged(tmp_path: Path) -> None:
    """One practice cannot be both: lint warns at the later answer naming the earlier, evaluate notices loudly."""
    lib = api.load_content()
    assert ("CRM-DET-04", "MX-ING-07") in model.equivalent_pairs(lib)
    path = _equivalent(tmp_path, lib, det04="inicial")
    issues = [i for i in api.lint([path]).issues if i.code == "equivalent-answers"]
    assert [(i.location.line, i.severity.value) for i in issues] == [(9, "warning")]
    text = issues[0].format(Lang.EN)
    assert f"{path}:9:3: warning [equivalent-answers] CRM-DET-04 is answered 'inicial', but MX-ING-07" in text
    assert f"answered 'implementado' at {path}:7:3: one practice cannot be both" in text
    assert "CRM-DET-04 tiene la respuesta 'inicial', pero MX-ING-07" in issues[0].format(Lang.ES)
    assert f"tiene 'implementado' en {path}:7:3" in issues[0].format(Lang.ES)
    report = api.evaluate_path(path)
    (notice,) = [n for n in report.notices if n.code == "equivalent-answers"]
    assert notice.loud
    # a reader is shown the answers as the questionnaire words them, not the values typed in the file
    assert notice.message.get("en").startswith("CRM-DET-04 (answered 'Initial', line 9) and MX-ING-07 (answered "
                                               "'Implemented', line 7) ask the same duty")
    assert notice.message.get("es").startswith("CRM-DET-04 (respuesta «Inicial», línea 9) y MX-ING-07 (respuesta "
                                               "«Implementado», línea 7)")
    # both still count as answered, each in its own rule set
    by_rule = {g.rule_id: g for g in report.gaps}
    assert by_rule["CRM-DET-04"].answer == "inicial" and "MX-ING-07" not in by_rule


def test_equivalent_rules_answered_alike_are_not_flagged(tmp_path: Path) -> None:
    """The same answer on both sides, and an equivalence in the other direction differing, are told apart."""
    lib = api.load_content()
    same = _equivalent(tmp_path, lib, det04="implementado")
    assert not [i for i in api.lint([same]).issues if i.code == "equivalent-answers"]
    assert not [n for n in api.evaluate_path(same).notices if n.code == "equivalent-answers"]
    other = _equivalent(tmp_path, lib, det04="implementado", lib01="nunca")
    (issue,) = [i for i in api.lint([other]).issues if i.code == "equivalent-answers"]
    assert issue.location.line == 10 and "MX-ING-04" in issue.format(Lang.EN)


_SELF = {"procuraduria-proteccion": r"\ba la Procuradur", "dif": r"\bal DIF\b", "inm": r"\bal INM\b",
         "comar": r"\ba la COMAR\b", "sipinna": r"\bal SIPINNA\b"}


def test_no_institution_is_told_to_refer_a_child_or_report_to_itself() -> None:
    """Read as each institution type a rule applies to, its action never sends the child, the notice
    or the report to that same institution (a DIF told to channel to DIF, a Procuraduría to notify
    the Procuraduría)."""
    lib = api.load_content()
    for rule in lib.rules.values():
        for tid in rule.applies_to.institution_types:
            itype = lib.institution_types[tid]
            action = rule.action_of(model.own_actors(itype))
            if tid in _SELF:
                assert not re.search(_SELF[tid], action.es or ""), (rule.id, tid, action.es)


def test_the_action_is_worded_for_the_institution_that_reads_it() -> None:
    """MX-ISN-08 tells INM not to decide a return without a plan; the Procuraduría, which does not
    decide returns, reads its own act: no return recommended in a plan without a risk analysis."""
    lib = api.load_content()
    rule = lib.rules["MX-ISN-08"]
    mine = rule.action_for["procuraduria-proteccion"]
    assert mine.es != rule.action.es
    for path, expected in (("procuraduria-estatal-norte.yaml", mine), ("inm-oficina-chiapas.yaml", rule.action)):
        report = evaluate(loading.load_assessment(str(EXAMPLES / path), lib), lib)
        gap = next(g for g in report.gaps if g.rule_id == "MX-ISN-08")
        assert gap.action == expected, path
