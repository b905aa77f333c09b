"""A withheld rating says it is withheld, and offers no band anybody could fall back on.

The reviewer's probe: a state DIF answering 33 of its 37 own duties «no aplica» without outside
confirmation, three of them critical. Its rating is withheld, not provisional: no text calls
it provisional, and its JSON gives neither the band the score reached before caps nor a
provisional rating "once confirmed".
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from rich.console import Console

from brecha import api, model
from brecha.evaluation import evaluate
from brecha.i18n import Lang, ntr, tr
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.renderers import page as page_renderer
from brecha.report import GapReport
from brecha.schemas import load_schema
from brecha.workshop import build_page

from browser import NEEDS_CHROMIUM, sheets
from helpers import assessment, own_duties, top_answers

LIB = api.load_content()
RS = LIB.rulesets["ruta-mx"]
OWN = own_duties(LIB, "dif", "state", "ruta-mx")
CRITICAL = {c.id for c in RS.criticalities.values() if c.critical}
WHY = "El DIF estatal no interviene en esta etapa en el estado"
#: Every own duty but the absolute ones and one other, declared not applicable (critical ones too).
DECLARED = [r.id for r in OWN if r.absolute is None][1:]


def _withheld() -> GapReport:
    answers: dict[str, Any] = top_answers(LIB, "dif", "state", "ruta-mx")
    for rule_id in DECLARED:
        answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    return evaluate(assessment("dif", "state", answers, rulesets=("ruta-mx",), version=RS.version), LIB)


def _console(rep: GapReport, lang: str) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(console.render_detail(rep, lang))
    return buffer.getvalue()


def test_the_probe_is_withheld_with_critical_duties_among_its_not_applicable() -> None:
    (result,) = _withheld().results
    assert result.withheld is not None and result.rating is None
    assert any(LIB.rules[r].criticality in CRITICAL for r in DECLARED)


def test_the_core_offers_no_band_and_no_provisional_rating() -> None:
    (result,) = _withheld().results
    assert result.uncapped is None and result.uncapped_label is None
    assert result.provisional == () and result.if_confirmed is None
    assert {r for r in result.awaiting if LIB.rules[r].criticality in CRITICAL}  # what it waits on is named


@pytest.mark.parametrize("lang", list(Lang))
def test_no_format_calls_a_withheld_rating_provisional(lang: Lang) -> None:
    rep = _withheld()
    word = "provisional"  # the same word in both languages
    for text in (_console(rep, lang), markdown.render(rep, lang), html.render(rep, lang)):
        flat = " ".join(text.split())
        assert word not in flat.lower(), flat[max(0, flat.lower().find(word) - 300):flat.lower().find(word) + 100]
    codes = {n.code for n in rep.notices}
    assert "critical-not-applicable-withheld" in codes and "critical-not-applicable" not in codes


def test_the_json_offers_no_band_a_dashboard_could_fall_back_on() -> None:
    data = json.loads(json_report.render(_withheld(), "en"))
    (result,) = data["results"]
    assert result["rating"] is None and result["withheld"] is not None
    assert result["uncapped_rating"] is None and result["uncapped_rating_label"] is None
    assert result["provisional"] is None
    validator = Draft202012Validator(load_schema("GapReport"))
    validator.validate(data)
    # the schema holds it: a withheld result offering a band or a provisional rating is refused
    offering = {**result, "uncapped_rating": "consolidado", "uncapped_rating_label": "Consolidated"}
    assert not validator.is_valid({**data, "results": [offering]})
    provisional = {**result, "provisional": {"rules": ["MX-ING-16"], "rating_if_confirmed": None,
                                             "rating_if_confirmed_label": None}}
    assert not validator.is_valid({**data, "results": [provisional]})


#: An absolute duty of the state DIF (never declarable not applicable by its holder).
ABSOLUTE = next(r for r in OWN if r.absolute is not None)


def _withheld_with_breach() -> GapReport:
    """The same probe, with one absolute duty admitted breached (one level below its top)."""
    answers: dict[str, Any] = top_answers(LIB, "dif", "state", "ruta-mx")
    for rule_id in DECLARED:
        answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    answers[ABSOLUTE.id] = RS.scales[ABSOLUTE.scale].values[-2]
    return evaluate(assessment("dif", "state", answers, rulesets=("ruta-mx",), version=RS.version), LIB)


def test_an_admitted_absolute_breach_fixes_a_withheld_rating_at_the_lowest_band() -> None:
    rep = _withheld_with_breach()
    (result,) = rep.results
    lowest = RS.rating_bands[0]
    assert result.withheld is not None and result.fixed_by_breach and ABSOLUTE.id in rep.breached
    assert result.rating == rep.rating == lowest.id and result.rating_label == lowest.label
    assert not _withheld().results[0].fixed_by_breach and _withheld().rating is None  # without it: withheld


@pytest.mark.parametrize("lang", list(Lang))
def test_the_fixed_band_is_shown_qualified_and_the_breach_opens_the_report(lang: Lang) -> None:
    rep = _withheld_with_breach()
    band = RS.rating_bands[0].label.get(lang)
    qualifier = "deber absoluto incumplido; cobertura insuficiente" if lang == "es" else \
        "absolute duty breached; insufficient coverage"
    review = "Revise" if lang == "es" else "Review"
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(console.render(rep, lang))
    concise = buffer.getvalue()
    table = " ".join(concise.split("━")[0].split())
    # the band, marked as fixed by the breach named below it; the qualifier in the line after it
    assert band in table and tr("rating_breach_short", lang) in table
    assert ("Sin calificación" if lang == "es" else "Not rated") not in table
    assert (" ".join(tr("rating_withheld_breach", lang).split("; ")[1].split())).lower() in table.lower()
    opening = " ".join(concise.split("┏", 1)[1].replace("┃", " ").split())
    assert opening.index(f"1. {ABSOLUTE.id}") < opening.index(review), opening[:600]
    md = " ".join(markdown.render(rep, lang).split())
    assert f"{band} ({qualifier}" in md
    fix = md.split("## ", 2)[1]  # the opening section
    assert fix.index(ABSOLUTE.id) < fix.index(review), fix[:600]
    data = json.loads(json_report.render(rep, lang))
    Draft202012Validator(load_schema("GapReport")).validate(data)
    assert data["results"][0]["rating"] == RS.rating_bands[0].id and data["results"][0]["withheld"] is not None


@pytest.mark.parametrize("lang", list(Lang))
def test_the_fixed_band_s_cell_stays_two_lines_at_80_columns(lang: Lang) -> None:
    """The rating cell of the report's table gives the band and the breach mark, not the whole
    qualifier wrapped over six lines of its narrow column: the breach is named in full just
    under the table, and the line after it says the coverage is insufficient."""
    rep = _withheld_with_breach()
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(console.render(rep, lang))
    lines = buffer.getvalue().splitlines()
    rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
    alert = next(n for n, line in enumerate(lines) if line.startswith("‼"))
    row = lines[rule + 1:alert]  # the one rule set's row, as many lines as its tallest cell
    # the gaps cell's «3 críticos» / «por confirmar» may take a third line; the rating cell, never
    assert len(row) <= 3 and all(not line[:40].strip() for line in row[2:]), row
    assert RS.rating_bands[0].label.get(lang) in row[0] and tr("rating_breach_short", lang) in row[1]


@pytest.mark.parametrize("lang", list(Lang))
def test_a_withheld_report_shows_no_score_over_the_few_duties_answered(lang: Lang) -> None:
    """Stage and standard lines: ``— (1 of 10 duties answered)``, never the 100.0 of a stage that
    rests on one duty answered at the top (Markdown, HTML, the console's detail at 80 columns, the
    page); empty lists of weaknesses and evidence gaps say none is detectable while the answers wait."""
    rep = _withheld()
    (result,) = rep.results
    assert not rep.weaknesses and not rep.evidence_gaps
    full = [line for line in (*result.by_phase, *rep.by_standard) if line.score.evidenced == 100]
    assert full, "the probe has a line that would read 100"
    cells = [ntr("breakdown.withheld", line.score.rules, lang, answered=line.score.answered)
             for line in (*result.by_phase, *rep.by_standard)]
    waiting = ntr("none.awaiting", len(rep.awaiting_confirmation), lang)
    md = markdown.render(rep, lang)
    rows = [row for row in md.splitlines() if row.startswith("| ") and any(t(line.label, lang) in row
                                                                            for line in (*result.by_phase, *rep.by_standard))]
    assert rows and not any("100.0" in row for row in rows), rows
    assert all(cell in md for cell in cells) and md.count(waiting) == 2
    page = page_renderer.render_html(build_page(rep, LIB), lang).replace("&#x27;", "'").replace("&#39;", "'")
    assert all(cell.removeprefix("— ") in page for cell in cells[:len(result.by_phase)]) and page.count(waiting) == 2
    assert "<span style='width:100%'>" not in page  # no full bar drawn for a stage
    shown = html.render(rep, lang).replace("&#x27;", "'").replace("&#39;", "'")
    assert all(cell in shown for cell in cells) and shown.count(waiting) == 2
    detail = " ".join(_console(rep, lang).split())
    assert all(cell.removeprefix("— ") in detail for cell in cells) and detail.count(waiting) == 2


def t(text: model.Text, lang: Lang) -> str:
    return text.get(lang)


@pytest.mark.parametrize("lang", list(Lang))
def test_a_summary_gives_the_fixed_band_and_still_leaves_its_score_out_of_the_means(lang: Lang) -> None:
    from brecha.summarizing import summarize

    breach = _withheld_with_breach()
    other = dataclasses.replace(breach, institution_name="Otra institución")  # two institutions, not two rounds
    summary = summarize([("breach.yaml", other), ("withheld.yaml", _withheld())])
    (fixed,) = [row for row in summary.rows if row.report.rating is not None]
    cell = fixed.cells[0]
    band = RS.rating_bands[0].label.get(lang)
    assert cell.withheld is not None and cell.rating_label is not None and band in cell.rating_text(lang)
    assert ("Sin calificación" if lang == "es" else "Not rated") not in cell.rating_text(lang)
    assert summary.total and all(mean is None for group in summary.total for _, mean in group.means)  # not averaged


@pytest.mark.parametrize("lang", list(Lang))
def test_the_summary_counts_as_unrated_only_the_institutions_with_no_rating(lang: Lang) -> None:
    """«Sin calificación en N instituciones» counts and lists the withheld rating only, not the one
    a breach fixes at «Insuficiente» (rated, as its own cell says); that one is named among the
    breaches, with its coverage and that its score is not averaged. The JSON's count, the
    confidential group's and the exports' "in the averages" column agree."""
    from brecha.renderers import confidential, rounds
    from brecha.renderers import summary as summary_console
    from brecha.summarizing import anonymise, summarize

    fixed = dataclasses.replace(_withheld_with_breach(), institution_name="DIF con incumplimiento")
    plain = dataclasses.replace(_withheld(), institution_name="DIF sin calificar")
    summary = summarize([("fixed.yaml", fixed), ("plain.yaml", plain)])
    assert [row.report.institution_name for row in summary.unrated] == ["DIF sin calificar"]
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(summary_console.render(summary, lang))
    text = " ".join(buffer.getvalue().split())
    heading = " ".join(ntr("summary.withheld", 1, lang).split())
    assert heading in text, text
    unrated = text.split(heading, 1)[1].split(tr("summary.averages", lang), 1)[0]
    assert "DIF sin calificar" in unrated and "DIF con incumplimiento" not in unrated
    breaches = text.split(heading, 1)[0].split(" ".join(ntr("summary.breached", 1, lang).split()), 1)[1]
    coverage = " ".join(tr("summary.breached_coverage", lang, na=fixed.results[0].withheld.not_applicable,  # type: ignore[union-attr]
                           rules=fixed.results[0].withheld.rules).split())  # type: ignore[union-attr]
    assert f"DIF con incumplimiento — ruta-mx: {ABSOLUTE.id} ({coverage})" in breaches, breaches
    data = json.loads(rounds.summary_json(summary, lang))
    assert data["withheld"]["institutions"] == 1 and data["absolute_breaches"]["institutions"] == 1
    assert data["groups"]["groups"][-1]["averaged_over"] == {"ruta-mx": 0}  # neither score is averaged
    csv_text = rounds.summary_csv(summary, lang)
    assert csv_text.count(tr("summary.in_averages.withheld", lang)) == 1
    assert csv_text.count(tr("summary.in_averages.coverage", lang)) == 1
    (group,) = anonymise(summary, min_group=2).groups
    assert (group.with_withheld, group.with_absolute_breach) == (1, 1)
    assert json.loads(confidential.render_json(anonymise(summary, min_group=2), lang))["groups"][0]["with_withheld_rating"] == 1


def test_a_rule_set_diff_names_the_fixed_band_not_not_rated() -> None:
    from brecha.renderers import diff as diff_renderer

    shown = diff_renderer._rating(_withheld_with_breach())
    assert shown.startswith(RS.rating_bands[0].id + " (absolute breach; ") and "not rated" not in shown
    assert diff_renderer._rating(_withheld()).startswith("not rated (")


def _page_text(rep: GapReport, lang: str) -> str:
    """The page's text, tags dropped, on one line."""
    import html as html_module
    import re

    shown = page_renderer.render_html(build_page(rep, LIB), lang)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", shown.split("</style>", 1)[1])).split())


