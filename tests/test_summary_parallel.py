"""The fast summary path gives what the plain one gives: briefs, memoised evaluation, worker processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brecha import api, evaluation, loading, parallel
from brecha.evaluation import evaluate, evaluate_brief
from brecha.report import Brief

from helpers import MINI, ROOT

EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if p.with_suffix(".report.txt").exists())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_brief_is_the_report_cut_down(example: Path) -> None:
    library = api.load_content()
    assessment = loading.load_assessment(str(example), library)
    assert evaluate_brief(assessment, library) == Brief.of(evaluate(assessment, library))


def test_the_brief_of_the_mini_fixtures_is_the_report_cut_down(mini: object) -> None:
    library = api.load_content(str(MINI))
    assessment = loading.load_assessment(str(MINI.parent / "mini-assessment.yaml"), library)
    brief = evaluate_brief(assessment, library)
    assert brief == Brief.of(evaluate(assessment, library))
    report = evaluate(assessment, library)
    assert (brief.overall, brief.rating, brief.rating_label, brief.by_phase) == (
        report.overall, report.rating, report.rating_label, report.by_phase)
    assert [g.rule_id for g in brief.critical_gaps] == [g.rule_id for g in report.critical_gaps]


def test_reports_made_one_after_another_are_each_made_alone() -> None:
    """What is memoised across the reports of one library (caps, gap briefs, actors...) never
    carries one assessment's judgment into another's: every example evaluated after all the
    others equals the same example evaluated with nothing remembered."""
    library = api.load_content()
    assessments = [loading.load_assessment(str(p), library) for p in EXAMPLES]
    together = [evaluate(a, library) for a in assessments] + [evaluate(a, library) for a in reversed(assessments)]
    for n, assessment in enumerate(assessments):
        evaluation._MEMO.clear()
        alone = evaluate(assessment, library)
        assert together[n] == alone == together[-1 - n]


def test_what_is_memoised_belongs_to_its_library() -> None:
    """Alternating two libraries gives each one's own report, never the other's remembered parts."""
    bundled = api.load_content()
    mini = api.load_content(str(MINI))
    big = loading.load_assessment(str(EXAMPLES[0]), bundled)
    small = loading.load_assessment(str(MINI.parent / "mini-assessment.yaml"), mini)
    first = (evaluate(big, bundled), evaluate(small, mini))
    evaluation._MEMO.clear()
    second = (evaluate(small, mini), evaluate(big, bundled))
    assert first == (second[1], second[0])


def _square(offset: int, item: int) -> tuple[int, int]:
    return item, item * item + offset + os.getpid() * 0


def test_results_come_back_in_input_order_from_workers() -> None:
    items = list(range(parallel.MIN_ITEMS * 3))
    assert list(parallel.ordered_map(_square, 1, items, workers=2)) == [(i, i * i + 1) for i in items]
    assert list(parallel.ordered_map(_square, 1, items, workers=1)) == [(i, i * i + 1) for i in items]


def test_every_chunk_comes_back_once_with_more_workers_and_chunks_than_fit_in_one_size() -> None:
    """Chunks are handed out to every process (this one too) and each is done exactly once, in order:
    3 processes; an item count that leaves a short last chunk; more items than the largest
    chunk size times the most chunks, so the chunks grow instead."""
    for count in (parallel.MIN_ITEMS + 1, 997, 16 * 4096 + 5):
        items = list(range(count))
        assert list(parallel.ordered_map(_square, 0, items, workers=3)) == [(i, i * i) for i in items]


@pytest.mark.parametrize(("total", "count"), [(1000, 2), (997, 3), (64, 8), (16 * 4096 + 5, 2), (300_000, 2)])
def test_chunks_cover_every_item_once_and_shrink_towards_the_end(total: int, count: int) -> None:
    chunks = parallel._chunks(total, count)
    assert [i for chunk in chunks for i in chunk] == list(range(total))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)  # never larger than the one before
    assert len(chunks) <= parallel._MAX_CHUNKS  # their numbers fit in the pipe
    least = -(-total // parallel._MAX_CHUNKS)
    assert min(sizes[:-1]) >= least  # only the last may be shorter than what keeps them within the pipe
    if total <= 16 * parallel._MAX_CHUNKS:
        assert sizes[0] == min(16, max(1, total // (count * 4))) and sizes[-1] == 1  # a last chunk is one file


def _fail_on_seven(_: None, item: int) -> int:
    if item == 7:
        raise ValueError("seven")
    return item


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="seven"):
        list(parallel.ordered_map(_fail_on_seven, None, list(range(parallel.MIN_ITEMS * 2)), workers=2))


def _die_in_a_worker(parent: int, item: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # a worker killed mid-way: no message, no last message
    time.sleep(0.005)  # so that the worker is started before this process has taken every chunk
    return item


def test_a_worker_that_dies_is_a_failure_not_a_hang_or_a_short_result() -> None:
    with pytest.raises(RuntimeError, match="worker process stopped"):
        list(parallel.ordered_map(_die_in_a_worker, os.getpid(), list(range(parallel.MIN_ITEMS * 4)), workers=2))


def _large(_: None, item: int) -> bytes:
    return bytes([item % 256]) * 100_000  # messages much larger than one read of the pipe


def test_messages_larger_than_a_read_arrive_whole() -> None:
    items = list(range(parallel.MIN_ITEMS * 2))
    assert list(parallel.ordered_map(_large, None, items, workers=2)) == [_large(None, i) for i in items]


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), ("999", parallel.MAX_JOBS)])
def test_brecha_jobs_sets_the_number_of_processes(value: str, expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRECHA_JOBS", value)
    assert parallel.jobs() == expected


@pytest.mark.parametrize("value", ["0", "-2", "many", ""])
def test_a_bad_brecha_jobs_falls_back_to_the_idle_cores(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRECHA_JOBS", value)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 1.0, 1.0))
    assert parallel.jobs() == 3  # four cores, one and a half busy
    monkeypatch.setattr(os, "getloadavg", lambda: (7.0, 7.0, 7.0))
    assert parallel.jobs() == 1  # a busy machine: one process


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More assessments than one process handles alone, with a broken file and a non-assessment among them."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(parallel.MIN_ITEMS + 16):
        source = EXAMPLES[n % len(EXAMPLES)]
        shutil.copy(source, folder / f"{n:03d}-{source.name}")
    (folder / "050-broken.yaml").write_text("kind: Assessment\nschema_version: 1\ninstitution: [\n", "utf-8")
    shutil.copy(ROOT / "examples" / "ci" / "brecha-rules.yml", folder / "060-workflow.yaml")
    return folder


@pytest.mark.parametrize("fmt", ["console", "json", "csv"])
def test_the_summary_is_the_same_on_one_core_and_on_several(many: Path, fmt: str) -> None:
    runs = []
    for jobs in ("1", "2"):
        env = {**os.environ, "BRECHA_JOBS": jobs, "NO_COLOR": "1", "COLUMNS": "100", "BRECHA_LANG": "es"}
        runs.append(subprocess.run([sys.executable, "-m", "brecha", "summary", str(many), "-f", fmt],
                                   capture_output=True, text=True, env=env, cwd=ROOT, timeout=300))
    assert runs[0].returncode == runs[1].returncode == 3  # the broken file
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout
    assert runs[0].stderr == runs[1].stderr and "050-broken.yaml" in runs[0].stderr


def test_a_brief_reads_a_pattern_that_names_a_rule_of_another_rule_set() -> None:
    """A critical weakness pattern of ruta-mx whose condition names a crm-regional rule: the brief
    gathers that rule's fact too, so its rating is the report's (held by the pattern)."""
    import dataclasses

    from brecha import conditions, errors, model

    library = api.load_content()
    ruta = library.rulesets["ruta-mx"]
    assert any(c.when is model.CapCondition.CRITICAL_WEAKNESS for c in ruta.rating_caps)
    critical = next(c.id for c in ruta.criticalities.values() if c.critical)
    text = model.Text(es="Prueba", en="Test")
    pattern = model.Weakness(
        id="MX-W-TEST", ruleset_id="ruta-mx", title=text, description=text, recommendation=text,
        when=conditions.AnswerTest(rule="CRM-DET-03", op=conditions.Operator.AT_MOST, value="inicial", pointer=""),
        criticality=critical, sources=(), provisions=(), responsible=(), location=errors.Location("test"))
    crossed = dataclasses.replace(library, rulesets={**library.rulesets,
                                                     "ruta-mx": dataclasses.replace(ruta, weaknesses=(*ruta.weaknesses, pattern))})
    example = loading.load_assessment(str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml"), crossed)

    def top(answer: model.Answer) -> model.Answer:  # everything at the top of its scale, with evidence
        rule = crossed.rules[answer.rule_id]
        best = crossed.rulesets[rule.ruleset_id].scales[rule.scale].values[-1]
        value = "inicial" if answer.rule_id == "CRM-DET-03" else best
        return dataclasses.replace(answer, value=value, evidence=("Oficio 1/2026",), justification=None,
                                   records=(model.Evidence(title="Oficio 1/2026"),))

    assessment = dataclasses.replace(example, answers={k: top(a) for k, a in example.answers.items()})
    full = evaluate(assessment, crossed)
    held = next(r for r in full.results if r.id == "ruta-mx")
    assert any("MX-W-TEST" in cap.rules for cap in held.caps)  # the pattern holds ruta-mx's rating
    assert held.rating != held.uncapped
    assert evaluate_brief(assessment, crossed) == Brief.of(full)
