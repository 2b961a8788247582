"""What this machine is, in words: recorded with every run and with every speed probe, so that times measured
on different machines are never read as one."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from codebudget.errors import CodebudgetError


class MixedMachinesError(CodebudgetError):
    """Times measured on different machines, or at different speeds, were to go on one time axis."""


def cpu_model() -> str:
    """The CPU's model name (from /proc/cpuinfo where there is one, else what the platform says)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity (``taskset``, a container's cpuset) where the
    platform has one, else every core. llama.cpp decodes with this many threads unless told otherwise: a
    thread more than the cores it may use only waits for one."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def machine() -> str:
    """This machine in words: CPU model and cores."""
    return f"{cpu_model()}, {os.cpu_count()} cores"


BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str | None:
    """This boot of this machine (Linux's ``boot_id``; None where there is none).

    The CPU's model name does not say how fast a machine is: the same name has been seen here on two
    virtual machines whose model decoding steps took 21 and 37 ms. A speed measured in one boot is
    therefore not taken for another (a new virtual machine is a new boot)."""
    try:
        return BOOT_ID.read_text().strip() or None
    except OSError:
        return None


def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags (``/proc/cpuinfo``; empty where there is none)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return frozenset()
    return frozenset(next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), []))


def native_bf16(device: str) -> bool:
    """Whether bf16 arithmetic is native on ``device``: any CUDA GPU torch trains on, or a CPU with AVX-512 bf16 or
    AMX (without them torch emulates bf16 matrix products, measured 90x slower than fp32 on an AVX2 host).
    A virtual machine can move to another host under the same boot id, so this is read each time."""
    return device == "cuda" or bool(cpu_flags() & {"avx512_bf16", "amx_bf16"})


def training_dtype(device: str) -> str:
    """``--dtype auto``: bf16 where it is native on ``device``, else fp32."""
    return "bf16" if native_bf16(device) else "fp32"
