"""brecha's records: frozen dataclasses with slots, made quickly and pickled by their fields.

Every record of brecha is declared with :func:`record` instead of
``@dataclass(frozen=True, slots=True)``. It is that very dataclass (same fields, same
``__init__``, same immutability, ``dataclasses.fields``, ``replace`` and ``asdict`` as
ever) with two differences that only show in time:

- **Made at import in less time.** Python 3.11's ``dataclasses`` writes each method as
  source text and compiles it with ``exec``, one call a method, three for a frozen class
  (``__init__``, ``__setattr__``, ``__delattr__``): for some 140 records that compiling was
  about a third of brecha's start-up, in every command, though a run uses few of them.
  ``record`` asks ``dataclasses`` for the fields and the slots only. The methods that
  refuse changes are two shared functions (any assignment or deletion raises
  :class:`dataclasses.FrozenInstanceError`). ``__init__`` is written, as ``dataclasses``
  writes it for a frozen class, once :data:`WRITTEN_AFTER` records of the class are made
  (before that, a shared function binds the arguments as it would, and refuses what it
  would refuse), so a run compiles only the ones it uses often. The comparison, the hash and the ``repr`` are shared
  functions over the class's fields, taken in one C call (:func:`operator.attrgetter`).
  They behave as ``dataclasses``' own: equal when of the same class with equal compared
  fields, a hash of those fields, ``Name(field=value, ...)``. ``__dataclass_params__``
  says what the class is: frozen, with an ``__init__``.
- **Pickled in one step each way.** ``dataclasses`` pickles a slotted record by looking its
  fields up again, one by one, each time (``dataclasses.fields``): most of the time it takes
  to read the cached library (~3,800 records) and to send a summary's briefs from its worker
  processes (~15 records a file). A record's ``__getstate__`` takes its fields' values in one
  C call; its ``__setstate__`` puts them back through the slots' own setters (written as
  straight code once :data:`WRITTEN_AFTER` are unpickled), and refuses a state of another
  length. What is pickled is the same:
  the values of the fields, in their order. Unpickling still goes through :mod:`pickle`'s
  rules and, for the cache, through its list of allowed classes.

An ``__init__``, comparison, hash or ``repr`` the class writes itself is kept; one that
writes ``__setattr__`` or ``__delattr__`` is refused, as ``dataclasses`` refuses it.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from types import MemberDescriptorType
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
        # dataclasses lays out the fields and the slots; the methods are record's own (see the
        # module's text). A record inheriting from a record is made frozen by dataclasses too, as
        # dataclasses requires of a frozen dataclass's subclasses; its own methods are then replaced.
        for refused in ("__setattr__", "__delattr__"):
            if refused in vars(cls):  # as dataclasses refuses it of a frozen class
                raise TypeError(f"Cannot overwrite attribute {refused} in class {cls.__name__}")
        inherits = any(_is_record(base) for base in cls.__mro__[1:])
        made = cast("C", dataclasses.dataclass(cls, init=False, frozen=inherits, slots=True, kw_only=kw_only,
                                               eq=False, repr=False))
        params = made.__dataclass_params__  # type: ignore[attr-defined]
        params.init = params.frozen = True  # what the record is once made (the cache's list of classes reads it)
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


def _is_record(cls: type) -> bool:
    return vars(cls).get("__setattr__") is _refuse_set


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _install(cls: type) -> None:
    fields = dataclasses.fields(cls)
    own = vars(cls)
    names = tuple(f.name for f in fields)
    _check_order(cls, fields)
    values = _getter(names)
    compared = _getter(tuple(f.name for f in fields if f.compare))
    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

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

    made = [0, 0]  # records made and unpickled so far by the stand-ins below
    # each field's slot setter, found when first needed (a whole tuple, put in place in one step:
    # another thread, or a Ctrl-C, never sees part of it)
    found: list[tuple[Callable[[Any, Any], None], ...]] = []

    def setters() -> tuple[Callable[[Any, Any], None], ...]:
        if not found:
            found[:] = [tuple(_setter(cls, name) for name in names)]
        return found[0]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # until WRITTEN_AFTER: binds the arguments itself
        made[0] += 1
        if made[0] > WRITTEN_AFTER:
            written = _made(cls, "__init__", _init_source(fields), {f"_default_{f.name}": f.default for f in fields}
                            | {f"_factory_{f.name}": f.default_factory for f in fields})
            written(self, *args, **kwargs)
            return
        for put, value in zip(setters(), _bound(cls, fields, args, kwargs), strict=True):
            put(self, value)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:  # until WRITTEN_AFTER: sets the fields itself
        made[1] += 1
        if made[1] > WRITTEN_AFTER:
            _made(cls, "__setstate__", _setstate_source(names), {})(self, state)
            return
        if len(state) != len(names):
            raise ValueError(f"{len(state)} values for the {len(names)} fields of {cls.__qualname__}")
        for put, value in zip(setters(), state, strict=True):  # its length checked above
            put(self, value)

    # dataclasses gives a slotted class its own (slow) state functions: those are replaced; the
    # comparison, hash and repr are given unless the class wrote its own
    for method in (__getstate__, __setstate__, _refuse_set, _refuse_delete,
                   *(m for m in (__init__, __eq__, __hash__, __repr__) if m.__name__ not in own)):
        name = {_refuse_set: "__setattr__", _refuse_delete: "__delattr__"}.get(method, method.__name__)
        if method not in (_refuse_set, _refuse_delete):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)


#: Passed for a field's argument that was not given (its default is made by a factory).
_FACTORY = object()

#: How many records of a class are made (or unpickled) before the class's own ``__init__``
#: (``__setstate__``) is written: writing one costs about 70 microseconds, binding the
#: arguments without it about two more a record, and a run uses most classes a few times.
WRITTEN_AFTER = 32


def _bound(cls: type, fields: tuple[dataclasses.Field[Any], ...], args: tuple[Any, ...],
           kwargs: dict[str, Any]) -> list[Any]:
    """The value of each field for ``cls(*args, **kwargs)``, refused as the ``__init__`` that
    ``dataclasses`` writes refuses it (TypeError)."""
    where = f"{cls.__qualname__}.__init__()"
    positional = [f for f in fields if not f.kw_only]
    if len(args) > len(positional):
        raise TypeError(f"{where} takes {len(positional) + 1} positional arguments but {len(args) + 1} were given")
    given = dict(zip((f.name for f in positional), args, strict=False))
    names = {f.name for f in fields}
    for name, value in kwargs.items():
        if name not in names:
            raise TypeError(f"{where} got an unexpected keyword argument {name!r}")
        if name in given:
            raise TypeError(f"{where} got multiple values for argument {name!r}")
        given[name] = value
    values = []
    for f in fields:
        if f.name in given:
            values.append(given[f.name])
        elif f.default is not dataclasses.MISSING:
            values.append(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            values.append(f.default_factory())
        else:
            kind = "keyword-only" if f.kw_only else "positional"
            raise TypeError(f"{where} missing 1 required {kind} argument: {f.name!r}")
    return values


def _check_order(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """What ``dataclasses`` checks when it writes ``__init__``, checked here when the class is made."""
    with_default = False
    for f in fields:
        if not f.init:
            raise TypeError(f"{cls.__qualname__}.{f.name}: a record's fields are all given to __init__")
        if f.kw_only:
            continue
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            with_default = True
        elif with_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")


def _init_source(fields: tuple[dataclasses.Field[Any], ...]) -> str:
    """``__init__`` as ``dataclasses`` writes it for a frozen class (each argument set past the
    refusing ``__setattr__``, by its slot), defaults as given, a factory called when its argument
    is left out."""

    def parameter(f: dataclasses.Field[Any]) -> str:
        if f.default is not dataclasses.MISSING:
            return f"{f.name}=_default_{f.name}"
        if f.default_factory is not dataclasses.MISSING:
            return f"{f.name}=_FACTORY"
        return f.name

    positional = [parameter(f) for f in fields if not f.kw_only]
    keyword = [parameter(f) for f in fields if f.kw_only]
    arguments = ", ".join(["__record_self__", *positional, *(["*", *keyword] if keyword else [])])
    body = [f"_set_{f.name}(__record_self__, _factory_{f.name}() if {f.name} is _FACTORY else {f.name})"
            if f.default_factory is not dataclasses.MISSING else f"_set_{f.name}(__record_self__, {f.name})"
            for f in fields]
    return f"def __init__({arguments}) -> None:\n    " + "\n    ".join(body or ["pass"]) + "\n"


def _setstate_source(names: tuple[str, ...]) -> str:
    """``__setstate__``: the values in the order of the fields, refused when there are more or fewer."""
    if not names:
        return "def __setstate__(__record_self__, state):\n    if state:\n        raise ValueError('too many values')\n"
    unpack = ", ".join(f"_{n}" for n in range(len(names))) + ","
    body = [f"_set_{name}(__record_self__, _{n})" for n, name in enumerate(names)]
    return f"def __setstate__(__record_self__, state):\n    {unpack} = state\n    " + "\n    ".join(body) + "\n"


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """What sets field ``name`` of a ``cls`` record: its slot's own setter."""
    slot = getattr(cls, name, None)
    if isinstance(slot, MemberDescriptorType):
        return slot.__set__
    return lambda obj, value: object.__setattr__(obj, name, value)  # pragma: no cover - every field is a slot


def _made(cls: type, name: str, source: str, names: dict[str, Any]) -> Callable[..., Any]:
    """A method written for ``cls`` the first time it is needed, put on the class in place of the
    stand-in that called this (so each class pays for writing only what a run uses of it)."""
    # each field set through its slot's own setter (``_set_<name>``), which is what
    # ``object.__setattr__`` finds for it, without the lookup by name: a third faster a record
    scope = {"_FACTORY": _FACTORY, **{f"_set_{f.name}": _setter(cls, f.name) for f in dataclasses.fields(cls)}, **names}
    exec(source, scope)  # noqa: S102 - source written above from the class's own field names
    method: Callable[..., Any] = scope[name]
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    method.__module__ = __name__  # written here, as the shared methods are
    setattr(cls, name, method)
    return method
