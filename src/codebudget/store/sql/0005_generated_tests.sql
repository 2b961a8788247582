-- Model-generated tests (CodeT-style selection, codebudget.evidence.generated): a cache.
-- One row per (task, generator): the generator is the sha256 of everything that decides which
-- tests come out (model identity, backend, prompt, extraction version, sampling settings), kept
-- in generator_json. tests_json holds the extracted asserts in order, texts_json the model's
-- answers; wall_s and tokens are what the model call cost (counted in the policies' time).

CREATE TABLE generated_tests (
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    generator_sha256 TEXT NOT NULL,
    generator_json TEXT NOT NULL,
    tests_json TEXT NOT NULL,
    texts_json TEXT NOT NULL,
    wall_s REAL NOT NULL CHECK (wall_s >= 0),
    tokens INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (generator_sha256, benchmark, task_id),
    FOREIGN KEY (benchmark, task_id) REFERENCES tasks (benchmark, task_id)
);
