"""The gap report: what an evaluation found, as frozen records ready to render."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum

from brecha.frozen import record
from brecha.i18n import tr
from brecha.model import Confidence, InstitutionKey, LegalForce, Text, institution_key

__all__ = [
    "FIX_FIRST",
    "NOT_KNOWN",
    "REPORT_SCHEMA_VERSION",
    "Actor",
    "Band",
    "Basis",
    "Brief",
    "CapDetail",
    "CapHold",
    "Coordination",
    "DocumentRef",
    "EvidenceItem",
    "EvidenceLine",
    "Gap",
    "GapBrief",
    "GapReport",
    "GapStatus",
    "Headline",
    "HeadlineReason",
    "NotApplicable",
    "Notice",
    "ProvisionRef",
    "RuleSetResult",
    "Score",
    "ScoreLine",
    "SourceRef",
    "Unanswered",
    "WeaknessFinding",
    "Withheld",
    "breach_line",
    "duties_in_law",
    "in_law",
    "urgency",
]

#: Version 2: one result per rule set (own bands and caps), the headline rule set, evidence
#: gaps, fix-first actions, who else must act, coordination, loud notices. Version 3: a
#: critical duty answered not_applicable without confirmation holds the caps as an unanswered
#: one and makes the rating provisional (``provisional`` per result, ``confirmed_by`` per
#: not-applicable answer). Version 4: every admitted breach of an absolute duty is named whatever
#: the ratings (``absolute_breaches``, each result's ``breaches``; an absolute-breach cap listed
#: even where it lowers nothing, each rule under the lowest cap it holds only). Version 5: a rating
#: computed over too few duties is withheld: when more of a rule set's own duties than its
#: ``not_applicable_share`` are answered not_applicable without outside confirmation, the result's
#: ``rating`` is null and ``withheld`` says why (required there). Version 6: each result names the
#: not-applicable answers its rating waits on (``awaiting_confirmation``), so no count of a withheld
#: or provisional rating reads "0 gaps, 0 unanswered". Version 7: a critical duty answered
#: not_applicable without outside confirmation counts as an unanswered critical duty everywhere (at 0
#: in the score, a gap of status ``awaiting-confirmation``, each score's ``awaiting``), so declaring
#: "not applicable" never reads better than leaving it blank. Version 8: each stage and standard
#: line says whether its score is withheld (``withheld``): where its rule set's rating is withheld
#: (a standard's line: any rating of the report), ``claimed`` and ``evidenced`` are null, the counts
#: kept, so no reader shows a score over the few duties answered (100 for a stage resting on one).
#: Version 9: a withheld rating is given as the lowest band wherever answers alone hold it there
#: (a critical duty answered at the bottom of its scale too, not only an admitted absolute
#: breach), and ``withheld.fixed_by`` names those duties; a rated withheld result is no longer
#: proof of a breach. Versions 1 to 8 are still described by report.schema.json.
REPORT_SCHEMA_VERSION = 9

#: How many actions the report opens with.
FIX_FIRST = 5


def urgency(gap: Gap) -> tuple[bool, bool, bool, float, str]:
    """How gaps are ordered: admitted breaches of absolute duties first, then what is known
    before what is not (an unanswered duty is asked first, not fixed first), critical first,
    then the highest priority, then by rule ID."""
    return (not gap.absolute, gap.status in NOT_KNOWN, not gap.critical, -gap.priority, gap.rule_id)


class GapStatus(StrEnum):
    """Why a rule is a gap."""

    BELOW_TARGET = "below-target"  # answered below the rule's target
    NO_INFORMATION = "no-information"  # unanswered (a critical gap when the rule is critical)
    UNSUPPORTED = "unsupported"  # an evidence gap: the answer reaches the target, the evidence does not
    #: A critical rule answered not_applicable that nobody outside the assessing team confirmed:
    #: it counts as an unanswered critical duty until it is confirmed (then it leaves the score).
    AWAITING_CONFIRMATION = "awaiting-confirmation"


#: The gaps whose practice is not known: unanswered, or declared not applicable and unconfirmed.
NOT_KNOWN = frozenset({GapStatus.NO_INFORMATION, GapStatus.AWAITING_CONFIRMATION})


class HeadlineReason(StrEnum):
    """Why the headline rating is the one of its rule set."""

    NATIONAL = "national"  # the rule set of the institution's own country
    REGIONAL = "regional"  # no national rule set of that country was used; the first regional one
    FIRST = "first"  # neither: the first rule set the assessment lists


@record(kw_only=True)
class Score:
    """Weighted scores in [0, 100] (``None`` when no rule counts), with counts.

    ``gaps`` counts answers below target and unanswered critical rules; ``evidence_gaps``
    counts answers that reach their target as stated but not on the evidence given.
    ``awaiting`` counts the critical rules answered not_applicable that nobody outside the
    assessing team has confirmed: each counts as an unanswered critical duty (at 0 in the
    score, among ``gaps`` and ``critical_gaps``), neither ``answered`` nor ``unanswered``,
    and among ``not_applicable`` as answered.
    """

    claimed: float | None
    evidenced: float | None
    weight: float
    rules: int
    answered: int
    not_applicable: int
    unanswered: int
    gaps: int
    critical_gaps: int
    evidence_gaps: int
    critical_evidence_gaps: int
    awaiting: int = 0

    @property
    def scored(self) -> int:
        """How many duties the score is over: the answered, the unanswered and the critical ones
        declared not applicable awaiting confirmation (at 0); other not-applicable ones leave it."""
        return self.answered + self.unanswered + self.awaiting

    @property
    def total_gaps(self) -> int:
        """Every gap, evidence gaps included: the one count the reports show (§4a: an
        unsupported claim is a gap, so no count reads 0 while the evidenced score falls short)."""
        return self.gaps + self.evidence_gaps

    @property
    def total_critical_gaps(self) -> int:
        """Every critical gap, critical evidence gaps included (see :attr:`total_gaps`)."""
        return self.critical_gaps + self.critical_evidence_gaps


@record(kw_only=True)
class ScoreLine:
    """One row of a breakdown (a standard, a phase...)."""

    id: str
    label: Text
    score: Score


@record(kw_only=True)
class SourceRef:
    """A cited source, as shown in reports."""

    id: str
    title: str
    publisher: str | None
    date: str | None
    address: str | None


@record(kw_only=True)
class ProvisionRef:
    """A provision behind a rule: what it says, where, and how well it is known."""

    id: str
    standard_id: str
    standard_title: Text
    legal_force: LegalForce
    title: Text
    locator: str | None
    locator_verified: bool
    confidence: Confidence
    sources: tuple[str, ...]
    verified_in: Text | None = None  # where it was verified, when not in the official text (see model.Provision)


@record(kw_only=True)
class Actor:
    """An institution type or actor category named in a report."""

    id: str
    name: Text


@record(kw_only=True)
class Basis:
    """How well a rule is grounded: in its rule set's home instrument and in its legal basis."""

    home_standard: str
    home_title: Text
    home: Confidence | None  # best confidence among the rule's home-instrument provisions; None: cites none
    legal_standards: tuple[str, ...]
    legal: Confidence | None  # best confidence among its legal-basis provisions; None: cites none
    legal_provisions: tuple[str, ...]  # the legal-basis provisions at that best confidence
    verified: bool
    weak: bool


