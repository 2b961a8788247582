"""Bad input on the command line: one line ``error: ...`` with status 2, no traceback, stored results kept.

Every case runs the real CLI in a subprocess against real SQLite files in a tmp
folder. A folder that cannot be written is made two ways that bind root too: a
path under a regular file, and a read-only tmpfs mount (when this process may
mount, as root in CI; skipped otherwise). After each failure the store's bytes
and row counts are checked to be what they were.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))  # the hand-made runs of the report tests
from report_builders import DIRECT, POOL  # noqa: E402

from codebudget.store import Store  # noqa: E402
from codebudget.store.connection import connect  # noqa: E402
from codebudget.store.migrations import builtin_migrations, migrate  # noqa: E402

GREEDY_EXPORT = Path(__file__).resolve().parents[2] / "results" / "humaneval-greedy.jsonl.gz"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> str:
    """The single ``error:`` line of a failed command, checked to hold ``words``."""
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == 2, (done.returncode, done.stderr, done.stdout[-500:])
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def fingerprint(db: Path) -> tuple[str, dict[str, int]]:
    """The file's sha256 and every table's row count (read without touching the file)."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    uri = f"file:{db}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}
    return digest, counts




@pytest.fixture()
def read_only_folder(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """``make(files)``: a folder on a read-only tmpfs mount holding copies of ``files``; unmounted afterwards."""
    mounts: list[Path] = []

    def make(*files: Path) -> Path:
        folder = tmp_path / f"ro{len(mounts)}"
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a tmpfs here (not root?)")
        mounts.append(folder)
        for file in files:
            shutil.copy(file, folder / file.name)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        return folder

    yield make
    for folder in mounts:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture()
def under_a_file(tmp_path: Path) -> Path:
    """A folder path that can never exist: its parent is a regular file."""
    (tmp_path / "file").write_text("not a folder")
    return tmp_path / "file" / "sub"


# -- 1. --db where nothing can be written --------------------------------------------------------------


def test_a_new_store_under_a_file_is_a_one_line_error(under_a_file: Path) -> None:
    for args in (("import", GREEDY_EXPORT), ("run", "--limit", "1"), ("pool", "--limit", "1")):
        done = cli(*args, "--db", under_a_file / "new.db")
        one_line_error(done, "cannot create the store", "is a file, not a folder")
    assert under_a_file.parent.read_text() == "not a folder"


def test_a_new_store_in_a_read_only_folder_is_a_one_line_error(read_only_folder) -> None:
    folder = read_only_folder()
    for db in (folder / "new.db", folder / "deeper" / "new.db"):
        one_line_error(cli("import", GREEDY_EXPORT, "--db", db), "cannot create the store", "read-only file system")
    assert list(folder.iterdir()) == []


def test_writing_to_a_store_in_a_read_only_folder_is_refused_and_the_store_kept(db: Path, read_only_folder) -> None:
    stored = read_only_folder(db) / db.name
    before = fingerprint(stored)
    for args in (("import", GREEDY_EXPORT), ("forget", POOL, "HumanEval/0"), ("run", "--limit", "1")):
        one_line_error(cli(*args, "--db", stored), "cannot write to the store", "read-only file system",
                       "commands that only read it still work")
    assert fingerprint(stored) == before and sorted(p.name for p in stored.parent.iterdir()) == [db.name]


# -- 5. commands that only read open the store read-only -------------------------------------------


def test_commands_that_only_read_work_on_a_store_in_a_read_only_folder(db: Path, read_only_folder,
                                                                       tmp_path: Path) -> None:
    stored = read_only_folder(db) / db.name
    before = fingerprint(stored)
    runs = [
        ("replay", POOL, "--n", "1,2", "--k", "0,1"),
        ("best", POOL, "--budget", "6.35s"),
        ("report", POOL, "--out", tmp_path / "report", "--budgets", "5,6.35s"),
        ("export", tmp_path / "out.jsonl.gz", "--run", POOL),
        ("select", POOL, "--n", "1,2", "--policies", "public-tests,logprob"),
        ("compare", POOL, DIRECT, "--small-params", "0.1", "--large-params", "0.5", "--n", "1"),
    ]
    for args in runs:
        done = cli(*args, "--db", stored)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr[-2000:])
    assert (tmp_path / "report" / "report.html").is_file()
    with gzip.open(tmp_path / "out.jsonl.gz", "rt") as lines:
        assert sum(1 for _ in lines) > 10
    assert fingerprint(stored) == before and sorted(p.name for p in stored.parent.iterdir()) == [db.name]


