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
                          input="Oficina B del estado\nmx-roo\n\n\n3\nForm 7\n\n")
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
    replies = iter(["Oficina", "", "", "", "4"])

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
                                input="Oficina B\n\n\n\n9\nq\n")
    assert "Not a valid answer." in result.stdout
    assert result.stdout.count("[1/3]") == 2


# -- every prompt knows b, q and ?; evidence is kept, added to or replaced -------------------

def _new(tmp_path: Path, replies: str, *extra: str) -> tuple[object, Path]:
    path = tmp_path / "self.yaml"
    header = "Oficina B\nMX-ROO\nAna López, Subprocuradora; Luis Pérez\n2026-1\n"
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES, "--lang", "en", *extra],
        input=header + replies)
    return result, path


def _answers(path: Path) -> dict[str, object]:
    from brecha import api, loading

    lib = api.load_content(str(MINI))
    return dict(loading.load_assessment(str(path), lib).answers)


def test_assessors_and_round_are_asked_first(tmp_path: Path) -> None:
    """A new file starts with who assesses (name, role) and the round."""
    result, path = _new(tmp_path, "q\n")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = path.read_text(encoding="utf-8")
    assert 'round: "2026-1"' in text
    assert '- name: "Ana López"\n    role: "Subprocuradora"\n  - name: "Luis Pérez"' in text


def test_commands_work_at_the_evidence_and_notes_prompts(tmp_path: Path) -> None:
    """q at the evidence prompt quits (never saved as evidence); ? shows help; b asks the question again."""
    result, path = _new(tmp_path, "3\n?\nb\n4\nForm 7\nq\n")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "At any prompt: b = back" in out
    assert out.count("[1/3]") == 2  # b at the evidence prompt: the same question again
    answers = _answers(path)
    assert answers["T-ENT-02"].value == "implemented"  # type: ignore[attr-defined]
    assert list(answers["T-ENT-02"].evidence) == ["Form 7"]  # type: ignore[attr-defined]
    assert "- \"q\"" not in path.read_text(encoding="utf-8")


def test_a_leading_space_makes_a_command_letter_text(tmp_path: Path) -> None:
    """' b' at the notes prompt is the note 'b', not 'back'."""
    _, path = _new(tmp_path, "3\n\n b\nq\n")
    assert _answers(path)["T-ENT-02"].notes == "b"  # type: ignore[attr-defined]


def test_header_prompts_know_back_quit_and_help(tmp_path: Path) -> None:
    """b at a header prompt goes back one prompt, ? helps; neither is taken as the name or the state."""
    path = tmp_path / "self.yaml"
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    # type office-b, b at the level: the type again; level state; name "Oficina", b at the state: the name
    # again ("Oficina B"); ? at the state shows help; MX-ROO, b at the assessors: the state again (MX-BCN);
    # "Ana", b at the round: the assessors again (blank this time); round 2027; q at the first question
    replies = "office-b\nb\noffice-b\nstate\nOficina\nb\nOficina B\n?\nmx-roo\nb\nmx-bcn\nAna\nb\n\n2027\nq\n"
    result = runner.invoke(app, ["assess", str(path), *RULES, "--lang", "en"], input=replies)
    assert result.exit_code == 0, result.output
    assert "At any prompt: b = back" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert 'name: "Oficina B"' in text and 'jurisdiction: "MX-BCN"' in text
    assert 'round: "2027"' in text and "assessors: []" in text  # b at the round: the assessors asked again, blank
    assert '"b"' not in text and '"B"' not in text


def test_quit_in_the_header_writes_nothing_and_says_so(tmp_path: Path) -> None:
    """q at the name prompt ends the session before any file exists; the name is never 'q'."""
    path = tmp_path / "self.yaml"
    result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(
        app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES], input="q\n")
    assert result.exit_code == 0, result.output
    assert not path.exists()
    assert f"Nada guardado: {path} no se creó." in result.stderr


