"""One task through the pipeline, every step recorded in the store as it completes.

The work follows ``replay/semantics.md``: sample N candidates in one call,
extract and syntax-check them, run their public tests, then repair each
failing candidate in sample order for up to K rounds (a chain ends at its
first public pass), and grade every version on the hidden tests. Then each
selection policy picks its answer from what was produced, and
:func:`codebudget.replay.run` accounts the time the policy's own work order
costs (with early stopping for the honest policy).

Every row is written as soon as it exists and looked up before any work is
redone, so a run killed at any point resumes where it stopped.
"""

from __future__ import annotations

from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.stages import ExtractStage, RepairStage, SampleStage, TestStage
from codebudget.replay import get_policy, run as replay_run
from codebudget.replay.load import load_task_pool
from codebudget.store import ExecutionRow, ExtractionRow, Selection, Store, TaskResultRow

POLICIES_RECORDED = ("public-tests", "oracle", "first")


class TaskRunner:
    """Runs the stages for one task at a time, resuming from the store."""

    def __init__(self, store: Store, sample: SampleStage, repair: RepairStage, public: TestStage, hidden: TestStage):
        self.store = store
        self.sample = sample
        self.repair = repair
        self.public = public
        self.hidden = hidden
        self.extract = ExtractStage()

    def run(self, ctx: TaskContext) -> TaskResultRow:
        """The task's recorded result, doing only the work not yet in the store."""
        done = self.store.get_task_result(ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id)
        if done is not None:
            return done
        heads = self._initial(ctx)
        for head in heads:
            self._repair_chain(ctx, head)
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

    def _test(self, ctx: TaskContext, versions: list[ExtractionRow], stage: TestStage) -> None:
        todo = [v for v in versions if not self.store.has_execution(v.key, stage.suite)]
        for row in stage(ctx, todo):
            self.store.add_execution(row)

    def _public(self, version: ExtractionRow) -> ExecutionRow | None:
        return self.store.get_execution(version.key, "public")

    def _passes_public(self, version: ExtractionRow) -> bool:
        found = self._public(version)
        return bool(version.ok and version.syntax_ok and found and found.execution.passed)

    def _repair_chain(self, ctx: TaskContext, version: ExtractionRow) -> None:
        """Repair ``version`` round after round until it passes the public tests or K is reached."""
        while not self._passes_public(version) and version.key.round < ctx.config.k:
            key = ctx.key(version.key.sample_index, version.key.round + 1)
            row = self.store.get_generation(key)
            if row is None:
                row = self.repair(ctx, version, self._public(version))
                self.store.add_generation(row)
            version = self._extraction(ctx, row)
            self._test(ctx, [version], self.public)

    def _grade(self, ctx: TaskContext) -> None:
        versions = list(self.store.iter_extractions(ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id))
        self._test(ctx, versions, self.hidden)

    def _result(self, ctx: TaskContext) -> TaskResultRow:
        task = load_task_pool(self.store, ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id)
        sample_s = task.calls[0].wall_s if task.calls else 0.0
        names = dict.fromkeys((*POLICIES_RECORDED, ctx.config.selection))
        outcomes = {name: replay_run(task.chains, ctx.config.k, get_policy(name), sample_s) for name in names}
        selections = tuple(
            Selection(name, task.chains[o.pick.position].sample_index, o.pick.round, o.public_passed, o.hidden_passed)
            for name, o in outcomes.items()
        )
        chosen, full = outcomes[ctx.config.selection], outcomes["oracle"]
        stages = {"sample": chosen.sample_s, "test": chosen.test_s, "repair": chosen.repair_s,
                  "grade": chosen.grade_s, "all_work": full.wall_s}
        return TaskResultRow(ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id, selections,
                             chosen.wall_s, stages, chosen.tokens, chosen.model_calls)
