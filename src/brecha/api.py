"""The library's front door, used by the command line and by Python callers alike."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from brecha import loading, model
from brecha.errors import InputError, Issue, Severity, UsageError
from brecha.evaluation import evaluate
from brecha.report import GapReport

__all__ = ["LintResult", "content_paths", "evaluate_path", "lint", "load_content"]


def content_paths(rules_dir: str | None = None) -> list[str]:
    """Where content is read from: ``rules_dir`` if given, else the bundled content."""
    if rules_dir is not None:
        if not os.path.isdir(rules_dir):
            raise UsageError(f"--rules {rules_dir}: no such folder")
        return [rules_dir]
    return [str(loading.bundled_root())]


def load_content(rules_dir: str | None = None) -> model.Library:
    """Load and cross-check the content library; raise :class:`InputError` on errors."""
    return loading.load_library(content_paths(rules_dir))


@dataclass(frozen=True, slots=True)
class LintResult:
    """What ``lint`` found: every issue, and the files it read."""

    issues: tuple[Issue, ...]
    files: tuple[str, ...]

    @property
    def errors(self) -> int:
        """Number of errors."""
        return sum(i.severity is Severity.ERROR for i in self.issues)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return sum(i.severity is Severity.WARNING for i in self.issues)

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the lint should fail (errors, or any issue when ``strict``)."""
        return bool(self.errors or (strict and self.warnings))


def lint(paths: Sequence[str] = (), rules_dir: str | None = None) -> LintResult:
    """Check files (default: the content in use) for schema and consistency problems.

    Files that refer to content they do not contain (a rule set without its standards,
    an assessment) are checked against the content in use, bundled or ``rules_dir``.
    """
    context = content_paths(rules_dir)
    targets = list(paths) or context
    for path in targets:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    result = loading.read_library(targets, context=context if paths else ())
    return LintResult(tuple(result.issues), tuple(loading.discover(targets)))


def evaluate_path(path: str, rules_dir: str | None = None) -> GapReport:
    """Load content and one self-assessment and evaluate it."""
    library = load_content(rules_dir)
    assessment = loading.load_assessment(path, library)
    return evaluate(assessment, library)


def raise_for(issues: Sequence[Issue]) -> None:
    """Raise :class:`InputError` if any issue is an error."""
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise InputError(errors)
