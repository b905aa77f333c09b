"""Every command renders every format registered for it, through the one output path."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import Lang
from brecha.renderers import formats
from brecha.renderers.formats import Formats, Output, Rich

from helpers import MINI, ROOT, TESTS

FIXTURE = str(TESTS / "fixtures" / "mini-assessment.yaml")
RULES = str(MINI)
STATE = str(ROOT / "examples" / "estado-ilustrativo")  # the chain needs a rule set with hand-offs
DRAFTED = str(ROOT / "examples" / "estado-ilustrativo" / "procuraduria-estatal.yaml")  # drafts need verified law

#: command line (without --format) -> the registry its --format choices come from
COMMANDS: dict[str, tuple[list[str], Formats[Any]]] = {
    "evaluate": (["evaluate", FIXTURE, "--rules", RULES], formats.REPORT),
    "lint": (["lint", RULES], formats.LINT),
    "diff": (["diff", RULES, RULES], formats.DIFF),
    "compare": (["compare", FIXTURE, FIXTURE, "--rules", RULES], formats.COMPARE),
    "summary": (["summary", FIXTURE, "--rules", RULES], formats.SUMMARY),
    "coverage": (["coverage", "--rules", RULES], formats.COVERAGE),
    "explain": (["explain", "T-DEC-01", "--rules", RULES], formats.EXPLAIN),
    "chain": (["chain", STATE], formats.CHAIN),
    "template": (["template", "-i", "office-b", "-l", "state", "--rules", RULES], formats.TEMPLATE),
    "plan": (["plan", FIXTURE, "--rules", RULES], formats.PLAN),
    "draft": (["draft", DRAFTED], formats.DRAFT),
    "page": (["page", DRAFTED], formats.PAGE),
}


def test_evaluate_with_a_plan_offers_the_same_formats() -> None:
    """evaluate --plan renders through its own registry, with exactly evaluate's formats."""
    assert formats.PLANNED_REPORT.names == formats.REPORT.names


def _models() -> dict[str, tuple[Formats[Any], Any]]:
    return {
        "evaluate": (formats.REPORT, api.evaluate_path(FIXTURE, RULES)),
        "lint": (formats.LINT, api.lint([RULES])),
        "diff": (formats.DIFF, api.diff(RULES, RULES)),
        "compare": (formats.COMPARE, api.compare_paths(FIXTURE, FIXTURE, RULES)),
        "summary": (formats.SUMMARY, api.summarize_paths([FIXTURE], RULES)),
        "coverage": (formats.COVERAGE, api.coverage((), RULES)),
        "explain": (formats.EXPLAIN, api.explain("T-DEC-01", "en", RULES)),
        "chain": (formats.CHAIN, api.chain_paths([STATE])),
        "draft": (formats.DRAFT, api.draft_path(DRAFTED)),
        "page": (formats.PAGE, api.page_path(DRAFTED)),
        "schema": (formats.SCHEMA, api.schema("Assessment")),
        "template": (formats.TEMPLATE, api.template("agency-a", "federal", date="2026-01-01", rules_dir=RULES)),
        "export": (formats.EXPORT, api.xlsform("office-b", "state", rules_dir=RULES)),
        "plan": (formats.PLAN, api.plan(FIXTURE, lang="en", made_on="2026-04-01", rules_dir=RULES)),
    }


def _text(output: Output) -> str:
    if isinstance(output, Rich):
        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None).print(output.renderable)
        return buffer.getvalue()
    return output


def test_every_registered_format_renders_in_every_language() -> None:
    """Each command's result renders in each of its formats, in each language; JSON is JSON."""
    for command, (registry, result) in _models().items():
        assert registry.names, command
        for fmt in registry.names:
            for lang in Lang:
                text = _text(registry.render(fmt, result, lang))
                assert text.strip(), (command, fmt, lang)
                if fmt in ("json", "sarif"):
                    json.loads(text)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_line_offers_exactly_the_registered_formats(command: str) -> None:
    """--format accepts each registered format and refuses others, naming the registered ones."""
    args, registry = COMMANDS[command]
    runner = CliRunner()
    env = {"NO_COLOR": "1", "BRECHA_LANG": "en"}
    for fmt in registry.names:
        result = runner.invoke(app, [*args, "--format", fmt], env=env, catch_exceptions=False)
        assert result.exit_code in (0, 1), (command, fmt, result.stderr)
        assert result.stdout.strip(), (command, fmt)
    refused = runner.invoke(app, [*args, "--format", "nope"], env=env, catch_exceptions=False)
    assert refused.exit_code == 2
    assert "choose one of: " + ", ".join(registry.names) in refused.stderr


def test_console_compare_written_to_a_file_is_markdown(tmp_path: Any) -> None:
    """A terminal format with a better file form writes that form (compare: Markdown)."""
    out = tmp_path / "c.md"
    result = CliRunner().invoke(app, ["compare", FIXTURE, FIXTURE, "--rules", RULES, "-o", str(out)],
                                env={"NO_COLOR": "1", "BRECHA_LANG": "en"}, catch_exceptions=False)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Progress between rounds: ")


def test_coverage_in_spanish() -> None:
    """coverage speaks Spanish too (it printed English only before the catalogue)."""
    result = CliRunner().invoke(app, ["coverage", "--rules", RULES, "--lang", "es", "-f", "markdown"],
                                env={"NO_COLOR": "1"}, catch_exceptions=False)
    assert result.stdout.startswith("| norma | cubiertas | verificables | % | no verificables |")
