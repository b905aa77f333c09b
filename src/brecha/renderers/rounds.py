"""Comparisons of rounds and summaries of many assessments: Markdown, JSON and CSV. Pure."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from brecha.comparing import COMPARE_FORMAT_VERSION, STATUSES, Comparison, Gone, Named
from brecha.i18n import ntr, tr
from brecha.model import NOT_APPLICABLE, Text, fold
from brecha.renderers._sections import NOT_IN_LAW, breach_alert_key, critical_count, withheld_counts, withheld_reason
from brecha.renderers.markdown import escape
from brecha.report import GapReport, Withheld, duties_in_law
from brecha.sanitize import csv_cell
from brecha.summarizing import SUMMARY_FORMAT_VERSION, Summary, counting_note, in_averages, scored_over

__all__ = ["compare_json", "compare_markdown", "summary_csv", "summary_json"]

def status_label(status: str, lang: str) -> str:
    """A rule's movement between rounds, in words."""
    return {"improved": tr("compare.status.improved", lang), "regressed": tr("compare.status.regressed", lang),
            "unchanged": tr("compare.status.unchanged", lang), "new": tr("compare.status.new", lang),
            "dropped": tr("compare.status.dropped", lang), "now_na": tr("compare.status.now_na", lang),
            "no_longer_na": tr("compare.status.no_longer_na", lang)}[status]


def _count(c: Comparison, status: str, lang: str) -> str:
    n = c.count(status)
    return {"improved": ntr("compare.count.improved", n, lang), "regressed": ntr("compare.count.regressed", n, lang),
            "unchanged": ntr("compare.count.unchanged", n, lang), "new": ntr("compare.count.new", n, lang),
            "dropped": ntr("compare.count.dropped", n, lang), "now_na": ntr("compare.count.now_na", n, lang),
            "no_longer_na": ntr("compare.count.no_longer_na", n, lang)}[status]


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _delta(old: float | None, new: float | None) -> str:
    return "" if old is None or new is None else f"{new - old:+.1f}"


def _withheld(report: GapReport) -> Withheld | None:
    """Why a round's headline rating is withheld for want of coverage (None: rated on enough duties)."""
    result = report.headline_result
    return result.withheld if result is not None else None


def _score(report: GapReport, value: float | None, lang: str) -> str:
    """A round's overall score (``value``: claimed or evidenced); where its headline rating is
    withheld, said with what it is over, as the round's report says it: a score over the few
    duties answered is no measure of the institution (none when nothing was answered)."""
    held = _withheld(report)
    if held is None or value is None:
        return _n(value)
    if report.overall.answered == 0:
        return "—"
    return f"{value:.1f} ({ntr('compare.score_over', held.scored, lang)})"


def _score_delta(c: Comparison, old: float | None, new: float | None) -> str:
    """The change of the overall score between the last two rounds; none where either round's
    rating is withheld: its score rests on the few duties answered, so a fall of 19.5 points
    beside a rated round (or a rise between two withheld ones) would measure nothing."""
    if _withheld(c.old) is not None or _withheld(c.new) is not None:
        return "—"
    return _delta(old, new)


def _answer(value: str | None, label: Text | None, lang: str) -> str:
    """An answer as read: the scale's label with its value, or the status in words."""
    if value is None:
        return tr("compare.answer.unanswered", lang)
    if value == NOT_APPLICABLE:
        return tr("compare.answer.not_applicable", lang)
    if label is None:
        return f"`{value}`"
    shown = label.get(lang)
    if fold(shown).replace(" ", "_") == value:  # the label is the value in words: say it once
        return escape(shown)
    return f"{escape(shown)} (`{value}`)"


def _rating(report: GapReport, lang: str) -> str:
    """The headline rating's label, marked when it is provisional (critical duties declared not
    applicable that nobody confirmed); for a withheld rating, why there is none."""
    result = report.headline_result
    if result is not None and result.withheld is not None:  # a score over too few duties: no rating, and why
        why = withheld_reason(result, lang)
        return escape(why[:1].upper() + why[1:])
    label = escape(report.rating_label.get(lang)) if report.rating_label else "—"
    if result is not None and result.provisional:
        label += f" ({tr('rating_provisional', lang)}: {', '.join(result.provisional)})"
    return label


