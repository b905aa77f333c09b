"""brecha assess: a whole questionnaire, interrupted and resumed, equals the same answers by hand."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

from typer.testing import CliRunner

from brecha.cli import app

from helpers import MINI

RULES = ["--rules", str(MINI)]


def _report(path: Path) -> dict[str, object]:
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["evaluate", str(path), *RULES, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data["assessment"].pop("fingerprint")
    return data


def test_interrupted_and_resumed_equals_hand_written(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    """Answers survive the end of input; a second run resumes at the first unanswered question."""
    path = tmp_path / "self.yaml"
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    first = runner.invoke(app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES, "--lang", "en"],
                          input="Oficina B del estado\nmx-roo\n3\nForm 7\n\n")
    assert first.exit_code == 0, first.output
    assert "Saved: 1 of 3 answered" in first.stderr
    second = runner.invoke(app, ["assess", str(path), *RULES, "--lang", "en"],
                           input="2\n\nPlans are late\nn\nNo hearings at this office\n\n\n")
    assert second.exit_code == 0, second.output
    assert "[2/3]" in second.stdout  # resumed at the second question
    assert "Every question is answered" in second.stderr
    by_hand = write("hand.yaml", """\
        kind: Assessment
        schema_version: 1
        institution: {type: office-b, level: state, name: Oficina B del estado, jurisdiction: MX-ROO}
        assessed_on: "DATE"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-02: {value: defined, evidence: [Form 7]}
          T-DEC-01: {value: initial, notes: Plans are late}
          T-DEC-02: {value: not_applicable, justification: No hearings at this office}
        """.replace("DATE", _assessed_on(path)))
    assert _report(path) == _report(Path(by_hand))


def _assessed_on(path: Path) -> str:
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("assessed_on:"))
    return line.split('"')[1]


def test_ctrl_c_keeps_every_answer(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C after an answer loses nothing: the file already holds it."""
    path = tmp_path / "self.yaml"
    replies = iter(["Oficina", "", "4"])

    def fake_input(prompt: str = "") -> str:
        try:
            return next(replies)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(builtins, "input", fake_input)
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES])
    assert result.exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'value: "implemented"' in text
    assert _report(path)["unanswered"] != []


def test_invalid_answer_is_asked_again(tmp_path: Path) -> None:
    """An answer off the scale is refused and the same question asked again."""
    path = tmp_path / "self.yaml"
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES, "--lang", "en"],
                                input="B\n\n9\nq\n")
    assert "Not a valid answer." in result.stdout
    assert result.stdout.count("[1/3]") == 2
