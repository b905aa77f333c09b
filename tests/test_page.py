"""One page per institution: the report's essentials, each score beside what its level means."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, loading, model
from brecha.cli import app
from brecha.evaluation import evaluate
from brecha.i18n import Lang, ntr, tr
from brecha.renderers import page as render
from brecha.renderers._safe import translator
from brecha.renderers._sections import review_first, withheld_line
from brecha.workshop import LIMIT, Item, LevelText, build_page

from browser import NEEDS_CHROMIUM, sheets, widths
from helpers import ROOT, own_duties, top_answers
from helpers import assessment as helper_assessment

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
    it; each stage's band is the highest its score reaches; the level each answer counts at
    carries its description."""
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
    counts = [lv for i in (*page.fix_first, *page.evidence_gaps) if (lv := i.counted or i.answer) and lv.description]
    assert counts, "the scales describe their levels"
    html = render.render_html(page, "es")
    for level in counts:
        assert level.description is not None and _esc(level.description.es) in html
    for rung in ladder:
        assert rung.label.get("es") in html


def _items(lib: model.Library, path: Path) -> tuple[Item, ...]:
    page = build_page(evaluate(loading.load_assessment(str(path), lib), lib), lib)
    return (*page.fix_first, *page.evidence_gaps)


def _esc(text: str | None) -> str:
    return render._esc(text or "")


ALL_EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if not p.name.endswith(".plan.yaml"))


def test_levels_are_described_in_the_rule_s_own_words_where_it_has_them(shipped: model.Library) -> None:
    """A level shown for an answer means what the rule says it means for that duty (its guidance
    for the level, as ``assess`` offers it), else what the scale says: MX-MON-09's "inicial" is
    staff without a caseload standard, not the maturity scale's "done sometimes"."""
    own = generic = 0
    for example in ALL_EXAMPLES:
        for item in _items(shipped, example):
            rule = shipped.rules[item.rule_id]
            scale = shipped.rulesets[rule.ruleset_id].scales[rule.scale]
            for level in (lv for lv in (item.answer, item.counted, item.target) if lv is not None):
                scale_level = scale.level(level.value)
                assert scale_level is not None
                if level.value in rule.guidance:
                    own += 1
                    assert level.own and level.description == rule.guidance[level.value], (item.rule_id, level.value)
                else:
                    generic += 1
                    assert not level.own and level.description == scale_level.description, (item.rule_id, level.value)
    assert own and generic  # the examples show both kinds; otherwise this proves nothing
    # as the page prints it, in both languages: the rule's words, not the scale's
    example = ROOT / "examples" / "estado-ilustrativo" / "cas-casa-acogida.yaml"
    staff = next(i for i in _items(shipped, example) if i.rule_id == "MX-MON-09")
    assert staff.answer is not None and staff.answer.own and staff.counted is None
    scale_text = shipped.rulesets["ruta-mx"].scales[shipped.rules["MX-MON-09"].scale].level(staff.answer.value)
    assert scale_text is not None and scale_text.description is not None
    for lang in Lang:
        html = render._item(staff, lang, translator(lang, render._esc, str))
        assert _esc(shipped.rules["MX-MON-09"].guidance[staff.answer.value].get(lang)) in html
        assert _esc(scale_text.description.get(lang)) not in html


