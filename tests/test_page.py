"""One page per institution: the report's essentials, each score beside what its level means."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, loading, model
from brecha.cli import app
from brecha.evaluation import evaluate
from brecha.i18n import Lang, tr
from brecha.renderers import page as render
from brecha.renderers._safe import translator
from brecha.workshop import LIMIT, Item, build_page

from helpers import ROOT

PROCURADURIA = ROOT / "examples" / "estado-ilustrativo" / "procuraduria-estatal.yaml"
MUNICIPAL = ROOT / "examples" / "estado-ilustrativo" / "dif-municipal-frontera.yaml"


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


def test_the_page_holds_the_headline_stages_and_the_report_s_lists(shipped: model.Library) -> None:
    """Headline score and rating, every stage of the headline rule set, the fix-first actions,
    weaknesses and evidence gaps as the report has them (cut to what fits)."""
    report = evaluate(loading.load_assessment(str(MUNICIPAL), shipped), shipped)
    page = build_page(report, shipped)
    result = report.headline_result
    assert result is not None and page.ruleset_id == result.id
    assert page.evidenced == report.overall.evidenced and page.rating == report.rating_label
    assert [s.label for s in page.stages] == [line.label for line in result.by_phase]
    assert [i.rule_id for i in page.fix_first] == [g.rule_id for g in report.fix_first[:LIMIT]]
    assert len(page.weaknesses) == min(LIMIT, len(report.weaknesses))
    assert page.more_weaknesses == max(0, len(report.weaknesses) - LIMIT)
    assert [i.rule_id for i in page.evidence_gaps] == [g.rule_id for g in report.evidence_gaps[:LIMIT]]


@pytest.mark.parametrize("lang", list(Lang))
def test_every_fix_first_item_says_who_else_must_act_even_nobody(shipped: model.Library, lang: Lang) -> None:
    """As the report does: each action names who else must act, or says that no other institution
    does. (The fiscalía's example holds both kinds; every fix-first action of the illustrative
    state's Procuraduría involves another institution.)"""
    report = evaluate(loading.load_assessment(str(ROOT / "examples" / "fiscalia-estatal.yaml"), shipped), shipped)
    page = build_page(report, shipped)
    html = render.render_html(page, lang)
    fix = html.split(f">{tr('page.fix_first', lang)}</h2>", 1)[1].split("</h2>", 1)[0]
    said = re.findall(re.escape(tr("page.also", lang)) + r": ([^)]*)\)", fix)
    assert len(said) == len(page.fix_first) > 0
    alone = [i for i in page.fix_first if not i.also]
    assert alone and [w for w in said if w == tr("page.only_you", lang)] == [tr("page.only_you", lang)] * len(alone)
    assert {g.rule_id for g in report.fix_first if not g.also} >= {i.rule_id for i in alone}  # the report's own


def test_the_page_counts_evidence_gaps_among_the_gaps(shipped: model.Library) -> None:
    """The page's count of gaps is the report's: an unsupported claim is a gap there too."""
    example = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
    report = evaluate(loading.load_assessment(str(example), shipped), shipped)
    score = report.overall
    assert score.evidence_gaps > 0  # the example has one; otherwise this test proves nothing
    page = build_page(report, shipped)
    assert page.gaps == score.gaps + score.evidence_gaps
    assert page.critical_gaps == score.critical_gaps + score.critical_evidence_gaps


def test_every_score_has_its_level_beside_it(shipped: model.Library) -> None:
    """The ladder is the headline rule set's bands, contiguous from 0 to 100, with the rating on
    it; each stage's band is the highest its score reaches; each answer carries its level's
    description where the scale has one."""
    report = evaluate(loading.load_assessment(str(MUNICIPAL), shipped), shipped)
    page = build_page(report, shipped)
    ladder = page.ladder
    assert ladder[0].low == 0 and ladder[-1].high is None
    assert all(a.high == b.low for a, b in pairwise(ladder))
    assert [r.label for r in ladder if r.rating] == [page.rating]
    for stage in page.stages:
        if stage.evidenced is not None:
            fitting = [r for r in ladder if stage.evidenced >= r.low]
            assert stage.band == fitting[-1].label
    described = [i for i in (*page.fix_first, *page.evidence_gaps) if i.answer and i.answer.description]
    assert described, "the maturity scale describes its levels"
    html = render.render_html(page, "es")
    for item in described:
        assert item.answer is not None and item.answer.description is not None
        assert item.answer.description.get("es") in html
    for rung in ladder:
        assert rung.label.get("es") in html


def test_a_frequency_answer_says_how_often_on_one_line(shipped: model.Library) -> None:
    """A frequency gap shows what its answer means (a share of cases) on the answer's line, the
    top target by its label; a maturity gap below its top keeps each level on its own line."""
    def items(path: Path) -> tuple[Item, ...]:
        page = build_page(evaluate(loading.load_assessment(str(path), shipped), shipped), shipped)
        return (*page.fix_first, *page.evidence_gaps)

    # the regional example's fix-first is all frequency duties (admitted breaches first); the
    # municipality's shows maturity gaps
    regional = items(ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml")
    town = items(ROOT / "examples" / "municipio-frontera-norte.yaml")
    frequency = [i for i in regional if i.target.value == "siempre" and i.answer is not None]
    maturity = [i for i in (*regional, *town) if i.target.value == "implementado" and i.answer is not None]
    assert frequency and maturity and all(i.target_is_top for i in frequency)
    assert not any(i.target_is_top for i in maturity)
    for item in frequency:
        assert item.answer is not None and item.answer.description is not None
        html = render._item(item, "es", translator("es", render._esc, str))
        assert html.count('<div class="lv">') == 1 and item.answer.description.es in html
        assert "Meta: Siempre</div>" in html
    html = render._item(maturity[0], "es", translator("es", render._esc, str))
    assert html.count('<div class="lv">') == 3 - (maturity[0].counted is None)


def test_a_capped_rating_says_why(shipped: model.Library) -> None:
    """When a cap holds the rating below the band the score reaches, the page gives the reason
    and marks both rungs."""
    report = evaluate(loading.load_assessment(str(MUNICIPAL), shipped), shipped)
    page = build_page(report, shipped)
    result = report.headline_result
    assert result is not None
    if result.capped:
        assert page.capped_by and sum(r.reached for r in page.ladder) == 1
        html = render.render_html(page, "en")
        assert tr("page.capped", "en") in html and 'class=" reach"' in html
    else:
        assert not page.capped_by


def test_the_page_is_printable_self_contained_and_escaped(shipped: model.Library) -> None:
    """A4 print CSS, no external asset, the institution's text escaped, in both languages."""
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    hostile = replace(assessment, institution=replace(assessment.institution, name="<script>x</script> & *b*"))
    page = build_page(evaluate(hostile, shipped), shipped)
    for lang in Lang:
        html = render.render_html(page, lang)
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "@page{size:A4" in html and "@media print" in html
        for external in ("http://", "https://", "<link", "src=", "<img"):
            assert external not in html
        assert html.count("<h1>") == 1


def test_command_line_writes_the_page() -> None:
    """`brecha page FILE -o page.html` writes the page; every example makes one."""
    runner = CliRunner()
    result = runner.invoke(app, ["page", str(PROCURADURIA), "--lang", "es"], env={"NO_COLOR": "1"},
                           catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert re.search(r"<h1>Procuraduría de Protección de NNA del Estado Ilustrativo \(ficticia\)</h1>", result.stdout)
    for path in sorted((ROOT / "examples" / "estado-ilustrativo").glob("*.yaml")):
        assert api.page_path(str(path)).stages


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LONGEST = [*sorted((ROOT / "examples" / "estado-ilustrativo").glob("*.yaml")),
           ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("lang", list(Lang))
def test_the_page_prints_on_one_a4_sheet(tmp_path: Path, lang: Lang) -> None:
    """Printed by a real browser, each example's page is one A4 sheet (the state's five and the
    regional example, whose nine stages make the longest page)."""
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-pdf-header-footer", f"--user-data-dir={tmp_path / 'profile'}"]
    for example in LONGEST:
        page = tmp_path / f"{example.stem}.html"
        page.write_text(render.render_html(api.page_path(str(example)), lang), encoding="utf-8")
        pdf = tmp_path / f"{example.stem}.pdf"
        subprocess.run([CHROMIUM, *flags, f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True,
                       timeout=120, check=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        assert pages == 1, (example.name, lang, pages)
