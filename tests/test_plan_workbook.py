"""Action plans read back from xlsx: written by brecha plan, filled in by a coordinator, read as the same plan."""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from brecha import api, evaluation, loading, model
from brecha.errors import InputError, Location
from brecha.importing import import_path, read_plan
from brecha.planning import PLAN_COLUMNS, build_plan, plan_workbook, render_plan

from helpers import ROOT

ROUND_1 = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
ROUND_2 = ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml"
PLAN = ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml"
SHEET = {"es": "Plan de acción", "en": "Action plan"}


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


@pytest.fixture(scope="module")
def drawn(shipped: model.Library) -> dict[str, Any]:
    report = evaluation.evaluate(loading.load_assessment(str(ROUND_1), shipped), shipped)
    return build_plan(report, shipped, lang="es", made_on="2026-11-05")


def _data(plan: model.ActionPlan) -> dict[str, Any]:
    """A plan read from YAML as the data brecha plan writes (no 'about' texts: the sheet shows the rule)."""
    inst = plan.institution
    return {"institution": {"type": inst.type, "level": inst.level, "name": inst.name, "jurisdiction": inst.jurisdiction},
            "made_from": {"assessed_on": plan.made_from, "round": plan.made_from_round}, "made_on": plan.made_on,
            "illustrative": plan.illustrative,
            "actions": [{k: v for k, v in {
                "id": a.id, "rule": a.rule, "weakness": a.weakness, "action": a.action,
                "responsible": list(a.responsible), "with": list(a.others), "owner": a.owner, "due": a.due,
                "status": a.status.value, "done_on": a.done_on, "notes": a.notes}.items() if v is not None}
                for a in plan.actions]}


def _same(a: model.ActionPlan, b: model.ActionPlan) -> None:
    def strip(plan: model.ActionPlan) -> model.ActionPlan:
        actions = tuple(dataclasses.replace(x, location=Location("")) for x in plan.actions)
        return dataclasses.replace(plan, actions=actions, fingerprint="", location=Location(""))

    assert strip(a) == strip(b)


def _book(data: dict[str, Any], lib: model.Library, lang: str, tmp_path: Path, name: str = "plan.xlsx",
          edit: Any = None) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(data, lib, lang)))
    if edit is not None:
        edit(wb[SHEET[lang]])
    path = tmp_path / name
    wb.save(path)
    return str(path)


def _row(ws: Any, ident: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == ident)


def _col(key: str) -> int:
    return PLAN_COLUMNS.index(key) + 1


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_drawn_plan_reads_back_as_the_same_yaml(drawn: dict[str, Any], shipped: model.Library, tmp_path: Path,
                                                  lang: str) -> None:
    """brecha plan's workbook, read back untouched, is the plan brecha plan writes as YAML, byte for byte."""
    path = _book(drawn, shipped, lang, tmp_path)
    [imported] = import_path(path, shipped, lang="es")
    assert imported.assessment is None and imported.plan is not None
    assert imported.text == render_plan(drawn, "es")
    assert imported.name == "plan"


def test_a_filled_plan_reads_back_identical(shipped: model.Library, tmp_path: Path) -> None:
    """The example plan (owners, dates, statuses, done on, notes, who else must act) survives the workbook."""
    original = loading.load_plan(str(PLAN), shipped)
    path = _book(_data(original), shipped, "es", tmp_path)
    _same(read_plan(path, shipped), original)


