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
    problems = [i for i in result.issues if i.code is not Code.TOO_MANY_PROBLEMS]  # a closing line is a notification
    assert len(results) == len(problems) < len(result.issues)
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


def test_totals_count_problems_not_the_closing_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """150 duplicate keys: 100 shown, "…and 49 more" closes the list; every format counts 149
    errors, never the closing line as a 101st, and SARIF/GitHub do not turn it into a problem."""
    path = tmp_path / "many.yaml"
    path.write_text("kind: Assessment\n" + "a: 1\n" * 150, encoding="utf-8")
    result = api.lint([str(path)], str(MINI))
    closing = [i for i in result.issues if i.code is Code.TOO_MANY_PROBLEMS]
    assert len(closing) == 1 and len(result.issues) == 101
    assert (result.errors, result.warnings) == (149, 0)

    text = render(LintFormat.TEXT, result.issues, 1, "en", statistics=True)
    assert text.splitlines()[-1] == "1 file checked: 149 errors, 0 warnings"
    assert "49 problems counted are not shown (more than 100 in a file)" in text
    assert re.search(r"^100  duplicate-key", text, re.M) and not re.search(r"^\s*\d+\s+too-many-problems", text, re.M)
    assert render(LintFormat.TEXT, result.issues, 1, "es").splitlines()[-1] == "1 archivo revisado: 149 errores, 0 avisos"

    data = json.loads(render(LintFormat.JSON, result.issues, 1, statistics=True))
    assert (data["errors"], data["warnings"], data["not_shown"], data["complete"]) == (149, 0, 49, True)
    assert data["statistics"] == {"duplicate-key": 100}

    sarif = json.loads(render(LintFormat.SARIF, result.issues, 1))
    schema = json.loads((TESTS / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    assert len(run["results"]) == 100 and {r["ruleId"] for r in run["results"]} == {"duplicate-key"}
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "too-many-problems" and "49 more" in note["message"]["text"]
    assert run["properties"] == {"errors": 149, "warnings": 0, "notShown": 49, "complete": True}

    github = render(LintFormat.GITHUB, result.issues, 1).splitlines()
    assert sum(line.startswith("::error ") for line in github) == 100
    assert github[-1].startswith("::notice ") and "title=too-many-problems" in github[-1]


def test_a_check_that_stopped_early_says_its_totals_are_a_floor() -> None:
    """When checking stopped (the number left unknown), the totals count what is known and say so."""
    from brecha.errors import Issue, Location, omitted

    shown = [Issue(Location("f.yaml", n, 1), Code.SCHEMA, "x") for n in range(1, 101)]
    issues = [*shown, omitted("f.yaml", 1, exact=False)]
    text = render(LintFormat.TEXT, issues, 1, "en")
    assert text.splitlines()[-2:] == ["checking stopped early in 1 file: there may be more problems than counted",
                                      "1 file checked: 101 errors, 0 warnings"]
    data = json.loads(render(LintFormat.JSON, issues, 1))
    assert (data["errors"], data["not_shown"], data["complete"]) == (101, 1, False)
