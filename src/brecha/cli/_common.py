"""What every command shares: error handling and exit codes, consoles, common options."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from brecha.errors import BrechaError, InputError, UsageError

__all__ = ["EXIT", "LangOption", "RulesOption", "handled", "set_lang", "state", "stderr", "write_result"]

#: Exit codes (documented in the README).
EXIT = {"ok": 0, "findings": 1, "usage": 2, "input": 3, "internal": 4}


@dataclass
class _State:
    debug: bool = False
    lang: str = "en"  # language of diagnostics; each command sets it from --lang


state = _State()

RulesOption = Annotated[str | None, typer.Option("--rules", metavar="DIR",
                        help="Use the standards and rule sets in DIR instead of the bundled ones.")]
LangOption = Annotated[str | None, typer.Option("--lang", metavar="es|en",
                       help="Language of the output (default: BRECHA_LANG, else the locale).")]

F = TypeVar("F", bound=Callable[..., Any])


def set_lang(option: str | None) -> str:
    """Resolve the language from --lang (else BRECHA_LANG, else the locale) for output and diagnostics."""
    from brecha.i18n import resolve_lang

    state.lang = resolve_lang(option)
    return state.lang


def stderr(message: str) -> None:
    """Write a diagnostic line to standard error."""
    sys.stderr.write(message + "\n")


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
        except UsageError as exc:
            stderr(f"brecha: {exc.text(state.lang)}")
            raise typer.Exit(EXIT["usage"]) from None
        except BrechaError as exc:  # pragma: no cover - every subclass is handled above
            stderr(f"brecha: {exc}")
            raise typer.Exit(EXIT["input"]) from None
        except KeyboardInterrupt:
            stderr("brecha: interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:
            if state.debug:
                traceback.print_exc()
            else:
                stderr(f"brecha: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
            raise typer.Exit(EXIT["internal"]) from None

    return wrapper  # type: ignore[return-value]


def write_result(text: str, output: str | None, force: bool) -> None:
    """Send a result to ``output`` (atomically) or to standard output."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from brecha.output import write_atomic

    write_atomic(output, text, force=force)
