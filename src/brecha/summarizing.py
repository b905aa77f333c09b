"""Many assessments at once: institutions x rule sets (and x stages), ratings, averages by group,
the most common gaps. Pure: reports in, a :class:`Summary` out; renderers only lay it out.

Every file is a row, earlier rounds too; the averages and the most common gaps count
institutions, each once, by its latest round (:func:`brecha.model.sort_rounds`, the one
definition of "the same institution" and "its latest round").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from enum import StrEnum

from brecha import model
from brecha.errors import Unreadable
from brecha.frozen import record
from brecha.i18n import ntr, tr
from brecha.model import RoundStatus
from brecha.report import Actor, Brief, GapBrief, GapReport, Score, Withheld

__all__ = ["MIN_GROUP", "SUMMARY_FORMAT_VERSION", "AnonymousGroup", "AnonymousSummary", "Brief", "Cell", "CommonGap", "DuplicateRound", "GapBrief",
           "Group", "GroupBy", "RoundStatus", "Row", "SortBy", "Summary", "SummaryOptions", "View", "actor_name",
           "anonymise", "counting_note", "duplicate_notice", "in_averages", "score_shown", "scored_over", "summarize"]

#: The shape of ``summary --format json`` and of the confidential summary's JSON, as their
#: ``summary_format_version``. Version 2: groups and common gaps count ``institutions`` (each by
#: its latest round) where the unmarked version 1 said ``assessments`` (files). Version 3: every
#: count of gaps is the gap report's, evidence gaps included; an assessment's ``critical_gaps``
#: is over all its rule sets (a duty two rule sets share counted once), not the headline rule
#: set's alone; groups add ``mean_critical_gaps`` and ``averaged_over``. Version 4: a rating
#: that rests on critical duties declared not applicable without confirmation is provisional:
#: each ``by_ruleset`` entry lists them (``provisional``) and ``provisional`` counts the
#: institutions (by their latest round) with such a rating. Version 5: admitted breaches of
#: absolute duties are named (each assessment's and each ``by_ruleset`` entry's
#: ``absolute_breaches``, each group's and the top-level count of institutions; a confidential
#: group's ``with_absolute_breach``), and sorting by score orders by rating first. Version 6: a
#: rating withheld for want of coverage (more own duties declared not applicable, unconfirmed,
#: than the rule set admits) has ``withheld`` in its ``by_ruleset`` entry and ``rating`` null
#: (unless an admitted absolute breach fixes it at the lowest band: ``rating`` is that band),
#: its score is left out of the means (``averaged_over`` counts the others), ``withheld`` counts
#: the institutions; a confidential group adds ``with_provisional_rating`` and
#: ``with_withheld_rating``. Version 7: a group's ``mean_critical_gaps`` is over its
#: institutions with no rating withheld (``critical_over`` says how many); ``critical_gaps``
#: counts theirs (a critical duty declared not applicable and not confirmed counts there as an
#: unanswered one, as every report now counts it; the version was not raised for that change).
#: Version 8: ``withheld.institutions`` and a confidential group's ``with_withheld_rating`` count
#: the institutions left with no rating only: one whose withheld rating an admitted absolute
#: breach fixes at the lowest band is rated (its ``by_ruleset`` entry still has ``withheld``, its
#: score is still not averaged) and is counted among ``absolute_breaches``; an assessment's
#: ``by_phase`` is null for each stage of a withheld rating (no score over the few duties
#: answered), as the CSV, the workbook and the table by stage give none. Version 9: ``common_gaps``
#: leave out the institutions with a withheld rating (fixed by a breach or not), whose duties
#: declared not applicable, unconfirmed, are neither gaps nor met; ``common_gaps_left_out`` counts
#: them (in a confidential summary, among the published groups' members). Version 10: a withheld
#: rating is rated at the lowest band wherever answers alone hold it there, a critical duty
#: answered at the bottom of its scale too (not only an admitted absolute breach): each
#: ``by_ruleset`` entry's ``fixed_by`` names those duties (empty when none), so a rated withheld
#: entry is no longer proof of a breach, and ``withheld.institutions`` leaves such an institution
#: out as well. A consumer checks it before reading the keys; a change of meaning or shape raises it.
SUMMARY_FORMAT_VERSION = 10


class SortBy(StrEnum):
    """The order of the rows."""

    JURISDICTION = "jurisdiction"  # then type, level, name, date (the default)
    NAME = "name"
    TYPE = "type"
    LEVEL = "level"
    SCORE = "score"  # the first rule set's lowest rating first, then the lowest evidenced score: who needs help most
    DATE = "date"


class View(StrEnum):
    """What the columns of the main table are."""

    RULESET = "ruleset"  # each rule set's score and rating
    STAGE = "stage"  # each stage's score, one table per rule set


class GroupBy(StrEnum):
    """What rows are averaged by."""

    TYPE = "type"
    LEVEL = "level"
    JURISDICTION = "jurisdiction"  # the state or country code as written (MX-ROO)
    COUNTRY = "country"  # the first part of the jurisdiction (MX)


@record(kw_only=True)
class SummaryOptions:
    """Which assessments to keep (each filter: any of its values), in what order, grouped how."""

    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()  # a code keeps itself and its subdivisions: MX keeps MX-ROO
    sort: SortBy = SortBy.JURISDICTION
    group_by: GroupBy | None = None
    by: View = View.RULESET


@record(kw_only=True)
class Cell:
    """One rule set's result for one assessment."""

    ruleset_id: str
    score: Score
    rating: str | None
    rating_label: model.Text | None
    provisional: tuple[str, ...] = ()  # critical duties declared not applicable, to be confirmed
    breaches: tuple[str, ...] = ()  # absolute duties admitted breached: the rating is held at its cap, whatever the score
    band: int = -1  # the rating's position among its rule set's bands, lowest first (-1: no rating)
    #: Not None: the rating is withheld for want of coverage (see :class:`brecha.report.Withheld`);
    #: ``band`` is then the band its caps hold it at, if any (where it sorts), and its score is not averaged.
    withheld: Withheld | None = None
    #: A withheld rating's band its caps already hold it at (None: none lower, or the lowest band:
    #: :attr:`brecha.report.RuleSetResult.at_most_label`)
    at_most: model.Text | None = None
    #: The duties whose answers alone fix a withheld rating at the lowest band
    #: (:attr:`brecha.report.RuleSetResult.fixed_by`)
    fixed_by: tuple[str, ...] = ()

    @property
    def fixed(self) -> bool:
        """As :attr:`brecha.report.RuleSetResult.fixed`: withheld, but rated all the same at the
        lowest band, where answers alone (:attr:`fixed_by`) hold it."""
        return self.withheld is not None and self.rating is not None

    @property
    def fixed_by_breach(self) -> bool:
        """:attr:`fixed`, and an admitted breach of an absolute duty among what fixes it."""
        return self.fixed and any(r in self.fixed_by for r in self.breaches)

    def rating_text(self, lang: str) -> str:
        """The rating's label, with the absolute duties admitted breached and the duties it rests on
        when it is provisional; for a withheld rating, why there is none ("" without a rating)."""
        if self.fixed and self.withheld is not None and self.rating_label is not None:
            coverage = ntr("rating_insufficient_coverage", self.withheld.rules, lang, na=self.withheld.not_applicable)
            if self.fixed_by_breach:  # the breach is named just after
                label = f"{self.rating_label.get(lang)} ({coverage})"
            else:  # the critical duty unmet first, then the coverage
                unmet = ", ".join(r for r in self.fixed_by if r not in self.breaches)
                label = f"{self.rating_label.get(lang)} ({tr('summary.critical', lang)}: {unmet}; {coverage})"
        elif self.withheld is not None:
            why = ntr("rating_withheld_why", self.withheld.rules, lang, na=self.withheld.not_applicable)
            if self.at_most is not None:
                why += "; " + tr("rating_withheld_at_most", lang, band=self.at_most.get(lang))
            label = why[:1].upper() + why[1:]
        else:
            label = self.rating_label.get(lang) if self.rating_label else ""
        if self.breaches:
            label += f" ({tr('summary.breach', lang)}: {', '.join(self.breaches)})"
        if self.provisional and self.withheld is None:
            label += f" ({tr('rating_provisional', lang)}: {', '.join(self.provisional)})"
        return label


