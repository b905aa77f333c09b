"""Action plans read back from the spreadsheet ``brecha plan --format xlsx`` writes.

A coordinator fills the plan in a spreadsheet: owners, due dates, statuses, the day an
action was done, notes. Reading it back gives the plan's data, which becomes
``kind: ActionPlan`` YAML through the same writer as ``brecha plan`` and is then read
through the one loader path; every problem names its sheet and cell.

What the visible sheet cannot say exactly (the institution type and level, the rule or
weakness of each action, the IDs of the institutions named) comes from the workbook's
hidden ``brecha`` sheet; what the coordinator may change is taken from the visible cells.
Rows may be sorted: the plan keeps its own order. Formulas are refused, never computed.
"""

from __future__ import annotations

import re
from typing import Any

from brecha import model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location
from brecha.frozen import record
from brecha.i18n import Lang, tr
from brecha.planning import PLAN_COLUMNS, PLAN_FIRST_ROW, PLAN_FORMAT, PLAN_META_SHEET, actor_names
from brecha.workbook import CellReader, WorkbookLimits, cell_issue, fold, open_workbook, row_cell, sheet_rows

__all__ = ["PlanBack", "read_plan_workbook"]

_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_ACTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
_SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_LETTERS = "ABCDEFGHIJ"


@record
class PlanBack:
    """A plan workbook read back: the plan's data (as :func:`~brecha.planning.build_plan` gives it) and
    the cell each value came from, by JSON pointer."""

    data: dict[str, Any]
    origins: dict[str, tuple[Location, str, str]]


def read_plan_workbook(data: bytes, path: str, lib: model.Library, *,
                       limits: WorkbookLimits | None = None) -> PlanBack:
    """Read a plan workbook, as filled in by the coordinator, into the plan's data.

    Raises:
        InputError: every problem found, each naming its sheet and cell.
    """
    limits = limits or WorkbookLimits()
    wb = open_workbook(data, path, limits)
    try:
        reader = CellReader(path, lib, limits)
        names = [n for n in wb.sheetnames if n != PLAN_META_SHEET]
        if PLAN_META_SHEET not in wb.sheetnames or not names:
            raise InputError([_plain(path, "e.plan_old")])
        plan, hidden = _read_meta(wb[PLAN_META_SHEET], reader)
        _read_sheet(wb[names[0]], reader, plan, hidden)
    finally:
        wb.close()
    if reader.issues:
        raise InputError(reader.issues)
    return PlanBack(plan, reader.origins)


def _plain(path: str, key: str, **args: Any) -> Issue:
    return Issue(Location(path), Code.NOT_WORKBOOK, tr(f"workbook.{key}", Lang.EN).format(**args),
                 es=tr(f"workbook.{key}", Lang.ES).format(**args))


@record
class _Hidden:
    """What the hidden sheet says of one action."""

    kind: str  # "rule" or "weakness"
    about: str
    responsible: tuple[str, ...]
    others: tuple[str, ...]


def _read_meta(ws: Any, reader: CellReader) -> tuple[dict[str, Any], dict[str, _Hidden]]:
    lib = reader.lib
    values: dict[str, str] = {}
    actions: dict[str, _Hidden] = {}

    def damaged(why: str) -> InputError:
        return InputError([*reader.issues, _plain(reader.path, "e.meta", why=why)])

    for _row, cells in sheet_rows(ws, reader, 1, 6):
        texts = [reader.text(ws.title, c) if c is not None else None for c in (row_cell(cells, i) for i in range(6))]
        key = texts[0]
        if key == "action":
            ident, kind, about = texts[1] or "", texts[2] or "", texts[3] or ""
            if not _ACTION_ID.fullmatch(ident) or ident in actions or kind not in ("rule", "weakness") \
                    or not _RULE_ID.fullmatch(about):
                raise damaged(f"action {ident!r}")
            ids = [tuple((t or "").split()) for t in texts[4:6]]
            if not all(_SLUG.fullmatch(i) for group in ids for i in group):
                raise damaged(f"action {ident!r}")
            actions[ident] = _Hidden(kind, about, ids[0], ids[1])
        elif key and texts[1] is not None:
            values[key] = texts[1]
    if reader.issues:
        raise InputError(reader.issues)
    if values.get("format") != PLAN_FORMAT or values.get("format_version") != "1":
        raise damaged("format")
    itype = lib.institution_types.get(values.get("institution", ""))
    if itype is None:
        raise damaged(f"institution {values.get('institution')!r}")
    if values.get("level") not in itype.levels:
        raise damaged(f"level {values.get('level')!r}")
    for key in ("assessed_on", "made_on"):
        if not _DATE.fullmatch(values.get(key, "")):
            raise damaged(key)
    plan: dict[str, Any] = {
        "institution": {"type": itype.id, "level": values["level"], "name": values.get("name") or "",
                        "jurisdiction": values.get("jurisdiction")},
        "made_from": {"assessed_on": values["assessed_on"], "round": values.get("round")},
        "made_on": values["made_on"], "illustrative": values.get("illustrative") == "true", "actions": []}
    return plan, actions