def test_a_leading_space_enters_a_letter_as_a_header_value(tmp_path: Path) -> None:
    """The one way to name a round 'b': a space before it, as at every other prompt."""
    path = tmp_path / "self.yaml"
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES], input="Oficina\n\n\n b\nq\n")
    assert result.exit_code == 0, result.output
    assert 'round: "b"' in path.read_text(encoding="utf-8")


def test_existing_evidence_is_shown_kept_added_to_or_replaced(tmp_path: Path) -> None:
    """Enter keeps, '+ x' adds, 'x' replaces, '-' clears; the evidence listed is shown first."""
    _, path = _new(tmp_path, "3\nForm 7; Minutes\n\nq\n")
    runner = CliRunner(env={"BRECHA_LANG": "en"})

    def again(replies: str) -> str:
        result = runner.invoke(app, ["assess", str(path), *RULES, "--lang", "en"], input="b\n" + replies)
        return result.stdout

    out = again("3\n\n\nq\n")
    assert "Evidence already listed:" in out and "  - Form 7" in out and "  - Minutes" in out
    assert list(_answers(path)["T-ENT-02"].evidence) == ["Form 7", "Minutes"]  # type: ignore[attr-defined]
    again("3\n+ Register\n\nq\n")
    assert list(_answers(path)["T-ENT-02"].evidence) == ["Form 7", "Minutes", "Register"]  # type: ignore[attr-defined]
    again("3\nAudit 2026\n\nq\n")
    assert list(_answers(path)["T-ENT-02"].evidence) == ["Audit 2026"]  # type: ignore[attr-defined]
    again("3\n-\n\nq\n")
    assert list(_answers(path)["T-ENT-02"].evidence) == []  # type: ignore[attr-defined]


def test_an_empty_justification_is_asked_again(tmp_path: Path) -> None:
    """A blank justification never ends the session: it is asked again, in the user's language."""
    path = tmp_path / "self.yaml"
    result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(
        app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES],
        input="Oficina B\n\n\n\nn\n\n ... \nNo hay audiencias en esta oficina\n\n\nq\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("La justificación no puede quedar vacía") == 2
    answer = _answers(path)["T-ENT-02"]
    assert (answer.value, answer.justification) == ("not_applicable",  # type: ignore[attr-defined]
                                                    "No hay audiencias en esta oficina")


def test_every_sub_answer_is_saved_as_it_is_given(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C at the notes prompt keeps the value and the evidence typed just before."""
    path = tmp_path / "self.yaml"
    replies = iter(["Oficina", "", "", "", "4", "Form 7; Minutes"])

    def fake_input(prompt: str = "") -> str:
        try:
            return next(replies)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(builtins, "input", fake_input)
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), "-i", "office-b", "-l", "state",
                                                               *RULES])
    assert result.exit_code == 0
    assert list(_answers(path)["T-ENT-02"].evidence) == ["Form 7", "Minutes"]  # type: ignore[attr-defined]


def test_a_file_changed_on_disk_is_never_overwritten(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another session (or an editor) saves meanwhile: brecha keeps their file, saves its own to a copy, says so."""
    path = tmp_path / "self.yaml"
    _new(tmp_path, "3\n\n\nq\n")
    theirs = path.read_text(encoding="utf-8").replace('value: "defined"', 'value: "monitored"')
    replies = iter(["", "2"])  # Enter at T-DEC-01 (already answered? no: first unanswered), then answer

    def fake_input(prompt: str = "") -> str:
        value = next(replies, None)
        if value is None:
            raise EOFError
        if value == "2":
            path.write_text(theirs, encoding="utf-8")  # the other session saves while this one asks
        return value

    monkeypatch.setattr(builtins, "input", fake_input)
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), *RULES, "--lang", "en"])
    assert result.exit_code == 1
    assert "changed on disk" in result.stderr
    assert path.read_text(encoding="utf-8") == theirs
    copies = list(tmp_path.glob("self.yaml.brecha-*"))
    assert len(copies) == 1 and 'value: "defined"' in copies[0].read_text(encoding="utf-8")


