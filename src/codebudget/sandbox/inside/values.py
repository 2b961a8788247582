"""Plain data across the process boundary: what a candidate's value *is*, never what it claims.

The candidate's process :func:`encode` s a value the tests asked for into a tagged JSON
tree; the trusted parent :func:`decode` s it back into the same Python types and compares
it there. Only values of these plain types cross: ``None``, ``bool``, ``int``, ``float``,
``complex``, ``str``, ``bytes``, ``bytearray``, ``list``, ``tuple``, ``dict``, ``set``,
``frozenset``, ``range``, and from the standard library ``Fraction`` (with exact ``int``
parts), ``Decimal``, ``Counter``, ``OrderedDict``, ``defaultdict`` (its factory is
dropped) and ``deque``; or a subclass of one that overrides none of its comparison
methods (a namedtuple, an ``IntEnum``), sent as its plain content. Types are read with
``type()`` and the class dictionaries through ``type``'s own slots, so no ``__class__``
property or metaclass takes part. Anything else, a value that contains itself, or
one beyond :data:`MAX_NODES` objects or :data:`MAX_DEPTH` levels, is refused with
:class:`Unencodable`. Every step reads the objects through the builtin types' own slots,
so the candidate's code never runs while a value is encoded.

Standard library only: this module runs inside the sandbox (``python -I -S``).
"""

from __future__ import annotations

import collections
import decimal
import fractions
from typing import Any

from .slots import lookup, type_module, type_mro, type_qualname

MAX_NODES = 1_000_000
MAX_DEPTH = 200

_Fraction = fractions.Fraction
_Decimal = decimal.Decimal
_Counter = collections.Counter
_OrderedDict = collections.OrderedDict
_defaultdict = collections.defaultdict
_deque = collections.deque
_fraction_numerator = fractions.Fraction.__dict__["_numerator"].__get__
_fraction_denominator = fractions.Fraction.__dict__["_denominator"].__get__
_deque_maxlen = collections.deque.__dict__["maxlen"].__get__
_float_hex = float.hex
_int_hex = int.__format__
_str_of_decimal = decimal.Decimal.__str__
_dict_items = dict.items
_list_iter = list.__iter__
_tuple_iter = tuple.__iter__
_set_iter = set.__iter__
_frozenset_iter = frozenset.__iter__
_deque_iter = collections.deque.__iter__
_range_start = range.__dict__["start"].__get__
_range_stop = range.__dict__["stop"].__get__
_range_step = range.__dict__["step"].__get__
_complex_real = complex.__dict__["real"].__get__
_complex_imag = complex.__dict__["imag"].__get__
_bytes_hex = bytes.hex
_str_copy = str.__str__  # an exact str, also for a str subclass's value
_bytearray_hex = bytearray.hex
_type = type
_id = id
_len = len


class Unencodable(ValueError):
    """The value holds something that is not plain data (the message says what)."""


def _int(value: int) -> str:
    return _int_hex(value, "x")


def _type_name(value: Any) -> str:
    """The value's class name, read through ``type``'s own slots (no metaclass can lie)."""
    cls = _type(value)
    name, module = type_qualname(cls), type_module(cls)
    return name if module == "builtins" else f"{module}.{name}"


_ITERATORS = {
    list: ("l", _list_iter),
    tuple: ("t", _tuple_iter),
    set: ("S", _set_iter),
    frozenset: ("F", _frozenset_iter),
}
_MAPPINGS = {dict: "d", _Counter: "C", _OrderedDict: "O", _defaultdict: "dd"}


_PLAIN = (
    type(None), bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset,
    range, _Fraction, _Decimal, _Counter, _OrderedDict, _defaultdict, _deque,
)
_COMPARISONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")


def plain_type(cls: type) -> type | None:
    """The plain type a value of class ``cls`` is sent as, or None.

    A plain type itself, or a subclass of one (a namedtuple, an ``IntEnum``) that
    overrides none of its comparison methods: such a value compares as its plain
    content does, and it is read through the plain type's own slots.
    """
    if cls in _PLAIN:
        return cls
    for klass in type_mro(cls)[1:]:
        if klass in _PLAIN:
            same = all(lookup(cls, name) is lookup(klass, name) for name in _COMPARISONS)
            return klass if same else None
    return None


