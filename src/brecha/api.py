"""The library's front door, used by the command line and by Python callers alike."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from brecha import loading, model
from brecha.codes import Code
from brecha.errors import InputError, Issue, Location, Severity, Unreadable, UsageError, tally
from brecha.evaluation import condition_facts, evaluate
from brecha.frozen import record
from brecha.report import Brief, GapReport

if TYPE_CHECKING:
    from brecha.chain import Chain
    from brecha.comparing import Comparison
    from brecha.coverage import Coverage
    from brecha.diffing import DiffResult
    from brecha.drafting import DraftSet
    from brecha.explaining import Entry
    from brecha.followup import FollowUp, PlannedReport
    from brecha.importing import Imported
    from brecha.planning import PlanDraft
    from brecha.summarizing import AnonymousSummary, GroupBy, Summary, SummaryOptions
    from brecha.templating import Draft
    from brecha.workbook import WorkbookTemplate
    from brecha.workshop import Page
    from brecha.xlsform import Form

__all__ = ["DiffResult", "LintResult", "PlannedComparison", "assessment_schema", "chain_paths", "compare_paths", "compare_with_plan", "content_paths", "content_root", "coverage",
           "diff", "draft_path", "evaluate_path", "evaluate_with_plan", "explain", "import_file", "lint", "load_content", "page_path", "plan",
           "read_draft", "schema", "summarize_anonymous", "summarize_paths", "template", "write_imported", "xlsform"]


def content_root(rules_dir: str) -> tuple[str, bool]:
    """The content root a ``--rules`` folder means, and whether it was moved up to it.

    The root holds ``standards/`` and ``rules/``. Pointed at the ``rules/`` (or ``standards/``)
    folder inside a root, the root is meant: its rule sets cannot be read without its standards.
    """
    here = os.path.normpath(rules_dir)
    parent = os.path.dirname(os.path.abspath(here))
    if not os.path.isdir(os.path.join(here, "standards")) and os.path.isdir(os.path.join(parent, "standards")) \
            and os.path.basename(os.path.abspath(here)) in ("rules", "standards"):
        return os.path.relpath(parent) if not os.path.isabs(rules_dir) else parent, True
    return rules_dir, False


def content_paths(rules_dir: str | None = None) -> list[str]:
    """Where content is read from: ``rules_dir`` if given, else the bundled content.

    Raises:
        InputError: ``rules_dir`` is not a folder (a path that cannot be read, like any other).
    """
    if rules_dir is not None:
        if not os.path.isdir(rules_dir):
            raise InputError([Issue.of(Location(rules_dir), Code.UNREADABLE, "diag.read.rules_folder")])
        return [rules_dir]
    return [str(loading.bundled_root())]


def load_content(rules_dir: str | None = None) -> model.Library:
    """Load and cross-check the content library; raise :class:`InputError` on errors.

    The bundled content comes from the user's cache when it is unchanged (see :mod:`brecha.cache`).
    """
    if rules_dir is None:
        return loading.load_bundled()
    return loading.load_library(content_paths(rules_dir))


@record
class LintResult:
    """What ``lint`` found: every issue, and the files it read."""

    issues: tuple[Issue, ...]
    files: tuple[str, ...]
    statistics: bool = False  # add a count of issues per code
    hidden: int = 0  # issues left out by select or ignore

    @property
    def errors(self) -> int:
        """Number of errors found, those not shown included (the closing "…and N more" of a file is none)."""
        return tally(self.issues).errors

    @property
    def warnings(self) -> int:
        """Number of warnings found, those not shown included."""
        return tally(self.issues).warnings

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the lint should fail (errors, or any issue when ``strict``)."""
        return bool(self.errors or (strict and self.warnings))

    @property
    def unreadable(self) -> bool:
        """Whether a path could not be read at all (missing, no permission, a pipe): exit 3, as in every command."""
        return any(i.code is Code.UNREADABLE for i in self.issues)


