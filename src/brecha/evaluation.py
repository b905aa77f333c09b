"""Evaluates a self-assessment against its rule sets and builds the gap report. Pure.

The scoring method is in :mod:`brecha.scoring`; conditions of weakness patterns are
judged by :mod:`brecha.conditions`. This module decides which rules are asked, gathers
outcomes into breakdowns, gaps and findings, and says what it noticed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from brecha import conditions, grounding, model, report, scoring
from brecha.i18n import Lang, tr
from brecha.scoring import Outcome
from brecha.versions import newer

__all__ = ["evaluate"]

def _notice(code: str, **values: str) -> report.Notice:
    key = f"notice.{code}"  # the texts are in the catalogue (brecha.i18n)
    return report.Notice(code=code, message=model.Text(es=tr(key, Lang.ES, **values), en=tr(key, Lang.EN, **values)))


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
            confidence=prov.confidence, sources=prov.sources))
    return tuple(refs)


def _basis(lib: model.Library, rule: model.Rule) -> report.Basis | None:
    """How well the rule is grounded in its rule set's declared basis (None without one)."""
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
    found = lib.institution_types.get(ident) or lib.categories.get(ident)
    return report.Actor(id=ident, name=found.name if found else model.Text(es=ident, en=ident))



def _answers_by_rule(assessment: model.Assessment, lib: model.Library,
                     notices: list[report.Notice]) -> dict[str, model.Answer]:
    """The answers keyed by current rule ID (an answer under an old ID counts for the new one)."""
    answers: dict[str, model.Answer] = {}
    for key, answer in sorted(assessment.answers.items()):
        rule_id = lib.aliases.get(key, key) if key not in lib.rules else key
        if rule_id != key:
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


@dataclass(frozen=True, slots=True)
class _Asked:
    """The outcomes of the rules asked, and what conditions may know of them."""

    outcomes: list[Outcome]
    facts: dict[str, conditions.Facts]


def _ask(rulesets: Sequence[model.RuleSet], answers: Mapping[str, model.Answer],
         institution: model.InstitutionProfile, lib: model.Library, notices: list[report.Notice]) -> _Asked:
    """Score every rule that asks this institution; say why other answers do not count."""
    itype = lib.institution_types.get(institution.type)
    asked = _Asked([], {})
    for rs in rulesets:
        for rule in rs.rules:
            if rule.deprecated:
                if rule.id in answers:
                    notices.append(_notice("deprecated", rule=rule.id, since=rule.deprecated.since))
                continue
            if not model.applies(rule, itype, institution.level):
                if rule.id in answers:
                    notices.append(_notice("not-asked", rule=rule.id))
                continue
            outcome = scoring.outcome(rule, rs, answers.get(rule.id))
            asked.outcomes.append(outcome)
            answer = outcome.answer
            known = conditions.Facts(
                rule_id=rule.id,
                value=answer.value if answer and answer.value != model.NOT_APPLICABLE else None,
                evidenced=bool(answer and answer.evidence), levels=rs.scales[rule.scale].values)
            for key in (rule.id, *rule.aliases):  # conditions may still use an old ID
                asked.facts[key] = known
    return asked


@dataclass(frozen=True, slots=True)
class _Groups:
    """Outcomes grouped for the breakdowns."""

    by_phase: dict[str, list[Outcome]]
    by_standard: dict[str, list[Outcome]]
    by_actor: dict[str, list[Outcome]]
    by_ruleset: dict[str, list[Outcome]]


def _group(outcomes: Iterable[Outcome], lib: model.Library) -> _Groups:
    groups = _Groups(defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list))
    for o in outcomes:
        groups.by_phase[o.rule.phase].append(o)
        groups.by_ruleset[o.rule.ruleset_id].append(o)
        for std in sorted({lib.provisions[p].standard_id for p in o.rule.implements if p in lib.provisions}):
            groups.by_standard[std].append(o)
        for actor in o.rule.responsible:
            groups.by_actor[actor].append(o)
    return groups


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
                                  score=scoring.score(groups[k])) for k in keys)


def _gaps(outcomes: Iterable[Outcome], lib: model.Library,
          phase_titles: Mapping[str, model.Text]) -> tuple[report.Gap, ...]:
    """Every gap and critical gap, critical first, then by priority."""
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
            status=report.GapStatus.BELOW_TARGET if o.answered else report.GapStatus.NO_INFORMATION,
            answer=o.answer.value if o.answered and o.answer else None,
            answer_label=level.label if level else None, target=o.rule.target,
            target_label=target.label if target else model.Text(), claimed=o.claimed,
            evidenced=o.evidenced, target_score=o.target, priority=o.priority,
            responsible=tuple(_actor(lib, a) for a in o.rule.responsible), action=o.rule.action,
            provisions=_provision_refs(lib, o.rule.implements),
            notes=o.answer.notes if o.answer else None, basis=_basis(lib, o.rule)))
    gaps.sort(key=lambda g: (not g.critical, -g.priority, g.rule_id))
    return tuple(gaps)


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


