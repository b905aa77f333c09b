"""How old evidence is: stale items (older than a rule set allows) count as none. Pure.

Dates may be partial (``2025``, ``2025-03``). An item is judged in its favour: it is taken
as issued at the end of its period, and the self-assessment as made at the start of its
own. An undated item, or a date that is no calendar date, is not judged stale.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import replace

from brecha import model

__all__ = ["age_days", "freshen"]


def _parse(text: str, *, end: bool) -> datetime.date | None:
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        last = calendar.monthrange(year, month)[1]
        day = int(parts[2]) if len(parts) > 2 else (last if end else 1)
        return datetime.date(year, month, day)
    except (ValueError, IndexError):
        return None


def age_days(issued: str, assessed_on: str) -> int | None:
    """Days from an item's date (end of its period) to the self-assessment (start of its own)."""
    start, end = _parse(assessed_on, end=False), _parse(issued, end=True)
    if start is None or end is None:
        return None
    return (start - end).days


def freshen(answer: model.Answer | None, max_age_days: int | None,
            assessed_on: str) -> tuple[model.Answer | None, tuple[model.Evidence, ...]]:
    """The answer with its stale evidence removed, and the stale items (none when nothing is stale)."""
    if answer is None or max_age_days is None or not answer.records:
        return answer, ()
    stale = tuple(r for r in answer.records
                  if r.date is not None and (age := age_days(r.date, assessed_on)) is not None and age > max_age_days)
    if not stale:
        return answer, ()
    fresh = tuple(r for r in answer.records if r not in stale)
    return replace(answer, evidence=tuple(r.title for r in fresh), records=fresh), stale