def lint(paths: Sequence[str] = (), rules_dir: str | None = None, *, select: Sequence[str] = (),
         ignore: Sequence[str] = (), statistics: bool = False) -> LintResult:
    """Check files (default: the content in use) for schema and consistency problems.

    Files that refer to content they do not contain (a rule set without its standards,
    an assessment) are checked against the content in use, bundled or ``rules_dir``.
    ``select`` keeps only the issues of those codes, ``ignore`` drops those codes (a file
    that cannot be read is always reported); both also take ``error`` or ``warning``.

    Raises:
        UsageError: a code in ``select`` or ``ignore`` that does not exist.
    """
    wanted, dropped = _codes(select), _codes(ignore)
    context = content_paths(rules_dir)
    targets = list(paths) or context  # a path that does not exist is reported as unreadable, with the others
    result = loading.read_library(targets, context=context if paths else ())

    def kept(issue: Issue) -> bool:
        if issue.code is Code.UNREADABLE:
            return True
        named = {str(issue.code), str(issue.severity)}
        return (not wanted or bool(named & wanted)) and not named & dropped

    issues = tuple(i for i in result.issues if kept(i))
    return LintResult(issues, tuple(loading.discover(targets)), statistics=statistics,
                      hidden=len(result.issues) - len(issues))


def _codes(names: Sequence[str]) -> set[str]:
    """Codes (or severities) named on the command line, comma-separated or repeated."""
    from brecha.codes import CODES

    known = {str(c) for c in CODES} | {str(s) for s in Severity}
    found = {part.strip() for name in names for part in name.split(",") if part.strip()}
    for name in sorted(found - known):
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=1)
        raise UsageError("error.unknown_code", code=name, hint=f" ({close[0]}?)" if close else "")
    return found


def evaluate_path(path: str, rules_dir: str | None = None) -> GapReport:
    """Load content and one self-assessment and evaluate it."""
    library = load_content(rules_dir)
    assessment = loading.load_assessment(path, library)
    return evaluate(assessment, library)


def diff(old: str, new: str | None = None, assessments: Sequence[str] = ()) -> DiffResult:
    """Compare content ``old`` (a folder, or a git revision of ``new``'s repository) with ``new``.

    ``new`` defaults to the bundled content. Each assessment is evaluated with both.
    """
    from brecha.diffing import DiffResult, ScoreEffect, diff_libraries
    from brecha.yamlio import read_bytes

    new_paths = content_paths(new)
    keep = None
    if os.path.isdir(old):
        old_dir = old
    else:
        from brecha.revisions import checkout_content

        keep, old_dir = checkout_content(old, new_paths[0])
    try:
        old_lib = load_content(old_dir)
        new_lib = loading.load_library(new_paths)
        effects = []
        files = loading.discover(assessments)
        unreadable: list[Issue] = []
        for path in files:  # every path that cannot be read is reported (exit 3), the others still compared
            try:
                read_bytes(path)
            except InputError as exc:
                unreadable.extend(i for i in exc.issues if i.code is Code.UNREADABLE)
        for path in files:
            sides: list[GapReport | None] = []
            error = None
            for lib in (old_lib, new_lib):
                try:
                    sides.append(evaluate(loading.load_assessment(path, lib), lib))
                except InputError as exc:
                    sides.append(None)
                    error = exc.issues[0].format()
            effects.append(ScoreEffect(path, sides[0], sides[1], error))
        return DiffResult(old, new or "bundled", diff_libraries(old_lib, new_lib), tuple(effects),
                          tuple(unreadable))
    finally:
        if keep is not None:
            keep.cleanup()


def compare_paths(old: str, new: str, rules_dir: str | None = None, *more: str) -> Comparison:
    """Evaluate rounds of one institution and compare them.

    The rounds are put in date order (the order given breaks ties); the last two are
    compared rule by rule, and with three or more every round forms a trend.
    """
    return _compare(load_content(rules_dir), (old, new, *more))[0]


