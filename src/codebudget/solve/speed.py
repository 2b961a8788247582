"""The speed probe (:mod:`codebudget.speed`) of a model on this machine, measured once and cached.

The shipped table
(:mod:`codebudget.solve.choice`) records the same probe on the machine that measured
it, so the ratio of the two scales its seconds to this machine.

The result is cached under ``$CODEBUDGET_SPEED_CACHE`` (default: the user cache),
keyed by the model (its file's sha256 where there is one, else backend, URL and name),
the CPU, the number of cores and the boot (:func:`codebudget.hardware.boot_id`: two machines
with one CPU name can differ 1.7× in speed, so a restarted or moved machine measures again);
``codebudget solve --probe`` measures again.
"""

from __future__ import annotations

import hashlib
import json
import time

from codebudget.backends.base import Backend
from codebudget.cachedirs import user_cache
from codebudget.hardware import boot_id, machine
from codebudget.speed import measure

CACHE_ENV = "CODEBUDGET_SPEED_CACHE"


def _key(model_id: str) -> str:
    return hashlib.sha256(f"{model_id}|{machine()}|{boot_id()}".encode()).hexdigest()[:16]


def cached_speed(backend: Backend, model_id: str, again: bool = False) -> tuple[float, bool]:
    """(tokens per second of ``backend`` here, whether it was measured now); cached per model and machine."""
    folder = user_cache("speed", CACHE_ENV)
    path = folder / f"{_key(model_id)}.json"
    if not again:
        try:
            return float(json.loads(path.read_text())["tokens_per_s"]), False
        except (OSError, ValueError, KeyError, TypeError):
            pass
    speed = measure(backend)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"model": model_id, "machine": machine(), "tokens_per_s": speed,
                                    "measured": time.strftime("%Y-%m-%d %H:%M")}) + "\n")
    except OSError:
        pass  # an unwritable cache costs a probe next time
    return speed, True
