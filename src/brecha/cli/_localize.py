"""The command line's own words (usage, help headings, usage errors) in the user's language.

typer's vendored click writes these in English, as f-strings, with no gettext hook. brecha
words them from its catalogue through typer's supported ways in:

* its command classes, given to typer with ``cls=`` (:class:`Group`, :class:`Command`):
  the usage line (its prefix, ``[OPCIONES]``, ``COMANDO [ARGUMENTOS]...`` and each
  argument by its metavar, as click writes it, not typer's ``{name}``), the help sections
  (headings, arguments by their metavar instead of ``name <str>``), the help option's
  text, and usage errors, shown by the group's ``main`` from the exception click raises;
* typer's ``gettext`` name ``_`` (typer marks a few words for translation with it:
  "required", "default: …", "Missing command."…), the one name replaced in typer.

Usage errors are worded by recognising click's and typer's few sentences; a sentence not
recognised is shown as written (``tests/test_spanish_throughout.py`` runs every error path
it can reach in Spanish and fails on English, so a new sentence is noticed). The language
is the one help is shown in: ``--lang`` on the command line, else ``BRECHA_LANG``, else the
locale, looked up when the words are needed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core

from brecha.i18n import Lang, tr

__all__ = ["Command", "Group", "install", "localized_error"]

_installed = False


def _lang() -> Lang:
    from brecha.cli._common import _help_lang

    return _help_lang(sys.argv)  # --lang on the command line, else BRECHA_LANG, else the locale


#: typer's own gettext words -> catalogue keys.
_WORDS = {
    "Arguments": "cli.click.arguments",
    "Options": "cli.click.options",
    "Commands": "cli.click.commands",
    "required": "cli.click.required",
    "default: {default}": "cli.click.default",
    "env var: {var}": "cli.click.env_var",
    "(dynamic)": "cli.click.dynamic",
    "Aborted!": "cli.click.aborted",
    "Missing command.": "cli.click.missing_command",
    "No such command {name!r}.": "cli.click.no_such_command",
}

#: click's, typer's and pydantic's usage-error sentences -> catalogue keys (the groups become {a0}, {a1}...).
#: Patterns, compiled only when an error is shown (compiling them all costs ~4 ms of every start).
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^Missing argument '(.+)'\. Choose from:\s*(.+)$", "cli.click.missing_argument_choice"),
    (r"^Missing argument '(.+)'\.$", "cli.click.missing_argument"),
    (r"^Missing option '(.+)'\.$", "cli.click.missing_option"),
    (r"^Missing parameter: (.+)$", "cli.click.missing_parameter"),
    (r"^Missing command\.$", "cli.click.missing_command"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "cli.click.no_such_option_hint"),
    (r"^No such option: (\S+)$", "cli.click.no_such_option"),
    (r"^No such command '(.+)'\.$", "cli.click.no_such_command_error"),
    (r"^Got unexpected extra argument\(s\) \((.+)\)$", "cli.click.extra_arguments"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "cli.click.extra_arguments"),
    (r"^Option '(.+)' requires an argument\.$", "cli.click.needs_value"),
    (r"^Option '(.+)' requires (\d+) arguments\.$", "cli.click.needs_values"),
    (r"^Option '(.+)' does not take a value\.$", "cli.click.takes_no_value"),
    (r"^'(.*)' is not one of (.+)\.$", "cli.click.not_one_of"),
    (r"^Input should be less than or equal to (.+)$", "cli.click.at_most"),
    (r"^Input should be greater than or equal to (.+)$", "cli.click.at_least"),
    (r"^Input should be a valid integer\b.*$", "cli.click.not_whole"),
    (r"^Input should be a valid number\b.*$", "cli.click.not_number"),
    (r"^(.+) is not a valid integer\.?$", "cli.click.not_a_whole_number"),
    (r"^(.+) is not a valid float\.?$", "cli.click.not_a_decimal_number"),
    (r"^(.+) is not a valid boolean\.?$", "cli.click.not_a_boolean"),
    (r"^Value (.+) is not a valid (?:int|integer)\.$", "cli.click.not_a_whole_number"),
    (r"^Value (.+) is not a valid (?:float|number)\.$", "cli.click.not_a_decimal_number"),
    (r"^(.+) is not in the range (.+)\.$", "cli.click.out_of_range"),
    (r"^Invalid value for (.+?): (.*)$", "cli.click.invalid_value_for"),
    (r"^Invalid value: (.*)$", "cli.click.invalid_value"),
)


def localized_error(message: str, lang: str) -> str:
    """A usage error of click's in ``lang`` (recognised sentences only; the rest as written)."""
    if lang == Lang.EN:
        return message
    message = message.removeprefix("Value error, ")
    suffix = ""
    hint = re.search(r"\. Did you mean (.+)\?$", message)
    if hint:
        message, suffix = message[: hint.start()] + ".", " " + tr("cli.click.did_you_mean", lang, what=hint.group(1))
    for pattern, key in _ERRORS:
        found = re.match(pattern, message, re.S)  # re's own cache keeps each compiled
        if found:
            parts = [localized_error(g, lang) if key == "cli.click.invalid_value_for" and i == 1 else g
                     for i, g in enumerate(found.groups())]
            if key == "cli.click.missing_argument_choice":  # typer lists the choices one a line
                parts[1] = ", ".join(c.strip() for c in parts[1].split(",") if c.strip())
            return tr(key, lang, **{f"a{i}": part for i, part in enumerate(parts)}) + suffix
    return message + suffix


