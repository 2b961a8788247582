"""Reading classes through ``type``'s own slots: no metaclass, property or override can lie.

``type(x)`` is the object's real class; its MRO, its class dictionaries and its names
are read here with the descriptors ``type`` itself defines, so a class that redefines
``__mro__``, ``__dict__``, ``__qualname__`` or ``__module__`` (or a metaclass that does)
changes nothing. Used by the comparison guard and by the plain-data encoder.
"""

from __future__ import annotations

from typing import Any

type_mro = type.__dict__["__mro__"].__get__
type_dict = type.__dict__["__dict__"].__get__
type_qualname = type.__dict__["__qualname__"].__get__
type_module = type.__dict__["__module__"].__get__
_MISSING = object()


def lookup(cls: type, name: str) -> Any:
    """``name`` as the interpreter finds it on ``cls`` (its MRO's dictionaries), else None."""
    for klass in type_mro(cls):
        value = type_dict(klass).get(name, _MISSING)
        if value is not _MISSING:
            return value
    return None
