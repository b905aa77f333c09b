"""Bounded cost: a hostile file gets at most MAX_PROBLEMS problems, in memory linear in its size.

Every shape in tests/hostile.py once made reporting cost without bound (a problem, a
hint and a line per wrong value; jsonschema keeping every error of every oneOf branch;
a 32 MiB read buffer per file). Here each runs small, and the test checks what cannot
be timed reliably on a shared machine: how many problems come back and how much memory
Python allocated. benchmarks/run.py (``--only bounds``) runs the same shapes at the
default limits and records CPU time and peak memory against the README's guarantee.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest
from hostile import SHAPES

from brecha import api, yamlio
from brecha.codes import Code
from brecha.errors import MAX_PROBLEMS, InputError, bounded

from helpers import MINI

N = 6_000  # values and keys per generated file
#: Python memory per value or key of the input, at most (measured: under 500 bytes).
BYTES_PER_NODE = 1_000

#: Shapes with more problems than are reported (the others have few or none).
MANY = {"numbers-in-a-list", "unknown-answers", "duplicate-keys", "object-tags", "unknown-fields",
        "control-characters", "repeated-items", "wrong-conditions", "deep-and-wide"}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Imports and compiled schemas are not the file's cost: load them before measuring."""
    api.lint([str(Path(__file__).parent / "cases" / "invalid" / "bad-date.yaml")], str(MINI))


@pytest.mark.parametrize("name", list(SHAPES))
def test_hostile_file_costs_a_bounded_report(name: str, tmp_path: Path) -> None:
    """At most MAX_PROBLEMS problems and one "…and more" per file, and memory linear in the input."""
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(SHAPES[name](N))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = api.lint([str(path)], str(MINI))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    closing = [i for i in result.issues if i.code is Code.TOO_MANY_PROBLEMS]
    assert len(result.issues) <= MAX_PROBLEMS + 1
    assert len(closing) == (1 if name in MANY else 0), [i.format() for i in result.issues[-2:]]
    if closing:
        assert result.issues[-1] is closing[0]  # it closes the file's list
    assert peak < BYTES_PER_NODE * N + 2 * 2**20, f"{peak:,} bytes"


def test_problems_beyond_the_limit_are_counted_not_kept() -> None:
    """The closing problem says exactly how many more there were, with their severity."""
    many = b"a: 1\n" + b"a: 2\n" * 250
    with pytest.raises(InputError) as info:
        yamlio.parse(many, "f.yaml")
    issues = info.value.issues
    assert len(issues) == MAX_PROBLEMS + 1
    assert issues[-1].code is Code.TOO_MANY_PROBLEMS and "150 more" in issues[-1].message
    assert issues[-1].text("es").startswith("…y 150 problemas más en este archivo")
    assert issues[-1].not_shown == (150, 0)


def test_bounded_keeps_the_first_problems_of_each_file() -> None:
    """Capping is per file, and the kept problems are the first by position."""
    from brecha.errors import Issue, Location

    issues = [Issue(Location(path, line, 1), Code.SCHEMA, "x") for path in ("a", "b") for line in range(150, 0, -1)]
    kept = bounded(issues, limit=10)
    assert [(i.location.path, i.location.line) for i in kept if i.code is Code.SCHEMA] == \
        [("a", n) for n in range(1, 11)] + [("b", n) for n in range(1, 11)]
    assert [i.message for i in kept if i.code is Code.TOO_MANY_PROBLEMS] == [
        "…and 140 more problems in this file, not shown: only the first 100 are reported"] * 2
    assert bounded(kept, limit=10) == kept  # already bounded: unchanged


def test_reading_a_small_file_does_not_reserve_the_size_limit(tmp_path: Path) -> None:
    """A 100-byte file costs kilobytes, not the 32 MiB limit (read(n) allocates n at once)."""
    path = tmp_path / "small.yaml"
    path.write_bytes(b"kind: Assessment\n" * 6)
    tracemalloc.start()
    try:
        yamlio.read_bytes(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 256 * 1024


def test_hints_are_computed_only_for_problems_shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """'Did you mean' costs a difflib search: a file of unknown IDs pays for about as many as are shown."""
    import difflib

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    path = tmp_path / "unknown.yaml"
    path.write_bytes(SHAPES["unknown-answers"](8_000))
    result = api.lint([str(path)], str(MINI))
    assert sum(i.code is Code.UNKNOWN_RULE for i in result.issues) == MAX_PROBLEMS
    assert len(calls) <= 2 * MAX_PROBLEMS  # English and Spanish


def test_many_warnings_do_not_make_an_error() -> None:
    """The closing problem is a warning when only warnings were left out: lint fails on it only with --strict."""
    from brecha.errors import omitted

    assert omitted("f", 0, 150).severity == "warning" and omitted("f", 0, 150, exact=False).severity == "warning"
    assert omitted("f", 3, 150, exact=False).severity == "error"
