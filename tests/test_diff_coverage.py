"""Rule-set diff (with version advice and score effects) and coverage."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, model
from brecha.cli import app
from brecha.coverage import compute_coverage
from brecha.diffing import diff_libraries
from brecha.versions import bump_of

from helpers import MINI, ROOT, TESTS

FIXTURE = str(TESTS / "fixtures" / "mini-assessment.yaml")


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """A copy of the small library to edit."""
    copy = tmp_path / "new"
    shutil.copytree(MINI, copy)
    return copy


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "rules" / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_weight_change_shows_with_score_effect(edited: Path) -> None:
    """One weight changed: the diff names it, asks for a minor bump, and shows the score move."""
    _edit(edited, "weight: 4, critical: true", "weight: 8, critical: true")
    result = api.diff(str(MINI), str(edited), [FIXTURE])
    (mini,) = result.rulesets
    assert [(c.subject, c.detail) for c in mini.changes] == [("criticality critical", "weight 4 → 8")]
    assert mini.bump_needed == "minor" and mini.bump_missing
    (effect,) = result.effects
    assert effect.before and effect.after
    assert effect.after.overall.claimed != effect.before.overall.claimed


def test_diff_as_plain_text_for_ci_logs(edited: Path) -> None:
    """-f text: one line per change with its bump, the missing bump flagged, and each assessment's move."""
    _edit(edited, "weight: 4, critical: true", "weight: 8, critical: true")
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["diff", str(MINI), str(edited), "--assessments", FIXTURE, "-f", "text"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"brecha diff: {MINI} -> {edited}"
    assert "mini 1.0.0 -> 1.0.0" in lines
    assert "  ! these changes need a minor version bump, but the version did not change" in lines
    assert "  criticality critical  changed  minor  weight 4 → 8" in lines
    [effect] = [line for line in lines if line.startswith(f"  {FIXTURE}: ")]
    assert re.fullmatch(r"  \S+: claimed [\d.]+ -> [\d.]+, evidenced [\d.]+ -> [\d.]+ \([+-][\d.]+\), "
                        r"rating \S+ -> \S+, gaps \d+ -> \d+", effect), effect
    assert "|" not in result.stdout and "`" not in result.stdout  # no Markdown


def test_diff_as_plain_text_counts_gaps_as_the_report_does() -> None:
    """The text format's gap count is the report's (evidence gaps included), as the Markdown table's is:
    the northern Procuraduría has an evidence gap, so practice-only gaps would be one fewer."""
    example = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")
    content = str(ROOT / "src" / "brecha" / "content")
    (effect,) = api.diff(content, content, [example]).effects
    assert effect.before is not None
    overall = effect.before.overall
    assert overall.total_gaps > overall.gaps  # the case this test is about
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["diff", content, content, "-a", example, "-f", "text"])
    assert result.exit_code == 0, result.output
    assert f"gaps {overall.total_gaps} -> {overall.total_gaps}" in result.stdout


def test_diff_reports_every_unreadable_assessment_and_still_compares_the_rest(tmp_path: Path) -> None:
    """Two missing paths around a good one: both located on standard error, the good one compared, exit 3."""
    first, second = str(tmp_path / "uno.yaml"), str(tmp_path / "dos.yaml")
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    result = runner.invoke(app, ["diff", str(MINI), str(MINI), "-a", first, "-a", FIXTURE, "-a", second, "-f", "json"])
    assert result.exit_code == 3
    assert f"{first}: error [unreadable]" in result.stderr and f"{second}: error [unreadable]" in result.stderr
    data = json.loads(result.stdout)
    assert [u["path"] for u in data["unreadable"]] == [first, second]
    good = [a for a in data["assessments"] if a["path"] == FIXTURE]
    assert good and good[0]["before"] is not None and good[0]["before"] == good[0]["after"]
    text = runner.invoke(app, ["diff", str(MINI), str(MINI), "-a", first, "-a", FIXTURE, "-f", "text"])
    assert text.exit_code == 3 and f"  {FIXTURE}: claimed" in text.stdout
    assert f"  {first}: not evaluated: {first}: error [unreadable]" in text.stdout


