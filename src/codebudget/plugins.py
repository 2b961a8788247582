"""Every extension point of codebudget, and the one registry class behind each of them.

A :class:`Registry` holds the named objects of one kind (backends, benchmarks,
selection policies, ...) from three sources, looked at in this order:

1. objects registered in this process (:meth:`Registry.register`, or
   ``registry[name] = obj``): the selection policies, the input sources;
2. built-in lazy targets, ``name -> "module:attribute"``, imported only when
   that name is looked up (the backends, the benchmark loaders);
3. the kind's entry-point group: other installed packages add their own plugins
   in the same ``module:attribute`` form, e.g. in their ``pyproject.toml``::

       [project.entry-points."codebudget.backends"]
       mybackend = "my_package.backend:MyBackend"

:meth:`Registry.names` lists every name without importing anything;
:meth:`Registry.lookup` imports one plugin (and only its module) and says in
one line what is wrong when the name is unknown or its target cannot be
imported. A registry is also a mutable mapping of names to objects (``in``,
iteration over names, ``sorted(registry)``, ``registry[name] = obj``); reading
its values imports every lazy target.

:data:`EXTENSION_POINTS` declares each kind once, with its entry-point group and
where its registry lives; :meth:`Registry.of` makes a kind's registry from it.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata as metadata
import re
from typing import Any, Generic, Iterator, MutableMapping, Protocol, TypeVar


class Named(Protocol):
    """Anything registered: it carries its own name."""

    @property
    def name(self) -> str: ...


T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class ExtensionPoint:
    """One kind of plugin: its name in messages, its entry-point group, and where its registry lives.

    ``registry`` is the ``module:attribute`` of the :class:`Registry` object
    (None while the kind has no registry yet); ``provides`` says what an entry
    point of the group must name.
    """

    kind: str
    group: str
    registry: str | None
    provides: str

    def load_registry(self) -> Registry[Any]:
        """The kind's :class:`Registry` object (importing the module that declares it)."""
        if self.registry is None:
            raise KeyError(f"the {self.kind} extension point has no registry yet")
        return import_target(self.registry)


EXTENSION_POINTS: tuple[ExtensionPoint, ...] = (
    ExtensionPoint("backend", "codebudget.backends", "codebudget.backends.registry:BACKENDS",
                   "a backend class (codebudget.backends.base.Backend) with `name` and `capabilities`"),
    ExtensionPoint("benchmark", "codebudget.benchmarks", "codebudget.benchmarks.registry:BENCHMARKS",
                   "a benchmark Loader object (codebudget.benchmarks.base.Loader)"),
    ExtensionPoint("selection policy", "codebudget.selection_policies", "codebudget.selection.policies:POLICIES",
                   "a SelectionPolicy object: which version of a task's candidates to submit"),
    ExtensionPoint("spending schedule", "codebudget.schedules", "codebudget.analysis.schedules:SCHEDULES",
                   "a spending schedule: how much to sample and repair within a budget"),
    ExtensionPoint("pipeline stage", "codebudget.stages", "codebudget.pipeline.stages:STAGES",
                   "a pipeline stage with its replay rule"),
    ExtensionPoint("report section", "codebudget.report_sections", "codebudget.reports.sections:SECTIONS",
                   "a report section: what it gathers from the store and how it is rendered"),
    ExtensionPoint("input source", "codebudget.input_sources", "codebudget.evidence.inputs:SOURCES",
                   "an InputSource object: the inputs candidates are run on to compare their behaviour"),
    ExtensionPoint("prompt style", "codebudget.prompt_styles", "codebudget.prompts.styles:PROMPT_STYLES",
                   "a PromptStyle object: how a first attempt, a repair and generated tests are asked"),
    ExtensionPoint("evidence kind", "codebudget.evidence_kinds", "codebudget.evidence.kinds:KINDS",
                   "a collector of the evidence a selection policy declares it needs"),
    ExtensionPoint("executor", "codebudget.executors", "codebudget.pipeline.executor:EXECUTORS",
                   "an executor class: where a run's tasks run (local, ray; codebudget.pipeline.executor.Executor)"),
)


def extension_point(kind: str) -> ExtensionPoint:
    """The declared extension point of ``kind``; KeyError naming the known kinds."""
    for point in EXTENSION_POINTS:
        if point.kind == kind:
            return point
    raise KeyError(f"unknown extension point {kind!r}; known: {', '.join(p.kind for p in EXTENSION_POINTS)}")


_TARGET = re.compile(r"^\s*(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[[^\]]*\]\s*)?$")


