"""Self-assessments as spreadsheets: write a workbook to fill in, read a filled one back.

A workbook holds an instructions sheet (with the assessment's header), one sheet per
stage of each rule set (a row per question, the answer as a validated drop-down), and a
hidden ``brecha`` sheet with what the file was made for (institution type, level, rule
sets) and the drop-down lists. Reading it back gives a :class:`~brecha.templating.Draft`,
which becomes assessment YAML through the same writer as ``brecha template``; every
problem found on the way is an :class:`~brecha.errors.Issue` naming its sheet and cell.

openpyxl is imported only inside the functions that need it, so the command line does
not pay for it at start-up.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from brecha import model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location
from brecha.frozen import record
from brecha.i18n import Lang, tr
from brecha.templating import Draft, Template, applicable_rules

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "COLUMNS",
    "FIRST_ROW",
    "META_SHEET",
    "CellReader",
    "ReadBack",
    "WorkbookLimits",
    "answer_choices",
    "build_workbook",
    "cell_issue",
    "evidence_cell",
    "evidence_items",
    "fold",
    "open_workbook",
    "read_workbook",
    "row_cell",
    "sheet_names",
    "sheet_rows",
    "workbook_format",
]

#: The hidden sheet that says what a workbook was made for; also holds the drop-down lists.
META_SHEET = "brecha"
META_FORMAT = "brecha-assessment-workbook"
#: Columns of a question sheet (1-based), in order.
COLUMNS = ("id", "question", "guidance", "answer", "evidence", "notes", "justification", "confirmed_by")
#: First row holding a question on a question sheet (rows above: title, hint, headers).
FIRST_ROW = 4

class _Both:
    """``_WORDS[key]`` is a workbook text in (Spanish, English), from the catalogue: reading a filled
    workbook accepts either language's labels, and problems are worded in both."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        return tr(f"workbook.{key}", Lang.ES), tr(f"workbook.{key}", Lang.EN)


_WORDS = _Both()


def _w(key: str, lang: str) -> str:
    """A workbook text from the catalogue (``workbook.<key>``)."""
    return tr(f"workbook.{key}", lang)


@record
class WorkbookLimits:
    """Bounds on a workbook read back: it comes from outside and may be hostile."""

    max_unzipped: int = 256 * 2**20
    max_sheets: int = 60
    max_rows: int = 5000
    max_text: int = 20000


# ---------------------------------------------------------------------------- choices


def answer_choices(scale: model.Scale) -> dict[str, str]:
    """What an assessor may type for an answer (folded) -> the answer value.

    Values, and their labels in both languages, are accepted, so a workbook filled in
    with the other language's labels still reads.
    """
    found: dict[str, set[str]] = {}
    for level in scale.levels:
        for text in (level.value, level.label.es, level.label.en):
            if text:
                found.setdefault(fold(text), set()).add(level.value)
    for text in (model.NOT_APPLICABLE, *_WORDS["na"]):
        found.setdefault(fold(text), set()).add(model.NOT_APPLICABLE)
    # A text that names two answers (one language's label is another's value) is no answer.
    return {text: values.pop() for text, values in found.items() if len(values) == 1}


