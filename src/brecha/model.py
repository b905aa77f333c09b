"""Frozen records of the domain: standards, registry, rule sets, assessments. No I/O."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import field
from enum import StrEnum
from unicodedata import category, normalize

from brecha.conditions import Condition
from brecha.errors import Location
from brecha.frozen import record

__all__ = [
    "BINDING_FORCES",
    "COUNTRIES",
    "NOT_APPLICABLE",
    "Absolute",
    "ActionPlan",
    "ActionStatus",
    "ActorCategory",
    "Answer",
    "Applicability",
    "Assessment",
    "Binding",
    "CapCondition",
    "Confidence",
    "Criticality",
    "Deprecation",
    "Evidence",
    "Handoff",
    "HandoffSide",
    "InstitutionKey",
    "InstitutionProfile",
    "InstitutionType",
    "LegalForce",
    "Level",
    "Library",
    "Phase",
    "PlannedAction",
    "Provision",
    "RatingBand",
    "RatingCap",
    "RoundOf",
    "RoundStatus",
    "Rounds",
    "Rule",
    "RuleSet",
    "RuleSetBasis",
    "RuleSetRef",
    "Scale",
    "ScaleLevel",
    "Source",
    "Standard",
    "Text",
    "Weakness",
    "applies",
    "equivalent_pairs",
    "fold",
    "holds_duty",
    "institution_key",
    "is_blank",
    "is_empty_justification",
    "level_id",
    "never_not_applicable",
    "own_actors",
    "phase_order",
    "self_confirmed",
    "sort_rounds",
]

#: The answer value that takes a rule out of the score (needs a justification).
NOT_APPLICABLE = "not_applicable"
LANGUAGES = ("es", "en")


def is_blank(text: str) -> bool:
    """Whether a text says nothing: no letter and no digit (only spaces, punctuation, symbols).

    A justification, an evidence item or a note that is blank is invalid: it would take a
    rule out of the score, or back a claim, without saying anything.
    """
    if text[:1].isalpha():  # a letter (category L): the usual case, decided at once
        return False
    return not any(category(char)[0] in "LN" for char in text)


#: Justifications that only restate "not applicable" (letters and digits only, accents
#: and case folded): they say nothing of why, so they are refused like a blank one.
_RESTATED_NA = frozenset({"na", "nap", "noaplica", "noaplicable", "noaplican", "nocorresponde", "noprocede",
                          "notapplicable", "notrelevant", "noderelevancia", "ninguno", "ninguna", "none", "nada"})


def is_empty_justification(text: str) -> bool:
    """Whether a not_applicable justification says nothing of why: blank, only "no aplica",
    "N/A", "no corresponde" (or the like) restated, or a token of one to three letters or digits."""
    if is_blank(text):
        return True
    folded = "".join(c for c in normalize("NFKD", text.casefold()) if category(c)[0] in "LN")
    return len(folded) <= 3 or folded in _RESTATED_NA


@record
class Text:
    """A translatable text; either language may be missing (a lint warning)."""

    es: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        """The text in ``lang``, else in the other language."""
        return self.pick(lang)[0]

    def pick(self, lang: str) -> tuple[str, bool]:
        """The text in ``lang`` and whether it fell back to the other language."""
        wanted = self.es if lang == "es" else self.en
        if wanted is not None:
            return wanted, False
        other = self.en if lang == "es" else self.es
        return other or "", True

    def missing(self) -> tuple[str, ...]:
        """Languages this text lacks."""
        if self.es is not None and self.en is not None:
            return ()  # the common case, asked of every text by lint: without a generator
        return tuple(lang for lang in LANGUAGES if getattr(self, lang) is None)


class Confidence(StrEnum):
    """How well a provision is known, from best to weakest."""

    VERIFIED = "verified"
    OFFICIAL_SUMMARY = "official-summary"
    SECONDARY = "secondary"
    RECONSTRUCTED = "reconstructed"
    INFERRED = "inferred"


class LegalForce(StrEnum):
    """How a standard binds, from law to interpretation."""

    BINDING_LAW = "binding-law"
    BINDING_REGULATION = "binding-regulation"
    POLICY = "policy"
    GUIDELINE = "guideline"
    INTERPRETATION = "interpretation"


@record(kw_only=True)
class Source:
    """A document that content cites."""

    id: str
    title: str
    type: str
    publisher: str | None = None
    date: str | None = None
    address: str | None = None
    note: Text | None = None
    location: Location


@record(kw_only=True)
class Provision:
    """One node of a standard: a stage, an article, an obligation..."""

    id: str
    standard_id: str
    parent_id: str | None
    type: str | None
    title: Text
    text: Text | None
    locator: str | None
    locator_verified: bool
    confidence: Confidence
    sources: tuple[str, ...]
    note: Text | None
    checkable: bool
    not_checkable_reason: Text | None
    children: tuple[str, ...]
    location: Location
    #: Where a provision marked verified was read, when not in the official text itself (an
    #: official body's reproduction): reports say "verified in" it instead of "in the official text".
    verified_in: Text | None = None


#: The ISO 3166-1 alpha-2 country codes (249, as officially assigned): what a treaty's ``binds``
#: may name. Taken from the ISO 3166-1 table as the pycountry package (26.2.16) ships it.
_ISO_3166_1 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRIES = frozenset(_ISO_3166_1.split())


#: The legal forces that make a provision law where it binds: a statute or treaty, or a regulation.
#: The others (a policy, a guideline, an interpretation such as the joint general comments) state
#: a duty, not law.
BINDING_FORCES = frozenset({LegalForce.BINDING_LAW, LegalForce.BINDING_REGULATION})


@record(kw_only=True)
class Binding:
    """One state a treaty binds: its ISO 3166-1 alpha-2 code, the source where its ratification
    or accession is recorded, and the date of that act."""

    country: str
    source: str
    date: str
    note: Text | None = None


@record(kw_only=True)
class Standard:
    """One source document as a tree of provisions (flattened in document order)."""

    id: str
    title: Text
    short_title: Text | None
    publisher: str
    issued: str
    legal_force: LegalForce
    jurisdiction: str
    description: Text | None
    identification: Text | None
    sources: tuple[str, ...]
    provisions: tuple[Provision, ...]
    fingerprint: str
    location: Location
    #: The states a treaty binds, each with where its ratification is recorded. Empty: a statute
    #: or regulation binds its own jurisdiction only; a policy, guideline or interpretation binds none.
    binds: tuple[Binding, ...] = ()

    def binds_in(self, jurisdiction: str | None) -> bool:
        """Whether this standard is law for an institution of ``jurisdiction`` (ISO 3166-1 or
        3166-2: ``GT``, ``MX-ROO``; None: unknown, bound by nothing). A treaty (``binds``) is law
        in the states recorded as party to it; a statute or regulation in its own jurisdiction
        (``MX`` binds ``MX-ROO``; ``MX-ROO`` binds neither ``MX`` nor ``MX-CHP``); nothing else is law."""
        if self.legal_force not in BINDING_FORCES or not jurisdiction:
            return False
        if self.binds:
            return any(b.country == jurisdiction[:2] for b in self.binds)
        return jurisdiction == self.jurisdiction or jurisdiction.startswith(self.jurisdiction + "-")


@record(kw_only=True)
class Level:
    """An order of government (federal, state, municipal)."""

    id: str
    name: Text


@record(kw_only=True)
class ActorCategory:
    """A generic actor of regional guidelines (migration authority, ...)."""

    id: str
    name: Text
    description: Text | None
    location: Location


@record(kw_only=True)
class InstitutionType:
    """A kind of institution (INM, Procuraduría de Protección, DIF...)."""

    id: str
    name: Text
    acronym: str | None
    #: None for a type that stands for an institution of whichever state the child belongs to (the
    #: child's consulate): no country's own, so it never names an actor category in a country's reports.
    country: str | None
    levels: tuple[str, ...]
    categories: tuple[str, ...]
    description: Text | None
    sources: tuple[str, ...]
    location: Location
    #: What one level of it is called where it has a name of its own (the DIF at federal level is
    #: the SNDIF): how a report names it as another institution at that level.
    level_names: Mapping[str, Text] = field(default_factory=dict)


@record(kw_only=True)
class ScaleLevel:
    """One answer on a scale, and the fraction of credit it earns."""

    value: str
    label: Text
    score: float
    description: Text | None


@record(kw_only=True)
class Scale:
    """An ordered answer scale (lowest first)."""

    id: str
    title: Text
    levels: tuple[ScaleLevel, ...]
    default_target: str

    def level(self, value: str) -> ScaleLevel | None:
        """The level with this value, if any."""
        for level in self.levels:
            if level.value == value:
                return level
        return None

    def rank(self, value: str) -> int:
        """Position of ``value`` on the scale (0 = lowest); -1 when unknown."""
        for index, level in enumerate(self.levels):
            if level.value == value:
                return index
        return -1

    @property
    def values(self) -> tuple[str, ...]:
        """All values, lowest first."""
        return tuple(level.value for level in self.levels)


@record(kw_only=True)
class Criticality:
    """How much a rule matters: its weight and whether it can be a critical gap."""

    id: str
    label: Text
    weight: float
    critical: bool


@record(kw_only=True)
class Phase:
    """A stage of the route or a phase of the migration process."""

    id: str
    title: Text
    description: Text | None


@record(kw_only=True)
class RatingBand:
    """A named score band; the rating is the highest band whose minimum is reached."""

    id: str
    label: Text
    min_score: float


class CapCondition(StrEnum):
    """When a rating cap holds (the condition is code; which caps a rule set uses is data)."""

    CRITICAL_GAP = "critical-gap"
    """A critical rule whose counted (evidenced) level is below its target, or that is not answered."""
    CRITICAL_UNMET = "critical-unmet"
    """A critical rule answered at the lowest level of its scale, or not answered."""
    ABSOLUTE_BREACH = "absolute-breach"
    """A rule marked ``absolute`` answered below the top level of its scale: an admitted breach."""
    CRITICAL_WEAKNESS = "critical-weakness"
    """A weakness pattern of a critical criticality is found."""


@record(kw_only=True)
class RatingCap:
    """A limit on the rating, whatever the score: while its condition holds, at most ``max_rating``."""

    id: str
    when: CapCondition
    max_rating: str
    reason: Text


@record(kw_only=True)
class Absolute:
    """A duty the law states without exception: any answer below the top of its scale admits a breach.

    ``provisions`` are the provisions (among those the rule implements) that make it absolute;
    ``breach`` says in plain words what such an answer admits, as the report's cap line shows it.
    """

    provisions: tuple[str, ...]
    breach: Text


@record(kw_only=True)
class Applicability:
    """Which institutions a rule asks: by type or actor category, optionally by level."""

    institution_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()


@record(kw_only=True)
class Deprecation:
    """A rule kept for old assessments but no longer asked."""

    since: str
    replaced_by: str | None
    reason: Text


@record(kw_only=True)
class Rule:
    """One checkable question about an institution's practice."""

    id: str
    ruleset_id: str
    title: Text
    question: Text
    scale: str
    criticality: str
    phase: str
    applies_to: Applicability
    responsible: tuple[str, ...]
    implements: tuple[str, ...]
    target: str
    evidence_from: str | None
    evidence_examples: Text | None
    guidance: Mapping[str, Text]
    action: Text
    aliases: tuple[str, ...]
    since: str | None
    deprecated: Deprecation | None
    location: Location
    equivalent_to: tuple[str, ...] = ()  # the same duty in other rule sets (asked once by assess)
    absolute: Absolute | None = None
    """Set when the duty admits no exception (see :class:`Absolute`)."""
    # the action worded for one institution type or actor category, where the shared one misreads
    action_for: Mapping[str, Text] = field(default_factory=dict)
    #: Institutions that hold no part of this duty but must act for it to be met: the one that
    #: receives a notice, delivers a child, places a child. Type or category IDs, or
    #: ``type@level`` for one level of a type (``dif@federal``, the SNDIF). Named under "who else
    #: must act", beside the other responsible institutions and the other side of a hand-off.
    counterparts: tuple[str, ...] = ()
    #: Each institution the rule asks holds the duty for its own cases (its own staff trained,
    #: its own protocol, the notices it sends): the others it asks are not named under "who else
    #: must act", only those it names responsible without asking them, its counterparts and the
    #: other side of its hand-offs (a municipality's training is not the INM's to act on).
    held_separately: bool = False

    def level_description(self, level: ScaleLevel) -> Text | None:
        """What ``level`` means for this rule: the rule's own words for it (``guidance``) where it
        has them, else the scale's description of the level (the same for every rule)."""
        return self.guidance.get(level.value) or level.description

    def action_of(self, own: Collection[str]) -> Text:
        """The action as an institution reads it: the wording for its type or one of its
        categories (``own``, in the rule's order) if the rule has one, else the shared action."""
        return next((text for key, text in self.action_for.items() if key in own), self.action)


