"""The scoring method: credit per answer, weights, scores, gaps, the rating and its caps. Pure.

The method (also in the README, "How the score is computed"):

* each answer earns its scale level's credit in [0, 1];
* each rule weighs as its criticality; score = 100 * sum(weight * credit) / sum(weight)
  over the institution's own duties (the rules that ask it and hold it responsible);
  ``not_applicable`` leaves the sum, an unanswered rule stays in it at 0;
* the evidenced score is the same sum with *counted* credit: a level at or above the
  rule's ``evidence.required_from`` given without evidence counts as the highest level
  below ``required_from`` (0 when ``required_from`` is the lowest level);
* a gap is an answer below the rule's target, or an unanswered critical rule; an
  evidence gap is an answer that reaches its target as stated but whose counted level is
  lower; the priority of either is weight * (target credit - counted credit);
* the rating is the highest band the evidenced score reaches, lowered by each cap of the
  rule set that holds: ``critical-gap`` (a critical rule counted below its target, or
  unanswered) and ``critical-unmet`` (a critical rule answered at the bottom of its
  scale, or unanswered); the lowest cap wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brecha import model, report

__all__ = ["Outcome", "Rating", "counted_rank", "evidenced_credit", "outcome", "rate", "score"]

#: Scores are compared with band minimums with this tolerance (float sums).
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one of the institution's own duties earns from its answer."""

    rule: model.Rule
    weight: float
    answer: model.Answer | None
    claimed: float  # credit in [0, 1] of the level as stated
    evidenced: float  # credit of the level counted on the evidence given
    target: float
    not_applicable: bool
    critical: bool  # the rule's criticality is marked critical
    at_bottom: bool  # answered at the lowest level of its scale

    @property
    def answered(self) -> bool:
        """Whether a value was given (not_applicable counts as answered)."""
        return self.answer is not None and self.answer.value is not None

    @property
    def gap(self) -> bool:
        """Answered below the target, or a critical rule left unanswered."""
        if self.not_applicable:
            return False
        return self.claimed < self.target if self.answered else self.critical

    @property
    def critical_gap(self) -> bool:
        """A gap on a critical rule."""
        return self.critical and self.gap

    @property
    def evidence_gap(self) -> bool:
        """Reaches the target as stated, but counts lower for want of evidence."""
        return self.answered and not self.not_applicable and not self.gap and self.evidenced < self.claimed

    @property
    def critical_evidence_gap(self) -> bool:
        """An evidence gap on a critical rule that leaves it below its target."""
        return self.critical and self.evidence_gap and self.evidenced < self.target

    @property
    def below_target_on_evidence(self) -> bool:
        """A critical rule counted below its target, or unanswered: the ``critical-gap`` cap."""
        return self.critical and not self.not_applicable and (not self.answered or self.evidenced < self.target)

    @property
    def unmet(self) -> bool:
        """A critical rule answered at the bottom of its scale, or unanswered: the ``critical-unmet`` cap."""
        return self.critical and not self.not_applicable and (not self.answered or self.at_bottom)

    @property
    def priority(self) -> float:
        """How much closing this gap is worth: weight times the counted distance to the target."""
        return round(self.weight * max(0.0, self.target - self.evidenced), 6)


def counted_rank(rule: model.Rule, scale: model.Scale, answer: model.Answer) -> int:
    """The position on the scale of the level counted on the evidence given (-1: none).

    A level at or above ``evidence.required_from`` without evidence counts as the highest
    level below ``required_from`` (-1, no credit, when ``required_from`` is the lowest).
    """
    rank = scale.rank(answer.value or "")
    if rank < 0 or rule.evidence_from is None or answer.evidence:
        return rank
    need = scale.rank(rule.evidence_from)
    return rank if rank < need else need - 1


def evidenced_credit(rule: model.Rule, scale: model.Scale, answer: model.Answer) -> float:
    """The credit an answer keeps in the evidenced score (see :func:`counted_rank`)."""
    rank = counted_rank(rule, scale, answer)
    return scale.levels[rank].score if rank >= 0 else 0.0


def outcome(rule: model.Rule, rs: model.RuleSet, answer: model.Answer | None) -> Outcome:
    """Credit, weight and gap of one own duty."""
    scale = rs.scales[rule.scale]
    crit = rs.criticalities[rule.criticality]
    target_level = scale.level(rule.target)
    target = target_level.score if target_level else 1.0
    if answer is None or answer.value is None:
        return Outcome(rule, crit.weight, answer, 0.0, 0.0, target, False, crit.critical, False)
    if answer.value == model.NOT_APPLICABLE:
        return Outcome(rule, crit.weight, answer, 0.0, 0.0, target, True, crit.critical, False)
    level = scale.level(answer.value)
    claimed = level.score if level else 0.0
    return Outcome(rule, crit.weight, answer, claimed, evidenced_credit(rule, scale, answer), target, False,
                   crit.critical, scale.rank(answer.value) == 0)


def score(outcomes: Iterable[Outcome]) -> report.Score:
    """Weighted claimed and evidenced scores of some outcomes, with their counts."""
    weight = claimed = evidenced = 0.0
    rules = answered = na = unanswered = gaps = critical = evidence = critical_evidence = 0
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
        evidence += o.evidence_gap
        critical_evidence += o.critical_evidence_gap
    return report.Score(
        claimed=100 * claimed / weight if weight else None,
        evidenced=100 * evidenced / weight if weight else None,
        weight=weight, rules=rules, answered=answered, not_applicable=na,
        unanswered=unanswered, gaps=gaps, critical_gaps=critical, evidence_gaps=evidence,
        critical_evidence_gaps=critical_evidence)


_CAP_TESTS = {
    model.CapCondition.CRITICAL_GAP: lambda o: o.below_target_on_evidence,
    model.CapCondition.CRITICAL_UNMET: lambda o: o.unmet,
}


@dataclass(frozen=True, slots=True)
class Rating:
    """The band reached, the band after caps, and the caps that lower it with their rules."""

    band: model.RatingBand | None
    uncapped: model.RatingBand | None
    holds: tuple[tuple[model.RatingCap, tuple[str, ...], bool], ...]  # (cap, rules, binding)

    @property
    def capped(self) -> bool:
        """Whether a cap lowered the rating."""
        return self.band is not self.uncapped


def rate(result: report.Score, bands: Sequence[model.RatingBand], caps: Sequence[model.RatingCap],
         outcomes: Sequence[Outcome]) -> Rating:
    """The highest band the evidenced score reaches, lowered by every cap that holds (the lowest wins)."""
    if result.evidenced is None or not bands:
        return Rating(None, None, ())
    reached = [b for b in bands if result.evidenced >= b.min_score - _EPSILON]
    uncapped = reached[-1] if reached else bands[0]
    rank = {b.id: i for i, b in enumerate(bands)}
    lowering = []
    for cap in caps:
        if cap.max_rating not in rank or rank[cap.max_rating] >= rank[uncapped.id]:
            continue
        rules = tuple(sorted(o.rule.id for o in outcomes if _CAP_TESTS[cap.when](o)))
        if rules:
            lowering.append((cap, rules))
    if not lowering:
        return Rating(uncapped, uncapped, ())
    lowest = min(rank[cap.max_rating] for cap, _ in lowering)
    lowering.sort(key=lambda held: (rank[held[0].max_rating], held[0].id))
    return Rating(bands[lowest], uncapped,
                  tuple((cap, rules, rank[cap.max_rating] == lowest) for cap, rules in lowering))
