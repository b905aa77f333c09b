"""The wording every report format shares: fix-first actions, the judgment per rule set, caps.

Each function returns text already escaped for its format: content texts pass through the
format's translator ``t``, and rule IDs, band labels and counts are brecha's own.
"""

from __future__ import annotations

from collections.abc import Callable

from brecha.i18n import ntr, tr
from brecha.model import Text
from brecha.report import (
    Brief,
    CapHold,
    Gap,
    GapReport,
    GapStatus,
    NotApplicable,
    RuleSetResult,
    Score,
    Withheld,
    breach_line,
)

__all__ = ["NOT_IN_LAW", "action", "also", "answer", "answer_first", "awaiting_cell", "breach_alert", "breach_alert_key", "breach_items", "breakdown_gaps", "cap_lines",
           "confirm_first", "confirmation", "counts", "coverage", "critical_count", "critical_gaps", "fixed_first", "fixed_key", "fixed_lead", "gap_cell",
           "given", "headline_reason", "held_by", "levels", "many_not_applicable", "no_gaps", "no_information",
           "none_found", "not_applicable_count", "nothing_urgent", "opening_waits", "provisional_line", "rating_line", "rating_marks", "rating_text", "review_first", "rule_ids", "score_label",
           "withheld_counts", "withheld_line", "withheld_reason"]

Tr = Callable[[Text | None], str]


def _stated(gap: Gap, lang: str, t: Tr) -> str:
    """The answer as given: its level, "not applicable, to be confirmed", or "no information"."""
    if gap.status is GapStatus.AWAITING_CONFIRMATION:
        return tr("given.awaiting", lang)
    return t(gap.answer_label) if gap.answer_label else tr("no_information", lang)


def _given(gap: Gap, lang: str, t: Tr) -> str:
    given = _stated(gap, lang, t)
    if gap.counted_label is not None:
        given += f" ({tr('counted_as', lang)} {t(gap.counted_label)})"
    return given


def answer(gap: Gap, lang: str, t: Tr) -> str:
    """``Answer: X (counts as Y) → Target: Z``."""
    return f"{tr('answer', lang)}: {_given(gap, lang, t)} → {tr('target', lang)}: {t(gap.target_label)}"


def levels(gap: Gap, lang: str, t: Tr) -> str:
    """For a list of one line per gap: ``X → Z``, the answer given and the target; ``X (no
    evidence)`` for an evidence gap (the answer reaches the target, its evidence is missing).
    :func:`answer` says in full what an answer counts as."""
    given = _stated(gap, lang, t)
    if gap.status is GapStatus.UNSUPPORTED:
        return f"{given} ({tr('levels.no_evidence', lang)})"
    return f"{given} → {t(gap.target_label)}"


def critical_gaps(report: GapReport) -> tuple[Gap, ...]:
    """Every critical gap, those for want of evidence included (a critical duty claimed without
    the evidence it needs counts below its target, is critical, and is counted so in each rule
    set's figures): :attr:`GapReport.critical_gaps`, the one definition."""
    return report.critical_gaps


def given(gap: Gap, lang: str, t: Tr) -> str:
    """The answer as the ranked list of gaps shows it: ``X (counts as Y, no evidence)``.

    An evidence gap is marked as such wherever gaps are listed, beside the others.
    """
    text = _given(gap, lang, t)
    if gap.status is GapStatus.UNSUPPORTED:
        mark = tr("levels.no_evidence", lang)
        text = text[:-1] + f", {mark})" if text.endswith(")") else f"{text} ({mark})"
    return text


def gap_cell(score: Score, lang: str, mark: str = "!", *, awaiting: bool = True) -> str:
    """A breakdown's gap count, evidence gaps included: ``N (K!)``, and ``N (K!, M to be
    confirmed)`` where M of the critical ones are duties declared not applicable that nobody
    outside has confirmed (they count as unanswered critical duties: :attr:`Score.awaiting`).
    Not ``awaiting``: ``N (K!)`` only, for a narrow column that says :func:`awaiting_cell` below it."""
    critical = score.total_critical_gaps
    if not critical:
        return f"{score.total_gaps}"
    waiting = f", {awaiting_cell(score, lang)}" if score.awaiting and awaiting else ""
    return f"{score.total_gaps} ({critical}{mark}{waiting})"


