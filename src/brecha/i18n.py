"""Labels of reports and messages in Spanish and English, and the choice of language."""

from __future__ import annotations

import locale
import os

__all__ = ["LANGS", "label", "resolve_lang"]

LANGS = ("es", "en")

_LABELS: dict[str, tuple[str, str]] = {
    "report.title": ("Reporte de brechas", "Gap report"),
    "institution": ("Institución", "Institution"),
    "type": ("Tipo", "Type"),
    "level": ("Nivel", "Level"),
    "jurisdiction": ("Entidad", "Jurisdiction"),
    "assessed_on": ("Fecha de la autoevaluación", "Assessed on"),
    "round": ("Ronda", "Round"),
    "assessors": ("Personas evaluadoras", "Assessors"),
    "rulesets": ("Conjuntos de reglas", "Rule sets"),
    "score": ("Puntaje", "Score"),
    "claimed": ("declarado", "claimed"),
    "evidenced": ("con evidencia", "evidenced"),
    "rating": ("Calificación", "Rating"),
    "rating_capped": ("limitada por brechas críticas", "capped by critical gaps"),
    "rules": ("reglas", "rules"),
    "answered": ("respondidas", "answered"),
    "not_applicable": ("no aplica", "not applicable"),
    "unanswered": ("sin información", "no information"),
    "gaps": ("brechas", "gaps"),
    "critical_gaps": ("Brechas críticas", "Critical gaps"),
    "critical": ("crítica", "critical"),
    "by_ruleset": ("Por conjunto de reglas", "By rule set"),
    "by_standard": ("Por norma o instrumento", "By standard"),
    "by_phase": ("Por etapa", "By stage"),
    "by_institution": ("Por institución responsable", "By responsible institution"),
    "gaps_by_institution": ("Brechas por institución responsable", "Gaps by responsible institution"),
    "answer": ("Respuesta", "Answer"),
    "target": ("Meta", "Target"),
    "priority": ("Prioridad", "Priority"),
    "action": ("Acción recomendada", "Recommended action"),
    "provisions": ("Fundamento", "Basis"),
    "weaknesses": ("Debilidades detectadas", "Weaknesses found"),
    "recommendation": ("Recomendación", "Recommendation"),
    "triggered_by": ("a partir de", "from"),
    "unanswered_rules": ("Reglas sin respuesta (cuentan como 0)", "Unanswered rules (count as 0)"),
    "unevidenced": ("Respuestas sin evidencia", "Answers without evidence"),
    "not_applicable_rules": ("Reglas marcadas como no aplicables", "Rules marked not applicable"),
    "notices": ("Avisos", "Notices"),
    "assessments": ("autoevaluaciones", "self-assessments"),
    "notes": ("Notas de la institución", "Institution's notes"),
    "sources": ("Fuentes", "Sources"),
    "no_gaps": ("Sin brechas frente a las metas.", "No gaps against the targets."),
    "no_information": ("sin información", "no information"),
    "phase": ("Etapa", "Stage"),
    "rule": ("Regla", "Rule"),
    "locator_unverified": ("ubicación no confirmada", "locator not confirmed"),
    "illustrative": ("EJEMPLO ILUSTRATIVO — datos ficticios", "ILLUSTRATIVE EXAMPLE — fictional data"),
    "fallback": ("[en]", "[es]"),
    "none": ("—", "—"),
    "confidence.verified": ("verificado en el texto oficial", "verified against the official text"),
    "confidence.official-summary": ("de un resumen oficial", "from an official summary"),
    "confidence.secondary": ("de una fuente secundaria", "from a secondary source"),
    "confidence.reconstructed": ("reconstruido, no leído en el texto", "reconstructed, not read in the text"),
    "confidence.inferred": ("inferido", "inferred"),
    "force.binding-law": ("ley", "law"),
    "force.binding-regulation": ("reglamento", "regulation"),
    "force.policy": ("política pública", "public policy"),
    "force.guideline": ("lineamiento no vinculante", "non-binding guideline"),
    "force.interpretation": ("interpretación autorizada", "authoritative interpretation"),
    "fingerprints": ("Huellas del contenido", "Content fingerprints"),
    "method": (
        "Puntaje = Σ peso × valor ÷ Σ peso sobre las reglas aplicables; «no aplica» sale del "
        "denominador; una regla sin respuesta cuenta 0. La calificación usa el puntaje con evidencia.",
        "Score = Σ weight × value ÷ Σ weight over applicable rules; 'not applicable' leaves the "
        "denominator; an unanswered rule counts 0. The rating uses the evidenced score."),
}


def label(key: str, lang: str) -> str:
    """A report label in ``lang`` (Spanish or English)."""
    es, en = _LABELS[key]
    return es if lang == "es" else en


def resolve_lang(option: str | None) -> str:
    """The report language: the option, else BRECHA_LANG, else the locale; Spanish by default."""
    for candidate in (option, os.environ.get("BRECHA_LANG")):
        if candidate:
            return candidate[:2].lower() if candidate[:2].lower() in LANGS else "es"
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc:
        loc = (locale.getlocale()[0] or "")
    return "en" if loc.lower().startswith("en") else "es"
