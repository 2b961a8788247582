"""Every option that more than one command takes, declared once, and the parsing they share.

An option means the same in every command that has it: ``--seed`` is the
model's sampling seed, ``--bootstrap-seed`` the seed of intervals over stored
results; ``--n``/``--k`` are comma-separated lists in commands that evaluate a
grid and single numbers in ``run`` (one configuration); ``--m``/``--k-max``
size a pool. Fixed choices are enums (a bad value is a one-line error naming
the choices); plugin names (backends, benchmarks, selection policies) are
strings checked against their registry while the options are parsed.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import Any, Callable, Optional, get_type_hints

import typer

from codebudget.analysis.outcomes import SelectionMode
from codebudget.backends.base import Backend
from codebudget.backends.registry import open_backend
from codebudget.cli.parsing import (
    E,
    Cost,
    FeedbackTests,
    Lookup,
    Sandbox,
    budget_costs,
    check_backend,
    check_executor,
    check_inputs,
    check_policies,
    check_prompt_style,
    check_selection,
    check_stages,
    check_test_backend,
    choice,
    cost_parser,
    names_of,
    numbers,
    one_number,
    reallocation_costs,
)
from codebudget.cli.session import DEFAULT_DB
from codebudget.errors import CodebudgetError
from codebudget.models import DEFAULT_MODEL
from codebudget.speed import SPEED_TOLERANCE

# -- the backend a command opens (run, eval, pool, sweep, generate; select's test model: --test-…) ---------

_BACKEND_HELP = "llamacpp (in-process; the default) or openai (any OpenAI-compatible server), or a plugin's name"
_BASE_URL_HELP = "the server's URL ending in /v1 (openai backend)"
_TIMEOUT_HELP = ("seconds one request to the server may take (openai backend; default 120); a model call gives up "
                 "after TIMEOUT × (RETRIES+1) + backoff s")
_RETRIES_HELP = "retries of a failed request, with backoff 0.5, 1, 2… s (openai backend; default 3)"

BackendOpt = typer.Option(None, "--backend", "-b", callback=lambda value: check_backend(value), help=_BACKEND_HELP)
ModelOpt = typer.Option(None, "--model", "-m", help=f"a zoo name, a path to a .gguf file, or the server's model id "
                        f"(default {DEFAULT_MODEL})")
BaseUrlOpt = typer.Option(None, "--base-url", help=_BASE_URL_HELP)
ApiKeyOpt = typer.Option(None, "--api-key", envvar="CODEBUDGET_API_KEY", help="bearer token for the server, if it needs one")
TimeoutOpt = typer.Option(None, "--timeout", min=0.001, help=_TIMEOUT_HELP)
RetriesOpt = typer.Option(None, "--retries", min=0, help=_RETRIES_HELP)
TemplateOpt = typer.Option(None, "--template", help="openai backend: a zoo name or .gguf file whose chat template the "
                           "server's model uses; prompts are then rendered here and sent to /completions (needed for a "
                           "prefilled answer on servers that cannot continue one, e.g. llama-cpp-python's)")
AdapterOpt = typer.Option(None, "--adapter", help="llamacpp backend: a LoRA adapter to apply to the model, by name, "
                          "id or .gguf file (see `codebudget adapters`); part of the run's identity")


@dataclasses.dataclass(frozen=True)
class BackendFlags:
    """The backend options as one command received them (None: not given, the configuration's default holds)."""

    backend: Optional[str] = None
    model: Optional[str] = None
    base_url: Optional[str] = None
    api_key: Optional[str] = None
    timeout: Optional[float] = None
    retries: Optional[int] = None
    template: Optional[str] = None
    adapter: Optional[str] = None

    def config_fields(self) -> dict[str, Any]:
        """The :class:`~codebudget.pipeline.PipelineConfig` fields they set."""
        return dict(backend=self.backend, model=self.model, base_url=self.base_url, api_key=self.api_key,
                    request_timeout_s=self.timeout, retries=self.retries, template=self.template, adapter=self.adapter)


_BACKEND_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("backend", Optional[str], BackendOpt), ("model", Optional[str], ModelOpt), ("base_url", Optional[str], BaseUrlOpt),
    ("api_key", Optional[str], ApiKeyOpt), ("timeout", Optional[float], TimeoutOpt),
    ("retries", Optional[int], RetriesOpt), ("template", Optional[str], TemplateOpt),
    ("adapter", Optional[str], AdapterOpt),
)


