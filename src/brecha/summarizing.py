"""Many assessments at once: institutions x stages, ratings, the most common gaps. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from brecha import model
from brecha.report import GapReport

__all__ = ["Summary", "summarize"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One assessment in the summary."""

    path: str
    report: GapReport


@dataclass(frozen=True, slots=True, kw_only=True)
class CommonGap:
    """A rule that is a gap in several assessments."""

    rule_id: str
    title: model.Text
    count: int
    critical: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """The summary of many reports, and the files that could not be read."""

    rows: tuple[Row, ...]
    phases: tuple[tuple[str, model.Text], ...]
    common_gaps: tuple[CommonGap, ...]
    failures: tuple[tuple[str, str], ...]


def summarize(reports: Iterable[tuple[str, GapReport | str]],
              on_progress: Callable[[int], None] | None = None) -> Summary:
    """Summarise (path, report or error message) pairs; ``on_progress`` is called per item."""
    rows: list[Row] = []
    failures: list[tuple[str, str]] = []
    phases: dict[str, model.Text] = {}
    gap_count: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    titles: dict[str, model.Text] = {}
    for n, (path, item) in enumerate(reports, 1):
        if isinstance(item, str):
            failures.append((path, item))
        else:
            rows.append(Row(path=path, report=item))
            for line in item.by_phase:
                phases.setdefault(line.id, line.label)
            for gap in item.gaps:
                gap_count[gap.rule_id] += 1
                critical[gap.rule_id] += gap.critical
                titles[gap.rule_id] = gap.title
        if on_progress:
            on_progress(n)
    rows.sort(key=lambda r: (r.report.jurisdiction or "", r.report.institution_type.id, r.report.institution_level.id,
                             r.report.institution_name, r.report.assessed_on, r.path))
    common = sorted(gap_count, key=lambda r: (-gap_count[r], -critical[r], r))
    return Summary(rows=tuple(rows), phases=tuple(phases.items()),
                   common_gaps=tuple(CommonGap(rule_id=r, title=titles[r], count=gap_count[r], critical=critical[r])
                                     for r in common),
                   failures=tuple(failures))
