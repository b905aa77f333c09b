"""Evaluates a self-assessment against its rule sets and builds the gap report. Pure.

The scoring method is in :mod:`brecha.scoring`; conditions of weakness patterns are
judged by :mod:`brecha.conditions`. This module decides which rules are the institution's
own duties (a rule that asks it and holds it responsible, by its type or one of its actor
categories: one institution), judges each rule set on its own, picks the headline rule
set (the one of the institution's own country), gathers gaps, evidence gaps, findings and
who else must act, and says what it noticed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from brecha import conditions, evidence, grounding, model, report, scoring
from brecha.frozen import record
from brecha.i18n import Lang, tr
from brecha.scoring import Outcome
from brecha.versions import newer

__all__ = ["condition_facts", "evaluate", "evaluate_brief"]

#: Notices a reader must not miss (shown as warnings).
_LOUD = frozenset({"many-not-applicable", "critical-not-applicable", "critical-not-applicable-withheld",
                   "critical-not-applicable-breach", "critical-not-applicable-fixed",
                   "critical-not-applicable-confirmed",
                   "equivalent-answers", "self-confirmed"})


def _notice(code: str, **values: str | model.Text) -> report.Notice:
    """A notice in both languages; a value given as a text (an answer's label) is put in each in its own."""
    key = f"notice.{code}"  # the texts are in the catalogue (brecha.i18n)

    def worded(lang: Lang) -> str:
        return tr(key, lang, **{k: v.get(lang) if isinstance(v, model.Text) else v for k, v in values.items()})

    return report.Notice(code=code, message=model.Text(es=worded(Lang.ES), en=worded(Lang.EN)), loud=code in _LOUD)


class _Memo:
    """What a report draws from the library alone, built once per library and reused.

    Provision references, a rule's basis, actors and who else must act depend only on the
    library (and the institution's type and country); the rules an institution is asked
    depend only on its type and level. They are immutable records, so every report of a
    summary of 1,000 assessments shares them instead of rebuilding them. Only the latest
    library is remembered (a run evaluates against one library, ``diff`` against two).
    """

    def __init__(self, lib: model.Library) -> None:
        self.lib = lib
        self.refs: dict[tuple[str, ...], tuple[report.ProvisionRef, ...]] = {}
        self.basis: dict[str, report.Basis | None] = {}
        self.actors: dict[str, report.Actor] = {}
        self.others: dict[tuple[str | None, str | None, str], _Others] = {}
        self.handoffs: dict[str, tuple[str, ...]] | None = None  # rule -> the other side of its hand-offs
        self.scope: dict[tuple[str, str | None, str], tuple[tuple[model.Rule, bool, scoring.Duty | None], ...]] = {}
        # The parts of a summary's briefs that repeat: one object each, shared by every brief
        # (and sent once by a worker process: see brecha.parallel).
        self.levels: dict[str, report.Actor] = {}
        self.refs_of: dict[tuple[str, str], report.DocumentRef] = {}
        self.bands: dict[str, tuple[tuple[report.Band, ...], dict[str, model.Text]]] = {}
        self.gap_briefs: dict[tuple[str, bool], report.GapBrief] = {}
        self.duties: dict[str, str] | None = None  # rule -> its duty (see _duty)
        # Per rule set: its critical weakness patterns; and the rules that the patterns of every
        # rule set whose rating they hold name, whose facts are all a brief needs gathered.
        self.critical_patterns: dict[str, tuple[model.Weakness, ...]] = {}
        self.named: frozenset[str] | None = None
        self.cites: dict[tuple[str, ...], model.Text] = {}
        # (absolute rule, institution's jurisdiction) -> what a breach of it admits, and whether in law there
        self.breaches: dict[tuple[str, str | None], report.CapDetail] = {}
        # A cap held by the same rules for the same reasons is the same record in every report
        # (1,000 briefs hold some 3,600 caps, about 340 of them different).
        self.caps: dict[tuple[object, ...], report.CapHold] = {}


_MEMO: list[_Memo] = []


def _memo(lib: model.Library) -> _Memo:
    if not _MEMO or _MEMO[0].lib is not lib:
        _MEMO[:] = [_Memo(lib)]
    return _MEMO[0]


def _provision_refs(lib: model.Library, ids: Iterable[str]) -> tuple[report.ProvisionRef, ...]:
    key = tuple(ids)
    memo = _memo(lib)
    found = memo.refs.get(key)
    if found is None:
        found = memo.refs[key] = _make_provision_refs(lib, key)
    return found


def _make_provision_refs(lib: model.Library, ids: Iterable[str]) -> tuple[report.ProvisionRef, ...]:
    refs = []
    for pid in ids:
        prov = lib.provisions.get(pid)
        if prov is None:
            continue
        std = lib.standards[prov.standard_id]
        refs.append(report.ProvisionRef(
            id=prov.id, standard_id=std.id, standard_title=_short(std), legal_force=std.legal_force,
            title=prov.title, locator=prov.locator, locator_verified=prov.locator_verified,
            confidence=prov.confidence, sources=prov.sources, verified_in=prov.verified_in))
    return tuple(refs)


def _basis(lib: model.Library, rule: model.Rule) -> report.Basis | None:
    """How well the rule is grounded in its rule set's declared basis (None without one)."""
    memo = _memo(lib)
    if rule.id not in memo.basis:
        memo.basis[rule.id] = _make_basis(lib, rule)
    return memo.basis[rule.id]


def _make_basis(lib: model.Library, rule: model.Rule) -> report.Basis | None:
    found = grounding.ground(rule, lib)
    if found is None:
        return None
    home = lib.standards.get(found.home_standard)
    return report.Basis(
        home_standard=found.home_standard,
        home_title=_short(home) if home else model.Text(es=found.home_standard, en=found.home_standard),
        home=found.home, legal_standards=found.legal_standards, legal=found.legal,
        legal_provisions=found.legal_provisions, verified=found.verified, weak=found.weak)


def _short(std: model.Standard) -> model.Text:
    """A standard's short title for breakdowns and references (its full title otherwise)."""
    return std.short_title or std.title


def _actor(lib: model.Library, ident: str) -> report.Actor:
    actors = _memo(lib).actors
    known = actors.get(ident)
    if known is None:
        kind, _, level = ident.partition("@")
        found = lib.institution_types.get(kind) or lib.categories.get(kind)
        name = found.name if found else model.Text(es=ident, en=ident)
        if level:  # one level of a type: its own name (the SNDIF), else the type's with the level's
            itype = lib.institution_types.get(kind)
            level_name = lib.levels[level].name if level in lib.levels else model.Text(es=level, en=level)
            name = (itype.level_names.get(level) if itype else None) or model.Text(
                es=f"{name.get('es')} ({level_name.get('es').lower()})",
                en=f"{name.get('en')} ({level_name.get('en').lower()})")
        known = actors[ident] = report.Actor(id=ident, name=name)
    return known



def _answers_by_rule(assessment: model.Assessment, lib: model.Library,
                     notices: list[report.Notice] | None) -> dict[str, model.Answer]:
    """The answers keyed by current rule ID (an answer under an old ID counts for the new one)."""
    rules, aliases = lib.rules, lib.aliases
    if all(key in rules or key not in aliases for key in assessment.answers):
        return dict(assessment.answers)  # no old ID: as given
    answers: dict[str, model.Answer] = {}
    for key, answer in sorted(assessment.answers.items()):
        rule_id = aliases.get(key, key) if key not in rules else key
        if rule_id != key and notices is not None:
            notices.append(_notice("renamed", old=key, new=rule_id))
        answers.setdefault(rule_id, answer)
    return answers


def _version_notices(assessment: model.Assessment, lib: model.Library) -> list[report.Notice]:
    """What changed in a rule set since the version the assessment was answered with."""
    notices = []
    for ref in assessment.rulesets:
        rs = lib.rulesets.get(ref.id)
        if rs is not None and rs.version != ref.version:
            added = [r.id for r in rs.rules if r.since and newer(r.since, ref.version)]
            gone = [r.id for r in rs.rules if r.deprecated and newer(r.deprecated.since, ref.version)]
            notices.append(_notice("version", id=rs.id, old=ref.version, new=rs.version,
                                   added=", ".join(added) or "—", gone=", ".join(gone) or "—"))
    return notices


@record
class _Asked:
    """The outcomes of the rules asked, and what conditions may know of them."""

    outcomes: list[Outcome]
    facts: dict[str, conditions.Facts]


def _ask(rulesets: Sequence[model.RuleSet], answers: Mapping[str, model.Answer],
         institution: model.InstitutionProfile, lib: model.Library, notices: list[report.Notice] | None,
         assessed_on: str = "") -> _Asked:
    """Score every own duty of this institution; say why other answers do not count.

    With ``notices`` None (a brief), only the outcomes are made: no notice is worded, and
    facts for the weakness patterns are gathered only for a rule set whose rating a critical
    weakness pattern holds (``critical-weakness``), so a brief's rating is the report's.
    """
    itype = lib.institution_types.get(institution.type)
    asked = _Asked([], {})
    # A report gathers every fact; a brief only those the critical-weakness caps read (any
    # rule set's: a pattern may name a rule of another rule set).
    named = None if notices is not None else _named_by_critical(lib)
    for rs in rulesets:
        for rule, applies, duty in _scope(lib, rs, itype, institution.level):
            if duty is None:  # not an own duty: only a report says why its answer does not count
                if notices is not None and rule.id in answers:
                    if rule.deprecated:
                        notices.append(_notice("deprecated", rule=rule.id, since=rule.deprecated.since))
                    elif not applies:
                        notices.append(_notice("not-asked", rule=rule.id))
                    elif answers[rule.id].value is not None:  # asked, but another's duty
                        notices.append(_notice("not-own", rule=rule.id, who=", ".join(rule.responsible)))
                continue
            given, stale = evidence.freshen(answers.get(rule.id), rs.evidence_max_age_days, assessed_on)
            if stale and notices is not None:  # stale evidence counts as none, and the report says so
                for item in stale:
                    notices.append(_notice("stale-evidence", rule=rule.id, title=item.title, date=item.date or "",
                                           days=str(rs.evidence_max_age_days)))
            outcome = duty.outcome(given)
            asked.outcomes.append(outcome)
            if named is not None and rule.id not in named and not (rule.aliases and named.intersection(rule.aliases)):
                continue
            answer = outcome.answer
            known = conditions.Facts(
                rule_id=rule.id,
                value=answer.value if answer and answer.value != model.NOT_APPLICABLE else None,
                evidenced=bool(answer and answer.evidence), levels=duty.levels)
            for key in (rule.id, *rule.aliases):  # conditions may still use an old ID
                asked.facts[key] = known
    return asked


def _scope(lib: model.Library, rs: model.RuleSet, itype: model.InstitutionType | None,
           level: str) -> tuple[tuple[model.Rule, bool, scoring.Duty | None], ...]:
    """Each rule of a rule set, whether it asks this type at this level, and its duty to score
    when it is one of the institution's own (not deprecated, asked, and holding it responsible)."""
    key = (rs.id, itype.id if itype else None, level)
    memo = _memo(lib)
    found = memo.scope.get(key)
    if found is None:
        scope = []
        for rule in rs.rules:
            applies = model.applies(rule, itype, level)
            own = not rule.deprecated and applies and model.holds_duty(rule, itype)
            scope.append((rule, applies, scoring.Duty.of(rule, rs) if own else None))
        found = memo.scope[key] = tuple(scope)
    return found


def _phase_titles(rulesets: Iterable[model.RuleSet]) -> dict[str, model.Text]:
    """Phase ID -> title, in the order the rule sets define them (the first definition wins)."""
    titles: dict[str, model.Text] = {}
    for rs in rulesets:
        for phase in rs.phases:
            titles.setdefault(phase.id, phase.title)
    return titles


def _lines(groups: Mapping[str, list[Outcome]], label: Mapping[str, model.Text],
           order: Iterable[str] | None = None) -> tuple[report.ScoreLine, ...]:
    """One breakdown: a score per group, in ``order`` (else by ID)."""
    keys = [k for k in (order or sorted(groups)) if k in groups]
    return tuple(report.ScoreLine(id=k, label=label.get(k, model.Text(es=k, en=k)),
                                  score=_line_score(groups[k])) for k in keys)


def _line_score(outcomes: Sequence[Outcome]) -> report.Score:
    """A breakdown line's score; with no answer in it, no score at all (``None``), not 0: a stage
    nobody answered is unknown, not failing (its unanswered rules still count 0 in the total)."""
    found = scoring.score(outcomes)
    if found.answered == 0 and (found.unanswered or found.awaiting):
        return replace(found, claimed=None, evidenced=None)
    return found


def _headline(rulesets: Sequence[model.RuleSet], country: str | None) -> report.Headline | None:
    """The rule set whose rating heads the report: the institution's own country's, else a regional one."""
    for rs in rulesets:
        if country is not None and rs.jurisdiction == country:
            return report.Headline(ruleset_id=rs.id, reason=report.HeadlineReason.NATIONAL, country=country)
    for rs in rulesets:
        if rs.jurisdiction is None:
            return report.Headline(ruleset_id=rs.id, reason=report.HeadlineReason.REGIONAL, country=country)
    if rulesets:
        return report.Headline(ruleset_id=rulesets[0].id, reason=report.HeadlineReason.FIRST, country=country)
    return None


def _critical_weaknesses(lib: model.Library, rs: model.RuleSet,
                         facts: Mapping[str, conditions.Facts]) -> tuple[model.Weakness, ...]:
    """The weakness patterns of a rule set of a critical criticality whose condition holds."""
    return tuple(w for w in _critical_patterns(lib, rs) if conditions.holds(w.when, facts) is True)


def _critical_patterns(lib: model.Library, rs: model.RuleSet) -> tuple[model.Weakness, ...]:
    """The weakness patterns of a rule set of a critical criticality (looked up once per library)."""
    memo = _memo(lib).critical_patterns
    found = memo.get(rs.id)
    if found is None:
        critical = {c.id for c in rs.criticalities.values() if c.critical}
        found = memo[rs.id] = tuple(w for w in rs.weaknesses if w.criticality in critical)
    return found


def _named_by_critical(lib: model.Library) -> frozenset[str]:
    """The rule IDs (as written: an old ID too) that the conditions of the critical weakness
    patterns name, in every rule set whose rating they hold (``critical-weakness``): the facts a
    brief's ratings read. A pattern may name a rule of another rule set."""
    memo = _memo(lib)
    if memo.named is None:
        memo.named = frozenset(leaf.rule for rs in lib.rulesets.values() if _weakness_capped(rs)
                               for w in _critical_patterns(lib, rs) for leaf in conditions.leaves(w.when))
    return memo.named


def _weakness_capped(rs: model.RuleSet) -> bool:
    """Whether a rule set holds its rating for critical weakness patterns (so their facts are needed)."""
    return any(c.when is model.CapCondition.CRITICAL_WEAKNESS for c in rs.rating_caps)


def _cite(lib: model.Library, provisions: Iterable[str]) -> model.Text:
    """Where the law says it, short: ``Ley de Migración, art. 99, párrs. 1 a 4; LGDNNA, art. 96``."""
    key = tuple(provisions)
    memo = _memo(lib).cites
    found = memo.get(key)
    if found is None:
        found = memo[key] = grounding.cite(lib, key)
    return found


#: What a provisional rule's cap line says of it (not an unmet duty: an unconfirmed "not applicable").
_UNCONFIRMED = model.Text(es=tr("caps.unconfirmed_na", Lang.ES), en=tr("caps.unconfirmed_na", Lang.EN))


#: What a cap line says of a critical rule that holds it for want of any answer.
_UNANSWERED = model.Text(es=tr("caps.unanswered", Lang.ES), en=tr("caps.unanswered", Lang.EN))
#: The same, for a duty that admits no exception: answering it does not lift the cap unless at its top.
_UNANSWERED_ABSOLUTE = model.Text(es=tr("caps.unanswered_absolute", Lang.ES), en=tr("caps.unanswered_absolute", Lang.EN))


def _breach(lib: model.Library, rule_id: str, where: str | None) -> report.CapDetail:
    """What an answer below the top of an absolute duty admits, and where the law forbids it;
    whether that is law for an institution of ``where`` (a treaty binds only its parties). Made
    once per library and jurisdiction: every report and brief of a summary shares it."""
    memo = _memo(lib).breaches
    found = memo.get((rule_id, where))
    if found is None:
        rule = lib.rules.get(rule_id)
        absolute = rule.absolute if rule is not None else None
        found = memo[(rule_id, where)] = report.CapDetail(
            id=rule_id, text=absolute.breach if absolute else model.Text(),
            cite=_cite(lib, grounding.cited_in(lib, absolute.provisions, where)) if absolute else None,
            duty=_duty(lib, rule_id),
            binding_law=absolute is not None and grounding.binding_law(lib, absolute.provisions, where))
    return found


def _cap_details(lib: model.Library, cap: model.RatingCap, held_by: Iterable[str],
                 weaknesses: Mapping[str, model.Weakness], where: str | None,
                 provisional: Collection[str] = (), unanswered: Collection[str] = ()) -> tuple[report.CapDetail, ...]:
    """Why each rule (or weakness pattern) holds a cap, where there is more to say than its ID."""
    details = []
    for ident in held_by:
        if ident in provisional and cap.when is not model.CapCondition.CRITICAL_WEAKNESS:
            details.append(report.CapDetail(id=ident, text=_UNCONFIRMED))
        elif cap.when is model.CapCondition.CRITICAL_WEAKNESS:
            if ident in weaknesses:
                details.append(report.CapDetail(id=ident, text=weaknesses[ident].title))
        elif cap.when is model.CapCondition.ABSOLUTE_BREACH:
            details.append(_breach(lib, ident, where))
        elif ident in unanswered:
            rule = lib.rules.get(ident)
            absolute = rule is not None and rule.absolute is not None
            details.append(report.CapDetail(id=ident, text=_UNANSWERED_ABSOLUTE if absolute else _UNANSWERED,
                                            unanswered=True))
    return tuple(details)


def _cap_hold(lib: model.Library, cap: model.RatingCap, label: model.Text, rules: tuple[str, ...],
              binding: bool, weaknesses: Mapping[str, model.Weakness], provisional: Collection[str],
              unanswered: Collection[str], where: str | None) -> report.CapHold:
    """A cap that holds (``label``: its maximum rating's), and why each of its rules holds it
    (:func:`_cap_details`): made once for the same rules held for the same reasons, which is all
    its details depend on (an admitted breach's also on the institution's jurisdiction ``where``)."""
    key = (id(cap), rules, binding, tuple(r in weaknesses for r in rules), tuple(r in provisional for r in rules),
           tuple(r in unanswered for r in rules), where if cap.when is model.CapCondition.ABSOLUTE_BREACH else None)
    memo = _memo(lib).caps
    found = memo.get(key)
    if found is None:
        found = memo[key] = report.CapHold(
            id=cap.id, when=cap.when.value, max_rating=cap.max_rating,
            max_rating_label=label, reason=cap.reason,
            rules=rules, binding=binding, details=_cap_details(lib, cap, rules, weaknesses, where, provisional, unanswered))
    return found


def _result(lib: model.Library, rs: model.RuleSet, outcomes: Sequence[Outcome], headline: report.Headline | None,
            phase_titles: Mapping[str, model.Text], facts: Mapping[str, conditions.Facts],
            where: str | None) -> report.RuleSetResult:
    """One rule set's own judgment: its score, its bands and caps, its stages (``where``: the
    institution's jurisdiction, whose law decides whether an admitted breach violates the law)."""
    memo = _memo(lib).bands
    if rs.id not in memo:
        memo[rs.id] = (tuple(report.Band(id=b.id, label=b.label, min_score=b.min_score) for b in rs.rating_bands),
                       {b.id: b.label for b in rs.rating_bands})
    bands, labels = memo[rs.id]
    total = scoring.score(outcomes)
    weak = {w.id: w for w in _critical_weaknesses(lib, rs, facts)} if _weakness_capped(rs) else {}
    # Too many duties declared not applicable, unconfirmed: the rating is withheld (its caps,
    # breaches and score are still given); confirming the critical ones alone would not give one.
    unconfirmed = scoring.unconfirmed_not_applicable(total, outcomes, rs.not_applicable_share)
    rating = scoring.rate(total, rs.rating_bands, rs.rating_caps, outcomes, tuple(weak), withheld=unconfirmed is not None)
    provisional = tuple(o.rule.id for o in outcomes if o.provisional)
    withheld = None if unconfirmed is None else report.Withheld(
        not_applicable=len(unconfirmed), rules=total.rules, share=rs.not_applicable_share or 0.0,
        scored=total.scored)
    confirmed = rating
    if provisional and withheld is None:  # the rating once they are confirmed: they leave the score and the caps
        kept = [o for o in outcomes if not o.provisional]
        confirmed = scoring.rate(scoring.score(kept), rs.rating_bands, rs.rating_caps, kept, tuple(weak))
    fixed_by: tuple[str, ...] = ()
    band = rating.band
    if withheld is not None:  # rated all the same only where answers alone hold it at the lowest band
        band, fixed_by = _fixed_by_answers(rating, rs.rating_bands, outcomes)
    # withheld: no band is offered at all, not even the one the score reaches before caps (a
    # dashboard falling back on it would show «Consolidado» for a score over 4 of 37 duties), and
    # the rating is not provisional (it is not given): what it waits on is ``awaiting``
    uncapped = rating.uncapped if withheld is None else None
    by_phase: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_phase[o.rule.phase].append(o)
    return report.RuleSetResult(
        id=rs.id, title=rs.title, jurisdiction=rs.jurisdiction,
        headline=headline is not None and headline.ruleset_id == rs.id, score=total,
        rating=band.id if band else None, rating_label=band.label if band else None,
        uncapped=uncapped.id if uncapped else None,
        uncapped_label=uncapped.label if uncapped else None,
        caps=tuple(_cap_hold(lib, cap, labels[cap.max_rating], rules, binding, weak, provisional, rating.unanswered,
                             where) for cap, rules, binding in rating.holds),
        breaches=tuple(_breach(lib, rule, where) for rule in rating.breaches),
        bands=bands, by_phase=_lines(by_phase, phase_titles, model.phase_order((rs,))),
        provisional=provisional if withheld is None else (),
        if_confirmed=confirmed.band.id if provisional and withheld is None and confirmed.band else None,
        if_confirmed_label=confirmed.band.label if provisional and withheld is None and confirmed.band else None,
        withheld=withheld, fixed_by=fixed_by, awaiting=provisional if unconfirmed is None else unconfirmed)


def _fixed_by_answers(rating: scoring.Rating, bands: Sequence[model.RatingBand],
                      outcomes: Sequence[Outcome]) -> tuple[model.RatingBand | None, tuple[str, ...]]:
    """The band of a withheld rating that is certain all the same, and the duties whose answers
    make it so: the lowest band, when a cap at that band holds by at least one duty actually
    answered (not left blank, not declared not applicable): an admitted breach of an absolute duty,
    a critical duty answered at the bottom of its scale, or any other cap a rule set sets at the
    lowest band on its rules' answers. No answer to the duties declared not applicable can lift
    it. (None, ()) otherwise: the rating is withheld. A cap held only by unanswered duties or
    unconfirmed «no aplica» fixes nothing (answering them could lift it), nor does a weakness
    pattern's (it holds by no one duty's answer)."""
    if not bands:
        return None, ()
    lowest = bands[0]
    answered = {o.rule.id for o in outcomes if o.answered and not o.not_applicable}
    rules = tuple(r for cap, held, _ in rating.holds
                  if cap.max_rating == lowest.id and cap.when is not model.CapCondition.CRITICAL_WEAKNESS
                  for r in held if r in answered)
    return (lowest, rules) if rules else (None, ())


class _Others:
    """Who else must act on a duty: the institutions other than the assessed one that the rule
    holds responsible, then those on the other side of each hand-off the rule is a side of (the
    Procuraduría that receives the INM's notice, the INM that delivers a child to DIF), then the
    rule's declared counterparts (the SNDIF a state DIF notifies). Nobody on the other side of
    a hand-off or named by the action is left out, so a report never says "nobody else" there.

    An actor category that exactly one institution type of the institution's country carries
    is named as that type (a Mexican report says INM, not "migration authority"), so the
    same institution is not listed twice under two names. For the same reason a type named at
    the institution's own level is named as the type: the state Procuraduría a state DIF
    notifies is the Procuraduría its other duties name, one institution, one line under
    "who else must act" and one count. A type with a name of its own at that level (the SNDIF)
    is another body and keeps it; another level (the SNDIF for a state DIF) stays apart.
    """

    @classmethod
    def of(cls, lib: model.Library, itype: model.InstitutionType | None, country: str | None,
           level: str) -> _Others:
        """The one for this type, country and level (built once per library)."""
        memo = _memo(lib)
        key = (itype.id if itype else None, country, level)
        found = memo.others.get(key)
        if found is None:
            found = memo.others[key] = cls(lib, itype, country, level)
        return found

    def __init__(self, lib: model.Library, itype: model.InstitutionType | None, country: str | None,
                 level: str) -> None:
        self.lib = lib
        self.seen: dict[str, tuple[report.Actor, ...]] = {}
        self.handoffs = _handoff_sides(lib)
        self.own = model.own_actors(itype) if itype else frozenset()
        self.own_at_level = {f"{itype.id}@{level}"} if itype else set()
        self.at_level = {f"{t.id}@{level}": t.id for t in lib.institution_types.values()
                         if level in t.levels and level not in t.level_names}
        self.national: dict[str, str] = {}
        for category in lib.categories:
            types = [t.id for t in lib.institution_types.values() if t.country == country and category in t.categories]
            if len(types) == 1:
                self.national[category] = types[0]

    def __call__(self, rule: model.Rule) -> tuple[report.Actor, ...]:
        """Who else must act on a gap of ``rule``: the others who hold it, and its partners; only
        its partners when each institution holds it for its own cases (``held_separately``)."""
        known = self.seen.get(rule.id)
        if known is None:
            known = self.seen[rule.id] = self.partners(rule) if rule.held_separately else self._others(
                (*rule.responsible, *self.handoffs.get(rule.id, ()), *rule.counterparts))
        return known

    def partners(self, rule: model.Rule) -> tuple[report.Actor, ...]:
        """Only the institutions ``rule`` works with: those it names as responsible without asking
        them (the Procuraduría a notice goes to), the other side of its hand-offs and its
        counterparts; not the others it asks, who hold the same duty for their own cases."""
        asked = {*rule.applies_to.institution_types, *rule.applies_to.categories}
        return self._others((*(r for r in rule.responsible if r not in asked), *self.handoffs.get(rule.id, ()),
                             *rule.counterparts))

    def _others(self, named: Iterable[str]) -> tuple[report.Actor, ...]:
        found: dict[str, report.Actor] = {}
        for ident in named:
            shown = self.national.get(ident, ident)
            shown = self.at_level.get(shown, shown)
            if ident in self.own or shown in self.own or ident in self.own_at_level:
                continue
            found.setdefault(shown, _actor(self.lib, shown))
        return tuple(found.values())


def _handoff_sides(lib: model.Library) -> dict[str, tuple[str, ...]]:
    """Per rule that is one side of a hand-off: the institutions on the other side of each
    (made once per library)."""
    memo = _memo(lib)
    if memo.handoffs is None:
        sides: dict[str, list[str]] = defaultdict(list)
        for rs in lib.rulesets.values():
            for handoff in rs.handoffs:
                sides[handoff.sender.rule].extend(handoff.receiver.institutions)
                sides[handoff.receiver.rule].extend(handoff.sender.institutions)
        memo.handoffs = {rule: tuple(dict.fromkeys(ids)) for rule, ids in sides.items()}
    return memo.handoffs


def _gaps(outcomes: Iterable[Outcome], lib: model.Library, phase_titles: Mapping[str, model.Text],
          others: _Others) -> tuple[report.Gap, ...]:
    """The gaps among some outcomes, critical first, then by priority."""
    gaps = []
    for o in outcomes:
        rs = lib.rulesets[o.rule.ruleset_id]
        scale = rs.scales[o.rule.scale]
        crit = rs.criticalities[o.rule.criticality]
        answer = o.answer if o.answered and not o.not_applicable else None
        level = scale.level(answer.value) if answer and answer.value else None
        counted = None
        if answer is not None and level is not None:
            rank = scoring.counted_rank(o.rule, scale, answer)
            counted = scale.levels[rank] if 0 <= rank < scale.rank(level.value) else None
        target = scale.level(o.rule.target)
        if o.evidence_gap:
            status = report.GapStatus.UNSUPPORTED
        elif o.provisional:  # declared not applicable, unconfirmed: an unanswered critical duty until confirmed
            status = report.GapStatus.AWAITING_CONFIRMATION
        else:
            status = report.GapStatus.BELOW_TARGET if o.answered else report.GapStatus.NO_INFORMATION
        gaps.append(report.Gap(
            rule_id=o.rule.id, ruleset_id=rs.id, title=o.rule.title, phase=o.rule.phase,
            phase_title=phase_titles.get(o.rule.phase, model.Text()), criticality=crit.id,
            criticality_label=crit.label, weight=o.weight, critical=_critical(o),
            status=status, answer=level.value if level else None, answer_label=level.label if level else None,
            counted=counted.value if counted else None, counted_label=counted.label if counted else None,
            target=o.rule.target, target_label=target.label if target else model.Text(), claimed=o.claimed,
            evidenced=o.evidenced, target_score=o.target, priority=o.priority,
            also=() if o.evidence_gap else others(o.rule),
            action=o.rule.action_of(others.own), evidence_needed=o.rule.evidence_examples,
            provisions=_provision_refs(lib, o.rule.implements), notes=o.answer.notes if o.answer else None,
            basis=_basis(lib, o.rule), absolute=o.breach, duty=_duty(lib, o.rule.id),
            held_separately=o.rule.held_separately))
    gaps.sort(key=_urgency)
    return tuple(gaps)


_urgency = report.urgency


def _one_duty(gaps: tuple[report.Gap, ...], evidence_gaps: tuple[report.Gap, ...], lib: model.Library,
              others: _Others, headline: report.Headline | None,
              ) -> tuple[tuple[report.Gap, ...], tuple[report.Gap, ...]]:
    """Gaps of one duty asked by two rule sets (``equivalent_to``) name each other and share one
    list of who else must act; other gaps are as they are.

    The shared list is that of the institution's own rule set's rule (the headline's), with the
    other rule's partners only (:meth:`_Others.partners`). The other rule's other holders are
    left out: a regional rule is held by every first-contact authority, each for its own cases
    (a fiscalía's notice to the Procuraduría is not the health service's to act on). Without a
    rule of the headline rule set among them, every rule's list counts. An evidence gap keeps
    its empty list: what it asks, the institution's own evidence, is nobody else's to act on,
    whatever the other rule set's gap asks of others."""
    by_duty: dict[str, list[report.Gap]] = defaultdict(list)
    for gap in (*gaps, *evidence_gaps):
        by_duty[gap.duty].append(gap)
    shared = {duty: same for duty, same in by_duty.items() if len(same) > 1}
    if not shared:
        return gaps, evidence_gaps

    mine = headline.ruleset_id if headline is not None else None

    def named(gap: report.Gap, same: list[report.Gap]) -> tuple[report.Actor, ...]:
        """Whom one rule's gap adds to the shared list."""
        if gap.ruleset_id == mine or all(g.ruleset_id != mine for g in same):
            return gap.also
        return () if gap.status is report.GapStatus.UNSUPPORTED else others.partners(lib.rules[gap.rule_id])

    def joined(gap: report.Gap) -> report.Gap:
        same = shared.get(gap.duty)
        if same is None:
            return gap
        also = {} if gap.status is report.GapStatus.UNSUPPORTED else \
            {a.id: a for g in sorted(same, key=_urgency) for a in named(g, same)}
        return replace(gap, also=tuple(also.values()),
                       same_duty=tuple(g.rule_id for g in same if g.rule_id != gap.rule_id))

    return tuple(joined(g) for g in gaps), tuple(joined(g) for g in evidence_gaps)


def _fix_first(gaps: Iterable[report.Gap], headline: report.Headline | None,
               fixing: Collection[str] = ()) -> tuple[report.Gap, ...]:
    """The most urgent answered gaps, one per duty: a duty two rule sets ask takes one place, in
    the place of its most urgent gap, worded by the headline rule set's rule (naming the other).
    ``fixing``: the duties whose answers alone fix a withheld rating at the lowest band
    (:attr:`report.RuleSetResult.fixed_by`), which come just after the admitted breaches: what
    holds the rating is fixed first, before the not-applicable answers are reviewed."""
    def key(gap: report.Gap) -> tuple[bool, bool, tuple[bool, bool, bool, float, str]]:
        return not gap.absolute, gap.rule_id not in fixing, _urgency(gap)

    known = sorted((g for g in gaps if g.status not in report.NOT_KNOWN), key=key if fixing else _urgency)
    chosen: dict[str, report.Gap] = {}
    for gap in known:
        if gap.duty not in chosen:
            if len(chosen) < report.FIX_FIRST:
                chosen[gap.duty] = gap
        elif headline is not None and gap.ruleset_id == headline.ruleset_id:
            chosen[gap.duty] = gap  # the institution's own rule set words it
    return tuple(chosen.values())


def _coordination(gaps: Iterable[report.Gap]) -> tuple[report.Coordination, ...]:
    """Each other institution that must act, with the gaps it shares (most critical first)."""
    rules: dict[str, list[report.Gap]] = defaultdict(list)
    actors: dict[str, report.Actor] = {}
    for gap in gaps:
        for actor in gap.also:
            rules[actor.id].append(gap)
            actors[actor.id] = actor
    rows = [report.Coordination(actor=actors[a], rules=tuple(g.rule_id for g in shared),
                                critical=sum(g.critical for g in shared)) for a, shared in rules.items()]
    rows.sort(key=lambda row: (-row.critical, -len(row.rules), row.actor.id))
    return tuple(rows)


def _findings(rulesets: Sequence[model.RuleSet], facts: Mapping[str, conditions.Facts],
              lib: model.Library) -> tuple[report.WeaknessFinding, ...]:
    """The weakness patterns whose condition holds, the weightiest first."""
    findings = []
    for rs in rulesets:
        for weak in rs.weaknesses:
            if conditions.holds(weak.when, facts) is True:
                weak_crit = rs.criticalities.get(weak.criticality)
                findings.append(report.WeaknessFinding(
                    id=weak.id, title=weak.title, description=weak.description,
                    criticality=weak.criticality, criticality_label=weak_crit.label if weak_crit else model.Text(),
                    recommendation=weak.recommendation,
                    responsible=tuple(_actor(lib, a) for a in weak.responsible),
                    triggered_by=tuple(sorted(conditions.support(weak.when, facts))),
                    provisions=_provision_refs(lib, weak.provisions), sources=weak.sources))
    crit_weight = {c.id: c.weight for rs in rulesets for c in rs.criticalities.values()}
    findings.sort(key=lambda f: (-crit_weight.get(f.criticality, 0), f.id))
    return tuple(findings)


def _not_applicable_notices(rulesets: Sequence[model.RuleSet], outcomes: Sequence[Outcome],
                            results: Sequence[report.RuleSetResult]) -> list[report.Notice]:
    """Loud notices: too many not_applicable answers for a rule set's declared share, or any on a
    critical rule (unconfirmed ones, which hold the rating, apart from confirmed ones)."""
    notices = []
    for rs in rulesets:
        own = [o for o in outcomes if o.rule.ruleset_id == rs.id]
        na = [o for o in own if o.not_applicable]
        share = rs.not_applicable_share
        if share is not None and scoring.over_share(len(na), len(own), share):
            notices.append(_notice("many-not-applicable", na=str(len(na)), rules=str(len(own)), id=rs.id,
                                   share=f"{100 * share:g}"))
        unconfirmed = [o.rule.id for o in na if o.provisional]
        if unconfirmed:  # the rating they hold is provisional, withheld when too many are unconfirmed,
            # or, withheld, fixed at the lowest band by an admitted absolute breach all the same
            result = next(r for r in results if r.id == rs.id)
            code = ("critical-not-applicable-breach" if result.fixed_by_breach else
                    "critical-not-applicable-fixed" if result.fixed else
                    "critical-not-applicable-withheld" if result.withheld is not None else "critical-not-applicable")
            notices.append(_notice(code, id=rs.id, rules=", ".join(unconfirmed)))
        confirmed = [o.rule.id for o in na if o.critical and not o.provisional]
        if confirmed:
            notices.append(_notice("critical-not-applicable-confirmed", id=rs.id, rules=", ".join(confirmed)))
    return notices


def _unanswered(outcomes: Iterable[Outcome]) -> tuple[report.Unanswered, ...]:
    return tuple(report.Unanswered(rule_id=o.rule.id, title=o.rule.title, phase=o.rule.phase,
                                   critical=o.critical)
                 for o in outcomes if not o.answered and not o.not_applicable)


def _not_applicable(outcomes: Iterable[Outcome]) -> tuple[report.NotApplicable, ...]:
    return tuple(report.NotApplicable(rule_id=o.rule.id, title=o.rule.title, critical=o.critical,
                                      justification=(o.answer.justification or "") if o.answer else "",
                                      confirmed_by=(o.answer.confirmed_by or None) if o.answer else None,
                                      provisional=o.provisional)
                 for o in outcomes if o.not_applicable)


def _cited(gaps: Iterable[report.Gap], findings: Iterable[report.WeaknessFinding],
           lib: model.Library) -> tuple[report.SourceRef, ...]:
    """The sources behind the gaps and findings reported."""
    findings = tuple(findings)
    cited = sorted({s for g in gaps for p in g.provisions for s in p.sources}
                   | {s for f in findings for s in f.sources}
                   | {s for f in findings for p in f.provisions for s in p.sources})
    return tuple(report.SourceRef(id=s, title=lib.sources[s].title, publisher=lib.sources[s].publisher,
                                  date=lib.sources[s].date, address=lib.sources[s].address)
                 for s in cited if s in lib.sources)


def _ruleset_refs(assessment: model.Assessment, rulesets: Iterable[model.RuleSet],
                  lib: model.Library) -> tuple[report.DocumentRef, ...]:
    """The rule sets evaluated with, and the version each was answered with."""
    answered_with: dict[str, str] = {}
    for ref in assessment.rulesets:
        answered_with.setdefault(ref.id, ref.version)
    memo = _memo(lib).refs_of
    refs = []
    for rs in rulesets:
        key = (rs.id, answered_with[rs.id])
        if key not in memo:
            memo[key] = report.DocumentRef(id=rs.id, title=rs.title, version=rs.version, answered_with=key[1],
                                           fingerprint=rs.fingerprint)
        refs.append(memo[key])
    return tuple(refs)


def _documents(assessment: model.Assessment, rulesets: Iterable[model.RuleSet], lib: model.Library,
               standards: Iterable[str]) -> tuple[tuple[report.DocumentRef, ...], tuple[report.DocumentRef, ...]]:
    """The rule sets evaluated with (and the version answered with) and the standards they cite."""
    return (_ruleset_refs(assessment, rulesets, lib),
            tuple(report.DocumentRef(id=s, title=lib.standards[s].title, version=lib.standards[s].issued,
                                     answered_with=None, fingerprint=lib.standards[s].fingerprint)
                  for s in standards))


def _evidence_given(outcomes: Iterable[Outcome], answers: Mapping[str, model.Answer]) -> tuple[report.EvidenceLine, ...]:
    """The evidence as given for each rule asked; items the score could not count are marked stale."""
    def records(answer: model.Answer | None) -> tuple[model.Evidence, ...]:
        # an answer built with titles only (by an importer or a caller) has its titles as records
        if answer is None:
            return ()
        return answer.records or tuple(model.Evidence(title=title) for title in answer.evidence)

    lines = []
    for o in outcomes:
        given = records(answers.get(o.rule.id))
        if not given:
            continue
        counted = set(records(o.answer))
        lines.append(report.EvidenceLine(rule_id=o.rule.id, title=o.rule.title, items=tuple(
            report.EvidenceItem(title=r.title, date=r.date, link=r.link, file=r.file, verified_by=r.verified_by,
                                stale=r not in counted) for r in given)))
    return tuple(lines)


@record
class _Judged:
    """What every report of an assessment starts from: the outcomes and each rule set's judgment."""

    itype: model.InstitutionType | None
    notices: list[report.Notice]
    answers: dict[str, model.Answer]
    rulesets: list[model.RuleSet]
    asked: _Asked
    country: str | None
    headline: report.Headline | None
    phase_titles: dict[str, model.Text]
    results: tuple[report.RuleSetResult, ...]


def _equivalent_notices(answers: Mapping[str, model.Answer], lib: model.Library) -> list[report.Notice]:
    """Two rules declared the same duty answered differently: each counts as answered, and the report says so."""
    out = []
    for first, second in model.equivalent_pairs(lib):
        one, other = answers.get(first), answers.get(second)
        if one is None or other is None or one.value is None or other.value is None or one.value == other.value:
            continue
        out.append(_notice("equivalent-answers", rule=first, value=_answer_label(lib, first, one.value),
                           line=str(one.location.line), other=second,
                           other_value=_answer_label(lib, second, other.value), other_line=str(other.location.line)))
    return out


def _outside_confirmations(answers: dict[str, model.Answer], assessment: model.Assessment,
                           notices: list[report.Notice] | None) -> dict[str, model.Answer]:
    """The answers with every confirmation that names one of the assessors taken away (a duty
    is confirmed not to apply only by someone outside the assessing team), and a notice each."""
    if not assessment.assessors or not any(a.confirmed_by for a in answers.values()):
        return answers  # the usual case, decided at once
    kept = dict(answers)
    for rule_id, answer in answers.items():
        if answer.value != model.NOT_APPLICABLE or not answer.confirmed_by:
            continue
        who = model.self_confirmed(answer.confirmed_by, assessment.assessors)
        if who is not None:
            kept[rule_id] = replace(answer, confirmed_by=None)
            if notices is not None:
                notices.append(_notice("self-confirmed", rule=rule_id, who=who))
    return kept


def _answer_label(lib: model.Library, rule_id: str, value: str) -> model.Text:
    """How a reader knows an answer: its level's label on the rule's scale (the value as typed, if none)."""
    rule = lib.rules[rule_id]
    scale = lib.rulesets[rule.ruleset_id].scales.get(rule.scale)
    level = scale.level(value) if scale else None
    return level.label if level is not None else model.Text(es=value, en=value)


def _judge(assessment: model.Assessment, lib: model.Library, *, brief: bool = False) -> _Judged:
    """The outcomes and each rule set's judgment; with ``brief``, no notices (a brief has none)."""
    inst = assessment.institution
    itype = lib.institution_types.get(inst.type)
    rulesets = [lib.rulesets[ref.id] for ref in assessment.rulesets if ref.id in lib.rulesets]
    notices: list[report.Notice] = []
    if brief:
        answers = _outside_confirmations(_answers_by_rule(assessment, lib, None), assessment, None)
        asked = _ask(rulesets, answers, inst, lib, None, assessment.assessed_on)
    else:
        if assessment.illustrative:
            notices.append(_notice("illustrative"))
        answers = _outside_confirmations(_answers_by_rule(assessment, lib, notices), assessment, notices)
        notices += _version_notices(assessment, lib)
        notices += _equivalent_notices(answers, lib)
        asked = _ask(rulesets, answers, inst, lib, notices, assessment.assessed_on)
    outcomes = asked.outcomes

    where = grounding.place(inst, itype)  # its jurisdiction, else its type's country
    country = where[:2] if where else None  # MX-CHP -> MX
    headline = _headline(rulesets, country)
    phase_titles = _phase_titles(rulesets)
    results = tuple(_result(lib, rs, [o for o in outcomes if o.rule.ruleset_id == rs.id], headline, phase_titles,
                            asked.facts, where) for rs in rulesets)
    if not brief:  # they say whether each rating is provisional, withheld or fixed by a breach
        notices += _not_applicable_notices(rulesets, outcomes, results)
    return _Judged(itype, notices, answers, rulesets, asked, country, headline, phase_titles, results)


def _level(lib: model.Library, level: str) -> report.Actor:
    levels = _memo(lib).levels
    known = levels.get(level)
    if known is None:
        gov_level = lib.levels.get(level)
        name = gov_level.name if gov_level else model.Text(es=level, en=level)
        known = levels[level] = report.Actor(id=level, name=name)
    return known


def _critical(o: Outcome) -> bool:
    """Whether a gap (or evidence gap) is critical, as the report marks it."""
    return o.critical_gap or o.critical_evidence_gap


def evaluate(assessment: model.Assessment, lib: model.Library) -> report.GapReport:
    """Evaluate a (cross-checked) assessment against the library's rule sets."""
    inst = assessment.institution
    judged = _judge(assessment, lib)
    itype, notices, answers, rulesets, asked = judged.itype, judged.notices, judged.answers, judged.rulesets, judged.asked
    outcomes = asked.outcomes
    phase_titles = judged.phase_titles
    others = _Others.of(lib, itype, judged.country, inst.level)
    gaps = _gaps((o for o in outcomes if o.gap), lib, phase_titles, others)
    evidence_gaps = _gaps((o for o in outcomes if o.evidence_gap), lib, phase_titles, others)
    gaps, evidence_gaps = _one_duty(gaps, evidence_gaps, lib, others, judged.headline)
    findings = _findings(rulesets, asked.facts, lib)
    by_standard: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        for std in sorted({lib.provisions[p].standard_id for p in o.rule.implements if p in lib.provisions}):
            by_standard[std].append(o)
    used_standards = sorted(by_standard)
    ruleset_refs, standard_refs = _documents(assessment, rulesets, lib, used_standards)
    return report.GapReport(
        institution_type=_actor(lib, inst.type),
        institution_categories=tuple(_actor(lib, c) for c in (itype.categories if itype else ())),
        institution_level=_level(lib, inst.level),
        institution_name=inst.name, jurisdiction=inst.jurisdiction, assessed_on=assessment.assessed_on,
        round=assessment.round, assessors=assessment.assessors, illustrative=assessment.illustrative,
        assessment_fingerprint=assessment.fingerprint, rulesets=ruleset_refs, standards=standard_refs,
        headline=judged.headline, results=judged.results,
        by_standard=_lines(by_standard, {s: _short(lib.standards[s]) for s in used_standards}),
        fix_first=_fix_first((*gaps, *evidence_gaps), judged.headline,
                             {r for result in judged.results if result.fixed for r in result.fixed_by}),
        answer_first=tuple(sorted((g for g in gaps if g.status is report.GapStatus.NO_INFORMATION),
                                  key=lambda g: g.rule_id)),
        gaps=gaps, evidence_gaps=evidence_gaps, weaknesses=findings, unanswered=_unanswered(outcomes),
        not_applicable=_not_applicable(outcomes), coordination=_coordination((*gaps, *evidence_gaps)),
        sources=_cited((*gaps, *evidence_gaps), findings, lib), notices=tuple(notices),
        evidence=_evidence_given(outcomes, answers))


def condition_facts(assessment: model.Assessment, lib: model.Library) -> dict[str, conditions.Facts]:
    """What the weakness patterns are judged on for an assessment (own duties, old IDs included,
    stale evidence counted as none): the same facts :func:`evaluate` judges them on."""
    return _judge(assessment, lib).asked.facts


def evaluate_brief(assessment: model.Assessment, lib: model.Library) -> report.Brief:
    """``report.Brief.of(evaluate(assessment, lib))``, without building the parts a brief drops.

    A summary of thousands needs each rule set's judgment and which rules are gaps, not the
    provisions, bases, findings and evidence of every gap: they are never made here.
    """
    inst = assessment.institution
    judged = _judge(assessment, lib, brief=True)
    gaps = sorted((o for o in judged.asked.outcomes if o.gap or o.evidence_gap),  # evidence gaps too, as the report
                  key=lambda o: (not o.breach, not o.answered or o.provisional, not _critical(o), -o.priority,
                                 o.rule.id))  # as _urgency orders the report's
    return report.Brief(
        institution_type=_actor(lib, inst.type), institution_level=_level(lib, inst.level),
        institution_name=inst.name, jurisdiction=inst.jurisdiction, assessed_on=assessment.assessed_on,
        round=assessment.round, rulesets=_ruleset_refs(assessment, judged.rulesets, lib), results=judged.results,
        gaps=tuple(_gap_brief(lib, o.rule, _critical(o)) for o in gaps))


def _gap_brief(lib: model.Library, rule: model.Rule, critical: bool) -> report.GapBrief:
    memo = _memo(lib).gap_briefs
    key = (rule.id, critical)
    found = memo.get(key)
    if found is None:
        found = memo[key] = report.GapBrief(rule_id=rule.id, title=rule.title, critical=critical,
                                            duty=_duty(lib, rule.id))
    return found


def _duty(lib: model.Library, rule_id: str) -> str:
    """The duty a rule asks: its own ID, or for rules declared the same duty (``equivalent_to``,
    followed through every pair), the first of their IDs, so that one duty asked by two rule
    sets is counted once where their gaps are counted together."""
    memo = _memo(lib)
    if memo.duties is None:
        group: dict[str, set[str]] = {}
        for first, second in model.equivalent_pairs(lib):
            joined = group.get(first, {first}) | group.get(second, {second})
            for ident in joined:
                group[ident] = joined
        memo.duties = {ident: min(same) for ident, same in group.items()}
    return memo.duties.get(rule_id, rule_id)