@record(kw_only=True)
class Gap:
    """An own duty short of its target: below it as answered, unanswered, or (an evidence
    gap) reaching it only as stated, not on the evidence given."""

    rule_id: str
    ruleset_id: str
    title: Text
    phase: str
    phase_title: Text
    criticality: str
    criticality_label: Text
    weight: float
    critical: bool  # a critical rule whose counted level is below target (or unanswered)
    status: GapStatus
    answer: str | None
    answer_label: Text | None
    counted: str | None  # the level counted for want of evidence, when lower than the answer
    counted_label: Text | None
    target: str
    target_label: Text
    claimed: float
    evidenced: float
    target_score: float
    priority: float  # weight x (target credit - counted credit)
    # Who else must act: the other institutions the rule holds responsible, the other side of its
    # hand-offs, its counterparts. Empty for an evidence gap: the evidence is the institution's own.
    also: tuple[Actor, ...]
    action: Text
    evidence_needed: Text | None
    provisions: tuple[ProvisionRef, ...]
    notes: str | None
    basis: Basis | None = None  # None when the rule set declares no basis
    absolute: bool = False  # an admitted breach of a duty without exception (the rule is marked absolute)
    duty: str  # the duty it is of: its rule's ID, or one ID shared by rules declared the same duty
    # (equivalent_to) in other rule sets, so such a duty counts once where rule sets are counted together
    #: The other gaps of this report that are the same duty (rules declared equivalent, in other
    #: rule sets): fix-first lists the duty once, naming them; who else must act is one list for all.
    same_duty: tuple[str, ...] = ()
    #: Each institution the rule asks holds the duty for its own cases (``Rule.held_separately``):
    #: ``also`` names only its partners, and an empty ``also`` is not "nobody else holds it".
    held_separately: bool = False


