"""Named objects of one kind (selection policies, input sources, papers) with a one-line error for
an unknown name."""

from __future__ import annotations

from typing import Protocol, TypeVar


class Named(Protocol):
    """Anything registered: it carries its own name."""

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(dict[str, T]):
    """A ``name → object`` table; :meth:`lookup` raises ``error`` naming the known names."""

    def __init__(self, kind: str, error: type[Exception] = KeyError):
        super().__init__()
        self.kind = kind
        self.error = error

    def register(self, item: T) -> T:
        """Make ``item`` available under its name; return it."""
        self[item.name] = item
        return item

    def lookup(self, name: str) -> T:
        """The object registered as ``name``."""
        try:
            return self[name]
        except KeyError:
            raise self.error(f"unknown {self.kind} {name!r}; known: {', '.join(sorted(self))}") from None
