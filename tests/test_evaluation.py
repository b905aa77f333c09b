"""Evaluation of weakness conditions (three-valued).

Scores, gaps, evidence, notices and findings are tested as data: tests/cases/evaluation/
(see test_evaluation_cases.py). Tests that need code rather than a report fragment stay here.
"""

from __future__ import annotations

import pytest

from brecha import conditions
from brecha.conditions import holds


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
