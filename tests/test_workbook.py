"""Workbooks: written by brecha, filled by a script through openpyxl, read back as the same assessment."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from brecha import api, evaluation, loading, model
from brecha.errors import InputError
from brecha.importing import import_path
from brecha.renderers import json as json_renderer
from brecha.templating import Draft, draft_from, new_draft
from brecha.workbook import META_SHEET, WorkbookLimits, answer_choices, build_workbook, read_workbook

from helpers import MINI, ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


def _report(assessment: model.Assessment, lib: model.Library) -> dict[str, Any]:
    data = json.loads(json_renderer.render(evaluation.evaluate(assessment, lib), "en"))
    data["assessment"].pop("fingerprint")
    return data


def _sheets_by_rule(wb: Any) -> dict[str, tuple[Any, int]]:
    found = {}
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        for row in range(4, ws.max_row + 1):
            value = ws.cell(row, 1).value
            if isinstance(value, str) and value:
                found[value] = (ws, row)
    return found


def _save(wb: Any, path: Path) -> str:
    wb.save(path)
    return str(path)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_yaml_to_workbook_to_yaml_evaluates_the_same(example: Path, lang: str, shipped: model.Library,
                                                     tmp_path: Path) -> None:
    """Every example, written as a workbook and read back, gives the same report."""
    original = loading.load_assessment(str(example), shipped)
    path = tmp_path / "book.xlsx"
    path.write_bytes(build_workbook(shipped, draft_from(original), lang))
    [imported] = import_path(str(path), shipped, lang=lang)
    assert _report(imported.assessment, shipped) == _report(original, shipped)


def test_blank_template_filled_by_a_script_gives_the_yaml_report(shipped: model.Library, tmp_path: Path) -> None:
    """A blank Spanish workbook filled through openpyxl (English labels, typed dates) reads as the YAML."""
    example = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
    original = loading.load_assessment(str(example), shipped)
    inst = original.institution
    blank = new_draft(shipped, inst.type, inst.level, date="2000-01-01",
                      rulesets=[r.id for r in original.rulesets])
    blank.illustrative = original.illustrative  # the example says it is fictional; so will its copy
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(shipped, blank, "es")))
    intro = wb["Instrucciones"]
    labels = {intro.cell(r, 1).value: r for r in range(1, intro.max_row + 1)}
    intro.cell(labels["Nombre oficial de la institución"], 2).value = inst.name
    intro.cell(labels["Entidad (ISO 3166-2, p. ej. MX-ROO)"], 2).value = inst.jurisdiction
    intro.cell(labels["Fecha (AAAA-MM-DD)"], 2).value = datetime.datetime.fromisoformat(original.assessed_on)
    intro.cell(labels["Ronda"], 2).value = original.round
    first_assessor = labels["Persona evaluadora (nombre | cargo)"] - 5  # the last of six blank rows
    for offset, (name, role) in enumerate(original.assessors):
        intro.cell(first_assessor + offset, 2).value = name
        intro.cell(first_assessor + offset, 3).value = role
    rows = _sheets_by_rule(wb)
    rulesets = {rs.id: rs for rs in shipped.rulesets.values()}
    for rule_id, answer in original.answers.items():
        ws, row = rows[rule_id]
        rule = shipped.rules[rule_id]
        scale = rulesets[rule.ruleset_id].scales[rule.scale]
        if answer.value == model.NOT_APPLICABLE:
            ws.cell(row, 4).value = "Not applicable"
        elif answer.value:
            level = scale.level(answer.value)
            assert level is not None
            ws.cell(row, 4).value = level.label.en  # the other language's label
        ws.cell(row, 5).value = "\n".join(answer.evidence) or None
        ws.cell(row, 6).value = answer.notes
        ws.cell(row, 7).value = answer.justification
    [imported] = import_path(_save(wb, tmp_path / "filled.xlsx"), shipped, lang="es")
    report, expected = _report(imported.assessment, shipped), _report(original, shipped)
    assert report == expected
    assert "assessed_on: \"2026-10-15\"" in imported.text


def test_structure_is_protected_and_answers_are_drop_downs(mini: model.Library) -> None:
    """Question cells are locked, answer cells not; answers are validated against the scale's labels."""
    draft = new_draft(mini, "office-b", "state", date="2026-01-01")
    draft.answers["T-DEC-01"] = {"value": "initial", "evidence": [], "notes": "=HYPERLINK(\"http://x\")"}
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(mini, draft, "en")))
    assert wb.sheetnames == ["Instructions", META_SHEET, "Entry", "Decision"]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb.security is not None and wb.security.lockStructure
    ws = wb["Decision"]
    assert ws.protection.sheet
    assert [ws.cell(3, c).value for c in range(1, 5)] == ["ID", "Question", "Guidance and expected evidence", "Answer"]
    assert ws["A4"].value == "T-DEC-01" and ws["A4"].protection.locked
    assert ws["B4"].protection.locked
    assert all(not ws[f"{col}4"].protection.locked for col in "DEFG")
    assert ws["D4"].value == "Initial"
    notes = ws["F4"]
    assert notes.data_type == "s" and notes.value.startswith("=")  # text, never a live formula
    [validation] = [dv for dv in ws.data_validations.dataValidation if "D4" in str(dv.sqref)]
    sheet, cells = validation.formula1.split("!")
    assert sheet.strip("'") == META_SHEET
    listed = [row[0].value for row in wb[META_SHEET][cells.replace("$", "")]]
    scale = mini.rulesets["mini"].scales[mini.rules["T-DEC-01"].scale]
    assert listed == [lv.label.en for lv in scale.levels] + ["Not applicable"]


