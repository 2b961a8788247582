-- A sample may end at its caller's deadline (FinishReason.DEADLINE: codebudget solve and serve stop the
-- decoder there), so generations.finish_reason also takes 'deadline'. SQLite cannot change a CHECK in
-- place: the table is made again with the new one and its rows copied, inside this migration's
-- transaction, as SQLite's documentation does it: with foreign keys off, then every one of them
-- checked before the commit (the other tables name the table, which has its old name again).
-- foreign keys: off

CREATE TABLE generations_new (
    config_hash TEXT NOT NULL REFERENCES runs (config_hash),
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL CHECK (sample_index >= 0),
    round INTEGER NOT NULL CHECK (round >= 0),
    parent_index INTEGER,
    parent_round INTEGER,
    prompt_sha256 TEXT NOT NULL REFERENCES prompts (sha256),
    text TEXT NOT NULL,
    n_tokens INTEGER NOT NULL,
    mean_logprob REAL,
    finish_reason TEXT NOT NULL CHECK (finish_reason IN ('stop', 'length', 'repetition', 'deadline')),
    seed INTEGER,
    temperature REAL NOT NULL,
    call_id TEXT NOT NULL,
    call_wall_s REAL NOT NULL,
    call_samples INTEGER NOT NULL CHECK (call_samples >= 1),
    prompt_tokens INTEGER NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    PRIMARY KEY (config_hash, benchmark, task_id, sample_index, round),
    FOREIGN KEY (benchmark, task_id) REFERENCES tasks (benchmark, task_id),
    FOREIGN KEY (config_hash, benchmark, task_id, parent_index, parent_round)
        REFERENCES generations (config_hash, benchmark, task_id, sample_index, round),
    CHECK ((round = 0) = (parent_index IS NULL)),
    CHECK ((parent_index IS NULL) = (parent_round IS NULL)),
    CHECK (parent_round IS NULL OR parent_round = round - 1)
);

INSERT INTO generations_new SELECT * FROM generations;

DROP TABLE generations;

ALTER TABLE generations_new RENAME TO generations;

CREATE INDEX generations_by_call ON generations (call_id);

CREATE INDEX generations_by_task ON generations (benchmark, task_id);
