"""The summary of many assessments as an xlsx workbook: scores as numbers under a colour scale. Pure.

Scores are written as numbers (so they sort and chart), every text as text (a name that
starts with '=' stays a name, never a formula), and characters xlsx cannot hold are
replaced. openpyxl is imported only when a workbook is asked for.
"""

from __future__ import annotations

import io
import re
from typing import Any

from brecha.i18n import ntr, tr
from brecha.summarizing import AnonymousSummary, Summary, counting_note, in_averages, score_shown, scored_over

__all__ = ["anonymous_xlsx", "summary_xlsx"]

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return _ILLEGAL.sub("\ufffd", value)
    return value  # numbers whole: the cell format shows one decimal


def _sheet(wb: Any, title: str, header: list[str], rows: list[list[Any]], score_columns: list[int],
           unrated: frozenset[tuple[int, int]] = frozenset(), alarms: frozenset[tuple[int, int]] = frozenset()) -> Any:
    """A sheet of ``rows`` under ``header``, the ``score_columns`` (1-based) under a red-to-green
    colour scale, except the ``unrated`` cells (data row counted from 0, column from 1): a score
    whose rating is withheld is greyed, never green. The ``alarms`` cells (a
    rating held by an admitted breach) are marked red."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title[:31])
    ws.append([_value(h) for h in header])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
        cell.data_type = "s"
    for values in rows:
        ws.append([_value(v) for v in values])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, never a formula
            elif isinstance(cell.value, float):
                cell.number_format = "0.0"
    for row, col in unrated:
        cell = ws.cell(row=row + 2, column=col)
        cell.font, cell.fill = Font(italic=True, color="595959"), PatternFill("solid", fgColor="D9D9D9")
    for row, col in alarms:
        cell = ws.cell(row=row + 2, column=col)
        cell.font, cell.fill = Font(bold=True, color="9C0006"), PatternFill("solid", fgColor="FFC7CE")
    last = max(ws.max_row, 2)
    for col in score_columns:
        letter = get_column_letter(col)
        skipped = sorted(row + 2 for row, c in unrated if c == col)
        spans = [(a, b - 1) for a, b in zip([2, *(n + 1 for n in skipped)], [*skipped, last + 1], strict=True) if a < b]
        if not spans:
            continue
        ws.conditional_formatting.add(" ".join(f"{letter}{a}:{letter}{b}" for a, b in spans), ColorScaleRule(  # type: ignore[no-untyped-call]
            start_type="num", start_value=0, start_color="F8696B", mid_type="num", mid_value=50,
            mid_color="FFEB84", end_type="num", end_value=100, end_color="63BE7B"))
    for col in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 40 if col == 1 else 16
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    return ws


def _comment(cell: Any, text: str) -> None:
    """A note on a header cell: what its column counts, where a spreadsheet user looks for it."""
    from openpyxl.comments import Comment

    cell.comment = Comment(text, "brecha", width=320, height=120)


def _left_out(n: int, lang: str) -> list[list[Any]]:
    """The most common gaps' last row: the institutions not counted in them, withheld ratings."""
    return [[ntr("summary.common_gaps_left_out", n, lang)]] if n else []


