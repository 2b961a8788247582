"""Pipeline configuration: what to run, validated, with a stable hash.

A configuration comes from a YAML or TOML file, from CLI flags, or both (flags
win). Its hash covers every field that changes results, so stored runs are
keyed by it and a rerun of the same configuration resumes.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Callable, Literal, Mapping

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from codebudget.backends.registry import DEFAULT_BACKEND
from codebudget.errors import CodebudgetError
from codebudget.models import DEFAULT_MODEL

#: Fields that do not change what a run produces, left out of the hash.
UNHASHED = frozenset({"base_url", "api_key", "request_timeout_s", "retries", "template", "limit", "workers", "label"})

#: Fields added after runs were stored, with the value every earlier run had: hashed only when set to
#: something else, so every stored run keeps its hash (and resumes) after the field appears.
LEGACY_VALUES: dict[str, Any] = {"feedback_tests": "public", "stages": (), "prompt_style": "whole-function",
                                 "lookup": "off", "adapter": None}

LOOKUP_DRAFT = 10
"""The most tokens prompt-lookup decoding drafts per step where ``lookup`` switches it on."""


class PipelineConfig(BaseModel):
    """One pipeline configuration (see ``docs/pipeline.md``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field("", description="free text shown in reports")
    backend: str = DEFAULT_BACKEND
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = None
    request_timeout_s: float | None = Field(None, gt=0.0, description="seconds one request to the server may take "
                                            "(openai backend; its default when unset)")
    retries: int | None = Field(None, ge=0, description="retries of a failed request (openai backend)")
    template: str | None = Field(None, description="the chat template the server's model uses, from a zoo name or "
                                 ".gguf file: prompts are rendered here and sent as completions (openai backend)")
    adapter: str | None = Field(None, description="the id of the LoRA adapter applied to the model (llamacpp "
                                "backend; `--adapter` takes a name, id or .gguf file and records the id)")
    benchmark: str = "humaneval"
    limit: int | None = Field(None, ge=1, description="only the first LIMIT tasks")
    n: int = Field(1, ge=1, le=64, description="initial candidates, sampled in one batched call")
    k: int = Field(0, ge=0, le=10, description="repair rounds per failing candidate")
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    repair_temperature: float = Field(0.0, ge=0.0, le=2.0)
    top_p: float = Field(0.95, gt=0.0, le=1.0)
    max_tokens: int = Field(512, ge=16, le=8192)
    seed: int = 0
    selection: str = Field("public-tests", description="the policy that picks the answer")
    feedback_tests: Literal["public", "hidden"] = Field(
        "public", description="the tests the pipeline runs, repairs from and selects by: 'public' (the "
        "prompt's examples, what a user has) or 'hidden' (the grading tests, as the seed paper did; "
        "honest selection is then the oracle)")
    stages: tuple[str, ...] = Field((), description="optional pipeline stages by name, in order, each with its "
                                    "options after colons (prompt stages such as retrieval:top=3 before sampling, "
                                    "version gates after the syntax filter; see docs/architecture.md)")
    prompt_style: str = Field("body", description="how the model is asked (a registered prompt style): 'body' "
                              "starts the answer with the task's signature and docstring, 'whole-function' asks "
                              "for the whole function (every run stored before styles)")
    lookup: Literal["off", "repairs", "all"] = Field(
        "repairs", description="prompt-lookup decoding (drafts copied from the prompt, verified by the model; "
        "the same answers, less time) for no call, repairs only, or every call")
    exec_timeout_s: float = Field(3.0, gt=0.0, le=60.0)
    memory_mb: int = Field(1024, ge=64)
    workers: int = Field(2, ge=1, le=64, description="sandbox workers")

    @field_validator("selection")
    @classmethod
    def _known_selection(cls, value: str) -> str:
        from codebudget.selection import get_policy

        return _registered(get_policy, value)

    @field_validator("stages")
    @classmethod
    def _known_stages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from codebudget.pipeline.stages.gates import addable_stage  # the registry of stages (imported when used)

        for name in value:
            _registered(addable_stage, name)
        names = [spec.partition(":")[0] for spec in value]
        if len(set(names)) != len(names):
            raise ValueError(f"a stage is named twice: {list(value)}")
        return value

    @field_validator("prompt_style")
    @classmethod
    def _known_style(cls, value: str) -> str:
        from codebudget.prompts import get_style

        return _registered(get_style, value)

    def hash(self) -> str:
        """A short, stable hash of every field that changes results."""
        fields = self.model_dump(exclude=set(UNHASHED))
        for name, legacy in LEGACY_VALUES.items():
            if fields[name] == legacy:
                del fields[name]
        revisions = text_revisions(self.prompt_style, self.stages)
        if revisions:
            fields["revisions"] = revisions
        payload = json.dumps(fields, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def describe(self) -> str:
        """A compact one-line description, e.g. ``qwen2.5-coder-0.5b N=5 K=1 T=0.8``."""
        feedback = " feedback=hidden" if self.feedback_tests == "hidden" else ""
        stages = f" stages={','.join(self.stages)}" if self.stages else ""
        style = f" prompt={self.prompt_style}" if self.prompt_style != "body" else ""
        model = f"{self.model}+{self.adapter}" if self.adapter else self.model
        return f"{model} N={self.n} K={self.k} T={self.temperature:g}{feedback}{stages}{style}"

    def draft(self, repair: bool) -> int:
        """The prompt-lookup draft length of a first attempt (``repair`` False) or a repair."""
        on = self.lookup == "all" or (self.lookup == "repairs" and repair)
        return LOOKUP_DRAFT if on else 0


def text_revisions(style: str, stages: tuple[str, ...]) -> dict[str, int]:
    """The revisions of the prompt texts a configuration sends, where above 1: its prompt style's and each
    stage's ``revision`` (bumped when a text it sends changes), by name. Hashed only when not empty, so every
    stored run keeps its hash, and a run made with changed texts never resumes into one made with the old."""
    from codebudget.pipeline.stages.gates import get_stage
    from codebudget.prompts import get_style

    def revision(lookup: Callable[[str], object], name: str) -> int:
        try:  # by name alone: a stage's options (a corpus folder here, not there) never move the hash
            return int(getattr(lookup(name), "revision", 1))
        except (KeyError, ValueError):  # a plugin this install lacks: its stored runs keep their hash
            return 1

    found = {f"prompt_style:{style}": revision(get_style, style)}
    found.update({name: revision(get_stage, name) for name in (spec.partition(":")[0] for spec in stages)})
    return {name: number for name, number in found.items() if number != 1}


def _registered(lookup: Callable[[str], object], name: str) -> str:
    """``name`` if ``lookup`` finds it; else its one-line KeyError as the ValueError a validator raises."""
    try:
        lookup(name)
    except KeyError as error:
        raise ValueError(error.args[0]) from None
    return name


def read_config_file(path: Path) -> dict[str, Any]:
    """The mapping in a YAML (.yaml/.yml) or TOML (.toml) file."""
    try:
        text = path.read_text()
    except OSError as error:
        raise CodebudgetError(f"cannot read config {path}: {error.strerror}") from None
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise CodebudgetError(f"{path}: not valid {'TOML' if path.suffix == '.toml' else 'YAML'}: {error}") from None
    if not isinstance(data, dict):
        raise CodebudgetError(f"{path}: a config file must hold a mapping of options")
    return data


#: The command-line flag of each field whose flag is not ``--field-name``.
FLAG_NAMES = {"request_timeout_s": "--timeout"}


def build_config(
    file: Path | None = None, *, flag_names: Mapping[str, str] | None = None, **flags: Any
) -> PipelineConfig:
    """A validated configuration from an optional file, overridden by the flags that are set.

    ``split`` (a flag, not a field) asks for a split of the chosen benchmark: it is folded
    into ``benchmark`` as ``name:split``, the form the run identity records.

    An invalid value is a one-line error naming where it came from: the flag
    the user typed (``--field-name``, or ``flag_names[field]`` where a command
    calls it otherwise, e.g. ``pool --m`` for ``n``), or the file and field.
    """
    values = read_config_file(file) if file else {}
    split = flags.pop("split", None)
    given = {key: value for key, value in flags.items() if value is not None}
    values.update(given)
    if values.get("adapter"):  # a name, id prefix or file: the run records the adapter's id
        from codebudget.adapters import adapter_store

        values["adapter"] = adapter_store().resolve(str(values["adapter"])).id
    if split is not None:  # --split: a split of whichever benchmark the file or flags chose
        from codebudget.benchmarks.errors import BenchmarkError
        from codebudget.benchmarks.registry import with_split

        try:
            values["benchmark"] = with_split(str(values.get("benchmark", "humaneval")), split)
        except BenchmarkError as error:
            raise CodebudgetError(f"--split: {error}") from None
    try:
        return PipelineConfig(**values)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        message = str(first.get("ctx", {}).get("error", "")) if first["type"] == "value_error" else first["msg"]
        if field in given:
            flag = {**FLAG_NAMES, **(flag_names or {})}.get(field, "--" + field.replace("_", "-"))
            raise CodebudgetError(f"{flag} {given[field]!r}: {message}") from None
        where = ".".join(str(part) for part in first["loc"]) or "config"
        source = f"{file}: " if file and field in values else "invalid configuration: "
        raise CodebudgetError(f"{source}{where}: {message}") from None
