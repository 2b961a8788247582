"""Options mean the same in every command: lists, seeds, enum choices, the store, the backend.

Errors are checked on the real CLI in a subprocess (one ``error:`` line, status
2, no traceback) against real SQLite stores in a tmp folder; what each command
declares is read from the real typer app.
"""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))  # the hand-made runs of the report tests
from report_builders import DIRECT, POOL  # noqa: E402
from test_bad_input import cli, fingerprint, one_line_error  # noqa: E402

from codebudget.cli import options, parsing  # noqa: E402
from codebudget.cli.app import app  # noqa: E402
from codebudget.store import Store  # noqa: E402

COMMANDS = typer.main.get_command(app).commands

#: Commands that evaluate a grid of configurations: their --n (and --k) take lists.
GRID_COMMANDS = {"replay": ("--n", "--k"), "select": ("--n", "--k"), "sweep": ("--n", "--k"), "compare": ("--n",),
                 "best": ("--n", "--k"), "report": ("--n", "--k")}
#: Commands that only read the store (select and forget write into one that exists, and never create it).
EXISTING_STORE = {"replay": (POOL,), "select": (POOL,), "compare": (POOL, DIRECT), "export": ("x.jsonl.gz",),
                  "forget": (POOL, "HumanEval/0"), "best": (POOL, "--budget", "20s"), "report": (POOL,)}
#: Commands that open a model, and so take the backend's options.
BACKEND_COMMANDS = ("run", "eval", "pool", "sweep", "generate")
BACKEND_OPTIONS = ("--backend", "--model", "--base-url", "--api-key", "--timeout", "--retries")




def option(command: str, flag: str):  # noqa: ANN201 - a click option of the real app
    """The option of ``command`` that ``flag`` names, or None."""
    return next((p for p in COMMANDS[command].params if flag in getattr(p, "opts", ())), None)


def flags(command: str) -> set[str]:
    return {flag for p in COMMANDS[command].params for flag in getattr(p, "opts", ()) if flag.startswith("--")}


# -- 1. --n/--k: lists in every grid command, parsed in one place; one number in run ---------------------


def test_every_grid_command_takes_lists_for_n_and_k() -> None:
    for command, names in GRID_COMMANDS.items():
        for flag in names:
            assert option(command, flag) is not None, (command, flag)
    parse = parsing.numbers("--n", minimum=1)
    assert parse("1,2, 5") == [1, 2, 5] and parse([3]) == [3]
    assert parsing.numbers("--temperature", float)("0,0.8") == [0.0, 0.8]


@pytest.mark.parametrize(("command", "flag", "value", "words"), [
    (command, flag, value, words)
    for command, names in GRID_COMMANDS.items() for flag in names
    for value, words in (("1,x", "expected comma-separated numbers"), (",", "expected at least one number"),
                         ("-1" if flag == "--k" else "0", "each value must be at least"))
])
def test_a_bad_list_is_one_line_naming_the_flag(command: str, flag: str, value: str, words: str, db: Path) -> None:
    args = {"sweep": ("--limit", "1")}.get(command, EXISTING_STORE.get(command, ()))
    before = fingerprint(db)
    one_line_error(cli(command, *args, flag, value, "--db", db), f"{flag} {value!r}", words)
    assert fingerprint(db) == before


def cells(output: str) -> list[list[str]]:
    """The rows of a table as printed (boxed or not), each as its stripped cells."""
    rows = [line.strip().strip("│").split("│") if "│" in line else line.split("  ") for line in output.splitlines()]
    return [[cell.strip() for cell in row if cell.strip()] for row in rows]


