"""Frozen records pickle by their fields in one step each way (brecha.frozen), and come back equal."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass

import pytest

from brecha import api, conditions, loading, model, report
from brecha.evaluation import evaluate_brief
from brecha.frozen import fast_state

from helpers import ROOT


@dataclass(frozen=True, slots=True)
class _Empty:
    pass


@dataclass(frozen=True, slots=True)
class _One:
    value: object


@dataclass(frozen=True, slots=True, kw_only=True)
class _Three:
    a: int
    b: str = "b"
    c: tuple[int, ...] = ()


@dataclass(frozen=True)
class _NoSlots:
    value: int


fast_state(vars(), __name__)


@pytest.mark.parametrize("record", [_Empty(), _One(None), _One(_One(3)), _Three(a=1, c=(2, 3))], ids=repr)
def test_records_of_any_size_round_trip(record: object) -> None:
    assert "__getstate__" in vars(type(record))
    again = pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))  # noqa: S301 - made here
    assert again == record and type(again) is type(record)


def test_only_frozen_slotted_dataclasses_of_the_module_are_given_it() -> None:
    assert "__getstate__" not in vars(_NoSlots)  # dataclasses' own pickling, untouched
    assert "__setstate__" not in vars(_NoSlots)


def test_a_state_of_another_shape_is_refused() -> None:
    """A cached entry written for other fields fails to load (the cache reads a failure as a miss)."""
    record = _Three(a=1)
    with pytest.raises(ValueError, match="zip"):
        record.__setstate__((1, "b"))  # type: ignore[attr-defined]


def test_every_record_of_the_domain_modules_pickles_by_its_fields() -> None:
    for module in (model, report, conditions):
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value) \
                    and value.__dataclass_params__.frozen and "__slots__" in vars(value):  # type: ignore[attr-defined]
                assert "__setstate__" in vars(value), f"{module.__name__}.{name}"
                assert value.__setstate__.__module__ == "brecha.frozen", f"{module.__name__}.{name}"  # type: ignore[attr-defined]


def test_the_library_and_a_brief_come_back_equal() -> None:
    library = api.load_content()
    assert pickle.loads(pickle.dumps(library, pickle.HIGHEST_PROTOCOL)) == library  # noqa: S301 - made here
    brief = evaluate_brief(loading.load_assessment(str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml"),
                                                   library), library)
    again = pickle.loads(pickle.dumps(brief, pickle.HIGHEST_PROTOCOL))  # noqa: S301 - made here
    assert again == brief and isinstance(again, report.Brief)
