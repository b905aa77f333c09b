"""A gap is never "closed" by declaring its duty «no aplica» without outside confirmation.

A specialist's probe: the example state DIF's next round changes nothing but declaring its
non-critical gaps «no aplica», each justified, none confirmed (``confirmed_by``). ``compare``
listed them under «Brechas cerradas (22)», read «Brechas 26 → 4 −22», and its weaknesses that
read those duties «ya no se detecta: cambió MX-…»: progress a coordinator would report. Such
gaps now have a heading of their own, the gap count says how many left that way (with no change
counting them as closed), and a weakness says why it is no longer detected, whether the round is
rated or its rating withheld, in Markdown, the console at 80 columns and JSON.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from brecha import api
from brecha.i18n import ntr, tr
from brecha.renderers import rounds, terminal

from helpers import ROOT

LIB = api.load_content()
EXAMPLE = ROOT / "examples" / "dif-estatal-sur.yaml"
WHY = "El equipo considera que este deber no corresponde a la institución este año."


def _top(rule_id: str) -> str:
    rule = LIB.rules[rule_id]
    return LIB.rulesets[rule.ruleset_id].scales[rule.scale].values[-1]


def _next_round(tmp_path: Path, name: str, *, na: list[str], top: tuple[str, ...] = (), on: str = "2027-09-30",
                confirmed_by: str | None = None) -> str:
    """The example DIF a year later: ``na`` declared not applicable (justified; confirmed by
    ``confirmed_by`` when given), ``top`` answered at the top of their scales with evidence,
    every other answer as it was."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["assessed_on"], data["round"] = on, on[:4]
    for rule_id in na:
        data["answers"][rule_id] = {"value": "not_applicable", "justification": WHY,
                                    **({"confirmed_by": confirmed_by} if confirmed_by else {})}
    for rule_id in top:
        data["answers"][rule_id] = {"value": _top(rule_id), "evidence": ["Informe anual 2027"]}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _gaps_declared() -> list[str]:
    """The example's gaps a self-assessment may declare not applicable: every one but the critical
    and the absolute ones (these keep their answers, as in the reviewer's probe)."""
    report = api.evaluate_path(str(EXAMPLE))
    return [g.rule_id for g in report.all_gaps
            if not g.critical and LIB.rules[g.rule_id].absolute is None]


def _section(md: str, heading: str) -> str:
    """The body of a Markdown section whose heading starts with ``heading`` ("" when absent)."""
    marker = f"## {heading} ("
    if marker not in md:
        return ""
    return md.split(marker, 1)[1].split("\n## ", 1)[0]


def _console(md: str) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(terminal.markdown(md))
    return buffer.getvalue()


def _gap_row(md: str, lang: str) -> str:
    (row,) = [line for line in md.splitlines() if line.startswith(f"| {tr('gaps', lang).capitalize()} |")][:1]
    return row


