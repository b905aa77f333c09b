"""The README's promises: its test command is the one CI runs, its example exists."""

from __future__ import annotations

import re

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run contains, verbatim, the README's test command."""
    commands = _commands()
    assert len(commands) >= 2
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_readme_example_exists() -> None:
    """The example the README evaluates is shipped."""
    main = next(c for c in _commands() if "brecha evaluate" in c)
    path = re.search(r"brecha evaluate (\S+)", main)
    assert path and (ROOT / path.group(1)).is_file()


def test_readme_lists_every_lint_code() -> None:
    """The README's table of lint codes stays in step with the catalogue."""
    from brecha.codes import CODES

    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in README


def test_extras_mirror_the_dependency_groups() -> None:
    """The extras the README installs hold exactly what the dependency groups hold.

    pip before 25.1 has no ``--group``; the README installs ``.[test]`` so that the pip a
    fresh machine has works, and the groups stay for tools that read them.
    """
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["optional-dependencies"] == project["dependency-groups"]


def test_readme_commands_need_no_new_pip() -> None:
    """No README set-up command relies on an option that old pips lack."""
    for command in _commands():
        assert "--group" not in command
        assert "--upgrade pip" not in command


def test_content_tables_are_generated_from_the_content() -> None:
    """The README's content tables are what `brecha coverage --format table --lang en` prints today."""
    from brecha import api
    from brecha.renderers.coverage import render_table

    start = "<!-- generated: brecha coverage --format table --lang en -->\n"
    block = README.split(start, 1)[1].split("<!-- end generated -->", 1)[0]
    assert block == render_table(api.coverage(), "en"), "README content tables are stale: regenerate them"


# --- The Commands section against the real command line -------------------------------

_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _cli() -> tuple[set[str], dict[str, set[str]]]:
    """The root's long options, and each command's, as the typer app defines them."""
    import typer.main

    from brecha.cli import app

    root = typer.main.get_command(app)

    def longs(params: list[object]) -> set[str]:
        return {
            name
            for p in params
            if getattr(p, "param_type_name", "") == "option"
            for name in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))
            if name.startswith("--")
        } - {"--help"}

    commands = getattr(root, "commands", {})
    return longs(root.params), {name: longs(command.params) for name, command in commands.items()}


def _commands_section() -> str:
    return README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]


def _rows(commands: dict[str, set[str]]) -> dict[str, str]:
    """Each command's row of the Commands table."""
    rows = {}
    for line in _commands_section().splitlines():
        found = re.match(r"\| `brecha ([a-z]+)[^`]*` \|", line)
        if found and found.group(1) in commands:
            rows[found.group(1)] = line
    return rows


def _common(commands: dict[str, set[str]]) -> dict[str, tuple[set[str], bool]]:
    """The common options paragraph: option -> (the commands it covers, whether exactly those).

    An item "... every command but `a` and `b`" covers all the others, exactly; an item
    "... for `a` and `b`" covers those named (others may have it too, documented in their rows).
    """
    section = _commands_section()
    paragraph = section.split("**Options common to most commands**", 1)[1].split("\n\n", 1)[0]
    paragraph = paragraph.split("`brecha --version`", 1)[0]
    common: dict[str, tuple[set[str], bool]] = {}
    for item in re.split(r";(?![^()]*\))", paragraph):  # items end at a semicolon outside brackets
        options = set(_OPTION.findall(item))
        if " but " in item:
            lacking = {n for n in re.findall(r"`([a-z]+)`", item.split(" but ", 1)[1]) if n in commands}
            covered, exact = set(commands) - lacking, True
        else:
            covered, exact = {n for n in re.findall(r"`([a-z]+)`", item.split(" for ", 1)[-1]) if n in commands}, False
        assert options and covered, f"a common option item names no option or no command: {item!r}"
        for option in options:
            common[option] = (covered, exact)
    return common


def _mentions(row: str, own: str, commands: dict[str, set[str]]) -> dict[str, set[str]]:
    """The options a row names, by command: its own, or another's when a code span starts with it."""
    named: dict[str, set[str]] = {own: set()}
    for span in re.findall(r"`([^`]*)`", row):
        words = span.removeprefix("brecha ").split()
        whose = words[0] if words and words[0] in commands and words[0] != own else own
        named.setdefault(whose, set()).update(_OPTION.findall(span))
    named[own].update(_OPTION.findall(re.sub(r"`[^`]*`", "", row)))
    return named


def test_readme_documents_every_option_of_every_command() -> None:
    """Each long option of each command is in its row or among the common options; the root's are named."""
    root, commands = _cli()
    rows, common = _rows(commands), _common(commands)
    assert set(rows) == set(commands), f"commands without a row: {sorted(set(commands) - set(rows))}"
    missing = sorted(
        f"{name} {option}"
        for name, options in commands.items()
        for option in options
        if option not in _OPTION.findall(rows[name]) and name not in common.get(option, (set(), False))[0]
    )
    assert not missing, f"options the README's Commands section does not document: {missing}"
    section = _commands_section()
    assert all(option in _OPTION.findall(section) for option in root), root


def test_readme_names_no_option_a_command_lacks() -> None:
    """An option a row names belongs to that command; the common ones are where it says, and only there."""
    root, commands = _cli()
    wrong = sorted(
        f"{whose} {option}"
        for name, row in _rows(commands).items()
        for whose, options in _mentions(row, name, commands).items()
        for option in options
        if option not in commands[whose]
    )
    assert not wrong, f"the README names options these commands lack: {wrong}"
    for option, (covered, exact) in _common(commands).items():
        having = {name for name, options in commands.items() if option in options}
        assert covered == having if exact else covered <= having, (
            f"{option}: the README says {sorted(covered)} take it, really {sorted(having)}")
    every = root.union(*commands.values(), {"--help"})  # click gives every command --help
    unknown = sorted(set(_OPTION.findall(_commands_section())) - every)
    assert not unknown, f"the Commands section names options no command has: {unknown}"