def summary_xlsx(s: Summary, lang: str) -> bytes:
    """Institutions x rule sets and stages (evidenced scores, coloured 0 red to 100 green), each row
    saying whether it counts in the averages; then the most common gaps, then the averages by group
    when the summary has groups. Those two count institutions, each by its latest round; their
    last row says so."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    header = [tr("institution", lang), tr("type", lang), tr("level", lang), tr("jurisdiction", lang),
              tr("assessed_on", lang), tr("round", lang), f"{tr('score', lang)} ({tr('claimed', lang)})",
              f"{tr('score', lang)} ({tr('evidenced', lang)})", tr("rating", lang), tr("critical_gaps", lang)]
    scores = [7, 8]
    for rs, _ in s.rulesets:
        header += [f"{rs}: {tr('score', lang)} ({tr('evidenced', lang)})", f"{rs}: {tr('rating', lang)}"]
        scores.append(len(header) - 1)
    first_phase = len(header) + 1
    header += [t.get(lang) for _, t, _ in s.phases]
    scores += list(range(first_phase, len(header) + 1))
    header += [tr("summary.scored_over", lang), tr("spreadsheet.file", lang), tr("summary.in_averages", lang)]
    rows: list[list[Any]] = []
    unrated: set[tuple[int, int]] = set()  # scores whose rating is withheld: not coloured as earned
    alarms: set[tuple[int, int]] = set()  # ratings held by an admitted breach of an absolute duty
    for n, row in enumerate(s.rows):
        r = row.report
        phase = row.stage_scores()  # none where the rating is withheld
        headline = r.headline_result
        top = row.cell(headline.id) if headline else None
        held = top is not None and top.withheld is not None  # no score: it rests on too few duties
        values: list[Any] = [r.institution_name, r.institution_type.id, r.institution_level.id, r.jurisdiction,
                             r.assessed_on, r.round, None if held else r.overall.claimed, None if held else r.overall.evidenced,
                             row.rating_text(lang) or None, r.critical_duties]
        if held:
            unrated |= {(n, 7), (n, 8)}
        if top is not None and top.breaches:
            alarms.add((n, 9))
        for rs, _ in s.rulesets:
            cell = row.cell(rs)
            values += [None, None] if cell is None else [score_shown(cell), cell.rating_text(lang) or None]
            if cell is not None and cell.withheld is not None:
                unrated.add((n, len(values) - 1))
            if cell is not None and cell.breaches:
                alarms.add((n, len(values)))
        values += [phase.get(p) for p, _, _ in s.phases]
        unrated |= {(n, first_phase + i) for i, (_, _, rs) in enumerate(s.phases)
                    if (cell := row.cell(rs)) is not None and cell.withheld is not None}
        values += [scored_over(row, lang) or None, row.path, in_averages(row, lang)]
        rows.append(values)
    main = _sheet(wb, tr("spreadsheet.summary", lang), header, rows, scores, frozenset(unrated), frozenset(alarms))
    _comment(main.cell(row=1, column=header.index(tr("critical_gaps", lang)) + 1), tr("spreadsheet.critical_note", lang))
    note = [counting_note(s, lang)]
    gaps: list[list[Any]] = [[g.rules_text(lang), g.title.get(lang), g.count, g.critical] for g in s.common_gaps]
    _sheet(wb, tr("spreadsheet.common_gaps", lang),
           [tr("rule", lang), tr("spreadsheet.title", lang), tr("institutions", lang),
            tr("spreadsheet.critical_in", lang)], [*gaps, *_left_out(s.common_gaps_left_out, lang), note], [])
    groups = (*s.groups, *s.total)
    if s.groups:
        means: list[list[Any]] = [[g.label.get(lang), g.count, *(m for _, m in g.means),
                                   *(g.averaged_over(rs) for rs, _ in g.means), g.mean_critical_gaps]
                                  for g in groups]
        _sheet(wb, tr("spreadsheet.groups", lang),
               [tr("spreadsheet.group", lang), tr("institutions", lang), *(rs for rs, _ in s.rulesets),
                *(tr("spreadsheet.averaged_over", lang, ruleset=rs) for rs, _ in s.rulesets),
                tr("spreadsheet.critical_per_institution", lang)],
               [*means, note], list(range(3, 3 + len(s.rulesets))))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def anonymous_xlsx(s: AnonymousSummary, lang: str) -> bytes:
    """The confidential summary as a workbook: the published groups and their total, then the
    most common gaps; the rule that made it is the last row of the first sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    header = [tr("type", lang), tr("level", lang), tr("summary.region", lang), tr("summary.count_column", lang),
              *(f"{rs}: {tr('score', lang)} ({tr('evidenced', lang)})" for rs, _ in s.rulesets),
              tr("summary.anon.with_critical", lang), tr("summary.anon.with_breach", lang),
              tr("summary.anon.with_provisional", lang), tr("summary.anon.with_withheld", lang)]
    rows: list[list[Any]] = []
    for g in (*s.groups, *((s.total,) if s.total else ())):
        first = tr("summary.all", lang) if g is s.total else (g.type.name.get(lang) if g.type else None)
        rows.append([first, g.level.name.get(lang) if g.level else None, g.region, g.count,
                     *(m for _, m in g.means), g.with_critical_gaps, g.with_absolute_breach,
                     g.with_provisional, g.with_withheld])
    rows.append([tr("summary.anon.rule", lang, k=s.min_group)])
    _sheet(wb, tr("spreadsheet.summary", lang), header, rows, list(range(5, 5 + len(s.rulesets))))
    gaps = [[g.rules_text(lang), g.title.get(lang), g.count, g.critical] for g in s.common_gaps]
    _sheet(wb, tr("spreadsheet.common_gaps", lang),
           [tr("rule", lang), tr("spreadsheet.title", lang), tr("institutions", lang),
            tr("spreadsheet.critical_in", lang)], [*gaps, *_left_out(s.common_gaps_left_out, lang)], [])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
