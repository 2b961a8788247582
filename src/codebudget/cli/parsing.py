"""How an option's text becomes a value, or a one-line error naming the flag: lists, enums, plugin names.

The option declarations that use these are in :mod:`codebudget.cli.options`.
"""

from __future__ import annotations

import enum
from typing import Any, Callable, Iterable, Sequence, TypeVar

from codebudget.analysis.outcomes import CostKind
from codebudget.errors import CodebudgetError


def number_list(text: str, kind: type = int, *, flag: str = "", minimum: float | None = None) -> list:
    """``"1,2,5"`` as a non-empty list of ``kind`` values, each at least ``minimum``; else a one-line error
    naming ``flag``."""
    where = f"{flag} {text!r}: " if flag else ""
    try:
        values = [kind(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CodebudgetError(f"{where or f'{text!r}: '}expected comma-separated numbers") from None
    if not values:
        raise CodebudgetError(f"{where or f'{text!r}: '}expected at least one number")
    low = [v for v in values if minimum is not None and v < minimum]
    if low:
        raise CodebudgetError(f"{where}each value must be at least {minimum:g}, got {low[0]:g}")
    return values


def names_of(text: str) -> list[str]:
    """``"a, b,"`` as ``["a", "b"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _checked(flag: str, check: Callable[[str], object], *, many: bool = False) -> Callable[[Any], Any]:
    """An option callback: every name in the value (comma-separated when ``many``) passes ``check``,
    else a one-line error naming the flag, raised while the options are parsed (before any work)."""

    def callback(value):  # noqa: ANN001, ANN202 - typer passes the bare value to a one-argument callback
        if value is None:
            return value
        for name in names_of(value) if many else [value]:
            try:
                check(name)
            except (KeyError, ValueError, CodebudgetError) as error:
                raise CodebudgetError(f"{flag}: {error.args[0] if error.args else error}") from None
        return value

    return callback


def check_backend_name(name: str) -> None:
    """A one-line error unless ``name`` is a known backend (built in or a plugin); nothing is imported."""
    from codebudget.backends.registry import BACKENDS

    BACKENDS.check(name)


def _policy(name: str) -> None:
    from codebudget.selection import get_policy

    get_policy(name)


def _input_source(name: str) -> None:
    from codebudget.evidence import get_source

    get_source(name)


def _stage(name: str) -> None:
    from codebudget.pipeline.stages.gates import addable_stage

    addable_stage(name)


def _prompt_style(name: str) -> None:
    from codebudget.prompts import get_style

    get_style(name)


def _paper(name: str) -> None:
    from codebudget.reports.paper import get_paper

    get_paper(name)


def live_policy(name: str) -> None:
    """A one-line error unless a live run can apply policy ``name`` as it goes (``run --selection``).

    Policies that read evidence the pipeline does not gather (behaviours on
    shared inputs, model-written tests) are measured on a pool instead.
    """
    from codebudget.selection import get_policy, live_names

    policy = get_policy(name)  # an unknown name: the one-line error listing every policy
    if name not in live_names():
        kinds = sorted(kind.name for kind in policy.needs)
        needs = " and ".join(_EVIDENCE.get(kind, kind) for kind in kinds) or "evidence"
        raise CodebudgetError(f"policy {name!r} reads {needs}, which a live run does not gather; run takes "
                              f"{one_of(sorted(live_names()))} (measure {name} on a pool: codebudget select POOL "
                              f"--policies {name})")


_EVIDENCE = {"behaviour": "outputs on shared inputs", "generated-tests": "model-generated tests"}


def check_executor_name(name: str) -> None:
    """A one-line error unless ``name`` is a known executor (local, ray, or a plugin's); nothing is imported."""
    from codebudget.pipeline.executor import EXECUTORS

    EXECUTORS.check(name)


check_backend = _checked("--backend", check_backend_name)
check_executor = _checked("--executor", check_executor_name)
check_test_backend = _checked("--test-backend", check_backend_name)
check_selection = _checked("--selection", live_policy)
check_policies = _checked("--policies", _policy, many=True)
check_inputs = _checked("--inputs", _input_source)
check_paper = _checked("--against", _paper)
check_stages = _checked("--stages", _stage, many=True)
check_prompt_style = _checked("--prompt-style", _prompt_style)


E = TypeVar("E", bound=enum.Enum)


class Sandbox(enum.StrEnum):
    """The isolation a command may ask for; running without any is the separate ``--unsafe-no-sandbox``."""

    AUTO = "auto"
    NAMESPACES = "namespaces"
    FALLBACK = "fallback"


class Cost(enum.StrEnum):
    """What a cost (a budget, an equal-cost comparison) is measured in, per task."""

    WALL_S = "wall_s"  # seconds of wall time
    TOKENS = "tokens"  # generated tokens
    CALLS = "calls"  # model calls
    GFLOPS = "gflops"  # estimated compute: 2 × parameters × tokens


class Lookup(enum.StrEnum):
    """The model calls prompt-lookup decoding drafts for."""

    OFF = "off"
    REPAIRS = "repairs"
    ALL = "all"


class FeedbackTests(enum.StrEnum):
    """The tests a run repairs from and selects by."""

    PUBLIC = "public"
    HIDDEN = "hidden"


def one_of(values: Iterable[object]) -> str:
    """``a, b or c``."""
    names = [str(getattr(value, "value", value)) for value in values]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def choice(kind: type[E], flag: str, what: str, hint: str = "") -> Callable[[Any], E]:
    """A parser of ``flag``'s value into a member of ``kind``; else a one-line error naming the choices."""

    def parse(value: Any) -> E:
        if isinstance(value, kind):
            return value
        try:
            return kind(value)
        except ValueError:
            raise CodebudgetError(f"{flag}: unknown {what} {value!r}; use {one_of(kind)}{hint}") from None

    return parse


def numbers(flag: str, kind: type = int, minimum: float | None = None) -> Callable[[Any], list]:
    """A parser of a comma-separated list of numbers (see :func:`number_list`)."""

    def parse(value: Any) -> list:
        return value if isinstance(value, list) else number_list(str(value), kind, flag=flag, minimum=minimum)

    return parse


def one_number(flag: str) -> Callable[[Any], int]:
    """A parser of ``run``'s ``--n``/``--k``: one whole number (a list is a grid: sweep, or pool then replay)."""

    def parse(value: Any) -> int:
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            why = ("run is one configuration and takes one number; sweep (or pool, then replay) evaluates a grid"
                   if "," in str(value) else "expected a whole number")
            raise CodebudgetError(f"{flag} {value!r}: {why}") from None

    return parse


def budget_costs() -> tuple[str, ...]:
    return tuple(kind.value for kind in CostKind)


def reallocation_costs() -> tuple[str, ...]:
    from codebudget.reallocation import COST_KINDS

    return tuple(COST_KINDS)


def cost_parser(accepted: Callable[[], Sequence[str]], where: str, *, many: bool = False) -> Callable[[Any], Any]:
    """A parser of ``--cost`` (a comma-separated list when ``many``) into :class:`Cost` members; a kind
    outside ``accepted()`` is refused with a one-line error saying what ``where`` takes."""
    single = choice(Cost, "--cost", "cost")

    def parse(value: Any) -> Any:
        if isinstance(value, (Cost, list)):
            return value
        kinds = [single(name) for name in (names_of(str(value)) if many else [value])]
        if not kinds:
            raise CodebudgetError(f"--cost {value!r}: expected at least one of {one_of(accepted())}")
        refused = [kind for kind in kinds if kind.value not in accepted()]
        if refused:
            raise CodebudgetError(f"--cost {refused[0].value} does not apply to {where}: it takes "
                                  f"{one_of(accepted())}")
        return list(dict.fromkeys(kinds)) if many else kinds[0]

    return parse
