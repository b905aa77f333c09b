"""Data safety: nothing half-written, nothing overwritten, bounded input, round trips."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from brecha import api, loading
from brecha.cli import app
from brecha.evaluation import evaluate
from brecha.model import is_blank
from brecha.questionnaire import Session
from brecha.renderers import json as json_renderer
from brecha.templating import new_draft

from helpers import MINI

RULES = ["--rules", str(MINI)]
LIB = api.load_content(str(MINI))


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, list(args))


def test_failed_evaluation_writes_nothing(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    """When the input is bad, --output is not created (not even empty)."""
    bad = write("bad.yaml", "kind: Assessment\nschema_version: 1\n")
    out = tmp_path / "report.html"
    result = _run("evaluate", bad, *RULES, "-f", "html", "-o", str(out))
    assert result.exit_code == 3 and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brecha-")]


def test_template_does_not_overwrite(tmp_path: Path) -> None:
    """An existing file is kept unless --force is given."""
    out = tmp_path / "mine.yaml"
    out.write_text("my answers\n", encoding="utf-8")
    result = _run("template", "-i", "office-b", "-l", "state", "-o", str(out), *RULES)
    assert result.exit_code == 2 and out.read_text(encoding="utf-8") == "my answers\n"


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A file over the size limit is refused from its size (the limit is configurable)."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"kind: Assessment\n" + b"# padding\n" * 4000)
    monkeypatch.setenv("BRECHA_MAX_BYTES", "10000")
    result = _run("lint", str(big), *RULES)
    assert result.exit_code == 1 and "[too-large]" in result.stdout
    monkeypatch.setenv("BRECHA_MAX_BYTES", "100000")
    assert "[too-large]" not in _run("lint", str(big), *RULES).stdout


def test_user_text_in_every_field_is_inert(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    """Markup, ANSI and HTML in notes, evidence and justifications never act in any format."""
    nasty = "[red]x[/red] <img src=x onerror=alert(1)> \x1b[2J"
    path = write("nasty.yaml", f"""\
        kind: Assessment
        schema_version: 1
        institution: {{type: office-b, level: state, name: {json.dumps(nasty)}}}
        assessed_on: "2026-01-01"
        rulesets: [{{id: mini, version: 1.0.0}}]
        answers:
          T-DEC-01: {{value: initial, notes: {json.dumps(nasty)}, evidence: [{json.dumps(nasty)}]}}
          T-DEC-02: {{value: not_applicable, justification: {json.dumps(nasty)}}}
        """)
    for fmt in ("console", "markdown", "html", "json"):
        out = _run("evaluate", path, *RULES, "-f", fmt).stdout
        assert "\x1b" not in out, fmt
        if fmt in ("markdown", "html"):
            assert "<img" not in out, fmt


ANSWERS = st.fixed_dictionaries({
    rule.id: st.one_of(st.none(), st.sampled_from((*LIB.rulesets["mini"].scales[rule.scale].values, "not_applicable")))
    for rule in LIB.rules.values() if rule.id in {"T-ENT-02", "T-DEC-01", "T-DEC-02"}
})


@settings(max_examples=60, deadline=None)
@given(ANSWERS, st.lists(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\r" not in s),
                         max_size=3), st.text(max_size=40).filter(lambda s: "\r" not in s))
def test_template_fill_evaluate_round_trip(answers: dict[str, str | None], evidence: list[str], notes: str) -> None:
    """Whatever is answered through the questionnaire reads back and scores exactly the same."""
    import tempfile

    draft = new_draft(LIB, "office-b", "state", date="2026-05-01", name="Office B")
    session = Session.start(LIB, draft)
    direct = {}
    while session.current is not None:
        rule = session.current
        value = answers.get(rule.id)
        if value is None:
            session.skip()
            continue
        session.answer(value, justification="because" if value == "not_applicable" else None)
        session.annotate(rule.id, evidence=evidence, notes=notes)
        session.next()
        direct[rule.id] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        path.write_text(session.text("es"), encoding="utf-8")
        loaded = loading.load_assessment(str(path), LIB)
    assert {k: a.value for k, a in loaded.answers.items() if a.value} == direct
    for rule_id in direct:
        if direct[rule_id] != "not_applicable":
            # blank is nothing: texts without a letter or digit are dropped, never saved
            assert list(loaded.answers[rule_id].evidence) == [e.strip() for e in evidence if not is_blank(e)]
            assert (loaded.answers[rule_id].notes or "") == ("" if is_blank(notes) else notes.strip())
    report = json_renderer.render(evaluate(loaded, LIB), "en")
    assert json.loads(report)["results"][0]["rules"] == 3


def test_json_is_never_written_with_nan() -> None:
    """Every JSON writer refuses NaN and infinity (bare NaN is not JSON), so a bug fails loudly instead."""
    import re

    from helpers import ROOT

    calls = [(p.name, m.group()) for p in (ROOT / "src" / "brecha").rglob("*.py")
             for m in re.finditer(r"json\.dumps?\([^\n]*", p.read_text(encoding="utf-8"))]
    assert len(calls) >= 6
    assert [c for c in calls if "allow_nan=False" not in c[1]] == []


def test_non_finite_numbers_never_reach_a_score(tmp_path: Path) -> None:
    """A weight of .nan used to pass lint --strict and make every score nan (and --fail-under pass)."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(MINI, rules)
    ruleset = rules / "rules" / "mini.yaml"
    ruleset.write_text(ruleset.read_text(encoding="utf-8").replace("weight: 4", "weight: .nan"), encoding="utf-8")
    result = _run("lint", "--strict", "--rules", str(rules), str(rules))
    assert result.exit_code == 1 and "[yaml-value] '.nan' is not a finite number" in result.stdout
    example = str(MINI.parent / "mini-assessment.yaml")
    assert _run("evaluate", example, *RULES, "-f", "json").exit_code == 0  # the same assessment is fine otherwise
    refused = _run("evaluate", example, "--rules", str(rules), "-f", "json", "--fail-under", "99")
    assert refused.exit_code == 3 and "NaN" not in refused.stdout
