"""Mobile forms: the questionnaire as an XLSForm, and its submissions read back.

XLSForm is the spreadsheet format KoBoToolbox and ODK Collect build forms from. The form
asks one institution type at one level what ``brecha template`` asks, in Spanish and
English, a group per stage; hidden ``calculate`` fields carry the institution type,
level and rule-set versions into every submission, so that an export of submissions
(xlsx or CSV, with values or labels, with or without group names in the headers) reads
back into one self-assessment per submission.

Two repeat groups collect what a submission may hold several of: its assessors, and dated
evidence entries (each naming the question it supports). An xlsx export holds a sheet per
repeat group whose rows name their submission; each submission gets its own rows, and
hidden counts catch an export (a CSV one) that left the repeats out.

openpyxl is imported only inside the functions that need it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from typing import Any

from brecha import model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location
from brecha.frozen import record
from brecha.i18n import Lang, tr
from brecha.templating import Draft, applicable_rules, new_draft
from brecha.workbook import WorkbookLimits, answer_choices, evidence_items

__all__ = ["LANGUAGE_COLUMNS", "Form", "Submission", "build_xlsform", "is_csv_archive", "read_submissions"]

#: XLSForm language names, as KoBoToolbox and ODK show them.
LANGUAGE_COLUMNS = {"es": "Español (es)", "en": "English (en)"}
_LANGS = ("es", "en")


#: Names of the hidden fields that say what a submission answers.
META_FIELDS = ("brecha_institution", "brecha_level", "brecha_rulesets")
#: The form's repeat groups: one entry per assessor, one per evidence document.
ASSESSORS = "assessors"
EVIDENCE = "evidence"
#: Hidden fields counting each repeat's entries (so an export that drops repeats is noticed).
COUNTS = {ASSESSORS: "brecha_assessor_count", EVIDENCE: "brecha_evidence_count"}
_EVIDENCE_FIELDS = ("ev_rule", "ev_title", "ev_date", "ev_link", "ev_file", "ev_verified_by")
_HEADER_FIELDS = ("inst_name", "jurisdiction", "assessed_on", "round", "assessor", "assessor_role")
_SUFFIXES = ("evidence", "notes", "justification", "confirmed_by")


class _Both:
    """``_WORDS[key]`` is a form text in (Spanish, English), from the catalogue (``xlsform.<key>``)."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        return tr(f"xlsform.{key}", Lang.ES), tr(f"xlsform.{key}", Lang.EN)


_WORDS = _Both()


def _w(key: str, lang: str) -> str:
    return tr(f"xlsform.{key}", lang)


def _both(key: str, **args: Any) -> dict[str, str]:
    return {lang: _w(key, lang).format(**args) for lang in _LANGS}


def _plain(text: str) -> str:
    # ${...} in a label is a reference to another field in XLSForm: content never means one.
    return text.replace("${", "$ {")


def _list_name(rs: model.RuleSet, scale: model.Scale) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", f"{rs.id}_{scale.id}")


def _group_name(rs_id: str, phase: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"g_{rs_id}_{phase}")


def _label_row(texts: dict[str, str]) -> list[str]:
    return [_plain(texts.get(lang, "")) for lang in _LANGS]


@record
class Form:
    """What ``brecha export xlsform`` writes a form for: an institution type and level, some rule sets."""

    lib: model.Library
    institution: str
    level: str
    rulesets: tuple[str, ...] = ()

    def xlsx(self, lang: str) -> bytes:
        """The XLSForm as .xlsx bytes (it holds both languages whatever ``lang``)."""
        return build_xlsform(self.lib, self.institution, self.level, rulesets=self.rulesets)


