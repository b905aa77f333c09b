"""One page per institution, for validation workshops: the report's essentials on one sheet. Pure.

A validation workshop goes through an institution's results with its own staff, who must
see at a glance what each number means. So the page shows, beside every score, the
descriptor of its level: the rating ladder of the headline rule set with the band reached,
each stage's band, and for each answer its scale level against the target's, with what the
level means for that duty (the rule's own words for it where it has them, else the scale's:
what "definido" means). It holds the headline, the stages, the report's
fix-first actions, the weaknesses and the evidence gaps, each list cut to what fits one
printed page (the report has the rest).
"""

from __future__ import annotations

from brecha import model, report
from brecha.frozen import record
from brecha.i18n import Lang, tr

__all__ = ["CONFIRM_LIMIT", "LIMIT", "CapLine", "Item", "LevelText", "Page", "Rung", "StageLine", "Weakness", "build_page"]

#: At most this many entries of each list fit on the page; the rest are counted.
LIMIT = 5
#: At most this many not-applicable answers to confirm are named (each a line in the actions'
#: columns: more put the fullest pages on a second sheet); the rest are counted.
CONFIRM_LIMIT = 3


@record(kw_only=True)
class LevelText:
    """A level of a scale: its label and what it means for the rule answered (the rule's own
    words for the level where it has them, else the scale's, as ``assess`` shows them)."""

    value: str
    label: model.Text
    description: model.Text | None
    own: bool = False  # the description is the rule's own, not the scale's


@record(kw_only=True)
class Rung:
    """A rating band: its label and score range, and whether the rating is on it."""

    label: model.Text
    low: float
    high: float | None  # None: up to 100
    reached: bool  # the evidenced score reaches it (before caps)
    rating: bool  # the rating (after caps)


@record(kw_only=True)
class StageLine:
    """A stage's evidenced score and the band that score falls in."""

    label: model.Text
    claimed: float | None
    evidenced: float | None
    band: model.Text | None
    #: The rating is withheld: no score is shown over the few duties answered, but how many of
    #: the stage's duties (``rules``) were answered (``answered``).
    withheld: bool = False
    answered: int = 0
    rules: int = 0


@record(kw_only=True)
class CapLine:
    """A cap that holds the rating below the band the score reaches: the rules (or weakness
    patterns) that hold it and why, in words, unless they are all admitted breaches of absolute
    duties, which the page names in full with their law (then only their IDs point there)."""

    rules: tuple[str, ...]
    text: model.Text | None  # what the first rule admits, or the cap's reason; None: breaches shown in full


@record(kw_only=True)
class Item:
    """An answer to act on: the level given, the level counted, the target, each with its meaning."""

    rule_id: str
    title: model.Text
    critical: bool
    scale: model.Text  # what the levels measure (frequency in last year's cases, procedure maturity)
    answer: LevelText | None  # None: unanswered
    counted: LevelText | None  # the level counted for want of evidence, when lower
    target: LevelText
    target_is_top: bool  # the target is its scale's highest level
    action: model.Text
    also: tuple[str, ...]  # acronyms where the registry has one (INM, DIF), else names
    also_names: tuple[model.Text, ...]
    evidence_needed: model.Text | None
    same_duty: tuple[str, ...] = ()  # the same duty's rules in other rule sets (one item for all)
    held_separately: bool = False  # each institution asked holds it for its own cases (Gap.held_separately)
    #: an evidence gap: the answer reaches the target as stated, not on the evidence given (what
    #: to do is gather the evidence; nothing is said of a practice nobody admitted)
    evidence_gap: bool = False


@record(kw_only=True)
class Weakness:
    """A weakness found, in one line (its recommendation is in the full report)."""

    title: model.Text
    criticality: model.Text