def fold(text: str) -> str:
    """A text as compared with what an assessor typed: NFC, case-folded, '_' as a space, blanks collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("_", " ").split())


def _labels(scale: model.Scale, lang: str) -> list[str]:
    return [level.label.get(lang) or level.value for level in scale.levels] + [_w("na", lang)]


def _label_of(scale: model.Scale, value: str | None, lang: str) -> str | None:
    if not value:
        return None
    if value == model.NOT_APPLICABLE:
        return _w("na", lang)
    level = scale.level(value)
    return (level.label.get(lang) or level.value) if level else value


# ---------------------------------------------------------------------------- writing

_BAD_SHEET_CHARS = re.compile(r"[\\/?*\[\]:]")
# Characters that XML 1.0 (and so xlsx) cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _sheet_title(title: str, taken: set[str]) -> str:
    head = title.split(":", 1)[0].strip() if ":" in title else title
    head = _BAD_SHEET_CHARS.sub(" ", head).strip().strip("'") or "?"
    if len(head) > 31:
        head = head[:30].rstrip() + "…"
    name, n = head, 2
    while name.casefold() in taken or name.casefold() in {META_SHEET, "history"}:
        suffix = f" ({n})"
        name, n = head[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


@record
class _Group:
    ruleset: model.RuleSet
    phase: model.Phase | None
    rules: tuple[model.Rule, ...]


def _groups(lib: model.Library, draft: Draft) -> list[_Group]:
    groups: list[_Group] = []
    for rule in applicable_rules(lib, draft):
        rs = lib.rulesets[rule.ruleset_id]
        if groups and groups[-1].ruleset.id == rs.id and (groups[-1].rules[0].phase == rule.phase):
            last = groups[-1]
            groups[-1] = _Group(last.ruleset, last.phase, (*last.rules, rule))
        else:
            phase = next((p for p in rs.phases if p.id == rule.phase), None)
            groups.append(_Group(rs, phase, (rule,)))
    return groups


def sheet_names(lib: model.Library, draft: Draft, lang: str) -> list[str]:
    """The names of the question sheets a workbook for ``draft`` has, in order."""
    taken = {_w("instructions", lang).casefold()}
    return [_sheet_title(g.phase.title.get(lang) if g.phase else g.rules[0].phase, taken)
            for g in _groups(lib, draft)]


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return _ILLEGAL.sub("\ufffd", value)


def _put(ws: Worksheet, row: int, col: int, value: str | None, *, unlocked: bool = False) -> Any:
    from openpyxl.styles import Alignment, Protection

    cell = ws.cell(row=row, column=col)
    if value is not None:
        cell.value = _text(value)
        cell.data_type = "s"  # a text starting with '=' stays text, never a formula
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if unlocked:
        cell.protection = Protection(locked=False)
    return cell


def _guidance(rule: model.Rule, scale: model.Scale, lang: str) -> str:
    lines = []
    for value, guide in rule.guidance.items():
        lines.append(f"{_label_of(scale, value, lang)}: {guide.get(lang)}")
    if rule.evidence_examples:
        lines.append(_w("evidence_examples", lang).format(t=rule.evidence_examples.get(lang)))
    if rule.evidence_from:
        lines.append(_w("evidence_from", lang).format(v=_label_of(scale, rule.evidence_from, lang)))
    return "\n".join(lines)


def build_workbook(lib: model.Library, draft: Draft, lang: str) -> bytes:
    """The workbook of a draft (blank or filled), as the bytes of an .xlsx file.

    Structure cells are locked (sheet protection without a password: it guards against
    slips, not against intent, and reading the file back checks everything anyway);
    answer, evidence, notes and justification cells, and the header's blanks, are not.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    intro = wb.worksheets[0]
    intro.title = _w("instructions", lang)
    meta = wb.create_sheet(META_SHEET)
    _write_meta(meta, draft, lang)
    _write_instructions(intro, lib, draft, lang)

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    lists: dict[tuple[str, str], str] = {}
    taken = {intro.title.casefold()}
    asked: set[str] = set()
    for group in _groups(lib, draft):
        title = group.phase.title.get(lang) if group.phase else group.rules[0].phase
        ws = wb.create_sheet(_sheet_title(title, taken))
        _put(ws, 1, 1, f"{title} ({group.ruleset.id} {group.ruleset.version})").font = Font(bold=True, size=13)
        _put(ws, 2, 1, _w("sheet_hint", lang))
        for col, key in enumerate(COLUMNS, start=1):
            cell = _put(ws, 3, col, _w(key, lang))
            cell.font, cell.fill = bold, header_fill
        validations: dict[tuple[str, str], DataValidation] = {}
        for row, rule in enumerate(group.rules, start=FIRST_ROW):
            asked.add(rule.id)
            scale = group.ruleset.scales[rule.scale]
            scale_key = (group.ruleset.id, scale.id)
            if scale_key not in lists:
                lists[scale_key] = _write_list(meta, len(lists), _labels(scale, lang))
            if scale_key not in validations:
                dv = DataValidation(type="list", formula1=lists[scale_key], allow_blank=True, showDropDown=False,
                                    showErrorMessage=True, errorStyle="stop",
                                    errorTitle=_w("answer", lang), error=", ".join(_labels(scale, lang)))
                ws.add_data_validation(dv)
                validations[scale_key] = dv
            validations[scale_key].add(f"D{row}")
            _fill_row(ws, row, rule, group.ruleset, draft.answers.get(rule.id), lang)
        _finish_sheet(ws)
    others = [rid for rid in sorted(draft.answers) if rid not in asked]
    if others:
        ws = wb.create_sheet(_sheet_title(_w("other", lang), taken))
        _put(ws, 1, 1, _w("other", lang)).font = Font(bold=True, size=13)
        for col, key in enumerate(COLUMNS, start=1):
            cell = _put(ws, 3, col, _w(key, lang))
            cell.font, cell.fill = bold, header_fill
        for row, rid in enumerate(others, start=FIRST_ROW):
            known = lib.rules.get(rid) or lib.rules.get(lib.aliases.get(rid, ""))
            rs = lib.rulesets[known.ruleset_id] if known else None
            _fill_row(ws, row, known, rs, draft.answers[rid], lang, rule_id=rid)
        _finish_sheet(ws)
    meta.sheet_state = "veryHidden"
    wb.security.lockStructure = True  # no sheets added, removed or renamed by accident
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _fill_row(ws: Worksheet, row: int, rule: model.Rule | None, rs: model.RuleSet | None,
              entry: dict[str, Any] | None, lang: str, *, rule_id: str | None = None) -> None:
    entry = entry or {}
    scale = rs.scales[rule.scale] if rule and rs else None
    _put(ws, row, 1, rule_id or (rule.id if rule else ""))
    if rule and rs:
        flag = f" [{_w('critical', lang)}]" if rs.criticalities[rule.criticality].critical else ""
        _put(ws, row, 2, f"{rule.title.get(lang)}{flag}\n{rule.question.get(lang)}")
        _put(ws, row, 3, _guidance(rule, rs.scales[rule.scale], lang))
    value = entry.get("value")
    _put(ws, row, 4, _label_of(scale, value, lang) if scale else value, unlocked=True)
    _put(ws, row, 5, evidence_cell(entry.get("evidence") or []), unlocked=True)
    _put(ws, row, 6, entry.get("notes"), unlocked=True)
    _put(ws, row, 7, entry.get("justification"), unlocked=True)
    _put(ws, row, 8, entry.get("confirmed_by"), unlocked=True)


