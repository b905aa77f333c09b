"""summary --format xlsx: scores as numbers under a colour scale, the most common gaps, texts never formulas."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.renderers import rounds
from brecha.renderers.spreadsheet import summary_xlsx

from helpers import ROOT

EXAMPLES = [str(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]


def test_summary_workbook_holds_the_same_scores_as_json() -> None:
    """Each institution's evidenced scores are numbers equal to the JSON's; score columns are colour-scaled."""
    summary = api.summarize_paths(EXAMPLES)
    wb = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, "en")))
    assert wb.sheetnames == ["Summary", "Most common gaps"]
    ws = wb["Summary"]
    header = [c.value for c in ws[1]]
    data = json.loads(rounds.summary_json(summary, "en"))["assessments"]
    evidenced = header.index("Score (evidenced)") + 1
    assert [ws.cell(r, evidenced).value for r in range(2, ws.max_row + 1)] == pytest.approx(
        [a["evidenced"] for a in data], abs=0.005)
    assert all(isinstance(ws.cell(r, evidenced).value, float) for r in range(2, ws.max_row + 1))
    ranges = [str(cf.sqref) for cf in ws.conditional_formatting]
    assert any(r.startswith("H2:H") for r in ranges)  # the evidenced score column
    assert len(ranges) == 2 + len(summary.rulesets) + len(summary.phases)
    gaps = wb["Most common gaps"]
    assert [gaps.cell(2, c).value for c in (1, 3)] == [summary.common_gaps[0].rules_text("en"),
                                                       summary.common_gaps[0].count]
    # a duty two rule sets ask is one line naming both rules
    assert any(" and " in str(gaps.cell(r, 1).value) for r in range(2, gaps.max_row + 1))
    # the main sheet says what its "critical gaps" column counts, on its header
    note = ws.cell(1, header.index("Critical gaps") + 1).comment
    assert note is not None and "evidence gaps included" in note.text and "counts once" in note.text


def test_a_rating_held_by_an_admitted_breach_is_marked_red() -> None:
    """A green score must not make a breach of an absolute duty look good: its rating cell is red."""
    summary = api.summarize_paths(EXAMPLES)
    ws = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, "en")))["Summary"]
    rating = [c.value for c in ws[1]].index("Rating") + 1
    breached = [(h := row.report.headline_result) is not None and bool((c := row.cell(h.id)) and c.breaches)
                for row in summary.rows]  # in the sheet's order
    assert any(breached) and not all(breached)
    red = [ws.cell(n, rating).fill.fgColor.rgb.endswith("FFC7CE") for n in range(2, ws.max_row + 1)]
    assert red == breached


def test_texts_stay_texts(tmp_path: Path) -> None:
    """An institution named like a formula is written as text, and the command writes the file."""
    source = (ROOT / "examples" / "dif-municipal.yaml").read_text(encoding="utf-8")
    hostile = tmp_path / "x.yaml"
    name_line = next(line for line in source.splitlines() if line.strip().startswith("name:"))
    hostile.write_text(source.replace(name_line, '  name: "=HYPERLINK(\\"http://x\\",\\"y\\")\\u001b"', 1), encoding="utf-8")
    out = tmp_path / "summary.xlsx"
    result = CliRunner().invoke(app, ["summary", str(hostile), "-f", "xlsx", "-o", str(out), "--lang", "es"],
                                env={"NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    cell = openpyxl.load_workbook(out)["Resumen"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.value.endswith("\ufffd")
