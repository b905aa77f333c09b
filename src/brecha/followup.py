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
    gaps_without_action: tuple[Gap, ...]
    weaknesses_without_action: tuple[WeaknessFinding, ...]

    def count(self, state: FollowUpState) -> int:
        """How many actions are in ``state``."""
        return sum(a.state == state for a in self.actions)

    @property
    def unassigned(self) -> tuple[ActionFollowUp, ...]:
        """Critical actions still to do with no owner or no due date."""
        return tuple(a for a in self.actions if a.unassigned)

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
    found = {w.id: w for w in report.weaknesses}
    canonical = dict(lib.aliases)
    today = report.assessed_on
    critical_levels = {c.id for rs in lib.rulesets.values() for c in rs.criticalities.values() if c.critical}
    seen: list[ActionFollowUp] = []
    answered_rules: set[str] = set()
    answered_weaknesses: set[str] = set()
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
        seen.append(ActionFollowUp(action=action, state=state, gap_open=gap_open, critical=critical))
    return FollowUp(plan_made_on=plan.made_on, reference_date=today, actions=tuple(seen),
                    gaps_without_action=tuple(g for g in report.all_gaps if g.rule_id not in answered_rules),
                    weaknesses_without_action=tuple(w for w in report.weaknesses if w.id not in answered_weaknesses))




@record
class PlannedReport:
    """A gap report with the follow-up of the plan made at the previous round."""

    report: GapReport
    follow_up: FollowUp
