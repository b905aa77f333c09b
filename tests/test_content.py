"""The shipped content: it lints clean, every example evaluates, reports next to examples are current."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from brecha import api, loading
from brecha.errors import Severity
from brecha.evaluation import evaluate
from brecha.model import applies
from brecha.renderers import console

from helpers import ROOT, assessment

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"


def test_shipped_content_has_no_errors() -> None:
    """brecha lint finds no error in the bundled standards and rule sets."""
    result = api.lint()
    errors = [i.format() for i in result.issues if i.severity is Severity.ERROR]
    assert errors == []
    assert len(result.files) >= 5


def test_top_level_folders_are_the_bundled_content() -> None:
    """standards/ and rules/ at the top are the content shipped in the package."""
    bundled = loading.bundled_root()
    for name in ("standards", "rules"):
        assert (ROOT / name).resolve() == (bundled / name).resolve()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_evaluates_and_its_report_is_current(example: Path) -> None:
    """Each example evaluates; examples/NAME.report.txt is what brecha prints today."""
    report = api.evaluate_path(str(example))
    assert report.illustrative, "examples must be marked illustrative: true"
    assert report.gaps and all(g.responsible for g in report.gaps)
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, force_terminal=False).print(console.render(report, "es"))
    saved = example.with_suffix(".report.txt")
    if UPDATE:
        saved.write_text(buffer.getvalue(), encoding="utf-8")
    assert saved.exists(), f"missing {saved.name}; run the tests with BRECHA_UPDATE_GOLDEN=1"
    assert saved.read_text(encoding="utf-8") == buffer.getvalue(), f"{saved.name} is stale"


def test_all_top_answers_give_100_for_every_institution() -> None:
    """On the real content, top answers with evidence give 100 for every type and level."""
    lib = api.load_content()
    for itype in lib.institution_types.values():
        for level in itype.levels:
            rulesets = tuple(rs.id for rs in lib.rulesets.values()
                             if any(applies(r, itype, level) for r in rs.rules))
            if not rulesets:
                continue
            answers = {r.id: (lib.rulesets[r.ruleset_id].scales[r.scale].values[-1], ("doc",), None)
                       for rs in rulesets for r in lib.rulesets[rs].rules
                       if applies(r, itype, level) and not r.deprecated}
            report = evaluate(assessment(itype.id, level, answers, rulesets=rulesets,
                                         version=lib.rulesets[rulesets[0]].version), lib)
            assert report.overall.claimed == 100, (itype.id, level)
            assert report.weaknesses == (), (itype.id, level)