def build_xlsform(lib: model.Library, institution: str, level: str, *, rulesets: Sequence[str] = ()) -> bytes:
    """An XLSForm (.xlsx bytes) asking one institution type and level, in Spanish and English.

    Raises:
        UsageError: unknown institution type, level or rule set, or nothing to ask.
    """
    draft = new_draft(lib, institution, level, date="", rulesets=rulesets)
    itype = lib.institution_types[institution]
    level_name = lib.levels[level].name if level in lib.levels else model.Text(es=level, en=level)
    labels = [f"label::{LANGUAGE_COLUMNS[lang]}" for lang in _LANGS]
    hints = [f"hint::{LANGUAGE_COLUMNS[lang]}" for lang in _LANGS]
    messages = [f"constraint_message::{LANGUAGE_COLUMNS[lang]}" for lang in _LANGS]
    survey: list[list[str]] = [["type", "name", *labels, *hints, "required", "relevant", "constraint", *messages,
                                "calculation", "appearance"]]

    def row(kind: str, name: str, label: dict[str, str] | None = None, hint: dict[str, str] | None = None, *,
            required: bool = False, relevant: str = "", constraint: str = "", message: dict[str, str] | None = None,
            calculation: str = "", appearance: str = "") -> None:
        survey.append([kind, name, *_label_row(label or {}), *_label_row(hint or {}), "yes" if required else "",
                       relevant, constraint, *_label_row(message or {}), calculation, appearance])

    row("calculate", "brecha_institution", calculation=f"'{institution}'")
    row("calculate", "brecha_level", calculation=f"'{level}'")
    row("calculate", "brecha_rulesets", calculation="'" + " ".join(f"{i}@{v}" for i, v in draft.rulesets) + "'")
    row("begin_group", "details", _both("details"))
    row("text", "inst_name", _both("name"), required=True)
    row("text", "jurisdiction", _both("jurisdiction"),
        constraint="regex(., '^[A-Z]{2}(-[A-Z0-9]{1,3})?$')", message=_both("jurisdiction_bad"))
    row("date", "assessed_on", _both("assessed_on"), required=True)
    row("text", "round", _both("round"))
    # One entry per assessor: a team fills one form together and names everyone in it.
    row("begin_repeat", ASSESSORS, _both("assessors"))
    row("text", "assessor", _both("assessor"), required=True)
    row("text", "assessor_role", _both("assessor_role"))
    row("end_repeat", "")
    row("end_group", "")

    choices: list[list[str]] = [["list_name", "name", *labels]]
    lists: set[str] = set()
    group: tuple[str, str] | None = None
    for rule in applicable_rules(lib, draft):
        rs = lib.rulesets[rule.ruleset_id]
        if (rs.id, rule.phase) != group:
            if group is not None:
                row("end_group", "")
            group = (rs.id, rule.phase)
            phase = next((p for p in rs.phases if p.id == rule.phase), None)
            title = {lang: (phase.title.get(lang) if phase else rule.phase) + f" ({rs.id})" for lang in _LANGS}
            row("begin_group", _group_name(rs.id, rule.phase), title)
        scale = rs.scales[rule.scale]
        list_name = _list_name(rs, scale)
        if list_name not in lists:
            lists.add(list_name)
            for lv in scale.levels:
                choices.append([list_name, lv.value, *_label_row({g: lv.label.get(g) for g in _LANGS})])
            choices.append([list_name, model.NOT_APPLICABLE, *_label_row(_both("na"))])
        critical = rs.criticalities[rule.criticality].critical
        label = {g: f"{rule.id} · {rule.title.get(g)}" + (f" [{_w('critical', g)}]" if critical else "")
                 + f"\n{rule.question.get(g)}" for g in _LANGS}
        hint = {g: _hint(rule, scale, g) for g in _LANGS}
        if model.never_not_applicable(rule, lib.institution_types.get(draft.institution), draft.level):
            # an absolute duty the institution holds: kept or breached, never not applicable
            row(f"select_one {list_name}", rule.id, label, hint, constraint=f". != '{model.NOT_APPLICABLE}'",
                message=_both("na_absolute"))
        else:
            row(f"select_one {list_name}", rule.id, label, hint)
        row("text", f"{rule.id}_evidence", _both("evidence"),
            {g: rule.evidence_examples.get(g) for g in _LANGS} if rule.evidence_examples else None,
            appearance="multiline")
        row("text", f"{rule.id}_notes", _both("notes"), appearance="multiline")
        row("text", f"{rule.id}_justification", _both("justification"), required=True,
            relevant=f"${{{rule.id}}} = '{model.NOT_APPLICABLE}'",
            constraint="regex(., '[A-Za-z0-9À-ÿ]')", message=_both("justification_bad"), appearance="multiline")
        if critical and not model.never_not_applicable(rule, lib.institution_types.get(draft.institution),
                                                       draft.level):
            row("text", f"{rule.id}_confirmed_by", _both("confirmed_by"), _both("confirmed_by_hint"),
                relevant=f"${{{rule.id}}} = '{model.NOT_APPLICABLE}'",
                constraint="regex(., '[A-Za-z0-9À-ÿ]')", message=_both("justification_bad"))
    if group is not None:
        row("end_group", "")
    # One entry per document, with its date, link or file and who checked it (a dated record),
    # for the question it supports; the multiline evidence text of each question stays for quick notes.
    rule_list = "brecha_rules"
    for rule in applicable_rules(lib, draft):
        choices.append([rule_list, rule.id, *_label_row({g: f"{rule.id} · {rule.title.get(g)}" for g in _LANGS})])
    row("begin_repeat", EVIDENCE, _both("ev_group"), _both("ev_group_hint"))
    row(f"select_one {rule_list}", "ev_rule", _both("ev_rule"), required=True, appearance="minimal")
    row("text", "ev_title", _both("ev_title"), required=True,
        constraint="regex(., '[A-Za-z0-9À-ÿ]')", message=_both("justification_bad"))
    row("date", "ev_date", _both("ev_date"))
    row("text", "ev_link", _both("ev_link"), constraint="regex(., '^https?://[^ ]+$')", message=_both("ev_link_bad"))
    row("text", "ev_file", _both("ev_file"), relevant="${ev_link} = ''")
    row("text", "ev_verified_by", _both("ev_verified_by"))
    row("end_repeat", "")
    # How many entries each repeat holds, in the main table of every export: an export that
    # leaves repeats out (KoBoToolbox's CSV) is caught instead of read as having none.
    row("calculate", COUNTS[ASSESSORS], calculation=f"count(${{{ASSESSORS}}})")
    row("calculate", COUNTS[EVIDENCE], calculation=f"count(${{{EVIDENCE}}})")
    settings = [["form_title", "form_id", "version", "default_language"],
                [_w("form_title", "es").format(name=itype.name.get("es"), level=level_name.get("es")),
                 re.sub(r"[^A-Za-z0-9_]", "_", f"brecha_{institution}_{level}"),
                 "_".join(f"{i}-{v}" for i, v in draft.rulesets),
                 LANGUAGE_COLUMNS["es"]]]
    return _xlsx({"survey": survey, "choices": choices, "settings": settings})


