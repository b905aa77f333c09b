"""A stage nobody answered reads "no information", not a failing 0.0 with 0 gaps; a score per
standard says what it is (the rules citing it) and what it is not (legal compliance)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import ntr, tr
from brecha.renderers import html, markdown
from brecha.renderers import json as json_renderer

from helpers import ROOT

CHIAPAS = str(ROOT / "examples" / "inm-oficina-chiapas.yaml")
NORTE = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")


def _silent_stage():  # type: ignore[no-untyped-def]
    report = api.evaluate_path(CHIAPAS)
    line = next(line for r in report.results for line in r.by_phase if line.score.answered == 0)
    return report, line


def test_a_stage_with_no_answer_has_no_score() -> None:
    report, line = _silent_stage()
    assert line.score.unanswered >= 1 and line.score.claimed is None and line.score.evidenced is None
    # the rule set's total still counts the unanswered rules as 0: only the line says "unknown"
    assert report.headline_result is not None and report.headline_result.score.evidenced is not None
    answered = [x for r in report.results for x in r.by_phase if x.score.answered]
    assert answered and all(x.score.evidenced is not None for x in answered)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_format_says_no_information(lang: str) -> None:
    report, line = _silent_stage()
    said = ntr("breakdown.no_information", line.score.unanswered, lang)
    assert said == {"es": "sin información (1 regla sin respuesta)",
                    "en": "no information (1 rule unanswered)"}[lang] or line.score.unanswered != 1
    out = CliRunner().invoke(app, ["evaluate", CHIAPAS, "--detail"], catch_exceptions=False,
                             env={"NO_COLOR": "1", "COLUMNS": "300", "BRECHA_LANG": lang}).stdout
    table = out.split(tr("by_phase_of", lang, id="ruta-mx"), 1)[1].split(tr("by_standard", lang), 1)[0]
    assert said in table
    row = next(x for x in table.splitlines() if line.label.get(lang) in x)
    assert "0.0" not in row and row.rstrip().endswith("—")
    md = markdown.render(report, lang)
    assert f"| {line.label.get(lang)} | — | — | {said} |" in md
    assert said in html.render(report, lang)
    data = json.loads(json_renderer.render(report, lang))
    stage = next(p for r in data["results"] for p in r["by_phase"] if p["id"] == line.id)
    assert stage["claimed"] is None and stage["evidenced"] is None and stage["unanswered"] == line.score.unanswered


@pytest.mark.parametrize("lang", ["es", "en"])
def test_scores_per_standard_carry_their_caption(lang: str) -> None:
    report = api.evaluate_path(NORTE)
    assert report.by_standard
    caption = tr("by_standard.caption", lang)
    assert {"es": "no mide cumplimiento legal", "en": "does not measure legal compliance"}[lang] in caption
    out = CliRunner().invoke(app, ["evaluate", NORTE, "--detail"], catch_exceptions=False,
                             env={"NO_COLOR": "1", "COLUMNS": "300", "BRECHA_LANG": lang}).stdout
    after = out.split(tr("by_standard", lang), 1)[1]
    assert caption in after
    md = markdown.render(report, lang)
    assert f"*{caption}*" in md.split(f"### {tr('by_standard', lang)}", 1)[1]
    assert caption in html.render(report, lang)
