"""Scores a self-assessment against its rule sets and builds the gap report. Pure.

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
  the top band while a critical gap exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from brecha import model, report
from brecha.consistency import applies
from brecha.diffing import bump_of

__all__ = ["evaluate", "holds"]

_MESSAGES = {
    "version": model.Text(
        es="La autoevaluación se respondió con {id} {old}; se evalúa con {id} {new}. "
           "Reglas nuevas desde entonces: {added}. Reglas en desuso desde entonces: {gone}.",
        en="The self-assessment was answered with {id} {old}; it is evaluated with {id} {new}. "
           "Rules added since: {added}. Rules deprecated since: {gone}."),
    "not-asked": model.Text(
        es="Se ignoró la respuesta a {rule}: la regla no aplica a este tipo de institución.",
        en="The answer to {rule} was ignored: the rule does not apply to this institution type."),
    "renamed": model.Text(
        es="La respuesta a {old} cuenta para {new} (la regla cambió de identificador).",
        en="The answer to {old} counts for {new} (the rule was renamed)."),
    "illustrative": model.Text(
        es="Ejemplo ilustrativo: la institución y las respuestas son ficticias.",
        en="Illustrative example: the institution and its answers are fictional."),
    "deprecated": model.Text(
        es="La regla {rule} está en desuso desde {since}; su respuesta no cuenta.",
        en="Rule {rule} is deprecated since {since}; its answer does not count."),
}


def _newer(version: str, than: str) -> bool:
    return bump_of(than, version) is not None


def _notice(code: str, **values: str) -> report.Notice:
    text = _MESSAGES[code]
    return report.Notice(code=code, message=model.Text(
        es=(text.es or "").format(**values), en=(text.en or "").format(**values)))


@dataclass(frozen=True, slots=True)
class _Outcome:
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
        return self.answer is not None and self.answer.value is not None


def _evidenced_fraction(rule: model.Rule, scale: model.Scale, answer: model.Answer) -> float:
    level = scale.level(answer.value or "")
    if level is None:
        return 0.0
    if rule.evidence_from is None or answer.evidence:
        return level.score
    need = scale.rank(rule.evidence_from)
    if scale.rank(level.value) < need:
        return level.score
    return scale.levels[need - 1].score if need > 0 else 0.0


def _outcome(rule: model.Rule, rs: model.RuleSet, answer: model.Answer | None) -> _Outcome:
    scale = rs.scales[rule.scale]
    crit = rs.criticalities[rule.criticality]
    target_level = scale.level(rule.target)
    target = target_level.score if target_level else 1.0
    if answer is None or answer.value is None:
        return _Outcome(rule, crit.weight, answer, 0.0, 0.0, target, False, False, crit.critical)
    if answer.value == model.NOT_APPLICABLE:
        return _Outcome(rule, crit.weight, answer, 0.0, 0.0, target, True, False, False)
    level = scale.level(answer.value)
    claimed = level.score if level else 0.0
    evidenced = _evidenced_fraction(rule, scale, answer)
    gap = claimed < target
    return _Outcome(rule, crit.weight, answer, claimed, evidenced, target, False, gap, gap and crit.critical)


def _score(outcomes: Iterable[_Outcome]) -> report.Score:
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


def _compare(rule: model.Rule, scale: model.Scale, answer: model.Answer | None,
             leaf: model.Comparison) -> bool | None:
    if answer is None or answer.value is None or answer.value == model.NOT_APPLICABLE:
        return None  # no information: a weakness is never inferred from silence
    if leaf.op == "evidenced":
        return bool(answer.evidence) == leaf.value
    value = answer.value
    if leaf.op == "is":
        return value == leaf.value
    if leaf.op == "in":
        return value in tuple(leaf.value)  # type: ignore[arg-type]
    here, there = scale.rank(value), scale.rank(str(leaf.value))
    return {"at_least": here >= there, "at_most": here <= there,
            "below": here < there, "above": here > there}[leaf.op]


def holds(condition: model.Condition, lookup: Mapping[str, tuple[model.Rule, model.Scale, model.Answer | None]]
          ) -> bool | None:
    """Three-valued truth of a condition: True, False, or None (not enough information).

    Comparisons on unanswered, not-applicable or not-asked rules are unknown; ``all``,
    ``any`` and ``not`` follow Kleene's logic, so silence never proves a weakness.
    """
    match condition:
        case model.Comparison(rule=rule_id):
            if rule_id not in lookup:
                return None
            rule, scale, answer = lookup[rule_id]
            return _compare(rule, scale, answer, condition)
        case model.All(items=items):
            values = [holds(c, lookup) for c in items]
            return False if False in values else (None if None in values else True)
        case model.Any_(items=items):
            values = [holds(c, lookup) for c in items]
            return True if True in values else (None if None in values else False)
        case model.Not(item=item):
            value = holds(item, lookup)
            return None if value is None else not value
    raise AssertionError(condition)  # pragma: no cover


def _support(condition: model.Condition, lookup: Mapping[str, tuple[model.Rule, model.Scale, model.Answer | None]],
             negated: bool = False) -> set[str]:
    """The rules whose answers make a true condition true (a comparison under a 'not' counts when false)."""
    match condition:
        case model.Comparison(rule=rule_id):
            value = holds(condition, lookup)
            return {lookup[rule_id][0].id} if value is (not negated) else set()
        case model.All(items=items) | model.Any_(items=items):
            return set().union(*(_support(item, lookup, negated) for item in items))
        case model.Not(item=item):
            return _support(item, lookup, not negated)
    raise AssertionError(condition)  # pragma: no cover


def _provision_refs(lib: model.Library, ids: Iterable[str]) -> tuple[report.ProvisionRef, ...]:
    refs = []
    for pid in ids:
        prov = lib.provisions.get(pid)
        if prov is None:
            continue
        std = lib.standards[prov.standard_id]
        refs.append(report.ProvisionRef(
            id=prov.id, standard_id=std.id, standard_title=_short(std), legal_force=std.legal_force,
            title=prov.title, locator=prov.locator, locator_verified=prov.locator_verified,
            confidence=prov.confidence.value, sources=prov.sources))
    return tuple(refs)


def _short(std: model.Standard) -> model.Text:
    """A standard's short title for breakdowns and references (its full title otherwise)."""
    return std.short_title or std.title


