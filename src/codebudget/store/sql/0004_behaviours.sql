-- Outputs of candidate code on shared inputs (behaviour voting, codebudget.selection): a cache.
-- One row per (generation, input); the input is identified by the sha256 of its source, so
-- a changed or extended input set never collides with rows already stored.

CREATE TABLE behaviours (
    config_hash TEXT NOT NULL,
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    round INTEGER NOT NULL,
    input_sha256 TEXT NOT NULL,
    input TEXT NOT NULL,
    output TEXT NOT NULL,
    wall_s REAL NOT NULL,
    PRIMARY KEY (config_hash, benchmark, task_id, sample_index, round, input_sha256),
    FOREIGN KEY (config_hash, benchmark, task_id, sample_index, round)
        REFERENCES generations (config_hash, benchmark, task_id, sample_index, round)
);

CREATE INDEX behaviours_by_task ON behaviours (benchmark, task_id);