def _hint(rule: model.Rule, scale: model.Scale, lang: str) -> str:
    lines = []
    for value, guide in rule.guidance.items():
        level = scale.level(value)
        lines.append(f"{level.label.get(lang) if level else value}: {guide.get(lang)}")
    if rule.evidence_from:
        level = scale.level(rule.evidence_from)
        lines.append(_w("evidence_from", lang).format(v=level.label.get(lang) if level else rule.evidence_from))
    return "\n".join(lines)


def _xlsx(sheets: dict[str, list[list[str]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value:
                    cell = ws.cell(row=r, column=c)
                    cell.value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value)  # not storable in xlsx
                    cell.data_type = "s"  # never a formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- reading


@record
class Submission:
    """One submission read back: a draft, where each of its values came from, and its ordinal."""

    index: int
    draft: Draft
    origins: dict[str, tuple[Location, str, str]]


@record
class _Cell:
    value: Any
    where: str  # "D14" in a workbook; the column's header in a CSV file
    line: int  # the row in a CSV file (0 in a workbook)
    col: int
    formula: bool = False


class _Table:
    """The header and rows of an export, the same for an xlsx sheet and a CSV file."""

    def __init__(self, path: str, sheet: str | None, header: list[str], rows: list[tuple[int, list[_Cell]]],
                 issues: list[Issue] | None = None) -> None:
        self.path = path
        self.sheet = sheet
        self.header = header
        self.rows = rows
        self.issues: list[Issue] = [] if issues is None else issues  # shared by the sheets of one export
        self.said: set[str] = set()  # problems of the whole table, said once rather than for every row

    @property
    def name(self) -> str:
        """The sheet's name, or the CSV file's (inside a zip: the member's)."""
        return self.sheet if self.sheet is not None else self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def where(self, cell: _Cell | None) -> _Cell:
        """A cell to name in a problem: ``cell``, or the sheet's (or file's) first header cell."""
        return cell or _Cell(None, "A1" if self.sheet is not None else (self.header[0] if self.header else "1"), 1, 1)

    def place(self, cell: _Cell) -> tuple[Location, str, str]:
        if self.sheet is not None:
            return (Location(self.path), _WORDS["at_cell"][1].format(sheet=self.sheet, cell=cell.where),
                    _WORDS["at_cell"][0].format(sheet=self.sheet, cell=cell.where))
        return (Location(self.path, cell.line, cell.col), _WORDS["at_column"][1].format(column=cell.where),
                _WORDS["at_column"][0].format(column=cell.where))

    def fail(self, cell: _Cell, code: Code, key: str, es_args: dict[str, Any] | None = None, **args: Any) -> None:
        location, en, es = self.place(cell)
        self.issues.append(Issue(location, code, en + _WORDS[key][1].format(**args),
                                 es=es + _WORDS[key][0].format(**(args | (es_args or {})))))

    def origin(self, cell: _Cell) -> tuple[Location, str, str]:
        return self.place(cell)

    def text(self, cell: _Cell | None, limit: int) -> str | None:
        if cell is None or cell.value is None:
            return None
        if cell.formula:
            self.fail(cell, Code.FORMULA, "e.formula")
            return None
        value = cell.value
        if isinstance(value, bool):
            value = str(value).lower()
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))
        elif hasattr(value, "isoformat"):
            value = value.isoformat()[:10] if type(value).__name__ == "datetime" and value.time().isoformat() \
                == "00:00:00" else value.isoformat()
        value = str(value).replace("\r\n", "\n").replace("\r", "\n")
        if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
            self.fail(cell, Code.CELL_TYPE, "e.control")
            return None
        if len(value) > limit:
            self.fail(cell, Code.TOO_LARGE, "e.long", n=limit)
            return None
        return value.strip() or None


