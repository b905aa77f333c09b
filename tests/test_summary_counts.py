"""The summary counts gaps as each institution's own gap report does, so the two cannot drift:
evidence gaps included (critical ones among the critical), each rule set's counts as its
report's, and a duty two rule sets ask (rules declared ``equivalent_to``) counted once where
rule sets are counted together. Checked over every bundled example, in every export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from brecha import api, model
from brecha.cli import app
from brecha.i18n import tr
from brecha.renderers import rounds
from brecha.renderers.confidential import render_json
from brecha.report import GapReport, GapStatus
from brecha.summarizing import GroupBy, Summary, SummaryOptions, anonymise

from helpers import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def summary() -> Summary:
    return api.summarize_paths([str(EXAMPLES)], options=SummaryOptions(group_by=GroupBy.TYPE))


@pytest.fixture(scope="module")
def reports(summary: Summary) -> dict[str, GapReport]:
    return {row.path: api.evaluate_path(row.path) for row in summary.rows}


def _critical_once(report: GapReport, lib: model.Library) -> int:
    """The report's critical gaps, less one for each declared pair whose two rules are both among them."""
    critical = {g.rule_id for g in report.critical_gaps}
    shared = sum(1 for a, b in model.equivalent_pairs(lib) if a in critical and b in critical)
    return len(critical) - shared


def test_the_examples_hold_the_cases_this_file_guards(reports: dict[str, GapReport]) -> None:
    """Some example has a critical evidence gap, and some a duty that is a critical gap under two rule sets:
    without them the comparisons below would not test what they are for."""
    lib = api.load_content()
    assert any(g.status is GapStatus.UNSUPPORTED for r in reports.values() for g in r.critical_gaps)
    assert any(_critical_once(r, lib) < len(r.critical_gaps) for r in reports.values())
    assert len(reports) >= 10


def test_each_rule_set_counts_as_the_report(summary: Summary, reports: dict[str, GapReport]) -> None:
    data = json.loads(rounds.summary_json(summary, "en"))
    for row in data["assessments"]:
        report = reports[row["path"]]
        assert set(row["by_ruleset"]) == {r.id for r in report.results}
        for result in report.results:
            counts = row["by_ruleset"][result.id]
            listed = [g for g in report.all_gaps if g.ruleset_id == result.id]
            assert counts["gaps"] == result.score.total_gaps == len(listed), row["path"]
            assert counts["critical_gaps"] == result.score.total_critical_gaps == sum(g.critical for g in listed)


def test_each_institution_counts_its_critical_gaps_as_the_report(summary: Summary,
                                                                 reports: dict[str, GapReport]) -> None:
    """One "!" per assessment, the same in the console's data, JSON, CSV and the workbook."""
    lib = api.load_content()
    data = json.loads(rounds.summary_json(summary, "en"))
    by_path = {row["path"]: row["critical_gaps"] for row in data["assessments"]}
    table = list(csv.DictReader(io.StringIO(rounds.summary_csv(summary, "en"))))
    in_csv = {line["path"]: int(line[tr("critical_gaps", "en")]) for line in table}
    for row in summary.rows:
        report = reports[row.path]
        expected = _critical_once(report, lib)
        assert row.report.critical_duties == report.critical_duties == expected, row.path
        assert by_path[row.path] == in_csv[row.path] == expected, row.path


def test_the_workbook_counts_as_the_report(summary: Summary, reports: dict[str, GapReport]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from brecha.renderers.spreadsheet import summary_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, "es"))).worksheets[0]
    header = [c.value for c in sheet[1]]
    critical, path = header.index(tr("critical_gaps", "es")), header.index(tr("spreadsheet.file", "es"))
    for line in sheet.iter_rows(min_row=2, values_only=True):
        assert line[critical] == reports[str(line[path])].critical_duties


