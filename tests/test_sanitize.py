"""Untrusted text is shown safely: terminals obey no escape from a file, look-alikes are named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brecha.codes import Code
from brecha.errors import Issue, Location, shown
from brecha.i18n import Message
from brecha.sanitize import UNSAFE, cut, name_suspicious, one_line, terminal

HOSTILE = ["\x1b[2J\x1b[H", "\x1b]0;owned\x07", "\x1b[32mOK\x1b[0m", "a\rb", "\x9b31m", "\u202egnp.exe", "\x00", "\x7f",
           "x\u2028y", "\ud800"]


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_escapes_every_control(text: str) -> None:
    """ESC, BEL, CR, C1 controls, bidi overrides, line separators and lone surrogates become visible escapes."""
    safe = terminal(text)
    assert not UNSAFE.search(safe)
    safe.encode("utf-8")  # printable, and encodable (a lone surrogate is not)
    assert "\\" in safe


@given(st.text())
def test_one_line_never_breaks_a_line_or_lets_a_control_through(text: str) -> None:
    """Whatever a file holds, a diagnostic stays one printable line."""
    line = one_line(text)
    assert "\n" not in line and "\r" not in line and not UNSAFE.search(line)
    line.encode("utf-8")


def test_terminal_keeps_text_that_is_fine() -> None:
    """Spanish, tabs and line breaks of content texts pass unchanged."""
    text = "Niñas, niños y adolescentes\n\tEtapa 2 — «ingreso»"
    assert terminal(text) == text
    assert one_line("a\tb\nc") == "a\\tb\\nc"


def test_lookalikes_and_invisibles_are_named_by_code_point() -> None:
    """Cyrillic М prints like M and a zero-width space prints as nothing: both are named."""
    assert name_suspicious("МX", ascii_expected=True) == "1: U+041C CYRILLIC CAPITAL LETTER EM"
    assert name_suspicious("MX\u200b") == "3: U+200B ZERO WIDTH SPACE"
    assert name_suspicious("Procuraduría de Protección") == ""  # accents in free text are not suspicious
    assert name_suspicious("Мéxico") == "1: U+041C CYRILLIC CAPITAL LETTER EM"
    assert str(shown("MX\u00a0")) == "'MX\\xa0' (3: U+00A0 NO-BREAK SPACE)"
    many = shown("МАВЕЅ")  # five look-alikes: three named, the others counted in the reader's language
    assert isinstance(many, Message)
    assert many.text("en").endswith("3: U+0412 CYRILLIC CAPITAL LETTER VE, 2 more)")
    assert many.text("es").endswith("3: U+0412 CYRILLIC CAPITAL LETTER VE, 2 más)")


def test_long_values_are_cut_saying_how_long() -> None:
    """A 10 MB value is not echoed."""
    value = shown("x" * 10_000_000)
    assert isinstance(value, Message)
    text = value.text("en")
    assert len(text) < 120 and text.endswith("(10,000,002 characters)")
    assert value.text("es").endswith("(10,000,002 caracteres)")  # never English inside a Spanish message
    assert cut("short") == "short"


def test_a_diagnostic_is_one_safe_line_whatever_its_parts() -> None:
    """A hostile key in the pointer, a file name or the message cannot act on the terminal."""
    issue = Issue(Location("evil\x1b]0;x\x07.yaml", 3, 4, "/answers/\x1b[2J\x1b[32mPASSED"), Code.SCHEMA,
                  "bad \x1b[31mvalue\nsecond line")
    for lang in ("en", "es"):
        line = issue.format(lang)
        assert "\x1b" not in line and "\x07" not in line and "\n" not in line
        assert "\\x1b[2J" in line


def test_a_long_message_is_cut_in_its_line() -> None:
    """The one-line form stays readable however long the message."""
    issue = Issue(Location("f.yaml", 1, 1), Code.SCHEMA, "x" * 100_000)
    assert len(issue.format()) < 600 and "100,000 characters" in issue.format()
    assert "100,000 caracteres" in issue.format("es")


@pytest.mark.parametrize(("cell", "shown"), [
    ("=1+1", "'=1+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("|cmd", "'|cmd"), ("%0A", "'%0A"),
    (" =1", "' =1"), ("\uff1d1", "'\uff1d1"), ("\t=1", "\\t=1"), ("+1", "+1"), ("a\r=1", "a =1"), ("a\r\n=1", "a =1"),
    ("a\n=1", "a =1"), ("x\x1by", "x\\x1by"), ("\u202ex", "\\u202ex"), ("-3.5", "-3.5"), ("12", "12"),
    ("Procuraduría", "Procuraduría"), ("", ""),
])
def test_csv_cell(cell: str, shown: str) -> None:
    """Formulas are neutralised, line breaks cannot start a row, controls are visible, numbers stay numbers."""
    from brecha.sanitize import csv_cell

    assert csv_cell(cell) == shown


def test_json_text_keeps_json_and_the_value() -> None:
    """C1 controls, bidi overrides and separators become \\u escapes: the same string to a JSON reader."""
    import json

    from brecha.sanitize import json_text

    value = {"a": "x\x9b\u202e\x7f\u2028\ud800y"}
    text = json_text(json.dumps(value, ensure_ascii=False))
    assert not UNSAFE.search(text) and json.loads(text) == value
