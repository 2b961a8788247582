"""One task through the pipeline, every step recorded in the store as it completes.

The work follows ``replay/semantics.md``: prepare the task with the
configuration's prompt stages (once), sample N candidates in one call,
extract them, pass them through the version gates (the syntax filter, then the
configuration's own), run the public tests of those that pass, then repair each
failing candidate in sample order for up to K rounds (a chain ends at its
first public pass), and grade every version that may run on the hidden tests. Then each
selection policy picks its answer from what was produced, and
:func:`codebudget.candidates.run` accounts the time the policy's own work order
costs (with early stopping for the honest policy).

Every row is written as soon as it exists and looked up before any work is
redone, so a run killed at any point resumes where it stopped.
"""

from __future__ import annotations

import dataclasses

from codebudget.backends.base import Backend
from codebudget.candidates import load_task_pool, run
from codebudget.pipeline.config import PipelineConfig
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.stages import (
    SYNTAX,
    ExtractStage,
    GateStage,
    RepairStage,
    SampleStage,
    TestStage,
    feedback_text,
)
from codebudget.pipeline.reuse import EarlierAnswer
from codebudget.pipeline.stages.prompting import PrepareStage
from codebudget.sandbox.base import Sandbox
from codebudget.selection import RECORDED_POLICIES, get_policy
from codebudget.store import ExecutionRow, ExtractionRow, Selection, Store, TaskResultRow


class TaskRunner:
    """Runs the stages for one task at a time, resuming from the store."""

    def __init__(self, store: Store, sample: SampleStage, repair: RepairStage, public: TestStage, hidden: TestStage,
                 gates: GateStage | None = None, prepare: PrepareStage | None = None):
        self.store = store
        self.prepare = prepare
        self.sample = sample
        self.repair = repair
        self.public = public
        self.hidden = hidden
        self.gates = gates or GateStage(())
        self.extract = ExtractStage()

    @classmethod
    def for_config(cls, store: Store, config: PipelineConfig, backend: Backend, sandbox: Sandbox,
                   earlier: EarlierAnswer | None = None) -> TaskRunner:
        """The runner of ``config``'s stages on ``store``, with this backend and sandbox (``earlier``: where
        greedy answers given before are looked up, :mod:`codebudget.pipeline.reuse`)."""
        return cls(store, SampleStage(backend, earlier), RepairStage(backend, earlier),
                   TestStage(sandbox, "public", config.feedback_tests), TestStage(sandbox, "hidden"),
                   GateStage.named(config.stages), PrepareStage.named(backend, config.stages))

    def run(self, ctx: TaskContext) -> TaskResultRow:
        """The task's recorded result, doing only the work not yet in the store."""
        done = self.store.get_task_result(ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id)
        if done is not None:
            return done
        if self.prepare is not None and self.prepare.stages:
            found = self.prepare.prepare(ctx, self.store)
            ctx = dataclasses.replace(ctx, prepared=tuple(zip(self.prepare.stages, found)))
        heads = self._initial(ctx)
        for head in heads:
            self._repair_chain(ctx, head)
        return self.finish(ctx)

    def finish(self, ctx: TaskContext) -> TaskResultRow:
        """Grade what the task produced, pick each policy's answer and record the task's result (also what
        ``codebudget solve`` calls when its deadline cut the work short: the best of what there is)."""
        self._grade(ctx)
        result = self._result(ctx)
        self.store.add_task_result(result)
        return result

    def _initial(self, ctx: TaskContext) -> list[ExtractionRow]:
        rows = [self.store.get_generation(ctx.key(i)) for i in range(ctx.config.n)]
        if any(row is None for row in rows):
            rows = self.sample(ctx)
            with self.store.transaction():
                for row in rows:
                    self.store.add_generation(row)
        extractions = [self._extraction(ctx, row) for row in rows]
        self._test(ctx, extractions, self.public)
        return extractions

    def _extraction(self, ctx: TaskContext, row) -> ExtractionRow:
        found = self.store.get_extraction(row.key)
        if found is None:
            found = self.extract(ctx, row)
            self.store.add_extraction(found)
        return found

    def _rejection(self, ctx: TaskContext, version: ExtractionRow) -> str | None:
        """Why a gate rejects ``version`` (None: it may run); gates not yet asked are asked and recorded."""
        verdict = SYNTAX.check(ctx.problem, version)
        if not verdict.passed:
            return verdict.reason
        for gate in self.gates.gates:
            row = self.store.get_execution(version.key, self.gates.kind(gate))
            if row is None:
                row = self.gates.verdict(ctx.problem, version, gate)
                self.store.add_execution(row)
            if not row.execution.passed:
                return row.execution.error
        return None

    def _test(self, ctx: TaskContext, versions: list[ExtractionRow], stage: TestStage) -> None:
        todo = [v for v in versions if not self.store.has_execution(v.key, stage.suite)]
        runnable = [v for v in todo if self._rejection(ctx, v) is None]
        for row in stage(ctx, runnable):
            self.store.add_execution(row)

    def _public(self, version: ExtractionRow) -> ExecutionRow | None:
        return self.store.get_execution(version.key, "public")

    def _passes_public(self, version: ExtractionRow) -> bool:
        found = self._public(version)
        return bool(found and found.execution.passed)  # recorded only for versions every gate let through

    def _repair_chain(self, ctx: TaskContext, version: ExtractionRow) -> None:
        """Repair ``version`` round after round until it passes the public tests or K is reached."""
        while not self._passes_public(version) and version.key.round < ctx.config.k and not ctx.out_of_time():
            key = ctx.key(version.key.sample_index, version.key.round + 1)
            row = self.store.get_generation(key)
            if row is None:
                public = self._public(version)
                feedback = feedback_text(self._rejection(ctx, version), public and public.execution)
                answer = self.store.get_generation(version.key)
                row = self.repair(ctx, version, feedback, answer.sample.text if answer else "")
                self.store.add_generation(row)
            version = self._extraction(ctx, row)
            self._test(ctx, [version], self.public)

    def _grade(self, ctx: TaskContext) -> None:
        versions = list(self.store.iter_extractions(ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id))
        self._test(ctx, versions, self.hidden)

    def _result(self, ctx: TaskContext) -> TaskResultRow:
        task = load_task_pool(self.store, ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id)
        sample_s = task.calls[0].wall_s if task.calls else 0.0
        names = dict.fromkeys((*RECORDED_POLICIES, ctx.config.selection))
        outcomes = {name: run(task.chains, ctx.config.k, get_policy(name), sample_s, task.prepared) for name in names}
        selections = tuple(
            Selection(name, task.chains[o.pick.position].sample_index, o.pick.round, o.public_passed, o.hidden_passed)
            for name, o in outcomes.items()
        )
        chosen, full = outcomes[ctx.config.selection], outcomes["oracle"]
        stages = {"prepare": chosen.prepare_s, "sample": chosen.sample_s, "test": chosen.test_s, "repair": chosen.repair_s,
                  "grade": chosen.grade_s, "all_work": full.wall_s}
        return TaskResultRow(ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id, selections,
                             chosen.wall_s, stages, chosen.tokens, chosen.model_calls)
