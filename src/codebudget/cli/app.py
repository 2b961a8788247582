"""The ``codebudget`` command line: one typer app, one module per command group."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from codebudget.cli import generate_cmd, models_cmd, pool_cmd, report_cmd, run_cmd, store_cmd, sweep_cmd
from codebudget.cli import compare_cmd, select_cmd
from codebudget.errors import CodebudgetError

app = typer.Typer(
    name="codebudget",
    help="Get the most correct code out of a small local language model for a given time budget.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(models_cmd.app, name="models")
generate_cmd.register(app)
run_cmd.register(app)
pool_cmd.register(app)
store_cmd.register(app)
sweep_cmd.register(app)
select_cmd.register(app)
report_cmd.register(app)
compare_cmd.register(app)

err = Console(stderr=True, soft_wrap=True)


def main() -> None:
    """Entry point: run the app; expected errors print one line and exit with status 2."""
    try:
        app()
    except CodebudgetError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
