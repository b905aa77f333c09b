"""Every command's output formats, one typed registry per command: format name -> renderer.

A renderer takes the command's result (a model from :mod:`brecha.api`) and a language and
returns text, or a :class:`Rich` renderable for the terminal. The command line offers
exactly the formats registered here (``--format`` choices) and renders through them; it
renders nothing itself.

Each entry is a small function that imports its renderer module when called, so asking
for JSON never loads rich, and mypy sees every call.

Adding a format: one function here, one entry in the command's registry, and the renderer
(in its own module of this package). ``tests/test_formats.py`` renders every registered
format of every command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from brecha.frozen import record

if TYPE_CHECKING:
    from rich.console import RenderableType

    from brecha.chain import Chain
    from brecha.comparing import Comparison
    from brecha.coverage import Coverage
    from brecha.diffing import DiffResult
    from brecha.drafting import DraftSet
    from brecha.errors import Issue
    from brecha.explaining import Entry
    from brecha.followup import FollowUp, PlannedReport
    from brecha.report import GapReport
    from brecha.summarizing import AnonymousSummary, Summary
    from brecha.workshop import Page

__all__ = [
    "CHAIN",
    "COMPARE",
    "COVERAGE",
    "DIFF",
    "DRAFT",
    "EXPLAIN",
    "EXPORT",
    "LINT",
    "PAGE",
    "PLAN",
    "PLANNED_COMPARE",
    "PLANNED_REPORT",
    "PLANNED_REPORT_DETAIL",
    "REPORT",
    "REPORT_DETAIL",
    "SCHEMA",
    "SUMMARY",
    "SUMMARY_ANONYMOUS",
    "TEMPLATE",
    "FormLike",
    "Formats",
    "LintLike",
    "Output",
    "Rich",
    "TemplateLike",
    "planned_report_formats",
    "report_formats",
]


@record
class Rich:
    """Output for a terminal: a rich renderable. In a file it is written as plain text,
    or as ``plain`` when the format has a better file form (Markdown for ``compare``)."""

    renderable: RenderableType
    plain: str | None = None
    pager: bool = False  # long: on a terminal, shown through a pager


Output = str | bytes | Rich
"""Text, a binary file (an xlsx workbook, written only to a file or a pipe), or a terminal view."""
M = TypeVar("M", contravariant=True)


@record
class Formats(Generic[M]):
    """One command's formats: name -> renderer of its model; the first is the default."""

    command: str
    renderers: Mapping[str, Callable[[M, str], Output]]

    @property
    def names(self) -> list[str]:
        """The format names, default first (the ``--format`` choices)."""
        return list(self.renderers)

    @property
    def default(self) -> str:
        """The format used when none is asked for."""
        return next(iter(self.renderers))

    def render(self, fmt: str, result: M, lang: str) -> Output:
        """Render ``result`` in format ``fmt`` (one of :attr:`names`) and language ``lang``."""
        return self.renderers[fmt](result, lang)


class LintLike(Protocol):
    """What lint renderers need of a lint result (``api.LintResult``)."""

    @property
    def issues(self) -> tuple[Issue, ...]: ...

    @property
    def files(self) -> tuple[str, ...]: ...

    @property
    def statistics(self) -> bool: ...

    @property
    def hidden(self) -> int: ...


class TemplateLike(Protocol):
    """A document that writes itself as YAML text or as a workbook (``workbook.WorkbookTemplate``,
    ``planning.PlanDraft``). The renderers never import the writers: those speak YAML."""

    def text(self, lang: str) -> str: ...

    def xlsx(self, lang: str) -> bytes: ...


class FormLike(Protocol):
    """A form for a data-collection tool (``xlsform.Form``)."""

    def xlsx(self, lang: str) -> bytes: ...


# evaluate: the gap report ------------------------------------------------------------

def _report_console_detail(report: GapReport, lang: str) -> Output:
    from brecha.renderers import console

    return Rich(console.render_detail(report, lang), pager=True)


def _report_json(report: GapReport, lang: str) -> Output:
    from brecha.renderers import json

    return json.render(report, lang)


def _report_markdown(report: GapReport, lang: str) -> Output:
    from brecha.renderers import markdown

    return markdown.render(report, lang)