_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_CHECKED = "✓"
#: Between the parts of a record on its line; a "|" inside a part is written "\\|".
_SEPARATOR = " | "
#: Before each further line of a text that holds line breaks (a line starting with blanks continues the item).
_CONTINUED = "  "
_PIPE = re.compile(r"(\\*)\|")
_ESCAPED_PIPE = re.compile(r"(\\*)\\\|")


def _escape(part: str) -> str:
    """A part as written on an evidence line: every ``|`` gets one more backslash before it."""
    return _PIPE.sub(lambda m: m.group(1) + "\\|", part.strip())


def _unescape(part: str) -> str:
    return _ESCAPED_PIPE.sub(lambda m: m.group(1) + "|", part.strip())


def evidence_line(item: str | dict[str, str]) -> str:
    """An evidence item as the text of a cell: ``title | date | link or file | ✓ verified by``.

    The format reads back unambiguously (:func:`evidence_items`): every ``|`` inside a part
    gets one backslash more before it (``a | b`` is written ``a \\| b``, ``\\|`` is written
    ``\\\\|``), so ``" | "`` only ever separates parts; a line break inside the item is kept
    and the next line indented by two spaces, so it never starts another item. Ends of parts
    are trimmed, as reading them back does.
    """
    if isinstance(item, str):
        line = _escape(item)
    else:
        parts = [item["title"], item.get("date"), item.get("link") or item.get("file"),
                 f"{_CHECKED} {item['verified_by'].strip()}" if item.get("verified_by") else None]
        line = _SEPARATOR.join(_escape(p) for p in parts if p)
    return ("\n" + _CONTINUED).join(line.split("\n"))


