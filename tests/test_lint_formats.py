"""Lint output formats and the code catalogue."""

from __future__ import annotations

import json
import re

from jsonschema import Draft4Validator

from brecha import api
from brecha.codes import CODES
from brecha.renderers.lint import LintFormat, render

from helpers import MINI, ROOT, TESTS

BROKEN = [str(p) for p in sorted((TESTS / "cases" / "invalid").glob("*.yaml"))]


def test_sarif_validates_against_the_published_schema() -> None:
    """SARIF from a set of broken files is valid SARIF 2.1.0 and keeps every location."""
    result = api.lint(BROKEN, str(MINI))
    sarif = json.loads(render(LintFormat.SARIF, result.issues, len(result.files)))
    schema = json.loads((TESTS / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert len(results) == len(result.issues)
    first = result.issues[0]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (first.location.line, first.location.col)


def test_every_emitted_code_is_catalogued() -> None:
    """Each code the source can emit is documented in CODES (and so in SARIF rules)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "brecha").rglob("*.py"))
    emitted = set(re.findall(r'Issue\([^()]*?(?:\([^()]*\)[^()]*?)*,\s*"([a-z]+(?:-[a-z]+)*)"', source))
    emitted |= set(re.findall(r'_issue\([^,]+, [^,]+, [^,]+, "([a-z-]+)"', source))
    emitted |= set(re.findall(r'self\.fail\([^,]+, "([a-z-]+)"', source))
    assert emitted, "the pattern found nothing: fix the test"
    assert emitted <= set(CODES), emitted - set(CODES)


def test_text_format_summarises() -> None:
    """Text lines are path:line:col: severity [code] message, then a count."""
    result = api.lint(BROKEN[:1], str(MINI))
    text = render(LintFormat.TEXT, result.issues, 1)
    assert text.splitlines()[-1].startswith("1 file(s) checked:")