@record(kw_only=True)
class Row:
    """One assessment in the summary, and where it stands among its institution's rounds."""

    path: str
    report: Brief
    cells: tuple[Cell, ...]
    status: RoundStatus = RoundStatus.LATEST
    rounds: int = 1  # how many of the summary's files are of this row's institution (earlier rounds too)

    @property
    def counted(self) -> bool:
        """Whether this row speaks for its institution in the averages and the most common gaps."""
        return self.status is RoundStatus.LATEST

    def cell(self, ruleset_id: str) -> Cell | None:
        """This assessment's result for a rule set, if it used it."""
        return next((c for c in self.cells if c.ruleset_id == ruleset_id), None)

    @property
    def provisional(self) -> bool:
        """Whether a rating of this assessment rests on critical duties declared not applicable,
        unconfirmed (a withheld one is not given at all: :attr:`withheld`)."""
        return any(c.provisional and c.withheld is None for c in self.cells)

    @property
    def withheld(self) -> bool:
        """Whether a rating of this assessment is withheld for want of coverage (its score is then
        not averaged), even one an admitted absolute breach fixes at the lowest band all the same."""
        return any(c.withheld is not None for c in self.cells)

    @property
    def unrated(self) -> bool:
        """Whether a rule set of this assessment gives no rating at all: withheld for want of
        coverage, and not fixed at the lowest band by answers alone (:attr:`Cell.fixed`)."""
        return any(c.withheld is not None and not c.fixed for c in self.cells)

    @property
    def breached(self) -> tuple[str, ...]:
        """The absolute duties this assessment admits breached, in any rule set."""
        return self.report.breached

    def stage_scores(self) -> dict[str, float | None]:
        """Each stage's evidenced score, by phase ID (absent: no duty of its own there). None where
        no answer counts, and where its rule set's rating is withheld for want of coverage, a breach
        fixing it or not: a score over the few duties answered (100 for a stage resting on one
        answered at the top) is no measure of the stage, as every report says."""
        return {line.id: None if r.withheld is not None else line.score.evidenced
                for r in self.report.results for line in r.by_phase}

    def rating_text(self, lang: str) -> str:
        """The headline rating's label, marked provisional as its rule set's cell is."""
        headline = self.report.headline_result
        cell = self.cell(headline.id) if headline else None
        if cell is not None:
            return cell.rating_text(lang)
        return self.report.rating_label.get(lang) if self.report.rating_label else ""