def _compare(library: model.Library, paths: Sequence[str]) -> tuple[Comparison, GapReport]:
    """The comparison of the rounds, and the latest round's report."""
    from brecha.comparing import compare

    loaded = [loading.load_assessment(path, library) for path in paths]
    ordered = sorted(enumerate(loaded), key=lambda pair: (pair[1].assessed_on, pair[0]))
    rounds = [(a, evaluate(a, library)) for _, a in ordered]
    (a, ra), (b, rb) = rounds[-2], rounds[-1]
    return compare(a, ra, b, rb, library, tuple(r for _, r in rounds[:-2]),
                   facts=condition_facts(b, library)), rb


@record
class PlannedComparison:
    """A comparison of rounds with the follow-up, on the latest round, of the previous round's plan."""

    comparison: Comparison
    follow_up: FollowUp


def compare_with_plan(old: str, new: str, plan_path: str, rules_dir: str | None = None,
                      *more: str) -> PlannedComparison:
    """Compare rounds of one institution and follow up, on the latest, the plan made at the one before."""
    from brecha.followup import follow_up

    library = load_content(rules_dir)
    comparison, latest = _compare(library, (old, new, *more))
    return PlannedComparison(comparison, follow_up(latest, _read_plan(plan_path, library), library))


def summarize_paths(paths: Sequence[str], rules_dir: str | None = None,
                    on_progress: Callable[[int, int], None] | None = None,
                    options: SummaryOptions | None = None) -> Summary:
    """Evaluate every assessment under ``paths``; unreadable files are listed, not fatal.

    A file found in a folder that is not a self-assessment at all (another kind of brecha
    document, or other YAML such as a CI workflow) is skipped and listed; named on its own,
    it is a failure like any unreadable file.

    The files are read and evaluated on all the cores available (:mod:`brecha.parallel`),
    and each report is cut to what a summary shows (:class:`~brecha.summarizing.Brief`) as
    soon as it is made; the result is the same as one by one.
    """
    import dataclasses

    from brecha.parallel import ordered_map
    from brecha.summarizing import summarize

    library = load_content(rules_dir)
    if options is not None and options.levels:  # levels by name too: estatal
        options = dataclasses.replace(options, levels=tuple(model.level_id(library, lv) or lv for lv in options.levels))
    files = loading.discover(paths)
    if not files:
        raise UsageError("error.no_assessments", paths=", ".join(paths))
    named = frozenset(os.path.normpath(p) for p in paths)
    items = ordered_map(_summary_item, (library, named), files)
    return summarize(items, options, None if on_progress is None else lambda n: on_progress(n, len(files)),
                     model.phase_order(library.rulesets.values()))


def _summary_item(state: tuple[model.Library, frozenset[str]], path: str) -> tuple[str, Brief | Unreadable | None]:
    """One file of a summary: its brief, the first problem that stops it, or None when it is no assessment."""
    from brecha.evaluation import evaluate_brief

    library, named = state
    try:
        return path, evaluate_brief(loading.load_assessment(path, library), library)
    except InputError as exc:
        if os.path.normpath(path) not in named and exc.issues[0].code in _NOT_ASSESSMENTS:
            return path, None
        return path, Unreadable.of(exc)


def summarize_anonymous(paths: Sequence[str], rules_dir: str | None = None,
                        on_progress: Callable[[int, int], None] | None = None,
                        options: SummaryOptions | None = None, *, min_group: int | None = None,
                        group_by: GroupBy | None = None) -> tuple[AnonymousSummary, Summary]:
    """A summary that can be shared (groups of at least ``min_group``, no text from the assessments),
    and the full summary it was drawn from (for the files that could not be read: the command line
    names them on standard error; the shared summary only counts them)."""
    import dataclasses

    from brecha.summarizing import MIN_GROUP, anonymise

    full = summarize_paths(paths, rules_dir, on_progress,
                           dataclasses.replace(options, group_by=None) if options is not None else None)
    return anonymise(full, min_group=MIN_GROUP if min_group is None else min_group, group_by=group_by), full


