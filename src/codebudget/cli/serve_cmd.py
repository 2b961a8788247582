"""``codebudget serve``: the OpenAI-compatible server with the budgeted pipeline behind code requests."""

from __future__ import annotations

import socket
from pathlib import Path
import typer
from rich.console import Console

from codebudget.cli.options import (
    DEFAULT_DB,
    BackendFlags,
    SandboxOpt,
    UnsafeOpt,
    backend_for,
    sandbox_level,
    with_backend_options,
)
from codebudget.cli.parsing import Sandbox
from codebudget.errors import CodebudgetError

err = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)


@with_backend_options
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="the address to listen on (0.0.0.0: every interface)"),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="the port (0: any free one, printed)"),
    budget: str = typer.Option("30s", "--budget", help="the time a code request may take unless it says otherwise"),
    queue: int = typer.Option(8, "--queue", min=1, max=1024, help="requests queued or running at once; more get 503"),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="the store the dashboard at / shows (read-only)"),
    backend: BackendFlags = BackendFlags(),
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Serve the model with the OpenAI API; code requests get the budgeted pipeline's answer.

    A request asks for code with a model name such as MODEL:budget=30s (or :n=3:k=1), with a body
    field "codebudget": {"budget": "30s"}, or by holding a function stub to complete; anything else
    passes through to the model. Ctrl-C stops the server.
    """
    try:
        import uvicorn

        from codebudget.serve.app import create_app
        from codebudget.serve.dashboard import add_dashboard
    except ImportError:
        raise CodebudgetError("codebudget serve needs fastapi and uvicorn: pip install 'codebudget[serve]'") from None
    from codebudget.budget_text import parse_budget
    from codebudget.pipeline import build_config
    from codebudget.sandbox import open_sandbox
    from codebudget.serve.engine import Engine

    budget_s = parse_budget(budget)
    listener = _listen(host, port)
    config = build_config(None, **backend.config_fields())
    try:
        with open_sandbox(sandbox_level(sandbox, unsafe), workers=config.workers) as box:
            engine = Engine(backend_for(config),
                            config, box, queue=queue, budget_s=budget_s)
            try:
                bound_host, bound_port = listener.getsockname()[:2]
                err.print(f"serving {config.model} at http://{bound_host}:{bound_port}/v1 (code requests: budget "
                          f"{budget_s:g} s; queue {queue}); dashboard of {db} at http://{bound_host}:{bound_port}/")
                app = create_app(engine, extra=lambda app: add_dashboard(app, db))
                config_ = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
                uvicorn.Server(config_).run(sockets=[listener])
            finally:
                engine.close()
    finally:
        listener.close()


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket at ``host:port`` (one-line error when it cannot be had)."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(info[0], socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(info[4])
        listener.listen(128)
    except OSError as error:
        raise CodebudgetError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("serve")(serve)
