"""Generated hostile inputs: the shapes that once made reporting cost without bound.

Each generator takes ``n`` and returns the bytes of one YAML file holding about ``n``
values and keys (what ``BRECHA_MAX_NODES`` counts), so one size parameter puts every
shape at the same distance from the limits. tests/test_bounds.py runs them small and
checks counts and memory; benchmarks/run.py (``--only bounds``) runs them at the
documented limits in fresh processes and records time and peak memory.

They are checked against the small library in tests/fixtures/mini.
"""

from __future__ import annotations

from collections.abc import Callable

HEAD = ("kind: Assessment\nschema_version: 1\ninstitution: {type: office-b, level: state, name: X}\n"
        'assessed_on: "2026-01-01"\nrulesets: [{id: mini, version: 1.0.0}]\n')
RULESET_HEAD = """\
kind: RuleSet
schema_version: 1
id: big
version: 1.0.0
title: {es: Grande, en: Big}
scales:
  - id: frequency
    title: {es: Frecuencia, en: Frequency}
    default_target: always
    levels:
      - {value: never, score: 0, label: {es: Nunca, en: Never}}
      - {value: always, score: 1, label: {es: Siempre, en: Always}}
criticalities:
  - {id: normal, label: {es: Normal, en: Normal}, weight: 1}
phases:
  - id: entry
    title: {es: Ingreso, en: Entry}
rating_bands:
  - {id: low, min_score: 0, label: {es: Bajo, en: Low}}
  - {id: high, min_score: 50, label: {es: Alto, en: High}}
"""


def numbers_in_a_list(n: int) -> bytes:
    """One answer whose evidence holds ``n`` numbers where texts belong: ``n`` schema errors."""
    return (HEAD + "answers:\n  T-DEC-01: {value: initial, evidence: [" + ",".join("1" for _ in range(n)) + "]}\n").encode()


def unknown_answers(n: int) -> bytes:
    """``n / 4`` answers to rules that do not exist: cross-check errors, each once with a hint."""
    count = max(1, n // 4)
    return (HEAD + "answers:\n" + "".join(f"  X-ABC-{i:07d}: {{value: initial}}\n" for i in range(count))).encode()


def duplicate_keys(n: int) -> bytes:
    """The same key ``n / 2`` times in one mapping."""
    return (HEAD + "answers: {}\n" + "x: 1\n" * max(1, n // 2)).encode()


def object_tags(n: int) -> bytes:
    """``n`` values each tagged to build an object."""
    return (HEAD + "answers:\n  T-DEC-01: {value: initial, evidence: [" + ",".join("!x 1" for _ in range(n)) + "]}\n").encode()


def unknown_fields(n: int) -> bytes:
    """An answer with ``n / 2`` fields the schema does not know."""
    fields = ", ".join(f"f{i}: 1" for i in range(max(1, n // 2)))
    return (HEAD + "answers:\n  T-DEC-01: {value: initial, " + fields + "}\n").encode()


def aliased_lists(n: int) -> bytes:
    """A list of 1,000 numbers, referred to ``n / 1,000`` times: a few bytes that expand to ``n`` values."""
    inner = "[" + ",".join("1" for _ in range(1000)) + "]"
    refs = ",".join("*a" for _ in range(max(1, n // 1001)))
    return (HEAD + f"answers:\n  T-DEC-01: {{value: initial, notes: &a {inner}, evidence: [{refs}]}}\n").encode()


def control_characters(n: int) -> bytes:
    """``n`` raw ESC characters inside texts."""
    return (HEAD + "answers:\n  T-DEC-01: {value: initial, notes: \"" + "\x1b" * n + "\"}\n").encode()


def long_value(n: int) -> bytes:
    """A rule ID of ``20 n`` characters and an unknown key as long: messages must not echo them."""
    long = "X" * (20 * n)
    return (HEAD + f"answers:\n  ? A-{long}\n  : {{value: initial}}\n  T-DEC-01:\n    value: initial\n"
            f"    ? k{long.lower()}\n    : 1\n").encode()


def repeated_items(n: int) -> bytes:
    """A weakness citing ``n / 2`` mappings as sources: uniqueItems once compared every pair of them."""
    items = ", ".join(f"{{a: {i % 7}}}" for i in range(max(2, n // 2)))
    return (RULESET_HEAD + """\
rules: []
weaknesses:
  - id: T-W99
    title: {es: D, en: W}
    description: {es: D, en: W}
    criticality: normal
    recommendation: {es: R, en: R}
    when: {rule: T-DEC-01, is: never}
    sources: [""" + items + "]\n").encode()


def wrong_conditions(n: int) -> bytes:
    """A weakness whose condition lists ``n / 3`` wrong comparisons: oneOf once kept every error of every branch."""
    leaves = ", ".join("{rule: 5, below: 1}" for _ in range(max(1, n // 3)))
    return (RULESET_HEAD + """\
rules: []
weaknesses:
  - id: T-W99
    title: {es: D, en: W}
    description: {es: D, en: W}
    criticality: normal
    sources: [src-one]
    recommendation: {es: R, en: R}
    when:
      all: [""" + leaves + "]\n").encode()


def deep_and_wide(n: int) -> bytes:
    """``n / 50`` lists nested 50 deep: every value's JSON pointer is long."""
    chain = "[" * 49 + "1" + "]" * 49
    return (HEAD + "answers:\n  T-DEC-01: {value: initial, evidence: [" + ",".join(chain for _ in range(max(1, n // 50)))
            + "]}\n").encode()


def many_rules(n: int) -> bytes:
    """A valid rule set of about ``n / 60`` rules: the honest large file."""
    rules = []
    for i in range(max(1, n // 60)):
        rules.append(f"""\
  - id: T-BIG-{i:06d}
    title: {{es: Regla {i}, en: Rule {i}}}
    question: {{es: "¿Se cumple la obligación {i}?", en: "Is duty {i} met?"}}
    scale: frequency
    criticality: normal
    phase: entry
    applies_to: {{institution_types: [office-b], levels: [state]}}
    responsible: [office-b]
    implements: [law.art-1]
    evidence: {{required_from: always, examples: {{es: Actas, en: Records}}}}
    guidance:
      never: {{es: Nunca, en: Never}}
    action: {{es: Cumplir, en: Comply}}
""")
    return (RULESET_HEAD + "rules:\n" + "".join(rules)).encode()


#: name -> generator; every shape the tests and the benchmark run.
SHAPES: dict[str, Callable[[int], bytes]] = {
    "numbers-in-a-list": numbers_in_a_list,
    "unknown-answers": unknown_answers,
    "duplicate-keys": duplicate_keys,
    "object-tags": object_tags,
    "unknown-fields": unknown_fields,
    "aliased-lists": aliased_lists,
    "control-characters": control_characters,
    "long-value": long_value,
    "repeated-items": repeated_items,
    "wrong-conditions": wrong_conditions,
    "deep-and-wide": deep_and_wide,
    "many-rules": many_rules,
}