#: What loading an assessment says of a file that is no self-assessment at all.
_NOT_ASSESSMENTS = frozenset({Code.UNKNOWN_KIND, Code.WRONG_KIND, Code.WRONG_TYPE})


def coverage(rulesets: Sequence[str] = (), rules_dir: str | None = None, *, matrix: bool = False,
             standards: Sequence[str] = ()) -> Coverage:
    """Which provisions the rule sets (default: all) cover, standard by standard, and how well
    each rule set's rules are grounded in its declared basis. ``matrix`` lists every provision
    with the rules implementing it; ``standards`` keeps only those standards.

    Raises:
        UsageError: a rule set or standard that is not loaded.
    """
    from brecha.coverage import Coverage, compute_coverage, compute_grounding

    library = load_content(rules_dir)
    unknown = [r for r in rulesets if r not in library.rulesets]
    if unknown:
        raise UsageError("error.unknown_rulesets", unknown=", ".join(unknown), known=", ".join(sorted(library.rulesets)))
    missing = [s for s in standards if s not in library.standards]
    if missing:
        raise UsageError("error.unknown_standards", unknown=", ".join(missing), known=", ".join(sorted(library.standards)))
    found = tuple(s for s in compute_coverage(library, rulesets) if not standards or s.id in standards)
    return Coverage(rulesets=tuple(rulesets or sorted(library.rulesets)), standards=found,
                    grounding=compute_grounding(library, rulesets), matrix=matrix)


def explain(ident: str, lang: str, rules_dir: str | None = None) -> Entry:
    """What an ID is (rule, provision, weakness, institution, standard, rule set, source), in ``lang``."""
    from brecha.explaining import explain as describe

    return describe(load_content(rules_dir), ident, lang)


def template(institution: str, level: str, *, date: str, rulesets: Sequence[str] = (),
             rules_dir: str | None = None) -> WorkbookTemplate:
    """A blank self-assessment for one institution type and level (YAML text or a workbook)."""
    from brecha.templating import new_draft
    from brecha.workbook import WorkbookTemplate

    library = load_content(rules_dir)
    return WorkbookTemplate(library, new_draft(library, institution, level, date=date, rulesets=rulesets))


def read_draft(path: str, library: model.Library) -> Draft:
    """An existing self-assessment as a draft to continue (``brecha assess``)."""
    from brecha.templating import draft_from

    return draft_from(loading.load_assessment(path, library))


def schema(kind: str) -> dict[str, Any]:
    """The self-contained JSON Schema of a document kind (``Assessment``, ``RuleSet``...)."""
    from brecha.schemas import bundled_schema

    return bundled_schema(kind)


def assessment_schema(institution: str, level: str, *, rulesets: Sequence[str] = (), lang: str = "es",
                      rules_dir: str | None = None) -> dict[str, Any]:
    """The assessment schema for one institution type and level: the answer values each rule accepts.

    Raises:
        UsageError: unknown institution type, level or rule set.
    """
    from brecha.schemas import bundled_schema
    from brecha.templating import assessment_schema as narrowed
    from brecha.templating import new_draft

    library = load_content(rules_dir)
    draft = new_draft(library, institution, level, date="2000-01-01", rulesets=rulesets)
    return narrowed(library, draft, bundled_schema("Assessment"), lang)


def chain_paths(paths: Sequence[str], *, jurisdiction: str | None = None, ruleset: str | None = None,
                rules_dir: str | None = None) -> Chain:
    """The Ruta as a chain over the self-assessments of one jurisdiction under ``paths``.

    Files that cannot be read are listed in the chain's ``failures`` (the command line
    reports them and exits 3), as ``summarize_paths`` does.

    Raises:
        UsageError: no assessment found; mixed jurisdictions without ``jurisdiction``; no
            rule set with hand-offs (see :func:`brecha.chain.build_chain`).
    """
    from brecha.chain import build_chain

    library = load_content(rules_dir)
    files = loading.discover(paths)
    if not files:
        raise UsageError("error.no_assessments", paths=", ".join(paths))
    read: list[tuple[str, model.Assessment]] = []
    failures: list[tuple[str, Unreadable]] = []
    problems: list[Issue] = []
    for path in files:
        try:
            read.append((path, loading.load_assessment(path, library)))
        except InputError as exc:
            failures.append((path, Unreadable.of(exc)))
            problems.extend(exc.issues)
    if not read:
        raise InputError(problems)
    return build_chain(library, read, jurisdiction=jurisdiction, ruleset=ruleset, failures=failures)