@record(kw_only=True)
class Group:
    """Institutions sharing a type, level or jurisdiction (each by its latest round), and their
    mean evidenced score per rule set."""

    key: str
    label: model.Text
    count: int  # institutions
    means: tuple[tuple[str, float | None], ...]  # (rule set, mean evidenced score of the institutions that used it)
    critical_gaps: int  # in its rated institutions (Brief.critical_duties: evidence gaps in, a shared duty once)
    averaged: tuple[tuple[str, int], ...] = ()  # (rule set, how many institutions its mean is over)
    breached: int = 0  # institutions admitting a breach of an absolute duty: their mean score hides it
    #: Institutions whose critical gaps are counted: those with no rating withheld (an
    #: assessment that answered too few duties has counts that do not compare with the others').
    critical_over: int = 0

    @property
    def mean_critical_gaps(self) -> float | None:
        """Critical gaps per institution with its ratings given: what the averages show under "!"."""
        return self.critical_gaps / self.critical_over if self.critical_over else None

    def averaged_over(self, ruleset_id: str) -> int:
        """How many institutions a rule set's mean is over (those that used it and have a score)."""
        return dict(self.averaged).get(ruleset_id, 0)


@record(kw_only=True)
class CommonGap:
    """A duty that is a gap in several institutions (in a summary: by their latest rounds).

    A duty two rule sets ask (rules declared ``equivalent_to``) is one line naming both rules,
    and an institution short on it counts once, whichever of its rules is short.
    """

    rule_id: str  # the first of its rules seen
    title: model.Text
    count: int  # institutions with a gap on this duty
    critical: int  # of them, those where it is a critical gap
    rule_ids: tuple[str, ...] = ()  # every rule of the duty found short, rule_id first

    def rules_text(self, lang: str) -> str:
        """``A`` or ``A y B``: the rules of the duty, as a line of the list names them."""
        ids = self.rule_ids or (self.rule_id,)
        if len(ids) == 1:
            return ids[0]
        return tr("rules.joined", lang, first=", ".join(ids[:-1]), last=ids[-1])


