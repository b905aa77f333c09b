"""Action plans drawn from a gap report, as YAML and xlsx (their follow-up is :mod:`brecha.followup`).

A plan lists, for each gap and weakness of one self-assessment, the action to take, the
institution that holds the duty, who else must act, an owner, a due date and a status.
It is YAML (``kind: ActionPlan``, read back through the one loader path) and, for those
who plan in a spreadsheet, an xlsx copy. The follow-up is a pure function of the next
round's report and the plan: actions done, overdue (judged on the date of the new
self-assessment, never on the clock), and gaps that no action answers.
"""

from __future__ import annotations

import io
import re
from typing import Any

from brecha import model
from brecha.frozen import record
from brecha.i18n import tr
from brecha.report import Gap, GapReport, GapStatus, WeaknessFinding
from brecha.yamlio import dump_text

__all__ = ["PLAN_COLUMNS", "PLAN_EDITABLE", "PLAN_FIRST_ROW", "PLAN_FORMAT", "PLAN_META_SHEET", "PlanDraft",
           "actor_names", "build_plan", "plan_workbook", "render_plan"]


def _own(report: GapReport, lib: model.Library) -> set[str]:
    """The institution's own type and its actor categories: who 'this institution' is in a rule."""
    itype = lib.institution_types.get(report.institution_type.id)
    return {report.institution_type.id, *(itype.categories if itype else ())}


def _split(actors: tuple[str, ...], own: set[str], own_type: str) -> tuple[list[str], list[str]]:
    """(who holds the duty, who else must act): this institution first when it is among them."""
    if any(a in own for a in actors):
        return [own_type], [a for a in actors if a not in own]
    return list(actors), []


def build_plan(report: GapReport, lib: model.Library, *, lang: str, made_on: str) -> dict[str, Any]:
    """A plan for every gap (highest priority first) and every weakness found, as plain data.

    Owners and due dates are left blank for the institution to fill in.
    """
    own = _own(report, lib)
    actions: list[dict[str, Any]] = []

    def add(kind: str, ident: str, text: str, actors: tuple[str, ...], about: str) -> None:
        responsible, others = _split(actors, own, report.institution_type.id)
        actions.append({"id": f"A{len(actions) + 1:02d}", kind: ident, "action": text, "responsible": responsible,
                        "with": others, "owner": None, "due": None, "status": model.ActionStatus.PLANNED.value,
                        "_about": about})

    for gap in report.gaps:
        # a gap is always an own duty; gap.also names who else must act
        text = gap.action.get(lang)
        if gap.status is GapStatus.AWAITING_CONFIRMATION:  # confirm it does not apply, or act as the rule asks
            text = f"{tr('action.awaiting', lang)} {text}"
        add("rule", gap.rule_id, text, (report.institution_type.id, *(a.id for a in gap.also)), _about_gap(gap, lang))
    for weak in report.weaknesses:
        add("weakness", weak.id, weak.recommendation.get(lang), tuple(a.id for a in weak.responsible),
            _about_weakness(weak, lang))
    institution = {"type": report.institution_type.id, "level": report.institution_level.id,
                   "name": report.institution_name, "jurisdiction": report.jurisdiction}
    made_from = {"assessed_on": report.assessed_on, "round": report.round}
    return {"institution": institution, "made_from": made_from, "made_on": made_on,
            "illustrative": report.illustrative, "actions": actions}


def _about_gap(gap: Gap, lang: str) -> str:
    if gap.status is GapStatus.AWAITING_CONFIRMATION:
        answer = tr("given.awaiting", lang)
    else:
        answer = gap.answer_label.get(lang) if gap.answer_label else tr("plan.no_answer", lang)
    flag = f" [{tr('plan.critical', lang)}]" if gap.critical else ""
    return f"{gap.rule_id}{flag} · {gap.title.get(lang)} · {answer} → {gap.target_label.get(lang)}"


def _about_weakness(weak: WeaknessFinding, lang: str) -> str:
    return f"{weak.id} · {weak.title.get(lang)}"


def render_plan(plan: dict[str, Any], lang: str) -> str:
    """The plan as YAML text, each action headed by a comment naming its gap."""
    inst = plan["institution"]
    out = [f"# {line}" for line in tr("plan.head", lang).splitlines()]
    out += ["kind: ActionPlan", "schema_version: 1"]
    if plan.get("illustrative"):
        out.append("illustrative: true")
    out += ["institution:", f"  type: {inst['type']}", f"  level: {inst['level']}", f"  name: {dump_text(inst['name'])}"]
    if inst.get("jurisdiction"):
        out.append(f"  jurisdiction: {dump_text(inst['jurisdiction'])}")
    made_from = plan["made_from"]
    out += ["made_from:", f"  assessed_on: {dump_text(made_from['assessed_on'])}"]
    if made_from.get("round"):
        out.append(f"  round: {dump_text(made_from['round'])}")
    out.append(f"made_on: {dump_text(plan['made_on'])}")
    out.append("actions:" if plan["actions"] else "actions: []")
    for action in plan["actions"]:
        out.append("")
        if action.get("_about"):
            out.append(f"  # {_LINE_BREAKS.sub(' ', action['_about'])}")
        out.append(f"  - id: {dump_text(action['id'])}")
        for key in ("rule", "weakness"):
            if action.get(key):
                out.append(f"    {key}: {action[key]}")
        out.append(f"    action: {dump_text(action['action'])}")
        for key in ("responsible", "with"):
            out.append(f"    {key}: [{', '.join(action.get(key) or [])}]")
        for key in ("owner", "due", "done_on", "notes"):
            value = action.get(key)
            if value is not None or key in ("owner", "due"):
                out.append(f"    {key}: {dump_text(value) if value else ''}".rstrip())
        out.append(f"    status: {action['status']}")
    return "\n".join(out) + "\n"