class _Encoder:
    def __init__(self) -> None:
        self.nodes = 0
        self.open: set[int] = set()

    def encode(self, value: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise Unencodable(f"the value has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise Unencodable(f"the value is nested more than {MAX_DEPTH} levels deep")
        cls = plain_type(_type(value))
        if cls is None:
            raise Unencodable(f"an object of type {_type_name(value)} is not plain data")
        if value is None:
            return ["n"]
        if cls is bool:
            return ["b", value is True]
        if cls is int:
            return ["i", _int(value)]
        if cls is float:
            return ["f", _float_hex(value)]
        if cls is str:
            return ["s", _str_copy(value)]
        if cls is complex:
            return ["c", _float_hex(_complex_real(value)), _float_hex(_complex_imag(value))]
        if cls is bytes:
            return ["y", _bytes_hex(value)]
        if cls is bytearray:
            return ["Y", _bytearray_hex(value)]
        if cls is _Fraction:
            return self._fraction(value)
        if cls is _Decimal:
            return ["D", _str_of_decimal(value)]
        if cls is range:
            parts = (_range_start(value), _range_stop(value), _range_step(value))
            return ["r", *(_int(part) for part in parts)]
        if cls in _ITERATORS or cls in _MAPPINGS or cls is _deque:
            return self._container(value, cls, depth)
        raise Unencodable(f"an object of type {_type_name(value)} is not plain data")  # pragma: no cover

    def _fraction(self, value: Any) -> list[Any]:
        numerator, denominator = _fraction_numerator(value), _fraction_denominator(value)
        if _type(numerator) is not int or _type(denominator) is not int:
            raise Unencodable("a Fraction whose parts are not plain integers is not plain data")
        return ["Q", _int(numerator), _int(denominator)]

    def _container(self, value: Any, cls: type, depth: int) -> list[Any]:
        key = _id(value)
        if key in self.open:
            raise Unencodable("the value contains itself")
        self.open.add(key)
        try:
            if cls in _MAPPINGS:
                pairs = [
                    [self.encode(k, depth + 1), self.encode(v, depth + 1)]
                    for k, v in _dict_items(value)
                ]
                return [_MAPPINGS[cls], pairs]
            if cls is _deque:
                maxlen = _deque_maxlen(value)
                items = [self.encode(item, depth + 1) for item in _deque_iter(value)]
                return ["q", items, None if maxlen is None else _int(maxlen)]
            tag, iterate = _ITERATORS[cls]
            return [tag, [self.encode(item, depth + 1) for item in iterate(value)]]
        finally:
            self.open.discard(key)


def encode(value: Any) -> Any:
    """``value`` as a JSON-able tree; raises :class:`Unencodable` for anything not plain."""
    return _Encoder().encode(value)


class Malformed(ValueError):
    """An encoded tree that :func:`encode` cannot have produced."""


def _hex_int(text: Any) -> int:
    if _type(text) is not str or _len(text) > 1_000_000:
        raise Malformed("bad integer")
    return int(text, 16)


def _hex_float(text: Any) -> float:
    if _type(text) is not str or _len(text) > 64:
        raise Malformed("bad float")
    return float.fromhex(text)


def _items(node: Any, size: int) -> list[Any]:
    if _type(node) is not list or _len(node) != size:
        raise Malformed("bad node")
    return node


_SCALAR_DECODERS = {
    "b": lambda n: _items(n, 2)[1] is True,
    "i": lambda n: _hex_int(_items(n, 2)[1]),
    "f": lambda n: _hex_float(_items(n, 2)[1]),
    "c": lambda n: complex(_hex_float(_items(n, 3)[1]), _hex_float(n[2])),
    "y": lambda n: bytes.fromhex(_items(n, 2)[1]),
    "Y": lambda n: bytearray.fromhex(_items(n, 2)[1]),
    "D": lambda n: _Decimal(_text(_items(n, 2)[1])),
    "Q": lambda n: _Fraction(_hex_int(_items(n, 3)[1]), _hex_int(n[2])),
    "r": lambda n: range(_hex_int(_items(n, 4)[1]), _hex_int(n[2]), _hex_int(n[3])),
}


_MAPPING_TYPES = {"d": dict, "C": _Counter, "O": _OrderedDict, "dd": _defaultdict}


def _text(value: Any) -> str:
    if _type(value) is not str:
        raise Malformed("bad string")
    return value


def _decode(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH + 1 or _type(node) is not list or not node or _type(node[0]) is not str:
        raise Malformed("bad node")
    tag = node[0]
    if tag == "n":
        return None
    if tag == "s":
        return _text(_items(node, 2)[1])
    scalar = _SCALAR_DECODERS.get(tag)
    if scalar is not None:
        return scalar(node)
    if tag in ("l", "t", "S", "F"):
        items = [_decode(item, depth + 1) for item in _sequence(_items(node, 2)[1])]
        return {"l": list, "t": tuple, "S": set, "F": frozenset}[tag](items)
    if tag == "q":
        _items(node, 3)
        maxlen = None if node[2] is None else _hex_int(node[2])
        return _deque((_decode(item, depth + 1) for item in _sequence(node[1])), maxlen)
    if tag in _MAPPING_TYPES:
        pairs = [_pair(pair, depth) for pair in _sequence(_items(node, 2)[1])]
        if tag == "O":
            return _OrderedDict(pairs)
        mapping = _MAPPING_TYPES[tag]()
        dict.update(mapping, pairs)  # Counter(pairs) would count the pairs
        return mapping
    raise Malformed(f"unknown tag {tag!r}")


def _sequence(value: Any) -> list[Any]:
    if _type(value) is not list:
        raise Malformed("bad sequence")
    return value


def _pair(pair: Any, depth: int) -> tuple[Any, Any]:
    key, value = _items(pair, 2)
    return _decode(key, depth + 1), _decode(value, depth + 1)


def decode(tree: Any) -> Any:
    """The value :func:`encode` turned into ``tree``; raises :class:`Malformed` otherwise."""
    try:
        return _decode(tree, 0)
    except Malformed:
        raise
    except (ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as exc:
        raise Malformed(f"{type(exc).__name__}: {exc}") from None
