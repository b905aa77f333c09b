"""Making user text safe to show: control characters become visible escapes."""

from __future__ import annotations

__all__ = ["visible"]


def visible(value: str) -> str:
    """Replace control characters (ANSI escapes, bells, NULs...) by ``\\xNN``; keep newlines."""
    if value.isprintable():
        return value
    return "".join(c if c.isprintable() or c == "\n" else f"\\x{ord(c):02x}" for c in value)
