"""The one exception the benchmark loaders raise."""

from __future__ import annotations

from codebudget.errors import CodebudgetError


class BenchmarkError(CodebudgetError):
    """A benchmark could not be loaded: missing data, a malformed file, an unknown name.

    The message is one line that names the file (and line) at fault where there is one.
    """


def at(where: str, message: str) -> BenchmarkError:
    """A :class:`BenchmarkError` located at ``where`` (``file:line`` or a dataset row)."""
    return BenchmarkError(f"{where}: {message}")
