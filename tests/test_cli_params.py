"""The start-up path of the command line behaves as typer's own: same values, same errors, same help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param

from brecha import cli
from brecha.cli._params import _Converter, fast_params

from helpers import ROOT

EXAMPLE = str(ROOT / "examples" / "procuraduria-estatal-norte.yaml")

# Values a user may type for each kind of parameter, valid and not.
SAMPLES: dict[str, list[Any]] = {
    "str": ["x.yaml", "", "ñandú", "-"],
    "bool": [True, False],
    "float": ["50", "0", "100", "-1", "101", "12.5", "abc", "1e2", "nan", " 7", "1_0"],
    "list": [("a.yaml",), ("a", "b"), ()],
}


def _params() -> list[tuple[str, Any, Any]]:
    group = typer.main.get_command(cli.build())
    found = [("root", p, group) for p in group.params]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found += [(name, p, command) for p in command.params]
    return found


def _outcome(converter: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "ok", converter.coerce(value, param=param, ctx=ctx)
    except Exception as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize(("command", "param", "owner"), _params(), ids=lambda x: getattr(x, "name", None) or str(x))
def test_each_parameter_converts_as_typer_does(command: str, param: Any, owner: Any) -> None:
    descriptor = param.type_descriptor
    annotation = descriptor.annotation
    if descriptor.parameter_info.parser is not None or annotation is str:
        values = SAMPLES["str"] + ["json", "console", "markdown", "text", "sarif", "csv", "bogus"]
    elif annotation is bool:
        values = SAMPLES["bool"]
    elif annotation in (float, int):
        values = SAMPLES["float"]
    elif annotation == list[str]:
        values = SAMPLES["list"]
    else:  # a choice
        values = [m.value for m in annotation] + ["bogus", "ASSESSMENT"]
    ctx = typer.Context(owner)
    default = param.default  # typer converts a default too (a number, an enumeration member)
    for value in [None, *values, *([] if default is None else [default])]:
        fast = _outcome(_Converter(descriptor, build_runtime_param), value, param, ctx)
        assert fast == _outcome(build_runtime_param(descriptor), value, param, ctx), (command, param.name, value)


def test_every_parameter_gets_the_fast_converter() -> None:
    group = typer.main.get_command(cli.build())
    fast_params(group)
    params = [p for c in [group, *group.commands.values()] for p in c.params]  # type: ignore[attr-defined]
    assert params and all(isinstance(p._runtime_param, _Converter) for p in params)
    # and every kind brecha uses is handled without typer's adapters
    assert all(p._runtime_param._fast is not None for p in params)


def test_only_the_invoked_command_is_defined() -> None:
    assert cli._invoked(["evaluate", "x.yaml"]) == "evaluate"
    assert cli._invoked(["--debug", "summary", "d"]) == "summary"
    assert cli._invoked(["--help"]) is None
    assert cli._invoked(["evalute"]) is None  # a typo: every command, for typer's suggestion
    assert list(typer.main.get_command(cli.build(["evaluate"])).commands) == ["evaluate"]  # type: ignore[attr-defined]
    assert list(typer.main.get_command(cli.app).commands) == list(cli.COMMANDS)  # type: ignore[attr-defined]


def _script(folder: Path, body: str) -> Path:
    script = folder / "brecha"  # the program name in usage lines
    script.write_text(f"import sys\nsys.path[:0] = {sys.path!r}\n{body}\n", "utf-8")
    return script


INVOCATIONS = [
    [], ["--help"], ["--version"], ["evalute", EXAMPLE], ["evaluate"], ["evaluate", "--help"],
    ["evaluate", EXAMPLE, "--fail-under", "101"], ["evaluate", EXAMPLE, "--fail-under", "abc"],
    ["evaluate", EXAMPLE, "--fail-under", "99"], ["evaluate", EXAMPLE, "-f", "bogus"],
    ["evaluate", EXAMPLE, "-f", "json", "--lang", "en"], ["evaluate", EXAMPLE, "--lang", "xx"],
    ["schema", "bogus"], ["schema", "ruleset"], ["schema", "--help"], ["summary"], ["lint", "--strict", "no-such-file"],
    ["explain", "--help"], ["--debug", "evaluate", EXAMPLE, "-f", "markdown"],
]


@pytest.mark.parametrize("args", INVOCATIONS, ids=" ".join)
def test_the_console_script_answers_as_the_whole_typer_app(args: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "BRECHA_LANG": "es", "TERM": "dumb"}
    fast_dir, whole_dir = tmp_path / "fast", tmp_path / "whole"
    fast_dir.mkdir()
    whole_dir.mkdir()
    fast = _script(fast_dir, "from brecha.cli import main\nmain()")
    whole = _script(whole_dir, "from brecha.cli import app\napp()")
    ran = [subprocess.run([sys.executable, str(s), *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120) for s in (fast, whole)]
    assert (ran[0].returncode, ran[0].stdout, ran[0].stderr) == (ran[1].returncode, ran[1].stdout, ran[1].stderr)
