"""Backends and benchmarks from a real installed plugin, looked up lazily; opening a backend from a spec.

The third-party plugin is a real distribution: a ``tinyplug-0.1.dist-info``
folder with an ``entry_points.txt`` on a temporary ``sys.path`` entry, found by
``importlib.metadata`` as pip-installed packages are. Each check runs in a fresh
interpreter so that ``sys.modules`` shows exactly what a lookup imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from server_support import ALIAS, free_port

from codebudget.backends import (
    BACKENDS,
    BackendError,
    BackendSpec,
    Capabilities,
    ModelIdentity,
    capabilities,
    model_identity,
    open_backend,
)
from codebudget.backends.base import GenerationRequest, Message, SamplingParams
from codebudget.errors import CodebudgetError
from codebudget.models import ModelError, get_entry

ENTRY_POINTS = """\
[codebudget.backends]
echo = tinyplug.backend:EchoBackend
ghost = tinyplug.missing:Nothing

[codebudget.benchmarks]
tiny = tinyplug.bench:LOADER
"""

BACKEND_MODULE = '''
from codebudget.backends.base import Capabilities
from codebudget.records import FinishReason, Generation, Sample


class EchoBackend:
    """Answers every prompt with its own last line; says its greedy answers are not to be reused."""

    name = "echo"
    capabilities = Capabilities(deterministic_greedy=False)

    def __init__(self, model, base_url=None):
        self.model = model
        self.base_url = base_url

    def generate(self, request):
        text = request.prompt if request.prompt is not None else request.messages[-1].content
        samples = tuple(Sample(text.splitlines()[-1], 1, -0.1, FinishReason.STOP, request.params.sample_seed(i))
                        for i in range(request.params.n))
        return Generation(samples, 1, 0.0, self.model, self.name)

    def close(self):
        pass
'''

BENCH_MODULE = '''
from pathlib import Path

from codebudget.benchmarks.generic import JsonlLoader
from codebudget.benchmarks.sources import read_file


class TinyLoader(JsonlLoader):
    """The generic format, with its own bundled tasks."""

    name = "tiny"
    formats = ()

    def default_source(self, split):
        return read_file(Path(__file__).with_name("tasks.jsonl"))


LOADER = TinyLoader()
'''


@pytest.fixture()
def plugin_site(tmp_path: Path, fixtures: Path) -> Path:
    """A folder holding an installed distribution ``tinyplug`` with a backend and a benchmark entry point."""
    site = tmp_path / "site"
    info = site / "tinyplug-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinyplug\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    package = site / "tinyplug"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "backend.py").write_text(BACKEND_MODULE)
    (package / "bench.py").write_text(BENCH_MODULE)
    (package / "tasks.jsonl").write_bytes((fixtures / "tasks.jsonl").read_bytes())
    return site


def _run(site: Path, code: str) -> dict:
    """Run ``code`` in a fresh interpreter with ``site`` on its path; the JSON it prints last."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_plugin_backend_installed_through_an_entry_point_is_found_named_and_opened(plugin_site: Path) -> None:
    found = _run(plugin_site, """
        import json
        from codebudget.backends import BACKENDS, BackendSpec, capabilities, open_backend
        from codebudget.backends.base import GenerationRequest, SamplingParams
        from codebudget.cli.parsing import check_backend_name

        check_backend_name("echo")
        backend = open_backend(BackendSpec("echo", "parrot", base_url="http://unused/v1"))
        generation = backend.generate(GenerationRequest(prompt="hello\\nworld", params=SamplingParams(n=2)))
        print(json.dumps({"names": BACKENDS.names(), "class": type(backend).__module__,
                          "texts": [s.text for s in generation.samples], "model": generation.model,
                          "reusable": capabilities("echo").deterministic_greedy}))
    """)
    assert found["names"][:2] == ["llamacpp", "openai"] and {"echo", "ghost"} <= set(found["names"])
    assert found["class"] == "tinyplug.backend" and found["texts"] == ["world", "world"]
    assert found["model"] == "parrot" and found["reusable"] is False


def test_a_plugin_benchmark_installed_through_an_entry_point_loads_its_tasks(plugin_site: Path) -> None:
    found = _run(plugin_site, """
        import json
        from codebudget.benchmarks import BENCHMARKS, available, load

        problems = load("tiny")
        print(json.dumps({"target": available()["tiny"], "known": "tiny" in BENCHMARKS,
                          "tasks": [p.task_id for p in problems]}))
    """)
    assert found == {"target": "tinyplug.bench:LOADER", "known": True,
                     "tasks": ["demo/add", "demo/mean", "demo/word_count"]}


def test_looking_up_one_plugin_imports_no_other_plugin(plugin_site: Path) -> None:
    """Names come without importing; a lookup imports its own module only; llama.cpp only when opened."""
    seen = _run(plugin_site, """
        import json, sys
        WATCHED = ("tinyplug.backend", "tinyplug.bench", "codebudget.backends.llamacpp",
                   "codebudget.backends.openai_http", "llama_cpp", "httpx", "numpy",
                   "codebudget.benchmarks.humaneval", "codebudget.benchmarks.mbpp", "codebudget.benchmarks.evalplus")
        steps = {}

        def note(step):
            steps[step] = sorted(name for name in WATCHED if name in sys.modules)

        from codebudget.backends import BACKENDS
        from codebudget.benchmarks import BENCHMARKS
        BACKENDS.names(); BENCHMARKS.names(); "echo" in BACKENDS; sorted(BACKENDS)
        note("names")
        BACKENDS.lookup("echo")
        note("echo")
        BENCHMARKS.lookup("tiny")
        note("tiny")
        BACKENDS.lookup("openai")
        note("openai")
        BACKENDS.lookup("llamacpp")
        note("llamacpp class")
        print(json.dumps(steps))
    """)
    assert seen["names"] == []
    assert seen["echo"] == ["tinyplug.backend"]
    assert seen["tiny"] == ["tinyplug.backend", "tinyplug.bench"]
    assert set(seen["openai"]) == {"tinyplug.backend", "tinyplug.bench", "codebudget.backends.openai_http", "httpx"}
    assert "codebudget.backends.llamacpp" in seen["llamacpp class"] and "llama_cpp" not in seen["llamacpp class"]


