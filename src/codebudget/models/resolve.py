"""Turn what a user typed after ``--model`` into a checked local GGUF file.

A zoo name is fetched when it is missing (and fetching is allowed) and refused,
with the command that repairs it, when its cached file fails verification. A
local path must be a GGUF file as large as its header says: checked before
llama.cpp ever sees it.
"""

from __future__ import annotations

from pathlib import Path

from codebudget.models.errors import ModelError
from codebudget.models.fetch import fetch
from codebudget.models.gguf import check_gguf
from codebudget.models.state import model_state
from codebudget.models.zoo import ZOO

__all__ = ["check_gguf", "resolve_model"]


def resolve_model(spec: str, *, allow_fetch: bool = True) -> Path:
    """A zoo name (fetched if missing and allowed; refused if damaged) or a path to a local GGUF file."""
    entry = ZOO.get(spec)
    if entry is not None:
        state = model_state(entry)
        if state.status == "not fetched" and allow_fetch:
            return fetch(entry)
        return state.checked_path()
    path = Path(spec).expanduser()
    if path.suffix.lower() != ".gguf" and not path.exists():
        known = ", ".join(sorted(ZOO))
        raise ModelError(f"unknown model {spec!r}: not a zoo name ({known}) nor an existing file")
    check_gguf(path)
    return path.resolve()