def show_usage_error(error: Any, lang: Lang) -> None:
    """A usage error as click shows it (usage line, where to find help, the error), in ``lang``."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = tr("cli.click.try_help", lang, command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        sys.stderr.write(f"{ctx.get_usage()}\n{hint}\n")
    sys.stderr.write(f"{tr('cli.click.error', lang)}: {localized_error(error.format_message(), lang)}\n")
    sys.stderr.flush()


def _argument_name(param: Any) -> str:
    """An argument as usage and help name it: its metavar (else its name in capitals), "..." when repeated."""
    name: str = param.metavar or param.name.upper()
    return name if param.nargs == 1 or name.endswith("...") else name + "..."


class _Localized:
    """The words of a command's usage line and help, from the catalogue (mixed into typer's classes)."""

    options_metavar: str | None

    def get_params(self, ctx: Any) -> list[Any]:
        return super().get_params(ctx)  # type: ignore[misc,no-any-return]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        lang = _lang()
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=tr("cli.click.usage", lang) + " ")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [tr("cli.click.options_metavar", _lang())] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":  # as click writes it: NAME, [NAME], NAME..., [NAME]...
                name = _argument_name(param)
                if not param.required:
                    name = f"[{name.removesuffix('...')}]..." if name.endswith("...") else f"[{name}]"
                pieces.append(name)
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        lang = _lang()
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":  # by its metavar, not typer's "name <str>"
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for heading, rows in (("cli.click.arguments", arguments), ("cli.click.options", options)):
            if rows:
                with formatter.section(tr(heading, lang)):
                    formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = tr("cli.click.help_option", _lang())
        return option


class Command(_Localized, typer.core.TyperCommand):
    """A brecha command: typer's, with its usage and help worded in the user's language."""


class Group(_Localized, typer.core.TyperGroup):
    """The ``brecha`` command group: typer's, with its usage, help and usage errors in the user's language."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), tr("cli.click.subcommand_metavar", _lang())]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(tr("cli.click.commands", _lang())):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        """Run as click's standalone mode does, showing usage errors in the user's language."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Abort:
            sys.stderr.write(tr("cli.click.aborted", _lang()) + "\n")
            sys.exit(1)
        except typer.TyperException as error:  # click's usage errors (and any other it would show)
            if type(error).__name__ == "NoArgsIsHelpError":  # `brecha` alone: the help, as click shows it
                sys.stderr.write(error.format_message() + "\n")
            else:
                show_usage_error(error, _lang())
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def install() -> None:
    """Word the few texts typer marks for gettext from the catalogue (once; each in the language of the moment)."""
    global _installed
    if _installed:
        return
    _installed = True
    english = getattr(typer.core, "_", lambda s: s)

    def words(text: str) -> str:
        key = _WORDS.get(text)
        lang = _lang()
        return english(text) if key is None or lang == Lang.EN else tr(key, lang, default="{default}",
                                                                         var="{var}", name="{name}")

    typer.core._ = words  # type: ignore[attr-defined,assignment]