def _report_html(report: GapReport, lang: str) -> Output:
    from brecha.renderers import html

    return html.render(report, lang)


def _report_pdf(report: GapReport, lang: str) -> Output:
    from brecha.renderers import pdf

    return pdf.render(report, lang)


def report_formats(again: Sequence[str] | None = None) -> Formats[GapReport]:
    """``evaluate``'s formats. ``again``: the arguments of the run after ``brecha evaluate``, the
    assessment first as typed; the concise console report closes with them and ``--detail``."""

    def _report_console(report: GapReport, lang: str) -> Output:
        from brecha.renderers import console

        return Rich(console.render(report, lang, again=again))

    return Formats("evaluate", {
        "console": _report_console, "json": _report_json, "markdown": _report_markdown, "html": _report_html,
        "pdf": _report_pdf})


REPORT: Formats[GapReport] = report_formats()


# lint ---------------------------------------------------------------------------------

def _lint(fmt: str) -> Callable[[LintLike, str], Output]:
    def render(result: LintLike, lang: str) -> Output:
        from brecha.renderers import lint

        return lint.render(lint.LintFormat(fmt), result.issues, len(result.files), lang,
                           statistics=result.statistics, hidden=result.hidden)

    return render


LINT: Formats[LintLike] = Formats("lint", {name: _lint(name) for name in ("text", "json", "github", "sarif")})


# diff ---------------------------------------------------------------------------------

def _diff_markdown(result: DiffResult, lang: str) -> Output:
    from brecha.renderers import diff

    return diff.render_markdown(result)


def _diff_json(result: DiffResult, lang: str) -> Output:
    from brecha.renderers import diff

    return diff.render_json(result)


def _diff_text(result: DiffResult, lang: str) -> Output:
    from brecha.renderers import diff

    return diff.render_text(result)


DIFF: Formats[DiffResult] = Formats("diff", {"markdown": _diff_markdown, "text": _diff_text, "json": _diff_json})


# compare ------------------------------------------------------------------------------

def _compare_console(result: Comparison, lang: str) -> Output:
    from brecha.renderers import rounds, terminal

    text = rounds.compare_markdown(result, lang)
    return Rich(terminal.markdown(text), plain=text)


def _compare_markdown(result: Comparison, lang: str) -> Output:
    from brecha.renderers import rounds

    return rounds.compare_markdown(result, lang)


def _compare_json(result: Comparison, lang: str) -> Output:
    from brecha.renderers import rounds

    return rounds.compare_json(result, lang)


COMPARE: Formats[Comparison] = Formats("compare", {
    "console": _compare_console, "markdown": _compare_markdown, "json": _compare_json})


class PlannedComparisonLike(Protocol):
    """A comparison with a plan's follow-up (``api.PlannedComparison``)."""

    @property
    def comparison(self) -> Comparison: ...

    @property
    def follow_up(self) -> FollowUp: ...


def _planned_compare_text(result: PlannedComparisonLike, lang: str) -> str:
    from brecha.renderers import rounds
    from brecha.renderers.plan import follow_up_markdown

    return rounds.compare_markdown(result.comparison, lang) + "\n" + follow_up_markdown(result.follow_up, lang)


def _planned_compare_markdown(result: PlannedComparisonLike, lang: str) -> Output:
    return _planned_compare_text(result, lang)


def _planned_compare_console(result: PlannedComparisonLike, lang: str) -> Output:
    from brecha.renderers import terminal

    text = _planned_compare_text(result, lang)
    return Rich(terminal.markdown(text), plain=text)


def _planned_compare_json(result: PlannedComparisonLike, lang: str) -> Output:
    import json as stdjson

    from brecha.renderers import rounds
    from brecha.renderers.plan import follow_up_data

    data = stdjson.loads(rounds.compare_json(result.comparison, lang)) | {
        "plan_follow_up": follow_up_data(result.follow_up)}
    return stdjson.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


PLANNED_COMPARE: Formats[PlannedComparisonLike] = Formats("compare", {
    "console": _planned_compare_console, "markdown": _planned_compare_markdown, "json": _planned_compare_json})


# summary ------------------------------------------------------------------------------

def _summary_console(result: Summary, lang: str) -> Output:
    from brecha.renderers import summary

    return Rich(summary.render(result, lang))


