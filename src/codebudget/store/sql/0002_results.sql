-- Per-task outcomes of a configuration and the candidate each policy selected.

CREATE TABLE task_results (
    config_hash TEXT NOT NULL REFERENCES runs (config_hash),
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    wall_s REAL NOT NULL,
    stage_wall_s_json TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    model_calls INTEGER NOT NULL,
    PRIMARY KEY (config_hash, benchmark, task_id),
    FOREIGN KEY (benchmark, task_id) REFERENCES tasks (benchmark, task_id)
);

CREATE TABLE selections (
    config_hash TEXT NOT NULL,
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    policy TEXT NOT NULL,
    sample_index INTEGER,
    round INTEGER,
    public_passed INTEGER NOT NULL CHECK (public_passed IN (0, 1)),
    hidden_passed INTEGER NOT NULL CHECK (hidden_passed IN (0, 1)),
    PRIMARY KEY (config_hash, benchmark, task_id, policy),
    FOREIGN KEY (config_hash, benchmark, task_id)
        REFERENCES task_results (config_hash, benchmark, task_id),
    FOREIGN KEY (config_hash, benchmark, task_id, sample_index, round)
        REFERENCES generations (config_hash, benchmark, task_id, sample_index, round),
    CHECK ((sample_index IS NULL) = (round IS NULL))
);

CREATE INDEX generations_by_call ON generations (call_id);
