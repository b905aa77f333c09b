"""Replay the fuzz corpus (fuzz/corpus/) through the atheris target, without atheris.

Each input must either load or be refused with a well-formed ``InputError``; see
fuzz/fuzz_loaders.py for the contract. The inputs the fuzzer crashed on
(fuzz/crashes/) are replayed with no known bug tolerated, and the memory leak it found
stays fixed.
"""

from __future__ import annotations

import importlib.util
import traceback
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("brecha_fuzz_loaders", FUZZ / "fuzz_loaders.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


harness = _load_harness()

CORPUS = sorted(p for p in (FUZZ / "corpus").iterdir() if p.is_file())
CRASHES = sorted(p for p in (FUZZ / "crashes").iterdir() if p.is_file() and p.suffix != ".md")


def _replay(paths: list[Path]) -> list[str]:
    failures = []
    for path in paths:
        try:
            harness.TestOneInput(path.read_bytes())
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            failures.append(f"{path.name}: {type(exc).__name__}: {exc} "
                            f"({where.filename}:{where.lineno} in {where.name})")
    return failures


def test_corpus_is_there() -> None:
    """The corpus holds the seeds (valid and invalid files), so the replay means something."""
    names = {p.name for p in CORPUS}
    assert len(CORPUS) >= 50
    assert {"valid-mini-assessment.yaml", "valid-example-assessment.yaml"} <= names


def test_corpus_replays_without_unexpected_exceptions() -> None:
    """Every corpus input loads or raises a well-formed InputError, nothing else."""
    failures = _replay(CORPUS)
    assert not failures, "\n".join(failures)


def test_found_crashes_stay_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs that once crashed the loaders are refused cleanly, with no bug tolerated."""
    monkeypatch.setattr(harness, "STRICT", True)
    assert CRASHES
    failures = _replay(CRASHES)
    assert not failures, "\n".join(failures)


def test_parsing_does_not_retain_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing the same input again and again does not make memory grow."""
    monkeypatch.setattr(harness, "STRICT", True)
    data = b"".join(b"k%d: %d\n" % (i, i) for i in range(20))
    harness.yamlio.parse(data)  # warm up
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(500):
            harness.yamlio.parse(data)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 256 * 1024, f"memory grew by {grown:,} bytes over 500 parses"
