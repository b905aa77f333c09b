"""The ``brecha`` command line: thin commands over :mod:`brecha.api`."""

from __future__ import annotations

import gc

import typer

from brecha.cli import assess, chain, coverage, diff, evaluate, explain, fieldwork, lint, rounds, schema, template
from brecha.cli._common import helptext, state

__all__ = ["app", "main"]

app = typer.Typer(
    name="brecha",
    help=helptext("cli.help"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
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


app.command("lint", help=helptext("cli.lint"))(lint.command)
app.command("evaluate", help=helptext("cli.evaluate"))(evaluate.command)
app.command("template", help=helptext("cli.template"))(template.command)
app.command("assess", help=helptext("cli.assess"))(assess.command)
app.command("schema", help=helptext("cli.schema"))(schema.command)
app.command("compare", help=helptext("cli.compare"))(rounds.compare)
app.command("summary", help=helptext("cli.summary"))(rounds.summary)
app.command("chain", help=helptext("cli.chain"))(chain.command)
app.command("explain", help=helptext("cli.explain"))(explain.command)
app.command("coverage", help=helptext("cli.coverage"))(coverage.command)
app.command("diff", help=helptext("cli.diff"))(diff.command)
app.command("import", help=helptext("cli.import"))(fieldwork.import_command)
app.command("export", help=helptext("cli.export"))(fieldwork.export_command)
app.command("plan", help=helptext("cli.plan"))(fieldwork.plan_command)


def main() -> None:
    """Entry point of the console script."""
    # A brecha run is short and builds large acyclic data (parsed YAML, the model):
    # reference counting frees it, and the cyclic collector only costs time, about a
    # fifth of a big lint (benchmarks/). Library callers keep their own GC settings.
    gc.disable()
    app()