def test_good_lists_are_used_by_each_grid_command(db: Path) -> None:
    wide = {"COLUMNS": "200"}
    replay = cli("replay", POOL, "--n", "1,2", "--k", "0,1", "--db", db, env=wide)
    assert replay.returncode == 0, replay.stderr
    grid = {(row[0], row[1]) for row in cells(replay.stdout) if len(row) == 8 and row[0].isdigit()}
    assert grid == {("1", "0"), ("1", "1"), ("2", "0"), ("2", "1")}
    select = cli("select", POOL, "--n", "1,2", "--k", "0,1", "--policies", "public-tests", "--db", db, env=wide)
    assert select.returncode == 0, select.stderr
    chosen = {(row[2], row[3]) for row in cells(select.stdout) if row[:2] == ["public-tests", "honest"]}
    assert chosen == {("1", "0"), ("1", "1"), ("2", "0"), ("2", "1")}
    compare = cli("compare", POOL, DIRECT, "--n", "1,2", "--small-params", "0.1", "--large-params", "0.5",
                  "--cost", "wall_s", "--db", db, env=wide)
    assert compare.returncode == 0, compare.stderr
    assert {row[1] for row in cells(compare.stdout) if row and row[0].startswith("first")} == {"×1", "×2"}
    new = db.parent / "new.db"  # sweep checks every cell of its grid before it runs any
    one_line_error(cli("sweep", "--n", "1,65", "--k", "0,1", "--db", new), "--n 65")
    assert not new.exists()


def test_run_is_one_configuration_and_says_so() -> None:
    for flag in ("--n", "--k"):
        assert "one number" in option("run", flag).help and "one configuration" in option("run", flag).help
    for value in ("1,2", "x"):
        done = cli("run", "--n", value, "--db", "/nonexistent/never.db")
        one_line_error(done, f"--n {value!r}", "sweep" if "," in value else "whole number")


def test_pools_are_sized_by_m_and_k_max() -> None:
    assert {"--m", "--k-max"} <= flags("pool") and not {"--n", "--k"} & flags("pool")


# -- 2. --seed is the sampling seed; the bootstrap's is --bootstrap-seed ---------------------------------


def test_seed_is_the_sampling_seed_everywhere_and_the_bootstrap_has_its_own() -> None:
    sampling = [name for name in COMMANDS if option(name, "--seed") is not None and not option(name, "--seed").hidden]
    assert sorted(sampling) == ["generate", "pool", "run", "solve"]
    for name in sampling:
        assert "sampling seed" in option(name, "--seed").help
    bootstrap = sorted(name for name in COMMANDS if option(name, "--bootstrap-seed") is not None)
    assert bootstrap == ["compare", "select"]
    for name in bootstrap:
        assert "bootstrap" in option(name, "--bootstrap-seed").help
        assert option(name, "--seed").hidden  # kept only to say where the bootstrap's seed went


