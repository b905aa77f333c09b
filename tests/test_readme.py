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
