"""A real local Ray cluster for the executor's tests: a head and two worker nodes, separate processes, one CPU each."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def ray_cluster():
    """Started once per module and always stopped (every process it started, by pid), whatever the tests did."""
    pytest.importorskip("ray", reason="the [ray] extra is not installed")
    from codebudget.pipeline.ray_cluster import LocalCluster

    env = {name: value for name, value in os.environ.items() if name.startswith("CODEBUDGET_")}
    cluster = LocalCluster(2, cpus=1, head_cpus=1, object_store_mb=100, env=env)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
