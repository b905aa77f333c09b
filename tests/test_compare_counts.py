"""compare counts gaps as evaluate does (evidence gaps included), and says a weakness is no
longer detected, with what changed and what still holds, rather than "resolved"."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from brecha import api
from brecha.cli import app
from brecha.i18n import tr

from helpers import ROOT

OLD = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")
NEW = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml")


def _compare(*args: str, lang: str) -> str:
    result = CliRunner().invoke(app, ["compare", OLD, NEW, *args], catch_exceptions=False,
                                env={"NO_COLOR": "1", "COLUMNS": "300", "BRECHA_LANG": lang})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["es", "en"])
def test_compare_counts_the_gaps_evaluate_counts(lang: str) -> None:
    old, new = api.evaluate_path(OLD), api.evaluate_path(NEW)
    assert old.overall.evidence_gaps or new.overall.evidence_gaps  # the case that used to differ
    md = _compare("-f", "markdown", lang=lang)
    o, n = old.overall, new.overall
    row = f"| {tr('gaps', lang).capitalize()} | {o.total_gaps} | {n.total_gaps} | {n.total_gaps - o.total_gaps:+d} |"
    assert row in md
    assert (f"| {tr('critical_gaps', lang)} | {o.total_critical_gaps} | {n.total_critical_gaps} |") in md
    assert f"| {tr('compare.of_which_evidence', lang)} | {o.evidence_gaps} | {n.evidence_gaps} |" in md
    data = json.loads(_compare("-f", "json", lang=lang))
    assert data["old"]["total_gaps"] == o.total_gaps == len(old.all_gaps)
    assert data["new"]["total_gaps"] == n.total_gaps == len(new.all_gaps)
    assert data["new"]["gaps"] + data["new"]["evidence_gaps"] == data["new"]["total_gaps"]


def test_gaps_closed_and_opened_include_evidence_gaps() -> None:
    c = api.compare_paths(OLD, NEW)
    old = {g.rule_id for g in c.old.all_gaps}
    new = {g.rule_id for g in c.new.all_gaps}
    assert {g.id for g in c.gaps_closed} == old - new
    assert {g.id for g in c.gaps_opened} == new - old


def test_a_weakness_gone_names_what_changed_and_what_still_holds() -> None:
    c = api.compare_paths(OLD, NEW)
    gone = {w.id: w for w in c.weaknesses_gone}
    assert "MX-W23" in gone
    w23 = gone["MX-W23"]
    found = next(w for w in c.old.weaknesses if w.id == "MX-W23")
    assert set(w23.changed) | set(w23.still) == set(found.triggered_by)
    assert w23.changed and w23.still  # one condition changed, the others still hold
    moved = {m.rule_id for m in c.rules if m.status != "unchanged"}
    assert set(w23.changed) <= moved  # only a rule whose answer moved can stop holding


@pytest.mark.parametrize("lang", ["es", "en"])
def test_compare_never_says_resolved(lang: str) -> None:
    c = api.compare_paths(OLD, NEW)
    w23 = next(w for w in c.weaknesses_gone if w.id == "MX-W23")
    md = _compare("-f", "markdown", lang=lang)
    assert {"es": "resuelta", "en": "resolved"}[lang] not in md.lower()
    line = next(x for x in md.splitlines() if x.startswith("- `MX-W23`"))
    assert tr("compare.gone.changed", lang, gone=tr("weakness.gone", lang),
              rules=", ".join(f"`{r}`" for r in w23.changed)) in line
    assert tr("compare.gone.still", lang, rules=", ".join(f"`{r}`" for r in w23.still)) in line
    data = json.loads(_compare("-f", "json", lang=lang))
    assert "weaknesses_resolved" not in data
    item = next(x for x in data["weaknesses_no_longer_detected"] if x["id"] == "MX-W23")
    assert item["changed"] == list(w23.changed) and item["still"] == list(w23.still)