@record(kw_only=True)
class Page:
    """Everything the page shows."""

    institution_name: str
    institution_type: model.Text
    institution_level: model.Text
    jurisdiction: str | None
    assessed_on: str
    round: str | None
    illustrative: bool
    ruleset_id: str | None
    ruleset_version: str | None
    claimed: float | None
    evidenced: float | None
    rating: model.Text | None
    capped_by: tuple[CapLine, ...]  # what holds the rating down (see _capped_by)
    ladder: tuple[Rung, ...]
    stages: tuple[StageLine, ...]
    fix_first: tuple[Item, ...]
    weaknesses: tuple[Weakness, ...]
    more_weaknesses: int
    evidence_gaps: tuple[Item, ...]
    more_evidence_gaps: int
    gaps: int
    critical_gaps: int
    provisional: tuple[str, ...] = ()  # critical duties declared not applicable, unconfirmed (none when withheld)
    if_confirmed: model.Text | None = None  # the rating once they are confirmed
    #: Admitted breaches of absolute duties in every rule set, whatever the ratings:
    #: ``A (ruta-mx) — what it admits (law)``.
    breaches: tuple[model.Text, ...] = ()
    breached_duties: int = 0  # how many duties they are of (rules declared the same duty count once)
    breaches_in_law: bool = True  # binding law makes every one of those duties absolute (GapReport.breaches_in_law)
    breaches_partly_in_law: bool = False  # it makes some of them absolute; the others end in † (GapReport)
    #: The not-applicable answers the ratings wait on (:attr:`report.GapReport.awaiting_confirmation`,
    #: critical ones first), what the page lists under "Confirm first", cut to what fits; the rest counted.
    confirm_first: tuple[report.NotApplicable, ...] = ()
    more_confirm_first: int = 0
    #: How many of them are the headline rule set's (its :attr:`report.RuleSetResult.awaiting`), counted
    #: beside its gaps: "0 gaps" never stands alone while its rating waits on them.
    awaiting: int = 0
    #: The report the page is of: what its opening says when there is no action to list, in the
    #: report's own words (nothing urgent, or what to check first), is said on the page too.
    source: report.GapReport | None = None


def _level(rule: model.Rule | None, scale: model.Scale | None, value: str | None) -> LevelText | None:
    if rule is None or scale is None or value is None:
        return None
    found = scale.level(value)
    if found is None:
        return None
    return LevelText(value=found.value, label=found.label, description=rule.level_description(found),
                     own=found.value in rule.guidance)


def _item(gap: report.Gap, lib: model.Library) -> Item:
    rule = lib.rules.get(gap.rule_id)
    scale = lib.rulesets[rule.ruleset_id].scales.get(rule.scale) if rule is not None else None
    target = _level(rule, scale, gap.target) or LevelText(value=gap.target, label=gap.target_label, description=None)
    short = tuple(itype.acronym if (itype := lib.institution_types.get(a.id)) and itype.acronym else "" for a in gap.also)
    return Item(rule_id=gap.rule_id, title=gap.title, critical=gap.critical,
                scale=scale.title if scale is not None else model.Text(), answer=_level(rule, scale, gap.answer),
                counted=_level(rule, scale, gap.counted), target=target,
                target_is_top=scale is not None and bool(scale.levels) and scale.levels[-1].value == target.value,
                action=gap.action, also=short,
                also_names=tuple(a.name for a in gap.also), evidence_needed=gap.evidence_needed,
                held_separately=gap.held_separately,
                same_duty=gap.same_duty, evidence_gap=gap.status is report.GapStatus.UNSUPPORTED)


def _band(bands: tuple[report.Band, ...], score: float | None) -> model.Text | None:
    if score is None:
        return None
    reached = [b for b in bands if score >= b.min_score - 1e-9]
    return reached[-1].label if reached else None


def _capped_by(result: report.RuleSetResult, breached: tuple[str, ...]) -> tuple[CapLine, ...]:
    """What holds the rating down, one line per binding cap: the admitted breaches it is made of
    by their IDs (the page names each in full, with its law), else, where answers alone fix a
    withheld rating at the lowest band, the duties that do it first (a critical duty unmet, never
    in a parenthesis after a «no aplica» to confirm), else what its first rule admits when the
    report says (a weakness pattern, an unanswered critical duty) and the IDs of the others,
    else its reason."""
    out: list[CapLine] = []
    for cap in (c for c in result.caps if c.binding):
        fixing = [r for r in cap.rules if r in result.fixed_by and r not in breached]
        if cap.rules and set(cap.rules) <= set(breached):
            out.append(CapLine(rules=cap.rules, text=None))
        elif fixing:
            rest = [r for r in cap.rules if r not in fixing]
            more = f" (+ {', '.join(rest)})" if rest else ""
            out.append(CapLine(rules=cap.rules, text=model.Text(
                es=f"{', '.join(fixing)} — {tr('summary.critical', Lang.ES)}{more}",
                en=f"{', '.join(fixing)} — {tr('summary.critical', Lang.EN)}{more}")))
        elif cap.details:
            first, rest = cap.details[0], [r for r in cap.rules if r != cap.details[0].id]
            more = f" (+ {', '.join(rest)})" if rest else ""
            out.append(CapLine(rules=cap.rules, text=model.Text(es=f"{first.id} — {first.text.es}{more}",
                                                                 en=f"{first.id} — {first.text.en}{more}")))
        else:
            out.append(CapLine(rules=cap.rules, text=cap.reason))
    return tuple(out)


