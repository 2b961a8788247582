-- Evidence of kinds that plugins declare (codebudget.evidence.kinds): one JSON value per
-- (generation, kind), with the seconds it took to gather. A cache like behaviours: not exported,
-- gathered again when missing. Built-in kinds keep their own tables (behaviours, generated_tests).

CREATE TABLE evidence (
    config_hash TEXT NOT NULL,
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    round INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    wall_s REAL NOT NULL,
    PRIMARY KEY (config_hash, benchmark, task_id, sample_index, round, kind),
    FOREIGN KEY (config_hash, benchmark, task_id, sample_index, round)
        REFERENCES generations (config_hash, benchmark, task_id, sample_index, round)
);

CREATE INDEX evidence_by_task ON evidence (benchmark, task_id);
