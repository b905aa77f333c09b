"""The Ruta as a chain across one state's institutions: hand-offs, weakest links, holes. Pure.

A rule set declares its hand-offs as data (:class:`brecha.model.Handoff`): at a stage, the
institutions on one side pass the child (or the notice, the plan) to those on the other,
and each side has a rule that asks it whether it does. Over the self-assessments of one
jurisdiction:

* a **position** is one institution's answer to its side's rule. It is worth the credit
  its level keeps on the evidence given (the *counted* credit of the evidenced score: a
  claim without the evidence its rule asks for counts as the level below). Unanswered is
  worth nothing; ``not_applicable`` is shown but does not count. It is *confirmed* when
  someone outside the assessing team is named in ``confirmed_by`` (one of the assessors
  counts as nobody, as in the report).
* a link's **strength** is its weakest position, on either side; a stage's strength is its
  weakest link and the chain's strength is its weakest link: a child is failed at the
  weakest point of the route, so nothing here is an average.
* a **hole** is an institution type (or actor category) named on a side with no
  assessment in the set that its rule asks. A link whose whole side is a hole has no
  strength (unknown), and never counts as strong: what its other side says is still an
  upper bound (the link is *at most* that weak answer), and it takes part in finding the
  weakest link of its stage and of the chain with that bound. A strength that a hole could
  lower is *at most* that strength, and is said so; a stage or a chain is exact only when
  every link in it is.
* a **breach** is an absolute duty (the law admits no exception: no child in a migration
  station, none confined, none returned without a risk assessment) that an institution of
  the chain holds and answers below the top of its scale, as stated: it admits at least one
  case. Breaches are not hand-offs, but a child on the route suffers them, so the chain
  names every one, at its stage and beside the weakest link when one of that link's
  institutions admits one at its stage; they are never averaged or left out.
* a **contradiction** is a pair of positions on one link where the sender's stated answer
  is the top level of its scale ("always", "monitored") while the receiver's stated
  answer is strictly below the middle of its scale (rank × 2 < number of levels − 1:
  "never" or "sometimes" on the four-level frequency scale, "absent" or "initial" on the
  five-level maturity scale), or is "not applicable" that nobody confirmed: the receiver
  says the hand-off does not reach it, which the sender's "always" denies, and an
  unconfirmed "no aplica" must not escape the finding that "never" meets (as it escapes no
  cap of the rating). Both cannot be true of the same flow of children; it is a finding to
  verify with records, not a judgment of who is right. Stated answers are compared, not
  counted ones: the contradiction is between what each side says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

from brecha import model, scoring
from brecha.errors import Unreadable, UsageError
from brecha.frozen import record

__all__ = [
    "CHAIN_SCHEMA_VERSION",
    "Breach",
    "Chain",
    "Contradiction",
    "Excluded",
    "Exclusion",
    "Hole",
    "Link",
    "Member",
    "Named",
    "Position",
    "Side",
    "SideResult",
    "Stage",
    "build_chain",
    "select_jurisdiction",
    "select_ruleset",
]

CHAIN_SCHEMA_VERSION = 2


class Side(StrEnum):
    """Which side of a hand-off: the institution passing the child on, or receiving it."""

    FROM = "from"
    TO = "to"


class Exclusion(StrEnum):
    """Why an assessment read is not part of the chain."""

    OTHER_JURISDICTION = "other-jurisdiction"
    NO_JURISDICTION = "no-jurisdiction"
    OTHER_RULESET = "other-ruleset"
    SUPERSEDED = "superseded"  # an older round of an institution also in the set


@record(kw_only=True)
class Named:
    """An ID and its name in both languages (an institution type, a level, a stage)."""

    id: str
    name: model.Text
    acronym: str | None = None


@record(kw_only=True)
class Member:
    """One institution in the chain: its latest self-assessment in the set."""

    path: str
    name: str
    type: Named
    level: Named
    assessed_on: str
    round: str | None
    illustrative: bool


@record(kw_only=True)
class Excluded:
    """An assessment read but left out of the chain, and why."""

    path: str
    name: str
    jurisdiction: str | None
    reason: Exclusion


@record(kw_only=True)
class Position:
    """One institution's answer on one side of a hand-off."""

    member: Member
    side: Side
    value: str | None  # None: not answered
    label: model.Text | None  # the scale level's label
    rank: int  # position of the stated level on the scale (0 = lowest); -1 when none
    levels: int  # number of levels on the scale
    claimed: float  # credit of the stated level, in [0, 1]
    counted: float  # credit kept on the evidence given
    evidence: int  # number of evidence items
    not_applicable: bool
    notes: str | None = None  # the institution's notes on its answer (what happens when it fails, often)
    confirmed: bool = False  # not_applicable confirmed by someone outside the assessing team

    @property
    def answered(self) -> bool:
        """Whether a value was given (not_applicable counts as answered)."""
        return self.value is not None

    @property
    def counts(self) -> bool:
        """Whether the position counts for the link's strength (not_applicable does not)."""
        return not self.not_applicable

    @property
    def at_top(self) -> bool:
        """The stated answer is the top level of its scale: the claim "it always happens"."""
        return self.rank >= 0 and self.rank == self.levels - 1 and not self.not_applicable

    @property
    def below_middle(self) -> bool:
        """The stated answer is strictly below the middle of its scale: "it rarely happens"."""
        return self.rank >= 0 and self.rank * 2 < self.levels - 1 and not self.not_applicable

    @property
    def denies(self) -> bool:
        """On the receiving side, the answer says the hand-off rarely reaches it: below the middle
        of its scale, or "not applicable" that nobody outside the assessing team confirmed."""
        return self.below_middle or (self.not_applicable and not self.confirmed)


