"""Stages are shown in one order: the one their rule set declares (``model.phase_order``).

``summary --by stage`` listed a rule set's stages in the order the files first named them: the
first bundled assessment against crm-regional has no duty of "Origen", so in the summary of the
examples it came after "Detección", while every report (``evaluate --detail``) put it second,
as crm-regional declares it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, loading, model
from brecha.cli import app
from brecha.evaluation import evaluate_brief
from brecha.summarizing import summarize

from helpers import ROOT

LIB = api.load_content()
EXAMPLES = ROOT / "examples"
REGIONAL = EXAMPLES / "regional-autoridad-proteccion-gt.yaml"


def test_the_one_order_is_each_rule_sets_declared_phases() -> None:
    order = model.phase_order(LIB.rulesets.values())
    for rs in LIB.rulesets.values():
        assert [p for p, owner in order.items() if owner == rs.id] == [p.id for p in rs.phases]


@pytest.mark.parametrize("ruleset", ["crm-regional", "ruta-mx"])
def test_summary_and_report_show_the_stages_in_the_same_order(ruleset: str) -> None:
    """Over every example: the summary's stages of a rule set, and every report's breakdown, come
    in the rule set's declared order; for crm-regional, the summary holds every stage a report does."""
    declared = [p.id for p in LIB.rulesets[ruleset].phases]
    summary = api.summarize_paths([str(EXAMPLES)])
    shown = [p for p, _, owner in summary.phases if owner == ruleset]
    assert shown == [p for p in declared if p in shown]
    for row in summary.rows:
        lines = [line.id for r in row.report.results if r.id == ruleset for line in r.by_phase]
        assert lines == [p for p in declared if p in lines]
    if ruleset == "crm-regional":
        full = api.evaluate_path(str(REGIONAL))
        assert shown == [line.id for r in full.results if r.id == ruleset for line in r.by_phase]


def test_the_order_does_not_depend_on_which_file_comes_first() -> None:
    """The state fiscalía holds crm-regional duties of two stages only (not "Origen"); summarised
    before the regional example, which holds all nine, "Origen" is still shown second, where
    crm-regional declares it, not last; the fiscalía's own breakdown is in the same order."""
    rs = LIB.rulesets["crm-regional"]
    first, whole = (loading.load_assessment(str(EXAMPLES / name), LIB)
                    for name in ("fiscalia-estatal.yaml", "regional-autoridad-proteccion-gt.yaml"))
    briefs = [("a.yaml", evaluate_brief(first, LIB)), ("b.yaml", evaluate_brief(whole, LIB))]
    named = [x.id for r in briefs[0][1].results if r.id == rs.id for x in r.by_phase]
    assert rs.phases[1].id not in named and named == [p.id for p in rs.phases if p.id in named]
    summary = summarize(briefs, phase_rulesets=model.phase_order(LIB.rulesets.values()))
    assert [p for p, _, owner in summary.phases if owner == rs.id] == [p.id for p in rs.phases]
    unordered = summarize(briefs)  # no declared order given: as the files first name them
    assert [p for p, _, _ in unordered.phases if p.startswith("crm-")][len(named)] == rs.phases[1].id


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_command_line_legend_follows_the_report(lang: str, tmp_path: Path) -> None:
    """`brecha summary examples --by stage`: crm-regional's legend (#1 = …) lists its stages in the
    order `brecha evaluate --detail` of the regional example shows them."""
    env = {"NO_COLOR": "1", "BRECHA_LANG": lang, "COLUMNS": "200"}
    out = CliRunner().invoke(app, ["summary", str(EXAMPLES), "--by", "stage"], env=env).stdout
    tables = out.split("crm-regional:", 1)[1]
    legend = re.findall(r"^#\d+ = (.+)$", tables, flags=re.MULTILINE)
    rs = LIB.rulesets["crm-regional"]
    assert legend[:len(rs.phases)] == [p.title.get(lang) for p in rs.phases]
    detail = CliRunner().invoke(app, ["evaluate", str(REGIONAL), "--detail"], env=env).stdout
    where = [detail.index(p.title.get(lang)) for p in rs.phases]
    assert where == sorted(where)
