"""The Ray executor: each worker is a Ray actor with its own model and sandbox; this process drives them.

``--executor ray --address auto`` (a cluster started with ``ray start`` on this
machine or reachable from it), ``--address HOST:PORT`` (its head's GCS) or
``--address ray://HOST:10001`` (Ray Client). At start the executor makes one actor per
``cpus`` CPUs of the cluster (each actor reserves them, and its llama.cpp uses as
many threads), and waits for them to open their sandbox. :meth:`RayExecutor.map`
draws an item only when an actor is free for it, so a task is claimed in the
store just before it runs, and yields each result as soon as it comes back.

A worker that dies (its process killed, its node gone) loses only the item it
was doing: the item goes back to the front of the queue for another actor, and
a new actor is asked for in place of the dead one (Ray places it where a CPU is
free; until one is, the others carry on). An error raised by the job itself is
raised here, as it would be by the local executor. Ray is imported only when the
executor starts: ``codebudget`` needs it only with ``--executor ray`` (the
``[ray]`` extra).
"""

from __future__ import annotations

import collections
import logging
import os
import socket
import time
from typing import Any, Callable, Iterable, Iterator, TypeVar
from urllib.parse import urlparse

from codebudget.pipeline.executor import ExecutorError, Job, Worker

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_ADDRESS = "auto"
MAX_ATTEMPTS = 3
"""How many workers an item may lose (each dying while doing it) before the run stops with an error."""
START_TIMEOUT_S = 300.0
"""How long to wait for a first worker (loading a model on a busy node takes a while), and for a replacement
when no worker is left."""
NAMESPACE = "codebudget"


class WorkerActor:
    """The body of one Ray actor: a :class:`~codebudget.pipeline.executor.Worker` that lives as long as the actor."""

    def __init__(self, isolation: str, threads: int | None):
        import ray

        context = ray.get_runtime_context()
        if threads is None:
            cpus = context.get_assigned_resources().get("CPU", 0.0)
            threads = max(1, int(round(cpus))) if cpus else None
        node = context.get_node_id()
        self.worker = Worker(isolation=isolation, threads=threads, executor="ray", node=node,
                             name=f"ray:{node[:12]}:{socket.gethostname()}:{os.getpid()}")

    def ready(self) -> dict[str, Any]:
        """Open the sandbox and describe this worker: its name, node, machine and sandbox isolation."""
        sandbox = self.worker.sandbox()
        return {"name": self.worker.name, "node": self.worker.node, "pid": os.getpid(),
                "machine": self.worker.machine(), "isolation": str(sandbox.isolation)}

    def run(self, job: Job, item: Any) -> Any:
        """Do ``job`` on ``item`` with this worker."""
        return job(self.worker, item)

    def close(self) -> None:
        """Close the backend and the sandbox."""
        self.worker.close()


