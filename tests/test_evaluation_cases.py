"""Evaluation cases as data, in the spirit of yamllint's rule tests.

Each folder tests/cases/evaluation/NAME/ holds ``assessment.yaml`` (evaluated against the
small library in tests/fixtures/mini) and ``expected.yaml``: a fragment of the JSON report
(``brecha evaluate --format json``). A mapping in the fragment must match the same keys
in the report (other keys are ignored); a list must have exactly as many items, each
matching in turn; numbers match to 1e-6. A comment at the top of ``expected.yaml`` says
what the case shows. A new case is a new folder; no code changes.

The small library is read together with tests/fixtures/judged.yaml, a rule set made for
the judgment cases (ten equal weights, one critical rule, caps, a duty held by another
institution and one held jointly), so that a cap can bind and a notice can show. Cases
in tests/cases/evaluation-shipped/ are evaluated against the bundled content instead:
they pin what the shipped rule sets decide (which one heads a report).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from brecha import api, evaluation, loading, model
from brecha.renderers import json as json_report

from helpers import MINI, TESTS

SMALL = sorted(p for p in (TESTS / "cases" / "evaluation").iterdir() if p.is_dir())
SHIPPED = sorted(p for p in (TESTS / "cases" / "evaluation-shipped").iterdir() if p.is_dir())
CASES = SMALL + SHIPPED


@functools.cache
def _library(shipped: bool) -> model.Library:
    if shipped:
        return api.load_content()
    return loading.load_library([str(MINI), str(TESTS / "fixtures" / "judged.yaml")])


def mismatches(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``actual`` departs from the ``expected`` fragment (empty when it matches)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where or '/'}: expected a mapping, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{where}/{key}: missing from the report")
            else:
                found += mismatches(value, actual[key], f"{where}/{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} item(s), got {actual!r}"]
        return [m for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for m in mismatches(e, a, f"{where}/{i}")]
    numbers = (int, float)
    if isinstance(expected, numbers) and not isinstance(expected, bool) \
            and isinstance(actual, numbers) and not isinstance(actual, bool):
        return [] if math.isclose(expected, actual, abs_tol=1e-6) else [f"{where}: expected {expected}, got {actual}"]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_evaluation_case(case: Path) -> None:
    """The report of the case's assessment contains the expected fragment."""
    library = _library(case in SHIPPED)
    report = evaluation.evaluate(loading.load_assessment(str(case / "assessment.yaml"), library), library)
    actual = json.loads(json_report.render(report, "en"))
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(expected, dict) and expected, "expected.yaml must hold a non-empty mapping"
    assert mismatches(expected, actual) == []


def test_every_case_is_complete() -> None:
    """No case folder is silently skipped for a missing or misnamed file."""
    assert len(SMALL) >= 10 and len(SHIPPED) >= 2
    for case in CASES:
        assert sorted(p.name for p in case.iterdir()) == ["assessment.yaml", "expected.yaml"], case


@pytest.mark.parametrize(("expected", "actual", "found"), [
    ({"a": 1}, {"a": 1, "b": 2}, []),
    ({"a": 1}, {"a": 1.0000000001}, []),
    ({"a": 1}, {"a": 1.1}, ["/a: expected 1, got 1.1"]),
    ({"a": {"b": "x"}}, {"a": {}}, ["/a/b: missing from the report"]),
    ({"l": [{"id": "x"}]}, {"l": [{"id": "x"}, {"id": "y"}]}, ["/l: expected 1 item(s), got [{'id': 'x'}, {'id': 'y'}]"]),
    ({"l": []}, {"l": []}, []),
    ({"v": None}, {"v": 0}, ["/v: expected None, got 0"]),
    ({"v": True}, {"v": 1}, ["/v: expected True, got 1"]),
    ({"v": "1.0.0"}, {"v": "1.0.0"}, []),
])
def test_fragment_matching(expected: Any, actual: Any, found: list[str]) -> None:
    """The matcher ignores extra keys but not extra items, missing keys, or a changed value."""
    assert mismatches(expected, actual) == found
