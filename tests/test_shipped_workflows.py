"""The maintainers' and coordinators' commands on the shipped content and examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from brecha import api, loading
from brecha.cli import app

from helpers import ROOT

EXAMPLE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, list(args))


def test_diff_of_one_weight_shows_the_change_and_its_effect(tmp_path: Path) -> None:
    """Shipped rules vs a copy with one criticality weight changed: the change, the missing
    version bump and the example's score before and after."""
    copy = tmp_path / "content"
    shutil.copytree(loading.bundled_root(), copy)
    rules = copy / "rules" / "ruta-mx.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "    weight: 3\n" in text
    rules.write_text(text.replace("    weight: 3\n", "    weight: 4\n", 1), encoding="utf-8")
    result = _run("diff", str(loading.bundled_root()), str(copy), "--assessments", str(EXAMPLE), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ruta = next(r for r in data["rulesets"] if r["id"] == "ruta-mx")
    assert ruta["changes"] == [{"subject": "criticality alta", "kind": "changed", "detail": "weight 3 → 4",
                                "bump": "minor"}]
    assert ruta["bump_missing"]
    (effect,) = data["assessments"]
    assert effect["before"]["claimed"] != effect["after"]["claimed"]


def test_summary_and_compare_on_the_examples(tmp_path: Path) -> None:
    """summary reads every shipped example; compare shows a later round's progress."""
    summary = api.summarize_paths([str(p) for p in sorted((ROOT / "examples").glob("*.yaml"))])
    assert len(summary.rows) >= 7 and summary.failures == ()
    later = tmp_path / "later.yaml"
    later.write_text(EXAMPLE.read_text(encoding="utf-8").replace("value: a_veces", "value: siempre")
                     .replace('assessed_on: "2026-10-15"', 'assessed_on: "2027-10-15"'), encoding="utf-8")
    comparison = api.compare_paths(str(EXAMPLE), str(later))
    assert comparison.count("improved") >= 1 and comparison.count("regressed") == 0
    assert comparison.new.overall.claimed > comparison.old.overall.claimed
