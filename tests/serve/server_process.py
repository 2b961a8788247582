"""Helpers of the server tests: where a ``codebudget serve`` process listens."""

from __future__ import annotations

import re
import subprocess


def listening(process: subprocess.Popen, pattern: str) -> str:
    """The address the server's start line names (the model loads first; then one line says where it listens)."""
    seen = []
    for line in process.stderr:
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found.group(1)
        if len(seen) > 50:
            break
    raise AssertionError("the server did not say where it listens:\n" + "".join(seen))