def test_common_gaps_count_evidence_gaps(summary: Summary, reports: dict[str, GapReport]) -> None:
    """A line is a duty: an institution short on it counts once, whichever of its rules (one per
    rule set that asks it) is short, critical where any is; evidence gaps are gaps."""
    counted = [reports[row.path] for row in summary.rows if row.counted]
    shared = 0
    for common in summary.common_gaps:
        duty = {g.duty for r in counted for g in r.all_gaps if g.rule_id == common.rule_id}
        short = [[g for g in r.all_gaps if g.duty in duty] for r in counted]
        short = [gaps for gaps in short if gaps]
        assert common.count == len(short), common.rule_id
        assert common.critical == sum(any(g.critical for g in gaps) for gaps in short), common.rule_id
        assert set(common.rule_ids) == {g.rule_id for gaps in short for g in gaps}, common.rule_id
        shared += len(common.rule_ids) > 1
    assert shared  # the examples have duties two rule sets ask: they are one line each
    evidence = {g.rule_id for r in counted for g in r.evidence_gaps}
    assert evidence <= {rule for c in summary.common_gaps for rule in c.rule_ids}


def test_averages_say_what_they_average(summary: Summary, reports: dict[str, GapReport]) -> None:
    """The "!" of a group is critical gaps per institution; each rule set's mean says how many it is over."""
    for group in (*summary.groups, *summary.total):
        members = [row for row in summary.rows if row.counted
                   and (group.key == "*" or row.report.institution_type.id == group.key)]
        assert group.count == len(members)
        total = sum(reports[row.path].critical_duties for row in members)
        assert group.critical_gaps == total
        assert group.mean_critical_gaps == pytest.approx(total / len(members))
        for rs, mean in group.means:
            used = [reports[row.path] for row in members]
            scores = [r.evidenced for rep in used for r in (res.score for res in rep.results if res.id == rs)
                      if r.evidenced is not None]
            assert group.averaged_over(rs) == len(scores)
            assert mean == (pytest.approx(sum(scores) / len(scores)) if scores else None)
    total = summary.total[0]
    assert any(total.averaged_over(rs) < total.count for rs, _ in total.means)  # the case the n= note is for


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_console_averages_show_a_mean_and_its_population(lang: str) -> None:
    out = CliRunner().invoke(app, ["summary", str(EXAMPLES)], catch_exceptions=False,
                             env={"NO_COLOR": "1", "BRECHA_LANG": lang, "COLUMNS": "80"}).stdout
    summary = api.summarize_paths([str(EXAMPLES)])
    total = summary.total[0]
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith(tr("summary.all", lang) + " "))
    # "!" then, when any institution admits one, "‼": how many admit a breach of an absolute duty
    assert lines[at].split()[-2:] == [f"{total.critical_gaps / total.count:.1f}", str(total.breached)]
    assert total.breached == sum(1 for row in summary.rows if row.counted and row.breached) > 0
    for rs, _ in total.means:
        if total.averaged_over(rs) < total.count:
            assert f"n={total.averaged_over(rs)}" in lines[at + 1]
    assert max(len(line) for line in lines) <= 80


def test_a_confidential_mean_says_what_it_is_over_and_a_suppressed_one_says_nothing() -> None:
    summary = api.summarize_paths([str(EXAMPLES)])
    shared = anonymise(summary, min_group=2, group_by=GroupBy.COUNTRY)
    data = json.loads(render_json(shared, "en"))
    published = {g.region for g in shared.groups}  # the total is over the published groups only
    members = [row for row in summary.rows if row.counted and (row.report.jurisdiction or "—")[:2] in published]
    for group, shown in zip((*shared.groups, shared.total), (*data["groups"], data["total"]), strict=True):
        assert group is not None
        within = [row for row in members if group.region is None or (row.report.jurisdiction or "—")[:2] == group.region]
        for rs, mean in group.means:
            used = sum(1 for row in within if (c := row.cell(rs)) is not None and c.score.evidenced is not None)
            if mean is None:  # too few: neither the mean nor how many used it is published
                assert used < shared.min_group and group.averaged_over(rs) == 0 and rs not in shown["averaged_over"]
            else:
                assert group.averaged_over(rs) == shown["averaged_over"][rs] == used >= shared.min_group
    assert any(0 < group.averaged_over(rs) < group.count for group in shared.groups for rs, _ in group.means)