@record(kw_only=True)
class WeaknessFinding:
    """A weakness pattern whose condition holds for the answers given."""

    id: str
    title: Text
    description: Text
    criticality: str
    criticality_label: Text
    recommendation: Text
    responsible: tuple[Actor, ...]
    triggered_by: tuple[str, ...]
    provisions: tuple[ProvisionRef, ...]
    sources: tuple[str, ...]


@record(kw_only=True)
class Unanswered:
    """An own duty with no answer: it counts as 0 in the score."""

    rule_id: str
    title: Text
    phase: str
    critical: bool


@record(kw_only=True)
class NotApplicable:
    """A rule answered not_applicable, with its justification."""

    rule_id: str
    title: Text
    justification: str
    critical: bool
    confirmed_by: str | None = None  # who confirmed it does not apply (None: nobody yet)
    provisional: bool = False  # critical and not confirmed: it holds the rating as an unanswered duty


@record(kw_only=True)
class Notice:
    """Something the reader should know about how the report was computed (loud: a warning)."""

    code: str
    message: Text
    loud: bool = False


@record(kw_only=True)
class DocumentRef:
    """A rule set or standard used, with its version and content fingerprint."""

    id: str
    title: Text
    version: str | None
    answered_with: str | None
    fingerprint: str


@record(kw_only=True)
class Band:
    """A rating band of a rule set."""

    id: str
    label: Text
    min_score: float


@record(kw_only=True)
class CapDetail:
    """Why one rule (or weakness pattern) holds a cap, in plain words: what an absolute duty's
    answer admits and the law that forbids it, a weakness pattern's title, a critical rule
    marked not applicable without confirmation."""

    id: str
    text: Text
    cite: Text | None = None  # where the law says it (an absolute duty), shown after the text
    unanswered: bool = False  # a critical rule that holds the cap for want of any answer (text: "unanswered")
    duty: str | None = None  # an absolute duty's breach: the duty it is of (Gap.duty: rules declared the same duty share it)
    #: An absolute duty's breach: a provision that makes the duty absolute is binding law (a statute
    #: or a regulation). False: the duty rests on an interpretation (the joint general comments), so
    #: a case is against a duty that admits no exception, not a violation of the law.
    binding_law: bool = False


def breach_line(same: Sequence[tuple[str, CapDetail]], lang: str, show: Callable[[Text | None], str], *,
                full: bool = True) -> str:
    """One duty's line in a list of admitted breaches (:attr:`GapReport.breaches_by_duty`):
    ``A (ruta-mx) — what it admits (law)``; the rules of a duty two rule sets ask named together,
    worded by the first (the headline rule set's), with both rules' law. Not ``full``, the law
    only: ``A (ruta-mx): law``. ``show`` gives a text in ``lang`` (escaped as its format needs)."""
    names = [f"{detail.id} ({ruleset})" for ruleset, detail in same]
    named = names[0] if len(names) == 1 else tr("rules.joined", lang, first=", ".join(names[:-1]), last=names[-1])
    cite = "; ".join(dict.fromkeys(show(detail.cite) for _, detail in same if detail.cite))
    if not full:
        return named + (f": {cite}" if cite else "")
    return f"{named} — {show(same[0][1].text)}" + (f" ({cite})" if cite else "")