@record(kw_only=True)
class SideResult:
    """One side of a hand-off: its rule, the institutions named, their answers, the holes."""

    side: Side
    rule_id: str
    rule_title: model.Text
    institutions: tuple[Named, ...]
    positions: tuple[Position, ...]
    missing: tuple[Named, ...]  # named institutions with no assessment in the set: holes

    @property
    def weakest(self) -> Position | None:
        """The position that counts least (unanswered before a stated level of equal credit)."""
        return _weakest(self.positions)


@record(kw_only=True)
class Contradiction:
    """The sender says the hand-off always happens; the receiver says it rarely does."""

    link_id: str
    claim: Position
    claim_rule: str
    denial: Position
    denial_rule: str


@record(kw_only=True)
class Link:
    """One hand-off over the set: both sides, the weakest answer, contradictions."""

    id: str
    stage: str
    title: model.Text
    description: model.Text | None
    sender: SideResult
    receiver: SideResult
    contradictions: tuple[Contradiction, ...]

    @property
    def weakest(self) -> Position | None:
        """The weakest position on either side."""
        return _weakest((*self.sender.positions, *self.receiver.positions))

    @property
    def known(self) -> bool:
        """Both sides have a position that counts: the strength is known."""
        return any(p.counts for p in self.sender.positions) and any(p.counts for p in self.receiver.positions)

    @property
    def strength(self) -> float | None:
        """The counted credit of the weakest position, in [0, 1]; None while a side is missing."""
        weakest = self.weakest
        return weakest.counted if self.known and weakest is not None else None

    @property
    def bound(self) -> float | None:
        """What the link is known to be at most: its weakest counting position on either side, in [0, 1].

        It is the strength when the link is :attr:`exact`; with a hole (a side or part of one
        with no assessment) the link may be weaker still. None when no position counts.
        """
        weakest = self.weakest
        return weakest.counted if weakest is not None else None

    @property
    def exact(self) -> bool:
        """Both sides speak and no institution they name is missing: the strength is not only a bound."""
        return self.known and not self.sender.missing and not self.receiver.missing

    @property
    def holes(self) -> tuple[Hole, ...]:
        """The institutions named on either side with no assessment in the set."""
        return tuple(Hole(link_id=self.id, side=s.side, rule_id=s.rule_id, institution=m)
                     for s in (self.sender, self.receiver) for m in s.missing)


@record(kw_only=True)
class Hole:
    """A named institution with no assessment: nobody in the set speaks for that side."""

    link_id: str
    side: Side
    rule_id: str
    institution: Named


@record(kw_only=True)
class Breach:
    """An absolute duty an institution of the chain holds and answers below the top of its scale: an admitted breach."""

    member: Member
    rule_id: str
    rule_title: model.Text
    stage: str
    value: str
    label: model.Text | None  # the scale level's label
    breach: model.Text  # what the answer admits, in plain words (the rule's ``absolute.breach``)


@record(kw_only=True)
class Stage:
    """The hand-offs of one stage of the route."""

    id: str
    title: model.Text
    links: tuple[Link, ...]

    breaches: tuple[Breach, ...] = ()  # absolute duties of this stage admitted as breached

    @property
    def weakest(self) -> Link | None:
        """The link of least known bound (the first in declared order on a tie)."""
        return _weakest_link(self.links)

    @property
    def strength(self) -> float | None:
        """The bound of the weakest link: what the stage is known to be at most (exact when :attr:`exact`)."""
        weakest = self.weakest
        return weakest.bound if weakest else None

    @property
    def exact(self) -> bool:
        """Every link of the stage is exact: its strength is not only an upper bound."""
        return all(link.exact for link in self.links)


