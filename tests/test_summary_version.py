"""A summary's JSON says which shape it has, as the report's JSON does (version 2: assessments ->
institutions; version 3: gaps counted as the report counts them, evidence gaps included, and
averages that say what they are over), so a consumer can check before reading it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from brecha.cli import app
from brecha.comparing import COMPARE_FORMAT_VERSION
from brecha.summarizing import SUMMARY_FORMAT_VERSION

from helpers import ROOT

EXAMPLES = str(ROOT / "examples")


def test_summary_json_carries_its_format_version() -> None:
    out = CliRunner().invoke(app, ["summary", EXAMPLES, "--format", "json", "--group-by", "type"],
                             catch_exceptions=False, env={"BRECHA_LANG": "en"}).stdout
    data = json.loads(out)
    assert data["kind"] == "Summary" and data["summary_format_version"] == SUMMARY_FORMAT_VERSION == 10
    assert all("institutions" in g and "assessments" not in g for g in data["groups"]["groups"])
    assert all({"mean_critical_gaps", "averaged_over", "critical_gaps", "critical_over"} <= set(g) for g in data["groups"]["groups"])
    assert all({"gaps", "critical_gaps", "provisional", "withheld", "fixed_by"} <= set(c)
               for a in data["assessments"] for c in a["by_ruleset"].values())
    assert data["withheld"]["institutions"] == 0  # no shipped example declares too many duties not applicable
    assert data["provisional"]["institutions"] == 0  # no shipped example rests on an unconfirmed "not applicable"
    assert all("institutions" in g for g in data["common_gaps"])


def test_confidential_summary_json_carries_it_too() -> None:
    out = CliRunner().invoke(app, ["summary", EXAMPLES, "--format", "json", "--anonymise", "--min-group", "2"],
                             catch_exceptions=False, env={"BRECHA_LANG": "en"}).stdout
    data = json.loads(out)
    assert data["kind"] == "AnonymousSummary" and data["summary_format_version"] == SUMMARY_FORMAT_VERSION
    assert all({"with_provisional_rating", "with_withheld_rating"} <= set(g) for g in data["groups"])


def test_compare_json_carries_its_format_version() -> None:
    """Version 2 of compare's JSON: weaknesses_no_longer_detected (the unmarked version 1 said resolved)."""
    rounds_dir = ROOT / "examples"
    out = CliRunner().invoke(app, ["compare", str(rounds_dir / "procuraduria-estatal-norte.yaml"),
                                   str(rounds_dir / "rounds" / "procuraduria-estatal-norte-2027.yaml"),
                                   "--format", "json"], catch_exceptions=False, env={"BRECHA_LANG": "en"}).stdout
    data = json.loads(out)
    assert data["kind"] == "Comparison" and data["compare_format_version"] == COMPARE_FORMAT_VERSION == 9
    assert "weaknesses_no_longer_detected" in data and "weaknesses_resolved" not in data
    assert data["old"]["withheld"] is None and data["new"]["withheld"] is None
