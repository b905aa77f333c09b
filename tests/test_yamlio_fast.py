"""Parsing without positions gives what parsing with them gives; positions come when a problem is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from brecha import loading, yamlio
from brecha.errors import InputError, Location

from helpers import ROOT, TESTS

# Every YAML input the project keeps: content, examples, test cases (valid and broken), the fuzz corpus.
INPUTS = sorted({*loading.bundled_root().rglob("*.yaml"), *(ROOT / "examples").rglob("*.y*ml"),
                 *(TESTS / "cases").rglob("*.yaml"), *(TESTS / "fixtures").rglob("*.yaml"),
                 *(p for p in (ROOT / "fuzz" / "corpus").iterdir() if p.is_file())})


def _full(raw: bytes, path: str, limits: yamlio.Limits | None = None) -> yamlio.Document | list[str]:
    """What the position-recording builder alone makes of ``raw`` (the parse before the fast path)."""
    limits = limits or yamlio.Limits()
    builder = yamlio._Builder(path, limits)
    try:
        text = yamlio._decode(raw, path)
        data = builder.build(yaml.parse(text, Loader=yamlio._Parser))
    except InputError as exc:
        return [i.format() for i in exc.issues]
    except yaml.YAMLError:
        return ["error"]
    except yamlio._Abort:
        pass
    if builder.issues:
        return [i.format() for i in builder.issues]
    return yamlio.Document(path, data, builder.marks, raw, builder.booleans, builder.written, builder.controls)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_fast_path_reads_every_input_as_the_full_one(path: Path) -> None:
    raw = path.read_bytes()
    try:
        doc = yamlio.parse(raw, str(path))
    except InputError:
        assert not isinstance(_full(raw, str(path)), yamlio.Document)  # a problem either way
        return
    full = _full(raw, str(path))
    assert isinstance(full, yamlio.Document)
    assert (doc.data, doc.booleans, doc.written, doc.controls) == (full.data, full.booleans, full.written, full.controls)
    assert doc.marks == full.positions  # found on demand, the same
    for pointer in list(full.positions)[:200]:
        for key in (False, True):
            assert doc.locate(pointer, key=key) == full.locate(pointer, key=key)


def test_a_clean_file_is_read_without_positions_until_one_is_shown() -> None:
    doc = yamlio.parse(b"kind: Assessment\nanswers:\n  R-1: {value: yes}\n  R-2:\n    - a\n    - b\n", "a.yaml")
    assert doc.positions == {}
    assert doc.booleans == {"/answers/R-1/value": "yes"}  # pointers are made where a value needs one
    where = doc.locate("/answers/R-2/1")
    assert doc.positions == {}  # still not read: only asked for
    assert (where.line, where.col, str(where)) == (6, 7, "a.yaml:6:7")
    assert doc.positions  # read once, now kept
    assert doc.locate("/answers/R-1", key=True) == Location("a.yaml", 3, 3, "/answers/R-1")


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # duplicate key
    "a: !!python/object:os.system x\n",  # refused tag
    "a: &x [1]\nb: *x\n",  # anchor and alias
    "<<: {a: 1}\n",  # merge key
    "a: \"\\e[2J\"\n",  # escaped control character
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [1\n",  # syntax
    "",  # empty
    "? [a]\n: 1\n",  # a key that is a list
    "a: !!int 'x'\n",  # a value that does not fit its tag
])
def test_anything_out_of_the_ordinary_is_read_with_positions(text: str) -> None:
    raw = text.encode()
    try:
        doc = yamlio.parse(raw, "x.yaml")
    except InputError as exc:
        full = _full(raw, "x.yaml")
        assert [i.format() for i in exc.issues] == full or full == ["error"]
        return
    assert doc.limits is None and doc.positions  # the full builder read it


def test_a_deferred_location_orders_and_compares_as_a_found_one() -> None:
    doc = yamlio.parse(b"b: 2\na: 1\n", "x.yaml")
    deferred = [doc.locate("/a"), doc.locate("/b")]
    found = [Location("x.yaml", 2, 4, "/a"), Location("x.yaml", 1, 4, "/b")]
    assert sorted(deferred) == sorted(found) == [found[1], found[0]]
    assert hash(deferred[0]) == hash(found[0]) and repr(deferred[0]) == repr(found[0])


@given(st.sampled_from(sorted(yamlio._WORDS_ONLY)), st.text(min_size=5, max_size=20))
def test_a_long_plain_text_starting_with_a_boolean_letter_is_text(first: str, rest: str) -> None:
    """The fast builder's shortcut agrees with the resolver: no boolean or null word is longer than five."""
    text = first + rest
    tag = yamlio._RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    assert tag == "tag:yaml.org,2002:str"


@pytest.mark.parametrize(("max_nodes", "max_depth"), [(5, 64), (40, 64), (10_000, 3), (12, 2)])
@pytest.mark.parametrize("path", [p for p in INPUTS if "corpus" not in str(p)][:60], ids=lambda p: p.name)
def test_a_limit_is_reported_where_the_full_reader_reports_it(path: Path, max_nodes: int, max_depth: int) -> None:
    """The fast path stops at a limit itself: same message, same position, same value as the full reader."""
    raw = path.read_bytes()
    limits = yamlio.Limits(max_nodes=max_nodes, max_depth=max_depth)
    try:
        yamlio.parse(raw, str(path), limits=limits)
    except InputError as exc:
        full = _full(raw, str(path), limits)
        if full != ["error"]:
            assert [i.format() for i in exc.issues] == full
        return
    assert isinstance(_full(raw, str(path), limits), yamlio.Document)