@record(kw_only=True)
class DuplicateRound:
    """Files of one institution that claim one round: most likely one submission sent twice."""

    institution: str
    round: str  # the round's name, else its date
    paths: tuple[str, ...]  # the later last
    counted: str | None  # the one that speaks for the institution (the later); None: a later round does


@record(kw_only=True)
class Summary:
    """The summary of many reports, the files that could not be read and those skipped.

    ``rows`` holds every file (earlier rounds too); ``groups``, ``total`` and ``common_gaps``
    count institutions, each once, by its latest round (the rows that are ``counted``).
    """

    rows: tuple[Row, ...]
    rulesets: tuple[tuple[str, model.Text], ...]
    phases: tuple[tuple[str, model.Text, str], ...]  # (phase, label, rule set)
    common_gaps: tuple[CommonGap, ...]
    failures: tuple[tuple[str, Unreadable], ...]
    skipped: tuple[str, ...] = ()  # files in the folders given that are not self-assessments
    groups: tuple[Group, ...] = ()
    group_by: GroupBy | None = None
    filtered_out: int = 0
    total: tuple[Group, ...] = field(default=())  # one group of every institution: the overall means
    by: View = View.RULESET
    institutions: int = 0
    with_earlier: int = 0  # institutions whose earlier rounds are rows too, not counted
    duplicates: tuple[DuplicateRound, ...] = ()
    #: Institutions (by their latest rounds) left out of ``common_gaps``: their rating is withheld
    #: for want of coverage, so the duties they declared not applicable, unconfirmed, are neither
    #: gaps nor met; counting their other gaps alone would make those duties look rarer than they are.
    common_gaps_left_out: int = 0

    @property
    def provisional(self) -> tuple[Row, ...]:
        """The institutions (each by its latest round) with a provisional rating: one that rests on
        critical duties declared not applicable that nobody has confirmed."""
        return tuple(row for row in self.rows if row.counted and row.provisional)

    @property
    def breached(self) -> tuple[Row, ...]:
        """The institutions (each by its latest round) that admit a breach of an absolute duty."""
        return tuple(row for row in self.rows if row.counted and row.breached)

    @property
    def unrated(self) -> tuple[Row, ...]:
        """The institutions (each by its latest round) left with no rating for want of coverage
        (:attr:`Row.unrated`): their scores are over too few duties, so they are named under «Sin
        calificación» and left out of the means. One whose withheld rating an admitted absolute
        breach fixes is rated: it is named among the breaches, its score still not averaged."""
        return tuple(row for row in self.rows if row.counted and row.unrated)

    @property
    def fixed_unmet(self) -> tuple[Row, ...]:
        """The institutions (each by its latest round) whose withheld rating a critical duty answered
        at the bottom of its scale fixes at the lowest band, no breach among what fixes it: rated,
        so not under «Sin calificación», and named apart with their coverage, their score still
        not averaged (one a breach fixes is named among the breaches)."""
        return tuple(row for row in self.rows
                     if row.counted and any(c.fixed and not c.fixed_by_breach for c in row.cells))


def _cells(report: Brief) -> tuple[Cell, ...]:
    """Each rule set's own score and rating (its own bands and caps)."""
    return tuple(Cell(ruleset_id=r.id, score=r.score, rating=r.rating, rating_label=r.rating_label,
                      provisional=r.provisional, breaches=tuple(b.id for b in r.breaches) if r.breaches else (),
                      band=next((i for i, b in enumerate(r.bands) if b.id == (r.rating or r.held_at)), -1),
                      withheld=r.withheld, at_most=r.at_most_label, fixed_by=r.fixed_by)
                 for r in report.results)


