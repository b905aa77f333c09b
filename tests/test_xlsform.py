"""XLSForm: the form converts with pyxform (the reference converter); submissions read back as assessments."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as ET
import openpyxl
import pytest
from pyxform.xls2xform import convert

from brecha import api, evaluation, loading, model
from brecha.errors import InputError
from brecha.importing import import_path
from brecha.renderers import json as json_renderer
from brecha.templating import applicable_rules, new_draft
from brecha.xlsform import LANGUAGE_COLUMNS, build_xlsform

from helpers import ROOT

XF = "{http://www.w3.org/2002/xforms}"
EXAMPLE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


def _xform(data: bytes) -> ET.Element:
    warnings: list[str] = []
    # ODK Validate (shipped with pyxform) runs where Java is installed, as on CI's machine.
    result = convert(data, warnings=warnings, validate=shutil.which("java") is not None, file_type=".xlsx")
    assert warnings == []
    return ET.fromstring(result.xform)


def _survey(data: bytes) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _paths(data: bytes) -> dict[str, str]:
    """Each field's name -> its path with groups, as KoBoToolbox writes export headers."""
    stack: list[str] = []
    paths = {}
    for row in _survey(data):
        if row["type"] in ("begin_group", "begin_repeat"):
            stack.append(row["name"])
        elif row["type"] in ("end_group", "end_repeat"):
            stack.pop()
        else:
            paths[row["name"]] = "/".join([*stack, row["name"]])
    return paths


