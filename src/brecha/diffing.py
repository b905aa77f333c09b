"""What a rule-set change adds, removes, renames, re-weights or rewords. Pure.

Version policy for rule sets (semver), used to say when a bump is missing:

* major - a rule removed without deprecation, or a scale value removed: old
  assessments may no longer load;
* minor - rules added, deprecated or renamed (old ID kept as alias), or any change
  that moves scores, ratings or what a report concludes: criticality, weight, target,
  scale scores, evidence level, applicability, provisions implemented, rating bands,
  rating caps, the jurisdiction (which rule set heads a report), the not-applicable
  share, the evidence age limit, the basis, hand-offs, a rule's counterparts and whether
  it is held separately (who else must act on its gap), equivalent rules, weakness
  patterns, stages and criticalities added or removed (nothing an assessment answers
  is lost, so removing these is minor too);
* patch - wording only (titles, questions, reasons, hand-off and weakness texts, labels,
  a scale's title and its levels' labels and descriptions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import TypeVar

from brecha import model
from brecha.errors import Issue
from brecha.frozen import record
from brecha.report import GapReport
from brecha.versions import Bump, bump_of

T = TypeVar("T")

__all__ = ["Change", "ChangeKind", "DiffResult", "RuleSetDiff", "ScoreEffect", "diff_libraries"]


class ChangeKind(StrEnum):
    """What happened to a rule, scale, criticality or the rating bands."""

    ADDED = "added"
    REMOVED = "removed"
    DEPRECATED = "deprecated"
    RENAMED = "renamed"
    CHANGED = "changed"
    REWORDED = "reworded"


@record(kw_only=True)
class Change:
    """One change: what (rule, scale...), how, and the version bump it needs."""

    subject: str
    kind: ChangeKind
    detail: str
    bump: Bump


@record(kw_only=True)
class RuleSetDiff:
    """All changes of one rule set between two versions of the content."""

    id: str
    old_version: str | None
    new_version: str | None
    changes: tuple[Change, ...]

    @property
    def bump_needed(self) -> Bump | None:
        """The largest bump any change needs (None when nothing changed)."""
        return max((c.bump for c in self.changes), key=lambda b: b.rank, default=None)

    @property
    def bump_made(self) -> Bump | None:
        """The bump between the two version numbers (None if equal or not comparable)."""
        return bump_of(self.old_version, self.new_version)

    @property
    def bump_missing(self) -> bool:
        """Whether the version number moved less than the changes require."""
        need = self.bump_needed
        if need is None or self.old_version is None or self.new_version is None:
            return False
        made = self.bump_made
        return made is None or made.rank < need.rank


def _texts(rule: model.Rule) -> dict[str, object]:
    return {"title": rule.title, "question": rule.question, "action": rule.action,
            "action_for": dict(rule.action_for),
            "evidence.examples": rule.evidence_examples, "guidance": dict(rule.guidance),
            "absolute.breach": rule.absolute.breach if rule.absolute else None}


def _scoring(rule: model.Rule) -> dict[str, object]:
    # A weight change through the criticality table is reported once, for the criticality.
    return {"criticality": rule.criticality, "scale": rule.scale,
            "target": rule.target, "evidence.required_from": rule.evidence_from, "phase": rule.phase,
            "applies_to": rule.applies_to, "responsible": rule.responsible, "implements": rule.implements,
            # who else must act on its gap, and the coordination section (their order is not a change)
            "counterparts": tuple(sorted(rule.counterparts)),
            "held_separately": rule.held_separately,
            # assess asks equivalent rules once, and evaluate/lint check their answers agree
            "equivalent_to": tuple(sorted(rule.equivalent_to)),
            # an absolute duty holds the rating at the lowest band on any answer below the top
            "absolute": tuple(rule.absolute.provisions) if rule.absolute else None}


def _fmt(value: object) -> str:
    if isinstance(value, model.Applicability):
        return ", ".join((*value.institution_types, *value.categories)) + (
            f" [{', '.join(value.levels)}]" if value.levels else "")
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or "—"
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _diff_ruleset(old: model.RuleSet | None, new: model.RuleSet | None) -> RuleSetDiff:
    changes: list[Change] = []
    add = changes.append
    old_rules = {r.id: r for r in old.rules} if old else {}
    new_rules = {r.id: r for r in new.rules} if new else {}
    renamed_to = {alias: r.id for r in new_rules.values() for alias in r.aliases}
    for rid, rule in sorted(new_rules.items()):
        if rid not in old_rules:
            was = next((a for a in rule.aliases if a in old_rules), None)
            if was:
                add(Change(subject=rid, kind=ChangeKind.RENAMED, detail=f"{was} → {rid} (old ID kept as alias)", bump=Bump.MINOR))
            else:
                add(Change(subject=rid, kind=ChangeKind.ADDED, detail=rule.title.get("en"), bump=Bump.MINOR))
    for rid in sorted(old_rules):
        if rid in new_rules or rid in renamed_to:
            continue
        add(Change(subject=rid, kind=ChangeKind.REMOVED, detail="removed without deprecation; answers to it are lost",
                   bump=Bump.MAJOR))
    for rid in sorted(set(old_rules) & set(new_rules) | {a for a in renamed_to if a in old_rules}):
        before = old_rules[rid]
        after = new_rules[renamed_to.get(rid, rid)]
        if after.deprecated and not before.deprecated:
            dep = after.deprecated
            add(Change(subject=after.id, kind=ChangeKind.DEPRECATED,
                       detail=f"since {dep.since}" + (f", replaced by {dep.replaced_by}" if dep.replaced_by else ""),
                       bump=Bump.MINOR))
        a, b = _scoring(before), _scoring(after)
        for key in a:
            if a[key] != b[key]:
                add(Change(subject=after.id, kind=ChangeKind.CHANGED, detail=f"{key}: {_fmt(a[key])} → {_fmt(b[key])}",
                           bump=Bump.MINOR))
        ta, tb = _texts(before), _texts(after)
        changed_texts = [k for k in ta if ta[k] != tb[k]]
        if changed_texts:
            add(Change(subject=after.id, kind=ChangeKind.REWORDED, detail=", ".join(changed_texts), bump=Bump.PATCH))
    if old and new:
        for sid in sorted(set(old.scales) | set(new.scales)):
            s_old, s_new = old.scales.get(sid), new.scales.get(sid)
            if s_old is None or s_new is None:
                add(Change(subject=f"scale {sid}", kind=ChangeKind.ADDED if s_old is None else ChangeKind.REMOVED, detail="",
                           bump=Bump.MINOR if s_old is None else Bump.MAJOR))
                continue
            gone = [v for v in s_old.values if v not in s_new.values]
            if gone:
                add(Change(subject=f"scale {sid}", kind=ChangeKind.CHANGED, detail=f"values removed: {', '.join(gone)}",
                           bump=Bump.MAJOR))
            scores_a = {lv.value: lv.score for lv in s_old.levels}
            moved = [f"{lv.value} {scores_a[lv.value]:g}→{lv.score:g}" for lv in s_new.levels
                     if lv.value in scores_a and scores_a[lv.value] != lv.score]
            if moved:
                add(Change(subject=f"scale {sid}", kind=ChangeKind.CHANGED, detail="scores: " + ", ".join(moved), bump=Bump.MINOR))
            # What a level is called and what it means guide the answer, not the score: wording.
            texts_a = {lv.value: (lv.label, lv.description) for lv in s_old.levels}
            reworded = [lv.value for lv in s_new.levels
                        if lv.value in texts_a and texts_a[lv.value] != (lv.label, lv.description)]
            if s_old.title != s_new.title or reworded:
                add(Change(subject=f"scale {sid}", kind=ChangeKind.REWORDED,
                           detail=", ".join((["title"] if s_old.title != s_new.title else [])
                                            + ([f"levels: {', '.join(reworded)}"] if reworded else [])),
                           bump=Bump.PATCH))
        for cid in sorted(set(old.criticalities) & set(new.criticalities)):
            ca, cb = old.criticalities[cid], new.criticalities[cid]
            if (ca.weight, ca.critical) != (cb.weight, cb.critical):
                add(Change(subject=f"criticality {cid}", kind=ChangeKind.CHANGED,
                           detail=f"weight {ca.weight:g} → {cb.weight:g}"
                           + (f", critical {ca.critical} → {cb.critical}" if ca.critical != cb.critical else ""),
                           bump=Bump.MINOR))
        bands_a = [(b.id, b.min_score) for b in old.rating_bands]
        bands_b = [(b.id, b.min_score) for b in new.rating_bands]
        if bands_a != bands_b:
            add(Change(subject="rating bands", kind=ChangeKind.CHANGED,
                       detail=f"{_bands(bands_a)} → {_bands(bands_b)}", bump=Bump.MINOR))
        changes.extend(_diff_settings(old, new))
    ident = (new or old).id  # type: ignore[union-attr]
    return RuleSetDiff(id=ident, old_version=old.version if old else None,
                       new_version=new.version if new else None, changes=tuple(changes))


def _keyed(
    subject: str, old: Iterable[T], new: Iterable[T], key: Callable[[T], str],
    judged: Callable[[T], dict[str, object]], texts: Callable[[T], dict[str, object]], describe: Callable[[T], str],
) -> Iterator[Change]:
    """Items of a rule-set list matched by ID: added, removed, changed (minor) or reworded (patch).

    None of these is answered by an assessment, so removing one is minor, not major.
    """
    a = {key(x): x for x in old}
    b = {key(x): x for x in new}
    for k in sorted(set(a) | set(b)):
        before, after = a.get(k), b.get(k)
        if before is None and after is not None:
            yield Change(subject=f"{subject} {k}", kind=ChangeKind.ADDED, detail=describe(after), bump=Bump.MINOR)
        elif after is None and before is not None:
            yield Change(subject=f"{subject} {k}", kind=ChangeKind.REMOVED, detail=describe(before), bump=Bump.MINOR)
        elif before is not None and after is not None:
            ja, jb = judged(before), judged(after)
            moved = [f"{f}: {_fmt(ja[f])} → {_fmt(jb[f])}" if _plain(ja[f]) and _plain(jb[f]) else f
                     for f in ja if ja[f] != jb[f]]
            if moved:
                yield Change(subject=f"{subject} {k}", kind=ChangeKind.CHANGED, detail="; ".join(moved), bump=Bump.MINOR)
            ta, tb = texts(before), texts(after)
            reworded = [f for f in ta if ta[f] != tb[f]]
            if reworded:
                yield Change(subject=f"{subject} {k}", kind=ChangeKind.REWORDED, detail=", ".join(reworded),
                             bump=Bump.PATCH)


def _plain(value: object) -> bool:
    """A value short enough to show before and after (a condition tree is named, not shown)."""
    return value is None or isinstance(value, str | float | int) or (
        isinstance(value, tuple) and all(isinstance(v, str) for v in value))


def _cap(cap: model.RatingCap) -> str:
    return f"{cap.when} → at most {cap.max_rating}"


def _side(s: model.HandoffSide) -> str:
    return f"{s.rule} ({', '.join(s.institutions)})"


def _handoff(h: model.Handoff) -> str:
    return f"{h.stage}: {_side(h.sender)} → {_side(h.receiver)}"


def _basis(basis: model.RuleSetBasis | None) -> str:
    if basis is None:
        return "—"
    return basis.home + (f" (legal: {', '.join(basis.legal)})" if basis.legal else "")


def _diff_settings(old: model.RuleSet, new: model.RuleSet) -> Iterator[Change]:
    """The rule-set-level settings that decide a report's judgment, beyond scales and bands."""
    settings: tuple[tuple[str, object, object], ...] = (
        # which rule set heads the report of an institution of that country
        ("jurisdiction", old.jurisdiction or "— (regional)", new.jurisdiction or "— (regional)"),
        # when the loud not-applicable notice shows
        ("not_applicable_share", old.not_applicable_share, new.not_applicable_share),
        # evidence older than this counts as none: moves the evidenced score
        ("evidence_max_age_days", old.evidence_max_age_days, new.evidence_max_age_days),
        # what each gap's basis is judged against (binding duty or guideline)
        ("basis", _basis(old.basis), _basis(new.basis)),
    )
    for name, a, b in settings:
        if a != b:
            yield Change(subject=name, kind=ChangeKind.CHANGED, detail=f"{_fmt(a)} → {_fmt(b)}", bump=Bump.MINOR)
    # weights and band minimums are compared above; here what is added, removed or reworded
    yield from _keyed("phase", old.phases, new.phases, key=lambda p: p.id,
                      judged=lambda p: {}, texts=lambda p: {"title": p.title, "description": p.description},
                      describe=lambda p: p.title.get("en"))
    yield from _keyed("criticality", old.criticalities.values(), new.criticalities.values(), key=lambda c: c.id,
                      judged=lambda c: {}, texts=lambda c: {"label": c.label}, describe=lambda c: f"weight {c.weight:g}")
    common = {b.id for b in old.rating_bands} & {b.id for b in new.rating_bands}
    yield from _keyed("rating band", [b for b in old.rating_bands if b.id in common],
                      [b for b in new.rating_bands if b.id in common], key=lambda b: b.id,
                      judged=lambda b: {}, texts=lambda b: {"label": b.label}, describe=lambda b: b.id)
    if (old.title, old.description) != (new.title, new.description):
        yield Change(subject="rule set", kind=ChangeKind.REWORDED, detail="title, description", bump=Bump.PATCH)
    yield from _keyed("rating cap", old.rating_caps, new.rating_caps, key=lambda c: c.id,
                      judged=lambda c: {"when": str(c.when), "max_rating": c.max_rating},
                      texts=lambda c: {"reason": c.reason}, describe=_cap)
    yield from _keyed("hand-off", old.handoffs, new.handoffs, key=lambda h: h.id,
                      judged=lambda h: {"stage": h.stage, "sender": _side(h.sender), "receiver": _side(h.receiver)},
                      texts=lambda h: {"title": h.title, "description": h.description}, describe=_handoff)
    yield from _keyed("weakness", old.weaknesses, new.weaknesses, key=lambda w: w.id,
                      judged=lambda w: {"when": w.when, "criticality": w.criticality,
                                        "responsible": tuple(sorted(w.responsible)), "provisions": w.provisions,
                                        "sources": w.sources},
                      texts=lambda w: {"title": w.title, "description": w.description,
                                       "recommendation": w.recommendation},
                      describe=lambda w: w.title.get("en") or w.id)


def _bands(bands: Iterable[tuple[str, float]]) -> str:
    return ", ".join(f"{i}≥{m:g}" for i, m in bands)


def diff_libraries(old: model.Library, new: model.Library) -> tuple[RuleSetDiff, ...]:
    """Per rule set, what changed from ``old`` to ``new`` (rule sets with no change included)."""
    return tuple(_diff_ruleset(old.rulesets.get(i), new.rulesets.get(i))
                 for i in sorted(set(old.rulesets) | set(new.rulesets)))


@record
class ScoreEffect:
    """How one assessment's overall result moves between two versions of the content."""

    path: str
    before: GapReport | None
    after: GapReport | None
    error: str | None


@record
class DiffResult:
    """Rule-set changes between two versions of the content, and their effect on assessments."""

    old_label: str
    new_label: str
    rulesets: tuple[RuleSetDiff, ...]
    effects: tuple[ScoreEffect, ...]
    unreadable: tuple[Issue, ...] = ()  # assessment paths that could not be read, located (exit 3)