@pytest.mark.parametrize("lang", ["es", "en"])
def test_gaps_declared_not_applicable_unconfirmed_are_never_closed_in_a_withheld_round(
        tmp_path: Path, lang: str) -> None:
    declared = _gaps_declared()
    assert len(declared) >= 20  # the probe: 20 and more duties below target, declared «no aplica»
    comparison = api.compare_paths(str(EXAMPLE), _next_round(tmp_path, "2027.yaml", na=declared))
    assert comparison.new.headline_result is not None and comparison.new.headline_result.withheld is not None
    old_total, new_total = comparison.old.overall.total_gaps, comparison.new.overall.total_gaps
    assert old_total - new_total == len(declared)  # what used to read «Brechas 26 → 4 −22»
    md = rounds.compare_markdown(comparison, lang)
    assert _section(md, tr("compare.gaps_closed", lang)).strip() == "0)\n\n—"
    left = _section(md, tr("compare.gaps_left", lang))
    assert left.startswith(f"{len(declared)})") and all(f"`{r}`" in left for r in declared)
    assert tr("compare.gaps_left.note", lang) in left
    # the count says how many left that way; no change counts them as closed
    row = _gap_row(md, lang)
    assert f"| {new_total} · {ntr('compare.gaps_left_count', len(declared), lang)} |" in row, row
    assert row.endswith("| +0 |") and f"-{len(declared)}" not in row, row
    # each weakness no longer detected says it is because of the unconfirmed «no aplica»
    gone = _section(md, tr("compare.weaknesses_gone", lang))
    lines = [line for line in gone.splitlines() if line.startswith("- ")]
    assert len(lines) >= 3
    changed = tr("compare.gone.changed", lang, gone="", rules="").strip(": ")
    for line in lines:
        assert tr("weakness.gone", lang) in line and changed not in line, line
        assert ("«no aplica» sin confirmar" if lang == "es" else "'not applicable', unconfirmed") in line, line
    shown = " ".join(_console(md).split())
    assert f"{tr('compare.gaps_left', lang)} ({len(declared)})" in shown
    assert f"{tr('compare.gaps_closed', lang)} (0)" in shown
    head = shown.split(tr("by_phase", lang), 1)[0]  # the rounds' table: no fall of the gap count
    assert f"-{len(declared)}" not in head and f"−{len(declared)}" not in head, head
    assert f"{new_total} · +{len(declared)}" in head  # the cell wraps at 80 columns: its start
    data = json.loads(rounds.compare_json(comparison, lang))
    assert data["compare_format_version"] == 9
    assert data["gaps_closed"] == []
    assert sorted(g["id"] for g in data["gaps_left_unconfirmed_na"]) == sorted(declared)
    assert (data["old"]["gaps_left_unconfirmed_na"], data["new"]["gaps_left_unconfirmed_na"]) == (0, len(declared))
    # an evidence gap among them (MX-ING-14): the evidence row says it too, with no fall
    evidence = [g.rule_id for g in comparison.old.evidence_gaps if g.rule_id in declared]
    assert evidence and data["new"]["evidence_gaps_left_unconfirmed_na"] == len(evidence)
    (of_which,) = [line for line in md.splitlines() if line.startswith(f"| {tr('compare.of_which_evidence', lang)} |")]
    assert of_which.endswith(f"· {ntr('compare.gaps_left_count', len(evidence), lang)} | +0 |"), of_which
    weaknesses = data["weaknesses_no_longer_detected"]
    assert weaknesses and all(w["unconfirmed_na"] and not w["changed"] for w in weaknesses)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_rated_round_keeps_closed_gaps_apart_from_those_declared_not_applicable(tmp_path: Path, lang: str) -> None:
    """Three gaps declared «no aplica» unconfirmed (below the share that withholds a rating) and
    two answered at the top: the two are closed, the three are not; MX-W12 names what changed
    and, apart, what was declared «no aplica»."""
    na, top = ["MX-RES-36", "MX-RES-23", "MX-MON-06"], ("MX-ING-12", "MX-ISN-18")
    comparison = api.compare_paths(str(EXAMPLE), _next_round(tmp_path, "2027.yaml", na=na, top=top))
    assert comparison.new.rating is not None  # rated: the rule is not only for withheld rounds
    assert [g.id for g in comparison.gaps_closed] == sorted(top)
    assert [g.id for g in comparison.gaps_left_unconfirmed_na] == sorted(na)
    md = rounds.compare_markdown(comparison, lang)
    closed = _section(md, tr("compare.gaps_closed", lang))
    assert all(f"`{r}`" in closed for r in top) and not any(r in closed for r in na)
    assert all(f"`{r}`" in _section(md, tr("compare.gaps_left", lang)) for r in na)
    old_total, new_total = comparison.old.overall.total_gaps, comparison.new.overall.total_gaps
    assert old_total - new_total == 5
    row = _gap_row(md, lang)
    assert f"| {new_total} · {ntr('compare.gaps_left_count', 3, lang)} | -2 |" in row, row
    (w12,) = [w for w in comparison.weaknesses_gone if w.id == "MX-W12"]
    assert (w12.changed, w12.unconfirmed_na) == (("MX-ING-12",), ("MX-MON-06",))
    (line,) = [line for line in md.splitlines() if line.startswith("- `MX-W12`")]
    assert tr("compare.gone.changed", lang, gone=tr("weakness.gone", lang), rules="`MX-ING-12`") in line
    assert ntr("compare.gone.na_also", 1, lang, rules="`MX-MON-06`") in line
    (w13,) = [w for w in comparison.weaknesses_gone if w.id == "MX-W13"]
    assert w13.changed == () and set(w13.unconfirmed_na) == {"MX-RES-36", "MX-RES-23"}
    assert ntr("compare.gone.na", 2, lang, gone=tr("weakness.gone", lang), rules="`MX-RES-23`, `MX-RES-36`") in md


def test_confirmed_from_outside_is_not_held_back_but_an_assessor_confirming_is(tmp_path: Path) -> None:
    """Only an unconfirmed «no aplica» is kept out of the gaps closed: confirmed by someone outside
    the assessing team, the gap is closed as before; confirmed by one of the assessors, it counts
    as unconfirmed, as it does in the round's own report."""
    na = ["MX-RES-36", "MX-RES-23"]
    outside = api.compare_paths(str(EXAMPLE), _next_round(tmp_path, "a.yaml", na=na,
                                                          confirmed_by="Oficio SNDIF 123/2027, Dirección de Supervisión"))
    assert [g.id for g in outside.gaps_closed] == sorted(na) and outside.gaps_left_unconfirmed_na == ()
    assessor = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["assessors"][1]["name"]
    inside = api.compare_paths(str(EXAMPLE), _next_round(tmp_path, "b.yaml", na=na, confirmed_by=assessor))
    assert inside.gaps_closed == () and [g.id for g in inside.gaps_left_unconfirmed_na] == sorted(na)


