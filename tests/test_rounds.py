"""compare (two rounds) and summary (many assessments)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from brecha import api
from brecha.cli import app

from helpers import MINI, TESTS

RULES = ["--rules", str(MINI)]
ROUND1 = str(TESTS / "fixtures" / "mini-assessment.yaml")


def _round2(write) -> str:  # type: ignore[no-untyped-def]
    text = Path(ROUND1).read_text(encoding="utf-8")
    text = text.replace("value: initial", "value: monitored").replace("value: defined", "value: initial")
    return write("round2.yaml", text.replace("2026-03-01", "2027-03-01"))


def test_compare_classifies_rules_and_weaknesses(write) -> None:  # type: ignore[no-untyped-def]
    """Improved, regressed and unchanged rules, score deltas and weakness changes are reported."""
    c = api.compare_paths(ROUND1, _round2(write), str(MINI))
    status = {m.rule_id: m.status for m in c.rules}
    assert status == {"T-DEC-01": "improved", "T-ENT-02": "regressed", "T-DEC-02": "unchanged"}
    assert c.same_institution
    assert c.weaknesses_new == ("T-W01",) and c.weaknesses_resolved == ()
    assert "T-DEC-01" in c.gaps_closed


def test_compare_formats(write) -> None:  # type: ignore[no-untyped-def]
    """compare prints Markdown and JSON."""
    new = _round2(write)
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    data = json.loads(runner.invoke(app, ["compare", ROUND1, new, *RULES, "-f", "json"]).stdout)
    assert data["old"]["assessed_on"] == "2026-03-01" and data["new"]["assessed_on"] == "2027-03-01"
    md = runner.invoke(app, ["compare", ROUND1, new, *RULES, "-f", "markdown", "--lang", "en"]).stdout
    assert "| `T-ENT-02` Identification | regressed | defined | initial |" in md


def test_summary_matrix_common_gaps_and_failures(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every assessment becomes a row; broken files are listed and make the exit code 3."""
    _round2(write)
    (tmp_path / "mini.yaml").write_text(Path(ROUND1).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("kind: Assessment\n", encoding="utf-8")
    s = api.summarize_paths([str(tmp_path)], str(MINI))
    assert len(s.rows) == 2 and len(s.failures) == 1
    assert s.common_gaps[0].count == 2
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["summary", str(tmp_path), *RULES, "-f", "csv"])
    assert result.exit_code == 3 and "broken.yaml" in result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 3 and rows[0][0] == "path"


def test_summary_csv_neutralises_formulas(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Institution names that look like spreadsheet formulas are quoted in CSV."""
    text = Path(ROUND1).read_text(encoding="utf-8")
    start = text.index("  name:")
    end = text.index("\n", start)
    (tmp_path / "x.yaml").write_text(text[:start] + '  name: "=HYPERLINK(1)"' + text[end:], encoding="utf-8")
    out = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["summary", str(tmp_path), *RULES, "-f", "csv"]).stdout
    assert "'=HYPERLINK(1)" in out
