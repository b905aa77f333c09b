"""The ``brecha`` command line: thin commands over :mod:`brecha.api`.

A run defines only the command it runs: ``brecha evaluate ...`` imports the evaluate
module and no other, and typer builds one command instead of eleven. Without a known
command name (``brecha``, ``brecha --help``, a typo) every command is defined, so the
help lists them all and typer's own suggestions work. ``app`` (for tests and for
callers that embed the command line) is the whole command line, built on first use.
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module
from typing import Any

import typer

from brecha.cli._common import helptext, state

__all__ = ["app", "main"]

#: Command name -> (module in brecha.cli, function), in the order the help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("lint", "command"),
    "evaluate": ("evaluate", "command"),
    "template": ("template", "command"),
    "assess": ("assess", "command"),
    "schema": ("schema", "command"),
    "compare": ("rounds", "compare"),
    "summary": ("rounds", "summary"),
    "chain": ("chain", "command"),
    "draft": ("draft", "command"),
    "page": ("page", "command"),
    "explain": ("explain", "command"),
    "coverage": ("coverage", "command"),
    "diff": ("diff", "command"),
    "import": ("fieldwork", "import_command"),
    "export": ("fieldwork", "export_command"),
    "plan": ("fieldwork", "plan_command"),
}


def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help=helptext("cli.debug")),
    version: bool = typer.Option(False, "--version", help=helptext("cli.version"), is_eager=True),
) -> None:
    if version:
        from brecha import __version__

        typer.echo(f"brecha {__version__}")
        raise typer.Exit(0)
    state.debug = debug
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def build(names: list[str] | None = None) -> typer.Typer:
    """The command line with the commands ``names`` (default: all), importing only their modules."""
    from brecha.cli._localize import Command, Group, install

    install()  # usage, help headings and usage errors in the user's language
    cli = typer.Typer(
        name="brecha",
        cls=Group,
        help=helptext("cli.help"),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,
    )
    cli.callback(invoke_without_command=True)(_root)
    for name in COMMANDS if names is None else names:
        module, function = COMMANDS[name]
        command = getattr(import_module(f"brecha.cli.{module}"), function)
        cli.command(name, help=helptext(f"cli.{name}"), cls=Command)(command)
    return cli


def _invoked(argv: list[str]) -> str | None:
    """The command named on the command line, when it is one of ours (root options take no value)."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


_app: typer.Typer | None = None


def __getattr__(name: str) -> Any:
    """``brecha.cli.app``: every command, defined on first use."""
    global _app
    if name == "app":
        if _app is None:
            _app = build()
        return _app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the console script.

    A Ctrl-C outside a command's own handling (while the command line is being built, or in
    its last steps, once the command has ended and typer is exiting) ends it as inside one:
    a line saying so and exit 130, never a traceback.
    """
    try:
        _run()
    except KeyboardInterrupt:
        from brecha.cli._common import stderr
        from brecha.i18n import tr

        stderr("brecha: " + tr("cli.interrupted", state.lang))
        sys.exit(130)


def _run() -> None:
    # A brecha run is short and builds large acyclic data (parsed YAML, the model):
    # reference counting frees it, and the cyclic collector only costs time, about a
    # fifth of a big lint (benchmarks/). Library callers keep their own GC settings.
    gc.disable()
    from brecha.cli._params import fast_params

    invoked = _invoked(sys.argv[1:])
    cli = build(None if invoked is None else [invoked])
    command = typer.main.get_command(cli)
    fast_params(command)
    try:
        command()
    finally:
        # Leaving: the interpreter's last collection would walk every object still alive
        # once more (~35 ms of CPU after a summary of 1,000); frozen, they are left to
        # reference counting like everything else in the run.
        gc.freeze()