@pytest.mark.parametrize("lang", list(Lang))
def test_the_page_of_a_fixed_band_asks_to_review_the_not_applicable_answers_after_the_breach(lang: Lang) -> None:
    """As every report opens: the breach's action first, then «Revise también …» (what to do with
    the 33 answers, and that the band will not move for them), then what to confirm and the
    other actions; never «Confirme primero» ahead of the breach."""
    rep = _withheld_with_breach()
    (result,) = rep.results
    text = _page_text(rep, lang)
    opening = text.split(tr("page.fix_first", lang), 1)[1]
    review = tr("fix_first.review_na_breach", lang, id=result.id, na=result.withheld.not_applicable,  # type: ignore[union-attr]
                rules=result.withheld.rules, band=RS.rating_bands[0].label.get(lang))  # type: ignore[union-attr]
    assert review in opening, opening[:800]
    assert opening.index(ABSOLUTE.id) < opening.index(review) < opening.index(tr("page.confirm_first", lang)), \
        opening[:800]
    # without the breach, the line to review them opens the list, before any action
    plain = _withheld()
    opening = _page_text(plain, lang).split(tr("page.fix_first", lang), 1)[1]
    first = tr("fix_first.review_na", lang, id=result.id, na=plain.results[0].withheld.not_applicable,  # type: ignore[union-attr]
               rules=plain.results[0].withheld.rules)  # type: ignore[union-attr]
    assert opening.lstrip().startswith(first), opening[:400]


