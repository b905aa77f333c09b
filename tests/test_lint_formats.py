"""Lint output formats and the code catalogue."""

from __future__ import annotations

import json
import re

from jsonschema import Draft4Validator

from brecha import api
from brecha.codes import CODES, Code, Severity
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


def test_every_catalogued_code_is_emitted_somewhere() -> None:
    """An Issue's code is a codes.Code (mypy holds every emitter to the catalogue); here the
    catalogue is held to the source: a code no check emits documents nothing."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "brecha").rglob("*.py")
                       if p.name != "codes.py")
    assert [c.value for c in Code if not re.search(rf"\bCode\.{c.name}\b", source)] == []


def test_code_severities_and_strings_are_stable() -> None:
    """The enum keeps the strings tools filter on, with their default severity."""
    assert Code("duplicate-id") is Code.DUPLICATE_ID
    assert (Code.DUPLICATE_ID.severity, Code.WEAK_BASIS.severity) == (Severity.ERROR, Severity.WARNING)
    assert CODES[Code.NOT_ASKED] == (Severity.WARNING, Code.NOT_ASKED.description)
    assert json.dumps({"code": Code.YAML_TAG}) == '{"code": "yaml-tag"}'


def test_text_format_summarises() -> None:
    """Text lines are path:line:col: severity [code] message, then a count."""
    result = api.lint(BROKEN[:1], str(MINI))
    text = render(LintFormat.TEXT, result.issues, 1)
    assert text.splitlines()[-1].startswith("1 file checked:")


def test_issues_carry_their_codes_default_severity() -> None:
    """What lint reports as a warning is catalogued (and documented) as one, and the same for errors."""
    result = api.lint(BROKEN, str(MINI))
    assert result.issues
    assert [(i.code, i.severity) for i in result.issues if i.severity is not i.code.severity] == []
