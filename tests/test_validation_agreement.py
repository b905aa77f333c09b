"""The fast validator (jsonschema-rs) and the detailed one (jsonschema) always agree.

brecha trusts the fast yes/no for valid files and asks jsonschema for details only when
the answer is no; a disagreement would let an invalid file through or report a valid one
with no message. Checked over every YAML file the project holds (content, examples, test
cases, the fuzz corpus) and over random mutations of valid documents.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from brecha import yamlio
from brecha.errors import InputError
from brecha.schemas import KINDS, load_schema
from brecha.validation import is_valid

from helpers import ROOT

DOC_KINDS = ("Assessment", "RuleSet", "Standard", "SourceRegister", "InstitutionRegistry")
_REGISTRY = Registry().with_resources((load_schema(k)["$id"], Resource.from_contents(load_schema(k))) for k in KINDS)
_DETAILED = {k: Draft202012Validator(load_schema(k), registry=_REGISTRY) for k in DOC_KINDS}


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
REPLACEMENTS = st.sampled_from([None, True, 0, -1, 1.5, "", "x", "yes", [], {}, ["x"], {"es": "x"}, "2026-13-01"])


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

