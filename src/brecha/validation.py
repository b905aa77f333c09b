"""JSON Schema validation of parsed documents, turned into located, readable issues.

Two validators, one schema. jsonschema-rs (compiled, Draft 2020-12) answers "is this
document valid?" in a small fraction of the time, which is the answer for almost every
file. Only for an invalid document does jsonschema run, to collect every problem with
its path and the wording brecha refines. tests/test_validation_agreement.py holds the
two to the same verdict over the corpus of valid and broken files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from brecha.codes import Code
from brecha.conditions import COMPARISONS
from brecha.errors import Issue
from brecha.i18n import tr
from brecha.schemas import KINDS, bundled_schema, load_schema
from brecha.yamlio import Document, escape_pointer

if TYPE_CHECKING:  # jsonschema is imported only when a document is invalid (start-up time)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

__all__ = ["is_valid", "validate_document"]


@cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    resources = [(s["$id"], Resource.from_contents(s)) for s in map(load_schema, KINDS)]
    return Registry().with_resources(resources)


@cache
def _validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(kind), registry=_registry())


@cache
def _fast(kind: str) -> Any:
    return jsonschema_rs.validator_for(bundled_schema(kind))


def is_valid(data: Any, kind: str) -> bool:
    """Whether ``data`` conforms to the schema of ``kind`` (fast; no details)."""
    return bool(_fast(kind).is_valid(data))


def _any(value: object) -> Any:
    """jsonschema types schema parts loosely (Unset sentinels); we read them as plain JSON."""
    return value


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer(str(p))}" for p in path)


_ROOT_MISMATCH = {"type", "const", "required"}


def _mismatch(error: ValidationError) -> bool:
    """Whether an error shows its oneOf branch is not the one meant (wrong type or key)."""
    own = len(error.relative_schema_path) == 2  # [branch, keyword]: not inside if/then
    return error.validator in _ROOT_MISMATCH and not error.relative_path and own


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """Replace a oneOf/anyOf failure by the errors of the branch most likely meant.

    Branches that fail at their root on type, const or a missing discriminating key are
    set aside; when one branch remains, all of its errors are reported.
    """
    if not error.context:
        yield error
        return
    from jsonschema.exceptions import best_match

    branches: dict[object, list[ValidationError]] = defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)
    viable = {b: errs for b, errs in branches.items()
              if not any(_mismatch(e) for e in errs)}
    if len(viable) == 1:
        for sub in next(iter(viable.values())):
            yield from _leaves(sub)
    else:
        pool = [e for errs in (viable or branches).values() for e in errs]
        yield from _leaves(best_match(pool))


def _describe(error: ValidationError) -> str:
    value = error.instance
    shown = _json_type(value) if isinstance(value, (dict, list)) or value is None else repr(value)
    if isinstance(value, bool):
        shown = "true" if value else "false"
    if len(shown) > 80:
        shown = shown[:77] + "..."
    match error.validator:
        case "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            if missing == ["justification"]:
                return "a not_applicable answer needs a 'justification' saying why the rule does not apply"
            return f"missing required field {missing[0]!r}" if missing else error.message
        case "additionalProperties":
            return str(error.message)
        case "enum":
            allowed = ", ".join(map(str, _any(error.validator_value)))
            return f"{shown} is not one of the allowed values: {allowed}"
        case "const":
            return f"{shown} must be {error.validator_value!r}"
        case "pattern":
            wanted = _expected(error, "en")
            if wanted is not None:
                return f"{shown} is not valid here: {wanted}"
            return f"{shown} is not valid here: expected the pattern {error.validator_value}"
        case "type":
            expected = error.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            return f"{shown} should be of type {expected}, not {_json_type(value)}"
        case "minItems" if error.validator_value == 1:
            return "must not be empty"
        case "minProperties" if isinstance(value, dict) and set(value) == {"rule"}:
            return f"a comparison needs an operator besides 'rule' ({', '.join(COMPARISONS)})"
        case "maxProperties" if isinstance(value, dict) and "rule" in value:
            return "a comparison takes exactly one operator besides 'rule'; combine several with all/any"
        case "minProperties":
            return "must not be empty" if error.validator_value == 1 else error.message
        case _:
            return error.message


def _describe_es(error: ValidationError) -> str | None:
    """Spanish for the messages an assessor is most likely to meet."""
    value = error.instance
    match error.validator:
        case "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            if missing == ["justification"]:
                return "una respuesta not_applicable necesita 'justification' que diga por qué la regla no aplica"
            return f"falta el campo obligatorio {missing[0]!r}" if missing else None
        case "pattern" if isinstance(value, str):
            wanted = _expected(error, "es")
            return f"{value!r} no es válido aquí" + (f": {wanted}" if wanted else "")
        case "type":
            return f"valor de tipo {_json_type(value)} no válido aquí"
        case "enum":
            return f"{value!r} no es uno de los valores permitidos: {', '.join(map(str, _any(error.validator_value)))}"
        case "minItems" | "minProperties" if error.validator_value == 1:
            return "no puede estar vacío"
        case _:
            return None


@cache
def _pattern_names() -> dict[str, str]:
    """Shared definitions with a pattern, by their description: what a pattern error expects."""
    return {d["description"]: name for name, d in load_schema("common")["$defs"].items()
            if "pattern" in d and "description" in d}


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _expected(error: ValidationError, lang: str) -> str | None:
    """What a pattern expects, in ``lang``, with a hint for the usual near misses (dates)."""
    name = _pattern_names().get(_any(error.schema).get("description", ""))
    if name is None:
        return None
    text = tr(f"schema.expected.{name}", lang)
    value = error.instance
    if name == "date" and isinstance(value, str):
        day_first = _DAY_FIRST.match(value)
        if day_first:
            day, month, year = (int(g) for g in day_first.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                text += "; " + tr("schema.date_hint", lang, date=f"{year:04d}-{month:02d}-{day:02d}")
    return text


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def validate_document(doc: Document, kind: str) -> list[Issue]:
    """Validate ``doc`` against the schema of ``kind``; return every problem, located."""
    if is_valid(doc.data, kind):
        return []
    issues: list[Issue] = []
    for top in _validator(kind).iter_errors(doc.data):
        for error in _leaves(top):
            pointer = _pointer(error.absolute_path)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = set(_any(error.schema).get("properties", {}))
                for key in sorted(k for k in error.instance if k not in allowed):
                    child = f"{pointer}/{escape_pointer(key)}"
                    known = ", ".join(sorted(allowed)) or "none"
                    hint_en = hint_es = ""
                    if error.instance.get(key) is None and set(allowed) <= {"es", "en"}:
                        hint_en = "; a comma inside {...} starts a new field: put the text in quotes"
                        hint_es = "; una coma dentro de {...} inicia otro campo: ponga el texto entre comillas"
                    issues.append(Issue(doc.locate(child, key=True), Code.UNKNOWN_FIELD,
                                        f"unknown field {key!r} (allowed: {known}){hint_en}",
                                        es=f"campo desconocido {key!r} (permitidos: {known}){hint_es}"))
                continue
            message = _describe(error)
            es = _describe_es(error)
            if pointer in doc.booleans:
                raw = doc.booleans[pointer]
                message = (f"{raw!r} was read as a YAML boolean; write it in quotes "
                           f"(\"{raw}\") or use one of the listed values")
                es = (f"{raw!r} se leyó como booleano de YAML; escríbalo entre comillas (\"{raw}\") "
                      "o use uno de los valores indicados")
            issues.append(Issue(doc.locate(pointer), Code.SCHEMA, message, es=es))
    return issues