def test_answer_choices_accept_values_and_both_languages(mini: model.Library) -> None:
    """Values, Spanish and English labels all read; case and spacing do not matter."""
    scale = mini.rulesets["mini"].scales[mini.rules["T-DEC-01"].scale]
    choices = answer_choices(scale)
    for level in scale.levels:
        for text in (level.value, level.label.es, level.label.en):
            assert text is not None
            assert choices[" ".join(text.upper().split())
                           .casefold()] == level.value
    assert choices["no aplica"] == choices["not applicable"] == model.NOT_APPLICABLE


def test_shipped_scales_have_unambiguous_choices(shipped: model.Library) -> None:
    """No label of one language is another level's label or value (each answer reads one way)."""
    for rs in shipped.rulesets.values():
        for scale in rs.scales.values():
            choices = answer_choices(scale)
            for level in scale.levels:
                for text in (level.value, level.label.es, level.label.en):
                    assert text is not None
                    assert choices.get(" ".join(text.casefold().replace("_", " ").split())) == level.value


def _mini_book(mini: model.Library, tmp_path: Path, lang: str = "en", **edits: Any) -> str:
    draft = new_draft(mini, "office-b", "state", date="2026-01-01")
    draft.name = "Oficina B"
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(mini, draft, lang)))
    for where, value in edits.items():
        sheet, cell = where.split("__")
        wb[sheet.replace("_", " ")][cell] = value
    return _save(wb, tmp_path / "book.xlsx")


def _problems(path: str, lib: model.Library, lang: str = "en") -> list[str]:
    with pytest.raises(InputError) as caught:
        import_path(path, lib, lang=lang)
    return [f"[{i.code}] {i.text(lang)}" for i in caught.value.issues]


def test_located_errors_in_the_users_language(mini: model.Library, tmp_path: Path) -> None:
    """A wrong answer is reported with its sheet and cell, in English or Spanish."""
    path = _mini_book(mini, tmp_path, "es", Decisión__D5="quizás")
    [en] = _problems(path, mini, "en")
    assert en.startswith("[unknown-value] sheet 'Decisión', cell D5: 'quizás' is not an allowed answer to T-DEC-02")
    [es] = _problems(path, mini, "es")
    assert es.startswith("[unknown-value] hoja «Decisión», celda D5: «quizás» no es una respuesta permitida")
    assert "Nunca" in es and "Never" in en


def test_hostile_cells_are_located_problems(mini: model.Library, tmp_path: Path) -> None:
    """Formulas, wrong types, blank justifications, unknown and repeated IDs: each one located."""
    path = _mini_book(mini, tmp_path, Entry__D4="=1+1", Decision__D4=True, Decision__D5="Not applicable",
                      Decision__G5=" … ", Decision__A6="T-NOPE-01", Decision__D6="Never",
                      Decision__A7="T-DEC-01", Decision__D7="Never", Decision__E8="stray evidence")
    problems = _problems(path, mini)
    assert problems == [
        "[cell-type] sheet 'Decision', cell D4: text was expected, not TRUE",
        "[duplicate-id] sheet 'Decision', cell A7: rule T-DEC-01 was already answered on sheet 'Decision', row 4",
        "[formula] sheet 'Entry', cell D4: holds a formula; type the value (brecha does not compute formulas)",
        "[justification] sheet 'Decision', cell D5: 'Not applicable' needs a written justification in cell G5",
        "[unknown-rule] sheet 'Decision', cell A6: 'T-NOPE-01' is not the ID of a known rule",
        "[unknown-rule] sheet 'Decision', cell A8: a row with an answer but no rule ID in column A",
    ]


