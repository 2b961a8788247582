-- Where each task of a run was done (codebudget.pipeline.executor): the executor (local, ray), the
-- worker (a process on a host, or a Ray actor on a node), that worker's machine in words (CPU model,
-- cores, the threads its model used) and the task's time measured on that worker. A run's times are
-- read on one time axis only when its tasks ran on one kind of machine (codebudget.candidates.machines).
-- Written once per finished task, by the one process that writes the store; exported with the run.

CREATE TABLE task_workers (
    config_hash TEXT NOT NULL REFERENCES runs (config_hash),
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    executor TEXT NOT NULL,
    worker TEXT NOT NULL,
    machine_json TEXT NOT NULL,
    wall_s REAL NOT NULL CHECK (wall_s >= 0),
    finished_at TEXT NOT NULL,
    PRIMARY KEY (config_hash, benchmark, task_id),
    FOREIGN KEY (benchmark, task_id) REFERENCES tasks (benchmark, task_id)
);
