"""Action plans: drawn from a report, read back through the loader, followed up at the next round."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from brecha import api, evaluation, loading, model
from brecha.errors import InputError
from brecha.followup import FollowUpState, follow_up
from brecha.planning import build_plan, plan_workbook, render_plan

from helpers import ROOT

ROUND_1 = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
ROUND_2 = ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml"
PLAN = ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml"


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


def test_a_plan_answers_every_gap_and_weakness_in_order(shipped: model.Library, tmp_path: Path) -> None:
    """One action per gap (by priority) and per weakness; the institution first, the others under 'with'."""
    report = evaluation.evaluate(loading.load_assessment(str(ROUND_1), shipped), shipped)
    plan = build_plan(report, shipped, lang="en", made_on="2026-11-05")
    expected = [("rule", g.rule_id) for g in report.gaps] + [("weakness", w.id) for w in report.weaknesses]
    assert [("rule", a["rule"]) if "rule" in a else ("weakness", a["weakness"]) for a in plan["actions"]] == expected
    gap = next(g for g in report.gaps if g.also)
    action = next(a for a in plan["actions"] if a.get("rule") == gap.rule_id)
    assert action["responsible"] == ["procuraduria-proteccion"]
    assert action["with"] == [a.id for a in gap.also]
    assert action["action"] == gap.action.get("en")
    path = tmp_path / "plan.yaml"
    path.write_text(render_plan(plan, "en"), encoding="utf-8")
    loaded = loading.load_plan(str(path), shipped)
    assert [a.id for a in loaded.actions] == [f"A{i:02d}" for i in range(1, len(expected) + 1)]
    assert all(a.status is model.ActionStatus.PLANNED and a.owner is None and a.due is None for a in loaded.actions)
    assert (loaded.made_from, loaded.made_on, loaded.illustrative) == (report.assessed_on, "2026-11-05", True)
    assert not api.lint([str(path)]).issues


def test_the_example_plan_followed_across_two_rounds(shipped: model.Library) -> None:
    """Round 2 against the round-1 plan: done, overdue, open, dropped, and gaps no action answers."""
    report = evaluation.evaluate(loading.load_assessment(str(ROUND_2), shipped), shipped)
    plan = loading.load_plan(str(PLAN), shipped)
    result = follow_up(report, plan, shipped)
    states = {a.action.rule: (a.state, a.gap_open) for a in result.actions if a.action.rule}
    assert states["MX-ISN-02"] == (FollowUpState.DONE, False)  # closed
    assert states["MX-ISN-08"] == (FollowUpState.OVERDUE, True)  # due 2027-03-31, still in progress
    assert states["MX-ISN-11"] == (FollowUpState.OPEN, True)  # due 2027-12-31
    assert states["MX-ING-07"] == (FollowUpState.DONE, True)  # done, but still below target
    assert states["MX-ING-20"] == (FollowUpState.DROPPED, True)
    assert [a.action.rule for a in result.done_but_open] == ["MX-ING-07"]
    assert (result.count(FollowUpState.DONE), result.count(FollowUpState.OVERDUE)) == (2, 2)
    # MX-ING-20's action was dropped; MX-MON-07 fell below its target in 2027 and has none; MX-ING-14
    # is claimed without its evidence in 2027 (an evidence gap is a gap) and no action answers it;
    # MX-ISN-28 was split from MX-ISN-08 (ruta-mx 0.7.0) after the plan was made, so the plan's
    # action names only MX-ISN-08 and the admitted breach of MX-ISN-28 comes first.
    assert [g.rule_id for g in result.gaps_without_action] == ["MX-ISN-28", "MX-ING-20", "MX-ING-14", "MX-MON-07"]
    assert result.reference_date == "2027-10-14"


def test_partial_due_dates_cover_their_whole_period(shipped: model.Library) -> None:
    """A due date of 2027 is not overdue on 2027-10-14; 2027-09 is."""
    report = evaluation.evaluate(loading.load_assessment(str(ROUND_2), shipped), shipped)
    plan = loading.load_plan(str(PLAN), shipped)
    first = replace(plan.actions[2], due="2027")
    second = replace(plan.actions[2], id="Z", due="2027-09")
    result = follow_up(report, replace(plan, actions=(first, second)), shipped)
    assert [a.state for a in result.actions] == [FollowUpState.OPEN, FollowUpState.OVERDUE]


def test_plan_problems_are_located(shipped: model.Library, write) -> None:  # type: ignore[no-untyped-def]
    """Unknown rules and actors, repeated IDs and actions about nothing are errors with their line."""
    path = write("plan.yaml", """\
        kind: ActionPlan
        schema_version: 1
        institution: {type: procuraduria-proteccion, level: state, name: P}
        made_on: "2026-11-05"
        actions:
          - {id: A1, rule: MX-NOPE-01, action: x, status: planned}
          - {id: A1, rule: MX-ISN-02, action: x, status: planned, with: [nobody]}
        """)
    with pytest.raises(InputError) as caught:
        loading.load_plan(path, shipped)
    assert [(i.location.line, i.code) for i in caught.value.issues] == [
        (6, "unknown-rule"), (7, "duplicate-id"), (7, "unknown-institution")]
    bad = write("bad.yaml", """\
        kind: ActionPlan
        schema_version: 1
        institution: {type: procuraduria-proteccion, level: state, name: P}
        made_on: "2026-11-05"
        actions:
          - {id: A1, action: x, status: finished}
        """)
    with pytest.raises(InputError) as caught:
        loading.load_plan(bad, shipped)
    assert {(i.location.line, i.code) for i in caught.value.issues} == {(6, "schema")}
    with pytest.raises(InputError) as caught:
        loading.load_plan(str(ROUND_1), shipped)
    assert caught.value.issues[0].code == "wrong-kind"


def test_the_plan_as_a_workbook(shipped: model.Library) -> None:
    """A row per action; owner, due date, status and notes open to edit; status from a list."""
    report = evaluation.evaluate(loading.load_assessment(str(ROUND_1), shipped), shipped)
    plan = build_plan(report, shipped, lang="es", made_on="2026-11-05")
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan, shipped, "es")))
    ws = wb["Plan de acción"]
    assert ws.protection.sheet
    assert [ws.cell(3, c).value for c in (1, 3, 8)] == ["ID", "Acción", "Estado"]
    assert ws.cell(4, 1).value == "A01" and ws.cell(4, 1).protection.locked
    assert ws.cell(3 + len(plan["actions"]), 1).value == plan["actions"][-1]["id"]
    assert not ws.cell(4, 6).protection.locked and not ws.cell(4, 8).protection.locked
    assert ws.cell(4, 4).value == "Procuraduría de Protección de Niñas, Niños y Adolescentes"
    [validation] = ws.data_validations.dataValidation
    assert validation.formula1 == '"planned,in_progress,done,dropped"'