def with_backend_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give ``command`` the backend options, declared here once; it receives them as ``backend: BackendFlags``.

    The options take the place of ``command``'s ``backend`` parameter in its signature (what typer reads).
    """
    hints = get_type_hints(command)
    own = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in inspect.signature(command).parameters.values()]
    at = next(i for i, p in enumerate(own) if p.name == "backend")
    added = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=option, annotation=kind)
             for name, kind, option in _BACKEND_OPTIONS]
    parameters = [*own[:at], *added, *own[at + 1:]]

    @functools.wraps(command)
    def wrapper(**values: Any) -> Any:
        flags = BackendFlags(**{name: values.pop(name) for name, _, _ in _BACKEND_OPTIONS})
        return command(backend=flags, **values)

    wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    del wrapper.__wrapped__  # typer must read the new signature, not the command's
    return wrapper


TestBackendOpt = typer.Option(None, "--test-backend", callback=lambda value: check_test_backend(value),
                              help=f"the test model's backend: {_BACKEND_HELP}")
TestBaseUrlOpt = typer.Option(None, "--test-base-url", help=f"the test model's server: {_BASE_URL_HELP}")
TestApiKeyOpt = typer.Option(None, "--test-api-key", help="bearer token for the test model's server, if it needs one")
TestTimeoutOpt = typer.Option(None, "--test-timeout", min=0.001, help=f"for the test model: {_TIMEOUT_HELP}")
TestRetriesOpt = typer.Option(None, "--test-retries", min=0, help=f"for the test model: {_RETRIES_HELP}")


def backend_for(config: Any) -> Backend:
    """Open the backend a configuration names, with the options it sets (unset ones are left out)."""
    from codebudget.backends.registry import BackendSpec

    return open_backend(BackendSpec.from_config(config))


# -- fixed choices: enums, refused with a one-line error naming the choices ------------------------------


def choice_option(kind: type[E], default: str | None, flag: str, what: str, help: str, *, hint: str = "") -> Any:
    """A typer option whose value is a member of the enum ``kind`` (``default`` is a member's value)."""
    return typer.Option(default, flag, parser=choice(kind, flag, what, hint),
                        metavar=f"[{'|'.join(str(m.value) for m in kind)}]", help=help)


# -- lists: --n, --k (and sweep's --temperature) of every command that evaluates a grid -------------------


def counts_option(default: str | None, help: str) -> Any:
    """``--n`` of a grid command: candidate counts, a comma-separated list."""
    return typer.Option(default, "--n", "-n", parser=numbers("--n", minimum=1), metavar="N,…",
                        help=f"{help}, comma-separated (e.g. 1,2,5)")


def rounds_option(default: str | None, help: str) -> Any:
    """``--k`` of a grid command: repair rounds, a comma-separated list."""
    return typer.Option(default, "--k", "-k", parser=numbers("--k", minimum=0), metavar="K,…",
                        help=f"{help}, comma-separated (e.g. 0,1,2)")


RunNOpt = typer.Option(None, "--n", "-n", parser=one_number("--n"), metavar="N", help="candidates per task: one "
                       "number, as run is one configuration (grid commands take lists; default 1)")
RunKOpt = typer.Option(None, "--k", "-k", parser=one_number("--k"), metavar="K", help="repair rounds: one number, "
                       "as run is one configuration (grid commands take lists; default 0)")
MOpt = typer.Option(5, "--m", help="candidates per task in the pool (one batched call); replay derives every N ≤ M")
KMaxOpt = typer.Option(2, "--k-max", help="repair rounds per failing candidate in the pool; replay derives every "
                       "K ≤ K_max")


# -- seeds ---------------------------------------------------------------------------------------------------


def seed_option(default: int | None) -> Any:
    """``--seed``: the model's sampling seed, in every command that samples."""
    return typer.Option(default, "--seed", help="the model's sampling seed" + ("" if default is not None else
                                                                               " (default 0)"))


def _no_sampling_seed(value: Optional[int]) -> None:
    if value is not None:
        raise CodebudgetError("--seed is the model's sampling seed, which this command does not take; the seed of "
                              "its bootstrap intervals is --bootstrap-seed")


NoSeedOpt = typer.Option(None, "--seed", hidden=True, callback=_no_sampling_seed,
                         help="refused: the bootstrap's seed is --bootstrap-seed")
BootstrapSeedOpt = typer.Option(0, "--bootstrap-seed", help="seed of the resampling of stored results: bootstrap "
                                "intervals over tasks (and N-subset draws of large pools); not the sampling seed")


# -- the store -------------------------------------------------------------------------------------------------

DbOpt = typer.Option(DEFAULT_DB, "--db", help="the SQLite results store (created if missing)")
ExistingDbOpt = typer.Option(DEFAULT_DB, "--db", help="the SQLite results store to read; it must exist (this "
                             "command never creates one)")
CacheDbOpt = typer.Option(DEFAULT_DB, "--db", help="the SQLite results store; it must exist (this command never "
                          "creates one); behaviours and model-written tests computed for it are kept in it where it "
                          "can be written")
WriteExistingDbOpt = typer.Option(DEFAULT_DB, "--db", help="the SQLite results store; it must exist (this command "
                                  "never creates one)")


# -- the sandbox -------------------------------------------------------------------------------------------

SandboxOpt = choice_option(Sandbox, Sandbox.AUTO.value, "--sandbox", "sandbox", "auto (the best this machine "
                           "offers; or set CODEBUDGET_SANDBOX), namespaces or fallback",
                           hint=" (--unsafe-no-sandbox runs without one)")
UnsafeOpt = typer.Option(False, "--unsafe-no-sandbox", help="run generated code without isolation (results are marked)")


def sandbox_level(sandbox: Sandbox | str, unsafe: bool) -> str:
    """The isolation level to open: ``unsafe`` when asked for, else the ``--sandbox`` choice."""
    return "unsafe" if unsafe else str(getattr(sandbox, "value", sandbox))


# -- where the tasks run (run, eval, pool, sweep, select) -------------------------------------------------------

ExecutorOpt = typer.Option("local", "--executor", callback=lambda value: check_executor(value), metavar="NAME",
                           help="where the tasks run: local (this process, one task at a time; the default) or ray "
                           "(the workers of a Ray cluster, each with its own model and sandbox; the [ray] extra; "
                           "see docs/cluster.md)")
AddressOpt = typer.Option(None, "--address", metavar="ADDRESS", help="--executor ray: the cluster: auto (the one "
                          "started on this machine; the default), HOST:PORT of its head, or ray://HOST:10001 "
                          "(Ray Client)")


MixedMachinesOpt = typer.Option(False, "--mixed-machines", help="put times measured on different machines (CPU "
                                "model, threads, speed probe) on one time axis anyway; without it such runs are refused")
ResumeMixedOpt = typer.Option(False, "--mixed-machines", help="resume the run even where this machine's speed probe "
                              f"differs by more than {100 * SPEED_TOLERANCE:.0f}% from its finished tasks' (their "
                              "seconds then mix two speeds)")


# -- what to run on --------------------------------------------------------------------------------------------

StagesOpt = typer.Option(None, "--stages", callback=check_stages, metavar="STAGE,…", help="optional pipeline "
                         "stages to add, in order, comma-separated (version gates after the syntax filter; part of "
                         "the run's identity; see docs/architecture.md)")


PromptStyleOpt = typer.Option(None, "--prompt-style", callback=check_prompt_style, metavar="STYLE",
                              help="how the model is asked: body (the answer starts with the task's signature and "
                              "docstring; default) or whole-function (part of the run's identity)")
LookupOpt = choice_option(Lookup, None, "--lookup", "lookup", "prompt-lookup decoding for off, repairs (default) or "
                          "all calls: drafts copied from the prompt and checked by the model (same answers, less time)")


def stages_of(value: Optional[str]) -> tuple[str, ...] | None:
    """``--stages`` as the configuration's tuple (None when not given)."""
    return None if value is None else tuple(names_of(value))


BenchmarkOpt = typer.Option(None, "--benchmark", help="benchmark name (a split after a colon: fresh:heldout, "
                            "humaneval-perturbed:rename) or task file (default humaneval)")
SplitOpt = typer.Option(None, "--split", help="a split of the benchmark: MBPP test, validation, train or prompt; "
                        "fresh dev or heldout; humaneval-perturbed rename, inputs or reorder (the same as "
                        "--benchmark NAME:SPLIT, which also works after a task file's path)")
LimitOpt = typer.Option(None, "--limit", help="only the first LIMIT tasks")
FeedbackOpt = choice_option(FeedbackTests, None, "--feedback-tests", "feedback tests", "public (the prompt's "
                            "examples; default) or hidden (the grading tests, as the seed paper: repairs see them and "
                            "honest = oracle)")


# -- selection ---------------------------------------------------------------------------------------------

SelectionOpt = typer.Option(None, "--selection", callback=check_selection, help="the policy that picks the answer "
                            "as the run goes: public-tests (honest, default), public-count, logprob, first or oracle; "
                            "policies that need behaviours or model-written tests are measured on a pool (select)")
ModeOpt = choice_option(SelectionMode, SelectionMode.HONEST.value, "--mode", "selection mode",
                        "honest (public-test selection: what you get) or oracle")


def _no_policy_here(value: Optional[str]) -> None:
    if value is not None:
        raise CodebudgetError("--selection names the policy a run applies (run --selection); the selection mode "
                              "of stored results is --mode honest|oracle")


NoSelectionOpt = typer.Option(None, "--selection", hidden=True, callback=_no_policy_here,
                              help="refused: the selection mode is --mode")


def policies_option(default: str | None, help: str = "") -> Any:
    """``--policies``: selection policies by name, comma-separated, each checked against their registry."""
    return typer.Option(default, "--policies", callback=check_policies, metavar="POLICY,…",
                        help=" ".join(("selection policies, comma-separated", help)).strip())


InputsOpt = typer.Option("public-args", "--inputs", callback=lambda value: check_inputs(value), help="behaviour "
                         "voting's shared inputs, an input source: public-args, generated or public-args+generated "
                         "(or a plugin's)")


# -- cost: one enum; each command refuses the kinds that do not apply to it ------------------------------------

_COST_HELP = "wall_s (seconds per task), tokens, calls (model calls per task) or gflops (2 × params × tokens)"


CostOpt = typer.Option(Cost.WALL_S.value, "--cost", parser=cost_parser(budget_costs, "budgets over stored runs "
                       "(best, report)"), metavar=f"[{'|'.join(Cost)}]", help=f"what the budget limits: {_COST_HELP}; "
                       "best and report take wall_s, tokens or calls")
CompareCostOpt = typer.Option(f"{Cost.WALL_S},{Cost.GFLOPS}", "--cost", parser=cost_parser(
    reallocation_costs, "compare", many=True), metavar="COST,…", help=f"the costs to compare at, comma-separated: "
    f"{_COST_HELP}; compare takes wall_s and gflops")
