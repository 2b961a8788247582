"""The real ``codebudget`` command line with a slow scripted backend, for the multi-process lease tests.

Run as ``python lease_worker.py run --backend scripted --model scripted --benchmark TASKS.jsonl ...`` on
tasks ``def fI(x)`` that return ``x + I`` (see :func:`task_lines`). The ``scripted`` backend answers an
even task right at once and an odd one wrong, then right when asked to repair it. Every call is
appended to ``$LEASE_WORKER_LOG`` as ``pid task kind`` (kind: sample or repair) before it sleeps
``$LEASE_WORKER_PAUSE_S`` seconds, so that a process killed in a call leaves its task unfinished.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

from codebudget.backends.base import GenerationRequest
from codebudget.records import FinishReason, Generation, Sample


def task_lines(count: int) -> str:
    """A JSONL task file: ``lease/fI`` for I < ``count``, one docstring example, two hidden asserts."""
    lines = []
    for i in range(count):
        prompt = f'def f{i}(x):\n    """Return x + {i}.\n    >>> f{i}(1)\n    {1 + i}\n    """\n'
        hidden = [f"assert f{i}(1) == {1 + i}", f"assert f{i}(-5) == {-5 + i}"]
        lines.append(json.dumps({"task_id": f"lease/f{i}", "prompt": prompt, "entry_point": f"f{i}",
                                 "hidden_tests": hidden}))
    return "\n".join(lines) + "\n"


class SlowScripted:
    """Answers the ``fI`` tasks after a pause, logging each call."""

    name = "scripted"

    def __init__(self, model: str = "scripted", **_: object):
        self.model = model
        self.pause = float(os.environ.get("LEASE_WORKER_PAUSE_S", "0.5"))
        self.log = os.environ["LEASE_WORKER_LOG"]

    def generate(self, request: GenerationRequest) -> Generation:
        text = request.messages[-1].content
        number = int(re.search(r"def f(\d+)\(", text).group(1))
        repair = "It fails the tests" in text
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} lease/f{number} {'repair' if repair else 'sample'}\n")
        time.sleep(self.pause)
        right = f"def f{number}(x):\n    return x + {number}"
        wrong = f"def f{number}(x):\n    return x - {number} - 1"
        answer = right if repair or number % 2 == 0 else wrong
        samples = tuple(Sample(f"```python\n{answer}\n```", 10, -0.5, FinishReason.STOP, request.params.seed + i)
                        for i in range(request.params.n))
        return Generation(samples, 20, self.pause, self.model, self.name)

    def close(self) -> None:
        pass


if __name__ == "__main__":
    from codebudget.backends import registry
    from codebudget.cli.app import main

    registry.BUILTIN["scripted"] = "__main__:SlowScripted"
    sys.argv[0] = "codebudget"
    main()
