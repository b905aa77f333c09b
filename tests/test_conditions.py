"""The condition language: one registry of operators, agreeing with the schema and judged three-valued."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from brecha import conditions
from brecha.conditions import COMPARISONS, OPERATORS, AnswerTest, Facts, Operator, holds, leaves, parse, support
from brecha.schemas import load_schema

from helpers import MINI, ROOT


def _schema_operators() -> tuple[set[str], set[str]]:
    """(combinators, comparisons) as the rule-set JSON Schema spells them."""
    combinators: set[str] = set()
    comparisons: set[str] = set()
    for branch in load_schema("RuleSet")["$defs"]["condition"]["oneOf"]:
        keys = set(branch["properties"])
        if "rule" in keys:
            comparisons |= keys - {"rule"}
        else:
            combinators |= keys
    return combinators, comparisons


def test_schema_and_registry_name_the_same_operators() -> None:
    """Adding an operator to the schema but not the registry (or back) fails here, not on a user's file."""
    combinators, comparisons = _schema_operators()
    assert comparisons == set(COMPARISONS)
    assert combinators == {op for op, spec in OPERATORS.items() if spec.build is not None}
    assert set(OPERATORS) == set(Operator)


def test_each_operator_has_exactly_one_role() -> None:
    """An operator either combines parts (build + combine) or compares an answer (test)."""
    for op, spec in OPERATORS.items():
        combines = spec.build is not None and spec.combine is not None
        compares = spec.test is not None
        assert combines != compares, op
        assert spec.meaning, op


_FACTS = {
    "low": Facts(rule_id="low", value="never", evidenced=False, levels=("never", "sometimes", "always")),
    "mid": Facts(rule_id="mid", value="sometimes", evidenced=True, levels=("never", "sometimes", "always")),
}

#: One row per comparison operator: (operator, rule, compared value, expected truth).
#: A new operator needs its rows here; test_every_comparison_is_exercised enforces it.
_COMPARISON_CASES: list[tuple[Operator, str, Any, bool]] = [
    (Operator.IS, "mid", "sometimes", True),
    (Operator.IS, "mid", "always", False),
    (Operator.IN, "mid", ("never", "sometimes"), True),
    (Operator.IN, "low", ("sometimes", "always"), False),
    (Operator.AT_LEAST, "mid", "sometimes", True),
    (Operator.AT_LEAST, "mid", "always", False),
    (Operator.AT_MOST, "mid", "sometimes", True),
    (Operator.AT_MOST, "mid", "never", False),
    (Operator.BELOW, "low", "sometimes", True),
    (Operator.BELOW, "mid", "sometimes", False),
    (Operator.ABOVE, "mid", "never", True),
    (Operator.ABOVE, "mid", "always", False),
    (Operator.EVIDENCED, "mid", True, True),
    (Operator.EVIDENCED, "low", True, False),
    (Operator.EVIDENCED, "low", False, True),
]


@pytest.mark.parametrize(("op", "rule", "value", "expected"), _COMPARISON_CASES)
def test_comparison(op: Operator, rule: str, value: Any, expected: bool) -> None:
    """Each comparison, read from rule-set data, says true and false where it should."""
    leaf = parse({"rule": rule, str(op): list(value) if isinstance(value, tuple) else value}, "/when")
    assert leaf == AnswerTest(rule=rule, op=op, value=value, pointer=f"/when/{op}")
    assert holds(leaf, _FACTS) is expected


def test_every_comparison_is_exercised() -> None:
    """Each comparison operator has a true and a false case above."""
    seen = {(op, expected) for op, _, _, expected in _COMPARISON_CASES}
    assert {(op, truth) for op in COMPARISONS for truth in (True, False)} <= seen


@pytest.mark.parametrize("op", COMPARISONS)
def test_silence_is_unknown_for_every_comparison(op: Operator) -> None:
    """No comparison is true or false on an unanswered or not-asked rule."""
    unanswered = {"r": Facts(rule_id="r", value=None, evidenced=True, levels=("a", "b"))}
    value: Any = True if op is Operator.EVIDENCED else ("a",) if op is Operator.IN else "a"
    leaf = AnswerTest(rule="r", op=op, value=value, pointer="")
    assert holds(leaf, unanswered) is None
    assert holds(leaf, {}) is None


