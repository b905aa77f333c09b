"""The concise console report (``brecha evaluate FILE``) says what ``--detail`` says, in fewer lines:
its actions to fix first carry the answer against the target and who else must act (or that
nobody else must)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import tr
from brecha.renderers import html, markdown
from brecha.renderers._safe import translator
from brecha.renderers._sections import also, answer

from helpers import ROOT

NORTE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"


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
    """An action no other institution shares says "nobody else", in the concise view as in --detail."""
    report = api.evaluate_path(str(NORTE))
    alone = [g for g in report.fix_first if not g.also]
    shared = [g for g in report.fix_first if g.also]
    assert alone and shared  # the example holds both kinds
    nobody = f"{tr('also_act', lang)}: {tr('only_you', lang)}"
    for view in (_run(str(NORTE), lang=lang), _run(str(NORTE), "--detail", lang=lang)):
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