@record(kw_only=True)
class Chain:
    """The route across the institutions of one jurisdiction, link by link."""

    jurisdiction: str
    ruleset_id: str
    ruleset_version: str
    ruleset_title: model.Text
    members: tuple[Member, ...]
    excluded: tuple[Excluded, ...]
    failures: tuple[tuple[str, Unreadable], ...]  # files that could not be read, and why
    stages: tuple[Stage, ...]
    breaches: tuple[Breach, ...] = ()  # every absolute duty the chain's institutions admit breaching

    @property
    def links(self) -> tuple[Link, ...]:
        """Every link, stage by stage."""
        return tuple(link for stage in self.stages for link in stage.links)

    @property
    def weakest(self) -> Link | None:
        """The weakest link of the whole chain."""
        return _weakest_link(self.links)

    @property
    def strength(self) -> float | None:
        """The chain's strength: the bound of its weakest link, in [0, 1] (exact when :attr:`exact`)."""
        weakest = self.weakest
        return weakest.bound if weakest else None

    @property
    def exact(self) -> bool:
        """Every link of the chain is exact: its strength is not only an upper bound."""
        return all(link.exact for link in self.links)

    def breaches_at(self, link: Link) -> tuple[Breach, ...]:
        """The breaches admitted at ``link``'s stage by the institutions answering on it."""
        on = {id(p.member) for s in (link.sender, link.receiver) for p in s.positions}
        return tuple(b for b in self.breaches if b.stage == link.stage and id(b.member) in on)

    @property
    def holes(self) -> tuple[Hole, ...]:
        """Every hole, link by link."""
        return tuple(hole for link in self.links for hole in link.holes)

    @property
    def contradictions(self) -> tuple[Contradiction, ...]:
        """Every contradiction, link by link."""
        return tuple(c for link in self.links for c in link.contradictions)

    @property
    def illustrative(self) -> bool:
        """Whether any member is an illustrative (fictional) assessment."""
        return any(m.illustrative for m in self.members)


def _weakest(positions: Iterable[Position]) -> Position | None:
    counting = [p for p in positions if p.counts]
    if not counting:
        return None
    return min(counting, key=lambda p: (p.counted, p.answered, p.claimed, p.side != Side.FROM,
                                        p.member.name, p.member.path))


def _weakest_link(links: Sequence[Link]) -> Link | None:
    """The link of least bound: a link with a hole is as weak as what is known of it, never left out as unknown."""
    known = [(bound, n, link) for n, link in enumerate(links) if (bound := link.bound) is not None]
    return min(known, key=lambda item: (item[0], item[1]))[2] if known else None


def _named(lib: model.Library, ident: str) -> Named:
    itype = lib.institution_types.get(ident)
    if itype is not None:
        return Named(id=ident, name=itype.name, acronym=itype.acronym)
    category = lib.categories.get(ident)
    return Named(id=ident, name=category.name if category else model.Text(es=ident, en=ident))


def _member(path: str, a: model.Assessment, lib: model.Library) -> Member:
    inst = a.institution
    level = lib.levels.get(inst.level)
    return Member(path=path, name=inst.name, type=_named(lib, inst.type),
                  level=Named(id=inst.level, name=level.name if level else model.Text(es=inst.level, en=inst.level)),
                  assessed_on=a.assessed_on, round=a.round, illustrative=a.illustrative)


def select_jurisdiction(assessments: Sequence[tuple[str, model.Assessment]],
                        jurisdiction: str | None) -> tuple[str, list[tuple[str, model.Assessment]], list[Excluded]]:
    """The jurisdiction of the chain, its assessments, and those left out.

    A chain is drawn for one jurisdiction (a state, ISO 3166-2 such as ``MX-CHP``). When
    ``jurisdiction`` is not given, the set must hold exactly one.

    Raises:
        UsageError: the set mixes jurisdictions (each is named, with its count), holds none,
            or holds no assessment of the jurisdiction asked for.
    """
    found = Counter(a.institution.jurisdiction for _, a in assessments)
    if jurisdiction is None:
        if len(found) > 1:
            listed = ", ".join(f"{code or '—'} ({n})" for code, n in sorted(found.items(), key=lambda kv: kv[0] or ""))
            raise UsageError("error.chain_mixed", found=listed)
        only = next(iter(found), None)
        if only is None:
            raise UsageError("error.chain_no_jurisdiction", paths=", ".join(p for p, _ in assessments))
        jurisdiction = only
    kept = [(p, a) for p, a in assessments if a.institution.jurisdiction == jurisdiction]
    if not kept:
        listed = ", ".join(sorted(code for code in found if code)) or "—"
        raise UsageError("error.chain_none", jurisdiction=jurisdiction, found=listed)
    left = [Excluded(path=p, name=a.institution.name, jurisdiction=a.institution.jurisdiction,
                     reason=Exclusion.OTHER_JURISDICTION if a.institution.jurisdiction else Exclusion.NO_JURISDICTION)
            for p, a in assessments if a.institution.jurisdiction != jurisdiction]
    return jurisdiction, kept, left


