"""Filled spreadsheets into self-assessments: each becomes the YAML ``brecha template`` writes.

Whatever the source, the result goes through the one loader path (parse, schema,
cross-checks) before anyone writes it, and a problem found there is reported at the
sheet and cell the value came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from brecha import model
from brecha.errors import InputError, Issue, Location
from brecha.loading import load_assessment_text
from brecha.templating import Draft, render_draft
from brecha.yamlio import read_bytes

__all__ = ["Imported", "import_path", "relocate"]


@dataclass(frozen=True, slots=True)
class Imported:
    """One self-assessment read from a spreadsheet: its YAML text and its model."""

    name: str
    """A short name for the file it may be written to (the source's, or a submission's)."""
    text: str
    assessment: model.Assessment


_AT = ("hoja «{sheet}», celda {cell}: ", "sheet '{sheet}', cell {cell}: ")


def relocate(issues: tuple[Issue, ...], origins: Mapping[str, tuple[str, str]], path: str) -> list[Issue]:
    """Problems found in generated YAML, moved to the cells their values came from."""
    moved = []
    for issue in issues:
        probe = issue.location.pointer
        while probe and probe not in origins:
            probe = probe.rsplit("/", 1)[0]
        if probe in origins:
            sheet, cell = origins[probe]
            moved.append(Issue(Location(path), issue.code,
                               _AT[1].format(sheet=sheet, cell=cell) + issue.message,
                               severity=issue.severity,
                               es=_AT[0].format(sheet=sheet, cell=cell) + issue.text("es")))
        else:
            moved.append(Issue(Location(path, 0, 0, issue.location.pointer), issue.code, issue.message,
                               severity=issue.severity, es=issue.es))
    return moved


def _finish(lib: model.Library, draft: Draft, origins: Mapping[str, tuple[str, str]], path: str,
            name: str, lang: str) -> Imported:
    text = render_draft(lib, draft, lang)
    try:
        assessment = load_assessment_text(text.encode("utf-8"), path, lib)
    except InputError as exc:
        raise InputError(relocate(exc.issues, origins, path)) from None
    return Imported(name, text, assessment)


def _stem(path: str) -> str:
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def import_path(path: str, lib: model.Library, *, lang: str) -> tuple[Imported, ...]:
    """Read a workbook written by ``brecha template --format xlsx`` into self-assessments.

    Raises:
        InputError: every problem found, located by sheet and cell.
    """
    from brecha.workbook import read_workbook

    data = read_bytes(path)
    back = read_workbook(data, path, lib)
    return (_finish(lib, back.draft, back.origins, path, _stem(path), lang),)
