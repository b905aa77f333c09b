"""``brecha lint``: schema and consistency checks of content and assessments."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import EXIT, RulesOption, handled, write_result


class LintFormat(StrEnum):
    """Output formats of ``brecha lint``."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


@handled
def command(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders (default: the content in use).")] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    rules: RulesOption = None,
) -> None:
    """Check standards, rule sets and self-assessments; exit 1 if problems are found."""
    from brecha import api

    result = api.lint(paths or [], rules)
    if fmt is LintFormat.JSON:
        data = {"files": len(result.files), "errors": result.errors, "warnings": result.warnings,
                "issues": [{"path": i.location.path, "line": i.location.line, "col": i.location.col,
                            "pointer": i.location.pointer, "severity": str(i.severity), "code": i.code,
                            "message": i.message} for i in result.issues]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt is LintFormat.GITHUB:
        text = "".join(
            f"::{i.severity} file={i.location.path},line={i.location.line},col={i.location.col},"
            f"title={i.code}::{_gh_escape(i.message)}\n" for i in result.issues)
    else:
        text = "".join(i.format() + "\n" for i in result.issues)
        text += (f"{len(result.files)} file(s) checked: {result.errors} error(s), "
                 f"{result.warnings} warning(s)\n")
    write_result(text, None, False)
    raise typer.Exit(EXIT["findings"] if result.failed(strict=strict) else EXIT["ok"])


def _gh_escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