class RayExecutor:
    """Runs jobs on Ray actors (see the module docstring); the driver is this process."""

    name = "ray"
    in_process = False

    def __init__(self, address: str | None = DEFAULT_ADDRESS, *, isolation: str = "auto", actors: int | None = None,
                 cpus: float = 1.0, threads: int | None = None, max_attempts: int = MAX_ATTEMPTS,
                 start_timeout_s: float = START_TIMEOUT_S, note: Callable[[str], None] | None = None):
        self.address = address or DEFAULT_ADDRESS
        self.isolation_level = isolation
        self.actors_wanted = actors
        self.cpus = cpus
        self.threads = threads
        self.max_attempts = max_attempts
        self.start_timeout_s = start_timeout_s
        self.note = note or (lambda line: None)
        self.workers: dict[Any, dict[str, Any]] = {}  # ready actor -> its description
        self._starting: dict[Any, Any] = {}  # ready() ref -> actor not yet ready
        self._idle: collections.deque[Any] = collections.deque()
        self._running: dict[Any, tuple[Any, Any, int]] = {}  # call ref -> (actor, item, attempts)
        self._ray: Any = None
        self._actor_class: Any = None
        self._connected_here = False
        self.lost = 0  # workers lost while doing an item
        self._start_error = ""

    # -- starting and stopping ---------------------------------------------------------------------

    def start(self) -> None:
        """Connect to the cluster, start the actors and wait until at least one is ready."""
        if self._ray is not None:
            return
        ray = _import_ray()
        _check_reachable(self.address)
        if not ray.is_initialized():
            try:
                ray.init(address=self.address, namespace=NAMESPACE, logging_level=logging.ERROR,
                         log_to_driver=False)
            except (ConnectionError, RuntimeError, TimeoutError, ValueError) as error:
                raise ExecutorError(f"--address {self.address}: cannot connect to a Ray cluster: "
                                    f"{_first_line(error)}") from None
            self._connected_here = True
        self._ray = ray
        options = {"num_cpus": self.cpus, "max_restarts": 0, "max_concurrency": 1}
        self._actor_class = ray.remote(**options)(WorkerActor)
        count = self.actors_wanted or int(ray.cluster_resources().get("CPU", 0) // self.cpus)
        if count < 1:
            raise ExecutorError(f"the Ray cluster at {self.address} has no free CPU for a worker "
                                f"(each takes {self.cpus:g})")
        for _ in range(count):
            self._spawn()
        self._await_first()

    def _spawn(self) -> None:
        actor = self._actor_class.remote(self.isolation_level, self.threads)
        self._starting[actor.ready.remote()] = actor

    def _await_first(self) -> None:
        """Wait for the starting actors: all of them, but after the first is ready at most a minute more."""
        deadline = time.monotonic() + self.start_timeout_s
        others_by: float | None = None
        while self._starting:
            now = time.monotonic()
            if self.workers:
                others_by = others_by or now + min(60.0, self.start_timeout_s)
                if now > others_by:
                    break
            elif now > deadline:
                raise ExecutorError(f"no Ray worker became ready within {self.start_timeout_s:g} s at "
                                    f"{self.address}")
            ready, _ = self._ray.wait(list(self._starting), num_returns=1, timeout=1.0)
            for ref in ready:
                self._started(ref)
        if not self.workers:
            raise ExecutorError(f"no Ray worker could start at {self.address}: {self._start_error or 'unknown'}")
        isolations = {d["isolation"] for d in self.workers.values()}
        if len(isolations) > 1:
            raise ExecutorError(f"the Ray workers' sandboxes differ ({', '.join(sorted(isolations))}); "
                                "give --sandbox with one level that every node has")

    def _started(self, ref: Any) -> None:
        actor = self._starting.pop(ref)
        try:
            described = self._ray.get(ref)
        except self._ray.exceptions.RayTaskError as error:
            self._kill(actor)
            raise _cause(error) from None
        except _lost_errors(self._ray) as error:
            self._kill(actor)
            self._start_error = _first_line(error)
            self.note(f"a Ray worker could not start: {self._start_error}")
            return
        self.workers[actor] = described
        self._idle.append(actor)

    def isolation(self) -> str:
        """The sandbox isolation every worker has."""
        self.start()
        return str(next(iter(self.workers.values()))["isolation"])

    def describe(self) -> list[dict[str, Any]]:
        """The ready workers' descriptions (name, node, machine, isolation)."""
        return list(self.workers.values())

    def busy(self) -> list[dict[str, Any]]:
        """The workers doing an item now: each one's description with the item's label (``item``)."""
        for _ in range(5):
            try:
                doing = list(self._running.values())
                break
            except RuntimeError:  # changed while read (map runs in another thread)
                continue
        else:
            return []
        return [{**self.workers.get(actor, {}), "item": _label(item)} for actor, item, _ in doing]

    def close(self) -> None:
        """Stop every actor (closing its model and sandbox) and disconnect if this executor connected."""
        if self._ray is None:
            return
        ray, self._ray = self._ray, None
        actors = list(self.workers) + list(self._starting.values())
        closing = [actor.close.remote() for actor in self.workers]
        if closing:
            ray.wait(closing, num_returns=len(closing), timeout=10.0)
        for actor in actors:
            try:
                ray.kill(actor, no_restart=True)
            except Exception:  # noqa: BLE001 - an actor already gone
                pass
        self.workers.clear()
        self._starting.clear()
        self._idle.clear()
        if self._connected_here:
            ray.shutdown()

    def __enter__(self) -> RayExecutor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running -----------------------------------------------------------------------------------

    def map(self, job: Job, items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Apply ``job`` to every item on the actors; each result as it comes back (see the module docstring)."""
        self.start()
        ray = self._ray
        source = iter(items)
        again: collections.deque[tuple[T, int]] = collections.deque()  # items whose worker died, and attempts
        running = self._running = {}  # call ref -> (actor, item, attempts)
        exhausted = False
        alone_since: float | None = None
        try:
            while True:
                while self._idle and (again or not exhausted):
                    if again:
                        item, attempts = again.popleft()
                    else:
                        try:
                            item, attempts = next(source), 0
                        except StopIteration:
                            exhausted = True
                            break
                    actor = self._idle.popleft()
                    running[actor.run.remote(job, item)] = (actor, item, attempts)
                if not running and not again and exhausted:
                    return
                if not running and not self._idle:  # items wait, and every worker is gone or starting
                    alone_since = alone_since or time.monotonic()
                    if not self._starting or time.monotonic() - alone_since > self.start_timeout_s:
                        raise ExecutorError(f"no Ray worker is left at {self.address} for the remaining "
                                            f"{len(again) + (0 if exhausted else 1)}+ item(s)")
                else:
                    alone_since = None
                ready, _ = ray.wait([*running, *self._starting], num_returns=1, timeout=1.0)
                for ref in ready:
                    if ref in self._starting:
                        self._started(ref)
                        continue
                    actor, item, attempts = running.pop(ref)
                    try:
                        result = ray.get(ref)
                    except ray.exceptions.RayTaskError as error:
                        self._idle.append(actor)
                        raise _cause(error) from None
                    except _lost_errors(ray) as error:
                        self._lose(actor, error)
                        if attempts + 1 >= self.max_attempts:
                            raise ExecutorError(f"{_label(item)}: {attempts + 1} Ray workers died while doing it; "
                                                f"the last: {_first_line(error)}") from None
                        again.appendleft((item, attempts + 1))
                        continue
                    self._idle.append(actor)
                    yield item, result
        finally:
            for ref, (actor, _, _) in running.items():  # the caller stopped early: stop what is still running
                try:
                    ray.cancel(ref, force=True)
                except Exception:  # noqa: BLE001 - already finished or gone
                    pass
                self.workers.pop(actor, None)
                self._kill(actor)
                self._spawn()

    def on_every_worker(self, job: Job, item: Any) -> list[Any]:
        """``job(worker, item)`` once on every ready worker (e.g. to load the model before timing); the results."""
        self.start()
        actors = list(self.workers)
        return self._ray.get([actor.run.remote(job, item) for actor in actors])

    def _lose(self, actor: Any, error: BaseException) -> None:
        """Forget a dead worker and ask for another in its place."""
        described = self.workers.pop(actor, {})
        self.lost += 1
        self.note(f"lost Ray worker {described.get('name', '?')} ({_first_line(error)}); "
                  "its task goes to another worker")
        self._kill(actor)
        self._spawn()

    def _kill(self, actor: Any) -> None:
        try:
            self._ray.kill(actor, no_restart=True)
        except Exception:  # noqa: BLE001 - already gone
            pass


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ExecutorError("--executor ray needs Ray: pip install 'codebudget[ray]' (or 'ray[client]==2.60.0')") \
            from None
    return ray


def _check_reachable(address: str, timeout_s: float = 5.0) -> None:
    """A one-line error, at once, when an explicit ``HOST:PORT`` or ``ray://HOST:PORT`` does not answer."""
    if address in ("auto", "local"):
        return
    parsed = urlparse(address if "://" in address else f"gcs://{address}")
    if parsed.scheme == "ray":
        try:
            import grpc  # noqa: F401 - Ray Client needs it
        except ImportError:
            raise ExecutorError(f"--address {address}: Ray Client needs ray[client]: "
                                "pip install 'codebudget[ray]'") from None
    if not parsed.hostname or parsed.port is None:
        raise ExecutorError(f"--address {address!r}: give auto, HOST:PORT or ray://HOST:PORT")
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=timeout_s):
            pass
    except OSError as error:
        raise ExecutorError(f"--address {address}: cannot reach the Ray cluster ({error.strerror or error})") \
            from None


def _lost_errors(ray: Any) -> tuple[type[BaseException], ...]:
    """What Ray raises when the worker doing a call is gone (its process, its node)."""
    found = ray.exceptions
    return (found.RayActorError, found.WorkerCrashedError, found.NodeDiedError, found.ObjectLostError,
            found.ActorUnschedulableError)


def _cause(error: Any) -> BaseException:
    """The exception a job raised on its worker (its own class, so a one-line error stays one line)."""
    cause = getattr(error, "cause", None)
    return cause if isinstance(cause, BaseException) else error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _label(item: Any) -> str:
    problem = getattr(item, "problem", None)
    return str(getattr(problem, "task_id", None) or type(item).__name__)