def select_ruleset(lib: model.Library, assessments: Sequence[tuple[str, model.Assessment]],
                   ruleset: str | None) -> model.RuleSet:
    """The rule set whose hand-offs make the chain: ``ruleset``, else the only one the set uses.

    Raises:
        UsageError: ``ruleset`` is unknown or declares no hand-offs, or the set uses none
            or several rule sets with hand-offs.
    """
    with_handoffs = sorted(rid for rid, rs in lib.rulesets.items() if rs.handoffs)
    if ruleset is not None:
        rs = lib.rulesets.get(ruleset)
        if rs is None or not rs.handoffs:
            raise UsageError("error.chain_ruleset", ruleset=ruleset, known=", ".join(with_handoffs) or "—")
        return rs
    used = sorted({ref.id for _, a in assessments for ref in a.rulesets} & set(with_handoffs))
    if len(used) != 1:
        raise UsageError("error.chain_which_ruleset" if used else "error.chain_no_handoffs",
                         used=", ".join(used), known=", ".join(with_handoffs) or "—")
    return lib.rulesets[used[0]]


def _latest(assessments: Sequence[tuple[str, model.Assessment]]) -> tuple[list[tuple[str, model.Assessment]],
                                                                        list[Excluded]]:
    """One assessment per institution: its latest round (:func:`brecha.model.sort_rounds`); the others left out."""
    rounds = model.sort_rounds([model.RoundOf(institution=a.institution.key, assessed_on=a.assessed_on, round=a.round,
                                              path=p) for p, a in assessments])
    kept = [(p, a) for (p, a), status in zip(assessments, rounds.status, strict=True)
            if status is model.RoundStatus.LATEST]
    older = [Excluded(path=p, name=a.institution.name, jurisdiction=a.institution.jurisdiction,
                      reason=Exclusion.SUPERSEDED)
             for (p, a), status in zip(assessments, rounds.status, strict=True) if status is not model.RoundStatus.LATEST]
    return kept, older


def _answer(a: model.Assessment, rule: model.Rule) -> model.Answer | None:
    for key in (rule.id, *rule.aliases):  # an answer under an old ID counts for the rule
        if key in a.answers:
            return a.answers[key]
    return None


def _matches(itype: model.InstitutionType, actor: str) -> bool:
    return actor == itype.id or actor in itype.categories


@record
class _Entrant:
    member: Member
    assessment: model.Assessment
    itype: model.InstitutionType | None


def _side(lib: model.Library, rs: model.RuleSet, spec: model.HandoffSide, side: Side,
          entrants: Sequence[_Entrant]) -> SideResult:
    rule = lib.rules.get(spec.rule) or lib.rules[lib.aliases[spec.rule]]
    scale = rs.scales[rule.scale]
    positions: list[Position] = []
    missing: list[Named] = []
    for actor in spec.institutions:
        asked = [e for e in entrants if e.itype is not None and _matches(e.itype, actor)
                 and model.applies(rule, e.itype, e.member.level.id)]
        if not asked:
            missing.append(_named(lib, actor))
        for entrant in asked:
            if any(p.member is entrant.member for p in positions):  # named twice (type and category)
                continue
            answer = _answer(entrant.assessment, rule)
            result = scoring.outcome(rule, rs, answer)
            value = answer.value if answer is not None else None
            level = scale.level(value or "")
            positions.append(Position(
                member=entrant.member, side=side, value=value, label=level.label if level else None,
                rank=scale.rank(value) if value is not None else -1, levels=len(scale.levels),
                claimed=result.claimed, counted=result.evidenced,
                evidence=len(answer.evidence) if answer is not None else 0,
                not_applicable=result.not_applicable, notes=answer.notes if answer is not None else None,
                confirmed=result.not_applicable and _confirmed(rule, answer, entrant.assessment)))
    return SideResult(side=side, rule_id=rule.id, rule_title=rule.title,
                      institutions=tuple(_named(lib, a) for a in spec.institutions),
                      positions=tuple(positions), missing=tuple(missing))


