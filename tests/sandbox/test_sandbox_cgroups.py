"""Cgroup file handling, on fake directories (v1 and v2), and on this machine when writable."""

from __future__ import annotations

from pathlib import Path

from codebudget.sandbox.cgroups import Cgroup


def fake(tmp_path: Path, files: dict[str, str]) -> Path:
    directory = tmp_path / "codebudget-1-0-abc"
    directory.mkdir()
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def test_v2_limits_and_oom_counter(tmp_path: Path) -> None:
    events = "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n"
    directory = fake(tmp_path, {"memory.events": events, "cgroup.procs": ""})
    group = Cgroup({"pids": directory, "memory": directory}, 2)
    group.limit(72, 1 << 30)
    assert (directory / "pids.max").read_text() == "72"
    assert (directory / "memory.max").read_text() == str(1 << 30)
    assert (directory / "memory.swap.max").read_text() == "0"
    assert group.oom_kills() == 2


def test_v1_limits_and_oom_counter(tmp_path: Path) -> None:
    control = "oom_kill_disable 0\nunder_oom 0\noom_kill 5\n"
    directory = fake(
        tmp_path,
        {
            "memory.limit_in_bytes": "",
            "memory.memsw.limit_in_bytes": "",
            "memory.oom_control": control,
        },
    )
    group = Cgroup({"memory": directory}, 1)
    group.limit(64, 123456)
    assert (directory / "memory.limit_in_bytes").read_text() == "123456"
    assert (directory / "memory.memsw.limit_in_bytes").read_text() == "123456"
    assert group.oom_kills() == 5


def test_a_real_cgroup_when_writable() -> None:
    group = Cgroup.create()
    if group is None:
        return  # not root, or no writable controllers: the sandbox runs without cgroups
    try:
        group.limit(16, 64 << 20)
        assert set(group.controllers) <= {"pids", "memory"}
        assert group.oom_kills() == 0
    finally:
        group.remove()
    assert not any(directory.exists() for directory in group.dirs.values())
