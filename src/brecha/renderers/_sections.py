"""The wording every report format shares: fix-first actions, the judgment per rule set, caps.

Each function returns text already escaped for its format: content texts pass through the
format's translator ``t``, and rule IDs, band labels and counts are brecha's own.
"""

from __future__ import annotations

from collections.abc import Callable

from brecha.i18n import ntr, tr
from brecha.model import Text
from brecha.report import Gap, GapReport, GapStatus, RuleSetResult, Score

__all__ = ["action", "also", "answer", "cap_lines", "counts", "headline_reason", "rating_line"]

Tr = Callable[[Text | None], str]


def answer(gap: Gap, lang: str, t: Tr) -> str:
    """``Answer: X (counts as Y) → Target: Z``."""
    given = t(gap.answer_label) if gap.answer_label else tr("no_information", lang)
    if gap.counted_label is not None:
        given += f" ({tr('counted_as', lang)} {t(gap.counted_label)})"
    return f"{tr('answer', lang)}: {given} → {tr('target', lang)}: {t(gap.target_label)}"


def action(gap: Gap, lang: str, t: Tr) -> str:
    """What to do: the rule's action, or the evidence to gather for an evidence gap."""
    if gap.status is GapStatus.UNSUPPORTED:
        return f"{tr('action.unsupported', lang)} {t(gap.evidence_needed) or t(gap.action)}"
    if gap.status is GapStatus.NO_INFORMATION:
        return f"{tr('action.no_information', lang)} {t(gap.action)}"
    return t(gap.action)


def also(gap: Gap, lang: str, t: Tr) -> str:
    """``Who else must act: A, B`` (or that this institution acts alone)."""
    names = ", ".join(t(a.name) for a in gap.also) or tr("only_you", lang)
    return f"{tr('also_act', lang)}: {names}"


def counts(score: Score, lang: str) -> str:
    """``N gaps (K critical): P in stated practice, E for want of evidence``.

    Evidence gaps count among the gaps, so the total never reads 0 while the evidenced
    score falls short of what is stated.
    """
    total = score.gaps + score.evidence_gaps
    critical = score.critical_gaps + score.critical_evidence_gaps
    text = ntr("count.gaps", total, lang)
    if critical:
        text += f" ({ntr('count.of_which_critical', critical, lang)})"
    if score.evidence_gaps:
        text += ": " + tr("count.split", lang, practice=score.gaps, evidence=score.evidence_gaps)
    return text


def rating_line(result: RuleSetResult, lang: str, t: Tr) -> str:
    """``Rating (rule set, headline): Band``."""
    mark = f", {tr('headline_mark', lang)}" if result.headline else ""
    rating = t(result.rating_label) if result.rating_label else "—"
    capped = f" ({tr('rating_capped', lang)})" if result.capped else ""
    return f"{tr('rating', lang)} ({result.id}{mark}): {rating}{capped}"


def headline_reason(report: GapReport, lang: str) -> str:
    """Which rule set gives the headline rating, and why."""
    if report.headline is None:
        return ""
    return tr(f"headline.{report.headline.reason.value}", lang, id=report.headline.ruleset_id,
              country=report.headline.country or "—")


def cap_lines(result: RuleSetResult, lang: str, t: Tr) -> tuple[str, list[tuple[str, str]]]:
    """For a capped result: the sentence that says so, and per cap (its limit and rules, its reason)."""
    head = tr("caps.reached", lang, id=result.id, reached=t(result.uncapped_label), rating=t(result.rating_label))
    lines = [(tr("caps.line", lang, band=t(cap.max_rating_label), rules=", ".join(cap.rules)), t(cap.reason))
             for cap in result.caps]
    return head, lines
