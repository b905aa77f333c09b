"""Evaluation cases as data, in the spirit of yamllint's rule tests.

Each folder tests/cases/evaluation/NAME/ holds ``assessment.yaml`` (evaluated against the
small library in tests/fixtures/mini) and ``expected.yaml``: a fragment of the JSON report
(``brecha evaluate --format json``). A mapping in the fragment must match the same keys
in the report (other keys are ignored); a list must have exactly as many items, each
matching in turn; numbers match to 1e-6. A comment at the top of ``expected.yaml`` says
what the case shows. A new case is a new folder; no code changes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from brecha import api
from brecha.renderers import json as json_report

from helpers import MINI

CASES = sorted(p for p in (Path(__file__).parent / "cases" / "evaluation").iterdir() if p.is_dir())


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
    report = api.evaluate_path(str(case / "assessment.yaml"), str(MINI))
    actual = json.loads(json_report.render(report, "en"))
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(expected, dict) and expected, "expected.yaml must hold a non-empty mapping"
    assert mismatches(expected, actual) == []


def test_every_case_is_complete() -> None:
    """No case folder is silently skipped for a missing or misnamed file."""
    assert len(CASES) >= 10
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
