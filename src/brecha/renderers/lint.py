"""Lint results as text, JSON, GitHub annotations or SARIF 2.1.0. Pure functions."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from brecha import __version__
from brecha.codes import CODES, Code
from brecha.errors import Issue, tally
from brecha.i18n import Lang, ntr, tr
from brecha.sanitize import json_text, one_line

__all__ = ["LintFormat", "render"]


class LintFormat(StrEnum):
    """Output formats of ``brecha lint``."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


_SEVERITY = {str(code): str(severity) for code, (severity, _) in CODES.items()}


def _statistics(issues: Sequence[Issue]) -> list[tuple[str, int]]:
    """(code, count) of the problems shown, the most frequent first (a closing "…and N more" is no problem)."""
    counts = Counter(str(i.code) for i in issues if i.code is not Code.TOO_MANY_PROBLEMS)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def render(fmt: LintFormat, issues: Sequence[Issue], files: int, lang: str = "en", *, statistics: bool = False,
           hidden: int = 0) -> str:
    """Render lint issues (already sorted) in one format; text and annotations in ``lang``.

    JSON and SARIF keep the English message (tools match on it) and add ``message_es``.
    ``statistics`` adds a count per code of the problems shown (text and JSON); ``hidden``
    says how many issues ``--select``/``--ignore`` left out.

    Totals count problems, not lines: the closing "…and N more" of a file adds the N
    problems it stands for, never itself. In SARIF it is a tool notification, not a result;
    in GitHub annotations a notice.
    """
    count = tally(issues)
    errors, warnings = count.errors, count.warnings
    if fmt is LintFormat.JSON:
        data: dict[str, Any] = {"files": files, "errors": errors, "warnings": warnings,
                                "not_shown": count.not_shown, "complete": not count.stopped,
                "issues": [{"path": i.location.path, "line": i.location.line, "col": i.location.col,
                            "pointer": i.location.pointer, "severity": str(i.severity), "code": i.code,
                            "message": i.message,
                            "message_es": i.text(Lang.ES) if i.msg is not None or i.es else None} for i in issues]}
        if statistics:
            data["statistics"] = dict(_statistics(issues))
        if hidden:
            data["hidden"] = hidden
        return json_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)) + "\n"
    if fmt is LintFormat.GITHUB:
        return "".join(f"::{_gh_level(i)} file={_gh(i.location.path, True)},line={i.location.line},"
                       f"col={i.location.col},title={i.code}::{_gh(i.text(lang))}\n" for i in issues)
    if fmt is LintFormat.SARIF:
        return json_text(json.dumps(_sarif(issues, errors, warnings, count.not_shown, not count.stopped), ensure_ascii=False, indent=2, allow_nan=False)) + "\n"
    lines = [i.format(lang) + "\n" for i in issues]
    if statistics and issues:
        rows = _statistics(issues)
        width = max(len(str(n)) for _, n in rows)
        code_width = max(len(code) for code, _ in rows)
        lines.append("\n" + tr("lint.statistics", lang) + "\n")
        for code, n in rows:
            severity = tr("severity.error" if _SEVERITY[code] == "error" else "severity.warning", lang)
            lines.append(f"{n:>{width}}  {code:<{code_width}}  {severity}\n")
        lines.append("\n")
    if hidden:
        lines.append(ntr("lint.hidden", hidden, lang) + "\n")
    if count.not_shown:
        lines.append(ntr("lint.not_shown", count.not_shown, lang) + "\n")
    if count.stopped:
        lines.append(ntr("lint.stopped", count.stopped, lang) + "\n")
    return "".join(lines) + tr("lint.summary", lang, files=ntr("lint.files", files, lang),
                               errors=ntr("lint.errors", errors, lang), warnings=ntr("lint.warnings", warnings, lang)) + "\n"


def _gh_level(issue: Issue) -> str:
    # "…and N more" is no problem of its own: a notice, so GitHub's error count stays the problems'
    return "notice" if issue.code is Code.TOO_MANY_PROBLEMS else str(issue.severity)


def _gh(value: str, prop: bool = False) -> str:
    # one line, no control character: a workflow command's text lands in CI logs and terminals
    value = one_line(value).replace("%", "%25")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def _sarif(issues: Sequence[Issue], errors: int, warnings: int, not_shown: int, complete: bool) -> dict[str, Any]:
    codes = sorted(CODES)
    index = {code: n for n, code in enumerate(codes)}
    results = []
    notifications = []
    for issue in issues:
        region: dict[str, Any] = {}
        if issue.location.line:
            region = {"startLine": issue.location.line, "startColumn": max(issue.location.col, 1)}
        physical: dict[str, Any] = {"artifactLocation": {"uri": issue.location.path.replace("\\", "/")}}
        if region:
            physical["region"] = region
        result: dict[str, Any] = {
            "ruleId": issue.code,
            "level": "error" if issue.severity == "error" else "warning",
            "message": {"text": issue.message},
            "locations": [{"physicalLocation": physical}],
        }
        if issue.code in index:
            result["ruleIndex"] = index[issue.code]
        if issue.location.pointer:
            result["properties"] = {"jsonPointer": issue.location.pointer}
        if issue.code is Code.TOO_MANY_PROBLEMS:  # no result: a note that results were left out
            notifications.append({"descriptor": {"id": issue.code}, "level": "warning",
                                  "message": {"text": issue.message}, "locations": result["locations"]})
            continue
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "brecha", "version": __version__,
                "rules": [{"id": code, "shortDescription": {"text": CODES[code][1]},
                           "defaultConfiguration": {"level": CODES[code][0]}} for code in codes],
            }},
            "invocations": [invocation],
            "results": results,
            "properties": {"errors": errors, "warnings": warnings, "notShown": not_shown, "complete": complete},
        }],
    }
