"""Renderers of the gap report: pure functions from a report to text or a rich renderable."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ReportFormat"]


class ReportFormat(StrEnum):
    """Output formats of ``brecha evaluate``."""

    CONSOLE = "console"
    JSON = "json"
