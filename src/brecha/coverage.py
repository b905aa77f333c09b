"""Which provisions the rule sets cover, and which none does. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brecha import model

__all__ = ["Coverage", "StandardCoverage", "compute_coverage"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvisionCoverage:
    """One checkable leaf provision and the rules that implement it."""

    id: str
    title: model.Text
    confidence: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StandardCoverage:
    """Coverage of one standard: its leaf provisions, covered or not, or not checkable."""

    id: str
    title: model.Text
    provisions: tuple[ProvisionCoverage, ...]
    not_checkable: tuple[tuple[str, model.Text], ...]

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """What ``brecha coverage`` shows: each standard's coverage by the rule sets counted."""

    rulesets: tuple[str, ...]
    standards: tuple[StandardCoverage, ...]


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
        result.append(StandardCoverage(
            id=sid, title=std.title,
            provisions=tuple(ProvisionCoverage(id=p.id, title=p.title, confidence=p.confidence.value,
                                               rules=tuple(sorted(implementers.get(p.id, ()))))
                             for p in leaves if p.checkable),
            not_checkable=tuple((p.id, p.not_checkable_reason or model.Text())
                                for p in std.provisions if not p.checkable)))
    return tuple(result)
