"""The rating: the band the evidenced score reaches, held down by the rule set's caps."""

from __future__ import annotations

import dataclasses

import pytest

from brecha import api, model, report
from brecha.scoring import Duty, Outcome, counted_rank, rate

from helpers import MINI, assessment

LIB = api.load_content(str(MINI))
_BANDS = tuple(model.RatingBand(id=i, label=model.Text(en=i), min_score=m)
               for i, m in (("low", 0), ("partial", 50), ("full", 90)))
_CAPS = (model.RatingCap(id="unmet", when=model.CapCondition.CRITICAL_UNMET, max_rating="low", reason=model.Text()),
         model.RatingCap(id="gap", when=model.CapCondition.CRITICAL_GAP, max_rating="partial", reason=model.Text()))


def _score(evidenced: float | None) -> report.Score:
    return report.Score(claimed=evidenced, evidenced=evidenced, weight=1, rules=1, answered=1, not_applicable=0,
                        unanswered=0, gaps=0, critical_gaps=0, evidence_gaps=0, critical_evidence_gaps=0)


def _critical(claimed: float, evidenced: float, *, answered: bool = True, bottom: bool = False) -> Outcome:
    rule = LIB.rules["T-ENT-01"]
    answer = model.Answer(rule_id=rule.id, value="x" if answered else None, evidence=(), notes=None,
                          justification=None, location=LIB.rules["T-ENT-01"].location)
    return Outcome(rule, 4, answer, claimed, evidenced, 1.0, False, True, bottom)


@pytest.mark.parametrize(("evidenced", "band"), [
    (0, "low"), (49.999, "low"), (50, "partial"),
    (89.9999999999, "full"),  # float sums: a hair below a minimum reaches it
    (100, "full")])
def test_band_reached_without_caps(evidenced: float, band: str) -> None:
    """The highest band whose minimum the evidenced score reaches."""
    rating = rate(_score(evidenced), _BANDS, _CAPS, [_critical(1, 1)])
    assert rating.band is not None and rating.band.id == band and not rating.capped and rating.holds == ()


@pytest.mark.parametrize(("outcome", "band", "binding"), [
    (_critical(1, 0.5), "partial", "gap"),  # claimed at target, counted below it: a critical gap on the evidence
    (_critical(0.5, 0.5), "partial", "gap"),
    (_critical(0, 0, bottom=True), "low", "unmet"),  # the duty plainly unmet
    (_critical(0, 0, answered=False), "low", "unmet"),  # silence on a critical duty counts as unmet
])
def test_caps_hold_the_rating_and_name_the_rules(outcome: Outcome, band: str, binding: str) -> None:
    """Whatever the score, a cap that holds lowers the rating; the lowest cap binds; its rules are named."""
    rating = rate(_score(100), _BANDS, _CAPS, [outcome, _critical(1, 1)])
    assert rating.band is not None and rating.band.id == band and rating.capped
    assert rating.uncapped is not None and rating.uncapped.id == "full"
    assert [(cap.id, rules) for cap, rules, bound in rating.holds if bound] == [(binding, ("T-ENT-01",))]


def test_a_cap_above_the_band_reached_is_not_reported() -> None:
    """A cap at or above the band the score reaches changes nothing and is not listed."""
    rating = rate(_score(60), _BANDS, _CAPS, [_critical(0.5, 0.5)])
    assert rating.band is not None and rating.band.id == "partial" and not rating.capped and rating.holds == ()


def _other(claimed: float, evidenced: float, *, bottom: bool = False) -> Outcome:
    """A critical outcome of another rule (T-DEC-01), answered."""
    rule = LIB.rules["T-DEC-01"]
    answer = model.Answer(rule_id=rule.id, value="x", evidence=(), notes=None, justification=None,
                          location=rule.location)
    return Outcome(rule, 4, answer, claimed, evidenced, 1.0, False, True, bottom)


def test_both_caps_listed_lowest_binds() -> None:
    """Two caps that hold are both listed (lowest first); the lowest sets the rating."""
    rating = rate(_score(100), _BANDS, _CAPS, [_critical(0, 0, bottom=True), _other(0.5, 0.5)])
    assert [(cap.id, rules, bound) for cap, rules, bound in rating.holds] == [
        ("unmet", ("T-ENT-01",), True), ("gap", ("T-DEC-01",), False)]


