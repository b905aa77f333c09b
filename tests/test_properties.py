"""Scoring and judgment invariants (design.md sections 4 and 4a), checked with Hypothesis.

They run on the small test library and on the shipped content (both rule sets, every
weakness pattern), for every institution type and level.
"""

from __future__ import annotations

import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brecha import api, model, report
from brecha.errors import InputError
from brecha.evaluation import evaluate
from brecha.loading import load_assessment
from brecha.renderers import json as json_renderer
from brecha.scoring import counted_rank

from helpers import MINI, assessment

LIBS = {"mini": api.load_content(str(MINI)), "shipped": api.load_content()}
CASES = [(name, t.id, lvl) for name, lib in LIBS.items() for t in lib.institution_types.values()
         for lvl in t.levels if any(model.applies(r, t, lvl) for r in lib.rules.values())]

Answers = dict[str, Any]
Case = tuple[str, str, str, Answers]


def _rules(lib: model.Library, itype: str, level: str) -> list[model.Rule]:
    return [r for r in lib.rules.values() if not r.deprecated and model.applies(r, lib.institution_types[itype], level)]


def _scale(lib: model.Library, rule: model.Rule) -> model.Scale:
    return lib.rulesets[rule.ruleset_id].scales[rule.scale]


def _evaluate(name: str, itype: str, level: str, answers: Answers) -> report.GapReport:
    lib = LIBS[name]
    used = sorted({lib.rules[r].ruleset_id for r in answers} | {r.ruleset_id for r in _rules(lib, itype, level)})
    versions = {lib.rulesets[r].version for r in used}
    return evaluate(assessment(itype, level, answers, rulesets=tuple(used), version=versions.pop()), lib)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """An institution and a random answer (or none, or not_applicable) per applicable rule."""
    name, itype, level = draw(st.sampled_from(CASES))
    lib = LIBS[name]
    answers: Answers = {}
    for rule in _rules(lib, itype, level):
        kind = draw(st.sampled_from(["value", "value", "value", "none", "na", "absent"]))
        evidence = ("doc",) if draw(st.booleans()) else ()
        if kind == "value":
            answers[rule.id] = (draw(st.sampled_from(_scale(lib, rule).values)), evidence, None)
        elif kind == "none":
            answers[rule.id] = (None, evidence, None)
        elif kind == "na":
            answers[rule.id] = (model.NOT_APPLICABLE, (), "justified")
    return name, itype, level, answers


def _all_scores(rep: report.GapReport) -> list[float | None]:
    lines = [*rep.by_standard, *rep.by_phase]
    return [*(s for r in rep.results for s in (r.score.claimed, r.score.evidenced)),
            *(s for line in lines for s in (line.score.claimed, line.score.evidenced))]


def _band_ranks(rep: report.GapReport) -> list[int | None]:
    return [None if r.rating is None else [b.id for b in r.bands].index(r.rating) for r in rep.results]


def _short(rep: report.GapReport) -> set[str]:
    """The rules short of their target on the evidence: gaps and evidence gaps together."""
    return {g.rule_id for g in (*rep.gaps, *rep.evidence_gaps)}


@settings(max_examples=100, deadline=None)
@given(cases())
def test_scores_stay_between_0_and_100(case: Case) -> None:
    """Every score, per rule set and in every breakdown, is in [0, 100] (or absent)."""
    for score in _all_scores(_evaluate(*case)):
        assert score is None or 0 <= score <= 100


@st.composite
def raised(draw: st.DrawFn) -> tuple[Case, Answers, bool]:
    """A case and the same answers with one raised: a higher value, or evidence added.

    The flag says whether the raised answer was answered before (an unanswered rule
    answered for the first time may reveal a gap or a weakness: silence proves nothing).
    """
    case = draw(cases())
    name, itype, level, answers = case
    lib = LIBS[name]
    candidates = [r for r in _rules(lib, itype, level)
                  if not (isinstance(answers.get(r.id), tuple) and answers[r.id][0] == model.NOT_APPLICABLE)]
    if not candidates:
        return case, answers, False
    rule = draw(st.sampled_from(candidates))
    scale = _scale(lib, rule)
    value, evidence, _ = answers.get(rule.id, (None, (), None))
    rank = scale.rank(value) if value else -1
    if value is not None and not evidence and draw(st.booleans()):
        return case, {**answers, rule.id: (value, ("doc",), None)}, True
    if rank == len(scale.levels) - 1:
        return case, answers, False
    higher = draw(st.sampled_from(scale.values[rank + 1:]))
    return case, {**answers, rule.id: (higher, evidence, None)}, value is not None