def score_label(result: RuleSetResult, lang: str) -> str:
    """What a rule set's score line is headed with: «Puntaje», or, where the rating is withheld,
    what the score rests on, before the number is read («Puntaje sobre 9 de 37 deberes (no da
    calificación)»)."""
    if result.withheld is None:
        return tr("score", lang)
    return ntr("score_withheld", result.withheld.rules, lang, scored=result.withheld.scored)


def awaiting_cell(score: Score, lang: str) -> str:
    """``M to be confirmed``: how many critical gaps are duties declared not applicable that nobody
    outside has confirmed ("" when none)."""
    return ntr("count.critical_awaiting", score.awaiting, lang) if score.awaiting else ""


def no_information(score: Score) -> bool:
    """A breakdown line with no answer at all: no score, not a score of 0."""
    return score.answered == 0 and score.unanswered > 0


def breakdown_gaps(score: Score, lang: str, mark: str = "!") -> str:
    """The gaps cell of a breakdown line, or ``no information (N rules unanswered)`` when none
    of its rules is answered (with its gaps, if an unanswered critical rule makes one)."""
    if not no_information(score):
        return gap_cell(score, lang, mark)
    text = ntr("breakdown.no_information", score.unanswered, lang)
    return f"{text} · {gap_cell(score, lang, mark)}" if score.total_gaps else text


def coverage(score: Score, lang: str) -> str:
    """A breakdown line of a withheld rating: ``— (1 of 9 duties)``, never a score over the few
    duties answered (a stage that rests on one duty would read 100)."""
    return ntr("breakdown.withheld", score.rules, lang, answered=score.answered)


def none_found(report: GapReport, lang: str) -> str:
    """What an empty list of weaknesses or evidence gaps says: none, or where a withheld rating
    waits on not-applicable answers, that none is detectable while they wait ("" when rated)."""
    if not any(r.withheld is not None for r in report.results):
        return ""
    return ntr("none.awaiting", len(report.awaiting_confirmation), lang)


def action(gap: Gap, lang: str, t: Tr) -> str:
    """What to do: the rule's action, or the evidence to gather for an evidence gap."""
    if gap.status is GapStatus.UNSUPPORTED:
        return f"{tr('action.unsupported', lang)} {t(gap.evidence_needed) or t(gap.action)}"
    if gap.status is GapStatus.NO_INFORMATION:
        return f"{tr('action.no_information', lang)} {t(gap.action)}"
    if gap.status is GapStatus.AWAITING_CONFIRMATION:
        return f"{tr('action.awaiting', lang)} {t(gap.action)}"
    return t(gap.action)


def also(gap: Gap, lang: str, t: Tr) -> str:
    """``Who else must act: A, B`` (or that no other institution shares the duty: what the rule
    names, its hand-offs and its counterparts are all in ``gap.also``; or, for a duty each
    institution holds for its own cases, that no other acts on this one's). An evidence gap says
    that the evidence to gather is the institution's own: nobody else is to act on it."""
    if gap.status is GapStatus.UNSUPPORTED and not gap.also:
        return f"{tr('also_act', lang)}: {tr('only_you.evidence', lang)}"
    names = ", ".join(t(a.name) for a in gap.also) or tr("only_you.separately" if gap.held_separately else "only_you", lang)
    return f"{tr('also_act', lang)}: {names}"


def rule_ids(gap: Gap, lang: str, shown: Callable[[str], str] = str) -> str:
    """``A`` or, for a duty two rule sets ask, ``A and B``: a fix-first entry names every rule of
    its duty; ``shown`` formats each ID (code in Markdown and HTML)."""
    if not gap.same_duty:
        return shown(gap.rule_id)
    return tr("rules.joined", lang, first=", ".join(map(shown, (gap.rule_id, *gap.same_duty[:-1]))),
              last=shown(gap.same_duty[-1]))


def fixed_first(report: GapReport) -> set[str]:
    """The rules the fix-first list covers, those of a duty it names under another rule included."""
    return {ident for g in report.fix_first for ident in (g.rule_id, *g.same_duty)}


