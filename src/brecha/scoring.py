"""The scoring method: credit per answer, weights, scores, gaps and the rating. Pure.

The method (also in the README):

* each answer earns its scale level's fraction in [0, 1];
* each rule weighs as its criticality; score = 100 * sum(weight * fraction) / sum(weight)
  over the rules that apply to the institution; ``not_applicable`` leaves the sum,
  an unanswered rule stays in it at 0;
* the evidenced score is the same sum, but a level at or above the rule's
  ``evidence.required_from`` counts only if evidence is given, otherwise as the level
  just below it;
* a gap is an answer below the rule's target; its priority is
  weight * (target fraction - answer fraction); a critical gap is a gap (or a missing
  answer) on a rule whose criticality is marked critical;
* the rating is the highest band whose minimum the evidenced score reaches, but never
  the top band while a critical gap exists (the cap).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brecha import model, report

__all__ = ["Outcome", "Rating", "evidenced_credit", "outcome", "rate", "score"]

#: Scores are compared with band minimums with this tolerance (float sums).
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one asked rule earns from its answer."""

    rule: model.Rule
    weight: float
    answer: model.Answer | None
    claimed: float  # fraction in [0, 1]
    evidenced: float
    target: float
    not_applicable: bool
    gap: bool
    critical_gap: bool

    @property
    def answered(self) -> bool:
        """Whether a value was given (not_applicable counts as answered)."""
        return self.answer is not None and self.answer.value is not None

    @property
    def priority(self) -> float:
        """How much closing this gap is worth: weight times the distance to the target."""
        return round(self.weight * (self.target - self.claimed), 6)


def evidenced_credit(rule: model.Rule, scale: model.Scale, answer: model.Answer) -> float:
    """The credit an answer keeps in the evidenced score.

    A level at or above the rule's ``evidence.required_from`` without evidence counts as
    the level just below ``required_from``.
    """
    level = scale.level(answer.value or "")
    if level is None:
        return 0.0
    if rule.evidence_from is None or answer.evidence:
        return level.score
    need = scale.rank(rule.evidence_from)
    if scale.rank(level.value) < need:
        return level.score
    return scale.levels[need - 1].score if need > 0 else 0.0


def outcome(rule: model.Rule, rs: model.RuleSet, answer: model.Answer | None) -> Outcome:
    """Credit, weight and gap of one asked rule."""
    scale = rs.scales[rule.scale]
    crit = rs.criticalities[rule.criticality]
    target_level = scale.level(rule.target)
    target = target_level.score if target_level else 1.0
    if answer is None or answer.value is None:
        return Outcome(rule, crit.weight, answer, 0.0, 0.0, target, False, False, crit.critical)
    if answer.value == model.NOT_APPLICABLE:
        return Outcome(rule, crit.weight, answer, 0.0, 0.0, target, True, False, False)
    level = scale.level(answer.value)
    claimed = level.score if level else 0.0
    evidenced = evidenced_credit(rule, scale, answer)
    gap = claimed < target
    return Outcome(rule, crit.weight, answer, claimed, evidenced, target, False, gap, gap and crit.critical)


def score(outcomes: Iterable[Outcome]) -> report.Score:
    """Weighted claimed and evidenced scores of some outcomes, with their counts."""
    weight = claimed = evidenced = 0.0
    rules = answered = na = unanswered = gaps = critical = 0
    for o in outcomes:
        rules += 1
        if o.not_applicable:
            na += 1
            continue
        weight += o.weight
        claimed += o.weight * o.claimed
        evidenced += o.weight * o.evidenced
        if o.answered:
            answered += 1
        else:
            unanswered += 1
        gaps += o.gap
        critical += o.critical_gap
    return report.Score(
        claimed=100 * claimed / weight if weight else None,
        evidenced=100 * evidenced / weight if weight else None,
        weight=weight, rules=rules, answered=answered, not_applicable=na,
        unanswered=unanswered, gaps=gaps, critical_gaps=critical)


@dataclass(frozen=True, slots=True)
class Rating:
    """The band a score reaches, and whether a critical gap held it below the top."""

    band: model.RatingBand | None
    capped: bool


def rate(overall: report.Score, bands: Sequence[model.RatingBand]) -> Rating:
    """The highest band the evidenced score reaches; never the top one while a critical gap exists."""
    if overall.evidenced is None or not bands:
        return Rating(None, False)
    reached = [b for b in bands if overall.evidenced >= b.min_score - _EPSILON]
    band = reached[-1] if reached else bands[0]
    if band is bands[-1] and overall.critical_gaps and len(bands) > 1:
        return Rating(bands[-2], True)
    return Rating(band, False)
