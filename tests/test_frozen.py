"""Records (brecha.frozen.record) behave as frozen slotted dataclasses, pickle by their fields in
one step each way, and come back equal."""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import pickle
import pkgutil
from dataclasses import dataclass, field

import pytest

from brecha import api, loading, report
from brecha.evaluation import evaluate_brief
from brecha.frozen import record

from helpers import ROOT


@record
class _Empty:
    pass


@record
class _One:
    value: object


@record(kw_only=True)
class _Three:
    a: int
    b: str = "b"
    c: tuple[int, ...] = ()


@record(kw_only=True)
class _Hidden:
    a: int
    note: str = field(default="", compare=False, repr=False)
    weight: float = field(default=0.0, hash=False)


@record
class _Child(_One):
    more: int = 0


# The same records as dataclasses declares them: what a record must behave as.
@dataclass(frozen=True, slots=True)
class _PlainOne:
    value: object


@dataclass(frozen=True, slots=True, kw_only=True)
class _PlainThree:
    a: int
    b: str = "b"
    c: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class _PlainHidden:
    a: int
    note: str = field(default="", compare=False, repr=False)
    weight: float = field(default=0.0, hash=False)


PAIRS = [
    (lambda: _One(None), lambda: _PlainOne(None)),
    (lambda: _One(_One(3)), lambda: _PlainOne(_PlainOne(3))),
    (lambda: _Three(a=1, c=(2, 3)), lambda: _PlainThree(a=1, c=(2, 3))),
    (lambda: _Hidden(a=1, note="x", weight=2.5), lambda: _PlainHidden(a=1, note="x", weight=2.5)),
]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS)
def test_a_record_is_what_dataclasses_makes_of_it(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    made, plain = ours(), theirs()
    assert repr(made) == repr(plain).replace("_Plain", "_")
    assert made == ours() and hash(made) == hash(ours())
    assert (made != ours()) is False
    assert made.__match_args__ == plain.__match_args__
    assert [f.name for f in dataclasses.fields(made)] == [f.name for f in dataclasses.fields(plain)]
    assert not hasattr(made, "__dict__")  # slotted
    first = dataclasses.fields(made)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, first, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(made, first)
    assert dataclasses.replace(made) == made


def test_records_compare_their_compared_fields_and_their_class() -> None:
    assert _Three(a=1) != _Three(a=2)
    assert _Three(a=1) != _Three(a=1, b="c")
    assert _Hidden(a=1, note="x") == _Hidden(a=1, note="y")  # compare=False
    assert hash(_Hidden(a=1, weight=1.0)) == hash(_Hidden(a=1, weight=2.0))  # hash=False
    assert _Hidden(a=1, weight=1.0) != _Hidden(a=1, weight=2.0)  # still compared
    assert _One(1) != _Child(1) and _Child(1) != _One(1)  # another class is never equal
    assert _One(1) != (1,) and _One(1).__eq__((1,)) is NotImplemented
    assert _Empty() == _Empty() and hash(_Empty()) == hash(_Empty())
    assert len({_Three(a=1), _Three(a=1), _Three(a=2)}) == 2
    assert repr(_Child(1, 2)) == "_Child(value=1, more=2)"


def test_a_record_holding_itself_shows_dots_not_a_recursion_error() -> None:
    box = _One([])
    box.value.append(box)  # type: ignore[attr-defined]
    assert repr(box) == "_One(value=[...])"


@dataclass(frozen=True)
class _NoSlots:
    value: int


@pytest.mark.parametrize("item", [_Empty(), _One(None), _One(_One(3)), _Three(a=1, c=(2, 3)), _Child(1, 2)], ids=repr)
def test_records_of_any_size_round_trip(item: object) -> None:
    assert "__getstate__" in vars(type(item))
    again = pickle.loads(pickle.dumps(item, pickle.HIGHEST_PROTOCOL))  # noqa: S301 - made here
    assert again == item and type(again) is type(item)


def test_a_plain_dataclass_keeps_dataclasses_own_pickling() -> None:
    assert "__getstate__" not in vars(_NoSlots)
    assert "__setstate__" not in vars(_NoSlots)


def test_a_state_of_another_shape_is_refused() -> None:
    """A cached entry written for other fields fails to load (the cache reads a failure as a miss)."""
    record = _Three(a=1)
    with pytest.raises(ValueError, match="values"):
        record.__setstate__((1, "b"))  # type: ignore[attr-defined]


def test_every_frozen_slotted_dataclass_of_brecha_is_a_record() -> None:
    """Declared with ``record``: compared, hashed, shown and pickled by the shared functions (a
    class declared with ``@dataclass(frozen=True, slots=True)`` would work, only slower)."""
    import brecha

    found = 0
    for info in pkgutil.walk_packages(brecha.__path__, "brecha."):
        if info.name.endswith("__main__"):  # runs the command line when imported
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value) \
                    and value.__dataclass_params__.frozen and "__slots__" in vars(value):  # type: ignore[attr-defined]
                found += 1
                for method in ("__eq__", "__hash__", "__repr__", "__getstate__", "__setstate__"):
                    assert getattr(value, method).__module__ == "brecha.frozen", f"{module.__name__}.{name}.{method}"
    assert found > 100


