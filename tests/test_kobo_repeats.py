"""Repeat groups of the mobile form: several assessors and dated evidence entries, read from KoBoToolbox exports.

KoBoToolbox's xlsx export (formpack) puts the submissions on the first sheet and each repeat
group on a sheet of its own, named after the group; each of its rows carries ``_parent_index``
(the submission's ``_index``) and, when asked to, ``_submission__id`` and ``_submission__uuid``.
Its CSV export holds the first sheet only. The exports below are built that way.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as ET
import openpyxl
import pytest
from pyxform.xls2xform import convert

from brecha import api, loading, model
from brecha.errors import InputError
from brecha.importing import import_path
from brecha.xlsform import build_xlsform

from helpers import ROOT

XF = "{http://www.w3.org/2002/xforms}"
EXAMPLE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
LINKS = ["_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"]


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


@pytest.fixture(scope="module")
def form(shipped: model.Library) -> bytes:
    return build_xlsform(shipped, "procuraduria-proteccion", "state", rulesets=["ruta-mx"])


def _paths(data: bytes) -> dict[str, str]:
    """Each field's name -> its path with groups and repeats, as KoBoToolbox writes export headers."""
    ws = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    rows = list(ws.iter_rows(values_only=True))
    stack: list[str] = []
    paths = {}
    for row in rows[1:]:
        kind, name = row[0], row[1]
        if kind in ("begin_group", "begin_repeat"):
            stack.append(name)
        elif kind in ("end_group", "end_repeat"):
            stack.pop()
        else:
            paths[name] = "/".join([*stack, name])
    return paths


