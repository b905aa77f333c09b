"""Conditions of weakness patterns: the operators, their records, how they are read and judged. Pure.

:data:`OPERATORS` is the one registry of the condition language. The loader reads a
condition through it (:func:`parse`), the evaluator judges one through it (:func:`holds`,
:func:`support`), lint and ``explain`` walk one with :func:`leaves`, and schema messages
list its comparisons. The rule-set JSON Schema spells the same operators;
``tests/test_conditions.py`` fails when the two differ.

Adding a comparison operator: one :class:`Operator` member and one :data:`OPERATORS`
entry here, its property in the schema's ``condition``, and a test.

Truth is three-valued (Kleene): a comparison on an unanswered, not-applicable or not-asked
rule is unknown (``None``), so silence never proves a weakness.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from itertools import pairwise, product
from math import prod
from typing import Any, ClassVar

from brecha.frozen import record

__all__ = [
    "COMPARISONS",
    "OPERATORS",
    "AllOf",
    "AnswerTest",
    "AnyOf",
    "Condition",
    "Facts",
    "Negation",
    "Operator",
    "OperatorSpec",
    "Worsening",
    "holds",
    "leaves",
    "parse",
    "support",
    "worsening",
]


class Operator(StrEnum):
    """Every key a condition may use besides ``rule`` (spelled as in rule-set files)."""

    ALL = "all"
    ANY = "any"
    NOT = "not"
    IS = "is"
    IN = "in"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    BELOW = "below"
    ABOVE = "above"
    EVIDENCED = "evidenced"


#: What a comparison compares an answer with: a scale value, a list of them, or a flag.
Value = str | tuple[str, ...] | bool


@record(kw_only=True)
class AnswerTest:
    """A leaf: one rule's answer compared with a value (or evidence present)."""

    rule: str
    op: Operator
    value: Value
    pointer: str  # JSON pointer of the operator key in its file, for located messages


@record(kw_only=True)
class AllOf:
    """True when every part is true."""

    op: ClassVar[Operator] = Operator.ALL
    items: tuple[Condition, ...]

    @property
    def parts(self) -> tuple[Condition, ...]:
        return self.items


@record(kw_only=True)
class AnyOf:
    """True when at least one part is true."""

    op: ClassVar[Operator] = Operator.ANY
    items: tuple[Condition, ...]

    @property
    def parts(self) -> tuple[Condition, ...]:
        return self.items


@record(kw_only=True)
class Negation:
    """True when its part is false."""

    op: ClassVar[Operator] = Operator.NOT
    item: Condition

    @property
    def parts(self) -> tuple[Condition, ...]:
        return (self.item,)


Condition = AnswerTest | AllOf | AnyOf | Negation


@record
class Facts:
    """What a condition may know of one rule: its ID, the answer, evidence, its scale.

    ``value`` is ``None`` when the rule is unanswered or answered not applicable.
    """

    rule_id: str
    value: str | None
    evidenced: bool
    levels: tuple[str, ...]  # the rule's scale values, lowest first

    def rank(self, value: str) -> int:
        """Position of ``value`` on the rule's scale (0 = lowest); -1 when unknown."""
        return self.levels.index(value) if value in self.levels else -1


Truth = bool | None


def _all(values: Sequence[Truth]) -> Truth:
    return False if False in values else (None if None in values else True)


def _any(values: Sequence[Truth]) -> Truth:
    return True if True in values else (None if None in values else False)


def _not(values: Sequence[Truth]) -> Truth:
    return None if values[0] is None else not values[0]


#: Truth over a set of cases at once: (cases where true, cases where false) as bit sets,
#: bit i standing for case i (the rest are unknown). The monotonicity proof judges a
#: condition in every combination of its rules' answers with a few integer operations
#: instead of one call per combination (lint of a large rule set spent a fifth of its time
#: in that walk).
Cases = tuple[int, int]


def _all_cases(parts: Sequence[Cases], every: int) -> Cases:
    """:func:`_all` over bit sets: true where every part is true, false where any is false."""
    true, false = every, 0
    for part_true, part_false in parts:
        true &= part_true
        false |= part_false
    return true, false


