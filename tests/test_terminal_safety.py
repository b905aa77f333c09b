"""Terminal safety: no character of a file (or of what was typed) reaches a terminal raw.

One sanitiser (brecha.sanitize.terminal) shows control characters, bidirectional
overrides and line separators as escapes; every command's output goes through it:
diagnostics with their pointers and paths, the console report, summary, compare,
explain, lint in every format, assess prompts. Content (rule sets, standards...) may not
hold such characters at all (code control-character); assessments may, and brecha writes
and reads them back unchanged.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import loading
from brecha.cli import app
from brecha.sanitize import UNSAFE

from helpers import MINI

RULES = ["--rules", str(MINI)]
EVIL = "\\e]0;owned\\a\\e[2J\\e[32mPASSED\\e[0m\\u009b31m\\u202egnp.exe\\u2028\\r"
EVIL_TEXT = "\x1b]0;owned\x07\x1b[2J\x1b[32mPASSED\x1b[0m\x9b31m\u202egnp.exe\u2028\r"


def _run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner(env={"BRECHA_LANG": "en", "NO_COLOR": "1"}).invoke(app, list(args), input=stdin)


def _clean(text: str) -> bool:
    return not UNSAFE.search(text)


def _hostile_assessment(folder: Path, name: str = "hostile.yaml") -> Path:
    path = folder / name
    path.write_text(f"""\
kind: Assessment
schema_version: 1
institution: {{type: office-b, level: state, name: "{EVIL}"}}
assessed_on: "2026-01-01"
round: "{EVIL}"
assessors: [{{name: "{EVIL}", role: "{EVIL}"}}]
rulesets: [{{id: mini, version: 1.0.0}}]
answers:
  T-ENT-02: {{value: defined, evidence: ["{EVIL}"], notes: "{EVIL}"}}
  T-DEC-01: {{value: initial, notes: "{EVIL}"}}
  T-DEC-02: {{value: not_applicable, justification: "{EVIL} because"}}
""", encoding="utf-8")
    return path


def test_an_assessment_may_hold_escaped_controls_and_reads_them_back(tmp_path: Path) -> None:
    """Filled-in documents are data: the escapes read back as the characters they stand for."""
    path = _hostile_assessment(tmp_path)
    lib = loading.load_library([str(MINI)])
    a = loading.load_assessment(str(path), lib)
    assert a.institution.name == EVIL_TEXT and a.answers["T-DEC-01"].notes == EVIL_TEXT


@pytest.mark.parametrize("args", [
    ("evaluate", "{a}"), ("evaluate", "{a}", "-f", "markdown"), ("evaluate", "{a}", "-f", "html"),
    ("summary", "{a}"), ("summary", "{a}", "-f", "csv"), ("compare", "{a}", "{a}"),
    ("compare", "{a}", "{a}", "-f", "markdown"),
])
def test_every_view_of_a_hostile_assessment_is_inert(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Console report, Markdown, HTML, summary and compare show the text escaped, never raw."""
    path = _hostile_assessment(tmp_path)
    result = _run(*(a.format(a=path) for a in args), *RULES)
    assert result.exit_code == 0, result.output
    assert _clean(result.stdout) and _clean(result.stderr)
    assert "\\x1b" in result.stdout or "\\\\x1b" in result.stdout or "x1b" in result.stdout


def test_diagnostics_never_carry_a_control_character(tmp_path: Path) -> None:
    """A hostile key (in the pointer), a hostile file name (in the path), in every lint format."""
    folder = tmp_path / "in\x1b[2J"
    folder.mkdir()
    bad = folder / "bad\x07\u202e.yaml"
    bad.write_text(f'kind: Assessment\nschema_version: 1\nanswers: {{"{EVIL}": 1}}\n', encoding="utf-8")
    for fmt in ("text", "github", "json", "sarif"):
        result = _run("lint", str(bad), *RULES, "-f", fmt)
        assert result.exit_code == 1
        assert _clean(result.stdout) and _clean(result.stderr), fmt
        assert "\n" not in result.stdout.strip() or fmt != "github" or result.stdout.count("\n") >= 1
        if fmt in ("json", "sarif"):
            json.loads(result.stdout)  # still JSON: controls are \\u escapes
    evaluated = _run("evaluate", str(bad), *RULES)
    assert evaluated.exit_code == 3 and _clean(evaluated.stderr) and "\\x1b" in evaluated.stderr
    missing = _run("evaluate", str(folder / "missing\x1b[2J.yaml"), *RULES)
    assert missing.exit_code == 3 and _clean(missing.stderr)


