"""«No aplica» never scores better than leaving the duty blank.

A critical duty answered not applicable with nobody outside the assessing team confirming it
(``confirmed_by``) counts as an unanswered critical duty everywhere: in the score (at 0), in the
gap counts, in the critical count a summary's "!" shows, and for the caps; it is labelled as
awaiting confirmation. Once confirmed, it leaves the score as before.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from rich.console import Console

from brecha import api, model
from brecha.evaluation import evaluate, evaluate_brief
from brecha.i18n import Lang, ntr, tr
from brecha.renderers import console, markdown
from brecha.renderers import page as page_renderer
from brecha.report import Brief, GapReport, GapStatus
from brecha.workshop import build_page

from helpers import assessment, own_duties, top_answers

LIB = api.load_content()
RS = LIB.rulesets["ruta-mx"]
OWN = own_duties(LIB, "dif", "state", "ruta-mx")
CRITICAL = {c.id for c in RS.criticalities.values() if c.critical}
#: Two critical duties that may be declared not applicable (not absolute).
DECLARED = [r.id for r in OWN if r.criticality in CRITICAL and r.absolute is None][:2]
#: A few other duties answered at the bottom, so the score and the caps are not trivial.
LOWERED = [r.id for r in OWN if r.criticality not in CRITICAL and r.absolute is None][:6]
WHY = "El INM entrega a las NNA directamente al DIF municipal"


def _dif(how: str) -> model.Assessment:
    """The state DIF with :data:`LOWERED` at the bottom, and :data:`DECLARED` blank (``blank``),
    declared not applicable (``na``) or declared and confirmed from outside (``confirmed``)."""
    answers: dict[str, Any] = top_answers(LIB, "dif", "state", "ruta-mx")
    for rule_id in LOWERED:
        answers[rule_id] = RS.scales[LIB.rules[rule_id].scale].values[0]
    for rule_id in DECLARED:
        if how == "blank":
            del answers[rule_id]
        else:
            answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    built = assessment("dif", "state", answers, rulesets=("ruta-mx",), version=RS.version)
    if how != "confirmed":
        return built
    return dataclasses.replace(built, answers={
        k: dataclasses.replace(a, confirmed_by="SIPINNA estatal") if k in DECLARED else a
        for k, a in built.answers.items()})


def _console(rep: GapReport, lang: str) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(console.render(rep, lang))
    return buffer.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.replace("┃", " ").replace("│", " ").split())


def test_the_probe_declares_critical_duties() -> None:
    assert len(DECLARED) == 2 and len(LOWERED) == 6


def test_unconfirmed_not_applicable_reads_exactly_as_blank_in_every_number() -> None:
    """Score, evidenced score, gaps, critical gaps, critical duties, rating, caps' band, and the
    brief a summary keeps: the same as with the duties left blank; only the label differs."""
    blank, na = evaluate(_dif("blank"), LIB), evaluate(_dif("na"), LIB)
    (b,), (n,) = blank.results, na.results
    assert (n.score.claimed, n.score.evidenced) == pytest.approx((b.score.claimed, b.score.evidenced))
    assert (n.score.total_gaps, n.score.total_critical_gaps) == (b.score.total_gaps, b.score.total_critical_gaps)
    assert (n.rating, n.held_at) == (b.rating, b.held_at)
    assert na.critical_duties == blank.critical_duties and len(na.all_gaps) == len(blank.all_gaps)
    brief = evaluate_brief(_dif("na"), LIB)
    assert brief == Brief.of(na) and brief.critical_duties == Brief.of(blank).critical_duties
    for phase_n, phase_b in zip(n.by_phase, b.by_phase, strict=True):
        assert (phase_n.score.evidenced, phase_n.score.total_critical_gaps) == \
               (phase_b.score.evidenced, phase_b.score.total_critical_gaps)
    # labelled: awaiting confirmation, not "no information"
    assert n.score.awaiting == 2 and b.score.awaiting == 0 and n.provisional == tuple(DECLARED)
    waiting = [g for g in na.gaps if g.rule_id in DECLARED]
    assert [g.status for g in waiting] == [GapStatus.AWAITING_CONFIRMATION] * 2 and all(g.critical for g in waiting)
    assert not {g.rule_id for g in na.answer_first} & set(DECLARED)  # asked to confirm, not to answer


def test_once_confirmed_they_leave_the_score() -> None:
    blank, confirmed = evaluate(_dif("blank"), LIB).results[0], evaluate(_dif("confirmed"), LIB).results[0]
    assert confirmed.score.evidenced is not None and blank.score.evidenced is not None
    assert confirmed.score.evidenced > blank.score.evidenced
    assert confirmed.score.awaiting == 0 and confirmed.score.total_critical_gaps == blank.score.total_critical_gaps - 2
    assert not confirmed.provisional


@pytest.mark.parametrize("lang", list(Lang))
def test_every_format_counts_them_as_critical_gaps_awaiting_confirmation(lang: Lang) -> None:
    """The console's table, Markdown's counts and the page: the critical count is the blank one's,
    and says how many of them await confirmation."""
    na = evaluate(_dif("na"), LIB)
    score = na.results[0].score
    critical = score.total_critical_gaps
    waiting = ntr("count.critical_awaiting", 2, lang)
    table = _console(na, lang)
    # in the console's narrow cell over two lines («2 críticos» / «por confirmar»)
    count, word, rest = waiting.split(" ", 2)
    lines = table.splitlines()
    at = next(n for n, line in enumerate(lines) if line.rstrip().endswith(f"{count} {word}"))
    assert f"{score.total_gaps} ({critical}!)" in lines[at - 1] and lines[at + 1].rstrip().endswith(rest)
    assert max(len(line) for line in table.splitlines()) <= 80
    md = _flat(markdown.render(na, lang))
    assert f"{ntr('count.gaps', score.total_gaps, lang)} ({ntr('count.of_which_critical', critical, lang)}, {waiting})" in md
    page = _flat(page_renderer.render_html(build_page(na, LIB), lang))
    assert ntr("count.critical_gaps", critical, lang) in page


def test_a_withheld_rating_counts_its_critical_duties_as_gaps() -> None:
    """Too many duties declared not applicable: the critical ones still count as critical gaps
    (the "!" of a summary never reads 0 while they hold the caps as unanswered duties)."""
    answers: dict[str, Any] = top_answers(LIB, "dif", "state", "ruta-mx")
    declared = [r.id for r in OWN if r.absolute is None][:-1]
    for rule_id in declared:
        answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    rep = evaluate(assessment("dif", "state", answers, rulesets=("ruta-mx",), version=RS.version), LIB)
    (result,) = rep.results
    critical = [r for r in declared if LIB.rules[r].criticality in CRITICAL]
    assert result.withheld is not None and critical
    assert result.score.total_critical_gaps == result.score.awaiting == len(critical)
    assert Brief.of(rep).critical_duties == len(critical)
    assert result.withheld.scored == result.score.answered + len(critical)


def _procuraduria(how: str) -> model.Assessment:
    """A state Procuraduría with more critical duties than its rule set's share of «no aplica»
    left blank (``blank``) or declared not applicable without confirmation (``na``)."""
    own = own_duties(LIB, "procuraduria-proteccion", "state", "ruta-mx")
    declarable = [r.id for r in own if r.criticality in CRITICAL and r.absolute is None]
    share = RS.not_applicable_share or 0.0
    many = int(share * len(own)) + 1
    assert len(declarable) >= many, "the probe needs more critical duties than the share"
    answers: dict[str, Any] = top_answers(LIB, "procuraduria-proteccion", "state", "ruta-mx")
    for rule_id in declarable[:many]:
        if how == "blank":
            del answers[rule_id]
        else:
            answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    return assessment("procuraduria-proteccion", "state", answers, rulesets=("ruta-mx",), version=RS.version)


def test_critical_not_applicable_answers_never_withhold_a_rating_they_count_in() -> None:
    """More unconfirmed critical «no aplica» than the share: they count in the score as unanswered,
    so they leave no gap in what it covers; the rating is given as with the duties left blank (a
    withheld one would leave a summary's means, and read better than blank)."""
    blank, na = evaluate(_procuraduria("blank"), LIB), evaluate(_procuraduria("na"), LIB)
    (b,), (n,) = blank.results, na.results
    assert n.withheld is None and b.withheld is None
    assert n.rating == b.rating is not None
    assert n.score.evidenced == pytest.approx(b.score.evidenced)
    assert evaluate_brief(_procuraduria("na"), LIB).critical_duties == blank.critical_duties


def test_a_draft_and_a_plan_ask_to_confirm_an_unconfirmed_not_applicable_answer() -> None:
    """A duty declared not applicable and not confirmed is drafted as a request to show why it does
    not apply (or to report the practice), never as unanswered; the plan says so and asks the same."""
    from brecha.drafting import build_drafts
    from brecha.planning import build_plan
    from brecha.renderers.drafts import render_markdown

    built = _dif("na")
    rep = evaluate(built, LIB)
    drafts = build_drafts(rep, built, LIB)
    declared = [d for d in drafts.drafts if d.rule_id in DECLARED]
    assert declared and all(d.request and d.status is GapStatus.AWAITING_CONFIRMATION for d in declared)
    said = {Lang.ES: ("declaró que no le aplica", "acredite por qué no le aplica"),
            Lang.EN: ("declared that the duty", "show why the duty")}
    for lang in (Lang.ES, Lang.EN):
        text = _flat(render_markdown(drafts, lang))
        assert all(text.count(phrase) == len(declared) for phrase in said[lang]), lang
        plan = build_plan(rep, LIB, lang=lang, made_on="2026-11-29")
        about = [a for a in plan["actions"] if a.get("rule") in DECLARED]
        assert about and all(tr("given.awaiting", lang) in a["_about"] for a in about)
        assert all(a["action"].startswith(tr("action.awaiting", lang)) for a in about)