def test_a_rule_is_named_once_under_the_lowest_cap_it_holds() -> None:
    """A rule at the bottom of its scale holds both caps; it is named under the lowest only, and
    a cap left with no rule of its own is not listed."""
    rating = rate(_score(100), _BANDS, _CAPS, [_critical(0, 0, bottom=True)])
    assert [(cap.id, rules, bound) for cap, rules, bound in rating.holds] == [("unmet", ("T-ENT-01",), True)]
    assert rating.band is not None and rating.band.id == "low"


def test_an_unanswered_critical_rule_is_said_to_be_unanswered() -> None:
    """The rules that hold a cap for want of any answer are known, to be said so on the cap line."""
    rating = rate(_score(100), _BANDS, _CAPS, [_critical(0, 0, answered=False), _other(0, 0, bottom=True)])
    assert rating.unanswered == ("T-ENT-01",)
    assert [(cap.id, rules) for cap, rules, _ in rating.holds] == [("unmet", ("T-DEC-01", "T-ENT-01"))]


_ABSOLUTE = model.RatingCap(id="breach", when=model.CapCondition.ABSOLUTE_BREACH, max_rating="low",
                            reason=model.Text())


def _breach(*, below_top: bool) -> Outcome:
    rule = dataclasses.replace(LIB.rules["T-ENT-01"], absolute=model.Absolute(
        provisions=(), breach=model.Text(en="admits it")))
    answer = model.Answer(rule_id=rule.id, value="x", evidence=(), notes=None, justification=None,
                          location=rule.location)
    return Outcome(rule, 4, answer, 0.5, 0.5, 1.0, False, True, False, below_top)


@pytest.mark.parametrize("evidenced", [0, 30, 49.9])
def test_an_absolute_breach_is_listed_even_where_the_score_is_already_as_low(evidenced: float) -> None:
    """The score alone already reaches only the lowest band: the absolute-breach cap lowers
    nothing, but it is listed, not binding, and the breach is known: a breach of the law is never
    left unsaid because the number is already low. Other caps that lower nothing are not listed."""
    rating = rate(_score(evidenced), _BANDS, (_ABSOLUTE, *_CAPS), [_breach(below_top=True)])
    assert rating.band is not None and rating.band.id == "low" and not rating.capped
    assert [(cap.id, rules, bound) for cap, rules, bound in rating.holds] == [("breach", ("T-ENT-01",), False)]
    assert rating.breaches == ("T-ENT-01",)


def test_an_absolute_breach_binds_before_another_cap_at_the_same_band() -> None:
    """An absolute breach and a plainly unmet duty hold the same band: the breach comes first and
    holds its rule; the other cap names its own rules only."""
    rating = rate(_score(100), _BANDS, (*_CAPS, _ABSOLUTE), [_breach(below_top=True), _other(0, 0, bottom=True)])
    assert [(cap.id, rules, bound) for cap, rules, bound in rating.holds] == [
        ("breach", ("T-ENT-01",), True), ("unmet", ("T-DEC-01",), True)]
    assert rating.breaches == ("T-ENT-01",)


def test_breaches_are_known_without_an_absolute_breach_cap() -> None:
    """A rule set that declares no absolute-breach cap (lint warns) still has the breach known."""
    rating = rate(_score(10), _BANDS, _CAPS, [_breach(below_top=True)])
    assert rating.breaches == ("T-ENT-01",) and rating.holds == ()
    assert rate(_score(10), _BANDS, (_ABSOLUTE,), [_breach(below_top=False)]).breaches == ()


def test_no_rating_without_a_score_or_bands() -> None:
    """Nothing counted (all not applicable) or no bands: no rating, no cap."""
    assert rate(_score(None), _BANDS, _CAPS, []) == rate(_score(80), (), _CAPS, []) == rate(_score(None), (), (), [])
    assert rate(_score(None), _BANDS, _CAPS, []).band is None