def test_rename_deprecate_remove_add(edited: Path) -> None:
    """Renames keep answers (alias), removals need a major bump, additions a minor one."""
    _edit(edited, "  - id: T-DEC-02\n", "  - id: T-DEC-20\n    aliases: [T-DEC-02]\n")
    _edit(edited, "aliases: [T-OLD-01]", "aliases: [T-OLD-01]\n    deprecated: {since: 2.0.0, reason: {es: x, en: x}}")
    _edit(edited, "version: 1.0.0", "version: 1.1.0")
    mini = api.diff(str(MINI), str(edited)).rulesets[0]
    kinds = {(c.subject, c.kind) for c in mini.changes}
    assert ("T-DEC-20", "renamed") in kinds and ("T-DEC-01", "deprecated") in kinds
    assert mini.bump_needed == "minor" and not mini.bump_missing
    text = (edited / "rules" / "mini.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: T-ENT-02")
    end = text.index("  - id: T-DEC-01")
    (edited / "rules" / "mini.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    removed = api.diff(str(MINI), str(edited)).rulesets[0]
    assert ("T-ENT-02", "removed") in {(c.subject, c.kind) for c in removed.changes}
    assert removed.bump_needed == "major" and removed.bump_missing


def test_bump_of() -> None:
    """Version bumps are read part by part."""
    assert bump_of("1.2.3", "2.0.0") == "major"
    assert bump_of("1.2.3", "1.3.0") == "minor"
    assert bump_of("1.2.3", "1.2.4") == "patch"
    assert bump_of("1.2.3", "1.2.3") is None


def test_diff_against_git_revision(tmp_path: Path) -> None:
    """OLD may be a git revision of the repository holding NEW."""
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "content")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    _edit(repo / "content", "target: defined", "target: implemented")
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["diff", "HEAD", str(repo / "content"), "-f", "json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["rulesets"][0]["changes"]
    assert changes == [{"subject": "T-DEC-01", "kind": "changed", "detail": "target: defined → implemented",
                        "bump": "minor"}]


def test_coverage_counts_leaves_and_lists_uncovered(mini) -> None:  # type: ignore[no-untyped-def]
    """Leaf provisions are covered by non-deprecated rules; the rest are listed."""
    (law,) = compute_coverage(mini)
    assert law.covered == 3 and len(law.provisions) == 3 and law.percent == 100
    only_entry = compute_coverage(mini, ["mini"])[0]
    assert only_entry.uncovered == ()


def test_coverage_cli_formats() -> None:
    """coverage prints console, JSON and Markdown."""
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    data = json.loads(runner.invoke(app, ["coverage", "--rules", str(MINI), "-f", "json"]).stdout)
    assert data["standards"][0]["standard"] == "law" and data["standards"][0]["percent"] == 100.0
    assert "| `law`" in runner.invoke(app, ["coverage", "--rules", str(MINI), "-f", "markdown"]).stdout


def _settings_diff(mini: model.Library, **changed: object) -> list[tuple[str, str, str, str]]:
    """The diff of the small rule set against a copy with some rule-set-level fields replaced."""
    new = dataclasses.replace(mini.rulesets["mini"], **changed)  # type: ignore[arg-type]
    (d,) = diff_libraries(mini, dataclasses.replace(mini, rulesets={"mini": new}))
    return [(c.subject, str(c.kind), c.detail, str(c.bump)) for c in d.changes]


def test_diff_classifies_rule_set_settings(mini: model.Library) -> None:
    """Settings that move a rating, a score or a report's notices need a minor bump; reworded caps a patch."""
    rs = mini.rulesets["mini"]
    unmet, below = rs.rating_caps
    # a cap that holds the rating lower moves ratings: minor; so does dropping one
    assert _settings_diff(mini, rating_caps=(unmet, dataclasses.replace(below, max_rating="low"))) == [
        ("rating cap below", "changed", "max_rating: mid → low", "minor")]
    assert _settings_diff(mini, rating_caps=(below,)) == [
        ("rating cap unmet", "removed", "critical-unmet → at most low", "minor")]
    assert _settings_diff(mini, rating_caps=(unmet, dataclasses.replace(
        below, reason=model.Text(es="Otra", en="Other")))) == [("rating cap below", "reworded", "reason", "patch")]
    # which rule set heads the report, when the not-applicable notice shows, which evidence is stale
    assert _settings_diff(mini, jurisdiction=None) == [("jurisdiction", "changed", "MX → — (regional)", "minor")]
    assert _settings_diff(mini, not_applicable_share=0.2) == [("not_applicable_share", "changed", "0.4 → 0.2", "minor")]
    assert _settings_diff(mini, evidence_max_age_days=365) == [
        ("evidence_max_age_days", "changed", "— → 365", "minor")]
    assert _settings_diff(mini, basis=model.RuleSetBasis(home="law")) == [("basis", "changed", "— → law", "minor")]


def test_diff_classifies_handoffs_and_equivalent_rules(mini: model.Library) -> None:
    """Hand-offs and equivalences decide what chain and assess do: minor; a hand-off's wording: patch."""
    loc = mini.rulesets["mini"].location
    handoff = model.Handoff(
        id="T-H1", ruleset_id="mini", stage="entry", title=model.Text(es="Aviso", en="Notice"), description=None,
        sender=model.HandoffSide(rule="T-ENT-01", institutions=("agency-a",)),
        receiver=model.HandoffSide(rule="T-DEC-01", institutions=("office-b",)), location=loc)
    old = dataclasses.replace(mini, rulesets={"mini": dataclasses.replace(mini.rulesets["mini"], handoffs=(handoff,))})
    assert _settings_diff(mini, handoffs=(handoff,)) == [
        ("hand-off T-H1", "added", "entry: T-ENT-01 (agency-a) → T-DEC-01 (office-b)", "minor")]
    moved = dataclasses.replace(handoff, receiver=model.HandoffSide(rule="T-ENT-02", institutions=("agency-a",)),
                                title=model.Text(es="Aviso inmediato", en="Immediate notice"))
    (d,) = diff_libraries(old, dataclasses.replace(old, rulesets={"mini": dataclasses.replace(
        old.rulesets["mini"], handoffs=(moved,))}))
    assert [(c.subject, c.kind, c.detail, c.bump) for c in d.changes] == [
        ("hand-off T-H1", "changed", "receiver: T-DEC-01 (office-b) → T-ENT-02 (agency-a)", "minor"),
        ("hand-off T-H1", "reworded", "title", "patch")]
    rules = tuple(dataclasses.replace(r, equivalent_to=("X-1",)) if r.id == "T-ENT-01" else r
                  for r in mini.rulesets["mini"].rules)
    assert _settings_diff(mini, rules=rules) == [("T-ENT-01", "changed", "equivalent_to: — → X-1", "minor")]


def test_diff_shows_settings_in_every_format(edited: Path) -> None:
    """A cap and a threshold changed in the files show in Markdown and JSON, and --strict wants the bump."""
    _edit(edited, "max_rating: mid", "max_rating: low")
    _edit(edited, "not_applicable_share: 0.4", "not_applicable_share: 0.3")
    runner = CliRunner(env={"BRECHA_LANG": "en"})
    md = runner.invoke(app, ["diff", str(MINI), str(edited), "-f", "markdown", "--strict"])
    assert md.exit_code == 1
    assert "| `rating cap below` | changed | max\\_rating: mid → low | minor |" in md.stdout
    assert "| `not_applicable_share` | changed | 0.4 → 0.3 | minor |" in md.stdout
    js = json.loads(runner.invoke(app, ["diff", str(MINI), str(edited), "-f", "json"]).stdout)
    assert {c["subject"] for c in js["rulesets"][0]["changes"]} == {"rating cap below", "not_applicable_share"}
    _edit(edited, "version: 1.0.0", "version: 1.1.0")
    assert runner.invoke(app, ["diff", str(MINI), str(edited), "--strict"]).exit_code == 0


def test_diff_names_phases_criticalities_and_labels(mini: model.Library) -> None:
    """A stage or criticality added is minor (breakdowns and weights move); a label reworded is a patch."""
    rs = mini.rulesets["mini"]
    extra = model.Phase(id="return", title=model.Text(es="Retorno", en="Return"), description=None)
    assert _settings_diff(mini, phases=(*rs.phases, extra)) == [("phase return", "added", "Return", "minor")]
    low = model.Criticality(id="low", label=model.Text(es="Baja", en="Low"), weight=0.5, critical=False)
    assert _settings_diff(mini, criticalities={**rs.criticalities, "low": low}) == [
        ("criticality low", "added", "weight 0.5", "minor")]
    top = rs.rating_bands[-1]
    relabelled = (*rs.rating_bands[:-1], dataclasses.replace(top, label=model.Text(es="Sólido", en="Solid")))
    assert _settings_diff(mini, rating_bands=relabelled) == [("rating band top", "reworded", "label", "patch")]
    assert _settings_diff(mini, title=model.Text(es="Otras", en="Other")) == [
        ("rule set", "reworded", "title, description", "patch")]


def test_diff_names_a_scale_level_reworded_as_a_patch(mini: model.Library) -> None:
    """A level's label or description (what an answer means) is wording: a patch, with the levels named."""
    scale = next(iter(mini.rulesets["mini"].scales.values()))
    first, *rest = scale.levels
    described = dataclasses.replace(first, description=model.Text(es="En ningún caso.", en="In no case."))
    changed = dataclasses.replace(scale, levels=(described, *rest))
    assert _settings_diff(mini, scales={**mini.rulesets["mini"].scales, scale.id: changed}) == [
        (f"scale {scale.id}", "reworded", f"levels: {first.value}", "patch")]
    retitled = dataclasses.replace(changed, title=model.Text(es="Otra", en="Other"))
    assert _settings_diff(mini, scales={**mini.rulesets["mini"].scales, scale.id: retitled}) == [
        (f"scale {scale.id}", "reworded", f"title, levels: {first.value}", "patch")]


def test_diff_reports_a_rule_s_counterparts(mini: model.Library) -> None:
    """Counterparts decide who else must act on a gap: adding or removing one is minor, as a
    hand-off is; listing the same ones in another order changes nothing."""
    def with_counterparts(*ids: str) -> tuple[model.Rule, ...]:
        return tuple(dataclasses.replace(r, counterparts=ids) if r.id == "T-ENT-01" else r
                     for r in mini.rulesets["mini"].rules)

    assert _settings_diff(mini, rules=with_counterparts("office-b")) == [
        ("T-ENT-01", "changed", "counterparts: — → office-b", "minor")]
    both = dataclasses.replace(mini, rulesets={"mini": dataclasses.replace(
        mini.rulesets["mini"], rules=with_counterparts("office-b", "agency-a@state"))})
    assert _settings_diff(both, rules=with_counterparts("agency-a@state", "office-b")) == []
    assert _settings_diff(both, rules=with_counterparts("office-b")) == [
        ("T-ENT-01", "changed", "counterparts: agency-a@state, office-b → office-b", "minor")]


def test_diff_reports_a_rule_held_separately(mini: model.Library, edited: Path) -> None:
    """Whether each institution holds a rule for its own cases decides who else must act on its
    gap: marking it, or unmarking it, is minor; read from the files as from the model."""
    marked = tuple(dataclasses.replace(r, held_separately=True) if r.id == "T-ENT-01" else r
                   for r in mini.rulesets["mini"].rules)
    assert _settings_diff(mini, rules=marked) == [("T-ENT-01", "changed", "held_separately: False → True", "minor")]
    _edit(edited, "    responsible: [agency-a]\n", "    responsible: [agency-a]\n    held_separately: true\n")
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["diff", str(MINI), str(edited), "-f", "json"])
    (changed,) = json.loads(result.stdout)["rulesets"][0]["changes"]
    assert (changed["subject"], changed["detail"], changed["bump"]) == ("T-ENT-01", "held_separately: False → True", "minor")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_shows_a_counterpart_added_in_every_format(edited: Path, fmt: str) -> None:
    """A counterpart added in the files shows in text, Markdown and JSON, and wants a minor bump."""
    _edit(edited, "    responsible: [agency-a]\n", "    responsible: [agency-a]\n    counterparts: [office-b]\n")
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["diff", str(MINI), str(edited), "-f", fmt, "--strict"])
    assert result.exit_code == 1, result.output
    if fmt == "json":
        (changed,) = json.loads(result.stdout)["rulesets"][0]["changes"]
        assert (changed["subject"], changed["kind"], changed["detail"], changed["bump"]) == (
            "T-ENT-01", "changed", "counterparts: — → office-b", "minor")
    elif fmt == "markdown":
        assert "| `T-ENT-01` | changed | counterparts: — → office-b | minor |" in result.stdout
    else:
        assert "  T-ENT-01  changed  minor  counterparts: — → office-b" in result.stdout.splitlines()