@settings(max_examples=150, deadline=None)
@given(raised())
def test_raising_one_answer_never_looks_worse(raise_: tuple[Case, Answers, bool]) -> None:
    """Better never looks worse: raising one answer (a higher level, or evidence added) lowers no
    score and no rating; when it was answered before, it adds no gap or evidence gap (taken
    together: a gap closed as stated but not on evidence moves to the evidence gaps) and no weakness."""
    (name, itype, level, answers), higher, was_answered = raise_
    before, after = _evaluate(name, itype, level, answers), _evaluate(name, itype, level, higher)
    for old, new in zip(_all_scores(before), _all_scores(after), strict=True):
        if old is not None:
            assert new is not None and new >= old - 1e-9
    for old_rank, new_rank, result in zip(_band_ranks(before), _band_ranks(after), after.results, strict=True):
        if old_rank is not None:
            # a rating withheld for want of coverage is not a worse one: fixed at the lowest band by an
            # admitted absolute breach, it is withheld again once that duty is raised to its top
            assert (new_rank is not None and new_rank >= old_rank) or (new_rank is None and result.withheld is not None)
    if was_answered:
        assert _short(after) <= _short(before)
        assert {g.rule_id for g in after.gaps if g.critical} <= {g.rule_id for g in before.gaps if g.critical}
        assert {w.id for w in after.weaknesses} <= {w.id for w in before.weaknesses}


@settings(max_examples=100, deadline=None)
@given(cases())
def test_headline_rating_is_its_rule_sets_own_after_caps(case: Case) -> None:
    """The headline rating is the headline rule set's band for its evidenced score, held down by its caps,
    recomputed here from the answers alone."""
    name, itype, level, answers = case
    lib = LIBS[name]
    rep = _evaluate(*case)
    assert rep.headline is not None
    result = next(r for r in rep.results if r.id == rep.headline.ruleset_id)
    assert result.headline and rep.rating == result.rating and sum(r.headline for r in rep.results) == 1
    rs = lib.rulesets[result.id]
    if result.score.evidenced is None:
        assert rep.rating is None
        return
    own_rules = [r for r in _rules(lib, itype, level)
                 if r.ruleset_id == rs.id and model.holds_duty(r, lib.institution_types[itype])]
    # the duties declared not applicable that leave the score (none is confirmed here): the critical
    # ones stay in it at 0, as unanswered critical duties, and leave no gap in what it covers
    declared = [r for r in own_rules if answers.get(r.id, (None,))[0] == model.NOT_APPLICABLE]
    leaving = sum(1 for r in declared if not rs.criticalities[r.criticality].critical)
    if rs.not_applicable_share is not None and leaving > rs.not_applicable_share * len(own_rules) + 1e-9:
        # more of them than the share: withheld, unless answers alone hold it at the lowest band,
        # which nothing could lift: an admitted breach of an absolute duty, or a critical duty
        # answered at the bottom of its scale, where the rule set caps either at that band
        lowest = rs.rating_bands[0].id
        at_lowest = {c.when for c in rs.rating_caps if c.max_rating == lowest}

        def answered(rule: model.Rule) -> int | None:
            value = answers.get(rule.id, (None,))[0]
            return None if value in (None, model.NOT_APPLICABLE) else rs.scales[rule.scale].rank(value)

        def breached(rule: model.Rule) -> bool:
            rank = answered(rule)
            return rule.absolute is not None and rank is not None and 0 <= rank < len(rs.scales[rule.scale].levels) - 1

        def unmet(rule: model.Rule) -> bool:
            return rs.criticalities[rule.criticality].critical and answered(rule) == 0

        live = [r for r in own_rules if not r.deprecated]
        fixed = ((model.CapCondition.ABSOLUTE_BREACH in at_lowest and any(breached(r) for r in live))
                 or (model.CapCondition.CRITICAL_UNMET in at_lowest and any(unmet(r) for r in live)))
        assert rep.rating == (lowest if fixed else None) and result.fixed == fixed
        # it waits on every one of them, the critical ones too
        assert result.withheld is not None and result.withheld.not_applicable == len(declared)
        return
    assert result.withheld is None
    band = max((b for b in rs.rating_bands if result.score.evidenced >= b.min_score - 1e-9), key=lambda b: b.min_score)
    order = [b.id for b in rs.rating_bands]
    limit = order.index(band.id)
    own = model.own_actors(lib.institution_types[itype])
    for rule in _rules(lib, itype, level):
        if rule.ruleset_id != rs.id or own.isdisjoint(rule.responsible):
            continue
        if not rs.criticalities[rule.criticality].critical:
            continue
        value, evidence, _ = answers.get(rule.id, (None, (), None))
        if value == model.NOT_APPLICABLE:  # unconfirmed (no confirmed_by here): unanswered, for the caps
            value, evidence = None, ()
        scale = rs.scales[rule.scale]
        answer = model.Answer(rule_id=rule.id, value=value, evidence=evidence, notes=None, justification=None,
                              location=rule.location)
        counted = counted_rank(rule, scale, answer) if value else -1
        holds = {model.CapCondition.CRITICAL_UNMET: value is None or scale.rank(value) == 0,
                 model.CapCondition.CRITICAL_GAP: value is None or counted < scale.rank(rule.target),
                 # an admitted breach: the answer as stated, below the top (evidence cannot add one)
                 model.CapCondition.ABSOLUTE_BREACH: rule.absolute is not None and value is not None
                 and scale.rank(value) < len(scale.levels) - 1}
        for cap in rs.rating_caps:
            if holds.get(cap.when, False):
                limit = min(limit, order.index(cap.max_rating))
    critical = {c.id for c in rs.criticalities.values() if c.critical}
    found = {w.id for w in rep.weaknesses}
    if any(w.id in found and w.criticality in critical for w in rs.weaknesses):
        for cap in rs.rating_caps:
            if cap.when is model.CapCondition.CRITICAL_WEAKNESS:
                limit = min(limit, order.index(cap.max_rating))
    assert rep.rating == order[limit]