@record(kw_only=True)
class Weakness:
    """A named weakness pattern, detected by a declarative condition over answers."""

    id: str
    ruleset_id: str
    title: Text
    description: Text
    when: Condition
    criticality: str
    sources: tuple[str, ...]
    provisions: tuple[str, ...]
    responsible: tuple[str, ...]
    recommendation: Text
    location: Location


@record(kw_only=True)
class HandoffSide:
    """One side of a hand-off: the institutions acting there and the rule that asks them."""

    rule: str
    institutions: tuple[str, ...]


@record(kw_only=True)
class Handoff:
    """A link of the Ruta: one institution passes the child (or a notice, a plan) to another."""

    id: str
    ruleset_id: str
    stage: str
    title: Text
    description: Text | None
    sender: HandoffSide
    receiver: HandoffSide
    location: Location


@record(kw_only=True)
class RuleSet:
    """A versioned set of rules and weakness patterns with its scoring vocabulary."""

    id: str
    version: str
    title: Text
    description: Text | None
    scales: Mapping[str, Scale]
    criticalities: Mapping[str, Criticality]
    phases: tuple[Phase, ...]
    rating_bands: tuple[RatingBand, ...]
    rules: tuple[Rule, ...]
    weaknesses: tuple[Weakness, ...]
    fingerprint: str
    location: Location
    handoffs: tuple[Handoff, ...] = ()
    basis: RuleSetBasis | None = None
    jurisdiction: str | None = None
    """The country whose institutions it is written for (None: regional)."""
    rating_caps: tuple[RatingCap, ...] = ()
    not_applicable_share: float | None = None
    """Above this share of not_applicable answers, a loud notice."""
    evidence_max_age_days: int | None = None
    """Evidence dated longer before the self-assessment than this counts as none."""


