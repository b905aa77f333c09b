"""What every renderer shares: safe user text, texts in the chosen language, numbers."""

from __future__ import annotations

from collections.abc import Callable

from brecha.i18n import tr
from brecha.model import Text
from brecha.sanitize import terminal

__all__ = ["pct", "translator", "visible"]


def pct(value: float | None) -> str:
    """A score with one decimal, or a dash when there is none."""
    return "—" if value is None else f"{value:.1f}"


def translator(lang: str, escape: Callable[[str], str],
               mark: Callable[[str], str] | None = None) -> Callable[[Text | None], str]:
    """Text -> escaped string in ``lang``; a fallback to the other language is marked."""
    marker = (mark or escape)(tr("fallback", lang))

    def t(text: Text | None) -> str:
        if text is None:
            return ""
        value, fell_back = text.pick(lang)
        return escape(value) + (f" {marker}" if fell_back and value else "")

    return t


def visible(value: str) -> str:
    """User text as a terminal must show it: control characters (ANSI escapes, bells, bidi
    overrides...) as ``\\x1b``-style escapes; line breaks and tabs kept. This is
    :func:`brecha.sanitize.terminal`, the one sanitiser of every string brecha shows."""
    return terminal(value)
