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
  unanswered), ``critical-unmet`` (a critical rule answered at the bottom of its
  scale, or unanswered), ``absolute-breach`` (a rule marked ``absolute`` answered below
  the top of its scale: an admitted breach of a duty without exception) and
  ``critical-weakness`` (a weakness pattern of a critical criticality is found); the
  lowest cap wins; every admitted breach of an absolute duty is named, even where the score
  alone already holds the rating at or below its cap;
* a critical rule answered ``not_applicable`` that nobody has confirmed (``confirmed_by``)
  is *provisional*: until it is confirmed it counts as an unanswered critical duty everywhere
  (in the score at 0, as a critical gap, for every cap), so "not applicable" never reads
  better than leaving the duty blank; confirmed, it leaves the score like any other;
* when more of a rule set's own duties than its ``not_applicable_share`` are answered
  ``not_applicable`` without confirmation and leave the score (the critical ones stay in it),
  the rating is *withheld*: the score over the duties left is shown for what it is, not rated
  as if it had been earned (:func:`unconfirmed_not_applicable`); unless an admitted breach of
  an absolute duty holds it at the lowest band, which no other answer could lift: it is then
  that band, with the coverage said insufficient.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from brecha import model, report
from brecha.frozen import record

__all__ = ["Duty", "Outcome", "Rating", "confirmed", "counted_rank", "evidenced_credit", "outcome", "over_share", "rate",
           "score", "unconfirmed_not_applicable"]

#: Scores are compared with band minimums with this tolerance (float sums).
_EPSILON = 1e-9


class Outcome:
    """What one of the institution's own duties earns from its answer.

    Whether it is a gap, an evidence gap, a cap's concern and its priority follow from the
    first nine fields; they are worked out once, when the outcome is made, and read as plain
    attributes. Read-only like a frozen record (``Final``: the type checker refuses any
    assignment), but a plain slotted class: a summary of 1,000 assessments makes ~40,000
    outcomes, and a frozen dataclass's ``object.__setattr__`` per field made that four
    times slower (about 4.5 against 1.1 microseconds each).
    """

    __slots__ = ("answer", "answered", "at_bottom", "below_target_on_evidence", "breach", "claimed", "critical",
                 "critical_evidence_gap", "critical_gap", "evidence_gap", "evidenced", "gap", "not_applicable",
                 "priority", "provisional", "rule", "target", "unmet", "weight")

    def __init__(self, rule: model.Rule, weight: float, answer: model.Answer | None, claimed: float,
                 evidenced: float, target: float, not_applicable: bool, critical: bool, at_bottom: bool,
                 below_top: bool = False, confirmed: bool = False) -> None:
        self.rule: Final = rule
        self.weight: Final = weight
        self.answer: Final = answer
        self.claimed: Final = claimed  # credit in [0, 1] of the level as stated
        self.evidenced: Final = evidenced  # credit of the level counted on the evidence given
        self.target: Final = target
        self.not_applicable: Final = not_applicable
        self.critical: Final = critical  # the rule's criticality is marked critical
        self.at_bottom: Final = at_bottom  # answered at the lowest level of its scale
        answered = answer is not None and answer.value is not None
        #: A critical rule answered not_applicable that nobody outside the assessing team has
        #: confirmed (``confirmed``; never for an absolute duty). Until it is confirmed it counts
        #: as an unanswered critical duty everywhere (score at 0, gap, critical gap, every cap), so
        #: that declaring "not applicable" never reads better than leaving the duty blank.
        provisional = critical and not_applicable and not confirmed
        counts = not not_applicable or provisional
        gap = counts and (claimed < target if answered and not provisional else critical)
        evidence_gap = answered and counts and not gap and evidenced < claimed
        #: Whether a value was given (not_applicable counts as answered).
        self.answered: Final = answered
        #: Answered below the target, or a critical rule left unanswered.
        self.gap: Final = gap
        #: A gap on a critical rule.
        self.critical_gap: Final = critical and gap
        #: Reaches the target as stated, but counts lower for want of evidence.
        self.evidence_gap: Final = evidence_gap
        #: An evidence gap on a critical rule that leaves it below its target.
        self.critical_evidence_gap: Final = critical and evidence_gap and evidenced < target
        #: A critical rule answered not_applicable, unconfirmed (see above): the rating is
        #: provisional, and the rule counts as an unanswered critical duty until it is confirmed.
        self.provisional: Final = provisional
        #: A critical rule counted below its target, or unanswered (or provisional): the ``critical-gap`` cap.
        self.below_target_on_evidence: Final = provisional or (critical and counts and
                                                               (not answered or evidenced < target))
        #: A critical rule answered at the bottom of its scale, or unanswered (or provisional): the
        #: ``critical-unmet`` cap.
        self.unmet: Final = provisional or (critical and counts and (not answered or at_bottom))
        #: A rule marked absolute answered below the top of its scale (``below_top``): the
        #: ``absolute-breach`` cap. The answer as stated counts: it admits the breach.
        self.breach: Final = rule.absolute is not None and answered and not not_applicable and below_top
        #: How much closing this gap is worth: weight times the counted distance to the target.
        self.priority: Final = round(weight * max(0.0, target - evidenced), 6)

    def __repr__(self) -> str:
        return (f"Outcome({self.rule.id!r}, claimed={self.claimed}, evidenced={self.evidenced}, "
                f"target={self.target}, not_applicable={self.not_applicable}, critical={self.critical})")


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