def critical_count(report: GapReport, lang: str) -> str:
    """How many critical gaps, and on how many duties where rule sets share some:
    ``20`` or ``20 on 18 duties`` (a duty asked by two rule sets is two gaps, one duty)."""
    gaps = len(report.critical_gaps)
    duties = report.critical_duties
    return str(gaps) if duties == gaps else ntr("count.critical_on_duties", duties, lang, gaps=gaps)


def counts(score: Score, lang: str, awaiting: int = 0) -> str:
    """``N gaps (K critical): P in stated practice, E for want of evidence``, and where the rating
    waits on ``awaiting`` not-applicable answers to be confirmed (:attr:`RuleSetResult.awaiting`),
    `` · M not applicable, to be confirmed``.

    Evidence gaps count among the gaps, so the total never reads 0 while the evidenced score
    falls short of what is stated; nor while the rating is withheld or provisional for answers
    of "not applicable" nobody outside has confirmed.
    """
    total = score.total_gaps
    critical = score.total_critical_gaps
    text = ntr("count.gaps", total, lang)
    if critical:
        waiting = f", {ntr('count.critical_awaiting', score.awaiting, lang)}" if score.awaiting else ""
        text += f" ({ntr('count.of_which_critical', critical, lang)}{waiting})"
    if score.evidence_gaps:
        text += ": " + tr("count.split", lang, practice=score.gaps, evidence=score.evidence_gaps)
    if awaiting:
        text += " · " + ntr("count.awaiting", awaiting, lang)
    return text


def not_applicable_count(report: GapReport, lang: str) -> str:
    """``N not applicable`` over the report, and how many of them the ratings wait on to be
    confirmed (:attr:`GapReport.awaiting_confirmation`): ``N not applicable, to be confirmed``
    when all, ``N not applicable (M to be confirmed)`` when some."""
    total, awaiting = len(report.not_applicable), len(report.awaiting_confirmation)
    if not awaiting:
        return ntr("count.not_applicable", total, lang)
    if awaiting == total:
        return ntr("count.awaiting", total, lang)
    return ntr("count.not_applicable_awaiting", total, lang, awaiting=awaiting)


def no_gaps(report: GapReport, lang: str) -> str:
    """What a list of gaps says when it is empty: no gaps, or, where the ratings wait on
    not-applicable answers to be confirmed, no gaps in what was answered and how many wait."""
    awaiting = len(report.awaiting_confirmation)
    return ntr("no_gaps.awaiting", awaiting, lang) if awaiting else tr("no_gaps", lang)


def rating_line(result: RuleSetResult, lang: str, t: Tr) -> str:
    """``Rating (rule set, headline): Band (held by caps, provisional)``; for a withheld rating,
    ``Rating (…): not rated: insufficient coverage (33 of 37 duties 'not applicable')``."""
    mark = f", {tr('headline_mark', lang)}" if result.headline else ""
    if result.withheld is not None:
        return f"{tr('rating', lang)} ({result.id}{mark}): {withheld_reason(result, lang, t)}"
    rating = t(result.rating_label) if result.rating_label else "—"
    return f"{tr('rating', lang)} ({result.id}{mark}): {rating}{rating_marks(result, lang)}"


def rating_text(result: RuleSetResult, lang: str, t: Tr) -> str:
    """The rating as a table cell shows it: its band, "not rated" when withheld, "—" without one."""
    if result.fixed:  # withheld, but answers alone (a breach, a critical duty unmet) fix it at the lowest band
        return f"{t(result.rating_label)} ({tr(fixed_key(result, 'rating_withheld'), lang)})"
    if result.withheld is not None:
        return tr("rating_withheld", lang)
    return t(result.rating_label) if result.rating_label else "—"


def rating_marks(result: RuleSetResult, lang: str) -> str:
    """`` (held by caps, provisional)``, what is said beside a rating ("" when nothing, and for a
    withheld rating: :func:`withheld_reason` says why there is none)."""
    if result.withheld is not None:
        return ""
    marks = [tr("rating_capped", lang)] if result.capped else []
    if result.provisional:
        marks.append(tr("rating_provisional", lang))
    return f" ({', '.join(marks)})" if marks else ""


