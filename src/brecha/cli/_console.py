"""Printing rich renderables: to the terminal, or to a file as plain text."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from brecha.cli._common import write_result


def print_renderable(renderable: RenderableType, output: str | None, force: bool) -> None:
    """Print to stdout (colour as the terminal and NO_COLOR allow) or save as plain text."""
    if output is None or output == "-":
        Console(highlight=False, soft_wrap=False).print(renderable)
        return
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, highlight=False, force_terminal=False).print(renderable)
    write_result(buffer.getvalue(), output, force)