def test_the_answer_says_what_it_means_against_the_target(shipped: model.Library) -> None:
    """Each item describes the answer given. A level counted lower for want of evidence is named
    beside it, said to be for want of evidence, and never described: its description is a
    practice («Algunas áreas piden CURP…») the institution never admitted. A top target (always)
    follows on the same line by its label; a target below its scale's top (implemented) has its
    own line with what it means."""
    items = [i for p in ALL_EXAMPLES for i in _items(shipped, p)]
    t = translator("es", render._esc, str)
    counted = [i for i in items if i.counted is not None and i.answer is not None]
    top = [i for i in items if i.target_is_top and i.counted is None and i.answer is not None]
    below = [i for i in items if not i.target_is_top and i.answer is not None]
    assert counted and top and below and any(i.evidence_gap for i in counted)
    for item in counted:
        assert item.answer is not None and item.counted is not None and item.counted.description is not None
        html = render._item(item, "es", t)
        assert _esc(item.counted.description.es) not in html
        assert (f"Respuesta: {_esc(item.answer.label.es)} · Cuenta como: {_esc(item.counted.label.es)} "
                "<i>(falta evidencia; no se afirma que ocurra)</i>") in html
    for item in top:
        assert item.answer is not None and item.answer.description is not None
        html = render._item(item, "es", t)
        assert html.count('<div class="lv">') == 1 and _esc(item.answer.description.es) in html
        assert f"→ Meta: {_esc(item.target.label.es)}</div>" in html
    for item in below:
        assert item.target.description is not None
        html = render._item(item, "es", t)
        assert html.count('<div class="lv">') == 2
        assert f'<div class="lv">Meta: {_esc(item.target.label.es)} <i>— {_esc(item.target.description.es)}</i></div>' in html


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_evidence_gap_to_fix_first_asks_for_the_evidence_not_the_practice(shipped: model.Library,
                                                                           lang: str) -> None:
    """The state DIF answered MX-ING-14 «Siempre» without the evidence it needs: the page says it
    counts lower for want of evidence, asserts no practice, and asks for the evidence, the
    institution's own to gather (as the console report does), not the rule's action against a
    practice it never admitted."""
    example = ROOT / "examples" / "dif-estatal-sur.yaml"
    page = build_page(evaluate(loading.load_assessment(str(example), shipped), shipped), shipped)
    item = next(i for i in page.fix_first if i.rule_id == "MX-ING-14")
    assert item.evidence_gap and item.counted is not None and item.evidence_needed is not None
    assert item.counted.description is not None
    html = render.render_html(page, lang)
    t = translator(lang, render._esc, str)
    shown = render._item(item, lang, t)
    assert shown in html
    assert f"{_esc(tr('action.unsupported', lang))} {_esc(item.evidence_needed.get(lang))}" in shown
    assert _esc(tr("only_you.evidence", lang)) in shown
    assert _esc(item.action.get(lang)) not in shown and _esc(item.counted.description.get(lang)) not in html
    assert f"({_esc(tr('page.counted_no_evidence', lang))})" in shown
    # a gap below its target as answered keeps its own action
    practice = next(i for i in page.fix_first if not i.evidence_gap)
    assert _esc(practice.action.get(lang)) in render._item(practice, lang, t)


def test_level_texts_are_escaped() -> None:
    """A rule set given with --rules is data: its level texts are shown, never run."""
    hostile = model.Text(es="<script>x</script> & *y*", en="<img src=x> & *y*")
    level = LevelText(value="a", label=model.Text(es="<b>A</b>", en="<b>A</b>"), description=hostile, own=True)
    item = Item(rule_id="R-1", title=model.Text(es="<i>t</i>", en="<i>t</i>"), critical=False, scale=model.Text(es="s", en="s"),
                answer=level, counted=None, target=replace(level, value="b"), target_is_top=False,
                action=model.Text(es="<u>a</u>", en="<u>a</u>"), also=(), also_names=(), evidence_needed=None)
    for lang in Lang:
        html = render._item(item, lang, translator(lang, render._esc, str))
        assert "<script>" not in html and "<img" not in html and "<b>A" not in html and "<u>" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html


def test_a_cap_of_breaches_names_them_and_the_breach_box_says_what_they_admit(shipped: model.Library) -> None:
    """The rating held down by admitted breaches of absolute duties says which, by their IDs, on
    lines that wrap (the box below gives each in full with its law, once); a cap held by
    anything else says why in words (the Chiapas office's unanswered critical duty)."""
    report = evaluate(loading.load_assessment(str(ROOT / "examples" / "inm-oficina-chiapas.yaml"), shipped), shipped)
    page = build_page(report, shipped)
    breaches = [line for line in page.capped_by if line.text is None]
    worded = [line for line in page.capped_by if line.text is not None]
    assert breaches and worded
    assert all(set(line.rules) <= set(report.breached) for line in breaches)
    assert not any(set(line.rules) <= set(report.breached) for line in worded)
    for lang in Lang:
        html = render.render_html(page, lang)
        caps = re.findall(r'<div class="cap">(.*?)</div>', html)
        assert len(caps) == len(page.capped_by)
        for line in breaches:
            assert any(all(rule in cap for rule in line.rules) for cap in caps)
        for _, detail in report.breaches:
            assert html.count(_esc(detail.text.get(lang))) == 1  # in the box, not again in the cap line
        assert "nowrap" not in html.split(".cap{", 1)[1].split("}", 1)[0]  # a cap line is never cut


