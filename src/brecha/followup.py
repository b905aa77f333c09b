"""A plan followed up against the next round's report: actions done, overdue, gaps without one. Pure.

The date an action is judged on is the new self-assessment's, never the clock, so the same
files give the same follow-up whenever they are read.
"""

from __future__ import annotations

from enum import StrEnum

from brecha import model
from brecha.frozen import record
from brecha.report import Gap, GapReport, WeaknessFinding

__all__ = ["ActionFollowUp", "FollowUp", "FollowUpState", "PlannedReport", "follow_up"]


class FollowUpState(StrEnum):
    """Where an action stands at the next round."""

    DONE = "done"
    OVERDUE = "overdue"
    OPEN = "open"
    DROPPED = "dropped"


@record(kw_only=True)
class ActionFollowUp:
    """One action of the plan, seen from the next round's report."""

    action: model.PlannedAction
    state: FollowUpState
    """done, overdue (due before the new self-assessment and not done), open or dropped."""
    gap_open: bool
    """Whether the gap (or weakness) the action answers is still in the report."""
    critical: bool = False
    """Whether what it answers is critical: a critical gap still open, or a critical weakness still found."""
    absolute: bool = False
    """Whether it answers an admitted breach of an absolute duty, still admitted in this report."""
    unconfirmed_na: bool = False
    """Whether its gap is out of the report only because the duty is declared not applicable with
    nobody outside the assessing team confirming it: not closed."""

    @property
    def unassigned(self) -> bool:
        """A critical action still to do with no owner or no due date: nobody is answerable for it."""
        return (self.critical and self.state in (FollowUpState.OPEN, FollowUpState.OVERDUE)
                and (not self.action.owner or not self.action.due))


@record(kw_only=True)
class FollowUp:
    """A plan followed up: its actions, and what the report shows that no action answers."""

    plan_made_on: str
    reference_date: str
    actions: tuple[ActionFollowUp, ...]
    #: The report's gaps (most urgent first: admitted breaches of absolute duties lead) and
    #: weaknesses that no action answers but a dropped one: none was planned, or it was dropped.
    gaps_without_action: tuple[Gap, ...]
    weaknesses_without_action: tuple[WeaknessFinding, ...]
    #: For each rule or weakness of those, the IDs of the plan's actions on it that were dropped
    #: (none: the plan never had one), so nobody reads a dropped action as a forgotten one.
    dropped_for: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def count(self, state: FollowUpState) -> int:
        """How many actions are in ``state``."""
        return sum(a.state == state for a in self.actions)

    @property
    def unassigned(self) -> tuple[ActionFollowUp, ...]:
        """Critical actions still to do with no owner or no due date."""
        return tuple(a for a in self.actions if a.unassigned)

    @property
    def breaches_without_action(self) -> tuple[Gap, ...]:
        """Admitted breaches of absolute duties no action answers (or only a dropped one): the
        most urgent thing a follow-up can show, said before anything else."""
        return tuple(g for g in self.gaps_without_action if g.absolute)

    def dropped(self, ident: str) -> tuple[str, ...]:
        """The IDs of the dropped actions on a rule or weakness without an action (see :attr:`dropped_for`)."""
        return next((ids for key, ids in self.dropped_for if key == ident), ())

    @property
    def overdue_on_breaches(self) -> tuple[ActionFollowUp, ...]:
        """Overdue actions on admitted breaches of absolute duties: said beside the breaches with
        no action, not only counted among the overdue ones."""
        return tuple(a for a in self.actions if a.absolute and a.state == FollowUpState.OVERDUE)

    @property
    def done_but_open(self) -> tuple[ActionFollowUp, ...]:
        """Actions marked done whose gap is still there: the action did not close it."""
        return tuple(a for a in self.actions if a.state == FollowUpState.DONE and a.gap_open)


def _deadline(date: str) -> str:
    """A due date as the last day it covers, comparable as text: 2027 -> 2027-12-31, 2027-03 -> 2027-03-31."""
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        return f"{date}-31"
    return date


def follow_up(report: GapReport, plan: model.ActionPlan, lib: model.Library) -> FollowUp:
    """Follow a plan up against a report (usually the next round's). Pure: the date is the report's."""
    gaps = {g.rule_id: g for g in report.all_gaps}  # an evidence gap is still a gap
    exempt = {n.rule_id for n in report.not_applicable if not n.confirmed_by}  # out of the gaps, not closed
    found = {w.id: w for w in report.weaknesses}
    canonical = dict(lib.aliases)
    today = report.assessed_on
    critical_levels = {c.id for rs in lib.rulesets.values() for c in rs.criticalities.values() if c.critical}
    seen: list[ActionFollowUp] = []
    answered_rules: set[str] = set()
    answered_weaknesses: set[str] = set()
    dropped: dict[str, list[str]] = {}
    for action in plan.actions:
        rule = canonical.get(action.rule, action.rule) if action.rule else None
        gap_open = rule in gaps if rule else bool(action.weakness and action.weakness in found)
        if rule:
            critical = rule in gaps and gaps[rule].critical
        else:
            weak = found.get(action.weakness or "")
            critical = weak is not None and weak.criticality in critical_levels
        if action.status is model.ActionStatus.DONE:
            state = FollowUpState.DONE
        elif action.status is model.ActionStatus.DROPPED:
            state = FollowUpState.DROPPED
        elif action.due and _deadline(action.due) < today:
            state = FollowUpState.OVERDUE
        else:
            state = FollowUpState.OPEN
        if state != FollowUpState.DROPPED:
            if rule:
                answered_rules.add(rule)
            if action.weakness:
                answered_weaknesses.add(action.weakness)
        else:
            dropped.setdefault(rule or action.weakness or "", []).append(action.id)
        seen.append(ActionFollowUp(action=action, state=state, gap_open=gap_open, critical=critical,
                                   absolute=bool(rule and rule in gaps and gaps[rule].absolute),
                                   unconfirmed_na=bool(rule and not gap_open and rule in exempt)))
    gaps_without = tuple(g for g in report.all_gaps if g.rule_id not in answered_rules)
    weaknesses_without = tuple(w for w in report.weaknesses if w.id not in answered_weaknesses)
    unanswered = [*(g.rule_id for g in gaps_without), *(w.id for w in weaknesses_without)]
    return FollowUp(plan_made_on=plan.made_on, reference_date=today, actions=tuple(seen),
                    gaps_without_action=gaps_without, weaknesses_without_action=weaknesses_without,
                    dropped_for=tuple((k, tuple(dropped[k])) for k in unanswered if k in dropped))




@record
class PlannedReport:
    """A gap report with the follow-up of the plan made at the previous round."""

    report: GapReport
    follow_up: FollowUp