@NEEDS_CHROMIUM
@pytest.mark.parametrize("lang", list(Lang))
def test_the_withheld_probes_pages_print_on_one_a4_sheet(tmp_path: Path, lang: Lang) -> None:
    """Withheld, and fixed by a breach with its «Revise también» line: one sheet each, as every
    bundled example's page (test_page.py), printed by a real browser."""
    for name, rep in (("withheld", _withheld()), ("breach", _withheld_with_breach())):
        assert sheets(page_renderer.render_html(build_page(rep, LIB), lang), tmp_path, name) == 1, name


@pytest.mark.parametrize("make", [_withheld, _withheld_with_breach], ids=["withheld", "fixed-by-breach"])
def test_the_json_gives_no_stage_or_standard_score_over_the_few_duties_answered(make: Any) -> None:
    """As the other formats read «— (1 de 10 deberes respondidos)»: each stage and standard line
    of a withheld rating says its score is withheld and gives none (a dashboard cannot show the
    100 of a stage resting on one duty), with its counts kept; the schema refuses a score there,
    and a rated report's lines give theirs, saying they are not withheld."""
    rep = make()
    (result,) = rep.results
    data = json.loads(json_report.render(rep, "en"))
    validator = Draft202012Validator(load_schema("GapReport"))
    validator.validate(data)
    lines = [*data["results"][0]["by_phase"], *data["by_standard"]]
    assert lines and all(line["withheld"] is True and line["claimed"] is None and line["evidenced"] is None
                         for line in lines), lines
    counted = [(line.score.rules, line.score.answered) for line in (*result.by_phase, *rep.by_standard)]
    assert [(line["rules"], line["answered"]) for line in lines] == counted
    assert any(line.score.evidenced is not None for line in (*result.by_phase, *rep.by_standard))  # there was one to hide
    scored = json.loads(json.dumps(data))
    scored["results"][0]["by_phase"][0]["evidenced"] = 100.0
    assert not validator.is_valid(scored)
    unsaid = json.loads(json.dumps(data))
    unsaid["by_standard"][0]["withheld"] = False
    assert not validator.is_valid(unsaid)
    rated = json.loads(json_report.render(evaluate(assessment("dif", "state", top_answers(LIB, "dif", "state", "ruta-mx"),
                                                              rulesets=("ruta-mx",), version=RS.version), LIB), "en"))
    validator.validate(rated)
    assert all(line["withheld"] is False and line["evidenced"] == 100
               for line in (*rated["results"][0]["by_phase"], *rated["by_standard"]))