def test_selection_names_a_policy_and_best_takes_the_mode_as_mode(db: Path) -> None:
    one_line_error(cli("best", POOL, "--budget", "20s", "--selection", "oracle", "--db", db), "--selection",
                   "run --selection", "--mode honest|oracle")
    done = cli("best", POOL, "--budget", "10m", "--mode", "oracle", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "oracle" in done.stdout


def test_the_old_bootstrap_seed_flag_points_to_the_new_one(db: Path) -> None:
    for args in (("select", POOL), ("compare", POOL, DIRECT)):
        one_line_error(cli(*args, "--seed", "1", "--db", db), "--seed is the model's sampling seed",
                       "--bootstrap-seed")


def test_the_bootstrap_seed_reaches_the_intervals(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import codebudget.evidence
    import codebudget.reallocation

    seen: dict[str, int] = {}
    evaluate, study = codebudget.evidence.evaluate, codebudget.reallocation.study

    def evaluate_spy(*args, settings, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen["select"] = settings.seed
        return evaluate(*args, settings=settings, **kwargs)

    def study_spy(small, large, kind, seed):  # noqa: ANN001, ANN202
        seen["compare"] = seed
        return study(small, large, kind, seed)

    monkeypatch.setattr(codebudget.evidence, "evaluate", evaluate_spy)
    monkeypatch.setattr(codebudget.reallocation, "study", study_spy)
    runner = CliRunner()
    done = runner.invoke(app, ["select", POOL, "--n", "1,2", "--policies", "public-tests", "--bootstrap-seed", "7",
                               "--db", str(db)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["compare", POOL, DIRECT, "--n", "1", "--small-params", "0.1", "--large-params", "0.5",
                               "--bootstrap-seed", "11", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert seen == {"select": 7, "compare": 11}


# -- 3. --cost: one enum; each command refuses what does not apply to it ----------------------------------


def test_one_cost_enum_covers_every_command_and_each_refuses_the_rest(db: Path) -> None:
    from codebudget.analysis.outcomes import CostKind
    from codebudget.reallocation import COST_KINDS

    assert {kind.value for kind in parsing.Cost} == {kind.value for kind in CostKind} | set(COST_KINDS)
    one_line_error(cli("compare", POOL, DIRECT, "--cost", "tokens", "--db", db), "--cost tokens",
                   "does not apply to compare", "wall_s or gflops")
    one_line_error(cli("compare", POOL, DIRECT, "--cost", "calls,gflops", "--db", db), "--cost calls")
    one_line_error(cli("best", POOL, "--budget", "20s", "--cost", "gflops", "--db", db), "gflops")
    for args in (("compare", POOL, DIRECT), ("best", POOL, "--budget", "20s")):
        one_line_error(cli(*args, "--cost", "dollars", "--db", db), "unknown cost 'dollars'")


def test_an_empty_cost_is_an_error_not_an_empty_answer(db: Path) -> None:
    done = cli("compare", POOL, DIRECT, "--cost", "", "--db", db)
    one_line_error(done, "--cost ''", "expected at least one of wall_s or gflops")
    assert done.stdout == ""


def test_compare_at_one_cost(db: Path) -> None:
    done = cli("compare", POOL, DIRECT, "--n", "1", "--small-params", "0.1", "--large-params", "0.5", "--cost",
               "gflops", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "GFLOP" in done.stdout and " s/task" not in done.stdout


# -- 4. fixed choices are enums: a bad value is one line naming the choices -------------------------------


def test_enums_match_what_they_choose_from() -> None:
    from codebudget.pipeline import PipelineConfig
    from codebudget.sandbox.settings import AUTO, LEVELS, UNSAFE

    assert {level.value for level in parsing.Sandbox} == {AUTO, *LEVELS} - {UNSAFE}  # unsafe: --unsafe-no-sandbox
    feedback = typing.get_args(PipelineConfig.model_fields["feedback_tests"].annotation)
    assert {value.value for value in parsing.FeedbackTests} == set(feedback)


@pytest.mark.parametrize(("args", "flag", "choices"), [
    (("run", "--limit", "1"), "--sandbox", "auto, namespaces or fallback"),
    (("pool", "--limit", "1"), "--sandbox", "auto, namespaces or fallback"),
    (("select", POOL), "--sandbox", "auto, namespaces or fallback"),
    (("run", "--limit", "1"), "--feedback-tests", "public or hidden"),
    (("pool", "--limit", "1"), "--feedback-tests", "public or hidden"),
    (("best", POOL, "--budget", "20s"), "--mode", "honest or oracle"),
])
def test_a_bad_choice_is_one_line_naming_the_choices(args: tuple[str, ...], flag: str, choices: str,
                                                      db: Path) -> None:
    before = fingerprint(db)
    new = db.parent / "new.db"
    for where in (db, new):
        one_line_error(cli(*args, flag, "bogus", "--db", where), "'bogus'", choices)
    assert fingerprint(db) == before and not new.exists()
    help_text = cli(args[0], "--help", env={"COLUMNS": "300"}).stdout
    assert flag in help_text


def test_plugin_names_are_checked_against_their_registry(db: Path) -> None:
    from codebudget.evidence import SOURCES

    line = one_line_error(cli("select", POOL, "--inputs", "bogus", "--db", db), "--inputs",
                          "unknown input source 'bogus'")
    assert all(name in line for name in SOURCES)
    one_line_error(cli("pool", "--backend", "bogus", "--db", db), "--backend", "unknown backend 'bogus'")
    one_line_error(cli("select", POOL, "--test-backend", "bogus", "--db", db), "--test-backend", "unknown backend")
    one_line_error(cli("compare", POOL, DIRECT, "--policies", "bogus", "--db", db), "--policies",
                   "unknown selection policy 'bogus'")


@pytest.mark.parametrize("command", ["run", "pool", "sweep"])
def test_stages_are_checked_against_their_registry_before_any_work(command: str, tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    one_line_error(cli(command, "--stages", "bogus", "--db", new), "--stages", "unknown pipeline stage 'bogus'",
                   "known: memory, plan, retrieval, syntax")
    one_line_error(cli(command, "--stages", "syntax", "--db", new), "--stages", "the syntax filter always runs first")
    assert not new.exists()


def test_sandbox_unsafe_is_refused_in_favour_of_the_explicit_flag(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    one_line_error(cli("run", "--sandbox", "unsafe", "--db", new), "--sandbox", "'unsafe'", "--unsafe-no-sandbox")
    assert not new.exists()
    assert "[auto|namespaces|fallback]" in cli("run", "--help", env={"COLUMNS": "300"}).stdout


def test_a_good_choice_is_taken(db: Path) -> None:
    done = cli("select", POOL, "--n", "1,2", "--policies", "behaviour-vote", "--inputs", "public-args",
               "--sandbox", "fallback", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "inputs public-args" in done.stdout


# -- run --selection: only what a live run can apply ----------------------------------------------------------


@pytest.mark.parametrize("policy", ["codet", "behaviour-vote", "s-star", "public-then-vote", "public-then-codet"])
def test_run_refuses_a_policy_the_live_pipeline_cannot_apply(policy: str, tmp_path: Path) -> None:
    from codebudget.selection import live_names

    new = tmp_path / "new.db"
    line = one_line_error(cli("run", "--selection", policy, "--db", new), "--selection", f"policy {policy!r}",
                          "a live run does not gather", "codebudget select")
    assert all(name in line for name in live_names())
    config = tmp_path / "config.yaml"
    config.write_text(f"selection: {policy}\n")
    one_line_error(cli("run", "--config", config, "--db", new), str(config), "selection", f"policy {policy!r}")
    assert not new.exists()


def test_run_takes_the_policies_a_live_run_can_apply(tmp_path: Path) -> None:
    from codebudget.selection import live_names

    assert {"public-tests", "first", "logprob"} <= set(live_names())
    new = tmp_path / "new.db"
    for policy in live_names():  # the selection passes; the bad benchmark given after it stops the run
        one_line_error(cli("run", "--selection", policy, "--benchmark", "bogus", "--db", new), "unknown benchmark")
    assert not new.exists()


# -- 5. the backend's options: the same in every command that opens a model ------------------------------------


def test_every_command_that_opens_a_model_takes_the_same_backend_options() -> None:
    for flag in BACKEND_OPTIONS:
        helps = {option(command, flag).help for command in BACKEND_COMMANDS}
        assert len(helps) == 1, (flag, helps)
    for flag in BACKEND_OPTIONS:
        test_flag = flag.replace("--", "--test-")
        assert option("select", test_flag) is not None, test_flag


@pytest.mark.parametrize("command", ["pool", "sweep"])
def test_pool_and_sweep_open_the_backend_they_are_given(command: str, tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    done = cli(command, "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--limit", "1",
               "--timeout", "1", "--retries", "0", "--db", db, *(("--n", "1", "--k", "0") if command == "sweep" else ()))
    one_line_error(done, "http://127.0.0.1:9/v1", "nothing is listening", "tried once")
    new = tmp_path / "new.db"
    one_line_error(cli(command, "--backend", "bogus", "--db", new), "--backend", "unknown backend 'bogus'", "openai")
    assert not new.exists()


@pytest.mark.parametrize("command", ["run", "pool", "sweep", "eval"])
def test_an_option_the_backend_does_not_take_is_refused_before_the_store_exists(command: str, tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    one_line_error(cli(command, "--backend", "llamacpp", "--timeout", "5", "--db", new),
                   "backend 'llamacpp' does not take --timeout")
    assert not new.exists()


def test_select_passes_the_test_models_request_options(db: Path) -> None:
    args = ("select", POOL, "--n", "1,2", "--policies", "codet", "--test-model", "m", "--test-backend", "openai",
            "--test-base-url", "http://127.0.0.1:9/v1", "--db", db)
    for retries, tried in (("0", "tried once"), ("1", "tried 2 times")):
        done = cli(*args, "--test-timeout", "1", "--test-retries", retries)
        *notes, last = done.stderr.strip().splitlines()  # a note says tests are being written, then the error
        assert done.returncode == 2 and "Traceback" not in done.stderr and notes == [
            "writing tests for 2 task(s) with m (stored for later runs)"], done.stderr
        assert last.startswith("error: nothing is listening at http://127.0.0.1:9/v1") and tried in last, last
    done = cli("select", POOL, "--n", "1,2", "--policies", "codet", "--test-model", "m", "--test-timeout", "1",
               "--db", db)  # the in-process backend takes no request options: refused under the flag typed
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1] == (
        "error: backend 'llamacpp' does not take --test-timeout"), done.stderr


# -- 6. the store: created by the commands that write runs, never by the others -----------------------------------


def test_db_help_says_whether_the_store_is_created() -> None:
    for command in ("run", "eval", "pool", "sweep", "import"):
        assert "created if missing" in option(command, "--db").help, command
    for command in EXISTING_STORE:
        help_text = option(command, "--db").help
        assert "must exist" in help_text and "created if missing" not in help_text, command


@pytest.mark.parametrize("command", sorted(EXISTING_STORE))
def test_a_missing_store_is_one_line_and_never_created(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "none.db"
    one_line_error(cli(command, *EXISTING_STORE[command], "--db", missing), "no results store", str(missing))
    assert not missing.exists() and not missing.parent.exists()


def test_compare_never_creates_the_large_models_store(db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "large.db"
    one_line_error(cli("compare", POOL, DIRECT, "--small-params", "0.1", "--db", db, "--large-db", missing),
                   "no results store", str(missing))
    assert not missing.exists()


@pytest.mark.parametrize("command", BACKEND_COMMANDS)
def test_every_command_that_reads_a_benchmark_takes_a_split(command: str, tmp_path: Path) -> None:
    assert option(command, "--split") is not None
    new = tmp_path / "new.db"
    task = ("HumanEval/0",) if command == "generate" else ()
    db = () if command == "generate" else ("--db", new)
    one_line_error(cli(command, *task, "--benchmark", "fresh:dev", "--split", "heldout", *db),
                   "names split 'dev' but split 'heldout' was asked")
    if command != "sweep":  # a sweep loads its tasks only once it runs; the others before opening a model
        one_line_error(cli(command, *task, "--split", "test", *db), "humaneval has no splits")
    assert not new.exists()


# -- 7. shared options are declared once ----------------------------------------------------------------------


SHARED = ("--sandbox", "--unsafe-no-sandbox", "--limit", "--benchmark", "--split", "--feedback-tests", "--bootstrap-seed",
          *BACKEND_OPTIONS)


def test_shared_options_read_the_same_in_every_command() -> None:
    for flag in SHARED:
        found = {name: option(name, flag) for name in COMMANDS if option(name, flag) is not None}
        assert found, flag
        helps = {(opt.help, tuple(opt.opts)) for opt in found.values()}
        assert len(helps) == 1, (flag, helps)