def test_a_read_only_command_leaves_the_store_file_as_it_was(db: Path) -> None:
    before = fingerprint(db)
    assert cli("replay", POOL, "--n", "1", "--k", "0", "--db", db).returncode == 0
    assert fingerprint(db) == before


def _outdated(path: Path) -> Path:
    """A store one migration behind this code, with a run in it."""
    conn = connect(path)
    migrate(conn, target=len(builtin_migrations()) - 1)
    conn.execute("INSERT INTO runs (config_hash, config_json, model, created_at, provenance_json, isolation) "
                 "VALUES ('old', '{}', 'm', '2025-01-01', '{}', 'none')")
    conn.close()
    return path


def test_an_outdated_store_in_a_read_only_folder_asks_for_a_writing_command(tmp_path: Path, read_only_folder) -> None:
    stored = read_only_folder(_outdated(tmp_path / "old.db")) / "old.db"
    before = fingerprint(stored)
    for args in (("replay", "old"), ("export", tmp_path / "x.jsonl.gz")):
        one_line_error(cli(*args, "--db", stored), f"has schema migration {len(builtin_migrations()) - 1}",
                       "run a command that writes to it")
    assert fingerprint(stored) == before and not (tmp_path / "x.jsonl.gz").exists()


def test_an_outdated_store_that_can_be_written_is_upgraded_then_read(tmp_path: Path) -> None:
    old = _outdated(tmp_path / "old.db")
    done = cli("export", tmp_path / "x.jsonl.gz", "--db", old)
    assert done.returncode == 0, done.stderr
    with Store.open_read_only(old) as store:
        assert store.schema_version == len(builtin_migrations()) and store.get_run("old") is not None


# -- 2. --out and export to a path that cannot be written -----------------------------------------------


def test_report_and_export_to_an_unwritable_path(db: Path, under_a_file: Path, read_only_folder,
                                                 tmp_path: Path) -> None:
    before = fingerprint(db)
    folder = read_only_folder()
    cases = [
        (("report", POOL, "--out", under_a_file), "is a file, not a folder"),
        (("report", POOL, "--out", folder / "report"), "read-only file system"),
        (("compare", POOL, DIRECT, "--small-params", "0.1", "--large-params", "0.5", "--out", folder), "read-only"),
        (("export", under_a_file / "x.jsonl.gz"), "is a file, not a folder"),
        (("export", folder / "x.jsonl.gz"), "read-only file system"),
        (("export", tmp_path / "no-such-folder" / "x.jsonl.gz"), "there is no folder"),
        (("export", tmp_path), "it is a folder"),
    ]
    for args, words in cases:
        one_line_error(cli(*args, "--db", db), "cannot write", words)
    assert fingerprint(db) == before and list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["file", "ro0", "store"])


# -- 3. --sandbox with an unknown level ------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ("run", "--limit", "1"), ("eval", "--limit", "1"), ("pool", "--limit", "1"), ("sweep", "--limit", "1"),
    ("select", POOL),
])
def test_an_unknown_sandbox_is_refused_before_any_work(command: tuple[str, ...], db: Path) -> None:
    before = fingerprint(db)
    one_line_error(cli(*command, "--sandbox", "bogus", "--db", db), "--sandbox", "'bogus'",
                   "auto, namespaces or fallback")
    new = db.parent / "new.db"
    one_line_error(cli(*command, "--sandbox", "bogus", "--db", new), "--sandbox")
    assert fingerprint(db) == before and not new.exists()


