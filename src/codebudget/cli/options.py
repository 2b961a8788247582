"""Options shared by the commands that talk to a model."""

from __future__ import annotations

from typing import Optional

import typer

from codebudget.backends.base import Backend
from codebudget.backends.registry import open_backend
from codebudget.errors import CodebudgetError
from codebudget.models import DEFAULT_MODEL

BackendOpt = typer.Option("llamacpp", "--backend", "-b", help="llamacpp (in-process) or openai (any OpenAI-compatible server)")
ModelOpt = typer.Option(DEFAULT_MODEL, "--model", "-m", help="a zoo name, a path to a .gguf file, or the server's model id")
BaseUrlOpt = typer.Option(None, "--base-url", help="the server's URL ending in /v1 (openai backend)")
ApiKeyOpt = typer.Option(None, "--api-key", envvar="CODEBUDGET_API_KEY", help="bearer token for the server, if it needs one")


def number_list(text: str, kind: type = int) -> list:
    """``"1,2,5"`` as a list of ``kind`` values, or a one-line error."""
    try:
        return [kind(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CodebudgetError(f"expected comma-separated numbers, got {text!r}") from None


def backend_from_options(backend: str, model: str, base_url: Optional[str], api_key: Optional[str]) -> Backend:
    """Open the named backend with the options the user gave (unset ones are left out)."""
    given = {"model": model, "base_url": base_url, "api_key": api_key}
    options = {key: value for key, value in given.items() if value is not None}
    try:
        return open_backend(backend, **options)
    except TypeError as error:
        raise CodebudgetError(f"backend {backend!r} does not take these options: {error}") from None
