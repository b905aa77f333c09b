"""The command line's own words (usage, help headings, usage errors) in the user's language.

typer's vendored click writes these in English, as f-strings, with no gettext hook. brecha
words them from its catalogue instead: the help headings and labels through typer's
``gettext`` name, the usage line through the formatter's prefix, the help option's text,
and usage errors by recognising click's few sentences (anything not recognised is shown
as click wrote it). The language is the one help is shown in: ``--lang`` on the command
line, else ``BRECHA_LANG``, else the locale, looked up when the words are needed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import IO, Any

from brecha.i18n import Lang, tr

__all__ = ["install", "localized_error"]

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

#: click's usage-error sentences -> catalogue keys (the groups become {0}, {1}...).
_ERRORS: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), k) for p, k in (
    (r"^Missing argument '(.+)'\.$", "cli.click.missing_argument"),
    (r"^Missing option '(.+)'\.$", "cli.click.missing_option"),
    (r"^Missing parameter: (.+)$", "cli.click.missing_parameter"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "cli.click.no_such_option_hint"),
    (r"^No such option: (\S+)$", "cli.click.no_such_option"),
    (r"^No such command '(.+)'\.$", "cli.click.no_such_command_error"),
    (r"^Got unexpected extra argument\(s\) \((.+)\)$", "cli.click.extra_arguments"),
    (r"^Option '(.+)' requires an argument\.$", "cli.click.needs_value"),
    (r"^Option '(.+)' requires (\d+) arguments\.$", "cli.click.needs_values"),
    (r"^Option '(.+)' does not take a value\.$", "cli.click.takes_no_value"),
    (r"^'(.*)' is not one of (.+)\.$", "cli.click.not_one_of"),
    (r"^Input should be less than or equal to (.+)$", "cli.click.at_most"),
    (r"^Input should be greater than or equal to (.+)$", "cli.click.at_least"),
    (r"^(.+) is not a valid (integer|float|boolean)\.?$", "cli.click.not_a_number"),
    (r"^(.+) is not in the range (.+)\.$", "cli.click.out_of_range"),
    (r"^Invalid value for (.+?): (.*)$", "cli.click.invalid_value_for"),
    (r"^Invalid value: (.*)$", "cli.click.invalid_value"),
)]


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
        found = pattern.match(message)
        if found:
            parts = [localized_error(g, lang) if key == "cli.click.invalid_value_for" and i == 1 else g
                     for i, g in enumerate(found.groups())]
            return tr(key, lang, **{f"a{i}": part for i, part in enumerate(parts)}) + suffix
    return message + suffix


def install() -> None:
    """Word typer's and click's own texts from the catalogue (once; each text in the language of the moment)."""
    global _installed
    if _installed:
        return
    _installed = True
    import typer.core
    from typer._click import core as click_core
    from typer._click import exceptions, formatting

    english: Callable[[str], str] = getattr(typer.core, "_", lambda s: s)

    def words(text: str) -> str:
        key = _WORDS.get(text)
        lang = _lang()
        return english(text) if key is None or lang == Lang.EN else tr(key, lang, default="{default}",
                                                                         var="{var}", name="{name}")

    typer.core._ = words  # type: ignore[attr-defined,assignment]

    usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and _lang() != Lang.EN:
            prefix = tr("cli.click.usage", _lang()) + " "
        usage(self, prog, args, prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    help_option = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None:
            option.help = tr("cli.click.help_option", _lang())
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    def show(self: Any, file: IO[Any] | None = None) -> None:
        lang = _lang()
        stream = file if file is not None else sys.stderr
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = tr("cli.click.try_help", lang, command=self.ctx.command_path,
                          option=self.ctx.help_option_names[0]) + "\n"
            stream.write(f"{self.ctx.get_usage()}\n{hint}\n")
        stream.write(f"{tr('cli.click.error', lang)}: {localized_error(self.format_message(), lang)}\n")

    exceptions.UsageError.show = show  # type: ignore[method-assign]
