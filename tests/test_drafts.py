"""Drafted legal basis: only verified law is cited as law, the facts are the institution's own."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, grounding, loading, model
from brecha.cli import app
from brecha.drafting import DraftSet, Reason, build_drafts, citable, is_law
from brecha.errors import Location
from brecha.evaluation import evaluate
from brecha.i18n import Lang, tr, worded_locator
from brecha.renderers import drafts as render
from brecha.report import GapStatus

from helpers import ROOT

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
ASSESSMENTS = [p for p in EXAMPLES if "kind: Assessment" in p.read_text(encoding="utf-8")]
PROCURADURIA = ROOT / "examples" / "estado-ilustrativo" / "procuraduria-estatal.yaml"
#: What a reference to an article, fraction or paragraph looks like in Spanish legal writing.
ARTICLE_LIKE = re.compile(r"\b(arts?\.|artículos?|fr\.|fracci|párrs?\.|p[aá]rrafo|inciso|paras?\.|secs?\.|subparas?\.)", re.I)


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


def _drafts(path: Path, lib: model.Library) -> DraftSet:
    assessment = loading.load_assessment(str(path), lib)
    return build_drafts(evaluate(assessment, lib), assessment, lib)


def _paragraph(text: str, title_key: str, lang: str) -> list[str]:
    """The paragraphs of a rendered draft that start with the bold title ``title_key``."""
    head = f"**{tr(title_key, lang)}.** "
    return [line[len(head):] for line in text.splitlines() if line.startswith(head)]


def _strip_locators(paragraph: str, lib: model.Library, allowed: set[str], lang: Lang) -> str:
    """The paragraph without every locator of the allowed provisions (longest first), as worded for ``lang``."""
    worded = {worded_locator(lib.provisions[p].locator or "", lang) for p in allowed}
    for locator in sorted(worded, key=len, reverse=True):
        if locator:
            paragraph = paragraph.replace(render.md_escape(locator), "")
    return paragraph


def test_assessments_to_draft() -> None:
    """The examples give drafts to check (the state folder included)."""
    assert len(ASSESSMENTS) >= 10 and PROCURADURIA in ASSESSMENTS


@pytest.mark.parametrize("path", ASSESSMENTS, ids=[str(p.relative_to(ROOT / "examples")) for p in ASSESSMENTS])
def test_every_article_cited_in_a_draft_is_a_verified_provision(path: Path, shipped: model.Library) -> None:
    """In every example's drafts, in both languages, the legal-basis paragraph holds only locators of
    provisions of binding law verified against the official text with a verified locator, and the
    interpretation paragraph only verified ones; nothing article-like is left once they are removed."""
    drafts = _drafts(path, shipped)
    assessment = loading.load_assessment(str(path), shipped)
    where = grounding.place(assessment.institution, shipped.institution_types.get(assessment.institution.type))
    law = {pid for pid, p in shipped.provisions.items() if is_law(p, shipped.standards[p.standard_id], where)}
    verified = {pid for pid, p in shipped.provisions.items() if citable(p)}
    for d in drafts.drafts:
        assert all(c.provision_id in law for c in d.law)
        assert all(c.provision_id in verified and c.provision_id not in law for c in d.interpretation)
        assert all(c.provision_id not in verified for c in d.not_cited)
    for lang in Lang:
        text = render.render_markdown(drafts, lang)
        for paragraph in _paragraph(text, "draft.law_title", lang):
            left = _strip_locators(paragraph, shipped, law, lang)
            assert not ARTICLE_LIKE.search(left), (lang, paragraph)
        for paragraph in _paragraph(text, "draft.interpretation_title", lang):
            left = _strip_locators(paragraph, shipped, verified, lang)
            assert not ARTICLE_LIKE.search(left), (lang, paragraph)


def test_the_example_drafts_cite_law_and_name_the_rest(shipped: model.Library) -> None:
    """The Procuraduría's drafts cite the LGDNNA and the Ley de Migración by article and name the
    reconstructed Ruta as such, never by a locator."""
    drafts = _drafts(PROCURADURIA, shipped)
    text = render.render_markdown(drafts, "es")
    assert re.search(r"LGDNNA \([^)]*art\. 123, fr\. IV", text)
    assert "Ruta SIPINNA 2019, «" in text and "(reconstruido, no leído en el texto)" in text
    for paragraph in _paragraph(text, "draft.law_title", "es"):
        assert "Ruta" not in paragraph and "Protocolo" not in paragraph


def test_a_provision_not_verified_is_never_cited_as_law(shipped: model.Library) -> None:
    """Make the articles of one rule reconstructed, or their locator unconfirmed: they leave the legal
    basis, are named among the references not cited as law, and the draft says nothing is cited."""
    rule = shipped.rules["MX-ISN-02"]
    for change in ({"confidence": model.Confidence.RECONSTRUCTED}, {"locator_verified": False}):
        provisions = dict(shipped.provisions)
        for pid in rule.implements:
            provisions[pid] = replace(provisions[pid], **change)  # type: ignore[arg-type]
        lib = replace(shipped, provisions=provisions)
        drafts = _drafts(PROCURADURIA, lib)
        d = next(d for d in drafts.drafts if d.rule_id == "MX-ISN-02")
        assert not d.law and not d.interpretation and len(d.not_cited) == len(rule.implements)
        section = render.render_markdown(drafts, "en").split("MX-ISN-02", 1)[1].split("\n## ", 1)[0]
        assert tr("draft.law_none", "en") in section
        assert "art. 123" not in section and "art. 74" not in section


def test_the_facts_are_the_answer_its_evidence_or_its_lack(shipped: model.Library) -> None:
    """The facts quote the answer and the target, the evidence listed, the level counted without
    it, the institution's note; an unanswered critical rule says so."""
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    answers = dict(assessment.answers)
    answers["MX-ISN-02"] = model.Answer(rule_id="MX-ISN-02", value="casi_siempre", evidence=(), notes="Sin *acuses*",
                                        justification=None, location=Location("x.yaml"))
    del answers["MX-ISN-01"]
    edited = replace(assessment, answers=answers)
    drafts = build_drafts(evaluate(edited, shipped), edited, shipped)
    by_rule = {d.rule_id: d for d in drafts.drafts}
    text = render.render_markdown(drafts, "es")
    unevidenced = text.split("MX-ISN-02", 1)[1].split("\n## ", 1)[0]
    assert by_rule["MX-ISN-02"].counted_label is not None
    assert "con el nivel «Casi siempre», por debajo del nivel esperado «Siempre»" in unevidenced
    assert tr("draft.no_evidence", "es") in unevidenced
    assert "la respuesta cuenta como «A veces»" in unevidenced
    assert "Sin \\*acuses\\*" in unevidenced  # the note is quoted, its markup made inert
    assert by_rule["MX-ISN-01"].answer is None
    assert "no respondió a la pregunta" in text.split("MX-ISN-01", 1)[1].split("\n## ", 1)[0]