def test_the_form_has_repeat_groups_for_assessors_and_evidence(form: bytes) -> None:
    """pyxform converts it: two repeats, the evidence one naming any question, and a count of each."""
    warnings: list[str] = []
    xform = convert(form, warnings=warnings, validate=shutil.which("java") is not None, file_type=".xlsx").xform
    assert warnings == []
    root = ET.fromstring(xform)
    repeats = sorted(r.get("nodeset", "").rsplit("/", 1)[-1] for r in root.iter(f"{XF}repeat"))
    assert repeats == ["assessors", "evidence"]
    binds = {b.get("nodeset", "").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    assert binds["brecha_evidence_count"].get("calculate", "").replace(" ", "").startswith("count(")
    assert binds["ev_title"].get("required") == "true()"
    assert "ev_link" in binds["ev_file"].get("relevant", "")
    paths = _paths(form)
    assert paths["assessor"] == "details/assessors/assessor" and paths["ev_rule"] == "evidence/ev_rule"


def _export(original: model.Assessment, paths: dict[str, str], subs: list[dict[str, Any]]) -> dict[str, list[dict]]:
    """A KoBoToolbox xlsx export: one main row per submission, repeat rows linked to it."""
    inst = original.institution
    main, assessors, evidence = [], [], []
    for index, sub in enumerate(subs, start=1):
        row = {paths["brecha_institution"]: inst.type, paths["brecha_level"]: inst.level,
               paths["brecha_rulesets"]: " ".join(f"{r.id}@{r.version}" for r in original.rulesets),
               paths["inst_name"]: sub.get("name", inst.name), paths["jurisdiction"]: inst.jurisdiction,
               paths["assessed_on"]: sub.get("date", original.assessed_on),
               paths["brecha_assessor_count"]: str(sub.get("assessor_count", len(sub["assessors"]))),
               paths["brecha_evidence_count"]: str(sub.get("evidence_count", len(sub["evidence"]))),
               "_id": 500 + index, "_uuid": f"uuid-{index}", "_index": index}
        for rule_id, answer in original.answers.items():
            row[paths[rule_id]] = answer.value
            row[paths[f"{rule_id}_evidence"]] = "\n".join(r.title for r in answer.records) or None
            row[paths[f"{rule_id}_justification"]] = answer.justification
        main.append(row)
        link = {"_parent_table_name": "form", "_parent_index": index, "_submission__id": 500 + index,
                "_submission__uuid": f"uuid-{index}"}
        for name, role in sub["assessors"]:
            assessors.append({paths["assessor"]: name, paths["assessor_role"]: role, **link})
        for item in sub["evidence"]:
            evidence.append({paths[f"ev_{k}"]: v for k, v in item.items()} | link)
    return {"form": main, "assessors": assessors, "evidence": evidence}


def _save(sheets: dict[str, list[dict]], path: Path, *, drop: tuple[str, ...] = (), shuffle: bool = False) -> str:
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        header = [h for h in dict.fromkeys(k for r in rows for k in r) if h not in drop] or ["_parent_index"]
        ws.append(header)
        if shuffle and title != "form":  # the second submission's entries first: only link columns tell
            rows = sorted(rows, key=lambda r: -r["_parent_index"])
        for r in rows:
            ws.append([r.get(h) for h in header])
    wb.save(path)
    return str(path)


TWO = [
    {"assessors": [("Ana Ruiz", "Subprocuradora"), ("Luis Peña", "Jefe de oficina")],
     "evidence": [{"rule": "MX-MON-13", "title": "Registro de casos 2026", "date": "2026-09-30",
                   "link": "https://example.org/registro", "verified_by": "Contraloría"},
                  {"rule": "MX-MON-13", "title": "Acta | sesión de revisión", "file": "actas/2026-09.pdf"},
                  {"rule": "MX-ISN-02", "title": "Oficio al INM"}]},
    {"assessors": [("Carla Díaz", None)],
     "evidence": [{"rule": "MX-ISN-02 · Plan de restitución presentado al INM", "title": "Oficio de otra persona"}]},
]


def test_each_submission_keeps_its_own_assessors_and_all_its_evidence(shipped: model.Library, form: bytes,
                                                                       tmp_path: Path) -> None:
    """Two submissions for the same institution: two self-assessments, none of their entries mixed or dropped."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    path = _save(_export(original, _paths(form), TWO), tmp_path / "kobo.xlsx", shuffle=True)
    first, second = import_path(path, shipped, lang="es")
    assert first.assessment is not None and second.assessment is not None
    assert first.assessment.assessors == (("Ana Ruiz", "Subprocuradora"), ("Luis Peña", "Jefe de oficina"))
    assert second.assessment.assessors == (("Carla Díaz", None),)
    mon = first.assessment.answers["MX-MON-13"].records
    written = [r.title for r in original.answers["MX-MON-13"].records]
    assert [r.title for r in mon] == [*written, "Registro de casos 2026", "Acta | sesión de revisión"]
    dated = mon[len(written)]
    assert (dated.date, dated.link, dated.verified_by) == ("2026-09-30", "https://example.org/registro", "Contraloría")
    assert mon[len(written) + 1].file == "actas/2026-09.pdf"
    assert [r.title for r in first.assessment.answers["MX-ISN-02"].records][-1] == "Oficio al INM"
    assert [r.title for r in second.assessment.answers["MX-ISN-02"].records][-1] == "Oficio de otra persona"
    assert "Oficio de otra persona" not in [r.title for r in first.assessment.answers["MX-ISN-02"].records]
    # the same institution on the same day: both kept, and the coordinator is told
    for imported in (first, second):
        [notice] = imported.notices
        assert "kobo-001" in notice.text("en") and "kobo-002" in notice.text("en") and "not merged" in notice.text("en")


@pytest.mark.parametrize("drop", [("_submission__id", "_submission__uuid"), ("_parent_index", "_submission__id")],
                         ids=["parent-index", "uuid"])
def test_repeat_rows_link_by_whichever_column_the_export_has(shipped: model.Library, form: bytes, tmp_path: Path,
                                                             drop: tuple[str, ...]) -> None:
    original = loading.load_assessment(str(EXAMPLE), shipped)
    path = _save(_export(original, _paths(form), TWO), tmp_path / "kobo.xlsx", drop=drop)
    first, second = import_path(path, shipped, lang="es")
    assert [len(i.assessment.assessors) for i in (first, second) if i.assessment] == [2, 1]


def _problems(path: str, lib: model.Library) -> list[str]:
    with pytest.raises(InputError) as caught:
        import_path(path, lib, lang="en")
    return sorted(i.text("en") for i in caught.value.issues)


def test_ambiguous_or_orphan_repeat_rows_are_located(shipped: model.Library, form: bytes, tmp_path: Path) -> None:
    """A row whose link columns disagree, or that names no submission here, is an error at its cell."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    sheets = _export(original, _paths(form), TWO)
    sheets["assessors"][0]["_parent_index"] = 2  # its _submission__uuid still says uuid-1
    sheets["evidence"][2] |= {"_parent_index": 9, "_submission__id": None, "_submission__uuid": None}
    path = _save(sheets, tmp_path / "kobo.xlsx")
    wb = openpyxl.load_workbook(path)
    first = {t: _letter(wb[t], "_parent_index") for t in ("assessors", "evidence")}
    assert _problems(path, shipped) == [
        f"sheet 'assessors', cell {_letter(wb['assessors'], '_submission__uuid')}2: this row's link columns "
        "(_submission__uuid, _submission__id, _parent_index) name different submissions; brecha will not guess which",
        f"sheet 'evidence', cell {first['evidence']}4: this row belongs to submission 9, which is not in the "
        "submissions sheet (filtered out of the export?)",
        # and so their submissions lack an entry the form counted: each is said once more, at the count
        f"sheet 'form', cell {_letter(wb['form'], 'brecha_assessor_count')}2: the form's count of entries in "
        "'assessors' is 2, but sheet 'assessors' links 1 to this submission",
        f"sheet 'form', cell {_letter(wb['form'], 'brecha_evidence_count')}2: the form's count of entries in "
        "'evidence' is 3, but sheet 'evidence' links 2 to this submission",
    ]


def _letter(ws: Any, header: str) -> str:
    """The column letter of a header in a sheet's first row."""
    row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True))
    return openpyxl.utils.get_column_letter(list(row).index(header) + 1)


