"""JSON Schema validation of parsed documents, turned into located, readable issues.

Two validators, one schema. jsonschema-rs (compiled, Draft 2020-12) answers "is this
document valid?" in a small fraction of the time, which is the answer for almost every
file. Only for an invalid document does jsonschema run, to collect the problems with
their paths and the wording brecha refines. tests/test_validation_agreement.py holds the
two to the same verdict over the corpus of valid and broken files; where they still
disagree, the fast validator's "no" wins and is reported with its own location.

jsonschema is adjusted in three places so that it agrees with the schema's meaning and
stays cheap on hostile input: ``pattern`` uses ECMA-262's ``$`` (the end of the value,
where Python's ``$`` also matches before a final newline, so ``"MX\n"`` passed); ``oneOf``
and ``anyOf`` keep at most :data:`~brecha.errors.MAX_PROBLEMS` errors per branch (they kept
every error of every branch: gigabytes for a long list of wrong items); ``uniqueItems``
is linear (it fell back to comparing every pair of unsortable items).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from brecha.codes import Code, Severity
from brecha.conditions import COMPARISONS
from brecha.errors import MAX_PROBLEMS, Issue, Location, omitted, shown
from brecha.i18n import Message
from brecha.sanitize import char_name, cut
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
def _ecma(pattern: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern compiled with its meaning: ``$`` ends the value.

    Python's ``$`` also matches before a newline that ends the string; ``\\Z`` does not.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{cut(repr(instance))} does not match {pattern!r}")


def _of(validator: Any, branches: Any, instance: Any, schema: Any, *, one: bool) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    kept: list[ValidationError] = []
    numbered = enumerate(branches)
    for index, branch in numbered:
        # one more than are shown, so that the report can still say there were more
        errors = list(itertools.islice(validator.descend(instance, branch, schema_path=index), MAX_PROBLEMS + 1))
        if not errors:
            break
        kept.extend(errors)
    else:
        yield ValidationError("is not valid under any of the given schemas", context=kept)
        return
    if one and any(validator.evolve(schema=other).is_valid(instance) for _, other in numbered):
        yield ValidationError("is valid under more than one of the given schemas")


def _one_of(validator: Any, branches: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    return _of(validator, branches, instance, schema, one=True)


def _any_of(validator: Any, branches: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    return _of(validator, branches, instance, schema, one=False)


def _canonical(value: Any) -> Any:
    """A hashable form under which JSON-equal values are equal (1 == 1.0, true != 1)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return type(value).__name__, value
    if isinstance(value, (int, float)):
        return "number", value
    if isinstance(value, list):
        return "array", tuple(map(_canonical, value))
    return "object", frozenset((k, _canonical(v)) for k, v in value.items())


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if unique and validator.is_type(instance, "array"):
        seen: set[Any] = set()
        for item in instance:
            key = _canonical(item)
            if key in seen:
                yield ValidationError(f"has non-unique elements ({cut(repr(item))} twice)")
                return
            seen.add(key)


@cache
def _validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    adjusted = validators.extend(Draft202012Validator, {  # type: ignore[no-untyped-call]
        "pattern": _pattern, "oneOf": _one_of, "anyOf": _any_of, "uniqueItems": _unique_items})
    validator: Draft202012Validator = adjusted(load_schema(kind), registry=_registry())
    return validator


@cache
def _fast(kind: str) -> Any:
    # Imported here, when the first document is checked: loading the compiled validator takes
    # about 12 ms, which a summary then spends in each of its processes, side by side, instead
    # of before the first one starts.
    import jsonschema_rs

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


