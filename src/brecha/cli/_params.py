"""Option values converted without building a pydantic adapter per parameter.

typer (0.20 and later) converts every parameter's value through a pydantic
``TypeAdapter`` that it builds when the command runs: importing pydantic and building
eight adapters was about 80 ms of every ``brecha evaluate``, more than the evaluation.
brecha's parameters are all of a few plain kinds (text, flags, lists of text, a number
within bounds, a choice, text through a parser), whose valid values need no adapter.

:func:`fast_params` gives each parameter a converter that handles those valid values
itself and hands anything else (a bad number, an unknown choice, any kind it does not
know) to typer's own converter, built only then: error messages and results stay
typer's. ``tests/test_cli_params.py`` holds the two to the same results. When typer's
internals are not as expected, nothing is changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

__all__ = ["fast_params"]

_MISSING = object()
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_WHOLE = re.compile(r"[+-]?[0-9]+")


class _Converter:
    """The ``coerce(value, param, ctx)`` typer calls, fast for plain valid values."""

    __slots__ = ("_fast", "_typer", "descriptor", "make")

    def __init__(self, descriptor: Any, make: Callable[[Any], Any]) -> None:
        self.descriptor = descriptor
        self.make = make
        self._typer: Any = None
        self._fast = _fast_for(descriptor)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # as typer's RuntimeParam.coerce: no value is None, or () for many
            return () if param.multiple or param.nargs == -1 else None
        if self._fast is not None and not (isinstance(value, str) and (param.multiple or param.nargs == -1)):
            try:
                done = self._fast(value, ctx)
            except Exception:  # typer's converter decides, and words the error
                done = _MISSING
            if done is not _MISSING:
                return done
        if self._typer is None:
            self._typer = self.make(self.descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _fast_for(descriptor: Any) -> Callable[[Any, Any], Any] | None:
    """A converter of the valid values of this parameter's kind, or None for kinds left to typer."""
    annotation = descriptor.annotation
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None:
        return None
    if info.parser is not None:
        parser = info.parser  # typer's adapter calls it on any value given, a default included
        return lambda value, ctx: parser(value)
    if annotation is str:
        return lambda value, ctx: value if isinstance(value, str) else _MISSING
    if annotation is bool:
        return lambda value, ctx: value if isinstance(value, bool) else _MISSING
    if annotation in (float, int) and not info.clamp:
        low, high = info.min, info.max
        whole = annotation is int

        def number(value: Any, ctx: Any) -> Any:
            if type(value) is annotation or (not whole and type(value) is int):
                found = float(value) if not whole else value  # a default given as a number
            elif isinstance(value, str) and (_WHOLE if whole else _DECIMAL).fullmatch(value):
                found = int(value) if whole else float(value)
            else:
                return _MISSING
            if (low is not None and found < low) or (high is not None and found > high):
                return _MISSING
            return found

        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        from typer._param_types import coerce_cli_choice

        members = list(annotation)
        sensitive = info.case_sensitive

        def choice(value: Any, ctx: Any) -> Any:
            if not isinstance(value, str) or value not in {m.value for m in members}:
                return _MISSING
            return coerce_cli_choice(value, choices=members, case_sensitive=sensitive, ctx=ctx)

        return choice
    if annotation == list[str]:
        return lambda value, ctx: (list(value) if isinstance(value, (list, tuple))
                                   and all(isinstance(v, str) for v in value) else _MISSING)
    return None


def _params(command: Any) -> Iterator[Any]:
    """Every parameter of a command and its subcommands, with the --help option click adds later."""
    import typer

    yield from getattr(command, "params", ())
    if hasattr(command, "get_help_option"):
        helper = command.get_help_option(typer.Context(command))  # made now, kept by the command
        if helper is not None:
            yield helper
    for sub in getattr(command, "commands", {}).values():
        yield from _params(sub)


def fast_params(command: Any) -> None:
    """Give every parameter of ``command`` (and of its subcommands) the fast converter."""
    try:
        from typer._coercion import build_runtime_param
    except ImportError:  # pragma: no cover - another typer: leave its conversion alone
        return
    for param in _params(command):
        if getattr(param, "_runtime_param", _MISSING) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _Converter(param.type_descriptor, build_runtime_param)
