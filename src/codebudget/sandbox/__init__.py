"""The sandbox: the one place where generated (untrusted) code runs.

Open one with :func:`open_sandbox` and use it as a context manager::

    with open_sandbox(workers=2) as sandbox:
        results = sandbox.run_many(jobs)

Isolation levels, best first: ``namespaces`` (bubblewrap), ``fallback``
(Landlock and seccomp on the host), ``unsafe`` (nothing; only on request).
Force one with ``open_sandbox(isolation=...)`` or ``CODEBUDGET_SANDBOX=...``.
See ``docs/security.md`` for what each level promises.
"""

from codebudget.sandbox.base import Job, Limits, Sandbox
from codebudget.sandbox.factory import open_sandbox
from codebudget.sandbox.pool import ForkServerSandbox
from codebudget.sandbox.settings import (
    AUTO,
    ENV_VAR,
    FALLBACK,
    LEVELS,
    NAMESPACES,
    UNSAFE,
    SandboxSettings,
    SandboxUnavailable,
)

__all__ = [
    "AUTO",
    "ENV_VAR",
    "FALLBACK",
    "LEVELS",
    "NAMESPACES",
    "UNSAFE",
    "ForkServerSandbox",
    "Job",
    "Limits",
    "Sandbox",
    "SandboxSettings",
    "SandboxUnavailable",
    "open_sandbox",
]