def _breached(report: GapReport) -> str:
    """The absolute duties a round admits breached: ``A, B`` (— when none)."""
    return ", ".join(f"`{escape(r)}`" for r in report.breached) or "—"


def _when(report: GapReport) -> str:
    return escape(report.round + " · " + report.assessed_on if report.round else report.assessed_on)


def _trend(c: Comparison, lang: str) -> list[str]:
    if not c.trend:
        return []
    heads = " | ".join(_when(p.report) for p in c.trend)
    out = [f"## {tr('compare.trend', lang)}", "", f"| | {heads} |", "|---|" + "---:|" * len(c.trend)]

    def row(label: str, cells: list[str]) -> None:
        out.append(f"| {label} | " + " | ".join(cells) + " |")

    row(f"{tr('score', lang)} ({tr('evidenced', lang)})",
        [_score(p.report, p.report.overall.evidenced, lang) for p in c.trend])
    row(tr("rating", lang), [_rating(p.report, lang) for p in c.trend])
    row(tr("gaps", lang).capitalize() + _headline_only(c, lang),
        [_gap_count(p.report.overall.total_gaps, p.gaps_left_unconfirmed_na, lang) for p in c.trend])
    row(tr("critical_gaps", lang) + _headline_only(c, lang), [str(p.report.overall.total_critical_gaps) for p in c.trend])
    if _several_rulesets(c):
        row(tr("compare.critical_all", lang), [critical_count(p.report, lang) for p in c.trend])
    if any(p.report.breached for p in c.trend):  # an admitted breach in any round, named in each
        row(f"‼ {tr('compare.breaches_row', lang)}", [_breached(p.report) for p in c.trend])
    rulesets = dict.fromkeys(rs for p in c.trend for rs, _ in p.by_ruleset)
    for rs in rulesets:
        row(f"`{escape(rs)}`", [_n(dict(p.by_ruleset).get(rs)) for p in c.trend])
    labels = {line.id: line.label for line in c.by_phase}
    for phase in dict.fromkeys(ph for p in c.trend for ph, _ in p.by_phase):
        label = labels.get(phase)
        row(escape(label.get(lang)) if label else escape(phase), [_n(dict(p.by_phase).get(phase)) for p in c.trend])
    return [*out, ""]


def _gap_count(total: int, left: int, lang: str) -> str:
    """A round's gap count, with the gaps of the round before it declares not applicable,
    unconfirmed, beside it: out of the count, never closed (``4 · +22 «no aplica» sin confirmar``)."""
    return f"{total} · {ntr('compare.gaps_left_count', left, lang)}" if left else str(total)


def _gap_delta(c: Comparison) -> str:
    """The change of the gap count, not counting as closed the gaps the new round declares not
    applicable, unconfirmed (the count beside it says how many)."""
    return f"{c.new.overall.total_gaps + c.left_headline[0] - c.old.overall.total_gaps:+d}"


def _old_left(c: Comparison) -> tuple[int, int]:
    """The old round's gaps (and evidence gaps) left as not applicable, unconfirmed, against the
    round before it: known only in a trend."""
    p = c.trend[-2] if c.trend else None
    return (p.gaps_left_unconfirmed_na, p.evidence_gaps_left_unconfirmed_na) if p else (0, 0)


def _named(items: tuple[Named, ...], lang: str) -> list[str]:
    return [f"- `{escape(i.id)}` {escape(i.title.get(lang))}" for i in items] or ["—"]


def _gone(w: Gone, lang: str) -> str:
    """``- `W` title — no longer detected: R changed; still met: S, T``."""
    gone = tr("weakness.gone", lang)  # the plan follow-up's words too, for an action on this weakness
    exempt = ", ".join(f"`{r}`" for r in w.unconfirmed_na)
    if w.changed:
        why = tr("compare.gone.changed", lang, gone=gone, rules=", ".join(f"`{r}`" for r in w.changed))
        if w.unconfirmed_na:  # and some of what it read is now a self-declared exemption: said apart
            why += "; " + ntr("compare.gone.na_also", len(w.unconfirmed_na), lang, rules=exempt)
    elif w.unconfirmed_na:  # no longer detected only because the institution exempted itself
        why = ntr("compare.gone.na", len(w.unconfirmed_na), lang, gone=gone, rules=exempt)
    else:
        why = tr("compare.gone.unknown", lang, gone=gone)
    if w.still:
        why += "; " + tr("compare.gone.still", lang, rules=", ".join(f"`{r}`" for r in w.still))
    return f"- `{escape(w.id)}` {escape(w.title.get(lang))} — {why}"


