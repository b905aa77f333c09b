"""``brecha summary`` as a coordinator uses it: folders, filters, order, averages, 80 columns."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import tr
from brecha.renderers import summary as summary_view
from brecha.summarizing import GroupBy, SortBy, SummaryOptions, View

from helpers import ROOT, TESTS

EXAMPLES = ROOT / "examples"
ASSESSMENTS = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs; rerun with BRECHA_UPDATE_GOLDEN=1 if intended"


def _plain(renderable: object, width: int) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def _run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "BRECHA_LANG": "en", "COLUMNS": "80"})


def test_a_folder_with_other_yaml_is_summarised_with_a_notice() -> None:
    """``summary examples/`` skips the CI workflow (and other kinds) with one line each; exit 0."""
    result = _run("summary", str(EXAMPLES))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    skipped = [line for line in result.stderr.splitlines() if "not a self-assessment" in line]  # type: ignore[attr-defined]
    assert any("brecha-rules.yml" in line for line in skipped)
    assert len(skipped) == len(result.stderr.splitlines())  # type: ignore[attr-defined]


def test_a_named_file_that_is_no_assessment_is_an_error() -> None:
    """A non-assessment named on the command line is a failure (exit 3), not silently skipped."""
    result = _run("summary", ASSESSMENTS[0], str(EXAMPLES / "ci" / "brecha-rules.yml"))
    assert result.exit_code == 3
    assert "brecha-rules.yml" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_console_golden_at_80_columns(lang: str) -> None:
    """The examples' summary at 80 columns is stable, and names every institution in full."""
    result = api.summarize_paths(ASSESSMENTS)
    text = _plain(summary_view.render(result, lang), 80)
    _check_golden(f"summary-examples.{lang}.txt", text)
    assert max(len(line) for line in text.splitlines()) <= 80
    words = set(text.split())
    for row in result.rows:  # the name is wrapped beside other columns, never cut
        assert set(row.report.institution_name.split()) <= words


@pytest.mark.parametrize("lang", ["es", "en"])
def test_rounds_golden_at_80_columns(lang: str) -> None:
    """Two rounds of one Procuraduría: both rows, side by side, the earlier marked; n counts institutions."""
    result = api.summarize_paths([*ASSESSMENTS, str(EXAMPLES / "rounds" / "procuraduria-estatal-norte-2027.yaml")])
    text = _plain(summary_view.render(result, lang), 80)
    _check_golden(f"summary-rounds.{lang}.txt", text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_stage_view_golden_at_80_columns() -> None:
    """``--by stage``: one table per rule set, stages numbered with a legend."""
    result = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(by=View.STAGE, group_by=GroupBy.LEVEL))
    text = _plain(summary_view.render(result, "es"), 80)
    _check_golden("summary-examples-stages.es.txt", text)
    assert "#1 = Etapa 1" in text and "Promedios por nivel" in text


def test_piped_output_is_plain_text() -> None:
    """Not a terminal: no escape sequences, and still readable at 80 columns."""
    result = _run("summary", *ASSESSMENTS)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout  # type: ignore[attr-defined]
    assert max(len(line) for line in result.stdout.splitlines()) <= 80  # type: ignore[attr-defined]


def test_filters_keep_only_what_is_asked() -> None:
    """--type, --level (by name too) and --jurisdiction (a country keeps its states) filter rows."""
    everything = api.summarize_paths(ASSESSMENTS)
    only_dif = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(types=("dif",)))
    assert {r.report.institution_type.id for r in only_dif.rows} == {"dif"}
    assert only_dif.filtered_out == len(everything.rows) - len(only_dif.rows) > 0
    state = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(levels=("estatal",)))
    assert state.rows and {r.report.institution_level.id for r in state.rows} == {"state"}
    mexico = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(jurisdictions=("MX",)))
    assert mexico.rows and all((r.report.jurisdiction or "").startswith("MX-") for r in mexico.rows)
    assert len(mexico.rows) < len(everything.rows)


def test_sort_by_score_puts_the_weakest_first() -> None:
    """--sort score orders by the first rule set's evidenced score, lowest first."""
    result = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(sort=SortBy.SCORE))
    first = result.rulesets[0][0]
    scores = [c.score.evidenced for r in result.rows if (c := r.cell(first)) and c.score.evidenced is not None]
    assert scores == sorted(scores) and len(scores) > 2


def test_averages_by_group_are_the_means_of_their_rows() -> None:
    """Each group's mean per rule set is the mean of its rows' evidenced scores."""
    result = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(group_by=GroupBy.TYPE))
    assert result.groups
    for group in result.groups:
        rows = [r for r in result.rows if r.report.institution_type.id == group.key]
        assert group.count == len(rows)
        for rs, mean in group.means:
            scores = [c.score.evidenced for r in rows if (c := r.cell(rs)) and c.score.evidenced is not None]
            assert mean == (pytest.approx(sum(scores) / len(scores)) if scores else None)
    assert result.total[0].count == len(result.rows)