def _summary_csv(result: Summary, lang: str) -> Output:
    from brecha.renderers import rounds

    return rounds.summary_csv(result, lang)


def _summary_json(result: Summary, lang: str) -> Output:
    from brecha.renderers import rounds

    return rounds.summary_json(result, lang)


def _summary_xlsx(result: Summary, lang: str) -> Output:
    from brecha.renderers import spreadsheet

    return spreadsheet.summary_xlsx(result, lang)


SUMMARY: Formats[Summary] = Formats("summary", {"console": _summary_console, "csv": _summary_csv, "json": _summary_json,
                                                "xlsx": _summary_xlsx})


def _anonymous_console(result: AnonymousSummary, lang: str) -> Output:
    from brecha.renderers import summary

    return Rich(summary.render_anonymous(result, lang))


def _anonymous_csv(result: AnonymousSummary, lang: str) -> Output:
    from brecha.renderers import confidential

    return confidential.render_csv(result, lang)


def _anonymous_json(result: AnonymousSummary, lang: str) -> Output:
    from brecha.renderers import confidential

    return confidential.render_json(result, lang)


def _anonymous_xlsx(result: AnonymousSummary, lang: str) -> Output:
    from brecha.renderers import spreadsheet

    return spreadsheet.anonymous_xlsx(result, lang)


#: ``summary --anonymise``: the same formats as SUMMARY, for the confidential summary.
SUMMARY_ANONYMOUS: Formats[AnonymousSummary] = Formats("summary", {
    "console": _anonymous_console, "csv": _anonymous_csv, "json": _anonymous_json, "xlsx": _anonymous_xlsx})


# chain: the Ruta across one state's institutions ---------------------------------------

def _chain_console(result: Chain, lang: str) -> Output:
    from brecha.renderers import chain, terminal

    text = chain.render_markdown(result, lang)
    return Rich(terminal.markdown(text), plain=text)


def _chain_markdown(result: Chain, lang: str) -> Output:
    from brecha.renderers import chain

    return chain.render_markdown(result, lang)


def _chain_json(result: Chain, lang: str) -> Output:
    from brecha.renderers import chain

    return chain.render_json(result, lang)


def _chain_html(result: Chain, lang: str) -> Output:
    from brecha.renderers import chain

    return chain.render_html(result, lang)


CHAIN: Formats[Chain] = Formats("chain", {
    "console": _chain_console, "markdown": _chain_markdown, "json": _chain_json, "html": _chain_html})


# draft: the legal basis of each critical gap and top action ----------------------------

def _draft_markdown(result: DraftSet, lang: str) -> Output:
    from brecha.renderers import drafts

    return drafts.render_markdown(result, lang)


def _draft_html(result: DraftSet, lang: str) -> Output:
    from brecha.renderers import drafts

    return drafts.render_html(result, lang)


DRAFT: Formats[DraftSet] = Formats("draft", {"markdown": _draft_markdown, "html": _draft_html})


# page: one printable page per institution, for validation workshops --------------------

def _page_html(result: Page, lang: str) -> Output:
    from brecha.renderers import page

    return page.render_html(result, lang)


PAGE: Formats[Page] = Formats("page", {"html": _page_html})


# coverage -----------------------------------------------------------------------------

def _coverage_console(result: Coverage, lang: str) -> Output:
    from brecha.renderers import terminal

    return Rich(terminal.coverage(result, lang))


def _coverage_json(result: Coverage, lang: str) -> Output:
    from brecha.renderers import coverage

    return coverage.render_json(result, lang)


def _coverage_markdown(result: Coverage, lang: str) -> Output:
    from brecha.renderers import coverage

    return coverage.render_markdown(result, lang)


def _coverage_table(result: Coverage, lang: str) -> Output:
    from brecha.renderers import coverage

    return coverage.render_table(result, lang)


COVERAGE: Formats[Coverage] = Formats("coverage", {
    "console": _coverage_console, "json": _coverage_json, "markdown": _coverage_markdown, "table": _coverage_table})


# explain ------------------------------------------------------------------------------

def _explain_console(entry: Entry, lang: str) -> Output:
    from brecha.renderers import terminal

    return Rich(terminal.explanation(entry))