@record(kw_only=True)
class RuleSetBasis:
    """What grounds a rule set: the standard it puts into practice and its legal basis."""

    home: str
    legal: tuple[str, ...] = ()


@record(kw_only=True)
class InstitutionProfile:
    """Who is assessed."""

    type: str
    level: str
    name: str
    jurisdiction: str | None

    @property
    def key(self) -> InstitutionKey:
        """Which institution this is (:func:`institution_key`)."""
        return institution_key(self.type, self.level, self.name, self.jurisdiction)


@record(kw_only=True)
class RuleSetRef:
    """A rule set an assessment was made with."""

    id: str
    version: str


@record(kw_only=True)
class Answer:
    """One answer: a scale value (or not_applicable / None for unanswered)."""

    rule_id: str
    value: str | None
    evidence: tuple[str, ...]
    """The titles of the evidence items (what counts, and what older code reads)."""
    notes: str | None
    justification: str | None
    location: Location
    records: tuple[Evidence, ...] = ()
    """The evidence items in full: a plain string item is a record with a title only."""
    confirmed_by: str | None = None
    """Who, outside the assessing team, confirmed that a not_applicable duty does not apply
    (a person, body or document): until then a critical one holds the rating as if unanswered."""


@record(kw_only=True)
class Evidence:
    """One piece of evidence: a title, and where known its date, link or file, and who checked it."""

    title: str
    date: str | None = None
    link: str | None = None
    file: str | None = None
    verified_by: str | None = None