def test_the_library_and_a_brief_come_back_equal() -> None:
    library = api.load_content()
    assert pickle.loads(pickle.dumps(library, pickle.HIGHEST_PROTOCOL)) == library  # noqa: S301 - made here
    brief = evaluate_brief(loading.load_assessment(str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml"),
                                                   library), library)
    again = pickle.loads(pickle.dumps(brief, pickle.HIGHEST_PROTOCOL))  # noqa: S301 - made here
    assert again == brief and isinstance(again, report.Brief)


_MADE = itertools.count()


@record(kw_only=True)
class _Made:
    a: int
    b: int = field(default_factory=_MADE.__next__)


@record
class _Positional:
    a: int
    b: int = 2


@dataclass(frozen=True, slots=True)
class _PlainPositional:
    a: int
    b: int = 2


def test_init_takes_and_refuses_arguments_as_dataclasses_does() -> None:
    assert _Positional(1) == _Positional(1, 2) == _Positional(a=1, b=2) != _Positional(1, 3)
    for call in (lambda c: c(), lambda c: c(1, 2, 3), lambda c: c(1, c=3), lambda c: c(1, a=1)):
        with pytest.raises(TypeError):
            call(_Positional)
        with pytest.raises(TypeError):
            call(_PlainPositional)
    with pytest.raises(TypeError):
        _Three(1)  # type: ignore[misc]  # keyword-only
    first, second = _Made(a=1), _Made(a=1)
    assert second.b == first.b + 1  # the factory is called for each record that leaves the field out
    assert _Made(a=1, b=-1).b == -1 and _Made(a=1).b == second.b + 1  # and not when it is given


def test_a_record_says_it_is_frozen_and_refuses_any_change() -> None:
    for cls in (_Empty, _One, _Three, _Child):
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen and params.init
    child = _Child(1, 2)
    for name in ("value", "more", "other"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(child, name, 0)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(child, name)


@record
class _Written:
    key: str
    values: tuple[int, ...] = ()

    def __init__(self, key: str, *values: int) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)


def test_an_init_the_class_writes_itself_is_kept() -> None:
    assert _Written("k", 1, 2).values == (1, 2)
    assert pickle.loads(pickle.dumps(_Written("k", 3))) == _Written("k", 3)  # noqa: S301 - made here


def test_a_record_refuses_fields_dataclasses_would_refuse() -> None:
    class Late:
        a: int = 1
        b: int

    with pytest.raises(TypeError, match="non-default argument 'b'"):
        record(Late)

    class Hidden:
        a: int = field(default=1, init=False)

    with pytest.raises(TypeError, match="all given to __init__"):
        record(Hidden)

    class Changing:
        a: int

        def __setattr__(self, name: str, value: object) -> None:
            pass

    with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__"):
        record(Changing)


def _calls() -> list[tuple[tuple[object, ...], dict[str, object]]]:
    return [((1,), {}), ((1, 2), {}), ((), {"a": 1, "b": 2}), ((1,), {"b": 3}), ((), {}), ((1, 2, 3), {}),
            ((1,), {"c": 3}), ((1,), {"a": 1}), ((), {"b": 2})]


def _outcome(make: object, args: tuple[object, ...], kwargs: dict[str, object]) -> object:
    try:
        made = make(*args, **kwargs)  # type: ignore[operator]
    except TypeError:
        return TypeError
    return tuple(getattr(made, f.name) for f in dataclasses.fields(made))


def test_a_records_init_binds_as_dataclasses_does_before_and_after_it_is_written() -> None:
    """The first records of a class are made by a shared binder, the later ones by the class's own
    written __init__: both take and refuse what dataclasses' own takes and refuses."""
    from brecha import frozen

    @record
    class Fresh:
        a: int
        b: int = 2
        c: list[int] = field(default_factory=list)

    @dataclass(frozen=True, slots=True)
    class Plain:
        a: int
        b: int = 2
        c: list[int] = field(default_factory=list)

    @record(kw_only=True)
    class FreshKeywords:
        a: int
        b: int = 2

    expected = [_outcome(Plain, args, kwargs) for args, kwargs in _calls()]
    binder = vars(Fresh)["__init__"]
    assert [_outcome(Fresh, args, kwargs) for args, kwargs in _calls()] == expected  # the binder
    for _ in range(frozen.WRITTEN_AFTER):
        Fresh(0)
    assert vars(Fresh)["__init__"] is not binder  # written by now
    assert [_outcome(Fresh, args, kwargs) for args, kwargs in _calls()] == expected  # the written one
    assert Fresh(1).c is not Fresh(1).c  # a factory per record, either way
    for _ in range(frozen.WRITTEN_AFTER + 2):
        with pytest.raises(TypeError):
            FreshKeywords(1)  # type: ignore[misc]
        assert FreshKeywords(a=1) == FreshKeywords(a=1, b=2)


def test_a_records_state_is_put_back_the_same_before_and_after_setstate_is_written() -> None:
    from brecha import frozen

    @record(kw_only=True)
    class Fresh:
        a: int
        b: str = "b"

    stand_in = vars(Fresh)["__setstate__"]
    items = [Fresh(a=n, b=str(n)) for n in range(frozen.WRITTEN_AFTER * 2)]
    for _ in range(2):  # the stand-in, then the written one: the same records, the same refusal
        with pytest.raises(ValueError, match="values"):
            object.__new__(Fresh).__setstate__((1, "b", "c"))
        copies = [object.__new__(Fresh) for _ in items]
        for copy, item in zip(copies, items, strict=True):
            copy.__setstate__(item.__getstate__())
        assert copies == items
    assert vars(Fresh)["__setstate__"] is not stand_in