def duties_in_law(breaches: Iterable[CapDetail]) -> dict[str, bool]:
    """For each duty of ``breaches`` (``CapDetail.duty``, else the rule), whether law binding the
    institution makes it absolute: a duty two rule sets ask is in law when either rule rests on
    such law, as a Mexican institution's breach of the regional return duty is also one of
    LGDNNA art. 97."""
    duties: dict[str, bool] = {}
    for b in breaches:
        key = b.duty or b.id
        duties[key] = duties.get(key, False) or b.binding_law
    return duties


def in_law(breaches: Iterable[CapDetail]) -> bool:
    """Whether binding law makes every duty of ``breaches`` absolute (:func:`duties_in_law`)."""
    return all(duties_in_law(breaches).values())


@record(kw_only=True)
class CapHold:
    """A rating cap whose condition holds, and the rules (or weakness patterns) that hold it."""

    id: str
    when: str
    max_rating: str
    max_rating_label: Text
    reason: Text
    rules: tuple[str, ...]  # each rule is named under the lowest cap it holds, and there only
    #: The cap sets the rating below the band the score reached (the lowest that lowers it).
    #: False: it also holds (an absolute breach is always listed), but the score alone or a
    #: lower cap already puts the rating at or below its limit.
    binding: bool
    details: tuple[CapDetail, ...] = ()  # per rule that needs it: why it holds the cap


@record(kw_only=True)
class Withheld:
    """Why a rule set's rating is not given: more of the institution's own duties in it were
    answered not_applicable, with nobody outside the assessing team confirming it (``confirmed_by``),
    than the rule set's ``not_applicable_share`` admits (counting those that leave the score: a
    critical one stays in it at 0, as an unanswered critical duty, so it leaves no gap in what the
    score covers; ``not_applicable`` counts every unconfirmed one, critical ones too). A score over the few duties left is not
    rated as if it had been earned; it is still shown, with how many duties it is over."""

    not_applicable: int  # own duties answered not_applicable and not confirmed from outside
    rules: int  # own duties of the rule set
    share: float  # the rule set's not_applicable_share
    #: How many duties the score is over (:attr:`Score.scored`): not_applicable ones leave it,
    #: except the critical ones awaiting confirmation, which count in it at 0 as unanswered ones.
    scored: int


