"""Evaluation of weakness conditions (three-valued).

Scores, gaps, evidence, notices and findings are tested as data: tests/cases/evaluation/
(see test_evaluation_cases.py). Tests that need code rather than a report fragment stay here.
"""

from __future__ import annotations

import dataclasses

import pytest

from brecha import conditions, model
from brecha.conditions import holds
from brecha.evaluation import evaluate

from helpers import assessment


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
        """not_applicable on a critical rule takes it out of the score and caps, and says so loudly."""
        report = evaluate(assessment("agency-a", "federal", {
            "T-ENT-01": ("not_applicable", (), "No hay contacto"), "T-ENT-02": "monitored"}), mini)
        loud = [n for n in report.notices if n.loud]
        assert [n.code for n in loud] == ["many-not-applicable", "critical-not-applicable"]
        assert "T-ENT-01" in (loud[1].message.en or "") and report.not_applicable[0].critical

    def test_share_above_the_declared_one_is_loud(self, mini: model.Library) -> None:
        """One not_applicable of three (under the mini share of 0.4) is quiet; two of three is loud."""
        quiet = evaluate(assessment("office-b", "state", {"T-DEC-02": ("not_applicable", (), "Sin audiencias")}), mini)
        assert not any(n.loud for n in quiet.notices)
        loud = evaluate(assessment("office-b", "state", {"T-DEC-02": ("not_applicable", (), "Sin audiencias"),
                                                         "T-ENT-02": ("not_applicable", (), "Sin ingreso")}), mini)
        assert [n.code for n in loud.notices if n.loud] == ["many-not-applicable"]