@record(kw_only=True)
class Assessment:
    """One institution's self-assessment on one date."""

    institution: InstitutionProfile
    assessed_on: str
    round: str | None
    assessors: tuple[tuple[str, str | None], ...]
    rulesets: tuple[RuleSetRef, ...]
    answers: Mapping[str, Answer]
    illustrative: bool
    fingerprint: str
    location: Location


@record(kw_only=True)
class Library:
    """All loaded content: standards, sources, registry and rule sets, with indexes."""

    sources: Mapping[str, Source] = field(default_factory=dict)
    standards: Mapping[str, Standard] = field(default_factory=dict)
    provisions: Mapping[str, Provision] = field(default_factory=dict)
    levels: Mapping[str, Level] = field(default_factory=dict)
    categories: Mapping[str, ActorCategory] = field(default_factory=dict)
    institution_types: Mapping[str, InstitutionType] = field(default_factory=dict)
    rulesets: Mapping[str, RuleSet] = field(default_factory=dict)
    rules: Mapping[str, Rule] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    weaknesses: Mapping[str, Weakness] = field(default_factory=dict)


def equivalent_pairs(lib: Library) -> tuple[tuple[str, str], ...]:
    """Pairs of rules declared the same duty (``equivalent_to``, either way), each once, sorted."""
    if _PAIRS and _PAIRS[0][0] is lib:  # every assessment of a summary asks, twice
        return _PAIRS[0][1]
    pairs = {tuple(sorted((rule.id, other))) for rule in lib.rules.values() for other in rule.equivalent_to
             if other in lib.rules and other != rule.id}
    found = tuple(sorted((a, b) for a, b in pairs))
    _PAIRS[:] = [(lib, found)]
    return found