def withheld_reason(result: RuleSetResult, lang: str, t: Tr | None = None) -> str:
    """``not rated: insufficient coverage (33 of 37 duties 'not applicable')`` ("" when rated), and
    ``; at most 'Developing' by its caps`` when a cap already holds it lower than the score would (never
    the lowest band: :attr:`RuleSetResult.at_most_label`):
    declaring duties not applicable never reads better than the rating the answers given hold.
    ``t`` words the band's label for the format (escaped); without it, as plain text."""
    held = result.withheld
    if held is None:
        return ""
    if result.rating_label is not None:  # fixed at the lowest band by answers alone
        band = t(result.rating_label) if t else result.rating_label.get(lang)
        return ntr(fixed_key(result, "rating_withheld") + "_why", held.rules, lang, band=band, na=held.not_applicable)
    why = ntr("rating_withheld_why", held.rules, lang, na=held.not_applicable)
    label = result.at_most_label
    if label is None:
        return why
    return f"{why}; " + tr("rating_withheld_at_most", lang, band=t(label) if t else label.get(lang))


def fixed_key(result: RuleSetResult, key: str) -> str:
    """``key`` worded for what fixes a withheld rating at the lowest band: ``key_breach`` where an
    admitted breach of an absolute duty is among its duties, else ``key_critical`` (a critical duty
    answered at the bottom of its scale)."""
    return f"{key}_breach" if result.fixed_by_breach else f"{key}_critical"


def fixed_lead(report: GapReport) -> int:
    """How many of the first actions come before a withheld rating's not-applicable answers to
    review: the admitted breaches, and the duties whose answers fix a withheld rating at the
    lowest band (:attr:`RuleSetResult.fixed_by`); the duty that holds the rating comes first."""
    fixing = {r for result in report.results if result.fixed for r in result.fixed_by}
    lead = 0
    for gap in report.fix_first:
        if not (gap.absolute or gap.rule_id in fixing or fixing.intersection(gap.same_duty)):
            break
        lead += 1
    return lead


def withheld_counts(held: Withheld | None) -> dict[str, int | float] | None:
    """A withheld rating's counts as JSON gives them beside a round or a row (None when rated)."""
    if held is None:
        return None
    return {"not_applicable": held.not_applicable, "rules": held.rules, "scored": held.scored, "share": held.share}


def withheld_line(result: RuleSetResult, lang: str) -> str:
    """Why a rating is withheld, in full: how many duties were declared not applicable without
    outside confirmation against the share the rule set admits, what the score is over, and
    what to do ("" when the rating is given)."""
    held = result.withheld
    if held is None:
        return ""
    score = result.score.evidenced
    if result.rating_label is not None:  # fixed at the lowest band by answers alone
        return ntr(fixed_key(result, "caps.withheld"), held.scored, lang, id=result.id, band=result.rating_label.get(lang),
                   na=held.not_applicable, rules=held.rules, share=f"{100 * held.share:g}",
                   score="—" if score is None else f"{score:.1f}")
    if result.score.answered == 0:  # nothing answered: no score to speak of, whatever counts at 0
        return tr("caps.withheld_all", lang, id=result.id, rules=held.rules)
    return ntr("caps.withheld", held.scored, lang, id=result.id, na=held.not_applicable, rules=held.rules,
               share=f"{100 * held.share:g}", score="—" if score is None else f"{score:.1f}")


def review_first(report: GapReport, lang: str) -> list[str]:
    """The opening's first lines when a rating is withheld: review the not-applicable answers of
    that rule set (one line per rule set withheld, the headline one first; none when rated). Where
    answers alone fix the rating at the lowest band (an admitted absolute breach, a critical duty
    answered at the bottom of its scale), the line says so, and every format puts it after those
    duties' actions (:func:`fixed_lead`): what holds the rating comes first."""
    return [tr(fixed_key(r, "fix_first.review_na"), lang, id=r.id, na=r.withheld.not_applicable, rules=r.withheld.rules,
               band=r.rating_label.get(lang)) if r.rating_label is not None else
            tr("fix_first.review_na", lang, id=r.id, na=r.withheld.not_applicable, rules=r.withheld.rules)
            for r in sorted(report.results, key=lambda r: not r.headline) if r.withheld is not None]