def evidence_cell(items: list[str | dict[str, str]] | tuple[str | dict[str, str], ...]) -> str | None:
    """The evidence items of one answer as one cell: a line per item (see :func:`evidence_line`)."""
    return "\n".join(evidence_line(item) for item in items) or None


def evidence_items(text: str | None) -> list[str | dict[str, str]]:
    """The evidence items of a cell: a line per item; a line starting with a blank continues the one before.

    Items with nothing meaningful in them (blank, punctuation only) are left out. Cells written
    before ``|`` was escaped read as they always did unless a backslash stands before a ``|``.
    """
    lines: list[str] = []
    for line in (text or "").split("\n"):
        if lines and line[:1] in (" ", "\t"):
            cut = 2 if line.startswith(_CONTINUED) else 1
            lines[-1] += "\n" + line[cut:]
        else:
            lines.append(line)
    return [evidence_item(line) for line in lines if _meaningful(line)]


def evidence_item(line: str) -> str | dict[str, str]:
    """An evidence line read back: a plain title, or a record when it has ``" | "``-separated parts.

    After the title, a date (YYYY[-MM[-DD]]) is the date, an http(s) address the link, a part
    starting with ✓ who verified it, and anything else the file. ``\\|`` in a part is a ``|``.
    """
    parts = line.split(_SEPARATOR)
    if len(parts) == 1:
        return _unescape(line)
    record = {"title": _unescape(parts[0])}
    for raw in parts[1:]:
        part = _unescape(raw)
        if not part:
            continue
        if _DATE.fullmatch(part) and "date" not in record:
            record["date"] = part
        elif part.startswith(("http://", "https://")) and "link" not in record:
            record["link"] = part
        elif part.startswith(_CHECKED):
            record["verified_by"] = part.removeprefix(_CHECKED).strip()
        else:
            record["file"] = part
    return record