@pytest.mark.parametrize("lang", list(Lang))
def test_the_summary_gives_no_stage_score_of_a_withheld_rating(lang: Lang) -> None:
    """The summary by stage, its CSV's and workbook's stage columns and its JSON's by_phase give
    no stage score where the rating is withheld (a breach fixing it or not): the probe's stage
    resting on one duty would read 100. The console says why under the institution's name."""
    import openpyxl

    from brecha.renderers import rounds
    from brecha.renderers import summary as summary_console
    from brecha.renderers.spreadsheet import summary_xlsx
    from brecha.summarizing import SummaryOptions, View, summarize

    plain, fixed = _withheld(), _withheld_with_breach()
    assert any(line.score.evidenced == 100 for line in plain.results[0].by_phase)  # there is one to hide
    named = [("plain.yaml", dataclasses.replace(plain, institution_name="DIF sin calificar")),
             ("fixed.yaml", dataclasses.replace(fixed, institution_name="DIF con incumplimiento"))]
    phases = {line.id: "ruta-mx" for line in plain.results[0].by_phase}
    summary = summarize(named, SummaryOptions(by=View.STAGE), phase_rulesets=phases)
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(summary_console.render(summary, lang))
    table = buffer.getvalue().split("#1 =", 1)[0]
    assert "100" not in table and table.count(tr("summary.stages_withheld", lang)) == 2, table
    data = json.loads(rounds.summary_json(summary, lang))
    assert all(score is None for row in data["assessments"] for score in row["by_phase"].values())
    assert all(set(row["by_phase"]) == set(phases) for row in data["assessments"])
    header, rows = rounds.summary_rows(summary, lang)
    first = header.index(t(plain.results[0].by_phase[0].label, lang))
    assert all(cell == "—" for row in rows for cell in row[first:first + len(phases)]), rows  # no score
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, lang))).worksheets[0]
    titles = [c.value for c in sheet[1]]
    start = titles.index(header[first])
    values = [[c.value for c in r][start:start + len(phases)] for r in sheet.iter_rows(min_row=2, max_row=3)]
    assert all(v is None for row in values for v in row), values


