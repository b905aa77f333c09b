"""Progress between rounds of the same institution: the last two compared rule by rule, every
round in a trend. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from brecha import conditions, model
from brecha.frozen import record
from brecha.report import CapDetail, GapReport, ScoreLine

__all__ = ["COMPARE_FORMAT_VERSION", "STATUSES", "Comparison", "Gone", "Named", "RoundPoint", "compare"]

#: The shape of ``compare --format json``, as its ``compare_format_version``. Version 2: gap
#: counts are the report's (``total_gaps`` and ``total_critical_gaps``, evidence gaps included),
#: and the weaknesses that stopped holding are ``weaknesses_no_longer_detected`` (with what
#: changed and what still holds) where the unmarked version 1 said ``weaknesses_resolved``.
#: Version 3: each round (``old``, ``new``, each point of ``trend``) says which critical
#: duties its headline rating rests on as "not applicable" unconfirmed (``provisional``:
#: their IDs, empty when the rating is not provisional). Version 4: admitted breaches of
#: absolute duties, whatever the ratings: each round's ``absolute_breaches`` (rule IDs), and
#: ``absolute_breaches`` persisting, new and no longer admitted between the last two. Version 5:
#: a round whose headline rating is withheld for want of coverage has ``rating`` null and
#: ``withheld`` (how many duties declared not applicable, unconfirmed, of how many; null when rated).
#: Version 6: a stage of a rule set whose rating is withheld in a round has no score in that round
#: (``by_phase``'s ``old`` or ``new``, a trend point's ``by_phase``: null), as every report gives
#: none over the few duties answered: a stage resting on one would read 100, and "+47" beside it.
#: Version 7: nor an overall score: a round whose headline rating is withheld has ``claimed`` and
#: ``evidenced`` null, its score given in ``withheld`` beside ``scored`` (what it is over), and a
#: rule set whose rating is withheld in a round has no score in that round (``by_ruleset``'s
#: ``old`` or ``new``, a trend point's ``by_ruleset``: null): a fall of 19.5 points beside a rated
#: round would rest on the few duties answered.
#: Version 8: a gap whose duty the new round declares not applicable with nobody outside the
#: assessing team confirming it (``confirmed_by``) is never closed: it is listed in
#: ``gaps_left_unconfirmed_na``, no longer in ``gaps_closed``; each round (``new``, each point of
#: ``trend``) counts them (``gaps_left_unconfirmed_na``: those of the round before, 0 for the
#: first); and a weakness no longer detected names in ``unconfirmed_na`` the rules it read that
#: became so, which ``changed`` no longer lists. A self-declared exemption is not progress.
#: Version 9: a round's ``gaps_left_unconfirmed_na`` counts the headline rule set's gaps only, as
#: ``total_gaps`` beside it does (version 8 counted every rule set's), and
#: ``evidence_gaps_left_unconfirmed_na`` says how many of them were evidence gaps, as
#: ``evidence_gaps`` does.
COMPARE_FORMAT_VERSION = 9

#: Every way a rule's answer can move between two rounds, in the order reports list them.
STATUSES = ("regressed", "now_na", "dropped", "improved", "no_longer_na", "new", "unchanged")


@record(kw_only=True)
class RuleMove:
    """One rule's answer in both rounds."""

    rule_id: str
    title: model.Text
    old: str | None
    new: str | None
    old_label: model.Text | None  # the scale's label of the value (None: unanswered or not applicable)
    new_label: model.Text | None
    old_score: float | None
    new_score: float | None
    status: str  # one of STATUSES: not_applicable and unanswered are changes of status too


@record(kw_only=True)
class Named:
    """A weakness or gap by ID, with its title."""

    id: str
    title: model.Text


@record(kw_only=True)
class Gone:
    """A weakness found in the old round and no longer detected in the new one.

    Not "resolved": a pattern stops being detected as soon as one of its conditions stops
    holding. ``changed`` are the rules whose answers made it hold and no longer do (or are no
    longer known: unanswered, not applicable); ``still`` are those whose answers still meet
    their condition.
    """

    id: str
    title: model.Text
    changed: tuple[str, ...]
    still: tuple[str, ...]
    #: Rules it read that the new round declares not applicable, unconfirmed (not in ``changed``):
    #: the weakness is no longer detected because the institution exempted itself, not because
    #: anything is known to have improved.
    unconfirmed_na: tuple[str, ...] = ()


@record(kw_only=True)
class RoundPoint:
    """One round in the trend: its date, score, rating, counts and stage scores."""

    report: GapReport
    by_ruleset: tuple[tuple[str, float | None], ...]
    by_phase: tuple[tuple[str, float | None], ...]
    #: Gaps of the round before, in its headline rule set (as its gap count), that this one declares
    #: not applicable, unconfirmed (0 for the first): out of its gap count without being closed; and
    #: how many of them were evidence gaps.
    gaps_left_unconfirmed_na: int = 0
    evidence_gaps_left_unconfirmed_na: int = 0


@record(kw_only=True)
class LineMove:
    """A breakdown line (stage, institution...) in both rounds."""

    id: str
    label: model.Text
    old: float | None
    new: float | None