def is_csv_archive(data: bytes) -> bool:
    """Whether bytes are a zip of CSV files (ODK Central's export with repeat groups), not an xlsx workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "xl/workbook.xml" not in names and any(n.lower().endswith(".csv") for n in names)


def _archive_tables(data: bytes, path: str, limits: WorkbookLimits) -> list[_Table]:
    """The CSV files of a zip (ODK Central, ODK Briefcase): the submissions, and a file per repeat group.

    The file holding the form's hidden fields comes first; each file is named in problems as
    ``ARCHIVE/FILE.csv``. Media files are left alone.
    """
    def refuse(key: str, **args: Any) -> InputError:
        return InputError([Issue(Location(path), Code.NOT_WORKBOOK, _WORDS[key][1].format(**args),
                                 es=_WORDS[key][0].format(**args))])

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv") and not m.is_dir()]
        if len(members) > limits.max_sheets:
            raise refuse("e.sheets", n=limits.max_sheets)
        if sum(m.file_size for m in members) > limits.max_unzipped:
            raise refuse("e.too_large", n=limits.max_unzipped // 2**20)
        issues: list[Issue] = []
        tables = []
        for member in members:
            table = _csv_table(archive.read(member), f"{path}/{member.filename}", limits)
            table.issues = issues
            tables.append(table)
    tables.sort(key=lambda t: not all(f in _columns(t.header, set(META_FIELDS)) for f in META_FIELDS))
    return tables


def _csv_table(data: bytes, path: str, limits: WorkbookLimits) -> _Table:
    def refuse(key: str, **args: Any) -> InputError:
        return InputError([Issue(Location(path), Code.NOT_WORKBOOK, _WORDS[key][1].format(**args),
                                 es=_WORDS[key][0].format(**args))])

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("e.encoding") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[tuple[int, list[_Cell]]] = []
    header: list[str] = []
    try:
        end = 0
        for record in reader:
            line, end = end + 1, reader.line_num  # a record's first line (a cell may hold line breaks)
            if not header:
                header = [h.strip() for h in record]
                continue
            if len(rows) >= limits.max_rows:
                raise refuse("e.rows", n=limits.max_rows)
            if not any(v.strip() for v in record):
                continue
            rows.append((line, [_Cell(v, header[i] if i < len(header) else str(i + 1), line, i + 1)
                                for i, v in enumerate(record)]))
    except csv.Error as exc:  # its text is English whatever the reader's language: worded from the catalogue
        said = str(exc)
        why = _WORDS["e.csv_nul" if "NUL" in said else "e.csv_field" if "field larger" in said else "e.csv_format"]
        raise InputError([Issue(Location(path), Code.NOT_WORKBOOK,
                                _WORDS["e.csv"][1].format(why=why[1].format(line=reader.line_num)),
                                es=_WORDS["e.csv"][0].format(why=why[0].format(line=reader.line_num)))]) from None
    return _Table(path, None, header, rows)


def _xlsx_tables(data: bytes, path: str, limits: WorkbookLimits) -> list[_Table]:
    """Every sheet of an xlsx export: the submissions first, then a sheet per repeat group (KoBoToolbox)."""
    from openpyxl.utils import get_column_letter

    from brecha.workbook import open_workbook

    wb = open_workbook(data, path, limits)
    issues: list[Issue] = []
    tables = []
    try:
        if len(wb.worksheets) > limits.max_sheets:
            raise InputError([Issue(Location(path), Code.TOO_LARGE, _WORDS["e.sheets"][1].format(n=limits.max_sheets),
                                    es=_WORDS["e.sheets"][0].format(n=limits.max_sheets))])
        for ws in wb.worksheets:
            header: list[str] = []
            rows: list[tuple[int, list[_Cell]]] = []
            for number, cells in enumerate(ws.iter_rows(values_only=False), start=1):
                values = [(c.value, getattr(c, "data_type", None) == "f") for c in cells]
                if not header:
                    header = [str(v).strip() if v is not None else "" for v, _ in values]
                    continue
                if len(rows) >= limits.max_rows:
                    raise InputError([Issue(Location(path), Code.TOO_LARGE,
                                            _WORDS["e.rows"][1].format(n=limits.max_rows),
                                            es=_WORDS["e.rows"][0].format(n=limits.max_rows))])
                if all(v is None for v, _ in values):
                    continue
                rows.append((number, [_Cell(v, f"{get_column_letter(i + 1)}{number}", 0, i + 1, formula=f)
                                      for i, (v, f) in enumerate(values)]))
            tables.append(_Table(path, ws.title, header, rows, issues))
        return tables
    finally:
        wb.close()


def _columns(header: list[str], fields: set[str]) -> dict[str, int]:
    """Which column holds which field: exactly, or after a group path ('grp/F', 'grp-F', 'grp:F')."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        matches = [f for f in fields if title == f or any(title.endswith(sep + f) for sep in "/-:.")]
        if matches:
            best = max(matches, key=len)
            found.setdefault(best, index)
    return found


