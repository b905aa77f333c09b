"""yamlio: safe, located, bounded parsing."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import yaml

from brecha import yamlio
from brecha.errors import InputError


def _codes(raw: bytes, **limits: int) -> list[tuple[int, int, str]]:
    with pytest.raises(InputError) as info:
        yamlio.parse(raw, "f.yaml", limits=yamlio.Limits(**limits) if limits else None)
    return [(i.location.line, i.location.col, i.code) for i in info.value.issues]


class TestParse:
    def test_values_keep_their_positions(self) -> None:
        """Every value is indexed by JSON pointer with its 1-based line and column."""
        doc = yamlio.parse(b"a: 1\nb:\n  - x\n  - {c: d}\n", "f.yaml")
        assert doc.data == {"a": 1, "b": ["x", {"c": "d"}]}
        assert (doc.locate("/a").line, doc.locate("/a").col) == (1, 4)
        assert (doc.locate("/a", key=True).line, doc.locate("/a", key=True).col) == (1, 1)
        assert (doc.locate("/b/1/c").line, doc.locate("/b/1/c").col) == (4, 9)
        assert doc.locate("/b/1/c/missing").line == 4

    def test_timestamps_stay_text(self) -> None:
        """Dates stay strings so that schema patterns apply to them."""
        assert yamlio.parse(b"d: 2026-01-31\n").data == {"d": "2026-01-31"}

    def test_yaml_booleans_are_remembered(self) -> None:
        """yes/no become booleans (YAML 1.1) but their spelling is kept for messages."""
        doc = yamlio.parse(b"v: yes\n")
        assert doc.data == {"v": True}
        assert doc.booleans == {"/v": "yes"}

    def test_byte_order_mark_is_accepted(self) -> None:
        """A UTF-8 BOM at the start is ignored."""
        assert yamlio.parse(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}

    def test_pointer_tokens_are_escaped(self) -> None:
        """Keys with / and ~ are escaped in pointers (RFC 6901)."""
        doc = yamlio.parse(b"a/b: {c~d: 1}\n")
        assert "/a~1b/c~0d" in doc.marks


class TestRejects:
    def test_duplicate_keys(self) -> None:
        """A repeated key is an error located at the second occurrence."""
        assert _codes(b"a: 1\nb: 2\na: 3\n") == [(3, 1, "duplicate-key")]

    def test_object_tags(self) -> None:
        """Tags that would build Python objects are refused, never executed."""
        assert _codes(b"a: !!python/object/apply:os.system [echo]\n")[0][2] == "yaml-tag"

    def test_alias_bomb_is_bounded(self) -> None:
        """Alias expansion beyond the node limit stops with an error."""
        bomb = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}]\n".encode() for i in range(8))
        assert _codes(bomb)[0][2] == "too-many-nodes"

    def test_deep_nesting_is_bounded(self) -> None:
        """Nesting deeper than the limit is refused before recursion can overflow."""
        assert _codes(b"[" * 500 + b"]" * 500)[0][2] == "too-deep"
        # libyaml has its own ceiling (1000 levels); either way: an error, no crash
        assert _codes(b"[" * 100_000 + b"]" * 100_000)[0][2] in {"too-deep", "yaml-syntax"}

    def test_size_is_bounded(self) -> None:
        """Input larger than max_bytes is refused without parsing."""
        assert _codes(b"a: 1\n" * 100, max_bytes=50)[0][2] == "too-large"

    def test_latin1_is_named(self) -> None:
        """Non-UTF-8 text says where, and how to convert it."""
        line, col, code = _codes("a: 1\nb: año\n".encode("latin-1"))[0]
        assert (line, col, code) == (2, 5, "encoding")

    def test_binary(self) -> None:
        """Binary files are recognised as such."""
        assert _codes(b"\x00\x01\x02")[0][2] == "not-text"

    def test_empty(self) -> None:
        """An empty file (or only comments) is an error, not None."""
        assert _codes(b"# nothing\n")[0][2] == "empty"

    def test_several_documents(self) -> None:
        """A second document in the stream is refused, located at its start."""
        assert _codes(b"a: 1\n---\nb: 2\n") == [(2, 1, "several-documents")]

    def test_tabs(self) -> None:
        """A tab used as indentation is a syntax error that mentions tabs."""
        with pytest.raises(InputError) as info:
            yamlio.parse(b"a:\n\t- b\n", "f.yaml")
        assert "tab" in info.value.issues[0].message

    def test_huge_integer(self) -> None:
        """An integer too long to convert is a located error, not a crash."""
        assert _codes(b"a: " + b"9" * 5000 + b"\n")[0][2] == "yaml-value"


@pytest.mark.parametrize("raw", [b"a: !!bool foo\n", b'a: !!float ""\n', b"a: !!int '-'\n", b"!!float \n"])
def test_badly_tagged_scalars_are_located_errors(raw: bytes) -> None:
    """Explicit tags on values that do not fit them are errors, not crashes (found by fuzzing)."""
    assert _codes(raw)[0][2] == "yaml-value"


class TestHostile:
    """Inputs an attacker or a careless export produces (issue 14)."""

    @pytest.mark.parametrize("raw", [b"a: .nan\n", b"a: .inf\n", b"a: -.Inf\n", b"a: !!float .NaN\n"])
    def test_non_finite_numbers_are_refused_where_they_stand(self, raw: bytes) -> None:
        """NaN and infinity would pass every schema bound and turn scores into nan."""
        assert _codes(raw) == [(1, 4, "yaml-value")]

    def test_huge_hexadecimal_is_refused(self) -> None:
        """A number too large to print (0x and 10,000 digits) is a located error, not a crash later."""
        assert _codes(b"a: 0x" + b"f" * 10_000 + b"\n") == [(1, 4, "yaml-value")]

    def test_control_character_is_located_on_one_line(self) -> None:
        """Line and column of the character itself (libyaml gives a character offset at 1:1)."""
        with pytest.raises(InputError) as info:
            yamlio.parse(b"a: 1\nb: \"x\x1b[2Jy\"\n", "f.yaml")
        (issue,) = info.value.issues
        assert (issue.location.line, issue.location.col) == (2, 6)
        assert "U+001B ESCAPE" in issue.message and "\n" not in issue.format()

    def test_the_parser_refuses_exactly_the_characters_located_as_control(self) -> None:
        """A file the fast reader read has no control character, so it is not scanned for them.

        That holds because libyaml's reader (and PyYAML's) refuses exactly the characters
        located as control characters here: checked for every character up to U+00FF and the
        edges of the ranges above.
        """
        edges = [0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF]
        for code in [*range(0x100), *edges]:
            char = chr(code)
            if char == "\n":
                continue
            located = bool(yamlio._NOT_PRINTABLE.search(char))
            try:
                for _ in yaml.parse(f'a: "x{char}y"\n', Loader=yamlio._Parser):
                    pass  # the parser's reader alone: nothing is built
                refused = False
            except yaml.reader.ReaderError:
                refused = True
            except yaml.YAMLError:
                refused = False  # refused for another reason (a raw line break in quotes)
            assert refused == located, hex(code)

    def test_control_characters_come_before_a_limit(self) -> None:
        """A file over the value limit that holds a control character reports the character, as before."""
        raw = b"a: [" + b"1, " * 50_000 + b"1]\nb: \"\x1b\"\n"  # far past the parser's first read
        with pytest.raises(InputError) as info:
            yamlio.parse(raw, "f.yaml", limits=yamlio.Limits(max_nodes=10))
        (issue,) = info.value.issues
        assert (issue.location.line, issue.location.col, issue.code) == (2, 5, "yaml-syntax")

    @pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"),
                                                    ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32"),
                                                    ("utf-32-be", "UTF-32")])
    def test_wide_encodings_are_named_with_a_conversion_hint(self, encoding: str, name: str) -> None:
        """UTF-16/32 (Notepad's "Unicode") is an encoding problem, not a binary file."""
        with pytest.raises(InputError) as info:
            yamlio.parse("kind: Assessment\n".encode(encoding), "f.yaml")
        (issue,) = info.value.issues
        assert issue.code == "encoding" and name in issue.message and f"iconv -f {name}" in issue.message

    def test_values_are_shown_as_written(self) -> None:
        """YAML 1.1 reads 0755 as 493; messages show what the file says."""
        doc = yamlio.parse(b"a: 0755\nb: yes\nc: [0755, yes, 1_000, 12]\nd: 1.5\n")
        assert doc.data == {"a": 493, "b": True, "c": [493, True, 1000, 12], "d": 1.5}
        assert [doc.as_written(p, None) for p in ("/a", "/b", "/c/0", "/c/1", "/c/2")] == \
            ["0755", "yes", "0755", "yes", "1_000"]
        assert doc.booleans == {"/b": "yes", "/c/1": "yes"}  # also when the value came from the cache
        assert doc.as_written("/c/3", 12) == "12" and doc.as_written("/d", 1.5) == "1.5"

    def test_tags_on_keys_are_refused(self) -> None:
        """A key may not build an object either."""
        assert _codes(b"!!python/object:os.system k: 1\n? !x j\n: 2\n") == [(1, 1, "yaml-tag"), (2, 3, "yaml-tag")]

    def test_a_fifo_is_refused_without_waiting(self, tmp_path: Path) -> None:
        """Reading a named pipe would block until something writes to it: refused at once."""
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        with pytest.raises(InputError) as info:
            yamlio.read(str(fifo))
        assert info.value.issues[0].code == "unreadable" and "FIFO" in info.value.issues[0].message

    def test_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """'-' reads standard input, within the size limit."""
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"a: 1\n")))
        assert yamlio.read("-").data == {"a": 1}
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"a: 1\n" * 100)))
        with pytest.raises(InputError) as info:
            yamlio.read("-", limits=yamlio.Limits(max_bytes=50))
        assert info.value.issues[0].code == "too-large"

    def test_keys_count_towards_the_node_limit(self) -> None:
        """A mapping of many keys costs as much as a list of as many values."""
        assert _codes(b"{" + b", ".join(b"k%d: 1" % i for i in range(60)) + b"}", max_nodes=100)[0][2] == \
            "too-many-nodes"