def _actor(lib: model.Library, ident: str) -> report.Actor:
    found = lib.institution_types.get(ident) or lib.categories.get(ident)
    return report.Actor(id=ident, name=found.name if found else model.Text(es=ident, en=ident))


def evaluate(assessment: model.Assessment, lib: model.Library) -> report.GapReport:
    """Evaluate a (cross-checked) assessment against the library's rule sets."""
    inst = assessment.institution
    itype = lib.institution_types.get(inst.type)
    notices: list[report.Notice] = []
    if assessment.illustrative:
        notices.append(_notice("illustrative"))
    answers: dict[str, model.Answer] = {}
    for key, answer in sorted(assessment.answers.items()):
        rule_id = lib.aliases.get(key, key) if key not in lib.rules else key
        if rule_id != key:
            notices.append(_notice("renamed", old=key, new=rule_id))
        answers.setdefault(rule_id, answer)

    rulesets = [lib.rulesets[ref.id] for ref in assessment.rulesets if ref.id in lib.rulesets]
    outcomes: list[_Outcome] = []
    lookup: dict[str, tuple[model.Rule, model.Scale, model.Answer | None]] = {}
    for ref in assessment.rulesets:
        rs = lib.rulesets.get(ref.id)
        if rs is not None and rs.version != ref.version:
            added = [r.id for r in rs.rules if r.since and _newer(r.since, ref.version)]
            gone = [r.id for r in rs.rules if r.deprecated and _newer(r.deprecated.since, ref.version)]
            notices.append(_notice("version", id=rs.id, old=ref.version, new=rs.version,
                                   added=", ".join(added) or "—", gone=", ".join(gone) or "—"))
    for rs in rulesets:
        for rule in rs.rules:
            asked = applies(rule, itype, inst.level)
            if rule.deprecated:
                if rule.id in answers:
                    notices.append(_notice("deprecated", rule=rule.id, since=rule.deprecated.since))
                continue
            if not asked:
                if rule.id in answers:
                    notices.append(_notice("not-asked", rule=rule.id))
                continue
            outcome = _outcome(rule, rs, answers.get(rule.id))
            outcomes.append(outcome)
            for key in (rule.id, *rule.aliases):  # conditions may still use an old ID
                lookup[key] = (rule, rs.scales[rule.scale], outcome.answer)

    by_phase: dict[str, list[_Outcome]] = defaultdict(list)
    by_standard: dict[str, list[_Outcome]] = defaultdict(list)
    by_actor: dict[str, list[_Outcome]] = defaultdict(list)
    by_ruleset: dict[str, list[_Outcome]] = defaultdict(list)
    for o in outcomes:
        by_phase[o.rule.phase].append(o)
        by_ruleset[o.rule.ruleset_id].append(o)
        for std in sorted({lib.provisions[p].standard_id for p in o.rule.implements if p in lib.provisions}):
            by_standard[std].append(o)
        for actor in o.rule.responsible:
            by_actor[actor].append(o)

    phase_titles: dict[str, model.Text] = {}
    for rs in rulesets:
        for phase in rs.phases:
            phase_titles.setdefault(phase.id, phase.title)
    phase_order = list(phase_titles)

    overall = _score(outcomes)
    primary = rulesets[0] if rulesets else None
    bands = primary.rating_bands if primary else ()
    rating = None
    capped = False
    if overall.evidenced is not None and bands:
        reached = [b for b in bands if overall.evidenced >= b.min_score - 1e-9]
        band = reached[-1] if reached else bands[0]
        if band is bands[-1] and overall.critical_gaps:
            band, capped = bands[-2], True
        rating = band

    gaps = []
    for o in outcomes:
        if not (o.gap or o.critical_gap):
            continue
        rs = lib.rulesets[o.rule.ruleset_id]
        scale = rs.scales[o.rule.scale]
        crit = rs.criticalities[o.rule.criticality]
        level = scale.level(o.answer.value) if o.answer and o.answer.value else None
        target = scale.level(o.rule.target)
        gaps.append(report.Gap(
            rule_id=o.rule.id, ruleset_id=rs.id, title=o.rule.title, phase=o.rule.phase,
            phase_title=phase_titles.get(o.rule.phase, model.Text()), criticality=crit.id,
            criticality_label=crit.label, weight=o.weight, critical=o.critical_gap,
            status="below-target" if o.answered else "no-information",
            answer=o.answer.value if o.answered and o.answer else None,
            answer_label=level.label if level else None, target=o.rule.target,
            target_label=target.label if target else model.Text(), claimed=o.claimed,
            evidenced=o.evidenced, target_score=o.target,
            priority=round(o.weight * (o.target - o.claimed), 6),
            responsible=tuple(_actor(lib, a) for a in o.rule.responsible), action=o.rule.action,
            provisions=_provision_refs(lib, o.rule.implements),
            notes=o.answer.notes if o.answer else None))
    gaps.sort(key=lambda g: (not g.critical, -g.priority, g.rule_id))

    findings = []
    for rs in rulesets:
        for weak in rs.weaknesses:
            if holds(weak.when, lookup) is True:
                weak_crit = rs.criticalities.get(weak.criticality)
                findings.append(report.WeaknessFinding(
                    id=weak.id, title=weak.title, description=weak.description,
                    criticality=weak.criticality, criticality_label=weak_crit.label if weak_crit else model.Text(),
                    recommendation=weak.recommendation,
                    responsible=tuple(_actor(lib, a) for a in weak.responsible),
                    triggered_by=tuple(sorted(_support(weak.when, lookup))),
                    provisions=_provision_refs(lib, weak.provisions), sources=weak.sources))
    crit_weight = {c.id: c.weight for rs in rulesets for c in rs.criticalities.values()}
    findings.sort(key=lambda f: (-crit_weight.get(f.criticality, 0), f.id))

    unanswered = tuple(report.Unanswered(rule_id=o.rule.id, title=o.rule.title, phase=o.rule.phase,
                                         critical=o.critical_gap)
                       for o in outcomes if not o.answered and not o.not_applicable)
    unevidenced = []
    for o in outcomes:
        if o.answered and o.evidenced < o.claimed and o.answer and o.answer.value:
            scale = lib.rulesets[o.rule.ruleset_id].scales[o.rule.scale]
            level = scale.level(o.answer.value)
            unevidenced.append(report.Unevidenced(
                rule_id=o.rule.id, title=o.rule.title, answer=o.answer.value,
                answer_label=level.label if level else model.Text(),
                required_from=o.rule.evidence_from or "", claimed=o.claimed, evidenced=o.evidenced))
    not_applicable = tuple(report.NotApplicable(rule_id=o.rule.id, title=o.rule.title,
                                                justification=(o.answer.justification or "") if o.answer else "")
                           for o in outcomes if o.not_applicable)

    def lines(groups: Mapping[str, list[_Outcome]], label: Mapping[str, model.Text],
              order: Iterable[str] | None = None) -> tuple[report.ScoreLine, ...]:
        keys = [k for k in (order or sorted(groups)) if k in groups]
        return tuple(report.ScoreLine(id=k, label=label.get(k, model.Text(es=k, en=k)),
                                      score=_score(groups[k])) for k in keys)

    used_standards = sorted(by_standard)
    cited = sorted({s for g in gaps for p in g.provisions for s in p.sources}
                   | {s for f in findings for s in f.sources}
                   | {s for f in findings for p in f.provisions for s in p.sources})
    actor_labels = {a: _actor(lib, a).name for a in by_actor}
    gov_level = lib.levels.get(inst.level)
    return report.GapReport(
        institution_type=_actor(lib, inst.type),
        institution_level=report.Actor(id=inst.level, name=gov_level.name if gov_level
                                       else model.Text(es=inst.level, en=inst.level)),
        institution_name=inst.name, jurisdiction=inst.jurisdiction, assessed_on=assessment.assessed_on,
        round=assessment.round, assessors=assessment.assessors, illustrative=assessment.illustrative,
        assessment_fingerprint=assessment.fingerprint,
        rulesets=tuple(report.DocumentRef(id=rs.id, title=rs.title, version=rs.version,
                                          answered_with=next(r.version for r in assessment.rulesets if r.id == rs.id),
                                          fingerprint=rs.fingerprint) for rs in rulesets),
        standards=tuple(report.DocumentRef(id=s, title=lib.standards[s].title, version=lib.standards[s].issued,
                                           answered_with=None, fingerprint=lib.standards[s].fingerprint)
                        for s in used_standards),
        overall=overall, rating=rating.id if rating else None, rating_label=rating.label if rating else None,
        rating_capped=capped, bands=tuple((b.id, b.label, b.min_score) for b in bands),
        by_ruleset=lines(by_ruleset, {rs.id: rs.title for rs in rulesets}, [rs.id for rs in rulesets]),
        by_standard=lines(by_standard, {s: _short(lib.standards[s]) for s in used_standards}),
        by_phase=lines(by_phase, phase_titles, phase_order),
        by_institution=lines(by_actor, actor_labels),
        gaps=tuple(gaps), weaknesses=tuple(findings), unanswered=unanswered,
        unevidenced=tuple(unevidenced), not_applicable=not_applicable,
        sources=tuple(report.SourceRef(id=s, title=lib.sources[s].title, publisher=lib.sources[s].publisher,
                                       date=lib.sources[s].date, address=lib.sources[s].address)
                      for s in cited if s in lib.sources),
        notices=tuple(notices))