def _breaches(c: Comparison, lang: str) -> list[str]:
    """Admitted breaches of absolute duties in the last two rounds, whatever the ratings: still
    admitted, newly admitted, no longer admitted (nothing when neither round admits one)."""
    if not (c.breaches_persisting or c.breaches_new or c.breaches_gone):
        return []
    # "violates the law" only where law binding the institution makes every duty listed absolute;
    # where it makes some of them so, the others are marked (†)
    duties = duties_in_law(d for _, d in (*c.breaches_persisting, *c.breaches_new, *c.breaches_gone))
    law, partly = all(duties.values()), any(duties.values())
    key = breach_alert_key(law, partly, "compare.breaches")
    out = [f"## ‼ {tr(key, lang)}", ""]
    for key, items in (("compare.breaches.persisting", c.breaches_persisting),
                       ("compare.breaches.new", c.breaches_new), ("compare.breaches.gone", c.breaches_gone)):
        if items:
            out += [f"**{tr(key, lang)}** ({len(items)})", ""]
            out += [f"- `{escape(d.id)}` ({escape(rs)}) — {escape(d.text.get(lang))}"
                    + (f" ({escape(d.cite.get(lang))})" if d.cite and d.cite.get(lang) else "")
                    + (NOT_IN_LAW if partly and not law and not duties[d.duty or d.id] else "") for rs, d in items]
            out.append("")
    return out


def _several_rulesets(c: Comparison) -> bool:
    """Whether a round was judged under more than one rule set (its critical gaps over them all
    then differ from the headline rule set's)."""
    return any(len(r.results) > 1 for r in (c.old, c.new, *(p.report for p in c.trend)))


def _headline_only(c: Comparison, lang: str) -> str:
    """`` (ruta-mx)`` after a headline count where rounds have several rule sets, else ""."""
    ids = {r.headline_result.id for r in (c.old, c.new) if r.headline_result is not None}
    return f" ({escape(', '.join(sorted(ids)))})" if _several_rulesets(c) and ids else ""