def import_file(path: str, *, lang: str, rules_dir: str | None = None) -> tuple[Imported, ...]:
    """Self-assessments from a filled workbook (one) or a KoBoToolbox/ODK submissions export (one each).

    Raises:
        InputError: every problem, located by sheet and cell (or CSV row and column).
    """
    from brecha.importing import import_path

    return import_path(path, load_content(rules_dir), lang=lang)


def write_imported(imported: Sequence[Imported], output: str | None, *, force: bool = False) -> list[str]:
    """Write imported assessments: one to ``output`` (a file), several into ``output`` (a folder).

    Returns the paths written. Nothing is overwritten without ``force``; each file is written atomically.

    Raises:
        UsageError: several assessments and no folder to put them in, or a file that exists.
    """
    from brecha.output import write_atomic, write_many

    if output is not None and os.path.isdir(output):
        return write_many(output, {f"{item.name}.yaml": item.text for item in imported}, force=force)
    if len(imported) != 1 or output is None:
        raise UsageError("error.import_needs_folder", n=len(imported))
    write_atomic(output, imported[0].text, force=force)
    return [output]


def xlsform(institution: str, level: str, *, rulesets: Sequence[str] = (), rules_dir: str | None = None) -> Form:
    """The XLSForm for an institution type and level (checked at once: unknown IDs are usage errors)."""
    from brecha.templating import new_draft
    from brecha.xlsform import Form

    library = load_content(rules_dir)
    new_draft(library, institution, level, date="", rulesets=rulesets)  # raises on unknown IDs
    return Form(library, institution, level, tuple(rulesets))


def plan(path: str, *, lang: str, made_on: str, rules_dir: str | None = None) -> PlanDraft:
    """An action plan for the gaps and weaknesses of one self-assessment."""
    from brecha.planning import PlanDraft, build_plan

    library = load_content(rules_dir)
    report = evaluate(loading.load_assessment(path, library), library)
    return PlanDraft(library, build_plan(report, library, lang=lang, made_on=made_on))


def evaluate_with_plan(path: str, plan_path: str, rules_dir: str | None = None) -> PlannedReport:
    """Evaluate a self-assessment and follow up the action plan made at the previous round."""
    from brecha.followup import PlannedReport, follow_up

    library = load_content(rules_dir)
    report = evaluate(loading.load_assessment(path, library), library)
    return PlannedReport(report, follow_up(report, _read_plan(plan_path, library), library))


def _read_plan(path: str, library: model.Library) -> model.ActionPlan:
    """The plan made at the previous round: its YAML file, or the workbook ``brecha plan`` wrote, filled in."""
    from brecha.importing import read_plan

    return read_plan(path, library)


def draft_path(path: str, rules_dir: str | None = None) -> DraftSet:
    """Drafted legal basis for the critical gaps and top actions of one self-assessment."""
    from brecha.drafting import build_drafts

    library = load_content(rules_dir)
    assessment = loading.load_assessment(path, library)
    return build_drafts(evaluate(assessment, library), assessment, library)


def page_path(path: str, rules_dir: str | None = None) -> Page:
    """One printable page of a self-assessment's results, for a validation workshop."""
    from brecha.workshop import build_page

    library = load_content(rules_dir)
    return build_page(evaluate(loading.load_assessment(path, library), library), library)


def __getattr__(name: str) -> Any:
    """``api.DiffResult``, imported when asked for (start-up time of commands that never diff)."""
    if name == "DiffResult":
        from brecha.diffing import DiffResult

        return DiffResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
