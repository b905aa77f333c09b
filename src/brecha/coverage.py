"""Which provisions the rule sets cover, and which none does. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from brecha import grounding, model
from brecha.frozen import record

__all__ = ["Coverage", "RuleSetGrounding", "StandardCoverage", "compute_coverage", "compute_grounding"]


@record(kw_only=True)
class ProvisionCoverage:
    """One checkable leaf provision and the rules that implement it."""

    id: str
    title: model.Text
    confidence: str
    rules: tuple[str, ...]


@record(kw_only=True)
class StandardCoverage:
    """Coverage of one standard: its leaf provisions, covered or not, or not checkable."""

    id: str
    title: model.Text
    provisions: tuple[ProvisionCoverage, ...]
    not_checkable: tuple[tuple[str, model.Text], ...]
    short_title: model.Text | None = None
    confidence: tuple[tuple[model.Confidence, int], ...] = ()  # every provision (not only leaves), by confidence

    @property
    def total(self) -> int:
        """All provisions of the standard, at every level of its tree."""
        return sum(n for _, n in self.confidence)

    @property
    def covered(self) -> int:
        """Checkable leaf provisions implemented by at least one rule."""
        return sum(bool(p.rules) for p in self.provisions)

    @property
    def percent(self) -> float | None:
        """Share of checkable leaf provisions covered (None when there are none)."""
        return 100 * self.covered / len(self.provisions) if self.provisions else None

    @property
    def uncovered(self) -> tuple[ProvisionCoverage, ...]:
        """Checkable leaf provisions no rule implements."""
        return tuple(p for p in self.provisions if not p.rules)


@record(kw_only=True)
class Coverage:
    """What ``brecha coverage`` shows: each standard's coverage by the rule sets counted."""

    rulesets: tuple[str, ...]
    standards: tuple[StandardCoverage, ...]
    grounding: tuple[RuleSetGrounding, ...] = ()  # each rule set's rules by the strength of their basis
    matrix: bool = False  # show every provision with the rules implementing it (provisions x rules)


def compute_coverage(lib: model.Library, rulesets: Sequence[str] = ()) -> tuple[StandardCoverage, ...]:
    """Coverage of every standard by the current (non-deprecated) rules of ``rulesets`` (default all)."""
    chosen = [lib.rulesets[r] for r in rulesets] if rulesets else list(lib.rulesets.values())
    implementers: dict[str, list[str]] = {}
    for rs in chosen:
        for rule in rs.rules:
            if not rule.deprecated:
                for pid in rule.implements:
                    implementers.setdefault(pid, []).append(rule.id)
    result = []
    for sid in sorted(lib.standards):
        std = lib.standards[sid]
        leaves = [p for p in std.provisions if not p.children]
        counts = {c: sum(p.confidence is c for p in std.provisions) for c in model.Confidence}
        result.append(StandardCoverage(
            id=sid, title=std.title, short_title=std.short_title, confidence=tuple(counts.items()),
            provisions=tuple(ProvisionCoverage(id=p.id, title=p.title, confidence=p.confidence.value,
                                               rules=tuple(sorted(implementers.get(p.id, ()))))
                             for p in leaves if p.checkable),
            not_checkable=tuple((p.id, p.not_checkable_reason or model.Text())
                                for p in std.provisions if not p.checkable)))
    return tuple(result)


@record(kw_only=True)
class RuleSetGrounding:
    """How well a rule set's current rules are grounded in its declared basis."""

    id: str
    version: str
    title: model.Text
    rules: int  # current (not deprecated) rules
    weaknesses: int
    home_standard: str | None  # None: the rule set declares no basis
    legal_standards: tuple[str, ...]
    verified: int  # rules with a verified provision of the home instrument or of the legal basis
    weak: int  # rules whose basis is weak (see grounding)
    no_home: int  # rules that cite no provision of the home instrument

    @property
    def percent(self) -> float | None:
        """Share of current rules with a verified basis (None without a declared basis or rules)."""
        if self.home_standard is None or not self.rules:
            return None
        return 100 * self.verified / self.rules


def compute_grounding(lib: model.Library, rulesets: Sequence[str] = ()) -> tuple[RuleSetGrounding, ...]:
    """For each rule set (default all), how many of its rules have a verified basis and how many a weak one."""
    result = []
    for rid in rulesets or sorted(lib.rulesets):
        rs = lib.rulesets[rid]
        found = grounding.grounds(rs, lib)
        result.append(RuleSetGrounding(
            id=rs.id, version=rs.version, title=rs.title, rules=sum(not r.deprecated for r in rs.rules),
            weaknesses=len(rs.weaknesses), home_standard=rs.basis.home if rs.basis else None,
            legal_standards=rs.basis.legal if rs.basis else (), verified=sum(g.verified for g in found),
            weak=sum(g.weak for g in found), no_home=sum(g.home is None for g in found)))
    return tuple(result)
