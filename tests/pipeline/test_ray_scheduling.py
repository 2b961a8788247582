"""The Ray executor's scheduling with a stand-in for Ray (the real cluster is tests/cluster/).

The stand-in runs every actor call at once and lets a test say which actor dies
on which item. Checked: items are drawn only when an actor is free; an item whose
worker dies goes to another actor and a new actor is asked for in place of the
dead one; an item that kills three workers stops the run in one line; a job's own
error comes back as its own exception; every actor is stopped at the end.
"""

from __future__ import annotations

import itertools
import sys
import types
from typing import Any

import pytest

from codebudget.errors import CodebudgetError
from codebudget.pipeline.executor import ExecutorError


class ActorDied(Exception):
    """Ray's RayActorError, as the stand-in raises it."""


class TaskFailed(Exception):
    """Ray's RayTaskError: the job raised ``cause``."""

    def __init__(self, cause: BaseException):
        super().__init__(str(cause))
        self.cause = cause


class Ref:
    def __init__(self, value: Any = None, error: BaseException | None = None):
        self.value, self.error = value, error


class FakeRay(types.ModuleType):
    """Just what RayExecutor uses of Ray, with actors that die on the items a test names."""

    def __init__(self, cpus: int, deadly: dict[Any, int] | None = None):
        super().__init__("ray")
        self.cpus = cpus
        self.deadly = dict(deadly or {})  # item -> how many more workers die doing it
        self.actors: list[FakeActor] = []
        self.killed: list[int] = []
        self.exceptions = types.SimpleNamespace(RayTaskError=TaskFailed, RayActorError=ActorDied,
                                                WorkerCrashedError=ActorDied, NodeDiedError=ActorDied,
                                                ObjectLostError=ActorDied, ActorUnschedulableError=ActorDied)
        self.initialized = False

    def is_initialized(self) -> bool:
        return self.initialized

    def init(self, **_: Any) -> None:
        self.initialized = True

    def shutdown(self) -> None:
        self.initialized = False

    def cluster_resources(self) -> dict[str, float]:
        return {"CPU": float(self.cpus)}

    def remote(self, **_: Any):
        return lambda cls: types.SimpleNamespace(remote=self._new_actor)

    def _new_actor(self, isolation: str, threads: Any) -> FakeActor:
        actor = FakeActor(self, len(self.actors))
        self.actors.append(actor)
        return actor

    def wait(self, refs: list[Ref], num_returns: int = 1, timeout: float | None = None):
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref: Ref | list[Ref]) -> Any:
        if isinstance(ref, list):
            return [self.get(r) for r in ref]
        if ref.error is not None:
            raise ref.error
        return ref.value

    def kill(self, actor: FakeActor, no_restart: bool = True) -> None:
        self.killed.append(actor.number)

    def cancel(self, ref: Ref, force: bool = False) -> None:
        pass


class FakeActor:
    def __init__(self, ray: FakeRay, number: int):
        self.number = number
        self.done: list[Any] = []
        self.died_on: list[Any] = []
        worker = types.SimpleNamespace(name=f"actor-{number}")

        def run(job, item) -> Ref:
            if ray.deadly.get(item, 0) > 0:
                ray.deadly[item] -= 1
                self.died_on.append(item)
                return Ref(error=ActorDied(f"actor {number} died"))
            try:
                value = job(worker, item)
            except Exception as error:  # noqa: BLE001 - shipped back as Ray does
                return Ref(error=TaskFailed(error))
            self.done.append(item)
            return Ref(value)

        self.ready = types.SimpleNamespace(remote=lambda: Ref({"name": f"actor-{number}", "node": f"n{number}",
                                                                 "pid": number, "machine": {}, "isolation": "ns"}))
        self.run = types.SimpleNamespace(remote=run)
        self.close = types.SimpleNamespace(remote=lambda: Ref(None))

    def __hash__(self) -> int:
        return self.number


def _executor(monkeypatch, ray: FakeRay, **options):
    monkeypatch.setitem(sys.modules, "ray", ray)
    from codebudget.pipeline.ray_executor import RayExecutor

    notes: list[str] = []
    return RayExecutor("auto", note=notes.append, **options), notes


def double(worker: Any, item: int) -> int:
    return item * 2


def test_items_are_drawn_only_when_an_actor_is_free(monkeypatch) -> None:
    ray = FakeRay(cpus=2)
    executor, _ = _executor(monkeypatch, ray)
    drawn: list[int] = []

    def items():
        for item in range(5):
            drawn.append(item)
            yield item

    results = executor.map(double, items())
    first = next(results)
    assert first == (0, 0) and drawn == [0, 1]  # two actors: two items out, no more
    assert sorted(r for _, r in [first, *results]) == [0, 2, 4, 6, 8]
    executor.close()
    assert sorted(ray.killed) == [0, 1] and not ray.initialized


def test_an_item_whose_worker_dies_goes_to_another_and_a_new_worker_is_asked_for(monkeypatch) -> None:
    ray = FakeRay(cpus=2, deadly={3: 1})
    executor, notes = _executor(monkeypatch, ray)
    results = dict(executor.map(double, range(6)))
    assert results == {i: 2 * i for i in range(6)}
    assert executor.lost == 1 and len(ray.actors) == 3  # the dead one's replacement
    dead = next(actor for actor in ray.actors if actor.died_on)
    assert dead.died_on == [3]
    assert [actor for actor in ray.actors if 3 in actor.done] != [dead]
    assert sorted(item for actor in ray.actors for item in actor.done) == list(range(6))  # every item done once
    assert dead.number in ray.killed
    assert notes == [f"lost Ray worker actor-{dead.number} (actor {dead.number} died); its task goes to another worker"]
    executor.close()


def test_an_item_that_kills_three_workers_stops_the_run_in_one_line(monkeypatch) -> None:
    ray = FakeRay(cpus=1, deadly={7: 5})
    executor, _ = _executor(monkeypatch, ray)
    with pytest.raises(ExecutorError, match="3 Ray workers died while doing it"):
        list(executor.map(double, [1, 7, 2]))
    executor.close()


def test_a_jobs_own_error_comes_back_as_itself(monkeypatch) -> None:
    def refuse(worker: Any, item: int) -> int:
        raise CodebudgetError(f"model {item} not found")

    executor, _ = _executor(monkeypatch, FakeRay(cpus=2))
    with pytest.raises(CodebudgetError, match="model 1 not found"):
        list(executor.map(refuse, itertools.count(1)))
    executor.close()


def test_a_cluster_without_a_cpu_is_one_line(monkeypatch) -> None:
    executor, _ = _executor(monkeypatch, FakeRay(cpus=0))
    with pytest.raises(ExecutorError, match="no free CPU"):
        executor.start()
    executor.close()
