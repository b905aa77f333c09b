"""Command line of the field tools: template --format xlsx, import, export xlsform, plan, evaluate --plan."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from brecha.cli import app
from brecha.schemas import load_schema

from helpers import MINI, ROOT

RULES = ["--rules", str(MINI)]
ROUND_2 = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml")
PLAN = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml")


def _run(*args: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "BRECHA_LANG": lang}, catch_exceptions=False)


def test_workbook_template_filled_and_imported(tmp_path: Path) -> None:
    """template --format xlsx, filled through openpyxl, import -o: an assessment that evaluates."""
    book = tmp_path / "office.xlsx"
    made = _run("template", "-i", "office-b", "-l", "state", "--format", "xlsx", "-o", str(book), *RULES)
    assert made.exit_code == 0, made.stderr
    wb = openpyxl.load_workbook(book)
    wb["Instructions"]["B8"] = "Oficina B"
    wb["Decision"]["D4"] = "Defined"
    wb["Decision"]["E4"] = "Plan 2026"
    wb.save(book)
    out = tmp_path / "office.yaml"
    imported = _run("import", str(book), "-o", str(out), *RULES)
    assert imported.exit_code == 0, imported.stderr
    assert "Wrote 1 file." in imported.stderr
    report = _run("evaluate", str(out), "-f", "json", *RULES)
    assert report.exit_code == 0, report.stderr
    answers = {g["rule"]: g["answer"] for g in json.loads(report.stdout)["gaps"]}
    assert "T-DEC-01" not in answers or answers["T-DEC-01"] == "defined"
    again = _run("import", str(book), "-o", str(out), *RULES)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_import_errors_are_located_in_the_users_language(tmp_path: Path) -> None:
    """A wrong answer exits 3 with 'hoja «…», celda D4' in Spanish, and no traceback."""
    book = tmp_path / "office.xlsx"
    _run("template", "-i", "office-b", "-l", "state", "--format", "xlsx", "-o", str(book), "--lang", "es", *RULES)
    wb = openpyxl.load_workbook(book)
    wb["Decisión"]["D4"] = "quizás"
    wb.save(book)
    result = _run("import", str(book), *RULES, lang="es")
    assert result.exit_code == 3
    assert "error [unknown-value] hoja «Decisión», celda D4: «quizás» no es una respuesta permitida" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_binary_output_goes_to_a_file_or_a_pipe() -> None:
    """A workbook on standard output is written as bytes (CliRunner is a pipe, not a terminal)."""
    result = CliRunner().invoke(app, ["template", "-i", "office-b", "-l", "state", "--format", "xlsx", *RULES],
                                env={"BRECHA_LANG": "en"})
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")
    assert openpyxl.load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames[0] == "Instructions"


def test_export_xlsform(tmp_path: Path) -> None:
    """export xlsform writes the form; an unknown form format is a usage error naming the choices."""
    form = tmp_path / "form.xlsx"
    result = _run("export", "xlsform", "-i", "office-b", "-l", "state", "-o", str(form), *RULES)
    assert result.exit_code == 0, result.stderr
    assert openpyxl.load_workbook(form).sheetnames == ["survey", "choices", "settings"]
    wrong = _run("export", "pdf", "-i", "office-b", "-l", "state", "-o", str(form), *RULES)
    assert wrong.exit_code == 2 and "xlsform" in wrong.stderr
    unknown = _run("export", "xlsform", "-i", "nobody", "-l", "state", "-o", str(tmp_path / "x.xlsx"), *RULES)
    assert unknown.exit_code == 2


def test_submissions_import_into_a_folder(tmp_path: Path) -> None:
    """Several submissions need a folder; each becomes NAME-NNN.yaml there."""
    csv_file = tmp_path / "kobo.csv"
    csv_file.write_text(
        "brecha_institution,brecha_level,brecha_rulesets,details/inst_name,details/assessed_on,"
        "g_mini_decision/T-DEC-01\n"
        "office-b,state,mini@1.0.0,Oficina B,2026-03-01,defined\n"
        "office-b,state,mini@1.0.0,Oficina B,2027-03-01,implemented\n", encoding="utf-8")
    refused = _run("import", str(csv_file), *RULES)
    assert refused.exit_code == 2 and "--output FOLDER" in refused.stderr
    folder = tmp_path / "out"
    folder.mkdir()
    done = _run("import", str(csv_file), "-o", str(folder), *RULES)
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["kobo-001.yaml", "kobo-002.yaml"]
    assert 'assessed_on: "2027-03-01"' in (folder / "kobo-002.yaml").read_text(encoding="utf-8")


def test_plan_and_its_follow_up(tmp_path: Path) -> None:
    """plan writes YAML and xlsx; evaluate --plan adds the follow-up to every format, JSON to the schema."""
    plan = tmp_path / "plan.yaml"
    made = _run("plan", str(ROOT / "examples" / "procuraduria-estatal-norte.yaml"), "-o", str(plan))
    assert made.exit_code == 0, made.stderr
    assert plan.read_text(encoding="utf-8").count("status: planned") > 10
    sheet = _run("plan", str(ROOT / "examples" / "procuraduria-estatal-norte.yaml"), "-f", "xlsx",
                 "-o", str(tmp_path / "plan.xlsx"))
    assert sheet.exit_code == 0
    as_json = _run("evaluate", ROUND_2, "--plan", PLAN, "-f", "json")
    assert as_json.exit_code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    Draft202012Validator(load_schema("GapReport")).validate(data)
    assert data["plan_follow_up"]["counts"] == {"done": 2, "overdue": 2, "open": 31, "dropped": 1}
    assert data["plan_follow_up"]["gaps_without_action"] == ["MX-ISN-28", "MX-ING-20", "MX-ING-14", "MX-MON-07"]  # MX-ING-14: an evidence gap no action answers; MX-ISN-28: split from MX-ISN-08 after the plan
    page = _run("evaluate", ROUND_2, "--plan", PLAN, "-f", "html", "--lang", "es")
    assert '<section id="plan-follow-up">' in page.stdout and page.stdout.rstrip().endswith("</html>")
    console = _run("evaluate", ROUND_2, "--plan", PLAN)
    assert "2 actions overdue" in console.stdout
    wrong = _run("evaluate", ROUND_2, "--plan", ROUND_2)
    assert wrong.exit_code == 3 and "wrong-kind" in wrong.stderr


def test_compare_follows_the_plan_up_on_the_latest_round() -> None:
    """compare --plan: the rounds' progress, then the plan's follow-up on the newer round, in each format."""
    from brecha.renderers import formats

    assert formats.PLANNED_COMPARE.names == formats.COMPARE.names
    round_1 = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")
    md = _run("compare", round_1, ROUND_2, "--plan", PLAN, "-f", "markdown")
    assert md.exit_code == 0, md.stderr
    assert "# Progress between rounds" in md.stdout
    assert "## Action plan of 2026-11-05 followed up (as of the self-assessment's date, 2027-10-14)" in md.stdout
    data = json.loads(_run("compare", ROUND_2, round_1, "--plan", PLAN, "-f", "json").stdout)
    assert data["plan_follow_up"]["reference_date"] == "2027-10-14"  # the latest round, whatever the order given
    assert data["plan_follow_up"]["gaps_without_action"] == ["MX-ISN-28", "MX-ING-20", "MX-ING-14", "MX-MON-07"]  # MX-ING-14: an evidence gap no action answers; MX-ISN-28: split from MX-ISN-08 after the plan