def test_parse_keeps_pointers_and_walks_in_order() -> None:
    """Nested conditions keep where each comparison sits, for located lint messages."""
    cond = parse({"all": [{"rule": "low", "is": "never"},
                          {"not": {"any": [{"rule": "mid", "at_least": "always"}, {"rule": "x", "evidenced": True}]}}]},
                 "/weaknesses/0/when")
    assert [(leaf.rule, leaf.pointer) for leaf in leaves(cond)] == [
        ("low", "/weaknesses/0/when/all/0/is"),
        ("mid", "/weaknesses/0/when/all/1/not/any/0/at_least"),
        ("x", "/weaknesses/0/when/all/1/not/any/1/evidenced")]
    assert isinstance(cond, conditions.AllOf)
    # low is never; not(mid >= always or x unknown) = not(False or None) is unknown (Kleene) ...
    assert holds(cond, _FACTS) is None
    # ... until x is answered: without evidence the 'any' is false, so the whole is true.
    assert holds(cond, {**_FACTS, "x": Facts(rule_id="x", value="a", evidenced=False, levels=("a",))}) is True


def test_support_names_the_rules_that_make_it_true() -> None:
    """A comparison under 'not' supports the finding when it is false."""
    cond = parse({"all": [{"rule": "low", "is": "never"}, {"not": {"rule": "mid", "is": "always"}}]}, "")
    assert holds(cond, _FACTS) is True
    assert support(cond, _FACTS) == {"low", "mid"}


def test_support_reports_the_current_id_of_a_renamed_rule() -> None:
    """A condition may still use a rule's old ID; the finding names the rule as it is called now."""
    facts = {"OLD-1": Facts(rule_id="NEW-1", value="a", evidenced=False, levels=("a",))}
    assert support(parse({"rule": "OLD-1", "is": "a"}, ""), facts) == {"NEW-1"}


def test_schema_message_lists_the_registry() -> None:
    """A comparison without an operator is told the operators the registry knows."""
    from brecha import api

    case = ROOT / "tests" / "cases" / "invalid" / "weakness-condition.yaml"
    result = api.lint([str(case)], str(MINI))
    wanted = f"a comparison needs an operator besides 'rule' ({', '.join(COMPARISONS)})"
    assert [i.message for i in result.issues if i.code == "schema"] == [wanted]


def test_importing_the_evaluator_loads_no_parser_and_no_interface() -> None:
    """The evaluator is pure: importing it pulls in neither YAML, JSON Schema, nor the terminal or CLI."""
    code = ("import sys, brecha.evaluation, brecha.scoring, brecha.conditions, brecha.versions\n"
            "print(','.join(sorted(m for m in ('yaml', 'jsonschema', 'jsonschema_rs', 'rich', 'typer', 'click',"
            " 'brecha.consistency', 'brecha.diffing', 'brecha.loading', 'brecha.cli') if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def _random_condition(rng: Any, rules: list[str], scales: dict[str, tuple[str, ...]], depth: int) -> Any:
    """A random condition as rule-set data: comparisons of any kind, combinators nested."""
    if depth == 0 or rng.random() < 0.35:
        rule = rng.choice(rules)
        levels = scales.get(rule, ("a", "b", "c"))
        op = rng.choice(COMPARISONS)
        value: Any = (rng.random() < 0.5 if op is Operator.EVIDENCED
                      else rng.sample(levels, rng.randint(1, len(levels))) if op is Operator.IN
                      else rng.choice(levels))
        return {"rule": rule, str(op): value}
    op = rng.choice(["all", "any", "not"])
    if op == "not":
        return {"not": _random_condition(rng, rules, scales, depth - 1)}
    return {op: [_random_condition(rng, rules, scales, depth - 1) for _ in range(rng.randint(1, 3))]}


def test_the_proof_at_once_finds_what_the_walk_finds() -> None:
    """The monotonicity proof judges all answers at once as bit sets; case by case must give the same answer.

    Same verdict and the same first counterexample (lint quotes it), over random conditions of
    up to four rules (one of them not asked), every operator, nested combinators.
    """
    import random

    rng = random.Random(20261129)  # noqa: S311 - test data, not secrets
    scales = {"r1": ("no", "partly", "yes"), "r2": ("never", "rarely", "often", "always"),
              "r3": ("a", "b"), "r4": ("l1", "l2", "l3", "l4", "l5")}
    found = 0
    for _ in range(400):
        rules = rng.sample([*scales, "gone"], rng.randint(1, 4))
        cond = parse(_random_condition(rng, rules, scales, 3), "/when")
        named = sorted({leaf.rule for leaf in leaves(cond) if leaf.rule in scales})
        evidence = {leaf.rule for leaf in leaves(cond) if leaf.op is Operator.EVIDENCED}
        states = {rule: conditions._states(rule, scales[rule], rule in evidence) for rule in named}
        for limit in (10, 250_000):  # a small limit: not proven, at the same rule
            walked = conditions._worsening_by_walk(cond, named, evidence, states, scales, limit)
            at_once = conditions._worsening_at_once(cond, named, evidence, states, scales, limit)
            assert at_once == walked, cond
        assert conditions.worsening(cond, scales) == walked
        found += walked[0] is not None
    assert 40 < found < 360  # both verdicts are exercised