def test_the_trend_counts_each_round_against_the_one_before(tmp_path: Path) -> None:
    """Three rounds: the second declares three gaps «no aplica» unconfirmed, the third answers them
    again as before; the trend's gap row marks the second only."""
    na = ["MX-RES-36", "MX-RES-23", "MX-MON-06"]
    middle = _next_round(tmp_path, "2027.yaml", na=na)
    last = tmp_path / "2028.yaml"
    last.write_text(EXAMPLE.read_text(encoding="utf-8").replace('assessed_on: "2026-09-30"', 'assessed_on: "2028-09-30"')
                    .replace('round: "2026"', 'round: "2028"'), encoding="utf-8")
    trend = api.compare_paths(str(EXAMPLE), middle, None, str(last))
    assert [p.gaps_left_unconfirmed_na for p in trend.trend] == [0, 3, 0]
    md = rounds.compare_markdown(trend, "es")
    section = md.split(f"## {tr('compare.trend', 'es')}", 1)[1].split("\n\n", 2)[1]
    (row,) = [line for line in section.splitlines() if line.startswith(f"| {tr('gaps', 'es').capitalize()} |")]
    assert row.count("«no aplica» sin confirmar") == 1 and ntr("compare.gaps_left_count", 3, "es") in row
    data = json.loads(rounds.compare_json(trend, "en"))
    assert [p["gaps_left_unconfirmed_na"] for p in data["trend"]] == [0, 3, 0]
    assert data["old"]["gaps_left_unconfirmed_na"] == 3 and data["new"]["gaps_left_unconfirmed_na"] == 0


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_gap_count_says_only_the_headline_rule_sets_gaps_left(tmp_path: Path, lang: str) -> None:
    """An office judged under two rule sets: its gap counts are the headline rule set's, so the
    gaps left as «no aplica» unconfirmed beside them are too (2 of ruta-mx), while the list names
    all four; nothing else changed, so the gaps' change is +0 and a line says what it leaves out."""
    example = ROOT / "examples" / "procuraduria-estatal-ambos.yaml"
    data: dict[str, Any] = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["assessed_on"], data["round"] = "2027-11-27", "2027"
    na = ["MX-ISN-18", "MX-MON-09", "CRM-ACO-07", "CRM-PRO-14"]
    for rule_id in na:
        data["answers"][rule_id] = {"value": "not_applicable", "justification": WHY}
    later = tmp_path / "2027.yaml"
    later.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    comparison = api.compare_paths(str(example), str(later))
    assert comparison.new.headline_result is not None and comparison.new.headline_result.id == "ruta-mx"
    assert [g.id for g in comparison.gaps_left_unconfirmed_na] == sorted(na)
    assert comparison.left_headline == (2, 0)
    old_total, new_total = comparison.old.overall.total_gaps, comparison.new.overall.total_gaps
    assert old_total - new_total == 2
    md = rounds.compare_markdown(comparison, lang)
    row = [line for line in md.splitlines() if line.startswith(f"| {tr('gaps', lang).capitalize()} (ruta-mx) |")]
    assert row and row[0].endswith(f"| {new_total} · {ntr('compare.gaps_left_count', 2, lang)} | +0 |"), row
    assert ntr("compare.gaps_left_delta", 2, lang) in md
    side = json.loads(rounds.compare_json(comparison, lang))["new"]
    assert (side["gaps_left_unconfirmed_na"], side["evidence_gaps_left_unconfirmed_na"]) == (2, 0)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_plan_follow_up_never_calls_closed_a_gap_declared_not_applicable_unconfirmed(
        tmp_path: Path, lang: str) -> None:
    """The next round declares «no aplica», unconfirmed, the duty of a planned action whose gap was
    still open: the follow-up said «cerrada»; it says it left as «no aplica» sin confirmar."""
    from brecha.renderers import plan as plan_renderer

    new = ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml"
    planned = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml")
    before = api.evaluate_with_plan(str(new), planned).follow_up
    (action,) = [a for a in before.actions if a.action.rule and a.gap_open and not a.critical][:1]
    rule = action.action.rule
    assert rule is not None and not action.unconfirmed_na
    data: dict[str, Any] = yaml.safe_load(new.read_text(encoding="utf-8"))
    data["answers"][rule] = {"value": "not_applicable", "justification": WHY}
    later = tmp_path / "2027.yaml"
    later.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = api.evaluate_with_plan(str(later), planned).follow_up
    (item,) = [a for a in after.actions if a.action.id == action.action.id]
    assert not item.gap_open and item.unconfirmed_na
    md = plan_renderer.follow_up_markdown(after, lang)
    (row,) = [line for line in md.splitlines() if line.startswith(f"| {action.action.id} |")]
    assert tr("followup.gap.unconfirmed_na", lang) in row and f"| {tr('followup.gap.closed', lang)} |" not in row, row