@record(kw_only=True)
class RuleSetResult:
    """One rule set's judgment of the institution's own duties: score, rating, caps, stages."""

    id: str
    title: Text
    jurisdiction: str | None
    headline: bool
    score: Score
    rating: str | None
    rating_label: Text | None
    uncapped: str | None  # the band the evidenced score reaches before caps (None when the rating is withheld)
    uncapped_label: Text | None
    caps: tuple[CapHold, ...]  # the caps that lower the rating, and an absolute-breach cap whenever it holds
    bands: tuple[Band, ...]
    by_phase: tuple[ScoreLine, ...]
    #: The critical duties answered not_applicable that nobody has confirmed (``confirmed_by``):
    #: while there is one, the rating is provisional. Each counts as an unanswered critical duty,
    #: in the score at 0 and for the caps. Empty when the rating is withheld (:attr:`awaiting` then
    #: names them with the others).
    provisional: tuple[str, ...] = ()
    #: The rating once they are confirmed (they then leave the score and the caps); None when not
    #: provisional.
    if_confirmed: str | None = None
    if_confirmed_label: Text | None = None
    #: Every admitted breach of an absolute duty in this rule set (a rule marked absolute answered
    #: below its top), with what it admits and the law that forbids it, whatever the rating.
    breaches: tuple[CapDetail, ...] = ()
    #: Not None: the rating is withheld (``rating`` is None) for want of coverage: too many own
    #: duties declared not applicable without outside confirmation (see :class:`Withheld`); except
    #: where answers alone hold it at the lowest band whatever the other answers (an admitted
    #: breach of an absolute duty, a critical duty answered at the bottom of its scale): ``rating``
    #: is then that band (:attr:`fixed`), and :attr:`fixed_by` names those duties.
    withheld: Withheld | None = None
    #: The duties whose answers alone fix a withheld rating at the lowest band, breaches first
    #: (empty unless :attr:`fixed`).
    fixed_by: tuple[str, ...] = ()
    #: The own duties answered not_applicable whose outside confirmation (``confirmed_by``) the
    #: rating waits on, critical ones first: when it is withheld, every unconfirmed one (those
    #: that leave the score are what withholds it); else the provisional ones. Empty when the rating waits on none. The one
    #: count of "not applicable, to be confirmed" every format shows beside its gaps.
    awaiting: tuple[str, ...] = ()

    @property
    def capped(self) -> bool:
        """Whether a cap holds the rating below the band the score reaches (never for a withheld rating)."""
        return self.withheld is None and self.rating != self.uncapped

    @property
    def fixed(self) -> bool:
        """A withheld rating that is given all the same: answers alone hold it at the lowest band
        (:attr:`fixed_by`), which no answer to the duties declared not applicable can lift
        (``rating`` is that band; ``withheld`` still says the coverage is insufficient)."""
        return self.withheld is not None and self.rating is not None

    @property
    def fixed_by_breach(self) -> bool:
        """:attr:`fixed`, and an admitted breach of an absolute duty among what fixes it: it is
        worded as the breach (else as a critical duty unmet)."""
        return self.fixed and any(b.id in self.fixed_by for b in self.breaches)

    @property
    def held_at(self) -> str | None:
        """The band the caps hold the rating at, when one lowers it below the score's band (None
        otherwise): for a withheld rating, the most it could be whatever the duties not yet
        answered give, where a summary sorts it."""
        return next((c.max_rating for c in self.caps if c.binding), None)

    @property
    def held_at_label(self) -> Text | None:
        """The label of :attr:`held_at` (None when no cap lowers the rating)."""
        return next((c.max_rating_label for c in self.caps if c.binding), None)

    @property
    def at_most_label(self) -> Text | None:
        """What a withheld rating's caps already hold it at, said beside «not rated» ("at most …"):
        the label of :attr:`held_at`, never the lowest band. At most the lowest band is that band:
        where answers alone hold it there the rating is given (:attr:`fixed`); where only duties
        unanswered or declared not applicable hold it, answering them could lift it, and there is
        no bound to state. None when rated, or when no cap holds it above the lowest band."""
        if self.withheld is None or self.fixed or not self.bands or self.held_at == self.bands[0].id:
            return None
        return self.held_at_label


@record(kw_only=True)
class Headline:
    """Which rule set's rating heads the report, and why."""

    ruleset_id: str
    reason: HeadlineReason
    country: str | None


@record(kw_only=True)
class Coordination:
    """Another institution that must act on some of the gaps (never scored from these answers)."""

    actor: Actor
    rules: tuple[str, ...]
    critical: int


_NO_SCORE = Score(claimed=None, evidenced=None, weight=0, rules=0, answered=0, not_applicable=0, unanswered=0,
                  gaps=0, critical_gaps=0, evidence_gaps=0, critical_evidence_gaps=0)



@record(kw_only=True)
class EvidenceItem:
    """One piece of evidence as given, and whether it was too old to count."""

    title: str
    date: str | None
    link: str | None
    file: str | None
    verified_by: str | None
    stale: bool


@record(kw_only=True)
class EvidenceLine:
    """The evidence given for one rule."""

    rule_id: str
    title: Text
    items: tuple[EvidenceItem, ...]


class _Institutional:
    """Which institution a report or a brief is of."""

    __slots__ = ()
    institution_type: Actor
    institution_level: Actor
    institution_name: str
    jurisdiction: str | None

    @property
    def institution_key(self) -> InstitutionKey:
        """Which institution this is: :func:`brecha.model.institution_key`, the one definition."""
        return institution_key(self.institution_type.id, self.institution_level.id, self.institution_name,
                               self.jurisdiction)


