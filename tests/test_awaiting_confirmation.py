"""A rating that waits on "no aplica" answers never reads "0 gaps · 0 unanswered" (design 4a).

A specialist's probe: a state DIF answers 35 of its 37 own duties of the Ruta "no aplica", three
critical ones among them, nobody outside the assessing team confirming any. Its rating is
withheld, and the critical ones hold the caps as unanswered duties; yet every count said
"0 brechas · 0 sin información", which reads as "all fine". The answers the rating waits on have
one home, ``RuleSetResult.awaiting`` (every unconfirmed one where the rating is withheld, the
critical unconfirmed ones where it is provisional), and every format counts them beside the gaps;
the page lists them under "Confirme primero", critical ones first.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from brecha import api, loading, model
from brecha.evaluation import evaluate, evaluate_brief
from brecha.i18n import Lang, ntr
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.renderers import page as page_renderer
from brecha.report import Brief, GapReport
from brecha.workshop import CONFIRM_LIMIT, build_page

from browser import NEEDS_CHROMIUM, sheets
from helpers import ROOT, assessment, own_duties, top_answers

LIB = api.load_content()
RS = LIB.rulesets["ruta-mx"]
OWN = own_duties(LIB, "dif", "state", "ruta-mx")
CRITICAL = {c.id for c in RS.criticalities.values() if c.critical}
WHY = "El DIF estatal no interviene en esta etapa en el estado"
KEPT = "MX-MON-07"  # answered at the top, with the absolute duties (never not applicable to their holder)
DECLARED = [r.id for r in OWN if r.absolute is None and r.id != KEPT]


def _dif(declared: list[str], *, confirmed: tuple[str, ...] = ()) -> model.Assessment:
    """The state DIF at the top of every own duty, ``declared`` answered not applicable (justified;
    those in ``confirmed`` confirmed from outside)."""
    answers: dict[str, Any] = top_answers(LIB, "dif", "state", "ruta-mx")
    for rule_id in declared:
        answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    built = assessment("dif", "state", answers, rulesets=("ruta-mx",), version=RS.version)
    return dataclasses.replace(built, answers={
        k: dataclasses.replace(a, confirmed_by="SIPINNA estatal") if k in confirmed else a
        for k, a in built.answers.items()})


def _console(rep: GapReport, lang: str, *, concise: bool) -> str:
    buffer = io.StringIO()
    shown = console.render(rep, lang) if concise else console.render_detail(rep, lang)
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(shown)
    return buffer.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.replace("┃", " ").replace("│", " ").replace("&#x27;", "'").replace("&#39;", "'")
                    .replace("&quot;", '"').split())


def test_the_probe_is_withheld_and_waits_on_every_unconfirmed_answer_critical_first() -> None:
    rep = evaluate(_dif(DECLARED), LIB)
    (result,) = rep.results
    critical = [r.id for r in OWN if r.id in DECLARED and r.criticality in CRITICAL]
    assert len(DECLARED) == 35 and len(critical) == 3
    assert result.withheld is not None and result.withheld.not_applicable == 35
    assert result.awaiting == (*critical, *(r for r in DECLARED if r not in critical))
    # the critical ones count as unanswered critical duties, never "0 gaps": as if left blank
    assert result.score.total_gaps == result.score.total_critical_gaps == result.score.awaiting == 3
    assert not rep.unanswered
    assert [n.rule_id for n in rep.awaiting_confirmation] == list(result.awaiting)
    assert evaluate_brief(_dif(DECLARED), LIB) == Brief.of(rep)  # a summary's brief carries the same


def test_only_what_the_rating_waits_on_is_awaiting() -> None:
    """Provisional: only the critical unconfirmed duties (the others within the share wait on
    nothing); a confirmed one never waits; withheld, the confirmed ones are not counted; a rating
    that waits on nothing has none, whatever its not-applicable answers."""
    critical = next(r.id for r in OWN if r.criticality in CRITICAL and r.absolute is None)
    other = next(r.id for r in OWN if r.criticality not in CRITICAL and r.absolute is None)
    provisional = evaluate(_dif([critical, other]), LIB).results[0]
    assert provisional.withheld is None and provisional.awaiting == provisional.provisional == (critical,)
    calm = evaluate(_dif([critical, other], confirmed=(critical,)), LIB)
    assert calm.results[0].awaiting == () and calm.awaiting_confirmation == () and len(calm.not_applicable) == 2
    some = evaluate(_dif(DECLARED, confirmed=(critical, other)), LIB).results[0]
    assert some.withheld is not None and len(some.awaiting) == some.withheld.not_applicable == 33
    assert critical not in some.awaiting and other not in some.awaiting


@pytest.mark.parametrize("lang", list(Lang))
def test_every_format_counts_what_the_withheld_rating_waits_on(lang: Lang) -> None:
    """Console (concise and detail, 80 columns), Markdown, HTML, JSON and the page: beside the
    gaps, "35 «no aplica» por confirmar"; the concise count line leads with it; an empty list of
    gaps says there are none in what was answered, not "no gaps" alone."""
    rep = evaluate(_dif(DECLARED), LIB)
    waiting = ntr("count.awaiting", 35, lang)
    concise = _console(rep, lang, concise=True)
    assert max(len(line) for line in concise.splitlines()) <= 80
    (counts,) = [line for line in concise.splitlines() if ntr("count.evidence_gaps", 0, lang) in line]
    assert counts.startswith(waiting + " · "), counts
    critical = ntr("count.of_which_critical", 3, lang) + ", " + ntr("count.critical_awaiting", 3, lang)
    gaps_line = ntr("count.gaps", 3, lang) + f" ({critical}) · " + waiting
    for text in (_console(rep, lang, concise=False), markdown.render(rep, lang), html.render(rep, lang)):
        flat = _flat(text)
        assert gaps_line in flat, flat[:2000]
    data = json.loads(json_report.render(rep, lang))
    assert data["report_schema_version"] == 9
    assert data["results"][0]["awaiting_confirmation"] == list(rep.results[0].awaiting)
    shown = _flat(page_renderer.render_html(build_page(rep, LIB), lang))
    assert " · ".join((ntr("count.gaps", 3, lang), ntr("count.critical_gaps", 3, lang), waiting)) in shown


@pytest.mark.parametrize("lang", list(Lang))
def test_a_provisional_rating_counts_its_critical_answers_among_the_not_applicable(lang: Lang) -> None:
    """One critical duty and one other declared not applicable: the rating is provisional and waits
    on the critical one only, "2 no aplica (1 por confirmar)"; confirmed, the counts are plain."""
    critical = next(r.id for r in OWN if r.criticality in CRITICAL and r.absolute is None)
    other = next(r.id for r in OWN if r.criticality not in CRITICAL and r.absolute is None)
    rep = evaluate(_dif([critical, other]), LIB)
    line = ntr("count.not_applicable_awaiting", 2, lang, awaiting=1)
    assert line in _flat(_console(rep, lang, concise=True))
    critical_line = ntr("count.of_which_critical", 1, lang) + ", " + ntr("count.critical_awaiting", 1, lang)
    assert (ntr("count.gaps", 1, lang) + f" ({critical_line}) · " + ntr("count.awaiting", 1, lang)
            in _flat(markdown.render(rep, lang)))
    calm = evaluate(_dif([critical, other], confirmed=(critical,)), LIB)
    for text in (_console(calm, lang, concise=True), markdown.render(calm, lang), html.render(calm, lang),
                 page_renderer.render_html(build_page(calm, LIB), lang)):
        assert ntr("count.awaiting", 1, lang) not in _flat(text)
    assert ntr("count.not_applicable", 2, lang) in _flat(_console(calm, lang, concise=True))


@pytest.mark.parametrize("lang", list(Lang))
def test_the_page_lists_what_to_confirm_first_critical_ones_first(lang: Lang) -> None:
    """Withheld: under the line to review the answers, "Confirme primero" names the first
    :data:`CONFIRM_LIMIT` answers the rating waits on, the critical ones first and marked, and
    counts the rest; a page whose rating waits on none has no such list."""
    rep = evaluate(_dif(DECLARED), LIB)
    shown = page_renderer.render_html(build_page(rep, LIB), lang)
    title = "Confirme primero" if lang == "es" else "Confirm first"
    named = re.findall(r'<b class="id">([^<]+)</b>', shown.split(f"<b>{title}</b>", 1)[1].split("</p>", 1)[0])
    assert named == list(rep.results[0].awaiting[:CONFIRM_LIMIT])
    assert all(LIB.rules[r].criticality in CRITICAL for r in named)
    assert ntr("page.more", 35 - CONFIRM_LIMIT, lang) in _flat(shown)
    top = evaluate(_dif([]), LIB)
    assert title not in page_renderer.render_html(build_page(top, LIB), lang)


def _provisional(path: Path, count: int) -> model.Assessment:
    """An example with its first ``count`` critical own duties (not absolute) declared not
    applicable, unconfirmed."""
    built = loading.load_assessment(str(path), LIB)
    rs = LIB.rulesets[built.rulesets[0].id]
    critical = {c.id for c in rs.criticalities.values() if c.critical}
    picked = [r.id for r in own_duties(LIB, built.institution.type, built.institution.level, rs.id)
              if r.criticality in critical and r.absolute is None][:count]
    answers = dict(built.answers)
    for rule_id in picked:
        answers[rule_id] = model.Answer(rule_id=rule_id, value=model.NOT_APPLICABLE, evidence=(), notes=None,
                                        justification=WHY, location=built.location)
    return dataclasses.replace(built, answers=answers)


@NEEDS_CHROMIUM
@pytest.mark.parametrize("lang", list(Lang))
def test_pages_that_wait_on_confirmations_print_on_one_a4_sheet(tmp_path: Path, lang: Lang) -> None:
    """The list takes room on pages with little to spare: the withheld probe, and three of the
    fullest examples with critical duties declared not applicable (the Procuraduría with three,
    provisional; the municipality with three and the two-rule-set Procuraduría with five, whose
    rating is then withheld), each print on one A4 sheet."""
    cases = {"probe": _dif(DECLARED),
             "procuraduria": _provisional(ROOT / "examples" / "procuraduria-estatal-norte.yaml", 3),
             "municipio": _provisional(ROOT / "examples" / "municipio-frontera-norte.yaml", 3),
             "ambos": _provisional(ROOT / "examples" / "procuraduria-estatal-ambos.yaml", 5)}
    over = {}
    for name, built in cases.items():
        rep = evaluate(built, LIB)
        assert rep.awaiting_confirmation, name
        if (n := sheets(page_renderer.render_html(build_page(rep, LIB), lang), tmp_path, name)) != 1:
            over[name] = n
    assert not over, over