def _declared(lib: model.Library, itype: str, level: str) -> model.Assessment:
    """Every own duty of the Ruta at the top with evidence, but its non-critical ones (33 of a
    state DIF's 37) declared not applicable, each justified."""
    rs = lib.rulesets["ruta-mx"]
    critical = {c.id for c in rs.criticalities.values() if c.critical}
    answers = top_answers(lib, itype, level, "ruta-mx")
    for rule in own_duties(lib, itype, level, "ruta-mx"):
        if rule.criticality not in critical and rule.absolute is None:
            answers[rule.id] = (model.NOT_APPLICABLE, (), "La institución no interviene en esta etapa")
    return helper_assessment(itype, level, answers, rulesets=("ruta-mx",), version=rs.version)


@pytest.mark.parametrize("lang", list(Lang))
def test_a_page_without_actions_says_what_the_report_opens_with(shipped: model.Library, lang: Lang) -> None:
    """No action to list is not 'none' on the page: with every duty at its top it says nothing
    is urgent; with most duties declared not applicable it says to review those answers, as every
    report opens (the rating is withheld)."""
    version = shipped.rulesets["ruta-mx"].version
    top = helper_assessment("dif", "state", top_answers(shipped, "dif", "state", "ruta-mx"), rulesets=("ruta-mx",),
                            version=version)
    for built, said in ((top, lambda r: [tr("fix_first.none", lang)]),
                        (_declared(shipped, "dif", "state"), lambda r: review_first(r, lang))):
        report = evaluate(built, shipped)
        assert not report.fix_first and said(report)
        fix = render.render_html(build_page(report, shipped), lang).split(f">{tr('page.fix_first', lang)}</h2>", 1)[1]
        fix = fix.split("<h2>", 1)[0]
        assert all(_esc(line) in fix for line in said(report)) and _esc(tr("page.none", lang)) not in fix


@pytest.mark.parametrize("lang", list(Lang))
def test_a_withheld_rating_is_shown_as_none_with_why_and_its_caps(shipped: model.Library, lang: Lang) -> None:
    """Too many duties declared not applicable: the page gives no rating ('Sin calificación'),
    says why, what the score is over and what to do, marks no band on the ladder or beside a
    stage (none is earned), and still names the admitted breach and the cap it already holds;
    with that breach the rating is the lowest band all the same, qualified ('Insuficiente (deber
    absoluto incumplido; cobertura insuficiente)'), as every report says."""
    rs = shipped.rulesets["ruta-mx"]
    declared = _declared(shipped, "dif", "state")
    breach = replace(declared.answers["MX-RES-44"], value=rs.scales[shipped.rules["MX-RES-44"].scale].values[0])
    for built, breached in ((declared, False), (replace(declared, answers={**declared.answers, "MX-RES-44": breach}), True)):
        report = evaluate(built, shipped)
        result = report.headline_result
        # an admitted breach fixes it at the lowest band, whatever the duties declared not applicable
        assert result is not None and result.withheld is not None and (result.rating is not None) == breached
        page = build_page(report, shipped)
        html = render.render_html(page, lang)
        if breached:
            assert result.rating_label is not None and result.rating == result.bands[0].id
            shown = f"{_esc(result.rating_label.get(lang))} ({_esc(tr('rating_withheld_breach', lang))})"
        else:
            shown = _esc(tr("rating_withheld", lang))
        # the rating (none, or the band the breach fixes) is the large element; the score, over a few
        # duties, is small and says so, with no ladder beside it to place it in a band
        assert f'<div class="bigword">{shown}</div>' in html
        assert 'class="big"' not in html and 'class="ladder"' not in html
        over = ntr("page.score_over_coverage" if breached else "page.score_over", result.withheld.scored, lang,
                   rules=result.withheld.rules)
        assert f"{_esc(tr('page.score', lang))}: {render._n(page.evidenced)} {_esc(over)}" in html
        assert _esc(withheld_line(result, lang)) in html
        assert not any(r.rating or r.reached for r in page.ladder) and 'class="on' not in html and ' reach"' not in html
        assert all(stage.band is None for stage in page.stages)
        for band in result.bands:
            assert f"<td>{_esc(band.label.get(lang))}</td>" not in html  # on the ladder only, not beside a stage
        assert _esc(tr("page.ladder_note", lang)) not in html
        assert bool(page.breaches) == breached == bool(page.capped_by)
        if breached:
            assert result.held_at is not None and "MX-RES-44" in html.split('<div class="cap">', 1)[1].split("</div>")[0]