def test_every_critical_gap_and_the_top_actions_are_drafted(shipped: model.Library) -> None:
    """The report's fix-first actions come first, in its order, then every other critical gap
    (evidence gaps included); nothing else."""
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    report = evaluate(assessment, shipped)
    drafts = build_drafts(report, assessment, shipped)
    drafted = [d.rule_id for d in drafts.drafts]
    critical = {g.rule_id for g in (*report.gaps, *report.evidence_gaps) if g.critical}
    first = [g.rule_id for g in report.fix_first]
    assert critical - set(first) and first
    assert drafted[: len(first)] == first and set(drafted) == critical | set(first)
    assert len(drafted) == len(set(drafted))
    for d in drafts.drafts:
        assert (Reason.CRITICAL in d.reasons) == (d.rule_id in critical)
        assert (Reason.TOP in d.reasons) == (d.rule_id in first)


def test_an_evidence_gap_is_drafted_as_a_claim_the_evidence_does_not_support(shipped: model.Library) -> None:
    """A critical rule answered at its target without the evidence it needs: the facts say the
    answer reaches the target but is not supported, and the level it counts as."""
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    answers = dict(assessment.answers)
    answers["MX-ISN-02"] = replace(answers["MX-ISN-02"], value="siempre", evidence=(), records=())
    edited = replace(assessment, answers=answers)
    drafts = build_drafts(evaluate(edited, shipped), edited, shipped)
    [d] = [d for d in drafts.drafts if d.rule_id == "MX-ISN-02"]
    assert d.status is GapStatus.UNSUPPORTED and d.counted_label is not None
    text = render.render_markdown(drafts, "es").split("MX-ISN-02", 1)[1].split("\n## ", 1)[0]
    assert "que alcanza el esperado («Siempre»), pero la evidencia dada no lo respalda" in text
    assert "la respuesta cuenta como «" in text and tr("draft.no_evidence", "es") in text