def _any_cases(parts: Sequence[Cases], every: int) -> Cases:
    """:func:`_any` over bit sets: true where any part is true, false where every part is false."""
    true, false = 0, every
    for part_true, part_false in parts:
        true |= part_true
        false &= part_false
    return true, false


def _not_cases(parts: Sequence[Cases], every: int) -> Cases:
    """:func:`_not` over bit sets: true and false swap, unknown stays unknown."""
    true, false = parts[0]
    return false, true


def _ranked(compare: Callable[[int, int], bool]) -> Callable[[Facts, Value], bool]:
    def test(facts: Facts, value: Value) -> bool:
        return compare(facts.rank(facts.value or ""), facts.rank(str(value)))
    return test


@record(kw_only=True)
class OperatorSpec:
    """How one operator is read and judged.

    A combinator has ``build`` (its parts -> node) and ``combine`` (its parts' truth ->
    its truth); a comparison has ``test`` (known answer, compared value -> truth).
    """

    meaning: str
    build: Callable[[Sequence[Condition]], Condition] | None = None
    combine: Callable[[Sequence[Truth]], Truth] | None = None
    negates: bool = False  # a part's support counts when the part is false
    test: Callable[[Facts, Value], bool] | None = None
    combine_cases: Callable[[Sequence[Cases], int], Cases] | None = None
    """``combine`` over many cases at once, for the monotonicity proof (see :data:`Cases`);
    a combinator without it is proven by the slower walk, case by case."""


OPERATORS: Mapping[Operator, OperatorSpec] = {
    Operator.ALL: OperatorSpec(
        meaning="every part is true", build=lambda parts: AllOf(items=tuple(parts)), combine=_all,
        combine_cases=_all_cases),
    Operator.ANY: OperatorSpec(
        meaning="at least one part is true", build=lambda parts: AnyOf(items=tuple(parts)), combine=_any,
        combine_cases=_any_cases),
    Operator.NOT: OperatorSpec(
        meaning="its part is false", build=lambda parts: Negation(item=parts[0]), combine=_not, negates=True,
        combine_cases=_not_cases),
    Operator.IS: OperatorSpec(
        meaning="the answer is this value", test=lambda f, v: f.value == v),
    Operator.IN: OperatorSpec(
        meaning="the answer is one of these values", test=lambda f, v: f.value in tuple(v)),  # type: ignore[arg-type]
    Operator.AT_LEAST: OperatorSpec(
        meaning="the answer is this level or higher", test=_ranked(lambda here, there: here >= there)),
    Operator.AT_MOST: OperatorSpec(
        meaning="the answer is this level or lower", test=_ranked(lambda here, there: here <= there)),
    Operator.BELOW: OperatorSpec(
        meaning="the answer is lower than this level", test=_ranked(lambda here, there: here < there)),
    Operator.ABOVE: OperatorSpec(
        meaning="the answer is higher than this level", test=_ranked(lambda here, there: here > there)),
    Operator.EVIDENCED: OperatorSpec(
        meaning="evidence is given (true) or not (false)", test=lambda f, v: f.evidenced == v),
}

#: The comparison operators, in registry order (for messages).
COMPARISONS: tuple[Operator, ...] = tuple(op for op, spec in OPERATORS.items() if spec.test is not None)
_COMBINATORS: tuple[Operator, ...] = tuple(op for op, spec in OPERATORS.items() if spec.build is not None)


def parse(data: Mapping[str, Any], pointer: str) -> Condition:
    """Build a condition from schema-valid data; ``pointer`` is where it sits in its file."""
    for op in _COMBINATORS:
        if op in data:
            spec = OPERATORS[op]
            assert spec.build is not None  # noqa: S101 - _COMBINATORS holds only these
            body = data[op]
            if isinstance(body, list):
                return spec.build([parse(item, f"{pointer}/{op}/{i}") for i, item in enumerate(body)])
            return spec.build([parse(body, f"{pointer}/{op}")])
    op = next(k for k in COMPARISONS if k in data)
    value = data[op]
    return AnswerTest(rule=data["rule"], op=op, value=tuple(value) if isinstance(value, list) else value,
                      pointer=f"{pointer}/{op}")