def test_positions_are_found_only_as_far_as_asked() -> None:
    """A file of many values is walked only up to the position shown; later ones resume the walk.

    A hostile file shows at most a hundred problems, near its start: walking its million values
    (and keeping a million pointers) to find them cost more than reading it.
    """
    raw = b"kind: Assessment\nanswers:\n  R-1:\n    evidence: [" + b", ".join(b"x" for _ in range(5000)) + b"]\n  R-2: {value: b}\n"
    doc = yamlio.parse(raw, "a.yaml")
    full = _full(raw, "a.yaml")
    assert isinstance(full, yamlio.Document)
    first = doc.locate("/answers/R-1/evidence/3")
    assert (first.line, first.col) == (4, 25) and first == full.locate("/answers/R-1/evidence/3")
    assert len(doc.positions) < 20  # only the values up to it
    later = doc.locate("/answers/R-2/value", key=True)
    assert later == full.locate("/answers/R-2/value", key=True)  # the walk resumed
    assert len(doc.positions) == len(full.positions)
    gone = doc.locate("/answers/R-1/evidence/9999")  # not in the file: at its nearest parent
    assert gone == full.locate("/answers/R-1/evidence/9999") and gone.line == 4


def test_a_pointer_not_in_the_file_is_located_at_its_parent_after_the_whole_walk() -> None:
    raw = b"a:\n  b: [1, 2]\nc: {d: 1}\n"
    doc = yamlio.parse(raw, "a.yaml")
    assert doc.locate("/a/missing") == Location("a.yaml", 2, 3, "/a/missing")
    full = _full(raw, "a.yaml")
    assert isinstance(full, yamlio.Document)
    assert doc.marks == full.positions  # walked to the end on the way
    assert doc.finder[0].done  # every position now known: located at once
    assert doc.locate("/c/d") == Location("a.yaml", 3, 8, "/c/d")


def _read(raw: bytes, path: str) -> object:
    try:
        doc = yamlio.parse(raw, path)
    except InputError as exc:
        return [i.format() for i in exc.issues]
    return doc.data, doc.booleans, doc.written, doc.controls


def _pyyaml_own() -> bool:
    """Whether PyYAML's compiled parser makes its own event classes (not the fast reader's)."""
    return all(getattr(yaml._yaml, name) is getattr(yaml.events, name) for name in yamlio._EVENT_NAMES)


def test_quick_events_are_pyyamls_own_to_any_reader() -> None:
    """If a PyYAML release builds its events otherwise, this fails: the fast reader then converts
    every event (correct, a third slower) until the quick events are made to match again."""
    assert yamlio._same_events()
    event = yamlio._QUICK["ScalarEvent"](None, "!t", (False, True), "text", None, None, '"')
    assert isinstance(event, yaml.ScalarEvent)
    assert (event.anchor, event.tag, event.implicit, event.value, event.style) == (None, "!t", (False, True), "text", '"')


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_with_another_thread_running_every_input_reads_the_same_and_pyyaml_is_left_alone(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = path.read_bytes()
    quick = _read(raw, str(path))  # pytest runs this in its only thread: quick events
    assert _pyyaml_own()  # put back after the file, whatever came of it
    swapped: list[bool] = []
    monkeypatch.setattr(yamlio, "_restore_events", lambda: swapped.append(True))
    monkeypatch.setattr(yamlio.threading, "active_count", lambda: 2)
    assert _read(raw, str(path)) == quick
    assert not swapped and _pyyaml_own()


def test_the_parser_module_is_swapped_only_while_no_other_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    swapped: list[bool] = []
    original = yamlio._quick_events
    monkeypatch.setattr(yamlio, "_quick_events", lambda loader: swapped.append(original(loader)) or swapped[-1])
    text = b"a: [1, two, {b: c}]\n"
    alone = yamlio.parse(text, "t.yaml").data
    release = threading.Event()
    other = threading.Thread(target=release.wait, args=(5,))
    other.start()
    try:
        beside = yamlio.parse(text, "t.yaml").data
    finally:
        release.set()
        other.join()
    assert swapped == [True, False]  # quick events alone; converted ones beside another thread
    assert alone == beside == {"a": [1, "two", {"b": "c"}]} and _pyyaml_own()


def test_pyyaml_is_put_back_when_the_swap_itself_is_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C (or any signal's exception) half-way through putting the quick classes in place
    leaves PyYAML's own there, not a mix."""

    class Interrupted:
        def __init__(self) -> None:
            object.__setattr__(self, "puts", 0)

        def __getattr__(self, name: str) -> object:
            return getattr(yaml._yaml, name)

        def __setattr__(self, name: str, value: object) -> None:
            setattr(yaml._yaml, name, value)
            object.__setattr__(self, "puts", self.puts + 1)
            if self.puts == 4 and value is yamlio._QUICK.get(name):
                raise KeyboardInterrupt

    yamlio._quick_events(yaml.CSafeLoader("a: 1\n"))  # the sample is checked before the module is replaced
    yamlio._restore_events()
    monkeypatch.setattr(yamlio, "_COMPILED", Interrupted())
    with pytest.raises(KeyboardInterrupt):
        yamlio.parse(b"a: [1, two]\n", "t.yaml")
    assert _pyyaml_own() and not yamlio._SWAPPED
    assert yamlio.parse(b"a: [1, two]\n", "t.yaml").data == {"a": [1, "two"]}