def test_the_form_converts_with_pyxform_and_asks_what_the_template_asks(shipped: model.Library) -> None:
    """One select_one per question, a group per stage, both languages, justification only for N/A."""
    data = build_xlsform(shipped, "procuraduria-proteccion", "state")
    root = _xform(data)
    languages = {t.get("lang") for t in root.iter(f"{XF}translation")}
    assert languages == set(LANGUAGE_COLUMNS.values())
    rules = applicable_rules(shipped, new_draft(shipped, "procuraduria-proteccion", "state", date=""))
    selects = [e for e in root.iter(f"{XF}select1") if not e.get("ref", "").endswith("/ev_rule")]
    assert sorted(e.get("ref", "").rsplit("/", 1)[-1] for e in selects) == sorted(r.id for r in rules)
    stages = {(r.ruleset_id, r.phase) for r in rules}
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    assert body is not None
    groups = [g for g in body if g.tag == f"{XF}group" and "/g_" in (g.get("ref") or "")]
    assert len(groups) == len(stages)
    binds = {b.get("nodeset", "").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    for rule in rules:
        just = binds[f"{rule.id}_justification"]
        assert " ".join(just.get("relevant", "").split()).endswith(f"{rule.id} = 'not_applicable'")
        assert just.get("required") == "true()"
    assert "brecha_rulesets" in binds and "crm-regional@" in (binds["brecha_rulesets"].get("calculate") or "")


def test_the_small_library_form_converts(mini: model.Library) -> None:
    """A form for another library converts too (names come from IDs, never from positions)."""
    _xform(build_xlsform(mini, "office-b", "state"))


def _report(assessment: model.Assessment, lib: model.Library) -> dict[str, Any]:
    data = json.loads(json_renderer.render(evaluation.evaluate(assessment, lib), "en"))
    data["assessment"].pop("fingerprint")
    data["assessment"].pop("illustrative")
    data.pop("notices")
    return data


def _submission(assessment: model.Assessment, paths: dict[str, str], lib: model.Library, *,
                labels: str | None = None, sep: str = "/") -> dict[str, str]:
    inst = assessment.institution

    def col(name: str) -> str:
        return paths[name].replace("/", sep)

    row = {"_uuid": f"7d1c-{assessment.assessed_on}", "_submission_time": "2026-10-16T10:00:00",
           col("brecha_institution"): inst.type, col("brecha_level"): inst.level,
           col("brecha_rulesets"): " ".join(f"{r.id}@{r.version}" for r in assessment.rulesets),
           col("inst_name"): inst.name, col("jurisdiction"): inst.jurisdiction or "",
           col("assessed_on"): assessment.assessed_on, col("round"): assessment.round or ""}
    if assessment.assessors:
        row[col("assessor")], row[col("assessor_role")] = assessment.assessors[0][0], assessment.assessors[0][1] or ""
    for rule_id, answer in assessment.answers.items():
        value = answer.value or ""
        if labels and value and value != model.NOT_APPLICABLE:
            rule = lib.rules[rule_id]
            level = lib.rulesets[rule.ruleset_id].scales[rule.scale].level(value)
            assert level is not None
            value = level.label.get(labels)
        row[col(rule_id)] = value
        row[col(f"{rule_id}_evidence")] = "\n".join(answer.evidence)
        row[col(f"{rule_id}_notes")] = answer.notes or ""
        row[col(f"{rule_id}_justification")] = answer.justification or ""
    return row


def _csv(rows: list[dict[str, str]], path: Path) -> str:
    header = sorted({k for r in rows for k in r})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def _second_round(original: model.Assessment) -> model.Assessment:
    answers = dict(original.answers)
    answers["MX-MON-13"] = model.Answer(rule_id="MX-MON-13", value="definido", evidence=("Registro 2027",),
                                        notes=None, justification=None, location=original.location)
    return model.Assessment(institution=original.institution, assessed_on="2027-10-15", round="2027",
                            assessors=original.assessors, rulesets=original.rulesets, answers=answers,
                            illustrative=False, fingerprint=original.fingerprint, location=original.location)


def test_a_kobo_csv_export_gives_one_assessment_per_submission(shipped: model.Library, tmp_path: Path) -> None:
    """Two submissions in a KoBoToolbox CSV export (values, group paths) read as two assessments."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    second = _second_round(original)
    paths = _paths(build_xlsform(shipped, "procuraduria-proteccion", "state", rulesets=["ruta-mx"]))
    path = _csv([_submission(original, paths, shipped), _submission(second, paths, shipped)], tmp_path / "kobo.csv")
    first, other = import_path(path, shipped, lang="es")
    assert (first.name, other.name) == ("kobo-001", "kobo-002")
    assert _report(first.assessment, shipped) == _report(original, shipped)
    assert _report(other.assessment, shipped) == _report(second, shipped)


def test_an_odk_xlsx_export_with_english_labels_reads_the_same(shipped: model.Library, tmp_path: Path) -> None:
    """An xlsx export with labels instead of values and '-' between group and field reads the same."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    paths = _paths(build_xlsform(shipped, "procuraduria-proteccion", "state", rulesets=["ruta-mx"]))
    row = _submission(original, paths, shipped, labels="en", sep="-")
    wb = openpyxl.Workbook()
    ws = wb.worksheets[0]
    ws.append(list(row))
    ws.append(list(row.values()))
    wb.save(tmp_path / "odk.xlsx")
    [imported] = import_path(str(tmp_path / "odk.xlsx"), shipped, lang="en")
    assert _report(imported.assessment, shipped) == _report(original, shipped)


def test_submission_problems_are_located(shipped: model.Library, tmp_path: Path) -> None:
    """A wrong answer is named by its CSV row and column, or by its sheet and cell."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    paths = _paths(build_xlsform(shipped, "procuraduria-proteccion", "state", rulesets=["ruta-mx"]))
    row = _submission(original, paths, shipped)
    row[paths["MX-MON-13"]] = "tal vez"
    path = _csv([row], tmp_path / "bad.csv")
    with pytest.raises(InputError) as caught:
        import_path(path, shipped, lang="es")
    [issue] = caught.value.issues
    header = sorted(row)
    assert (issue.location.line, issue.location.col) == (2, header.index(paths["MX-MON-13"]) + 1)
    assert issue.text("es").startswith(f"columna «{paths['MX-MON-13']}»: «tal vez» no es una respuesta permitida")
    wb = openpyxl.Workbook()
    wb.worksheets[0].append(header)
    wb.worksheets[0].append([row[h] for h in header])
    wb.worksheets[0].cell(2, header.index(paths["jurisdiction"]) + 1).value = "baja california"
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as caught:
        import_path(str(tmp_path / "bad.xlsx"), shipped, lang="en")
    texts = sorted(i.text("en") for i in caught.value.issues)
    assert texts[0].startswith("sheet 'Sheet', cell ") and "'tal vez' is not an allowed answer to MX-MON-13" in texts[0]


def test_a_csv_that_is_no_export(shipped: model.Library, tmp_path: Path) -> None:
    """A CSV without the form's hidden fields, or in Latin-1, is refused with one clear line."""
    plain = tmp_path / "plain.csv"
    plain.write_text("a,b\n1,2\n")
    with pytest.raises(InputError) as caught:
        import_path(str(plain), shipped, lang="en")
    assert caught.value.issues[0].code == "not-workbook"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("brecha_institution\nProcuradur\xeda\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        import_path(str(latin), shipped, lang="en")
    assert caught.value.issues[0].text() == "the CSV file is not UTF-8"