@record
class Duty:
    """What scoring needs of one rule of a rule set, looked up once: its weight, whether it is
    critical, its target's credit and its scale as positions and credits.

    :func:`outcome` is the scoring method; a caller that scores the same rules for many
    assessments (a summary) keeps the duties (:meth:`of`) and calls :meth:`outcome` on them,
    which gives the same outcome without looking the rule's scale up again for each answer.
    """

    rule: model.Rule
    weight: float
    critical: bool
    target: float
    ranks: dict[str, int]  # scale value -> position, lowest first (the first level of a value)
    credits: tuple[float, ...]  # credit of each position
    needs_evidence_from: int | None  # position of ``evidence.required_from`` (-1: unknown); None: none required
    levels: tuple[str, ...]  # the scale's values, lowest first

    @classmethod
    def of(cls, rule: model.Rule, rs: model.RuleSet) -> Duty:
        """The duty of ``rule``, one of ``rs``'s rules."""
        scale = rs.scales[rule.scale]
        crit = rs.criticalities[rule.criticality]
        target_level = scale.level(rule.target)
        ranks: dict[str, int] = {}
        for index, level in enumerate(scale.levels):
            ranks.setdefault(level.value, index)
        return cls(rule, crit.weight, crit.critical, target_level.score if target_level else 1.0, ranks,
                   tuple(level.score for level in scale.levels),
                   None if rule.evidence_from is None else scale.rank(rule.evidence_from), scale.values)

    def outcome(self, answer: model.Answer | None) -> Outcome:
        """Credit, weight and gap of this duty for one answer (see :func:`counted_rank`)."""
        if answer is None or answer.value is None:
            return Outcome(self.rule, self.weight, answer, 0.0, 0.0, self.target, False, self.critical, False)
        value = answer.value
        if value == model.NOT_APPLICABLE:
            return Outcome(self.rule, self.weight, answer, 0.0, 0.0, self.target, True, self.critical, False,
                           confirmed=confirmed(self.rule, answer))
        rank = self.ranks.get(value, -1)
        counted = rank
        need = self.needs_evidence_from
        if rank >= 0 and need is not None and not answer.evidence:
            counted = rank if rank < need else need - 1
        credits = self.credits
        return Outcome(self.rule, self.weight, answer, credits[rank] if rank >= 0 else 0.0,
                       credits[counted] if counted >= 0 else 0.0, self.target, False, self.critical, rank == 0,
                       0 <= rank < len(credits) - 1)


def confirmed(rule: model.Rule, answer: model.Answer) -> bool:
    """Whether a not_applicable answer is confirmed: someone is named in ``confirmed_by`` (not
    blank), and the rule is not absolute (an absolute duty is never not applicable to its holder)."""
    said = answer.confirmed_by
    return rule.absolute is None and isinstance(said, str) and not model.is_blank(said)


def over_share(count: int, rules: int, share: float | None) -> bool:
    """Whether ``count`` of ``rules`` own duties is more than a rule set's ``not_applicable_share``
    (never without one). Exactly the share is not more: 2 of 10 at 0.2 is within it, whatever the
    rounding of 0.2 x 10."""
    return share is not None and rules > 0 and count > share * rules + _EPSILON


def unconfirmed_not_applicable(total: report.Score, outcomes: Iterable[Outcome],
                               share: float | None) -> tuple[str, ...] | None:
    """The own duties answered not_applicable with nobody outside the assessing team confirming
    it (``confirmed_by``), critical ones first, when those of them that leave the score are more
    than ``share`` of the duties: the rating is then withheld, and waits on each. None when within
    the share (or the rule set sets none).

    The critical ones among them (:attr:`Outcome.provisional`) do not count towards the share: they
    stay in the score at 0, as unanswered critical duties, so they leave no gap in what the score
    covers (withholding the rating for them would take it, and its critical gaps, out of a
    summary's means: declaring a duty not applicable would read better than leaving it blank).

    ``total`` is :func:`score` of the same outcomes: its count of not_applicable answers decides
    at once in the usual case, so the outcomes are read again only when that count is over the share.
    """
    if not total.not_applicable or not over_share(total.not_applicable, total.rules, share):
        return None
    unconfirmed = [o for o in outcomes if o.not_applicable and not (o.answer and confirmed(o.rule, o.answer))]
    if not over_share(sum(1 for o in unconfirmed if not o.provisional), total.rules, share):
        return None
    return tuple(o.rule.id for o in sorted(unconfirmed, key=lambda o: not o.critical))


