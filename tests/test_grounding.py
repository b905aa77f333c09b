"""Grounding: each rule judged against its own rule set's home instrument and legal basis."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from brecha import api, grounding
from brecha.cli import app
from brecha.codes import Code
from brecha.coverage import compute_grounding
from brecha.evaluation import evaluate
from brecha.model import Confidence
from brecha.renderers import json as json_renderer
from brecha.schemas import load_schema

from helpers import MINI, assessment

# A second standard whose only provision is verified: citing it must not make a rule's basis
# verified unless the rule set names it as part of its legal basis.
OTHER = """\
kind: Standard
schema_version: 1
id: other
title: {es: Otro instrumento, en: Another instrument}
publisher: Test
issued: "2021"
legal_force: interpretation
jurisdiction: INT
sources: [src-one]
provisions:
  - id: other.p1
    type: paragraph
    title: {es: Párrafo uno, en: Paragraph one}
    locator: párr. 1
    locator_verified: true
    confidence: verified
    sources: [src-one]
"""


def _content(tmp_path: Path, basis: str | None) -> str:
    """The mini content, with T-DEC-01 resting on a reconstructed provision of ``law`` and a verified
    paragraph of ``other``, and the rule set's ``basis:`` block (YAML text) when given."""
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    (root / "standards" / "other.yaml").write_text(OTHER, encoding="utf-8")
    rules = root / "rules" / "mini.yaml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("implements: [law.art-2.fr-2, law.art-1]", "implements: [law.art-2.fr-2, other.p1]")
    if basis is not None:
        text = text.replace("\nscales:\n", f"\n{basis}\nscales:\n", 1)
    rules.write_text(text, encoding="utf-8")
    return str(root)


def _weak(content: str) -> list[str]:
    return [i.message for i in api.lint((), content).issues if i.code is Code.WEAK_BASIS]


def test_a_verified_citation_of_another_standard_does_not_hide_a_weak_basis(tmp_path: Path) -> None:
    """Home `law` reached only by reconstruction: the verified `other` paragraph does not count..."""
    content = _content(tmp_path, "basis:\n  home: law\n")
    (message,) = _weak(content)
    assert "T-DEC-01" in message and "reconstructed" in message
    lib = api.load_content(content)
    found = grounding.ground(lib.rules["T-DEC-01"], lib)
    assert found is not None and found.home is Confidence.RECONSTRUCTED and found.legal is None
    assert found.weak and not found.verified


def test_a_verified_provision_of_the_legal_basis_grounds_the_rule(tmp_path: Path) -> None:
    """...unless the rule set names `other` as its legal basis: then the rule is verified, not weak."""
    content = _content(tmp_path, "basis:\n  home: law\n  legal: [other]\n")
    assert _weak(content) == []
    lib = api.load_content(content)
    found = grounding.ground(lib.rules["T-DEC-01"], lib)
    assert found is not None and found.legal is Confidence.VERIFIED and found.legal_provisions == ("other.p1",)
    assert found.verified and not found.weak


def test_without_a_declared_basis_only_inferred_ground_is_weak(tmp_path: Path) -> None:
    """A rule set that declares no basis keeps the older test: a critical rule on inferred provisions only."""
    content = _content(tmp_path, None)
    assert _weak(content) == []
    lib = api.load_content(content)
    assert grounding.ground(lib.rules["T-DEC-01"], lib) is None


def test_an_unknown_standard_in_the_basis_is_a_located_error(tmp_path: Path) -> None:
    """A basis naming a standard that is not loaded is an error at that name."""
    content = _content(tmp_path, "basis:\n  home: law\n  legal: [other, lawz]\n")
    (issue,) = [i for i in api.lint((), content).issues if i.code is Code.UNKNOWN_STANDARD]
    assert "'lawz'" in issue.message and "did you mean 'law'" in issue.message
    assert issue.location.pointer == "/basis/legal/1" and issue.location.line > 0


def test_each_gap_carries_its_basis_in_the_report_and_the_json(tmp_path: Path) -> None:
    """The gap on T-DEC-01 says how it is grounded; the JSON says so too and validates."""
    content = _content(tmp_path, "basis:\n  home: law\n  legal: [other]\n")
    lib = api.load_content(content)
    report = evaluate(assessment("office-b", "state", {"T-DEC-01": "initial"}), lib)
    (gap,) = [g for g in report.gaps if g.rule_id == "T-DEC-01"]
    assert gap.basis is not None and gap.basis.home is Confidence.RECONSTRUCTED
    assert gap.basis.legal is Confidence.VERIFIED and gap.basis.verified and not gap.basis.weak
    data = json.loads(json_renderer.render(report, "en"))
    Draft202012Validator(load_schema("GapReport")).validate(data)
    (entry,) = [g for g in data["gaps"] if g["rule"] == "T-DEC-01"]
    assert entry["basis"]["home"] == "reconstructed" and entry["basis"]["legal_provisions"] == ["other.p1"]
    assert "reconstructed" in entry["basis"]["summary"] and "verified" in entry["basis"]["summary"]


def test_coverage_gives_each_rule_set_its_share_of_rules_with_a_verified_basis(tmp_path: Path) -> None:
    """Home `law`, no legal basis: T-ENT-01 (law art. 1, verified) counts; the others do not."""
    lib = api.load_content(_content(tmp_path, "basis:\n  home: law\n"))
    (mini,) = compute_grounding(lib)
    current = [r for r in lib.rulesets["mini"].rules if not r.deprecated]
    assert mini.rules == len(current) and mini.verified == 1 and mini.percent == 100 / len(current)
    assert mini.weak == len(current) - 1
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["coverage", "--rules", _content(tmp_path / "again", "basis:\n  home: law\n"), "-f", "json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["rulesets"]
    assert entry["ruleset"] == "mini" and entry["verified_basis"] == 1 and entry["home"] == "law"


def test_shipped_critical_rules_have_a_basis_that_is_not_weak() -> None:
    """On the shipped content no critical rule is weakly grounded (the lint would warn)."""
    lib = api.load_content()
    for rs in lib.rulesets.values():
        assert rs.basis is not None, rs.id
        for found in grounding.grounds(rs, lib):
            rule = lib.rules[found.rule_id]
            assert not (rs.criticalities[rule.criticality].critical and found.weak), rule.id
