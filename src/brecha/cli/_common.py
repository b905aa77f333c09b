"""What every command shares: error handling and exit codes, consoles, common options."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from brecha.errors import BrechaError, InputError, OutputError, UsageError
from brecha.i18n import Lang, Message, choices, env_lang, parse_lang, resolve_lang, tr
from brecha.sanitize import terminal

if TYPE_CHECKING:
    from brecha.renderers.formats import Formats

__all__ = [
    "EXIT",
    "HELP",
    "ForceOption",
    "LangOption",
    "OutputOption",
    "RulesOption",
    "emit",
    "format_option",
    "handled",
    "helptext",
    "set_lang",
    "state",
    "stderr",
    "write_result",
]

#: Exit codes (documented in the README).
EXIT = {"ok": 0, "findings": 1, "usage": 2, "input": 3, "internal": 4}


class _State:
    """What the command line keeps between parsing options and running a command (a plain class:
    a dataclass would be written with exec at every start)."""

    def __init__(self) -> None:
        self.debug = False
        self.lang: Lang = Lang.EN  # language of diagnostics; each command sets it from --lang
        self.notes: list[Message] = []  # notices from option parsing, said by set_lang


state = _State()


def _help_lang(argv: list[str]) -> Lang:
    """The language of --help texts: --lang on the command line if valid, else as for output."""
    for n, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else None)
        if value is not None:
            found = parse_lang(value)
            if found is not None:
                return found
    return resolve_lang(None)


HELP = _help_lang(sys.argv)
"""Language of the help texts (they are built when the command line is defined)."""


def helptext(key: str) -> str:
    """A help text from the catalogue, in the help language."""
    return tr(key, HELP)


def _rules_root(value: str | None) -> str | None:
    """--rules at a content root's rules/ folder means the root: say so and use it."""
    if value is None:
        return None
    from brecha.api import content_root

    root, moved = content_root(value)
    if moved:  # said once the command knows its language (set_lang)
        state.notes.append(Message("cli.rules_root", path=value, root=root))
    return root


RulesOption = Annotated[str | None, typer.Option("--rules", metavar=helptext("cli.metavar.folder"), help=helptext("cli.rules"),
                                                 callback=_rules_root)]
LangOption = Annotated[str | None, typer.Option("--lang", metavar="|".join(Lang), help=helptext("cli.lang"))]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", metavar=helptext("cli.metavar.file"), help=helptext("cli.output"))]
ForceOption = Annotated[bool, typer.Option("--force", help=helptext("cli.force"))]

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")


def set_lang(option: str | None) -> Lang:
    """Resolve the language from --lang (else BRECHA_LANG, else the locale) for output and diagnostics.

    Raises:
        UsageError: --lang names a language without a catalogue (the message is in every language,
            since the user's is not known).
    """
    env, bad_env = env_lang()
    if option is not None:
        try:
            state.lang = resolve_lang(option)
        except ValueError:
            state.lang = env or Lang.EN
            raise UsageError("cli.bad_lang", value=option, choices=choices()) from None
        _say_notes()
        return state.lang
    state.lang = resolve_lang(None)
    if bad_env is not None:
        stderr("brecha: " + tr("cli.bad_env_lang", state.lang, value=bad_env, choices=choices(), used=state.lang))
    _say_notes()
    return state.lang


def _say_notes() -> None:
    while state.notes:
        stderr("brecha: " + state.notes.pop(0).text(state.lang))


def stderr(message: str) -> None:
    """Write a diagnostic line to standard error, through the one sanitiser (a path or an ID
    in a message may hold anything)."""
    sys.stderr.write(terminal(message) + "\n")


def handled(func: F) -> F:
    """Map the core's errors to exit codes: input 3, usage 2, anything unexpected 4."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except InputError as exc:
            for issue in exc.issues:
                stderr(issue.format(state.lang))
            raise typer.Exit(EXIT["input"]) from None
        except OutputError as exc:  # a result that cannot be written: the path cannot be used
            stderr(f"brecha: {exc.text(state.lang)}")
            raise typer.Exit(EXIT["input"]) from None
        except UsageError as exc:
            if exc.message.key == "cli.bad_lang":  # the user's language is unknown: say it in each
                stderr("\n".join(f"brecha: {exc.text(lang)}" for lang in Lang))
            else:
                stderr(f"brecha: {exc.text(state.lang)}")
            raise typer.Exit(EXIT["usage"]) from None
        except BrechaError as exc:  # pragma: no cover - every subclass is handled above
            stderr(f"brecha: {exc}")
            raise typer.Exit(EXIT["input"]) from None
        except KeyboardInterrupt:
            stderr("brecha: " + tr("cli.interrupted", state.lang))
            raise typer.Exit(130) from None
        except Exception as exc:
            if state.debug:
                traceback.print_exc()
            else:
                stderr("brecha: " + tr("cli.internal", state.lang, error=f"{type(exc).__name__}: {exc}"))
            raise typer.Exit(EXIT["internal"]) from None

    return wrapper  # type: ignore[return-value]


def format_option(formats: Formats[Any], help_key: str = "cli.format") -> Any:
    """The ``--format`` option of a command: its choices are the formats registered for it."""
    def parse(value: str) -> str:
        if value not in formats.renderers:
            lang = env_lang()[0] or HELP  # --lang may not be read yet
            raise typer.BadParameter(tr("cli.bad_format", lang, value=value, choices=", ".join(formats.names)))
        return value

    return typer.Option("--format", "-f", parser=parse, metavar="|".join(formats.names), help=helptext(help_key),
                        show_default=True)


def emit(formats: Formats[M], fmt: str, result: M, lang: str, output: str | None = None, force: bool = False) -> None:
    """Render ``result`` in ``fmt`` through the command's registry and send it out."""
    from brecha.renderers.formats import Rich

    rendered = formats.render(fmt, result, lang)
    if isinstance(rendered, Rich):
        if rendered.plain is not None and output not in (None, "-"):
            write_result(rendered.plain, output, force)
            return
        from brecha.cli._console import print_renderable

        print_renderable(rendered.renderable, output, force, pager=rendered.pager)
    else:
        write_result(rendered, output, force)


def write_result(text: str | bytes, output: str | None, force: bool) -> None:
    """Send a result to ``output`` (atomically) or to standard output (a workbook only to a pipe)."""
    if output is None or output == "-":
        if isinstance(text, bytes):
            if sys.stdout.isatty():
                raise UsageError("error.binary_to_terminal")
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
            return
        # A terminal gets no character it would act on (JSON leaves C1 controls and bidi
        # overrides raw); a pipe gets the bytes as rendered.
        sys.stdout.write(terminal(text) if sys.stdout.isatty() else text)
        return
    from brecha.output import write_atomic

    write_atomic(output, text, force=force)