class _Headlined:
    """The headline figures of anything that holds each rule set's result (a report, a brief)."""

    __slots__ = ()
    results: tuple[RuleSetResult, ...]

    @property
    def headline_result(self) -> RuleSetResult | None:
        """The result of the headline rule set."""
        return next((r for r in self.results if r.headline), None)

    @property
    def overall(self) -> Score:
        """The headline rule set's score."""
        result = self.headline_result
        return result.score if result else _NO_SCORE

    @property
    def rating(self) -> str | None:
        """The headline rating (after caps)."""
        result = self.headline_result
        return result.rating if result else None

    @property
    def rating_label(self) -> Text | None:
        """The headline rating's label."""
        result = self.headline_result
        return result.rating_label if result else None

    @property
    def by_phase(self) -> tuple[ScoreLine, ...]:
        """Every rule set's stages, rule set by rule set."""
        return tuple(line for r in self.results for line in r.by_phase)

    @property
    def breaches(self) -> tuple[tuple[str, CapDetail], ...]:
        """Every admitted breach of an absolute duty, in every rule set (rule set, breach), the
        headline rule set's first: what the headline of every format names, whatever the ratings."""
        return tuple((r.id, b) for r in sorted(self.results, key=lambda r: not r.headline) for b in r.breaches)

    @property
    def breaches_by_duty(self) -> tuple[tuple[tuple[str, CapDetail], ...], ...]:
        """:attr:`breaches` a duty at a time: the rules of one duty two rule sets ask together, the
        headline rule set's first (what a list of breaches shows a line for, as its heading counts)."""
        duties: dict[str, list[tuple[str, CapDetail]]] = {}
        for ruleset, detail in self.breaches:
            duties.setdefault(detail.duty or detail.id, []).append((ruleset, detail))
        return tuple(tuple(same) for same in duties.values())

    @property
    def breached(self) -> tuple[str, ...]:
        """The rules of :attr:`breaches` (each once)."""
        return tuple(dict.fromkeys(b.id for r in self.results for b in r.breaches))

    @property
    def breaches_in_law(self) -> bool:
        """Whether every duty admitted breached is one that binding law makes absolute (see
        :func:`in_law`): only then may a heading say that each admitted case violates the law."""
        return in_law(b for _, b in self.breaches)

    @property
    def breaches_partly_in_law(self) -> bool:
        """Whether law binding the institution makes some duty admitted breached absolute but not
        every one (a Guatemalan authority's non-refoulement duty rests on the American Convention,
        its return duty on the UN Committees' reading alone): a heading then says each case
        violates the law except where marked, and marks the others (:meth:`duty_in_law`)."""
        found = duties_in_law(b for _, b in self.breaches).values()
        return any(found) and not all(found)

    @staticmethod
    def duty_in_law(same: Sequence[tuple[str, CapDetail]]) -> bool:
        """Whether the duty of one line of :attr:`breaches_by_duty` is one law makes absolute."""
        return any(detail.binding_law for _, detail in same)

    @property
    def breached_duties(self) -> int:
        """How many duties :attr:`breaches` are of: rules of two rule sets declared the same duty
        (``equivalent_to``) count once, as every count of duties does."""
        return len({b.duty or b.id for r in self.results for b in r.breaches})


