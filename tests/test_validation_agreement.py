"""The fast validator (jsonschema-rs) and the detailed one (jsonschema) always agree.

brecha trusts the fast yes/no for valid files and asks jsonschema for details only when
the answer is no; a disagreement would let an invalid file through or report a valid one
with no message. Checked over every YAML file the project holds (content, examples, test
cases, the fuzz corpus), over random mutations of valid documents, and over the values on
which the two once disagreed (a final newline, impossible dates). jsonschema is used as
brecha adjusts it (``validation._validator``): plain jsonschema reads patterns with
Python's ``$``, which accepts ``"MX\n"``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from brecha import validation, yamlio
from brecha.codes import Code
from brecha.errors import InputError
from brecha.schemas import KINDS, load_schema
from brecha.validation import is_valid

from helpers import ROOT

DOC_KINDS = ("Assessment", "RuleSet", "Standard", "SourceRegister", "InstitutionRegistry")
_REGISTRY = Registry().with_resources((load_schema(k)["$id"], Resource.from_contents(load_schema(k))) for k in KINDS)
_PLAIN = {k: Draft202012Validator(load_schema(k), registry=_REGISTRY) for k in DOC_KINDS}
_DETAILED = {k: validation._validator(k) for k in DOC_KINDS}


def _documents() -> list[tuple[str, Any]]:
    roots = [ROOT / "src" / "brecha" / "content", ROOT / "examples", ROOT / "tests", ROOT / "fuzz" / "corpus"]
    found = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in ("", ".yaml", ".yml")):
            try:
                found.append((str(path.relative_to(ROOT)), yamlio.parse(path.read_bytes(), str(path)).data))
            except InputError:
                continue
    return found


DOCS = _documents()


def _agree(data: Any, kind: str) -> bool:
    return is_valid(data, kind) == _DETAILED[kind].is_valid(data)


def test_agreement_over_every_file() -> None:
    """For each parseable file and each kind, both validators give the same verdict."""
    assert len(DOCS) > 200
    disagreements = [(name, kind) for name, data in DOCS for kind in DOC_KINDS if not _agree(data, kind)]
    assert disagreements == []


VALID = [(data, data["kind"]) for _, data in DOCS
         if isinstance(data, dict) and data.get("kind") in DOC_KINDS and _DETAILED[data["kind"]].is_valid(data)]
REPLACEMENTS = st.sampled_from([None, True, 0, -1, 1.5, "", "x", "yes", [], {}, ["x"], {"es": "x"}, "2026-13-01",
                                "2026-02-30", "2024-02-29", "MX\n", "mini\n", "x\n", " x", "1.0.0\n", "\u041cX",
                                "a\u200bb", [{"a": 1}, {"a": 1}], ["x", "x"]])


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_agreement_on_mutations(data: st.DataObject) -> None:
    """Replacing, deleting or adding one value anywhere in a valid document: same verdict."""
    document, kind = data.draw(st.sampled_from(VALID))
    mutated = copy.deepcopy(document)
    path = data.draw(st.sampled_from(_paths(mutated)[1:]))
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = data.draw(REPLACEMENTS)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["extra", "es", "value", "id", "kind"]))] = data.draw(REPLACEMENTS)
    else:
        parent.append(data.draw(REPLACEMENTS))
    assert _agree(mutated, kind), (kind, path, action)



ASSESSMENT = {"kind": "Assessment", "schema_version": 1, "assessed_on": "2026-01-01",
              "institution": {"type": "office-b", "level": "state", "name": "X", "jurisdiction": "MX"},
              "rulesets": [{"id": "mini", "version": "1.0.0"}], "answers": {"T-DEC-01": {"value": "initial"}}}


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(ASSESSMENT)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


@pytest.mark.parametrize(("path", "value", "valid"), [
    (("institution", "jurisdiction"), "MX\n", False),
    (("institution", "jurisdiction"), "MX-ROO\n", False),
    (("assessed_on",), "2026-10-15\n", False),
    (("assessed_on",), "2026-02-30", False),
    (("assessed_on",), "2026-04-31", False),
    (("assessed_on",), "2023-02-29", False),
    (("assessed_on",), "1900-02-29", False),
    (("assessed_on",), "2000-02-29", True),
    (("assessed_on",), "2024-02-29", True),
    (("assessed_on",), "2026-12-31", True),
    (("assessed_on",), "2026-12", True),
    (("rulesets", "0", "version"), "1.0.0\n", False),
    (("answers", "T-DEC-01", "value"), "initial\n", False),
    (("institution", "jurisdiction"), "\u041cX", False),
])
def test_agreement_on_values_that_once_slipped_through(path: tuple[str, ...], value: str, valid: bool) -> None:
    """A final newline and impossible dates: both validators refuse them (and accept real dates)."""
    steps = tuple(int(p) if p.isdigit() else p for p in path)
    document = _with(steps, value)  # type: ignore[arg-type]
    assert is_valid(document, "Assessment") is valid
    assert _DETAILED["Assessment"].is_valid(document) is valid


def test_plain_jsonschema_would_have_accepted_a_final_newline() -> None:
    """Why brecha adjusts jsonschema: Python's ``$`` matches before a final newline."""
    document = _with(("institution", "jurisdiction"), "MX\n")
    assert _PLAIN["Assessment"].is_valid(document)
    assert not _DETAILED["Assessment"].is_valid(document)


def test_every_pattern_matches_the_whole_value() -> None:
    """Each schema pattern is anchored at both ends, so no prefix or suffix slips past it."""
    patterns: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    patterns.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for kind in KINDS:
        walk(load_schema(kind))
    assert len(patterns) >= 8
    assert [p for p in patterns if not (p.startswith("^") and p.endswith("$"))] == []


def test_a_document_the_fast_check_refuses_is_never_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """If jsonschema finds nothing where jsonschema-rs says no, the fast check's own error is reported, located."""
    doc = yamlio.parse(b"kind: Assessment\nschema_version: 1\ninstitution: {type: office-b, level: state, "
                       b"name: X, jurisdiction: 'MX '}\nassessed_on: '2026-01-01'\n"
                       b"rulesets: [{id: mini, version: 1.0.0}]\nanswers: {}\n", "a.yaml")
    monkeypatch.setattr(validation, "_validator", lambda kind: Draft202012Validator({}))
    issues = validation.validate_document(doc, "Assessment")
    assert [(i.code, i.location.line, i.location.pointer) for i in issues] == [
        (Code.SCHEMA, 3, "/institution/jurisdiction")]