def test_a_plugin_that_cannot_be_imported_is_a_one_line_error_naming_its_target(plugin_site: Path) -> None:
    found = _run(plugin_site, """
        import json
        from codebudget.backends import BackendSpec, open_backend
        from codebudget.errors import CodebudgetError

        try:
            open_backend(BackendSpec("ghost", "m"))
        except CodebudgetError as error:
            print(json.dumps({"type": type(error).__name__, "message": str(error)}))
    """)
    assert found["type"] == "BackendError"
    assert found["message"] == ("backend 'ghost': cannot import tinyplug.missing:Nothing: "
                                "No module named 'tinyplug.missing'")


def test_without_the_plugin_on_the_path_its_names_are_gone() -> None:
    assert "echo" not in BACKENDS and "ghost" not in BACKENDS.names()


@pytest.mark.parametrize(("spec", "error", "message"), [
    (BackendSpec("nope", "m"), BackendError, r"^unknown backend 'nope'; known: llamacpp, openai$"),
    (BackendSpec("llamacpp", "/nonexistent/weights.gguf"), ModelError, r"^model file not found: /nonexistent/"),
    (BackendSpec("llamacpp", "no-such-model"), ModelError, r"^unknown model 'no-such-model': not a zoo name"),
    (BackendSpec("llamacpp", "smollm2-135m", base_url="http://127.0.0.1:9/v1", retries=1), CodebudgetError,
     r"^backend 'llamacpp' does not take --base-url, --retries$"),
    (BackendSpec("openai", "coder", request_timeout_s=0.0), BackendError, r"^the request timeout must be a positive number of seconds"),
])
def test_a_bad_spec_is_a_one_line_error(spec: BackendSpec, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as raised:
        open_backend(spec)
    assert "\n" not in str(raised.value)


def test_a_server_that_is_down_is_a_one_line_error_at_the_first_request() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = open_backend(BackendSpec("openai", "coder", base_url=url, request_timeout_s=2.0, retries=0))
    try:
        with pytest.raises(BackendError, match=rf"^nothing is listening at {url}") as raised:
            backend.generate(GenerationRequest(prompt="x", params=SamplingParams(max_tokens=4)))
        assert "\n" not in str(raised.value)
    finally:
        backend.close()


def test_a_spec_keeps_its_key_out_of_its_repr_and_leaves_unset_options_to_the_backend() -> None:
    spec = BackendSpec("openai", "coder", base_url="http://h/v1", api_key="secret-key", retries=0)
    assert "secret-key" not in repr(spec)
    assert spec.options() == {"model": "coder", "base_url": "http://h/v1", "api_key": "secret-key", "retries": 0}
    with pytest.raises(TypeError):
        open_backend(spec, model="other")  # a spec, or a name with fields: not both


def test_the_built_in_backends_declare_their_capabilities() -> None:
    assert capabilities("llamacpp") == Capabilities(deterministic_greedy=True, model_file=True,
                                                    build_package="llama-cpp-python", decoder_revision="2")
    assert capabilities("openai") == Capabilities(deterministic_greedy=True, model_file=False)
    assert capabilities("not-installed") == Capabilities()  # a stored run's backend that is gone declares nothing


def test_a_model_behind_a_server_is_named_by_backend_and_id() -> None:
    identity = model_identity(BackendSpec("openai", "smollm2-135m", base_url="http://h/v1"))
    assert identity == ModelIdentity("openai", "smollm2-135m", None, "http://h/v1")
    assert identity.key == "openai:smollm2-135m"  # a zoo name served elsewhere is not the zoo's file


@pytest.mark.model
def test_the_real_llamacpp_backend_opens_from_a_spec_and_is_named_by_its_file(smollm2_path: Path) -> None:
    """The file is hashed: the same sha256 as the zoo entry it was fetched as; greedy answers repeat."""
    sha = get_entry("smollm2-135m").sha256
    assert model_identity(BackendSpec("llamacpp", str(smollm2_path))).sha256 == sha
    assert model_identity(BackendSpec("llamacpp", "smollm2-135m")).key == sha
    backend = open_backend(BackendSpec("llamacpp", str(smollm2_path)))
    try:
        assert type(backend).capabilities.deterministic_greedy and type(backend).capabilities.model_file
        ask = GenerationRequest(messages=(Message("user", "Write a Python function that adds two numbers."),),
                                params=SamplingParams(n=1, temperature=0.0, max_tokens=16))
        first, second = backend.generate(ask), backend.generate(ask)
        assert first.samples[0].text == second.samples[0].text and first.backend == "llamacpp"
    finally:
        backend.close()


@pytest.mark.server
def test_the_openai_backend_opens_from_a_spec_on_a_real_server(server_url: str) -> None:
    spec = BackendSpec("openai", ALIAS, base_url=server_url, request_timeout_s=60.0, retries=0)
    backend = open_backend(spec)
    try:
        generation = backend.generate(GenerationRequest(prompt="def add(a, b):",
                                                        params=SamplingParams(n=1, max_tokens=8)))
        assert generation.samples and generation.backend == "openai" and generation.model == ALIAS
    finally:
        backend.close()
    assert model_identity(spec) == ModelIdentity("openai", ALIAS, None, server_url)