def holds(condition: Condition, facts: Mapping[str, Facts]) -> Truth:
    """Three-valued truth of a condition: True, False, or None (not enough information).

    ``facts`` maps every rule ID a condition may name (aliases included) to what is known
    of it; a rule missing from it (not asked) is unknown.
    """
    if isinstance(condition, AnswerTest):
        known = facts.get(condition.rule)
        if known is None or known.value is None:
            return None  # no information: a weakness is never inferred from silence
        test = OPERATORS[condition.op].test
        assert test is not None  # noqa: S101 - the loader builds leaves only from comparisons
        return test(known, condition.value)
    combine = OPERATORS[condition.op].combine
    assert combine is not None  # noqa: S101 - every node class has a combinator
    return combine([holds(part, facts) for part in condition.parts])


def support(condition: Condition, facts: Mapping[str, Facts], negated: bool = False) -> set[str]:
    """The rules whose answers make a true condition true (a comparison under a 'not' counts when false)."""
    if isinstance(condition, AnswerTest):
        return {facts[condition.rule].rule_id} if holds(condition, facts) is (not negated) else set()
    flip = negated != OPERATORS[condition.op].negates
    return set().union(*(support(part, facts, flip) for part in condition.parts))


def leaves(condition: Condition) -> Iterator[AnswerTest]:
    """Every comparison inside a condition, in document order."""
    if isinstance(condition, AnswerTest):
        yield condition
        return
    for part in condition.parts:
        yield from leaves(part)



@record
class Worsening:
    """A counterexample to monotonicity: improving ``before`` to ``after`` makes the condition hold.

    ``others`` is what is known of the other rules the condition names (``value`` None: unanswered).
    """

    before: Facts
    after: Facts
    others: tuple[Facts, ...]


def _states(rule_id: str, levels: tuple[str, ...], with_evidence: bool) -> list[Facts]:
    flags = (False, True) if with_evidence else (False,)
    return [Facts(rule_id, None, False, levels),
            *(Facts(rule_id, value, flag, levels) for value in levels for flag in flags)]


def _improvements(rule_id: str, levels: tuple[str, ...], with_evidence: bool) -> Iterator[tuple[Facts, Facts]]:
    """Every one-step improvement of an answer: the next level up, or evidence added."""
    flags = (False, True) if with_evidence else (False,)
    for flag in flags:
        for low, high in pairwise(levels):
            yield Facts(rule_id, low, flag, levels), Facts(rule_id, high, flag, levels)
    if with_evidence:
        for value in levels:
            yield Facts(rule_id, value, False, levels), Facts(rule_id, value, True, levels)


def worsening(condition: Condition, levels: Mapping[str, tuple[str, ...]],
              limit: int = 250_000) -> tuple[Worsening | None, bool]:
    """Prove that improving one answer never makes ``condition`` hold, by walking the scales.

    ``levels`` gives each named rule's scale (lowest first). For every rule the condition
    names, every one-step improvement (next level up; evidence added, where the condition
    asks about evidence) is tried against every state of the other named rules (each level,
    with and without evidence where it matters, or unanswered). Because a step is one level,
    a condition that survives every step survives any raise. Returns a counterexample, or
    None, and whether the walk was complete (False: more than ``limit`` states, not proven).
    The first counterexample in that order is returned: rules by ID, the other rules' states
    in :func:`itertools.product` order, then the steps in order.
    """
    named = sorted({leaf.rule for leaf in leaves(condition) if leaf.rule in levels})
    evidence = {leaf.rule for leaf in leaves(condition) if leaf.op is Operator.EVIDENCED}
    states = {rule: _states(rule, levels[rule], rule in evidence) for rule in named}
    if prod(len(found) for found in states.values()) <= _CASES_AT_ONCE and _judged_at_once(condition):
        return _worsening_at_once(condition, named, evidence, states, levels, limit)
    return _worsening_by_walk(condition, named, evidence, states, levels, limit)


#: Up to how many combinations of answers a condition is judged all at once (bit sets of this
#: many bits, 1 MiB each at most); beyond that, combination by combination.
_CASES_AT_ONCE = 1 << 23


