"""Terminal layouts that print as plain text without rich, or hand themselves to rich.

The console report and the summary are built from the few pieces of rich they use —
:class:`Text`, :class:`Table`, :class:`Panel`, :class:`Padding`, :class:`Group` and three
boxes — spelled here with rich's own names and arguments. Each piece is two things:

- **for a terminal**, ``__rich__`` builds the very same rich objects (so colour, styles
  and whatever rich does on a terminal stay rich's);
- **for a pipe or a file**, :func:`plain` lays it out as text, following rich's own
  algorithms (word wrapping, column widths, ratios, cropping and padding, panel titles)
  line for line, without importing rich. That is the output of almost every run in a
  script, in CI or under the benchmark, and it costs a few milliseconds instead of
  rich's import and layout (~70 ms for a report, ~1 s for a summary of 1,000 rows).

Exactness is held by tests that render every example report and summary both ways at
several widths (``tests/test_layout.py``). Text this layout cannot promise to measure
as rich does — characters outside the single-width ranges below, tabs, control
characters, markup in plain strings — raises :class:`Unsupported`, and the caller then
prints through rich.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from math import ceil
from typing import Any, Literal, Union, cast

from brecha.frozen import record

__all__ = ["HEAVY", "HEAVY_HEAD", "ROUNDED", "SIMPLE_HEAD", "Group", "Padding", "Panel", "Table", "Text", "Unsupported",
           "plain", "plain_lines"]


class Unsupported(Exception):
    """Content the plain layout cannot promise to lay out exactly as rich: use rich."""


# ---------------------------------------------------------------------------- text

_STRIP = {7: None, 8: None, 11: None, 12: None, 13: None}  # rich strips these control codes
_STRIPPED = re.compile("[\x07\x08\x0b\x0c\x0d]")
# Code points rich measures as one cell, outside Latin-1 (checked one by one against
# rich.cells in tests/test_layout.py): Latin and IPA, Greek and Cyrillic, Latin extended,
# general punctuation (dashes, quotes, bullet, ellipsis), currency, arrows, box drawing,
# geometric shapes (to U+25FC, as rich).
_WIDE_OK = ((0x0100, 0x02FF), (0x0370, 0x0482), (0x048A, 0x052F), (0x1E00, 0x1FFF), (0x2010, 0x2027),
            (0x2030, 0x205E), (0x20A0, 0x20C0), (0x2190, 0x21FF), (0x2500, 0x25FC))
_ONE_CELL_RANGES = ((0x0A, 0x0A), (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0xFF), *_WIDE_OK)
# Any character outside them, found by one regular expression (in C, not a set lookup per character)
_OTHER_WIDTH = re.compile("[^" + "".join(re.escape(chr(low)) + "-" + re.escape(chr(high))
                                         for low, high in _ONE_CELL_RANGES) + "]")
_MARKUP = re.compile(r"\[|:\S*?:")  # markup tags and emoji codes, which rich reads in plain strings


def _checked(text: str) -> str:
    """``text`` if every character is one cell wide for rich (else :class:`Unsupported`)."""
    if _OTHER_WIDTH.search(text) is not None:
        raise Unsupported(text)
    return text


# The renderables are plain classes with slots, not dataclasses: a dataclass writes its methods
# with exec when its module is imported (about 0.3 ms each), in every command that prints.


class Text:
    """rich's ``Text``: a string with styled parts (``append``)."""

    __slots__ = ("_plain", "_size", "parts", "style", "text")

    def __init__(self, text: str = "", style: str = "", parts: list[tuple[str, str | None]] | None = None) -> None:
        self.text = text
        self.style = style
        self.parts: list[tuple[str, str | None]] = [] if parts is None else parts
        self._plain: str | None = None
        self._size: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"Text({self.text!r}, style={self.style!r}, parts={self.parts!r})"

    def append(self, text: str, style: str | None = None) -> Text:
        """Add text with an optional style."""
        self.parts.append((text, style))
        self._plain = self._size = None
        return self

    @property
    def plain(self) -> str:
        """The text without styles, as rich keeps it (some control codes removed)."""
        if self._plain is None:
            text = self.text + "".join(t for t, _ in self.parts)
            self._plain = text.translate(_STRIP) if _STRIPPED.search(text) else text  # translate is slow
        return self._plain

    def _measure(self, width: int) -> tuple[int, int]:
        """rich's ``Text.__rich_measure__``: the longest word and the longest line (width aside)."""
        if self._size is None:
            text = _checked(self.plain)
            longest = max(map(len, text.splitlines()), default=0)
            words = text.split()
            self._size = (max(map(len, words)) if words else longest), longest
        return self._size

    def __rich__(self) -> Any:
        from rich.text import Text as RichText

        out = RichText(self.text, style=self.style)
        for text, style in self.parts:
            out.append(text, style=style)
        return out


