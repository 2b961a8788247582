"""Where each run in a report came from, as the pipeline recorded it (see :mod:`codebudget.pipeline.provenance`)."""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from codebudget.reports.runs import RunSource

#: Configuration fields a report shows (the rest are in the store).
CONFIG_SHOWN = ("benchmark", "n", "k", "temperature", "repair_temperature", "top_p", "max_tokens", "seed",
                "selection", "exec_timeout_s", "memory_mb", "backend", "label")


@dataclasses.dataclass(frozen=True)
class RunProvenance:
    """One run: model and its sha256, configuration, machine, package versions, sandbox isolation."""

    run_hash: str
    kind: str  # pool or run
    model: str
    model_sha256: str | None
    created_at: str
    config: tuple[tuple[str, str], ...]
    machine: str
    cpu_count: str
    platform: str
    python: str
    packages: tuple[tuple[str, str], ...]
    git: str | None
    isolation: str
    tasks_finished: int

    @classmethod
    def of(cls, source: RunSource, tasks_finished: int) -> RunProvenance:
        """The provenance recorded with ``source``'s run."""
        run, recorded = source.run, source.run.provenance
        return cls(
            run_hash=run.config_hash,
            kind=source.kind,
            model=run.model,
            model_sha256=run.model_sha256,
            created_at=run.created_at,
            config=_pairs({key: run.config[key] for key in CONFIG_SHOWN if key in run.config}),
            machine=str(recorded.get("machine", "?")),
            cpu_count=str(recorded.get("cpu_count", "?")),
            platform=str(recorded.get("platform", "?")),
            python=str(recorded.get("python", "?")),
            packages=_pairs(recorded.get("packages", {})),
            git=recorded.get("git"),
            isolation=run.isolation or str(recorded.get("sandbox_isolation", "?")),
            tasks_finished=tasks_finished,
        )

    def describe_config(self) -> str:
        """``key=value`` pairs, space-separated."""
        return " ".join(f"{key}={value}" for key, value in self.config)

    def describe_packages(self) -> str:
        """``name version`` pairs, comma-separated."""
        return ", ".join(f"{name} {version}" for name, version in self.packages)


def _pairs(mapping: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(key), str(value)) for key, value in sorted(mapping.items()))