def _unanswered(outcomes: Iterable[Outcome]) -> tuple[report.Unanswered, ...]:
    return tuple(report.Unanswered(rule_id=o.rule.id, title=o.rule.title, phase=o.rule.phase,
                                   critical=o.critical_gap)
                 for o in outcomes if not o.answered and not o.not_applicable)


def _unevidenced(outcomes: Iterable[Outcome], lib: model.Library) -> tuple[report.Unevidenced, ...]:
    """Answers whose credit drops in the evidenced score for want of evidence."""
    found = []
    for o in outcomes:
        if o.answered and o.evidenced < o.claimed and o.answer and o.answer.value:
            scale = lib.rulesets[o.rule.ruleset_id].scales[o.rule.scale]
            level = scale.level(o.answer.value)
            found.append(report.Unevidenced(
                rule_id=o.rule.id, title=o.rule.title, answer=o.answer.value,
                answer_label=level.label if level else model.Text(),
                required_from=o.rule.evidence_from or "", claimed=o.claimed, evidenced=o.evidenced))
    return tuple(found)


def _not_applicable(outcomes: Iterable[Outcome]) -> tuple[report.NotApplicable, ...]:
    return tuple(report.NotApplicable(rule_id=o.rule.id, title=o.rule.title,
                                      justification=(o.answer.justification or "") if o.answer else "")
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


def _documents(assessment: model.Assessment, rulesets: Iterable[model.RuleSet], lib: model.Library,
               standards: Iterable[str]) -> tuple[tuple[report.DocumentRef, ...], tuple[report.DocumentRef, ...]]:
    """The rule sets evaluated with (and the version answered with) and the standards they cite."""
    answered_with: dict[str, str] = {}
    for ref in assessment.rulesets:
        answered_with.setdefault(ref.id, ref.version)
    return (tuple(report.DocumentRef(id=rs.id, title=rs.title, version=rs.version,
                                     answered_with=answered_with[rs.id], fingerprint=rs.fingerprint)
                  for rs in rulesets),
            tuple(report.DocumentRef(id=s, title=lib.standards[s].title, version=lib.standards[s].issued,
                                     answered_with=None, fingerprint=lib.standards[s].fingerprint)
                  for s in standards))


def evaluate(assessment: model.Assessment, lib: model.Library) -> report.GapReport:
    """Evaluate a (cross-checked) assessment against the library's rule sets."""
    inst = assessment.institution
    notices = [_notice("illustrative")] if assessment.illustrative else []
    answers = _answers_by_rule(assessment, lib, notices)
    notices += _version_notices(assessment, lib)
    rulesets = [lib.rulesets[ref.id] for ref in assessment.rulesets if ref.id in lib.rulesets]
    asked = _ask(rulesets, answers, inst, lib, notices)
    outcomes = asked.outcomes

    groups = _group(outcomes, lib)
    phase_titles = _phase_titles(rulesets)
    overall = scoring.score(outcomes)
    bands = rulesets[0].rating_bands if rulesets else ()
    rating = scoring.rate(overall, bands)
    gaps = _gaps(outcomes, lib, phase_titles)
    findings = _findings(rulesets, asked.facts, lib)
    used_standards = sorted(groups.by_standard)
    ruleset_refs, standard_refs = _documents(assessment, rulesets, lib, used_standards)
    gov_level = lib.levels.get(inst.level)
    return report.GapReport(
        institution_type=_actor(lib, inst.type),
        institution_level=report.Actor(id=inst.level, name=gov_level.name if gov_level
                                       else model.Text(es=inst.level, en=inst.level)),
        institution_name=inst.name, jurisdiction=inst.jurisdiction, assessed_on=assessment.assessed_on,
        round=assessment.round, assessors=assessment.assessors, illustrative=assessment.illustrative,
        assessment_fingerprint=assessment.fingerprint, rulesets=ruleset_refs, standards=standard_refs,
        overall=overall, rating=rating.band.id if rating.band else None,
        rating_label=rating.band.label if rating.band else None,
        rating_capped=rating.capped, bands=tuple((b.id, b.label, b.min_score) for b in bands),
        by_ruleset=_lines(groups.by_ruleset, {rs.id: rs.title for rs in rulesets}, [rs.id for rs in rulesets]),
        by_standard=_lines(groups.by_standard, {s: _short(lib.standards[s]) for s in used_standards}),
        by_phase=_lines(groups.by_phase, phase_titles, list(phase_titles)),
        by_institution=_lines(groups.by_actor, {a: _actor(lib, a).name for a in groups.by_actor}),
        gaps=gaps, weaknesses=findings, unanswered=_unanswered(outcomes),
        unevidenced=_unevidenced(outcomes, lib), not_applicable=_not_applicable(outcomes),
        sources=_cited(gaps, findings, lib), notices=tuple(notices))
