"""The gap report: what an evaluation found, as frozen records ready to render."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from brecha.model import Confidence, LegalForce, Text

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "Actor",
    "Basis",
    "DocumentRef",
    "Gap",
    "GapReport",
    "GapStatus",
    "NotApplicable",
    "Notice",
    "ProvisionRef",
    "Score",
    "ScoreLine",
    "SourceRef",
    "Unanswered",
    "Unevidenced",
    "WeaknessFinding",
]

REPORT_SCHEMA_VERSION = 1


class GapStatus(StrEnum):
    """Why a rule is a gap."""

    BELOW_TARGET = "below-target"  # answered below the rule's target
    NO_INFORMATION = "no-information"  # unanswered (a critical gap when the rule is critical)


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """Weighted scores in [0, 100] (``None`` when no rule counts)."""

    claimed: float | None
    evidenced: float | None
    weight: float
    rules: int
    answered: int
    not_applicable: int
    unanswered: int
    gaps: int
    critical_gaps: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreLine:
    """One row of a breakdown (a standard, a phase, a responsible institution...)."""

    id: str
    label: Text
    score: Score


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRef:
    """A cited source, as shown in reports."""

    id: str
    title: str
    publisher: str | None
    date: str | None
    address: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """An institution type or actor category named in a report."""

    id: str
    name: Text


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """An applicable rule whose answer is below its target (or missing, when critical)."""

    rule_id: str
    ruleset_id: str
    title: Text
    phase: str
    phase_title: Text
    criticality: str
    criticality_label: Text
    weight: float
    critical: bool
    status: GapStatus
    answer: str | None
    answer_label: Text | None
    target: str
    target_label: Text
    claimed: float
    evidenced: float
    target_score: float
    priority: float
    responsible: tuple[Actor, ...]
    action: Text
    provisions: tuple[ProvisionRef, ...]
    notes: str | None
    basis: Basis | None = None  # None when the rule set declares no basis


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Unanswered:
    """An applicable rule with no answer: it counts as 0 in the score."""

    rule_id: str
    title: Text
    phase: str
    critical: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Unevidenced:
    """A claim at a level that needs evidence, given without any."""

    rule_id: str
    title: Text
    answer: str
    answer_label: Text
    required_from: str
    claimed: float
    evidenced: float


@dataclass(frozen=True, slots=True, kw_only=True)
class NotApplicable:
    """A rule answered not_applicable, with its justification."""

    rule_id: str
    title: Text
    justification: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """Something the reader should know about how the report was computed."""

    code: str
    message: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRef:
    """A rule set or standard used, with its version and content fingerprint."""

    id: str
    title: Text
    version: str | None
    answered_with: str | None
    fingerprint: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GapReport:
    """The evaluation of one self-assessment."""

    institution_type: Actor
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
    overall: Score
    rating: str | None
    rating_label: Text | None
    rating_capped: bool
    bands: tuple[tuple[str, Text, float], ...]
    by_ruleset: tuple[ScoreLine, ...]
    by_standard: tuple[ScoreLine, ...]
    by_phase: tuple[ScoreLine, ...]
    by_institution: tuple[ScoreLine, ...]
    gaps: tuple[Gap, ...]
    weaknesses: tuple[WeaknessFinding, ...]
    unanswered: tuple[Unanswered, ...]
    unevidenced: tuple[Unevidenced, ...]
    not_applicable: tuple[NotApplicable, ...]
    sources: tuple[SourceRef, ...]
    notices: tuple[Notice, ...]

    @property
    def critical_gaps(self) -> tuple[Gap, ...]:
        """Gaps on critical rules (they keep the rating out of the top band)."""
        return tuple(g for g in self.gaps if g.critical)

    def gaps_by_responsible(self) -> tuple[tuple[Actor, tuple[Gap, ...]], ...]:
        """Gaps grouped by each responsible institution, the largest total priority first."""
        groups: dict[str, list[Gap]] = {}
        actors: dict[str, Actor] = {}
        for gap in self.gaps:
            for actor in gap.responsible:
                groups.setdefault(actor.id, []).append(gap)
                actors[actor.id] = actor
        order = sorted(groups, key=lambda a: (-sum(g.priority for g in groups[a]), a))
        return tuple((actors[a], tuple(groups[a])) for a in order)