def test_a_hand_written_file_is_untouched_until_something_changes(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    """Opening and quitting rewrites nothing; the first change keeps a copy of the original and says so."""
    original = """\
        # Our own notes on this file: keep them.
        kind: Assessment
        schema_version: 1
        institution: {type: office-b, level: state, name: Oficina B}   # header in flow style
        assessed_on: "2026-05-01"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-02: {value: defined}   # checked with the director
        """
    path = Path(write("self.yaml", original))
    before = path.read_bytes()
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    quit_at_once = runner.invoke(app, ["assess", str(path), *RULES, "--lang", "en"], input="q\n")
    assert quit_at_once.exit_code == 0
    assert path.read_bytes() == before
    assert "Nothing changed" in quit_at_once.stderr
    changed = runner.invoke(app, ["assess", str(path), *RULES, "--lang", "en"], input="2\n\n\nq\n")
    assert "comments or layout brecha did not write" in changed.stderr
    assert (tmp_path / "self.yaml.orig").read_bytes() == before
    assert _answers(path)["T-DEC-01"].value == "initial"  # type: ignore[attr-defined]


def test_ruleset_option_asks_only_that_rule_set(tmp_path: Path) -> None:
    """--ruleset ruta-mx: a state Procuraduría gets only the Ruta's questions, the Ruta's own first."""
    from brecha import api
    from brecha.model import applies

    lib = api.load_content()
    itype = lib.institution_types["procuraduria-proteccion"]
    ruta = [r for r in lib.rulesets["ruta-mx"].rules if applies(r, itype, "state") and not r.deprecated]
    path = tmp_path / "self.yaml"
    result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(
        app, ["assess", str(path), "-i", "procuraduria-proteccion", "-l", "estatal", "--ruleset", "ruta-mx"],
        input="Procuraduría\n\n\n\nq\n")
    assert result.exit_code == 0, result.output
    assert f"[1/{len(ruta)}]" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "id: ruta-mx" in text and "crm-regional" not in text


def test_equivalent_rules_are_answered_once(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    """An equivalent rule already answered is offered; Enter takes its answer and evidence."""
    from brecha import api
    from brecha.questionnaire import Session
    from brecha.templating import new_draft

    lib = api.load_content()
    declared = {(r.id, other) for r in lib.rules.values() for other in r.equivalent_to}
    assert ("CRM-DET-04", "MX-ING-07") in declared and len(declared) >= 5
    draft = new_draft(lib, "procuraduria-proteccion", "state", date="2026-01-01")
    draft.answers["MX-ING-07"] = {"value": "definido", "evidence": ["Guía de entrevista 2025"]}
    session = Session.start(lib, draft, ("crm-regional",))
    while session.current is not None and session.current.id != "CRM-DET-04":
        assert session.offered() is None or session.current.id in {a for a, _ in declared}
        session.skip()
    assert session.offered() == ("MX-ING-07", "definido")
    assert session.confirm_equivalent() == "MX-ING-07"
    assert draft.answers["CRM-DET-04"] == {"value": "definido", "evidence": ["Guía de entrevista 2025"]}
    # through the terminal: Enter at the offered question takes the answer
    path = Path(write("p.yaml", session.text("es").replace('    value: "definido"\n    evidence:\n      - "Guía de entrevista 2025"\n    notes:\n  # ', '    value:\n    evidence: []\n    notes:\n  # ', 1)))
    del draft.answers["CRM-DET-04"]
    path.write_text(Session.start(lib, draft).text("es"), encoding="utf-8")
    result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(
        app, ["assess", str(path), "--ruleset", "crm-regional"], input="\n" * 80 + "q\n")
    assert result.exit_code == 0, result.output
    assert "Es el mismo deber que MX-ING-07" in result.stdout
    answers = _answers_shipped(path)
    assert answers["CRM-DET-04"].value == "definido"
    assert sum(a.value is not None for a in answers.values()) == 2  # nothing else was answered


def _answers_shipped(path: Path) -> dict[str, object]:
    from brecha import api, loading

    return dict(loading.load_assessment(str(path), api.load_content()).answers)