def test_a_bad_sandbox_variable_is_refused_before_the_store_is_created(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    done = cli("run", "--limit", "1", "--db", new, env={"CODEBUDGET_SANDBOX": "bogus"})
    one_line_error(done, "CODEBUDGET_SANDBOX='bogus'", "auto, namespaces, fallback, unsafe")
    assert not new.exists()


# -- 4. --db that is not a store ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["random", "text", "other sqlite"])
def test_a_file_that_is_not_a_store_is_named_and_left_untouched(tmp_path: Path, content: str) -> None:
    path = tmp_path / "thing.db"
    if content == "random":
        path.write_bytes(os.urandom(8192))
    elif content == "text":
        path.write_text("these are my notes, not a database\n" * 40)
    else:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE mine (x)")
            conn.commit()
    before = path.read_bytes()
    words = "not a codebudget store" if content == "other sqlite" else "not a SQLite database"
    for args in (("import", GREEDY_EXPORT), ("replay", POOL), ("export", tmp_path / "x.jsonl.gz"),
                 ("best", POOL, "--budget", "20s"), ("forget", POOL, "HumanEval/0"), ("run", "--limit", "1")):
        one_line_error(cli(*args, "--db", path), str(path), words)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["thing.db"]


def test_an_empty_file_is_a_new_store_to_write_but_no_store_to_read(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    one_line_error(cli("replay", POOL, "--db", path), "empty database, not a codebudget store")
    assert path.read_bytes() == b""
    assert cli("import", GREEDY_EXPORT, "--db", path).returncode == 0
    with Store.open_read_only(path) as store:
        assert len(list(store.iter_runs())) == 2


def test_a_folder_as_db_is_named(tmp_path: Path) -> None:
    for args in (("import", GREEDY_EXPORT), ("replay", POOL)):
        one_line_error(cli(*args, "--db", tmp_path), "is a folder, not a store file")


# -- 6. unknown names are refused while the options are parsed --------------------------------------------


def test_unknown_names_are_refused_before_any_work(db: Path, tmp_path: Path) -> None:
    before = fingerprint(db)
    config = tmp_path / "config.yaml"
    config.write_text("selection: bogus\n")
    backend = tmp_path / "backend.yaml"
    backend.write_text("backend: bogus\n")
    new = tmp_path / "new.db"
    policies = "unknown selection policy 'bogus'; known: behaviour-vote"
    cases = [
        (("run", "--selection", "bogus", "--db", new), ("--selection", policies)),
        (("run", "--config", config, "--db", new), (str(config), "selection", policies)),
        (("run", "--backend", "bogus", "--db", new), ("--backend", "unknown backend 'bogus'", "llamacpp, openai")),
        (("run", "--config", backend, "--db", new), ("unknown backend 'bogus'", "llamacpp, openai")),
        (("eval", "--backend", "bogus", "--db", new), ("--backend", "llamacpp, openai")),
        (("generate", "--backend", "bogus"), ("--backend", "llamacpp, openai")),
        (("run", "--feedback-tests", "bogus", "--db", new), ("--feedback-tests", "'bogus'", "public or hidden")),
        (("run", "--benchmark", "bogus", "--db", new), ("unknown benchmark 'bogus'", "humaneval")),
        (("select", POOL, "--policies", "logprob,bogus", "--db", db), ("--policies", policies)),
        (("select", POOL, "--inputs", "bogus", "--db", db), ("--inputs", "unknown input source", "public-args")),
        (("select", POOL, "--test-backend", "bogus", "--db", db), ("--test-backend", "llamacpp, openai")),
        (("report", POOL, "--policies", "bogus", "--db", db), ("--policies", policies)),
        (("report", POOL, "--against", "bogus", "--db", db), ("--against", "unknown paper 'bogus'", "seed-000")),
        (("compare", POOL, DIRECT, "--policies", "bogus", "--db", db), ("--policies", policies)),
        (("best", POOL, "--budget", "20s", "--mode", "bogus", "--db", db), ("unknown selection mode 'bogus'",)),
    ]
    for args, words in cases:
        one_line_error(cli(*args), *words)
    assert fingerprint(db) == before and not new.exists()


# -- 7. unknown runs and tasks ---------------------------------------------------------------------------


def test_export_of_an_unknown_run_writes_nothing(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl.gz"
    one_line_error(cli("export", out, "--run", POOL, "--run", "nope", "--db", db), "no run 'nope'", "nothing written")
    assert not out.exists() and not out.with_name(out.name + ".tmp").exists()


def test_forget_of_an_unknown_task_or_run_is_an_error_and_forgets_nothing(db: Path) -> None:
    before = fingerprint(db)
    one_line_error(cli("forget", POOL, "HumanEval/0", "NoSuch/1", "--db", db), f"run {POOL}",
                   "no results for task 'NoSuch/1'", "nothing forgotten")
    one_line_error(cli("forget", "nope", "HumanEval/0", "--db", db), "no run 'nope'")
    assert fingerprint(db) == before


# -- 8. numbers out of range name the flag the user typed ---------------------------------------------------


def test_bad_numbers_name_the_flag(db: Path, tmp_path: Path) -> None:
    before = fingerprint(db)
    new = tmp_path / "new.db"
    cases = [
        (("pool", "--m", "0", "--db", new), "--m 0"),
        (("pool", "--k-max", "-1", "--db", new), "--k-max -1"),
        (("pool", "--m", "many", "--db", new), "'--m'"),
        (("run", "--limit", "0", "--db", new), "--limit 0"),
        (("run", "--temperature", "-1", "--db", new), "--temperature -1"),
        (("run", "--n", "65", "--db", new), "--n 65"),
        (("run", "--max-tokens", "0", "--db", new), "--max-tokens 0"),
        (("eval", "--limit", "0", "--db", new), "--limit 0"),
        (("sweep", "--repeats", "0", "--db", new), "'--repeats'"),
        (("sweep", "--n", "1,100", "--db", new), "--n 100"),
        (("sweep", "--temperature", "0.8,x", "--db", new), "--temperature '0.8,x'"),
        (("replay", POOL, "--n", "0", "--db", db), "--n '0'"),
        (("replay", POOL, "--k", "-1", "--db", db), "--k '-1'"),
        (("replay", POOL, "--n", ",", "--db", db), "--n ','"),
        (("best", POOL, "--budget", "20s", "--n", "0", "--db", db), "--n '0'"),
        (("report", POOL, "--k", "-2", "--db", db), "--k '-2'"),
        (("select", POOL, "--test-samples", "0", "--db", db), "'--test-samples'"),
        (("select", POOL, "--n", "0", "--db", db), "--n '0'"),
        (("compare", POOL, DIRECT, "--n", "0", "--db", db), "--n '0'"),
        (("generate", "--max-tokens", "0"), "'--max-tokens'"),
    ]
    for args, flag in cases:
        one_line_error(cli(*args), flag)
    assert fingerprint(db) == before and not new.exists()


# -- 9. files to read: missing, a list where an object belongs, a task without hidden tests ---------------------


def test_import_of_a_missing_file_says_it_does_not_exist(db: Path, tmp_path: Path) -> None:
    before = fingerprint(db)
    missing = tmp_path / "missing.jsonl.gz"
    one_line_error(cli("import", missing, "--db", db), str(missing), "no such file")
    assert fingerprint(db) == before
    new = tmp_path / "new.db"
    one_line_error(cli("import", missing, "--db", new), "no such file")
    assert not new.exists()


def test_a_list_where_an_object_belongs_is_called_a_list(db: Path, tmp_path: Path) -> None:
    before = fingerprint(db)
    export = tmp_path / "list.jsonl.gz"
    header = {"type": "header", "format": "codebudget-store", "version": 1, "schema": 5}
    export.write_bytes(gzip.compress(f"{json.dumps(header)}\n[1, 2]\n".encode()))
    one_line_error(cli("import", export, "--db", db), f"{export}:2", "got a list")
    assert fingerprint(db) == before
    task = {"task_id": "a/1", "prompt": "def f(x):\n", "entry_point": "f", "hidden_tests": ["assert f(1) is None"]}
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(f"[1, 2]\n{json.dumps(task)}\n")
    new = tmp_path / "new.db"
    one_line_error(cli("run", "--benchmark", tasks, "--db", new), f"{tasks}:1", "expected a JSON object, got a list")
    assert not new.exists()


def test_a_task_without_hidden_tests_names_the_missing_field(tmp_path: Path) -> None:
    task = {"task_id": "a/1", "prompt": "def f(x):\n", "entry_point": "f", "public_tests": ["assert f(1) is None"]}
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(json.dumps(task) + "\n")
    new = tmp_path / "new.db"
    one_line_error(cli("run", "--benchmark", tasks, "--db", new), f"{tasks}:1", "missing field 'hidden_tests'",
                   "jsonl task format")
    assert not new.exists()