@record(kw_only=True)
class Comparison:
    """What changed between two reports."""

    old: GapReport
    new: GapReport
    same_institution: bool
    rules: tuple[RuleMove, ...]
    by_phase: tuple[LineMove, ...]
    by_ruleset: tuple[LineMove, ...]
    weaknesses_gone: tuple[Gone, ...]  # found before, no longer detected (see Gone: not "resolved")
    weaknesses_new: tuple[Named, ...]
    gaps_closed: tuple[Named, ...]  # gaps of the old round that are no longer gaps (see gaps_left_unconfirmed_na)
    gaps_opened: tuple[Named, ...]
    #: Gaps of the old round whose duty the new round declares not applicable with nobody outside
    #: the assessing team confirming it: out of the new round's gap count, never closed.
    gaps_left_unconfirmed_na: tuple[Named, ...] = ()
    #: How many of them the headline counts hold (``old``'s headline rule set, as its gap count;
    #: every rule set's are listed), and how many of those were evidence gaps.
    left_headline: tuple[int, int] = (0, 0)
    trend: tuple[RoundPoint, ...] = ()  # every round, oldest first (more than two: a trend)
    #: Admitted breaches of absolute duties (rule set, breach), whatever the ratings: admitted in
    #: both rounds, only in the new one, only in the old one (no longer admitted: not "resolved",
    #: the answer now reaches the top of its scale, or is no longer given).
    breaches_persisting: tuple[tuple[str, CapDetail], ...] = ()
    breaches_new: tuple[tuple[str, CapDetail], ...] = ()
    breaches_gone: tuple[tuple[str, CapDetail], ...] = ()

    def count(self, status: str) -> int:
        """How many rules have a status."""
        return sum(r.status == status for r in self.rules)


def _lines(old: tuple[ScoreLine, ...], new: tuple[ScoreLine, ...], hidden_old: frozenset[str] = frozenset(),
           hidden_new: frozenset[str] = frozenset()) -> tuple[LineMove, ...]:
    """Each line in both rounds; no score for the lines ``hidden`` in a round (see :func:`_withheld_stages`
    and :func:`_withheld_rulesets`)."""
    olds = {line.id: line for line in old}
    news = {line.id: line for line in new}
    order = [line.id for line in new] + [line.id for line in old if line.id not in news]
    return tuple(LineMove(id=k, label=(news.get(k) or olds[k]).label,
                          old=olds[k].score.evidenced if k in olds and k not in hidden_old else None,
                          new=news[k].score.evidenced if k in news and k not in hidden_new else None) for k in order)


def _withheld_stages(report: GapReport) -> frozenset[str]:
    """The stages of the rule sets whose rating is withheld (a breach fixing it or not): their
    scores are over the few duties answered, so no round gives one, as no report does."""
    return frozenset(line.id for r in report.results if r.withheld is not None for line in r.by_phase)


def _withheld_rulesets(report: GapReport) -> frozenset[str]:
    """The rule sets whose rating is withheld (a breach fixing it or not): their score is over the
    few duties answered, so a breakdown line gives none, as for their stages; the headline's is
    still shown with what it is over where the rounds' scores are (not as a change)."""
    return frozenset(r.id for r in report.results if r.withheld is not None)


def _rulesets(report: GapReport) -> tuple[ScoreLine, ...]:
    return tuple(ScoreLine(id=r.id, label=r.title, score=r.score) for r in report.results)


def _status(va: str | None, vb: str | None, sa: float | None, sb: float | None) -> str:
    na = model.NOT_APPLICABLE
    if vb == na and va != na:
        return "now_na"
    if va == na and vb not in (na, None):
        return "no_longer_na"
    if va is None:
        return "new"
    if vb is None:
        return "dropped"
    if sa is not None and sb is not None and sb > sa:
        return "improved"
    if sa is not None and sb is not None and sb < sa:
        return "regressed"
    return "unchanged"


def _moves(old_assessment: model.Assessment, new_assessment: model.Assessment,
           lib: model.Library) -> tuple[RuleMove, ...]:
    moves = []
    for rule_id in sorted(set(old_assessment.answers) | set(new_assessment.answers)):
        rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
        if rule is None:
            continue
        scale = lib.rulesets[rule.ruleset_id].scales[rule.scale]
        a = old_assessment.answers.get(rule_id)
        b = new_assessment.answers.get(rule_id)
        va, vb = (a.value if a else None), (b.value if b else None)
        if va is None and vb is None:
            continue
        la, lb = (scale.level(va) if va else None), (scale.level(vb) if vb else None)
        sa, sb = (la.score if la else None), (lb.score if lb else None)
        moves.append(RuleMove(rule_id=rule.id, title=rule.title, old=va, new=vb,
                              old_label=la.label if la else None, new_label=lb.label if lb else None,
                              old_score=sa, new_score=sb, status=_status(va, vb, sa, sb)))
    return tuple(moves)


def _named(items: dict[str, model.Text], ids: set[str]) -> tuple[Named, ...]:
    return tuple(Named(id=i, title=items[i]) for i in sorted(ids))


