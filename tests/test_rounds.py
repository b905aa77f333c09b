"""compare (two rounds) and summary (many assessments)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
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
    # the plan applied and monitored resolves "plan at most on paper" (it used to add it: better looked worse)
    assert [w.id for w in c.weaknesses_gone] == ["T-W01"] and c.weaknesses_new == ()
    assert "T-DEC-01" in {g.id for g in c.gaps_closed}


def test_compare_formats(write) -> None:  # type: ignore[no-untyped-def]
    """compare prints Markdown and JSON."""
    new = _round2(write)
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    data = json.loads(runner.invoke(app, ["compare", ROUND1, new, *RULES, "-f", "json"]).stdout)
    assert data["old"]["assessed_on"] == "2026-03-01" and data["new"]["assessed_on"] == "2027-03-01"
    md = runner.invoke(app, ["compare", ROUND1, new, *RULES, "-f", "markdown", "--lang", "en"]).stdout
    assert "| `T-ENT-02` Identification | regressed | Defined | Initial |" in md
    assert "- `T-W01` Plan at most on paper, no hearing" in md


def test_summary_matrix_common_gaps_and_failures(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every assessment becomes a row (both rounds of one office); the common gaps count the office
    once, by its latest round; broken files are listed and make the exit code 3."""
    _round2(write)
    (tmp_path / "mini.yaml").write_text(Path(ROUND1).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("kind: Assessment\n", encoding="utf-8")
    s = api.summarize_paths([str(tmp_path)], str(MINI))
    assert len(s.rows) == 2 and len(s.failures) == 1 and s.institutions == 1
    latest = next(r for r in s.rows if r.counted)
    assert latest.path.endswith("round2.yaml")
    assert {(g.rule_id, g.count) for g in s.common_gaps} == {(g.rule_id, 1) for g in latest.report.gaps}
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


def test_every_change_of_status_is_reported(write) -> None:  # type: ignore[no-untyped-def]
    """not applicable <-> answered, answered <-> unanswered are changes, never "unchanged"."""
    text = Path(ROUND1).read_text(encoding="utf-8")
    assert "value: initial" in text and "value: defined" in text
    later = text.replace("2026-03-01", "2027-03-01").replace(
        "value: initial", "value: not_applicable\n    justification: Another office does this now.")
    c = api.compare_paths(ROUND1, write("later.yaml", later), str(MINI))
    status = {m.rule_id: m.status for m in c.rules}
    assert status["T-DEC-01"] == "now_na"
    back = api.compare_paths(write("later2.yaml", later), write("again.yaml", text.replace("2026-03-01", "2028-03-01")),
                             str(MINI))
    assert {m.rule_id: m.status for m in back.rules}["T-DEC-01"] == "no_longer_na"
    md = CliRunner(env={"BRECHA_LANG": "es"}).invoke(
        app, ["compare", ROUND1, write("later3.yaml", later), *RULES, "-f", "markdown"]).stdout
    assert "| ahora no aplica | Inicial (`initial`) | no aplica |" in md
    assert "1 ahora no aplica" in md


def test_more_than_two_rounds_make_a_trend(write) -> None:  # type: ignore[no-untyped-def]
    """Three rounds given in any order: date order, a trend row per round, detail for the last two."""
    second = _round2(write)
    third = write("round3.yaml", Path(second).read_text(encoding="utf-8").replace("2027-03-01", "2028-03-01"))
    c = api.compare_paths(third, ROUND1, str(MINI), second)
    assert [p.report.assessed_on for p in c.trend] == ["2026-03-01", "2027-03-01", "2028-03-01"]
    assert (c.old.assessed_on, c.new.assessed_on) == ("2027-03-01", "2028-03-01")
    md = CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["compare", ROUND1, second, third, *RULES, "-f", "markdown"]).stdout
    assert "## Trend" in md and "| | 2026-1 · 2026-03-01 | 2026-1 · 2027-03-01 | 2026-1 · 2028-03-01 |" in md
    assert "Rule by rule: the last two rounds (2026-1 · 2027-03-01 → 2026-1 · 2028-03-01)." in md
    data = json.loads(CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["compare", ROUND1, second, third, *RULES, "-f", "json"]).stdout)
    assert [p["assessed_on"] for p in data["trend"]] == ["2026-03-01", "2027-03-01", "2028-03-01"]


def test_compare_needs_two_rounds() -> None:
    """One file is a usage error, said in the user's language."""
    result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(app, ["compare", ROUND1, *RULES])
    assert result.exit_code == 2 and "al menos dos" in result.stderr


def test_compare_console_golden_at_80_columns() -> None:
    """The shipped two rounds, as the console shows them at 80 columns (Spanish)."""
    import os

    from rich.console import Console

    from brecha.renderers.formats import COMPARE, Rich

    from helpers import ROOT

    c = api.compare_paths(str(ROOT / "examples" / "procuraduria-estatal-norte.yaml"),
                          str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml"))
    rendered = COMPARE.render("console", c, "es")
    assert isinstance(rendered, Rich)
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(rendered.renderable)
    text = buffer.getvalue()
    golden = TESTS / "golden" / "compare-examples.es.txt"
    if os.environ.get("BRECHA_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("name", ["a\r=HYPERLINK(\"http://x\")", "b\n+1+1", " =1+1", "@SUM(1)", "\t=1", "|calc",
                                  "\uff1d1+1", "x\x1b[2J\x07\u202ey", "-2+3", "%0A=1"])
def test_summary_csv_cells_are_inert_whatever_they_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        name: str) -> None:
    """A CR or LF inside a cell cannot start a row, no cell (the path included) can start a formula, and
    control characters are escaped: the CSV reads back as one header and one row per assessment."""
    text = Path(ROUND1).read_text(encoding="utf-8")
    start = text.index("  name:")
    end = text.index("\n", start)
    folder = tmp_path / "in"
    folder.mkdir()
    hostile_path = folder / "=cmd|' calc'!A0.yaml"
    hostile_path.write_text(text[:start] + f"  name: {json.dumps(name)}" + text[end:], encoding="utf-8")
    monkeypatch.chdir(folder)  # the file's name, as given, is the path column's cell
    out = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["summary", hostile_path.name, *RULES, "-f", "csv"]).stdout
    lines = out.splitlines()
    assert len(lines) == 2  # header and one row: nothing inside a cell broke the line
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 2 and all(len(r) == len(rows[0]) for r in rows)
    for cell in (c for r in rows for c in r):
        stripped = cell.lstrip(" ")
        assert not stripped[:1] or stripped[:1] not in "=+-@\t\r\n|%\uff1d\uff0b\uff0d\uff20" or \
            cell.replace(".", "", 1).isdigit(), cell
        assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in "\u202e\u2028\u2029" for c in cell), cell
    path_cell = rows[1][0]
    assert path_cell == "'=cmd|' calc'!A0.yaml"
    assert all(line.startswith('"') and line.endswith('"') for line in lines)  # every cell quoted