#: The pairs of the latest library asked about (a library is immutable; a run has one or two).
_PAIRS: list[tuple[Library, tuple[tuple[str, str], ...]]] = []


def fold(text: str) -> str:
    """Lower case without accents or surrounding space: how a typed name is compared."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def level_id(lib: Library, typed: str) -> str | None:
    """The level a user means by ``typed``: its ID, or its name in any language (``estatal``).

    Case and accents do not matter; ``None`` when nothing matches.
    """
    if typed in lib.levels:
        return typed
    wanted = fold(typed)
    for level in lib.levels.values():
        if wanted == fold(level.id) or any(wanted == fold(name) for name in (level.name.es, level.name.en)
                                              if name):
            return level.id
    return None


def own_actors(itype: InstitutionType) -> frozenset[str]:
    """The IDs an institution of this type answers to: its type and its actor categories (one institution)."""
    return frozenset((itype.id, *itype.categories))


def phase_order(rulesets: Iterable[RuleSet]) -> dict[str, str]:
    """Every phase (stage) ID, mapped to the rule set that declares it, in the order the rule sets
    declare them (``RuleSet.phases``, rule set by rule set): the one order of stages. A report's
    breakdown by stage follows it, and so do a summary's tables of stages, whatever order the
    files come in."""
    return {phase.id: rs.id for rs in rulesets for phase in rs.phases}


def holds_duty(rule: Rule, itype: InstitutionType | None) -> bool:
    """Whether an institution of this type is among those the rule holds responsible."""
    return itype is not None and not own_actors(itype).isdisjoint(rule.responsible)


def self_confirmed(confirmed_by: str, assessors: Iterable[tuple[str, str | None]]) -> str | None:
    """The assessor that ``confirmed_by`` names, if it names one (None otherwise).

    A confirmation that a duty does not apply must come from outside the assessing team. It
    names an assessor when, folded (case, accents, spacing, punctuation), it is the assessor's
    name, or holds it as whole words and the name has at least two words ("Lic. Ana Pérez,
    subprocuradora" names "Ana Pérez"; "Procuraduría Federal" does not name "Procuraduría").
    """
    said = _words(confirmed_by)
    for name, _role in assessors:
        words = _words(name)
        if not words:
            continue
        if words == said or (len(words) >= 2 and f" {' '.join(words)} " in f" {' '.join(said)} "):
            return name
    return None


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in fold(text)).split()


def never_not_applicable(rule: Rule, itype: InstitutionType | None, level: str) -> bool:
    """Whether ``not_applicable`` is refused as an answer to this rule from this institution:
    an absolute duty (the law admits no exception) that asks it and holds it responsible.

    A prohibition the institution holds is kept or breached, never inapplicable: with no case
    in the period, none was breached, and the top answer with its evidence says so.
    """
    return (rule.absolute is not None and rule.deprecated is None and holds_duty(rule, itype)
            and applies(rule, itype, level))


def applies(rule: Rule, itype: InstitutionType | None, level: str) -> bool:
    """Whether a rule asks an institution of this type (``None``: unknown type) at this level."""
    if itype is None:
        return False
    scope = rule.applies_to
    if scope.levels and level not in scope.levels:
        return False
    return itype.id in scope.institution_types or any(c in scope.categories for c in itype.categories)


class ActionStatus(StrEnum):
    """Where an action of a plan stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


@record(kw_only=True)
class PlannedAction:
    """One action of a plan: what will be done about a gap (a rule) or a weakness, by whom, by when."""

    id: str
    rule: str | None
    weakness: str | None
    action: str
    responsible: tuple[str, ...]
    others: tuple[str, ...]
    owner: str | None
    due: str | None
    status: ActionStatus
    done_on: str | None
    notes: str | None
    location: Location


@record(kw_only=True)
class ActionPlan:
    """An institution's plan for the gaps of one self-assessment, followed up the next round."""

    institution: InstitutionProfile
    made_on: str
    made_from: str | None
    """The date of the self-assessment the plan answers."""
    made_from_round: str | None
    actions: tuple[PlannedAction, ...]
    illustrative: bool
    fingerprint: str
    location: Location


# Institutions and their rounds ----------------------------------------------------------

#: Which institution an assessment is of: (type, level, name as compared, jurisdiction).
InstitutionKey = tuple[str, str, str, str]


def institution_key(type_id: str, level_id: str, name: str, jurisdiction: str | None) -> InstitutionKey:
    """Which institution an assessment is of: the one definition that every command uses.

    Two assessments are of one institution when type, level, name and jurisdiction agree;
    the name is compared as typed names are (case, accents and runs of spaces aside). The
    same name at another level or in another jurisdiction is another institution.
    """
    return type_id, level_id, fold(" ".join(name.split())), jurisdiction or ""


class RoundStatus(StrEnum):
    """Where one file stands among the files of its institution."""

    LATEST = "latest"  # the institution's latest round: the file that speaks for it
    EARLIER = "earlier"  # an earlier round: shown, never counted with the latest
    DUPLICATE = "duplicate"  # the same round as the latest file: a second submission of it, not counted


@record(kw_only=True)
class RoundOf:
    """What places one file among its institution's rounds."""

    institution: InstitutionKey
    assessed_on: str
    round: str | None
    path: str

    def same_round(self, other: RoundOf) -> bool:
        """Both files claim one round: the same round name, or, when either names none, the same date."""
        if self.round and other.round:
            return self.round == other.round
        return self.assessed_on == other.assessed_on


@record(kw_only=True)
class Rounds:
    """Files sorted into institutions and rounds (see :func:`sort_rounds`)."""

    status: tuple[RoundStatus, ...]  # one per file, in the order given
    duplicates: tuple[tuple[int, ...], ...]  # files (positions) of one institution claiming one round, the later last
    institutions: int
    with_earlier: int  # institutions with at least one earlier round


def _same_rounds(files: Sequence[RoundOf], ordered: list[int]) -> list[list[int]]:
    """One institution's files (positions, in order) as groups that claim one round, each in order.

    The pairs of :meth:`RoundOf.same_round` joined through buckets (a round name; a date
    once a file without a round name is on it), so a thousand files are not a million pairs.
    """
    parent = {n: n for n in ordered}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = n = parent[parent[n]]
        return n

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    named: dict[str, int] = {}  # round name -> a file that claims it
    dated: dict[str, list[int]] = {}  # date -> its files while none of them is without a round name
    unnamed: dict[str, int] = {}  # date -> a file without a round name on it (every file of that date joins it)
    for n in ordered:
        f = files[n]
        if f.round:
            join(n, named.setdefault(f.round, n))
            if f.assessed_on in unnamed:
                join(n, unnamed[f.assessed_on])
            else:
                dated.setdefault(f.assessed_on, []).append(n)
        else:
            for m in dated.pop(f.assessed_on, []):
                join(n, m)
            join(n, unnamed.setdefault(f.assessed_on, n))
    groups: dict[int, list[int]] = {}
    for n in ordered:
        groups.setdefault(find(n), []).append(n)
    return list(groups.values())


def sort_rounds(files: Sequence[RoundOf]) -> Rounds:
    """Each institution's latest round, its earlier ones, and any round submitted twice.

    The latest round is the one assessed last (then the later path, then the later position,
    so the choice never depends on the order the files were given in). Files of one
    institution that claim one round (:meth:`RoundOf.same_round`) are reported together as
    duplicates; when that round is the latest, the later of them speaks for the institution
    and the others are :attr:`RoundStatus.DUPLICATE`.
    """
    members: dict[InstitutionKey, list[int]] = {}
    for n, f in enumerate(files):
        members.setdefault(f.institution, []).append(n)
    status = [RoundStatus.EARLIER] * len(files)
    duplicates: list[tuple[int, ...]] = []
    with_earlier = 0
    for positions in members.values():
        ordered = sorted(positions, key=lambda n: (files[n].assessed_on, files[n].path, n))
        clusters = _same_rounds(files, ordered)
        latest = next(c for c in clusters if c[-1] == ordered[-1])
        for n in latest:
            status[n] = RoundStatus.DUPLICATE
        status[latest[-1]] = RoundStatus.LATEST
        duplicates += [tuple(c) for c in clusters if len(c) > 1]
        with_earlier += len(latest) < len(positions)
    duplicates.sort()
    return Rounds(status=tuple(status), duplicates=tuple(duplicates), institutions=len(members),
                  with_earlier=with_earlier)


