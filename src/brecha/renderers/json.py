"""The gap report as JSON (validated by report.schema.json); same input, same bytes."""

from __future__ import annotations

import json
from typing import Any

from brecha import __version__
from brecha.model import Text
from brecha.renderers._basis import basis_line
from brecha.renderers._sections import withheld_reason
from brecha.report import (
    REPORT_SCHEMA_VERSION,
    Actor,
    CapDetail,
    Gap,
    GapReport,
    ProvisionRef,
    RuleSetResult,
    Score,
    ScoreLine,
)

__all__ = ["render", "to_data"]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def to_data(report: GapReport, lang: str) -> dict[str, Any]:
    """The report as JSON-shaped data, texts in ``lang`` (falling back to the other)."""

    def t(text: Text | None) -> str | None:
        return None if text is None else text.get(lang)

    def score(s: Score) -> dict[str, Any]:
        return {"claimed": _r(s.claimed), "evidenced": _r(s.evidenced), "weight": _r(s.weight),
                "rules": s.rules, "answered": s.answered, "not_applicable": s.not_applicable,
                "unanswered": s.unanswered, "gaps": s.gaps, "critical_gaps": s.critical_gaps,
                "evidence_gaps": s.evidence_gaps, "critical_evidence_gaps": s.critical_evidence_gaps,
                "total_gaps": s.total_gaps, "total_critical_gaps": s.total_critical_gaps, "awaiting": s.awaiting}

    def lines(items: tuple[ScoreLine, ...], withheld: bool) -> list[dict[str, Any]]:
        """Stage or standard lines; ``withheld`` (the rating they belong to is withheld): no score
        over the few duties answered (a stage that rests on one would read 100), the counts kept."""
        hidden = {"claimed": None, "evidenced": None} if withheld else {}
        return [{"id": line.id, "label": t(line.label), **score(line.score), **hidden, "withheld": withheld}
                for line in items]

    def actors(items: tuple[Actor, ...]) -> list[dict[str, Any]]:
        return [{"id": a.id, "name": t(a.name)} for a in items]

    def provisions(items: tuple[ProvisionRef, ...]) -> list[dict[str, Any]]:
        return [{"id": p.id, "standard": p.standard_id, "standard_title": t(p.standard_title),
                 "legal_force": p.legal_force.value, "title": t(p.title), "locator": p.locator,
                 "locator_verified": p.locator_verified, "confidence": p.confidence.value,
                 "sources": list(p.sources)} for p in items]

    def basis(g: Gap) -> dict[str, Any] | None:
        b = g.basis
        if b is None:
            return None
        return {"home_standard": b.home_standard, "home": b.home, "legal_standards": list(b.legal_standards),
                "legal": b.legal, "legal_provisions": list(b.legal_provisions), "verified": b.verified,
                "weak": b.weak, "summary": basis_line(g, lang)}

    def gap(g: Gap) -> dict[str, Any]:
        return {"rule": g.rule_id, "ruleset": g.ruleset_id, "title": t(g.title), "phase": g.phase,
                "criticality": g.criticality, "weight": g.weight, "critical": g.critical,
                "status": g.status.value, "absolute": g.absolute, "answer": g.answer, "counted": g.counted, "target": g.target,
                "claimed": _r(g.claimed), "evidenced": _r(g.evidenced), "target_score": _r(g.target_score),
                "priority": _r(g.priority), "also": actors(g.also), "same_duty": list(g.same_duty),
                "action": t(g.action),
                "evidence_needed": t(g.evidence_needed), "provisions": provisions(g.provisions), "notes": g.notes,
                "basis": basis(g)}

    def breach(d: CapDetail, ruleset: str | None = None) -> dict[str, Any]:
        return {**({"ruleset": ruleset} if ruleset else {}), "rule": d.id, "duty": d.duty or d.id, "text": t(d.text),
                "cite": t(d.cite) or None, "binding_law": d.binding_law}

    def result(r: RuleSetResult) -> dict[str, Any]:
        return {"id": r.id, "title": t(r.title), "jurisdiction": r.jurisdiction, "headline": r.headline,
                **score(r.score), "rating": r.rating, "rating_label": t(r.rating_label),
                "uncapped_rating": r.uncapped, "uncapped_rating_label": t(r.uncapped_label),
                "caps": [{"id": c.id, "when": c.when, "max_rating": c.max_rating,
                          "max_rating_label": t(c.max_rating_label), "reason": t(c.reason),
                          "rules": list(c.rules), "binding": c.binding,
                          "details": [{"id": d.id, "text": t(d.text), "cite": t(d.cite) or None}
                                      for d in c.details]} for c in r.caps],
                "breaches": [breach(d) for d in r.breaches],
                "rating_bands": [{"id": b.id, "label": t(b.label), "min_score": b.min_score} for b in r.bands],
                "by_phase": lines(r.by_phase, r.withheld is not None),
                "provisional": None if not r.provisional else {
                    "rules": list(r.provisional), "rating_if_confirmed": r.if_confirmed,
                    "rating_if_confirmed_label": t(r.if_confirmed_label) or None},
                "withheld": None if r.withheld is None else {
                    "not_applicable": r.withheld.not_applicable, "rules": r.withheld.rules,
                    "scored": r.withheld.scored, "share": r.withheld.share, "reason": withheld_reason(r, lang),
                    "fixed_by": list(r.fixed_by)},
                "awaiting_confirmation": list(r.awaiting)}

    headline = report.headline
    return {
        "kind": "GapReport",
        "report_schema_version": REPORT_SCHEMA_VERSION,
        "generator": {"name": "brecha", "version": __version__},
        "lang": lang,
        "assessment": {
            "institution": {"type": report.institution_type.id, "type_name": t(report.institution_type.name),
                            "categories": actors(report.institution_categories),
                            "level": report.institution_level.id, "name": report.institution_name,
                            "jurisdiction": report.jurisdiction},
            "assessed_on": report.assessed_on, "round": report.round,
            "assessors": [{"name": n, "role": r} for n, r in report.assessors],
            "illustrative": report.illustrative, "fingerprint": report.assessment_fingerprint,
        },
        "rulesets": [{"id": d.id, "title": t(d.title), "version": d.version, "answered_with": d.answered_with,
                      "fingerprint": d.fingerprint} for d in report.rulesets],
        "standards": [{"id": d.id, "title": t(d.title), "issued": d.version, "fingerprint": d.fingerprint}
                      for d in report.standards],
        "headline": None if headline is None else {
            "ruleset": headline.ruleset_id, "reason": headline.reason.value, "country": headline.country},
        "results": [result(r) for r in report.results],
        # every admitted breach of an absolute duty, in any rule set, whatever the ratings
        "absolute_breaches": [breach(d, ruleset) for ruleset, d in report.breaches],
        "fix_first": [gap(g) for g in report.fix_first],
        "critical_duties": report.critical_duties,
        "answer_first": [g.rule_id for g in report.answer_first],
        # a standard's duties mix rule sets: its line gives no score while any rating is withheld
        "by_standard": lines(report.by_standard, any(r.withheld is not None for r in report.results)),
        "gaps": [gap(g) for g in report.gaps],
        "evidence_gaps": [gap(g) for g in report.evidence_gaps],
        "weaknesses": [{"id": w.id, "title": t(w.title), "description": t(w.description),
                        "criticality": w.criticality, "recommendation": t(w.recommendation),
                        "responsible": actors(w.responsible),
                        "triggered_by": list(w.triggered_by), "provisions": provisions(w.provisions),
                        "sources": list(w.sources)} for w in report.weaknesses],
        "coordination": [{"id": c.actor.id, "name": t(c.actor.name), "rules": list(c.rules), "critical": c.critical}
                         for c in report.coordination],
        "unanswered": [{"rule": u.rule_id, "title": t(u.title), "phase": u.phase, "critical": u.critical}
                       for u in report.unanswered],
        "not_applicable": [{"rule": n.rule_id, "title": t(n.title), "justification": n.justification,
                            "critical": n.critical, "confirmed_by": n.confirmed_by, "provisional": n.provisional}
                           for n in report.not_applicable],
        "evidence": [{"rule": e.rule_id, "title": t(e.title),
                      "items": [{"title": i.title, "date": i.date, "link": i.link, "file": i.file,
                                 "verified_by": i.verified_by, "stale": i.stale} for i in e.items]}
                     for e in report.evidence],
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date,
                     "address": s.address} for s in report.sources],
        "notices": [{"code": n.code, "message": t(n.message), "loud": n.loud} for n in report.notices],
    }


def render(report: GapReport, lang: str) -> str:
    """The report as indented JSON text ending in a newline."""
    return json.dumps(to_data(report, lang), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
