"""Printing terminal views: through rich on a terminal, as plain text to a pipe or a file.

The report and the summary are layouts (:mod:`brecha.renderers.layout`) that lay
themselves out as the same text rich would print without a terminal, without importing
rich; everything else, and any layout whose text the plain path cannot promise to
measure as rich does, is printed by rich.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any

from brecha.cli._common import write_result
from brecha.sanitize import UNSAFE, terminal

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

__all__ = ["Safe", "print_renderable"]


class Safe:
    """A renderable whose text reaches the terminal through the one sanitiser.

    Renderers already pass user text through it; this is the last gate, at the boundary,
    for whatever a renderer forgot: no character of content (an ESC, a bidi override)
    leaves brecha raw, whatever it was built from. rich's own control codes (colours,
    cursor moves) are separate segments and pass. (The plain-text path is sanitised as a
    whole, with :func:`brecha.sanitize.terminal`.)
    """

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            if segment.control or not UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(terminal(segment.text), segment.style)

FILE_WIDTH = 100  # a report saved to a file is laid out at 100 columns


def _rich_would_colour() -> bool:
    """Whether rich would treat standard output as a terminal (or could not be followed exactly)."""
    if os.name == "nt" or os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE"):
        return True
    if not (sys.stdout.encoding or "utf-8").lower().startswith("utf"):
        return True  # rich would draw ASCII boxes
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return True


def _width() -> int:
    """The width rich's console takes when standard output is not a terminal."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):  # rich asks stdin, stdout and stderr in turn
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def _plain(renderable: Any, width: int) -> list[str] | None:
    """The lines of ``renderable`` laid out as plain text (None: rich must lay it out)."""
    from brecha.renderers import layout

    if width < 1 or not isinstance(renderable, layout.Group | layout.Table | layout.Panel | layout.Padding
                                   | layout.Text):
        return None
    try:
        return layout.plain_lines([renderable], width)
    except layout.Unsupported:
        return None


#: Lines written to standard output at a time: a long summary is never held as one string too.
_CHUNK = 512


def print_renderable(renderable: RenderableType, output: str | None, force: bool, *, pager: bool = False) -> None:
    """Print to stdout (colour as the terminal and NO_COLOR allow) or save as plain text.

    ``pager``: on a terminal, through the user's pager (``PAGER``, else ``less``), colours kept.
    """
    if output is None or output == "-":
        lines = None if _rich_would_colour() else _plain(renderable, _width())
        if lines is not None:  # laid out whole (so rich can take over before anything is written)
            for start in range(0, len(lines), _CHUNK):
                sys.stdout.write(terminal("".join(line + "\n" for line in lines[start:start + _CHUNK])))
            return
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=False)
        if pager and console.is_terminal:
            os.environ.setdefault("LESS", "-R")  # less shows the colours instead of escape codes
            with console.pager(styles=True):
                console.print(Safe(renderable))
            return
        console.print(Safe(renderable))
        return
    lines = _plain(renderable, FILE_WIDTH)
    text = None if lines is None else "".join(line + "\n" for line in lines)
    if text is None:
        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=FILE_WIDTH, color_system=None, highlight=False, force_terminal=False).print(
            Safe(renderable))
        text = buffer.getvalue()
    write_result(terminal(text), output, force)