def confirmation(na: NotApplicable, lang: str, escape: Callable[[str], str]) -> str:
    """`` — confirmed by X`` or, for a critical duty nobody confirmed, `` — to be confirmed: …``
    ("" for another duty nobody confirmed); ``escape`` makes the confirmer's name safe to show."""
    if na.confirmed_by and not na.provisional:
        return " — " + tr("na.confirmed_by", lang, who=escape(na.confirmed_by))
    if na.provisional:
        return " — " + tr("na.unconfirmed", lang)
    return ""


def provisional_line(result: RuleSetResult, lang: str, t: Tr) -> str:
    """Why a rating is provisional: the critical duties declared not applicable, to be confirmed,
    and the rating once confirmed ("" when it is not provisional)."""
    if not result.provisional or result.withheld is not None:  # withheld: withheld_line says what to do
        return ""
    rating = t(result.if_confirmed_label) if result.if_confirmed_label else "—"
    return ntr("caps.provisional", len(result.provisional), lang, id=result.id,
               rules=", ".join(result.provisional), rating=rating)


def headline_reason(report: GapReport, lang: str) -> str:
    """Which rule set gives the headline rating, and why."""
    if report.headline is None:
        return ""
    return tr(f"headline.{report.headline.reason.value}", lang, id=report.headline.ruleset_id,
              country=report.headline.country or "—")


def cap_lines(result: RuleSetResult, lang: str, t: Tr) -> tuple[str, list[tuple[str, str]]]:
    """For a result with caps that hold (:attr:`RuleSetResult.caps`: every one that lowers the
    rating, and an absolute breach even when the score alone is already as low): the sentence
    that says what the score reached and what the rating is, and per cap (its limit and rules,
    its reason). A cap that does not set the rating says so: "also" under a lower cap that
    does, "even if the score rose" where the score alone already holds the rating there."""
    if result.fixed:
        head = tr("caps.withheld_breach_head", lang, id=result.id, rating=t(result.rating_label))
    elif result.withheld is not None:
        head = tr("caps.withheld_head", lang, id=result.id)
    elif result.capped:
        head = tr("caps.reached", lang, id=result.id, reached=t(result.uncapped_label), rating=t(result.rating_label))
    else:
        head = tr("caps.score_low", lang, id=result.id, rating=t(result.rating_label))
    lines = []
    for cap in result.caps:
        key = "caps.line" if cap.binding else "caps.line_also" if result.held_at is not None else "caps.line_held"
        # "while it stays so" for one rule, "while these stay so" for more
        lines.append((ntr(key, len(cap.rules), lang, band=t(cap.max_rating_label), rules=held_by(cap, t)),
                      t(cap.reason)))
    return head, lines


def breach_alert(report: GapReport | Brief, lang: str) -> str:
    """The heading of the list of admitted breaches of absolute duties, in every rule set the
    institution is assessed under, whatever the ratings ("" when none): what every report says
    first (see :func:`breach_items`). It says each case violates the law only where binding law
    makes every listed duty absolute; a duty that rests on an interpretation alone (the joint
    general comments) is one that admits no exception."""
    if not report.breaches:
        return ""
    return ntr(breach_alert_key(report.breaches_in_law, report.breaches_partly_in_law), report.breached_duties, lang)


def breach_alert_key(in_law: bool, partly: bool = False, heading: str = "breach.alert") -> str:
    """The catalogue key of a breach heading (``heading``: a report's, ``compare.breaches``,
    ``summary.breached``): itself (each case violates the law) when law binding the institution
    makes every listed duty absolute; ``…_mixed`` (so, except where marked †) when it makes some
    of them absolute (``partly``); ``…_duty`` (against a duty that admits no exception) when none."""
    return heading if in_law else f"{heading}_mixed" if partly else f"{heading}_duty"


#: After a listed breach whose duty no law binding the institution makes absolute, in a list
#: where others are (the heading says what it means).
NOT_IN_LAW = " †"


