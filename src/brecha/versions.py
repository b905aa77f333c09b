"""Rule-set version numbers (semver): which part went up, and which bump a change needs. Pure.

The policy that says which change needs which bump is in :mod:`brecha.diffing`.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Bump", "bump_of", "newer"]


class Bump(StrEnum):
    """A part of a semver version that goes up, smallest first."""

    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        """Order of the bump: patch < minor < major."""
        return _RANK[self]


_RANK = {Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


def _semver(version: str) -> tuple[int, int, int]:
    core = version.split("-", 1)[0].split("+", 1)[0]
    major, minor, patch = (int(x) for x in core.split("."))
    return major, minor, patch


def bump_of(old: str | None, new: str | None) -> Bump | None:
    """Which part of the version went up from ``old`` to ``new`` (None if none did)."""
    if old is None or new is None:
        return None
    a, b = _semver(old), _semver(new)
    if b <= a:
        return None
    return Bump.MAJOR if b[0] > a[0] else Bump.MINOR if b[1] > a[1] else Bump.PATCH


def newer(version: str, than: str) -> bool:
    """Whether ``version`` is a later version than ``than``."""
    return bump_of(than, version) is not None
