"""The ``codebudget`` command line: one typer app, one module per command group."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from codebudget.cli import (
    adapters_cmd,
    compare_cmd,
    generate_cmd,
    models_cmd,
    plans_cmd,
    pool_cmd,
    report_cmd,
    run_cmd,
    select_cmd,
    serve_cmd,
    solve_cmd,
    store_cmd,
    sweep_cmd,
    train_cmd,
)
from codebudget.errors import CodebudgetError

app = typer.Typer(
    name="codebudget",
    help="Get the most correct code out of a small local language model for a given time budget.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(models_cmd.app, name="models")
app.add_typer(adapters_cmd.app, name="adapters")
app.add_typer(plans_cmd.app, name="plans")
generate_cmd.register(app)
run_cmd.register(app)
pool_cmd.register(app)
store_cmd.register(app)
sweep_cmd.register(app)
select_cmd.register(app)
report_cmd.register(app)
compare_cmd.register(app)
solve_cmd.register(app)
serve_cmd.register(app)
train_cmd.register(app)

err = Console(stderr=True, soft_wrap=True, emoji=False)

try:  # the command-line parser's errors: typer vendors click from 0.2x on, and used click itself before
    from typer._click import exceptions as _parsing
except ImportError:  # pragma: no cover - older typer
    from click import exceptions as _parsing


def main() -> None:
    """Entry point: run the app; expected errors print one line and exit with status 2.

    Errors found while the command line is parsed (an unknown option, a value
    that is not a number or is out of range) are printed the same way, naming
    the option, with the command's ``--help`` as a hint.
    """
    try:
        status = app(standalone_mode=False)
    except CodebudgetError as error:
        _fail(str(error))
    except _parsing.ClickException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # the help is printed already
            sys.exit(error.exit_code)
        _fail(_usage_line(error), error.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        err.print("interrupted")
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else 0)


def _fail(message: str, status: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(' '.join(message.split()))}", highlight=False)
    sys.exit(status)


def _usage_line(error: Exception) -> str:
    """A parse error as one line: its message and where to look for help."""
    context = getattr(error, "ctx", None)
    hint = f" (see {context.command_path} --help)" if context is not None else ""
    return f"{error.format_message()}{hint}"