def compare_markdown(c: Comparison, lang: str) -> str:
    """Rounds side by side, as Markdown: the last two in detail, all of them as a trend."""
    o, n = c.old.overall, c.new.overall
    old_on, new_on = _when(c.old), _when(c.new)
    out = [f"# {tr('compare.title', lang)}: {escape(c.new.institution_name)}", ""]
    if not c.same_institution:
        out += ["> ⚠️ " + tr("compare.not_same", lang), ""]
    out += _trend(c, lang)
    if c.trend:
        out += [tr("compare.last_two", lang, old=old_on, new=new_on), ""]
    out += [f"| | {old_on} | {new_on} | Δ |", "|---|---:|---:|---:|",
            f"| {tr('score', lang)} ({tr('claimed', lang)}) | {_score(c.old, o.claimed, lang)} | "
            f"{_score(c.new, n.claimed, lang)} | {_score_delta(c, o.claimed, n.claimed)} |",
            f"| {tr('score', lang)} ({tr('evidenced', lang)}) | {_score(c.old, o.evidenced, lang)} | "
            f"{_score(c.new, n.evidenced, lang)} | {_score_delta(c, o.evidenced, n.evidenced)} |",
            f"| {tr('rating', lang)} | {_rating(c.old, lang)} | {_rating(c.new, lang)} | |",
            f"| {tr('gaps', lang).capitalize()}{_headline_only(c, lang)} | "
            f"{_gap_count(o.total_gaps, _old_left(c)[0], lang)} | "
            f"{_gap_count(n.total_gaps, c.left_headline[0], lang)} | {_gap_delta(c)} |",
            f"| {tr('compare.of_which_evidence', lang)} | {_gap_count(o.evidence_gaps, _old_left(c)[1], lang)} | "
            f"{_gap_count(n.evidence_gaps, c.left_headline[1], lang)} | "
            f"{n.evidence_gaps + c.left_headline[1] - o.evidence_gaps:+d} |",
            f"| {tr('critical_gaps', lang)}{_headline_only(c, lang)} | {o.total_critical_gaps} | "
            f"{n.total_critical_gaps} | {n.total_critical_gaps - o.total_critical_gaps:+d} |"]
    if _several_rulesets(c):  # as each report says it: every rule set, a shared duty once among the duties
        out.append(f"| {tr('compare.critical_all', lang)} | {critical_count(c.old, lang)} | "
                   f"{critical_count(c.new, lang)} | {c.new.critical_duties - c.old.critical_duties:+d} |")
    if c.old.breached or c.new.breached:
        out.append(f"| ‼ {tr('compare.breaches_row', lang)} | {_breached(c.old)} | {_breached(c.new)} | |")
    out.append("")
    if _withheld(c.old) is not None or _withheld(c.new) is not None:  # why the score's change is not given
        out += [tr("compare.withheld_not_compared", lang), ""]
    if c.left_headline[0]:  # what the gaps' change leaves out, and why
        out += [ntr("compare.gaps_left_delta", c.left_headline[0], lang), ""]
    out += _breaches(c, lang)
    for key, lines in (("by_phase", c.by_phase), ("by_ruleset", c.by_ruleset)):
        out += [f"## {tr(key, lang)} ({tr('evidenced', lang)})", "",
                f"| | {old_on} | {new_on} | Δ |", "|---|---:|---:|---:|"]
        out += [f"| {escape(line.label.get(lang))} | {_n(line.old)} | {_n(line.new)} | {_delta(line.old, line.new)} |"
                for line in lines]
        out.append("")
    counts = ", ".join(_count(c, s, lang) for s in STATUSES if c.count(s))
    out += [f"## {tr('rules', lang).capitalize()}: {counts}", "",
            f"| {tr('rule', lang)} | | {old_on} | {new_on} |", "|---|---|---|---|"]
    order = {status: n for n, status in enumerate(STATUSES)}
    for move in sorted(c.rules, key=lambda m: (order[m.status], m.rule_id)):
        if move.status == "unchanged":
            continue
        out.append(f"| `{move.rule_id}` {escape(move.title.get(lang))} | {status_label(move.status, lang)} | "
                   f"{_answer(move.old, move.old_label, lang)} | {_answer(move.new, move.new_label, lang)} |")
    out.append("")
    out += [f"## {tr('compare.weaknesses_gone', lang)} ({len(c.weaknesses_gone)})", "",
            *(_gone(w, lang) for w in c.weaknesses_gone), *([] if c.weaknesses_gone else ["—"]), ""]
    for key, items in (("compare.weaknesses_new", c.weaknesses_new), ("compare.gaps_closed", c.gaps_closed),
                       ("compare.gaps_left", c.gaps_left_unconfirmed_na), ("compare.gaps_opened", c.gaps_opened)):
        if key == "compare.gaps_left":  # never among the gaps closed: a self-declared exemption, beside them
            if items:
                out += [f"## {tr(key, lang)} ({len(items)})", "", tr("compare.gaps_left.note", lang), "",
                        *_named(items, lang), ""]
            continue
        out += [f"## {tr(key, lang)} ({len(items)})", "", *_named(items, lang), ""]
    return "\n".join(out)