@pytest.mark.parametrize("lang", list(Lang))
def test_a_capped_rating_says_why(shipped: model.Library, lang: Lang) -> None:
    """When a cap holds the rating below the band the score reaches (the Chiapas office), the page
    gives the reason, marks both rungs and its legend explains the dashed one; where none does
    (the Procuraduría under both rule sets, already at the lowest band) the legend speaks of the
    rating only."""
    for example, capped in (("inm-oficina-chiapas.yaml", True), ("procuraduria-estatal-ambos.yaml", False)):
        report = evaluate(loading.load_assessment(str(ROOT / "examples" / example), shipped), shipped)
        result = report.headline_result
        assert result is not None and result.capped == capped
        page = build_page(report, shipped)
        html = render.render_html(page, lang)
        assert bool(page.capped_by) == capped == (tr("page.capped", lang) in html) == ('class=" reach"' in html)
        assert sum(r.reached and not r.rating for r in page.ladder) == capped and sum(r.rating for r in page.ladder) == 1
        legend = _esc(tr("page.ladder_note" if capped else "page.ladder_note_rating", lang))
        assert legend in html and html.count(_esc(tr("page.ladder_note_rating", lang))) == 1


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


#: How many A4 sheets each bundled example's page prints on: one, for every example and both
#: languages (a validation workshop hands one sheet per institution). Found by printing it.
SHEETS = 1


def _bound(pages: list[str]) -> str:
    """The pages as one document, each starting on a new sheet: it prints on as many sheets as
    they do one by one (the page's CSS is one constant, the same in each)."""
    head = pages[0].split("<body>", 1)[0]
    assert all(p.split("<body>", 1)[0].split("<title>")[0] == head.split("<title>")[0] for p in pages)
    bodies = (p.split("<body>", 1)[1].rsplit("</body>", 1)[0] for p in pages)
    return head + "<body>" + "".join(f'<section style="break-before:page">{b}</section>' for b in bodies) + "</body></html>"


@NEEDS_CHROMIUM
@pytest.mark.parametrize("lang", list(Lang))
def test_every_example_s_page_prints_on_one_a4_sheet(tmp_path: Path, lang: Lang) -> None:
    """Printed by a real browser, every bundled example's page fills :data:`SHEETS` A4 sheets. The
    regional example's nine stages, the two-rule-set Procuraduría's five breaches and the
    Chiapas office's two caps make the longest pages; letting the cap lines wrap once put the
    regional example on two. All are printed at once, bound one sheet apart; only when the count
    is off is each printed alone, to say which."""
    pages = {example.name: render.render_html(api.page_path(str(example)), lang) for example in ALL_EXAMPLES}
    if sheets(_bound(list(pages.values())), tmp_path, "all") == SHEETS * len(pages):
        return
    over = {name: n for name, html in pages.items() if (n := sheets(html, tmp_path, name.split(".")[0])) != SHEETS}
    assert over, "bound together they print on a different number of sheets than one by one"
    assert not over, (lang, over)


@NEEDS_CHROMIUM
def test_the_page_fits_a_laptop_and_a_phone(tmp_path: Path) -> None:
    """At 1000 and 375 px, as the HTML report (tests/test_narrow_screens.py): no page of an example
    is wider than the window. The cap lines held on one line once made the page scroll sideways
    on a laptop; at 375 px the ladder, the stages and the lists stack."""
    pages = {f"{p.stem}.{lang}": render.render_html(api.page_path(str(p)), lang) for p in ALL_EXAMPLES for lang in Lang}
    # and what no example has: a name that is one long word, a withheld rating
    shipped = api.load_content()
    assessment = loading.load_assessment(str(PROCURADURIA), shipped)
    long_name = replace(assessment, institution=replace(assessment.institution, name="Procuraduría" * 20))
    pages["long-name"] = render.render_html(build_page(evaluate(long_name, shipped), shipped), "es")
    pages["withheld"] = render.render_html(build_page(evaluate(_declared(shipped, "dif", "state"), shipped), shipped), "es")
    wide = []
    for pixels in (1000, 375):
        folder = tmp_path / str(pixels)
        folder.mkdir()
        wide += [f"{name} at {pixels} px: {scrolled} px in {window}"
                 for name, (scrolled, window) in widths(pages, pixels, folder).items() if scrolled > window]
    assert not wide, wide