# Characters that XML 1.0, and so an xlsx cell, cannot hold (ESC from a pasted terminal text...).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: What YAML takes for the end of a line: a comment must not hold one.
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")

#: The hidden sheet's first row says a workbook is an action plan written by brecha.
PLAN_FORMAT = "brecha-action-plan"
#: The hidden sheet (as in the assessment workbook): what the visible sheet cannot say exactly.
PLAN_META_SHEET = "brecha"
#: Columns of the plan sheet, in order; row 3 holds their titles, actions start on :data:`PLAN_FIRST_ROW`.
PLAN_COLUMNS = ("id", "about", "action", "responsible", "with", "owner", "due", "status", "done_on", "notes")
PLAN_FIRST_ROW = 4
#: The columns a coordinator fills in (unlocked).
PLAN_EDITABLE = ("owner", "due", "status", "done_on", "notes")


def actor_names(lib: model.Library, ids: list[str] | tuple[str, ...], lang: str) -> str:
    """Institution types or categories by name, as the plan sheet shows them ("; " between them)."""
    shown = []
    for ident in ids:
        actor = lib.institution_types.get(ident) or lib.categories.get(ident)
        shown.append(actor.name.get(lang) if actor else ident)
    return "; ".join(shown)


def _put(ws: Any, row: int, col: int, value: str | None) -> Any:
    """Write a text cell: never a formula, whatever it starts with (= + - @), and storable in xlsx."""
    cell = ws.cell(row, col)
    if value:
        cell.value = _ILLEGAL.sub("\ufffd", value)
        cell.data_type = "s"  # text stays text: a spreadsheet never runs it
    return cell


def plan_workbook(plan: dict[str, Any], lib: model.Library, lang: str) -> bytes:
    """The plan as an xlsx sheet: a row per action; owner, due date, status, done on and notes to fill in.

    A hidden sheet keeps what the names on the visible one cannot say exactly (institution
    type and level, each action's rule or weakness, the IDs of the institutions named), so
    that the filled sheet reads back into the same plan (:mod:`brecha.planbook`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = tr("plan.sheet", lang)[:31]
    inst = plan["institution"]
    _put(ws, 1, 1, f"{tr('plan.title', lang)}: {inst['name']}").font = Font(bold=True, size=13)
    _put(ws, 2, 1, tr("plan.made_from", lang, date=plan["made_from"]["assessed_on"], made_on=plan["made_on"]))
    for col, key in enumerate(PLAN_COLUMNS, start=1):
        cell = _put(ws, PLAN_FIRST_ROW - 1, col, tr(f"plan.col.{key}", lang))
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    statuses = [s.value for s in model.ActionStatus]
    status = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=False)
    ws.add_data_validation(status)
    status_letter = get_column_letter(PLAN_COLUMNS.index("status") + 1)
    for row, action in enumerate(plan["actions"], start=PLAN_FIRST_ROW):
        values = {"id": action["id"], "about": action.get("_about") or action.get("rule") or action.get("weakness"),
                  "action": action["action"], "responsible": actor_names(lib, action.get("responsible") or [], lang),
                  "with": actor_names(lib, action.get("with") or [], lang), "owner": action.get("owner"),
                  "due": action.get("due"), "status": action["status"], "done_on": action.get("done_on"),
                  "notes": action.get("notes")}
        for col, key in enumerate(PLAN_COLUMNS, start=1):
            value = values[key]
            cell = _put(ws, row, col, str(value) if value else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key in PLAN_EDITABLE:
                cell.protection = Protection(locked=False)
        status.add(f"{status_letter}{row}")
    for col, width in enumerate((8, 50, 60, 30, 30, 25, 14, 14, 14, 40), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{PLAN_FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    _write_meta(wb.create_sheet(PLAN_META_SHEET), plan, lang)
    wb.security.lockStructure = True  # no sheets added, removed or renamed by accident
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_meta(meta: Any, plan: dict[str, Any], lang: str) -> None:
    inst, made_from = plan["institution"], plan["made_from"]
    rows: list[tuple[str | None, ...]] = [
        ("format", PLAN_FORMAT), ("format_version", "1"), ("lang", lang), ("institution", inst["type"]),
        ("level", inst["level"]), ("name", inst["name"]), ("jurisdiction", inst.get("jurisdiction")),
        ("assessed_on", made_from["assessed_on"]), ("round", made_from.get("round")), ("made_on", plan["made_on"]),
        ("illustrative", "true" if plan.get("illustrative") else "false")]
    for action in plan["actions"]:
        kind = "rule" if action.get("rule") else "weakness"
        rows.append(("action", action["id"], kind, action[kind], " ".join(action.get("responsible") or []),
                     " ".join(action.get("with") or [])))
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            _put(meta, row, col, value)
    meta.protection.sheet = True
    meta.sheet_state = "veryHidden"


@record
class PlanDraft:
    """A plan drawn by ``brecha plan``, ready to write as YAML or xlsx."""

    lib: model.Library
    data: dict[str, Any]

    def text(self, lang: str) -> str:
        """The plan as YAML (``kind: ActionPlan``)."""
        return render_plan(self.data, lang)

    def xlsx(self, lang: str) -> bytes:
        """The plan as an xlsx sheet."""
        return plan_workbook(self.data, self.lib, lang)
