"""``brecha coverage``: provisions x rules for each standard."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from brecha.cli._common import LangOption, RulesOption, handled, helptext, set_lang, write_result


class CoverageFormat(StrEnum):
    """Output formats of ``brecha coverage``."""

    CONSOLE = "console"
    JSON = "json"
    MARKDOWN = "markdown"


@handled
def command(
    ruleset: Annotated[list[str] | None, typer.Option("--ruleset", metavar="ID",
                       help=helptext("cli.coverage.ruleset"))] = None,
    fmt: Annotated[CoverageFormat, typer.Option("--format", "-f", help=helptext("cli.format"))] = CoverageFormat.CONSOLE,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Show which provisions the rule sets cover, and which none does."""
    from brecha import api
    from brecha.coverage import compute_coverage
    from brecha.errors import UsageError

    language = set_lang(lang)
    lib = api.load_content(rules)
    unknown = [r for r in ruleset or () if r not in lib.rulesets]
    if unknown:
        raise UsageError("error.unknown_rulesets", unknown=", ".join(unknown), known=", ".join(sorted(lib.rulesets)))
    report = compute_coverage(lib, ruleset or ())
    if fmt is CoverageFormat.JSON:
        data = [{"standard": s.id, "title": s.title.get(language), "checkable": len(s.provisions),
                 "covered": s.covered, "percent": None if s.percent is None else round(s.percent, 1),
                 "provisions": [{"id": p.id, "confidence": p.confidence, "rules": list(p.rules)} for p in s.provisions],
                 "not_checkable": [{"id": i, "reason": r.get(language)} for i, r in s.not_checkable]}
                for s in report]
        write_result(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None, False)
        return
    if fmt is CoverageFormat.MARKDOWN:
        from brecha.renderers.markdown import escape

        out = ["| standard | covered | checkable | % | not checkable |", "|---|---:|---:|---:|---:|"]
        for s in report:
            pct = "—" if s.percent is None else f"{s.percent:.0f}"
            out.append(f"| `{s.id}` {escape(s.title.get(language))} | {s.covered} | {len(s.provisions)} | {pct} "
                       f"| {len(s.not_checkable)} |")
        for s in report:
            if s.uncovered:
                out += ["", f"**{s.id}** — uncovered:", *(f"- `{p.id}` {escape(p.title.get(language))}"
                                                          for p in s.uncovered)]
        write_result("\n".join(out) + "\n", None, False)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Coverage / Cobertura", title_justify="left")
    for name, justify in (("standard", "left"), ("covered", "right"), ("checkable", "right"), ("%", "right"),
                          ("not checkable", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in report:
        pct = "—" if s.percent is None else f"{s.percent:.0f}"
        table.add_row(Text(s.id), str(s.covered), str(len(s.provisions)), pct, str(len(s.not_checkable)))
    console = Console(highlight=False)
    console.print(table)
    for s in report:
        for p in s.uncovered:
            console.print(Text(f"  uncovered: {p.id}  {p.title.get(language)}"))