def _kept(report: Brief, options: SummaryOptions) -> bool:
    if options.types and report.institution_type.id not in options.types:
        return False
    if options.levels and report.institution_level.id not in options.levels:
        return False
    if options.jurisdictions:
        where = report.jurisdiction or ""
        return any(where == j or where.startswith(j + "-") for j in options.jurisdictions)
    return True


def _sort_key(option: SortBy, first_ruleset: str | None) -> Callable[[Row], tuple[object, ...]]:
    def base(r: Row) -> tuple[object, ...]:
        rep = r.report
        return (rep.jurisdiction or "", rep.institution_type.id, rep.institution_level.id, rep.institution_name,
                rep.assessed_on, r.path)

    def key(r: Row) -> tuple[object, ...]:
        rep = r.report
        match option:
            case SortBy.JURISDICTION:
                return base(r)
            case SortBy.NAME:
                return (rep.institution_name.casefold(), *base(r))
            case SortBy.TYPE:
                return (rep.institution_type.id, *base(r))
            case SortBy.LEVEL:
                return (rep.institution_level.id, *base(r))
            case SortBy.DATE:
                return (rep.assessed_on, *base(r))
            case SortBy.SCORE:  # the rating first (a capped one where its rating puts it), then the score
                # (a withheld rating where its caps hold it, else after the rated; never by its score)
                cell = r.cell(first_ruleset) if first_ruleset else None
                score = cell.score.evidenced if cell and cell.withheld is None else None
                band = cell.band if cell and cell.band >= 0 else None
                return (band is None, band if band is not None else 0, score is None,
                        score if score is not None else 0.0, *base(r))

    return key


def _group_key(row: Row, by: GroupBy) -> tuple[str, model.Text]:
    rep = row.report
    match by:
        case GroupBy.TYPE:
            return rep.institution_type.id, rep.institution_type.name
        case GroupBy.LEVEL:
            return rep.institution_level.id, rep.institution_level.name
        case GroupBy.JURISDICTION:
            code = rep.jurisdiction or "—"
            return code, model.Text(es=code, en=code)
        case GroupBy.COUNTRY:
            code = (rep.jurisdiction or "—").split("-")[0]
            return code, model.Text(es=code, en=code)


def _group(key: str, label: model.Text, rows: list[Row], rulesets: Iterable[str]) -> Group:
    means, averaged = [], []
    for rs in rulesets:
        scores = [c.score.evidenced for r in rows if (c := r.cell(rs)) is not None
                  and c.score.evidenced is not None and c.withheld is None]  # a withheld rating's score: too few duties
        means.append((rs, sum(scores) / len(scores) if scores else None))
        averaged.append((rs, len(scores)))
    rated = [r for r in rows if not r.withheld]
    return Group(key=key, label=label, count=len(rows), means=tuple(means), averaged=tuple(averaged),
                 critical_gaps=sum(r.report.critical_duties for r in rated), critical_over=len(rated),
                 breached=sum(1 for r in rows if r.breached))