#: How a repeat group's row names its submission, most exact first: (column in the repeat's
#: table, column in the submissions' table). KoBoToolbox's xlsx export writes the first
#: three (``_submission__uuid`` and ``_submission__id`` when asked to, ``_parent_index``
#: always); ODK Briefcase and Central write ``PARENT_KEY`` and ``KEY``.
_LINKS = (("_submission__uuid", "_uuid"), ("_submission__id", "_id"), ("_parent_index", "_index"),
          ("PARENT_KEY", "KEY"))


def read_submissions(data: bytes, path: str, lib: model.Library, *,
                     limits: WorkbookLimits | None = None) -> tuple[Submission, ...]:
    """Read a KoBoToolbox or ODK export (xlsx or CSV) of a brecha form: one draft per submission.

    In an xlsx export the first sheet holds the submissions and each repeat group has its
    own sheet, its rows linked to their submission (see :data:`_LINKS`): every assessor and
    every evidence entry is kept with its own submission, never with another's.

    Raises:
        InputError: every problem found, located by sheet and cell (xlsx) or row and column (CSV).
    """
    limits = limits or WorkbookLimits()
    if data[:2] != b"PK":
        tables = [_csv_table(data, path, limits)]
    elif is_csv_archive(data):
        tables = _archive_tables(data, path, limits)
    else:
        tables = _xlsx_tables(data, path, limits)
    table = tables[0]
    meta = _columns(table.header, set(META_FIELDS))
    missing = [f for f in META_FIELDS if f not in meta]
    if missing:
        raise InputError([Issue(Location(path), Code.NOT_WORKBOOK, _WORDS["e.not_export"][1].format(cols=", ".join(missing)),
                                es=_WORDS["e.not_export"][0].format(cols=", ".join(missing)))])
    if not table.rows:
        raise InputError([Issue(Location(path), Code.NOT_WORKBOOK, _WORDS["e.empty"][1], es=_WORDS["e.empty"][0])])
    _check_unique(table)
    repeats = _repeats(table, tables[1:])
    submissions = []
    for index, (_number, cells) in enumerate(table.rows, start=1):
        linked = {kind: rows.get(index - 1, []) for kind, (_t, rows) in repeats.items()}
        submission = _submission(table, lib, index, cells, meta, limits, linked, repeats)
        if submission is not None:
            submissions.append(submission)
    if table.issues:
        raise InputError(table.issues)
    return tuple(submissions)