def breach_items(report: GapReport | Brief, lang: str, t: Tr, *, full: bool = True) -> list[str]:
    """One line per duty admitted breached: ``A (ruta-mx) — what it admits (law)``; a duty two
    rule sets ask is one line naming both rules, worded by the first (the headline rule set's),
    with both rules' law, as the heading counts duties. Not ``full``, the law only:
    ``A (ruta-mx): law`` (the concise console, whose actions name the rule)."""
    partly = report.breaches_partly_in_law
    return [breach_line(same, lang, t, full=full) + ("" if not partly or report.duty_in_law(same) else NOT_IN_LAW)
            for same in report.breaches_by_duty]


def answer_first(report: GapReport, lang: str, t: Tr) -> str:
    """``Answer first (critical duties with no information): A Title; B Title`` ("" when none)."""
    if not report.answer_first:
        return ""
    return tr("fix_first.answer_first", lang, rules="; ".join(f"{g.rule_id} {t(g.title)}" for g in report.answer_first))


def nothing_urgent(report: GapReport, lang: str, t: Tr) -> str:
    """What the opening says when no answered duty is below its target: nothing urgent, unless
    the rating waits on critical duties declared not applicable, or rests on more duties declared
    not applicable than the rule set admits (then it says so, and nothing is called urgent-free).
    A withheld rating opens with :func:`review_first` instead."""
    if any(n.provisional for n in report.not_applicable):
        return tr("fix_first.none_but_confirm", lang)
    if many_not_applicable(report):
        return tr("fix_first.none_but_many_na", lang)
    return tr("fix_first.none", lang)


def opening_waits(report: GapReport) -> bool:
    """Whether an opening with no action still has something to check first (a rating that waits
    on confirmations, or more duties declared not applicable than the rule set admits)."""
    return any(n.provisional for n in report.not_applicable) or many_not_applicable(report)


def many_not_applicable(report: GapReport) -> bool:
    """Whether more of a rule set's own duties were declared not applicable than it admits."""
    return any(n.code == "many-not-applicable" for n in report.notices)


def confirm_first(report: GapReport, lang: str, t: Tr) -> str:
    """``Confirm first (critical duties declared not applicable): A Title; B Title`` ("" when none):
    the unconfirmed ones that hold the rating as unanswered duties would (the critical ones of
    :attr:`GapReport.awaiting_confirmation`). It says the band they keep the rating at only where
    the report shows it: every one of them is named under a cap that holds, all of one band (a
    rule is named under the lowest cap it holds); otherwise, that they count as unanswered for the
    caps (a score already in the lowest band lists no cap they lower; nor is "at most" the lowest
    band said of a withheld rating: that band is given where it is certain, else nothing is)."""
    waiting = [n for n in report.awaiting_confirmation if n.critical]
    if not waiting:
        return ""
    rules = "; ".join(f"{n.rule_id} {t(n.title)}" for n in waiting)
    ids = {n.rule_id for n in waiting}
    holds = [(rule, t(cap.max_rating_label)) for r in report.results for cap in r.caps for rule in cap.rules
             if rule in ids and not (r.withheld is not None and r.bands and cap.max_rating == r.bands[0].id)]
    bands = {band for _, band in holds}
    if {rule for rule, _ in holds} == ids and len(bands) == 1:
        return ntr("fix_first.confirm_first", len(waiting), lang, band=bands.pop(), rules=rules)
    return ntr("fix_first.confirm_first_caps", len(waiting), lang, rules=rules)


def held_by(cap: CapHold, t: Tr) -> str:
    """The rules (or weakness patterns) that hold a cap: ``A, B``, or with why, ``A — what it
    admits (law); B (unanswered)``."""
    if not cap.details:
        return ", ".join(cap.rules)
    why = {d.id: d for d in cap.details}

    def one(rule: str) -> str:
        detail = why.get(rule)
        if detail is None:
            return rule
        if detail.unanswered:
            return f"{rule} ({t(detail.text)})"
        cite = t(detail.cite) if detail.cite else ""
        return f"{rule} — {t(detail.text)}" + (f" ({cite})" if cite else "")

    return "; ".join(one(r) for r in cap.rules)