def summarize(reports: Iterable[tuple[str, GapReport | Brief | Unreadable | None]], options: SummaryOptions | None = None,
              on_progress: Callable[[int], None] | None = None,
              phase_rulesets: Mapping[str, str] | None = None) -> Summary:
    """Summarise (path, report, or error message, or ``None`` for a file that is no assessment).

    ``on_progress`` is called after each item with the number done; ``phase_rulesets`` says
    which rule set defines each phase (for a table of stages per rule set), in the rule sets'
    declared order (:func:`brecha.model.phase_order`): the stages are shown in that order, as
    each report shows them, not in the order the files first name them.
    """
    phase_rs = phase_rulesets or {}
    options = options or SummaryOptions()
    kept: list[tuple[str, Brief]] = []
    # What each kept file gives on its own, worked out as it arrives (while other files are
    # still being read on the other cores): its cells and its place among rounds.
    cells: list[tuple[Cell, ...]] = []
    places: list[model.RoundOf] = []
    failures: list[tuple[str, Unreadable]] = []
    skipped: list[str] = []
    filtered_out = 0
    for n, (path, item) in enumerate(reports, 1):
        if item is None:
            skipped.append(path)
        elif isinstance(item, Unreadable):
            failures.append((path, item))
        elif _kept(brief := item if isinstance(item, Brief) else Brief.of(item), options):
            kept.append((path, brief))
            cells.append(_cells(brief))
            places.append(model.RoundOf(institution=brief.institution_key, assessed_on=brief.assessed_on,
                                        round=brief.round, path=path))
        else:
            filtered_out += 1
        if on_progress:
            on_progress(n)
    rounds = model.sort_rounds(places)
    files_of = Counter(place.institution for place in places)
    rows = [Row(path=path, report=brief, cells=row_cells, status=status, rounds=files_of[place.institution])
            for (path, brief), row_cells, status, place in zip(kept, cells, rounds.status, places, strict=True)]
    counted = [row for row in rows if row.counted]
    rulesets: dict[str, model.Text] = {}
    phases: dict[str, tuple[model.Text, str]] = {}
    for row in rows:
        for ref in row.report.rulesets:
            rulesets.setdefault(ref.id, ref.title)
        for line in row.report.by_phase:
            phases.setdefault(line.id, (line.label, phase_rs.get(line.id, "")))
    # the declared order, as every report's breakdown (a phase no rule set declares: as first named)
    declared = {phase: n for n, phase in enumerate(phase_rs)}
    ordered = sorted(phases.items(), key=lambda item: declared.get(item[0], len(declared)))
    first = next(iter(rulesets), None)
    rows.sort(key=_sort_key(options.sort, first))
    groups: list[Group] = []
    if options.group_by is not None:
        members: dict[str, tuple[model.Text, list[Row]]] = {}
        for row in counted:
            key, label = _group_key(row, options.group_by)
            members.setdefault(key, (label, []))[1].append(row)
        groups = [_group(key, label, members[key][1], rulesets) for key, (label, _) in sorted(members.items())]
    total = (_group("*", model.Text(es="Todas", en="All"), counted, rulesets),) if counted else ()
    return Summary(rows=tuple(rows), rulesets=tuple(rulesets.items()),
                   phases=tuple((p, label, rs) for p, (label, rs) in ordered),
                   common_gaps=_common_gaps(row.report for row in counted if not row.withheld),
                   common_gaps_left_out=sum(1 for row in counted if row.withheld),
                   failures=tuple(failures), skipped=tuple(skipped), groups=tuple(groups),
                   group_by=options.group_by, filtered_out=filtered_out, total=total, by=options.by,
                   institutions=rounds.institutions, with_earlier=rounds.with_earlier,
                   duplicates=tuple(_duplicate(kept, rounds.status, same) for same in rounds.duplicates))


def _common_gaps(briefs: Iterable[Brief]) -> tuple[CommonGap, ...]:
    """The duties short in the most institutions: each institution counts once per duty (a duty
    two rule sets ask is one line, naming both rules), critical where any of its gaps is."""
    count: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    rules: dict[str, dict[str, model.Text]] = {}
    for brief in briefs:
        seen: dict[str, bool] = {}
        for gap in brief.gaps:
            seen[gap.duty] = seen.get(gap.duty, False) or gap.critical
            rules.setdefault(gap.duty, {}).setdefault(gap.rule_id, gap.title)
        count.update(seen.keys())
        critical.update(duty for duty, crit in seen.items() if crit)
    common = sorted(count, key=lambda d: (-count[d], -critical[d], d))
    return tuple(CommonGap(rule_id=next(iter(rules[d])), title=next(iter(rules[d].values())), count=count[d],
                           critical=critical[d], rule_ids=tuple(rules[d])) for d in common)


def _duplicate(kept: list[tuple[str, Brief]], status: tuple[RoundStatus, ...], same: tuple[int, ...]) -> DuplicateRound:
    last = kept[same[-1]][1]
    return DuplicateRound(institution=last.institution_name, round=last.round or last.assessed_on,
                          paths=tuple(kept[n][0] for n in same),
                          counted=kept[same[-1]][0] if status[same[-1]] is RoundStatus.LATEST else None)