_Linked = dict[int, list[list[_Cell]]]
"""Rows of a repeat group's table by the submission (its position among the submissions' rows) they belong to."""


def _repeats(main: _Table, others: list[_Table]) -> dict[str, tuple[_Table, _Linked]]:
    """The form's repeat groups found among the other sheets, each row linked to its submission.

    A sheet that is neither of brecha's repeat groups (another tool's, a summary sheet) is left alone.
    """
    found: dict[str, tuple[_Table, _Linked]] = {}
    for table in others:
        columns = _columns(table.header, {"assessor", "ev_title"})
        kind = EVIDENCE if "ev_title" in columns else ASSESSORS if "assessor" in columns else None
        if kind is None or kind in found:
            continue
        found[kind] = (table, _link(main, table))
    return found


def _link(main: _Table, table: _Table) -> _Linked:
    keys: list[tuple[int, dict[str, int]]] = []  # (column in the repeat's table, key -> submission)
    for child, parent in _LINKS:
        if child not in table.header or parent not in main.header:
            continue
        col = main.header.index(parent)
        index: dict[str, int] = {}
        for ordinal, (_number, cells) in enumerate(main.rows):
            key = _key(cells[col].value) if col < len(cells) else ""
            if key:
                index.setdefault(key, ordinal)  # a key given twice is reported by _check_unique
        keys.append((table.header.index(child), index))
    linked: _Linked = {}
    if not keys:
        table.fail(table.where(None), Code.NOT_WORKBOOK, "e.no_link",
                   cols=", ".join(child for child, _ in _LINKS))
        return linked
    for _number, cells in table.rows:
        targets: list[tuple[_Cell, int | None]] = []  # each link cell given, and the submission it names
        for col, index in keys:
            cell = cells[col] if col < len(cells) else None
            key = _key(cell.value) if cell is not None else ""
            if cell is not None and key:
                targets.append((cell, index.get(key)))
        orphan = next((cell for cell, found in targets if found is None), None)
        if not targets:
            table.fail(table.where(cells[0] if cells else None), Code.NOT_WORKBOOK, "e.unlinked")
        elif orphan is not None:
            table.fail(orphan, Code.NOT_WORKBOOK, "e.orphan", v=_key(orphan.value))
        elif len({found for _cell, found in targets}) > 1:
            table.fail(targets[0][0], Code.NOT_WORKBOOK, "e.ambiguous",
                       cols=", ".join(table.header[cell.col - 1] for cell, _found in targets))
        else:
            owner = targets[0][1]
            if owner is not None:
                linked.setdefault(owner, []).append(cells)
    return linked


def _check_unique(table: _Table) -> None:
    """A submission's own ID (``_uuid``, ``_id``, ``KEY``, ``_index``) given twice: two exports pasted together.

    Two rows of one submission would become two self-assessments of the same answers, and its
    repeat groups could not tell which one they belong to.
    """
    for name in ("_uuid", "_id", "KEY", "_index"):
        if name not in table.header:
            continue
        col = table.header.index(name)
        seen: dict[str, int] = {}
        for number, cells in table.rows:
            key = _key(cells[col].value) if col < len(cells) else ""
            if key in seen:
                table.fail(cells[col], Code.DUPLICATE_ID, "e.twice", v=key, column=name, row=seen[key])
            elif key:
                seen[key] = number


