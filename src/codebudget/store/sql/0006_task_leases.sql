-- Task leases (codebudget.store.leases): which process works on a run's task now, so that
-- several processes on one run split its tasks instead of doing the same one twice.
-- A lease is never a result: a task is finished when it has its task_results row. A process
-- claims a task (one row per task), renews the row while it works (heartbeat_at, expires_at)
-- and deletes it when the task is finished or failed; a lease whose holder is gone or whose
-- expiry has passed may be taken over. Leases are not exported.
--
-- holder is 'host:pid:token'; space names where the pid means something (boot id and pid
-- namespace, NULL where unknown) and started the process's start time in that space, so that
-- a reused pid is not taken for the holder. Times are Unix seconds.

CREATE TABLE task_leases (
    config_hash TEXT NOT NULL REFERENCES runs (config_hash),
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    space TEXT,
    started TEXT,
    claimed_at REAL NOT NULL,
    heartbeat_at REAL NOT NULL,
    expires_at REAL NOT NULL CHECK (expires_at >= heartbeat_at),
    PRIMARY KEY (config_hash, benchmark, task_id),
    FOREIGN KEY (benchmark, task_id) REFERENCES tasks (benchmark, task_id)
);

CREATE INDEX task_leases_by_holder ON task_leases (holder);
