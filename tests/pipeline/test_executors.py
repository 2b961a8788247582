"""The executor interface without Ray: a task shipped to a worker that has no store, and written back by the driver.

A shipping executor runs each job in this process, but as a cluster executor
does: the order and the result are pickled both ways and the worker sees only
its own scratch store. With the scripted backend and the real sandbox and store:
the shipped run stores what the local executor stores; a task half done in the
store resumes from its rows on the worker; a row another process wrote first
makes the driver do the task again from the stored rows; greedy answers of
other runs are shipped to the worker and found as the store would find them.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, Callable, Iterable, Iterator

import pytest

from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.executor import EXECUTORS, LocalExecutor, Worker
from codebudget.pipeline.remote import TaskRows
from codebudget.pipeline.reuse import answered_before, usable_answers
from codebudget.pipeline.runner import LeaseOptions, record_run
from codebudget.records import FinishReason, Sample
from codebudget.store import GenerationKey, GenerationRow, RunRow, Store

from pipeline_scripted import ScriptedBackend
from toys import ABS, ADD

BAD_ADD = "def add(a, b):\n    return a - b"
GOOD_ADD = "def add(a, b):\n    return a + b"
GOOD_ABS = "def absolute(x):\n    return abs(x)"
FAST = LeaseOptions(poll_s=0.05)


class ShippingExecutor:
    """Jobs run here, but shipped as a cluster ships them (pickled both ways, no store but the worker's own)."""

    name = "shipping"
    in_process = False

    def __init__(self, worker: Worker, after: Callable[[Any], None] | None = None):
        self.worker = worker
        self.after = after or (lambda done: None)
        self.shipped: list[Any] = []

    def start(self) -> None:
        pass

    def isolation(self) -> str:
        return str(self.worker.sandbox().isolation)

    def map(self, job: Callable, items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        for item in items:
            order = pickle.loads(pickle.dumps(item))
            self.shipped.append(order)
            done = pickle.loads(pickle.dumps(job(self.worker, order)))
            self.after(done)
            yield item, done

    def close(self) -> None:
        pass


def _config(**fields) -> PipelineConfig:
    return PipelineConfig(**{"backend": "scripted", "model": "scripted", "benchmark": "toy",
                             "prompt_style": "whole-function", **fields})


def _script() -> ScriptedBackend:
    return ScriptedBackend({"add": [BAD_ADD, GOOD_ADD], "absolute": [GOOD_ABS, GOOD_ABS]}, {"add": [GOOD_ADD]})


def _shipping(sandbox, backend, **options) -> ShippingExecutor:
    return ShippingExecutor(Worker(backend=backend, sandbox=sandbox, isolation=sandbox.isolation,
                                   executor="shipping", name="w1"), **options)


def _stored(store: Store, run_hash: str) -> dict[str, list]:
    """What the run stored, less times and call ids."""
    return {
        "generations": [(g.key, g.prompt, g.sample.text, g.call_samples) for g in store.iter_generations(run_hash)],
        "extractions": list(store.iter_extractions(run_hash)),
        "executions": [(e.key, e.kind, e.execution.status, e.execution.tests_passed)
                       for e in store.iter_executions(run_hash)],
        "results": [(r.task_id, r.selections, r.tokens, r.model_calls) for r in store.iter_task_results(run_hash)],
    }


def test_both_executors_are_registered_once_and_local_is_the_default() -> None:
    assert {"local", "ray"} <= set(EXECUTORS.names())
    assert EXECUTORS.lookup("local") is LocalExecutor
    assert EXECUTORS.lookup("ray").in_process is False  # imported without Ray: Ray itself only when it starts


def test_a_shipped_run_stores_what_the_local_executor_stores(tmp_path, sandbox) -> None:
    config = _config(n=2, k=1)
    with Store.open(tmp_path / "local.db") as here, Store.open(tmp_path / "shipped.db") as there:
        local = run_config(config, [ADD, ABS], store=here, backend=_script(), sandbox=sandbox)
        executor = _shipping(sandbox, _script())
        shipped = run_config(config, [ADD, ABS], store=there, executor=executor)
        assert shipped == dataclasses.replace(local, mean_wall_s=shipped.mean_wall_s)
        assert _stored(there, shipped.run_hash) == _stored(here, local.run_hash)
        assert [(w.task_id, w.executor, w.worker) for w in there.iter_task_workers(shipped.run_hash)] == [
            ("toy/absolute", "shipping", "w1"), ("toy/add", "shipping", "w1")]
        assert {w.executor for w in here.iter_task_workers(local.run_hash)} == {"local"}
        assert all(w.machine["cpu"] and w.wall_s > 0 for w in there.iter_task_workers(shipped.run_hash))
        assert [o.problem.task_id for o in executor.shipped] == ["toy/add", "toy/absolute"]
        again = _shipping(sandbox, _script())
        run_config(config, [ADD, ABS], store=there, executor=again)
        assert again.shipped == []  # finished tasks are never shipped


def test_a_half_done_task_resumes_on_the_worker_from_the_stored_rows(tmp_path, sandbox) -> None:
    config = _config(n=2, k=1)
    with Store.open(tmp_path / "done.db") as done, Store.open(tmp_path / "half.db") as half:
        whole = run_config(config, [ADD], store=done, backend=_script(), sandbox=sandbox)
        record_run(half, config, sandbox.isolation)
        half.add_task(ADD)
        rows = TaskRows.of(done, whole.run_hash, "toy", "toy/add")
        first = TaskRows(generations=tuple(g for g in rows.generations if g.key.round == 0),
                         extractions=tuple(e for e in rows.extractions if e.key.round == 0))
        with half.transaction():
            first.write(half)  # the samples were stored, then the process died
        backend = ScriptedBackend({}, {"add": [GOOD_ADD]})  # it would fail if asked to sample again
        executor = _shipping(sandbox, backend)
        run_config(config, [ADD], store=half, executor=executor)
        assert len(executor.shipped[0].given.generations) == 2
        assert len(backend.calls) == 1  # only the repair was asked
        assert _stored(half, whole.run_hash) == _stored(done, whole.run_hash)


def test_a_row_another_process_stored_first_makes_the_driver_redo_the_task_from_it(tmp_path, sandbox) -> None:
    config = _config(n=1, k=0)
    with Store.open(tmp_path / "runs.db") as store:
        def another_process_writes(done) -> None:  # its own sample of the task, stored while the worker worked
            if done.made.generations and store.get_generation(done.made.generations[0].key) is None:
                theirs = dataclasses.replace(done.made.generations[0], call_id="theirs", call_wall_s=9.5)
                store.add_generation(theirs)

        notes: list[str] = []
        executor = _shipping(sandbox, ScriptedBackend({"add": [GOOD_ADD]}), after=another_process_writes)
        summary = run_config(config, [ADD], store=store, executor=executor, leases=FAST, on_note=notes.append)
        assert notes == ["toy/add: another process stored part of it first; doing it again from the stored rows"]
        assert summary.tasks == 1 and summary.honest_pass == 1.0
        assert [g.call_id for g in store.iter_generations(summary.run_hash)] == ["theirs"]
        assert len(executor.shipped) == 2 and executor.shipped[1].given.generations[0].call_id == "theirs"


def test_greedy_answers_of_other_runs_are_shipped_and_found_as_in_the_store(tmp_path) -> None:
    provenance = {"packages": {"llama-cpp-python": "0.3.36"}, "decoder": "2"}
    config = {"backend": "llamacpp", "model": "m", "max_tokens": 96}
    with Store.open(tmp_path / "runs.db") as store, Store.open(tmp_path / "worker.db") as private:
        for run_hash, model in (("earlier", "m"), ("other-model", "x"), ("now", "m")):
            store.add_run(RunRow(run_hash, {**config, "model": model}, model, model * 64, "t", provenance, "ns"))
        store.add_task(ADD)
        for run_hash in ("earlier", "other-model"):
            store.add_generation(GenerationRow(GenerationKey(run_hash, "toy", "toy/add", 0), "the prompt",
                                               Sample(f"answer of {run_hash}", 5, -0.1, FinishReason.STOP, 0),
                                               0.0, f"call-{run_hash}", 1.0, 1, 10, "llamacpp", "m"))
        shipped = usable_answers(store, "now", "toy", "toy/add")
        assert [row.key.config_hash for row in shipped] == ["earlier"]  # the same decoder only
        private.ensure_run(store.get_run("now"))
        private.add_task(ADD)
        ctx = TaskContext(ADD, PipelineConfig(model="m", benchmark="toy", max_tokens=96), "now")
        found = answered_before(private, shipped)(ctx, "the prompt")
        assert found is not None and found.sample.text == "answer of earlier"
        assert answered_before(store)(ctx, "the prompt") == found  # what the driver's store would have found
        assert answered_before(private, shipped)(ctx, "another prompt") is None


@pytest.mark.parametrize("address", [None, "auto"])
def test_the_local_executor_takes_no_address(address) -> None:
    from codebudget.pipeline.executor import ExecutorError, open_executor

    if address is None:
        assert open_executor("local").in_process
    else:
        with pytest.raises(ExecutorError, match="--address is for a cluster executor"):
            open_executor("local", address)


def test_the_memory_stage_is_refused_on_workers_without_the_store(tmp_path, sandbox) -> None:
    from codebudget.errors import CodebudgetError

    config = _config(stages=("memory:source=0123456789abcdef",))
    with Store.open(tmp_path / "runs.db") as store, pytest.raises(CodebudgetError, match="--executor local"):
        run_config(config, [ADD], store=store, executor=_shipping(sandbox, _script()))
