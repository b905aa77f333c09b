"""Evidence in one spreadsheet cell: a line per item, " | " between a record's parts, read back unambiguously."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brecha import loading, model
from brecha.importing import import_path
from brecha.templating import draft_from
from brecha.workbook import build_workbook, evidence_cell, evidence_items, evidence_line

TRICKY = [
    "Acta | firmada por el DIF",                 # the separator inside a plain item
    {"title": "Informe A | B", "date": "2025-03", "file": "archivo | 2024/informe.pdf", "verified_by": "Ana | Luis"},
    {"title": "Oficio\nsegunda línea\n\n  sangrada", "date": "2024"},  # line breaks, an empty and an indented line
    "Ruta C:\\docs\\nuevo\\ | y \\| ya escapado",  # backslashes, a backslash before a pipe
    "=HYPERLINK(\"http://x.example\",\"clic\")",   # would be a formula in a spreadsheet
    "+52 55 1234",
    "-dos guiones",
    "@SUM(A1)",
    {"title": "=1+1", "link": "https://example.org/a|b", "verified_by": "@auditor"},
    "a|b sin espacios",
    "fin con barra |",
    "| empieza con barra",
]


def test_tricky_items_survive_the_cell() -> None:
    """Every item, the separator, line breaks and formula starts included, reads back as written."""
    assert evidence_items(evidence_cell(TRICKY)) == TRICKY


def test_the_separator_inside_a_text_is_escaped_on_the_line() -> None:
    assert evidence_line("Acta | firmada") == "Acta \\| firmada"
    assert evidence_line({"title": "A | B", "date": "2025"}) == "A \\| B | 2025"
    assert evidence_line("C:\\x\\|") == "C:\\x\\\\|"
    assert evidence_line("uno\ndos") == "uno\n  dos"


def test_cells_written_before_escaping_read_as_they_did() -> None:
    """Older cells: one item per line, ' | ' between parts, a bare '|' kept (no backslash was ever before one)."""
    old = ("Protocolo estatal | 2025-03 | https://example.org/p | ✓ Contraloría\n"
           "Manual | archive/manual.pdf\n"
           "Registro|2024\n"
           "Oficio simple")
    assert evidence_items(old) == [
        {"title": "Protocolo estatal", "date": "2025-03", "link": "https://example.org/p", "verified_by": "Contraloría"},
        {"title": "Manual", "file": "archive/manual.pdf"},
        "Registro|2024",
        "Oficio simple",
    ]


def test_an_indented_line_continues_an_item_and_blank_items_are_dropped() -> None:
    """What an assessor types: a line starting with blanks continues the item above; '-' alone is nothing."""
    typed = "Acta de sesión\n  del comité\n\tcon firmas\n-\n   \nOtro"
    assert evidence_items(typed) == ["Acta de sesión\ndel comité\ncon firmas", "Otro"]
    assert evidence_items(None) == []


_PIECE = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
                 min_size=1, max_size=6) | st.sampled_from(["|", " | ", "\\", "\\|", "\n", "\n  ", "=", "+", "-", "@", " "])
_TEXT = st.lists(_PIECE, min_size=1, max_size=8).map("".join)


def _clean(text: str) -> str:
    return text.strip()


_MEANINGFUL = _TEXT.map(_clean).filter(lambda t: any(ch.isalnum() for ch in t))
_ITEM = st.one_of(
    _MEANINGFUL,
    st.builds(lambda title, date, file, who: {k: v for k, v in
                                              {"title": title, "date": date, "file": file, "verified_by": who}.items()
                                              if v},
              _MEANINGFUL, st.sampled_from([None, "2025", "2024-06", "2023-01-31"]),
              _MEANINGFUL.filter(lambda t: not t.startswith(("http://", "https://", "✓"))
                                 and not t[:4].isdigit()) | st.none(),
              _MEANINGFUL | st.none()).filter(lambda r: len(r) > 1),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ITEM, max_size=4))
def test_any_items_read_back_as_written(items: list[Any]) -> None:
    """Property: any evidence (trimmed texts with pipes, backslashes, line breaks, formula starts) round-trips."""
    assert evidence_items(evidence_cell(items)) == items


def test_tricky_evidence_survives_a_workbook_and_is_never_a_formula(mini: model.Library, write: Any,
                                                                    tmp_path: Path) -> None:
    """YAML -> xlsx -> YAML keeps every tricky item; the cell is stored as text, with no formula in the file."""
    items = "\n".join(f"              - {_yaml(item)}" for item in TRICKY)
    path = write("a.yaml", f"""\
        kind: Assessment
        schema_version: 1
        institution: {{type: office-b, level: state, name: B}}
        assessed_on: "2026-03-01"
        rulesets: [{{id: mini, version: 1.0.0}}]
        answers:
          T-ENT-02:
            value: implemented
            evidence:
{items}
        """)
    original = loading.load_assessment(path, mini)
    data = build_workbook(mini, draft_from(original), "es")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    book = tmp_path / "a.xlsx"
    book.write_bytes(data)
    wb = openpyxl.load_workbook(book)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith("Acta \\| firmada")]
    assert [c.data_type for c in cells] == ["s"]
    [imported] = import_path(str(book), mini, lang="es")
    assert imported.assessment.answers["T-ENT-02"].records == original.answers["T-ENT-02"].records
    records = original.answers["T-ENT-02"].records
    assert len(records) == len(TRICKY) and records[0].title == "Acta | firmada por el DIF"


def _yaml(item: str | dict[str, str]) -> str:
    import json

    return json.dumps(item, ensure_ascii=False)  # JSON is YAML: every character written as an escape or itself


@pytest.mark.parametrize("typed", ["=1+1", "=HYPERLINK(\"http://x\")"])
def test_a_formula_typed_into_the_evidence_cell_is_refused_with_its_cell(mini: model.Library, write: Any,
                                                                         tmp_path: Path, typed: str) -> None:
    """A real formula (not text starting with '=') is never run or taken: a located error."""
    from brecha.errors import InputError

    path = write("a.yaml", """\
        kind: Assessment
        schema_version: 1
        institution: {type: office-b, level: state, name: B}
        assessed_on: "2026-03-01"
        rulesets: [{id: mini, version: 1.0.0}]
        answers:
          T-ENT-02: {value: implemented, evidence: [x1]}
        """)
    original = loading.load_assessment(path, mini)
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(mini, draft_from(original), "es")))
    [cell] = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == "x1"]
    cell.value = typed  # openpyxl stores a text starting with '=' as a formula, as a spreadsheet would
    book = tmp_path / "f.xlsx"
    wb.save(book)
    with pytest.raises(InputError) as caught:
        import_path(str(book), mini, lang="en")
    [issue] = caught.value.issues
    assert f"cell {cell.coordinate}" in issue.message and "formula" in issue.message
