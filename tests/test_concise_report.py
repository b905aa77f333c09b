"""The concise console report (``brecha evaluate FILE``) says what ``--detail`` says, in fewer lines:
its actions to fix first carry the answer against the target and who else must act (or that
nobody else must), and it closes with the command that prints the detail of this very file."""

from __future__ import annotations

import io
import re
import shlex
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import ntr, tr
from brecha.renderers import console, html, markdown
from brecha.renderers._safe import translator
from brecha.renderers._sections import also, answer

from helpers import MINI, ROOT, TESTS

NORTE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
FISCALIA = ROOT / "examples" / "fiscalia-estatal.yaml"
FIXTURE = TESTS / "fixtures" / "mini-assessment.yaml"
LEAD = {"es": "Todo el detalle (etapas, cada brecha, fundamentos, avisos): ",
        "en": "Everything (stages, every gap, basis, notices): "}


def _run(*args: str, lang: str = "es", columns: int = 80, stdin: str | None = None) -> str:
    result = CliRunner().invoke(app, ["evaluate", *args], input=stdin, catch_exceptions=False,
                                env={"NO_COLOR": "1", "COLUMNS": str(columns), "BRECHA_LANG": lang})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _panel(text: str) -> list[str]:
    """The fix-first panel: from its top border to its bottom border."""
    lines = text.splitlines()
    top = next(n for n, line in enumerate(lines) if line.startswith("┏"))
    bottom = next(n for n, line in enumerate(lines) if line.startswith("┗"))
    return lines[top:bottom + 1]


def _flat(lines: list[str]) -> str:
    """The panel's text as one line: borders and wrapping gone."""
    return " ".join(line.strip("┃┏┓┗┛━ ").strip() for line in lines)


