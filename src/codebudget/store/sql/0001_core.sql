-- Runs, tasks, prompts, generations, extractions and executions.
-- Every row is keyed by natural keys so exports merge without id remapping.

CREATE TABLE runs (
    config_hash TEXT PRIMARY KEY NOT NULL,
    config_json TEXT NOT NULL,
    model TEXT NOT NULL,
    model_sha256 TEXT,
    created_at TEXT NOT NULL,
    provenance_json TEXT NOT NULL,
    isolation TEXT NOT NULL
);

CREATE TABLE tasks (
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    problem_json TEXT NOT NULL,
    PRIMARY KEY (benchmark, task_id)
);

-- Prompts are stored once, by content: the M samples of a pool share one.
CREATE TABLE prompts (
    sha256 TEXT PRIMARY KEY NOT NULL,
    text TEXT NOT NULL
);

CREATE TABLE generations (
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
    finish_reason TEXT NOT NULL CHECK (finish_reason IN ('stop', 'length', 'repetition')),
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

CREATE TABLE extractions (
    config_hash TEXT NOT NULL,
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    round INTEGER NOT NULL,
    code TEXT NOT NULL,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    method TEXT NOT NULL,
    syntax_ok INTEGER NOT NULL CHECK (syntax_ok IN (0, 1)),
    syntax_error TEXT,
    PRIMARY KEY (config_hash, benchmark, task_id, sample_index, round),
    FOREIGN KEY (config_hash, benchmark, task_id, sample_index, round)
        REFERENCES generations (config_hash, benchmark, task_id, sample_index, round)
);

CREATE TABLE executions (
    config_hash TEXT NOT NULL,
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    round INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('passed', 'failed', 'error', 'timeout', 'memory', 'output-limit', 'sandbox-error')),
    tests_passed INTEGER NOT NULL,
    tests_total INTEGER NOT NULL,
    failing_test TEXT,
    error TEXT NOT NULL,
    stdout_tail TEXT NOT NULL,
    stderr_tail TEXT NOT NULL,
    wall_s REAL NOT NULL,
    cpu_s REAL NOT NULL,
    isolation TEXT NOT NULL,
    PRIMARY KEY (config_hash, benchmark, task_id, sample_index, round, kind),
    FOREIGN KEY (config_hash, benchmark, task_id, sample_index, round)
        REFERENCES generations (config_hash, benchmark, task_id, sample_index, round)
);