def _finish_sheet(ws: Worksheet) -> None:
    for letter, width in zip("ABCDEFGH", (12, 60, 50, 22, 40, 40, 40, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths and heights may still be changed
    ws.protection.formatRows = False


def _write_list(meta: Worksheet, index: int, labels: list[str]) -> str:
    col = 4 + index
    for row, text in enumerate(labels, start=1):
        _put(meta, row, col, text)
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(col)
    return f"'{META_SHEET}'!${letter}$1:${letter}${len(labels)}"


def _write_meta(meta: Worksheet, draft: Draft, lang: str) -> None:
    rows: list[tuple[str, str]] = [("format", META_FORMAT), ("format_version", "1"), ("lang", lang),
                                   ("institution", draft.institution), ("level", draft.level),
                                   ("illustrative", "true" if draft.illustrative else "false")]
    rows += [("ruleset", f"{rs_id} {version}") for rs_id, version in draft.rulesets]
    for row, (key, value) in enumerate(rows, start=1):
        _put(meta, row, 1, key)
        _put(meta, row, 2, value)
    meta.protection.sheet = True


_FIELDS = ("name", "jurisdiction", "assessed_on", "round")


def _write_instructions(ws: Worksheet, lib: model.Library, draft: Draft, lang: str) -> None:
    from openpyxl.styles import Font

    itype = lib.institution_types.get(draft.institution)
    _put(ws, 1, 1, _w("title", lang)).font = Font(bold=True, size=14)
    _put(ws, 2, 1, _w("howto", lang))
    ws.merge_cells("A2:C2")
    ws.row_dimensions[2].height = 170
    _put(ws, 4, 1, _w("details", lang)).font = Font(bold=True)
    row = 5
    shown = f"{itype.name.get(lang)} ({draft.institution})" if itype else draft.institution
    level = lib.levels.get(draft.level)
    fixed = [("f.institution", shown), ("f.level", f"{level.name.get(lang)} ({draft.level})" if level else draft.level),
             ("f.rulesets", ", ".join(f"{i} {v}" for i, v in draft.rulesets))]
    for key, value in fixed:
        _put(ws, row, 1, _w(key, lang)).font = Font(bold=True)
        _put(ws, row, 2, value)
        row += 1
    values = {"name": draft.name, "jurisdiction": draft.jurisdiction, "assessed_on": draft.assessed_on,
              "round": draft.round}
    for key in _FIELDS:
        _put(ws, row, 1, _w(f"f.{key}", lang)).font = Font(bold=True)
        _put(ws, row, 2, values[key], unlocked=True)
        row += 1
    assessors = [*draft.assessors, *([("", None)] * max(3, 6 - len(draft.assessors)))]
    for name, role in assessors:
        _put(ws, row, 1, _w("f.assessor", lang)).font = Font(bold=True)
        _put(ws, row, 2, name or None, unlocked=True)
        _put(ws, row, 3, role or None, unlocked=True)
        row += 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 40
    ws.protection.sheet = True


class WorkbookTemplate(Template):
    """A self-assessment document that writes itself as YAML text or as a workbook."""

    __slots__ = ()

    def xlsx(self, lang: str) -> bytes:
        """The workbook, labels and instructions in ``lang``."""
        return build_workbook(self.lib, self.draft, lang)


# ---------------------------------------------------------------------------- reading


def cell_issue(path: str, sheet: str, cell: str | None, code: Code, key: str, *,
               es_args: dict[str, Any] | None = None, **args: Any) -> Issue:
    """A problem in one cell (or sheet), with its message in both languages.

    ``es_args`` replaces some of ``args`` in the Spanish message (e.g. a list of labels).
    """
    def say(lang: int) -> str:
        where = _WORDS["at" if cell else "at_sheet"][lang].format(sheet=sheet, cell=cell)
        return where + _WORDS[key][lang].format(**(args | (es_args or {}) if lang == 0 else args))

    return Issue(Location(path), code, say(1), es=say(0))


class CellReader:
    """Collects the problems of one workbook while reading it."""

    def __init__(self, path: str, lib: model.Library, limits: WorkbookLimits) -> None:
        self.path = path
        self.lib = lib
        self.limits = limits
        self.issues: list[Issue] = []
        self.origins: dict[str, tuple[Location, str, str]] = {}

    def where(self, sheet: str, cell: str) -> tuple[Location, str, str]:
        """The origin of a value: this file, and "sheet 'X', cell D4: " in English and Spanish."""
        return (Location(self.path), _WORDS["at"][1].format(sheet=sheet, cell=cell),
                _WORDS["at"][0].format(sheet=sheet, cell=cell))

    def fail(self, sheet: str, cell: str | None, code: Code, key: str, **args: Any) -> None:
        self.issues.append(cell_issue(self.path, sheet, cell, code, key, **args))

    def text(self, sheet: str, cell: Any) -> str | None:
        """A cell's content as text (None when blank); numbers and dates become text."""
        value = cell.value
        where = cell.coordinate
        if value is None:
            return None
        if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s" and value.startswith("=")):
            self.fail(sheet, where, Code.FORMULA, "e.formula")
            return None
        if isinstance(value, bool):
            self.fail(sheet, where, Code.CELL_TYPE, "e.type", t=str(value).upper())
            return None
        if isinstance(value, int):
            value = str(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.fail(sheet, where, Code.CELL_TYPE, "e.type", t=str(value))
                return None
            value = str(int(value)) if value.is_integer() else repr(value)
        elif isinstance(value, datetime.datetime):
            value = value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
        elif isinstance(value, datetime.date | datetime.time):
            value = value.isoformat()
        elif not isinstance(value, str):
            self.fail(sheet, where, Code.CELL_TYPE, "e.type", t=type(value).__name__)
            return None
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
            self.fail(sheet, where, Code.CELL_TYPE, "e.control")
            return None
        if len(value) > self.limits.max_text:
            self.fail(sheet, where, Code.TOO_LARGE, "e.long", n=self.limits.max_text)
            return None
        value = value.strip()
        return value or None


def open_workbook(data: bytes, path: str, limits: WorkbookLimits) -> Any:
    """Open untrusted xlsx bytes read-only, after checking their unzipped size."""
    def refuse(code: Code, key: str, why: str = "", **args: Any) -> InputError:
        # ``why`` is a workbook text too: the libraries' own reasons are English whatever the reader's language
        message = (_WORDS[key][1].format(**args, why=_WORDS[why][1].format(**args) if why else ""),
                   _WORDS[key][0].format(**args, why=_WORDS[why][0].format(**args) if why else ""))
        return InputError([Issue(Location(path), code, message[0], es=message[1])])

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            total = sum(e.file_size for e in entries)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(Code.NOT_WORKBOOK, "e.not_workbook", "e.not_zip") from None
    if total > limits.max_unzipped or len(entries) > 10_000:
        raise refuse(Code.TOO_LARGE, "e.too_large", n=limits.max_unzipped // 2**20)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl reports a damaged file with many exception types
        raise refuse(Code.NOT_WORKBOOK, "e.not_workbook", "e.damaged", kind=type(exc).__name__) from None


def sheet_rows(ws: Any, reader: CellReader, first: int, cols: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a sheet from ``first`` that hold anything, ``cols`` cells each, within the row limit."""
    for count, row in enumerate(ws.iter_rows(min_row=first, max_col=cols), start=0):
        if count >= reader.limits.max_rows:
            reader.fail(ws.title, None, Code.TOO_LARGE, "e.rows", n=reader.limits.max_rows)
            return
        cells = tuple(row) + (None,) * (cols - len(row))
        if all(c is None or getattr(c, "value", None) is None for c in cells):
            continue
        yield first + count, cells


def row_cell(cells: tuple[Any, ...], index: int) -> Any:
    """One cell of a row from :func:`sheet_rows` (None when it is empty)."""
    cell = cells[index]
    if cell is None or not hasattr(cell, "coordinate"):  # an empty cell of a read-only sheet
        return None
    return cell


def is_brecha_workbook(data: bytes, path: str, limits: WorkbookLimits | None = None) -> bool:
    """Whether xlsx bytes are a workbook written by brecha (a self-assessment or a plan: it has the hidden sheet)."""
    return workbook_format(data, path, limits) is not None


def workbook_format(data: bytes, path: str, limits: WorkbookLimits | None = None) -> str | None:
    """What a workbook written by brecha holds, as its hidden sheet's first row says (None: not brecha's).

    ``brecha-assessment-workbook`` (:func:`build_workbook`) or ``brecha-action-plan``
    (:func:`brecha.planning.plan_workbook`); a hidden sheet without that row gives ``""``.
    """
    wb = open_workbook(data, path, limits or WorkbookLimits())
    try:
        if META_SHEET not in wb.sheetnames:
            return None
        for key, value in wb[META_SHEET].iter_rows(min_row=1, max_row=1, min_col=1, max_col=2, values_only=True):
            return value if key == "format" and isinstance(value, str) else ""
        return ""
    finally:
        wb.close()


@record
class ReadBack:
    """A workbook read back: the draft, and the cell each value came from (by JSON pointer)."""

    draft: Draft
    origins: dict[str, tuple[Location, str, str]]
    """JSON pointer -> the cell's location and the words naming it, in English and Spanish."""


def read_workbook(data: bytes, path: str, lib: model.Library, *,
                  limits: WorkbookLimits | None = None) -> ReadBack:
    """Read a filled workbook written by :func:`build_workbook` into a draft.

    Raises:
        InputError: every problem found, each naming its sheet and cell.
    """
    limits = limits or WorkbookLimits()
    wb = open_workbook(data, path, limits)
    try:
        reader = CellReader(path, lib, limits)
        names = list(wb.sheetnames)
        if len(names) > limits.max_sheets:
            raise InputError([cell_issue(path, names[0], None, Code.TOO_LARGE, "e.sheets", n=limits.max_sheets)])
        if META_SHEET not in names:
            raise InputError([Issue(Location(path), Code.NOT_WORKBOOK, _WORDS["e.no_meta"][1], es=_WORDS["e.no_meta"][0])])
        draft = _read_meta(wb[META_SHEET], reader)
        intro = names[0] if names[0] != META_SHEET else None
        if intro is not None:
            _read_instructions(wb[intro], reader, draft)
        seen: dict[str, tuple[str, int]] = {}
        for name in names:
            if name in (META_SHEET, intro):
                continue
            _read_answers(wb[name], reader, draft, seen)
    finally:
        wb.close()
    if reader.issues:
        raise InputError(reader.issues)
    return ReadBack(draft, reader.origins)


def _read_meta(ws: Any, reader: CellReader) -> Draft:
    values: dict[str, list[str]] = {}
    for _row, cells in sheet_rows(ws, reader, 1, 2):
        key_cell, value_cell = row_cell(cells, 0), row_cell(cells, 1)
        key = reader.text(ws.title, key_cell) if key_cell else None
        value = reader.text(ws.title, value_cell) if value_cell else None
        if key and value:
            values.setdefault(key, []).append(value)

    def damaged(why: str) -> InputError:
        return InputError([*reader.issues, Issue(Location(reader.path), Code.NOT_WORKBOOK,
                                                 _WORDS["e.meta"][1].format(why=why),
                                                 es=_WORDS["e.meta"][0].format(why=why))])

    if values.get("format") != [META_FORMAT]:
        raise damaged("format")
    institution = (values.get("institution") or [""])[0]
    level = (values.get("level") or [""])[0]
    itype = reader.lib.institution_types.get(institution)
    if itype is None:
        raise damaged(f"institution {institution!r}")
    if level not in itype.levels:
        raise damaged(f"level {level!r}")
    rulesets: list[tuple[str, str]] = []
    for item in values.get("ruleset", []):
        parts = item.split()
        if len(parts) != 2 or parts[0] not in reader.lib.rulesets:
            raise damaged(f"ruleset {item!r}")
        rulesets.append((parts[0], parts[1]))
    if not rulesets:
        raise damaged("ruleset")
    return Draft(institution=institution, level=level, name="", assessed_on="", rulesets=rulesets,
                 illustrative=values.get("illustrative") == ["true"])


def _read_instructions(ws: Any, reader: CellReader, draft: Draft) -> None:
    labels = {fold(text): key for key in (*_FIELDS, "assessor") for text in _WORDS[f"f.{key}"]}
    found: dict[str, str | None] = {}
    for row, cells in sheet_rows(ws, reader, 1, 3):
        label_cell = row_cell(cells, 0)
        if label_cell is None or not isinstance(label_cell.value, str):
            continue
        key = labels.get(fold(label_cell.value))
        if key is None:
            continue
        value_cell = row_cell(cells, 1)
        value = reader.text(ws.title, value_cell) if value_cell else None
        if key == "assessor":
            role_cell = row_cell(cells, 2)
            role = reader.text(ws.title, role_cell) if role_cell else None
            if value:
                where = f"/assessors/{len(draft.assessors)}"
                reader.origins[where] = reader.origins[f"{where}/name"] = reader.where(ws.title, f"B{row}")
                reader.origins[f"{where}/role"] = reader.where(ws.title, f"C{row}")
                draft.assessors.append((value, role))
            continue
        found[key] = value
        reader.origins["/institution/" + key if key in ("name", "jurisdiction") else "/" + key] = reader.where(ws.title, f"B{row}")
        if key == "assessed_on" and value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            reader.fail(ws.title, value_cell.coordinate if value_cell else None, Code.SCHEMA, "e.date", v=value)
    for key in ("name", "assessed_on"):
        if not found.get(key):
            reader.fail(ws.title, None, Code.SCHEMA, "e.required", field=_w(f"f.{key}", "en"))
    draft.name = found.get("name") or ""
    draft.assessed_on = found.get("assessed_on") or ""
    draft.jurisdiction = found.get("jurisdiction")
    draft.round = found.get("round")


def _read_answers(ws: Any, reader: CellReader, draft: Draft, seen: dict[str, tuple[str, int]]) -> None:
    lib = reader.lib
    sheet = ws.title
    for row, cells in sheet_rows(ws, reader, FIRST_ROW, len(COLUMNS)):
        id_cell = row_cell(cells, 0)
        rule_id = reader.text(sheet, id_cell) if id_cell else None
        answer_cell, evidence_cell, notes_cell, just_cell, confirmed_cell = (row_cell(cells, i) for i in (3, 4, 5, 6, 7))
        value_text = reader.text(sheet, answer_cell) if answer_cell else None
        evidence = reader.text(sheet, evidence_cell) if evidence_cell else None
        notes = reader.text(sheet, notes_cell) if notes_cell else None
        justification = reader.text(sheet, just_cell) if just_cell else None
        confirmed_by = reader.text(sheet, confirmed_cell) if confirmed_cell else None
        if not rule_id:
            if value_text or evidence or notes or justification or confirmed_by:
                reader.fail(sheet, f"A{row}", Code.UNKNOWN_RULE, "e.no_id")
            continue
        rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
        if rule is None:
            reader.fail(sheet, f"A{row}", Code.UNKNOWN_RULE, "e.unknown_rule", v=rule_id)
            continue
        if rule_id in seen:
            first_sheet, first_row = seen[rule_id]
            reader.fail(sheet, f"A{row}", Code.DUPLICATE_ID, "e.duplicate", v=rule_id, other=first_sheet, row=first_row)
            continue
        seen[rule_id] = (sheet, row)
        pointer = "/answers/" + rule_id.replace("~", "~0").replace("/", "~1")
        reader.origins[pointer] = reader.where(sheet, f"A{row}")
        for field, letter in (("value", "D"), ("evidence", "E"), ("notes", "F"), ("justification", "G"),
                              ("confirmed_by", "H")):
            reader.origins[f"{pointer}/{field}"] = reader.where(sheet, f"{letter}{row}")
        scale = lib.rulesets[rule.ruleset_id].scales[rule.scale]
        value = None
        if value_text:
            value = answer_choices(scale).get(fold(value_text))
            if value is None:
                reader.issues.append(cell_issue(
                    reader.path, sheet, f"D{row}", Code.UNKNOWN_VALUE, "e.value", v=value_text, rule=rule_id,
                    allowed=", ".join(_labels(scale, "en")), es_args={"allowed": ", ".join(_labels(scale, "es"))}))
                continue
        if value == model.NOT_APPLICABLE and not _meaningful(justification):
            reader.fail(sheet, f"D{row}", Code.JUSTIFICATION, "e.justification", target=f"G{row}")
            continue
        items = evidence_items(evidence)
        if value is None and not (items or notes or justification):
            continue
        entry: dict[str, Any] = {"value": value, "evidence": items}
        if notes:
            entry["notes"] = notes
        if justification:
            entry["justification"] = justification
        if confirmed_by and value == model.NOT_APPLICABLE:  # who confirmed it does not apply
            entry["confirmed_by"] = confirmed_by
        draft.answers[rule_id] = entry


def _meaningful(text: str | None) -> bool:
    """Whether a text says something: blank or punctuation only is nothing."""
    return bool(text) and any(ch.isalnum() for ch in text or "")
