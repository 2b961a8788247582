"""The test snippet that runs one probe in the sandbox and reports its output, and the reader of reports.

A probe's snippet calls the entry point, turns the result into a canonical,
capped string (``"="`` + repr) or the exception's type (``"!raise Name"``),
and writes one line ``<marker> <index> <json string>`` straight to file
descriptor 1 after flushing what the candidate printed, so the line is not
lost in buffers. Canonical means what ``==`` means where it is cheap to say:
sets and dicts sorted, floats rounded to 9 decimals (a whole float shown as
the int it equals), memory addresses removed; a repr longer than :data:`VALUE_CHARS` is
cut and suffixed with a digest of the whole, so equal outputs stay equal.

The helper avoids comparison operators and ``not``/``and``/``or`` on the
candidate's values: the sandbox routes those through its strict comparison guard.
"""

from __future__ import annotations

import json
import textwrap

from codebudget.candidates import FAILED, RETURNED
from codebudget.evidence.inputs import Probe

VALUE_CHARS = 200
DEPTH = 20

HELPER = f'''def _codebudget_show(value, depth=0):
    """A canonical repr: sets and dicts sorted, floats rounded, no addresses."""
    import math
    show = _codebudget_show
    if depth > {DEPTH}:
        return repr(value)
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, float):
        number = float(value)
        if not math.isfinite(number):
            return repr(number)
        number = round(number, 9)
        return repr(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(item, depth + 1) for item in value)
        if isinstance(value, list):
            return "[" + inner + "]"
        return "(" + inner + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, (set, frozenset)):
        items = sorted(show(item, depth + 1) for item in value)
        return "{{" + ", ".join(items) + "}}" if items else "set()"
    if isinstance(value, dict):
        pairs = sorted(show(k, depth + 1) + ": " + show(v, depth + 1) for k, v in value.items())
        return "{{" + ", ".join(pairs) + "}}"
    return repr(value)


def _codebudget_capped(text):
    import hashlib, re
    text = re.sub(" at 0x[0-9A-Fa-f]+", "", text)
    if len(text) > {VALUE_CHARS}:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return text[: {VALUE_CHARS - 24}] + "...#" + digest
    return text
'''

REPORT = '''
try:
    _codebudget_out = {returned!r} + _codebudget_capped(_codebudget_show(_codebudget_probe()))
except BaseException as _codebudget_exc:
    _codebudget_out = {failed!r} + "raise " + type(_codebudget_exc).__name__
try:
    __import__("sys").stdout.flush()
except BaseException:
    pass
__import__("os").write(1, ({marker!r} + " {index} " + __import__("json").dumps(_codebudget_out) + "\\n").encode())
'''


def snippet(index: int, probe: Probe, marker: str) -> str:
    """The test snippet that runs ``probe`` (number ``index``) and reports its output under ``marker``."""
    body = textwrap.indent(f"{probe.prelude}\nreturn {probe.call}" if probe.prelude else f"return {probe.call}", "    ")
    function = f"def _codebudget_probe():\n{body}\n"
    report = REPORT.format(returned=RETURNED, failed=FAILED, marker=marker, index=index)
    return HELPER + "\n" + function + report


def read_outputs(stdout: str, marker: str, indices: set[int]) -> dict[int, str]:
    """The outputs reported under ``marker`` for the expected probe ``indices`` (the last line wins)."""
    found: dict[int, str] = {}
    prefix = marker + " "
    for line in stdout.splitlines():
        if not line.startswith(prefix):
            continue
        index, _, payload = line[len(prefix) :].partition(" ")
        output = _decode(payload)
        if index.isdigit() and int(index) in indices and output is not None:
            found[int(index)] = output
    return found


def _decode(payload: str) -> str | None:
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    return value if isinstance(value, str) and value[:1] in (RETURNED, FAILED) else None