def _key(value: Any) -> str:
    """A link cell as text: numbers as written by KoBoToolbox (1, not 1.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _submission(table: _Table, lib: model.Library, index: int, cells: list[_Cell], meta: dict[str, int],
                limits: WorkbookLimits, linked: dict[str, list[list[_Cell]]],
                repeats: dict[str, tuple[_Table, _Linked]]) -> Submission | None:
    def cell(col: int | None) -> _Cell | None:
        return cells[col] if col is not None and col < len(cells) else None

    before = len(table.issues)
    institution = table.text(cell(meta["brecha_institution"]), 200) or ""
    level = table.text(cell(meta["brecha_level"]), 200) or ""
    declared = (table.text(cell(meta["brecha_rulesets"]), 2000) or "").split()
    itype = lib.institution_types.get(institution)
    if itype is None:
        table.fail(cell(meta["brecha_institution"]) or cells[0], Code.UNKNOWN_INSTITUTION, "e.meta", v=institution,
                   what="institution type", es_args={"what": "un tipo de institución"})
        return None
    if level not in itype.levels:
        table.fail(cell(meta["brecha_level"]) or cells[0], Code.UNKNOWN_LEVEL, "e.meta", v=level,
                   what="level", es_args={"what": "un nivel"})
        return None
    rulesets = []
    for item in declared:
        rs_id, _, version = item.partition("@")
        if rs_id not in lib.rulesets:
            table.fail(cell(meta["brecha_rulesets"]) or cells[0], Code.UNKNOWN_RULESET, "e.meta", v=rs_id,
                       what="rule set", es_args={"what": "un conjunto de reglas"})
            return None
        rulesets.append((rs_id, version))
    draft = Draft(institution=institution, level=level, name="", assessed_on="", rulesets=rulesets)
    rules = applicable_rules(lib, draft)
    fields = set(_HEADER_FIELDS) | {r.id for r in rules} | {f"{r.id}_{s}" for r in rules for s in _SUFFIXES}
    columns = _columns(table.header, fields)
    if rules and not any(r.id in columns for r in rules):
        # Headers that are labels, not field names: every answer would be missed without a word.
        if "no_questions" not in table.said:
            table.said.add("no_questions")
            table.fail(cell(meta["brecha_institution"]) or cells[0], Code.NOT_WORKBOOK, "e.no_questions")
        return None
    origins: dict[str, tuple[Location, str, str]] = {}

    def read(name: str, pointer: str, limit: int = limits.max_text) -> str | None:
        found = cell(columns.get(name))
        if found is not None:
            origins[pointer] = table.origin(found)
        return table.text(found, limit)

    draft.name = read("inst_name", "/institution/name") or ""
    draft.jurisdiction = read("jurisdiction", "/institution/jurisdiction")
    draft.assessed_on = (read("assessed_on", "/assessed_on") or "")[:10]
    draft.round = read("round", "/round")
    assessor = read("assessor", "/assessors/0/name")  # forms written before the repeat group
    if assessor:
        draft.assessors.append((assessor, read("assessor_role", "/assessors/0/role")))
    _check_counts(table, cells, linked, repeats)
    if ASSESSORS in repeats:
        _read_assessors(repeats[ASSESSORS][0], linked[ASSESSORS], draft, origins, limits)
    for rule in rules:
        pointer = "/answers/" + rule.id
        value_cell = cell(columns.get(rule.id))
        raw = table.text(value_cell, 200)
        evidence = read(f"{rule.id}_evidence", f"{pointer}/evidence")
        notes = read(f"{rule.id}_notes", f"{pointer}/notes")
        justification = read(f"{rule.id}_justification", f"{pointer}/justification")
        confirmed_by = read(f"{rule.id}_confirmed_by", f"{pointer}/confirmed_by")
        value = None
        if raw and value_cell is not None:
            origins[pointer] = origins[f"{pointer}/value"] = table.origin(value_cell)
            scale = lib.rulesets[rule.ruleset_id].scales[rule.scale]
            value = answer_choices(scale).get(" ".join(raw.casefold().replace("_", " ").split()))
            if value is None:
                allowed = {g: ", ".join([*(lv.label.get(g) for lv in scale.levels), _w("na", g)]) for g in _LANGS}
                table.fail(value_cell, Code.UNKNOWN_VALUE, "e.value", v=raw, rule=rule.id, allowed=allowed["en"],
                           es_args={"allowed": allowed["es"]})
                continue
        if value == model.NOT_APPLICABLE and not (justification and any(ch.isalnum() for ch in justification)):
            table.fail(value_cell or cells[0], Code.JUSTIFICATION, "e.justification")
            continue
        items = evidence_items(evidence)
        if value is None and not (items or notes):
            continue
        entry: dict[str, Any] = {"value": value, "evidence": items}
        if notes:
            entry["notes"] = notes
        if justification and value == model.NOT_APPLICABLE:
            entry["justification"] = justification
        if confirmed_by and value == model.NOT_APPLICABLE:
            entry["confirmed_by"] = confirmed_by
        draft.answers[rule.id] = entry
    if EVIDENCE in repeats:
        _read_evidence(repeats[EVIDENCE][0], linked[EVIDENCE], rules, draft, origins, limits)
    if len(table.issues) > before:
        return None
    return Submission(index, draft, origins)


def _check_counts(table: _Table, cells: list[_Cell], linked: dict[str, list[list[_Cell]]],
                  repeats: dict[str, tuple[_Table, _Linked]]) -> None:
    """Each repeat group's entries, as the form counted them, are all here (none dropped by the export)."""
    columns = _columns(table.header, set(COUNTS.values()))
    for kind, name in COUNTS.items():
        col = columns.get(name)
        cell = cells[col] if col is not None and col < len(cells) else None
        text = table.text(cell, 20) if cell is not None else None
        if cell is None or not text:
            continue
        try:
            declared = int(float(text))
        except (ValueError, OverflowError):
            table.fail(cell, Code.CELL_TYPE, "e.count", v=text)
            continue
        found = len(linked.get(kind, []))
        if kind not in repeats and declared:
            table.fail(cell, Code.NOT_WORKBOOK, "e.repeat_missing", n=declared, group=kind)
        elif declared != found and kind in repeats:
            table.fail(cell, Code.NOT_WORKBOOK, "e.repeat_count", n=declared, found=found, group=kind,
                       sheet=repeats[kind][0].name)


