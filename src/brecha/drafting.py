"""Drafted legal basis: for each critical gap and top action, the facts, the law and the action. Pure.

An official letter or recommendation in Mexico must state its *motivación* (the facts
found) and its *fundamentación* (the legal provisions it rests on). A draft gives both,
ready to adapt, for each gap worth writing about:

* **facts**: what the institution answered (and the target), the evidence it gave or
  the lack of it, the level that counts on that evidence, and its own note;
* **law**: the provisions the rule implements that are law for the institution (a statute
  or regulation of its country, or a treaty its country is recorded as party to) AND
  verified against the official text AND whose locator (article, fraction, paragraph)
  was seen in that text. Only these are cited as law, by their exact locator;
* **interpretation**: verified provisions with a verified locator of an instrument that is
  law nowhere (general comments, advisory opinions, policy), cited as interpretive criteria
  only; where the law cited does not itself make the duty absolute (an admitted breach whose
  absolute force rests on such a criterion), the draft says so, naming that criterion;
* **not law here**: provisions of a treaty the institution's country is not recorded as
  party to, or of another country's statute: named among the references not cited as law,
  with why, never as law nor as an interpretive criterion (a treaty a State never joined
  does not guide how its officials read their duties);
* **not cited**: every other provision the rule rests on, named with how well it is
  known (official summary, secondary, reconstructed, inferred) and never as law;
* **action**: the rule's recommended action, as worded for the institution, and the other
  institutions that must act.

An unanswered question is not a fact: a missing answer proves neither compliance nor a
breach. Its draft is a *request for information* (requerimiento de información): the
facts say only that the question went unanswered, the provisions are cited as the duty the
request concerns (never as a breach), and the action asks the institution to report on it,
with the evidence that would back its answer.

The rule of citation is :func:`citable`; a test holds every rendered draft to it.
"""

from __future__ import annotations

from enum import StrEnum

from brecha import grounding, model, report
from brecha.frozen import record

__all__ = ["Citation", "Draft", "DraftSet", "Reason", "build_drafts", "citable", "is_law"]

def citable(provision: model.Provision) -> bool:
    """Whether a provision may be cited by its locator: verified, with a verified locator."""
    return (provision.confidence is model.Confidence.VERIFIED and provision.locator_verified
            and bool(provision.locator))


def is_law(provision: model.Provision, standard: model.Standard, jurisdiction: str | None) -> bool:
    """Whether a provision is cited as law to an institution of ``jurisdiction``: citable, in a
    statute or regulation of its country or a treaty its country is party to."""
    return citable(provision) and standard.binds_in(jurisdiction)


class Reason(StrEnum):
    """Why a gap is drafted."""

    ABSOLUTE = "absolute"  # an admitted breach of a duty the law states without exception
    CRITICAL = "critical"  # a critical gap
    TOP = "top"  # among the top actions by priority


@record(kw_only=True)
class Citation:
    """A provision as a draft names it."""

    provision_id: str
    standard_id: str
    standard_title: model.Text
    standard_short: model.Text
    legal_force: model.LegalForce
    locator: str | None
    locator_verified: bool
    confidence: model.Confidence
    title: model.Text
    treaty: bool = False  # law for the States it lists as parties (``binds``)
    jurisdiction: str = ""  # the standard's own jurisdiction, as written


@record(kw_only=True)
class Draft:
    """One gap's drafted paragraph, as its parts."""

    rule_id: str
    title: model.Text
    question: model.Text
    stage: model.Text
    reasons: tuple[Reason, ...]
    status: report.GapStatus  # below target, unanswered, or (an evidence gap) at target without its evidence
    answer: str | None  # None: not answered
    answer_label: model.Text | None
    target_label: model.Text
    counted_label: model.Text | None  # the level counted on the evidence, when lower than the answer
    evidence: tuple[str, ...]
    evidence_expected: model.Text | None
    notes: str | None
    law: tuple[Citation, ...]
    interpretation: tuple[Citation, ...]
    not_cited: tuple[Citation, ...]
    action: model.Text
    others: tuple[model.Text, ...]  # the other institutions the rule holds responsible
    breach: model.Text | None = None  # what the answer admits, for an admitted breach of an absolute duty
    #: Treaty or statute provisions that are law, but not for this institution (see the module).
    not_law_here: tuple[Citation, ...] = ()
    #: The interpretive criteria that make the duty absolute, when law is cited but none of the
    #: provisions that make it absolute is law for the institution (the law cited does not
    #: itself state the duty the question asks without exception).
    absolute_by: tuple[Citation, ...] = ()

    @property
    def request(self) -> bool:
        """Unanswered, or declared not applicable with nobody outside confirming it: drafted as a
        request for information, not as a finding."""
        return self.answer is None or self.status in (report.GapStatus.NO_INFORMATION,
                                                      report.GapStatus.AWAITING_CONFIRMATION)