def compare_json(c: Comparison, lang: str) -> str:
    """The comparison as JSON."""

    def side(report: GapReport, left: tuple[int, int]) -> dict[str, Any]:
        o = report.overall
        held: dict[str, Any] | None = withheld_counts(_withheld(report))
        if held is not None:  # its score over the few duties answered: beside what it is over, not where a change is read
            held |= {"claimed": _r(o.claimed), "evidenced": _r(o.evidenced)}
        scored = held is None
        return {"assessed_on": report.assessed_on, "claimed": _r(o.claimed) if scored else None,
                "evidenced": _r(o.evidenced) if scored else None, "rating": report.rating,
                "gaps": o.gaps, "critical_gaps": o.critical_gaps, "evidence_gaps": o.evidence_gaps,
                "critical_evidence_gaps": o.critical_evidence_gaps, "total_gaps": o.total_gaps,
                "total_critical_gaps": o.total_critical_gaps,
                # over every rule set, as the gap report and summary count them
                "all_critical_gaps": len(report.critical_gaps), "critical_duties": report.critical_duties,
                "provisional": list(report.headline_result.provisional) if report.headline_result else [],
                "withheld": held,
                # the round before's gaps it declares not applicable, unconfirmed: out of total_gaps, never closed
                "gaps_left_unconfirmed_na": left[0], "evidence_gaps_left_unconfirmed_na": left[1],
                "absolute_breaches": list(report.breached)}

    def named(items: tuple[Named, ...]) -> list[dict[str, str]]:
        return [{"id": i.id, "title": i.title.get(lang)} for i in items]

    data = {
        "kind": "Comparison", "compare_format_version": COMPARE_FORMAT_VERSION,
        "institution": c.new.institution_name, "same_institution": c.same_institution,
        "old": side(c.old, _old_left(c)), "new": side(c.new, c.left_headline),
        "rules": [{"rule": m.rule_id, "title": m.title.get(lang), "status": m.status, "old": m.old, "new": m.new}
                  for m in c.rules],
        "by_phase": [{"id": x.id, "label": x.label.get(lang), "old": _r(x.old), "new": _r(x.new)} for x in c.by_phase],
        "by_ruleset": [{"id": x.id, "label": x.label.get(lang), "old": _r(x.old), "new": _r(x.new)}
                       for x in c.by_ruleset],
        "weaknesses_no_longer_detected": [{"id": w.id, "title": w.title.get(lang), "changed": list(w.changed),
                                           "still": list(w.still), "unconfirmed_na": list(w.unconfirmed_na)}
                                          for w in c.weaknesses_gone],
        "weaknesses_new": named(c.weaknesses_new),
        "gaps_closed": named(c.gaps_closed), "gaps_opened": named(c.gaps_opened),
        "gaps_left_unconfirmed_na": named(c.gaps_left_unconfirmed_na),
        "absolute_breaches": {key: [{"ruleset": rs, "rule": d.id, "text": d.text.get(lang),
                                     "cite": d.cite.get(lang) if d.cite else None} for rs, d in items]
                              for key, items in (("persisting", c.breaches_persisting), ("new", c.breaches_new),
                                                 ("no_longer_admitted", c.breaches_gone))},
        "trend": [{**side(p.report, (p.gaps_left_unconfirmed_na, p.evidence_gaps_left_unconfirmed_na)), "round": p.report.round, "by_ruleset": {k: _r(v) for k, v in p.by_ruleset},
                   "by_phase": {k: _r(v) for k, v in p.by_phase}} for p in c.trend],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summary_rows(s: Summary, lang: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the institutions x rule sets x stages matrix (evidenced scores), then whether
    each row counts in the averages (earlier rounds and repeated ones do not)."""
    header = [tr("institution", lang), tr("type", lang), tr("level", lang), tr("jurisdiction", lang),
              tr("assessed_on", lang), tr("round", lang), f"{tr('score', lang)} ({tr('claimed', lang)})",
              f"{tr('score', lang)} ({tr('evidenced', lang)})", tr("rating", lang),
              tr("critical_gaps", lang)]
    for rs, _ in s.rulesets:
        header += [f"{rs}: {tr('score', lang)} ({tr('evidenced', lang)})", f"{rs}: {tr('rating', lang)}"]
    header += [t.get(lang) for _, t, _ in s.phases]
    header += [tr("summary.scored_over", lang), tr("summary.in_averages", lang)]
    rows = []
    for row in s.rows:
        r = row.report
        phase = row.stage_scores()  # none where the rating is withheld
        held = r.headline_result is not None and r.headline_result.withheld is not None  # no score: too few duties
        cells = [r.institution_name, r.institution_type.id, r.institution_level.id, r.jurisdiction or "",
                 r.assessed_on, r.round or "", "" if held else _n(r.overall.claimed), "" if held else _n(r.overall.evidenced),
                 row.rating_text(lang), str(r.critical_duties)]
        for rs, _ in s.rulesets:
            cell = row.cell(rs)
            cells += ["", ""] if cell is None else ["" if cell.withheld is not None else _n(cell.score.evidenced), cell.rating_text(lang)]
        cells += [_n(phase.get(p)) if p in phase else "" for p, _, _ in s.phases]
        cells += [scored_over(row, lang), in_averages(row, lang)]
        rows.append(cells)
    return header, rows


def summary_csv(s: Summary, lang: str) -> str:
    """The matrix as CSV (one row per assessment), for spreadsheets."""
    header, rows = summary_rows(s, lang)
    buffer = io.StringIO()
    # Every cell is quoted and neutralised, the path too (file names are chosen by whoever
    # sent the file): no cell is read as a formula, and no line break inside one starts a row.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(c) for c in ("path", *header)])
    for row, cells in zip(s.rows, rows, strict=True):
        writer.writerow([csv_cell(c) for c in (row.path, *cells)])
    return buffer.getvalue()


def summary_json(s: Summary, lang: str) -> str:
    """The summary as JSON: every file, each marked with where it stands among its institution's
    rounds (``round_status``: latest, earlier, duplicate; ``in_averages``); groups and common gaps
    count institutions, each by its latest round. Gaps are counted as the gap report counts them
    (evidence gaps included); an assessment's ``critical_gaps`` is over all its rule sets, a duty
    two rule sets share counted once, and ``by_ruleset`` gives each rule set's own counts."""
    data = {
        "kind": "Summary", "summary_format_version": SUMMARY_FORMAT_VERSION,
        "rulesets": [{"id": rs, "title": t.get(lang)} for rs, t in s.rulesets],
        "phases": [{"id": p, "label": t.get(lang), "ruleset": rs or None} for p, t, rs in s.phases],
        "assessments": [{"path": row.path, "institution": row.report.institution_name,
                         "type": row.report.institution_type.id, "level": row.report.institution_level.id,
                         "jurisdiction": row.report.jurisdiction, "assessed_on": row.report.assessed_on,
                         "round": row.report.round, "round_status": str(row.status), "in_averages": row.counted,
                         "claimed": _r(row.report.overall.claimed), "evidenced": _r(row.report.overall.evidenced),
                         "rating": row.report.rating, "critical_gaps": row.report.critical_duties,
                         "by_ruleset": {c.ruleset_id: {"claimed": _r(c.score.claimed), "evidenced": _r(c.score.evidenced),
                                                       "rating": c.rating, "gaps": c.score.total_gaps,
                                                       "critical_gaps": c.score.total_critical_gaps,
                                                       "provisional": list(c.provisional),
                                                       "withheld": withheld_counts(c.withheld),
                                                       "fixed_by": list(c.fixed_by),
                                                       "absolute_breaches": list(c.breaches)}
                                        for c in row.cells},
                         "absolute_breaches": list(row.breached),
                         # null where its rule set's rating is withheld: no score over the few duties answered
                         "by_phase": {phase: _r(score) for phase, score in row.stage_scores().items()}}
                        for row in s.rows],
        "provisional": {"institutions": len(s.provisional), "note": tr("summary.provisional.note", lang)},
        "withheld": {"institutions": len(s.unrated), "note": tr("summary.withheld.note", lang)},
        "absolute_breaches": {"institutions": len(s.breached), "note": tr("summary.breached.note", lang)},
        "counting": {"assessments": len(s.rows), "institutions": s.institutions,
                     "institutions_with_earlier_rounds": s.with_earlier, "note": counting_note(s, lang)},
        "groups": {"by": str(s.group_by) if s.group_by else None,
                   "groups": [{"key": g.key, "label": g.label.get(lang), "institutions": g.count,
                               "mean_evidenced": {rs: _r(m) for rs, m in g.means},
                               "averaged_over": {rs: g.averaged_over(rs) for rs, _ in g.means},
                               "critical_gaps": g.critical_gaps, "mean_critical_gaps": _r(g.mean_critical_gaps),
                               "critical_over": g.critical_over,
                               "absolute_breaches": g.breached}
                              for g in (*s.groups, *s.total)]},
        "common_gaps": [{"rule": g.rule_id, "rules": list(g.rule_ids or (g.rule_id,)), "title": g.title.get(lang),
                         "institutions": g.count, "critical_in": g.critical} for g in s.common_gaps],
        "common_gaps_left_out": s.common_gaps_left_out,
        "duplicate_rounds": [{"institution": d.institution, "round": d.round, "paths": list(d.paths),
                              "counted": d.counted} for d in s.duplicates],
        "failures": [{"path": p, "error": e.format(lang)} for p, e in s.failures],
        "skipped": list(s.skipped),
        "filtered_out": s.filtered_out,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