def test_html_is_printable_self_contained_and_escaped(shipped: model.Library) -> None:
    """The printable page carries print CSS, no external asset, and escapes the institution's text."""
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    answers = dict(assessment.answers)
    answers["MX-ING-20"] = replace(answers["MX-ING-20"], notes="<script>alert(1)</script>")
    edited = replace(assessment, answers=answers,
                     institution=replace(assessment.institution, name="<b>Proc</b>"))
    html = render.render_html(build_drafts(evaluate(edited, shipped), edited, shipped), "es")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;Proc" in html
    assert "@media print" in html and "@page" in html
    for external in ("http://", "https://", "<link", "src="):
        assert external not in html


def test_command_line_writes_drafts() -> None:
    """`brecha draft FILE` prints Markdown; --format html a page."""
    runner = CliRunner()
    env = {"NO_COLOR": "1", "BRECHA_LANG": "es"}
    md = runner.invoke(app, ["draft", str(PROCURADURIA)], env=env, catch_exceptions=False)
    assert md.exit_code == 0 and md.stdout.startswith("# Fundamento y motivación (borrador)")
    page = runner.invoke(app, ["draft", str(PROCURADURIA), "-f", "html", "--lang", "en"], env=env,
                         catch_exceptions=False)
    assert page.exit_code == 0 and page.stdout.startswith("<!DOCTYPE html>") and "Legal basis" in page.stdout


def _sections(drafts: DraftSet, lang: str) -> dict[str, tuple[str, str]]:
    """Each rule's section, as Markdown and as HTML."""
    md = {s.split(" ", 2)[1]: s for s in render.render_markdown(drafts, lang).split("\n## ")[1:] if s[0].isdigit()}
    page = render.render_html(drafts, lang)
    html = {rid: page.split(f'<section class="draft" id="{rid}">', 1)[1].split("</section>", 1)[0] for rid in md}
    return {rid: (md[rid], html[rid]) for rid in md}


def test_an_unanswered_question_is_drafted_as_a_request_for_information(shipped: model.Library) -> None:
    """A missing answer is not a fact of breach: its draft says only that the question went
    unanswered, cites the law as the duty the request concerns (not "on the basis of"), and asks
    for the information instead of prescribing the rule's action. An answered gap beside it keeps
    the finding and the action."""
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    answers = dict(assessment.answers)
    del answers["MX-ISN-01"]
    answers["MX-ISN-02"] = model.Answer(rule_id="MX-ISN-02", value="a_veces", evidence=(), notes=None,
                                        justification=None, location=Location("x.yaml"))
    edited = replace(assessment, answers=answers)
    drafts = build_drafts(evaluate(edited, shipped), edited, shipped)
    by_rule = {d.rule_id: d for d in drafts.drafts}
    assert by_rule["MX-ISN-01"].request and by_rule["MX-ISN-01"].law and not by_rule["MX-ISN-02"].request
    for lang in Lang:
        grounded = tr("draft.law", lang, citations="").strip(" .")  # "Con fundamento en" / "On the basis of"
        sections = _sections(drafts, lang)
        for section in sections["MX-ISN-01"]:
            assert tr("draft.request.title", lang) in section and tr("draft.action_title", lang) not in section
            assert shipped.rules["MX-ISN-01"].action.get(lang)[:40] not in section
            assert "no cumplida" not in section and "unmet" not in section and grounded not in section
        for section in sections["MX-ISN-02"]:
            assert tr("draft.action_title", lang) in section and grounded in section
            assert tr("draft.request.title", lang) not in section
