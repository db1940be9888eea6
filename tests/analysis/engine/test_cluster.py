"""``resonanz analyze --scheduler``: a real Dask ``LocalCluster`` (2 worker processes) on
SQLite and PostgreSQL, with a worker killed in the middle of the run.

Whatever dies when, every pending post ends up analysed exactly once and the rollups
equal those of a plain local run on the same posts.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="needs the scale extra (dask[distributed])")

from distributed import Client, LocalCluster, wait

from resonanz.analysis.engine.cluster import analyze_on_cluster, worker_versions
from resonanz.analysis.engine.partitions import (
    ClusterJob,
    DatabaseUrl,
    Partition,
    analyze_partition,
    pipeline_builds,
)
from resonanz.analysis.engine.runner import analyze
from resonanz.service import Workspace
from resonanz.store.annotations import id_partitions
from tests.analysis.engine.corpus import BRANDS, seed, snapshot

N = 160
PARTITION = 20  # 8 partitions for 2 workers


@pytest.fixture
def client() -> Iterator[Client]:
    """A fresh cluster per test: a test that kills a worker does not depend on the
    nanny bringing it back in time for the next one."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What a plain local run stores for the corpus."""
    path = tmp_path_factory.mktemp("reference") / "local.db"
    ws = Workspace(f"sqlite:///{path}")
    seed(ws, N)
    summary = analyze(ws)
    assert summary.analyzed == N
    stored = snapshot(ws)
    ws.close()
    return stored


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace(db_url)
    seed(workspace, N)
    yield workspace
    workspace.close()


def worker_pids(client: Client) -> dict[str, int]:
    return dict(client.run(os.getpid))


def gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rfind(")") + 2 :].startswith("Z")


def wait_for_workers(client: Client, n: int) -> None:
    client.wait_for_workers(n, timeout=120)


def test_killed_worker_mid_run_loses_and_doubles_nothing(
    client: Client, ws: Workspace, reference: dict[str, object]
) -> None:
    wait_for_workers(client, 2)
    pids = worker_pids(client)
    killed: list[tuple[int, int]] = []  # (pid, posts done when it was killed)

    def kill_a_busy_worker(done: int, total: int) -> None:
        if killed or done == 0:
            return
        # a worker with partitions assigned (one running, maybe one waiting); should both
        # have just finished, the one killed holds a result not yet fetched: also re-run
        busy = [addr for addr, keys in client.processing().items() if keys and addr in pids]
        victim = pids[(busy or sorted(pids))[0]]
        os.kill(victim, signal.SIGKILL)
        killed.append((victim, done))

    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        kill_a_busy_worker(done, total)

    summary = analyze_on_cluster(ws, client, partition_size=PARTITION, progress=progress)
    ((pid, done_then),) = killed
    assert 0 < done_then < N  # the kill happened in the middle of the run
    deadline = time.monotonic() + 30
    while not gone(pid):
        assert time.monotonic() < deadline, "the killed worker is still there"
        time.sleep(0.2)
    assert summary.analyzed == N and summary.failed == 0
    assert seen[0] == (0, N) and seen[-1] == (N, N)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert snapshot(ws) == reference  # every post once, rollups as a local run's
    again = analyze_on_cluster(ws, client, partition_size=PARTITION)
    assert again.analyzed == 0 and snapshot(ws) == reference
    builds = client.run(pipeline_builds)  # the survivor, and the restarted one if back
    assert set(builds.values()) <= {0, 1}, builds  # models loaded once per worker process


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_worker_killed_after_its_commit_is_retried_without_doubles(
    client: Client, ws: Workspace, reference: dict[str, object]
) -> None:
    """The task wrote its partition, then its worker died before the client fetched the
    result: Dask runs it again on the other worker, which rewrites the same rows."""
    wait_for_workers(client, 2)
    pids = worker_pids(client)
    first, other = sorted(pids)
    versions = client.submit(worker_versions, BRANDS, None, pure=False).result()
    ((low, high, n),) = id_partitions(ws.engine, N)
    job = ClusterJob(
        brands=BRANDS,
        stages=None,
        versions=versions,
        stamp=datetime.now(UTC),
        batch_size=64,
        database=DatabaseUrl(ws.url),
    )
    future = client.submit(
        analyze_partition,
        job,
        Partition(0, low, high, n),
        workers=[first],
        allow_other_workers=True,
        pure=False,
    )
    wait(future)  # committed; the result lives only in the first worker's memory
    assert snapshot(ws) == reference
    os.kill(pids[first], signal.SIGKILL)
    result = future.result()  # lost with the worker: Dask computes it again
    assert result.worker_pid != pids[first] and result.analyzed == N
    assert snapshot(ws) == reference
    assert other in worker_pids(client)


def test_a_failed_task_leaves_no_password_in_the_worker_logs(client: Client) -> None:
    secret = "h5-geheim-9731"
    url = DatabaseUrl(f"postgresql+psycopg://analyst:{secret}@127.0.0.1:5432/nowhere")
    job = ClusterJob(BRANDS, None, {"sentiment": "0-old"}, datetime.now(UTC), database=url)
    future = client.submit(analyze_partition, job, Partition(0, 1, 10, 10), pure=False)
    with pytest.raises(RuntimeError, match="other analysis stage versions"):
        future.result()
    logs = "\n".join(line for lines in client.get_worker_logs().values() for _, line in lines)
    assert "Compute Failed" in logs  # the failure was logged (older Dask: with the args)
    assert secret not in logs
