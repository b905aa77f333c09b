"""Renderers: golden outputs, schema-valid JSON, escaping of user text."""

from __future__ import annotations

import io
import json
import os

import pytest
from jsonschema import Draft202012Validator
from rich.console import Console

from brecha import api
from brecha.renderers import console
from brecha.renderers import json as json_renderer
from brecha.schemas import load_schema

from helpers import MINI, TESTS

GOLDEN = TESTS / "golden"
FIXTURE = str(TESTS / "fixtures" / "mini-assessment.yaml")
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs; rerun with BRECHA_UPDATE_GOLDEN=1 if intended"


def _console_text(lang: str, *, concise: bool = False, width: int = 100) -> str:
    report = api.evaluate_path(FIXTURE, str(MINI))
    buffer = io.StringIO()
    render = console.render if concise else console.render_detail
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(render(report, lang))
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_json_golden(lang: str) -> None:
    """The JSON report is stable byte for byte."""
    _check_golden(f"mini-report.{lang}.json", json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), lang))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_console_golden(lang: str) -> None:
    """The whole console report (--detail; plain, 100 columns) is stable."""
    _check_golden(f"mini-report.{lang}.txt", _console_text(lang))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_concise_console_golden_at_80_columns(lang: str) -> None:
    """The default console report (plain, 80 columns) is stable and fits its width."""
    text = _console_text(lang, concise=True, width=80)
    _check_golden(f"mini-report.concise.{lang}.txt", text)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80


def test_json_validates_against_report_schema() -> None:
    """The JSON report conforms to the shipped report schema."""
    data = json.loads(json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "en"))
    Draft202012Validator(load_schema("GapReport")).validate(data)
    assert data["report_schema_version"] == 9


def test_version_2_reports_are_still_described_and_3_needs_the_provisional_fields() -> None:
    """A version 2 report (before the provisional rating) still validates without the fields
    version 3 added; a version 3 report without them does not."""
    validator = Draft202012Validator(load_schema("GapReport"))
    new = json.loads(json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "en"))
    assert new["results"] and all("provisional" in r for r in new["results"])
    old = {**new, "report_schema_version": 2,
           "results": [{k: v for k, v in r.items() if k != "provisional"} for r in new["results"]]}
    old = {k: v for k, v in old.items() if k != "absolute_breaches"}
    old["results"] = [{k: v for k, v in r.items() if k != "breaches"} for r in old["results"]]
    validator.validate(old)
    assert not validator.is_valid({**old, "report_schema_version": 3})


def test_version_3_reports_are_still_described_and_4_needs_the_breaches() -> None:
    """A version 3 report (before every admitted absolute breach was named) still validates
    without the fields version 4 added; a version 4 report without them does not."""
    validator = Draft202012Validator(load_schema("GapReport"))
    new = json.loads(json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "en"))
    assert "absolute_breaches" in new and all("breaches" in r for r in new["results"])
    old = {k: v for k, v in new.items() if k != "absolute_breaches"}
    old["results"] = [{k: v for k, v in r.items() if k != "breaches"} for r in new["results"]]
    validator.validate({**old, "report_schema_version": 3})
    assert not validator.is_valid({**old, "report_schema_version": 4})
    assert not validator.is_valid({**new, "results": old["results"]})


def test_version_1_reports_are_still_described() -> None:
    """A report written before the per-rule-set judgment (version 1) still validates; mixing the
    versions' shapes does not."""
    validator = Draft202012Validator(load_schema("GapReport"))
    old = json.loads((TESTS / "fixtures" / "report-v1.json").read_text(encoding="utf-8"))
    assert old["report_schema_version"] == 1
    validator.validate(old)
    assert not validator.is_valid({**old, "report_schema_version": 2})
    new = json.loads(json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "en"))
    assert not validator.is_valid({**new, "report_schema_version": 1})


def test_console_shows_user_text_literally() -> None:
    """Markup stays visible, ANSI escapes are neutralised, nothing is interpreted."""
    text = _console_text("en")
    assert "[bold]B[/bold]" in text
    assert "\x1b" not in text and "\\x1b[31mred" in text


def test_same_input_same_bytes() -> None:
    """Two evaluations of the same files give identical JSON."""
    first = json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "es")
    assert json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "es") == first


def test_language_fallback_is_marked() -> None:
    """A text missing in the chosen language falls back to the other, with a marker."""
    from brecha.model import Text

    assert Text(es="sólo español").pick("en") == ("sólo español", True)
    assert Text(es="a", en="b").pick("en") == ("b", False)


def test_version_7_reports_are_still_described_and_8_needs_each_line_s_withheld() -> None:
    """A version 7 report (before a stage or standard line said whether its score is withheld)
    still validates without it; a version 8 report without it does not."""
    validator = Draft202012Validator(load_schema("GapReport"))
    new = json.loads(json_renderer.render(api.evaluate_path(FIXTURE, str(MINI)), "en"))
    assert new["by_standard"] and all(line["withheld"] is False for line in new["by_standard"])
    old = {**new, "by_standard": [{k: v for k, v in line.items() if k != "withheld"} for line in new["by_standard"]],
           "results": [{**r, "by_phase": [{k: v for k, v in line.items() if k != "withheld"} for line in r["by_phase"]]}
                       for r in new["results"]]}
    validator.validate({**old, "report_schema_version": 7})
    assert not validator.is_valid(old)
