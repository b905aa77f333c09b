"""Progress between two rounds of the same institution. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from brecha import model
from brecha.report import GapReport, ScoreLine

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleMove:
    """One rule's answer in both rounds."""

    rule_id: str
    title: model.Text
    old: str | None
    new: str | None
    old_score: float | None
    new_score: float | None
    status: str  # improved | regressed | unchanged | new | dropped


@dataclass(frozen=True, slots=True, kw_only=True)
class LineMove:
    """A breakdown line (stage, institution...) in both rounds."""

    id: str
    label: model.Text
    old: float | None
    new: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """What changed between two reports."""

    old: GapReport
    new: GapReport
    same_institution: bool
    rules: tuple[RuleMove, ...]
    by_phase: tuple[LineMove, ...]
    by_institution: tuple[LineMove, ...]
    weaknesses_resolved: tuple[str, ...]
    weaknesses_new: tuple[str, ...]
    gaps_closed: tuple[str, ...]
    gaps_opened: tuple[str, ...]

    def count(self, status: str) -> int:
        """How many rules have a status."""
        return sum(r.status == status for r in self.rules)


def _lines(old: tuple[ScoreLine, ...], new: tuple[ScoreLine, ...]) -> tuple[LineMove, ...]:
    olds = {line.id: line for line in old}
    news = {line.id: line for line in new}
    order = [line.id for line in new] + [line.id for line in old if line.id not in news]
    return tuple(LineMove(id=k, label=(news.get(k) or olds[k]).label,
                          old=olds[k].score.evidenced if k in olds else None,
                          new=news[k].score.evidenced if k in news else None) for k in order)


def compare(old_assessment: model.Assessment, old: GapReport, new_assessment: model.Assessment,
            new: GapReport, lib: model.Library) -> Comparison:
    """Compare two evaluated rounds (older first)."""
    moves = []
    ids = sorted(set(old_assessment.answers) | set(new_assessment.answers))
    for rule_id in ids:
        rule = lib.rules.get(rule_id) or lib.rules.get(lib.aliases.get(rule_id, ""))
        if rule is None:
            continue
        scale = lib.rulesets[rule.ruleset_id].scales[rule.scale]
        a = old_assessment.answers.get(rule_id)
        b = new_assessment.answers.get(rule_id)
        va, vb = (a.value if a else None), (b.value if b else None)
        sa = scale.level(va).score if va and scale.level(va) else None  # type: ignore[union-attr]
        sb = scale.level(vb).score if vb and scale.level(vb) else None  # type: ignore[union-attr]
        if va is None and vb is None:
            continue
        if va is None:
            status = "new"
        elif vb is None:
            status = "dropped"
        elif sa is not None and sb is not None and sb > sa:
            status = "improved"
        elif sa is not None and sb is not None and sb < sa:
            status = "regressed"
        else:
            status = "unchanged"
        moves.append(RuleMove(rule_id=rule.id, title=rule.title, old=va, new=vb, old_score=sa, new_score=sb,
                              status=status))
    old_w = {w.id for w in old.weaknesses}
    new_w = {w.id for w in new.weaknesses}
    old_g = {g.rule_id for g in old.gaps}
    new_g = {g.rule_id for g in new.gaps}
    same = (old.institution_type.id, old.institution_level.id, old.institution_name) == \
        (new.institution_type.id, new.institution_level.id, new.institution_name)
    return Comparison(old=old, new=new, same_institution=same, rules=tuple(moves),
                      by_phase=_lines(old.by_phase, new.by_phase),
                      by_institution=_lines(old.by_institution, new.by_institution),
                      weaknesses_resolved=tuple(sorted(old_w - new_w)), weaknesses_new=tuple(sorted(new_w - old_w)),
                      gaps_closed=tuple(sorted(old_g - new_g)), gaps_opened=tuple(sorted(new_g - old_g)))