def _read_assessors(table: _Table, rows: list[list[_Cell]], draft: Draft,
                    origins: dict[str, tuple[Location, str, str]], limits: WorkbookLimits) -> None:
    columns = _columns(table.header, {"assessor", "assessor_role"})
    for cells in rows:
        def cell(name: str, cells: list[_Cell] = cells) -> _Cell | None:
            col = columns.get(name)
            return cells[col] if col is not None and col < len(cells) else None

        name_cell, role_cell = cell("assessor"), cell("assessor_role")
        name = table.text(name_cell, limits.max_text)
        role = table.text(role_cell, limits.max_text)
        if not name:
            if role and role_cell is not None:
                table.fail(role_cell, Code.SCHEMA, "e.no_name")
            continue
        where = f"/assessors/{len(draft.assessors)}"
        if name_cell is not None:
            origins[where] = origins[f"{where}/name"] = table.origin(name_cell)
        if role_cell is not None:
            origins[f"{where}/role"] = table.origin(role_cell)
        draft.assessors.append((name, role))


def _read_evidence(table: _Table, rows: list[list[_Cell]], rules: Sequence[model.Rule], draft: Draft,
                   origins: dict[str, tuple[Location, str, str]], limits: WorkbookLimits) -> None:
    """Each evidence entry of a submission, added to the evidence of the question it names (all kept, in order)."""
    columns = _columns(table.header, set(_EVIDENCE_FIELDS))
    asked = {r.id: r for r in rules}
    labels = {_fold(f"{r.id} · {r.title.get(g)}"): r.id for r in rules for g in _LANGS}
    for cells in rows:
        def cell(name: str, cells: list[_Cell] = cells) -> _Cell | None:
            col = columns.get(name)
            return cells[col] if col is not None and col < len(cells) else None

        texts = {name: table.text(cell(name), 200 if name in ("ev_rule", "ev_date") else limits.max_text)
                 for name in _EVIDENCE_FIELDS}
        if not any(texts.values()):
            continue
        rule_cell, title_cell = cell("ev_rule"), cell("ev_title")
        raw = texts["ev_rule"] or ""
        rule_id = raw if raw in asked else labels.get(_fold(raw))
        if rule_id is None:
            table.fail(table.where(rule_cell or (cells[0] if cells else None)), Code.UNKNOWN_RULE, "e.ev_rule", v=raw)
            continue
        if not texts["ev_title"] or not any(ch.isalnum() for ch in texts["ev_title"]):
            table.fail(table.where(title_cell or rule_cell), Code.BLANK_TEXT, "e.ev_title", rule=rule_id)
            continue
        record = {"title": texts["ev_title"]}
        for name, key in (("ev_date", "date"), ("ev_link", "link"), ("ev_file", "file"),
                          ("ev_verified_by", "verified_by")):
            text = texts[name]
            if text:
                record[key] = text[:10] if key == "date" else text  # a date exported with a time: the day
        entry = draft.answers.setdefault(rule_id, {"value": None, "evidence": []})
        pointer = f"/answers/{rule_id}/evidence/{len(entry['evidence'])}"
        entry["evidence"].append(record if len(record) > 1 else record["title"])
        origins[pointer] = table.origin(title_cell) if title_cell is not None else table.origin(table.where(rule_cell))
        for name, key in (("ev_title", "title"), ("ev_date", "date"), ("ev_link", "link"), ("ev_file", "file"),
                          ("ev_verified_by", "verified_by")):
            found = cell(name)
            if found is not None:
                origins[f"{pointer}/{key}"] = table.origin(found)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())

