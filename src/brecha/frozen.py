"""brecha's records: frozen dataclasses with slots, made quickly and pickled by their fields.

Every record of brecha is declared with :func:`record` instead of
``@dataclass(frozen=True, slots=True)``. It is that very dataclass (same fields, same
``__init__``, same immutability, ``dataclasses.fields``, ``replace`` and ``asdict`` as
ever) with two differences that only show in time:

- **Made at import in less time.** Python 3.11's ``dataclasses`` writes each method as
  source text and compiles it with ``exec``, one call a method: for some 140 records that
  compiling was about a third of brecha's start-up, in every command. ``record`` lets
  ``dataclasses`` write only what must be specific to a class (``__init__``, and the
  ``__setattr__`` and ``__delattr__`` that refuse changes) and gives the comparison, the
  hash and the ``repr`` as shared functions over the class's fields, taken in one C call
  (:func:`operator.attrgetter`). They behave as ``dataclasses``' own: equal when of the same
  class with equal compared fields, a hash of those fields, ``Name(field=value, ...)``.
- **Pickled in one step each way.** ``dataclasses`` pickles a slotted record by looking its
  fields up again, one by one, each time (``dataclasses.fields``): most of the time it takes
  to read the cached library (~3,800 records) and to send a summary's briefs from its worker
  processes (~15 records a file). A record's ``__getstate__`` takes its fields' values in one
  C call and ``__setstate__`` puts them back by name. What is pickled is the same: the values
  of the fields, in their order. Unpickling still goes through :mod:`pickle`'s rules and, for
  the cache, through its list of allowed classes.

A comparison, hash or ``repr`` the class writes itself is kept.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, cast, dataclass_transform, overload

__all__ = ["record"]

C = TypeVar("C", bound=type)


@overload
def record(cls: C, /) -> C: ...


@overload
def record(*, kw_only: bool = False) -> Callable[[C], C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: C | None = None, /, *, kw_only: bool = False) -> C | Callable[[C], C]:
    """``@dataclass(frozen=True, slots=True)`` (with ``kw_only`` as there), made and pickled quickly."""

    def make(cls: C) -> C:
        made = cast("C", dataclasses.dataclass(cls, frozen=True, slots=True, kw_only=kw_only, eq=False, repr=False))
        _install(made)
        return made

    return make if cls is None else make(cls)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` of an object, as a tuple, in one call."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:  # attrgetter of one name gives the value itself, not a tuple of one
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _install(cls: type) -> None:
    fields = dataclasses.fields(cls)
    own = vars(cls)
    names = tuple(f.name for f in fields)
    values = _getter(names)
    compared = _getter(tuple(f.name for f in fields if f.compare))
    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)
    put = object.__setattr__

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            put(self, name, value)

    # dataclasses gives a slotted class its own (slow) state functions: those are replaced; the
    # comparison, hash and repr are given unless the class wrote its own
    for method in (__getstate__, __setstate__, *(m for m in (__eq__, __hash__, __repr__) if m.__name__ not in own)):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
