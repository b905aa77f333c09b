"""Filled spreadsheets into self-assessments (the YAML ``brecha template`` writes) or action plans.

Whatever the source, the result goes through the one loader path (parse, schema,
cross-checks) before anyone writes it, and a problem found there is reported at the
sheet and cell the value came from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from brecha import model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location, Severity
from brecha.frozen import record
from brecha.i18n import Lang, tr
from brecha.loading import load_assessment_text, load_plan_text
from brecha.templating import Draft, render_draft
from brecha.yamlio import read_bytes

__all__ = ["Imported", "Origin", "import_path", "read_plan", "relocate"]


@record
class Imported:
    """One document read from a spreadsheet: its YAML text and its model (a self-assessment or a plan)."""

    name: str
    """A short name for the file it may be written to (the source's, or a submission's)."""
    text: str
    assessment: model.Assessment | None
    """The self-assessment (None when the spreadsheet was an action plan)."""
    plan: model.ActionPlan | None = None
    """The action plan read back from ``brecha plan --format xlsx`` (None for a self-assessment)."""
    notices: tuple[Issue, ...] = ()
    """Warnings about this document that are no error (e.g. another submission of the same institution and day)."""


#: Where a value came from: its location, and the words that name it ("sheet 'X', cell D4: ") in en and es.
Origin = tuple[Location, str, str]


def relocate(issues: tuple[Issue, ...], origins: Mapping[str, Origin], path: str) -> list[Issue]:
    """Problems found in generated YAML, moved to the cells their values came from."""
    moved = []
    for issue in issues:
        probe = issue.location.pointer
        while probe and probe not in origins:
            probe = probe.rsplit("/", 1)[0]
        if probe in origins:
            location, en, es = origins[probe]
            moved.append(Issue(location, issue.code, en + issue.message, severity=issue.severity,
                               es=es + issue.text("es")))
        else:
            moved.append(dataclasses.replace(issue, location=Location(path, 0, 0, issue.location.pointer)))
    return moved


def _finish(lib: model.Library, draft: Draft, origins: Mapping[str, Origin], path: str,
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
    """Read a filled workbook, or a KoBoToolbox/ODK submissions export, into self-assessments.

    A workbook written by ``brecha template --format xlsx`` gives one assessment; an export
    of a form written by ``brecha export xlsform`` (xlsx, CSV, or a zip of CSV files) gives one
    per submission;
    a plan written by ``brecha plan --format xlsx`` and filled in gives the plan.

    Raises:
        InputError: every problem found, located by sheet and cell (or CSV row and column).
    """
    from brecha.planning import PLAN_FORMAT
    from brecha.workbook import read_workbook, workbook_format
    from brecha.xlsform import is_csv_archive, read_submissions

    data = read_bytes(path)
    kind = workbook_format(data, path) if data[:2] == b"PK" and not is_csv_archive(data) else None
    if kind == PLAN_FORMAT:
        text, plan = _plan(data, path, lib, lang)
        return (Imported(_stem(path), text, None, plan),)
    if kind is not None:
        back = read_workbook(data, path, lib)
        return (_finish(lib, back.draft, back.origins, path, _stem(path), lang),)
    if data[:2] != b"PK" and not path.lower().endswith((".csv", ".tsv", ".txt")):
        # Neither a zip nor a CSV file: say it is not a workbook, which is what was expected.
        read_workbook(data, path, lib)  # raises the located 'not-workbook' problem
    submissions = read_submissions(data, path, lib)
    issues: list[Issue] = []
    done = []
    for sub in submissions:
        try:
            done.append(_finish(lib, sub.draft, sub.origins, path, f"{_stem(path)}-{sub.index:03d}", lang))
        except InputError as exc:
            issues.extend(exc.issues)
    if issues:
        raise InputError(issues)
    return _same_day(done, path)


def _same_day(done: list[Imported], path: str) -> tuple[Imported, ...]:
    """Submissions of one institution on one day stay separate self-assessments; each says so.

    Several assessors may each fill the form, or one person may send it twice: brecha
    cannot tell which, so it merges nothing and names the files for the coordinator to decide.
    """
    groups: dict[tuple[str, str, str, str | None, str], list[int]] = {}
    for position, item in enumerate(done):
        if item.assessment is None:
            continue
        inst = item.assessment.institution
        key = (inst.type, inst.level, " ".join(inst.name.casefold().split()), inst.jurisdiction,
               item.assessment.assessed_on)
        groups.setdefault(key, []).append(position)
    out = list(done)
    for members in groups.values():
        if len(members) < 2:
            continue
        names = ", ".join(done[i].name for i in members)
        notice = Issue(Location(path), Code.SAME_INSTITUTION, tr("xlsform.w.same_institution", Lang.EN).format(names=names),
                       severity=Severity.WARNING, es=tr("xlsform.w.same_institution", Lang.ES).format(names=names))
        for i in members:
            out[i] = dataclasses.replace(out[i], notices=(*out[i].notices, notice))
    return tuple(out)


def _plan(data: bytes, path: str, lib: model.Library, lang: str) -> tuple[str, model.ActionPlan]:
    from brecha.planbook import read_plan_workbook
    from brecha.planning import render_plan

    back = read_plan_workbook(data, path, lib)
    text = render_plan(back.data, lang)
    try:
        plan = load_plan_text(text.encode("utf-8"), path, lib)
    except InputError as exc:
        raise InputError(relocate(exc.issues, back.origins, path)) from None
    return text, plan


def read_plan(path: str, lib: model.Library, *, lang: str = "es") -> model.ActionPlan:
    """An action plan from its YAML file, or from the workbook ``brecha plan --format xlsx`` wrote, filled in.

    Raises:
        InputError: every problem, located by line (YAML) or by sheet and cell (xlsx).
    """
    data = read_bytes(path)
    if data[:2] != b"PK":
        return load_plan_text(data, path, lib)
    return _plan(data, path, lib, lang)[1]