def build_page(gap_report: report.GapReport, lib: model.Library) -> Page:
    """The one page of ``gap_report`` (scale descriptors are read from ``lib``)."""
    result = gap_report.headline_result
    bands = result.bands if result else ()
    # a withheld rating (too many duties declared not applicable) earns no band: none is marked,
    # on the ladder or beside a stage, for a score over the few duties left
    rated = result is not None and result.withheld is None
    ladder = tuple(Rung(label=b.label, low=b.min_score, high=bands[n + 1].min_score if n + 1 < len(bands) else None,
                        reached=rated and result is not None and b.id == result.uncapped,
                        rating=rated and result is not None and b.id == result.rating)
                   for n, b in enumerate(bands))
    withheld = result is not None and result.withheld is not None
    stages = tuple(StageLine(label=line.label, claimed=line.score.claimed, evidenced=line.score.evidenced,
                             band=_band(bands, line.score.evidenced) if rated else None, withheld=withheld,
                             answered=line.score.answered, rules=line.score.rules)
                   for line in (result.by_phase if result else ()))
    weaknesses = gap_report.weaknesses  # the report lists the weightiest first
    evidence = gap_report.evidence_gaps
    waiting = gap_report.awaiting_confirmation
    return Page(
        institution_name=gap_report.institution_name, institution_type=gap_report.institution_type.name,
        institution_level=gap_report.institution_level.name, jurisdiction=gap_report.jurisdiction,
        assessed_on=gap_report.assessed_on, round=gap_report.round, illustrative=gap_report.illustrative,
        ruleset_id=result.id if result else None,
        ruleset_version=next((r.version for r in gap_report.rulesets if result and r.id == result.id), None),
        claimed=gap_report.overall.claimed, evidenced=gap_report.overall.evidenced, rating=gap_report.rating_label,
        # withheld, the caps that already hold the rating are named all the same
        capped_by=_capped_by(result, gap_report.breached) if result and (result.capped or (result.withheld
                                                                         and result.held_at)) else (),
        ladder=ladder, stages=stages, fix_first=tuple(_item(g, lib) for g in gap_report.fix_first[:LIMIT]),
        weaknesses=tuple(Weakness(title=w.title, criticality=w.criticality_label) for w in weaknesses[:LIMIT]),
        more_weaknesses=max(0, len(weaknesses) - LIMIT),
        evidence_gaps=tuple(_item(g, lib) for g in evidence[:LIMIT]), more_evidence_gaps=max(0, len(evidence) - LIMIT),
        # evidence gaps count among the gaps, as in every report: never fewer than the report says
        gaps=gap_report.overall.gaps + gap_report.overall.evidence_gaps,
        critical_gaps=gap_report.overall.critical_gaps + gap_report.overall.critical_evidence_gaps,
        provisional=result.provisional if rated and result else (), if_confirmed=result.if_confirmed_label if result else None,
        breaches=tuple(_breach(same, gap_report.breaches_partly_in_law and not gap_report.duty_in_law(same))
                       for same in gap_report.breaches_by_duty),
        breached_duties=gap_report.breached_duties, breaches_in_law=gap_report.breaches_in_law,
        breaches_partly_in_law=gap_report.breaches_partly_in_law,
        confirm_first=waiting[:CONFIRM_LIMIT], more_confirm_first=max(0, len(waiting) - CONFIRM_LIMIT),
        awaiting=len(result.awaiting) if result else 0, source=gap_report)


def _breach(same: tuple[tuple[str, report.CapDetail], ...], marked: bool = False) -> model.Text:
    """``A (ruta-mx) — what it admits (law)``, in both languages; a duty two rule sets ask names
    both rules, worded by the first, with both rules' law (as the reports list it). ``marked``: a
    duty no law binding the institution makes absolute, in a list where others are (†)."""
    mark = " †" if marked else ""
    return model.Text(es=report.breach_line(same, "es", lambda text: text.get("es") if text else "") + mark,
                      en=report.breach_line(same, "en", lambda text: text.get("en") if text else "") + mark)
