"""A benchmark script's entry point: bad input (a missing store or run, an unwritable output) ends in one line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from codebudget.errors import CodebudgetError


def run(main: Callable[[], None]) -> None:
    """``main()``; a :class:`CodebudgetError` or an ``OSError`` exits with its message on one line, no traceback."""
    try:
        main()
    except (CodebudgetError, OSError) as error:
        text = f"{error.strerror}: {error.filename}" if isinstance(error, OSError) and error.filename else str(error)
        raise SystemExit(f"{Path(sys.argv[0]).name}: {text}") from None