def counting_note(summary: Summary, lang: str) -> str:
    """The one line that says what n counts: institutions, each by its latest round."""
    if summary.with_earlier:
        return ntr("summary.counting_earlier", summary.with_earlier, lang)
    return tr("summary.counting", lang)


def scored_over(row: Row, lang: str) -> str:
    """How many duties each withheld rule set's score is over, «ruta-mx: 13 de 37» ("" when none is
    withheld): the exports leave those scores empty, as no rating rests on them (a column of the exports)."""
    return "; ".join(tr("summary.scored_over_item", lang, id=c.ruleset_id, scored=c.withheld.scored, n=c.withheld.rules)
                     for c in row.cells if c.withheld is not None)


def score_shown(cell: Cell | None) -> float | None:
    """A rule set's evidenced score as the exports give it: none where its rating is withheld (a
    score over the few duties answered, read as a score, would sort and colour as earned)."""
    return None if cell is None or cell.withheld is not None else cell.score.evidenced


def in_averages(row: Row, lang: str) -> str:
    """Whether a row counts in the averages, in words (a column of the exports)."""
    if row.status is RoundStatus.LATEST and row.unrated:
        return tr("summary.in_averages.withheld", lang)
    if row.status is RoundStatus.LATEST and row.withheld:  # rated all the same: fixed at the lowest band by answers
        breach = any(c.fixed_by_breach for c in row.cells)
        return tr("summary.in_averages.coverage" if breach else "summary.in_averages.coverage_critical", lang)
    return tr({RoundStatus.LATEST: "summary.in_averages.yes", RoundStatus.EARLIER: "summary.in_averages.earlier",
               RoundStatus.DUPLICATE: "summary.in_averages.duplicate"}[row.status], lang)


def duplicate_notice(duplicate: DuplicateRound, lang: str) -> str:
    """A round sent twice, naming its files and the one that counts (for standard error)."""
    paths = ", ".join(duplicate.paths)
    if duplicate.counted is None:
        return tr("summary.duplicate_earlier", lang, paths=paths, institution=duplicate.institution,
                  round=duplicate.round)
    return tr("summary.duplicate", lang, paths=paths, institution=duplicate.institution, round=duplicate.round,
              counted=duplicate.counted)


def actor_name(actor: Actor, lang: str) -> str:
    """An institution type or level as shown: its name, else its ID."""
    return actor.name.get(lang) or actor.id


# Confidential summaries ----------------------------------------------------------------

#: The smallest group published by default (the CPMS and MGI practice: no figures for small groups).
MIN_GROUP = 5


@record(kw_only=True)
class AnonymousGroup:
    """Institutions counted together: what they share (type, level, region) and their figures."""

    type: Actor | None  # None: not a dimension of the grouping
    level: Actor | None
    region: str | None
    count: int
    means: tuple[tuple[str, float | None], ...]  # (rule set, mean evidenced score of the members that used it)
    with_critical_gaps: int  # members with at least one critical gap (evidence gaps in, any rule set)
    with_absolute_breach: int = 0  # members admitting a breach of an absolute duty (any rule set)
    with_provisional: int = 0  # members with a provisional rating (critical "not applicable", unconfirmed)
    #: members left with no rating for want of coverage (:attr:`Row.unrated`; the scores of every
    #: member whose rating is withheld, even one a breach fixes, are not averaged)
    with_withheld: int = 0
    averaged: tuple[tuple[str, int], ...] = ()  # (rule set, members its mean is over; 0 where no mean is shown)

    def averaged_over(self, ruleset_id: str) -> int:
        """How many members a rule set's mean is over (0 where the mean is not shown: too few)."""
        return dict(self.averaged).get(ruleset_id, 0)


