"""Crash safety for real: a writer process is killed with SIGKILL in the middle of its loop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import store_factories as f

import codebudget
from codebudget.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    import store_factories as f
    from codebudget.store import Store

    store = Store.open(sys.argv[1])
    store.add_run(f.run())
    store.add_task(f.problem())
    for i in range(1_000_000):
        k = f.key(index=i)
        with store.transaction():  # one item: generation, extraction, execution
            store.add_generation(f.generation(k, text=f"candidate {i} " * 200))
            store.add_extraction(f.extraction(k))
            store.add_execution(f.execution(k, passed=i % 2 == 0))
        print(i, flush=True)
    """
)
KILL_AFTER = 150


def start_writer(db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(codebudget.__file__).parents[1])}
    command = [sys.executable, "-c", WRITER, str(db), str(Path(__file__).parent)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)


def test_kill_9_loses_nothing_committed(tmp_path):
    db = tmp_path / "crash.db"
    writer = start_writer(db)
    committed = [int(next(writer.stdout)) for _ in range(KILL_AFTER)]
    os.kill(writer.pid, signal.SIGKILL)
    assert writer.wait(timeout=10) == -signal.SIGKILL  # it died mid-loop, not at its end
    writer.stdout.close()

    with Store.open(db) as store:
        assert store.integrity_check() == "ok"
        stored = sorted(k.sample_index for k in store.generation_keys("cfg"))
        assert stored == list(range(len(stored)))  # a prefix of the loop, no holes
        assert set(committed) <= set(stored)
        for i in committed:
            k = f.key(index=i)
            assert store.get_generation(k) == f.generation(k, text=f"candidate {i} " * 200)
        # an item is all or nothing: every stored generation has its extraction and execution
        assert len(list(store.iter_extractions("cfg"))) == len(stored)
        assert len(list(store.iter_executions("cfg"))) == len(stored)
