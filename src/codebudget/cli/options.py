"""Options shared by the commands that talk to a model."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Optional

import typer

from codebudget.backends.base import Backend
from codebudget.backends.registry import open_backend
from codebudget.errors import CodebudgetError
from codebudget.models import DEFAULT_MODEL

BackendOpt = typer.Option("llamacpp", "--backend", "-b", callback=lambda value: check_backend(value),
                          help="llamacpp (in-process) or openai (any OpenAI-compatible server)")
ModelOpt = typer.Option(DEFAULT_MODEL, "--model", "-m", help="a zoo name, a path to a .gguf file, or the server's model id")
BaseUrlOpt = typer.Option(None, "--base-url", help="the server's URL ending in /v1 (openai backend)")
ApiKeyOpt = typer.Option(None, "--api-key", envvar="CODEBUDGET_API_KEY", help="bearer token for the server, if it needs one")
TimeoutOpt = typer.Option(None, "--timeout", min=0.001, help="seconds one request to the server may take (openai "
                          "backend; default 120); a model call gives up after TIMEOUT × (RETRIES+1) + backoff s")
RetriesOpt = typer.Option(None, "--retries", min=0, help="retries of a failed request, with backoff 0.5, 1, 2… s "
                          "(openai backend; default 3)")


def number_list(text: str, kind: type = int, *, flag: str = "", minimum: float | None = None) -> list:
    """``"1,2,5"`` as a non-empty list of ``kind`` values, each at least ``minimum``; else a one-line error
    naming ``flag``."""
    where = f"{flag} {text!r}: " if flag else ""
    try:
        values = [kind(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CodebudgetError(f"{where or f'{text!r}: '}expected comma-separated numbers") from None
    if not values:
        raise CodebudgetError(f"{where or f'{text!r}: '}expected at least one number")
    low = [v for v in values if minimum is not None and v < minimum]
    if low:
        raise CodebudgetError(f"{where}each value must be at least {minimum:g}, got {low[0]:g}")
    return values


def names_of(text: str) -> list[str]:
    """``"a, b,"`` as ``["a", "b"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _checked(flag: str, check: Callable[[str], object], *, many: bool = False) -> Callable[[Any], Any]:
    """An option callback: every name in the value (comma-separated when ``many``) passes ``check``,
    else a one-line error naming the flag, raised while the options are parsed (before any work)."""

    def callback(value):  # noqa: ANN001, ANN202 - typer passes the bare value to a one-argument callback
        if value is None:
            return value
        for name in names_of(value) if many else [value]:
            try:
                check(name)
            except (KeyError, ValueError, CodebudgetError) as error:
                raise CodebudgetError(f"{flag}: {error.args[0] if error.args else error}") from None
        return value

    return callback


def check_backend_name(name: str) -> None:
    """A one-line error unless ``name`` is a known backend (built in or a plugin); nothing is imported."""
    from codebudget.backends.base import BackendError
    from codebudget.backends.registry import available

    if name not in available():
        raise BackendError(f"unknown backend {name!r}; available: {', '.join(sorted(available()))}")


def _policy(name: str) -> None:
    from codebudget.replay import get_policy

    get_policy(name)


def _input_source(name: str) -> None:
    from codebudget.selection import get_source

    get_source(name)


def _paper(name: str) -> None:
    from codebudget.reports.paper import get_paper

    get_paper(name)


def _sandbox(level: str) -> None:
    from codebudget.sandbox.settings import AUTO, LEVELS

    if level not in (AUTO, *LEVELS):
        raise CodebudgetError(f"unknown sandbox {level!r}; use auto, namespaces or fallback "
                              "(--unsafe-no-sandbox runs without one)")


check_backend = _checked("--backend", check_backend_name)
check_test_backend = _checked("--test-backend", check_backend_name)
check_selection = _checked("--selection", _policy)
check_policies = _checked("--policies", _policy, many=True)
check_inputs = _checked("--inputs", _input_source)
check_paper = _checked("--against", _paper)
check_sandbox = _checked("--sandbox", _sandbox)


def backend_from_options(backend: str, model: str, base_url: Optional[str], api_key: Optional[str],
                         request_timeout_s: Optional[float] = None, retries: Optional[int] = None) -> Backend:
    """Open the named backend with the options the user gave (unset ones are left out)."""
    given = {"model": model, "base_url": base_url, "api_key": api_key, "request_timeout_s": request_timeout_s,
             "retries": retries}
    options = {key: value for key, value in given.items() if value is not None}
    from codebudget.backends.registry import backend_class

    taken = inspect.signature(backend_class(backend)).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in taken.values()):
        flags = {"base_url": "--base-url", "api_key": "--api-key", "request_timeout_s": "--timeout",
                 "retries": "--retries"}
        refused = [flags.get(key, key) for key in options if key not in taken]
        if refused:
            raise CodebudgetError(f"backend {backend!r} does not take {', '.join(refused)}")
    try:
        return open_backend(backend, **options)
    except TypeError as error:
        raise CodebudgetError(f"backend {backend!r} does not take these options: {error}") from None