@settings(max_examples=150, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(case: Case, rnd: Any) -> None:
    """The same answers in another order give the same report, byte for byte."""
    name, itype, level, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    first = json_renderer.render(_evaluate(name, itype, level, answers), "es")
    second = json_renderer.render(_evaluate(name, itype, level, dict(items)), "es")
    assert first == second


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{t}-{lvl}" for n, t, lvl in CASES])
def test_all_top_answers_give_100_and_the_top_band(case: tuple[str, str, str]) -> None:
    """Top answers with evidence on every applicable rule: 100 claimed and evidenced in every rule set,
    each at its top band with no cap, no gap, no evidence gap, no weakness."""
    name, itype, level = case
    lib = LIBS[name]
    rep = _evaluate(name, itype, level, {r.id: (_scale(lib, r).values[-1], ("doc",), None)
                                         for r in _rules(lib, itype, level)})
    for result in rep.results:
        assert result.score.claimed == result.score.evidenced == 100
        assert result.rating == result.bands[-1].id and not result.caps
    assert rep.gaps == rep.evidence_gaps == rep.weaknesses == ()


_BLANK = st.text(alphabet=st.sampled_from(" \t\u00a0\u3000.,;:-_—–…!?¿¡()[]\"'/*•·✓#%&+="), max_size=12)
_SOME_BLANK = st.text(alphabet=st.sampled_from(" \t\u00a0\u3000.,;:-_—–…!?¿¡()[]\"'/*•·✓#%&+="), min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(_SOME_BLANK, st.sampled_from(["evidence", "justification", "notes"]))
def test_blank_text_is_never_evidence_nor_a_justification(blank: str, where: str) -> None:
    """Text of spaces, punctuation or symbols only is refused with its location, wherever it stands."""
    lib = LIBS["mini"]
    value = "not_applicable" if where == "justification" else "always"
    field = {"evidence": f"evidence: [{_quoted(blank)}]", "justification": f"justification: {_quoted(blank)}",
             "notes": f"notes: {_quoted(blank)}"}[where]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        path.write_text("kind: Assessment\nschema_version: 1\ninstitution: {type: agency-a, level: federal, name: A}\n"
                        "assessed_on: \"2026-01-01\"\nrulesets: [{id: mini, version: 1.0.0}]\nanswers:\n"
                        f"  T-ENT-01:\n    value: {value}\n    {field}\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_assessment(str(path), lib)
    assert [(i.code, i.location.line) for i in caught.value.issues] == [("blank-text", 9)]


@given(st.text(alphabet=string.ascii_letters + string.digits + "ñáéü", min_size=1), _BLANK, _BLANK)
def test_a_letter_or_digit_is_not_blank(word: str, before: str, after: str) -> None:
    """Any letter or digit makes a text say something."""
    assert model.is_blank(before + after) and not model.is_blank(before + word + after)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
