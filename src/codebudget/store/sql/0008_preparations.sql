-- What a configuration's prompt stages prepared for each task before sampling
-- (codebudget.pipeline.stages.prompting): the text put into the task's prompts, where it came
-- from, the stage's own data, and what preparing it cost (seconds, generated tokens, model calls),
-- which every configuration replayed from the run pays once per task. Exported with the run: a
-- plan costs model time.

CREATE TABLE preparations (
    config_hash TEXT NOT NULL REFERENCES runs (config_hash),
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    text TEXT NOT NULL,
    sources_json TEXT NOT NULL,
    detail_json TEXT NOT NULL,
    wall_s REAL NOT NULL CHECK (wall_s >= 0),
    tokens INTEGER NOT NULL CHECK (tokens >= 0),
    calls INTEGER NOT NULL CHECK (calls >= 0),
    PRIMARY KEY (config_hash, benchmark, task_id, stage),
    FOREIGN KEY (benchmark, task_id) REFERENCES tasks (benchmark, task_id)
);

CREATE INDEX preparations_by_task ON preparations (benchmark, task_id);