def test_the_coordinators_edits_are_taken(drawn: dict[str, Any], shipped: model.Library, tmp_path: Path) -> None:
    """Owner, due date (typed as a date), status, done on, notes and who else must act, as edited; rows sorted."""
    def edit(ws: Any) -> None:
        row = _row(ws, "A02")
        ws.cell(row, _col("owner")).value = "Dirección Jurídica"
        ws.cell(row, _col("due")).value = datetime.datetime(2027, 6, 30)  # what a spreadsheet makes of a typed date
        ws.cell(row, _col("status")).value = "Done"
        ws.cell(row, _col("done_on")).value = "2027-05"
        ws.cell(row, _col("notes")).value = "Acta de la sesión\ndel comité"
        ws.cell(row, _col("with")).value = "INM; Sistema para el Desarrollo Integral de la Familia"
        other = _row(ws, "A03")
        ws.cell(other, _col("due")).value = 2027  # a year typed as a number
        ws.cell(other, _col("status")).value = "in progress"
        values = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=ws.max_row)]
        for offset, row_values in enumerate(reversed(values)):  # sorted the other way round
            for col, value in enumerate(row_values, start=1):
                ws.cell(4 + offset, col).value = value

    plan = read_plan(_book(drawn, shipped, "es", tmp_path, edit=edit), shipped)
    assert [a.id for a in plan.actions] == [a["id"] for a in drawn["actions"]]  # the plan's order, not the sheet's
    a02, a03 = plan.actions[1], plan.actions[2]
    assert (a02.owner, a02.due, a02.status, a02.done_on, a02.notes) == (
        "Dirección Jurídica", "2027-06-30", model.ActionStatus.DONE, "2027-05", "Acta de la sesión\ndel comité")
    assert a02.others == ("inm", "dif")
    assert (a03.due, a03.status) == ("2027", model.ActionStatus.IN_PROGRESS)
    untouched = plan.actions[0]
    assert (untouched.owner, untouched.due, untouched.status) == (None, None, model.ActionStatus.PLANNED)


def test_an_edited_plan_workbook_is_followed_up_like_its_yaml(shipped: model.Library, tmp_path: Path) -> None:
    """evaluate --plan takes the workbook itself: the follow-up is the YAML plan's."""
    path = _book(_data(loading.load_plan(str(PLAN), shipped)), shipped, "en", tmp_path)
    from_book = api.evaluate_with_plan(str(ROUND_2), path)
    from_yaml = api.evaluate_with_plan(str(ROUND_2), str(PLAN))
    assert [(a.action.id, a.state, a.gap_open) for a in from_book.follow_up.actions] == \
        [(a.action.id, a.state, a.gap_open) for a in from_yaml.follow_up.actions]
    assert from_book.follow_up.gaps_without_action == from_yaml.follow_up.gaps_without_action


def _problems(path: str, lib: model.Library) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_plan(path, lib)
    return [f"[{i.code}] {i.text('en')}" for i in caught.value.issues]


def test_bad_cells_are_located(drawn: dict[str, Any], shipped: model.Library, tmp_path: Path) -> None:
    """Each wrong cell is named by sheet and cell; a formula is refused, never computed."""
    def edit(ws: Any) -> None:
        ws.cell(_row(ws, "A01"), _col("status")).value = "finished"
        ws.cell(_row(ws, "A02"), _col("due")).value = "30/06/2027"
        ws.cell(_row(ws, "A03"), _col("owner")).value = "=HYPERLINK(\"http://x.example\",\"clic\")"
        ws.cell(_row(ws, "A04"), _col("with")).value = "INM; Nadie en particular"
        ws.cell(_row(ws, "A05"), _col("done_on")).value = "2027-02-30"  # no such day: the loader says so, here
        ws.cell(_row(ws, "A06"), _col("status")).value = True

    path = _book(drawn, shipped, "en", tmp_path, edit=edit)
    wb = openpyxl.load_workbook(path)
    ws = wb["Action plan"]
    where = {i: _row(ws, i) for i in ("A01", "A02", "A03", "A04", "A05", "A06")}
    problems = _problems(path, shipped)
    assert sorted(problems) == sorted([
        f"[schema] sheet 'Action plan', cell H{where['A01']}: 'finished' is not a status; use one of: "
        "planned, in_progress, done, dropped",
        f"[schema] sheet 'Action plan', cell G{where['A02']}: '30/06/2027' is not a date YYYY, YYYY-MM or YYYY-MM-DD",
        f"[formula] sheet 'Action plan', cell F{where['A03']}: holds a formula; type the value (brecha does not "
        "compute formulas)",
        f"[unknown-institution] sheet 'Action plan', cell E{where['A04']}: 'Nadie en particular' is not a known "
        "institution or category; separate them with ';'",
        f"[cell-type] sheet 'Action plan', cell H{where['A06']}: text was expected, not TRUE",
    ])
    # the impossible day reaches the loader only once the rest is right
    fixed = _book(drawn, shipped, "en", tmp_path, "fixed.xlsx",
                  edit=lambda ws: setattr(ws.cell(_row(ws, "A05"), _col("done_on")), "value", "2027-02-30"))
    [problem] = _problems(fixed, shipped)
    assert problem.startswith(f"[schema] sheet 'Action plan', cell I{where['A05']}: ")


