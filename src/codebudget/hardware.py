"""What this machine is, in words: recorded with every run and with every speed probe, so that times measured
on different machines are never read as one."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name (from /proc/cpuinfo where there is one, else what the platform says)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """This machine in words: CPU model and cores."""
    return f"{cpu_model()}, {os.cpu_count()} cores"
