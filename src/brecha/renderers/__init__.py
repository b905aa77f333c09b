"""Renderers of the gap report: pure functions from a report to text or a rich renderable."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from importlib import import_module

from brecha.report import GapReport

__all__ = ["ReportFormat", "text_renderer"]


class ReportFormat(StrEnum):
    """Output formats of ``brecha evaluate``."""

    CONSOLE = "console"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"



_MODULES = {ReportFormat.JSON: "json", ReportFormat.MARKDOWN: "markdown", ReportFormat.HTML: "html"}


def text_renderer(fmt: ReportFormat) -> Callable[[GapReport, str], str]:
    """The ``render(report, lang) -> str`` of a text format (imported only when asked for).

    The console format is not here: it returns a rich renderable, see ``renderers.console``.
    """
    render: Callable[[GapReport, str], str] = import_module(f"brecha.renderers.{_MODULES[fmt]}").render
    return render