def _from_str(value: str) -> Text:
    """A plain string as rich reads it in a cell or title (markup and emoji codes: left to rich)."""
    if _MARKUP.search(value):
        raise Unsupported(value)
    return Text(value)


_WORD = re.compile(r"\s*\S+\s*")
_TRAILING = re.compile(r"\s+$")


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    """rich's ``_wrap.divide_line`` for one-cell characters: where to break ``text``."""
    if width > 0 and _OTHER_SPACE.search(text) is None:
        found = _divide_spaced(text, width)
        if found is not None:
            return found
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                chunks = [word[i:i + width] for i in range(0, len(word), width)] if width > 0 else [word]
                for n, chunk in enumerate(chunks):
                    if start:
                        breaks.append(start)
                    if n == len(chunks) - 1:
                        offset = len(chunk)
                    else:
                        start += len(chunk)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than the plain space


def _divide_spaced(text: str, width: int) -> list[int] | None:
    """:func:`_divide_line` a line at a time, for text whose only whitespace is the space and
    whose words each fit (None otherwise: the word-by-word loop decides). rich puts a word on
    the line while its last letter is within ``width`` of the line's start, so each line ends
    before the first word that reaches past that, found with one search instead of a step
    per word."""
    if text[:1] == " ":
        return None  # rich takes leading spaces as part of the first word
    breaks: list[int] = []
    start, total = 0, len(text.rstrip(" "))
    while total - start > width:
        limit = start + width  # the first position past the line
        if text[limit] == " ":  # the word before fits; the next line starts at the next word
            cut = limit + 1
            while text[cut] == " ":
                cut += 1
        else:  # the word over the limit starts the next line
            cut = text.rfind(" ", start, limit) + 1
            if cut <= start:
                return None  # a word longer than the line: folded or left whole, word by word
        end = text.find(" ", cut)
        if (total if end < 0 else end) - cut > width:
            return None
        breaks.append(cut)
        start = cut
    return breaks


def _set_size(text: str, total: int) -> str:
    return text + " " * (total - len(text)) if len(text) < total else text[:total]