def outcome(rule: model.Rule, rs: model.RuleSet, answer: model.Answer | None) -> Outcome:
    """Credit, weight and gap of one own duty."""
    return Duty.of(rule, rs).outcome(answer)


def score(outcomes: Iterable[Outcome]) -> report.Score:
    """Weighted claimed and evidenced scores of some outcomes, with their counts."""
    weight = claimed = evidenced = 0.0
    rules = answered = na = unanswered = awaiting = gaps = critical = evidence = critical_evidence = 0
    for o in outcomes:
        rules += 1
        if o.not_applicable:
            na += 1
            if not o.provisional:  # confirmed, or not critical: it leaves the score
                continue
            awaiting += 1  # critical and unconfirmed: an unanswered critical duty, at 0
        weight += o.weight
        claimed += o.weight * o.claimed
        evidenced += o.weight * o.evidenced
        if o.provisional:
            pass
        elif o.answered:
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
        critical_evidence_gaps=critical_evidence, awaiting=awaiting)


@record
class Rating:
    """The band reached, the band after caps, the caps that hold with their rules, and every
    admitted breach of an absolute duty.

    ``holds`` lists each cap that lowers the rating and, even when it lowers nothing (the score
    alone is already at or below its limit, or a lower cap binds), an ``absolute-breach`` cap that
    holds: an admitted breach of the law is never left unsaid because the number is already low.
    Each rule is named once, under the lowest cap it holds (an absolute breach before another cap
    at the same limit). ``binding``: the cap sets the rating below the band the score reached.
    """

    band: model.RatingBand | None
    uncapped: model.RatingBand | None
    holds: tuple[tuple[model.RatingCap, tuple[str, ...], bool], ...]  # (cap, rules or weaknesses, binding)
    #: Every rule marked absolute answered below the top of its scale, whether or not a cap names it.
    breaches: tuple[str, ...] = ()
    #: The critical rules that hold a cap for want of any answer.
    unanswered: tuple[str, ...] = ()

    @property
    def capped(self) -> bool:
        """Whether a cap lowered the rating."""
        return self.band is not self.uncapped


def rate(result: report.Score, bands: Sequence[model.RatingBand], caps: Sequence[model.RatingCap],
         outcomes: Sequence[Outcome], weaknesses: Sequence[str] = (), *, withheld: bool = False) -> Rating:
    """The highest band the evidenced score reaches, lowered by every cap that holds (the lowest wins).

    ``weaknesses`` are the IDs of the critical weakness patterns found (the ``critical-weakness`` cap).
    ``withheld``: the score is over too few duties to rate by, so a cap at the lowest band that
    holds is kept even where that score is already as low (as an ``absolute-breach`` cap always
    is): whether answers alone fix the rating there must not depend on a score that does not
    count. The outcomes are read once, whatever the caps.
    """
    if result.evidenced is None or not bands:
        return Rating(None, None, ())
    breaches: list[str] = []
    unmet: list[str] = []
    below: list[str] = []
    unanswered: list[str] = []
    for o in outcomes:  # one pass gathers what every cap reads
        if o.breach:
            breaches.append(o.rule.id)
        if o.below_target_on_evidence:
            below.append(o.rule.id)
            if not o.answered:
                unanswered.append(o.rule.id)
        if o.unmet:
            unmet.append(o.rule.id)
    reached = [b for b in bands if result.evidenced >= b.min_score - _EPSILON]
    uncapped = reached[-1] if reached else bands[0]
    rank = {b.id: i for i, b in enumerate(bands)}
    held_by = {model.CapCondition.CRITICAL_GAP: below, model.CapCondition.CRITICAL_UNMET: unmet,
               model.CapCondition.ABSOLUTE_BREACH: breaches}
    holding = []
    for cap in caps:
        if cap.max_rating not in rank:
            continue
        lowers = rank[cap.max_rating] < rank[uncapped.id]
        if not lowers and cap.when is not model.CapCondition.ABSOLUTE_BREACH \
                and not (withheld and rank[cap.max_rating] == 0):
            continue
        rules = weaknesses if cap.when is model.CapCondition.CRITICAL_WEAKNESS else held_by[cap.when]
        if rules:
            holding.append((cap, tuple(sorted(rules)), lowers))
    lowering = [rank[cap.max_rating] for cap, _, lowers in holding if lowers]
    lowest = min(lowering) if lowering else None
    holding.sort(key=lambda held: (rank[held[0].max_rating], held[0].when is not model.CapCondition.ABSOLUTE_BREACH,
                                   held[0].id))
    holds = []
    named: set[str] = set()
    for cap, rules, lowers in holding:  # each rule once, under the lowest cap it holds
        if cap.when is not model.CapCondition.CRITICAL_WEAKNESS:
            rules = tuple(r for r in rules if r not in named)
            named.update(rules)
        if rules:
            holds.append((cap, rules, lowers and rank[cap.max_rating] == lowest))
    return Rating(bands[lowest] if lowest is not None else uncapped, uncapped, tuple(holds),
                  tuple(sorted(breaches)), tuple(sorted(set(unanswered) & named)))