def test_a_content_text_with_a_control_character_is_a_lint_error(tmp_path: Path) -> None:
    """Rule sets and standards may not hold one (it would reach every report, terminal and template)."""
    rules = tmp_path / "rules"
    shutil.copytree(MINI, rules)
    ruleset = rules / "rules" / "mini.yaml"
    text = ruleset.read_text(encoding="utf-8")
    text = text.replace("question: {es: ¿Notifica?, en: Do you notify?}",
                        'question: {es: "¿Notifica?\\e[2J", en: "Do you notify?\\u202e"}')
    ruleset.write_text(text, encoding="utf-8")
    result = _run("lint", "--rules", str(rules), str(rules))
    assert result.exit_code == 1
    found = re.findall(r"\[control-character\] this text holds (U\+\w+ [A-Z-]+(?: [A-Z-]+)*)", result.stdout)
    assert found == ["U+001B ESCAPE", "U+202E RIGHT-TO-LEFT OVERRIDE"]
    out = tmp_path / "t.yaml"
    template = _run("template", "-i", "office-b", "-l", "state", "--rules", str(rules), "-o", str(out))
    assert template.exit_code == 3 and not out.exists()  # refused, not written


def test_template_writes_what_brecha_reads_whatever_the_content_says(tmp_path: Path) -> None:
    """Texts that look like YAML (': ', '#', '---', quotes), break lines, or hold look-alikes land in
    comments that cannot end early; the template loads, and its answers are all blank."""
    rules = tmp_path / "rules"
    shutil.copytree(MINI, rules)
    ruleset = rules / "rules" / "mini.yaml"
    tricky = "x: 1\\n--- \\n# y\\t\\\"q\\\" 'z' \\u041c\\u200b {a: [b]} &a *a !!python/object:os.system"
    text = ruleset.read_text(encoding="utf-8").replace(
        "question: {es: ¿Notifica?, en: Do you notify?}", f'question: {{es: "{tricky}", en: "{tricky}"}}').replace(
        "question: {es: ¿Hay plan?, en: Is there a plan?}", f'question: {{es: "{tricky}", en: "{tricky}"}}')
    ruleset.write_text(text, encoding="utf-8")
    assert _run("lint", "--rules", str(rules), str(rules / "rules")).exit_code == 0
    out = tmp_path / "t.yaml"
    assert _run("template", "-i", "office-b", "-l", "state", "--rules", str(rules), "-o", str(out)).exit_code == 0
    assert _clean(out.read_text(encoding="utf-8"))
    lib = loading.load_library([str(rules)])
    a = loading.load_assessment(str(out), lib)
    assert all(answer.value is None for answer in a.answers.values())


def test_assess_writes_back_what_was_typed_and_shows_it_escaped(tmp_path: Path) -> None:
    """Hostile typed answers (and a hostile existing file) round-trip exactly; the prompts show them escaped."""
    path = _hostile_assessment(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(f'  T-DEC-01: {{value: initial, notes: "{EVIL}"}}\n',
                                                             "  T-DEC-01:\n"), encoding="utf-8")
    typed = "\x1b[2J notes \u202e\x07 end"
    result = _run("assess", str(path), *RULES, "--lang", "en",
                  stdin="2\n" + typed + "\n" + typed + "\n")  # re-answer the first open question
    assert result.exit_code == 0, result.output
    assert _clean(result.stdout) and _clean(result.stderr)
    lib = loading.load_library([str(MINI)])
    a = loading.load_assessment(str(path), lib)  # brecha reads what it wrote
    assert a.institution.name == EVIL_TEXT
    assert (a.answers["T-DEC-01"].value, a.answers["T-DEC-01"].evidence, a.answers["T-DEC-01"].notes) == \
        ("initial", (typed.strip(),), typed.strip())