def _truncate(text: str, width: int, overflow: str, pad: bool = False) -> str:
    length = len(text)
    if length > width:
        text = _set_size(text, width - 1) + "…" if overflow == "ellipsis" else _set_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def _wrap(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> list[str]:
    """rich's ``Text.wrap``: the lines of ``text`` at ``width`` cells."""
    if "\t" in text:
        raise Unsupported(text)
    lines: list[str] = []
    for line in text.split("\n"):
        key = (line, width, justify, overflow, no_wrap)
        found = _WRAPPED.get(key)
        if found is None:
            if len(_WRAPPED) >= _MAX_WRAPPED:
                _WRAPPED.clear()
            found = _WRAPPED[key] = _wrap_line(line, width, justify, overflow, no_wrap)
        lines.extend(found)
    return lines


#: Lines already wrapped, by their text and how: a summary's rows repeat the same lines (an
#: institution's type, level, state and year) hundreds of times.
_WRAPPED: dict[tuple[str, int, str, str, bool], tuple[str, ...]] = {}
_MAX_WRAPPED = 4096


def _wrap_line(line: str, width: int, justify: str, overflow: str, no_wrap: bool) -> tuple[str, ...]:
    """The lines one line of text (no line break in it) becomes at ``width`` cells."""
    if no_wrap or len(line) <= width:  # a line that fits has no break (each word fits after the last)
        pieces = [line]
    else:
        cuts = [0, *_divide_line(line, width, overflow == "fold"), len(line)]
        pieces = [line[a:b] for a, b in itertools.pairwise(cuts)]
        for n, piece in enumerate(pieces):
            if len(piece) > width and (spaces := _TRAILING.search(piece)):
                pieces[n] = piece[: len(piece) - min(len(spaces.group(0)), len(piece) - width)]
    if justify == "left":
        pieces = [_truncate(p, width, overflow, pad=True) for p in pieces]
    elif justify == "right":
        pieces = [(" " * (width - len(t)) + t) for t in (_truncate(p.rstrip(), width, overflow) for p in pieces)]
    elif justify == "center":
        centred = []
        for piece in pieces:
            piece = _truncate(piece.rstrip(), width, overflow)
            piece = " " * ((width - len(piece)) // 2) + piece
            centred.append(piece + " " * (width - len(piece)))
        pieces = centred
    elif justify != "default":
        raise Unsupported(justify)
    return tuple(_truncate(p, width, overflow) for p in pieces)


# ---------------------------------------------------------------------------- layout


@record
class _Options:
    width: int
    justify: str | None = None
    overflow: str | None = None
    no_wrap: bool = False

    def narrowed(self, width: int) -> _Options:
        """``update(width=width)``, made once per options and width (a table asks for it per cell)."""
        key = (self.width, self.justify, self.overflow, self.no_wrap, width)  # compared as a tuple, in C
        found = _NARROWED.get(key)
        if found is None:
            found = _NARROWED[key] = self.update(width=width)
        return found

    def update(self, **changes: Any) -> _Options:
        if "width" in changes:  # rich's update_width: never below zero
            changes["width"] = max(0, changes["width"])
        return _Options(**{**{"width": self.width, "justify": self.justify, "overflow": self.overflow,
                              "no_wrap": self.no_wrap}, **changes})


_NARROWED: dict[tuple[int, str | None, str | None, bool, int], _Options] = {}

Renderable = Union[str, Text, "Table", "Panel", "Padding", "Group"]
Pad = int | tuple[int] | tuple[int, int] | tuple[int, int, int, int]
Justify = Literal["default", "left", "center", "right", "full"]


def _unpack(pad: Pad) -> tuple[int, int, int, int]:
    if isinstance(pad, int):
        return pad, pad, pad, pad
    if len(pad) == 1:
        return pad[0], pad[0], pad[0], pad[0]
    if len(pad) == 2:
        return pad[0], pad[1], pad[0], pad[1]
    return pad


def _normal(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


def _measure(item: Renderable, width: int) -> tuple[int, int]:
    """rich's ``Measurement.get``: the least and most cells ``item`` needs within ``width``."""
    if width < 1:
        return 0, 0
    low, high = _str_size(item) if isinstance(item, str) else item._measure(width)
    low, high = _normal(low, high) if low < 0 or low > high or high < 0 else (low, high)
    if low > width:
        low = width
    if high > width:
        high = width
    if high < 1:
        return 0, 0
    return (low, high) if low <= high else _normal(low, high)


@lru_cache(maxsize=4096)
def _str_size(value: str) -> tuple[int, int]:
    """A plain string's measure (a table repeats the same few numbers and words in a column)."""
    return _from_str(value)._measure(0)


def _render(item: Renderable, options: _Options) -> list[str]:
    """The lines rich renders for ``item`` (neither cropped nor padded)."""
    if options.width < 1:  # rich renders nothing where there is no room
        return []
    if isinstance(item, str):
        item = _from_str(item)
    if isinstance(item, Text):
        return _wrap(_checked(item.plain), options.width, options.justify or "default",
                     options.overflow or "fold", options.no_wrap)
    return item._render(options)


def _render_lines(item: Renderable, options: _Options) -> list[str]:
    """rich's ``Console.render_lines``: every line cropped or padded to the width."""
    width = options.width
    text = _from_str(item) if isinstance(item, str) else item
    if isinstance(text, Text) and width > 0:
        # Most table cells: lines that fit, which wrapping and cropping leave as they are;
        # only justifying moves them (the general path gives the same lines, ten calls later).
        lines = _checked(text.plain).split("\n")
        if max(map(len, lines)) <= width:
            justify = options.justify
            if justify in (None, "default", "left"):
                return [line + " " * (width - len(line)) for line in lines]
            if justify == "right":
                return [" " * (width - len(line)) + line for line in map(str.rstrip, lines)]
    return [_set_size(line, width) for line in _render(text, options)]


class Padding:
    """rich's ``Padding``: space around a renderable, to the full width."""

    __slots__ = ("pad", "renderable")

    def __init__(self, renderable: Renderable, pad: Pad = (0, 0, 0, 0)) -> None:
        self.renderable = renderable
        self.pad = pad

    def __repr__(self) -> str:
        return f"Padding({self.renderable!r}, {self.pad!r})"

    def _measure(self, width: int) -> tuple[int, int]:
        _, right, _, left = _unpack(self.pad)
        extra = left + right
        if width - extra < 1:
            return width, width
        low, high = _measure(self.renderable, width)
        return min(low + extra, width), min(high + extra, width)

    def _render(self, options: _Options) -> list[str]:
        top, right, bottom, left = _unpack(self.pad)
        width = options.width
        lines = _render_lines(self.renderable, options.narrowed(width - left - right))
        blank = [" " * width]
        return [*blank * top, *(" " * left + line + " " * right for line in lines), *blank * bottom]

    def __rich__(self) -> Any:
        from rich.padding import Padding as RichPadding

        return RichPadding(_rich(self.renderable), self.pad)


class Group:
    """rich's ``Group``: renderables one after another."""

    __slots__ = ("renderables",)

    def __init__(self, *renderables: Renderable) -> None:
        self.renderables = renderables

    def __repr__(self) -> str:
        return f"Group{self.renderables!r}"

    def _measure(self, width: int) -> tuple[int, int]:
        found = [_measure(r, width) for r in self.renderables]
        return (max(m[0] for m in found), max(m[1] for m in found)) if found else (0, 0)

    def _render(self, options: _Options) -> list[str]:
        return [line for r in self.renderables for line in _render(r, options)]

    def __rich__(self) -> Any:
        from rich.console import Group as RichGroup

        return RichGroup(*map(_rich, self.renderables))


class _Box:
    __slots__ = ("name", "rows")

    def __init__(self, name: str, rows: tuple[str, ...]) -> None:
        self.name = name
        self.rows = rows  # rich's eight lines of four characters

    def top(self, widths: Sequence[int]) -> str:
        return self.row(widths, 0, True)

    def bottom(self, widths: Sequence[int]) -> str:
        return self.row(widths, 7, True)

    def row(self, widths: Sequence[int], line: int, edge: bool) -> str:
        chars = self.rows[line]  # left, fill, cross, right
        inner = chars[2].join(chars[1] * w for w in widths)
        return chars[0] + inner + chars[3] if edge else inner


ROUNDED = _Box("ROUNDED", ("╭─┬╮", "│ ││", "├─┼┤", "│ ││", "├─┼┤", "├─┼┤", "│ ││", "╰─┴╯"))
SIMPLE_HEAD = _Box("SIMPLE_HEAD", ("    ", "    ", " ── ", "    ", "    ", "    ", "    ", "    "))
HEAVY = _Box("HEAVY", ("┏━┳┓", "┃ ┃┃", "┣━╋┫", "┃ ┃┃", "┣━╋┫", "┣━╋┫", "┃ ┃┃", "┗━┻┛"))
HEAVY_HEAD = _Box("HEAVY_HEAD", ("┏━┳┓", "┃ ┃┃", "┡━╇┩", "│ ││", "├─┼┤", "├─┼┤", "│ ││", "└─┴┘"))


def _rich_box(box: _Box | None) -> Any:
    if box is None:
        return None
    from rich import box as rich_boxes

    return getattr(rich_boxes, box.name)


class Panel:
    """rich's ``Panel``: a renderable in a box, with an optional title on its top edge."""

    __slots__ = ("border_style", "box", "expand", "padding", "renderable", "title", "title_align")

    def __init__(self, renderable: Renderable, box: _Box = ROUNDED, title: Text | None = None,
                 title_align: Literal["left", "center", "right"] = "center", expand: bool = True,
                 padding: Pad = (0, 1), border_style: str = "none") -> None:
        self.renderable = renderable
        self.box = box
        self.title = title
        self.title_align = title_align
        self.expand = expand
        self.padding = padding
        self.border_style = border_style

    def _title(self) -> str | None:
        if self.title is None or not self.title.plain:
            return None
        return " " + _checked(self.title.plain.replace("\n", " ")) + " "

    def _measure(self, width: int) -> tuple[int, int]:
        _, right, _, left = _unpack(self.padding)
        pads = left + right
        title = self._title()
        parts: list[Renderable] = [self.renderable, *([Text(title)] if title else [])]
        found = Group(*parts)._measure(max(0, width - pads - 2))
        size = found[1] + pads + 2
        return size, size

    def _render(self, options: _Options) -> list[str]:
        inner: Renderable = Padding(self.renderable, self.padding) if any(_unpack(self.padding)) else self.renderable
        width = options.width
        child = width - 2 if self.expand else _measure(inner, max(0, width - 2))[1]
        title = self._title()
        if title is not None:
            child = min(options.width - 2, max(child, len(title) + 2))
        width = child + 2
        lines = _render_lines(inner, options.update(width=child))
        rows = self.box.rows
        if title is None or width <= 4:
            out = [self.box.top([width - 2])]
        else:
            text = _set_size(title, width - 4) if len(title) > width - 4 else title
            excess = width - 4 - len(text)
            fill = rows[0][1]
            if self.title_align == "left":
                text = text + fill * excess
            elif self.title_align == "center":
                text = fill * (excess // 2) + text + fill * (excess - excess // 2)
            else:
                text = fill * excess + text
            out = [rows[0][0] + fill + text + fill + rows[0][3]]
        out += [rows[3][0] + line + rows[3][3] for line in lines]
        out.append(self.box.bottom([width - 2]))
        return out

    def __rich__(self) -> Any:
        from rich.panel import Panel as RichPanel

        return RichPanel(_rich(self.renderable), box=_rich_box(self.box),
                         title=None if self.title is None else _rich(self.title), title_align=self.title_align,
                         expand=self.expand, border_style=self.border_style,
                         padding=self.padding)


class _Column:
    __slots__ = ("cells", "header", "options")

    def __init__(self, header: Renderable, options: dict[str, Any]) -> None:
        self.header = header
        self.options = options
        self.cells: list[Renderable] = []

    def get(self, name: str, default: Any) -> Any:
        return self.options.get(name, default)


class Table:
    """rich's ``Table`` (and ``Table.grid``): columns measured, shared out and wrapped as rich does."""

    def __init__(self, *, title: Text | str | None = None, box: _Box | None = HEAVY_HEAD, padding: Pad = (0, 1),
                 collapse_padding: bool = False, pad_edge: bool = True, expand: bool = False, show_header: bool = True,
                 show_edge: bool = True, show_lines: bool = False, title_justify: Justify = "center",
                 title_style: str | None = None) -> None:
        self.title = title
        self.box = box
        self.padding = padding
        self.collapse_padding = collapse_padding
        self.pad_edge = pad_edge
        self.expand = expand
        self.show_header = show_header
        self.show_edge = show_edge
        self.show_lines = show_lines
        self.title_justify = title_justify
        self.title_style = title_style
        self.columns: list[_Column] = []
        self._is_grid = False
        self._cell_cache: dict[int, list[Padding]] = {}
        self._size_cache: dict[int, tuple[int, int] | None] = {}

    @classmethod
    def grid(cls, *, padding: Pad = 0) -> Table:
        """A table without borders or headers, for layout (rich's ``Table.grid``)."""
        table = cls(box=None, padding=padding, collapse_padding=True, show_header=False, show_edge=False,
                    pad_edge=False)
        table._is_grid = True
        return table

    def add_column(self, header: Renderable = "", **options: Any) -> None:
        """A column: ``justify``, ``no_wrap``, ``ratio``, ``min_width``, ``overflow``, ``style`` as in rich."""
        known = {"justify", "no_wrap", "ratio", "min_width", "overflow", "style"}
        if set(options) - known:
            raise TypeError(f"unsupported column options: {sorted(set(options) - known)}")
        self.columns.append(_Column(header, options))
        self._cell_cache.clear()
        self._size_cache.clear()

    def add_row(self, *cells: Renderable) -> None:
        """One row: a cell per column."""
        if len(cells) != len(self.columns):
            raise ValueError(f"a row of {len(cells)} cells in a table of {len(self.columns)} columns")
        for column, cell in zip(self.columns, cells, strict=True):
            column.cells.append(cell)
        self._cell_cache.clear()
        self._size_cache.clear()

    # -- rich's algorithms (rich/table.py), for one-cell characters

    @property
    def _extra_width(self) -> int:
        width = 2 if self.box and self.show_edge else 0
        return width + (len(self.columns) - 1 if self.box else 0)

    def _padding_width(self, index: int) -> int:
        _, right, _, left = _unpack(self.padding)
        if self.collapse_padding:
            left = 0
            right = abs(left - right)
        if not self.pad_edge:
            if index == 0:
                left = 0
            if index == len(self.columns) - 1:
                right = 0
        return left + right

    def _cells(self, index: int) -> list[Padding]:
        found = self._cell_cache.get(index)
        if found is None:
            found = self._cell_cache[index] = self._make_cells(index)
        return found

    def _make_cells(self, index: int) -> list[Padding]:
        column = self.columns[index]
        top, right, bottom, left = _unpack(self.padding)
        first_column, last_column = index == 0, index == len(self.columns) - 1
        raw = [column.header, *column.cells] if self.show_header else list(column.cells)
        cells = []
        for n, cell in enumerate(raw):
            first_row, last_row = n == 0, n == len(raw) - 1
            t, r, b, lft = top, right, bottom, left
            if self.collapse_padding:
                if not first_column:
                    lft = max(0, lft - r)
                if not last_row:
                    b = max(0, t - b)
            if not self.pad_edge:
                if first_column:
                    lft = 0
                if last_column:
                    r = 0
                if first_row:
                    t = 0
                if last_row:
                    b = 0
            cells.append(Padding(cell, (t, r, b, lft)))
        return cells

    def _text_sizes(self, index: int) -> tuple[int, int] | None:
        """The longest word and the longest line of a column whose cells are all text (None when
        one is not): what its measure at any width is made of, found once per table."""
        if index not in self._size_cache:
            column = self.columns[index]
            raw = [column.header, *column.cells] if self.show_header else column.cells
            if raw and all(isinstance(cell, str | Text) for cell in raw):
                sizes = [_str_size(cell) if isinstance(cell, str) else cell._measure(0) for cell in raw]
                self._size_cache[index] = max(low for low, _ in sizes), max(high for _, high in sizes)
            else:
                self._size_cache[index] = None
        return self._size_cache[index]

    def _measure_column(self, width: int, index: int) -> tuple[int, int]:
        if width < 1:
            return 0, 0
        column = self.columns[index]
        cells = self._cells(index)
        sizes = self._text_sizes(index)
        if sizes is not None:
            # Each cell's measure is its text's, plus the column's side padding (the same for
            # every row), within the width: the largest of them is the largest text's.
            _, right, _, left = _unpack(cells[0].pad)
            extra = left + right
            low, high = (width, width) if width - extra < 1 else \
                (min(sizes[0] + extra, width), min(sizes[1] + extra, width))
        else:
            found = [cell._measure(width) for cell in cells]  # a padded cell's measure is in range
            low = max([m[0] for m in found], default=1)
            high = max([m[1] for m in found], default=width)
            low, high = min(low, width), min(high, width)
        min_width = column.get("min_width", None)
        if min_width is not None:
            least = max(0, min_width + self._padding_width(index))
            low, high = max(low, least), max(high, least)
        return low, high

    def _widths(self, max_width: int) -> list[int]:
        columns = self.columns
        ranges = [self._measure_column(max_width, i) for i in range(len(columns))]
        widths = [high or 1 for _, high in ranges]
        if self.expand:
            ratios = [c.get("ratio", None) or 0 for c in columns if c.get("ratio", None) is not None]
            if any(ratios):
                fixed = [0 if c.get("ratio", None) is not None else high for (_, high), c in zip(ranges, columns, strict=True)]
                least = [1 + self._padding_width(i) for i, c in enumerate(columns) if c.get("ratio", None) is not None]
                flex = iter(_ratio_distribute(max_width - sum(fixed), ratios, least))
                for i, column in enumerate(columns):
                    if column.get("ratio", None) is not None:
                        widths[i] = fixed[i] + next(flex)
        total = sum(widths)
        if total > max_width:
            widths = _collapse(widths, [not c.get("no_wrap", False) for c in columns], max_width)
            total = sum(widths)
            if total > max_width:
                widths = _ratio_reduce(total - max_width, [1] * len(widths), widths, widths)
                total = sum(widths)
            widths = [self._measure_column(max(0, w), i)[1] or 0 for i, w in enumerate(widths)]
        if total < max_width and self.expand:
            extra = _ratio_distribute(max_width - total, widths)
            widths = [w + e for w, e in zip(widths, extra, strict=True)]
        return widths

    def _measure(self, width: int) -> tuple[int, int]:
        if width < 0:
            return 0, 0
        extra = self._extra_width
        most = sum(self._widths(max(0, width - extra)))
        found = [self._measure_column(most, i) for i in range(len(self.columns))]
        return sum(m[0] for m in found) + extra, sum(m[1] for m in found) + extra

    def _render(self, options: _Options) -> list[str]:
        if not self.columns:
            return [""]
        if self.box and not self.show_header:
            raise Unsupported("a boxed table without a header")
        extra = self._extra_width
        widths = self._widths(max(0, options.width - extra))
        table_width = sum(widths) + extra
        out: list[str] = []
        if self.title is not None and (self.title if isinstance(self.title, str) else self.title.plain):
            out += _render(self.title, options.update(width=table_width, justify=self.title_justify))
        box = self.box
        if box and self.show_edge:
            out.append(box.top(widths))
        cells = [self._cells(i) for i in range(len(self.columns))]
        rows = list(zip(*cells, strict=True))
        within = [options.update(width=width, justify=column.get("justify", "left"),
                                 no_wrap=column.get("no_wrap", False), overflow=column.get("overflow", "ellipsis"))
                  for width, column in zip(widths, self.columns, strict=True)]
        # A column of text whose longest line fits within its padding: no cell of it wraps, so
        # each cell's lines are its text's, padded (what _render_lines gives such a cell)
        fitting = [self._fitting(i, width, column.get("justify", "left"))
                   for i, (width, column) in enumerate(zip(widths, self.columns, strict=True))]
        for index, row in enumerate(rows):
            first, last = index == 0, index == len(rows) - 1
            header = first and self.show_header
            rendered = []
            for cell, cell_options, fits in zip(row, within, fitting, strict=True):
                # a cell is a Padding, whose lines are already its full width: rendered directly
                if fits is not None:
                    rendered.append(fits(cell))
                else:
                    rendered.append(cell._render(cell_options) if cell_options.width > 0 else [])
            height = max(1, max(map(len, rendered)))  # one blank line when no column had room
            for n, lines in enumerate(rendered):
                if len(lines) < height:
                    blank = [" " * widths[n]] * (height - len(lines))
                    rendered[n] = blank + lines if header else lines + blank  # headers sit at the bottom
            if box:
                edge = box.rows[1] if first else (box.rows[6] if last else box.rows[3])
                cross = edge[2]
                if self.show_edge:
                    out += [edge[0] + cross.join(parts) + edge[3] for parts in zip(*rendered, strict=True)]
                else:
                    out += [cross.join(parts) for parts in zip(*rendered, strict=True)]
                if header:
                    out.append(box.row(widths, 2, self.show_edge))
                if self.show_lines and not last and not header:
                    out.append(box.row(widths, 4, self.show_edge))
            else:
                out += ["".join(parts) for parts in zip(*rendered, strict=True)]
        if box and self.show_edge:
            out.append(box.bottom(widths))
        # the padded cells and sizes are made again if the table is laid out again: a summary's
        # tables of 1,000 rows would otherwise hold them all until the last line is written
        self._cell_cache.clear()
        self._size_cache.clear()
        return out

    def _fitting(self, index: int, width: int, justify: str) -> Callable[[Padding], list[str]] | None:
        """How a cell of column ``index`` is laid out at ``width`` when none of its lines wraps
        (None when one may, or it is not all text: each cell is then rendered on its own)."""
        sizes = self._text_sizes(index)
        if sizes is None or justify not in ("left", "default", "right"):
            return None
        _, right, _, left = _unpack(self._cells(index)[0].pad)
        inner = width - left - right
        if inner < 1 or sizes[1] > inner:
            return None
        before, after = " " * left, " " * right
        blank = " " * width

        def lines(cell: Padding) -> list[str]:
            top, _, bottom, _ = _unpack(cell.pad)
            text = cell.renderable
            plain = (_from_str(text) if isinstance(text, str) else cast(Text, text)).plain.split("\n")
            if justify == "right":
                made = [before + " " * (inner - len(line)) + line + after for line in map(str.rstrip, plain)]
            else:
                made = [before + line + " " * (inner - len(line)) + after for line in plain]
            return [blank] * top + made + [blank] * bottom if top or bottom else made

        return lines

    def __rich__(self) -> Any:
        from rich.table import Table as RichTable

        if self._is_grid:
            table = RichTable.grid(padding=self.padding)
        else:
            table = RichTable(title=None if self.title is None else _rich(self.title), box=_rich_box(self.box),
                              padding=self.padding, collapse_padding=self.collapse_padding, pad_edge=self.pad_edge,
                              expand=self.expand, show_header=self.show_header, show_edge=self.show_edge,
                              show_lines=self.show_lines, title_justify=self.title_justify,
                              title_style=self.title_style)
        for column in self.columns:
            table.add_column(_rich(column.header), **column.options)
        for row in zip(*(c.cells for c in self.columns), strict=True):
            table.add_row(*map(_rich, row))
        return table


def _rich(item: Renderable) -> Any:
    return item if isinstance(item, str) else item.__rich__()


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            share = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - share)
            remaining -= share
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    if minimums:
        ratios = [r if m else 0 for r, m in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    if total_ratio <= 0:
        raise Unsupported("ratios")
    remaining = total
    result = []
    for ratio, least in zip(ratios, minimums or [0] * len(ratios), strict=True):
        share = max(least, ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        result.append(share)
        total_ratio -= ratio
        remaining -= share
    return result


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrapable, strict=True))
            difference = widest - second
            ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def plain(renderables: Iterable[Renderable], width: int) -> str:
    """What rich's ``Console(width=width).print`` writes for ``renderables`` without colour.

    Raises:
        Unsupported: something rich would lay out differently (use rich).
    """
    return "".join(line + "\n" for line in plain_lines(renderables, width))


def plain_lines(renderables: Iterable[Renderable], width: int) -> list[str]:
    """The lines of :func:`plain`, each without its line feed: for writing a long output a part at
    a time instead of as one string (a summary of 1,000 rows is a megabyte of text).

    Raises:
        Unsupported: something rich would lay out differently (use rich).
    """
    out: list[str] = []
    options = _Options(width)
    for item in renderables:
        out += [line[:width] for line in _render(item, options)]
    return out