def test_rows_deleted_added_or_repeated_and_columns_moved(drawn: dict[str, Any], shipped: model.Library,
                                                         tmp_path: Path) -> None:
    """A deleted action, a row of no action, a repeated ID and a moved column are each named."""
    last = 3 + len(drawn["actions"])

    def edit(ws: Any) -> None:
        ws.delete_rows(_row(ws, "A02"))
        ws.cell(last, 1).value = "A99"
        ws.cell(last + 1, 1).value = "A01"
        ws.cell(last + 2, _col("owner")).value = "alguien"

    problems = _problems(_book(drawn, shipped, "es", tmp_path, edit=edit), shipped)
    assert sorted(problems) == sorted([
        f"[unknown-action] sheet 'Plan de acción', cell A{last}: 'A99' is not an action of this plan",
        f"[duplicate-id] sheet 'Plan de acción', cell A{last + 1}: action A01 is already on row 4",
        f"[unknown-action] sheet 'Plan de acción', cell A{last + 2}: a row with content but no action ID in column A; "
        "new actions come from brecha plan, not from the sheet",
        "[unknown-action] sheet 'Plan de acción': the row of action A02 is missing (deleted?); to give it up, set its "
        "status to dropped",
    ])
    moved = _book(drawn, shipped, "es", tmp_path, "moved.xlsx",
                  edit=lambda ws: setattr(ws.cell(3, _col("due")), "value", "Estado"))
    assert _problems(moved, shipped)[0] == (
        "[not-workbook] sheet 'Plan de acción', cell G3: the column 'Due' was expected here; do not move or "
        "rename columns")


def test_text_that_looks_like_a_formula_is_written_as_text_and_read_back(shipped: model.Library,
                                                                         tmp_path: Path) -> None:
    """= + - @ at the start of an owner, an action or a note: text cells in the file, the same text read back."""
    original = loading.load_plan(str(PLAN), shipped)
    data = _data(original)
    risky = ["=1+1", "+52 55 1234", "-dos", "@SUM(A1)"]
    for action, text in zip(data["actions"], risky, strict=False):
        action["owner"] = text
        action["notes"] = text + " | nota"
    data["actions"][0]["action"] = "=HYPERLINK(\"http://x.example\",\"clic\")"
    book = plan_workbook(data, shipped, "es")
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    path = tmp_path / "risky.xlsx"
    path.write_bytes(book)
    plan = read_plan(str(path), shipped)
    assert [a.owner for a in plan.actions[:4]] == risky
    assert plan.actions[0].action == data["actions"][0]["action"]


def test_a_plan_workbook_written_before_the_hidden_sheet_is_refused_clearly(drawn: dict[str, Any],
                                                                           shipped: model.Library,
                                                                           tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(drawn, shipped, "es")))
    del wb["brecha"]
    wb.save(tmp_path / "old.xlsx")
    assert _problems(str(tmp_path / "old.xlsx"), shipped) == [
        "[not-workbook] not an action plan brecha can read back: the hidden sheet 'brecha' is missing (plans written "
        "before they could be read back lack it); write it again with brecha plan --format xlsx and copy owners, "
        "dates and statuses over"]


def test_the_import_command_writes_the_plan(drawn: dict[str, Any], shipped: model.Library, tmp_path: Path) -> None:
    """brecha import PLAN.xlsx -o plan.yaml writes YAML that loads as the same plan."""
    from typer.testing import CliRunner

    from brecha.cli import app

    path = _book(drawn, shipped, "es", tmp_path)
    result = CliRunner().invoke(app, ["import", path, "-o", str(tmp_path / "plan.yaml")])
    assert result.exit_code == 0, result.output
    _same(loading.load_plan(str(tmp_path / "plan.yaml"), shipped), read_plan(path, shipped))