def _confirmed(rule: model.Rule, answer: model.Answer | None, a: model.Assessment) -> bool:
    """Whether a not_applicable answer is confirmed by someone outside the assessing team."""
    return (answer is not None and scoring.confirmed(rule, answer) and answer.confirmed_by is not None
            and model.self_confirmed(answer.confirmed_by, a.assessors) is None)


def _link(lib: model.Library, rs: model.RuleSet, handoff: model.Handoff, entrants: Sequence[_Entrant]) -> Link:
    sender = _side(lib, rs, handoff.sender, Side.FROM, entrants)
    receiver = _side(lib, rs, handoff.receiver, Side.TO, entrants)
    contradictions = tuple(
        Contradiction(link_id=handoff.id, claim=claim, claim_rule=sender.rule_id, denial=denial,
                      denial_rule=receiver.rule_id)
        for claim in sender.positions if claim.at_top
        for denial in receiver.positions if denial.denies and denial.member is not claim.member)
    return Link(id=handoff.id, stage=handoff.stage, title=handoff.title, description=handoff.description,
                sender=sender, receiver=receiver, contradictions=contradictions)


def build_chain(lib: model.Library, assessments: Sequence[tuple[str, model.Assessment]], *,
                jurisdiction: str | None = None, ruleset: str | None = None,
                failures: Sequence[tuple[str, Unreadable]] = ()) -> Chain:
    """Draw the chain of one jurisdiction from its (path, assessment) pairs.

    Assessments of another jurisdiction, of no rule set with these hand-offs, or older
    rounds of an institution also in the set, are listed as excluded with the reason.

    Raises:
        UsageError: see :func:`select_jurisdiction` and :func:`select_ruleset`.
    """
    code, kept, excluded = select_jurisdiction(assessments, jurisdiction)
    rs = select_ruleset(lib, kept, ruleset)
    declaring = [(p, a) for p, a in kept if any(ref.id == rs.id for ref in a.rulesets)]
    excluded += [Excluded(path=p, name=a.institution.name, jurisdiction=a.institution.jurisdiction,
                          reason=Exclusion.OTHER_RULESET)
                 for p, a in kept if not any(ref.id == rs.id for ref in a.rulesets)]
    current, older = _latest(declaring)
    excluded += older
    entrants = sorted((_Entrant(_member(p, a, lib), a, lib.institution_types.get(a.institution.type))
                       for p, a in current),
                      key=lambda e: (e.member.type.id, e.member.level.id, e.member.name, e.member.path))
    breaches = _breaches(lib, rs, entrants)
    stages = []
    for phase in rs.phases:
        links = tuple(_link(lib, rs, h, entrants) for h in rs.handoffs if h.stage == phase.id)
        if links:
            stages.append(Stage(id=phase.id, title=phase.title, links=links,
                                breaches=tuple(b for b in breaches if b.stage == phase.id)))
    return Chain(jurisdiction=code, ruleset_id=rs.id, ruleset_version=rs.version, ruleset_title=rs.title,
                 members=tuple(e.member for e in entrants),
                 excluded=tuple(sorted(excluded, key=lambda x: x.path)), failures=tuple(failures),
                 stages=tuple(stages), breaches=breaches)


def _breaches(lib: model.Library, rs: model.RuleSet, entrants: Sequence[_Entrant]) -> tuple[Breach, ...]:
    """Every absolute duty of ``rs`` an institution holds and answers below the top of its scale.

    The answer as stated counts, as for the rating's absolute-breach cap: "a veces" admits
    cases whatever its evidence. An unanswered duty admits nothing (the report of that
    institution says it is unanswered); rules are taken in the rule set's order, stage by stage.
    """
    order = {phase.id: n for n, phase in enumerate(rs.phases)}
    found: list[tuple[int, int, Breach]] = []
    for position, rule in enumerate(rs.rules):
        if rule.absolute is None:
            continue
        scale = rs.scales[rule.scale]
        for entrant in entrants:
            if not model.never_not_applicable(rule, entrant.itype, entrant.member.level.id):
                continue
            answer = _answer(entrant.assessment, rule)
            value = answer.value if answer is not None else None
            if value is None or value == model.NOT_APPLICABLE or scale.rank(value) >= len(scale.levels) - 1:
                continue
            level = scale.level(value)
            found.append((order.get(rule.phase, len(order)), position, Breach(
                member=entrant.member, rule_id=rule.id, rule_title=rule.title, stage=rule.phase, value=value,
                label=level.label if level else None, breach=rule.absolute.breach)))
    return tuple(b for _, _, b in sorted(found, key=lambda item: (item[0], item[1])))
