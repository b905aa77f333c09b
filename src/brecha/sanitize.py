"""Making untrusted text safe to show: on a terminal, in a one-line message, as a value.

Everything brecha prints may carry text chosen by whoever wrote a file (IDs, keys, rule
texts, file names). A terminal obeys control characters (ESC sequences clear the screen,
retitle the window, fake a green banner), bidirectional overrides reorder what is read,
and look-alike letters (Cyrillic М for Latin M) or invisible ones (a zero-width space)
make two different values print the same. This module is the one place that decides
how such characters are shown.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNSAFE", "char_name", "clip", "csv_cell", "cut", "json_text", "name_suspicious", "one_line", "suspicious",
           "terminal"]

#: Characters a terminal may act on or that reorder or break lines: C0 and C1 controls
#: (except tab and newline, handled by the callers' choice), DEL, bidirectional marks,
#: overrides and isolates, line and paragraph separators, and lone surrogates (which
#: cannot even be encoded as UTF-8).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


#: Names of control characters (Unicode gives them none, only aliases).
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED",
                  0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER"}


def char_name(char: str) -> str:
    """A character by code point and name: ``U+001B ESCAPE``, ``U+041C CYRILLIC CAPITAL LETTER EM``."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "") or (
        "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNNAMED CHARACTER")
    return f"U+{code:04X} {name}"


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def terminal(text: str, *, newlines: bool = True) -> str:
    """``text`` with every character a terminal would act on shown as an escape (``\\x1b``).

    Tabs and (with ``newlines``) line feeds are kept; a carriage return never is, since
    it lets a line overwrite what was printed before it.
    """
    pattern = UNSAFE if newlines else _UNSAFE_OR_BREAK
    if newlines:
        if text.isprintable() or not pattern.search(text):
            return text
        return pattern.sub(lambda m: _escape(m.group()), text)
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: "\\t" if m.group() == "\t" else "\\n" if m.group() == "\n" else _escape(m.group()),
                       text)


def one_line(text: str) -> str:
    """``text`` made safe for a one-line diagnostic: no control character, no line break."""
    return terminal(text, newlines=False)


def clip(text: str, limit: int = 80) -> tuple[str, int | None]:
    """``text`` shortened to about ``limit`` characters, and its length when it was cut (else None).

    The caller says how long it was in the reader's language (``errors.shown``).
    """
    if len(text) <= limit:
        return text, None
    return f"{text[: limit - 20]}…{text[-8:]}", len(text)


def cut(text: str, limit: int = 80) -> str:
    """``text`` shortened to about ``limit`` characters, saying in English how long it was.

    Only for texts that are English already (jsonschema's own messages); a value shown in a
    message goes through ``errors.shown``, which words the length in the reader's language.
    """
    short, length = clip(text, limit)
    return short if length is None else f"{short} ({length:,} characters)"


_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "FULLWIDTH", "MATHEMATICAL", "LATIN SMALL CAPITAL",
                      "MODIFIER LETTER", "SUBSCRIPT", "SUPERSCRIPT")


def _suspicious(char: str, *, ascii_expected: bool) -> bool:
    if char.isascii():
        return False
    category = unicodedata.category(char)
    if category[0] in "CZ" and char != " ":  # controls, format (zero-width, bidi), separators, no-break spaces
        return True
    if ascii_expected:
        return True
    name = unicodedata.name(char, "")
    return category[0] == "L" and name.startswith(_LOOKALIKE_SCRIPTS) and _looks_latin(char)


def _looks_latin(char: str) -> bool:
    """Whether a letter of another script decomposes to or is commonly confused with a Latin one."""
    return char.upper() in _CONFUSABLE or char.lower() in _CONFUSABLE


# Cyrillic and Greek letters that print like Latin ones (the usual homoglyphs).
_CONFUSABLE = set("АВЕЅІЈКМНОРСТХУаеѕіјорсхуԁһӏԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιν")


def name_suspicious(text: str, *, ascii_expected: bool = False, most: int = 3) -> str:
    """Name the invisible and look-alike characters of ``text`` by code point, or "".

    ``ascii_expected`` names every non-ASCII character (for IDs, codes and dates, where
    only ASCII is allowed). Returns e.g. ``"1: U+041C CYRILLIC CAPITAL LETTER EM"`` (the
    character's position, then its code point and Unicode name: the same in every language).
    """
    found, more = suspicious(text, ascii_expected=ascii_expected, most=most)
    return ", ".join(found) + (f", {more} more" if more else "")


def suspicious(text: str, *, ascii_expected: bool = False, most: int = 3) -> tuple[list[str], int]:
    """The first ``most`` invisible or look-alike characters of ``text`` named (as
    :func:`name_suspicious` does, without words), and how many more there are."""
    found: list[str] = []
    seen: set[str] = set()
    total = 0
    for index, char in enumerate(text):
        if char in seen or not _suspicious(char, ascii_expected=ascii_expected):
            continue
        seen.add(char)
        total += 1
        if len(found) < most:
            found.append(f"{index + 1}: {char_name(char)}")
    return found, total - len(found)




#: What a spreadsheet may read as the start of a formula (or of a DDE command), also in
#: their full-width forms, which some spreadsheets fold to the ASCII ones.
_FORMULA_START = frozenset("=+-@\t\r\n|%\uff1d\uff0b\uff0d\uff20")
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and "_" not in text


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as the text it is: never a formula, never a second row.

    Line breaks become spaces and other control characters visible escapes (a CR inside a
    cell started a new row whose first cell was a live formula); a cell whose first
    non-blank character could start a formula (= + - @ | %, tab, and full-width forms) is
    prefixed with an apostrophe, unless it is a plain number such as -3.5.
    """
    text = terminal(_LINE_BREAKS.sub(" ", text), newlines=False)
    start = text.lstrip(" ")[:1]
    if start and start in _FORMULA_START and not _is_number(text):
        return "'" + text
    return text


def json_text(text: str) -> str:
    """JSON text (as dumped with ``ensure_ascii=False``) with no character a terminal acts on.

    ``json.dumps`` escapes C0 controls but leaves DEL, C1 controls (U+009B starts an escape
    sequence on many terminals), bidirectional overrides and line separators raw; they can
    only stand inside strings, where ``\\uXXXX`` is the same character to a JSON reader.
    """
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