def test_json_and_csv_carry_each_rule_set() -> None:
    """Exports give each rule set's score and rating per assessment, and the groups."""
    result = _run("summary", *ASSESSMENTS, "-f", "json", "--group-by", "country")
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    both = next(a for a in data["assessments"] if len(a["by_ruleset"]) == 2)
    assert set(both["by_ruleset"]) == {"ruta-mx", "crm-regional"}
    assert {g["key"] for g in data["groups"]["groups"]} >= {"MX", "GT", "*"}
    header = _run("summary", *ASSESSMENTS, "-f", "csv").stdout.splitlines()[0]  # type: ignore[attr-defined]
    assert "ruta-mx: Score (evidenced)" in header and "crm-regional: Rating" in header


def test_summary_help_is_spanish(tmp_path: Path) -> None:
    """The new options are explained in the language of the help."""
    result = CliRunner().invoke(app, ["summary", "--help"], env={"BRECHA_LANG": "es", "COLUMNS": "100"})
    assert "Promedios por type" in result.stdout


@pytest.mark.parametrize(("lang", "says", "not_said"), [
    ("es", "no pasa de la más baja", "tope"),
    ("en", "goes no higher than the lowest", "at its cap"),
])
def test_an_absolute_breach_is_said_to_keep_the_rating_at_the_lowest(lang: str, says: str, not_said: str) -> None:
    """"La calificación queda en su tope" could be read as "stays at its highest": the heading, the
    legend, the JSON note and the confidential legend say the rating goes no higher than the lowest."""
    from brecha.renderers.rounds import summary_json
    from brecha.summarizing import anonymise

    result = api.summarize_paths(ASSESSMENTS)
    assert result.breached
    text = _plain(summary_view.render(result, lang), 80)
    legend = [line for line in text.splitlines() if line.startswith("‼ =")]
    assert legend and says in " ".join(text.split()) and not_said not in text
    note = json.loads(summary_json(result, lang))["absolute_breaches"]["note"]
    assert says in note and not_said not in note
    shared = _plain(summary_view.render_anonymous(anonymise(result, min_group=2), lang), 80)
    assert says in " ".join(shared.split()) and not_said not in shared


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_listed_institutions_wrap_under_their_names(lang: str) -> None:
    """At 80 columns the institutions admitting a breach are one bullet each, and a wrapped line
    starts under the name, never at the left margin."""
    result = api.summarize_paths(ASSESSMENTS)
    lines = _plain(summary_view.render(result, lang), 80).splitlines()
    heading = next(n for n, line in enumerate(lines) if line.startswith(("Deberes absolutos", "Absolute duties")))
    start = next(n for n in range(heading, len(lines)) if lines[n].startswith("  • "))  # the heading may wrap
    listed = lines[start:lines.index("", start)]
    bullets = [line for line in listed if line.startswith("  • ")]
    assert len(bullets) == len(result.breached)
    wrapped = [line for line in listed if not line.startswith("  • ")]
    assert wrapped and all(line.startswith("    ") and line[4] != " " for line in wrapped)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_rows_name_the_type_and_level_by_their_labels(lang: str) -> None:
    """A row reads "Fiscalía (FGR o fiscalía estatal) · Estatal", not "fiscalia · Estatal"."""
    result = api.summarize_paths(ASSESSMENTS)
    text = " ".join(_plain(summary_view.render(result, lang), 200).split())
    label = "Fiscalía (FGR o fiscalía estatal) · Estatal" if lang == "es" else "Prosecutor's office (federal or state) · State"
    assert label in text
    for row in result.rows:
        assert f"{row.report.institution_type.id} · " not in text


def test_the_stage_view_marks_absolute_breaches_as_the_rule_set_view_does() -> None:
    """--by stage: each rule set's table has a ‼ column marking exactly the rows whose rating
    under that rule set is held by an admitted breach."""
    result = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(by=View.STAGE))
    text = _plain(summary_view.render(result, "es"), 120)
    marked = [line for line in text.splitlines() if line.rstrip().endswith("‼") and "Institución" not in line
              and not line.startswith("Grupo")]
    expected = sum(1 for rs, _ in result.rulesets for row in result.rows
                   if (cell := row.cell(rs)) is not None and cell.breaches)
    assert expected and len(marked) == expected
    heads = [line for line in text.splitlines() if line.startswith("Institución")]
    assert heads and all(line.rstrip().endswith("‼") for line in heads)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_stage_view_legend_explains_what_its_tables_show(lang: str) -> None:
    """--by stage: the tables have no rating and no «!» column, and mark a stage without a score
    «—» and one without the institution's own duties «·»: the legend explains those, not the
    rule-set view's «!», «calificación» and «· = rule set not used»; the stage numbers' legend is
    set apart from the last row by a blank line."""
    result = api.summarize_paths(ASSESSMENTS, options=SummaryOptions(by=View.STAGE))
    text = _plain(summary_view.render(result, lang), 80)
    assert " — " in text.split(tr("summary.averages", lang))[0]  # a stage with no score is shown
    flat = " ".join(text.split())
    assert " ".join(tr("summary.legend_stages", lang).split()) in flat
    assert " ".join(tr("summary.legend_scores", lang).split()) not in flat
    lines = text.splitlines()
    first = [n for n, line in enumerate(lines) if line.startswith("#1 = ")]
    assert first and all(lines[n - 1].strip() == "" for n in first)
    ruleset_view = _plain(summary_view.render(api.summarize_paths(ASSESSMENTS), lang), 80)
    assert " ".join(tr("summary.legend_scores", lang).split()) in " ".join(ruleset_view.split())
