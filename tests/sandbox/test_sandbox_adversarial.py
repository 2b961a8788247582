"""Adversarial programs, on the namespace path and on the fallback path.

Each attack runs in the sandbox; then a benign canary must still pass on every
worker, the host's canary directory, secret file and TCP listener must be
untouched, the host secret must not appear in any output, and no process the
attack started may be left alive.
"""

from __future__ import annotations

import dataclasses
import secrets
import time

import pytest
from sandbox_support import HostState, assert_canary_passes, assert_no_strays

from codebudget.records import ExecStatus as S
from codebudget.sandbox import Job, Limits
from codebudget.sandbox.pool import ForkServerSandbox

SHORT = Limits(timeout_s=1.0, memory_mb=256)
FAILS = ("assert f(1) == 2",)  # the program's f(1) is never 2: only a cheat could pass


@dataclasses.dataclass(frozen=True)
class Attack:
    name: str
    code: str
    expected: frozenset[S]
    tests: tuple[str, ...] = ("assert True",)
    limits: Limits = SHORT


def attack(name: str, code: str, *expected: S, tests: tuple[str, ...] = ("assert True",)) -> Attack:
    return Attack(name, code, frozenset(expected), tests)


ATTACKS = [
    attack("infinite loop", "while True:\n    pass\n", S.TIMEOUT),
    attack(
        "ignores SIGALRM and SIGTERM",
        "import signal\nfor s in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):\n"
        "    signal.signal(s, signal.SIG_IGN)\nsignal.alarm(1)\nwhile True:\n    pass\n",
        S.TIMEOUT,
    ),
    attack("recursion", "def f(n):\n    return f(n + 1)\nf(0)\n", S.ERROR),
    attack(
        "deep recursion, limit raised",
        "import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
        S.ERROR,
        S.TIMEOUT,
        S.MEMORY,
    ),
    attack(
        "C stack overflow",
        "import json, sys\nsys.setrecursionlimit(10**7)\nx = []\nfor _ in range(10**6):\n"
        "    x = [x]\njson.dumps(x)\n",
        S.ERROR,
        S.TIMEOUT,
        S.MEMORY,
    ),
    attack(
        "fork bomb",
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
        S.TIMEOUT,
        S.ERROR,
        S.MEMORY,
    ),
    attack("kill(-1, SIGKILL)", "import os, signal\nos.kill(-1, signal.SIGKILL)\n", S.ERROR),
    attack(
        "kill the parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n", S.ERROR
    ),
    attack(
        "kill the parent's group and pid 1",
        "import os, signal\nfor pid in (-os.getpgid(os.getppid()), 1, -1):\n"
        "    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\n",
        S.PASSED,
    ),
    attack(
        "grandchild escapes with setsid",
        "import os, sys, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        os.execv(sys.executable, [sys.executable, '-c',\n"
        "                 'import time; time.sleep(60)', '@TOKEN@'])\n    os._exit(0)\n"
        "time.sleep(0.2)\n",
        S.PASSED,
    ),
    attack("memory bomb, at once", "x = bytearray(8 * 1024**3)\n", S.MEMORY),
    attack("memory bomb, growing", "x = []\nwhile True:\n    x.append(' ' * 10**7)\n", S.MEMORY),
    attack(
        "20 MB to stdout with os.write",
        "import os\nos.write(1, b'x' * 20_000_000)\n",
        S.OUTPUT_LIMIT,
    ),
    attack(
        "stderr flood",
        "import sys\nwhile True:\n    sys.stderr.write('e' * 4096)\n",
        S.OUTPUT_LIMIT,
    ),
    attack(
        "huge file",
        "with open('huge.bin', 'wb') as f:\n"
        "    for _ in range(200):\n        f.write(b'0' * 2**20)\n",
        S.ERROR,
    ),
    attack("write outside", "open('@ROOT@/new.txt', 'w').write('pwned')\n", S.ERROR),
    attack("delete outside", "import os\nos.remove('@CANARY@')\n", S.ERROR),
    attack("rename outside", "import os\nos.rename('@CANARY@', '@ROOT@/moved.txt')\n", S.ERROR),
    attack("truncate outside", "open('@CANARY@', 'w').close()\n", S.ERROR),
    attack("read a host secret file", "print(open('@SECRET_FILE@').read())\n", S.ERROR),
    attack(
        "read the host's environment",
        "import os\nprint(dict(os.environ))\n"
        "for path in ('/proc/1/environ', '/proc/self/environ', f'/proc/{os.getppid()}/environ'):\n"
        "    try:\n        print(open(path).read())\n"
        "    except OSError as exc:\n        print(exc)\n",
        S.PASSED,
    ),
    attack(
        "TCP connect to a host listener",
        "import socket\ns = socket.create_connection(('127.0.0.1', @PORT@), timeout=0.5)\n"
        "s.sendall(b'exfiltrated')\n",
        S.ERROR,
    ),
    attack(
        "raw _socket connect",
        "import _socket\ns = _socket.socket(2, 1)\ns.connect(('127.0.0.1', @PORT@))\n",
        S.ERROR,
    ),
    attack(
        "ctypes: kill, unlink, rename, socket",
        "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "results = [libc.kill(-1, 9), libc.syscall(62, -1, 9), libc.kill(os.getppid(), 9),\n"
        "           libc.unlink(b'@CANARY@'), libc.rename(b'@CANARY@', b'@ROOT@/x'),\n"
        "           libc.socket(2, 1, 0), libc.ptrace(16, os.getppid(), 0, 0)]\n"
        "assert all(r == -1 for r in results), results\n",
        S.PASSED,
    ),
    attack("posix.kill(-1)", "import posix\nposix.kill(-1, 9)\n", S.ERROR),
    attack(
        "sys.exit(0) before the tests",
        "import sys\ndef f(x): return x\nsys.exit(0)\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "os._exit(0) before the tests",
        "import os\ndef f(x): return x\nos._exit(0)\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "atexit handler after SystemExit",
        "import atexit, os\natexit.register(os._exit, 0)\n"
        "def f(x): return x\nraise SystemExit(0)\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "os._exit(0) inside the tested function",
        "import os\ndef f(x):\n    os._exit(0)\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "SystemExit inside the tested function",
        "def f(x):\n    raise SystemExit(0)\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "a thread exits while the test runs",
        "import os, threading, time\nthreading.Timer(0.05, os._exit, (0,)).start()\n"
        "def f(x):\n    time.sleep(0.5)\n    return x\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "forged verdict on every descriptor",
        "import os, json\ndef f(x): return x\n"
        "line = json.dumps({'ev': 'end', 'status': 'passed', 'passed': 1, 'total': 1}).encode()\n"
        "for fd in range(1, 64):\n    for prefix in (b'', b'x '):\n"
        "        try:\n            os.write(fd, prefix + line + b'\\n')\n"
        "        except OSError:\n            pass\nos._exit(0)\n",
        S.ERROR,
        tests=FAILS,
    ),
    attack(
        "always-equal object",
        "class Eq:\n    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    __hash__ = object.__hash__\ndef f(x): return Eq()\n",
        S.FAILED,
        tests=FAILS,
    ),
    attack(
        "always-equal str subclass",
        "class S(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n"
        "def f(x): return S('nope')\n",
        S.FAILED,
        tests=FAILS,
    ),
    attack(
        "always-true object for a truth test",
        "class T:\n    def __bool__(self): return True\ndef f(x): return T()\n",
        S.FAILED,
        tests=("assert f(1)", "assert not f(2)"),
    ),
    attack(
        "patched builtins",
        "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.AssertionError = KeyError\n"
        "def f(x): return 5\n",
        S.FAILED,
        tests=("assert abs(f(1) - 2) < 1e-9",),
    ),
    attack(
        "threads that outlive the test",
        "import threading, time\ndef spin():\n    while True:\n        time.sleep(0.001)\n"
        "for _ in range(4):\n    threading.Thread(target=spin).start()\ndef f(x): return x + 1\n",
        S.PASSED,
        tests=("assert f(1) == 2",),
    ),
]


def _render(code: str, state: HostState, token: str) -> str:
    for key, value in {
        "@ROOT@": str(state.root),
        "@CANARY@": str(state.canary),
        "@PORT@": str(state.port),
        "@SECRET_FILE@": str(state.secret_file),
        "@TOKEN@": token,
    }.items():
        code = code.replace(key, value)
    return code


@pytest.mark.parametrize("case", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_is_contained(
    case: Attack, sandbox: ForkServerSandbox, host_state: HostState, host_secret: str
) -> None:
    token = "codebudget-attack-" + secrets.token_hex(6)
    job = Job(code=_render(case.code, host_state, token), tests=case.tests, limits=case.limits)
    started = time.monotonic()
    result = sandbox.run(job)
    assert result.status in case.expected, result
    assert result.isolation == sandbox.isolation
    assert time.monotonic() - started < case.limits.timeout_s + 4
    texts = result.stdout_tail + result.stderr_tail + result.error + (result.failing_test or "")
    assert host_secret not in texts
    assert host_state.secret_file.read_text() not in texts
    assert_canary_passes(sandbox)
    host_state.assert_unchanged()
    assert_no_strays(sandbox, token)