def _date_problem(value: str) -> tuple[str, dict[str, object]] | None:
    """Why a YYYY-MM-DD text is not a date of the calendar, as a catalogue message."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", value)
    if not found:
        return None
    year, month, day = map(int, found.groups())
    if not 1 <= month <= 12 or year < 1:
        return None
    try:
        datetime.date(year, month, day)
    except ValueError:
        last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        return "diag.schema.not_a_date", {"value": shown(value), "month": f"{year}-{month:02d}", "days": last}
    return None


_BOUNDS = {"minimum": "diag.schema.minimum", "exclusiveMinimum": "diag.schema.exclusive_minimum",
           "maximum": "diag.schema.maximum", "exclusiveMaximum": "diag.schema.exclusive_maximum"}


def _describe(error: ValidationError, doc: Document, pointer: str) -> tuple[str, dict[str, object]]:
    """The problem as a catalogue message (key and values), the value shown as the file writes it."""
    value = _any(error.instance)
    seen: str | Message
    if isinstance(value, (dict, list)):
        seen = _json_type(value)
    else:
        seen = doc.as_written(pointer, value)
        if isinstance(value, str):
            seen = shown(value, ascii_expected=error.validator in ("pattern", "enum", "const"))
    match error.validator:
        case "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            if missing == ["justification"]:
                return "diag.schema.justification", {}
            if missing:
                return "diag.schema.missing", {"field": shown(missing[0])}
        case "enum":
            return "diag.schema.enum", {"value": seen, "allowed": ", ".join(map(str, _any(error.validator_value)))}
        case "const":
            return "diag.schema.const", {"value": seen, "expected": repr(error.validator_value)}
        case "pattern":
            what = _any(error.schema).get("description") or ""
            if isinstance(value, str) and what.startswith("A date"):
                problem = _date_problem(value)
                if problem:
                    return problem
            if isinstance(value, str) and value != value.strip():
                return "diag.schema.spaces", {"value": seen}
            expected = _expected(error) or Message("diag.schema.expected_pattern", pattern=error.validator_value)
            return "diag.schema.pattern", {"value": seen, "expected": expected}
        case "type":
            wanted = error.validator_value
            return "diag.schema.type", {"value": seen, "found": _json_type(value),
                                        "expected": " or ".join(wanted) if isinstance(wanted, list) else wanted}
        case "minItems" | "minProperties" if error.validator_value == 1:
            return "diag.schema.empty", {}
        case "minItems" | "maxItems":
            key = "diag.schema.min_items" if error.validator == "minItems" else "diag.schema.max_items"
            return key, {"n": error.validator_value, "count": f"{len(value):,}"}
        case "minProperties" if isinstance(value, dict) and set(value) == {"rule"}:
            return "diag.schema.no_operator", {"operators": ", ".join(COMPARISONS)}
        case "maxProperties" if isinstance(value, dict) and "rule" in value:
            return "diag.schema.one_operator", {}
        case "minLength":
            return "diag.schema.too_short", {"value": seen, "n": error.validator_value}
        case "maxLength":
            return "diag.schema.too_long", {"value": seen, "length": f"{len(value):,}", "n": f"{error.validator_value:,}"}
        case "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum":
            return _BOUNDS[str(error.validator)], {"value": seen, "bound": error.validator_value}
        case "uniqueItems":
            return "diag.schema.repeated", {"item": error.message.rpartition("(")[2].removesuffix(" twice)")}
    return "diag.schema.other", {"message": cut(error.message, 200)}


@cache
def _pattern_names() -> dict[str, str]:
    """Shared definitions with a pattern, by their description: what a pattern error expects."""
    return {d["description"]: name for name, d in load_schema("common")["$defs"].items()
            if "pattern" in d and "description" in d}


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _expected(error: ValidationError) -> Message | None:
    """What a pattern expects, as a catalogue message, with a hint for the usual near misses (dates)."""
    name = _pattern_names().get(_any(error.schema).get("description", ""))
    if name is None:
        return None
    value = error.instance
    if name == "date" and isinstance(value, str):
        day_first = _DAY_FIRST.match(value)
        if day_first:
            day, month, year = (int(g) for g in day_first.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return Message("schema.expected_with_hint", expected=Message(f"schema.expected.{name}"),
                               hint=Message("schema.date_hint", date=f"{year:04d}-{month:02d}-{day:02d}"))
    return Message(f"schema.expected.{name}")


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


class _Full(Exception):
    """Internal: as many problems as are reported for one file were found."""


#: Kinds of documents people fill in (their texts are shown escaped); every other kind is
#: content, whose texts may not hold a control character at all.
_FILLED_IN = frozenset({"Assessment", "ActionPlan"})


def control_issues(doc: Document) -> list[Issue]:
    """A content text holding a control character written as an escape (``"\\e[2J"``, ``"\\u202e"``).

    It would reach every terminal, report and template that shows the text; no rule or
    provision needs one. (A raw control character is refused by the parser already.)
    """
    issues = []
    for pointer, line, col, at, char in doc.controls[:MAX_PROBLEMS]:
        issues.append(Issue.of(Location(doc.path, line, col, pointer), Code.CONTROL_CHARACTER, "diag.schema.control",
                               char=char_name(char), at=at))
    if len(doc.controls) > MAX_PROBLEMS:
        issues.append(omitted(doc.path, 1, exact=False))
    return issues


def validate_document(doc: Document, kind: str) -> list[Issue]:
    """Validate ``doc`` against the schema of ``kind``; return its problems, located.

    At most :data:`~brecha.errors.MAX_PROBLEMS` are returned, then one saying that checking
    stopped there: finding and wording every problem of a hostile file costs without bound.
    """
    controls = control_issues(doc) if kind not in _FILLED_IN else []
    if is_valid(doc.data, kind):
        return controls
    issues: list[Issue] = controls

    def add(issue: Issue) -> None:
        if len(issues) >= MAX_PROBLEMS:
            issues.append(omitted(doc.path, 1, exact=False))
            raise _Full
        issues.append(issue)

    try:
        _collect(doc, kind, add)
    except _Full:
        return issues
    if not issues:  # the fast validator said no and jsonschema found nothing: never accept silently
        issues.append(_fast_issue(doc, kind))
    return issues


def _fast_issue(doc: Document, kind: str) -> Issue:
    """The fast validator's own first error, located, for when jsonschema finds none."""
    first = next(iter(_fast(kind).iter_errors(doc.data)), None)
    pointer = _pointer(first.instance_path) if first is not None else ""
    message = cut(first.message, 200) if first is not None else "the document does not match its schema"
    return Issue.of(doc.locate(pointer), Code.SCHEMA, "diag.schema.other", message=message)


def _collect(doc: Document, kind: str, add: Any) -> None:
    for top in _validator(kind).iter_errors(doc.data):
        for error in _leaves(top):
            pointer = _pointer(error.absolute_path)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = set(_any(error.schema).get("properties", {}))
                known = ", ".join(sorted(allowed)) or "—"
                for key in error.instance:
                    if key in allowed:
                        continue
                    child = f"{pointer}/{escape_pointer(key)}"
                    comma = error.instance.get(key) is None and set(allowed) <= {"es", "en"}
                    add(Issue.of(doc.locate(child, key=True), Code.UNKNOWN_FIELD, "diag.schema.unknown_field",
                                 key=shown(key, ascii_expected=True), allowed=known,
                                 hint=Message("diag.schema.comma") if comma else ""))
                continue
            key, values = _describe(error, doc, pointer)
            if pointer in doc.booleans:
                raw = doc.booleans[pointer]
                key, values = "diag.schema.boolean", {"raw": repr(raw), "text": raw}
            add(Issue.of(doc.locate(pointer), Code.SCHEMA, key, Severity.ERROR, **values))