def _judged_at_once(condition: Condition) -> bool:
    """Whether every combinator of ``condition`` can judge a set of cases at once."""
    if isinstance(condition, AnswerTest):
        return True
    return OPERATORS[condition.op].combine_cases is not None and all(map(_judged_at_once, condition.parts))


def _worsening_by_walk(condition: Condition, named: list[str], evidence: set[str],
                       states: dict[str, list[Facts]], levels: Mapping[str, tuple[str, ...]],
                       limit: int) -> tuple[Worsening | None, bool]:
    """:func:`worsening` by judging the condition once per combination of answers and step."""
    for rule in named:
        rest = [r for r in named if r != rule]
        if prod(len(states[r]) for r in rest) > limit:
            return None, False
        steps = list(_improvements(rule, levels[rule], rule in evidence))
        for others in product(*(states[r] for r in rest)):
            known = {f.rule_id: f for f in others}
            for before, after in steps:
                if holds(condition, {**known, rule: before}) is not True \
                        and holds(condition, {**known, rule: after}) is True:
                    return Worsening(before, after, tuple(others)), True
    return None, True


def _worsening_at_once(condition: Condition, named: list[str], evidence: set[str],
                       states: dict[str, list[Facts]], levels: Mapping[str, tuple[str, ...]],
                       limit: int) -> tuple[Worsening | None, bool]:
    """:func:`worsening` with every combination of answers judged at once, as bit sets.

    Combinations (cases) are numbered in mixed radix over the named rules, the first rule
    the most significant digit, so that with one rule's state fixed, ascending case numbers
    follow :func:`itertools.product`'s order of the others: the lowest case found is the
    walk's first counterexample. Each leaf is judged once per state of its rule with its
    registry ``test``; each combinator combines the bit sets with its ``combine_cases``.
    """
    stride: dict[str, int] = {}
    size = 1
    for rule in reversed(named):
        stride[rule] = size
        size *= len(states[rule])
    every = (1 << size) - 1

    def where(rule: str, chosen: Sequence[bool]) -> int:
        """The cases where ``rule`` is in one of the chosen states."""
        run, period = stride[rule], stride[rule] * len(states[rule])
        bits = sum(((1 << run) - 1) << (i * run) for i, yes in enumerate(chosen) if yes)
        while period < size:  # repeat the pattern over every combination of the rules before
            bits |= bits << period
            period *= 2
        return bits & every

    def cases(node: Condition) -> Cases:
        if isinstance(node, AnswerTest):
            if node.rule not in states:
                return 0, 0  # a rule not asked: unknown in every case
            test = OPERATORS[node.op].test
            assert test is not None  # noqa: S101 - the loader builds leaves only from comparisons
            truths = [None if f.value is None else test(f, node.value) for f in states[node.rule]]
            return where(node.rule, [t is True for t in truths]), where(node.rule, [t is False for t in truths])
        combine = OPERATORS[node.op].combine_cases
        assert combine is not None  # noqa: S101 - checked by _judged_at_once
        return combine([cases(part) for part in node.parts], every)

    true, _ = cases(condition)
    not_true = every & ~true
    for rule in named:
        rest = [r for r in named if r != rule]
        if prod(len(states[r]) for r in rest) > limit:
            return None, False
        run, place = stride[rule], {(f.value, f.evidenced): i for i, f in enumerate(states[rule])}
        best: tuple[int, int, int, Facts, Facts] | None = None
        for order, (before, after) in enumerate(_improvements(rule, levels[rule], rule in evidence)):
            low, high = place[before.value, before.evidenced], place[after.value, after.evidenced]
            # cases where the rule stands at `low`, the condition is not true there, and true
            # once the rule is raised to `high` (the same case shifted by the rule's digit)
            found = not_true & (true >> ((high - low) * run)) & where(rule, [i == low for i in range(len(place))])
            if found:
                case = (found & -found).bit_length() - 1
                key = (case - low * run, order)  # the others' combination first, then the step
                if best is None or key < best[:2]:
                    best = (*key, case, before, after)
        if best is not None:
            case = best[2]
            others = tuple(states[r][case // stride[r] % len(states[r])] for r in rest)
            return Worsening(best[3], best[4], others), True
    return None, True