@record(kw_only=True)
class GapReport(_Headlined, _Institutional):
    """The evaluation of one self-assessment: the institution's own duties, per rule set."""

    institution_type: Actor
    institution_categories: tuple[Actor, ...]
    institution_level: Actor
    institution_name: str
    jurisdiction: str | None
    assessed_on: str
    round: str | None
    assessors: tuple[tuple[str, str | None], ...]
    illustrative: bool
    assessment_fingerprint: str
    rulesets: tuple[DocumentRef, ...]
    standards: tuple[DocumentRef, ...]
    headline: Headline | None
    results: tuple[RuleSetResult, ...]
    by_standard: tuple[ScoreLine, ...]
    fix_first: tuple[Gap, ...]  # the most urgent answered gaps (unanswered ones are in answer_first)
    gaps: tuple[Gap, ...]
    evidence_gaps: tuple[Gap, ...]
    weaknesses: tuple[WeaknessFinding, ...]
    unanswered: tuple[Unanswered, ...]
    not_applicable: tuple[NotApplicable, ...]
    coordination: tuple[Coordination, ...]
    sources: tuple[SourceRef, ...]
    notices: tuple[Notice, ...]
    evidence: tuple[EvidenceLine, ...] = ()
    """The evidence given, rule by rule, with the items too old to count marked."""
    answer_first: tuple[Gap, ...] = ()
    """Critical duties with no answer: to answer before anything else is judged (by rule ID)."""

    @property
    def awaiting_confirmation(self) -> tuple[NotApplicable, ...]:
        """The not-applicable answers the ratings wait on (:attr:`RuleSetResult.awaiting`), over
        every rule set, critical ones first, then the headline rule set's, then as answered."""
        waiting = {rule for r in self.results for rule in r.awaiting}
        if not waiting:
            return ()
        first = {rule: n for n, rule in enumerate(
            rule for r in sorted(self.results, key=lambda r: not r.headline) for rule in r.awaiting)}
        return tuple(sorted((n for n in self.not_applicable if n.rule_id in waiting),
                            key=lambda n: (not n.critical, first[n.rule_id])))

    @property
    def all_gaps(self) -> tuple[Gap, ...]:
        """Every gap, evidence gaps included, the most urgent first: what every list and
        count of gaps shows (``gaps`` alone holds the ones in stated practice)."""
        return tuple(sorted((*self.gaps, *self.evidence_gaps), key=urgency))

    @property
    def critical_gaps(self) -> tuple[Gap, ...]:
        """Critical gaps, critical evidence gaps included (they cap the rating), most urgent first."""
        return tuple(g for g in self.all_gaps if g.critical)

    @property
    def critical_duties(self) -> int:
        """How many duties are critical gaps over every rule set (evidence gaps included): a duty
        two rule sets ask (rules declared ``equivalent_to``) counts once."""
        return len({g.duty for g in (*self.gaps, *self.evidence_gaps) if g.critical})


@record(kw_only=True)
class GapBrief:
    """What a summary keeps of a gap (evidence gaps included): the rule, its title, whether it
    is critical, and its duty (:attr:`Gap.duty`)."""

    rule_id: str
    title: Text
    critical: bool
    duty: str


@record(kw_only=True)
class Brief(_Headlined, _Institutional):
    """What a summary keeps of one gap report; the rest (provisions, evidence, findings...) is
    dropped as soon as the report is made, so a summary of thousands holds no full report.

    Its fields and properties are the :class:`GapReport`'s of the same names (``gaps`` holds the
    report's ``all_gaps``: evidence gaps included); it is made by
    ``evaluation.evaluate_brief`` (or :meth:`of` a report), and is what ``summary`` keeps.
    """

    institution_type: Actor
    institution_level: Actor
    institution_name: str
    jurisdiction: str | None
    assessed_on: str
    round: str | None
    rulesets: tuple[DocumentRef, ...]
    results: tuple[RuleSetResult, ...]
    gaps: tuple[GapBrief, ...]  # every gap, evidence gaps included (the report's all_gaps), most urgent first

    @classmethod
    def of(cls, report: GapReport) -> Brief:
        """The brief of a report."""
        return cls(institution_type=report.institution_type, institution_level=report.institution_level,
                   institution_name=report.institution_name, jurisdiction=report.jurisdiction,
                   assessed_on=report.assessed_on, round=report.round, rulesets=report.rulesets,
                   results=report.results,
                   gaps=tuple(GapBrief(rule_id=g.rule_id, title=g.title, critical=g.critical, duty=g.duty)
                              for g in report.all_gaps))

    @property
    def critical_gaps(self) -> tuple[GapBrief, ...]:
        """As :attr:`GapReport.critical_gaps` (critical evidence gaps included)."""
        return tuple(g for g in self.gaps if g.critical)

    @property
    def critical_duties(self) -> int:
        """As :attr:`GapReport.critical_duties`: what a summary's "!" counts."""
        return len({g.duty for g in self.gaps if g.critical})