def test_schema_problems_point_at_the_cell_they_came_from(mini: model.Library, tmp_path: Path) -> None:
    """A value the assessment schema refuses (a bad jurisdiction code) is reported at its cell."""
    path = _mini_book(mini, tmp_path, Instructions__B9="quintana roo")
    [problem] = _problems(path, mini)
    assert problem.startswith("[schema] sheet 'Instructions', cell B9: ")


def test_missing_header_fields_are_reported(mini: model.Library, tmp_path: Path) -> None:
    """The institution's name and the date are required."""
    path = _mini_book(mini, tmp_path, Instructions__B8=None, Instructions__B10="15/10/2026")
    assert _problems(path, mini) == [
        "[schema] sheet 'Instructions', cell B10: '15/10/2026' is not a YYYY-MM-DD date",
        "[schema] sheet 'Instructions': 'Institution's official name' is missing",
    ]


def test_files_that_are_not_brecha_workbooks(mini: model.Library, tmp_path: Path) -> None:
    """A YAML file, a damaged zip and someone else's workbook are refused with one clear line."""
    yaml_file = tmp_path / "a.xlsx"
    yaml_file.write_text("kind: Assessment\n")
    assert _problems(str(yaml_file), mini)[0].startswith("[not-workbook] not a readable Excel workbook")
    broken = tmp_path / "b.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
    assert _problems(str(broken), mini)[0].startswith("[not-workbook] not a readable Excel workbook")
    other = tmp_path / "c.xlsx"
    openpyxl.Workbook().save(other)
    assert _problems(str(other), mini) == [
        "[not-workbook] neither a workbook written by brecha template or brecha plan (the hidden sheet 'brecha' is missing) nor a "
        "submissions export of a brecha form (the columns brecha_institution, brecha_level, brecha_rulesets are missing)"]


def test_huge_workbooks_are_bounded(mini: model.Library, tmp_path: Path) -> None:
    """Too many rows, or too much once unzipped, stops reading with a located problem."""
    draft = new_draft(mini, "office-b", "state", date="2026-01-01")
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(mini, draft, "en")))
    for row in range(4, 60):
        wb["Decision"].cell(row, 6).value = "x"
    data = io.BytesIO()
    wb.save(data)
    with pytest.raises(InputError) as caught:
        read_workbook(data.getvalue(), "big.xlsx", mini, limits=WorkbookLimits(max_rows=20))
    assert "[too-large] sheet 'Decision': more than 20 rows; brecha reads no further" in [
        f"[{i.code}] {i.text()}" for i in caught.value.issues]
    with pytest.raises(InputError) as caught:
        read_workbook(data.getvalue(), "big.xlsx", mini, limits=WorkbookLimits(max_unzipped=1000))
    assert caught.value.issues[0].code == "too-large"


def test_other_answers_keep_their_sheet(mini: model.Library, tmp_path: Path) -> None:
    """Answers to rules the institution is not asked survive the round trip on their own sheet."""
    draft = Draft(institution="office-b", level="state", name="B", assessed_on="2026-01-01",
                  rulesets=[("mini", "1.0.0")], answers={"T-ENT-01": {"value": "always", "evidence": ["E"]}})
    path = tmp_path / "other.xlsx"
    path.write_bytes(build_workbook(mini, draft, "es"))
    assert "Otras respuestas" in openpyxl.load_workbook(path).sheetnames
    [imported] = import_path(str(path), mini, lang="es")
    answer = imported.assessment.answers["T-ENT-01"]
    assert (answer.value, answer.evidence) == ("always", ("E",))


def test_the_command_line_does_not_load_openpyxl() -> None:
    """openpyxl is imported only when a workbook is written or read, never at start-up."""
    code = "import sys, brecha.cli, brecha.api; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_mini_library_dir_exists() -> None:
    assert (MINI / "rules").is_dir()
