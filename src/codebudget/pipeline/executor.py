"""Where tasks run: one interface, two executors (``local``, the default, and ``ray``), registered once.

An executor applies a *job* to items and yields each ``(item, result)`` as it
completes. A job is called as ``job(worker, item)``: the :class:`Worker` is what
the executor's worker owns for its whole life (the model backend, opened once
per backend spec, and a sandbox), so a job never opens them itself.

- :class:`LocalExecutor` (``in_process``): this process is the only worker and
  runs the items one after another, since the model uses every core. Its jobs
  may close over the driver's store (the runner's own path, unchanged).
- :class:`~codebudget.pipeline.ray_executor.RayExecutor`: each worker is a Ray
  actor on some node of a cluster; jobs and their results are shipped (pickled),
  so a job must be a module-level function or a picklable object that touches
  no store but its own. The driver stays the only writer of the store
  (:mod:`codebudget.pipeline.remote`).

A worker describes its machine (:meth:`Worker.machine`): the CPU model, cores, the
threads its model uses and, for a model computed in the worker's process, the speed
probe's tokens per second (:mod:`codebudget.speed`, measured per worker and backend
after the first task's time is taken, and again every half hour of a long run); every finished task is recorded with it
(``task_workers``), so that times from different machines, or from one machine at
different speeds, are never read as one.
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import time
from typing import Any, Callable, Iterable, Iterator, Protocol, TypeVar

from codebudget.errors import CodebudgetError
from codebudget.hardware import cpu_model
from codebudget.plugins import Registry
from codebudget.speed import PROBE_EVERY_S, is_local, measure, probe_record

T = TypeVar("T")
R = TypeVar("R")

Job = Callable[["Worker", T], R]
"""What a worker does with one item (with a cluster executor: a picklable, module-level callable)."""

DEFAULT_EXECUTOR = "local"


class ExecutorError(CodebudgetError):
    """An executor cannot be used as asked (unknown, its package missing, its cluster unreachable)."""


class Worker:
    """What one worker owns for its life: a backend per backend spec (opened once, on first use) and a sandbox.

    ``backend`` and ``sandbox`` may be given already open (the local executor gets the driver's);
    a given backend serves every spec. ``threads`` is how many threads the worker's model uses
    (None: the backend's own default, every core); ``name`` identifies the worker in the store.
    """

    def __init__(self, *, isolation: str = "auto", threads: int | None = None, executor: str = DEFAULT_EXECUTOR,
                 name: str | None = None, backend: Any = None, sandbox: Any = None, node: str | None = None,
                 probe_every_s: float = PROBE_EVERY_S):
        self.isolation = isolation
        self.threads = threads
        self.executor = executor
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.node = node
        self.probe_every_s = probe_every_s
        self._given_backend = backend
        self._backend: tuple[Any, Any] | None = None  # (spec, backend)
        self._sandbox = sandbox
        self._sandbox_key: tuple[str, int] | None = None
        self._speed: tuple[int, float, float] | None = None  # (id of the backend probed, tokens/s, when: monotonic)
        self._stack = contextlib.ExitStack()

    # -- what it owns -----------------------------------------------------------------------------

    def backend(self, spec: Any) -> Any:
        """The backend for ``spec`` (a :class:`~codebudget.backends.registry.BackendSpec`), opened once."""
        if self._given_backend is not None:
            return self._given_backend
        if self._backend is not None and self._backend[0] == spec:
            return self._backend[1]
        if self._backend is not None:
            self._backend[1].close()
            self._backend = None
        self._speed = None
        self._backend = (spec, open_with_threads(spec, self.threads))
        return self._backend[1]

    def sandbox(self, workers: int = 2) -> Any:
        """The worker's sandbox (``workers`` fork-server processes), opened once."""
        if self._sandbox is not None and (self._sandbox_key is None or self._sandbox_key[1] >= workers):
            return self._sandbox
        from codebudget.sandbox import open_sandbox

        if self._sandbox is not None:  # one with more workers is wanted: the old one goes
            self._stack.close()
            self._stack = contextlib.ExitStack()
        self._sandbox = self._stack.enter_context(open_sandbox(self.isolation, workers=workers))
        self._sandbox_key = (self.isolation, workers)
        return self._sandbox

    def _open_backend(self) -> Any:
        """The backend in use (given, or the last opened); None before the first task opened one."""
        if self._given_backend is not None:
            return self._given_backend
        return self._backend[1] if self._backend is not None else None

    def speed(self) -> float | None:
        """The speed probe's tokens per second on the backend in use, measured once per backend and again when
        the last probe is ``probe_every_s`` old (default :data:`~codebudget.speed.PROBE_EVERY_S`); None when no
        backend is open or it does not compute in this process (a server's speed is not this machine's)."""
        backend = self._open_backend()
        if backend is None or not is_local(backend):
            return None
        now = time.monotonic()
        if self._speed is None or self._speed[0] != id(backend) or now - self._speed[2] >= self.probe_every_s:
            self._speed = (id(backend), measure(backend), now)
        return self._speed[1]

    def machine(self) -> dict[str, Any]:
        """This worker's machine in words: CPU model, cores, the threads its model uses, host, and the speed
        probe of its model where it computes here (the probe runs on the first call: after a task's time)."""
        threads = self.threads
        backend = self._open_backend()
        if threads is None and backend is not None:
            threads = getattr(backend, "n_threads", None)
        described = machine_description(threads)
        speed = self.speed()
        if speed is not None:
            described["speed"] = probe_record(speed)
        return described

    def close(self) -> None:
        """Close what this worker opened (a given backend or sandbox stays open: its owner closes it)."""
        if self._backend is not None:
            self._backend[1].close()
            self._backend = None
        self._stack.close()


def machine_description(threads: int | None) -> dict[str, Any]:
    """The machine of this process: CPU model, cores, threads (None: unknown), host and architecture."""
    return {"cpu": cpu_model(), "cpu_count": os.cpu_count(), "threads": threads, "host": socket.gethostname(),
            "machine": platform.machine()}


def open_with_threads(spec: Any, threads: int | None) -> Any:
    """Open ``spec``'s backend, giving it ``threads`` where it takes ``n_threads`` (llama.cpp in-process)."""
    import inspect

    from codebudget.backends.registry import checked_class, open_backend

    if threads is None:
        return open_backend(spec)
    cls = checked_class(spec)
    try:
        takes = "n_threads" in inspect.signature(cls).parameters
    except (TypeError, ValueError):
        takes = False
    if not takes:
        return open_backend(spec)
    try:
        return cls(**spec.options(), n_threads=threads)
    except TypeError as error:
        raise CodebudgetError(f"backend {spec.kind!r} does not take these options: {error}") from None


class Executor(Protocol):
    """Runs a job over items on its workers and yields ``(item, result)`` pairs as they finish."""

    name: str
    in_process: bool
    """True when jobs run in this process (they may then use the driver's store); False when they are shipped."""

    def start(self) -> None:
        """Connect and start the workers (idempotent)."""
        ...

    def isolation(self) -> str:
        """The sandbox isolation the workers have (every worker the same)."""
        ...

    def map(self, job: Job, items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Apply ``job`` to every item; items are drawn from ``items`` only when a worker is free for them."""
        ...

    def close(self) -> None:
        """Stop the workers and disconnect."""
        ...


class LocalExecutor:
    """In-process, in order: the model owns the CPU cores, so tasks do not run in parallel."""

    name = "local"
    in_process = True

    def __init__(self, worker: Worker | None = None, **_: Any):
        self.worker = worker or Worker()

    @classmethod
    def of(cls, backend: Any, sandbox: Any) -> LocalExecutor:
        """The executor whose one worker is this process, with the driver's open backend and sandbox."""
        isolation = getattr(sandbox, "isolation", "auto")
        return cls(Worker(backend=backend, sandbox=sandbox, isolation=isolation))

    def start(self) -> None:
        """Nothing to start."""

    def isolation(self) -> str:
        """The isolation of this process's sandbox."""
        return str(self.worker.sandbox().isolation)

    def map(self, job: Job, items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Apply ``job`` to each item in turn, with this process as the worker."""
        for item in items:
            yield item, job(self.worker, item)

    def close(self) -> None:
        """Close what the worker opened itself."""
        self.worker.close()

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


EXECUTORS: Registry[type] = Registry.of("executor", ExecutorError, builtin={
    "local": "codebudget.pipeline.executor:LocalExecutor",
    "ray": "codebudget.pipeline.ray_executor:RayExecutor",
})
"""Every executor class by name: ``local`` and ``ray``, then the ``codebudget.executors`` entry points."""


def open_executor(name: str, address: str | None = None, **options: Any) -> Any:
    """A started executor ``name`` (``address``: the cluster's, for a cluster executor); one-line errors."""
    cls = EXECUTORS.lookup(name)
    if address is not None and getattr(cls, "in_process", False):
        raise ExecutorError(f"--address is for a cluster executor (e.g. --executor ray), not {name!r}")
    executor = cls(address=address, **options) if address is not None else cls(**options)
    try:
        executor.start()
    except BaseException:
        executor.close()
        raise
    return executor
