"""Scoring invariants (design.md section 4), checked with Hypothesis."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from brecha import api, model
from brecha.evaluation import evaluate
from brecha.model import applies
from brecha.renderers import json as json_renderer

from helpers import MINI, assessment

LIB = api.load_content(str(MINI))
INSTITUTIONS = [(t.id, lvl) for t in LIB.institution_types.values() for lvl in t.levels]


def _rules(itype: str, level: str) -> list[model.Rule]:
    return [r for r in LIB.rules.values() if applies(r, LIB.institution_types[itype], level)]


def _scale(rule: model.Rule) -> model.Scale:
    return LIB.rulesets[rule.ruleset_id].scales[rule.scale]


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    """An institution and a random answer (or none, or not_applicable) per applicable rule."""
    itype, level = draw(st.sampled_from(INSTITUTIONS))
    answers: dict[str, Any] = {}
    for rule in _rules(itype, level):
        kind = draw(st.sampled_from(["value", "value", "none", "na", "absent"]))
        evidence = ("doc",) if draw(st.booleans()) else ()
        if kind == "value":
            answers[rule.id] = (draw(st.sampled_from(_scale(rule).values)), evidence, None)
        elif kind == "none":
            answers[rule.id] = (None, evidence, None)
        elif kind == "na":
            answers[rule.id] = (model.NOT_APPLICABLE, (), "justified")
    return itype, level, answers


def _all_scores(report: Any) -> list[float | None]:
    lines = [*report.by_ruleset, *report.by_standard, *report.by_phase, *report.by_institution]
    return [report.overall.claimed, report.overall.evidenced,
            *(s for line in lines for s in (line.score.claimed, line.score.evidenced))]


@settings(max_examples=300, deadline=None)
@given(cases())
def test_scores_stay_between_0_and_100(case: tuple[str, str, dict[str, Any]]) -> None:
    """Every score, overall and in every breakdown, is in [0, 100] (or absent)."""
    itype, level, answers = case
    for score in _all_scores(evaluate(assessment(itype, level, answers), LIB)):
        assert score is None or 0 <= score <= 100


@settings(max_examples=300, deadline=None)
@given(cases(), st.data())
def test_raising_one_answer_never_lowers_a_score(case: tuple[str, str, dict[str, Any]], data: st.DataObject) -> None:
    """Moving one answer up its scale (or from unanswered to any value) lowers no score."""
    itype, level, answers = case
    candidates = [r for r in _rules(itype, level)
                  if not (isinstance(answers.get(r.id), tuple) and answers[r.id][0] == model.NOT_APPLICABLE)]
    if not candidates:
        return
    rule = data.draw(st.sampled_from(candidates))
    scale = _scale(rule)
    current = answers.get(rule.id, (None, (), None))
    rank = scale.rank(current[0]) if current[0] else -1
    if rank == len(scale.levels) - 1:
        return
    higher = data.draw(st.sampled_from(scale.values[rank + 1:]))
    raised = {**answers, rule.id: (higher, current[1], None)}
    before = _all_scores(evaluate(assessment(itype, level, answers), LIB))
    after = _all_scores(evaluate(assessment(itype, level, raised), LIB))
    for old, new in zip(before, after, strict=True):
        if old is not None:
            assert new is not None and new >= old - 1e-9


@settings(max_examples=150, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(case: tuple[str, str, dict[str, Any]], rnd: Any) -> None:
    """The same answers in another order give the same report, byte for byte."""
    itype, level, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    first = json_renderer.render(evaluate(assessment(itype, level, answers), LIB), "es")
    second = json_renderer.render(evaluate(assessment(itype, level, dict(items)), LIB), "es")
    assert first == second


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(INSTITUTIONS))
def test_all_top_answers_give_100(institution: tuple[str, str]) -> None:
    """Top answers with evidence on every applicable rule score 100, claimed and evidenced."""
    itype, level = institution
    answers = {r.id: (_scale(r).values[-1], ("doc",), None) for r in _rules(itype, level)}
    report = evaluate(assessment(itype, level, answers), LIB)
    assert report.overall.claimed == 100 and report.overall.evidenced == 100
    assert report.gaps == () and report.rating == LIB.rulesets["mini"].rating_bands[-1].id