@record(kw_only=True)
class AnonymousSummary:
    """A summary that can be shared: groups only, small groups suppressed, no text from the assessments.

    It holds no institution name, file name, date, round, note, evidence or justification;
    only institution types, levels and region codes, counts, mean scores, and the rules
    (content, not answers) that are most often gaps. Totals cover the published groups only,
    so a suppressed group cannot be recovered by subtracting the others from them.
    """

    rulesets: tuple[tuple[str, model.Text], ...]
    group_by: GroupBy | None  # None: type x level x country
    min_group: int
    groups: tuple[AnonymousGroup, ...]
    total: AnonymousGroup | None  # over the published groups
    suppressed_groups: int
    common_gaps: tuple[CommonGap, ...]  # over the published groups' members, withheld ratings left out
    failures: int  # files that could not be read (named on standard error only)
    common_gaps_left_out: int = 0  # as :attr:`Summary.common_gaps_left_out`, over the published groups' members


def _anonymous_key(row: Row, by: GroupBy | None) -> tuple[Actor | None, Actor | None, str | None]:
    rep = row.report
    country = (rep.jurisdiction or "—").split("-")[0]
    match by:
        case None:
            return rep.institution_type, rep.institution_level, country
        case GroupBy.TYPE:
            return rep.institution_type, None, None
        case GroupBy.LEVEL:
            return None, rep.institution_level, None
        case GroupBy.JURISDICTION:
            return None, None, rep.jurisdiction or "—"
        case GroupBy.COUNTRY:
            return None, None, country


def _anonymous_group(key: tuple[Actor | None, Actor | None, str | None], rows: list[Row],
                     rulesets: Iterable[str], min_group: int) -> AnonymousGroup:
    """A group's figures; a rule set's mean only when at least ``min_group`` members used it
    (a mean of one member is that member's score)."""
    means, averaged = [], []
    for rs in rulesets:
        scores = [c.score.evidenced for r in rows if (c := r.cell(rs)) is not None
                  and c.score.evidenced is not None and c.withheld is None]  # a withheld rating's score: too few duties
        shown = len(scores) >= min_group  # a count below the smallest group is not published either
        means.append((rs, sum(scores) / len(scores) if shown else None))
        averaged.append((rs, len(scores) if shown else 0))
    return AnonymousGroup(type=key[0], level=key[1], region=key[2], count=len(rows), means=tuple(means),
                          averaged=tuple(averaged),
                          with_critical_gaps=sum(1 for r in rows if r.report.critical_duties),
                          with_absolute_breach=sum(1 for r in rows if r.breached),
                          with_provisional=sum(1 for r in rows if r.provisional),
                          with_withheld=sum(1 for r in rows if r.unrated))


def anonymise(summary: Summary, *, min_group: int = MIN_GROUP, group_by: GroupBy | None = None) -> AnonymousSummary:
    """The summary as groups of at least ``min_group`` institutions, by type, level and country
    (or by the one dimension ``group_by`` names); smaller groups are left out, figures and all.

    An institution counts once, by its latest assessment (the summary's ``counted`` rows):
    two rounds of one office are not a group of two.
    """
    members: dict[tuple[str, str, str], tuple[tuple[Actor | None, Actor | None, str | None], list[Row]]] = {}
    for row in summary.rows:
        if not row.counted:  # one institution counts once, whatever its rounds: a group is of institutions
            continue
        key = _anonymous_key(row, group_by)
        ident = (key[0].id if key[0] else "", key[1].id if key[1] else "", key[2] or "")
        members.setdefault(ident, (key, []))[1].append(row)
    published = {ident: entry for ident, entry in members.items() if len(entry[1]) >= min_group}
    kept = [row for _, rows in published.values() for row in rows]
    used = {c.ruleset_id for row in kept for c in row.cells}
    rulesets = [rs for rs, _ in summary.rulesets if rs in used]
    groups = tuple(_anonymous_group(key, rows, rulesets, min_group)
                   for _, (key, rows) in sorted(published.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])))
    total = _anonymous_group((None, None, None), kept, rulesets, min_group) if kept else None
    return AnonymousSummary(
        rulesets=tuple((rs, title) for rs, title in summary.rulesets if rs in used), group_by=group_by,
        min_group=min_group, groups=groups, total=total, suppressed_groups=len(members) - len(published),
        common_gaps=_common_gaps(row.report for row in kept if not row.withheld),
        common_gaps_left_out=sum(1 for row in kept if row.withheld), failures=len(summary.failures))
