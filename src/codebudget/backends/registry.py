"""Backends by name, what each declares about itself, and the one way to open one.

Built-in backends are listed in :data:`BUILTIN`; other packages add theirs
through the ``codebudget.backends`` entry-point group, in the same
``module:Class`` form. A backend's module is imported only when that backend is
looked up, and llama.cpp itself only when the ``llamacpp`` backend is opened.

* :class:`BackendSpec`: what opening a backend takes (kind, model, server URL,
  key, timeout, retries), one frozen record for the CLI, the pipeline and the
  test supply; :func:`open_backend` opens it.
* :func:`capabilities`: what a backend declares (:class:`~codebudget.backends.base.Capabilities`).
* :class:`ModelIdentity` / :func:`model_identity`: how runs and generated tests
  name a backend's model (the weights' sha256 where the backend loads a file).
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path
from typing import Any, Mapping

from codebudget.backends.base import Backend, BackendError, Capabilities
from codebudget.errors import CodebudgetError
from codebudget.plugins import Registry

DEFAULT_BACKEND = "llamacpp"
"""The backend of a configuration that names none."""

BUILTIN: dict[str, str] = {
    "llamacpp": "codebudget.backends.llamacpp:LlamaCppBackend",
    "openai": "codebudget.backends.openai_http:OpenAIBackend",
}

BACKENDS: Registry[type] = Registry.of("backend", BackendError, builtin=BUILTIN)
"""Every backend class by name: the built-ins, then the entry-point group's (imported when looked up)."""

ENTRY_POINT_GROUP = BACKENDS.group  # "codebudget.backends", declared in codebudget.plugins.EXTENSION_POINTS

OPTION_FLAGS = {"base_url": "--base-url", "api_key": "--api-key", "request_timeout_s": "--timeout",
                "retries": "--retries", "template": "--template", "adapter": "--adapter"}
"""How the options of a :class:`BackendSpec` are called on the command line (in messages)."""


@dataclasses.dataclass(frozen=True)
class BackendSpec:
    """Everything needed to open a backend; options left None are the backend's own defaults."""

    kind: str
    model: str
    base_url: str | None = None
    api_key: str | None = dataclasses.field(default=None, repr=False)
    request_timeout_s: float | None = None
    retries: int | None = None
    template: str | None = None
    adapter: str | None = None

    @classmethod
    def from_config(cls, config: Any) -> BackendSpec:
        """The spec of anything with these fields under these names (a pipeline configuration)."""
        return cls(config.backend, config.model, config.base_url, getattr(config, "api_key", None),
                   getattr(config, "request_timeout_s", None), getattr(config, "retries", None),
                   getattr(config, "template", None), getattr(config, "adapter", None))

    def options(self) -> dict[str, Any]:
        """The keyword arguments of the backend class: the model and every option that is set."""
        given = {field.name: getattr(self, field.name) for field in dataclasses.fields(self) if field.name != "kind"}
        return {key: value for key, value in given.items() if value is not None}


@dataclasses.dataclass(frozen=True)
class ModelIdentity:
    """What names a model: the backend, the model as given, the weights' sha256 where they are a file, and the
    id of the LoRA adapter applied to them (None: the model as released)."""

    backend: str
    model: str
    sha256: str | None = None
    base_url: str | None = None
    adapter: str | None = None

    @property
    def key(self) -> str:
        """The model's name in generated-test keys: its sha256, else ``backend:model``; ``+adapter`` with one."""
        base = self.sha256 or f"{self.backend}:{self.model}"
        return f"{base}+{self.adapter}" if self.adapter else base


def available() -> dict[str, str]:
    """Every lazily found backend name with its ``module:Class`` target (nothing is imported)."""
    return BACKENDS.targets()


def backend_class(name: str) -> type:
    """Import and return the class of backend ``name``; a one-line :class:`BackendError` if it cannot."""
    return BACKENDS.lookup(name)


def capabilities(name: str) -> Capabilities:
    """What backend ``name`` declares; one that is unknown here (a stored run's plugin that is not installed,
    a test's scripted backend) or declares nothing gets the defaults of :class:`Capabilities`."""
    try:
        declared = getattr(BACKENDS.lookup(name), "capabilities", None)
    except CodebudgetError:
        return Capabilities()
    return declared if isinstance(declared, Capabilities) else Capabilities()


def model_identity(spec: BackendSpec) -> ModelIdentity:
    """The identity of ``spec``'s model. A backend that loads a model file names it by the file's sha256:
    a zoo model's (verified when it was fetched), a local file's (hashed now); None when neither is here."""
    sha256 = None
    if capabilities(spec.kind).model_file:
        from codebudget.models import ZOO
        from codebudget.models.hashing import file_sha256

        entry = ZOO.get(spec.model)
        if entry is not None:
            sha256 = entry.sha256
        else:
            path = Path(spec.model).expanduser()
            sha256 = file_sha256(path) if path.is_file() else None
    return ModelIdentity(spec.kind, spec.model, sha256, spec.base_url, spec.adapter)


def checked_class(spec: BackendSpec, flags: Mapping[str, str] = OPTION_FLAGS) -> type:
    """The class of ``spec``'s backend, once it is known to take every option ``spec`` sets (nothing is opened).

    One-line errors: an unknown backend or one that cannot be imported, an option it does not take
    (named by its flag through ``flags``).
    """
    cls = BACKENDS.lookup(spec.kind)
    try:
        taken = inspect.signature(cls).parameters
    except (TypeError, ValueError):  # no signature to read: let the call say what it refuses
        return cls
    if not any(p.kind is p.VAR_KEYWORD for p in taken.values()):
        refused = [flags.get(key, key) for key in spec.options() if key not in taken]
        if refused:
            raise CodebudgetError(f"backend {spec.kind!r} does not take {', '.join(refused)}")
    return cls


def open_backend(spec: BackendSpec | str, flags: Mapping[str, str] = OPTION_FLAGS, **fields: Any) -> Backend:
    """Open the backend ``spec`` describes (or ``BackendSpec(spec, **fields)`` for a name).

    One-line errors: an unknown backend or one that cannot be imported
    (:class:`BackendError`), an option the backend does not take (named by its
    ``flags`` spelling), and whatever the backend itself refuses (a missing
    model, a bad URL).
    """
    if isinstance(spec, str):
        spec = BackendSpec(spec, **fields)
    elif fields:
        raise TypeError("open_backend takes a BackendSpec or a backend name with its fields, not both")
    cls = checked_class(spec, flags)
    options = spec.options()
    try:
        return cls(**options)
    except TypeError as error:
        raise CodebudgetError(f"backend {spec.kind!r} does not take these options: {error}") from None
