"""Fixtures of the backend tests: a real OpenAI-compatible server on loopback, started once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from server_support import llama_server


@pytest.fixture(scope="session")
def server_url(smollm2_path: Path):
    """``python -m llama_cpp.server`` on SmolLM2 (context 2048) at 127.0.0.1; its ``/v1`` URL."""
    yield from llama_server(smollm2_path)