def test_without_declared_caps_nothing_caps() -> None:
    """Caps are data: a rule set that declares none is rated by its score alone."""
    rating = rate(_score(100), _BANDS, (), [_critical(0, 0, bottom=True)])
    assert rating.band is not None and rating.band.id == "full" and not rating.capped


@pytest.mark.parametrize(("value", "evidence", "rank"), [
    ("never", (), 0), ("sometimes", (), 1), ("always", (), 1), ("always", ("memo",), 2)])
def test_unevidenced_claim_counts_as_the_highest_level_below_required_from(
        value: str, evidence: tuple[str, ...], rank: int) -> None:
    """T-ENT-01 needs evidence from 'always': without it 'always' counts as 'sometimes'."""
    rule = LIB.rules["T-ENT-01"]
    scale = LIB.rulesets["mini"].scales[rule.scale]
    answer = model.Answer(rule_id=rule.id, value=value, evidence=evidence, notes=None, justification=None,
                          location=rule.location)
    assert counted_rank(rule, scale, answer) == rank


def test_headline_rating_is_its_rule_sets_own() -> None:
    """The report's rating is the headline rule set's rating after caps, never another's."""
    from brecha.evaluation import evaluate

    rep = evaluate(assessment("office-b", "state", {"T-DEC-01": "absent", "T-DEC-02": "always",
                                                    "T-ENT-02": ("monitored", ("f",), None)}), LIB)
    assert rep.headline is not None and rep.headline.ruleset_id == "mini"
    assert rep.headline.reason is report.HeadlineReason.NATIONAL
    assert rep.rating == rep.results[0].rating == "low"
    assert rep.results[0].caps == ()  # the score alone is already at the lowest band: no cap lowers it
    assert rep.results[0].breaches == () and rep.breaches == ()  # and no absolute duty is breached


def _scale_outcome(rule: model.Rule, rs: model.RuleSet, answer: model.Answer | None) -> tuple[object, ...]:
    """The outcome as the README states the method, looked up level by level on the scale."""
    scale = rs.scales[rule.scale]
    crit = rs.criticalities[rule.criticality]
    target = scale.level(rule.target)
    if answer is None or answer.value is None or answer.value == model.NOT_APPLICABLE:
        claimed = evidenced = 0.0
        bottom = False
    else:
        level = scale.level(answer.value)
        claimed = level.score if level else 0.0
        rank = counted_rank(rule, scale, answer)
        evidenced = scale.levels[rank].score if rank >= 0 else 0.0
        bottom = scale.rank(answer.value) == 0
    return (crit.weight, claimed, evidenced, target.score if target else 1.0,
            answer is not None and answer.value == model.NOT_APPLICABLE, crit.critical, bottom)


def test_a_duty_scores_every_answer_as_the_scale_says() -> None:
    """Every rule of the bundled content and of the test library, every value of its scale (and an
    unknown one, not_applicable, none), with and without evidence: a duty's outcome (positions
    looked up once) is the one the scale gives level by level, and so are its gap and priority."""
    checked = 0
    for lib in (LIB, api.load_content()):
        for rs in lib.rulesets.values():
            for rule in rs.rules:
                duty = Duty.of(rule, rs)
                for value in (*rs.scales[rule.scale].values, model.NOT_APPLICABLE, "not-a-level", None):
                    for evidence in ((), ("memo",)):
                        answer = model.Answer(rule_id=rule.id, value=value, evidence=evidence, notes=None,
                                              justification=None, location=rule.location)
                        got = duty.outcome(answer)
                        assert (got.weight, got.claimed, got.evidenced, got.target, got.not_applicable,
                                got.critical, got.at_bottom) == _scale_outcome(rule, rs, answer), (rule.id, value)
                        # an unconfirmed not_applicable on a critical duty is a gap as a blank one is
                        assert got.gap == ((value not in (None, model.NOT_APPLICABLE) and got.claimed < got.target)
                                           or (value in (None, model.NOT_APPLICABLE) and got.critical))
                        assert got.provisional == (value == model.NOT_APPLICABLE and got.critical)
                        assert got.priority == round(got.weight * max(0.0, got.target - got.evidenced), 6)
                        checked += 1
                assert duty.outcome(None).gap == duty.critical and not duty.outcome(None).answered
    assert checked > 1000