def test_a_csv_export_that_drops_the_repeats_is_refused(shipped: model.Library, form: bytes, tmp_path: Path) -> None:
    """KoBoToolbox's CSV export has no repeat groups: a submission with entries in them is an error, not a loss."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    main = _export(original, _paths(form), [TWO[0], {"assessors": [], "evidence": []}])["form"]
    path = tmp_path / "kobo.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(main[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(main)
    problems = _problems(str(path), shipped)
    assert len(problems) == 2
    assert problems[0].startswith("column 'brecha_assessor_count': this submission's repeat group 'assessors' "
                                  "holds entries (2) that this export does not carry")
    assert problems[1].startswith("column 'brecha_evidence_count': this submission's repeat group 'evidence' "
                                  "holds entries (3)")
    assert all("export as XLSX" in p for p in problems)
    # the submission with empty repeats alone reads
    only = tmp_path / "only.csv"
    with only.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(main[1]), delimiter=";")
        writer.writeheader()
        writer.writerow(main[1])
    [imported] = import_path(str(only), shipped, lang="es")
    assert imported.assessment is not None and imported.assessment.assessors == ()


def test_counts_that_do_not_match_and_bad_entries_are_located(shipped: model.Library, form: bytes,
                                                              tmp_path: Path) -> None:
    original = loading.load_assessment(str(EXAMPLE), shipped)
    subs = [dict(TWO[0], evidence_count=4), TWO[1]]
    sheets = _export(original, _paths(form), subs)
    sheets["evidence"][0]["evidence/ev_link"] = "ftp://example.org/x"
    sheets["evidence"][1]["evidence/ev_rule"] = "MX-NOPE-99"
    sheets["evidence"][3]["evidence/ev_title"] = "  -  "
    problems = _problems(_save(sheets, tmp_path / "kobo.xlsx"), shipped)
    assert len(problems) == 3, problems
    assert problems[0] == "sheet 'evidence', cell A3: 'MX-NOPE-99' is not one of this form's questions"
    assert problems[1] == "sheet 'evidence', cell B5: an evidence entry for MX-ISN-02 without a title"
    assert problems[2].startswith("sheet 'form', cell ") and problems[2].endswith(
        "the form's count of entries in 'evidence' is 4, but sheet 'evidence' links 3 to this submission")
    # once the rest is right, the loader judges the link, and its problem is moved to the link's cell
    sheets = _export(original, _paths(form), TWO)
    sheets["evidence"][0]["evidence/ev_link"] = "ftp://example.org/x"
    path = _save(sheets, tmp_path / "link.xlsx")
    [problem] = _problems(path, shipped)
    assert problem.startswith(f"sheet 'evidence', cell {_letter(openpyxl.load_workbook(path)['evidence'], 'evidence/ev_link')}2: ")
    assert "ftp://example.org/x" in problem


def test_a_submission_given_twice_is_refused(shipped: model.Library, form: bytes, tmp_path: Path) -> None:
    original = loading.load_assessment(str(EXAMPLE), shipped)
    sheets = _export(original, _paths(form), TWO)
    sheets["form"][1]["_uuid"] = "uuid-1"
    problems = _problems(_save(sheets, tmp_path / "kobo.xlsx"), shipped)
    assert any("_uuid uuid-1 is already on row 2" in p for p in problems)


def test_the_import_command_writes_each_submission_and_warns_of_the_same_day(shipped: model.Library, form: bytes,
                                                                            tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from brecha.cli import app

    original = loading.load_assessment(str(EXAMPLE), shipped)
    path = _save(_export(original, _paths(form), TWO), tmp_path / "kobo.xlsx")
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(app, ["import", path, "-o", str(tmp_path / "out")],
                                env={"NO_COLOR": "1", "BRECHA_LANG": "en"})
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kobo-001.yaml", "kobo-002.yaml"]
    assert result.stderr.count("[same-institution]") == 1 and "kobo-001, kobo-002" in result.stderr


def test_an_odk_central_zip_of_csv_files_reads_its_repeats(shipped: model.Library, form: bytes,
                                                            tmp_path: Path) -> None:
    """ODK Central: a CSV per table in a zip, '-' between groups, repeat rows naming their submission by PARENT_KEY."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    sheets = _export(original, _paths(form), TWO)
    for row in sheets["form"]:
        row["KEY"] = f"uuid:{row.pop('_uuid')}"
        for key in ("_id", "_index"):
            row.pop(key)
    for name in ("assessors", "evidence"):
        for row in sheets[name]:
            row["PARENT_KEY"] = f"uuid:{row['_submission__uuid']}"
            for key in LINKS:
                row.pop(key)
    archive = tmp_path / "central.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for name, rows in (("brecha_form-evidence.csv", sheets["evidence"]), ("brecha_form.csv", sheets["form"]),
                           ("brecha_form-assessors.csv", sheets["assessors"])):
            out = io.StringIO()
            header = list(dict.fromkeys(k for r in rows for k in r))
            writer = csv.DictWriter(out, [h.replace("/", "-") for h in header])
            writer.writeheader()
            writer.writerows({k.replace("/", "-"): v for k, v in r.items()} for r in rows)
            handle.writestr(name, out.getvalue())
        handle.writestr("media/photo.jpg", b"\xff\xd8")
    first, second = import_path(str(archive), shipped, lang="es")
    assert first.assessment is not None and second.assessment is not None
    assert first.assessment.assessors == (("Ana Ruiz", "Subprocuradora"), ("Luis Peña", "Jefe de oficina"))
    assert [r.title for r in second.assessment.answers["MX-ISN-02"].records][-1] == "Oficio de otra persona"
    # a repeat row naming a submission that is not there is located in its file, row and column
    evidence = sheets["evidence"][0]
    evidence["PARENT_KEY"] = "uuid:nowhere"
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as handle:
        out = io.StringIO()
        writer = csv.DictWriter(out, list(sheets["form"][0]))
        writer.writeheader()
        writer.writerows(sheets["form"])
        handle.writestr("f.csv", out.getvalue())
        out = io.StringIO()
        writer = csv.DictWriter(out, list(evidence))
        writer.writeheader()
        writer.writerow(evidence)
        handle.writestr("f-evidence.csv", out.getvalue())
    with pytest.raises(InputError) as caught:
        import_path(str(tmp_path / "bad.zip"), shipped, lang="en")
    orphan = next(i for i in caught.value.issues if "uuid:nowhere" in i.text("en"))
    assert orphan.location.path.endswith("bad.zip/f-evidence.csv")
    assert (orphan.location.line, orphan.location.col) == (2, list(evidence).index("PARENT_KEY") + 1)


def test_an_export_with_labels_for_headers_is_refused_once(shipped: model.Library, form: bytes,
                                                            tmp_path: Path) -> None:
    """Headers that are the questions' labels leave every answer unread: one clear error, not empty assessments."""
    original = loading.load_assessment(str(EXAMPLE), shipped)
    main = _export(original, _paths(form), [TWO[1], TWO[1]])["form"]
    for row in main:
        for rule_id in original.answers:
            row[f"{rule_id} · {shipped.rules[rule_id].title.get('es')}"] = row.pop(_paths(form)[rule_id])
    path = tmp_path / "labels.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(main[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(main)
    assert _problems(str(path), shipped) == [
        "column 'brecha_institution': this export has no column for any question of the form (exported with "
        "labels as headers?): export with XML values and headers"]