@record(kw_only=True)
class DraftSet:
    """The drafts for one institution's self-assessment."""

    institution_name: str
    institution_type: model.Text
    institution_level: model.Text
    jurisdiction: str | None
    assessed_on: str
    illustrative: bool
    drafts: tuple[Draft, ...]
    place: str | None = None  # where the law binding the institution is read (jurisdiction, else its type's country)


def _citation(lib: model.Library, provision: model.Provision) -> Citation:
    std = lib.standards[provision.standard_id]
    return Citation(provision_id=provision.id, standard_id=std.id, standard_title=std.title,
                    standard_short=std.short_title or std.title,
                    legal_force=std.legal_force, locator=provision.locator,
                    locator_verified=provision.locator_verified, confidence=provision.confidence,
                    title=provision.title, treaty=bool(std.binds), jurisdiction=std.jurisdiction)


def _answer(a: model.Assessment, rule: model.Rule) -> model.Answer | None:
    for key in (rule.id, *rule.aliases):  # an answer under an old ID counts for the rule
        if key in a.answers:
            return a.answers[key]
    return None


def _selected(gap_report: report.GapReport) -> list[tuple[report.Gap, tuple[Reason, ...]]]:
    """The report's fix-first actions in its order, then every other critical gap (evidence
    gaps included), the highest priority first; each rule once."""
    first = {g.rule_id for g in gap_report.fix_first}
    others = sorted((g for g in (*gap_report.gaps, *gap_report.evidence_gaps)
                     if g.critical and g.rule_id not in first), key=lambda g: (-g.priority, g.rule_id))
    chosen: list[tuple[report.Gap, tuple[Reason, ...]]] = []
    for gap in (*gap_report.fix_first, *others):
        reasons = tuple(r for r, holds in ((Reason.ABSOLUTE, gap.absolute), (Reason.CRITICAL, gap.critical),
                                           (Reason.TOP, gap.rule_id in first))
                        if holds)
        chosen.append((gap, reasons))
    return chosen


def _draft(gap: report.Gap, reasons: tuple[Reason, ...], a: model.Assessment, lib: model.Library) -> Draft:
    """One draft: the answer and its labels as the report judged them, the evidence as given."""
    rule = lib.rules[gap.rule_id]
    rs = lib.rulesets[rule.ruleset_id]
    answer = _answer(a, rule)
    where = grounding.place(a.institution, lib.institution_types.get(a.institution.type))
    law: list[Citation] = []
    interpretation: list[Citation] = []
    not_cited: list[Citation] = []
    not_law_here: list[Citation] = []
    for pid in rule.implements:
        provision = lib.provisions.get(pid)
        if provision is None:
            continue
        std = lib.standards[provision.standard_id]
        if is_law(provision, std, where):
            bucket = law
        elif not citable(provision):
            bucket = not_cited
        elif std.legal_force in model.BINDING_FORCES:
            bucket = not_law_here
        else:
            bucket = interpretation
        bucket.append(_citation(lib, provision))
    absolute_by: tuple[Citation, ...] = ()
    if gap.absolute and rule.absolute is not None and law:
        makes = set(rule.absolute.provisions)
        if not any(c.provision_id in makes for c in law):
            absolute_by = tuple(c for c in interpretation if c.provision_id in makes)
    phase = next((p.title for p in rs.phases if p.id == rule.phase), gap.phase_title)
    return Draft(rule_id=rule.id, title=rule.title, question=rule.question, stage=phase, reasons=reasons,
                 status=gap.status, answer=gap.answer, answer_label=gap.answer_label, target_label=gap.target_label,
                 counted_label=gap.counted_label, evidence=answer.evidence if answer is not None else (),
                 evidence_expected=rule.evidence_examples, notes=gap.notes, law=tuple(law),
                 interpretation=tuple(interpretation), not_cited=tuple(not_cited), action=gap.action,
                 others=tuple(actor.name for actor in gap.also),
                 breach=rule.absolute.breach if gap.absolute and rule.absolute is not None else None,
                 not_law_here=tuple(not_law_here), absolute_by=absolute_by)


def build_drafts(gap_report: report.GapReport, assessment: model.Assessment, lib: model.Library) -> DraftSet:
    """The drafts for the critical gaps and top actions of ``gap_report`` (the evaluation of ``assessment``)."""
    drafts = tuple(_draft(gap, reasons, assessment, lib) for gap, reasons in _selected(gap_report)
                   if gap.rule_id in lib.rules)
    level = lib.levels.get(assessment.institution.level)
    itype = lib.institution_types.get(assessment.institution.type)
    return DraftSet(institution_name=assessment.institution.name,
                    institution_type=itype.name if itype else model.Text(es=assessment.institution.type),
                    institution_level=level.name if level else model.Text(es=assessment.institution.level),
                    jurisdiction=assessment.institution.jurisdiction, assessed_on=assessment.assessed_on,
                    illustrative=assessment.illustrative, drafts=drafts,
                    place=grounding.place(assessment.institution, itype))
