#!/usr/bin/env python3
"""Coverage-guided fuzz target for brecha's loaders (atheris / libFuzzer).

Every input is fed to the only YAML door, ``brecha.yamlio.parse``; when it parses, the
document is validated against the Assessment, RuleSet and Standard schemas, and a
schema-valid Assessment is built and cross-checked against the small test library in
``tests/fixtures/mini``.

The contract under test: hostile bytes may only ever raise ``brecha.errors.InputError``,
whose issues each carry a path, a line >= 0 and a non-empty message. Anything else (any
other exception, a bad issue, non-JSON-shaped data) is a crash.

Run it with ``fuzz/run.sh SECONDS``. ``tests/test_fuzz_corpus.py`` replays the corpus
through :func:`TestOneInput` without atheris.

Known bugs (see fuzz/crashes/README.md): ``KNOWN_BUGS`` lists crashes found and saved
under ``fuzz/crashes/`` that are tolerated so fuzzing can go on past them while a fix is
pending (none today: the four bugs found so far are fixed). ``BRECHA_FUZZ_STRICT=1``
turns the tolerance off.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from pathlib import Path
from typing import Any

try:  # optional: the corpus replay test imports this module without atheris
    import atheris
except ImportError:  # pragma: no cover - depends on the environment
    atheris = None

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
PATH = "fuzz.yaml"
KINDS = ("Assessment", "RuleSet", "Standard")

# Instrument only when fuzzing: when pytest imports this module brecha is already loaded
# and atheris would only warn that it cannot instrument it.
_instrumenting = atheris.instrument_imports() if atheris and __name__ == "__main__" else None
with _instrumenting or contextlib.nullcontext():
    import yaml  # noqa: F401 - imported here so its pure-Python parts are instrumented

    from brecha import api, loading, validation, yamlio
    from brecha.errors import MAX_PROBLEMS, InputError, Issue
    from brecha.sanitize import UNSAFE

LIBRARY = api.load_content(str(MINI))

# (exception type, file name suffix, function) of the innermost traceback frame of a bug
# already found and reported, tolerated so fuzzing goes on past it; see
# fuzz/crashes/README.md. Bugs 1-3 (KeyError/IndexError from PyYAML's scalar
# constructors on `!!bool foo`, `!!float ""`, `!!int '-'`) were listed here until
# yamlio caught them (commit b06f794); an entry looks like
#     (KeyError, "yaml/constructor.py", "construct_yaml_bool"),
KNOWN_BUGS: tuple[tuple[type[BaseException], str, str], ...] = ()
STRICT = os.environ.get("BRECHA_FUZZ_STRICT", "") not in ("", "0")


class HarnessFailure(AssertionError):
    """The code under test broke its contract without raising an unexpected exception."""


def known_bug(exc: BaseException) -> bool:
    """Whether ``exc`` is one of the tolerated, already-reported bugs."""
    if STRICT or not KNOWN_BUGS:
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return False
    last = frames[-1]
    return any(isinstance(exc, kind) and last.filename.endswith(suffix) and last.name == func
               for kind, suffix, func in KNOWN_BUGS)


def check_issues(issues: Any, where: str) -> None:
    """Each issue must be an Issue with a path, a line >= 0 and a non-empty message."""
    for issue in issues:
        if not isinstance(issue, Issue):
            raise HarnessFailure(f"{where}: {issue!r} is not an Issue")
        loc = issue.location
        if not isinstance(loc.path, str) or not loc.path:
            raise HarnessFailure(f"{where}: issue without a path: {issue!r}")
        if not isinstance(loc.line, int) or loc.line < 0:
            raise HarnessFailure(f"{where}: issue with line {loc.line!r}: {issue!r}")
        if not isinstance(loc.col, int) or loc.col < 0:
            raise HarnessFailure(f"{where}: issue with column {loc.col!r}: {issue!r}")
        if not isinstance(issue.message, str) or not issue.message.strip():
            raise HarnessFailure(f"{where}: issue without a message: {issue!r}")
        if not isinstance(issue.code, str) or not issue.code:
            raise HarnessFailure(f"{where}: issue without a code: {issue!r}")
        for lang in ("en", "es"):  # must render as one line a terminal cannot act on
            line = issue.format(lang)
            if "\n" in line or UNSAFE.search(line):
                raise HarnessFailure(f"{where}: issue does not render as one safe line: {line!r}")


def check_input_error(exc: InputError, where: str) -> None:
    if not exc.issues:
        raise HarnessFailure(f"{where}: InputError without any issue")
    if len(exc.issues) > MAX_PROBLEMS + 1:
        raise HarnessFailure(f"{where}: {len(exc.issues)} issues for one file (at most {MAX_PROBLEMS} + 1)")
    check_issues(exc.issues, where)


def check_json_shaped(value: Any) -> None:
    """Parsed data holds only dict (str keys), list, str, int, float, bool and None.

    Aliases share objects, so each container is visited once (alias bombs stay cheap).
    """
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, (str, int, float)):  # bool is an int
            continue
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, dict):
                bad = [k for k in item if not isinstance(k, str)]
                if bad:
                    raise HarnessFailure(f"parse: non-string keys {bad[:3]!r}")
                stack.extend(item.values())
            else:
                stack.extend(item)
            continue
        raise HarnessFailure(f"parse: value of type {type(item).__name__} is not JSON-shaped")


def run_pipeline(data: bytes) -> None:
    """parse -> validate (3 kinds) -> build + cross-check a schema-valid Assessment."""
    try:
        doc = yamlio.parse(data, PATH)
    except InputError as exc:
        check_input_error(exc, "parse")
        return
    check_json_shaped(doc.data)
    for kind in KINDS:
        issues = validation.validate_document(doc, kind)
        check_issues(issues, f"validate {kind}")
        if len(issues) > MAX_PROBLEMS + 1:
            raise HarnessFailure(f"validate {kind}: {len(issues)} issues (at most {MAX_PROBLEMS} + 1)")
        if not issues and not validation.is_valid(doc.data, kind):
            raise HarnessFailure(f"validate {kind}: the fast check refuses the document, yet no issue")
        if kind == "Assessment" and not issues:
            try:
                loading.load_assessment_document(doc, LIBRARY)
            except InputError as exc:
                check_input_error(exc, "load_assessment_document")


def TestOneInput(data: bytes) -> None:
    """The fuzz target: any exception escaping it is a crash."""
    try:
        run_pipeline(data)
    except (InputError, HarnessFailure):
        raise  # an InputError escaping run_pipeline was not checked: still a bug
    except Exception as exc:
        if not known_bug(exc):
            raise


def main() -> None:
    assert atheris is not None, "pip install atheris"
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