def _explain_json(entry: Entry, lang: str) -> Output:
    import json

    data = {"kind": entry.kind, "id": entry.id, "title": entry.title,
            "fields": [{"name": name, "value": value} for name, value in entry.fields]}
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


EXPLAIN: Formats[Entry] = Formats("explain", {"console": _explain_console, "json": _explain_json})


# schema and template: documents ---------------------------------------------------------

def _schema_json(schema: Mapping[str, Any], lang: str) -> Output:
    import json

    return json.dumps(schema, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


SCHEMA: Formats[Mapping[str, Any]] = Formats("schema", {"json": _schema_json})


def _template_yaml(template: TemplateLike, lang: str) -> Output:
    return template.text(lang)


def _template_xlsx(template: TemplateLike, lang: str) -> Output:
    return template.xlsx(lang)


TEMPLATE: Formats[TemplateLike] = Formats("template", {"yaml": _template_yaml, "xlsx": _template_xlsx})


# export: forms for data-collection tools ------------------------------------------------

def _export_xlsform(form: FormLike, lang: str) -> Output:
    return form.xlsx(lang)


EXPORT: Formats[FormLike] = Formats("export", {"xlsform": _export_xlsform})


# plan: an action plan from an assessment's gaps ------------------------------------------

PLAN: Formats[TemplateLike] = Formats("plan", {"yaml": _template_yaml, "xlsx": _template_xlsx})


# evaluate --plan: the gap report and the plan's follow-up ---------------------------------

def _planned_console_detail(result: PlannedReport, lang: str) -> Output:
    from rich.console import Group

    from brecha.renderers import console, terminal
    from brecha.renderers.plan import follow_up_markdown

    return Rich(Group(console.render_detail(result.report, lang), "",
                      terminal.markdown(follow_up_markdown(result.follow_up, lang))), pager=True)


def _planned_json(result: PlannedReport, lang: str) -> Output:
    import json as stdjson

    from brecha.renderers import json
    from brecha.renderers.plan import follow_up_data

    data = json.to_data(result.report, lang) | {"plan_follow_up": follow_up_data(result.follow_up)}
    return stdjson.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _planned_markdown(result: PlannedReport, lang: str) -> Output:
    from brecha.renderers import markdown
    from brecha.renderers.plan import follow_up_markdown

    return markdown.render(result.report, lang) + "\n" + follow_up_markdown(result.follow_up, lang)


def _planned_page(result: PlannedReport, lang: str) -> str:
    from brecha.renderers import html
    from brecha.renderers.plan import follow_up_html

    page = html.render(result.report, lang)
    head, tail = page.rsplit("<footer", 1) if "<footer" in page else (page, "")
    return head + follow_up_html(result.follow_up, lang) + ("<footer" + tail if tail else "")


def _planned_html(result: PlannedReport, lang: str) -> Output:
    return _planned_page(result, lang)


def _planned_pdf(result: PlannedReport, lang: str) -> Output:
    from brecha.renderers import pdf

    return pdf.html_to_pdf(_planned_page(result, lang))


#: ``evaluate --detail``: the whole console report (the other formats are always whole).
REPORT_DETAIL: Formats[GapReport] = Formats("evaluate", {"console": _report_console_detail})
PLANNED_REPORT_DETAIL: Formats[PlannedReport] = Formats("evaluate", {"console": _planned_console_detail})


def planned_report_formats(again: Sequence[str] | None = None) -> Formats[PlannedReport]:
    """``evaluate --plan``'s formats; ``again`` as for :func:`report_formats`."""

    def _planned_console(result: PlannedReport, lang: str) -> Output:
        from rich.console import Group

        from brecha.renderers import console, terminal
        from brecha.renderers.plan import follow_up_markdown

        # the follow-up after the report, set apart; the line that says how to see everything closes both
        return Rich(Group(console.render(result.report, lang, closing=False), "",
                          terminal.markdown(follow_up_markdown(result.follow_up, lang)), "",
                          console.closing(again, lang)))

    return Formats("evaluate", {
        "console": _planned_console, "json": _planned_json, "markdown": _planned_markdown, "html": _planned_html,
        "pdf": _planned_pdf})


PLANNED_REPORT: Formats[PlannedReport] = planned_report_formats()