def _closing(text: str) -> str:
    """The closing line, unwrapped (the line after the counts, which the wrap may split)."""
    lines = [line.rstrip() for line in text.splitlines()]
    start = max(n for n, line in enumerate(lines) if line.startswith(tuple(LEAD.values())))
    return " ".join(lines[start:]).strip()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_fix_first_is_the_same_in_the_concise_report_and_in_detail(lang: str) -> None:
    """At 80 columns, each action to fix first shows its answer against the target and who else
    must act, word for word as --detail shows it, and nothing overflows."""
    concise = _run(str(NORTE), lang=lang)
    detail = _run(str(NORTE), "--detail", lang=lang)
    assert _panel(concise) == _panel(detail)
    assert max(len(line.rstrip()) for line in concise.splitlines()) <= 80
    report = api.evaluate_path(str(NORTE))
    t = translator(lang, str)
    flat = _flat(_panel(concise))
    for gap in report.fix_first:
        assert answer(gap, lang, t) in flat, gap.rule_id
        assert also(gap, lang, t) in flat, gap.rule_id
    assert flat.count(tr("answer", lang) + ":") == len(report.fix_first)
    assert flat.count(tr("also_act", lang) + ":") == len(report.fix_first)
    counted = next(g for g in report.fix_first if g.counted_label is not None)  # MX-ISN-07: no evidence
    assert f"({tr('counted_as', lang)} {counted.counted_label.get(lang)})" in flat  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_duty_of_the_institution_alone_says_so_in_both_views(lang: str) -> None:
    """A duty no other institution shares (and whose action involves none) says so, in the
    concise view as in --detail. (The fiscalía's example holds both kinds; the northern
    Procuraduría's fix-first actions all involve another institution.)"""
    report = api.evaluate_path(str(FISCALIA))
    alone = [g for g in report.fix_first if not g.also]
    shared = [g for g in report.fix_first if g.also]
    assert alone and shared  # the example holds both kinds
    nobody = f"{tr('also_act', lang)}: {tr('only_you', lang)}"
    for view in (_run(str(FISCALIA), lang=lang), _run(str(FISCALIA), "--detail", lang=lang)):
        assert _flat(_panel(view)).count(nobody) == len(alone)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_markdown_and_html_fix_first_carry_the_answer_and_who_else(lang: str) -> None:
    """The other formats' fix-first items say the same: answer → target, who else (or nobody)."""
    report = api.evaluate_path(str(NORTE))
    md = markdown.render(report, lang)
    fix_md = md.split(f"## {tr('fix_first', lang)}", 1)[1].split("\n## ", 1)[0]
    page = html.render(report, lang)
    fix_html = page.split('<section id="fix-first"', 1)[1].split("</section>", 1)[0]
    for gap in report.fix_first:
        assert answer(gap, lang, translator(lang, markdown.escape)) in fix_md
        assert also(gap, lang, translator(lang, markdown.escape)) in fix_md
    assert fix_md.count(tr("only_you", lang)) == fix_html.count(tr("only_you", lang)) == \
        len([g for g in report.fix_first if not g.also])
    assert fix_html.count(f"{tr('answer', lang)}:") == len(report.fix_first)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_closing_line_names_the_file_as_typed_and_runs(tmp_path: Path, lang: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A path with spaces and accents is shell-quoted; the command shown gives the detail of that file."""
    folder = tmp_path / "ronda 2026"
    folder.mkdir()
    shutil.copy(NORTE, folder / "mi autoevaluación (norte).yaml")
    monkeypatch.chdir(tmp_path)
    typed = "ronda 2026/mi autoevaluación (norte).yaml"
    closing = _closing(_run(typed, lang=lang))
    assert "ARCHIVO" not in closing and "FILE" not in closing
    assert closing == LEAD[lang] + f"brecha evaluate {shlex.quote(typed)} --detail"
    words = shlex.split(closing.removeprefix(LEAD[lang]))
    assert words[:2] == ["brecha", "evaluate"]
    assert _run(*words[2:], lang=lang) == _run(typed, "--detail", lang=lang)


def test_the_closing_line_repeats_the_options_that_change_the_report(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """--rules and --lang are repeated (without them the detail would be of other content, or in
    another language); a file named like an option comes after ``--``."""
    shutil.copy(FIXTURE, tmp_path / "-ronda.yaml")
    monkeypatch.chdir(tmp_path)
    closing = _closing(_run("--rules", str(MINI), "--lang", "en", "--", "-ronda.yaml", lang="es", columns=200))
    command = f"brecha evaluate --rules {shlex.quote(str(MINI))} --lang en --detail -- -ronda.yaml"
    assert closing == LEAD["en"] + command
    detail = _run(*shlex.split(command)[2:], lang="es", columns=200)
    assert detail == _run("--rules", str(MINI), "--lang", "en", "--detail", "--", "-ronda.yaml", lang="es", columns=200)
    assert "Fix first" in detail and "Coordination" in detail


@pytest.mark.parametrize("lang", ["es", "en"])
def test_from_standard_input_it_says_to_give_the_file_again(lang: str) -> None:
    """Read from '-', the command shown reads standard input again, and says so."""
    closing = _closing(_run("-", lang=lang, stdin=NORTE.read_text("utf-8")))
    ending = {"es": ", con la autoevaluación otra vez en la entrada estándar",
              "en": ", with the self-assessment on standard input again"}[lang]
    assert closing == LEAD[lang] + "brecha evaluate - --detail" + ending


def test_a_file_name_reaches_the_terminal_only_through_the_sanitiser(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Control characters in a file name are shown as escapes, never sent raw to the terminal."""
    name = "a\x1b[31mrojo\x07.yaml"
    shutil.copy(NORTE, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    out = _run(name, columns=200)
    assert "\x1b" not in out and "\x07" not in out
    assert re.search(r"brecha evaluate 'a\\x1b\[31mrojo\\x07\.yaml' --detail$", _closing(out))


def test_without_the_command_line_it_says_the_same_command() -> None:
    """Rendered by a program (no command line known), the report points to --detail in general words."""
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(console.render(api.evaluate_path(str(NORTE)), "en"))
    assert buffer.getvalue().rstrip().endswith(LEAD["en"] + "the same command with --detail")


def test_with_a_plan_the_closing_line_keeps_the_plan_and_closes_the_output() -> None:
    """evaluate --plan: the detail shown is of the same follow-up, so --plan is repeated; the line
    comes last, after the plan's follow-up, which a blank line sets apart from the report."""
    rounds = ROOT / "examples" / "rounds"
    new, plan = str(rounds / "procuraduria-estatal-norte-2027.yaml"), str(rounds / "procuraduria-estatal-norte.plan.yaml")
    command = f"brecha evaluate {shlex.quote(new)} --plan {shlex.quote(plan)} --detail"
    out = _run(new, "--plan", plan, columns=300)
    assert _closing(out) == LEAD["es"] + command
    lines = [line.rstrip() for line in out.splitlines()]
    follow = next(n for n, line in enumerate(lines) if line.startswith("Seguimiento del plan"))
    assert lines[follow - 1] == "" and lines[-2] == "" and lines[-1] == LEAD["es"] + command
    detail = _run(new, "--plan", plan, "--detail", columns=300).splitlines()
    follow = next(n for n, line in enumerate(detail) if line.startswith("Seguimiento del plan"))
    assert detail[follow - 1].strip() == ""
    assert _run(*shlex.split(command)[2:]) == _run(new, "--plan", plan, "--detail")


def _unsupported_critical(tmp_path: Path) -> Path:
    """The northern example with a critical duty (MX-ISN-01) claimed at its target without the
    evidence that level needs: a critical evidence gap, below the five actions to fix first."""
    text = NORTE.read_text("utf-8")
    answered = '  MX-ISN-01:\n    value: definido\n    evidence: ["Procedimiento PR-ISN-01 aprobado en 2025"]\n'
    assert answered in text
    path = tmp_path / "norte.yaml"
    path.write_text(text.replace(answered, "  MX-ISN-01:\n    value: implementado\n"), "utf-8")
    return path


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_critical_claim_without_evidence_counts_among_the_critical_gaps_in_every_view(
        tmp_path: Path, lang: str) -> None:
    """The table counts it as critical ("(N!)"); the concise list, --detail, Markdown and HTML
    list it among the critical gaps under the same count, instead of leaving it out."""
    path = _unsupported_critical(tmp_path)
    report = api.evaluate_path(str(path))
    gap = next(g for g in report.evidence_gaps if g.rule_id == "MX-ISN-01")
    assert gap.critical and gap in report.critical_gaps and gap not in report.fix_first
    assert gap not in report.gaps  # counted among the critical gaps, listed among the evidence gaps
    total = len(report.critical_gaps)
    rest = sum(g not in report.fix_first for g in report.critical_gaps)
    heading = f"{tr('critical_gaps', lang)} ({total})"
    concise = _run(str(path), lang=lang)
    assert next(line for line in concise.splitlines() if line.startswith("ruta-mx ")).rstrip().endswith(f"({total}!)")
    assert ntr("concise.more_critical", rest, lang, total=total) in concise
    row = next(line for line in concise.splitlines() if line.startswith("  MX-ISN-01"))
    assert row.rstrip().endswith(f"{gap.answer_label.get(lang)} ({tr('levels.no_evidence', lang)})")  # type: ignore[union-attr]
    detail = _run(str(path), "--detail", lang=lang, columns=120)
    section = detail.split(f"\n{heading}\n", 1)[1].split(f"\n{tr('all_gaps', lang)}", 1)[0]
    assert "MX-ISN-01" in section and tr("action.unsupported", lang) in section
    md = markdown.render(report, lang)
    assert f"## {heading}" in md and "### `MX-ISN-01`" in md.split(f"## {heading}", 1)[1]
    page = html.render(report, lang)
    assert f"{heading}</h2>" in page and 'href="#gap-MX-ISN-01"' in page and 'id="gap-MX-ISN-01"' in page


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_concise_critical_list_shows_each_answer_against_its_target(lang: str) -> None:
    """One line per critical gap: its answer and its target, as --detail's list of gaps shows them."""
    report = api.evaluate_path(str(NORTE))
    concise = _run(str(NORTE), lang=lang)
    shown = {g.rule_id for g in report.fix_first}
    rest = [g for g in report.critical_gaps if g.rule_id not in shown]
    assert rest
    for gap in rest:
        row = next(line for line in concise.splitlines() if line.startswith(f"  {gap.rule_id} "))
        given = gap.answer_label.get(lang) if gap.answer_label else tr("no_information", lang)
        assert row.rstrip().endswith(f"{given} → {gap.target_label.get(lang)}"), row


@pytest.mark.parametrize("lang", ["es", "en"])
def test_both_views_name_the_round_as_a_round(lang: str) -> None:
    """'2026-10-15 · round 2026' in both views: in --detail the round was a bare second date-like figure."""
    report = api.evaluate_path(str(NORTE))
    said = f"{report.assessed_on} · {tr('round', lang).lower()} {report.round}"
    assert said in _run(str(NORTE), lang=lang)
    assert said in _run(str(NORTE), "--detail", lang=lang)


EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_concise_lists_give_every_title_whole(lang: str, columns: int) -> None:
    """A title in the list of other critical gaps or of weaknesses wraps under itself, never cut
    with «…»: cut, «Sin contacto consular que exponga a qu…» reads as if the lack of consular
    contact were the problem. Each title, its wrapped lines joined, is there in full."""
    seen = 0
    for example in EXAMPLES:
        report = api.evaluate_path(str(example))
        concise = _run(str(example), lang=lang, columns=columns)
        lines = [line.rstrip() for line in concise.splitlines()]
        assert max(map(len, lines)) <= columns
        shown = {ident for g in report.fix_first for ident in (g.rule_id, *g.same_duty)}
        rows = [(g.rule_id, g.title.get(lang)) for g in report.critical_gaps if g.rule_id not in shown]
        rows += [(w.id, w.title.get(lang)) for w in report.weaknesses]
        for ident, title in rows:
            start = next(n for n, line in enumerate(lines) if line.startswith(f"  {ident} "))
            indent = lines[start].index(title.split()[0], len(ident) + 2)
            words = lines[start][indent:].split("  ")[0].split()
            for line in lines[start + 1:]:  # the title's wrapped lines, under its first word
                if line[:indent].strip() or not line[indent:].strip():
                    break
                words += line[indent:].split()
            assert " ".join(words) == title, (example.name, ident)
            seen += 1
    assert seen > 20
