"""Fixtures for the sandbox tests: one sandbox per isolation level for the session.

A level that this machine cannot provide is skipped, unless
``CODEBUDGET_SANDBOX_REQUIRE`` lists it (CI sets ``namespaces,fallback``), in
which case its tests fail instead.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_support import HostState

from codebudget.sandbox import SandboxUnavailable, open_sandbox
from codebudget.sandbox.pool import ForkServerSandbox

LEVELS = ("namespaces", "fallback")
SECRET_NAME = "CODEBUDGET_TEST_SECRET"


def _required() -> set[str]:
    return {level.strip() for level in os.environ.get("CODEBUDGET_SANDBOX_REQUIRE", "").split(",")}


@pytest.fixture(scope="session")
def host_secret() -> Iterator[str]:
    """A secret in the host's environment, set before any worker starts."""
    value = "s3cr3t-" + secrets.token_hex(8)
    os.environ[SECRET_NAME] = value
    yield value
    os.environ.pop(SECRET_NAME, None)


@pytest.fixture(scope="session")
def sandboxes(host_secret: str) -> Iterator[dict[str, ForkServerSandbox | str]]:
    """Each level's sandbox, or the reason it is unavailable."""
    opened: dict[str, ForkServerSandbox | str] = {}
    for level in LEVELS:
        try:
            opened[level] = open_sandbox(level, workers=2)
        except SandboxUnavailable as exc:
            opened[level] = str(exc)
    yield opened
    for value in opened.values():
        if isinstance(value, ForkServerSandbox):
            value.close()


@pytest.fixture(params=LEVELS)
def sandbox(request: pytest.FixtureRequest, sandboxes: dict[str, object]) -> ForkServerSandbox:
    """The sandbox of one isolation level (the test runs once per level)."""
    value = sandboxes[request.param]
    if isinstance(value, str):
        if request.param in _required():
            pytest.fail(f"required isolation {request.param} unavailable: {value}")
        pytest.skip(value)
    assert isinstance(value, ForkServerSandbox)
    return value


@pytest.fixture
def host_state() -> Iterator[HostState]:
    """A world-writable directory under /tmp (only the sandbox can protect it)."""
    root = Path(tempfile.mkdtemp(prefix="codebudget-canary-"))
    root.chmod(0o777)
    state = HostState(root)
    yield state
    state.close()
    for path in root.iterdir():
        path.unlink()
    root.rmdir()