def import_target(target: str) -> Any:
    """The object a ``module:attribute`` target names (the module itself without ``:attribute``).

    Raises ImportError or AttributeError as importing does.
    """
    match = _TARGET.match(target)
    if match is None:
        raise ImportError(f"not a 'module:attribute' target: {target!r}")
    found: Any = importlib.import_module(match["module"])
    for part in (match["attr"] or "").split(".") if match["attr"] else ():
        found = getattr(found, part)
    return found


class Registry(MutableMapping[str, T], Generic[T]):
    """The named objects of one kind: registered ones, built-in lazy targets, and entry points.

    ``Registry(kind, error)`` is a registry of objects registered in this
    process only; ``group`` adds the plugins of that entry-point group and
    ``builtin`` (kept by reference, not copied) the built-in lazy targets.
    :meth:`lookup` raises ``error`` (one line) for an unknown name or a target
    that cannot be imported.
    """

    def __init__(self, kind: str, error: type[Exception] = KeyError, *, group: str | None = None,
                 builtin: MutableMapping[str, str] | None = None):
        self.kind = kind
        self.error = error
        self.group = group
        self.builtin: MutableMapping[str, str] = builtin if builtin is not None else {}
        self._objects: dict[str, T] = {}

    @classmethod
    def of(cls, kind: str, error: type[Exception] = KeyError,
           builtin: MutableMapping[str, str] | None = None) -> Registry[T]:
        """The registry of the declared extension point ``kind`` (its group from :data:`EXTENSION_POINTS`)."""
        return cls(kind, error, group=extension_point(kind).group, builtin=builtin)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, group={self.group!r}, names={self.names()!r})"

    # -- declaring ---------------------------------------------------------------------------------

    def register(self, item: T) -> T:
        """Make ``item`` available under its ``name`` (replacing a namesake); return it."""
        self._objects[item.name] = item  # type: ignore[attr-defined]
        return item

    def add_target(self, name: str, target: str) -> None:
        """Make the object at ``target`` (``module:attribute``) available as ``name``, imported when looked up."""
        self.builtin[name] = target

    # -- finding, without importing ----------------------------------------------------------------

    def entry_points(self) -> dict[str, str]:
        """The plugins of the registry's entry-point group, as ``name -> module:attribute``."""
        if self.group is None:
            return {}
        return {point.name: point.value for point in metadata.entry_points(group=self.group)}

    def targets(self) -> dict[str, str]:
        """Every lazy name with its target: built-ins first, then entry points (a built-in name wins)."""
        found = dict(self.builtin)
        for name, target in self.entry_points().items():
            found.setdefault(name, target)
        return found

    def target(self, name: str) -> str | None:
        """The lazy target of ``name`` (None for an object registered in-process or an unknown name)."""
        if name in self._objects:
            return None
        if name in self.builtin:
            return self.builtin[name]
        return self.entry_points().get(name)

    def names(self) -> list[str]:
        """Every known name, in order (registered, built-in, entry points); nothing is imported."""
        return list(dict.fromkeys([*self._objects, *self.builtin, *self.entry_points()]))

    def unknown(self, name: str) -> Exception:
        """The one-line error for an unknown ``name``, listing the known ones."""
        return self.error(f"unknown {self.kind} {name!r}; known: {', '.join(sorted(self.names()))}")

    def check(self, name: str) -> None:
        """Raise :meth:`unknown` unless ``name`` is known; nothing is imported."""
        if name not in self:
            raise self.unknown(name)

    # -- looking up --------------------------------------------------------------------------------

    def lookup(self, name: str) -> T:
        """The object named ``name``, importing its module if it is lazy."""
        if name in self._objects:
            return self._objects[name]
        target = self.target(name)
        if target is None:
            raise self.unknown(name)
        try:
            return import_target(target)
        except (ImportError, AttributeError) as exc:
            raise self.error(f"{self.kind} {name!r}: cannot import {target}: {exc}") from None

    # -- the mapping -------------------------------------------------------------------------------

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._objects or self.target(name) is not None)

    def __getitem__(self, name: str) -> T:
        if name not in self:
            raise KeyError(name)
        return self.lookup(name)

    def __setitem__(self, name: str, item: T) -> None:
        self._objects[name] = item

    def __delitem__(self, name: str) -> None:
        """Forget the object registered as ``name``, else its built-in target; an entry point cannot be removed."""
        if name in self._objects:
            del self._objects[name]
        elif name in self.builtin:
            del self.builtin[name]
        else:
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())
