"""Every view of a report counts gaps the same way: evidence gaps are gaps (design §4a), so no
table, list or count says "no gaps" while the headline counts them, and every view marks
them as evidence gaps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import tr
from brecha.renderers import html, markdown
from brecha.renderers import json as json_renderer
from brecha.report import GapStatus

from helpers import ROOT

NORTE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"


@pytest.fixture(scope="module")
def all_top(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Procuraduría answering every rule at the top of its scale, with no evidence at all."""
    lib = api.load_content()
    data = yaml.safe_load(NORTE.read_text(encoding="utf-8"))
    for rule_id in list(data["answers"]):
        rule = lib.rules[lib.aliases.get(rule_id, rule_id)]
        scale = lib.rulesets[rule.ruleset_id].scales[rule.scale]
        data["answers"][rule_id] = {"value": scale.values[-1]}
    path = tmp_path_factory.mktemp("counts") / "top.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args: str, lang: str = "es") -> str:
    result = CliRunner().invoke(app, ["evaluate", *args], catch_exceptions=False,  # wide: no cell wraps
                                env={"NO_COLOR": "1", "COLUMNS": "600", "BRECHA_LANG": lang})
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_the_case_has_only_evidence_gaps(all_top: Path) -> None:
    report = api.evaluate_path(str(all_top))
    assert not report.gaps and report.evidence_gaps  # every gap is for want of evidence
    s = report.overall
    assert s.total_gaps == len(report.all_gaps) == len(report.evidence_gaps) > 0
    assert s.total_critical_gaps == len(report.critical_gaps) > 0
    assert all(g.status is GapStatus.UNSUPPORTED for g in report.critical_gaps)


def test_breakdowns_add_up_to_the_headline(all_top: Path) -> None:
    report = api.evaluate_path(str(all_top))
    result = report.headline_result
    assert result is not None
    assert sum(line.score.total_gaps for line in result.by_phase) == result.score.total_gaps
    assert sum(line.score.total_critical_gaps for line in result.by_phase) == result.score.total_critical_gaps
    assert all(line.score.total_gaps >= line.score.evidence_gaps for line in report.by_standard)
    assert any(line.score.total_gaps for line in report.by_standard)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_detail_never_says_no_gaps_and_marks_evidence_gaps(all_top: Path, lang: str) -> None:
    report = api.evaluate_path(str(all_top))
    out = _run(str(all_top), "--detail", lang=lang)
    assert tr("no_gaps", lang) not in out
    mark = tr("levels.no_evidence", lang)
    ranked = out.split(tr("all_gaps", lang), 1)[1]
    for gap in report.all_gaps:
        assert gap.rule_id in ranked
    assert mark in ranked
    # the stage table counts them: no stage row with a score short of 100 reads 0 gaps
    stage = out.split(tr("by_phase_of", lang, id="ruta-mx"), 1)[1].split(tr("by_standard", lang), 1)[0]
    counts = [int(m) for m in re.findall(r"\s(\d+)(?: \(\d+!\))?\s*$", stage, flags=re.M)]
    assert sum(counts) == report.overall.total_gaps


@pytest.mark.parametrize("lang", ["es", "en"])
def test_concise_lists_every_critical_gap_once(all_top: Path, lang: str) -> None:
    report = api.evaluate_path(str(all_top))
    out = _run(str(all_top), lang=lang)
    for gap in report.critical_gaps:
        assert gap.rule_id in out
    shown = {g.rule_id for g in report.fix_first}
    rest = [g for g in report.critical_gaps if g.rule_id not in shown]
    assert rest
    head = {"es": f"Otras {len(rest)} brechas críticas ({len(report.critical_gaps)} en total)",
            "en": f"{len(rest)} more critical gaps ({len(report.critical_gaps)} in total)"}[lang]
    assert head in out
    assert tr("levels.no_evidence", lang) in out


@pytest.mark.parametrize("lang", ["es", "en"])
def test_markdown_html_json_agree(all_top: Path, lang: str) -> None:
    report = api.evaluate_path(str(all_top))
    total = report.overall.total_gaps
    md = markdown.render(report, lang)
    assert tr("no_gaps", lang) not in md
    ranked = md.split(f"## {tr('all_gaps', lang)}", 1)[1].split("\n## ", 1)[0]
    assert sum(1 for line in ranked.splitlines() if line.startswith("| `")) == total
    assert tr("levels.no_evidence", lang) in ranked
    page = html.render(report, lang)
    assert tr("no_gaps", lang) not in page
    assert page.count("<td><code>") >= total
    data = json.loads(json_renderer.render(report, lang))
    headline = next(r for r in data["results"] if r["headline"])
    assert headline["total_gaps"] == total == headline["gaps"] + headline["evidence_gaps"]
    assert sum(p["total_gaps"] for p in headline["by_phase"]) == total
