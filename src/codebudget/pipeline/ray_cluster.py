"""A Ray cluster of separate processes on this machine: a head and worker nodes, each given its own CPUs.

For the tests, the throughput benchmark (``bench/ray_throughput.py``) and trying
``--executor ray`` before a real cluster. Every node is a ``ray start --block``
process in a session of its own, on loopback, with its own free ports and a
temporary folder of this cluster's own, so that two clusters (or another user's
Ray) on the machine never meet. :meth:`LocalCluster.stop` ends exactly the
processes this cluster started (each node's process tree, by pid), also after a
failure, and removes the folder; :meth:`LocalCluster.kill_node` kills one
node's processes with SIGKILL, as a machine that dies.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator, Mapping

import codebudget

HOST = "127.0.0.1"


@dataclasses.dataclass
class Node:
    """One node: its ``ray start --block`` process and its log."""

    name: str
    process: subprocess.Popen
    log: Path
    pids: dict[int, str] = dataclasses.field(default_factory=dict)  # every process seen in its tree: pid -> start


class LocalCluster:
    """A head with ``head_cpus`` CPUs and ``workers`` worker nodes with ``cpus`` CPUs each (see the module).

    ``env`` is added to every node's environment (the workers inherit it); the
    package's own source folder is put first on ``PYTHONPATH`` so that workers import
    the same codebudget as this process.
    """

    def __init__(self, workers: int = 2, *, cpus: int = 1, head_cpus: int = 1, object_store_mb: int = 100,
                 env: Mapping[str, str] | None = None, ray: str | None = None):
        self.workers = workers
        self.cpus = cpus
        self.head_cpus = head_cpus
        self.object_store_mb = object_store_mb
        self.env = dict(env or {})
        self.ray = ray or str(Path(sys.executable).with_name("ray"))
        self.folder = Path(tempfile.mkdtemp(prefix="cbray-", dir="/tmp"))  # short: Ray's socket paths have a limit
        self.port = _free_port()
        self.nodes: list[Node] = []

    @property
    def address(self) -> str:
        """The head's GCS address (``--address`` for the executor)."""
        return f"{HOST}:{self.port}"

    def start(self, timeout_s: float = 180.0) -> LocalCluster:
        """Start the head, then each worker node in turn, each waited for until it is up.

        One node at a time, and a node that gives up (Ray waits 30 s for a new node to register, which a
        loaded machine can exceed) is started once more. A node that does not come up is an error that
        quotes the tail of each node's log.
        """
        try:
            self._up("head", ["--head", "--port", str(self.port), "--num-cpus", str(self.head_cpus),
                              "--include-dashboard=false", "--temp-dir", str(self.folder),
                              "--ray-client-server-port", str(_free_port()), "--dashboard-port", str(_free_port())],
                     timeout_s)
            for index in range(self.workers):
                self._up(f"worker-{index + 1}", ["--address", self.address, "--num-cpus", str(self.cpus)], timeout_s)
        except BaseException as error:
            logs = self.logs()
            self.stop()
            if isinstance(error, RuntimeError):
                raise RuntimeError(f"{error}\n{logs}") from None
            raise
        return self

    def _up(self, name: str, args: list[str], timeout_s: float, tries: int = 2) -> None:
        for attempt in range(tries):
            node = self._start_node(name, args)
            if self._wait_started(node, timeout_s):
                return
            if attempt + 1 < tries:
                self.nodes.remove(node)
                self._end(node)
        raise RuntimeError(f"Ray node {name} did not start ({node.process.returncode})")

    def _wait_started(self, node: Node, timeout_s: float) -> bool:
        """Whether ``node`` says it is up (``ray start`` prints so once its node registered) within the time."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if "Ray runtime started" in _tail(node.log, 400):
                return True
            if node.process.poll() is not None:
                return False
            time.sleep(0.5)
        return False

    def _start_node(self, name: str, args: list[str]) -> Node:
        log = self.folder / f"node-{name}.log"
        ports = ["--dashboard-agent-listen-port", str(_free_port()), "--dashboard-agent-grpc-port", str(_free_port()),
                 "--runtime-env-agent-port", str(_free_port()), "--metrics-export-port", str(_free_port()),
                 "--node-manager-port", str(_free_port()), "--object-manager-port", str(_free_port())]
        command = [self.ray, "start", "--block", *args, "--node-ip-address", HOST,
                   "--object-store-memory", str(self.object_store_mb * 1024 * 1024), "--disable-usage-stats", *ports]
        with open(log, "wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=self._environment(), start_new_session=True)
        node = Node(name, process, log, {process.pid: _started(process.pid)})
        self.nodes.append(node)
        return node

    def _environment(self) -> dict[str, str]:
        source = str(Path(codebudget.__file__).resolve().parents[1])
        env = {**os.environ, **self.env, "RAY_USAGE_STATS_ENABLED": "0"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH", "")) if p)
        env.pop("RAY_ADDRESS", None)
        return env

    def node(self, name: str) -> Node:
        """The node called ``name`` (``head``, ``worker-1``, ...)."""
        return next(node for node in self.nodes if node.name == name)

    def pids(self, node: Node) -> set[int]:
        """The processes of ``node`` now: its ``ray start`` process and everything started under it."""
        found = _tree(node.process.pid) if node.process.poll() is None else set()
        node.pids.update({pid: _started(pid) for pid in found})
        return found

    def kill_node(self, name: str) -> set[int]:
        """SIGKILL every process of node ``name`` at once (a machine that dies); the pids killed."""
        node = self.node(name)
        killed = self.pids(node)
        for pid in killed:
            _kill(pid, node.pids.get(pid, ""))
        with contextlib.suppress(subprocess.TimeoutExpired):
            node.process.wait(timeout=10)
        return killed

    def _end(self, node: Node) -> None:
        self.pids(node)
        with contextlib.suppress(ProcessLookupError):
            node.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            node.process.wait(timeout=10)
        for pid, started in node.pids.items():
            _kill(pid, started)

    def stop(self) -> None:
        """End every process this cluster started (each node's tree, by pid) and remove its folder."""
        for node in reversed(self.nodes):
            self.pids(node)
            if node.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    node.process.send_signal(signal.SIGTERM)  # ray start --block stops its node's processes
        deadline = time.monotonic() + 15
        for node in self.nodes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                node.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for node in self.nodes:
            for pid, started in node.pids.items():
                _kill(pid, started)
        shutil.rmtree(self.folder, ignore_errors=True)

    def logs(self) -> str:
        """The tail of each node's log (for a failing test's message)."""
        return "\n".join(f"--- {n.name}\n{_tail(n.log)}" for n in self.nodes)

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def local_cluster(workers: int = 2, **options) -> Iterator[LocalCluster]:
    """A started :class:`LocalCluster`, stopped on exit whatever happened."""
    cluster = LocalCluster(workers, **options)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _parents() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    return children


def _tree(root: int) -> set[int]:
    children = _parents()
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, ()))
    return found


def _started(pid: int) -> str:
    """When process ``pid`` started (its start time in clock ticks since boot; empty when it is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _kill(pid: int, started: str) -> None:
    """SIGKILL ``pid`` if it is still the process that started at ``started`` (a reused pid is left alone)."""
    if started and _started(pid) == started:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
