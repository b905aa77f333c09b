"""Command line: wiring, streams and exit codes (logic is tested in the unit tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha.cli import app
from brecha.i18n import tr

from helpers import MINI, TESTS

FIXTURE = str(TESTS / "fixtures" / "mini-assessment.yaml")
RULES = ["--rules", str(MINI)]


@pytest.fixture
def run() -> Callable[..., object]:
    runner = CliRunner()

    def _run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env=env or {"NO_COLOR": "1", "BRECHA_LANG": "en"}, catch_exceptions=False)

    return _run


class TestEvaluate:
    def test_console_report_to_stdout(self, run) -> None:  # type: ignore[no-untyped-def]
        """A readable report goes to stdout; exit 0."""
        result = run("evaluate", FIXTURE, *RULES, "--lang", "en")
        assert result.exit_code == 0
        assert "Gap report" in result.stdout and "T-DEC-01" in result.stdout

    def test_json_to_stdout(self, run) -> None:  # type: ignore[no-untyped-def]
        """--format json prints parseable JSON only."""
        result = run("evaluate", FIXTURE, *RULES, "--format", "json")
        assert result.exit_code == 0
        data = json.loads(result.stdout)
        assert data["report_schema_version"] == 9 and data["results"][0]["rating"] == "low"

    def test_fail_under(self, run) -> None:  # type: ignore[no-untyped-def]
        """--fail-under above the evidenced score exits 1 and says why on stderr."""
        assert run("evaluate", FIXTURE, *RULES, "--fail-under", "20").exit_code == 0
        result = run("evaluate", FIXTURE, *RULES, "--fail-under", "50")
        assert result.exit_code == 1 and "below --fail-under" in result.stderr

    def test_output_is_not_overwritten_without_force(self, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        """--output writes a file; a second run refuses to overwrite it (exit 2) unless --force."""
        out = tmp_path / "r.json"
        assert run("evaluate", FIXTURE, *RULES, "-f", "json", "-o", str(out)).exit_code == 0
        first = out.read_text(encoding="utf-8")
        again = run("evaluate", FIXTURE, *RULES, "-f", "json", "-o", str(out))
        assert again.exit_code == 2 and "--force" in again.stderr
        assert run("evaluate", FIXTURE, *RULES, "-f", "json", "-o", str(out), "--force").exit_code == 0
        assert out.read_text(encoding="utf-8") == first

    def test_invalid_input_exits_3_with_location(self, run, write) -> None:  # type: ignore[no-untyped-def]
        """A broken assessment ends with exit 3 and file:line:col messages, no traceback."""
        path = write("bad.yaml", "kind: Assessment\nschema_version: 1\nanswers: [\n")
        result = run("evaluate", path, *RULES)
        assert result.exit_code == 3
        assert f"{path}:4:1: error [yaml-syntax]" in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""

    def test_missing_file(self, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        """A file that does not exist is unreadable input (exit 3)."""
        result = run("evaluate", str(tmp_path / "none.yaml"), *RULES)
        assert result.exit_code == 3 and "no such file" in result.stderr

    def test_internal_error_exits_4_without_traceback(self, run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        """An unexpected exception becomes one line and exit 4; --debug shows the traceback."""
        from brecha import api

        def boom(*_: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(api, "evaluate_path", boom)
        result = run("evaluate", FIXTURE, *RULES)
        assert result.exit_code == 4 and "internal error: RuntimeError: boom" in result.stderr
        assert "Traceback" not in result.stderr
        debug = run("--debug", "evaluate", FIXTURE, *RULES)
        assert debug.exit_code == 4 and "Traceback" in debug.stderr

    def test_usage_error_exits_2(self, run) -> None:  # type: ignore[no-untyped-def]
        """Unknown options are usage errors."""
        assert run("evaluate", FIXTURE, "--format", "docx").exit_code == 2


class TestLint:
    def test_clean_content_exits_0(self, run) -> None:  # type: ignore[no-untyped-def]
        """Linting the small library finds nothing."""
        result = run("lint", *RULES)
        assert result.exit_code == 0 and "0 errors, 0 warnings" in result.stdout

    def test_problems_exit_1(self, run) -> None:  # type: ignore[no-untyped-def]
        """A broken rule file exits 1 with located messages on stdout."""
        case = str(TESTS / "cases" / "invalid" / "broken-references.yaml")
        result = run("lint", case, *RULES)
        assert result.exit_code == 1 and f"{case}:27:18: error [unknown-provision]" in result.stdout

    def test_strict_fails_on_warnings(self, run) -> None:  # type: ignore[no-untyped-def]
        """Warnings alone pass, unless --strict."""
        case = str(TESTS / "cases" / "invalid" / "scale-order.yaml")
        assert run("lint", case, *RULES).exit_code == 1  # it has errors too
        warn_only = run("lint", *RULES, "--strict")
        assert warn_only.exit_code == 0

    def test_json_and_github_formats(self, run) -> None:  # type: ignore[no-untyped-def]
        """JSON lists issues with locations; github prints workflow annotations."""
        case = str(TESTS / "cases" / "invalid" / "unknown-field.yaml")
        data = json.loads(run("lint", case, *RULES, "-f", "json").stdout)
        assert data["errors"] == 1 and data["issues"][0]["line"] == 3 and data["issues"][0]["code"] == "unknown-field"
        gh = run("lint", case, *RULES, "-f", "github").stdout
        assert gh.startswith(f"::error file={case},line=3,col=56,title=unknown-field::")

    def test_unreadable_paths_exit_3_as_in_every_command(self, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        """A path that cannot be read exits 3 in lint too (it exited 2 where evaluate exited 3); the
        files that can be read are still checked and reported."""
        missing = str(tmp_path / "nothing.yaml")
        case = str(TESTS / "cases" / "invalid" / "unknown-field.yaml")
        result = run("lint", missing, case, *RULES)
        assert result.exit_code == 3
        assert f"{missing}: error [unreadable]" in result.stdout and "[unknown-field]" in result.stdout
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        for command in (["lint", str(fifo)], ["evaluate", str(fifo)], ["compare", str(fifo), case],
                        ["summary", str(fifo)], ["evaluate", case, "--rules", str(tmp_path / "no-folder")],
                        ["chain", missing], ["plan", missing]):
            assert run(*command, *([] if "--rules" in command else RULES)).exit_code == 3, command
        assert run("diff", str(MINI), str(MINI), "--assessments", missing).exit_code == 3


class TestTemplate:
    def test_template_is_a_valid_blank_assessment(self, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        """The template lints clean and evaluates with every rule unanswered."""
        out = tmp_path / "t.yaml"
        result = run("template", "-i", "office-b", "-l", "state", "-o", str(out), *RULES, "--lang", "en")
        assert result.exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "# T-DEC-01 [CRITICAL] · Plan" in text and "never (Never) | sometimes (Sometimes)" in text
        assert run("lint", str(out), *RULES).exit_code == 0
        report = json.loads(run("evaluate", str(out), *RULES, "-f", "json").stdout)
        assert {u["rule"] for u in report["unanswered"]} == {"T-ENT-02", "T-DEC-01", "T-DEC-02"}

    def test_unknown_institution(self, run) -> None:  # type: ignore[no-untyped-def]
        """An unknown type is a usage error naming the known ones."""
        result = run("template", "-i", "nope", "-l", "state", *RULES)
        assert result.exit_code == 2 and "agency-a" in result.stderr


class TestExplain:
    def test_rule_with_sources(self, run) -> None:  # type: ignore[no-untyped-def]
        """A rule is shown with its question and the provisions it implements."""
        result = run("explain", "T-DEC-01", *RULES, "--lang", "en")
        assert result.exit_code == 0 and "Is there a plan?" in result.stdout and "law.art-2.fr-2" in result.stdout

    def test_provision_shows_confidence_and_sources(self, run) -> None:  # type: ignore[no-untyped-def]
        """A provision shows how well it is known and where it comes from."""
        result = run("explain", "law.art-1", *RULES, "--lang", "en")
        assert "verified against the official text" in result.stdout and "Source one" in result.stdout

    def test_absolute_duty_reads_without_internal_ids(self, run) -> None:  # type: ignore[no-untyped-def]
        """An absolute duty is explained in words: the law by its name and article, not provision
        IDs, no cap ID; answers by their labels, with the value to type beside the target."""
        for lang, law, target, evidence in (
                ("es", "Fundamento: Ley de Migración, art. 99, párr.",
                 "Siempre (siempre)", "[se pide desde «Casi siempre»]"),
                ("en", "Basis: Migration Law, art. 99, para",
                 "Always (siempre)", "[needed from 'Almost always' up]")):
            result = run("explain", "MX-ING-04", "--lang", lang, env={"NO_COLOR": "1", "COLUMNS": "400"})
            assert result.exit_code == 0, result.output
            text = " ".join(result.stdout.split())
            assert law in text and target in text and evidence in text
            assert "absolute-breach" not in text and "Fundamento: ley-migracion" not in text
            assert "Basis: ley-migracion" not in text
            assert "Instituto Nacional de Migración (inm)" in text or "National Migration Institute (inm)" in text

    def test_unknown_id_suggests(self, run) -> None:  # type: ignore[no-untyped-def]
        """An unknown ID is a usage error with suggestions."""
        result = run("explain", "T-DEC-9", *RULES)
        assert result.exit_code == 2 and "T-DEC-01" in result.stderr


def test_version(run) -> None:  # type: ignore[no-untyped-def]
    """--version prints the version."""
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("brecha ")


def test_diagnostics_in_spanish(run, write) -> None:  # type: ignore[no-untyped-def]
    """With --lang es, located problems in an assessment are explained in Spanish."""
    path = write("a.yaml", """\
        kind: Assessment
        schema_version: 1
        institution: {type: agency-a, level: federal, name: A}
        assessed_on: "2026-01-01"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-01: {value: often}
        """)
    result = run("evaluate", path, *RULES, "--lang", "es")
    assert result.exit_code == 3
    assert "error [unknown-value] 'often' no es una respuesta válida para T-ENT-01" in result.stderr
    lint = run("lint", path, *RULES, "--lang", "es")
    assert "1 archivo revisado: 1 error, 0 avisos" in lint.stdout


def test_blank_text_stops_evaluate_with_its_location(run) -> None:  # type: ignore[no-untyped-def]
    """Blank is nothing: evaluate refuses a blank justification with file:line:col, in both languages."""
    path = str(TESTS / "cases" / "invalid" / "blank-texts.yaml")
    for lang, words in (("es", "no dice nada"), ("en", "says nothing")):
        result = run("evaluate", path, *RULES, "--lang", lang)
        assert result.exit_code == 3 and result.stdout == ""
        assert f"{path}:11:20: error [blank-text]" in result.stderr and words in result.stderr
        assert f"{path}:14:30: error [blank-text]" in result.stderr


@pytest.mark.parametrize("when", ["starting", "exiting"])
def test_a_ctrl_c_outside_a_command_says_so_and_exits_130_without_a_traceback(when: str) -> None:
    """Ctrl-C while the command line is being built, or once the command has ended and typer is
    leaving: what a command says when interrupted (exit 130, one line), not Python's traceback
    and death by SIGINT."""
    result = subprocess.run([sys.executable, "-m", "interrupted_run", when, "--version"], capture_output=True,
                            timeout=120, env={**os.environ, "BRECHA_LANG": "en",
                                              "PYTHONPATH": str(Path(__file__).parent)})
    assert result.returncode == 130, result.stderr.decode()
    assert result.stderr.decode().splitlines() == ["brecha: " + tr("cli.interrupted", "en")]