def _unconfirmed_na(report: GapReport) -> frozenset[str]:
    """The rules a round answers not applicable with nobody outside the assessing team confirming it."""
    return frozenset(n.rule_id for n in report.not_applicable if not n.confirmed_by)


def _gaps(report: GapReport) -> dict[str, model.Text]:
    """A round's gaps by rule, evidence gaps included: the report's one definition."""
    return {g.rule_id: g.title for g in report.all_gaps}


def _left_unconfirmed(old: GapReport, new: GapReport) -> set[str]:
    """The old round's gaps that are not gaps in the new one only because it declares their duty
    not applicable, unconfirmed: a self-declared exemption, not a gap closed."""
    return (set(_gaps(old)) - set(_gaps(new))) & _unconfirmed_na(new)


def _left_headline(old: GapReport, new: GapReport) -> tuple[int, int]:
    """How many gaps, and evidence gaps among them, of the old round's headline rule set (the
    rule set its gap counts are of) left as not applicable, unconfirmed, in the new one."""
    left, result = _left_unconfirmed(old, new), old.headline_result
    if not left or result is None:
        return (0, 0)
    return (sum(g.rule_id in left for g in old.all_gaps if g.ruleset_id == result.id),
            sum(g.rule_id in left for g in old.evidence_gaps if g.ruleset_id == result.id))


def _gone(old: GapReport, new: GapReport, gone: set[str], facts: Mapping[str, conditions.Facts],
          lib: model.Library) -> tuple[Gone, ...]:
    """Each weakness no longer detected, with which of the rules that made it hold changed, and
    which of them the new round declares not applicable, unconfirmed."""
    if not gone:
        return ()
    patterns = {w.id: w for rs in lib.rulesets.values() for w in rs.weaknesses}
    exempt = _unconfirmed_na(new)
    out = []
    for finding in sorted((w for w in old.weaknesses if w.id in gone), key=lambda w: w.id):
        pattern = patterns.get(finding.id)
        holding = conditions.support(pattern.when, facts) if pattern else set()
        stopped = [r for r in finding.triggered_by if r not in holding]
        out.append(Gone(id=finding.id, title=finding.title,
                        changed=tuple(r for r in stopped if r not in exempt),
                        still=tuple(r for r in finding.triggered_by if r in holding),
                        unconfirmed_na=tuple(r for r in stopped if r in exempt)))
    return tuple(out)


def compare(old_assessment: model.Assessment, old: GapReport, new_assessment: model.Assessment,
            new: GapReport, lib: model.Library,
            earlier: tuple[GapReport, ...] = (), *, facts: Mapping[str, conditions.Facts]) -> Comparison:
    """Compare two evaluated rounds (older first); ``earlier`` rounds join the trend.

    ``facts``: what the weakness patterns were judged on in the new round
    (``evaluation.condition_facts``), to say which conditions of a weakness no longer detected
    changed and which still hold.
    """
    old_w = {w.id: w.title for w in old.weaknesses}
    new_w = {w.id: w.title for w in new.weaknesses}
    old_g, new_g = _gaps(old), _gaps(new)
    left = _left_unconfirmed(old, new)
    rounds = (*earlier, old, new)
    same = old.institution_key == new.institution_key
    before = {d.id for _, d in old.breaches}
    after = {d.id for _, d in new.breaches}
    trend = tuple(RoundPoint(report=r,
                             by_ruleset=tuple((line.id, None if line.id in _withheld_rulesets(r)
                                               else line.score.evidenced) for line in _rulesets(r)),
                             by_phase=tuple((line.id, None if line.id in _withheld_stages(r) else line.score.evidenced)
                                            for line in r.by_phase),
                             gaps_left_unconfirmed_na=counts[0], evidence_gaps_left_unconfirmed_na=counts[1])
                  for i, r in enumerate(rounds)
                  for counts in (_left_headline(rounds[i - 1], r) if i else (0, 0),))
    return Comparison(old=old, new=new, same_institution=same, rules=_moves(old_assessment, new_assessment, lib),
                      breaches_persisting=tuple(b for b in new.breaches if b[1].id in before),
                      breaches_new=tuple(b for b in new.breaches if b[1].id not in before),
                      breaches_gone=tuple(b for b in old.breaches if b[1].id not in after),
                      by_phase=_lines(old.by_phase, new.by_phase, _withheld_stages(old), _withheld_stages(new)),
                      by_ruleset=_lines(_rulesets(old), _rulesets(new), _withheld_rulesets(old),
                                        _withheld_rulesets(new)),
                      weaknesses_gone=_gone(old, new, set(old_w) - set(new_w), facts, lib),
                      weaknesses_new=_named(new_w, set(new_w) - set(old_w)),
                      gaps_closed=_named(old_g, set(old_g) - set(new_g) - left),
                      gaps_left_unconfirmed_na=_named(old_g, left), left_headline=_left_headline(old, new),
                      gaps_opened=_named(new_g, set(new_g) - set(old_g)),
                      trend=trend if earlier else ())
