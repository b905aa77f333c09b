"""Bad-input cases as data: each tests/cases/invalid/NAME.yaml has NAME.expected.

The expected file lists the located problems, one per line, without the path prefix.
A new case is a new pair of files; no code changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brecha import api

CASES = sorted((Path(__file__).parent / "cases" / "invalid").glob("*.yaml"))
MINI = str(Path(__file__).parent / "fixtures" / "mini")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_reports_expected_problems(case: Path) -> None:
    """Linting the case against the small library gives exactly the expected messages."""
    result = api.lint([str(case)], MINI)
    prefix = f"{case}:"
    got = [i.format().removeprefix(prefix) for i in result.issues]
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert got == expected
    assert result.failed(strict=True)


def test_every_case_has_an_expectation() -> None:
    """No case file is silently skipped for lack of its .expected twin."""
    assert CASES
    assert all(c.with_suffix(".expected").exists() for c in CASES)
