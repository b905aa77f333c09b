"""Frozen records pickled by their fields, in one step each way.

brecha's records are frozen dataclasses with slots. For those, dataclasses pickles an
object by looking its fields up again, one by one, each time (``dataclasses.fields``),
which is most of the time it takes to read the cached library (~3,800 records) and to
send a summary's briefs from its worker processes (~15 records a file). :func:`fast_state`
gives each such class of a module a ``__getstate__`` that takes its fields' values in one
C call (:func:`operator.attrgetter`) and a ``__setstate__`` that puts them back by name,
from names listed once per class. What is pickled is the same: the values of the fields,
in their order. Unpickling still goes through :mod:`pickle`'s rules and, for the cache,
through its list of allowed classes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

__all__ = ["fast_state"]


def fast_state(namespace: Mapping[str, object], module: str) -> None:
    """Give every frozen, slotted dataclass defined in ``module`` (its ``namespace``) the quick state."""
    for value in list(namespace.values()):
        if isinstance(value, type) and value.__module__ == module and dataclasses.is_dataclass(value) \
                and value.__dataclass_params__.frozen and "__slots__" in vars(value):  # type: ignore[attr-defined]
            _install(value)


def _install(cls: type) -> None:
    names = tuple(f.name for f in dataclasses.fields(cls))
    values: Callable[[Any], Any]
    if len(names) > 1:
        values = attrgetter(*names)
    else:  # attrgetter of one name gives the value itself, not a tuple of one
        values = (lambda obj: (getattr(obj, names[0]),)) if names else (lambda obj: ())
    put = object.__setattr__

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            put(self, name, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 - a method set on the class, by its name
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