@pytest.mark.parametrize("lang", list(Lang))
def test_the_stage_legend_says_what_a_withheld_rows_dash_means(lang: Lang) -> None:
    """The legend of the tables by stage defined «—» only as "no answer counts": beside a withheld
    row (a breach fixing its rating or not) it also says that «—» there is no stage score over the
    few duties answered, naming the words under the row's name; a summary with no withheld row,
    and the view by rule set (which shows no stages), do not say it."""
    from brecha.renderers import summary as summary_console
    from brecha.summarizing import SummaryOptions, View, summarize

    rated = evaluate(assessment("dif", "state", top_answers(LIB, "dif", "state", "ruta-mx"), rulesets=("ruta-mx",),
                                version=RS.version), LIB)
    phases = {line.id: "ruta-mx" for line in rated.results[0].by_phase}
    line = tr("summary.legend_stages_withheld", lang, mark=tr("summary.stages_withheld", lang))

    def shown(reports: list[GapReport], by: View) -> str:
        named = [(f"{n}.yaml", dataclasses.replace(r, institution_name=f"DIF {n}")) for n, r in enumerate(reports)]
        buffer = io.StringIO()
        Console(file=buffer, width=80, color_system=None, force_terminal=False).print(
            summary_console.render(summarize(named, SummaryOptions(by=by), phase_rulesets=phases), lang))
        return " ".join(buffer.getvalue().split())

    assert tr("summary.stages_withheld", lang) in line and "—" in line
    for withheld in (_withheld(), _withheld_with_breach()):
        text = shown([rated, withheld], View.STAGE)
        assert " ".join(line.split()) in text, text
        assert text.index(tr("summary.legend_stages", lang)[:30]) < text.index(" ".join(line.split()))
    assert " ".join(line.split()) not in shown([rated], View.STAGE)
    assert tr("summary.stages_withheld", lang) not in shown([rated, _withheld()], View.RULESET)