def _read_sheet(ws: Any, reader: CellReader, plan: dict[str, Any], hidden: dict[str, _Hidden]) -> None:
    sheet = ws.title
    lib = reader.lib
    _check_header(ws, reader)
    found: dict[str, dict[str, Any]] = {}
    rows: dict[str, int] = {}
    for row, cells in sheet_rows(ws, reader, PLAN_FIRST_ROW, len(PLAN_COLUMNS)):
        texts: dict[str, str | None] = {}
        failed: set[str] = set()  # cells already reported (a formula, TRUE...): not judged a second time
        for index, key in enumerate(PLAN_COLUMNS):
            before = len(reader.issues)
            cell = row_cell(cells, index)
            texts[key] = reader.text(sheet, cell) if cell is not None else None
            if len(reader.issues) > before:
                failed.add(key)
        ident = texts["id"]
        if not ident:
            if any(texts.values()):
                reader.fail(sheet, f"A{row}", Code.UNKNOWN_ACTION, "e.plan_no_id")
            continue
        if ident not in hidden:
            reader.fail(sheet, f"A{row}", Code.UNKNOWN_ACTION, "e.plan_unknown", v=ident)
            continue
        if ident in rows:
            reader.fail(sheet, f"A{row}", Code.DUPLICATE_ID, "e.plan_duplicate", v=ident, row=rows[ident])
            continue
        rows[ident] = row
        found[ident] = _action(reader, sheet, row, ident, texts, failed, hidden[ident], lib)
    for ident in hidden:  # the plan's own order, however the rows were sorted
        if ident not in found:
            reader.fail(sheet, None, Code.UNKNOWN_ACTION, "e.plan_missing", v=ident)
            continue
        pointer = f"/actions/{len(plan['actions'])}"
        reader.origins[pointer] = reader.where(sheet, f"A{rows[ident]}")
        for key, letter in zip(PLAN_COLUMNS, _LETTERS, strict=True):
            if key not in ("id", "about"):
                reader.origins[f"{pointer}/{key}"] = reader.where(sheet, f"{letter}{rows[ident]}")
        plan["actions"].append(found[ident])


def _check_header(ws: Any, reader: CellReader) -> None:
    """The column titles, in either language: a moved or renamed column is a located problem."""
    row = next(ws.iter_rows(min_row=PLAN_FIRST_ROW - 1, max_row=PLAN_FIRST_ROW - 1, max_col=len(PLAN_COLUMNS),
                            values_only=True), ())
    seen = [fold(v) if isinstance(v, str) else "" for v in (*row, *([None] * len(PLAN_COLUMNS)))][:len(PLAN_COLUMNS)]
    for index, key in enumerate(PLAN_COLUMNS):
        titles = [tr(f"plan.col.{key}", g) for g in ("es", "en")]
        if seen[index] not in {fold(t) for t in titles}:
            reader.issues.append(cell_issue(reader.path, ws.title, f"{_LETTERS[index]}{PLAN_FIRST_ROW - 1}",
                                            Code.NOT_WORKBOOK, "e.plan_column", v=titles[1], es_args={"v": titles[0]}))
            return


def _action(reader: CellReader, sheet: str, row: int, ident: str, texts: dict[str, str | None], failed: set[str],
            hidden: _Hidden, lib: model.Library) -> dict[str, Any]:
    """One action as the plan's data: what the coordinator may change from the row, the rest from the hidden sheet."""
    def actors(key: str, written: tuple[str, ...]) -> list[str]:
        if key in failed:
            return list(written)
        text = texts[key] or ""
        if fold(text) in {fold(actor_names(lib, list(written), g)) for g in ("es", "en")}:
            return list(written)  # as written: the IDs behind the names, exactly
        known = _actor_index(lib)
        ids = []
        for name in (n.strip() for n in re.split(r"[;\n]", text)):
            if not name:
                continue
            actor = known.get(fold(name))
            if actor is None:
                reader.fail(sheet, f"{_LETTERS[PLAN_COLUMNS.index(key)]}{row}", Code.UNKNOWN_INSTITUTION,
                            "e.plan_actor", v=name)
                continue
            if actor not in ids:
                ids.append(actor)
        return ids

    status_text = texts["status"] or ""
    status = fold(status_text).replace(" ", "_")
    if status not in {s.value for s in model.ActionStatus} and "status" not in failed:
        reader.fail(sheet, f"{_LETTERS[PLAN_COLUMNS.index('status')]}{row}", Code.SCHEMA, "e.plan_status",
                    v=status_text, allowed=", ".join(s.value for s in model.ActionStatus))
    dates = {}
    for key in ("due", "done_on"):
        value = texts[key]
        if value and not _DATE.fullmatch(value) and key not in failed:
            reader.fail(sheet, f"{_LETTERS[PLAN_COLUMNS.index(key)]}{row}", Code.SCHEMA, "e.plan_date", v=value)
        dates[key] = value
    action: dict[str, Any] = {"id": ident, hidden.kind: hidden.about, "action": texts["action"] or "",
                              "responsible": actors("responsible", hidden.responsible),
                              "with": actors("with", hidden.others),
                              "owner": texts["owner"], "due": dates["due"], "status": status,
                              "_about": " ".join((texts["about"] or "").split())}
    if dates["done_on"]:
        action["done_on"] = dates["done_on"]
    if texts["notes"]:
        action["notes"] = texts["notes"]
    return action


def _actor_index(lib: model.Library) -> dict[str, str]:
    """Every name an institution type or category goes by (either language, acronym, ID) -> its ID."""
    found: dict[str, set[str]] = {}
    names: list[tuple[str, tuple[str | None, ...]]] = [
        (t.id, (t.id, t.name.es, t.name.en, t.acronym)) for t in lib.institution_types.values()]
    names += [(c.id, (c.id, c.name.es, c.name.en)) for c in lib.categories.values()]
    for ident, texts in names:
        for text in texts:
            if text:
                found.setdefault(fold(text), set()).add(ident)
    return {name: ids.pop() for name, ids in found.items() if len(ids) == 1}
